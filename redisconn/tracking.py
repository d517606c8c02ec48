"""A per-process mirror of a few rarely-changing Redis keys, kept current by Redis itself.

The request gate reads the same keys on every request: the block keys of the caller, the
token cache's revocation generation, a polled job's versions and cached answer. They change
rarely, yet reading them is the one Redis round trip that made a job poll cost three times a
bare request. This mirror holds what the gate last read, and Redis tells it what changed:
server-assisted client-side caching (``CLIENT TRACKING ON BCAST PREFIX …`` over RESP3, one
connection per process). Every write, deletion or expiry of a key under a tracked prefix is
pushed to that connection by the server before it answers the writer, and the pushes waiting
on it are read (without blocking) before every lookup. So a revocation or a block takes
effect at the next request, as it does with the round trip.

redis-py's own client-side cache (``cache_config``) is not used: it caches single-key reads
made through a cache-enabled pool, while the gate's reads are one Lua script call; it has no
way to mirror a script's reads.

Safety rules:

* A value is stored only if no invalidation of its key arrived since the read began
  (:meth:`Mirror.begin` returns a sequence number; :meth:`Mirror.store` compares).
* Any error on the tracking connection drops every entry and the mirror stays off until it
  reconnects (at most once per :data:`RECONNECT_S`): nothing is served from a mirror that may
  have missed a push.
* Entries live at most ``max_age_s`` whatever happens, a bound on any surprise.
* A server without tracking (before Redis 6, some proxies) leaves the mirror off for good:
  every request takes the round trip, as before.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

import redis

from redisconn.clients import Profile, raw_connection

logger = logging.getLogger(__name__)

#: Seconds between attempts to (re)open the tracking connection after it failed.
RECONNECT_S = 5.0
#: Entries held per process; past it the mirror starts again empty (a bound, not an LRU).
MAX_ENTRIES = 20_000
#: Invalidations remembered for in-flight reads; past it, reads begun earlier store nothing.
MAX_INVALIDATED = 20_000
#: Stands for "the key does not exist" (a mirrored absence, e.g. no block on this IP).
ABSENT: Any = None


class Mirror:
    """Values of keys under ``prefixes``, valid while this process's tracking connection is."""

    def __init__(self, url: str, prefixes: Iterable[str], *, max_age_s: float) -> None:
        self.url = url
        self.prefixes = tuple(prefixes)
        self.max_age_s = max_age_s
        self._lock = threading.Lock()
        self._pid = 0
        #: redis-py's Connection (typed Any: its disconnect() carries no annotations)
        self._conn: Any = None
        self._retry_at = 0.0
        self._supported = True
        #: key -> (value, monotonic time stored)
        self._values: dict[str, tuple[Any, float]] = {}
        #: Counts invalidations (and resets); key -> the count when it was last invalidated.
        self._seq = 0
        self._floor = 0
        self._invalidated: dict[str, int] = {}

    # --- the tracking connection -------------------------------------------------------

    def _on_push(self, message: list[Any]) -> None:
        """A RESP3 ``invalidate`` push: its keys, or None when the server flushed everything."""
        self._seq += 1
        keys = message[1] if len(message) > 1 else None
        if keys is None:
            self._values.clear()
            self._floor = self._seq
            self._invalidated.clear()
            return
        if len(self._invalidated) > MAX_INVALIDATED:
            self._invalidated.clear()
            self._floor = self._seq
        for raw in keys:
            key = raw.decode() if isinstance(raw, bytes) else str(raw)
            self._values.pop(key, None)
            self._invalidated[key] = self._seq

    def _drop_all(self) -> None:
        self._seq += 1
        self._floor = self._seq
        self._values.clear()
        self._invalidated.clear()

    def _connection(self) -> Any:
        """This process's tracking connection, opened on first use (and after a fork)."""
        pid = os.getpid()
        if self._pid != pid:  # a forked child must not share its parent's socket
            self._pid, self._conn = pid, None
            self._drop_all()
        if self._conn is not None or not self._supported or time.monotonic() < self._retry_at:
            return self._conn
        conn: Any = None
        try:
            conn = raw_connection(self.url, Profile.GATE_MIRROR, protocol=3)
            conn.connect()
            args: list[str] = ["CLIENT", "TRACKING", "ON", "BCAST"]
            for prefix in self.prefixes:
                args += ["PREFIX", prefix]
            conn.send_command(*args)
            conn.read_response()
            conn._parser.set_invalidation_push_handler(self._on_push)
        except redis.ResponseError as exc:  # the server has no tracking: never ask again
            logger.warning("gate mirror off: the server refused CLIENT TRACKING (%s)", exc)
            self._supported = False
            if conn is not None:
                conn.disconnect()
            return None
        except (redis.RedisError, OSError) as exc:
            logger.warning(
                "gate mirror off: tracking connection failed (%s); retrying in %.0f s", exc, RECONNECT_S
            )
            self._retry_at = time.monotonic() + RECONNECT_S
            if conn is not None:
                conn.disconnect()
            return None
        self._drop_all()
        self._conn = conn
        return conn

    def _drain(self) -> bool:
        """Read every push waiting on the connection; False (and everything dropped) when the
        mirror cannot be trusted. Call with the lock held."""
        conn = self._connection()
        if conn is None:
            return False
        try:
            while conn.can_read(timeout=0):
                conn.read_response(push_request=True)
        except (redis.RedisError, OSError, ValueError) as exc:
            logger.warning("gate mirror off: tracking connection lost (%s)", exc)
            conn.disconnect()
            self._conn = None
            self._retry_at = time.monotonic() + RECONNECT_S
            self._drop_all()
            return False
        return True

    # --- reads and writes ----------------------------------------------------------------

    def begin(self) -> int | None:
        """Before a round trip whose reads may be stored: the sequence to pass to :meth:`store`
        (None: the mirror is off, store nothing)."""
        with self._lock:
            return self._seq if self._drain() else None

    def get(self, keys: Iterable[str]) -> dict[str, Any] | None:
        """The mirrored values of every one of ``keys``, or None if any is missing or stale."""
        now = time.monotonic()
        with self._lock:
            if not self._drain():
                return None
            found = {}
            for key in keys:
                entry = self._values.get(key)
                if entry is None or now - entry[1] > self.max_age_s:
                    return None
                found[key] = entry[0]
            return found

    def store(self, began: int | None, values: dict[str, Any]) -> None:
        """Remember ``values`` read after :meth:`begin` returned ``began``, except those whose
        key was invalidated since (their read may be older than the change)."""
        if began is None:
            return
        now = time.monotonic()
        with self._lock:
            if not self._drain() or began < self._floor:
                return
            if len(self._values) > MAX_ENTRIES:
                self._values.clear()
            for key, value in values.items():
                if self._invalidated.get(key, 0) <= began:
                    self._values[key] = (value, now)

    def clear(self) -> None:
        """Forget every entry (the process noticed Redis failing on another connection)."""
        with self._lock:
            self._drop_all()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.disconnect()
            self._conn = None
            self._drop_all()


#: Mirrors held open per process (one in a deployed process; tests make one per key prefix):
#: past it the least recently made is closed, its connection with it.
MAX_MIRRORS = 4
_shared: dict[tuple[str, tuple[str, ...], float], Mirror] = {}
_shared_lock = threading.Lock()


def shared_mirror(url: str, prefixes: tuple[str, ...], *, max_age_s: float) -> Mirror:
    """The process's one mirror of ``prefixes`` on ``url`` (apps of one process share it)."""
    key = (url, prefixes, max_age_s)
    found = _shared.get(key)
    if found is None:
        with _shared_lock:
            found = _shared.get(key)
            if found is None:
                while len(_shared) >= MAX_MIRRORS:
                    _shared.pop(next(iter(_shared))).close()
                found = _shared[key] = Mirror(url, prefixes, max_age_s=max_age_s)
    return found
