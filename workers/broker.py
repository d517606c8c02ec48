"""The Dramatiq broker, built in one place from settings.

Dramatiq's defaults are wrong for Deckhand (queue.md): a dead worker's messages
come back only after 10+ minutes, and actors retry 20 times over weeks. Here the
heartbeat timeout and maintenance chance come from settings, and every actor
states its own retry policy.
"""

from __future__ import annotations

from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import CurrentMessage, Middleware, Retries

from config import Settings
from tasks.names import ALL_QUEUES, ActorRef
from workers.embedded_redis import ensure_embedded_redis
from workers.logs import current_request_id


def resolve_redis_url(settings: Settings) -> str:
    """``REDIS_URL``, or the embedded server under DATA_DIR (started if needed)."""
    return settings.redis_url or ensure_embedded_redis(settings.data_dir)


def build_broker(settings: Settings, extra_middleware: list[Middleware] | None = None) -> RedisBroker:
    broker = RedisBroker(  # type: ignore[no-untyped-call]
        url=resolve_redis_url(settings),
        namespace=settings.broker_namespace,
        heartbeat_timeout=settings.broker_heartbeat_timeout_ms,
        maintenance_chance=settings.broker_maintenance_chance,
        socket_connect_timeout=2,
        socket_timeout=10,
        health_check_interval=30,
    )
    broker.add_middleware(CurrentMessage())
    for middleware in extra_middleware or []:
        # after_* hooks run in reverse order: sitting before Retries, these see
        # a message after Retries has decided whether it failed for good.
        broker.add_middleware(middleware, before=Retries)
    for queue in ALL_QUEUES:
        broker.declare_queue(queue)
    return broker


def enqueue(broker: dramatiq.Broker, ref: ActorRef, *args: Any, delay_ms: int | None = None) -> str:
    """Send a message to ``ref`` by name; returns the message id.

    The current request id (an API request's, or the one the running message
    carried) travels in the message options, so the job's log lines carry it.
    """
    request_id = current_request_id()
    options: dict[str, Any] = {"request_id": request_id} if request_id else {}
    message: dramatiq.Message[Any] = dramatiq.Message(
        queue_name=ref.queue_name, actor_name=ref.actor_name, args=args, kwargs={}, options=options
    )
    return broker.enqueue(message, delay=delay_ms).message_id
