"""``deckhand doctor``: check a running installation and say what is wrong.

Each check is bounded (short connect timeouts) and independent: a dead Redis does not hide
a database at the wrong revision. Run it in a service's shell (Render: Shell tab of the
worker) so it sees that service's settings; ``--url`` also asks the public API.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from typing import Any

import redis

import redisconn
from config import Settings
from deploy.report import Finding, Level
from taskqueue.names import ALL_QUEUES

#: Share of maxmemory above which Redis is reported (queue.md §8: alert over 70 %).
REDIS_MEMORY_WARN = 0.70


def check_database(settings: Settings) -> list[Finding]:
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import current_revision, head_revision, make_engine

    url = settings.sqlalchemy_url
    missing = not (settings.data_dir / "deckhand.db").exists()
    if url.startswith("sqlite") and missing and not settings.database_url:
        return [
            Finding(
                "error",
                "database",
                f"no SQLite database at {settings.data_dir / 'deckhand.db'} (DATABASE_URL unset)",
                "set DATABASE_URL, or start Deckhand once (`make run`) so it creates and migrates one",
            )
        ]
    engine = make_engine(settings)
    try:
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return [
            Finding(
                "error",
                "database",
                f"unreachable: {reason}",
                "check DATABASE_URL and that the database is up (Render dashboard: the database's status)",
            )
        ]
    finally:
        engine.dispose()
    head = head_revision(settings)
    if current != head:
        return [
            Finding(
                "error",
                "database",
                f"at revision {current or '<empty>'}, the code expects {head}",
                "run scripts/migrate (Render runs it as the pre-deploy command; see its log)",
            )
        ]
    return [Finding("ok", "database", f"reachable, at head {head}")]


def check_redis(client: redis.Redis) -> list[Finding]:
    try:
        client.ping()
        memory: dict[str, Any] = client.info("memory")
    except redis.RedisError as exc:
        return [
            Finding(
                "error",
                "redis",
                f"unreachable: {type(exc).__name__}: {exc}",
                "check REDIS_URL and the Key Value instance's status and IP allow list",
            )
        ]
    out = [Finding("ok", "redis", f"reachable, {memory.get('used_memory_human', '?')} used")]
    policy = str(memory.get("maxmemory_policy", "unknown"))
    if policy != "noeviction":
        out.append(
            Finding(
                "error",
                "redis maxmemory-policy",
                f"is {policy}: under memory pressure Redis evicts queued messages and jobs vanish",
                "set maxmemoryPolicy: noeviction on the Key Value instance (render.yaml)",
            )
        )
    else:
        out.append(Finding("ok", "redis maxmemory-policy", "noeviction"))
    used, limit = int(memory.get("used_memory", 0)), int(memory.get("maxmemory", 0))
    if limit and used / limit > REDIS_MEMORY_WARN:
        out.append(
            Finding(
                "warning",
                "redis memory",
                f"{used / limit:.0%} of maxmemory; at 100 % every enqueue fails",
                "drain or purge dead letters (ops dashboard), lower progress stream retention, or "
                "move to a larger Key Value plan",
            )
        )
    return out


def check_workers(client: redis.Redis, settings: Settings) -> list[Finding]:
    """Worker processes that stamped their heartbeat recently (workers/heartbeat.py; producers never do)."""
    from taskqueue.presence import live_workers

    try:
        live = live_workers(client, settings.broker_namespace, settings.doctor_worker_stale_s)
    except redis.RedisError:
        return []  # already reported by check_redis
    if not live:
        return [
            Finding(
                "error",
                "workers",
                f"no worker heartbeat in the last {settings.doctor_worker_stale_s} s: jobs will not run",
                "start the worker (Render: the deckhand-worker service's logs and events)",
            )
        ]
    return [Finding("ok", "workers", f"{live} live worker process(es)")]


def check_queues(client: redis.Redis, settings: Settings) -> list[Finding]:
    ns = settings.broker_namespace
    out = []
    try:
        for queue in ALL_QUEUES:
            ready = int(client.llen(f"{ns}:{queue}"))
            dead = int(client.zcard(f"{ns}:{queue}.XQ"))
            if ready > settings.doctor_queue_backlog_warn:
                out.append(
                    Finding(
                        "warning",
                        f"queue {queue}",
                        f"{ready} messages waiting (over DOCTOR_QUEUE_BACKLOG_WARN)",
                        "add worker instances or threads; check that providers are not all failing",
                    )
                )
            else:
                out.append(Finding("ok", f"queue {queue}", f"{ready} ready"))
            if dead:
                out.append(
                    Finding(
                        "warning",
                        f"queue {queue}",
                        f"{dead} dead-lettered message(s)",
                        "read their errors on the ops dashboard (/ops), fix the cause, then requeue",
                    )
                )
    except redis.RedisError:
        return []
    return out


def check_providers(client: redis.Redis, settings: Settings) -> list[Finding]:
    from providers.status import provider_status

    # The workers' roster and the shared breakers, as the API and /ops read them: not this
    # shell's LLM_PROVIDERS, which may differ from the workers' (keys live on the worker).
    try:
        statuses = provider_status(settings, client)
    except ValueError as exc:
        return [Finding("error", "providers", str(exc), "see `deckhand config check`")]
    except redis.RedisError:
        return []
    if not statuses:
        level: Level = "ok" if settings.allow_offline_only or settings.env != "production" else "warning"
        return [
            Finding(
                level,
                "providers",
                "none configured on the workers: cards come from the offline generator",
                "set LLM_PROVIDERS and keys on the worker, or ALLOW_OFFLINE_ONLY=true",
            )
        ]
    out = []
    for status in statuses:
        reasons = "; ".join(status.reasons) or status.breaker
        if status.status == "failed":
            out.append(
                Finding(
                    "error",
                    f"provider {status.name}",
                    f"failed ({reasons})",
                    "`deckhand providers check` validates its keys; see docs/troubleshooting.md",
                )
            )
        elif status.status == "degraded":
            out.append(Finding("warning", f"provider {status.name}", f"degraded ({reasons})"))
        else:
            out.append(Finding("ok", f"provider {status.name}", f"healthy, model {status.model}"))
    if statuses and all(s.status == "failed" for s in statuses):
        out.append(
            Finding(
                "error",
                "providers",
                "every provider is failed: new cards come from the offline generator (jobs degraded)",
                "see docs/troubleshooting.md, 'All providers down'",
            )
        )
    return out


def check_disk(settings: Settings) -> list[Finding]:
    directory = settings.data_dir if settings.data_dir.exists() else settings.data_dir.resolve().parent
    try:
        free_mb = shutil.disk_usage(directory).free // (1024 * 1024)
    except OSError as exc:
        return [Finding("error", "DATA_DIR", f"{directory}: {exc}", "create it or fix its permissions")]
    if free_mb < settings.doctor_min_free_disk_mb:
        return [
            Finding(
                "warning",
                "DATA_DIR",
                f"{free_mb} MiB free at {directory} (under DOCTOR_MIN_FREE_DISK_MB)",
                "free space: expired uploads are removed by the scheduler's cleanup; or grow the disk",
            )
        ]
    return [Finding("ok", "DATA_DIR", f"{free_mb} MiB free at {directory}")]


def check_api(base_url: str) -> list[Finding]:
    if not base_url.startswith(("http://", "https://")):
        return [
            Finding("error", "api", f"not an http(s) URL: {base_url}", "give the API's URL with its scheme")
        ]
    out = []
    for path, required in (("/healthz", True), ("/readyz", False)):
        url = base_url.rstrip("/") + path
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - an operator's URL
                body = response.read(2000).decode("utf-8", "replace")
                out.append(Finding("ok", f"api {path}", f"{response.status} {body.strip()[:80]}"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and not required:
                continue
            detail = exc.read(500).decode("utf-8", "replace")
            try:
                detail = json.dumps(json.loads(detail).get("checks", detail))[:200]
            except (ValueError, AttributeError):
                detail = detail[:200]
            out.append(Finding("error", f"api {path}", f"{exc.code}: {detail}", "see the API's logs"))
        except (urllib.error.URLError, OSError) as exc:
            out.append(
                Finding("error", f"api {path}", f"unreachable: {exc}", "check the URL and the web service")
            )
    return out


def run_doctor(settings: Settings, api_url: str | None = None) -> list[Finding]:
    findings = check_database(settings)
    url = redisconn.running_url(settings)  # doctor only looks: it never starts a server
    if url is None:
        findings.append(
            Finding(
                "error",
                "redis",
                "REDIS_URL is unset and no embedded Redis is running under DATA_DIR",
                "set REDIS_URL, or start Deckhand locally with `make run`",
            )
        )
        return findings + check_disk(settings) + _api_findings(settings, api_url)
    client = redisconn.connect(url, redisconn.Profile.ADMIN)
    try:
        redis_findings = check_redis(client)
        findings += redis_findings
        if not any(f.subject == "redis" and f.level == "error" for f in redis_findings):
            findings += check_workers(client, settings)
            findings += check_queues(client, settings)
            findings += check_providers(client, settings)
    finally:
        client.close()
    return findings + check_disk(settings) + _api_findings(settings, api_url)


def _api_findings(settings: Settings, api_url: str | None) -> list[Finding]:
    url = api_url or settings.public_api_url
    return check_api(url) if url else []
