"""The request gate answered in the process: no Redis round trip for most requests.

Every request asks the gate (:func:`api.limits.guard`) whether its IP or account is blocked,
whether its cached token is still current, whether it is within its rate limits, and (for a
job poll) what the job's cached answer is. Asking Redis costs a round trip, about as much CPU
as the rest of a job poll. So each web process keeps:

* a mirror of those reads (:mod:`redisconn.tracking`), which Redis keeps current with an
  invalidation message on every change, read before each request: a block, a revocation or a
  job's new state takes effect at the next request, as with the round trip;
* the requests it counted since its last round trip (:mod:`api.local_counts`), sent with the
  next one.

A request is answered here only when all of it can be: the mirror holds every read, none is a
running block, the token's generation is current, and every limit is far from its edge.
Otherwise it takes the round trip, which also refreshes the mirror and sends the counts.
"""

from __future__ import annotations

from typing import Any

from api.auth import CachedAuth, generation_key
from api.local_counts import LocalCounts
from config import Settings
from redisconn.keys import gate_mirror_prefixes
from redisconn.tracking import ABSENT, Mirror, shared_mirror

#: What TTL answers for a key that does not exist.
NO_KEY = -2
_local: dict[int, LocalCounts] = {}


def local_counts(settings: Settings) -> LocalCounts:
    """This process's local counts for the configured batch."""
    found = _local.get(settings.gate_local_batch)
    if found is None:
        found = _local.setdefault(settings.gate_local_batch, LocalCounts(settings.gate_local_batch))
    return found


def mirror_for(settings: Settings, redis_url: str) -> Mirror | None:
    """This process's mirror of the gate's reads (None: switched off by the settings)."""
    if settings.gate_local_batch <= 1 or settings.gate_mirror_s <= 0:
        return None
    return shared_mirror(
        redis_url, gate_mirror_prefixes(settings.security_key_prefix), max_age_s=settings.gate_mirror_s
    )


def mirrored(
    settings: Settings,
    mirror: Mirror,
    cached: tuple[str, CachedAuth] | None,
    blocks: tuple[str, str],
    email: str | None,
    extra_keys: list[str],
) -> dict[str, Any] | None:
    """The route's prefetched reads from the mirror, when it can answer the rest of the gate too
    (no block running, the cached token's generation current); None: take the round trip."""
    wanted = [blocks[0], *blocks[1 : 2 if email else 1], *extra_keys]
    if cached is not None:
        wanted.append(generation_key(settings))
    values = mirror.get(wanted)
    if values is None or any(values.get(key, ABSENT) is not ABSENT for key in blocks):
        return None  # not all mirrored, or a block is running (the round trip refuses it)
    if cached is not None and cached[1].generation != (values[generation_key(settings)] or "0"):
        return None  # something was revoked since the token was cached
    return {key: values[key] for key in extra_keys}


def remember(
    settings: Settings,
    mirror: Mirror,
    began: int | None,
    blocks: tuple[str, str],
    results: list[Any],
    prefetched: dict[str, Any],
) -> None:
    """Mirror what the gate's round trip read (begun at ``began``)."""
    seen = {generation_key(settings): results[2], **prefetched}
    for key, left in zip(blocks, results[:2], strict=True):
        if int(left) == NO_KEY:  # only an absence is mirrored: a running block takes the trip
            seen[key] = ABSENT
    mirror.store(began, seen)
