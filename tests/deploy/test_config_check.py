"""deckhand config check: every unsafe production setting in one report, non-zero exit.

The command runs in-process through Click's runner on an environment of its own; the last
test runs it as render.yaml's build does (``bash -c``, the installed ``deckhand``).
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from click.testing import Result

from config import load_settings
from deploy.checks import check_settings, load_settings_per_field
from tests.conftest import deckhand
from tests.deploy.helpers import VENV_BIN
from tests.stack import ROOT

GOOD_PRODUCTION = {
    "ENV": "production",
    "DATABASE_URL": "postgresql://deckhand:pw@db.internal:5432/deckhand",
    "REDIS_URL": "redis://kv.internal:6379",
    "SECRET_KEY": "x" * 48,
    "CORS_ORIGINS": "https://deckhand.example.com",
    "PROXY_FIX_HOPS": "2",
    "DATA_DIR": "/srv/deckhand",
    "LLM_PROVIDERS": "openai",
    "OPENAI_API_KEYS": "sk-test-abc",
    "UPLOAD_STORAGE": "database",
}


def production(**overrides):
    values = {k.lower(): v for k, v in GOOD_PRODUCTION.items()}
    values.update(overrides)
    return load_settings(**values, _env_file=None)


def errors(findings):
    return {f.subject for f in findings if f.level == "error"}


def run_check(tmp_path, env: dict[str, str], *args: str) -> Result:
    return deckhand(["config", "check", *args], env, tmp_path)


def test_a_good_production_configuration_passes():
    assert errors(check_settings(production(), "production")) == set()


@pytest.mark.parametrize(
    ("override", "subject"),
    [
        ({"database_url": None}, "DATABASE_URL"),
        ({"database_url": "sqlite:////srv/deckhand/db.sqlite"}, "DATABASE_URL"),
        ({"redis_url": None}, "REDIS_URL"),
        ({"secret_key": "dev-insecure-secret-change-me"}, "SECRET_KEY"),
        ({"secret_key": "short"}, "SECRET_KEY"),
        ({"cors_origins": []}, "CORS_ORIGINS"),
        ({"llm_providers": []}, "LLM_PROVIDERS"),
        ({"openai_api_keys": []}, "LLM_PROVIDERS"),
        ({"log_level": "DEBUG"}, "LOG_LEVEL"),
        ({"env": "development"}, "ENV"),
        ({"graceful_timeout_s": 28}, "GRACEFUL_TIMEOUT_S"),
        ({"worker_shutdown_timeout_s": 295}, "WORKER_SHUTDOWN_TIMEOUT_S"),
        (
            {"cors_vercel_project": "deckhand", "cors_vercel_team": "acme", "cors_allow_previews": True},
            "CORS_ALLOW_PREVIEWS",
        ),
    ],
)
def test_each_unsafe_production_setting_is_an_error(override, subject):
    findings = check_settings(production(**override), "production")
    assert subject in errors(findings)
    bad = next(f for f in findings if f.subject == subject and f.level == "error")
    assert bad.fix, "every error says what to do"


def test_offline_only_must_be_accepted_explicitly():
    assert "LLM_PROVIDERS" in errors(check_settings(production(llm_providers=[]), "production"))
    accepted = production(llm_providers=[], allow_offline_only=True)
    assert errors(check_settings(accepted, "production")) == set()


def test_staging_may_allow_previews_of_its_own_project():
    staging = production(cors_vercel_project="deckhand", cors_vercel_team="acme", cors_allow_previews=True)
    assert errors(check_settings(staging, "staging")) == set()


def test_services_are_judged_on_what_they_need():
    no_keys = production(llm_providers=[], cors_origins=[])
    assert "LLM_PROVIDERS" not in errors(check_settings(no_keys, "production", "web"))
    assert "CORS_ORIGINS" in errors(check_settings(no_keys, "production", "web"))
    assert "CORS_ORIGINS" not in errors(check_settings(no_keys, "production", "worker"))
    assert "LLM_PROVIDERS" in errors(check_settings(no_keys, "production", "worker"))


def test_disk_upload_storage_in_production_is_warned_about():
    findings = check_settings(production(upload_storage="disk"), "production")
    warned = [f for f in findings if f.subject == "UPLOAD_STORAGE"]
    assert [f.level for f in warned] == ["warning"] and "UPLOAD_STORAGE=database" in warned[0].fix


def test_development_defaults_pass():
    assert errors(check_settings(load_settings(_env_file=None), "development")) == set()


def test_the_command_reports_every_problem_at_once_and_exits_1(tmp_path):
    result = run_check(tmp_path, {}, "--env", "production")
    assert result.exit_code == 1
    for name in ("ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CORS_ORIGINS", "LLM_PROVIDERS"):
        assert f"ERROR    {name}" in result.stdout, (name, result.stdout)
    assert "| fix: " in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("FAILED: 6 error(s)")
    assert reported_errors(result.stdout) == {
        "ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CORS_ORIGINS", "LLM_PROVIDERS",
    }  # fmt: skip


def test_the_command_passes_a_good_production_environment(tmp_path):
    result = run_check(tmp_path, GOOD_PRODUCTION, "--env", "production", "--quiet")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.rstrip().endswith("passed: 0 error(s), 0 warning(s)")
    assert "sk-test-abc" not in result.stdout and "x" * 48 not in result.stdout


def test_a_malformed_variable_is_reported_by_name(tmp_path):
    result = run_check(tmp_path, {**GOOD_PRODUCTION, "CORS_ORIGINS": "https://a.example/path"})
    assert result.exit_code == 1
    assert "CORS_ORIGINS" in result.stdout and "Traceback" not in result.stdout + result.stderr


FINDING_LINE = re.compile(r"^  (ok     |WARNING|ERROR  )  \S")


def finding_lines(stdout: str) -> list[str]:
    """The report's finding lines; every line between the title and the verdict must be one."""
    lines = stdout.rstrip().splitlines()
    body = lines[1:-1]
    assert all(FINDING_LINE.match(line) for line in body), stdout
    return body


