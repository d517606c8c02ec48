"""Security events are counted in Redis; bursts block an IP or an account until it expires or is lifted."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import update
from sqlmodel import Session, select

from api.security_events import (
    EventKind,
    SecurityAlert,
    SecurityMonitor,
    _alert_hooks,
    record_security_event,
    register_alert_hook,
)
from cli import main
from models import ApiToken, utcnow
from models.db import make_engine
from models.security import SecurityBlock
from tests.conftest import assert_problem, tiny_png
from tests.stack import app_with, register, wait_for
from tests.test_accounts import cli_env

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
BYSTANDER = {"REMOTE_ADDR": "203.0.113.77"}


def security_of(app) -> SecurityMonitor:
    found: SecurityMonitor = app.extensions["deckhand_security"]
    return found


@pytest.fixture
def alerts():
    received: list[SecurityAlert] = []
    register_alert_hook(received.append)
    yield received
    _alert_hooks.remove(received.append)


def wrong_sign_in(client, email="victim@example.com", environ=ATTACKER):
    return client.post("/api/v1/auth/token", json={"email": email, "password": "guess"}, environ_base=environ)


def test_a_burst_of_failed_sign_ins_blocks_the_ip(base_settings, alerts):
    app = app_with(
        base_settings, abuse_ip_threshold=3, abuse_account_threshold=1000, rate_limit_sign_in_ip="100/minute"
    )
    with app.test_client() as client:
        bystander = register(client)
        for _ in range(3):
            assert_problem(wrong_sign_in(client), 401, "unauthorized")
        blocked = client.get("/api/v1/decks", headers=bystander, environ_base=ATTACKER)
        body = assert_problem(blocked, 403, "blocked")
        assert 0 < int(blocked.headers["Retry-After"]) <= 900 and "IP address" in body["detail"]
        assert client.get("/api/v1/decks", headers=bystander, environ_base=BYSTANDER).status_code == 200
        assert client.get("/healthz", environ_base=ATTACKER).status_code == 200
        assert [(a.subject_kind, a.subject, a.events) for a in alerts] == [("ip", "203.0.113.66", 3)]
        totals = security_of(app).totals()
        assert totals["failed_sign_in"] == 3 and totals["blocked_request"] == 1

        runner = CliRunner()
        env = cli_env(app.extensions["deckhand"].settings)
        listed = runner.invoke(main, ["security", "blocks"], env=env)
        assert listed.exit_code == 0 and "203.0.113.66" in listed.output
        events = runner.invoke(main, ["security", "events", "-n", "5"], env=env)
        assert events.exit_code == 0 and "failed_sign_in=3" in events.output
        lifted = runner.invoke(main, ["security", "unblock", "203.0.113.66"], env=env)
        assert lifted.exit_code == 0 and "lifted 1 block(s)" in lifted.output
        assert client.get("/api/v1/decks", headers=bystander, environ_base=ATTACKER).status_code == 200
        again = runner.invoke(main, ["security", "unblock", "203.0.113.66"], env=env)
        assert again.exit_code == 1
        assert "No active block or rate-limit count for '203.0.113.66'" in again.output

    engine = make_engine(app.extensions["deckhand"].settings)
    with Session(engine) as session:
        row = session.exec(select(SecurityBlock)).one()
        assert row.subject_kind == "ip" and row.lifted_at is not None and row.lifted_by.startswith("cli:")
    engine.dispose()


def test_a_burst_against_one_account_blocks_the_account_from_any_ip(base_settings):
    app = app_with(base_settings, abuse_ip_threshold=1000, abuse_account_threshold=3)
    with app.test_client() as client:
        victim = register(client, "victim@example.com")
        for n in range(3):
            wrong_sign_in(client, environ={"REMOTE_ADDR": f"198.51.100.{n + 1}"})
        right = client.post(
            "/api/v1/auth/token",
            json={"email": "victim@example.com", "password": "correct horse battery"},
            environ_base=BYSTANDER,
        )
        assert "account" in assert_problem(right, 403, "blocked")["detail"].lower()
        assert_problem(client.get("/api/v1/decks", headers=victim), 403, "blocked")
        assert register(client, "someone@example.com")  # other accounts are fine
        assert security_of(app).lift("Victim@Example.com", by="test") == 1
        assert client.get("/api/v1/decks", headers=victim).status_code == 200


def test_a_burst_across_a_window_boundary_still_blocks(base_settings):
    """Counted in a sliding window: four failures just before a window ends and four just after
    are eight in ten seconds, over the threshold of six, although neither fixed window saw six."""
    window = 10
    app = app_with(base_settings, abuse_window_s=window, abuse_ip_threshold=6, abuse_account_threshold=1000)
    monitor = security_of(app)

    def burst() -> None:
        for n in range(4):
            monitor.record(
                EventKind.FAILED_SIGN_IN,
                ip="203.0.113.66",
                account=f"v{n}@example.com",
                detail="x",
                path=None,
            )

    wait_for(lambda: 7.5 <= time.time() % window < 8.5, timeout_s=2 * window, what="late in a window")
    burst()
    assert monitor.blocked_for("ip", "203.0.113.66") == 0
    wait_for(lambda: time.time() % window < 1.0, timeout_s=2 * window, what="the next window")
    burst()
    assert monitor.blocked_for("ip", "203.0.113.66") > 0
    [block] = monitor.active_blocks()
    assert block.subject_kind == "ip" and 6 <= block.events <= 8


def test_token_misuse_is_counted(base_settings):
    app = app_with(base_settings)
    with app.test_client() as client:
        revoked = register(client)
        client.post("/api/v1/auth/sign-out", headers=revoked)
        expired = register(client)
        engine = make_engine(app.extensions["deckhand"].settings)
        with Session(engine) as session:
            token = expired["Authorization"].split()[1]
            from api.auth import token_digest

            digest = token_digest(app.extensions["deckhand"].settings, token)
            session.execute(
                update(ApiToken)
                .where(ApiToken.token_hash == digest)
                .values(expires_at=utcnow() - timedelta(minutes=1))
            )
            session.commit()
        engine.dispose()
        assert_problem(client.get("/api/v1/decks", headers=revoked), 401, "unauthorized")
        assert_problem(client.get("/api/v1/decks", headers=expired), 401, "token_expired")
        assert_problem(
            client.get("/api/v1/decks", headers={"Authorization": "Bearer dh_made-up"}), 401, "unauthorized"
        )
        details = sorted(e["detail"] for e in security_of(app).recent() if e["kind"] == "token_misuse")
    assert details == ["expired session", "revoked session", "unknown token"]


def test_foreign_ids_and_rejected_uploads_are_events(base_settings):
    app = app_with(base_settings)
    with app.test_client() as client:
        owner, other = register(client), register(client)
        rejected = client.post(
            "/api/v1/documents",
            headers=owner,
            data={"file": (io.BytesIO(tiny_png()), "photo.pdf")},
            content_type="multipart/form-data",
        )
        assert_problem(rejected, 415, "unsupported_document")
        accepted = client.post(
            "/api/v1/documents",
            headers=owner,
            data={"file": (io.BytesIO(b"# Notes\n\nSome text worth a card.\n"), "n.md")},
            content_type="multipart/form-data",
        )
        job_id = accepted.get_json()["id"]
        assert_problem(client.get(f"/api/v1/jobs/{job_id}", headers=other), 404, "not_found")
        assert_problem(
            client.get("/api/v1/jobs/" + "0" * 32, headers=other), 404, "not_found"
        )  # not an event
        events = security_of(app).recent()
    kinds = [(e["kind"], e["detail"]) for e in events]
    assert ("upload_rejected", "unsupported_document") in kinds
    assert kinds.count(("foreign_id", "job of another account")) == 1


def test_rate_limit_hits_are_not_events(base_settings):
    """An ordinary 429 is a client going too fast, not an attack: logged, never a security event."""
    app = app_with(base_settings, rate_limit_ip="1/minute")
    with app.test_client() as client:
        assert client.get("/api/v1/decks").status_code == 401
        assert client.get("/api/v1/decks").status_code == 429
        assert "rate_limited" not in security_of(app).totals()
        assert security_of(app).recent() == []


def test_blocks_hold_when_redis_is_down(base_settings):
    app = app_with(base_settings, redis_url="redis://127.0.0.1:1/0")
    security_of(app).block("ip", "203.0.113.66", reason="test", events=0, seconds=300)
    record_security_event(EventKind.FAILED_SIGN_IN, ip="203.0.113.66", security=security_of(app))  # no raise
    with app.test_client() as client:
        assert client.get("/healthz", environ_base=ATTACKER).status_code == 200
        response = client.get("/api/v1/decks", environ_base=ATTACKER)
        assert_problem(response, 403, "blocked")
        assert 0 < int(response.headers["Retry-After"]) <= 300
        assert_problem(client.get("/api/v1/decks", environ_base=BYSTANDER), 401, "unauthorized")


def test_record_security_event_never_raises():
    record_security_event(EventKind.FOREIGN_ID, detail="outside any request")  # no monitor: logged only
    record_security_event("not-a-kind")  # an unknown kind is logged, not raised


def test_the_block_command_blocks_an_ip_or_an_account_by_hand(base_settings, alerts):
    app = app_with(base_settings)
    env = cli_env(app.extensions["deckhand"].settings)
    runner = CliRunner()
    with app.test_client() as client:
        victim = register(client, "mallory@example.com")
        bystander = register(client)
        by_ip = runner.invoke(
            main, ["security", "block", "203.0.113.66", "--minutes", "30", "--reason", "scraping"], env=env
        )
        assert by_ip.exit_code == 0, by_ip.output
        assert by_ip.output.startswith("blocked ip 203.0.113.66 until ")
        response = client.get("/api/v1/decks", headers=bystander, environ_base=ATTACKER)
        assert_problem(response, 403, "blocked")
        assert 29 * 60 < int(response.headers["Retry-After"]) <= 30 * 60
        assert client.get("/api/v1/decks", headers=bystander, environ_base=BYSTANDER).status_code == 200

        by_email = runner.invoke(
            main,
            ["security", "block", "Mallory@Example.com", "--minutes", "5", "--reason", "stolen laptop"],
            env=env,
        )
        assert by_email.exit_code == 0, by_email.output
        assert_problem(client.get("/api/v1/decks", headers=victim, environ_base=BYSTANDER), 403, "blocked")
        blocked_sign_in = client.post(
            "/api/v1/auth/token",
            json={"email": "mallory@example.com", "password": "correct horse battery"},
            environ_base=BYSTANDER,
        )
        assert_problem(blocked_sign_in, 403, "blocked")

        listed = runner.invoke(main, ["security", "blocks"], env=env)
        assert "203.0.113.66" in listed.output and "mallory@example.com" in listed.output
        assert "stolen laptop" in listed.output
        lifted = runner.invoke(main, ["security", "unblock", "mallory@example.com"], env=env)
        assert lifted.exit_code == 0
        assert client.get("/api/v1/decks", headers=victim, environ_base=BYSTANDER).status_code == 200
    assert [(a.subject_kind, a.subject) for a in alerts] == [
        ("ip", "203.0.113.66"),
        ("account", "mallory@example.com"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["ghost@example.com", "--minutes", "5", "--reason", "x"],
            "No account with email 'ghost@example.com'",
        ),
        (
            ["not-an-ip", "--minutes", "5", "--reason", "x"],
            "'not-an-ip' is neither an IP address nor an email",
        ),
        (["203.0.113.9", "--minutes", "5", "--reason", "   "], "give a reason"),
    ],
)
def test_the_block_command_refuses_bad_subjects_in_one_line(base_settings, args, message):
    env = cli_env(app_with(base_settings).extensions["deckhand"].settings)
    result = CliRunner().invoke(main, ["security", "block", *args], env=env)
    assert result.exit_code != 0 and message in result.output, result.output
    assert "Traceback" not in result.output
    if "@" in args[0] or "not-an-ip" in args[0]:
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert security_of(app_with(base_settings)).active_blocks() == []


def test_the_block_command_blocks_nothing_when_redis_is_down(base_settings):
    settings = app_with(base_settings).extensions["deckhand"].settings
    env = {**cli_env(settings), "REDIS_URL": "redis://127.0.0.1:1/0"}
    result = CliRunner().invoke(
        main, ["security", "block", "203.0.113.9", "--minutes", "5", "--reason", "x"], env=env
    )
    assert result.exit_code == 5  # cli_failures.Exit.UNREACHABLE, checked before anything is written
    assert "Redis at 127.0.0.1:1 cannot be reached" in result.output
    assert security_of(app_with(base_settings)).active_blocks() == []
