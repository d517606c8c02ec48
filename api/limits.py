"""Rate limits (Flask-Limiter on Redis), progressive penalties and the block check.

Limits (all settings, ``limits`` notation):

* every request: per account by tier (``RATE_LIMIT_USER`` / ``_PREMIUM`` / ``_ADMIN``),
  per IP when anonymous, plus a per-IP ceiling whatever the accounts (``RATE_LIMIT_IP``);
* ``POST /api/v1/documents``: per account by tier (``RATE_LIMIT_UPLOAD_*``);
* sign-in (``POST /api/v1/auth/token`` and the ops dashboard's ``POST /ops/login``, one
  shared budget) and registration: per IP and per email address.

Health (``/healthz``, ``/readyz``, ``/api/v1/health/*``), ``/metrics`` and CORS
preflights (``OPTIONS``) are exempt. The tier comes from the database (the token's
account), never from a header. Answers carry ``X-RateLimit-Limit/Remaining/Reset``
(reset as epoch seconds) and ``RateLimit-Limit/Remaining/Reset`` (reset as seconds
from now); a limited answer is 429 ``rate_limited`` with ``Retry-After`` >= 1 and those
headers too (also a penalty 429, which Flask-Limiter never sees). ``Retry-After`` is
sent only on answers that ask the client to wait (429, 503, 403 ``blocked``), never on
a 200 or 401.

Progressive limits: a limit hit is a strike for the caller (account, else IP),
remembered for ``RATE_LIMIT_STRIKE_WINDOW_S`` after the last one (then forgotten:
penalties decay). Hits less than ``RATE_LIMIT_STRIKE_GAP_S`` (2 s) apart are one strike,
and no strike is counted while a penalty runs, so a burst of concurrent requests is one
offence. The first strike costs only the limit's own window; strike *n* >= 2 blocks the
caller for ``RATE_LIMIT_PENALTY_BASE_S * 2**(n-2)`` seconds, at most
``RATE_LIMIT_PENALTY_MAX_S``. A 429 is logged as a ``rate_limited`` security event but
never counts toward an abuse block: going too fast is not an attack. ``deckhand security
unblock`` lifts penalties and blocks alike; ``deckhand security list`` shows both.

Redis down or stalled (1 s socket timeouts): Flask-Limiter falls back to per-process
memory limits and goes back to Redis once it answers (never fail-open, never a 500; only
the requests racing the switch pass uncounted); penalties pause until Redis is back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import redis
from flask import Flask, Response, g, request
from flask_limiter import ApplicationLimit, Limiter, RequestLimit
from limits import parse_many

from api.auth import caller
from api.errors import RETRY_AFTER_G
from api.security_events import EventKind, SecurityMonitor, monitor, record_security_event
from api.state import state
from config import Settings
from errors import RateLimited
from models import Role, User
from workers.broker import resolve_redis_url

logger = logging.getLogger(__name__)

EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
EXEMPT_PREFIXES = ("/api/v1/health/", "/metrics/", "/static/")
#: Routes with their own limits: endpoint -> (which limits, key) builders, see apply_route_limits.
SIGN_IN, REGISTER, UPLOAD = "auth.sign_in", "auth.register", "documents.upload"
FEEDBACK = "feedback.send_feedback"
#: The ops dashboard's sign-in form: the same budget as SIGN_IN (a shared limit).
OPS_SIGN_IN = "ops.login"


def is_exempt() -> bool:
    """Health checks, metrics and CORS preflights are never limited nor blocked."""
    path = request.path
    return request.method == "OPTIONS" or path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


def client_ip() -> str:
    # ProxyFix (api/__init__.py) has already replaced remote_addr with the real client.
    return request.remote_addr or "unknown"


def _settings() -> Settings:
    return state().settings


def _user() -> User | None:
    return caller(_settings())


def ip_key() -> str:
    return f"ip:{client_ip()}"


def subject_key() -> str:
    """The caller: its account when a valid token is sent, else its IP."""
    user = _user()
    return f"user:{user.id}" if user is not None else ip_key()


def email_key() -> str:
    """The email address a sign-in or registration names (lower-cased); the IP when none.

    Read from a JSON body (the API) or a form (the ops dashboard's sign-in).
    """
    body = request.get_json(silent=True) if request.is_json else request.form  # a MultiDict is a dict
    email = body.get("email") if isinstance(body, dict) else None
    if isinstance(email, str) and email.strip():
        return f"email:{email.strip().lower()[:254]}"
    return ip_key()


def _by_role(user_limit: str, premium_limit: str, admin_limit: str) -> str:
    user = _user()
    role = user.role if user is not None else Role.USER.value
    if role == Role.ADMIN.value:
        return admin_limit
    if role == Role.PREMIUM.value:
        return premium_limit
    return user_limit


def tier_limit() -> str:
    s = _settings()
    return _by_role(s.rate_limit_user, s.rate_limit_premium, s.rate_limit_admin)


def upload_limit() -> str:
    s = _settings()
    return _by_role(s.rate_limit_upload_user, s.rate_limit_upload_premium, s.rate_limit_upload_admin)


# --- progressive penalties ------------------------------------------------------


def penalty_seconds(settings: Settings, strikes: int) -> int:
    """The block after the ``strikes``-th limit hit (0 for the first)."""
    if strikes < 2:
        return 0
    return int(
        min(settings.rate_limit_penalty_base_s * 2 ** min(strikes - 2, 30), settings.rate_limit_penalty_max_s)
    )


def _strike(security: SecurityMonitor, subject: str) -> None:
    client = security.client()
    if client is None:
        return
    strikes_key, block_key = security.penalty_keys(subject)
    try:
        # No strike while a penalty runs (it is already the answer), nor within the gap: a burst
        # of concurrent requests over the limit is one offence, not twelve.
        gap_ms = int(security.settings.rate_limit_strike_gap_s * 1000)
        if client.exists(block_key):
            return
        if gap_ms > 0 and not client.set(f"{strikes_key}:gap", "1", nx=True, px=gap_ms):
            return
        pipe = client.pipeline(transaction=False)
        pipe.incr(strikes_key)
        pipe.expire(strikes_key, security.settings.rate_limit_strike_window_s)
        strikes = int(pipe.execute()[0])
        seconds = penalty_seconds(security.settings, strikes)
        if seconds:
            client.set(block_key, str(strikes), ex=seconds)
            logger.info("rate limit penalty subject=%s strikes=%d block_s=%d", subject, strikes, seconds)
    except (redis.RedisError, OSError) as exc:
        security.redis_failed(exc)


def _penalty_left(security: SecurityMonitor, subject: str) -> int:
    client = security.client()
    if client is None:
        return 0
    try:
        return max(int(client.ttl(security.penalty_keys(subject)[1])), 0)
    except (redis.RedisError, OSError) as exc:
        security.redis_failed(exc)
        return 0


def _rate_limited_event(detail: str) -> None:
    user = _user()
    record_security_event(EventKind.RATE_LIMITED, account=user.email if user else None, detail=detail)


def _on_breach(limit: RequestLimit) -> None:
    _rate_limited_event(f"limit {limit.limit}")
    _strike(monitor(), subject_key())


# --- wiring ---------------------------------------------------------------------


def _guard() -> None:
    """Before every request: refuse blocked IPs/accounts (403) and callers under a penalty (429)."""
    if is_exempt():
        return
    security = monitor()
    user = _user()
    security.check_not_blocked(ip=client_ip(), account=user.email if user else None)
    if not security.settings.rate_limits_enabled:
        return
    left = _penalty_left(security, subject_key())
    if left > 0:
        _rate_limited_event("penalty")
        raise RateLimited(
            f"Too many requests: after repeated limit hits, wait {left} more seconds.",
            retry_after_s=left,
        )


def _limit_amount(value: str) -> int:
    """The request count of the first limit in ``value`` (``"120/minute"`` -> 120)."""
    try:
        return int(parse_many(value)[0].amount)
    except (ValueError, IndexError):
        return 0


def _retry_seconds(value: str | None) -> int:
    try:
        return int(value or "0")
    except ValueError:  # an HTTP date
        return 1


def _standard_headers(response: Response) -> Response:
    """Rate-limit headers on every limited answer, ``Retry-After`` only where a wait is asked for.

    * ``RateLimit-*`` (IETF draft) beside Flask-Limiter's ``X-RateLimit-*``;
    * a 429 the limiter did not make (a penalty) gets both sets for the caller's request
      limit, a quota's 429 for the quota (its size, 0 remaining, reset when Retry-After ends);
    * ``Retry-After`` >= 1 on a 429; an error that chose its own (503, 403 ``blocked``)
      keeps that value; Flask-Limiter's copy on any other answer (200, 401…) is removed.
    """
    headers = response.headers
    explicit: int | None = g.get(RETRY_AFTER_G)
    if response.status_code == 429:
        retry = max(_retry_seconds(headers.get("Retry-After")), explicit or 0, 1)
        headers["Retry-After"] = str(retry)
        body = response.get_json(silent=True) if response.is_json else None
        quota = body.get("limit") if isinstance(body, dict) and body.get("code") == "quota_exceeded" else None
        if isinstance(quota, int) or "X-RateLimit-Limit" not in headers:
            # The limit that refused this request: the used-up quota, else the caller's request limit.
            amount = quota if isinstance(quota, int) else _limit_amount(tier_limit())
            headers["X-RateLimit-Limit"] = str(amount)
            headers["X-RateLimit-Remaining"] = "0"
            headers["X-RateLimit-Reset"] = str(int(time.time()) + retry)
    elif explicit is not None:
        headers["Retry-After"] = str(explicit)  # the limiter may have stretched it to its window
    else:
        headers.pop("Retry-After", None)
    if "X-RateLimit-Limit" in headers:
        headers["RateLimit-Limit"] = headers["X-RateLimit-Limit"]
        headers["RateLimit-Remaining"] = headers.get("X-RateLimit-Remaining", "0")
        reset_at = int(float(headers.get("X-RateLimit-Reset", "0")))
        headers["RateLimit-Reset"] = str(max(reset_at - int(time.time()), 0))
    return response


#: Answers of the upload route that mean "this upload was rejected" (not quota or limits).
UPLOAD_REJECTIONS = frozenset({400, 413, 415, 422})


def _upload_rejected(response: Response) -> Response:
    """A rejected upload is a security event, by reason (its error code), whichever layer refused it."""
    if request.endpoint == UPLOAD and response.status_code in UPLOAD_REJECTIONS:
        body = response.get_json(silent=True) if response.is_json else None
        reason = body.get("code") if isinstance(body, dict) else None
        user = _user()
        record_security_event(
            EventKind.UPLOAD_REJECTED,
            account=user.email if user else None,
            detail=str(reason or response.status_code),
        )
    return response


def init_limits(app: Flask, settings: Settings) -> Limiter:
    """Set up the security monitor, the block/penalty guard and the limiter on ``app``.

    Call before the blueprints are registered (so these hooks run before the
    bearer-token check), and :func:`apply_route_limits` after.
    """
    url = resolve_redis_url(settings)
    app.extensions["deckhand_security"] = SecurityMonitor(
        settings=settings, engine=app.extensions["deckhand"].engine, redis_url=url
    )
    app.before_request(_guard)
    # after_request hooks run in reverse order: registered before the limiter's, this
    # one sees the X-RateLimit-* headers the limiter adds.
    app.after_request(_standard_headers)
    app.after_request(_upload_rejected)
    limiter = Limiter(
        key_func=subject_key,
        application_limits=[
            ApplicationLimit(limit_provider=tier_limit, key_function=subject_key, scope="api"),
            ApplicationLimit(limit_provider=lambda: settings.rate_limit_ip, key_function=ip_key, scope="ip"),
        ],
        headers_enabled=True,
        strategy="moving-window",
        storage_uri=url,
        storage_options={"socket_connect_timeout": 1, "socket_timeout": 1},
        in_memory_fallback_enabled=True,
        # A request racing the switch to in-process counting (Redis failing under several
        # threads at once), or a header lookup that fails after the check, is let through
        # rather than answered 500; the next requests are counted in this process.
        swallow_errors=True,
        key_prefix=f"{settings.security_key_prefix}:rl",
        on_breach=_on_breach,
        enabled=settings.rate_limits_enabled,
    )
    limiter.request_filter(is_exempt)
    limiter.init_app(app)
    app.extensions["deckhand_limiter"] = limiter
    return limiter


#: (limit, key, shared scope or None for a limit of its own route).
RouteLimitPlan = list[tuple[str | Callable[[], str], Callable[[], str], str | None]]


def apply_route_limits(app: Flask, limiter: Limiter) -> None:
    """Per-route limits: sign-in, registration, upload, feedback (routes missing from ``app`` skipped).

    Both sign-in forms (the API's and the ops dashboard's) share one budget per IP and per
    email: a guesser gains nothing by switching between them.
    """
    s: Settings = app.extensions["deckhand"].settings
    sign_in: RouteLimitPlan = [
        (s.rate_limit_sign_in_ip, ip_key, "sign_in_ip"),
        (s.rate_limit_sign_in_email, email_key, "sign_in_email"),
    ]
    plan: dict[str, RouteLimitPlan] = {
        SIGN_IN: sign_in,
        OPS_SIGN_IN: sign_in,
        REGISTER: [(s.rate_limit_register_ip, ip_key, None), (s.rate_limit_register_email, email_key, None)],
        UPLOAD: [(upload_limit, subject_key, None)],
        FEEDBACK: [(s.rate_limit_feedback, subject_key, None)],
    }
    for endpoint, limits in plan.items():
        view: Callable[..., Any] | None = app.view_functions.get(endpoint)
        if view is None:
            continue
        for value, key, scope in limits:
            # override_defaults=False: the app-wide limits still apply to these routes.
            if scope is None:
                view = limiter.limit(value, key_func=key, override_defaults=False)(view)
            else:
                view = limiter.shared_limit(value, scope, key_func=key, override_defaults=False)(view)
        app.view_functions[endpoint] = view
