"""The scheduler: the loop that enqueues the periodic tasks (:mod:`taskqueue.schedule`).

Time is cut into slots of each task's interval (``slot = floor(unix_time / interval)``,
the same on every machine). Before enqueuing a slot, a scheduler takes the
slot lease (:mod:`redisconn.lease`) ``<ns>:scheduler:<task>:<slot>``: only the
first taker enqueues, so any number of schedulers (or a scheduler plus Render
cron jobs running ``deckhand maintenance run TASK``) enqueue each slot once.
A missed slot is not caught up: the tasks process "everything older than X".

The scheduler is also the one evaluator of the alert rules, on the same slots as
``rollup_error_events`` (SCHEDULE_ROLLUP_ERROR_EVENTS_S): an alert such as
``no_worker`` must fire precisely when no worker is alive to run an actor. The slot lease
and the atomic send claim of :mod:`ops.alerts` keep several schedulers from evaluating a
slot twice or sending an incident twice.

Every couple of seconds it also sends the messages of jobs the API accepted while Redis was
down (:func:`tasks.reaper.resend_unsent_jobs`) as soon as Redis answers again, and
resumes running jobs whose messages a Redis outage lost (``resume_lost_jobs``).

Run with ``deckhand scheduler``. Never inside gunicorn (queue.md §1.5).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import dramatiq
import redis

from config import Settings
from redisconn.keys import scheduler_lease_key
from redisconn.lease import give_back, slot_of, take_slot
from taskqueue.schedule import PERIODIC_TASKS, PeriodicTask

if TYPE_CHECKING:
    from sqlalchemy import Engine

logger = logging.getLogger(__name__)


def enqueue_slot(
    client: redis.Redis,
    broker: dramatiq.Broker,
    namespace: str,
    task: PeriodicTask,
    slot: int,
    interval_s: int,
    *,
    owner: str,
) -> bool:
    """Take the slot's lease and enqueue the task; False when someone else has the slot."""
    lease = scheduler_lease_key(namespace, task.name, slot)
    if not take_slot(client, lease, owner, interval_s):
        return False
    message: dramatiq.Message[Any] = dramatiq.Message(
        queue_name=task.ref.queue_name,
        actor_name=task.ref.actor_name,
        args=(),
        kwargs={},
        options={"deckhand_slot": f"{task.name}:{slot}"},
    )
    try:
        broker.enqueue(message)
    except Exception:
        # Give the slot back so that another scheduler (or the next tick) can send it.
        give_back(client, lease)
        raise
    logger.info("scheduled task=%s slot=%d message_id=%s", task.name, slot, message.message_id)
    return True


class Scheduler:
    """Enqueues each due slot of :data:`PERIODIC_TASKS` once across all schedulers."""

    def __init__(
        self,
        settings: Settings,
        client: redis.Redis,
        broker: dramatiq.Broker,
        *,
        tasks: tuple[PeriodicTask, ...] = PERIODIC_TASKS,
        clock: Callable[[], float] = time.time,
        engine: Engine | None = None,
    ) -> None:
        self.settings = settings
        self.client = client
        self.broker = broker
        self.tasks = tasks
        self.clock = clock
        self.owner = uuid.uuid4().hex
        self.stopping = threading.Event()
        self._seen: dict[str, int] = {}
        self._engine = engine
        self._own_engine = engine is None
        self._alerts_slot: int | None = None
        self._next_resend = 0.0

    def tick(self) -> list[tuple[str, int]]:
        """Enqueue every task whose current slot this scheduler has not handled; what it sent."""
        now = self.clock()
        sent: list[tuple[str, int]] = []
        for task in self.tasks:
            interval = task.interval_s(self.settings)
            if interval <= 0:
                continue
            slot = slot_of(now, interval)
            if self._seen.get(task.name) == slot:
                continue
            try:
                if enqueue_slot(
                    self.client,
                    self.broker,
                    self.settings.broker_namespace,
                    task,
                    slot,
                    interval,
                    owner=self.owner,
                ):
                    sent.append((task.name, slot))
                self._seen[task.name] = slot
            except (redis.RedisError, OSError) as exc:
                # Not marked seen: the next tick tries this slot again.
                logger.warning("scheduler could not enqueue task=%s slot=%d error=%r", task.name, slot, exc)
        self.evaluate_alerts(now)
        self.resend_unsent()
        return sent

    #: Seconds between two looks for jobs whose message never reached Redis.
    RESEND_EVERY_S = 2.0

    def resend_unsent(self) -> int:
        """Send queued jobs the API could not enqueue (at most every RESEND_EVERY_S); never raises."""
        if self.settings.resend_unsent_after_s <= 0 or time.monotonic() < self._next_resend:
            return 0
        self._next_resend = time.monotonic() + self.RESEND_EVERY_S
        from tasks.maintenance_jobs import MaintenanceContext
        from tasks.reaper import resend_unsent_jobs, resume_lost_jobs

        try:
            ctx = MaintenanceContext(
                settings=self.settings, engine=self.engine, redis=self.client, broker=self.broker
            )
            return resend_unsent_jobs(ctx) + resume_lost_jobs(ctx)
        except Exception as exc:  # Redis or the database still down: the next look tries again
            logger.warning("scheduler could not send unsent jobs yet error=%r", exc)
            return 0

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from models.db import make_engine

            self._engine = make_engine(self.settings, role="scheduler")
        return self._engine

    def evaluate_alerts(self, now: float) -> bool:
        """Evaluate the alert rules once per rollup slot; True when this scheduler did it.

        Never raises: a database or Redis outage is logged once per slot, and the next slot
        tries again.
        """
        interval = self.settings.schedule_rollup_error_events_s
        if interval <= 0:
            return False
        slot = slot_of(now, interval)
        if self._alerts_slot == slot:
            return False
        self._alerts_slot = slot
        from ops.alerts import evaluate_for_slot

        try:
            alerts = evaluate_for_slot(
                self.settings, self.client, self.engine, interval_s=interval, owner=self.owner, now=now
            )
        except Exception as exc:  # any dependency failing: report, keep scheduling
            logger.warning("scheduler could not evaluate alerts slot=%d error=%r", slot, exc)
            return False
        if alerts is None:
            return False
        logger.info(
            "alerts evaluated slot=%d active=%d firing=%d",
            slot, len(alerts), sum(1 for a in alerts if a.firing),
        )  # fmt: skip
        return True

    def run(self) -> None:
        from ops.sentry import init_sentry

        init_sentry(self.settings, "scheduler")  # errors of this process too, when SENTRY_DSN is set
        logger.info(
            "scheduler started tasks=%s",
            ",".join(f"{t.name}/{t.interval_s(self.settings)}s" for t in self.tasks),
        )
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(self.settings.scheduler_tick_s)
        if self._own_engine and self._engine is not None:
            self._engine.dispose()
            self._engine = None
        logger.info("scheduler stopped")

    def stop_on_signals(self) -> None:
        def _stop(_signum: int, _frame: object) -> None:
            self.stopping.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
