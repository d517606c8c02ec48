"""A worker never runs new code on an old schema: it waits (bounded) for the migration head.

Real worker processes (tests/stack.worker_process, i.e. ``dramatiq workers.main``) against a
real database one revision behind the code's head. The schema checks run on both backends
(marked ``sql``); the signal test is about the process, so it runs on SQLite only.
"""

from __future__ import annotations

import signal
import time
import uuid
from pathlib import Path

import pytest
import redis
from alembic.script import ScriptDirectory
from sqlalchemy import text

from config import Settings, load_settings
from deploy.schema import SchemaNotReady, wait_for_schema
from models.db import alembic_config, current_revision, make_engine, migrate
from redisconn.keys import worker_heartbeats_key
from tests.stack import worker_process

pytestmark = pytest.mark.slow


def previous_revision(settings: Settings) -> str:
    script = ScriptDirectory.from_config(alembic_config(settings))
    down = script.get_revision(script.get_current_head()).down_revision
    assert isinstance(down, str), "the head has one parent"
    return down


@pytest.fixture
def behind(db_settings: Settings) -> Settings:
    """A database one revision behind the code, and a broker namespace of its own."""
    configured = load_settings(
        **{**db_settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}"}, _env_file=None
    )
    migrate(configured, previous_revision(configured))
    return configured


#: Logged by the worker process once it looks at the database and finds it behind.
WAITING = "waiting for migrations: the database is at revision"

#: Dramatiq's parent waits this long (--worker-fork-timeout, 30 s by default) for its worker
#: process to boot; meanwhile it holds SIGTERM and forwards none of the worker's log lines, and a
#: worker waiting for the schema has not booted. 1 s: the tests see the waiting worker at once.
FORK_TIMEOUT_MS = 1000


def wait_for_text(path: Path, needle: str, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        content = path.read_text(errors="replace") if path.exists() else ""
        if needle in content:
            return content
        assert time.monotonic() < deadline, f"{needle!r} not logged; log:\n{content[-3000:]}"
        time.sleep(0.2)


def beating(settings: Settings) -> int:
    client = redis.Redis.from_url(settings.redis_url or "")
    try:
        return int(client.zcard(worker_heartbeats_key(settings.broker_namespace)))
    finally:
        client.close()


@pytest.mark.sql
def test_a_worker_on_an_old_schema_exits_with_a_clear_message(behind, tmp_path):
    log = tmp_path / "worker.log"
    head = ScriptDirectory.from_config(alembic_config(behind)).get_current_head()
    with (
        log.open("wb") as fh,
        worker_process(behind, stderr=fh, fork_timeout_ms=FORK_TIMEOUT_MS, WORKER_SCHEMA_WAIT_S="3") as proc,
    ):
        # Timed from the first look at the schema, not from the process start (slow on a busy machine).
        wait_for_text(log, WAITING, 120)
        waiting_since = time.monotonic()
        code = proc.wait(timeout=120)
    elapsed = time.monotonic() - waiting_since
    text_ = log.read_text(errors="replace")
    assert code != 0, text_
    assert elapsed < 40, f"the wait is bounded (3 s), took {elapsed:.0f} s"
    assert (
        f"worker not started: the database is at revision {previous_revision(behind)}, "
        f"this code needs {head}" in text_
    ), text_
    assert "WORKER_SCHEMA_WAIT_S" in text_ and "scripts/migrate" in text_
    assert "worker ready" not in text_ and beating(behind) == 0, "no actor ran on the old schema"


@pytest.mark.sql
def test_a_worker_started_before_the_migration_starts_once_it_is_done(behind, tmp_path):
    log = tmp_path / "worker.log"
    env = {"WORKER_SCHEMA_WAIT_S": "120", "WORKER_HEARTBEAT_INTERVAL_S": "0.5"}
    with (
        log.open("wb") as fh,
        worker_process(behind, stderr=fh, fork_timeout_ms=FORK_TIMEOUT_MS, **env) as proc,
    ):
        # The worker is up and looking at the old schema (however long its start takes).
        wait_for_text(log, WAITING, 120)
        assert beating(behind) == 0 and proc.poll() is None
        migrate(behind)  # what the API's pre-deploy command does meanwhile
        deadline = time.monotonic() + 60
        while beating(behind) == 0:
            assert time.monotonic() < deadline, "the worker never beat"
            time.sleep(0.2)
        content = wait_for_text(log, "worker ready", 60)
        assert "waiting for migrations: the database is at revision" in content
        assert content.index("waiting for migrations") < content.index("database schema at")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0


def test_sigterm_while_waiting_stops_the_worker_without_waiting_out_the_bound(behind, tmp_path):
    # Dramatiq's parent holds signals until its worker process has booted or FORK_TIMEOUT_MS have
    # passed; then the waiting worker stops at once.
    log = tmp_path / "worker.log"
    with (
        log.open("wb") as fh,
        worker_process(
            behind, stderr=fh, fork_timeout_ms=FORK_TIMEOUT_MS, WORKER_SCHEMA_WAIT_S="300"
        ) as proc,
    ):
        wait_for_text(log, WAITING, 120)
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=150) == 0, log.read_text(errors="replace")
    assert time.monotonic() - sent < 150, "it did not wait out WORKER_SCHEMA_WAIT_S (300 s)"
    content = log.read_text(errors="replace")
    assert "stopped while waiting: the database is at revision" in content
    assert "worker ready" not in content and beating(behind) == 0


@pytest.mark.sql
def test_at_head_the_check_is_immediate(db_settings):
    migrate(db_settings)
    engine = make_engine(db_settings)
    try:
        started = time.monotonic()
        state = wait_for_schema(db_settings, engine)
        # Far below the bound it would have waited out (WORKER_SCHEMA_WAIT_S, 300 s by default).
        assert db_settings.worker_schema_wait_s >= 300 and time.monotonic() - started < 60
        assert state.status == "at_head" and state.current == current_revision(engine)
    finally:
        engine.dispose()


@pytest.mark.sql
def test_a_database_ahead_of_the_code_is_accepted(db_settings):
    # A rolled-back release on a newer schema: migrations stay backward-compatible.
    migrate(db_settings)
    engine = make_engine(db_settings)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        assert wait_for_schema(db_settings, engine).status == "ahead"
    finally:
        engine.dispose()


@pytest.mark.sql
def test_an_empty_database_is_waited_for_then_refused(db_settings):
    settings = db_settings.model_copy(update={"worker_schema_wait_s": 0.5})
    engine = make_engine(settings)
    try:
        with pytest.raises(SchemaNotReady, match=r"at revision <empty>, this code needs"):
            wait_for_schema(settings, engine)
    finally:
        engine.dispose()
