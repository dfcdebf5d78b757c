"""Every analysis notebook runs top to bottom and shows real plots."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("render", ROOT / "notebooks" / "render.py")
render = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render)

NOTEBOOKS = render.notebook_paths()


def test_there_are_three_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_plots(path, tmp_path):
    nb = render.execute(path, timeout=600)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "a notebook without a plot"
    # Issue 14.13: tables go through style_table (text left-aligned), not pandas' all-right-aligned HTML
    tables = [o["data"]["text/html"] for o in outputs if "<table" in o.get("data", {}).get("text/html", "")]
    assert tables and not [t for t in tables if 'class="dataframe"' in t]
    html = render.to_html(nb, tmp_path / "report.html")
    assert html.stat().st_size > 10_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_notebook_is_small_and_clean(path):
    """Notebooks in git carry no outputs: the reports are made by `make demo`."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    assert path.stat().st_size < 200_000
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_make_demo_prints_no_kernel_transport_warning(tmp_path):
    # Issue 14.12: `make demo` printed "Kernel is running over TCP without encryption" per notebook.
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "notebooks" / "render.py"), "--out", str(tmp_path),
                           str(NOTEBOOKS[0])], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "without encryption" not in done.stderr and "wrote" in done.stdout


def test_a_corpus_report_is_named_after_its_corpus():
    # Issue 14.13: a run on the user's corpus overwrote the demo's 03_corpus.html.
    corpus = ROOT / "notebooks" / "03_corpus.ipynb"
    assert render.report_name(corpus, {}) == "03_corpus.html"
    assert render.report_name(corpus, {"TOOLKIT_CORPUS": "/data/bbc_news.jsonl"}) == "03_corpus-bbc_news.html"
    assert render.report_name(corpus, {"TOOLKIT_CORPUS": "/data/my folder/"}) == "03_corpus-my folder.html"
    assert render.report_name(ROOT / "notebooks" / "01_summaries.ipynb", {"TOOLKIT_CORPUS": "x.csv"}) == "01_summaries.html"


def test_the_comparison_notebook_describes_the_seeds_as_the_similarity_scale_does():
    # The notebook called the seeds "the same story a year apart" while their similarity
    # (0.18) reads "same broad subject" on the project's own scale.
    import nbformat

    from toolkit import compare, describe_similarity, load_articles

    intro = nbformat.read(ROOT / "notebooks" / "02_theme_comparison.ipynb", as_version=4).cells[0].source
    band = describe_similarity(compare(*load_articles(ROOT / "seeds")).similarity)
    assert band == "same broad subject" and "the same broad subject" in " ".join(intro.split())
    assert "same story a year apart" not in " ".join(intro.split())


def test_the_corpus_notebook_keeps_the_first_article_of_a_repeated_id(tmp_path):
    # A JSONL whose id column repeats ids made nearest_neighbours raise "article ids must be unique".
    lines = (ROOT / "corpus" / "isis_open_news.jsonl").read_text(encoding="utf-8").splitlines()
    corpus = tmp_path / "dups.jsonl"
    corpus.write_text("\n".join(lines[:30] + lines[:3]) + "\n", encoding="utf-8")
    nb = render.execute(ROOT / "notebooks" / "03_corpus.ipynb", timeout=600, env={"TOOLKIT_CORPUS": str(corpus)})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    said = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"30 articles from {corpus} (3 dropped: their id repeats an earlier article's)" in said


def test_a_failed_notebook_is_reported_without_colour_codes(tmp_path, capsys, monkeypatch):
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    monkeypatch.setenv("TOOLKIT_CORPUS", str(tmp_path / "bad.jsonl"))
    assert render.main(["--out", str(tmp_path), str(ROOT / "notebooks" / "03_corpus.ipynb")]) == 1
    err = capsys.readouterr().err
    assert "FAILED 03_corpus.ipynb: CellExecutionError: ArticleError: no article could be loaded" in err
    assert "\x1b[" not in err


def test_a_relative_corpus_path_of_undated_articles_runs_and_says_there_is_no_timeline(tmp_path, monkeypatch):
    # The notebook runs in notebooks/: TOOLKIT_CORPUS=mycorpus from the project folder was not found
    # there. And a corpus without dates drew an empty 'Themes over time' plot and table.
    folder = tmp_path / "mycorpus"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(f"ISIS fighters fled Raqqa, report {i}. They found new havens in Libya.\n",
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOOLKIT_CORPUS", "mycorpus")
    assert render.resolve_paths() == {"TOOLKIT_CORPUS": str(folder.resolve())}
    assert render.main(["--out", str(tmp_path / "reports"), str(ROOT / "notebooks" / "03_corpus.ipynb")]) == 0
    page = (tmp_path / "reports" / "03_corpus-mycorpus.html").read_text(encoding="utf-8")
    assert "No article has a date: no timeline (4 of 4 articles undated)." in page
    assert "undated" in page.split("No article has a date")[-1]


def test_a_missing_corpus_path_stops_the_run_with_one_line_naming_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOOLKIT_CORPUS", "mycorpus")
    assert render.main(["--out", str(tmp_path / "reports"), str(ROOT / "notebooks" / "03_corpus.ipynb")]) == 1
    err = capsys.readouterr().err
    resolved = (tmp_path / "mycorpus").resolve()
    assert err == f"TOOLKIT_CORPUS: no such file or folder: 'mycorpus' (resolved: {resolved})\n"
    assert not (tmp_path / "reports").exists()
