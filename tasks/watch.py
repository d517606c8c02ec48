"""Following a job's progress from the command line: an SSE client and one formatter.

``deckhand jobs watch JOB_ID`` reads ``GET /api/v1/jobs/{id}/events`` and prints
the same stage names as the web app (the event's ``stage_label``, else the shared
:data:`jobs.events.STAGE_LABELS`), with the server's estimate of time left worded as
the web app words it (:func:`jobs.events.format_eta`).
On a dropped connection it reconnects with ``Last-Event-ID`` (nothing missed);
when the server refuses a stream (503, too many open), it polls the job instead.
When the first connection fails (no server on that port), or the API answers an
error (401 bad token, 404 unknown id), the error is raised at once for the
``deckhand`` group to print as one line.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jobs.events import format_eta, stage_label

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})


@dataclass
class SseEvent:
    id: str | None = None
    event: str = "message"
    data: str = ""
    fields: dict[str, str] = field(default_factory=dict)

    def json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.data)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


def parse_sse(lines: Iterator[str]) -> Iterator[SseEvent]:
    """Events of a text/event-stream (comments such as ': heartbeat' are skipped)."""
    current = SseEvent()
    data: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data or current.id is not None:
                current.data = "\n".join(data)
                yield current
            current, data = SseEvent(), []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        elif name == "id":
            current.id = value
        elif name == "event":
            current.event = value
        else:
            current.fields[name] = value


def format_progress(data: dict[str, Any]) -> str:
    """One line: state, stage, chunks, cards, time left (or the error)."""
    state = str(data.get("state", "?"))
    stage = str(data.get("stage", "?"))
    parts = [f"{state:<9}", str(data.get("stage_label") or stage_label(stage))]
    progress = data.get("progress") or {}
    if progress.get("chunks_total"):
        parts.append(f"{progress['chunks_done']}/{progress['chunks_total']} chunks ({progress['percent']}%)")
    if state not in TERMINAL and data.get("message"):
        parts.append(str(data["message"]))  # e.g. "reading: 12 of 300 pages" while the document is parsed
    if data.get("cards_count"):
        parts.append(f"{data['cards_count']} cards")
    if state not in TERMINAL and data.get("eta_s") is not None:
        parts.append(format_eta(float(data["eta_s"])))
    if data.get("degraded"):
        parts.append("some cards offline")
    error = data.get("error")
    if isinstance(error, dict) and error.get("code"):
        parts.append(f"{error.get('message')} ({error['code']}). {error.get('hint') or ''}".strip())
    return "  ".join(parts)


def watch_job(
    base_url: str,
    job_id: str,
    token: str,
    echo: Callable[[str], None],
    *,
    max_reconnects: int = 20,
    timeout_s: float = 60,
) -> dict[str, Any]:
    """Print each progress event until the job ends; returns the last event's data.

    :raise urllib.error.HTTPError: the API refused (401, 404) or failed.
    :raise urllib.error.URLError: the API cannot be reached (first attempt), or the stream
        dropped ``max_reconnects`` times in a row.
    """
    url = f"{base_url.rstrip('/')}/api/v1/jobs/{job_id}/events"
    last_id: str | None = None
    last: dict[str, Any] = {}
    failures = 0  # connection failures in a row; an event resets it
    while failures <= max_reconnects:
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last_id:
            headers["Last-Event-ID"] = last_id
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the operator's URL
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
                lines = (line.decode("utf-8", "replace") for line in response)
                for event in parse_sse(lines):
                    if event.id:
                        last_id = event.id
                    data = event.json()
                    if not data:
                        continue
                    last, failures = data, 0
                    echo(format_progress(data))
                    if data.get("state") in TERMINAL:
                        return data
        except urllib.error.HTTPError as exc:
            if exc.code == 503:  # too many open streams: poll instead
                return poll_job(base_url, job_id, token, echo)
            raise
        except (urllib.error.URLError, OSError) as exc:
            if last_id is None and not last:
                # Never connected: no server there. Retrying silently would only hide that.
                raise exc if isinstance(exc, urllib.error.URLError) else urllib.error.URLError(exc) from None
            failures += 1
            time.sleep(1)
    raise urllib.error.URLError(f"the progress stream dropped {failures} times in a row")


def poll_job(
    base_url: str, job_id: str, token: str, echo: Callable[[str], None], interval_s: float = 2
) -> dict[str, Any]:
    url = f"{base_url.rstrip('/')}/api/v1/jobs/{job_id}"
    seen = ""
    while True:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            data = json.loads(response.read())
        line = format_progress(data)
        if line != seen:
            echo(line)
            seen = line
        if data.get("state") in TERMINAL:
            return dict(data)
        time.sleep(interval_s)
