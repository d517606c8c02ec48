"""Chaos suites: break a real local stack on purpose and check that nothing is lost.

Each suite starts ``deckhand run`` (embedded Redis, SQLite, API, worker, scheduler, all
supervised) on a fresh data directory and a free port on 127.0.0.1, drives it over HTTP,
breaks a part with real signals, and prints what it tried, what held and what was lost.
It exits 1 on any lost or unfinished job, any duplicate card, any 500, any 503 without
``Retry-After``.

    workers    SIGKILL the worker's processes at random moments while jobs run: every
               job succeeds, no chunk's cards are written twice, /healthz answers throughout.
    redis      SIGSTOP the embedded Redis (for --stall seconds), resume it, then SIGKILL it
               (the supervisor restarts it) under a loop of uploads and reads: only 2xx, 429
               and 503 with Retry-After; every accepted job succeeds after recovery.
    providers  the LLM endpoint (the fake server) answers 500s, hangs, 429s with Retry-After
               at random (30 % of calls), then a 401 on every key until fixed: every job
               succeeds, and the fixed keys are used again without a restart.
    postgres   the stack on a PostgreSQL cluster of its own, restarted (fast stop, a pause,
               start on the same data and port) --restarts times under a loop of uploads,
               job reads and deck lists while jobs run: only 2xx, 429 and 503 with
               Retry-After; every accepted job succeeds within a minute of the last restart.

Short forms run in ``make test`` (tests/test_chaos.py); long forms: ``make chaos``, or
``.venv/bin/python -m scripts.chaos workers --jobs 50 --kills 8`` and so on.
Traffic goes to 127.0.0.1 only, bounded in count and time.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workers import local_stack  # noqa: E402

#: Limits high enough that the suites measure faults, not limits.
GENEROUS = {
    "RATE_LIMIT_USER": "100000/minute",
    "RATE_LIMIT_IP": "100000/minute",
    "RATE_LIMIT_UPLOAD_USER": "100000/minute",
    "QUOTA_UPLOADS_PER_DAY": "100000",
    # A killed worker's messages come back in seconds (production: 15 s heartbeat timeout).
    "BROKER_HEARTBEAT_TIMEOUT_MS": "3000",
    "BROKER_MAINTENANCE_CHANCE": "200000",
    "WORKER_THREADS": "4",
    "LOG_LEVEL": "WARNING",
}
TOPICS = ("photosynthesis", "mitochondria", "plate tectonics", "the water cycle", "volcanoes", "enzymes")


def document(i: int) -> bytes:
    """A small, distinct Markdown document the offline generator makes cards from."""
    topic = TOPICS[i % len(TOPICS)]
    return (
        f"# Notes {i} on {topic}\n\n"
        f"## What {topic} is\n\n"
        f"The study of {topic} (sheet {i}) explains how energy and matter move in nature. "
        "Photosynthesis is the process by which plants turn light, water and carbon dioxide "
        "into glucose and oxygen. Mitochondria are the organelles that release energy from "
        "glucose through cellular respiration.\n\n"
        "## Key terms\n\n"
        "Chlorophyll is the green pigment that absorbs light. Enzymes are proteins that speed "
        "up chemical reactions. Magma is molten rock beneath the surface of the Earth. "
        f"Evaporation is the change of liquid water into vapour; item {i} closes the sheet.\n"
    ).encode()


@dataclass
class Report:
    suite: str
    tried: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    def show(self) -> bool:
        print(f"\n== chaos: {self.suite} ==")
        for title, lines in (("tried", self.tried), ("held", self.held), ("lost", self.lost or ["nothing"])):
            print(f"{title}:")
            for line in lines:
                print(f"  - {line}")
        print("result: " + ("PASS" if not self.lost else "FAIL"))
        return not self.lost


class Stack:
    """``deckhand run`` on a fresh data directory and a free port, stopped with SIGINT."""

    def __init__(self, data_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        from redisconn.embedded import free_port

        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = local_stack.child_env({**GENEROUS, "DATA_DIR": str(data_dir), **(extra_env or {})})
        self.log: list[str] = []
        self.proc: subprocess.Popen[str] | None = None

    def start(self, timeout_s: float = 120) -> None:
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-c", "import cli; cli.main()", "run", "--port", str(self.port)],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        wait_until(lambda: "running at" in self.output() or self.proc is None or self.proc.poll() is not None,
                   timeout_s, "the stack to start")  # fmt: skip
        if self.proc.poll() is not None:
            raise RuntimeError("the stack did not start:\n" + self.output()[-2000:])

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.append(line)

    def output(self) -> str:
        return "".join(self.log)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        # The supervisor leads its own session (its children lead theirs): SIGINT stops it
        # gracefully; what is left of the group after a minute is killed.
        local_stack.stop(self.proc, 60, signum=signal.SIGINT, group=True)

    def child(self, needle: str) -> psutil.Process | None:
        """The supervisor's child whose command line contains ``needle``."""
        assert self.proc is not None
        for proc in psutil.Process(self.proc.pid).children():
            try:
                if needle in " ".join(proc.cmdline()):
                    return proc
            except psutil.NoSuchProcess:
                continue
        return None

    def settings(self) -> Any:
        from config import load_settings

        return load_settings(
            data_dir=self.data_dir, database_url=self.env.get("DATABASE_URL"), _env_file=None
        )


