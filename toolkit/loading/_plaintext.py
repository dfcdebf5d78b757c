"""Plain-text scrapes: their lines and paragraphs, line shapes and boilerplate lines.

What it is for: a text file or a text field as lines (hard-wrapped paragraphs re-joined,
tag-only lines dropped), and the shape tests the cleaner uses (body-like, headline-like,
menu, share bar). Not for: HTML pages (see ``_html``), nor labelling a header.
"""
from __future__ import annotations

import html
import re

from .._text import STOP_WORDS, tokenize
from ._article import Dropped
from ._vocabulary import vocab


_TAG_ONLY = re.compile(r"(?:\s*(?:<[^<>]+>|&nbsp;|&#160;))+\s*")


_INLINE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*>")


_FORMATTING_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn", "em",
                              "font", "i", "ins", "kbd", "mark", "p", "q", "s", "samp", "small", "span", "strong",
                              "sub", "sup", "time", "tt", "u", "var", "wbr"})


#: Markup whose content is never shown: scripts, styles, comments; a comment never closed
#: hides the rest of the text, as in a browser.
_BLOCK_RAW = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--(?:.*?-->|.*\Z)", re.I | re.S)


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")


_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#|mailto:)[^)\s]*(?:\s+\"[^\"]*\")?\)")


_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")


_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


_HTML_DOC = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)


_HTML_BLOCK = re.compile(r"</?(?:p|div|article|section|main|br|h[1-6]|li|ul|ol|table|tr|td|blockquote)\b[^<>]*>", re.I)


#: A doctype, <html>, <head> or <body> tag is looked for this far (characters) into a text.
_DOC_TAG_WITHIN = 5000

#: Block tags are counted this far into a text: enough to see a page's markup, bounded for 20 MB texts.
_BLOCK_TAGS_WITHIN = 100_000

#: A plain text may quote a tag or two; this many block tags (<p>, <div>, <br>...) make it markup.
_MIN_BLOCK_TAGS = 4

#: Markup dropped is listed in ``Article.removed`` cut to this many characters (a script may be megabytes).
_SHOWN_MARKUP = 200


def looks_like_html(text: str) -> bool:
    if _HTML_DOC.search(text[:_DOC_TAG_WITHIN]):
        return True
    return len(_HTML_BLOCK.findall(text[:_BLOCK_TAGS_WITHIN], 0)) >= _MIN_BLOCK_TAGS


def _short(s: str, limit: int = _SHOWN_MARKUP) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def text_lines(text: str, *, markdown: bool) -> tuple[list[str], list[int], list[Dropped]]:
    """Units (lines or re-joined paragraphs) of a plain text, their positions, and the markup dropped."""
    removed: list[Dropped] = []

    def drop_block(m: re.Match[str]) -> str:
        removed.append(Dropped(-1, _short(m.group())))
        return "\n"

    text = _BLOCK_RAW.sub(drop_block, text)
    lines: list[str] = []
    positions: list[int] = []
    for pos, unit in enumerate(_units(text)):
        if _TAG_ONLY.fullmatch(unit):
            removed.append(Dropped(pos, unit))
            continue
        if "<" in unit:
            def strip_tag(m: re.Match[str], pos: int = pos) -> str:
                if m.group(2).lower() not in _FORMATTING_TAGS:
                    removed.append(Dropped(pos, m.group()))
                return " " if m.group(2).lower() in ("br", "p") else ""

            unit = _INLINE_TAG.sub(strip_tag, unit)
        if "&" in unit:
            unit = _ENTITY.sub(lambda m: html.unescape(m.group()), unit).replace("\xa0", " ")
        if "](" in unit:
            for img in _MD_IMAGE.findall(unit):
                removed.append(Dropped(pos, img))
            unit = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", unit))
        heading = _MD_HEADING.match(unit)
        if heading:
            unit = heading.group(1)
        if markdown:
            unit = _MD_EMPHASIS.sub(r"\2", unit)
        unit = " ".join(unit.split())
        if unit:
            lines.append(unit)
            positions.append(pos)
    return lines, positions, removed


