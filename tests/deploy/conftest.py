"""A local stack started like production: migrate, gunicorn from render.yaml, a real worker."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from config import Settings, load_settings
from redisconn.embedded import free_port
from tests.deploy.helpers import literal_env, path_env, service, shell_process, wait_http
from tests.stack import ROOT, settings_env, worker_process


@dataclass
class LocalStack:
    url: str
    settings: Settings
    env: dict[str, str]


@pytest.fixture(scope="package")
def local_stack(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[LocalStack]:
    """One stack for every deployment test that needs one (its tests each sign up a fresh account),
    stopped after the last test of ``tests/deploy``."""
    data = tmp_path_factory.mktemp("stack") / "data"
    settings = load_settings(
        env="test",
        data_dir=data,
        redis_url=redis_url,
        broker_namespace=f"t{uuid.uuid4().hex[:8]}",
        _env_file=None,
    )
    port = free_port()
    web = service("deckhand-api")
    env = {
        **settings_env(settings),
        **literal_env(web),
        "ENV": "test",
        "DATA_DIR": str(data),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "8",
        "CORS_ORIGINS": "http://127.0.0.1:5173",
        # Every test signs up from 127.0.0.1: the per-IP sign-up and sign-in limits of one
        # person would refuse the later ones (the limits have tests of their own).
        "RATE_LIMIT_REGISTER_IP": "1000/minute",
        "RATE_LIMIT_SIGN_IN_IP": "1000/minute",
    }
    env.pop("PROXY_FIX_HOPS", None)
    migrated = subprocess.run(
        ["bash", "-c", web["preDeployCommand"]], cwd=ROOT, env=path_env(env), capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    url = f"http://127.0.0.1:{port}"
    with shell_process(web["startCommand"], env), worker_process(settings, threads=2):
        assert wait_http(f"{url}/healthz") == 200
        yield LocalStack(url=url, settings=settings, env=env)


@pytest.fixture
def node() -> str:
    """The node binary (20+), for the JavaScript example and the web app's tests."""
    import shutil

    found = shutil.which("node")
    if not found:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node not found; CI runs the JavaScript example")
        pytest.skip("node not found")
    return found
