"""The in-process worker of the tests (tests/inprocess.py) is the worker: every actor, its
queues, and a refusal where it could not be."""

from __future__ import annotations

import uuid

import pytest

import tasks.provider_tasks  # noqa: F401 - an actor module imported first, as test modules do
from config import Settings, load_settings
from taskqueue import names
from tests.database import migrate_head
from tests.inprocess import in_process_worker, with_env


@pytest.fixture
def worker_settings(settings: Settings) -> Settings:
    configured = load_settings(
        **{**settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}"}, _env_file=None
    )
    migrate_head(configured)
    return configured


def test_it_serves_every_actor_of_the_worker_on_its_queues(worker_settings: Settings) -> None:
    refs = [value for value in vars(names).values() if isinstance(value, names.ActorRef)]
    with in_process_worker(worker_settings) as running:
        assert running.alive()
        declared = {name: actor.queue_name for name, actor in running.broker.actors.items()}
        assert all(actor.broker is running.broker for actor in running.broker.actors.values())
    assert declared == {ref.actor_name: ref.queue_name for ref in refs}
    assert not running.alive(), "stopped at exit"


def test_settings_read_into_actor_options_at_import_are_refused(worker_settings: Settings) -> None:
    with (
        pytest.raises(AssertionError, match="chunk_time_limit_s bind to the actors at import"),
        in_process_worker(worker_settings, CHUNK_TIME_LIMIT_S="70"),
    ):
        pass


def test_a_variable_that_is_no_setting_is_refused(worker_settings: Settings) -> None:
    with pytest.raises(AssertionError, match="not settings: \\['dramatiq_queue_prefetch'\\]"):
        with_env(worker_settings, dramatiq_queue_prefetch="1")
