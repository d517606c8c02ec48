"""The supervised local stack behind ``deckhand run``.

One parent process starts the embedded Redis (unless ``REDIS_URL`` is set), the API
(gunicorn), a Dramatiq worker and the scheduler, and keeps them running: a child that
dies is started again with the same command line (Redis on the same port and data
directory, so nothing queued is lost), after a backoff that doubles on each quick death,
with one log line each time. Only SIGINT or SIGTERM to the parent stops the stack.

Every child runs in its own session: Ctrl-C in the terminal reaches only the parent,
which then sends each child exactly one SIGTERM. A second signal from the terminal
would turn a graceful stop into a kill (gunicorn's "was sent SIGKILL", a duplicate
chunk in Dramatiq, queue.md §6).

Starting is all-or-nothing: the port is checked before anything starts, and a child
that exits before the API answers ``/healthz`` stops the whole stack with one line and
a non-zero exit. In production the platform restarts processes; this is for one machine.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import redis

import redisconn
from config import Settings
from errors import Conflict, StackFailed
from redisconn.embedded import (
    free_port,
    mark_supervised,
    server_args,
    unmark_supervised,
    wait_until_up,
)
from workers.local_stack import answers

ROOT = Path(__file__).resolve().parents[1]
#: Seconds the API has to answer /healthz after it starts.
API_START_TIMEOUT_S = 90.0
#: A child that ran this long before dying is restarted at once (its backoff is reset).
STABLE_AFTER_S = 30.0
#: First and largest restart delay, in seconds.
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0
#: Seconds the worker lets running messages finish on Ctrl-C; below STOP_GRACE_S.
LOCAL_WORKER_SHUTDOWN_S = 20
#: Seconds the API's requests may take to finish on Ctrl-C; below STOP_GRACE_S.
LOCAL_GRACEFUL_TIMEOUT_S = 20
#: Seconds every child gets after SIGTERM before SIGKILL.
STOP_GRACE_S = 28.0
#: How much lower the worker's CPU priority is than the API's (``nice``). On one machine the
#: worker making cards took CPU that the API's requests were waiting for; niced, it still gets
#: every core the API leaves idle. (docs/performance.md, "Where a sign-up's time goes".)
WORKER_NICENESS = 10

Log = Callable[[str], None]


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM it if the supervisor itself is killed (Linux only)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _prepare_child(niceness: int) -> None:
    """In the child before exec: die with the parent, lower the priority by ``niceness``."""
    _die_with_parent()
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)


@dataclass
class Child:
    """One supervised process: its command line, the running process and its restart state."""

    name: str
    argv: list[str]
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = None
    restarts: int = 0
    stdout: IO[bytes] | None = field(default=None, repr=False)
    #: Added to the child's niceness at start (a lower CPU priority).
    niceness: int = 0

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Supervisor:
    """Starts children, restarts the ones that die (with backoff), stops them all on request."""

    def __init__(self, children: list[Child], env: dict[str, str], log: Log) -> None:
        self.children = children
        self.env = env
        self.log = log

    def start(self, child: Child) -> None:
        child.proc = subprocess.Popen(  # noqa: S603 - our own command lines
            child.argv,
            env=self.env,
            stdout=child.stdout,
            start_new_session=True,
            preexec_fn=functools.partial(_prepare_child, child.niceness),  # the supervisor runs no threads
        )
        child.started_at = time.monotonic()
        child.restart_at = None

    def child(self, name: str) -> Child:
        return next(c for c in self.children if c.name == name)

    def exited(self) -> list[Child]:
        """Children that have exited and are not yet scheduled for a restart."""
        return [c for c in self.children if c.restart_at is None and c.proc and c.proc.poll() is not None]

    def tick(self, now: float | None = None) -> None:
        """Schedule a restart for each child that died; start the ones whose backoff is over."""
        now = time.monotonic() if now is None else now
        for child in self.exited():
            assert child.proc is not None
            ran_s = now - child.started_at
            child.quick_deaths = 0 if ran_s >= STABLE_AFTER_S else child.quick_deaths + 1
            delay = 0.0 if child.quick_deaths == 0 else backoff_s(child.quick_deaths)
            child.restart_at = now + delay
            self.log(
                f"deckhand: the {child.name} process exited ({describe_status(child.proc.returncode)}) "
                f"after {ran_s:.0f} s; restarting it in {delay:.0f} s"
            )
        for child in self.children:
            if child.restart_at is not None and now >= child.restart_at:
                child.restarts += 1
                self.start(child)
                pid = child.proc.pid if child.proc else "?"
                self.log(f"deckhand: restarted the {child.name} process (pid {pid})")
                if child.name == "redis":
                    self._refresh_after_redis()

    def _refresh_after_redis(self) -> None:
        """A restarted Redis: stop the worker gracefully so that it is started again.

        A message whose ack the dead Redis never received stays in that worker's ack set; as
        long as the same worker keeps heartbeating, nobody redelivers it and its job waits for
        the reaper. A new worker has a new broker id: the old one's heartbeat lapses and its
        unacked messages are redelivered within BROKER_HEARTBEAT_TIMEOUT_MS.
        """
        for child in self.children:
            if child.name == "worker" and child.alive():
                assert child.proc is not None
                self.log("deckhand: Redis restarted; restarting the worker so its unacked messages come back")
                # Counted as a planned restart, not a crash: no backoff.
                child.started_at -= STABLE_AFTER_S
                child.proc.send_signal(signal.SIGTERM)

    def stop(self, names: list[str], grace_s: float = STOP_GRACE_S) -> None:
        """SIGTERM the named children at once, wait up to ``grace_s``, SIGKILL what is left."""
        running = [c for c in self.children if c.name in names and c.alive()]
        for child in running:
            assert child.proc is not None
            with contextlib.suppress(ProcessLookupError):
                child.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for child in running:
            assert child.proc is not None
            try:
                child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log(f"deckhand: the {child.name} process did not stop in {grace_s:.0f} s; killing it")
                child.proc.kill()
                child.proc.wait()


def backoff_s(quick_deaths: int) -> float:
    """Restart delay after ``quick_deaths`` deaths in a row: 1, 2, 4, … seconds, at most 30."""
    return float(min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** (quick_deaths - 1)))


def describe_status(returncode: int) -> str:
    if returncode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-returncode).name}"
    return f"status {returncode}"


def check_port_free(port: int, host: str = "127.0.0.1") -> None:
    """Raise Conflict when something already listens on ``host:port`` (before anything starts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As gunicorn binds: a port in TIME_WAIT is free, one with a listener is not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise Conflict(
                    f"Port {port} on {host} is already in use.",
                    hint="Stop what listens there, or pick another port with --port or PORT.",
                ) from None
            raise


@contextlib.contextmanager
def run_lock(data_dir: Path) -> Iterator[None]:
    """One ``deckhand run`` per data directory: two supervisors would fight over one Redis."""
    with open(data_dir / "run.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict(
                f"Another 'deckhand run' is already using {data_dir}.",
                hint="Stop it first, or point DATA_DIR at another directory.",
            ) from None
        yield


def embedded_redis_port(data_dir: Path) -> int:
    """The port the embedded Redis used last time (so a restart keeps its URL), else a free one.

    A daemonised server left by an earlier command (``ensure_embedded_redis``) is shut down
    first: from now on this process owns the server and restarts it when it dies.
    """
    directory = data_dir / "redis"
    port_file = directory / "port"
    if port_file.exists():
        port = int(port_file.read_text().strip() or 0)
        url = f"redis://127.0.0.1:{port}/0"
        with contextlib.suppress(redis.RedisError, OSError):
            client = redisconn.connect(url, redisconn.Profile.SHUTDOWN)
            # SHUTDOWN (not NOSAVE): with appendonly on, the AOF is flushed first.
            with contextlib.suppress(redis.ConnectionError):
                client.shutdown()
        with contextlib.suppress(OSError):
            check_port_free(port)
            return port
    return free_port()


def stack_commands(settings: Settings, port: int, redis_argv: list[str] | None) -> list[Child]:
    python = sys.executable
    children = []
    if redis_argv:
        children.append(Child("redis", redis_argv))
    children += [
        # gunicorn.conf.py as in production (its worker class and stream capacity, its problem+json
        # error pages, its limits, WEB_CONCURRENCY processes), bound locally.
        Child("api", [python, "-m", "gunicorn", "api:create_app()", "-c", str(ROOT / "gunicorn.conf.py"),
                      "--bind", f"127.0.0.1:{port}",
                      "--graceful-timeout", str(LOCAL_GRACEFUL_TIMEOUT_S), "--access-logfile", "-"]),
        Child("worker", [python, "-m", "dramatiq", "workers.main",
                         "--processes", str(settings.worker_processes),
                         "--threads", str(settings.worker_threads),
                         "--worker-shutdown-timeout", str(LOCAL_WORKER_SHUTDOWN_S * 1000)],
              niceness=WORKER_NICENESS),
        Child("scheduler", [python, "-c", "from cli import main; main()", "scheduler"]),
    ]  # fmt: skip
    return children


def run_stack(settings: Settings, port: int, log: Log, banner: Callable[[str, bool], None]) -> None:
    """Run the local stack until SIGINT or SIGTERM; raise StackFailed if it cannot start."""
    from models.db import migrate as run_migrations

    check_port_free(port)
    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with run_lock(data_dir):
        run_migrations(settings)
        embedded = settings.redis_url is None
        redis_argv: list[str] | None = None
        redis_dir = data_dir / "redis"
        if embedded:
            redis_dir.mkdir(parents=True, exist_ok=True)
            redis_port = embedded_redis_port(data_dir)
            redis_log = str(redis_dir / "redis.log")
            redis_argv = [*server_args(redis_port, redis_dir, daemonize=False), "--logfile", redis_log]
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
        else:
            redis_url = str(settings.redis_url)
        env = {**os.environ, "REDIS_URL": redis_url, "DATA_DIR": str(data_dir), "PORT": str(port)}
        supervisor = Supervisor(stack_commands(settings, port, redis_argv), env, log)
        stopping: list[int] = []

        def _stop(signum: int, _frame: object) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        try:
            if embedded:
                supervisor.start(supervisor.child("redis"))
                _wait_redis(supervisor, redis_url)
                (redis_dir / "port").write_text(str(redis_port))
                mark_supervised(data_dir, os.getpid())
            for child in supervisor.children:
                if child.proc is None:
                    supervisor.start(child)
            _wait_started(supervisor, f"http://127.0.0.1:{port}/healthz", stopping)
            if stopping:
                return
            banner(f"http://127.0.0.1:{port}", embedded)
            while not stopping:
                supervisor.tick()
                time.sleep(0.25)
        finally:
            # Producers and consumers first (they still need Redis to finish), Redis last.
            supervisor.stop(["api", "worker", "scheduler"])
            if embedded:
                supervisor.stop(["redis"], grace_s=15)
                unmark_supervised(data_dir)
                (redis_dir / "port").unlink(missing_ok=True)


def _wait_redis(supervisor: Supervisor, url: str) -> None:
    child = supervisor.child("redis")
    try:
        wait_until_up(url)
    except RuntimeError:
        exited = child.proc is not None and child.proc.poll() is not None
        status = describe_status(child.proc.returncode) if child.proc and exited else "running"
        raise StackFailed(f"The embedded Redis did not start ({status}); see redis/redis.log.") from None


def _wait_started(supervisor: Supervisor, health_url: str, stopping: list[int]) -> None:
    """Until the API answers: any child that exits fails the start."""
    deadline = time.monotonic() + API_START_TIMEOUT_S
    while not stopping:
        for child in supervisor.exited():
            assert child.proc is not None
            raise StackFailed(
                f"The {child.name} process exited during start-up ({describe_status(child.proc.returncode)})."
            )
        if answers(health_url):
            return
        if time.monotonic() > deadline:
            raise StackFailed(f"The API did not answer {health_url} within {API_START_TIMEOUT_S:.0f} s.")
        time.sleep(0.25)
