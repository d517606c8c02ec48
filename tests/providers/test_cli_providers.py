"""``deckhand providers status|check`` and ``deckhand fake-llm`` against fake servers and a real Redis."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli import main
from providers.config import fingerprint
from providers.fakes import FakeLLMServer
from tests.providers.conftest import Sleeps, make_settings, request
from tests.stack import ROOT

SECRETS = ("sk-good-secret-aaaa", "sk-bad-secret-bbbb", "sk-anthropic-secret-cccc")


@pytest.fixture
def env(fakes, tmp_path, redis_url):
    a, b = fakes(), fakes()
    a.script(default="401", key=SECRETS[1])
    values = {
        "ENV": "test",
        "DATA_DIR": str(tmp_path / "data"),
        "REDIS_URL": redis_url,
        "LLM_PROVIDERS": "openai,anthropic",
        "OPENAI_API_KEYS": f"{SECRETS[0]},{SECRETS[1]}",
        "OPENAI_BASE_URL": a.openai_url,
        "ANTHROPIC_API_KEYS": SECRETS[2],
        "ANTHROPIC_BASE_URL": b.url,
    }
    return values, a, b


def invoke(*args: str, env: dict[str, str]):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def assert_secret_free(text: str) -> None:
    assert all(secret not in text for secret in SECRETS)


def test_check_prints_each_fingerprint_and_records_states(env, redis_client):
    values, a, _ = env
    result = invoke("providers", "check", env=values)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines == [
        f"openai      {fingerprint(SECRETS[0])}  ok      key active",
        f"openai      {fingerprint(SECRETS[1])}  FAILED  key invalid (auth)",
        f"anthropic   {fingerprint(SECRETS[2])}  ok      key active",
    ]
    assert_secret_free(result.output)
    assert {e["path"] for e in a.log()} == {"/v1/models"}
    # the workers see it: the key pool in Redis says invalid
    state = redis_client.hgetall(f"llm:key:openai:{fingerprint(SECRETS[1])}")
    assert state[b"status"] == b"invalid" and state[b"check"] == b"auth"


def test_check_exits_1_when_a_provider_has_no_valid_key(env):
    values, _, b = env
    b.script(default="401")
    result = invoke("providers", "check", env=values)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "deckhand: No valid key for anthropic. Replace the key(s) marked FAILED above."
    )
    assert "Traceback" not in result.output


def test_check_with_provider_unreachable_fails_in_one_line(env):
    values, _, _ = env
    values = {**values, "ANTHROPIC_BASE_URL": "http://127.0.0.1:9", "LLM_PROVIDERS": "anthropic"}
    result = invoke("providers", "check", "--timeout", "1", env=values)
    assert result.exit_code == 1
    assert f"{fingerprint(SECRETS[2])}  FAILED  key unchanged (connection)" in result.stdout
    assert result.stderr.strip().startswith("deckhand: No valid key for anthropic.")


def test_status_table_and_json(env, chains, redis_client):
    values, a, _ = env
    settings = make_settings({"openai": (a, [SECRETS[0], SECRETS[1]])})
    a.script("500")
    chains(settings, redis_client, sleep=Sleeps()).complete_json(request())
    invoke("providers", "check", env=values)
    table = invoke("providers", "status", env=values)
    assert table.exit_code == 0, table.output
    header, openai_row, anthropic_row = table.stdout.splitlines()[:3]
    assert header.split() == ["PROVIDER", "MODEL", "STATUS", "BREAKER", "UNTIL", "KEYS", "CALLS", "TOKENS",
                              "OUTCOMES"]  # fmt: skip
    assert openai_row.split()[:7] == ["openai", "gpt-4o-mini", "degraded", "closed", "-", "1/2", "2"]
    assert openai_row.split()[-2:] == ["ok=1", "server=1"]
    assert anthropic_row.split()[2] == "healthy"
    assert f"openai key {fingerprint(SECRETS[1])}: invalid" in table.stdout
    assert_secret_free(table.output)

    as_json = invoke("providers", "status", "--json", env=values)
    report = json.loads(as_json.stdout)
    openai = report["providers"][0]
    assert openai["usage_today"]["calls_by_outcome"] == {"ok": 1, "server": 1}
    assert {k["fingerprint"]: k["state"] for k in openai["key_states"]} == {
        fingerprint(SECRETS[0]): "active",
        fingerprint(SECRETS[1]): "invalid",
    }
    assert openai["key_states"][1]["last_check"]["result"] == "auth"
    assert_secret_free(as_json.output)


def test_status_without_redis_fails_in_one_line(env):
    values, _, _ = env
    result = invoke(
        "providers", "status", env={**values, "REDIS_URL": "redis://user:pw-secret@127.0.0.1:1/0"}
    )
    assert result.exit_code == 5  # cli_failures.Exit.UNREACHABLE
    assert result.stderr.strip() == (
        "deckhand: Redis at 127.0.0.1:1 cannot be reached (ConnectionError). "
        "Start Deckhand ('make run') or fix REDIS_URL."
    )
    assert "pw-secret" not in result.output


def test_bad_configuration_is_one_line(env):
    values, _, _ = env
    result = invoke("providers", "status", env={**values, "LLM_PROVIDERS": "openai,nope"})
    assert result.exit_code == 3  # cli_failures.Exit.CONFIG
    assert result.stderr.startswith("deckhand: Invalid configuration: LLM_PROVIDERS:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_listed_provider_without_keys_is_one_line(env):
    values, _, _ = env
    result = invoke("providers", "check", env={**values, "LLM_PROVIDERS": "mistral"})
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        "deckhand: Invalid provider configuration: LLM_PROVIDERS lists mistral but MISTRAL_API_KEYS is "
        "empty. See 'deckhand config check'."
    )


def test_no_provider_configured(env):
    values, _, _ = env
    result = invoke("providers", "status", env={**values, "LLM_PROVIDERS": ""})
    assert result.exit_code == 0 and "offline generator" in result.stdout


def test_fake_llm_serves_a_demo_and_stops_on_sigterm(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", "import cli; cli.main()", "fake-llm", "--port", "0", "--fault", "429"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(5)]
        exports = dict(
            line.strip().removeprefix("export ").split("=", 1) for line in lines if "export" in line
        )
        assert exports["LLM_PROVIDERS"] == "openai" and exports["OPENAI_API_KEYS"] == "sk-fake-demo"
        import openai

        client = openai.OpenAI(api_key=exports["OPENAI_API_KEYS"], base_url=exports["OPENAI_BASE_URL"],
                               max_retries=0)  # fmt: skip
        with pytest.raises(openai.RateLimitError):  # the scripted fault first
            client.models.list()
        assert client.models.list().data[0].id == "fake-model"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # never left running; the assertion below reports it
            proc.kill()
            out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "stopped" in out


def test_fake_llm_rejects_unknown_fault_and_busy_port():
    with FakeLLMServer() as busy:
        result = CliRunner().invoke(main, ["fake-llm", "--port", str(busy.port)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"deckhand: Cannot listen on 127.0.0.1:{busy.port}:")
    result = CliRunner().invoke(main, ["fake-llm", "--fault", "bogus"])
    assert result.exit_code == 2  # a bad argument
    assert result.stderr.startswith("deckhand: Invalid value: unknown fault 'bogus'; known: ok, 401")
