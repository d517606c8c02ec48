"""Key validation with each SDK's free model-listing call; results go into the key pool.

401 -> ``invalid``; 402/quota -> ``exhausted``; success -> ``active`` again (an
``invalid`` key that works again is brought back; ``exhausted`` keys are
left to their hourly re-test, because listing models is free even without
credit). Other errors (network, 5xx, 429) change nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import redis

from providers.adapters import make_adapter, make_http_client
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
                try:
                    adapter.list_models(index, timeout_s=min(timeout_s, config.timeout_s))
                except (ProviderAuthError, ProviderQuotaExhausted) as exc:
                    if isinstance(exc, ProviderForbidden):
                        checks.append(KeyCheck(config.name, fp, False, "unchanged", exc.outcome))
                        continue
                    if isinstance(exc, ProviderQuotaExhausted):
                        pool.mark(config.name, fp, "exhausted", "quota", for_s=EXHAUSTED_RETRY_S)
                        checks.append(KeyCheck(config.name, fp, False, "exhausted", exc.outcome))
                    else:
                        pool.mark(config.name, fp, "invalid", "auth")
                        checks.append(KeyCheck(config.name, fp, False, "invalid", exc.outcome))
                except ProviderError as exc:
                    checks.append(KeyCheck(config.name, fp, False, "unchanged", exc.outcome))
                else:
                    if states.get(fp, {}).get("status") == "exhausted":
                        checks.append(KeyCheck(config.name, fp, True, "unchanged", "exhausted until re-test"))
                        continue
                    pool.mark(config.name, fp, "active", "validated")
                    checks.append(KeyCheck(config.name, fp, True, "active"))
                logger.info(
                    "event=llm_key_checked provider=%s key=%s ok=%s state=%s",
                    config.name,
                    fp,
                    checks[-1].ok,
                    checks[-1].state,
                )
    return checks
