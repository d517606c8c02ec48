"""The admin-only ops dashboard at /ops: server-rendered; one small script refreshes the figures.

Owned by `ops/`. ``ops/static/ops.js`` (same origin, no inline script) polls
``/ops/metrics.json`` and updates the numbers marked ``data-live`` in place, so an
operator can leave the overview open; every page works without it.

Reads go through :mod:`ops` (queues, workers, system, alerts, views), actions through
:mod:`ops.actions`; the sign-in and session are :mod:`api.ops_access`. Every POST
carries the session's CSRF token and is confirmed: a POST without ``confirm=yes``
answers with a confirmation page showing what will happen, whose form re-posts
with ``confirm=yes``. Scripts may send an admin bearer token instead of the cookie
(no CSRF token then) and get JSON back.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import redis
from dramatiq.errors import BrokerConnectionError
from flask import Blueprint, Response, g, jsonify, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import ops
from api import ops_access as access
from api.auth import check_credentials
from api.errors import from_redis_error
from api.headers import use_blueprint_csp
from api.security_events import EventKind, monitor, record_security_event
from api.state import state
from errors import BadRequest, DeckhandError, Forbidden, NotFound, Unauthorized, ValidationFailed
from models import Role
from ops import actions, alerts, history, queues, system, views, workers
from ops.redis_reads import RedisReads, read_client
from providers.status import provider_status
from taskqueue import names

logger = logging.getLogger(__name__)

OPS_DIR = Path(ops.__file__).resolve().parent
bp = Blueprint(
    "ops",
    __name__,
    url_prefix="/ops",
    template_folder=str(OPS_DIR / "templates"),
    static_folder=str(OPS_DIR / "static"),
    static_url_path="/static",
)

#: Own stylesheet, own script file (no inline script), same-origin fetches and forms only.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PUBLIC_ENDPOINTS = {"ops.login_form", "ops.login", "ops.static"}
NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


# --- access, headers, helpers -------------------------------------------------------------


@bp.before_request
def _load_session() -> ResponseReturnValue | None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    st = state()
    try:
        g.ops = access.session_for(request, st.settings, st.engine)
    except Unauthorized:
        if (
            request.method == "GET"
            and request.accept_mimetypes.accept_html
            and not request.headers.get("Authorization")
        ):
            return _login_page(status=401, message="Sign in with an admin account.")
        raise
    return None


# api.headers sets the CSP on every response; this is the policy it gives our blueprint.
use_blueprint_csp(bp.name, CSP)


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # admin pages: never cached anywhere
    return response


def _client() -> redis.Redis:
    """Pages read with a 1 s timeout (a stalled Redis gives a panel); actions use the broker's client."""
    client = queues.broker_client(state().broker)
    return read_client(client) if request.method == "GET" else client


def _reads() -> RedisReads:
    return RedisReads(_client())


@bp.errorhandler(redis.RedisError)
@bp.errorhandler(BrokerConnectionError)
def _redis_down(error: Exception) -> ResponseReturnValue:
    """A page that is all Redis (dead letters, providers) shows the panel; actions answer 503."""
    if request.method != "GET" or request.path.endswith(".json"):
        return from_redis_error(error)
    logger.warning("ops: Redis unreachable on %s (%s)", request.path, type(error).__name__)
    return _render("redis_down.html", error=type(error).__name__)


