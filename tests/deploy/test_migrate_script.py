"""scripts/migrate: bounded waiting, a clear failure, a lock between concurrent deploys, revisions logged."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from deploy.migrate import ADVISORY_LOCK_KEY
from models.db import head_revision
from redisconn.embedded import free_port
from tests.stack import ROOT

SCRIPT = os.path.join(ROOT, "scripts", "migrate")


def run_migrate(env_extra: dict[str, str], tmp_path, timeout: float = 120):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "MIGRATE_"))}
    env.update(DATA_DIR=str(tmp_path / "data"), **env_extra)
    # From another directory, with the venv's interpreter, as the platform runs it.
    return subprocess.run(
        [sys.executable, SCRIPT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_migrate(env_extra: dict[str, str], tmp_path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "MIGRATE_"))}
    env.update(DATA_DIR=str(tmp_path / "data"), **env_extra)
    return subprocess.Popen(
        [sys.executable, SCRIPT],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_an_unreachable_database_fails_after_the_retry_bound_with_a_clear_message(tmp_path):
    url = f"postgresql://deckhand:hunter2-secret@127.0.0.1:{free_port()}/deckhand"
    result = run_migrate(
        {"DATABASE_URL": url, "MIGRATE_RETRIES": "3", "MIGRATE_RETRY_DELAY_S": "0.1"}, tmp_path, timeout=60
    )
    assert result.returncode == 1
    assert "attempt 3/3" in result.stderr and "attempt 4/" not in result.stderr
    assert "was not reachable after 3 attempts" in result.stderr
    assert "Check DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert "hunter2-secret" not in result.stderr + result.stdout  # the password is masked


def test_a_malformed_setting_fails_with_its_name(tmp_path):
    result = run_migrate({"MIGRATE_RETRIES": "many"}, tmp_path)
    assert result.returncode == 1
    assert "MIGRATE_RETRIES" in result.stderr and "Traceback" not in result.stderr


def test_sqlite_upgrades_from_empty_then_finds_nothing_to_do(tmp_path, settings):
    first = run_migrate({}, tmp_path)
    assert first.returncode == 0, first.stderr
    head = head_revision(settings)
    assert "revision before: <empty database>" in first.stderr
    assert f"revision after: {head}" in first.stderr
    second = run_migrate({}, tmp_path)
    assert second.returncode == 0, second.stderr
    assert f"revision before: {head}" in second.stderr and "nothing to migrate" in second.stderr


def test_two_concurrent_sqlite_runs_migrate_once(tmp_path):
    procs = [start_migrate({}, tmp_path) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    upgraded = [err for _out, err in outputs if "revision after:" in err]
    assert len(upgraded) == 1, outputs


@pytest.mark.postgres
def test_postgres_upgrades_from_empty_and_logs_both_revisions(tmp_path, pg_cluster, settings):
    url = pg_cluster.create_database()
    result = run_migrate({"DATABASE_URL": url}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "connected: " in result.stderr
    assert "revision before: <empty database>" in result.stderr
    assert f"revision after: {head_revision(settings)}" in result.stderr


@pytest.mark.postgres
def test_two_concurrent_postgres_runs_never_both_migrate(tmp_path, pg_cluster):
    url = pg_cluster.create_database()
    procs = [start_migrate({"DATABASE_URL": url}, tmp_path) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    upgraded = [err for _out, err in outputs if "revision after:" in err]
    assert len(upgraded) == 1, outputs
    assert sum("nothing to migrate" in err for _out, err in outputs) == 2


@pytest.mark.postgres
def test_a_held_lock_times_out_with_a_clear_message(tmp_path, pg_cluster):
    url = pg_cluster.create_database()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
        result = run_migrate({"DATABASE_URL": url, "MIGRATE_LOCK_TIMEOUT_S": "1"}, tmp_path)
    assert result.returncode == 1
    assert "another migration held the lock" in result.stderr
    assert "revision after" not in result.stderr


@pytest.mark.postgres
def test_a_failing_migration_fails_the_deploy(tmp_path, pg_cluster):
    # A database stamped with a revision this code does not know: alembic cannot upgrade it.
    url = pg_cluster.create_database()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    result = run_migrate({"DATABASE_URL": url}, tmp_path)
    assert result.returncode == 1
    assert "migration failed: alembic upgrade 9999_from_the_future" in result.stderr
    assert "previous release keeps serving" in result.stderr
