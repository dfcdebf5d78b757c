"""toolkit.comparison: compare two articles, and compare_many for a corpus."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.themes import as_written
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import Article, Comparison, CorpusComparison, DEFAULT_THEMES, Theme, compare, compare_many, load_article
from toolkit.similarity import ALIGN_THRESHOLD

ROOT = Path(__file__).resolve().parents[1]
SEED_2016 = ROOT / "seeds" / "000_95ca8ba006298f6c.txt"
SEED_2017 = ROOT / "seeds" / "002_1210b5e7193b114a.txt"
THEME_IDS = [t.id for t in DEFAULT_THEMES]

RECIPE = ("Whisk the eggs with the sugar until pale. Fold in the flour and pour the batter into the tin. "
          "Bake for 25 minutes and leave the cake to cool.")
FOOTBALL = ("The striker scored twice in the second half as United beat City 3-1. The manager praised "
            "his defence, and the fans sang long after the final whistle.")
ISIS_A = ("Iraqi forces retook Mosul from Islamic State after a long siege. The ISIS fighters fled into the "
          "desert. Officials fear the Islamic State will regroup and rise again.")
ISIS_B = ("Islamic State fighters scattered after the defeat. Many foreign fighters of the Islamic State will "
          "return home to Europe. The ISIS caliphate has been crushed.")


@pytest.fixture(scope="module")
def seeds() -> Comparison:
    return compare(load_article(SEED_2016), load_article(SEED_2017))


# --------------------------------------------------------------------------- the seeds


def test_seed_theme_scores_show_the_contrast(seeds):
    scores = seeds.theme_scores()
    a, b = seeds.names
    assert list(scores.index) == THEME_IDS and list(scores.columns) == [a, b]
    assert a.startswith("Pentagon 'Worried' ISIS") and b.startswith("What's next for ISIS")
    # Both cover the loss of strongholds and the scattering of fighters...
    assert (scores.loc[["territorial_loss", "dispersal"]] > 0).all().all()
    # ...only the 2016 piece a foothold elsewhere; only the 2017 piece fighters going home and the ideology.
    assert scores.at["new_havens", a] > 0 and scores.at["new_havens", b] == 0
    for theme in ("foreign_fighters", "ideology_resurgence"):
        assert scores.at[theme, a] == 0 and scores.at[theme, b] > 0
    assert scores.at["dispersal", b] > scores.at["dispersal", a]
    assert ((scores >= 0) & (scores <= 1)).all().all()


def test_seed_theme_scores_measures(seeds):
    counts = seeds.theme_scores(measure="sentences")
    shares = seeds.theme_scores()
    n_a, n_b = len(seeds.tags[0]), len(seeds.tags[1])
    np.testing.assert_allclose(shares.to_numpy(), counts.to_numpy() / [n_a, n_b])
    evidence = seeds.theme_scores(measure="evidence")
    assert ((evidence > 0) == (counts > 0)).all().all()
    with pytest.raises(ValueError, match="measure must be one of"):
        seeds.theme_scores(measure="weight")  # type: ignore[arg-type]


@pytest.mark.parametrize("theme", ["territorial_loss", "dispersal"])
def test_seed_evidence_for_shared_themes(seeds, theme):
    ev = seeds.evidence(theme)
    assert list(ev.columns) == ["article", "index", "sentence", "score", "evidence"]
    assert set(ev.article) == set(seeds.names)
    for name in seeds.names:
        scores = ev[ev.article == name].score.tolist()
        k = [t.id for t in seeds.themes].index(theme)
        assert scores == sorted(scores, reverse=True) and min(scores) >= seeds.themes.model.thresholds_[k] - 1e-9
    for _, row in ev.iterrows():
        side = seeds.names.index(row.article)
        assert seeds.tags[side].at[row["index"], "sentence"] == row.sentence
        assert row.evidence


def test_the_words_named_for_a_theme_are_those_that_led_its_tags(seeds):
    # A word that came last in a few tags' evidence ("good" in "good answers") outranked the
    # words that led them in the plain-language comparison.
    coverage = seeds.to_frame().coverage
    for side, key in ((0, "a only"), (1, "b only")):
        tags = seeds.tags[side]
        for tid in coverage.index[coverage == key]:  # the themes the summary names words for
            leading = {as_written(text, s).lower() for s, ev in zip(tags["sentence"], tags["evidence"])
                       for text in ev.get(tid, [])[:2]}
            top = seeds._top_evidence(tid, side)[:5]  # what the comparison's summary names
            assert {w.lower() for w in top} <= leading, (tid, top)


def test_seed_evidence_quotes_the_words(seeds):
    havens = seeds.evidence("new_havens")
    assert set(havens.article) == {seeds.names[0]}
    assert any("foothold" in s for s in havens.sentence)
    assert "diaspora" in " ".join(seeds.evidence("dispersal").sentence)
    assert len(seeds.evidence(DEFAULT_THEMES[0], n=1)) == 2  # a Theme works too, n per article


def test_evidence_rejects_unknown_themes(seeds):
    with pytest.raises(ValueError, match="theme must be one of"):
        seeds.evidence("weather")
    with pytest.raises(ValueError, match="n must be a positive integer"):
        seeds.evidence("dispersal", n=0)


def test_seed_alignment_columns(seeds):
    pairs = seeds.alignment()
    assert list(pairs.columns) == ["index_a", "index_b", "similarity", "sentence_a", "sentence_b", "themes"]
    assert (pairs.similarity >= ALIGN_THRESHOLD).all()
    loose = seeds.alignment(threshold=0.0, one_to_one=False)
    assert len(loose) == seeds.sentence_similarity.size
    assert loose.similarity.is_monotonic_decreasing
    with pytest.raises(ValueError, match="threshold must be a number between 0 and 1"):
        seeds.alignment(threshold=2)


def test_seed_summary_says_what_the_evidence_says(seeds):
    text = seeds.summary()
    # Issue 14.13: shown as wrapped paragraphs in a notebook, not preformatted text.
    assert isinstance(text, str) and text._repr_html_().count("<p") == len([x for x in text.splitlines() if x.strip()])
    assert f"similarity {seeds.similarity:.2f}, same broad subject (scale for news articles: below 0.05" in text
    both = next(line for line in text.splitlines() if line.startswith("Both cover"))
    assert "loss of strongholds" in both and "fighters scattering" in both
    only_a = next(line for line in text.splitlines() if line.startswith("Only A"))
    assert "new havens elsewhere" in only_a and "Libya" in only_a
    only_b = next(line for line in text.splitlines() if line.startswith("Only B"))
    assert "foreign fighters" in only_b and "ideology" in only_b


def test_summary_says_mentions_for_one_sentence_and_dwells_on_for_a_real_share():
    a = ("ISIS fighters lost Mosul last week. The group lost Raqqa too. Commanders met in Baghdad. "
         "Soldiers patrolled the streets. Some fighters found new havens in Libya.")
    b = ("ISIS fighters lost Mosul last week. Iraqi forces retook the city. Foreign fighters from Europe were "
         "captured. Many foreign fighters returned home to France. Officials questioned the foreign fighters.")
    lines = compare(a, b).summary().splitlines()
    only_a = next(line for line in lines if line.startswith("Only A"))
    only_b = next(line for line in lines if line.startswith("Only B"))
    assert only_a.startswith("Only A mentions new havens elsewhere (1 sentence: ")
    assert "dwells on" not in only_a and "1 sentences" not in "\n".join(lines)
    assert only_b.startswith("Only B dwells on foreign fighters and the threat abroad (3 sentences: ")
    assert "(5 sentences)" in lines[0]


def test_seed_terms_are_readable_words(seeds):
    shared = seeds.shared_terms()
    assert {"ISIS", "Mosul"} <= set(shared.term)
    assert list(shared.columns) == ["term", "count_a", "count_b", "weight"]
    assert (shared.count_a > 0).all() and (shared.count_b > 0).all()
    distinct = seeds.distinct_terms()
    a_terms = set(distinct[distinct.article == seeds.names[0]].term)
    b_terms = set(distinct[distinct.article == seeds.names[1]].term)
    assert "Sirte" in a_terms and "Libya" in a_terms
    assert not a_terms & b_terms
    assert "said" not in set(shared.term) | a_terms | b_terms
    with pytest.raises(ValueError, match="n must be a positive integer"):
        seeds.shared_terms(n=0)


def test_seed_frame_repr_and_html(seeds):
    frame = seeds.to_frame()
    assert list(frame.columns) == ["label", "share_a", "share_b", "sentences_a", "sentences_b", "coverage"]
    assert frame.at["new_havens", "coverage"] == "a only"
    assert frame.at["foreign_fighters", "coverage"] == "b only"
    assert frame.attrs["names"] == seeds.names
    assert "\n" not in repr(seeds) and repr(seeds).startswith("Comparison(")
    page = seeds._repr_html_()
    assert page == seeds.to_html() and "Loss of strongholds" in page and "What&#x27;s next" in page


# --------------------------------------------------------------------------- synthetic cases


def test_identical_articles():
    c = compare(ISIS_A, ISIS_A)
    assert c.similarity == pytest.approx(1.0)
    assert c.names == ("A", "B")
    scores = c.theme_scores()
    assert (scores.iloc[:, 0] == scores.iloc[:, 1]).all()
    assert set(c.to_frame().coverage) <= {"both", "neither"}
    pairs = c.alignment()
    assert len(pairs) == len(c.tags[0]) and (pairs.index_a == pairs.index_b).all()
    assert "identical" in c.summary()
    assert c.distinct_terms().empty


def test_identical_titles_get_unique_names():
    a = Article(text=ISIS_A, title="Same headline")
    c = compare(a, Article(text=ISIS_B, title="Same headline"))
    assert c.names == ("Same headline", "Same headline (2)")
    assert list(c.theme_scores().columns) == list(c.names)


def test_disjoint_articles():
    c = compare("Mosul fell.", "Quick jazz vibes.")
    assert c.similarity == pytest.approx(0.0, abs=1e-9)
    assert c.alignment().empty
    assert c.shared_terms().empty


def test_similarity_and_scores_are_symmetric():
    ab, ba = compare(ISIS_A, ISIS_B), compare(ISIS_B, ISIS_A)
    assert ab.similarity == pytest.approx(ba.similarity)
    np.testing.assert_allclose(ab.theme_scores().to_numpy(), ba.theme_scores().to_numpy()[:, ::-1])
    np.testing.assert_allclose(ab.sentence_similarity, ba.sentence_similarity.T, atol=1e-12)


def test_small_texts_compare_as_expected():
    c = compare(ISIS_A, ISIS_B)
    cov = c.to_frame().coverage
    assert cov["territorial_loss"] == "both" and cov["dispersal"] == "both"
    assert cov["foreign_fighters"] == "b only" and cov["ideology_resurgence"] in ("a only", "both")
    assert 0 < c.similarity < 1


def test_articles_about_no_theme():
    c = compare(RECIPE, FOOTBALL)
    assert (c.theme_scores() == 0).all().all()
    assert "Neither article is about any of the 8 themes" in c.summary()
    assert all(c.evidence(t).empty for t in THEME_IDS)
    one = compare(ISIS_A, RECIPE)
    assert "B is about none of the themes." in one.summary()


@pytest.mark.parametrize(("a", "b", "message"), [
    ("", ISIS_A, "a is empty"),
    (ISIS_A, "   \n ", "b is empty"),
    (Article(text=""), ISIS_A, "a is empty"),
])
def test_empty_articles_are_an_error(a, b, message):
    with pytest.raises(ValueError, match=message):
        compare(a, b)


def test_texts_too_long_to_align_are_a_clear_error(monkeypatch):
    from toolkit import comparison

    many = " ".join(f"Sentence number {i} is here." for i in range(12))
    few = " ".join(f"Another line {i} ends." for i in range(8))
    monkeypatch.setattr(comparison, "_MAX_SENTENCE_PAIRS", 12 * 8)
    assert compare(many, few).sentence_similarity.shape == (12, 8)  # at the limit: compared
    monkeypatch.setattr(comparison, "_MAX_SENTENCE_PAIRS", 12 * 8 - 1)
    with pytest.raises(ValueError, match=r"a has 12 sentences and b 8: .* section by section"):
        compare(many, few)


def test_bad_inputs_are_type_errors():
    with pytest.raises(TypeError, match="a must be a str or an Article"):
        compare(42, ISIS_A)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="background must be a list of texts"):
        compare(ISIS_A, ISIS_B, background="one text")  # type: ignore[arg-type]


def test_paths_and_a_users_themes():
    weather = Theme("rain", "Rain", "Wet weather.", terms=["rain", "downpour"])
    c = compare(SEED_2016, SEED_2017, themes=[weather])
    assert list(c.theme_scores().index) == ["rain"]
    assert c.names[0].startswith("Pentagon")
    assert "Neither article is about any of the 1 themes" in c.summary()


def test_background_only_changes_term_weights():
    plain = compare(ISIS_A, ISIS_B)
    with_bg = compare(ISIS_A, ISIS_B, background=[RECIPE, FOOTBALL, ISIS_B])
    assert 0.0 <= with_bg.similarity <= 1.0
    pd.testing.assert_frame_equal(plain.theme_scores(), with_bg.theme_scores())
    assert set(plain.shared_terms().term) == set(with_bg.shared_terms().term)
    assert not np.allclose(plain.shared_terms().weight, with_bg.shared_terms().weight)


def test_html_escapes_article_text():
    evil = Article(text="<script>alert('x')</script> The ISIS fighters fled & scattered.", title="<b>Bold</b>")
    page = compare(evil, ISIS_B).to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(ISIS_A.split(". ") + ISIS_B.split(". ") + RECIPE.split(". ")),
                min_size=1, max_size=5),
       st.lists(st.sampled_from(ISIS_A.split(". ") + FOOTBALL.split(". ")), min_size=1, max_size=5))
def test_comparison_invariants(a_parts, b_parts):
    c = compare(". ".join(a_parts), ". ".join(b_parts))
    assert 0.0 <= c.similarity <= 1.0 + 1e-9
    scores = c.theme_scores()
    assert ((scores >= 0) & (scores <= 1)).all().all()
    pairs = c.alignment()
    assert pairs.index_a.is_unique and pairs.index_b.is_unique


# --------------------------------------------------------------------------- compare_many


def test_compare_many_matrices_and_pairs():
    cc = compare_many([ISIS_A, ISIS_B, RECIPE, FOOTBALL])
    assert isinstance(cc, CorpusComparison)
    sim = cc.similarity_matrix()
    assert list(sim.index) == ["article 1", "article 2", "article 3", "article 4"]
    np.testing.assert_allclose(sim.to_numpy(), sim.to_numpy().T)
    np.testing.assert_allclose(np.diag(sim.to_numpy()), 1.0)
    themes = cc.theme_matrix()
    assert themes.shape == (4, len(THEME_IDS)) and list(themes.columns) == THEME_IDS
    assert (themes.loc[["article 3", "article 4"]] == 0).all().all()
    pairs = cc.most_similar(n=3)
    assert list(pairs.columns) == ["article_a", "article_b", "similarity", "index_a", "index_b"]
    assert (pairs.index_a < pairs.index_b).all() and pairs.similarity.is_monotonic_decreasing
    assert tuple(pairs.loc[0, ["index_a", "index_b"]]) == (0, 1)
    assert len(cc.most_similar(n=100)) == 6


def test_compare_many_agrees_with_compare_on_themes():
    cc = compare_many([ISIS_A, ISIS_B])
    c = compare(ISIS_A, ISIS_B)
    np.testing.assert_allclose(cc.theme_matrix().to_numpy().T, c.theme_scores().to_numpy())


def test_compare_many_frame_repr_and_html():
    articles = [Article(text=ISIS_A, title="<A & B>"), Article(text=ISIS_B, title="Second"),
                Article(text=RECIPE, title="Second")]
    cc = compare_many(articles)
    assert cc.names == ("<A & B>", "Second", "Second (2)")
    frame = cc.to_frame()
    assert list(frame.columns[:5]) == ["n_sentences", "main_theme", "themes", "nearest", "nearest_similarity"]
    assert frame.at["Second (2)", "main_theme"] is None
    assert frame.at["<A & B>", "nearest"] == "Second"
    assert "\n" not in repr(cc)
    page = cc._repr_html_()
    assert "&lt;A &amp; B&gt;" in page and "<A & B>" not in page


@pytest.mark.parametrize(("articles", "error", "message"), [
    ("one text", TypeError, "articles must be a list"),
    ([ISIS_A], ValueError, "at least two articles"),
    ([ISIS_A, "", RECIPE], ValueError, r"articles \[1\] is empty"),
])
def test_compare_many_bad_input(articles, error, message):
    with pytest.raises(error, match=message):
        compare_many(articles)


def test_compare_many_accepts_a_series_in_order_as_summarize_many_does():
    texts = [ISIS_A, ISIS_B, RECIPE]
    series = pd.Series(texts, index=[30, 10, 20])
    from_series, from_list = compare_many(series), compare_many(texts)
    assert from_series.names == from_list.names == ("article 1", "article 2", "article 3")
    assert np.array_equal(from_series.similarity_matrix().to_numpy(), from_list.similarity_matrix().to_numpy())


def test_compare_many_scales_without_pair_loops():
    texts = [f"Report {i}: " + (ISIS_A if i % 3 == 0 else ISIS_B if i % 3 == 1 else FOOTBALL) for i in range(300)]
    cc = compare_many(texts)
    assert cc.similarity_matrix().shape == (300, 300)
    assert len(cc.most_similar(n=5)) == 5
    assert isinstance(cc.theme_matrix(), pd.DataFrame)


def text_cells_not_left_aligned(page: str) -> list[str]:
    """Table cells holding words (not only a figure) whose style does not left-align them."""
    import re
    from html.parser import HTMLParser

    found: list[tuple[str, str]] = []

    class Cells(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "td":  # headings over figures stay right-aligned, as the figures
                found.append((dict(attrs).get("style") or "", ""))

        def handle_data(self, data):
            if found:
                found[-1] = (found[-1][0], found[-1][1] + data)

    Cells().feed(page)
    return [text for style, text in found
            if re.search(r"[A-Za-z]{2}", text) and "text-align:left" not in style.replace(" ", "")]


def test_html_tables_left_align_their_text(seeds, tmp_path):
    # Issue 14.13: in JupyterLab and the reports every cell is right-aligned unless it says otherwise.
    assert text_cells_not_left_aligned(seeds.to_html()) == []
    corpus = compare_many([ISIS_A, ISIS_B, RECIPE]).to_html()
    assert text_cells_not_left_aligned(corpus) == [] and "<tr><td>0." in corpus  # figures stay right-aligned
