"""Nearest neighbours of every article of a large corpus: time, memory, recall, growth, Dask.

The BBC corpus (2,225 articles, ../shared/data/bbc_news_summary.jsonl) is replicated to
``--scale`` articles (default 100,000) with perturbations, so that neighbours are not all
exact copies: every copy after the first has a fifth of its words deleted at random and
60 words of another random article appended (seeded, repeatable).

Figures, each configuration in a fresh process with BLAS limited to one thread (2-core
machine; the peak memory is the peak RSS of that process, or of the process tree with
the Dask workers):

1. the baseline: ``TfidfVectorizer().fit_transform`` on the same texts (scikit-learn's
   default analyzer), and our vectorizing alone (``TextSimilarity().fit_transform``);
2. ``nearest_neighbours(texts, n_neighbours=10)`` (``method="auto"``: approximate above
   20,000 articles): time as a ratio of the baseline, peak memory;
3. recall of the exact top-10 on a sample of articles (``--sample``, default 5,000): the
   exact neighbours of the sample are computed against the whole corpus;
4. growth: time per article at a tenth of the scale and at the scale;
5. Dask: the same search on a 2-worker ``LocalCluster`` (the one ``scheduler="local"``
   starts: no dashboard, no profiler) against 1 process (the term weights are fitted first
   in both, outside the timing: the ratio is the search's).

    python -m benchmarks.bench_neighbours --quick          # 10,000 articles, a few minutes
    python -m benchmarks.bench_neighbours                  # 100,000 articles
    python -m benchmarks.bench_neighbours --scale 30000 --no-dask
    python -m benchmarks.bench_neighbours --dask-only --scale 30000 --repeat 2   # 5. alone
    python -m benchmarks.bench_neighbours --largest 300000                       # 4. at N alone
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._memory import PeakMemory
from benchmarks._results import write_results

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "bbc_news_summary.jsonl"
ONE_THREAD = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def perturbed_corpus(data: Path, n: int, seed: int = 0) -> list[str]:
    """``n`` texts cycling through ``data``; copies after the first are edited."""
    rows = [json.loads(line)["article"] for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    perturbed_corpus.n_rows = len(rows)
    out = []
    for i in range(n):
        text = rows[i % len(rows)]
        if i >= len(rows):
            words = [w for w in text.split() if rng.random() > 0.2]
            extra = rows[rng.randrange(len(rows))].split()
            start = rng.randrange(max(1, len(extra) - 60))
            text = " ".join(words + extra[start:start + 60])
        out.append(text)
    return out


def child(task: str, data: Path, n: int, sample: int, method: str) -> dict:
    """One measurement in this (fresh) process."""
    import numpy as np

    texts = perturbed_corpus(data, n)
    out: dict = {"task": task, "n": n}
    if task == "tfidf":
        from sklearn.feature_extraction.text import TfidfVectorizer

        started, cpu = time.perf_counter(), time.process_time()
        TfidfVectorizer().fit_transform(texts)
        out["seconds"], out["cpu"] = time.perf_counter() - started, time.process_time() - cpu
        from toolkit.similarity import TextSimilarity

        cpu = time.process_time()
        TextSimilarity().fit_transform(texts)  # our vectors: the part of the search before the search
        out["ours_cpu"] = time.process_time() - cpu
        return out
    from toolkit.neighbours import nearest_neighbours
    from toolkit.similarity import TextSimilarity

    if task == "neighbours":
        with PeakMemory() as mem:
            started, cpu = time.perf_counter(), time.process_time()
            nn = nearest_neighbours(texts, n_neighbours=10, method=method)
            out["seconds"], out["cpu"] = time.perf_counter() - started, time.process_time() - cpu
        out["peak_mb"] = mem.peak / 2**20
        out["method"] = nn.method
        from toolkit import neighbours as mod

        # The approximate search's settings (defaults), so that a result names what it measured.
        out["n_candidates"] = nearest_neighbours.__kwdefaults__["n_candidates"]
        out["max_postings"] = mod._MAX_POSTINGS
        model = nn.model
        # Recall: the exact top-10 of a sample, against the whole corpus (private helpers:
        # the public function computes every article's list).
        rng = np.random.default_rng(0)
        rows = np.sort(rng.choice(n, size=min(sample, n), replace=False))
        X = model.transform(texts)
        word = X[:, model.blocks_["tfidf"]].tocsr()
        lsa = X[:, model.blocks_["lsa"]].toarray() if "lsa" in model.blocks_ else None
        index = mod._Index(word=word, word_t=word.T.tocsr(), lsa=lsa, proxy=None, proxy_t=None,
                           empty=np.diff(word.indptr) == 0, k=10, method="exact", n_candidates=10)
        hits = total = 0
        for r in rows:
            _, idx, _ = mod._search_block(index, int(r), int(r) + 1)  # one exact row against all
            truth = set(idx[idx >= 0].tolist())
            hits += len(truth & set(nn.indices[r][nn.indices[r] >= 0].tolist()))
            total += len(truth)
        out["recall"] = hits / max(total, 1)
        out["sample"] = len(rows)
        # Near-duplicates: the copies of one BBC article are the true ones (the corpus
        # cycles through the 2,225 articles, so position mod 2,225 names the original).
        pairs = nn.pairs()
        base = perturbed_corpus.n_rows
        copy = (pairs["index_a"] % base) == (pairs["index_b"] % base)
        flagged = pairs["near_duplicate"]
        out["near_duplicate_pairs"] = int(flagged.sum())
        out["flagged_that_are_copies"] = float(copy[flagged].mean()) if flagged.any() else float("nan")
        out["copies_flagged"] = float(flagged[copy].mean()) if copy.any() else float("nan")
        return out
    if task in ("search1", "search_dask"):
        from toolkit._cache import clear_caches

        model = TextSimilarity().fit(texts)
        clear_caches()  # cold, as the workers are: no analysed text or stem kept from the fit
        scheduler = None
        cluster = client = None
        if task == "search_dask":
            from distributed import Client

            from toolkit._dask import local_cluster

            cluster = local_cluster(env=dict(ONE_THREAD))  # the cluster of scheduler="local"
            client = scheduler = Client(cluster)
            import importlib

            # The workers import the toolkit before the timing, as this process did (fitting).
            client.run(importlib.import_module, "toolkit.neighbours")
            workers_cpu = client.run(time.process_time)
        with PeakMemory() as mem:
            started, cpu, load = time.perf_counter(), time.process_time(), os.getloadavg()[0]
            nn = nearest_neighbours(texts, n_neighbours=10, model=model, scheduler=scheduler, method=method)
            out["seconds"], out["cpu"] = time.perf_counter() - started, time.process_time() - cpu
            out["load"] = (load + os.getloadavg()[0]) / 2  # the machine's load average, before and after
        out["peak_mb"] = mem.peak / 2**20
        out["checksum"] = int(nn.indices.sum())
        if client is not None:
            after = client.run(time.process_time)
            out["workers_cpu"] = sorted(after[w] - workers_cpu[w] for w in after)
            client.close()
            cluster.close()
        return out
    raise ValueError(task)


def measure(task: str, data: Path, n: int, sample: int, method: str) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_neighbours", "--child", task, "--data", str(data), "--scale", str(n),
           "--sample", str(sample), "--method", method]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **ONE_THREAD})
    if proc.returncode != 0:
        raise SystemExit(f"{task} at {n} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--scale", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=5_000)
    ap.add_argument("--quick", action="store_true", help="10,000 articles, a sample of 1,000")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--no-growth", action="store_true")
    ap.add_argument("--method", default="approximate", choices=["approximate", "exact", "auto"])
    ap.add_argument("--dask-only", action="store_true",
                    help="only the Dask figure at --scale: 1 process and 2 workers, alternately --repeat times "
                         "(results: neighbours_dask_<scale>)")
    ap.add_argument("--repeat", type=int, default=1, help="with --dask-only: runs of each configuration")
    ap.add_argument("--largest", type=int, metavar="N",
                    help="only the growth figure: the search at 10,000 and at N articles, the same run "
                         "(results: neighbours_growth)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.data, args.scale, args.sample, args.method)))
        return 0
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    if args.quick:
        args.scale, args.sample = 10_000, 1_000
    if args.dask_only:
        return dask_only(args)
    if args.largest:
        return largest(args)
    n = args.scale
    print(f"corpus: BBC replicated with perturbations to {n:,} articles; top-10 neighbours of every article")
    base = measure("tfidf", args.data, n, args.sample, args.method)
    nn = measure("neighbours", args.data, n, args.sample, args.method)
    ratio, cpu_ratio = nn["seconds"] / base["seconds"], nn["cpu"] / base["cpu"]
    figures = {"articles": n, "baseline": base, "neighbours": nn}  # each measurement as its process printed it
    print(f"TfidfVectorizer().fit_transform (baseline)    {base['cpu']:7.1f} s CPU ({base['seconds']:.1f} s wall)")
    print(f"nearest_neighbours, method={nn['method']!r:14s}  {nn['cpu']:7.1f} s CPU = {cpu_ratio:.1f}x the baseline "
          f"(wall {nn['seconds']:.1f} s = {ratio:.1f}x; target <= 10x); peak RSS {nn['peak_mb']:.0f} MB (target < 2048)")
    print(f"  of which our vectors (TextSimilarity().fit_transform: term weights, LSA) about {base['ours_cpu']:.1f} s "
          f"CPU ({base['ours_cpu'] / base['cpu']:.1f}x the baseline; measured alone)")
    print(f"recall of the exact top-10 on {nn['sample']:,} articles: {nn['recall']:.4f} (target >= 0.95)")
    print(f"near-duplicates: {nn['near_duplicate_pairs']:,} pairs flagged, {nn['flagged_that_are_copies']:.1%} of them "
          f"edited copies of one article (the rest: BBC's own duplicates); {nn['copies_flagged']:.1%} of the listed "
          "copy pairs flagged (a fifth of the words deleted and 60 added is more than a near-duplicate)")
    if not args.no_growth:
        small = measure("neighbours", args.data, n // 10, min(args.sample, n // 10), args.method)
        per_small = small["cpu"] / small["n"] * 1000
        per_big = nn["cpu"] / nn["n"] * 1000
        figures["at a tenth"] = small
        print(f"growth: {per_small:.2f} ms CPU/article at {small['n']:,} ({small['method']}), {per_big:.2f} ms/article "
              f"at {n:,} ({nn['method']}): {per_big / per_small:.2f}x (target <= 2x); peak RSS "
              f"{small['peak_mb']:.0f} -> {nn['peak_mb']:.0f} MB")
    if not args.no_dask:
        one = measure("search1", args.data, n, args.sample, args.method)
        two = measure("search_dask", args.data, n, args.sample, args.method)
        same = "same neighbours" if one["checksum"] == two["checksum"] else "DIFFERENT neighbours"
        figures["search, 1 process"], figures["search, Dask 2 workers"] = one, two
        print(f"search only (weights fitted beforehand; vectors and search): 1 process {one['seconds']:.1f} s, "
              f"Dask 2 workers {two['seconds']:.1f} s = {one['seconds'] / two['seconds']:.2f}x wall (target >= 1.6x); "
              f"{same}; peak RSS {one['peak_mb']:.0f} / {two['peak_mb']:.0f} MB")
        w = two["workers_cpu"]
        print(f"  CPU: 1 process {one['cpu']:.1f} s; Dask client {two['cpu']:.1f} s + workers {w[0]:.1f} and "
              f"{w[1]:.1f} s; on 2 idle cores at best about {one['cpu'] / (two['cpu'] + w[1]):.2f}x (client "
              f"then busiest worker); load average during the runs {one['load']:.1f} / {two['load']:.1f} "
              f"on {os.cpu_count()} cores")
    write_results("neighbours_quick" if args.quick else "neighbours", figures)
    return 0


def dask_only(args: argparse.Namespace) -> int:
    """1 process and a 2-worker LocalCluster on the same search, alternately (the machine's
    load changes from minute to minute: each configuration's best run is compared too)."""
    n = args.scale
    print(f"corpus: BBC replicated with perturbations to {n:,} articles; the search only (weights fitted "
          f"beforehand), 1 process against Dask 2 workers, {args.repeat} run(s) each, alternately")
    runs: dict[str, list[dict]] = {"search, 1 process": [], "search, Dask 2 workers": []}
    for _ in range(args.repeat):
        for key, task in (("search, 1 process", "search1"), ("search, Dask 2 workers", "search_dask")):
            r = measure(task, args.data, n, args.sample, args.method)
            runs[key].append(r)
            extra = ""
            if "workers_cpu" in r:
                w = r["workers_cpu"]
                extra = f" = client {r['cpu']:.1f} + workers {w[0]:.1f} and {w[1]:.1f} s"
            print(f"  {key:24s} {r['seconds']:7.1f} s wall, CPU {r['cpu'] + sum(r.get('workers_cpu', [])):6.1f} s"
                  f"{extra}; load average {r['load']:.1f}; peak RSS {r['peak_mb']:,.0f} MB")
    one, two = runs["search, 1 process"], runs["search, Dask 2 workers"]
    same = all(r["checksum"] == one[0]["checksum"] for r in one + two)
    pairs = [a["seconds"] / b["seconds"] for a, b in zip(one, two)]
    best = min(r["seconds"] for r in one) / min(r["seconds"] for r in two)
    # At best on 2 idle cores: the busiest worker, or all the CPU time shared by the 2 cores
    # (this process, the scheduler's, runs beside the workers: it waits for them).
    cpu_bound = [a["cpu"] / max(max(b["workers_cpu"]), (b["cpu"] + sum(b["workers_cpu"])) / 2)
                 for a, b in zip(one, two)]
    print(f"Dask 2 workers vs 1 process, wall: {', '.join(f'{p:.2f}x' for p in pairs)} run by run; "
          f"best against best {best:.2f}x (target >= 1.6x); {'same' if same else 'DIFFERENT'} neighbours")
    print(f"  from the CPU times, what 2 idle cores would give at best (1 process / the larger of the busiest "
          f"worker and half of all): {', '.join(f'{c:.2f}x' for c in cpu_bound)}; {os.cpu_count()} cores")
    figures = {"articles": n, "repeat": args.repeat, **runs, "wall_ratios": pairs, "best_wall_ratio": best,
               "cpu_bound_ratios": cpu_bound, "same_neighbours": same}
    write_results(f"neighbours_dask_{n}", figures)
    return 0


def largest(args: argparse.Namespace) -> int:
    """Growth: the whole search at 10,000 articles and at ``--largest``, in one run."""
    n, small_n = args.largest, 10_000
    sample = min(args.sample, 1_000)
    print(f"corpus: BBC replicated with perturbations; top-10 neighbours of every article at {small_n:,} and "
          f"{n:,} articles (recall on {sample:,} articles each)")
    small = measure("neighbours", args.data, small_n, sample, args.method)
    big = measure("neighbours", args.data, n, sample, args.method)
    lines = []
    for r in (small, big):
        lines.append(f"  {r['n']:>9,} articles: {r['cpu']:7.1f} s CPU ({r['seconds']:.1f} s wall) = "
                     f"{r['cpu'] / r['n'] * 1000:.2f} ms CPU/article; peak RSS {r['peak_mb']:,.0f} MB; "
                     f"recall {r['recall']:.3f} ({r['method']})")
    print("\n".join(lines))
    per = (big["cpu"] / big["n"]) / (small["cpu"] / small["n"])
    wall = (big["seconds"] / big["n"]) / (small["seconds"] / small["n"])
    per_mb = (big["peak_mb"] - small["peak_mb"]) / (big["n"] - small["n"]) * 1024
    print(f"growth: {per:.2f}x the CPU time per article for {n / small_n:.0f}x the articles ({wall:.2f}x in "
          f"wall time; target <= 2x); peak RSS {small['peak_mb']:,.0f} -> {big['peak_mb']:,.0f} MB, "
          f"{per_mb:.1f} KB per added article")
    write_results("neighbours_growth", {"small": small, "largest": big, "cpu_per_article_ratio": per,
                                        "wall_per_article_ratio": wall, "kb_per_added_article": per_mb})
    return 0


if __name__ == "__main__":
    sys.exit(main())
