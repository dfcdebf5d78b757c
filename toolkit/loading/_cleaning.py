"""Labelling the lines of an article: kicker, headline, subtitle, byline, date, body or dropped.

What it is for: the header above the first paragraph, the tail after the last one,
repeated paragraphs and the dateline. Not for: choosing a page's main text (see ``_html``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ._metadata import byline_of, date_of, split_dateline
from ._plaintext import (
    LIST_ITEM,
    URL_ONLY,
    WORD,
    boilerplate_kind,
    count_words,
    is_body_like,
    is_headline_like,
    is_kicker_like,
    is_sentence_like,
    same,
)


@dataclass
class _Cleaned:
    lines: list[str]
    labels: list[str]  # "body", "title", "section", "subtitle", "byline", "date", "drop"
    title: str | None = None
    section: str | None = None
    subtitle: str | None = None
    bylines: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    dateline: str | None = None
    first_body: str | None = None  # the first paragraph without its dateline

    def indices(self, label: str) -> list[int]:
        """The indices of the lines labelled ``label``, in order."""
        return [i for i, lab in enumerate(self.labels) if lab == label]

    @property
    def body(self) -> list[str]:
        body = [self.lines[i] for i in self.indices("body")]
        if body and self.first_body is not None:
            body[0] = self.first_body
        return body

    @property
    def removed(self) -> list[int]:
        """Indices of the dropped lines."""
        return self.indices("drop")


#: Bylines and dates are read only this near (lines) the top of the page or the first
#: paragraph; and with no paragraph at all, the header is this many lines. Deeper in a long
#: header (a vertical menu) a "By ..." line is a menu item or a teaser's.
_MAX_HEADER_LINES = 8

#: The subtitle (standfirst) is one of the first lines under the headline ...
_SUBTITLE_LINES = 3

#: ... of at least this many words (shorter lines there are labels: "Analysis", "Live").
_SUBTITLE_WORDS = 4

#: A sentence this long between headline and body is the body starting ("He is dead.").
_SHORT_SENTENCE_WORDS = 3

#: The first lines under the headline that are neither subtitle nor sentence are captions,
#: credits and labels, up to this many; later ones are kept (they may be content).
_CAPTION_LINES = 6

#: After the last paragraph, a line of at most this many words that is not a sentence is a
#: label, a menu item or a credit ("Topics: Mosul, ISIS", "Reporting by Jane Doe").
_TAIL_LABEL_WORDS = 12

#: A repeated line this long is a repeated paragraph (a pull quote, a scrape's duplicate);
#: shorter repeats ("Watch:", a score) may be content.
_REPEAT_WORDS = 3


def clean_lines(lines: list[str], *, known_title: str | None = None, chosen: bool = False) -> _Cleaned:
    """Label each line; ``chosen``: the lines are the main text trafilatura chose from a page.

    Chosen lines only lose the header (headline, byline, date) and the lines the
    boilerplate vocabulary names (share bars, "Read Comments"): the line-shape rules for
    plain-text scrapes (lines without letters, URL-only lines, the tail after the last
    paragraph, repeated lines) would drop table cells, links, closing lists and repeated
    short lines that trafilatura rightly kept.
    """
    c = _Cleaned(lines=list(lines), labels=["body"] * len(lines))
    kinds = [boilerplate_kind(ln) for ln in lines]
    for i, kind in enumerate(kinds):
        if kind == "drop" and not (chosen and _shape_only_drop(lines[i])):
            c.labels[i] = "drop"
    # A date line above the body that a boilerplate pattern drops ("12 July 2017 | 3 min
    # read") still gives the date: the header reads it, and it is dropped again if not.
    first_body = next((i for i in range(len(lines)) if c.labels[i] != "drop" and is_body_like(lines[i])), len(lines))
    dated = [i for i in range(first_body) if c.labels[i] == "drop" and date_of(lines[i])]
    for i in dated:
        c.labels[i] = "body"
    live = [i for i in range(len(lines)) if c.labels[i] != "drop"]
    _read_header(c, live, kinds, known_title)
    for i in dated:
        if c.labels[i] == "body":
            c.labels[i] = "drop"
    if not chosen:
        _trim_tail(c, kinds)
    _drop_repeats(c, only_title=chosen)
    body = c.indices("body")
    if body:
        dateline, rest = split_dateline(c.lines[body[0]])
        if dateline:
            c.dateline, c.first_body = dateline, rest
    return c


def _read_header(c: _Cleaned, live: list[int], kinds: list[str | None], known_title: str | None) -> None:
    """Label the kicker, headline, subtitle, byline and date lines above the first paragraph."""
    if not live:
        return
    start = next((pos for pos, i in enumerate(live) if is_body_like(c.lines[i])), None)
    header = live[:start] if start is not None else live[:_MAX_HEADER_LINES]
    # Bylines and dates sit near the top of the page or just above the body.
    rest: list[int] = []
    for k, i in enumerate(header):
        line = c.lines[i]
        near = k < _MAX_HEADER_LINES or k >= len(header) - _MAX_HEADER_LINES
        byline = byline_of(line) if near else None
        date = date_of(line) if near and not byline else None
        if byline:
            c.labels[i] = "byline"
            c.bylines.append(byline[0])
            if byline[1]:
                c.dates.append(byline[1])
        elif date:
            c.labels[i] = "date"
            c.dates.append(date)
        else:
            rest.append(i)
    header = rest
    if start is None:
        # No paragraph of running text at all: only the first line may be a headline.
        first = live[0]
        if len(live) > 1 and c.labels[first] == "body":
            if known_title is not None and same(c.lines[first], known_title):
                c.labels[first] = "title"
            elif known_title is None and is_headline_like(c.lines[first]) and not is_sentence_like(c.lines[first]):
                c.labels[first] = "title"
                c.title = c.lines[first]
        return
    non_menu = [i for i in header if kinds[i] != "menu"]
    if non_menu:  # menu lines above a real headline are site navigation
        for i in header:
            if kinds[i] == "menu":
                c.labels[i] = "drop"
        header = non_menu
    if not header:
        return
    if known_title is not None:
        at = next((k for k, i in enumerate(header) if same(c.lines[i], known_title)), None)
        if at is not None:
            c.labels[header[at]] = "title"
    else:
        # The headline: the first headline-shaped line of four words or more (short lines
        # above it are kickers, site names, vertical menus), else the first headline-shaped one.
        shaped = [k for k, i in enumerate(header) if is_headline_like(c.lines[i])]
        at = next((k for k in shaped if count_words(c.lines[header[k]]) >= 4), shaped[0] if shaped else None)
        if at is None:
            return  # no headline: keep the unexplained lines in the body
        c.labels[header[at]] = "title"
        c.title = c.lines[header[at]]
    before, after = (header[:at], header[at + 1:]) if at is not None else ([], header)
    for i in before:
        c.labels[i] = "drop"
    if before and is_kicker_like(c.lines[before[-1]]):
        c.labels[before[-1]] = "section"
        c.section = c.lines[before[-1]]
    for k, i in enumerate(after):
        line = c.lines[i]
        if LIST_ITEM.match(line):
            continue  # a list is content, whatever its items look like
        if (c.subtitle is None and k < _SUBTITLE_LINES and count_words(line) >= _SUBTITLE_WORDS and kinds[i] != "menu"
                and not is_sentence_like(line)):
            c.labels[i] = "subtitle"
            c.subtitle = line
        elif is_sentence_like(line) and count_words(line) >= _SHORT_SENTENCE_WORDS:
            pass  # a short sentence here is the start of the body: it stays
        elif k < _CAPTION_LINES:
            c.labels[i] = "drop"  # captions, credits, labels between headline and body


def _trim_tail(c: _Cleaned, kinds: list[str | None]) -> None:
    """Drop labels, menus and credits after the last paragraph of running text."""
    body = c.indices("body")
    last = max((i for i in body if is_body_like(c.lines[i])), default=None)
    if last is None:
        return
    for i in body:
        line = c.lines[i]
        if i > last and (kinds[i] == "menu" or (not is_sentence_like(line) and count_words(line) <= _TAIL_LABEL_WORDS
                                                 and not LIST_ITEM.match(line))):
            c.labels[i] = "drop"


def _shape_only_drop(line: str) -> bool:
    """Whether :func:`boilerplate_kind` drops the line for its shape alone (no letters, a bare URL)."""
    return not any(ch.isalpha() for ch in line) or bool(URL_ONLY.match(line))


def _drop_repeats(c: _Cleaned, *, only_title: bool = False) -> None:
    def key_of(s: str) -> str:
        return " ".join(WORD.findall(s.lower()))

    seen: set[str] = set()
    title_key = key_of(c.title) if c.title else None
    for i, lab in enumerate(c.labels):
        if lab != "body":
            continue
        key = key_of(c.lines[i])
        if key and ((key in seen and count_words(c.lines[i]) >= _REPEAT_WORDS and not only_title) or key == title_key):
            c.labels[i] = "drop"
        seen.add(key)
