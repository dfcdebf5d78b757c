"""Plots and tables for the notebooks: sentence scores, theme weights, sentence alignment, corpus maps.

Every function takes plain inputs that the rest of the toolkit already produces (a
``Summary`` or its ``to_frame()``, ``Comparison.theme_scores()``, a similarity matrix as a
numpy array or DataFrame, ``CorpusComparison.theme_matrix()``), draws one matplotlib chart
and returns its ``Axes`` (``ax.figure`` is the figure), the way pandas' ``DataFrame.plot``
does. Pass ``ax=`` to draw into an axes of your own. Nothing here computes an analysis:
no scores, similarities or themes are made up here, only ordered, sampled and drawn. The
one exception is the display order of :func:`plot_similarity_matrix`, a hierarchical
clustering of the matrix it is given, which is a matter of presentation.

Charts are meant to read well inline in Jupyter and in the exported HTML reports: a title,
labelled axes, colour bars that say what the colour means, sentence labels cut with "…",
and one colour per article that stays the same across charts (:data:`ARTICLE_COLORS`).
Tables (:func:`style_table`, :func:`style_notebook_tables`) keep text left-aligned and
numbers right-aligned, where JupyterLab's own style right-aligns every cell.
"""
from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ._colors import ARTICLE_COLORS
from ._text import shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "ARTICLE_COLORS",
    "plot_sentence_scores",
    "plot_theme_scores",
    "plot_theme_map",
    "plot_alignment",
    "plot_similarity_matrix",
    "plot_theme_matrix",
    "plot_theme_timeline",
    "style_table",
    "style_notebook_tables",
]

_UNSELECTED = "#BBBBBB"
_SEQUENTIAL = "YlGnBu"  # white = nothing, dark blue = much; prints and reads well
_MISSING = "#EEEEEE"
_PAIR = "#E8000B"  # outline of aligned sentence pairs: stands out on every shade of the map


# --------------------------------------------------------------------------- helpers


def _pyplot():
    import matplotlib.pyplot as plt  # imported late: `import toolkit` should not need a display

    return plt


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=figsize, layout="constrained")
    return ax


def _title(text: Any, width: int = 75) -> str:
    """A title on at most two lines of ``width`` characters (the rest cut with an ellipsis).

    >>> print(_title("Themes sentence by sentence: Pentagon 'Worried' ISIS 'May Try and Establish a Foothold'", 40))
    Themes sentence by sentence: Pentagon
    'Worried' ISIS 'May Try and Establish a…
    """
    lines = str(text).splitlines() or [""]
    out: list[str] = []
    for line in lines:
        out += textwrap.wrap(line, width) or [""]
    if len(out) > 2:
        out = [out[0], shorten(" ".join(out[1:]), width)]
    return "\n".join(out)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _check_choice(value: str, name: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def _theme_labels(themes: Any) -> dict[str, str]:
    """Map theme id -> label from a theme set, a mapping, or nothing (use the default set)."""
    if themes is None:
        from .themes import DEFAULT_THEMES as themes
    if isinstance(themes, Mapping):
        return {str(k): str(getattr(v, "label", v)) for k, v in themes.items()}
    labels = {}
    for theme in themes or ():
        if isinstance(theme, Mapping):
            tid, label = theme.get("id"), theme.get("label")
        else:
            tid, label = getattr(theme, "id", None), getattr(theme, "label", None)
        if tid is not None:
            labels[str(tid)] = str(label if label is not None else tid)
    return labels


def _label_of(theme_id: Any, labels: Mapping[str, str]) -> str:
    return labels.get(str(theme_id), str(theme_id).replace("_", " ").capitalize())


def _top_theme_ticks(ax: Axes, names: Sequence[str]) -> None:
    """Theme labels above a heatmap, slanted so that long labels never run into each other."""
    ax.set_xticks(np.arange(len(names)), [shorten(n, 40) for n in names], fontsize=8,
                  rotation=35, ha="left", rotation_mode="anchor")
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)


def _colorbar(ax: Axes, mappable: Any, label: str, *, location: Literal["right", "bottom"] = "right"):
    if location == "bottom":  # under maps whose slanted top labels would push a side bar away
        cbar = ax.figure.colorbar(mappable, ax=ax, location="bottom", shrink=0.6, pad=0.03, fraction=0.03,
                                  aspect=40)
        cbar.set_label(label)
        return cbar
    cbar = ax.figure.colorbar(mappable, ax=ax, shrink=0.8, pad=0.02, fraction=0.04)
    cbar.set_label(label)
    return cbar


def _tick_fontsize(n: int, inches: float) -> float:
    """A tick-label size that fits ``n`` labels along ``inches``: at most 9 pt, at least 5."""
    return float(np.clip(inches * 72 / max(n, 1) * 0.8, 5, 9))


