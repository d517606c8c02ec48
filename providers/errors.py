"""The provider error tree, internal to ``providers/``.

Each SDK adapter turns its SDK's exceptions (and silent failures such as a 200
with an error body) into exactly one of these, ``raise ... from exc``. The chain
decides on the class alone; nothing outside ``providers/`` sees them (the chain
reports :class:`~providers.types.AllProvidersUnavailable`).

    ProviderError                 outcome           same-provider retry   key        breaker
    ├── ProviderAuthError         auth (401)        no                    invalid    neutral
    │   └── ProviderForbidden     forbidden (403)   no                    rotate     neutral
    ├── ProviderQuotaExhausted    quota (402, insufficient_quota, spend limits)
    │                                               no                    exhausted  neutral
    ├── ProviderRateLimited       rate_limited (429) sleep if RA <= 10 s  cool       throttled
    ├── ProviderServerError       server (5xx, 408, 409)
    │   │                                           once, with backoff    -          counted
    │   ├── ProviderOverloaded    overloaded (529, 503)
    │   └── ErrorBody             error_body (200 whose body is an error)
    ├── ProviderConnectionError   connection        once, with backoff    -          counted
    ├── ProviderTimeout           timeout           no                    -          counted
    ├── BadRequest                bad_request (400, 404, 413, 422)
    │   │                                           no                    -          neutral
    │   └── ContextTooLong        context_too_long  no (caller shrinks)   -          neutral
    ├── ContentRefused            refused           no, and no reroute    -          neutral
    └── InvalidOutput             invalid_output    one repair attempt    -          neutral
        ├── EmptyAnswer           empty                                              counted
        ├── MalformedJson         malformed_json                                     counted
        └── Truncated             truncated (finish_reason=length)  no       -       neutral
"""

from __future__ import annotations


class ProviderError(Exception):
    outcome: str = "error"
    #: Counts as a failure for the circuit breaker (provider health, not caller or key trouble).
    counted: bool = False
    #: Worth one more try on the same provider after a backoff.
    transient: bool = False

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        #: Tokens billed for the failed attempt, when the response said (invalid or truncated output).
        self.input_tokens = 0
        self.output_tokens = 0


class ProviderAuthError(ProviderError):
    outcome = "auth"


class ProviderForbidden(ProviderAuthError):
    outcome = "forbidden"


class ProviderQuotaExhausted(ProviderError):
    outcome = "quota"


class ProviderRateLimited(ProviderError):
    outcome = "rate_limited"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = 429,
        retry_after_s: float | None = None,
        min_cool_s: float = 0,
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after_s = retry_after_s
        #: A floor for the key's cool-down (Anthropic's ramp limit: 60 s).
        self.min_cool_s = min_cool_s


class ProviderServerError(ProviderError):
    outcome = "server"
    counted = True
    transient = True


class ProviderOverloaded(ProviderServerError):
    outcome = "overloaded"


class ErrorBody(ProviderServerError):
    outcome = "error_body"


class ProviderConnectionError(ProviderError):
    outcome = "connection"
    counted = True
    transient = True


class ProviderTimeout(ProviderError):
    outcome = "timeout"
    counted = True


class BadRequest(ProviderError):
    outcome = "bad_request"


class ContextTooLong(BadRequest):
    outcome = "context_too_long"


class ContentRefused(ProviderError):
    outcome = "refused"


class InvalidOutput(ProviderError):
    outcome = "invalid_output"
    #: The model's raw text, if any, for logs (never logged in full).
    repairable = True


class EmptyAnswer(InvalidOutput):
    outcome = "empty"
    counted = True
    repairable = False
    transient = True


class MalformedJson(InvalidOutput):
    outcome = "malformed_json"
    counted = True


class Truncated(InvalidOutput):
    outcome = "truncated"
    repairable = False


def parse_retry_after(headers: object) -> float | None:
    """Seconds from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date); None if absent."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    ms = get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    import email.utils
    import time

    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
