"""render.yaml and the Procfile: parsed, checked against the settings, and started for real."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import signal
import subprocess
import time
import uuid

import pytest
import redis

from config import Settings
from config.variables import variable_names
from deploy.staging import staging_blueprint
from redisconn.embedded import free_port
from redisconn.keys import worker_heartbeats_key
from tests.database import migrate_head
from tests.deploy.helpers import (
    RENDER_YAML,
    VENV_BIN,
    argv,
    blueprint,
    build_check,
    literal_env,
    path_env,
    procfile,
    render_env,
    service,
    shell_process,
    wait_http,
)
from tests.stack import ROOT, settings_env

#: Variables the platform reads itself, not Deckhand's settings.
PLATFORM_VARS = {"PYTHON_VERSION"}
SECRET_WORDS = ("KEY", "SECRET", "TOKEN", "PASSWORD", "DSN")
SOURCES = ("value", "generateValue", "sync", "fromDatabase", "fromService", "fromGroup")
KNOWN_SETTINGS = variable_names(Settings)


def all_env_vars():
    bp = blueprint()
    for group in bp.get("envVarGroups", []):
        for var in group["envVars"]:
            yield f"group {group['name']}", var
    for svc in bp["services"]:
        for var in svc.get("envVars", []):
            yield svc["name"], var


def test_the_blueprint_has_every_part_and_no_deprecated_key():
    bp = blueprint()
    types = sorted(s["type"] for s in bp["services"])
    assert types == ["keyvalue", "web", "worker", "worker"]
    assert [d["name"] for d in bp["databases"]] == ["deckhand-db"]
    text = RENDER_YAML.read_text()
    assert not re.search(r"^\s*(env|autoDeploy|redisHost):", text, re.M), "deprecated key"
    assert "type: redis" not in text


def test_every_env_var_has_one_source_and_is_a_known_setting():
    for owner, var in all_env_vars():
        if "fromGroup" in var:
            continue
        sources = [s for s in SOURCES if s in var]
        assert len(sources) == 1, (owner, var)
        assert var["key"] in KNOWN_SETTINGS | PLATFORM_VARS, f"{owner}: {var['key']} is no setting"


def test_secrets_are_generated_or_asked_for_never_written_down():
    checked = set()
    for owner, var in all_env_vars():
        key = var.get("key", "")
        if any(word in key for word in SECRET_WORDS):
            assert var.get("generateValue") is True or var.get("sync") is False, (owner, var)
            checked.add(key)
        if key.endswith("_URL") and "value" in var:  # connection strings carry passwords
            assert "@" not in str(var["value"]), (owner, var)
    assert {"SECRET_KEY", "OPENAI_API_KEYS", "ANTHROPIC_API_KEYS"} <= checked, "the rule saw the secrets"
    groups = blueprint()["envVarGroups"]
    for group in groups:  # groups take only value / generateValue (security.md §2)
        for var in group["envVars"]:
            assert set(var) <= {"key", "value", "generateValue"}, var


def test_operator_decisions_are_asked_for_not_decided_in_the_file():
    # The docs tell operators to set these on their service: a `value` here would be
    # overwritten on the next Blueprint sync, undoing their choice.
    worker = {v["key"]: v for v in service("deckhand-worker")["envVars"] if "key" in v}
    api = {v["key"]: v for v in service("deckhand-api")["envVars"] if "key" in v}
    for var in (worker["ALLOW_OFFLINE_ONLY"], worker["LLM_PROVIDERS"], api["CORS_ORIGINS"]):
        assert var == {"key": var["key"], "sync": False}, var


def test_proxy_hops_match_renders_edge():
    # Render's edge is Cloudflare: X-Forwarded-For = "client, cloudflare" (security.md §5, SEC-7).
    assert literal_env(service("deckhand-api"))["PROXY_FIX_HOPS"] == "2"


def test_provider_keys_live_on_the_worker_only():
    for svc in blueprint()["services"]:
        keys = {v.get("key") for v in svc.get("envVars", [])}
        has_llm_keys = any(k and k.endswith("_API_KEYS") for k in keys)
        assert has_llm_keys == (svc["name"] == "deckhand-worker"), svc["name"]


def test_references_point_at_resources_of_the_blueprint():
    bp = blueprint()
    databases = {d["name"] for d in bp["databases"]}
    services = {(s["type"], s["name"]) for s in bp["services"]}
    groups = {g["name"] for g in bp["envVarGroups"]}
    for owner, var in all_env_vars():
        if "fromDatabase" in var:
            assert var["fromDatabase"]["name"] in databases, owner
            assert var["fromDatabase"]["property"] == "connectionString"
        if "fromService" in var:
            ref = var["fromService"]
            assert (ref["type"], ref["name"]) in services, owner
        if "fromGroup" in var:
            assert var["fromGroup"] in groups


def test_key_value_is_configured_for_a_queue():
    kv = service("deckhand-kv")
    assert kv["maxmemoryPolicy"] == "noeviction"
    assert kv["ipAllowList"] == []
    assert kv["plan"] != "free", "the free plan has no persistence: a restart loses the queue"


def test_shutdown_timeouts_are_below_each_window():
    web, worker = service("deckhand-api"), service("deckhand-worker")
    web_env = literal_env(web)
    assert int(web_env["GRACEFUL_TIMEOUT_S"]) <= web["maxShutdownDelaySeconds"] - 5
    assert int(web_env["WEB_SHUTDOWN_WINDOW_S"]) == web["maxShutdownDelaySeconds"]
    # `deckhand worker` passes these settings to dramatiq (--processes, --threads, --worker-shutdown-timeout).
    assert argv(worker["startCommand"]) == ["deckhand", "worker"]
    worker_env = literal_env(worker)
    assert int(worker_env["WORKER_SHUTDOWN_TIMEOUT_S"]) <= worker["maxShutdownDelaySeconds"] - 10
    assert {"WORKER_PROCESSES", "WORKER_THREADS"} <= set(worker_env)
    for svc in blueprint()["services"]:
        if "startCommand" in svc:
            assert svc["startCommand"].startswith("exec "), svc["name"]
            assert 1 <= svc["maxShutdownDelaySeconds"] <= 300


def test_the_procfile_matches_the_blueprint():
    entries = procfile()
    assert entries["web"] == service("deckhand-api")["startCommand"]
    assert entries["worker"] == service("deckhand-worker")["startCommand"]
    assert entries["scheduler"] == service("deckhand-scheduler")["startCommand"]
    assert entries["release"] == service("deckhand-api")["preDeployCommand"]


def test_every_command_exists():
    api = service("deckhand-api")
    script = os.path.join(ROOT, api["preDeployCommand"])
    assert os.access(script, os.X_OK), script
    for svc in blueprint()["services"]:
        if "startCommand" not in svc:
            continue
        words = argv(svc["startCommand"])
        assert (VENV_BIN / words[0]).exists(), words[0]
        if words[0] == "dramatiq":
            assert importlib.util.find_spec(words[1]) is not None, words[1]
        if words[0] == "deckhand":
            result = subprocess.run(
                [str(VENV_BIN / "deckhand"), *words[1:], "--help"], capture_output=True, text=True
            )
            assert result.returncode == 0, result.stderr
    # The build step's config check is a real command too; its environment comes from DEPLOY_ENV.
    for svc in blueprint()["services"]:
        if "buildCommand" in svc:
            words = shlex.split(build_check(svc))
            assert words[:4] == ["deckhand", "config", "check", "--env"], svc["name"]
            assert words[4] == "${DEPLOY_ENV:-production}", svc["name"]
            assert words[5:] == ["--service", svc["name"].removeprefix("deckhand-").replace("api", "web")]
    group = {v["key"]: v.get("value") for v in blueprint()["envVarGroups"][0]["envVars"]}
    assert group["DEPLOY_ENV"] == "production" and group["ENV"] == "production"


@pytest.mark.slow
def test_the_web_start_command_serves_the_health_check_and_stops_on_sigterm(settings, tmp_path):
    web = service("deckhand-api")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        **literal_env(web),
        "PORT": str(port),
        "DATA_DIR": str(tmp_path / "data"),
        "REDIS_URL": settings.redis_url,
        "ENV": "test",  # production would refuse the SQLite database the test uses
        "WEB_CONCURRENCY": "1",
        "PYTHONPATH": ROOT,
    }
    migrate = subprocess.run(
        ["bash", "-c", web["preDeployCommand"]], cwd=ROOT, env=path_env(env), capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr
    with shell_process(web["startCommand"], env) as proc:
        assert wait_http(f"http://127.0.0.1:{port}{web['healthCheckPath']}") == 200
        proc.send_signal(15)
        assert proc.wait(timeout=40) == 0


# --- the build's config check, with the environment Render gives each service ---

#: What an operator answers for the `sync: false` variables (the others are left empty).
ANSWERS = {
    "CORS_ORIGINS": "https://deckhand.vercel.app",
    "LLM_PROVIDERS": "openai",
    "OPENAI_API_KEYS": "sk-test-build-check",
    "CORS_VERCEL_PROJECT": "deckhand",
    "CORS_VERCEL_TEAM": "acme",
}


def run_build_check(svc, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    """The service's build-step check, run by bash as Render runs the build command."""
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": ROOT}
    return subprocess.run(
        ["bash", "-c", build_check(svc)],
        cwd=tmp_path,  # no .env here
        env=path_env({**base, **env}),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["deckhand-api", "deckhand-worker", "deckhand-scheduler"])