# --------------------------------------------------------------------------- summaries


def plot_sentence_scores(
    summary_or_frame: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    color: str = ARTICLE_COLORS[0],
) -> Axes:
    """Bar chart of every sentence's summary score, the chosen sentences in colour.

    Parameters
    ----------
    summary_or_frame : Summary or pandas.DataFrame
        A ``Summary`` (its ``to_frame()`` is used) or a frame with one row per sentence of
        the article, in article order, and the columns ``score`` (float) and ``selected``
        (bool); ``position`` (int), when present, is the x axis.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        The chart title; by default the summary's ``title`` (the article's headline), else
        "Sentence scores".
    color : str
        The colour of the chosen sentences (the article's colour).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"score": [0.9, 0.2, 0.5], "selected": [True, False, True]})
    >>> ax = plot_sentence_scores(frame, title="An article")
    >>> ax.get_title(), len(ax.patches)
    ('An article', 3)
    """
    if title is None:
        title = getattr(summary_or_frame, "title", None)  # a Summary knows its article's title
    frame = summary_or_frame.to_frame() if hasattr(summary_or_frame, "to_frame") else summary_or_frame
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"summary_or_frame must be a Summary or a DataFrame; got {type(frame).__name__}")
    missing = [c for c in ("score", "selected") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"summary_or_frame needs the columns 'score' and 'selected' (Summary.to_frame()); missing {missing}"
        )
    scores = frame["score"].to_numpy(dtype=float)
    selected = frame["selected"].to_numpy(dtype=bool)
    n = len(scores)
    ax = _new_axes(ax, (min(10.0, max(6.0, 0.25 * n + 2)), 3.2))
    x = frame["position"].to_numpy(dtype=int) if "position" in frame.columns else np.arange(n)
    colors = np.where(selected, color, _UNSELECTED)
    ax.bar(x, scores, color=colors, width=0.8)
    ax.set_xlim(-0.7, (x.max() + 1 if n else 1) - 0.3)
    ax.set_xlabel("sentence position in the article (0 = first sentence)")
    ax.set_ylabel("summary score")
    ax.set_title(_title(title or "Sentence scores"))
    if n:
        step = max(1, int(np.ceil(n / 25)))
        ax.set_xticks(x[::step])
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=color, label=f"chosen for the summary ({int(selected.sum())})"),
                 Patch(color=_UNSELECTED, label="not chosen")],
        loc="upper right", fontsize=8, frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


# --------------------------------------------------------------------------- themes


def plot_theme_scores(
    theme_scores: pd.DataFrame,
    *,
    ax: Axes | None = None,
    themes: Any = None,
    title: str | None = None,
    xlabel: str = "theme weight in the article (0 = theme absent)",
    colors: Sequence[str] = ARTICLE_COLORS,
) -> Axes:
    """Horizontal grouped bars: how much weight each article gives each theme.

    Parameters
    ----------
    theme_scores : pandas.DataFrame
        Index = theme ids, one column per article (``Comparison.theme_scores()``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    themes : theme set or mapping, optional
        Where the theme labels come from (objects with ``id`` and ``label``, or a mapping
        id -> label); the default theme set when omitted. Unknown ids are shown as words.
    title : str, optional
        "Theme weight per article" by default.
    xlabel : str
        What the weight is (say the unit, e.g. "share of the article's sentences").
    colors : sequence of str
        One colour per article column, in order.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"A": [0.6, 0.0], "B": [0.2, 0.4]}, index=["dispersal", "leadership"])
    >>> ax = plot_theme_scores(scores, themes={"dispersal": "Fighters scattering"})
    >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
    (4, ['Fighters scattering', 'Leadership'])
    """
    if not isinstance(theme_scores, pd.DataFrame):
        raise TypeError(f"theme_scores must be a DataFrame (Comparison.theme_scores()); got {type(theme_scores).__name__}")
    labels = _theme_labels(themes)
    n_themes, n_articles = theme_scores.shape
    ax = _new_axes(ax, (8.5, 0.55 * n_themes * max(1, n_articles / 2) + 1.6))
    height = 0.8 / max(n_articles, 1)
    y = np.arange(n_themes)
    values = theme_scores.to_numpy(dtype=float)
    top = np.nanmax(values) if values.size else 0.0
    for k, column in enumerate(theme_scores.columns):
        # first article on top within each group
        pos = y - 0.4 + height * (k + 0.5)
        bars = ax.barh(pos, values[:, k], height=height * 0.95, color=colors[k % len(colors)],
                       label=shorten(column, 60))
        ax.bar_label(bars, labels=[f"{v:.2f}" if v > 0 else "" for v in values[:, k]],
                     padding=2, fontsize=7, color="0.3")
    ax.set_yticks(y, [_wrap(_label_of(t, labels), 28) for t in theme_scores.index])
    ax.invert_yaxis()  # first theme at the top, as in the theme file
    ax.set_xlim(0, (top if top > 0 else 1.0) * 1.15)
    ax.set_xlabel(xlabel)
    ax.set_title(_title(title or "Theme weight per article"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 - 0.25 / max(n_themes, 1)), fontsize=8,
              frameon=False, ncols=1 if n_articles <= 3 else 2)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    return ax


