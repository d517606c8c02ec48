"""A review sent again with the same Idempotency-Key is counted once (an offline queue syncing)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from models.db import make_engine
from models.review import ReviewLog
from tests.cards.db import account, make_deck
from tests.conftest import assert_problem

pytestmark = pytest.mark.sql  # idempotency keys are a unique constraint: SQLite and PostgreSQL


def review_count(settings, user_id: int) -> int:
    engine = make_engine(settings)
    with Session(engine) as session:
        count = len(list(session.exec(select(ReviewLog).where(ReviewLog.user_id == user_id))))
    engine.dispose()
    return count


def test_the_same_key_answers_the_first_review_and_stores_nothing_more(client, api_settings):
    me = account(client, api_settings)
    _, (card_id, other_id, *_) = make_deck(api_settings, me.user_id)
    headers = {**me.headers, "Idempotency-Key": "0b6f3c1e-3d4e-4a51-9d7b-2f1c9a1b2c3d"}
    first = client.post(f"/api/v1/cards/{card_id}/review", headers=headers, json={"rating": "good"})
    assert first.status_code == 200, first.get_data(as_text=True)
    again = client.post(f"/api/v1/cards/{card_id}/review", headers=headers, json={"rating": "good"})
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert review_count(api_settings, me.user_id) == 1

    # A new key is a new review; without a key every request counts, as before.
    fresh = {**me.headers, "Idempotency-Key": "another-key-0001"}
    assert (
        client.post(f"/api/v1/cards/{card_id}/review", headers=fresh, json={"rating": "easy"}).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/cards/{card_id}/review", headers=me.headers, json={"rating": "hard"}
        ).status_code
        == 200
    )
    assert review_count(api_settings, me.user_id) == 3

    # The key names one review of one card.
    body = assert_problem(
        client.post(f"/api/v1/cards/{other_id}/review", headers=headers, json={"rating": "good"}),
        409,
        "conflict",
    )
    assert "new key" in body["hint"]


def test_keys_are_per_account_and_must_be_well_formed(client, api_settings):
    a, b = account(client, api_settings), account(client, api_settings)
    _, (card_a, *_) = make_deck(api_settings, a.user_id)
    _, (card_b, *_) = make_deck(api_settings, b.user_id)
    key = {"Idempotency-Key": "shared-key-1234"}
    assert (
        client.post(
            f"/api/v1/cards/{card_a}/review", headers={**a.headers, **key}, json={"rating": "good"}
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/cards/{card_b}/review", headers={**b.headers, **key}, json={"rating": "good"}
        ).status_code
        == 200
    )
    assert review_count(api_settings, a.user_id) == 1 and review_count(api_settings, b.user_id) == 1
    bad = client.post(
        f"/api/v1/cards/{card_a}/review",
        headers={**a.headers, "Idempotency-Key": "no spaces"},
        json={"rating": "good"},
    )
    body = assert_problem(bad, 422, "validation_failed")
    assert body["invalid_params"][0]["name"] == "Idempotency-Key"
