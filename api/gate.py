"""Request limits counted in sliding windows, one Redis round trip (a Lua script) per request.

The gate of every request (:func:`api.limits.guard`) asks Redis, in ONE script call
(:data:`GATE_SCRIPT`): the block keys of the caller's IP and account, the revocation
generation of cached tokens, the caller's limit counters, and any read a route declared it
wants (:func:`api.limits.register_prefetch`). Flask-Limiter would spend several round trips on
the same request (a moving window is a list per limit, read again for the headers).

A limit (``"120/minute;1000/hour"``) is counted per window as a sliding-window counter: the
current fixed window's count plus the previous window's, weighted by how much of it still
overlaps the sliding window (the approximation Cloudflare and others use). Two small keys per
limit, an ``INCR`` and a ``GET``, no list to trim. Refused requests are counted too: a client
that keeps sending while refused stays refused, as it would with a moving window.

When Redis cannot be reached, the same counting runs in this process's memory (never
fail-open, never a 500) until Redis answers again.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from limits import parse_many


@dataclass(frozen=True)
class WindowLimit:
    """One limit: ``amount`` requests per ``window_s`` seconds; ``text`` as shown to clients."""

    amount: int
    window_s: int
    text: str


@lru_cache(maxsize=256)
def parse_limits(value: str) -> tuple[WindowLimit, ...]:
    """``"5/minute;20/hour"`` -> its limits (validated at startup: config/security.py)."""
    return tuple(
        WindowLimit(int(item.amount), int(item.get_expiry()), str(item)) for item in parse_many(value)
    )


@dataclass(frozen=True)
class Verdict:
    """The state of one limit for this request, after counting it."""

    limit: WindowLimit
    count: float
    #: Epoch seconds when the current fixed window ends.
    reset_at: float
    #: Seconds until a request would pass again (0 when this one passed).
    retry_after_s: int

    @property
    def remaining(self) -> int:
        return max(self.limit.amount - math.ceil(self.count), 0)

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit.amount


@dataclass(frozen=True)
class Counted:
    """The Redis keys and arithmetic of one limit at one moment."""

    limit: WindowLimit
    current_key: str
    previous_key: str
    elapsed_s: float
    window_end: float

    def verdict(self, current: int, previous: int) -> Verdict:
        w = self.limit.window_s
        weight = max(0.0, 1.0 - self.elapsed_s / w)
        count = current + previous * weight
        retry = 0
        if count > self.limit.amount:
            # Next window, at fraction x: current * (1 - x) + 1 <= amount.
            x = max(0.0, 1.0 - (self.limit.amount - 1) / max(current, 1))
            retry = max(1, math.ceil(self.window_end - time.time() + x * w))
        return Verdict(self.limit, count, self.window_end, retry)


def plan(prefix: str, scope: str, subject: str, limits: tuple[WindowLimit, ...], now: float) -> list[Counted]:
    """The counters of ``limits`` for ``subject`` (``user:7``, ``ip:203.0.113.9``) at ``now``."""
    out = []
    for limit in limits:
        w = limit.window_s
        bucket = int(now // w)
        base = f"{prefix}:{scope}:{subject}:{w}"
        out.append(
            Counted(limit, f"{base}:{bucket}", f"{base}:{bucket - 1}", now - bucket * w, (bucket + 1) * w)
        )
    return out


@dataclass
class MemoryWindows:
    """The per-process stand-in while Redis is down: the same counters in a dict."""

    _values: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, counters: list[Counted]) -> list[Verdict]:
        now = time.time()
        verdicts = []
        with self._lock:
            if len(self._values) > 100_000:  # expired entries are dropped now and then
                self._values = {k: v for k, v in self._values.items() if v[1] > now}
            for counted in counters:
                current, expires = self._values.get(counted.current_key, (0, 0.0))
                current = (current if expires > now else 0) + 1
                self._values[counted.current_key] = (current, now + 2 * counted.limit.window_s)
                previous, p_expires = self._values.get(counted.previous_key, (0, 0.0))
                verdicts.append(counted.verdict(current, previous if p_expires > now else 0))
        return verdicts


#: The gate's one command: two block TTLs, a GET (the revocation generation), each limit's
#: INCRBY + EXPIRE of its current window and GET of the previous one, then the extra GETs.
#: One EVALSHA instead of a pipeline of a dozen commands: the same round trip, a fraction of
#: the client's packing and parsing per request (redis-py spends ~10 us per pipelined command).
#: A limit's increment is this request plus the ones its process counted since its last round
#: trip (api/local_counts.py); requests still waiting from the previous window are added there.
#: KEYS: block ip, block account, generation, (current, previous) per limit, extra keys.
#: ARGV: the number of limits, then per limit its expiry in seconds, the increment of its
#: current window and that of its previous window.
#: Reply: ttl ip, ttl account, generation, (current count, previous count) per limit, extras.
GATE_SCRIPT = """
local out = {redis.call('TTL', KEYS[1]), redis.call('TTL', KEYS[2]), redis.call('GET', KEYS[3])}
local limits = tonumber(ARGV[1])
for i = 1, limits do
  local current, previous, expiry = KEYS[2 + 2 * i], KEYS[3 + 2 * i], ARGV[3 * i - 1]
  out[#out + 1] = redis.call('INCRBY', current, ARGV[3 * i])
  redis.call('EXPIRE', current, expiry)
  if tonumber(ARGV[3 * i + 1]) > 0 then
    out[#out + 1] = redis.call('INCRBY', previous, ARGV[3 * i + 1])
    redis.call('EXPIRE', previous, expiry)
  else
    out[#out + 1] = redis.call('GET', previous)
  end
end
for i = 4 + 2 * limits, #KEYS do
  out[#out + 1] = redis.call('GET', KEYS[i])
end
return out
"""


def script_arguments(
    block_keys: tuple[str, str],
    generation_key: str,
    counters: list[Counted],
    extra_keys: list[str],
    increments: list[tuple[int, int]] | None = None,
) -> tuple[list[str], list[int]]:
    """(KEYS, ARGV) of :data:`GATE_SCRIPT` for one request; ``increments`` per counter
    (current window, previous window), one request each by default."""
    keys = [*block_keys, generation_key]
    argv = [len(counters)]
    for i, counted in enumerate(counters):
        keys += (counted.current_key, counted.previous_key)
        added, late = increments[i] if increments is not None else (1, 0)
        argv += (2 * counted.limit.window_s, added, late)
    keys += extra_keys
    return keys, argv


def counts(counters: list[Counted], results: list[Any]) -> list[tuple[int, int]]:
    """The script's (current, previous) count per counter, in ``counters``' order."""
    return [(int(results[2 * i]), int(results[2 * i + 1] or 0)) for i in range(len(counters))]


def tightest(verdicts: list[Verdict]) -> Verdict | None:
    """The verdict to report: an exceeded one (longest wait), else the one with least room."""
    if not verdicts:
        return None
    exceeded = [v for v in verdicts if v.exceeded]
    if exceeded:
        return max(exceeded, key=lambda v: v.retry_after_s)
    return min(verdicts, key=lambda v: (v.remaining, v.reset_at))
