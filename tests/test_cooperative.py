"""Blocking calls leave the gevent hub: SQLite lock waits and password hashes, each in its own lane.

gevent patches a whole process, so the gevent side runs in a child process (as gunicorn's gevent
worker would run the app); this test process stays unpatched.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from config import load_settings
from cooperative import off_hub
from models.db import make_engine

ROOT = Path(__file__).resolve().parents[1]
CHILD_TIMEOUT_S = 120
#: How long the test holds SQLite's write lock while the child's insert waits for it.
LOCK_HELD_S = 1.5

WAITS_FOR_THE_LOCK = r"""
import json, sys
from gevent import monkey
monkey.patch_all()
import gevent
from sqlalchemy import text
from config import load_settings
from models.db import make_engine

settings = load_settings(env="test", database_url=sys.argv[1], _env_file=None)
engine = make_engine(settings, role="web")
with engine.connect() as connection:
    kind = type(connection.connection.dbapi_connection).__name__
ticks = [0]

def tick():
    while True:
        gevent.sleep(0.02)
        ticks[0] += 1

gevent.spawn(tick)
print("ready", flush=True)
sys.stdin.readline()  # the parent holds the write lock now
before = ticks[0]
with engine.begin() as connection:
    connection.execute(text("INSERT INTO note VALUES ('written after the lock')"))
print(json.dumps({"kind": kind, "ticks_while_waiting": ticks[0] - before}), flush=True)
"""

LANES_APART = r"""
import json
from gevent import monkey
monkey.patch_all()
import gevent
from gevent.monkey import get_original
from cooperative import LANE_THREADS, off_hub

Event = get_original("threading", "Event")
Lock = get_original("threading", "Lock")
release, busy, lock = Event(), [0], Lock()

def held_hash():
    with lock:
        busy[0] += 1
    release.wait(60)

hashes = [gevent.spawn(off_hub, "hash", held_hash) for _ in range(LANE_THREADS["hash"] + 5)]
while busy[0] < LANE_THREADS["hash"]:
    gevent.sleep(0.01)
with gevent.Timeout(30):
    answer = off_hub("db", lambda: "database call done")
hashing_then = busy[0]
release.set()
gevent.joinall(hashes, timeout=60)
print(json.dumps({"answer": answer, "hashing_then": hashing_then, "released": release.is_set()}))
"""


MANY_WRITERS = r"""
import json, sys
from gevent import monkey
monkey.patch_all()
import gevent
from sqlalchemy import text
from config import load_settings
from cooperative import LANE_THREADS
from models.db import make_engine

settings = load_settings(env="test", database_url=sys.argv[1], _env_file=None)
engine = make_engine(settings, role="web")
errors = []

def write(number):
    # As a request writes: its first write takes SQLite's write lock, its commit (another call
    # in the db lane) releases it; every other writer's statement waits for the lock meanwhile.
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO note VALUES (:body)"), {"body": f"note {number}"})
            gevent.sleep(0.01)  # the request's other work (Redis, its answer) before the commit
            connection.execute(text("SELECT count(*) FROM note")).scalar_one()
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}"[:200])

writers = engine.pool.size() + engine.pool._max_overflow
gevent.joinall([gevent.spawn(write, number) for number in range(writers)])
print(json.dumps({"writers": writers, "db_threads": LANE_THREADS["db"], "errors": errors}))
"""


def run_child(program: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_under_gevent_a_sqlite_write_waiting_for_the_lock_leaves_the_hub_running(tmp_path: Path) -> None:
    database = tmp_path / "lock.db"
    with sqlite3.connect(database) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE note (body TEXT)")
    child = subprocess.Popen(
        [sys.executable, "-c", WAITS_FOR_THE_LOCK, f"sqlite:///{database}"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "ready"
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock, as the worker holds it while it writes
        child.stdin.write("go\n")
        child.stdin.flush()
        time.sleep(LOCK_HELD_S)
        holder.execute("COMMIT")
        holder.close()
        out, err = child.communicate(timeout=CHILD_TIMEOUT_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["kind"] == "CooperativeConnection"
    # Blocking on the hub, the ticker would not run at all while the insert waits (0 ticks).
    assert result["ticks_while_waiting"] >= 5, result
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT body FROM note").fetchall() == [("written after the lock",)]


def test_under_gevent_as_many_writers_as_pooled_connections_all_commit(tmp_path: Path) -> None:
    """Every connection of the pool writing at once: a commit always finds a thread of the db lane.

    With fewer lane threads than connections (15 for the web's 42), the writes waiting for the
    lock filled the lane while the lock holder's commit waited for a thread: 30 s of stall, then
    "database is locked" for the writes (seen under 200 sign-ups, every one answered 503)."""
    database = tmp_path / "writers.db"
    with sqlite3.connect(database) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE note (body TEXT)")
    done = run_child(MANY_WRITERS, f"sqlite:///{database}")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["writers"] > 15  # more than the lane's threads before the engine reserved them
    assert result["errors"] == []
    assert result["db_threads"] >= result["writers"]
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT count(*) FROM note").fetchone() == (result["writers"],)


def test_database_calls_do_not_queue_behind_a_burst_of_hashes() -> None:
    done = run_child(LANES_APART)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # The database call answered while every hashing thread was still busy.
    assert result["answer"] == "database call done"
    assert result["hashing_then"] == 10
    assert result["released"] is True


def test_without_gevent_the_driver_is_plain_and_calls_run_in_the_caller(tmp_path: Path) -> None:
    settings = load_settings(env="test", database_url=f"sqlite:///{tmp_path / 'plain.db'}", _env_file=None)
    engine = make_engine(settings, role="web")
    try:
        with engine.connect() as connection:
            assert isinstance(connection.connection.dbapi_connection, sqlite3.Connection)
            assert connection.execute(text("PRAGMA synchronous")).scalar_one() == 1  # NORMAL
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    finally:
        engine.dispose()
    assert off_hub("db", threading.get_ident) == threading.get_ident()
