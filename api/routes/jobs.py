"""Jobs: state and progress, live progress (SSE), cancel and retry.

    GET  /api/v1/jobs/{id}          the job (the source of truth; clients may always poll this)
    GET  /api/v1/jobs/{id}/chunks   each chunk's outcome: provider, model, cards, provider attempts
    GET  /api/v1/jobs/{id}/events   Server-Sent Events: a snapshot, then every stage change and
                                    chunk completion; resumable with Last-Event-ID
    POST /api/v1/jobs/{id}/cancel   queued/running → cancelled (409 otherwise)
    POST /api/v1/jobs/{id}/retry    failed or degraded → queued, redoing only the chunks that need it

All owner-scoped: another account's job answers 404.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import redis
from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import Engine
from sqlalchemy.orm import defer
from sqlmodel import col, select

import redisconn
from api import job_view
from api.auth import current_user
from api.limits import register_prefetch
from api.owned import get_owned
from api.serializers import chunk_json, job_json
from api.state import state
from config import Settings
from deploy.serving import stream_limit
from errors import Conflict, DependencyUnavailable, StreamLimitReached, ValidationFailed
from jobs.event_hub import EventHub, event_hub
from jobs.events import (
    SNAPSHOT,
    STREAM_ID,
    TERMINAL_VALUES,
    JobEvents,
    eta_from_redis,
    is_terminal,
    job_data,
    last_id,
    missed_some,
    read_after,
)
from jobs.use_cases import cancel_job, retry_job
from models import ChunkResult, Document, Job
from models.db import session_scope
from redisconn.keys import job_events_key

logger = logging.getLogger(__name__)
bp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs")


class StreamSlots:
    """Counts this process's open progress streams against its cap (deploy/serving.py)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.open = 0

    def acquire(self, limit: int) -> bool:
        with self._lock:
            if self.open >= limit:
                return False
            self.open += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.open = max(0, self.open - 1)


streams = StreamSlots()


def _job_response(job_id: str, status: int = 200) -> ResponseReturnValue:
    with session_scope(state().engine) as session:
        job = get_owned(session, Job, job_id, current_user())
        document = session.get(Document, job.document_id)
    response = jsonify(job_json(job, document))
    response.status_code = status
    return response


@bp.get("/<job_id>")
def get_job(job_id: str) -> ResponseReturnValue:
    return job_view.read(job_id)  # cached, with ETag / 304


register_prefetch("jobs.get_job", job_view.prefetch_keys)


@bp.get("/<job_id>/chunks")
def chunks(job_id: str) -> ResponseReturnValue:
    with session_scope(state().engine) as session:
        job = get_owned(session, Job, job_id, current_user())
        rows = list(
            session.exec(
                select(ChunkResult)
                .options(defer(ChunkResult.payload))  # type: ignore[arg-type]  # not shown: the text
                .where(ChunkResult.job_id == job.id)
                .order_by(col(ChunkResult.chunk_index))
            )
        )
    return jsonify(
        {
            "job_id": job.id,
            "chunks": [chunk_json(row) for row in rows],
            "links": {"job": f"/api/v1/jobs/{job.id}"},
        }
    )


@bp.post("/<job_id>/cancel")
def cancel(job_id: str) -> ResponseReturnValue:
    app_state = state()
    with session_scope(app_state.engine) as session:
        job = get_owned(session, Job, job_id, current_user())
    if job.state in TERMINAL_VALUES or not cancel_job(
        app_state.engine, job_id, JobEvents.from_settings(app_state.settings)
    ):
        with session_scope(app_state.engine) as session:
            current = session.get(Job, job_id)
        raise Conflict(
            f"Job {job_id} has already ended ({current.state if current else job.state}).",
            hint="Only queued or running jobs can be cancelled.",
        )
    return _job_response(job_id)


@bp.post("/<job_id>/retry")
def retry(job_id: str) -> ResponseReturnValue:
    app_state = state()
    with session_scope(app_state.engine) as session:
        get_owned(session, Job, job_id, current_user())
    retry_job(app_state.engine, app_state.broker, JobEvents.from_settings(app_state.settings), job_id)
    response = _job_response(job_id, 202)
    response.headers["Location"] = f"/api/v1/jobs/{job_id}"  # type: ignore[union-attr]
    return response


# --- live progress ------------------------------------------------------------------------


def sse_message(data: dict[str, Any], event_id: str | None) -> str:
    """One SSE message; ``data.kind`` says snapshot / stage / chunk / end (no named events,
    so a browser's ``EventSource.onmessage`` sees them all)."""
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}data: {json.dumps(data, separators=(',', ':'))}\n\n"


def _snapshot(engine: Engine, client: redis.Redis, namespace: str, job_id: str) -> dict[str, Any]:
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
    if job is None:  # deleted meanwhile (cleanup): report it as ended
        return {
            "kind": SNAPSHOT,
            "state": "cancelled",
            "stage": "done",
            "message": "the job no longer exists",
        }
    eta = (
        None
        if job.state in TERMINAL_VALUES
        else eta_from_redis(client, namespace, job_id, job.chunks_done, job.chunks_total)
    )
    return {"kind": SNAPSHOT, **job_data(job, eta_s=eta)}


