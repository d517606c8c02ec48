"""`deckhand export DECK_ID`: a stored deck written to a file in each format, one-line errors otherwise."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import Result
from sqlmodel import Session

from models import User
from models.db import make_engine
from tests.cards.db import CARDS, apkg_notes, make_deck
from tests.conftest import deckhand
from tests.database import migrate_head
from tests.stack import ROOT, settings_env


def run_cli(*args: str, env: dict[str, str], cwd: str = ROOT) -> Result:
    """In-process (Click's runner): tests/test_cli.py starts ``deckhand`` as a process."""
    return deckhand(list(args), env, Path(cwd))


@pytest.fixture
def stored_deck(settings):
    """(env, deck id, a deck still being made) in a migrated SQLite database."""
    migrate_head(settings)
    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        user = User(email="cli@example.com", password_hash="x")
        session.add(user)
        session.commit()
    engine.dispose()
    assert user.id is not None
    deck_id, _ = make_deck(settings, user.id)
    unfinished, _ = make_deck(settings, user.id, ready=False)
    return settings_env(settings), deck_id, unfinished


def _check_apkg(data: bytes) -> None:
    notes = apkg_notes(data)
    assert sorted(n["fields"][0] for n in notes.values()) == sorted(c["front"] for c in CARDS)


def _check_tsv(data: bytes) -> None:
    text = data.decode()
    assert text.startswith("#separator:tab\n")
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert [r[0] for r in rows] == ["Basic", "Cloze", "Basic"]


def _check_csv(data: bytes) -> None:
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [r["front"] for r in rows] == [c["front"] for c in CARDS]


def _check_json(data: bytes) -> None:
    deck = json.loads(data)
    assert deck["title"] == "Ownership" and [c["kind"] for c in deck["cards"]] == ["basic", "cloze", "basic"]


def _check_md(data: bytes) -> None:
    text = data.decode()
    assert text.startswith("# Ownership\n") and "## 3. What translates source code" in text


@pytest.mark.parametrize(
    ("fmt", "extension", "check"),
    [
        ("apkg", "apkg", _check_apkg),
        ("tsv", "txt", _check_tsv),
        ("csv", "csv", _check_csv),
        ("json", "json", _check_json),
        ("md", "md", _check_md),
    ],
)
def test_export_each_format(stored_deck, tmp_path, fmt, extension, check):
    env, deck_id, _ = stored_deck
    out = tmp_path / f"deck.{extension}"
    result = run_cli("export", deck_id, "--format", fmt, "-o", str(out), env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote 3 cards to {out}"
    check(out.read_bytes())


def test_export_defaults_to_apkg_named_after_the_deck(stored_deck, tmp_path):
    env, deck_id, _ = stored_deck
    result = run_cli("export", deck_id, env=env, cwd=str(tmp_path))
    assert result.exit_code == 0, result.stderr
    _check_apkg((tmp_path / f"{deck_id}.apkg").read_bytes())


@pytest.mark.parametrize("which", ["unknown", "unfinished"])
def test_an_unknown_or_unfinished_deck_is_one_line_and_exit_1(stored_deck, tmp_path, which):
    env, _, unfinished = stored_deck
    deck_id = "f" * 32 if which == "unknown" else unfinished
    out = tmp_path / "deck.apkg"
    result = run_cli("export", deck_id, "-o", str(out), env=env)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"deckhand: No deck with id '{deck_id}'. (not_found)")
    assert not out.exists()


def test_an_unknown_format_is_a_usage_error_before_any_work(stored_deck, tmp_path):
    env, deck_id, _ = stored_deck
    result = run_cli("export", deck_id, "--format", "pdf", "-o", str(tmp_path / "x.pdf"), env=env)
    assert result.exit_code == 2  # cli_failures.Exit.USAGE
    assert result.stderr.count("\n") == 1
    assert "'pdf' is not one of 'apkg', 'tsv', 'csv', 'json', 'md'" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_unmigrated_database_is_one_line_without_the_url(settings, tmp_path):
    env = settings_env(settings)
    result = run_cli("export", "f" * 32, env=env)
    assert result.exit_code == 4  # cli_failures.Exit.DATABASE: no database there, and none created
    assert result.stderr.count("\n") == 1 and "database_not_ready" in result.stderr
    assert not settings.data_dir.exists()
    assert settings.sqlalchemy_url not in result.stderr
