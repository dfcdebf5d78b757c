"""Loading and cleaning articles: files, folders, JSONL/CSV/Parquet, raw text or HTML.

This package's public API is here (:func:`load_article`, :func:`load_articles`,
:func:`iter_articles`, :class:`Article`...); its modules, one job each:

- ``_article``: the result types (:class:`Article`, :class:`LoadFailure`,
  :class:`ArticleError`) and :func:`articles_frame`;
- ``_files``: telling a path from a text, reading files, decoding bytes, normalising text;
- ``_vocabulary``: the boilerplate vocabularies and the language guess;
- ``_plaintext``: plain-text scrapes: lines and paragraphs, line shapes, boilerplate lines;
- ``_metadata``: bylines, date lines, datelines, and dates read as YYYY-MM-DD;
- ``_cleaning``: labelling lines as header (kicker, headline, subtitle, byline, date), body or tail;
- ``_html_blocks``: reading an HTML page into text blocks with where each sits (article, nav...);
- ``_main_text``: trafilatura's main text and htmldate's date of a page, aligned with the blocks;
- ``_html``: choosing a page's body, headline and metadata from its blocks;
- ``_parse``: one text or file through all of the above to an :class:`Article`;
- ``_sources``: folders, globs, lists and data frames, expanded into items and loaded;
- ``_records``: JSONL, CSV/TSV, Parquet and JSON record files, one article per record.

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
   (tracking pixels) and inline tags are dropped, entities decoded. In both, an HTML
   comment is never text, and one never closed (``<!--`` to the end) hides the rest,
   as in a browser;
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

import warnings
from collections.abc import Iterator
from os import PathLike
from typing import Any, Literal

from ._article import Article, ArticleError, LoadFailure, articles_frame
from ._files import DEFAULT_MAX_BYTES, ERRORS, FORMATS
from ._parse import check_choice, check_max_bytes, load_one
from ._records import RecordOptions
from ._sources import describe, expand_source, failure_text, iterate
from ._vocabulary import warn_language


__all__ = [
    "Article",
    "ArticleError",
    "LoadFailure",
    "articles_frame",
    "iter_articles",
    "load_article",
    "load_articles",
]


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
    check_choice(format, "format", FORMATS)
    check_max_bytes(max_bytes)
    article = load_one(path_or_text, title=title, id=id, format=format, clean=clean, max_bytes=max_bytes)
    warn_language([article], stacklevel=3)
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
          (not in sub-folders; not its tables or hidden files), sorted by name, one
          article each; such a name that links to nothing is a failure, not skipped;
        - a glob pattern ("articles/*.html", "data/**/*.txt");
        - a ``.jsonl``/``.ndjson`` (optionally ``.gz``), ``.csv``/``.tsv``, ``.parquet``
          or ``.json`` file: one article per record;
        - any other file: one article;
        - a list or tuple of any of these, of raw texts, of dicts (records) or of
          :class:`Article` objects (kept as they are);
        - a :class:`pandas.DataFrame`: one article per row.

        A file's article has the file's stem as its id; files whose stems collide get
        their path relative to the folder they share, without the extension
        ("a/story", "b/story"), or their name when only the extension differs
        ("story.txt", "story.html").
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
    check_choice(errors, "errors", ERRORS)
    check_max_bytes(max_bytes)
    items = iterate(expand_source(source, "load_articles()"),
                     RecordOptions(text_column, title_column, id_column, max_bytes))
    articles: list[Article] = []
    failures: list[LoadFailure] = []
    for item in items:
        if isinstance(item, LoadFailure):
            if errors == "raise":
                raise ArticleError(failure_text(item))
            failures.append(item)
        else:
            articles.append(item)
    if failures and errors == "warn":
        shown = "; ".join(failure_text(f) for f in failures[:3])
        more = f" (and {len(failures) - 3} more: iter_articles() lists them all)" if len(failures) > 3 else ""
        if not articles:
            raise ArticleError(f"no article could be loaded from {describe(source)}: "
                               f"{len(failures)} failed: {shown}{more}")
        warnings.warn(f"{len(failures)} of {len(failures) + len(articles)} items could not be loaded and "
                      f"were skipped: {shown}{more}", UserWarning, stacklevel=2)
    warn_language(articles, stacklevel=3)
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
    column each give a :class:`LoadFailure`. A CSV row whose quote is never closed (or
    closes rows later, with text after it) is one :class:`LoadFailure` naming its line,
    and the lines after that line are read again as rows: the good rows a stray quote
    would have swallowed are not lost. (A stray quote that a later row's last character
    happens to close makes valid CSV, a field over several lines, and is read as such.) Problems with ``source`` itself (a path
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
    check_max_bytes(max_bytes)
    units = expand_source(source, "iter_articles()")
    options = RecordOptions(text_column, title_column, id_column, max_bytes)
    return iterate(units, options)
