"""Live progress over real HTTP: SSE with resume (Last-Event-ID), heartbeats, the per-process cap.

A real werkzeug server (threaded) in this process, a real Redis, and for the resume test a
real worker process finishing a real job.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlmodel import Session
from werkzeug.serving import make_server

from api import create_app
from api.auth import issue_token
from api.routes import jobs as jobs_routes
from config import Settings, load_settings
from errors import InternalError
from jobs.events import STAGE_LABELS, JobEvents, format_eta
from jobs.transitions import fail_job
from models import Document, Job, JobStage, JobState, User, utcnow
from models.db import make_engine
from redisconn.keys import job_events_key
from tasks.watch import SseEvent, format_progress, parse_sse
from tests.conftest import essays_excerpt, upload_job
from tests.database import migrate_head
from tests.stack import ROOT, register, settings_env, worker_process


def upload_essays(client, headers) -> str:
    """Upload the opening of the essays (many chunks: a job that runs long enough to watch)."""
    return upload_job(client, headers, essays_excerpt(), max_cards=300)


def stack(settings: Settings, **overrides: Any) -> Settings:
    fresh = load_settings(
        **{**settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}", **overrides},
        _env_file=None,
    )
    migrate_head(fresh)
    return fresh


@contextmanager
def http_server(settings: Settings) -> Iterator[tuple[str, int]]:
    """The app on a real threaded HTTP server on a free port."""
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.port
    finally:
        server.shutdown()
        thread.join(timeout=10)


class Stream:
    """One SSE connection read event by event (heartbeat comments are skipped by the parser)."""

    def __init__(self, address: tuple[str, int], job_id: str, token: str, last_id: str | None = None) -> None:
        self.conn = http.client.HTTPConnection(*address, timeout=60)
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last_id:
            headers["Last-Event-ID"] = last_id
        self.conn.request("GET", f"/api/v1/jobs/{job_id}/events", headers=headers)
        self.response = self.conn.getresponse()
        self.events: Iterator[SseEvent] = parse_sse(line.decode() for line in self.response)

    def next(self) -> SseEvent | None:
        return next(self.events, None)

    def close(self) -> None:
        self.response.close()  # the response holds the socket too
        self.conn.close()


def follow_to_the_end(stream: Stream, address: tuple[str, int], job_id: str, token: str) -> dict[str, Any]:
    """Read a stream as a browser's EventSource does: when it closes before the job's end (its
    lifetime, or a Redis read that failed on a loaded machine and was answered with a snapshot),
    reconnect with Last-Event-ID. The job's last state, from its end event or a final snapshot."""
    last: dict[str, Any] = {}
    last_id: str | None = None
    for _ in range(10):
        while (event := stream.next()) is not None:
            last = event.json()
            last_id = event.id or last_id
        stream.close()
        if last.get("state") in ("succeeded", "failed", "cancelled"):
            return last
        stream = Stream(address, job_id, token, last_id)
    return last


def id_tuple(event_id: str | None) -> tuple[int, int]:
    ms, _, seq = (event_id or "0-0").partition("-")
    return int(ms), int(seq)


def wait_streams_closed() -> None:
    """Slots are given back when the server notices a closed stream (on its next write)."""
    deadline = time.monotonic() + 30
    while jobs_routes.streams.open:
        assert time.monotonic() < deadline, f"{jobs_routes.streams.open} streams still open"
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _no_streams_left_open():
    wait_streams_closed()
    yield


def user_with_token(engine, settings: Settings) -> tuple[int, str]:
    with Session(engine) as session:
        user = User(email=f"{uuid.uuid4().hex[:8]}@example.com", password_hash="x")
        session.add(user)
        session.flush()
        token, _row = issue_token(session, settings, user)
        session.commit()
        assert user.id is not None
        return user.id, token


def make_job(engine, user_id: int, state: JobState = JobState.QUEUED) -> str:
    with Session(engine) as session:
        doc = Document(
            user_id=user_id, filename="a.txt", kind="text", size_bytes=1, sha256="0" * 64, storage_path="x"
        )
        session.add(doc)
        session.flush()
        job = Job(user_id=user_id, document_id=doc.id, state=state.value)
        session.add(job)
        session.commit()
        return job.id