def reported_errors(stdout: str) -> set[str]:
    return {line.split()[1] for line in finding_lines(stdout) if line.lstrip().startswith("ERROR")}


def test_a_malformed_variable_does_not_hide_the_other_problems(tmp_path):
    # CORS_ORIGINS='*' is refused while loading; SQLite, no Redis and the default secret are
    # still judged, each on its own line.
    result = run_check(
        tmp_path, {"ENV": "production", "CORS_ORIGINS": "*"}, "--env", "production", "--service", "web"
    )
    assert result.exit_code == 1
    assert reported_errors(result.stdout) == {"CORS_ORIGINS", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"}
    assert result.stdout.rstrip().splitlines()[-1].startswith("FAILED: 4 error(s)")
    cors = next(line for line in finding_lines(result.stdout) if " CORS_ORIGINS " in line)
    assert "no wildcard" in cors and "| fix: " in cors
    assert "no frontend origin" not in result.stdout, "its default is not reported a second time"


def test_every_malformed_variable_is_named_once(tmp_path):
    env = {
        **GOOD_PRODUCTION,
        "PORT": "eighty",
        "MIGRATE_RETRIES": "many",
        "CORS_ORIGINS": "http://plain.example",
    }
    result = run_check(tmp_path, env, "--env", "production")
    assert result.exit_code == 1
    # CORS_ORIGINS is refused by a cross-field rule (https in production); it is still named.
    assert reported_errors(result.stdout) == {"PORT", "MIGRATE_RETRIES", "CORS_ORIGINS"}
    assert "Traceback" not in result.stdout + result.stderr


def test_load_settings_per_field_falls_back_to_defaults():
    settings, findings = load_settings_per_field(
        _env_file=None, env="production", port="x", worker_threads=-3, secret_key="y" * 40
    )
    assert settings is not None
    assert {f.subject for f in findings} == {"PORT", "WORKER_THREADS"}
    assert all(f.level == "error" and f.fix for f in findings)
    defaults = load_settings(_env_file=None)
    assert (settings.port, settings.worker_threads) == (defaults.port, defaults.worker_threads)
    assert settings.env == "production" and settings.secret_key.get_secret_value() == "y" * 40


def test_deploy_env_chooses_what_the_check_judges(tmp_path):
    previews = {
        **GOOD_PRODUCTION,
        "CORS_ALLOW_PREVIEWS": "true",
        "CORS_VERCEL_PROJECT": "deckhand",
        "CORS_VERCEL_TEAM": "acme",
    }
    staging = run_check(tmp_path, {**previews, "DEPLOY_ENV": "staging"}, "--quiet")
    assert staging.exit_code == 0, staging.stdout
    assert staging.stdout.startswith("deckhand config check --env staging")
    production = run_check(tmp_path, {**previews, "DEPLOY_ENV": "production"}, "--quiet")
    assert production.exit_code == 1 and "CORS_ALLOW_PREVIEWS" in reported_errors(production.stdout)
    # What render.yaml's build runs: --env from DEPLOY_ENV, production when it is unset or empty.
    command = 'deckhand config check --env "${DEPLOY_ENV:-production}" --quiet'
    base = {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path), "PYTHONPATH": ROOT}
    for deploy_env, expected in (("staging", 0), ("", 1)):
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env={**base, **previews, "DEPLOY_ENV": deploy_env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == expected, (deploy_env, result.stdout)


def test_an_unanswered_sync_false_variable_is_unset_not_malformed():
    settings = production(allow_offline_only="", deploy_env="")
    assert settings.allow_offline_only is False and settings.deploy_env is None


def test_a_malformed_provider_variable_is_reported_by_its_name_and_falls_back_alone():
    settings, findings = load_settings_per_field(
        _env_file=None, kiwi_timeout_s="soon", kiwi_model="kept-model", kiwi_api_keys="k1"
    )
    assert settings is not None
    assert [f.subject for f in findings] == ["KIWI_TIMEOUT_S"]
    assert settings.kiwi.timeout_s == load_settings(_env_file=None).kiwi.timeout_s
    assert settings.kiwi.model == "kept-model"
    assert [k.get_secret_value() for k in settings.kiwi.api_keys] == ["k1"]
