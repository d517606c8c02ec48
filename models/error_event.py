"""Server errors aggregated by fingerprint. Owned by `api/errors`.

One row per fingerprint (exception type + normalised top frames): how often it
happened, when first and last, and the latest sample (request id, path or actor,
redacted message, error id) to find the full log lines by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, utcnow


class ErrorEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(max_length=64, unique=True, index=True)
    source: str = Field(max_length=16)  # "api" or "worker"
    code: str = Field(max_length=64)
    exception_type: str = Field(max_length=200)
    frames: str = Field(max_length=2000)  # normalised top frames, innermost last
    count: int = Field(default=1)
    first_seen: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    last_seen: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    sample_request_id: str | None = Field(default=None, max_length=64)
    sample_path: str | None = Field(default=None, max_length=500)  # request path or actor name
    sample_message: str | None = Field(default=None, max_length=1000)  # redacted
    sample_error_id: str | None = Field(default=None, max_length=32)
    sample_job_id: str | None = Field(default=None, max_length=64)


@dataclass(frozen=True)
class Occurrence:
    """One error to add to its fingerprint's row."""

    fingerprint: str
    source: str
    code: str
    exception_type: str
    frames: str
    request_id: str | None
    path: str | None
    message: str | None
    error_id: str | None
    job_id: str | None = None


def record_occurrence(engine: Engine, occ: Occurrence) -> None:
    """Insert the fingerprint's row or bump it, atomically (two processes may race)."""
    now = utcnow()
    values = {
        "fingerprint": occ.fingerprint,
        "source": occ.source[:16],
        "code": occ.code[:64],
        "exception_type": occ.exception_type[:200],
        "frames": occ.frames[:2000],
        "count": 1,
        "first_seen": now,
        "last_seen": now,
        "sample_request_id": occ.request_id[:64] if occ.request_id else None,
        "sample_path": occ.path[:500] if occ.path else None,
        "sample_message": occ.message[:1000] if occ.message else None,
        "sample_error_id": occ.error_id[:32] if occ.error_id else None,
        "sample_job_id": occ.job_id[:64] if occ.job_id else None,
    }
    table = ErrorEvent.__table__  # type: ignore[attr-defined]
    dialect = engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.fingerprint],
        set_={
            "count": table.c.count + 1,
            "last_seen": stmt.excluded.last_seen,
            "sample_request_id": stmt.excluded.sample_request_id,
            "sample_path": stmt.excluded.sample_path,
            "sample_message": stmt.excluded.sample_message,
            "sample_error_id": stmt.excluded.sample_error_id,
            "sample_job_id": stmt.excluded.sample_job_id,
        },
    )
    with engine.begin() as conn:
        conn.execute(stmt)


def prune_error_events(engine: Engine, retention_days: int) -> int:
    """Delete fingerprints not seen for ``retention_days``; how many went."""
    cutoff = utcnow() - timedelta(days=retention_days)
    table = ErrorEvent.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        result = conn.execute(delete(table).where(table.c.last_seen < cutoff))
    return int(result.rowcount)