@contextmanager
def running_stack(extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="deckhand-chaos-") as tmp:
        stack = Stack(Path(tmp) / "data", extra_env)
        try:
            stack.start()
            yield stack
        finally:
            stack.stop()


def wait_until(predicate: Callable[[], object], timeout_s: float, what: str) -> None:
    local_stack.wait_until(predicate, timeout_s, what, poll_s=0.25)


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        email = f"chaos{time.monotonic_ns()}@example.com"
        response = requests.post(
            f"{base}/api/v1/auth/register", json={"email": email, "password": "chaos-password-1"}, timeout=30
        )
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def upload(self, i: int) -> requests.Response:
        files = {"file": (f"notes-{i}.md", document(i))}
        return requests.post(f"{self.base}/api/v1/documents", headers=self.headers, files=files, timeout=60)

    def job(self, job_id: str) -> requests.Response:
        return requests.get(f"{self.base}/api/v1/jobs/{job_id}", headers=self.headers, timeout=30)

    def decks(self) -> requests.Response:
        return requests.get(f"{self.base}/api/v1/decks", headers=self.headers, timeout=30)


def finish_jobs(client: Client, job_ids: list[str], timeout_s: float) -> dict[str, str]:
    """Poll every job until it ends or ``timeout_s`` passes; job id -> final (or last) state."""
    states = dict.fromkeys(job_ids, "unknown")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for job_id, state in states.items():
            if state in ("succeeded", "failed", "cancelled"):
                continue
            try:
                response = client.job(job_id)
            except requests.RequestException:
                continue
            if response.status_code == 200:
                states[job_id] = str(response.json()["state"])
        if all(s in ("succeeded", "failed", "cancelled") for s in states.values()):
            break
        time.sleep(1.0)
    return states


def duplicate_cards(stack: Stack, job_ids: list[str]) -> int:
    """Cards written twice for one (job, chunk, position): a chunk done twice without its guard."""
    from sqlalchemy import func
    from sqlmodel import Session, col, select

    from models import Card
    from models.db import make_engine

    engine = make_engine(stack.settings())
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(Card.job_id, Card.chunk_index, Card.position, func.count())
                .where(col(Card.job_id).in_(job_ids))
                .group_by(col(Card.job_id), col(Card.chunk_index), col(Card.position))
                .having(func.count() > 1)
            ).all()
        return len(rows)
    finally:
        engine.dispose()


def judge_jobs(report: Report, stack: Stack, states: dict[str, str]) -> None:
    counts = Counter(states.values())
    report.held.append(f"jobs by final state: {dict(counts)}")
    bad = {j: s for j, s in states.items() if s != "succeeded"}
    if bad:
        report.lost.append(f"{len(bad)} job(s) did not succeed: {dict(list(bad.items())[:5])}")
    duplicates = duplicate_cards(stack, list(states))
    if duplicates:
        report.lost.append(f"{duplicates} card position(s) written twice")
    else:
        report.held.append("no card written twice")


def _replaced(stack: Stack, old: psutil.Process | None) -> bool:
    new = stack.child("workers.main")
    return new is not None and (old is None or new.pid != old.pid)


class Prober:
    """/healthz every 0.5 s in a thread: how many answers were not 200."""

    def __init__(self, base: str) -> None:
        self.base, self.ok, self.failed = base, 0, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                good = requests.get(f"{self.base}/healthz", timeout=5).status_code == 200
            except requests.RequestException:
                good = False
            self.ok, self.failed = self.ok + good, self.failed + (not good)
            self.stop.wait(0.5)

    def __enter__(self) -> Prober:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()


