"""The load scenario: what one person does with Deckhand, as a locust user.

Each user signs up, uploads one small real document, follows its job (half of the users by
polling ``GET /api/v1/jobs/{id}`` with ``If-None-Match``, the other half by the SSE stream
``/api/v1/jobs/{id}/events``), opens its decks and its deck, fetches the study queue, reviews
a few cards, and stops. Run by ``scripts/load/run.py`` (which starts the stack and checks the
outcome); settings come from the environment:

- ``LOAD_DOCUMENT``: the file every user uploads (read in place);
- ``LOAD_SOURCE_IPS``: ``distinct`` binds each user's connections to its own 127.x.y.z
  address (Linux routes all of 127/8 to the loopback), ``one`` keeps every user on 127.0.0.1
  (a school or office behind one NAT address);
- ``LOAD_RESULTS``: where the per-endpoint figures, the status codes and the job ids are written
  as JSON when locust quits.

Locust (gevent) patches the standard library when imported: import this file only in the
locust process, never in the tests' or the runner's.
"""

from __future__ import annotations

import itertools
import json
import os
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

import gevent
import gevent.event
from locust import HttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser
from locust.runners import LocalRunner
from requests.adapters import HTTPAdapter

TERMINAL = {"succeeded", "failed", "cancelled"}
#: Seconds between two polls of a job, as the web app does.
POLL_EVERY_S = 1.0
#: A job not terminal after this long counts as a failed follow (the runner checks the database too).
FOLLOW_TIMEOUT_S = float(os.environ.get("LOAD_FOLLOW_TIMEOUT_S", "600"))
#: Cards each user reviews once its deck is ready.
REVIEWS = 3
#: Client timeouts (connect, read): generous, a loaded 2-core machine is slow, not broken.
TIMEOUT = (30.0, 120.0)

DOCUMENT = Path(os.environ.get("LOAD_DOCUMENT", ""))
SOURCE_IPS = os.environ.get("LOAD_SOURCE_IPS", "distinct")
RESULTS = os.environ.get("LOAD_RESULTS", "")

_numbers = itertools.count()
_statuses: Counter[str] = Counter()
_jobs: list[dict[str, Any]] = []
_outcomes: Counter[str] = Counter()
_failures: Counter[str] = Counter()
_spawned = gevent.event.Event()


def source_address(number: int) -> str:
    """User ``number``'s own loopback address: 127.1.0.1, 127.1.0.2, … (never 127.0.0.1)."""
    return f"127.1.{number // 250}.{number % 250 + 1}"


