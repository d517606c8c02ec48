"""The provider chain: cache, then each provider in order, with one retry owner (this module).

Per provider, per attempt: breaker admission (Redis, fleet-wide) -> least-recently-used
active key -> one SDK call with ``min(attempt timeout, what is left of the deadline)``
-> validation -> bookkeeping (usage, key state, breaker). What each error does is in
:mod:`providers.errors`; the numbers (1 transient retry with full-jitter backoff,
Retry-After <= 10 s slept on the same key, longer ones cool the key and rotate, no
retry after a timeout) come from :class:`~providers.config.ChainPolicy`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx2
import redis

from providers.adapters import DEFAULT_HTTP_CONNECTIONS, Adapter, RawAnswer, make_adapter, make_http_client
from providers.breaker import Breaker, Decision
from providers.cache import AnswerCache
from providers.config import ChainPolicy, ProviderConfig, chain_policy, provider_configs
from providers.errors import (
    BadRequest,
    ContentRefused,
    ContextTooLong,
    InvalidOutput,
    ProviderAuthError,
    ProviderError,
    ProviderForbidden,
    ProviderQuotaExhausted,
    ProviderRateLimited,
    ProviderTimeout,
    Truncated,
)
from providers.keys import EXHAUSTED_RETRY_S, KeyPool
from providers.ratelimit import key_rest_s
from providers.store import RedisGuard
from providers.types import AllProvidersUnavailable, Attempt, LLMAnswer, LLMRequest
from providers.types import ContentRefused as RefusedByProvider
from providers.usage import UsageRecorder, seconds_to_midnight_utc
from providers.validation import check_key

if TYPE_CHECKING:
    from config.providers import ProviderSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttemptTrace:
    """What the breaker decided for one HTTP attempt and when it ran (for tests and benchmarks)."""

    provider: str
    state: str
    probe: bool
    started: float  # epoch seconds
    ended: float
    outcome: str
    admitted_at: float = 0.0  # the breaker's clock (Redis TIME), comparable with its transition log


@dataclass
class _Call:
    """The running state of one complete_json call."""

    request: LLMRequest
    deadline: float
    attempts: list[Attempt]
    waits: list[float | None]
    reasons: set[str]

    def remaining(self, now: float) -> float:
        return self.deadline - now


class ProviderChain:
    """``complete_json(request)`` through the configured providers; see the module docstring."""

    def __init__(
        self,
        configs: Sequence[ProviderConfig],
        policy: ChainPolicy,
        redis_client: redis.Redis | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        http_client: httpx2.Client | None = None,
        max_connections: int = DEFAULT_HTTP_CONNECTIONS,
        observer: Callable[[AttemptTrace], None] | None = None,
    ) -> None:
        self.configs = list(configs)
        self.policy = policy
        self.guard = RedisGuard(redis_client)
        self.breaker = Breaker(self.guard, policy)
        self.keys = KeyPool(self.guard, policy)
        self.cache = AnswerCache(self.guard, policy.cache_ttl_s)
        self.usage = UsageRecorder(self.guard)
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - backoff jitter
        self._own_http = http_client is None
        # Without a client of the caller's: a pool of max_connections (one per calling thread).
        self._http = http_client or make_http_client(max_connections)
        self.adapters: dict[str, Adapter] = {c.name: make_adapter(c, self._http) for c in self.configs}
        self.observer = observer

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, redis_client: redis.Redis | None, **kwargs: Any
    ) -> ProviderChain:
        """The chain of ``LLM_PROVIDERS``; raises ``ValueError`` for a listed provider without keys."""
        return cls(provider_configs(settings), chain_policy(settings), redis_client, **kwargs)

    @property
    def is_configured(self) -> bool:
        return bool(self.configs)

    def close(self) -> None:
        if self._own_http:
            self._http.close()

    def __enter__(self) -> ProviderChain:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the request -----------------------------------------------------------------
    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        call = _Call(request, self._clock() + self.policy.deadline_s, [], [], set())
        if not self.configs:
            raise AllProvidersUnavailable(
                "no LLM provider configured", retry_after_s=None, attempts=[], reason="not_configured"
            )
        cached = self._from_cache(request, any_provider=False)
        if cached:
            return cached
        for config in self.configs:
            answer = self._try_provider(config, call)
            if answer is not None:
                self.cache.put(request.cache_key, config.name, config.model, answer.data)
                return answer
            if len(call.attempts) >= self.policy.max_attempts or call.remaining(self._clock()) <= 0:
                break
        cached = self._from_cache(request, any_provider=True)
        if cached:
            cached.attempts[:0] = call.attempts
            return cached
        known = [w for w in call.waits if w is not None]
        retry_after = round(max(0.0, min(known)), 3) if known else None
        reason = "unavailable"
        if retry_after is None:
            for candidate in ("context_too_long", "invalid_output", "truncated", "deadline"):
                if candidate in call.reasons:
                    reason = candidate
                    break
        logger.warning(
            "event=llm_unavailable attempts=%d retry_after_s=%s reason=%s",
            len(call.attempts),
            retry_after,
            reason,
        )
        raise AllProvidersUnavailable(
            f"no provider could answer ({reason})",
            retry_after_s=retry_after,
            attempts=call.attempts,
            reason=reason,
        )

    def _from_cache(self, request: LLMRequest, *, any_provider: bool) -> LLMAnswer | None:
        if not request.cache_key:
            return None
        hits: list[tuple[str, str, dict[str, Any]]] = []
        if any_provider:
            hit = self.cache.get_any(request.cache_key)
            hits = [hit] if hit else []
        else:
            for config in self.configs:
                data = self.cache.get(request.cache_key, config.name, config.model)
                if data is not None:
                    hits.append((config.name, config.model, data))
                    break
        for provider, model, data in hits:
            try:
                self._validate(request, data)
            except InvalidOutput:
                continue
            return LLMAnswer(data, provider, model, [Attempt(provider, model, None, "cached")], cached=True)
        return None

    @staticmethod
    def _validate(request: LLMRequest, data: dict[str, Any]) -> None:
        if request.validator is None:
            return
        try:
            request.validator(data)
        except Exception as exc:  # the validator's own error, whatever it is, is shown to the model
            raise InvalidOutput(f"schema validation failed: {str(exc)[:600]}") from exc

    def _transient_wait(self) -> float:
        return self.policy.breaker_cooldown_s

    def _recheck_invalid(
        self, config: ProviderConfig, adapter: Adapter, *, probe: bool, exclude: set[str], timeout: float
    ) -> bool:
        """Validate this provider's invalid keys that are due (all of them at a breaker's half-open
        probe) with the free model listing; True when one works again."""
        revived = False
        for fp in self.keys.recheck_due(config, all_invalid=probe):
            if fp in exclude or not self.keys.claim_recheck(config.name, fp):
                continue
            index = config.fingerprints.index(fp)
            check = check_key(adapter, self.keys, config.name, index, fp, {}, timeout)
            logger.info(
                "event=llm_key_rechecked provider=%s key=%s ok=%s state=%s detail=%s",
                config.name, fp, check.ok, check.state, check.detail,
            )  # fmt: skip
            revived = revived or check.ok
        return revived

    def _try_provider(self, config: ProviderConfig, call: _Call) -> LLMAnswer | None:
        policy = self.policy
        name = config.name
        if config.daily_token_budget and self.usage.tokens_today(name) >= config.daily_token_budget:
            logger.info("event=llm_budget_spent provider=%s", name)
            call.waits.append(seconds_to_midnight_utc())
            return None
        adapter = self.adapters[name]
        tried: set[str] = set()
        fp: str | None = None
        user = call.request.user
        transient_used = 0
        repaired = False
        slept_for_retry_after = False
        rechecked = False
        while True:
            if len(call.attempts) >= policy.max_attempts:
                call.reasons.add("max_attempts")
                return None
            remaining = call.remaining(self._clock())
            if remaining <= 0.05:
                call.reasons.add("deadline")
                return None
            timeout = min(config.timeout_s, remaining)
            decision = self.breaker.acquire(name, lease_s=timeout + 5.0)
            if not decision.allowed:
                call.waits.append(max(0.0, decision.retry_at - time.time()) if decision.retry_at else 1.0)
                return None
            if fp is None:
                pick = self.keys.pick(config, exclude=tried)
                if pick.fingerprint is None and not rechecked:
                    # Keys refused with 401 come back by themselves once a validation says so.
                    rechecked = True
                    probe = decision.probe
                    if self._recheck_invalid(config, adapter, probe=probe, exclude=tried, timeout=timeout):
                        pick = self.keys.pick(config, exclude=tried)
                if pick.fingerprint is None:
                    self.breaker.release(name, decision)
                    if pick.retry_at is not None:
                        call.waits.append(max(0.0, pick.retry_at - time.time()))
                    elif not tried:
                        call.waits.append(None)
                    return None
                fp = pick.fingerprint
            started, wall = self._clock(), (time.time(), 0.0)
            try:
                raw = adapter.complete(
                    config.fingerprints.index(fp), call.request, user=user, timeout_s=timeout
                )
                self._validate(call.request, raw.data)
            except ProviderError as exc:
                error = exc
            except Exception as exc:  # an SDK surprise: neutral, logged, next provider
                logger.exception("event=llm_adapter_crash provider=%s key=%s", name, fp)
                error = ProviderError(f"unexpected {type(exc).__name__}")
            else:
                latency = int((self._clock() - started) * 1000)
                wall = (wall[0], time.time())
                self.breaker.record(name, decision, "ok")
                self.keys.ok(name, fp)
                self._rest_key_if_limited(config, fp, raw)
                self._book(
                    config, fp, decision, wall, "ok", latency, raw.input_tokens, raw.output_tokens, "", call
                )
                return LLMAnswer(raw.data, name, config.model, call.attempts)

            latency = int((self._clock() - started) * 1000)
            wall = (wall[0], time.time())  # before the breaker hears of it (it may release a probe lease)
            verdict = (
                "fail"
                if error.counted
                else "throttled"
                if isinstance(error, ProviderRateLimited)
                else "neutral"
            )
            self.breaker.record(name, decision, verdict)
            self._book(
                config,
                fp,
                decision,
                wall,
                error.outcome,
                latency,
                error.input_tokens,
                error.output_tokens,
                str(error)[:300],
                call,
            )
            if isinstance(error, ContentRefused):
                raise RefusedByProvider(
                    f"{name} refused the content",
                    retry_after_s=None,
                    attempts=call.attempts,
                    reason="refused",
                )
            if isinstance(error, ProviderForbidden):
                tried.add(fp)
                fp = None
                continue
            if isinstance(error, ProviderAuthError):
                self.keys.mark_invalid(name, fp)
                tried.add(fp)
                fp = None
                continue
            if isinstance(error, ProviderQuotaExhausted):
                self.keys.mark(name, fp, "exhausted", "quota", for_s=EXHAUSTED_RETRY_S)
                tried.add(fp)
                fp = None
                continue
            if isinstance(error, ProviderRateLimited):
                ra = error.retry_after_s
                fits = ra is not None and ra <= policy.retry_after_max_sleep_s and ra < remaining - 0.05
                if fits and ra is not None and not slept_for_retry_after:
                    slept_for_retry_after = True
                    self._sleep(ra)
                    continue
                cooldown = self.keys.cool(name, fp, ra, floor_s=error.min_cool_s)
                call.waits.append(cooldown)
                tried.add(fp)
                fp = None
                continue
            if isinstance(error, ContextTooLong):
                call.reasons.add("context_too_long")
                return None
            if isinstance(error, Truncated):
                call.reasons.add("truncated")
                return None
            if isinstance(error, InvalidOutput) and not error.transient:
                if not repaired:
                    repaired = True
                    user = (
                        f"{call.request.user}\n\nYour previous answer was rejected: {str(error)[:600]}\n"
                        "Answer again with one JSON object that matches the schema exactly."
                    )
                    continue
                call.reasons.add("invalid_output")
                return None
            if isinstance(error, BadRequest):
                call.reasons.add("bad_request")
                return None
            if isinstance(error, ProviderTimeout):
                call.waits.append(self._transient_wait())
                return None
            if error.transient and transient_used < policy.transient_retries:
                transient_used += 1
                ceiling = min(policy.backoff_cap_s, policy.backoff_base_s * 2 ** (transient_used - 1))
                delay = max(policy.backoff_floor_s, self._rng.uniform(0, ceiling))
                self._sleep(max(0.0, min(delay, call.remaining(self._clock()))))
                continue
            if error.transient or error.counted:
                call.waits.append(self._transient_wait())
            return None

    def _rest_key_if_limited(self, config: ProviderConfig, fp: str, raw: RawAnswer) -> None:
        """Rest a key whose rate-limit headers leave less than one more such request (no 429 needed)."""
        rest = key_rest_s(
            raw.headers, raw.input_tokens + raw.output_tokens, default_s=self.policy.key_cooldown_s
        )
        if rest:
            rest = min(rest, self.policy.key_cooldown_max_s)
            self.keys.mark(config.name, fp, "cooling", "rate_limit_headers", for_s=rest)
            logger.info("event=llm_key_rest provider=%s key=%s rest_s=%.1f", config.name, fp, rest)

    def _book(
        self,
        config: ProviderConfig,
        fp: str,
        decision: Decision,
        wall: tuple[float, float],
        outcome: str,
        latency_ms: int,
        tokens_in: int,
        tokens_out: int,
        detail: str,
        call: _Call,
    ) -> None:
        attempt = Attempt(config.name, config.model, fp, outcome, latency_ms, tokens_in, tokens_out, detail)
        call.attempts.append(attempt)
        self.usage.record(
            provider=config.name,
            model=config.model,
            fingerprint=fp,
            outcome=outcome,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            latency_ms=latency_ms,
        )
        log = logger.debug if outcome == "ok" else logger.info
        log(
            "event=llm_attempt provider=%s model=%s key=%s outcome=%s latency_ms=%d breaker=%s probe=%s",
            config.name,
            config.model,
            fp,
            outcome,
            latency_ms,
            decision.state,
            decision.probe,
        )
        if self.observer is not None:
            self.observer(
                AttemptTrace(
                    config.name,
                    decision.state,
                    decision.probe,
                    wall[0],
                    wall[1],
                    outcome,
                    decision.decided_at,
                )
            )
