"""Rate-limit headers on a successful answer rest the key before it earns a 429 (real SDKs)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from providers import provider_status
from providers.config import fingerprint
from providers.ratelimit import key_rest_s
from tests.providers.conftest import make_settings, request


@pytest.mark.parametrize("name", ["openai", "anthropic", "mistral"])
@pytest.mark.parametrize(
    ("limits", "rests"),
    [
        ({"remaining_tokens": 0, "reset_s": 30}, True),
        ({"remaining_requests": 0, "reset_s": 30}, True),
        ({"remaining_tokens": 1_000_000, "remaining_requests": 500}, False),
    ],
)
def test_a_key_at_its_limit_rests_until_the_reset(name, limits, rests, fakes, chains, redis_client):
    a = fakes()
    a.script({"fault": "ok", **limits}, key="k1")
    # Mistral sends no reset: the key rests for the key cool-down, set to the same 30 s here.
    settings = make_settings({name: (a, ["k1", "k2"])}, llm_key_cooldown_max_s=120, llm_key_cooldown_s=30)
    chain = chains(settings, redis_client)
    assert chain.complete_json(request()).attempts[-1].key_fingerprint == fingerprint("k1")
    keys = {k.fingerprint: k for k in provider_status(settings, redis_client)[0].keys}
    k1 = keys[fingerprint("k1")]
    if rests:
        assert (k1.state, k1.reason) == ("cooling", "rate_limit_headers")
        assert 20 < k1.until - time.time() <= 31
        # the next requests go to k2 only, without a 429 on k1
        for _ in range(2):
            assert chain.complete_json(request()).attempts[-1].key_fingerprint == fingerprint("k2")
        assert [e["key"] for e in a.log()] == ["k1", "k2", "k2"]
    else:
        assert k1.state == "active"


def test_rest_is_capped_by_the_key_cooldown_cap(fakes, chains, redis_client):
    a = fakes()
    a.script({"fault": "ok", "remaining_requests": 0, "reset_s": 3600}, key="k1")
    settings = make_settings({"openai": (a, ["k1", "k2"])}, llm_key_cooldown_max_s=2)
    chains(settings, redis_client).complete_json(request())
    k1 = provider_status(settings, redis_client)[0].keys[0]
    assert k1.state == "cooling" and k1.until - time.time() <= 2


NOW = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"x-ratelimit-remaining-tokens": "5000", "x-ratelimit-reset-tokens": "6m0s"}, None),
        ({"x-ratelimit-remaining-tokens": "50", "x-ratelimit-reset-tokens": "6m0s"}, 360.0),
        ({"X-RateLimit-Remaining-Requests": "0", "X-RateLimit-Reset-Requests": "1m30.5s"}, 90.5),
        ({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "250ms"}, 0.25),
        ({"x-ratelimit-remaining-requests": "0"}, 15.0),  # no reset sent: the default
        ({"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "soon"}, 15.0),
        (
            {
                "anthropic-ratelimit-tokens-remaining": "10",
                "anthropic-ratelimit-tokens-reset": "2026-01-01T12:00:42Z",
            },
            42.0,
        ),
        ({"anthropic-ratelimit-requests-remaining": "3"}, None),
        ({"x-ratelimit-remaining-req-minute": "0"}, 15.0),  # Mistral: per minute, no reset sent
        ({"x-ratelimit-remaining-tokens-minute": "40", "x-ratelimit-remaining-req-minute": "700"}, 15.0),
        ({"x-ratelimit-remaining-tokens-minute": "4999911", "x-ratelimit-remaining-req-minute": "717"}, None),
        ({"x-ratelimit-remaining-tokens": "not a number"}, None),
    ],
)
def test_key_rest_from_headers(headers, expected):
    assert key_rest_s(headers, 100, default_s=15.0, now=NOW) == expected
