"""What the alert rules and the dashboard's charts look at: one reading of the system's state.

Gathered once per alert slot by :func:`collect_snapshot` (providers, queues, workers, the jobs that
ended in ALERT_WINDOW_S, the security blocks in force); :mod:`ops.alerts` judges it and
:mod:`ops.history` keeps a sample of it. Tests build one by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import redis
from sqlalchemy import Engine, func
from sqlmodel import col, select

from models import Job
from models.db import session_scope
from models.job import JobState
from models.security import SecurityBlock
from models.types import utcnow
from ops.queues import QueueStats, discover_queues, overview
from ops.workers import WorkerSummary, list_workers
from providers.status import ProviderStatus, provider_status
from taskqueue.names import ALL_QUEUES

if TYPE_CHECKING:
    from config import Settings


@dataclass
class Snapshot:
    """What the rules look at; gathered by :func:`collect_snapshot`, or built by hand in tests."""

    providers: list[ProviderStatus] = field(default_factory=list)
    queues: list[QueueStats] = field(default_factory=list)
    workers: WorkerSummary | None = None
    jobs_finished: int = 0
    jobs_failed: int = 0
    blocks: list[SecurityBlock] = field(default_factory=list)


def job_outcomes(engine: Engine, window_s: int) -> tuple[int, int]:
    """(finished, failed) jobs within the last ``window_s`` seconds; input-fault failures excluded.

    A job failed by its own document or request (``DeckhandError.input_fault``) is the
    user's trouble, told to the user; it counts neither as finished nor as failed here.
    """
    from errors import all_error_classes

    user_codes = sorted({cls.code for cls in all_error_classes() if cls.input_fault})
    cutoff = utcnow() - timedelta(seconds=window_s)
    with session_scope(engine) as session:
        rows = session.exec(
            select(Job.state, func.count())
            .where(col(Job.finished_at) >= cutoff)
            .where((col(Job.error_code).is_(None)) | (col(Job.error_code).not_in(user_codes)))
            .group_by(col(Job.state))
        ).all()
    counts = {state: int(n) for state, n in rows}
    return sum(counts.values()), counts.get(JobState.FAILED.value, 0)


def active_blocks(engine: Engine) -> list[SecurityBlock]:
    """Blocks in force now (not lifted, not expired), newest first."""
    with session_scope(engine) as session:
        return list(
            session.exec(
                select(SecurityBlock)
                .where(col(SecurityBlock.lifted_at).is_(None), col(SecurityBlock.expires_at) > utcnow())
                .order_by(col(SecurityBlock.created_at).desc())
                .limit(50)
            )
        )


def collect_snapshot(settings: Settings, client: redis.Redis, engine: Engine) -> Snapshot:
    namespace = settings.broker_namespace
    finished, failed = job_outcomes(engine, settings.alert_window_s)
    return Snapshot(
        providers=provider_status(settings, client),
        queues=overview(
            client,
            namespace,
            discover_queues(client, namespace, ALL_QUEUES),
            window_s=settings.alert_window_s,
        ),
        workers=list_workers(client, namespace, settings.broker_heartbeat_timeout_ms),
        jobs_finished=finished,
        jobs_failed=failed,
        blocks=active_blocks(engine),
    )
