"""Penalties that fit the offence, on a real Redis and a real database.

* A burst of requests over a limit is one strike: no penalty for it alone.
* A 429 is logged but never counts toward an abuse block.
* ``deckhand security list`` shows penalties and blocks; ``security unblock`` lifts both.
"""

from __future__ import annotations

import redis
from click.testing import CliRunner
from sqlmodel import Session, select

from cli import main
from config import Settings
from models import User
from models.db import make_engine
from models.security import SecurityBlock
from tests.stack import app_with, register, settings_env, wait_for

EMAIL = "fast@example.com"


def _penalty_keys(settings: Settings, user_id: int) -> tuple[str, str]:
    base = f"{settings.security_key_prefix}:sec:pen"
    return f"{base}:strikes:user:{user_id}", f"{base}:block:user:{user_id}"


def _user_id(settings: Settings) -> int:
    engine = make_engine(settings)
    with Session(engine) as session:
        user_id = session.exec(select(User.id).where(User.email == EMAIL)).one()
    engine.dispose()
    assert user_id is not None
    return user_id


def test_a_burst_is_one_strike_and_429s_never_block(base_settings: Settings) -> None:
    app = app_with(base_settings, rate_limit_user="2/second", abuse_account_threshold=3, abuse_ip_threshold=3)
    client_r = redis.Redis.from_url(str(base_settings.redis_url))
    with app.test_client() as client:
        headers = register(client, EMAIL)
        statuses = [client.get("/api/v1/decks", headers=headers).status_code for _ in range(12)]
        assert statuses.count(429) >= 9, statuses
        strikes_key, block_key = _penalty_keys(base_settings, _user_id(base_settings))
        assert client_r.get(strikes_key) == b"1", "twelve hits within the gap are one strike"
        assert not client_r.exists(block_key), "a first strike costs only the limit's window"
        # Ten 429s over an abuse threshold of 3: still no block (going too fast is not an attack).
        engine = make_engine(base_settings)
        with Session(engine) as session:
            assert session.exec(select(SecurityBlock)).all() == []
        engine.dispose()
        wait_for(lambda: client.get("/api/v1/decks", headers=headers).status_code == 200, 10, "the window")
    client_r.close()


def test_security_list_shows_a_penalty_and_unblock_lifts_it(base_settings: Settings) -> None:
    app = app_with(base_settings, rate_limit_user="2/second", rate_limit_penalty_base_s=300)
    client_r = redis.Redis.from_url(str(base_settings.redis_url))
    env = settings_env(base_settings)
    runner = CliRunner()
    with app.test_client() as client:
        headers = register(client, EMAIL)
        strikes_key, block_key = _penalty_keys(base_settings, _user_id(base_settings))
        # Two offences, more than the strike gap apart: a penalty of 300 s.
        for _ in range(2):
            wait_for(lambda: not client_r.exists(f"{strikes_key}:gap"), 10, "the strike gap")
            wait_for(lambda: client.get("/api/v1/decks", headers=headers).status_code == 429, 10, "a 429")
        assert client_r.get(strikes_key) == b"2"
        assert 250 < client_r.ttl(block_key) <= 300
        listed = runner.invoke(main, ["security", "list"], env=env)
        assert listed.exit_code == 0, listed.output
        assert f"penalty  user:{_user_id(base_settings)}" in listed.output and "strikes=2" in listed.output

        lifted = runner.invoke(main, ["security", "unblock", EMAIL], env=env)
        assert lifted.exit_code == 0, lifted.output
        assert not client_r.exists(block_key) and not client_r.exists(strikes_key)
        wait_for(
            lambda: client.get("/api/v1/decks", headers=headers).status_code == 200, 10, "the lifted penalty"
        )
        assert (
            runner.invoke(main, ["security", "list"], env=env).output.strip()
            == "no active blocks or penalties"
        )
        again = runner.invoke(main, ["security", "unblock", EMAIL], env=env)
        assert again.exit_code == 1 and "No active block or penalty" in again.output
    client_r.close()
