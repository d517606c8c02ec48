"""An upload accepted while Redis is down starts within seconds of Redis answering, exactly once.

Real parts: a redis-server of this test (stopped, then started again on its port), the
API (Flask test client), two real schedulers in threads racing to send the job.
"""

from __future__ import annotations

import io
import json
import threading
import uuid

import redis
from sqlmodel import Session

from config import Settings, load_settings
from models import Job
from models.db import make_engine
from taskqueue.broker import build_broker
from tests.database import migrate_head
from tests.stack import RedisServer, app_with, register, wait_for
from workers.scheduler import Scheduler

NOTES = b"Ownership is a set of rules that govern how a Rust program manages memory. " * 30


def _settings(settings: Settings, redis_url: str) -> Settings:
    return load_settings(
        **{
            **settings.model_dump(),
            "redis_url": redis_url,
            "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
            "resend_unsent_after_s": 1,
            # Only the unsent-job sender: no periodic task, no alert evaluation.
            "schedule_cleanup_s": 0,
            "schedule_reap_stuck_jobs_s": 0,
            "schedule_validate_provider_keys_s": 0,
            "schedule_flush_provider_usage_s": 0,
            "schedule_rollup_error_events_s": 0,
            "scheduler_tick_s": 0.2,
        },
        _env_file=None,
    )


def _ingest_messages(client: redis.Redis, namespace: str, job_id: str) -> int:
    bodies = client.hvals(f"{namespace}:documents.msgs")
    return sum(1 for b in bodies if json.loads(b)["args"] == [job_id])


def _enqueued_at(settings: Settings, job_id: str) -> object:
    engine = make_engine(settings)
    try:
        with Session(engine) as session:
            job = session.get(Job, job_id)
            assert job is not None
            return job.enqueued_at
    finally:
        engine.dispose()


def test_an_upload_accepted_while_redis_is_down_is_sent_once_when_it_is_back(
    settings: Settings, redis_server: RedisServer
) -> None:
    s = _settings(settings, redis_server.url)
    migrate_head(s)
    app = app_with(s)
    with app.test_client() as client:
        headers = register(client)
        redis_server.stop()
        response = client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (io.BytesIO(NOTES), "notes.txt")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 202, response.get_json()
    job_id = response.get_json()["id"]
    assert _enqueued_at(s, job_id) is None, "Redis was down: the message was not sent"

    schedulers = [
        Scheduler(s, redis.Redis.from_url(s.redis_url, socket_timeout=1), build_broker(s)) for _ in range(2)
    ]
    threads = [threading.Thread(target=sch.run) for sch in schedulers]
    for thread in threads:
        thread.start()
    try:
        # Redis still down: the schedulers keep trying, nothing is claimed.
        wait_for(lambda: all(sch._next_resend > 0 for sch in schedulers), 10, "a first attempt")
        assert _enqueued_at(s, job_id) is None
        redis_server.start()  # the same port and data directory
        wait_for(lambda: _enqueued_at(s, job_id) is not None, 15, "the job's message to be sent")
        client_r = redis.Redis.from_url(s.redis_url)
        # Both schedulers keep looking for a few more rounds: still one message.
        rounds = [sch._next_resend for sch in schedulers]
        wait_for(lambda: all(sch._next_resend > r + 2 for sch, r in zip(schedulers, rounds, strict=True)), 15)
        assert _ingest_messages(client_r, s.broker_namespace, job_id) == 1
    finally:
        for sch in schedulers:
            sch.stopping.set()
        for thread in threads:
            thread.join(timeout=30)


def test_a_running_job_whose_messages_were_lost_is_resumed_once(settings: Settings) -> None:
    from datetime import timedelta

    from sqlalchemy import update
    from sqlmodel import col

    from models import JobState, utcnow
    from tasks.maintenance_jobs import MaintenanceContext
    from tasks.reaper import resume_lost_jobs

    s = _settings(settings, str(settings.redis_url))
    migrate_head(s)
    with app_with(s).test_client() as client:
        response = client.post(
            "/api/v1/documents",
            headers=register(client),
            data={"file": (io.BytesIO(NOTES), "notes.txt")},
            content_type="multipart/form-data",
        )
    job_id = response.get_json()["id"]
    client_r = redis.Redis.from_url(s.redis_url)
    client_r.delete(f"{s.broker_namespace}:documents", f"{s.broker_namespace}:documents.msgs")  # lost
    engine = make_engine(s)
    old = utcnow() - timedelta(seconds=s.resume_lost_after_s + 5)
    with Session(engine) as session:
        session.execute(
            update(Job).where(col(Job.id) == job_id).values(state=JobState.RUNNING.value, heartbeat_at=old)
        )
        session.commit()
    broker = build_broker(s)
    # Two schedulers in a row: the first resumes it, the second finds it resumed and leaves it.
    ctx = MaintenanceContext(settings=s, engine=engine, redis=client_r, broker=broker)
    assert resume_lost_jobs(ctx) == 1
    assert resume_lost_jobs(ctx) == 0
    assert _ingest_messages(client_r, s.broker_namespace, job_id) == 1
    engine.dispose()