def plot_theme_map(
    tags: pd.DataFrame,
    *,
    ax: Axes | None = None,
    themes: Any = None,
    title: str | None = None,
    label_width: int = 50,
) -> Axes:
    """Heatmap of sentences (rows, in article order) by themes: where each theme is discussed.

    The colour is the theme's score in the sentence (the probability from a learned model,
    or the weight of the evidence words without one); a dot marks the themes the sentence is
    tagged with.

    Parameters
    ----------
    tags : pandas.DataFrame
        ``tag_themes(article)``: a ``sentence`` column, one float score column per theme
        (the colour), and optionally a ``themes`` column (the tags, marked with a dot);
        other non-numeric columns are ignored.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    themes : theme set or mapping, optional
        Where the theme labels come from; the default theme set when omitted.
    title : str, optional
        "Themes sentence by sentence" by default.
    label_width : int
        Sentence labels are cut to this many characters.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> tags = pd.DataFrame({"sentence": ["ISIS fled.", "Rain."], "themes": [["dispersal"], []],
    ...                      "dispersal": [1.0, 0.0], "leadership": [0.0, 0.0]})
    >>> ax = plot_theme_map(tags)
    >>> ax.images[0].get_array().shape
    (2, 2)
    """
    if not isinstance(tags, pd.DataFrame) or "sentence" not in tags.columns:
        raise TypeError("tags must be the DataFrame of tag_themes(), with a 'sentence' column")
    score_columns = [c for c in tags.columns if c not in ("sentence", "themes", "evidence")
                     and pd.api.types.is_numeric_dtype(tags[c])]
    labels = _theme_labels(themes)
    values = tags[score_columns].to_numpy(dtype=float)
    n, m = values.shape
    height = float(np.clip(0.22 * n + 1.8, 3.0, 14.0))
    ax = _new_axes(ax, (min(4.5 + 0.7 * m, 13.0), height))
    image = ax.imshow(values, aspect="auto", cmap=_SEQUENTIAL, vmin=0,
                      vmax=max(float(np.nanmax(values)) if values.size else 1.0, 1e-9), interpolation="nearest")
    _top_theme_ticks(ax, [_label_of(c, labels) for c in score_columns])
    if "themes" in tags.columns:  # mark the tags themselves: evidence below a threshold is only shaded
        column = {c: k for k, c in enumerate(score_columns)}
        cells = [(i, column[t]) for i, tagged in enumerate(tags["themes"]) for t in (tagged or ()) if t in column]
        if cells:
            rows, cols = zip(*cells)
            ax.scatter(cols, rows, s=22, marker="o", facecolor="white", edgecolor="black", linewidth=0.8,
                       label="sentence tagged with the theme", zorder=3)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize=8, frameon=False)
    size = _tick_fontsize(n, height - 1.5)
    ax.set_yticks(np.arange(n), [f"{i}  {shorten(s, label_width)}" for i, s in enumerate(tags["sentence"])],
                  fontsize=size)
    ax.set_ylabel("sentence (in article order)")
    ax.set_title(_title(title or "Themes sentence by sentence"), pad=12)
    _colorbar(ax, image, "theme score in the sentence (probability, or evidence weight without a model; 0 = none)",
              location="bottom")
    return ax


# --------------------------------------------------------------------------- alignment


def _pair_indices(pairs: Any) -> list[tuple[int, int]]:
    if pairs is None:
        return []
    if isinstance(pairs, pd.DataFrame):
        if {"index_a", "index_b"} <= set(pairs.columns):  # Comparison.alignment()
            return [(int(i), int(j)) for i, j in zip(pairs["index_a"], pairs["index_b"])]
        integer_columns = [c for c in pairs.columns if pd.api.types.is_integer_dtype(pairs[c])]
        if len(integer_columns) < 2:
            raise ValueError(
                "pairs must be (i, j) index pairs or an alignment() DataFrame with two integer "
                f"sentence-index columns; got columns {list(pairs.columns)}"
            )
        pairs = pairs[integer_columns[:2]].itertuples(index=False, name=None)
    return [(int(i), int(j)) for i, j in pairs]


