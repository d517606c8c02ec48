"""The /ops dashboard: access (401, 403, cookie sign-in), real queues shown, confirmed CSRF-checked POSTs."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import dramatiq
import pytest

from api import create_app
from ops import queues
from providers.store import RedisGuard
from providers.usage import UsageRecorder
from redisconn.keys import ops_history_key
from tests.ops.conftest import PASSWORD, admin_headers, dead_letter, fetch_one, ops_settings_for, send
from tests.stack import register

Q = "cards"


def populate(broker) -> None:
    dead_letter(broker, Q, "generate_chunk", ("job-dead-1", 7))
    dead_letter(broker, Q, "finalize_job", ("job-dead-2",))
    for i in range(3):
        send(broker, Q, "generate_chunk", f"job-live-{i}", i)
    send(broker, Q, "finalize_job", "job-later", delay=3_600_000)
    fetch_one(broker, Q)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found, html[:500]
    return found.group(1)


def sign_in(client, admin) -> str:
    """Sign in through the form; returns the session's CSRF token."""
    form = client.get("/ops/login")
    response = client.post(
        "/ops/login",
        data={
            "email": admin["email"],
            "password": PASSWORD,
            "csrf_token": csrf_of(form.get_data(as_text=True)),
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/ops" in cookie
    return csrf_of(client.get("/ops").get_data(as_text=True))


def row_of(html: str, queue: str) -> list[str]:
    row = re.search(rf"<td>{queue}</td>(.*?)</tr>", html, re.S)
    assert row, html
    return re.findall(r'<td class="num[^"]*"(?: data-live="[^"]*")?>([^<]*)</td>', row.group(1))


# --- access ---------------------------------------------------------------------------------


def test_without_auth_api_clients_get_401_problem_json(client):
    response = client.get("/ops/metrics.json")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_without_auth_a_browser_gets_401_with_the_sign_in_form(client):
    response = client.get("/ops", headers={"Accept": "text/html"})
    assert response.status_code == 401
    assert 'action="/ops/login"' in response.get_data(as_text=True)


def test_non_admins_get_403(client):
    headers = register(client)
    for path in ("/ops", "/ops/jobs", "/ops/queues/cards/dead", "/ops/providers", "/ops/errors"):
        response = client.get(path, headers=headers)
        assert response.status_code == 403, path
        assert response.get_json()["code"] == "forbidden"
    assert (
        client.post("/ops/actions/purge", headers=headers, data={"queue": Q, "confirm": "yes"}).status_code
        == 403
    )


def test_a_non_admin_cannot_sign_in(client):
    register(client, "plain@example.com")
    form = client.get("/ops/login").get_data(as_text=True)
    response = client.post(
        "/ops/login", data={"email": "plain@example.com", "password": PASSWORD, "csrf_token": csrf_of(form)}
    )
    assert response.status_code == 403
    assert "deckhand_ops=" not in response.headers.get("Set-Cookie", "")


def test_wrong_password_is_refused(client, admin):
    form = client.get("/ops/login").get_data(as_text=True)
    response = client.post(
        "/ops/login",
        data={"email": admin["email"], "password": "wrong password", "csrf_token": csrf_of(form)},
    )
    assert response.status_code == 401
    assert "Wrong email or password" in response.get_data(as_text=True)


def test_sign_in_without_the_form_token_is_refused(client, admin):
    client.get("/ops/login")
    response = client.post("/ops/login", data={"email": admin["email"], "password": PASSWORD})
    assert response.status_code == 403


def test_a_forged_session_cookie_is_refused(client):
    client.set_cookie("deckhand_ops", "eyJ1aWQiOjF9.forged.signature", path="/ops")
    assert client.get("/ops/metrics.json").status_code == 401


def test_the_session_expires(client, admin, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    real = TimestampSigner.get_timestamp
    # Sign in "an hour ago": the default OPS_SESSION_TTL_S is 30 minutes.
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 3600)
    sign_in_response = client.post(
        "/ops/login",
        data={
            "email": admin["email"],
            "password": PASSWORD,
            "csrf_token": csrf_of(client.get("/ops/login").get_data(as_text=True)),
        },
    )
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    # the sign-in form's own token is checked against the same (shifted) clock, so it passed
    assert sign_in_response.status_code == 303
    response = client.get("/ops/metrics.json")
    assert response.status_code == 401
    assert "expired" in response.get_json()["detail"]


# --- rendering ------------------------------------------------------------------------------


def test_overview_renders_real_queue_counts(client, admin, broker):
    populate(broker)
    response = client.get("/ops", headers=admin_headers(admin))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # ready, in flight, delayed, dead, dead last hour, oldest
    assert row_of(html, Q)[:5] == ["2", "1", "1", "2", "2"]
    assert row_of(html, "maintenance")[:4] == ["0", "0", "0", "0"]
    assert "Redis memory" in html and "Database pool" in html
    csp = response.headers["Content-Security-Policy"]
    assert "style-src 'self'" in csp and "form-action 'self'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp  # ops.js as a file, nothing inline
    assert "<script>" not in html
    assert response.headers["Cache-Control"] == "no-store"


def test_dead_letter_browser_shows_actor_args_retries_and_traceback(client, admin, broker):
    populate(broker)
    html = client.get(f"/ops/queues/{Q}/dead", headers=admin_headers(admin)).get_data(as_text=True)
    assert "generate_chunk" in html and "finalize_job" in html
    assert "[&#34;job-dead-1&#34;, 7]" in html or '["job-dead-1", 7]' in html
    assert "ValueError: provider answered nonsense" in html
    link = re.search(rf'href="(/ops/queues/{Q}/dead/[^"]+)"', html).group(1)
    detail = client.get(link, headers=admin_headers(admin)).get_data(as_text=True)
    assert "Traceback (most recent call last)" in detail and "tasks/actors.py" in detail


def test_metrics_json_matches_redis(client, admin, broker):
    populate(broker)
    body = client.get("/ops/metrics.json", headers=admin_headers(admin)).get_json()
    cards = next(q for q in body["queues"] if q["name"] == Q)
    assert (cards["ready"], cards["in_flight"], cards["delayed"], cards["dead"]) == (2, 1, 1, 2)


def test_other_pages_render(client, admin):
    headers = admin_headers(admin)
    for path in ("/ops/jobs", "/ops/jobs?state=failed", "/ops/providers", "/ops/errors"):
        assert client.get(path, headers=headers).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/ops/jobs?state=exploded", 400),
        ("/ops/jobs?user=abc", 400),
        ("/ops/jobs?offset=-1", 400),
        ("/ops/jobs?offset=²", 400),  # str.isdigit() admits it, int() does not
        ("/ops/jobs?user=" + "9" * 5000, 400),
        ("/ops/jobs/nope", 404),
        ("/ops/queues/nope/dead", 404),
        ("/ops/queues/cards/dead/not-there", 404),
    ],
)
def test_bad_inputs_get_clear_errors(client, admin, path, status):
    response = client.get(path, headers=admin_headers(admin))
    assert response.status_code == status
    assert response.get_json()["detail"]


