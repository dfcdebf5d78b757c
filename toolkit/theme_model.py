"""A theme tagger that learns from labelled sentences: :class:`ThemeTagger`.

Each sentence becomes a feature vector of four parts, and one logistic regression per theme
turns it into a probability:

* **words**: TF-IDF of the sentence's word stems and stem pairs (stop words dropped), plus
  half the weight of the previous sentence's when the sentence continues it ("They have lost
  most of it," he said.) so that a continuation is read with what it continues;
* **evidence terms**: for each theme, the weight of its terms and of its cues found in the
  sentence (the theme file's words, matched as :func:`~toolkit.tag_themes` always has), and
  the same for the previous sentence when the sentence continues it;
* **subject**: whether the sentence names the theme set's subject, names another actor, or is
  resolved to one of them from its neighbours (:mod:`toolkit._subject`), and how much of the
  article names the subject;
* **shape**: a headline, subhead or credit line (short, no final full stop, "Reporting by").

The theme set's rules then apply on top of the probabilities (in :func:`~toolkit.tag_themes`):
a subject-specific theme is 0 for a sentence about another actor or in a text that never
names the subject; a headline-like line or a sentence outside the themes' domain gets no
theme. Probabilities are those of the logistic regressions (a 0.5 threshold by default);
``make bench-themes`` prints how well they are calibrated on held-out articles.

The default ISIS model ships as ``toolkit/data/isis_theme_model.json`` (vocabulary, IDF and
weights; no sentence of the labelled data set), built by ``scripts/build_theme_model.py`` from
the labelled articles, the seeds and the project's written training articles
(``scripts/theme_training/``).

Not for reading theme files (see :mod:`toolkit.themes`).
"""
from __future__ import annotations

import dataclasses
import hashlib
import warnings
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from . import _cache, _subject
from ._text import STOP_WORDS

__all__ = ["ThemeTagger"]

#: Weight of the previous sentence's words in a sentence that continues it.
CONTEXT_SHARE = 0.5
#: A line this short without a full stop is a headline, subhead or kicker, not a sentence.
HEADLINE_WORDS = 14
#: A theme needs this many positive (and negative) training sentences for its second stage
#: and its own threshold; with fewer, an F1-best threshold is chosen on a handful of cases.
MIN_POSITIVES = 5
#: A theme is learned from at least this many example sentences with it (and as many
#: without); with fewer it is tagged by its evidence terms alone, as without examples:
#: learned from a handful, every sentence scored about the same (see tests).
MIN_EXAMPLES = 5
#: The weight of a theme's own evidence features when its evidence terms decide: enough for
#: :meth:`ThemeTagger.explain` to show the terms found (the probability is the rule's).
_RULE_WEIGHT = 2 * np.log(9) / np.log(2)
#: Features shown as the evidence of a learned tag.
N_EVIDENCE = 4

_CREDIT_RE = re.compile(
    r"^\W*(?:\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\b"
    r"|(?:don['’]t miss|read more|related|click here|sign up|subscribe|follow us|image|photo|video)\b\s*:?)",
    re.IGNORECASE)
_FINAL_RE = re.compile(r"[.!?…]['\"’”)\]]*\s*$")


def is_furniture(sentence: str) -> bool:  # noqa: D401
    """Is this line a headline, subhead, credit or promotion rather than a sentence?

    Examples
    --------
    >>> is_furniture("BIGGEST DEFEAT"), is_furniture("(Reporting by Jane Doe; Editing by Tom Roe)")
    (True, True)
    >>> is_furniture("Iraqi forces retook the city on Sunday.")
    False
    >>> is_furniture("A new caliphate?"), is_furniture("Will the fighters go home to Europe?")
    (True, False)
    """
    s = sentence.strip()
    if not s or _CREDIT_RE.match(s):
        return True
    if len(s) > 200:  # far longer than any headline
        return False
    if s.isupper() and sum(c.isalpha() for c in s) > 3:  # "BIGGEST DEFEAT"
        return True
    if s.endswith("?") and len(s.split()) <= 3 and s[:1] not in "\"'“‘":  # "Lone wolf?": a subhead
        return True
    return not _FINAL_RE.search(s) and len(s.split()) <= HEADLINE_WORDS


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class _Parsed:
    """What the features of one text are built from."""

    sentences: list[str]
    words: list[list[str]]
    norms: list[list[str]]
    terms: list[list[str]]       # the word features of each sentence (see _stem_terms)
    skip: frozenset[str]         # the stems left out of them
    lexicon: np.ndarray          # (n, 2m): term weight, cue weight per theme
    shown: list[dict[int, list[tuple[float, str]]]]  # per sentence: theme -> (weight, matched text)
    continues: np.ndarray        # bool per sentence: reads with the previous one
    reading: _subject.Reading
    furniture: np.ndarray        # bool per sentence


#: Stems of reporting verbs and titles: who speaks, not what about (see _stem_terms).
REPORTING_STEMS = frozenset({"say", "tell", "told", "add", "accord", "ask", "mr", "ms", "mrs"})


def _stem_terms(norms: list[str], skip: frozenset[str] = frozenset()) -> list[str]:
    """Stems and adjacent stem pairs without stop words: the words part of the features.

    Reporting verbs, titles and contractions ("said", "told", "Mr", "they're") are left out
    too: from a few dozen articles a model learns "Gorka said" as foreign fighters because
    one article's foreign-fighter sentences quote Gorka (measured: cross-validated F1 the
    same or higher without them, and the evidence shown no longer lists them).

    ``skip``: the stems of the subject's names ("islam", "state"), which the subject features
    carry; as words they would only say that the sentence names the group.
    """
    kept = [w for w in norms if w not in STOP_WORDS and w not in skip and w not in REPORTING_STEMS
            and any(c.isalpha() for c in w) and "'" not in w and "’" not in w]
    return kept + [f"{a} {b}" for a, b in zip(kept, kept[1:])]


