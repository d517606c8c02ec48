"""Structured logs: JSON lines with request and job ids; canary secrets never in a log line, body or row."""

from __future__ import annotations

import io
import json
import logging
import time
import uuid
from typing import Any

import dramatiq
import pytest
from flask import Blueprint
from sqlmodel import Session, select

from api import create_app
from config import load_settings
from logs import TextFormatter, bind, build_handler, redact
from models.db import make_engine
from models.error_event import ErrorEvent
from taskqueue.broker import build_broker, enqueue
from tests.conftest import corpus_file
from tests.database import migrate_head
from tests.stack import register, wait_for_job, worker_process
from workers.error_reporting import worker_reporter
from workers.middleware import RequestContext

OPENAI_KEY = "sk-proj-CanaryOpenAi0123456789abcdef"
ANTHROPIC_KEY = "sk-ant-api03-CanaryAnthropic0123456789-xyz"
MISTRAL_KEY = "CanaryMistra1key0123456789abcdef"  # 32 bare alphanumerics
DB_PASSWORD = "CanaryDbPassw0rd"
DB_URL = f"postgresql://deckhand:{DB_PASSWORD}@db.internal:5432/deckhand"
USER_PASSWORD = "Canary horse battery staple"
CANARIES = [OPENAI_KEY, ANTHROPIC_KEY, MISTRAL_KEY, DB_PASSWORD, USER_PASSWORD, "CanaryBearer"]


def assert_no_canary(text: str, where: str) -> None:
    found = [c for c in CANARIES if c in text]
    assert not found, f"{found} leaked into {where}: {text[:2000]}"


#: A token's shape (fixed, not random: every pytest-xdist worker must collect the same test ids).
TOKEN_HEX = "3f9c2a7e5b1d4c8fa06e92d1b7c4e5f8"


@pytest.mark.parametrize(
    "line",
    [
        f"Authorization: Bearer dh_{TOKEN_HEX}",
        f"{{'authorization': 'Bearer {OPENAI_KEY}'}}",
        f'{{"email": "a@example.com", "password": "{USER_PASSWORD}"}}',
        f"email=a%40example.com&password={USER_PASSWORD.replace(' ', '+')}",
        f"OPENAI_API_KEYS={OPENAI_KEY},{ANTHROPIC_KEY}",
        f"Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: {OPENAI_KEY}'}}}}",
        f"anthropic.AuthenticationError: invalid x-api-key {ANTHROPIC_KEY}",
        f"MISTRAL_API_KEYS={MISTRAL_KEY}",
        f"KIWI_API_KEY_2={MISTRAL_KEY}",  # numbered key variables (NAME_API_KEY_<n>)
        f"mistral rejected the key {MISTRAL_KEY}",
        f"connection to {DB_URL} failed",
        f"redis://:{DB_PASSWORD}@cache:6379/0",
        "provider said: invalid key sk-test-123",
        f"api key dhk_{TOKEN_HEX}",
    ],
)
def test_redact_hides_every_known_secret_shape(line):
    cleaned = redact(line)
    assert "[REDACTED]" in cleaned
    assert_no_canary(cleaned, "redacted line")
    assert "sk-test-123" not in cleaned and "dh_" not in cleaned.replace("[REDACTED]", "")


def test_redact_keeps_ordinary_numbers_and_ids():
    line = "job succeeded job_id=4f1c cards=40 max_tokens=1000 sha256=" + "a" * 64
    assert redact(line) == line


def test_text_format_escapes_line_breaks():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "forged\nINFO fake line", None, None)
    assert "\n" not in TextFormatter().format(record)


@pytest.fixture
def captured(settings):
    """Our JSON handler on the root logger, writing to a buffer (what stderr would get)."""
    json_settings = load_settings(**{**settings.model_dump(), "log_format": "json"}, _env_file=None)
    buffer = io.StringIO()
    handler = build_handler(json_settings, buffer)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(old_level)


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_json_lines_carry_time_level_logger_and_ids(captured):
    bind(request_id="req-12345678", job_id="job-1")
    try:
        logging.getLogger("deckhand.test").info("hello %s", "world", extra={"cards": 3})
    finally:
        bind()
    (entry,) = json_lines(captured.getvalue())
    assert entry["message"] == "hello world" and entry["level"] == "INFO"
    assert entry["logger"] == "deckhand.test" and entry["time"].endswith("+00:00")
    assert entry["request_id"] == "req-12345678" and entry["job_id"] == "job-1" and entry["cards"] == 3


boom = Blueprint("canary_boom", __name__)


@boom.post("/canary-boom")
def canary_boom():
    # What a provider SDK error looks like when it quotes the key and the DSN.
    raise RuntimeError(f"Error code: 401 - Incorrect API key provided: {OPENAI_KEY} (db {DB_URL})")


