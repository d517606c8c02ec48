"""Deleting a deck through the API: cards, reviews, jobs, document and stored file go; others' decks stay."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from models import Card, ChunkResult, Deck, Document, Job, JobState
from models.db import make_engine
from models.review import CardSchedule, ReviewLog
from tests.cards.db import account
from tests.conftest import assert_problem

NOTES = b"# Ownership\n\nOwnership is a set of rules that govern how a Rust program manages memory.\n"


def uploaded_deck(client, settings, headers: dict[str, str], *, state: JobState = JobState.SUCCEEDED) -> str:
    """A real upload (stored file, document, job, deck), finished as the pipeline finishes it."""
    response = client.post(
        "/api/v1/documents", headers=headers, data={"file": (io.BytesIO(NOTES), "notes.md")}
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id = response.get_json()["id"]
    engine = make_engine(settings)
    with Session(engine) as session:
        job = session.get(Job, job_id)
        assert job is not None and job.deck_id is not None
        deck_id = job.deck_id
        session.execute(update(Job).where(col(Job.id) == job_id).values(state=state.value))
        session.execute(update(Deck).where(col(Deck.id) == deck_id).values(ready=True))
        session.add(ChunkResult(job_id=job_id, chunk_index=0, status="done"))
        front, back = "What is ownership?", "A set of rules"
        session.add(
            Card(user_id=job.user_id, deck_id=deck_id, job_id=job_id, kind="basic", front=front, back=back,
                 guid=f"g-{job_id[:8]}")
        )  # fmt: skip
        session.commit()
    engine.dispose()
    return deck_id


@pytest.mark.sql
def test_delete_removes_cards_reviews_jobs_document_and_file(client, api_settings):
    me = account(client, api_settings)
    deck_id = uploaded_deck(client, api_settings, me.headers)
    cards = client.get(f"/api/v1/decks/{deck_id}", headers=me.headers).get_json()["cards"]
    card_url = f"/api/v1/cards/{cards[0]['id']}/review"
    assert client.post(card_url, headers=me.headers, json={"rating": "good"}).status_code == 200
    engine = make_engine(api_settings)
    with Session(engine) as session:
        document = session.exec(select(Document).where(Document.user_id == me.user_id)).one()
    stored = api_settings.uploads_dir / document.storage_path
    assert stored.is_file()

    response = client.delete(f"/api/v1/decks/{deck_id}", headers=me.headers)
    assert response.status_code == 204, response.get_data(as_text=True)

    with Session(engine) as session:
        assert session.get(Deck, deck_id) is None
        assert session.exec(select(Card).where(Card.deck_id == deck_id)).first() is None
        assert session.exec(select(ReviewLog).where(ReviewLog.user_id == me.user_id)).first() is None
        assert session.exec(select(CardSchedule).where(CardSchedule.deck_id == deck_id)).first() is None
        assert session.exec(select(Job).where(Job.user_id == me.user_id)).first() is None
        assert session.exec(select(ChunkResult)).first() is None
        assert session.get(Document, document.id) is None
    engine.dispose()
    assert not stored.exists()
    assert_problem(client.get(f"/api/v1/decks/{deck_id}", headers=me.headers), 404, "not_found")
    assert_problem(client.delete(f"/api/v1/decks/{deck_id}", headers=me.headers), 404, "not_found")


def test_another_accounts_deck_is_404_and_stays(client, api_settings):
    owner = account(client, api_settings)
    stranger = account(client, api_settings)
    deck_id = uploaded_deck(client, api_settings, owner.headers)
    assert_problem(client.delete(f"/api/v1/decks/{deck_id}", headers=stranger.headers), 404, "not_found")
    assert client.get(f"/api/v1/decks/{deck_id}", headers=owner.headers).status_code == 200


def test_a_deck_being_rebuilt_cannot_be_deleted(client, api_settings):
    me = account(client, api_settings)
    deck_id = uploaded_deck(client, api_settings, me.headers, state=JobState.RUNNING)
    body = assert_problem(client.delete(f"/api/v1/decks/{deck_id}", headers=me.headers), 409, "conflict")
    assert "cancel" in body["hint"].lower()
    assert client.get(f"/api/v1/decks/{deck_id}", headers=me.headers).status_code == 200
