"""How alike two texts are, from 0 (nothing in common) to 1 (the same words).

Two measures, one per kind of text, both built from scikit-learn's ``TfidfVectorizer``:

* **document** (articles): cosine of word TF-IDF vectors over Snowball stems of the
  content words (stop words left out, numbers kept) with sublinear term frequency
  (``1 + log tf``). Given a large corpus to learn from (at least
  :data:`LSA_MIN_DOCUMENTS` texts, counting ``background``), it is blended with an LSA
  cosine (``TruncatedSVD`` of the same vectors) as ``word ** 0.7 * lsa ** 0.3``: a
  geometric blend, so texts with no word in common still get 0.
* **sentence** (short texts, used to align sentences): ``(0.75 * word + 0.25 * char) **
  0.7``, with the word cosine above and a character n-gram cosine (``char_wb``, 2 to 5
  characters, over the content words, so inflections, compounds and typos still match).
  Sentences with no word in common can still get a small value from shared n-grams. The
  power is a calibration: it does not change the ranking but brings the values closer
  to linear in human ratings (Pearson, not only Spearman). The weight and the power were
  chosen on the STS Benchmark dev set and checked by two-fold cross-validation on it
  (see ``benchmarks/bench_similarity.py``).

Term weights (IDF, LSA) are learned from the texts being compared plus an optional
``background`` corpus: pass a few hundred articles from the same domain to get better
weights when comparing only two texts (LSA needs :data:`LSA_MIN_DOCUMENTS`).

Degenerate cases, the same everywhere in this module:

* every text has similarity exactly 1.0 with itself, and so have two texts with the same
  content words (case, punctuation, spacing, stop words and word order aside);
* a text with no content words (empty, only punctuation, only stop words) has similarity
  0.0 with every text that is not the same text; two such identical texts (say two empty
  strings) have 1.0. :func:`similarity` and :func:`similarity_matrix` warn about them.

Not for finding the themes of a text (see :mod:`toolkit.themes`) or for the
side-by-side comparison of two articles (see :mod:`toolkit.comparison`, which uses
:func:`pairwise_similarity` and :data:`ALIGN_THRESHOLD` from here).
"""
from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from . import _cache
from ._inputs import as_text, as_texts
from ._text import STOP_WORDS, stem, tokenize

__all__ = [
    "ALIGN_THRESHOLD",
    "SIMILARITY_SCALE",
    "TextSimilarity",
    "describe_similarity",
    "pairwise_similarity",
    "similarity",
    "similarity_matrix",
]

Level = Literal["sentence", "document"]
Method = Literal["blend", "tfidf", "char", "lsa"]
_LEVELS = ("sentence", "document")
_METHODS = ("blend", "tfidf", "char", "lsa")

#: Sentence similarity (``level="sentence"``) above which two sentences say the same
#: thing: the F1-optimal threshold for telling STS Benchmark dev pairs with a human score
#: of at least 3.5 (of 5) from the rest, with term weights learned from 30 pairs at a
#: time (about the sentences of two articles). See ``benchmarks/bench_similarity.py``.
ALIGN_THRESHOLD: float = 0.63

#: What a document similarity means, as ``(lowest value, words)`` bands, measured by
#: ``benchmarks/bench_similarity_scale.py`` on news pairs whose relation is known (see
#: the README, "What a similarity figure means"). Different subjects (BBC articles of two
#: categories): median 0.04, 95% below 0.09. The same broad subject, another story (BBC,
#: one category; ISIS news of 2016, another event): medians 0.07-0.14, 95% below 0.23.
#: One event reported twice in other words (ISIS news, picked by hand; a CNN/DailyMail
#: article and its own highlights): 0.15-0.60, medians 0.29-0.44. Republished or updated
#: copies (BBC, same headline): mostly above 0.9. The bands overlap at their edges, and
#: the figures move with the texts the weights are learned from (alone, among 20, among
#: 2,225: medians within 0.11 of each other here).
SIMILARITY_SCALE: tuple[tuple[float, str], ...] = (
    (0.0, "unrelated"),
    (0.05, "same broad subject"),
    (0.2, "same story or a close one"),
    (0.5, "same story in much the same words"),
    (0.9, "near-duplicate"),
)

