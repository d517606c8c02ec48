"""CLI commands of the operations area, added to ``deckhand`` by :mod:`cli`.

deckhand scheduler                       run the scheduler (one or more; each slot runs once)
deckhand maintenance run TASK            enqueue TASK for the current slot (for cron jobs)
deckhand maintenance run TASK --inline   run cleanup or reap_stuck_jobs in this process now
deckhand maintenance status              each task's interval and last recorded run
deckhand jobs watch JOB_ID               follow a job's progress (stages, time left)
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

import click

from cli_resources import api_url, existing_redis, existing_redis_url, public_id
from config import Settings, load_settings

if TYPE_CHECKING:
    import redis


def _settings() -> Settings:
    """The settings; a ConfigError is reported by the deckhand group (exit 3)."""
    return load_settings()


def _with_existing_redis(settings: Settings) -> tuple[Settings, redis.Redis]:
    """Settings pinned to the installation's Redis and a client on it (pinged: one line if down).

    Pinning REDIS_URL keeps the broker and the events client from starting an embedded Redis.
    """
    url = existing_redis_url(settings)
    return settings.model_copy(update={"redis_url": url}), existing_redis(settings, url)


def _task_names() -> list[str]:
    from taskqueue.schedule import PERIODIC_TASKS

    return [t.name for t in PERIODIC_TASKS]


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the scheduler: enqueue each periodic task once per interval slot."""
    from logs import configure_logging
    from taskqueue.broker import build_broker
    from workers.scheduler import Scheduler

    settings, client = _with_existing_redis(_settings())
    configure_logging(settings)
    scheduler = Scheduler(settings, client, build_broker(settings))
    scheduler.stop_on_signals()
    scheduler.run()


@click.group("maintenance")
def maintenance_group() -> None:
    """Run or inspect the periodic maintenance tasks."""


INLINE = ("cleanup", "reap_stuck_jobs")


@maintenance_group.command("run")
@click.argument("task", type=click.Choice(_task_names()))
@click.option(
    "--inline", is_flag=True, help="Run here and now (cleanup, reap_stuck_jobs) instead of enqueuing."
)
@click.option("--force", is_flag=True, help="Enqueue even if this slot was already enqueued.")
def maintenance_run(task: str, inline: bool, force: bool) -> None:
    """Enqueue TASK for the current slot (the scheduler's lease: never twice per slot)."""
    from redisconn.lease import slot_of
    from taskqueue.broker import build_broker, enqueue
    from taskqueue.schedule import find_task
    from workers.scheduler import enqueue_slot

    if inline and task not in INLINE:
        raise click.UsageError(f"--inline runs only {', '.join(INLINE)}; enqueue {task} instead.")
    settings, client = _with_existing_redis(_settings())
    periodic = find_task(task)
    if inline:
        _run_inline(settings, client, task)
        return
    broker = build_broker(settings)
    if force:
        enqueue(broker, periodic.ref)
        click.echo(f"enqueued {task}")
        return
    interval = periodic.interval_s(settings) or 60
    slot = slot_of(time.time(), interval)
    if enqueue_slot(client, broker, settings.broker_namespace, periodic, slot, interval, owner="cli"):
        click.echo(f"enqueued {task} for slot {slot}")
    else:
        click.echo(f"{task} was already enqueued for slot {slot}; nothing to do (use --force to send anyway)")


def _run_inline(settings: Settings, client: redis.Redis, task: str) -> None:
    from jobs.events import JobEvents
    from logs import configure_logging
    from models.db import open_existing
    from taskqueue.broker import build_broker
    from tasks import cleanup, maintenance_jobs, reaper

    configure_logging(settings)
    events = JobEvents.from_settings(settings)
    engine = open_existing(settings)  # never creates an empty database
    try:
        ctx = maintenance_jobs.MaintenanceContext(
            settings=settings,
            engine=engine,
            redis=events.client,
            broker=build_broker(settings),
            events=events,
        )
        work = cleanup.cleanup if task == "cleanup" else reaper.reap_stuck_jobs
        result = maintenance_jobs.run_recorded(ctx, task, work)
    finally:
        engine.dispose()
    click.echo(f"{task}: " + (" ".join(f"{k}={v}" for k, v in result.items()) or "nothing to do"))


@maintenance_group.command("status")
def maintenance_status() -> None:
    """Each periodic task's interval and its last recorded run."""
    from redisconn.keys import maintenance_run_key
    from taskqueue.schedule import PERIODIC_TASKS

    settings, client = _with_existing_redis(_settings())
    for task in PERIODIC_TASKS:
        raw = client.hgetall(maintenance_run_key(settings.broker_namespace, task.name))
        record = {k.decode(): v.decode() for k, v in raw.items()}  # type: ignore[union-attr]
        interval = task.interval_s(settings)
        when = record.get("last_finished_at")
        ago = f"{int(time.time() - float(when))} s ago" if when else "never recorded"
        result = json.loads(record.get("last_result") or "{}")
        click.echo(
            f"{task.name:<24} every {interval or 'off'} s  last: {ago} "
            f"{record.get('last_status', '')} {' '.join(f'{k}={v}' for k, v in result.items())}".rstrip()
        )


@click.group("jobs")
def jobs_group() -> None:
    """Follow jobs on a running Deckhand API."""


@jobs_group.command("watch")
@click.argument("job_id", callback=public_id("job"))
@click.option(
    "--url",
    default=None,
    callback=api_url,
    help="API base URL (default: PUBLIC_API_URL, else http://127.0.0.1:PORT).",
)
@click.option("--token", envvar="DECKHAND_TOKEN", required=True, help="Bearer token (or DECKHAND_TOKEN).")
def jobs_watch(job_id: str, url: str | None, token: str) -> None:
    """Print JOB_ID's stages and progress with time left, until it ends."""
    from tasks.watch import watch_job

    settings = _settings()
    base = url or getattr(settings, "public_api_url", None) or f"http://127.0.0.1:{settings.port}"
    final = watch_job(base, job_id, token, click.echo)
    if final.get("state") != "succeeded":
        raise SystemExit(1)  # the job failed or was cancelled: its line was printed


COMMANDS = (scheduler_command, maintenance_group, jobs_group)
