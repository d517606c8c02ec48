"""Every ``deckhand`` subcommand against every failure class: one line, its exit status, no file.

The table pairs a command line with a failure class (``cli_failures.Exit`` documents the
statuses); each case runs in an empty directory with DATA_DIR pointing at a directory that
does not exist, and checks that stderr is one line without a traceback, that the exit
status is the documented one, and that nothing was created on disk. Click's CliRunner is
enough: the point is the message. A subprocess checks the process boundary once
(``deckhand --help`` answers without importing the heavy packages).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from cli import main
from cli_failures import Exit
from config import Settings, load_settings
from redisconn.embedded import free_port
from tests.database import migrate_head
from tests.stack import ROOT

JOB = "0123456789abcdef0123456789abcdef"
DECK = "fedcba9876543210fedcba9876543210"


@dataclass(frozen=True)
class Case:
    failure: str  # usage, config, no_database, database_down, redis_down, api_down, api_4xx, api_5xx
    args: tuple[str, ...]
    exit: Exit


USAGE = [
    Case("usage", ("nosuch",), Exit.USAGE),
    Case("usage", ("migrate", "extra"), Exit.USAGE),
    Case("usage", ("generate", "missing-file.pdf"), Exit.USAGE),
    Case("usage", ("export", "not-an-id"), Exit.USAGE),
    Case("usage", ("export", DECK, "--format", "pdf"), Exit.USAGE),
    Case("usage", ("run", "--port", "abc"), Exit.USAGE),
    Case("usage", ("worker", "--processes", "0"), Exit.USAGE),
    Case("usage", ("security", "list", "x"), Exit.USAGE),
    Case("usage", ("config", "check", "--env", "moon"), Exit.USAGE),
    Case("usage", ("doctor", "--bogus"), Exit.USAGE),
    Case("usage", ("scheduler", "now"), Exit.USAGE),
    Case("usage", ("maintenance", "run", "nosuch_task"), Exit.USAGE),
    Case("usage", ("maintenance", "run", "validate_provider_keys", "--inline"), Exit.USAGE),
    Case("usage", ("maintenance", "status", "x"), Exit.USAGE),
    Case("usage", ("jobs", "watch", "123", "--token", "t"), Exit.USAGE),
    Case("usage", ("jobs", "watch", JOB), Exit.USAGE),  # no token
    Case("usage", ("jobs", "watch", JOB, "--token", "t", "--url", "localhost:8000"), Exit.USAGE),
    Case("usage", ("providers", "status", "--yaml"), Exit.USAGE),
    Case("usage", ("providers", "check", "--timeout", "0"), Exit.USAGE),
    Case("usage", ("fake-llm", "--port", "70000"), Exit.USAGE),
    Case("usage", ("fake-llm", "--fault", "bogus"), Exit.USAGE),
    Case("usage", ("users", "set-role", "not-an-email", "admin"), Exit.USAGE),
    Case("usage", ("users", "set-role", "a@example.com", "king"), Exit.USAGE),
    Case("usage", ("users", "revoke-tokens"), Exit.USAGE),
    Case("usage", ("security", "blocks", "x"), Exit.USAGE),
    Case("usage", ("security", "block", "1.2.3.4", "--minutes", "0", "--reason", "r"), Exit.USAGE),
    Case("usage", ("security", "unblock"), Exit.USAGE),
    Case("usage", ("security", "events", "-n", "0"), Exit.USAGE),
]

#: Commands that read settings: a malformed variable is exit 3 before anything else happens.
CONFIG = [
    Case("config", args, Exit.CONFIG)
    for args in [
        ("migrate",),
        ("generate", str(Path(ROOT) / "README.md")),
        ("export", DECK),
        ("run",),
        ("worker",),
        ("scheduler",),
        ("maintenance", "run", "cleanup"),
        ("maintenance", "status"),
        ("jobs", "watch", JOB, "--token", "t"),
        ("providers", "status"),
        ("providers", "check"),
        ("users", "set-role", "a@example.com", "admin"),
        ("users", "revoke-tokens", "a@example.com"),
        ("security", "blocks"),
        ("security", "block", "1.2.3.4", "--minutes", "5", "--reason", "r"),
        ("security", "unblock", "1.2.3.4"),
        ("security", "events"),
        ("security", "list"),
    ]
]

#: DATA_DIR holds no database (Redis is up): commands that read one say which, and create none.
NO_DATABASE = [
    Case("no_database", args, Exit.DATABASE)
    for args in [
        ("export", DECK),
        ("maintenance", "run", "cleanup", "--inline"),
        ("users", "set-role", "a@example.com", "admin"),
        ("users", "revoke-tokens", "a@example.com"),
        ("security", "blocks"),
        ("security", "block", "a@example.com", "--minutes", "5", "--reason", "r"),
        ("security", "unblock", "1.2.3.4"),
        ("security", "events"),
    ]
]

#: DATABASE_URL names a PostgreSQL server that does not answer (its password must not be echoed).
DATABASE_DOWN = [
    Case("database_down", args, Exit.UNREACHABLE)
    for args in [("migrate",), ("export", DECK), ("users", "set-role", "a@example.com", "admin")]
]

#: No Redis: neither REDIS_URL answering nor an embedded one running (and none is started).
REDIS_DOWN = [
    Case("redis_down", args, Exit.UNREACHABLE)
    for args in [
        ("scheduler",),
        ("maintenance", "run", "cleanup"),
        ("maintenance", "run", "reap_stuck_jobs", "--inline"),
        ("maintenance", "status"),
        ("providers", "status"),
        ("security", "blocks"),
        ("security", "block", "1.2.3.4", "--minutes", "5", "--reason", "r"),
        ("security", "events"),
    ]
]

API = [
    Case("api_down", ("jobs", "watch", JOB, "--token", "t"), Exit.UNREACHABLE),
    Case("api_4xx", ("jobs", "watch", JOB, "--token", "not-a-token"), Exit.API_REFUSED),
    Case("api_4xx_unknown_job", ("jobs", "watch", JOB), Exit.API_REFUSED),
    Case("api_5xx", ("jobs", "watch", JOB, "--token", "t"), Exit.API_FAILED),
]

CASES = USAGE + CONFIG + NO_DATABASE + DATABASE_DOWN + REDIS_DOWN + API


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@contextmanager
def _api(settings: Settings) -> Iterator[str]:
    """The real API on a threaded HTTP server (its database migrated)."""
    from api import create_app

    migrate_head(settings)
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextmanager
def _failing_api() -> Iterator[str]:
    """An HTTP server answering every request with a 500 problem: an API in trouble."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"title": "Internal error", "code": "internal_error", "detail": "boom"})
            self.send_response(500)
            self.send_header("Content-Type", "application/problem+json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _register(url: str) -> str:
    import urllib.request

    request = urllib.request.Request(
        f"{url}/api/v1/auth/register",
        data=json.dumps({"email": "cli@example.com", "password": "correct horse battery"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["token"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.failure}:{' '.join(c.args)}")
def test_every_command_fails_in_one_line(
    case: Case, tmp_path: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    data_dir = tmp_path / "data"  # does not exist: nothing may create it
    env: dict[str, str | None] = {
        "ENV": "test",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": None,
        "REDIS_URL": None,
        "LLM_PROVIDERS": "",
        "DECKHAND_TOKEN": None,
        "PUBLIC_API_URL": None,
    }
    args = list(case.args)
    created_ok: set[str] = set()
    with contextlib.ExitStack() as stack:
        if case.failure == "config":
            env["MAX_PAGES"] = "many"
        elif case.failure == "no_database":
            env["REDIS_URL"] = redis_url
        elif case.failure == "database_down":
            env["DATABASE_URL"] = f"postgresql+psycopg://deckhand:pw-secret@127.0.0.1:{free_port()}/deckhand"
            if case.args[0] == "migrate":
                created_ok = {"data"}  # migrate prepares DATA_DIR for its own files; nothing else
        elif case.failure == "redis_down":
            env["REDIS_URL"] = f"redis://:pw-secret@127.0.0.1:{free_port()}/0"
            api_settings = load_settings(
                env="test", data_dir=data_dir, redis_url=redis_url, _env_file=None
            )  # a migrated database, so only Redis is missing
            migrate_head(api_settings)
            created_ok = _tree(tmp_path) - {"cwd"}
        elif case.failure == "api_down":
            args += ["--url", f"http://127.0.0.1:{free_port()}"]
        elif case.failure.startswith("api_4xx"):
            api_settings = load_settings(
                env="test", data_dir=tmp_path / "api", redis_url=redis_url, _env_file=None
            )
            url = stack.enter_context(_api(api_settings))
            if case.failure == "api_4xx_unknown_job":
                args += ["--token", _register(url)]
            args += ["--url", url]
            created_ok = _tree(tmp_path) - {"cwd"}
        elif case.failure == "api_5xx":
            args += ["--url", stack.enter_context(_failing_api())]
        before = _tree(tmp_path)
        result = CliRunner().invoke(main, args, env=env)
    stderr = result.stderr
    assert result.exit_code == case.exit, (result.exit_code, stderr, result.stdout)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("deckhand: "), stderr
    assert "Traceback" not in result.output and "Traceback" not in stderr
    assert "pw-secret" not in stderr
    assert _tree(tmp_path) - before - created_ok == set(), "a file was created"
    if case.failure == "no_database":
        assert str(data_dir / "deckhand.db") in stderr  # names the database it looked for
        assert not data_dir.exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": None, "REDIS_URL": None}
    result = CliRunner().invoke(main, ["--debug", "export", DECK], env=env)
    assert result.exit_code != 0
    assert result.exc_info is not None and type(result.exc_info[1]).__name__ == "DatabaseNotReady"


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("deckhand ")


def test_help_imports_no_heavy_package() -> None:
    """`deckhand --help` lists every command without importing Flask, SQLAlchemy, redis or Dramatiq."""
    probe = (
        "import sys, cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('flask', 'sqlalchemy', 'redis', 'dramatiq', 'pydantic')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert "users" in result.stdout and "jobs" in result.stdout and "security" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_default_data_dir_is_the_checkouts_wherever_the_command_runs(tmp_path: Path) -> None:
    """`make run` (in the checkout) and a command run elsewhere find the same database."""
    probe = "from config import load_settings; print(load_settings().data_dir)"
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ROOT}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(Path(ROOT) / "var")
