"""Which worker processes are alive, what they consume and what they hold.

One presence mechanism (:mod:`workers.heartbeat`): each worker stamps
``N:workers:heartbeats`` and describes itself in ``N:ops:worker:<broker_id>``.
:func:`list_workers` joins those descriptions with their heartbeats and with Dramatiq's own
ack sets ``N:__acks__.<broker_id>.<Q>``: the messages each process fetched and has not acked
yet (running, or prefetched and waiting for a thread), whose bodies name the actor. Dramatiq's
``N:__heartbeats__`` still counts the other brokers (producers: web, CLI, scheduler).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import redis

from redisconn.keys import (
    QueueKeys,
    broker_heartbeats_key,
    unacked_key,
    worker_heartbeats_key,
    worker_registry_key,
    worker_registry_pattern,
)
from redisconn.replies import as_text

logger = logging.getLogger(__name__)

#: Workers listed at most (the dashboard pages nothing here: a deployment has a handful).
MAX_WORKERS = 200
#: Held messages listed per worker and queue (a worker holds at most its prefetch).
MAX_HELD_LISTED = 20


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
    #: Messages fetched and not acked yet (running or prefetched): actor, queue, arg0, enqueued_at.
    held: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class WorkerSummary:
    workers: list[WorkerInfo]
    other_brokers: int  # live broker heartbeats that are not workers: producers (web, CLI, scheduler)
    last_heartbeat: float | None  # newest heartbeat of any registered worker


def _registered_ids(client: redis.Redis, namespace: str) -> list[str]:
    ids: list[str] = []
    cursor = 0
    while True:
        cursor, keys = client.scan(cursor=cursor, match=worker_registry_pattern(namespace), count=500)
        ids.extend(as_text(k).rsplit(":", 1)[-1] for k in keys)
        if cursor == 0 or len(ids) >= MAX_WORKERS:
            break
    return sorted(set(ids))[:MAX_WORKERS]


def _held(client: redis.Redis, namespace: str, infos: list[WorkerInfo]) -> None:
    """Fill each worker's ``in_flight`` counts and ``held`` messages from Dramatiq's ack sets."""
    pipe = client.pipeline(transaction=False)
    slots = [(info, queue) for info in infos for queue in info.queues]
    for info, queue in slots:
        pipe.smembers(unacked_key(namespace, info.broker_id, queue))
    members = pipe.execute() if slots else []
    pipe = client.pipeline(transaction=False)
    asked: list[tuple[WorkerInfo, str, list[str]]] = []
    for (info, queue), ids in zip(slots, members, strict=True):
        info.in_flight[queue] = len(ids)
        listed = sorted(as_text(i) for i in ids)[:MAX_HELD_LISTED]
        if listed:
            pipe.hmget(QueueKeys(namespace, queue).msgs, listed)
            asked.append((info, queue, listed))
    bodies = pipe.execute() if asked else []
    for (info, queue, _listed), found in zip(asked, bodies, strict=True):
        for body in found:
            if body is None:
                continue  # acked since the SMEMBERS
            try:
                message = json.loads(body)
            except ValueError:
                continue
            entry: dict[str, Any] = {
                "actor": message.get("actor_name", "?"),
                "queue": queue,
                "message_id": message.get("message_id", ""),
                "enqueued_at": float(message.get("message_timestamp", 0)) / 1000,
            }
            if message.get("args"):
                entry["arg0"] = str(message["args"][0])[:64]
            info.held.append(entry)
    for info in infos:
        info.held.sort(key=lambda e: float(e["enqueued_at"]))


def list_workers(client: redis.Redis, namespace: str, heartbeat_timeout_ms: int) -> WorkerSummary:
    now = time.time()
    ids = _registered_ids(client, namespace)
    pipe = client.pipeline(transaction=False)
    for broker_id in ids:
        pipe.get(worker_registry_key(namespace, broker_id))
        pipe.zscore(worker_heartbeats_key(namespace), broker_id)
    raw = pipe.execute() if ids else []
    infos: list[WorkerInfo] = []
    for i, broker_id in enumerate(ids):
        body, score = raw[2 * i : 2 * i + 2]
        if body is None:
            continue  # expired between SCAN and GET
        data = json.loads(body)
        beat = float(score) / 1000 if score is not None else None
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
            )
        )
    _held(client, namespace, infos)

    since_ms = (now * 1000) - heartbeat_timeout_ms
    live_brokers = int(client.zcount(broker_heartbeats_key(namespace), since_ms, "+inf"))
    live_workers = sum(1 for info in infos if info.alive)
    beats = [info.last_heartbeat for info in infos if info.last_heartbeat is not None]
    return WorkerSummary(
        workers=infos,
        other_brokers=max(0, live_brokers - live_workers),
        last_heartbeat=max(beats) if beats else None,
    )
