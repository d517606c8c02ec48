"""A SQLite engine keeps a connection for every thread of its process (models.db.sqlite_pool_options).

SQLAlchemy's own pool for a SQLite file keeps 5 connections and opens up to 10 more, closing
those again on return: a worker with 32 threads had 17 of them queued for a connection, and the
others opened and closed connections all the time (each new one runs its pragmas and reads the
schema). Real SQLite files, real threads.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import event, text

from config import Settings, load_settings
from models.db import make_engine


def _settings(tmp_path: Path, **values: object) -> Settings:
    return load_settings(
        env="test", database_url=f"sqlite:///{tmp_path / 'pool.db'}", _env_file=None, **values
    )


def test_every_worker_thread_holds_a_connection_at_once_and_none_is_opened_twice(tmp_path: Path) -> None:
    threads = 32
    engine = make_engine(_settings(tmp_path, worker_threads=threads), role="worker")
    opened: list[object] = []
    event.listen(engine, "connect", lambda dbapi, _record: opened.append(dbapi))
    # Every thread must hold its connection while all the others hold theirs: with a pool
    # smaller than the thread count the barrier breaks (its deadline passes) instead.
    together = threading.Barrier(threads, timeout=20)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _round in range(3):
                with engine.connect() as connection:
                    assert connection.execute(text("select 1")).scalar() == 1
                    together.wait()
                together.wait()  # every connection is back in the pool before the next round
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert not errors, errors[:3]
        # One connection per thread, kept by the pool between the rounds (none closed and reopened).
        assert len(opened) == threads
    finally:
        engine.dispose()


def test_a_small_process_keeps_sqlalchemys_default_pool_and_the_pool_timeout_setting(tmp_path: Path) -> None:
    engine = make_engine(_settings(tmp_path, web_threads=2, db_pool_timeout_s=7), role="web")
    try:
        assert engine.pool.size() == 5  # never fewer than SQLAlchemy's default
        assert engine.pool.timeout() == 7
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_keeps_one_connection_per_thread(url: str) -> None:
    engine = make_engine(load_settings(env="test", database_url=url, _env_file=None), create_dirs=False)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("select 1")).scalar() == 1
        assert type(engine.pool).__name__ == "SingletonThreadPool"
    finally:
        engine.dispose()