@_cache.cached(maxsize=16)
def _name_stems(aliases: tuple[str, ...]) -> frozenset[str]:
    from .themes import norm_word, split_words

    return frozenset(norm_word(w) for alias in aliases for w in split_words(alias))


def _passthrough(tokens: Any) -> Any:
    return tokens


def parse(sentences: Sequence[str], themes: Any, *, context: bool = True, lexicon: bool = True) -> _Parsed:
    """Tokens, evidence terms, continuation, subject and shape of each sentence of one text.

    ``lexicon=False`` parses only what :func:`~toolkit.themes._allowed` reads (tokens, who
    each sentence is about, its shape), to skip the rest for a text no theme may tag: the
    evidence terms (``lexicon`` zeros, ``shown`` empty), word features and continuation are
    left empty until :func:`with_lexicon` adds them.
    """
    from .themes import norm_word, split_words

    n = len(sentences)
    words = [split_words(s) for s in sentences]
    norms = [[norm_word(w) for w in ws] for ws in words]
    subject = getattr(themes, "subject", None)
    if subject is not None:
        reading = _subject.read(sentences, subject.actor, subject.other_actors, subject.references)
    else:
        zeros = np.zeros(n, dtype=bool)
        reading = _subject.Reading(np.zeros(n, dtype=int), zeros, zeros, zeros, 0.0, False,
                                   tuple(() for _ in range(n)))
    furniture = np.array([is_furniture(s) for s in sentences], dtype=bool)
    skip = _name_stems(subject.aliases) if subject is not None else frozenset()
    parsed = _Parsed(list(sentences), words, norms, [[] for _ in range(n)], skip, np.zeros((n, 2 * len(themes))),
                     [{} for _ in range(n)], np.zeros(n, dtype=bool), reading, furniture)
    return with_lexicon(parsed, themes, context=context) if lexicon else parsed


def with_lexicon(parsed: _Parsed, themes: Any, *, context: bool = True) -> _Parsed:
    """``parsed`` (``lexicon=False``) completed: evidence terms, word features, continuation."""
    from .themes import CUE_WEIGHT, continues_previous, theme_matcher

    matcher = theme_matcher(tuple(themes))
    m = len(themes)
    sentences = parsed.sentences
    n = len(sentences)
    lexicon = np.zeros((n, 2 * m))
    shown: list[dict[int, list[tuple[float, str]]]] = []
    for i, (words, norms) in enumerate(zip(parsed.words, parsed.norms)):
        row: dict[int, list[tuple[float, str]]] = {}
        for k, hits in enumerate(matcher.match_words(words, norms)):
            if not hits:
                continue
            lexicon[i, 2 * k] = sum(e.weight for e, _ in hits if e.kind == "term")
            # All the places a sentence names count as one cue together.
            cues = sum(e.weight for e, _ in hits if e.kind == "cue")
            lexicon[i, 2 * k + 1] = cues + CUE_WEIGHT * any(e.kind == "place" for e, _ in hits)
            row[k] = [(e.weight, text) for e, text in hits]
        shown.append(row)
    continues = np.array([context and i > 0 and continues_previous(sentences[i - 1], sentences[i]) for i in range(n)],
                         dtype=bool)
    terms = [_stem_terms(ns, parsed.skip) for ns in parsed.norms]
    return dataclasses.replace(parsed, terms=terms, lexicon=lexicon, shown=shown, continues=continues)


_DENSE_NAMES_FIXED = ("names subject", "refers to subject", "names another actor", "about subject",
                      "about another actor", "headline or credit", "continues previous")


def _dense(parsed: _Parsed, m: int) -> np.ndarray:
    """The evidence-term, subject and shape features of each sentence."""
    lex = np.log1p(parsed.lexicon)
    prev = np.zeros_like(lex)
    prev[1:] = lex[:-1]
    prev *= parsed.continues[:, None]
    r = parsed.reading
    fixed = np.column_stack([
        r.names_subject, r.refers & (r.about == _subject.SUBJECT), r.names_other,
        r.about == _subject.SUBJECT, r.about == _subject.OTHER, parsed.furniture, parsed.continues,
    ]).astype(float)
    return np.hstack([lex, prev, fixed])


def _dense_names(theme_ids: Sequence[str]) -> list[str]:
    lex = [f"{kind} of {tid}" for tid in theme_ids for kind in ("terms", "cues")]
    return lex + [f"previous sentence's {name}" for name in lex] + list(_DENSE_NAMES_FIXED)


# --------------------------------------------------------------------------- the estimator


