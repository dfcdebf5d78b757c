"""Stories in an archive: articles grouped by their nearest neighbours.

:func:`find_stories` links every two articles that are in each other's neighbour lists
(:func:`toolkit.nearest_neighbours`) with a similarity of at least ``threshold``, then
splits each connected group by average linkage so that the mean similarity of the
articles of a story is at least ``threshold`` too: a story is a group of two or more
articles left after that. Each story comes with its
size, its date span, a label from its top terms, its representative article (the one
most similar to the rest of the story) and that article's summary. Near-duplicates
(copies) are counted per story.

Connected groups chain (A like B and B like C puts A and C together even when they share
little): on the BBC corpus the linked groups alone reach 16 articles at 0.5 and 417 at 0.3,
and on the demo corpus of strike releases, all alike, one group holds 155 of 160. The
average-linkage split undoes that: 310 BBC stories of 2 to 14 articles, 23 demo stories of 2
to 31. Not for the neighbours themselves
(:mod:`toolkit.neighbours`) nor for themes over time (:mod:`toolkit.timelines`).
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._inputs import as_texts
from .neighbours import Neighbours, nearest_neighbours
from .timelines import parse_dates

__all__ = ["STORY_THRESHOLD", "Stories", "Story", "find_stories"]

#: Similarity from which two neighbouring articles belong to one story, and the mean
#: similarity of a story's articles (see the module notes).
STORY_THRESHOLD: float = 0.5

#: Largest linked group split by average linkage (its similarity matrix is held in memory).
MAX_SPLIT: int = 5_000

_STORY_COLUMNS = ["story", "size", "first_date", "last_date", "n_undated", "n_near_duplicates",
                  "label", "representative", "title", "summary"]


@dataclass(frozen=True)
class Story:
    """One story: articles linked by similarity.

    Attributes
    ----------
    number : int
        1 for the largest story, 2 for the next... (ties: the earliest article first).
    ids : tuple of str
        Its articles, in corpus order.
    first_date, last_date : pandas.Timestamp or None
        The date span of its dated articles (None when none has a date).
    n_undated : int
        Its articles without a usable date.
    n_near_duplicates : int
        Near-duplicate pairs inside it.
    label : str
        Its top terms, heaviest first.
    representative : str
        The id of the article most similar to the rest of the story.
    title : str or None
        The representative's title.
    summary : str
        The representative's summary.
    """

    number: int
    ids: tuple[str, ...]
    first_date: pd.Timestamp | None
    last_date: pd.Timestamp | None
    n_undated: int
    n_near_duplicates: int
    label: str
    representative: str
    title: str | None
    summary: str

    @property
    def size(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        span = ""
        if self.first_date is not None:
            span = f", {self.first_date:%Y-%m-%d} to {self.last_date:%Y-%m-%d}"
        return f"Story({self.number}: {self.label!r}, {self.size} articles{span})"


@dataclass(frozen=True, repr=False, eq=False)
class Stories:
    """The stories of a corpus, largest first.

    Attributes
    ----------
    stories : tuple of Story
    n_articles : int
        Articles in the corpus.
    threshold : float
        The similarity that linked them.
    """

    stories: tuple[Story, ...]
    n_articles: int
    threshold: float

    def __len__(self) -> int:
        return len(self.stories)

    def __getitem__(self, i: int) -> Story:
        return self.stories[i]

    def __iter__(self) -> Any:
        return iter(self.stories)

    @property
    def n_alone(self) -> int:
        """Articles in no story."""
        return self.n_articles - sum(s.size for s in self.stories)

    def __repr__(self) -> str:
        return f"Stories({len(self.stories)} stories, {self.n_articles - self.n_alone} of {self.n_articles} articles)"

    def to_frame(self) -> pd.DataFrame:
        """One row per story: ``story`` (its number), ``size``, ``first_date``,
        ``last_date``, ``n_undated``, ``n_near_duplicates``, ``label``,
        ``representative``, ``title``, ``summary``."""
        rows = [{"story": s.number, "size": s.size, "first_date": s.first_date, "last_date": s.last_date,
                 "n_undated": s.n_undated, "n_near_duplicates": s.n_near_duplicates, "label": s.label,
                 "representative": s.representative, "title": s.title, "summary": s.summary}
                for s in self.stories]
        return pd.DataFrame(rows, columns=_STORY_COLUMNS)

    def articles(self) -> pd.DataFrame:
        """One row per article in a story: ``id``, ``story``."""
        rows = [(i, s.number) for s in self.stories for i in s.ids]
        return pd.DataFrame(rows, columns=["id", "story"])

    def to_html(self, n: int = 10) -> str:
        """The ``n`` largest stories as an HTML table."""
        head = html.escape(repr(self))
        from .display import style_table

        table = style_table(self.to_frame().head(n), precision=3).to_html()
        return f"<div class='newskit-stories'><p>{head}</p>{table}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


def _labels(texts: list[str], groups: list[np.ndarray], n_terms: int) -> list[str]:
    """Per group, the words that weigh more in its articles than in the corpus (TF-IDF)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from ._text import STOP_WORDS

    vectorizer = TfidfVectorizer(stop_words=sorted(STOP_WORDS), sublinear_tf=True,
                                 token_pattern=r"(?u)\b[^\W\d_][^\W\d_'’-]+\b", lowercase=True)
    try:
        X = vectorizer.fit_transform(texts)
    except ValueError:  # no word at all
        return [""] * len(groups)
    terms = vectorizer.get_feature_names_out()
    overall = np.asarray(X.mean(axis=0)).ravel()
    out = []
    for members in groups:
        # What sets the story apart: its mean weight above the corpus's (on a corpus of
        # one subject, the subject's own words would label every story).
        weight = np.asarray(X[members].mean(axis=0)).ravel() - overall
        top = [t for t in np.argsort(-weight, kind="stable")[:n_terms] if weight[t] > 0]
        out.append(", ".join(terms[top]))
    return out


