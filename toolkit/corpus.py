"""Batch runs over corpora too large for a notebook: streaming, resumable, atomic, parallel.

:func:`run_corpus` reads articles from a folder, a glob, a list of paths, JSONL, CSV or
Parquet one chunk at a time, summarizes each article, scores it on the themes and writes
one row per article to a JSONL, CSV or Parquet table. What it promises:

* **bounded memory**: only a few chunks are in memory at once, whatever the corpus size;
* **nothing lost**: an item that cannot be read or analysed (unreadable file, empty text,
  bad encoding, malformed JSONL line, duplicate id) is listed with its id and reason in an
  errors file (JSONL: ``id``, ``source``, ``reason``) and the run goes on;
* **resumable**: finished chunks are kept in ``<output>.in-progress/``; rerunning the same
  call skips every id already done (in those parts or in an existing output) and only
  computes the rest;
* **atomic**: the output is written under a temporary name and renamed into place at the
  end, so a file with the output's name is always complete;
* **parallel**: ``n_jobs`` local processes, or a Dask cluster (``scheduler=``), with the
  same rows as a single-process run.

Corpus-level term weights (``idf="corpus"``) are learned in one streaming pass over the
corpus before summarizing. Not for a handful of articles in a notebook: call
:func:`toolkit.summarize` and :func:`toolkit.tag_themes` directly.
"""
from __future__ import annotations

import dataclasses
import glob
import hashlib
import html
import json
import logging
import os
import socket
import shutil
import signal
import sys
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as _wait_futures
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import _tables, _theme_weights
from ._dask import local_cluster
from .archive import archive_paths, write_archive
from ._batch import ProgressBar, error_reason, in_progress_path
from ._inputs import join_title
from .loading import DEFAULT_MAX_BYTES, Article
from .summarizing import Summarizer, SummaryLength

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CorpusRun", "run_corpus"]

IdfMode = Literal["document", "corpus"]
_IDF_MODES = ("document", "corpus")
_BASE_COLUMNS: list[tuple[str, _tables.Kind]] = [
    ("id", "str"),
    ("source", "str"),
    ("title", "str"),
    ("n_sentences", "int"),
    ("summary", "str"),
    ("summary_indices", "list[int]"),
    ("themes", "list[str]"),
]
_ERROR_COLUMNS: list[tuple[str, _tables.Kind]] = [("id", "str"), ("source", "str"), ("reason", "str")]
_RUN_SUFFIX = ".run.json"  # next to a finished output: the settings and inputs that made it
_LOCK_SUFFIX = ".lock"  # next to the output while a run writes it: the pid of that run
# The default errors file, named as those two are: after the output's whole name, so that
# out/news.jsonl and out/news.csv do not share (and overwrite) one errors file.
_ERRORS_SUFFIX = ".errors.jsonl"
_MAX_ATTEMPTS = 2  # tries of one article whose worker process died, before it is reported
_CONNECT_TIMEOUT = "10s"  # how long to wait for a Dask scheduler before giving up
_WORKER_CHECK_SECONDS = 5.0  # while Dask tasks run, how often to check that the cluster still has workers
_NO_WORKER_SECONDS = 120.0  # a cluster without any worker for this long ends the run (rerun to resume)


@dataclass(frozen=True)
class CorpusRun:
    """What a :func:`run_corpus` call did.

    Attributes
    ----------
    output : Path
        The complete output table (one row per article).
    errors_path : Path or None
        The errors file (JSONL: id, source, reason), or None when nothing failed.
    n_rows : int
        Rows in the output, including those kept from earlier runs.
    n_processed : int
        Articles analysed by this call.
    n_skipped : int
        Items already done by an earlier, possibly interrupted, run and not recomputed.
    n_failed : int
        Items listed in the errors file.
    seconds : float
        Wall-clock time of the call.
    format : {"jsonl", "csv", "parquet"}
        The output's format.
    pairs_path : Path or None
        The most similar pairs (``most_similar=``), or None.
    archive_paths : dict of str to Path
        The neighbours, stories and timeline tables written (see :mod:`toolkit.archive`).
    n_items : int
        Items read from the source: each is either a row of the output or a line of the
        errors file, so ``n_items == n_rows + n_failed``.
    """

    output: Path
    errors_path: Path | None
    n_rows: int
    n_processed: int
    n_skipped: int
    n_failed: int
    seconds: float
    format: _tables.Format = "jsonl"
    pairs_path: Path | None = None
    archive_paths: dict[str, Path] = field(default_factory=dict)
    n_items: int = 0

    @property
    def ok(self) -> bool:
        """True when no item failed."""
        return self.n_failed == 0

    def __repr__(self) -> str:
        return (f"CorpusRun(output={str(self.output)!r}, rows={self.n_rows}, processed={self.n_processed}, "
                f"skipped={self.n_skipped}, failed={self.n_failed}, seconds={self.seconds:.1f})")

    def to_frame(self) -> pd.DataFrame:
        """The output table as a DataFrame (reads the whole file: mind large corpora)."""
        import pandas as pd

        fmt = _tables.table_format(self.output, self.format)
        names = _tables.table_columns(self.output, format=fmt)
        kinds = dict(_BASE_COLUMNS)
        columns = [(n, kinds.get(n, "float")) for n in names]
        rows = [row for batch in _tables.read_table(self.output, columns, format=fmt) for row in batch]
        return pd.DataFrame(rows, columns=names)

    def errors(self) -> pd.DataFrame:
        """The failed items (columns id, source, reason); empty when nothing failed."""
        import pandas as pd

        if self.errors_path is None:
            return pd.DataFrame(columns=[n for n, _ in _ERROR_COLUMNS])
        rows = [row for batch in _tables.read_table(self.errors_path, _ERROR_COLUMNS, format="jsonl") for row in batch]
        return pd.DataFrame(rows, columns=[n for n, _ in _ERROR_COLUMNS])

    def to_html(self) -> str:
        """A small HTML table of the counts."""
        cells = [("output", self.output), ("errors", self.errors_path or "none"),
                 ("pairs", self.pairs_path or "none"), ("rows", self.n_rows),
                 ("processed", self.n_processed), ("skipped", self.n_skipped), ("failed", self.n_failed),
                 ("seconds", f"{self.seconds:.1f}")]
        left = " style='text-align:left'"  # paths read from the left; counts stay right-aligned
        body = "".join(f"<tr><th{left}>{k}</th><td{'' if isinstance(v, int) else left}>"
                       f"{html.escape(str(v))}</td></tr>" for k, v in cells)
        return f"<table class='newskit-corpus-run'>{body}</table>"

    def _repr_html_(self) -> str:
        return self.to_html()


# ---------------------------------------------------------------------------------------------
# What is computed for one article (runs in worker processes: module-level and picklable).


@dataclass(frozen=True)
class _Job:
    summarizer: Any  # a Summarizer: per-article term weights, or fitted on the corpus
    length: dict[str, Any]  # n_sentences, ratio, max_words
    themes: Any


