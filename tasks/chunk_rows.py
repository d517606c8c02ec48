"""A chunk's database work: one read with its start stamp before the provider call, one store after.

A worker's threads share one GIL, and at 32 threads the answers of a wave arrive together: every
statement, row and ORM object a chunk costs is CPU the others wait for. So:

* the read is one SELECT (job, chunk, document and owner joined) rather than a query per row,
  and the store reads back only the two columns it extends;
* each statement is built once per process, what changes from chunk to chunk bound at
  execution: building one (its expressions, then its cache key, which SQLAlchemy keeps on the
  statement object) costs about 0.2 ms of CPU, more than the database takes to run it;
* the writes are Core statements on the tables: the ORM's UPDATE and INSERT paths rebuild the
  statement at every execution (its cache key again) and keep books on the session's objects,
  and the rows written here are no object of the session. The chunk's cards go in as one
  INSERT, not an ORM object and a unit-of-work flush each. Job writes still bump the job's
  cached version (:mod:`models.job_cache` watches every statement a session executes).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Engine, Table, and_, bindparam, insert, update
from sqlmodel import Session, col, select

from cards.generate import GenerationResult
from cards.store import card_values, free_guids
from models import Card, ChunkResult, Document, Job, JobState, User, utcnow
from models.db import session_scope
from models.job_cache import UNSEEN_BY_READS

_jobs: Table = Job.__table__  # type: ignore[attr-defined]
_chunks: Table = ChunkResult.__table__  # type: ignore[attr-defined]
_cards: Table = Card.__table__  # type: ignore[attr-defined]

_READ = (
    select(Job, ChunkResult, Document, User)
    .join(
        ChunkResult,
        and_(col(ChunkResult.job_id) == Job.id, col(ChunkResult.chunk_index) == bindparam("chunk_index")),
    )
    .join(Document, col(Document.id) == Job.document_id)
    .outerjoin(User, col(User.id) == Job.user_id)
    .where(col(Job.id) == bindparam("job_id"))
)
#: The chunk's row while pending. No values(): the parameters named after columns are what it
#: sets (``started_at`` as the chunk starts; ``status`` and the rest as it is stored).
_PENDING_CHUNK = update(_chunks).where(_chunks.c.id == bindparam("chunk_id"), _chunks.c.status == "pending")
#: The job's row while running; the same way, ``heartbeat_at`` is set as a chunk starts.
_RUNNING_JOB = update(_jobs).where(_jobs.c.id == bindparam("job_id"), _jobs.c.state == JobState.RUNNING.value)
#: The two columns the store extends.
_EXTENDED = select(_chunks.c.attempts, _chunks.c.payload).where(_chunks.c.id == bindparam("chunk_id"))
_INSERT_CARDS = insert(_cards)
_INSERT_CHUNKS = insert(_chunks)
#: The chunk counted in its job (``degraded`` and its reason set too when given as parameters).
_COUNT = (
    _RUNNING_JOB.values(
        chunks_done=_jobs.c.chunks_done + 1,
        cards_count=_jobs.c.cards_count + bindparam("new_cards"),
        heartbeat_at=bindparam("now"),
    )
).returning(_jobs.c.chunks_done, _jobs.c.chunks_total, _jobs.c.cards_count)


def insert_chunks(session: Session, job_id: str, chunks: list[tuple[int, int, dict[str, Any]]]) -> None:
    """A job's chunks, each (index, card budget, payload), as one INSERT of column values.

    Not an ORM object each: building a ``ChunkResult`` costs about half a millisecond of CPU
    (pydantic's defaults), 0.1 s for a 200-chunk document before its first chunk may start, and
    the rows are no object of the session. The values a ``ChunkResult`` would default are given.
    """
    now = utcnow()
    session.execute(
        _INSERT_CHUNKS,
        [
            {
                "job_id": job_id,
                "chunk_index": index,
                "status": "pending",
                "card_budget": budget,
                "payload": payload,
                "cards_count": 0,
                "degraded": False,
                "provider": None,
                "model": None,
                "attempts": [],
                "created_at": now,
                "started_at": None,
                "finished_at": None,
            }
            for index, budget, payload in chunks
        ],
    )


class ChunkRows(NamedTuple):
    """What a chunk's generation reads; ``owner`` None when its account is gone."""

    job: Job
    chunk: ChunkResult
    document: Document
    owner: User | None


def read_chunk(session: Session, job_id: str, chunk_index: int) -> ChunkRows | None:
    """The chunk's job, row, document and owner in one SELECT; None when the job, its chunk or
    its document is missing."""
    row = session.exec(_READ, params={"job_id": job_id, "chunk_index": chunk_index}).first()
    return None if row is None else ChunkRows(*row)


def start_chunk(session: Session, job_id: str, chunk_id: int) -> None:
    """Stamp the chunk's start and the job's heartbeat before the (long) generation.

    The heartbeat tells the stuck-job reaper that the job is being worked on even
    when one chunk takes minutes; ``started_at`` gives the chunk's duration. Written in
    the transaction that read the chunk: one commit per chunk fewer. No job read shows either
    stamp, so the commit bumps no cached job version (no Redis round trip).
    """
    now = utcnow()
    session.execute(_PENDING_CHUNK, {"chunk_id": chunk_id, "started_at": now})
    session.execute(_RUNNING_JOB, {"job_id": job_id, "heartbeat_at": now}, execution_options=UNSEEN_BY_READS)


def store_chunk(
    engine: Engine, job: Job, document: Document, chunk_id: int, chunk_index: int, result: GenerationResult
) -> tuple[int, int | None, int] | None:
    """pending → done with the cards, in one transaction; the job's new counts, or None
    when another delivery stored the chunk first or the job ended meanwhile."""
    with session_scope(engine) as session:
        # Read again, not taken from the start: a handed-back delivery may have added attempts.
        stored = session.execute(_EXTENDED, {"chunk_id": chunk_id}).first()
        earlier = list(stored.attempts) if stored is not None else []  # handed-back deliveries
        moved = session.execute(
            _PENDING_CHUNK,
            {
                "chunk_id": chunk_id,
                "status": "done",
                "cards_count": len(result.cards),
                "degraded": result.degraded,
                "provider": result.provider,
                "model": result.model,
                "attempts": [*earlier, *(a.as_dict() for a in result.attempts)],
                # What the gate saw, so that an empty deck can say why (cards.outcome).
                "payload": {**(stored.payload if stored is not None else {}), "drafted": result.drafted},
                "finished_at": utcnow(),
            },
        )
        if not moved.rowcount:  # type: ignore[attr-defined]
            return None  # another delivery of this message stored the cards first
        guids = free_guids(session, job.deck_id, document.sha256, result.cards)
        if result.cards:
            rows = [
                card_values(job, chunk_index, position, draft, guid)
                for position, (draft, guid) in enumerate(zip(result.cards, guids, strict=True))
            ]
            session.execute(_INSERT_CARDS, rows)
        counted: dict[str, Any] = {"job_id": job.id, "new_cards": len(result.cards), "now": utcnow()}
        if result.degraded:
            counted.update(degraded=True, degraded_reason=result.message[:500])
        counts = session.execute(_COUNT, counted).one_or_none()
        if counts is None:
            # Cancelled (or failed) while this chunk was generated: store nothing.
            session.rollback()
            return None
        done, total, cards_count = counts
    return done, total, cards_count
