"""Which worker processes are alive, what they consume and what they are running.

Dramatiq's ``N:__heartbeats__`` ZSET lists every broker that talked to Redis,
producers (the web service) included, and an idle worker has no ack set, so
neither tells a worker apart (queue.md §8). :class:`WorkerRegistry`, added to the
worker's broker, writes ``N:ops:worker:<broker_id>`` (host, pid, queues, threads;
TTL 90 s, refreshed every 30 s) and a hash ``N:ops:running:<broker_id>`` of the
messages in progress. :func:`list_workers` joins those with the heartbeats and
each process's ack sets (per-queue ``SCARD``; the key names are known, no scan).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import dramatiq
import redis
from dramatiq.middleware import Middleware

from redisconn.keys import (
    broker_heartbeats_key,
    unacked_key,
    worker_registry_key,
    worker_registry_pattern,
    worker_running_key,
)

logger = logging.getLogger(__name__)

REGISTRY_TTL_S = 90
REFRESH_S = 30
#: Workers listed at most (the dashboard pages nothing here: a deployment has a handful).
MAX_WORKERS = 200


def _running(namespace: str, broker: dramatiq.Broker) -> str:
    return worker_running_key(namespace, str(getattr(broker, "broker_id", "?")))


def _s(value: bytes | str | None) -> str:
    if value is None:
        return ""
    return value.decode() if isinstance(value, bytes) else value


class WorkerRegistry(Middleware):
    """Announces this worker process and the messages it is running (for /ops)."""

    def __init__(self, *, redis_client: redis.Redis, namespace: str) -> None:
        self.redis = redis_client
        self.namespace = namespace
        self._stop = threading.Event()
        self._info: dict[str, Any] = {}

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        broker_id = str(getattr(broker, "broker_id", "?"))
        # Worker.queues: the -Q selection (None: every declared queue); untyped in dramatiq.
        selected = getattr(worker, "queues", None)
        queues = sorted(selected or broker.get_declared_queues())
        self._info = {
            "broker_id": broker_id,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "queues": [q for q in queues if not q.endswith(".DQ")],
            "threads": worker.worker_threads,
            "started_at": time.time(),
        }
        thread = threading.Thread(target=self._refresh_loop, name="ops-worker-registry", daemon=True)
        thread.start()

    def _announce(self) -> None:
        broker_id = self._info["broker_id"]
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(worker_registry_key(self.namespace, broker_id), json.dumps(self._info), ex=REGISTRY_TTL_S)
        pipe.expire(worker_running_key(self.namespace, broker_id), REGISTRY_TTL_S)
        pipe.execute()

    def _refresh_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._announce()
            except redis.RedisError as exc:  # the broker itself reports a lasting outage
                logger.warning("worker registry refresh failed: %s", exc)
            self._stop.wait(REFRESH_S)

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        self._stop.set()
        broker_id = self._info.get("broker_id")
        if broker_id:
            with contextlib.suppress(redis.RedisError):  # the keys expire on their own anyway
                self.redis.delete(
                    worker_registry_key(self.namespace, broker_id),
                    worker_running_key(self.namespace, broker_id),
                )

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        entry = {"actor": message.actor_name, "queue": message.queue_name, "started_at": time.time()}
        if message.args:
            entry["arg0"] = str(message.args[0])[:64]
        # Bookkeeping for the dashboard only: never fail a message over it.
        with contextlib.suppress(redis.RedisError):
            self.redis.hset(_running(self.namespace, broker), message.message_id, json.dumps(entry))

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        with contextlib.suppress(redis.RedisError):
            self.redis.hdel(_running(self.namespace, broker), message.message_id)

    after_skip_message = after_process_message


@dataclass
class WorkerInfo:
    broker_id: str
    host: str
    pid: int
    queues: list[str]
    threads: int
    started_at: float
    last_heartbeat: float | None  # epoch seconds
    alive: bool
    in_flight: dict[str, int] = field(default_factory=dict)
    running: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class WorkerSummary:
    workers: list[WorkerInfo]
    other_brokers: int  # live heartbeats without a registry entry: producers (web, CLI, scheduler)
    last_heartbeat: float | None  # newest heartbeat of any registered worker


def list_workers(client: redis.Redis, namespace: str, heartbeat_timeout_ms: int) -> WorkerSummary:
    now = time.time()
    ids: list[str] = []
    cursor = 0
    while True:
        cursor, keys = client.scan(cursor=cursor, match=worker_registry_pattern(namespace), count=500)
        ids.extend(_s(k).rsplit(":", 1)[-1] for k in keys)
        if cursor == 0 or len(ids) >= MAX_WORKERS:
            break
    ids = sorted(set(ids))[:MAX_WORKERS]

    pipe = client.pipeline(transaction=False)
    for broker_id in ids:
        pipe.get(worker_registry_key(namespace, broker_id))
        pipe.zscore(broker_heartbeats_key(namespace), broker_id)
        pipe.hgetall(worker_running_key(namespace, broker_id))
    raw = pipe.execute() if ids else []
    infos: list[WorkerInfo] = []
    for i, broker_id in enumerate(ids):
        body, score, running = raw[3 * i : 3 * i + 3]
        if body is None:
            continue  # expired between SCAN and GET
        data = json.loads(body)
        beat = float(score) / 1000 if score is not None else None
        entries = []
        for message_id, entry in running.items():
            item = json.loads(entry)
            item["message_id"] = _s(message_id)
            entries.append(item)
        infos.append(
            WorkerInfo(
                broker_id=broker_id,
                host=str(data.get("host", "?")),
                pid=int(data.get("pid", 0)),
                queues=list(data.get("queues", [])),
                threads=int(data.get("threads", 0)),
                started_at=float(data.get("started_at", 0)),
                last_heartbeat=beat,
                alive=beat is not None and now - beat <= heartbeat_timeout_ms / 1000,
                running=sorted(entries, key=lambda e: float(e.get("started_at", 0))),
            )
        )

    pipe = client.pipeline(transaction=False)
    for info in infos:
        for queue in info.queues:
            pipe.scard(unacked_key(namespace, info.broker_id, queue))
    counts = iter(pipe.execute() if infos else [])
    for info in infos:
        info.in_flight = {queue: int(next(counts)) for queue in info.queues}

    live_total = int(
        client.zcount(broker_heartbeats_key(namespace), (now * 1000) - heartbeat_timeout_ms, "+inf")
    )
    live_workers = sum(1 for info in infos if info.alive)
    beats = [info.last_heartbeat for info in infos if info.last_heartbeat is not None]
    return WorkerSummary(
        workers=infos,
        other_brokers=max(0, live_total - live_workers),
        last_heartbeat=max(beats) if beats else None,
    )
