"""Plain-text scrapes: their lines and paragraphs, line shapes and boilerplate lines.

What it is for: a text file or a text field as lines (hard-wrapped paragraphs re-joined,
tag-only lines dropped), and the shape tests the cleaner uses (body-like, headline-like,
menu, share bar). Not for: HTML pages (see ``_html``), nor labelling a header.
"""
from __future__ import annotations

import html
import re

from .._text import STOP_WORDS, tokenize
from ._vocabulary import vocab


_TAG_ONLY = re.compile(r"(?:\s*(?:<[^<>]+>|&nbsp;|&#160;))+\s*")


_INLINE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*>")


_FORMATTING_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn", "em",
                              "font", "i", "ins", "kbd", "mark", "p", "q", "s", "samp", "small", "span", "strong",
                              "sub", "sup", "time", "tt", "u", "var", "wbr"})


_BLOCK_RAW = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")


_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#|mailto:)[^)\s]*(?:\s+\"[^\"]*\")?\)")


_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")


_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


_HTML_DOC = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)


_HTML_BLOCK = re.compile(r"</?(?:p|div|article|section|main|br|h[1-6]|li|ul|ol|table|tr|td|blockquote)\b[^<>]*>", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    if _HTML_DOC.search(head):
        return True
    return len(_HTML_BLOCK.findall(text[:100_000], 0)) >= 4


def _short(s: str, limit: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def text_lines(text: str, *, markdown: bool) -> tuple[list[str], list[int], list[tuple[int, str]]]:
    """Units (lines or re-joined paragraphs) of a plain text, their positions, and the markup dropped."""
    removed: list[tuple[int, str]] = []

    def drop_block(m: re.Match[str]) -> str:
        removed.append((-1, _short(m.group())))
        return "\n"

    text = _BLOCK_RAW.sub(drop_block, text)
    lines: list[str] = []
    positions: list[int] = []
    for pos, unit in enumerate(_units(text)):
        if _TAG_ONLY.fullmatch(unit):
            removed.append((pos, unit))
            continue
        if "<" in unit:
            def strip_tag(m: re.Match[str], pos: int = pos) -> str:
                if m.group(2).lower() not in _FORMATTING_TAGS:
                    removed.append((pos, m.group()))
                return " " if m.group(2).lower() in ("br", "p") else ""

            unit = _INLINE_TAG.sub(strip_tag, unit)
        if "&" in unit:
            unit = _ENTITY.sub(lambda m: html.unescape(m.group()), unit).replace("\xa0", " ")
        if "](" in unit:
            for img in _MD_IMAGE.findall(unit):
                removed.append((pos, img))
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
            if len(line) < 0.6 * width:  # a short line ends its paragraph
                units.append(current)
                current = ""
        if current:
            units.append(current)
    return units


def _wrap_width(blocks: list[list[str]], lines: list[str]) -> int | None:
    """The wrap width when the text is hard-wrapped (e.g. at 72 characters), else None."""
    if len(lines) < 4:
        return None
    lengths = sorted(len(ln) for ln in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 100 or width < 30:
        return None
    continued = sum(1 for b in blocks for ln in b[:-1] if len(ln) >= 0.6 * width)
    return width if continued >= 0.3 * len(lines) else None


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


def is_body_like(line: str) -> bool:
    """A paragraph of running text, not a headline, kicker or label."""
    n = count_words(line)
    if n >= 30:
        return True
    if n >= 6 and ENDS_PERIOD.search(line):
        return True
    if n >= 20 and _ENDS_QUESTION.search(line):
        return True
    return n >= 12 and bool(_TWO_SENTENCES.search(line))


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


def is_headline_like(line: str) -> bool:
    n = count_words(line)
    if not 1 <= n <= 30 or len(line) > 300 or not _starts_upper(line):
        return False
    if line.endswith((",", ";", ":")):
        return False
    return not ENDS_PERIOD.search(line) or line.rstrip(_CLOSERS).endswith(("...", "…"))


def is_kicker_like(line: str) -> bool:
    return (count_words(line) <= 4 and len(line) <= 40 and _starts_upper(line)
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


def boilerplate_kind(line: str) -> str | None:
    """"drop" for boilerplate, "menu" for a menu-like line of Capitalised Words, else None."""
    if not any(ch.isalpha() for ch in line) or URL_ONLY.match(line):
        return "drop"
    n = count_words(line)
    quoted = n >= 10 and (line.count('"') >= 2 or ("“" in line and "”" in line))
    if not quoted:
        for find, cap in vocab().patterns:
            if n <= cap and find(line):
                return "drop"
    if _SENTENCE_PUNCT.search(line):
        return None  # running text: neither a widget bar nor a menu
    strong, weak, site, section, content = _chrome_counts(line)
    if strong:
        if (strong + weak + site) / (strong + weak + site + section + content) >= 0.6:
            return "drop"  # a share bar, an icon bar, "Read Comments"
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)]
    if len(words) >= 3 and not _MENU_PUNCT.search(line) and all(w[0].isupper() for w in words):
        total = strong + weak + site + section + content
        share = (strong + weak + site + section) / total if total else 0.0
        if (share >= 0.5 and strong + site >= 1) or (section >= 4 and share >= 0.7):
            return "menu"
    return None
