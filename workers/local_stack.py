"""The local stack's processes, started, awaited and stopped one way.

``deckhand run`` supervises the whole stack (:mod:`workers.supervisor`); the benchmarks
(``scripts/bench/``), the load suite (``scripts/load/``), the chaos suites (``scripts/chaos.py``)
and the tests (``tests/stack.py``) start the parts they need from here: a ``redis-server`` of
their own, a database at the migration head, gunicorn as deployed, real ``dramatiq
workers.main`` processes, an environment that gives a child its own database, Redis and
providers. Every wait has a deadline and fails at once when the process it waits for has exited;
every stop is SIGTERM (or the signal asked for), then SIGKILL after a grace period, so nothing is
left running, pass or fail.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

from redisconn.embedded import server_args, wait_until_up

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
#: Settings a child gets from its caller, never inherited from this shell: a stack started for a
#: benchmark or a test must not reach the developer's database, Redis or provider keys.
OWN_SETTINGS_PREFIXES = ("DATABASE_", "REDIS_", "LLM_")
#: Seconds a worker has after SIGTERM to finish its messages before it is killed.
WORKER_STOP_S = 30.0


def child_env(settings: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without its database, Redis and provider settings, with the
    project importable, and ``settings`` on top (they may replace anything)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS_PREFIXES)}
    env["PYTHONPATH"] = str(ROOT)
    env.update(settings or {})
    return env


def worker_command(threads: int, processes: int = 1, fork_timeout_ms: int | None = None) -> list[str]:
    """``fork_timeout_ms``: how long Dramatiq's parent waits for its worker processes to boot,
    holding SIGTERM meanwhile (Dramatiq's default, 30 s, when None)."""
    command = [
        sys.executable, "-m", "dramatiq", "workers.main",
        "--processes", str(processes), "--threads", str(threads),
    ]  # fmt: skip
    if fork_timeout_ms is not None:
        command += ["--worker-fork-timeout", str(fork_timeout_ms)]
    return command


@contextmanager
def worker_process(
    env: Mapping[str, str],
    threads: int = 2,
    stderr: IO[bytes] | int | None = None,
    processes: int = 1,
    nice: int = 0,
    fork_timeout_ms: int | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``dramatiq workers.main`` service (``processes`` x ``threads``), stopped at exit.

    ``stderr``: where its log lines go (a binary file, ``subprocess.DEVNULL``; default: inherited).
    ``nice``: added to its niceness, as ``deckhand run`` does so the API keeps the CPU on one machine.
    ``fork_timeout_ms``: see :func:`worker_command`.
    """
    command = worker_command(threads, processes, fork_timeout_ms)
    proc = subprocess.Popen(  # noqa: S603 - our own command
        command, cwd=ROOT, env=dict(env), stderr=stderr, preexec_fn=(lambda: os.nice(nice)) if nice else None
    )
    with stopped_at_exit(proc, WORKER_STOP_S):
        yield proc


def migrate_database(env: Mapping[str, str], root: Path = ROOT) -> None:
    """Bring the database ``env`` names to the migration head, in a child process with ``env``'s
    settings and the code under ``root``."""
    script = "from config import load_settings; from models.db import migrate; migrate(load_settings())"
    subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-c", script], cwd=root, env=dict(env), check=True, stdout=subprocess.DEVNULL
    )


@contextmanager
def web_process(
    env: Mapping[str, str],
    port: int,
    output: IO[bytes] | int | None = None,
    *,
    app: str = "api:create_app()",
    root: Path = ROOT,
    stop_s: float = 40.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn serving ``app`` on 127.0.0.1:``port`` with ``root``'s ``gunicorn.conf.py`` (as
    deployed), stopped at exit. Not awaited: the caller knows what "ready" means for it
    (:func:`wait_healthy` for Deckhand).

    ``output``: where its stdout and stderr go (a binary file, ``subprocess.DEVNULL``; default: inherited).
    """
    command = [sys.executable, "-m", "gunicorn", app, "-c", str(root / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=root, env=dict(env), stdout=output, stderr=output)  # noqa: S603 - ours
    with stopped_at_exit(proc, stop_s):
        yield proc


def start_redis(port: int, directory: Path) -> subprocess.Popen[bytes]:
    """A ``redis-server`` on 127.0.0.1:``port`` keeping its data in ``directory``, once it answers."""
    command = server_args(port, directory, daemonize=False)
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603 - our own command
    try:
        wait_until_up(f"redis://127.0.0.1:{port}/0")
    except BaseException:
        stop(proc, 10)
        raise
    return proc


def stop(
    proc: subprocess.Popen[Any], timeout_s: float = 30, *, signum: int = signal.SIGTERM, group: bool = False
) -> int:
    """Send ``signum`` to ``proc`` (to its whole process group with ``group``: one started with
    ``start_new_session=True``), SIGKILL what is left after ``timeout_s``; its exit status.

    Without ``group`` a process that has already exited is left alone; a group is signalled even
    then, as its other members may still run.
    """
    if not group and proc.poll() is not None:
        return int(proc.returncode)
    with contextlib.suppress(ProcessLookupError):
        if group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
    try:
        return proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        return proc.wait()


@contextmanager
def stopped_at_exit(proc: subprocess.Popen[Any], timeout_s: float) -> Iterator[subprocess.Popen[Any]]:
    """Yield ``proc``; at exit SIGTERM it, and SIGKILL it if it is still alive after ``timeout_s``."""
    try:
        yield proc
    finally:
        stop(proc, timeout_s)


def answers(url: str, timeout_s: float = 2.0) -> bool:
    """True when ``url`` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310 - our own URL
            return int(response.status) == 200
    except OSError:
        return False


def wait_healthy(base: str, proc: subprocess.Popen[Any], timeout_s: float = 120) -> None:
    """Wait until gunicorn at ``base`` answers ``/healthz`` (fails at once if it exited)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        if answers(f"{base}/healthz"):
            return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout_s:.0f} s")


def wait_until(predicate: Callable[[], T | None], timeout_s: float, what: str, poll_s: float = 0.05) -> T:
    """What ``predicate`` returns once it is truthy, polled every ``poll_s``; TimeoutError after
    ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(poll_s)
