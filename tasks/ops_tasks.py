"""Ops maintenance actor: error-event pruning. Owned by `ops/`.

``rollup_error_events`` runs on the scheduler's ROLLUP_ERROR_EVENTS interval and deletes
ErrorEvent fingerprints not seen for ERROR_EVENT_RETENTION_DAYS. The alert rules are
evaluated by the scheduler process alone, on the same slots (workers/scheduler.py).
The error rows themselves are already aggregated by fingerprint when written
(:mod:`workers.error_reporting`). Each run is logged and recorded like every maintenance
run (:func:`tasks.maintenance_jobs.run_recorded`).

Imported by :mod:`tasks.actors`, after the broker is set.
"""

from __future__ import annotations

import dramatiq

from config import get_settings
from taskqueue import names
from tasks import maintenance_jobs
from tasks.maintenance import maintenance_context

_settings = get_settings()


@dramatiq.actor(
    actor_name=names.ROLLUP_ERROR_EVENTS.actor_name,
    queue_name=names.ROLLUP_ERROR_EVENTS.queue_name,
    max_retries=0,  # the next periodic run is the retry
    time_limit=120_000,
    # A run older than one period is superseded by the next one.
    max_age=max(60, _settings.schedule_rollup_error_events_s) * 1000,
)
def rollup_error_events() -> None:
    maintenance_jobs.run_recorded(
        maintenance_context(), "rollup_error_events", maintenance_jobs.rollup_error_events
    )