def plot_alignment(
    matrix: Any,
    *,
    pairs: Any = None,
    near_pairs: Any = None,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    row_name: str = "article A",
    col_name: str = "article B",
    ax: Axes | None = None,
    title: str | None = None,
    label_width: int = 42,
    colors: Sequence[str] = ARTICLE_COLORS,
) -> Axes:
    """Sentence-by-sentence similarity heatmap of two articles, aligned pairs outlined.

    Parameters
    ----------
    matrix : array-like of shape (n_a, n_b)
        Similarity of sentence ``i`` of the first article with sentence ``j`` of the second
        (``Comparison.sentence_similarity``, or
        ``pairwise_similarity(a_sentences, b_sentences, level="sentence")``).
    pairs : DataFrame or iterable of (i, j), optional
        The aligned pairs to outline: ``(i, j)`` tuples, or a DataFrame with the columns
        ``index_a`` and ``index_b`` (``Comparison.alignment()``), or else whose first two
        integer columns are the sentence indices.
    near_pairs : DataFrame or iterable of (i, j), optional
        Other pairs worth a look, outlined with a dashed line (for example the closest
        pairs when none reaches the alignment threshold: ``alignment(threshold=0).head(5)``);
        pairs also in ``pairs`` are drawn once, as aligned.
    row_labels, col_labels : sequence of str, optional
        The sentences, shown cut to ``label_width`` characters after their index.
    row_name, col_name : str
        What the rows and columns are (article titles or names), for the axis labels.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        "Sentence-by-sentence similarity" by default.
    colors : sequence of str
        The articles' colours; the axis names are drawn in the first two.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_alignment([[0.9, 0.1], [0.0, 0.2], [0.1, 0.7]], pairs=[(0, 0), (2, 1)])
    >>> ax.images[0].get_array().shape, len(ax.patches)
    ((3, 2), 2)
    """
    values = np.asarray(matrix.to_numpy() if isinstance(matrix, pd.DataFrame) else matrix, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"matrix must be 2-dimensional (sentences of A x sentences of B); got shape {values.shape}")
    n_a, n_b = values.shape
    for name, labels, size in (("row_labels", row_labels, n_a), ("col_labels", col_labels, n_b)):
        if labels is not None and len(labels) != size:
            raise ValueError(f"{name} must have one label per matrix {name[:3]} ({size}); got {len(labels)}")
    with_text = row_labels is not None or col_labels is not None
    cell = 0.24 if with_text else 0.3
    width = float(np.clip(cell * n_b + (3.6 if with_text else 1.5) + 1.2, 5.0, 14.0))
    height = float(np.clip(cell * n_a + (3.2 if col_labels is not None else 1.2) + 0.6, 4.0, 16.0))
    ax = _new_axes(ax, (width, height))
    # Sentence similarities are mostly low: a 0..1 scale would leave the map blank, so the
    # scale ends at the highest value (at least 0.5), and the colour bar says so.
    top = float(np.nanmax(values)) if values.size else 0.0
    vmax = min(1.0, max(0.5, np.ceil(top * 10) / 10))
    image = ax.imshow(values, aspect="auto", cmap=_SEQUENTIAL, vmin=0, vmax=vmax, interpolation="nearest")
    from matplotlib.patches import Rectangle

    marked = _pair_indices(pairs)
    near = [p for p in dict.fromkeys(_pair_indices(near_pairs)) if p not in set(marked)]
    for i, j in marked:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=_PAIR, linewidth=2.2))
    for i, j in near:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=_PAIR, linewidth=1.4,
                               linestyle=(0, (2, 1.5))))
    y_size = _tick_fontsize(n_a, height - 3.0)
    x_size = _tick_fontsize(n_b, width - 4.0)
    ax.set_yticks(np.arange(n_a), [f"{i}  {shorten(s, label_width)}" if row_labels is not None else str(i)
                                   for i, s in enumerate(row_labels if row_labels is not None else range(n_a))],
                  fontsize=y_size)
    ax.set_xticks(np.arange(n_b), [f"{j}  {shorten(s, label_width)}" if col_labels is not None else str(j)
                                   for j, s in enumerate(col_labels if col_labels is not None else range(n_b))],
                  fontsize=x_size, rotation=90 if col_labels is not None else 0)
    ax.set_ylabel(f"sentences of {shorten(row_name, max(20, int(height * 5.5)))}", color=colors[0],
                  fontweight="bold")
    ax.set_xlabel(f"sentences of {shorten(col_name, 80)}", color=colors[1 % len(colors)], fontweight="bold")
    ax.set_title(_title(title or "Sentence-by-sentence similarity"))
    _colorbar(ax, image, "sentence similarity (0 = unrelated, 1 = same)")
    if marked or near:
        from matplotlib.patches import Patch

        handles = []
        if marked:
            handles.append(Patch(facecolor="none", edgecolor=_PAIR, linewidth=2, label=f"aligned pair ({len(marked)})"))
        if near:
            handles.append(Patch(facecolor="none", edgecolor=_PAIR, linewidth=1.4, linestyle=(0, (2, 1.5)),
                                 label=f"closest pair, not aligned ({len(near)})"))
        # above the map, so that it never hides a cell
        ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False,
                  ncols=len(handles), borderaxespad=0.2)
    return ax


