"""The worker (in the test process) with LLM providers: the real OpenAI SDK against the local fake server.

Every provider down → the job still succeeds, on offline cards, marked degraded; providers
back → the next job uses them again, without a restart.
"""

from __future__ import annotations

import uuid

import pytest

from api import create_app
from config import load_settings
from providers.config import fingerprint
from providers.fakes import FakeLLMServer
from quotas import record_llm_tokens
from tests.conftest import upload_job
from tests.database import migrate_head
from tests.inprocess import in_process_worker
from tests.stack import register, wait_for_job

pytestmark = pytest.mark.slow

DOC = "md-rust-book-ch04-01-what-is-ownership.md"


@pytest.fixture
def fake_llm():
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def llm_settings(settings, fake_llm, redis_client):  # a flushed Redis: no cached answers
    configured = load_settings(
        **{
            **settings.model_dump(),
            "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
            "llm_providers": ["openai"],
        },
        _env_file=None,
    )
    migrate_head(configured)
    return configured


def llm_env(fake_llm) -> dict[str, str]:
    return {
        "LLM_PROVIDERS": "openai",
        "OPENAI_API_KEYS": "sk-test-key-one",
        "OPENAI_BASE_URL": fake_llm.openai_url,
        "OPENAI_TIMEOUT_S": "5",
        "LLM_BREAKER_COOLDOWN_S": "0.5",
        "LLM_BREAKER_COOLDOWN_MAX_S": "1",
        "LLM_BREAKER_PROBE_SUCCESSES": "1",
        "LLM_BACKOFF_BASE_S": "0.01",
        "LLM_BACKOFF_CAP_S": "0.05",
    }


def completions(fake_llm) -> int:
    """Card requests the fake server received (key validation lists models instead)."""
    return len([e for e in fake_llm.log() if e["path"].endswith("/chat/completions")])


def test_cards_come_from_the_provider_and_name_it(llm_settings, fake_llm):
    client = create_app(llm_settings).test_client()
    headers = register(client)
    with in_process_worker(llm_settings, **llm_env(fake_llm)):
        job = wait_for_job(client, upload_job(client, headers, DOC, max_cards=12), headers)
    assert job["state"] == "succeeded" and job["degraded"] is False, job
    cards = client.get(f"/api/v1/decks/{job['deck_id']}", headers=headers).get_json()["cards"]
    assert cards and {c["origin"] for c in cards} == {"llm"}
    assert {(c["provider"], c["model"]) for c in cards} == {("openai", llm_settings.openai.model)}
    assert all(c["source"].get("heading") for c in cards)
    paths = {entry["path"] for entry in fake_llm.log()}
    assert any(p.endswith("/chat/completions") for p in paths)

    # Each chunk's record: who made its cards, and the call that did (by key fingerprint only).
    answer = client.get(f"/api/v1/jobs/{job['id']}/chunks", headers=headers)
    assert answer.status_code == 200 and "sk-test-key-one" not in answer.get_data(as_text=True)
    asked = [c for c in answer.get_json()["chunks"] if c["card_budget"]]
    assert asked and len(asked) == completions(fake_llm)
    for chunk in asked:
        assert (chunk["provider"], chunk["model"], chunk["degraded"]) == (
            "openai",
            llm_settings.openai.model,
            False,
        )
        [attempt] = chunk["attempts"]
        assert attempt["outcome"] == "ok" and attempt["key_fingerprint"] == fingerprint("sk-test-key-one")
        assert attempt["input_tokens"] > 0 and attempt["output_tokens"] > 0 and attempt["latency_ms"] >= 0
    assert sum(c["cards_count"] for c in asked) >= len(cards)


def test_every_provider_down_gives_a_degraded_deck_then_providers_are_used_again(llm_settings, fake_llm):
    client = create_app(llm_settings).test_client()
    headers = register(client)
    fake_llm.script(default="500")
    with in_process_worker(llm_settings, **llm_env(fake_llm)):
        down = wait_for_job(client, upload_job(client, headers, DOC, max_cards=12), headers, timeout_s=180)
        assert down["state"] == "succeeded", down
        assert down["degraded"] is True and down["degraded_reason"]
        cards = client.get(f"/api/v1/decks/{down['deck_id']}", headers=headers).get_json()["cards"]
        assert cards and {c["origin"] for c in cards} == {"offline"}
        # Every call of every delivery, those handed back to the queue (dramatiq.Retry) included,
        # is on the chunks' records.
        chunks = client.get(f"/api/v1/jobs/{down['id']}/chunks", headers=headers).get_json()["chunks"]
        recorded = [a for c in chunks for a in c["attempts"]]
        assert recorded and len(recorded) == completions(fake_llm)
        assert {a["outcome"] for a in recorded} == {"server"}
        assert all(c["degraded"] for c in chunks if c["card_budget"])

        fake_llm.clear_default()
        back = wait_for_job(client, upload_job(client, headers, DOC, max_cards=12), headers, timeout_s=180)
    assert back["state"] == "succeeded" and back["degraded"] is False, back
    cards = client.get(f"/api/v1/decks/{back['deck_id']}", headers=headers).get_json()["cards"]
    assert "llm" in {c["origin"] for c in cards}


def test_provider_tokens_are_charged_to_the_owner_quota(llm_settings, fake_llm):
    client = create_app(llm_settings).test_client()
    headers = register(client)
    with in_process_worker(llm_settings, **llm_env(fake_llm)):
        job = wait_for_job(client, upload_job(client, headers, DOC, max_cards=12), headers)
    assert job["state"] == "succeeded" and job["degraded"] is False, job
    me = client.get("/api/v1/auth/me", headers=headers).get_json()
    assert me["quotas"]["llm_tokens"]["used"] > 0


def test_a_spent_token_quota_sends_the_rest_of_the_job_offline(llm_settings, fake_llm, redis_client):
    client = create_app(llm_settings).test_client()
    headers = register(client)
    job_id = upload_job(client, headers, DOC, max_cards=12)  # accepted while the quota still had room
    me = client.get("/api/v1/auth/me", headers=headers).get_json()
    record_llm_tokens(redis_client, llm_settings, me["user"]["id"], llm_settings.quota_llm_tokens_per_day)
    with in_process_worker(llm_settings, **llm_env(fake_llm)):
        job = wait_for_job(client, job_id, headers)
    assert job["state"] == "succeeded" and job["degraded"] is True, job
    assert "allowance" in job["degraded_reason"]
    cards = client.get(f"/api/v1/decks/{job['deck_id']}", headers=headers).get_json()["cards"]
    assert cards and {c["origin"] for c in cards} == {"offline"}
    assert not [e for e in fake_llm.log() if e["path"].endswith("/chat/completions")]
