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
from deploy.schema import require_schema_at_head
from jobs.events import JobEvents
from jobs.transitions import fail_job
from logs import configure_logging
from models.db import make_engine
from ops.sentry import init_sentry
from ops.worker_metrics import prometheus_middleware
from taskqueue import names
from taskqueue.broker import build_broker
from tasks.context import set_context
from tasks.pipeline import PipelineContext, build_completer
from workers.error_reporting import worker_reporter
from workers.heartbeat import WorkerHeartbeat
from workers.middleware import JobTracking, RequestContext

settings = get_settings()
configure_logging(settings)
init_sentry(settings, "worker")  # before build_broker: the Dramatiq integration patches Broker
engine = make_engine(settings, role="worker")
# Before any actor can run: new code on an old schema would fail job after job (deploy/schema.py).
require_schema_at_head(settings, engine)
redis_client = redisconn.client(redisconn.resolve_url(settings), redisconn.Profile.WORKER)
job_events = JobEvents.from_settings(settings)

job_actors = frozenset({names.INGEST.actor_name, names.GENERATE.actor_name, names.FINALIZE.actor_name})

broker = build_broker(
    settings,
    extra_middleware=[
        # First: binds request and job ids before the other middleware log anything.
        RequestContext(job_actors=job_actors, report=worker_reporter(engine)),
        JobTracking(
            redis_client=redis_client,
            fail_job=lambda job_id, error: fail_job(engine, job_id, error, job_events),
            max_deliveries=settings.max_deliveries,
            job_actors=job_actors,
            namespace=settings.broker_namespace,
        ),
        # Worker presence for /readyz, doctor, the dashboard, metrics and the no_worker alert.
        WorkerHeartbeat(
            redis_client=redis_client,
            namespace=settings.broker_namespace,
            interval_s=settings.worker_heartbeat_interval_s,
        ),
        # Dramatiq's own dramatiq_* metrics on WORKER_METRICS_PORT (docs/operations.md).
        *([prometheus_middleware()] if settings.worker_metrics_enabled else []),
    ],
)
dramatiq.set_broker(broker)
set_context(
    PipelineContext(
        settings=settings,
        engine=engine,
        completer=build_completer(settings, redis_client),
        events=job_events,
        redis=redis_client,
    )
)

import tasks.actors  # noqa: E402,F401 - declares the actors on the broker set above
from tasks.provider_tasks import enqueue_startup_validation  # noqa: E402

enqueue_startup_validation(broker, settings, redis_client)  # logs and carries on if Redis is down

logging.getLogger(__name__).info("worker ready queues=%s", ",".join(names.ALL_QUEUES))
