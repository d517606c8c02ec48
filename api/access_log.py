"""The access line: one per request, written after its answer is made."""

from __future__ import annotations

import logging
import time

access_log = logging.getLogger("api.access")


def log_access(method: str, path: str, status: int, started: float, request_id: str | None) -> None:
    """``GET /api/v1/jobs/… 200``, with the status and the duration (since ``started``, a
    ``time.monotonic()`` reading) as fields. The path only: a query string may carry a token."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    # makeRecord + handle, not info(): the caller's file and line (a stack walk per request)
    # say nothing here.
    record = access_log.makeRecord(
        access_log.name, logging.INFO, __file__, 0, "%s %s %d", (method, path, status), None,
        extra={"status": status, "duration_ms": round((time.monotonic() - started) * 1000, 1),
               "request_id": request_id},
    )  # fmt: skip
    access_log.handle(record)
