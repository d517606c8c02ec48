"""Settings -> one :class:`ProviderConfig` per provider in the chain, plus the chain's policy.

The registry of provider kinds lives here too: which SDK speaks to which name and
the preset base URL of each OpenAI-compatible service.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from config.providers import ProviderSettings

Kind = Literal["openai", "anthropic", "mistral"]

#: name -> (SDK kind, preset base URL; always passed so that no SDK reads its own env variable)
REGISTRY: dict[str, tuple[Kind, str | None]] = {
    "openai": ("openai", "https://api.openai.com/v1"),
    "anthropic": ("anthropic", "https://api.anthropic.com"),
    "mistral": ("mistral", "https://api.mistral.ai"),
    "kiwi": ("openai", "https://api.llm.kiwi/v1"),
    "openrouter": ("openai", "https://openrouter.ai/api/v1"),
    "ollama": ("openai", "http://localhost:11434/v1"),
    "vllm": ("openai", "http://localhost:8000/v1"),
    "compat": ("openai", None),
}

#: Providers that run locally and accept any key: a dummy one is used when none is set.
KEYLESS = {"ollama", "vllm"}


def fingerprint(key: str) -> str:
    """How a key appears in logs, Redis and APIs: ``sha256(key)[:8]``."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    kind: Kind
    model: str
    keys: tuple[str, ...] = field(repr=False)
    base_url: str | None = None
    timeout_s: float = 60.0
    connect_timeout_s: float = 5.0
    daily_token_budget: int | None = None
    #: Set instead of ``keys`` when describing another process's providers (the roster).
    known_fingerprints: tuple[str, ...] = ()

    @property
    def fingerprints(self) -> tuple[str, ...]:
        return self.known_fingerprints or tuple(fingerprint(k) for k in self.keys)

    @property
    def is_openai_compatible(self) -> bool:
        """An OpenAI-compatible service other than OpenAI itself (looser structured output)."""
        return self.kind == "openai" and self.name != "openai"


@dataclass(frozen=True)
class ChainPolicy:
    """The numbers of providers.md §4-5, from settings (small values in tests)."""

    deadline_s: float = 120.0
    max_attempts: int = 8
    transient_retries: int = 1
    backoff_base_s: float = 0.5
    backoff_cap_s: float = 8.0
    backoff_floor_s: float = 0.05
    retry_after_max_sleep_s: float = 10.0
    key_cooldown_s: float = 15.0
    key_cooldown_max_s: float = 120.0
    key_recheck_s: float = 15.0
    key_recheck_max_s: float = 600.0
    breaker_failures: int = 5
    breaker_failure_rate: float = 0.5
    breaker_window_s: int = 60
    breaker_min_calls: int = 5
    breaker_cooldown_s: float = 30.0
    breaker_cooldown_max_s: float = 300.0
    breaker_probe_successes: int = 2
    cache_ttl_s: int = 30 * 86400


def provider_configs(settings: ProviderSettings) -> list[ProviderConfig]:
    """The chain's providers in order. Raises ``ValueError`` for a provider that cannot work."""
    configs = []
    for name in settings.llm_providers:
        kind, preset = REGISTRY[name]
        options = settings.provider_options(name)
        keys = tuple(k.get_secret_value() for k in options.api_keys)
        if not keys and name in KEYLESS:
            keys = ("local-no-key",)
        base_url = options.base_url or preset
        if name == "compat" and not base_url:
            raise ValueError("LLM_PROVIDERS lists compat but COMPAT_BASE_URL is not set")
        if not keys:
            raise ValueError(f"LLM_PROVIDERS lists {name} but {name.upper()}_API_KEYS is empty")
        configs.append(
            ProviderConfig(
                name=name,
                kind=kind,
                model=options.model,
                keys=keys,
                base_url=base_url,
                timeout_s=options.timeout_s,
                connect_timeout_s=settings.llm_connect_timeout_s,
                daily_token_budget=options.daily_token_budget,
            )
        )
    return configs


def chain_policy(settings: ProviderSettings) -> ChainPolicy:
    return ChainPolicy(
        deadline_s=settings.llm_chain_deadline_s,
        max_attempts=settings.llm_max_attempts,
        transient_retries=settings.llm_transient_retries,
        backoff_base_s=settings.llm_backoff_base_s,
        backoff_cap_s=settings.llm_backoff_cap_s,
        retry_after_max_sleep_s=settings.llm_retry_after_max_sleep_s,
        key_cooldown_s=settings.llm_key_cooldown_s,
        key_cooldown_max_s=settings.llm_key_cooldown_max_s,
        key_recheck_s=settings.llm_key_recheck_s,
        key_recheck_max_s=settings.llm_key_recheck_max_s,
        breaker_failures=settings.llm_breaker_failures,
        breaker_failure_rate=settings.llm_breaker_failure_rate,
        breaker_window_s=settings.llm_breaker_window_s,
        breaker_min_calls=settings.llm_breaker_min_calls,
        breaker_cooldown_s=settings.llm_breaker_cooldown_s,
        breaker_cooldown_max_s=settings.llm_breaker_cooldown_max_s,
        breaker_probe_successes=settings.llm_breaker_probe_successes,
        cache_ttl_s=settings.llm_cache_ttl_s,
    )
