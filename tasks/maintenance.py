"""Maintenance actors (scheduled by :mod:`workers.scheduler`): thin wrappers over
:mod:`tasks.cleanup` and :mod:`tasks.reaper`, run by :func:`tasks.maintenance_jobs.run_recorded`.

No retries (the next slot is the retry) and a ``max_age`` of about one period,
so a backlog never runs a stale cleanup several times (queue.md §10).
Imported by :mod:`tasks.actors`, after the broker is set.
"""

from __future__ import annotations

import dramatiq

from config import get_settings
from jobs.events import JobEvents
from taskqueue import names
from tasks import cleanup as cleanup_jobs
from tasks import maintenance_jobs, reaper
from tasks.context import get_context

_settings = get_settings()


def maintenance_context() -> maintenance_jobs.MaintenanceContext:
    """What :func:`tasks.maintenance_jobs.run_recorded` needs, from this worker's context."""
    pipeline = get_context()
    events = pipeline.events or JobEvents.from_settings(pipeline.settings)
    return maintenance_jobs.MaintenanceContext(
        settings=pipeline.settings,
        engine=pipeline.engine,
        redis=pipeline.redis or events.client,  # the worker's client: whole-queue scans outlast events' 2 s
        broker=dramatiq.get_broker(),
        events=events,
    )


def _max_age_ms(interval_s: int) -> int:
    return max(60, interval_s or 3600) * 1000


@dramatiq.actor(
    actor_name=names.CLEANUP.actor_name,
    queue_name=names.CLEANUP.queue_name,
    max_retries=0,
    time_limit=600_000,
    max_age=_max_age_ms(_settings.schedule_cleanup_s),
)
def cleanup() -> None:
    maintenance_jobs.run_recorded(maintenance_context(), "cleanup", cleanup_jobs.cleanup)


@dramatiq.actor(
    actor_name=names.REAP_STUCK_JOBS.actor_name,
    queue_name=names.REAP_STUCK_JOBS.queue_name,
    max_retries=0,
    time_limit=300_000,
    max_age=_max_age_ms(_settings.schedule_reap_stuck_jobs_s),
)
def reap_stuck_jobs() -> None:
    maintenance_jobs.run_recorded(maintenance_context(), "reap_stuck_jobs", reaper.reap_stuck_jobs)
