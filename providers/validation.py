"""Key validation with each SDK's free model-listing call; results go into the key pool.

401 -> ``invalid`` (re-checked after a doubling delay, also by the chain itself);
402/quota -> ``exhausted``; success -> ``active`` again (an
``invalid`` key that works again is brought back). Other errors (network, 5xx,
429, 403) change nothing.

Listing models is free even without credit, so it cannot tell that an
``exhausted`` key has credit again. Such a key is re-tested here with a
1-token completion (providers.md: "re-test exhausted keys with a 1-token
completion at most hourly"), at most once per :data:`EXHAUSTED_RETRY_S` per
key: an answer of any kind (the provider accepted and billed it) makes the key
``active``; another quota error keeps it ``exhausted`` for another hour, so live
traffic does not spend an attempt finding that out.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import redis

from providers.adapters import Adapter, make_adapter, make_http_client
from providers.config import chain_policy, provider_configs
from providers.errors import (
    ContentRefused,
    InvalidOutput,
    ProviderAuthError,
    ProviderError,
    ProviderForbidden,
    ProviderQuotaExhausted,
)
from providers.keys import EXHAUSTED_RETRY_S, KeyPool
from providers.store import RedisGuard
from providers.types import LLMRequest

if TYPE_CHECKING:
    from config.providers import ProviderSettings

logger = logging.getLogger(__name__)

#: The cheap re-test of an exhausted key: one output token, a schema any object matches.
RETEST_REQUEST = LLMRequest(
    system="Answer with a JSON object.",
    user="{}",
    json_schema={"type": "object", "properties": {}},
    schema_name="ping",
    max_output_tokens=1,
)


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
                check = check_key(adapter, pool, config.name, index, fp, states, timeout_s)
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


def check_key(
    adapter: Adapter,
    pool: KeyPool,
    provider: str,
    index: int,
    fp: str,
    states: dict[str, dict[str, Any]],
    timeout_s: float,
) -> KeyCheck:
    timeout = min(timeout_s, adapter.config.timeout_s)
    try:
        adapter.list_models(index, timeout_s=timeout)
    except ProviderForbidden as exc:  # may be one model only: the key stays usable for others
        return KeyCheck(provider, fp, False, "unchanged", exc.outcome)
    except ProviderQuotaExhausted as exc:
        pool.mark(provider, fp, "exhausted", "quota", for_s=EXHAUSTED_RETRY_S)
        return KeyCheck(provider, fp, False, "exhausted", exc.outcome)
    except ProviderAuthError as exc:
        pool.mark_invalid(provider, fp)
        return KeyCheck(provider, fp, False, "invalid", exc.outcome)
    except ProviderError as exc:  # network, 5xx, 429: says nothing about the key
        return KeyCheck(provider, fp, False, "unchanged", exc.outcome)
    state = states.get(fp, {})
    if state.get("status") == "exhausted":
        retested_at = state.get("retested_at") or 0.0
        if time.time() - retested_at < EXHAUSTED_RETRY_S:
            return KeyCheck(provider, fp, False, "unchanged", "quota")  # re-tested within the hour
        return _retest_exhausted(adapter, pool, provider, index, fp, timeout)
    pool.mark(provider, fp, "active", "validated")
    return KeyCheck(provider, fp, True, "active")


def _retest_exhausted(
    adapter: Adapter, pool: KeyPool, provider: str, index: int, fp: str, timeout_s: float
) -> KeyCheck:
    """A 1-token completion with an exhausted key: does it have credit again?

    Only a verdict (credit or none) counts as the hourly re-test; after a network error
    or the like the next validation run tries again."""
    try:
        adapter.complete(index, RETEST_REQUEST, user=RETEST_REQUEST.user, timeout_s=timeout_s)
    except ProviderQuotaExhausted as exc:
        pool.note_retest(provider, fp)
        pool.mark(provider, fp, "exhausted", "quota", for_s=EXHAUSTED_RETRY_S)  # traffic waits an hour more
        return KeyCheck(provider, fp, False, "exhausted", exc.outcome)
    except ProviderForbidden as exc:
        return KeyCheck(provider, fp, False, "unchanged", exc.outcome)
    except ProviderAuthError as exc:
        pool.mark_invalid(provider, fp)
        return KeyCheck(provider, fp, False, "invalid", exc.outcome)
    except (InvalidOutput, ContentRefused):
        pass  # a truncated or odd answer is still an answer the provider billed: the credit is back
    except ProviderError as exc:  # network, 5xx, 429, bad request: no news about the credit
        return KeyCheck(provider, fp, False, "unchanged", f"re-test: {exc.outcome}")
    pool.note_retest(provider, fp)
    pool.mark(provider, fp, "active", "re-tested")
    return KeyCheck(provider, fp, True, "active", "credit back")
