"""Status + code -> error class, shared by the adapters (message patterns only as a fallback)."""

from __future__ import annotations

from providers.errors import (
    BadRequest,
    ContentRefused,
    ContextTooLong,
    ProviderAuthError,
    ProviderError,
    ProviderForbidden,
    ProviderOverloaded,
    ProviderQuotaExhausted,
    ProviderRateLimited,
    ProviderServerError,
)

#: Error codes/types that mean "no more money or quota on this key" (OpenAI, OpenRouter, Anthropic).
QUOTA_CODES = frozenset(
    {
        "insufficient_quota",
        "credit_balance_exhausted",
        "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded",
        "organization_usage_limit_exceeded",
        "billing_hard_limit_reached",
        "enforced_spend_limit_reached",
        "contract_spend_limit_reached",
        "payment_required",
    }
)
CONTEXT_CODES = frozenset({"context_length_exceeded", "string_above_max_length"})
REFUSAL_CODES = frozenset({"content_filter", "content_policy_violation", "content_policy"})

_CONTEXT_PATTERNS = (
    "maximum context length",
    "context length",
    "context_length",
    "prompt is too long",
    "too many tokens",
    "reduce the length",
    "context window",
)
_QUOTA_PATTERNS = ("insufficient_quota", "credit balance is too low", "exceeded your current quota")


def classify_status(
    status: int,
    *,
    code: str | None,
    message: str,
    retry_after_s: float | None,
) -> ProviderError:
    """The error class of an HTTP error response, decided once for every SDK."""
    lowered = message.lower()
    text = f"HTTP {status}" + (f" code={code}" if code else "")
    if (
        code in QUOTA_CODES
        or status == 402
        or (status in (400, 429) and any(p in lowered for p in _QUOTA_PATTERNS))
    ):
        return ProviderQuotaExhausted(text, status=status)
    if status == 401:
        return ProviderAuthError(text, status=status)
    if status == 403:
        return ProviderForbidden(text, status=status)
    if status == 429:
        return ProviderRateLimited(text, status=status, retry_after_s=retry_after_s)
    if code in CONTEXT_CODES or (status in (400, 413) and any(p in lowered for p in _CONTEXT_PATTERNS)):
        return ContextTooLong(text, status=status)
    if code in REFUSAL_CODES:
        return ContentRefused(text, status=status)
    if status in (408, 409):
        return ProviderServerError(text, status=status)
    if status in (503, 529):
        return ProviderOverloaded(text, status=status)
    if status >= 500:
        return ProviderServerError(text, status=status)
    return BadRequest(text, status=status)
