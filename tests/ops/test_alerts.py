"""Alerts: rules over real state, a real local webhook receiver, one notice per incident per cool-down."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from sqlmodel import Session, select

from models import Document, Job, User
from models.db import make_engine
from models.error_event import ErrorEvent, prune_error_events
from models.security import SecurityBlock
from models.types import utcnow
from ops import alerts
from ops.snapshot import Snapshot, collect_snapshot
from providers.status import ProviderStatus
from tests.ops.conftest import admin_headers, dead_letter, ops_settings_for

Q = "cards"


class Receiver:
    """A real HTTP server on a free local port recording every POST body (Slack-style webhook)."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.fail_next = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.fail_next:
                    receiver.fail_next -= 1
                    self.send_response(500)
                else:
                    receiver.bodies.append(json.loads(body))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/slack"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def alert_settings(ops_settings, receiver):
    return ops_settings_for(
        ops_settings,
        alert_webhook_url=receiver.url,
        alert_cooldown_s=600,
        alert_dead_letter_growth=2,
        alert_heartbeat_s=120,
        alert_breaker_open_minutes=10,
    )


def evaluate(settings, redis_client, now: float) -> list[alerts.ActiveAlert]:
    engine = make_engine(settings)
    try:
        snapshot = collect_snapshot(settings, redis_client, engine)
    finally:
        engine.dispose()
    return alerts.process(settings, redis_client, alerts.evaluate(snapshot, settings), now=now)


def texts(receiver: Receiver, rule_word: str) -> list[str]:
    return [b["text"] for b in receiver.bodies if rule_word in b["text"]]


def test_one_alert_per_incident_within_the_cool_down_and_another_after(
    alert_settings, broker, redis_client, receiver
):
    for i in range(2):
        dead_letter(broker, Q, "generate_chunk", (f"job-{i}", 0))
    t0 = time.time()
    for offset in (0, 10, 300, 599):  # four evaluations inside the 600 s cool-down
        evaluate(alert_settings, redis_client, t0 + offset)
    dead = texts(receiver, "dead-lettered")
    assert len(dead) == 1
    assert dead[0].startswith("[deckhand test] 2 messages dead-lettered on queue cards")
    assert set(receiver.bodies[0]) == {"text", "alert"}  # Slack reads "text"

    evaluate(alert_settings, redis_client, t0 + 601)
    assert len(texts(receiver, "dead-lettered")) == 2


def test_each_incident_is_sent_once(alert_settings, broker, redis_client, receiver):
    for i in range(2):
        dead_letter(broker, Q, "generate_chunk", (f"job-{i}", 0))
        dead_letter(broker, "documents", "ingest_document", (f"doc-{i}",))
    t0 = time.time()
    evaluate(alert_settings, redis_client, t0)
    evaluate(alert_settings, redis_client, t0 + 1)
    keys = sorted(b["alert"]["key"] for b in receiver.bodies if b["alert"]["rule"] == "dead_letters")
    assert keys == ["dead_letters:cards", "dead_letters:documents"]


def test_no_worker_fires_only_after_its_duration(alert_settings, redis_client, receiver):
    t0 = time.time()
    active = evaluate(alert_settings, redis_client, t0)
    pending = next(a for a in active if a.key == "no_worker")
    assert not pending.firing and receiver.bodies == []
    evaluate(alert_settings, redis_client, t0 + 60)
    assert texts(receiver, "No live worker heartbeat") == []
    active = evaluate(alert_settings, redis_client, t0 + 121)
    assert next(a for a in active if a.key == "no_worker").firing
    assert len(texts(receiver, "No live worker heartbeat")) == 1


def test_a_failed_webhook_is_retried_at_the_next_evaluation(alert_settings, broker, redis_client, receiver):
    for i in range(2):
        dead_letter(broker, Q, "generate_chunk", (f"job-{i}", 0))
    receiver.fail_next = 1
    t0 = time.time()
    evaluate(alert_settings, redis_client, t0)
    assert receiver.bodies == []
    evaluate(alert_settings, redis_client, t0 + 5)
    assert len(texts(receiver, "dead-lettered")) == 1


def test_resolved_incidents_leave_the_active_list(alert_settings, broker, redis_client, receiver):
    for i in range(2):
        dead_letter(broker, Q, "generate_chunk", (f"job-{i}", 0))
    t0 = time.time()
    evaluate(alert_settings, redis_client, t0)
    ns = alert_settings.broker_namespace
    assert "dead_letters:cards" in {a.key for a in alerts.active_alerts(redis_client, ns)}
    redis_client.delete(f"{ns}:{Q}.XQ", f"{ns}:{Q}.XQ.msgs")
    evaluate(alert_settings, redis_client, t0 + 1)
    assert "dead_letters:cards" not in {a.key for a in alerts.active_alerts(redis_client, ns)}
    history = alerts.recent_history(redis_client, ns)
    assert [h["event"] for h in history if h["key"] == "dead_letters:cards"] == ["resolved", "firing"]


def provider(name: str, status: str, breaker: str = "closed") -> ProviderStatus:
    return ProviderStatus(
        name=name, model="m", status=status, breaker=breaker, open_until=None, keys=[], reasons=[breaker]
    )


