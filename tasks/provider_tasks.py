"""Provider maintenance actors: key validation and the usage flush. Owned by `providers/`.

Thin: the work is :func:`providers.validation.validate_keys` and
:func:`providers.flush.flush_usage`. The scheduler enqueues both periodically by name
(:data:`taskqueue.names.VALIDATE_PROVIDER_KEYS`, :data:`taskqueue.names.FLUSH_PROVIDER_USAGE`);
:func:`enqueue_startup_validation` sends one validation when workers start.

Imported by :mod:`tasks.actors`, after the broker is set.
"""

from __future__ import annotations

import logging
from functools import partial

import dramatiq
import redis

from config import Settings, get_settings
from providers.config import provider_configs
from providers.roster import publish_roster
from redisconn.keys import provider_validation_startup_key
from taskqueue import names
from taskqueue.broker import enqueue
from tasks import maintenance_jobs
from tasks.maintenance import maintenance_context

logger = logging.getLogger(__name__)

_settings = get_settings()

#: Timeout of one model-listing call during validation, in seconds.
VALIDATION_CALL_TIMEOUT_S = 10.0
#: Several worker processes start together; one validation is enough.
STARTUP_DEDUPE_S = 60


def _validation_time_limit_ms(settings: Settings) -> int:
    try:
        keys = sum(len(c.keys) for c in provider_configs(settings))
    except ValueError:  # reported by the worker's own start-up check
        keys = 0
    # two calls at most per key: the listing, and the re-test of an exhausted key
    return int((VALIDATION_CALL_TIMEOUT_S * 2 * keys + 30) * 1000)


def _validation_max_age_ms(settings: Settings) -> int:
    """One period of the scheduler's ``SCHEDULE_VALIDATE_PROVIDER_KEYS_S``: an older validation
    is superseded by the next periodic one (schedule off: an hour, for the start-up run)."""
    return max(60, settings.schedule_validate_provider_keys_s or 3600) * 1000


@dramatiq.actor(
    actor_name=names.VALIDATE_PROVIDER_KEYS.actor_name,
    queue_name=names.VALIDATE_PROVIDER_KEYS.queue_name,
    max_retries=1,  # the next periodic run is the real retry
    min_backoff=10_000,
    max_backoff=60_000,
    time_limit=_validation_time_limit_ms(_settings),
    max_age=_validation_max_age_ms(_settings),
)
def validate_provider_keys() -> None:
    maintenance_jobs.run_recorded(
        maintenance_context(),
        "validate_provider_keys",
        partial(maintenance_jobs.validate_provider_keys, timeout_s=VALIDATION_CALL_TIMEOUT_S),
    )


@dramatiq.actor(
    actor_name=names.FLUSH_PROVIDER_USAGE.actor_name,
    queue_name=names.FLUSH_PROVIDER_USAGE.queue_name,
    max_retries=3,  # safe: a failed flush leaves its batch in Redis, the ledger prevents double counts
    min_backoff=5_000,
    max_backoff=60_000,
    time_limit=120_000,
    max_age=3_600_000,
)
def flush_provider_usage() -> None:
    maintenance_jobs.run_recorded(
        maintenance_context(), "flush_provider_usage", maintenance_jobs.flush_provider_usage
    )


def enqueue_startup_validation(
    broker: dramatiq.Broker, settings: Settings, redis_client: redis.Redis
) -> str | None:
    """Send one key validation at worker start (once per fleet start); never raises.

    Returns the message id, or None when nothing was sent (no provider, another process
    already sent it, or Redis is unreachable: the periodic run will validate later).
    """
    publish_roster(redis_client, settings)  # what the API and dashboard report (keys stay here)
    if not settings.llm_providers:
        return None
    try:
        first = redis_client.set(
            provider_validation_startup_key(settings.broker_namespace), "1", nx=True, ex=STARTUP_DEDUPE_S
        )
        if not first:
            return None
        return enqueue(broker, names.VALIDATE_PROVIDER_KEYS)
    except (redis.RedisError, dramatiq.errors.DramatiqError, OSError) as exc:
        logger.warning("event=llm_startup_validation_skipped error=%s", type(exc).__name__)
        return None
