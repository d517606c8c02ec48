"""Maintenance as plain functions in one shape, and the record of each run.

Each periodic task is a function of a :class:`MaintenanceContext` returning counts of what it
did; :func:`run_recorded` logs them and records the run in a Redis hash that the ops dashboard
and ``/metrics`` read. The actors in :mod:`tasks.maintenance`, :mod:`tasks.ops_tasks` and
:mod:`tasks.provider_tasks` only call these. The tasks live by idea: cleanup and retention in
:mod:`tasks.cleanup`, the stuck-job reaper (and the scheduler's resends) in :mod:`tasks.reaper`,
the error-event pruning and provider tasks' recorded forms here. Each processes "everything
older than X", so a missed run is caught up by the next one, and each is safe to run twice at
once (conditional updates and deletes).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import dramatiq
import redis
from sqlalchemy import Engine

from config import Settings
from jobs.events import JobEvents
from models.error_event import prune_error_events
from providers.flush import flush_usage
from providers.validation import validate_keys
from redisconn.keys import maintenance_run_key

logger = logging.getLogger(__name__)

#: Rows handled per run and kind, so one run stays short; the next run continues.
BATCH = 500


@dataclass
class MaintenanceContext:
    settings: Settings
    engine: Engine
    redis: redis.Redis
    broker: dramatiq.Broker
    events: JobEvents | None = None


# --- run records ---------------------------------------------------------------------


def run_recorded(
    ctx: MaintenanceContext, task: str, work: Callable[[MaintenanceContext], dict[str, int]]
) -> dict[str, int]:
    """Run ``work``, log what it did and record the run in Redis (never failing on Redis)."""
    started = time.time()
    status, result, error = "ok", {}, ""
    try:
        result = work(ctx)
    except Exception as exc:
        status, error = "error", f"{type(exc).__name__}: {str(exc)[:300]}"
        raise
    finally:
        duration_ms = int((time.time() - started) * 1000)
        summary = " ".join(f"{k}={v}" for k, v in result.items())
        log = logger.info if status == "ok" else logger.error
        log("maintenance task=%s status=%s duration_ms=%d %s", task, status, duration_ms, summary or error)
        try:
            pipe = ctx.redis.pipeline(transaction=False)
            key = maintenance_run_key(ctx.settings.broker_namespace, task)
            pipe.hset(
                key,
                mapping={
                    "last_started_at": f"{started:.3f}",
                    "last_finished_at": f"{time.time():.3f}",
                    "last_status": status,
                    "last_duration_ms": duration_ms,
                    "last_result": json.dumps(result),
                    "last_error": error,
                },
            )
            pipe.hincrby(key, "runs", 1)
            pipe.hincrby(key, "failures", 1 if status != "ok" else 0)
            for name, count in result.items():
                pipe.hincrby(key, f"total:{name}", count)
            pipe.execute()
        except (redis.RedisError, OSError) as exc:
            logger.warning("maintenance run not recorded task=%s error=%r", task, exc)
    return result


# --- the other periodic tasks, in run_recorded's shape ---------------------------------


def rollup_error_events(ctx: MaintenanceContext) -> dict[str, int]:
    """Error-event pruning (the alerts are evaluated by the scheduler, workers/scheduler.py)."""
    return {"error_events_pruned": prune_error_events(ctx.engine, ctx.settings.error_event_retention_days)}


def validate_provider_keys(ctx: MaintenanceContext, *, timeout_s: float = 10.0) -> dict[str, int]:
    """Every provider key checked (:func:`providers.validation.validate_keys`), as counts."""
    checks = validate_keys(ctx.settings, ctx.redis, timeout_s=timeout_s)
    ok = sum(1 for c in checks if c.ok)
    return {"keys_checked": len(checks), "keys_ok": ok, "keys_failed": len(checks) - ok}


def flush_provider_usage(ctx: MaintenanceContext) -> dict[str, int]:
    """Pending usage counters added to SQL (:func:`providers.flush.flush_usage`), as counts."""
    report = flush_usage(ctx.settings, ctx.redis, ctx.engine)
    return {
        "batches_flushed": report.batches,
        "batches_already_flushed": report.already_flushed,
        "rows_flushed": report.rows,
        "calls_flushed": report.calls,
        "tokens_flushed": report.tokens,
    }
