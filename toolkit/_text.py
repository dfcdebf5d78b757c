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
    return [m.group().replace("’", "'") for m in _WORD_RE.finditer(text.lower())]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of one lower-case word (cached: news vocabularies repeat).

    >>> stem("scattering"), stem("fighters"), stem("ideology")
    ('scatter', 'fighter', 'ideolog')
    """
    if word.endswith("'s"):
        word = word[:-2]
    return _STEMMER.stem(word)


def analyze(text: str) -> list[str]:
    """Stems of the non-stop-word tokens of ``text``: the analyzer for TF-IDF.

    >>> analyze("The fighters are scattering across the desert")
    ['fighter', 'scatter', 'desert']
    """
    return [stem(t) for t in tokenize(text) if t not in STOP_WORDS and not t.isdigit()]
