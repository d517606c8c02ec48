"""Benchmark: a 1-chunk job end to end against a bare Dramatiq round trip on the same Redis.

Baseline: Dramatiq's own ``RedisBroker`` with its defaults, one worker process running a
no-op actor (scripts/bench/bare_actor.py); one round trip = send a message, the actor pushes
its token to a Redis list, ``BLPOP`` returns it. Measured: a 1-chunk Markdown job uploaded
through the API to a real Deckhand worker (parse in the sandbox child, the chunk from the fake
provider answering at once, finalize) until its row is terminal: three hops through the queue.
Both are the median of ``--rounds`` runs after a warm-up, with the same worker thread count.

Printed: the two medians and their ratio (goal <= 1.5). Exit status 1 on a lost or failed
job or round trip; never on a timing.

Run: ``.venv/bin/python -m scripts.bench.hops`` (short form: ``--rounds 5``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.bench.stack import ROOT, BenchStack, bench_stack, stop

DOC = (
    b"# Cell biology\n\nPhotosynthesis is the process by which plants turn light, water and carbon "
    b"dioxide into glucose. A mitochondrion is the organelle that releases energy from glucose "
    b"through cellular respiration. Chlorophyll is the green pigment in leaves that absorbs light.\n"
)


def bare_round_trips(stack: BenchStack, rounds: int, threads: int) -> list[float]:
    import dramatiq
    import redis
    from dramatiq.brokers.redis import RedisBroker

    env = {**stack.env, "BARE_REDIS_URL": stack.redis_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dramatiq", "scripts.bench.bare_actor", "-p", "1", "-t", str(threads)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    # No socket time-out shorter than the BLPOP's own: on a busy machine the first round waits
    # seconds for the bare worker to start.
    client = redis.Redis.from_url(stack.redis_url, socket_timeout=130)
    broker = RedisBroker(url=stack.redis_url, namespace="bare")  # type: ignore[no-untyped-call]
    try:
        times = []
        for i in range(rounds + 1):
            token = uuid.uuid4().hex
            started = time.monotonic()
            broker.enqueue(
                dramatiq.Message(
                    queue_name="bare", actor_name="bare_round_trip", args=(token,), kwargs={}, options={}
                )
            )
            got = client.blpop(["bare:done"], timeout=120)
            if got is None or got[1] != token.encode():
                raise RuntimeError(f"bare round trip {i} lost (got {got!r})")
            if i:  # the first one waits for the worker to start
                times.append(time.monotonic() - started)
            time.sleep(0.3)  # idle between rounds, as between a user's jobs
        return times
    finally:
        client.close()
        broker.close()
        stop(proc)


def job_round_trips(stack: BenchStack, rounds: int, threads: int) -> tuple[list[float], list[str]]:
    times, states = [], []
    with stack.worker(threads) as worker:
        for i in range(rounds + 1):
            started = time.monotonic()
            job_id = stack.submit(DOC.replace(b"Cell biology", f"Cell biology {i}".encode()), max_cards="3")
            job = stack.wait_job(job_id, 120, poll_s=0.002)
            if i:  # the first one waits for the worker and the parser's forkserver to start
                times.append(time.monotonic() - started)
                states.append(job.state)
            if worker.poll() is not None:
                raise RuntimeError("the worker exited")
            time.sleep(0.3)
    return times, states


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    print(f"== hops: a 1-chunk job against a bare Dramatiq round trip, median of {args.rounds} ==")
    with bench_stack() as stack:
        bare = bare_round_trips(stack, args.rounds, args.threads)
        jobs, states = job_round_trips(stack, args.rounds, args.threads)
    bare_s, job_s = statistics.median(bare), statistics.median(jobs)
    ok = all(s == "succeeded" for s in states) and len(jobs) == args.rounds
    print(f"bare Dramatiq round trip: median {bare_s * 1000:7.1f} ms (max {max(bare) * 1000:.1f})")
    print(f"1-chunk job end to end:   median {job_s * 1000:7.1f} ms (max {max(jobs) * 1000:.1f})")
    print(
        f"ratio: {job_s / bare_s:.2f} (goal <= 1.5); jobs: {dict((s, states.count(s)) for s in set(states))}"
    )
    print("result: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
