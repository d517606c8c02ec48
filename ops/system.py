"""Host and dependency figures for the dashboard: CPU, memory, the database pool, Redis memory."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import psutil  # type: ignore[import-untyped]
import redis
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from models.pool import pool_stats


@dataclass
class SystemStats:
    cpu_percent: float
    memory_percent: float
    process_rss_bytes: int
    db_pool: dict[str, Any] = field(default_factory=dict)
    #: None when Redis did not answer (the page shows a "Redis unreachable" panel).
    redis_memory: dict[str, Any] | None = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def db_pool_stats(engine: Engine) -> dict[str, Any]:
    """Checked-out and idle connections of this process's pool (SQLite's pool has no fixed size)."""
    pool = engine.pool
    stats: dict[str, Any] = {"kind": type(pool).__name__}
    if isinstance(pool, QueuePool):
        stats.update(
            size=pool.size(),
            checked_out=pool.checkedout(),
            idle=pool.checkedin(),
            overflow=max(0, pool.overflow()),
            max_overflow=pool._max_overflow,
        )
    stats.update(pool_stats(engine) or {})  # waits, timeouts, failed connects, invalidations
    return stats


def redis_memory(client: redis.Redis) -> dict[str, Any]:
    info = client.info("memory")
    used = int(info.get("used_memory", 0))
    limit = int(info.get("maxmemory", 0))
    return {
        "used_bytes": used,
        "peak_bytes": int(info.get("used_memory_peak", 0)),
        "max_bytes": limit,
        "used_ratio": round(used / limit, 4) if limit else None,
        "policy": str(info.get("maxmemory_policy", "")),
    }


#: psutil's non-blocking CPU share is measured since the previous call; the first call has
#: no previous one and answers 0.0. So prime it at import, and measure for a moment when
#: the previous call is too recent to mean anything (the first page after start).
_cpu_lock = threading.Lock()
_cpu_last = time.monotonic()
psutil.cpu_percent(interval=None)
MIN_CPU_SPAN_S = 0.5


def cpu_percent() -> float:
    global _cpu_last
    with _cpu_lock:
        span = time.monotonic() - _cpu_last
        value = psutil.cpu_percent(interval=None if span >= MIN_CPU_SPAN_S else MIN_CPU_SPAN_S - span)
        _cpu_last = time.monotonic()
    return float(value)


def system_stats(engine: Engine, redis_memory_stats: dict[str, Any] | None) -> SystemStats:
    """This host and process, the database pool, and Redis memory (None: Redis did not answer)."""
    # Non-blocking except just after start (see cpu_percent).
    return SystemStats(
        cpu_percent=cpu_percent(),
        memory_percent=float(psutil.virtual_memory().percent),
        process_rss_bytes=int(psutil.Process(os.getpid()).memory_info().rss),
        db_pool=db_pool_stats(engine),
        redis_memory=redis_memory_stats,
    )