# --------------------------------------------------------------------------- corpus


def _as_square_frame(matrix: Any, labels: Sequence[str] | None) -> pd.DataFrame:
    if isinstance(matrix, pd.DataFrame):
        frame = matrix
    else:
        frame = pd.DataFrame(np.asarray(matrix, dtype=float))
    if frame.shape[0] != frame.shape[1]:
        raise ValueError(f"matrix must be square (articles x articles); got shape {frame.shape}")
    if labels is not None:
        if len(labels) != frame.shape[0]:
            raise ValueError(f"labels must have one label per article ({frame.shape[0]}); got {len(labels)}")
        frame = pd.DataFrame(frame.to_numpy(), index=list(labels), columns=list(labels))
    return frame


def _pick(n: int, max_articles: int, subset: str, values: np.ndarray, random_state: int) -> np.ndarray:
    """Indices of the articles to draw when there are more than ``max_articles``."""
    if n <= max_articles:
        return np.arange(n)
    if subset == "sample":
        return np.sort(np.random.default_rng(random_state).choice(n, size=max_articles, replace=False))
    # "most_similar": the articles with the closest neighbours, where the structure is
    off = np.where(np.eye(n, dtype=bool), -np.inf, values)
    return np.sort(np.argsort(-off.max(axis=1), kind="stable")[:max_articles])


def _cluster_order(values: np.ndarray) -> tuple[np.ndarray, Any]:
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    n = len(values)
    if n < 3:
        return np.arange(n), None
    sim = np.nan_to_num((values + values.T) / 2, nan=0.0)
    distance = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=n <= 300)
    return leaves_list(tree), tree


def plot_similarity_matrix(
    matrix: Any,
    *,
    labels: Sequence[str] | None = None,
    cluster: bool = True,
    dendrogram: bool = True,
    max_articles: int = 60,
    subset: Literal["sample", "most_similar"] = "sample",
    random_state: int = 0,
    ax: Axes | None = None,
    title: str | None = None,
    label_width: int = 32,
) -> Axes:
    """Heatmap of article-to-article similarity, similar articles next to each other.

    Parameters
    ----------
    matrix : pandas.DataFrame or array-like of shape (n, n)
        ``CorpusComparison.similarity_matrix()`` (labels from its index) or a numpy matrix.
    labels : sequence of str, optional
        Article names, overriding the frame's index.
    cluster : bool
        Order the articles by average-linkage hierarchical clustering on ``1 - similarity``
        (scipy), so that groups of similar articles show as blocks on the diagonal.
    dendrogram : bool
        Draw the clustering tree above the heatmap (only when ``cluster`` and ``ax`` is None).
    max_articles : int
        Larger corpora are drawn as a subset of this many articles (the title says so):
        a heatmap of thousands of rows has no readable labels.
    subset : {"sample", "most_similar"}
        Which subset: a random sample (representative), or the articles with the closest
        neighbours (where the clusters are).
    random_state : int
        Seed of the sample, so the same corpus gives the same picture.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        "Similarity between articles" by default.
    label_width : int
        Article labels are cut to this many characters.

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap's axes.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[1, .1, .8], [.1, 1, .2], [.8, .2, 1]])
    >>> ax = plot_similarity_matrix(m, labels=["a", "b", "c"])
    >>> [t.get_text() for t in ax.get_yticklabels()]  # a and c, the similar pair, side by side
    ['b', 'c', 'a']
    """
    _check_choice(subset, "subset", ("sample", "most_similar"))
    if isinstance(max_articles, bool) or not isinstance(max_articles, int) or max_articles < 2:
        raise ValueError(f"max_articles must be an integer of at least 2; got {max_articles!r}")
    frame = _as_square_frame(matrix, labels)
    n_total = len(frame)
    values = frame.to_numpy(dtype=float)
    keep = _pick(n_total, max_articles, subset, values, random_state)
    values = values[np.ix_(keep, keep)]
    names = [str(frame.index[k]) for k in keep]
    order, tree = _cluster_order(values) if cluster else (np.arange(len(keep)), None)
    values = values[np.ix_(order, order)]
    names = [names[k] for k in order]
    n = len(names)

    shown = values.copy()
    np.fill_diagonal(shown, np.nan)  # every article is identical to itself: not information
    off = shown[~np.isnan(shown)]
    # Documents are rarely more than a little alike, so on a corpus the scale ends at the
    # 99th percentile (one outlier pair must not turn the rest pale); with a handful of
    # articles there are too few values for that, and the scale is the full 0..1.
    vmax = float(np.quantile(off, 0.99)) if n >= 5 else 1.0
    vmax = vmax if vmax > 0 else 1.0

    side = float(np.clip(0.2 * n, 2.5, 7.5))  # the map itself; labels get room of their own
    labels_room = 0.09 * min(label_width, max((len(s) for s in names), default=0)) + 0.3 if n <= 100 else 0.3
    with_tree = cluster and dendrogram and ax is None and tree is not None
    if ax is None:
        plt = _pyplot()
        width, height = side + labels_room + 1.5, side + labels_room + 0.8
        if with_tree:
            fig = plt.figure(figsize=(width, height + 1.2), layout="constrained")
            grid = fig.add_gridspec(2, 2, height_ratios=[1.2, side + labels_room], width_ratios=[30, 1])
            tree_ax = fig.add_subplot(grid[0, 0])
            ax = fig.add_subplot(grid[1, 0], sharex=None)
            cbar_ax = fig.add_subplot(grid[1, 1])
        else:
            fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    cmap = _pyplot().get_cmap(_SEQUENTIAL).with_extremes(bad=_MISSING)
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest", aspect="auto")
    if n <= 100:
        size = _tick_fontsize(n, side)
        ticks = [shorten(s, label_width) for s in names]
        ax.set_xticks(np.arange(n), ticks, rotation=90, fontsize=size)
        ax.set_yticks(np.arange(n), ticks, fontsize=size)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    if n <= 12:  # few enough to read the numbers
        for (i, j), v in np.ndenumerate(shown):
            if not np.isnan(v):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                        color="white" if v > 0.6 * vmax else "0.15")
    what = "articles, clustered" if cluster else "articles"
    ax.set_xlabel(what + " (grey: an article with itself)")
    ax.set_ylabel(what)
    default = "Similarity between articles"
    if n < n_total:
        how = "random sample" if subset == "sample" else "the most closely related"
        default += f"\n({n} of {n_total} articles: {how})"
    cbar_label = "similarity (0 = unrelated, 1 = same)"
    if with_tree:
        from scipy.cluster.hierarchy import dendrogram as draw_tree

        draw_tree(tree, ax=tree_ax, no_labels=True, color_threshold=0, above_threshold_color="0.45")
        tree_ax.set_xlim(0, 10 * n)
        tree_ax.set_axis_off()
        tree_ax.set_title(_title(title or default))
        cbar = ax.figure.colorbar(image, cax=cbar_ax)
        cbar.set_label(cbar_label)
    else:
        ax.set_title(_title(title or default))
        _colorbar(ax, image, cbar_label)
    return ax


