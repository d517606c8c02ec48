"""Benchmark: a many-chunk job against the ideal, at several worker thread counts.

For each thread count, a real worker process (1 process) runs a job of ``--chunks`` chunks
whose provider (the fake server) answers every call in ``--latency`` seconds. Printed per
thread count:

* the job's wall time ``T`` (upload to finished) against the ideal
  ``ceil(chunks / threads) x latency``: ``ratio = T / ideal``, goal <= 1.1; and, for scale,
  ``T0``, the same job's wall time with the provider answering at once (parse, queue hops,
  card checks, database writes, finalize: the floor of the worker's own cost), same run;
* degraded chunks (made offline) although the provider answered every call, and chunks whose
  cards came from anything but the provider: both must be 0.

Exit status 1 on a lost or failed job, or on any chunk degraded or not made by the provider;
never on a timing (the ratios are printed for people to read).

Run: ``.venv/bin/python -m scripts.bench.chunks`` (short form: ``--chunks 40 --threads 4 16``).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psutil  # type: ignore[import-untyped]

from scripts.bench.stack import PROVIDER, BenchStack, bench_stack, course_text, wait_until


@dataclass
class JobRun:
    """One job of the bench: its wall time, outcome and where the time went."""

    wall_s: float
    chunks: int
    degraded: int
    #: chunks whose cards the provider did not make (offline, cached, none), whatever the reason
    not_from_provider: int
    state: str
    #: upload to the first chunk's start (the ingest hop, parsing, chunking), from the database's stamps
    ingest_s: float
    #: the first chunk's start to the last chunk's end
    generate_s: float
    #: the last chunk's end to the job's end (the finalize hop, dedupe, the deck)
    finalize_s: float
    #: CPU seconds (user + system) the worker service spent on the job, every process of it
    cpu_s: float


def service_cpu_s(root: psutil.Process) -> float:
    """CPU seconds of ``root`` and its descendants, the ones that exited and were reaped included."""
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def run_job(stack: BenchStack, worker: psutil.Process, chunks: int, salt: str, timeout_s: float) -> JobRun:
    cpu_before = service_cpu_s(worker)
    started = time.monotonic()
    job_id = stack.submit(course_text(chunks, salt), max_cards=str(chunks * 2))
    job = stack.wait_job(job_id, timeout_s)
    elapsed = time.monotonic() - started
    rows = stack.chunk_rows(job_id)
    degraded = sum(1 for r in rows if r.degraded)
    not_from_provider = sum(1 for r in rows if r.provider != PROVIDER)
    first = min((r.started_at for r in rows if r.started_at), default=job.created_at)
    last = max((r.finished_at for r in rows if r.finished_at), default=first)
    return JobRun(
        wall_s=elapsed,
        chunks=len(rows),
        degraded=degraded,
        not_from_provider=not_from_provider,
        state=job.state,
        ingest_s=(first - job.created_at).total_seconds(),
        generate_s=(last - first).total_seconds(),
        finalize_s=((job.finished_at or last) - last).total_seconds(),
        cpu_s=service_cpu_s(worker) - cpu_before,
    )


def provider_failures(stack: BenchStack) -> int:
    return sum(1 for e in stack.fake.log() if e["fault"] != "ok")


def measure(
    threads: int, processes: int, chunks: int, latency_s: float, timeout_s: float, database: str = "sqlite"
) -> tuple[bool, str]:
    """One worker service of ``threads`` threads in all, spread over ``processes`` processes."""
    per_process = max(1, threads // processes)
    with (
        bench_stack(
            latency_s=0.0, database=database, CHUNK_TOKENS="100", WORKER_THREADS=str(per_process)
        ) as stack,
        stack.worker(per_process, processes=processes) as worker,
    ):
        wait_until(lambda: worker.poll() is not None or _workers_ready(stack, processes), 120, "the worker")
        service = psutil.Process(worker.pid)
        run_job(stack, service, chunks, "warm", timeout_s)  # also warms the parser's forkserver
        zero = run_job(stack, service, chunks, "zero", timeout_s)
        stack.fake.set_latency(latency_s)
        stack.fake.reset()
        slow = run_job(stack, service, chunks, "slow", timeout_s)
        failures = provider_failures(stack)
    total_threads = per_process * processes
    ideal = math.ceil(slow.chunks / total_threads) * latency_s
    succeeded = zero.state == slow.state == "succeeded"
    ok = (
        succeeded
        and zero.degraded == slow.degraded == 0
        and zero.not_from_provider == slow.not_from_provider == 0
        and slow.chunks == zero.chunks
    )
    line = (
        f"{database:8s} threads={total_threads:>3} ({processes} x {per_process}) chunks={slow.chunks} "
        f"T={slow.wall_s:6.2f}s "
        f"ideal={ideal:6.2f}s ratio T/ideal={slow.wall_s / ideal:5.2f} "
        f"[ingest {slow.ingest_s:4.2f}s, chunks {slow.generate_s:5.2f}s, finalize {slow.finalize_s:4.2f}s] "
        f"CPU {1000 * slow.cpu_s / slow.chunks:4.1f} ms/chunk "
        f"T0={zero.wall_s:5.2f}s [{zero.ingest_s:4.2f}, {zero.generate_s:5.2f}, {zero.finalize_s:4.2f}] "
        f"CPU {1000 * zero.cpu_s / zero.chunks:4.1f} ms/chunk "
        f"degraded={slow.degraded} (at once: {zero.degraded}) "
        f"not from the provider={slow.not_from_provider} (at once: {zero.not_from_provider}) "
        f"provider_failures={failures} state={slow.state}"
    )
    return ok, line


def _workers_ready(stack: BenchStack, processes: int) -> bool:
    import redis

    client = redis.Redis.from_url(stack.redis_url)
    try:
        return int(client.zcard(f"{stack.settings().broker_namespace}:__heartbeats__")) >= processes
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--threads", type=int, nargs="+", default=[4, 16, 32])
    parser.add_argument(
        "--processes",
        type=int,
        nargs="+",
        default=[1],
        help="worker processes sharing each thread count (dramatiq --processes), e.g. 1 2",
    )
    parser.add_argument("--latency", type=float, default=1.0, help="provider answer latency, seconds")
    parser.add_argument("--timeout", type=float, default=600.0, help="per job, seconds")
    parser.add_argument(
        "--database",
        nargs="+",
        choices=("sqlite", "postgres"),
        default=["sqlite"],
        help="the database(s) to run on; postgres (as deployed) starts a cluster of its own",
    )
    args = parser.parse_args(argv)
    print(f"== chunks: a {args.chunks}-chunk job, provider answering in {args.latency:g} s ==")
    passed = True
    for database in args.database:
        for threads in args.threads:
            for processes in args.processes:
                ok, line = measure(threads, processes, args.chunks, args.latency, args.timeout, database)
                print(line + ("" if ok else "  FAIL"), flush=True)
                passed = passed and ok
    print("result: " + ("PASS" if passed else "FAIL"))
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
