"""The load suite: N users (locust, headless) against a real local stack, then the outcome checked.

Starts, in a temporary directory: a private redis-server, a database at the migration head
(SQLite, or with ``--database postgres`` a PostgreSQL cluster of its own started from the
machine's binaries, as the chaos suite does), the fake LLM server (``providers.fakes``, OpenAI
wire format, answering after ``--latency`` seconds), gunicorn with ``gunicorn.conf.py`` and the
production settings (``ENV=production``, gevent, ``WEB_CONCURRENCY=2``, uploads stored in the
database, default rate limits and quotas) and one worker (``dramatiq workers.main``,
``WORKER_THREADS`` threads). Then runs ``scripts/load/locustfile.py`` in its own process
(locust patches the standard library with gevent) with ``--users`` users, each signing up,
uploading one small real document from ``../shared/corpus`` (read in place), following its job
by polling or by SSE, opening its deck and studying. Users come from distinct loopback
addresses, or all from one (``--ips``).

Prints p50/p95/p99 per endpoint, the error rate, the status codes and the jobs' outcome, and
exits 1 on any lost job (a job uploaded that did not succeed), duplicate card, card count that
disagrees with its job, 5xx, user that did not finish, or an error rate above
``--max-error-rate``. Never on a timing.

Run: ``.venv/bin/python -m scripts.load.run`` (``make load``: 200 users, distinct IPs and one IP,
on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from providers.fakes import FakeLLMServer  # noqa: E402 - after sys.path
from redisconn.embedded import free_port  # noqa: E402
from scripts.bench.stack import NoPostgres, database_for  # noqa: E402
from scripts.load.observe import CpuSampler, descendants, server_times  # noqa: E402
from workers.local_stack import (  # noqa: E402
    migrate_database,
    start_redis,
    stop,
    wait_healthy,
    web_process,
    worker_process,
)

CORPUS = ROOT.parent / "shared" / "corpus"
#: A short real Markdown chapter (25 KB): a few chunks, cards from every one.
DEFAULT_DOCUMENT = CORPUS / "md-rust-book-ch04-01-what-is-ownership.md"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
#: Settings the load must not inherit from the caller's environment (defaults or ours apply).
FOREIGN = ("DATABASE_", "REDIS_", "LLM_", "WEB_", "SSE_", "RATE_LIMIT", "QUOTA_", "OPENAI_", "ANTHROPIC_",
           "MISTRAL_", "KIWI_", "WORKER_", "PROXY_FIX", "UPLOAD_", "ENV", "DEPLOY_ENV", "LOG_")  # fmt: skip
#: After locust quits, how long a job may still take to end before it counts as lost.
SETTLE_S = 180.0
TERMINAL = ("succeeded", "failed", "cancelled")


@dataclass
class Stack:
    base: str
    directory: Path
    database_url: str
    logs: Path
    #: The stack's processes by part (web: gunicorn's master, worker: dramatiq's), for CPU figures.
    pids: dict[str, int]


def stack_env(
    directory: Path, redis_url: str, fake: FakeLLMServer, port: int, threads: int, database_url: str
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN)}
    env.update(
        ENV="production",
        SECRET_KEY=uuid.uuid4().hex * 2,
        DATA_DIR=str(directory / "data"),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        UPLOAD_STORAGE="database",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        WEB_WORKER_CLASS="gevent",
        WEB_WORKER_CONNECTIONS="1000",
        WORKER_PROCESSES="1",
        WORKER_THREADS=str(threads),
        LLM_PROVIDERS="openai",
        OPENAI_API_KEYS="sk-load-key-one",
        OPENAI_BASE_URL=fake.openai_url,
        LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    return env


@contextmanager
def local_stack(
    latency_s: float,
    threads: int,
    database: str = "sqlite",
    *,
    worker: bool = True,
    extra_env: dict[str, str] | None = None,
    worker_nice: int = 0,
) -> Iterator[Stack]:
    """See the module docstring; everything is stopped and removed at exit.

    ``worker`` False starts no worker (uploads stay queued); ``extra_env`` overrides settings;
    ``worker_nice`` lowers the worker's CPU priority by that much (``nice``), as ``deckhand run``
    can, so that on one machine the API's requests get the CPU before background card-making.
    """
    with ExitStack() as closers, tempfile.TemporaryDirectory(prefix="deckhand-load-") as tmp:
        directory = Path(tmp)
        database_url = database_for(database, directory, closers)
        logs = directory / "logs"
        logs.mkdir()
        redis_port = free_port()
        redis_proc = start_redis(redis_port, directory)
        closers.callback(stop, redis_proc, 10)
        fake = closers.enter_context(FakeLLMServer(latency_s=latency_s))
        port = free_port()
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        env = {**stack_env(directory, redis_url, fake, port, threads, database_url), **(extra_env or {})}
        migrate_database(env)
        web_log = closers.enter_context((logs / "web.log").open("ab"))
        web = closers.enter_context(web_process(env, port, web_log))
        if worker:
            worker_log = closers.enter_context((logs / "worker.log").open("ab"))
            worker_proc = closers.enter_context(worker_process(env, threads, worker_log, nice=worker_nice))
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, web)
        pids = {"web": web.pid, "redis": redis_proc.pid, "runner": os.getpid()}
        if worker:
            pids["worker"] = worker_proc.pid
        yield Stack(base, directory, env["DATABASE_URL"], logs, pids)


# --- the run -----------------------------------------------------------------------------


def run_locust(
    stack: Stack,
    users: int,
    spawn_rate: float,
    ips: str,
    run_time_s: int,
    document: Path,
    started: Callable[[subprocess.Popen[bytes]], None] = lambda _proc: None,
) -> dict[str, Any]:
    """Locust in its own process (``started`` is told its process); its results (written by the
    locustfile when it quits)."""
    results = stack.directory / "results.json"
    env = {
        **os.environ,
        "LOAD_DOCUMENT": str(document),
        "LOAD_SOURCE_IPS": ips,
        "LOAD_RESULTS": str(results),
        "PYTHONPATH": str(ROOT),
    }
    with (stack.logs / "locust.log").open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", stack.base,
             "--users", str(users), "--spawn-rate", str(spawn_rate), "--run-time", f"{run_time_s}s",
             "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        started(proc)
        try:
            proc.wait(timeout=run_time_s + 120)
        except subprocess.TimeoutExpired:
            stop(proc, 10)
    if not results.exists():
        tail = (stack.logs / "locust.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"locust wrote no results; its log ends with:\n{tail}")
    loaded: dict[str, Any] = json.loads(results.read_text())
    return loaded


@dataclass
class JobCheck:
    """The uploaded jobs as the database has them once the load is over."""

    uploaded: int
    succeeded: int
    states: dict[str, int]
    duplicate_cards: int
    count_mismatches: int
    cards: int

    @property
    def lost(self) -> int:
        """Uploaded (202) but not succeeded: failed, cancelled, still running, or gone."""
        return self.uploaded - self.succeeded


def check_jobs(database_url: str, job_ids: list[str], settle_s: float = SETTLE_S) -> JobCheck:
    """Wait (bounded) for every uploaded job to end, then look for duplicate cards and miscounts."""
    from sqlalchemy import bindparam, create_engine, text

    engine = create_engine(database_url)
    jobs_query = text("SELECT id, state, deck_id, cards_count FROM job WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    # The same question and answer twice in one deck (what a repeated message must never make).
    duplicates_query = text(
        "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM card WHERE deck_id IN :decks "
        "GROUP BY deck_id, lower(trim(front)), lower(trim(back)) HAVING COUNT(*) > 1) AS repeated"
    ).bindparams(bindparam("decks", expanding=True))
    counts_query = text(
        "SELECT deck_id, COUNT(*) FROM card WHERE deck_id IN :decks GROUP BY deck_id"
    ).bindparams(bindparam("decks", expanding=True))
    try:
        deadline = time.monotonic() + settle_s
        while True:
            with engine.connect() as connection:
                rows = connection.execute(jobs_query, {"ids": job_ids}).all() if job_ids else []
            if all(row[1] in TERMINAL for row in rows) or time.monotonic() > deadline:
                break
            time.sleep(1.0)
        states: dict[str, int] = {}
        for row in rows:
            states[row[1]] = states.get(row[1], 0) + 1
        decks = {str(row[2]): int(row[3]) for row in rows if row[2]}
        duplicates, counts = 0, {}
        if decks:
            with engine.connect() as connection:
                duplicates = int(connection.execute(duplicates_query, {"decks": list(decks)}).scalar_one())
                counts = {
                    str(deck): int(n) for deck, n in connection.execute(counts_query, {"decks": list(decks)})
                }
    finally:
        engine.dispose()
    mismatches = sum(1 for deck, expected in decks.items() if counts.get(deck, 0) != expected)
    succeeded = states.get("succeeded", 0)
    return JobCheck(len(job_ids), succeeded, states, duplicates, mismatches, sum(counts.values()))


# --- the report --------------------------------------------------------------------------


def http_totals(results: dict[str, Any]) -> tuple[int, int]:
    """HTTP requests and failed ones (the FLOW rows are whole streams and jobs, not requests)."""
    rows = [row for row in results["endpoints"] if row["type"] != "FLOW"]
    return sum(row["requests"] for row in rows), sum(row["failures"] for row in rows)


def server_errors(results: dict[str, Any]) -> int:
    return sum(
        count for status, count in results["statuses"].items() if status.isdigit() and int(status) >= 500
    )


def report(
    label: str, results: dict[str, Any], jobs: JobCheck, users: int, wall_s: float
) -> tuple[list[str], float]:
    """Prints the figures; the breaches (empty: the run passed) and the error rate."""
    print(f"\n== {label}: {users} users, {wall_s:.0f} s ==")
    print(f"{'endpoint':48} {'requests':>8} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for row in results["endpoints"]:
        print(
            f"{row['name'][:48]:48} {row['requests']:>8} {row['failures']:>6} "
            f"{row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} {row['p99_ms']:>8.0f}"
        )
    requests, failed = http_totals(results)
    rate = failed / requests if requests else 1.0
    fivexx = server_errors(results)
    print(f"HTTP requests {requests}, failed {failed}, error rate {rate:.4%}, 5xx {fivexx}")
    print("statuses:", ", ".join(f"{k} {v}" for k, v in sorted(results["statuses"].items())))
    print(
        f"jobs uploaded {jobs.uploaded}, by state {jobs.states}, lost {jobs.lost}; "
        f"cards {jobs.cards}, duplicate cards {jobs.duplicate_cards}, decks whose card count disagrees "
        f"with their job {jobs.count_mismatches}"
    )
    completed = results["outcomes"].get("completed", 0)
    print(f"users started {results['users_started']}, completed {completed}; outcomes {results['outcomes']}")
    for error in results["errors"][:10]:
        print(f"  error x{error['occurrences']}: {error['error']}")
    breaches = []
    if jobs.lost:
        breaches.append(f"{jobs.lost} lost job(s)")
    if jobs.uploaded < users:
        breaches.append(f"only {jobs.uploaded} of {users} uploads accepted")
    if jobs.duplicate_cards:
        breaches.append(f"{jobs.duplicate_cards} duplicate card(s)")
    if jobs.count_mismatches:
        breaches.append(f"{jobs.count_mismatches} deck(s) whose card count disagrees with the job")
    if fivexx:
        breaches.append(f"{fivexx} 5xx answer(s)")
    if completed < users:
        breaches.append(f"{users - completed} user(s) did not finish")
    return breaches, rate


def report_where_time_went(results: dict[str, Any], sampler: CpuSampler, web_log: Path) -> None:
    """The server's own time per route against locust's, and the CPU by process over the run."""
    with web_log.open(errors="replace") as lines:
        server = {row.route: row for row in server_times(lines)}
    print("\nserver time (access log: first request hook to answer) against the client's, ms:")
    print(f"{'route':48} {'server p50':>10} {'p95':>8} {'client p50':>10} {'p95':>8}")
    for row in results["endpoints"]:
        if row["type"] == "FLOW":
            continue
        name = str(row["name"]).replace(" (first byte)", "")
        own = server.get(name)
        if own is None:
            continue
        print(
            f"{name[:48]:48} {own.p50_ms:10.0f} {own.p95_ms:8.0f} {row['p50_ms']:10.0f} {row['p95_ms']:8.0f}"
        )
    print(f"\nCPU by process (cores in use; {os.cpu_count()} on this machine), every 5 s of the locust run:")
    for line in sampler.table(5.0):
        print(line)
    totals = sampler.totals()
    print("CPU seconds over the run: " + ", ".join(f"{name} {cpu:.1f}" for name, cpu in totals.items()))


def run_once(args: argparse.Namespace, ips: str, database: str) -> list[str]:
    with local_stack(args.latency, args.worker_threads, database, worker_nice=args.worker_nice) as stack:
        locust: list[int] = []
        trees = {part: pid for part, pid in stack.pids.items() if part != "runner"}
        sampler = CpuSampler(
            {
                **{part: functools.partial(descendants, pid) for part, pid in trees.items()},
                "locust": lambda: locust[:1],
                # This process alone (not its children): the fake LLM server's thread and the sampler.
                "runner": lambda: [stack.pids["runner"]],
            }
        ).start()
        started = time.monotonic()
        try:
            results = run_locust(
                stack, args.users, args.spawn_rate, ips, args.run_time, args.document,
                started=lambda proc: locust.append(proc.pid),
            )  # fmt: skip
        finally:
            sampler.stop()
        wall_s = time.monotonic() - started
        jobs = check_jobs(stack.database_url, [job["id"] for job in results["jobs"]])
        distinct = "distinct IPs (one 127.1.x.y address per user)"
        addressing = distinct if ips == "distinct" else "one IP (127.0.0.1)"
        label = f"{'PostgreSQL' if database == 'postgres' else 'SQLite'}, {addressing}"
        breaches, rate = report(label, results, jobs, args.users, wall_s)
        report_where_time_went(results, sampler, stack.logs / "web.log")
        if rate > args.max_error_rate:
            breaches.append(f"error rate {rate:.4%} above {args.max_error_rate:.4%}")
        if breaches and args.keep_logs:
            kept = Path(tempfile.mkdtemp(prefix="deckhand-load-logs-"))
            for log in stack.logs.iterdir():
                (kept / log.name).write_bytes(log.read_bytes())
            print(f"logs kept in {kept}")
        return breaches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20, help="Users started per second.")
    parser.add_argument("--ips", nargs="+", choices=("distinct", "one"), default=["distinct", "one"])
    parser.add_argument(
        "--run-time", type=int, default=900, help="Upper bound of one locust run, in seconds."
    )
    parser.add_argument(
        "--latency", type=float, default=0.2, help="The fake provider's answer time, seconds."
    )
    parser.add_argument(
        "--database",
        nargs="+",
        choices=("sqlite", "postgres"),
        default=["sqlite"],
        help="The database(s) to run on; postgres starts a cluster of its own (needs initdb, pg_ctl).",
    )
    parser.add_argument("--worker-threads", type=int, default=8)
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        help="Lower the worker's CPU priority by this much (nice), e.g. 10; default 0 (same as the API).",
    )
    parser.add_argument(
        "--max-error-rate", type=float, default=0.0, help="Failed requests / requests allowed."
    )
    parser.add_argument("--document", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument(
        "--keep-logs", action="store_true", help="Copy the servers' logs out when a run fails."
    )
    args = parser.parse_args(argv)
    if not args.document.is_file():
        print(f"load: no document at {args.document} (the corpus lives in ../shared/corpus)", file=sys.stderr)
        return 2
    failed = False
    for database in args.database:
        for ips in args.ips:
            try:
                breaches = run_once(args, ips, database)
            except NoPostgres as exc:
                print(f"load: {exc}", file=sys.stderr)
                return 2
            if breaches:
                failed = True
                print("FAILED: " + "; ".join(breaches))
            else:
                print("PASSED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
