"""Bylines, date lines and datelines in text; dates read as YYYY-MM-DD.

What it is for: "By Jane Doe, Reuters | Updated 5:32 PM ET", "LONDON (Reuters) -", and
turning a date as found into an ISO date when it holds a full one. Not for: HTML markup.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable

from ._plaintext import ENDS_PERIOD, count_words


BYLINE = re.compile(r"^(?i:by|written by|words by|story by|text by)\s+(?P<who>[A-Z\u00c0-\u024f].{0,150})$")


_SEPARATORS = re.compile(r"\s+[|•·]\s+|\s+[—–-]\s+")


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")


_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"


_STRONG_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?(?!\w)"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    r"|\b\d{4}-\d{2}-\d{2}(?:[tT ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:[zZ]|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\b\.?)?"
    r"|\b\d{1,2}\s*[ap]\.?m\b\.?"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b",
    re.I,
)


_DATE_FILLER = re.compile(
    rf"\b{_WEEKDAY}(?!\w)|\b(?:et|est|edt|ct|cst|cdt|mt|pt|pst|pdt|gmt|bst|utc|cet|cest|z)\b"
    r"|\b(?:last|updated?|published|posted|modified|first|created|date|on|at|today|yesterday|\d{4})\b"
    r"|\b\d+\s*min(?:ute)?s?\s+read\b|[,|•·:()\[\]–—-]",
    re.I,
)


#: A byline or date line is at most this many words ("By Jane Doe and John Smith, CNN |
#: Updated 1:15 PM ET, Wed March 8, 2023" is 16); a longer one is a sentence ("By Monday ...").
_META_WORDS = 16

#: The longest dateline ("LONDON, July 12 (Thomson Reuters Foundation)"); longer is a clause.
_DATELINE_CHARS = 80

#: A dateline is split off only when a sentence of this many words follows it.
_AFTER_DATELINE_WORDS = 3


def byline_of(line: str) -> tuple[str, str | None] | None:
    """(byline, date or None) for a "By Jane Doe, Reuters | Updated ..." line."""
    m = BYLINE.match(line)
    if not m or count_words(line) > _META_WORDS:
        return None
    parts = _SEPARATORS.split(m.group("who"))
    who = parts[0].strip(" ,")
    if ENDS_PERIOD.search(who) and not re.search(r"\b(?:Jr|Sr|[A-Z])\.$", who):
        return None
    words = re.findall(r"[^\W\d_][\w'’.-]*", who)
    if not words or sum(1 for w in words if w[0].isupper()) / len(words) <= 0.5:  # names: mostly Capitalised
        return None
    rest = " | ".join(parts[1:])
    return who, (rest if rest and date_of(rest) else None)


def date_of(line: str) -> str | None:
    """The line itself when it is only a date/time ("Updated 5:32 PM ET"), else None."""
    if count_words(line) > _META_WORDS or not _STRONG_DATE.search(line):
        return None
    leftover = _DATE_FILLER.sub(" ", _STRONG_DATE.sub(" ", line))
    leftover = re.sub(r"(?i)\bby\s+\S+(?:\s+\S+){0,2}\s*$", " ", leftover)  # "Posted on 3 May 2019 by admin"
    if len(leftover.split()) > 1:
        return None
    return line.strip(" |•·-–—")


_DATELINE = re.compile(
    r"^(?P<dl>"
    r"(?:[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,3}"                # ARLINGTON / NEW YORK / ST. LOUIS
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2})?"        # , Va. / , Iraq / , New Mexico
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"                     # , July 12
    r"(?:\s*\([A-Z][\w .&/-]{0,30}\))?"                           # (Reuters)
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    r"\s*\([A-Z][\w .&/-]{0,30}\)"                                # Mosul, Iraq (CNN)
    r"|\([A-Z][\w .&/-]{0,30}\))"                                 # (CNN)
    r")(?:\s*[—–]\s*|\s*--\s*|\s+-\s+|\s*:\s+(?=[A-Z]))"
    r"(?=[A-Z0-9\"“‘'(\[])"
)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    m = _DATELINE.match(paragraph)
    if not m or len(m.group("dl")) > _DATELINE_CHARS:
        return None, paragraph
    dl = m.group("dl").strip()
    has_caps_city = bool(re.match(r"[A-Z][A-Z]", dl))
    if not has_caps_city and "(" not in dl:
        return None, paragraph
    rest = paragraph[m.end():].strip()
    if count_words(rest) < _AFTER_DATELINE_WORDS:
        return None, paragraph
    return dl, rest


_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], start=1) for m in names}


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")


_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({_MONTH})\s*,?\s+(\d{{4}})(?!\d)", re.I)


_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})(?!\d)", re.I)


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)")


#: Years outside this range are read as a misparse (a price, a count), not a date.
_YEARS = range(1800, 2200)


def iso_date(found: str) -> str | None:
    """The first calendar date in ``found`` as "YYYY-MM-DD", or None when it has no full date.

    Reads ISO dates (with a time or not), "3 May 2019", "May 3, 2019", "Wed March 8, 2023",
    "03.05.2019" (day first, as where dots are used) and "5/13/2019" (only when one of the
    first two numbers is above 12; "3/5/2019" is ambiguous and not read).

    >>> iso_date("Updated 5:32 PM ET, Wed March 8, 2023"), iso_date("2017-07-10T09:00:00Z")
    ('2023-03-08', '2017-07-10')
    >>> iso_date("Posted on 3rd May 2019 by admin"), iso_date("Updated 5:32 PM ET"), iso_date("3/5/2019")
    ('2019-05-03', None, None)
    """
    candidates: list[tuple[int, int, int, int]] = []  # (position, year, month, day)
    for m in _ISO_DATE.finditer(found):
        candidates.append((m.start(), int(m[1]), int(m[2]), int(m[3])))
    for m in _DAY_MONTH_YEAR.finditer(found):
        candidates.append((m.start(), int(m[3]), _MONTHS[m[2].lower().rstrip(".")], int(m[1])))
    for m in _MONTH_DAY_YEAR.finditer(found):
        candidates.append((m.start(), int(m[3]), _MONTHS[m[1].lower().rstrip(".")], int(m[2])))
    for m in _NUMERIC_DATE.finditer(found):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        if m[2] == "." or a > 12:
            candidates.append((m.start(), year, b, a))
        elif b > 12:
            candidates.append((m.start(), year, a, b))
    for _, year, month, day in sorted(candidates):
        if year in _YEARS:
            try:
                return _dt.date(year, month, day).isoformat()
            except ValueError:
                continue
    return None


def first_iso_date(found: Iterable[str]) -> str | None:
    return next((iso for iso in map(iso_date, found) if iso), None)
