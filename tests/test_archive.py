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


def _counted(monkeypatch, name: str) -> list:
    """Every ``distributed.NAME`` made from now on (the toolkit imports it when it needs it)."""
    import distributed

    made: list = []
    base = getattr(distributed, name)

    class Counted(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(distributed, name, Counted)
    return made


_TABLES = ("neighbours", "stories", "timeline")


def _same_tables(remote, local) -> None:
    for name in _TABLES:
        pd.testing.assert_frame_equal(read(remote.archive_paths[name]), read(local.archive_paths[name]))
    pd.testing.assert_frame_equal(read(remote.pairs_path), read(local.pairs_path))
    pd.testing.assert_frame_equal(read(remote.output), read(local.output))


def test_dask_equals_local(source, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    local = run_corpus(source, tmp_path / "local.jsonl", neighbours=3, stories=True, timeline="week",
                       most_similar=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        clients = _counted(monkeypatch, "Client")
        remote = run_corpus(source, tmp_path / "dask.jsonl", neighbours=3, stories=True, timeline="week",
                            most_similar=2, scheduler=cluster.scheduler_address, progress=False)
        # One connection for the chunks and the neighbour search, closed at the end.
        assert len(clients) == 1 and clients[0].status == "closed"
    _same_tables(remote, local)


def test_a_local_dask_run_starts_one_cluster_for_the_chunks_and_the_neighbour_search(source, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    local = run_corpus(source, tmp_path / "local.jsonl", neighbours=3, stories=True, timeline="week",
                       most_similar=2, progress=False)
    clusters = _counted(monkeypatch, "LocalCluster")
    searched_on = []
    from toolkit import neighbours as neighbours_module

    real = neighbours_module._search_dask

    def search(client, *args):  # the search ran on Dask, on the run's own cluster
        searched_on.append(client.scheduler.address)
        return real(client, *args)

    monkeypatch.setattr(neighbours_module, "_search_dask", search)
    remote = run_corpus(source, tmp_path / "dask.jsonl", neighbours=3, stories=True, timeline="week",
                        most_similar=2, scheduler="local", n_jobs=2, progress=False)
    assert len(clusters) == 1 and clusters[0].status.name == "closed"
    assert len(searched_on) == 2  # the pairs, then the neighbours and stories
    assert set(searched_on) == {clusters[0].scheduler_address}
    _same_tables(remote, local)