def test_each_build_check_passes_with_the_blueprints_environment(name, tmp_path):
    svc = service(name)
    result = run_build_check(svc, render_env(svc, ANSWERS), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0].startswith("deckhand config check --env production")


def test_the_api_build_fails_while_cors_origins_is_empty(tmp_path):
    svc = service("deckhand-api")
    result = run_build_check(svc, render_env(svc, {**ANSWERS, "CORS_ORIGINS": ""}), tmp_path)
    assert result.returncode == 1
    assert re.search(r"ERROR +CORS_ORIGINS +no frontend origin", result.stdout), result.stdout


def test_offline_only_is_the_operators_answer(tmp_path):
    svc = service("deckhand-worker")
    offline = {**ANSWERS, "LLM_PROVIDERS": "", "OPENAI_API_KEYS": ""}
    refused = run_build_check(svc, render_env(svc, offline), tmp_path)
    assert refused.returncode == 1 and "ALLOW_OFFLINE_ONLY=true" in refused.stdout
    accepted = run_build_check(svc, render_env(svc, {**offline, "ALLOW_OFFLINE_ONLY": "true"}), tmp_path)
    assert accepted.returncode == 0, accepted.stdout


def test_production_refuses_previews_and_the_staging_blueprint_allows_them(tmp_path):
    previews = {"CORS_ALLOW_PREVIEWS": "true", "CORS_VERCEL_PROJECT": "deckhand", "CORS_VERCEL_TEAM": "acme"}
    api = service("deckhand-api")
    production = run_build_check(api, {**render_env(api, ANSWERS), **previews}, tmp_path)
    assert production.returncode == 1
    assert re.search(r"ERROR +CORS_ALLOW_PREVIEWS", production.stdout), production.stdout

    staging = staging_blueprint(blueprint())
    staging_api = next(s for s in staging["services"] if s["name"] == "deckhand-api-staging")
    env = render_env(staging_api, {**ANSWERS, "CORS_ORIGINS": ""}, staging)
    assert env["DEPLOY_ENV"] == "staging" and env["ENV"] == "production"
    result = run_build_check(staging_api, env, tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("deckhand config check --env staging --service web")
    assert re.search(r"ok +CORS_ALLOW_PREVIEWS +previews of deckhand \(team acme\)", result.stdout)
    for svc in staging["services"]:
        if "buildCommand" in svc:
            checked = run_build_check(svc, render_env(svc, ANSWERS, staging), tmp_path)
            assert checked.returncode == 0, (svc["name"], checked.stdout)


def test_the_staging_blueprint_is_a_separate_copy_with_the_same_rules():
    production, staging = blueprint(), staging_blueprint(blueprint())
    assert production == blueprint(), "the input is not changed"
    names = [s["name"] for s in staging["services"]] + [d["name"] for d in staging["databases"]]
    assert names and all(n.endswith("-staging") for n in names)
    databases = {d["name"] for d in staging["databases"]}
    services = {(s["type"], s["name"]) for s in staging["services"]}
    groups = {g["name"] for g in staging["envVarGroups"]}
    for svc in staging["services"]:
        for var in svc.get("envVars", []):
            if "fromDatabase" in var:
                assert var["fromDatabase"]["name"] in databases
            if "fromService" in var:
                assert (var["fromService"]["type"], var["fromService"]["name"]) in services
            if "fromGroup" in var:
                assert var["fromGroup"] in groups
            if "key" in var:
                assert var["key"] in KNOWN_SETTINGS | PLATFORM_VARS, var
        keys = {v.get("key") for v in svc.get("envVars", [])}
        assert any(k and k.endswith("_API_KEYS") for k in keys) == (svc["name"] == "deckhand-worker-staging")
    for group in staging["envVarGroups"]:
        for var in group["envVars"]:
            assert set(var) <= {"key", "value", "generateValue"}, var
    # Everything but names, DEPLOY_ENV and the preview settings is production's.
    assert [s["startCommand"] for s in staging["services"] if "startCommand" in s] == [
        s["startCommand"] for s in production["services"] if "startCommand" in s
    ]


def test_the_staging_blueprint_command_writes_yaml(tmp_path):
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "deploy.staging"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    import yaml

    assert yaml.safe_load(result.stdout) == staging_blueprint(blueprint())
    assert result.stdout.startswith("# Staging Blueprint, generated from render.yaml")


# --- the worker's and the scheduler's start commands, started for real ---


def wait_until(predicate, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def started_like_render(name: str, settings) -> dict[str, str]:
    """render.yaml's variables for ``name``, on the test's database and Redis."""
    return {
        **settings_env(settings),
        **literal_env(service(name)),
        "ENV": "test",  # production would refuse the SQLite database the test uses
        "DATA_DIR": str(settings.data_dir.resolve()),
    }


@pytest.mark.slow
def test_the_worker_start_command_beats_and_stops_cleanly_on_sigterm(settings):
    worker = service("deckhand-worker")
    ns = f"t{uuid.uuid4().hex[:8]}"
    configured = settings.model_copy(update={"broker_namespace": ns})
    migrate_head(configured)
    env = {**started_like_render("deckhand-worker", configured), "WORKER_HEARTBEAT_INTERVAL_S": "0.5"}
    client = redis.Redis.from_url(settings.redis_url)
    with shell_process(worker["startCommand"], env) as proc:
        wait_until(lambda: client.zcard(worker_heartbeats_key(ns)) > 0, 60, "the worker's heartbeat")
        assert proc.poll() is None
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)  # to dramatiq itself: the start command exec'd it
        assert proc.wait(timeout=60) == 0
    assert time.monotonic() - started < worker["maxShutdownDelaySeconds"]
    assert client.zcard(worker_heartbeats_key(ns)) == 0, "a clean stop removes its heartbeat"
    client.close()


@pytest.mark.slow
def test_the_scheduler_start_command_takes_a_slot_and_stops_cleanly_on_sigterm(settings):
    scheduler = service("deckhand-scheduler")
    ns = f"t{uuid.uuid4().hex[:8]}"
    configured = settings.model_copy(update={"broker_namespace": ns})
    client = redis.Redis.from_url(settings.redis_url)
    with shell_process(
        scheduler["startCommand"], started_like_render("deckhand-scheduler", configured)
    ) as proc:
        # Its lease on each task's current slot (workers/scheduler.py) shows it is scheduling.
        wait_until(lambda: any(client.scan_iter(f"{ns}:scheduler:*")), 60, "the scheduler's first lease")
        assert proc.poll() is None
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=scheduler["maxShutdownDelaySeconds"]) == 0
    assert time.monotonic() - started < scheduler["maxShutdownDelaySeconds"]
    client.close()
