"""Benchmark of an authenticated job read against a bare Flask route on the same gunicorn settings.

A real local stack: a private redis-server, a SQLite database migrated to head, one account
with a session token and a running job, and two gunicorn servers started with Deckhand's own
``gunicorn.conf.py`` (same workers, threads, recycling, logging):

* baseline: ``scripts.bench.bare_app`` (one Flask route answering a job-sized JSON, nothing else);
* deckhand: ``api:create_app()``, ``GET /api/v1/jobs/{id}`` with ``Authorization: Bearer``
  (token check, blocks, rate limits, the owner-scoped read, access log, all as deployed).

The same client (processes of threads on keep-alive sockets) drives both in turns for
``--seconds`` each, over ``--rounds`` rounds. Printed per server: requests/s, p50/p95 latency,
the servers' CPU per request (gunicorn master and workers, from /proc, recycled workers
included), and the ratio deckhand / baseline. A third row measures polling with
``If-None-Match`` (a 304 when nothing changed).

The rate limits stay on but are raised for the run (``RATE_LIMIT_*``): their cost is measured,
one account polling thousands of times a second is not refused.

The machine's load drifts between rounds; the figures to compare are the medians of the
per-round ratios (each pairs measurements seconds apart), printed last.

Run: ``.venv/bin/python -m scripts.bench.job_read [--seconds 4] [--rounds 6] [--clients 2x4]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402 - after the path set-up, for ``python scripts/bench/...``

from config import Settings, load_settings  # noqa: E402
from models import Document, Job, User  # noqa: E402
from models.db import make_engine, migrate  # noqa: E402
from redisconn.embedded import free_port  # noqa: E402
from workers.local_stack import start_redis, stopped_at_exit, wait_until, web_process  # noqa: E402

#: Limits far above what one machine can send: the limiter runs, it never refuses.
UNLIMITED = "100000000/minute"
CLIENT_TIMEOUT_S = 10.0


@dataclass
class Sample:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    cpu_s: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(int(q * len(ordered)), len(ordered) - 1)]

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_s / self.requests if self.requests else float("nan")


# --- the client -------------------------------------------------------------------------------


def _read_response(sock: socket.socket, buffer: bytearray) -> tuple[int, bool]:
    """Read one HTTP/1.1 response from ``sock``; (status, connection kept open)."""
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        if not data:
            raise ConnectionError("closed")
        buffer += data
    head_end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:head_end]).decode("latin-1")
    lines = head.split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, keep = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "connection" and value.strip().lower() == "close":
            keep = False
    while len(buffer) < head_end + length:
        data = sock.recv(65536)
        if not data:
            raise ConnectionError("closed")
        buffer += data
    del buffer[: head_end + length]
    return status, keep


def _client_thread(
    port: int, request: bytes, until: float, out: list[tuple[int, int, list[float]]], expected: int
) -> None:
    done, errors, latencies = 0, 0, []
    sock: socket.socket | None = None
    buffer = bytearray()
    while time.monotonic() < until:
        try:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT_S)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                buffer.clear()
            start = time.perf_counter()
            sock.sendall(request)
            status, keep = _read_response(sock, buffer)
            latencies.append((time.perf_counter() - start) * 1000)
            done += 1
            if status != expected:
                errors += 1
            if not keep:
                sock.close()
                sock = None
        except OSError:  # a recycled worker closed the connection: reconnect (not counted as done)
            if sock is not None:
                sock.close()
            sock = None
    if sock is not None:
        sock.close()
    out.append((done, errors, latencies))


def _client_process(
    port: int,
    request: bytes,
    seconds: float,
    threads: int,
    expected: int,
    queue: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    until = time.monotonic() + seconds
    out: list[tuple[int, int, list[float]]] = []
    workers = [
        threading.Thread(target=_client_thread, args=(port, request, until, out, expected))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(out)


def drive(port: int, request: bytes, seconds: float, processes: int, threads: int, expected: int) -> Sample:
    """Send ``request`` from processes x threads keep-alive connections for ``seconds``."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_client_process, args=(port, request, seconds, threads, expected, queue))
        for _ in range(processes)
    ]
    started = time.monotonic()
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=seconds + 60) for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.monotonic() - started
    flat = [item for result in results for item in result]
    return Sample(
        requests=sum(r[0] for r in flat),
        errors=sum(r[1] for r in flat),
        seconds=elapsed,
        latencies_ms=[ms for r in flat for ms in r[2]],
        cpu_s=0.0,
    )


