"""Term weights have one reference: scikit-learn.

The summarizer's fast path (flat arrays for a whole batch, see ``summarizing._run_chunk``)
must give what the plain construction gives: scikit-learn's ``CountVectorizer`` /
``TfidfVectorizer`` with the same analyzer, a position-weighted profile, cosine scores and a
textbook greedy MMR, one article at a time. Checked on random articles (many shapes:
repeated words, one-word sentences, no title, no content words) and on real ones (the seeds,
and BBC articles when ``../shared/data`` is there), with document and corpus IDF.
"""
from __future__ import annotations

import json
import random
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.preprocessing import normalize

from toolkit import Article, Summarizer, load_article, split_sentences, summarize_many
from toolkit._text import analyze
from toolkit.summarizing import SHORT_SENTENCE

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def reference_summary(text: str, title: str | None, *, n_sentences: int, position: float | None = 4.0,
                      diversity: float = 0.4, corpus: TfidfVectorizer | None = None) -> tuple[list[int], np.ndarray]:
    """The chosen indices (sorted) and all sentence scores, built the plain way."""
    sentences = split_sentences(text)
    n = len(sentences)
    if n == 0:
        return [], np.zeros(0)
    counter = CountVectorizer(analyzer=analyze)
    try:
        counts = counter.fit_transform(sentences + [title or ""])
    except ValueError:  # no content word at all: every score 0, the first sentences
        return list(range(min(n_sentences, n))), np.zeros(n)
    if corpus is None:  # IDF over the article's own sentences (the title is not a document)
        X = TfidfTransformer().fit(counts[:n]).transform(counts)
    else:  # the corpus IDF; a term the corpus never saw counts as the rarest
        unseen = np.log(1 + corpus.n_docs_) + 1  # the smooth IDF of a document frequency of 0
        idf = np.array([corpus.idf_[corpus.vocabulary_[t]] if t in corpus.vocabulary_ else unseen
                        for t in counter.get_feature_names_out()])
        X = normalize(counts.multiply(idf[None, :]).tocsr())
    X = X.toarray()
    weight = np.ones(n) if position is None else 1.0 / (1.0 + np.arange(n) / position)
    profile = (weight[:, None] * X[:n]).sum(axis=0) + X[n]
    if np.linalg.norm(profile) > 0:
        profile /= np.linalg.norm(profile)
    words = np.array([len(s.split()) for s in sentences])
    scores = X[:n] @ profile * weight * np.minimum(1.0, words / SHORT_SENTENCE)
    # Greedy maximal marginal relevance, the textbook loop.
    chosen: list[int] = []
    top = scores.max()
    for _ in range(min(n_sentences, n)):
        best, best_value = None, -np.inf
        for i in range(n):
            if i in chosen:
                continue
            closest = max((X[i] @ X[j] for j in chosen), default=0.0)
            value = (1 - diversity) * scores[i] - diversity * top * closest
            if value > best_value:
                best, best_value = i, value
        chosen.append(best)
    return sorted(chosen), scores


def _fit_corpus(texts: list[str]) -> TfidfVectorizer:
    vectorizer = TfidfVectorizer(analyzer=analyze).fit(texts)
    vectorizer.n_docs_ = len(texts)
    return vectorizer


def _random_articles(seed: int, n: int) -> list[Article]:
    rng = random.Random(seed)
    vocabulary = [f"w{k}x" for k in range(60)] + ["the", "of", "and", "42", "Mosul", "fighters", "desert"]
    articles = []
    for _ in range(n):
        sentences = []
        for _ in range(rng.choice([1, 2, 3, 5, 8, 13, 21])):
            length = rng.choice([1, 2, 4, 7, 12, 20])
            words = [rng.choice(vocabulary[:rng.choice([5, 20, len(vocabulary)])]) for _ in range(length)]
            sentences.append(" ".join(words).capitalize() + ".")
        title = rng.choice([None, " ".join(rng.sample(vocabulary, 4)).title()])
        articles.append(Article(text=" ".join(sentences), title=title))
    return articles


def _check(articles: list[Article], *, n_sentences: int, position: float | None = 4.0, diversity: float = 0.4,
           corpus_texts: list[str] | None = None) -> None:
    idf = "document" if corpus_texts is None else "corpus"
    summarizer = Summarizer(n_sentences=n_sentences, position=position, diversity=diversity, idf=idf)
    corpus = None
    if corpus_texts is not None:
        summarizer.fit(corpus_texts)
        corpus = _fit_corpus(corpus_texts)
        np.testing.assert_allclose(summarizer.idf_, corpus.idf_, rtol=1e-12)
        assert summarizer.vocabulary_ == corpus.vocabulary_
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = summarizer.summarize_many(articles)
    for article, summary in zip(articles, fast):
        indices, scores = reference_summary(article.text, article.title, n_sentences=n_sentences,
                                            position=position, diversity=diversity, corpus=corpus)
        np.testing.assert_allclose(summary.all_scores, scores, rtol=1e-9, atol=1e-12)
        assert summary.indices == indices, article


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("position, diversity", [(4.0, 0.4), (None, 0.0), (1.0, 0.9)])
def test_fast_path_matches_scikit_learn_on_random_articles(seed: int, position: float | None,
                                                           diversity: float) -> None:
    articles = _random_articles(seed, 40)
    _check(articles, n_sentences=3, position=position, diversity=diversity)
    _check(articles, n_sentences=2, position=position, diversity=diversity,
           corpus_texts=[a.text for a in _random_articles(seed + 100, 30)])


def test_fast_path_matches_scikit_learn_on_the_seeds() -> None:
    articles = [load_article(p) for p in SEEDS]
    for n_sentences in (1, 3, 6):
        _check(articles, n_sentences=n_sentences)
        _check(articles, n_sentences=n_sentences, corpus_texts=[a.title + "\n\n" + a.text for a in articles])


def test_fast_path_matches_scikit_learn_on_bbc_articles(shared_data: Path) -> None:
    with open(shared_data / "bbc_news_summary.jsonl", encoding="utf-8") as f:
        records = [json.loads(line) for _, line in zip(range(150), f)]
    texts = [r.get("article") or r.get("text") for r in records]
    articles = [Article(text=t) for t in texts if t]
    assert len(articles) > 100
    _check(articles, n_sentences=3)
    _check(articles[:60], n_sentences=3, corpus_texts=[a.text for a in articles[60:]])


def test_summarize_many_is_the_reference_too() -> None:
    articles = _random_articles(7, 20)
    fast = summarize_many(articles, n_sentences=2)
    assert [s.indices for s in fast] == [reference_summary(a.text, a.title, n_sentences=2)[0] for a in articles]
