"""Helpers for end-to-end tests: a real Dramatiq worker process, a Redis to break, an API client.

Processes are started, awaited and stopped by :mod:`workers.local_stack`, as the benchmarks and the
chaos suites start theirs.
"""

from __future__ import annotations

import signal
import subprocess
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
from workers import local_stack
from workers.local_stack import stopped_at_exit as stopped_at_exit

T = TypeVar("T")

ROOT = str(local_stack.ROOT)


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    """Environment that makes a child process build the same settings."""
    env = local_stack.child_env()
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
    settings: Settings,
    threads: int = 2,
    stderr: IO[bytes] | None = None,
    fork_timeout_ms: int | None = None,
    **extra_env: str,
) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``dramatiq workers.main`` process, stopped with SIGTERM at the end.

    ``stderr``: a binary file that receives the worker's log lines (default: inherited).
    ``fork_timeout_ms``: how long Dramatiq's parent holds SIGTERM while its worker boots (30 s).
    """
    env = settings_env(settings, **extra_env)
    with local_stack.worker_process(env, threads, stderr, fork_timeout_ms=fork_timeout_ms) as proc:
        yield proc


def stop_process_group(proc: subprocess.Popen[bytes], timeout_s: float = 60) -> int:
    """SIGTERM the process group of ``proc`` (started with ``start_new_session=True``), SIGKILL it
    if it is still there after ``timeout_s``: nothing is left running, pass or fail. Its exit status."""
    return local_stack.stop(proc, timeout_s, group=True)


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
    return local_stack.wait_until(predicate, timeout_s, what, poll_s=0.2)


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
        self.proc = local_stack.start_redis(self.port, self.directory)

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
