"""GET /metrics: access control, an exposition that parses and carries the named metrics, and
values that follow real seeded state (rows, provider counters, queues, uploads, maintenance runs)."""

from __future__ import annotations

import io
import time
import uuid
from datetime import timedelta

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import Session

from api import create_app
from models import ChunkResult, Document, Job, User
from models.db import make_engine
from models.types import utcnow
from ops.worker_metrics import prometheus_middleware, run_exposition_server
from providers.breaker import Breaker
from providers.config import chain_policy, fingerprint
from providers.store import RedisGuard
from providers.usage import UsageRecorder
from tasks import cleanup, reaper
from tasks import maintenance_jobs as mj
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
    "deckhand_chunk_duration_seconds",
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


def sample(fams, name: str, suffix: str | None = None, **labels: str) -> float:
    """The value of family ``name``'s first sample with ``labels`` (named ``name + suffix`` if given)."""
    for s in fams[name].samples:
        named = suffix is None or s.name == name + suffix
        if named and all(s.labels.get(k) == v for k, v in labels.items()):
            return float(s.value)
    raise AssertionError(f"no {name}{suffix or ''}{labels}")


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
    assert not any(r.startswith("/no/such") for r in routes)
    # Unknown paths share one label: "<unmatched>", or the web app's page route that answers them.
    assert routes & {"<unmatched>", "/<app_path:path>"}


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


KEY = "sk-kiwi-test-key-one"
TOKEN = {"Authorization": "Bearer scrape-me-0123456789"}


def seed_jobs(settings) -> None:
    """Finished jobs of known run times, a running and a queued one; chunks answered by the
    provider (ok attempts with latency) and by the answer cache, of known durations."""
    engine = make_engine(settings)
    now = utcnow()
    with Session(engine) as session:
        user = User(email=f"{uuid.uuid4().hex[:8]}@example.com", password_hash="x")
        session.add(user)
        session.flush()
        doc = Document(
            user_id=user.id, filename="a.txt", kind="text", size_bytes=1, sha256="0" * 64, storage_path="x"
        )
        session.add(doc)
        session.flush()
        jobs = {}
        for name, state, run_s in (("ok1", "succeeded", 40), ("ok2", "succeeded", 100), ("bad", "failed", 7)):
            end = now - timedelta(seconds=30)
            job = Job(
                user_id=user.id, document_id=doc.id, state=state, stage="done",
                started_at=end - timedelta(seconds=run_s), finished_at=end,
            )  # fmt: skip
            session.add(job)
            jobs[name] = job
        session.add(Job(user_id=user.id, document_id=doc.id, state="running", stage="generating"))
        session.add(Job(user_id=user.id, document_id=doc.id, state="queued"))
        session.flush()
        ok = [{"provider": "kiwi", "outcome": "ok", "latency_ms": 1500}]
        cached = [{"provider": "kiwi", "outcome": "cached", "latency_ms": 0}]
        for index, (attempts, chunk_s) in enumerate(((ok, 3.0), (ok, 9.0), (cached, 0.5))):
            end = now - timedelta(seconds=60)
            session.add(
                ChunkResult(
                    job_id=jobs["ok1"].id, chunk_index=index, status="done", attempts=attempts,
                    provider="kiwi", started_at=end - timedelta(seconds=chunk_s), finished_at=end,
                )
            )  # fmt: skip
        # Finished before start times were kept: counted as an answer, not as a duration.
        session.add(
            ChunkResult(job_id=jobs["ok2"].id, chunk_index=0, status="done", attempts=ok, finished_at=now)
        )
        session.commit()
    engine.dispose()


def seed_providers(settings, client: redis.Redis) -> None:
    """Usage counters and a tripped breaker, written by the providers' own code."""
    recorder = UsageRecorder(RedisGuard(client))
    fp = fingerprint(KEY)
    for outcome, tin, tout in (("ok", 800, 200), ("ok", 400, 100), ("throttled", 0, 0), ("fail", 0, 0)):
        recorder.record(
            provider="kiwi", model="kiwi-chat", fingerprint=fp, outcome=outcome,
            input_tokens=tin, output_tokens=tout, latency_ms=900,
        )  # fmt: skip
    breaker = Breaker(RedisGuard(client), chain_policy(settings))
    for _ in range(settings.llm_breaker_failures):
        decision = breaker.acquire("kiwi", lease_s=5)
        breaker.record("kiwi", decision, "fail")


