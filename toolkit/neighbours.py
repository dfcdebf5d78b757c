"""The most similar articles of an archive, without the n x n similarity matrix.

:func:`nearest_neighbours` finds, for every article of a corpus, its ``n_neighbours``
most similar other articles under the document similarity of :mod:`toolkit.similarity`
(word TF-IDF cosine, blended with an LSA cosine from 1,000 articles on), and from those
lists the most similar pairs of the corpus and its near-duplicates.

How, and what it costs:

* ``method="exact"``: one block of articles against all at a time (a sparse product of
  the word vectors, a dense product of the LSA vectors, the blend), keeping a running
  top-k per article. Memory grows linearly with the corpus (the vectors plus one block);
  time grows with the square of it. The result equals the top-k of
  :func:`toolkit.similarity_matrix` (ties: the lower position first).
* ``method="approximate"``: the same blocks, but each article is scored against all
  others only on a cheap proxy (the word vectors cut to their ``n_terms`` heaviest
  terms, each term kept by the 500 articles at most where it weighs most: an inverted
  index with impact-ordered posting lists, so that an article costs the same whatever
  the size of the corpus); the best ``n_candidates`` of them are then scored exactly.
  Listed similarities are exact; an article's list may miss a true neighbour (the
  benchmark reports the recall against ``"exact"``).
* ``method="auto"`` (default): exact up to :data:`EXACT_MAX_ARTICLES` articles.

The search can run on a Dask cluster (``scheduler=``): the result is the same, article by
article. The work is split, not repeated: the texts go to the workers in parts (vectorized
there when a fitted ``model`` is given, else the vectors computed here), each worker
assembles the index of the whole corpus once from the parts (which the workers send each
other), and the blocks of rows are spread over the workers; only the neighbour lists come
back. Pairs above :data:`NEAR_DUPLICATE` (the same text, or a republished copy with a
few words changed) are flagged as near-duplicates and kept out of
:meth:`Neighbours.most_similar`. Grouping articles into stories is
:mod:`toolkit.stories`; not for comparing two articles side by side
(:func:`toolkit.compare`).
"""
from __future__ import annotations

import html
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _cache
from ._dask import local_cluster
from ._inputs import as_texts
from .similarity import TextSimilarity

__all__ = ["NEAR_DUPLICATE", "Neighbours", "nearest_neighbours"]

NeighbourMethod = Literal["auto", "exact", "approximate"]
_METHODS = ("auto", "exact", "approximate")

#: Similarity from which two articles count as near-duplicates: the same article twice,
#: or one report republished with a new headline or a few sentences changed. In the BBC
#: corpus (2,225 articles) the pairs at or above 0.9 are 100 pairs of identical texts and
#: 68 versions of one report (same or reworded headline, mostly the same sentences);
#: below it come different articles on the same story.
NEAR_DUPLICATE: float = 0.9

#: Largest corpus for which ``method="auto"`` computes the exact neighbours.
EXACT_MAX_ARTICLES: int = 20_000

