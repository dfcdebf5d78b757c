"""Word-level text helpers shared by summaries, similarity and themes.

Tokens, stems and stop words, and the analyzer handed to scikit-learn's
``TfidfVectorizer``. Not for sentences (see :mod:`toolkit.sentences`) or for
cleaning scraped pages (see :mod:`toolkit.loading`).
"""
from __future__ import annotations

import re
import threading
from typing import Any

from . import _cache, _data

__all__: list[str] = []  # internal module: nothing public

# Letters and digits, with inner apostrophes and hyphens kept ("al-Baghdadi", "don't").
WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")

# The English Snowball stemmer. PyStemmer (Snowball's own C code, in requirements.txt) is
# about 7x faster than nltk's pure-Python port, and stemming the new words of a batch is the
# largest single cost of a cold corpus run. nltk's port is the fallback where PyStemmer is
# not installed; the two agree on 99.87% of the 35,890 distinct words of the BBC and
# CNN/DailyMail development sets (Snowball 3 no longer conflates "evening"/"even",
# "university"/"universal", "international"/"intern"; nltk follows the older rules).
# A PyStemmer object is not thread-safe: each thread gets its own.
try:
    import Stemmer as _pystemmer
except ImportError:  # pragma: no cover - exercised only without PyStemmer
    from nltk.stem.snowball import SnowballStemmer

    _stem_word = SnowballStemmer("english").stem

    def _stem_words(words: list[str]) -> list[str]:
        return [_stem_word(w) for w in words]
else:
    _per_thread = threading.local()

    def _stemmer() -> Any:
        stemmer = getattr(_per_thread, "stemmer", None)
        if stemmer is None:
            stemmer = _per_thread.stemmer = _pystemmer.Stemmer("english")
        return stemmer

    def _stem_word(word: str) -> str:
        return _stemmer().stemWord(word)

    def _stem_words(words: list[str]) -> list[str]:
        return _stemmer().stemWords(words)


STOP_WORDS: frozenset[str] = frozenset(line.strip().lower() for line in _data.read_lines("stopwords.txt"))


def shorten(text: Any, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis (None: "").

    >>> shorten("Libyan forces have been gradually clearing Sirte", 24)
    'Libyan forces have been…'
    >>> shorten("  short\\n text ", 24), shorten(None, 5)
    ('short text', '')
    """
    text = " ".join(str(text).split()) if text is not None else ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``, curly apostrophes made straight.

    >>> tokenize("ISIS’ fighters, al-Baghdadi's men: 24/7!")
    ['isis', 'fighters', "al-baghdadi's", 'men', '24', '7']
    """
    # The pattern treats ' and ’ alike, so straightening first gives the same tokens.
    return WORD_RE.findall(text.lower().replace("’", "'"))


@_cache.cached(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of one lower-case word (cached: news vocabularies repeat).

    >>> stem("scattering"), stem("fighters"), stem("ideology")
    ('scatter', 'fighter', 'ideolog')
    """
    return _stem_word(_bare(word))


def _bare(word: str) -> str:
    """``word`` without a final "'s": "ISIS's" and "ISIS" share a stem."""
    return word[:-2] if word.endswith("'s") else word


# Token -> its stem, or None for a stop word or a number: what ``analyze`` keeps of each
# token, looked up in one dict access (the analyzer is the hot loop of every corpus run).
# When it grows past _ANALYZED_MAX it is replaced by an empty dict, never emptied in place,
# so a thread still reading the old one finds every token it has just learned.
_ANALYZED: dict[str, str | None] = {}
_ANALYZED_MAX = 500_000


def _learn_tokens(tokens: list[str]) -> dict[str, str | None]:
    """Add the tokens not yet analyzed, stemming the new words in one call; return the
    table that now holds every one of ``tokens``."""
    global _ANALYZED
    table = _ANALYZED
    if len(table) > _ANALYZED_MAX:
        table = _ANALYZED = {}
    new = {t for t in set(tokens) if t not in table}
    if SEPARATOR in new:
        new.discard(SEPARATOR)
        table[SEPARATOR] = SEPARATOR
    words = []
    for token in new:
        if token in STOP_WORDS or token.isdigit():
            table[token] = None
        else:
            words.append(token)
    table.update(zip(words, _stem_words(list(map(_bare, words)))))  # what stem() gives
    return table


def analyze(text: str) -> list[str]:
    """Stems of the non-stop-word tokens of ``text``: the analyzer for TF-IDF.

    >>> analyze("The fighters are scattering across the desert")
    ['fighter', 'scatter', 'desert']
    """
    tokens = WORD_RE.findall(text.lower().replace("’", "'"))
    try:
        return [s for s in map(_ANALYZED.__getitem__, tokens) if s is not None]
    except KeyError:
        table = _learn_tokens(tokens)
        return [s for s in map(table.__getitem__, tokens) if s is not None]


def _clear_analyzed() -> None:
    global _ANALYZED
    _ANALYZED = {}


_cache.register("toolkit._text._ANALYZED", clear=_clear_analyzed, size=lambda: len(_ANALYZED))


SEPARATOR = "Ξ"  # upper case: no lower-cased text contains it, and the pattern reads it as one token


def analyze_batch(docs: list[str]) -> list[str | None]:
    """What ``analyze`` gives for each of ``docs``, in one pass over their joined text.

    Returns the flat list of every doc's token results (a stem, or None for a dropped
    token) with ``SEPARATOR`` between docs: one regex scan and one dict look-up per token
    instead of a Python call per doc. The stems of doc ``i`` are the
    non-None entries between the ``i``-th and ``i+1``-th separators.

    >>> analyze_batch(["The fighters ran", "", "Deserts"])
    [None, 'fighter', 'ran', 'Ξ', 'Ξ', 'desert']
    >>> analyze_batch(["Fighters of the desert"])
    ['fighter', None, None, 'desert']
    """
    tokens = WORD_RE.findall(f" {SEPARATOR} ".join(d.lower().replace("’", "'") for d in docs))
    try:
        return list(map(_ANALYZED.__getitem__, tokens))
    except KeyError:
        table = _learn_tokens(tokens)
        return list(map(table.__getitem__, tokens))
