"""Benchmark: N progress streams held on one web service, and the requests around them.

Starts a real local stack (a private redis-server, SQLite, gunicorn with gunicorn.conf.py
as production runs it), signs up, uploads a few documents (their jobs stay queued: no
worker), then:

1. baseline: ``GET /healthz`` and an authenticated ``GET /api/v1/jobs/{id}``, each on a
   new connection, with no stream open;
2. opens N streams (``GET /api/v1/jobs/{id}/events``) over ``--ramp`` seconds (clients
   arrive, not all in one instant), spread over the jobs, and meanwhile sends the same
   requests again ("opening"); once every stream has its answer, the same again ("held");
3. cancels the jobs and counts the streams that receive the end event (the fan-out).

Prints how many streams were served, refused (503) or left unanswered, how many other
requests were answered, their p50/p95 with streams open against the baseline (ratios, same
run), and how many streams saw the end. ``--short`` opens 200 instead of 1,000.

Run: ``.venv/bin/python -m scripts.bench.streams`` (also in ``make bench``).
Compare with the settings main's ``make run`` used (gthread, 8 threads, 24 streams):
``--server-env WEB_WORKER_CLASS=gthread --server-env WEB_THREADS=8 --server-env SSE_MAX_STREAMS=24``;
with another checkout's code: ``--app-root DIR``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from redisconn.embedded import free_port  # noqa: E402 - after sys.path
from workers.local_stack import migrate_database, start_redis, stop, wait_healthy, web_process  # noqa: E402

#: Seconds a stream or a request may wait for its answer before it counts as unanswered.
ANSWER_TIMEOUT_S = 20.0
#: Times one client reopens a stream the server closed early.
MAX_RECONNECTS = 5
#: A probe phase stops after this long, however few requests were answered.
PHASE_MAX_S = 120.0
DOCUMENT = (
    "Photosynthesis converts light energy into chemical energy. Chlorophyll absorbs light, "
    "mostly blue and red. The Calvin cycle fixes carbon dioxide into sugars. "
) * 20


@dataclass
class Stack:
    base: str
    host: str
    port: int
    token: str
    job_ids: list[str]
    redis_url: str


@dataclass
class Probe:
    """Latencies of ordinary requests, in seconds, and the ones that got no (good) answer."""

    healthz: list[float] = field(default_factory=list)
    job_read: list[float] = field(default_factory=list)
    failed: int = 0

    @property
    def answered(self) -> int:
        return len(self.healthz) + len(self.job_read)


@dataclass
class StreamCounts:
    served: int = 0
    refused: int = 0
    unanswered: int = 0
    ended: int = 0
    #: Served streams closed by the server before their job ended, reopened with Last-Event-ID.
    reconnects: int = 0


# --- the stack --------------------------------------------------------------------------


def _server_env(data_dir: Path, redis_url: str, app_root: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "LLM_", "SSE_", "WEB_"))
    }
    env.update(
        ENV="development",
        DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'deckhand.db'}",
        REDIS_URL=redis_url,
        SECRET_KEY=uuid.uuid4().hex * 2,
        LOG_LEVEL="WARNING",
        RATE_LIMITS_ENABLED="false",  # one client opens every stream: limits are not measured here
        PYTHONPATH=str(app_root),
    )
    env.update(extra)
    return env


def _request(method: str, url: str, token: str | None = None, body: bytes | None = None,
             content_type: str | None = None) -> tuple[int, dict[str, object]]:  # fmt: skip
    request = urllib.request.Request(url, data=body, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _upload(base: str, token: str, index: int) -> str:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes{index}.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{DOCUMENT}\r\n--{boundary}--\r\n"
    ).encode()
    status, answer = _request(
        "POST", f"{base}/api/v1/documents", token, body, f"multipart/form-data; boundary={boundary}"
    )
    if status != 202:
        raise RuntimeError(f"upload answered {status}: {answer}")
    return str(answer["id"])


@contextmanager
def local_stack(
    jobs: int = 20, server_env: dict[str, str] | None = None, app_root: Path = ROOT, log: Path | None = None
) -> Iterator[Stack]:
    """Redis, a migrated SQLite database, gunicorn (gunicorn.conf.py), one user, ``jobs`` queued jobs."""
    with ExitStack() as closers, tempfile.TemporaryDirectory(prefix="deckhand-streams-") as tmp:
        data_dir = Path(tmp)
        redis_port = free_port()
        closers.callback(stop, start_redis(redis_port, data_dir), 10)
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        env = _server_env(data_dir, redis_url, app_root, server_env or {})
        migrate_database(env, app_root)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        output = closers.enter_context(log.open("ab")) if log else subprocess.DEVNULL
        gunicorn = closers.enter_context(web_process(env, port, output, root=app_root))
        wait_healthy(base, gunicorn)
        status, answer = _request(
            "POST",
            f"{base}/api/v1/auth/register",
            body=json.dumps(
                {"email": f"bench{uuid.uuid4().hex[:8]}@example.com", "password": "correct horse battery"}
            ).encode(),
            content_type="application/json",
        )
        if status != 201:
            raise RuntimeError(f"register answered {status}: {answer}")
        token = str(answer["token"])
        job_ids = [_upload(base, token, i) for i in range(jobs)]
        yield Stack(base, "127.0.0.1", port, token, job_ids, redis_url)


# --- the clients (asyncio: a thousand sockets in one thread) ----------------------------


async def _status_and_headers(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed before answering")
    status = int(status_line.split()[1])
    while await reader.readline() not in (b"\r\n", b"\n", b""):
        pass
    return status


async def _get(stack: Stack, path: str, token: str | None) -> tuple[int, float]:
    """One request on a new connection: its status and seconds until the whole answer."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(stack.host, stack.port)
    try:
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n{auth}Connection: close\r\n\r\n".encode())
        await writer.drain()
        status = await _status_and_headers(reader)
        await reader.read()  # the body, up to the close
        return status, time.perf_counter() - started
    finally:
        writer.close()


