"""LLM provider settings. Owned by `providers/`.

``LLM_PROVIDERS`` orders the chain; each provider NAME (OPENAI, ANTHROPIC, MISTRAL,
KIWI, OPENROUTER, OLLAMA, VLLM, COMPAT) has ``NAME_API_KEYS``, ``NAME_MODEL``,
``NAME_BASE_URL``, ``NAME_TIMEOUT_S`` and ``NAME_DAILY_TOKEN_BUDGET``. Keys may also
come one per variable: ``NAME_API_KEY`` and ``NAME_API_KEY_1``, ``NAME_API_KEY_2``, …
are added after ``NAME_API_KEYS`` (numeric order, duplicates dropped) by
:class:`NumberedKeysSource`, which wraps the environment and ``.env`` sources so that
the settings object stays the only reader of the environment. The rest are the
chain's knobs (breaker, key cool-downs, deadline, retries, cache), with the defaults
of the providers reference. :func:`providers.config.provider_configs` turns these
into one config per provider.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource

#: Every provider name the settings know, in no particular order.
PROVIDER_NAMES = ("openai", "anthropic", "mistral", "kiwi", "openrouter", "ollama", "vllm", "compat")

#: ``openai_api_key`` (number None) or ``openai_api_key_2``; names as the env sources give them.
_ONE_KEY_VAR = re.compile(r"^(?P<name>[a-z]+)_api_key(?:_(?P<n>\d+))?$")


def _split_csv(value: Any) -> Any:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``; lists pass through."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _keys_description(label: str, env: str) -> str:
    return (
        f"{label} API keys, comma-separated; `{env}_API_KEY`, `{env}_API_KEY_1`, `_2`, … "
        "(one key each) are added after them."
    )


def merge_numbered_keys(data: dict[str, Any], env_vars: Mapping[str, str | None]) -> dict[str, Any]:
    """``data`` of one env source with ``NAME_API_KEY`` and ``NAME_API_KEY_<n>`` joined to ``NAME_API_KEYS``.

    The merged list is ``NAME_API_KEYS`` first, then ``NAME_API_KEY``, then the numbered
    ones by number, duplicates dropped. It is merged per source, so a layer that sets
    a provider's keys (constructor arguments over the environment over ``.env``)
    replaces all of that provider's keys from the layers below, as for any setting.
    """
    singles: dict[str, list[tuple[int, str]]] = {}
    for raw_name, value in env_vars.items():
        match = _ONE_KEY_VAR.match(raw_name.lower())
        if match is None or match["name"] not in PROVIDER_NAMES or not value or not value.strip():
            continue
        number = int(match["n"]) if match["n"] is not None else 0  # NAME_API_KEY before NAME_API_KEY_1
        singles.setdefault(match["name"], []).append((number, value.strip()))
    # the .env source passes unknown variables through; these are consumed here
    merged = {k: v for k, v in data.items() if not _ONE_KEY_VAR.match(k.lower())}
    for name, found in singles.items():
        field = f"{name}_api_keys"
        listed = _split_csv(merged.get(field) or [])
        merged[field] = [*listed, *(key for _, key in sorted(found, key=lambda item: item[0]))]
    return merged


class NumberedKeysSource(PydanticBaseSettingsSource):
    """An env (or ``.env``) source whose one-key variables are joined to ``NAME_API_KEYS``."""

    def __init__(self, inner: PydanticBaseSettingsSource) -> None:
        super().__init__(inner.settings_cls)
        self.inner = inner
        # pydantic-settings files each source's values under this name: keep env and .env apart
        self.__name__ = type(inner).__name__

    def _set_current_state(self, state: dict[str, Any]) -> None:
        super()._set_current_state(state)
        self.inner._set_current_state(state)

    def _set_settings_sources_data(self, states: dict[str, dict[str, Any]]) -> None:
        super()._set_settings_sources_data(states)
        self.inner._set_settings_sources_data(states)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.inner.get_field_value(field, field_name)

    def __call__(self) -> dict[str, Any]:
        env_vars: Mapping[str, str | None] = getattr(self.inner, "env_vars", {})
        return merge_numbered_keys(self.inner(), env_vars)

    def __repr__(self) -> str:
        return f"NumberedKeysSource({self.inner!r})"


class ProviderSettings(BaseSettings):
    """The provider chain, each provider's keys, models and timeouts."""

    llm_providers: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Provider chain in order of preference, comma-separated, from: openai, anthropic, "
        "mistral, kiwi, openrouter, ollama, vllm, compat. Empty: no LLM, offline cards only.",
    )

    # --- OpenAI ---
    openai_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("OpenAI", "OPENAI"),
    )
    openai_model: str = Field("gpt-4o-mini", description="OpenAI model used for card generation.")
    openai_base_url: str | None = Field(
        None,
        description="OpenAI base URL overriding the preset (SDK default https://api.openai.com/v1).",
    )
    openai_timeout_s: float = Field(
        60.0, gt=0, description="OpenAI: timeout of one HTTP attempt, in seconds."
    )
    openai_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="OpenAI: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- Anthropic ---
    anthropic_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("Anthropic", "ANTHROPIC"),
    )
    anthropic_model: str = Field(
        "claude-3-5-haiku-latest", description="Anthropic model used for card generation."
    )
    anthropic_base_url: str | None = Field(
        None,
        description="Anthropic base URL overriding the preset (SDK default https://api.anthropic.com).",
    )
    anthropic_timeout_s: float = Field(
        60.0, gt=0, description="Anthropic: timeout of one HTTP attempt, in seconds."
    )
    anthropic_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="Anthropic: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- Mistral ---
    mistral_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("Mistral", "MISTRAL"),
    )
    mistral_model: str = Field("mistral-small-latest", description="Mistral model used for card generation.")
    mistral_base_url: str | None = Field(
        None,
        description="Mistral base URL overriding the preset (SDK default https://api.mistral.ai).",
    )
    mistral_timeout_s: float = Field(
        60.0, gt=0, description="Mistral: timeout of one HTTP attempt, in seconds."
    )
    mistral_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="Mistral: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- Kiwi AI ---
    kiwi_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("Kiwi AI", "KIWI"),
    )
    kiwi_model: str = Field("kiwi-chat", description="Kiwi AI model used for card generation.")
    kiwi_base_url: str | None = Field(None, description="Kiwi AI base URL (preset https://api.llm.kiwi/v1).")
    kiwi_timeout_s: float = Field(60.0, gt=0, description="Kiwi AI: timeout of one HTTP attempt, in seconds.")
    kiwi_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="Kiwi AI: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- OpenRouter ---
    openrouter_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("OpenRouter", "OPENROUTER"),
    )
    openrouter_model: str = Field(
        "openai/gpt-4o-mini", description="OpenRouter model used for card generation."
    )
    openrouter_base_url: str | None = Field(
        None, description="OpenRouter base URL (preset https://openrouter.ai/api/v1)."
    )
    openrouter_timeout_s: float = Field(
        60.0, gt=0, description="OpenRouter: timeout of one HTTP attempt, in seconds."
    )
    openrouter_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="OpenRouter: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- Ollama ---
    ollama_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("Ollama", "OLLAMA"),
    )
    ollama_model: str = Field("llama3.1", description="Ollama model used for card generation.")
    ollama_base_url: str | None = Field(
        None, description="Ollama base URL (preset http://localhost:11434/v1)."
    )
    ollama_timeout_s: float = Field(
        60.0, gt=0, description="Ollama: timeout of one HTTP attempt, in seconds."
    )
    ollama_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="Ollama: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- vLLM ---
    vllm_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("vLLM", "VLLM"),
    )
    vllm_model: str = Field("default", description="vLLM model used for card generation.")
    vllm_base_url: str | None = Field(None, description="vLLM base URL (preset http://localhost:8000/v1).")
    vllm_timeout_s: float = Field(60.0, gt=0, description="vLLM: timeout of one HTTP attempt, in seconds.")
    vllm_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="vLLM: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- COMPAT (any OpenAI-compatible endpoint) ---
    compat_api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description=_keys_description("COMPAT", "COMPAT"),
    )
    compat_model: str = Field(
        "default", description="COMPAT (any OpenAI-compatible endpoint) model used for card generation."
    )
    compat_base_url: str | None = Field(
        None,
        description="COMPAT (any OpenAI-compatible endpoint) base URL ; required.",
    )
    compat_timeout_s: float = Field(
        60.0,
        gt=0,
        description="COMPAT (any OpenAI-compatible endpoint): timeout of one HTTP attempt, in seconds.",
    )
    compat_daily_token_budget: int | None = Field(
        None,
        ge=1,
        description="COMPAT: daily token budget (in + out, UTC day); unset: none.",
    )

    # --- the chain ---
    llm_connect_timeout_s: float = Field(
        5.0, gt=0, description="Connect timeout of one HTTP attempt to a provider, in seconds."
    )
    llm_chain_deadline_s: float = Field(
        120.0,
        gt=0,
        description="Wall-clock budget of one request through the whole chain (attempts and sleeps), "
        "in seconds; keep it below the chunk actor's time limit.",
    )
    llm_max_attempts: int = Field(
        8, ge=1, description="Most HTTP attempts one request may make across all providers and keys."
    )
    llm_transient_retries: int = Field(
        1, ge=0, description="Retries on the same provider after a 5xx, 529 or connection error."
    )
    llm_backoff_base_s: float = Field(
        0.5, ge=0, description="Base of the full-jitter backoff before a same-provider retry, in seconds."
    )
    llm_backoff_cap_s: float = Field(8.0, ge=0, description="Cap of that backoff, in seconds.")
    llm_retry_after_max_sleep_s: float = Field(
        10.0,
        ge=0,
        description="A 429 whose Retry-After is at most this many seconds is waited out on the same key; "
        "a longer one cools the key and rotates.",
    )
    llm_key_cooldown_s: float = Field(
        15.0,
        gt=0,
        description="Cool-down of a key after a 429 without Retry-After; doubles per consecutive 429.",
    )
    llm_key_cooldown_max_s: float = Field(
        120.0, gt=0, description="Cap of a key's cool-down (also caps a long Retry-After), in seconds."
    )
    llm_key_recheck_s: float = Field(
        15.0,
        gt=0,
        description="A key refused with 401 is validated again (a free model listing) this long after, "
        "doubling while it is still refused, so a fixed key is used again without a restart.",
    )
    llm_key_recheck_max_s: float = Field(
        600.0, gt=0, description="Cap of the re-validation delay of a refused (401) key, in seconds."
    )
    llm_breaker_failures: int = Field(
        5,
        ge=1,
        description="Consecutive counted failures (5xx, 529, timeouts, connection) that open a breaker.",
    )
    llm_breaker_failure_rate: float = Field(
        0.5, gt=0, le=1, description="Failure ratio over the window above which a breaker opens."
    )
    llm_breaker_window_s: int = Field(60, ge=10, description="Window of that failure ratio, in seconds.")
    llm_breaker_min_calls: int = Field(
        5, ge=1, description="Calls the window must hold before the failure ratio can open a breaker."
    )
    llm_breaker_cooldown_s: float = Field(
        30.0, gt=0, description="How long an opened breaker stays open before one probe is let through."
    )
    llm_breaker_cooldown_max_s: float = Field(
        300.0, gt=0, description="Cap of the breaker cool-down, which doubles each time a probe fails."
    )
    llm_breaker_probe_successes: int = Field(
        2, ge=1, description="Successful probes (one at a time, fleet-wide) that close a half-open breaker."
    )
    llm_cache_ttl_s: int = Field(
        30 * 86400,
        ge=0,
        description="Lifetime of a cached LLM answer in Redis, in seconds; 0 disables the cache.",
    )

    @field_validator("llm_providers", mode="before")
    @classmethod
    def _parse_providers(cls, value: Any) -> Any:
        names = _split_csv(value)
        if isinstance(names, list):
            names = [str(n).lower() for n in names]
            unknown = [n for n in names if n not in PROVIDER_NAMES]
            if unknown:
                raise ValueError(
                    f"unknown provider(s) {', '.join(unknown)}; known: {', '.join(PROVIDER_NAMES)}"
                )
            if len(set(names)) != len(names):
                raise ValueError("a provider is listed twice")
        return names

    @field_validator(*(f"{name}_api_keys" for name in PROVIDER_NAMES), mode="before")
    @classmethod
    def _parse_keys(cls, value: Any) -> Any:
        keys = _split_csv(value)
        if not isinstance(keys, list):
            return keys
        # one key listed twice would be one pool entry with two indexes: keep the first
        seen: set[str] = set()
        unique = []
        for key in keys:
            plain = key.get_secret_value() if isinstance(key, SecretStr) else str(key)
            if plain not in seen:
                seen.add(plain)
                unique.append(key)
        return unique

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The default sources, with one-key variables read by the env and ``.env`` ones."""
        return (
            init_settings,
            NumberedKeysSource(env_settings),
            NumberedKeysSource(dotenv_settings),
            file_secret_settings,
        )