def _units(text: str) -> list[str]:
    """Non-blank lines; the lines of a hard-wrapped paragraph are joined back."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    lines = [ln for b in blocks for ln in b]
    width = _wrap_width(blocks, lines)
    if width is None:
        return lines
    units = []
    for block in blocks:
        current = ""
        for line in block:
            if not current:
                current = line
            elif current.endswith("-") and line[:1].islower():
                current += line
            else:
                current += " " + line
            if _ends_paragraph(line, width):
                units.append(current)
                current = ""
        if current:
            units.append(current)
    return units


#: In hard-wrapped text a line shorter than this share of the wrap width ends its paragraph:
#: the next word would have fitted on it.
_PARAGRAPH_END = 0.6

#: Fewer lines than this say nothing about wrapping.
_MIN_WRAPPED_LINES = 4

#: The wrap width is the length this share of the lines stays within (paragraph ends are shorter).
_WRAP_QUANTILE = 0.9

#: Widths text is hard-wrapped at (email and scrape tools use 60-80); longer lines are not wrapped.
_WRAP_WIDTHS = range(30, 101)

#: Share of the lines that must run on into the next line of their block for the text to be wrapped.
_MIN_CONTINUED = 0.3


def _ends_paragraph(line: str, width: int) -> bool:
    return len(line) < _PARAGRAPH_END * width


def _wrap_width(blocks: list[list[str]], lines: list[str]) -> int | None:
    """The wrap width when the text is hard-wrapped (e.g. at 72 characters), else None."""
    if len(lines) < _MIN_WRAPPED_LINES:
        return None
    lengths = sorted(len(ln) for ln in lines)
    width = lengths[int(_WRAP_QUANTILE * (len(lengths) - 1))]
    if width not in _WRAP_WIDTHS:
        return None
    continued = sum(1 for b in blocks for ln in b[:-1] if not _ends_paragraph(ln, width))
    return width if continued >= _MIN_CONTINUED * len(lines) else None


_CLOSERS = "\"'”’)]»"


ENDS_PERIOD = re.compile(rf"(?<!\.\.)\.[{re.escape(_CLOSERS)}]*$")


_ENDS_TERMINAL = re.compile(rf"[.!?…:][{re.escape(_CLOSERS)}]*$")


_ENDS_QUESTION = re.compile(rf"[!?][{re.escape(_CLOSERS)}]*$")


_TWO_SENTENCES = re.compile(rf"[a-z0-9][.!?][{re.escape(_CLOSERS)}]*\s+[\"'“‘(]?[A-Z]")


_SENTENCE_PUNCT = re.compile(r"[.!?;\"“”]")


_MENU_PUNCT = re.compile(r"[.,;:!?\"“”()]")


LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[-*•–·▪►]|\(?[a-z0-9]\))\s+\S")


URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^@\w+$", re.I)


WORD = re.compile(r"\w+")


def count_words(line: str) -> int:
    return len(line.split())


#: A line this long (words) is running text whatever its punctuation: headlines are shorter.
_PROSE_WORDS = 30

#: A line of this many words ending with a period is a sentence: headlines do not end with
#: one, and labels ("Photo: AP.") are shorter.
_PERIOD_WORDS = 6

#: A question or exclamation this long is a sentence, not a question headline ("Is ISIS finished?").
_QUESTION_WORDS = 20

#: A line this long holding two sentences ("... fled. Officials said ...") is running text.
_TWO_SENTENCE_WORDS = 12


def is_body_like(line: str) -> bool:
    """A paragraph of running text, not a headline, kicker or label."""
    n = count_words(line)
    if n >= _PROSE_WORDS:
        return True
    if n >= _PERIOD_WORDS and ENDS_PERIOD.search(line):
        return True
    if n >= _QUESTION_WORDS and _ENDS_QUESTION.search(line):
        return True
    return n >= _TWO_SENTENCE_WORDS and bool(_TWO_SENTENCES.search(line))


def is_sentence_like(line: str) -> bool:
    return count_words(line) >= 2 and bool(_ENDS_TERMINAL.search(line))


def _starts_upper(line: str) -> bool:
    for k, ch in enumerate(line):
        if ch.isalnum():
            return ch.isupper() or ch.isdigit() or _is_camel_case_name(line[k:])
    return False


def _is_camel_case_name(text: str) -> bool:
    """A first word like "iTunes", "eBay" or "easyJet": a name written in lower case
    first, so a headline can start with it (BBC entertainment 160: "iTunes now selling
    Band Aid song")."""
    word = re.match(r"[^\W_]+", text)
    return bool(word) and any(ch.isupper() for ch in word.group()[1:])


#: The longest headline, in words and characters (the longest news headlines run to ~25 words).
_HEADLINE_WORDS = 30
_HEADLINE_CHARS = 300

#: A section kicker ("Homeland Security", "World | Middle East") is a few short words.
_KICKER_WORDS = 4
_KICKER_CHARS = 40


def is_headline_like(line: str) -> bool:
    n = count_words(line)
    if not 1 <= n <= _HEADLINE_WORDS or len(line) > _HEADLINE_CHARS or not _starts_upper(line):
        return False
    if line.endswith((",", ";", ":")):
        return False
    return not ENDS_PERIOD.search(line) or line.rstrip(_CLOSERS).endswith(("...", "…"))


def is_kicker_like(line: str) -> bool:
    return (count_words(line) <= _KICKER_WORDS and len(line) <= _KICKER_CHARS and _starts_upper(line)
            and not re.search(r"[.!?,;:][" + re.escape(_CLOSERS) + r"]*$", line))


def same(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(tokenize(s))
    return key(a) == key(b) and bool(key(a))


def _chrome_counts(line: str) -> tuple[int, int, int, int, int]:
    """(strong, weak, site, section, content) token counts of a line."""
    v = vocab()
    strong = weak = site = section = content = 0
    for token in tokenize(line):
        if token in v.strong:
            strong += 1
        elif token in v.weak:
            weak += 1
        elif token in v.site:
            site += 1
        elif token in v.section:
            section += 1
        elif token not in STOP_WORDS and not token.isdigit():
            content += 1
    return strong, weak, site, section, content


#: A line of this many words with a quotation in it is someone speaking, even of "subscribers"
#: or "newsletters": the boilerplate patterns do not apply.
_QUOTED_WORDS = 10

#: A line whose words are at least this share widget words (with one strong one: "Share",
#: "Facebook") is a share bar, an icon bar or a button label.
_WIDGET_SHARE = 0.6

#: A menu is a run of at least this many Capitalised Words ...
_MENU_WORDS = 3

#: ... at least this share of them site, section or widget words, one of them a site or strong one,
_MENU_SHARE = 0.5

#: ... or at least this many newspaper sections making this share ("News Sport Business Culture").
_SECTION_MENU_WORDS = 4
_SECTION_MENU_SHARE = 0.7


def boilerplate_kind(line: str) -> str | None:
    """"drop" for boilerplate, "menu" for a menu-like line of Capitalised Words, else None."""
    if not any(ch.isalpha() for ch in line) or URL_ONLY.match(line):
        return "drop"
    n = count_words(line)
    quoted = n >= _QUOTED_WORDS and (line.count('"') >= 2 or ("“" in line and "”" in line))
    if not quoted:
        for find, cap in vocab().patterns:
            if n <= cap and find(line):
                return "drop"
    if _SENTENCE_PUNCT.search(line):
        return None  # running text: neither a widget bar nor a menu
    strong, weak, site, section, content = _chrome_counts(line)
    if strong:
        if (strong + weak + site) / (strong + weak + site + section + content) >= _WIDGET_SHARE:
            return "drop"  # a share bar, an icon bar, "Read Comments"
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)]
    if len(words) >= _MENU_WORDS and not _MENU_PUNCT.search(line) and all(w[0].isupper() for w in words):
        total = strong + weak + site + section + content
        share = (strong + weak + site + section) / total if total else 0.0
        if (share >= _MENU_SHARE and strong + site >= 1) or (
                section >= _SECTION_MENU_WORDS and share >= _SECTION_MENU_SHARE):
            return "menu"
    return None
