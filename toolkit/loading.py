"""Loading and cleaning articles: files, folders, JSONL/CSV/Parquet, raw text or HTML.

What it is for: turning what a scraper saved (a text file with a tracking pixel and a
share bar, a whole HTML page, a CSV of articles in an unknown encoding) into clean
:class:`Article` objects: the headline as ``.title``, only the body as ``.text``, and the
metadata the page carried (section kicker, dateline, subtitle, byline, date, URL).
What the cleaner dropped is kept in ``Article.removed`` so it can be checked.

What it is not for: fetching pages from the web, splitting sentences
(:mod:`toolkit.sentences`), or anything that needs a trained model. The cleaning rules
are general heuristics over line shape and the vocabularies and patterns of
``toolkit/data/boilerplate.txt``, not a list of known pages.

How a text is cleaned, in order:

1. decoding (files and bytes): BOM, UTF-8, a ``<meta charset>``, charset-normalizer
   for non-Latin scripts, then cp1252 and latin-1, so decoding never fails; binary
   files (NUL bytes, PDF/ZIP/image signatures, mostly control characters) are refused;
2. normalising: newlines, odd spaces (no-break, thin, ideographic) and invisible
   characters (controls, zero-width spaces, soft hyphens, bidi marks and overrides) removed,
   mojibake such as ``â€™`` repaired, Unicode NFC;
3. HTML pages: trafilatura chooses the main text (comments left out), and the page's
   text blocks, as :class:`html.parser.HTMLParser` reads them, that hold it are the body;
   the date is read from the markup by htmldate when no date line says it. When
   trafilatura finds no main text, the toolkit's own rules choose: ``<script>``, ``<style>``,
   ``<nav>``, ``<header>`` (outside the article), ``<footer>``, ``<aside>``, ``<form>``,
   ``<figure>`` and elements whose class names say share/cookie/newsletter/related/...
   are dropped; the largest ``<article>``/``<main>`` is kept. Either way the title comes
   from the story's ``<h1>``, else ``og:title``, else ``<title>`` minus a " - Site Name"
   suffix, and bylines, dates and kickers from the markup's roles.
   Plain text keeps its lines (hard-wrapped paragraphs are re-joined); tag-only lines
   (tracking pixels) and inline tags are dropped, entities decoded;
4. boilerplate lines are dropped anywhere: share/icon bars, menus of Capitalised
   Words, cookie banners, newsletter boxes, "Read Comments", photo credits...;
5. the header (the lines before the first body paragraph) is read as
   kicker (-> ``.section``), headline (-> ``.title``), subtitle, byline and date;
6. the tail after the last body paragraph loses short non-sentence lines; a dateline
   ("ARLINGTON, Va. —", "LONDON (Reuters) -") is moved from the first paragraph to
   ``.dateline``; repeated paragraphs are dropped. (The main text trafilatura chose keeps
   its tail, its repeated lines, table cells and URLs: steps 4 and 6 are for plain-text
   scrapes, and on pages only the boilerplate vocabulary of step 4 applies.)
7. the date found is read as ``.date`` = "YYYY-MM-DD" when it holds a full date;
   ``.date_text`` keeps it as found.
"""
from __future__ import annotations

import codecs
import csv
import datetime as _dt
import glob as _glob
import gzip
import html
import json
import logging
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._text import STOP_WORDS, tokenize

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Article",
    "ArticleError",
    "LoadFailure",
    "articles_frame",
    "iter_articles",
    "load_article",
    "load_articles",
]

#: Default of ``max_bytes``: files (and texts) larger than this are refused, not read.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_FORMATS = ("auto", "text", "html", "markdown")
_ERRORS = ("warn", "raise", "ignore")

#: Files a folder or glob contributes one article each.
_ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md")
_EXTRA_ARTICLE_SUFFIXES = (".text", ".xhtml", ".markdown")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_RECORD_SUFFIXES = _JSONL_SUFFIXES + _CSV_SUFFIXES + _PARQUET_SUFFIXES + (".json",)

_TEXT_COLUMNS = ("text", "article", "body", "content", "story", "full_text")
_TITLE_COLUMNS = ("title", "headline")
_ID_COLUMNS = ("id", "article_id", "doc_id", "uid")
_URL_COLUMNS = ("url", "link")
_DATE_COLUMNS = ("date", "published", "published_at", "publish_date", "pubdate")


# --------------------------------------------------------------------------- results


class ArticleError(ValueError):
    """An input that cannot be loaded as an article: empty, binary, too large, no body.

    A :class:`ValueError`, so ``except ValueError`` catches it too.
    """


@dataclass(frozen=True)
class Article:
    """A cleaned news article.

    Attributes
    ----------
    text : str
        The body only, paragraphs separated by one blank line.
    title : str or None
        The headline (None when the input had none and none was given).
    source : str or None
        The file it was read from (None for a text passed directly).
    id : str or None
        The file stem or the record id.
    dateline : str or None
        "ARLINGTON, Va.", "LONDON (Reuters)": moved out of the first paragraph.
    subtitle : str or None
        The standfirst between headline and body.
    section : str or None
        The kicker above the headline ("Homeland Security").
    removed : tuple of str
        The lines and fragments the cleaner dropped, in order (menus, share bars,
        tracking pixels, cookie banners...), so what cleaning did can be checked.
    byline : str or None
        "Jane Doe, Reuters" from a "By ..." line or the page's author markup.
    date : str or None
        The publication date as "YYYY-MM-DD", when one could be read: from the date
        line or byline ("Updated 5:32 PM ET, Wed March 8, 2023" -> "2023-03-08"), the
        page's markup (``<time datetime>``, ``article:published_time``, JSON-LD, the URL:
        read by htmldate), or a date column of a table. None when no full date was found.
    date_text : str or None
        The date as found, not parsed ("Updated 5:32 PM ET", "2017-07-12T09:00:00Z"),
        several joined by " | "; it is kept when it holds no full date (then ``date``
        is None).
    url : str or None
        The page's canonical URL when the HTML or the record gives one.
    language : str or None
        A guess from function words: "en", "fr", "de", "es", "it", "pt", "nl", "und"
        (undetermined) or None for texts too short to tell (under 20 words).
    encoding : str or None
        The encoding the file or bytes were decoded with.

    Examples
    --------
    >>> a = load_article("Markets rally\\n\\nShares rose on Monday as investors cheered the news.")
    >>> a
    Article(title='Markets rally', 9 words)
    >>> a.text
    'Shares rose on Monday as investors cheered the news.'
    """

    text: str
    title: str | None = None
    source: str | None = None
    id: str | None = None
    dateline: str | None = None
    subtitle: str | None = None
    section: str | None = None
    removed: tuple[str, ...] = field(default=(), repr=False)
    byline: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    encoding: str | None = None
    date_text: str | None = None

    def __repr__(self) -> str:
        title = "(no title)" if self.title is None else self.title
        if len(title) > 60:
            title = title[:57] + "..."
        prefix = f"id={self.id!r}, " if self.id is not None else ""
        return f"Article({prefix}title={title!r}, {self.n_words} words)"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body's paragraphs.

        >>> load_article("One para here.\\n\\nAnother one.").paragraphs
        ('One para here.', 'Another one.')
        """
        return tuple(p for p in self.text.split("\n\n") if p)

    @property
    def n_words(self) -> int:
        """Number of whitespace-separated words in the body."""
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        """The article's fields as a plain dict (``removed`` as a list).

        >>> sorted(load_article("Body text here.").to_dict())[:4]
        ['byline', 'date', 'date_text', 'dateline']
        """
        return {
            "id": self.id, "title": self.title, "section": self.section, "subtitle": self.subtitle,
            "dateline": self.dateline, "byline": self.byline, "date": self.date, "date_text": self.date_text,
            "url": self.url,
            "language": self.language, "encoding": self.encoding, "source": self.source,
            "n_words": self.n_words, "text": self.text, "removed": list(self.removed),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per paragraph: ``paragraph`` (the text) and ``n_words``.

        >>> load_article("Title here\\n\\nFirst paragraph of it.\\n\\nSecond one.").to_frame()
                         paragraph  n_words
        0  First paragraph of it.        4
        1              Second one.        2
        """
        import pandas as pd

        paragraphs = list(self.paragraphs)
        return pd.DataFrame({"paragraph": paragraphs, "n_words": [len(p.split()) for p in paragraphs]})

    def to_html(self) -> str:
        """The article as an HTML fragment (title, metadata line, subtitle, paragraphs).

        >>> print(load_article("A <b>bold</b> & safe body.", title="T & C").to_html()[:60])
        <div class="toolkit-article"><h3>T &amp; C</h3>...
        """
        esc = html.escape
        parts = ['<div class="toolkit-article">']
        if self.title:
            parts.append(f"<h3>{esc(self.title)}</h3>")
        meta = [m for m in (self.section, self.dateline, self.byline, self.date or self.date_text) if m]
        if meta:
            parts.append(f'<p style="color:#666;font-size:90%">{esc(" · ".join(meta))}</p>')
        if self.subtitle:
            parts.append(f"<p><em>{esc(self.subtitle)}</em></p>")
        parts.extend(f"<p>{esc(p)}</p>" for p in self.paragraphs)
        if self.removed:
            parts.append(f'<p style="color:#999;font-size:85%">({len(self.removed)} boilerplate '
                         f'line{"s" if len(self.removed) != 1 else ""} removed)</p>')
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()


