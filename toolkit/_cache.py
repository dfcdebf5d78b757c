"""One registry of the package's caches: every cache is bounded and :func:`clear_caches` empties them all.

A module that keeps a cache makes it here, so nothing grows without bound and a benchmark
(or a test) can start cold:

* :func:`cached` is :func:`functools.lru_cache` (always with a ``maxsize``) that registers
  itself;
* :class:`BoundedDict` is a dict for per-object caches (e.g. one per compiled matcher)
  that empties itself when full and registers itself while the object lives;
* :func:`register` is for anything else (a table replaced rather than emptied, say).

Not for data read once from the package (see :mod:`toolkit._data`): that is not a cache
to empty.
"""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

__all__: list[str] = []  # internal module: nothing public

F = TypeVar("F", bound=Callable[..., Any])

# name -> (empty it, how many entries it holds)
_REGISTRY: dict[str, tuple[Callable[[], None], Callable[[], int]]] = {}
# id -> weak reference to each live BoundedDict (it leaves when its owner is collected)
_DICTS: dict[int, weakref.ref[BoundedDict]] = {}
_LOCK = threading.Lock()


def register(name: str, *, clear: Callable[[], None], size: Callable[[], int]) -> None:
    """Register a cache under ``name`` (its module and variable, e.g. ``"toolkit._text.stem"``).

    ``clear`` empties it; ``size`` says how many entries it holds. Registering a name again
    replaces the earlier entry (a module reloaded in a notebook registers its new cache).

    >>> table = {"a": 1}
    >>> register("example.table", clear=table.clear, size=lambda: len(table))
    >>> clear_caches(); table
    {}
    >>> unregister("example.table")
    """
    with _LOCK:
        _REGISTRY[name] = (clear, size)


def unregister(name: str) -> None:
    """Forget the cache registered as ``name`` (no error if there is none)."""
    with _LOCK:
        _REGISTRY.pop(name, None)


def cached(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered under the function's module and name.

    >>> @cached(maxsize=2)
    ... def double(x):
    ...     return 2 * x
    >>> double(4), cache_sizes()[f"{__name__}.double"]
    (8, 1)
    >>> clear_caches(); cache_sizes()[f"{__name__}.double"]
    0
    """
    if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 1:
        raise ValueError(f"maxsize must be a positive integer (every cache is bounded); got {maxsize!r}")

    def decorate(fn: F) -> F:
        wrapped = lru_cache(maxsize=maxsize)(fn)
        register(f"{fn.__module__}.{fn.__qualname__}", clear=wrapped.cache_clear,
                 size=lambda: wrapped.cache_info().currsize)
        return wrapped  # type: ignore[return-value]

    return decorate


class BoundedDict(dict):
    """A dict that holds at most ``maxsize`` entries: when full, the next new key empties it.

    Emptying all at once (not least-recently-used eviction) keeps the hot path a plain
    dict look-up; the entries are cheap to recompute. Every live ``BoundedDict`` is emptied
    by :func:`clear_caches` and counted by :func:`cache_sizes` under ``name``.

    Write ``value = ...; cache[key] = value; return value`` rather than reading
    ``cache[key]`` back after storing it: another thread may empty the dict in between.

    >>> d = BoundedDict(2, name="example")
    >>> d["a"] = 1; d["b"] = 2; d["c"] = 3
    >>> d
    {'c': 3}
    >>> clear_caches(); len(d)
    0
    """

    def __init__(self, maxsize: int, *, name: str) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 1:
            raise ValueError(f"maxsize must be a positive integer; got {maxsize!r}")
        super().__init__()
        self.maxsize = maxsize
        self.name = name
        key = id(self)
        with _LOCK:
            _DICTS[key] = weakref.ref(self, lambda _, key=key: _DICTS.pop(key, None))

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= self.maxsize and key not in self:
            self.clear()
        super().__setitem__(key, value)

    def __reduce__(self) -> Any:  # a copy sent to another process starts empty
        return (_rebuild, (type(self), self.maxsize, self.name))

    def __repr__(self) -> str:
        return dict.__repr__(self)


def _rebuild(cls: type, maxsize: int, name: str) -> BoundedDict:
    return cls(maxsize, name=name)


def clear_caches() -> None:
    """Empty every registered cache (for cold-start benchmarks and tests).

    >>> clear_caches()
    >>> sum(cache_sizes().values())
    0
    """
    with _LOCK:
        clears = [clear for clear, _ in _REGISTRY.values()]
        dicts = [d for d in (ref() for ref in list(_DICTS.values())) if d is not None]
    for clear in clears:
        clear()
    for d in dicts:
        d.clear()


def cache_sizes() -> dict[str, int]:
    """How many entries each registered cache holds, by name (live ``BoundedDict`` s of one
    name added together)."""
    with _LOCK:
        entries = list(_REGISTRY.items())
        dicts = [d for d in (ref() for ref in list(_DICTS.values())) if d is not None]
    sizes = {name: size() for name, (_, size) in entries}
    for d in dicts:
        sizes[d.name] = sizes.get(d.name, 0) + len(d)
    return sizes
