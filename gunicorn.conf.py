"""gunicorn settings for the API: ``exec gunicorn 'api:create_app()' -c gunicorn.conf.py``.

Values come from Deckhand's settings (config/deploy.py), so Render, the Procfile and
``deckhand run`` agree. gevent by default: an open progress stream (SSE) then costs no
thread, only a socket, so a thousand of them leave ``/healthz`` and job reads answered
(docs/streams.md); gthread would pin a thread per stream, sync a whole process. gunicorn's
gevent worker monkey-patches before it imports the app, so redis-py, psycopg (gevent-aware
waiting) and the standard library cooperate. No ``preload_app``: the broker's Redis sockets must not be
shared across fork. ``graceful_timeout`` stays below the platform's shutdown window so
in-flight requests finish before SIGKILL (security.md DEP-4).
"""

from __future__ import annotations

import os

# Only light modules here: the arbiter must not import the app. gunicorn's gevent worker
# monkey-patches after fork and before it loads the app, and modules imported earlier would
# keep unpatched locks and sockets (and dramatiq, psycopg pick their waiting strategy at import).
from config import ConfigError, load_settings
from deploy.heap import freeze_startup_heap
from deploy.serving import FD_RESERVE, raise_open_file_limit

try:
    _settings = load_settings()
except ConfigError as exc:  # one readable error instead of a traceback in the deploy log
    raise SystemExit(f"gunicorn.conf.py: {exc}") from None


def post_worker_init(worker: object) -> None:
    """In each worker, once the app is loaded (and, under gevent, patched)."""
    from api.gunicorn_errors import install as install_problem_errors

    # gunicorn's own 400/414/431 answers (before the app sees a request) in problem+json, not HTML.
    install_problem_errors()
    # Last: the app's start-up heap leaves the full collections, which stop every request (deploy/heap.py).
    freeze_startup_heap()


# Render routes to 0.0.0.0:$PORT (PORT defaults to 10000 there, 8000 here).
bind = [f"0.0.0.0:{_settings.port}"]
workers = _settings.web_concurrency
worker_class = _settings.web_worker_class
threads = _settings.web_threads if _settings.web_worker_class == "gthread" else 1
worker_connections = _settings.web_worker_connections
# One socket per client, streams included: let each worker open what it may be asked to hold
# (the stream cap is derived from the limit in force, deploy/serving.py).
raise_open_file_limit(_settings.web_worker_connections + FD_RESERVE)
timeout = _settings.web_timeout_s
graceful_timeout = _settings.graceful_timeout_s
keepalive = 5
# Recycling re-imports the whole app in the new worker (about 3 s of CPU on this app): at the
# old 1,000 requests that was most of the web service's CPU under load. The bound is now a
# guard against slow leaks (WEB_MAX_REQUESTS, default 50,000). Not ``preload_app``, which would
# make a restart cheap: create_app() builds the Dramatiq broker and Redis connection pools, and
# sockets opened in the master before fork would be shared by every worker (interleaved replies
# on one connection), so preloading needs those clients rebuilt in post_fork first.
max_requests = _settings.web_max_requests
max_requests_jitter = _settings.web_max_requests_jitter
# Heartbeat files on tmpfs: a slow container disk must not make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's advice
# One access line per request, the app's (api.access: request id, status, duration); gunicorn's
# own would be a second line with the same facts, formatted and redacted again.
accesslog = None
errorlog = "-"
loglevel = _settings.log_level.lower()
# The proxy headers are trusted by the app (ProxyFix), not by gunicorn.
forwarded_allow_ips = "127.0.0.1"
