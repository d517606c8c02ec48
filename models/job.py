from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, new_id, utcnow


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


TERMINAL_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class JobStage(enum.StrEnum):
    QUEUED = "queued"
    PARSING = "parsing"
    GENERATING = "generating"
    FINALIZING = "finalizing"
    DONE = "done"


class Job(SQLModel, table=True):
    """One document's way to a deck; the source of truth for its progress."""

    __table_args__ = (UniqueConstraint("user_id", "idempotency_key", name="uq_job_user_idempotency"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    document_id: str = Field(foreign_key="document.id", index=True, max_length=32)
    deck_id: str | None = Field(default=None, foreign_key="deck.id", index=True, max_length=32)
    state: str = Field(default=JobState.QUEUED.value, max_length=16, index=True)
    stage: str = Field(default=JobStage.QUEUED.value, max_length=16)
    chunks_total: int | None = None
    chunks_done: int = 0
    cards_count: int = 0
    degraded: bool = False
    degraded_reason: str | None = Field(default=None, max_length=500)
    error_code: str | None = Field(default=None, max_length=64)
    error_detail: str | None = Field(default=None, max_length=1000)
    error_hint: str | None = Field(default=None, max_length=500)
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    attempts: int = 0
    idempotency_key: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    enqueued_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    heartbeat_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    #: Indexed: the metrics window and the cleanup of old jobs read by it.
    finished_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True)
    )


class ChunkResult(SQLModel, table=True):
    """One chunk of a job: its input (written at ingest) and, once done, its outcome.

    The unique (job_id, chunk_index) pair and the pending → done transition make a
    redelivered chunk message a no-op.
    """

    __table_args__ = (UniqueConstraint("job_id", "chunk_index", name="uq_chunkresult_job_chunk"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(foreign_key="job.id", index=True, max_length=32)
    chunk_index: int
    status: str = Field(default="pending", max_length=16)  # pending | done
    card_budget: int = 1
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    cards_count: int = 0
    degraded: bool = False
    provider: str | None = Field(default=None, max_length=64)
    model: str | None = Field(default=None, max_length=128)
    #: Every provider attempt of every delivery (one that was handed back to the queue too).
    attempts: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    #: When the delivery that made (or is making) its cards began; duration = finished_at - started_at.
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    #: Indexed: the metrics window reads chunks by it.
    finished_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True)
    )
