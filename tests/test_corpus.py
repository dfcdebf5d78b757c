"""run_corpus: every good item processed, every bad one reported, resumable, atomic, parallel."""
from __future__ import annotations

import json
from pathlib import Path

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
    assert run.errors_path is None and not (tmp_path / "out.errors.jsonl").exists()
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
    (tmp_path / "out.errors.jsonl").write_text('{"id": "old", "source": null, "reason": "x"}\n')
    run_corpus(folder[0], out, progress=False)
    assert not (tmp_path / "out.errors.jsonl").exists()


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


def test_new_articles_are_added_to_an_existing_output(tmp_path, monkeypatch):
    src = tmp_path / "in"
    write_folder(src, 5)
    out = tmp_path / "out.jsonl"
    run_corpus(src, out, progress=False)
    write_folder(src, 8)  # three new files, the first five rewritten identically
    analysed = count_analysed(monkeypatch)
    run = run_corpus(src, out, progress=False)
    assert sorted(analysed) == ["art005", "art006", "art007"]
    assert run.n_rows == 8


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
    with pytest.raises(ValueError, match=r"used other options \(n_sentences\).*resume=False"):
        run_corpus(folder[0], out, n_sentences=3, chunk_size=4, progress=False)
    run = run_corpus(folder[0], out, n_sentences=3, resume=False, progress=False)
    assert run.n_skipped == 0 and run.n_rows == 12


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
    (tmp_path / "mixed" / "empty.txt").write_text("Now a headline\n\nAnd now a body with words.")
    run = run_corpus(tmp_path / "mixed", out, progress=False)
    assert run.n_processed == 1 and run.n_failed == len(bad) - 1
    assert "empty" in set(read_rows(out)["id"])


def test_an_existing_output_with_other_columns_is_not_resumed(tmp_path, folder):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x", "something": 1}\n')
    with pytest.raises(ValueError, match="exists with other columns.*resume=False"):
        run_corpus(folder[0], out, progress=False)


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


@pytest.mark.parametrize("block_cells", [4_000_000, 30])  # one block; blocks of two rows
def test_most_similar_pairs_are_the_best_of_all_pairs(tmp_path, monkeypatch, block_cells):
    from toolkit.loading import iter_articles
    from toolkit.similarity import TextSimilarity

    monkeypatch.setattr(corpus, "_PAIR_BLOCK_CELLS", block_cells)
    src = tmp_path / "in"
    ids = write_folder(src, 12)
    (src / "copy.txt").write_text((src / "art004.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "zz_empty.txt").write_text("")
    run = run_corpus(src, tmp_path / "out.csv", most_similar=4, progress=False)
    pairs = pd.read_csv(run.pairs_path)
    assert run.pairs_path.name == "out.pairs.csv"
    assert list(pairs.columns) == ["id_a", "id_b", "title_a", "title_b", "similarity"]
    assert (pairs.loc[0, "id_a"], pairs.loc[0, "id_b"]) == ("art004", "copy")
    assert pairs.loc[0, "similarity"] == pytest.approx(1.0)
    # brute force over every pair of the good articles
    articles = [a for a in iter_articles(src) if isinstance(a, Article) and a.text]
    texts = [a.text for a in articles]
    S = TextSimilarity(method="tfidf").fit(texts).pairwise(texts)
    best = sorted(((S[i, j], articles[i].id, articles[j].id) for i in range(len(texts))
                   for j in range(i + 1, len(texts))), key=lambda t: -t[0])[:4]
    assert pairs["similarity"].tolist() == pytest.approx([b[0] for b in best])
    assert pairs["similarity"].is_monotonic_decreasing
    assert "zz_empty" not in set(pairs["id_a"]) | set(pairs["id_b"])


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
    assert run.errors().empty and list(run.errors().columns) == ["id", "source", "reason"]
