"""toolkit.timelines: parse_dates and theme_timeline."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit import Article, parse_dates, theme_timeline


@pytest.mark.parametrize("raw, expected", [
    ("2016-10-17", "2016-10-17 00:00"),
    ("17 October 2016", "2016-10-17 00:00"),
    ("Oct. 17, 2016", "2016-10-17 00:00"),
    ("2016-10-17T09:00:00Z", "2016-10-17 09:00"),
    ("2016-10-17T23:30:00-05:00", "2016-10-18 04:30"),  # to UTC: the next day
    ("October 17, 2016 5:30 PM EDT", "2016-10-17 17:30"),  # zone names it cannot read: dropped
    ("2016-13-45", None),  # impossible
    ("Updated 5:32 PM ET", None),  # no year: not today's date
    ("", None),
    (None, None),
    (float("nan"), None),
    ("not a date 2016", None),
])
def test_parse_dates(raw, expected):
    got = parse_dates([raw]).iloc[0]
    if expected is None:
        assert pd.isna(got)
    else:
        assert got.strftime("%Y-%m-%d %H:%M") == expected and str(got.tz) == "UTC"


def test_parse_dates_keeps_the_index_and_refuses_a_str():
    s = parse_dates(pd.Series(["2016-01-01", "x"], index=[5, 7]))
    assert s.index.tolist() == [5, 7] and str(s.dtype) == "datetime64[ns, UTC]"
    with pytest.raises(TypeError, match="not a single str"):
        parse_dates("2016-01-01")


def table() -> pd.DataFrame:
    return pd.DataFrame({
        "date": ["2016-01-04", "2016-01-06T10:00:00+01:00", "2016-01-20", "2016-13-45", None, "2016-02-02"],
        "source": ["a", "b", "a", "a", "b", "b"],
        "loss": [0.5, 0.0, 0.2, 0.9, 0.3, 0.0],
        "dispersal": [0.0, 0.25, 0.0, 0.0, 0.1, 1.0],
    })


def test_weekly_shares_with_gaps_and_undated_counted():
    tl = theme_timeline(table(), themes=["loss", "dispersal"])
    assert tl.n_articles == 6 and tl.n_undated == 2
    frame = tl.to_frame()
    assert frame.index.tolist() == ["2016-01-04", "2016-01-11", "2016-01-18", "2016-01-25", "2016-02-01", "undated"]
    assert frame["n_articles"].tolist() == [2, 0, 1, 0, 1, 2]
    assert frame["loss"].tolist() == [0.5, 0.0, 1.0, 0.0, 0.0, 1.0]
    assert frame["dispersal"].tolist() == [0.5, 0.0, 0.0, 0.0, 1.0, 0.5]
    assert "2 undated" in repr(tl) and "no usable date" in tl._repr_html_()


def test_mean_measure_by_month_and_by_source():
    tl = theme_timeline(table(), themes=["loss", "dispersal"], freq="month", measure="mean")
    assert tl.to_frame().loc["2016-01-01", "loss"] == pytest.approx((0.5 + 0.0 + 0.2) / 3)
    by = theme_timeline(table(), themes=["loss"], by="source", freq="month")
    assert by.counts.to_dict() == {("a", pd.Timestamp("2016-01-01")): 2, ("b", pd.Timestamp("2016-01-01")): 1,
                                   ("b", pd.Timestamp("2016-02-01")): 1}


def test_from_articles_uses_their_dates_and_the_theme_tagger():
    arts = [Article(text="ISIS fighters scattered into the desert after losing Raqqa.", date="2017-10-20"),
            Article(text="The fighters dispersed to other countries.", date="20 October 2017"),
            Article(text="Iraqi forces retook Mosul.", date=None)]
    tl = theme_timeline(arts, freq="day")
    assert tl.n_undated == 1 and tl.counts.tolist() == [2]
    assert tl.shares.loc[pd.Timestamp("2017-10-20"), "dispersal"] > 0


def test_all_undated_gives_an_empty_timeline_and_an_undated_row_as_the_cli_writes():
    tl = theme_timeline(pd.DataFrame({"date": ["soon", None], "loss": [1.0, 0.0]}), themes=["loss"], freq="month")
    assert tl.n_undated == 2 and tl.shares.empty
    assert tl.to_frame().reset_index().to_dict("records") == [{"period": "undated", "n_articles": 2, "loss": 0.5}]


def test_undated_articles_are_a_row_per_group_with_by():
    frame = theme_timeline(table(), themes=["loss"], by="source", freq="month").to_frame()
    assert frame.loc[("a", "undated"), "n_articles"] == 1 and frame.loc[("b", "undated"), "n_articles"] == 1


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(freq="year"), ValueError, "freq must be one of"),
    (dict(measure="max"), ValueError, "measure must be one of"),
    (dict(date_column="when"), ValueError, "date_column 'when' is not a column"),
    (dict(themes=["nope"]), ValueError, r"theme columns \['nope'\] are not in the table"),
    (dict(by="outlet"), ValueError, "by 'outlet' is not a column"),
])
def test_bad_options_are_clear_errors(kwargs, error, match):
    kwargs.setdefault("themes", ["loss"])
    with pytest.raises(error, match=match):
        theme_timeline(table(), **kwargs)


def test_bad_data_is_a_clear_error():
    with pytest.raises(TypeError, match="DataFrame or a list of articles"):
        theme_timeline("2016-01-01")
    with pytest.raises(ValueError, match="not in the table"):
        theme_timeline(pd.DataFrame({"date": ["2016-01-01"]}))


def test_plot(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    from toolkit.display import plot_theme_timeline

    ax = plot_theme_timeline(theme_timeline(table(), themes=["loss", "dispersal"]))
    assert "2 of 6 articles undated" in ax.get_title()
    assert len(ax.get_lines()) == 2
    assert np.isfinite(ax.get_ylim()).all()
