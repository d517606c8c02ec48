"""The dashboard's reads from Redis, which may be stalled or dead: panels, not an error page.

Each Redis-derived section of a page (queues, workers, alerts, history, Redis memory, the
audit trail) is read through :class:`RedisReads`: a section whose read fails is marked
unavailable and the page shows a "Redis unreachable" panel in its place, next to what the
database knows. After the first failure the page's other Redis sections are not tried (a
stalled server would cost each one its timeout). Reads use a client with a 1 s timeout
(``redisconn.Profile.DASHBOARD``),
on the broker's own connection settings; actions keep the broker's client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import redis
from dramatiq.errors import BrokerConnectionError

import redisconn

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: What a stalled, dead or restarting Redis raises.
REDIS_DOWN: tuple[type[BaseException], ...] = (redis.RedisError, OSError, BrokerConnectionError)


def read_client(broker_client: redis.Redis) -> redis.Redis:
    """A client on the same server as ``broker_client`` with short timeouts (one per process)."""
    return redisconn.sibling(broker_client, redisconn.Profile.DASHBOARD)


@dataclass
class RedisReads:
    """The Redis sections of one page: read each once, remember which could not be."""

    client: redis.Redis
    unavailable: list[str] = field(default_factory=list)
    #: The first failure's exception type (never its message: it can name the server).
    error: str | None = None

    @property
    def down(self) -> bool:
        return self.error is not None

    def read(self, section: str, fetch: Callable[[redis.Redis], T], default: T) -> T:
        """``fetch(client)``, or ``default`` with ``section`` marked unavailable when Redis fails."""
        if self.down:
            self._mark(section)
            return default
        try:
            return fetch(self.client)
        except REDIS_DOWN as exc:
            self.error = type(exc).__name__
            self._mark(section)
            logger.warning("ops: Redis unreachable, section %s not shown (%s)", section, self.error)
            return default

    def _mark(self, section: str) -> None:
        if section not in self.unavailable:
            self.unavailable.append(section)

    def status(self) -> dict[str, object]:
        """For JSON: whether Redis answered, and which sections are missing."""
        return {
            "status": "unreachable" if self.down else "ok",
            "error": self.error,
            "unavailable": list(self.unavailable),
        }
