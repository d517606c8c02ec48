"""Rate limits on a real Redis (and per-process memory when it is down) and daily quotas."""

from __future__ import annotations

import pytest
import redis

from api.commands import set_role
from config import ConfigError, load_settings
from models import Role
from quotas import record_llm_tokens
from tests.conftest import assert_problem, upload
from tests.stack import app_with, register


def make_client(settings, **overrides):
    return app_with(settings, **overrides).test_client()


RATE_LIMIT_HEADERS = (
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
)


def assert_limited(response, code="rate_limited"):
    """A 429 problem with Retry-After >= 1 and both sets of rate-limit headers (every limited answer)."""
    body = assert_problem(response, 429, code)
    assert int(response.headers["Retry-After"]) >= 1
    missing = [name for name in RATE_LIMIT_HEADERS if name not in response.headers]
    assert missing == [], f"a limited answer lacks {missing}"
    assert int(response.headers["RateLimit-Limit"]) >= 1
    assert response.headers["RateLimit-Remaining"] == response.headers["X-RateLimit-Remaining"] == "0"
    return body


def assert_not_limited(response, status):
    """Rate-limit headers on an answer that was not limited, but no Retry-After."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert "Retry-After" not in response.headers, (
        f"{status} with Retry-After {response.headers['Retry-After']}"
    )
    assert "X-RateLimit-Limit" in response.headers and "RateLimit-Remaining" in response.headers


def test_free_uploads_stop_at_the_sixth_premium_at_the_31st_users_independent(base_settings):
    with make_client(base_settings) as client:
        free, other, premium = register(client), register(client), register(client, "p@example.com")
        set_role(base_settings, "p@example.com", Role.PREMIUM)
        for _ in range(5):
            assert upload(client, free).status_code == 202
        body = assert_limited(upload(client, free))
        assert body["limit"] == "5 per 1 minute"
        assert upload(client, other).status_code == 202  # same IP, another account: its own budget
        for _ in range(30):
            assert upload(client, premium).status_code == 202
        assert_limited(upload(client, premium))


def test_answers_carry_rate_limit_headers(base_settings):
    with make_client(base_settings, rate_limit_user="3/minute") as client:
        headers = register(client)
        ok = client.get("/api/v1/decks", headers=headers)
        assert ok.status_code == 200
        assert ok.headers["X-RateLimit-Limit"] == "3" and ok.headers["RateLimit-Limit"] == "3"
        assert ok.headers["RateLimit-Remaining"] == "2"
        assert 0 <= int(ok.headers["RateLimit-Reset"]) <= 61  # seconds from now (rounded up)
        client.get("/api/v1/decks", headers=headers)
        client.get("/api/v1/decks", headers=headers)
        limited = client.get("/api/v1/decks", headers=headers)
        assert_limited(limited)
        assert limited.headers["RateLimit-Remaining"] == "0"


def test_anonymous_callers_are_limited_per_ip_before_the_token_check(base_settings):
    with make_client(base_settings, rate_limit_ip="3/minute") as client:
        for _ in range(3):
            assert_problem(client.get("/api/v1/decks"), 401, "unauthorized")
        assert_limited(client.get("/api/v1/decks"))
        other_ip = client.get("/api/v1/decks", environ_base={"REMOTE_ADDR": "198.51.100.4"})
        assert_problem(other_ip, 401, "unauthorized")


def test_signed_in_callers_are_limited_per_account_never_per_ip(base_settings):
    """A NAT: many accounts behind one address, each with its own budget; the IP limit is for
    callers without an account only."""
    with make_client(base_settings, rate_limit_ip="4/minute", rate_limit_user="3/minute") as client:
        ip = {"REMOTE_ADDR": "198.51.100.9"}
        tokens = []
        for n in range(3):
            first = client.post(
                "/api/v1/auth/register",
                json={"email": f"x{n}@example.com", "password": "long enough"},
                environ_base=ip,
            )
            tokens.append({"Authorization": f"Bearer {first.get_json()['token']}"})
        for token in tokens:  # 9 signed-in requests from one IP, over its anonymous limit of 4
            for _ in range(3):
                assert client.get("/api/v1/decks", headers=token, environ_base=ip).status_code == 200
        body = assert_limited(client.get("/api/v1/decks", headers=tokens[0], environ_base=ip))
        assert body["limit"] == "3 per 1 minute"  # the account's own limit, not the IP's
        assert client.get("/api/v1/decks", headers=tokens[1], environ_base=ip).status_code == 429
        assert_problem(client.get("/api/v1/decks", environ_base=ip), 401, "unauthorized")  # 1 of 4 anonymous


def test_health_metrics_and_preflights_are_never_limited(base_settings):
    with make_client(base_settings, rate_limit_user="2/minute", rate_limit_ip="2/minute") as client:
        for _ in range(20):
            response = client.get("/healthz")
            assert response.status_code == 200 and "X-RateLimit-Limit" not in response.headers
            assert client.options("/api/v1/decks").status_code != 429
            assert client.get("/metrics").status_code != 429
        if client.application.url_map.bind("localhost").test("/readyz"):
            assert client.get("/readyz").status_code != 429


def test_sign_in_is_limited_per_ip_and_per_email(base_settings):
    with make_client(
        base_settings, rate_limit_sign_in_ip="5/minute", abuse_ip_threshold=1000, abuse_account_threshold=1000
    ) as client:
        register(client, "a@example.com")
        for n in range(5):
            wrong = client.post("/api/v1/auth/token", json={"email": f"n{n}@example.com", "password": "nope"})
            assert_problem(wrong, 401, "unauthorized")
        assert_limited(client.post("/api/v1/auth/token", json={"email": "a@example.com", "password": "x"}))
    with make_client(
        base_settings, rate_limit_sign_in_email="3/hour", abuse_account_threshold=1000
    ) as client:
        for n in range(3):
            ip = {"REMOTE_ADDR": f"198.51.100.{n + 1}"}
            client.post(
                "/api/v1/auth/token", json={"email": "a@example.com", "password": "x"}, environ_base=ip
            )
        fresh_ip = {"REMOTE_ADDR": "198.51.100.200"}
        right = client.post(
            "/api/v1/auth/token",
            json={"email": "A@example.com", "password": "correct horse battery"},
            environ_base=fresh_ip,
        )
        assert_limited(right)


def test_registration_is_limited_per_ip(base_settings):
    with make_client(base_settings, rate_limit_register_ip="2/minute") as client:
        register(client)
        register(client)
        limited = client.post(
            "/api/v1/auth/register", json={"email": "z@example.com", "password": "long enough"}
        )
        assert_limited(limited)


def test_redis_down_falls_back_to_per_process_limits(base_settings):
    dead = {"redis_url": "redis://127.0.0.1:1/0", "rate_limit_user": "2/minute"}
    with make_client(base_settings, **dead) as client:
        headers = register(client)
        statuses = [client.get("/api/v1/decks", headers=headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]  # limited in memory: no 500, no fail-open


def test_a_429_is_not_a_security_event_and_never_blocks(base_settings):
    """Going too fast is not an attack: hundreds of refused requests, no event, no block."""
    with make_client(base_settings, rate_limit_user="2/minute", abuse_ip_threshold=5) as client:
        headers = register(client)
        statuses = [client.get("/api/v1/decks", headers=headers).status_code for _ in range(200)]
        assert statuses[:2] == [200, 200] and set(statuses[2:]) == {429}
        security = client.application.extensions["deckhand_security"]
        assert "rate_limited" not in security.totals()
        assert security.active_blocks() == []
        assert client.get("/api/v1/decks").status_code == 401  # the IP is not blocked (anonymous: 401)


def test_unblock_resets_the_rate_limits_of_an_ip_and_an_account(base_settings):
    with make_client(
        base_settings, rate_limit_user="2/minute", rate_limit_ip="3/minute", rate_limit_sign_in_ip="1/minute"
    ) as client:
        email = "nat@example.com"
        headers = register(client, email)  # anonymous request 1 of the IP
        user_id = _user_id(client, headers)
        for _ in range(2):
            client.get("/api/v1/decks", headers=headers)
        assert_limited(client.get("/api/v1/decks", headers=headers))
        client.post("/api/v1/auth/token", json={"email": email, "password": "correct horse battery"})
        assert_limited(client.post("/api/v1/auth/token", json={"email": email, "password": "x"}))
        security = client.application.extensions["deckhand_security"]
        blocks, counters = security.lift_all(email, by="test", user_id=user_id)
        assert blocks == 0 and counters >= 1
        assert client.get("/api/v1/decks", headers=headers).status_code == 200
        blocks, counters = security.lift_all("127.0.0.1", by="test")
        assert counters >= 1  # the sign-in limit per IP (Flask-Limiter's) and the anonymous one
        signed_in = client.post(
            "/api/v1/auth/token", json={"email": email, "password": "correct horse battery"}
        )
        assert signed_in.status_code == 200, signed_in.get_json()


def _user_id(client, headers) -> int:
    return int(client.get("/api/v1/auth/me", headers=headers).get_json()["user"]["id"])


def test_daily_upload_quota(base_settings):
    quota = {"quota_uploads_per_day": 2, "quota_uploads_per_day_premium": 3}
    with make_client(base_settings, **quota) as client:
        free, premium = register(client), register(client, "p@example.com")
        set_role(base_settings, "p@example.com", Role.PREMIUM)
        assert upload(client, free).status_code == 202
        assert upload(client, free).status_code == 202
        body = assert_limited(upload(client, free), "quota_exceeded")
        assert body["quota"] == "uploads" and body["used"] == 2 and body["limit"] == 2
        me = client.get("/api/v1/auth/me", headers=free).get_json()
        assert me["quotas"]["uploads"] == {"used": 2, "limit": 2, "remaining": 0}
        for _ in range(3):
            assert upload(client, premium).status_code == 202
        assert_limited(upload(client, premium), "quota_exceeded")


def test_daily_llm_token_quota(base_settings):
    with make_client(base_settings, quota_llm_tokens_per_day=1000) as client:
        headers = register(client)
        user_id = client.get("/api/v1/auth/me", headers=headers).get_json()["user"]["id"]
        settings = client.application.extensions["deckhand"].settings
        with redis.Redis.from_url(settings.redis_url) as r:
            assert record_llm_tokens(r, settings, user_id, 600) == 600
            assert upload(client, headers).status_code == 202
            record_llm_tokens(r, settings, user_id, 400)
        body = assert_limited(upload(client, headers), "quota_exceeded")
        assert body["quota"] == "llm_tokens" and body["used"] == 1000
        me = client.get("/api/v1/auth/me", headers=headers).get_json()
        assert me["quotas"]["llm_tokens"] == {"used": 1000, "limit": 1000, "remaining": 0}


@pytest.mark.parametrize(
    "field", ["RATE_LIMIT_USER", "RATE_LIMIT_SIGN_IN_EMAIL", "RATE_LIMIT_UPLOAD_PREMIUM"]
)
def test_a_malformed_limit_fails_startup_naming_it(field):
    with pytest.raises(ConfigError, match=f"{field}: .*not a rate limit"):
        load_settings(**{field.lower(): "lots per day"}, _env_file=None)


def test_only_limited_answers_carry_retry_after(base_settings):
    """Flask-Limiter would put Retry-After on every answer; only those that ask for a wait keep it."""
    with make_client(base_settings, rate_limit_user="3/minute") as client:
        headers = register(client)
        assert_not_limited(client.get("/api/v1/decks", headers=headers), 200)
        assert_not_limited(client.get("/api/v1/decks", headers={"Authorization": "Bearer dh_nope"}), 401)
        assert_not_limited(client.get("/api/v1/jobs/" + "0" * 32, headers=headers), 404)
        assert_not_limited(client.get("/api/v1/decks", headers=headers), 200)  # the account's 3rd
        assert_limited(client.get("/api/v1/decks", headers=headers))


def test_a_quota_429_carries_rate_limit_headers_with_limits_off(base_settings):
    """A 429 the limiter did not make (here: limits off, a quota) still has every header."""
    with make_client(base_settings, rate_limits_enabled=False, quota_uploads_per_day=1) as client:
        headers = register(client)
        assert upload(client, headers).status_code == 202
        quota = upload(client, headers)
        assert_limited(quota, "quota_exceeded")
        assert quota.headers["RateLimit-Limit"] == "1"  # the quota that refused it
        assert int(quota.headers["RateLimit-Reset"]) >= int(quota.headers["Retry-After"]) - 1
        ok = client.get("/api/v1/decks", headers=headers)
        assert ok.status_code == 200 and "Retry-After" not in ok.headers


def test_the_gate_survives_redis_forgetting_its_script(base_settings):
    """The gate's one command is a Lua script called by its SHA: a Redis that lost its script
    cache (a restart, a failover, ``SCRIPT FLUSH``) gets it again, and counting goes on where
    it was (the counters are ordinary keys), with no error and no fallback to memory."""
    with make_client(base_settings, rate_limit_user="3/minute") as client:
        headers = register(client)
        assert client.get("/api/v1/decks", headers=headers).headers["RateLimit-Remaining"] == "2"
        security = client.application.extensions["deckhand_security"]
        security.client().script_flush()
        second = client.get("/api/v1/decks", headers=headers)
        assert second.status_code == 200 and second.headers["RateLimit-Remaining"] == "1"
        assert security.client() is not None  # not marked down: the script was simply loaded again
        client.get("/api/v1/decks", headers=headers)
        assert_limited(client.get("/api/v1/decks", headers=headers))
