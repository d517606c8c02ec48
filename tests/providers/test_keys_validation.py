"""Key validation re-tests exhausted keys (real SDKs, a real Redis, the fake server's wire formats)."""

from __future__ import annotations

import time

import pytest

from providers import validate_keys
from providers.config import fingerprint
from providers.keys import EXHAUSTED_RETRY_S, key_key
from tests.providers.conftest import make_settings, request


def _key(redis_client, provider, key):
    raw = redis_client.hgetall(key_key(provider, fingerprint(key)))
    return {k.decode(): v.decode() for k, v in raw.items()}


def _calls(server, key):
    return [e["path"] for e in server.log() if e["key"] == key]


@pytest.mark.parametrize("name", ["openai", "anthropic", "mistral"])
def test_exhausted_key_is_retested_hourly_and_comes_back_when_it_has_credit(
    name, fakes, chains, redis_client
):
    completion = "/v1/messages" if name == "anthropic" else "/v1/chat/completions"
    a = fakes()
    settings = make_settings({name: (a, ["k1", "k2"])})
    chain = chains(settings, redis_client)

    # Traffic: k1 hits its quota (the next key answers), k1 is exhausted for an hour.
    a.script("insufficient_quota", key="k1")
    assert chain.complete_json(request()).provider == name
    assert _key(redis_client, name, "k1")["status"] == "exhausted"
    assert _calls(a, "k1") == [completion]

    # Validation: listing models is free without credit and says nothing, so the key gets a
    # 1-token completion; still no credit -> exhausted for another hour from now.
    a.script("ok", "insufficient_quota", key="k1")  # the listing, then the completion
    checks = {c.fingerprint: c for c in validate_keys(settings, redis_client)}
    assert _calls(a, "k1")[1:] == ["/v1/models", completion]
    k1 = checks[fingerprint("k1")]
    assert (k1.ok, k1.state, k1.detail) == (False, "exhausted", "quota")
    assert (checks[fingerprint("k2")].ok, checks[fingerprint("k2")].state) == (True, "active")
    row = _key(redis_client, name, "k1")
    assert row["status"] == "exhausted"
    assert EXHAUSTED_RETRY_S - 60 < int(row["until"]) / 1000 - time.time() <= EXHAUSTED_RETRY_S
    retested_at = int(row["retested_at"]) / 1000
    assert abs(retested_at - time.time()) < 30

    # The next run within the hour lists models only: no completion for k1.
    before = len(_calls(a, "k1"))
    validate_keys(settings, redis_client)
    assert _calls(a, "k1")[before:] == ["/v1/models"]
    assert _key(redis_client, name, "k1")["status"] == "exhausted"

    # An hour later (the last re-test moved back) the credit is back: the re-test brings k1 back.
    redis_client.hset(key_key(name, fingerprint("k1")), "retested_at", int((retested_at - 3601) * 1000))
    before = len(_calls(a, "k1"))
    checks = {c.fingerprint: c for c in validate_keys(settings, redis_client)}
    assert _calls(a, "k1")[before:] == ["/v1/models", completion]
    k1 = checks[fingerprint("k1")]
    assert (k1.ok, k1.state) == (True, "active")
    assert _key(redis_client, name, "k1")["status"] == "active"
    # ... and traffic uses it again (least recently used of the two active keys).
    chain.complete_json(request(text="Another chunk. Water boils at 100 degrees Celsius."))
    assert a.log()[-1]["key"] == "k1" and a.log()[-1]["path"] == completion


def test_retest_that_gets_no_verdict_is_tried_again_next_run(fakes, chains, redis_client):
    a = fakes()
    settings = make_settings({"kiwi": (a, ["k1", "k2"])})
    chain = chains(settings, redis_client)
    a.script("402", key="k1")
    chain.complete_json(request())
    assert _key(redis_client, "kiwi", "k1")["status"] == "exhausted"

    a.script("ok", "503", key="k1")  # listing fine, the re-test meets a 503: no news about the credit
    (k1, _k2) = validate_keys(settings, redis_client)
    assert (k1.ok, k1.state, k1.detail) == (False, "unchanged", "re-test: overloaded")
    row = _key(redis_client, "kiwi", "k1")
    assert row["status"] == "exhausted" and "retested_at" not in row

    validate_keys(settings, redis_client)  # not counted as the hourly re-test: tried again at once
    assert _calls(a, "k1")[-2:] == ["/v1/models", "/v1/chat/completions"]
    assert _key(redis_client, "kiwi", "k1")["status"] == "active"


def test_revoked_exhausted_key_becomes_invalid(fakes, chains, redis_client):
    a = fakes()
    settings = make_settings({"kiwi": (a, ["k1", "k2"])})
    chain = chains(settings, redis_client)
    a.script("insufficient_quota", key="k1")
    chain.complete_json(request())
    a.script(default="401", key="k1")
    (k1, _k2) = validate_keys(settings, redis_client)
    assert (k1.ok, k1.state) == (False, "invalid")
    assert _key(redis_client, "kiwi", "k1")["status"] == "invalid"
