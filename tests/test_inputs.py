"""The input rule (README, "What a function takes"), checked on every public function.

* a ``pathlib.Path`` is a file everywhere (the same result as passing ``load_article(path)``);
* a ``str`` is the text everywhere but ``load_*`` and the CLI; a ``str`` without white
  space that names an existing file is still text, with a warning saying to pass a Path;
* an ``Article`` is its title and body (whole-article measures read the title as the first
  paragraph; sentence-by-sentence functions take the body's sentences);
* ``bytes`` and other types are a TypeError that says what to pass.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

from toolkit import (
    Article,
    Summarizer,
    TextSimilarity,
    compare,
    compare_many,
    load_article,
    nearest_neighbours,
    pairwise_similarity,
    similarity,
    similarity_matrix,
    summarize,
    summarize_many,
    tag_themes,
)
from toolkit import _inputs

ROOT = Path(__file__).resolve().parents[1]
SEED_A = ROOT / "seeds" / "000_95ca8ba006298f6c.txt"
SEED_B = ROOT / "seeds" / "002_1210b5e7193b114a.txt"
OTHER = ("Iraqi forces retook Mosul after months of fighting. The fighters fled into the desert "
         "and some crossed into Syria. Officials fear they will regroup.")



def _same(x: Any, y: Any) -> None:
    """Equal results of any public function (floats exactly: the same computation)."""
    if isinstance(x, pd.DataFrame):
        pd.testing.assert_frame_equal(x, y)
    elif isinstance(x, np.ndarray):
        np.testing.assert_array_equal(x, y)
    elif isinstance(x, list) and x and hasattr(x[0], "indices"):
        assert [(s.indices, s.scores, s.title) for s in x] == [(s.indices, s.scores, s.title) for s in y]
    elif hasattr(x, "indices"):  # a Summary
        assert (x.indices, x.scores, x.title, x.all_scores) == (y.indices, y.scores, y.title, y.all_scores)
    elif hasattr(x, "theme_scores"):  # a Comparison
        assert x.similarity == y.similarity
        pd.testing.assert_frame_equal(x.theme_scores(), y.theme_scores())
        pd.testing.assert_frame_equal(x.distinct_terms(), y.distinct_terms())
    elif hasattr(x, "similarities"):  # a CorpusComparison
        np.testing.assert_array_equal(x.similarities, y.similarities)
        np.testing.assert_array_equal(x.theme_weights, y.theme_weights)
    else:
        assert x == y


#: Every public function that takes an article, as (id, call taking one article ``x``).
ONE: list[Any] = [
    pytest.param(lambda x: summarize(x, n_sentences=2), id="summarize"),
    pytest.param(lambda x: summarize_many([x, OTHER], n_sentences=2), id="summarize_many"),
    pytest.param(lambda x: Summarizer(n_sentences=2).summarize(x), id="Summarizer.summarize"),
    pytest.param(lambda x: Summarizer(idf="corpus").fit([x, OTHER]).idf_, id="Summarizer.fit"),
    pytest.param(lambda x: summarize(OTHER, background=[x]).all_scores, id="summarize(background)"),
    pytest.param(lambda x: similarity(x, OTHER), id="similarity"),
    pytest.param(lambda x: similarity(OTHER, OTHER + " Rain.", background=[x]), id="similarity(background)"),
    pytest.param(lambda x: similarity_matrix([x, OTHER]), id="similarity_matrix"),
    pytest.param(lambda x: pairwise_similarity([x], [OTHER]), id="pairwise_similarity"),
    pytest.param(lambda x: TextSimilarity().fit([x, OTHER]).pairwise([x], [OTHER]), id="TextSimilarity"),
    pytest.param(lambda x: compare(x, OTHER), id="compare(a)"),
    pytest.param(lambda x: compare(OTHER, x), id="compare(b)"),
    pytest.param(lambda x: compare(OTHER, OTHER, background=[x]), id="compare(background)"),
    pytest.param(lambda x: compare_many([x, OTHER]), id="compare_many"),
    pytest.param(lambda x: nearest_neighbours([x, OTHER, "Stocks rallied."], n_neighbours=2).similarities,
                 id="nearest_neighbours"),
    pytest.param(lambda x: tag_themes(x), id="tag_themes"),
]


@pytest.mark.parametrize("call", ONE)
def test_a_path_is_a_file(call: Callable[[Any], Any]) -> None:
    _same(call(SEED_A), call(load_article(SEED_A)))


@pytest.mark.parametrize("call", ONE)
def test_a_str_naming_a_file_is_text_with_a_warning(call: Callable[[Any], Any]) -> None:
    name = str(SEED_A)
    with pytest.warns(UserWarning, match=r"looks like a file name.*pass pathlib\.Path"):
        result = call(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _same(result, call(Article(text=name)))


@pytest.mark.parametrize("call", ONE)
def test_bytes_are_a_type_error_saying_what_to_pass(call: Callable[[Any], Any]) -> None:
    with pytest.raises(TypeError, match=r"must be a str or an Article, or a pathlib\.Path to read a file, not bytes"):
        call(SEED_A.read_bytes())


def test_a_str_with_spaces_is_text_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert summarize("The fighters fled into the desert. See " + str(SEED_A)).sentences[0].startswith("The")


def test_the_warning_points_at_the_callers_line() -> None:
    with pytest.warns(UserWarning, match="looks like a file name") as caught:
        similarity(str(SEED_A), OTHER)
    assert {Path(w.filename).name for w in caught} == {Path(__file__).name}


def test_one_call_warns_once_per_text() -> None:
    with pytest.warns(UserWarning, match="looks like a file name") as caught:
        compare(OTHER, str(SEED_B))  # compare reads its texts several ways: one warning still
    assert len([w for w in caught if "looks like a file name" in str(w.message)]) == 1
    with pytest.warns(UserWarning, match="looks like a file name"):  # another call warns again
        compare(OTHER, str(SEED_B))


def test_compare_similarity_is_similarity() -> None:
    a, b = load_article(SEED_A), load_article(SEED_B)
    assert a.title and b.title  # the case that used to differ (0.1841 against 0.1828)
    assert compare(a, b).similarity == similarity(a, b)
    assert compare(SEED_A, SEED_B).similarity == similarity(SEED_A, SEED_B)
    background = [OTHER, "Stocks rallied on Monday."]
    assert compare(a, b, background=background).similarity == similarity(a, b, background=background)


def test_compare_many_similarities_are_similarity_matrix() -> None:
    articles = [load_article(SEED_A), load_article(SEED_B), Article(text=OTHER, title="Mosul retaken")]
    np.testing.assert_array_equal(compare_many(articles).similarities, similarity_matrix(articles))


def test_an_article_is_its_title_and_body() -> None:
    article = Article(text=OTHER, title="Ceasefire talks in Geneva")
    whole = "Ceasefire talks in Geneva\n\n" + OTHER
    assert similarity(article, "Ceasefire talks") == similarity(whole, "Ceasefire talks") > 0
    assert similarity(Article(text=OTHER), "Ceasefire talks") == 0.0
    assert "Geneva" in compare(article, "Rain in Spain.").distinct_terms().term.tolist()
    # Sentence by sentence: the body's sentences; the title is context for the summary.
    summary = summarize(article, n_sentences=1)
    assert summary.all_sentences == summarize(OTHER).all_sentences
    assert summary.title == article.title


def test_an_object_with_text_and_title_counts_as_an_article() -> None:
    class Page:
        text = OTHER
        title = "Mosul retaken"

    assert similarity(Page(), OTHER) == similarity(Article(text=OTHER, title="Mosul retaken"), OTHER)
    assert summarize(Page()).title == "Mosul retaken"


@pytest.mark.parametrize("call", [
    pytest.param(lambda v: summarize_many(v), id="summarize_many"),
    pytest.param(lambda v: similarity_matrix(v), id="similarity_matrix"),
    pytest.param(lambda v: compare_many(v), id="compare_many"),
    pytest.param(lambda v: Summarizer(idf="corpus").fit(v), id="Summarizer.fit"),
])
@pytest.mark.parametrize("value", [OTHER, SEED_A, Article(text=OTHER)], ids=["str", "Path", "Article"])
def test_one_article_where_a_list_is_expected_is_a_type_error(call: Callable[[Any], Any], value: Any) -> None:
    with pytest.raises(TypeError, match=r"must be a list of .*not a single \w+: wrap it in a list"):
        call(value)


def test_the_rule_itself() -> None:
    assert _inputs.text_and_title(SEED_A, "x") == (load_article(SEED_A).text, load_article(SEED_A).title)
    assert _inputs.as_text(Article(text="Body.", title="  "), "x") == "Body."  # a blank title is none
    assert _inputs.as_article(Article(text="Body."), "x").text == "Body."
    with pytest.raises(TypeError, match=r"^x must be a str or an Article, or a pathlib\.Path to read a file; got int"):
        _inputs.as_article(3, "x")
    with pytest.raises(TypeError, match=r"^xs\[1\] must be"):
        _inputs.as_texts(["a", None], "xs")


def test_the_corpus_run_reads_articles_as_fit_and_similarity_do() -> None:
    from toolkit import corpus

    articles = [load_article(SEED_A), load_article(SEED_B), Article(text=OTHER, title="Geneva talks")]
    n_docs, df = corpus._count_terms(articles)  # the streamed document frequencies of --idf corpus
    assert (dict(df), n_docs) == Summarizer(idf="corpus").fit(articles).document_frequencies_
    assert df["geneva"] == 1  # the title counts