def _ts(value: float | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, int | float):
        value = datetime.fromtimestamp(value, UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


bp.add_app_template_filter(_ts, "ops_ts")
bp.add_app_template_filter(_age, "ops_age")


def _render(template: str, status: int = 200, **context: Any) -> Response:
    ops_session = g.get("ops")
    context.setdefault("csrf_token", ops_session.csrf if ops_session else "")
    context.setdefault("read_only", state().settings.ops_read_only)
    context.setdefault("me", ops_session.user if ops_session else None)
    context.setdefault("done", request.args.get("done", "")[:200])
    return make_response(render_template(f"ops/{template}", **context), status)


def _login_page(status: int = 200, message: str = "") -> Response:
    response = make_response(render_template("ops/login.html", message=message, csrf_token=""), status)
    token = access.login_csrf(response, state().settings)
    response.set_data(render_template("ops/login.html", message=message, csrf_token=token))
    return response


_ID_RE = re.compile(r"[0-9]{1,18}")


def _int_arg(name: str, default: int = 0) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not _ID_RE.fullmatch(raw):  # str.isdigit() admits "²" and 5,000-digit numbers
        raise BadRequest(f"Query parameter {name} must be a non-negative integer (at most 18 digits).")
    return int(raw)


def _queue(name: str) -> str:
    st = state()
    known = queues.discover_queues(_client(), st.settings.broker_namespace, names.ALL_QUEUES)
    if not NAME.match(name) or name not in known:
        raise NotFound(f"No queue named {name!r}.")
    return name


def _field(name: str) -> str:
    value = (request.form.get(name) or "").strip()
    if not value or not NAME.match(value):
        raise BadRequest(f"Form field {name} is missing or malformed.")
    return value


# --- sign-in --------------------------------------------------------------------------------


@bp.get("/login")
def login_form() -> ResponseReturnValue:
    return _login_page()


#: The same caps as the API's sign-in (api/routes/auth.py Credentials).
LOGIN_FIELD_MAX = {"email": 254, "password": 256}


@bp.post("/login")
def login() -> ResponseReturnValue:
    """Sign in with an admin's email and password.

    Rate limited with the API's sign-in (api/limits.py, one shared budget per IP and
    email), refused while the email is blocked, and a wrong password is a
    ``failed_sign_in`` security event, as on ``POST /api/v1/auth/token``.
    """
    st = state()
    access.check_login_csrf(request, st.settings)
    email = request.form.get("email", "").strip().lower()
    password = request.form.get("password", "")
    if not email or not password:
        raise BadRequest("Enter the email and password of an admin account.")
    too_long = [
        {"name": name, "reason": f"at most {limit} characters"}
        for name, limit in LOGIN_FIELD_MAX.items()
        if len(request.form.get(name, "")) > limit
    ]
    if too_long:
        raise ValidationFailed("The email or password is too long.", invalid_params=too_long)
    monitor().check_not_blocked(ip=None, account=email)  # the IP was checked before the route
    user = check_credentials(st.engine, email, password, state().settings)
    if user is None:
        record_security_event(EventKind.FAILED_SIGN_IN, account=email, detail="ops: wrong email or password")
        return _login_page(status=401, message="Wrong email or password.")
    if user.role != Role.ADMIN.value:
        raise Forbidden("The ops dashboard needs an admin account.")
    logger.info("ops sign-in user_id=%s", user.id)
    response = redirect(url_for("ops.overview"), code=303)
    access.start_session(response, st.settings, user)
    response.delete_cookie(access.LOGIN_COOKIE, path=access.COOKIE_PATH)
    return response


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    access.check_csrf(g.ops, request.form.get("csrf_token"))
    response = redirect(url_for("ops.login_form"), code=303)
    access.end_session(response, state().settings)
    return response


# --- pages ----------------------------------------------------------------------------------


@bp.get("")
@bp.get("/")
def overview() -> ResponseReturnValue:
    st = state()
    ns, timeout_ms = st.settings.broker_namespace, st.settings.broker_heartbeat_timeout_ms
    reads = _reads()  # a section Redis cannot give becomes a "Redis unreachable" panel
    queue_stats: list[queues.QueueStats] = reads.read("queues", lambda c: _queue_stats(c, ns), [])
    worker_summary = reads.read("workers", lambda c: workers.list_workers(c, ns, timeout_ms), None)
    active: list[alerts.ActiveAlert] = reads.read("alerts", lambda c: alerts.active_alerts(c, ns), [])
    alert_history: list[dict[str, Any]] = reads.read("alerts", lambda c: alerts.recent_history(c, ns), [])
    samples: list[dict[str, Any]] = reads.read("history", lambda c: history.samples(c, ns), [])
    memory = reads.read("redis_memory", system.redis_memory, None)
    audit: list[dict[str, Any]] = reads.read("audit", lambda c: views.recent_audit(c, ns), [])
    return _render(
        "overview.html",
        queues=queue_stats,
        workers=worker_summary,
        alerts=active,
        alert_history=alert_history,
        system=system.system_stats(st.engine, memory),
        audit=audit,
        charts=history.charts(samples),
        history_span=(samples[0]["at"], samples[-1]["at"]) if samples else None,
        slot_s=st.settings.schedule_rollup_error_events_s,
        redis_down=reads.unavailable,
        redis_error=reads.error,
        job_counts=views.job_counts(st.engine) if reads.down else None,
    )


def _queue_stats(client: redis.Redis, namespace: str) -> list[queues.QueueStats]:
    return queues.overview(client, namespace, queues.discover_queues(client, namespace, names.ALL_QUEUES))


@bp.get("/metrics.json")
def metrics_json() -> ResponseReturnValue:
    """The overview's figures. With Redis stalled or down: what the database knows, and null
    for each Redis-derived figure, listed in ``redis.unavailable``."""
    st = state()
    ns, timeout_ms = st.settings.broker_namespace, st.settings.broker_heartbeat_timeout_ms
    history_limit = _int_arg("history", 0) or 1
    reads = _reads()
    queue_stats = reads.read("queues", lambda c: [q.as_dict() for q in _queue_stats(c, ns)], None)
    summary = reads.read("workers", lambda c: workers.list_workers(c, ns, timeout_ms), None)
    active = reads.read("alerts", lambda c: [a.as_dict() for a in alerts.active_alerts(c, ns)], None)
    samples = reads.read("history", lambda c: history.samples(c, ns, limit=history_limit), None)
    memory = reads.read("redis_memory", system.redis_memory, None)
    return jsonify(
        queues=queue_stats,
        workers=[w.as_dict() for w in summary.workers] if summary else None,
        other_brokers=summary.other_brokers if summary else None,
        alerts=active,
        system=system.system_stats(st.engine, memory).as_dict(),
        history=samples,
        jobs_by_state=views.job_counts(st.engine),
        redis=reads.status(),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


@bp.get("/queues/<queue>/dead")
def dead_letters(queue: str) -> ResponseReturnValue:
    st = state()
    queue = _queue(queue)
    limit = st.settings.ops_page_size
    page = queues.dead_letters(
        _client(), st.settings.broker_namespace, queue, offset=_int_arg("offset"), limit=limit
    )
    groups: dict[str, int] = {}
    for item in page.items:
        groups[item.error] = groups.get(item.error, 0) + 1
    return _render("dead.html", page=page, limit=limit, groups=sorted(groups.items(), key=lambda kv: -kv[1]))


@bp.get("/queues/<queue>/dead/<redis_id>")
def dead_letter(queue: str, redis_id: str) -> ResponseReturnValue:
    st = state()
    queue = _queue(queue)
    # The URL carries the message id the pages show (a Redis id still works, for old links).
    item = queues.find_dead_letter(_client(), st.settings.broker_namespace, queue, redis_id)
    if item is None:
        raise NotFound("That dead letter is gone (requeued, deleted or expired).")
    return _render("message.html", item=item)


@bp.get("/jobs")
def jobs() -> ResponseReturnValue:
    st = state()
    wanted = request.args.get("state") or None
    if wanted is not None and wanted not in views.JOB_STATES:
        raise BadRequest(f"state must be one of {', '.join(views.JOB_STATES)}.")
    user = request.args.get("user") or None
    if user is not None and not _ID_RE.fullmatch(user):
        raise BadRequest("user must be a numeric user id.")
    email = (request.args.get("email") or "").strip()[:254] or None
    since, until = _date_arg("from"), _date_arg("to")
    limit = st.settings.ops_page_size
    page = views.jobs_page(
        st.engine,
        state=wanted,
        user_id=int(user) if user else None,
        offset=_int_arg("offset"),
        limit=limit,
        email=email,
        since=since,
        until=until,
    )
    filters = {
        k: v
        for k, v in {
            "state": wanted,
            "user": user,
            "email": email,
            "from": since.isoformat() if since else None,
            "to": until.isoformat() if until else None,
        }.items()
        if v
    }
    return _render(
        "jobs.html",
        page=page,
        limit=limit,
        state=wanted or "",
        user=user or "",
        email=email or "",
        since=filters.get("from", ""),
        until=filters.get("to", ""),
        filters=filters,
        states=views.JOB_STATES,
    )


def _date_arg(name: str) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2026-01-31.") from None


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> ResponseReturnValue:
    detail = views.job_detail(state().engine, job_id)
    if detail is None:
        raise NotFound(f"No job {job_id}.")
    return _render("job.html", detail=detail)


@bp.get("/providers")
def providers() -> ResponseReturnValue:
    st = state()
    return _render("providers.html", providers=provider_status(st.settings, _client()), now=datetime.now(UTC))


@bp.get("/errors")
def errors() -> ResponseReturnValue:
    return _render("errors.html", errors=views.top_errors(state().engine, state().settings.ops_page_size))


@bp.get("/feedback")
def feedback() -> ResponseReturnValue:
    from api.routes.feedback import recent_feedback

    return _render("feedback.html", feedback=recent_feedback(state().settings.ops_page_size))


# --- actions --------------------------------------------------------------------------------


def _form_for(action: str) -> dict[str, str]:
    if action in ("requeue", "delete"):
        return {"queue": _queue(_field("queue")), "id": _field("id")}
    if action in ("requeue_all", "purge"):
        return {"queue": _queue(_field("queue"))}
    if action in ("job_retry", "job_cancel"):
        return {"job_id": _field("job_id")}
    return {}


@bp.post("/actions/<action>")
def act(action: str) -> ResponseReturnValue:
    if action not in actions.ACTIONS:
        raise NotFound(f"No ops action {action!r}; known: {', '.join(sorted(actions.ACTIONS))}.")
    st = state()
    access.check_csrf(g.ops, request.form.get("csrf_token"))
    if st.settings.ops_read_only:
        raise Forbidden("The dashboard is read-only (OPS_READ_ONLY).")
    form = _form_for(action)
    back = request.form.get("next", "")
    if not back.startswith("/ops") or "//" in back or "\\" in back:  # our own pages only: no open redirect
        back = url_for("ops.overview")
    client, ns = _client(), st.settings.broker_namespace
    if request.form.get("confirm") != "yes":
        return _render(
            "confirm.html",
            action=action,
            title=actions.ACTIONS[action],
            description=actions.describe(action, form, client=client, namespace=ns),
            fields=form,
            destructive=action in actions.DESTRUCTIVE,
            back=back,
        )
    user = g.ops.user
    target = ",".join(f"{k}={v}" for k, v in form.items()) or "-"
    try:
        result = actions.perform(
            action, form, settings=st.settings, engine=st.engine, broker=st.broker, client=client
        )
    except DeckhandError as exc:
        views.audit(client, ns, f"user:{user.id}", action, target, exc.code)
        raise
    said = actions.flash_text(action, form, result)
    views.audit(client, ns, f"user:{user.id}", action, target, said)
    logger.info("ops action user_id=%s action=%s target=%s result=%s", user.id, action, target, said)
    if g.ops.via == "bearer":
        return jsonify(action=action, **form, **result)
    done = urlencode({"done": said[:200]})
    return redirect(f"{back.rstrip('?')}{'&' if '?' in back.rstrip('?') else '?'}{done}", code=303)
