"""One worker-presence mechanism: /readyz's count, the dashboard's list, /metrics and the
no_worker alert all read the heartbeat a worker process writes (workers/heartbeat.py), and
what a worker holds comes from Dramatiq's own ack sets."""

from __future__ import annotations

import time
from collections.abc import Callable

import dramatiq

from ops.workers import list_workers
from redisconn.keys import worker_heartbeats_key
from taskqueue.names import INGEST
from taskqueue.presence import live_workers
from tests.ops.conftest import fetch_one, send
from workers.heartbeat import WorkerHeartbeat


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_is_listed_alive_with_the_messages_it_holds_and_readyz_counts_the_same(
    broker, redis_client, ops_settings
):
    ns = ops_settings.broker_namespace
    timeout_ms = ops_settings.broker_heartbeat_timeout_ms
    # Given a worker process's heartbeat, booted with the broker whose consumer holds messages
    heartbeat = WorkerHeartbeat(redis_client=redis_client, namespace=ns, interval_s=60)
    worker = dramatiq.Worker(broker, worker_threads=3)  # never started: it only describes itself
    heartbeat.after_worker_boot(broker, worker)
    assert heartbeat.beating
    try:
        wait_until(lambda: live_workers(redis_client, ns, 60) == 1, "the first heartbeat")
        # When it fetches a message and has not acked it yet
        send(broker, INGEST.queue_name, INGEST.actor_name, "job-42")
        fetch_one(broker, INGEST.queue_name)
        summary = list_workers(redis_client, ns, timeout_ms)
        # Then the dashboard lists the same live worker /readyz counts, holding that message
        [info] = summary.workers
        assert info.alive and info.broker_id == broker.broker_id and info.threads == 3
        assert info.in_flight[INGEST.queue_name] == 1
        assert [(h["actor"], h["queue"], h.get("arg0")) for h in info.held] == [
            (INGEST.actor_name, INGEST.queue_name, "job-42")
        ]
        assert sum(1 for w in summary.workers if w.alive) == live_workers(redis_client, ns, timeout_ms / 1000)
    finally:
        heartbeat.before_worker_shutdown(broker, worker)
    # And a clean stop ends the beating thread before it returns (no beat left in flight to meet a
    # closed connection), and removes the worker from both at once
    assert not heartbeat.beating
    assert live_workers(redis_client, ns, 60) == 0
    assert list_workers(redis_client, ns, timeout_ms).workers == []


def test_a_silent_worker_is_listed_but_not_alive_and_not_counted(broker, redis_client, ops_settings):
    ns = ops_settings.broker_namespace
    heartbeat = WorkerHeartbeat(redis_client=redis_client, namespace=ns, interval_s=60)
    worker = dramatiq.Worker(broker, worker_threads=1)
    heartbeat.after_worker_boot(broker, worker)
    try:
        wait_until(lambda: live_workers(redis_client, ns, 60) == 1, "the first heartbeat")
        # Its last beat is older than the timeout (as if the process had been killed since)
        redis_client.zadd(worker_heartbeats_key(ns), {broker.broker_id: 1_000})
        [info] = list_workers(redis_client, ns, ops_settings.broker_heartbeat_timeout_ms).workers
        assert not info.alive and info.last_heartbeat == 1.0
        assert live_workers(redis_client, ns, ops_settings.broker_heartbeat_timeout_ms / 1000) == 0
    finally:
        heartbeat.before_worker_shutdown(broker, worker)
