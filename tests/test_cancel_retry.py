"""Cancel and retry through the API, the worker (in the test process) finishing or stopping real jobs."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import delete, update
from sqlmodel import Session, col, func, select

from api import create_app
from config import load_settings
from models import Card, ChunkResult, Job
from models.db import make_engine
from tests.conftest import essays_excerpt, upload_job
from tests.database import migrate_head
from tests.inprocess import in_process_worker
from tests.stack import register, wait_for_job

pytestmark = pytest.mark.slow


@pytest.fixture
def stack(settings):
    s = load_settings(
        **{
            **settings.model_dump(),
            "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
            "chunk_tokens": 6000,
            "rate_limits_enabled": False,
        },
        _env_file=None,
    )
    migrate_head(s)
    app = create_app(s)
    engine = make_engine(s)
    yield s, app.test_client(), engine
    engine.dispose()


def drain(s, engine, job_id, timeout_s=60.0):
    """Wait until the worker has handled every message of the cards queue."""
    import redis

    client = redis.Redis.from_url(s.redis_url)
    deadline = time.monotonic() + timeout_s
    while client.hlen(f"{s.broker_namespace}:cards.msgs") or client.hlen(
        f"{s.broker_namespace}:documents.msgs"
    ):
        assert time.monotonic() < deadline, "messages were not processed"
        time.sleep(0.05)


def test_cancel_stops_further_chunks_and_the_job_ends_cancelled(stack):
    s, client, engine = stack
    headers = register(client)
    job_id = upload_job(client, headers, essays_excerpt(), max_cards=200)
    with in_process_worker(s, threads=1):
        deadline = time.monotonic() + 90
        while client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()["progress"]["chunks_done"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        cancelled = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=headers)
        assert cancelled.status_code == 200, cancelled.get_data(as_text=True)
        assert cancelled.get_json()["state"] == "cancelled"
        drain(s, engine, job_id)

    with Session(engine) as session:
        job = session.get(Job, job_id)
        done = session.exec(
            select(func.count())
            .select_from(ChunkResult)
            .where(ChunkResult.job_id == job_id, ChunkResult.status == "done")
        ).one()
        cards = session.exec(select(func.count()).select_from(Card).where(Card.job_id == job_id)).one()
    assert job.state == "cancelled" and job.finished_at is not None
    assert done == job.chunks_done < job.chunks_total, "no chunk was stored after the cancel"
    assert cards == job.cards_count
    again = client.post(f"/api/v1/jobs/{job_id}/cancel", headers=headers)
    assert again.status_code == 409 and again.get_json()["code"] == "conflict"
    assert client.post(f"/api/v1/jobs/{job_id}/retry", headers=headers).status_code == 409


def test_retry_redoes_only_the_missing_and_offline_chunks(stack):
    s, client, engine = stack
    headers = register(client)
    job_id = upload_job(client, headers, essays_excerpt(), max_cards=200)
    with in_process_worker(s):
        first = wait_for_job(client, job_id, headers)
        assert first["state"] == "succeeded" and first["progress"]["chunks_total"] >= 3

        # Simulate a run that failed with chunk 1 never generated and chunk 0 made offline.
        with Session(engine) as session:
            session.execute(delete(Card).where(col(Card.job_id) == job_id, col(Card.chunk_index) == 1))
            session.execute(
                update(ChunkResult)
                .where(col(ChunkResult.job_id) == job_id, col(ChunkResult.chunk_index) == 1)
                .values(status="pending", cards_count=0)
            )
            session.execute(
                update(ChunkResult)
                .where(col(ChunkResult.job_id) == job_id, col(ChunkResult.chunk_index) == 0)
                .values(degraded=True)
            )
            session.execute(
                update(Job)
                .where(col(Job.id) == job_id)
                .values(
                    state="failed",
                    chunks_done=Job.chunks_done - 1,
                    error_code="internal_error",
                    degraded=True,
                )
            )
            session.commit()
            before = {
                r.chunk_index: r.finished_at
                for r in session.exec(select(ChunkResult).where(ChunkResult.job_id == job_id))
            }
            attempts_before = session.get(Job, job_id).attempts

        retried = client.post(f"/api/v1/jobs/{job_id}/retry", headers=headers)
        assert retried.status_code == 202, retried.get_data(as_text=True)
        # queued again, or already running: the in-process worker may pick the message up before
        # the answer is read (on a starved machine it did)
        assert retried.get_json()["state"] in ("queued", "running") and retried.get_json()["error"] is None
        assert retried.headers["Location"] == f"/api/v1/jobs/{job_id}"
        final = wait_for_job(client, job_id, headers)

    assert final["state"] == "succeeded", final
    assert final["progress"]["chunks_done"] == final["progress"]["chunks_total"]
    with Session(engine) as session:
        after = {
            r.chunk_index: r.finished_at
            for r in session.exec(select(ChunkResult).where(ChunkResult.job_id == job_id))
        }
        cards = session.exec(select(Card.chunk_index, Card.position).where(Card.job_id == job_id)).all()
        job = session.get(Job, job_id)
    redone = {i for i in after if after[i] != before[i]}
    assert redone == {0, 1}, "only the missing and the offline chunk ran again"
    assert len(cards) == len(set(cards)), "no duplicate cards"
    assert {c[0] for c in cards} >= {1}, "the missing chunk has cards now"
    assert job.attempts == attempts_before + 1 and not job.degraded
    deck = client.get(f"/api/v1/decks/{final['deck_id']}", headers=headers).get_json()
    assert len(deck["cards"]) == final["cards_count"] == len(cards)


def test_retry_and_cancel_refuse_states_that_do_not_allow_them(stack):
    _s, client, engine = stack
    headers = register(client)
    other = register(client)
    job_id = upload_job(client, headers, essays_excerpt(), max_cards=200)  # queued: no worker runs
    refused = client.post(f"/api/v1/jobs/{job_id}/retry", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["code"] == "conflict"
    assert "failed or degraded" in refused.get_json()["detail"]
    assert client.post(f"/api/v1/jobs/{job_id}/cancel", headers=other).status_code == 404
    assert client.post(f"/api/v1/jobs/{job_id}/retry", headers=other).status_code == 404
    assert client.post(f"/api/v1/jobs/{uuid.uuid4().hex}/cancel", headers=headers).status_code == 404
    assert client.post(f"/api/v1/jobs/{job_id}/cancel").status_code == 401
    assert client.post(f"/api/v1/jobs/{job_id}/cancel", headers=headers).get_json()["state"] == "cancelled"
    cancelled_retry = client.post(f"/api/v1/jobs/{job_id}/retry", headers=headers)
    assert cancelled_retry.status_code == 409
    with Session(engine) as session:  # a clean success is not retried either
        session.execute(update(Job).where(col(Job.id) == job_id).values(state="succeeded", degraded=False))
        session.commit()
    assert client.post(f"/api/v1/jobs/{job_id}/retry", headers=headers).status_code == 409
