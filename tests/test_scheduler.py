"""The scheduler: schedulers running together enqueue each slot of each task exactly once."""

from __future__ import annotations

import contextlib
import json
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
from redisconn.keys import alert_slot_lease_key
from redisconn.lease import slot_of
from taskqueue.broker import build_broker
from taskqueue.schedule import PERIODIC_TASKS, find_task
from tests.stack import ROOT, settings_env, stopped_at_exit, wait_for
from workers.scheduler import Scheduler


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


def scheduler_process(
    running: contextlib.ExitStack, command: list[str], env: dict[str, str]
) -> subprocess.Popen[bytes]:
    """A scheduler process that ``running`` stops at exit: SIGTERM, SIGKILL after 120 s (a
    start on a busy machine can take tens of seconds, and SIGTERM is handled once it is up)."""
    return running.enter_context(stopped_at_exit(subprocess.Popen(command, cwd=ROOT, env=env), 120))


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
    client = redis.Redis.from_url(s.redis_url)
    with contextlib.ExitStack() as running:  # both stopped (SIGTERM, then SIGKILL) even on a failure
        procs = [scheduler_process(running, command, env) for _ in range(2)]
        deadline = time.monotonic() + 120
        while len({k for k in scheduled_slots(client, s.broker_namespace) if k.startswith("cleanup:")}) < 4:
            assert time.monotonic() < deadline, "the schedulers enqueued too few slots"
            assert all(p.poll() is None for p in procs), "a scheduler exited"
            time.sleep(0.1)
    assert [proc.returncode for proc in procs] == [0, 0], "a scheduler did not stop cleanly on SIGTERM"
    counts = scheduled_slots(client, s.broker_namespace)
    assert set(counts.values()) == {1}, [k for k, v in counts.items() if v > 1]


def test_maintenance_run_enqueues_once_per_slot_and_inline_runs_now(sched_settings):
    s = sched_settings
    from tests.database import migrate_head

    migrate_head(s)
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
        assert task.interval_s(sched_settings) == getattr(sched_settings, task.interval_setting)
    with pytest.raises(KeyError, match="unknown task"):
        find_task("nope")


def test_with_no_worker_the_scheduler_processes_post_the_no_worker_alert_once(sched_settings):
    from tests.database import migrate_head
    from tests.ops.test_alerts import Receiver

    s = sched_settings
    migrate_head(s)
    receiver = Receiver()
    env = settings_env(
        s,
        SCHEDULE_CLEANUP_S="0",
        SCHEDULE_REAP_STUCK_JOBS_S="0",
        SCHEDULE_VALIDATE_PROVIDER_KEYS_S="0",
        SCHEDULE_FLUSH_PROVIDER_USAGE_S="0",
        SCHEDULE_ROLLUP_ERROR_EVENTS_S="1",  # alerts are evaluated on these slots
        SCHEDULER_TICK_S="0.1",
        ALERT_HEARTBEAT_S="2",
        ALERT_COOLDOWN_S="600",
        ALERT_WEBHOOK_URL=receiver.url,
    )
    command = [sys.executable, "-c", "from cli import main; main()", "scheduler"]
    # Two schedulers and no worker at all: nothing but the schedulers can notice.
    with contextlib.ExitStack() as running:  # both stopped (SIGTERM, then SIGKILL) even on a failure
        running.callback(receiver.close)
        procs = [scheduler_process(running, command, env) for _ in range(2)]
        started = time.monotonic()
        deadline = started + 120
        while not receiver.bodies:
            assert time.monotonic() < deadline, "no alert reached the webhook"
            assert all(p.poll() is None for p in procs), "a scheduler exited"
            time.sleep(0.1)
        waited = time.monotonic() - started
        # Several more slots evaluated (each leaves its lease, ops.alerts): still one notice.
        client = redis.Redis.from_url(s.redis_url)
        fired_slot = slot_of(time.time(), 1)
        wait_for(
            lambda: any(
                int(key.rsplit(b":", 1)[1]) >= fired_slot + 3
                for key in client.scan_iter(alert_slot_lease_key(s.broker_namespace, 0)[:-1] + "*")
            ),
            60,
            "three more alert slots",
        )
    assert [proc.returncode for proc in procs] == [0, 0], "a scheduler did not stop cleanly on SIGTERM"
    assert waited >= 2, "the condition must hold for ALERT_HEARTBEAT_S before it fires"
    assert [b["alert"]["rule"] for b in receiver.bodies] == ["no_worker"]
    assert receiver.bodies[0]["text"].startswith("[deckhand test] No live worker heartbeat")
    assert "once this lasts 2 s" in receiver.bodies[0]["text"]
    active = client.hgetall(f"{s.broker_namespace}:ops:alerts:active")
    assert json.loads(active[b"no_worker"])["firing"] is True  # and the dashboard shows it


def test_the_scheduler_initialises_sentry_when_a_dsn_is_set(sched_settings):
    probe = """
import json, sys
import redis, sentry_sdk
from config import load_settings
from taskqueue.broker import build_broker
from workers.scheduler import Scheduler
settings = load_settings(_env_file=None)
scheduler = Scheduler(settings, redis.Redis.from_url(settings.redis_url), build_broker(settings))
scheduler.stopping.set()  # run() sets up the process, then returns at once
scheduler.run()
client = sentry_sdk.get_client()
print(json.dumps({"on": sentry_sdk.is_initialized(), "server": client.options.get("server_name")}))
"""
    outputs = {}
    for dsn in ("", "http://public@127.0.0.1:9/1"):
        out = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT, env=settings_env(sched_settings, SENTRY_DSN=dsn),
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        outputs[dsn] = json.loads(out.stdout.strip().splitlines()[-1])
    assert outputs[""] == {"on": False, "server": None}
    assert outputs["http://public@127.0.0.1:9/1"] == {"on": True, "server": "scheduler"}