# --- suites ---------------------------------------------------------------------------------


def suite_workers(jobs: int, kills: int, seed: int, timeout_s: float) -> Report:
    report = Report("workers")
    rng = random.Random(seed)  # noqa: S311 - chaos timing, not security
    with running_stack() as stack:
        client = Client(stack.base)
        killed: list[str] = []
        done = threading.Event()

        def killer() -> None:
            while len(killed) < kills and not done.is_set():
                done.wait(rng.uniform(1.0, 4.0))
                worker = stack.child("workers.main")
                children = worker.children() if worker else []
                if not children:
                    continue
                victim = rng.choice(children)
                try:
                    if victim.status() == psutil.STATUS_ZOMBIE:  # already dead, not yet reaped
                        continue
                    victim.send_signal(signal.SIGKILL)
                    killed.append(f"{time.strftime('%H:%M:%S')} pid {victim.pid}")
                except psutil.NoSuchProcess:
                    continue
                # The next kill only once the supervisor has started a new worker.
                with contextlib.suppress(TimeoutError):
                    wait_until(functools.partial(_replaced, stack, worker), 60, "a new worker")

        with Prober(stack.base) as prober:
            thread = threading.Thread(target=killer, daemon=True)
            thread.start()
            job_ids = []
            for i in range(jobs):
                response = client.upload(i)
                if response.status_code != 202:
                    report.lost.append(f"upload {i} answered {response.status_code}: {response.text[:120]}")
                    continue
                job_ids.append(str(response.json()["id"]))
            states = finish_jobs(client, job_ids, timeout_s)
            done.set()
            thread.join()
        report.tried.append(
            f"{jobs} uploads; SIGKILL of a worker process {len(killed)} time(s) at random moments"
        )
        restarts = stack.output().count("restarted the worker process")
        report.held.append(f"the supervisor restarted the worker {restarts} time(s)")
        judge_jobs(report, stack, states)
        if prober.failed:
            report.lost.append(f"/healthz failed {prober.failed} of {prober.ok + prober.failed} times")
        else:
            report.held.append(f"/healthz answered 200 all {prober.ok} times")
    return report


def suite_redis(stall_s: float, seed: int, timeout_s: float) -> Report:
    report = Report("redis")
    with running_stack() as stack:
        client = Client(stack.base)
        seen: Counter[tuple[str, int]] = Counter()
        bad: list[str] = []
        accepted: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def loop(offset: int) -> None:
            i = offset
            while not stop.is_set():
                i += 3
                kind = ("upload", "job", "decks")[i % 3]
                try:
                    if kind == "upload":
                        response = client.upload(seed * 10_000 + i)
                    elif kind == "job" and accepted:
                        response = client.job(accepted[-1])
                    else:
                        response = client.decks()
                except requests.RequestException as exc:
                    with lock:
                        bad.append(f"{kind}: no answer ({type(exc).__name__})")
                    continue
                status = response.status_code
                with lock:
                    seen[(kind, status)] += 1
                    if kind == "upload" and status == 202:
                        accepted.append(str(response.json()["id"]))
                    if status >= 500 and status != 503:
                        bad.append(f"{kind}: {status}")
                    elif status == 503 and int(response.headers.get("Retry-After", "0")) < 1:
                        bad.append(f"{kind}: 503 without Retry-After")
                    elif 400 <= status < 500 and status != 429:
                        bad.append(f"{kind}: {status} {response.text[:100]}")
                time.sleep(0.2)

        threads = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        server = stack.child("redis-server")
        assert server is not None, "no embedded redis-server"
        server.send_signal(signal.SIGSTOP)
        time.sleep(stall_s)
        server.send_signal(signal.SIGCONT)
        time.sleep(2)
        server.send_signal(signal.SIGKILL)
        wait_until(lambda: "restarted the redis process" in stack.output(), 30, "the Redis restart")
        recovered = time.monotonic()
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join()
        report.tried.append(
            f"uploads, job reads and deck lists in 3 loops; Redis stopped (SIGSTOP) {stall_s:.0f} s, "
            "resumed, then killed (SIGKILL)"
        )
        report.held.append(f"answers by kind and status: {dict(sorted(seen.items()))}")
        if bad:
            report.lost.append(f"{len(bad)} bad answer(s): {bad[:8]}")
        else:
            report.held.append("no 500, every 503 with Retry-After")
        states = finish_jobs(client, accepted, timeout_s)
        report.held.append(
            f"{len(accepted)} accepted jobs ended within {time.monotonic() - recovered:.0f} s of recovery"
        )
        judge_jobs(report, stack, states)
    return report


