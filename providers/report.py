"""Provider status as JSON-ready data, shared by ``GET /api/v1/health/providers`` and the CLI.

Keys appear only as fingerprints, and only when ``include_keys`` (admins, the operator's CLI).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from providers.status import KeyStatus, ProviderStatus


def _iso(epoch_s: float | None) -> str | None:
    if not epoch_s:
        return None
    return dt.datetime.fromtimestamp(epoch_s, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _outcomes(usage: dict[str, int]) -> dict[str, int]:
    return {k[8:]: v for k, v in sorted(usage.items()) if k.startswith("outcome:")}


def overall(statuses: list[ProviderStatus]) -> str:
    """offline (none configured), healthy (all), failed (none can answer), else degraded."""
    if not statuses:
        return "offline"
    states = {s.status for s in statuses}
    if states == {"healthy"}:
        return "healthy"
    if states == {"failed"}:
        return "failed"
    return "degraded"


def key_report(key: KeyStatus) -> dict[str, Any]:
    return {
        "fingerprint": key.fingerprint,
        "state": key.state,
        "until": _iso(key.until),
        "reason": key.reason,
        "last_check": {"at": _iso(key.checked_at), "result": key.check or None},
        "usage_today": {
            "calls": key.usage_today.get("req", 0),
            "input_tokens": key.usage_today.get("in_tok", 0),
            "output_tokens": key.usage_today.get("out_tok", 0),
            "calls_by_outcome": _outcomes(key.usage_today),
        },
    }


def provider_report(status: ProviderStatus, *, include_keys: bool) -> dict[str, Any]:
    usage = status.usage
    out: dict[str, Any] = {
        "name": status.name,
        "model": status.model,
        "status": status.status,
        "reasons": status.reasons,
        "breaker": {"state": status.breaker, "open_until": _iso(status.open_until)},
        "keys": {"configured": len(status.keys), "usable": status.usable_keys},
        "usage_today": {
            "tokens": status.tokens_today,
            "input_tokens": usage.get("in_tok", 0),
            "output_tokens": usage.get("out_tok", 0),
            "calls": usage.get("req", 0),
            "calls_by_outcome": _outcomes(usage),
            "daily_token_budget": status.daily_token_budget,
        },
        "last_5_min": {
            "calls": status.calls_5min,
            "failure_rate": status.failure_rate,
            "throttled_rate": status.throttled_rate,
        },
    }
    if include_keys:
        out["key_states"] = [key_report(k) for k in status.keys]
    return out


def status_report(statuses: list[ProviderStatus], *, include_keys: bool) -> dict[str, Any]:
    return {
        "status": overall(statuses),
        "generated_at": _iso(dt.datetime.now(dt.UTC).timestamp()),
        "providers": [provider_report(s, include_keys=include_keys) for s in statuses],
    }
