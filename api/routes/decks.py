"""Decks: list, show with cards, export."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from sqlmodel import Session, col, select

from api.auth import current_user
from api.owned import get_owned
from api.serializers import deck_json
from api.state import state
from api.uploads import sanitize_filename
from cards.export import ExportCard, ExportDeck, export_deck
from errors import NotFound
from models import Card, Deck
from models.db import session_scope

bp = Blueprint("decks", __name__, url_prefix="/api/v1/decks")


def _cards(session: Session, deck: Deck) -> list[Card]:
    return list(
        session.exec(
            select(Card)
            .where(Card.deck_id == deck.id)
            .order_by(col(Card.chunk_index), col(Card.position), col(Card.created_at))
        )
    )


def _ready_deck(session: Session, deck_id: str) -> Deck:
    deck = get_owned(session, Deck, deck_id, current_user())
    if not deck.ready:
        raise NotFound(f"No deck with id {deck_id!r} yet.", hint="Its job is still running; poll the job.")
    return deck


@bp.get("")
def list_decks() -> ResponseReturnValue:
    user = current_user()
    with session_scope(state().engine) as session:
        decks = session.exec(
            select(Deck)
            .where(Deck.user_id == user.id, col(Deck.ready).is_(True))
            .order_by(col(Deck.created_at).desc())
        ).all()
    return jsonify(decks=[deck_json(d) for d in decks])


@bp.get("/<deck_id>")
def get_deck(deck_id: str) -> ResponseReturnValue:
    with session_scope(state().engine) as session:
        deck = _ready_deck(session, deck_id)
        cards = _cards(session, deck)
    return jsonify(deck_json(deck, cards))


@bp.get("/<deck_id>/export")
def export(deck_id: str) -> ResponseReturnValue:
    fmt = request.args.get("format", "json")  # export_deck refuses an unknown one
    with session_scope(state().engine) as session:
        deck = _ready_deck(session, deck_id)
        cards = _cards(session, deck)
    content, mimetype, extension = export_deck(
        ExportDeck(
            title=deck.title,
            deck_key=deck.id,
            cards=[
                ExportCard(
                    guid=c.guid,
                    kind=c.kind,
                    front=c.front,
                    back=c.back,
                    source=c.source,
                    tags=c.tags,
                    content_changed_at=c.content_changed_at,
                )
                for c in cards
            ],
        ),
        fmt,
    )
    filename = sanitize_filename(f"{deck.title}.{extension}", fallback=f"deck.{extension}")
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{ascii_name}"'
    return response
