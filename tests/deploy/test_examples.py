"""The Python and JavaScript examples, run against the local stack exactly as documented."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import corpus_file
from tests.stack import ROOT

pytestmark = pytest.mark.slow
DOC = "md-rust-book-ch04-01-what-is-ownership.md"


def card_rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text())))[1:]


def test_the_python_client_signs_up_uploads_follows_and_exports(local_stack, tmp_path):
    out = tmp_path / "deck.csv"
    args = ["--api", local_stack.url, "--email", f"py-{uuid.uuid4().hex[:8]}@example.com"]
    args += ["--password", "a-long-password", "--max-cards", "10", "-o", str(out), str(corpus_file(DOC))]
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "examples", "client.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "succeeded" in result.stderr and result.stdout.startswith("wrote ")
    assert card_rows(out)


def test_the_python_client_reports_an_api_error_clearly(local_stack, tmp_path):
    bad = tmp_path / "image.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    args = ["--api", local_stack.url, "--email", f"py-{uuid.uuid4().hex[:8]}@example.com"]
    result = subprocess.run(
        [
            sys.executable,
            os.path.join(ROOT, "examples", "client.py"),
            *args,
            "--password",
            "a-long-password",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: 415") and "Traceback" not in result.stderr


def test_the_fetch_example_runs_with_node(local_stack, node, tmp_path):
    out = tmp_path / "deck.csv"
    result = subprocess.run(
        [node, os.path.join(ROOT, "examples", "fetch.mjs"), str(corpus_file(DOC)), str(out)],
        env={**os.environ, "DECKHAND_API_URL": local_stack.url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote ") and card_rows(out)
