"""Slot leases: one taker per time slot, across every process.

Time is cut into slots of an interval (``slot = floor(unix_time / interval)``, the same on
every machine). Whoever first sets the slot's key (``SET key owner NX PX 2×interval``) does
that slot's work; the others skip it. A lease only saves duplicate work: what must never
happen twice (a notice sent) has its own claim. The scheduler's periodic tasks and the
alert evaluation take their slots here.
"""

from __future__ import annotations

import math

import redis


def slot_of(now_s: float, interval_s: int) -> int:
    """The slot ``now_s`` (unix seconds) falls in, for slots of ``interval_s`` seconds."""
    return math.floor(now_s / interval_s)


def take_slot(client: redis.Redis, key: str, owner: str, interval_s: int) -> bool:
    """Take the lease ``key`` for one slot; False when another owner has it.

    It lasts two intervals, so a slow taker still holds it while its slot is current.
    """
    return bool(client.set(key, owner, nx=True, px=2 * max(1, int(interval_s)) * 1000))


def give_back(client: redis.Redis, key: str) -> None:
    """Release a lease whose work could not be done, so another taker (or the next tick) can."""
    client.delete(key)