def _analyze(article: Article, summary: Any, job: _Job) -> dict[str, Any]:
    from .themes import tag_themes

    if summary is None:  # the batch failed: this article alone, so its own error is reported
        summary = job.summarizer.summarize(article, **job.length)
    ids = _theme_weights.theme_ids(job.themes)
    tags = tag_themes(article, themes=job.themes)
    # The share of the article's sentences tagged with each theme: the measure of
    # Comparison.theme_scores(), so corpus rows and comparisons read the same way.
    shares = dict(zip(ids, _theme_weights.theme_weights(tags, ids, "share").tolist()))
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "n_sentences": len(tags),
        "summary": summary.text,
        "summary_indices": [int(i) for i in summary.indices],
        "themes": sorted((t for t in ids if shares[t] > 0), key=lambda t: -shares[t]),
        **shares,
    }


def _process_chunk(articles: list[Article], job: _Job) -> tuple[list[dict], list[dict]]:
    with warnings.catch_warnings():
        # Degenerate texts get the summarizer's documented result (e.g. an empty summary
        # when no sentence fits max_words) and show as such in the rows; a warning per
        # article from worker processes would only clutter standard error.
        warnings.simplefilter("ignore")
        try:  # one vectorizer pass for the chunk: the same summaries as one by one
            summaries = job.summarizer.summarize_many(articles, **job.length, progress=False)
        except Exception:
            summaries = [None] * len(articles)
        rows, failures = [], []
        for article, summary in zip(articles, summaries):
            try:
                rows.append(_analyze(article, summary, job))
            except Exception as exc:  # one bad article must not sink the chunk: it is reported
                failures.append({"id": article.id, "source": article.source, "reason": error_reason(exc)})
    return rows, failures


def _count_terms(articles: list[Article]) -> tuple[int, Counter]:
    """Document frequencies of the analysed terms of ``articles`` (one pass, no vocabulary)."""
    from ._text import analyze

    df: Counter = Counter()
    for article in articles:
        df.update(set(analyze(join_title(article.text, article.title))))  # as Summarizer.fit reads it
    return len(articles), df


# A worker process keeps the job it was started with, so the (possibly large) learned term
# weights cross the process boundary once per worker, not once per chunk.
_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job | None, parent: int | None = None) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job
    # Ctrl-C is for the parent, which stops the run and keeps the finished parts; workers
    # killed by it mid-chunk would only print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)