class ThemeTagger:
    """Tag sentences with themes by one logistic regression per theme, scikit-learn style.

    Parameters
    ----------
    themes : sequence of Theme, default DEFAULT_THEMES
        The theme set whose evidence terms (and subject, when it names one) are features.
    C : float, default 16.0
        Inverse regularization strength of each logistic regression.
    min_df : int, default 2
        A word stem (or pair) must occur in this many training sentences to be a feature.
    threshold : float or "auto", default "auto"
        Probability from which :meth:`predict` gives a theme. "auto": one threshold per
        theme, the one with the best F1 on held-out articles of the training data (an inner
        cross-validation grouped by article; 0.5 when there are fewer than four articles).
    reference_scale : float, default 0.3
        Only with ``fit(..., reference=...)``: the scale of the second copy of the features
        that only the reference sentences have (see :meth:`fit`); smaller, their own
        corrections are held closer to zero.
    min_examples : int, default 5
        A theme is learned from at least this many sentences with it and as many without,
        and only when the model is right on significantly more of them than the theme's
        evidence terms (see Notes); 0: every theme with a positive and a negative example
        is learned.

    Attributes
    ----------
    classes_ : list of str
        The theme ids, in theme-set order: the columns of :meth:`predict_proba`.
    vocabulary_ : dict of str to int
        Word stem (pair) -> column.
    idf_ : ndarray
        Inverse document frequency of each vocabulary entry.
    coef_ : ndarray of shape (n_themes, n_features)
        Weights: the vocabulary's columns, then the dense features (:attr:`feature_names_`).
    intercept_ : ndarray of shape (n_themes,)
    feature_names_ : list of str
    n_train_ : ndarray of shape (n_themes,)
        Positive training sentences per theme.
    thresholds_ : ndarray of shape (n_themes,)
        The probability from which each theme is given.
    learned_ : ndarray of shape (n_themes,)
        True for a theme tagged by learned weights, False for one tagged by its evidence
        terms (see Notes).

    Notes
    -----
    ``fit(sentences, labels, article_ids=...)``: sentences are given in article order with the
    article each belongs to, so that a sentence is read with its neighbours and its article
    (who it is about, whether it continues the previous sentence). Without ``article_ids``
    every sentence is its own article. A theme is learned only from at least ``min_examples``
    (5) sentences with it and as many without, and only when the learned model, on
    held-out articles (from four articles), is right on significantly more of them than the
    theme's evidence terms (McNemar's exact test, one-sided, 5%): otherwise it keeps its
    evidence terms, with a warning (:attr:`learned_` says which). On the ISIS themes a model
    learned from 20 examples per theme did worse than their evidence terms
    (``benchmarks/bench_theme_examples.py``): a theme file's words are worth many examples.
    Such a theme's probability is 0.9 when its evidence terms and cues reach its threshold
    in the theme file, else 0.1.

    Examples
    --------
    >>> from toolkit import DEFAULT_THEMES
    >>> tagger = ThemeTagger(themes=DEFAULT_THEMES).fit(
    ...     ["Iraqi forces retook Ramadi from ISIS.", "ISIS fighters fled into the desert.",
    ...      "The talks on trade resumed."],
    ...     [["territorial_loss", "military_response"], ["dispersal"], []])
    >>> tagger.predict(["Iraqi forces retook Fallujah from ISIS."])[0]
    ['territorial_loss', 'military_response']
    """

    def __init__(self, *, themes: Any = None, C: float = 16.0, min_df: int = 2,
                 threshold: float | str = "auto", reference_scale: float = 0.3,
                 min_examples: int = MIN_EXAMPLES) -> None:
        self.themes = themes
        self.C = C
        self.min_df = min_df
        self.threshold = threshold
        self.reference_scale = reference_scale
        self.min_examples = min_examples

    # ------------------------------------------------------------- validation

    def _themes(self) -> Any:
        from .themes import DEFAULT_THEMES, as_themes

        return DEFAULT_THEMES if self.themes is None else as_themes(self.themes)

    def _check_params(self) -> None:
        if isinstance(self.C, bool) or not isinstance(self.C, (int, float)) or not self.C > 0:
            raise ValueError(f"C must be a positive number; got {self.C!r}")
        if isinstance(self.min_df, bool) or not isinstance(self.min_df, int) or self.min_df < 1:
            raise ValueError(f"min_df must be a whole number >= 1; got {self.min_df!r}")
        if isinstance(self.min_examples, bool) or not isinstance(self.min_examples, int) or self.min_examples < 0:
            raise ValueError(f"min_examples must be a whole number >= 0; got {self.min_examples!r}")
        if isinstance(self.reference_scale, bool) or not isinstance(self.reference_scale, (int, float)) \
                or not self.reference_scale > 0:
            raise ValueError(f"reference_scale must be a positive number; got {self.reference_scale!r}")
        if self.threshold == "auto":
            return
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)) \
                or not 0 < self.threshold < 1:
            raise ValueError(f"threshold must be 'auto' or a probability strictly between 0 and 1; "
                             f"got {self.threshold!r}")

    @staticmethod
    def _groups(sentences: Any, article_ids: Any) -> list[list[int]]:
        if isinstance(sentences, str) or not isinstance(sentences, Sequence):
            raise TypeError("sentences must be a list of str (one per sentence); "
                            f"got {type(sentences).__name__}")
        bad = next((s for s in sentences if not isinstance(s, str)), None)
        if bad is not None:
            raise TypeError(f"sentences must be a list of str; found a {type(bad).__name__}")
        if article_ids is None:
            return [[i] for i in range(len(sentences))]
        if isinstance(article_ids, str) or len(article_ids) != len(sentences):
            raise ValueError(f"article_ids must give one article id per sentence ({len(sentences)}); "
                             f"got {len(article_ids) if not isinstance(article_ids, str) else 'a str'}")
        groups: dict[Any, list[int]] = {}
        for i, key in enumerate(article_ids):
            groups.setdefault(key, []).append(i)
        return list(groups.values())

    # ------------------------------------------------------------- features

    def _parse_all(self, sentences: Sequence[str], groups: list[list[int]], themes: Any) -> list[_Parsed]:
        return [parse([sentences[i] for i in g], themes) for g in groups]

    def _matrix(self, parsed: list[_Parsed], groups: list[list[int]], n: int, m: int) -> sp.csr_matrix:
        docs = [terms for p in parsed for terms in p.terms]
        words = self._tfidf(docs)
        # A continuing sentence is read with the one before it.
        cont = np.concatenate([p.continues for p in parsed]) if parsed else np.zeros(0, dtype=bool)
        shift = sp.diags([CONTEXT_SHARE * cont[1:].astype(float)], [-1], shape=(len(docs), len(docs)), format="csr")
        words = (words + shift @ words).tocsr()
        dense = np.vstack([_dense(p, m) for p in parsed]) if parsed else np.zeros((0, len(self._dense_names)))
        X = sp.hstack([words, sp.csr_matrix(dense)], format="csr")
        order = np.argsort(np.concatenate(groups)) if groups else np.zeros(0, dtype=int)
        return X[order] if len(order) == n else X

    def _tfidf(self, docs: list[list[str]]) -> sp.csr_matrix:
        """``vectorizer_.transform(docs)``, computed in one vectorized pass (10x faster on one article).

        Same figures as scikit-learn's (sublinear tf, the fitted IDF, rows scaled to unit
        length); tests/test_theme_model.py checks them against it.
        """
        vocab = self.vocabulary_
        n, size = len(docs), len(vocab)
        cols = [vocab.get(t, -1) for doc in docs for t in doc]
        rows = np.repeat(np.arange(n), [len(doc) for doc in docs])
        cols = np.asarray(cols, dtype=np.int64)
        known = cols >= 0
        keys, counts = np.unique(rows[known] * size + cols[known], return_counts=True)
        r, c = keys // size, keys % size
        values = (1.0 + np.log(counts)) * self.idf_[c]
        norms = np.sqrt(np.bincount(r, weights=values ** 2, minlength=n))
        values = values / np.where(norms > 0, norms, 1.0)[r]
        return sp.csr_matrix((values, (r, c)), shape=(n, size))

    # ------------------------------------------------------------- fit / predict

    def fit(self, sentences: Sequence[str], labels: Iterable[Iterable[str]], *,
            article_ids: Sequence[Any] | None = None,
            ignore: Iterable[Iterable[str]] | None = None,
            sample_weight: Sequence[float] | None = None,
            reference: Sequence[bool] | None = None) -> "ThemeTagger":
        """Learn one logistic regression per theme from labelled sentences.

        Parameters
        ----------
        sentences : list of str
            In article order (see ``article_ids``).
        labels : list of lists of theme ids
            The themes of each sentence (``[]`` for none).
        article_ids : list, optional
            The article each sentence belongs to (its sentences in order); None: each
            sentence alone.
        ignore : list of lists of theme ids, optional
            Borderline themes of each sentence, left out of that theme's training (neither
            a positive nor a negative example).
        sample_weight : list of float, optional
            The weight of each sentence in each theme's logistic regression (default 1).
        reference : list of bool, optional
            When sentences labelled by hand under the rules the model must follow are mixed
            with others (examples written for training, another team's labels), True marks
            the former. Every theme then learns weights shared by all sentences plus
            corrections learned from the reference sentences alone (feature augmentation:
            each reference sentence's features appear twice, the copy scaled by
            ``reference_scale``), and predicts with both: where the two sources label
            alike the shared weights carry the evidence of both; where they differ the
            reference sentences have the last word. None (or all True, or all False): one
            set of weights.

        Returns
        -------
        self
        """
        self._check_params()
        themes = self._themes()
        ids = [t.id for t in themes]
        groups = self._groups(sentences, article_ids)
        labels = list(labels)
        bad = next((x for x in labels if isinstance(x, (str, bytes)) or not isinstance(x, Iterable)), None)
        if bad is not None:
            raise TypeError(f"labels must give a list of theme ids per sentence ([] for none); found {bad!r}")
        labels = [list(x) for x in labels]
        if len(labels) != len(sentences):
            raise ValueError(f"labels must give one list of themes per sentence ({len(sentences)}); got {len(labels)}")
        unknown = sorted({t for x in labels for t in x} - set(ids))
        if unknown:
            raise ValueError(f"labels name a theme the theme set does not have: {unknown[0]!r}; "
                             f"themes are {ids}")
        ignore = [set(x) for x in ignore] if ignore is not None else [set() for _ in labels]
        if len(ignore) != len(sentences):
            raise ValueError(f"ignore must give one list of themes per sentence ({len(sentences)}); got {len(ignore)}")
        if not sentences:
            raise ValueError("sentences is empty: give at least one labelled sentence")
        weight = self._per_sentence(sample_weight, "sample_weight", len(sentences), 1.0, float)
        if not (np.isfinite(weight).all() and (weight >= 0).all() and weight.sum() > 0):
            raise ValueError("sample_weight must be finite numbers >= 0, not all 0")
        ref = self._per_sentence(reference, "reference", len(sentences), False, bool)
        source = (weight, ref if 0 < ref.sum() < len(ref) else np.zeros(len(ref), dtype=bool))
        parsed = self._parse_all(sentences, groups, themes)
        self._fit_weights(parsed, groups, labels, ignore, ids, source)
        self.signature_ = theme_signature(themes)
        m = len(ids)
        # The second stage reads each sentence's first-stage probabilities beside those of its
        # neighbours and of its whole article; without enough articles it passes them on.
        self.context_coef_ = np.hstack([np.eye(m), np.zeros((m, 3 * m))])
        self.context_intercept_ = np.zeros(m)
        if len(groups) < 4:
            self.thresholds_ = np.full(m, 0.5 if self.threshold == "auto" else float(self.threshold))
            self.thresholds_[~self.learned_] = 0.5
            return self._warn_rule_themes(ids)
        oof = self._held_out_logits(parsed, groups, labels, ignore, ids, source)
        Z = _context_features(oof, groups)
        for k, tid in enumerate(ids):
            keep = np.array([tid not in ig for ig in ignore], dtype=bool)
            y = np.array([tid in x for x in labels], dtype=bool)
            if y[keep].sum() < MIN_POSITIVES or (~y[keep]).sum() < MIN_POSITIVES:
                continue  # too few to learn a slope or a threshold from: passed on as it is
            # Each theme reads its own first-stage figures only: with a few dozen positive
            # sentences, weights on the other themes' figures learn the training articles'
            # mix (leadership "because" the article is about air strikes), not the theme.
            own = np.arange(4) * m + k
            model = LogisticRegression(C=1.0, max_iter=2000, solver="liblinear").fit(Z[keep][:, own], y[keep])
            self.context_coef_[k, own], self.context_intercept_[k] = model.coef_[0], model.intercept_[0]
        proba = 1.0 / (1.0 + np.exp(-(Z @ self.context_coef_.T + self.context_intercept_)))
        if self.threshold == "auto":
            self.thresholds_ = _best_thresholds(proba, labels, ignore, ids, min_positives=MIN_POSITIVES)
        else:
            self.thresholds_ = np.full(m, float(self.threshold))
        # A theme keeps its evidence terms unless the model, on held-out articles, is right on
        # significantly more of its sentences than the terms are: a model learned from a few
        # dozen examples does worse than a theme file's words (benchmarks/bench_theme_examples.py).
        rule_on = _rule_tags(parsed, groups, themes)
        for k, tid in enumerate(ids):
            keep = np.array([tid not in ig for ig in ignore], dtype=bool)
            y = np.array([tid in x for x in labels], dtype=bool)[keep]
            if not self.learned_[k] or self.min_examples and \
                    not _better(y, proba[keep, k] >= self.thresholds_[k], rule_on[keep, k]):
                self._use_rule(k)
        return self._warn_rule_themes(ids)

    def _warn_rule_themes(self, ids: list[str]) -> "ThemeTagger":
        rule = [f"{tid} ({self.n_train_[k]} with it)" for k, tid in enumerate(ids) if not self.learned_[k]]
        if rule:
            least = max(1, self.min_examples)
            warnings.warn(f"tagged by their evidence terms alone, not by what the examples teach: {', '.join(rule)}. "
                          f"A theme is learned from at least {least} example sentences with it and {least} "
                          f"without, and only where the model is right on significantly more of them than its "
                          f"terms are (cross-validated, McNemar's test); add examples to learn it",
                          UserWarning, stacklevel=3)
        return self

    def _use_rule(self, k: int) -> None:
        """Theme k tagged by its evidence terms (see Notes), not by learned weights."""
        self.learned_[k] = False
        self.coef_[k] = 0.0
        self.intercept_[k] = _rule_weights(self.coef_[k], len(self.vocabulary_), k)
        self.context_coef_[k] = 0.0
        self.context_coef_[k, k] = 1.0
        self.context_intercept_[k] = 0.0
        self.thresholds_[k] = 0.5

    @staticmethod
    def _per_sentence(values: Any, name: str, n: int, default: Any, kind: type) -> np.ndarray:
        if values is None:
            return np.full(n, default, dtype=kind)
        if isinstance(values, (str, bytes)) or len(values) != n:
            raise ValueError(f"{name} must give one value per sentence ({n})")
        try:
            return np.asarray(values, dtype=kind)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must give one {kind.__name__} per sentence") from None

    def _held_out_logits(self, parsed: list[_Parsed], groups: list[list[int]], labels: list[list[str]],
                         ignore: list[set[str]], ids: list[str],
                         source: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """First-stage log-odds of every training sentence from a model that did not see its article (4 folds)."""
        n = sum(map(len, groups))
        out = np.zeros((n, len(ids)))
        for fold in range(4):
            test = [g for j, g in enumerate(groups) if j % 4 == fold]
            train = [j for j in range(len(groups)) if j % 4 != fold]
            inner = ThemeTagger(themes=self.themes, C=self.C, min_df=self.min_df, threshold=0.5,
                                reference_scale=self.reference_scale)
            inner._fit_weights([parsed[j] for j in train], [groups[j] for j in train], labels, ignore, ids, source)
            test_parsed = [parsed[j] for j, g in enumerate(groups) if j % 4 == fold]
            rows = np.concatenate(test)
            logits = inner._first_stage(test_parsed, _consecutive(test), len(rows))
            out[rows] = logits
        return out

    def _fit_weights(self, parsed: list[_Parsed], groups: list[list[int]], labels: list[list[str]],
                     ignore: list[set[str]], ids: list[str], source: tuple[np.ndarray, np.ndarray]) -> None:
        """Vocabulary and one logistic regression per theme on the sentences of ``groups``
        (``source``: each sentence's weight and whether it is a reference one, see :meth:`fit`)."""
        order = np.concatenate(groups)
        labels = [labels[i] for i in order]
        ignore = [ignore[i] for i in order]
        weight, ref = (x[order] for x in source)
        groups = _consecutive(groups)
        docs = [terms for p in parsed for terms in p.terms]
        min_df = self.min_df if len(docs) >= 10 * self.min_df else 1
        self.vectorizer_ = TfidfVectorizer(analyzer=_passthrough, sublinear_tf=True, min_df=min_df,
                                           dtype=np.float64)
        try:
            self.vectorizer_.fit(docs)
        except ValueError:  # no word at all: only the dense features remain
            self.vectorizer_ = TfidfVectorizer(analyzer=_passthrough, dtype=np.float64).fit([["<none>"]])
        self.vocabulary_ = dict(self.vectorizer_.vocabulary_)
        self.idf_ = self.vectorizer_.idf_
        self._dense_names = _dense_names(ids)
        X = self._matrix(parsed, groups, len(docs), len(ids))
        Y = np.array([[tid in x for tid in ids] for x in labels], dtype=bool)
        W = np.zeros((len(ids), X.shape[1]))
        b = np.zeros(len(ids))
        n_train = np.zeros(len(ids), dtype=int)
        learned = np.ones(len(ids), dtype=bool)
        lex_col = len(self.vectorizer_.vocabulary_)
        for k, tid in enumerate(ids):
            keep = np.array([tid not in ig for ig in ignore], dtype=bool)
            y = Y[keep, k]
            n_train[k] = int(y.sum())
            least = max(1, self.min_examples)
            if y.sum() < least or (~y).sum() < least:
                # Too few examples to learn from: the theme's evidence terms decide (see Notes).
                learned[k] = False
                b[k] = _rule_weights(W[k], lex_col, k)
                continue
            model = LogisticRegression(C=float(self.C), max_iter=2000, solver="liblinear")
            if ref.any():
                # Shared weights and the reference sentences' corrections (see fit), folded into
                # one vector: a sentence to tag is read as a reference one, x -> [x, scale * x].
                scale = float(self.reference_scale)
                own = sp.diags(scale * ref.astype(float)) @ X
                model.fit(sp.hstack([X, own], format="csr")[keep], y, sample_weight=weight[keep])
                shared, corrections = np.split(model.coef_[0], 2)
                W[k], b[k] = shared + scale * corrections, model.intercept_[0]
            else:
                model.fit(X[keep], y, sample_weight=weight[keep])
                W[k], b[k] = model.coef_[0], model.intercept_[0]
        self.classes_ = ids
        self.coef_, self.intercept_, self.n_train_, self.learned_ = W, b, n_train, learned
        self.vocabulary_ = dict(self.vectorizer_.vocabulary_)
        self.idf_ = self.vectorizer_.idf_
        self.feature_names_ = list(self.vectorizer_.get_feature_names_out()) + self._dense_names

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ValueError("this ThemeTagger is not fitted yet: call fit(sentences, labels) first")

    def decision_function(self, sentences: Sequence[str], *, article_ids: Sequence[Any] | None = None) -> np.ndarray:
        """The log-odds of each theme for each sentence, shape (n_sentences, n_themes)."""
        self._check_fitted()
        groups = self._groups(sentences, article_ids)
        themes = self._themes()
        parsed = self._parse_all(sentences, groups, themes)
        return self._scores(parsed, groups, len(sentences))

    def _first_stage(self, parsed: list[_Parsed], groups: list[list[int]], n: int) -> np.ndarray:
        """First-stage log-odds, (n, n_themes), rows in the original order of ``groups``.

        The same as ``_matrix(...) @ coef_.T + intercept_``, without building the matrix: a
        continuing sentence's words add ``CONTEXT_SHARE`` of the previous sentence's, and the
        model is linear, so their log-odds add the same share.
        """
        n_vocab = len(self.vocabulary_)
        words = self._tfidf([terms for p in parsed for terms in p.terms])
        by_words = np.asarray(words @ self.coef_[:, :n_vocab].T)
        cont = np.concatenate([p.continues for p in parsed]) if parsed else np.zeros(0, dtype=bool)
        by_words[1:] += CONTEXT_SHARE * cont[1:, None] * by_words[:-1]
        m = len(self.classes_)
        dense = np.vstack([_dense(p, m) for p in parsed]) if parsed else np.zeros((0, self.coef_.shape[1] - n_vocab))
        logits = by_words + dense @ self.coef_[:, n_vocab:].T + self.intercept_
        order = np.argsort(np.concatenate(groups)) if groups else np.zeros(0, dtype=int)
        return logits[order] if len(order) == n else logits

    def _scores(self, parsed: list[_Parsed], groups: list[list[int]], n: int) -> np.ndarray:
        logits = self._first_stage(parsed, groups, n)
        Z = _context_features(logits, groups)
        out = Z @ self.context_coef_.T + self.context_intercept_
        rule = ~self.learned_
        if rule.any():  # the theme file's rule: 0.9 when the evidence reaches the theme's threshold, else 0.1
            on = _rule_tags(parsed, groups, self._themes())
            out[:, rule] = np.where(on[:, rule], np.log(9), -np.log(9))
        return out

    def predict_proba(self, sentences: Sequence[str], *, article_ids: Sequence[Any] | None = None) -> np.ndarray:
        """The probability of each theme for each sentence, shape (n_sentences, n_themes)."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(sentences, article_ids=article_ids)))

    def predict(self, sentences: Sequence[str], *, article_ids: Sequence[Any] | None = None) -> list[list[str]]:
        """The themes of each sentence (probability >= ``threshold``), in theme-set order."""
        proba = self.predict_proba(sentences, article_ids=article_ids)
        return [[self.classes_[k] for k in np.flatnonzero(row >= self.thresholds_)] for row in proba]

    # ------------------------------------------------------------- one text, with evidence

    def tag(self, parsed: _Parsed) -> np.ndarray:
        """Probabilities of the sentences of one text, from its :func:`parse` (used by :func:`tag_themes`)."""
        self._check_fitted()
        n = len(parsed.sentences)
        logits = self._scores([parsed], [list(range(n))], n)
        return 1.0 / (1.0 + np.exp(-logits))

    def explain(self, parsed: _Parsed, on: np.ndarray) -> list[dict[str, list[str]]]:
        """For each tag (``on[i, k]``), the features of sentence i that pushed theme k up most, as words.

        Word features show as the sentence's own words ("previous sentence: ..." when they
        come from the sentence it continues); evidence-term features as the terms found.
        Features that are rules rather than words (who the sentence is about, its shape) are
        not shown.
        """
        n_vocab = len(self.vocabulary_)
        out: list[dict[str, list[str]]] = [{} for _ in range(len(on))]
        if not on.any():
            return out
        X = self._matrix([parsed], [list(range(len(on)))], len(on), len(self.classes_))
        kept: dict[int, list[tuple[str, str]]] = {}  # per sentence, its words behind word features
        for i in np.flatnonzero(on.any(axis=1)):
            row: dict[str, list[str]] = {}
            lo, hi = X.indptr[i], X.indptr[i + 1]
            indices, data = X.indices[lo:hi], X.data[lo:hi]
            for k in np.flatnonzero(on[i]):
                contrib = data * self.coef_[k, indices]
                shown: list[str] = []
                for j in np.argsort(-contrib):
                    if contrib[j] <= 0 or len(shown) >= N_EVIDENCE:
                        break
                    for text in self._describe(int(indices[j]), n_vocab, int(k), i, parsed, kept):
                        if text not in shown:
                            shown.append(text)
                row[self.classes_[k]] = shown[:N_EVIDENCE]
            out[i] = row
        return out

    def _describe(self, col: int, n_vocab: int, k: int, i: int, parsed: _Parsed,
                  kept: dict[int, list[tuple[str, str]]]) -> list[str]:
        from .themes import as_written

        if col < n_vocab:
            shown = _surface(self.feature_names_[col], parsed, i, kept)
            # A letter alone (the "s" of "U.S.") says nothing to a reader.
            return [shown] if len(shown.rsplit(": ", 1)[-1]) > 1 else []
        name = self.feature_names_[col]
        lex = col - n_vocab
        m = len(self.classes_)
        if lex < 4 * m:  # the sentence's own evidence terms, or those of the sentence it continues
            at = i if lex < 2 * m else i - 1
            theme = (lex % (2 * m)) // 2
            hits = [as_written(text, parsed.sentences[at]) for _, text in parsed.shown[at].get(theme, [])]
            prefix = "" if at == i else "previous sentence: "
            return [prefix + h for h in hits[:2]]
        return []  # who the sentence is about, its shape: rules, not words of the sentence

    # ------------------------------------------------------------- persistence

    def to_dict(self) -> dict[str, Any]:
        """The fitted model as plain data (vocabulary, IDF, weights): what ships as JSON."""
        self._check_fitted()
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.get)
        return {
            "format": "toolkit-theme-model/1",
            "themes": list(self.classes_),
            "signature": self.signature_,
            "params": {"C": self.C, "min_df": self.min_df, "threshold": self.threshold,
                       "reference_scale": self.reference_scale, "min_examples": self.min_examples},
            "vocabulary": vocab,
            "idf": [round(float(x), 5) for x in self.idf_],
            "dense_features": list(self._dense_names),
            "coef": [[round(float(x), 5) for x in row] for row in self.coef_],
            "intercept": [round(float(x), 5) for x in self.intercept_],
            "n_train": [int(x) for x in self.n_train_],
            "learned": [bool(x) for x in self.learned_],
            "thresholds": [float(x) for x in self.thresholds_],
            "context_coef": [[round(float(x), 5) for x in row] for row in self.context_coef_],
            "context_intercept": [round(float(x), 5) for x in self.context_intercept_],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, themes: Any) -> "ThemeTagger":
        """Rebuild a fitted tagger from :meth:`to_dict`'s data for ``themes``.

        Raises ValueError when the data is not a theme model, or was built for other themes
        (other ids: its columns would not line up). A model built for the same themes with
        other evidence words (an edited copy of the theme file) is used with a warning: its
        word and subject features are unchanged, and its weights for "the theme's terms" now
        apply to the edited terms; a model learned for the new words does better.
        """
        if not isinstance(data, dict) or data.get("format") != "toolkit-theme-model/1":
            raise ValueError("not a toolkit theme model (expected format 'toolkit-theme-model/1')")
        ids = [t.id for t in themes]
        if data["themes"] != ids:
            raise ValueError(f"the theme model was built for the themes {data['themes']}, "
                             f"not for {ids}: rebuild it for this theme file (scripts/build_theme_model.py), "
                             f"or drop the 'model' line from the theme file to tag by its evidence terms "
                             f"(and learn from its [[example]] tables, if it has any)")
        if data.get("signature") != theme_signature(themes):
            warnings.warn("the theme model was built for other evidence words than this theme file's; it is "
                          "used with this file's words. For a model of your own, fit a ThemeTagger on labelled "
                          "sentences (or add [[example]] tables and drop 'model' from the theme file)",
                          UserWarning, stacklevel=2)
        tagger = cls(themes=themes, **data["params"])
        vocab = data["vocabulary"]
        tagger.vectorizer_ = TfidfVectorizer(analyzer=_passthrough, sublinear_tf=True, dtype=np.float64)
        tagger.vectorizer_.vocabulary_ = {w: i for i, w in enumerate(vocab)}
        tagger.vectorizer_.idf_ = np.asarray(data["idf"], dtype=float)
        tagger._dense_names = list(data["dense_features"])
        tagger.classes_ = ids
        tagger.coef_ = np.asarray(data["coef"], dtype=float)
        tagger.intercept_ = np.asarray(data["intercept"], dtype=float)
        tagger.n_train_ = np.asarray(data["n_train"], dtype=int)
        tagger.learned_ = np.asarray(data.get("learned", [True] * len(ids)), dtype=bool)
        tagger.thresholds_ = np.asarray(data["thresholds"], dtype=float)
        tagger.context_coef_ = np.asarray(data["context_coef"], dtype=float)
        tagger.context_intercept_ = np.asarray(data["context_intercept"], dtype=float)
        tagger.vocabulary_ = dict(tagger.vectorizer_.vocabulary_)
        tagger.idf_ = tagger.vectorizer_.idf_
        tagger.feature_names_ = vocab + tagger._dense_names
        tagger.signature_ = data["signature"]
        if tagger.coef_.shape != (len(ids), len(vocab) + len(tagger._dense_names)):
            raise ValueError("the theme model is damaged: its weights do not match its vocabulary")
        return tagger

    def __repr__(self) -> str:
        fitted = f", fitted on {int(self.n_train_.sum())} tags" if hasattr(self, "coef_") else ""
        return f"ThemeTagger(C={self.C:g}, min_df={self.min_df}, threshold={self.threshold!r}{fitted})"


def _context_features(logits: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """Each sentence's first-stage log-odds, and the probabilities of its neighbours and its article."""
    p = 1.0 / (1.0 + np.exp(-logits))
    prev, nxt, mean = np.zeros_like(p), np.zeros_like(p), np.zeros_like(p)
    for g in groups:
        g = np.asarray(g)
        if len(g) > 1:
            prev[g[1:]] = p[g[:-1]]
            nxt[g[:-1]] = p[g[1:]]
        mean[g] = p[g].mean(axis=0)
    return np.hstack([logits, prev, nxt, mean])


