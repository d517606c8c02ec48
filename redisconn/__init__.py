"""The one home for Redis: where it is, the clients, and the key layout.

* :mod:`redisconn.url` — ``REDIS_URL`` or the embedded server; only entry points start one.
* :mod:`redisconn.clients` — one cached client per :class:`~redisconn.clients.Profile` per process.
* :mod:`redisconn.keys` — every key and channel name Deckhand reads or writes.
* :mod:`redisconn.replies` — replies as text, whether the client decodes them or not.
* :mod:`redisconn.embedded` — the embedded ``redis-server`` used when no ``REDIS_URL`` is set.

Nothing outside this package creates a Redis client (tests/structure/test_redis_owner.py).
"""

from redisconn.clients import Profile, client, connect, sibling
from redisconn.url import resolve_url, running_url

__all__ = ["Profile", "client", "connect", "resolve_url", "running_url", "sibling"]
