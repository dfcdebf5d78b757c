"""The Dask cluster that ``scheduler="local"`` starts, one for the package.

:func:`toolkit.nearest_neighbours` and :func:`toolkit.run_corpus` (``corpus --scheduler
local``) start the same cluster: worker processes of one thread each (CPU-bound Python)
with the settings of :data:`LOCAL_CLUSTER_CONFIG`. Each caller adds its own settings (the
corpus run its retries and lost-worker timeout).
"""
from __future__ import annotations

from typing import Any

__all__ = ["LOCAL_CLUSTER_CONFIG", "local_cluster"]

#: Dask settings of the local cluster, each a cost with no use where no dashboard is open:
#:
#: * no statistical profiler: it samples each task's stack 100 times a second for the
#:   dashboard (about 8% of the workers' CPU time in the neighbour search at 30,000 articles);
#: * the event loops' "tick" once a second, not 50 times: it only measures how late the loop
#:   runs, for the logs and the dashboard, and woke each process 50 times a second (idle,
#:   about 2.6% of a core per worker and 5% in the process of the scheduler and the nannies).
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {"distributed.worker.profile.enabled": False,
                                        "distributed.admin.tick.interval": "1s"}


def local_cluster(n_workers: int = 2, **options: Any) -> Any:
    """A ``distributed.LocalCluster`` of ``n_workers`` processes of one thread each, no
    dashboard, the settings of :data:`LOCAL_CLUSTER_CONFIG` (``options``: more arguments of
    ``LocalCluster``, e.g. ``silence_logs``, ``env``).

    The workers get the settings as their nannies' own ``config``, which a nanny gives every
    worker it starts, those it restarts after a crash too (set only around the cluster's
    start, they held for the first workers alone: a nanny's copy of Dask's configuration
    shares the nested settings that the context restores on leaving); the scheduler and the
    nannies, in this process, read them as they start.
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            config=dict(LOCAL_CLUSTER_CONFIG), **options)
