from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cards.export import ExportCard, ExportDeck, card_guid, deck_id_for, export_deck
from cards.export.anki import BASIC_MODEL_ID, CLOZE_MODEL_ID, REVERSED_MODEL_ID
from errors import ValidationFailed

T1 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
T2 = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
T3 = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)


def make_deck() -> ExportDeck:
    return ExportDeck(
        title="Biology::Cells",
        deck_key="deck-42",
        cards=[
            ExportCard(
                card_guid("doc-1", "c1"),
                "basic",
                "What is $E=mc^2$ <here>?",
                "Energy & mass",
                {"page": 3},
                ["offline-draft", "needs review"],
                T1,
            ),
            ExportCard(
                card_guid("doc-1", "c2"),
                "cloze",
                "The {{c1::mitochondrion}} makes ATP.",
                "Powerhouse",
                {"heading": ["Cells", "Organelles"]},
                [],
                T2,
            ),
            ExportCard(
                card_guid("doc-1", "c3"), "reversed", "ATP", "adenosine triphosphate", {"slide": 4}, [], T3
            ),
        ],
    )


def open_collection(content: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        assert json.loads(archive.read("media")) == {}
        db = tmp_path / "collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(db)


def test_apkg_contents(tmp_path: Path) -> None:
    content, mimetype, ext = export_deck(make_deck(), "apkg")
    assert (mimetype, ext) == ("application/apkg", "apkg")
    conn = open_collection(content, tmp_path)
    notes = conn.execute("SELECT guid, mid, mod, flds, tags FROM notes ORDER BY mod").fetchall()
    deck = make_deck()
    assert [n[0] for n in notes] == [c.guid for c in deck.cards]
    assert [n[1] for n in notes] == [BASIC_MODEL_ID, CLOZE_MODEL_ID, REVERSED_MODEL_ID]
    assert [n[2] for n in notes] == [int(t.timestamp()) for t in (T1, T2, T3)]
    front, back, source = notes[0][3].split("\x1f")
    assert front == "What is \\(E=mc^2\\) &lt;here&gt;?" and back == "Energy &amp; mass" and source == "p. 3"
    assert notes[1][3].split("\x1f")[0] == "The {{c1::mitochondrion}} makes ATP."
    assert notes[0][4].split() == ["offline-draft", "needs_review"]
    models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
    models = json.loads(models_json)
    assert models[str(CLOZE_MODEL_ID)]["type"] == 1
    assert [f["name"] for f in models[str(CLOZE_MODEL_ID)]["flds"]] == ["Text", "Back Extra", "Source"]
    assert [f["name"] for f in models[str(BASIC_MODEL_ID)]["flds"]] == ["Front", "Back", "Source"]
    assert len(models[str(REVERSED_MODEL_ID)]["tmpls"]) == 2
    decks = json.loads(decks_json)
    assert decks[str(deck_id_for("deck-42"))]["name"] == "Biology::Cells"
    assert (1 << 30) <= deck_id_for("deck-42") < (1 << 31)
    cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    assert cards == 4  # basic 1 + cloze 1 + reversed 2


def test_apkg_byte_identical() -> None:
    assert export_deck(make_deck(), "apkg")[0] == export_deck(make_deck(), "apkg")[0]


def test_guid_stable_and_edit_changes_only_that_note(tmp_path: Path) -> None:
    assert card_guid("doc-1", "c1") == card_guid("doc-1", "c1") != card_guid("doc-1", "c2")
    deck = make_deck()
    edited = dataclasses.replace(
        deck.cards[1], back="Makes most ATP", content_changed_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    deck2 = dataclasses.replace(deck, cards=[deck.cards[0], edited, deck.cards[2]])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = open_collection(export_deck(deck, "apkg")[0], tmp_path / "a")
    after = open_collection(export_deck(deck2, "apkg")[0], tmp_path / "b")
    rows_before = {g: (m, f) for g, m, f in before.execute("SELECT guid, mod, flds FROM notes")}
    rows_after = {g: (m, f) for g, m, f in after.execute("SELECT guid, mod, flds FROM notes")}
    assert rows_before.keys() == rows_after.keys()
    changed = {g for g in rows_before if rows_before[g] != rows_after[g]}
    assert changed == {edited.guid}
    assert rows_after[edited.guid][0] == int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
    models_before = before.execute("SELECT models FROM col").fetchone()[0]
    assert models_before == after.execute("SELECT models FROM col").fetchone()[0]


def parse_anki_text(text: str) -> tuple[dict[str, str], list[list[str]]]:
    """Anki's rules: leading lines starting with '#' are 'key:value' headers, then rows."""
    headers: dict[str, str] = {}
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0)[1:].partition(":")
        headers[key] = value
    separator = {"tab": "\t"}[headers["separator"]]
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=separator))
    return headers, [r for r in rows if r]


def test_tsv_follows_anki_header_rules() -> None:
    content, mimetype, ext = export_deck(make_deck(), "tsv")
    assert ext == "txt" and mimetype.startswith("text/tab-separated-values")
    headers, rows = parse_anki_text(content.decode("utf-8"))
    assert headers["html"] == "true"
    columns = [int(headers[k]) for k in ("notetype column", "deck column", "guid column", "tags column")]
    assert all(len(r) >= max(columns) for r in rows) and len({len(r) for r in rows}) == 1
    assert [r[int(headers["notetype column"]) - 1] for r in rows] == [
        "Basic",
        "Cloze",
        "Basic (and reversed card)",
    ]
    assert [r[int(headers["guid column"]) - 1] for r in rows] == [c.guid for c in make_deck().cards]
    assert rows[0][int(headers["deck column"]) - 1] == "Biology::Cells"
    assert "{{c1::mitochondrion}}" in rows[1][3]
    # tags: space-separated, a tag's own spaces turned into underscores (Anki splits on spaces)
    tags = [r[int(headers["tags column"]) - 1] for r in rows]
    assert tags == ["offline-draft needs_review", "", ""]
    # fields are HTML (#html:true): markup characters escaped, $..$ math in Anki's \( \) delimiters
    front, back = rows[0][3], rows[0][4]
    assert front == "What is \\(E=mc^2\\) &lt;here&gt;?"
    assert back.startswith("Energy &amp; mass<br><br>") and "Source: p. 3" in back
    assert not any("$" in r[3] + r[4] for r in rows)


def test_csv_json_markdown() -> None:
    csv_bytes, _, ext = export_deck(make_deck(), "csv")
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8"))))
    assert ext == "csv" and rows[0] == ["front", "back", "kind", "source", "tags"]
    assert rows[2][:4] == [
        "The {{c1::mitochondrion}} makes ATP.",
        "Powerhouse",
        "cloze",
        "Cells › Organelles",
    ]
    data = json.loads(export_deck(make_deck(), "json")[0])
    assert data["cards"][0]["source"] == {"page": 3} and data["cards"][0]["content_changed_at"].startswith(
        "2024-05-01"
    )
    markdown = export_deck(make_deck(), "markdown")[0].decode("utf-8")
    assert markdown.startswith("# Biology::Cells") and "*Source: slide 4*" in markdown


def test_unknown_format_rejected_with_hint() -> None:
    with pytest.raises(ValidationFailed) as info:
        export_deck(make_deck(), "pdf")
    assert "apkg" in info.value.hint and "csv" in info.value.hint
