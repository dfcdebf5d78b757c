"""A page's body, headline and metadata from its blocks.

What it is for: the body trafilatura chose (or the toolkit's own region when it chose
none), the headline (the story's <h1>, og:title, <title>), bylines, dates, the section,
and the blocks left out. Not for: reading the HTML (see ``_html_blocks``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ._article import ArticleError, Dropped
from ._files import subject_of
from ._html_blocks import Block, Extractor, HIDDEN_CLASS
from ._main_text import select_blocks
from ._metadata import BYLINE
from ._plaintext import count_words, is_body_like, is_sentence_like


@dataclass
class _HtmlDoc:
    lines: list[str]
    positions: list[int]  # block index of each line
    removed: list[Dropped]  # what the page shows and the article does not keep
    title: str | None
    section: str | None = None
    subtitle: str | None = None
    bylines: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    url: str | None = None
    lang: str | None = None
    chosen: bool = False  # the lines are the blocks of trafilatura's main text


_SITE_SUFFIX = re.compile(r"\s+(?:[|–—:·•»-]|::)\s+(?P<site>[^|–—·•»]{1,40})$")

#: A " - Site Name" suffix of a <title> is this many words at most (and shorter than what it
#: follows): a longer one is part of the headline ("Mosul - the battle for the old city").
_SITE_NAME_WORDS = 4

#: Blocks that class names mark as byline, date or kicker are read as such only up to this
#: many words: the class may sit on a wrapper ("has-author") around the story itself.
_META_BLOCK_WORDS = 20


def _strip_site(title: str, site: str | None) -> str:
    title = " ".join(title.split())
    if site and title.endswith(site) and len(title) > len(site) + 3:
        return title[: -len(site)].rstrip(" |-–—:·•»")
    m = _SITE_SUFFIX.search(title)
    if m and count_words(m.group("site")) <= _SITE_NAME_WORDS and m.start() > len(m.group("site")):
        return title[: m.start()]
    return title


def extract_html(text: str, what: str, *, main_text: str = "") -> _HtmlDoc:
    parser = Extractor()
    parser.feed(text)
    parser.close()
    meta = parser.meta
    page_title = " ".join("".join(parser.page_title or []).split()) or None
    blocks = parser.blocks
    if not blocks:
        named = f" (its <title> is {page_title!r})" if page_title else ""
        raise ArticleError(f"{subject_of(what, 'is')} an HTML page with no body text{named}: "
                           "there is nothing to load")

    def region_of(use_class: bool) -> list[Block]:
        content = [b for b in blocks if not b.chrome or (b.chrome_by_class and not use_class)]
        sizes = _text_by_article(b for b in content if b.article is not None and b.tag not in ("h1", "h2", "h3"))
        if sizes:
            best = max(sizes, key=sizes.__getitem__)
            return [b for b in content if b.article == best]
        return content

    def running_text(region: list[Block]) -> int:
        return sum(len(b.text) for b in region if is_body_like(b.text))

    region = region_of(use_class=True)
    if running_text(region) == 0:
        # Class names hid all the running text, e.g. a wrapper called "page-with-share-bar":
        # trust only the tags (<nav>, <footer>, <aside>...) then.
        wider = region_of(use_class=False)
        if running_text(wider) > 0:
            region = wider
    chosen = _chosen_blocks(blocks, main_text) if main_text else []
    if running_text(chosen) and len(main_text) < _SMALL_MAIN_TEXT:
        # On a small page, a sentence right after a chosen block, in the toolkit's own region
        # and under no chrome, is the story going on (trafilatura drops a closing <div>).
        picked, own = {id(b) for b in chosen}, {id(b) for b in region}
        extra = {id(b) for prev, b in zip(blocks, blocks[1:])
                 if id(prev) in picked and id(b) in own and not b.chrome and is_sentence_like(b.text)}
        chosen = [b for b in blocks if id(b) in picked or id(b) in extra]
    # The body: trafilatura's choice when it found running text, else the toolkit's own
    # region. The headline and the metadata are read from both (trafilatura drops bylines).
    body_ids = {id(b) for b in (chosen if running_text(chosen) else region)}
    in_region = body_ids | {id(b) for b in region}
    site = meta.get("og:site_name")
    h1s = [b for b in blocks if b.tag == "h1" and b.chrome in (None, "<header>")]
    title_block = next((b for b in blocks if b.tag == "h1" and id(b) in in_region
                        and (b.chrome in (None, "<header>") or b.chrome_by_class)), None)
    if title_block is not None:
        title = title_block.text
    else:
        social = meta.get("og:title") or meta.get("twitter:title") or meta.get("headline")
        title = (_strip_site(social, site) if social else None) or (h1s[0].text if h1s else None) \
            or (_strip_site(page_title, site) if page_title else None)
    doc = _HtmlDoc(lines=[], positions=[], removed=[], title=title, chosen=bool(running_text(chosen)))
    for k, b in enumerate(blocks):
        if id(b) not in in_region:
            if not (b.tag == "h1" and b.text == title):
                doc.removed.append(Dropped(k, b.text))
            continue
        # Roles come from class names and may sit on a wrapper ("has-author"): only short
        # blocks are metadata, long ones stay text.
        short = count_words(b.text) <= _META_BLOCK_WORDS
        if short and b.role == "byline":
            doc.bylines.append(BYLINE.sub(r"\g<who>", b.text))
        elif short and b.role == "date":
            doc.dates.append(b.value or b.text)
        elif short and b.role == "kicker":
            if doc.section is None:
                doc.section = b.text
            else:
                doc.removed.append(Dropped(k, b.text))
        elif b.role == "subtitle" and doc.subtitle is None and b.tag != "h1" and not is_body_like(b.text):
            doc.subtitle = b.text
        elif id(b) not in body_ids:
            if not (b.tag == "h1" and b.text == title):
                doc.removed.append(Dropped(k, b.text))
        else:
            doc.lines.append(b.text)
            doc.positions.append(k)
    if not doc.bylines and meta.get("author") and not meta["author"].startswith("http"):
        doc.bylines.append(meta["author"])
    if not doc.dates:
        for key in ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date"):
            if meta.get(key):
                doc.dates.append(meta[key])
                break
    main_lines = [" ".join(line.split()) for line in main_text.split("\n") if line.strip()]
    if main_lines and count_words(" ".join(doc.lines)) < _COVERED_SHARE * count_words(main_text):
        # trafilatura found text that the page's visible blocks do not hold (a <noscript>
        # copy, markup the toolkit's reader splits oddly): its lines are the body then.
        kept = " ".join(main_text.split())
        doc.removed.extend(Dropped(k, line) for k, line in zip(doc.positions, doc.lines) if line not in kept)
        doc.lines, doc.positions = main_lines, [len(blocks) + i for i in range(len(main_lines))]
        doc.chosen = True
    doc.section = doc.section or meta.get("article:section")
    doc.url = meta.get("og:url") or meta.get("canonical")
    doc.lang = parser.lang
    return doc


#: Below this share of trafilatura's words in the toolkit's own lines, the two read different
#: text (content in <noscript>, say) and trafilatura's lines are used as they are.
_COVERED_SHARE = 0.5


#: trafilatura's main text shorter than this (characters) rests on little evidence
#: (its own minimum for a confident extraction is 250): the toolkit's region may add to it.
_SMALL_MAIN_TEXT = 500


#: When this share of the chosen text sits in one <article>, chosen blocks outside it
#: (a teaser <article> beside the story) are not the story.
_ONE_ARTICLE_SHARE = 0.5


def _chosen_blocks(blocks: list[Block], main_text: str) -> list[Block]:
    """The blocks of trafilatura's main text, less hidden text and other <article>s' text."""
    keep = select_blocks([b.text for b in blocks], main_text)
    chosen = [b for b, k in zip(blocks, keep)
              if k and b.chrome != "hidden" and not (b.chrome_by_class and HIDDEN_CLASS.search(b.chrome or ""))]
    sizes = _text_by_article(chosen)
    if sizes:
        top = max(sizes, key=sizes.__getitem__)
        if top is not None and sizes[top] >= _ONE_ARTICLE_SHARE * sum(sizes.values()):
            chosen = [b for b in chosen if b.article == top]
    return chosen


def _text_by_article(blocks: Iterable[Block]) -> dict[int | None, int]:
    """Characters of text in each <article> (None: outside any), over ``blocks``."""
    sizes: dict[int | None, int] = {}
    for b in blocks:
        sizes[b.article] = sizes.get(b.article, 0) + len(b.text)
    return sizes
