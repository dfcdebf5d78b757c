"""run_corpus: every good item processed, every bad one reported, resumable, atomic, parallel."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit.corpus as corpus
from toolkit import summarize, tag_themes
from toolkit.corpus import CorpusRun, run_corpus
from toolkit.loading import Article

from _corpus_data import write_bad_folder, write_bad_jsonl, write_folder, write_jsonl


def read_rows(path: Path, format: str | None = None) -> pd.DataFrame:
    """The output as a frame sorted by id (order-independent comparisons)."""
    run = CorpusRun(output=path, errors_path=None, n_rows=0, n_processed=0, n_skipped=0, n_failed=0, seconds=0,
                    format=format or path.suffix[1:])
    return run.to_frame().sort_values("id").reset_index(drop=True)


def read_errors(path: Path) -> dict[str, str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r["reason"] for r in rows}


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "in", write_folder(tmp_path / "in", 12)


# --------------------------------------------------------------------------- what a row holds


def test_rows_hold_the_summary_and_theme_shares_of_each_article(tmp_path, folder):
    src, ids = folder
    out = tmp_path / "out.jsonl"
    run = run_corpus(src, out, n_sentences=2, progress=False)
    assert (run.n_rows, run.n_processed, run.n_skipped, run.n_failed) == (12, 12, 0, 0)
    assert run.errors_path is None and not (tmp_path / "out.jsonl.errors.jsonl").exists()
    rows = read_rows(out)
    assert rows["id"].tolist() == ids
    first = rows.iloc[0]
    from toolkit import load_article

    article = load_article(src / "art000.txt")
    expected = summarize(article, n_sentences=2)
    assert first["summary"] == " ".join(expected.sentences)
    assert first["summary_indices"] == list(expected.indices)
    assert first["title"] == article.title
    tags = tag_themes(article)
    assert first["n_sentences"] == len(tags)
    for theme in ("territorial_loss", "dispersal", "new_havens"):
        assert first[theme] == pytest.approx(tags["themes"].map(lambda ts: theme in ts).mean())
    assert set(first["themes"]) == {t for t in tags["themes"].explode().dropna()}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_every_format_holds_the_same_rows(tmp_path, folder, suffix):
    src, _ = folder
    reference = read_rows(run_corpus(src, tmp_path / "ref.jsonl", progress=False).output)
    out = tmp_path / f"out{suffix}"
    run_corpus(src, out, progress=False)
    pd.testing.assert_frame_equal(read_rows(out), reference)


def test_format_option_overrides_the_extension(tmp_path, folder):
    out = tmp_path / "out.data"
    run = run_corpus(folder[0], out, format="csv", progress=False)
    assert out.read_text(encoding="utf-8").startswith("id,source,title,")
    assert run.to_frame()["id"].tolist() == folder[1]


# --------------------------------------------------------------------------- bad input


def test_bad_files_are_listed_with_their_reason_and_good_ones_processed(tmp_path):
    good, bad = write_bad_folder(tmp_path / "mixed")
    out = tmp_path / "out.jsonl"
    run = run_corpus(tmp_path / "mixed", out, progress=False)
    assert sorted(read_rows(out)["id"]) == sorted(good)
    errors = read_errors(run.errors_path)
    assert set(errors) == set(bad)
    for rid, word in bad.items():
        assert word in errors[rid].lower()
    assert run.n_failed == len(bad) and not run.ok
    assert run.errors().set_index("id")["reason"].to_dict() == errors
    # the cp1252 file was decoded, not mangled
    cafe = read_rows(out).set_index("id").loc["cp1252"]
    assert "café" in cafe["summary"] or "café" in cafe["title"]


def test_broken_jsonl_lines_are_listed_and_the_run_goes_on(tmp_path):
    src = tmp_path / "news.jsonl"
    good, bad = write_bad_jsonl(src)
    run = run_corpus(src, tmp_path / "out.parquet", progress=False)
    assert sorted(read_rows(run.output)["id"]) == sorted(good)
    errors = read_errors(run.errors_path)
    assert sorted(errors) == sorted(bad)
    assert "malformed" in errors["news:3"]
    assert "duplicate id" in errors["j0"]
    assert "empty" in errors["nothing"]


def test_a_failing_article_is_reported_and_its_chunk_kept(tmp_path, folder, monkeypatch):
    real = corpus._analyze

    def flaky(article, summary, job):
        if article.id == "art003":
            raise RuntimeError("boom\nwith a traceback-like second line")
        return real(article, summary, job)

    monkeypatch.setattr(corpus, "_analyze", flaky)
    run = run_corpus(folder[0], tmp_path / "out.jsonl", chunk_size=4, progress=False)
    assert run.n_rows == 11
    assert read_errors(run.errors_path) == {"art003": "RuntimeError: boom"}


def test_a_failing_batch_falls_back_to_one_article_at_a_time(tmp_path, folder, monkeypatch):
    from toolkit.summarizing import Summarizer

    expected = read_rows(run_corpus(folder[0], tmp_path / "ref.jsonl", progress=False).output)

    def broken(self, *args, **kwargs):
        raise MemoryError("the batch is too big")

    monkeypatch.setattr(Summarizer, "summarize_many", broken)
    run = run_corpus(folder[0], tmp_path / "out.jsonl", progress=False)
    assert run.n_failed == 0
    pd.testing.assert_frame_equal(read_rows(run.output), expected)


def test_a_stale_errors_file_is_removed_when_nothing_fails(tmp_path, folder):
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.errors.jsonl").write_text('{"id": "old", "source": null, "reason": "x"}\n')
    run_corpus(folder[0], out, progress=False)
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()


# --------------------------------------------------------------------------- resuming


class Interrupt(KeyboardInterrupt):
    pass


def interrupt_after(monkeypatch, n_chunks):
    """Make the run stop (as with Ctrl-C) when chunk number ``n_chunks + 1`` starts."""
    real = corpus._process_chunk
    calls = []

    def stopping(articles, job):
        calls.append(len(articles))
        if len(calls) > n_chunks:
            raise Interrupt()
        return real(articles, job)

    monkeypatch.setattr(corpus, "_process_chunk", stopping)


def count_analysed(monkeypatch):
    real = corpus._analyze
    seen = []

    def counting(article, summary, job):
        seen.append(article.id)
        return real(article, summary, job)

    monkeypatch.setattr(corpus, "_analyze", counting)
    return seen


def test_an_interrupted_run_resumes_without_redoing_finished_chunks(tmp_path, folder, monkeypatch):
    src, ids = folder
    expected = read_rows(run_corpus(src, tmp_path / "fresh.jsonl", progress=False).output)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        interrupt_after(m, 2)
        with pytest.raises(Interrupt):
            run_corpus(src, out, chunk_size=4, progress=False)
    # atomic: no file with the final name, only the parts of the finished chunks
    assert not out.exists()
    parts = tmp_path / "out.jsonl.in-progress"
    assert len(list(parts.glob("part-*.jsonl"))) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")]  # no temp file left

    analysed = count_analysed(monkeypatch)
    run = run_corpus(src, out, chunk_size=4, progress=False)
    assert (run.n_skipped, run.n_processed, run.n_rows) == (8, 4, 12)
    assert sorted(analysed) == ids[8:]
    assert not parts.exists()
    pd.testing.assert_frame_equal(read_rows(out), expected)


def test_a_resumed_run_reports_the_same_failures_as_an_uninterrupted_one(tmp_path, monkeypatch):
    src = tmp_path / "news.jsonl"
    good, bad = write_bad_jsonl(src)
    fresh = run_corpus(src, tmp_path / "fresh.jsonl", chunk_size=2, progress=False)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        interrupt_after(m, 1)
        with pytest.raises(Interrupt):
            run_corpus(src, out, chunk_size=2, progress=False)
    resumed = run_corpus(src, out, chunk_size=2, progress=False)
    assert resumed.n_skipped > 0
    assert read_errors(resumed.errors_path) == read_errors(fresh.errors_path)
    assert sorted(read_errors(resumed.errors_path)) == sorted(bad)
    pd.testing.assert_frame_equal(read_rows(out), read_rows(fresh.output))
    rerun = run_corpus(src, out, chunk_size=2, progress=False)  # complete: only failures redone
    assert (rerun.n_processed, rerun.n_failed) == (0, len(bad))


def test_rows_missing_from_an_output_are_recomputed_and_nothing_else(tmp_path, folder, monkeypatch):
    src, ids = folder
    out = tmp_path / "out.csv"
    run_corpus(src, out, progress=False)
    expected = read_rows(out)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = [lines[3], lines[7]]
    out.write_text("".join(l for l in lines if l not in dropped), encoding="utf-8")

    analysed = count_analysed(monkeypatch)
    run = run_corpus(src, out, progress=False)
    assert sorted(analysed) == [ids[2], ids[6]]
    assert (run.n_processed, run.n_skipped, run.n_rows) == (2, 10, 12)
    pd.testing.assert_frame_equal(read_rows(out), expected)


def test_a_complete_output_is_left_untouched_by_a_rerun(tmp_path, folder, monkeypatch):
    out = tmp_path / "out.parquet"
    run_corpus(folder[0], out, progress=False)
    before = out.stat().st_mtime_ns
    analysed = count_analysed(monkeypatch)
    run = run_corpus(folder[0], out, progress=False)
    assert analysed == [] and run.n_skipped == 12 and run.n_rows == 12
    assert out.stat().st_mtime_ns == before


def test_a_finished_output_of_other_inputs_is_not_reused(tmp_path, monkeypatch):
    # Issue 15.1: three files added to the folder: the old output is not silently extended.
    src = tmp_path / "in"
    write_folder(src, 5)
    out = tmp_path / "out.jsonl"
    run_corpus(src, out, progress=False)
    write_folder(src, 8)
    with pytest.raises(ValueError, match=r"other settings: inputs: folder .*in was \(5 files.*now \(8 files.*"
                                         r"resume=False \(--no-resume\)"):
        run_corpus(src, out, progress=False)
    run = run_corpus(src, out, resume=False, progress=False)
    assert run.n_rows == 8 and run.n_skipped == 0


def test_an_earlier_complete_output_survives_an_interrupted_rerun(tmp_path, folder, monkeypatch):
    src, _ = folder
    out = tmp_path / "out.jsonl"
    run_corpus(src, out, n_sentences=1, progress=False)
    before = out.read_bytes()
    with monkeypatch.context() as m:
        interrupt_after(m, 1)
        with pytest.raises(Interrupt):
            run_corpus(src, out, n_sentences=1, chunk_size=3, resume=False, progress=False)
    assert out.read_bytes() == before  # the old complete file, not a half-written new one


def test_resuming_with_other_options_is_refused(tmp_path, folder, monkeypatch):
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        interrupt_after(m, 1)
        with pytest.raises(Interrupt):
            run_corpus(folder[0], out, n_sentences=2, chunk_size=4, progress=False)
    with pytest.raises(ValueError, match=r"unfinished run .* other settings: n_sentences \(-n\) was 2, now 3\..*"
                                         r"resume=False"):
        run_corpus(folder[0], out, n_sentences=3, chunk_size=4, progress=False)
    run = run_corpus(folder[0], out, n_sentences=3, resume=False, progress=False)
    assert run.n_skipped == 0 and run.n_rows == 12


def other_jsonl(tmp_path):
    a, b = tmp_path / "partA.jsonl", tmp_path / "partB.jsonl"
    write_jsonl(a, 8)
    write_jsonl(b, 8, start=100)
    return a, b


@pytest.mark.parametrize("change, message", [
    (dict(source="B"), r"inputs: .*partA\.jsonl.*now .*partB\.jsonl"),
    (dict(text_column="title"), r"text_column \(--text-column\) was 'body', now 'title'"),
    (dict(id_column="title"), r"id_column \(--id-column\) was 'id', now 'title'"),
    (dict(max_words=20), r"n_sentences \(-n\) was 2, now None; max_words \(--max-words\) was None, now 20"),
    (dict(idf="corpus"), r"idf \(--idf\) was 'document', now 'corpus'"),
    (dict(themes="edited"), r"themes \(--themes\): another theme set, or the theme file was edited"),
])
@pytest.mark.parametrize("finished", [False, True], ids=["interrupted", "finished"])
def test_a_run_with_other_inputs_columns_themes_or_options_is_refused(tmp_path, monkeypatch, change, message,
                                                                       finished):
    # Issue 15.1 (and 14.1): the identity covers inputs, columns, theme content and summary
    # options, for an in-progress folder and for a finished output alike.
    from toolkit import load_themes

    a, b = other_jsonl(tmp_path)
    theme_file = tmp_path / "themes.toml"
    data = Path(corpus.__file__).parent / "data"
    shutil.copy(data / "themes.toml", theme_file)
    for model in data.glob("*theme_model*.json"):  # a theme file may name a model next to it
        shutil.copy(model, tmp_path / model.name)
    base = dict(source=a, text_column="body", id_column="id", n_sentences=2, idf="document",
                themes=load_themes(theme_file), chunk_size=3, progress=False)
    out = tmp_path / "out.jsonl"
    if finished:
        run_corpus(base.pop("source"), out, **base)
        before = out.read_bytes()
    else:
        with monkeypatch.context() as m:
            interrupt_after(m, 1)
            with pytest.raises(Interrupt):
                run_corpus(base.pop("source"), out, **base)
    if change.get("themes") == "edited":  # same file name, one more term
        text = theme_file.read_text(encoding="utf-8").replace('terms = [', 'terms = ["zzzq", ', 1)
        theme_file.write_text(text, encoding="utf-8")
        change = dict(themes=load_themes(theme_file))
    new = {**base, **change}
    if "source" in change:
        new["source"] = b
    if "max_words" in change:
        new["n_sentences"] = None
    source = new.pop("source", a)
    with pytest.raises(ValueError, match=message) as info:
        run_corpus(source, out, **new)
    assert "--no-resume" in str(info.value)
    if finished:
        assert out.read_bytes() == before
    else:
        assert (tmp_path / "out.jsonl.in-progress").exists()  # the unfinished run is kept for its owner
    run = run_corpus(source, out, **new, resume=False)
    assert run.n_skipped == 0 and run.n_rows + run.n_failed == run.n_items == 8


def test_killed_run_resumed_on_other_inputs_through_the_cli_is_refused(tmp_path):
    # Issue 15.1's reproduction: kill -9 a run on partA, then run partB into the same output.
    import signal
    import subprocess
    import sys
    import time

    a, b = tmp_path / "partA.jsonl", tmp_path / "partB.jsonl"
    write_jsonl(a, 400)
    write_jsonl(b, 40, start=1000)
    out = tmp_path / "x.jsonl"
    cmd = [sys.executable, "-m", "toolkit", "corpus", "--chunk-size", "5", "--text-column", "body", "-o", str(out)]
    proc = subprocess.Popen(cmd + [str(a)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parts = tmp_path / "x.jsonl.in-progress"
    deadline = time.time() + 60
    while time.time() < deadline and not list(parts.glob("part-*.jsonl")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(parts.glob("part-*.jsonl")) and not out.exists()
    done = subprocess.run(cmd + [str(b)], capture_output=True, text=True)
    assert done.returncode == 2 and not out.exists()
    assert "other settings: inputs:" in done.stderr and "partB.jsonl" in done.stderr
    assert "--no-resume" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run(cmd + [str(b), "--no-resume"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(read_rows(out)["id"]) == sorted(f"doc-{i}" for i in range(1000, 1040))


def test_resume_false_recomputes_everything(tmp_path, folder, monkeypatch):
    out = tmp_path / "out.jsonl"
    run_corpus(folder[0], out, progress=False)
    analysed = count_analysed(monkeypatch)
    run = run_corpus(folder[0], out, resume=False, progress=False)
    assert len(analysed) == 12 and run.n_skipped == 0


def test_failed_items_are_retried_by_a_rerun(tmp_path):
    good, bad = write_bad_folder(tmp_path / "mixed")
    out = tmp_path / "out.jsonl"
    run_corpus(tmp_path / "mixed", out, progress=False)
    run = run_corpus(tmp_path / "mixed", out, progress=False)  # the same inputs: failures redone, rows kept
    assert (run.n_processed, run.n_skipped, run.n_failed) == (0, len(good), len(bad))
    (tmp_path / "mixed" / "empty.txt").write_text("Now a headline\n\nAnd now a body with words.")
    with pytest.raises(ValueError, match="inputs: folder"):  # a fixed file is another input
        run_corpus(tmp_path / "mixed", out, progress=False)
    run = run_corpus(tmp_path / "mixed", out, progress=False, resume=False)
    assert run.n_failed == len(bad) - 1 and "empty" in set(read_rows(out)["id"])


def test_a_zero_row_output_can_be_rerun(tmp_path):
    # Issue 15.10: every item failed; the rerun used to fail with "exists with other columns".
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "a", "text": ""}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    first = run_corpus(src, out, progress=False)
    again = run_corpus(src, out, progress=False)
    assert (first.n_rows, first.n_failed) == (again.n_rows, again.n_failed) == (0, 2)


def test_an_existing_output_without_a_run_record_is_not_resumed(tmp_path, folder):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x", "something": 1}\n')
    with pytest.raises(ValueError, match=r"no record of the settings that made it.*--no-resume"):
        run_corpus(folder[0], out, progress=False)
    assert out.read_text() == '{"id": "x", "something": 1}\n'


# --------------------------------------------------------------------------- memory


@pytest.mark.parametrize("n_jobs, in_flight", [(1, 1), (2, 4)])
def test_only_a_few_chunks_are_read_ahead(tmp_path, monkeypatch, n_jobs, in_flight):
    """Streaming: items are pulled from the source only as chunks get written."""
    pulled = []
    ahead = []

    def source(source, **options):
        for i in range(80):
            pulled.append(i)
            yield Article(text="Iraqi forces retook the city. The fighters fled.", title=f"t{i}", id=f"a{i}")

    real_write = corpus._Parts.write

    def write(self, seq, rows, failures):
        real_write(self, seq, rows, failures)
        ahead.append(len(pulled) - 5 * len(ahead))  # items read, minus those in chunks done

    monkeypatch.setattr(corpus, "_iter_source", source)
    monkeypatch.setattr(corpus._Parts, "write", write)
    run = run_corpus("unused", tmp_path / "out.jsonl", chunk_size=5, n_jobs=n_jobs, progress=False)
    assert run.n_rows == 80
    # the chunk just written plus those in flight: never the whole corpus
    assert max(ahead) <= 5 * (in_flight + 1)


# --------------------------------------------------------------------------- corpus IDF


def test_corpus_idf_is_learned_over_the_whole_corpus_in_one_pass(tmp_path):
    """The streamed document frequencies give the summaries of a Summarizer fitted on all texts."""
    from toolkit.loading import iter_articles
    from toolkit.summarizing import Summarizer

    src = tmp_path / "news.jsonl"
    write_jsonl(src, 20)
    run = run_corpus(src, tmp_path / "cor.jsonl", idf="corpus", n_sentences=2, chunk_size=6, progress=False)
    rows = read_rows(run.output).set_index("id")
    articles = list(iter_articles(src))
    fitted = Summarizer(idf="corpus", n_sentences=2).fit(articles)
    for article in articles:
        expected = fitted.summarize(article)
        assert rows.loc[article.id, "summary_indices"] == list(expected.indices)
        assert rows.loc[article.id, "summary"] == " ".join(expected.sentences)


def test_corpus_idf_is_the_same_in_parallel(tmp_path):
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 20)
    serial = read_rows(run_corpus(src, tmp_path / "a.jsonl", idf="corpus", chunk_size=3, progress=False).output)
    parallel = read_rows(run_corpus(src, tmp_path / "b.jsonl", idf="corpus", chunk_size=3, n_jobs=2,
                                    progress=False).output)
    pd.testing.assert_frame_equal(serial, parallel)


# --------------------------------------------------------------------------- parallel


def test_two_processes_give_the_rows_of_one(tmp_path, folder):
    src, _ = folder
    one = read_rows(run_corpus(src, tmp_path / "one.jsonl", chunk_size=3, progress=False).output)
    two = read_rows(run_corpus(src, tmp_path / "two.jsonl", chunk_size=3, n_jobs=2, progress=False).output)
    pd.testing.assert_frame_equal(one, two)


def test_a_dask_cluster_gives_the_rows_of_a_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "news.jsonl"
    good, bad = write_bad_jsonl(src)
    local = run_corpus(src, tmp_path / "local.jsonl", chunk_size=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        remote = run_corpus(src, tmp_path / "dask.jsonl", chunk_size=2, scheduler=cluster.scheduler_address,
                            progress=False)
        remote_idf = run_corpus(src, tmp_path / "dask_idf.parquet", chunk_size=2, idf="corpus",
                                scheduler=cluster.scheduler_address, progress=False)
    pd.testing.assert_frame_equal(read_rows(remote.output), read_rows(local.output))
    assert read_errors(remote.errors_path) == read_errors(local.errors_path)
    local_idf = run_corpus(src, tmp_path / "local_idf.parquet", chunk_size=2, idf="corpus", progress=False)
    pd.testing.assert_frame_equal(read_rows(remote_idf.output), read_rows(local_idf.output))


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, folder, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(corpus, "_CONNECT_TIMEOUT", "1s")
    with pytest.raises(ConnectionError, match="cannot reach the Dask scheduler"):
        run_corpus(folder[0], tmp_path / "out.jsonl", scheduler="tcp://127.0.0.1:9", progress=False)


# --------------------------------------------------------------------------- most similar pairs


def test_most_similar_pairs_are_the_best_of_all_pairs_but_near_duplicates(tmp_path):
    from toolkit import similarity_matrix
    from toolkit.loading import iter_articles
    from toolkit.neighbours import NEAR_DUPLICATE

    src = tmp_path / "in"
    write_folder(src, 12)
    (src / "zz_empty.txt").write_text("")
    run = run_corpus(src, tmp_path / "out.csv", most_similar=4, progress=False)
    pairs = pd.read_csv(run.pairs_path)
    assert run.pairs_path.name == "out.pairs.csv"
    assert list(pairs.columns) == ["id_a", "id_b", "title_a", "title_b", "similarity"]
    # brute force over every pair of the good articles
    articles = [a for a in iter_articles(src) if isinstance(a, Article) and a.text]
    S = similarity_matrix(articles)  # an Article counts as its title and body, as in the corpus run
    best = sorted(((S[i, j], articles[i].id, articles[j].id) for i in range(len(articles))
                   for j in range(i + 1, len(articles)) if S[i, j] < NEAR_DUPLICATE), key=lambda t: -t[0])[:4]
    assert pairs["similarity"].tolist() == pytest.approx([b[0] for b in best])
    assert list(zip(pairs["id_a"], pairs["id_b"])) == [b[1:] for b in best]
    assert "zz_empty" not in set(pairs["id_a"]) | set(pairs["id_b"])


def test_most_similar_pairs_leave_out_near_duplicates_however_many(tmp_path):
    # Two close reports, each republished 14 times, among other news: every first list of
    # neighbours (n + 10 = 14) is full of copies, so the lists must be made longer.
    from toolkit import nearest_neighbours, similarity_matrix
    from toolkit.neighbours import NEAR_DUPLICATE

    a = "ISIS fighters fled Mosul as Iraqi troops retook the old city after a long siege."
    b = "Iraqi troops retook Mosul after a long siege; civilians returned to the ruined streets as the army cleared mines."
    others = ["Bank profits rose as shares rallied on the stock market.", "The central bank raised interest rates.",
              "The football club signed a new striker for the season.", "Heavy rain flooded farms in the valley.",
              "The orchestra played a new symphony to a full hall.", "Oil prices fell after the cartel met."]
    texts = [a] * 15 + [b] * 15 + others
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(texts):
        (src / f"art{i:03d}.txt").write_text(text, encoding="utf-8")
    run = run_corpus(src, tmp_path / "out.jsonl", most_similar=3, progress=False)
    pairs = pd.read_json(run.pairs_path, lines=True)
    S = similarity_matrix(texts)
    best = sorted((S[i, j] for i in range(len(texts)) for j in range(i + 1, len(texts)) if S[i, j] < NEAR_DUPLICATE),
                  reverse=True)[:3]
    assert pairs["similarity"].tolist() == pytest.approx(best)
    assert pairs["id_a"].tolist() == ["art000"] * 3 and pairs["id_b"].tolist() == ["art015", "art016", "art017"]
    # the first lists alone would have missed them
    first = nearest_neighbours(texts, n_neighbours=13).most_similar(n=3)
    assert first["similarity"].tolist() != pytest.approx(best)


def test_no_pairs_file_unless_asked(tmp_path, folder):
    run = run_corpus(folder[0], tmp_path / "out.jsonl", progress=False)
    assert run.pairs_path is None and not (tmp_path / "out.pairs.jsonl").exists()


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("options, message", [
    (dict(idf="global"), "idf must be one of 'document', 'corpus'"),
    (dict(chunk_size=0), "chunk_size must be a positive integer"),
    (dict(chunk_size=2.5), "chunk_size must be a positive integer"),
    (dict(n_jobs=0), r"n_jobs must be a positive integer or -1"),
    (dict(n_sentences=2, ratio=0.3), "at most one of n_sentences, ratio, max_words"),
    (dict(n_sentences=0), "n_sentences must be a positive integer"),
    (dict(ratio=1.5), r"ratio must be a number in \(0, 1\]"),
    (dict(format="xlsx"), "format must be one of jsonl, csv, parquet"),
    (dict(most_similar=-1), "most_similar must be a number of pairs"),
])
def test_invalid_options_name_the_parameter(tmp_path, folder, options, message):
    with pytest.raises(ValueError, match=message):
        run_corpus(folder[0], tmp_path / "out.jsonl", progress=False, **options)


def test_an_output_without_a_known_extension_needs_a_format(tmp_path, folder):
    with pytest.raises(ValueError, match=r"cannot tell the output format.*\.jsonl, \.csv or \.parquet"):
        run_corpus(folder[0], tmp_path / "out.xlsx", progress=False)


def test_the_result_reads_as_one_line_and_as_html(tmp_path, folder):
    run = run_corpus(folder[0], tmp_path / "out.jsonl", progress=False)
    assert repr(run).startswith("CorpusRun(output=") and "\n" not in repr(run)
    assert "<table" in run._repr_html_() and "processed" in run.to_html()
    # Issue 14.13: paths left-aligned (Jupyter right-aligns cells), counts right-aligned
    assert f"<td style='text-align:left'>{run.output}</td>" in run.to_html() and "<td>12</td>" in run.to_html()
    assert run.errors().empty and list(run.errors().columns) == ["id", "source", "reason"]


# --------------------------------------------------------------------------- batch integrity (issue 15)


def test_a_second_run_on_the_same_output_is_refused_and_the_first_is_intact(tmp_path, monkeypatch):
    # Issue 15.2: the second run used to delete the first's error parts and exit 0.
    src = tmp_path / "news.jsonl"
    good, bad = write_bad_jsonl(src)
    expected = run_corpus(src, tmp_path / "alone.jsonl", chunk_size=2, progress=False)
    out = tmp_path / "out.jsonl"
    real = corpus._Parts.write
    refused = []

    def write_then_start_a_second_run(self, seq, rows, failures):
        real(self, seq, rows, failures)
        if seq == 1:  # the first run is half-way: a second one starts on the same output
            with pytest.raises(FileExistsError, match=r"another run is writing .*out\.jsonl \(pid \d+ on .*"
                                                      r"started .*\): wait for it"):
                run_corpus(src, out, chunk_size=2, progress=False)
            refused.append(True)

    monkeypatch.setattr(corpus._Parts, "write", write_then_start_a_second_run)
    run = run_corpus(src, out, chunk_size=2, progress=False)
    assert refused == [True]
    assert (run.n_rows, run.n_failed) == (expected.n_rows, expected.n_failed) == (len(good), len(bad))
    assert read_errors(run.errors_path) == read_errors(expected.errors_path)
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_the_lock_of_a_killed_run_is_stale_and_taken_over(tmp_path, folder):
    # Issue 15.2: a lock file left by kill -9 names a dead process; the next run goes on.
    import subprocess
    import sys

    out = tmp_path / "out.jsonl"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (tmp_path / "out.jsonl.lock").write_text(json.dumps({"pid": int(dead.stdout), "host": "here", "started": "x"}))
    run = run_corpus(folder[0], out, progress=False)
    assert run.n_rows == 12 and not (tmp_path / "out.jsonl.lock").exists()


def test_outputs_that_are_inputs_or_each_other_are_refused_before_anything_is_read(tmp_path, folder):
    # Issue 15.3: --errors equal to --output replaced the output; -o equal to an input
    # overwrote the input with --no-resume.
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 3)
    before = src.read_bytes()
    with pytest.raises(ValueError, match=r"output .*news\.jsonl is also an input"):
        run_corpus(src, src, resume=False, progress=False)
    with pytest.raises(ValueError, match=r"output .*news\.jsonl is also an input"):
        run_corpus([str(folder[0] / "art000.txt"), src], tmp_path / "." / "news.jsonl", resume=False, progress=False)
    with pytest.raises(ValueError, match=r"errors_path .*news\.jsonl is also an input"):
        run_corpus(src, tmp_path / "o.jsonl", errors_path=src, progress=False)
    with pytest.raises(ValueError, match="output and errors_path are the same file"):
        run_corpus(folder[0], tmp_path / "o.jsonl", errors_path=tmp_path / "o.jsonl", progress=False)
    with pytest.raises(ValueError, match="errors_path and pairs file are the same file"):
        run_corpus(folder[0], tmp_path / "o.jsonl", errors_path=tmp_path / "o.pairs.jsonl", most_similar=2,
                   progress=False)
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "news.jsonl"]  # nothing written


def hostile_jsonl(path: Path) -> int:
    """A JSONL corpus with every kind of broken line; returns the number of items (non-blank lines)."""
    lines = [json.dumps({"id": f"ok{i}", "text": corpus_text(i)}) for i in range(30)]
    lines[3:3] = [json.dumps({"id": "dup", "text": corpus_text(40 + k)}) for k in range(3)]  # one row, two errors
    lines[10:10] = [
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "blank", "text": "   \n  "}),
        json.dumps({"id": "number", "text": 5}),
        "[1, 2, 3]",
        '"just a string, a text with no id"',
        json.dumps({"text": corpus_text(50)}),  # no id: the line gives one
        json.dumps({"id": None, "text": corpus_text(51)}),
        json.dumps({"id": "ok0", "text": corpus_text(52)}),  # duplicate of a good one
        json.dumps({"id": "nul", "text": "\u0000\u0000"}),
        json.dumps({"id": 7, "text": corpus_text(53)}),
        json.dumps({"id": "7", "text": corpus_text(54)}),  # the same id once as text
        "\u00ff\u00fe garbage",
    ]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return len(lines)


def corpus_text(i: int) -> str:
    from _corpus_data import article_text

    return article_text(i)


@pytest.mark.parametrize("chunk_size", [1, 3, 200])
def test_every_input_item_is_a_row_or_an_error_exactly_once_whatever_the_chunk_size(tmp_path, chunk_size):
    # Issue 15.4: failure records were merged (3 lines with one id: 1 row + 1 error with
    # --chunk-size 1, 2 errors by default) and one item of a hostile corpus went missing.
    src = tmp_path / "hostile.jsonl"
    n_items = hostile_jsonl(src)
    run = run_corpus(src, tmp_path / "out.jsonl", chunk_size=chunk_size, progress=False)
    rows = read_rows(run.output)
    errors = [json.loads(line) for line in run.errors_path.read_text(encoding="utf-8").splitlines()]
    assert run.n_items == n_items == len(rows) + len(errors) == run.n_rows + run.n_failed
    assert rows["id"].is_unique
    assert [e["id"] for e in errors].count("dup") == 2  # each failed item keeps its own record
    assert len({e["reason"] for e in errors if e["id"] == "dup"}) == 2  # told apart by their item number
    reference = run_corpus(src, tmp_path / "ref.jsonl", progress=False)
    assert read_errors_list(run.errors_path) == read_errors_list(reference.errors_path)


def read_errors_list(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_resumed_run_accounts_for_every_item_once(tmp_path, monkeypatch):
    src = tmp_path / "hostile.jsonl"
    n_items = hostile_jsonl(src)
    out = tmp_path / "out.jsonl"
    for k in (1, 2):  # interrupted twice, then finished
        with monkeypatch.context() as m:
            interrupt_after(m, k)
            with pytest.raises(Interrupt):
                run_corpus(src, out, chunk_size=4, progress=False)
    run = run_corpus(src, out, chunk_size=4, progress=False)
    errors = read_errors_list(run.errors_path)
    assert run.n_items == n_items == run.n_rows + len(errors)
    fresh = run_corpus(src, tmp_path / "fresh.jsonl", chunk_size=4, progress=False)
    assert errors == read_errors_list(fresh.errors_path)


def die_on(article_id):
    """_analyze that kills its (worker) process on one article, as an out-of-memory kill would."""
    import os
    import signal

    real = corpus._analyze

    def analyze(article, summary, job):
        if article.id == article_id:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(article, summary, job)

    return analyze


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                    reason="the test's killer function reaches the workers by fork")
def test_an_article_that_kills_its_worker_is_reported_and_the_run_goes_on(tmp_path, folder, monkeypatch):
    # Issue 15.5: a dead pool worker gave BrokenProcessPool as a deep traceback.
    src, ids = folder
    expected = read_rows(run_corpus(src, tmp_path / "fresh.jsonl", progress=False).output)
    monkeypatch.setattr(corpus, "_analyze", die_on("art005"))
    run = run_corpus(src, tmp_path / "out.jsonl", n_jobs=2, chunk_size=3, progress=False)
    assert (run.n_rows, run.n_failed, run.n_items) == (11, 1, 12)
    [error] = read_errors_list(run.errors_path)
    assert error["id"] == "art005" and "worker process died" in error["reason"] and "2 times" in error["reason"]
    pd.testing.assert_frame_equal(read_rows(run.output), expected[expected["id"] != "art005"].reset_index(drop=True))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_special_files_are_refused_not_read_without_end(tmp_path):
    # Issue 15.6: load_article('/dev/zero') read until memory ran out (its size is 0).
    import os

    from toolkit import ArticleError, iter_articles, load_article

    with pytest.raises(ArticleError, match="/dev/zero' is not a regular file"):
        load_article("/dev/zero")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError, match="is not a regular file"):
        load_article(fifo)
    [failure] = list(iter_articles(["/dev/zero"]))
    assert "not a regular file" in failure.reason


def bounded(call, timeout: float):
    """``call()`` in a thread: a call still running after ``timeout`` seconds fails the test instead of hanging it."""
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        pytest.fail(f"still running after {timeout:.0f} s: hung")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_the_local_dask_cluster_of_a_run_runs_no_profiler_and_ticks_once_a_second_restarted_workers_included():
    # scheduler="local" starts the cluster of nearest_neighbours(scheduler="local"): no
    # statistical profiler sampling every task's stack on the workers (for a dashboard
    # nobody opens), the event loop's tick once a second, not 50 times; a worker its nanny
    # restarts has the same settings. The run's own Dask settings stay.
    import dask

    pytest.importorskip("distributed")

    def settings(dask_worker) -> tuple[bool, float]:
        return "profile" in dask_worker.periodic_callbacks, dask_worker.periodic_callbacks["tick"].callback_time

    backend = corpus._DaskBackend("local", 2)
    try:
        client = backend.client
        assert len(client.scheduler_info()["workers"]) == 2
        assert dask.config.get("distributed.deploy.lost-worker-timeout") == "24h"
        assert dask.config.get("distributed.scheduler.allowed-failures") == corpus._MAX_ATTEMPTS - 1
        assert set(client.run(settings).values()) == {(False, 1000)}
        client.restart_workers(list(client.scheduler_info()["workers"]))
        client.wait_for_workers(2, timeout=120)
        assert set(client.run(settings).values()) == {(False, 1000)}
    finally:
        backend.close()


def test_a_killed_dask_worker_does_not_abort_the_run(tmp_path, monkeypatch):
    # Issue 15.5: killing one Dask worker gave FuturesCancelledError (chunks scattered with
    # hash=False cannot be recomputed by Dask): the client resends them.
    import os
    import signal

    distributed = pytest.importorskip("distributed")
    src = tmp_path / "news.jsonl"
    ids = write_jsonl(src, 20)
    expected = read_rows(run_corpus(src, tmp_path / "local.jsonl", chunk_size=2, progress=False).output)
    real = corpus._Parts.write
    killed = []

    def write_and_kill_a_worker(self, seq, rows, failures):
        real(self, seq, rows, failures)
        if not killed:  # after the first chunk, with others in flight on both workers
            pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:
        monkeypatch.setattr(corpus._Parts, "write", write_and_kill_a_worker)
        run = bounded(lambda: run_corpus(src, tmp_path / "dask.jsonl", chunk_size=2, scheduler=client,
                                         progress=False), timeout=300)
    assert killed and (run.n_rows, run.n_failed, run.n_items) == (20, 0, 20)
    pd.testing.assert_frame_equal(read_rows(run.output), expected)
    assert sorted(expected["id"]) == sorted(ids)


KILLER_PRELOAD = """
import os, signal

