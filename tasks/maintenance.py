"""Maintenance actors (scheduled by :mod:`workers.scheduler`): thin wrappers over
:mod:`tasks.cleanup` and :mod:`tasks.reaper`, run by :func:`tasks.maintenance_jobs.run_recorded`.

No retries (the next slot is the retry) and a ``max_age`` of about one period,
so a backlog never runs a stale cleanup several times (queue.md §10).
Imported by :mod:`tasks.actors`, after the broker is set.
"""

from __future__ import annotations

import dramatiq
from dramatiq.actor import ActorDecorator

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


def _periodic_actor(task: names.ActorRef, *, time_limit_ms: int, interval_s: int) -> ActorDecorator:
    """No retries (the next slot is the retry); a message older than about one period is dropped."""
    return dramatiq.actor(
        actor_name=task.actor_name,
        queue_name=task.queue_name,
        max_retries=0,
        time_limit=time_limit_ms,
        max_age=max(60, interval_s or 3600) * 1000,  # 0 (scheduling off): a manual run waits an hour
    )


@_periodic_actor(names.CLEANUP, time_limit_ms=600_000, interval_s=_settings.schedule_cleanup_s)
def cleanup() -> None:
    maintenance_jobs.run_recorded(maintenance_context(), "cleanup", cleanup_jobs.cleanup)


@_periodic_actor(
    names.REAP_STUCK_JOBS, time_limit_ms=300_000, interval_s=_settings.schedule_reap_stuck_jobs_s
)
def reap_stuck_jobs() -> None:
    maintenance_jobs.run_recorded(maintenance_context(), "reap_stuck_jobs", reaper.reap_stuck_jobs)
