"""Each fault class against the real OpenAI SDK (an OpenAI-compatible provider) and a real Redis."""

from __future__ import annotations

import time

import pytest

from providers.config import fingerprint
from providers.keys import key_key
from providers.types import AllProvidersUnavailable, ContentRefused
from tests.providers.conftest import Sleeps, make_settings, request


def _status(redis_client, provider, key):
    raw = redis_client.hgetall(key_key(provider, fingerprint(key)))
    return raw.get(b"status", b"active").decode()


def test_ok_answer_is_validated_cards(fakes, chains, redis_client):
    a = fakes()
    chain = chains(make_settings({"kiwi": (a, ["k1"])}), redis_client)
    answer = chain.complete_json(request())
    assert answer.provider == "kiwi" and answer.model == "kiwi-model" and not answer.cached
    assert len(answer.data["cards"]) == 3
    assert [x.outcome for x in answer.attempts] == ["ok"]
    assert answer.attempts[0].key_fingerprint == fingerprint("k1")
    assert answer.attempts[0].input_tokens > 0


@pytest.mark.parametrize("fault", ["500", "503", "529", "drop", "error_body", "empty"])
def test_transient_once_is_retried_on_same_provider(fault, fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(fault)
    sleeps = Sleeps()
    chain = chains(
        make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client, sleep=sleeps
    )
    answer = chain.complete_json(request())
    assert answer.provider == "kiwi"
    assert len(a.log()) == 2 and len(b.log()) == 0
    assert list(sleeps) == [pytest.approx(0.05)]  # full jitter under the 0.05 s cap, floored at 0.05 s
    assert redis_client.hget("llm:cb:kiwi", "state") in (None, b"closed")


@pytest.mark.parametrize("fault", ["500", "529", "error_body", "drop"])
def test_persistent_transient_falls_over_after_two_attempts(fault, fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default=fault)
    chain = chains(
        make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client, sleep=Sleeps()
    )
    answer = chain.complete_json(request())
    assert answer.provider == "openrouter"
    assert len(a.log()) == 2 and len(b.log()) == 1
    assert [x.outcome for x in answer.attempts][-1] == "ok"


def test_timeout_is_not_retried_on_same_provider(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script({"fault": "hang", "hang_s": 5})
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}, kiwi_timeout_s=0.5)
    chain = chains(settings, redis_client, sleep=Sleeps())
    started = time.monotonic()
    answer = chain.complete_json(request())
    elapsed = time.monotonic() - started
    assert answer.provider == "openrouter"
    assert len(a.log()) == 1 and [x.outcome for x in answer.attempts] == ["timeout", "ok"]
    assert 0.5 <= elapsed < 1.5


def test_breaker_opens_after_five_counted_failures_and_is_skipped(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default="503")
    chain = chains(
        make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client, sleep=Sleeps()
    )
    for _ in range(3):  # 2 attempts each: the 5th failure trips the breaker
        assert chain.complete_json(request()).provider == "openrouter"
    assert redis_client.hget("llm:cb:kiwi", "state") == b"open"
    assert len(a.log()) == 5
    chain.complete_json(request())
    assert len(a.log()) == 5  # skipped while open


def test_retry_after_short_sleeps_same_key(fakes, chains, redis_client):
    a = fakes()
    a.script({"fault": "429", "retry_after": 2})
    sleeps = Sleeps()
    chain = chains(make_settings({"kiwi": (a, ["k1", "k2"])}), redis_client, sleep=sleeps)
    answer = chain.complete_json(request())
    assert answer.provider == "kiwi"
    assert sleeps == [2.0]
    assert [e["key"] for e in a.log()] == ["k1", "k1"]
    assert _status(redis_client, "kiwi", "k1") == "active"


def test_retry_after_ms_form(fakes, chains, redis_client):
    a = fakes()
    a.script({"fault": "429", "retry_after_ms": 1500})
    sleeps = Sleeps()
    chain = chains(make_settings({"kiwi": (a, ["k1"])}), redis_client, sleep=sleeps)
    chain.complete_json(request())
    assert sleeps == [1.5]


def test_retry_after_long_cools_key_and_rotates_without_sleeping(fakes, chains, redis_client):
    a = fakes()
    a.script({"fault": "429", "retry_after": 30}, key="k1")
    sleeps = Sleeps()
    chain = chains(
        make_settings({"kiwi": (a, ["k1", "k2"])}, llm_key_cooldown_max_s=120), redis_client, sleep=sleeps
    )
    answer = chain.complete_json(request())
    assert answer.provider == "kiwi" and sleeps == []
    assert [e["key"] for e in a.log()] == ["k1", "k2"]
    assert _status(redis_client, "kiwi", "k1") == "cooling"
    until = int(redis_client.hget(key_key("kiwi", fingerprint("k1")), "until")) / 1000
    assert 28 < until - time.time() <= 30.5
    # the next request uses k2 only; k1 is cooling
    chain.complete_json(request())
    assert [e["key"] for e in a.log()][-1] == "k2"


