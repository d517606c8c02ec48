"""Graceful shutdown with real processes and real signals (security.md DEP-4, DEP-5).

* gunicorn, started with render.yaml's command (its app swapped for a slow one): SIGTERM during a
  slow request lets it finish.
* a Dramatiq worker started by tests/stack.worker_process (``dramatiq workers.main``, the same
  module as render.yaml's command, but one thread so exactly one chunk is in flight): SIGTERM while
  a chunk is generating lets that chunk finish; the job then completes on a new worker, every
  chunk exactly once. render.yaml's own worker and scheduler commands are started and stopped
  with SIGTERM in test_render_yaml.py.
"""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.request
import uuid

import pytest
from sqlmodel import Session, select

from api import create_app
from config import load_settings
from models import Card, ChunkResult
from models.db import make_engine
from providers.fakes import FakeLLMServer
from redisconn.embedded import free_port
from tests.conftest import corpus_file
from tests.database import migrate_head
from tests.deploy.helpers import argv, literal_env, service, shell_process, wait_http
from tests.stack import register, settings_env, wait_for_job, worker_process

pytestmark = pytest.mark.slow


def generation_calls(fake: FakeLLMServer) -> list[dict[str, object]]:
    """Card-generation requests (not the key validation's model listings)."""
    return [e for e in fake.log() if "completions" in str(e["path"])]


def test_sigterm_to_gunicorn_lets_a_running_request_finish(settings, tmp_path):
    web = service("deckhand-api")
    migrate_head(settings)
    port = free_port()
    env = {
        **settings_env(settings),
        **literal_env(web),
        "ENV": "test",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    env.pop("PROXY_FIX_HOPS", None)
    command = web["startCommand"].replace("'api:create_app()'", "'tests.deploy.slow_app:create()'")
    assert command != web["startCommand"]
    marker = tmp_path / "started"
    result: dict[str, object] = {}

    def slow_request() -> None:
        url = f"http://127.0.0.1:{port}/slow?s=3&marker={marker}"
        with urllib.request.urlopen(url, timeout=30) as response:
            result["status"], result["body"] = response.status, response.read().decode()

    with shell_process(command, env) as proc:
        assert wait_http(f"http://127.0.0.1:{port}/healthz") == 200
        client = threading.Thread(target=slow_request)
        client.start()
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the slow request never reached the app"
        proc.send_signal(signal.SIGTERM)  # to gunicorn itself: the start command exec'd it
        client.join(timeout=40)
        assert proc.wait(timeout=40) == 0
    assert result == {"status": 200, "body": "finished"}


def test_sigterm_to_the_worker_lets_the_running_chunk_finish_and_a_new_worker_completes_the_job(settings):
    worker = service("deckhand-worker")
    assert argv(worker["startCommand"])[-2:] == ["deckhand", "worker"]
    # `deckhand worker` hands WORKER_SHUTDOWN_TIMEOUT_S to Dramatiq in milliseconds.
    env = {var["key"]: var.get("value") for var in worker["envVars"] if "key" in var}
    assert env["WORKER_SHUTDOWN_TIMEOUT_S"] == "280"
    with FakeLLMServer(latency_s=2.0) as fake:
        configured = load_settings(
            **{
                **settings.model_dump(),
                "broker_namespace": f"t{uuid.uuid4().hex[:8]}",
                "llm_providers": ["openai"],
            },
            _env_file=None,
        )
        migrate_head(configured)
        llm = {
            "LLM_PROVIDERS": "openai",
            "OPENAI_API_KEYS": "sk-test-shutdown",
            "OPENAI_BASE_URL": fake.openai_url,
            "OPENAI_TIMEOUT_S": "20",
        }
        client = create_app(configured).test_client()
        headers = register(client)
        with open(corpus_file("md-rust-book-ch04-01-what-is-ownership.md"), "rb") as fh:
            response = client.post(
                "/api/v1/documents",
                headers=headers,
                data={"file": (fh, "ownership.md"), "max_cards": "40"},
                content_type="multipart/form-data",
            )
        assert response.status_code == 202, response.get_data(as_text=True)
        job_id = response.get_json()["id"]

        # The first worker: one thread, so exactly one chunk is in flight when SIGTERM arrives.
        with worker_process(configured, threads=1, **llm) as first:
            deadline = time.monotonic() + 60
            while not generation_calls(fake) and time.monotonic() < deadline:
                time.sleep(0.05)
            calls_at_sigterm = len(generation_calls(fake))
            assert calls_at_sigterm == 1, "exactly one chunk was generating"
            first.send_signal(signal.SIGTERM)
            assert first.wait(timeout=60) == 0, "a graceful stop exits 0 (1 would mean it was killed)"

        engine = make_engine(configured)
        with Session(engine) as session:
            done_after_first = session.exec(
                select(ChunkResult).where(ChunkResult.job_id == job_id, ChunkResult.status == "done")
            ).all()
        # The chunk that was generating when SIGTERM came was finished, not abandoned.
        assert len(done_after_first) >= 1, json.dumps([e["path"] for e in fake.log()])

        with worker_process(configured, threads=2, **llm):
            job = wait_for_job(client, job_id, headers, timeout_s=180)
        assert job["state"] == "succeeded", job
        with Session(engine) as session:
            chunks = session.exec(select(ChunkResult).where(ChunkResult.job_id == job_id)).all()
            cards = session.exec(select(Card).where(Card.deck_id == job["deck_id"])).all()
        assert chunks and all(c.status == "done" for c in chunks)
        assert len({(c.front, c.back) for c in cards}) == len(cards), "no duplicate cards"
        engine.dispose()
