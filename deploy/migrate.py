"""Migrations on deploy (``scripts/migrate``, Render's pre-deploy command, the Procfile's release).

1. Wait for the database with bounded retries (a fresh Postgres may still be starting).
2. Validate the connection (``SELECT 1``, server version).
3. Take a lock so two deploys never migrate at once: ``pg_advisory_lock`` on PostgreSQL,
   an exclusive file lock next to the SQLite file.
4. ``alembic upgrade head``, logging the revision before and after.

Any failure exits non-zero: the platform then cancels the deploy and the previous release
keeps serving on the old schema (which is why migrations stay backward-compatible with
the running release: expand first, contract one release later).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from config import ConfigError, Settings, load_settings
from models.db import current_revision, head_revision, make_engine, migrate

logger = logging.getLogger("deckhand.migrate")

#: Key of the PostgreSQL advisory lock (any constant bigint; "deckhand" in ASCII).
ADVISORY_LOCK_KEY = 0x6465636B68616E64
MAX_RETRY_DELAY_S = 15.0


class MigrateError(Exception):
    """A migration step failed; the message says which and what to do."""


def safe_url(settings: Settings) -> str:
    """The database URL with its password masked, for logs."""
    return make_url(settings.sqlalchemy_url).render_as_string(hide_password=True)


def wait_for_database(engine: Engine, settings: Settings, sleep: Callable[[float], None] = time.sleep) -> str:
    """Connect with bounded retries; returns the server's version string."""
    attempts = settings.migrate_retries
    delay = settings.migrate_retry_delay_s
    waited = 0.0
    last_error = ""
    for attempt in range(1, attempts + 1):
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1")).scalar_one()
                return _server_version(conn)
        except SQLAlchemyError as exc:
            # The driver's first line: "connection refused", "password authentication failed"...
            cause = getattr(exc, "orig", None) or exc
            last_error = f"{type(cause).__name__}: {(str(cause).strip().splitlines() or [''])[0]}"
            logger.warning("database not reachable (attempt %d/%d): %s", attempt, attempts, last_error)
        if attempt < attempts:
            sleep(delay)
            waited += delay
            delay = min(MAX_RETRY_DELAY_S, max(delay * 2, 0.1))
    raise MigrateError(
        f"the database at {safe_url(settings)} was not reachable after {attempts} attempts "
        f"(~{waited:.0f} s; MIGRATE_RETRIES={attempts}). Last error: {last_error}. "
        "Check DATABASE_URL, that the database is running and that this service may reach it."
    )


def _server_version(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        return str(conn.execute(text("SHOW server_version")).scalar_one())
    if conn.dialect.name == "sqlite":
        return "SQLite " + str(conn.execute(text("SELECT sqlite_version()")).scalar_one())
    return conn.dialect.name


@contextlib.contextmanager
def migration_lock(engine: Engine, settings: Settings) -> Iterator[None]:
    """Hold the deploy-wide migration lock; waits up to MIGRATE_LOCK_TIMEOUT_S for another holder."""
    deadline = time.monotonic() + settings.migrate_lock_timeout_s
    if engine.dialect.name == "postgresql":
        # Session-level lock on a connection of its own: alembic runs on another
        # connection, and the lock is released when this one closes, even on a crash.
        with engine.connect() as conn:
            announced = False
            while not conn.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
            ).scalar_one():
                conn.rollback()
                if not announced:
                    logger.info("another deploy is migrating; waiting for its lock")
                    announced = True
                if time.monotonic() > deadline:
                    raise MigrateError(
                        f"another migration held the lock for over {settings.migrate_lock_timeout_s:.0f} s "
                        "(MIGRATE_LOCK_TIMEOUT_S). Check for a stuck deploy "
                        "(pg_stat_activity / pg_locks, locktype 'advisory') before retrying."
                    )
                time.sleep(0.5)
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                conn.commit()
        return
    lock_path = _lock_path(settings)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise MigrateError(
                        f"another migration held {lock_path} for over "
                        f"{settings.migrate_lock_timeout_s:.0f} s (MIGRATE_LOCK_TIMEOUT_S)."
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_path(settings: Settings) -> Path:
    database = make_url(settings.sqlalchemy_url).database
    if database and database != ":memory:":
        return Path(database + ".migrate.lock")
    return settings.data_dir / "migrate.lock"


def run(settings: Settings) -> tuple[str | None, str | None]:
    """Wait, validate, lock, upgrade; returns (revision before, revision after)."""
    engine = make_engine(settings)
    try:
        logger.info("database %s", safe_url(settings))
        version = wait_for_database(engine, settings)
        logger.info("connected: %s", version)
        head = head_revision(settings)
        with migration_lock(engine, settings):
            before = current_revision(engine)
            logger.info("revision before: %s (head: %s)", before or "<empty database>", head)
            if before == head:
                logger.info("already at head; nothing to migrate")
                return before, before
            try:
                migrate(settings)
            except Exception as exc:  # alembic raises driver and script errors alike
                raise MigrateError(
                    f"alembic upgrade {before or 'base'} -> {head} failed: {type(exc).__name__}: "
                    f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}. The transaction was "
                    "rolled back where the database allows it; the previous release keeps serving."
                ) from exc
            after = current_revision(engine)
            logger.info("revision after: %s", after)
            if after != head:
                raise MigrateError(f"after the upgrade the database is at {after}, not head {head}")
            return before, after
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``scripts/migrate``; 0 on success, 1 on any failure."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s migrate %(levelname)s %(message)s", stream=sys.stderr
    )
    try:
        settings = load_settings()
        before, after = run(settings)
    except ConfigError as exc:
        logger.error("%s", exc)
        return 1
    except MigrateError as exc:
        logger.error("migration failed: %s", exc)
        return 1
    logger.info("ok: %s -> %s", before or "<empty>", after)
    return 0
