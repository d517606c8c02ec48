"""Sessions, API keys, sign-out, /auth/me and roles, against a real database and Redis."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import update
from sqlmodel import Session, select

from api import create_app
from api.auth import api_key_well_formed, new_api_key
from api.commands import set_role
from cli import main
from config import load_settings
from errors import NotFound
from models import ApiToken, Role, utcnow
from models.db import make_engine
from tests.conftest import assert_problem
from tests.stack import register


@pytest.fixture
def acc_settings(base_settings):
    """The settings of the kit's ``client`` (tests/conftest.py)."""
    return base_settings


def sign_in(client, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": "correct horse battery"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_sign_out_revokes_only_the_current_token(client):
    first = register(client, "a@example.com")
    second = sign_in(client, "a@example.com")
    assert client.post("/api/v1/auth/sign-out", headers=first).status_code == 204
    assert_problem(client.get("/api/v1/decks", headers=first), 401, "unauthorized")
    assert client.get("/api/v1/decks", headers=second).status_code == 200
    assert_problem(client.post("/api/v1/auth/sign-out"), 401, "unauthorized")


def test_sign_out_everywhere_revokes_every_session_but_not_api_keys(client):
    first = register(client, "a@example.com")
    second = sign_in(client, "a@example.com")
    other = register(client, "b@example.com")
    key = client.post("/api/v1/auth/api-keys", headers=first, json={}).get_json()["key"]
    response = client.post("/api/v1/auth/sign-out-everywhere", headers=second)
    assert response.status_code == 200 and response.get_json() == {"revoked_sessions": 2}
    for headers in (first, second):
        assert_problem(client.get("/api/v1/decks", headers=headers), 401, "unauthorized")
    assert client.get("/api/v1/decks", headers=bearer(key)).status_code == 200
    assert client.get("/api/v1/decks", headers=other).status_code == 200  # another account untouched


def test_api_key_lifecycle(client, acc_settings):
    headers = register(client, "a@example.com")
    created = client.post(
        "/api/v1/auth/api-keys", headers=headers, json={"name": "nightly sync", "expires_in_days": 30}
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    key = body["key"]
    assert re.fullmatch(r"dhk_[0-9A-Za-z]{38}", key) and api_key_well_formed(key)
    assert body["prefix"] == key[:12] and body["name"] == "nightly sync" and body["expires_at"]
    assert created.headers["Location"] == f"/api/v1/auth/api-keys/{body['id']}"

    assert client.get("/api/v1/decks", headers=bearer(key)).status_code == 200
    listed = client.get("/api/v1/auth/api-keys", headers=headers).get_json()["api_keys"]
    assert [k["id"] for k in listed] == [body["id"]]
    assert listed[0]["last_used_at"] is not None and listed[0]["prefix"] == key[:12]
    assert key not in client.get("/api/v1/auth/api-keys", headers=headers).get_data(as_text=True)

    # Stored only as a 64-hex HMAC: the key itself is in no column.
    engine = make_engine(acc_settings)
    with Session(engine) as session:
        row = session.get(ApiToken, body["id"])
        assert row is not None and re.fullmatch(r"[0-9a-f]{64}", row.token_hash)
        assert key not in repr(row.model_dump())
    engine.dispose()

    me = client.get("/api/v1/auth/me", headers=bearer(key)).get_json()
    assert me["token"] == {"kind": "api_key", "expires_at": body["expires_at"], "name": "nightly sync"}

    assert client.delete(f"/api/v1/auth/api-keys/{body['id']}", headers=headers).status_code == 204
    assert_problem(client.get("/api/v1/decks", headers=bearer(key)), 401, "unauthorized")
    assert_problem(client.delete(f"/api/v1/auth/api-keys/{body['id']}", headers=headers), 404, "not_found")
    assert client.get("/api/v1/auth/api-keys", headers=headers).get_json()["api_keys"] == []


def test_a_key_without_expiry_and_an_expired_key(client, acc_settings):
    headers = register(client, "a@example.com")
    body = client.post("/api/v1/auth/api-keys", headers=headers, json={}).get_json()
    assert body["expires_at"] is None and body["name"] is None
    engine = make_engine(acc_settings)
    with Session(engine) as session:
        session.execute(
            update(ApiToken).where(ApiToken.id == body["id"]).values(expires_at=utcnow() - timedelta(days=1))
        )
        session.commit()
    engine.dispose()
    assert_problem(client.get("/api/v1/decks", headers=bearer(body["key"])), 401, "token_expired")
    assert client.get("/api/v1/auth/api-keys", headers=headers).get_json()["api_keys"][0]["expired"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": "soon"}, "expires_in_days"),
        ({"expires_in_days": 100_000}, "expires_in_days"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "evil\nname"}, "name"),
    ],
    ids=["zero-days", "not-a-number", "too-long-expiry", "empty-name", "long-name", "control-chars"],
)
def test_bad_api_key_requests_name_the_field(client, payload, field):
    headers = register(client)
    body = assert_problem(
        client.post("/api/v1/auth/api-keys", headers=headers, json=payload), 422, "validation_failed"
    )
    assert [p["name"] for p in body["invalid_params"]] == [field]


