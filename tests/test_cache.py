"""Caches you can see: every cache is registered in ``toolkit._cache``, bounded, and emptied
by ``clear_caches()``."""
from __future__ import annotations

import pickle
import re
import threading
from pathlib import Path

import pytest

import toolkit
from toolkit import _cache, compare, similarity, summarize, tag_themes
from toolkit._cache import BoundedDict, cache_sizes, cached, clear_caches

PACKAGE = Path(toolkit.__file__).resolve().parent

#: Every module-level cache of the package, by registered name.
CACHES = [
    "toolkit._text.stem",
    "toolkit._text._ANALYZED",
    "toolkit.similarity._terms",
    "toolkit.similarity._content",
    "toolkit.themes.norm_word",
    "toolkit.themes.theme_matcher",
    "toolkit.themes._domain_matcher",
    "toolkit.themes._Matcher._fuzzy_cache",
    "toolkit._subject._finder",
    "toolkit.theme_model._name_stems",
]

ARTICLE = ("Iraqi forces retook Mosul after months of fighting. The fighters fled into the desert "
           "and some crossed into Syria. Officials fear the militnts will regroup in Libya.")


def _work() -> None:
    """Use every part of the package that keeps a cache."""
    summarize(ARTICLE)
    similarity(ARTICLE, "The fighters fled.")
    compare(ARTICLE, "The fighters scattered into the desert; foreign fighters went home.")
    tag_themes(ARTICLE)


@pytest.mark.parametrize("name", CACHES)
def test_every_cache_is_registered_filled_and_emptied(name: str) -> None:
    _work()
    assert cache_sizes().get(name, 0) > 0, f"{name} is not registered or was not used"
    clear_caches()
    # A per-object cache (a matcher's) may go with its owner when the owner's cache is emptied.
    assert cache_sizes().get(name, 0) == 0


def test_clear_caches_empties_them_all() -> None:
    _work()
    assert sum(cache_sizes().values()) > 0
    clear_caches()
    assert {name: size for name, size in cache_sizes().items() if size} == {}


def _cache_lines(path: Path) -> list[str]:
    """Lines of ``path`` that make a cache without the registry (a maxsize=1 lru_cache on a
    function of no argument is a lazily read constant, not a cache, and is allowed)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.search(r"@(functools\.)?(lru_cache|cache)\b(?!\(maxsize=1\))", line):
            found.append(line.strip())
    return found


@pytest.mark.parametrize("path", [
    pytest.param(p, id=str(p.relative_to(PACKAGE)))
    for p in sorted(PACKAGE.rglob("*.py")) if p.name != "_cache.py"
])
def test_no_cache_outside_the_registry(path: Path) -> None:
    assert _cache_lines(path) == []


def test_cached_is_bounded_and_registered() -> None:
    @cached(maxsize=3)
    def square(x: int) -> int:
        return x * x

    name = f"{__name__}.{square.__qualname__}"
    try:
        for x in range(10):
            square(x)
        assert cache_sizes()[name] == 3
        clear_caches()
        assert cache_sizes()[name] == 0
    finally:
        _cache.unregister(name)
    with pytest.raises(ValueError, match="maxsize must be a positive integer"):
        cached(maxsize=None)  # type: ignore[arg-type]


def test_bounded_dict_empties_itself_when_full_and_goes_with_its_owner() -> None:
    d = BoundedDict(3, name="test.bounded")
    for k in "abc":
        d[k] = k
    d["a"] = "again"  # an existing key: no reset
    assert len(d) == 3
    d["d"] = "d"
    assert d == {"d": "d"}
    assert cache_sizes()["test.bounded"] == 1
    copy = pickle.loads(pickle.dumps(d))  # a copy for a worker process starts empty
    assert (copy, copy.maxsize, copy.name) == ({}, 3, "test.bounded")
    del d, copy
    assert "test.bounded" not in cache_sizes()


def test_bounded_dict_under_threads() -> None:
    d = BoundedDict(50, name="test.threads")
    errors = []

    def fill(offset: int) -> None:
        try:
            for i in range(5000):
                d[offset + i] = i
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=fill, args=(k * 10_000,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # A thread may be switched out between the size check and the store: a few over at most.
    assert errors == [] and len(d) <= 50 + len(threads)
