"""Benchmark: the CPU one chunk costs the worker, timed in process, chunk by chunk.

The wall-time bench (``scripts.bench.chunks``) reads the worker service's CPU from ``/proc``,
which another process's load on this shared machine moves by a few milliseconds a chunk. This
one calls the pipeline's plain functions in this process, on one thread, against the same private
stack (its own database, redis-server and fake provider answering at once): each job is ingested,
then each of its chunks generated, and the calling thread's CPU time (``time.thread_time``: not
the fake server's threads, not other processes) is taken around every ``generate_chunk`` call,
the provider call included. The first job warms the process (language model, word list, SDK
client) and is not counted. Printed: the median, quartiles and mean of the counted chunks.

``--profile FILE`` writes a cProfile of the counted chunks (``python -m pstats FILE``).

Run: ``.venv/bin/python -m scripts.bench.chunk_cpu --database postgres --jobs 5``.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.bench.stack import bench_stack, course_text


def chunk_cpu_ms(database: str, jobs: int, chunks: int, profile: str | None) -> list[float]:
    """Thread CPU (ms) of every counted ``generate_chunk`` call, in order."""
    import redisconn
    from jobs.events import JobEvents
    from models.db import make_engine
    from tasks.pipeline import generate_chunk, ingest
    from workers.assembly import pipeline_context

    profiler = cProfile.Profile(time.thread_time) if profile else None  # CPU, not waits
    timings: list[float] = []
    with bench_stack(latency_s=0.0, database=database, CHUNK_TOKENS="100") as stack:
        settings = stack.settings()
        engine = make_engine(settings, role="worker")
        client = redisconn.client(redisconn.resolve_url(settings), redisconn.Profile.WORKER)
        ctx = pipeline_context(settings, engine, client, JobEvents.from_settings(settings))
        try:
            for job in range(jobs + 1):  # the first one warms the process
                job_id = stack.submit(course_text(chunks, f"cpu{job}"), max_cards=str(chunks * 2))
                for index in ingest(ctx, job_id):
                    counted = job > 0
                    if counted and profiler is not None:
                        profiler.enable()
                    started = time.thread_time()
                    generate_chunk(ctx, job_id, index)
                    spent = time.thread_time() - started
                    if counted and profiler is not None:
                        profiler.disable()
                    if counted:
                        timings.append(1000 * spent)
        finally:
            engine.dispose()
            client.close()
    if profiler is not None and profile:
        profiler.dump_stats(profile)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--jobs", type=int, default=5, help="jobs counted (one more warms up)")
    parser.add_argument("--chunks", type=int, default=100, help="chunks per job")
    parser.add_argument("--profile", help="write a cProfile of the counted chunks to this file")
    args = parser.parse_args(argv)
    timings = chunk_cpu_ms(args.database, args.jobs, args.chunks, args.profile)
    q1, median, q3 = statistics.quantiles(timings, n=4)
    print(
        f"{args.database}: {len(timings)} chunks, thread CPU per chunk median {median:.2f} ms "
        f"(quartiles {q1:.2f}-{q3:.2f}, mean {statistics.fmean(timings):.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