@dataclass(frozen=True)
class LoadFailure:
    """An item :func:`iter_articles` could not load, reported instead of raised.

    Attributes
    ----------
    source : str
        The file (or "file:line" for a record) or a description of the input.
    id : str or None
        The file stem or record id, when known.
    reason : str
        What was wrong, in words ("file 'x.txt' is empty ...").
    """

    source: str
    id: str | None
    reason: str


def articles_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """One row per article: id, title, metadata, ``n_words``, ``n_removed``, source, text.

    Parameters
    ----------
    articles : iterable of Article

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> df = articles_frame([load_article("Hello there\\n\\nA short body.", id="a")])
    >>> df[["id", "title", "n_words"]]
      id        title  n_words
    0  a  Hello there        3
    """
    import pandas as pd

    if isinstance(articles, (str, Article)):
        raise TypeError("articles_frame() takes a list of Article objects, not a single "
                        f"{type(articles).__name__}: wrap it in a list")
    rows = []
    for a in articles:
        if not isinstance(a, Article):
            raise TypeError(f"articles_frame() takes Article objects; got {type(a).__name__}")
        row = a.to_dict()
        row["n_removed"] = len(row.pop("removed"))
        rows.append(row)
    columns = ["id", "title", "section", "subtitle", "dateline", "byline", "date", "date_text", "url", "language",
               "encoding", "n_words", "n_removed", "source", "text"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- public loaders


def load_article(
    path_or_text: str | bytes | PathLike[str],
    *,
    title: str | None = None,
    id: str | None = None,  # noqa: A002 - the Article field's name
    format: Literal["auto", "text", "html", "markdown"] = "auto",  # noqa: A002
    clean: bool = True,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Article:
    """Read one article from a file, raw text, HTML or bytes, and clean it.

    Parameters
    ----------
    path_or_text : str, path-like or bytes
        A path-like object is always a file. A ``str`` is a file when it names an
        existing one; a single line ending in an article or data suffix (".txt",
        ".html", ".md", ".csv", ...) or starting with "/", "./", "../" or "~" is a
        path too, and :class:`FileNotFoundError` is raised when it does not exist.
        Any other ``str`` (several lines, or a sentence) is the article itself.
        ``bytes`` are decoded like a file's contents; an :class:`Article` is returned
        as it is.
    title : str, optional
        The headline to use. The headline line found in the text is still taken out
        of the body (it is not a paragraph).
    id : str, optional
        Defaults to the file's stem (None for text).
    format : {"auto", "text", "html", "markdown"}, default "auto"
        "auto" goes by the file suffix, then by whether the text looks like an HTML
        page (a ``<html>``/``<body>`` tag, or several block tags such as ``<p>``).
    clean : bool, default True
        False keeps every line: no headline detection, nothing dropped but markup.
    max_bytes : int or None, default 20 MiB
        Larger files (and longer texts) are refused with :class:`ArticleError`
        before being read. None reads anything.

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        Empty or whitespace-only input, a binary file, a file larger than
        ``max_bytes``, an HTML page without body text, or nothing left after cleaning.
        A subclass of :class:`ValueError`.
    FileNotFoundError, IsADirectoryError
        A path that does not exist, or a folder (use :func:`load_articles`).

    Warns
    -----
    UserWarning
        When the article does not look like English: the stop words and stemmer the
        toolkit uses downstream are English ones, so summaries and similarities of
        such an article are weaker. ``Article.language`` holds the guess.

    Examples
    --------
    >>> page = '''Politics
    ...
    ... Senate passes the budget bill
    ...
    ... By Jane Doe, Reuters
    ... Updated 5:32 PM ET, March 8, 2023
    ...
    ... WASHINGTON (Reuters) - The Senate passed the budget on Tuesday after a long debate.
    ...
    ... Facebook Twitter Email Share
    ... Read Comments'''
    >>> a = load_article(page)
    >>> a.title, a.section, a.byline, a.dateline
    ('Senate passes the budget bill', 'Politics', 'Jane Doe, Reuters', 'WASHINGTON (Reuters)')
    >>> a.date, a.date_text
    ('2023-03-08', 'Updated 5:32 PM ET, March 8, 2023')
    >>> a.text
    'The Senate passed the budget on Tuesday after a long debate.'
    >>> a.removed
    ('Facebook Twitter Email Share', 'Read Comments')
    >>> load_article("   ")
    Traceback (most recent call last):
    ...
    toolkit.loading.ArticleError: the text is empty: there is nothing to load
    """
    _check_format(format)
    _check_max_bytes(max_bytes)
    article = _load_one(path_or_text, title=title, id=id, format=format, clean=clean, max_bytes=max_bytes)
    _warn_language([article], stacklevel=3)
    return article


def load_articles(
    source: Any,
    *,
    text_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    errors: Literal["warn", "raise", "ignore"] = "warn",
) -> list[Article]:
    """Load many articles: a folder, a glob, a list, a JSONL, CSV or Parquet file.

    Parameters
    ----------
    source : path, str, list or pandas.DataFrame
        - a folder: every ``*.txt``, ``*.html``, ``*.htm`` and ``*.md`` file in it
          (not in sub-folders), sorted by name, one article each;
        - a glob pattern ("articles/*.html", "data/**/*.txt");
        - a ``.jsonl``/``.ndjson`` (optionally ``.gz``), ``.csv``/``.tsv``, ``.parquet``
          or ``.json`` file: one article per record;
        - any other file: one article;
        - a list or tuple of any of these, of raw texts, of dicts (records) or of
          :class:`Article` objects (kept as they are);
        - a :class:`pandas.DataFrame`: one article per row.
    text_column, title_column, id_column : str, optional
        The record fields to use. By default the first present (case-insensitive) of
        "text", "article", "body", "content", "story", "full_text" for the text;
        "title", "headline" for the title; "id", "article_id", "doc_id", "uid" for the
        id. Records without an id get "<file stem>:<n>" (n: the JSONL line number, or
        the 1-based row number); DataFrame rows get their index. A "url" or "date"
        field fills those attributes.
    max_bytes : int or None, default 20 MiB
        Limit per article file, or per record's text (record files themselves are
        streamed and may be larger).
    errors : {"warn", "raise", "ignore"}, default "warn"
        What to do with items that cannot be loaded (see :func:`iter_articles`):
        "warn" keeps the good ones and emits one warning summarising the failures
        (and raises :class:`ArticleError` if nothing at all could be loaded);
        "raise" raises :class:`ArticleError` at the first one; "ignore" skips them.

    Returns
    -------
    list of Article

    Raises
    ------
    FileNotFoundError
        A path or glob that matches nothing.
    TypeError
        A ``str`` of text (use :func:`load_article`), or an unsupported object.
    ArticleError
        See ``errors``; also a folder without article files.

    Warns
    -----
    UserWarning
        One warning for all the failures (``errors="warn"``), and one naming the
        articles that do not look like English.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = pathlib.Path(folder, "a.txt").write_text("First headline\\n\\nThe first body.")
    ...     _ = pathlib.Path(folder, "b.txt").write_text("Second headline\\n\\nThe second body.")
    ...     [a.title for a in load_articles(folder)]
    ['First headline', 'Second headline']
    """
    if errors not in _ERRORS:
        raise ValueError(f"errors must be one of {', '.join(map(repr, _ERRORS))}; got {errors!r}")
    _check_max_bytes(max_bytes)
    items = _iterate(_expand_source(source, "load_articles()"),
                     _RecordOptions(text_column, title_column, id_column, max_bytes))
    articles: list[Article] = []
    failures: list[LoadFailure] = []
    for item in items:
        if isinstance(item, LoadFailure):
            if errors == "raise":
                raise ArticleError(_failure_text(item))
            failures.append(item)
        else:
            articles.append(item)
    if failures and errors == "warn":
        shown = "; ".join(_failure_text(f) for f in failures[:3])
        more = f" (and {len(failures) - 3} more: iter_articles() lists them all)" if len(failures) > 3 else ""
        if not articles:
            raise ArticleError(f"no article could be loaded from {_describe(source)}: "
                               f"{len(failures)} failed: {shown}{more}")
        warnings.warn(f"{len(failures)} of {len(failures) + len(articles)} items could not be loaded and "
                      f"were skipped: {shown}{more}", UserWarning, stacklevel=2)
    _warn_language(articles, stacklevel=3)
    return articles


def iter_articles(
    source: Any,
    *,
    text_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Article | LoadFailure]:
    """Stream the articles of ``source``, with a :class:`LoadFailure` for each broken item.

    Built for corpora: JSONL is read line by line, CSV row by row, Parquet by row
    batches, so memory stays bounded whatever the file size. Nothing per item is
    raised: an empty, binary, undecodable or over-``max_bytes`` file, a malformed JSONL
    line (with its line number), a record without text, or a file without a text
    column each give a :class:`LoadFailure`. Problems with ``source`` itself (a path
    that does not exist, a glob that matches nothing, a text string, an empty folder)
    are raised at once, when ``iter_articles`` is called. No language warning is
    emitted here: read ``Article.language``.

    Parameters
    ----------
    source, text_column, title_column, id_column, max_bytes
        As in :func:`load_articles`.

    Returns
    -------
    iterator of Article or LoadFailure
        In source order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "news.jsonl")
    ...     _ = path.write_text('{"id": "a", "title": "T", "text": "Body one."}\\n{broken\\n')
    ...     for item in iter_articles(path):
    ...         print(type(item).__name__, item.id)
    Article a
    LoadFailure news:2
    """
    _check_max_bytes(max_bytes)
    units = _expand_source(source, "iter_articles()")
    options = _RecordOptions(text_column, title_column, id_column, max_bytes)
    return _iterate(units, options)


# --------------------------------------------------------------------------- validation


def _check_format(format: str) -> None:  # noqa: A002
    if format not in _FORMATS:
        raise ValueError(f"format must be one of {', '.join(map(repr, _FORMATS))}; got {format!r}")


def _check_max_bytes(max_bytes: int | None) -> None:
    if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0):
        raise ValueError(f"max_bytes must be a positive int or None; got {max_bytes!r}")


def _describe(source: Any) -> str:
    if isinstance(source, (str, PathLike)):
        return repr(os.fspath(source)) if len(os.fspath(source)) < 200 else "the text"
    return f"the {type(source).__name__}"


def _failure_text(failure: LoadFailure) -> str:
    return failure.reason if failure.source in failure.reason else f"{failure.source}: {failure.reason}"


# --------------------------------------------------------------------------- paths and bytes

_PATH_START = re.compile(r"^(?:~|\.{1,2}[/\\]|/|\\\\|[A-Za-z]:[/\\])")


def _as_path(obj: Any) -> Path | None:
    """The file ``obj`` names, or None when ``obj`` is text (see load_article's doc)."""
    if isinstance(obj, PathLike):
        return Path(os.fsdecode(os.fspath(obj)))
    if not isinstance(obj, str):
        return None
    s = obj.strip()
    if not s or "\n" in s or "<" in s or len(s) > 1024:
        return None
    p = Path(os.path.expanduser(s))
    try:
        if p.exists():
            return p
    except (OSError, ValueError):  # a name too long for the file system, an embedded NUL
        return None
    low = s.lower()
    if low.endswith(_ARTICLE_SUFFIXES + _EXTRA_ARTICLE_SUFFIXES + _RECORD_SUFFIXES) or _PATH_START.match(s):
        return p
    return None


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in _RECORD_SUFFIXES + _EXTRA_ARTICLE_SUFFIXES + _ARTICLE_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def _read_file(path: Path, max_bytes: int | None) -> tuple[str, str]:
    what = f"file '{path}'"
    if not path.exists():
        raise FileNotFoundError(f"no such file: '{path}' (pass the text itself, or the path of an existing file)")
    if path.is_dir():
        raise IsADirectoryError(f"'{path}' is a folder: use load_articles('{path}') to load the articles in it")
    if not path.is_file():  # a device (/dev/zero), pipe or socket: its size says nothing of its length
        raise ArticleError(f"{what} is not a regular file (a device, pipe or socket): save the text to a file "
                           "and load that")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise ArticleError(f"{what} is {size:,} bytes ({size / 2**20:.1f} MiB), more than max_bytes={max_bytes:,}: "
                           "pass a larger max_bytes (or max_bytes=None) to read it")
    with open(path, "rb") as f:  # bounded: the file may grow while it is read
        data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise ArticleError(f"{what} is more than max_bytes={max_bytes:,} bytes: pass a larger max_bytes "
                           "(or max_bytes=None) to read it")
    if not data.strip():
        raise ArticleError(f"{what} is empty: there is nothing to load")
    return _decode_bytes(data, what)


_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"PAR1", "a Parquet file (use load_articles)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
                       re.I)


