"""Helpers for the OpenAPI tests: a seeded account with a finished deck, and response validation."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

import jsonschema_rs
from flask.testing import FlaskClient
from sqlmodel import Session, select

from config import Settings
from models import Card, Deck, Document, User
from models.db import make_engine

PASSWORD = "correct horse battery"
TEXT_DOCUMENT = (
    b"# Photosynthesis\n\nPlants turn light, water and carbon dioxide into glucose and oxygen.\n"
    b"Chlorophyll absorbs mostly blue and red light.\n"
)


@dataclass
class Seeded:
    """A real account with a token, a queued job and a finished deck with cards."""

    email: str
    headers: dict[str, str]
    job_id: str
    deck_id: str
    card_ids: list[str]


def seed_account(client: FlaskClient, settings: Settings) -> Seeded:
    """Register through the API, upload a document (a real enqueue) and add a finished deck."""
    email = f"u{uuid.uuid4().hex[:10]}@example.com"
    registered = client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert registered.status_code == 201, registered.get_data(as_text=True)
    headers = {"Authorization": f"Bearer {registered.get_json()['token']}"}
    upload = client.post(
        "/api/v1/documents",
        headers=headers,
        data={"file": (io.BytesIO(TEXT_DOCUMENT), "notes.md"), "title": "Notes"},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 202, upload.get_data(as_text=True)
    engine = make_engine(settings)
    try:
        with Session(engine) as session:
            user = session.exec(select(User).where(User.email == email)).one()
            document = session.get(Document, upload.get_json()["document_id"])
            assert user.id is not None and document is not None
            deck = Deck(user_id=user.id, document_id=document.id, title="Finished deck", ready=True)
            session.add(deck)
            session.flush()
            cards = [
                Card(
                    user_id=user.id,
                    deck_id=deck.id,
                    chunk_index=0,
                    position=i,
                    kind=kind,
                    front=front,
                    back=back,
                    source={"heading": "Photosynthesis", "lines": [1, 3]},
                    source_span="Plants turn light",
                    origin="offline",
                    tags=["biology"],
                    checks={"grounded": True},
                    guid=uuid.uuid4().hex[:10],
                )
                for i, (kind, front, back) in enumerate(
                    [
                        ("basic", "What does photosynthesis make?", "Glucose and oxygen."),
                        ("cloze", "Chlorophyll absorbs {{c1::blue and red}} light.", ""),
                    ]
                )
            ]
            session.add_all(cards)
            deck.card_count = len(cards)
            session.commit()
            deck_id, card_ids = deck.id, [c.id for c in cards]
    finally:
        engine.dispose()
    return Seeded(
        email=email, headers=headers, job_id=upload.get_json()["id"], deck_id=deck_id, card_ids=card_ids
    )


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def response_schema(doc: dict[str, Any], path: str, method: str, status: int, content_type: str) -> Any:
    """The documented schema for this answer; fails the test when status or media type is undocumented."""
    operation = doc["paths"][path][method.lower()]
    responses = operation["responses"]
    documented = responses.get(str(status)) or responses.get("default")
    assert documented is not None, f"{method} {path}: status {status} is not documented"
    content = documented.get("content", {})
    if not content:
        return None
    media = media_type(content_type)
    assert media in content, f"{method} {path} {status}: {media} is not documented (only {sorted(content)})"
    return content[media]["schema"]


def schema_errors(doc: dict[str, Any], schema: Any, instance: Any) -> list[str]:
    """Messages of every way ``instance`` breaks ``schema`` (refs resolved inside ``doc``)."""
    validator = jsonschema_rs.Draft202012Validator({**schema, "components": doc["components"]})
    return [str(error).split("\n", 1)[0] for error in validator.iter_errors(instance)]


def assert_matches(doc: dict[str, Any], path: str, method: str, response: Any) -> None:
    """The response's status, media type and (JSON) body are what the document says."""
    schema = response_schema(doc, path, method, response.status_code, response.content_type)
    if schema is None:
        assert not response.get_data(), f"{method} {path}: a body where none is documented"
        return
    if media_type(response.content_type).endswith("json"):
        errors = schema_errors(doc, schema, response.get_json())
        assert errors == [], f"{method} {path} {response.status_code}: {errors}"