def test_a_client_that_disconnects_mid_job_resumes_and_gets_every_missed_event_once(settings):
    s = stack(settings)
    engine = make_engine(s)
    app = create_app(s)
    client = app.test_client()
    headers = register(client)
    token = headers["Authorization"].removeprefix("Bearer ")
    job_id = upload_essays(client, headers)

    with http_server(s) as address, worker_process(s):
        first = Stream(address, job_id, token)
        assert first.response.status == 200
        assert first.response.getheader("Content-Type").startswith("text/event-stream")
        assert first.response.getheader("Cache-Control") in ("no-cache", "no-store")
        seen_first: list[SseEvent] = []
        while sum(1 for e in seen_first if e.json().get("kind") == "chunk") < 3:
            event = first.next()
            assert event is not None, "the stream ended before three chunks were done"
            seen_first.append(event)
        first.close()  # the client goes away mid-job
        assert seen_first[0].json()["kind"] == "snapshot"
        assert not any(e.json()["state"] in ("succeeded", "failed") for e in seen_first)
        done_at_disconnect = max(e.json()["progress"]["chunks_done"] for e in seen_first)

        # Events keep coming while nobody listens.
        deadline = time.monotonic() + 120
        while True:
            with Session(engine) as session:
                job = session.get(Job, job_id)
                assert job is not None
            if job.chunks_done >= done_at_disconnect + 3 or job.state != "running":
                break
            assert time.monotonic() < deadline, "the job stopped making progress"
            time.sleep(0.1)

        second = Stream(address, job_id, token, last_id=seen_first[-1].id)
        seen_second: list[SseEvent] = []
        while (event := second.next()) is not None:
            seen_second.append(event)
        second.close()

    stored = redis.Redis.from_url(s.redis_url).xrange(job_events_key(s.broker_namespace, job_id))
    all_ids = [entry_id.decode() for entry_id, _fields in stored]
    cursor = seen_first[0].id  # the snapshot's id: the stream position when the client connected
    first_ids = [e.id for e in seen_first[1:]]
    second_ids = [e.id for e in seen_second]
    assert seen_second, "the resumed stream sent nothing"
    assert all(e.json()["kind"] != "snapshot" for e in seen_second), "no snapshot needed: nothing was trimmed"
    assert len(second_ids) == len(set(second_ids)), "an event was sent twice"
    assert not set(first_ids) & set(second_ids), "an event seen before the disconnect came again"
    expected = [i for i in all_ids if id_tuple(i) > id_tuple(cursor)]
    assert first_ids + second_ids == expected, "every event after the snapshot exactly once, in order"
    last = seen_second[-1].json()
    assert last["kind"] == "end" and last["state"] == "succeeded"
    assert last["progress"]["chunks_done"] == last["progress"]["chunks_total"] > 5
    chunk_events = [e.json() for e in seen_first + seen_second if e.json()["kind"] == "chunk"]
    assert any(e["eta_s"] is not None for e in chunk_events), "chunk events carry an estimate of time left"
    assert "writing cards" in format_progress(chunk_events[0])
    engine.dispose()


def test_two_hundred_concurrent_streams_on_one_process_all_receive_the_terminal_event(settings):
    s = stack(settings, sse_max_streams=250, rate_limits_enabled=False)
    engine = make_engine(s)
    user_id, token = user_with_token(engine, s)
    job_id = make_job(engine, user_id)
    count = 200
    connected = threading.Semaphore(0)
    finals: dict[int, dict[str, Any]] = {}
    errors: list[BaseException] = []

    def follow(index: int, address: tuple[str, int]) -> None:
        try:
            stream = Stream(address, job_id, token)
            assert stream.response.status == 200, stream.response.read()
            snapshot = stream.next()
            assert snapshot is not None and snapshot.json()["kind"] == "snapshot"
            connected.release()
            finals[index] = follow_to_the_end(stream, address, job_id, token)
        except BaseException as exc:  # reported below
            errors.append(exc)
            connected.release()

    with http_server(s) as address:
        threads = [threading.Thread(target=follow, args=(i, address), daemon=True) for i in range(count)]
        for thread in threads:
            thread.start()
        for _ in range(count):
            assert connected.acquire(timeout=120), "not every stream connected"
        assert not errors, errors[:3]
        assert jobs_routes.streams.open == count

        conn = http.client.HTTPConnection(*address, timeout=30)
        conn.request("POST", f"/api/v1/jobs/{job_id}/cancel", headers={"Authorization": f"Bearer {token}"})
        answer = conn.getresponse()
        assert answer.status == 200, answer.read()
        assert json.loads(answer.read())["state"] == "cancelled"
        conn.close()
        for thread in threads:
            thread.join(timeout=120)

        assert not errors, errors[:3]
        assert len(finals) == count
        assert all(f["state"] == "cancelled" for f in finals.values()), [
            f for f in finals.values() if f["state"] != "cancelled"
        ][:3]
        wait_streams_closed()  # every slot is given back when its stream closes
    engine.dispose()


