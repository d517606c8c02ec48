"""Job progress events: one capped Redis Stream per job, replayable by id.

Not pub/sub, which drops what a reconnecting client misses (queue.md §9): every
stage change and chunk completion is ``XADD``-ed to ``<ns>:job:<id>:events``
(``MAXLEN ~``, with a TTL), and the SSE route replays from ``Last-Event-ID``.
Each append is announced on one pub/sub channel, only so that the API processes'
shared subscriber (jobs/event_hub.py) can wake the streams of that job without a Redis
connection per stream. The database row stays the source of truth; events are a convenience, so
publishing never raises: a Redis hiccup costs a progress line, never a job.

Event kinds: ``snapshot`` (built from the database by the reader), ``stage``,
``chunk`` and ``end`` (a terminal state; the stream closes after it). Every
event's data carries the job's ``state``, ``stage`` (with its ``stage_label``, from
:data:`STAGE_LABELS`, the one table the CLI and the web app show) and ``progress``.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from dataclasses import dataclass
from typing import Any

import redis

import redisconn
from config import Settings
from models import Job, JobState
from models.job import TERMINAL_STATES
from redisconn.keys import job_eta_key, job_events_channel, job_events_key
from redisconn.replies import as_text

logger = logging.getLogger(__name__)

STAGE = "stage"
CHUNK = "chunk"
END = "end"
SNAPSHOT = "snapshot"

#: What each stage is called for people: ``deckhand jobs watch`` and the web app show these
#: words (web/src/lib/stages.ts keeps a copy for old servers; a test checks that both are equal).
STAGE_LABELS: dict[str, str] = {
    "queued": "waiting in the queue",
    "parsing": "reading the document",
    "generating": "writing cards",
    "finalizing": "removing duplicates",
    "done": "done",
}

STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
TERMINAL_VALUES = frozenset(s.value for s in TERMINAL_STATES)


def is_terminal(data: dict[str, Any]) -> bool:
    return data.get("state") in TERMINAL_VALUES


def stage_label(stage: str | None) -> str:
    """The label of ``stage``; an unknown stage shows as itself."""
    return STAGE_LABELS.get(stage or "", stage or "")


def format_eta(seconds: float | None) -> str:
    """Time left in words; web/src/lib/stages.ts ``formatEta`` says the same for the same number."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"about {max(1, math.floor(seconds + 0.5))} s left"
    return f"about {math.floor(seconds / 60 + 0.5)} min left"  # half up, as JavaScript's Math.round


def estimate_eta_s(elapsed_s: float, done: int, total: int | None) -> int | None:
    """Seconds left at the throughput seen so far in this run (None until a chunk is done).

    Throughput (chunks per wall-clock second) rather than mean chunk time, so
    chunks running in parallel on several worker threads are accounted for.
    """
    if total is None or done <= 0 or elapsed_s < 0:
        return None
    remaining = max(0, total - done)
    return round(elapsed_s / done * remaining)


def progress(done: int, total: int | None, state: str) -> dict[str, Any]:
    """The same shape as the job resource's ``progress``."""
    succeeded = state == JobState.SUCCEEDED.value
    percent = round(100 * done / total) if total else (100 if succeeded else 0)
    return {"chunks_done": done, "chunks_total": total, "percent": percent}


def job_data(job: Job, *, eta_s: int | None = None, message: str | None = None) -> dict[str, Any]:
    """An event's data from a job row."""
    data: dict[str, Any] = {
        "state": job.state,
        "stage": job.stage,
        "stage_label": stage_label(job.stage),
        "progress": progress(job.chunks_done, job.chunks_total, job.state),
        "cards_count": job.cards_count,
        "degraded": job.degraded,
        "eta_s": eta_s,
        "message": message,
    }
    if job.state == JobState.SUCCEEDED.value:
        data["deck_id"] = job.deck_id
    if job.error_code:
        data["error"] = {"code": job.error_code, "message": job.error_detail, "hint": job.error_hint}
    return data


