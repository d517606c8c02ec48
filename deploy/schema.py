"""The worker's start-up check: never run new code on an old schema.

On Render the API's pre-deploy command migrates (``scripts/migrate``) while the worker of
the same deploy may already be starting. The worker therefore waits, bounded by
``WORKER_SCHEMA_WAIT_S``, until the database is at the migration head of its code, and
exits with a clear message otherwise (the platform then reports the failed start).

A database *ahead* of the code (a revision this code does not know: a rolled-back
release) is accepted: migrations stay backward-compatible with the previous release
(docs/deploy-render.md, "Migrations and rollback").
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from config import Settings
from models.db import alembic_config

logger = logging.getLogger("deckhand.worker.schema")

SchemaStatus = Literal["at_head", "ahead", "behind", "unreachable"]
#: Seconds between two looks at the database while waiting.
POLL_INTERVAL_S = 2.0
#: Seconds between two "still waiting" log lines.
LOG_EVERY_S = 30.0


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    current: str | None
    head: str
    detail: str = ""

    def describe(self) -> str:
        if self.status == "unreachable":
            return f"the database is unreachable ({self.detail})"
        return f"the database is at revision {self.current or '<empty>'}, this code needs {self.head}"


class SchemaNotReady(Exception):
    """The database did not reach the code's head within the wait."""


def _revision(engine: Engine) -> str | None:
    # A plain query: alembic's MigrationContext logs two INFO lines per look, every 2 s.
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(value) if value is not None else None


def _script(settings: Settings) -> ScriptDirectory:
    # Loading the scripts makes alembic log its plugins at INFO: noise in every worker start.
    quiet = logging.getLogger("alembic")
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        return ScriptDirectory.from_config(alembic_config(settings))
    finally:
        quiet.setLevel(level)


def schema_state(engine: Engine, script: ScriptDirectory) -> SchemaState:
    """Where the database stands relative to the code's single migration head."""
    head = script.get_current_head()
    if head is None:  # no migrations at all: nothing to wait for
        return SchemaState("at_head", None, "<none>")
    try:
        current = _revision(engine)
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        return SchemaState("unreachable", None, head, (str(cause).strip().splitlines() or [""])[0])
    if current == head:
        return SchemaState("at_head", current, head)
    if current is not None:
        try:
            script.get_revision(current)
        except CommandError:
            return SchemaState("ahead", current, head)
    # With one head every known revision is its ancestor: the upgrade has not run yet.
    return SchemaState("behind", current, head)


def wait_for_schema(
    settings: Settings,
    engine: Engine,
    *,
    stop: threading.Event | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> SchemaState:
    """Return once the database is at (or ahead of) head; :class:`SchemaNotReady` after the wait."""
    script = _script(settings)
    stop = stop or threading.Event()
    started = clock()
    deadline = started + settings.worker_schema_wait_s
    next_log = started
    while True:
        state = schema_state(engine, script)
        if state.status == "ahead":
            logger.warning(
                "database at revision %s, newer than this code's %s (a rolled-back release?); "
                "starting: migrations stay backward-compatible",
                state.current,
                state.head,
            )
        if state.status in ("at_head", "ahead"):
            return state
        now = clock()
        if stop.is_set():
            raise SchemaNotReady(f"stopped while waiting: {state.describe()}")
        if now >= deadline:
            raise SchemaNotReady(
                f"worker not started: {state.describe()} after waiting "
                f"{settings.worker_schema_wait_s:.0f} s (WORKER_SCHEMA_WAIT_S). Run scripts/migrate "
                "(on Render the API's pre-deploy command does; read its log), then restart the worker."
            )
        if now >= next_log:
            logger.info(
                "waiting for migrations: %s (up to %.0f s more)", state.describe(), max(0.0, deadline - now)
            )
            next_log = now + LOG_EVERY_S
        stop.wait(min(POLL_INTERVAL_S, max(0.0, deadline - now)))


@contextmanager
def stop_on_sigterm() -> Iterator[threading.Event]:
    """An event set by SIGTERM/SIGINT while the block runs (then the previous handlers come back).

    A worker told to stop while it waits for migrations stops at once instead of
    waiting out WORKER_SCHEMA_WAIT_S. Outside the main thread signals cannot be
    handled; the event then only ends with the wait.
    """
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def _set(_signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _set) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def require_schema_at_head(settings: Settings, engine: Engine) -> None:
    """The worker's gate: wait for the schema, or exit (0 when told to stop, 1 when it never came)."""
    with stop_on_sigterm() as stop:
        try:
            state = wait_for_schema(settings, engine, stop=stop)
        except SchemaNotReady as exc:
            if stop.is_set():
                logger.info("%s", exc)
                raise SystemExit(0) from None
            logger.error("%s", exc)
            raise SystemExit(f"deckhand worker: {exc}") from None
    logger.info("database schema at %s", state.current)
