"""Polls of an unchanged job answered before Flask (api/poll_shortcut.py): the same answer as
Flask's, the same gate, the same access line and metric; anything else goes to Flask.

Which layer answered is seen by a ``before_request`` hook the test adds to the app: Flask runs
it for every request it handles, the shortcut never does. Redis and the database are real.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlmodel import Session, select
from werkzeug.test import TestResponse

from api.auth import auth_cache, generation_key, token_digest
from config import Settings
from models import ApiToken, utcnow
from models.db import make_engine
from models.security import BlockSubject
from tests.stack import app_with, register
from tests.test_api_inputs import assert_problem
from tests.test_job_reads import upload

ROUTE = "/api/v1/jobs/<job_id>"
#: Headers whose values differ from one answer to the next.
PER_ANSWER = {
    "x-request-id",
    "x-ratelimit-remaining",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-ratelimit-reset",
}


class Seen:
    """Counts the requests Flask handled (its before_request hooks ran)."""

    def __init__(self, app: Flask) -> None:
        self.count = 0
        app.before_request(self._seen)

    def _seen(self) -> None:
        self.count += 1


def shortcut_app(settings: Settings, **overrides: Any) -> tuple[Flask, Seen]:
    app = app_with(settings, rate_limit_user="1000/minute", gate_local_batch=8, **overrides)
    return app, Seen(app)


@dataclass
class Polled:
    """An account's job, polled until the shortcut answered."""

    client: FlaskClient
    seen: Seen
    headers: dict[str, str]
    job_id: str
    first: TestResponse  # the first poll, answered by Flask

    def poll(self, **extra: str) -> TestResponse:
        return poll(self.client, self.job_id, {**self.headers, **extra})


@pytest.fixture
def polled(base_settings: Settings) -> Iterator[Polled]:
    app, seen = shortcut_app(base_settings)
    with app.test_client() as client:
        headers = register(client)
        job_id = upload(client, headers)
        first = poll(client, job_id, headers)
        answered_by_shortcut(client, seen, job_id, headers)
        yield Polled(client, seen, headers, job_id, first)


def poll(client: FlaskClient, job_id: str, headers: dict[str, str]) -> TestResponse:
    return client.get(f"/api/v1/jobs/{job_id}", headers=headers)


def answered_by_shortcut(
    client: FlaskClient, seen: Seen, job_id: str, headers: dict[str, str], tries: int = 20
) -> TestResponse:
    """The first of up to ``tries`` polls the shortcut answered (the first polls fill the mirror)."""
    for _ in range(tries):
        before = seen.count
        response = poll(client, job_id, headers)
        if seen.count == before:
            return response
    raise AssertionError(f"no poll of {tries} was answered before Flask")


def comparable(response: TestResponse) -> list[tuple[str, str]]:
    return sorted(
        (name.lower(), "" if name.lower() in PER_ANSWER else value)
        for name, value in response.headers.items()
    )


def test_a_poll_of_an_unchanged_job_gets_flasks_answer_without_flask(polled: Polled) -> None:
    before = polled.seen.count
    by_shortcut = polled.poll()
    assert polled.seen.count == before
    by_flask = polled.first
    assert by_shortcut.status_code == by_flask.status_code == 200
    assert by_shortcut.get_data() == by_flask.get_data()
    assert comparable(by_shortcut) == comparable(by_flask)
    assert re.fullmatch(r"[0-9a-f]{32}", by_shortcut.headers["X-Request-ID"])
    # Most polls of an unchanged job skip Flask: one in a batch of 8 makes the round trip there.
    answers = [polled.poll() for _ in range(40)]
    assert all(a.status_code == 200 and a.get_data() == by_flask.get_data() for a in answers)
    assert polled.seen.count - before <= 40 // 8 + 2


def test_each_poll_answered_before_flask_is_counted_against_the_limit(polled: Polled) -> None:
    remaining = [int(polled.poll().headers["X-RateLimit-Remaining"]) for _ in range(20)]
    assert remaining == list(range(remaining[0], remaining[0] - 20, -1))


def test_a_client_holding_the_answer_gets_304_and_its_request_id_back(polled: Polled) -> None:
    etag = polled.first.headers["ETag"]
    before = polled.seen.count
    held = polled.poll(**{"If-None-Match": etag, "X-Request-ID": "poll-0001-abc"})
    assert polled.seen.count == before
    assert held.status_code == 304 and held.get_data() == b""
    assert held.headers["ETag"] == etag and "Content-Type" not in held.headers
    assert held.headers["X-Request-ID"] == "poll-0001-abc"
    assert held.headers["Cache-Control"] == "no-store"
    odd = polled.poll(**{"X-Request-ID": "bad id\x7f"})
    assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["X-Request-ID"])


def test_polls_answered_before_flask_write_the_access_line_and_the_latency_metric(
    polled: Polled, caplog: pytest.LogCaptureFixture
) -> None:
    registry = polled.client.application.extensions["deckhand_metrics"]["registry"]
    labels = {"method": "GET", "route": ROUTE, "status": "200"}
    observed = registry.get_sample_value("deckhand_http_request_duration_seconds_count", labels)
    caplog.set_level(logging.INFO, logger="api.access")
    caplog.clear()
    before = polled.seen.count
    answer = polled.poll(**{"X-Request-ID": "poll-0002-abc"})
    assert polled.seen.count == before
    assert registry.get_sample_value("deckhand_http_request_duration_seconds_count", labels) == observed + 1
    lines = [r for r in caplog.records if r.name == "api.access"]
    assert len(lines) == 1 and lines[0].getMessage() == f"GET /api/v1/jobs/{polled.job_id} 200"
    assert getattr(lines[0], "request_id", None) == "poll-0002-abc" == answer.headers["X-Request-ID"]
    assert getattr(lines[0], "status", None) == 200


