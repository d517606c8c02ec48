"""A poll of an unchanged job answered before Flask: ``GET /api/v1/jobs/{id}`` from the mirror.

Clients poll ``GET /api/v1/jobs/{id}`` every second or two while a job runs, and most polls find
the job as it was. When all that such a poll needs is already in this process (the token in the
token cache; the gate's reads and the job's cached answer in the mirror of Redis,
:mod:`api.gate_local`), it is answered here, in a WSGI layer under ProxyFix, without Flask's
request context, URL matching and hooks, which cost as much CPU as everything else in the poll
(docs/performance.md, "Fifth pass").

It is the same answer, made by the same functions as Flask's hooks: the gate's mirror decides
(blocks, the revocation generation) and the request is counted against the caller's limits
(:mod:`api.local_counts`); the body and ETag are the job's cached answer, 304 when the client
holds it; the headers are the rate-limit, CORS, security and request-id headers; the access
line and the latency metric are written. Everything else goes to Flask unchanged and
uncounted: another method or path, a body, a token not in the cache or whose ``last_used_at``
is due, a block, a revocation, a limit near its edge, a job not cached or not the caller's.
Flask's signals do not fire for the answers made here (Sentry names a sampled trace of one as a
plain WSGI request).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.datastructures import EnvironHeaders
from werkzeug.http import HTTP_STATUS_CODES, quote_etag

from api import gate, gate_local, job_view
from api.access_log import log_access
from api.auth import cached_entry, last_used_due
from api.cors import cors_headers
from api.headers import policy_for, security_headers
from api.limits import rate_limit_headers, request_counters
from api.request_id import environ_request_id
from logs import bind
from models import utcnow

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from api.security_events import SecurityMonitor
    from api.state import AppState
    from ops.metrics import HttpMetrics

logger = logging.getLogger(__name__)

BLUEPRINT, ENDPOINT = "jobs", "jobs.get_job"
ROUTE = "/api/v1/jobs/<job_id>"
JOB_PATH = re.compile(r"/api/v1/jobs/([0-9a-f]{32})")
#: A poll's answer: status line, headers, body.
Answer = tuple[str, list[tuple[str, str]], bytes]


def status_line(code: int) -> str:
    """As Werkzeug writes it (``304 NOT MODIFIED``)."""
    return f"{code} {HTTP_STATUS_CODES[code].upper()}"


class PollShortcut:
    """WSGI middleware: answers what it can of ``GET /api/v1/jobs/{id}``, passes the rest on."""

    def __init__(self, app: Flask, inner: WSGIApplication) -> None:
        if not any(rule.rule == ROUTE and rule.endpoint == ENDPOINT for rule in app.url_map.iter_rules()):
            raise RuntimeError(f"{ENDPOINT} is no longer {ROUTE}: update api/poll_shortcut.py")
        self.app = app
        self.inner = inner

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        started = time.monotonic()
        found = None
        if environ.get("REQUEST_METHOD") == "GET":
            match = JOB_PATH.fullmatch(environ.get("PATH_INFO", ""))
            if match is not None and not _has_body(environ):
                bind(request_id=environ_request_id(environ))  # on this layer's log lines too
                try:
                    found = self.answer(environ, match.group(1), started)
                except Exception:  # a defect here must not cost the poll: Flask answers it
                    logger.exception("job poll shortcut failed; the request goes through Flask")
                finally:
                    bind(request_id=None)
        if found is None:
            return self.inner(environ, start_response)
        status, headers, body = found
        start_response(status, headers)
        return [body]

    def answer(self, environ: WSGIEnvironment, job_id: str, started: float) -> Answer | None:
        """The poll's answer, or None: Flask answers it (nothing was counted: the count is the
        last step that can decline)."""
        extensions = self.app.extensions
        app_state: AppState = extensions["deckhand"]
        security: SecurityMonitor = extensions["deckhand_security"]
        settings = app_state.settings
        client = security.client()
        mirror = gate_local.mirror_for(settings, security.redis_url) if client is not None else None
        cached = cached_entry(settings, environ.get("HTTP_AUTHORIZATION"))
        if mirror is None or cached is None:
            return None
        user = cached[1].user
        keys = job_view.prefetch_keys(settings, {"job_id": job_id}, user.id)
        if user.id is None or not keys or last_used_due(cached[1].token, utcnow()):
            return None  # (a due ``last_used_at`` is written by Flask's path)
        ip = environ.get("REMOTE_ADDR") or "unknown"  # ProxyFix has set the real client
        blocks = security.block_keys(ip, user.email)
        values = gate_local.mirrored(settings, mirror, cached, blocks, user.email, keys)
        found = job_view.cached_answer(keys, values, user.id) if values is not None else None
        if found is None:
            return None
        etag, body = found
        headers = EnvironHeaders(environ)
        if job_view.not_modified(headers.get("If-None-Match"), etag):
            code, content, head = 304, b"", [("ETag", quote_etag(etag))]
        else:
            code, content = 200, body.encode()
            head = [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(content))),
                ("ETag", quote_etag(etag)),
            ]
        policy = policy_for(self.app, ENDPOINT, BLUEPRINT)
        secure = environ.get("wsgi.url_scheme") == "https"
        tail = [
            *cors_headers(self.app, headers, "GET"),
            *security_headers(settings, policy=policy, secure=secure, private=True),
            ("X-Request-ID", environ_request_id(environ)),
        ]
        caller = {"id": user.id, "email": user.email, "role": user.role}
        counters = request_counters(settings, caller, ip, self.app, ENDPOINT)
        verdicts = gate_local.local_counts(settings).try_count(counters)
        if verdicts is None:
            return None
        verdict = gate.tightest(verdicts)
        limits = rate_limit_headers(verdict) if verdict is not None else ()
        http: HttpMetrics = extensions["deckhand_metrics"]["http"]
        http.observe("GET", ROUTE, code, time.monotonic() - started)
        log_access("GET", environ.get("PATH_INFO", ""), code, started, environ_request_id(environ))
        return status_line(code), [*head, *limits, *tail], content


def _has_body(environ: dict[str, Any]) -> bool:
    return environ.get("CONTENT_LENGTH", "") not in ("", "0") or "HTTP_TRANSFER_ENCODING" in environ


def install_poll_shortcut(app: Flask) -> None:
    """Put the shortcut in front of the app's routes (call before ProxyFix is installed, which
    must wrap it: the shortcut reads the client's address and scheme as ProxyFix set them)."""
    app.wsgi_app = PollShortcut(app, app.wsgi_app)  # type: ignore[method-assign]
