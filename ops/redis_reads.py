"""The dashboard's reads from Redis, which may be stalled or dead: panels, not an error page.

Each Redis-derived section of a page (queues, workers, alerts, history, Redis memory, the
audit trail) is read through :class:`RedisReads`: a section whose read fails is marked
unavailable and the page shows a "Redis unreachable" panel in its place, next to what the
database knows. After the first failure the page's other Redis sections are not tried (a
stalled server would cost each one its timeout). Reads use a client with a 1 s timeout,
on the broker's own connection settings; actions keep the broker's client.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import redis
from dramatiq.errors import BrokerConnectionError

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds one dashboard read may wait for Redis (connect, then each reply).
READ_TIMEOUT_S = 1.0
#: What a stalled, dead or restarting Redis raises.
REDIS_DOWN: tuple[type[BaseException], ...] = (redis.RedisError, OSError, BrokerConnectionError)

_clients: dict[int, redis.Redis] = {}
_lock = threading.Lock()


def read_client(broker_client: redis.Redis) -> redis.Redis:
    """A client on the same server as ``broker_client`` with short timeouts (one per process)."""
    pool = broker_client.connection_pool
    with _lock:
        found = _clients.get(id(pool))
        if found is None:
            kwargs = dict(pool.connection_kwargs)
            kwargs.update(socket_timeout=READ_TIMEOUT_S, socket_connect_timeout=READ_TIMEOUT_S)
            found = redis.Redis(
                connection_pool=redis.ConnectionPool(connection_class=pool.connection_class, **kwargs)
            )
            _clients[id(pool)] = found
    return found


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
