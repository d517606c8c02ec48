"""scripts/smoke against a local stack (gunicorn started as on Render, a real worker)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from redisconn.embedded import free_port
from tests.stack import ROOT

pytestmark = pytest.mark.slow
SMOKE = os.path.join(ROOT, "scripts", "smoke")


def test_smoke_passes_against_the_local_stack(local_stack):
    result = subprocess.run(
        [sys.executable, SMOKE, local_stack.url], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    steps = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok  ")]
    assert steps == ["health", "readiness", "sign", "upload", "job", "deck", "export"], result.stdout
    assert result.stdout.rstrip().endswith("smoke test passed")


def test_smoke_fails_clearly_when_nothing_answers(tmp_path):
    result = subprocess.run(
        [sys.executable, SMOKE, f"http://127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.startswith("FAIL cannot reach") and "Traceback" not in result.stderr


def test_smoke_needs_a_url():
    result = subprocess.run([sys.executable, SMOKE], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "usage: scripts/smoke" in result.stderr


def test_smoke_refuses_a_url_without_its_scheme_in_one_line():
    result = subprocess.run(
        [sys.executable, SMOKE, "api.example.com"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "with its scheme" in result.stderr
    assert "Traceback" not in result.stderr


def test_smoke_waits_for_readiness_while_the_worker_boots():
    """A deploy's worker may send its first heartbeat after the web answers: 503 is waited out."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    readiness_asked: list[int] = []

    class NotReadyTwice(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 200
            if self.path == "/readyz":
                readiness_asked.append(1)
                status = 503 if len(readiness_asked) <= 2 else 200
            self._answer(status)

        def do_POST(self) -> None:
            self._answer(404)

        def _answer(self, status: int) -> None:
            body = b'{"status": "ok"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotReadyTwice)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [sys.executable, SMOKE, f"http://127.0.0.1:{server.server_address[1]}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
    assert len(readiness_asked) == 3
    assert "ok  readiness" in result.stdout
    # this fake has no API: the smoke goes on past readiness and fails at sign-up, in one line
    assert result.returncode == 1 and result.stderr.startswith("FAIL sign up"), result.stderr
