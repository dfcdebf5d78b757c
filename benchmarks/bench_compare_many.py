"""``compare_many`` against the code before issue 12, and at 20,000 articles.

Issue 12's target: "``compare_many`` on 2,225 articles no slower than today; on 20,000
articles it still works or refers clearly to the scalable path". "Today" is the code of
the commit before issue 12's first one (``--baseline``, default ``4897a1a^``), checked out
into a temporary folder (``git archive``) for the run and removed after it.

1. Speed: ``compare_many`` on the 2,225 BBC articles (../shared/data/bbc_news_summary.jsonl,
   each text as a ``str``), the baseline's code and this checkout's, each call in a fresh
   process (``benchmarks/_compare_many_worker.py`` with ``PYTHONPATH`` at that code; BLAS
   limited to one thread), alternately ``--repeat`` times: the process CPU time and the
   wall time of the call (the import not included; the theme model and other data the call
   loads on first use included, as a user's first call pays them), best of the runs and
   the ratio this checkout / baseline.
2. Agreement: the similarity matrices (largest and mean difference, the most similar pairs,
   each article's nearest) and the theme matrices (issue 10 changed the theme tagger since:
   how much they differ is reported, not required to be nil).
3. 20,000 articles (the BBC corpus replicated with perturbations, as in bench_neighbours):
   what ``compare_many`` does (its result, or its error and whether the error names
   ``nearest_neighbours``), and ``nearest_neighbours(texts, n_neighbours=10)`` on the same
   texts with its time and peak RSS, each in a fresh process.

    python -m benchmarks.bench_compare_many                       # the figures (about 5 minutes)
    python -m benchmarks.bench_compare_many --articles 200 --large 3000 --repeat 1   # a smoke run
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks._results import write_results
from benchmarks._memory import PeakMemory
from benchmarks.bench_neighbours import DEFAULT_DATA, ONE_THREAD, perturbed_corpus

ROOT = Path(__file__).resolve().parents[1]
WORKER = Path(__file__).resolve().with_name("_compare_many_worker.py")
BASELINE = "4897a1a^"  # the commit before issue 12's first commit ("today" in the issue)
TOP_PAIRS = 100  # the most similar pairs compared between the two codes


def _git(*args: str, root: Path = ROOT) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def checkout(rev: str, folder: Path, *, root: Path = ROOT) -> tuple[Path, str]:
    """The files of commit ``rev`` extracted into ``folder/tree``, and the commit's full hash."""
    sha = _git("rev-parse", "--verify", f"{rev}^{{commit}}", root=root).strip()
    tree = folder / "tree"
    tree.mkdir(parents=True)
    archive = folder / "tree.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "-C", str(root), "archive", "--format=tar", sha], stdout=f, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    archive.unlink()
    return tree, sha


