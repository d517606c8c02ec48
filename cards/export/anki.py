"""Anki ``.apkg`` export with genanki.

What makes re-imports behave (cards.md §5):

* model ids are hard-coded and each model's JSON is byte-stable (its ``mod`` is
  fixed), so Anki never sees a "new" note type;
* the deck id is derived from ``deck_key`` (stable per deck);
* each note's GUID is the stored ``ExportCard.guid`` (see :func:`card_guid`);
* each note's ``mod`` is its ``content_changed_at``, not the export time, so a
  re-import only overwrites notes whose content really changed (genanki writes
  the package timestamp into every note; :class:`_TimedNote` passes its own);
* the zip is written by us with fixed entry dates, so identical input gives
  byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import genanki

from cards.export.fields import anki_tag, to_field_html
from cards.export.model import ExportCard, ExportDeck, source_label
from cards.schema import CardKind

# Picked once in 1<<30..1<<31; never change them (Anki would see new note types).
BASIC_MODEL_ID = 1_583_920_471
CLOZE_MODEL_ID = 1_583_920_472
REVERSED_MODEL_ID = 1_583_920_473
MODEL_MOD = 1_735_689_600  # 2025-01-01T00:00:00Z: fixed so the models' JSON never changes
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

CSS = """.card { font-family: arial; font-size: 20px; text-align: center; color: black; }
.cloze { font-weight: bold; color: blue; }
.source { font-size: 12px; color: #777; margin-top: 1em; }"""

_SOURCE_HTML = '<div class="source">{{Source}}</div>'


class _StableModel(genanki.Model):  # type: ignore[misc]
    """A model whose JSON does not depend on the export time."""

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        data: dict[str, Any] = super().to_json(MODEL_MOD, deck_id)
        return data


class _TimedNote(genanki.Note):  # type: ignore[misc]
    """A note whose ``mod`` (and its cards' ``mod``) is its content time, not the package's."""

    def __init__(self, *, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(
        self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: Iterator[int]
    ) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


_FIELDS = [{"name": "Front"}, {"name": "Back"}, {"name": "Source"}]
_FRONT_TO_BACK = {
    "name": "Card 1",
    "qfmt": "{{Front}}",
    "afmt": '{{FrontSide}}<hr id="answer">{{Back}}' + _SOURCE_HTML,
}
BASIC_MODEL = _StableModel(
    BASIC_MODEL_ID, "Deckhand Basic", fields=_FIELDS, templates=[_FRONT_TO_BACK], css=CSS
)
REVERSED_MODEL = _StableModel(
    REVERSED_MODEL_ID,
    "Deckhand Basic (and reversed card)",
    fields=_FIELDS,
    templates=[
        _FRONT_TO_BACK,
        {
            "name": "Card 2",
            "qfmt": "{{Back}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Front}}' + _SOURCE_HTML,
        },
    ],
    css=CSS,
)
CLOZE_MODEL = _StableModel(
    CLOZE_MODEL_ID,
    "Deckhand Cloze",
    fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Source"}],
    templates=[
        {
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}<br>{{Back Extra}}" + _SOURCE_HTML,
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)
MODELS = {CardKind.BASIC: BASIC_MODEL, CardKind.REVERSED: REVERSED_MODEL, CardKind.CLOZE: CLOZE_MODEL}


def card_guid(document_key: str, guid_source: str) -> str:
    """A stable Anki GUID for one card of one document; the caller stores it with the card."""
    return str(genanki.guid_for(document_key, guid_source))


def deck_id_for(deck_key: str) -> int:
    """A stable deck id in 1<<30..1<<31 derived from ``deck_key``."""
    digest = int(hashlib.sha256(deck_key.encode("utf-8")).hexdigest()[:15], 16)
    return (1 << 30) + digest % (1 << 30)


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("content_changed_at must be timezone-aware (UTC)")
    return int(moment.timestamp())


def _note(card: ExportCard) -> _TimedNote:
    kind = card.card_kind
    fields = [to_field_html(card.front), to_field_html(card.back), to_field_html(source_label(card.source))]
    return _TimedNote(
        mod=_epoch(card.content_changed_at),
        model=MODELS[kind],
        fields=fields,
        guid=card.guid,
        tags=[anki_tag(t) for t in card.tags if t.strip()],
    )


def build_package(deck: ExportDeck) -> genanki.Package:
    anki_deck = genanki.Deck(deck_id_for(deck.deck_key), deck.title)
    for model in MODELS.values():
        anki_deck.add_model(model)
    for card in deck.cards:
        anki_deck.add_note(_note(card))
    return genanki.Package(anki_deck)


def _package_time(deck: ExportDeck) -> int:
    # Note ids are counted from this; derived from content so output stays deterministic.
    return max((_epoch(c.content_changed_at) for c in deck.cards), default=MODEL_MOD)


def to_apkg(deck: ExportDeck) -> bytes:
    """The deck as ``.apkg`` bytes (byte-identical for identical input)."""
    package = build_package(deck)
    timestamp = _package_time(deck)
    fd, db_path = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    try:
        conn = sqlite3.connect(db_path)
        try:
            id_gen = itertools.count(timestamp * 1000)
            package.write_to_db(conn.cursor(), timestamp, id_gen)
            conn.commit()
        finally:
            conn.close()
        with open(db_path, "rb") as fh:
            collection = fh.read()
    finally:
        os.unlink(db_path)
    return _zip({"collection.anki2": collection, "media": json.dumps({}).encode()})


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
