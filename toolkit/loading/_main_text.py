"""trafilatura's main text and htmldate's date of a page, and aligning that text with the page's blocks.

What it is for: asking trafilatura which text is the article (offline, on the HTML given)
and finding which of the toolkit's blocks hold it. Not for: headlines or bylines.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .. import _cache
from ._plaintext import WORD


for _name in ("trafilatura", "htmldate", "courlan"):
    # Their notices ("empty HTML tree", "discarding data") would reach stderr through
    # logging's last-resort handler; a user who configures logging still sees them.
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True)
class MainText:
    """What trafilatura found on a page: the main text's paragraphs and htmldate's date."""

    text: str  # "" when trafilatura found no main text
    date: str | None  # YYYY-MM-DD from the page's markup (meta tags, <time>, the URL), or None


@_cache.cached(maxsize=1)
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signal-based timeout inside a library call
    return config


def read_main_text(text: str) -> MainText:
    """The page's main text by trafilatura, without comments; empty when it finds none.

    trafilatura (or lxml under it) failing on a page is not an error here: the caller then
    uses the toolkit's own extractor, as for pages trafilatura finds no text in.
    """
    import trafilatura
    from htmldate import find_date

    try:
        tree = trafilatura.load_html(text)
    except Exception:  # noqa: BLE001 - see the docstring
        tree = None
    if tree is None:
        return MainText("", None)
    try:
        # Only the markup (meta tags, <time>, JSON-LD, the URL): the extensive search in
        # the free text takes 20x longer and guesses.
        date = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001
        date = None
    try:
        body = trafilatura.extract(tree, include_comments=False, include_tables=True, include_images=False,
                                   include_links=False, config=_trafilatura_config())
    except Exception:  # noqa: BLE001
        body = None
    return MainText(body or "", date or None)


#: A block this long (in words) is kept when at least _SHARED_SHINGLES of its word
#: trigrams are in trafilatura's text: trafilatura may drop an inline piece (a <time>) or
#: add one (screen-reader text), so long blocks are not matched exactly.
_SHINGLE_MIN_WORDS = 4


_SHARED_SHINGLES = 0.5


#: A shorter block ("Schools closed", "Share") is kept only when its words stand in
#: trafilatura's text right where the previous kept block ended (a few words of slack):
#: short words are found anywhere in a long text by chance.
_SHORT_BLOCK_SLACK = 8


def select_blocks(blocks: list[str], main_text: str) -> list[bool]:
    """Which of the page's text blocks are in trafilatura's main text, aligned in page order.

    trafilatura chooses what the article is; the toolkit's own blocks keep their text
    (inline elements joined as the page spaces them, hidden text left out) and their roles
    (byline, date, kicker), so the headline and the metadata are read as before.
    """
    words = WORD.findall(main_text.lower())
    where: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - 2):
        where.setdefault(tuple(words[i:i + 3]), []).append(i)
    lines = {tuple(WORD.findall(line.lower())) for line in main_text.split("\n")}
    keep = [False] * len(blocks)
    cursor = 0
    for k, block in enumerate(blocks):
        toks = WORD.findall(block.lower())
        if not toks:
            continue
        if len(toks) >= _SHINGLE_MIN_WORDS:
            shingles = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
            hits = [where[sh] for sh in shingles if sh in where]
            if len(hits) >= _SHARED_SHINGLES * len(shingles):
                keep[k] = True
                at = cursor  # walk forward through the matches, in the block's order
                for positions in hits:
                    at = next((p for p in positions if p >= at), at)
                cursor = max(cursor, at + 3)
            continue
        n = len(toks)
        for start in range(cursor, min(cursor + _SHORT_BLOCK_SLACK, len(words) - n) + 1):
            if words[start:start + n] == toks:
                keep[k], cursor = True, start + n
                break
        else:
            keep[k] = tuple(toks) in lines  # a heading or a list item trafilatura kept as a line of its own
    return keep
