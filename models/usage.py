"""Provider usage records (flushed from Redis counters). Owned by `providers/`.

One :class:`UsageRecord` row per (UTC hour, provider, model, key fingerprint, outcome):
calls, tokens in and out, latency sum and max. Daily totals are a ``GROUP BY`` away;
"calls by outcome" is one. :class:`UsageFlushBatch` is the ledger of Redis batches
already added to those rows, which makes :func:`providers.flush.flush_usage` idempotent.
Keys appear only as fingerprints (``sha256(key)[:8]``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, utcnow


class UsageRecord(SQLModel, table=True):
    """Attempts of one UTC hour on one provider, model, key and outcome (``ok``, ``server``…)."""

    __table_args__ = (
        UniqueConstraint(
            "hour", "provider", "model", "key_fingerprint", "outcome", name="uq_usagerecord_bucket"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: Start of the UTC hour the attempts were made in.
    hour: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    provider: str = Field(max_length=32, index=True)
    model: str = Field(max_length=128)
    key_fingerprint: str = Field(max_length=16)
    outcome: str = Field(max_length=32)
    calls: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))
    input_tokens: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))
    output_tokens: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))
    latency_ms_sum: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))
    latency_ms_max: int = Field(default=0, sa_column=Column(BigInteger(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class UsageFlushBatch(SQLModel, table=True):
    """A Redis usage batch whose counts are in :class:`UsageRecord` (written in the same transaction)."""

    batch_id: str = Field(primary_key=True, max_length=32)
    rows: int = 0
    flushed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )
