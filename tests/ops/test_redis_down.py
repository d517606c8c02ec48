"""/ops with Redis stalled (SIGSTOP) and dead (SIGKILL): "Redis unreachable" panels, not an error page.

A real redis-server of this test alone; the app, its database and the admin are real too.
"""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from api import create_app
from config import Settings, load_settings
from tests.database import migrate_head
from tests.ops.conftest import admin_headers, promote
from tests.stack import RedisServer, register


@pytest.fixture
def ops_on_own_redis(
    tmp_path: Path, redis_server: RedisServer
) -> Iterator[tuple[FlaskClient, dict[str, str]]]:
    settings: Settings = load_settings(
        env="test",
        data_dir=tmp_path / "data",
        redis_url=redis_server.url,
        security_key_prefix=f"down{redis_server.port}",
        rate_limits_enabled=False,
        _env_file=None,
    )
    migrate_head(settings)
    with create_app(settings).test_client() as client:
        email = "ops-down@example.com"
        headers = register(client, email)
        promote(settings, email)
        yield client, {**admin_headers(headers), "Accept": "text/html"}


def _upload(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/documents",
        headers={"Authorization": headers["Authorization"]},
        data={"file": (io.BytesIO(b"# Notes\n\nEnzymes are proteins that speed up reactions.\n"), "n.md")},
    )
    assert response.status_code == 202, response.get_json()


def _degraded_figures(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/ops/metrics.json", headers={**headers, "Accept": "application/json"})
    body: dict[str, Any] = response.get_json()
    assert response.status_code == 200, body
    assert body["redis"]["status"] == "unreachable" and body["redis"]["error"]
    assert set(body["redis"]["unavailable"]) >= {"queues", "workers", "alerts", "history", "redis_memory"}
    for figure in ("queues", "workers", "other_brokers", "alerts", "history"):
        assert body[figure] is None, figure  # unavailable, not zero
    assert body["system"]["redis_memory"] is None
    assert body["system"]["db_pool"]["kind"]  # the database side is still reported
    return body


def _panels(client: FlaskClient, headers: dict[str, str]) -> None:
    overview = client.get("/ops", headers=headers)
    page = overview.get_data(as_text=True)
    assert overview.status_code == 200 and overview.mimetype == "text/html"
    assert "Redis unreachable" in page and "Jobs by state (database)" in page
    assert "Redis unreachable: the queues cannot be shown" in page
    assert "Redis unreachable: the workers cannot be shown" in page
    for path in ("/ops/providers", "/ops/queues/documents/dead"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        assert "Redis unreachable" in response.get_data(as_text=True), path
    jobs = client.get("/ops/jobs", headers=headers)  # from the database: unaffected
    assert jobs.status_code == 200 and "Redis unreachable" not in jobs.get_data(as_text=True)


def test_ops_pages_show_panels_while_redis_is_stalled_then_dead_and_recover(
    ops_on_own_redis: tuple[FlaskClient, dict[str, str]], redis_server: RedisServer
) -> None:
    client, headers = ops_on_own_redis
    _upload(client, headers)
    healthy = client.get("/ops/metrics.json", headers={**headers, "Accept": "application/json"}).get_json()
    assert healthy["redis"] == {"status": "ok", "error": None, "unavailable": []}
    assert healthy["queues"] and healthy["workers"] is not None
    assert "Redis unreachable" not in client.get("/ops", headers=headers).get_data(as_text=True)

    redis_server.signal(signal.SIGSTOP)  # stalled: connections open, nothing answers
    try:
        stalled = _degraded_figures(client, headers)
        assert stalled["redis"]["error"] == "TimeoutError"
        assert stalled["jobs_by_state"]["queued"] == 1  # what the database knows
        _panels(client, headers)
    finally:
        redis_server.signal(signal.SIGCONT)

    redis_server.signal(signal.SIGKILL)  # dead: connections refused
    dead = _degraded_figures(client, headers)
    assert dead["redis"]["error"] == "ConnectionError"
    assert dead["jobs_by_state"]["queued"] == 1
    _panels(client, headers)
    # An action cannot be done without Redis: a 503 problem with Retry-After, not a page.
    action = client.post("/ops/actions/purge", headers=headers, data={"queue": "documents", "confirm": "yes"})
    assert action.status_code == 503 and action.mimetype == "application/problem+json"
    assert int(action.headers["Retry-After"]) >= 1

    redis_server.start()  # the same port and data
    recovered = client.get("/ops/metrics.json", headers={**headers, "Accept": "application/json"}).get_json()
    assert recovered["redis"]["status"] == "ok" and recovered["queues"]
    assert "Redis unreachable" not in client.get("/ops", headers=headers).get_data(as_text=True)