def _die_with_parent(parent: int | None) -> None:
    """Ask Linux to kill this process when its parent dies (``kill -9`` of the run included).

    Without it, workers of a killed run live on, reparented, holding its pipes open.
    Elsewhere, the pool's own checks stop idle workers when the parent is gone.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: nothing more to do
        return
    if parent is not None and os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _process_chunk_in_worker(articles: list[Article]) -> tuple[list[dict], list[dict]]:
    return _process_chunk(articles, _WORKER_JOB)


# ---------------------------------------------------------------------------------------------
# Where chunks run: in this process, in a local process pool, or on a Dask cluster.


class _Backend:
    n_workers = 1
    generation = 0  # incremented each time the workers are replaced after one died

    @property
    def max_in_flight(self) -> int:
        """Chunks submitted and not yet written: two per worker keeps every worker busy."""
        return 2 * self.n_workers

    def start(self, job: _Job | None) -> None:
        """Get ready to run chunks of ``job`` (None: only term counting)."""

    def submit(self, fn: Callable, chunk: list[Article]) -> Any:
        raise NotImplementedError

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        raise NotImplementedError

    def recover(self, generation: int) -> None:
        """A chunk sent in ``generation`` failed in the machinery (a worker died): get ready to retry."""

    def gave_up(self, error: BaseException) -> bool:
        """Whether ``error`` says the backend already retried the work (Dask's ``KilledWorker``)."""
        return False

    def result(self, future: Any) -> Any:
        """The result of a future that ``wait_first`` returned (raises what the work raised)."""
        return future.result()

    def close(self) -> None:
        pass


class _SerialBackend(_Backend):
    max_in_flight = 1  # a chunk is done when submitted: write it before reading the next

    def start(self, job: _Job | None) -> None:
        self.job = job

    def submit(self, fn: Callable, chunk: list[Article]) -> Future:
        future: Future = Future()
        future.set_result(fn(chunk) if fn is _count_terms else fn(chunk, self.job))
        return future

    def wait_first(self, futures: Iterable[Future]) -> set[Future]:
        return set(futures)


class _ProcessBackend(_Backend):
    def __init__(self, n_jobs: int) -> None:
        self.n_workers = n_jobs
        self.pool: ProcessPoolExecutor | None = None

    def start(self, job: _Job | None) -> None:
        self.close()
        self.job = job
        self.pool = ProcessPoolExecutor(self.n_workers, initializer=_init_worker, initargs=(job, os.getpid()))

    def submit(self, fn: Callable, chunk: list[Article]) -> Future:
        from concurrent.futures.process import BrokenProcessPool

        target = fn if fn is _count_terms else _process_chunk_in_worker
        try:
            return self.pool.submit(target, chunk)
        except BrokenProcessPool:  # a worker died since the last submit: a fresh pool
            self.recover(self.generation)
            return self.pool.submit(target, chunk)

    def wait_first(self, futures: Iterable[Future]) -> set[Future]:
        return _wait_futures(list(futures), return_when=FIRST_COMPLETED).done

    def recover(self, generation: int) -> None:
        if generation != self.generation or self.pool is None:
            return  # already replaced after this failure
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None
        self.generation += 1
        self.start(self.job)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _job_value(job: _Job) -> _Job:
    return job


class _DaskBackend(_Backend):
    """Chunks as Dask tasks, each carrying its articles, all sharing one task that holds the job.

    Nothing is sent with ``client.scatter``. Scattered data (``hash=False``) lives only on the
    worker that got it: a killed worker took its chunks and the job with it, the tasks that
    needed them were cancelled, and the run had to scatter them again. A task that carries
    its data is the scheduler's to run again on another worker: Dask does so when a worker
    dies, and after a task's worker died ``allowed-failures + 1`` times
    (``distributed.scheduler.allowed-failures``) it gives up with ``KilledWorker``, which
    bounds the retries of an article that kills every worker it reaches.

    Waits are bounded: a run whose cluster has no worker left stops with an error (a run
    with such an article "hung in scatter": its local cluster had closed every worker for
    good, see ``__init__``, and scattering retried for minutes), and a result lost with its
    worker is not waited for (``wait_first``).
    """

    def __init__(self, scheduler: Any, n_jobs: int) -> None:
        try:
            import dask
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - distributed is in requirements.txt
            raise ImportError("scheduler= needs Dask: pip install 'dask[distributed]'") from exc
        self.cluster = None
        self.own_client = True
        self.config = None
        if isinstance(scheduler, Client):
            self.client, self.own_client = scheduler, False
        elif scheduler == "local":
            # A killed worker is restarted by its nanny, but a LocalCluster also closes for good
            # the nanny of a worker not back distributed.deploy.lost-worker-timeout (15 s) after
            # it died, on a timer that does not know of later deaths: under load a restart takes
            # about that long, so workers killed again and again were lost one by one until none
            # was left, and the run waited for ever. It is read when a worker dies: set for the run.
            # And an article whose worker died twice is given up, as with local processes.
            self.config = dask.config.set({"distributed.deploy.lost-worker-timeout": "24h",
                                           "distributed.scheduler.allowed-failures": _MAX_ATTEMPTS - 1})
            try:
                with _sigint_ignored():  # Ctrl-C stops the run here; the cluster then shuts down cleanly
                    # The cluster of nearest_neighbours(scheduler="local"): no dashboard, no profiler.
                    self.cluster = local_cluster(n_workers=n_jobs, silence_logs=logging.CRITICAL)
                self.client = Client(self.cluster)
            except BaseException:
                self.close()
                raise
        else:
            try:
                self.client = Client(scheduler, timeout=_CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise ConnectionError(
                    f"cannot reach the Dask scheduler at {scheduler!r}: {exc}. Start one with "
                    "`dask scheduler` (workers: `dask worker ADDRESS`), or use scheduler='local'"
                ) from exc
        self.address = self.client.scheduler.address
        self.n_workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.job: _Job | None = None
        self.job_future = None
        self.job_keys: set[Any] = set()  # the tasks that held the job, this one and earlier ones

    def start(self, job: _Job | None) -> None:
        # One task holds the job; chunk tasks depend on it, so it crosses to each worker once.
        # Lost with a worker, it is computed again from the copy the scheduler keeps.
        self.job = job
        self.job_future = None
        if job is not None:
            self._submit_job()

    def _submit_job(self) -> None:
        self.job_future = self.client.submit(_job_value, self.job, pure=False)
        self.job_keys.add(self.job_future.key)

    def submit(self, fn: Callable, chunk: list[Article]) -> Any:
        if fn is _count_terms:
            return self.client.submit(_count_terms, chunk, pure=False)
        if self.job_future.status in ("error", "cancelled"):
            # Dask gave up on the job's task: it was being recomputed on workers that an
            # article killed (each death counts against every task on the worker). The job is
            # innocent: a new task, and the chunks that failed with it are tried again.
            self._submit_job()
        return self.client.submit(_process_chunk, chunk, self.job_future, pure=False)

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        from concurrent.futures import CancelledError

        from distributed import wait

        futures = list(futures)
        no_worker_since = None
        while True:
            try:
                wait(futures, timeout=_WORKER_CHECK_SECONDS, return_when="FIRST_COMPLETED")
            except (CancelledError, TimeoutError):  # cancelled ones are sent again (see _run_chunks)
                pass
            # Not "lost": the result of a finished task that was on a worker that died is
            # computed again, and result() would wait for it (for ever, with no worker left).
            done = {f for f in futures if f.status in ("finished", "error", "cancelled")}
            if done:
                return done
            # Still running, which may take long; but with no worker at all it would never end.
            no_worker_since = self._check_workers(no_worker_since)

    def result(self, future: Any) -> Any:
        # A finished result can still be lost with its worker before it is fetched: Dask
        # then computes it again, and the wait is bounded as in wait_first.
        no_worker_since = None
        while True:
            try:
                return future.result(timeout=_WORKER_CHECK_SECONDS)
            except TimeoutError:
                no_worker_since = self._check_workers(no_worker_since)

    def _check_workers(self, no_worker_since: float | None) -> float | None:
        """When the cluster has had no worker since (None: it has one now); an error after _NO_WORKER_SECONDS."""
        if self.client.nthreads():
            return None
        if no_worker_since is None:
            return time.monotonic()
        if time.monotonic() - no_worker_since > _NO_WORKER_SECONDS:
            raise ConnectionError(
                f"the Dask cluster at {self.address} has had no worker for {_NO_WORKER_SECONDS:.0f} s: start "
                "workers (`dask worker ADDRESS`), then rerun the same command to resume (finished chunks are kept)")
        return no_worker_since

    def gave_up(self, error: BaseException) -> bool:
        from distributed.scheduler import KilledWorker

        # Only on the article's own task: a KilledWorker of the job's task is passed on to
        # every task that needs the job, and says nothing of their articles.
        return isinstance(error, KilledWorker) and error.task not in self.job_keys

    def close(self) -> None:
        if self.own_client and getattr(self, "client", None) is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        if self.config is not None:
            self.config.__exit__(None, None, None)
            self.config = None


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Processes started inside inherit "ignore Ctrl-C" (only the main thread can set it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_chunks(backend: _Backend, fn: Callable, chunks: Iterable[tuple[Any, list[Article]]]
                ) -> Iterator[tuple[Any, Any]]:
    """``(tag, fn(chunk))`` as chunks finish, with at most a few chunks in flight.

    Reading ahead is bounded (``backend.max_in_flight`` chunks), which bounds memory
    however large the corpus is. Empty chunks are not sent anywhere.

    A chunk whose worker died (out of memory, a crash in a C library, a killed process or
    Dask worker) is redone one article at a time with nothing else in flight, so that the
    article that kills its worker is found; it is tried ``_MAX_ATTEMPTS`` times, then
    reported as a failure (``fn is _process_chunk``) or left out (term counting, whose
    pass is followed by the summaries, where it is reported), and the run goes on.
    """
    limit = backend.max_in_flight
    pending: dict[Any, tuple[Any, list[Article], int]] = {}
    suspects: list[tuple[Any, list[Article]]] = []

    def settle(future: Any) -> Iterator[tuple[Any, Any]]:
        tag, chunk, generation = pending.pop(future)
        try:
            result = backend.result(future)
        except Exception:  # noqa: BLE001 - the chunk's own errors are caught inside it: a worker died
            backend.recover(generation)
            suspects.append((tag, chunk))
            return
        yield tag, result

    def isolate() -> Iterator[tuple[Any, Any]]:
        while pending:  # nothing else in flight: a death is then the article's own
            for future in backend.wait_first(list(pending)):
                yield from settle(future)
        while suspects:
            tag, chunk = suspects.pop(0)
            yield tag, _one_at_a_time(backend, fn, chunk)

    for tag, chunk in chunks:
        if not chunk:
            yield tag, None
            continue
        while len(pending) >= limit:
            for future in backend.wait_first(list(pending)):
                yield from settle(future)
        if suspects:
            yield from isolate()
        pending[backend.submit(fn, chunk)] = (tag, chunk, backend.generation)
    while pending or suspects:
        for future in backend.wait_first(list(pending)) if pending else ():
            yield from settle(future)
        if suspects:
            yield from isolate()


def _one_at_a_time(backend: _Backend, fn: Callable, chunk: list[Article]) -> Any:
    """``fn(chunk)`` computed article by article; an article that kills its worker is a failure."""
    results = []
    missing = object()
    for article in chunk:
        result, error = missing, None
        for _ in range(_MAX_ATTEMPTS):
            generation = backend.generation
            future = backend.submit(fn, [article])
            backend.wait_first([future])
            try:
                result = backend.result(future)
                break
            except Exception as exc:  # noqa: BLE001 - the worker died again
                backend.recover(generation)
                error = exc
                if backend.gave_up(exc):  # Dask ran it on several workers already, and each died
                    break
        if result is not missing:
            results.append(result)
        elif fn is _process_chunk:
            if backend.gave_up(error):
                times, detail = f"on {error.allowed_failures + 1} workers in turn", "Dask gave up on it (KilledWorker)"
            else:
                times, detail = f"{_MAX_ATTEMPTS} times", error_reason(error)
            reason = (f"the worker process died while analysing this article, {times} "
                      f"(out of memory, or a crash in a library?): {detail}")
            results.append(([], [{"id": article.id, "source": article.source, "reason": reason}]))
    if fn is _count_terms:
        total: Counter = Counter()
        for _, df in results:
            total.update(df)
        return sum(n for n, _ in results), total
    return [r for rows, _ in results for r in rows], [f for _, failures in results for f in failures]


# ---------------------------------------------------------------------------------------------
# Reading the corpus.


def _iter_source(source: Any, *, text_column: str | None, title_column: str | None,
                 id_column: str | None, max_bytes: int | None) -> Iterator[Any]:
    from .loading import iter_articles

    return iter_articles(source, text_column=text_column, title_column=title_column, id_column=id_column,
                         max_bytes=max_bytes)


def _failure_record(item: Any) -> dict[str, Any]:
    return {"id": item.id, "source": item.source, "reason": item.reason}


def _key(record_id: Any, source: Any) -> str | None:
    return str(record_id) if record_id is not None else (str(source) if source is not None else None)


def _items(source: Any, read_options: dict[str, Any]) -> Iterator[tuple[str | None, Article | dict]]:
    """``(key, Article)`` for good items, ``(key, failure record)`` for broken ones.

    An article whose id was already seen in this corpus is a failure (ids must be unique
    for resuming to be exact); an empty text is one too.
    """
    seen: dict[str, int] = {}  # id -> its item number (1-based), for the duplicates' reason
    for n, item in enumerate(_iter_source(source, **read_options), 1):
        if not isinstance(item, Article):
            yield _key(item.id, item.source), _failure_record(item)
            continue
        key = _key(item.id, item.source)
        if key is None:
            yield None, {"id": None, "source": None, "reason": f"item {n}: an article without an id or a source"}
        elif key in seen:
            yield key, {"id": item.id, "source": item.source,
                        "reason": f"item {n}: duplicate id {key!r} (first seen at item {seen[key]})"}
        elif not item.text or not item.text.strip():
            seen[key] = n
            yield key, {"id": item.id, "source": item.source, "reason": "empty text"}
        else:
            seen[key] = n
            # The key is the row's id: an article without one (a raw text) takes its source.
            yield key, item if item.id is not None else replace(item, id=key)


# ---------------------------------------------------------------------------------------------
# A run's identity, its lock and the files it must not overwrite.

_TABLE_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".pq", ".gz")
_SETTING_NAMES = {  # how a difference is named to the user: the option and its flag
    "inputs": "inputs", "text_column": "text_column (--text-column)",
    "title_column": "title_column (--title-column)", "id_column": "id_column (--id-column)",
    "n_sentences": "n_sentences (-n)", "ratio": "ratio (--ratio)", "max_words": "max_words (--max-words)",
    "idf": "idf (--idf)", "themes": "themes (--themes)", "columns": "columns", "format": "format (--format)",
}


def _input_paths(source: Any) -> list[Path]:
    """The files named by ``source`` that exist (folders and globs expanded one level)."""
    items = source if isinstance(source, (list, tuple)) else [source]
    paths: list[Path] = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)) or (isinstance(item, str) and ("\n" in item or len(item) > 1024)):
            continue
        path = Path(os.path.expanduser(os.fspath(item)))
        try:
            if path.is_dir():  # what a folder input reads: not its tables (an output may live there)
                paths += [p for p in path.iterdir()
                          if p.is_file() and not p.name.lower().endswith(_TABLE_SUFFIXES + (_LOCK_SUFFIX,))]
            elif path.exists():
                paths.append(path)
            elif isinstance(item, str) and any(c in item for c in "*?["):
                paths += [Path(m) for m in glob.glob(os.path.expanduser(item), recursive=True) if Path(m).is_file()]
        except (OSError, ValueError):
            continue
    return paths


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_paths(source: Any, named: dict[str, Path]) -> None:
    """Refuse outputs that are inputs, or that are each other, before anything is read or written."""
    names = list(named)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if named[a].resolve() == named[b].resolve():
                raise ValueError(f"{a} and {b} are the same file ({named[a]}): give each its own path")
    inputs = _input_paths(source)
    resolved = {p.resolve() for p in inputs}
    for name, path in named.items():
        if path.resolve() in resolved or any(_same_file(path, p) for p in inputs if p.name == path.name):
            raise ValueError(f"{name} {path} is also an input: it would be overwritten; choose another {name} path")
        if path.is_dir():
            raise ValueError(f"{name} {path} is a folder: give a file path")


