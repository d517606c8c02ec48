"""The scheduler: schedulers running together enqueue each slot of each task exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import pytest
import redis
from click.testing import CliRunner

from cli import main
from config import load_settings
from tests.stack import ROOT, settings_env
from workers.broker import build_broker
from workers.scheduler import PERIODIC_TASKS, Scheduler, find_task, slot_of


@pytest.fixture
def sched_settings(settings):
    return load_settings(
        **{
            **settings.model_dump(),
            "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
            "schedule_cleanup_s": 10,
            "schedule_reap_stuck_jobs_s": 3,
            "schedule_validate_provider_keys_s": 0,  # off
            "schedule_flush_provider_usage_s": 7,
        },
        _env_file=None,
    )


def scheduled_slots(client: redis.Redis, namespace: str) -> Counter[str]:
    """Every maintenance message in the queue, counted by its (task, slot) tag."""
    bodies = client.hvals(f"{namespace}:maintenance.msgs")
    return Counter(json.loads(b)["options"]["deckhand_slot"] for b in bodies)


def test_two_schedulers_racing_through_the_same_times_enqueue_each_slot_once(sched_settings):
    s = sched_settings
    times = [1_000_000 + 0.25 * i for i in range(400)]  # 100 simulated seconds
    barrier = threading.Barrier(2)

    def run_one() -> None:
        clock = iter(times)
        scheduler = Scheduler(
            s, redis.Redis.from_url(s.redis_url), build_broker(s), clock=lambda: next(clock)
        )
        barrier.wait()
        for _ in times:
            scheduler.tick()

    threads = [threading.Thread(target=run_one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    counts = scheduled_slots(redis.Redis.from_url(s.redis_url), s.broker_namespace)
    assert counts and set(counts.values()) == {1}, "a slot was enqueued twice"
    for task, interval in (("cleanup", 10), ("reap_stuck_jobs", 3), ("flush_provider_usage", 7)):
        expected = {f"{task}:{slot_of(t, interval)}" for t in times}
        assert {k for k in counts if k.startswith(task + ":")} == expected
    assert not any(k.startswith("validate_provider_keys:") for k in counts), "an interval of 0 is off"


def test_two_scheduler_processes_never_enqueue_a_slot_twice(sched_settings):
    s = load_settings(**{**sched_settings.model_dump(), "schedule_reap_stuck_jobs_s": 1}, _env_file=None)
    env = settings_env(
        s,
        SCHEDULE_CLEANUP_S="1",
        SCHEDULE_REAP_STUCK_JOBS_S="1",
        SCHEDULE_VALIDATE_PROVIDER_KEYS_S="0",
        SCHEDULE_FLUSH_PROVIDER_USAGE_S="0",
        SCHEDULE_ROLLUP_ERROR_EVENTS_S="0",
        SCHEDULER_TICK_S="0.05",
    )
    command = [sys.executable, "-c", "from cli import main; main()", "scheduler"]
    procs = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(2)]
    client = redis.Redis.from_url(s.redis_url)
    try:
        deadline = time.monotonic() + 60
        while len({k for k in scheduled_slots(client, s.broker_namespace) if k.startswith("cleanup:")}) < 4:
            assert time.monotonic() < deadline, "the schedulers enqueued too few slots"
            assert all(p.poll() is None for p in procs), "a scheduler exited"
            time.sleep(0.1)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            assert proc.wait(timeout=30) == 0
    counts = scheduled_slots(client, s.broker_namespace)
    assert set(counts.values()) == {1}, [k for k, v in counts.items() if v > 1]


def test_maintenance_run_enqueues_once_per_slot_and_inline_runs_now(sched_settings):
    s = sched_settings
    from models.db import migrate

    migrate(s)
    env = settings_env(s, SCHEDULE_CLEANUP_S="3600")
    runner = CliRunner()
    first = runner.invoke(main, ["maintenance", "run", "cleanup"], env=env)
    second = runner.invoke(main, ["maintenance", "run", "cleanup"], env=env)
    assert first.exit_code == 0 and "enqueued cleanup for slot" in first.output, first.output
    assert second.exit_code == 0 and "already enqueued" in second.output
    inline = runner.invoke(main, ["maintenance", "run", "reap_stuck_jobs", "--inline"], env=env)
    assert inline.exit_code == 0, inline.output
    assert "running_requeued=0" in inline.output
    bad = runner.invoke(main, ["maintenance", "run", "nope"], env=env)
    assert bad.exit_code == 2 and "nope" in bad.output
    refused = runner.invoke(main, ["maintenance", "run", "flush_provider_usage", "--inline"], env=env)
    assert refused.exit_code == 2 and "--inline runs only" in refused.output
    status = runner.invoke(main, ["maintenance", "status"], env=env)
    assert "reap_stuck_jobs" in status.output and "ok" in status.output


def test_every_periodic_task_is_declared_once_with_an_interval_setting(sched_settings):
    names = [t.name for t in PERIODIC_TASKS]
    assert len(names) == len(set(names))
    for task in PERIODIC_TASKS:
        assert task.interval_s(sched_settings) >= 0
    with pytest.raises(KeyError, match="unknown task"):
        find_task("nope")