def test_provider_rules(alert_settings, redis_client, receiver):
    alert_settings = ops_settings_for(alert_settings, alert_cooldown_s=3600)
    snapshot = Snapshot(providers=[provider("kiwi", "failed", "open"), provider("openai", "failed")])
    conditions = alerts.evaluate(snapshot, alert_settings)
    keys = {c.key: c for c in conditions}
    assert set(keys) == {"all_providers_failed", "breaker_open:kiwi"}
    assert keys["breaker_open:kiwi"].for_s == 600
    t0 = time.time()
    alerts.process(alert_settings, redis_client, conditions, now=t0)
    assert [b["alert"]["key"] for b in receiver.bodies] == ["all_providers_failed"]
    alerts.process(alert_settings, redis_client, conditions, now=t0 + 601)
    assert [b["alert"]["key"] for b in receiver.bodies] == ["all_providers_failed", "breaker_open:kiwi"]
    healthy = Snapshot(providers=[provider("kiwi", "healthy"), provider("openai", "failed")])
    assert alerts.evaluate(healthy, alert_settings) == []


def seed_jobs(settings, failed: int, succeeded: int) -> None:
    engine = make_engine(settings)
    with Session(engine) as session:
        user = User(email="jobs@example.com", password_hash="x")
        session.add(user)
        session.flush()
        document = Document(
            user_id=user.id, filename="a.txt", kind="text", size_bytes=1, sha256="0" * 64, storage_path="a"
        )
        session.add(document)
        session.flush()
        now = utcnow()
        for i in range(failed + succeeded):
            session.add(
                Job(
                    user_id=user.id,
                    document_id=document.id,
                    state="failed" if i < failed else "succeeded",
                    started_at=now - timedelta(seconds=30),
                    finished_at=now,
                )
            )
        session.commit()
    engine.dispose()


def test_error_rate_over_finished_jobs(alert_settings, redis_client, receiver):
    seed_jobs(alert_settings, failed=3, succeeded=5)  # 37.5 % >= 25 %
    evaluate(alert_settings, redis_client, time.time())
    assert texts(receiver, "3 of 8 jobs finished") != []


def test_error_rate_needs_enough_jobs(alert_settings, redis_client, receiver):
    seed_jobs(alert_settings, failed=2, succeeded=0)  # below ALERT_ERROR_RATE_MIN_JOBS
    evaluate(alert_settings, redis_client, time.time())
    assert texts(receiver, "jobs finished") == []


def test_queue_age_rule(alert_settings, broker, redis_client, receiver):
    from tests.ops.conftest import send

    send(broker, Q, "generate_chunk", "job", 0)
    snapshot = collect_snapshot(alert_settings, redis_client, make_engine(alert_settings))
    assert not [c for c in alerts.evaluate(snapshot, alert_settings) if c.rule == "queue_age"]
    aged = ops_settings_for(alert_settings, alert_queue_age_s=1)
    ns = aged.broker_namespace
    head = redis_client.lindex(f"{ns}:{Q}", 0)
    body = json.loads(redis_client.hget(f"{ns}:{Q}.msgs", head))
    body["message_timestamp"] -= 5_000  # enqueued five seconds ago
    redis_client.hset(f"{ns}:{Q}.msgs", head, json.dumps(body))
    snapshot = collect_snapshot(aged, redis_client, make_engine(aged))
    assert [c.key for c in alerts.evaluate(snapshot, aged) if c.rule == "queue_age"] == ["queue_age:cards"]


def test_without_a_webhook_alerts_still_show_on_the_dashboard(
    ops_settings, broker, redis_client, client, admin
):
    quiet = ops_settings_for(ops_settings, alert_dead_letter_growth=1)
    dead_letter(broker, Q, "generate_chunk", ("job", 0))
    evaluate(quiet, redis_client, time.time())
    html = client.get("/ops", headers=admin_headers(admin)).get_data(as_text=True)
    assert "1 messages dead-lettered on queue cards" in html and "firing" in html


def test_rollup_prunes_old_error_events(ops_settings):
    engine = make_engine(ops_settings)
    old, recent = utcnow() - timedelta(days=40), utcnow() - timedelta(days=1)
    with Session(engine) as session:
        for fp, seen in (("a" * 64, old), ("b" * 64, recent)):
            session.add(
                ErrorEvent(
                    fingerprint=fp, source="api", code="internal_error", exception_type="E", frames="f",
                    first_seen=seen, last_seen=seen,
                )
            )  # fmt: skip
        session.commit()
    assert prune_error_events(engine, 30) == 1
    with Session(engine) as session:
        assert [e.fingerprint[0] for e in session.exec(select(ErrorEvent)).all()] == ["b"]
    engine.dispose()


def test_a_security_block_raises_one_alert_while_it_lasts(alert_settings, redis_client, receiver):
    engine = make_engine(alert_settings)
    with Session(engine) as session:
        session.add(
            SecurityBlock(
                subject_kind="ip",
                subject="203.0.113.9",
                reason="burst of failed sign-ins",
                events=40,
                expires_at=utcnow() + timedelta(minutes=15),
            )
        )
        session.add(  # lifted by an admin: no alert
            SecurityBlock(
                subject_kind="ip",
                subject="198.51.100.7",
                reason="burst",
                events=40,
                expires_at=utcnow() + timedelta(minutes=15),
                lifted_at=utcnow(),
            )
        )
        session.commit()
    engine.dispose()
    t0 = time.time()
    evaluate(alert_settings, redis_client, t0)
    evaluate(alert_settings, redis_client, t0 + 5)
    sent = [b for b in receiver.bodies if b["alert"]["rule"] == "security_block"]
    assert [b["alert"]["key"] for b in sent] == ["security_block:ip:203.0.113.9"]
    assert "203.0.113.9 blocked until" in sent[0]["text"] and "deckhand security unblock" in sent[0]["text"]
