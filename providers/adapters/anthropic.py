"""Anthropic Messages API. Structured output: a forced tool whose ``input_schema`` is the schema."""

from __future__ import annotations

from typing import Any

import anthropic
import httpx2

from providers.adapters.base import (
    RawAnswer,
    classified,
    classify_transport,
    parse_answer,
    sdk_clients,
    timeout_for,
    with_tokens,
)
from providers.adapters.classify import classify_status
from providers.config import ProviderConfig
from providers.errors import (
    ContentRefused,
    ErrorBody,
    ProviderError,
    ProviderRateLimited,
    Truncated,
    parse_retry_after,
)
from providers.types import LLMRequest

#: Anthropic's ramp limit: a burst above the usual rate; cool the key for a minute.
RAMP_COOL_S = 60.0


def classify_anthropic(exc: anthropic.AnthropicError) -> ProviderError:
    transport = classify_transport(exc, anthropic)
    if transport is not None:
        return transport
    if isinstance(exc, anthropic.APIStatusError):
        retry_after = parse_retry_after(exc.response.headers)
        if exc.error_code == "ramp_limit_exceeded":
            return ProviderRateLimited(
                f"HTTP {exc.status_code} ramp limit", retry_after_s=retry_after, min_cool_s=RAMP_COOL_S
            )
        return classify_status(
            exc.status_code,
            code=exc.error_code,
            message=str(exc.api_message or exc.message),
            retry_after_s=retry_after,
        )
    return ProviderError(type(exc).__name__)


class AnthropicAdapter:
    def __init__(self, config: ProviderConfig, http_client: httpx2.Client) -> None:
        self.config = config
        self._clients = sdk_clients(anthropic.Anthropic, config, http_client)

    def complete(self, key_index: int, request: LLMRequest, *, user: str, timeout_s: float) -> RawAnswer:
        tool: Any = {
            "name": request.schema_name,
            "description": "Record the answer as structured data matching the schema.",
            "input_schema": request.json_schema,
        }
        with classified(anthropic.AnthropicError, classify_anthropic):
            raw = self._clients[key_index].messages.with_raw_response.create(
                model=self.config.model,
                max_tokens=request.max_output_tokens,
                system=request.system,
                messages=[{"role": "user", "content": user}],
                tools=[tool],
                tool_choice={"type": "tool", "name": request.schema_name},
                timeout=timeout_for(self.config, timeout_s),
            )
            message = raw.parse()
        usage = getattr(message, "usage", None)
        tokens_in = int(getattr(usage, "input_tokens", 0) or 0)
        tokens_out = int(getattr(usage, "output_tokens", 0) or 0)
        content = getattr(message, "content", None)
        if not isinstance(content, list) or getattr(message, "type", "message") != "message":
            raise ErrorBody("200 without message content", status=200)
        if message.stop_reason == "max_tokens":
            raise with_tokens(Truncated("stop_reason=max_tokens"), tokens_in, tokens_out)
        if message.stop_reason == "refusal":
            raise with_tokens(ContentRefused("stop_reason=refusal"), tokens_in, tokens_out)
        for block in content:
            if block.type == "tool_use" and isinstance(block.input, dict):
                return RawAnswer(
                    dict(block.input), message.model or self.config.model, tokens_in, tokens_out, raw.headers
                )
        text = "".join(block.text for block in content if block.type == "text")
        data = parse_answer(text, tokens_in, tokens_out)
        return RawAnswer(data, message.model or self.config.model, tokens_in, tokens_out, raw.headers)

    def list_models(self, key_index: int, *, timeout_s: float) -> None:
        with classified(anthropic.AnthropicError, classify_anthropic):
            self._clients[key_index].models.list(timeout=timeout_for(self.config, timeout_s))
