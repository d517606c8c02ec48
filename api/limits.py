"""Rate limits, the block check and the token cache check: one Redis round trip per request.

Limits (all settings, ``limits`` notation):

* every request of a signed-in caller: per account by tier (``RATE_LIMIT_USER`` /
  ``_PREMIUM`` / ``_ADMIN``), never per IP (a school or office NAT puts hundreds of people
  behind one address);
* every request without a valid token: per IP (``RATE_LIMIT_IP``);
* ``POST /api/v1/documents``: per account by tier (``RATE_LIMIT_UPLOAD_*``);
* sign-in (``POST /api/v1/auth/token`` and the ops dashboard's ``POST /ops/login``, one
  shared budget) and registration: per IP (generous) and per email address (tight).

Health (``/healthz``, ``/readyz``, ``/api/v1/health/*``), ``/metrics`` and CORS
preflights (``OPTIONS``) are exempt. The tier comes from the database (the token's
account), never from a header. Answers carry ``X-RateLimit-Limit/Remaining/Reset``
(reset as epoch seconds) and ``RateLimit-Limit/Remaining/Reset`` (reset as seconds
from now); a limited answer is 429 ``rate_limited`` with ``Retry-After`` >= 1 and those
headers too. ``Retry-After`` is sent only on answers that ask the client to wait (429,
503, 403 ``blocked``), never on a 200 or 401.

Every limit is counted by :mod:`api.gate` (sliding-window counters) in the same round trip
(one Lua script call) as the block check, the token cache's revocation generation and a route's
prefetched reads (:func:`guard`): at most one Redis round trip per request, and for most none:
the process answers from its mirror of those reads and counts the request itself
(:mod:`api.gate_local`). An ordinary 429 is not
a security event: it is logged, never counted toward a block, and costs the caller nothing
beyond the limit's own window. Blocks are for abuse
(failed sign-ins in bulk, guessed ids, token misuse: :mod:`api.security_events`).
``deckhand security unblock`` lifts a block and resets the subject's limit counters.

Redis down or stalled (1 s socket timeouts): limits are counted in per-process memory and
go back to Redis once it answers (never fail-open, never a 500); the block check reads the
database and the token cache is not trusted (each request reads the database).
"""

from __future__ import annotations

import logging
import math
import time
import weakref
from collections.abc import Callable
from typing import Any

import redis
from flask import Flask, Request, Response, g, request
from limits import parse_many
from redis.commands.core import Script

import redisconn
from api import gate, gate_local
from api.auth import (
    CachedAuth,
    auth_cache,
    cached_entry,
    caller,
    generation_key,
    resolve_and_cache,
    use_cached,
)
from api.context import current_flask_app, current_g, current_request
from api.errors import RETRY_AFTER_G
from api.security_events import EventKind, SecurityMonitor, record_security_event
from api.state import AppState, state
from config import Settings
from errors import RateLimited
from models import User
from models.user import by_role
from redisconn.keys import rate_limit_prefix
from redisconn.tracking import Mirror

logger = logging.getLogger(__name__)

EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
EXEMPT_PREFIXES = ("/api/v1/health/", "/metrics/", "/static/")
#: Routes with their own limits: endpoint -> (which limits, key) builders, see apply_route_limits.
SIGN_IN, REGISTER, UPLOAD = "auth.sign_in", "auth.register", "documents.upload"
FEEDBACK = "feedback.send_feedback"
#: The ops dashboard's sign-in form: the same budget as SIGN_IN (a shared limit).
OPS_SIGN_IN = "ops.login"


def is_exempt(req: Request | None = None) -> bool:
    """Health checks, metrics and CORS preflights are never limited nor blocked."""
    req = req or current_request()
    path = req.path
    return req.method == "OPTIONS" or path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


def client_ip(req: Request | None = None) -> str:
    # ProxyFix (api/__init__.py) has already replaced remote_addr with the real client.
    return (req or current_request()).remote_addr or "unknown"


def _settings() -> Settings:
    return state().settings


def _user() -> User | None:
    return caller(_settings())


def ip_key() -> str:
    return f"ip:{client_ip()}"


def email_key() -> str:
    """The email address a sign-in or registration names (lower-cased); the IP when none.

    Read from a JSON body (the API) or a form (the ops dashboard's sign-in).
    """
    body = request.get_json(silent=True) if request.is_json else request.form  # a MultiDict is a dict
    email = body.get("email") if isinstance(body, dict) else None
    if isinstance(email, str) and email.strip():
        return f"email:{email.strip().lower()[:254]}"
    return ip_key()


