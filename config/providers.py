"""LLM provider settings. Owned by `providers/`.

``LLM_PROVIDERS`` orders the chain. Each provider NAME (OPENAI, ANTHROPIC, MISTRAL,
KIWI, OPENROUTER, OLLAMA, VLLM, COMPAT) has one nested :class:`ProviderOptions`
(``settings.openai.model``…), read from ``NAME_API_KEYS``, ``NAME_MODEL``,
``NAME_BASE_URL``, ``NAME_TIMEOUT_S`` and ``NAME_DAILY_TOKEN_BUDGET``: the variables
keep their flat names, and :class:`ProviderVariablesSource` folds them into the
nested model (the same flat names work as constructor arguments). Keys may also come
one per variable: ``NAME_API_KEY`` and ``NAME_API_KEY_1``, ``NAME_API_KEY_2``, … are
added after ``NAME_API_KEYS`` (numeric order, duplicates dropped). The source wraps
the environment and ``.env`` sources so that the settings object stays the only
reader of the environment. The rest are the chain's knobs (breaker, key cool-downs,
deadline, retries, cache), with the defaults of the providers reference.
:func:`providers.config.provider_configs` turns these into one config per provider.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource


@dataclass(frozen=True)
class ProviderPreset:
    """What differs between two providers' settings: the default model and the words of the docs."""

    label: str
    default_model: str
    #: Follows "<label> base URL" in the description of NAME_BASE_URL.
    base_url_note: str
    #: The label in the model, base URL and timeout descriptions, when longer.
    long_label: str = ""

    def description_words(self, name: str) -> dict[str, str]:
        """The words :class:`ProviderOptions`' descriptions are templates of."""
        return {
            "label": self.label,
            "long_label": self.long_label or self.label,
            "env": name.upper(),
            "base_url_note": self.base_url_note,
        }


def _sdk_default(url: str) -> str:
    return f" overriding the preset (SDK default {url})"


#: Every provider the settings know, in the order of the reference.
PRESETS: dict[str, ProviderPreset] = {
    "openai": ProviderPreset("OpenAI", "gpt-4o-mini", _sdk_default("https://api.openai.com/v1")),
    "anthropic": ProviderPreset(
        "Anthropic", "claude-3-5-haiku-latest", _sdk_default("https://api.anthropic.com")
    ),
    "mistral": ProviderPreset("Mistral", "mistral-small-latest", _sdk_default("https://api.mistral.ai")),
    "kiwi": ProviderPreset("Kiwi AI", "kiwi-chat", " (preset https://api.llm.kiwi/v1)"),
    "openrouter": ProviderPreset(
        "OpenRouter", "openai/gpt-4o-mini", " (preset https://openrouter.ai/api/v1)"
    ),
    "ollama": ProviderPreset("Ollama", "llama3.1", " (preset http://localhost:11434/v1)"),
    "vllm": ProviderPreset("vLLM", "default", " (preset http://localhost:8000/v1)"),
    "compat": ProviderPreset(
        "COMPAT", "default", "; required", long_label="COMPAT (any OpenAI-compatible endpoint)"
    ),
}

#: Every provider name the settings know.
PROVIDER_NAMES = tuple(PRESETS)

#: ``openai_api_key`` (number None) or ``openai_api_key_2``; names as the env sources give them.
_ONE_KEY_VAR = re.compile(r"^(?P<name>[a-z]+)_api_key(?:_(?P<n>\d+))?$")


def _split_csv(value: Any) -> Any:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``; lists pass through."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class ProviderOptions(BaseModel):
    """One provider's settings. Descriptions are templates filled from its :class:`ProviderPreset`."""

    model_config = ConfigDict(extra="forbid")

    api_keys: list[SecretStr] = Field(
        default_factory=list,
        description="{label} API keys, comma-separated; `{env}_API_KEY`, `{env}_API_KEY_1`, `_2`, … "
        "(one key each) are added after them.",
    )
    model: str = Field("default", description="{long_label} model used for card generation.")
    base_url: str | None = Field(None, description="{long_label} base URL{base_url_note}.")
    timeout_s: float = Field(60.0, gt=0, description="{long_label}: timeout of one HTTP attempt, in seconds.")
    daily_token_budget: int | None = Field(
        None, ge=1, description="{label}: daily token budget (in + out, UTC day); unset: none."
    )

    @field_validator("api_keys", mode="before")
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


