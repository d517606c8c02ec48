"""Worker presence: the one mechanism ``/readyz``, doctor, ``/ops``, metrics and the
``no_worker`` alert read.

Dramatiq's own ``N:__heartbeats__`` cannot tell a worker from a producer (the API and the
scheduler write it too, queue.md §6), and an idle worker has no ack set. So each worker
process, from a daemon thread every ``WORKER_HEARTBEAT_INTERVAL_S``:

* stamps ``N:workers:heartbeats`` (ZSET broker id -> unix ms): who is alive and when it last
  said so; :func:`taskqueue.presence.live_workers` counts it, :func:`ops.workers.list_workers`
  reads each score;
* refreshes ``N:ops:worker:<broker_id>`` (host, pid, queues, threads), with a TTL of a few
  beats: what the dashboard shows about it.

What a worker holds (fetched and not acked yet) is read from Dramatiq's own ack sets
(:mod:`ops.workers`): nothing is written per message. A clean stop removes both entries at
once; a killed worker's entries age out. Key names: :mod:`redisconn.keys`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from typing import Any

import dramatiq
import redis
from dramatiq.middleware import Middleware

from redisconn.keys import worker_heartbeats_key, worker_registry_key

logger = logging.getLogger(__name__)

#: A worker's description outlives this many missed beats before it expires.
REGISTRY_BEATS = 3
#: ...and never less than this many seconds.
REGISTRY_MIN_TTL_S = 90
#: How long a stopping worker waits for a heartbeat in flight.
HEARTBEAT_JOIN_S = 5.0


class WorkerHeartbeat(Middleware):
    """Stamps this worker process alive every ``interval_s`` and describes it for the dashboard."""

    def __init__(self, *, redis_client: redis.Redis, namespace: str, interval_s: float) -> None:
        self.redis = redis_client
        self.namespace = namespace
        self.key = worker_heartbeats_key(namespace)
        self.interval_s = interval_s
        self.registry_ttl_s = max(REGISTRY_MIN_TTL_S, int(REGISTRY_BEATS * interval_s))
        self._stop = threading.Event()
        # The broker id once the worker boots (it names the process's Dramatiq ack sets).
        self._member = f"{socket.gethostname()}:{os.getpid()}"
        self._info: dict[str, Any] = {}
        self._thread: threading.Thread | None = None

    @property
    def beating(self) -> bool:
        """Whether this process's heartbeat thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def _beat(self) -> None:
        now_ms = int(time.time() * 1000)
        try:
            pipe = self.redis.pipeline(transaction=False)
            pipe.zadd(self.key, {self._member: now_ms})
            # Forget processes gone for a day, so the set stays small.
            pipe.zremrangebyscore(self.key, 0, now_ms - 86_400_000)
            if self._info:
                registry = worker_registry_key(self.namespace, self._member)
                pipe.set(registry, json.dumps(self._info), ex=self.registry_ttl_s)
            pipe.execute()
        except (redis.RedisError, OSError, ValueError) as exc:
            # ValueError: redis-py's socket buffer closed under a read (a connection dropped while
            # the beat waited): the next beat uses a fresh connection
            logger.warning("worker heartbeat not recorded error=%r", exc)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._beat()
            self._stop.wait(self.interval_s)

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        broker_id = str(getattr(broker, "broker_id", "") or f"{socket.gethostname()}:{os.getpid()}")
        # Worker.queues: the -Q selection (None: every declared queue); untyped in dramatiq.
        selected = getattr(worker, "queues", None)
        queues = sorted(selected or broker.get_declared_queues())
        self._member = broker_id
        self._info = {
            "broker_id": broker_id,
            "host": socket.gethostname(),
            "pid": os.getpid(),  # the forked process's pid
            "queues": [q for q in queues if not q.endswith(".DQ")],
            "threads": worker.worker_threads,
            "started_at": time.time(),
        }
        self._thread = threading.Thread(target=self._run, name="deckhand-heartbeat", daemon=True)
        self._thread.start()

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        self._stop.set()
        # A beat in flight finishes before the entries go (and before whoever stopped the worker
        # closes its Redis connections under it); a beat is one round trip, bounded by its timeout.
        if self._thread is not None:
            self._thread.join(timeout=HEARTBEAT_JOIN_S)
        with contextlib.suppress(redis.RedisError, OSError):  # both age out on their own anyway
            pipe = self.redis.pipeline(transaction=False)
            pipe.zrem(self.key, self._member)
            pipe.delete(worker_registry_key(self.namespace, self._member))
            pipe.execute()
