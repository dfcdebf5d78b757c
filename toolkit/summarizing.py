"""Extractive TF-IDF summaries: pick the sentences that best say what an article is about.

How a summary is made (the same steps for one article or a corpus):

1. The article is cut into sentences with :func:`toolkit.split_sentences`.
2. Each sentence becomes a TF-IDF vector over the stems of its content words
   (the counts of scikit-learn's ``CountVectorizer(analyzer=toolkit._text.analyze)``, made
   for a whole batch at once; scikit-learn's smooth IDF,
   ``log((1 + n) / (1 + df)) + 1``). The IDF comes either from the article's own sentences
   (``idf="document"``, the default: nothing to fit) or from a corpus learned once with
   :meth:`Summarizer.fit` (``idf="corpus"``: words common in the corpus count less; words
   the corpus never saw count as the rarest).
3. The article's *profile* is the sum of its sentence vectors (plus the title's, when there
   is one), each weighted by a position prior ``1 / (1 + i / position)``: news puts what
   matters first, so opening sentences weigh more, but every sentence counts. With
   ``position=None`` all sentences weigh the same (essays, transcripts, lists).
4. A sentence's **score** is its cosine similarity to the profile times its own position
   weight (and times ``words / 10`` for a sentence of fewer than 10 words: cosine similarity
   favours fragments); the terms that earned it (``Summary.terms``) are the largest
   products of the sentence's term weights with the profile's.
5. Sentences are chosen greedily by maximal marginal relevance: the next sentence is the one
   with the best ``(1 - diversity) * score - diversity * top_score * similarity to the
   closest sentence already chosen``, so a summary does not say the same thing twice.
   The chosen sentences are returned in document order.

The defaults (``position=4.0``, ``diversity=0.4``) and the evaluation behind them are in
``benchmarks/bench_quality.py`` (ROUGE on CNN/DailyMail against Lead-3 and sumy's summarizers).

Not for abstractive summaries, for choosing among articles (see :mod:`toolkit.similarity`)
or for reading files (see :func:`toolkit.load_article`; :func:`summarize` takes the text).
"""
from __future__ import annotations

import html
import math
import numbers
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from itertools import count
from os import PathLike
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer

from ._batch import ProgressBar, auto_progress
from ._inputs import as_list, as_texts, text_and_title, texts_and_titles
from ._text import SEPARATOR, WORD_RE, analyze, analyze_batch, shorten, stem
from .loading import Article
from .sentences import split_sentences

__all__ = ["Summaries", "Summary", "Summarizer", "summarize", "summarize_many"]

TextOrArticle = str | Article | PathLike[str]
IdfMode = Literal["document", "corpus"]

DEFAULT_N_SENTENCES = 3
DEFAULT_POSITION = 4.0
DEFAULT_DIVERSITY = 0.4
N_TERMS = 5  # terms kept per sentence to explain its score
# Cosine similarity favours short sentences (a fragment sharing one key word looks "central"),
# so a sentence of fewer words than this has its score scaled by words / SHORT_SENTENCE.
SHORT_SENTENCE = 10
_FRAGMENT_WORDS = 5  # with max_words, sentences shorter than this are left out when anything longer exists
_CHUNK = 1000  # articles vectorized together by summarize_many: bounds memory, keeps cost linear
_PROGRESS_MIN_ITEMS = 200  # progress="auto" shows a bar only for runs at least this long
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")  # between two paragraphs of a text


# Words that are frequent in news for reasons of style, not content: reporting verbs,
# titles, day words. They still count in the scores (removing them measured no better);
# they are only kept out of the terms shown to explain a choice.
_UNSHOWN_WORDS = ("say said says saying tell told tells according ask asked asks "
                  "mr mrs ms dr today yesterday tomorrow tonight monday tuesday wednesday thursday friday "
                  "saturday sunday")
_UNSHOWN_STEMS = frozenset(stem(w) for w in _UNSHOWN_WORDS.split())


