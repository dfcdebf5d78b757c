"""The results of loading: :class:`Article`, :class:`LoadFailure`, :class:`ArticleError`.

What it is for: the frozen result types, their pandas and HTML views, and
:func:`articles_frame`. Not for: reading or cleaning anything.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple


if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


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
    >>> from toolkit import load_article
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

        >>> from toolkit import load_article

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

        >>> from toolkit import load_article

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

        >>> from toolkit import load_article

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

        >>> from toolkit import load_article

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


class Dropped(NamedTuple):
    """A piece of the input that the article does not keep, and where it stood.

    The work item behind :attr:`Article.removed` (which keeps the texts, in page order).
    """

    position: int  # the index of its line or page block; -1 for markup read before the lines
    text: str


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
    >>> from toolkit import load_article
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


# Shown and pickled under the package they are imported from: toolkit.loading.Article.
for _cls in (Article, ArticleError, LoadFailure):
    _cls.__module__ = "toolkit.loading"
del _cls
