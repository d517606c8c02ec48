"""GET /metrics: access control, and an exposition that parses and carries the named metrics."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from api import create_app
from ops.worker_metrics import prometheus_middleware, run_exposition_server
from tests.ops.conftest import dead_letter, ops_settings_for, send
from tests.stack import register

Q = "cards"
NAMED = {
    "deckhand_http_request_duration_seconds",
    "deckhand_upload_size_bytes",
    "deckhand_jobs",
    "deckhand_jobs_finished_window",
    "deckhand_job_duration_seconds",
    "deckhand_chunk_llm_seconds",
    "deckhand_chunk_answers_window",
    "deckhand_queue_messages",
    "deckhand_queue_oldest_age_seconds",
    "deckhand_provider_breaker_state",
    "deckhand_provider_status",
    "deckhand_provider_calls_today",
    "deckhand_provider_tokens_today",
    "deckhand_provider_keys",
    "deckhand_workers_alive",
    "deckhand_alerts_firing",
    "deckhand_redis_used_memory_bytes",
    "deckhand_scrape_errors",
    "process_resident_memory_bytes",
}


def families(text: str) -> dict[str, object]:
    return {f.name: f for f in text_string_to_metric_families(text)}


def sample(fams, name: str, **labels: str) -> float:
    for s in fams[name].samples:
        if all(s.labels.get(k) == v for k, v in labels.items()):
            return float(s.value)
    raise AssertionError(f"no {name}{labels}")


@pytest.fixture
def metrics_settings(ops_settings):
    return ops_settings_for(
        ops_settings,
        metrics_token="scrape-me-0123456789",
        llm_providers="kiwi",
        kiwi_api_keys="sk-kiwi-test-key-one",
    )


@pytest.fixture
def metrics_client(metrics_settings):
    with create_app(metrics_settings).test_client() as client:
        yield client


def test_without_credentials_401(metrics_client):
    response = metrics_client.get("/metrics")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_wrong_metrics_token_401(metrics_client):
    assert metrics_client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_non_admin_token_403(metrics_client):
    assert metrics_client.get("/metrics", headers=register(metrics_client)).status_code == 403


def test_admin_token_and_metrics_token_200(metrics_client, metrics_settings):
    from tests.ops.conftest import promote

    headers = register(metrics_client, "boss@example.com")
    promote(metrics_settings, "boss@example.com")
    assert metrics_client.get("/metrics", headers=headers).status_code == 200
    token = {"Authorization": "Bearer scrape-me-0123456789"}
    response = metrics_client.get("/metrics", headers=token)
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")


def test_allow_listed_network_needs_no_token(ops_settings):
    inside = create_app(ops_settings_for(ops_settings, metrics_allowed_networks="127.0.0.0/8")).test_client()
    assert inside.get("/metrics").status_code == 200
    outside = create_app(ops_settings_for(ops_settings, metrics_allowed_networks="10.0.0.0/8")).test_client()
    assert outside.get("/metrics").status_code == 401


def test_bad_network_setting_is_a_clear_config_error(ops_settings):
    from config import ConfigError

    with pytest.raises(ConfigError, match="METRICS_ALLOWED_NETWORKS"):
        ops_settings_for(ops_settings, metrics_allowed_networks="10.0.0.0/33")


def test_exposition_parses_and_has_the_named_metrics(metrics_client, broker):
    dead_letter(broker, Q, "generate_chunk", ("job-1", 0))
    for i in range(3):
        send(broker, Q, "generate_chunk", f"job-{i}", i)
    send(broker, Q, "finalize_job", "later", delay=3_600_000)
    metrics_client.get("/healthz")
    metrics_client.post("/api/v1/documents", data=b"x" * 2048, content_type="application/octet-stream")

    token = {"Authorization": "Bearer scrape-me-0123456789"}
    text = metrics_client.get("/metrics", headers=token).get_data(as_text=True)
    fams = families(text)
    assert set(fams) >= NAMED, NAMED - set(fams)
    assert sample(fams, "deckhand_queue_messages", queue=Q, state="ready") == 3
    assert sample(fams, "deckhand_queue_messages", queue=Q, state="delayed") == 1
    assert sample(fams, "deckhand_queue_messages", queue=Q, state="dead") == 1
    assert sample(fams, "deckhand_queue_oldest_age_seconds", queue=Q) >= 0
    assert sample(fams, "deckhand_jobs", state="queued") == 0
    assert sample(fams, "deckhand_provider_breaker_state", provider="kiwi") == 0
    assert sample(fams, "deckhand_provider_keys", provider="kiwi", state="active") == 1
    assert sample(fams, "deckhand_workers_alive") == 0
    counts = [
        s for s in fams["deckhand_http_request_duration_seconds"].samples
        if s.name.endswith("_count") and s.labels["route"] == "/healthz"
    ]  # fmt: skip
    assert [c.value for c in counts] == [1.0]
    uploads = [s for s in fams["deckhand_upload_size_bytes"].samples if s.name.endswith("_count")]
    assert uploads[0].value == 1.0
    assert sum(s.value for s in fams["deckhand_scrape_errors"].samples) == 0
    assert "sk-kiwi-test-key-one" not in text


def test_unmatched_paths_do_not_explode_route_labels(metrics_client):
    for i in range(5):
        metrics_client.get(f"/no/such/path/{i}")
    fams = families(
        metrics_client.get("/metrics", headers={"Authorization": "Bearer scrape-me-0123456789"}).text
    )
    routes = {s.labels["route"] for s in fams["deckhand_http_request_duration_seconds"].samples}
    assert "<unmatched>" in routes and not any(r.startswith("/no/such") for r in routes)


def test_a_broken_dependency_is_counted_not_fatal(ops_settings):
    broken = ops_settings_for(
        ops_settings, redis_url="redis://127.0.0.1:1/0", metrics_allowed_networks="127.0.0.1"
    )
    response = create_app(broken).test_client().get("/metrics")
    assert response.status_code == 200
    fams = families(response.get_data(as_text=True))
    assert sample(fams, "deckhand_scrape_errors", section="queues") == 1
    assert sample(fams, "deckhand_jobs", state="running") == 0  # the database part still answers


def test_worker_prometheus_middleware_forks_our_settings_bound_server():
    middleware = prometheus_middleware()
    assert middleware.forks == [run_exposition_server]
    assert run_exposition_server.__module__ == "ops.worker_metrics"
