"""Editing, deleting and adding cards through the API, on the real database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlmodel import Session, select

from api.openapi import build_document
from models import Card, Deck
from models.db import make_engine
from models.review import ReviewLog
from tests.cards.db import GENERATED_AT, account, apkg_notes, make_deck
from tests.conftest import assert_problem
from tests.openapi_support import assert_matches


def bad_names(response) -> set[str]:
    body = assert_problem(response, 422, "validation_failed")
    return {p["name"] for p in body["invalid_params"]}


def stored(settings, card_id: str) -> Card | None:
    engine = make_engine(settings)
    with Session(engine) as session:
        card = session.get(Card, card_id)
    engine.dispose()
    return card


def snapshot(settings, card_id: str) -> dict[str, Any]:
    card = stored(settings, card_id)
    assert card is not None
    return card.model_dump()


def stored_deck(settings, deck_id: str) -> Deck:
    engine = make_engine(settings)
    with Session(engine) as session:
        deck = session.get(Deck, deck_id)
    engine.dispose()
    assert deck is not None
    return deck


# --- PATCH ---------------------------------------------------------------------------------


def test_edit_changes_text_reruns_the_gate_and_keeps_the_guid(client, api_settings):
    me = account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, me.user_id)
    before = stored(api_settings, card_id)
    response = client.patch(
        f"/api/v1/cards/{card_id}",
        headers=me.headers,
        json={"front": "Which set of rules governs how a Rust program manages memory?", "tags": ["rust"]},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["front"] == "Which set of rules governs how a Rust program manages memory?"
    assert body["back"] == "Ownership" and body["tags"] == ["rust"]
    assert body["guid"] == before.guid
    # Re-checked: grounded in its stored source span, so every rule passes, Q10/Q11 included.
    assert body["checks"]["Q10"] is True and body["checks"]["Q11"] is True
    assert all(body["checks"].values()) and body["problems"] == []
    after = stored(api_settings, card_id)
    assert after.checks == body["checks"] and after.guid == before.guid
    assert after.content_changed_at > GENERATED_AT
    assert body["content_changed_at"].endswith("Z")


def test_edit_moves_the_anki_mod_time_but_not_the_guid(client, api_settings):
    me = account(client, api_settings)
    deck_id, (card_id, *_) = make_deck(api_settings, me.user_id)
    export = f"/api/v1/decks/{deck_id}/export?format=apkg"
    first = client.get(export, headers=me.headers).data
    assert client.get(export, headers=me.headers).data == first  # nothing changed: byte-identical
    guid = stored(api_settings, card_id).guid
    response = client.patch(
        f"/api/v1/cards/{card_id}", headers=me.headers, json={"back": "The ownership rules"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    second = client.get(export, headers=me.headers).data
    old, new = apkg_notes(first), apkg_notes(second)
    assert set(old) == set(new)  # same notes: Anki updates in place on re-import
    assert new[guid]["mod"] > old[guid]["mod"]
    assert new[guid]["fields"][1] == "The ownership rules"
    untouched = [g for g in old if g != guid]
    assert untouched and all(new[g] == old[g] for g in untouched)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("tsv", "text/tab-separated-values; charset=utf-8"),
        ("md", "text/markdown; charset=utf-8"),
    ],
)
def test_a_text_export_names_its_charset_once(client, api_settings, fmt, content_type):
    me = account(client, api_settings)
    deck_id, _ = make_deck(api_settings, me.user_id)
    response = client.get(f"/api/v1/decks/{deck_id}/export?format={fmt}", headers=me.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == content_type


def test_an_edit_that_changes_nothing_keeps_the_mod_time(client, api_settings):
    me = account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, me.user_id)
    response = client.patch(f"/api/v1/cards/{card_id}", headers=me.headers, json={"back": "Ownership"})
    assert response.status_code == 200
    assert stored(api_settings, card_id).content_changed_at == GENERATED_AT


def test_two_quick_edits_each_move_the_mod_second(client, api_settings):
    me = account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, me.user_id)
    times = []
    for back in ("Rust ownership", "The ownership system"):
        body = client.patch(f"/api/v1/cards/{card_id}", headers=me.headers, json={"back": back}).get_json()
        times.append(datetime.fromisoformat(body["content_changed_at"].replace("Z", "+00:00")))
    assert int(times[1].timestamp()) > int(times[0].timestamp())


def test_an_edit_failing_a_check_is_kept_flagged_and_unflagged_when_fixed(client, api_settings):
    me = account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, me.user_id)
    flagged = client.patch(
        f"/api/v1/cards/{card_id}", headers=me.headers, json={"front": "Does Rust manage memory with rules?"}
    ).get_json()
    assert flagged["checks"]["Q5"] is False
    assert {"rule": "Q5", "severity": "E", "detail": "yes/no question"} in flagged["problems"]
    assert "needs-review" in flagged["tags"]
    fixed = client.patch(
        f"/api/v1/cards/{card_id}",
        headers=me.headers,
        json={"front": "Which set of rules governs how a Rust program manages memory?"},
    ).get_json()
    assert fixed["checks"]["Q5"] is True and "needs-review" not in fixed["tags"]


def test_edit_repairs_markdown_like_the_gate(client, api_settings):
    me = account(client, api_settings)
    _, (_, cloze_id, _) = make_deck(api_settings, me.user_id)
    body = client.patch(
        f"/api/v1/cards/{cloze_id}",
        headers=me.headers,
        json={"front": "The **{{c3::stack}}** stores values in the order it gets them."},
    ).get_json()
    assert body["front"] == "The {{c1::stack}} stores values in the order it gets them."


@pytest.mark.parametrize(
    ("payload", "names"),
    [
        ({"front": ""}, {"front"}),
        ({"front": None}, {"front"}),
        ({"front": "x" * 1001}, {"front"}),
        ({"back": "x" * 2001}, {"back"}),
        ({"back": "   "}, {"back"}),
        ({"tags": "rust"}, {"tags"}),
        ({"tags": ["ok", ""]}, {"tags.1"}),
        ({"tags": [f"t{i}" for i in range(21)]}, {"tags"}),
        ({"kind": "cloze"}, {"kind"}),
        ({"guid": "abc"}, {"guid"}),
        ({"front": "", "back": 3}, {"front", "back"}),
        ({"front": "What is {{c1::this}}?"}, {"front"}),
        ({"front": "What is <b>ownership?"}, {"front"}),
    ],
    ids=[
        "empty-front",
        "null-front",
        "long-front",
        "long-back",
        "blank-back",
        "tags-not-list",
        "empty-tag",
        "too-many-tags",
        "kind-not-editable",
        "unknown-field",
        "two-bad-fields",
        "cloze-on-basic",
        "unbalanced-html",
    ],
)
def test_bad_edits_name_each_field_and_change_nothing(client, api_settings, payload, names):
    me = account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, me.user_id)
    before = snapshot(api_settings, card_id)
    assert bad_names(client.patch(f"/api/v1/cards/{card_id}", headers=me.headers, json=payload)) == names
    assert snapshot(api_settings, card_id) == before


@pytest.mark.parametrize(
    "front", ["The stack stores values in order.", "The {{c2::stack}} stores {{c1::values}."]
)
def test_a_cloze_card_needs_valid_deletions(client, api_settings, front):
    me = account(client, api_settings)
    _, (_, cloze_id, _) = make_deck(api_settings, me.user_id)
    response = client.patch(f"/api/v1/cards/{cloze_id}", headers=me.headers, json={"front": front})
    assert bad_names(response) == {"front"}


def test_a_body_that_is_not_a_json_object(client, api_settings):
    me = account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, me.user_id)
    response = client.patch(f"/api/v1/cards/{card_id}", headers=me.headers, data="front=x")
    assert_problem(response, 400, "bad_request")


def test_another_users_card_is_not_found(client, api_settings):
    owner, other = account(client, api_settings), account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, owner.user_id)
    before = snapshot(api_settings, card_id)
    missing = assert_problem(
        client.patch("/api/v1/cards/" + "f" * 32, headers=other.headers, json={"back": "x"}), 404, "not_found"
    )
    theirs = assert_problem(
        client.patch(f"/api/v1/cards/{card_id}", headers=other.headers, json={"back": "Mine now"}),
        404,
        "not_found",
    )
    assert theirs["title"] == missing["title"]
    assert_problem(client.delete(f"/api/v1/cards/{card_id}", headers=other.headers), 404, "not_found")
    assert snapshot(api_settings, card_id) == before


def test_cards_of_a_deck_still_being_made_are_not_found(client, api_settings):
    me = account(client, api_settings)
    _, (card_id, *_) = make_deck(api_settings, me.user_id, ready=False)
    assert_problem(
        client.patch(f"/api/v1/cards/{card_id}", headers=me.headers, json={"back": "x"}), 404, "not_found"
    )


def test_card_routes_need_a_token(client, api_settings):
    me = account(client, api_settings)
    deck_id, (card_id, *_) = make_deck(api_settings, me.user_id)
    assert_problem(client.patch(f"/api/v1/cards/{card_id}", json={"back": "x"}), 401, "unauthorized")
    assert_problem(client.delete(f"/api/v1/cards/{card_id}"), 401, "unauthorized")
    assert_problem(client.post(f"/api/v1/decks/{deck_id}/cards", json={"front": "a"}), 401, "unauthorized")


# --- DELETE --------------------------------------------------------------------------------


@pytest.mark.sql
def test_delete_removes_the_card_its_reviews_and_updates_the_deck(client, api_settings):
    me = account(client, api_settings)
    deck_id, (card_id, *rest) = make_deck(api_settings, me.user_id)
    review = client.post(f"/api/v1/cards/{card_id}/review", headers=me.headers, json={"rating": "good"})
    assert review.status_code == 200, review.get_data(as_text=True)
    response = client.delete(f"/api/v1/cards/{card_id}", headers=me.headers)
    assert response.status_code == 204 and response.data == b""
    assert stored(api_settings, card_id) is None
    deck = client.get(f"/api/v1/decks/{deck_id}", headers=me.headers).get_json()
    assert [c["id"] for c in deck["cards"]] == rest and deck["card_count"] == 2
    engine = make_engine(api_settings)
    with Session(engine) as session:
        assert session.exec(select(ReviewLog).where(ReviewLog.card_id == card_id)).all() == []
    engine.dispose()
    assert_problem(client.delete(f"/api/v1/cards/{card_id}", headers=me.headers), 404, "not_found")


# --- POST /decks/{id}/cards ----------------------------------------------------------------


def test_add_a_card_by_hand(client, api_settings):
    me = account(client, api_settings)
    deck_id, ids = make_deck(api_settings, me.user_id)
    response = client.post(
        f"/api/v1/decks/{deck_id}/cards",
        headers=me.headers,
        json={"front": "Which keyword moves ownership into a closure?", "back": "move", "tags": ["closures"]},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    card = response.get_json()
    assert response.headers["Location"] == f"/api/v1/cards/{card['id']}"
    assert card["origin"] == "manual" and card["kind"] == "basic" and card["tags"] == ["closures"]
    # No source to ground in: the source rules are left out, not failed.
    assert "Q10" not in card["checks"] and "Q11" not in card["checks"] and card["checks"]["Q1"]
    assert card["guid"] and card["deck_id"] == deck_id
    deck = client.get(f"/api/v1/decks/{deck_id}", headers=me.headers).get_json()
    assert [c["id"] for c in deck["cards"]] == [*ids, card["id"]]  # appended after the generated cards
    assert deck["card_count"] == 4 == stored_deck(api_settings, deck_id).card_count
    notes = apkg_notes(client.get(f"/api/v1/decks/{deck_id}/export?format=apkg", headers=me.headers).data)
    assert notes[card["guid"]]["fields"][:2] == ["Which keyword moves ownership into a closure?", "move"]


def test_add_a_cloze_card_and_its_guid_stays_through_edits(client, api_settings):
    me = account(client, api_settings)
    deck_id, _ = make_deck(api_settings, me.user_id)
    card = client.post(
        f"/api/v1/decks/{deck_id}/cards",
        headers=me.headers,
        json={"kind": "cloze", "front": "Rust frees memory when its {{c1::owner}} goes out of scope."},
    ).get_json()
    assert card["kind"] == "cloze" and card["back"] == ""
    edited = client.patch(
        f"/api/v1/cards/{card['id']}",
        headers=me.headers,
        json={"front": "Rust drops a value when its {{c1::owner}} goes out of scope."},
    ).get_json()
    assert edited["guid"] == card["guid"]


@pytest.mark.parametrize(
    ("payload", "names"),
    [
        ({}, {"front"}),
        ({"front": "What is a borrow?"}, {"back"}),
        ({"kind": "essay", "front": "What is a borrow?", "back": "A reference"}, {"kind"}),
        ({"kind": "cloze", "front": "No deletion here at all."}, {"front"}),
        ({"front": "x" * 1001, "back": "y"}, {"front"}),
        ({"front": "What is a borrow?", "back": "A reference", "origin": "llm"}, {"origin"}),
    ],
    ids=["no-front", "basic-without-back", "unknown-kind", "cloze-without-deletion", "long-front", "extra"],
)
def test_bad_new_cards_name_each_field_and_store_nothing(client, api_settings, payload, names):
    me = account(client, api_settings)
    deck_id, _ = make_deck(api_settings, me.user_id)
    assert bad_names(client.post(f"/api/v1/decks/{deck_id}/cards", headers=me.headers, json=payload)) == names
    assert stored_deck(api_settings, deck_id).card_count == 3


def test_adding_to_another_users_deck_is_not_found(client, api_settings):
    owner, other = account(client, api_settings), account(client, api_settings)
    deck_id, _ = make_deck(api_settings, owner.user_id)
    response = client.post(
        f"/api/v1/decks/{deck_id}/cards", headers=other.headers, json={"front": "What is it?", "back": "x"}
    )
    assert_problem(response, 404, "not_found")
    assert stored_deck(api_settings, deck_id).card_count == 3


def test_answers_match_the_openapi_document(client, api_settings):
    doc = build_document(client.application)
    me = account(client, api_settings)
    deck_id, (card_id, cloze_id, last_id) = make_deck(api_settings, me.user_id)
    card, review, study = (
        "/api/v1/cards/{card_id}",
        "/api/v1/cards/{card_id}/review",
        "/api/v1/decks/{deck_id}/study",
    )
    calls = [
        (card, "patch", client.patch(f"/api/v1/cards/{card_id}", headers=me.headers, json={"tags": ["a"]})),
        (card, "patch", client.patch(f"/api/v1/cards/{card_id}", headers=me.headers, json={"front": ""})),
        (
            review,
            "post",
            client.post(f"/api/v1/cards/{cloze_id}/review", headers=me.headers, json={"rating": "easy"}),
        ),
        (
            review,
            "post",
            client.post(f"/api/v1/cards/{cloze_id}/review", headers=me.headers, json={"rating": "x"}),
        ),
        (study, "get", client.get(f"/api/v1/decks/{deck_id}/study", headers=me.headers)),
        (study, "get", client.get(f"/api/v1/decks/{deck_id}/study?limit=0", headers=me.headers)),
        (
            "/api/v1/decks/{deck_id}/cards",
            "post",
            client.post(
                f"/api/v1/decks/{deck_id}/cards", headers=me.headers, json={"front": "Is it?", "back": "Yes"}
            ),
        ),
        (card, "delete", client.delete(f"/api/v1/cards/{last_id}", headers=me.headers)),
        (card, "delete", client.delete(f"/api/v1/cards/{last_id}", headers=me.headers)),
    ]
    statuses = []
    for path, method, response in calls:
        assert_matches(doc, path, method, response)
        statuses.append(response.status_code)
    assert statuses == [200, 422, 200, 422, 200, 422, 201, 204, 404]
    # The study queue's item shapes: a reviewed card (not due yet) is absent, a new one present.
    items = client.get(f"/api/v1/decks/{deck_id}/study", headers=me.headers).get_json()["cards"]
    assert cloze_id not in [c["id"] for c in items] and card_id in [c["id"] for c in items]
