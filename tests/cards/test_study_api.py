"""Studying a deck with FSRS through the API: the queue, reviews and their logs, on the real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from models.db import make_engine
from models.review import CardSchedule, ReviewLog
from tests.cards.db import account, make_deck
from tests.cards.test_cards_api import bad_names
from tests.conftest import assert_problem

SPECS = [
    {
        "kind": "basic",
        "front": f"Which number does card {i} stand for?",
        "back": f"Number {i}",
        "source_span": f"Card {i} stands for number {i}.",
        "source": {"page": 1},
    }
    for i in range(6)
]
RATINGS = ("again", "hard", "good", "easy")


def parse(moment: str) -> datetime:
    assert moment.endswith("Z"), moment  # UTC, said explicitly
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def study(client, headers, deck_id: str, **params: object):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"/api/v1/decks/{deck_id}/study?{query}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def rate(client, headers, card_id: str, rating: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/cards/{card_id}/review", headers=headers, json={"rating": rating})
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def set_due(settings, card_id: str, due: datetime) -> None:
    engine = make_engine(settings)
    with Session(engine) as session:
        session.execute(update(CardSchedule).where(col(CardSchedule.card_id) == card_id).values(due=due))
        session.commit()
    engine.dispose()


def logs(settings, card_id: str) -> list[ReviewLog]:
    engine = make_engine(settings)
    with Session(engine) as session:
        rows = list(
            session.exec(select(ReviewLog).where(ReviewLog.card_id == card_id).order_by(col(ReviewLog.id)))
        )
    engine.dispose()
    return rows


@pytest.mark.sql
def test_a_new_deck_offers_new_cards_up_to_the_limit(client, api_settings):
    me = account(client, api_settings)
    deck_id, ids = make_deck(api_settings, me.user_id, SPECS)
    body = study(client, me.headers, deck_id, new=4)
    assert body["due_total"] == 0 and body["new_total"] == 6
    assert [c["id"] for c in body["cards"]] == ids[:4]  # in deck order
    assert all(c["study"]["new"] and c["study"]["state"] == "new" for c in body["cards"])
    assert parse(body["now"]) == parse(body["cards"][0]["study"]["due"])
    assert study(client, me.headers, deck_id, new=0)["cards"] == []


def test_review_schedules_the_next_one_and_stores_the_log(client, api_settings):
    me = account(client, api_settings)
    deck_id, ids = make_deck(api_settings, me.user_id, SPECS)
    before = datetime.now(UTC)
    answer = rate(client, me.headers, ids[0], "good")
    reviewed_at, due = parse(answer["reviewed_at"]), parse(answer["due"])
    assert before <= reviewed_at < due
    assert answer["state_before"] == "new" and answer["state"] == "learning"
    assert answer["interval_seconds"] == int((due - reviewed_at).total_seconds()) > 0
    [log] = logs(api_settings, ids[0])
    assert (log.rating, log.state_before, log.state_after) == ("good", None, "learning")
    assert log.user_id == me.user_id
    assert log.reviewed_at.tzinfo == UTC and log.reviewed_at == reviewed_at
    assert log.scheduled_due == due and '"rating": 3' in log.fsrs_log
    # Not due any more; the other five are still new.
    body = study(client, me.headers, deck_id)
    assert ids[0] not in [c["id"] for c in body["cards"]] and body["new_total"] == 5


@pytest.mark.sql
def test_due_cards_come_first_ordered_by_due_then_new_ones(client, api_settings):
    me = account(client, api_settings)
    deck_id, ids = make_deck(api_settings, me.user_id, SPECS)
    for card_id in ids[:4]:
        rate(client, me.headers, card_id, "good")
    now = datetime.now(UTC)
    set_due(api_settings, ids[0], now - timedelta(hours=1))
    set_due(api_settings, ids[1], now - timedelta(days=3))
    set_due(api_settings, ids[2], now + timedelta(days=1))  # not due yet
    set_due(api_settings, ids[3], now - timedelta(days=1))
    body = study(client, me.headers, deck_id, new=1)
    assert [c["id"] for c in body["cards"]] == [ids[1], ids[3], ids[0], ids[4]]
    dues = [parse(c["study"]["due"]) for c in body["cards"]]
    assert dues == sorted(dues)
    assert body["due_total"] == 3 and body["new_total"] == 2
    assert [c["study"]["new"] for c in body["cards"]] == [False, False, False, True]
    assert body["cards"][0]["study"]["reps"] == 1
    # The overall limit cuts the new cards first.
    assert [c["id"] for c in study(client, me.headers, deck_id, limit=2, new=5)["cards"]] == [ids[1], ids[3]]


def test_ratings_order_the_intervals_and_again_relearns(client, api_settings):
    me = account(client, api_settings)
    _, ids = make_deck(api_settings, me.user_id, SPECS)
    intervals = {r: rate(client, me.headers, ids[i], r)["interval_seconds"] for i, r in enumerate(RATINGS)}
    assert intervals["again"] < intervals["good"] < intervals["easy"]
    second = rate(client, me.headers, ids[3], "again")  # "easy" graduated it to review
    assert second["state_before"] == "review" and second["state"] == "relearning"
    assert [log.rating for log in logs(api_settings, ids[3])] == ["easy", "again"]


@pytest.mark.parametrize(
    ("payload", "names"),
    [
        ({"rating": "perfect"}, {"rating"}),
        ({}, {"rating"}),
        ({"rating": 3}, {"rating"}),
        ({"rating": "good", "at": 1}, {"at"}),
    ],
    ids=["unknown-rating", "missing", "number", "extra-field"],
)
def test_bad_ratings_are_refused_and_nothing_is_logged(client, api_settings, payload, names):
    me = account(client, api_settings)
    _, ids = make_deck(api_settings, me.user_id, SPECS)
    assert bad_names(client.post(f"/api/v1/cards/{ids[0]}/review", headers=me.headers, json=payload)) == names
    assert logs(api_settings, ids[0]) == []


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"limit": 0}, {"limit"}),
        ({"limit": "many"}, {"limit"}),
        ({"new": -1}, {"new"}),
        ({"limit": 501}, {"limit"}),
    ],
)
def test_bad_study_params(client, api_settings, params, names):
    me = account(client, api_settings)
    deck_id, _ = make_deck(api_settings, me.user_id, SPECS)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    assert bad_names(client.get(f"/api/v1/decks/{deck_id}/study?{query}", headers=me.headers)) == names


def test_another_users_deck_and_cards_are_not_found(client, api_settings):
    owner, other = account(client, api_settings), account(client, api_settings)
    deck_id, ids = make_deck(api_settings, owner.user_id, SPECS)
    assert_problem(client.get(f"/api/v1/decks/{deck_id}/study", headers=other.headers), 404, "not_found")
    response = client.post(f"/api/v1/cards/{ids[0]}/review", headers=other.headers, json={"rating": "good"})
    assert_problem(response, 404, "not_found")
    assert logs(api_settings, ids[0]) == []
    assert_problem(client.get(f"/api/v1/decks/{deck_id}/study"), 401, "unauthorized")


def test_each_user_studies_only_their_own_schedule(client, api_settings):
    first, second = account(client, api_settings), account(client, api_settings)
    deck_a, ids_a = make_deck(api_settings, first.user_id, SPECS)
    deck_b, _ = make_deck(api_settings, second.user_id, SPECS)
    rate(client, first.headers, ids_a[0], "easy")
    assert study(client, second.headers, deck_b)["new_total"] == 6
    assert study(client, first.headers, deck_a)["new_total"] == 5
