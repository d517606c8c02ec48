"""`deckhand run` supervises its children, with real processes and real signals.

One stack per test module (starting it costs seconds on a small machine): SIGKILL the
Dramatiq worker process, then the embedded redis-server; each comes back (Redis on the
same port, with what was queued), the API answers throughout, and a job still finishes.
A taken port fails before anything starts, in one line.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
import redis
import requests

from redisconn.embedded import free_port
from tests.conftest import corpus_file
from tests.stack import ROOT, wait_for
from tests.test_cli import DECKHAND, run_cli
from workers.local_stack import wait_until
from workers.supervisor import WORKER_NICENESS, backoff_s

DOCUMENT = "md-rust-book-ch04-01-what-is-ownership.md"


@dataclass
class Stack:
    proc: subprocess.Popen[str]
    base: str
    data_dir: Path
    output: list[str] = field(default_factory=list)

    def children(self, name: str) -> list[psutil.Process]:
        """Direct children of the supervisor whose command line contains ``name``."""
        found = []
        for child in psutil.Process(self.proc.pid).children():
            try:
                if name in " ".join(child.cmdline()):
                    found.append(child)
            except psutil.NoSuchProcess:
                continue
        return found

    def redis_port(self) -> int:
        return int((self.data_dir / "redis" / "port").read_text().strip())

    def log(self) -> str:
        return "".join(self.output)


def _reader(stack: Stack) -> None:
    assert stack.proc.stdout is not None
    for line in stack.proc.stdout:
        stack.output.append(line)


def _healthy(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("stack") / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "LLM_"))}
    env.update(
        DATA_DIR=str(data_dir),
        PYTHONPATH=ROOT,
        WORKER_THREADS="2",
        WEB_CONCURRENCY="1",  # `deckhand run` honours it; one API process is all these tests need
        # A killed worker's in-flight message comes back in seconds, not minutes.
        BROKER_HEARTBEAT_TIMEOUT_MS="3000",
        BROKER_MAINTENANCE_CHANCE="200000",
    )
    port = free_port()
    proc = subprocess.Popen(
        [*DECKHAND, "run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    stack = Stack(proc, f"http://127.0.0.1:{port}", data_dir)
    threading.Thread(target=_reader, args=(stack,), daemon=True).start()
    try:
        wait_for(lambda: "Deckhand is running at" in stack.log() or proc.poll() is not None, 120, "start")
        assert proc.poll() is None, stack.log()
        yield stack
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, stack.log()
    assert "was sent SIGKILL" not in stack.log(), "a normal Ctrl-C lets gunicorn's workers stop by themselves"
    assert "Deckhand stopped." in stack.log()


def _token(base: str) -> dict[str, str]:
    response = requests.post(
        f"{base}/api/v1/auth/register",
        json={"email": f"s{time.monotonic_ns()}@example.com", "password": "correct horse battery"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _upload(base: str, headers: dict[str, str]) -> str:
    with open(corpus_file(DOCUMENT), "rb") as handle:
        response = requests.post(
            f"{base}/api/v1/documents", headers=headers, files={"file": (DOCUMENT, handle)}, timeout=30
        )
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def _wait_finished(stack: Stack, job_id: str, headers: dict[str, str], what: str) -> dict[str, object]:
    """The job once it has ended, polled once a second: a free account may make 120 requests a
    minute, so a faster poll of a job slowed by a loaded machine gets only 429s while it polls."""
    return wait_until(lambda: _finished(stack.base, job_id, headers), 120, what, poll_s=1.0)


def _finished(base: str, job_id: str, headers: dict[str, str]) -> dict[str, object] | None:
    try:
        response = requests.get(f"{base}/api/v1/jobs/{job_id}", headers=headers, timeout=5)
    except requests.RequestException:
        return None
    if response.status_code != 200:
        return None
    body: dict[str, object] = response.json()
    return body if body["state"] in ("succeeded", "failed", "cancelled") else None


@pytest.mark.slow
def test_the_worker_runs_at_a_lower_cpu_priority_than_the_api(stack: Stack) -> None:
    # On one machine the API's requests get the CPU before background card-making.
    [worker] = wait_for(lambda: stack.children("workers.main"), 30, "the worker process")
    [api] = wait_for(lambda: stack.children("gunicorn"), 30, "the API process")
    # the kernel caps niceness at 19 (a suite run under `nice` starts the API at 10 already)
    assert worker.nice() == min(19, api.nice() + WORKER_NICENESS)
    assert all(process.nice() == worker.nice() for process in worker.children(recursive=True))


@pytest.mark.slow
def test_the_api_runs_as_many_processes_as_web_concurrency_says(stack: Stack) -> None:
    [api] = wait_for(lambda: stack.children("gunicorn"), 30, "the API process")
    assert len(api.children()) == 1  # gunicorn's master and WEB_CONCURRENCY=1 worker


@pytest.mark.slow
def test_a_killed_worker_is_restarted_while_the_api_keeps_serving(stack: Stack) -> None:
    [worker] = wait_for(lambda: stack.children("workers.main"), 30, "the worker process")
    worker_child = wait_for(lambda: worker.children(), 60, "the worker's child process")[0]
    answers: list[bool] = []
    done = threading.Event()

    def probe() -> None:
        while not done.is_set():
            answers.append(_healthy(stack.base))
            time.sleep(0.2)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        worker_child.send_signal(signal.SIGKILL)
        wait_for(lambda: "restarted the worker process" in stack.log(), 60, "the worker's restart")
        [again] = wait_for(lambda: stack.children("workers.main"), 30, "a new worker process")
        assert again.pid != worker.pid
    finally:
        done.set()
        prober.join()
    assert answers and all(answers), f"{answers.count(False)} of {len(answers)} health checks failed"
    assert "the worker process exited" in stack.log()
    headers = _token(stack.base)
    job_id = _upload(stack.base, headers)
    job = _wait_finished(stack, job_id, headers, "the job")
    assert job["state"] == "succeeded", job


@pytest.mark.slow
def test_a_killed_redis_comes_back_on_its_port_with_what_was_queued(stack: Stack) -> None:
    port = stack.redis_port()
    [server] = stack.children("redis-server")
    headers = _token(stack.base)
    job_id = _upload(stack.base, headers)
    server.send_signal(signal.SIGKILL)  # the message was acknowledged by Redis: it is in the AOF
    wait_for(lambda: "restarted the redis process" in stack.log(), 30, "the Redis restart")
    assert stack.redis_port() == port
    client = redis.Redis(port=port, socket_connect_timeout=1)
    wait_for(lambda: _pings(client), 30, "Redis on the same port")
    job = _wait_finished(stack, job_id, headers, "the job queued before the kill")
    assert job["state"] == "succeeded", job
    assert _healthy(stack.base)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def test_a_taken_port_fails_in_one_line_before_anything_starts(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "LLM_"))}
    env.update(DATA_DIR=str(tmp_path / "data"), PYTHONPATH=ROOT)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("run", "--port", str(port), env=env, timeout=60)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"Port {port}" in lines[0], result.stderr
    assert "running at" not in result.stdout
    assert not (tmp_path / "data" / "redis").exists(), "nothing started"


def test_restart_backoff_doubles_up_to_its_cap() -> None:
    assert [backoff_s(n) for n in (1, 2, 3, 4, 5, 6, 7)] == [1, 2, 4, 8, 16, 30, 30]


def test_a_child_that_fails_at_start_stops_the_stack_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "LLM_"))}
    # gunicorn refuses an unknown option at once: the API process exits during start-up.
    env.update(DATA_DIR=str(tmp_path / "data"), PYTHONPATH=ROOT, GUNICORN_CMD_ARGS="--no-such-option")
    result = run_cli("run", "--port", str(free_port()), env=env, timeout=120)
    assert result.returncode == 8, "stack_failed: Deckhand failed on its side (docs/troubleshooting.md)"
    lines = [line for line in result.stderr.splitlines() if line.startswith("deckhand:")]
    assert lines == [lines[0]] and "The api process exited during start-up" in lines[0], result.stderr
    assert "running at" not in result.stdout
    assert not (tmp_path / "data" / "redis" / "port").exists(), "the embedded Redis was stopped"
