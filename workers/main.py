"""Worker entry point: ``dramatiq workers.main --processes N --threads M``.

Builds the broker from settings and sets it *before* importing the actor
modules (actors bind to the global broker when they are declared).
"""

from __future__ import annotations

import logging

import dramatiq
import redis

from config import get_settings
from models.db import make_engine
from tasks import names
from tasks.context import set_context
from tasks.pipeline import PipelineContext, build_completer, fail_job
from workers.broker import build_broker, resolve_redis_url
from workers.logs import configure_logging
from workers.middleware import JobTracking

settings = get_settings()
configure_logging(settings)
engine = make_engine(settings)
redis_client = redis.Redis.from_url(resolve_redis_url(settings), socket_connect_timeout=2, socket_timeout=10)

broker = build_broker(
    settings,
    extra_middleware=[
        JobTracking(
            redis_client=redis_client,
            fail_job=lambda job_id, error: fail_job(engine, job_id, error),
            max_deliveries=settings.max_deliveries,
            job_actors=frozenset(
                {names.INGEST.actor_name, names.GENERATE.actor_name, names.FINALIZE.actor_name}
            ),
            namespace=settings.broker_namespace,
        )
    ],
)
dramatiq.set_broker(broker)
set_context(
    PipelineContext(settings=settings, engine=engine, completer=build_completer(settings, redis_client))
)

import tasks.actors  # noqa: E402,F401 - declares the actors on the broker set above

logging.getLogger(__name__).info("worker ready queues=%s", ",".join(names.ALL_QUEUES))
