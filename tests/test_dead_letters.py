"""Dead letters mean trouble: a document's own fault is acknowledged, a system failure is kept.

Real parts: the API (test client), Redis, the database and the worker's actors and middleware
(in the test process, tests/inprocess.py) for the user-fault documents; an in-process Dramatiq
worker on the real broker and a bare middleware stack for the crash loop (an actor that
fails on every delivery), whose dead letter must carry its error and traceback, and whose
requeue must visibly bring its job back.
"""

from __future__ import annotations

import time
import uuid

import dramatiq
import pytest
import redis
from sqlmodel import Session

from api import create_app
from config import Settings, load_settings
from jobs.transitions import fail_job
from models import Job
from models.db import make_engine
from ops import alerts, queues
from ops.requeue import requeue_dead_letter
from ops.snapshot import collect_snapshot
from redisconn.keys import QueueKeys
from taskqueue.broker import build_broker
from taskqueue.names import ALL_QUEUES, INGEST
from tests.conftest import corpus_file
from tests.database import migrate_head
from tests.inprocess import in_process_worker
from tests.stack import register, wait_for, wait_for_job
from tests.test_worker_recovery import make_job
from workers.middleware import JobTracking

pytestmark = pytest.mark.slow

USER_FAULTS = [
    ("pdf-encrypted-rc4-user-password-libreoffice.pdf", "pdf_encrypted"),
    ("pdf-scanned-image-only-huck-finn-p22.pdf", "no_text_layer"),
    ("docx-hostile-zipbomb-zbsm-renamed.docx", "archive_bomb"),
]


@pytest.fixture
def stack_settings(settings: Settings) -> Settings:
    fresh = load_settings(
        **{
            **settings.model_dump(),
            "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
            "alert_dead_letter_growth": 1,  # one dead letter would fire the alert
            "alert_error_rate_min_jobs": 1,
        },
        _env_file=None,
    )
    migrate_head(fresh)
    return fresh


def _dead_total(client: redis.Redis, namespace: str) -> int:
    return sum(int(client.zcard(QueueKeys(namespace, q).dead)) for q in ALL_QUEUES)


def test_documents_at_fault_fail_their_jobs_and_leave_no_dead_letter(stack_settings: Settings) -> None:
    app = create_app(stack_settings)
    client = redis.Redis.from_url(stack_settings.redis_url or "")
    ns = stack_settings.broker_namespace
    with app.test_client() as http, in_process_worker(stack_settings) as worker:
        headers = register(http)
        jobs = {}
        for name, code in USER_FAULTS:
            with open(corpus_file(name), "rb") as fh:
                response = http.post(
                    "/api/v1/documents",
                    headers=headers,
                    data={"file": (fh, name)},
                    content_type="multipart/form-data",
                )
            if response.status_code != 202:  # refused at upload: also the user's fault, also no message
                assert response.status_code in (413, 415, 422), response.get_data(as_text=True)
                assert response.get_json()["code"] == code
                continue
            jobs[response.get_json()["id"]] = code
        for job_id, code in jobs.items():
            body = wait_for_job(http, job_id, headers)
            assert body["state"] == "failed" and body["error"]["code"] == code, body
        # Acknowledged, not dead-lettered: every queue's ready list and hash drain to nothing.
        wait_for(
            lambda: all(
                s.ready == 0 and s.in_flight == 0 and s.delayed == 0
                for s in queues.overview(client, ns, list(ALL_QUEUES))
            ),
            timeout_s=30,
            what="the queues to drain",
        )
        assert worker.alive()
    assert jobs, "every document was refused at upload; nothing reached a worker"
    assert _dead_total(client, ns) == 0
    engine = make_engine(stack_settings)
    try:
        snapshot = collect_snapshot(stack_settings, client, engine)
        fired = {c.rule for c in alerts.evaluate(snapshot, stack_settings)}
    finally:
        engine.dispose()
    assert "dead_letters" not in fired and "error_rate" not in fired, fired


def test_a_crash_looping_message_is_dead_lettered_with_its_traceback_and_requeue_brings_the_job_back(
    stack_settings: Settings,
) -> None:
    engine = make_engine(stack_settings)
    job_id = make_job(engine)
    client = redis.Redis.from_url(stack_settings.redis_url or "")
    ns = stack_settings.broker_namespace
    tracking = JobTracking(
        redis_client=client,
        fail_job=lambda jid, err: fail_job(engine, jid, err),
        max_deliveries=3,
        job_actors=frozenset({INGEST.actor_name}),
        namespace=ns,
    )
    broker = build_broker(stack_settings, extra_middleware=[tracking])

    @dramatiq.actor(
        broker=broker, actor_name=INGEST.actor_name, queue_name=INGEST.queue_name, max_retries=2,
        min_backoff=10, max_backoff=50,
    )  # fmt: skip
    def ingest_document(job_id: str) -> None:
        raise RuntimeError(f"parser state corrupted for {job_id}")

    message = broker.enqueue(ingest_document.message(job_id))
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        wait_for(lambda: _dead_total(client, ns) == 1, timeout_s=30, what="the dead letter")
    finally:
        worker.stop()

    page = queues.dead_letters(client, ns, INGEST.queue_name)
    (dead,) = page.items
    assert dead.message_id == message.message_id
    assert dead.error == f"RuntimeError: parser state corrupted for {job_id}"
    assert "Traceback (most recent call last)" in dead.traceback and "ingest_document" in dead.traceback
    assert dead.retries == 3  # Dramatiq counts the last failed attempt too: 1 + max_retries
    with Session(engine) as session:
        assert session.get(Job, job_id).state == "failed"

    # The alert counts it.
    snapshot = collect_snapshot(stack_settings, client, engine)
    assert "dead_letters" in {c.rule for c in alerts.evaluate(snapshot, stack_settings)}

    # Requeue by the message id the dashboard shows: the job is queued again, the letter gone.
    requeued = requeue_dead_letter(
        broker=broker,
        client=client,
        engine=engine,
        events=None,
        namespace=ns,
        queue=INGEST.queue_name,
        ident=dead.message_id,
    )
    assert requeued.job_id == job_id and requeued.job_state == "queued"
    assert requeued.summary() == f"Requeued message {dead.message_id}; job {job_id} is now queued."
    assert _dead_total(client, ns) == 0
    assert int(client.llen(QueueKeys(ns, INGEST.queue_name).ready)) == 1
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.state == "queued" and job.error_code is None
    engine.dispose()
    time.sleep(0)  # nothing left running: the worker was stopped above
