"""One adapter per SDK: build the request in the provider's native structured-output form,
make exactly one HTTP attempt, and turn every failure into a :mod:`providers.errors` class."""

from __future__ import annotations

import httpx2

from providers.adapters.base import DEFAULT_HTTP_CONNECTIONS, Adapter, RawAnswer, make_http_client
from providers.config import ProviderConfig

__all__ = ["DEFAULT_HTTP_CONNECTIONS", "Adapter", "RawAnswer", "make_adapter", "make_http_client"]


def make_adapter(config: ProviderConfig, http_client: httpx2.Client) -> Adapter:
    """The adapter of ``config``'s SDK (its module imported only when a provider uses it)."""
    if config.kind == "anthropic":
        from providers.adapters.anthropic import AnthropicAdapter

        return AnthropicAdapter(config, http_client)
    if config.kind == "mistral":
        from providers.adapters.mistral import MistralAdapter

        return MistralAdapter(config, http_client)
    from providers.adapters.openai_compat import OpenAICompatAdapter

    return OpenAICompatAdapter(config, http_client)