def test_429_without_header_cools_both_keys_then_falls_over_then_recovers(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script("429", "429")
    sleeps = Sleeps()
    settings = make_settings({"kiwi": (a, ["k1", "k2"]), "openrouter": (b, ["o1"])})
    chain = chains(settings, redis_client, sleep=sleeps)
    answer = chain.complete_json(request())
    assert answer.provider == "openrouter" and sleeps == []
    assert len(a.log()) == 2
    assert (
        _status(redis_client, "kiwi", "k1") == "cooling" and _status(redis_client, "kiwi", "k2") == "cooling"
    )
    assert chain.complete_json(request()).provider == "openrouter"  # both still cooling (0.5 s)
    time.sleep(0.6)
    assert chain.complete_json(request()).provider == "kiwi"  # recovered after the cool-down


def test_401_marks_key_invalid_and_uses_next_key_in_same_request(fakes, chains, redis_client):
    a = fakes()
    a.script(default="401", key="bad")
    chain = chains(make_settings({"kiwi": (a, ["bad", "good"])}), redis_client)
    answer = chain.complete_json(request())
    assert answer.provider == "kiwi"
    assert [x.outcome for x in answer.attempts] == ["auth", "ok"]
    assert _status(redis_client, "kiwi", "bad") == "invalid"
    chain.complete_json(request())
    assert [e["key"] for e in a.log()] == ["bad", "good", "good"]


@pytest.mark.parametrize("fault", ["insufficient_quota", "402"])
def test_quota_marks_key_exhausted_never_retried_by_traffic(fault, fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default=fault)
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    assert chain.complete_json(request()).provider == "openrouter"
    assert _status(redis_client, "kiwi", "k1") == "exhausted"
    chain.complete_json(request())
    assert len(a.log()) == 1
    assert redis_client.hget("llm:cb:kiwi", "state") in (None, b"closed")


def test_all_keys_invalid_gives_no_retry_after(fakes, chains, redis_client):
    a = fakes()
    a.script(default="401")
    chain = chains(make_settings({"kiwi": (a, ["k1", "k2"])}), redis_client)
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert info.value.retry_after_s is None
    assert [x.outcome for x in info.value.attempts] == ["auth", "auth"]


def test_403_rotates_key(fakes, chains, redis_client):
    a = fakes()
    a.script("403")
    chain = chains(make_settings({"kiwi": (a, ["k1", "k2"])}), redis_client)
    answer = chain.complete_json(request())
    assert [x.outcome for x in answer.attempts] == ["forbidden", "ok"]


def test_refusal_is_not_routed_around(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script("refusal")
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    with pytest.raises(ContentRefused) as info:
        chain.complete_json(request())
    assert info.value.reason == "refused" and info.value.retry_after_s is None
    assert len(a.log()) == 1 and len(b.log()) == 0


def test_context_too_long_falls_over_without_retry(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script("context_length")
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    answer = chain.complete_json(request())
    assert answer.provider == "openrouter" and [x.outcome for x in answer.attempts] == [
        "context_too_long",
        "ok",
    ]


def test_context_too_long_everywhere_says_so(fakes, chains, redis_client):
    a = fakes()
    a.script(default="context_length")
    chain = chains(make_settings({"kiwi": (a, ["k1"])}), redis_client)
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert info.value.reason == "context_too_long" and info.value.retry_after_s is None


def test_truncated_output_is_a_failure(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script("truncated")
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    answer = chain.complete_json(request())
    assert [x.outcome for x in answer.attempts] == ["truncated", "ok"] and answer.provider == "openrouter"


@pytest.mark.parametrize(
    ("fault", "outcome"), [("malformed", "malformed_json"), ("invalid_schema", "invalid_output")]
)
def test_invalid_output_gets_one_repair_attempt(fault, outcome, fakes, chains, redis_client):
    a = fakes()
    a.script(fault)
    chain = chains(make_settings({"kiwi": (a, ["k1"])}), redis_client)
    answer = chain.complete_json(request())
    assert [x.outcome for x in answer.attempts] == [outcome, "ok"]
    assert len(a.log()) == 2


def test_invalid_output_twice_falls_over(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default="invalid_schema")
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    answer = chain.complete_json(request())
    assert [x.outcome for x in answer.attempts] == ["invalid_output", "invalid_output", "ok"]


def test_deadline_bounds_the_whole_chain(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default={"fault": "hang", "hang_s": 5})
    b.script(default={"fault": "hang", "hang_s": 5})
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}, llm_chain_deadline_s=1.2)
    chain = chains(settings, redis_client)
    started = time.monotonic()
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert time.monotonic() - started < 1.6
    assert [x.outcome for x in info.value.attempts] == ["timeout", "timeout"]
    assert info.value.retry_after_s is not None


def test_max_attempts_bound(fakes, chains, redis_client):
    a = fakes()
    a.script(default="401")
    chain = chains(
        make_settings({"kiwi": (a, [f"k{i}" for i in range(6)])}, llm_max_attempts=3), redis_client
    )
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert len(info.value.attempts) == 3 == len(a.log())


def test_not_configured(redis_client):
    from config import load_settings
    from providers.chain import ProviderChain

    chain = ProviderChain.from_settings(load_settings(env="test", _env_file=None), redis_client)
    assert not chain.is_configured
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert info.value.reason == "not_configured" and info.value.retry_after_s is None
    chain.close()