def _decode_bytes(data: bytes, what: str) -> tuple[str, str]:
    """Decode ``data``; never fails on text, raises ArticleError on binary data."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(f"{_subject(what, 'looks')} like a binary file ({kind}), not text: convert it to "
                               "text or HTML first")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), what), encoding
    sample = data[:65536]
    if b"\x00" in sample:
        encoding = _utf16_without_bom(sample)
        if encoding is None:
            raise ArticleError(f"{_subject(what, 'looks')} like a binary file (it contains NUL bytes), not text")
        return _checked(data.decode(encoding, errors="replace"), what), encoding
    try:
        return _checked(data.decode("utf-8"), what), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _DECLARED.search(sample[:4096])
    if declared:
        name = (declared.group(1) or declared.group(2)).decode("ascii", "replace")
        try:
            codecs.lookup(name)
            return _checked(data.decode(name), what), name.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    guess = _charset_guess(data)
    if guess is not None:
        try:
            text = data.decode(guess)
        except (LookupError, UnicodeDecodeError):
            text = ""
        if text and not _mostly_latin(text):  # Cyrillic, Greek, Arabic, CJK...: trust the guess
            return _checked(text, what), guess
    # Latin-script legacy text: charset-normalizer often says cp1250 or mac_roman for short
    # English texts, where cp1252 (what browsers use for "latin-1" too) is far likelier;
    # latin-1 itself decodes any byte, so this never fails.
    try:
        return _checked(data.decode("cp1252"), what), "cp1252"
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"), what), "latin-1"


_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"(?![A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f])[^\W\d_]")


def _mostly_latin(text: str) -> bool:
    sample = text[:5000]
    non_latin = len(_NON_LATIN_LETTER.findall(sample))
    return non_latin == 0 or non_latin / len(_LETTER.findall(sample)) < 0.5


def _charset_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a pinned dependency
        return None
    best = from_bytes(data[:200_000]).best()
    return None if best is None else best.encoding


def _utf16_without_bom(sample: bytes) -> str | None:
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 8:
        return None
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.4 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.4 and zero_odd < 0.05:
        return "utf-16-be"
    return None


_PLURAL_VERBS = {"is": "are", "has": "have", "looks": "look"}


def _subject(what: str, verb: str) -> str:
    """``what`` with ``verb`` agreeing: "file 'a.txt' is", but "the bytes are"."""
    return f"{what} {_PLURAL_VERBS[verb] if what == 'the bytes' else verb}"


def _checked(text: str, what: str) -> str:
    """Refuse decoded text that is mostly control characters (binary data)."""
    sample = text[:20000]
    bad = sum(1 for ch in sample if (unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\t\n\r\f\v")
              or ch == "\ufffd")
    if sample and bad >= 5 and bad / len(sample) > 0.02:
        raise ArticleError(f"{_subject(what, 'looks')} like a binary file ({bad / len(sample):.0%} control or "
                           "undecodable characters), not text")
    return text


# --------------------------------------------------------------------------- normalising

_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]+")
# Controls, zero-width spaces, soft hyphens and the bidi marks, embeddings, overrides and
# isolates ("Trojan Source" characters). ZWNJ/ZWJ (U+200C/D) stay: scripts and emoji need them.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e"
                        r"\u2060\u2066-\u2069\ufeff]+")


def _mojibake_chars(first: range) -> str:
    chars = set()
    for b in first:
        try:
            chars.add(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.add(chr(b))
    return "".join(sorted(chars))


# UTF-8 read as cp1252 ("it’s" -> "itâ€™s"): a lead character then 1-3 continuations.
_CONT = re.escape(_mojibake_chars(range(0x80, 0xC0)))
_MOJIBAKE = re.compile(
    f"[{re.escape(_mojibake_chars(range(0xC2, 0xE0)))}][{_CONT}]"
    f"|[{re.escape(_mojibake_chars(range(0xE0, 0xF0)))}][{_CONT}]{{2}}"
    f"|[{re.escape(_mojibake_chars(range(0xF0, 0xF5)))}][{_CONT}]{{3}}"
)


def _unmojibake(match: re.Match[str]) -> str:
    s = match.group()
    try:
        raw = b"".join(ch.encode("cp1252") if ch.encode("cp1252", errors="ignore") else ch.encode("latin-1")
                       for ch in s)
        return raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if _MOJIBAKE.search(text):
        text = _MOJIBAKE.sub(_unmojibake, text)
    text = _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))
    text = unicodedata.normalize("NFC", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


# --------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class _Vocab:
    strong: frozenset[str]
    weak: frozenset[str]
    site: frozenset[str]
    section: frozenset[str]
    patterns: tuple[tuple[Any, int], ...]  # (bound match or search method, word cap)


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
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


def _guess_language(text: str) -> str | None:
    """"en", another code of language_stopwords.txt, "und", or None (< 20 words)."""
    tokens = tokenize(text[:5000])
    if len(tokens) < 20:
        return None
    if not _mostly_latin(text):
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


def _warn_language(articles: list[Article], *, stacklevel: int) -> None:
    odd = [a for a in articles if a.language not in (None, "en")]
    if not odd:
        return
    names = ", ".join(f"{a.id or a.title or 'text'!s} ({_LANGUAGE_NAMES.get(a.language or '', a.language)})"
                      for a in odd[:5])
    more = f" and {len(odd) - 5} more" if len(odd) > 5 else ""
    subject = "this article does" if len(articles) == 1 else f"{len(odd)} articles do"
    warnings.warn(f"{subject} not look like English: {names}{more}. The toolkit's stop words and stemmer are "
                  "English, so summaries, similarities and themes of non-English text are weaker "
                  "(see Article.language).", UserWarning, stacklevel=stacklevel)


# --------------------------------------------------------------------------- the text side

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


def _looks_like_html(text: str) -> bool:
    head = text[:5000]
    if _HTML_DOC.search(head):
        return True
    return len(_HTML_BLOCK.findall(text[:100_000], 0)) >= 4


def _short(s: str, limit: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _text_lines(text: str, *, markdown: bool) -> tuple[list[str], list[int], list[tuple[int, str]]]:
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


# --------------------------------------------------------------------------- line shapes

_CLOSERS = "\"'”’)]»"
_ENDS_PERIOD = re.compile(rf"(?<!\.\.)\.[{re.escape(_CLOSERS)}]*$")
_ENDS_TERMINAL = re.compile(rf"[.!?…:][{re.escape(_CLOSERS)}]*$")
_ENDS_QUESTION = re.compile(rf"[!?][{re.escape(_CLOSERS)}]*$")
_TWO_SENTENCES = re.compile(rf"[a-z0-9][.!?][{re.escape(_CLOSERS)}]*\s+[\"'“‘(]?[A-Z]")
_SENTENCE_PUNCT = re.compile(r"[.!?;\"“”]")
_MENU_PUNCT = re.compile(r"[.,;:!?\"“”()]")
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[-*•–·▪►]|\(?[a-z0-9]\))\s+\S")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$|^@\w+$", re.I)


_WORD = re.compile(r"\w+")


def _n_words(line: str) -> int:
    return len(line.split())


def _is_body_like(line: str) -> bool:
    """A paragraph of running text, not a headline, kicker or label."""
    n = _n_words(line)
    if n >= 30:
        return True
    if n >= 6 and _ENDS_PERIOD.search(line):
        return True
    if n >= 20 and _ENDS_QUESTION.search(line):
        return True
    return n >= 12 and bool(_TWO_SENTENCES.search(line))


def _is_sentence_like(line: str) -> bool:
    return _n_words(line) >= 2 and bool(_ENDS_TERMINAL.search(line))


def _starts_upper(line: str) -> bool:
    for ch in line:
        if ch.isalnum():
            return ch.isupper() or ch.isdigit()
    return False


def _is_headline_like(line: str) -> bool:
    n = _n_words(line)
    if not 1 <= n <= 30 or len(line) > 300 or not _starts_upper(line):
        return False
    if line.endswith((",", ";", ":")):
        return False
    return not _ENDS_PERIOD.search(line) or line.rstrip(_CLOSERS).endswith(("...", "…"))


def _is_kicker_like(line: str) -> bool:
    return (_n_words(line) <= 4 and len(line) <= 40 and _starts_upper(line)
            and not re.search(r"[.!?,;:][" + re.escape(_CLOSERS) + r"]*$", line))


def _same(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(tokenize(s))
    return key(a) == key(b) and bool(key(a))


# --------------------------------------------------------------------------- boilerplate


def _chrome_counts(line: str) -> tuple[int, int, int, int, int]:
    """(strong, weak, site, section, content) token counts of a line."""
    v = _vocab()
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


def _boilerplate_kind(line: str) -> str | None:
    """"drop" for boilerplate, "menu" for a menu-like line of Capitalised Words, else None."""
    if not any(ch.isalpha() for ch in line) or _URL_ONLY.match(line):
        return "drop"
    n = _n_words(line)
    quoted = n >= 10 and (line.count('"') >= 2 or ("“" in line and "”" in line))
    if not quoted:
        for find, cap in _vocab().patterns:
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


# --------------------------------------------------------------------------- bylines, dates, datelines

_BYLINE = re.compile(r"^(?i:by|written by|words by|story by|text by)\s+(?P<who>[A-Z\u00c0-\u024f].{0,150})$")
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


def _byline_of(line: str) -> tuple[str, str | None] | None:
    """(byline, date or None) for a "By Jane Doe, Reuters | Updated ..." line."""
    m = _BYLINE.match(line)
    if not m or _n_words(line) > 16:
        return None
    parts = _SEPARATORS.split(m.group("who"))
    who = parts[0].strip(" ,")
    if _ENDS_PERIOD.search(who) and not re.search(r"\b(?:Jr|Sr|[A-Z])\.$", who):
        return None
    words = re.findall(r"[^\W\d_][\w'’.-]*", who)
    if not words or sum(1 for w in words if w[0].isupper()) / len(words) <= 0.5:
        return None
    rest = " | ".join(parts[1:])
    return who, (rest if rest and _date_of(rest) else None)


def _date_of(line: str) -> str | None:
    """The line itself when it is only a date/time ("Updated 5:32 PM ET"), else None."""
    if _n_words(line) > 16 or not _STRONG_DATE.search(line):
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


def _split_dateline(paragraph: str) -> tuple[str | None, str]:
    m = _DATELINE.match(paragraph)
    if not m or len(m.group("dl")) > 80:
        return None, paragraph
    dl = m.group("dl").strip()
    has_caps_city = bool(re.match(r"[A-Z][A-Z]", dl))
    if not has_caps_city and "(" not in dl:
        return None, paragraph
    rest = paragraph[m.end():].strip()
    if _n_words(rest) < 3:
        return None, paragraph
    return dl, rest


# --------------------------------------------------------------------------- header, body, tail


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

    @property
    def body(self) -> list[str]:
        body = [ln for ln, lab in zip(self.lines, self.labels) if lab == "body"]
        if body and self.first_body is not None:
            body[0] = self.first_body
        return body

    @property
    def removed(self) -> list[int]:
        """Indices of the dropped lines."""
        return [i for i, lab in enumerate(self.labels) if lab == "drop"]


_MAX_HEADER_LINES = 8


def _clean_lines(lines: list[str], *, known_title: str | None = None, chosen: bool = False) -> _Cleaned:
    """Label each line; ``chosen``: the lines are the main text trafilatura chose from a page.

    Chosen lines only lose the header (headline, byline, date) and the lines the
    boilerplate vocabulary names (share bars, "Read Comments"): the line-shape rules for
    plain-text scrapes (lines without letters, URL-only lines, the tail after the last
    paragraph, repeated lines) would drop table cells, links, closing lists and repeated
    short lines that trafilatura rightly kept.
    """
    c = _Cleaned(lines=list(lines), labels=["body"] * len(lines))
    kinds = [_boilerplate_kind(ln) for ln in lines]
    for i, kind in enumerate(kinds):
        if kind == "drop" and not (chosen and _shape_only_drop(lines[i])):
            c.labels[i] = "drop"
    live = [i for i in range(len(lines)) if c.labels[i] != "drop"]
    _read_header(c, live, kinds, known_title)
    if not chosen:
        _trim_tail(c, kinds)
    _drop_repeats(c, only_title=chosen)
    body = [i for i, lab in enumerate(c.labels) if lab == "body"]
    if body:
        dateline, rest = _split_dateline(c.lines[body[0]])
        if dateline:
            c.dateline, c.first_body = dateline, rest
    return c


def _read_header(c: _Cleaned, live: list[int], kinds: list[str | None], known_title: str | None) -> None:
    """Label the kicker, headline, subtitle, byline and date lines above the first paragraph."""
    if not live:
        return
    start = next((pos for pos, i in enumerate(live) if _is_body_like(c.lines[i])), None)
    header = live[:start] if start is not None else live[:_MAX_HEADER_LINES]
    # Bylines and dates sit near the top of the page or just above the body.
    rest: list[int] = []
    for k, i in enumerate(header):
        line = c.lines[i]
        near = k < _MAX_HEADER_LINES or k >= len(header) - _MAX_HEADER_LINES
        byline = _byline_of(line) if near else None
        date = _date_of(line) if near and not byline else None
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
            if known_title is not None and _same(c.lines[first], known_title):
                c.labels[first] = "title"
            elif known_title is None and _is_headline_like(c.lines[first]) and not _is_sentence_like(c.lines[first]):
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
        at = next((k for k, i in enumerate(header) if _same(c.lines[i], known_title)), None)
        if at is not None:
            c.labels[header[at]] = "title"
    else:
        # The headline: the first headline-shaped line of four words or more (short lines
        # above it are kickers, site names, vertical menus), else the first headline-shaped one.
        shaped = [k for k, i in enumerate(header) if _is_headline_like(c.lines[i])]
        at = next((k for k in shaped if _n_words(c.lines[header[k]]) >= 4), shaped[0] if shaped else None)
        if at is None:
            return  # no headline: keep the unexplained lines in the body
        c.labels[header[at]] = "title"
        c.title = c.lines[header[at]]
    before, after = (header[:at], header[at + 1:]) if at is not None else ([], header)
    for i in before:
        c.labels[i] = "drop"
    if before and _is_kicker_like(c.lines[before[-1]]):
        c.labels[before[-1]] = "section"
        c.section = c.lines[before[-1]]
    for k, i in enumerate(after):
        line = c.lines[i]
        if _LIST_ITEM.match(line):
            continue  # a list is content, whatever its items look like
        if c.subtitle is None and k < 3 and _n_words(line) >= 4 and kinds[i] != "menu" and not _is_sentence_like(line):
            c.labels[i] = "subtitle"
            c.subtitle = line
        elif _is_sentence_like(line) and _n_words(line) >= 3:
            pass  # a short sentence here is the start of the body: it stays
        elif k < 6:
            c.labels[i] = "drop"  # captions, credits, labels between headline and body


def _trim_tail(c: _Cleaned, kinds: list[str | None]) -> None:
    """Drop labels, menus and credits after the last paragraph of running text."""
    body = [i for i, lab in enumerate(c.labels) if lab == "body"]
    last = max((i for i in body if _is_body_like(c.lines[i])), default=None)
    if last is None:
        return
    for i in body:
        line = c.lines[i]
        if i > last and (kinds[i] == "menu" or (not _is_sentence_like(line) and _n_words(line) <= 12
                                                 and not _LIST_ITEM.match(line))):
            c.labels[i] = "drop"


def _shape_only_drop(line: str) -> bool:
    """Whether :func:`_boilerplate_kind` drops the line for its shape alone (no letters, a bare URL)."""
    return not any(ch.isalpha() for ch in line) or bool(_URL_ONLY.match(line))


def _drop_repeats(c: _Cleaned, *, only_title: bool = False) -> None:
    def key_of(s: str) -> str:
        return " ".join(_WORD.findall(s.lower()))

    seen: set[str] = set()
    title_key = key_of(c.title) if c.title else None
    for i, lab in enumerate(c.labels):
        if lab != "body":
            continue
        key = key_of(c.lines[i])
        if key and ((key in seen and _n_words(c.lines[i]) >= 3 and not only_title) or key == title_key):
            c.labels[i] = "drop"
        seen.add(key)


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
                        "head", "video", "audio", "map", "textarea", "select"})
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "dialog", "menu", "figure", "figcaption",
                          "label"})
_BLOCK_TAGS = frozenset({"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div",
                         "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
                         "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol", "p",
                         "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
                         "aside", "menu", "dialog", "button"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                        "source", "track", "wbr"})
_CLOSED_BY = {"p": _BLOCK_TAGS - {"body", "html"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
              "tr": {"tr"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "option": {"option"}}
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                           "alertdialog", "menu", "menubar", "toolbar"})
_CHROME_CLASS = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|menus|footer|sidebar|share|sharing|shares|social|socials|related|"
    r"recommended|recirc|promo|promos|promotion|advert|advertisement|adverts|ads?|adslot|adunit|dfp|sponsor|"
    r"sponsored|cookie|cookies|consent|gdpr|newsletter|newsletters|subscribe|subscription|signup|paywall|popup|"
    r"modal|overlay|breadcrumb|breadcrumbs|comment|comments|disqus|outbrain|taboola|toolbar|masthead|skip|skiplink|"
    r"sr-only|visually-hidden|screen-reader-text|tags|tag-list|more-stories|most-popular|trending)(?:$|[-_])",
    re.I,
)
_ROLE_CLASSES = (
    ("subtitle", re.compile(r"(?:^|[-_])(?:standfirst|subtitle|sub-?title|subhead|sub-?headline|dek|deck|strapline)"
                            r"(?:$|[-_])", re.I)),
    ("byline", re.compile(r"(?:^|[-_])(?:byline|author|authors|author-name|contributor|writer)(?:$|[-_])", re.I)),
    ("date", re.compile(r"(?:^|[-_])(?:date|timestamp|time|published|pubdate|updated|publish-date)(?:$|[-_])", re.I)),
    ("kicker", re.compile(r"(?:^|[-_])(?:kicker|eyebrow|overline|rubric)(?:$|[-_])", re.I)),
)
_ITEMPROP_ROLES = {"author": "byline", "datepublished": "date", "datemodified": "date", "alternativeheadline":
                   "subtitle", "description": "subtitle"}


@dataclass(slots=True)
class _Node:
    tag: str
    drop: bool = False
    chrome: str | None = None
    chrome_by_class: bool = False
    article: int | None = None
    header: bool = False
    role: str | None = None
    value: str | None = None
    boundary: bool = False  # starts and ends a text block (block-level, or a new article/header)


@dataclass(slots=True)
class _Block:
    text: str
    tag: str
    chrome: str | None
    chrome_by_class: bool
    article: int | None
    header: bool
    role: str | None
    value: str | None


class _Extractor(HTMLParser):
    """Collect the visible text blocks of a page with where they sit (article, nav...).

    Only block-level elements (<p>, <div>, <li>, <h1>..., <br>) and elements that open a
    new article or header break the text into blocks. Inline elements (<a>, <b>, <em>,
    <span>, <time>...) and dropped ones (<script>, <style>...) inside a block never cut
    it: the block's text is collected as segments, each with the element it came from,
    and joined as the source spaces them ("<b>to</b>day" is "today"). An inline element
    with a role (byline, date...) or a chrome class name only becomes a block of its own
    when the block around it is not running text (see :meth:`flush`).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Node] = [_Node("#root", boundary=True)]
        self.open_tags: dict[str, int] = {}  # how many of each tag the stack holds (no scan per end tag)
        self.blocks: list[_Block] = []
        self.segments: list[tuple[str, _Node, str]] = []  # (text, element, block tag) of the open block
        self.meta: dict[str, str] = {}
        self.page_title: list[str] | None = None
        self.in_title = False
        self.lang: str | None = None
        self.n_articles = 0

    # The innermost block element that holds the text being collected.
    def _block_tag(self) -> str:
        for node in reversed(self.stack):
            if node.tag in _BLOCK_TAGS or node.tag in ("#root", "time"):
                return node.tag
        return "#root"

    def _emit(self, parts: list[tuple[str, _Node, str]], node: _Node, tag: str) -> None:
        text = " ".join("".join(part[0] for part in parts).split())
        if text:
            self.blocks.append(_Block(text, tag, node.chrome, node.chrome_by_class, node.article, node.header,
                                      node.role, node.value))

    def flush(self) -> None:
        """End the open block: one block, or one per run of segments from like elements."""
        segments, self.segments = self.segments, []
        shown = [seg for seg in segments if seg[0].strip()]
        if not shown:
            return
        base = next(n for n in reversed(self.stack) if n.boundary and not n.drop)
        tag = self._block_tag()
        if all(_props(seg[1]) == _props(shown[0][1]) for seg in shown):
            self._emit(segments, shown[0][1], tag)
            return
        # Inline elements of their own kind (a date, an author link, a "related-link"
        # class...) inside a paragraph of running text are part of its sentences; hidden
        # text and chrome tags (<label>, role="navigation"...) never are.
        own = [seg for seg in segments if _props(seg[1]) == _props(base) or _absorbable(seg[1], base)]
        if any(_props(seg[1]) == _props(base) for seg in shown) and _is_body_like(
                " ".join("".join(seg[0] for seg in own).split())):
            self._emit(own, base, tag)
            for seg in shown:
                if not (_props(seg[1]) == _props(base) or _absorbable(seg[1], base)):
                    self._emit([seg], seg[1], seg[2])
            return
        run: list[tuple[str, _Node, str]] = []
        for seg in segments:
            if run and seg[0].strip() and (_props(seg[1]), seg[2]) != (_props(run[-1][1]), run[-1][2]):
                self._emit(run, run[-1][1], run[-1][2])
                run = []
            if seg[0].strip() or run:
                run.append(seg)
        if run:
            self._emit(run, run[-1][1], run[-1][2])

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k.lower(): (v or "") for k, v in attrs_list}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content") and key not in self.meta:
                self.meta[key] = " ".join(attrs["content"].split())
            return
        if tag == "link" and "canonical" in attrs.get("rel", "").lower() and attrs.get("href"):
            self.meta.setdefault("canonical", attrs["href"])
            return
        if tag == "html" and attrs.get("lang"):
            self.lang = attrs["lang"]
        if tag == "title" and not any(n.tag == "svg" for n in self.stack) and self.page_title is None:
            self.in_title, self.page_title = True, []
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.stack[-1].drop:
                self.flush()
            return
        while self.stack[-1].tag in _CLOSED_BY and tag in _CLOSED_BY[self.stack[-1].tag]:
            self.flush()
            self._pop()
        node = self._node(tag, attrs)
        if node.boundary:
            self.flush()
        self.stack.append(node)
        self.open_tags[tag] = self.open_tags.get(tag, 0) + 1

    def _pop(self) -> _Node:
        node = self.stack.pop()
        self.open_tags[node.tag] -= 1
        return node

    def _node(self, tag: str, attrs: dict[str, str]) -> _Node:
        parent = self.stack[-1]
        # A role (byline, date...) covers an element's own text, not the blocks inside it:
        # a wrapper called "has-author" must not turn the paragraphs it holds into a byline.
        inherit = tag not in _BLOCK_TAGS
        node = _Node(tag, drop=parent.drop or tag in _DROP_TAGS, chrome=parent.chrome,
                     chrome_by_class=parent.chrome_by_class, article=parent.article, header=parent.header,
                     role=parent.role if inherit else None, value=parent.value if inherit else None)
        role = attrs.get("role", "").lower()
        itemprop = attrs.get("itemprop", "").lower()
        if tag in ("article", "main") or role in ("main", "article") or itemprop == "articlebody":
            self.n_articles += 1
            node.article = self.n_articles
            if node.chrome_by_class:  # an <article> outranks a wrapper's class name
                node.chrome, node.chrome_by_class = None, False
        if node.chrome is None:
            hidden = ("hidden" in attrs or attrs.get("aria-hidden") == "true"
                      or re.search(r"display\s*:\s*none", attrs.get("style", ""), re.I))
            if tag in _CHROME_TAGS:
                node.chrome = f"<{tag}>"
            elif tag == "header" and node.article is None:
                node.chrome = "<header>"
            elif role in _CHROME_ROLES:
                node.chrome = f'role="{role}"'
            elif hidden:
                node.chrome = "hidden"
            elif tag not in ("html", "body", "main", "article"):
                for name in ("class", "id"):
                    tokens = attrs.get(name, "").split()
                    hit = next((t for t in tokens if _CHROME_CLASS.search(t) and t.lower() != "hidden"), None)
                    if hit:
                        node.chrome, node.chrome_by_class = f'{name}="{hit}"', True
                        break
        if tag == "header" and node.article is not None:
            node.header = True
        if tag == "time":
            node.role, node.value = "date", attrs.get("datetime") or None
        elif itemprop in _ITEMPROP_ROLES:
            node.role = _ITEMPROP_ROLES[itemprop]
            node.value = attrs.get("content") or attrs.get("datetime") or None
        elif attrs.get("rel", "").lower() == "author":
            node.role = "byline"
        else:
            classes = attrs.get("class", "").split()
            for role_name, pattern in _ROLE_CLASSES:
                if any(pattern.search(t) for t in classes):
                    node.role = role_name
                    break
        # Text inside a dropped element is never collected, so entering one (a <script>
        # inside a <p>) needs no break; a new article or header region always does.
        node.boundary = not node.drop and (tag in _BLOCK_TAGS or (node.article, node.header) != (
            parent.article, parent.header))
        return node

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID_TAGS:
            if tag == "br" and not self.stack[-1].drop:  # "</br>" is read as <br> by browsers
                self.flush()
            return
        if not self.open_tags.get(tag):
            return
        while len(self.stack) > 1:
            if self.stack[-1].boundary:
                self.flush()
            node = self._pop()
            if node.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title and self.page_title is not None:
            self.page_title.append(data)
            return
        top = self.stack[-1]
        if not top.drop:
            self.segments.append((data, top, self._block_tag()))

    def close(self) -> None:
        super().close()
        self.flush()