def plot_theme_matrix(
    theme_matrix: pd.DataFrame,
    *,
    ax: Axes | None = None,
    themes: Any = None,
    max_articles: int = 40,
    title: str | None = None,
    label_width: int = 36,
    annotate: bool | None = None,
    sort: bool = True,
    colorbar_label: str = "theme weight in the article (0 = absent)",
) -> Axes:
    """Heatmap of articles (rows) by themes (columns): which article covers what.

    Parameters
    ----------
    theme_matrix : pandas.DataFrame
        ``CorpusComparison.theme_matrix()``: index = articles, one column per theme id.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    themes : theme set or mapping, optional
        Where the theme labels come from; the default theme set when omitted.
    max_articles : int
        With more articles, only the ``max_articles`` with the most theme weight in total are
        drawn (the title says so); articles with no theme at all carry no information here.
    title : str, optional
        "Themes per article" by default.
    label_width : int
        Article labels are cut to this many characters.
    annotate : bool, optional
        Write the value in each cell; by default when there are at most 20 articles.
    sort : bool
        Group the rows by each article's main theme (the theme order of the columns), the
        most themed first within a group, so that articles on the same theme sit together;
        False keeps the corpus order. Articles with no theme come last.
    colorbar_label : str
        What the weight is (say the unit, e.g. "share of the article's sentences").

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"dispersal": [0.5, 0.0, 0.1], "leadership": [0.0, 0.0, 0.3]}, index=list("abc"))
    >>> ax = plot_theme_matrix(m, max_articles=2)
    >>> ax.images[0].get_array().shape, [t.get_text() for t in ax.get_yticklabels()]
    ((2, 2), ['a', 'c'])
    >>> [t.get_text() for t in plot_theme_matrix(m).get_yticklabels()]  # grouped by main theme
    ['a', 'c', 'b']
    """
    if not isinstance(theme_matrix, pd.DataFrame):
        raise TypeError(f"theme_matrix must be a DataFrame (CorpusComparison.theme_matrix()); got {type(theme_matrix).__name__}")
    if isinstance(max_articles, bool) or not isinstance(max_articles, int) or max_articles < 1:
        raise ValueError(f"max_articles must be a positive integer; got {max_articles!r}")
    labels = _theme_labels(themes)
    n_total = len(theme_matrix)
    frame = theme_matrix
    if n_total > max_articles:
        total = frame.to_numpy(dtype=float).sum(axis=1)
        keep = np.sort(np.argsort(-total, kind="stable")[:max_articles])
        frame = frame.iloc[keep]
    if sort and len(frame):
        weights = np.nan_to_num(frame.to_numpy(dtype=float))
        main = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), weights.shape[1])
        frame = frame.iloc[np.lexsort((-weights.max(axis=1), main))]
    values = frame.to_numpy(dtype=float)
    n, m = values.shape
    height = float(np.clip(0.26 * n + 3.0, 3.5, 14.0))
    ax = _new_axes(ax, (min(4.5 + 0.9 * m, 12.0), height))
    vmax = float(np.nanmax(values)) if values.size and np.nanmax(values) > 0 else 1.0
    image = ax.imshow(values, aspect="auto", cmap=_SEQUENTIAL, vmin=0, vmax=vmax, interpolation="nearest")
    _top_theme_ticks(ax, [_label_of(c, labels) for c in frame.columns])
    ax.set_yticks(np.arange(n), [shorten(i, label_width) for i in frame.index],
                  fontsize=_tick_fontsize(n, height - 3.0))
    ax.set_ylabel("article")
    default = "Themes per article"
    if n < n_total:
        default += f"\n({n} of {n_total} articles: those with the most theme weight)"
    ax.set_title(_title(title or default), pad=10)
    if annotate is None:
        annotate = n <= 20
    if annotate:
        for (i, j), v in np.ndenumerate(values):
            if v > 0:
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if v > 0.6 * vmax else "0.15")
    _colorbar(ax, image, colorbar_label, location="bottom")
    return ax


