"""What one API process can serve: how many progress streams it holds, from what it actually has.

An open stream holds one client socket (a file descriptor) and, under gunicorn's gthread
worker, one thread; under gevent it holds no thread (it waits on the process's one Redis
subscription, jobs/event_hub.py). The cap leaves room for ordinary requests, so a
thousand open streams never starve ``/healthz`` or a job read: past it a stream answers
503 with Retry-After and the client polls ``GET /api/v1/jobs/{id}``.
"""

from __future__ import annotations

import contextlib
import resource

from config import Settings

#: File descriptors kept for everything but streams: the listening socket, database and
#: Redis pools, log files, uploads being written, ordinary clients.
FD_RESERVE = 128


def open_file_limit() -> int:
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


def reserved_for_requests(slots: int) -> int:
    """Of ``slots`` concurrent clients, how many streams may never take."""
    return max(2, slots // 8)


def derived_stream_limit(settings: Settings, open_files: int | None = None) -> int:
    """Streams per process the server can hold while still answering other requests."""
    if settings.web_worker_class == "sync":
        return 0  # one request per process: a stream would block it whole
    if settings.web_worker_class == "gthread":
        slots = settings.web_threads
    else:
        slots = settings.web_worker_connections
    by_slots = max(0, slots - reserved_for_requests(slots))
    files = open_file_limit() if open_files is None else open_files
    return max(0, min(by_slots, files - FD_RESERVE))


def stream_limit(settings: Settings) -> int:
    """``SSE_MAX_STREAMS`` when set, else :func:`derived_stream_limit`."""
    if settings.sse_max_streams is not None:
        return settings.sse_max_streams
    return derived_stream_limit(settings)


def raise_open_file_limit(needed: int) -> int:
    """Raise this process's soft open-file limit towards ``needed`` (never past the hard
    limit, never lower); the limit now in force. Children (gunicorn's workers) inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return open_file_limit()
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    # A container that forbids it: the derived cap follows the limit in force.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return open_file_limit()
