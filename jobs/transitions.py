"""A job's state changes: conditional updates, each published only after it committed.

Every change here is one conditional update (``... WHERE state IN ('queued', 'running')``),
so a redelivered message or a concurrent request changes a job at most once, and its
event goes out once the change is visible to whoever reads the job on that event.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, delete, exists, func, update
from sqlmodel import Session, col, select

from errors import Conflict, DeckhandError
from jobs.events import END, STAGE, JobEvents
from models import Card, ChunkResult, Deck, Job, JobStage, JobState, utcnow
from models.db import session_scope
from models.review import CardSchedule, ReviewLog

logger = logging.getLogger(__name__)

ACTIVE_STATES = (JobState.QUEUED.value, JobState.RUNNING.value)


def publish_row(engine: Engine, events: JobEvents | None, job_id: str, kind: str) -> None:
    """Publish the job's current row as an event (after the change was committed)."""
    if events is None:
        return
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
    if job is not None:
        events.publish_job(job, kind)


def _update_active(session: Session, job_id: str, **values: Any) -> bool:
    """Set ``values`` on the job if it is still queued or running; False when it has ended."""
    result = session.execute(
        update(Job).where(col(Job.id) == job_id, col(Job.state).in_(ACTIVE_STATES)).values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def fail_job(engine: Engine, job_id: str, error: DeckhandError, events: JobEvents | None = None) -> bool:
    """Mark a job failed with ``error``'s code and hint; False if it had already ended."""
    with session_scope(engine) as session:
        changed = _update_active(
            session,
            job_id,
            state=JobState.FAILED.value,
            stage=JobStage.DONE.value,
            error_code=error.code,
            error_detail=error.detail[:1000],
            error_hint=error.hint[:500],
            finished_at=utcnow(),
        )
    if changed:
        logger.info("job failed job_id=%s code=%s", job_id, error.code)
        publish_row(engine, events, job_id, END)
    return changed


def cancel_job(engine: Engine, job_id: str, events: JobEvents | None = None) -> bool:
    """queued/running → cancelled; False if the job had already ended.

    Chunk messages still in the queue find the job no longer running and do
    nothing; a chunk being generated right now is not stored; finalize skips.
    """
    with session_scope(engine) as session:
        changed = _update_active(
            session, job_id, state=JobState.CANCELLED.value, stage=JobStage.DONE.value, finished_at=utcnow()
        )
    if changed:
        logger.info("job cancelled job_id=%s", job_id)
        publish_row(engine, events, job_id, END)
    return changed


def retryable(job: Job) -> bool:
    """A failed job, or one that succeeded with offline (degraded) chunks."""
    return job.state == JobState.FAILED.value or (job.state == JobState.SUCCEEDED.value and job.degraded)


def prepare_retry(engine: Engine, job_id: str, events: JobEvents | None = None) -> list[int]:
    """Reset a failed or degraded job to ``queued`` so that only its missing chunks run again.

    Degraded (offline-made) chunks go back to ``pending`` and lose their cards,
    except cards the user has already studied (a review history is never
    deleted). Chunks done by a provider keep their cards. Returns the chunk
    indexes to redo; the caller then enqueues ingest, which claims the job
    (``attempts`` + 1) and sends those chunks (or parses again when the job
    failed before its chunks were written).

    :raise Conflict: when the job is not failed or degraded (or changed meanwhile).
    """
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        if job is None or not retryable(job):
            raise Conflict(
                f"Job {job_id} is {job.state if job else 'gone'}; "
                "only failed or degraded jobs can be retried.",
                hint="Retry a job whose state is failed, or succeeded with degraded true.",
            )
        redo_rows = list(
            session.exec(
                select(ChunkResult).where(
                    ChunkResult.job_id == job_id,
                    (col(ChunkResult.status) == "pending") | (col(ChunkResult.degraded).is_(True)),
                )
            )
        )
        degraded_done = [r.chunk_index for r in redo_rows if r.status == "done"]
        if degraded_done:
            session.execute(
                delete(Card).where(
                    col(Card.job_id) == job_id,
                    col(Card.chunk_index).in_(degraded_done),
                    ~exists().where(col(CardSchedule.card_id) == Card.id),
                    ~exists().where(col(ReviewLog.card_id) == Card.id),
                )
            )
            session.execute(
                update(ChunkResult)
                .where(col(ChunkResult.job_id) == job_id, col(ChunkResult.chunk_index).in_(degraded_done))
                .values(status="pending", degraded=False, cards_count=0, started_at=None, finished_at=None)
            )
        cards_left = session.exec(select(func.count()).select_from(Card).where(Card.job_id == job_id)).one()
        reset = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == job.state)
            .values(
                state=JobState.QUEUED.value,
                stage=JobStage.QUEUED.value,
                chunks_done=Job.chunks_done - len(degraded_done),
                cards_count=cards_left,
                degraded=False,
                degraded_reason=None,
                error_code=None,
                error_detail=None,
                error_hint=None,
                finished_at=None,
                heartbeat_at=None,
                enqueued_at=utcnow(),
            )
        )
        if not reset.rowcount:  # type: ignore[attr-defined]
            raise Conflict(f"Job {job_id} changed while being retried.", hint="Fetch the job and try again.")
        if job.deck_id:
            # The deck is rebuilt by finalize; until then it is not listed as finished.
            session.execute(update(Deck).where(col(Deck.id) == job.deck_id).values(ready=False))
    logger.info("job retry job_id=%s chunks=%d", job_id, len(redo_rows))
    publish_row(engine, events, job_id, STAGE)
    return sorted(r.chunk_index for r in redo_rows)


def ready_to_finalize(engine: Engine, job_id: str) -> bool:
    """A running job whose every chunk is done (a resumed job with nothing left to generate)."""
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
    return (
        job is not None
        and job.state == JobState.RUNNING.value
        and job.chunks_total is not None
        and job.chunks_done >= job.chunks_total
    )


def claim(engine: Engine, job_id: str) -> Job | None:
    """queued/running → running (stage parsing); None if the job has ended."""
    now = utcnow()
    with session_scope(engine) as session:
        claimed = _update_active(
            session,
            job_id,
            state=JobState.RUNNING.value,
            attempts=Job.attempts + 1,
            heartbeat_at=now,
            started_at=func.coalesce(Job.started_at, now),
        )
        if not claimed:
            return None
        return session.get(Job, job_id)