async def probe(
    stack: Stack, count: int, until: asyncio.Event | None = None, max_s: float = PHASE_MAX_S
) -> Probe:
    """``count`` healthz and job reads each, alternating, one at a time; more while ``until`` is unset."""
    result = Probe()
    job_path = f"/api/v1/jobs/{stack.job_ids[0]}"
    sent = 0
    stop_at = time.monotonic() + max_s  # a starved server must not keep the run going for hours
    while (sent < count or (until is not None and not until.is_set())) and time.monotonic() < stop_at:
        for path, token, samples in (
            ("/healthz", None, result.healthz),
            (job_path, stack.token, result.job_read),
        ):
            try:
                status, seconds = await asyncio.wait_for(_get(stack, path, token), ANSWER_TIMEOUT_S)
            except (TimeoutError, OSError, ValueError, IndexError):
                result.failed += 1
                continue
            if status == 200:
                samples.append(seconds)
            else:
                result.failed += 1
        sent += 1
    return result


async def _open_stream(
    stack: Stack, job_id: str, last_id: str | None
) -> tuple[int, asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection(stack.host, stack.port)
    resume = f"Last-Event-ID: {last_id}\r\n" if last_id else ""
    writer.write(
        f"GET /api/v1/jobs/{job_id}/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n"
        f"Authorization: Bearer {stack.token}\r\n{resume}\r\n".encode()
    )
    await writer.drain()
    try:
        return await _status_and_headers(reader), reader, writer
    except BaseException:
        writer.close()
        raise


async def _stream(stack: Stack, job_id: str, counts: StreamCounts, settled: asyncio.Queue[None]) -> None:
    """One client following a job as a browser's EventSource does: it reconnects with
    Last-Event-ID when the server closes the stream early (a recycled or restarting worker)."""
    last_id: str | None = None
    served = False
    reconnects = 0
    try:
        while True:
            try:
                status, reader, writer = await asyncio.wait_for(
                    _open_stream(stack, job_id, last_id), ANSWER_TIMEOUT_S
                )
            except (TimeoutError, OSError, ValueError, IndexError):
                status, reader, writer = 0, None, None
            try:
                if status != 200 or reader is None:
                    if not served:
                        if status == 0:
                            counts.unanswered += 1
                        else:
                            counts.refused += 1
                        return
                else:
                    while line := await asyncio.wait_for(
                        reader.readline(), None if served else ANSWER_TIMEOUT_S
                    ):
                        if line.startswith(b"id:"):
                            last_id = line[3:].strip().decode()
                        elif line.startswith(b"data:"):
                            if not served:
                                served = True
                                counts.served += 1
                                settled.put_nowait(None)
                            if b'"kind":"end"' in line:
                                counts.ended += 1
                                return
            except (TimeoutError, OSError, ValueError):
                if not served:
                    counts.unanswered += 1
                    return
            finally:
                if writer is not None:
                    writer.close()
            # Closed before the end: reconnect, as EventSource does (bounded here).
            if reconnects >= MAX_RECONNECTS:
                return
            reconnects += 1
            counts.reconnects += 1
            await asyncio.sleep(1.0)
    finally:
        if not served:
            settled.put_nowait(None)


@dataclass
class Outcome:
    baseline: Probe
    opening: Probe
    held: Probe
    counts: StreamCounts
    #: Connections to Redis (all but the bench's own) while the streams were held.
    redis_clients_held: int
    #: Of those, the ones the streams themselves hold: their shared read pool and subscriber
    #: (the rest are request-path pools, which keep as many idle connections as the burst of
    #: stream starts had requests in flight at once).
    stream_clients_held: int


async def run_streams(
    stack: Stack, streams: int, probes: int, ramp_s: float = 10, end_wait_s: float = 60
) -> Outcome:
    """Baseline probe; ``streams`` streams with a probe while they open and one while they are
    held; then the jobs cancelled, and the streams that saw the end counted."""
    await probe(stack, 10)  # warm up: the workers' first requests import and connect lazily
    baseline = await probe(stack, probes)
    counts = StreamCounts()
    settled: asyncio.Queue[None] = asyncio.Queue()
    tasks: list[asyncio.Task[None]] = []

    async def open_streams() -> None:
        # Spread over ``ramp_s`` as clients arrive, not all in one instant.
        for i in range(streams):
            tasks.append(
                asyncio.create_task(_stream(stack, stack.job_ids[i % len(stack.job_ids)], counts, settled))
            )
            await asyncio.sleep(ramp_s / streams)

    opener = asyncio.create_task(open_streams())
    all_settled = asyncio.Event()

    async def watch_settled() -> None:
        for _ in range(streams):
            await settled.get()
        all_settled.set()

    watcher = asyncio.create_task(watch_settled())
    opening = await probe(stack, 0, until=all_settled)
    await watcher
    await opener
    redis_clients, stream_clients = await asyncio.to_thread(redis_clients_besides_this, stack.redis_url)
    held = await probe(stack, probes)
    for job_id in stack.job_ids:
        # A starved server may not answer: the streams that miss the end are counted below.
        with contextlib.suppress(OSError):
            await asyncio.to_thread(
                _request, "POST", f"{stack.base}/api/v1/jobs/{job_id}/cancel", stack.token
            )
    deadline = time.monotonic() + end_wait_s
    while counts.ended < counts.served and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return Outcome(baseline, opening, held, counts, redis_clients, stream_clients)


#: The client names (``redisconn`` profiles) of the connections progress streams hold.
STREAM_CLIENT_NAMES = frozenset({"deckhand-stream_reads", "deckhand-subscriber"})


def redis_clients_besides_this(url: str) -> tuple[int, int]:
    """The server's connections but this one, and how many of them the streams hold."""
    client = redis.Redis.from_url(url)
    try:
        connections = client.client_list()
        streams = sum(1 for c in connections if c.get("name") in STREAM_CLIENT_NAMES)
        return len(connections) - 1, streams
    finally:
        client.close()


# --- the report -------------------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def raise_client_file_limit(streams: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = streams + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(
            resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard)
        )


