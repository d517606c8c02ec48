"""The seam between ``cards/`` (which asks for JSON) and ``providers/`` (which answers).

``cards/`` builds an :class:`LLMRequest`; anything with a ``complete_json``
method (the provider chain, a test double) answers with an :class:`LLMAnswer`
or raises :class:`AllProvidersUnavailable`. Nothing above ``providers/`` ever
sees an SDK's own types or exceptions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class LLMRequest:
    system: str
    user: str
    json_schema: dict[str, Any]
    schema_name: str = "cards"
    #: Stable identity of the question (prompt version + chunk hash); the chain adds provider and model.
    cache_key: str = ""
    max_output_tokens: int = 4096
    #: Raises (any exception; its message is shown to the model in the one repair attempt) when the
    #: parsed JSON object is not acceptable, e.g. ``LLMCardBatch.model_validate``. None: any object.
    validator: Callable[[dict[str, Any]], object] | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt (or a cache hit) made while answering a request."""

    provider: str
    model: str
    key_fingerprint: str | None
    outcome: (
        str  # ok | cached | auth | quota | rate_limited | server | timeout | connection | bad_request | ...
    )
    latency_ms: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class LLMAnswer:
    data: dict[str, Any]
    provider: str
    model: str
    attempts: list[Attempt] = field(default_factory=list)
    cached: bool = False


class AllProvidersUnavailable(Exception):
    """Raised when no provider can answer now.

    ``retry_after_s`` is when the earliest one may be usable again (``None``: not
    by waiting, e.g. every key invalid or no provider configured).
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after_s: float | None,
        attempts: list[Attempt],
        reason: str = "unavailable",
    ) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
        self.attempts = attempts
        #: unavailable | refused | context_too_long | not_configured | deadline | invalid_output
        self.reason = reason


class ContentRefused(AllProvidersUnavailable):
    """A provider refused the content; the chain does not route around a refusal (use offline cards)."""


class JsonCompleter(Protocol):
    """What ``cards/`` needs from an LLM: JSON matching a schema."""

    def complete_json(self, request: LLMRequest) -> LLMAnswer: ...
