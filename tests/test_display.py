"""The notebook plots: each draws what it is given, with a title, labelled axes and legible labels."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display in tests

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex

from toolkit import display
from toolkit.display import (
    ARTICLE_COLORS,
    plot_alignment,
    plot_sentence_scores,
    plot_similarity_matrix,
    plot_theme_map,
    plot_theme_matrix,
    plot_theme_scores,
)
from toolkit._text import shorten

THEMES = {"dispersal": "Fighters scattering", "leadership": "ISIS leadership", "civilian_toll": "Civilian toll"}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def ticks(labels):
    return [t.get_text() for t in labels]


def colorbar_label(ax):
    """The labels of the figure's other axes (the colour bar's among them)."""
    return " ".join(a.get_ylabel() + a.get_xlabel() for a in ax.figure.axes if a is not ax)


# ---------------------------------------------------------------- sentence scores


def score_frame(scores, selected):
    return pd.DataFrame({"sentence": [f"s{i}" for i in range(len(scores))], "score": scores, "selected": selected})


def test_sentence_scores_one_bar_per_sentence_chosen_in_colour():
    ax = plot_sentence_scores(score_frame([0.9, 0.1, 0.5, 0.3], [True, False, True, False]),
                              title="Headline", color="#123456")
    assert ax.get_title() == "Headline"
    assert "sentence position" in ax.get_xlabel() and ax.get_ylabel() == "summary score"
    assert len(ax.patches) == 4
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == ["#123456", "#bbbbbb", "#123456", "#bbbbbb"]
    assert [p.get_height() for p in ax.patches] == pytest.approx([0.9, 0.1, 0.5, 0.3])
    assert "chosen for the summary (2)" in ticks(ax.get_legend().get_texts())


@pytest.mark.parametrize(("title", "shown"), [(None, "Sentence scores"), ("The headline", "The headline")])
def test_sentence_scores_takes_a_summary_like_object(title, shown):
    class FakeSummary:
        def to_frame(self):
            return score_frame([0.2, 0.4], [False, True])

    summary = FakeSummary()
    summary.title = title
    ax = plot_sentence_scores(summary)
    assert ax.get_title() == shown and len(ax.patches) == 2


def test_sentence_scores_on_a_real_summary():
    from toolkit import summarize

    summary = summarize("Cats purr. Cats purr when happy. Dogs bark. Birds sing at dawn.", n_sentences=1)
    ax = plot_sentence_scores(summary)
    assert len(ax.patches) == 4
    chosen = [k for k, p in enumerate(ax.patches) if to_hex(p.get_facecolor()) != "#bbbbbb"]
    assert chosen == summary.indices
    assert [p.get_height() for p in ax.patches] == pytest.approx(summary.to_frame()["score"].tolist())


def test_sentence_scores_draws_into_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_sentence_scores(score_frame([1.0], [True]), ax=right) is right
    assert len(left.patches) == 0 and len(right.patches) == 1


def test_sentence_scores_long_title_is_cut():
    ax = plot_sentence_scores(score_frame([1.0], [True]), title="word " * 40)
    lines = ax.get_title().splitlines()
    assert len(lines) == 2 and all(len(line) <= 75 for line in lines) and lines[-1].endswith("…")


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (pd.DataFrame({"score": [1.0]}), ValueError, "missing \\['selected'\\]"),
        ([0.1, 0.2], TypeError, "must be a Summary or a DataFrame"),
    ],
)
def test_sentence_scores_bad_input(value, error, match):
    with pytest.raises(error, match=match):
        plot_sentence_scores(value)


# ---------------------------------------------------------------- theme scores


def test_theme_scores_grouped_bars_with_labels_not_ids():
    scores = pd.DataFrame({"Article A": [0.6, 0.0, 0.3], "Article B": [0.2, 0.4, 0.0]},
                          index=["dispersal", "leadership", "civilian_toll"])
    ax = plot_theme_scores(scores, themes=THEMES)
    assert len(ax.patches) == 6
    assert [lab.replace("\n", " ") for lab in ticks(ax.get_yticklabels())] == list(THEMES.values())
    assert ticks(ax.get_legend().get_texts()) == ["Article A", "Article B"]
    colours = {to_hex(p.get_facecolor()) for p in ax.patches[:3]}, {to_hex(p.get_facecolor()) for p in ax.patches[3:]}
    assert colours == ({ARTICLE_COLORS[0].lower()}, {ARTICLE_COLORS[1].lower()})
    assert "0 = theme absent" in ax.get_xlabel() and ax.get_title()
    # first theme at the top
    assert ax.yaxis_inverted()


def test_theme_scores_uses_the_default_theme_labels():
    from toolkit import DEFAULT_THEMES

    first = next(iter(DEFAULT_THEMES))
    scores = pd.DataFrame({"A": [0.5]}, index=[first.id])
    ax = plot_theme_scores(scores)
    assert ticks(ax.get_yticklabels())[0].replace("\n", " ") == first.label


def test_theme_scores_unknown_id_becomes_words():
    ax = plot_theme_scores(pd.DataFrame({"A": [0.1]}, index=["water_supply"]), themes={})
    assert ticks(ax.get_yticklabels()) == ["Water supply"]


def test_theme_scores_all_zero_still_draws():
    ax = plot_theme_scores(pd.DataFrame({"A": [0.0, 0.0]}, index=["dispersal", "leadership"]), themes=THEMES)
    assert ax.get_xlim()[1] > 0 and len(ax.patches) == 2


def test_theme_scores_rejects_non_frame():
    with pytest.raises(TypeError, match="theme_scores must be a DataFrame"):
        plot_theme_scores({"A": [1.0]})


# ---------------------------------------------------------------- theme map


def test_theme_map_sentences_by_themes():
    tags = pd.DataFrame({
        "sentence": ["ISIS fighters fled the city after the battle was lost.", "It rained.", "Baghdadi spoke."],
        "themes": [["dispersal"], [], ["leadership"]],
        "dispersal": [1.0, 0.0, 0.0], "leadership": [0.0, 0.0, 1.5],
    })
    ax = plot_theme_map(tags, themes=THEMES, label_width=20)
    assert ax.images[0].get_array().shape == (3, 2)
    assert ticks(ax.get_xticklabels()) == ["Fighters scattering", "ISIS leadership"]
    assert ticks(ax.get_yticklabels())[0] == "0  ISIS fighters fled…"
    assert "sentence" in ax.get_ylabel()


def test_theme_map_needs_a_tag_frame():
    with pytest.raises(TypeError, match="tag_themes"):
        plot_theme_map(pd.DataFrame({"x": [1]}))


# ---------------------------------------------------------------- alignment


def test_alignment_heatmap_with_pairs_outlined_and_cut_labels():
    matrix = np.array([[0.9, 0.1, 0.0], [0.0, 0.2, 0.6]])
    a = ["The Pentagon expressed concern about a new foothold for the group.", "Short one."]
    b = ["Pentagon fears ISIS foothold", "Rain", "Another sentence entirely about something else"]
    ax = plot_alignment(matrix, pairs=[(0, 0), (1, 2)], row_labels=a, col_labels=b,
                        row_name="2016 piece", col_name="2017 piece", label_width=20)
    assert ax.images[0].get_array().shape == (2, 3)
    assert len(ax.patches) == 2
    assert {(p.get_x() + 0.5, p.get_y() + 0.5) for p in ax.patches} == {(0, 0), (2, 1)}
    assert ticks(ax.get_yticklabels()) == ["0  The Pentagon expres…", "1  Short one."]
    assert all(len(t) <= 23 for t in ticks(ax.get_xticklabels()))
    assert ax.get_ylabel() == "sentences of 2016 piece" and ax.get_xlabel() == "sentences of 2017 piece"
    assert "aligned pair (2)" in ticks(ax.get_legend().get_texts())


@pytest.mark.parametrize(
    "pairs",
    [
        pd.DataFrame({"similarity": [0.7], "index_b": [0], "index_a": [1], "sentence_a": ["x"]}),  # by name
        pd.DataFrame({"i": [1], "j": [0], "sentence": ["x"], "similarity": [0.7]}),  # first two integer columns
    ],
)
def test_alignment_pairs_from_a_frame(pairs):
    ax = plot_alignment(np.eye(2), pairs=pairs)
    assert [(p.get_x() + 0.5, p.get_y() + 0.5) for p in ax.patches] == [(0, 1)]


def test_alignment_near_pairs_are_dashed_and_not_drawn_twice():
    ax = plot_alignment(np.eye(3), pairs=[(0, 0)], near_pairs=[(0, 0), (1, 1), (1, 1)])
    assert len(ax.patches) == 2
    assert ax.patches[0].get_linestyle() == "solid"
    assert ax.patches[1].get_linestyle() != "solid"
    assert ticks(ax.get_legend().get_texts()) == ["aligned pair (1)", "closest pair, not aligned (1)"]


def test_alignment_without_pairs_has_no_legend():
    ax = plot_alignment(np.zeros((2, 2)))
    assert not ax.patches and ax.get_legend() is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"matrix": [1.0, 2.0]}, "matrix must be 2-dimensional"),
        ({"matrix": np.zeros((2, 3)), "row_labels": ["a"]}, "row_labels must have one label per matrix row"),
        ({"matrix": np.zeros((2, 3)), "col_labels": ["a"]}, "col_labels must have one label per matrix col"),
        ({"matrix": np.zeros((2, 2)), "pairs": pd.DataFrame({"x": ["a"]})}, "two integer"),
    ],
)
def test_alignment_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_alignment(**kwargs)


# ---------------------------------------------------------------- similarity matrix


def block_matrix(groups):
    """Articles in ``groups`` groups of 3: similar within a group, unrelated across."""
    labels = np.repeat(np.arange(groups), 3)
    m = np.where(labels[:, None] == labels[None, :], 0.8, 0.05)
    np.fill_diagonal(m, 1.0)
    return m, labels


def test_similarity_matrix_clusters_similar_articles_together():
    m, groups = block_matrix(3)
    shuffle = np.random.default_rng(1).permutation(len(m))
    names = [f"art{i}-g{groups[i]}" for i in shuffle]
    frame = pd.DataFrame(m[np.ix_(shuffle, shuffle)], index=names, columns=names)
    ax = plot_similarity_matrix(frame)
    order = [int(t.split("-g")[1]) for t in ticks(ax.get_yticklabels())]
    # each group is contiguous in the display order
    assert sum(a != b for a, b in zip(order, order[1:])) == 2
    assert ax.images[0].get_array().shape == (9, 9)
    assert len(ax.figure.axes) == 3  # dendrogram, heatmap, colour bar
    assert "similarity" in colorbar_label(ax)
    # the diagonal is masked: self-similarity is not information
    assert np.ma.getmaskarray(ax.images[0].get_array()).diagonal().all()


def test_similarity_matrix_without_clustering_keeps_the_order():
    m, _ = block_matrix(2)
    ax = plot_similarity_matrix(m, labels=list("abcdef"), cluster=False)
    assert ticks(ax.get_yticklabels()) == list("abcdef")
    assert len(ax.figure.axes) == 2  # heatmap and colour bar, no tree


@pytest.mark.parametrize("subset", ["sample", "most_similar"])
def test_similarity_matrix_large_corpus_draws_a_subset(subset):
    rng = np.random.default_rng(0)
    m = rng.random((150, 150))
    m = (m + m.T) / 2
    np.fill_diagonal(m, 1.0)
    ax = plot_similarity_matrix(m, max_articles=20, subset=subset)
    assert ax.images[0].get_array().shape == (20, 20)
    assert "20 of 150 articles" in ax.figure.axes[0].get_title() + ax.get_title()


def test_similarity_matrix_most_similar_keeps_the_close_pair():
    m = np.full((10, 10), 0.1)
    m[3, 7] = m[7, 3] = 0.9
    np.fill_diagonal(m, 1.0)
    ax = plot_similarity_matrix(m, max_articles=2, subset="most_similar", cluster=False)
    assert ticks(ax.get_yticklabels()) == ["3", "7"]


def test_similarity_matrix_sample_is_reproducible():
    m = np.eye(50)
    first = ticks(plot_similarity_matrix(m, max_articles=5, cluster=False).get_yticklabels())
    second = ticks(plot_similarity_matrix(m, max_articles=5, cluster=False).get_yticklabels())
    assert first == second and len(first) == 5


def test_similarity_matrix_two_articles():
    ax = plot_similarity_matrix(np.array([[1.0, 0.3], [0.3, 1.0]]), labels=["a", "b"])
    assert ticks(ax.get_xticklabels()) == ["a", "b"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"matrix": np.zeros((2, 3))}, "matrix must be square"),
        ({"matrix": np.eye(2), "labels": ["a"]}, "labels must have one label per article"),
        ({"matrix": np.eye(2), "subset": "top"}, "subset must be one of 'sample', 'most_similar'"),
        ({"matrix": np.eye(2), "max_articles": 1}, "max_articles must be an integer of at least 2"),
    ],
)
def test_similarity_matrix_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_similarity_matrix(**kwargs)


# ---------------------------------------------------------------- theme matrix


def test_theme_matrix_articles_by_themes_with_labels():
    m = pd.DataFrame({"dispersal": [0.5, 0.0], "leadership": [0.0, 0.2]}, index=["first", "second"])
    ax = plot_theme_matrix(m, themes=THEMES)
    assert ax.images[0].get_array().shape == (2, 2)
    assert ticks(ax.get_xticklabels()) == ["Fighters scattering", "ISIS leadership"]
    assert ticks(ax.get_yticklabels()) == ["first", "second"]
    assert sorted(t.get_text() for t in ax.texts) == ["0.20", "0.50"]  # values written in small maps


def test_theme_matrix_large_keeps_the_most_themed_articles_in_order():
    values = np.zeros((100, 2))
    values[[10, 50, 90], 0] = [0.3, 0.9, 0.5]
    m = pd.DataFrame(values, index=[f"a{i}" for i in range(100)], columns=["dispersal", "leadership"])
    ax = plot_theme_matrix(m, max_articles=3, sort=False)
    assert ticks(ax.get_yticklabels()) == ["a10", "a50", "a90"]
    assert "3 of 100 articles" in ax.get_title()


def test_theme_matrix_groups_rows_by_main_theme():
    m = pd.DataFrame({"dispersal": [0.0, 0.2, 0.0, 0.9, 0.1], "leadership": [0.5, 0.1, 0.0, 0.0, 0.3]},
                     index=["lead", "disp-weak", "none", "disp-strong", "lead-weak"])
    ax = plot_theme_matrix(m)
    assert ticks(ax.get_yticklabels()) == ["disp-strong", "disp-weak", "lead", "lead-weak", "none"]


@pytest.mark.parametrize(("rows", "annotate", "written"), [(5, None, True), (30, None, False), (5, False, False)])
def test_theme_matrix_writes_values_only_in_small_maps(rows, annotate, written):
    m = pd.DataFrame({"dispersal": np.linspace(0.1, 1.0, rows)}, index=[f"a{i}" for i in range(rows)])
    ax = plot_theme_matrix(m, annotate=annotate)
    assert bool(ax.texts) is written


def test_theme_matrix_bad_input():
    with pytest.raises(TypeError, match="theme_matrix must be a DataFrame"):
        plot_theme_matrix(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="max_articles must be a positive integer"):
        plot_theme_matrix(pd.DataFrame({"a": [1.0]}), max_articles=0)


# ---------------------------------------------------------------- properties


@settings(max_examples=15, deadline=None)
@given(st.text(min_size=0, max_size=200), st.integers(min_value=2, max_value=80))
def test_shortened_labels_fit_and_keep_their_start(text, width):
    out = shorten(text, width)
    flat = " ".join(text.split())
    assert len(out) <= width
    assert "\n" not in out
    assert flat.startswith(out.rstrip("…").rstrip()) or out == flat


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=3, max_value=25), st.integers(min_value=0, max_value=10_000))
def test_cluster_order_is_a_permutation(n, seed):
    rng = np.random.default_rng(seed)
    m = rng.random((n, n))
    order, _ = display._cluster_order((m + m.T) / 2)
    assert sorted(order.tolist()) == list(range(n))
    plt.close("all")


# --------------------------------------------------------------------------- tables (issue 14.13)


def left_aligned(page: str) -> set[str]:
    """The selectors a styled table's CSS left-aligns ("td.col0", "th.row_heading.level1", ...)."""
    import re

    return set(re.findall(r"#T_\w+ ((?:td|th)[\w.]*) \{\s*text-align: left;", page))


