"""The boilerplate vocabularies of ``toolkit/data/boilerplate.txt`` and the language guess.

What it is for: the word lists the line rules count, and telling English from other
languages by function words. Not for: deciding what a line is (see ``_plaintext``).
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any

from .. import _cache, _data
from .._text import STOP_WORDS, tokenize
from ._article import Article
from ._files import mostly_latin


@dataclass(frozen=True)
class _Vocab:
    strong: frozenset[str]
    weak: frozenset[str]
    site: frozenset[str]
    section: frozenset[str]
    patterns: tuple[tuple[Any, int], ...]  # (bound match or search method, word cap)


#: A boilerplate pattern drops lines of at most this many words (boilerplate.txt's default;
#: "N| regex" lowers it): in a longer line the phrase is part of running text.
_PATTERN_WORD_CAP = 40


@_cache.cached(maxsize=1)
def vocab() -> _Vocab:
    """The vocabularies and patterns of ``toolkit/data/boilerplate.txt`` (read once; emptied by clear_caches)."""
    sections = _data.read_sections("boilerplate.txt")
    by_cap: dict[int, list[str]] = {}
    for entry in sections.get("patterns", []):
        cap = _PATTERN_WORD_CAP
        m = re.match(r"^(\d+)\|\s?(.*)$", entry)
        if m:
            cap, entry = int(m.group(1)), m.group(2)
        re.compile(entry)  # a bad pattern fails here, with its own text in the message
        by_cap.setdefault(cap, []).append(entry)
    # One alternation per word cap and anchoring: a line is tried a few times, not 70;
    # patterns anchored with "^" are only tried at the start of the line.
    patterns = []
    for cap, entries in sorted(by_cap.items(), reverse=True):
        anchored = [e[1:] for e in entries if e.startswith("^")]
        floating = [e for e in entries if not e.startswith("^")]
        if anchored:
            patterns.append((re.compile("|".join(f"(?:{e})" for e in anchored), re.I).match, cap))
        if floating:
            patterns.append((re.compile("|".join(f"(?:{e})" for e in floating), re.I).search, cap))
    words = {k: frozenset(w.strip().lower() for w in sections.get(k, []))
             for k in ("strong", "weak", "site", "section")}
    return _Vocab(words["strong"], words["weak"], words["site"], words["section"], tuple(patterns))


@_cache.cached(maxsize=1)
def _language_words() -> dict[str, frozenset[str]]:
    """The function words of each language of ``toolkit/data/language_stopwords.txt``, by code."""
    out = {}
    for line in _data.read_lines("language_stopwords.txt"):
        if ":" in line:
            code, words = line.split(":", 1)
            out[code.strip()] = frozenset(words.split())
    return out


#: The language is read from the start of a text: ~800 words are plenty, and long texts cost no more.
_LANGUAGE_SAMPLE = 5000

#: Under this many words, a few function words decide by chance: no guess (None).
_LANGUAGE_MIN_WORDS = 20

#: Share of the words on the English stop-word list above which a text is English. Measured:
#: BBC's 2,225 English articles score 0.174 at least (1st percentile 0.326, median 0.455);
#: the pages of html_eval read as another language score at most 0.11. (It was 0.25, which
#: called 7 of the BBC articles "not English".)
_ENGLISH_SHARE = 0.15

#: Share of the words on another language's list above which the text is in that language.
#: Measured: BBC's English articles reach 0.082 on any other list; the 75 German pages of
#: html_eval score 0.18 at least on the German one.
_OTHER_SHARE = 0.15


def guess_language(text: str) -> str | None:
    """"en", another code of language_stopwords.txt, "und", or None (< 20 words)."""
    tokens = tokenize(text[:_LANGUAGE_SAMPLE])
    if len(tokens) < _LANGUAGE_MIN_WORDS:
        return None
    if not mostly_latin(text):
        return "und"  # not a Latin script: none of the word lists can tell
    english = sum(1 for t in tokens if t in STOP_WORDS) / len(tokens)
    shares = {code: sum(1 for t in tokens if t in words) / len(tokens) for code, words in _language_words().items()}
    best = max(shares, key=shares.__getitem__) if shares else None
    # Other languages share only a few words with the English list ("a", "in", "on", "die").
    if english >= _ENGLISH_SHARE and (best is None or english >= shares[best]):
        return "en"
    if best is not None and shares[best] >= _OTHER_SHARE:
        return best
    return "en" if english >= _ENGLISH_SHARE else "und"


_LANGUAGE_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
                   "nl": "Dutch", "und": "not English"}


class LanguageCheck:
    """Counts the articles that do not look like English, naming the first few, for one warning.

    Bounded: only the first :data:`_NAMED` are kept, so a stream of any length can be checked.
    """

    def __init__(self) -> None:
        self.n_articles = 0
        self.n_odd = 0
        self.named: list[str] = []

    def add(self, article: Article) -> None:
        self.n_articles += 1
        if article.language in (None, "en"):
            return
        self.n_odd += 1
        if len(self.named) < _NAMED:
            language = _LANGUAGE_NAMES.get(article.language or "", article.language)
            self.named.append(f"{article.id or article.title or 'text'!s} ({language})")

    def message(self) -> str | None:
        """The warning to give, or None when every article looks English (or is too short to tell)."""
        if not self.n_odd:
            return None
        more = f" and {self.n_odd - len(self.named)} more" if self.n_odd > len(self.named) else ""
        if self.n_articles == 1:
            subject = "this article does"
        else:
            subject = f"{self.n_odd:,} of {self.n_articles:,} articles {'does' if self.n_odd == 1 else 'do'}"
        return (f"{subject} not look like English: {', '.join(self.named)}{more}. The toolkit's stop words and "
                "stemmer are English, so summaries, similarities and themes of non-English text are weaker "
                "(see Article.language).")


#: Articles named in the not-English warning; the others are counted.
_NAMED = 5


def warn_language(articles: list[Article], *, stacklevel: int) -> None:
    check = LanguageCheck()
    for article in articles:
        check.add(article)
    message = check.message()
    if message:
        warnings.warn(message, UserWarning, stacklevel=stacklevel)
