"""What a worker is made of: its broker with Deckhand's middleware, and the pipeline context.

One function per piece, shared by the worker process (:mod:`workers.main`) and the tests'
in-process worker (``tests/inprocess.py``), so the two cannot drift apart.
"""

from __future__ import annotations

import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware
from sqlalchemy import Engine

from config import Settings
from jobs.events import JobEvents
from jobs.transitions import fail_job
from taskqueue import names
from taskqueue.broker import build_broker
from tasks.pipeline import PipelineContext, build_completer
from workers.error_reporting import worker_reporter
from workers.heartbeat import WorkerHeartbeat
from workers.middleware import JobTracking, RequestContext
from workers.parser_warmup import ParserWarmup

#: The actors whose messages belong to a job (its id is bound to their log lines and failures).
JOB_ACTORS = frozenset({names.INGEST.actor_name, names.GENERATE.actor_name, names.FINALIZE.actor_name})


def worker_broker(
    settings: Settings,
    engine: Engine,
    redis_client: redis.Redis,
    events: JobEvents,
    *,
    more_middleware: list[Middleware] | None = None,
) -> RedisBroker:
    """The broker a worker consumes from, with Deckhand's middleware in its order."""
    return build_broker(
        settings,
        extra_middleware=[
            # First: binds request and job ids before the other middleware log anything.
            RequestContext(job_actors=JOB_ACTORS, report=worker_reporter(engine)),
            JobTracking(
                redis_client=redis_client,
                fail_job=lambda job_id, error: fail_job(engine, job_id, error, events),
                max_deliveries=settings.max_deliveries,
                job_actors=JOB_ACTORS,
                namespace=settings.broker_namespace,
            ),
            # Worker presence for /readyz, doctor, the dashboard, metrics and the no_worker alert.
            WorkerHeartbeat(
                redis_client=redis_client,
                namespace=settings.broker_namespace,
                interval_s=settings.worker_heartbeat_interval_s,
            ),
            # The parser's forkserver started at boot, not by the first document of the process.
            ParserWarmup(),
            *(more_middleware or []),
        ],
    )


def pipeline_context(
    settings: Settings, engine: Engine, redis_client: redis.Redis, events: JobEvents
) -> PipelineContext:
    """What the actors' plain functions run with: settings, database, provider chain, events."""
    return PipelineContext(
        settings=settings,
        engine=engine,
        completer=build_completer(settings, redis_client),
        events=events,
        redis=redis_client,
    )
