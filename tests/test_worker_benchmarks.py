"""Short forms of the worker benchmarks (scripts/bench/chunks.py, hops.py, worker_memory.py).

Each starts a private stack (its own redis-server, SQLite, the fake LLM server, a real worker
process). They fail on a lost or failed job, a chunk made offline while its provider answered
every call, or the worker service's memory over its budget; never on a timing. Long forms:
``make bench`` and ``make bench-worker-memory``.
"""

from __future__ import annotations

import pytest

from scripts.bench import chunks, hops, worker_memory

pytestmark = pytest.mark.slow


def test_a_many_chunk_job_loses_nothing_and_every_chunk_is_the_providers_at_4_and_32_threads() -> None:
    # The bench fails on a lost job and on any chunk degraded or made by anything but the provider
    # (a pool wait, a timeout or a lock counted against the call would show as an offline chunk).
    # 64 chunks: two waves at 32 threads, every thread's call in flight at once.
    assert (
        chunks.main(["--chunks", "64", "--threads", "4", "32", "--latency", "0.5", "--timeout", "180"]) == 0
    )


def test_one_chunk_jobs_all_finish_through_the_three_queue_hops() -> None:
    assert hops.main(["--rounds", "3"]) == 0


def test_the_worker_fits_its_memory_budget_on_the_largest_allowed_pdf() -> None:
    assert worker_memory.main(["--jobs", "10", "--pages", "500", "--timeout", "300"]) == 0


def test_the_trend_line_sees_growth_and_ignores_noise() -> None:
    assert worker_memory.slope_per_100([100.0 + 0.5 * i for i in range(40)]) == pytest.approx(50.0)
    assert abs(worker_memory.slope_per_100([100.0, 101.0] * 20)) < 2.0
