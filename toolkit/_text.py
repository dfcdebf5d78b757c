"""Word-level text helpers shared by summaries, similarity and themes.

Tokens, stems and stop words, and the analyzer handed to scikit-learn's
``TfidfVectorizer``. Not for sentences (see :mod:`toolkit.sentences`) or for
cleaning scraped pages (see :mod:`toolkit.loading`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from nltk.stem.snowball import SnowballStemmer

__all__: list[str] = []  # internal module: nothing public

# Letters and digits, with inner apostrophes and hyphens kept ("al-Baghdadi", "don't").
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_STEMMER = SnowballStemmer("english")


def _read_word_list(name: str) -> frozenset[str]:
    text = resources.files("toolkit.data").joinpath(name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


STOP_WORDS: frozenset[str] = _read_word_list("stopwords.txt")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``, curly apostrophes made straight.

    >>> tokenize("ISIS’ fighters, al-Baghdadi's men: 24/7!")
    ['isis', 'fighters', "al-baghdadi's", 'men', '24', '7']
    """
    # The pattern treats ' and ’ alike, so straightening first gives the same tokens.
    return _WORD_RE.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of one lower-case word (cached: news vocabularies repeat).

    >>> stem("scattering"), stem("fighters"), stem("ideology")
    ('scatter', 'fighter', 'ideolog')
    """
    if word.endswith("'s"):
        word = word[:-2]
    return _STEMMER.stem(word)


# Token -> its stem, or None for a stop word or a number: what ``analyze`` keeps of each
# token, looked up in one dict access (the analyzer is the hot loop of every corpus run).
_ANALYZED: dict[str, str | None] = {}
_ANALYZED_MAX = 500_000  # emptied when it grows past this (memory stays bounded)


def _analyze_token(token: str) -> str | None:
    if token in STOP_WORDS or token.isdigit():
        return None
    if token.endswith("'s") and not token.endswith("'s's"):
        return stem(token[:-2])  # what stem(token) gives, sharing the bare word's cache entry
    return stem(token)


def analyze(text: str) -> list[str]:
    """Stems of the non-stop-word tokens of ``text``: the analyzer for TF-IDF.

    >>> analyze("The fighters are scattering across the desert")
    ['fighter', 'scatter', 'desert']
    """
    tokens = _WORD_RE.findall(text.lower().replace("’", "'"))
    try:
        return [s for s in map(_ANALYZED.__getitem__, tokens) if s is not None]
    except KeyError:
        if len(_ANALYZED) > _ANALYZED_MAX:
            _ANALYZED.clear()
        for token in tokens:
            if token not in _ANALYZED:
                _ANALYZED[token] = _analyze_token(token)
        return [s for s in map(_ANALYZED.__getitem__, tokens) if s is not None]


def clear_caches() -> None:
    """Empty the stem and analyzer caches (for benchmarks that time cold runs)."""
    stem.cache_clear()
    _ANALYZED.clear()


_SEPARATOR = "Ξ"  # upper case: no lower-cased text contains it, and the pattern reads it as one token


def _analyze_batch(docs: list[str]) -> list[str | None]:
    """What ``analyze`` gives for each of ``docs``, in one pass over their joined text.

    Returns the flat list of every doc's token results (a stem, or None for a dropped
    token) with ``_SEPARATOR`` between docs: one regex scan and one dict look-up per token
    instead of a Python call per doc. The stems of doc ``i`` are the
    non-None entries between the ``i``-th and ``i+1``-th separators.

    >>> _analyze_batch(["The fighters ran", "", "Deserts"])
    [None, 'fighter', 'ran', 'Ξ', 'Ξ', 'desert']
    >>> _analyze_batch(["Fighters of the desert"])
    ['fighter', None, None, 'desert']
    """
    tokens = _WORD_RE.findall(f" {_SEPARATOR} ".join(d.lower().replace("’", "'") for d in docs))
    try:
        return list(map(_ANALYZED.__getitem__, tokens))
    except KeyError:
        if len(_ANALYZED) > _ANALYZED_MAX:
            _ANALYZED.clear()
        for token in tokens:
            if token not in _ANALYZED:
                _ANALYZED[token] = _SEPARATOR if token == _SEPARATOR else _analyze_token(token)
        return list(map(_ANALYZED.__getitem__, tokens))