#: Fewest texts (compared texts plus background) for the document blend to use LSA;
#: on smaller corpora LSA lowered the quality of the ranking in our checks.
LSA_MIN_DOCUMENTS: int = 1000

# The blend. Sentence level: weighted mean of word and character cosines, then a power
# calibration; document level: geometric blend of word and LSA cosines.
_SENTENCE_WORD_WEIGHT = 0.75
_SENTENCE_POWER = 0.7
_DOCUMENT_LSA_WEIGHT = 0.3


# --------------------------------------------------------------------------- inputs


def _as_texts(values: Any, name: str, *, allow_none: bool = False) -> list[str] | None:
    """A list of texts from a list of str, Article or Path (the input rule of ``_inputs``)."""
    if values is None:
        if allow_none:
            return None
        raise TypeError(f"{name} must be a list of texts, not None")
    return as_texts(values, name)


def _check_choice(value: Any, name: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def _key(text: str) -> tuple[str, ...]:
    """What two texts must share to count as the same text (similarity exactly 1.0)."""
    return tuple(tokenize(text))


# Token -> its stem, or None for a stop word: what _terms keeps of each token, in one dict
# look-up (analysing the texts is most of the time of vectorizing a large corpus; a call
# of stem() per token took half of it). Replaced by an empty dict when full, never
# emptied in place (as _text._ANALYZED), so a reader always finds what it just learned.
_TERM_OF: dict[str, str | None] = {}
_TERM_OF_MAX = 500_000


def _term_table(tokens: list[str]) -> dict[str, str | None]:
    """The table, with every one of ``tokens`` in it."""
    global _TERM_OF
    table = _TERM_OF
    if len(table) > _TERM_OF_MAX:
        table = _TERM_OF = {}
    for token in set(tokens).difference(table):
        table[token] = None if token in STOP_WORDS else stem(token)
    return table


def _clear_term_table() -> None:
    global _TERM_OF
    _TERM_OF = {}


_cache.register("toolkit.similarity._TERM_OF", clear=_clear_term_table, size=lambda: len(_TERM_OF))


# Cached: fit and transform see the same texts, and tokenizing dominates the run time.
@_cache.cached(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    """Stems of the content words, numbers included (``_text.analyze`` drops them, but
    figures are much of what makes two news sentences say the same thing)."""
    tokens = tokenize(text)
    try:
        found = list(map(_TERM_OF.__getitem__, tokens))
    except KeyError:
        found = list(map(_term_table(tokens).__getitem__, tokens))
    return tuple(t for t in found if t is not None)


@_cache.cached(maxsize=8192)
def _content(text: str) -> str:
    """The content words of a text, lower-cased, for the character n-grams."""
    return " ".join(t for t in tokenize(text) if t not in STOP_WORDS)


def _warn_if_empty(texts: list[str], name: str) -> None:
    empty = [i for i, t in enumerate(texts) if not _terms(t)]
    if empty:
        shown = ", ".join(map(str, empty[:5])) + (", ..." if len(empty) > 5 else "")
        warnings.warn(f"{name}: {len(empty)} text(s) with no content words (position {shown}); "
                      "their similarity to any different text is 0.0", UserWarning, stacklevel=3)


def _fit_vectorizer(vectorizer: TfidfVectorizer, docs: list[str]) -> tuple[TfidfVectorizer | None, Any]:
    """Fit and transform; (None, None) when the corpus has no term at all (every text empty)."""
    try:
        return vectorizer, vectorizer.fit_transform(docs)
    except ValueError:  # "empty vocabulary": no text has a single term
        return None, None


# --------------------------------------------------------------------------- estimator


class TextSimilarity(BaseEstimator):
    """Text similarity with term weights learned from a corpus.

    Follows scikit-learn's rules: ``__init__`` only stores the options, :meth:`fit`
    learns the weights and returns ``self``, learned attributes end in ``_``.

    Parameters
    ----------
    method : {"blend", "tfidf", "char", "lsa"}, default "blend"
        ``"tfidf"``: cosine of word TF-IDF vectors (stems, no stop words, sublinear tf).
        ``"char"``: cosine of character 2-5-gram TF-IDF vectors of the content words.
        ``"lsa"``: cosine in an LSA space (``TruncatedSVD`` of the word vectors), clipped
        at 0. ``"blend"``: the recommended measure for ``level`` (see the module notes).
    level : {"sentence", "document"}, default "document"
        What the texts are; chooses the blend.
    n_components : int, default 100
        Dimensions of the LSA space (fewer when the corpus is small).
    random_state : int, default 0
        Seed of the SVD, for repeatable results.

    Attributes
    ----------
    word_ : TfidfVectorizer or None
        The word vectorizer (None when no text had a content word).
    char_ : TfidfVectorizer or None
        The character n-gram vectorizer, when the method uses it.
    svd_ : TruncatedSVD or None
        The LSA projection, when the method uses it.
    blocks_ : dict[str, slice]
        Which columns of :meth:`transform` belong to which measure.
    n_documents_ : int
        Number of texts the weights were learned from.

    Examples
    --------
    >>> model = TextSimilarity(level="sentence").fit(
    ...     ["A man is playing a guitar.", "A man plays the guitar.", "A woman is slicing onions."])
    >>> S = model.pairwise(["A man is playing a guitar."], ["A man plays the guitar.", "A woman is slicing onions."])
    >>> S.shape, bool(S[0, 0] > 0.5 > S[0, 1])
    ((1, 2), True)
    """

    def __init__(
        self,
        *,
        method: Method = "blend",
        level: Level = "document",
        n_components: int = 100,
        random_state: int | None = 0,
    ) -> None:
        self.method = method
        self.level = level
        self.n_components = n_components
        self.random_state = random_state

    def _uses(self) -> tuple[bool, bool]:
        """(char n-grams?, LSA?) for these options; LSA also needs a large corpus."""
        char = self.method == "char" or (self.method == "blend" and self.level == "sentence")
        lsa = self.method == "lsa" or (self.method == "blend" and self.level == "document")
        return char, lsa

    def fit(self, texts: Sequence[str], y: None = None) -> TextSimilarity:
        """Learn term weights (IDF, and the LSA space if used) from ``texts``.

        Parameters
        ----------
        texts : list of str or Article
            The corpus: the texts to compare and any background texts.
        y : None
            Ignored; for scikit-learn compatibility.

        Returns
        -------
        TextSimilarity
            ``self``, fitted.
        """
        self._fit(_as_texts(texts, "texts"))
        return self

    def fit_transform(self, texts: Sequence[str], y: None = None) -> sp.csr_matrix:
        """Learn term weights from ``texts`` and return their vectors.

        The same as ``fit(texts).transform(texts)``, but each text is analysed once
        instead of twice (a third of the time of vectorizing a large corpus).

        Parameters
        ----------
        texts : list of str or Article
        y : None
            Ignored; for scikit-learn compatibility.

        Returns
        -------
        scipy.sparse.csr_matrix
            As :meth:`transform`.

        Examples
        --------
        >>> texts = ["ISIS lost Mosul.", "ISIS lost Raqqa and Mosul.", "Stocks rallied."]
        >>> X = TextSimilarity().fit_transform(texts)
        >>> X.shape[0], bool(abs(X - TextSimilarity().fit(texts).transform(texts)).max() < 1e-12)
        (3, True)
        """
        docs = _as_texts(texts, "texts")
        order, word, char = self._fit(docs)
        X = self._stack(len(docs), word, char)
        back = np.empty(len(order), dtype=np.int64)
        back[order] = np.arange(len(order))  # row of each text among the sorted texts
        return X[back]

    def _fit(self, docs: list[str]) -> tuple[np.ndarray, Any, Any]:
        """Fit on ``docs``; returns the order that sorts them and the word and character
        vectors of the sorted texts (None where not used)."""
        _check_choice(self.method, "method", _METHODS)
        _check_choice(self.level, "level", _LEVELS)
        if isinstance(self.n_components, bool) or not isinstance(self.n_components, (int, np.integer)) \
                or self.n_components < 1:
            raise ValueError(f"n_components must be a positive integer; got {self.n_components!r}")
        if not docs:
            raise ValueError("texts must hold at least one text to learn term weights from")
        # Sorted so that the learned weights do not depend on the order of the texts
        # (which keeps similarity(a, b) == similarity(b, a) to the last bit).
        order = np.array(sorted(range(len(docs)), key=docs.__getitem__), dtype=np.int64)
        docs = [docs[i] for i in order]
        use_char, use_lsa = self._uses()
        self.n_documents_ = len(docs)
        self.word_, X = _fit_vectorizer(TfidfVectorizer(analyzer=_terms, sublinear_tf=True), docs)
        self.char_ = C = None
        if use_char:
            self.char_, C = _fit_vectorizer(
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
                [_content(d) for d in docs])
        self.svd_ = None
        if use_lsa and self.word_ is not None:
            big_enough = self.method == "lsa" or len(docs) >= LSA_MIN_DOCUMENTS
            k = min(int(self.n_components), X.shape[0] - 1, X.shape[1] - 1)
            if big_enough and k >= 1:
                if len(docs) < LSA_MIN_DOCUMENTS:
                    warnings.warn(f"method='lsa' learned from only {len(docs)} texts: the LSA space is "
                                  f"unreliable below {LSA_MIN_DOCUMENTS}; pass more texts as background",
                                  UserWarning, stacklevel=2)
                self.svd_ = TruncatedSVD(n_components=k, random_state=self.random_state).fit(X)
        sizes = {}
        if self.method in ("blend", "tfidf"):
            sizes["tfidf"] = len(self.word_.vocabulary_) if self.word_ is not None else 0
        if self.char_ is not None:
            sizes["char"] = len(self.char_.vocabulary_)
        if self.svd_ is not None:
            sizes["lsa"] = self.svd_.n_components
        elif self.method == "lsa":
            sizes["lsa"] = 0
        start, self.blocks_ = 0, {}
        for name, size in sizes.items():
            self.blocks_[name] = slice(start, start + size)
            start += size
        return order, X, C

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Unit-length vectors of ``texts``, one block per measure side by side.

        Parameters
        ----------
        texts : list of str or Article

        Returns
        -------
        scipy.sparse.csr_matrix
            One row per text; ``blocks_`` says which columns hold which measure. Each block
            of a row has length 1 (or 0 for a text with no term in it).
        """
        check_is_fitted(self, "blocks_")
        docs = _as_texts(texts, "texts")
        word = char = None
        if self.word_ is not None and ("tfidf" in self.blocks_ or self.svd_ is not None):
            word = self.word_.transform(docs)  # once, for the word block and the LSA block
        if "char" in self.blocks_:
            char = self.char_.transform([_content(d) for d in docs])
        return self._stack(len(docs), word, char)

    def _stack(self, n: int, word: Any, char: Any) -> sp.csr_matrix:
        """The blocks of :meth:`transform` from the word and character vectors of ``n`` texts."""
        parts = []
        for name in self.blocks_:
            if name == "tfidf":
                part = word if self.word_ is not None else sp.csr_matrix((n, 0))
            elif name == "char":
                part = char
            elif self.svd_ is not None:  # lsa
                part = sp.csr_matrix(normalize(self.svd_.transform(word)))
            else:  # lsa asked for, but nothing to learn it from
                part = sp.csr_matrix((n, 0))
            parts.append(sp.csr_matrix(part))
        return sp.hstack(parts, format="csr") if parts else sp.csr_matrix((n, 0))

    def pairwise(self, a_texts: Sequence[str], b_texts: Sequence[str] | None = None) -> np.ndarray:
        """Similarity of every text of ``a_texts`` with every text of ``b_texts``.

        Parameters
        ----------
        a_texts : list of str or Article
        b_texts : list of str or Article, optional
            Default: ``a_texts`` (the result is then symmetric with 1.0 on the diagonal).

        Returns
        -------
        numpy.ndarray
            ``len(a_texts) x len(b_texts)``, values in [0, 1]; exactly 1.0 for identical
            texts and for texts with the same content words.
        """
        check_is_fitted(self, "blocks_")
        a = _as_texts(a_texts, "a_texts")
        b = _as_texts(b_texts, "b_texts", allow_none=True)
        same = b is None
        b = a if same else b
        if not a or not b:
            return np.zeros((len(a), len(b)))
        X = self.transform(a)
        Y = X if same else self.transform(b)
        cos = {}
        for name, cols in self.blocks_.items():
            cos[name] = np.clip(np.asarray((X[:, cols] @ Y[:, cols].T).todense(), dtype=float), 0.0, 1.0)
        S = self._combine(cos, (len(a), len(b)))
        if same:
            S = (S + S.T) / 2
        # Texts with the same content words have the same vectors: 1.0 up to rounding,
        # made exact. Texts with no term at all (zero vectors) are the same only if
        # their tokens are.
        S[S >= 1.0 - 1e-9] = 1.0
        empty_a = np.flatnonzero(np.diff(X.indptr) == 0)
        empty_b = empty_a if same else np.flatnonzero(np.diff(Y.indptr) == 0)
        if len(empty_a) and len(empty_b):
            index: dict[tuple[str, ...], list[int]] = {}
            for j in empty_b:
                index.setdefault(_key(b[j]), []).append(j)
            for i in empty_a:
                for j in index.get(_key(a[i]), ()):
                    S[i, j] = 1.0
        return np.clip(S, 0.0, 1.0)

    def _combine(self, cos: dict[str, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
        if self.method != "blend":
            return cos.get(self.method, np.zeros(shape))
        word = cos["tfidf"]
        if self.level == "sentence":
            char = cos.get("char", np.zeros(shape))
            return (_SENTENCE_WORD_WEIGHT * word + (1 - _SENTENCE_WORD_WEIGHT) * char) ** _SENTENCE_POWER
        if "lsa" in cos:
            return word ** (1 - _DOCUMENT_LSA_WEIGHT) * cos["lsa"] ** _DOCUMENT_LSA_WEIGHT
        return word


# --------------------------------------------------------------------------- functions


def pairwise_similarity(
    a_texts: Sequence[str],
    b_texts: Sequence[str] | None = None,
    *,
    background: Sequence[str] | None = None,
    level: Level = "document",
    method: Method = "blend",
) -> np.ndarray:
    """Similarity of every text of ``a_texts`` with every text of ``b_texts``.

    Term weights are learned from ``a_texts``, ``b_texts`` and ``background`` together.
    Silent about empty texts (they score 0.0 against other texts), so that it can be
    used on the sentences of an article.

    Parameters
    ----------
    a_texts, b_texts : list of str or Article
        ``b_texts`` defaults to ``a_texts``.
    background : list of str or Article, optional
        Extra texts used only to learn term weights.
    level : {"sentence", "document"}, default "document"
        ``"sentence"`` for sentence alignment (compare with :data:`ALIGN_THRESHOLD`).
    method : {"blend", "tfidf", "char", "lsa"}, default "blend"
        See :class:`TextSimilarity`.

    Returns
    -------
    numpy.ndarray
        ``len(a_texts) x len(b_texts)``, values in [0, 1].

    Examples
    --------
    >>> S = pairwise_similarity(["ISIS fighters scattered into the desert."],
    ...                         ["The militants scattered across the desert.", "Oil prices rose."],
    ...                         level="sentence")
    >>> S.shape, bool(S[0, 0] > 0.45 > S[0, 1])
    ((1, 2), True)
    """
    a = _as_texts(a_texts, "a_texts")
    b = _as_texts(b_texts, "b_texts", allow_none=True)
    bg = _as_texts(background, "background", allow_none=True) or []
    corpus = a + (b or []) + bg
    if not corpus:
        return np.zeros((len(a), len(b) if b is not None else 0))
    model = TextSimilarity(method=method, level=level).fit(corpus)
    return model.pairwise(a, b)


def similarity_matrix(
    texts: Sequence[str],
    *,
    background: Sequence[str] | None = None,
    level: Level = "document",
    method: Method = "blend",
) -> np.ndarray:
    """Similarity of every pair of ``texts``: a symmetric matrix with 1.0 on the diagonal.

    Parameters
    ----------
    texts : list of str or Article
        An Article counts as its title and body.
    background : list of str or Article, optional
        Extra texts used only to learn term weights (IDF, LSA).
    level : {"sentence", "document"}, default "document"
    method : {"blend", "tfidf", "char", "lsa"}, default "blend"

    Returns
    -------
    numpy.ndarray
        ``n x n``, symmetric, values in [0, 1], diagonal 1.0.

    Warns
    -----
    UserWarning
        For texts with no content words.

    Examples
    --------
    >>> S = similarity_matrix(["ISIS lost Mosul.", "ISIS lost Raqqa and Mosul.", "Stocks rallied."])
    >>> S.shape, bool((S == S.T).all()), S.diagonal().tolist()
    ((3, 3), True, [1.0, 1.0, 1.0])
    >>> bool(S[0, 1] > S[0, 2]), float(S[0, 2])
    (True, 0.0)
    """
    docs = _as_texts(texts, "texts")
    _check_choice(level, "level", _LEVELS)
    _check_choice(method, "method", _METHODS)
    _warn_if_empty(docs, "texts")
    return pairwise_similarity(docs, background=background, level=level, method=method)


def describe_similarity(value: float, *, legend: bool = False) -> str:
    """The words of :data:`SIMILARITY_SCALE` for a document similarity.

    A guide measured on news articles, not a property of the pair: the bands overlap at
    their edges and a figure moves with the texts its term weights come from.

    Parameters
    ----------
    value : float
        A document similarity in [0, 1].
    legend : bool, default False
        Add the whole scale in brackets, for a reader who sees the figure alone.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``value`` is not a number (a ``str`` such as ``"0.3"``, a ``bool``, None).
    ValueError
        If ``value`` is not in [0, 1] (or is NaN).

    Examples
    --------
    >>> describe_similarity(0.03), describe_similarity(0.31), describe_similarity(1.0)
    ('unrelated', 'same story or a close one', 'near-duplicate')
    >>> describe_similarity(0.18, legend=True)
    'same broad subject (scale for news articles: below 0.05 unrelated, 0.05+ same broad subject, 0.2+ same story or a close one, 0.5+ same story in much the same words, 0.9+ near-duplicate)'
    """
    if isinstance(value, (bool, str, bytes)) or not isinstance(value, numbers.Real):
        # float("0.3") would read a string as a number: refuse it, as a number is asked for.
        raise TypeError(f"value must be a number (a similarity in [0, 1]); got {type(value).__name__} {value!r}")
    v = float(value)
    if not 0.0 <= v <= 1.0:  # also refuses NaN
        raise ValueError(f"value must be a similarity in [0, 1]; got {value!r}")
    words = [words for low, words in SIMILARITY_SCALE if v >= low][-1]
    if not legend:
        return words
    (_, lowest), *bands = SIMILARITY_SCALE
    return (f"{words} (scale for news articles: below {bands[0][0]:g} {lowest}, "
            + ", ".join(f"{low:g}+ {band}" for low, band in bands) + ")")


def similarity(
    a: str,
    b: str,
    *,
    background: Sequence[str] | None = None,
    level: Level = "document",
    method: Method = "blend",
) -> float:
    """Similarity of two texts, from 0.0 (no content word in common) to 1.0 (the same).

    With only two texts there is little to learn term weights from; pass ``background``
    (articles from the same domain) for better ones.

    Parameters
    ----------
    a, b : str, Article or pathlib.Path
        An Article counts as its title and body; a Path is read with
        :func:`~toolkit.load_article`; a str is the text (the input rule in the README).
    background : list of str or Article, optional
        Extra texts used only to learn term weights (IDF, LSA).
    level : {"sentence", "document"}, default "document"
        ``"sentence"`` suits short texts (see the module notes).
    method : {"blend", "tfidf", "char", "lsa"}, default "blend"

    Returns
    -------
    float
        In [0, 1]; symmetric in ``a`` and ``b``.

    Warns
    -----
    UserWarning
        If either text has no content words.

    Examples
    --------
    >>> similarity("ISIS fighters fled Raqqa.", "ISIS fighters fled Raqqa.")
    1.0
    >>> similarity("ISIS fighters fled Raqqa.", "Bananas are yellow.")
    0.0
    >>> round(similarity("ISIS fighters fled Raqqa.", "Fighters of ISIS fled from Mosul."), 2)
    0.6
    """
    pair = [as_text(a, "a"), as_text(b, "b")]
    _check_choice(level, "level", _LEVELS)
    _check_choice(method, "method", _METHODS)
    _warn_if_empty(pair, "a and b")
    return float(pairwise_similarity(pair, background=background, level=level, method=method)[0, 1])
