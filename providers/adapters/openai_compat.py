"""OpenAI and every OpenAI-compatible endpoint (Kiwi AI, OpenRouter, Ollama, vLLM, COMPAT).

Structured output: ``response_format`` ``json_schema`` (not strict: the cards schema
has defaults that strict mode rejects); an OpenAI-compatible server that rejects it
with a 400 naming ``response_format`` is asked again once with ``json_object``, and
that choice is remembered for the process.
"""

from __future__ import annotations

from typing import Any

import httpx2
import openai

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
    BadRequest,
    ContentRefused,
    ErrorBody,
    ProviderError,
    Truncated,
    parse_retry_after,
)
from providers.types import LLMRequest


def classify_openai(exc: openai.OpenAIError) -> ProviderError:
    transport = classify_transport(exc, openai)
    if transport is not None:
        return transport
    if isinstance(exc, openai.APIStatusError):
        return classify_status(
            exc.status_code,
            code=exc.code or (exc.type if exc.type in ("insufficient_quota",) else None),
            message=str(exc.message),
            retry_after_s=parse_retry_after(exc.response.headers),
        )
    if isinstance(exc, openai.LengthFinishReasonError):
        return Truncated("finish_reason=length")
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return ContentRefused("finish_reason=content_filter")
    return ProviderError(f"{type(exc).__name__}")


class OpenAICompatAdapter:
    def __init__(self, config: ProviderConfig, http_client: httpx2.Client) -> None:
        self.config = config
        self._clients = sdk_clients(openai.OpenAI, config, http_client)
        self._json_object_only = False

    def _response_format(self, request: LLMRequest) -> dict[str, Any]:
        if self._json_object_only:
            return {"type": "json_object"}
        return {
            "type": "json_schema",
            "json_schema": {"name": request.schema_name, "schema": request.json_schema, "strict": False},
        }

    def complete(self, key_index: int, request: LLMRequest, *, user: str, timeout_s: float) -> RawAnswer:
        try:
            return self._complete(key_index, request, user=user, timeout_s=timeout_s)
        except BadRequest as exc:
            if (
                not self.config.is_openai_compatible
                or self._json_object_only
                or "response_format" not in str(exc)
            ):
                raise
            self._json_object_only = True
            return self._complete(key_index, request, user=user, timeout_s=timeout_s)

    def _complete(self, key_index: int, request: LLMRequest, *, user: str, timeout_s: float) -> RawAnswer:
        client = self._clients[key_index]
        messages: Any = [
            {"role": "system", "content": request.system},
            {"role": "user", "content": user},
        ]
        compat = self.config.is_openai_compatible
        response_format: Any = self._response_format(request)
        try:
            raw = client.chat.completions.with_raw_response.create(
                model=self.config.model,
                messages=messages,
                response_format=response_format,
                timeout=timeout_for(self.config, timeout_s),
                max_tokens=request.max_output_tokens if compat else openai.omit,
                max_completion_tokens=openai.omit if compat else request.max_output_tokens,
            )
            response = raw.parse()
        except openai.BadRequestError as exc:
            error = classify_openai(exc)
            if isinstance(error, BadRequest) and "response_format" in str(exc.message):
                raise BadRequest(f"{error} response_format rejected", status=400) from exc
            raise error from exc
        except openai.OpenAIError as exc:
            raise classify_openai(exc) from exc
        usage = response.usage
        tokens_in = usage.prompt_tokens if usage else 0
        tokens_out = usage.completion_tokens if usage else 0
        if not response.choices:
            extra = response.model_extra or {}
            body_error = extra.get("error")
            detail = body_error.get("message", "") if isinstance(body_error, dict) else ""
            raise ErrorBody(f"200 without choices: {str(detail)[:200]}", status=200)
        choice = response.choices[0]
        if choice.finish_reason == "length":
            raise with_tokens(Truncated("finish_reason=length"), tokens_in, tokens_out)
        if choice.finish_reason == "content_filter" or choice.message.refusal:
            raise with_tokens(ContentRefused("refused"), tokens_in, tokens_out)
        data = parse_answer(choice.message.content, tokens_in, tokens_out)
        return RawAnswer(data, response.model or self.config.model, tokens_in, tokens_out, raw.headers)

    def list_models(self, key_index: int, *, timeout_s: float) -> None:
        with classified(openai.OpenAIError, classify_openai):
            self._clients[key_index].models.list(timeout=timeout_for(self.config, timeout_s))
