"""The providers the workers run with, published in Redis for processes that hold no keys.

Provider keys live on the worker only (render.yaml), yet the API's
``/api/v1/health/providers``, the ops dashboard and ``deckhand doctor`` report every
provider and its keys by fingerprint. Each worker publishes its chain (names, models,
key fingerprints, budgets; never a key) at start. Every report (CLI, doctor, health
endpoint, /ops) reads that roster first, whatever the reading process's own
environment says: one list, one truth. Only before any worker has published (a fresh
installation) does a process fall back to its own ``LLM_PROVIDERS``.
"""

from __future__ import annotations

import json
import logging
import time

import redis

from config import Settings
from providers.config import ProviderConfig, provider_configs
from redisconn.keys import provider_roster_key

logger = logging.getLogger(__name__)


def publish_roster(client: redis.Redis, settings: Settings) -> None:
    """Write this worker's chain; never raises (the report is informational)."""
    try:
        configs = provider_configs(settings)
    except ValueError:
        configs = []  # the worker refuses to start on this; nothing worth publishing
    entries = [
        {
            "name": c.name,
            "kind": c.kind,
            "model": c.model,
            "fingerprints": list(c.fingerprints),
            "daily_token_budget": c.daily_token_budget,
        }
        for c in configs
    ]
    try:
        client.set(
            provider_roster_key(settings.broker_namespace),
            json.dumps({"published_at": time.time(), "providers": entries}),
        )
    except (redis.RedisError, OSError) as exc:
        logger.warning("event=llm_roster_not_published error=%s", type(exc).__name__)


def roster_configs(client: redis.Redis, settings: Settings) -> list[ProviderConfig]:
    """The chain the workers published, as key-less configs (raises ``redis.RedisError``)."""
    return published_roster(client, settings) or []


def published_roster(client: redis.Redis, settings: Settings) -> list[ProviderConfig] | None:
    """The published chain (possibly empty: workers without providers), or None if none was published."""
    raw = client.get(provider_roster_key(settings.broker_namespace))
    if not raw:
        return None
    try:
        entries = json.loads(raw)["providers"]
        return [
            ProviderConfig(
                name=str(e["name"]),
                kind=e["kind"],
                model=str(e["model"]),
                keys=(),
                known_fingerprints=tuple(str(fp) for fp in e["fingerprints"]),
                daily_token_budget=e.get("daily_token_budget"),
            )
            for e in entries
        ]
    except (ValueError, KeyError, TypeError) as exc:
        logger.warning("event=llm_roster_unreadable error=%s", exc)
        return None


def reported_configs(settings: Settings, client: redis.Redis) -> list[ProviderConfig]:
    """The roster the workers published; before any was, this process's own providers.

    Why the roster first: the workers are the ones calling providers, so their chain is the
    truth; a shell or the API may have another LLM_PROVIDERS (or none, or names without keys).
    """
    roster = published_roster(client, settings)
    if roster is not None:
        return roster
    if settings.llm_providers:
        try:
            return provider_configs(settings)
        except ValueError:
            return []  # names without keys here, and no worker has published yet
    return []
