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


def test_a_many_chunk_job_loses_nothing_and_degrades_no_chunk_at_several_thread_counts() -> None:
    assert (
        chunks.main(["--chunks", "32", "--threads", "4", "16", "--latency", "0.5", "--timeout", "180"]) == 0
    )


def test_at_32_threads_against_a_provider_answering_in_1_s_every_chunk_is_the_providers() -> None:
    # The bench fails on any chunk degraded or made by anything but the provider (a pool wait, a
    # timeout or a lock counted against the call would show here as an offline chunk).
    assert chunks.main(["--chunks", "96", "--threads", "32", "--latency", "1.0", "--timeout", "180"]) == 0


def test_one_chunk_jobs_all_finish_through_the_three_queue_hops() -> None:
    assert hops.main(["--rounds", "3"]) == 0


def test_the_worker_fits_its_memory_budget_on_the_largest_allowed_pdf() -> None:
    assert worker_memory.main(["--jobs", "10", "--pages", "500", "--timeout", "300"]) == 0


def test_the_trend_line_sees_growth_and_ignores_noise() -> None:
    assert worker_memory.slope_per_100([100.0 + 0.5 * i for i in range(40)]) == pytest.approx(50.0)
    assert abs(worker_memory.slope_per_100([100.0, 101.0] * 20)) < 2.0