_BLOCK_CELLS = 4_000_000  # similarities held at once: one block of rows x all articles
_APPROXIMATE_BLOCK = 1000  # articles per block of the approximate search
_PAIRS_AT_ONCE = 2000  # approximate search: candidate pairs' LSA rows gathered at once (~3 MB: in the cache)
_MAX_POSTINGS = 500  # approximate search: a term leads to the articles where it weighs most, this many at most
_DECIMALS = 12  # similarities are rounded so that ties (and their order) do not depend on BLAS
_COLUMNS = ["id", "rank", "neighbour_id", "similarity", "near_duplicate"]
_PAIR_COLUMNS = ["id_a", "id_b", "similarity", "near_duplicate", "index_a", "index_b"]


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, repr=False, eq=False)
class Neighbours:
    """The nearest neighbours of every article of a corpus.

    Attributes
    ----------
    ids : tuple of str
        The articles' ids, in corpus order.
    indices : numpy.ndarray
        ``n x n_neighbours`` positions of each article's neighbours, most similar first
        (ties: lower position first); ``-1`` where there are fewer neighbours (articles
        with similarity 0 are not neighbours).
    similarities : numpy.ndarray
        The matching similarities (``nan`` where ``indices`` is ``-1``).
    method : {"exact", "approximate"}
        How they were found.
    near_duplicate : float
        The threshold of near-duplicates.
    model : TextSimilarity or None
        The fitted similarity the lists come from (None for fewer than two articles).
    """

    ids: tuple[str, ...]
    indices: np.ndarray
    similarities: np.ndarray
    method: str
    near_duplicate: float = NEAR_DUPLICATE
    model: TextSimilarity | None = None

    @property
    def n_neighbours(self) -> int:
        """Neighbours listed per article (at most)."""
        return int(self.indices.shape[1])

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return (f"Neighbours({len(self.ids)} articles, n_neighbours={self.n_neighbours}, "
                f"method={self.method!r}, near-duplicate pairs={len(self.near_duplicates())})")

    def to_frame(self) -> pd.DataFrame:
        """One row per (article, neighbour): ``id``, ``rank`` (1 = most similar),
        ``neighbour_id``, ``similarity``, ``near_duplicate``."""
        rows, ranks = np.nonzero(self.indices >= 0)
        cols = self.indices[rows, ranks]
        sims = self.similarities[rows, ranks].astype(float)
        ids = np.asarray(self.ids, dtype=object)
        return pd.DataFrame({"id": ids[rows], "rank": ranks + 1, "neighbour_id": ids[cols],
                             "similarity": sims, "near_duplicate": sims >= self.near_duplicate},
                            columns=_COLUMNS)

    def pairs(self) -> pd.DataFrame:
        """Every pair found in the neighbour lists, once, most similar first.

        Columns ``id_a``, ``id_b``, ``similarity``, ``near_duplicate``, ``index_a``,
        ``index_b`` (``index_a < index_b``; ties by position). The ``n`` most similar
        pairs of the corpus are all here for ``n <= n_neighbours`` (a pair among the top
        ``n`` of the corpus is among the top ``n`` of each of its articles).
        """
        rows, ranks = np.nonzero(self.indices >= 0)
        cols = self.indices[rows, ranks]
        sims = self.similarities[rows, ranks]
        a, b = np.minimum(rows, cols), np.maximum(rows, cols)
        key = a.astype(np.int64) * max(len(self.ids), 1) + b
        key, first = np.unique(key, return_index=True)
        a, b, sims = a[first], b[first], sims[first]
        order = np.lexsort((b, a, -sims))
        a, b, sims = a[order], b[order], sims[order].astype(float)
        ids = np.asarray(self.ids, dtype=object)
        return pd.DataFrame({"id_a": ids[a], "id_b": ids[b], "similarity": sims,
                             "near_duplicate": sims >= self.near_duplicate, "index_a": a, "index_b": b},
                            columns=_PAIR_COLUMNS)

    def near_duplicates(self) -> pd.DataFrame:
        """The pairs at or above :attr:`near_duplicate` (same columns as :meth:`pairs`).

        An article with more near-duplicates than ``n_neighbours`` lists only the first
        ``n_neighbours`` of them; :func:`toolkit.find_stories` still groups them all.
        """
        pairs = self.pairs()
        return pairs[pairs["near_duplicate"]].reset_index(drop=True)

    def most_similar(self, *, n: int = 10) -> pd.DataFrame:
        """The ``n`` most similar pairs that are not near-duplicates (columns of :meth:`pairs`)."""
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"n must be a positive number of pairs; got {n!r}")
        pairs = self.pairs()
        return pairs[~pairs["near_duplicate"]].head(int(n)).reset_index(drop=True)

    def to_html(self) -> str:
        """A short HTML view: counts and the most similar pairs."""
        head = html.escape(repr(self))
        from .display import style_table

        table = style_table(self.most_similar(n=5), precision=3).to_html()
        return f"<div class='newskit-neighbours'><p>{head}</p>{table}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


# --------------------------------------------------------------------------- the search


@dataclass(frozen=True)
class _Index:
    """What every block needs: the vectors of all articles (picklable, for Dask)."""

    word: sp.csr_matrix  # unit word TF-IDF rows
    word_t: sp.csr_matrix | None  # its transpose (exact method)
    lsa: np.ndarray | None  # unit LSA rows, or None (small corpora)
    proxy: sp.csr_matrix | None  # cut word vectors (approximate method)
    proxy_t: sp.csr_matrix | None  # and their transpose
    empty: np.ndarray  # bool: articles with no term at all
    k: int
    method: str
    n_candidates: int

    def __sizeof__(self) -> int:  # what Dask weighs before moving it between workers
        return _nbytes(self.word, self.word_t, self.lsa, self.proxy, self.proxy_t, self.empty)


