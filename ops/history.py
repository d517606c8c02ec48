"""Short history for the dashboard's charts: one sample per alert slot, kept in Redis, bounded.

The scheduler, when it evaluates the alerts for a slot (:func:`ops.alerts.evaluate_for_slot`),
also appends one sample built
from the same snapshot: jobs finished and failed in the slot, queue depth, dead letters,
the median job time, and provider calls by outcome. ``N:ops:history`` is a list capped at
:data:`HISTORY_LEN` samples (``LPUSH`` + ``LTRIM``), so its size never grows (24 h at the
default 5-minute slot). Charts are drawn server-side as inline SVG (:func:`charts`): no
chart library, nothing to load.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import redis
from sqlalchemy import Engine
from sqlmodel import col, select

from models import Job
from models.db import session_scope
from models.job import JobState
from models.types import utcnow
from redisconn.keys import ops_history_key

if TYPE_CHECKING:
    from ops.snapshot import Snapshot

#: Samples kept: 24 hours at the default 5-minute alert slot.
HISTORY_LEN = 288
#: Jobs looked at for the median time of one slot.
LATENCY_SAMPLE = 1000


def _slot_jobs(engine: Engine, window_s: int) -> tuple[int, int, float | None]:
    """(succeeded, failed, median seconds from upload to end) of jobs that ended in the window."""
    cutoff = utcnow() - timedelta(seconds=window_s)
    with session_scope(engine) as session:
        rows = session.exec(
            select(Job.state, Job.created_at, Job.finished_at)
            .where(col(Job.finished_at) >= cutoff)
            .limit(LATENCY_SAMPLE)
        ).all()
    succeeded = sum(1 for state, _, _ in rows if state == JobState.SUCCEEDED.value)
    failed = sum(1 for state, _, _ in rows if state == JobState.FAILED.value)
    spans = [(end - start).total_seconds() for _, start, end in rows if start and end]
    return succeeded, failed, (round(statistics.median(spans), 1) if spans else None)


def record(client: redis.Redis, engine: Engine, snapshot: Snapshot, namespace: str, window_s: int) -> None:
    """Append one sample of ``snapshot`` (and the jobs of the last ``window_s``)."""
    succeeded, failed, median_s = _slot_jobs(engine, window_s)
    outcomes: dict[str, int] = {}
    for provider in snapshot.providers:
        for outcome, n in provider.calls_by_outcome.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + int(n)
    sample = {
        "at": time.time(),
        "succeeded": succeeded,
        "failed": failed,
        "queue_depth": sum(q.ready + q.delayed for q in snapshot.queues),
        "dead": sum(q.dead for q in snapshot.queues),
        "median_job_s": median_s,
        "provider_calls_today": outcomes,  # running totals of the day; charts show differences
    }
    pipe = client.pipeline(transaction=False)
    pipe.lpush(ops_history_key(namespace), json.dumps(sample))
    pipe.ltrim(ops_history_key(namespace), 0, HISTORY_LEN - 1)
    pipe.execute()


def samples(client: redis.Redis, namespace: str, limit: int = HISTORY_LEN) -> list[dict[str, Any]]:
    """Oldest first."""
    raw = client.lrange(ops_history_key(namespace), 0, max(1, limit) - 1)
    out = []
    for value in reversed(raw):
        try:
            out.append(json.loads(value))
        except ValueError:
            continue
    return out


@dataclass(frozen=True)
class Chart:
    title: str
    points: str  # SVG polyline points in a 300 x 60 box
    latest: str
    bad: bool = False


WIDTH, HEIGHT = 300, 60


def _points(values: list[float]) -> str:
    if not values:
        return ""
    top = max(values) or 1.0
    step = WIDTH / max(1, len(values) - 1)
    return " ".join(
        f"{i * step:.1f},{HEIGHT - (v / top) * (HEIGHT - 4) - 2:.1f}" for i, v in enumerate(values)
    )


def _calls(history: list[dict[str, Any]], ok: bool) -> list[float]:
    """Provider calls per slot, ok or not, from the day's running totals (a new day restarts them)."""
    totals = [
        sum(n for k, n in (s.get("provider_calls_today") or {}).items() if (k == "ok") == ok) for s in history
    ]
    return [float(max(0, b - a) if b >= a else b) for a, b in zip([0, *totals[:-1]], totals, strict=True)][1:]


def charts(history: list[dict[str, Any]]) -> list[Chart]:
    """The dashboard's charts over ``history`` (oldest first); empty without two samples."""
    if len(history) < 2:
        return []

    def series(name: str) -> list[float]:
        return [float(s.get(name) or 0) for s in history]

    ok_calls, failed_calls = _calls(history, True), _calls(history, False)
    made = [
        ("Jobs finished per slot", series("succeeded"), False),
        ("Jobs failed per slot", series("failed"), True),
        ("Queue depth (ready + delayed)", series("queue_depth"), False),
        ("Median job time, s", series("median_job_s"), False),
        ("Provider calls ok per slot", ok_calls, False),
        ("Provider calls failed per slot", failed_calls, True),
    ]
    return [
        Chart(title, _points(values), f"{values[-1]:g}" if values else "–", bad)
        for title, values, bad in made
    ]
