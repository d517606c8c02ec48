"""Database reads for the dashboard (jobs, a job's attempts, error fingerprints) and its audit trail."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from typing import Any

import redis
from sqlalchemy import Engine, func
from sqlmodel import col, select

from models import ChunkResult, Document, Job, User
from models.db import session_scope
from models.error_event import ErrorEvent
from models.job import JobState
from redisconn.keys import ops_audit_key

AUDIT_LEN = 500
JOB_STATES = tuple(s.value for s in JobState)


@dataclass
class JobPage:
    items: list[Job]
    total: int
    offset: int
    counts: dict[str, int] = field(default_factory=dict)


def jobs_page(
    engine: Engine,
    *,
    state: str | None,
    user_id: int | None,
    offset: int,
    limit: int,
    email: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> JobPage:
    """Newest jobs first, optionally by state, owner (id or email) and creation day (UTC, inclusive);
    counts by state for the filter bar."""
    with session_scope(engine) as session:
        query = select(Job)
        count = select(func.count()).select_from(Job)
        conditions: list[Any] = []
        if state:
            conditions.append(col(Job.state) == state)
        if user_id is not None:
            conditions.append(col(Job.user_id) == user_id)
        if email:
            owner = select(User.id).where(col(User.email) == email.strip().lower())
            conditions.append(col(Job.user_id).in_(owner))
        if since is not None:
            conditions.append(col(Job.created_at) >= datetime.combine(since, dt_time.min, UTC))
        if until is not None:
            conditions.append(
                col(Job.created_at) < datetime.combine(until + timedelta(days=1), dt_time.min, UTC)
            )
        for condition in conditions:
            query = query.where(condition)
            count = count.where(condition)
        items = list(session.exec(query.order_by(col(Job.created_at).desc()).offset(offset).limit(limit)))
        total = int(session.exec(count).one())
        counts = {
            str(s): int(n) for s, n in session.exec(select(Job.state, func.count()).group_by(col(Job.state)))
        }
    return JobPage(items=items, total=total, offset=offset, counts=counts)


def job_counts(engine: Engine) -> dict[str, int]:
    """Jobs by state, every state listed (0 when none): what the database says, Redis or not."""
    with session_scope(engine) as session:
        rows = session.exec(select(Job.state, func.count()).group_by(col(Job.state)))
        found = {str(s): int(n) for s, n in rows}
    return {state: found.get(state, 0) for state in JOB_STATES}


@dataclass
class JobDetail:
    job: Job
    document_name: str | None
    chunks: list[ChunkResult]


def job_detail(engine: Engine, job_id: str, chunk_limit: int = 200) -> JobDetail | None:
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        if job is None:
            return None
        document = session.get(Document, job.document_id)
        chunks = list(
            session.exec(
                select(ChunkResult)
                .where(ChunkResult.job_id == job_id)
                .order_by(col(ChunkResult.chunk_index))
                .limit(chunk_limit)
            )
        )
    return JobDetail(job=job, document_name=document.filename if document else None, chunks=chunks)


def top_errors(engine: Engine, limit: int = 50) -> list[ErrorEvent]:
    """Fingerprints by count (one row each: count, first and last seen, the latest sample)."""
    with session_scope(engine) as session:
        return list(
            session.exec(
                select(ErrorEvent)
                .order_by(col(ErrorEvent.count).desc(), col(ErrorEvent.last_seen).desc())
                .limit(limit)
            )
        )


def audit(client: redis.Redis, namespace: str, actor: str, action: str, target: str, result: str) -> None:
    """Append one dashboard action to a capped Redis list (and the caller logs it)."""
    entry = json.dumps(
        {"at": time.time(), "actor": actor, "action": action, "target": target, "result": result}
    )
    pipe = client.pipeline(transaction=False)
    pipe.lpush(ops_audit_key(namespace), entry)
    pipe.ltrim(ops_audit_key(namespace), 0, AUDIT_LEN - 1)
    pipe.execute()


def recent_audit(client: redis.Redis, namespace: str, limit: int = 20) -> list[dict[str, Any]]:
    return [json.loads(v) for v in client.lrange(ops_audit_key(namespace), 0, limit - 1)]
