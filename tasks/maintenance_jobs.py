"""Maintenance as plain functions: cleanup, the stuck-job reaper, the ops rollup, and
run-recorded forms of the provider tasks.

The actors in :mod:`tasks.maintenance` and :mod:`tasks.ops_tasks` only call these. Each
returns counts of what it did (logged and recorded by :func:`run_recorded`, whose Redis
hash the ops dashboard and ``/metrics`` read). They process
"everything older than X", so a missed run is caught up by the next one, and
each is safe to run twice at once (conditional updates and deletes).

What cleanup keeps (the retention decision, docs/operations.md):

- An upload past ``UPLOAD_RETENTION_DAYS`` (or its ``expires_at``) whose jobs
  have all ended: the file is deleted, then the document row with its jobs and
  their chunk records. Finished decks made from it stay (the user's study
  material; ``deck.document_id`` becomes null); decks that never finished
  (failed or cancelled jobs) go, unless a card of theirs has a review history.
- A finished job past ``JOB_RETENTION_DAYS``: the job and its chunk records
  (its cards stay in their deck with ``job_id`` null), and its deck if unfinished.
- Tokens expired or revoked more than ``TOKEN_RETENTION_DAYS`` ago.
- Files under the uploads directory with no document row, older than
  ``ORPHAN_FILE_GRACE_S`` (an upload interrupted between file and row).
- Nothing that a queued or running job, or a finished deck, still needs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import dramatiq
import redis
from sqlalchemy import Engine, delete, exists, or_, update
from sqlmodel import Session, col, select

import storage
from config import Settings
from errors import JobStalled
from jobs.events import JobEvents
from jobs.transitions import ACTIVE_STATES, fail_job
from models import ApiToken, Card, ChunkResult, Deck, Document, Job, JobState, utcnow
from models.db import session_scope
from models.review import CardSchedule, ReviewLog
from ops.views import prune_error_events
from providers.flush import flush_usage
from providers.validation import validate_keys
from redisconn.keys import QueueKeys, maintenance_run_key
from taskqueue.broker import enqueue
from taskqueue.names import FINALIZE, GENERATE, INGEST, ActorRef

logger = logging.getLogger(__name__)

#: Rows handled per run and kind, so one run stays short; the next run continues.
BATCH = 500
TERMINAL = [s.value for s in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)]


@dataclass
class MaintenanceContext:
    settings: Settings
    engine: Engine
    redis: redis.Redis
    broker: dramatiq.Broker
    events: JobEvents | None = None


# --- run records ---------------------------------------------------------------------


def run_recorded(
    ctx: MaintenanceContext, task: str, work: Callable[[MaintenanceContext], dict[str, int]]
) -> dict[str, int]:
    """Run ``work``, log what it did and record the run in Redis (never failing on Redis)."""
    started = time.time()
    status, result, error = "ok", {}, ""
    try:
        result = work(ctx)
    except Exception as exc:
        status, error = "error", f"{type(exc).__name__}: {str(exc)[:300]}"
        raise
    finally:
        duration_ms = int((time.time() - started) * 1000)
        summary = " ".join(f"{k}={v}" for k, v in result.items())
        log = logger.info if status == "ok" else logger.error
        log("maintenance task=%s status=%s duration_ms=%d %s", task, status, duration_ms, summary or error)
        try:
            pipe = ctx.redis.pipeline(transaction=False)
            key = maintenance_run_key(ctx.settings.broker_namespace, task)
            pipe.hset(
                key,
                mapping={
                    "last_started_at": f"{started:.3f}",
                    "last_finished_at": f"{time.time():.3f}",
                    "last_status": status,
                    "last_duration_ms": duration_ms,
                    "last_result": json.dumps(result),
                    "last_error": error,
                },
            )
            pipe.hincrby(key, "runs", 1)
            pipe.hincrby(key, "failures", 1 if status != "ok" else 0)
            for name, count in result.items():
                pipe.hincrby(key, f"total:{name}", count)
            pipe.execute()
        except (redis.RedisError, OSError) as exc:
            logger.warning("maintenance run not recorded task=%s error=%r", task, exc)
    return result


# --- the other periodic tasks, in run_recorded's shape ---------------------------------


def rollup_error_events(ctx: MaintenanceContext) -> dict[str, int]:
    """Error-event pruning (the alerts are evaluated by the scheduler, workers/scheduler.py)."""
    return {"error_events_pruned": prune_error_events(ctx.engine, ctx.settings.error_event_retention_days)}


def validate_provider_keys(ctx: MaintenanceContext, *, timeout_s: float = 10.0) -> dict[str, int]:
    """Every provider key checked (:func:`providers.validation.validate_keys`), as counts."""
    checks = validate_keys(ctx.settings, ctx.redis, timeout_s=timeout_s)
    ok = sum(1 for c in checks if c.ok)
    return {"keys_checked": len(checks), "keys_ok": ok, "keys_failed": len(checks) - ok}


def flush_provider_usage(ctx: MaintenanceContext) -> dict[str, int]:
    """Pending usage counters added to SQL (:func:`providers.flush.flush_usage`), as counts."""
    report = flush_usage(ctx.settings, ctx.redis, ctx.engine)
    return {
        "batches_flushed": report.batches,
        "batches_already_flushed": report.already_flushed,
        "rows_flushed": report.rows,
        "calls_flushed": report.calls,
        "tokens_flushed": report.tokens,
    }


# --- cleanup ---------------------------------------------------------------------------


def cleanup(ctx: MaintenanceContext, now: datetime | None = None) -> dict[str, int]:
    now = now or utcnow()
    counts: dict[str, int] = {}
    counts.update(cleanup_uploads(ctx.engine, ctx.settings, now))
    counts.update(cleanup_jobs(ctx.engine, ctx.settings, now))
    counts["tokens_deleted"] = cleanup_tokens(ctx.engine, ctx.settings, now)
    counts["orphan_files_deleted"] = cleanup_orphan_files(ctx.engine, ctx.settings, time.time())
    counts["scratch_files_deleted"] = cleanup_scratch_files(ctx.settings, time.time())
    return counts


def _no_active_job(document_id: Any) -> Any:
    return ~exists().where(col(Job.document_id) == document_id, col(Job.state).in_(ACTIVE_STATES))


def cleanup_uploads(engine: Engine, settings: Settings, now: datetime) -> dict[str, int]:
    """Expired uploads whose jobs have all ended: file, document, its jobs; finished decks stay."""
    cutoff = now - timedelta(days=settings.upload_retention_days)
    expired = or_(
        col(Document.expires_at) <= now,
        col(Document.expires_at).is_(None) & (col(Document.created_at) < cutoff),
    )
    with session_scope(engine) as session:
        docs = list(session.exec(select(Document).where(expired, _no_active_job(Document.id)).limit(BATCH)))
    counts = {"uploads_deleted": 0, "upload_files_deleted": 0, "jobs_deleted": 0, "decks_deleted": 0}
    for doc in docs:
        with session_scope(engine) as session:
            # Re-checked inside the transaction: a retry may have started meanwhile.
            if (
                session.exec(select(Document.id).where(Document.id == doc.id, _no_active_job(doc.id))).first()
                is None
            ):
                continue
            job_ids = list(session.exec(select(Job.id).where(Job.document_id == doc.id)))
            counts["decks_deleted"] += _delete_jobs(session, job_ids)
            counts["jobs_deleted"] += len(job_ids)
            session.execute(update(Deck).where(col(Deck.document_id) == doc.id).values(document_id=None))
            storage.forget(session, doc.id)
            session.execute(delete(Document).where(col(Document.id) == doc.id))
        counts["uploads_deleted"] += 1
        counts["upload_files_deleted"] += _remove_file(settings.uploads_dir, doc.storage_path)
    return counts


def cleanup_jobs(engine: Engine, settings: Settings, now: datetime) -> dict[str, int]:
    """Finished jobs past JOB_RETENTION_DAYS (their cards stay in their decks)."""
    cutoff = now - timedelta(days=settings.job_retention_days)
    with session_scope(engine) as session:
        job_ids = list(
            session.exec(
                select(Job.id).where(col(Job.state).in_(TERMINAL), col(Job.finished_at) < cutoff).limit(BATCH)
            )
        )
        decks = _delete_jobs(session, job_ids)
    return {"old_jobs_deleted": len(job_ids), "old_job_decks_deleted": decks}


def _delete_jobs(session: Session, job_ids: list[str]) -> int:
    """Delete ended jobs with their chunk records and unfinished decks; returns decks deleted."""
    if not job_ids:
        return 0
    deck_ids = [
        d
        for d in session.exec(
            select(Job.deck_id).where(col(Job.id).in_(job_ids), col(Job.state).in_(TERMINAL))
        )
        if d is not None
    ]
    session.execute(update(Card).where(col(Card.job_id).in_(job_ids)).values(job_id=None))
    session.execute(delete(ChunkResult).where(col(ChunkResult.job_id).in_(job_ids)))
    session.execute(delete(Job).where(col(Job.id).in_(job_ids), col(Job.state).in_(TERMINAL)))
    unfinished = list(
        session.exec(
            select(Deck.id).where(
                col(Deck.id).in_(deck_ids),
                col(Deck.ready).is_(False),
                ~exists().where(col(Job.deck_id) == Deck.id),  # another job still builds it
                ~exists().where(col(CardSchedule.deck_id) == Deck.id),
                ~exists().where(col(ReviewLog.card_id) == Card.id, col(Card.deck_id) == Deck.id),
            )
        )
    )
    if unfinished:
        session.execute(delete(Card).where(col(Card.deck_id).in_(unfinished)))
        session.execute(delete(Deck).where(col(Deck.id).in_(unfinished)))
    return len(unfinished)


def cleanup_tokens(engine: Engine, settings: Settings, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.token_retention_days)
    with session_scope(engine) as session:
        result = session.execute(
            delete(ApiToken).where(or_(col(ApiToken.expires_at) < cutoff, col(ApiToken.revoked_at) < cutoff))
        )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _remove_file(uploads_dir: Path, storage_path: str) -> int:
    path = (uploads_dir / storage_path).resolve()
    if uploads_dir.resolve() not in path.parents:  # never outside the uploads directory
        logger.error("refusing to delete outside the uploads directory path=%s", storage_path)
        return 0
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # the user's folder, once empty
    return 1


def cleanup_orphan_files(engine: Engine, settings: Settings, now_s: float) -> int:
    """Files under uploads/<user>/<document> with no document row, older than the grace period."""
    root = settings.uploads_dir
    if not root.is_dir():
        return 0
    candidates = [
        p
        for p in root.glob("*/*")
        if p.is_file() and now_s - p.stat().st_mtime > settings.orphan_file_grace_s
    ]
    deleted = 0
    for batch in _batches(candidates, BATCH):
        paths = [str(p.relative_to(root)) for p in batch]
        with session_scope(engine) as session:
            known = set(
                session.exec(select(Document.storage_path).where(col(Document.storage_path).in_(paths)))
            )
        for relative in paths:
            if relative not in known:
                deleted += _remove_file(root, relative)
    return deleted


def cleanup_scratch_files(settings: Settings, now_s: float) -> int:
    """Temporary copies of database-held uploads left by a worker killed while parsing."""
    root = storage.scratch_dir(settings)
    if not root.is_dir():
        return 0
    deleted = 0
    for path in root.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if path.is_file() and now_s - path.stat().st_mtime > settings.orphan_file_grace_s:
                path.unlink()
                deleted += 1
    return deleted


def _batches(items: list[Path], size: int) -> Iterable[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- stuck jobs -------------------------------------------------------------------------


def job_ids_with_messages(client: redis.Redis, namespace: str, refs: Iterable[ActorRef]) -> set[str]:
    """Job ids (first argument) of the ``refs`` actors' messages in the broker.

    ``<queue>.msgs`` holds the bodies of ready *and* in-flight (fetched, unacked)
    messages, ``<queue>.DQ.msgs`` the delayed ones (retries, held in a worker's memory
    until their eta); dead letters (``.XQ``) are not coming back and do not count.
    ``HSCAN``, never ``HGETALL``: the cost is spread over many small round trips.
    """
    by_queue: dict[str, set[str]] = {}
    for ref in refs:
        by_queue.setdefault(ref.queue_name, set()).add(ref.actor_name)
    found: set[str] = set()
    for queue, actors in by_queue.items():
        keys = QueueKeys(namespace, queue)
        for bodies in (keys.msgs, keys.delayed_msgs):
            for _id, body in client.hscan_iter(bodies, count=500):
                try:
                    message = json.loads(body)
                except ValueError:
                    continue
                if message.get("actor_name") in actors and message.get("args"):
                    found.add(str(message["args"][0]))
    return found


def queued_ingest_job_ids(client: redis.Redis, namespace: str) -> set[str]:
    """Job ids with an ingest message in the broker (ready, in flight or delayed)."""
    return job_ids_with_messages(client, namespace, [INGEST])


def reap_stuck_jobs(ctx: MaintenanceContext, now: datetime | None = None) -> dict[str, int]:
    """Stale running jobs: resume (re-send ingest) or fail; queued jobs with no message: re-enqueue.

    A stale running job that still has a chunk (or finalize, or ingest) message in the
    broker, ready, delayed or in flight, is not stuck but waiting behind a backlog: it is
    left alone (``running_waiting``). A killed worker's unacked messages count too: Dramatiq
    requeues them itself once that worker's heartbeat is BROKER_HEARTBEAT_TIMEOUT_MS old.

    Re-sending ingest is enough: it claims the job again (``attempts`` + 1),
    sends the chunks still pending, or finalize when none are (see
    :func:`tasks.pipeline.ingest`). Each job is fenced by a conditional update
    on the timestamp read, so two reapers never both re-send it.
    """
    now = now or utcnow()
    settings = ctx.settings
    counts = {"running_requeued": 0, "running_failed": 0, "running_waiting": 0, "queued_requeued": 0}
    stale = now - timedelta(seconds=settings.reap_running_after_s)
    with session_scope(ctx.engine) as session:
        running = list(
            session.exec(
                select(Job)
                .where(
                    Job.state == JobState.RUNNING.value,
                    or_(
                        col(Job.heartbeat_at) < stale,
                        col(Job.heartbeat_at).is_(None) & (col(Job.created_at) < stale),
                    ),
                )
                .limit(BATCH)
            )
        )
    # Built once per run (one scan of the job queues), only when some job looks stale.
    pending = (
        job_ids_with_messages(ctx.redis, settings.broker_namespace, (GENERATE, FINALIZE, INGEST))
        if running
        else set()
    )
    for job in running:
        if job.id in pending:
            counts["running_waiting"] += 1
            continue
        if job.attempts >= settings.reap_max_attempts:
            error = JobStalled(
                f"Processing stalled {job.attempts} times (no progress for "
                f"{settings.reap_running_after_s} s each time) and was stopped."
            )
            if fail_job(ctx.engine, job.id, error, ctx.events):
                counts["running_failed"] += 1
            continue
        if _fence(ctx.engine, job, "heartbeat_at", now):
            enqueue(ctx.broker, INGEST, job.id)
            counts["running_requeued"] += 1
            logger.warning("stuck job resumed job_id=%s attempts=%d", job.id, job.attempts)

    old = now - timedelta(seconds=settings.reap_queued_after_s)
    with session_scope(ctx.engine) as session:
        queued = list(
            session.exec(
                select(Job)
                .where(
                    Job.state == JobState.QUEUED.value,
                    col(Job.created_at) < old,
                    or_(col(Job.enqueued_at).is_(None), col(Job.enqueued_at) < old),
                )
                .limit(BATCH)
            )
        )
    if queued:
        in_broker = queued_ingest_job_ids(ctx.redis, settings.broker_namespace)
        for job in queued:
            if job.id not in in_broker and _fence(ctx.engine, job, "enqueued_at", now):
                enqueue(ctx.broker, INGEST, job.id)
                counts["queued_requeued"] += 1
                logger.warning("lost job message re-sent job_id=%s", job.id)
    return counts


def resend_unsent_jobs(
    engine: Engine,
    client: redis.Redis,
    broker: dramatiq.Broker,
    settings: Settings,
    now: datetime | None = None,
) -> int:
    """Send the ingest message of queued jobs the API stored but could not enqueue; how many were sent.

    Called by the scheduler every few seconds, so an upload accepted while Redis was down starts
    within seconds of Redis answering again, not at the reaper's next run. Exactly once: each job
    is claimed by a conditional update of ``enqueued_at`` (NULL -> now) before it is sent, so
    schedulers and the reaper never both send it, and a job whose message is already in the
    broker (the API sent it and is still recording that) is left alone. A send that fails gives
    the claim back and stops: Redis is still down, the next call tries again.
    """
    now = now or utcnow()
    after = settings.resend_unsent_after_s
    if after <= 0:
        return 0
    with session_scope(engine) as session:
        unsent = list(
            session.exec(
                select(Job)
                .where(
                    Job.state == JobState.QUEUED.value,
                    col(Job.enqueued_at).is_(None),
                    col(Job.created_at) < now - timedelta(seconds=after),
                )
                .order_by(col(Job.created_at))
                .limit(BATCH)
            )
        )
    if not unsent:
        return 0
    in_broker = queued_ingest_job_ids(client, settings.broker_namespace)  # raises while Redis is down
    sent = 0
    for job in unsent:
        if job.id in in_broker or not _fence(engine, job, "enqueued_at", now):
            continue
        try:
            enqueue(broker, INGEST, job.id)
        except (redis.RedisError, OSError):
            with session_scope(engine) as session:
                session.execute(
                    update(Job)
                    .where(col(Job.id) == job.id, col(Job.enqueued_at) == now)
                    .values(enqueued_at=None)
                )
            raise
        sent += 1
        logger.warning("job accepted while the queue was down now sent job_id=%s", job.id)
    return sent


def resume_lost_jobs(
    engine: Engine,
    client: redis.Redis,
    broker: dramatiq.Broker,
    settings: Settings,
    now: datetime | None = None,
) -> int:
    """Resume running jobs whose messages were lost with a Redis outage; how many were resumed.

    A healthy running job always has a message in the broker (the one being processed stays
    there until it is acknowledged). One with none and no progress for ``RESUME_LOST_AFTER_S``
    lost its chunk or finalize messages (sent while Redis was stopped, or acknowledged by a
    Redis that then died): re-sending ingest resumes it at its pending chunks. Fenced on
    ``heartbeat_at`` like the reaper, which stays the backstop (and the one that gives up).
    """
    now = now or utcnow()
    after = settings.resume_lost_after_s
    if after <= 0:
        return 0
    stale = now - timedelta(seconds=after)
    with session_scope(engine) as session:
        running = list(
            session.exec(
                select(Job)
                .where(Job.state == JobState.RUNNING.value, col(Job.heartbeat_at) < stale)
                .limit(BATCH)
            )
        )
    if not running:
        return 0
    pending = job_ids_with_messages(client, settings.broker_namespace, (GENERATE, FINALIZE, INGEST))
    resumed = 0
    for job in running:
        if job.id in pending or job.attempts >= settings.reap_max_attempts:
            continue
        if _fence(engine, job, "heartbeat_at", now):
            enqueue(broker, INGEST, job.id)
            resumed += 1
            logger.warning("job whose messages were lost resumed job_id=%s", job.id)
    return resumed


def _fence(engine: Engine, job: Job, column: str, now: datetime) -> bool:
    """Set ``column`` to now only if the job still holds the value read; True if this caller won."""
    attr = getattr(Job, column)
    seen = getattr(job, column)
    condition = col(attr).is_(None) if seen is None else (col(attr) == seen)
    with session_scope(engine) as session:
        result = session.execute(
            update(Job)
            .where(col(Job.id) == job.id, col(Job.state) == job.state, condition)
            .values({column: now})
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]
