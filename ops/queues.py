"""Dramatiq's Redis queues, read and repaired the way its ``dispatch.lua`` lays them out.

The keys are named in :mod:`redisconn.keys` (queue.md §7). The delay queue's bodies are
mostly held in worker memory until their ``eta``, so its hash, not its list, is the count.

Every read is a pipelined ``LLEN``/``HLEN``/``ZCARD`` round or a bounded
``ZRANGE``/``HMGET``; queues beyond the declared ones are found with a capped ``SCAN``.
Repairs follow queue.md §7: requeue enqueues a fresh copy *then* removes the dead
one (a crash duplicates, never loses); delete and purge touch only ``XQ`` keys,
never pending work or live ack sets.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from typing import Any

import dramatiq
import redis

from redisconn import keys as rkeys
from redisconn.keys import QueueKeys
from redisconn.replies import as_text

#: SCAN batches examined when discovering queues (x 1000 keys); bounds the cost on big keyspaces.
MAX_SCAN_ROUNDS = 50
#: Dead letters requeued per round trip by :func:`requeue_all`.
REQUEUE_BATCH = 200
#: Dead letters one "requeue all" moves at most (one request stays short; confirm again for the rest).
REQUEUE_ALL_MAX = 10_000


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class QueueStats:
    name: str
    ready: int
    in_flight: int
    delayed: int
    dead: int
    dead_recent: int  # dead-lettered within the window asked for
    oldest_ready_age_s: float | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DeadLetter:
    redis_id: str
    message_id: str
    queue: str
    actor: str
    args: list[Any]
    kwargs: dict[str, Any]
    retries: int
    max_retries: int | None
    traceback: str
    dead_at: float  # epoch seconds
    enqueued_at: float | None
    error: str = ""  # the traceback's last line: the exception type and message

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DeadPage:
    queue: str
    total: int
    offset: int
    items: list[DeadLetter] = field(default_factory=list)


def broker_client(broker: dramatiq.Broker) -> redis.Redis:
    """The Redis client of a Redis broker (the dashboard reuses its connection pool)."""
    from dramatiq.brokers.redis import RedisBroker

    if not isinstance(broker, RedisBroker):
        raise TypeError("the ops dashboard needs Dramatiq's RedisBroker")
    client: redis.Redis = broker.client
    return client


def canonical_queue(name: str) -> str:
    for suffix in (".DQ", ".XQ"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def discover_queues(client: redis.Redis, namespace: str, declared: tuple[str, ...] | list[str]) -> list[str]:
    """Declared queues plus any other ``N:*.msgs`` found by a capped ``SCAN`` (never ``KEYS``)."""
    found = set(declared)
    prefix = rkeys.namespace_prefix(namespace)
    cursor = 0
    for _ in range(MAX_SCAN_ROUNDS):
        cursor, keys = client.scan(cursor=cursor, match=rkeys.queue_bodies_pattern(namespace), count=1000)
        for key in keys:
            name = as_text(key)[len(prefix) : -len(".msgs")]
            if not name.startswith("__"):
                found.add(canonical_queue(name))
        if cursor == 0:
            break
    return sorted(found)


def _ready_since_ms(body: bytes | str | None) -> int | None:
    """When a ready message became ready: its ``eta`` when it came from the delay queue, else its
    first enqueue (``message_timestamp`` survives retries)."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    options = data.get("options") or {}
    stamps = [int(v) for v in (data.get("message_timestamp"), options.get("eta")) if v]
    return max(stamps) if stamps else None