@dataclass
class JobEvents:
    """The publishing side, used by the pipeline and the API (cancel, retry)."""

    client: redis.Redis
    namespace: str
    maxlen: int = 500
    ttl_s: int = 86_400

    @classmethod
    def from_settings(cls, settings: Settings) -> JobEvents:
        # Short timeouts: a hung Redis must not hold a job's transaction for long.
        client = redisconn.client(redisconn.resolve_url(settings), redisconn.Profile.REQUEST)
        return cls(client, settings.broker_namespace, settings.events_stream_maxlen, settings.events_ttl_s)

    def publish(self, job_id: str, kind: str, data: dict[str, Any]) -> str | None:
        """Append one event; its stream id, or None when Redis failed (logged, never raised)."""
        if "stage" in data and "stage_label" not in data:  # every event, however it was built
            data = {**data, "stage_label": stage_label(data["stage"])}
        key = job_events_key(self.namespace, job_id)
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.xadd(key, {"kind": kind, "data": json.dumps(data)}, maxlen=self.maxlen, approximate=True)
            pipe.expire(key, self.ttl_s)
            # The doorbell of the API processes' streams (jobs/event_hub.py); the stream above
            # stays the record, so a subscriber that misses this loses no event.
            pipe.publish(job_events_channel(self.namespace), job_id)
            event_id = pipe.execute()[0]
        except (redis.RedisError, OSError) as exc:
            logger.warning("progress event not published job_id=%s kind=%s error=%r", job_id, kind, exc)
            return None
        return event_id.decode() if isinstance(event_id, bytes) else str(event_id)

    def publish_job(
        self, job: Job, kind: str, *, eta_s: int | None = None, message: str | None = None
    ) -> None:
        self.publish(job.id, kind, job_data(job, eta_s=eta_s, message=message))

    def start_run(self, job_id: str, chunks_done: int) -> None:
        """Remember when this run's generation started, for the ETA."""
        key = job_eta_key(self.namespace, job_id)
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.hset(key, mapping={"started": f"{time.time():.3f}", "done0": chunks_done})
            pipe.expire(key, self.ttl_s)
            pipe.execute()
        except (redis.RedisError, OSError) as exc:
            logger.warning("eta start not recorded job_id=%s error=%r", job_id, exc)

    def eta_s(self, job_id: str, done: int, total: int | None) -> int | None:
        """Seconds left, from this run's chunk throughput; None when unknown."""
        return eta_from_redis(self.client, self.namespace, job_id, done, total)


def eta_from_redis(
    client: redis.Redis, namespace: str, job_id: str, done: int, total: int | None
) -> int | None:
    try:
        raw = client.hgetall(job_eta_key(namespace, job_id))
    except (redis.RedisError, OSError):
        return None
    if not raw:
        return None
    try:
        started = float(raw[b"started"])
        done0 = int(raw[b"done0"])
    except (KeyError, ValueError):
        return None
    return estimate_eta_s(time.time() - started, done - done0, None if total is None else total - done0)


# --- the reading side (the SSE route) -------------------------------------------------


@dataclass(frozen=True)
class StoredEvent:
    id: str
    kind: str
    data: dict[str, Any]


def _decode(entry: Any) -> StoredEvent:
    entry_id, fields = entry
    fields = {as_text(k): as_text(v) for k, v in (fields or {}).items()}
    try:
        data = json.loads(fields.get("data", "{}"))
    except ValueError:
        data = {}
    return StoredEvent(as_text(entry_id), fields.get("kind", STAGE), data if isinstance(data, dict) else {})


def last_id(client: redis.Redis, key: str) -> str | None:
    """The newest event's id, or None for an empty or missing stream."""
    entries = client.xrevrange(key, count=1)
    return _decode(entries[0]).id if entries else None


def read_after(
    client: redis.Redis, key: str, after: str, *, block_ms: int | None, count: int = 100
) -> list[StoredEvent]:
    """Events newer than ``after``; waits up to ``block_ms`` for one (None: do not wait)."""
    found: Any = client.xread({key: after}, count=count, block=block_ms)
    if not found:
        return []
    # RESP3 answers a mapping, RESP2 a list of [stream, entries]
    entries = next(iter(found.values()))[0] if isinstance(found, dict) else found[0][1]
    return [_decode(entry) for entry in entries]


def missed_some(client: redis.Redis, key: str, after: str) -> bool:
    """Whether events newer than ``after`` were trimmed away or the stream expired."""
    try:
        info = client.xinfo_stream(key)
    except redis.ResponseError:  # no such key: expired (or never written)
        return True
    if "max-deleted-entry-id" in info:  # Redis 7: exact
        return _id_tuple(as_text(info["max-deleted-entry-id"])) > _id_tuple(after)
    # Redis 6: an oldest entry newer than ``after`` may mean a gap (a spare snapshot at worst).
    first = info.get("first-entry")
    return first is not None and _id_tuple(as_text(first[0])) > _id_tuple(after)


def _id_tuple(stream_id: str) -> tuple[int, int]:
    ms, _, seq = stream_id.partition("-")
    return int(ms), int(seq or 0)
