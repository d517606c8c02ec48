"""One chunk through the pipeline functions, in this process, against a real database, a real
Redis and the real OpenAI SDK talking to the fake LLM server (no worker process needed).

Runs on SQLite and on PostgreSQL (``db_settings`` is parametrised).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, event, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api import create_app
from cards import deck
from cards.schema import LLMCardBatch, llm_json_schema
from config import Settings, load_settings
from models import Card, ChunkResult, Deck, Document, Job, User, utcnow
from models.db import make_engine, migrate
from providers.config import fingerprint
from providers.fakes import FakeLLMServer
from providers.types import AllProvidersUnavailable
from tasks import pipeline
from tests.conftest import corpus_file
from tests.database import migrate_head
from tests.stack import register

pytestmark = pytest.mark.sql  # chunk rows, GUID constraints and a migration: SQLite and PostgreSQL

DOC = "md-rust-book-ch04-01-what-is-ownership.md"
KEY = "sk-test-key-one"


@pytest.fixture
def fake_llm():
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def llm_settings(db_settings, fake_llm, redis_client) -> Settings:  # a flushed Redis: no cached answers
    settings = load_settings(
        **{
            **db_settings.model_dump(),
            "llm_providers": ["openai"],
            "openai_api_keys": [KEY],
            "openai_base_url": fake_llm.openai_url,
            "openai_timeout_s": 5,
            "llm_backoff_base_s": 0.01,
            "llm_backoff_cap_s": 0.02,
            # The breaker stays closed: these tests are about what one chunk records.
            "llm_breaker_failures": 1000,
            "llm_breaker_min_calls": 1000,
        },
        _env_file=None,
    )
    migrate_head(settings)
    return settings


@pytest.fixture
def harness(llm_settings, redis_client):
    """An API client with a signed-in user, and a pipeline context like a worker's."""
    engine = make_engine(llm_settings)
    client = create_app(llm_settings).test_client()
    ctx = pipeline.PipelineContext(
        settings=llm_settings,
        engine=engine,
        completer=pipeline.build_completer(llm_settings, redis_client),
        redis=redis_client,
    )
    yield ctx, client, register(client)
    engine.dispose()


def ingested_job(ctx, client, headers, **form) -> str:
    """Upload the document through the API and run the ingest step; the job's id."""
    with open(corpus_file(DOC), "rb") as fh:
        response = client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (fh, DOC), "max_cards": "12", **form},
            content_type="multipart/form-data",
        )
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id: str = response.get_json()["id"]
    assert pipeline.ingest(ctx, job_id)
    return job_id


def chunk_row(engine, job_id, index=0) -> ChunkResult:
    with Session(engine) as session:
        return session.exec(
            select(ChunkResult).where(ChunkResult.job_id == job_id, ChunkResult.chunk_index == index)
        ).one()


def completions(fake_llm) -> int:
    return len([e for e in fake_llm.log() if e["path"].endswith("/chat/completions")])