def run_worker(tree: Path, data: Path, n: int, out: Path) -> dict:
    """``compare_many`` on the first ``n`` articles of ``data`` with the code of ``tree``, in
    a fresh process whose ``sys.path`` starts there; its matrices written to ``out``."""
    env = {**os.environ, **ONE_THREAD, "PYTHONPATH": str(tree)}
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, str(WORKER), str(data), str(n), str(out), str(tree)],
                          capture_output=True, text=True, env=env, cwd=tree)
    if proc.returncode != 0:
        raise SystemExit(f"compare_many with the code of {tree} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["load"] = (load + os.getloadavg()[0]) / 2  # the machine's load average, before and after
    return result


def top_pairs(S: np.ndarray, n: int) -> list[tuple[int, int]]:
    """The ``n`` most similar pairs ``i < j`` of ``S``, most similar first (ties: lower index
    first), as ``CorpusComparison.most_similar`` lists them."""
    k = len(S)
    flat = np.where(np.tri(k, dtype=bool), -np.inf, S).ravel()
    n = min(n, k * (k - 1) // 2)
    top = np.argpartition(-flat, n - 1)[:n]
    top = top[np.lexsort((top, -flat[top]))]
    return [(int(i), int(j)) for i, j in zip(*np.divmod(top, k))]


def agreement(today: dict, baseline: dict, *, n_pairs: int = TOP_PAIRS) -> dict:
    """How the results of the two codes differ (``today`` and ``baseline``: the workers'
    arrays, as ``numpy.load`` gives them)."""
    S, B = today["similarities"], baseline["similarities"]
    diff = np.abs(S - B)
    pairs_now, pairs_then = top_pairs(S, n_pairs), top_pairs(B, n_pairs)

    def nearest(M: np.ndarray) -> np.ndarray:
        M = M.copy()
        np.fill_diagonal(M, -np.inf)
        return M.argmax(axis=1)

    out = {
        "similarity_max_abs_diff": float(diff.max()),
        "similarity_mean_abs_diff": float(diff.mean()),
        "top_pairs": len(pairs_now),
        "top_pairs_same_order": pairs_now == pairs_then,
        "top_pairs_in_common": len(set(pairs_now) & set(pairs_then)),
        "nearest_same": float((nearest(S) == nearest(B)).mean()),
    }
    ids_now, ids_then = [str(t) for t in today["theme_ids"]], [str(t) for t in baseline["theme_ids"]]
    common = [t for t in ids_now if t in ids_then]
    W = today["theme_weights"][:, [ids_now.index(t) for t in common]]
    V = baseline["theme_weights"][:, [ids_then.index(t) for t in common]]
    tagged = (W > 0).any(axis=1) | (V > 0).any(axis=1)
    out.update({
        "themes_in_common": len(common),
        "themes_only_today": [t for t in ids_now if t not in ids_then],
        "themes_only_baseline": [t for t in ids_then if t not in ids_now],
        "theme_max_abs_diff": float(np.abs(W - V).max()) if common else None,
        "theme_mean_abs_diff": float(np.abs(W - V).mean()) if common else None,
        "theme_matrix_equal": bool(ids_now == ids_then and np.array_equal(today["theme_weights"],
                                                                          baseline["theme_weights"])),
        "articles_same_themes_present": float(((W > 0) == (V > 0)).all(axis=1).mean()),
        "articles_tagged": int(tagged.sum()),
        "articles_same_main_theme": float((W.argmax(axis=1) == V.argmax(axis=1))[tagged].mean())
        if tagged.any() else None,
        "n_sentences_same": float((today["n_sentences"] == baseline["n_sentences"]).mean()),
    })
    return out


def large(data: Path, n: int, task: str) -> dict:
    """At ``n`` articles in this (fresh) process, this checkout's code: ``compare_many``
    (``task="compare_many"``) or ``nearest_neighbours`` (``task="neighbours"``)."""
    texts = perturbed_corpus(data, n)
    out: dict = {"n": n}
    if task == "compare_many":
        from toolkit import compare_many

        with PeakMemory() as mem:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                cc = compare_many(texts)
            except (ValueError, MemoryError) as exc:
                out["error"] = f"{type(exc).__name__}: {exc}"
                out["names_nearest_neighbours"] = "nearest_neighbours" in str(exc)
            else:
                out["error"] = None
                out["shape"] = list(cc.similarities.shape)
            out["seconds"], out["cpu"] = time.perf_counter() - started, time.process_time() - cpu
        out["peak_mb"] = mem.peak / 2**20
        return out
    if task == "neighbours":
        from toolkit import nearest_neighbours

        with PeakMemory() as mem:
            started, cpu = time.perf_counter(), time.process_time()
            nn = nearest_neighbours(texts, n_neighbours=10)
            pairs = nn.most_similar(n=10)
            out["seconds"], out["cpu"] = time.perf_counter() - started, time.process_time() - cpu
        out["peak_mb"] = mem.peak / 2**20
        out["method"] = nn.method
        out["most_similar_pairs"] = len(pairs)
        out["near_duplicate_pairs"] = int(nn.pairs()["near_duplicate"].sum())
        return out
    raise ValueError(f"task must be 'compare_many' or 'neighbours'; got {task!r}")


def measure_large(data: Path, n: int, task: str) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_compare_many", "--child", task, "--data", str(data),
           "--large", str(n)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **ONE_THREAD}, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{task} at {n} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare_speed(data: Path, n: int, repeat: int, baseline: str, folder: Path) -> dict:
    """Part 1 and 2: ``compare_many`` with each code, alternately, and how the results agree."""
    tree, sha = checkout(baseline, folder / "baseline")
    codes = {"baseline": tree, "today": ROOT}
    runs: dict[str, list[dict]] = {"baseline": [], "today": []}
    for i in range(repeat):
        for name, code in codes.items():
            r = run_worker(code, data, n, folder / f"{name}-{i}.npz")
            runs[name].append(r)
            if i:  # the first run's matrices are compared; the others only by their checksum
                (folder / f"{name}-{i}.npz").unlink()
            print(f"  run {i + 1}, {name:8s}: {r['cpu']:6.1f} s CPU ({r['seconds']:.1f} s wall); peak RSS "
                  f"{r['peak_mb']:,.0f} MB; load average {r['load']:.1f}")
    best = {name: {"cpu": min(r["cpu"] for r in rs), "seconds": min(r["seconds"] for r in rs)}
            for name, rs in runs.items()}
    same_runs = {name: len({r["checksum"] for r in rs}) == 1 for name, rs in runs.items()}
    arrays = {name: dict(np.load(folder / f"{name}-0.npz")) for name in codes}
    agree = agreement(arrays["today"], arrays["baseline"])
    return {"articles": runs["today"][0]["n"], "repeat": repeat, "baseline_rev": baseline, "baseline_commit": sha,
            "runs": runs, "best": best,
            "cpu_ratio": best["today"]["cpu"] / best["baseline"]["cpu"],
            "wall_ratio": best["today"]["seconds"] / best["baseline"]["seconds"],
            "cpu_ratios": [a["cpu"] / b["cpu"] for a, b in zip(runs["today"], runs["baseline"])],
            "each_code_repeats_its_result": same_runs, "agreement": agree}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--articles", type=int, default=None, help="the first N BBC articles (default: all 2,225)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each code, alternately")
    ap.add_argument("--baseline", default=BASELINE, help="the code to compare with (a git revision)")
    ap.add_argument("--large", type=int, default=20_000, help="articles of part 3 (0: skip it)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(large(args.data, args.large, args.child)))
        return 0
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    if args.repeat < 1:
        ap.error(f"--repeat must be at least 1; got {args.repeat}")
    n_rows = sum(1 for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip())
    n = n_rows if args.articles is None else min(args.articles, n_rows)
    print(f"compare_many on {n:,} BBC articles: the code of {args.baseline} against this checkout, each call in a "
          f"fresh process, alternately, {args.repeat} run(s) each")
    with tempfile.TemporaryDirectory(prefix="bench_compare_many_") as tmp:
        speed = compare_speed(args.data, n, args.repeat, args.baseline, Path(tmp))
    best, a = speed["best"], speed["agreement"]
    print(f"best of {args.repeat}: baseline {best['baseline']['cpu']:.1f} s CPU ({best['baseline']['seconds']:.1f} s "
          f"wall), this checkout {best['today']['cpu']:.1f} s CPU ({best['today']['seconds']:.1f} s wall): "
          f"{speed['cpu_ratio']:.2f}x the baseline's CPU time ({speed['wall_ratio']:.2f}x wall; target <= 1x); "
          f"run by run {', '.join(f'{r:.2f}x' for r in speed['cpu_ratios'])}")
    same = "the same, in the same order" if a["top_pairs_same_order"] else f"{a['top_pairs_in_common']} in common"
    print(f"similarity matrix: largest difference {a['similarity_max_abs_diff']:.2g} (mean "
          f"{a['similarity_mean_abs_diff']:.2g}); the {a['top_pairs']} most similar pairs {same}; each article's "
          f"nearest the same for {a['nearest_same']:.1%}")
    def share(value: float | None, digits: str = ".1%") -> str:
        return "n/a" if value is None else format(value, digits)

    print(f"theme matrix: {'equal' if a['theme_matrix_equal'] else 'different'}; {a['themes_in_common']} themes in "
          f"common (only now: {a['themes_only_today'] or 'none'}; only before: {a['themes_only_baseline'] or 'none'}); "
          f"shares differ by at most {share(a['theme_max_abs_diff'], '.3f')} (mean "
          f"{share(a['theme_mean_abs_diff'], '.4f')}); the same themes present in "
          f"{a['articles_same_themes_present']:.1%} of articles, the same main theme in "
          f"{share(a['articles_same_main_theme'])} of the {a['articles_tagged']:,} tagged by either; the same "
          f"sentence count in {a['n_sentences_same']:.1%}")
    if not all(speed["each_code_repeats_its_result"].values()):
        print(f"WARNING: runs of the same code gave different results: {speed['each_code_repeats_its_result']}")
    figures: dict = {"compare_many": speed}
    if args.large:
        cm = measure_large(args.data, args.large, "compare_many")
        nn = measure_large(args.data, args.large, "neighbours")
        if cm["error"] is None:
            said = f"works: a {cm['shape'][0]:,} x {cm['shape'][1]:,} matrix in {cm['cpu']:.1f} s CPU, peak RSS " \
                   f"{cm['peak_mb']:,.0f} MB"
        else:
            said = f"refuses in {cm['seconds']:.2f} s ({'names' if cm['names_nearest_neighbours'] else 'does NOT name'}" \
                   f" nearest_neighbours): {cm['error']}"
        print(f"{args.large:,} articles (BBC replicated with perturbations): compare_many {said}")
        print(f"  nearest_neighbours(texts, n_neighbours=10), method {nn['method']!r}: {nn['cpu']:.1f} s CPU "
              f"({nn['seconds']:.1f} s wall), peak RSS {nn['peak_mb']:,.0f} MB; {nn['near_duplicate_pairs']:,} "
              "near-duplicate pairs flagged")
        figures["large"] = {"articles": args.large, "compare_many": cm, "nearest_neighbours": nn}
    write_results("compare_many", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
