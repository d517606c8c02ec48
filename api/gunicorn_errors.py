"""gunicorn's own error answers in problem+json.

gunicorn refuses some requests before the app sees them: a request line over
``limit_request_line`` (414), too many or too large headers (431), control bytes or
bad names in a header, a malformed request line (400). It writes those with
``gunicorn.util.write_error`` as a small HTML page. :func:`install` (called from
gunicorn.conf.py's post_worker_init, in each worker) replaces that one function with a writer of
the same answers as RFC 9457 problem+json, with the ``code`` and ``hint`` the app uses
for the same status (api/errors.py ``HTTP_CODES``), so a client parses every error alike.
"""

from __future__ import annotations

import json
import socket
import uuid

from api.errors import PROBLEM_JSON, http_code_for

#: gunicorn's message can quote what the client sent: never more than this of it.
DETAIL_MAX_CHARS = 200


def problem_bytes(status: int, reason: str, message: str) -> bytes:
    """A complete HTTP/1.1 answer (``Connection: close``) with a problem+json body."""
    code, hint = http_code_for(status)
    request_id = uuid.uuid4().hex
    detail = message if message.isprintable() else message.encode("unicode_escape").decode("ascii")
    body = json.dumps(
        {
            "type": f"/docs/errors#{code}",
            "title": reason,
            "status": status,
            "detail": detail[:DETAIL_MAX_CHARS] or reason,
            "instance": None,
            "code": code,
            "hint": hint,
            "request_id": request_id,
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_JSON}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Request-ID: {request_id}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


def write_problem(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """Drop-in for ``gunicorn.util.write_error``."""
    from gunicorn import util

    util.write_nonblock(sock, problem_bytes(status_int, reason, mesg))


def install() -> None:
    from gunicorn import util

    util.write_error = write_problem
