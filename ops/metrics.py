"""Prometheus metrics of the web service, served at /metrics.

Two kinds:

* measured in this process: HTTP latency by route (a before/after request hook) and
  upload sizes (the request body of ``POST`` on the documents blueprint);
* computed at scrape time by :class:`DeckhandCollector` from the state every process
  shares (the database and Redis): jobs by state, job and chunk durations and the
  answers' source (provider, cache, offline) over METRICS_WINDOW_S, queue depth and
  oldest age per queue, provider calls by outcome, breaker state, tokens, keys,
  live workers, firing alerts, Redis memory, and the maintenance runs (counts by
  task and status, last run time and duration, what they did) from the run records
  of :func:`tasks.maintenance_jobs.run_recorded`; and this process's database pool
  (size, in use, waits, timeouts, failed connects, invalidated connections). Nothing to aggregate across
  gunicorn processes, and a section that fails (Redis down) is skipped and counted
  in ``deckhand_scrape_errors`` instead of failing the scrape.

Dramatiq's own per-actor metrics (``dramatiq_*``) come from the worker's exposition
server when WORKER_METRICS_ENABLED (see :mod:`ops.worker_metrics`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import redis
from flask import Flask, Request, Response, g, request
from prometheus_client import (
    CollectorRegistry,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeHistogramMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from models import ChunkResult, Job
from models.db import session_scope
from models.pool import pool_stats
from models.types import utcnow
from ops.alerts import active_alerts
from ops.queues import broker_client, discover_queues, overview
from ops.system import redis_memory
from ops.workers import list_workers
from providers.status import provider_status
from redisconn.keys import maintenance_run_key
from redisconn.replies import as_text
from taskqueue.names import ALL_QUEUES
from taskqueue.schedule import PERIODIC_TASKS

if TYPE_CHECKING:
    import dramatiq

    from config import Settings

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: Rows read per scrape for the windowed duration metrics (newest first).
WINDOW_ROW_LIMIT = 5000
DURATION_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, float("inf"))
LLM_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, float("inf"))
BREAKER_VALUE = {"closed": 0, "half_open": 1, "open": 2}


class HttpMetrics:
    """Per-process request metrics (registered once per registry)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram(
            "deckhand_http_request_duration_seconds",
            "HTTP request latency by method, route template and status.",
            ["method", "route", "status"],
            registry=registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
        )
        self.upload = Histogram(
            "deckhand_upload_size_bytes",
            "Size of upload request bodies (POST on the documents API).",
            registry=registry,
            buckets=tuple(float(2**n) for n in range(10, 31, 2)),
        )
        # The labelled series by (method, route, status): ``labels()`` checks and joins its
        # arguments under a lock on every call; the set is bounded by the app's routes.
        self._series: dict[tuple[str, str, int], Any] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """One request's latency, under its route template (bounded), never its raw path."""
        key = (method, route, status)
        child = self._series.get(key)
        if child is None:
            child = self._series[key] = self.latency.labels(method, route, str(status))
        child.observe(seconds)


def _hist(values: list[float], bounds: tuple[float, ...]) -> tuple[list[tuple[str, float]], float]:
    buckets = []
    for bound in bounds:
        label = "+Inf" if bound == float("inf") else repr(bound)
        buckets.append((label, float(sum(1 for v in values if v <= bound))))
    return buckets, float(sum(values))


