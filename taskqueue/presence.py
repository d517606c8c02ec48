"""Whether anyone consumes the queues: the worker processes that stamped their heartbeat lately.

Worker processes write the stamps (``workers/heartbeat.py``, the writer); producers never do.
This is the reader that ``/readyz`` and ``deckhand doctor`` share, below both, so that neither
imports the worker process. The dashboard's fuller view (what each worker holds) is
:func:`ops.workers.list_workers`, over the same stamps.
"""

from __future__ import annotations

import time

import redis

from redisconn.keys import worker_heartbeats_key


def live_workers(client: redis.Redis, namespace: str, stale_s: float) -> int:
    """Worker processes that stamped within ``stale_s`` seconds."""
    since = int((time.time() - stale_s) * 1000)
    return int(client.zcount(worker_heartbeats_key(namespace), since, "+inf"))