def plot_theme_timeline(
    timeline: Any,
    *,
    ax: Axes | None = None,
    themes: Any = None,
    top: int | None = 6,
    title: str | None = None,
) -> Axes:
    """Lines of theme shares over time, with the number of undated articles in the title.

    Parameters
    ----------
    timeline : ThemeTimeline
        From :func:`toolkit.theme_timeline` (without ``by``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    themes : theme set or mapping, optional
        Where the theme labels come from (the default theme set when omitted).
    top : int or None, default 6
        Draw only the themes with the largest mean share (None: all).
    title : str, optional
        "Themes over time" by default; "(N of M articles undated)" is always added.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit import theme_timeline
    >>> tl = theme_timeline(pd.DataFrame({"date": ["2016-01-04", "2016-01-12", None],
    ...                                   "dispersal": [1.0, 0.0, 0.0]}), themes=["dispersal"])
    >>> ax = plot_theme_timeline(tl)
    >>> len(ax.get_lines()), ax.get_title()
    (1, 'Themes over time, by week (1 of 3 articles undated)')
    """
    shares = getattr(timeline, "shares", None)
    if not isinstance(shares, pd.DataFrame):
        raise TypeError(f"timeline must be a ThemeTimeline (theme_timeline(...)); got {type(timeline).__name__}")
    if isinstance(shares.index, pd.MultiIndex):
        raise ValueError("plot_theme_timeline draws one timeline: make it without by=, or select one group")
    labels = _theme_labels(themes)
    ax = _new_axes(ax, (9.0, 4.2))
    columns = list(shares.columns)
    if top is not None and len(columns) > top:
        columns = list(shares[columns].mean().sort_values(ascending=False, kind="stable").index[:top])
    for k, theme in enumerate(columns):
        ax.plot(shares.index, shares[theme].to_numpy(dtype=float), marker="o", markersize=3, linewidth=1.6,
                color=ARTICLE_COLORS[k % len(ARTICLE_COLORS)], label=_label_of(theme, labels))
    what = "share of the period's articles on the theme" if timeline.measure == "articles" \
        else "mean theme score of the period's articles"
    ax.set_ylabel(_wrap(what, 40))
    ax.set_ylim(0, max(1e-9, float(np.nanmax(shares[columns].to_numpy(dtype=float), initial=0.0))) * 1.1 or 1.0)
    undated = f"{timeline.n_undated} of {timeline.n_articles} articles undated"
    ax.set_title(_title(f"{title or 'Themes over time'}, by {timeline.freq} ({undated})"))
    if columns:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="0.9")
    ax.set_axisbelow(True)
    ax.figure.autofmt_xdate()
    return ax


# --------------------------------------------------------------------------- tables


def _is_number(values: pd.Series | pd.Index) -> bool:
    return pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype)


