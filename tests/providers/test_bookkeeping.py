"""Usage counters, the answer cache, budgets, status and key validation."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from providers import provider_status, validate_keys
from providers.config import fingerprint
from providers.types import AllProvidersUnavailable
from providers.usage import claim_usage, read_batch
from tests.providers.conftest import Sleeps, make_settings, request


def test_usage_is_recorded_per_attempt_and_drained_once(fakes, chains, redis_client):
    a = fakes()
    a.script("500")
    chain = chains(make_settings({"kiwi": (a, ["k1"])}), redis_client, sleep=Sleeps())
    answer = chain.complete_json(request())
    batch = claim_usage(redis_client)
    assert batch is not None
    rows = {r.outcome: r for r in read_batch(redis_client, batch) or []}
    assert sorted(rows) == ["ok", "server"]
    row = rows["ok"]
    assert (row.provider, row.model, row.key_fingerprint) == ("kiwi", "kiwi-model", fingerprint("k1"))
    assert row.day == dt.datetime.now(dt.UTC).date()
    assert rows["ok"].calls == rows["server"].calls == 1
    assert row.input_tokens == answer.attempts[-1].input_tokens > 0
    assert rows["server"].input_tokens == 0
    assert claim_usage(redis_client) is None  # counted once: nothing new since the claim
    # the day's totals (for status) are not drained
    statuses = provider_status(make_settings({"kiwi": (a, ["k1"])}), redis_client)
    assert statuses[0].keys[0].usage_today["req"] == 2


def test_cache_rerun_costs_no_call_and_serves_outages(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])})
    chain = chains(settings, redis_client, sleep=Sleeps())
    first = chain.complete_json(request(cache_key="v1:chunk-1"))
    again = chain.complete_json(request(cache_key="v1:chunk-1"))
    assert again.cached and again.data == first.data and len(a.log()) == 1
    assert [x.outcome for x in again.attempts] == ["cached"]
    # an outage on every provider is served from the cache of any provider
    only_b = chains(make_settings({"openrouter": (b, ["o1"])}), redis_client, sleep=Sleeps())
    b.script(default="503")
    served = only_b.complete_json(request(cache_key="v1:chunk-1"))
    assert served.cached and served.provider == "kiwi"
    assert [x.outcome for x in served.attempts] == ["overloaded", "overloaded", "cached"]


def test_daily_token_budget_makes_provider_unavailable(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}, kiwi_daily_token_budget=10)
    chain = chains(settings, redis_client)
    assert chain.complete_json(request()).provider == "kiwi"  # spends > 10 tokens
    assert chain.complete_json(request()).provider == "openrouter"
    status = {s.name: s for s in provider_status(settings, redis_client)}
    assert status["kiwi"].status == "failed" and "budget" in status["kiwi"].reasons


def test_status_healthy_degraded_failed(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    settings = make_settings(
        {"kiwi": (a, ["k1", "k2"]), "openrouter": (b, ["o1"])}, llm_breaker_cooldown_s=30
    )
    chain = chains(settings, redis_client, sleep=Sleeps())
    chain.complete_json(request())
    status = {s.name: s for s in provider_status(settings, redis_client)}
    assert status["kiwi"].status == "healthy" and status["kiwi"].breaker == "closed"
    assert {k.fingerprint for k in status["kiwi"].keys} == {fingerprint("k1"), fingerprint("k2")}
    a.script("401")
    chain.complete_json(request())
    status = {s.name: s for s in provider_status(settings, redis_client)}
    assert status["kiwi"].status == "degraded"
    assert sorted(k.state for k in status["kiwi"].keys) == ["active", "invalid"]
    a.script(default="503")
    for _ in range(3):
        chain.complete_json(request())
    status = {s.name: s for s in provider_status(settings, redis_client)}
    assert status["kiwi"].status == "failed" and status["kiwi"].breaker == "open"
    assert status["kiwi"].open_until > time.time()
    assert status["openrouter"].status == "healthy"
    assert "k1" not in str(status["kiwi"].as_dict())


@pytest.mark.parametrize("name", ["openai", "anthropic", "mistral"])
def test_validate_keys_records_results_in_the_pool(name, fakes, chains, redis_client):
    a = fakes()
    settings = make_settings({name: (a, ["good", "bad"])})
    a.script(default="401", key="bad")
    checks = validate_keys(settings, redis_client)
    assert [(c.fingerprint, c.ok, c.state) for c in checks] == [
        (fingerprint("good"), True, "active"),
        (fingerprint("bad"), False, "invalid"),
    ]
    assert all(e["path"] == "/v1/models" for e in a.log())
    chain = chains(settings, redis_client)
    chain.complete_json(request())
    assert a.log()[-1]["key"] == "good"
    # the key works again (rotated at the provider): validation brings it back
    a.clear_default(key="bad")
    assert all(c.ok for c in validate_keys(settings, redis_client))
    status = provider_status(settings, redis_client)[0]
    assert [k.state for k in status.keys] == ["active", "active"]


def test_all_keys_cooling_gives_retry_after_of_earliest_key(fakes, chains, redis_client):
    a = fakes()
    a.script({"fault": "429", "retry_after": 40}, {"fault": "429", "retry_after": 20})
    settings = make_settings({"kiwi": (a, ["k1", "k2"])}, llm_key_cooldown_max_s=120)
    chain = chains(settings, redis_client)
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert 19 <= info.value.retry_after_s <= 20