def _digest(parts: Iterable[Any]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def _inputs_identity(source: Any, own: set[Path]) -> dict[str, Any]:
    """What the run reads, cheaply: each file's path, size and modification time.

    Files of a folder that the run itself writes (its output, errors, pairs, lock, run
    record), hidden files, and tables (which a folder input does not read: another run's
    output kept there) are left out, so that writing the output does not change it.
    """
    items = source if isinstance(source, (list, tuple)) else [source]
    about: list[str] = []
    parts: list[Any] = []
    for item in items:
        if isinstance(item, (str, os.PathLike)) and not (isinstance(item, str) and ("\n" in item or len(item) > 1024)):
            path = Path(os.path.expanduser(os.fspath(item)))
            if path.is_dir():
                files = sorted(p for p in path.iterdir()
                               if p.is_file() and not p.name.startswith(".") and p.resolve() not in own
                               and not p.name.lower().endswith(_TABLE_SUFFIXES + (_LOCK_SUFFIX,)))
                label = f"folder {path}"
            elif path.exists() or not any(c in os.fspath(item) for c in "*?["):
                files, label = [path], f"{path}"
            else:
                files, label = sorted(_input_paths(item)), f"{item!r}"
            stats = []
            for f in files:
                try:
                    st = f.stat()
                    stats.append((str(f.resolve()), st.st_size, st.st_mtime_ns))
                except OSError:
                    stats.append((str(f), None, None))
            parts += [x for st in stats for x in st]
            size = sum(st[1] or 0 for st in stats)
            newest = max((st[2] or 0 for st in stats), default=0)
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(newest / 1e9)) if newest else "never"
            count = f"{len(stats):,} files, " if len(stats) != 1 or path.is_dir() else ""
            about.append(f"{label} ({count}{size:,} bytes, modified {when})")
        else:  # in memory: a list of texts, dicts or Articles, a DataFrame
            if hasattr(item, "to_dict") and hasattr(item, "columns"):
                import pandas as pd

                parts.append(pd.util.hash_pandas_object(item, index=True).to_numpy().tobytes())
                parts.append(list(item.columns))
            elif isinstance(item, Article):
                parts += [item.id, item.source, item.title, item.text]
            elif isinstance(item, dict):
                parts.append(json.dumps(item, sort_keys=True, default=str))
            else:
                parts.append(repr(item))
            about.append(f"a {type(item).__name__} in memory")
    shown = "; ".join(about[:3]) + (f"; and {len(about) - 3:,} more" if len(about) > 3 else "")
    return {"digest": _digest(parts), "about": shown}


