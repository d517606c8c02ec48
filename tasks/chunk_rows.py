"""A chunk's database work: one read with its start stamp before the provider call, one store after.

A worker's threads share one GIL, and at 32 threads the answers of a wave arrive together: every
statement, row and ORM object a chunk costs is CPU the others wait for. So the read is one
SELECT (job, chunk, document and owner joined) rather than a query per row, and the store reads
back only the two columns it extends.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Engine, and_, update
from sqlmodel import Session, col, select

from cards.generate import GenerationResult
from cards.store import card_row, free_guids
from models import ChunkResult, Document, Job, JobState, User, utcnow
from models.db import session_scope
from models.job_cache import UNSEEN_BY_READS

#: For the per-chunk UPDATEs, whose rows' in-session objects are not read again: the ORM's
#: default evaluates each statement against every object in the session (about a tenth of a
#: chunk's CPU in the worker, under the one GIL its threads share).
UNSYNCED = {"synchronize_session": False}


class ChunkRows(NamedTuple):
    """What a chunk's generation reads; ``owner`` None when its account is gone."""

    job: Job
    chunk: ChunkResult
    document: Document
    owner: User | None


def read_chunk(session: Session, job_id: str, chunk_index: int) -> ChunkRows | None:
    """The chunk's job, row, document and owner in one SELECT; None when the job, its chunk or
    its document is missing."""
    row = session.exec(
        select(Job, ChunkResult, Document, User)
        .join(
            ChunkResult,
            and_(col(ChunkResult.job_id) == Job.id, col(ChunkResult.chunk_index) == chunk_index),
        )
        .join(Document, col(Document.id) == Job.document_id)
        .outerjoin(User, col(User.id) == Job.user_id)
        .where(col(Job.id) == job_id)
    ).first()
    return None if row is None else ChunkRows(*row)


def start_chunk(session: Session, job_id: str, chunk_id: int) -> None:
    """Stamp the chunk's start and the job's heartbeat before the (long) generation.

    The heartbeat tells the stuck-job reaper that the job is being worked on even
    when one chunk takes minutes; ``started_at`` gives the chunk's duration. Written in
    the transaction that read the chunk: one commit per chunk fewer. No job read shows either
    stamp, so the commit bumps no cached job version (no Redis round trip).
    """
    now = utcnow()
    session.execute(
        update(ChunkResult)
        .where(col(ChunkResult.id) == chunk_id, col(ChunkResult.status) == "pending")
        .values(started_at=now),
        execution_options=UNSYNCED,
    )
    session.execute(
        update(Job)
        .where(col(Job.id) == job_id, col(Job.state) == JobState.RUNNING.value)
        .values(heartbeat_at=now),
        execution_options={**UNSYNCED, **UNSEEN_BY_READS},
    )


def store_chunk(
    engine: Engine, job: Job, document: Document, chunk_id: int, chunk_index: int, result: GenerationResult
) -> tuple[int, int | None, int] | None:
    """pending → done with the cards, in one transaction; the job's new counts, or None
    when another delivery stored the chunk first or the job ended meanwhile."""
    with session_scope(engine) as session:
        # Read again, not taken from the start: a handed-back delivery may have added attempts.
        stored = session.execute(
            select(ChunkResult.attempts, ChunkResult.payload).where(col(ChunkResult.id) == chunk_id)
        ).first()
        earlier = list(stored.attempts) if stored is not None else []  # handed-back deliveries
        moved = session.execute(
            update(ChunkResult)
            .where(col(ChunkResult.id) == chunk_id, col(ChunkResult.status) == "pending")
            .values(
                status="done",
                cards_count=len(result.cards),
                degraded=result.degraded,
                provider=result.provider,
                model=result.model,
                attempts=[*earlier, *(a.as_dict() for a in result.attempts)],
                # What the gate saw, so that an empty deck can say why (cards.outcome).
                payload={**(stored.payload if stored is not None else {}), "drafted": result.drafted},
                finished_at=utcnow(),
            ),
            execution_options=UNSYNCED,
        )
        if not moved.rowcount:  # type: ignore[attr-defined]
            return None  # another delivery of this message stored the cards first
        guids = free_guids(session, job.deck_id, document.sha256, result.cards)
        for position, (draft, guid) in enumerate(zip(result.cards, guids, strict=True)):
            session.add(card_row(job, chunk_index, position, draft, guid))
        values: dict[str, Any] = {
            "chunks_done": Job.chunks_done + 1,
            "cards_count": Job.cards_count + len(result.cards),
            "heartbeat_at": utcnow(),
        }
        if result.degraded:
            values.update(degraded=True, degraded_reason=result.message[:500])
        counts = session.execute(
            update(Job)
            .where(col(Job.id) == job.id, col(Job.state) == JobState.RUNNING.value)
            .values(**values)
            .returning(col(Job.chunks_done), col(Job.chunks_total), col(Job.cards_count)),
            execution_options=UNSYNCED,
        ).one_or_none()
        if counts is None:
            # Cancelled (or failed) while this chunk was generated: store nothing.
            session.rollback()
            return None
        done, total, cards_count = counts
    return done, total, cards_count
