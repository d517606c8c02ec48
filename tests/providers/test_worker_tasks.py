"""A real worker process: key validation at start, the maintenance actors by name, Redis-backed state."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import Session, select

from config import load_settings
from models.db import make_engine
from models.usage import UsageRecord
from providers.config import fingerprint
from providers.store import RedisGuard
from providers.usage import UsageRecorder
from taskqueue import names
from taskqueue.broker import build_broker, enqueue
from tasks.provider_tasks import enqueue_startup_validation
from tests.database import migrate_head
from tests.stack import wait_for, worker_process

pytestmark = pytest.mark.slow


@pytest.fixture
def worker_settings(settings, redis_client):
    configured = load_settings(
        **{**settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}"}, _env_file=None
    )
    migrate_head(configured)
    return configured


def test_worker_start_validates_every_key_once(worker_settings, fakes, redis_client):
    fake = fakes()
    fake.script(default="401", key="sk-bad")
    env = {"LLM_PROVIDERS": "openai", "OPENAI_API_KEYS": "sk-good,sk-bad", "OPENAI_BASE_URL": fake.openai_url}
    with worker_process(worker_settings, **env):
        wait_for(lambda: len(fake.log()) >= 2, what="the start-up validation")
        bad = wait_for(
            lambda: redis_client.hgetall(f"llm:key:openai:{fingerprint('sk-bad')}").get(b"check"),
            what="the validation result",
        )
        good = redis_client.hgetall(f"llm:key:openai:{fingerprint('sk-good')}")
    assert bad == b"auth"
    assert redis_client.hget(f"llm:key:openai:{fingerprint('sk-bad')}", "status") == b"invalid"
    assert good[b"status"] == b"active" and good[b"check"] == b"ok"
    assert [(e["path"], e["key"]) for e in fake.log()] == [
        ("/v1/models", "sk-good"),
        ("/v1/models", "sk-bad"),
    ]


def test_worker_starts_and_works_while_providers_are_down(worker_settings, redis_client):
    env = {"LLM_PROVIDERS": "kiwi", "KIWI_API_KEYS": "sk-k", "KIWI_BASE_URL": "http://127.0.0.1:9/v1"}
    key = f"llm:key:kiwi:{fingerprint('sk-k')}"
    with worker_process(worker_settings, **env) as proc:
        assert wait_for(lambda: redis_client.hget(key, "check"), what="validation") == b"connection"
        # still alive, and the flush actor (by name, as the scheduler sends it) writes usage rows
        UsageRecorder(RedisGuard(redis_client)).record(
            provider="kiwi", model="kiwi-chat", fingerprint=fingerprint("sk-k"), outcome="ok",
            input_tokens=7, output_tokens=3, latency_ms=120,
        )  # fmt: skip
        enqueue(build_broker(worker_settings), names.FLUSH_PROVIDER_USAGE)
        engine = make_engine(worker_settings)

        def rows():
            with Session(engine) as session:
                return session.exec(select(UsageRecord)).all()

        (row,) = wait_for(rows, what="the usage flush")
        assert proc.poll() is None
    engine.dispose()
    assert (row.provider, row.calls, row.input_tokens, row.output_tokens) == ("kiwi", 1, 7, 3)
    assert redis_client.hget(key, "status") in (None, b"active")  # a network error says nothing of the key


def test_startup_validation_never_raises_when_redis_is_down(worker_settings):
    import redis

    configured = load_settings(
        **{**worker_settings.model_dump(), "llm_providers": ["kiwi"], "kiwi_api_keys": ["x"]}, _env_file=None
    )
    down = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    assert enqueue_startup_validation(build_broker(worker_settings), configured, down) is None


def test_startup_validation_is_sent_once_per_fleet_start(worker_settings, redis_client):
    configured = load_settings(
        **{**worker_settings.model_dump(), "llm_providers": ["kiwi"], "kiwi_api_keys": ["x"]}, _env_file=None
    )
    broker = build_broker(configured)
    first = enqueue_startup_validation(broker, configured, redis_client)
    second = enqueue_startup_validation(broker, configured, redis_client)
    assert first is not None and second is None
    assert enqueue_startup_validation(broker, worker_settings, redis_client) is None  # no provider
