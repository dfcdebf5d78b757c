"""Memory of the benchmark's process tree, shared by the corpus, neighbour and compare_many benchmarks."""
from __future__ import annotations

import threading


def tree_rss() -> int:
    """Resident memory, in bytes, of this process and all its children (workers included)."""
    import psutil

    me = psutil.Process()
    return _rss_of([me, *me.children(recursive=True)])


def _rss_of(processes: list) -> int:
    """Resident memory, in bytes, of ``processes`` (those that have ended count 0)."""
    import psutil

    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


class TreeRss:
    """:func:`tree_rss` for sampling ten times a second: the process tree is listed anew
    only every ``rescan`` calls (a call of :func:`tree_rss` took 2.8 ms, most of it listing
    the tree, which reads every process of the machine; a process's memory takes 0.02 ms):
    ten samples a second took ~3% of a core beside the Dask workers it measures."""

    def __init__(self, rescan: int = 10) -> None:
        import psutil

        self._me, self._rescan, self._calls, self._procs = psutil.Process(), rescan, 0, []

    def __call__(self) -> int:
        if self._calls % self._rescan == 0:
            self._procs = [self._me, *self._me.children(recursive=True)]
        self._calls += 1
        return _rss_of(self._procs)


class PeakMemory:
    """The peak resident memory of the process tree (:class:`TreeRss`) while the ``with`` block
    runs, sampled ten times a second by a thread: ``.peak``, in bytes."""

    def __enter__(self) -> PeakMemory:
        self._rss = TreeRss()  # the process list read once a second, each process's memory 10 times
        self.peak, self._stop = self._rss(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            self._stop.wait(0.1)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
