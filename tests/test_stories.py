"""toolkit.stories: find_stories on corpora where the stories are obvious."""
from __future__ import annotations

import pandas as pd
import pytest

from toolkit import Article, find_stories, nearest_neighbours

MOSUL = ["Iraqi forces retook Mosul from ISIS fighters after a long siege of the old city.",
         "After a long siege of the old city, ISIS fighters lost Mosul to Iraqi forces.",
         "Iraqi forces retook Mosul from ISIS fighters after a long siege of the old city."]  # a copy
BANKS = ["Bank shares rallied as quarterly profits beat forecasts.",
         "Quarterly bank profits beat forecasts in London and shares rallied."]
ALONE = "A recipe: whisk the eggs with sugar and butter."


def corpus() -> list[Article]:
    dates = ["2017-07-10", "July 12, 2017", "2017-07-09", "2016-01-04", None]
    texts = MOSUL + BANKS
    arts = [Article(text=t, id=f"a{i}", date=d) for i, (t, d) in enumerate(zip(texts, dates))]
    return arts + [Article(text=ALONE, id="alone", date="2016-13-45")]


def test_obvious_stories_with_size_span_label_and_summary():
    st = find_stories(corpus())
    assert repr(st) == "Stories(2 stories, 5 of 6 articles)"
    assert st.n_alone == 1
    mosul, banks = st
    assert mosul.ids == ("a0", "a1", "a2") and banks.ids == ("a3", "a4")
    assert mosul.n_near_duplicates == 1  # a0 and a2 are the same text
    assert mosul.first_date == pd.Timestamp("2017-07-09", tz="UTC")
    assert mosul.last_date == pd.Timestamp("2017-07-12", tz="UTC")
    assert banks.n_undated == 1 and banks.first_date == banks.last_date == pd.Timestamp("2016-01-04", tz="UTC")
    words = set(" ".join(MOSUL).lower().replace(",", "").replace(".", "").split())
    assert len(mosul.label.split(", ")) == 4 and set(mosul.label.split(", ")) <= words
    assert set(banks.label.split(", ")) <= set(" ".join(BANKS).lower().replace(".", "").split())
    assert mosul.representative in mosul.ids and mosul.summary in MOSUL
    frame = st.to_frame()
    assert frame["size"].tolist() == [3, 2]
    assert list(frame.columns)[:3] == ["story", "size", "first_date"]
    assert st.articles()["story"].tolist() == [1, 1, 1, 2, 2]
    assert "<table" in st._repr_html_() and "Story(1:" in repr(mosul)
    assert "text-align: left" in st._repr_html_()  # labels and summaries read from the left (issue 14.13)


def test_reuses_given_neighbours_and_checks_them():
    arts = corpus()
    nn = nearest_neighbours(arts)
    assert find_stories(arts, neighbours=nn).to_frame().equals(find_stories(arts).to_frame())
    with pytest.raises(ValueError, match="neighbours lists 6 articles, not the 2 given"):
        find_stories(arts[:2], neighbours=nn)


def test_threshold_one_keeps_only_copies():
    st = find_stories(corpus(), threshold=1.0)
    assert [s.ids for s in st] == [("a0", "a2")]


@pytest.mark.parametrize("texts, n_stories", [
    ([], 0),
    (["One article only."], 0),
    (["Same words here."] * 4, 1),
    (["", "..."], 1),  # no content words: each other's only neighbours
])
def test_degenerate_corpora(texts, n_stories):
    st = find_stories(texts)
    assert len(st) == n_stories
    assert st.n_alone == len(texts) - sum(s.size for s in st)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(articles="text"), TypeError, "list of articles"),
    (dict(threshold=0), ValueError, "threshold must be a similarity"),
    (dict(min_size=1), ValueError, "min_size must be an integer >= 2"),
    (dict(dates=["2016-01-01"]), ValueError, "one date per article"),
])
def test_bad_input_is_a_clear_error(kwargs, error, match):
    articles = kwargs.pop("articles", MOSUL)
    with pytest.raises(error, match=match):
        find_stories(articles, **kwargs)
