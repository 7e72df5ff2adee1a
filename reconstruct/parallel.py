"""When work may be shared out over forked worker processes, and over how many.

Reading a large case (reconstruct.ingest) and the lexicon's reading of many texts
(reconstruct.lexicon) fork workers. Forking is safe only from a process with one thread: the
command line, a notebook, the benchmark. A running app has request threads, one of which may
hold a lock the child would wait for forever, so there the work stays in the process. A worker
never forks workers of its own.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

WORKERS_ENV = "RECONSTRUCT_WORKERS"
"""Environment variable: how many worker processes (1: none). Default: one per CPU."""


def may_fork() -> bool:
    """Whether this process may fork workers now (see the module docstring)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
        and threading.active_count() == 1
        and os.environ.get(_IN_WORKER) != "1"
    )


def worker_count(asked: int | None = None) -> int:
    """`asked`, else $RECONSTRUCT_WORKERS, else the CPU count; 1 where forking is not safe."""
    if asked is None and os.environ.get(WORKERS_ENV, "").strip():
        try:
            asked = int(os.environ[WORKERS_ENV])
        except ValueError:
            raise ValueError(f"{WORKERS_ENV} moet een geheel getal zijn") from None
    if asked is None:
        asked = os.cpu_count() or 1
    return max(1, asked) if may_fork() else 1


def fork_map(func, items: list, workers: int) -> list:
    """`[func(item) for item in items]` over `workers` forked processes, in order. The workers
    inherit what this process holds, so `func` reads its big inputs from a module global set
    before the call (nothing is pickled but `items` and the results). Call only when
    `worker_count()` allowed it; the pool's workers are daemons, which fork no workers."""
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(func, items, chunksize=1)


def mark_worker() -> None:
    """Called first in a worker process: it forks no workers of its own."""
    os.environ[_IN_WORKER] = "1"


_IN_WORKER = "RECONSTRUCT_IN_WORKER"