# --- the servers ------------------------------------------------------------------------------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int, *, with_children: bool) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the ")": state is field 3, so utime (14) is index 11.
    ticks = int(fields[11]) + int(fields[12])
    if with_children:  # reaped (recycled) workers
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def server_cpu_s(master: int) -> float:
    """CPU seconds of a gunicorn master, its live workers and every worker it reaped."""
    total = _cpu_of(master, with_children=True)
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        total += _cpu_of(int(child), with_children=False)
    return total


def _answers(port: int, path: str) -> bool:
    """True once the server at ``port`` answers ``GET path`` with any HTTP status."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            return sock.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], port: int, log: Path, ready_path: str
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out, web_process(env, port, out, app=app, stop_s=60) as proc:
        # Answering, not just listening: on a loaded machine a worker takes many seconds to
        # import the app, and the master accepts connections before any worker serves them.
        def answering() -> bool:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn {app} exited; see {log}")
            return _answers(port, ready_path)

        try:
            wait_until(answering, 120, f"gunicorn {app}", poll_s=0.1)
        except TimeoutError:
            raise SystemExit(f"gunicorn {app} did not start; see {log}") from None
        yield proc


def seed(settings: Settings) -> tuple[str, str]:
    """An account with a session token, and a running job of it: (token, job id)."""
    from api.auth import hash_password, issue_token

    migrate(settings)
    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        user = User(email="bench@example.com", password_hash=hash_password("correct horse battery"))
        session.add(user)
        session.flush()
        assert user.id is not None
        document = Document(
            user_id=user.id, filename="notes.md", kind="markdown", size_bytes=1234, sha256="0" * 64,
            storage_path="bench/notes.md",
        )  # fmt: skip
        session.add(document)
        session.flush()
        job = Job(user_id=user.id, document_id=document.id, state="running", stage="generating",
                  chunks_total=12, chunks_done=5)  # fmt: skip
        session.add(job)
        token, _row = issue_token(session, settings, user)
        session.commit()
        return token, job.id


def environment(settings: Settings, data_dir: Path, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "RATE_LIMIT_"))}
    env.update(
        ENV="development",
        DATA_DIR=str(data_dir),
        DATABASE_URL=settings.sqlalchemy_url,
        REDIS_URL=redis_url,
        SECRET_KEY=settings.secret_key.get_secret_value(),
        PYTHONPATH=str(ROOT),
        RATE_LIMIT_USER=UNLIMITED,
        RATE_LIMIT_PREMIUM=UNLIMITED,
        RATE_LIMIT_ADMIN=UNLIMITED,
        RATE_LIMIT_IP=UNLIMITED,
    )
    return env


def measure(master: int, port: int, request: bytes, args: argparse.Namespace, expected: int) -> Sample:
    before = server_cpu_s(master)
    sample = drive(port, request, args.seconds, args.processes, args.threads, expected)
    sample.cpu_s = server_cpu_s(master) - before
    return sample


def merge(samples: list[Sample]) -> Sample:
    return Sample(
        requests=sum(s.requests for s in samples),
        errors=sum(s.errors for s in samples),
        seconds=sum(s.seconds for s in samples),
        latencies_ms=[ms for s in samples for ms in s.latencies_ms],
        cpu_s=sum(s.cpu_s for s in samples),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="measured seconds per server and round")
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds (baseline, deckhand)")
    parser.add_argument("--clients", default="2x4", help="client processes x threads (keep-alive sockets)")
    args = parser.parse_args()
    args.processes, args.threads = (int(n) for n in args.clients.split("x"))

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        redis_dir = base / "redis"
        redis_dir.mkdir()
        redis_port = free_port()
        redis_proc = start_redis(redis_port, redis_dir)
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        with stopped_at_exit(redis_proc, 10):
            settings = load_settings(env="test", data_dir=base / "data", redis_url=redis_url, _env_file=None)
            token, job_id = seed(settings)
            env = environment(settings, base / "data", redis_url)
            run(args, env, base, token, job_id)


def run(args: argparse.Namespace, env: dict[str, str], base: Path, token: str, job_id: str) -> None:
    path = f"/api/v1/jobs/{job_id}"
    plain = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n".encode()
    authed = (
        f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
        f"Authorization: Bearer {token}\r\n\r\n"
    ).encode()
    bare_port, app_port = free_port(), free_port()
    samples: dict[str, list[Sample]] = {"baseline": [], "deckhand": [], "deckhand 304": []}
    with (
        gunicorn("scripts.bench.bare_app:create_app()", env, bare_port, base / "bare.log", path) as bare,
        gunicorn("api:create_app()", env, app_port, base / "app.log", "/healthz") as app,
    ):
        etag = _etag(app_port, authed)
        conditional = authed[:-2] + f"If-None-Match: {etag}\r\n\r\n".encode() if etag else None
        # Warm up both (imports, connections, caches), unmeasured.
        drive(bare_port, plain, 2, args.processes, args.threads, 200)
        drive(app_port, authed, 2, args.processes, args.threads, 200)
        for _ in range(args.rounds):
            samples["baseline"].append(measure(bare.pid, bare_port, plain, args, 200))
            samples["deckhand"].append(measure(app.pid, app_port, authed, args, 200))
            if conditional is not None:
                samples["deckhand 304"].append(measure(app.pid, app_port, conditional, args, 304))
    report({name: merge(runs) for name, runs in samples.items() if runs}, args, samples)


def _etag(port: int, request: bytes) -> str | None:
    """The job answer's ETag (None before the app sends one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT_S) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
    for line in data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "etag":
            return value.strip()
    return None


