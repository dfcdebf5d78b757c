"""The README's figure tables are the benchmarks' recorded results (scripts/readme_figures.py).

A figure in a README table is one a benchmark printed: each benchmark writes
``benchmarks/results/NAME.json`` (benchmarks/_results.py) and ``make readme-figures``
writes the tables from those files.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from benchmarks import _results
from scripts import readme_figures
from scripts.readme_figures import README, RESULTS, TABLES, render

BENCHMARKS = sorted((RESULTS.parent).glob("bench_*.py"))


def test_the_readme_tables_are_those_of_the_results_files() -> None:
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "the README's figure tables differ from benchmarks/results/: run make readme-figures"


def test_every_table_has_one_region_in_the_readme() -> None:
    names = re.findall(r"<!-- figures:([\w-]+) -->", README.read_text(encoding="utf-8"))
    assert sorted(names) == sorted(TABLES)


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.stem)
def test_every_benchmark_records_its_results(path: Path) -> None:
    assert "write_results(" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(RESULTS.glob("*.json")), ids=lambda p: p.stem)
def test_every_results_file_says_which_run_it_comes_from(path: Path) -> None:
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["benchmark"] == path.stem
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
    assert record["figures"]
    # Measured by the benchmark as it is now, or copied by hand from an earlier README and said so.
    assert record["command"].startswith("python -m benchmarks.bench_") or "recorded by hand" in record["recorded"]


@pytest.fixture
def results(tmp_path: Path) -> Path:
    folder = tmp_path / "results"
    shutil.copytree(RESULTS, folder)
    return folder


def test_a_new_figure_in_a_results_file_changes_the_table(results: Path) -> None:
    record = json.loads((results / "themes.json").read_text(encoding="utf-8"))
    record["figures"]["taggers"]["learned (CV)"]["F1"] = 0.8123
    (results / "themes.json").write_text(json.dumps(record), encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    new = render(text, results)
    assert "**0.812**" in new and "**0.812**" not in text
    assert new.count("\n") == text.count("\n")
    assert readme_figures.main(["--check", "--results", str(results)]) == 1


def test_write_results_records_the_run(tmp_path: Path) -> None:
    path = _results.write_results("demo", {"F1": 0.123456789, "nan": float("nan"), "rows": (1, 2)},
                                  packages=("numpy", "no-such-package"), folder=tmp_path)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["figures"] == {"F1": 0.123457, "nan": None, "rows": [1, 2]}
    assert record["versions"]["no-such-package"] is None and record["versions"]["numpy"]
    assert record["benchmark"] == "demo" and record["command"].startswith("python -m ")
    assert record["commit"] is None or re.fullmatch(r"[0-9a-f]{10}( \+ local changes)?", record["commit"])


@pytest.mark.parametrize(("text", "match"), [
    ("<!-- figures:nope -->\n| a |\n<!-- /figures -->\n", r"unknown figure table\(s\) \['nope'\]"),
    ("<!-- figures:themes -->\n| a |\n", "has no '<!-- /figures -->' after it"),
])
def test_a_bad_region_is_a_clear_error(text: str, match: str) -> None:
    with pytest.raises(SystemExit, match=match):
        render(text)


def test_a_missing_results_file_says_which_benchmark_writes_it(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"corpus.json not found: run the benchmark that writes it \(make bench-corpus"):
        render("<!-- figures:corpus -->\n<!-- /figures -->\n", tmp_path)
