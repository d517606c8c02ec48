"""render.yaml and the Procfile: parsed, checked against the settings, and started for real."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess

import pytest

from config import Settings
from tests.deploy.helpers import (
    RENDER_YAML,
    VENV_BIN,
    argv,
    blueprint,
    literal_env,
    path_env,
    procfile,
    service,
    shell_process,
    wait_http,
)
from tests.stack import ROOT
from workers.embedded_redis import free_port

#: Variables the platform reads itself, not Deckhand's settings.
PLATFORM_VARS = {"PYTHON_VERSION"}
SECRET_WORDS = ("KEY", "SECRET", "TOKEN", "PASSWORD", "DSN")
SOURCES = ("value", "generateValue", "sync", "fromDatabase", "fromService", "fromGroup")
KNOWN_SETTINGS = {name.upper() for name in Settings.model_fields}


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
    for owner, var in all_env_vars():
        key = var.get("key", "")
        if any(word in key for word in SECRET_WORDS) and key != "ALLOW_OFFLINE_ONLY":
            assert var.get("generateValue") is True or var.get("sync") is False, (owner, var)
    groups = blueprint()["envVarGroups"]
    for group in groups:  # groups take only value / generateValue (security.md §2)
        for var in group["envVars"]:
            assert set(var) <= {"key", "value", "generateValue"}, var


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
    words = argv(worker["startCommand"])
    timeout_ms = int(words[words.index("--worker-shutdown-timeout") + 1])
    assert timeout_ms <= (worker["maxShutdownDelaySeconds"] - 10) * 1000
    assert int(literal_env(worker)["WORKER_SHUTDOWN_TIMEOUT_S"]) * 1000 == timeout_ms
    assert "--processes" in words and "--threads" in words
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
    # The build step's config check is a real command too.
    for svc in blueprint()["services"]:
        if "buildCommand" in svc:
            assert "deckhand config check --env production" in svc["buildCommand"]


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
