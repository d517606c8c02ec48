"""A database that goes away: 503 database_unavailable on the API, waits in the workers, a measured pool.

Real PostgreSQL: a cluster of this module alone, stopped and started on the same data and port
(the session's cluster is shared by other tests and is never broken).
"""

from __future__ import annotations

import io
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import dramatiq
import pytest
import redis
from sqlalchemy import Engine, exc, text

from api import create_app
from config import Settings, load_settings
from models.db import is_database_outage, make_engine, pool_size_for
from models.pool import pool_stats
from ops.metrics import build_registry, exposition
from tasks.outages import database_outage_in, run_through_outages
from tests.conftest import CI
from tests.database import migrate_head
from tests.pg import PostgresCluster, start_cluster

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    started = start_cluster()
    if started is None:
        if CI:
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found; CI must run the PostgreSQL tests")
        pytest.skip("PostgreSQL binaries not found")
    yield started
    started.stop()


@pytest.fixture
def pg_settings(cluster: PostgresCluster, tmp_path: Path, redis_url: str) -> Settings:
    settings = load_settings(
        env="test",
        data_dir=tmp_path / "data",
        redis_url=redis_url,
        database_url=cluster.create_database(),
        security_key_prefix=f"t{uuid.uuid4().hex[:8]}",
        broker_namespace=f"t{uuid.uuid4().hex[:8]}",
        _env_file=None,
    )
    migrate_head(settings)
    return settings


@pytest.fixture
def down(cluster: PostgresCluster) -> Iterator[PostgresCluster]:
    """The cluster stopped (fast); started again after the test whatever happens."""
    cluster.stop_server("fast")
    try:
        yield cluster
    finally:
        if not _answers(cluster):
            cluster.start_server()


def _answers(cluster: PostgresCluster) -> bool:
    import psycopg

    try:
        psycopg.connect(cluster.admin_url, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


def _start_later(cluster: PostgresCluster, after_s: float) -> threading.Thread:
    def start() -> None:
        time.sleep(after_s)
        cluster.start_server()

    thread = threading.Thread(target=start, daemon=True)
    thread.start()
    return thread


# --- the API -------------------------------------------------------------------------------


def test_a_restarted_database_answers_503_with_retry_after_then_200_with_no_error(
    pg_settings: Settings, cluster: PostgresCluster
) -> None:
    app = create_app(pg_settings)
    client = app.test_client()
    registered = client.post(
        "/api/v1/auth/register", json={"email": "db-fault@example.com", "password": "a-long-password-1"}
    )
    assert registered.status_code == 201, registered.get_json()
    headers = {"Authorization": f"Bearer {registered.get_json()['token']}"}
    assert client.get("/api/v1/decks", headers=headers).status_code == 200

    cluster.stop_server("fast")
    try:
        for method, path in (("GET", "/api/v1/decks"), ("GET", "/api/v1/auth/me")):
            response = client.open(path, method=method, headers=headers)
            body = response.get_json()
            assert response.status_code == 503, body
            assert response.mimetype == "application/problem+json"
            assert body["code"] == "database_unavailable" and body["hint"]
            assert int(response.headers["Retry-After"]) >= 1
            assert "postgres" not in response.get_data(as_text=True).lower()  # no driver text, no URL
        upload = client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (io.BytesIO(b"# Notes\n\nEnzymes speed up reactions.\n"), "n.md")},
        )
        assert upload.status_code == 503 and upload.get_json()["code"] == "database_unavailable"
    finally:
        cluster.start_server()

    # The pooled connections the restart closed are replaced before use: no error reaches anyone.
    for _ in range(5):
        assert client.get("/api/v1/decks", headers=headers).status_code == 200
    stats = pool_stats(app.extensions["deckhand"].engine)
    assert stats is not None
    assert stats["connect_errors"] + stats["invalidated"] >= 1, stats