@pytest.fixture
def small(settings):
    s = stack(settings, sse_max_streams=1, sse_heartbeat_s=0.2)
    app = create_app(s)
    engine = make_engine(s)
    yield s, app, engine
    engine.dispose()


def test_over_the_stream_cap_answers_503_with_retry_after_and_the_job_can_still_be_polled(small):
    s, _app, engine = small
    user_id, token = user_with_token(engine, s)
    job_id = make_job(engine, user_id)
    with http_server(s) as address:
        held = Stream(address, job_id, token)
        assert held.next() is not None
        refused = Stream(address, job_id, token)
        assert refused.response.status == 503
        assert refused.response.getheader("Content-Type") == "application/problem+json"
        assert int(refused.response.getheader("Retry-After")) >= 1
        assert json.loads(refused.response.read())["code"] == "stream_limit_reached"
        refused.close()
        conn = http.client.HTTPConnection(*address, timeout=10)
        conn.request("GET", f"/api/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"})
        assert conn.getresponse().status == 200
        conn.close()
        held.close()


def test_an_idle_stream_sends_heartbeats_and_a_finished_job_ends_after_its_snapshot(small):
    s, _app, engine = small
    user_id, token = user_with_token(engine, s)
    job_id = make_job(engine, user_id, JobState.RUNNING)
    with http_server(s) as address:
        stream = Stream(address, job_id, token)
        raw = b""
        while raw.count(b": heartbeat") < 2:
            raw += stream.response.readline()
        stream.close()
        wait_streams_closed()
        # The job ends while nobody listens, and its end event is lost (Redis hiccup):
        # the database still ends the stream.
        assert fail_job(engine, job_id, InternalError("boom"))
        late = Stream(address, job_id, token)
        events = []
        while (event := late.next()) is not None:
            events.append(event.json())
        late.close()
    assert [e["kind"] for e in events] == ["snapshot"]
    assert events[0]["state"] == "failed" and events[0]["error"]["code"] == "internal_error"


def test_stream_inputs_are_checked(small):
    s, app, engine = small
    user_id, token = user_with_token(engine, s)
    _other_id, other_token = user_with_token(engine, s)
    job_id = make_job(engine, user_id)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    bad = client.get(f"/api/v1/jobs/{job_id}/events", headers={**auth, "Last-Event-ID": "yesterday"})
    assert bad.status_code == 422 and bad.get_json()["code"] == "validation_failed"
    assert bad.get_json()["invalid_params"][0]["name"] == "Last-Event-ID"
    bad_query = client.get(f"/api/v1/jobs/{job_id}/events?last_event_id=1-2-3", headers=auth)
    assert bad_query.status_code == 422
    other = client.get(f"/api/v1/jobs/{job_id}/events", headers={"Authorization": f"Bearer {other_token}"})
    assert other.status_code == 404 and other.get_json()["code"] == "not_found"
    missing = client.get(f"/api/v1/jobs/{uuid.uuid4().hex}/events", headers=auth)
    assert missing.status_code == 404
    anonymous = client.get(f"/api/v1/jobs/{job_id}/events")
    assert anonymous.status_code == 401


def test_a_resume_after_trimmed_events_gets_a_snapshot_first(small):
    s, _app, engine = small
    user_id, token = user_with_token(engine, s)
    job_id = make_job(engine, user_id, JobState.RUNNING)
    events = JobEvents(redis.Redis.from_url(s.redis_url), s.broker_namespace, maxlen=10)
    first = events.publish(job_id, "stage", {"state": "running", "stage": "generating"})
    assert first is not None
    for _ in range(200):  # far past MAXLEN: the event after `first` is trimmed away
        events.client.xadd(
            job_events_key(s.broker_namespace, job_id),
            {"kind": "chunk", "data": "{}"},
            maxlen=10,
            approximate=False,
        )
    with Session(engine) as session:
        job = session.get(Job, job_id)
        job.state, job.finished_at = "succeeded", utcnow() + timedelta(seconds=1)
        session.add(job)
        session.commit()
    with http_server(s) as address:
        stream = Stream(address, job_id, token, last_id=first)
        got = []
        while (event := stream.next()) is not None:
            got.append((event.id, event.json()))
        stream.close()
    assert got[0][0] is None and got[0][1]["kind"] == "snapshot" and got[0][1]["state"] == "succeeded"
    assert 1 < len(got) <= 20  # then what the stream still holds


