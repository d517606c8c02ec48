"""Bad input gets a clear problem+json error with a stable code and a hint; nothing is stored."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
import redis
from sqlalchemy import update
from sqlmodel import Session, func, select

from api import create_app
from cards.deck import generation_options
from config import load_settings
from models import ApiToken, Deck, Document, Job, utcnow
from models.db import make_engine
from taskqueue.broker import build_broker
from tasks.maintenance_jobs import MaintenanceContext
from tasks.reaper import queued_ingest_job_ids, reap_stuck_jobs
from tests.conftest import assert_problem, corpus_file, tiny_png
from tests.database import migrate_head
from tests.stack import register


@pytest.fixture
def api_settings(db_settings):
    settings = load_settings(**{**db_settings.model_dump(), "max_upload_mb": 1}, _env_file=None)
    migrate_head(settings)
    return settings


@pytest.fixture
def client(api_settings):
    with create_app(api_settings).test_client() as client:
        yield client


def assert_nothing_stored(settings):
    engine = make_engine(settings)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Document)).one() == 0
        assert session.exec(select(func.count()).select_from(Job)).one() == 0
    engine.dispose()
    uploads = settings.uploads_dir
    leftovers = [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []
    assert leftovers == []


def post_file(client, headers, content: bytes, name: str):
    return client.post(
        "/api/v1/documents",
        headers=headers,
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("content", "name", "status", "code"),
    [
        (b"", "empty.txt", 422, "empty_document"),
        (tiny_png(), "notes.pdf", 415, "unsupported_document"),
        (os.urandom(4096), "random.pdf", 415, "unsupported_document"),
        (b"MZ\x90\x00" + os.urandom(2000), "setup.docx", 415, "unsupported_document"),
    ],
    ids=["empty", "png-named-pdf", "random-named-pdf", "exe-named-docx"],
)
def test_rejected_uploads_are_problems_and_leave_nothing(client, api_settings, content, name, status, code):
    headers = register(client)
    assert_problem(post_file(client, headers, content, name), status, code)
    assert_nothing_stored(api_settings)


def test_a_file_over_the_limit_is_refused(client, api_settings):
    headers = register(client)
    body = assert_problem(
        post_file(client, headers, b"a" * (1024 * 1024 + 10), "big.txt"), 413, "payload_too_large"
    )
    assert body["limit_bytes"] == 1024 * 1024
    assert_nothing_stored(api_settings)


def test_a_body_far_over_the_limit_is_refused_before_parsing(client, api_settings):
    headers = register(client)
    assert_problem(post_file(client, headers, b"a" * (3 * 1024 * 1024), "huge.txt"), 413, "payload_too_large")
    assert_nothing_stored(api_settings)


def test_a_request_without_the_file_field(client, api_settings):
    headers = register(client)
    response = client.post(
        "/api/v1/documents", headers=headers, data={"title": "x"}, content_type="multipart/form-data"
    )
    body = assert_problem(response, 422, "validation_failed")
    assert body["invalid_params"] == [{"name": "file", "reason": "required"}]
    assert_nothing_stored(api_settings)


def test_bad_options_name_each_field(client, api_settings):
    headers = register(client)
    with open(corpus_file("pdf-tiny-one-page-minimal-latex.pdf"), "rb") as fh:
        response = client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (fh, "a.pdf"), "max_cards": "lots", "kinds": "basic,essay"},
            content_type="multipart/form-data",
        )
    body = assert_problem(response, 422, "validation_failed")
    assert {p["name"] for p in body["invalid_params"]} == {"max_cards", "kinds"}
    assert_nothing_stored(api_settings)


def test_a_file_is_judged_by_its_bytes_not_its_name(client, api_settings):
    headers = register(client)
    with open(corpus_file("wrongext-docx-saved-as-eng-spa-mult.doc"), "rb") as fh:
        response = post_file(client, headers, fh.read(), "letter.doc")
    # Accepted as the DOCX it is (the queue may be unreachable here: the job waits queued).
    assert response.status_code == 202, response.get_data(as_text=True)
    assert response.get_json()["document"]["kind"] == "docx"


def test_unknown_and_foreign_job_ids_answer_404(client):
    owner, other = register(client), register(client)
    with open(corpus_file("pdf-tiny-one-page-minimal-latex.pdf"), "rb") as fh:
        job_id = post_file(client, owner, fh.read(), "a.pdf").get_json()["id"]
    assert client.get(f"/api/v1/jobs/{job_id}", headers=owner).status_code == 200
    assert_problem(client.get(f"/api/v1/jobs/{job_id}", headers=other), 404, "not_found")
    assert_problem(
        client.get("/api/v1/jobs/0123456789abcdef0123456789abcdef", headers=owner), 404, "not_found"
    )
    assert_problem(client.get(f"/api/v1/decks/{job_id}", headers=other), 404, "not_found")


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "unauthorized"),
        ("Bearer dh_not-a-real-token", "unauthorized"),
        ("Basic dXNlcjpwYXNz", "unauthorized"),
    ],
)
def test_missing_or_unknown_tokens(client, header, code):
    headers = {"Authorization": header} if header else {}
    assert_problem(client.get("/api/v1/decks", headers=headers), 401, code)


def test_an_expired_token(client, api_settings):
    headers = register(client)
    engine = make_engine(api_settings)
    with Session(engine) as session:
        session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(minutes=1)))
        session.commit()
    engine.dispose()
    assert_problem(client.get("/api/v1/decks", headers=headers), 401, "token_expired")


def test_accounts(client):
    assert_problem(client.post("/api/v1/auth/register", json={"email": "x"}), 422, "validation_failed")
    assert_problem(client.post("/api/v1/auth/register", data="nope"), 400, "bad_request")
    assert_problem(
        client.post("/api/v1/auth/register", json={"email": "a@example.com", "password": "short"}),
        422,
        "validation_failed",
    )
    assert (
        client.post(
            "/api/v1/auth/register", json={"email": "A@example.com", "password": "long enough pw"}
        ).status_code
        == 201
    )
    assert_problem(
        client.post("/api/v1/auth/register", json={"email": "a@example.com", "password": "long enough pw"}),
        409,
        "conflict",
    )
    assert_problem(
        client.post("/api/v1/auth/token", json={"email": "a@example.com", "password": "wrong password"}),
        401,
        "unauthorized",
    )
    signed_in = client.post(
        "/api/v1/auth/token", json={"email": "a@example.com", "password": "long enough pw"}
    )
    assert signed_in.status_code == 200 and signed_in.get_json()["token"].startswith("dh_")


def test_flask_errors_are_problems_too(client):
    assert_problem(client.get("/api/v1/nowhere"), 404, "not_found")
    response = assert_problem(client.delete("/healthz"), 405, "method_not_allowed")
    assert response["status"] == 405


def test_healthz_needs_nothing(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


@pytest.mark.sql
def test_an_unreachable_queue_keeps_the_upload_and_the_reaper_sends_it_later(api_settings):
    """Nothing a user sent is lost: with Redis down the job is kept (202) and re-sent later."""
    closed = load_settings(
        **{**api_settings.model_dump(), "redis_url": "redis://127.0.0.1:1/0"}, _env_file=None
    )
    with create_app(closed).test_client() as client:
        headers = register(client)
        with open(corpus_file("pdf-tiny-one-page-minimal-latex.pdf"), "rb") as fh:
            response = post_file(client, headers, fh.read(), "a.pdf")
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id = response.get_json()["id"]
    engine = make_engine(api_settings)
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.state == "queued" and job.enqueued_at is None

    # Redis is back: the reaper finds the queued job without a message and sends it.
    client_redis = redis.Redis.from_url(api_settings.redis_url)
    broker = build_broker(api_settings)
    context = MaintenanceContext(api_settings, engine, client_redis, broker)
    later = utcnow() + timedelta(seconds=api_settings.reap_queued_after_s + 1)
    assert reap_stuck_jobs(context, now=later)["queued_requeued"] == 1
    assert job_id in queued_ingest_job_ids(client_redis, api_settings.broker_namespace)
    with Session(engine) as session:
        assert session.get(Job, job_id).enqueued_at is not None
    broker.close()
    client_redis.close()
    engine.dispose()


TINY_PDF = "pdf-tiny-one-page-minimal-latex.pdf"


def post_pdf(client, headers, name=TINY_PDF, **form):
    with open(corpus_file(TINY_PDF), "rb") as fh:
        return client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (fh, name), **form},
            content_type="multipart/form-data",
        )


@pytest.mark.sql
def test_a_title_from_a_long_file_name_is_cut_to_the_column(client, api_settings):
    headers = register(client)
    # 238 bytes: a legal file name (up to 255), but a 230-character stem (the title column holds 200).
    stem = "Lecture notes " + "x" * 200 + "é" * 16
    response = post_pdf(client, headers, stem + ".pdf")
    assert response.status_code == 202, response.get_data(as_text=True)
    assert response.get_json()["options"]["title"] == stem[:200]
    engine = make_engine(api_settings)
    with Session(engine) as session:
        titles = list(session.exec(select(Deck.title)))
    engine.dispose()
    assert titles == [stem[:200]]
    body = assert_problem(post_pdf(client, headers, title="t" * 201), 422, "validation_failed")
    assert [p["name"] for p in body["invalid_params"]] == ["title"]
    assert post_pdf(client, headers, title="t" * 200).status_code == 202


def test_focus_and_difficulty_are_kept_and_reach_the_generation_options(client, api_settings):
    headers = register(client)
    response = post_pdf(client, headers, focus="  dates   and names ", difficulty="hard", max_cards="9")
    assert response.status_code == 202, response.get_data(as_text=True)
    options = response.get_json()["options"]
    assert (options["focus"], options["difficulty"]) == ("dates and names", "hard")
    engine = make_engine(api_settings)
    with Session(engine) as session:
        job = session.get(Job, response.get_json()["id"])
    engine.dispose()
    generation = generation_options(job.options, 3)  # what the worker builds for a chunk
    assert (generation.focus, generation.difficulty, generation.max_cards) == ("dates and names", "hard", 3)

    plain = post_pdf(client, headers, focus="", difficulty="").get_json()["options"]
    assert (plain["focus"], plain["difficulty"]) == (None, None)
    body = assert_problem(
        post_pdf(client, headers, focus="f" * 201, difficulty="insane"), 422, "validation_failed"
    )
    assert {p["name"] for p in body["invalid_params"]} == {"focus", "difficulty"}
