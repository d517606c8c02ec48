"""Key validation with each SDK's free model-listing call; results go into the key pool.

401 -> ``invalid``; 402/quota -> ``exhausted``; success -> ``active`` again (an
``invalid`` key that works again is brought back; ``exhausted`` keys are
left to their hourly re-test, because listing models is free even without
credit). Other errors (network, 5xx, 429) change nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import redis

from providers.adapters import Adapter, make_adapter, make_http_client
from providers.config import chain_policy, provider_configs
from providers.errors import ProviderAuthError, ProviderError, ProviderForbidden, ProviderQuotaExhausted
from providers.keys import EXHAUSTED_RETRY_S, KeyPool
from providers.store import RedisGuard

if TYPE_CHECKING:
    from config.providers import ProviderSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyCheck:
    provider: str
    fingerprint: str
    ok: bool
    #: The key's state after the check: active | invalid | exhausted | unchanged.
    state: str
    detail: str = ""


def validate_keys(
    settings: ProviderSettings,
    redis_client: redis.Redis | None,
    *,
    providers: list[str] | None = None,
    timeout_s: float = 10.0,
) -> list[KeyCheck]:
    """Check every key of every configured provider (or of ``providers``)."""
    policy = chain_policy(settings)
    pool = KeyPool(RedisGuard(redis_client), policy)
    checks: list[KeyCheck] = []
    with make_http_client(8) as http:
        for config in provider_configs(settings):
            if providers is not None and config.name not in providers:
                continue
            adapter = make_adapter(config, http)
            states = pool.states(config)
            for index, fp in enumerate(config.fingerprints):
                check = _check_one(adapter, pool, config.name, index, fp, states, timeout_s)
                checks.append(check)
                pool.note_check(config.name, fp, "ok" if check.ok else check.detail or "error")
                logger.info(
                    "event=llm_key_checked provider=%s key=%s ok=%s state=%s detail=%s",
                    config.name,
                    fp,
                    check.ok,
                    check.state,
                    check.detail,
                )
    return checks


def _check_one(
    adapter: Adapter,
    pool: KeyPool,
    provider: str,
    index: int,
    fp: str,
    states: dict[str, dict[str, Any]],
    timeout_s: float,
) -> KeyCheck:
    try:
        adapter.list_models(index, timeout_s=min(timeout_s, adapter.config.timeout_s))
    except ProviderForbidden as exc:  # may be one model only: the key stays usable for others
        return KeyCheck(provider, fp, False, "unchanged", exc.outcome)
    except ProviderQuotaExhausted as exc:
        pool.mark(provider, fp, "exhausted", "quota", for_s=EXHAUSTED_RETRY_S)
        return KeyCheck(provider, fp, False, "exhausted", exc.outcome)
    except ProviderAuthError as exc:
        pool.mark(provider, fp, "invalid", "auth")
        return KeyCheck(provider, fp, False, "invalid", exc.outcome)
    except ProviderError as exc:  # network, 5xx, 429: says nothing about the key
        return KeyCheck(provider, fp, False, "unchanged", exc.outcome)
    if states.get(fp, {}).get("status") == "exhausted":
        return KeyCheck(provider, fp, True, "unchanged", "exhausted until re-test")
    pool.mark(provider, fp, "active", "validated")
    return KeyCheck(provider, fp, True, "active")
