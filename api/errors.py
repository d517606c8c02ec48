"""Errors become HTTP here, and only here: RFC 9457 application/problem+json.

Every body has ``type``, ``title``, ``status``, ``detail``, ``instance``, a stable
``code``, a ``hint`` and the ``request_id``; validation errors add
``invalid_params`` (one entry per bad field). Flask's own errors (404, 405, 413…)
and unexpected exceptions get the same shape. A 5xx also carries an ``error_id``
that is logged with the full traceback and context and stored as an ErrorEvent
(aggregated by fingerprint). No traceback or exception text ever reaches a client.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import redis
from dramatiq.errors import BrokerConnectionError
from flask import Flask, Response, current_app, g, json, request
from flask_limiter import RateLimitExceeded
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge, default_exceptions

from api.request_id import ensure_request_id
from errors import DatabaseUnavailable, DeckhandError, DependencyUnavailable, InternalError, RateLimited
from models.db import is_database_outage
from workers.error_reporting import report_error

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

#: Stable codes and hints for the HTTP errors Flask and Werkzeug raise themselves.
HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Check the request against the API reference at /api/v1/openapi.json."),
    401: ("unauthorized", "Send 'Authorization: Bearer <token>'; get a token from POST /api/v1/auth/token."),
    403: ("forbidden", "This action needs a role your account does not have."),
    404: ("not_found", "Check the URL; see /api/v1/openapi.json for the routes."),
    405: ("method_not_allowed", "Use one of the methods in the Allow header."),
    406: ("not_acceptable", "Accept application/json."),
    408: ("request_timeout", "Send the request again, faster or smaller."),
    409: ("conflict", "The resource changed; fetch it and try again."),
    411: ("length_required", "Send a Content-Length header."),
    413: ("payload_too_large", "Send a smaller body; uploads have their own, larger limit."),
    414: ("uri_too_long", "Shorten the URL; send long values in the body."),
    415: ("unsupported_media_type", "Send the body as the endpoint expects (JSON or multipart/form-data)."),
    422: ("validation_failed", "Fix the request and send it again."),
    429: ("rate_limited", "Wait for the number of seconds in Retry-After, then try again."),
    431: ("headers_too_large", "Send fewer or smaller headers."),
    500: ("internal_error", InternalError.hint),
    501: ("not_implemented", "This method is not supported here."),
    503: ("dependency_unavailable", "Try again in a few seconds."),
}
#: Code and hint of any other HTTP error status (one Werkzeug raises that the table above lacks).
FALLBACK_HTTP_CODE: tuple[str, str] = ("http_error", "Check the request and try again.")
#: ``g`` key holding the Retry-After an error chose itself (api.limits keeps it, and
#: drops a Retry-After that Flask-Limiter adds to an answer that was not limited).
RETRY_AFTER_G = "deckhand_retry_after_s"


def http_code_for(status: int) -> tuple[str, str]:
    """The stable ``code`` and ``hint`` of an HTTP error raised by Flask or Werkzeug."""
    return HTTP_CODES.get(status, FALLBACK_HTTP_CODE)


def emitted_http_codes() -> dict[str, tuple[list[int], str]]:
    """Every code :func:`from_http_exception` can answer: code -> (statuses, hint); for docs/errors.md."""
    found: dict[str, tuple[list[int], str]] = {}
    for status in sorted({*HTTP_CODES, *default_exceptions}):
        code, hint = http_code_for(status)
        found.setdefault(code, ([], hint))[0].append(status)
    found[FALLBACK_HTTP_CODE[0]] = found.pop(FALLBACK_HTTP_CODE[0], ([], FALLBACK_HTTP_CODE[1]))  # last
    return found


def _retry_after(response: Response, seconds: int) -> None:
    response.headers["Retry-After"] = str(seconds)
    g.setdefault(RETRY_AFTER_G, seconds)


def problem(
    status: int, code: str, title: str, detail: str, hint: str, extra: dict[str, Any] | None = None
) -> Response:
    body: dict[str, Any] = {
        "type": f"/docs/errors#{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        "code": code,
        "hint": hint,
        "request_id": ensure_request_id(),
    }
    body.update(extra or {})
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def record_server_error(error: BaseException, code: str) -> str:
    """Log ``error`` with its context and store it as an ErrorEvent; returns the error id. Never raises."""
    error_id = uuid.uuid4().hex
    try:
        context = {
            "error_id": error_id,
            "code": code,
            "method": request.method,
            "path": request.path,
            "endpoint": request.endpoint,
            "remote_addr": request.remote_addr,
            "user_id": getattr(g.get("user"), "id", None),
        }
        logger.error(
            "server error %s on %s %s", type(error).__name__, request.method, request.path,
            exc_info=(type(error), error, error.__traceback__), extra=context,
        )  # fmt: skip
        engine = current_app.extensions["deckhand"].engine
        report_error(
            engine, error, source="api", code=code, request_id=ensure_request_id(),
            path=f"{request.method} {request.path}", error_id=error_id,
        )  # fmt: skip
    except Exception:  # reporting must never turn into a second failure
        logger.warning("could not record server error error_id=%s", error_id)
    return error_id


def from_deckhand_error(error: DeckhandError) -> Response:
    extra = dict(error.extra)
    if error.status >= 500:
        extra["error_id"] = record_server_error(error, error.code)
    response = problem(error.status, error.code, error.title, error.detail, error.hint, extra)
    if "retry_after_s" in error.extra:
        _retry_after(response, max(1, int(error.extra["retry_after_s"])))
    return response


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code, hint = http_code_for(status)
    extra: dict[str, Any] = {}
    if status >= 500:
        original = getattr(error, "original_exception", None)
        extra["error_id"] = record_server_error(original or error, code)
        detail = "An unexpected error occurred."  # Werkzeug's text may name internals
    else:
        detail = error.description or error.name
    if isinstance(error, RequestEntityTooLarge) and request.max_content_length:
        extra["limit_bytes"] = request.max_content_length
        detail = f"The request body is larger than the {request.max_content_length} bytes allowed here."
    response = problem(status, code, error.name, detail, hint, extra)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    for name in ("Retry-After", "WWW-Authenticate"):
        value = error.response.headers.get(name) if error.response is not None else None
        if value:
            response.headers[name] = value
    retry = getattr(error, "retry_after", None)  # werkzeug's 429/503 take retry_after=
    if isinstance(retry, int) and not isinstance(retry, bool):
        _retry_after(response, max(1, retry))
    return response


def from_rate_limit(error: RateLimitExceeded) -> Response:
    """Flask-Limiter's 429 as errors.RateLimited; the limiter adds Retry-After and X-RateLimit-*."""
    return from_deckhand_error(
        RateLimited(f"Too many requests: the limit here is {error.description}.", limit=error.description)
    )


