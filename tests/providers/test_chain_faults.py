"""Each fault class against the real OpenAI SDK (an OpenAI-compatible provider) and a real Redis."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest

from providers.config import fingerprint
from providers.keys import key_key
from providers.types import AllProvidersUnavailable, ContentRefused
from tests.providers.conftest import Sleeps, make_settings, request


def _status(redis_client, provider, key):
    raw = redis_client.hgetall(key_key(provider, fingerprint(key)))
    return raw.get(b"status", b"active").decode()


def _breaker(redis_client, provider):
    """(state, consecutive counted failures, window counts by outcome) of a provider's breaker in Redis."""
    cb = redis_client.hgetall(f"llm:cb:{provider}")
    window: Counter[str] = Counter()
    for bucket, n in redis_client.hgetall(f"llm:cb:{provider}:w").items():
        window[bucket.decode().split(":")[1]] += int(n)
    return cb.get(b"state", b"closed").decode(), int(cb.get(b"consec_fail", 0)), dict(window)


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
    # FAST's ceiling (0.02 s) is under the 0.05 s floor: the one sleep is the floor (jitter: below)
    assert list(sleeps) == [pytest.approx(0.05)]
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
    # a timeout is the provider's fault: one counted failure; the key is not to blame
    assert _breaker(redis_client, "kiwi") == ("closed", 1, {"fail": 1})
    assert _breaker(redis_client, "openrouter") == ("closed", 0, {"ok": 1})
    assert _status(redis_client, "kiwi", "k1") == "active"


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
    assert _status(redis_client, "kiwi", "k2") == "active"
    # a 429 is throttling, counted apart: never a breaker failure
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {"throttled": 1, "ok": 1})


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
    assert _status(redis_client, "kiwi", "k2") == "active"
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {"throttled": 1, "ok": 1})
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
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {"throttled": 2})
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
    assert _status(redis_client, "kiwi", "good") == "active"
    chain.complete_json(request())
    assert [e["key"] for e in a.log()] == ["bad", "good", "good"]
    # a bad key says nothing about the provider: neutral for the breaker
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {"ok": 2})


@pytest.mark.parametrize("fault", ["insufficient_quota", "402"])
def test_quota_marks_key_exhausted_never_retried_by_traffic(fault, fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default=fault)
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    assert chain.complete_json(request()).provider == "openrouter"
    assert _status(redis_client, "kiwi", "k1") == "exhausted"
    chain.complete_json(request())
    assert len(a.log()) == 1
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {})


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
    assert [e["key"] for e in a.log()] == ["k1", "k2"]
    # 403 may be about one model only: the key is rotated away from, not invalidated
    assert _status(redis_client, "kiwi", "k1") == "active" and _status(redis_client, "kiwi", "k2") == "active"
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {"ok": 1})


def test_refusal_is_not_routed_around(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script("refusal")
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    with pytest.raises(ContentRefused) as info:
        chain.complete_json(request())
    assert info.value.reason == "refused" and info.value.retry_after_s is None
    assert len(a.log()) == 1 and len(b.log()) == 0
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {})
    assert _status(redis_client, "kiwi", "k1") == "active"


def test_context_too_long_falls_over_without_retry(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script("context_length")
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    answer = chain.complete_json(request())
    assert answer.provider == "openrouter" and [x.outcome for x in answer.attempts] == [
        "context_too_long",
        "ok",
    ]
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {})
    assert _status(redis_client, "kiwi", "k1") == "active"


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
    assert _breaker(redis_client, "kiwi") == ("closed", 0, {})
    assert _status(redis_client, "kiwi", "k1") == "active"


@pytest.mark.parametrize(
    ("fault", "outcome", "window"),
    [
        # not JSON at all: the provider misbehaved, a counted failure (reset by the repaired answer)
        ("malformed", "malformed_json", {"fail": 1, "ok": 1}),
        # JSON of the wrong shape: our schema's problem as much as the model's, neutral
        ("invalid_schema", "invalid_output", {"ok": 1}),
    ],
)
def test_invalid_output_gets_one_repair_attempt(fault, outcome, window, fakes, chains, redis_client):
    a = fakes()
    a.script(fault)
    chain = chains(make_settings({"kiwi": (a, ["k1"])}), redis_client)
    answer = chain.complete_json(request())
    assert [x.outcome for x in answer.attempts] == [outcome, "ok"]
    assert len(a.log()) == 2
    assert [e["key"] for e in a.log()] == ["k1", "k1"]  # the repair goes to the same key
    assert _breaker(redis_client, "kiwi") == ("closed", 0, window)
    assert _status(redis_client, "kiwi", "k1") == "active"


def test_invalid_output_twice_falls_over(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default="invalid_schema")
    chain = chains(make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}), redis_client)
    answer = chain.complete_json(request())
    assert [x.outcome for x in answer.attempts] == ["invalid_output", "invalid_output", "ok"]