def tier_limit() -> str:
    """The request-wide limit of this caller: its account's tier, else the anonymous per-IP one."""
    s = _settings()
    user = _user()
    return s.rate_limit_ip if user is None else _role_limit(s, user.role)


def upload_limit() -> str:
    s = _settings()
    user = _user()
    role = user.role if user is not None else None
    return by_role(role, s.rate_limit_upload_user, s.rate_limit_upload_premium, s.rate_limit_upload_admin)


# --- the gate: one round trip --------------------------------------------------------

#: endpoint -> keys it wants read with the gate's round trip (settings, ``view_args``, user id or None).
Prefetch = Callable[[Settings, dict[str, Any], int | None], list[str]]
PREFETCH: dict[str, Prefetch] = {}
#: ``g`` key of the prefetched values (key -> value or None).
PREFETCHED_G = "deckhand_prefetched"
_memory_windows = gate.MemoryWindows()


def register_prefetch(endpoint: str, keys: Prefetch) -> None:
    """Have the gate read ``keys(settings, view_args, user_id)`` for ``endpoint`` in its round trip."""
    PREFETCH[endpoint] = keys


def prefetched_values(keys: list[str]) -> dict[str, str | None] | None:
    """The values the gate read for ``keys`` in this request (None: it did not read them all)."""
    values: dict[str, str | None] = g.get(PREFETCHED_G) or {}
    if not all(key in values for key in keys):
        return None
    return {key: values[key] for key in keys}


_gate_scripts: weakref.WeakKeyDictionary[redis.Redis, Script] = weakref.WeakKeyDictionary()


def _gate_script(client: redis.Redis) -> Script:
    """The gate's script on ``client`` (loaded into Redis on first use and after a restart)."""
    script = _gate_scripts.get(client)
    if script is None:
        script = _gate_scripts[client] = client.register_script(gate.GATE_SCRIPT)
    return script


def request_counters(
    settings: Settings, user: dict[str, Any] | None, ip: str, app: Flask, endpoint: str | None
) -> list[gate.Counted]:
    """What a request counts: the caller's request-wide limit, and the route's own limits (if any)."""
    if not settings.rate_limits_enabled:
        return []
    prefix = rate_limit_prefix(settings.security_key_prefix)
    now = time.time()
    caller = f"user:{user['id']}" if user is not None else f"ip:{ip}"
    role = user.get("role") if user is not None else None
    if user is not None:
        counters = gate.plan(prefix, "api", caller, gate.parse_limits(_role_limit(settings, role)), now)
    else:
        counters = gate.plan(prefix, "anon", caller, gate.parse_limits(settings.rate_limit_ip), now)
    route_limits: dict[str, list[RouteLimit]] = app.extensions.get(ROUTE_LIMITS, {})
    for value, budget, scope in route_limits.get(endpoint or "", []):
        if isinstance(value, tuple):
            value = by_role(role, *value)
        subject = f"ip:{ip}" if budget == "ip" else email_key() if budget == "email" else caller
        counters += gate.plan(prefix, scope, subject, gate.parse_limits(value), now)
    return counters


def _role_limit(settings: Settings, role: str | None) -> str:
    return by_role(role, settings.rate_limit_user, settings.rate_limit_premium, settings.rate_limit_admin)


def _caller_fields() -> dict[str, Any] | None:
    user = _user()
    return None if user is None else {"id": user.id, "email": user.email, "role": user.role}