class LoadLoops:
    """Threads looping over uploads, job reads and deck lists; every answer judged."""

    def __init__(self, client: Client, seed: int, threads: int = 3) -> None:
        self.client, self.seed = client, seed
        self.seen: Counter[tuple[str, int]] = Counter()
        self.bad: list[str] = []
        self.accepted: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._loop, args=(n,), daemon=True) for n in range(threads)]

    def __enter__(self) -> LoadLoops:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _loop(self, offset: int) -> None:
        rng = random.Random(self.seed * 100 + offset)  # noqa: S311 - which job to read, not security
        i = offset
        while not self.stop.is_set():
            i += len(self.threads)
            kind = ("upload", "job", "decks")[i % 3]
            try:
                if kind == "upload":
                    response = self.client.upload(self.seed * 10_000 + i)
                elif kind == "job" and self.accepted:
                    response = self.client.job(rng.choice(self.accepted))
                else:
                    kind = "decks"
                    response = self.client.decks()
            except requests.RequestException as exc:
                with self.lock:
                    self.bad.append(f"{kind}: no answer ({type(exc).__name__})")
                continue
            self._judge(kind, response)
            time.sleep(0.2)

    def _judge(self, kind: str, response: requests.Response) -> None:
        status = response.status_code
        with self.lock:
            self.seen[(kind, status)] += 1
            if kind == "upload" and status == 202:
                self.accepted.append(str(response.json()["id"]))
            if status >= 500 and status != 503:
                self.bad.append(f"{kind}: {status} {response.text[:160]}")
            elif status == 503 and int(response.headers.get("Retry-After", "0")) < 1:
                self.bad.append(f"{kind}: 503 without Retry-After")
            elif status == 503 and not response.headers.get("Content-Type", "").startswith(
                "application/problem+json"
            ):
                self.bad.append(f"{kind}: 503 not problem+json")
            elif 400 <= status < 500 and status != 429:
                self.bad.append(f"{kind}: {status} {response.text[:100]}")


def suite_postgres(restarts: int, down_s: float, seed: int, timeout_s: float, within_s: float) -> Report:
    from tests.pg import start_cluster

    report = Report("postgres")
    cluster = start_cluster()
    if cluster is None:
        report.lost.append("no PostgreSQL binaries (initdb, pg_ctl) on this machine")
        return report
    try:
        with running_stack({"DATABASE_URL": cluster.create_database()}) as stack:
            client = Client(stack.base)
            with LoadLoops(client, seed) as loops:
                wait_until(lambda: len(loops.accepted) >= 3, 60, "the first uploads")
                for _ in range(restarts):
                    time.sleep(2)
                    cluster.stop_server("fast")
                    time.sleep(down_s)
                    cluster.start_server()
                recovered = time.monotonic()
                time.sleep(3)
            report.tried.append(
                f"uploads, job reads and deck lists in 3 loops while jobs run; PostgreSQL restarted "
                f"{restarts} time(s) (fast stop, {down_s:.0f} s down, start on the same data and port)"
            )
            report.held.append(f"answers by kind and status: {dict(sorted(loops.seen.items()))}")
            if loops.bad:
                report.lost.append(f"{len(loops.bad)} bad answer(s): {loops.bad[:8]}")
            else:
                report.held.append("no 500, every 503 problem+json with Retry-After")
            states = finish_jobs(client, loops.accepted, timeout_s)
            took = time.monotonic() - recovered
            report.held.append(f"{len(loops.accepted)} accepted jobs ended within {took:.0f} s of recovery")
            if took > within_s:
                report.lost.append(f"jobs took {took:.0f} s after recovery to end (allowed {within_s:.0f} s)")
            judge_jobs(report, stack, states)
            log = stack.output()
            died = [line.strip() for line in log.splitlines() if "process exited" in line]
            if died:  # the API, worker and scheduler must ride the restarts out, not be restarted
                report.lost.append(f"{len(died)} process exit(s): {died[:3]}")
            else:
                report.held.append("no process of the stack exited (API, worker, scheduler)")
            waited = log.count("database unavailable in ")
            report.held.append(f"job messages that waited out the outage and ran again: {waited}")
            tracebacks = log.count("Traceback (most recent call last)")
            if tracebacks:
                first = log.index("Traceback (most recent call last)")
                report.held.append(
                    f"{tracebacks} traceback(s) in the stack's log; the first: {log[first : first + 600]}"
                )
    finally:
        cluster.stop()
    return report


