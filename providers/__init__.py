"""LLM providers: the chain (fallback, retries, keys, breaker, usage, cache) behind ``complete_json``.

Public API: :class:`ProviderChain` (``from_settings``, ``complete_json``, ``is_configured``),
:func:`provider_status`, :func:`validate_keys`; the seam types are in
:mod:`providers.types`; fake servers for tests in :mod:`providers.fakes`.
"""

from __future__ import annotations

from providers.chain import ProviderChain
from providers.config import ProviderConfig, fingerprint, provider_configs
from providers.status import ProviderStatus, provider_status
from providers.types import (
    AllProvidersUnavailable,
    Attempt,
    ContentRefused,
    JsonCompleter,
    LLMAnswer,
    LLMRequest,
)
from providers.usage import UsageRow
from providers.validation import KeyCheck, validate_keys

__all__ = [
    "AllProvidersUnavailable",
    "Attempt",
    "ContentRefused",
    "JsonCompleter",
    "KeyCheck",
    "LLMAnswer",
    "LLMRequest",
    "ProviderChain",
    "ProviderConfig",
    "ProviderStatus",
    "UsageRow",
    "fingerprint",
    "provider_configs",
    "provider_status",
    "validate_keys",
]
