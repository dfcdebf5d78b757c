"""Bylines, date lines and datelines (``loading._metadata``), through :func:`toolkit.load_article`."""
from __future__ import annotations

import pytest

from toolkit import load_article

from _loading_data import BODY

HEADLINE = "Bridge repairs will take longer than planned"


@pytest.mark.parametrize("line, who, date", [
    ("By Jane Doe, Reuters", "Jane Doe, Reuters", None),
    ("BY JOHN SMITH", "JOHN SMITH", None),
    ("By Jane Doe and John Smith, CNN | Updated 1:15 PM ET", "Jane Doe and John Smith, CNN", "Updated 1:15 PM ET"),
    ("By the time we arrived, they had gone.", None, None),
    ("By Monday ISIS had fled the city", None, None),
])
def test_bylines(line, who, date):
    a = load_article(f"{HEADLINE}\n\n{line}\n\n{BODY}")
    assert (a.byline, a.date_text) == (who, date)
    if who:
        assert line not in a.text


@pytest.mark.parametrize("line, is_date", [
    ("Updated 5:32 PM ET", True),
    ("Published 12 July 2017", True),
    ("July 12, 2017", True),
    ("Wed 8 Mar 2023 09.15 GMT", True),
    ("2017-07-12T09:00:00Z", True),
    ("Posted on 3 May 2019 by admin", True),
    ("3 hours ago", True),
    ("Published 12 July 2017 | 3 min read", True),
    ("The vote is on July 12, 2017", False),
    ("Mosul falls on May 5", False),
])
def test_date_lines(line, is_date):
    a = load_article(f"{HEADLINE}\n\n{line}\n\n{BODY}")
    assert a.date_text == (line if is_date else None)
    if is_date:
        assert line not in a.text and a.subtitle is None


@pytest.mark.parametrize("paragraph, dateline, rest", [
    ("ARLINGTON, Va. — The Pentagon said it was worried.", "ARLINGTON, Va.", "The Pentagon said it was worried."),
    ("WASHINGTON — The Senate voted on Tuesday.", "WASHINGTON", "The Senate voted on Tuesday."),
    ("LONDON, July 12 (Reuters) - Shares fell sharply today.", "LONDON, July 12 (Reuters)",
     "Shares fell sharply today."),
    ("NEW YORK (AP) -- A fire broke out downtown.", "NEW YORK (AP)", "A fire broke out downtown."),
    ("(CNN) -- A fire broke out downtown.", "(CNN)", "A fire broke out downtown."),
    ("Mosul, Iraq (CNN) — Troops entered the city.", "Mosul, Iraq (CNN)", "Troops entered the city."),
    ("ISIS — the group that held Mosul — is scattered.", None, "ISIS — the group that held Mosul — is scattered."),
    ("Officials said — in a statement — that it was over.", None,
     "Officials said — in a statement — that it was over."),
])
def test_datelines(paragraph, dateline, rest):
    a = load_article(f"{HEADLINE}\n\n{paragraph}")
    assert (a.dateline, a.text) == (dateline, rest)


def test_the_readme_snippet_says_the_dates_the_seeds_give():
    # The README's snippet showed a.date as "2017-07-12" for a seed that has no date.
    from _loading_data import ROOT, SEED_000

    article = load_article(SEED_000)
    (line,) = [x for x in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
               if x.startswith("a.date, a.date_text")]
    assert (article.date, article.date_text) == (None, None) and "# None, None: the seeds carry no date" in line
