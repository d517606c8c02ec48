"""The `deckhand` command: generate a deck, and run the whole local stack.

Most tests run the command in-process through Click's runner; one ``generate`` and the
``run`` test start it as a process (tests/test_cli_failures.py checks ``--help`` too).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request

import pytest
import redis
from click.testing import CliRunner, Result

import cli
from api.schemas import CardOut
from cards.export import FORMATS
from redisconn.embedded import free_port
from tests.conftest import corpus_file
from tests.stack import ROOT, wait_for

DECKHAND = [sys.executable, "-c", "import cli; cli.main()"]


def run_cli(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DECKHAND, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def cli_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "LLM_"))}
    env.update(DATA_DIR=str(tmp_path / "data"), PYTHONPATH=ROOT)
    return env


def test_generate_writes_a_json_deck_citing_headings(tmp_path, cli_env):
    out = tmp_path / "deck.json"
    result = run_cli(
        "generate", str(corpus_file("md-rust-book-ch04-01-what-is-ownership.md")), "-o", str(out), env=cli_env
    )
    assert result.returncode == 0, result.stderr
    deck = json.loads(out.read_text())
    assert deck["cards"], deck
    assert all(card["source"].get("heading") for card in deck["cards"])
    assert "wrote" in result.stdout


# --- generate, in-process through Click's runner ---------------------------------------


@pytest.fixture
def runner_env(tmp_path) -> dict[str, str | None]:
    """No database, Redis or provider settings of the caller's shell: the offline generator answers."""
    env: dict[str, str | None] = {
        k: None for k in os.environ if k.startswith(("DATABASE_", "REDIS_", "LLM_"))
    }
    env.update(DATA_DIR=str(tmp_path / "data"), LLM_PROVIDERS="")
    return env


def invoke(*args: str, env: dict[str, str | None]) -> Result:
    result = CliRunner().invoke(cli.main, list(args), env=env)
    # An exception the command let through would have been a traceback in a process.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


#: A short PDF with facts to make cards of (the one-page LaTeX sample is lorem ipsum: no cards).
TEXT_PDF = "pdf-korean-nars-issue-brief-4p.pdf"


def test_generate_writes_csv(tmp_path, runner_env):
    out = tmp_path / "deck.csv"
    result = invoke("generate", str(corpus_file(TEXT_PDF)), "-o", str(out), env=runner_env)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert len(rows) >= 2


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("pdf-encrypted-rc4-user-password-libreoffice.pdf", "pdf_encrypted"),
        ("docx-hostile-zipbomb-zbsm-renamed.docx", "archive_bomb"),
    ],
)
def test_generate_reports_a_bad_document_in_one_line(tmp_path, runner_env, name, code):
    result = invoke("generate", str(corpus_file(name)), "-o", str(tmp_path / "x.json"), env=runner_env)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and code in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("-o", "{tmp}/deck.xlsx"), "cannot tell the format from 'deck.xlsx'"),
        (("-o", "{tmp}/deck.json", "--format", "pdf"), "unknown format 'pdf'"),
        (("-o", "{tmp}/missing/deck.json"), "does not exist"),
    ],
)
def test_generate_refuses_bad_arguments_in_one_line_before_any_work(tmp_path, runner_env, args, expected):
    # An encrypted PDF: had the document been read first, the error would be pdf_encrypted.
    document = corpus_file("pdf-encrypted-rc4-user-password-libreoffice.pdf")
    result = invoke("generate", str(document), *(a.format(tmp=tmp_path) for a in args), env=runner_env)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    if "format" in expected:
        assert "apkg, csv, json, md, tsv" in lines[0]
    assert "pdf_encrypted" not in result.stderr and not list(tmp_path.glob("deck.*"))


def test_generate_help_names_every_format(runner_env):
    result = invoke("generate", "--help", env=runner_env)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert all(fmt in text for fmt in FORMATS) and "txt" in text


def test_generate_says_one_card_and_writes_the_api_card_fields(tmp_path, runner_env):
    out = tmp_path / "deck.json"
    document = tmp_path / "plants.md"
    document.write_text(
        "# Plant biology\n\nPhotosynthesis is the process by which green plants use sunlight to synthesize "
        "nutrients from carbon dioxide and water. Chlorophyll is the green pigment that absorbs light "
        "energy in the chloroplasts of plant cells.\n"
    )
    result = invoke("generate", str(document), "-o", str(out), "--max-cards", "1", env=runner_env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote 1 card to {out}")
    (card,) = json.loads(out.read_text())["cards"]
    # The API's card (GET /api/v1/decks/{id}) but its database id, plus the note's mod time.
    assert set(card) == (set(CardOut.model_fields) - {"id"}) | {"content_changed_at"}
    assert card["source_span"] and card["checks"] and all(card["checks"].values())
    assert card["origin"] == "offline"


def test_generate_without_cards_exits_1_with_the_reason(tmp_path, runner_env):
    notes = tmp_path / "notes.md"
    notes.write_text("# Week 3\n\n## Cells\n\nmitochondria, ribosomes\n\n## Tissues\n\nto do\n")
    out = tmp_path / "notes.json"
    result = invoke("generate", str(notes), "-o", str(out), env=runner_env)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "(no_cards)" in lines[0] and "too short" in lines[0], result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_generate_shows_progress_from_reading_to_writing(tmp_path, runner_env):
    document = corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf")
    out = tmp_path / "deck.csv"
    result = invoke("generate", str(document), "-o", str(out), "--progress", env=runner_env)
    assert result.exit_code == 0, result.output
    err = result.stderr
    # pages as the parser reads them (before the chunks), the deck's size and why, then the chunks
    assert re.search(r"reading: .*\d/15 \[.* pages/s, [\d,]+ characters\]", err), err
    assert "read 15 pages" in err and "per 1,000 words" in err
    assert err.index("reading") < err.index("per 1,000 words") < err.index("writing cards")
    assert result.stdout.startswith("wrote ") and out.exists()


def test_generate_is_quiet_on_stderr_without_a_terminal(tmp_path, runner_env):
    out = tmp_path / "deck.md"
    result = invoke("generate", str(corpus_file(TEXT_PDF)), "-o", str(out), env=runner_env)
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and out.read_text().startswith("# pdf-korean")


def test_a_bad_setting_is_one_clear_message(runner_env):
    result = invoke(
        "generate",
        str(corpus_file("pdf-tiny-one-page-minimal-latex.pdf")),
        env={**runner_env, "MAX_PAGES": "many"},
    )
    assert result.exit_code != 0
    assert "MAX_PAGES" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_run_serves_and_stops_cleanly_on_ctrl_c(cli_env, tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [*DECKHAND, "run", "--port", str(port)],
        cwd=ROOT,
        env=cli_env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True)
    reader.start()
    try:
        # The banner comes once the API answers /healthz.
        banner = "Deckhand is running at"
        wait_for(lambda: banner in "".join(lines) or proc.poll() is not None, 120, "the banner")
        assert proc.poll() is None, "".join(lines)
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            assert json.load(response) == {"status": "ok"}
        redis_port = (tmp_path / "data" / "redis" / "port").read_text().strip()
        assert redis.Redis(port=int(redis_port)).ping()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        reader.join(timeout=10)
    output = "".join(lines)
    assert proc.returncode == 0, output
    assert "Deckhand is running at" in output and "Deckhand stopped." in output
    with pytest.raises(redis.ConnectionError):
        redis.Redis(port=int(redis_port), socket_connect_timeout=1).ping()
    leftover = subprocess.run(["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", "gunicorn is still running"
