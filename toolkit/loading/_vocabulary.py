"""The boilerplate vocabularies of ``toolkit/data/boilerplate.txt`` and the language guess.

What it is for: the word lists the line rules count, and telling English from other
languages by function words. Not for: deciding what a line is (see ``_plaintext``).
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

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


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    text = resources.files("toolkit.data").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if re.fullmatch(r"\[\w+\]", line.strip()):
            current = line.strip()[1:-1]
            sections[current] = []
        elif current is not None:
            sections[current].append(line.strip() if current != "patterns" else line.rstrip())
    by_cap: dict[int, list[str]] = {}
    for entry in sections.get("patterns", []):
        cap = 40
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
    words = {k: frozenset(w.lower() for w in sections.get(k, [])) for k in ("strong", "weak", "site", "section")}
    return _Vocab(words["strong"], words["weak"], words["site"], words["section"], tuple(patterns))


@lru_cache(maxsize=1)
def _language_words() -> dict[str, frozenset[str]]:
    text = resources.files("toolkit.data").joinpath("language_stopwords.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and ":" in line:
            code, words = line.split(":", 1)
            out[code.strip()] = frozenset(words.split())
    return out


def guess_language(text: str) -> str | None:
    """"en", another code of language_stopwords.txt, "und", or None (< 20 words)."""
    tokens = tokenize(text[:5000])
    if len(tokens) < 20:
        return None
    if not mostly_latin(text):
        return "und"  # not a Latin script: none of the word lists can tell
    english = sum(1 for t in tokens if t in STOP_WORDS) / len(tokens)
    shares = {code: sum(1 for t in tokens if t in words) / len(tokens) for code, words in _language_words().items()}
    best = max(shares, key=shares.__getitem__) if shares else None
    # English scores ~0.4-0.5 with its 318-word list; other languages share only a
    # few words with it ("a", "in", "on", "die"), so 0.25 separates them.
    if english >= 0.25 and (best is None or english >= shares[best]):
        return "en"
    if best is not None and shares[best] >= 0.15:
        return best
    return "en" if english >= 0.25 else "und"


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
