"""``deckhand doctor`` against real installations: healthy, no worker, Redis unreachable.

Run as an operator runs it (the installed ``deckhand`` in a service's environment) against the
healthy stack; in-process through Click's runner, on an environment of its own, for the
others. Every finding is one line (greppable in a log), errors make the exit status 1.
"""

from __future__ import annotations

import re
import subprocess
import time
import uuid

import pytest

from config import Settings, load_settings
from deploy.doctor import check_api
from redisconn.embedded import free_port
from tests.conftest import deckhand
from tests.database import migrate_head
from tests.deploy.helpers import VENV_BIN, path_env
from tests.stack import settings_env

pytestmark = pytest.mark.slow

FINDING_LINE = re.compile(r"^  (?P<level>ok     |WARNING|ERROR  )  (?P<subject>\S.*?)  +(?P<message>\S.*)$")


def doctor(env: dict[str, str], cwd, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "deckhand"), "doctor", *args],
        cwd=cwd,  # no .env file here
        env=path_env(env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def findings(stdout: str) -> dict[str, tuple[str, str]]:
    """subject -> (level, message); fails unless every line between title and verdict is a finding."""
    lines = stdout.rstrip().splitlines()
    assert lines[0] == "deckhand doctor", stdout
    assert re.match(r"^(passed|FAILED): \d+ error\(s\), \d+ warning\(s\)$", lines[-1]), stdout
    out: dict[str, tuple[str, str]] = {}
    for line in lines[1:-1]:
        match = FINDING_LINE.match(line)
        assert match, f"not one line per finding: {line!r}\n{stdout}"
        out.setdefault(match["subject"].strip(), (match["level"].strip(), match["message"]))
    return out


def fresh(settings: Settings, **overrides: object) -> Settings:
    return load_settings(
        **{**settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}", **overrides},
        _env_file=None,
    )


def test_a_healthy_local_stack_passes(local_stack, tmp_path):
    deadline = time.monotonic() + 60
    while True:  # the stack answers /healthz before its worker's first heartbeat
        result = doctor(local_stack.env, tmp_path, "--url", local_stack.url)
        if result.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert result.returncode == 0, result.stdout + result.stderr
    found = findings(result.stdout)
    assert found["database"][0] == "ok" and "at head" in found["database"][1]
    assert found["redis"][0] == "ok" and found["redis maxmemory-policy"] == ("ok", "noeviction")
    assert found["workers"][0] == "ok" and "live worker process" in found["workers"][1]
    assert found["api /healthz"][0] == "ok" and found["api /readyz"][0] == "ok"
    assert result.stdout.rstrip().splitlines()[-1].startswith("passed: 0 error(s)")


def test_no_worker_heartbeat_is_reported(settings, tmp_path):
    quiet = fresh(settings)  # the session's Redis, a namespace no worker ever used
    migrate_head(quiet)
    result = deckhand(["doctor"], settings_env(quiet), tmp_path)
    assert result.exit_code == 1, result.stdout
    found = findings(result.stdout)
    assert found["workers"][0] == "ERROR"
    assert found["workers"][1].startswith("no worker heartbeat in the last 120 s")
    assert "| fix: start the worker" in found["workers"][1]
    assert found["database"][0] == "ok" and found["redis"][0] == "ok", "only the worker is missing"


def test_an_unreachable_redis_is_reported_and_fails(settings, tmp_path):
    down = fresh(settings, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    migrate_head(down)
    started = time.monotonic()
    result = deckhand(["doctor", "--quiet"], settings_env(down), tmp_path)
    assert time.monotonic() - started < 30, "every check is bounded"
    assert result.exit_code == 1, result.stdout
    found = findings(result.stdout)
    assert found["redis"][0] == "ERROR" and found["redis"][1].startswith("unreachable: ConnectionError")
    assert "check REDIS_URL" in found["redis"][1]
    assert "workers" not in found, "a dead Redis is reported once, not as a missing worker too"
    assert "Traceback" not in result.output


def test_an_api_url_without_a_scheme_is_a_finding_not_a_traceback():
    (finding,) = check_api("deckhand.example.com")
    assert finding.level == "error" and "not an http(s) URL" in finding.message
