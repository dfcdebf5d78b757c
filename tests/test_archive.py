"""toolkit.archive: the neighbours, stories and timeline tables of a corpus run (local and Dask)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from toolkit import nearest_neighbours, run_corpus
from toolkit.archive import archive_paths
from toolkit.cli import main

RECORDS = [
    ("m1", "2017-07-10", "Mosul retaken", "Iraqi forces retook Mosul from ISIS fighters after a long siege of the old city."),
    ("m2", "July 12, 2017", "Mosul falls", "After a long siege of the old city, ISIS fighters lost Mosul to Iraqi forces."),
    ("m3", "2017-07-09", "Mosul retaken", "Iraqi forces retook Mosul from ISIS fighters after a long siege of the old city."),
    ("r1", "2017-10-20", "Raqqa", "ISIS fighters scattered into the desert after losing Raqqa to the coalition."),
    ("r2", "2016-13-45", "Raqqa again", "After losing Raqqa, ISIS fighters scattered into the desert and beyond."),
    ("b1", None, "Banks", "Bank shares rallied as quarterly profits beat forecasts in London."),
]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "news.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for rid, date, title, text in RECORDS:
            f.write(json.dumps({"id": rid, "date": date, "title": title, "text": text}) + "\n")
    return path


def read(path) -> pd.DataFrame:
    return pd.read_json(path, lines=True, dtype=False)


def test_corpus_run_writes_neighbours_stories_and_timeline(source, tmp_path):
    out = tmp_path / "out.jsonl"
    run = run_corpus(source, out, neighbours=2, stories=True, timeline="month", progress=False)
    assert set(run.archive_paths) == {"neighbours", "stories", "timeline"}
    nn = read(run.archive_paths["neighbours"])
    assert list(nn.columns) == ["id", "rank", "neighbour_id", "similarity", "near_duplicate"]
    assert nn[nn["id"] == "m1"]["neighbour_id"].tolist()[0] == "m3"
    assert nn[(nn["id"] == "m1") & (nn["neighbour_id"] == "m3")]["near_duplicate"].tolist() == [1]
    assert nn["rank"].max() == 2
    # the same as nearest_neighbours on the same articles
    from toolkit import load_articles

    direct = nearest_neighbours(load_articles(source), n_neighbours=2).to_frame()
    assert nn["neighbour_id"].tolist() == direct["neighbour_id"].tolist()
    stories = read(run.archive_paths["stories"])
    assert stories["ids"].tolist()[0] == ["m1", "m2", "m3"]
    assert stories[["first_date", "last_date"]].iloc[0].tolist() == ["2017-07-09", "2017-07-12"]
    timeline = read(run.archive_paths["timeline"])
    assert timeline["period"].tolist()[-1] == "undated"
    assert timeline["n_articles"].tolist()[-1] == 2  # an impossible date and none
    assert timeline["n_articles"].sum() == len(RECORDS)
    assert timeline.loc[timeline["period"] == "2017-07-01", "territorial_loss"].item() > 0


def test_paths_and_bad_options(tmp_path, source):
    assert archive_paths(tmp_path / "x.csv", stories=True) == {"stories": tmp_path / "x.stories.csv"}
    with pytest.raises(ValueError, match="timeline must be"):
        run_corpus(source, tmp_path / "o.jsonl", timeline="year", progress=False)
    with pytest.raises(ValueError, match="neighbours must be a number"):
        run_corpus(source, tmp_path / "o.jsonl", neighbours=-1, progress=False)


def test_cli_options(source, tmp_path, capsys):
    out = tmp_path / "cli.csv"
    assert main(["corpus", str(source), "-o", str(out), "--neighbours", "3", "--stories", "--timeline", "week",
                 "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "neighbours in" in printed and "stories in" in printed and "timeline in" in printed
    assert (tmp_path / "cli.neighbours.csv").is_file() and (tmp_path / "cli.timeline.csv").is_file()
    assert main(["corpus", str(source), "-o", str(out), "--timeline", "yearly"]) == 2
    assert "invalid choice: 'yearly'" in capsys.readouterr().err


def test_dask_equals_local(source, tmp_path):
    distributed = pytest.importorskip("distributed")
    local = run_corpus(source, tmp_path / "local.jsonl", neighbours=3, stories=True, timeline="week",
                       progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        remote = run_corpus(source, tmp_path / "dask.jsonl", neighbours=3, stories=True, timeline="week",
                            scheduler=cluster.scheduler_address, progress=False)
    for name in ("neighbours", "stories", "timeline"):
        pd.testing.assert_frame_equal(read(remote.archive_paths[name]), read(local.archive_paths[name]))
