"""The Dramatiq broker, built in one place from settings.

Dramatiq's defaults are wrong for Deckhand (queue.md): a dead worker's messages
come back only after 10+ minutes, and actors retry 20 times over weeks. Here the
heartbeat timeout and maintenance chance come from settings, and every actor
states its own retry policy.
"""

from __future__ import annotations

import threading
from typing import Any

import dramatiq
import redis
from dramatiq.broker import Consumer, MessageProxy
from dramatiq.brokers.redis import RedisBroker, _RedisConsumer
from dramatiq.common import compute_backoff, dq_name
from dramatiq.errors import ConnectionClosed
from dramatiq.message import Message
from dramatiq.middleware import CurrentMessage, Middleware, Retries

from config import Settings
from logs import current_request_id
from redisconn import Profile, connect, resolve_url
from taskqueue.names import ALL_QUEUES, ActorRef


class _WakeableConsumer(_RedisConsumer):
    """Dramatiq's Redis consumer, whose idle pause ends early when ``wake`` is set.

    Dramatiq's consumer polls: after an empty fetch it sleeps 5 ms, doubling up to the
    worker timeout (1 s by default), so each hop of a job (ingest -> chunks -> finalize)
    waited up to a second in a queue it had itself just filled, and a consumer holding its
    full prefetch slept as long before taking more once a thread was free. Here the pause
    is an ``Event.wait``: a message this process sends to the queue, or an ack that frees
    room under the prefetch, ends it at once. ``__next__`` is Dramatiq 2.2's with
    ``time.sleep`` replaced (dramatiq is pinned in requirements.txt).
    """

    def __init__(
        self, broker: RedisBroker, queue_name: str, prefetch: int, timeout: int, wake: threading.Event
    ):
        super().__init__(broker, queue_name, prefetch, timeout)  # type: ignore[no-untyped-call]
        self.wake = wake

    def ack(self, message: MessageProxy) -> None:
        try:
            super().ack(message)  # type: ignore[no-untyped-call]
        finally:
            self.wake.set()  # room under the prefetch: fetch now, not after the idle pause

    def nack(self, message: MessageProxy) -> None:
        try:
            super().nack(message)  # type: ignore[no-untyped-call]
        finally:
            self.wake.set()

    def __next__(self) -> MessageProxy | None:
        try:
            while True:
                if self.message_cache:
                    data = self.message_cache.pop(0)
                    if data is None:
                        continue
                    self.misses = 0
                    message = Message.decode(data)
                    self.queued_message_ids.add(message.message_id)
                    return MessageProxy(message)
                # Cleared before the fetch: a message sent after it sets the event again.
                self.wake.clear()
                if self.outstanding_message_count < self.prefetch:
                    self.message_cache = self.broker.do_fetch(
                        self.queue_name, self.prefetch - self.outstanding_message_count
                    )
                    if self.message_cache:
                        continue
                self.misses, backoff_ms = compute_backoff(self.misses, max_backoff=self.timeout)
                if self.wake.wait(backoff_ms / 1000):
                    self.misses = 0
                return None
        except redis.ConnectionError as exc:
            raise ConnectionClosed(exc) from None  # type: ignore[no-untyped-call]


class WakeableRedisBroker(RedisBroker):
    """A RedisBroker whose idle consumers pause at most ``idle_poll_ms`` and wake at once for
    messages sent by this process (see :class:`_WakeableConsumer`)."""

    def __init__(self, *, idle_poll_ms: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self.idle_poll_ms = idle_poll_ms
        self._wakes: dict[str, threading.Event] = {}
        self._wakes_lock = threading.Lock()

    def wake_event(self, queue_name: str) -> threading.Event:
        with self._wakes_lock:
            return self._wakes.setdefault(queue_name, threading.Event())

    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 5000) -> Consumer:
        timeout = min(timeout, self.idle_poll_ms)
        return _WakeableConsumer(self, queue_name, prefetch, timeout, self.wake_event(queue_name))

    def enqueue(self, message: Message[Any], *, delay: int | None = None) -> Message[Any]:
        sent: Message[Any] = super().enqueue(message, delay=delay)
        # A delayed message goes to the delay queue, whose consumer holds it until its eta.
        self.wake_event(dq_name(message.queue_name) if delay is not None else message.queue_name).set()
        return sent


def build_broker(settings: Settings, extra_middleware: list[Middleware] | None = None) -> RedisBroker:
    broker = WakeableRedisBroker(
        idle_poll_ms=settings.broker_idle_poll_ms,
        # The broker owns its client (Profile.WORKER timeouts), not the process's cached one.
        client=connect(resolve_url(settings), Profile.WORKER),
        namespace=settings.broker_namespace,
        heartbeat_timeout=settings.broker_heartbeat_timeout_ms,
        maintenance_chance=settings.broker_maintenance_chance,
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
