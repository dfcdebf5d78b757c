"""benchmarks/bench_theme_examples.py: how it draws a theme file's examples (no figure is checked)."""
from __future__ import annotations

from benchmarks import bench_theme_examples as bench
from benchmarks.bench_themes import IDS


def test_each_theme_gets_n_examples_and_twice_as_many_get_none():
    pool = [(f"{tid} {i}", [tid]) for tid in IDS for i in range(30)] + [(f"none {i}", []) for i in range(100)]
    drawn = bench.draw(pool, 5, seed=0)
    assert len(drawn) == 5 * len(IDS) + 10
    assert all(sum(tid in ids for _, ids in drawn) == 5 for tid in IDS)
    assert sum(not ids for _, ids in drawn) == 10
    assert drawn == bench.draw(pool, 5, seed=0) and drawn != bench.draw(pool, 5, seed=1)