def report(outcome: Outcome, streams: int, server: str) -> str:
    counts = outcome.counts
    lines = [
        f"server: {server}",
        f"streams: {streams} opened, {counts.served} served, {counts.refused} refused (503), "
        f"{counts.unanswered} unanswered; {counts.ended} of {counts.served} served saw their job end "
        f"({counts.reconnects} reconnections with Last-Event-ID)",
        f"Redis connections of the server while they were held: {outcome.redis_clients_held}"
        f" ({outcome.stream_clients_held} of them the streams' reads and subscriber)",
    ]
    for phase, result in (
        ("baseline", outcome.baseline),
        ("opening", outcome.opening),
        ("held", outcome.held),
    ):
        lines.append(
            f"other requests, {phase}: {result.answered} answered, {result.failed} failed or unanswered"
        )
    lines.append(
        f"{'request':<9} {'':<3} {'baseline ms':>11} {'opening ms':>10} {'ratio':>7} "
        f"{'held ms':>8} {'ratio':>7}"
    )
    for name, attribute in (("healthz", "healthz"), ("job read", "job_read")):
        for q in (50, 95):
            base, opening, held = (
                percentile(getattr(result, attribute), q) * 1000
                for result in (outcome.baseline, outcome.opening, outcome.held)
            )
            lines.append(
                f"{name:<9} p{q:<2} {base:>11.1f} {opening:>10.1f} {opening / base:>6.2f}x {held:>8.1f} "
                f"{held / base:>6.2f}x"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--short", action="store_true", help="200 streams (the short form)")
    parser.add_argument("--probes", type=int, default=100, help="healthz and job reads in each phase")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the streams open")
    parser.add_argument("--jobs", type=int, default=20, help="jobs the streams are spread over")
    parser.add_argument("--server-env", action="append", default=[], metavar="KEY=VALUE",
                        help="a server setting (repeatable), e.g. WEB_WORKER_CLASS=gthread")  # fmt: skip
    parser.add_argument("--app-root", type=Path, default=ROOT, help="the checkout whose server runs")
    parser.add_argument("--log", type=Path, default=None, help="append gunicorn's output to this file")
    args = parser.parse_args(argv)
    streams = 200 if args.short else args.streams
    server_env = dict(item.split("=", 1) for item in args.server_env)
    raise_client_file_limit(streams)

    with local_stack(args.jobs, server_env, args.app_root.resolve(), args.log) as stack:
        outcome = asyncio.run(run_streams(stack, streams, args.probes, args.ramp))
    print(report(outcome, streams, f"{args.app_root.resolve()}, settings: {server_env or 'defaults'}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