def _props(node: _Node) -> tuple[Any, ...]:
    """What makes a block's text chrome, article body or metadata."""
    return node.chrome, node.chrome_by_class, node.article, node.header, node.role, node.value


_HIDDEN_CLASS = re.compile(r"sr-only|visually-hidden|screen-reader|skip", re.I)


def _absorbable(node: _Node, base: _Node) -> bool:
    """Whether an inline element's text belongs to the running text of the block around it."""
    if (node.chrome, node.chrome_by_class, node.article, node.header) == (
            base.chrome, base.chrome_by_class, base.article, base.header):
        return True  # differs by role only: a date or a name in a sentence
    return (node.chrome_by_class and not _HIDDEN_CLASS.search(node.chrome or "")
            and (node.article, node.header) == (base.article, base.header))


@dataclass
class _HtmlDoc:
    lines: list[str]
    positions: list[int]  # block index of each line
    removed: list[tuple[int, str]]
    title: str | None
    section: str | None = None
    subtitle: str | None = None
    bylines: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    url: str | None = None
    lang: str | None = None
    chosen: bool = False  # the lines are the blocks of trafilatura's main text


_SITE_SUFFIX = re.compile(r"\s+(?:[|–—:·•»-]|::)\s+(?P<site>[^|–—·•»]{1,40})$")