def evidence_like():
    return pd.DataFrame({
        "article": ["Pentagon 'Worried' ISIS", "Pentagon 'Worried' ISIS", "What's next for ISIS <after> Mosul?"],
        "index": [2, 17, 1],
        "sentence": ["Libyan forces cleared Sirte.", "The battle to retake Mosul.", "Mosul is a major gain."],
        "score": [1.0, 0.99912, 0.5],
        "n": [3, 4, 5],
        "evidence": [["clearing", "Sirte"], ["Mosul"], ["<b>"]],
    }).set_index(["article", "index"])


def test_style_table_left_aligns_text_columns_and_index_numbers_stay_right():
    # Issue 14.13: JupyterLab and the reports right-aligned titles, sentences and evidence.
    page = display.style_table(evidence_like(), precision=3).to_html()
    # columns: sentence (0), score (1), n (2), evidence (3); index levels: article (0), index (1)
    assert left_aligned(page) == {"td.col0", "th.col_heading.col0", "td.col3", "th.col_heading.col3",
                                  "th.row_heading.level0", "th.index_name.level0"}
    assert ">0.999<" in page and ">1.000<" in page and ">4<" in page
    assert "What&#x27;s next for ISIS &lt;after&gt; Mosul?" in page  # the index is escaped
    assert page.count("Pentagon &#x27;Worried&#x27; ISIS") == 1  # each title once (rowspan)
    assert "[clearing, Sirte]" in page and "[&lt;b&gt;]" in page  # a list of words, escaped too


