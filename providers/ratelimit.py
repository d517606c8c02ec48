"""Rate-limit headers of a successful answer -> how long to rest that key (providers.md §6).

OpenAI (and most OpenAI-compatible servers) send ``x-ratelimit-remaining-{requests,tokens}``
with ``x-ratelimit-reset-{requests,tokens}`` as durations (``1s``, ``6m0s``, ``20ms``);
Anthropic sends ``anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-remaining``
with ``...-reset`` as an RFC 3339 time; Mistral sends ``x-ratelimit-remaining-{req,tokens}-minute``
with no reset (its adapter reads them through an httpx response hook, as its SDK returns no
headers). A key with no request left, or fewer tokens left than the next request is likely to
need, rests until the reset (or the key cool-down when none is sent) instead of earning a 429.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_S = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
MISTRAL_KIND = {"requests": "req", "tokens": "tokens"}


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None and value != "" else None
    except ValueError:
        return None


def _reset_s(value: str | None, now: dt.datetime) -> float | None:
    """Seconds until a reset given as a duration (``6m0s``), plain seconds, or an RFC 3339 time."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    parts = _DURATION.findall(value)
    if parts and "".join(n + u for n, u in parts) == value:
        return sum(float(n) * _UNIT_S[u] for n, u in parts)
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def key_rest_s(
    headers: Mapping[str, str] | None, next_tokens: int, *, default_s: float, now: dt.datetime | None = None
) -> float | None:
    """Seconds to rest the key that just answered, or None when its limits leave room.

    ``next_tokens`` estimates the next request (the tokens of this one); ``default_s`` is
    used when a limit is reached but no reset time was sent.
    """
    if not headers:
        return None
    h = _lower(headers)
    now = now or dt.datetime.now(dt.UTC)
    rests: list[float] = []
    for kind, need in (("requests", 1), ("tokens", next_tokens)):
        for remaining_name, reset_name in (
            (f"x-ratelimit-remaining-{kind}", f"x-ratelimit-reset-{kind}"),
            (f"anthropic-ratelimit-{kind}-remaining", f"anthropic-ratelimit-{kind}-reset"),
            (f"x-ratelimit-remaining-{MISTRAL_KIND[kind]}-minute", ""),
        ):
            remaining = _int(h.get(remaining_name))
            if remaining is not None and remaining < max(1, need):
                reset = _reset_s(h.get(reset_name), now)
                rests.append(default_s if reset is None else reset)
    if not rests:
        return None
    return max(rests)