def _rule_weights(row: np.ndarray, lex_col: int, k: int) -> float:
    """Set theme k's weights in ``row`` (zeros) to its evidence terms and cues only, and return
    its intercept: what :meth:`ThemeTagger.explain` reads for a theme its terms decide."""
    row[lex_col + 2 * k: lex_col + 2 * k + 2] = _RULE_WEIGHT
    return -np.log(9)


def _rule_tags(parsed: list[_Parsed], groups: list[list[int]], themes: Any) -> np.ndarray:
    """Where a sentence's evidence terms and cues reach its theme's threshold (as in a theme file
    without examples, :func:`toolkit.themes.evidence_scores`): booleans, rows in the original order."""
    # (The half-term of context reads parsed.continues, all False when parsed without context.)
    from .themes import evidence_scores

    thresholds = np.array([t.threshold for t in themes], dtype=float)
    rows = [(evidence_scores(p, thresholds, context=True) >= thresholds - 1e-9) & ~p.furniture[:, None]
            for p in parsed]
    on = np.vstack(rows) if rows else np.zeros((0, len(thresholds)), dtype=bool)
    order = np.argsort(np.concatenate(groups)) if groups else np.zeros(0, dtype=int)
    return on[order] if len(order) == len(on) else on


def _better(y: np.ndarray, learned: np.ndarray, rule: np.ndarray, *, alpha: float = 0.05) -> bool:
    """Are the learned decisions right on significantly more sentences than the rule's? McNemar's
    exact test, one-sided: of the sentences where exactly one of the two is right, the learned
    one is right on more than chance would give at level ``alpha``."""
    from scipy.stats import binomtest

    wins = int(((learned == y) & (rule != y)).sum())
    losses = int(((rule == y) & (learned != y)).sum())
    return wins > losses and binomtest(wins, wins + losses, 0.5, alternative="greater").pvalue < alpha


