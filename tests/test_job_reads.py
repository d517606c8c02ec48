"""The job read polling clients repeat: cached in Redis, never stale after a write, with ETags.

The writes come from another engine, as a worker's would (its own process, its own engine):
ORM changes, ``update(Job)`` statements and the pipeline's own use cases. Redis and the
database are real.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, delete, update
from sqlmodel import Session, col

from api import create_app
from api.auth import generation_key
from config import Settings
from jobs.events import JobEvents
from jobs.transitions import cancel_job
from models import ApiToken, Job, utcnow
from models.db import make_engine
from models.job_cache import version_keys, view_key
from tasks.chunk_rows import start_chunk
from tests.stack import app_with, register
from tests.test_api_inputs import assert_problem

pytestmark = pytest.mark.sql  # writes, rollbacks and the version they bump: SQLite and PostgreSQL

NOTES = b"# Photosynthesis\n\nPlants turn light, water and carbon dioxide into sugar and oxygen.\n"


@pytest.fixture
def stack(base_settings: Settings) -> Iterator[tuple[FlaskClient, Engine, Settings]]:
    app = create_app(base_settings)
    worker_engine = make_engine(base_settings)  # a worker's: not the app's
    with app.test_client() as client:
        yield client, worker_engine, base_settings
    worker_engine.dispose()


def upload(client: FlaskClient, headers: dict[str, str]) -> str:
    response = client.post(
        "/api/v1/documents",
        headers=headers,
        data={"file": (io.BytesIO(NOTES), "notes.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id: str = response.get_json()["id"]
    return job_id


def read(client: FlaskClient, job_id: str, headers: dict[str, str], etag: str | None = None) -> Any:
    extra = {"If-None-Match": etag} if etag else {}
    return client.get(f"/api/v1/jobs/{job_id}", headers={**headers, **extra})


def cached(settings: Settings, client: FlaskClient, job_id: str) -> bool:
    security = client.application.extensions["deckhand_security"]
    return bool(security.client().exists(view_key(settings, job_id)))


def test_an_unchanged_job_answers_304_to_its_etag(stack: tuple[FlaskClient, Engine, Settings]) -> None:
    client, _engine, settings = stack
    headers = register(client)
    job_id = upload(client, headers)
    first = read(client, job_id, headers)
    assert first.status_code == 200 and first.headers["ETag"]
    assert cached(settings, client, job_id)
    again = read(client, job_id, headers)  # from the cache: the same answer, byte for byte
    assert again.status_code == 200 and again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    not_modified = read(client, job_id, headers, first.headers["ETag"])
    assert not_modified.status_code == 304 and not_modified.get_data() == b""
    assert not_modified.headers["ETag"] == first.headers["ETag"]
    assert read(client, job_id, headers, '"something-else"').status_code == 200


@pytest.mark.parametrize("writer", ["orm", "update", "cancel_job", "delete"])
def test_every_kind_of_write_from_another_process_ends_the_cached_answer(
    stack: tuple[FlaskClient, Engine, Settings], writer: str
) -> None:
    client, engine, settings = stack
    headers = register(client)
    job_id = upload(client, headers)
    before = read(client, job_id, headers)
    assert before.get_json()["state"] == "queued" and cached(settings, client, job_id)
    if writer == "orm":
        with Session(engine) as session:
            job = session.get(Job, job_id)
            assert job is not None
            job.state, job.stage, job.chunks_total, job.chunks_done = "running", "generating", 4, 1
            session.add(job)
            session.commit()
    elif writer == "update":
        with Session(engine) as session:
            session.execute(update(Job).where(col(Job.id) == job_id).values(state="running", chunks_total=4))
            session.commit()
    elif writer == "cancel_job":
        assert cancel_job(engine, job_id, JobEvents.from_settings(settings))
    else:
        with Session(engine) as session:
            session.execute(delete(Job).where(col(Job.id).in_([job_id])))
            session.commit()
    after = read(client, job_id, headers, before.headers["ETag"])
    if writer == "delete":
        assert_problem(after, 404, "not_found")
        return
    assert after.status_code == 200, "a changed job must not answer 304"
    assert after.headers["ETag"] != before.headers["ETag"]
    expected = {"orm": "running", "update": "running", "cancel_job": "cancelled"}[writer]
    assert after.get_json()["state"] == expected


def test_a_write_the_version_cannot_name_ends_every_cached_answer(
    stack: tuple[FlaskClient, Engine, Settings],
) -> None:
    client, engine, _settings = stack
    headers = register(client)
    first, second = upload(client, headers), upload(client, headers)
    etags = {job_id: read(client, job_id, headers).headers["ETag"] for job_id in (first, second)}
    with Session(engine) as session:  # no job id in the condition: every job counts as changed
        session.execute(update(Job).where(col(Job.state) == "queued").values(stage="parsing"))
        session.commit()
    for job_id, etag in etags.items():
        answer = read(client, job_id, headers, etag)
        assert answer.status_code == 200 and answer.get_json()["stage"] == "parsing"


def test_a_chunk_start_stamp_keeps_the_cached_answer(stack: tuple[FlaskClient, Engine, Settings]) -> None:
    """The heartbeat a chunk stamps as it starts is in no job read: its commit bumps no version
    (one Redis round trip fewer per chunk), while any other write in it still would."""
    client, engine, settings = stack
    headers = register(client)
    job_id = upload(client, headers)
    before = read(client, job_id, headers)
    versions = client.application.extensions["deckhand_security"].client()
    key = version_keys(settings, job_id)[1]
    version = versions.get(key)
    with Session(engine) as session:
        session.execute(update(Job).where(col(Job.id) == job_id).values(state="running"))
        session.commit()
    assert versions.get(key) != version  # the control: a write a read shows bumps it
    running = read(client, job_id, headers)
    version = versions.get(key)
    with Session(engine) as session:
        start_chunk(session, job_id, chunk_id=0)
        session.commit()
    assert versions.get(key) == version
    again = read(client, job_id, headers, running.headers["ETag"])
    assert again.status_code == 304 and running.headers["ETag"] != before.headers["ETag"]


def test_a_rolled_back_write_changes_nothing(stack: tuple[FlaskClient, Engine, Settings]) -> None:
    client, engine, _settings = stack
    headers = register(client)
    job_id = upload(client, headers)
    etag = read(client, job_id, headers).headers["ETag"]
    with Session(engine) as session:
        session.execute(update(Job).where(col(Job.id) == job_id).values(state="running"))
        session.rollback()
    assert read(client, job_id, headers, etag).status_code == 304


def test_another_account_never_gets_a_cached_job(stack: tuple[FlaskClient, Engine, Settings]) -> None:
    client, _engine, settings = stack
    owner, stranger = register(client), register(client)
    job_id = upload(client, owner)
    etag = read(client, job_id, owner).headers["ETag"]
    assert cached(settings, client, job_id)
    assert_problem(read(client, job_id, stranger), 404, "not_found")
    assert_problem(read(client, job_id, stranger, etag), 404, "not_found")  # no 304 leaks it either
    events = client.application.extensions["deckhand_security"].recent()
    assert any(e["kind"] == "foreign_id" for e in events)


def test_a_cached_entry_of_another_shape_is_read_again_from_the_database(
    stack: tuple[FlaskClient, Engine, Settings],
) -> None:
    """The cached answer is stored as a short head line and the body as served. An entry in any
    other shape (the JSON entry of the previous version during a deploy, a truncated value) is
    a miss: the answer comes from the database and replaces it."""
    client, _engine, settings = stack
    headers = register(client)
    job_id = upload(client, headers)
    first = read(client, job_id, headers)
    redis_client = client.application.extensions["deckhand_security"].client()
    stored = redis_client.get(view_key(settings, job_id))
    head, _, body = stored.partition("\n")
    assert body == first.get_data(as_text=True) and head.split(" ")[2] == first.headers["ETag"].strip('"')
    for other in ('{"version": "0.1", "user_id": 1, "etag": "x", "body": "{}"}', "garbage", ""):
        redis_client.set(view_key(settings, job_id), other)
        again = read(client, job_id, headers)
        assert again.status_code == 200 and again.get_data() == first.get_data()
        assert redis_client.get(view_key(settings, job_id)) == stored  # stored again, in shape


def test_without_redis_job_reads_come_from_the_database(base_settings: Settings) -> None:
    app = app_with(base_settings, redis_url="redis://127.0.0.1:1/0")
    with app.test_client() as client:
        headers = register(client)
        job_id = upload(client, headers)
        first = read(client, job_id, headers)
        assert first.status_code == 200 and first.get_json()["id"] == job_id
        assert read(client, job_id, headers, first.headers["ETag"]).status_code == 304


def test_revoking_a_token_ends_it_at_once_in_every_process(base_settings: Settings) -> None:
    """A token cached by this web process, revoked by another (its database write and its bump
    of the revocation generation, nothing in this process's memory), is refused at once."""
    app = create_app(base_settings)
    client = app.test_client()
    headers = register(client)
    for _ in range(3):  # now in this process's token cache
        assert client.get("/api/v1/decks", headers=headers).status_code == 200
    engine = app.extensions["deckhand"].engine
    with Session(engine) as session:  # the other process's write
        session.execute(update(ApiToken).values(revoked_at=utcnow()))
        session.commit()
    # The cache is in use: without the bump the revoked token still passes (within AUTH_CACHE_S).
    assert client.get("/api/v1/decks", headers=headers).status_code == 200
    redis_client = app.extensions["deckhand_security"].client()
    redis_client.incr(generation_key(base_settings))  # the other process's bump
    assert_problem(client.get("/api/v1/decks", headers=headers), 401, "unauthorized")