# --- actions --------------------------------------------------------------------------------


def test_post_actions_need_the_csrf_token(client, admin, broker, redis_client, ops_settings):
    populate(broker)
    token = sign_in(client, admin)
    ns = ops_settings.broker_namespace
    for data in ({"queue": Q, "confirm": "yes"}, {"queue": Q, "confirm": "yes", "csrf_token": "x" + token}):
        response = client.post("/ops/actions/purge", data=data)
        assert response.status_code == 403
        assert "CSRF" in response.get_json()["detail"]
    assert redis_client.zcard(f"{ns}:{Q}.XQ") == 2


def test_purge_is_confirmed_then_acts_on_redis(client, admin, broker, redis_client, ops_settings):
    populate(broker)
    token = sign_in(client, admin)
    ns = ops_settings.broker_namespace
    confirm = client.post("/ops/actions/purge", data={"queue": Q, "csrf_token": token, "next": "/ops"})
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert "Delete all 2 dead messages of queue cards." in page and 'name="confirm" value="yes"' in page
    assert redis_client.zcard(f"{ns}:{Q}.XQ") == 2  # nothing happens before confirming

    done = client.post(
        "/ops/actions/purge", data={"queue": Q, "csrf_token": token, "confirm": "yes", "next": "/ops"}
    )
    assert done.status_code == 303 and done.headers["Location"].startswith("/ops?done=")
    assert redis_client.zcard(f"{ns}:{Q}.XQ") == 0
    assert redis_client.llen(f"{ns}:{Q}") == 2  # pending work untouched
    html = client.get("/ops").get_data(as_text=True)
    assert row_of(html, Q)[3] == "0"
    assert "purge" in html  # the audit trail