def _job_ended(engine: Engine, job_id: str) -> bool:
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
    return job is None or job.state in TERMINAL_VALUES


def event_stream(
    settings: Settings,
    engine: Engine,
    client: redis.Redis,
    hub: EventHub,
    job: Job,
    after: str | None,
) -> Iterator[str]:
    """Snapshot (or replay from ``after``), then live events, heartbeats, until the end or the lifetime.

    Waiting costs no Redis connection: the stream sleeps on its doorbell (rung by the
    process's one subscription when this job has news) and reads without blocking.
    """
    namespace = settings.broker_namespace
    key = job_events_key(namespace, job.id)
    deadline = time.monotonic() + settings.sse_max_lifetime_s
    yield f"retry: {settings.sse_retry_ms}\n\n"
    # Watching before the first read: an event appended after it rings the bell.
    with hub.watch(job.id) as bell:
        try:
            if after is None:
                # The stream position first, then the database: whatever the snapshot
                # misses is newer than the cursor and is sent next.
                cursor = last_id(client, key) or "0-0"
                snapshot = _snapshot(engine, client, namespace, job.id)
                yield sse_message(snapshot, cursor)
                if is_terminal(snapshot):
                    return
            else:
                cursor = after
                if missed_some(client, key, after):
                    # Events were trimmed or expired: the current state, without an id,
                    # so the client's position is unchanged.
                    snapshot = _snapshot(engine, client, namespace, job.id)
                    yield sse_message(snapshot, None)
                    if is_terminal(snapshot) and last_id(client, key) in (None, after):
                        return
            ended_in_db = job.state in TERMINAL_VALUES
            last_write = time.monotonic()
            while True:
                events = read_after(client, key, cursor, block_ms=None)
                for event in events:
                    cursor = event.id
                    yield sse_message({"kind": event.kind, **event.data}, event.id)
                    if is_terminal(event.data):
                        return
                if events:
                    last_write = time.monotonic()
                    continue
                if ended_in_db:
                    # The end event never made it to Redis: the database has the last word.
                    yield sse_message(_snapshot(engine, client, namespace, job.id), None)
                    return
                now = time.monotonic()
                if now >= deadline:
                    return
                if now - last_write >= settings.sse_heartbeat_s:
                    yield ": heartbeat\n\n"
                    last_write = now
                    # Once the database says the job ended, only drain what is left.
                    ended_in_db = _job_ended(engine, job.id)
                    continue
                wait_s = min(
                    hub.poll_interval_s(settings.sse_heartbeat_s),
                    settings.sse_heartbeat_s - (now - last_write),
                    deadline - now,
                )
                bell.wait(max(0.0, wait_s))
        except (redis.RedisError, OSError) as exc:
            logger.warning("progress stream stopped job_id=%s error=%r", job.id, exc)
            yield sse_message(_snapshot(engine, client, namespace, job.id), None)


def _stream_redis(settings: Settings) -> redis.Redis:
    """The short reads of every stream of this process share a few connections; a stream
    that finds them all busy waits its turn (briefly) instead of opening another."""
    return redisconn.client(redisconn.resolve_url(settings), redisconn.Profile.STREAM_READS)


def _require_redis(settings: Settings) -> redis.Redis:
    """Before a stream starts: Redis down or stalled answers 503 with Retry-After (the
    client polls GET /api/v1/jobs/{id}, which reads the database), not a stream that hangs."""
    client = _stream_redis(settings)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        raise DependencyUnavailable(
            "Live progress needs Redis, which cannot be reached right now.",
            hint="Poll GET /api/v1/jobs/{id} meanwhile, or reconnect after Retry-After seconds.",
            retry_after_s=max(1, settings.sse_retry_ms // 1000),
        ) from None
    return client


@bp.get("/<job_id>/events")
def events(job_id: str) -> ResponseReturnValue:
    app_state = state()
    settings = app_state.settings
    with session_scope(app_state.engine) as session:
        job = get_owned(session, Job, job_id, current_user())
    after = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    if after is not None:
        after = after.strip()
        if not STREAM_ID.match(after):
            raise ValidationFailed(
                "Last-Event-ID is not an event id of this stream.",
                hint="Send the id of the last event received (like 1700000000000-0), or none.",
                invalid_params=[{"name": "Last-Event-ID", "reason": "expected <milliseconds>-<sequence>"}],
            )
    limit = stream_limit(settings)
    if not streams.acquire(limit):
        raise StreamLimitReached(
            f"This server already holds {limit} progress streams.",
            retry_after_s=max(1, settings.sse_retry_ms // 1000),
        )
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            streams.release()

    try:
        client = _require_redis(settings)
        hub = event_hub(redisconn.resolve_url(settings), settings.broker_namespace)
        response = Response(
            event_stream(settings, app_state.engine, client, hub, job, after),
            mimetype="text/event-stream",
        )
    except BaseException:
        release()
        raise
    response.call_on_close(release)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # no proxy buffering (nginx and alike)
    return response