def guard() -> None:
    """Before every request: blocks (403), the token cache's generation, the request limits (429)
    and a route's prefetched reads: from this process's mirror of Redis when it holds them all
    and the limits can be counted here (:mod:`api.gate_local`), else in one Redis round trip
    (a Lua script)."""
    req = current_request()
    if is_exempt(req):
        return
    app = current_flask_app()
    store = current_g()
    app_state: AppState = app.extensions["deckhand"]
    settings = app_state.settings
    security: SecurityMonitor = app.extensions["deckhand_security"]
    ip = client_ip(req)
    endpoint = req.endpoint
    client = security.client()
    authorization = req.headers.get("Authorization")
    has_token = bool(authorization)
    cached = cached_entry(settings, authorization)
    if cached is None and has_token:
        resolve_and_cache(settings, client)  # a miss: the database (and one GET of the generation)
    if cached is not None:
        user = cached[1].user
        caller_fields: dict[str, Any] | None = {"id": user.id, "email": user.email, "role": user.role}
    else:
        caller_fields = _caller_fields()
    email = caller_fields["email"] if caller_fields else None
    counters = request_counters(settings, caller_fields, ip, app, endpoint)
    extra_keys = []
    prefetch = PREFETCH.get(endpoint or "")
    if prefetch is not None:
        user_id = caller_fields["id"] if caller_fields else None
        extra_keys = prefetch(settings, req.view_args or {}, user_id)
    blocks = security.block_keys(ip, email)
    mirror = gate_local.mirror_for(settings, security.redis_url) if client is not None else None
    verdicts: list[gate.Verdict] | None = None
    if mirror is not None and (cached is not None or not has_token):
        prefetched = gate_local.mirrored(settings, mirror, cached, blocks, email, extra_keys)
        # The mirror answers; the limits are counted here while far from their edge.
        verdicts = gate_local.local_counts(settings).try_count(counters) if prefetched is not None else None
        if verdicts is not None:
            store.setdefault(PREFETCHED_G, prefetched)
            if cached is not None:
                use_cached(settings, *cached)
    if verdicts is None:
        verdicts = _round_trip(
            settings, security, client, mirror, cached, ip, email, blocks, counters, extra_keys
        )
    verdict = gate.tightest(verdicts)
    store.rate_verdict = verdict
    if verdict is not None and verdict.exceeded:
        logger.info("rate limited limit=%r retry_after_s=%d", verdict.limit.text, verdict.retry_after_s)
        raise RateLimited(
            f"Too many requests: the limit here is {verdict.limit.text}.",
            limit=verdict.limit.text,
            retry_after_s=verdict.retry_after_s,
        )


def _round_trip(
    settings: Settings,
    security: SecurityMonitor,
    client: redis.Redis | None,
    mirror: Mirror | None,
    cached: tuple[str, CachedAuth] | None,
    ip: str,
    email: str | None,
    blocks: tuple[str, str],
    counters: list[gate.Counted],
    extra_keys: list[str],
) -> list[gate.Verdict]:
    """The gate's one Lua script call (or, Redis down, the database and this process's memory);
    what it read is mirrored for the next requests."""
    results: list[Any] | None = None
    if client is not None:
        local = gate_local.local_counts(settings)
        keys, argv = gate.script_arguments(
            blocks, generation_key(settings), counters, extra_keys, local.take(counters)
        )
        began = mirror.begin() if mirror is not None else None
        try:
            results = _gate_script(client)(keys=keys, args=argv)
        except (redis.RedisError, OSError) as exc:
            security.redis_failed(exc)
            if mirror is not None:
                mirror.clear()
    if results is None:
        # Redis down: the database decides who the caller is and whether they are blocked.
        if cached is not None:
            auth_cache.drop(cached[0])
            resolve_and_cache(settings, None)
        security.check_not_blocked(ip=ip, account=email)
        return _memory_windows.count(counters)
    ip_left, account_left, generation = int(results[0]), int(results[1]) if email else 0, results[2] or "0"
    if cached is not None:
        if cached[1].generation == generation:
            use_cached(settings, *cached)
        else:  # something was revoked since: the database has the last word
            auth_cache.clear()
            resolve_and_cache(settings, client, generation)
    security.refuse_if_blocked(ip=ip, account=email, ip_left=ip_left, account_left=account_left)
    counts = gate.counts(counters, results[3:])
    gate_local.local_counts(settings).synced(counters, counts)
    prefetched = dict(zip(extra_keys, results[3 + 2 * len(counters) :], strict=True))
    current_g().setdefault(PREFETCHED_G, prefetched)
    if mirror is not None:
        gate_local.remember(settings, mirror, began, blocks, results, prefetched)
    return [counted.verdict(*pair) for counted, pair in zip(counters, counts, strict=True)]


def _gate_headers(response: Response) -> None:
    """The limit of this request (the tightest the gate counted), unless a 429 already named one."""
    verdict: gate.Verdict | None = g.get("rate_verdict")
    if verdict is None or "X-RateLimit-Limit" in response.headers:
        return
    response.headers["X-RateLimit-Limit"] = str(verdict.limit.amount)
    response.headers["X-RateLimit-Remaining"] = str(verdict.remaining)
    response.headers["X-RateLimit-Reset"] = str(math.ceil(verdict.reset_at))


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


