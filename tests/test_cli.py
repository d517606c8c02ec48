"""The `deckhand` command: generate a deck in-process, and run the whole local stack."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request

import pytest
import redis

from tests.conftest import corpus_file
from tests.stack import ROOT, wait_for
from workers.embedded_redis import free_port

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


def test_generate_writes_csv(tmp_path, cli_env):
    out = tmp_path / "deck.csv"
    result = run_cli(
        "generate", str(corpus_file("pdf-tiny-one-page-minimal-latex.pdf")), "-o", str(out), env=cli_env
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert len(rows) >= 2


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("pdf-encrypted-rc4-user-password-libreoffice.pdf", "pdf_encrypted"),
        ("docx-hostile-zipbomb-zbsm-renamed.docx", "archive_bomb"),
    ],
)
def test_generate_reports_a_bad_document_in_one_line(tmp_path, cli_env, name, code):
    result = run_cli("generate", str(corpus_file(name)), "-o", str(tmp_path / "x.json"), env=cli_env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and code in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_a_bad_setting_is_one_clear_message(tmp_path, cli_env):
    result = run_cli(
        "generate",
        str(corpus_file("pdf-tiny-one-page-minimal-latex.pdf")),
        env={**cli_env, "MAX_PAGES": "many"},
    )
    assert result.returncode != 0
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