def test_another_accounts_poll_goes_to_flask_and_gets_404_counted_once(polled: Polled) -> None:
    stranger = register(polled.client)
    remaining = []
    for _ in range(3):
        before = polled.seen.count
        refused = poll(polled.client, polled.job_id, stranger)
        assert_problem(refused, 404, "not_found")
        assert polled.seen.count == before + 1
        remaining.append(int(refused.headers["X-RateLimit-Remaining"]))
    assert remaining == [remaining[0], remaining[0] - 1, remaining[0] - 2]


def test_a_revocation_elsewhere_refuses_the_next_poll(polled: Polled, redis_url: str) -> None:
    settings = polled.client.application.extensions["deckhand"].settings
    assert polled.poll().status_code == 200
    engine = make_engine(settings)  # another process's revocation: its write, then its bump
    with Session(engine) as session:
        session.execute(update(ApiToken).values(revoked_at=utcnow()))
        session.commit()
    engine.dispose()
    other = redis.Redis.from_url(redis_url, decode_responses=True)
    other.incr(generation_key(settings))
    other.close()
    assert_problem(polled.poll(), 401, "unauthorized")


def test_a_block_of_the_account_refuses_the_next_poll(polled: Polled, redis_url: str) -> None:
    email = polled.client.get("/api/v1/auth/me", headers=polled.headers).get_json()["user"]["email"]
    answered_by_shortcut(polled.client, polled.seen, polled.job_id, polled.headers)
    security = polled.client.application.extensions["deckhand_security"]
    other = redis.Redis.from_url(redis_url, decode_responses=True)
    other.set(security.block_key(BlockSubject.ACCOUNT.value, email), "until", ex=60)
    try:
        assert_problem(polled.poll(), 403, "blocked")
    finally:
        other.delete(security.block_key(BlockSubject.ACCOUNT.value, email))
        other.close()


def test_a_poll_whose_last_used_stamp_is_due_goes_to_flask_which_writes_it(polled: Polled) -> None:
    settings = polled.client.application.extensions["deckhand"].settings
    token = polled.headers["Authorization"].removeprefix("Bearer ")
    entry = auth_cache.get(token_digest(settings, token), settings.auth_cache_s)
    assert entry is not None
    entry.token.last_used_at = utcnow() - timedelta(minutes=5)  # as if the last poll were long ago
    before = polled.seen.count
    assert polled.poll().status_code == 200
    assert polled.seen.count == before + 1
    engine = make_engine(settings)
    with Session(engine) as session:
        stamp = session.exec(select(ApiToken.last_used_at).where(ApiToken.id == entry.token.id)).one()
    engine.dispose()
    assert stamp is not None and utcnow() - stamp.replace(tzinfo=UTC) < timedelta(minutes=1)


def test_a_304_and_an_https_answer_equal_flasks(base_settings: Settings) -> None:
    """Against the same app with the mirror off (every poll through Flask), on the same data."""
    settings = {"hsts_max_age_s": 3600, "proxy_fix_hops": 1}  # HTTPS as the proxy says it was
    app, seen = shortcut_app(base_settings, **settings)
    flask_only = app_with(base_settings, rate_limit_user="1000/minute", gate_local_batch=0, **settings)
    with app.test_client() as client, flask_only.test_client() as reference:
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        headers = {**register(client), **forwarded}
        job_id = upload(client, headers)
        etag = poll(client, job_id, headers).headers["ETag"]
        for extra in ({}, {"If-None-Match": etag}):
            by_shortcut = answered_by_shortcut(client, seen, job_id, {**headers, **extra})
            by_flask = poll(reference, job_id, {**headers, **extra})
            assert by_shortcut.status_code == by_flask.status_code
            assert by_shortcut.get_data() == by_flask.get_data()
            assert comparable(by_shortcut) == comparable(by_flask)
            assert by_shortcut.headers["Strict-Transport-Security"].startswith("max-age=3600")


def test_a_blocked_client_behind_the_proxy_is_refused(base_settings: Settings, redis_url: str) -> None:
    """The shortcut sits under ProxyFix: it checks the forwarded client's block, not the proxy's."""
    app, seen = shortcut_app(base_settings, proxy_fix_hops=1)
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    other = redis.Redis.from_url(redis_url, decode_responses=True)
    with app.test_client() as client:
        headers = {**register(client), **forwarded}
        job_id = upload(client, headers)
        answered_by_shortcut(client, seen, job_id, headers)
        security = app.extensions["deckhand_security"]
        other.set(security.block_key(BlockSubject.IP.value, "203.0.113.9"), "until", ex=60)
        assert_problem(poll(client, job_id, headers), 403, "blocked")
        other.delete(security.block_key(BlockSubject.IP.value, "203.0.113.9"))
    other.close()


def test_a_cross_origin_poll_gets_the_cors_headers_flask_would_send(base_settings: Settings) -> None:
    app, seen = shortcut_app(base_settings, cors_origins=["https://app.example.org", "https://b.example.org"])
    with app.test_client() as client:
        headers = {**register(client), "Origin": "https://app.example.org"}
        job_id = upload(client, headers)
        by_flask = poll(client, job_id, headers)
        by_shortcut = answered_by_shortcut(client, seen, job_id, headers)
        assert by_shortcut.headers["Access-Control-Allow-Origin"] == "https://app.example.org"
        assert "X-RateLimit-Remaining" in by_shortcut.headers["Access-Control-Expose-Headers"]
        assert comparable(by_shortcut) == comparable(by_flask)
        foreign = answered_by_shortcut(client, seen, job_id, {**headers, "Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in foreign.headers
