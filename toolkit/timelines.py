"""How the themes of a dated corpus move over time: theme shares per day, week or month.

:func:`parse_dates` turns the dates that articles carry (ISO dates and times, "12 July
2017", "July 12, 2017 5:30 PM EDT", epoch-free strings of any usual form) into UTC
timestamps, and anything else (no year, impossible dates such as 2016-13-45, "Updated
5:32 PM ET") into ``NaT``. :func:`theme_timeline` buckets the articles by period and
gives, per theme, the share of the period's articles on it; articles without a usable
date are counted and reported, never silently dropped. The plot is
:func:`toolkit.display.plot_theme_timeline`.

Not for scoring articles on themes (:func:`toolkit.tag_themes` and the ``corpus`` run do
that; this module reads their scores) nor for grouping articles into stories
(:mod:`toolkit.stories`).
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._theme_weights import theme_ids

__all__ = ["ThemeTimeline", "parse_dates", "theme_timeline"]

Frequency = Literal["day", "week", "month"]
TimelineMeasure = Literal["articles", "mean"]
_FREQUENCIES = {"day": "D", "week": "W-SUN", "month": "M"}
_MEASURES = ("articles", "mean")
# A date needs a year: without one, pandas would read "5:32 PM" as today.
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def parse_dates(values: Any) -> pd.Series:
    """Dates of any usual form as UTC timestamps; ``NaT`` where there is no usable date.

    Parameters
    ----------
    values : list, array or Series of str, datetime or None

    Returns
    -------
    pandas.Series
        ``datetime64[ns, UTC]``, same length and index (for a Series). Times with a zone
        are converted to UTC; times without one are taken as UTC. Strings without a
        four-digit year, impossible dates (``2016-13-45``) and empty values give ``NaT``.

    Examples
    --------
    >>> parse_dates(["2016-10-17", "17 October 2016", "2016-10-17T23:30:00-05:00",
    ...              "2016-13-45", "Updated 5:32 PM ET", None]).dt.strftime("%Y-%m-%d %H:%M").tolist()
    ['2016-10-17 00:00', '2016-10-17 00:00', '2016-10-18 04:30', nan, nan, nan]
    """
    if isinstance(values, (str, bytes)):
        raise TypeError("values must be a list of dates, not a single str: wrap it in a list")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]")
    for i, value in zip(series.index, series.to_numpy()):
        out.loc[i] = _parse_one(value)
    return out


def _parse_one(value: Any) -> pd.Timestamp | Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return pd.NaT
    if isinstance(value, str):
        text = value.strip()
        if not text or not _YEAR.search(text):
            return pd.NaT
        # "EDT", "ET" and the like are not known to the parser: read the time without them.
        text = re.sub(r"\b(?:[ECMP][SD]?T|GMT|UTC|BST)\b", lambda m: "UTC" if m.group() in ("GMT", "UTC") else "",
                      text).strip()
        value = text
    try:
        stamp = pd.to_datetime(value, errors="coerce", utc=True, format="mixed")
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    return stamp if isinstance(stamp, pd.Timestamp) else pd.NaT


@dataclass(frozen=True, repr=False, eq=False)
class ThemeTimeline:
    """Theme shares per period of a dated corpus.

    Attributes
    ----------
    shares : pandas.DataFrame
        One row per period (its first day; with ``by``, per group and period), one
        column per theme: the share of the period's articles on the theme
        (``measure="articles"``) or their mean theme score (``"mean"``).
    counts : pandas.Series
        Dated articles per row of ``shares``.
    n_articles : int
        All articles given.
    n_undated : int
        Articles without a usable date (missing, unparsable or impossible): counted here,
        left out of ``shares``.
    freq : {"day", "week", "month"}
    measure : {"articles", "mean"}
    undated : pandas.DataFrame
        The undated articles' shares (or mean scores), one row (per group with ``by``),
        the theme columns of ``shares``; empty when every article has a date.
    """

    shares: pd.DataFrame
    counts: pd.Series
    n_articles: int
    n_undated: int
    freq: str
    measure: str
    undated: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __repr__(self) -> str:
        return (f"ThemeTimeline({len(self.shares)} {self.freq}s, {self.n_articles} articles, "
                f"{self.n_undated} undated)")

    def to_frame(self) -> pd.DataFrame:
        """``shares`` with the ``n_articles`` of each period as the first column, then a row
        ``"undated"`` counting the articles without a usable date (when there are any), as the
        ``corpus --timeline`` table does. Periods are labelled by their first day, ``YYYY-MM-DD``.
        """
        frame = pd.concat([self.counts.rename("n_articles"), self.shares], axis=1)
        frame = frame.rename(index=lambda p: p.strftime("%Y-%m-%d") if isinstance(p, pd.Timestamp) else p)
        if len(self.undated):
            frame = pd.concat([frame, self.undated])
        frame["n_articles"] = frame["n_articles"].astype(int)
        return frame

    def to_html(self) -> str:
        head = html.escape(f"{self!r}: {self.n_undated} of {self.n_articles} articles have no usable date")
        return f"<div class='newskit-timeline'><p>{head}</p>{self.to_frame().round(3).to_html()}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def plot(self, **kwargs: Any) -> Any:
        """:func:`toolkit.display.plot_theme_timeline` of this timeline."""
        from .display import plot_theme_timeline

        return plot_theme_timeline(self, **kwargs)


def _theme_ids(themes: Any) -> list[str]:
    if themes is None:
        from .themes import DEFAULT_THEMES

        themes = DEFAULT_THEMES
    if isinstance(themes, dict):
        themes = list(themes.values())
    return theme_ids(themes)


def _article_scores(articles: Sequence[Any], themes: Any) -> pd.DataFrame:
    """Per article, the share of its sentences tagged with each theme (as ``corpus`` writes)."""
    from .themes import DEFAULT_THEMES, tag_themes

    theme_set = DEFAULT_THEMES if themes is None else themes
    ids = _theme_ids(theme_set)
    rows = []
    for article in articles:
        tags = tag_themes(article, themes=theme_set)
        n = max(len(tags), 1)
        rows.append({t: sum(t in found for found in tags["themes"]) / n for t in ids})
    return pd.DataFrame(rows, columns=ids)


def theme_timeline(
    data: Any,
    *,
    freq: Frequency = "week",
    date_column: str = "date",
    themes: Any = None,
    by: str | None = None,
    measure: TimelineMeasure = "articles",
) -> ThemeTimeline:
    """Theme shares per day, week or month over a dated corpus.

    Parameters
    ----------
    data : pandas.DataFrame or list of Article
        A table with a date column and one score column per theme (the output of
        ``corpus`` / :func:`toolkit.run_corpus` with the source's dates joined, or any
        table of that shape), or articles: their ``date`` is parsed and their themes are
        scored with :func:`toolkit.tag_themes`.
    freq : {"day", "week", "month"}, default "week"
        Weeks start on Monday; each row is labelled with its period's first day.
    date_column : str, default "date"
        The table's date column (raw strings are parsed by :func:`parse_dates`).
    themes : theme set or list of theme ids, optional
        Default: ``DEFAULT_THEMES`` (those of its ids that are columns of the table).
    by : str, optional
        A column (say ``"source"``) to split the timeline by: one block of rows per value.
    measure : {"articles", "mean"}, default "articles"
        ``"articles"``: the share of the period's articles with the theme (score > 0);
        ``"mean"``: the mean theme score of the period's articles.

    Returns
    -------
    ThemeTimeline
        Periods with no dated article between the first and last are rows of zeros
        with ``n_articles`` 0 (gaps show as gaps, not as interpolation).

    Examples
    --------
    >>> table = pd.DataFrame({"date": ["2016-01-04", "2016-01-05", "2016-01-13", "soon"],
    ...                       "dispersal": [0.5, 0.0, 0.2, 0.1]})
    >>> tl = theme_timeline(table, themes=["dispersal"])
    >>> tl
    ThemeTimeline(2 weeks, 4 articles, 1 undated)
    >>> tl.to_frame()
                n_articles  dispersal
    period
    2016-01-04           2        0.5
    2016-01-11           1        1.0
    undated              1        1.0
    """
    if freq not in _FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(map(repr, _FREQUENCIES))}; got {freq!r}")
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {', '.join(map(repr, _MEASURES))}; got {measure!r}")
    if isinstance(data, pd.DataFrame):
        frame = data
        if date_column not in frame.columns:
            raise ValueError(f"date_column {date_column!r} is not a column of the table; its columns: "
                             f"{', '.join(map(str, frame.columns))}")
        ids = _theme_ids(themes)
        if themes is None:
            ids = [t for t in ids if t in frame.columns]
        missing = [t for t in ids if t not in frame.columns]
        if missing or not ids:
            raise ValueError(f"theme columns {missing or ids} are not in the table: pass themes= with the ids "
                             "of its theme columns")
        scores = frame[ids].apply(pd.to_numeric, errors="coerce").fillna(0.0).reset_index(drop=True)
        dates = parse_dates(frame[date_column].reset_index(drop=True))
        if by is not None and by not in frame.columns:
            raise ValueError(f"by {by!r} is not a column of the table")
        groups = frame[by].reset_index(drop=True) if by is not None else None
    elif isinstance(data, (str, bytes)) or not isinstance(data, Sequence):
        raise TypeError(f"data must be a DataFrame or a list of articles; got {type(data).__name__}")
    else:
        scores = _article_scores(data, themes)
        ids = list(scores.columns)
        dates = parse_dates([getattr(a, "date", None) for a in data])
        groups = pd.Series([getattr(a, by, None) for a in data]) if by is not None else None
    undated = dates.isna()
    n_undated = int(undated.sum())
    values = (scores > 0).astype(float) if measure == "articles" else scores.astype(float)
    dated = values[~undated.to_numpy()].copy()
    period = dates[~undated].dt.tz_localize(None).dt.to_period(_FREQUENCIES[freq]).dt.start_time
    dated["period"] = period.to_numpy()
    keys = ["period"]
    if groups is not None:
        dated[by] = groups[~undated.to_numpy()].to_numpy()
        keys = [by, "period"]
    undated_rows = values[undated.to_numpy()].copy()
    undated_rows["period"] = "undated"
    if groups is not None:
        undated_rows[by] = groups[undated.to_numpy()].to_numpy()
    if len(undated_rows):
        by_undated = undated_rows.groupby(keys, sort=True)
        undated_table = pd.concat([by_undated.size().rename("n_articles"), by_undated[ids].mean()], axis=1)
        if groups is None:
            undated_table.index.name = "period"
    else:
        undated_table = pd.DataFrame(columns=["n_articles", *ids])
    grouped = dated.groupby(keys, sort=True)
    shares = grouped[ids].mean()
    counts = grouped.size()
    if len(shares) and groups is None:
        full = pd.period_range(shares.index.min(), shares.index.max(), freq=_FREQUENCIES[freq]).start_time
        shares = shares.reindex(full, fill_value=0.0)
        counts = counts.reindex(full, fill_value=0)
        shares.index.name = counts.index.name = "period"
    counts.name = "n_articles"
    return ThemeTimeline(shares=shares, counts=counts.astype(int), n_articles=len(dates), n_undated=n_undated,
                         freq=freq, measure=measure, undated=undated_table)