def _themes_digest(themes: Any) -> str:
    """The theme set by content: editing a theme file changes it, renaming it does not."""
    def plain(theme: Any) -> Any:
        return dataclasses.asdict(theme) if dataclasses.is_dataclass(theme) else repr(theme)

    return _digest(json.dumps(plain(t), sort_keys=True, default=str) for t in themes)


def _differences(previous: dict[str, Any], current: dict[str, Any]) -> str:
    """What changed between two run identities, in words."""
    lines = []
    for key in [k for k in current if k != "version"] + [k for k in previous if k not in current]:
        old, new = previous.get(key), current.get(key)
        if old == new or (key == "columns" and previous.get("themes") != current.get("themes")):
            continue  # other themes mean other columns: said once
        name = _SETTING_NAMES.get(key, key)
        if key == "inputs":
            was, now = (old.get("about") if isinstance(old, dict) else str(old)), new["about"]
            head = os.path.commonprefix([was, now])
            head = head[:head.rfind(" (") + 1] if " (" in head else ""
            lines.append(f"inputs: {head}was {was[len(head):]}, now {now[len(head):]}" if was != now
                         else f"inputs: {now} has other content with the same size and time")
        elif key == "themes":
            lines.append("themes (--themes): another theme set, or the theme file was edited")
        else:
            lines.append(f"{name} was {old!r}, now {new!r}")
    return "; ".join(lines)