def _strip_site(title: str, site: str | None) -> str:
    title = " ".join(title.split())
    if site and title.endswith(site) and len(title) > len(site) + 3:
        return title[: -len(site)].rstrip(" |-–—:·•»")
    m = _SITE_SUFFIX.search(title)
    if m and _n_words(m.group("site")) <= 4 and m.start() > len(m.group("site")):
        return title[: m.start()]
    return title


def _extract_html(text: str, what: str, *, main_text: str = "") -> _HtmlDoc:
    parser = _Extractor()
    parser.feed(text)
    parser.close()
    meta = parser.meta
    page_title = " ".join("".join(parser.page_title or []).split()) or None
    blocks = parser.blocks
    if not blocks:
        named = f" (its <title> is {page_title!r})" if page_title else ""
        raise ArticleError(f"{_subject(what, 'is')} an HTML page with no body text{named}: "
                           "there is nothing to load")

    def region_of(use_class: bool) -> list[_Block]:
        content = [b for b in blocks if not b.chrome or (b.chrome_by_class and not use_class)]
        sizes: dict[int, int] = {}
        for b in content:
            if b.article is not None and b.tag not in ("h1", "h2", "h3"):
                sizes[b.article] = sizes.get(b.article, 0) + len(b.text)
        if sizes:
            best = max(sizes, key=sizes.__getitem__)
            return [b for b in content if b.article == best]
        return content

    def running_text(region: list[_Block]) -> int:
        return sum(len(b.text) for b in region if _is_body_like(b.text))

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
                 if id(prev) in picked and id(b) in own and not b.chrome and _is_sentence_like(b.text)}
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
                doc.removed.append((k, b.text))
            continue
        # Roles come from class names and may sit on a wrapper ("has-author"): only short
        # blocks are metadata, long ones stay text.
        short = _n_words(b.text) <= 20
        if short and b.role == "byline":
            doc.bylines.append(_BYLINE.sub(r"\g<who>", b.text))
        elif short and b.role == "date":
            doc.dates.append(b.value or b.text)
        elif short and b.role == "kicker":
            if doc.section is None:
                doc.section = b.text
            else:
                doc.removed.append((k, b.text))
        elif b.role == "subtitle" and doc.subtitle is None and b.tag != "h1" and not _is_body_like(b.text):
            doc.subtitle = b.text
        elif id(b) not in body_ids:
            if not (b.tag == "h1" and b.text == title):
                doc.removed.append((k, b.text))
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
    if main_lines and _n_words(" ".join(doc.lines)) < _COVERED_SHARE * _n_words(main_text):
        # trafilatura found text that the page's visible blocks do not hold (a <noscript>
        # copy, markup the toolkit's reader splits oddly): its lines are the body then.
        kept = " ".join(main_text.split())
        doc.removed.extend((k, line) for k, line in zip(doc.positions, doc.lines) if line not in kept)
        doc.lines, doc.positions = main_lines, [len(blocks) + i for i in range(len(main_lines))]
        doc.chosen = True
    doc.section = doc.section or meta.get("article:section")
    doc.url = meta.get("og:url") or meta.get("canonical")
    doc.lang = parser.lang
    return doc


