"""The periodic tasks: each one's actor and the setting holding its interval. The one place.

Read by the scheduler (``workers/scheduler.py``), which enqueues them; by ``/metrics`` and
``deckhand maintenance status``, which report their runs. It sits with the actor names, below
all of them, so that a reader of the table never imports the scheduler process.
Each actor must be declared by the workers (tasks/actors.py imports its module).
"""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from taskqueue import names
from taskqueue.names import ActorRef


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    ref: ActorRef
    interval_setting: str  # the Settings field (seconds; 0 turns the task off)

    def interval_s(self, settings: Settings) -> int:
        return int(getattr(settings, self.interval_setting))


PERIODIC_TASKS: tuple[PeriodicTask, ...] = (
    PeriodicTask("cleanup", names.CLEANUP, "schedule_cleanup_s"),
    PeriodicTask("reap_stuck_jobs", names.REAP_STUCK_JOBS, "schedule_reap_stuck_jobs_s"),
    PeriodicTask("validate_provider_keys", names.VALIDATE_PROVIDER_KEYS, "schedule_validate_provider_keys_s"),
    PeriodicTask("flush_provider_usage", names.FLUSH_PROVIDER_USAGE, "schedule_flush_provider_usage_s"),
    PeriodicTask("rollup_error_events", names.ROLLUP_ERROR_EVENTS, "schedule_rollup_error_events_s"),
)


def find_task(name: str) -> PeriodicTask:
    for task in PERIODIC_TASKS:
        if task.name == name:
            return task
    known = ", ".join(t.name for t in PERIODIC_TASKS)
    raise KeyError(f"unknown task {name!r}; known: {known}")
