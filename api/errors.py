"""Errors become HTTP here, and only here: RFC 9457 application/problem+json.

Every body has ``type``, ``title``, ``status``, ``detail``, ``instance``, a stable
``code``, a ``hint`` and the ``request_id``; a 5xx also carries an ``error_id``
that is logged with the full traceback. No traceback ever reaches a client.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException

from errors import DeckhandError, InternalError

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

#: Stable codes for the HTTP errors Flask and Werkzeug raise themselves.
HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Check the request against the API reference at /api/v1/openapi.json."),
    404: ("not_found", "Check the URL; see /api/v1/openapi.json for the routes."),
    405: ("method_not_allowed", "Use one of the methods in the Allow header."),
    413: ("payload_too_large", "Upload a smaller file."),
    415: ("unsupported_media_type", "Send the body as the endpoint expects (JSON or multipart/form-data)."),
}


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
        "request_id": getattr(g, "request_id", None),
    }
    body.update(extra or {})
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def from_deckhand_error(error: DeckhandError) -> Response:
    response = problem(error.status, error.code, error.title, error.detail, error.hint, error.extra)
    if "retry_after_s" in error.extra:
        response.headers["Retry-After"] = str(int(error.extra["retry_after_s"]))
    return response


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code, hint = HTTP_CODES.get(status, ("http_error", ""))
    response = problem(status, code, error.name, error.description or error.name, hint)
    if status == 405 and error.get_response().headers.get("Allow"):
        response.headers["Allow"] = error.get_response().headers["Allow"]
    return response


def from_unexpected(error: Exception) -> Response:
    error_id = uuid.uuid4().hex
    logger.exception("unhandled error error_id=%s path=%s", error_id, request.path)
    internal = InternalError("An unexpected error occurred.")
    return problem(
        internal.status, internal.code, internal.title, internal.detail, internal.hint, {"error_id": error_id}
    )


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DeckhandError, from_deckhand_error)
    app.register_error_handler(HTTPException, from_http_exception)
    app.register_error_handler(Exception, from_unexpected)