class DeckhandCollector(Collector):
    """Scrape-time gauges from the database and Redis."""

    def __init__(self, settings: Settings, engine: Engine, client: Callable[[], redis.Redis]) -> None:
        self.settings = settings
        self.engine = engine
        self.client = client

    def collect(self) -> Iterator[Metric]:
        errors = CounterMetricFamily(
            "deckhand_scrape_errors",
            "Sections of this scrape that failed (kept out of the output).",
            labels=["section"],
        )
        for name, section in (
            ("jobs", self._jobs),
            ("queues", self._queues),
            ("providers", self._providers),
            ("workers", self._workers),
            ("maintenance", self._maintenance),
            ("database_pool", self._database_pool),
        ):
            try:
                yield from section()
            except Exception as exc:  # one broken dependency must not hide every other metric
                logger.warning("metrics section failed section=%s error=%s", name, type(exc).__name__)
                errors.add_metric([name], 1.0)
        yield errors

    def _jobs(self) -> Iterator[Metric]:
        window = self.settings.metrics_window_s
        cutoff = utcnow() - timedelta(seconds=window)
        with session_scope(self.engine) as session:
            by_state = session.exec(select(Job.state, func.count()).group_by(col(Job.state))).all()
            jobs = session.exec(
                select(Job.started_at, Job.finished_at, Job.state)
                .where(col(Job.finished_at) >= cutoff)
                .order_by(col(Job.finished_at).desc())
                .limit(WINDOW_ROW_LIMIT)
            ).all()
            chunks = session.exec(
                select(ChunkResult.attempts, ChunkResult.degraded)
                .where(col(ChunkResult.finished_at) >= cutoff)
                .order_by(col(ChunkResult.finished_at).desc())
                .limit(WINDOW_ROW_LIMIT)
            ).all()
            chunk_seconds = _chunk_durations(session, cutoff)
        states = GaugeMetricFamily("deckhand_jobs", "Jobs by state (all rows kept).", labels=["state"])
        counts = dict.fromkeys(("queued", "running", "succeeded", "failed", "cancelled"), 0)
        counts.update({str(state): int(n) for state, n in by_state})
        for state, n in counts.items():
            states.add_metric([state], n)
        yield states

        finished = GaugeMetricFamily(
            "deckhand_jobs_finished_window",
            f"Jobs finished within METRICS_WINDOW_S ({window} s) by final state.",
            labels=["state"],
        )
        per_state: dict[str, int] = {}
        for _, _, state in jobs:
            per_state[state] = per_state.get(state, 0) + 1
        for state, n in sorted(per_state.items()):
            finished.add_metric([state], n)
        yield finished

        durations = [(end - start).total_seconds() for start, end, _ in jobs if start and end]
        buckets, total = _hist(durations, DURATION_BUCKETS)
        yield GaugeHistogramMetricFamily(
            "deckhand_job_duration_seconds",
            f"Run time (start to finish) of jobs finished within the last {window} s.",
            buckets=buckets,
            gsum_value=total,
        )

        llm_seconds: list[float] = []
        sources = {"provider": 0, "cache": 0, "offline": 0}
        for attempts, degraded in chunks:
            outcomes = [str(a.get("outcome", "")) for a in attempts or []]
            if "cached" in outcomes:
                sources["cache"] += 1
            elif degraded or "ok" not in outcomes:
                sources["offline"] += 1
            else:
                sources["provider"] += 1
            llm_seconds.append(sum(int(a.get("latency_ms", 0) or 0) for a in attempts or []) / 1000)
        buckets, total = _hist(llm_seconds, LLM_BUCKETS)
        yield GaugeHistogramMetricFamily(
            "deckhand_chunk_llm_seconds",
            f"Provider time (all attempts) per chunk finished within the last {window} s; per-message "
            "processing time is dramatiq_message_duration_milliseconds on the worker.",
            buckets=buckets,
            gsum_value=total,
        )
        buckets, total = _hist(chunk_seconds, LLM_BUCKETS)
        yield GaugeHistogramMetricFamily(
            "deckhand_chunk_duration_seconds",
            f"Wall-clock time from start to finish of chunks finished within the last {window} s "
            "(chunks recorded before start times were kept are left out).",
            buckets=buckets,
            gsum_value=total,
        )
        answers = GaugeMetricFamily(
            "deckhand_chunk_answers_window",
            f"Chunks finished within the last {window} s by where their cards came from "
            "(source=cache counts answer-cache hits).",
            labels=["source"],
        )
        for source, n in sources.items():
            answers.add_metric([source], n)
        yield answers

    def _queues(self) -> Iterator[Metric]:
        client = self.client()
        namespace = self.settings.broker_namespace
        stats = overview(client, namespace, discover_queues(client, namespace, ALL_QUEUES))
        depth = GaugeMetricFamily(
            "deckhand_queue_messages", "Messages per queue and state.", labels=["queue", "state"]
        )
        age = GaugeMetricFamily(
            "deckhand_queue_oldest_age_seconds",
            "Age of the oldest ready message per queue (0: empty).",
            labels=["queue"],
        )
        for q in stats:
            for state, n in (
                ("ready", q.ready),
                ("in_flight", q.in_flight),
                ("delayed", q.delayed),
                ("dead", q.dead),
            ):
                depth.add_metric([q.name, state], n)
            age.add_metric([q.name], q.oldest_ready_age_s or 0.0)
        yield depth
        yield age
        mem = redis_memory(client)
        yield GaugeMetricFamily(
            "deckhand_redis_used_memory_bytes", "Redis used_memory.", value=mem["used_bytes"]
        )
        yield GaugeMetricFamily(
            "deckhand_redis_max_memory_bytes", "Redis maxmemory (0: no limit).", value=mem["max_bytes"]
        )

    def _providers(self) -> Iterator[Metric]:
        statuses = provider_status(self.settings, self.client())
        breaker = GaugeMetricFamily(
            "deckhand_provider_breaker_state",
            "Circuit breaker: 0 closed, 1 half-open, 2 open.",
            labels=["provider"],
        )
        status = GaugeMetricFamily(
            "deckhand_provider_status", "1 for the provider's current status.", labels=["provider", "status"]
        )
        calls = GaugeMetricFamily(
            "deckhand_provider_calls_today",
            "Provider calls today (UTC) by outcome.",
            labels=["provider", "outcome"],
        )
        tokens = GaugeMetricFamily(
            "deckhand_provider_tokens_today", "Tokens used today (UTC).", labels=["provider", "direction"]
        )
        keys = GaugeMetricFamily("deckhand_provider_keys", "API keys by state.", labels=["provider", "state"])
        for p in statuses:
            breaker.add_metric([p.name], BREAKER_VALUE.get(p.breaker, 0))
            for name in ("healthy", "degraded", "failed"):
                status.add_metric([p.name, name], 1.0 if p.status == name else 0.0)
            outcomes: dict[str, int] = {}
            tin = tout = 0
            states: dict[str, int] = {}
            for key in p.keys:
                states[key.state] = states.get(key.state, 0) + 1
                for fld, value in key.usage_today.items():
                    if fld.startswith("outcome:"):
                        outcome = fld.split(":", 1)[1]
                        outcomes[outcome] = outcomes.get(outcome, 0) + value
                tin += key.usage_today.get("in_tok", 0)
                tout += key.usage_today.get("out_tok", 0)
            for outcome, n in sorted(outcomes.items()):
                calls.add_metric([p.name, outcome], n)
            tokens.add_metric([p.name, "input"], tin)
            tokens.add_metric([p.name, "output"], tout)
            for state, n in sorted(states.items()):
                keys.add_metric([p.name, state], n)
        yield from (breaker, status, calls, tokens, keys)

    def _workers(self) -> Iterator[Metric]:
        client = self.client()
        namespace = self.settings.broker_namespace
        summary = list_workers(client, namespace, self.settings.broker_heartbeat_timeout_ms)
        yield GaugeMetricFamily(
            "deckhand_workers_alive", "Worker processes with a recent heartbeat.",
            value=sum(1 for w in summary.workers if w.alive),
        )  # fmt: skip
        firing = sum(1 for a in active_alerts(client, namespace) if a.firing)
        yield GaugeMetricFamily("deckhand_alerts_firing", "Alerts currently firing.", value=firing)

    def _database_pool(self) -> Iterator[Metric]:
        """This process's connection pool (PostgreSQL; SQLite has none to size)."""
        stats = pool_stats(self.engine)
        if stats is None:
            return
        for name, help_text in (
            ("size", "Connections this process's pool keeps (DB_POOL_SIZE)."),
            ("checked_out", "Pooled connections in use now."),
        ):
            yield GaugeMetricFamily(f"deckhand_db_pool_{name}", help_text, value=stats[name])
        for name, help_text in (
            ("checkouts", "Connections taken from the pool."),
            ("waits", "Checkouts that found every connection busy and waited."),
            ("wait_seconds", "Time spent waiting for a pooled connection."),
            ("timeouts", "Waits that gave up after DB_POOL_TIMEOUT_S (answered 503)."),
            ("connect_errors", "New connections the database refused or did not answer."),
            ("invalidated", "Pooled connections found dead (a restarted database) and replaced."),
        ):
            yield CounterMetricFamily(f"deckhand_db_pool_{name}", help_text, value=stats[name])

    def _maintenance(self) -> Iterator[Metric]:
        client = self.client()
        namespace = self.settings.broker_namespace
        runs = CounterMetricFamily(
            "deckhand_maintenance_runs",
            "Maintenance task runs by outcome (ok, error), as recorded in Redis.",
            labels=["task", "status"],
        )
        last_run = GaugeMetricFamily(
            "deckhand_maintenance_last_run_timestamp_seconds",
            "When the task's last run finished (unix time; absent: never recorded).",
            labels=["task"],
        )
        last_ok = GaugeMetricFamily(
            "deckhand_maintenance_last_run_success",
            "1 when the task's last run succeeded, 0 when it failed.",
            labels=["task"],
        )
        duration = GaugeMetricFamily(
            "deckhand_maintenance_last_run_duration_seconds",
            "How long the task's last run took.",
            labels=["task"],
        )
        done = CounterMetricFamily(
            "deckhand_maintenance_items",
            "What the runs did, summed over runs (e.g. task=cleanup item=uploads_deleted).",
            labels=["task", "item"],
        )
        pipe = client.pipeline(transaction=False)
        for task in PERIODIC_TASKS:
            pipe.hgetall(maintenance_run_key(namespace, task.name))
        for task, raw in zip(PERIODIC_TASKS, pipe.execute(), strict=True):
            record = {as_text(k): as_text(v) for k, v in raw.items()}
            if not record:
                continue
            total, failures = int(record.get("runs", 0)), int(record.get("failures", 0))
            runs.add_metric([task.name, "ok"], max(0, total - failures))
            runs.add_metric([task.name, "error"], failures)
            if record.get("last_finished_at"):
                last_run.add_metric([task.name], float(record["last_finished_at"]))
                last_ok.add_metric([task.name], 1.0 if record.get("last_status") == "ok" else 0.0)
                duration.add_metric([task.name], int(record.get("last_duration_ms", 0)) / 1000)
            for field_name, value in sorted(record.items()):
                if field_name.startswith("total:"):
                    done.add_metric([task.name, field_name[len("total:") :]], int(value))
        yield from (runs, last_run, last_ok, duration, done)


