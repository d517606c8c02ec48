"""Maintenance against real rows, real files and a real Redis; the reaper with a SIGKILLed worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import dramatiq
import pytest
import redis
from sqlalchemy import update
from sqlmodel import Session, col, func, select

from api import create_app
from config import load_settings
from jobs.events import JobEvents
from models import ApiToken, Card, ChunkResult, Deck, Document, Job, User, utcnow
from models.db import make_engine
from models.error_event import ErrorEvent
from ops.alerts import active_alerts
from providers.config import fingerprint
from providers.fakes import FakeLLMServer
from providers.store import RedisGuard
from providers.usage import UsageRecorder
from redisconn.keys import maintenance_run_key
from taskqueue.broker import build_broker, enqueue
from taskqueue.names import FINALIZE, GENERATE, INGEST
from tasks import cleanup, reaper
from tasks import maintenance_jobs as mj
from tests.conftest import essays_excerpt, upload_job
from tests.database import migrate_head
from tests.ops.conftest import dead_letter, fetch_one
from tests.stack import ROOT, register, settings_env, stop_process_group, wait_for_job


@pytest.fixture
def ctx(settings):
    s = load_settings(
        **{
            **settings.model_dump(),
            "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
            "rate_limits_enabled": False,
        },
        _env_file=None,
    )
    migrate_head(s)
    engine = make_engine(s)
    client = redis.Redis.from_url(s.redis_url)
    yield mj.MaintenanceContext(
        settings=s,
        engine=engine,
        redis=client,
        broker=build_broker(s),
        events=JobEvents(client, s.broker_namespace),
    )
    engine.dispose()


def make_user(session: Session) -> User:
    user = User(email=f"{uuid.uuid4().hex[:8]}@example.com", password_hash="x")
    session.add(user)
    session.flush()
    return user


def make_upload(ctx, user_id: int, *, age_days: float, state: str, ready: bool = True) -> dict[str, str]:
    """A document with its file on disk, a deck with one card, and a job in ``state``."""
    doc_id = uuid.uuid4().hex
    storage = f"{user_id}/{doc_id}"
    path = ctx.settings.uploads_dir / storage
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"some text")
    created = utcnow() - timedelta(days=age_days)
    with Session(ctx.engine) as session:
        session.add(
            Document(
                id=doc_id,
                user_id=user_id,
                filename="a.txt",
                kind="text",
                size_bytes=9,
                sha256="0" * 64,
                storage_path=storage,
                created_at=created,
            )
        )
        session.flush()
        deck = Deck(user_id=user_id, document_id=doc_id, title="t", ready=ready)
        session.add(deck)
        session.flush()
        finished = created if state in ("succeeded", "failed", "cancelled") else None
        job = Job(
            user_id=user_id,
            document_id=doc_id,
            deck_id=deck.id,
            state=state,
            created_at=created,
            finished_at=finished,
        )
        session.add(job)
        session.flush()
        session.add(ChunkResult(job_id=job.id, chunk_index=0, status="done"))
        card = Card(
            user_id=user_id, deck_id=deck.id, job_id=job.id, kind="basic", front="f", back="b", guid="g"
        )
        session.add(card)
        session.commit()
        return {"doc": doc_id, "deck": deck.id, "job": job.id, "card": card.id, "path": str(path)}


def test_cleanup_removes_expired_uploads_and_keeps_live_ones_and_finished_decks(ctx):
    with Session(ctx.engine) as session:
        user_id = make_user(session).id
        session.commit()
    expired = make_upload(ctx, user_id, age_days=40, state="succeeded")
    expired_failed = make_upload(ctx, user_id, age_days=40, state="failed", ready=False)
    expired_but_running = make_upload(ctx, user_id, age_days=40, state="running")
    live = make_upload(ctx, user_id, age_days=1, state="succeeded")
    orphan_old = ctx.settings.uploads_dir / str(user_id) / "orphan-old"
    orphan_old.write_bytes(b"x")
    os.utime(orphan_old, (time.time() - 7200, time.time() - 7200))
    orphan_new = ctx.settings.uploads_dir / str(user_id) / "orphan-new"
    orphan_new.write_bytes(b"x")
    scratch = ctx.settings.data_dir / "tmp"  # a worker killed mid-parse leaves its copy here
    scratch.mkdir(parents=True, exist_ok=True)
    scratch_old, scratch_new = scratch / "doc-old", scratch / "doc-new"
    scratch_old.write_bytes(b"x")
    scratch_new.write_bytes(b"x")
    os.utime(scratch_old, (time.time() - 7200, time.time() - 7200))
    with Session(ctx.engine) as session:
        now = utcnow()
        session.add(ApiToken(user_id=user_id, token_hash="a" * 64, expires_at=now - timedelta(days=30)))
        session.add(ApiToken(user_id=user_id, token_hash="b" * 64, expires_at=now + timedelta(days=30)))
        session.commit()

    result = mj.run_recorded(ctx, "cleanup", cleanup.cleanup)

    assert result["uploads_deleted"] == 2 and result["upload_files_deleted"] == 2
    assert result["tokens_deleted"] == 1 and result["orphan_files_deleted"] == 1
    assert not os.path.exists(expired["path"]) and not os.path.exists(expired_failed["path"])
    assert os.path.exists(live["path"]) and os.path.exists(expired_but_running["path"])
    assert not orphan_old.exists() and orphan_new.exists()
    assert result["scratch_files_deleted"] == 1 and not scratch_old.exists() and scratch_new.exists()
    with Session(ctx.engine) as session:
        assert session.get(Document, expired["doc"]) is None
        assert session.get(Job, expired["job"]) is None
        kept_deck = session.get(Deck, expired["deck"])
        assert kept_deck is not None and kept_deck.document_id is None, "a finished deck outlives its upload"
        assert session.get(Card, expired["card"]).job_id is None
        assert session.get(Deck, expired_failed["deck"]) is None, "an unfinished deck goes with its job"
        assert session.get(Document, expired_but_running["doc"]) is not None
        assert session.get(Job, expired_but_running["job"]) is not None
        assert session.get(Document, live["doc"]) is not None
        assert session.exec(select(func.count()).select_from(ApiToken)).one() == 1
    record = {
        k.decode(): v.decode()
        for k, v in ctx.redis.hgetall(maintenance_run_key(ctx.settings.broker_namespace, "cleanup")).items()
    }
    assert record["last_status"] == "ok" and record["runs"] == "1"
    assert json.loads(record["last_result"])["uploads_deleted"] == 2

    again = mj.run_recorded(ctx, "cleanup", cleanup.cleanup)  # nothing left to do, and no harm
    assert again["uploads_deleted"] == 0 and again["tokens_deleted"] == 0


def test_cleanup_deletes_old_finished_jobs_but_not_their_decks(ctx):
    s = load_settings(
        **{**ctx.settings.model_dump(), "upload_retention_days": 3650, "job_retention_days": 30}
    )
    ctx.settings = s
    with Session(ctx.engine) as session:
        user_id = make_user(session).id
        session.commit()
    old = make_upload(ctx, user_id, age_days=60, state="succeeded")
    recent = make_upload(ctx, user_id, age_days=2, state="succeeded")
    result = cleanup.cleanup(ctx)
    assert result["old_jobs_deleted"] == 1 and result["uploads_deleted"] == 0
    with Session(ctx.engine) as session:
        assert session.get(Job, old["job"]) is None and session.get(Job, recent["job"]) is not None
        assert session.get(Deck, old["deck"]) is not None and session.get(Document, old["doc"]) is not None
        assert session.exec(select(ChunkResult).where(ChunkResult.job_id == old["job"])).first() is None


def ingest_messages(ctx) -> list[str]:
    bodies = ctx.redis.hvals(f"{ctx.settings.broker_namespace}:documents.msgs")
    return [json.loads(b)["args"][0] for b in bodies]


def test_the_reaper_resumes_stale_jobs_fails_hopeless_ones_and_resends_lost_messages(ctx):
    with Session(ctx.engine) as session:
        user_id = make_user(session).id
        session.commit()
    stale = make_upload(ctx, user_id, age_days=1, state="running")
    hopeless = make_upload(ctx, user_id, age_days=1, state="running")
    lost = make_upload(ctx, user_id, age_days=1, state="queued")
    waiting = make_upload(ctx, user_id, age_days=1, state="queued")
    fresh = make_upload(ctx, user_id, age_days=0, state="running")
    long_ago = utcnow() - timedelta(hours=2)
    with Session(ctx.engine) as session:
        session.execute(
            update(Job)
            .where(col(Job.id).in_([stale["job"], hopeless["job"]]))
            .values(heartbeat_at=long_ago, attempts=1)
        )
        session.execute(
            update(Job).where(col(Job.id) == hopeless["job"]).values(attempts=ctx.settings.reap_max_attempts)
        )
        session.execute(update(Job).where(col(Job.id) == fresh["job"]).values(heartbeat_at=utcnow()))
        session.commit()
    from taskqueue.broker import enqueue
    from taskqueue.names import INGEST

    enqueue(ctx.broker, INGEST, waiting["job"])  # its message is in the queue: leave it

    result = reaper.reap_stuck_jobs(ctx)

    assert result == {"running_requeued": 1, "running_failed": 1, "running_waiting": 0, "queued_requeued": 1}
    assert sorted(ingest_messages(ctx)) == sorted([waiting["job"], stale["job"], lost["job"]])
    with Session(ctx.engine) as session:
        failed = session.get(Job, hopeless["job"])
        assert failed.state == "failed" and failed.error_code == "job_stalled" and failed.error_hint
        assert session.get(Job, stale["job"]).heartbeat_at > long_ago
    assert reaper.reap_stuck_jobs(ctx) == {
        "running_requeued": 0, "running_failed": 0, "running_waiting": 0, "queued_requeued": 0
    }  # fmt: skip


@pytest.mark.slow
def test_a_sigkilled_worker_s_job_is_resumed_by_the_reaper_without_duplicate_cards(ctx):
    # Dramatiq's own redelivery is made slow here, so the reaper is what brings the job back.
    s = load_settings(
        **{
            **ctx.settings.model_dump(),
            "broker_heartbeat_timeout_ms": 600_000,
            "broker_maintenance_chance": 1,
        }
    )
    ctx.settings = s
    client = create_app(s).test_client()
    headers = register(client)
    job_id = upload_job(client, headers, essays_excerpt(), max_cards=300)
    command = [sys.executable, "-m", "dramatiq", "workers.main", "--processes", "1", "--threads", "1"]
    env = settings_env(s)
    first = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()["progress"]["chunks_done"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    # The killed worker's messages are stuck in its ack set: flush them from the ready queue view
    # so only the reaper can bring the job back, then reap as if the heartbeat were long stale.
    ctx.redis.delete(f"{s.broker_namespace}:cards", f"{s.broker_namespace}:cards.msgs")
    result = reaper.reap_stuck_jobs(ctx, now=utcnow() + timedelta(seconds=s.reap_running_after_s + 60))
    assert result["running_requeued"] == 1

    second = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        final = wait_for_job(client, job_id, headers, timeout_s=120)
    finally:
        stop_process_group(second)
    assert final["state"] == "succeeded", final
    with Session(ctx.engine) as session:
        cards = session.exec(select(Card.chunk_index, Card.position).where(Card.job_id == job_id)).all()
        job = session.get(Job, job_id)
    assert len(cards) == len(set(cards)), "no chunk's cards were written twice"
    assert job.attempts == 2 and final["cards_count"] == len(cards)


def stale_running(ctx, user_id: int, count: int) -> list[str]:
    """``count`` running jobs whose heartbeat is two hours old (claimed once)."""
    ids = [make_upload(ctx, user_id, age_days=1, state="running")["job"] for _ in range(count)]
    with Session(ctx.engine) as session:
        session.execute(
            update(Job)
            .where(col(Job.id).in_(ids))
            .values(heartbeat_at=utcnow() - timedelta(hours=2), attempts=1)
        )
        session.commit()
    return ids


def test_the_reaper_leaves_stale_jobs_whose_chunks_still_wait_in_the_broker(ctx):
    with Session(ctx.engine) as session:
        user_id = make_user(session).id
        session.commit()
    ready, delayed, in_flight, finalizing, dead, lost = stale_running(ctx, user_id, 6)
    dead_letter(ctx.broker, GENERATE.queue_name, GENERATE.actor_name, (dead, 0))  # never coming back
    enqueue(ctx.broker, GENERATE, in_flight, 0)
    fetched = fetch_one(ctx.broker, GENERATE.queue_name)  # a worker holds it, unacked
    assert fetched.args == (in_flight, 0)
    enqueue(ctx.broker, GENERATE, ready, 3)  # behind a backlog: ready, not yet fetched
    ctx.broker.enqueue(  # a chunk waiting out a provider's Retry-After: the delay queue
        dramatiq.Message(queue_name=GENERATE.queue_name, actor_name=GENERATE.actor_name,
                         args=(delayed, 1), kwargs={}, options={}),
        delay=3_600_000,
    )  # fmt: skip
    enqueue(ctx.broker, FINALIZE, finalizing)

    result = reaper.reap_stuck_jobs(ctx)

    assert result["running_waiting"] == 4 and result["running_requeued"] == 2
    resent = sorted(ingest_messages(ctx))
    assert resent == sorted([dead, lost]), "only jobs with no message left were resumed"
    with Session(ctx.engine) as session:
        for job_id in (ready, delayed, in_flight, finalizing):
            job = session.get(Job, job_id)
            assert job.state == "running" and job.heartbeat_at < utcnow() - timedelta(hours=1)


def test_job_ids_with_messages_reads_ready_delayed_and_in_flight_bodies(ctx):
    ns = ctx.settings.broker_namespace
    enqueue(ctx.broker, GENERATE, "job-ready", 0)
    enqueue(ctx.broker, INGEST, "job-ingest")
    enqueue(ctx.broker, FINALIZE, "job-final")
    assert reaper.job_ids_with_messages(ctx.redis, ns, [GENERATE]) == {"job-ready"}
    assert reaper.job_ids_with_messages(ctx.redis, ns, [GENERATE, FINALIZE, INGEST]) == {
        "job-ready", "job-final", "job-ingest"
    }  # fmt: skip
    assert reaper.queued_ingest_job_ids(ctx.redis, ns) == {"job-ingest"}


def run_record(ctx, task: str) -> dict[str, str]:
    raw = ctx.redis.hgetall(maintenance_run_key(ctx.settings.broker_namespace, task))
    return {k.decode(): v.decode() for k, v in raw.items()}


def test_rollup_error_events_is_recorded_and_prunes_but_leaves_the_alerts_to_the_scheduler(ctx):
    ctx.settings = load_settings(
        **{**ctx.settings.model_dump(), "schedule_rollup_error_events_s": 3600, "alert_heartbeat_s": 1}
    )
    old = utcnow() - timedelta(days=ctx.settings.error_event_retention_days + 1)
    with Session(ctx.engine) as session:
        for fp, seen in (("old", old), ("new", utcnow())):
            session.add(
                ErrorEvent(fingerprint=fp, source="api", code="internal_error", exception_type="E",
                           frames="f", first_seen=seen, last_seen=seen)
            )  # fmt: skip
        session.commit()

    first = mj.run_recorded(ctx, "rollup_error_events", mj.rollup_error_events)
    assert first == {"error_events_pruned": 1}
    second = mj.run_recorded(ctx, "rollup_error_events", mj.rollup_error_events)
    assert second == {"error_events_pruned": 0}
    # No worker is alive, yet the actor raised no alert: the scheduler is the one evaluator.
    assert active_alerts(ctx.redis, ctx.settings.broker_namespace) == []
    record = run_record(ctx, "rollup_error_events")
    assert record["runs"] == "2" and record["last_status"] == "ok" and record["failures"] == "0"
    assert record["total:error_events_pruned"] == "1"
    with Session(ctx.engine) as session:
        assert [e.fingerprint for e in session.exec(select(ErrorEvent)).all()] == ["new"]


def test_provider_key_validation_runs_recorded_with_its_counts(ctx):
    server = FakeLLMServer().start()
    try:
        ctx.settings = load_settings(
            **{
                **ctx.settings.model_dump(),
                "llm_providers": "kiwi",
                "kiwi_api_keys": "good-key,bad-key",
                "kiwi_base_url": server.openai_url,
                "kiwi_timeout_s": 2.0,
            }
        )
        server.script(default="401", key="bad-key")
        result = mj.run_recorded(ctx, "validate_provider_keys", mj.validate_provider_keys)
    finally:
        server.stop()
    assert result == {"keys_checked": 2, "keys_ok": 1, "keys_failed": 1}
    record = run_record(ctx, "validate_provider_keys")
    assert record["last_status"] == "ok" and record["runs"] == "1"
    assert json.loads(record["last_result"]) == result
    assert ctx.redis.hget(f"llm:key:kiwi:{fingerprint('bad-key')}", "status") == b"invalid"


def test_usage_flush_runs_recorded_with_its_counts(ctx):
    # Usage counters are global keys of the worker's Redis: what earlier tests of this worker
    # recorded is flushed first, so that the counts below are this test's own.
    mj.flush_provider_usage(ctx)
    recorder = UsageRecorder(RedisGuard(ctx.redis))
    for tokens in (300, 200):
        recorder.record(
            provider="kiwi", model="kiwi-chat", fingerprint="abcd1234", outcome="ok",
            input_tokens=tokens, output_tokens=50, latency_ms=700,
        )  # fmt: skip
    result = mj.run_recorded(ctx, "flush_provider_usage", mj.flush_provider_usage)
    assert result["calls_flushed"] == 2 and result["tokens_flushed"] == 600 and result["batches_flushed"] == 1
    again = mj.run_recorded(ctx, "flush_provider_usage", mj.flush_provider_usage)
    assert again["calls_flushed"] == 0
    record = run_record(ctx, "flush_provider_usage")
    assert record["runs"] == "2" and record["total:calls_flushed"] == "2"


def test_a_failing_run_is_recorded_as_an_error_and_still_raises(ctx):
    def broken(_ctx: mj.MaintenanceContext) -> dict[str, int]:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        mj.run_recorded(ctx, "rollup_error_events", broken)
    record = run_record(ctx, "rollup_error_events")
    assert record["last_status"] == "error" and record["failures"] == "1"
    assert record["last_error"] == "RuntimeError: database went away"