def suite_providers(jobs: int, seed: int, timeout_s: float) -> Report:
    from providers.fakes import FakeLLMServer

    report = Report("providers")
    fake = FakeLLMServer().start()
    try:
        faults: list[Any] = ["500", "503", "malformed", {"fault": "429", "retry_after": 1}]
        faults.append({"fault": "hang", "hang_s": 3})
        fake.script(random={"rate": 0.3, "seed": seed, "faults": faults})
        env = {
            "LLM_PROVIDERS": "openai",
            "OPENAI_API_KEYS": "sk-chaos-one,sk-chaos-two",
            "OPENAI_BASE_URL": fake.openai_url,
            "OPENAI_TIMEOUT_S": "2",
            "LLM_KEY_RECHECK_S": "2",
            # A chunk falls back to the offline generator after 20 s of failures (default 120 s).
            "LLM_CHAIN_DEADLINE_S": "20",
        }
        with running_stack(env) as stack:
            client = Client(stack.base)
            job_ids = [str(client.upload(i).json()["id"]) for i in range(jobs)]
            states = finish_jobs(client, job_ids, timeout_s)
            report.tried.append(
                f"{jobs} jobs while 30 % of LLM calls fail (500, 503, 429 with Retry-After, hangs, malformed)"
            )
            judge_jobs(report, stack, states)
            # Both keys refused, then fixed: the chain re-validates them by itself.
            fake.script(default="401")
            refused = [str(client.upload(1000 + i).json()["id"]) for i in range(2)]
            finish_jobs(client, refused, timeout_s)
            fake.reset()  # fixed: every call answers again
            fixed = time.monotonic()
            later: list[str] = []

            def answered() -> bool:
                return any("completions" in str(e["path"]) for e in fake.log())

            while time.monotonic() - fixed < 90 and not answered():
                later.append(str(client.upload(2000 + len(later)).json()["id"]))
                time.sleep(3)
            took = time.monotonic() - fixed
            used = [e for e in fake.log() if "completions" in str(e["path"])]
            states = finish_jobs(client, later, timeout_s)
            report.tried.append("every key refused (401) for two jobs, then fixed; a job every 3 s")
            if used:
                report.held.append(f"the fixed keys answered again {took:.0f} s after the fix, no restart")
            else:
                report.lost.append(f"the fixed keys were not used again within {took:.0f} s")
            if any(s != "succeeded" for s in states.values()):
                report.lost.append(f"jobs after the fix: {states}")
    finally:
        fake.stop()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.chaos", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="suite", required=True)
    workers = sub.add_parser("workers", help="SIGKILL worker processes during jobs")
    workers.add_argument("--jobs", type=int, default=50)
    workers.add_argument("--kills", type=int, default=8)
    redis_p = sub.add_parser("redis", help="stall and kill Redis under uploads and reads")
    redis_p.add_argument("--stall", type=float, default=30.0, help="seconds Redis stays stopped")
    providers = sub.add_parser("providers", help="provider storms and a refused-then-fixed key")
    providers.add_argument("--jobs", type=int, default=20)
    postgres = sub.add_parser("postgres", help="restart PostgreSQL under uploads, reads and running jobs")
    postgres.add_argument("--restarts", type=int, default=3)
    postgres.add_argument("--down", type=float, default=5.0, help="seconds PostgreSQL stays stopped")
    postgres.add_argument("--within", type=float, default=60.0, help="seconds for the jobs after recovery")
    for p in (workers, redis_p, providers, postgres):
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--timeout", type=float, default=300.0, help="seconds for the jobs to end")
    args = parser.parse_args(argv)
    if args.suite == "workers":
        report = suite_workers(args.jobs, args.kills, args.seed, args.timeout)
    elif args.suite == "redis":
        report = suite_redis(args.stall, args.seed, args.timeout)
    elif args.suite == "postgres":
        report = suite_postgres(args.restarts, args.down, args.seed, args.timeout, args.within)
    else:
        report = suite_providers(args.jobs, args.seed, args.timeout)
    return 0 if report.show() else 1


if __name__ == "__main__":
    sys.exit(main())