def test_canaries_never_reach_logs_bodies_or_error_events(settings, captured):
    planted = load_settings(
        **{
            **settings.model_dump(),
            "openai_api_keys": [OPENAI_KEY],
            "anthropic_api_keys": [ANTHROPIC_KEY],
            "mistral_api_keys": [MISTRAL_KEY],
        },
        _env_file=None,
    )
    migrate_head(planted)
    app = create_app(planted)
    app.register_blueprint(boom)
    client = app.test_client()
    bodies = []
    logging.getLogger("deckhand.test").info("settings at start: %r", planted)
    logging.getLogger("deckhand.test").warning("database unreachable at %s", DB_URL)
    logging.getLogger("deckhand.test").info("environment %s", {"MISTRAL_API_KEYS": MISTRAL_KEY})
    bodies.append(
        client.post("/api/v1/auth/register", json={"email": "not-an-email", "password": USER_PASSWORD})
    )
    bodies.append(client.post("/api/v1/auth/token", json={"email": "a@b.co", "password": USER_PASSWORD}))
    bodies.append(client.get("/api/v1/decks", headers={"Authorization": "Bearer dh_CanaryBearer0123456789"}))
    bodies.append(
        client.post(
            "/canary-boom",
            json={"password": USER_PASSWORD, "api_key": OPENAI_KEY},
            headers={"Authorization": f"Bearer {ANTHROPIC_KEY}", "X-Request-ID": "canary-request-1"},
        )
    )
    assert bodies[-1].status_code == 500
    for response in bodies:
        assert_no_canary(response.get_data(as_text=True), f"response to {response.request.path}")
        assert_no_canary(str(response.headers), "response headers")

    logged = captured.getvalue()
    entries = json_lines(logged)
    assert len(entries) == len(logged.splitlines())  # every line is one JSON object
    assert_no_canary(logged, "log lines")
    server_error = next(e for e in entries if e.get("error_id"))
    assert server_error["request_id"] == "canary-request-1"
    assert "RuntimeError" in server_error["exc_info"] and "[REDACTED]" in server_error["exc_info"]

    engine = make_engine(planted)
    with Session(engine) as session:
        rows = list(session.exec(select(ErrorEvent)))
    engine.dispose()
    assert rows, "the 500 was stored"
    for row in rows:
        assert_no_canary(json.dumps(row.model_dump(), default=str), "ErrorEvent row")


def test_worker_failures_are_error_events_with_the_request_id(settings, redis_client):
    """A real Dramatiq worker (threads, real Redis) with our middleware records an unexpected failure."""
    migrate_head(settings)
    engine = make_engine(settings)
    namespace = f"t{uuid.uuid4().hex[:8]}"
    broker = build_broker(
        load_settings(**{**settings.model_dump(), "broker_namespace": namespace}, _env_file=None),
        extra_middleware=[
            RequestContext(job_actors=frozenset({"canary_actor"}), report=worker_reporter(engine))
        ],
    )

    @dramatiq.actor(broker=broker, actor_name="canary_actor", queue_name="ingest", max_retries=0)
    def canary_actor(job_id: str) -> None:
        raise ValueError(f"provider down, key {OPENAI_KEY}")

    bind(request_id="worker-request-1")
    try:
        enqueue(broker, type("Ref", (), {"queue_name": "ingest", "actor_name": "canary_actor"})(), "job-42")
    finally:
        bind()
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        rows: list[ErrorEvent] = []
        while not rows and time.monotonic() < deadline:
            time.sleep(0.2)
            with Session(engine) as session:
                rows = list(session.exec(select(ErrorEvent)))
    finally:
        worker.stop()
        broker.close()
    (row,) = rows
    assert row.source == "worker" and row.sample_path == "actor:canary_actor"
    assert row.sample_request_id == "worker-request-1" and row.sample_job_id == "job-42"
    assert row.exception_type == "builtins.ValueError" and row.code == "internal_error"
    assert OPENAI_KEY not in (row.sample_message or "")
    engine.dispose()


@pytest.mark.slow
def test_request_id_reaches_the_worker_log_lines_of_its_job(settings, tmp_path):
    stack = load_settings(
        **{**settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}"}, _env_file=None
    )
    migrate_head(stack)
    client = create_app(stack).test_client()
    headers = register(client)
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log, worker_process(stack, stderr=log, LOG_FORMAT="json"):
        with open(corpus_file("md-rust-book-ch04-01-what-is-ownership.md"), "rb") as fh:
            response = client.post(
                "/api/v1/documents",
                headers={**headers, "X-Request-ID": "trace-me-12345"},
                data={"file": (fh, "ownership.md"), "max_cards": "5"},
                content_type="multipart/form-data",
            )
        assert response.status_code == 202, response.get_data(as_text=True)
        job_id = response.get_json()["id"]
        final = wait_for_job(client, job_id, headers)
    assert final["state"] == "succeeded", final
    text = log_path.read_text()
    assert_no_canary(text, "worker log")
    entries = json_lines(text)
    job_lines = [e for e in entries if e.get("job_id") == job_id]
    messages = " | ".join(e["message"] for e in job_lines)
    # Ingest (sent by the API), generate (sent by ingest) and finalize (sent by generate): all carry it.
    assert "job ingested" in messages and "job succeeded" in messages, messages
    assert {e.get("request_id") for e in job_lines} == {"trace-me-12345"}