class SourceAddressAdapter(HTTPAdapter):
    """Opens every connection from ``source`` (one client machine per user)."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Student(HttpUser):
    """One person: sign up, upload, follow, open the deck, study, leave."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.number = next(_numbers)
        if SOURCE_IPS == "distinct":
            adapter = SourceAddressAdapter(source_address(self.number))
            self.client.mount("http://", adapter)
        self.follow_by = "sse" if self.number % 2 else "poll"
        self.token = ""

    # --- helpers -------------------------------------------------------------------------
    def _headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **extra} if self.token else dict(extra)

    def _json(self, method: str, path: str, name: str, expect: tuple[int, ...], **kwargs: Any) -> Any:
        """A request that fails (in locust's figures) unless its status is one of ``expect``."""
        headers = {**self._headers(), **kwargs.pop("headers", {})}
        with self.client.request(
            method, path, name=name, headers=headers, timeout=TIMEOUT, catch_response=True, **kwargs
        ) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code} {response.text[:200]}")
                return None
            response.success()
            if response.status_code == 304 or not response.content:
                return {}
            return response.json()

    def _record(self, name: str, started: float, error: Exception | None = None) -> None:
        """A figure locust cannot time itself (a whole stream, a whole job)."""
        events.request.fire(  # type: ignore[no-untyped-call]
            request_type="FLOW",
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=error,
            context={},
        )

    # --- the scenario --------------------------------------------------------------------
    @task
    def study_session(self) -> None:
        email = f"load-{self.number}-{uuid.uuid4().hex[:8]}@example.com"
        account = self._json(
            "POST",
            "/api/v1/auth/register",
            "POST /api/v1/auth/register",
            (201,),
            json={"email": email, "password": "correct horse battery staple"},
        )
        if not account:
            self._stop("register")
        self.token = account["token"]
        self._json("GET", "/api/v1/auth/me", "GET /api/v1/auth/me", (200,))

        started = time.perf_counter()
        with DOCUMENT.open("rb") as document:
            job = self._json(
                "POST",
                "/api/v1/documents",
                "POST /api/v1/documents",
                (202,),
                files={"file": (DOCUMENT.name, document, "text/markdown")},
            )
        if not job:
            self._stop("upload")
        job_id = str(job["id"])
        record: dict[str, Any] = {"id": job_id, "user": self.number, "followed_by": self.follow_by}
        _jobs.append(record)

        final = self._follow_by_stream(job_id) if self.follow_by == "sse" else self._follow_by_polling(job_id)
        record["state"] = final.get("state") if final else None
        if not final or final.get("state") != "succeeded":
            self._record("job: upload to succeeded", started, RuntimeError(f"job ended {record['state']}"))
            self._stop("job")
        self._record("job: upload to succeeded", started)

        decks = self._json("GET", "/api/v1/decks", "GET /api/v1/decks", (200,))
        deck_id = final["deck_id"]
        if not decks or deck_id not in {deck["id"] for deck in decks["decks"]}:
            _failures["deck missing from GET /api/v1/decks"] += 1
            self._stop("decks")
        self._json("GET", f"/api/v1/decks/{deck_id}", "GET /api/v1/decks/{id}", (200,))
        queue = self._json("GET", f"/api/v1/decks/{deck_id}/study", "GET /api/v1/decks/{id}/study", (200,))
        if not queue or not queue["cards"]:
            _failures["empty study queue"] += 1
            self._stop("study")
        for card in queue["cards"][:REVIEWS]:
            self.wait()  # type: ignore[no-untyped-call]  # a person reads the card before answering
            answer = self._json(
                "POST",
                f"/api/v1/cards/{card['id']}/review",
                "POST /api/v1/cards/{id}/review",
                (200,),
                json={"rating": "good"},
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
            if not answer:
                self._stop("review")
        _outcomes["completed"] += 1
        raise StopUser()

    def _stop(self, stage: str) -> NoReturn:
        _outcomes[f"stopped at {stage}"] += 1
        raise StopUser()

    def _follow_by_polling(self, job_id: str) -> dict[str, Any] | None:
        """Poll as the web app does, sending the last ETag: unchanged answers are 304s."""
        etag: str | None = None
        job: dict[str, Any] | None = None
        deadline = time.monotonic() + FOLLOW_TIMEOUT_S
        while time.monotonic() < deadline:
            headers = {"If-None-Match": etag} if etag else {}
            with self.client.get(
                f"/api/v1/jobs/{job_id}",
                name="GET /api/v1/jobs/{id}",
                headers={**self._headers(), **headers},
                timeout=TIMEOUT,
                catch_response=True,
            ) as response:
                if response.status_code == 200:
                    response.success()
                    job = response.json()
                    etag = response.headers.get("ETag")
                elif response.status_code == 304:
                    response.success()
                else:
                    response.failure(f"{response.status_code} {response.text[:200]}")
                    return None
            if job is not None and job["state"] in TERMINAL:
                return job
            gevent.sleep(POLL_EVERY_S)
        return job

    def _follow_by_stream(self, job_id: str) -> dict[str, Any] | None:
        """Read the SSE stream to its end (reconnecting with Last-Event-ID, as EventSource does),
        then read the job once for its deck."""
        started = time.perf_counter()
        last_id: str | None = None
        ended = False
        deadline = time.monotonic() + FOLLOW_TIMEOUT_S
        while not ended and time.monotonic() < deadline:
            headers = {"Accept": "text/event-stream", **self._headers()}
            if last_id:
                headers["Last-Event-ID"] = last_id
            with self.client.get(
                f"/api/v1/jobs/{job_id}/events",
                name="GET /api/v1/jobs/{id}/events (first byte)",
                headers=headers,
                timeout=TIMEOUT,
                stream=True,
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code} {response.text[:200]}")
                    self._record("SSE: open to end event", started, RuntimeError(str(response.status_code)))
                    return None
                response.success()
                for raw in response.iter_lines():
                    line = raw.decode()
                    if line.startswith("id:"):
                        last_id = line[3:].strip()
                    elif line.startswith("data:"):
                        data = json.loads(line[5:])
                        if data.get("kind") == "end" or data.get("state") in TERMINAL:
                            ended = True
                            break
            if not ended:
                _statuses["sse reconnect"] += 1
                gevent.sleep(1.0)
        self._record("SSE: open to end event", started, None if ended else RuntimeError("no end event"))
        if not ended:
            return None
        job = self._json("GET", f"/api/v1/jobs/{job_id}", "GET /api/v1/jobs/{id}", (200,))
        return job if isinstance(job, dict) and job else None


def _count_status(
    request_type: str, response: Any = None, exception: Exception | None = None, **_: Any
) -> None:
    if request_type == "FLOW":  # our own figures, not HTTP answers
        return
    status = getattr(response, "status_code", None)
    if status:
        _statuses[str(status)] += 1
    elif exception is not None:
        _statuses["no answer"] += 1
        _failures[type(exception).__name__ + ": " + str(exception)[:120]] += 1


def _spawned_all(user_count: int, **_: Any) -> None:
    _spawned.set()


def _quit_when_everyone_left(environment: Environment, **_: Any) -> None:
    """Each user leaves after one session: quit once all are spawned and gone."""
    runner = environment.runner
    if not isinstance(runner, LocalRunner):
        return

    def watch() -> None:
        _spawned.wait()
        while runner.user_count > 0:
            gevent.sleep(0.5)
        runner.quit()

    gevent.spawn(watch)


def _write_results(environment: Environment, **_: Any) -> None:
    if not RESULTS:
        return
    stats = environment.stats
    endpoints = []
    for entry in sorted(stats.entries.values(), key=lambda e: (e.name, e.method or "")):
        endpoints.append(
            {
                "name": entry.name,
                "type": entry.method,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.50),
                "p95_ms": entry.get_response_time_percentile(0.95),
                "p99_ms": entry.get_response_time_percentile(0.99),
                "max_ms": entry.max_response_time,
            }
        )
    errors = [{"error": str(e.error)[:300], "occurrences": e.occurrences} for e in stats.errors.values()]
    Path(RESULTS).write_text(
        json.dumps(
            {
                "endpoints": endpoints,
                "statuses": dict(_statuses),
                "outcomes": dict(_outcomes),
                "failures": dict(_failures),
                "errors": errors,
                "jobs": _jobs,
                "users_started": next(_numbers),
            },
            indent=1,
        )
    )


events.request.add_listener(_count_status)  # type: ignore[no-untyped-call]
events.spawning_complete.add_listener(_spawned_all)  # type: ignore[no-untyped-call]
events.init.add_listener(_quit_when_everyone_left)  # type: ignore[no-untyped-call]
events.quitting.add_listener(_write_results)  # type: ignore[no-untyped-call]