def test_a_bad_query_is_not_an_outage(pg_settings: Settings) -> None:
    engine = make_engine(pg_settings)
    try:
        with pytest.raises(exc.ProgrammingError) as caught, engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))
        assert not is_database_outage(caught.value)
        assert not database_outage_in(RuntimeError("wrapped"))
    finally:
        engine.dispose()


# --- the pool --------------------------------------------------------------------------------


def test_each_process_gets_a_pool_sized_for_its_threads_with_pre_ping_and_recycle(
    pg_settings: Settings,
) -> None:
    settings = load_settings(
        **{**pg_settings.model_dump(), "web_threads": 12, "worker_threads": 6, "db_pool_recycle_s": 300},
        _env_file=None,
    )
    assert pool_size_for(settings, "web") == 12
    assert pool_size_for(settings, "worker") == 6
    engine = make_engine(settings, role="web")
    try:
        assert engine.pool.size() == 12
        assert engine.pool._pre_ping and engine.pool._recycle == 300
    finally:
        engine.dispose()
    fixed = load_settings(**{**settings.model_dump(), "db_pool_size": 3}, _env_file=None)
    assert pool_size_for(fixed, "web") == pool_size_for(fixed, "worker") == 3


def test_waits_for_a_connection_and_timeouts_are_counted(pg_settings: Settings) -> None:
    settings = load_settings(
        **{**pg_settings.model_dump(), "db_pool_size": 1, "db_max_overflow": 0, "db_pool_timeout_s": 0.5},
        _env_file=None,
    )
    engine = make_engine(settings, role="web")
    try:
        held = engine.connect()
        with pytest.raises(exc.TimeoutError) as caught:
            engine.connect()
        assert is_database_outage(caught.value)  # the API answers it 503 database_unavailable
        threading.Timer(0.2, held.close).start()
        with engine.connect() as conn:  # waits for the one connection, then gets it
            conn.execute(text("SELECT 1"))
        stats = pool_stats(engine)
        assert stats is not None
        assert stats["waits"] == 2 and stats["timeouts"] == 1, stats
        assert stats["wait_seconds"] >= 0.5 and stats["checked_out"] == 0
        # The same figures in the Prometheus exposition.
        registry, _http = build_registry(
            settings, engine, lambda: redis.Redis.from_url(settings.redis_url or "")
        )
        exposed = exposition(registry).decode()
        assert "deckhand_db_pool_waits_total 2.0" in exposed
        assert "deckhand_db_pool_timeouts_total 1.0" in exposed
        assert "deckhand_db_pool_size 1.0" in exposed
    finally:
        engine.dispose()


# --- the workers -------------------------------------------------------------------------------


def _counting_query(engine: Engine, calls: list[int]) -> None:
    calls.append(1)
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM job"))


def test_a_job_message_waits_out_a_restart_and_runs_again(
    pg_settings: Settings, down: PostgresCluster
) -> None:
    engine = make_engine(pg_settings, role="worker")
    calls: list[int] = []
    try:
        starter = _start_later(down, 1.0)
        run_through_outages(lambda: _counting_query(engine, calls), engine, 60, "test")
        starter.join()
        assert len(calls) == 2  # failed once while down, ran again once the database answered
    finally:
        engine.dispose()


def test_a_database_away_longer_than_the_wait_hands_the_message_back(
    pg_settings: Settings, down: PostgresCluster
) -> None:
    engine = make_engine(pg_settings, role="worker")
    calls: list[int] = []
    try:
        with pytest.raises(dramatiq.Retry):
            run_through_outages(lambda: _counting_query(engine, calls), engine, 0.5, "test")
        assert len(calls) == 1
    finally:
        engine.dispose()


def test_other_errors_pass_through_at_once(pg_settings: Settings) -> None:
    engine = make_engine(pg_settings, role="worker")
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        with engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))

    try:
        with pytest.raises(exc.ProgrammingError):
            run_through_outages(broken, engine, 60, "test")
        assert len(calls) == 1
    finally:
        engine.dispose()
