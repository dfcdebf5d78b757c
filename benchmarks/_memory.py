"""Memory of the benchmark's process tree, shared by the corpus and neighbour benchmarks."""
from __future__ import annotations


def tree_rss() -> int:
    """Resident memory, in bytes, of this process and all its children (workers included)."""
    import psutil

    me = psutil.Process()
    total = 0
    for p in [me, *me.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total
