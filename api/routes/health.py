"""Health: liveness and readiness (DESIGN.md, Health).

``/healthz`` answers while the process is up and checks nothing, so a database
outage never gets instances restarted. ``/readyz`` checks what serving needs:
the database answers, its schema is at the migrations' head, Redis answers,
and a worker process stamped its heartbeat recently (workers/heartbeat.py).
Each check reports its status and latency; any failure answers 503. Failure
details name the exception type only: driver messages can hold URLs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, json
from flask.typing import ResponseReturnValue
from sqlalchemy import text

import redisconn
from api.state import state
from config import Settings
from models.db import current_revision, head_revision
from taskqueue.presence import live_workers

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    return {"status": "ok"}


_heads: dict[str, str | None] = {}


def _head(settings: Settings) -> str | None:
    """The migrations' head, read from disk once per process (it changes only with a deploy)."""
    if "head" not in _heads:
        _heads["head"] = head_revision(settings)
    return _heads["head"]


def _check(probe: Callable[[], str | None]) -> dict[str, Any]:
    """Run ``probe``; ok with its detail, or fail with the error's type (or the detail it raised)."""
    started = time.perf_counter()
    try:
        detail = probe()
        result: dict[str, Any] = {"status": "ok"}
        if detail:
            result["detail"] = detail
    except NotReady as exc:
        result = {"status": "fail", "detail": str(exc)}
    except Exception as exc:  # any failure means not ready
        result = {"status": "fail", "detail": type(exc).__name__}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


class NotReady(Exception):
    """A check ran but its answer is not good enough (the message is safe to show)."""


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    app_state = state()
    settings = app_state.settings
    engine = app_state.engine

    def database() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def migrations() -> str:
        current = current_revision(engine)
        head = _head(settings)
        if current != head:
            raise NotReady(f"database at {current}, code expects {head}: run 'deckhand migrate'")
        return f"at {head}"

    # A health check only looks: it never starts the embedded server.
    url = redisconn.running_url(settings)
    client = redisconn.client(url, redisconn.Profile.REQUEST) if url else None

    def redis_ping() -> None:
        if client is None:
            raise NotReady("REDIS_URL is not set and no embedded Redis runs")
        client.ping()

    def workers() -> str:
        if client is None:
            raise NotReady("Redis cannot be reached")
        live = live_workers(client, settings.broker_namespace, settings.readyz_worker_stale_s)
        if not live:
            raise NotReady(f"no worker heartbeat in the last {settings.readyz_worker_stale_s} s")
        return f"{live} live"

    checks = {
        "database": _check(database),
        "migrations": _check(migrations),
        "redis": _check(redis_ping),
        "workers": _check(workers),
    }
    required = [name for name in checks if name != "workers" or settings.readyz_require_worker]
    ready = all(checks[name]["status"] == "ok" for name in required)
    body = {"status": "ready" if ready else "not_ready", "checks": checks}
    return Response(json.dumps(body), status=200 if ready else 503, mimetype="application/json")