# --------------------------------------------------------------------------- main text (trafilatura)

for _name in ("trafilatura", "htmldate", "courlan"):
    # Their notices ("empty HTML tree", "discarding data") would reach stderr through
    # logging's last-resort handler; a user who configures logging still sees them.
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True)
class _MainText:
    """What trafilatura found on a page: the main text's paragraphs and htmldate's date."""

    text: str  # "" when trafilatura found no main text
    date: str | None  # YYYY-MM-DD from the page's markup (meta tags, <time>, the URL), or None


@lru_cache(maxsize=1)
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signal-based timeout inside a library call
    return config


def _main_text(text: str) -> _MainText:
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
        return _MainText("", None)
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
    return _MainText(body or "", date or None)


#: A block this long (in words) is kept when at least _SHARED_SHINGLES of its word
#: trigrams are in trafilatura's text: trafilatura may drop an inline piece (a <time>) or
#: add one (screen-reader text), so long blocks are not matched exactly.
_SHINGLE_MIN_WORDS = 4
_SHARED_SHINGLES = 0.5
#: A shorter block ("Schools closed", "Share") is kept only when its words stand in
#: trafilatura's text right where the previous kept block ended (a few words of slack):
#: short words are found anywhere in a long text by chance.
_SHORT_BLOCK_SLACK = 8


#: Below this share of trafilatura's words in the toolkit's own lines, the two read different
#: text (content in <noscript>, say) and trafilatura's lines are used as they are.
_COVERED_SHARE = 0.5
#: trafilatura's main text shorter than this (characters) rests on little evidence
#: (its own minimum for a confident extraction is 250): the toolkit's region may add to it.
_SMALL_MAIN_TEXT = 500
#: When this share of the chosen text sits in one <article>, chosen blocks outside it
#: (a teaser <article> beside the story) are not the story.
_ONE_ARTICLE_SHARE = 0.5


def _chosen_blocks(blocks: list[_Block], main_text: str) -> list[_Block]:
    """The blocks of trafilatura's main text, less hidden text and other <article>s' text."""
    keep = _select_blocks([b.text for b in blocks], main_text)
    chosen = [b for b, k in zip(blocks, keep)
              if k and b.chrome != "hidden" and not (b.chrome_by_class and _HIDDEN_CLASS.search(b.chrome or ""))]
    sizes: dict[int | None, int] = {}
    for b in chosen:
        sizes[b.article] = sizes.get(b.article, 0) + len(b.text)
    if sizes:
        top = max(sizes, key=sizes.__getitem__)
        if top is not None and sizes[top] >= _ONE_ARTICLE_SHARE * sum(sizes.values()):
            chosen = [b for b in chosen if b.article == top]
    return chosen


def _select_blocks(blocks: list[str], main_text: str) -> list[bool]:
    """Which of the page's text blocks are in trafilatura's main text, aligned in page order.

    trafilatura chooses what the article is; the toolkit's own blocks keep their text
    (inline elements joined as the page spaces them, hidden text left out) and their roles
    (byline, date, kicker), so the headline and the metadata are read as before.
    """
    words = _WORD.findall(main_text.lower())
    where: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - 2):
        where.setdefault(tuple(words[i:i + 3]), []).append(i)
    lines = {tuple(_WORD.findall(line.lower())) for line in main_text.split("\n")}
    keep = [False] * len(blocks)
    cursor = 0
    for k, block in enumerate(blocks):
        toks = _WORD.findall(block.lower())
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


# --------------------------------------------------------------------------- dates

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


