"""``deckhand generate``'s in-process pipeline (tasks/local.py): what the written deck holds."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from config import load_settings
from tasks.local import generate_deck_file
from tests.conftest import corpus_file

DOC = "md-rust-book-ch04-01-what-is-ownership.md"
LONG_TXT = "txt-latin1-macdowell-critical-historical-essays.txt"


def offline_settings(tmp_path: Path):
    return load_settings(env="test", data_dir=tmp_path / "data", llm_providers=[], _env_file=None)


def notes(apkg: Path, tmp_path: Path) -> list[tuple[str, int, str]]:
    with zipfile.ZipFile(apkg) as archive:
        db = tmp_path / "collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT guid, mod, flds FROM notes ORDER BY guid").fetchall()
    finally:
        conn.close()


def test_running_generate_again_writes_the_same_notes_with_the_documents_time(tmp_path):
    settings = offline_settings(tmp_path)
    source = corpus_file(DOC)
    runs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}.apkg"
        generate_deck_file(settings, source, out, fmt="apkg", max_cards=20, title="Ownership")
        runs.append(notes(out, tmp_path))
    first, second = runs
    assert first and first == second, "same GUIDs, same fields, same modification times"
    # The note's mod time is the document's, not the export's: a re-import does not overwrite
    # edits made in Anki since the first import.
    document_time = int(source.stat().st_mtime)
    assert {mod for _, mod, _ in first} == {document_time}
    assert document_time < int(datetime.now(UTC).timestamp()) - 1
    assert len({guid for guid, _, _ in first}) == len(first)


def test_few_cards_of_a_long_document_come_from_its_whole_length(tmp_path):
    settings = offline_settings(tmp_path)
    out = tmp_path / "deck.json"
    summary = generate_deck_file(
        settings, corpus_file(LONG_TXT), out, fmt="json", max_cards=6, title="Essays"
    )
    assert summary.chunks > 20 and 0 < summary.cards <= 6
    lines = [card["source"]["lines"][0] for card in json.loads(out.read_text())["cards"]]
    length = len(corpus_file(LONG_TXT).read_bytes().splitlines())
    assert max(lines) > length * 2 // 3, "the last third of the document has cards"
    assert min(lines) < length // 3