def test_requeue_one_from_the_browser(client, admin, broker, redis_client, ops_settings):
    populate(broker)
    token = sign_in(client, admin)
    ns = ops_settings.broker_namespace
    html = client.get(f"/ops/queues/{Q}/dead").get_data(as_text=True)
    redis_id = re.search(r'name="id" value="([^"]+)"', html).group(1)
    response = client.post(
        "/ops/actions/requeue", data={"queue": Q, "id": redis_id, "csrf_token": token, "confirm": "yes"}
    )
    assert response.status_code == 303
    assert redis_client.zcard(f"{ns}:{Q}.XQ") == 1
    assert redis_client.llen(f"{ns}:{Q}") == 3


def test_scripts_act_with_a_bearer_token_and_get_json(client, admin, broker, redis_client, ops_settings):
    populate(broker)
    ns = ops_settings.broker_namespace
    response = client.post(
        "/ops/actions/requeue_all", headers=admin_headers(admin), data={"queue": Q, "confirm": "yes"}
    )
    assert response.status_code == 200
    assert response.get_json() == {"action": "requeue_all", "queue": Q, "count": 2}
    assert redis_client.zcard(f"{ns}:{Q}.XQ") == 0 and redis_client.llen(f"{ns}:{Q}") == 4


def test_delete_one_by_bearer(client, admin, broker, redis_client, ops_settings):
    populate(broker)
    ns = ops_settings.broker_namespace
    redis_id = redis_client.zrange(f"{ns}:{Q}.XQ", 0, 0)[0].decode()
    response = client.post(
        "/ops/actions/delete",
        headers=admin_headers(admin),
        data={"queue": Q, "id": redis_id, "confirm": "yes"},
    )
    assert response.get_json()["count"] == 1
    assert redis_client.zscore(f"{ns}:{Q}.XQ", redis_id) is None


@pytest.mark.parametrize(
    ("action", "data", "status"),
    [
        ("explode", {"confirm": "yes"}, 404),
        ("purge", {"confirm": "yes"}, 400),
        ("purge", {"queue": "nope", "confirm": "yes"}, 404),
        ("requeue", {"queue": Q, "confirm": "yes"}, 400),
        ("job_cancel", {"job_id": "missing", "confirm": "yes"}, 409),
    ],
)
def test_bad_actions_get_clear_errors(client, admin, action, data, status):
    response = client.post(f"/ops/actions/{action}", headers=admin_headers(admin), data=data)
    assert response.status_code == status
    assert response.get_json()["detail"]


def test_read_only_mode_refuses_actions(ops_settings, admin, broker, redis_client):
    populate(broker)
    read_only = create_app(ops_settings_for(ops_settings, ops_read_only=True)).test_client()
    response = read_only.post(
        "/ops/actions/purge", headers=admin_headers(admin), data={"queue": Q, "confirm": "yes"}
    )
    assert response.status_code == 403
    assert redis_client.zcard(f"{ops_settings.broker_namespace}:{Q}.XQ") == 2
    html = read_only.get("/ops", headers=admin_headers(admin)).get_data(as_text=True)
    assert "/ops/actions/purge" not in html


def test_sign_out_ends_the_session(client, admin):
    token = sign_in(client, admin)
    response = client.post("/ops/logout", data={"csrf_token": token})
    assert response.status_code == 303
    assert client.get("/ops/metrics.json").status_code == 401


def seed_dead_letters(redis_client, ns: str, count: int) -> None:
    """``count`` dead letters in Dramatiq's own layout (XQ zset + XQ.msgs hash), pipelined."""
    now_ms = int(time.time() * 1000)
    pipe = redis_client.pipeline(transaction=False)
    for i in range(count):
        message: dramatiq.Message[Any] = dramatiq.Message(
            queue_name=Q, actor_name="generate_chunk", args=(f"job-{i}", 0), kwargs={}, options={"retries": 3}
        )
        pipe.hset(f"{ns}:{Q}.XQ.msgs", message.message_id, message.encode())
        pipe.zadd(f"{ns}:{Q}.XQ", {message.message_id: now_ms - count + i})
        if i % 1000 == 999:
            pipe.execute()
    pipe.execute()