def _iso_date(found: str) -> str | None:
    """The first calendar date in ``found`` as "YYYY-MM-DD", or None when it has no full date.

    Reads ISO dates (with a time or not), "3 May 2019", "May 3, 2019", "Wed March 8, 2023",
    "03.05.2019" (day first, as where dots are used) and "5/13/2019" (only when one of the
    first two numbers is above 12; "3/5/2019" is ambiguous and not read).

    >>> _iso_date("Updated 5:32 PM ET, Wed March 8, 2023"), _iso_date("2017-07-10T09:00:00Z")
    ('2023-03-08', '2017-07-10')
    >>> _iso_date("Posted on 3rd May 2019 by admin"), _iso_date("Updated 5:32 PM ET"), _iso_date("3/5/2019")
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


def _first_iso_date(found: Iterable[str]) -> str | None:
    return next((iso for iso in map(_iso_date, found) if iso), None)


# --------------------------------------------------------------------------- parse one text


def _parse(raw: str, *, what: str, source: str | None, id: str | None, title: str | None,  # noqa: A002
           format: str, clean: bool, encoding: str | None, main: _MainText | None = None) -> Article:  # noqa: A002
    """Clean one text; ``main``: trafilatura's reading of the page when already known."""
    if not raw.strip():
        raise ArticleError(f"{_subject(what, 'is')} empty: there is nothing to load")
    text = _normalize(raw)
    if not text.strip():  # only invisible characters (zero-width spaces, a BOM, controls)
        raise ArticleError(f"{_subject(what, 'is')} empty once invisible characters are removed: "
                           "there is nothing to load")
    if format == "auto":
        format = "html" if _looks_like_html(text) else "text"  # noqa: A001
    section = subtitle = url = declared_language = page_date = None
    bylines: list[str] = []
    dates: list[str] = []
    if format == "html":
        if main is None:
            main = _main_text(text) if clean else _MainText("", None)
        doc = _extract_html(text, what, main_text=main.text)
        lines, positions, removed, known_title = doc.lines, doc.positions, list(doc.removed), doc.title
        section, subtitle, bylines, dates, url = doc.section, doc.subtitle, doc.bylines, doc.dates, doc.url
        declared_language = doc.lang.split("-")[0].lower() if doc.lang else None
        page_date, chosen = main.date, doc.chosen
    else:
        lines, positions, removed = _text_lines(text, markdown=format == "markdown")
        known_title, chosen = None, False
    dateline = None
    if not clean:
        body, detected = lines, known_title
    else:
        c = _clean_lines(lines, known_title=known_title, chosen=chosen)
        body, detected = c.body, c.title if known_title is None else known_title
        removed.extend((positions[i], lines[i]) for i in c.removed)
        section, subtitle = section or c.section, subtitle or c.subtitle
        bylines, dates, dateline = bylines + c.bylines, dates + c.dates, c.dateline
    text_out = "\n\n".join(body).strip()
    if not text_out and chosen:
        # trafilatura's text was all headline, metadata or boilerplate (a caption of a page
        # whose story loads by script): the toolkit's own region, as without trafilatura.
        return _parse(raw, what=what, source=source, id=id, title=title, format=format, clean=clean,
                      encoding=encoding, main=_MainText("", main.date if main else None))
    if not text_out:
        if lines and clean:
            raise ArticleError(f"{_subject(what, 'has')} no article text left after cleaning ({len(removed)} "
                               "lines dropped as boilerplate, the rest read as headline and metadata): "
                               "pass clean=False to keep every line")
        raise ArticleError(f"{_subject(what, 'has')} nothing left once the markup is removed: "
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
        removed=tuple(r for _, r in sorted(removed, key=lambda pair: pair[0]) if r),
        byline="; ".join(dict.fromkeys(bylines)) or None,
        date=_first_iso_date(dates) or page_date,
        date_text=" | ".join(dict.fromkeys(dates)) or page_date,
        url=url,
        language=_guess_language(text_out) or declared_language,  # <html lang> for texts too short to tell
        encoding=encoding,
    )


def _load_one(obj: Any, *, title: str | None, id: str | None, format: str,  # noqa: A002
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
        text, encoding = _decode_bytes(data, "the bytes")
        return _parse(text, what="the bytes", source=None, id=id, title=title, format=format, clean=clean,
                      encoding=encoding)
    path = _as_path(obj)
    if path is not None:
        suffix = _suffix(path)
        if suffix in _RECORD_SUFFIXES and path.is_file():
            raise ArticleError(f"file '{path}' holds records ({suffix}), not one article: use "
                               f"load_articles('{path}') or iter_articles('{path}')")
        text, encoding = _read_file(path, max_bytes)
        if format == "auto":
            format = ("html" if suffix in (".html", ".htm", ".xhtml") else  # noqa: A001
                      "markdown" if suffix in (".md", ".markdown") else "auto")
        return _parse(text, what=f"file '{path}'", source=str(path), id=id if id is not None else path.stem,
                      title=title, format=format, clean=clean, encoding=encoding)
    if isinstance(obj, str):
        if max_bytes is not None and len(obj) > max_bytes:
            raise ArticleError(f"the text is {len(obj):,} characters long, more than max_bytes={max_bytes:,}: pass "
                               "a larger max_bytes (or max_bytes=None)")
        return _parse(obj, what="the text", source=None, id=id, title=title, format=format, clean=clean,
                      encoding=None)
    kind = type(obj).__name__
    hint = ": use load_articles() for many articles" if isinstance(obj, (list, tuple, dict)) else ""
    raise TypeError(f"load_article() takes a path, a str of text or HTML, or bytes; got {kind}{hint}")


# --------------------------------------------------------------------------- many articles


@dataclass(frozen=True)
class _RecordOptions:
    text_column: str | None
    title_column: str | None
    id_column: str | None
    max_bytes: int | None


# A unit of work: ("file", Path) | ("records", Path) | ("text", str, n) | ("record", dict, n)
# | ("article", Article) | ("frame", DataFrame) | ("missing", source, id, reason).
_Unit = tuple


def _expand_source(source: Any, caller: str) -> list[_Unit]:
    """The units to load from ``source``; ``caller`` ("load_articles()"...) is named in errors."""
    if isinstance(source, Article):
        return [("article", source)]
    if _is_frame(source):
        return [("frame", source)]
    if isinstance(source, (str, PathLike)):
        return _expand_path(source, caller)
    if isinstance(source, (bytes, bytearray)):
        raise TypeError(f"{caller} takes a folder, a file, a glob pattern, a list or a DataFrame; got bytes: "
                        "use load_article() for the bytes of one article")
    if isinstance(source, dict):
        return [("record", source, 1)]
    if isinstance(source, Iterable):
        units: list[_Unit] = []
        for n, item in enumerate(source, 1):
            if isinstance(item, Article):
                units.append(("article", item))
            elif isinstance(item, dict):
                units.append(("record", item, n))
            elif isinstance(item, (str, PathLike)):
                path = _as_path(item)
                if isinstance(item, str) and re.search(r"[*?\[]", item) and (path is None or not path.exists()):
                    try:
                        units.extend(_expand_path(item, caller))
                    except FileNotFoundError as exc:
                        units.append(("missing", item, None, str(exc)))
                elif path is None:
                    units.append(("text", item, n))
                elif not path.exists():
                    units.append(("missing", str(path), path.stem, f"no such file: '{path}'"))
                elif path.is_dir():
                    units.extend(_expand_path(path, caller, allow_empty=True))
                else:
                    units.append(_file_unit(path))
            elif isinstance(item, (bytes, bytearray)):
                units.append(("text", bytes(item), n))
            else:
                raise TypeError(f"item {n} of the list is a {type(item).__name__}: {caller} takes paths, "
                                "texts, dicts or Article objects")
        return units
    raise TypeError(f"{caller} takes a folder, a file, a glob pattern, a list or a DataFrame; "
                    f"got {type(source).__name__}")


def _is_frame(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "to_dict") and hasattr(obj, "columns")


def _file_unit(path: Path) -> _Unit:
    return ("records", path) if _suffix(path) in _RECORD_SUFFIXES else ("file", path)


def _expand_path(source: str | PathLike[str], caller: str, *, allow_empty: bool = False) -> list[_Unit]:
    s = os.fsdecode(os.fspath(source))
    path = Path(os.path.expanduser(s))
    try:
        exists = path.exists()
    except (OSError, ValueError):
        exists = False
    if exists and path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and not p.name.startswith(".") and _suffix(p) in _ARTICLE_SUFFIXES)
        if not files and not allow_empty:
            raise ArticleError(f"folder '{path}' has no article files ({', '.join('*' + x for x in _ARTICLE_SUFFIXES)})")
        return [("file", p) for p in files]
    if exists:
        return [_file_unit(path)]
    if isinstance(source, str) and ("\n" in s or len(s) > 1024 or "<" in s):
        raise TypeError(f"{caller} got a text, not a folder, file or glob: use load_article(text) for one "
                        "article, or pass a list of texts")
    if isinstance(source, str) and re.search(r"[*?\[]", s):
        matches = sorted(Path(m) for m in _glob.glob(os.path.expanduser(s), recursive=True))
        files = [m for m in matches if m.is_file() and not m.name.startswith(".")]
        if not files:
            raise FileNotFoundError(f"no file matches the pattern {s!r}")
        return [_file_unit(m) for m in files]
    raise FileNotFoundError(f"no such file or folder: {s!r}")


