"""The archive tables of a corpus run: neighbours, stories and the theme timeline.

:func:`write_archive` is what ``run_corpus(neighbours=..., stories=..., timeline=...)``
(``corpus --neighbours K --stories --timeline week``) writes next to the output once the
rows are done: it reads the source again for the texts, titles and dates of the
articles that are rows of the output, and writes

* ``<stem>.neighbours.<ext>``: ``id``, ``rank``, ``neighbour_id``, ``similarity``,
  ``near_duplicate`` (1 or 0), from :func:`toolkit.nearest_neighbours`;
* ``<stem>.stories.<ext>``: one row per story (:func:`toolkit.find_stories`), its
  articles' ids in ``ids``;
* ``<stem>.timeline.<ext>``: ``period`` (first day, ISO), ``n_articles`` and one share
  column per theme (:func:`toolkit.theme_timeline` of the output's theme columns), then
  one row ``period = "undated"`` counting the articles without a usable date.

Unlike the rest of the run, this holds every article of the output in memory, text
included, from the neighbour search to the last story: about the size of the corpus's
text plus its vectors (the benchmark's 100,000 articles, 206 MB of text, peaked at
1.3 GB). Not streamed: the term weights are learned from all the texts before any is
compared, and the stories read texts again for their labels and summaries. Not for a
notebook, where the three functions are called directly.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from . import _tables

__all__ = ["archive_paths", "write_archive"]

_NEIGHBOUR_COLUMNS: list[tuple[str, _tables.Kind]] = [
    ("id", "str"), ("rank", "int"), ("neighbour_id", "str"), ("similarity", "float"), ("near_duplicate", "int")]
_STORY_COLUMNS: list[tuple[str, _tables.Kind]] = [
    ("story", "int"), ("size", "int"), ("first_date", "str"), ("last_date", "str"), ("n_undated", "int"),
    ("n_near_duplicates", "int"), ("label", "str"), ("representative", "str"), ("title", "str"),
    ("summary", "str"), ("ids", "list[str]")]


def archive_paths(output: str | os.PathLike, *, neighbours: int = 0, stories: bool = False,
                  timeline: str | None = None) -> dict[str, Path]:
    """Where :func:`write_archive` writes each table for this output (only those asked for).

    Examples
    --------
    >>> sorted(archive_paths("out/news.parquet", neighbours=10, timeline="week").items())
    [('neighbours', PosixPath('out/news.neighbours.parquet')), ('timeline', PosixPath('out/news.timeline.parquet'))]
    """
    output = Path(output)
    asked = {"neighbours": bool(neighbours), "stories": stories, "timeline": timeline is not None}
    return {name: output.with_name(f"{output.stem}.{name}{output.suffix}") for name, on in asked.items() if on}


def _date_text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else value.strftime("%Y-%m-%d")


def write_archive(
    items: Iterable[tuple[str | None, Any]],
    rows: pd.DataFrame,
    output: str | os.PathLike,
    *,
    format: str,
    theme_ids: list[str],
    neighbours: int = 0,
    stories: bool = False,
    timeline: str | None = None,
    scheduler: Any = None,
) -> dict[str, Path]:
    """Write the archive tables asked for; returns their paths by name.

    Parameters
    ----------
    items : iterable of (id, Article or failure)
        The source, read again (failures and ids not in ``rows`` are skipped).
    rows : pandas.DataFrame
        The output's ``id`` column and theme columns.
    output : path
        The run's output (the tables go next to it).
    format : {"jsonl", "csv", "parquet"}
    theme_ids : list of str
        The theme columns of ``rows``.
    neighbours : int
        Neighbours per article (0: no neighbours table; stories use 10).
    stories : bool
        Write the stories table.
    timeline : {"day", "week", "month"} or None
        Write the timeline table with this period.
    scheduler : optional
        Where the neighbour search runs (see :func:`toolkit.nearest_neighbours`).
    """
    from .loading import Article
    from .neighbours import nearest_neighbours
    from .stories import find_stories
    from .timelines import theme_timeline

    paths = archive_paths(output, neighbours=neighbours, stories=stories, timeline=timeline)
    if not paths:
        return paths
    keep = set(rows["id"].astype(str))
    articles = [item for key, item in items if isinstance(item, Article) and key in keep]
    ids = [str(a.id) for a in articles]
    if "timeline" in paths:
        scores = rows.assign(id=rows["id"].astype(str)).set_index("id").reindex(ids)[theme_ids]
        table = scores.reset_index(drop=True).assign(date=[a.date for a in articles])
        tl = theme_timeline(table, freq=timeline, themes=theme_ids)
        # The timeline's own table (periods as "YYYY-MM-DD", then its "undated" row), and an
        # "undated" row of 0 when every article has a date: the file always ends with one.
        out = [{"period": str(p), "n_articles": int(r["n_articles"]), **{t: float(r[t]) for t in theme_ids}}
               for p, r in tl.to_frame().iterrows()]
        if not tl.n_undated:
            out.append({"period": "undated", "n_articles": 0, **{t: 0.0 for t in theme_ids}})
        columns = [("period", "str"), ("n_articles", "int")] + [(t, "float") for t in theme_ids]
        _tables.write_table(paths["timeline"], columns, out, format=format)
    if "neighbours" in paths or "stories" in paths:
        nn = nearest_neighbours(articles, n_neighbours=max(neighbours, 10) if stories else neighbours,
                                ids=ids, scheduler=scheduler)
        if "neighbours" in paths:
            frame = nn.to_frame()
            frame = frame[frame["rank"] <= neighbours]
            _tables.write_table(paths["neighbours"], _NEIGHBOUR_COLUMNS,
                                ({**r, "near_duplicate": int(r["near_duplicate"])}
                                 for r in frame.to_dict("records")), format=format)
        if "stories" in paths:
            found = find_stories(articles, neighbours=nn)
            out = []
            for s in found:
                out.append({"story": s.number, "size": s.size, "first_date": _date_text(s.first_date),
                            "last_date": _date_text(s.last_date), "n_undated": s.n_undated,
                            "n_near_duplicates": s.n_near_duplicates, "label": s.label,
                            "representative": s.representative, "title": s.title, "summary": s.summary,
                            "ids": list(s.ids)})
            _tables.write_table(paths["stories"], _STORY_COLUMNS, out, format=format)
    return paths
