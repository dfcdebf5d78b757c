"""benchmarks/bench_compare_many.py: its pieces on a tiny corpus (no timing is checked)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from benchmarks import bench_compare_many as bench
from scripts import readme_figures
from toolkit import compare_many

TEXTS = ["ISIS fighters fled Mosul after the siege. Many crossed into Syria.",
         "The fighters fled Mosul and crossed into Syria after the long siege.",
         "Whisk the eggs with sugar. Fold in the flour.",
         "Bake the cake for forty minutes. Let it cool."]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "article": t}) + "\n" for i, t in enumerate(TEXTS)),
                    encoding="utf-8")
    return path


def _has_baseline() -> bool:
    try:
        bench._git("rev-parse", "--verify", f"{bench.BASELINE}^{{commit}}")
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def test_top_pairs_are_those_of_most_similar() -> None:
    cc = compare_many(TEXTS)
    expected = cc.most_similar(n=4)[["index_a", "index_b"]].to_numpy().tolist()
    assert [list(p) for p in bench.top_pairs(cc.similarities, 4)] == expected
    assert len(bench.top_pairs(cc.similarities, 100)) == 6  # every pair, no more


def _arrays(S: np.ndarray, W: np.ndarray, ids: list[str]) -> dict:
    return {"similarities": S, "theme_weights": W, "theme_ids": np.array(ids), "n_sentences": np.full(len(S), 2)}


def test_agreement_of_equal_and_of_different_results() -> None:
    cc = compare_many(TEXTS)
    ids = [t.id for t in cc.themes]
    now = _arrays(cc.similarities, cc.theme_weights, ids)
    same = bench.agreement(now, now)
    assert same["similarity_max_abs_diff"] == 0 and same["top_pairs_same_order"] and same["nearest_same"] == 1
    assert same["theme_matrix_equal"] and same["articles_same_themes_present"] == 1

    S = cc.similarities.copy()
    S[2, 3] = S[3, 2] = 0.999  # the cake pair becomes the most similar
    W = cc.theme_weights.copy()
    W[2, 0] = 0.5  # a theme where there was none, in one article
    then = _arrays(S, W[:, 1:], ids[1:])  # and one theme fewer
    diff = bench.agreement(now, then)
    assert not diff["top_pairs_same_order"] and diff["similarity_max_abs_diff"] > 0.5
    assert diff["themes_only_today"] == [ids[0]] and diff["themes_in_common"] == len(ids) - 1
    assert not diff["theme_matrix_equal"]


def test_the_two_codes_run_in_their_own_processes(data: Path, tmp_path: Path) -> None:
    if not _has_baseline():
        pytest.skip(f"{bench.BASELINE} is not in this checkout's history")
    speed = bench.compare_speed(data, 4, 1, bench.BASELINE, tmp_path / "run")
    runs = speed["runs"]
    assert runs["today"][0]["toolkit"] == str(bench.ROOT / "toolkit")
    assert runs["baseline"][0]["toolkit"].startswith(str(tmp_path / "run" / "baseline"))
    assert speed["articles"] == 4 and speed["baseline_commit"] != bench._git("rev-parse", "HEAD").strip()
    assert speed["agreement"]["top_pairs"] == 6 and speed["cpu_ratio"] > 0
    # The README's figure block from such a record (scripts/readme_figures.py).
    large = {"articles": 6, "compare_many": {"error": "ValueError: ... use nearest_neighbours(articles)",
                                             "names_nearest_neighbours": True, "seconds": 0.1},
             "nearest_neighbours": {"method": "exact", "cpu": 1.25, "seconds": 1.5, "peak_mb": 300.0}}
    table = "\n".join(readme_figures.compare_many({"commit": "abc", "figures": {"compare_many": speed,
                                                                                "large": large}}))
    assert f"`{bench.BASELINE}` = {speed['baseline_commit'][:10]}" in table and "this code (abc)" in table
    assert "refuses in 0.10 s, naming `nearest_neighbours`" in table and "**1.2 s** of CPU" in table


def test_a_worker_refuses_to_measure_other_code_than_asked(data: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="not from"):
        bench.run_worker(tmp_path, data, 2, tmp_path / "out.npz")  # tmp_path holds no toolkit


def test_large_corpus_pieces(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit import comparison

    monkeypatch.setattr(comparison, "_MAX_MATRIX_ARTICLES", 5)
    refused = bench.large(data, 6, "compare_many")
    assert refused["error"].startswith("ValueError") and refused["names_nearest_neighbours"]
    assert bench.large(data, 5, "compare_many")["shape"] == [5, 5]
    nn = bench.large(data, 6, "neighbours")
    assert nn["method"] == "exact" and nn["n"] == 6 and nn["most_similar_pairs"] > 0
    with pytest.raises(ValueError, match="task must be"):
        bench.large(data, 6, "nope")
