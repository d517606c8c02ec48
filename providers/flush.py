"""Redis usage counters -> :class:`models.usage.UsageRecord` rows, exactly once.

Why two phases rather than "read and delete, then write": a crash between the two
would lose the batch; "write, then delete" would count it twice on the next run.
Here a batch is claimed in Redis (moved atomically under a random id,
:func:`providers.usage.claim_usage`), then added to SQL in **one transaction that
also inserts the id into the ledger** (:class:`models.usage.UsageFlushBatch`), and
only then deleted from Redis. A crash

* before the SQL commit leaves the batch in Redis: the next flush adds it;
* after the commit, before the delete: the next flush finds the id in the ledger and
  only deletes the batch.

Two flushers racing on one batch collide on the ledger's primary key; the loser
rolls back. What can still be lost is what Redis itself loses (no AOF), and a batch
that no flush reaches within ``BATCH_TTL_S`` (7 days).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import redis
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from models.db import session_scope
from models.usage import UsageFlushBatch, UsageRecord
from providers.usage import BATCHES_SET, UsageRow, ack_batch, claim_usage, pending_batches, read_batch

if TYPE_CHECKING:
    from config.providers import ProviderSettings

logger = logging.getLogger(__name__)

#: Ledger rows older than this are pruned; a batch id is only ever looked up within BATCH_TTL_S.
LEDGER_KEEP_DAYS = 30


@dataclass
class FlushReport:
    batches: int = 0  # batches added to SQL by this run
    already_flushed: int = 0  # batches found in the ledger (a crash after commit): only deleted
    rows: int = 0
    calls: int = 0
    tokens: int = 0


def _upsert(table: sa.Table, dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table)
    excluded = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=["hour", "provider", "model", "key_fingerprint", "outcome"],
        set_={
            "calls": table.c.calls + excluded.calls,
            "input_tokens": table.c.input_tokens + excluded.input_tokens,
            "output_tokens": table.c.output_tokens + excluded.output_tokens,
            "latency_ms_sum": table.c.latency_ms_sum + excluded.latency_ms_sum,
            "latency_ms_max": sa.case(
                (excluded.latency_ms_max > table.c.latency_ms_max, excluded.latency_ms_max),
                else_=table.c.latency_ms_max,
            ),
            "updated_at": excluded.updated_at,
        },
    )


def apply_batch(engine: Engine, batch_id: str, rows: list[UsageRow]) -> bool:
    """Add ``rows`` to UsageRecord and record ``batch_id``, in one transaction; False if already done."""
    table: sa.Table = UsageRecord.__table__  # type: ignore[attr-defined]
    now = dt.datetime.now(dt.UTC)
    try:
        with session_scope(engine) as session:
            if session.get(UsageFlushBatch, batch_id) is not None:
                return False
            session.add(UsageFlushBatch(batch_id=batch_id, rows=len(rows), flushed_at=now))
            session.flush()
            stmt = _upsert(table, engine.dialect.name)
            for row in rows:
                session.execute(
                    stmt,
                    {
                        "hour": row.hour,
                        "provider": row.provider,
                        "model": row.model[:128],
                        "key_fingerprint": row.key_fingerprint,
                        "outcome": row.outcome[:32],
                        "calls": row.calls,
                        "input_tokens": row.input_tokens,
                        "output_tokens": row.output_tokens,
                        "latency_ms_sum": row.latency_ms_sum,
                        "latency_ms_max": row.latency_ms_max,
                        "updated_at": now,
                    },
                )
    except IntegrityError:
        # Another flusher committed this batch id between our check and our insert.
        with session_scope(engine) as session:
            if session.get(UsageFlushBatch, batch_id) is not None:
                return False
        raise
    return True


def flush_usage(settings: ProviderSettings, redis_client: redis.Redis, engine: Engine) -> FlushReport:
    """Claim the pending Redis counters and add every unflushed batch to SQL (see the module docstring).

    ``settings`` is not read today; it keeps the maintenance functions' common signature.
    Raises ``redis.RedisError`` or ``sqlalchemy.exc.SQLAlchemyError``; a failed run loses nothing.
    """
    del settings
    report = FlushReport()
    claim_usage(redis_client)
    for batch_id in pending_batches(redis_client):
        rows = read_batch(redis_client, batch_id)
        if rows is None:  # acknowledged by a concurrent flush, or expired
            redis_client.srem(BATCHES_SET, batch_id)
            continue
        if apply_batch(engine, batch_id, rows):
            report.batches += 1
            report.rows += len(rows)
            report.calls += sum(r.calls for r in rows)
            report.tokens += sum(r.input_tokens + r.output_tokens for r in rows)
        else:
            report.already_flushed += 1
        ack_batch(redis_client, batch_id)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=LEDGER_KEEP_DAYS)
    with session_scope(engine) as session:
        session.execute(sa.delete(UsageFlushBatch).where(UsageFlushBatch.flushed_at < cutoff))  # type: ignore[arg-type]
    logger.info(
        "event=llm_usage_flushed batches=%d already_flushed=%d rows=%d calls=%d tokens=%d",
        report.batches,
        report.already_flushed,
        report.rows,
        report.calls,
        report.tokens,
    )
    return report
