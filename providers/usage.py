"""Usage counters in Redis, per provider, key fingerprint and UTC day.

Every attempt ``HINCRBY``s two hashes in one transaction:

* ``llm:use:{provider}:{fp}:{yyyymmdd}`` — the day's running totals (``req``, ``in_tok``,
  ``out_tok``, ``latency_ms``, ``outcome:<name>``), kept ~35 days, read by status;
* ``llm:usepend:{provider}:{fp}:{yyyymmdd}:{model}`` — the same counts not yet flushed to SQL,
  listed in the set ``llm:usepend``; :func:`drain_usage` reads and deletes them atomically.

``llm:budget:{provider}:{yyyymmdd}`` counts tokens for the optional daily budget.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import redis

from providers.store import RedisGuard

logger = logging.getLogger(__name__)

PENDING_SET = "llm:usepend"
DAY_TTL_S = 35 * 86400

_DRAIN = """
local v = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], KEYS[1])
return v
"""


def today(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d")


def seconds_to_midnight_utc() -> float:
    now = dt.datetime.now(dt.UTC)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


@dataclass
class UsageRow:
    """Counts of one (day, provider, model, key) not yet flushed to SQL."""

    day: dt.date
    provider: str
    model: str
    key_fingerprint: str
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def _s(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class UsageRecorder:
    def __init__(self, guard: RedisGuard) -> None:
        self.guard = guard

    def record(
        self,
        *,
        provider: str,
        model: str,
        fingerprint: str | None,
        outcome: str,
        input_tokens: int,
        output_tokens: int,
        latency_ms: int,
    ) -> None:
        day = today()
        fp = fingerprint or "-"
        total_key = f"llm:use:{provider}:{fp}:{day}"
        pending_key = f"llm:usepend:{provider}:{fp}:{day}:{model}"

        def write(client: redis.Redis) -> None:
            pipe = client.pipeline(transaction=True)
            for key in (total_key, pending_key):
                pipe.hincrby(key, "req", 1)
                pipe.hincrby(key, "in_tok", input_tokens)
                pipe.hincrby(key, "out_tok", output_tokens)
                pipe.hincrby(key, "latency_ms", latency_ms)
                pipe.hincrby(key, f"outcome:{outcome}", 1)
            pipe.expire(total_key, DAY_TTL_S)
            pipe.expire(pending_key, DAY_TTL_S)
            pipe.sadd(PENDING_SET, pending_key)
            if input_tokens or output_tokens:
                budget_key = f"llm:budget:{provider}:{day}"
                pipe.incrby(budget_key, input_tokens + output_tokens)
                pipe.expire(budget_key, 2 * 86400)
            pipe.execute()

        self.guard.run("usage", write, lambda: None)

    def tokens_today(self, provider: str) -> int:
        def read(client: redis.Redis) -> int:
            return int(client.get(f"llm:budget:{provider}:{today()}") or 0)

        return self.guard.run("usage", read, lambda: 0)


def usage_today(client: redis.Redis, provider: str, fingerprint: str) -> dict[str, int]:
    raw = client.hgetall(f"llm:use:{provider}:{fingerprint}:{today()}")
    return {_s(k): int(v) for k, v in raw.items()}


def drain_usage(redis_client: redis.Redis) -> list[UsageRow]:
    """Every usage count not yet flushed, each returned once (read and deleted atomically)."""
    script = redis_client.register_script(_DRAIN)
    rows = []
    for member in redis_client.smembers(PENDING_SET):
        key = _s(member)
        flat = [_s(x) for x in script(keys=[key, PENDING_SET], client=redis_client)]
        if not flat:
            continue
        counts = dict(zip(flat[::2], (int(x) for x in flat[1::2]), strict=True))
        _, _, provider, fp, day, model = key.split(":", 5)
        rows.append(
            UsageRow(
                day=dt.datetime.strptime(day, "%Y%m%d").replace(tzinfo=dt.UTC).date(),
                provider=provider,
                model=model,
                key_fingerprint=fp,
                requests=counts.get("req", 0),
                input_tokens=counts.get("in_tok", 0),
                output_tokens=counts.get("out_tok", 0),
                latency_ms=counts.get("latency_ms", 0),
                outcomes={k[8:]: v for k, v in counts.items() if k.startswith("outcome:")},
            )
        )
    return rows
