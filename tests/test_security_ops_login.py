"""The ops dashboard's sign-in form is guarded like the API's: limits, security events, field caps."""

from __future__ import annotations

import re

import pytest

from api.commands import set_role
from api.security_events import SecurityMonitor
from models import Role
from tests.conftest import assert_problem
from tests.stack import app_with, register
from tests.test_rate_limits import assert_limited

PASSWORD = "correct horse battery"
ADMIN = "root@example.com"


def ops_login(client, email: str, password: str, ip: str = "203.0.113.50"):
    """The browser's way: fetch the form (its CSRF cookie and token), then post it."""
    environ = {"REMOTE_ADDR": ip}
    form = client.get("/ops/login", environ_base=environ).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]*)"', form)
    assert token, form[:300]
    return client.post(
        "/ops/login",
        data={"email": email, "password": password, "csrf_token": token.group(1)},
        environ_base=environ,
    )


def with_admin(app, settings) -> None:
    with app.test_client() as client:
        register(client, ADMIN)
    set_role(settings, ADMIN, Role.ADMIN)


def security_events(app) -> list[dict[str, str]]:
    security: SecurityMonitor = app.extensions["deckhand_security"]
    return security.recent()


def test_ops_sign_in_is_limited_per_ip_sharing_the_api_sign_in_budget(base_settings):
    app = app_with(
        base_settings, rate_limit_sign_in_ip="5/minute", abuse_ip_threshold=1000, abuse_account_threshold=1000
    )
    with_admin(app, base_settings)
    with app.test_client() as client:
        for _ in range(3):  # RATE_LIMIT_SIGN_IN_IP here: 5/minute
            wrong = ops_login(client, ADMIN, "not the password")
            assert wrong.status_code == 401 and "Wrong email or password" in wrong.get_data(as_text=True)
        for _ in range(2):
            api = client.post(
                "/api/v1/auth/token",
                json={"email": ADMIN, "password": "nope"},
                environ_base={"REMOTE_ADDR": "203.0.113.50"},
            )
            assert_problem(api, 401, "unauthorized")
        limited = ops_login(client, ADMIN, PASSWORD)  # even the right password: the budget is spent
        assert_limited(limited)
        assert "deckhand_ops=" not in limited.headers.get("Set-Cookie", "")
        elsewhere = ops_login(client, ADMIN, PASSWORD, ip="203.0.113.51")
        assert elsewhere.status_code == 303, elsewhere.get_data(as_text=True)


def test_ops_sign_in_is_limited_per_email_across_ips(base_settings):
    app = app_with(base_settings, rate_limit_sign_in_email="3/hour", abuse_account_threshold=1000)
    with_admin(app, base_settings)
    with app.test_client() as client:
        for n in range(3):
            assert ops_login(client, ADMIN.upper(), "guess", ip=f"198.51.100.{n + 1}").status_code == 401
        assert_limited(ops_login(client, ADMIN, PASSWORD, ip="198.51.100.200"))


def test_failed_ops_sign_ins_are_events_and_a_burst_blocks_the_account(base_settings):
    app = app_with(base_settings, abuse_account_threshold=3, abuse_ip_threshold=1000)
    with_admin(app, base_settings)
    with app.test_client() as client:
        for n in range(3):
            assert ops_login(client, ADMIN, "guess", ip=f"198.51.100.{n + 10}").status_code == 401
        blocked = ops_login(client, ADMIN, PASSWORD, ip="198.51.100.99")
        assert_problem(blocked, 403, "blocked")
        assert int(blocked.headers["Retry-After"]) >= 1
    failed = [e for e in security_events(app) if e["kind"] == "failed_sign_in"]
    assert len(failed) == 3
    assert {e["account"] for e in failed} == {ADMIN}
    assert all(e["detail"] == "ops: wrong email or password" and e["path"] == "/ops/login" for e in failed)


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [("a" * 250 + "@example.com", PASSWORD, "email"), (ADMIN, "p" * 257, "password")],
)
def test_over_long_ops_sign_in_fields_are_refused_naming_the_field(base_settings, email, password, field):
    app = app_with(base_settings)
    with_admin(app, base_settings)
    with app.test_client() as client:
        body = assert_problem(ops_login(client, email, password), 422, "validation_failed")
    assert [p["name"] for p in body["invalid_params"]] == [field]
    assert not [e for e in security_events(app) if e["kind"] == "failed_sign_in"]


def test_the_right_admin_password_still_signs_in(base_settings):
    app = app_with(base_settings)
    with_admin(app, base_settings)
    with app.test_client() as client:
        response = ops_login(client, f"  {ADMIN.upper()} ", PASSWORD)
        assert response.status_code == 303, response.get_data(as_text=True)
        assert "deckhand_ops=" in response.headers["Set-Cookie"]