def test_publishing_never_fails_a_job_when_redis_is_unreachable(settings):
    s = stack(settings)
    engine = make_engine(s)
    user_id, _token = user_with_token(engine, s)
    job_id = make_job(engine, user_id, JobState.RUNNING)
    dead = JobEvents(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5), s.broker_namespace)
    assert dead.publish(job_id, "stage", {"state": "running"}) is None
    assert fail_job(engine, job_id, InternalError("boom"), dead)
    with Session(engine) as session:
        assert session.get(Job, job_id).state == "failed"
    engine.dispose()


def js_stage_labels() -> dict[str, str]:
    """STAGE_LABELS of web/src/lib/stages.ts (the web app's copy for servers without stage_label)."""
    source = (Path(ROOT) / "web" / "src" / "lib" / "stages.ts").read_text()
    body = re.search(r"export const STAGE_LABELS = \{(.*?)\};", source, re.S)
    assert body, "web/src/lib/stages.ts no longer declares STAGE_LABELS"
    return dict(re.findall(r'^\s*(\w+): "([^"]*)",?$', body.group(1), re.M))


def test_the_cli_and_the_web_app_share_one_stage_table_and_eta_wording():
    assert js_stage_labels() == STAGE_LABELS
    assert set(STAGE_LABELS) == {s.value for s in JobStage}
    # The same cases as web/src/lib/stages.test.ts (formatEta).
    cases = {0: "about 1 s left", 42: "about 42 s left", 59.4: "about 59 s left", 90: "about 2 min left",
             150: "about 3 min left", 3600: "about 60 min left"}  # fmt: skip
    assert {s: format_eta(s) for s in cases} == cases
    assert format_eta(None) == ""


def test_every_event_carries_its_stage_label(settings):
    s = stack(settings)
    events = JobEvents(redis.Redis.from_url(s.redis_url), s.broker_namespace)
    assert events.publish("job-x", "chunk", {"state": "running", "stage": "generating"})
    assert events.publish("job-x", "stage", {"state": "running", "stage": "later", "stage_label": "kept"})
    stored = events.client.xrange(job_events_key(s.broker_namespace, "job-x"))
    labels = [json.loads(fields[b"data"])["stage_label"] for _id, fields in stored]
    assert labels == ["writing cards", "kept"]
    line = format_progress({"state": "running", "stage": "parsing", "eta_s": 150})
    assert "reading the document" in line and "about 3 min left" in line
    reading = {"state": "running", "stage": "parsing", "message": "reading: 12 of 300 pages, 40,000 chars"}
    assert "reading: 12 of 300 pages" in format_progress(reading), "jobs watch shows pages as they are read"
    done = {"state": "succeeded", "stage": "done", "message": "reading: 300 of 300 pages"}
    assert "reading" not in format_progress(done), "a finished job's line does not repeat a stale message"


def test_deckhand_jobs_watch_follows_a_real_job_to_its_end(settings):
    s = stack(settings, rate_limits_enabled=False)
    client = create_app(s).test_client()
    headers = register(client)
    token = headers["Authorization"].removeprefix("Bearer ")
    job_id = upload_essays(client, headers)
    command = [sys.executable, "-c", "from cli import main; main()", "jobs", "watch", job_id]
    with http_server(s) as (host, port), worker_process(s):
        watch = subprocess.run(
            [*command, "--url", f"http://{host}:{port}"],
            cwd=ROOT, env=settings_env(s, DECKHAND_TOKEN=token),
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert watch.returncode == 0, watch.stderr[-2000:]
    lines = watch.stdout.strip().splitlines()
    assert lines[-1].startswith("succeeded") and "done" in lines[-1], lines[-3:]
    generating = [line for line in lines if "writing cards" in line]
    assert generating, lines[:5]
    assert any(re.search(r"about \d+ (s|min) left", line) for line in generating), "time left is shown"
    assert any(re.search(r"\d+/\d+ chunks \(\d+%\)", line) for line in generating)
    with Session(make_engine(s)) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.state == "succeeded"
        assert f"{job.cards_count} cards" in lines[-1]
