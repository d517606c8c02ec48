"""The providers the workers run with, published in Redis for processes that hold no keys.

Provider keys live on the worker only (render.yaml), yet the API's
``/api/v1/health/providers``, the ops dashboard and ``deckhand doctor`` report every
provider and its keys by fingerprint. Each worker publishes its chain (names, models,
key fingerprints, budgets; never a key) at start; a process whose own ``LLM_PROVIDERS``
is empty reads that roster instead.
"""

from __future__ import annotations

import json
import logging
import time

import redis

from config import Settings
from providers.config import ProviderConfig, provider_configs

logger = logging.getLogger(__name__)


def roster_key(settings: Settings) -> str:
    return f"{settings.broker_namespace}:llm:roster"


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
        client.set(roster_key(settings), json.dumps({"published_at": time.time(), "providers": entries}))
    except (redis.RedisError, OSError) as exc:
        logger.warning("event=llm_roster_not_published error=%s", type(exc).__name__)


def roster_configs(client: redis.Redis, settings: Settings) -> list[ProviderConfig]:
    """The chain the workers published, as key-less configs (raises ``redis.RedisError``)."""
    raw = client.get(roster_key(settings))
    if not raw:
        return []
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
        return []


def reported_configs(settings: Settings, client: redis.Redis) -> list[ProviderConfig]:
    """This process's providers when it has them, else the roster the workers published."""
    if settings.llm_providers:
        try:
            return provider_configs(settings)
        except ValueError:
            pass  # names without keys here (keys live on the worker): use the workers' roster
    return roster_configs(client, settings)
