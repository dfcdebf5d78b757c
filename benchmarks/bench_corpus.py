"""Corpus-scale benchmark: throughput and peak memory of ``run_corpus``.

The BBC corpus (2,225 articles, ../shared/data/bbc_news_summary.jsonl) is replicated with
unique ids into a temporary JSONL of ``--scale`` articles (default 100,000), then
``run_corpus`` runs on it

* locally with 1 process (the baseline),
* locally with 2 processes,
* on a 2-worker Dask ``LocalCluster``,

and again with 1 process on a tenth of the corpus, to show that memory stays flat as the
corpus grows (streaming). Each configuration runs in a fresh Python process; its peak
memory is the peak of the summed RSS of that process and all its children (workers
included), sampled every 0.1 s with psutil.

    python -m benchmarks.bench_corpus              # 100,000 articles (about half an hour on 2 cores)
    python -m benchmarks.bench_corpus --quick      # 5,000 articles, under 3 minutes
    python -m benchmarks.bench_corpus --scale 50000 --data path/to/bbc_news_summary.jsonl
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks._memory import tree_rss
from benchmarks._results import write_results

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "bbc_news_summary.jsonl"

CONFIGS = {
    "local1": dict(label="local, 1 process", n_jobs=1, scheduler=None),
    "local2": dict(label="local, 2 processes", n_jobs=2, scheduler=None),
    "dask2": dict(label="Dask LocalCluster, 2 workers", n_jobs=2, scheduler="local"),
}


def replicate(data: Path, out: Path, n: int) -> int:
    """Write ``n`` articles cycling through ``data``, each copy with a unique id."""
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            row = rows[i % len(rows)]
            f.write(json.dumps({"id": f"{row['id']}#{i // len(rows)}", "article": row["article"]}) + "\n")
    return n


def child(config: str, corpus: Path, out_dir: Path, chunk_size: int) -> None:
    """Run one configuration in this (fresh) process; print one JSON line of figures."""
    from toolkit.corpus import run_corpus

    peak = [tree_rss()]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss())
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cfg = CONFIGS[config]
    started = time.perf_counter()
    run = run_corpus(corpus, out_dir / f"{config}-{corpus.stem}.jsonl", text_column="article", id_column="id",
                     n_jobs=cfg["n_jobs"], scheduler=cfg["scheduler"], chunk_size=chunk_size,
                     resume=False, progress=False)
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    print(json.dumps({"config": config, "rows": run.n_rows, "failed": run.n_failed, "seconds": seconds,
                      "peak_rss": peak[0]}))


def measure(config: str, corpus: Path, out_dir: Path, chunk_size: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_corpus", "--child", config, "--corpus", str(corpus),
         "--out-dir", str(out_dir), "--chunk-size", str(chunk_size)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{config} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="bbc_news_summary.jsonl")
    ap.add_argument("--scale", type=int, default=100_000, help="articles in the replicated corpus")
    ap.add_argument("--quick", action="store_true", help="5,000 articles (under 3 minutes)")
    ap.add_argument("--chunk-size", type=int, default=200)
    ap.add_argument("--child", choices=sorted(CONFIGS), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out-dir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.corpus, args.out_dir, args.chunk_size)
        return 0
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (pass --data PATH to bbc_news_summary.jsonl)")
        return 0
    try:
        import psutil  # noqa: F401  (installed with distributed)
    except ImportError:
        print("skipped: psutil not installed (it comes with dask[distributed])")
        return 0
    scale = 5_000 if args.quick else args.scale
    small = max(1, scale // 10)
    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        tmp = Path(tmp)
        big, little = tmp / f"bbc_x{scale}.jsonl", tmp / f"bbc_x{small}.jsonl"
        replicate(args.data, big, scale)
        replicate(args.data, little, small)
        print(f"corpus: {args.data.name} replicated to {scale:,} articles "
              f"({big.stat().st_size / 1e6:.0f} MB of JSONL); chunk size {args.chunk_size}")
        results = {}
        for config in ("local1", "local2", "dask2"):
            results[config] = r = measure(config, big, tmp, args.chunk_size)
            print(f"  {CONFIGS[config]['label']}: {r['rows']:,} rows in {r['seconds']:.1f} s", flush=True)
        flat = measure("local1", little, tmp, args.chunk_size)

    base = results["local1"]
    print()
    print(f"{'configuration':<30} {'articles':>9} {'seconds':>8} {'articles/s':>10} {'x 1 proc':>8} "
          f"{'peak RSS MB':>11} {'x 1 proc':>8}")
    for config, r in results.items():
        rate, base_rate = r["rows"] / r["seconds"], base["rows"] / base["seconds"]
        print(f"{CONFIGS[config]['label']:<30} {r['rows']:>9,} {r['seconds']:>8.1f} {rate:>10.1f} "
              f"{rate / base_rate:>8.2f} {r['peak_rss'] / 1e6:>11.0f} {r['peak_rss'] / base['peak_rss']:>8.2f}")
    print()
    print(f"memory as the corpus grows (local, 1 process): {small:,} articles {flat['peak_rss'] / 1e6:.0f} MB, "
          f"{scale:,} articles {base['peak_rss'] / 1e6:.0f} MB "
          f"(x{base['peak_rss'] / flat['peak_rss']:.2f} for x{scale / small:.0f} the articles)")
    failed = sum(r["failed"] for r in results.values())
    if failed:
        print(f"note: {failed} articles failed across the runs (see the errors files)")
    write_results("corpus", {"articles": scale, "chunk_size": args.chunk_size, "failed": failed,
                             "configurations": {c: {"articles_per_s": r["rows"] / r["seconds"],
                                                    "peak_rss_mb": r["peak_rss"] / 1e6, **r}
                                                for c, r in results.items()},
                             "memory_growth": {"articles": small, "peak_rss_mb": flat["peak_rss"] / 1e6}})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
