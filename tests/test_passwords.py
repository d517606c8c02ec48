"""Argon2id at OWASP's cost; hashes made with older parameters still verify and are upgraded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from argon2 import PasswordHasher, extract_parameters
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlmodel import Session, select

from api import create_app
from api.auth import hash_password, verify_password
from config import ConfigError, Settings, load_settings
from models import User
from tests.stack import register


def test_new_hashes_use_owasp_parameters(base_settings: Settings) -> None:
    params = extract_parameters(hash_password("correct horse battery", base_settings))
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19_456, 2, 1)
    assert params.type.name == "ID"


def test_a_hash_with_the_old_parameters_verifies_and_is_upgraded_at_sign_in(base_settings: Settings) -> None:
    app = create_app(base_settings)
    with app.test_client() as client:
        register(client, "old@example.com")
        engine = app.extensions["deckhand"].engine
        old_hash = PasswordHasher(memory_cost=65_536, time_cost=3, parallelism=4).hash(
            "correct horse battery"
        )
        with Session(engine) as session:
            user = session.exec(select(User).where(User.email == "old@example.com")).one()
            user.password_hash = old_hash
            session.add(user)
            session.commit()
        assert verify_password(old_hash, "correct horse battery", base_settings)
        wrong = client.post("/api/v1/auth/token", json={"email": "old@example.com", "password": "nope"})
        assert wrong.status_code == 401
        right = client.post(
            "/api/v1/auth/token", json={"email": "old@example.com", "password": "correct horse battery"}
        )
        assert right.status_code == 200, right.get_json()
        with Session(engine) as session:
            stored = session.exec(select(User).where(User.email == "old@example.com")).one().password_hash
    assert stored != old_hash
    assert extract_parameters(stored).memory_cost == 19_456


def test_password_hash_parameters_below_owasp_fail_startup() -> None:
    with pytest.raises(ConfigError, match="PASSWORD_HASH_MEMORY_KIB"):
        load_settings(password_hash_memory_kib=1024, _env_file=None)


@pytest.fixture
def connections_held_while_hashing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """For each Argon2 hash or verification the app makes: how many database connections it held."""
    engine = app.extensions["deckhand"].engine
    held = [0]
    seen: list[int] = []
    event.listen(engine, "checkout", lambda *_: held.__setitem__(0, held[0] + 1))
    event.listen(engine, "checkin", lambda *_: held.__setitem__(0, held[0] - 1))

    def observed(name: str) -> Callable[..., object]:
        real = getattr(PasswordHasher, name)

        def call(self: PasswordHasher, *args: object) -> object:
            seen.append(held[0])
            return real(self, *args)

        return call

    for name in ("hash", "verify"):
        monkeypatch.setattr(PasswordHasher, name, observed(name))
    return seen


@pytest.mark.sql
def test_sign_up_and_sign_in_hold_no_database_connection_while_hashing(
    client: FlaskClient, connections_held_while_hashing: list[int]
) -> None:
    # Under a burst the hashes queue for the CPU; a connection held meanwhile starves every request.
    register(client, "burst@example.com")
    right = client.post(
        "/api/v1/auth/token", json={"email": "burst@example.com", "password": "correct horse battery"}
    )
    wrong = client.post(
        "/api/v1/auth/token", json={"email": "burst@example.com", "password": "not it at all"}
    )
    unknown = client.post("/api/v1/auth/token", json={"email": "nobody@example.com", "password": "whatever"})
    assert (right.status_code, wrong.status_code, unknown.status_code) == (200, 401, 401)
    assert len(connections_held_while_hashing) >= 4  # the sign-up's hash and three verifications
    assert connections_held_while_hashing == [0] * len(connections_held_while_hashing)


@pytest.mark.sql
def test_sign_up_with_a_taken_email_is_still_a_conflict(client: FlaskClient) -> None:
    register(client, "taken@example.com")
    again = client.post(
        "/api/v1/auth/register", json={"email": "taken@example.com", "password": "another password"}
    )
    assert again.status_code == 409
    assert again.get_json()["code"] == "conflict"
