"""Job messages survive a database that goes away (a restart, a failover) instead of failing.

A job actor that meets a database outage waits, holding its message, until the database
answers again (at most DB_OUTAGE_WAIT_S) and then runs once more: the actors are
idempotent (a chunk's cards and its ChunkResult are written in one guarded transaction),
so a second run finishes what the first began. Only if the database stays away longer is
the message handed back to Dramatiq with a delay (``Retry``), which counts as one of the
actor's retries. Other errors pass through untouched.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import dramatiq
from sqlalchemy import Engine

from models.db import is_database_outage, wait_for_database
from tasks.context import get_context

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., None])

#: Runs of one delivery after the database came back, before the message goes back to the queue.
MAX_RERUNS = 3
#: Delay of the retry when the database did not come back in time, in ms.
RETRY_DELAY_MS = 5_000


def database_outage_in(error: BaseException) -> bool:
    """True when ``error`` or an error it was raised from is a database outage."""
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return False
        if is_database_outage(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def run_through_outages(call: Callable[[], None], engine: Engine, wait_s: float, what: str) -> None:
    """Run ``call``; on a database outage wait for the database (``wait_s``) and run it again.

    :raise dramatiq.Retry: the database did not come back in time (or went away again
        MAX_RERUNS times): the message goes back to the queue with a delay.
    """
    for rerun in range(MAX_RERUNS + 1):
        try:
            call()
            return
        except Exception as exc:
            if not database_outage_in(exc):
                raise
            logger.warning(
                "database unavailable in %s (%s); waiting up to %.0f s for it",
                what,
                type(exc).__name__,
                wait_s,
            )
            back = wait_for_database(engine, wait_s)
            if not back or rerun == MAX_RERUNS:
                raise dramatiq.Retry("the database is unavailable", delay=RETRY_DELAY_MS) from None
            logger.info("database answers again; running %s once more", what)


def survive_database_outages(actor: F) -> F:
    """Wait out a database outage and run the actor again (see the module docstring)."""

    @functools.wraps(actor)
    def run(*args: Any) -> None:
        ctx = get_context()
        what = f"{actor.__name__}{args!r}"
        run_through_outages(functools.partial(actor, *args), ctx.engine, ctx.settings.db_outage_wait_s, what)

    return run  # type: ignore[return-value]
