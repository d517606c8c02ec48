"""Ops maintenance actor: alert evaluation and error-event pruning. Owned by `ops/`.

``rollup_error_events`` runs on the scheduler's ROLLUP_ERROR_EVENTS interval: it
evaluates the alert rules over the current state (posting to the webhook with
de-duplication and cool-down, see :mod:`ops.alerts`) and deletes ErrorEvent
fingerprints not seen for ERROR_EVENT_RETENTION_DAYS. The error rows themselves are
already aggregated by fingerprint when written (:mod:`workers.error_reporting`).

Imported by :mod:`tasks.actors`, after the broker is set.
"""

from __future__ import annotations

import logging

import dramatiq

from config import get_settings
from ops.alerts import evaluate_and_notify
from ops.queues import broker_client
from ops.views import prune_error_events
from tasks import names
from tasks.context import get_context

logger = logging.getLogger(__name__)

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
    context = get_context()
    alerts = evaluate_and_notify(context.settings, broker_client(dramatiq.get_broker()), context.engine)
    pruned = prune_error_events(context.engine, context.settings.error_event_retention_days)
    logger.info(
        "ops rollup alerts_active=%d alerts_firing=%d error_events_pruned=%d",
        len(alerts), sum(1 for a in alerts if a.firing), pruned,
    )  # fmt: skip
