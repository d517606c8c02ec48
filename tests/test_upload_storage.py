"""UPLOAD_STORAGE=database: the worker needs no shared disk (Render runs web and worker apart)."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, func, select

import storage
from api import create_app
from config import Settings, load_settings
from models import Document, DocumentBlob, User, utcnow
from models.db import make_engine, session_scope
from tasks.cleanup import cleanup_uploads
from tests.conftest import upload_job
from tests.database import migrate_head
from tests.inprocess import in_process_worker
from tests.stack import register, wait_for_job

pytestmark = pytest.mark.sql  # bytes stored in the database: SQLite and PostgreSQL

DOC = "md-rust-book-ch04-01-what-is-ownership.md"


def with_storage(settings: Settings, mode: str) -> Settings:
    return load_settings(**{**settings.model_dump(), "upload_storage": mode}, _env_file=None)


def on_another_machine(settings: Settings, tmp_path) -> Settings:
    """The same database and Redis, but a data directory of its own (no shared disk)."""
    return load_settings(
        **{
            **settings.model_dump(),
            "data_dir": tmp_path / "worker-machine",
            "database_url": settings.sqlalchemy_url,
        },
        _env_file=None,
    )


@pytest.fixture
def db_storage(db_settings):
    configured = with_storage(db_settings, "database")
    migrate_head(configured)
    return configured


def test_parts_round_trip_a_multi_part_file(db_storage, tmp_path):
    payload = os.urandom(2 * storage.PART_BYTES + 12_345)
    source = tmp_path / "big.bin"
    source.write_bytes(payload)
    engine = make_engine(db_storage)
    document = Document(
        user_id=1, filename="big.bin", kind="text", size_bytes=len(payload), sha256="x", storage_path="1/doc"
    )
    with session_scope(engine) as session:
        session.add(User(id=1, email="parts@example.com", password_hash="x"))
        session.flush()
        session.add(document)
        session.flush()
        storage.keep(session, db_storage, document, source)
    with Session(engine) as session:
        parts = session.exec(select(func.count()).select_from(DocumentBlob)).one()
    assert parts == 3
    with storage.readable(db_storage, engine, document) as path:
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(payload).digest()
        scratch = path
    assert not scratch.exists()  # the temporary copy is removed after parsing
    engine.dispose()


def test_a_worker_without_the_api_disk_reads_the_upload_from_the_database(db_storage, tmp_path):
    client = create_app(db_storage).test_client()
    headers = register(client)
    job_id = upload_job(client, headers, DOC, max_cards=5)
    leftovers = [p for p in db_storage.uploads_dir.rglob("*") if p.is_file()]
    assert leftovers == []  # the API's local copy is gone: only the database holds the bytes

    with in_process_worker(on_another_machine(db_storage, tmp_path)):
        job = wait_for_job(client, job_id, headers)
    assert job["state"] == "succeeded" and job["cards_count"] > 0, job

    engine = make_engine(db_storage)
    with session_scope(engine) as session:
        session.execute(update(Document).values(expires_at=utcnow() - timedelta(seconds=1)))
    counts = cleanup_uploads(engine, db_storage, utcnow())
    assert counts["uploads_deleted"] == 1
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(DocumentBlob)).one() == 0
    engine.dispose()


def test_disk_storage_without_a_shared_disk_fails_the_job_with_a_reason(settings, tmp_path):
    migrate_head(settings)
    client = create_app(settings).test_client()
    headers = register(client)
    job_id = upload_job(client, headers, DOC, max_cards=5)
    with in_process_worker(on_another_machine(settings, tmp_path)):
        job = wait_for_job(client, job_id, headers)
    assert job["state"] == "failed", job
    assert job["error"]["code"] == "upload_missing"
    assert "UPLOAD_STORAGE=database" in job["error"]["hint"]
    engine = make_engine(settings)
    with Session(engine) as session:
        assert session.exec(select(col(Document.id))).all()  # the document row is kept, not lost
    engine.dispose()
