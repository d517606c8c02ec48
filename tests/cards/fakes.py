"""A fake JsonCompleter for the seam between cards/ and providers/."""

from __future__ import annotations

from typing import Any

from providers.types import AllProvidersUnavailable, Attempt, LLMAnswer, LLMRequest


class FakeCompleter:
    """Answers every request with canned JSON (or raises), recording the requests."""

    def __init__(self, data: dict[str, Any] | None = None, *, unavailable: bool = False) -> None:
        self.data = data or {"cards": []}
        self.unavailable = unavailable
        self.requests: list[LLMRequest] = []

    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        self.requests.append(request)
        if self.unavailable:
            attempts = [
                Attempt("openai", "gpt-x", "k1", "server"),
                Attempt("anthropic", "claude-x", "k2", "timeout"),
            ]
            raise AllProvidersUnavailable("all down", retry_after_s=30.0, attempts=attempts)
        return LLMAnswer(
            data=self.data,
            provider="fakeai",
            model="fake-1",
            attempts=[Attempt("fakeai", "fake-1", "k1", "ok", latency_ms=5)],
        )
