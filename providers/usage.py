"""Usage counters in Redis, per provider, key fingerprint, model and UTC hour; batches for the SQL flush.

Every attempt runs ``usage.lua`` (one atomic script) on:

* ``llm:use:{provider}:{fp}:{yyyymmdd}`` — the day's running totals (``req``, ``in_tok``,
  ``out_tok``, ``latency_ms``, ``outcome:<name>``), kept ~35 days, read by status;
* ``llm:usepend:{provider}:{fp}:{yyyymmddHH}:{model}`` — counts not yet in SQL, fields
  ``<outcome>|calls``, ``|in``, ``|out``, ``|lat`` (sum) and ``|max``, listed in the set ``llm:usepend``;
* ``llm:budget:{provider}:{yyyymmdd}`` — tokens for the optional daily budget.

Flushing is two-phase so that a crash never double counts (see :mod:`providers.flush`):
:func:`claim_usage` atomically moves every pending hash into one batch
``llm:usebatch:{id}`` (listed in ``llm:usebatches``); the flusher writes the batch to SQL
together with its id, then :func:`ack_batch` deletes it. A batch left behind by a crash
is found again by :func:`pending_batches`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from importlib import resources
from typing import Any

import redis

from providers.store import RedisGuard
from redisconn.keys import (
    PROVIDER_USAGE_BATCHES_SET,
    PROVIDER_USAGE_PENDING_SET,
    provider_budget_key,
    provider_usage_batch_key,
    provider_usage_key,
    provider_usage_pending_key,
)
from redisconn.replies import as_text

logger = logging.getLogger(__name__)

PENDING_SET = PROVIDER_USAGE_PENDING_SET
BATCHES_SET = PROVIDER_USAGE_BATCHES_SET
DAY_TTL_S = 35 * 86400
BUDGET_TTL_S = 2 * 86400
#: A claimed batch nobody flushes (SQL down for a week) expires rather than grow forever.
BATCH_TTL_S = 7 * 86400

_RECORD = resources.files("providers").joinpath("usage.lua").read_text()

# KEYS: pending set, batch hash, batches set, pending keys...; ARGV: batch id, batch TTL (s).
_CLAIM = """
local n = 0
for i = 4, #KEYS do
  local v = redis.call('HGETALL', KEYS[i])
  if #v > 0 then
    redis.call('HSET', KEYS[2], KEYS[i], cjson.encode(v))
    n = n + 1
  end
  redis.call('DEL', KEYS[i])
  redis.call('SREM', KEYS[1], KEYS[i])
end
if n > 0 then
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  redis.call('SADD', KEYS[3], ARGV[1])
end
return n
"""


def today(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d")


def this_hour(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d%H")


def seconds_to_midnight_utc() -> float:
    now = dt.datetime.now(dt.UTC)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


@dataclass
class UsageRow:
    """Counts of one (UTC hour, provider, model, key, outcome) not yet flushed to SQL."""

    hour: dt.datetime
    provider: str
    model: str
    key_fingerprint: str
    outcome: str
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms_sum: int = 0
    latency_ms_max: int = 0

    @property
    def day(self) -> dt.date:
        return self.hour.date()


class UsageRecorder:
    def __init__(self, guard: RedisGuard) -> None:
        self.guard = guard
        self._script: Any = None

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
        now = dt.datetime.now(dt.UTC)
        day = today(now)
        fp = fingerprint or "-"
        keys = [
            provider_usage_key(provider, fp, day),
            provider_usage_pending_key(provider, fp, this_hour(now), model),
            PENDING_SET,
            provider_budget_key(provider, day),
        ]
        args = [
            outcome,
            max(0, input_tokens),
            max(0, output_tokens),
            max(0, latency_ms),
            DAY_TTL_S,
            BUDGET_TTL_S,
        ]

        def write(client: redis.Redis) -> None:
            if self._script is None:
                self._script = client.register_script(_RECORD)
            self._script(keys=keys, args=args, client=client)

        # Without Redis, usage of that moment is not recorded (logged once by the guard).
        self.guard.run("usage", write, lambda: None)

    def tokens_today(self, provider: str) -> int:
        def read(client: redis.Redis) -> int:
            return int(client.get(provider_budget_key(provider, today())) or 0)

        return self.guard.run("usage", read, lambda: 0)


def usage_today(client: redis.Redis, provider: str, fingerprint: str) -> dict[str, int]:
    raw = client.hgetall(provider_usage_key(provider, fingerprint, today()))
    return {as_text(k): int(v) for k, v in raw.items()}


# --- batches for the SQL flush ---------------------------------------------------------


batch_key = provider_usage_batch_key


def claim_usage(client: redis.Redis) -> str | None:
    """Move every pending count into a new batch, atomically; its id, or None if nothing was pending."""
    pending = sorted(as_text(m) for m in client.smembers(PENDING_SET))
    if not pending:
        return None
    # A random id, not a Redis counter: a Redis that lost its data must never reuse an id
    # that the SQL ledger already holds (that batch would be skipped as "already flushed").
    batch_id = uuid.uuid4().hex
    moved = client.eval(
        _CLAIM,
        3 + len(pending),
        PENDING_SET,
        batch_key(batch_id),
        BATCHES_SET,
        *pending,
        batch_id,
        BATCH_TTL_S,
    )
    return batch_id if int(moved) else None


def pending_batches(client: redis.Redis) -> list[str]:
    """Ids of claimed batches not yet acknowledged (a crashed flush leaves its batch here)."""
    return sorted(as_text(m) for m in client.smembers(BATCHES_SET))


def _rows_of(pending_key: str, flat: list[str]) -> list[UsageRow]:
    _, _, provider, fp, hour, model = pending_key.split(":", 5)
    start = dt.datetime.strptime(hour, "%Y%m%d%H").replace(tzinfo=dt.UTC)
    counts: dict[str, dict[str, int]] = {}
    for name, value in zip(flat[::2], flat[1::2], strict=True):
        outcome, _, metric = name.rpartition("|")
        counts.setdefault(outcome, {})[metric] = int(value)
    return [
        UsageRow(
            hour=start,
            provider=provider,
            model=model,
            key_fingerprint=fp,
            outcome=outcome,
            calls=c.get("calls", 0),
            input_tokens=c.get("in", 0),
            output_tokens=c.get("out", 0),
            latency_ms_sum=c.get("lat", 0),
            latency_ms_max=c.get("max", 0),
        )
        for outcome, c in sorted(counts.items())
    ]


def read_batch(client: redis.Redis, batch_id: str) -> list[UsageRow] | None:
    """The rows of a claimed batch; None if it is gone (acknowledged or expired)."""
    raw = client.hgetall(batch_key(batch_id))
    if not raw:
        return None
    rows: list[UsageRow] = []
    for key, value in sorted((as_text(k), as_text(v)) for k, v in raw.items()):
        rows.extend(_rows_of(key, [str(x) for x in json.loads(value)]))
    return rows


def ack_batch(client: redis.Redis, batch_id: str) -> None:
    """Forget a batch once its counts are in SQL (or known to be)."""
    pipe = client.pipeline(transaction=True)
    pipe.delete(batch_key(batch_id))
    pipe.srem(BATCHES_SET, batch_id)
    pipe.execute()