#: ``kiwi_timeout_s`` -> ("kiwi", "timeout_s"): the flat names of the nested fields.
_FLAT_FIELD = re.compile(
    rf"^(?P<name>{'|'.join(PROVIDER_NAMES)})_(?P<field>{'|'.join(ProviderOptions.model_fields)})$"
)


def nest_provider_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with each flat ``NAME_FIELD`` entry moved into the nested dict of provider NAME.

    A flat entry wins over the same field already nested (``Settings(**s.model_dump(),
    kiwi_api_keys=[...])`` changes the keys and keeps the rest).
    """
    out: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        match = _FLAT_FIELD.match(key.lower())
        if match is None:
            out[key] = value
        else:
            nested.setdefault(match["name"], {})[match["field"]] = value
    for name, fields in nested.items():
        given = out.get(name)
        if isinstance(given, ProviderOptions):
            given = given.model_dump()
        out[name] = {**(given if isinstance(given, Mapping) else {}), **fields}
    return out


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


class ProviderVariablesSource(PydanticBaseSettingsSource):
    """A settings source whose flat provider variables are folded into the nested provider models.

    Around the env and ``.env`` sources it also reads the ``NAME_FIELD`` variables (the inner
    source only looks up declared fields, and ``openai`` is one) and joins the one-key
    variables to ``NAME_API_KEYS``; around the constructor arguments it folds those only.
    """

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
        data = self.inner()
        env_vars: Mapping[str, str | None] | None = getattr(self.inner, "env_vars", None)
        if env_vars is not None:
            flat = {k.lower(): v for k, v in env_vars.items() if _FLAT_FIELD.match(k.lower())}
            data = merge_numbered_keys({**data, **flat}, env_vars)
        return nest_provider_fields(data)

    def __repr__(self) -> str:
        return f"ProviderVariablesSource({self.inner!r})"


def _provider_field(name: str) -> Any:
    """The field of provider ``name``: its options, defaulting to its preset's model."""
    preset = PRESETS[name]
    return Field(
        default_factory=lambda: ProviderOptions(model=preset.default_model),
        description=f"{preset.long_label or preset.label} settings: variables `{name.upper()}_*` below.",
        json_schema_extra=dict(preset.description_words(name)),
    )


class ProviderSettings(BaseSettings):
    """The provider chain, each provider's keys, models and timeouts."""

    llm_providers: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Provider chain in order of preference, comma-separated, from: openai, anthropic, "
        "mistral, kiwi, openrouter, ollama, vllm, compat. Empty: no LLM, offline cards only.",
    )

    openai: ProviderOptions = _provider_field("openai")
    anthropic: ProviderOptions = _provider_field("anthropic")
    mistral: ProviderOptions = _provider_field("mistral")
    kiwi: ProviderOptions = _provider_field("kiwi")
    openrouter: ProviderOptions = _provider_field("openrouter")
    ollama: ProviderOptions = _provider_field("ollama")
    vllm: ProviderOptions = _provider_field("vllm")
    compat: ProviderOptions = _provider_field("compat")

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

    @field_validator(*PROVIDER_NAMES, mode="before")
    @classmethod
    def _preset_model(cls, value: Any, info: ValidationInfo) -> Any:
        # a provider given some of its variables still defaults to its own model, not the class's
        if isinstance(value, Mapping) and "model" not in value:
            return {"model": PRESETS[str(info.field_name)].default_model, **value}
        return value

    def provider_options(self, name: str) -> ProviderOptions:
        """The options of provider ``name`` (one of :data:`PROVIDER_NAMES`)."""
        if name not in PRESETS:
            raise KeyError(f"no provider {name!r}; known: {', '.join(PROVIDER_NAMES)}")
        options: ProviderOptions = getattr(self, name)
        return options

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The default sources, each with its flat provider variables folded into the nested models."""
        return (
            ProviderVariablesSource(init_settings),
            ProviderVariablesSource(env_settings),
            ProviderVariablesSource(dotenv_settings),
            file_secret_settings,
        )