#: Seconds a client is asked to wait when Redis cannot be reached.
REDIS_RETRY_AFTER_S = 5


def from_redis_error(error: Exception) -> Response:
    """Redis unreachable or stalled on a request path: 503 with Retry-After, never a 500.

    Not an ErrorEvent (nothing in Deckhand is broken; /readyz and the alerts report Redis).
    """
    logger.warning("Redis unavailable on %s %s: %r", request.method, request.path, error)
    return from_deckhand_error(
        DependencyUnavailable(
            "Redis (the queue and live job state) cannot be reached right now.",
            retry_after_s=REDIS_RETRY_AFTER_S,
        )
    )


#: Seconds a client is asked to wait when the database went away (a restart takes a few).
DATABASE_RETRY_AFTER_S = 5


def from_database_error(error: Exception) -> Response:
    """A database that went away (restart, unreachable, pool exhausted): 503 with Retry-After.

    Not an ErrorEvent (the event could not be stored anyway; /readyz reports the database).
    Any other database error is a bug: a 500 with an error id, like every unexpected error.
    """
    if not is_database_outage(error):
        return from_unexpected(error)
    logger.warning("database unavailable on %s %s: %s", request.method, request.path, type(error).__name__)
    return from_deckhand_error(
        DatabaseUnavailable("The database cannot be reached right now.", retry_after_s=DATABASE_RETRY_AFTER_S)
    )


def from_unexpected(error: Exception) -> Response:
    internal = InternalError("An unexpected error occurred.")
    error_id = record_server_error(error, internal.code)
    return problem(
        internal.status, internal.code, internal.title, internal.detail, internal.hint, {"error_id": error_id}
    )


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DeckhandError, from_deckhand_error)
    app.register_error_handler(HTTPException, from_http_exception)
    app.register_error_handler(RateLimitExceeded, from_rate_limit)
    app.register_error_handler(redis.RedisError, from_redis_error)
    app.register_error_handler(BrokerConnectionError, from_redis_error)
    app.register_error_handler(sa_exc.DBAPIError, from_database_error)
    app.register_error_handler(sa_exc.TimeoutError, from_database_error)
    app.register_error_handler(Exception, from_unexpected)