def _blend(word: np.ndarray, lsa: np.ndarray | None) -> np.ndarray:
    """The document blend of :class:`toolkit.TextSimilarity` (word ** 0.7 * lsa ** 0.3)."""
    np.clip(word, 0.0, 1.0, out=word)
    if lsa is None:
        return word
    np.clip(lsa, 0.0, 1.0, out=lsa)
    return word ** 0.7 * lsa ** 0.3


def _finish(S: np.ndarray) -> np.ndarray:
    S[S >= 1.0 - 1e-9] = 1.0  # the same content words: exactly 1, as in similarity_matrix
    return np.round(S, _DECIMALS, out=S)


def _top_k(S: np.ndarray, cols: np.ndarray | None, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ``k`` largest positive values of ``S``: (positions, values).

    ``cols`` maps columns of ``S`` to article positions (None: the identity, or a
    per-row table). Ties go to the lower position, so that the result does not depend on
    how rows were grouped in blocks.
    """
    b, m = S.shape
    idx = np.full((b, k), -1, dtype=np.int64)
    val = np.full((b, k), np.nan)
    if m == 0 or k == 0:
        return idx, val
    pos = np.broadcast_to(np.arange(m), S.shape) if cols is None else np.broadcast_to(cols, S.shape)
    kk = min(k, m)
    part = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
    vals = np.take_along_axis(S, part, axis=1)
    where = np.take_along_axis(pos, part, axis=1)
    order = np.lexsort((where, -vals), axis=1)
    vals, where = np.take_along_axis(vals, order, axis=1), np.take_along_axis(where, order, axis=1)
    # Ties across the boundary of the partition: the lower positions must win.
    floor = vals[:, -1]
    tied = np.flatnonzero((floor > 0) & ((S >= floor[:, None]).sum(axis=1) > kk))
    for r in tied:
        keep = np.flatnonzero(S[r] >= floor[r])
        sel = keep[np.lexsort((pos[r, keep], -S[r, keep]))[:kk]]
        vals[r], where[r] = S[r, sel], pos[r, sel]
    ok = vals > 0
    idx[:, :kk] = np.where(ok, where, -1)
    val[:, :kk] = np.where(ok, vals, np.nan)
    return idx, val


def _search_block(index: _Index, start: int, stop: int) -> tuple[int, np.ndarray, np.ndarray]:
    """Neighbours of the articles ``start:stop`` among all (runs on Dask workers too)."""
    rows = np.arange(start, stop)
    W = index.word[start:stop]
    if index.method == "exact":
        word = (W @ index.word_t).toarray()
        lsa = index.lsa[start:stop] @ index.lsa.T if index.lsa is not None else None
        S = _finish(_blend(word, lsa))
        S[np.arange(len(rows)), rows] = -1.0  # not its own neighbour
        idx, val = _top_k(S, None, index.k)
    else:
        # Candidates: the articles sharing heavy terms with this one (an inverted index
        # on the cut vectors), then exact scores for the candidates only.
        r, c, rank = _candidates(index.proxy[start:stop] @ index.proxy_t, start, index.n_candidates)
        word = _word_dots(W, index.word, r, c)
        lsa = None
        if index.lsa is not None:
            lsa = np.empty(len(r))
            for a in range(0, len(r), _PAIRS_AT_ONCE):  # in parts that stay in the cache
                b = a + _PAIRS_AT_ONCE
                lsa[a:b] = np.einsum("ij,ij->i", index.lsa[start + r[a:b]], index.lsa[c[a:b]])
        sims = _finish(_blend(word, lsa))
        m = index.n_candidates
        S = np.full((len(rows), m), -1.0)
        cand = np.zeros((len(rows), m), dtype=np.int64)
        S[r, rank] = sims
        cand[r, rank] = c
        idx, val = _top_k(S, cand, index.k)
    # Articles with no content word (empty, only stop words or punctuation) have
    # similarity 0 with the others and so no neighbour among them; they are listed as
    # each other's neighbours with 1.0 (similarity_matrix gives 1.0 only when their
    # tokens are the same: here no text is kept to tell).
    if index.empty.any():
        empty_all = np.flatnonzero(index.empty)
        for r in np.flatnonzero(index.empty[start:stop]):
            others = empty_all[empty_all != start + r][:index.k]
            idx[r] = -1
            val[r] = np.nan
            idx[r, :len(others)] = others
            val[r, :len(others)] = 1.0
    return start, idx, val


def _word_dots(W: sp.csr_matrix, X: sp.csr_matrix, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Dot products of the rows ``r`` of ``W`` (sorted) with the rows ``c`` of ``X``.

    Article by article: its row spread out densely, its candidates' rows times it. The
    candidates' rows are read once and stay in the cache (gathering both rows of every
    pair of a block at once moved ~40 MB per 25,000 pairs through memory: twice the time,
    and more when two processes share the memory bus). The terms are summed in the order
    of the exact method's sparse product.
    """
    out = np.empty(len(r))
    dense = np.zeros(W.shape[1])
    first = np.searchsorted(r, np.arange(W.shape[0] + 1))
    for i in np.flatnonzero(np.diff(first)):
        lo, hi = W.indptr[i], W.indptr[i + 1]
        terms = W.indices[lo:hi]
        dense[terms] = W.data[lo:hi]
        a, b = first[i], first[i + 1]
        out[a:b] = X[c[a:b]] @ dense
        dense[terms] = 0.0
    return out


def _candidates(C: sp.csr_matrix, start: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``C`` (cheap scores of the articles ``start:...`` against all), its ``m``
    best columns other than its own article (ties: the lower column): (rows, columns,
    rank of each among its row's). One partition per row, not a sort of every pair:
    articles have thousands of candidates and keep a hundred or so."""
    C = C.tocsr()
    rows, cols = [], []
    for i in range(C.shape[0]):
        lo, hi = C.indptr[i], C.indptr[i + 1]
        col, val = C.indices[lo:hi], C.data[lo:hi]
        mine = col != start + i
        col, val = col[mine], val[mine]
        if len(col) > m:
            floor = -np.partition(-val, m - 1)[m - 1]  # the m-th best score
            above = col[val > floor]
            tied = np.sort(col[val == floor])[:m - len(above)]
            col = np.concatenate([above, tied])
        rows.append(np.full(len(col), i, dtype=np.int64))
        cols.append(col.astype(np.int64))
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    first = np.searchsorted(r, np.arange(C.shape[0] + 1))
    return r, c, np.arange(len(r)) - first[r]


def _cut(X: sp.csr_matrix, n_terms: int, max_postings: int) -> sp.csr_matrix:
    """Each row cut to its ``n_terms`` heaviest terms, each term then kept by the
    ``max_postings`` rows where it weighs most (:func:`_truncate`)."""
    return _truncate(_heaviest(X, n_terms), max_postings)


def _heaviest(X: sp.csr_matrix, n_terms: int) -> sp.csr_matrix:
    """Each row cut to its ``n_terms`` heaviest terms (ties: the lower term). Row by row:
    a block of rows gives the rows of the whole (the Dask path cuts its parts apart)."""
    X = X.tocsr()
    keep = []
    for i in range(X.shape[0]):  # one partition per row, not a sort of every term of the corpus
        lo, hi = X.indptr[i], X.indptr[i + 1]
        if hi - lo <= n_terms:
            keep.append(np.arange(lo, hi))
            continue
        val = X.data[lo:hi]
        floor = -np.partition(-val, n_terms - 1)[n_terms - 1]  # the n_terms-th heaviest weight
        above = np.flatnonzero(val > floor)
        tied = np.flatnonzero(val == floor)
        tied = tied[np.argsort(X.indices[lo + tied], kind="stable")][:n_terms - len(above)]  # lower term first
        keep.append(lo + np.concatenate([above, tied]))
    keep = np.concatenate(keep) if keep else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))[keep]
    P = sp.csr_matrix((X.data[keep], (owner, X.indices[keep])), shape=X.shape)
    P.sort_indices()
    return P


def _truncate(P: sp.csr_matrix, max_postings: int) -> sp.csr_matrix:
    """``P`` with each term kept by at most ``max_postings`` rows: the rows where it weighs
    most (ties: the lower row), as a search engine's impact-ordered posting lists.

    A term kept by every article's heaviest terms would make every article a candidate of
    every other (the cost would grow with the square of the corpus); dropping such terms
    instead loses ever more leads as the corpus grows. Truncated, a term still leads to the
    articles where it matters most, and an article costs at most ``n_terms x
    max_postings`` cheap scores whatever the size of the corpus.

    Only the postings of the terms kept by more rows than that are looked at (most are
    not), grouped by term (the rows in order), and each such term's ``max_postings``-th
    weight found by a partition, not a sort of its postings (at 100,000 articles: 1,500
    terms, 1.3 million postings; 0.2 s, was 0.7-0.9 s with a sort, on every Dask worker).
    """
    P = P.tocsr()
    keep = np.ones(P.nnz, dtype=bool)
    counts = np.bincount(P.indices, minlength=P.shape[1])
    common = counts > max_postings
    if common.any():
        mine = np.flatnonzero(common[P.indices])  # the postings of those terms, row by row
        mine = mine[np.argsort(P.indices[mine], kind="stable")]  # by term, then the lower row
        weights = P.data[mine]
        ends = np.cumsum(counts[common]).tolist()
        for a, b in zip([0, *ends[:-1]], ends):
            w = weights[a:b]
            floor = np.partition(w, len(w) - max_postings)[len(w) - max_postings]  # the cap-th heaviest weight
            tied = np.flatnonzero(w == floor)
            above = int((w > floor).sum())
            keep[mine[a + np.flatnonzero(w < floor)]] = False
            keep[mine[a + tied[max_postings - above:]]] = False  # ties: the lower rows stay
    kept = np.concatenate([[0], np.cumsum(keep)])
    return sp.csr_matrix((P.data[keep], P.indices[keep], kept[P.indptr].astype(P.indptr.dtype)), shape=P.shape)


def _check_int(value: Any, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def _ids_of(articles: Sequence[Any], ids: Sequence[Any] | None) -> tuple[str, ...]:
    if ids is not None:
        out = tuple(str(i) for i in ids)
        if len(out) != len(articles):
            raise ValueError(f"ids must hold one id per article: {len(out)} ids for {len(articles)} articles")
    else:
        out = tuple(str(getattr(a, "id", None) if getattr(a, "id", None) is not None else i)
                    for i, a in enumerate(articles))
    if len(set(out)) != len(out):
        seen: set[str] = set()
        dup = next(i for i in out if i in seen or seen.add(i))
        raise ValueError(f"article ids must be unique; {dup!r} appears more than once (pass ids=)")
    return out


def nearest_neighbours(
    articles: Sequence[Any],
    *,
    n_neighbours: int = 10,
    method: NeighbourMethod = "auto",
    ids: Sequence[Any] | None = None,
    model: TextSimilarity | None = None,
    n_candidates: int = 150,
    n_terms: int = 40,
    scheduler: Any = None,
    near_duplicate: float = NEAR_DUPLICATE,
) -> Neighbours:
    """The ``n_neighbours`` most similar other articles of every article of a corpus.

    Parameters
    ----------
    articles : list or pandas.Series of Article or str
        The corpus (an Article counts as its title and body, as in
        :func:`toolkit.similarity_matrix`). A Series is read in order, as
        :func:`~toolkit.summarize_many` reads it: its index is not used as ids (pass ``ids=``).
    n_neighbours : int, default 10
        Neighbours kept per article.
    method : {"auto", "exact", "approximate"}, default "auto"
        See the module notes; ``"auto"`` is exact up to :data:`EXACT_MAX_ARTICLES`.
    ids : list, optional
        One id per article (default: each Article's ``id``, else its position).
    model : TextSimilarity, optional
        A fitted document-level :class:`toolkit.TextSimilarity` (say, fitted on a
        sample of a very large archive); default: fitted on ``articles``.
    n_candidates : int, default 150
        Approximate method: articles scored exactly per article. An archive holding many
        near-copies of one article needs more than its number of neighbours: which copies
        are the closest, the cheap score cannot tell (the benchmark's corpus at 300,000
        articles holds 135 edited copies of each: 50 candidates found 0.77 to 0.85 of the
        exact top-10, 150 found 0.99).
    n_terms : int, default 40
        Approximate method: heaviest terms per article in the cheap score.
    scheduler : distributed.Client or str, optional
        Run the search on Dask (see the module notes): a ``Client``, a scheduler address or
        ``"local"``. The neighbours are the same as without.
    near_duplicate : float, default NEAR_DUPLICATE
        Similarity from which a pair is a near-duplicate.

    Returns
    -------
    Neighbours
        Articles with no content word (empty, only stop words) have no neighbour but
        each other (listed with similarity 1.0); a corpus of one article has none.

    Examples
    --------
    >>> nn = nearest_neighbours(["ISIS fighters fled Mosul.", "ISIS fighters fled Mosul.",
    ...                          "Fighters fled Raqqa and Mosul.", "Whisk the eggs with sugar."],
    ...                         n_neighbours=2)
    >>> nn.indices.tolist()
    [[1, 2], [0, 2], [0, 1], [-1, -1]]
    >>> nn.near_duplicates()[["id_a", "id_b", "similarity"]].to_numpy().tolist()
    [['0', '1', 1.0]]
    """
    if isinstance(articles, (str, bytes)):
        raise TypeError("articles must be a list of articles or texts, not a single "
                        f"{type(articles).__name__}: wrap it in a list")
    if isinstance(articles, pd.Series):
        # As summarize_many and similarity_matrix: the values in order; the index is not read (pass ids=).
        articles = articles.tolist()
    if not isinstance(articles, Sequence):
        raise TypeError(f"articles must be a list of articles or texts; got {type(articles).__name__}"
                        " (pass list(articles))")
    k = _check_int(n_neighbours, "n_neighbours", minimum=1)
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, _METHODS))}; got {method!r}")
    n_candidates = _check_int(n_candidates, "n_candidates", minimum=1)
    n_terms = _check_int(n_terms, "n_terms", minimum=1)
    if isinstance(near_duplicate, bool) or not isinstance(near_duplicate, (int, float)) \
            or not 0 < near_duplicate <= 1:
        raise ValueError(f"near_duplicate must be a similarity in (0, 1]; got {near_duplicate!r}")
    names = _ids_of(articles, ids)
    n = len(names)
    if method == "auto":
        method = "exact" if n <= EXACT_MAX_ARTICLES else "approximate"
    if n < 2:
        return Neighbours(ids=names, indices=np.full((n, k), -1, dtype=np.int64),
                          similarities=np.full((n, k), np.nan), method=method, near_duplicate=near_duplicate)
    if model is not None and (not isinstance(model, TextSimilarity) or model.level != "document"
                              or model.method != "blend"):
        raise ValueError("model must be a fitted TextSimilarity(level='document', method='blend')")
    client, close = _client(scheduler) if scheduler is not None else (None, None)
    try:
        X = None
        if model is None:
            model = TextSimilarity(level="document")
            X = model.fit_transform(articles)  # each text analysed once (the fit needs them all here)
        elif client is None:
            X = model.transform(articles)
        k_eff, m = min(k, n - 1), max(n_candidates, k)
        block = max(1, _BLOCK_CELLS // n) if method == "exact" else _APPROXIMATE_BLOCK
        starts = list(range(0, n, block))
        indices = np.full((n, k), -1, dtype=np.int64)
        sims = np.full((n, k), np.nan)
        if client is None:
            part = _part(model, X, method, n_terms)
            del X
            index = _assemble(method, k_eff, m, part)
            results = (_search_block(index, s, min(s + block, n)) for s in starts)
            _collect(results, indices, sims)
        else:
            source = as_texts(articles, "articles") if X is None else X
            del X
            _search_on_dask(client, model, source, method, k_eff, m, n_terms, starts, block, n, indices, sims)
    finally:
        if close is not None:
            close()
    return Neighbours(ids=names, indices=indices, similarities=sims, method=method,
                      near_duplicate=float(near_duplicate), model=model)


@dataclass(frozen=True)
class _Part:
    """The vectors of a run of consecutive articles (one part of the corpus)."""

    word: sp.csr_matrix  # unit word TF-IDF rows
    lsa: np.ndarray | None  # unit LSA rows, or None (small corpora)
    proxy: sp.csr_matrix | None  # the heaviest terms of each row (approximate method)

    def __sizeof__(self) -> int:
        return _nbytes(self.word, self.lsa, self.proxy)


def _nbytes(*arrays: Any) -> int:
    total = 64
    for a in arrays:
        if isinstance(a, np.ndarray):
            total += a.nbytes
        elif a is not None:
            total += a.data.nbytes + a.indices.nbytes + a.indptr.nbytes
    return total


@dataclass(frozen=True)
class _Texts:
    """Texts to send in one piece (Dask sends a list item by item: 30,000 texts took
    4 to 6 s to scatter as lists of strings, 1 s as one string and its offsets)."""

    blob: str
    ends: np.ndarray

    @classmethod
    def of(cls, texts: list[str]) -> _Texts:
        return cls("".join(texts), np.cumsum([len(t) for t in texts], dtype=np.int64))

    def texts(self) -> list[str]:
        starts = np.concatenate([[0], self.ends[:-1]]).tolist()
        return [self.blob[a:b] for a, b in zip(starts, self.ends.tolist())]


def _part(model: TextSimilarity, source: Any, method: str, n_terms: int) -> _Part:
    """The part of ``source`` (texts, vectorized here, or their vectors from ``model``)."""
    X = model.transform(source.texts()) if isinstance(source, _Texts) else source
    word = X[:, model.blocks_["tfidf"]].tocsr()
    lsa = None
    if "lsa" in model.blocks_:
        lsa = np.asarray(X[:, model.blocks_["lsa"]].toarray(), dtype=np.float64)
    return _Part(word=word, lsa=lsa, proxy=_heaviest(word, n_terms) if method == "approximate" else None)


def _assemble(method: str, k: int, n_candidates: int, *parts: _Part) -> _Index:
    """The index of the whole corpus from its parts, in order (on each Dask worker once)."""
    word = parts[0].word if len(parts) == 1 else sp.vstack([p.word for p in parts], format="csr")
    lsa = None
    if parts[0].lsa is not None:
        lsa = parts[0].lsa if len(parts) == 1 else np.vstack([p.lsa for p in parts])
    proxy = None
    if method == "approximate":
        proxy = parts[0].proxy if len(parts) == 1 else sp.vstack([p.proxy for p in parts], format="csr")
        proxy = _truncate(proxy, _MAX_POSTINGS)  # needs the whole corpus: a term's heaviest rows
    return _Index(word=word, word_t=word.T.tocsr() if method == "exact" else None, lsa=lsa,
                  proxy=proxy, proxy_t=proxy.T.tocsr() if proxy is not None else None,
                  empty=np.diff(word.indptr) == 0, k=k, method=method, n_candidates=n_candidates)


def _collect(results: Any, indices: np.ndarray, sims: np.ndarray) -> None:
    for start, idx, val in results:
        indices[start:start + len(idx), :idx.shape[1]] = idx
        sims[start:start + len(val), :val.shape[1]] = val


def _client(scheduler: Any) -> tuple[Any, Any]:
    """A Dask client for ``scheduler``, and what closes what was started here (or None)."""
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler, None
    if scheduler == "local":
        cluster = local_cluster()
        client = Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()
        return client, close
    if isinstance(scheduler, str):
        client = Client(scheduler, timeout="10s")
        return client, client.close
    raise TypeError(f"scheduler must be a distributed.Client, an address or 'local'; got {type(scheduler).__name__}")


_DASK_PART = 2000  # articles vectorized (or sent) per Dask task
_IN_FLIGHT = 2  # search tasks given to a worker at a time


def _search_on_dask(client: Any, model: TextSimilarity, source: Any, method: str, k: int, n_candidates: int,
                    n_terms: int, starts: list[int], block: int, n: int,
                    indices: np.ndarray, sims: np.ndarray) -> None:
    """:func:`_search_dask`, with a worker's death said in words: its part of the corpus was
    sent to it alone (scattered, so that it is sent once), so Dask cannot redo its work and
    cancels the search (a bare ``FutureCancelledError``)."""
    from concurrent.futures import CancelledError

    from distributed.scheduler import KilledWorker

    try:
        _search_dask(client, model, source, method, k, n_candidates, n_terms, starts, block, n, indices, sims)
    except (CancelledError, KilledWorker) as exc:
        raise RuntimeError(
            "a Dask worker died during the neighbour search (out of memory, or stopped), and the part of the "
            "corpus it held was lost with it: run the search again (with more memory per worker, or more "
            f"workers); {type(exc).__name__}: {exc}") from exc


def _search_dask(client: Any, model: TextSimilarity, source: Any, method: str, k: int, n_candidates: int,
                 n_terms: int, starts: list[int], block: int, n: int,
                 indices: np.ndarray, sims: np.ndarray) -> None:
    """The search on a Dask cluster, the work split and not repeated:

    1. the corpus goes to the workers in parts, each part once (texts, vectorized there
       with the fitted ``model``, which is small and sent to every worker; or the rows
       already vectorized); each part is cut to its heaviest terms where it is;
    2. every worker assembles the index of the whole corpus once, from the parts, which
       the workers send each other (nothing large passes through this process), each term
       kept by the articles where it weighs most (the same function as without Dask);
    3. the blocks of rows go to the workers a few at a time, each to a worker holding an
       index, as they finish (a slower worker gets fewer); only the top-k lists return.
    """
    from distributed import as_completed

    workers = sorted(client.scheduler_info()["workers"])
    if not workers:
        raise RuntimeError("the Dask cluster has no worker to run the neighbour search")
    remote_model = client.scatter(model, broadcast=True, hash=False)
    parts = []
    for i, start in enumerate(range(0, n, _DASK_PART)):
        # Each part to one worker, round robin, and its task given at once: the workers start
        # on the first parts while the others are sent (sending them all first kept the
        # workers idle for ~2 s at 100,000 articles).
        chunk = source[start:start + _DASK_PART]
        [chunk] = client.scatter([_Texts.of(chunk) if isinstance(source, list) else chunk],
                                 workers=[workers[i % len(workers)]], hash=False)
        parts.append(client.submit(_part_task, remote_model, chunk, method, n_terms, pure=False))
    del chunk
    indexes = {w: client.submit(_assemble_task, method, k, n_candidates, *parts, workers=[w],
                                allow_other_workers=True, pure=False) for w in workers}
    del parts  # dropped by the workers once every index is assembled
    groups = iter([starts[i:i + 1] for i in range(len(starts))])
    owner: dict[str, str] = {}
    running = as_completed()

    def give(w: str) -> None:
        group = next(groups, None)
        if group is not None:
            future = client.submit(_search_blocks, indexes[w], group, block, n, workers=[w],
                                   allow_other_workers=True, pure=False)
            owner[future.key] = w
            running.add(future)

    for w in workers:
        for _ in range(_IN_FLIGHT):
            give(w)
    for future in running:
        _collect(future.result(), indices, sims)
        give(owner.pop(future.key))
        future.release()


def _part_task(model: TextSimilarity, source: Any, method: str, n_terms: int) -> _Part:
    with _heap_kept():
        return _part(model, source, method, n_terms)


def _assemble_task(method: str, k: int, n_candidates: int, *parts: _Part) -> _Index:
    with _heap_kept():
        return _assemble(method, k, n_candidates, *parts)


def _search_blocks(index: _Index, starts: list[int], block: int, n: int) -> list[tuple]:
    with _heap_kept():
        return [_search_block(index, s, min(s + block, n)) for s in starts]


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
_GLIBC_MMAP_DEFAULT = 128 * 1024  # glibc's fixed mmap threshold when it is not adaptive
_HEAP_MMAP_THRESHOLD = 32 * 2**20  # the ceiling of glibc's own adaptive threshold
_HEAP_TRIM_THRESHOLD = 256 * 2**20
_heap_lock = threading.Lock()
_heap_tasks = 0


@_cache.cached(maxsize=1)
def _glibc() -> Any:
    """The C library if it is glibc (Linux), else None (looked up once per process)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - glibc only (musl has no tunable malloc)
        return libc
    except (OSError, AttributeError):
        return None


@contextmanager
def _heap_kept() -> Iterator[None]:
    """While a search task runs on a Dask worker, glibc reuses its heap for the temporary arrays.

    Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``
    (``distributed.nanny.pre-spawn-environ``, so that they give memory back), which also
    turns glibc's adaptive mmap threshold off: every array over 128 KiB is then mapped and
    unmapped again, its pages faulted in and zeroed by the kernel each time. The search
    makes many such arrays: on the workers it took 1.5-2x the CPU time of the same blocks
    in one process, the difference in the kernel (measured at 30,000 articles: 6 blocks
    2.8 s in one process, 5.3-5.6 s on a worker, 2.6 s on a worker with this). For the
    task, arrays up to 32 MiB (the ceiling of glibc's adaptive threshold) come from the
    heap and the heap is not trimmed; the worker's settings are restored after it (the
    next free gives the memory back). Nothing is done where the worker's environment does
    not set the trim threshold alone, or the C library is not glibc.
    """
    global _heap_tasks
    trim = os.environ.get("MALLOC_TRIM_THRESHOLD_", "")
    libc = _glibc() if trim.isdigit() and "MALLOC_MMAP_THRESHOLD_" not in os.environ else None
    if libc is None:
        yield
        return
    with _heap_lock:
        if _heap_tasks == 0:
            libc.mallopt(_M_MMAP_THRESHOLD, _HEAP_MMAP_THRESHOLD)
            libc.mallopt(_M_TRIM_THRESHOLD, _HEAP_TRIM_THRESHOLD)
        _heap_tasks += 1
    try:
        yield
    finally:
        with _heap_lock:
            _heap_tasks -= 1
            if _heap_tasks == 0:
                libc.mallopt(_M_MMAP_THRESHOLD, _GLIBC_MMAP_DEFAULT)
                libc.mallopt(_M_TRIM_THRESHOLD, int(trim))
