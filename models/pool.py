"""The database connection pool, measured: waits for a connection, timeouts, failed connects.

SQLAlchemy's ``QueuePool`` says how many connections are open and checked out, but not how
often a thread had to wait for one, nor how often the database refused a new one. The pool
here counts both, per process, for ``/ops/metrics.json`` and ``/metrics``: a pool too small
for its threads shows as waits, a database restart as failed connects and invalidations.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, event, exc
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool


@dataclass
class PoolCounters:
    """Counts since the process started (one pool per engine)."""

    checkouts: int = 0
    #: Checkouts that found every connection busy and waited for one.
    waits: int = 0
    wait_seconds: float = 0.0
    #: Waits that gave up after DB_POOL_TIMEOUT_S (answered 503 database_unavailable).
    timeouts: int = 0
    #: New connections the database refused or did not answer (down, restarting).
    connect_errors: int = 0
    #: Pooled connections found dead (a restarted server) and thrown away.
    invalidated: int = 0


class MeasuredQueuePool(QueuePool):
    """A QueuePool that counts waits, timeouts and failed connects."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counters = PoolCounters()
        self._lock = threading.Lock()

    def _do_get(self) -> ConnectionPoolEntry:
        # Every connection checked out (overflow included): this checkout has to wait.
        busy = self.checkedout() >= self.size() + max(self._max_overflow, 0)
        started = time.monotonic()
        try:
            return super()._do_get()
        except exc.TimeoutError:
            with self._lock:
                self.counters.timeouts += 1
            raise
        except exc.DBAPIError:
            with self._lock:
                self.counters.connect_errors += 1
            raise
        finally:
            with self._lock:
                self.counters.checkouts += 1
                if busy:
                    self.counters.waits += 1
                    self.counters.wait_seconds += time.monotonic() - started

    def recreate(self) -> MeasuredQueuePool:
        new = super().recreate()
        assert isinstance(new, MeasuredQueuePool)
        new.counters = self.counters  # engine.dispose() keeps the process's history
        return new


def measure_invalidations(engine: Engine) -> None:
    """Count connections the pool threw away because they died (a restarted server)."""

    @event.listens_for(engine, "invalidate")
    def _invalidated(_dbapi_conn: Any, _record: Any, _error: BaseException | None) -> None:
        pool = engine.pool
        if isinstance(pool, MeasuredQueuePool):
            pool.counters.invalidated += 1


def pool_stats(engine: Engine) -> dict[str, Any] | None:
    """This process's pool: size, in use, and the counters; None for a database with no pool to size."""
    pool = engine.pool
    if not isinstance(pool, MeasuredQueuePool):
        return None
    stats: dict[str, Any] = {
        "size": pool.size(),
        "max_overflow": max(pool._max_overflow, 0),
        "checked_out": pool.checkedout(),
        "idle": pool.checkedin(),
    }
    stats.update(asdict(pool.counters))
    stats["wait_seconds"] = round(stats["wait_seconds"], 3)
    return stats