def _best_thresholds(proba: np.ndarray, labels: list[list[str]], ignore: list[set[str]],
                     ids: list[str], *, min_positives: int = 1) -> np.ndarray:
    """Per theme, the probability threshold with the best F1 (0.5 for a theme with fewer than ``min_positives``)."""
    grid = np.round(np.arange(0.1, 0.71, 0.05), 2)
    out = np.full(len(ids), 0.5)
    for k, tid in enumerate(ids):
        keep = np.array([tid not in ig for ig in ignore], dtype=bool)
        y = np.array([tid in x for x in labels], dtype=bool)[keep]
        p = proba[keep, k]
        if y.sum() >= min_positives:
            f1 = [2 * (y & (p >= t)).sum() / max(1, y.sum() + (p >= t).sum()) for t in grid]
            out[k] = float(grid[int(np.argmax(f1))])
    return out


def _consecutive(groups: list[list[int]]) -> list[list[int]]:
    """The same group sizes over rows 0..n-1 in order (rows already gathered group by group)."""
    out, start = [], 0
    for g in groups:
        out.append(list(range(start, start + len(g))))
        start += len(g)
    return out


def theme_signature(themes: Any) -> str:
    """A short hash of what a model's features depend on: the theme ids and their evidence terms."""
    parts = [(t.id, t.terms, t.cues, t.places) for t in themes]
    subject = getattr(themes, "subject", None)
    if subject is not None:
        parts.append((subject.aliases, subject.references, subject.others))
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:16]