def dask_setup(worker):  # run by every Dask worker as it starts, restarted ones included
    import toolkit.corpus as corpus

    real = corpus._analyze

    def analyze(article, summary, job):
        if article.id == os.environ["NEWSKIT_TEST_KILLER"]:
            os.kill(os.getpid(), signal.SIGKILL)  # as an out-of-memory kill would
        return real(article, summary, job)

    corpus._analyze = analyze
"""


def run_cli_bounded(cmd: list[str], env: dict[str, str], timeout: float):
    """Run ``cmd``; a run still going after ``timeout`` seconds is killed with all its processes and fails the test."""
    import os
    import signal
    import subprocess

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"{' '.join(cmd)} hung: still running after {timeout:.0f} s")
    return proc.returncode, out, err


def test_an_article_that_kills_every_dask_worker_ends_in_the_errors_file(tmp_path):
    # Issue 15.5: an article that reliably kills every worker it reaches (out of memory, a crash
    # in a C library) must end in the errors file after a bounded number of tries, and the run
    # go on. Through the real command on a local Dask cluster, every worker loading a killer;
    # the run is bounded in time (it once hung in client.scatter).
    import os
    import sys

    pytest.importorskip("distributed")
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 20)
    expected = read_rows(run_corpus(src, tmp_path / "local.jsonl", text_column="body", chunk_size=3,
                                    progress=False).output)
    preload = tmp_path / "killer.py"
    preload.write_text(KILLER_PRELOAD, encoding="utf-8")
    env = {**os.environ, "NEWSKIT_TEST_KILLER": "doc-7", "DASK_DISTRIBUTED__WORKER__PRELOAD": f"['{preload}']"}
    out = tmp_path / "dask.jsonl"
    cmd = [sys.executable, "-m", "toolkit", "corpus", str(src), "--text-column", "body", "-o", str(out),
           "--scheduler", "local", "--jobs", "2", "--chunk-size", "3", "--no-progress"]
    code, stdout, stderr = run_cli_bounded(cmd, env, timeout=300)
    assert code == 1, stderr
    assert stdout.splitlines()[-1] == "20 items: 19 written, 1 failed" and "Traceback" not in stderr
    [error] = read_errors_list(tmp_path / "dask.jsonl.errors.jsonl")
    assert error["id"] == "doc-7" and "worker process died" in error["reason"]
    assert "on 2 workers in turn" in error["reason"]  # Dask's retries, bounded as for local processes
    pd.testing.assert_frame_equal(read_rows(out), expected[expected["id"] != "doc-7"].reset_index(drop=True))


def test_a_dask_cluster_left_without_workers_ends_the_run_with_a_clear_error(tmp_path, monkeypatch):
    # A run on a cluster that has lost every worker for good waited for ever; now it stops
    # with an error that says what to do, and a rerun resumes from the finished chunks.
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "news.jsonl"
    write_jsonl(src, 12)
    out = tmp_path / "dask.jsonl"
    monkeypatch.setattr(corpus, "_NO_WORKER_SECONDS", 1.0)
    monkeypatch.setattr(corpus, "_WORKER_CHECK_SECONDS", 0.2)
    real = corpus._Parts.write
    emptied = []

    def write_then_lose_the_workers(self, seq, rows, failures):
        real(self, seq, rows, failures)
        if not emptied:
            cluster.scale(0)
            emptied.append(seq)

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0",
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:
        with monkeypatch.context() as m:
            m.setattr(corpus._Parts, "write", write_then_lose_the_workers)
            with pytest.raises(ConnectionError, match="has had no worker for 1 s: start workers"):
                bounded(lambda: run_corpus(src, out, text_column="body", chunk_size=2, scheduler=client,
                                           progress=False), timeout=120)
        assert emptied and not out.exists()
        cluster.scale(1)
        run = bounded(lambda: run_corpus(src, out, text_column="body", chunk_size=2, scheduler=client,
                                         progress=False), timeout=120)
    assert run.n_skipped >= 2 and (run.n_rows, run.n_failed) == (12, 0)


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def start_parallel_cli_run(tmp_path, n=600):
    import subprocess
    import sys
    import time

    src = tmp_path / "news.jsonl"
    write_jsonl(src, n)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "toolkit", "corpus", str(src), "--text-column", "body", "-o", str(out),
           "--jobs", "2", "--chunk-size", "5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list((tmp_path / "out.jsonl.in-progress").glob("part-*")):
        time.sleep(0.05)
    workers = children_of(proc.pid)
    assert workers, "the run started no worker process"
    return proc, cmd, out, workers


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path):
    # Issue 15.8: after kill -9 of the parent with --jobs 2 the workers lived on, holding
    # the output pipe open (`| tee` hung).
    import signal
    import time

    proc, _, _, workers = start_parallel_cli_run(tmp_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(Path(f"/proc/{w}").exists() and "Z" not in
                                         Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0]
                                         for w in workers if Path(f"/proc/{w}").exists()):
        time.sleep(0.1)
    alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()
             and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert alive == []
    assert proc.stdout.read() is not None  # the pipe is closed: this does not hang


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_sigterm_is_handled_as_an_interruption_and_the_run_resumes(tmp_path):
    # Issue 15.8: SIGTERM gets the clean "interrupted" handling of Ctrl-C.
    import signal
    import subprocess

    proc, cmd, out, _ = start_parallel_cli_run(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "rerun the same command" in err
    assert "Traceback" not in err and not out.exists() and not (tmp_path / "out.jsonl.lock").exists()
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0 and "600 items: 600 written, 0 failed" in done.stdout
    assert __import__("re").search(r"analysed now, [1-9][\d,]* kept from an earlier run", done.stdout)


def test_a_csv_output_with_huge_cells_reads_back_and_resumes(tmp_path):
    # Issue 15.7: a CSV cell over 128 KiB could not be read back (resume, to_frame()).
    import csv
    import subprocess
    import sys

    src = tmp_path / "long.jsonl"
    sentence = "Iraqi forces retook the old city of Mosul after a long offensive that lasted many months"
    text = "Long dispatch\n\n" + " ".join(f"{sentence} number {i}." for i in range(2500))
    src.write_text(json.dumps({"id": "long", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code = "import csv; csv.field_size_limit(131072); from toolkit.cli import main; raise SystemExit(main(%r))"
    argv = ["corpus", str(src), "-o", str(out), "--ratio", "1"]
    first = subprocess.run([sys.executable, "-c", code % argv], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    limit = csv.field_size_limit(131072)  # csv's default, which this process may have raised
    try:
        with pytest.raises(csv.Error, match="field larger than field limit"):
            list(csv.reader(out.open(encoding="utf-8")))
    finally:
        csv.field_size_limit(limit)
    again = subprocess.run([sys.executable, "-c", code % argv], capture_output=True, text=True)
    assert again.returncode == 0 and "1 kept from an earlier run" in again.stdout, again.stderr
    assert len(read_rows(out)["summary"][0]) > 131072


def test_outputs_get_the_users_normal_permissions(tmp_path, folder):
    # Issue 14.10: output files were created -rw------- under umask 022.
    import os

    old = os.umask(0o022)
    try:
        run = run_corpus(folder[0], tmp_path / "out.csv", progress=False)
    finally:
        os.umask(old)
    assert (run.output.stat().st_mode & 0o777) == 0o644
    assert ((tmp_path / "out.csv.run.json").stat().st_mode & 0o777) == 0o644


def test_temporary_files_of_a_killed_final_write_are_cleaned_up(tmp_path, folder):
    # Issue 15.12: full-size temporary files were left behind by a run killed in its final write.
    stale = [tmp_path / ".out.jsonl.abc123.tmp", tmp_path / ".out.jsonl.errors.jsonl.x.tmp"]
    for path in stale:
        path.write_text("half a table")
    other = tmp_path / ".other.jsonl.zz.tmp"
    other.write_text("not ours")
    run_corpus(folder[0], tmp_path / "out.jsonl", progress=False)
    assert not any(p.exists() for p in stale) and other.exists()


def test_a_corrupt_part_file_is_named_in_the_error(tmp_path, folder, monkeypatch):
    # Issue 15.10: a corrupt part file gave a JSON error without its path.
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        interrupt_after(m, 1)
        with pytest.raises(Interrupt):
            run_corpus(folder[0], out, chunk_size=4, progress=False)
    [part] = (tmp_path / "out.jsonl.in-progress").glob("part-*.jsonl")
    part.write_text('{"id": "art000", "summ')
    with pytest.raises(ValueError, match=r"part-.*\.jsonl, line 1: not valid JSON"):
        run_corpus(folder[0], out, chunk_size=4, progress=False)


def test_an_empty_theme_set_is_an_error_not_a_failure_per_article(tmp_path, folder):
    # Issue 15.10: run_corpus(themes=[]) turned every article into a failure.
    with pytest.raises(ValueError, match="themes is empty"):
        run_corpus(folder[0], tmp_path / "out.jsonl", themes=[], progress=False)
    assert not list(tmp_path.glob("out*"))