def test_api_keys_cannot_mint_keys_and_are_capped(client, acc_settings):
    capped = load_settings(**{**acc_settings.model_dump(), "api_keys_per_user": 2}, _env_file=None)
    with create_app(capped).test_client() as client:
        headers = register(client)
        key = client.post("/api/v1/auth/api-keys", headers=headers, json={}).get_json()["key"]
        assert_problem(client.post("/api/v1/auth/api-keys", headers=bearer(key), json={}), 403, "forbidden")
        assert client.post("/api/v1/auth/api-keys", headers=headers, json={}).status_code == 201
        body = assert_problem(client.post("/api/v1/auth/api-keys", headers=headers, json={}), 409, "conflict")
        assert "DELETE /api/v1/auth/api-keys" in body["hint"]


def broken_checksum() -> str:
    key = new_api_key()
    return key[:-1] + ("A" if key[-1] != "A" else "B")  # the random part unchanged: checksum mismatch


@pytest.mark.parametrize(
    "token",
    [broken_checksum(), "dhk_short", new_api_key(), "dh_not-issued", "ghp_someone-elses"],
    ids=["bad-checksum", "malformed", "unknown-key", "unknown-session", "foreign-token"],
)
def test_bad_tokens_are_refused(client, token):
    assert_problem(client.get("/api/v1/decks", headers=bearer(token)), 401, "unauthorized")


def test_me_shows_account_token_quotas_and_limits(client):
    headers = register(client, "Me@Example.com")
    body = client.get("/api/v1/auth/me", headers=headers).get_json()
    assert body["user"]["email"] == "me@example.com" and body["user"]["role"] == "user"
    assert body["token"]["kind"] == "session" and body["token"]["expires_at"]
    assert body["quotas"]["uploads"] == {"used": 0, "limit": 30, "remaining": 30}
    assert body["quotas"]["llm_tokens"] == {"used": 0, "limit": 200_000, "remaining": 200_000}
    assert body["rate_limits"] == {"requests": "120/minute", "uploads": "5/minute"}
    assert_problem(client.get("/api/v1/auth/me"), 401, "unauthorized")


def test_roles_change_limits_and_quotas(client, acc_settings):
    headers = register(client, "p@example.com")
    set_role(acc_settings, "P@example.com", Role.PREMIUM)
    body = client.get("/api/v1/auth/me", headers=headers).get_json()
    assert body["user"]["role"] == "premium"
    assert body["rate_limits"] == {"requests": "600/minute", "uploads": "30/minute"}
    assert body["quotas"]["uploads"]["limit"] == 300
    set_role(acc_settings, "p@example.com", Role.ADMIN)
    body = client.get("/api/v1/auth/me", headers=headers).get_json()
    assert body["quotas"]["uploads"] == {"used": 0, "limit": None, "remaining": None}
    with pytest.raises(NotFound):
        set_role(acc_settings, "nobody@example.com", Role.ADMIN)


def cli_env(settings) -> dict[str, str]:
    return {
        "DATA_DIR": str(settings.data_dir),
        "DATABASE_URL": settings.sqlalchemy_url,
        "REDIS_URL": settings.redis_url or "",
        "SECURITY_KEY_PREFIX": settings.security_key_prefix,
    }


def test_the_set_role_command(client, acc_settings):
    register(client, "boss@example.com")
    runner = CliRunner()
    result = runner.invoke(
        main, ["users", "set-role", "boss@example.com", "admin"], env=cli_env(acc_settings)
    )
    assert result.exit_code == 0, result.output
    assert "boss@example.com is now admin" in result.output
    engine = make_engine(acc_settings)
    with Session(engine) as session:
        from models import User

        assert session.exec(select(User.role).where(User.email == "boss@example.com")).one() == "admin"
    engine.dispose()

    unknown = runner.invoke(
        main, ["users", "set-role", "ghost@example.com", "admin"], env=cli_env(acc_settings)
    )
    assert unknown.exit_code == 1 and "No account with email 'ghost@example.com'" in unknown.output
    bad_role = runner.invoke(
        main, ["users", "set-role", "boss@example.com", "root"], env=cli_env(acc_settings)
    )
    assert bad_role.exit_code == 2 and "'root' is not one of" in bad_role.output


def test_the_revoke_tokens_command_ends_every_session_and_api_key(client, acc_settings):
    victim = register(client, "victim@example.com")
    second = sign_in(client, "victim@example.com")
    key = client.post("/api/v1/auth/api-keys", headers=victim, json={"name": "cron"}).get_json()["key"]
    bystander = register(client, "bystander@example.com")
    for headers in (victim, second, bearer(key), bystander):
        assert client.get("/api/v1/decks", headers=headers).status_code == 200

    runner = CliRunner()
    result = runner.invoke(main, ["users", "revoke-tokens", "Victim@Example.com"], env=cli_env(acc_settings))
    assert result.exit_code == 0, result.output
    assert "revoked 2 session(s) and 1 API key(s) of victim@example.com" in result.output
    for headers in (victim, second, bearer(key)):
        assert_problem(client.get("/api/v1/decks", headers=headers), 401, "unauthorized")
    assert client.get("/api/v1/decks", headers=bystander).status_code == 200
    assert client.get("/api/v1/decks", headers=sign_in(client, "victim@example.com")).status_code == 200

    again = runner.invoke(main, ["users", "revoke-tokens", "victim@example.com"], env=cli_env(acc_settings))
    assert again.exit_code == 0 and "revoked 1 session(s) and 0 API key(s)" in again.output
    unknown = runner.invoke(main, ["users", "revoke-tokens", "ghost@example.com"], env=cli_env(acc_settings))
    assert unknown.exit_code == 1
    lines = unknown.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("deckhand: No account with email 'ghost@example.com'")
    assert "(not_found)" in lines[0] and "Traceback" not in unknown.output
