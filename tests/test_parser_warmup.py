"""A worker process starts its parse forkserver as it boots (workers/parser_warmup.py), so that
the first document a process reads does not wait for the parsers' imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BOOT = """
import psutil
from workers.parser_warmup import ParserWarmup

def servers():
    return [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]

before = len(servers())
ParserWarmup().after_worker_boot(None, None)  # what Dramatiq calls in each worker process
print(before, len(servers()))
"""


def test_a_booting_worker_process_starts_its_parse_server() -> None:
    out = subprocess.run(
        [sys.executable, "-c", BOOT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["0", "1"], out.stderr