def _split_chains(articles: Sequence[Any], label: np.ndarray, model: Any, threshold: float) -> np.ndarray:
    """Groups split so that the mean similarity inside each is at least ``threshold``.

    Linked groups chain (A like B, B like C); average linkage on the group's full
    similarity matrix undoes that. Groups over :data:`MAX_SPLIT` articles stay whole.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from .similarity import TextSimilarity

    out = label.copy()
    sizes = np.bincount(label) if len(label) else np.zeros(0, dtype=int)
    next_label = len(sizes)
    for group in np.flatnonzero((sizes > 2) & (sizes <= MAX_SPLIT)):
        idx = np.flatnonzero(label == group)
        texts = [articles[i] for i in idx]
        if model is None:
            model = TextSimilarity(level="document").fit(articles)
        S = model.pairwise(texts)
        D = 1.0 - S
        np.fill_diagonal(D, 0.0)
        parts = fcluster(linkage(squareform(D, checks=False), method="average"), t=1.0 - threshold,
                         criterion="distance")
        for p in np.unique(parts)[1:]:
            out[idx[parts == p]] = next_label
            next_label += 1
    return out


def find_stories(
    articles: Sequence[Any],
    *,
    neighbours: Neighbours | None = None,
    threshold: float = STORY_THRESHOLD,
    min_size: int = 2,
    n_terms: int = 4,
    n_sentences: int = 2,
    dates: Sequence[Any] | None = None,
) -> Stories:
    """Group the articles of a corpus into stories.

    Parameters
    ----------
    articles : list of Article or str
        The corpus.
    neighbours : Neighbours, optional
        Their :func:`toolkit.nearest_neighbours` (computed with 10 neighbours when not
        given); must list these articles in this order.
    threshold : float, default STORY_THRESHOLD
        Similarity from which two neighbours are in one story.
    min_size : int, default 2
        Fewest articles of a story.
    n_terms : int, default 4
        Words in each label.
    n_sentences : int, default 2
        Sentences in each summary.
    dates : list, optional
        One date per article (default: each Article's ``date``), parsed by
        :func:`toolkit.parse_dates`.

    Returns
    -------
    Stories

    Examples
    --------
    >>> texts = ["ISIS fighters fled Mosul. The city was retaken.",
    ...          "Fighters of ISIS fled Mosul as the city was retaken.",
    ...          "Bank profits rose. Shares rallied.",
    ...          "Shares rallied as bank profits rose."]
    >>> st = find_stories(texts)
    >>> st
    Stories(2 stories, 4 of 4 articles)
    >>> st.to_frame()[["story", "size", "label"]].to_numpy().tolist()
    [[1, 2, 'city, fighters, fled, isis'], [2, 2, 'bank, profits, rallied, rose']]
    """
    if isinstance(articles, (str, bytes)) or not isinstance(articles, Sequence):
        raise TypeError(f"articles must be a list of articles or texts; got {type(articles).__name__}")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ValueError(f"threshold must be a similarity in (0, 1]; got {threshold!r}")
    for name, value, low in (("min_size", min_size, 2), ("n_terms", n_terms, 1), ("n_sentences", n_sentences, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
    n = len(articles)
    if neighbours is None:
        neighbours = nearest_neighbours(articles)
    elif len(neighbours) != n:
        raise ValueError(f"neighbours lists {len(neighbours)} articles, not the {n} given")
    raw_dates = [getattr(a, "date", None) for a in articles] if dates is None else list(dates)
    if len(raw_dates) != n:
        raise ValueError(f"dates must hold one date per article: {len(raw_dates)} for {n} articles")
    parsed = parse_dates(raw_dates) if n else pd.Series([], dtype="datetime64[ns, UTC]")
    pairs = neighbours.pairs()
    linked = pairs[pairs["similarity"] >= threshold]
    from scipy.sparse.csgraph import connected_components

    graph = sp.coo_matrix((np.ones(len(linked)), (linked["index_a"], linked["index_b"])), shape=(n, n))
    _, label = connected_components(graph, directed=False) if n else (0, np.zeros(0, dtype=int))
    label = _split_chains(articles, label, neighbours.model, threshold)
    sizes = np.bincount(label, minlength=1) if n else np.zeros(0, dtype=int)
    kept = [c for c in range(len(sizes)) if sizes[c] >= min_size]
    members = {c: np.flatnonzero(label == c) for c in kept}
    kept.sort(key=lambda c: (-sizes[c], members[c][0]))
    groups = [members[c] for c in kept]
    texts = as_texts(articles, "articles")  # title and body, as the neighbours read them
    labels = _labels(texts, groups, n_terms) if groups else []
    # The representative: most similar to the rest, by the links inside the story.
    strength = np.zeros(n)
    np.add.at(strength, linked["index_a"].to_numpy(), linked["similarity"].to_numpy())
    np.add.at(strength, linked["index_b"].to_numpy(), linked["similarity"].to_numpy())
    dup = pairs[pairs["near_duplicate"]]
    from .summarizing import summarize

    stories = []
    for number, (idx, lab) in enumerate(zip(groups, labels), start=1):
        best = idx[np.argmax(strength[idx])]
        inside = np.isin(dup["index_a"].to_numpy(), idx)
        when = parsed.iloc[idx].dropna()
        article = articles[best]
        summary = " ".join(summarize(article, n_sentences=n_sentences).sentences) if texts[best].strip() else ""
        stories.append(Story(
            number=number, ids=tuple(neighbours.ids[i] for i in idx),
            first_date=when.min() if len(when) else None, last_date=when.max() if len(when) else None,
            n_undated=int(len(idx) - len(when)), n_near_duplicates=int(inside.sum()), label=lab,
            representative=neighbours.ids[best], title=getattr(article, "title", None), summary=summary))
    return Stories(stories=tuple(stories), n_articles=n, threshold=float(threshold))