def style_table(frame: pd.DataFrame, *, precision: int | None = None, max_colwidth: int | None = None,
                max_rows: int | None = None) -> Any:
    """``frame`` as a pandas ``Styler`` that reads as a table of text: text left-aligned.

    JupyterLab and the HTML reports right-align every cell of a DataFrame, which suits numbers
    and makes columns of titles, sentences or ids hard to read. Here the text columns, and the
    index levels and their headings that are not numbers, are left-aligned; numbers stay
    right-aligned, rounded to ``precision`` decimals; every cell is aligned to the top of its
    row, and text (values, index and headings) is HTML-escaped. A row index with several
    levels shows each label once per group, as pandas does.

    Parameters
    ----------
    frame : DataFrame
    precision : int, optional
        Decimals of floats; by default pandas' ``display.precision``.
    max_colwidth : int, optional
        Longer text is cut with "…"; by default pandas' ``display.max_colwidth`` (None: never).
    max_rows : int, optional
        Rows shown, the first ones (the caption then gives the table's size); by default
        pandas' ``display.max_rows`` (None: all).

    Returns
    -------
    pandas.io.formats.style.Styler
        Shown as HTML in a notebook; ``.to_html()`` gives the HTML.

    See Also
    --------
    style_notebook_tables : show every DataFrame of a notebook this way.

    Examples
    --------
    >>> frame = pd.DataFrame({"title": ["Mosul falls", "Sirte <b>"], "score": [0.91234, 0.5]})
    >>> html = style_table(frame).to_html()
    >>> "td.col0 {\\n  text-align: left;" in html, "td.col1 {\\n  text-align: left;" in html
    (True, False)
    >>> "0.912" in html, "Sirte &lt;b&gt;" in html
    (True, True)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
    precision = pd.get_option("display.precision") if precision is None else precision
    max_colwidth = pd.get_option("display.max_colwidth") if max_colwidth is None else max_colwidth
    max_rows = pd.get_option("display.max_rows") if max_rows is None else max_rows
    shown = frame if max_rows is None or len(frame) <= max_rows else frame.iloc[:max_rows]

    def text(value: Any) -> str:  # cut, then escaped: an entity is never cut in two
        # a list of words reads as pandas shows it: [Mosul, Ninawa], without quotes
        value = f"[{', '.join(map(str, value))}]" if isinstance(value, (list, tuple)) else str(value)
        if max_colwidth is not None and len(value) > max_colwidth:
            value = shorten(value, max_colwidth)
        return html.escape(value)

    def cell(value: Any) -> str:
        return f"{value:.{precision}f}" if isinstance(value, (float, np.floating)) else text(value)

    styler = shown.style.format(cell, na_rep="NaN").format_index(text, axis=0).format_index(text, axis=1)
    styles = [{"selector": "td", "props": "vertical-align: top;"},
              {"selector": "th", "props": "vertical-align: top;"}]
    for j in range(shown.shape[1]):
        if not _is_number(shown.iloc[:, j]):
            styles += [{"selector": f"td.col{j}", "props": "text-align: left;"},
                       {"selector": f"th.col_heading.col{j}", "props": "text-align: left;"}]
    for level in range(shown.index.nlevels):
        if not _is_number(shown.index.get_level_values(level)):
            styles += [{"selector": f"th.row_heading.level{level}", "props": "text-align: left;"},
                       {"selector": f"th.index_name.level{level}", "props": "text-align: left;"}]
    styler = styler.set_table_styles(styles)
    if len(shown) < len(frame):
        styler = styler.set_caption(f"the first {len(shown)} of {len(frame)} rows × {frame.shape[1]} columns")
    return styler


def _table_html(frame: pd.DataFrame) -> str:
    return style_table(frame).to_html()


def style_notebook_tables(*, enable: bool = True) -> None:
    """Show every DataFrame of this notebook as :func:`style_table` does: text left-aligned.

    Call it once, near the top of a notebook: from then on a DataFrame shown as a cell's
    result, or with ``display()``, has its text columns (titles, sentences, ids) left-aligned
    and its numbers right-aligned and rounded, in Jupyter and in the HTML reports made from
    the notebook. ``enable=False`` goes back to pandas' own display. The notebooks of this
    project call it in their first cell.

    Raises
    ------
    RuntimeError
        Outside IPython/Jupyter, where there is no notebook display to change (use
        :func:`style_table` on one table instead).
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        get_ipython = None
    shell = get_ipython() if get_ipython is not None else None
    if shell is None:
        raise RuntimeError("style_notebook_tables() changes how a notebook shows tables: call it in Jupyter or "
                           "IPython; elsewhere use style_table(frame).to_html()")
    formatter = shell.display_formatter.formatters["text/html"]
    if enable:
        formatter.for_type(pd.DataFrame, _table_html)
    else:
        formatter.pop(pd.DataFrame, None)
