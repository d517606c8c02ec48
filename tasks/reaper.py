"""Jobs that stopped moving: the stuck-job reaper (the ``reap_stuck_jobs`` periodic task) and the
scheduler's quick resends after a Redis outage.

A job is stuck when its row says queued or running but no message in the broker will move it:
the reaper re-sends its ingest message (which resumes it where it stopped) or, after
``REAP_MAX_ATTEMPTS``, fails it. Every re-send is fenced by a conditional update on the
timestamp read, so two reapers (or a reaper and a scheduler) never both send one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import redis
from sqlalchemy import ColumnElement, Engine, or_, update
from sqlmodel import col, select

from errors import JobStalled
from jobs.transitions import fail_job
from models import Job, JobState, utcnow
from models.db import session_scope
from redisconn.keys import QueueKeys
from taskqueue.broker import enqueue
from taskqueue.names import FINALIZE, GENERATE, INGEST, ActorRef
from tasks.maintenance_jobs import BATCH, MaintenanceContext

logger = logging.getLogger(__name__)


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
    running = _batch(
        ctx.engine,
        Job.state == JobState.RUNNING.value,
        or_(
            col(Job.heartbeat_at) < stale,
            col(Job.heartbeat_at).is_(None) & (col(Job.created_at) < stale),
        ),
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
    queued = _batch(
        ctx.engine,
        Job.state == JobState.QUEUED.value,
        col(Job.created_at) < old,
        or_(col(Job.enqueued_at).is_(None), col(Job.enqueued_at) < old),
    )
    if queued:
        in_broker = queued_ingest_job_ids(ctx.redis, settings.broker_namespace)
        for job in queued:
            if job.id not in in_broker and _fence(ctx.engine, job, "enqueued_at", now):
                enqueue(ctx.broker, INGEST, job.id)
                counts["queued_requeued"] += 1
                logger.warning("lost job message re-sent job_id=%s", job.id)
    return counts


def resend_unsent_jobs(ctx: MaintenanceContext, now: datetime | None = None) -> int:
    """Send the ingest message of queued jobs the API stored but could not enqueue; how many were sent.

    Called by the scheduler every few seconds, so an upload accepted while Redis was down starts
    within seconds of Redis answering again, not at the reaper's next run. Exactly once: each job
    is claimed by a conditional update of ``enqueued_at`` (NULL -> now) before it is sent, so
    schedulers and the reaper never both send it, and a job whose message is already in the
    broker (the API sent it and is still recording that) is left alone. A send that fails gives
    the claim back and stops: Redis is still down, the next call tries again.
    """
    now = now or utcnow()
    after = ctx.settings.resend_unsent_after_s
    if after <= 0:
        return 0
    unsent = _batch(
        ctx.engine,
        Job.state == JobState.QUEUED.value,
        col(Job.enqueued_at).is_(None),
        col(Job.created_at) < now - timedelta(seconds=after),
        oldest_first=True,
    )
    if not unsent:
        return 0
    in_broker = queued_ingest_job_ids(ctx.redis, ctx.settings.broker_namespace)  # raises while Redis is down
    sent = 0
    for job in unsent:
        if job.id in in_broker or not _fence(ctx.engine, job, "enqueued_at", now):
            continue
        try:
            enqueue(ctx.broker, INGEST, job.id)
        except (redis.RedisError, OSError):
            with session_scope(ctx.engine) as session:
                session.execute(
                    update(Job)
                    .where(col(Job.id) == job.id, col(Job.enqueued_at) == now)
                    .values(enqueued_at=None)
                )
            raise
        sent += 1
        logger.warning("job accepted while the queue was down now sent job_id=%s", job.id)
    return sent


def resume_lost_jobs(ctx: MaintenanceContext, now: datetime | None = None) -> int:
    """Resume running jobs whose messages were lost with a Redis outage; how many were resumed.

    A healthy running job always has a message in the broker (the one being processed stays
    there until it is acknowledged). One with none and no progress for ``RESUME_LOST_AFTER_S``
    lost its chunk or finalize messages (sent while Redis was stopped, or acknowledged by a
    Redis that then died): re-sending ingest resumes it at its pending chunks. Fenced on
    ``heartbeat_at`` like the reaper, which stays the backstop (and the one that gives up).
    """
    now = now or utcnow()
    after = ctx.settings.resume_lost_after_s
    if after <= 0:
        return 0
    stale = now - timedelta(seconds=after)
    running = _batch(ctx.engine, Job.state == JobState.RUNNING.value, col(Job.heartbeat_at) < stale)
    if not running:
        return 0
    pending = job_ids_with_messages(ctx.redis, ctx.settings.broker_namespace, (GENERATE, FINALIZE, INGEST))
    resumed = 0
    for job in running:
        if job.id in pending or job.attempts >= ctx.settings.reap_max_attempts:
            continue
        if _fence(ctx.engine, job, "heartbeat_at", now):
            enqueue(ctx.broker, INGEST, job.id)
            resumed += 1
            logger.warning("job whose messages were lost resumed job_id=%s", job.id)
    return resumed


def _batch(engine: Engine, *conditions: ColumnElement[bool] | bool, oldest_first: bool = False) -> list[Job]:
    """Up to ``BATCH`` jobs matching every condition, the oldest first if asked."""
    query = select(Job).where(*conditions)
    if oldest_first:
        query = query.order_by(col(Job.created_at))
    with session_scope(engine) as session:
        return list(session.exec(query.limit(BATCH)))


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
