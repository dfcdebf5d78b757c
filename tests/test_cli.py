"""The newskit command line: each subcommand, its outputs, exit codes and messages."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit import compare, load_article, summarize, tag_themes
from toolkit.cli import build_parser, main

from _corpus_data import write_bad_folder, write_bad_jsonl, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_A = SEEDS / "000_95ca8ba006298f6c.txt"
SEED_B = SEEDS / "002_1210b5e7193b114a.txt"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- summarize


def test_summarize_prints_each_title_and_its_summary(capsys):
    code, out, err = run(capsys, "summarize", SEEDS)
    assert code == 0 and err == ""
    for path in (SEED_A, SEED_B):
        article = load_article(path)
        assert article.title in out
        flat = " ".join(out.split())
        for sentence in summarize(article).sentences:
            assert " ".join(sentence.split()) in flat
    assert out.index(load_article(SEED_A).title) < out.index(load_article(SEED_B).title)


def test_summarize_length_options_reach_the_summarizer(capsys):
    code, out, _ = run(capsys, "summarize", SEED_A, "--n-sentences", "2", "--format", "jsonl")
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines()]
    expected = summarize(load_article(SEED_A), n_sentences=2)
    assert record["summary_indices"] == list(expected.indices)
    assert record["summary"] == " ".join(expected.sentences)
    assert record["title"] == load_article(SEED_A).title


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_summarize_writes_a_table(tmp_path, capsys, suffix):
    out = tmp_path / f"summaries{suffix}"
    code, stdout, _ = run(capsys, "summarize", SEEDS, "--output", out)
    assert code == 0 and stdout == f"wrote 2 rows to {out}\n"
    frame = {".jsonl": lambda p: pd.read_json(p, lines=True), ".csv": pd.read_csv,
             ".parquet": pd.read_parquet}[suffix](out)
    assert frame["id"].tolist() == [SEED_A.stem, SEED_B.stem]
    assert list(frame.columns) == ["id", "source", "title", "n_sentences", "summary", "summary_indices"]


def test_summarize_writes_text_to_a_file_only_when_complete(tmp_path, capsys, monkeypatch):
    out = tmp_path / "summaries.txt"
    code, stdout, _ = run(capsys, "summarize", SEEDS, "--output", out)
    assert code == 0 and stdout == ""
    assert load_article(SEED_B).title in out.read_text(encoding="utf-8")

    import toolkit.summarizing

    calls = []

    def interrupted(*args, **kwargs):  # Ctrl-C while the second article is summarized
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return summarize(*args, **kwargs)

    monkeypatch.setattr(toolkit.summarizing, "summarize", interrupted)
    partial = tmp_path / "partial.txt"
    code, _, err = run(capsys, "summarize", SEEDS, "--output", partial)
    assert code == 130 and "interrupted" in err
    assert list(tmp_path.iterdir()) == [out]  # neither the file nor a temporary one


def test_summarize_reads_table_columns(tmp_path, capsys):
    src = tmp_path / "news.jsonl"
    ids = write_jsonl(src, 3)
    code, out, _ = run(capsys, "summarize", src, "--text-column", "body", "--title-column", "title",
                       "--format", "csv")
    assert code == 0
    frame = pd.read_csv(__import__("io").StringIO(out))
    assert frame["id"].tolist() == ids
    assert frame["title"].str.startswith("Dispatch number").all()


def test_summarize_reports_bad_items_on_stderr_and_exits_1(tmp_path, capsys):
    good, bad = write_bad_folder(tmp_path / "mixed")
    code, out, err = run(capsys, "summarize", tmp_path / "mixed", "--format", "jsonl")
    assert code == 1
    assert sorted(json.loads(line)["id"] for line in out.splitlines()) == sorted(good)
    for name in bad:
        assert f"{name}.txt" in err


def test_a_file_over_the_size_limit_is_skipped_and_max_mb_reads_it(tmp_path, capsys):
    """The message for a too-large file names the option that reads it, and the option works
    for single commands and for corpus runs (where the limit is not an option a resume must
    repeat)."""
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    shutil.copy(SEED_A, big)  # about 5 KB; a limit of 0.001 MiB (1 KiB) refuses it
    small.write_text("Iraqi forces retook the town of Hit from Islamic State on Sunday. "
                     "The militants fled north toward the Syrian border, officials said.\n", encoding="utf-8")
    code, out, err = run(capsys, "summarize", big, small, "--max-mb", "0.001")
    assert code == 1 and "big.txt" in err and "--max-mb" in err
    assert "retook the town of Hit" in out  # the file within the limit is still summarized
    code, out, err = run(capsys, "summarize", big, "--max-mb", "0", "-n", "1")
    assert code == 0 and out.strip() and "big.txt" not in err
    code, _, err = run(capsys, "summarize", big, "--max-mb", "lots")
    assert code == 2 and "--max-mb" in err and "'lots'" in err
    out_path = tmp_path / "out" / "run.jsonl"
    code, stdout, _ = run(capsys, "corpus", big, small, "-o", out_path, "--max-mb", "0.001", "-n", "1")
    assert code == 1 and stdout.splitlines()[-1] == "2 items: 1 written, 1 failed"
    errors = (tmp_path / "out" / "run.jsonl.errors.jsonl").read_text()
    assert "max_bytes" in errors and "--max-mb" in errors
    code, stdout, _ = run(capsys, "corpus", big, small, "-o", out_path, "-n", "1")  # the default limit: resumed
    assert code == 0 and "1 kept from an earlier run" in stdout
    assert stdout.splitlines()[-1] == "2 items: 2 written, 0 failed"


def test_library_warnings_become_one_line_notes(tmp_path, capsys):
    import warnings

    odd = tmp_path / "odd.txt"
    odd.write_text("It is what it is\n\nAnd so it was. It is. They were there.", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, out, err = run(capsys, "summarize", odd)
    assert code == 0 and caught == []
    assert err.startswith(f"newskit: {odd}: ") and "Warning" not in err and len(err.splitlines()) == 1


def test_a_closed_pipe_is_not_an_error():
    proc = subprocess.run(f'"{sys.executable}" -m toolkit summarize seeds/ | head -n 1', shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == load_article(SEED_A).title
    assert proc.stderr == ""


# --------------------------------------------------------------------------- compare


def test_compare_prints_similarity_theme_table_and_plain_summary(capsys):
    code, out, err = run(capsys, "compare", SEED_A, SEED_B)
    assert code == 0 and err == ""
    c = compare(load_article(SEED_A), load_article(SEED_B))
    assert f"Similarity: {c.similarity:.2f}, same broad subject" in out  # 0.18: the scale's words
    for theme in c.themes:
        assert theme.id in out
    flat = " ".join(out.split())
    for line in c.summary().splitlines():
        assert " ".join(line.split()) in flat
    assert "A: " + load_article(SEED_A).title in flat


def test_compare_writes_the_comparison_table(tmp_path, capsys):
    out = tmp_path / "cmp.csv"
    code, _, _ = run(capsys, "compare", SEED_A, SEED_B, "--output", out)
    assert code == 0
    frame = pd.read_csv(out)
    expected = compare(load_article(SEED_A), load_article(SEED_B)).to_frame()
    assert frame["theme"].tolist() == expected.index.tolist()
    assert frame["share_a"].tolist() == pytest.approx(expected["share_a"].tolist())


def test_compare_three_articles_prints_the_matrices(tmp_path, capsys):
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 3)
    code, out, _ = run(capsys, "compare", src, SEED_A, "--top", "2")
    assert code == 0
    assert "Similarity (0 to 1)" in out and "Most similar pairs" in out and "Themes: share" in out
    assert "[3]" in out


def test_compare_needs_two_articles(capsys):
    code, _, err = run(capsys, "compare", SEED_A)
    assert code == 2 and "need at least two readable articles" in err


# --------------------------------------------------------------------------- themes


def test_themes_prints_tagged_sentences_with_their_theme_ids(capsys):
    code, out, err = run(capsys, "themes", SEED_B)
    assert code == 0 and err == ""
    tags = tag_themes(load_article(SEED_B))
    tagged = tags[tags["themes"].map(bool)]
    assert f"{len(tagged)} of {len(tags)} sentences carry a theme" in out
    for i, row in tagged.iterrows():
        assert f"[{i}] {', '.join(row['themes'])}" in out
    untagged = tags.index[~tags["themes"].map(bool)]
    if len(untagged):
        assert f"[{untagged[0]}] " not in out
        _, every, _ = run(capsys, "themes", SEED_B, "--all")
        assert f"[{untagged[0]}] -" in every


def test_themes_writes_one_row_per_sentence(tmp_path, capsys):
    out = tmp_path / "tags.parquet"
    code, _, _ = run(capsys, "themes", SEEDS, "--output", out)
    assert code == 0
    frame = pd.read_parquet(out)
    n = len(tag_themes(load_article(SEED_A))) + len(tag_themes(load_article(SEED_B)))
    assert len(frame) == n
    assert {"id", "sentence", "themes", "dispersal"} <= set(frame.columns)


def test_themes_takes_a_theme_file(tmp_path, capsys):
    themes = tmp_path / "weather.toml"
    themes.write_text('[[theme]]\nid = "weather"\nlabel = "Weather"\ndescription = "Rain."\n'
                      'terms = ["rain", "storm"]\n', encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("Storm warning\n\nA storm hit the coast. Prices rose.", encoding="utf-8")
    code, out, _ = run(capsys, "themes", text, "--themes", themes)
    assert code == 0 and "[0] weather" in out and "dispersal" not in out


@pytest.mark.parametrize("command", ["themes", "compare"])
def test_a_library_warning_is_a_one_line_note(tmp_path, capsys, command):
    # An edited copy of themes.toml printed ".../theme_model.py:779: UserWarning: ..." and the source line.
    text = (ROOT / "toolkit" / "data" / "themes.toml").read_text(encoding="utf-8")
    at = text.index("terms = [", text.index("\n[[theme]]\n"))
    edited = tmp_path / "edited.toml"
    edited.write_text(text[:at] + 'terms = [\n    "caravan",' + text[at + len("terms = ["):], encoding="utf-8")
    code, _, err = run(capsys, command, SEED_A, *([SEED_B] if command == "compare" else []), "--themes", edited)
    assert code == 0
    assert err == ("newskit: note: the theme model was built for other evidence words than this theme file's; it is "
                   "used with this file's words. For a model of your own, fit a ThemeTagger on labelled sentences "
                   "(or add [[example]] tables and drop 'model' from the theme file)\n")


# --------------------------------------------------------------------------- corpus


def test_corpus_writes_output_and_errors_and_exits_1_on_bad_items(tmp_path, capsys):
    src = tmp_path / "news.jsonl"
    good, bad = write_bad_jsonl(src)
    out = tmp_path / "out" / "news.parquet"
    code, stdout, err = run(capsys, "corpus", src, "--output", out, "--chunk-size", "2", "-n", "2")
    assert code == 1
    assert sorted(pd.read_parquet(out)["id"]) == sorted(good)
    errors = [json.loads(line) for line in (tmp_path / "out" / "news.parquet.errors.jsonl").read_text().splitlines()]
    assert sorted(e["id"] for e in errors) == sorted(bad)
    n = len(good) + len(bad)
    assert stdout.splitlines()[-1] == f"{n} items: {len(good)} written, {len(bad)} failed"
    assert f"{len(bad)} items failed" in err and "news.parquet.errors.jsonl" in err
    # a rerun does not recompute the finished articles
    code, stdout, _ = run(capsys, "corpus", src, "--output", out, "--chunk-size", "2", "-n", "2")
    assert code == 1 and f"0 analysed now, {len(good)} kept from an earlier run" in stdout
    assert stdout.splitlines()[-1] == f"{n} items: {len(good)} written, {len(bad)} failed"


def test_outputs_that_differ_only_by_extension_get_their_own_errors_files(tmp_path, capsys):
    # `corpus dir/ -o out/news.jsonl`, then `corpus other.jsonl -o out/news.csv`: the second run
    # replaced out/news.errors.jsonl, the errors file of the first.
    folder, src = tmp_path / "mixed", tmp_path / "other.jsonl"
    write_bad_folder(folder)
    _, bad = write_bad_jsonl(src)
    out = tmp_path / "out"
    assert run(capsys, "corpus", folder, "-o", out / "news.jsonl")[0] == 1
    first = (out / "news.jsonl.errors.jsonl").read_text()
    code, _, err = run(capsys, "corpus", src, "-o", out / "news.csv")
    assert code == 1 and f"see {out / 'news.csv.errors.jsonl'}" in err
    assert (out / "news.jsonl.errors.jsonl").read_text() == first
    assert sorted(json.loads(line)["id"] for line in (out / "news.csv.errors.jsonl").read_text().splitlines()) \
        == sorted(bad)


def test_corpus_over_files_with_the_same_name_in_two_folders_writes_both(tmp_path, capsys):
    # `newskit corpus "x/**/*.txt"` over a/story.txt and b/story.txt wrote one and failed the
    # other as "duplicate id 'story'".
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Story {folder}\n\nThe story in {folder} says the river rose.",
                                                     encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, stdout, _ = run(capsys, "corpus", str(tmp_path / "**" / "*.txt"), "-o", out)
    assert code == 0 and stdout.splitlines()[-1] == "2 items: 2 written, 0 failed"
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a/story", "b/story"]


def test_corpus_rerun_with_other_options_is_refused_with_the_difference(tmp_path, capsys):
    # Issue 14.1: `corpus bbc.jsonl -o out/b.csv`, then the same with `-n 1`: "0 processed,
    # 2225 already done", exit 0, every summary still 3 sentences.
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 4)
    out = tmp_path / "b.csv"
    assert run(capsys, "corpus", src, "-o", out)[0] == 0
    before = out.read_bytes()
    code, stdout, err = run(capsys, "corpus", src, "-o", out, "-n", "1")
    assert code == 2 and stdout == ""
    # the command line's option names only: n_sentences=, resume=False are the Python API's
    assert "other settings: -n was None, now 1. Its rows are not reused: pass --no-resume to overwrite it" in err
    assert "n_sentences" not in err and "resume=False" not in err
    assert out.read_bytes() == before
    code, stdout, err = run(capsys, "corpus", src, "-o", out, "-n", "1", "--no-resume")
    assert code == 0 and all(len(idx) == 1 for idx in pd.read_csv(out)["summary_indices"].map(json.loads))


def test_corpus_refuses_outputs_that_overwrite_inputs_or_each_other(tmp_path, capsys):
    # Issue 15.3, through the command.
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 3)
    before = src.read_bytes()
    for argv in (["-o", src, "--no-resume"], ["-o", tmp_path / "o.jsonl", "--errors", src],
                 ["-o", tmp_path / "o.jsonl", "--errors", tmp_path / "o.jsonl"]):
        code, stdout, err = run(capsys, "corpus", src, *argv)
        assert code == 2 and ("is also an input" in err or "are the same file" in err), err
    assert src.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"]
    for command in ("summarize", "themes", "compare"):
        code, _, err = run(capsys, command, src, SEED_A, "-o", src)
        assert code == 2 and "is also an input" in err
    assert src.read_bytes() == before


def test_corpus_on_good_input_exits_0(tmp_path, capsys):
    out = tmp_path / "seeds.csv"
    code, stdout, err = run(capsys, "corpus", SEEDS, "-o", out, "--idf", "corpus", "--errors", tmp_path / "e.jsonl")
    assert code == 0 and err == ""
    assert len(pd.read_csv(out)) == 2 and not (tmp_path / "e.jsonl").exists()


def test_corpus_on_a_local_dask_cluster_gives_the_local_rows(tmp_path, capsys):
    pytest.importorskip("distributed")
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 6)
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert run(capsys, "corpus", src, "-o", local, "--chunk-size", "2")[0] == 0
    code, stdout, _ = run(capsys, "corpus", src, "-o", dask, "--chunk-size", "2", "--scheduler", "local", "-j", "2")
    assert code == 0 and "6 items: 6 written, 0 failed" in stdout
    rows = lambda p: pd.read_json(p, lines=True).sort_values("id").reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(rows(dask), rows(local))


def test_corpus_takes_several_inputs_and_globs_and_writes_pairs(tmp_path, capsys):
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 3)
    out = tmp_path / "out.jsonl"
    code, stdout, _ = run(capsys, "corpus", src, str(SEEDS / "*.txt"), "-o", out, "--most-similar", "2")
    assert code == 0
    assert sorted(pd.read_json(out, lines=True)["id"]) == sorted(["doc-0", "doc-1", "doc-2", SEED_A.stem, SEED_B.stem])
    pairs = pd.read_json(tmp_path / "out.pairs.jsonl", lines=True)
    assert len(pairs) == 2 and "out.pairs.jsonl" in stdout


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize("argv, message", [
    ([], "the following arguments are required: COMMAND"),
    (["summarize"], "the following arguments are required: INPUT"),
    (["summarize", "no/such/folder"], "no such file or folder: 'no/such/folder'"),
    (["summarize", "nothing-*.txt"], "no file matches 'nothing-*.txt'"),
    (["summarize", str(SEED_A), "--ratio", "2"], "expected a number between 0 and 1"),
    (["summarize", str(SEED_A), "-n", "2", "--ratio", "0.5"], "not allowed with argument"),
    (["summarize", str(SEED_A), "--format", "parquet"], "--format parquet needs --output PATH"),
    (["summarize", str(SEED_A), "--output", "x.xlsx"], "cannot tell the output format"),
    (["corpus", str(SEEDS)], "the following arguments are required: -o/--output"),
    (["corpus", str(SEEDS), "-o", "x.jsonl", "--jobs", "0"], "expected a positive integer"),
    (["themes", str(SEED_A), "--themes", "missing.toml"], "no such theme file"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2_with_a_message_on_stderr(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err


@pytest.mark.parametrize("command", ["summarize", "corpus"])
def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path, capsys, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, command, SEED_A, "--output", blocker / "out.jsonl")
    assert code == 2 and err.startswith(f"newskit {command}: error:") and "Traceback" not in err


def test_a_bad_theme_file_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[theme]]\nid = "1x"\n', encoding="utf-8")
    code, _, err = run(capsys, "themes", SEED_A, "--themes", bad)
    assert code == 2 and "bad.toml" in err


@pytest.mark.parametrize("command", [None, "summarize", "compare", "themes", "corpus"])
def test_every_command_has_help_with_examples(capsys, command):
    code, out, _ = run(capsys, *([command] if command else []), "--help")
    assert code == 0 and "examples:" in out
    assert f"newskit {command or 'summarize'} " in out.split("examples:")[1]


def test_the_parser_lists_the_four_commands():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices) == ["summarize", "summarise", "compare", "themes", "corpus"]  # one alias
    assert sub.choices["summarise"] is sub.choices["summarize"]


# --------------------------------------------------------------------------- real processes


def _python_m(*argv, cwd=ROOT):
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, argv)], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


def test_python_m_toolkit_summarize_seeds_as_in_the_readme():
    proc = _python_m("summarize", "seeds/")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # piped: no progress bar, no warnings
    assert load_article(SEED_A).title in proc.stdout and load_article(SEED_B).title in proc.stdout


def test_python_m_toolkit_compare_as_in_the_readme():
    proc = _python_m("compare", "seeds/000_95ca8ba006298f6c.txt", "seeds/002_1210b5e7193b114a.txt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "Similarity:" in proc.stdout and "territorial_loss" in proc.stdout and "In plain words" in proc.stdout


def test_python_m_toolkit_corpus_exit_code_on_bad_input(tmp_path):
    write_bad_folder(tmp_path / "mixed")
    proc = _python_m("corpus", tmp_path / "mixed", "-o", tmp_path / "out.jsonl")
    assert proc.returncode == 1
    assert "items failed" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "out.jsonl.errors.jsonl").exists()


def test_the_newskit_console_script_is_installed():
    exe = shutil.which("newskit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the package is not installed in this environment (pip install -e .)")
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("newskit ")


def test_themes_output_refuses_a_theme_id_that_is_an_output_column(tmp_path, capsys):
    # Issue 15.9: a theme with id `id`, `source` or `sentence_index` overwrote the article-id column.
    bad = tmp_path / "clash.toml"
    bad.write_text('[[theme]]\nid = "source"\nlabel = "Sources"\ndescription = "Who said it."\n'
                   'terms = ["officials"]\n', encoding="utf-8")
    code, _, err = run(capsys, "themes", SEED_A, "--themes", bad, "-o", tmp_path / "t.jsonl")
    assert code == 2 and "theme ids ['source'] clash with output column names" in err
    assert not (tmp_path / "t.jsonl").exists()


@pytest.mark.parametrize("command", ["summarize", "themes", "corpus"])
def test_a_wrong_text_column_is_one_usage_error_before_reading(tmp_path, capsys, command):
    # Issue 14.9: a wrong --text-column printed one identical error per row and exited 1.
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 50)
    extra = ["-o", tmp_path / "out.jsonl"] if command == "corpus" else []
    code, out, err = run(capsys, command, src, "--text-column", "text", *extra)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--text-column 'text' is not a column" in err and "'body'" in err
    assert "text_column=" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_column_options_on_folders_and_article_files_are_said_to_be_ignored(tmp_path, capsys):
    # --text-column and --id-column were silently ignored for folders and plain text files.
    code, out, err = run(capsys, "summarize", SEEDS, "--text-column", "body", "-n", "1")
    assert code == 0 and out
    assert err == f"newskit: note: --text-column applies to JSONL, CSV and Parquet inputs only: ignored for {SEEDS}\n"
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 2)
    code, _, err = run(capsys, "summarize", SEED_A, src, "--text-column", "body", "--id-column", "id", "-n", "1")
    assert code == 0
    assert err == (f"newskit: note: --text-column, --id-column apply to JSONL, CSV and Parquet inputs only: "
                   f"ignored for {SEED_A}\n")
    code, _, err = run(capsys, "summarize", src, "--text-column", "body", "-n", "1")
    assert code == 0 and err == ""


def test_a_folder_without_articles_says_what_it_holds_and_a_table_without_text_names_the_option(tmp_path, capsys):
    # `newskit summarize html_eval/` (.html.gz files and expected.json) said "pass expected.json";
    # that gave a 30 KB line listing 271 "columns" and said "pass text_column=".
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(3):
        (folder / f"page{n}.html.gz").write_bytes(b"\x1f\x8b")
    (folder / "expected.json").write_text(json.dumps({f"page{n}.html": {"with": ["x"]} for n in range(30)}),
                                          encoding="utf-8")
    code, _, err = run(capsys, "summarize", folder)
    assert code == 2 and "it holds 3 .gz files, 1 .json file" in err
    assert "compressed files (.gz) are not read: decompress them" in err
    assert "expected.json does not look like a table of articles" in err and "pass " not in err
    code, _, err = run(capsys, "summarize", folder / "expected.json")
    assert code == 1 and "... 20 more]: pass --text-column NAME" in err and "page29.html" not in err
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("id;text\n1;The body of the article is here.\n", encoding="utf-8")
    code, _, err = run(capsys, "summarize", semicolons)
    assert code == 1 and "the columns are ['id;text']; the header holds ';': the file may use ';' as its separator" \
        in err


def test_repeated_failures_are_grouped(tmp_path, capsys):
    src = tmp_path / "empty.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": ""}) + "\n" for i in range(40)), encoding="utf-8")
    code, out, err = run(capsys, "summarize", src)
    assert code == 1 and len(err.splitlines()) == 4
    assert err.splitlines()[-1] == "newskit: 40 items in all: the text field 'text' is empty"


# --------------------------------------------------------------------------- first hour (issue 14)


def test_compare_output_carries_the_similarity_ids_titles_and_summary(tmp_path, capsys):
    # Issue 14.5: `compare A B -o x.csv` held only the theme table.
    a, b = load_article(SEED_A), load_article(SEED_B)
    expected = compare(a, b)
    for suffix in (".csv", ".parquet"):
        out = tmp_path / f"x{suffix}"
        code, stdout, _ = run(capsys, "compare", SEED_A, SEED_B, "-o", out)
        assert code == 0
        frame = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
        assert set(frame["id_a"]) == {SEED_A.stem} and set(frame["id_b"]) == {SEED_B.stem}
        assert set(frame["title_a"]) == {a.title} and set(frame["title_b"]) == {b.title}
        assert frame["similarity"].tolist() == pytest.approx([expected.similarity] * len(frame))
        assert set(frame["summary"]) == {expected.summary()}
        assert list(frame["theme"]) == list(expected.theme_scores().index)
    out = tmp_path / "x.jsonl"
    assert run(capsys, "compare", SEED_A, SEED_B, "-o", out)[0] == 0
    [obj] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert obj["similarity"] == pytest.approx(expected.similarity) and obj["id_a"] == SEED_A.stem
    assert obj["summary"] == expected.summary() and len(obj["themes"]) == len(expected.theme_scores())


def test_compare_many_output_is_keyed_by_id(tmp_path, capsys):
    src = tmp_path / "news.jsonl"
    with open(src, "w", encoding="utf-8") as f:  # three articles with the same title
        for i in range(3):
            f.write(json.dumps({"id": f"n{i}", "title": "Same headline",
                                "text": f"Story {i} about Mosul. Iraqi forces retook the city {i} times."}) + "\n")
    out = tmp_path / "m.csv"
    assert run(capsys, "compare", src, "-o", out)[0] == 0
    frame = pd.read_csv(out)
    assert frame["id"].tolist() == ["n0", "n1", "n2"] and set(frame["title"]) == {"Same headline"}
    assert set(frame["nearest"]) <= {"n0", "n1", "n2"}


def test_compare_on_many_articles_does_not_print_the_whole_matrix(tmp_path, capsys):
    # Issue 14.4: the whole similarity matrix went to the terminal (37 MB on BBC).
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 30)
    code, out, _ = run(capsys, "compare", src)
    assert code == 0 and "not printed: write them with --output" in out
    assert "Most similar pairs" in out and len(out) < 10_000


def test_compare_refuses_a_corpus_too_large_for_memory(tmp_path, capsys, monkeypatch):
    # Issue 15.13: 5,000 files took 1.0 GB; 20,000 about 13 GB, with no guard.
    import toolkit.cli as cli

    monkeypatch.setattr(cli, "_COMPARE_BYTES_PER_PAIR", 10**12)  # as if each pair were huge
    code, _, err = run(capsys, "compare", SEED_A, SEED_B)
    assert code == 2 and "needs about" in err and "corpus INPUT -o OUT --most-similar N" in err


@pytest.mark.parametrize("argv, message", [
    (["summarize", str(SEED_A), "--sentences", "2"], "did you mean --n-sentences?"),
    (["corpus", str(SEED_A), "-o", "x.jsonl", "--chunksize", "3"], "did you mean --chunk-size?"),
    (["summarize", str(SEED_A), "-o", "x.xlsx"], "--format"),
])
def test_cli_messages_say_what_to_type(capsys, argv, message):
    # Issue 14.11.
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and "format=" not in err


@pytest.mark.parametrize("command, typo, meant", [
    ("summarize", "--n-sentencs", "--n-sentences"), ("summarise", "--rato", "--ratio"),
    ("corpus", "--most-simlar", "--most-similar")])
def test_a_misspelled_option_shows_the_usage_of_its_subcommand(capsys, command, typo, meant):
    # `newskit summarize x --n-sentencs 2` printed the top-level "usage: newskit [-h] [--version] COMMAND ...".
    code, _, err = run(capsys, command, SEED_A, "-o", "never.jsonl", typo, "2")
    name = "summarize" if command == "summarise" else command
    assert code == 2 and err.startswith(f"usage: newskit {name} [-h]") and meant in err.split("\n", 1)[1]
    assert err.splitlines()[-1] == f"newskit {name}: error: unrecognized arguments: {typo} 2 (did you mean {meant}?)"
    assert not Path("never.jsonl").exists()


def test_summarise_is_accepted_and_text_output_names_the_article_id(tmp_path, capsys):
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 2)
    code, out, _ = run(capsys, "summarise", src, "-n", "1", "--text-column", "body")
    assert code == 0 and "doc-0 · " in out and "doc-1 · " in out
    assert "1 of 6 sentences" in out


def test_summarize_output_says_how_many_rows_it_wrote(tmp_path, capsys):
    out = tmp_path / "s.csv"
    code, stdout, _ = run(capsys, "summarize", SEEDS, "-o", out)
    assert code == 0 and stdout.strip() == f"wrote 2 rows to {out}"


def test_compare_and_themes_outputs_say_what_they_wrote(tmp_path, capsys):
    # Issue 14.11 for summarize; compare and themes wrote their files as silently.
    pair, tags = tmp_path / "pair.json", tmp_path / "tags.csv"
    code, stdout, _ = run(capsys, "compare", SEED_A, SEED_B, "-o", pair)
    assert code == 0 and stdout.strip() == f"wrote {pair}" and pair.exists()
    code, stdout, _ = run(capsys, "themes", SEED_A, "-o", tags)
    n = len(pd.read_csv(tags))
    assert code == 0 and stdout.strip() == f"wrote {n} rows to {tags}" and n > 10


def test_a_bad_theme_file_names_its_path_once(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[theme]]\nid = "1x"\n', encoding="utf-8")
    code, _, err = run(capsys, "themes", SEED_A, "--themes", bad)
    assert code == 2 and err.count(str(bad)) == 1


def test_corpus_says_which_articles_do_not_look_like_english(tmp_path, capsys):
    # Issue 15.13: summarize and compare passed on the library's not-English warning, corpus dropped it.
    src = tmp_path / "news.jsonl"
    french = ("Le gouvernement a annoncé mardi une nouvelle loi sur les retraites qui sera votée par le "
              "parlement la semaine prochaine. Les syndicats ont appelé à la grève dans tout le pays.")
    english = "The government announced a new pensions law on Tuesday. Unions called a strike across the country."
    src.write_text(json.dumps({"id": "fr-1", "text": french}) + "\n" + json.dumps({"id": "en-1", "text": english}) + "\n",
                   encoding="utf-8")
    code, out, err = run(capsys, "corpus", src, "-o", tmp_path / "out.jsonl", "--no-progress")
    assert code == 0
    note = [line for line in err.splitlines() if "look like English" in line]
    assert len(note) == 1 and note[0].startswith("newskit: note: ") and "fr-1 (French)" in note[0]
    assert "en-1" not in note[0]
