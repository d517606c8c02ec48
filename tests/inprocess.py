"""A Dramatiq worker inside the test process: the real broker, Redis, database and actors.

Starting ``dramatiq workers.main`` costs seconds of interpreter start, imports and
shutdown per test; where the worker *process* is not the point of a test (no crash,
no signal, no log lines read from its stderr), :func:`in_process_worker` runs the
same actors with the same middleware in threads of the test process, through
Dramatiq's own :class:`dramatiq.Worker`. It assembles what :mod:`workers.main` does
at import (that module reads the environment's settings once per process, so it
cannot be imported per test); each entry point keeps a test of its real process.

Actors bind to the global broker when they are declared, and :mod:`tasks.actors`
reads a few actor options (time limits, max ages) from the environment's settings
at import: the helper re-binds the actors to each test's broker and refuses
settings whose import-time options would differ from the actors' (use a real
worker process for those).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

from config import Settings, get_settings, load_settings
from config.variables import variable_names
from deploy.schema import require_schema_at_head
from jobs.events import JobEvents
from models.db import make_engine
from redisconn import resolve_url
from tasks.context import set_context
from workers.assembly import pipeline_context, worker_broker

#: Settings that :mod:`tasks` reads once, at import, into actor options.
IMPORT_TIME_FIELDS = (
    "parse_timeout_s",
    "chunk_time_limit_s",
    "job_max_age_s",
    "schedule_cleanup_s",
    "schedule_reap_stuck_jobs_s",
    "schedule_rollup_error_events_s",
)

_declared: list[dramatiq.Actor[..., object]] = []
_one_at_a_time = threading.Lock()


@dataclass
class InProcessWorker:
    broker: RedisBroker
    worker: dramatiq.Worker

    def alive(self) -> bool:
        """Every worker and consumer thread still running (what ``proc.poll() is None`` says of a process)."""
        threads = [*self.worker.workers, *self.worker.consumers.values()]
        return bool(threads) and all(thread.is_alive() for thread in threads)


def _actors(broker: RedisBroker) -> list[dramatiq.Actor[..., object]]:
    """Every actor of the worker, bound to ``broker``.

    Found in the modules that declare them, wherever they were declared: a test module may
    have imported one of them first, on Dramatiq's default broker.
    """
    if not _declared:
        dramatiq.set_broker(broker)
        import tasks.actors  # declares the actors (and imports the other actor modules)
        import tasks.maintenance
        import tasks.ops_tasks
        import tasks.provider_tasks

        modules = (tasks.actors, tasks.maintenance, tasks.ops_tasks, tasks.provider_tasks)
        _declared.extend(
            {id(a): a for m in modules for a in vars(m).values() if isinstance(a, dramatiq.Actor)}.values()
        )
    for actor in _declared:
        actor.broker = broker
        broker.declare_actor(actor)
    return list(_declared)


def _check_import_time_settings(settings: Settings) -> None:
    imported = get_settings()
    differ = [f for f in IMPORT_TIME_FIELDS if getattr(settings, f) != getattr(imported, f)]
    if differ:
        raise AssertionError(
            f"{', '.join(differ)} bind to the actors at import: test these with a real worker process"
        )


def with_env(settings: Settings, **env: str) -> Settings:
    """``settings`` with the variables a worker process would get in its environment
    (``OPENAI_TIMEOUT_S="5"`` sets ``openai_timeout_s``), as :func:`tests.stack.worker_process` takes them."""
    fields = {name.lower(): value for name, value in env.items()}
    unknown = sorted(name for name in fields if name.upper() not in variable_names(Settings))
    if unknown:
        raise AssertionError(f"not settings: {unknown}")
    return load_settings(**{**settings.model_dump(), **fields}, _env_file=None)


@contextmanager
def in_process_worker(settings: Settings, threads: int = 2, **env: str) -> Iterator[InProcessWorker]:
    """The worker of ``settings`` (and ``env``, see :func:`with_env`) running in this process;
    stopped at exit, pass or fail.

    One at a time per process (the broker and the pipeline context are process-global).
    """
    settings = with_env(settings, **env) if env else settings
    _check_import_time_settings(settings)
    with _one_at_a_time:
        engine = make_engine(settings)
        require_schema_at_head(settings, engine)
        client = redis.Redis.from_url(resolve_url(settings), socket_connect_timeout=2, socket_timeout=10)
        events = JobEvents.from_settings(settings)
        # The broker and context of workers.main (no Prometheus endpoint: it binds a port).
        broker = worker_broker(settings, engine, client, events)
        dramatiq.set_broker(broker)
        set_context(pipeline_context(settings, engine, client, events))
        _actors(broker)
        from tasks.provider_tasks import enqueue_startup_validation

        enqueue_startup_validation(broker, settings, client)
        # The options tests/stack.settings_env gives a worker process (prefetch 1, 100 ms polls).
        worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
        worker.queue_prefetch = 1  # Dramatiq reads dramatiq_queue_prefetch once, at import
        worker.start()
        try:
            yield InProcessWorker(broker=broker, worker=worker)
        finally:
            worker.stop()
            broker.close()
            client.close()
            engine.dispose()
