"""Helpers for end-to-end tests: a real Dramatiq worker process, a Redis to break, an API client."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from flask import Flask
from flask.testing import FlaskClient

from config import Settings
from redisconn.embedded import server_args, wait_until_up

T = TypeVar("T")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    """Environment that makes a child process build the same settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "LLM_"))}
    env.update(
        ENV=settings.env,
        DATA_DIR=str(settings.data_dir.resolve()),
        DATABASE_URL=settings.sqlalchemy_url,
        REDIS_URL=settings.redis_url or "",
        BROKER_NAMESPACE=settings.broker_namespace,
        BROKER_HEARTBEAT_TIMEOUT_MS=str(settings.broker_heartbeat_timeout_ms),
        BROKER_MAINTENANCE_CHANCE=str(settings.broker_maintenance_chance),
        MAX_DELIVERIES=str(settings.max_deliveries),
        SECRET_KEY=settings.secret_key.get_secret_value(),
        SECURITY_KEY_PREFIX=settings.security_key_prefix,
        LOG_LEVEL="INFO",
        PYTHONPATH=ROOT,
        dramatiq_queue_prefetch="1",
        dramatiq_worker_timeout="100",
    )
    env.update(extra)
    return env


@contextmanager
def worker_process(
    settings: Settings, threads: int = 2, stderr: IO[bytes] | None = None, **extra_env: str
) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``dramatiq workers.main`` process, stopped with SIGTERM at the end.

    ``stderr``: a binary file that receives the worker's log lines (default: inherited).
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "dramatiq", "workers.main", "--processes", "1", "--threads", str(threads)],
        cwd=ROOT,
        env=settings_env(settings, **extra_env),
        stderr=stderr,
    )
    with stopped_at_exit(proc, timeout_s=30):
        yield proc


@contextmanager
def stopped_at_exit(proc: subprocess.Popen[bytes], timeout_s: float) -> Iterator[subprocess.Popen[bytes]]:
    """Yield ``proc``; at exit SIGTERM it, and SIGKILL it if it is still alive after ``timeout_s``."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def stop_process_group(proc: subprocess.Popen[bytes], timeout_s: float = 60) -> int:
    """SIGTERM the process group of ``proc`` (started with ``start_new_session=True``), SIGKILL it
    if it is still there after ``timeout_s``: nothing is left running, pass or fail. Its exit status."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        return proc.wait()


def register(client: FlaskClient, email: str | None = None) -> dict[str, str]:
    """Register a new user; returns the Authorization header."""
    email = email or f"u{uuid.uuid4().hex[:10]}@example.com"
    response = client.post(
        "/api/v1/auth/register", json={"email": email, "password": "correct horse battery"}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def wait_for_job(
    client: FlaskClient, job_id: str, headers: dict[str, str], timeout_s: float = 120
) -> dict[str, Any]:
    """Poll the job until it reaches a terminal state."""
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get(f"/api/v1/jobs/{job_id}", headers=headers)
        assert response.status_code == 200, response.get_json()
        body: dict[str, Any] = response.get_json()
        if body["state"] in ("succeeded", "failed", "cancelled"):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(
                f"job {job_id} still {body['state']}/{body['stage']} after {timeout_s} s: {body}"
            )
        time.sleep(0.6)  # under the default per-user rate limit (120/min), as a polite client would


def app_with(settings: Settings, **overrides: Any) -> Flask:
    """An app on ``settings`` with some fields replaced (a limit, a threshold)."""
    from api import create_app
    from config import load_settings

    return create_app(load_settings(**{**settings.model_dump(), **overrides}, _env_file=None))


def wait_for(predicate: Callable[[], T | None], timeout_s: float = 60.0, what: str = "condition") -> T:
    """Poll ``predicate`` every 0.2 s until it returns something truthy; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class RedisServer:
    """A redis-server of one test, to stall (SIGSTOP), kill and start again on the same port and data."""

    directory: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            server_args(self.port, self.directory, daemonize=False), stdout=subprocess.DEVNULL
        )
        wait_until_up(self.url)

    def signal(self, signum: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(signum)
        if signum == signal.SIGKILL:
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()
