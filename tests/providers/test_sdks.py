"""Anthropic and Mistral adapters through the chain (real SDKs against the fake's wire formats)."""

from __future__ import annotations

import pytest

from providers.types import AllProvidersUnavailable, ContentRefused
from tests.providers.conftest import Sleeps, make_settings, request

SDKS = ["anthropic", "mistral", "openai"]


@pytest.mark.parametrize("name", SDKS)
def test_answers_cards(name, fakes, chains, redis_client):
    a = fakes()
    chain = chains(make_settings({name: (a, ["k1"])}), redis_client)
    answer = chain.complete_json(request())
    assert answer.provider == name and len(answer.data["cards"]) == 3
    assert answer.attempts[0].input_tokens > 0 and answer.attempts[0].output_tokens > 0
    entry = a.log()[0]
    assert entry["path"] == ("/v1/messages" if name == "anthropic" else "/v1/chat/completions")
    assert entry["key"] == "k1" and entry["model"] == f"{name}-model"


@pytest.mark.parametrize("name", SDKS)
@pytest.mark.parametrize(
    ("faults", "outcomes"),
    [
        (["529"], ["overloaded", "ok"]),
        (["500"], ["server", "ok"]),
        (["drop"], ["connection", "ok"]),
        (["error_body"], ["error_body", "ok"]),
        (["401"], ["auth", "ok"]),
        (["insufficient_quota"], ["quota", "ok"]),
        (["malformed"], ["malformed_json", "ok"]),
        (["invalid_schema"], ["invalid_output", "ok"]),
        (["429", "truncated"], ["rate_limited", "truncated"]),
    ],
)
def test_fault_classes(name, faults, outcomes, fakes, chains, redis_client):
    a = fakes()
    a.script(*faults)
    chain = chains(make_settings({name: (a, ["k1", "k2"])}), redis_client, sleep=Sleeps())
    try:
        attempts = chain.complete_json(request()).attempts
    except AllProvidersUnavailable as exc:
        attempts = exc.attempts
    assert [x.outcome for x in attempts] == outcomes
    assert len(a.log()) == len(outcomes)


@pytest.mark.parametrize("name", SDKS)
def test_timeout_and_refusal(name, fakes, chains, redis_client):
    a, b = fakes(), fakes()
    a.script({"fault": "hang", "hang_s": 3}, "refusal")
    other = "openrouter"
    chain = chains(
        make_settings({name: (a, ["k1"]), other: (b, ["o1"])}, **{f"{name}_timeout_s": 0.4}), redis_client
    )
    first = chain.complete_json(request())
    assert [x.outcome for x in first.attempts] == ["timeout", "ok"] and first.provider == other
    with pytest.raises(ContentRefused):
        chain.complete_json(request())
    assert len(b.log()) == 1
