"""Finalize commits what it publishes, and publishes only what it committed.

In this process, against a real database (SQLite and PostgreSQL, ``db_settings`` is
parametrised) and a real Redis, on the offline generator (no provider needed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis
from sqlalchemy import event, update
from sqlmodel import Session, col, func, select

from api import create_app
from config import Settings
from jobs.events import END, STAGE, JobEvents
from models import Card, Deck, Job
from models.db import make_engine
from tasks import pipeline
from tests.conftest import corpus_file
from tests.stack import register

pytestmark = pytest.mark.sql  # transactions: SQLite and PostgreSQL

DOC = "md-rust-book-ch04-01-what-is-ownership.md"


class CommittedRowAtPublish(JobEvents):
    """Real events on the test's Redis that also note, for each event, the job's row as
    another connection sees it at that moment: what a client fetching the job then reads."""

    def __init__(self, client: redis.Redis, namespace: str, settings: Settings) -> None:
        super().__init__(client, namespace)
        self.reader = make_engine(settings)
        self.seen: list[tuple[str, str | None, str | None]] = []

    def publish(self, job_id: str, kind: str, data: dict[str, Any]) -> str | None:
        with Session(self.reader) as session:
            job = session.get(Job, job_id)
            self.seen.append((kind, job.stage if job else None, job.state if job else None))
        return super().publish(job_id, kind, data)


@pytest.fixture
def harness(
    base_settings: Settings, redis_client: redis.Redis
) -> Iterator[tuple[pipeline.PipelineContext, str]]:
    """A job of the corpus document whose chunks are all generated (offline), ready to finalize."""
    engine = make_engine(base_settings)
    client = create_app(base_settings).test_client()
    headers = register(client)
    with open(corpus_file(DOC), "rb") as fh:
        response = client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (fh, DOC), "max_cards": "6"},
            content_type="multipart/form-data",
        )
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id: str = response.get_json()["id"]
    ctx = pipeline.PipelineContext(settings=base_settings, engine=engine, completer=None)
    chunks = pipeline.ingest(ctx, job_id)
    assert chunks
    for index in chunks:
        pipeline.generate_chunk(ctx, job_id, index)
    events = CommittedRowAtPublish(redis_client, base_settings.broker_namespace, base_settings)
    ctx.events = events
    yield ctx, job_id
    events.reader.dispose()
    engine.dispose()


def deck_state(ctx: pipeline.PipelineContext, job_id: str) -> tuple[bool, int, int]:
    """(deck ready, deck card_count, cards stored) of the job's deck."""
    with Session(ctx.engine) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.deck_id is not None
        deck = session.get(Deck, job.deck_id)
        assert deck is not None
        stored = session.exec(select(func.count()).select_from(Card).where(Card.deck_id == job.deck_id)).one()
        return deck.ready, deck.card_count, stored


def test_the_finalizing_event_goes_out_after_its_stage_is_committed(harness):
    ctx, job_id = harness
    assert pipeline.finalize(ctx, job_id)
    events = ctx.events
    assert isinstance(events, CommittedRowAtPublish)
    stage_events = [seen for seen in events.seen if seen[0] == STAGE]
    # A client that fetches the job on this event must find the stage the event announces.
    assert stage_events == [(STAGE, "finalizing", "running")], events.seen
    assert events.seen[-1] == (END, "done", "succeeded")


def test_the_deck_is_not_committed_when_the_job_ended_during_finalize(harness):
    ctx, job_id = harness
    with Session(ctx.engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        # A smaller maximum than the chunks made: finalize has cards to delete as well as a summary.
        session.execute(
            update(Job).where(col(Job.id) == job_id).values(options={**job.options, "max_cards": 3})
        )
        session.commit()
    ready_before, _count, stored_before = deck_state(ctx, job_id)
    assert not ready_before and stored_before > 3

    def job_ended_meanwhile(conn, cursor, statement, parameters, context, executemany):
        # The final "running -> succeeded" update finds the job no longer running, as when a
        # cancel commits between finalize's read and its write: its WHERE matches no row.
        if statement.lstrip().upper().startswith("UPDATE JOB") and "finished_at" in statement:
            if isinstance(parameters, dict):
                parameters = {k: ("no-such-state" if v == "running" else v) for k, v in parameters.items()}
            else:
                parameters = tuple("no-such-state" if v == "running" else v for v in parameters)
        return statement, parameters

    event.listen(ctx.engine, "before_cursor_execute", job_ended_meanwhile, retval=True)
    try:
        assert pipeline.finalize(ctx, job_id) is False
    finally:
        event.remove(ctx.engine, "before_cursor_execute", job_ended_meanwhile)

    ready, count, stored = deck_state(ctx, job_id)
    assert (ready, count, stored) == (False, 0, stored_before), "a deck of a job that did not succeed"
    events = ctx.events
    assert isinstance(events, CommittedRowAtPublish)
    assert all(seen[0] != END for seen in events.seen), "no end event for a success that did not happen"


def test_a_job_cancelled_before_finalize_is_left_as_it_is(harness):
    ctx, job_id = harness
    with Session(ctx.engine) as session:
        session.execute(update(Job).where(col(Job.id) == job_id).values(state="cancelled", stage="done"))
        session.commit()
    assert pipeline.finalize(ctx, job_id) is False
    assert deck_state(ctx, job_id)[0] is False
    events = ctx.events
    assert isinstance(events, CommittedRowAtPublish)
    assert events.seen == []
