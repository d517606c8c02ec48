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
