"""Worker liveness for ``/readyz``: each worker process stamps a Redis sorted set.

Why not Dramatiq's own ``<ns>:__heartbeats__``: producers (the API) write it
too (queue.md §6), so it cannot tell a live worker from a web process that just
enqueued. Here only worker processes write ``<ns>:workers:heartbeats``
(member ``host:pid``, score = unix ms), from a daemon thread, every
``WORKER_HEARTBEAT_INTERVAL_S``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time

import dramatiq
import redis
from dramatiq.middleware import Middleware

from redisconn.keys import worker_heartbeats_key

logger = logging.getLogger(__name__)


def live_workers(client: redis.Redis, namespace: str, stale_s: float) -> int:
    """Worker processes that stamped within ``stale_s`` seconds."""
    since = int((time.time() - stale_s) * 1000)
    return int(client.zcount(worker_heartbeats_key(namespace), since, "+inf"))


class WorkerHeartbeat(Middleware):
    """Stamps ``host:pid`` every ``interval_s`` while the worker process runs."""

    def __init__(self, *, redis_client: redis.Redis, namespace: str, interval_s: float) -> None:
        self.redis = redis_client
        self.key = worker_heartbeats_key(namespace)
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._member = f"{socket.gethostname()}:{os.getpid()}"

    def _beat(self) -> None:
        now_ms = int(time.time() * 1000)
        try:
            pipe = self.redis.pipeline(transaction=False)
            pipe.zadd(self.key, {self._member: now_ms})
            # Forget processes gone for a day, so the set stays small.
            pipe.zremrangebyscore(self.key, 0, now_ms - 86_400_000)
            pipe.execute()
        except (redis.RedisError, OSError) as exc:
            logger.warning("worker heartbeat not recorded error=%r", exc)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._beat()
            self._stop.wait(self.interval_s)

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        self._member = f"{socket.gethostname()}:{os.getpid()}"  # the forked process's pid
        threading.Thread(target=self._run, name="deckhand-heartbeat", daemon=True).start()

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        self._stop.set()
        with contextlib.suppress(redis.RedisError, OSError):
            self.redis.zrem(self.key, self._member)