def overview(
    client: redis.Redis, namespace: str, queues: list[str], *, window_s: int = 3600
) -> list[QueueStats]:
    """Counts per queue in two pipelined round trips, whatever the queue lengths."""
    now = now_ms()
    pipe = client.pipeline(transaction=False)
    for queue in queues:
        keys = QueueKeys(namespace, queue)
        pipe.llen(keys.ready)
        pipe.hlen(keys.msgs)
        pipe.hlen(keys.delayed_msgs)
        pipe.zcard(keys.dead)
        pipe.zcount(keys.dead, now - window_s * 1000, "+inf")
        pipe.lindex(keys.ready, 0)
    raw = pipe.execute()
    rows = [raw[i : i + 6] for i in range(0, len(raw), 6)]

    pipe = client.pipeline(transaction=False)
    heads = []
    for queue, row in zip(queues, rows, strict=True):
        if row[5] is not None:
            pipe.hget(QueueKeys(namespace, queue).msgs, row[5])
            heads.append(queue)
    bodies = dict(zip(heads, pipe.execute() if heads else [], strict=True))

    stats = []
    for queue, (ready, msgs, delayed, dead, dead_recent, _head) in zip(queues, rows, strict=True):
        since = _ready_since_ms(bodies.get(queue))
        stats.append(
            QueueStats(
                name=queue,
                ready=int(ready),
                # The hash holds ready and fetched-but-unacked bodies.
                in_flight=max(0, int(msgs) - int(ready)),
                delayed=int(delayed),
                dead=int(dead),
                dead_recent=int(dead_recent),
                oldest_ready_age_s=max(0.0, (now - since) / 1000) if since else None,
            )
        )
    return stats


def _error_line(traceback: str) -> str:
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else ""


def _dead_letter(queue: str, redis_id: str, score: float, body: bytes | str | None) -> DeadLetter:
    try:
        data: dict[str, Any] = json.loads(body) if body else {}
    except ValueError:
        data = {}
    options = data.get("options") or {}
    traceback = str(options.get("traceback") or "")
    stamp = data.get("message_timestamp")
    return DeadLetter(
        redis_id=redis_id,
        message_id=str(data.get("message_id", "")),
        queue=queue,
        actor=str(data.get("actor_name", "?")),
        args=list(data.get("args") or []),
        kwargs=dict(data.get("kwargs") or {}),
        retries=int(options.get("retries", 0) or 0),
        max_retries=options.get("max_retries"),
        traceback=traceback,
        dead_at=score / 1000,
        enqueued_at=int(stamp) / 1000 if stamp else None,
        # The worker stores the error with the dead letter (workers.middleware); older bodies
        # only have Dramatiq's traceback, whose last line names the exception.
        error=(str(options.get("error") or "") or _error_line(traceback) or "(no error recorded)")[:300]
        if body
        else "(message body missing)",
    )


def dead_letters(
    client: redis.Redis, namespace: str, queue: str, *, offset: int = 0, limit: int = 50
) -> DeadPage:
    """One page of dead letters, newest first (``ZREVRANGE`` + ``HMGET``: cost is the page, not the queue)."""
    keys = QueueKeys(namespace, queue)
    offset = max(0, offset)
    limit = max(1, min(limit, 500))
    pipe = client.pipeline(transaction=False)
    pipe.zcard(keys.dead)
    pipe.zrevrange(keys.dead, offset, offset + limit - 1, withscores=True)
    total, members = pipe.execute()
    ids = [as_text(member) for member, _ in members]
    bodies = client.hmget(keys.dead_msgs, ids) if ids else []
    items = [
        _dead_letter(queue, redis_id, float(score), body)
        for (redis_id, (_, score), body) in zip(ids, members, bodies, strict=True)
    ]
    return DeadPage(queue=queue, total=int(total), offset=offset, items=items)


def dead_letter(client: redis.Redis, namespace: str, queue: str, redis_id: str) -> DeadLetter | None:
    keys = QueueKeys(namespace, queue)
    pipe = client.pipeline(transaction=False)
    pipe.zscore(keys.dead, redis_id)
    pipe.hget(keys.dead_msgs, redis_id)
    score, body = pipe.execute()
    if score is None:
        return None
    return _dead_letter(queue, redis_id, float(score), body)


#: Dead letters examined (newest first) when one is looked up by its message id.
FIND_SCAN_MAX = 5_000


def find_dead_letter(client: redis.Redis, namespace: str, queue: str, ident: str) -> DeadLetter | None:
    """A dead letter by its message id (what the dashboard shows and links), or by its Redis id.

    The hash is keyed by the Redis id of the last enqueue, which no log line or page shows;
    the message id is found among the newest :data:`FIND_SCAN_MAX` bodies, in pages.
    """
    direct = dead_letter(client, namespace, queue, ident)
    if direct is not None:
        return direct
    keys = QueueKeys(namespace, queue)
    for start in range(0, FIND_SCAN_MAX, 500):
        members: list[tuple[bytes, float]] = list(
            client.zrevrange(keys.dead, start, start + 499, withscores=True)  # type: ignore[arg-type]
        )
        if not members:
            break
        ids = [as_text(member) for member, _ in members]
        bodies = client.hmget(keys.dead_msgs, ids)
        for redis_id, (_, score), body in zip(ids, members, bodies, strict=True):
            if body and ident in as_text(body):
                item = _dead_letter(queue, redis_id, float(score), body)
                if item.message_id == ident:
                    return item
    return None


