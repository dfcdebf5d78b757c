"""One ``compare_many`` call in a fresh process, for ``bench_compare_many``.

Run by path, not as ``benchmarks._compare_many_worker``: the code measured is the
``toolkit`` found first on ``sys.path`` (``PYTHONPATH`` at a checkout of another commit),
so this file imports nothing of the benchmarks and nothing of the toolkit but its public
``compare_many``, whose result attributes (``names``, ``themes``, ``similarities``,
``theme_weights``, ``n_sentences``) are the same since before issue 12.

    PYTHONPATH=TREE python benchmarks/_compare_many_worker.py DATA N OUT.npz TREE

prints one JSON line: the CPU and wall time of the call, this process's peak RSS and the
toolkit's path; writes the matrices to ``OUT.npz``.
"""
from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    data, n, out, tree = Path(argv[0]), int(argv[1]), Path(argv[2]), Path(argv[3]).resolve()
    rows = [json.loads(line)["article"] for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = rows[:n]
    import_cpu = time.process_time()
    import numpy as np

    import toolkit
    from toolkit import compare_many

    where = Path(toolkit.__file__).resolve()
    if tree not in where.parents:  # the wrong code would be measured: say so, measure nothing
        print(f"toolkit imported from {where}, not from {tree}", file=sys.stderr)
        return 2
    import_cpu = time.process_time() - import_cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    cc = compare_many(texts)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    S = np.asarray(cc.similarities, dtype=float)
    np.savez(out, similarities=S, theme_weights=np.asarray(cc.theme_weights, dtype=float),
             theme_ids=np.array([t.id for t in cc.themes]), n_sentences=np.asarray(cc.n_sentences))
    print(json.dumps({
        "n": len(texts), "cpu": cpu, "seconds": seconds, "import_cpu": import_cpu,
        # CPU time of processes the call started and waited for (none expected; counted if any)
        "children_cpu": (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "toolkit": str(where.parent),
        # the run's result, bit for bit: runs of the same code must agree
        "checksum": hashlib.sha1(S.tobytes() + np.asarray(cc.theme_weights, dtype=float).tobytes()).hexdigest()[:16],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
