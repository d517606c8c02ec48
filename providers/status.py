"""healthy / degraded / failed per provider (providers.md §5), from the breaker, error rates and keys.

* failed: breaker open, no usable key, or the daily token budget spent;
* degraded: half-open, 10-50 % counted failures or >= 20 % throttled over the last 5 minutes,
  or some keys cooling, invalid or exhausted;
* healthy: otherwise.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import redis

from providers.breaker import cb_key
from providers.config import ChainPolicy, ProviderConfig, chain_policy
from providers.keys import KeyPool
from providers.roster import reported_configs
from providers.store import RedisGuard
from providers.usage import today, usage_today
from redisconn.keys import provider_budget_key
from redisconn.replies import as_text

if TYPE_CHECKING:
    from config import Settings

STATUS_WINDOW_S = 300


@dataclass
class KeyStatus:
    fingerprint: str
    state: str  # active | cooling | invalid | exhausted
    until: float | None = None  # epoch seconds
    reason: str = ""
    usage_today: dict[str, int] = field(default_factory=dict)
    checked_at: float | None = None  # epoch seconds of the last validation
    check: str = ""  # its result: ok, auth, quota, forbidden, connection...


@dataclass
class ProviderStatus:
    name: str
    model: str
    status: str  # healthy | degraded | failed
    breaker: str  # closed | open | half_open
    open_until: float | None  # epoch seconds
    keys: list[KeyStatus]
    failure_rate: float = 0.0
    throttled_rate: float = 0.0
    calls_5min: int = 0
    tokens_today: int = 0
    reasons: list[str] = field(default_factory=list)
    daily_token_budget: int | None = None
    #: Today's attempts summed over keys: req, in_tok, out_tok, latency_ms and ``outcome:<name>``.
    usage: dict[str, int] = field(default_factory=dict)

    @property
    def usable_keys(self) -> int:
        return sum(1 for k in self.keys if k.state == "active")

    @property
    def calls_by_outcome(self) -> dict[str, int]:
        return {k[8:]: v for k, v in sorted(self.usage.items()) if k.startswith("outcome:")}

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["keys"] = [dict(k.__dict__) for k in self.keys]
        return out


def _one(client: redis.Redis, config: ProviderConfig, policy: ChainPolicy) -> ProviderStatus:
    now = time.time()
    cb = {as_text(k): as_text(v) for k, v in client.hgetall(cb_key(config.name)).items()}
    breaker = cb.get("state", "closed")
    open_until = int(float(cb.get("open_until", 0) or 0)) / 1000 or None
    if breaker == "open" and open_until and open_until <= now:
        breaker = "half_open"  # the next request may probe
    counts = {"ok": 0, "fail": 0, "throttled": 0}
    for fld, value in client.hgetall(f"{cb_key(config.name)}:w").items():
        bucket, _, kind = as_text(fld).partition(":")
        if bucket.isdigit() and int(bucket) >= now - STATUS_WINDOW_S and kind in counts:
            counts[kind] += int(value)
    calls = sum(counts.values())
    failure_rate = counts["fail"] / calls if calls else 0.0
    throttled_rate = counts["throttled"] / calls if calls else 0.0
    pool = KeyPool(RedisGuard(client), policy).states(config)
    keys = [
        KeyStatus(
            fp,
            st["status"],
            st["until"],
            st["reason"],
            usage_today(client, config.name, fp),
            st.get("checked_at"),
            st.get("check", ""),
        )
        for fp, st in pool.items()
    ]
    usage: dict[str, int] = {}
    for key_status in keys:
        for metric, count in key_status.usage_today.items():
            usage[metric] = usage.get(metric, 0) + count
    tokens = int(client.get(provider_budget_key(config.name, today())) or 0)
    reasons: list[str] = []
    status = "healthy"
    if breaker == "half_open" or failure_rate >= 0.1 or throttled_rate >= 0.2:
        status = "degraded"
        reasons.append("breaker half-open" if breaker == "half_open" else "errors or throttling")
    if any(k.state != "active" for k in keys):
        status = "degraded"
        reasons.append("some keys unusable")
    if breaker == "open" or not any(k.state == "active" for k in keys):
        status = "failed"
        reasons.append("breaker open" if breaker == "open" else "no usable key")
    if config.daily_token_budget and tokens >= config.daily_token_budget:
        status = "failed"
        reasons.append("budget")
    return ProviderStatus(
        name=config.name,
        model=config.model,
        status=status,
        breaker=breaker,
        open_until=open_until if breaker == "open" else None,
        keys=keys,
        failure_rate=round(failure_rate, 3),
        throttled_rate=round(throttled_rate, 3),
        calls_5min=calls,
        tokens_today=tokens,
        reasons=reasons,
        daily_token_budget=config.daily_token_budget,
        usage=usage,
    )


def provider_status(settings: Settings, redis_client: redis.Redis) -> list[ProviderStatus]:
    """One status per provider, in chain order (raises ``redis.RedisError``).

    The providers are this process's ``LLM_PROVIDERS`` or, where it holds no keys (the API
    on Render), the roster the workers published (:mod:`providers.roster`).
    """
    policy = chain_policy(settings)
    return [_one(redis_client, config, policy) for config in reported_configs(settings, redis_client)]
