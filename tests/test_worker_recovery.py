"""Crashes: a killed worker's work comes back, and a message that keeps killing its worker is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import dramatiq
import pytest
import redis
from dramatiq.middleware import CurrentMessage
from sqlmodel import Session, func, select

from api import create_app
from config import load_settings
from jobs.transitions import fail_job
from models import Card, ChunkResult, Document, Job, JobState, User
from models.db import make_engine
from ops import queues
from taskqueue.broker import build_broker
from taskqueue.names import INGEST
from tests.conftest import essays_excerpt, upload_job
from tests.database import migrate_head
from tests.stack import ROOT, register, settings_env, stop_process_group, wait_for_job
from workers.middleware import JobTracking

pytestmark = pytest.mark.slow


@pytest.fixture
def fast_redelivery(settings):
    """Settings whose brokers presume a silent worker dead after 2 s and check on every call."""
    fast = load_settings(
        **{
            **settings.model_dump(),
            "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
            "broker_heartbeat_timeout_ms": 2000,
            "broker_maintenance_chance": 1_000_000,
            "worker_threads": 1,
        },
        _env_file=None,
    )
    migrate_head(fast)
    return fast


def make_job(engine, state=JobState.RUNNING) -> str:
    with Session(engine) as session:
        user = User(email=f"{uuid.uuid4().hex[:8]}@example.com", password_hash="x")
        session.add(user)
        session.flush()
        doc = Document(
            user_id=user.id, filename="a.txt", kind="text", size_bytes=1, sha256="0" * 64, storage_path="x"
        )
        session.add(doc)
        session.flush()
        job = Job(user_id=user.id, document_id=doc.id, state=state.value)
        session.add(job)
        session.commit()
        return job.id


def test_a_message_delivered_too_often_fails_its_job_and_is_dead_lettered(fast_redelivery):
    # Given a worker with the delivery limit at 3, and an ingest message for a running job
    engine = make_engine(fast_redelivery)
    job_id = make_job(engine)
    client = redis.Redis.from_url(fast_redelivery.redis_url)
    tracking = JobTracking(
        redis_client=client,
        fail_job=lambda jid, err: fail_job(engine, jid, err),
        max_deliveries=3,
        job_actors=frozenset({INGEST.actor_name}),
        namespace=fast_redelivery.broker_namespace,
    )
    broker = build_broker(fast_redelivery, extra_middleware=[tracking])
    runs = []

    @dramatiq.actor(broker=broker, actor_name=INGEST.actor_name, queue_name=INGEST.queue_name, max_retries=0)
    def ingest_document(job_id: str) -> None:
        runs.append(CurrentMessage.get_current_message().message_id)

    # When the same message (same id, as after a crash) is delivered four times
    message = ingest_document.message(job_id)
    for _ in range(4):
        broker.enqueue(message.copy(options={}))
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while (
            client.zcard(f"{fast_redelivery.broker_namespace}:documents.XQ") == 0
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
    finally:
        worker.stop()

    # Then the first three ran, the fourth was refused, and the job says why
    assert runs == [message.message_id] * 3
    assert client.zcard(f"{fast_redelivery.broker_namespace}:documents.XQ") == 1
    # The dead letter says why (a killed worker leaves no Python traceback: the text says so).
    (dead,) = queues.dead_letters(client, fast_redelivery.broker_namespace, INGEST.queue_name).items
    assert dead.error.startswith("JobDeliveryExhausted: Processing stopped after 3 crashes")
    assert "No Python traceback" in dead.traceback
    with Session(engine) as session:
        job = session.get(Job, job_id)
    assert job.state == "failed" and job.error_code == "job_delivery_exhausted"
    assert job.error_hint
    engine.dispose()


def test_a_sigkilled_worker_s_job_still_finishes_without_duplicate_cards(fast_redelivery):
    app = create_app(fast_redelivery)
    client = app.test_client()
    headers = register(client)
    job_id = upload_job(client, headers, essays_excerpt(), max_cards=300)
    command = [sys.executable, "-m", "dramatiq", "workers.main", "--processes", "1", "--threads", "1"]
    env = settings_env(fast_redelivery)

    # A worker is killed (SIGKILL, the whole process group) in the middle of the job
    first = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        # Polled in the database, not the API: this loop is tight and the API is rate limited.
        engine = make_engine(fast_redelivery)
        deadline = time.monotonic() + 90
        while True:
            with Session(engine) as session:
                job = session.get(Job, job_id)
                assert job is not None
                if job.chunks_done >= 2:
                    break
            assert time.monotonic() < deadline, (job.state, job.stage, job.chunks_done)
            time.sleep(0.05)
        engine.dispose()
        body = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    done_at_kill = body["progress"]["chunks_done"]
    assert done_at_kill < body["progress"]["chunks_total"], (
        "the job finished before the kill; use a longer document"
    )

    # A new worker picks the job up and finishes it
    # ("within about a minute": the wait's deadline, not a timing measurement)
    second = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        final = wait_for_job(client, job_id, headers, timeout_s=60)
    finally:
        stop_process_group(second)

    assert final["state"] == "succeeded", final
    engine = make_engine(fast_redelivery)
    with Session(engine) as session:
        cards = session.exec(select(Card.chunk_index, Card.position).where(Card.job_id == job_id)).all()
        per_chunk = session.exec(
            select(func.sum(ChunkResult.cards_count)).where(ChunkResult.job_id == job_id)
        ).one()
    assert len(cards) == len(set(cards)), "no chunk's cards were written twice"
    assert len(cards) <= per_chunk
    assert final["cards_count"] == len(cards)
    engine.dispose()