def _iterate(units: list[_Unit], options: _RecordOptions) -> Iterator[Article | LoadFailure]:
    for unit in units:
        kind = unit[0]
        if kind == "article":
            yield unit[1]
        elif kind == "missing":
            yield LoadFailure(unit[1], unit[2], unit[3])
        elif kind == "file":
            path = unit[1]
            try:
                yield _load_one(path, title=None, id=None, format="auto", clean=True, max_bytes=options.max_bytes)
            except Exception as exc:  # noqa: BLE001 - reported as a LoadFailure, not lost
                yield LoadFailure(str(path), path.stem, _reason(exc))
        elif kind == "text":
            where = f"<text #{unit[2]}>"
            try:
                yield _load_one(unit[1], title=None, id=None, format="auto", clean=True, max_bytes=options.max_bytes)
            except Exception as exc:  # noqa: BLE001
                yield LoadFailure(where, None, _reason(exc))
        elif kind == "record":
            yield _record_article(unit[1], options, source="<records>", default_id=str(unit[2]),
                                  where=f"record {unit[2]}")
        elif kind == "frame":
            frame = unit[1]
            columns = [str(c) for c in frame.columns]
            cols = _resolve_columns(columns, options)
            if isinstance(cols, str):
                yield LoadFailure("<DataFrame>", None, cols)
                continue
            for index, row in frame.iterrows():
                record = {str(k): v for k, v in row.items()}
                yield _record_article(record, options, source="<DataFrame>", default_id=str(index),
                                      where=f"row {index}", cols=cols)
        elif kind == "records":
            yield from _iter_record_file(unit[1], options)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (ArticleError, FileNotFoundError, IsADirectoryError)):
        return str(exc)
    if isinstance(exc, OSError):
        return f"could not be read: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class _Columns:
    text: str | None
    title: str | None
    id: str | None
    url: str | None
    date: str | None


def _resolve_columns(keys: Iterable[str], options: _RecordOptions) -> _Columns | str:
    """The columns to use, or a failure reason when the text column is missing."""
    by_lower: dict[str, str] = {}
    for k in keys:
        by_lower.setdefault(str(k).lower(), str(k))

    def pick(given: str | None, defaults: tuple[str, ...], name: str) -> str | None:
        if given is not None:
            if given in by_lower.values():
                return given
            if given.lower() in by_lower:
                return by_lower[given.lower()]
            raise KeyError(f"{name}={given!r} is not a column; the columns are {sorted(by_lower.values())}")
        return next((by_lower[d] for d in defaults if d in by_lower), None)

    try:
        text = pick(options.text_column, _TEXT_COLUMNS, "text_column")
        title = pick(options.title_column, _TITLE_COLUMNS, "title_column")
        id_ = pick(options.id_column, _ID_COLUMNS, "id_column")
    except KeyError as exc:
        return str(exc.args[0])
    if text is None:
        return (f"no text column (looked for {', '.join(map(repr, _TEXT_COLUMNS))}); the columns are "
                f"{sorted(by_lower.values())}: pass text_column=")
    return _Columns(text, title, id_, pick(None, _URL_COLUMNS, "url"), pick(None, _DATE_COLUMNS, "date"))


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    s = str(value).strip()
    return s or None


def _record_article(record: dict[str, Any], options: _RecordOptions, *, source: str, default_id: str, where: str,
                    cols: _Columns | None = None) -> Article | LoadFailure:
    resolved = cols if cols is not None else _resolve_columns(record.keys(), options)
    if isinstance(resolved, str):
        return LoadFailure(source, default_id, f"{where}: {resolved}")
    rid = _cell(record.get(resolved.id)) if resolved.id else None
    rid = rid or default_id
    value = record.get(resolved.text)
    if isinstance(value, float) and value != value:  # NaN: pandas' empty cell
        value = None
    if value is not None and not isinstance(value, (str, bytes)):
        return LoadFailure(source, rid, f"{where}: the text field {resolved.text!r} is a {type(value).__name__}, "
                                        "not a string")
    text = _cell(value)
    if text is None:
        return LoadFailure(source, rid, f"{where}: the text field {resolved.text!r} is empty")
    if options.max_bytes is not None and len(text) > options.max_bytes:
        return LoadFailure(source, rid, f"{where}: the text is {len(text):,} characters, more than "
                                        f"max_bytes={options.max_bytes:,}")
    title = _cell(record.get(resolved.title)) if resolved.title else None
    try:
        article = _parse(text, what=where, source=source, id=rid, title=title, format="auto", clean=True,
                         encoding=None)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return LoadFailure(source, rid, _reason(exc))
    url = _cell(record.get(resolved.url)) if resolved.url else None
    date = _cell(record.get(resolved.date)) if resolved.date else None
    if url or date:
        from dataclasses import replace

        article = replace(article, url=url or article.url,
                          date=(_iso_date(date) if date else None) or article.date,
                          date_text=date or article.date_text)
    return article


def _iter_record_file(path: Path, options: _RecordOptions) -> Iterator[Article | LoadFailure]:
    suffix = _suffix(path)
    try:
        if suffix in _JSONL_SUFFIXES:
            yield from _iter_jsonl(path, options)
        elif suffix in _CSV_SUFFIXES:
            yield from _iter_csv(path, options)
        elif suffix in _PARQUET_SUFFIXES:
            yield from _iter_parquet(path, options)
        else:
            yield from _iter_json(path, options)
    except Exception as exc:  # noqa: BLE001 - the whole file is unreadable: one failure
        reason = str(exc) if isinstance(exc, ArticleError) else f"file '{path}' could not be read: {_reason(exc)}"
        yield LoadFailure(str(path), path.stem, reason)


def _open_binary(path: Path):  # noqa: ANN202
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")  # noqa: SIM115


def _iter_jsonl(path: Path, options: _RecordOptions) -> Iterator[Article | LoadFailure]:
    src, stem = str(path), path.name.split(".")[0]
    with _open_binary(path) as f:
        for lineno, raw in enumerate(f, 1):
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if not raw.strip():
                continue
            where = f"line {lineno}"
            default_id = f"{stem}:{lineno}"
            if options.max_bytes is not None and len(raw) > options.max_bytes:
                yield LoadFailure(src, default_id, f"{where}: {len(raw):,} bytes, more than "
                                                   f"max_bytes={options.max_bytes:,}")
                continue
            try:
                line, _ = _decode_bytes(raw, where)
                record = json.loads(line)
            except ArticleError as exc:
                yield LoadFailure(src, default_id, str(exc))
                continue
            except json.JSONDecodeError as exc:
                message = re.sub(r"\s+at$", "", exc.msg)  # "Invalid control character at"
                yield LoadFailure(src, default_id, f"{where}: malformed JSON ({message}, column {exc.colno})")
                continue
            if isinstance(record, str):
                record = {"text": record}
            if not isinstance(record, dict):
                yield LoadFailure(src, default_id, f"{where}: expected a JSON object, got {type(record).__name__}")
                continue
            yield _record_article(record, options, source=src, default_id=default_id, where=where)


def _sniff_encoding(path: Path) -> str:
    with _open_binary(path) as f:
        sample = f.read(65536)
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return _decode_bytes(sample, f"file '{path}'")[1]


def _iter_csv(path: Path, options: _RecordOptions) -> Iterator[Article | LoadFailure]:
    src, stem = str(path), path.name.split(".")[0]
    encoding = _sniff_encoding(path)
    limit = max(csv.field_size_limit(), options.max_bytes or 2**31 - 1)
    csv.field_size_limit(min(limit, 2**31 - 1))  # only ever raised: article cells exceed 128 KiB
    delimiter = "\t" if ".tsv" in path.name.lower() else ","
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding=encoding, errors="replace", newline="") as f:  # type: ignore[operator]
        reader = csv.reader(f, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            yield LoadFailure(src, stem, f"file '{path}' is empty: there is nothing to load")
            return
        cols = _resolve_columns(header, options)
        if isinstance(cols, str):
            yield LoadFailure(src, stem, f"file '{path}': {cols}")
            return
        n = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                n += 1
                yield LoadFailure(src, f"{stem}:{n}", f"line {reader.line_num}: malformed CSV ({exc})")
                continue
            if not row or not any(cell.strip() for cell in row):
                continue
            n += 1
            where = f"row {n} (line {reader.line_num})"
            if len(row) != len(header):
                yield LoadFailure(src, f"{stem}:{n}", f"{where}: {len(row)} fields, expected {len(header)}")
                continue
            yield _record_article(dict(zip(header, row)), options, source=src, default_id=f"{stem}:{n}",
                                  where=where, cols=cols)


def _iter_parquet(path: Path, options: _RecordOptions) -> Iterator[Article | LoadFailure]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield LoadFailure(str(path), path.stem, "reading Parquet needs pyarrow: pip install pyarrow")
        return
    src, stem = str(path), path.stem
    pf = pq.ParquetFile(path)
    names = list(pf.schema_arrow.names)
    cols = _resolve_columns(names, options)
    if isinstance(cols, str):
        yield LoadFailure(src, stem, f"file '{path}': {cols}")
        return
    wanted = [c for c in dict.fromkeys((cols.text, cols.title, cols.id, cols.url, cols.date)) if c is not None]
    n = 0
    for batch in pf.iter_batches(batch_size=512, columns=wanted):
        for record in batch.to_pylist():
            n += 1
            yield _record_article(record, options, source=src, default_id=f"{stem}:{n}", where=f"row {n}",
                                  cols=cols)


def _iter_json(path: Path, options: _RecordOptions) -> Iterator[Article | LoadFailure]:
    src, stem = str(path), path.stem
    text, _ = _read_file(path, options.max_bytes)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield LoadFailure(src, stem, f"file '{path}' is not valid JSON ({exc.msg} at line {exc.lineno})")
        return
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, 1):
        if isinstance(record, str):
            record = {"text": record}
        if not isinstance(record, dict):
            yield LoadFailure(src, f"{stem}:{n}", f"item {n}: expected a JSON object, got {type(record).__name__}")
            continue
        yield _record_article(record, options, source=src, default_id=f"{stem}:{n}" if len(records) > 1 else stem,
                              where=f"item {n}")