def rate_limit_headers(verdict: gate.Verdict) -> tuple[tuple[str, str], ...]:
    """The six rate-limit headers of an answer the gate let through, from its tightest verdict."""
    limit, remaining = str(verdict.limit.amount), str(verdict.remaining)
    reset_at = math.ceil(verdict.reset_at)
    return (
        ("X-RateLimit-Limit", limit),
        ("X-RateLimit-Remaining", remaining),
        ("X-RateLimit-Reset", str(reset_at)),
        ("RateLimit-Limit", limit),
        ("RateLimit-Remaining", remaining),
        ("RateLimit-Reset", str(max(reset_at - int(time.time()), 0))),
    )


def _standard_headers(response: Response) -> Response:
    """Rate-limit headers on every limited answer, ``Retry-After`` only where a wait is asked for.

    * ``RateLimit-*`` (IETF draft) beside the ``X-RateLimit-*`` the gate reports;
    * a 429 the limiter did not make (the request gate's) gets both sets for the caller's request
      limit, a quota's 429 for the quota (its size, 0 remaining, reset when Retry-After ends);
    * ``Retry-After`` >= 1 on a 429; an error that chose its own (503, 403 ``blocked``)
      keeps that value; any other answer (200, 401…) carries none.
    """
    headers = response.headers
    store = current_g()
    explicit: int | None = store.get(RETRY_AFTER_G)
    verdict: gate.Verdict | None = store.get("rate_verdict")
    if response.status_code != 429 and verdict is not None and "X-RateLimit-Limit" not in headers:
        # The usual answer (every counted request that passed): the six headers from the verdict
        # at once, appended rather than set one by one (each set scans every header).
        headers.extend(rate_limit_headers(verdict))
        if explicit is not None:
            headers["Retry-After"] = str(explicit)
        else:
            headers.pop("Retry-After", None)
        return response
    _gate_headers(response)
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
    if response.status_code in UPLOAD_REJECTIONS and request.endpoint == UPLOAD:
        body = response.get_json(silent=True) if response.is_json else None
        reason = body.get("code") if isinstance(body, dict) else None
        user = _user()
        record_security_event(
            EventKind.UPLOAD_REJECTED,
            account=user.email if user else None,
            detail=str(reason or response.status_code),
        )
    return response


def init_limits(app: Flask, settings: Settings) -> None:
    """Set up the security monitor and the request gate on ``app``.

    Call before the blueprints are registered (so the gate runs before the bearer-token
    check), and :func:`apply_route_limits` after.
    """
    url = redisconn.resolve_url(settings)
    app.extensions["deckhand_security"] = SecurityMonitor(
        settings=settings, engine=app.extensions["deckhand"].engine, redis_url=url
    )
    app.extensions[ROUTE_LIMITS] = {}
    app.before_request(guard)
    app.after_request(_standard_headers)
    app.after_request(_upload_rejected)


#: A route limit: its value (a ``limits`` string, or one per role: user, premium, admin), whose
#: budget it counts (``ip``, ``email`` or ``caller``: the account, else the IP), and its scope
#: (the name two routes share a budget under).
RouteLimit = tuple[str | tuple[str, str, str], str, str]
ROUTE_LIMITS = "deckhand_route_limits"


def apply_route_limits(app: Flask) -> None:
    """Per-route limits: sign-in, registration, upload, feedback, counted by the gate too.

    Both sign-in forms (the API's and the ops dashboard's) share one budget per IP and per
    email: a guesser gains nothing by switching between them.
    """
    s: Settings = app.extensions["deckhand"].settings
    sign_in: list[RouteLimit] = [
        (s.rate_limit_sign_in_ip, "ip", "sign_in_ip"),
        (s.rate_limit_sign_in_email, "email", "sign_in_email"),
    ]
    uploads = (s.rate_limit_upload_user, s.rate_limit_upload_premium, s.rate_limit_upload_admin)
    plan: dict[str, list[RouteLimit]] = {
        SIGN_IN: sign_in,
        OPS_SIGN_IN: sign_in,
        REGISTER: [
            (s.rate_limit_register_ip, "ip", "register_ip"),
            (s.rate_limit_register_email, "email", "register_email"),
        ],
        UPLOAD: [(uploads, "caller", "upload")],
        FEEDBACK: [(s.rate_limit_feedback, "caller", "feedback")],
    }
    app.extensions[ROUTE_LIMITS] = {
        endpoint: limits for endpoint, limits in plan.items() if endpoint in app.view_functions
    }
