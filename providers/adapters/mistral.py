"""Mistral chat completions through ``mistralai.client``.

Structured output: ``response_format`` ``json_schema``. No ``retry_config``: the SDK
then makes exactly one attempt. Mistral raises one ``SDKError`` for every 4xx/5xx
(status in ``.status_code``) and lets httpx2's own network exceptions through.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import httpx2
from mistralai.client import Mistral, errors

from providers.adapters.base import RawAnswer, classified, parse_answer, with_tokens
from providers.adapters.classify import classify_status
from providers.config import ProviderConfig
from providers.errors import (
    BadRequest,
    ContentRefused,
    ErrorBody,
    ProviderConnectionError,
    ProviderError,
    ProviderTimeout,
    Truncated,
    parse_retry_after,
)
from providers.types import LLMRequest


def _error_fields(body: str) -> tuple[str | None, str]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, TypeError):
        return None, body or ""
    if isinstance(data, dict):
        nested = data.get("error")
        inner: dict[str, Any] = nested if isinstance(nested, dict) else data
        code = inner.get("code") or inner.get("type")
        return (str(code) if code is not None else None), str(inner.get("message") or body)
    return None, body


def classify_mistral(exc: Exception) -> ProviderError:
    if isinstance(exc, httpx2.TimeoutException):
        return ProviderTimeout("request timed out")
    if isinstance(exc, (httpx2.TransportError, errors.NoResponseError)):
        return ProviderConnectionError(f"connection failed: {type(exc).__name__}")
    if isinstance(exc, errors.ResponseValidationError):
        return ErrorBody("response does not match the API's shape")
    if isinstance(exc, errors.HTTPValidationError):
        return BadRequest("HTTP 422", status=422)
    if isinstance(exc, errors.MistralError):
        code, message = _error_fields(exc.body)
        return classify_status(
            exc.status_code, code=code, message=message, retry_after_s=parse_retry_after(exc.headers)
        )
    return ProviderError(type(exc).__name__)


_ERRORS = (httpx2.TransportError, errors.MistralError, errors.NoResponseError, errors.ResponseValidationError)


class MistralAdapter:
    def __init__(self, config: ProviderConfig, http_client: httpx2.Client) -> None:
        self.config = config
        # The SDK returns no response headers; a response hook keeps each thread's last ones
        # (a thread makes one call at a time) so rate-limit headers can rest a key.
        self._last = threading.local()
        http_client.event_hooks = {
            **http_client.event_hooks,
            "response": [*http_client.event_hooks.get("response", []), self._remember_headers],
        }
        # retry_config left unset: one HTTP attempt per call, the chain retries.
        self._clients = [
            Mistral(api_key=key, server_url=config.base_url, client=http_client) for key in config.keys
        ]

    def _remember_headers(self, response: httpx2.Response) -> None:
        self._last.headers = dict(response.headers)

    def complete(self, key_index: int, request: LLMRequest, *, user: str, timeout_s: float) -> RawAnswer:
        self._last.headers = None
        response_format: Any = {
            "type": "json_schema",
            "json_schema": {"name": request.schema_name, "schema": request.json_schema, "strict": False},
        }
        messages: Any = [{"role": "system", "content": request.system}, {"role": "user", "content": user}]
        with classified(_ERRORS, classify_mistral):
            response = self._clients[key_index].chat.complete(
                model=self.config.model,
                messages=messages,
                response_format=response_format,
                max_tokens=request.max_output_tokens,
                timeout_ms=max(1, int(timeout_s * 1000)),
            )
        usage = response.usage
        tokens_in = int(usage.prompt_tokens or 0) if usage else 0
        tokens_out = int(usage.completion_tokens or 0) if usage else 0
        if not response.choices:
            raise ErrorBody("200 without choices", status=200)
        choice = response.choices[0]
        if choice.finish_reason in ("length", "model_length"):
            raise with_tokens(Truncated(f"finish_reason={choice.finish_reason}"), tokens_in, tokens_out)
        if choice.finish_reason == "error":
            raise ErrorBody("finish_reason=error", status=200)
        if choice.finish_reason == "content_filter":
            raise with_tokens(ContentRefused("finish_reason=content_filter"), tokens_in, tokens_out)
        content = choice.message.content if choice.message else None
        if isinstance(content, list):
            content = "".join(str(getattr(chunk, "text", "")) for chunk in content)
        data = parse_answer(content if isinstance(content, str) else None, tokens_in, tokens_out)
        headers = getattr(self._last, "headers", None)
        return RawAnswer(data, response.model or self.config.model, tokens_in, tokens_out, headers)

    def list_models(self, key_index: int, *, timeout_s: float) -> None:
        with classified(_ERRORS, classify_mistral):
            self._clients[key_index].models.list(timeout_ms=max(1, int(timeout_s * 1000)))