def _fresh_copy(body: bytes | str, queue: str) -> dramatiq.Message[Any]:
    """The dead message as a new first attempt: retries reset, its old traceback and eta dropped."""
    message: dramatiq.Message[Any] = dramatiq.Message.decode(
        body if isinstance(body, bytes) else body.encode()
    )
    dropped = ("traceback", "error", "eta", "redis_message_id")
    options = {k: v for k, v in message.options.items() if k not in dropped}
    options["retries"] = 0
    return dataclasses.replace(message, queue_name=queue, options=options)


def requeue(
    broker: dramatiq.Broker, client: redis.Redis, namespace: str, queue: str, redis_ids: list[str]
) -> int:
    """Requeue these dead letters on ``queue``; returns how many were moved.

    Enqueue first, remove after: a crash in between leaves a duplicate, never a loss.
    The message's crash-delivery counter (``workers.middleware.JobTracking``) is reset
    too, or the fresh copy would be refused as over its delivery limit.
    """
    if not redis_ids:
        return 0
    keys = QueueKeys(namespace, queue)
    bodies = client.hmget(keys.dead_msgs, redis_ids)
    moved: list[str] = []
    message_ids: list[str] = []
    for redis_id, body in zip(redis_ids, bodies, strict=True):
        if body is None:
            continue
        message = _fresh_copy(body, queue)
        broker.enqueue(message)
        moved.append(redis_id)
        message_ids.append(message.message_id)
    if moved:
        pipe = client.pipeline(transaction=True)
        pipe.zrem(keys.dead, *moved)
        pipe.hdel(keys.dead_msgs, *moved)
        pipe.delete(*(rkeys.delivery_count_key(namespace, mid) for mid in message_ids))
        pipe.execute()
    return len(moved)


def requeue_all(
    broker: dramatiq.Broker,
    client: redis.Redis,
    namespace: str,
    queue: str,
    *,
    limit: int | None = REQUEUE_ALL_MAX,
) -> int:
    """Requeue the dead letters of ``queue``, oldest first, in batches; at most ``limit`` of them.

    Bounded by the count at the start, so a message that dies again at once is not looped over,
    and by ``limit`` (default :data:`REQUEUE_ALL_MAX`, None: no cap), so one request never
    enqueues a huge dead-letter queue at once: the rest waits for the next confirmation.
    """
    keys = QueueKeys(namespace, queue)
    budget = int(client.zcard(keys.dead))
    if limit is not None:
        budget = min(budget, max(0, limit))
    done = 0
    while done < budget:
        members = client.zrange(keys.dead, 0, min(REQUEUE_BATCH, budget - done) - 1)
        batch = [as_text(m) for m in members if isinstance(m, bytes | str)]
        if not batch:
            break
        moved = requeue(broker, client, namespace, queue, batch)
        if moved < len(batch):  # bodies already gone: drop the dangling ids
            client.zrem(keys.dead, *batch)
        done += len(batch)
    return done


def delete(client: redis.Redis, namespace: str, queue: str, redis_ids: list[str]) -> int:
    """Delete these dead letters (``ZREM`` + ``HDEL`` in one transaction); returns how many existed."""
    if not redis_ids:
        return 0
    keys = QueueKeys(namespace, queue)
    pipe = client.pipeline(transaction=True)
    pipe.zrem(keys.dead, *redis_ids)
    pipe.hdel(keys.dead_msgs, *redis_ids)
    removed, _ = pipe.execute()
    return int(removed)


def purge(client: redis.Redis, namespace: str, queue: str) -> int:
    """Drop the whole dead-letter queue of ``queue`` (never ``broker.flush``, which drops pending work).

    ``UNLINK``, not ``DEL``: Redis frees a huge hash in the background instead of blocking.
    """
    keys = QueueKeys(namespace, queue)
    pipe = client.pipeline(transaction=True)
    pipe.zcard(keys.dead)
    pipe.unlink(keys.dead, keys.dead_msgs)
    count, _ = pipe.execute()
    return int(count)
