"""A real worker process: it registers for the dashboard and serves Dramatiq's metrics when enabled."""

from __future__ import annotations

import httpx2
import pytest
from prometheus_client.parser import text_string_to_metric_families

from ops.workers import list_workers
from redisconn.embedded import free_port
from redisconn.keys import maintenance_run_key
from taskqueue import names
from taskqueue.broker import enqueue
from tests.ops.conftest import admin_headers
from tests.stack import wait_for, worker_process

pytestmark = pytest.mark.slow


def scrape(url: str) -> str | None:
    try:
        response = httpx2.get(url, timeout=2)
    except httpx2.HTTPError:
        return None
    return response.text if response.status_code == 200 else None


def test_worker_registers_runs_the_rollup_and_serves_dramatiq_metrics(
    ops_settings, redis_client, client, admin, broker, tmp_path
):
    port = free_port()
    ns = ops_settings.broker_namespace
    with worker_process(
        ops_settings,
        WORKER_METRICS_ENABLED="true",
        WORKER_METRICS_HOST="127.0.0.1",
        WORKER_METRICS_PORT=str(port),
        dramatiq_prom_db=str(tmp_path / "prom"),
    ) as proc:
        summary = wait_for(
            lambda: (
                (s := list_workers(redis_client, ns, ops_settings.broker_heartbeat_timeout_ms)).workers and s
            )
        )
        (worker,) = summary.workers
        assert worker.alive and worker.pid != proc.pid  # the forked worker process, not the parent
        assert set(worker.queues) == {"documents", "cards", "maintenance"}

        html = client.get("/ops", headers=admin_headers(admin)).get_data(as_text=True)
        assert f"{worker.host}:{worker.pid}" in html and ">alive<" in html

        # The rollup actor runs in the real worker; Dramatiq's middleware counts it.
        enqueue(broker, names.ROLLUP_ERROR_EVENTS)
        # Wait for the message to be *done* (counted with its duration), not merely in progress.
        text = wait_for(
            lambda: (
                (t := scrape(f"http://127.0.0.1:{port}/"))
                and 'dramatiq_message_duration_milliseconds_count{actor_name="rollup_error_events"' in t
                and t
            )
        )
        fams = {f.name: f for f in text_string_to_metric_families(text)}
        assert "dramatiq_message_duration_milliseconds" in fams
        done = [
            s for s in fams["dramatiq_messages"].samples if s.labels["actor_name"] == "rollup_error_events"
        ]
        assert [s.value for s in done] == [1.0]
        errors = fams.get("dramatiq_message_errors")
        assert errors is None or all(s.value == 0 for s in errors.samples)
        # ... and the run is recorded like every maintenance run (the dashboard and /metrics read it).
        record = wait_for(lambda: redis_client.hgetall(maintenance_run_key(ns, "rollup_error_events")))
        assert record[b"last_status"] == b"ok" and record[b"runs"] == b"1"
        assert b"error_events_pruned" in record[b"last_result"]
    # A graceful stop removes the registry entry at once.
    assert list_workers(redis_client, ns, ops_settings.broker_heartbeat_timeout_ms).workers == []
