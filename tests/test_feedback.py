"""Feedback: a signed-in person sends it, it is stored, admins read it (API and /ops), others cannot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from api import create_app
from api.commands import set_role
from config import Settings, load_settings
from models import Role
from tests.cards.db import account
from tests.database import migrate_head


@pytest.fixture
def fb_settings(db_settings: Settings) -> Settings:
    settings = load_settings(
        **{
            **db_settings.model_dump(),
            "rate_limit_feedback": "3/minute",
            "rate_limit_register_ip": "100/minute",
        },
        _env_file=None,
    )
    migrate_head(settings)
    return settings


@pytest.fixture
def client(fb_settings: Settings) -> Iterator[FlaskClient]:
    with create_app(fb_settings).test_client() as client:
        yield client


def test_feedback_is_stored_and_listed_for_admins_only(client, fb_settings):
    student = account(client, fb_settings)
    sent = client.post(
        "/api/v1/feedback",
        headers=student.headers,
        json={"message": "  The study keys are great!  ", "page": "/decks/x"},
    )
    assert sent.status_code == 201, sent.get_data(as_text=True)
    assert sent.get_json()["message"] == "The study keys are great!" and "email" not in sent.get_json()

    refused = client.get("/api/v1/admin/feedback", headers=student.headers)
    assert refused.status_code == 403 and refused.get_json()["code"] == "forbidden"
    assert client.post("/api/v1/feedback", json={"message": "anonymous"}).status_code == 401

    admin = account(client, fb_settings)
    set_role(fb_settings, _email(client, admin.headers), Role.ADMIN)
    listed = client.get("/api/v1/admin/feedback", headers=admin.headers)
    assert listed.status_code == 200
    (row,) = listed.get_json()["feedback"]
    assert row["message"] == "The study keys are great!" and row["page"] == "/decks/x"
    assert row["email"] == _email(client, student.headers)

    page = client.get("/ops/feedback", headers=admin.headers)
    assert page.status_code == 200 and "The study keys are great!" in page.get_data(as_text=True)
    assert client.get("/ops/feedback", headers=student.headers).status_code == 403


def test_bad_feedback_is_a_problem_and_sending_is_rate_limited(client, fb_settings):
    me = account(client, fb_settings)
    empty = client.post("/api/v1/feedback", headers=me.headers, json={"message": "   "})
    assert empty.status_code == 422 and empty.get_json()["invalid_params"][0]["name"] == "message"
    long = client.post("/api/v1/feedback", headers=me.headers, json={"message": "x" * 2001})
    assert long.status_code == 422
    # Every attempt counts against the limit (3 a minute here), refused ones included.
    assert client.post("/api/v1/feedback", headers=me.headers, json={"message": "hi"}).status_code == 201
    limited = client.post("/api/v1/feedback", headers=me.headers, json={"message": "hi"})
    assert limited.status_code == 429 and limited.get_json()["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1


def _email(client: FlaskClient, headers: dict[str, str]) -> str:
    email: str = client.get("/api/v1/auth/me", headers=headers).get_json()["user"]["email"]
    return email