def test_a_refusal_goes_offline_at_once_with_its_attempt_kept_and_shown(harness, fake_llm):
    ctx, client, headers = harness
    job_id = ingested_job(ctx, client, headers)
    fake_llm.script(default="refusal")

    # Not the last delivery (no offline fallback allowed), yet waiting cannot help a refusal.
    pipeline.generate_chunk(ctx, job_id, 0, allow_offline_fallback=False)

    assert completions(fake_llm) == 1, "the chain ran once; a second run would bill the refusal twice"
    row = chunk_row(ctx.engine, job_id)
    assert row.status == "done" and row.degraded and row.provider == "offline"
    assert [a["outcome"] for a in row.attempts] == ["refused"]
    with Session(ctx.engine) as session:
        origins = set(session.exec(select(Card.origin).where(Card.job_id == job_id)))
    assert origins == {"offline"}

    answer = client.get(f"/api/v1/jobs/{job_id}/chunks", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    first = body["chunks"][0]
    assert (first["index"], first["status"], first["degraded"], first["provider"]) == (
        0,
        "done",
        True,
        "offline",
    )
    assert first["attempts"] == [
        {
            "provider": "openai",
            "model": ctx.settings.openai.model,
            "key_fingerprint": fingerprint(KEY),
            "outcome": "refused",
            "latency_ms": row.attempts[0]["latency_ms"],
            "input_tokens": row.attempts[0]["input_tokens"],
            "output_tokens": row.attempts[0]["output_tokens"],
        }
    ]
    assert [c["status"] for c in body["chunks"][1:]] == ["pending"] * (len(body["chunks"]) - 1)
    job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json()
    assert job["state"] == "running" and job["progress"]["chunks_done"] == 1
    assert isinstance(job["eta_s"], int) and job["eta_s"] >= 0, "running, a chunk done: an estimate"
    assert KEY not in answer.get_data(as_text=True)
    other = register(client)
    assert client.get(f"/api/v1/jobs/{job_id}/chunks", headers=other).status_code == 404


def test_attempts_of_a_delivery_handed_back_are_kept_with_the_final_ones(harness, fake_llm):
    ctx, client, headers = harness
    job_id = ingested_job(ctx, client, headers)
    fake_llm.script(default="500")
    with pytest.raises(AllProvidersUnavailable) as raised:
        pipeline.generate_chunk(ctx, job_id, 0, allow_offline_fallback=False)
    assert raised.value.retry_after_s is not None, "a server outage is worth waiting for"
    failed_calls = completions(fake_llm)
    assert failed_calls >= 1 and len(raised.value.attempts) == failed_calls
    # What the actor does before raising dramatiq.Retry:
    pipeline.record_attempts(ctx, job_id, 0, raised.value.attempts)
    assert [a["outcome"] for a in chunk_row(ctx.engine, job_id).attempts] == ["server"] * failed_calls

    fake_llm.clear_default()
    pipeline.generate_chunk(ctx, job_id, 0, allow_offline_fallback=False)

    row = chunk_row(ctx.engine, job_id)
    assert row.status == "done" and not row.degraded and row.provider == "openai"
    outcomes = [a["outcome"] for a in row.attempts]
    assert outcomes == ["server"] * failed_calls + ["ok"]
    assert len(row.attempts) == completions(fake_llm), "every call the chunk cost is on its record"
    with Session(ctx.engine) as session:
        cards = list(session.exec(select(Card).where(Card.job_id == job_id)))
    assert cards and {(c.provider, c.model) for c in cards} == {("openai", ctx.settings.openai.model)}
    shown = client.get(f"/api/v1/jobs/{job_id}/chunks", headers=headers).get_json()["chunks"][0]
    assert [a["outcome"] for a in shown["attempts"]] == outcomes
    assert shown["attempts"][-1]["input_tokens"] > 0 and shown["cards_count"] == len(cards)
    assert shown["model"] == ctx.settings.openai.model


def test_a_chunk_stamps_its_start_and_the_job_heartbeat_before_generating(harness, fake_llm):
    ctx, client, headers = harness
    job_id = ingested_job(ctx, client, headers)
    stale = utcnow() - timedelta(hours=1)
    with Session(ctx.engine) as session:
        session.execute(update(Job).where(col(Job.id) == job_id).values(heartbeat_at=stale))
        session.commit()
    fake_llm.set_latency(2.0)
    worker = threading.Thread(target=pipeline.generate_chunk, args=(ctx, job_id, 0))
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while chunk_row(ctx.engine, job_id).started_at is None:
            assert time.monotonic() < deadline, "started_at was never set"
            time.sleep(0.05)
        with Session(ctx.engine) as session:
            job = session.get(Job, job_id)
        row = chunk_row(ctx.engine, job_id)
        assert row.status == "pending", "still waiting for the provider"
        assert job is not None and job.heartbeat_at is not None and job.heartbeat_at > stale
    finally:
        worker.join(timeout=30)
    row = chunk_row(ctx.engine, job_id)
    assert row.status == "done" and row.started_at is not None and row.finished_at is not None
    assert row.finished_at - row.started_at >= timedelta(seconds=1.5)


def test_a_taken_guid_gets_a_suffix_instead_of_failing_the_chunk(harness):
    ctx, client, headers = harness
    ctx.completer = None  # the offline generator: the same cards every time
    job_id = ingested_job(ctx, client, headers)
    pipeline.generate_chunk(ctx, job_id, 0)
    with Session(ctx.engine, expire_on_commit=False) as session:
        job = session.get(Job, job_id)
        first = session.exec(
            select(Card).where(Card.job_id == job_id).order_by(col(Card.chunk_index), col(Card.position))
        ).first()
        assert job is not None and first is not None
        original = (first.kind, first.front, first.back, first.guid)
        # Run the chunk again, with another card of the deck already holding that GUID.
        session.execute(delete(Card).where(col(Card.job_id) == job_id))
        session.execute(update(ChunkResult).where(col(ChunkResult.job_id) == job_id).values(status="pending"))
        session.execute(update(Job).where(col(Job.id) == job_id).values(chunks_done=0, cards_count=0))
        session.add(
            Card(
                user_id=job.user_id, deck_id=job.deck_id, kind="basic", front="x", back="y", guid=original[3]
            )
        )
        session.commit()

    pipeline.generate_chunk(ctx, job_id, 0)

    with Session(ctx.engine) as session:
        again = session.exec(
            select(Card).where(Card.job_id == job_id, Card.position == 0, Card.chunk_index == 0)
        ).one()
        guids = list(session.exec(select(Card.guid).where(Card.deck_id == job.deck_id)))
    assert (again.kind, again.front, again.back) == original[:3]
    assert again.guid != original[3] and len(guids) == len(set(guids))
    # The same clash gives the same suffix: GUIDs stay reproducible.
    with Session(ctx.engine) as session:
        document = session.get(Document, job.document_id)
    assert deck.assign_guids(document.sha256, [original[:3]], {original[3]}) == [again.guid]


def test_migration_0008_separates_shared_guids_then_forbids_them(db_settings):
    migrate(db_settings, "0007")
    engine = make_engine(db_settings)
    with Session(engine) as session:
        user = User(email="guid@example.com", password_hash="x")
        session.add(user)
        session.flush()
        deck = Deck(user_id=user.id, title="d")
        session.add(deck)
        session.flush()
        for back in ("first", "second", "third"):
            session.add(
                Card(user_id=user.id, deck_id=deck.id, kind="basic", front="Q", back=back, guid="same")
            )
            session.flush()  # created_at in insertion order
        deck_id, user_id = deck.id, user.id
        session.commit()

    migrate_head(db_settings)

    with Session(engine) as session:
        rows = list(session.exec(select(Card).where(Card.deck_id == deck_id).order_by(col(Card.created_at))))
        assert rows[0].guid == "same", "the oldest card keeps its GUID"
        assert len({r.guid for r in rows}) == 3
        session.add(Card(user_id=user_id, deck_id=deck_id, kind="basic", front="Q", back="4", guid="same"))
        with pytest.raises(IntegrityError):
            session.commit()
    engine.dispose()


def test_a_chunk_takes_two_transactions_its_read_and_start_then_its_cards(harness):
    """Each commit is CPU under the worker's one GIL (and SQLite's one writer lock): the chunk's
    reads, its owner for the token quota and its start stamp share one transaction."""
    ctx, client, headers = harness
    job_id = ingested_job(ctx, client, headers)
    commits: list[int] = []
    listener = lambda _connection: commits.append(1)  # noqa: E731
    event.listen(ctx.engine, "commit", listener)
    try:
        pipeline.generate_chunk(ctx, job_id, 0)
    finally:
        event.remove(ctx.engine, "commit", listener)
    row = chunk_row(ctx.engine, job_id)
    assert row.status == "done" and row.provider == "openai" and row.started_at is not None
    assert len(commits) == 2


def test_the_cards_json_schema_is_built_once_and_each_caller_gets_its_own_copy():
    first, second = llm_json_schema(), llm_json_schema()
    assert first == second == LLMCardBatch.model_json_schema()
    first["properties"]["cards"]["maxItems"] = 1
    assert llm_json_schema() == second != first


def test_a_chunks_cards_go_in_as_one_insert_with_every_column_a_card_gets(harness):
    """The store writes its cards as column values (no ORM object each): the rows hold what a
    ``Card`` made from the drafts would, the defaults (id, timestamps) included."""
    ctx, client, headers = harness
    job_id = ingested_job(ctx, client, headers)
    inserts: list[bool] = []

    def listener(_conn, _cursor, statement, _params, _context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO CARD"):
            inserts.append(executemany)

    event.listen(ctx.engine, "before_cursor_execute", listener)
    try:
        for index in pipeline.pending_chunks(ctx.engine, job_id):
            pipeline.generate_chunk(ctx, job_id, index)
    finally:
        event.remove(ctx.engine, "before_cursor_execute", listener)
    with Session(ctx.engine) as session:
        job = session.get(Job, job_id)
        rows = list(
            session.exec(
                select(Card).where(Card.job_id == job_id).order_by(col(Card.chunk_index), col(Card.position))
            )
        )
    chunks_with_cards = {row.chunk_index for row in rows}
    assert job is not None and len(rows) > len(chunks_with_cards), "a chunk of 2 cards or more"
    assert len(inserts) == len(chunks_with_cards), "one INSERT a chunk"
    for row in rows:
        expected = Card(
            user_id=job.user_id, deck_id=job.deck_id, job_id=job_id, chunk_index=row.chunk_index,
            position=row.position,
            kind=row.kind, front=row.front, back=row.back, source=row.source, source_span=row.source_span,
            origin="llm", provider="openai", model=row.model, tags=row.tags, checks=row.checks, guid=row.guid,
        )  # fmt: skip
        stored = row.model_dump()
        assert len(stored.pop("id")) == 32 and stored.pop("created_at") == stored.pop("content_changed_at")
        assert stored == {k: v for k, v in expected.model_dump().items() if k not in DEFAULTED}
        assert row.checks and row.source and row.model


#: Columns a Card fills in itself: a fresh id and the time it was made.
DEFAULTED = {"id", "created_at", "content_changed_at"}
