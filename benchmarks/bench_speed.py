"""Summary speed on the BBC corpus: summarize_many against sumy's LexRank and the bare floor.

Measured in one run, on the 2,225 articles of ``../shared/data/bbc_news_summary.jsonl``
(the raw ``article`` field, title line included, 3-sentence summaries):

* ``toolkit.summarize_many`` (defaults: IDF from each article);
* the **floor**: the least any TF-IDF summarizer built on our pieces must do --
  ``split_sentences`` over every article, then one ``TfidfVectorizer(analyzer=analyze)
  .fit_transform`` over all the sentences;
* **sumy LexRank** on the same sentences (``_summary_bench.py``), on ``--sumy-limit``
  articles spread over the corpus (it is slow), compared by throughput (articles per second).

Each timing is the best of ``--repeat`` runs of CPU time (``time.process_time``: other
processes on the machine disturb it less than wall time; wall time is printed too), and the
stem and analyzer caches are emptied before each run so no system profits from another's warm cache.
Then: peak memory of ``summarize_many`` on the corpus (``tracemalloc``, in a separate,
untimed run) and the scaling from 1x to 10x the corpus (replicated): seconds per article
must stay flat for the cost to be linear.

Targets (issue 3): at least 20x sumy LexRank's throughput, at least half the floor's.

Run::

    .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python -m benchmarks.bench_speed [--data FILE] [--quick] [--max-scale N]

``--quick`` (about a minute): one repeat, 100 articles for sumy, scaling up to 2x.
Skipped with a message when the data file is absent.
"""
from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from benchmarks._results import write_results  # noqa: E402
from benchmarks._summary_bench import DEFAULT_DATA, read_jsonl, sumy_pickers  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from toolkit import split_sentences, summarize_many  # noqa: E402
from toolkit._cache import clear_caches  # noqa: E402
from toolkit._text import analyze  # noqa: E402

N_SENTENCES = 3
SCALES = (1, 2, 5, 10)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best CPU seconds and best wall seconds over ``repeat`` cold runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        clear_caches()
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall)


def floor(texts: list[str]) -> None:
    sentences = [s for text in texts for s in split_sentences(text)]
    TfidfVectorizer(analyzer=analyze).fit_transform(sentences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "bbc_news_summary.jsonl",
                        help="BBC JSONL with an 'article' field (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing, best kept (default: %(default)s)")
    parser.add_argument("--sumy-limit", type=int, default=300,
                        help="articles given to sumy LexRank (default: %(default)s)")
    parser.add_argument("--max-scale", type=int, default=10, help="largest replication of the corpus (default: 10)")
    parser.add_argument("--quick", action="store_true", help="one repeat, 100 articles for sumy, scaling to 2x")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.sumy_limit, args.max_scale = 1, 100, min(args.max_scale, 2)

    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    texts = [r["article"] for r in read_jsonl(args.data)]
    n = len(texts)
    print(f"{n} BBC articles, {N_SENTENCES}-sentence summaries; best of {args.repeat} cold runs "
          f"(CPU seconds; wall in brackets)\n")

    rows = []
    cpu, wall = timed(lambda: summarize_many(texts, n_sentences=N_SENTENCES, progress=False), args.repeat)
    rows.append(("toolkit summarize_many", n, cpu, wall))
    f_cpu, f_wall = timed(lambda: floor(texts), args.repeat)
    rows.append(("floor: split + one TfidfVectorizer", n, f_cpu, f_wall))

    pickers = sumy_pickers(("LexRank",))
    if isinstance(pickers, str):
        print(pickers)
        lexrank = None
    else:
        step = max(1, n // args.sumy_limit)  # spread over the corpus: every category
        subset = texts[::step][: args.sumy_limit]
        pick = pickers["LexRank"]

        def run_lexrank() -> None:
            for text in subset:
                pick(split_sentences(text), N_SENTENCES)

        l_cpu, l_wall = timed(run_lexrank, 1)
        rows.append((f"sumy LexRank ({len(subset)}, every {step}th)", len(subset), l_cpu, l_wall))
        lexrank = len(subset) / l_cpu

    header = f"{'system':38s} {'articles':>8s} {'seconds':>16s} {'articles/s':>10s}"
    print(header)
    print("-" * len(header))
    for name, count, c, w in rows:
        print(f"{name:38s} {count:8d} {c:7.2f} [{w:6.2f}] {count / c:10.1f}")
    ours = n / cpu
    print()
    print(f"toolkit / floor throughput:        {ours / (n / f_cpu):6.2f}x   (target >= 0.5x)")
    if lexrank is not None:
        print(f"toolkit / sumy LexRank throughput: {ours / lexrank:6.1f}x   (target >= 20x)")

    # Peak memory, in a run of its own: tracemalloc slows Python down.
    clear_caches()
    gc.collect()
    tracemalloc.start()
    summaries = summarize_many(texts, n_sentences=N_SENTENCES, progress=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del summaries
    figures: dict = {"articles": n, "repeat": args.repeat, "toolkit / floor": ours / (n / f_cpu),
                     "toolkit / sumy LexRank": None if lexrank is None else ours / lexrank,
                     "systems": {name: {"articles": count, "cpu_seconds": c, "wall_seconds": w,
                                        "articles_per_s": count / c} for name, count, c, w in rows},
                     "peak_python_mib": peak / 2**20, "ms_per_article": {}}
    print(f"\npeak memory of summarize_many on {n} articles (tracemalloc, Python allocations): "
          f"{peak / 2**20:.0f} MiB; process max RSS so far: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

    print("\nscaling (corpus replicated; one cold run each):")
    print(f"{'scale':>5s} {'articles':>8s} {'seconds':>8s} {'ms/article':>10s} {'vs 1x':>6s}")
    base = None
    for scale in (s for s in SCALES if s <= args.max_scale):
        corpus = texts * scale
        c, _ = timed(lambda: summarize_many(corpus, n_sentences=N_SENTENCES, progress=False), 1)
        per = 1000 * c / len(corpus)
        base = base or per
        print(f"{scale:5d} {len(corpus):8d} {c:8.2f} {per:10.3f} {per / base:6.2f}")
        figures["ms_per_article"][f"{scale}x"] = per
    write_results("speed", figures, packages=("sumy", "scikit-learn", "PyStemmer"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