class _RunLock:
    """``<output>.lock``: one run at a time per output; held with ``flock``, so that the
    lock of a killed run is free again (stale) whatever its file says. The file holds the
    pid, host and start time of the holder, for the message of the run it refuses."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = output.with_name(output.name + _LOCK_SUFFIX)
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock, as before
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = self._holder(fd)
                os.close(fd)
                raise FileExistsError(
                    f"another run is writing {self.output} ({holder}): wait for it to finish, or stop it. "
                    f"If no such run is alive, delete {self.path}") from None
            try:  # the file may have been removed by the run that just released it: lock the new one
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                 "started": time.strftime("%Y-%m-%d %H:%M:%S")}).encode())
        self.fd = fd

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            info = json.loads(os.pread(fd, 4096, 0) or b"{}")
            return f"pid {info['pid']} on {info['host']}, started {info['started']}"
        except (OSError, ValueError, KeyError, TypeError):
            return "a run that is starting"

    def release(self) -> None:
        if self.fd is not None:
            self.path.unlink(missing_ok=True)  # before the lock is let go: no one holds a deleted file
            os.close(self.fd)
            self.fd = None


def _remove_stale_temporaries(paths: Iterable[Path]) -> None:
    """Temporary files of a run killed while writing ``paths`` (we hold their lock: no one writes them)."""
    for path in paths:
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# The run.


def run_corpus(
    source: Any,
    output: str | os.PathLike,
    *,
    text_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    format: _tables.Format | None = None,
    n_sentences: int | None = None,
    ratio: float | None = None,
    max_words: int | None = None,
    themes: Any = None,
    idf: IdfMode = "document",
    chunk_size: int = 200,
    n_jobs: int = 1,
    scheduler: Any = None,
    resume: bool = True,
    errors_path: str | os.PathLike | None = None,
    most_similar: int = 0,
    neighbours: int = 0,
    stories: bool = False,
    timeline: Literal["day", "week", "month"] | None = None,
    progress: bool | None = None,
) -> CorpusRun:
    """Summarize and theme-score every article of a corpus into one table, losing nothing.

    Parameters
    ----------
    source : path, glob, list of paths
        A folder of text/HTML files, a glob (``"news/*.txt"``), a list of paths, or a
        JSONL, CSV or Parquet file with one article per row. Read as a stream.
    output : path
        The output table; its format comes from the extension (``.jsonl``, ``.csv``,
        ``.parquet``) unless ``format`` is given. Columns: ``id``, ``source``, ``title``,
        ``n_sentences`` (sentences in the article), ``summary`` (the chosen sentences),
        ``summary_indices``, ``themes`` (the themes present, strongest first) and one
        column per theme id: the share of the article's sentences tagged with the theme
        (0 = absent), as in :meth:`toolkit.Comparison.theme_scores`.
    text_column, title_column, id_column : str, optional
        Which columns of a JSONL, CSV or Parquet source hold the text, title and id.
    max_bytes : int or None, default 20 MiB
        A file larger than this is not read: it is one failure in the errors file, as in
        :func:`toolkit.iter_articles`. None: no limit. Not one of the options a resumed run
        must repeat.
    format : {"jsonl", "csv", "parquet"}, optional
        The output format, when the extension does not say.
    n_sentences, ratio, max_words : optional
        The summary length, as for :func:`toolkit.summarize` (at most one).
    themes : optional
        The theme set (default: ``DEFAULT_THEMES``); see :func:`toolkit.load_themes`.
    idf : {"document", "corpus"}
        ``"document"``: each article weighs its terms on its own, exactly as
        :func:`toolkit.summarize`. ``"corpus"``: term weights learned over the whole
        corpus in one streaming pass first (common words of the corpus count less).
    chunk_size : int
        Articles per chunk: the unit of work, of checkpointing and of memory.
    n_jobs : int
        Local worker processes (``-1``: one per CPU); with ``scheduler="local"``, the
        number of Dask workers.
    scheduler : str or distributed.Client, optional
        Run on Dask: the address of a running scheduler (``"tcp://host:8786"``), a
        ``distributed.Client``, or ``"local"`` to start a ``LocalCluster`` for this run
        (``n_jobs`` workers). The neighbour search of ``most_similar``, ``neighbours`` and
        ``stories`` runs there too, on the same client and cluster.
    resume : bool
        Skip the ids already done by an earlier run of the same output (kept parts of an
        interrupted run, and the rows of an existing output). ``False`` starts over.
    errors_path : path, optional
        Where the failed items go (default: ``<output>.errors.jsonl`` next to the
        output, as ``out/news.csv.errors.jsonl`` for ``out/news.csv``). Written only
        when something failed; a stale one is removed.
    most_similar : int
        Also write the ``most_similar`` most similar pairs of articles to
        ``<output stem>.pairs.<ext>`` (columns ``id_a``, ``id_b``, ``title_a``,
        ``title_b``, ``similarity``): :meth:`toolkit.Neighbours.most_similar` of
        :func:`toolkit.nearest_neighbours` (the document similarity with weights learned
        over the corpus; near-duplicates, similarity >= ``NEAR_DUPLICATE``, left out: they
        are in the ``neighbours`` table). Unlike the rest of the run this holds every
        article in memory (no n x n matrix: memory grows linearly; exact up to 20,000
        articles, approximate beyond). 0 (default): no pairs.
    neighbours : int
        Also write each article's ``neighbours`` most similar articles to
        ``<output stem>.neighbours.<ext>`` (:func:`toolkit.nearest_neighbours`: no n x n
        matrix; on the Dask cluster with ``scheduler``). 0 (default): none.
    stories : bool
        Also write the stories (:func:`toolkit.find_stories`) to ``<output stem>.stories.<ext>``.
    timeline : {"day", "week", "month"}, optional
        Also write the theme shares per period (:func:`toolkit.theme_timeline`, dates
        from the source's date column or page metadata) to
        ``<output stem>.timeline.<ext>``, with a last row counting the undated articles.
    progress : bool, optional
        Show a progress bar on standard error; default: only when it is a terminal.

    Returns
    -------
    CorpusRun
        Counts, the output and errors paths; ``.to_frame()`` reads the output.

    Raises
    ------
    ValueError
        For invalid options, or when an unfinished run of the same output used other
        options (resume it with the same options, or pass ``resume=False``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Mosul retaken\\n\\nIraqi forces retook Mosul from ISIS. The ISIS fighters fled.")
    >>> _ = (folder / "b.txt").write_text("")  # broken: empty
    >>> run = run_corpus(folder, folder / "out.jsonl", n_sentences=1, progress=False)
    >>> run
    CorpusRun(output='.../out.jsonl', rows=1, processed=1, skipped=0, failed=1, seconds=...)
    >>> row = run.to_frame().iloc[0]
    >>> row["id"], row["summary"], row["themes"]
    ('a', 'Iraqi forces retook Mosul from ISIS.', ['territorial_loss', 'dispersal', 'military_response'])
    >>> run.errors()[["id", "reason"]].to_numpy().tolist()
    [['b', "file '.../b.txt' is empty: there is nothing to load"]]
    >>> run_corpus(folder, folder / "out.jsonl", n_sentences=1, progress=False).n_skipped  # not redone
    1
    """
    started = time.perf_counter()
    from .themes import DEFAULT_THEMES

    themes = DEFAULT_THEMES if themes is None else themes
    if isinstance(themes, (list, tuple)) and not themes:
        raise ValueError("themes is empty: pass None for the default theme set, or load_themes(path)")
    if idf not in _IDF_MODES:
        raise ValueError(f"idf must be one of {', '.join(map(repr, _IDF_MODES))}; got {idf!r}")
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer; got {chunk_size!r}")
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive integer or -1 (all CPUs); got {n_jobs!r}")
    length = dict(n_sentences=n_sentences, ratio=ratio, max_words=max_words)
    SummaryLength(**length)  # their errors, now
    if not isinstance(resume, bool):
        raise TypeError(f"resume must be True or False; got {resume!r}")
    if not isinstance(most_similar, int) or isinstance(most_similar, bool) or most_similar < 0:
        raise ValueError(f"most_similar must be a number of pairs (0 for none); got {most_similar!r}")
    if not isinstance(neighbours, int) or isinstance(neighbours, bool) or neighbours < 0:
        raise ValueError(f"neighbours must be a number of neighbours per article (0 for none); got {neighbours!r}")
    if timeline not in (None, "day", "week", "month"):
        raise ValueError(f"timeline must be 'day', 'week', 'month' or None; got {timeline!r}")
    n_jobs = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    output = Path(output)
    fmt = _tables.table_format(output, format)
    errors_path = Path(errors_path) if errors_path is not None else output.with_name(output.name + _ERRORS_SUFFIX)
    theme_ids = _theme_weights.theme_ids(themes)
    clash = sorted(set(theme_ids) & {n for n, _ in _BASE_COLUMNS})
    if clash:
        raise ValueError(f"theme ids {clash} clash with output column names; rename those themes")
    columns = _BASE_COLUMNS + [(t, "float") for t in theme_ids]
    names = [n for n, _ in columns]
    read_options = dict(text_column=text_column, title_column=title_column, id_column=id_column, max_bytes=max_bytes)
    options = dict(n_sentences=n_sentences, ratio=ratio, max_words=max_words, idf=idf,
                   columns=names, format=fmt)
    pairs_path = output.with_name(f"{output.stem}.pairs{output.suffix}") if most_similar else None
    archive = archive_paths(output, neighbours=neighbours, stories=bool(stories), timeline=timeline)
    record_path = output.with_name(output.name + _RUN_SUFFIX)
    lock = _RunLock(output)
    _check_paths(source, {"output": output, "errors_path": errors_path,
                          **({"pairs file": pairs_path} if pairs_path else {}),
                          **{f"{name} file": path for name, path in archive.items()}})
    _iter_source(source, **read_options)  # a missing path or an empty folder raises here, before any file

    lock.acquire()
    dask = None
    try:
        own = {p.resolve() for p in (output, errors_path, pairs_path, record_path, lock.path, *archive.values())
               if p is not None}
        identity = {"version": 1, **options, **{k: v for k, v in read_options.items() if k != "max_bytes"},
                    "themes": _themes_digest(themes),
                    "inputs": _inputs_identity(source, own)}
        _remove_stale_temporaries([output, errors_path, record_path] + ([pairs_path] if pairs_path else [])
                                  + list(archive.values()))
        if resume and output.exists():
            _check_finished(output, record_path, identity)
        show = sys.stderr.isatty() if progress is None else progress
        # One Dask client (and with "local" one cluster) for the whole run: the chunks, then
        # the neighbour search of the pairs and archive tables, which used to start a cluster
        # of their own (two at once, the run's idle one holding its workers' memory).
        dask = _DaskBackend(scheduler, n_jobs) if scheduler is not None else None
        run = _run(source, output, fmt=fmt, errors_path=errors_path, read_options=read_options, length=length,
                   themes=themes, idf=idf, chunk_size=chunk_size, n_jobs=n_jobs, dask=dask,
                   resume=resume, columns=columns, identity=identity, show=show)
        n_items, n_rows, n_processed, n_skipped, n_failed = run
        search_on = dask.client if dask is not None else None
        if pairs_path is not None:
            pairs = _most_similar_pairs(source, read_options, _read_keys(output, fmt), most_similar, search_on)
            _tables.write_table(pairs_path, _PAIR_COLUMNS, pairs, format=fmt)
        if archive:
            import pandas as pd

            rows = pd.DataFrame([r for batch in _tables.read_table(output, [("id", "str")] + columns[len(_BASE_COLUMNS):],
                                                                   format=fmt) for r in batch])
            write_archive(_items(source, read_options), rows, output, format=fmt, theme_ids=theme_ids,
                          neighbours=neighbours, stories=bool(stories), timeline=timeline, scheduler=search_on)
    finally:
        if dask is not None:
            dask.close()
        lock.release()
    if n_items != n_rows + n_failed:  # every item is a row or an error: say so if not
        warnings.warn(f"{n_items:,} items were read but {n_rows:,} rows and {n_failed:,} errors written: "
                      "please report this", RuntimeWarning, stacklevel=2)
    return CorpusRun(output=output, errors_path=errors_path if n_failed else None, n_rows=n_rows,
                     n_processed=n_processed, n_skipped=n_skipped, n_failed=n_failed,
                     seconds=time.perf_counter() - started, format=fmt, pairs_path=pairs_path, n_items=n_items,
                     archive_paths=archive)


def _check_finished(output: Path, record_path: Path, identity: dict[str, Any]) -> None:
    """An existing output is resumed only when the run that made it had the same identity."""
    try:
        previous = json.loads(record_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{output} exists, with no record of the settings that made it ({record_path.name} "
                         "is missing), so it cannot be resumed safely: pass resume=False (--no-resume) to "
                         "overwrite it, or choose another output") from None
    except (OSError, ValueError) as exc:
        raise ValueError(f"{record_path} cannot be read ({error_reason(exc)}): pass resume=False (--no-resume) "
                         f"to overwrite {output}, or choose another output") from None
    if previous != identity:
        raise ValueError(f"{output} was made by a run with other settings: {_differences(previous, identity)}. "
                         "Its rows are not reused: pass resume=False (--no-resume) to overwrite it, or "
                         "choose another output")


def _run(source: Any, output: Path, *, fmt: str, errors_path: Path, read_options: dict, length: dict,
         themes: Any, idf: str, chunk_size: int, n_jobs: int, dask: _DaskBackend | None, resume: bool,
         columns: list, identity: dict, show: bool) -> tuple[int, int, int, int, int]:
    """The work of :func:`run_corpus` once its paths are checked and its lock held (on
    ``dask``, the run's Dask backend, which the caller closes, or on local processes)."""
    backend: _Backend = (dask if dask is not None
                         else _ProcessBackend(n_jobs) if n_jobs > 1 else _SerialBackend())
    from .loading._vocabulary import LanguageCheck

    n_items = n_processed = n_skipped = 0
    languages = LanguageCheck()  # the articles analysed now that do not look like English
    try:
        parts = _Parts(output, columns=columns, options=identity, resume=resume)
        done = parts.done_keys() | (_read_keys(output, fmt) if resume and output.exists() else set())
        if idf == "corpus":
            summarizer = parts.load_summarizer()
            if summarizer is None:
                summarizer = _fit_corpus_summarizer(source, read_options, backend, show)
                parts.save_summarizer(summarizer)
        else:
            summarizer = Summarizer()
        job = _Job(summarizer=summarizer, length=length, themes=themes)
        backend.start(job)

        def chunks(bar: ProgressBar) -> Iterator[tuple[Any, list[Article]]]:
            """Chunks of articles to do, each tagged with its number and the load failures met."""
            nonlocal n_skipped, n_items
            seq, articles, failures = 0, [], []
            for key, item in _items(source, read_options):
                n_items += 1
                if not isinstance(item, Article):
                    # Failures are always reported again (they cost nothing to redo), so
                    # the errors file of a resumed run is that of an uninterrupted one.
                    failures.append(item)
                elif key in done:
                    n_skipped += 1
                    bar.update(1)
                    continue
                else:
                    languages.add(item)
                    articles.append(item)
                if len(articles) + len(failures) >= chunk_size:
                    yield (seq, failures), articles
                    seq, articles, failures = seq + 1, [], []
            if articles or failures:
                yield (seq, failures), articles

        with ProgressBar(show) as bar:
            for (seq, load_failures), result in _run_chunks(backend, _process_chunk, chunks(bar)):
                rows, failures = result if result is not None else ([], [])
                parts.write(seq, rows, load_failures + failures)
                n_processed += len(rows) + len(failures)
                bar.update(len(rows) + len(failures) + len(load_failures))
    finally:
        if backend is dask:
            dask.start(None)  # the job's task released on the cluster, which the neighbour steps may use
        else:
            backend.close()

    n_rows, n_failed = parts.finish(fmt, errors_path, keep_existing=resume)
    note = languages.message()
    if note:  # the warning load_articles gives, once for the run (issue 15.13)
        warnings.warn(note, UserWarning, stacklevel=3)
    return n_items, n_rows, n_processed, n_skipped, n_failed


_PAIR_MAX_CELLS = 20_000_000  # most_similar: neighbour lists held at most (n_articles x n_neighbours)
_PAIR_COLUMNS: list[tuple[str, _tables.Kind]] = [
    ("id_a", "str"), ("id_b", "str"), ("title_a", "str"), ("title_b", "str"), ("similarity", "float")]


def _most_similar_pairs(source: Any, read_options: dict, keep: set[str], n: int,
                        scheduler: Any = None) -> list[dict[str, Any]]:
    """The ``n`` most similar pairs among the articles whose id is in ``keep``, near-duplicates
    left out (:meth:`toolkit.Neighbours.most_similar`).

    From the neighbour lists of :func:`toolkit.nearest_neighbours` (no n x n matrix). A
    pair of the top ``n`` is in its articles' lists unless both lists are full of pairs at
    least as similar (an article with many near-duplicates): then the lists are made
    longer until no full list reaches the ``n``-th pair.
    """
    from .neighbours import nearest_neighbours

    ids, titles, articles = [], [], []
    for key, item in _items(source, read_options):
        if isinstance(item, Article) and key in keep:
            ids.append(key)
            titles.append(item.title)
            articles.append(item)  # its title and body, as similarity() reads an Article
    total = len(ids)
    if total < 2:
        return []
    k, model = min(n + 10, total - 1), None  # room for a few near-duplicates per article
    while True:
        nn = nearest_neighbours(articles, n_neighbours=k, ids=ids, model=model, scheduler=scheduler)
        model = nn.model
        pairs = nn.most_similar(n=n)
        floor = float(pairs["similarity"].iloc[-1]) if len(pairs) == n else 0.0
        full = nn.indices[:, -1] >= 0
        if not (full & (nn.similarities[:, -1] >= floor)).any() or k >= total - 1:
            break
        if total * min(2 * k, total - 1) > _PAIR_MAX_CELLS:
            warnings.warn(f"the {n} most similar pairs come from lists of {k} neighbours per article, which "
                          "some articles fill with pairs at least as similar: a few pairs may be missing "
                          "(ask for fewer pairs)", RuntimeWarning, stacklevel=3)
            break
        k = min(2 * k, total - 1)
    return [{"id_a": ids[i], "id_b": ids[j], "title_a": titles[i], "title_b": titles[j], "similarity": float(s)}
            for i, j, s in zip(pairs["index_a"], pairs["index_b"], pairs["similarity"])]


def _fit_corpus_summarizer(source: Any, read_options: dict, backend: _Backend, show: bool) -> Any:
    """One streaming pass: document frequencies over the corpus, merged from chunks."""
    backend.start(None)

    def chunks() -> Iterator[tuple[int, list[Article]]]:
        batch: list[Article] = []
        for _, item in _items(source, read_options):
            if isinstance(item, Article):
                batch.append(item)
                if len(batch) >= 500:
                    yield 0, batch
                    batch = []
        if batch:
            yield 0, batch

    n_docs, df = 0, Counter()
    with ProgressBar(show, "term weights") as bar:
        for _, result in _run_chunks(backend, _count_terms, chunks()):
            if result is not None:
                n_docs += result[0]
                df.update(result[1])
                bar.update(result[0])
    return Summarizer.from_document_frequencies(df, n_docs)


def _read_keys(path: Path, fmt: str) -> set[str]:
    try:
        return {str(row["id"]) for batch in _tables.read_table(path, [("id", "str")], format=fmt)
                for row in batch if row["id"] is not None}
    except Exception as exc:
        raise ValueError(f"cannot read the existing {path} to resume ({error_reason(exc)}): "
                         "pass resume=False to overwrite it") from exc


class _Parts:
    """The in-progress folder of one output: finished chunks, their failures, options.

    ``<output>.in-progress/`` holds ``part-RRR-SSSSSS.jsonl`` (rows) and
    ``errors-RRR-SSSSSS.jsonl`` (failures) for run ``R`` and chunk ``S``, each written
    atomically, plus ``options.json``. It disappears when the output is complete.
    """

    def __init__(self, output: Path, *, columns: list[tuple[str, _tables.Kind]], options: dict[str, Any],
                 resume: bool) -> None:
        self.output, self.columns = output, columns
        self.dir = in_progress_path(output)
        if self.dir.exists() and not resume:
            shutil.rmtree(self.dir)
        self.options = options
        options_file = self.dir / "options.json"
        if options_file.exists():
            try:
                previous = json.loads(options_file.read_text(encoding="utf-8"))
            except ValueError:
                previous = {"options.json": "unreadable"}
            if previous != options:
                raise ValueError(
                    f"an unfinished run in {self.dir} was started with other settings: "
                    f"{_differences(previous, options)}. Rerun it with the same settings to resume, or pass "
                    "resume=False (--no-resume) to start over"
                )
        elif self.dir.exists() and any(self.dir.iterdir()):
            raise ValueError(f"{self.dir} holds the parts of an unfinished run with no record of its settings "
                             "(options.json): pass resume=False (--no-resume) to start over")
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob(".*.tmp"):  # written by a run that was killed mid-chunk
            stale.unlink()
        # Every failure is reported again by this run (failed items are redone, never
        # skipped): the error parts of earlier runs would only count them twice.
        for old in self.dir.glob("errors-*.jsonl"):
            old.unlink()
        _atomic_write_text(options_file, json.dumps(options, sort_keys=True))
        runs = [int(p.name.split("-")[1]) for p in self.dir.glob("part-*.jsonl")]
        self.run = max(runs, default=0) + 1

    def done_keys(self) -> set[str]:
        """Ids of the articles in finished parts (failed items are retried, not skipped)."""
        return {str(r["id"]) for path in self._files("part-")
                for batch in _tables.read_table(path, [("id", "str")], format="jsonl") for r in batch}

    def _files(self, prefix: str) -> list[Path]:
        return sorted(self.dir.glob(f"{prefix}*.jsonl"))

    def write(self, seq: int, rows: list[dict], failures: list[dict]) -> None:
        name = f"{self.run:03d}-{seq:06d}.jsonl"
        if failures:
            _tables.write_table(self.dir / f"errors-{name}", _ERROR_COLUMNS, failures, format="jsonl")
        if rows:
            _tables.write_table(self.dir / f"part-{name}", self.columns, rows, format="jsonl")

    def load_summarizer(self) -> Any:
        path = self.dir / "idf.json"
        if not path.exists():
            return None
        state = json.loads(path.read_text(encoding="utf-8"))
        return Summarizer.from_document_frequencies(Counter(state["df"]), state["n_docs"])

    def save_summarizer(self, summarizer: Any) -> None:
        df, n_docs = summarizer.document_frequencies_
        _atomic_write_text(self.dir / "idf.json", json.dumps({"n_docs": n_docs, "df": dict(df)}))

    def finish(self, fmt: str, errors_path: Path, *, keep_existing: bool) -> tuple[int, int]:
        """Write the complete output and errors file, then remove the in-progress folder."""
        part_files = self._files("part-")
        existing = self.output.exists() and keep_existing
        if part_files or not existing:
            written: set[str] = set()
            sources = ([(self.output, fmt)] if existing else []) + [(p, "jsonl") for p in part_files]
            with _tables.TableWriter(self.output, self.columns, format=fmt) as writer:
                for path, path_fmt in sources:
                    for batch in _tables.read_table(path, self.columns, format=path_fmt):
                        fresh = [r for r in batch if str(r["id"]) not in written]
                        written.update(str(r["id"]) for r in fresh)
                        writer.write(fresh)
            n_rows = len(written)
        else:  # nothing new: the existing output is already the complete answer
            n_rows = sum(len(b) for b in _tables.read_table(self.output, [("id", "str")], format=fmt))

        # Every failed item keeps its own line (never merged): this run's error parts hold
        # them all, once each (see __init__).
        with _tables.TableWriter(errors_path, _ERROR_COLUMNS, format="jsonl") as errors:
            for path in self._files("errors-"):
                for batch in _tables.read_table(path, _ERROR_COLUMNS, format="jsonl"):
                    errors.write(batch)
            if not errors.n_rows:
                errors.abort()
                errors_path.unlink(missing_ok=True)  # a stale file of an earlier run would mislead
        # After the output, so that a record never describes an output it did not make.
        _atomic_write_text(self.output.with_name(self.output.name + _RUN_SUFFIX),
                           json.dumps(self.options, sort_keys=True, indent=1))
        shutil.rmtree(self.dir)
        return n_rows, errors.n_rows


def _atomic_write_text(path: Path, text: str) -> None:
    with _tables.atomic_text(path) as f:
        f.write(text)
