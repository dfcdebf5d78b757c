"""One text, file or bytes to an :class:`Article`: decoding, HTML or lines, cleaning, metadata.

What it is for: the pipeline of one article. Not for: many articles (see ``_sources``).
"""
from __future__ import annotations

from typing import Any

from ._article import Article, ArticleError, Dropped
from ._cleaning import clean_lines
from ._files import RECORD_SUFFIXES, as_path, decode_bytes, normalize, read_file, subject_of, suffix_of
from ._html import extract_html
from ._main_text import MainText, read_main_text
from ._metadata import first_iso_date
from ._plaintext import looks_like_html, text_lines
from ._vocabulary import guess_language


def check_choice(value: Any, name: str, allowed: tuple[str, ...]) -> None:
    """A ValueError naming the option and the values it takes, unless ``value`` is one of them."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def check_max_bytes(max_bytes: int | None) -> None:
    if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0):
        raise ValueError(f"max_bytes must be a positive int or None; got {max_bytes!r}")


def parse(raw: str, *, what: str, source: str | None, id: str | None, title: str | None,  # noqa: A002
           format: str, clean: bool, encoding: str | None, main: MainText | None = None) -> Article:  # noqa: A002
    """Clean one text; ``main``: trafilatura's reading of the page when already known."""
    if not raw.strip():
        raise ArticleError(f"{subject_of(what, 'is')} empty: there is nothing to load")
    text = normalize(raw)
    if not text.strip():  # only invisible characters (zero-width spaces, a BOM, controls)
        raise ArticleError(f"{subject_of(what, 'is')} empty once invisible characters are removed: "
                           "there is nothing to load")
    if format == "auto":
        format = "html" if looks_like_html(text) else "text"  # noqa: A001
    section = subtitle = url = declared_language = page_date = None
    bylines: list[str] = []
    dates: list[str] = []
    if format == "html":
        if main is None:
            main = read_main_text(text) if clean else MainText("", None)
        doc = extract_html(text, what, main_text=main.text)
        lines, positions, removed, known_title = doc.lines, doc.positions, list(doc.removed), doc.title
        section, subtitle, bylines, dates, url = doc.section, doc.subtitle, doc.bylines, doc.dates, doc.url
        declared_language = doc.lang.split("-")[0].lower() if doc.lang else None
        page_date, chosen = main.date, doc.chosen
    else:
        lines, positions, removed = text_lines(text, markdown=format == "markdown")
        known_title, chosen = None, False
    dateline = None
    if not clean:
        body, detected = lines, known_title
    else:
        c = clean_lines(lines, known_title=known_title, chosen=chosen)
        body, detected = c.body, c.title if known_title is None else known_title
        removed.extend(Dropped(positions[i], lines[i]) for i in c.removed)
        section, subtitle = section or c.section, subtitle or c.subtitle
        bylines, dates, dateline = bylines + c.bylines, dates + c.dates, c.dateline
    text_out = "\n\n".join(body).strip()
    if not text_out and chosen:
        # trafilatura's text was all headline, metadata or boilerplate (a caption of a page
        # whose story loads by script): the toolkit's own region, as without trafilatura.
        return parse(raw, what=what, source=source, id=id, title=title, format=format, clean=clean,
                      encoding=encoding, main=MainText("", main.date if main else None))
    if not text_out:
        if lines and clean:
            raise ArticleError(f"{subject_of(what, 'has')} no article text left after cleaning ({len(removed)} "
                               "lines dropped as boilerplate, the rest read as headline and metadata): "
                               "pass clean=False to keep every line")
        raise ArticleError(f"{subject_of(what, 'has')} nothing left once the markup is removed: "
                           "there is nothing to load")
    final_title = title if title is not None else detected
    return Article(
        text=text_out,
        title=" ".join(final_title.split()) if final_title else None,
        source=source,
        id=id,
        dateline=dateline,
        subtitle=subtitle,
        section=section,
        removed=tuple(d.text for d in sorted(removed, key=lambda d: d.position) if d.text),
        byline="; ".join(dict.fromkeys(bylines)) or None,
        date=first_iso_date(dates) or page_date,
        date_text=" | ".join(dict.fromkeys(dates)) or page_date,
        url=url,
        language=guess_language(text_out) or declared_language,  # <html lang> for texts too short to tell
        encoding=encoding,
    )


def load_one(obj: Any, *, title: str | None, id: str | None, format: str,  # noqa: A002
              clean: bool, max_bytes: int | None) -> Article:
    if isinstance(obj, Article):
        return obj
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        if max_bytes is not None and len(data) > max_bytes:
            raise ArticleError(f"the bytes are {len(data):,} long, more than max_bytes={max_bytes:,}: pass a larger "
                               "max_bytes (or max_bytes=None)")
        if not data.strip():
            raise ArticleError("the bytes are empty: there is nothing to load")
        text, encoding = decode_bytes(data, "the bytes")
        return parse(text, what="the bytes", source=None, id=id, title=title, format=format, clean=clean,
                      encoding=encoding)
    path = as_path(obj)
    if path is not None:
        suffix = suffix_of(path)
        if suffix in RECORD_SUFFIXES and path.is_file():
            raise ArticleError(f"file '{path}' holds records ({suffix}), not one article: use "
                               f"load_articles('{path}') or iter_articles('{path}')")
        text, encoding = read_file(path, max_bytes)
        if format == "auto":
            format = ("html" if suffix in (".html", ".htm", ".xhtml") else  # noqa: A001
                      "markdown" if suffix in (".md", ".markdown") else "auto")
        return parse(text, what=f"file '{path}'", source=str(path), id=id if id is not None else path.stem,
                      title=title, format=format, clean=clean, encoding=encoding)
    if isinstance(obj, str):
        if max_bytes is not None and len(obj) > max_bytes:
            raise ArticleError(f"the text is {len(obj):,} characters long, more than max_bytes={max_bytes:,}: pass "
                               "a larger max_bytes (or max_bytes=None)")
        return parse(obj, what="the text", source=None, id=id, title=title, format=format, clean=clean,
                      encoding=None)
    kind = type(obj).__name__
    hint = ": use load_articles() for many articles" if isinstance(obj, (list, tuple, dict)) else ""
    raise TypeError(f"load_article() takes a path, a str of text or HTML, or bytes; got {kind}{hint}")
