"""Redis access with a fallback: when Redis is unreachable the caller's in-process path runs.

One :class:`RedisGuard` per chain. After a failure Redis is left alone for
``retry_s`` and then tried again, so a Redis that comes back is used again
without a restart. The first failure of an outage is logged as a warning (once),
the recovery as info.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis

logger = logging.getLogger(__name__)

T = TypeVar("T")


class RedisGuard:
    def __init__(self, client: redis.Redis | None, *, retry_s: float = 5.0) -> None:
        self.client = client
        self.retry_s = retry_s
        self._down_until = 0.0
        self._warned = False
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.client is not None and time.monotonic() >= self._down_until

    def run(self, what: str, fn: Callable[[redis.Redis], T], fallback: Callable[[], T]) -> T:
        """``fn(client)``, or ``fallback()`` if Redis is (recently) unreachable."""
        client = self.client
        if client is None or time.monotonic() < self._down_until:
            return fallback()
        try:
            result = fn(client)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            with self._lock:
                self._down_until = time.monotonic() + self.retry_s
                if not self._warned:
                    self._warned = True
                    logger.warning(
                        "event=redis_unreachable what=%s error=%s action=in_process_state retry_s=%s",
                        what,
                        type(exc).__name__,
                        self.retry_s,
                    )
            return fallback()
        if self._warned:
            with self._lock:
                if self._warned:
                    self._warned = False
                    logger.info("event=redis_back what=%s action=shared_state", what)
        return result
