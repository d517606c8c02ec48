"""Fixtures of the ops tests: an app on a migrated database, the real Redis broker, admin accounts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import dramatiq
import pytest
from dramatiq.brokers.redis import RedisBroker
from flask.testing import FlaskClient

from api import create_app
from api.commands import set_role
from config import Settings, load_settings
from models import Role
from taskqueue.broker import build_broker
from tests.database import migrate_head
from tests.stack import register

PASSWORD = "correct horse battery"
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "tasks/actors.py", line 40, in generate_chunk\n'
    "    raise ValueError('provider answered nonsense')\n"
    "ValueError: provider answered nonsense\n"
)


def ops_settings_for(settings: Settings, **overrides: Any) -> Settings:
    values = {**settings.model_dump(), "rate_limits_enabled": False, **overrides}
    return load_settings(**values, _env_file=None)


@pytest.fixture
def ops_settings(settings: Settings, redis_client) -> Settings:
    configured = ops_settings_for(settings)
    migrate_head(configured)
    return configured


@pytest.fixture
def broker(ops_settings: Settings) -> Iterator[RedisBroker]:
    built = build_broker(ops_settings)
    yield built
    built.close()


@pytest.fixture
def client(ops_settings: Settings) -> Iterator[FlaskClient]:
    with create_app(ops_settings).test_client() as test_client:
        yield test_client


def promote(settings: Settings, email: str) -> None:
    set_role(settings, email, Role.ADMIN)


@pytest.fixture
def admin(client: FlaskClient, ops_settings: Settings) -> dict[str, str]:
    """An admin account: its email, password and bearer header."""
    email = "admin@example.com"
    headers = register(client, email)
    promote(ops_settings, email)
    return {"email": email, "password": PASSWORD, **headers}


def admin_headers(admin: dict[str, str]) -> dict[str, str]:
    return {"Authorization": admin["Authorization"]}


def fetch_one(broker: RedisBroker, queue: str) -> dramatiq.MessageProxy:
    """Fetch one message with the broker's real consumer, as a worker would (left unacked)."""
    consumer = broker.consume(queue, prefetch=1, timeout=50)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        message = next(consumer)
        if message is not None:
            consumer.close()
            return message
    raise AssertionError(f"no message on {queue}")


def dead_letter(
    broker: RedisBroker, queue: str, actor: str, args: tuple[Any, ...], retries: int = 2
) -> dramatiq.Message[Any]:
    """Dead-letter a real message the way a worker does after its last failed attempt.

    Retries enqueues each retry's copy with ``retries`` and the previous ``traceback``
    in its options; the final failure nacks that copy into ``<queue>.XQ``.
    """
    message: dramatiq.Message[Any] = dramatiq.Message(
        queue_name=queue,
        actor_name=actor,
        args=args,
        kwargs={},
        options={"retries": retries, "traceback": TRACEBACK, "max_retries": retries},
    )
    sent = broker.enqueue(message)
    fetched = fetch_one(broker, queue)
    assert fetched.message_id == sent.message_id
    consumer = broker.consume(queue, prefetch=1, timeout=50)
    consumer.nack(fetched)
    consumer.close()
    time.sleep(0.002)  # distinct dead-letter timestamps (ms scores), so "newest first" is defined
    return sent


def send(broker: RedisBroker, queue: str, actor: str, *args: Any, delay: int | None = None) -> str:
    message: dramatiq.Message[Any] = dramatiq.Message(
        queue_name=queue, actor_name=actor, args=args, kwargs={}, options={}
    )
    return broker.enqueue(message, delay=delay).message_id