def test_requeue_all_moves_at_most_the_cap_per_confirmation(
    client, admin, broker, redis_client, ops_settings
):
    ns = ops_settings.broker_namespace
    cap = queues.REQUEUE_ALL_MAX
    seed_dead_letters(redis_client, ns, cap + 3)
    token = sign_in(client, admin)
    confirm = client.post("/ops/actions/requeue_all", data={"queue": Q, "csrf_token": token, "next": "/ops"})
    assert f"At most {cap:,} messages are requeued per confirmation" in confirm.get_data(as_text=True)

    first = client.post(
        "/ops/actions/requeue_all", headers=admin_headers(admin), data={"queue": Q, "confirm": "yes"}
    )
    assert first.get_json()["count"] == cap
    assert redis_client.llen(f"{ns}:{Q}") == cap and redis_client.zcard(f"{ns}:{Q}.XQ") == 3
    # The oldest went first; the newest three wait for the next confirmation.
    left = sorted(json.loads(b)["args"][0] for b in redis_client.hvals(f"{ns}:{Q}.XQ.msgs"))
    assert left == sorted(f"job-{i}" for i in range(cap, cap + 3))
    second = client.post(
        "/ops/actions/requeue_all", headers=admin_headers(admin), data={"queue": Q, "confirm": "yes"}
    )
    assert second.get_json()["count"] == 3 and redis_client.zcard(f"{ns}:{Q}.XQ") == 0


def test_providers_page_shows_tokens_today_against_the_daily_budget(ops_settings, admin, redis_client):
    settings = ops_settings_for(
        ops_settings,
        llm_providers="kiwi,mistral",
        kiwi_api_keys="sk-kiwi-test-key-one",
        kiwi_daily_token_budget=2000,
        mistral_api_keys="sk-mistral-test-key-one",
    )
    recorder = UsageRecorder(RedisGuard(redis_client))
    for provider, tokens in (("kiwi", 1500), ("mistral", 1234)):
        recorder.record(
            provider=provider, model="m", fingerprint="fp", outcome="ok",
            input_tokens=tokens - 100, output_tokens=100, latency_ms=10,
        )  # fmt: skip
    html = create_app(settings).test_client().get("/ops/providers", headers=admin_headers(admin))
    assert html.status_code == 200
    text = re.sub(r"\s+", " ", html.get_data(as_text=True))
    assert "1,500 of 2,000 (75.0 %)</span> of the daily token budget" in text
    assert '1,234 <span class="muted">(no daily token budget)</span>' in text


def test_jobs_filter_by_email_state_and_date(client, admin, ops_settings):
    from sqlmodel import Session, select

    from models import User
    from models.db import make_engine
    from tests.test_worker_recovery import make_job

    engine = make_engine(ops_settings)
    mine, other = make_job(engine), make_job(engine)
    with Session(engine) as session:
        owner = session.exec(select(User).order_by(User.id.desc())).first()
        email = owner.email if owner else ""
    engine.dispose()
    headers = admin_headers(admin)
    html = client.get(f"/ops/jobs?email={email.upper()}&state=running", headers=headers).get_data(
        as_text=True
    )
    assert other in html and mine not in html  # make_job makes one account per job
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert mine in client.get(f"/ops/jobs?from={today}&to={today}", headers=headers).get_data(as_text=True)
    assert mine not in client.get("/ops/jobs?from=2100-01-01", headers=headers).get_data(as_text=True)
    assert client.get("/ops/jobs?from=yesterday", headers=headers).status_code == 400


def test_history_is_bounded_and_charted(ops_settings, redis_client):
    from models.db import make_engine
    from ops import history
    from ops.queues import QueueStats
    from ops.snapshot import Snapshot

    engine = make_engine(ops_settings)
    ns = ops_settings.broker_namespace
    for depth in range(history.HISTORY_LEN + 5):
        snapshot = Snapshot(queues=[QueueStats(Q, depth, 0, 0, 0, 0, None)])
        history.record(redis_client, engine, snapshot, ns, 300)
    engine.dispose()
    samples = history.samples(redis_client, ns)
    assert (
        len(samples) == history.HISTORY_LEN and redis_client.llen(ops_history_key(ns)) == history.HISTORY_LEN
    )
    assert samples[0]["queue_depth"] == 5 and samples[-1]["queue_depth"] == history.HISTORY_LEN + 4
    depth_chart = next(c for c in history.charts(samples) if c.title.startswith("Queue depth"))
    assert depth_chart.latest == str(history.HISTORY_LEN + 4)
    assert len(depth_chart.points.split()) == history.HISTORY_LEN