def report(results: dict[str, Sample], args: argparse.Namespace, rounds: dict[str, list[Sample]]) -> None:
    baseline = results["baseline"]
    print(
        f"GET /api/v1/jobs/{{id}}: {args.rounds} round(s) of {args.seconds:.0f} s per server, "
        f"client {args.processes}x{args.threads} keep-alive connections, {os.cpu_count()} CPUs"
    )
    header = ("req/s", "p50 ms", "p95 ms", "CPU ms/req", "errors", "ratio")
    print(f"{'server':14} " + " ".join(f"{column:>10}" for column in header))
    for name, sample in results.items():
        ratio = sample.rps / baseline.rps if baseline.rps else float("nan")
        print(
            f"{name:14} {sample.rps:10.0f} {sample.percentile(0.5):10.2f} {sample.percentile(0.95):10.2f} "
            f"{sample.cpu_ms_per_request:10.2f} {sample.errors:10d} {ratio:9.2f}x"
        )
    # Per round, each ratio pairs measurements seconds apart: on a shared machine the load drifts
    # between rounds, so the median of the round ratios is the figure to compare.
    per_round = [
        app.rps / bare.rps
        for bare, app in zip(rounds["baseline"], rounds["deckhand"], strict=True)
        if bare.rps
    ]
    capacity = [
        bare.cpu_ms_per_request / app.cpu_ms_per_request
        for bare, app in zip(rounds["baseline"], rounds["deckhand"], strict=True)
        if app.cpu_ms_per_request
    ]
    print(
        f"ratio (authenticated job read / bare route, requests/s): "
        f"median {statistics.median(per_round):.2f}x "
        f"over {len(per_round)} rounds (range {min(per_round):.2f}-{max(per_round):.2f}; goal >= 0.5x)"
    )
    print(
        f"capacity ratio (bare route CPU per request / job read CPU per request): median "
        f"{statistics.median(capacity):.2f}x (range {min(capacity):.2f}-{max(capacity):.2f})"
    )


if __name__ == "__main__":
    main()