@dataclass(frozen=True)
class SummaryLength:
    """How long a summary is: at most one of ``n_sentences``, ``ratio`` and ``max_words``
    (none: the default length). Checked when made, with a message naming the option.

    >>> SummaryLength(ratio=0.5).sentences_for(np.array([4, 5, 1])).tolist()
    [2, 3, 1]
    >>> SummaryLength().sentences_for(np.array([2, 7, 30])).tolist()
    [1, 3, 3]
    >>> SummaryLength(n_sentences=2, ratio=0.5)
    Traceback (most recent call last):
    ValueError: give at most one of n_sentences, ratio, max_words; got n_sentences=2, ratio=0.5
    """

    n_sentences: int | None = None
    ratio: float | None = None
    max_words: int | None = None

    def __post_init__(self) -> None:
        n_sentences, ratio, max_words = self.n_sentences, self.ratio, self.max_words
        given = {k: v for k, v in (("n_sentences", n_sentences), ("ratio", ratio), ("max_words", max_words))
                 if v is not None}
        if len(given) > 1:
            shown = ", ".join(f"{k}={v!r}" for k, v in given.items())
            raise ValueError(f"give at most one of n_sentences, ratio, max_words; got {shown}")
        if n_sentences is not None:
            if isinstance(n_sentences, bool) or not isinstance(n_sentences, numbers.Integral) or n_sentences < 1:
                raise ValueError(f"n_sentences must be a positive integer (1, 2, ...); got {n_sentences!r}")
            object.__setattr__(self, "n_sentences", int(n_sentences))
        if ratio is not None:
            if isinstance(ratio, bool) or not isinstance(ratio, numbers.Real) or not 0 < ratio <= 1:
                raise ValueError(f"ratio must be a number in (0, 1], the share of sentences to keep; got {ratio!r}")
            object.__setattr__(self, "ratio", float(ratio))
        if max_words is not None:
            if isinstance(max_words, bool) or not isinstance(max_words, numbers.Integral) or max_words < 1:
                raise ValueError(f"max_words must be a positive integer (a budget in words); got {max_words!r}")
            object.__setattr__(self, "max_words", int(max_words))

    def sentences_for(self, n_sent: np.ndarray) -> np.ndarray:
        """The most sentences to choose from articles of ``n_sent`` sentences (``max_words``:
        all, the budget decides)."""
        if self.n_sentences is not None:
            k = np.minimum(self.n_sentences, n_sent)
        elif self.ratio is not None:
            k = np.maximum(1, np.minimum(n_sent, np.floor(self.ratio * n_sent + 0.5).astype(np.int64)))
        elif self.max_words is not None:
            k = n_sent.copy()
        else:
            k = np.minimum(DEFAULT_N_SENTENCES, -(-n_sent // 3))
        k[n_sent == 0] = 0
        return k


# ---------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class Summary:
    """An extractive summary: the chosen sentences of an article, with why they were chosen.

    Attributes
    ----------
    sentences : list of str
        The chosen sentences, in document order.
    indices : list of int
        Their positions among the article's sentences (``split_sentences`` order).
    scores : list of float
        The score of each chosen sentence (aligned with ``sentences``): similarity to the
        article's profile times its position weight, in [0, 1]. The score of every sentence
        of the article is in ``all_scores`` and in :meth:`to_frame`.
    terms : list of list of str
        For each chosen sentence, the words that earned most of its score, strongest first,
        as written in the sentence.
    title : str or None
        The article's title, when it had one.
    all_sentences : list of str
        Every sentence of the article, in order.
    all_scores : list of float
        The score of every sentence of the article.

    Examples
    --------
    >>> text = ("A storm hit the coast on Monday night. The storm cut power to thousands "
    ...         "of homes on the coast. A local bakery gave away free cake for its birthday.")
    >>> s = summarize(text, n_sentences=1)
    >>> s.sentences, s.indices
    (['A storm hit the coast on Monday night.'], [0])
    >>> s
    Summary(1 of 3 sentences: 'A storm hit the coast on Monday night.')
    """

    sentences: list[str]
    indices: list[int]
    scores: list[float]
    title: str | None = None
    all_sentences: list[str] = field(default_factory=list)
    all_scores: list[float] = field(default_factory=list)
    # For every sentence: where its terms are, in arrays shared by a batch (bounds, term
    # columns, contributions to the score, term names): to_frame() explains any sentence.
    _explain: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, compare=False)
    # For every sentence: content score, position weight, redundancy penalty, similarity to
    # and position of the closest chosen sentence; the diversity, max_words and word counts.
    _why: tuple | None = field(default=None, compare=False)
    # Positions of the sentences that open a new paragraph of the article (to_html keeps them).
    _paragraph_starts: tuple[int, ...] = field(default=(), compare=False)

    @property
    def text(self) -> str:
        """The chosen sentences joined by spaces, with a quotation cut by the summary marked
        as such: ``“…`` before a sentence that starts inside a quotation opened in a sentence
        left out, ``…”`` after one whose quotation goes on in a sentence left out.

        >>> text = ('The general spoke. "Mosul is a major blow. But the fight goes on," he said. '
        ...         'Aid arrived on Monday.')
        >>> s = summarize(text, n_sentences=1)
        >>> s.sentences, s.text
        (['"Mosul is a major blow.'], '"Mosul is a major blow. …”')
        """
        if not self.indices or not self.all_sentences:
            return " ".join(self.sentences)
        cut = self._cut_quotations()
        parts = []
        for i, sentence in zip(self.indices, self.sentences):
            before, after = cut[i]
            parts.append(("“… " if before else "") + sentence + (" …”" if after else ""))
        return " ".join(parts)

    def _cut_quotations(self) -> dict[int, tuple[bool, bool]]:
        """For each chosen sentence: does a quotation cut by the summary start before it, go on after it?"""
        starts_inside, ends_open = _quotation_states(self.all_sentences)
        chosen = set(self.indices)
        return {i: (starts_inside[i] and i - 1 not in chosen, ends_open[i] and i + 1 not in chosen)
                for i in self.indices}

    @cached_property
    def terms(self) -> list[list[str]]:
        """For each chosen sentence, the words that earned most of its score (computed on
        first use: a corpus run does not pay for explanations nobody reads)."""
        return [self._all_terms[i] for i in self.indices]

    @cached_property
    def _all_terms(self) -> list[list[str]]:
        if self._explain is None:
            return [[] for _ in self.all_sentences]
        bounds, cols, weights, names = self._explain
        out = []
        for sentence, lo, hi in zip(self.all_sentences, bounds[:-1].tolist(), bounds[1:].tolist()):
            # Strongest first; ties in vocabulary (alphabetical) order.
            top = np.lexsort((cols[lo:hi], -weights[lo:hi]))
            stems = [names[cols[lo + t]] for t in top.tolist()
                     if weights[lo + t] > 0 and names[cols[lo + t]] not in _UNSHOWN_STEMS][:N_TERMS]
            out.append(_readable(sentence, stems))
        return out

    @property
    def is_opening(self) -> bool:
        """True when the summary is the article's first sentences (the position weight often
        decides that on news: what matters comes first)."""
        return bool(self.indices) and self.indices == list(range(len(self.indices)))

    def to_frame(self) -> pd.DataFrame:
        """One row per sentence of the article, with what decided its choice.

        Columns: ``position`` (int), ``sentence`` (str), ``score`` (float), ``selected``
        (bool), ``rank`` (int, 1 = highest score; ties go to the earlier sentence),
        ``terms`` (list of str: the words that earned the score; reporting verbs, titles and
        day words such as "said", "Mr" or "today" are not shown), and what the score is made
        of: ``content_score`` (how well the sentence's words match the article's, scaled
        down for sentences of fewer than 10 words), ``position_weight`` (``1 / (1 + i /
        position)``: the opening sentences of news weigh more; ``score = content_score *
        position_weight``), ``redundancy_penalty`` (what repeating an already chosen
        sentence cost it: when it was chosen, or at the end for the others) and ``why``
        (a note: "skipped: repeats sentence N" for a sentence of high score left out because
        it says what a chosen one says, "too long for max_words", ...). Sentences are chosen
        by ``(1 - diversity) * score - redundancy_penalty``, so a lower-ranked sentence can
        be chosen over a higher one: ``why`` says which and why.

        Examples
        --------
        >>> text = ("A storm hit the coast on Monday night. The storm cut power to thousands "
        ...         "of homes on the coast. A local bakery gave away free cake for its birthday.")
        >>> frame = summarize(text, n_sentences=2).to_frame()
        >>> frame[["position", "selected", "rank"]].values.tolist()
        [[0, True, 1], [1, True, 2], [2, False, 3]]
        >>> list(frame.columns)
        ['position', 'sentence', 'score', 'selected', 'rank', 'terms', 'content_score', 'position_weight', 'redundancy_penalty', 'why']
        """
        scores = np.asarray(self.all_scores, dtype=float)
        n = len(scores)
        order = np.lexsort((np.arange(n), -scores))
        rank = np.empty(n, dtype=int)
        rank[order] = np.arange(1, n + 1)
        chosen = set(self.indices)
        if self._why is not None:
            content, weight, penalty, closest, closest_to, diversity, max_words, words = self._why
        else:
            content, weight, penalty = scores, np.ones(n), np.zeros(n)
            closest, closest_to, diversity, max_words, words = np.zeros(n), np.full(n, -1), 0.0, None, np.zeros(n)
        k = len(self.indices)
        why = []
        for i in range(n):
            if i in chosen:
                beat = [j for j in range(n) if j not in chosen and rank[j] < rank[i]]
                why.append(f"chosen over sentence {beat[0]} (see its note)" if beat else "chosen")
            elif max_words is not None and words[i] > max_words:
                why.append(f"too long for max_words={max_words} ({int(words[i])} words)")
            elif rank[i] <= k and closest_to[i] >= 0 and penalty[i] > 0:
                why.append(f"skipped: repeats sentence {int(closest_to[i])} (similarity {closest[i]:.2f})")
            elif rank[i] <= k and max_words is not None:
                why.append("skipped: no room left in max_words")
            else:
                why.append("")
        return pd.DataFrame(
            {
                "position": np.arange(n, dtype=int),
                "sentence": pd.Series(self.all_sentences, dtype=object),
                "score": scores,
                "selected": [i in chosen for i in range(n)],
                "rank": rank,
                "terms": pd.Series(self._all_terms, dtype=object),
                "content_score": np.asarray(content, dtype=float),
                "position_weight": np.asarray(weight, dtype=float),
                "redundancy_penalty": np.asarray(penalty, dtype=float),
                "why": pd.Series(why, dtype=object),
            }
        )

    def to_html(self) -> str:
        """The article as HTML with the chosen sentences highlighted (scores on hover).

        Examples
        --------
        >>> print(summarize("Cats <b>purr</b>. Dogs bark.", n_sentences=1).to_html())
        <div class="toolkit-summary" ...><mark ...>Cats &lt;b&gt;purr&lt;/b&gt;.</mark> ...
        """
        esc = html.escape
        parts = ['<div class="toolkit-summary" style="font-family:sans-serif;max-width:60em;line-height:1.5">']
        if self.title:
            parts.append(f"<h3 style='margin:0.2em 0'>{esc(self.title)}</h3>")
        opening = (" They are the article's opening sentences: on news the position weight favours them "
                   "(<code>to_frame()</code> shows each sentence's content score, position weight and "
                   "redundancy penalty).") if self.is_opening else ""
        parts.append(
            f"<p style='color:#666;margin:0.2em 0'>Summary: {len(self.sentences)} of "
            f"{len(self.all_sentences)} sentences, highlighted; hover a sentence for its score.{opening}</p><p>"
        )
        chosen = set(self.indices)
        # The marks of .text where the summary cuts a quotation, so that both read the same.
        cut = self._cut_quotations() if self.all_sentences else {}
        gone = ("<span style='color:#999' title='the quotation {} in a sentence the summary leaves out'>{}</span>")
        paragraphs = set(self._paragraph_starts)
        for i, (sentence, score, terms) in enumerate(zip(self.all_sentences, self.all_scores, self._all_terms)):
            if i in paragraphs:
                parts.append("</p><p>")
            tip = f"sentence {i} · score {score:.3f}" + (f" · terms: {', '.join(terms)}" if terms else "")
            if i in chosen:
                before, after = cut.get(i, (False, False))
                parts.append(f"<mark style='background:#ffe58a' title='{esc(tip)}'>"
                             + (gone.format("starts", "“… ") if before else "") + esc(sentence)
                             + (gone.format("goes on", " …”") if after else "") + "</mark> ")
            else:
                parts.append(f"<span style='color:#555' title='{esc(tip)}'>{esc(sentence)}</span> ")
        parts.append("</p></div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        title = f"{shorten(self.title, 50)!r}, " if self.title else ""
        first = f": {shorten(self.sentences[0], 60)!r}" if self.sentences else ""
        more = " ..." if len(self.sentences) > 1 else ""
        return f"Summary({title}{len(self.sentences)} of {len(self.all_sentences)} sentences{first}{more})"


# ---------------------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------------------
class Summaries(list):
    """The summaries of :func:`summarize_many`: a ``list`` of :class:`Summary`, in input
    order, with :meth:`to_frame` for a corpus.

    Examples
    --------
    >>> summaries = summarize_many(["A storm hit the coast. Power failed.", "Rain fell all day."],
    ...                            n_sentences=1)
    >>> summaries.to_frame()[["summary", "sentences"]]
                      summary  sentences
    item
    0    A storm hit the coast.          1
    1      Rain fell all day.          1
    """

    def __init__(self, summaries: Iterable[Summary] = (), *, ids: Sequence[Any] | None = None) -> None:
        super().__init__(summaries)
        self.ids = list(ids) if ids is not None else None

    def to_frame(self) -> pd.DataFrame:
        """One row per article: ``title``, ``summary`` (the text, quotations marked as
        :attr:`Summary.text` does), ``sentences`` (chosen), ``of`` (the article's),
        ``positions`` and ``opening`` (the summary is the first sentences). Indexed by
        the articles' ids when every item was an :class:`~toolkit.Article` with one, else
        by position (``item``)."""
        ids = self.ids if self.ids is not None and len(self.ids) == len(self) and None not in self.ids else None
        index = pd.Index(ids, name="article") if ids is not None else pd.RangeIndex(len(self), name="item")
        return pd.DataFrame({
            "title": [s.title for s in self],
            "summary": [s.text for s in self],
            "sentences": [len(s.sentences) for s in self],
            "of": [len(s.all_sentences) for s in self],
            "positions": [list(s.indices) for s in self],
            "opening": [s.is_opening for s in self],
        }, index=index)


def _ids(values: Sequence[Any]) -> list[Any]:
    return [getattr(v, "id", None) if isinstance(v, Article) else None for v in values]


class Summarizer(BaseEstimator):
    """TF-IDF extractive summarizer, with term weights from each article or from a corpus.

    Parameters
    ----------
    n_sentences : int, optional
        Sentences per summary. Default (when no length is given): 3, or a third of the
        sentences (rounded up) for texts of fewer than 9 sentences. Asking for more
        sentences than the text has returns them all.
    ratio : float in (0, 1], optional
        The share of the article's sentences to keep (rounded to nearest, at least one).
    max_words : int, optional
        A budget in words (white-space separated): the best sentences that fit, never more.
        When no sentence fits, the summary is empty and a warning says so.
    idf : {"document", "corpus"}
        Where term weights come from: the article's own sentences (nothing to fit), or a
        corpus learned with :meth:`fit` (or :meth:`from_document_frequencies`).
    position : float or None
        How strongly the opening sentences define the article: sentence ``i`` weighs
        ``1 / (1 + i / position)``. Smaller favours the lead more; ``None`` weighs all
        sentences the same (for texts that are not news).
    diversity : float in [0, 1)
        How much a sentence is penalised for repeating one already chosen (0: not at all).

    Attributes
    ----------
    vocabulary_ : dict of str to int
        The corpus terms (stems) and their column in ``idf_`` (after ``fit``).
    idf_ : numpy.ndarray
        The corpus IDF of each term.
    n_documents_ : int
        How many documents the corpus had.
    document_frequencies_ : tuple of (dict of str to int, int)
        The number of corpus documents containing each term, and ``n_documents_``: enough to
        save a fitted summarizer and rebuild it with :meth:`from_document_frequencies`.

    Only one of ``n_sentences``, ``ratio`` and ``max_words`` may be set; the length given to
    :meth:`summarize` or :meth:`summarize_many` replaces it for that call.

    Examples
    --------
    >>> corpus = ["The match ended in a draw.", "Rain stopped the match.", "The council met."]
    >>> summarizer = Summarizer(n_sentences=1, idf="corpus").fit(corpus)
    >>> summarizer.n_documents_, summarizer.document_frequencies_[0]["match"]
    (3, 2)
    >>> summarizer.summarize("The match was long and dull, and the rain came. The council met.").indices
    [0]
    """

    def __init__(
        self,
        *,
        n_sentences: int | None = None,
        ratio: float | None = None,
        max_words: int | None = None,
        idf: IdfMode = "document",
        position: float | None = DEFAULT_POSITION,
        diversity: float = DEFAULT_DIVERSITY,
    ) -> None:
        self.n_sentences = n_sentences
        self.ratio = ratio
        self.max_words = max_words
        self.idf = idf
        self.position = position
        self.diversity = diversity

    # -- learning ----------------------------------------------------------------------
    def fit(self, texts_or_articles: Iterable[TextOrArticle], y: Any = None) -> Summarizer:
        """Learn corpus-level term weights (IDF) from whole documents.

        Parameters
        ----------
        texts_or_articles : iterable of str or Article
            The corpus (each item one document). A single ``str`` is a TypeError.
        y : ignored

        Returns
        -------
        Summarizer
            ``self``, fitted.

        Examples
        --------
        >>> Summarizer(idf="corpus").fit(["Rain in Spain.", "Rain again."]).document_frequencies_
        ({'rain': 2, 'spain': 1}, 2)
        """
        self._check_params()
        texts = as_texts(texts_or_articles, "texts_or_articles")  # an Article is its title and body
        if not texts:
            raise ValueError("texts_or_articles is empty: fit needs at least one document")
        vectorizer = TfidfVectorizer(analyzer=analyze)
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError as exc:
            if "empty vocabulary" not in str(exc):
                raise
            raise ValueError(
                "the corpus has no content words (only stop words, numbers or punctuation): "
                "nothing to learn term weights from"
            ) from None
        df = matrix.getnnz(axis=0)  # documents containing each term (TfidfVectorizer's own idf_ is kept)
        self.vocabulary_ = dict(vectorizer.vocabulary_)
        self.idf_ = vectorizer.idf_.copy()
        self.n_documents_ = len(texts)
        self.document_frequencies_ = (
            {term: int(df[col]) for term, col in sorted(self.vocabulary_.items())},
            self.n_documents_,
        )
        return self

    @classmethod
    def from_document_frequencies(
        cls, document_frequencies: Mapping[str, int], n_documents: int, **params: Any
    ) -> Summarizer:
        """A corpus summarizer rebuilt from saved document frequencies (no refit).

        Parameters
        ----------
        document_frequencies : mapping of str to int
            For each term (a stem, as made by ``toolkit._text.analyze``), the number of
            documents containing it, e.g. ``document_frequencies_[0]`` of a fitted summarizer.
        n_documents : int
            The number of documents they were counted over.
        **params
            Other :class:`Summarizer` parameters; ``idf`` is set to ``"corpus"``.

        Examples
        --------
        >>> s = Summarizer.from_document_frequencies({"rain": 2, "spain": 1}, 2)
        >>> s.idf, s.idf_.round(3).tolist()
        ('corpus', [1.0, 1.405])
        """
        if isinstance(n_documents, bool) or not isinstance(n_documents, numbers.Integral) or n_documents < 1:
            raise ValueError(f"n_documents must be a positive integer; got {n_documents!r}")
        terms = sorted(document_frequencies)
        df = np.array([document_frequencies[t] for t in terms], dtype=float)
        if terms and (df.min() < 0 or df.max() > n_documents):
            raise ValueError("document_frequencies must be counts between 0 and n_documents")
        params["idf"] = "corpus"
        self = cls(**params)
        self.vocabulary_ = {t: i for i, t in enumerate(terms)}
        self.idf_ = smooth_idf(df, n_documents)
        self.n_documents_ = int(n_documents)
        self.document_frequencies_ = ({t: int(document_frequencies[t]) for t in terms}, self.n_documents_)
        return self

    # -- summarizing -------------------------------------------------------------------
    def summarize(
        self,
        text_or_article: TextOrArticle,
        *,
        n_sentences: int | None = None,
        ratio: float | None = None,
        max_words: int | None = None,
    ) -> Summary:
        """Summarize one text or :class:`~toolkit.Article` (see :func:`toolkit.summarize`).

        Examples
        --------
        >>> text = "A storm hit the coast on Monday night. The storm cut power to homes on the coast."
        >>> Summarizer(n_sentences=1).summarize(text).indices
        [0]
        """
        item = text_and_title(text_or_article, "text_or_article")
        length = self._length(n_sentences, ratio, max_words)
        return self._run([item], length, progress=False, stacklevel=3)[0]

    def summarize_many(
        self,
        texts_or_articles: Iterable[TextOrArticle],
        *,
        n_sentences: int | None = None,
        ratio: float | None = None,
        max_words: int | None = None,
        progress: bool | None = None,
    ) -> Summaries:
        """Summarize many texts at once: the same summaries as :meth:`summarize` one by one.

        Examples
        --------
        >>> summarizer = Summarizer(n_sentences=1)
        >>> texts = ["A storm hit the coast on Monday night. The storm cut power to homes.", "Rain."]
        >>> [s.indices for s in summarizer.summarize_many(texts)]
        [[0], [0]]
        """
        values = as_list(texts_or_articles, "texts_or_articles")
        items = texts_and_titles(values, "texts_or_articles")
        length = self._length(n_sentences, ratio, max_words)
        return Summaries(self._run(items, length, progress=progress, stacklevel=3), ids=_ids(values))

    # -- internals ---------------------------------------------------------------------
    def _check_params(self) -> None:
        if self.idf not in ("document", "corpus"):
            raise ValueError(f"idf must be 'document' or 'corpus'; got {self.idf!r}")
        p = self.position
        if p is not None and (isinstance(p, bool) or not isinstance(p, numbers.Real) or not p > 0 or math.isinf(p)):
            raise ValueError(f"position must be a positive number or None; got {p!r}")
        d = self.diversity
        if isinstance(d, bool) or not isinstance(d, numbers.Real) or not 0 <= d < 1:
            raise ValueError(f"diversity must be a number in [0, 1); got {d!r}")

    def _length(self, n_sentences: Any, ratio: Any, max_words: Any) -> SummaryLength:
        self._check_params()
        if n_sentences is None and ratio is None and max_words is None:
            n_sentences, ratio, max_words = self.n_sentences, self.ratio, self.max_words
        return SummaryLength(n_sentences, ratio, max_words)

    def _corpus_idf(self) -> tuple[dict[str, int], np.ndarray, float]:
        if not hasattr(self, "idf_"):
            raise NotFittedError(
                "this Summarizer has idf='corpus' but is not fitted: call fit(corpus) first, "
                "or use idf='document'"
            )
        unseen = float(smooth_idf(np.zeros(1), self.n_documents_)[0])  # a term no document had
        return self.vocabulary_, self.idf_, unseen

    def _run(
        self,
        items: list[tuple[str, str | None]],
        length: SummaryLength,
        *,
        progress: bool | None,
        stacklevel: int,
    ) -> list[Summary]:
        corpus = self._corpus_idf() if self.idf == "corpus" else None
        show = auto_progress(progress, len(items), min_items=_PROGRESS_MIN_ITEMS)
        results: list[Summary] = []
        notes: dict[str, list[int]] = {}
        with ProgressBar(show, "summarizing", total=len(items), delay=0) as bar:
            for start in range(0, len(items), _CHUNK):
                chunk = items[start : start + _CHUNK]
                for offset, (summary, note) in enumerate(self._run_chunk(chunk, length, corpus)):
                    results.append(summary)
                    if note:
                        notes.setdefault(note, []).append(start + offset)
                bar.update(len(chunk))
        for note, where in notes.items():
            if len(items) == 1:
                warnings.warn(note, UserWarning, stacklevel=stacklevel)
            else:
                shown = ", ".join(map(str, where[:10])) + (", ..." if len(where) > 10 else "")
                warnings.warn(f"{len(where)} of {len(items)} items: {note} (items {shown})",
                              UserWarning, stacklevel=stacklevel)
        return results

    def _run_chunk(
        self,
        items: list[tuple[str, str | None]],
        length: SummaryLength,
        corpus: tuple[dict[str, int], np.ndarray, float] | None,
    ) -> list[tuple[Summary, str | None]]:
        """Score and choose the sentences of a chunk of articles, all at once.

        Every sentence of the chunk is counted in one pass; then every step works on flat
        arrays of the chunk's non-zero counts, with each (article, term) pair as its own
        cell: an article's IDF, profile, scores and choices use its own cells only, and
        every sum runs over one article's values in document order (``np.bincount``), so
        the result does not depend on what else is in the chunk.
        """
        sentence_lists = [split_sentences(text) for text, _ in items]
        n_items = len(items)
        n_sent = np.array([len(sentences) for sentences in sentence_lists], dtype=np.int64)
        docs = [s for sentences in sentence_lists for s in sentences]
        n_docs = len(docs)
        # Rows 0 .. n_docs - 1 are the sentences, then one row per title.
        row, col, count, names = _sparse_counts(docs + [title or "" for _, title in items])
        art_of_row = np.concatenate([np.repeat(np.arange(n_items), n_sent), np.arange(n_items)])
        first_row = np.concatenate([[0], np.cumsum(n_sent)[:-1]]) if n_items else np.zeros(0, np.int64)
        position = np.arange(n_docs) - np.repeat(first_row, n_sent)
        if self.position is None:
            weight = np.ones(n_docs)
        else:
            weight = 1.0 / (1.0 + position / float(self.position))
        row_weight = np.concatenate([weight, np.ones(n_items)])  # a title weighs as the first sentence
        in_sentence = row < n_docs

        # One cell per (article, term): its IDF, and the article's profile.
        n_terms = max(len(names), 1)
        pair_key = art_of_row[row] * n_terms + col
        pair_keys, pair = np.unique(pair_key, return_inverse=True)
        pair_art, pair_col = pair_keys // n_terms, pair_keys % n_terms
        if corpus is not None:
            vocabulary, idf_, unseen = corpus
            col_idf = np.array([idf_[vocabulary[t]] if t in vocabulary else unseen for t in names], dtype=float)
            idf = col_idf[pair_col]
        else:  # scikit-learn's smooth IDF over the article's sentences
            df = np.bincount(pair[in_sentence], minlength=len(pair_keys))
            idf = smooth_idf(df, n_sent[pair_art])
        value = count * idf[pair]
        norm = np.sqrt(_sums(row, value * value, n_docs + n_items))
        value /= norm[row]  # unit rows (a row with no terms has no values)
        profile = _sums(pair, value * row_weight[row], len(pair_keys))
        profile_norm = np.sqrt(_sums(pair_art, profile * profile, n_items))
        profile_norm[profile_norm == 0] = 1.0
        profile /= profile_norm[pair_art]

        # Sentence scores: cosine with the profile, position weight, short-sentence penalty.
        s_row, s_col, s_pair, s_value = row[in_sentence], col[in_sentence], pair[in_sentence], value[in_sentence]
        contribution = s_value * profile[s_pair]  # each term's share of its sentence's cosine
        words = np.array([len(s.split()) for s in docs], dtype=np.int64)
        scores = (_sums(s_row, contribution, n_docs) * weight
                  * np.minimum(1.0, words / SHORT_SENTENCE))

        content = _sums(s_row, contribution, n_docs) * np.minimum(1.0, words / SHORT_SENTENCE)
        chosen, (penalty_now, closest, closest_to, paid) = _select(
            scores, (s_row, s_pair, s_value), words, n_sent, first_row, length, float(self.diversity),
            len(pair_keys))

        # Where each sentence's terms are in the flat arrays (rows are sorted): enough for
        # Summary to explain any sentence later, without work for sentences nobody reads.
        term_start = np.searchsorted(s_row, np.arange(n_docs + 1))
        has_terms = np.bincount(pair_art, minlength=n_items) > 0

        out = []
        for i, ((text, title), sentences) in enumerate(zip(items, sentence_lists)):
            n = len(sentences)
            if n == 0:
                out.append((Summary([], [], [], title=title), "the text is empty: the summary is empty"))
                continue
            lo, hi = first_row[i], first_row[i] + n
            picked, note = chosen[i]
            all_scores = scores[lo:hi]
            if not has_terms[i] or not all_scores.any():
                note = note or (
                    "no content words to weigh (only stop words, numbers or punctuation): "
                    "the summary is the first sentences"
                )
            indices = sorted(picked)
            summary = Summary(
                sentences=[sentences[j] for j in indices],
                indices=indices,
                scores=[float(all_scores[j]) for j in indices],
                title=title,
                all_sentences=list(sentences),
                all_scores=all_scores.tolist(),
                _explain=(term_start[lo:hi + 1], s_col, contribution, names),
                _why=(content[lo:hi], weight[lo:hi], np.where(np.isin(np.arange(n), picked), paid[lo:hi],
                                                               penalty_now[lo:hi]),
                      closest[lo:hi], closest_to[lo:hi], float(self.diversity), length.max_words, words[lo:hi]),
                _paragraph_starts=_paragraph_starts(text, sentences),
            )
            out.append((summary, note))
        return out


# ---------------------------------------------------------------------------------------
# The functions
# ---------------------------------------------------------------------------------------
def summarize(
    text_or_article: TextOrArticle,
    *,
    n_sentences: int | None = None,
    ratio: float | None = None,
    max_words: int | None = None,
    background: Sequence[TextOrArticle] | None = None,
    position: float | None = DEFAULT_POSITION,
    diversity: float = DEFAULT_DIVERSITY,
) -> Summary:
    """Extractive TF-IDF summary of one article.

    Parameters
    ----------
    text_or_article : str, Article or pathlib.Path
        The text itself, an :class:`~toolkit.Article` (its ``.text`` is summarized and
        its ``.title`` helps decide what the article is about) or a ``Path`` to a file
        (read with :func:`toolkit.load_article`). A ``str`` is always text, never a file
        name (the input rule in the README).
    n_sentences, ratio, max_words : optional
        The length; at most one. Default: 3 sentences, or a third of the sentences (rounded
        up) for texts of fewer than 9. ``n_sentences`` larger than the number of sentences
        returns them all; ``ratio`` is the share of sentences to keep, in (0, 1];
        ``max_words`` is a budget in words never exceeded (empty summary, with a warning,
        when no sentence fits).
    background : list of str or Article, optional
        Extra texts used only to learn term weights (corpus IDF). For many articles, fit a
        :class:`Summarizer` once instead. An empty list, or texts without a content word,
        is a ValueError.
    position : float or None
        Position prior: sentence ``i`` weighs ``1 / (1 + i / position)``; ``None`` for none.
    diversity : float in [0, 1)
        Penalty for repeating a sentence already chosen.

    Returns
    -------
    Summary
        The chosen sentences in document order, their indices, scores and terms.

    Notes
    -----
    Degenerate texts give a documented result, never an error from scikit-learn:
    an empty or white-space text gives an empty ``Summary`` and a warning; a one-sentence
    text gives that sentence; a text with no content words (only stop words, numbers or
    punctuation) gives its first sentences, all scores 0, and a warning.

    Examples
    --------
    >>> text = ("A storm hit the coast on Monday night. The storm cut power to thousands of "
    ...         "homes on the coast. A local bakery gave away free cake for its birthday. Crews "
    ...         "worked all night to restore power after the storm. The bakery owner thanked her "
    ...         "customers. Schools on the coast stayed closed after the storm.")
    >>> s = summarize(text, n_sentences=2)
    >>> s.indices
    [0, 1]
    >>> s.terms
    [['coast', 'night', 'hit', 'storm'], ['coast', 'storm', 'power', 'cut', 'homes']]
    >>> summarize(text, max_words=20).sentences
    ['A storm hit the coast on Monday night.', 'The storm cut power to thousands of homes on the coast.']
    >>> len(summarize(text, ratio=0.5).sentences)
    3
    """
    summarizer = _function_summarizer(background, position, diversity)
    item = text_and_title(text_or_article, "text_or_article")
    length = summarizer._length(n_sentences, ratio, max_words)
    return summarizer._run([item], length, progress=False, stacklevel=3)[0]


def summarize_many(
    texts_or_articles: Iterable[TextOrArticle],
    *,
    n_sentences: int | None = None,
    ratio: float | None = None,
    max_words: int | None = None,
    background: Sequence[TextOrArticle] | None = None,
    position: float | None = DEFAULT_POSITION,
    diversity: float = DEFAULT_DIVERSITY,
    progress: bool | None = None,
) -> Summaries:
    """Summaries of many articles: the same result as :func:`summarize` on each, batched.

    All sentences of a batch are vectorized in one pass (in chunks of 1,000 articles, so
    memory stays bounded and the cost grows linearly), then each article is scored on its
    own rows: nothing about one article changes another's summary.

    Parameters
    ----------
    texts_or_articles : iterable of str or Article
        The articles. A single ``str`` is a TypeError (wrap it in a list).
    n_sentences, ratio, max_words, background, position, diversity
        As for :func:`summarize`; the same for every article.
    progress : bool, optional
        Show a progress bar on standard error. Default: only for runs of at least 200
        articles when standard error is a terminal.

    Returns
    -------
    Summaries
        A list of :class:`Summary`, one per item, in order; its ``to_frame()`` gives one
        row per article for batch use. An empty text gives an empty ``Summary`` (one warning for
        the whole batch lists such items); it does not stop the others.

    Examples
    --------
    >>> texts = ["A storm hit the coast on Monday night. The storm cut power to homes.",
    ...          "Rain fell all day over the hills and the town. It rained."]
    >>> [s.indices for s in summarize_many(texts, n_sentences=1)]
    [[0], [0]]
    """
    summarizer = _function_summarizer(background, position, diversity)
    values = as_list(texts_or_articles, "texts_or_articles")
    items = texts_and_titles(values, "texts_or_articles")
    length = summarizer._length(n_sentences, ratio, max_words)
    return Summaries(summarizer._run(items, length, progress=progress, stacklevel=3), ids=_ids(values))


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------
def _paragraph_starts(text: str, sentences: Sequence[str]) -> tuple[int, ...]:
    """Positions of the sentences (after the first) with a blank line before them in ``text``.

    >>> _paragraph_starts("One. Two.\\n\\nThree.", ["One.", "Two.", "Three."])
    (2,)
    """
    if "\n" not in text:
        return ()
    starts, pos = [], 0
    for i, sentence in enumerate(sentences):
        at = text.find(sentence, pos)
        if at < 0:  # not found as written: no paragraph mark rather than a wrong one
            continue
        if i and _BLANK_LINE.search(text, pos, at):
            starts.append(i)
        pos = at + len(sentence)
    return tuple(starts)


def _function_summarizer(background: Any, position: Any, diversity: Any) -> Summarizer:
    if background is None:
        return Summarizer(position=position, diversity=diversity)
    summarizer = Summarizer(idf="corpus", position=position, diversity=diversity)
    summarizer._check_params()
    texts = as_texts(background, "background")
    if not texts:
        # Checked here: fit's own message would name its parameter, which the caller never passed.
        raise ValueError("background is empty: pass at least one text to learn term weights from, "
                         "or background=None for the article's own sentences")
    try:
        return summarizer.fit(texts)
    except ValueError as exc:
        raise ValueError(f"background: {exc}") from None




def _sparse_counts(docs: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Term counts of ``docs`` as flat arrays (row, column, count), sorted by row then column,
    and the term names (stems made by ``analyze``), sorted: the columns of scikit-learn's
    ``CountVectorizer(analyzer=analyze)``, counted without its per-token Python loop."""
    results = analyze_batch(docs)
    # Each new key gets a distinct (not consecutive) number, all in C: cheaper than a loop.
    # The keys are the stems, None (a dropped token) and the separator between docs.
    vocabulary: dict[str | None, int] = {None: -1, SEPARATOR: -2}
    ids = np.fromiter(map(vocabulary.setdefault, results, count()), dtype=np.int64, count=len(results))
    del vocabulary[None], vocabulary[SEPARATOR]
    names = np.array(sorted(vocabulary), dtype=object)
    if not len(names):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), names
    rank = np.empty(len(ids), dtype=np.int64)
    rank[[vocabulary[t] for t in names]] = np.arange(len(names))
    doc = np.cumsum(ids == -2)
    keep = ids >= 0
    key = doc[keep] * len(names) + rank[ids[keep]]
    keys, counts = np.unique(key, return_counts=True)
    return keys // len(names), keys % len(names), counts.astype(np.float64), names


def smooth_idf(document_frequency: np.ndarray, n_documents: int | np.ndarray) -> np.ndarray:
    """scikit-learn's smooth IDF, ``log((1 + n) / (1 + df)) + 1`` (``TfidfVectorizer``'s default):
    the one formula for term weights in the package (``tests/test_term_weights.py`` checks
    it, and the fast summarizer path, against scikit-learn).

    >>> smooth_idf(np.array([2, 1, 0]), 2).round(3).tolist()
    [1.0, 1.405, 2.099]
    """
    return np.log((1 + np.asarray(n_documents, dtype=float)) / (1 + np.asarray(document_frequency, dtype=float))) + 1.0


def _sums(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """``out[j] = sum of values[index == j]``, added in array order (float, even when empty)."""
    return np.bincount(index, values, minlength=size).astype(np.float64, copy=False)


def _select(
    scores: np.ndarray,
    terms: tuple[np.ndarray, np.ndarray, np.ndarray],
    words: np.ndarray,
    n_sent: np.ndarray,
    first_row: np.ndarray,
    length: SummaryLength,
    diversity: float,
    n_pairs: int,
) -> tuple[list[tuple[list[int], str | None]], tuple[np.ndarray, ...]]:
    """Greedy maximal-marginal-relevance choice in every article of a chunk at once.

    ``scores`` and ``words`` have one entry per sentence of the chunk (articles one after
    the other; article ``i`` has ``n_sent[i]`` rows from ``first_row[i]``); ``terms`` holds
    the sentences' unit vectors as (row, cell, value) with a cell per (article, term). For
    each article: the chosen positions in pick order, and a note when nothing fits; and,
    for every row, what explains the choice: its redundancy penalty after the choice (for
    a chosen row: when it was chosen, in ``paid``), its similarity to the closest chosen
    sentence and that sentence's position.
    """
    n_items = len(n_sent)
    k = length.sentences_for(n_sent)
    n_rows = len(scores)
    art = np.repeat(np.arange(n_items), n_sent)
    nonempty = np.flatnonzero(n_sent > 0)
    starts = first_row[nonempty]
    top = np.zeros(n_items)
    if len(nonempty):
        top[nonempty] = np.maximum.reduceat(scores, starts)
    relevance = (1.0 - diversity) * scores
    penalty = diversity * top[art]
    closest = np.zeros(n_rows)  # similarity of each sentence to the closest one chosen so far
    available = np.ones(n_rows, dtype=bool)
    budget = np.full(n_items, length.max_words) if length.max_words is not None else None
    if budget is not None:
        # A budget favours short sentences, and the shortest ("Right now they're scattering.")
        # mean nothing alone: chosen only in an article that has nothing longer.
        short = words < _FRAGMENT_WORDS
        has_long = np.bincount(art, weights=~short, minlength=n_items) > 0
        available &= ~short | ~has_long[art]
    picks: list[list[int]] = [[] for _ in range(n_items)]
    n_picked = np.zeros(n_items, dtype=np.int64)
    t_row, t_pair, t_value = terms
    index = np.arange(n_rows)
    closest_to = np.full(n_rows, -1)  # the chosen sentence (position) each sentence is closest to
    paid = np.zeros(n_rows)  # the redundancy penalty a sentence had when it was chosen
    while True:
        active = n_picked < k
        if budget is not None:
            available &= words <= budget[art]
        live = available & active[art]
        if not live.any():
            break
        value_now = np.where(live, relevance - penalty * closest, -np.inf)
        best_value = np.maximum.reduceat(value_now, starts)  # per non-empty article
        going = best_value > -np.inf
        if not going.any():
            break
        # The first row reaching each article's best (np.argmax's tie rule).
        at_best = value_now == np.repeat(np.where(going, best_value, np.nan), n_sent[nonempty])
        best = np.minimum.reduceat(np.where(at_best, index, n_rows), starts)[going]
        items_now = nonempty[going]
        paid[best] = (penalty * closest)[best]
        for i, b in zip(items_now.tolist(), (best - first_row[items_now]).tolist()):
            picks[i].append(b)
        n_picked[items_now] += 1
        available[best] = False
        if budget is not None:
            budget[items_now] -= words[best]
        if diversity > 0:
            is_best = np.zeros(n_rows, dtype=bool)
            is_best[best] = True
            best_cells = np.zeros(n_pairs)
            mask = is_best[t_row]
            best_cells[t_pair[mask]] = t_value[mask]
            similarity = _sums(t_row, t_value * best_cells[t_pair], n_rows)
            best_of = np.full(n_items, -1)
            best_of[items_now] = best - first_row[items_now]
            closer = (similarity > closest) & (best_of[art] >= 0)
            closest_to[closer] = best_of[art][closer]
            closest = np.maximum(closest, similarity)
    explain = (penalty * closest, closest, closest_to, paid)
    out: list[tuple[list[int], str | None]] = []
    for i in range(n_items):
        note = None
        if budget is not None and not picks[i] and n_sent[i]:
            lo = first_row[i]
            note = (f"no sentence fits in max_words={length.max_words} (the shortest has "
                    f"{int(words[lo:lo + n_sent[i]].min())} words): the summary is empty")
        out.append((picks[i], note))
    return out, explain


def _quotation_states(sentences: Sequence[str]) -> tuple[list[bool], list[bool]]:
    """For each sentence: does it start inside a quotation, and does one stay open after it?

    Curly marks open and close; a straight double quote toggles.

    >>> _quotation_states(['He said: "We won.', 'They fled," he added.', 'Fine.'])
    ([False, True, False], [True, False, False])
    """
    inside = False
    starts, ends = [], []
    for sentence in sentences:
        starts.append(inside)
        for ch in sentence:
            if ch == "“":
                inside = True
            elif ch == "”":
                inside = False
            elif ch == '"':
                inside = not inside
        ends.append(inside)
    return starts, ends


def _readable(sentence: str, stems: list[str]) -> list[str]:
    """The words of ``sentence`` behind each stem, as written there (first occurrence)."""
    if not stems:
        return []
    wanted = set(stems)
    found: dict[str, str] = {}
    for match in WORD_RE.finditer(sentence):
        word = match.group()
        key = stem(word.lower().replace("’", "'"))
        if key in wanted and key not in found:
            found[key] = word
    return [found.get(s, s) for s in stems]
