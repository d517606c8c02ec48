"""Worker entry point: ``dramatiq workers.main --processes N --threads M``.

Builds the broker from settings and sets it *before* importing the actor
modules (actors bind to the global broker when they are declared). First it
waits (bounded) for the database to reach the code's migration head.
"""

from __future__ import annotations

import logging

import dramatiq

import redisconn
from config import get_settings
from deploy.heap import freeze_startup_heap
from deploy.schema import require_schema_at_head
from jobs.events import JobEvents
from logs import configure_logging
from models.db import make_engine
from ops.sentry import init_sentry
from ops.worker_metrics import prometheus_middleware
from taskqueue import names
from tasks.context import set_context
from workers.assembly import pipeline_context, worker_broker

settings = get_settings()
configure_logging(settings)
init_sentry(settings, "worker")  # before build_broker: the Dramatiq integration patches Broker
engine = make_engine(settings, role="worker")
# Before any actor can run: new code on an old schema would fail job after job (deploy/schema.py).
require_schema_at_head(settings, engine)
redis_client = redisconn.client(redisconn.resolve_url(settings), redisconn.Profile.WORKER)
job_events = JobEvents.from_settings(settings)

broker = worker_broker(
    settings,
    engine,
    redis_client,
    job_events,
    # Dramatiq's own dramatiq_* metrics on WORKER_METRICS_PORT (docs/operations.md).
    more_middleware=[prometheus_middleware()] if settings.worker_metrics_enabled else None,
)
dramatiq.set_broker(broker)
set_context(pipeline_context(settings, engine, redis_client, job_events))

import tasks.actors  # noqa: E402,F401 - declares the actors on the broker set above
from tasks.provider_tasks import enqueue_startup_validation  # noqa: E402

enqueue_startup_validation(broker, settings, redis_client)  # logs and carries on if Redis is down

freeze_startup_heap()  # full collections stop every thread: keep them off the start-up heap
logging.getLogger(__name__).info("worker ready queues=%s", ",".join(names.ALL_QUEUES))
