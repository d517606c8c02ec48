"""Every Redis client of the project is made here: one cached client per profile per process.

A profile is named by what it serves and fixes the timeouts that suit it. Callers ask for
``client(url, Profile.X)``; the same URL and profile give back the same client (and so the
same connection pool) for the life of the process. ``connect`` makes a one-off client for a
probe the caller closes itself (is the embedded server up, shut it down).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum, unique
from typing import Any

import redis


@dataclass(frozen=True)
class Timeouts:
    """How long a client waits, in seconds; ``pool_wait_s`` makes a full pool wait, not refuse.

    ``label`` names the profile in logs (and keeps two profiles with equal timeouts distinct).
    """

    label: str
    connect_s: float
    reply_s: float
    max_connections: int | None = None
    pool_wait_s: float | None = None
    health_check_interval_s: int = 0


#: Seconds the event hub's subscriber waits for a message before it pings (tasks/event_hub.py).
SUBSCRIBER_IDLE_PING_S = 30.0
#: Redis connections one process's progress streams share for their (non-blocking) reads, and
#: how long a read waits for one: under gevent a busy process resumes a reader late, and a
#: connection stays checked out until it is, so a burst of stream starts needs some room.
STREAM_CONNECTIONS = 64
STREAM_POOL_WAIT_S = 10.0


@unique
class Profile(Enum):
    """What a client serves; its value is the timeouts that suit it."""

    #: Per-request checks that fail open (token cache generation, job-read versions,
    #: security counters): a slow Redis must not add more than a second to a request.
    GATE = Timeouts("gate", connect_s=1, reply_s=1)
    #: The web process's tracking connection (redisconn/tracking.py): it only ever reads what
    #: is already waiting on it, so its reply timeout bounds the setup alone.
    GATE_MIRROR = Timeouts("gate-mirror", connect_s=1, reply_s=1)
    #: Request path reads and writes that matter (readiness, job events published by the
    #: API and the pipeline): short, shared by every thread of the process.
    REQUEST = Timeouts("request", connect_s=2, reply_s=2, max_connections=100, health_check_interval_s=30)
    #: The short reads of every SSE stream of a process: few connections, a stream past
    #: them waits its turn briefly instead of opening another.
    STREAM_READS = Timeouts(
        "stream_reads",
        connect_s=2,
        reply_s=5,
        max_connections=STREAM_CONNECTIONS,
        pool_wait_s=STREAM_POOL_WAIT_S,
        health_check_interval_s=30,
    )
    #: The event hub's pub/sub subscriber: a blocking read that pings after an idle spell.
    SUBSCRIBER = Timeouts("subscriber", connect_s=2, reply_s=SUBSCRIBER_IDLE_PING_S + 10)
    #: The broker and the worker process's middleware (heartbeats, delivery counters).
    WORKER = Timeouts("worker", connect_s=2, reply_s=10, health_check_interval_s=30)
    #: Admin reads and actions: the CLI, doctor, the provider health page.
    ADMIN = Timeouts("admin", connect_s=2, reply_s=10)
    #: The ops dashboard's reads, shown as "unreachable" panels when Redis stalls.
    DASHBOARD = Timeouts("dashboard", connect_s=1, reply_s=1)
    #: Is a local server up (the embedded server and its supervisor).
    PROBE = Timeouts("probe", connect_s=0.5, reply_s=0.5)
    #: Stop a local server (SHUTDOWN flushes the append-only file first, which takes a moment).
    SHUTDOWN = Timeouts("shutdown", connect_s=0.5, reply_s=5)


_clients: dict[tuple[str, Profile, bool], redis.Redis] = {}
_lock = threading.Lock()


def _options(profile: Profile, decode: bool) -> dict[str, Any]:
    t = profile.value
    options: dict[str, Any] = {
        "socket_connect_timeout": t.connect_s,
        "socket_timeout": t.reply_s,
        "decode_responses": decode,
        # CLIENT SETNAME on connect: `CLIENT LIST` then says which profile holds each connection.
        "client_name": f"deckhand-{t.label}",
    }
    if t.health_check_interval_s:
        options["health_check_interval"] = t.health_check_interval_s
    if t.max_connections is not None:
        options["max_connections"] = t.max_connections
    return options


def connect(url: str, profile: Profile, *, decode: bool = False) -> redis.Redis:
    """A new client the caller owns (and closes): for probes and one-off commands."""
    options = _options(profile, decode)
    wait_s = profile.value.pool_wait_s
    if wait_s is None:
        return redis.Redis.from_url(url, **options)
    # redis-py 8 refuses past max_connections (MaxConnectionsError); this pool waits instead.
    return redis.Redis(connection_pool=redis.BlockingConnectionPool.from_url(url, timeout=wait_s, **options))


def raw_connection(url: str, profile: Profile, *, protocol: int = 2) -> Any:
    """One connection (not a client, no pool) the caller owns: for a connection that reads
    what the server pushes (RESP3, ``protocol=3``). Not connected yet; redis-py's
    ``Connection`` (typed Any: its ``disconnect()`` carries no annotations)."""
    return redis.ConnectionPool.from_url(url, protocol=protocol, **_options(profile, False)).make_connection()


def client(url: str, profile: Profile, *, decode: bool = False) -> redis.Redis:
    """The process's client for ``url`` and ``profile`` (created on first use, then shared)."""
    key = (url, profile, decode)
    with _lock:
        found = _clients.get(key)
        if found is None:
            found = _clients[key] = connect(url, profile, decode=decode)
        return found


def sibling(of: redis.Redis, profile: Profile) -> redis.Redis:
    """A client on the same server as ``of`` (whatever its URL) with ``profile``'s timeouts,
    one per pool per process: the dashboard reads on the broker's own connection settings."""
    pool = of.connection_pool
    key = (f"pool:{id(pool)}", profile, False)
    with _lock:
        found = _clients.get(key)
        if found is None:
            kwargs = dict(pool.connection_kwargs)
            kwargs.update(
                socket_timeout=profile.value.reply_s, socket_connect_timeout=profile.value.connect_s
            )
            found = redis.Redis(
                connection_pool=redis.ConnectionPool(connection_class=pool.connection_class, **kwargs)
            )
            _clients[key] = found
        return found


def close_all() -> None:
    """Drop every cached client (tests that restart Redis, processes that fork)."""
    with _lock:
        for found in _clients.values():
            found.close()
        _clients.clear()
