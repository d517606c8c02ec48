"""What the chain needs from an adapter, and helpers shared by the three of them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx2

from providers.config import ProviderConfig
from providers.errors import EmptyAnswer, MalformedJson, ProviderError
from providers.types import LLMRequest


@dataclass
class RawAnswer:
    data: dict[str, Any]
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    #: The response's headers (rate-limit state), when the SDK exposes them.
    headers: Mapping[str, str] | None = None


class Adapter(Protocol):
    config: ProviderConfig

    def complete(self, key_index: int, request: LLMRequest, *, user: str, timeout_s: float) -> RawAnswer:
        """One HTTP attempt with the key ``config.keys[key_index]``; raises a ProviderError."""
        ...

    def list_models(self, key_index: int, *, timeout_s: float) -> None:
        """The free model-listing call (key validation); raises a ProviderError."""
        ...


def make_http_client(max_connections: int = 64) -> httpx2.Client:
    """One connection pool shared by every SDK client of a chain (SDK retries stay off)."""
    return httpx2.Client(
        limits=httpx2.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        follow_redirects=True,
    )


def timeout_for(config: ProviderConfig, timeout_s: float) -> httpx2.Timeout:
    return httpx2.Timeout(timeout_s, connect=min(config.connect_timeout_s, timeout_s))


def parse_json_object(text: str | None) -> dict[str, Any]:
    """The JSON object in a model's text answer (code fences tolerated)."""
    if text is None or not text.strip():
        raise EmptyAnswer("empty answer")
    body = text.strip()
    if body.startswith("```"):
        body = body.strip("`")
        if body.lower().startswith("json"):
            body = body[4:]
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise MalformedJson(f"answer is not JSON: {exc.msg} at char {exc.pos}") from exc
    if not isinstance(data, dict):
        raise MalformedJson(f"answer is JSON {type(data).__name__}, not an object")
    return data


def with_tokens(error: ProviderError, input_tokens: int, output_tokens: int) -> ProviderError:
    error.input_tokens = input_tokens
    error.output_tokens = output_tokens
    return error


def make_adapter(config: ProviderConfig, http_client: httpx2.Client) -> Adapter:
    if config.kind == "anthropic":
        from providers.adapters.anthropic import AnthropicAdapter

        return AnthropicAdapter(config, http_client)
    if config.kind == "mistral":
        from providers.adapters.mistral import MistralAdapter

        return MistralAdapter(config, http_client)
    from providers.adapters.openai_compat import OpenAICompatAdapter

    return OpenAICompatAdapter(config, http_client)
