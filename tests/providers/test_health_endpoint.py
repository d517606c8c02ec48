"""GET /api/v1/health/providers: public shape, admin-only fingerprints, never a raw key."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from api import create_app
from config import load_settings
from models import Role, User
from models.db import make_engine
from providers.config import fingerprint
from providers.roster import publish_roster
from providers.types import AllProvidersUnavailable
from redisconn.keys import provider_roster_key
from tests.database import migrate_head
from tests.providers.conftest import Sleeps, make_settings, request
from tests.stack import register

KEYS = {"kiwi": ["sk-kiwi-secret-one", "sk-kiwi-secret-two"], "openrouter": ["sk-or-secret-three"]}
URL = "/api/v1/health/providers"


@pytest.fixture
def stack(fakes, chains, redis_client, settings):
    a, b = fakes(), fakes()
    configured = make_settings(
        {"kiwi": (a, KEYS["kiwi"]), "openrouter": (b, KEYS["openrouter"])},
        data_dir=settings.data_dir,
        redis_url=settings.redis_url,
        kiwi_daily_token_budget=100_000,
        llm_breaker_cooldown_s=30,
    )
    migrate_head(configured)
    chain = chains(configured, redis_client, sleep=Sleeps())
    a.script("401")  # first kiwi key invalid; the second answers
    chain.complete_json(request())
    b.script(default="503")
    return configured, create_app(configured).test_client(), a, b, chain


def make_admin(settings) -> None:
    """Promote the only registered account to admin."""
    engine = make_engine(settings)
    with Session(engine) as session:
        (user,) = session.exec(select(User)).all()
        user.role = Role.ADMIN.value
        session.add(user)
        session.commit()
    engine.dispose()


def assert_no_raw_key(body: str) -> None:
    for keys in KEYS.values():
        for key in keys:
            assert key not in body
            assert key[-8:] not in body


def test_public_shape_without_fingerprints(stack):
    _, client, _, _, _ = stack
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == "degraded"
    kiwi, openrouter = body["providers"]
    assert [kiwi["name"], openrouter["name"]] == ["kiwi", "openrouter"]
    assert kiwi["status"] == "degraded" and "some keys unusable" in kiwi["reasons"]
    assert kiwi["breaker"] == {"state": "closed", "open_until": None}
    assert kiwi["keys"] == {"configured": 2, "usable": 1}
    usage = kiwi["usage_today"]
    assert usage["calls"] == 2 and usage["calls_by_outcome"] == {"auth": 1, "ok": 1}
    assert usage["tokens"] == usage["input_tokens"] + usage["output_tokens"] > 0
    assert usage["daily_token_budget"] == 100_000
    assert openrouter["usage_today"]["calls"] == 0 and openrouter["keys"] == {"configured": 1, "usable": 1}
    assert "key_states" not in kiwi and "key_states" not in openrouter
    text = response.get_data(as_text=True)
    assert_no_raw_key(text)
    for keys in KEYS.values():
        for key in keys:
            assert fingerprint(key) not in text


def test_a_user_token_sees_the_public_view(stack):
    _, client, _, _, _ = stack
    headers = register(client)
    body = client.get(URL, headers=headers).get_json()
    assert all("key_states" not in p for p in body["providers"])


def test_admin_sees_keys_by_fingerprint_and_state(stack):
    settings, client, _, _, _ = stack
    headers = register(client)
    make_admin(settings)
    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    kiwi = response.get_json()["providers"][0]
    states = {k["fingerprint"]: k for k in kiwi["key_states"]}
    assert set(states) == {fingerprint(k) for k in KEYS["kiwi"]}
    bad, good = states[fingerprint(KEYS["kiwi"][0])], states[fingerprint(KEYS["kiwi"][1])]
    assert (bad["state"], bad["reason"]) == ("invalid", "auth")
    assert good["state"] == "active" and good["usage_today"]["calls_by_outcome"] == {"ok": 1}
    assert bad["usage_today"]["calls_by_outcome"] == {"auth": 1}
    assert_no_raw_key(response.get_data(as_text=True))


def test_open_breaker_shows_failed_and_until_when(stack, chains, redis_client):
    _, client, _, b, _ = stack
    only_openrouter = chains(
        make_settings({"openrouter": (b, KEYS["openrouter"])}, llm_breaker_cooldown_s=30),
        redis_client,
        sleep=Sleeps(),
    )
    for _ in range(3):  # openrouter answers 503 to everything: 2 attempts each, the breaker opens
        with pytest.raises(AllProvidersUnavailable):
            only_openrouter.complete_json(request())
    body = client.get(URL).get_json()
    openrouter = body["providers"][1]
    assert openrouter["status"] == "failed" and openrouter["breaker"]["state"] == "open"
    until = openrouter["breaker"]["open_until"]
    assert until is not None and until.endswith("Z")
    assert dt.datetime.fromisoformat(until) > dt.datetime.now(dt.UTC)
    assert openrouter["usage_today"]["calls_by_outcome"] == {"overloaded": 5}
    assert body["status"] == "degraded"  # kiwi still answers


def test_bad_token_is_401_problem(stack):
    _, client, _, _, _ = stack
    response = client.get(URL, headers={"Authorization": "Bearer dh_not-a-real-token"})
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.get_json()["code"] == "unauthorized"


def test_redis_down_is_503_problem(settings):
    configured = make_settings(
        {},
        data_dir=settings.data_dir,
        redis_url="redis://127.0.0.1:1/0",
        llm_providers=["openai"],
        openai_api_keys=["sk-some-secret"],
    )
    migrate_head(configured)
    response = create_app(configured).test_client().get(URL)
    assert response.status_code == 503
    body = response.get_json()
    assert body["code"] == "dependency_unavailable" and response.headers["Retry-After"] == "10"
    assert "sk-some-secret" not in response.get_data(as_text=True)


def test_no_provider_configured_is_offline(settings, redis_client):
    migrate_head(settings)
    body = create_app(settings).test_client().get(URL).get_json()
    assert body["status"] == "offline" and body["providers"] == []


def test_an_api_without_keys_reports_the_providers_the_workers_run(stack, redis_client):
    """On Render the keys live on the worker only: the API reads the roster the worker published."""
    worker_settings, _, _, _, _ = stack
    publish_roster(redis_client, worker_settings)  # what a worker does at start
    keyless = load_settings(
        **{
            **worker_settings.model_dump(),
            "llm_providers": [],
            "kiwi_api_keys": [],
            "openrouter_api_keys": [],
        },
        _env_file=None,
    )
    client = create_app(keyless).test_client()
    headers = register(client)
    make_admin(keyless)
    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    kiwi, openrouter = response.get_json()["providers"]
    assert (kiwi["name"], openrouter["name"]) == ("kiwi", "openrouter")
    assert kiwi["keys"] == {"configured": 2, "usable": 1}  # the invalid key seen by the worker's chain
    assert {k["fingerprint"] for k in kiwi["key_states"]} == {fingerprint(k) for k in KEYS["kiwi"]}
    assert kiwi["usage_today"]["daily_token_budget"] == 100_000
    assert_no_raw_key(response.get_data(as_text=True))
    assert_no_raw_key(redis_client.get(provider_roster_key(worker_settings.broker_namespace)).decode())
