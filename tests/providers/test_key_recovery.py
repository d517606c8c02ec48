"""A key refused with 401 comes back by itself once the provider accepts it again.

Real SDKs against the fake server, a real Redis: the key is marked invalid, re-validated
(a free model listing) once its re-check time comes, doubling while still refused, and
used again by traffic with no scheduled validation and no restart.
"""

from __future__ import annotations

import time

import pytest

from providers.config import fingerprint
from providers.keys import key_key
from providers.types import AllProvidersUnavailable
from tests.providers.conftest import make_settings, request
from tests.stack import wait_for


def _row(redis_client, provider, key):
    raw = redis_client.hgetall(key_key(provider, fingerprint(key)))
    return {k.decode(): v.decode() for k, v in raw.items()}


def _paths(server, key):
    return [e["path"] for e in server.log() if e["key"] == key]


def test_a_401_key_is_rechecked_with_backoff_and_used_again_once_fixed(fakes, chains, redis_client):
    a = fakes()
    settings = make_settings({"openai": (a, ["k1"])}, llm_key_recheck_s=1.0, llm_key_recheck_max_s=60.0)
    chain = chains(settings, redis_client)

    # The key is refused: invalid, due for a re-check 1 s later.
    a.script("401", key="k1")
    with pytest.raises(AllProvidersUnavailable):
        chain.complete_json(request())
    row = _row(redis_client, "openai", "k1")
    assert row["status"] == "invalid"
    assert 0 < int(row["until"]) / 1000 - time.time() <= 1.0

    # Before the re-check time: the key is not tried at all.
    before = len(_paths(a, "k1"))
    with pytest.raises(AllProvidersUnavailable):
        chain.complete_json(request(text="Another chunk. Water boils at 100 degrees Celsius."))
    assert _paths(a, "k1")[before:] == []

    # Due, still refused: one model listing, the next re-check twice as far away.
    wait_for(
        lambda: int(_row(redis_client, "openai", "k1")["until"]) / 1000 <= time.time(), 5, "the re-check"
    )
    a.script("401", key="k1")
    before = len(_paths(a, "k1"))
    with pytest.raises(AllProvidersUnavailable):
        chain.complete_json(request(text="A third chunk. The Moon orbits the Earth."))
    assert _paths(a, "k1")[before:] == ["/v1/models"]
    row = _row(redis_client, "openai", "k1")
    assert row["status"] == "invalid" and row["invalid_n"] == "2"
    assert 1.0 < int(row["until"]) / 1000 - time.time() <= 2.0

    # Fixed at the provider: once due, the listing passes and the same request uses the key.
    wait_for(
        lambda: int(_row(redis_client, "openai", "k1")["until"]) / 1000 <= time.time(), 5, "the re-check"
    )
    before = len(_paths(a, "k1"))
    answer = chain.complete_json(request(text="A fourth chunk. Iron rusts in moist air."))
    assert answer.provider == "openai"
    assert _paths(a, "k1")[before:] == ["/v1/models", "/v1/chat/completions"]
    row = _row(redis_client, "openai", "k1")
    assert row["status"] == "active" and row["invalid_n"] == "0"
