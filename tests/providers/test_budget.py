"""Daily token budgets: a provider whose budget is spent is skipped by every worker until midnight UTC."""

from __future__ import annotations

import pytest

from providers import provider_status
from providers.types import AllProvidersUnavailable
from providers.usage import seconds_to_midnight_utc
from tests.providers.conftest import make_settings, request


def test_spent_budget_makes_the_only_provider_unavailable_until_midnight(fakes, chains, redis_client):
    a = fakes()
    settings = make_settings({"kiwi": (a, ["k1"])}, kiwi_daily_token_budget=10)
    chain = chains(settings, redis_client)
    first = chain.complete_json(request())
    assert first.attempts[-1].input_tokens + first.attempts[-1].output_tokens > 10
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert len(a.log()) == 1  # no HTTP call once spent
    assert info.value.attempts == []
    assert info.value.retry_after_s == pytest.approx(seconds_to_midnight_utc(), abs=5)
    (status,) = provider_status(settings, redis_client)
    assert status.status == "failed" and "budget" in status.reasons
    assert status.tokens_today > status.daily_token_budget == 10


def test_budget_is_shared_by_every_worker(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}, kiwi_daily_token_budget=10)
    worker_1, worker_2 = chains(settings, redis_client), chains(settings, redis_client)
    assert worker_1.complete_json(request()).provider == "kiwi"
    assert worker_2.complete_json(request()).provider == "openrouter"
    assert len(a.log()) == 1


def test_failed_attempts_cost_nothing_and_no_budget_means_no_limit(fakes, chains, redis_client):
    a = fakes()
    a.script("500", "429")
    settings = make_settings({"kiwi": (a, ["k1", "k2"])}, kiwi_daily_token_budget=1_000_000)
    chain = chains(settings, redis_client, sleep=lambda s: None)
    answer = chain.complete_json(request())
    ok = answer.attempts[-1]
    (status,) = provider_status(settings, redis_client)
    assert status.tokens_today == ok.input_tokens + ok.output_tokens
    unlimited = chains(make_settings({"kiwi": (fakes(), ["u1"])}), redis_client)
    for _ in range(3):
        assert unlimited.complete_json(request()).provider == "kiwi"


def test_budget_setting_must_be_positive():
    from config import ConfigError

    with pytest.raises(ConfigError, match="KIWI_DAILY_TOKEN_BUDGET"):
        make_settings({}, kiwi_daily_token_budget=0)