def test_deadline_bounds_the_whole_chain(fakes, chains, redis_client):
    # Each call may take 3 s, so two calls without the deadline would take 6 s; the chain's 2 s
    # deadline ends them both well before that. The margin (up to 4.5 s) leaves room for a loaded
    # machine, where the first call alone may use up the deadline and the second never starts.
    a, b = fakes(), fakes()
    a.script(default={"fault": "hang", "hang_s": 10})
    b.script(default={"fault": "hang", "hang_s": 10})
    settings = make_settings(
        {"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])},
        llm_chain_deadline_s=2.0,
        kiwi_timeout_s=3.0,
        openrouter_timeout_s=3.0,
    )
    chain = chains(settings, redis_client)
    started = time.monotonic()
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert time.monotonic() - started < 4.5
    outcomes = [x.outcome for x in info.value.attempts]
    assert outcomes in (["timeout"], ["timeout", "timeout"])
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


def test_backoff_is_full_jitter_within_its_exponential_ceiling(fakes, chains, redis_client):
    a = fakes()
    base, cap, floor, retries = 0.2, 0.5, 0.05, 3
    settings = make_settings(
        {"kiwi": (a, ["k1"])},
        llm_backoff_base_s=base,
        llm_backoff_cap_s=cap,
        llm_transient_retries=retries,
        llm_breaker_min_calls=1000,  # 3 failures in 4 calls: keep the ratio trip out of this test
    )
    sleeps = Sleeps()
    chain = chains(settings, redis_client, sleep=sleeps, rng=random.Random(7))
    rounds = 8
    for _ in range(rounds):
        a.script("503", "503", "503")
        assert len(chain.complete_json(request()).attempts) == retries + 1
    assert len(sleeps) == rounds * retries
    for n in range(retries):
        ceiling = min(cap, base * 2**n)  # 0.2, 0.4, then capped at 0.5
        mine = sleeps[n::retries]
        assert all(0 <= s <= ceiling for s in mine), (n, mine)
        assert all(s >= floor for s in mine), (n, mine)  # the floor keeps a retry from hammering
        assert len(set(mine)) > 1, (n, mine)  # jittered, not a fixed delay
    # the exponential ceiling shows: later retries wait longer on average
    means = [sum(sleeps[n::retries]) / rounds for n in range(retries)]
    assert means[0] < means[2]


@pytest.mark.parametrize("fault", ["401", "429", "context_length"])
def test_auth_rate_limit_and_bad_request_never_trip_the_breaker(fault, fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script(default=fault)
    keys = [f"k{i}" for i in range(12)]
    settings = make_settings({"kiwi": (a, keys), "openrouter": (b, ["o1"])}, llm_max_attempts=40)
    chain = chains(settings, redis_client, sleep=Sleeps())
    for _ in range(12):
        assert chain.complete_json(request()).provider == "openrouter"
    # 12 of them, far over the 5 consecutive failures or the 50 % of 5 calls that trip it
    assert len(a.log()) >= 12 and {e["fault"] for e in a.log()} == {fault}
    state, consecutive, window = _breaker(redis_client, "kiwi")
    assert (state, consecutive) == ("closed", 0)
    assert "fail" not in window
    assert chain.breaker.events("kiwi") == []


def test_failure_ratio_over_the_window_opens_the_breaker_without_consecutive_failures(
    fakes, chains, redis_client
):
    a, b = fakes(), fakes()
    # one attempt per request on kiwi; never more than 2 failures in a row (the consecutive trip is 5)
    a.script("503", "503", "ok", "503", "503")
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}, llm_transient_retries=0)
    chain = chains(settings, redis_client, sleep=Sleeps())
    providers = [chain.complete_json(request()).provider for _ in range(4)]
    assert providers == ["openrouter", "openrouter", "kiwi", "openrouter"]
    # 3 failures of 4 calls is 75 %, but under the 5 calls the window needs: still closed
    assert _breaker(redis_client, "kiwi") == ("closed", 1, {"fail": 3, "ok": 1})
    assert chain.complete_json(request()).provider == "openrouter"
    # 4 of 5 (80 % > 50 %) with only 2 consecutive: the ratio branch opened it
    state, consecutive, _window = _breaker(redis_client, "kiwi")
    assert state == "open" and consecutive == 0
    assert [(src, dst) for _ts, src, dst, _until in chain.breaker.events("kiwi")] == [("closed", "open")]
    seen = len(a.log())
    assert chain.complete_json(request()).provider == "openrouter"
    assert len(a.log()) == seen  # open: kiwi is skipped


def test_least_recently_used_active_key_is_chosen(fakes, chains, redis_client):
    a = fakes()
    chain = chains(make_settings({"kiwi": (a, ["k1", "k2", "k3"])}), redis_client)
    for _ in range(6):
        chain.complete_json(request())
    assert [e["key"] for e in a.log()] == ["k1", "k2", "k3", "k1", "k2", "k3"]
    # k1 (least recently used) is rate limited for 30 s: the next least recently used takes over
    a.script({"fault": "429", "retry_after": 30}, key="k1")
    for _ in range(4):
        chain.complete_json(request())
    assert [e["key"] for e in a.log()][6:] == ["k1", "k2", "k3", "k2", "k3"]
    assert _status(redis_client, "kiwi", "k1") == "cooling"
