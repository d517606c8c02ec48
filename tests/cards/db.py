"""Real-database helpers for the card API tests: users through the API, decks written as the pipeline does."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlmodel import Session, select

from cards.export import card_guid
from config import Settings
from models import Card, Deck, User
from models.db import make_engine

GENERATED_AT = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

CARDS: list[dict[str, Any]] = [
    {
        "kind": "basic",
        "front": "Which component of Rust manages memory through a set of rules?",
        "back": "Ownership",
        "source_span": "Ownership is a set of rules that govern how a Rust program manages memory.",
        "source": {"page": 1, "heading": ["Ownership"]},
    },
    {
        "kind": "cloze",
        "front": "The {{c1::stack}} stores values in the order it gets them.",
        "back": "",
        "source_span": "The stack stores values in the order it gets them.",
        "source": {"page": 1, "heading": ["Ownership"]},
    },
    {
        "kind": "basic",
        "front": "What translates source code into machine code?",
        "back": "A compiler",
        "source_span": "Compiler: a program that translates source code into machine code.",
        "source": {"page": 2, "heading": ["Ownership", "Glossary"]},
    },
]


@dataclass
class Account:
    headers: dict[str, str]
    user_id: int


def account(client: FlaskClient, settings: Settings) -> Account:
    email = f"u{uuid.uuid4().hex[:10]}@example.com"
    response = client.post(
        "/api/v1/auth/register", json={"email": email, "password": "correct horse battery"}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    engine = make_engine(settings)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
    engine.dispose()
    assert user.id is not None
    return Account({"Authorization": f"Bearer {response.get_json()['token']}"}, user.id)


def make_deck(
    settings: Settings, user_id: int, cards: list[dict[str, Any]] | None = None, *, ready: bool = True
) -> tuple[str, list[str]]:
    """A deck with generated cards stored like the pipeline stores them; returns (deck id, card ids)."""
    specs = CARDS if cards is None else cards
    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        deck = Deck(user_id=user_id, title="Ownership", ready=ready, card_count=len(specs))
        session.add(deck)
        session.flush()  # no ORM relationship orders the inserts: the deck must exist first
        rows = [
            Card(
                user_id=user_id,
                deck_id=deck.id,
                chunk_index=0,
                position=i,
                origin="offline",
                provider="offline",
                guid=card_guid("sha-of-document", f"{spec['kind']}\x00{spec['front']}"),
                checks={"Q1": True},
                content_changed_at=GENERATED_AT,
                created_at=GENERATED_AT,
                **spec,
            )
            for i, spec in enumerate(specs)
        ]
        session.add_all(rows)
        session.commit()
        ids = [r.id for r in rows]
    engine.dispose()
    return deck.id, ids


def apkg_notes(content: bytes) -> dict[str, dict[str, Any]]:
    """The notes of an .apkg by GUID: fields and ``mod``."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        collection = archive.read("collection.anki2")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.anki2"
        path.write_bytes(collection)
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute("SELECT guid, mod, flds FROM notes").fetchall()
        finally:
            conn.close()
    return {guid: {"mod": mod, "fields": flds.split("\x1f")} for guid, mod, flds in rows}
