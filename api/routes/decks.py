"""Decks: list, show with cards, export, delete."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue
from sqlmodel import col, select

from api.auth import current_user
from api.openapi_operation import Reply, operation
from api.owned import ready_deck
from api.serializers import deck_json
from api.state import state
from api.uploads import content_disposition
from cards.deletion import delete_deck, remove_files
from cards.export import export_deck
from cards.store import deck_cards, export_deck_of
from models import Deck
from models.db import session_scope

bp = Blueprint("decks", __name__, url_prefix="/api/v1/decks")


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
        deck = ready_deck(session, deck_id, current_user())
        cards = deck_cards(session, deck.id)
    return jsonify(deck_json(deck, cards))


@bp.get("/<deck_id>/export")
def export(deck_id: str) -> ResponseReturnValue:
    fmt = request.args.get("format", "json")  # export_deck refuses an unknown one
    with session_scope(state().engine) as session:
        deck = ready_deck(session, deck_id, current_user())
        cards = deck_cards(session, deck.id)
    content, content_type, extension = export_deck(export_deck_of(deck, cards), fmt)
    # content_type, not mimetype: Werkzeug appends a second charset to a text/* mimetype that has one.
    response = Response(content, content_type=content_type)
    response.headers["Content-Disposition"] = content_disposition(
        f"{deck.title}.{extension}", fallback=f"deck.{extension}"
    )
    return response


@bp.delete("/<deck_id>")
@operation(
    summary="Delete a deck",
    description="Its cards, their review history, its jobs, its document and the stored file go with it.",
    tags=("decks",),
    path_params={"deck_id": "The deck's id."},
    responses={204: Reply(description="Deleted.")},
    errors=(409,),
)
def remove_deck(deck_id: str) -> ResponseReturnValue:
    with session_scope(state().engine) as session:
        deleted = delete_deck(session, ready_deck(session, deck_id, current_user()))
    remove_files(state().settings.uploads_dir, deleted.files)
    return "", 204