def test_style_table_rounds_cuts_and_limits_rows_as_pandas_options_say():
    frame = pd.DataFrame({"summary": ["word " * 60, "short"], "similarity": [0.123456, np.nan]})
    with pd.option_context("display.precision", 2, "display.max_colwidth", 20, "display.max_rows", 1):
        page = display.style_table(frame).to_html()
    assert ">0.12<" in page and "word word word word…" in page and "short" not in page
    assert "the first 1 of 2 rows × 2 columns" in page
    page = display.style_table(frame, precision=4, max_colwidth=400, max_rows=10).to_html()
    assert ">0.1235<" in page and ">NaN<" in page and "short" in page and "word " * 59 in page
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        display.style_table(frame["summary"])


def test_style_notebook_tables_changes_how_a_notebook_shows_every_dataframe():
    from IPython.core.interactiveshell import InteractiveShell

    with pytest.raises(RuntimeError, match="call it in Jupyter or IPython"):
        display.style_notebook_tables()
    shell = InteractiveShell.instance()
    try:
        frame = evidence_like().reset_index()
        before = shell.display_formatter.format(frame)[0]["text/html"]
        assert 'class="dataframe"' in before and not left_aligned(before)
        display.style_notebook_tables()
        shown = shell.display_formatter.format(frame)[0]["text/html"]
        assert {"td.col0", "td.col2", "td.col5"} <= left_aligned(shown) and "td.col3" not in left_aligned(shown)
        display.style_notebook_tables(enable=False)
        assert shell.display_formatter.format(frame)[0]["text/html"] == before
    finally:
        display.style_notebook_tables(enable=False)
        InteractiveShell.clear_instance()