def _surface(feature: str, parsed: _Parsed, i: int, cache: dict[int, list[tuple[str, str]]]) -> str:
    """The words of sentence i (or of the sentence it continues) behind a stem (pair) feature, as
    the sentence writes them.

    ``cache``: per sentence, its (word, stem) pairs that may make features, kept between calls.
    """
    from .themes import as_written

    stems = feature.split(" ")
    for at, prefix in ((i, ""), (i - 1, "previous sentence: ")):
        if at < 0:
            break
        kept = cache.get(at)
        if kept is None:
            kept = [(w, s) for w, s in zip(parsed.words[at], parsed.norms[at])
                    if s not in STOP_WORDS and s not in parsed.skip and any(c.isalpha() for c in s)]
            cache[at] = kept
        for j in range(len(kept) - len(stems) + 1):
            if [s for _, s in kept[j:j + len(stems)]] == stems:
                words = " ".join(w for w, _ in kept[j:j + len(stems)])
                return prefix + as_written(words, parsed.sentences[at], whole_words=True)  # "u s" -> "U.S."
    return feature


def load_model(raw: bytes | str, *, themes: Any, name: str) -> ThemeTagger:
    """A :class:`ThemeTagger` from a model file's bytes, with errors that name the file."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"could not read theme model {name!r}: {exc}") from None
    try:
        return ThemeTagger.from_dict(data, themes=themes)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"theme model {name!r} is damaged: missing or bad field {exc}") from None
    except ValueError as exc:
        raise ValueError(f"theme model {name!r}: {exc}") from None
