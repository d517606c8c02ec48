"""Benchmark: a many-chunk job against the ideal, at several worker thread counts.

For each thread count, a real worker process (1 process) runs a job of ``--chunks`` chunks
whose provider (the fake server) answers every call in ``--latency`` seconds. Printed per
thread count:

* the job's wall time ``T`` (upload to finished) against the ideal
  ``ceil(chunks / threads) x latency``: ``ratio = T / ideal``, goal <= 1.1; and, for scale,
  ``T0``, the same job's wall time with the provider answering at once (parse, queue hops,
  card checks, database writes, finalize: the floor of the worker's own cost), same run;
* degraded chunks (made offline) although the provider answered every call: must be 0.

Exit status 1 on a lost or failed job, or on any degraded chunk; never on a timing (the
ratios are printed for people to read).

Run: ``.venv/bin/python -m scripts.bench.chunks`` (short form: ``--chunks 40 --threads 4 16``).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.bench.stack import BenchStack, bench_stack, course_text, wait_until


def run_job(stack: BenchStack, chunks: int, salt: str, timeout_s: float) -> tuple[float, int, int, str]:
    """(wall seconds, chunks made, degraded chunks, final state) of one job."""
    started = time.monotonic()
    job_id = stack.submit(course_text(chunks, salt), max_cards=str(chunks * 2))
    job = stack.wait_job(job_id, timeout_s)
    elapsed = time.monotonic() - started
    rows = stack.chunk_rows(job_id)
    degraded = sum(1 for r in rows if r.degraded)
    return elapsed, len(rows), degraded, job.state


def provider_failures(stack: BenchStack) -> int:
    return sum(1 for e in stack.fake.log() if e["fault"] != "ok")


def measure(threads: int, chunks: int, latency_s: float, timeout_s: float) -> tuple[bool, str]:
    with (
        bench_stack(latency_s=0.0, CHUNK_TOKENS="100", WORKER_THREADS=str(threads)) as stack,
        stack.worker(threads) as worker,
    ):
        wait_until(lambda: worker.poll() is not None or _worker_ready(stack), 120, "the worker")
        t0, n0, d0, s0 = run_job(stack, chunks, "warm", timeout_s)  # also warms the parser's forkserver
        t0, n0, d0, s0 = run_job(stack, chunks, "zero", timeout_s)
        stack.fake.set_latency(latency_s)
        stack.fake.reset()
        t1, n1, d1, s1 = run_job(stack, chunks, "slow", timeout_s)
        failures = provider_failures(stack)
    ideal = math.ceil(n1 / threads) * latency_s
    ok = s0 == s1 == "succeeded" and d0 == d1 == 0 and n1 == n0
    line = (
        f"threads={threads:>3} chunks={n1} T={t1:6.2f}s ideal={ideal:6.2f}s T0={t0:5.2f}s "
        f"ratio T/ideal={t1 / ideal:5.2f} "
        f"degraded={d1} (at once: {d0}) provider_failures={failures} state={s1}"
    )
    return ok, line


def _worker_ready(stack: BenchStack) -> bool:
    import redis

    client = redis.Redis.from_url(stack.redis_url)
    try:
        return bool(client.zcard(f"{stack.settings().broker_namespace}:__heartbeats__"))
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=200)
    parser.add_argument("--threads", type=int, nargs="+", default=[4, 16, 32])
    parser.add_argument("--latency", type=float, default=1.0, help="provider answer latency, seconds")
    parser.add_argument("--timeout", type=float, default=600.0, help="per job, seconds")
    args = parser.parse_args(argv)
    print(f"== chunks: a {args.chunks}-chunk job, provider answering in {args.latency:g} s ==")
    passed = True
    for threads in args.threads:
        ok, line = measure(threads, args.chunks, args.latency, args.timeout)
        print(line + ("" if ok else "  FAIL"), flush=True)
        passed = passed and ok
    print("result: " + ("PASS" if passed else "FAIL"))
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
