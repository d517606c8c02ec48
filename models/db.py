"""Engine, sessions and migrations.

The caller owns the transaction: ``with session_scope(engine) as s: ...`` commits
once at the end (or rolls back on an exception). Nothing here commits behind
the caller's back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, create_engine, event, exc, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from config import Settings
from cooperative import monkey_patched, reserve
from errors import DatabaseNotReady, DependencyUnavailable
from models import job_cache, sqlite_offhub
from models.pool import MeasuredQueuePool, measure_invalidations

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

# Alembic is imported where it is used: with Mako and Pygments it costs every API, worker and
# scheduler process a quarter of a second at start, and only migrations and revision checks use it.

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
#: Seconds a SQLite statement waits for another connection's write lock before it fails.
SQLITE_TIMEOUT_S = 30.0


#: Which process an engine serves: it decides how many pooled connections it needs.
Role = Literal["web", "worker", "scheduler", "command"]


def pool_size_for(settings: Settings, role: Role) -> int:
    """Connections one process keeps: DB_POOL_SIZE, or one per thread that can use the database."""
    if settings.db_pool_size is not None:
        return settings.db_pool_size
    threads = {"web": settings.web_threads, "worker": settings.worker_threads, "scheduler": 2, "command": 2}
    return threads[role]


#: SQLAlchemy's own pool for a SQLite file: 5 kept, 10 more at a peak, closed again on return.
SQLITE_DEFAULT_POOL = 5
SQLITE_DEFAULT_OVERFLOW = 10


def sqlite_pool_options(settings: Settings, role: Role) -> dict[str, Any]:
    """The pool of a SQLite file engine: never smaller than SQLAlchemy's default, and one kept
    connection per thread of the process, so that no thread waits for a connection and none
    is closed and opened again on every use (a new SQLite connection runs its pragmas and reads
    the schema): with 32 worker threads the default pool made 17 of them queue for one."""
    url = make_url(settings.sqlalchemy_url)
    if not url.database or url.database == ":memory:" or url.query.get("mode") == "memory":
        return {}  # one connection per thread, SQLAlchemy's SingletonThreadPool
    return {
        "pool_size": max(SQLITE_DEFAULT_POOL, pool_size_for(settings, role)),
        "max_overflow": max(SQLITE_DEFAULT_OVERFLOW, settings.db_max_overflow),
        "pool_timeout": settings.db_pool_timeout_s,
    }


def make_engine(settings: Settings, *, create_dirs: bool = True, role: Role = "command") -> Engine:
    """An engine with bounded connects; SQLite in WAL mode with foreign keys on.

    PostgreSQL gets a pool sized for ``role`` (see :func:`pool_size_for`), checked before use
    (``pool_pre_ping``: a connection a restarted server closed is replaced, not handed to a
    request) and recycled after DB_POOL_RECYCLE_S.
    """
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        if create_dirs:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = make_url(url).database
        pool = sqlite_pool_options(settings, role)
        if monkey_patched() and database and database != ":memory:" and not make_url(url).query:
            # Under gevent (the API): lock waits and commits in threads, not on the hub, and a
            # thread for every connection the pool can hand out (cooperative.reserve says why).
            reserve("db", pool["pool_size"] + pool["max_overflow"])
            engine = create_engine(
                url, creator=lambda: sqlite_offhub.connect(database, SQLITE_TIMEOUT_S), **pool
            )
        else:
            arguments = {"timeout": SQLITE_TIMEOUT_S, "check_same_thread": False}
            engine = create_engine(url, connect_args=arguments, **pool)
        job_cache.track(engine, settings)  # cached job reads: versions bumped after each commit

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # No fsync per commit (WAL's checkpoints still sync): a commit holds the one write
            # lock for microseconds instead of an fsync (2 ms idle, far more on a busy disk), which
            # every other writer (the API, the worker's threads) waits for. Safe from corruption;
            # a power cut may lose the last commits (SQLite is for local runs; production is
            # PostgreSQL).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_TIMEOUT_S * 1000)}")
            cursor.close()

        return engine
    engine = create_engine(
        url,
        poolclass=MeasuredQueuePool,
        pool_pre_ping=True,
        pool_size=pool_size_for(settings, role),
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_s,
        pool_recycle=settings.db_pool_recycle_s or -1,
        connect_args={"connect_timeout": settings.db_connect_timeout_s},
    )
    measure_invalidations(engine)
    job_cache.track(engine, settings)
    return engine


def is_database_outage(error: BaseException) -> bool:
    """True for the errors of a database that went away, not of a bad query.

    A restarted or unreachable server, a connection it closed (``connection_invalidated``),
    or a pool with no free connection. SQLite's "database is locked" counts too: it passes.
    """
    if isinstance(error, exc.TimeoutError):  # the pool's wait for a connection ran out
        return True
    if isinstance(error, exc.DBAPIError):
        return bool(error.connection_invalidated) or isinstance(
            error, exc.OperationalError | exc.InterfaceError
        )
    return False


def database_answers(engine: Engine) -> bool:
    """One ``SELECT 1``; False when the database cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except exc.SQLAlchemyError:
        return False


def wait_for_database(engine: Engine, timeout_s: float, *, interval_s: float = 0.5) -> bool:
    """Wait until the database answers, at most ``timeout_s``; True when it does."""
    deadline = time.monotonic() + timeout_s
    while True:
        if database_answers(engine):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval_s)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(settings: Settings) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", settings.sqlalchemy_url.replace("%", "%%"))
    return cfg


def migrate(settings: Settings, revision: str = "head") -> None:
    """Upgrade the database to ``revision``."""
    if settings.sqlalchemy_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    from alembic import command

    command.upgrade(alembic_config(settings), revision)


def downgrade(settings: Settings, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(settings), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(settings: Settings) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(settings)).get_current_head()


def database_location(settings: Settings) -> str:
    """Where the configured database is, for messages: the SQLite file, or host/name (no credentials)."""
    url = make_url(settings.sqlalchemy_url)
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database or ":memory:"))
    port = f":{url.port}" if url.port else ""
    return f"{url.get_backend_name()}://{url.host or 'localhost'}{port}/{url.database or ''}"


def open_existing(settings: Settings) -> Engine:
    """An engine on the configured database, which must exist and be at the latest schema.

    For commands that read an installation's data: connecting to SQLite would create an
    empty file, and a missing table would surface as a driver traceback. Nothing is created
    here. :raise DatabaseNotReady: no such database, or not migrated to head.
    :raise DependencyUnavailable: the database server does not answer.
    """
    where = database_location(settings)
    how = "DATABASE_URL" if settings.database_url else f"DATA_DIR={settings.data_dir}"
    if settings.sqlalchemy_url.startswith("sqlite") and not Path(where).is_file():
        raise DatabaseNotReady(
            f"No database at {where} (from {how}).",
            hint="Point DATA_DIR or DATABASE_URL at the database the server uses; "
            f"to start a new one at {where}, run 'deckhand migrate'.",
        )
    engine = make_engine(settings, create_dirs=False)
    try:
        current = current_revision(engine)
    except SQLAlchemyError:
        engine.dispose()
        # Not the driver's message: it can hold the database URL.
        raise DependencyUnavailable(
            f"The database at {where} cannot be reached.",
            hint="Check DATABASE_URL and that the database server is running.",
        ) from None
    head = head_revision(settings)
    if current != head:
        engine.dispose()
        raise DatabaseNotReady(
            f"The database at {where} is at schema {current or 'none (empty)'}, not {head}.",
            hint=f"Run 'deckhand migrate' (with the same {how.split('=')[0]}) to upgrade {where}.",
        )
    return engine
