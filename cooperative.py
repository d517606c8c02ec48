"""Blocking calls off the gevent hub, in thread pools ("lanes") kept apart by kind of work.

Under gunicorn's gevent worker every request of a process shares one OS thread, the hub. A call
that blocks that thread in C stalls all of them, open progress streams, ``/healthz`` and the
accepting of new connections included:

* an argon2 hash computes for about 25 ms (argon2-cffi releases the GIL, so a thread can run it);
* a SQLite statement or commit may wait for the database's write lock for seconds (the worker
  writing cards at the same moment; SQLite's busy handler sleeps in C) and a commit waits for
  its fsync.

Such calls run in a thread pool of their lane. Lanes are separate pools so that one kind of
work never queues behind another: a burst of sign-ups fills the ``hash`` lane while every other
request's database calls go through the ``db`` lane. Outside gevent (the worker's threads, the
CLI, the tests) the call runs directly.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, Literal, TypeVar

T = TypeVar("T")

Lane = Literal["hash", "db"]
#: Threads per lane in one process. ``hash``: ten hashes at once (about 190 MiB of argon2
#: memory at most); ``db``: at least one per connection of the SQLite pool, which
#: :func:`reserve` raises it to when the engine is made.
LANE_THREADS: dict[Lane, int] = {"hash": 10, "db": 15}

_pools: dict[Lane, Any] = {}
_pools_lock = threading.Lock()


def monkey_patched() -> bool:
    """Whether gevent has patched this process (gunicorn's gevent worker does, before the app loads)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and bool(monkey.is_module_patched("threading"))


def _pool(lane: Lane) -> Any:
    """This process's pool for ``lane``, made on first use (after gunicorn's fork)."""
    pool = _pools.get(lane)
    if pool is None:
        from gevent.threadpool import ThreadPool

        with _pools_lock:
            pool = _pools.get(lane)
            if pool is None:
                pool = _pools[lane] = ThreadPool(LANE_THREADS[lane])
    return pool


def reserve(lane: Lane, threads: int) -> None:
    """At least ``threads`` threads in ``lane``, whether its pool is made yet or not.

    The ``db`` lane needs one thread per pooled SQLite connection. A connection's transaction
    holds SQLite's one write lock from its first write to its commit, and the commit needs a
    thread of the lane like any statement. With fewer threads than connections, the other
    transactions' writes could fill every thread, each waiting for the lock (up to the busy
    timeout, 30 s), while the commit that would release it waited for a thread: the process's
    writes stalled for 30 s and then failed ("database is locked"), as under 200 sign-ups.
    """
    with _pools_lock:
        LANE_THREADS[lane] = max(LANE_THREADS[lane], threads)
        pool = _pools.get(lane)
        if pool is not None and pool.maxsize < threads:
            pool.maxsize = threads


def off_hub(lane: Lane, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, in ``lane``'s thread pool when the process is monkey-patched.

    Called from a thread other than the hub's (a pool thread itself), it runs directly.
    """
    if not monkey_patched():
        return fn(*args)
    result: T = _pool(lane).apply(fn, args)
    return result