def _chunk_durations(session: Session, cutoff: datetime) -> list[float]:
    """Seconds from ``started_at`` to ``finished_at`` of the chunks finished since ``cutoff``.

    Rows without a start time (finished before the column existed) are left out.
    """
    rows = session.exec(
        select(ChunkResult.started_at, ChunkResult.finished_at)
        .where(col(ChunkResult.finished_at) >= cutoff, col(ChunkResult.started_at).is_not(None))
        .order_by(col(ChunkResult.finished_at).desc())
        .limit(WINDOW_ROW_LIMIT)
    ).all()
    return [max(0.0, (end - start).total_seconds()) for start, end in rows if start and end]


def build_registry(
    settings: Settings, engine: Engine, client: Callable[[], redis.Redis]
) -> tuple[CollectorRegistry, HttpMetrics]:
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    registry.register(DeckhandCollector(settings, engine, client))
    return registry, HttpMetrics(registry)


def register_http_metrics(app: Flask, http: HttpMetrics) -> None:
    """Time every request; the route label is the URL rule (bounded), never the raw path."""

    @app.before_request
    def _start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            req: Request = request._get_current_object()  # type: ignore[attr-defined]  # read once
            rule = req.url_rule
            route = rule.rule if rule is not None else "<unmatched>"
            http.observe(req.method, route, response.status_code, time.perf_counter() - started)
            if req.method == "POST" and req.blueprint == "documents" and req.content_length:
                http.upload.observe(req.content_length)
        return response


def exposition(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)


def metrics_extension(app: Flask) -> dict[str, Any]:
    found: dict[str, Any] = app.extensions["deckhand_metrics"]
    return found


def init_metrics(
    app: Flask, settings: Settings, engine: Engine, broker: Callable[[], dramatiq.Broker]
) -> None:
    """Build this app's registry and register the HTTP hooks (called from ``api.create_app``).

    ``broker`` gives the app's broker when a scrape first needs Redis: an app that is never
    scraped never builds one.
    """
    registry, http = build_registry(settings, engine, lambda: broker_client(broker()))
    app.extensions["deckhand_metrics"] = {"registry": registry, "http": http}
    register_http_metrics(app, http)
