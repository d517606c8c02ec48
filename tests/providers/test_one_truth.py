"""One truth about providers: CLI, doctor, the health endpoint and /ops agree, whatever the shell says.

The workers publish their chain (the roster) and share breaker state in Redis; a shell
with another LLM_PROVIDERS (here: a different provider, or none at all) must still
report the workers' providers and states, the same everywhere.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from click.testing import CliRunner

from api import create_app
from cli import main
from config import load_settings
from deploy.doctor import check_providers
from providers.breaker import cb_key
from providers.roster import publish_roster
from tests.providers.test_health_endpoint import make_admin, stack  # noqa: F401 - the fixture
from tests.stack import register


@pytest.mark.parametrize("shell_providers", [[], ["openai"]], ids=["no-providers", "another-provider"])
def test_cli_doctor_api_and_ops_report_the_workers_providers(stack, redis_client, shell_providers):  # noqa: F811
    worker_settings, _, _, _, _ = stack
    publish_roster(redis_client, worker_settings)  # what a worker does at start
    # The shared breaker of openrouter is open, as the workers' breaker script leaves it.
    redis_client.hset(
        cb_key("openrouter"), mapping={"state": "open", "open_until": int((time.time() + 600) * 1000)}
    )
    shell = load_settings(
        **{
            **worker_settings.model_dump(),
            "llm_providers": shell_providers,
            "kiwi_api_keys": [],
            "openrouter_api_keys": [],
            "openai_api_keys": ["sk-shell-only"] if shell_providers else [],
        },
        _env_file=None,
    )

    # CLI, with the shell's environment.
    env = {
        "ENV": "test",
        "DATA_DIR": str(shell.data_dir),
        "REDIS_URL": shell.redis_url,
        "BROKER_NAMESPACE": shell.broker_namespace,
        "LLM_PROVIDERS": ",".join(shell_providers),
        "OPENAI_API_KEYS": "sk-shell-only" if shell_providers else "",
        "KIWI_API_KEYS": "",
        "OPENROUTER_API_KEYS": "",
    }
    result = CliRunner().invoke(main, ["providers", "status", "--json"], env=env)
    assert result.exit_code == 0, result.output
    cli = {p["name"]: p["status"] for p in json.loads(result.stdout)["providers"]}

    # doctor
    doctor = {
        f.subject.removeprefix("provider "): f.message.split(" ")[0].rstrip(",")
        for f in check_providers(redis_client, shell)
        if f.subject.startswith("provider ")
    }

    # the API's health endpoint and /ops, on an API process with the shell's settings
    app = create_app(shell)
    client = app.test_client()
    api = {p["name"]: p["status"] for p in client.get("/api/v1/health/providers").get_json()["providers"]}
    headers = register(client)
    make_admin(shell)
    page = client.get("/ops/providers", headers=headers).get_data(as_text=True)
    ops = dict(
        re.findall(r"<h2>(\w+) <span class=\"muted\">[^<]*</span> — <span class=\"\w+\">(\w+)</span>", page)
    )

    expected = {"kiwi": "degraded", "openrouter": "failed"}
    assert cli == expected
    assert doctor == expected
    assert api == expected
    assert ops == expected
