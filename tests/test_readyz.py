"""/healthz checks nothing; /readyz checks the database, migrations, Redis and a worker heartbeat."""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from api import create_app
from config import load_settings
from tests.database import migrate_head
from tests.stack import worker_process
from workers.heartbeat import WorkerHeartbeat


def make(settings, migrated=True, **overrides):
    s = load_settings(
        **{**settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}", **overrides},
        _env_file=None,
    )
    if migrated:
        migrate_head(s)
    return s, create_app(s).test_client()


def beat(s) -> None:
    WorkerHeartbeat(
        redis_client=redis.Redis.from_url(s.redis_url), namespace=s.broker_namespace, interval_s=1
    )._beat()


def test_ready_when_every_check_passes_with_each_latency(settings):
    s, client = make(settings)
    beat(s)
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "migrations", "redis", "workers"}
    for check in body["checks"].values():
        assert check["status"] == "ok" and check["latency_ms"] >= 0
    assert body["checks"]["workers"]["detail"] == "1 live"


def test_no_recent_worker_heartbeat_is_not_ready_unless_workers_are_not_required(settings):
    _s, client = make(settings)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not_ready" and body["checks"]["workers"]["status"] == "fail"
    assert body["checks"]["database"]["status"] == "ok"
    _s, relaxed = make(settings, readyz_require_worker=False)
    assert relaxed.get("/readyz").status_code == 200


def test_an_unmigrated_database_is_not_ready(settings):
    s, client = make(settings, migrated=False)
    beat(s)
    body = client.get("/readyz").get_json()
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["migrations"]["status"] == "fail"
    assert "deckhand migrate" in body["checks"]["migrations"]["detail"]


def test_an_unreachable_redis_is_not_ready_and_says_so_without_its_url(settings):
    _s, client = make(settings, redis_url="redis://:hunter2@127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert response.get_json()["checks"]["redis"]["status"] == "fail"
    assert "hunter2" not in text and "127.0.0.1:1" not in text
    assert client.get("/healthz").status_code == 200, "liveness checks no dependency"


@pytest.mark.slow
def test_a_real_worker_process_makes_the_service_ready(settings):
    s, client = make(settings)
    assert client.get("/readyz").status_code == 503
    with worker_process(s):
        deadline = time.monotonic() + 60
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, client.get("/readyz").get_json()
            time.sleep(0.2)