def test_the_named_metrics_follow_real_seeded_state(metrics_client, metrics_settings, broker, redis_client):
    seed_jobs(metrics_settings)
    seed_providers(metrics_settings, redis_client)
    send(broker, "cards", "generate_chunk", "job-a", 0)
    send(broker, "cards", "generate_chunk", "job-a", 1)
    headers = register(metrics_client)
    upload = metrics_client.post(
        "/api/v1/documents",
        headers=headers,
        data={"file": (io.BytesIO(b"Photosynthesis turns light into sugar. " * 60), "a.txt")},
        content_type="multipart/form-data",
    )
    assert upload.status_code in (200, 201, 202), upload.get_json()
    time.sleep(0.05)  # the oldest ready message has a measurable age

    fams = families(metrics_client.get("/metrics", headers=TOKEN).get_data(as_text=True))
    assert sum(s.value for s in fams["deckhand_scrape_errors"].samples) == 0

    # Jobs by state (+1 queued: the upload's own job) and the run times of finished ones.
    assert sample(fams, "deckhand_jobs", state="succeeded") == 2
    assert sample(fams, "deckhand_jobs", state="failed") == 1
    assert sample(fams, "deckhand_jobs", state="running") == 1
    assert sample(fams, "deckhand_jobs", state="queued") == 2
    assert sample(fams, "deckhand_jobs_finished_window", state="succeeded") == 2
    assert sample(fams, "deckhand_job_duration_seconds_gcount") == 3
    assert sample(fams, "deckhand_job_duration_seconds_gsum") == pytest.approx(147, abs=0.01)
    assert sample(fams, "deckhand_job_duration_seconds", "_bucket", le="30.0") == 1
    assert sample(fams, "deckhand_job_duration_seconds", "_bucket", le="60.0") == 2

    # Chunk wall-clock durations (the row without a start time is left out) and provider time.
    assert sample(fams, "deckhand_chunk_duration_seconds_gcount") == 3
    assert sample(fams, "deckhand_chunk_duration_seconds_gsum") == pytest.approx(12.5, abs=0.01)
    assert sample(fams, "deckhand_chunk_duration_seconds", "_bucket", le="5.0") == 2
    assert sample(fams, "deckhand_chunk_llm_seconds_gcount") == 4
    assert sample(fams, "deckhand_chunk_llm_seconds_gsum") == pytest.approx(4.5)
    # Where the answers came from: the answer cache counts as a hit.
    assert sample(fams, "deckhand_chunk_answers_window", source="cache") == 1
    assert sample(fams, "deckhand_chunk_answers_window", source="provider") == 3

    # Queue depth and oldest age per queue: the chunk messages and the upload's ingest message.
    assert sample(fams, "deckhand_queue_messages", queue="cards", state="ready") == 2
    assert sample(fams, "deckhand_queue_messages", queue="documents", state="ready") == 1
    assert sample(fams, "deckhand_queue_oldest_age_seconds", queue="cards") > 0
    assert sample(fams, "deckhand_queue_oldest_age_seconds", queue="documents") > 0
    assert sample(fams, "deckhand_queue_oldest_age_seconds", queue="maintenance") == 0

    # Provider calls by outcome, tokens, and the breaker tripped by five failures.
    assert sample(fams, "deckhand_provider_calls_today", provider="kiwi", outcome="ok") == 2
    assert sample(fams, "deckhand_provider_calls_today", provider="kiwi", outcome="throttled") == 1
    assert sample(fams, "deckhand_provider_calls_today", provider="kiwi", outcome="fail") == 1
    assert sample(fams, "deckhand_provider_tokens_today", provider="kiwi", direction="input") == 1200
    assert sample(fams, "deckhand_provider_tokens_today", provider="kiwi", direction="output") == 300
    assert sample(fams, "deckhand_provider_breaker_state", provider="kiwi") == 2
    assert sample(fams, "deckhand_provider_status", provider="kiwi", status="failed") == 1

    # Upload sizes and HTTP latency by route template (never the raw path).
    assert sample(fams, "deckhand_upload_size_bytes", "_count") == 1
    assert sample(fams, "deckhand_upload_size_bytes", "_sum") > 60 * 39
    assert sample(fams, "deckhand_http_request_duration_seconds", "_count", route="/api/v1/documents") == 1
    assert sample(fams, "deckhand_http_request_duration_seconds", "_sum", route="/api/v1/documents") > 0


def test_maintenance_runs_are_counted_by_task_and_status(metrics_client, metrics_settings, broker):
    client = redis.Redis.from_url(metrics_settings.redis_url)
    ctx = mj.MaintenanceContext(
        settings=metrics_settings, engine=make_engine(metrics_settings), redis=client, broker=broker
    )
    before = time.time()
    mj.run_recorded(ctx, "reap_stuck_jobs", reaper.reap_stuck_jobs)
    mj.run_recorded(ctx, "cleanup", cleanup.cleanup)
    mj.run_recorded(ctx, "cleanup", cleanup.cleanup)

    def broken(_ctx: mj.MaintenanceContext) -> dict[str, int]:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        mj.run_recorded(ctx, "cleanup", broken)
    ctx.engine.dispose()

    fams = families(metrics_client.get("/metrics", headers=TOKEN).get_data(as_text=True))
    runs = "deckhand_maintenance_runs"
    assert sample(fams, runs, "_total", task="cleanup", status="ok") == 2
    assert sample(fams, runs, "_total", task="cleanup", status="error") == 1
    assert sample(fams, runs, "_total", task="reap_stuck_jobs", status="ok") == 1
    assert not [s for s in fams[runs].samples if s.labels["task"] == "flush_provider_usage"], "never ran"
    last = "deckhand_maintenance_last_run_timestamp_seconds"
    assert before <= sample(fams, last, task="cleanup") <= time.time()
    assert sample(fams, "deckhand_maintenance_last_run_success", task="cleanup") == 0
    assert sample(fams, "deckhand_maintenance_last_run_success", task="reap_stuck_jobs") == 1
    assert sample(fams, "deckhand_maintenance_last_run_duration_seconds", task="cleanup") >= 0
    assert sample(fams, "deckhand_maintenance_items", "_total", task="cleanup", item="uploads_deleted") == 0
    assert (
        sample(fams, "deckhand_maintenance_items", "_total", task="reap_stuck_jobs", item="running_requeued")
        == 0
    )
