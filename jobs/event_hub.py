"""One Redis subscription per process that wakes the progress streams of a job.

An open progress stream must cost neither a thread nor a Redis connection while it
waits: a thousand streams each blocked in ``XREAD`` would hold a thousand connections.
Instead the publisher (:meth:`jobs.events.JobEvents.publish`) follows every ``XADD``
with a ``PUBLISH <ns>:job-events <job id>`` in the same round trip, and each API process
keeps one subscriber that wakes the streams watching that job; a woken stream reads the
new entries from the job's Redis Stream without blocking, on a connection borrowed for
that read only.

Pub/sub is only the doorbell: the Redis Stream stays the record that is replayed with
``Last-Event-ID``, so a wake-up lost while the subscriber reconnects costs latency,
never an event. Streams also read on their heartbeat, and every second while the
subscriber is down.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis

import redisconn
from redisconn.keys import job_events_channel

logger = logging.getLogger(__name__)

#: How often a stream checks its job's Redis Stream while the subscriber is not connected.
DEGRADED_POLL_S = 1.0
#: The subscriber pings Redis after this long without a message (a dead connection is noticed).
IDLE_PING_S = redisconn.clients.SUBSCRIBER_IDLE_PING_S
_RECONNECT_BACKOFF_S = (0.1, 0.5, 1.0, 2.0, 5.0)


class Doorbell:
    """What one stream waits on: set when its job has news (or the subscriber cannot tell)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def ring(self) -> None:
        self._event.set()

    def wait(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for a ring; True when rung. Clears it for the next wait."""
        rung = self._event.wait(timeout_s)
        self._event.clear()
        return rung


class EventHub:
    """The process's subscriber: job id → the doorbells of the streams watching it."""

    def __init__(self, url: str, namespace: str) -> None:
        self.channel = job_events_channel(namespace)
        # Its own client: the subscriber holds a connection for good, with a long read timeout.
        self._client = redisconn.connect(url, redisconn.Profile.SUBSCRIBER)
        self._watchers: dict[str, set[Doorbell]] = {}
        self._lock = threading.Lock()
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def connected(self) -> bool:
        """Whether wake-ups are arriving; streams poll every second while not."""
        return self._connected.is_set()

    def poll_interval_s(self, heartbeat_s: float) -> float:
        """How long a stream may wait before it reads its job's events anyway."""
        return heartbeat_s if self.connected else min(heartbeat_s, DEGRADED_POLL_S)

    @contextmanager
    def watch(self, job_id: str) -> Iterator[Doorbell]:
        """A doorbell rung on every event of ``job_id`` while the block runs."""
        bell = Doorbell()
        with self._lock:
            self._start()
            self._watchers.setdefault(job_id, set()).add(bell)
        try:
            yield bell
        finally:
            with self._lock:
                bells = self._watchers.get(job_id)
                if bells is not None:
                    bells.discard(bell)
                    if not bells:
                        del self._watchers[job_id]

    def watching(self) -> int:
        """Streams watching now (for tests and metrics)."""
        with self._lock:
            return sum(len(bells) for bells in self._watchers.values())

    def wait_connected(self, timeout_s: float) -> bool:
        return self._connected.wait(timeout_s)

    def _start(self) -> None:
        # Started on first use, in the serving process (after gunicorn forks), never before.
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="event-hub", daemon=True)
            self._thread.start()

    def _ring(self, job_id: str | None) -> None:
        with self._lock:
            if job_id is None:
                bells = [bell for group in self._watchers.values() for bell in group]
            else:
                bells = list(self._watchers.get(job_id, ()))
        for bell in bells:
            bell.ring()

    def _run(self) -> None:
        failures = 0
        while True:
            try:
                self._listen()
            except (redis.RedisError, OSError) as exc:
                delay = _RECONNECT_BACKOFF_S[min(failures, len(_RECONNECT_BACKOFF_S) - 1)]
                if failures == 0:
                    logger.warning("progress subscriber lost Redis error=%r; streams poll meanwhile", exc)
                failures += 1
                self._connected.clear()
                self._ring(None)  # whatever was announced meanwhile: every stream reads once
                time.sleep(delay)
            else:  # pragma: no cover - _listen only returns by raising
                return

    def _listen(self) -> None:
        pubsub = self._client.pubsub()  # type: ignore[no-untyped-call]  # untyped in redis-py
        try:
            pubsub.subscribe(self.channel)
            quiet_since = time.monotonic()
            while True:
                message = pubsub.get_message(timeout=1.0)
                if message is None:
                    if time.monotonic() - quiet_since > IDLE_PING_S:
                        pubsub.ping()
                        quiet_since = time.monotonic()
                    continue
                quiet_since = time.monotonic()
                kind = message.get("type")
                if kind == "message":
                    data = message.get("data")
                    self._ring(data.decode() if isinstance(data, bytes) else str(data))
                elif kind == "subscribe":
                    # Redis confirmed: from now on nothing is missed. What was announced
                    # before: every stream reads once (rung before "connected" is said).
                    self._ring(None)
                    self._connected.set()
        finally:
            self._connected.clear()
            with contextlib.suppress(redis.RedisError, OSError):  # already broken
                pubsub.close()


_hubs: dict[tuple[str, str], EventHub] = {}
_hubs_lock = threading.Lock()


def event_hub(url: str, namespace: str) -> EventHub:
    """This process's hub for a Redis URL and namespace."""
    key = (url, namespace)
    with _hubs_lock:
        hub = _hubs.get(key)
        if hub is None:
            hub = _hubs[key] = EventHub(url, namespace)
        return hub
