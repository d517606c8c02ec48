"""Shared by the deployment tests: render.yaml, processes started like the platform starts them."""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from tests.stack import ROOT, stopped_at_exit

RENDER_YAML = Path(ROOT) / "render.yaml"
PROCFILE = Path(ROOT) / "Procfile"
VENV_BIN = Path(ROOT) / ".venv" / "bin"


def blueprint() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RENDER_YAML.read_text())
    return data


def service(name: str) -> dict[str, Any]:
    for svc in blueprint()["services"]:
        if svc["name"] == name:
            return dict(svc)
    raise KeyError(name)


def procfile() -> dict[str, str]:
    entries = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            entries[name.strip()] = command.strip()
    return entries


def literal_env(svc: dict[str, Any]) -> dict[str, str]:
    """The plain ``value`` variables a service gets (its own and its groups')."""
    groups = {g["name"]: g for g in blueprint().get("envVarGroups", [])}
    out: dict[str, str] = {}
    for var in svc.get("envVars", []):
        if "fromGroup" in var:
            for gvar in groups[var["fromGroup"]]["envVars"]:
                if "value" in gvar:
                    out[gvar["key"]] = str(gvar["value"])
        elif "value" in var:
            out[var["key"]] = str(var["value"])
    return out


#: What Render fills in for ``fromDatabase`` / ``fromService`` (never contacted by the build's check).
PLATFORM_DATABASE_URL = "postgresql://deckhand:pw@dpg-example-a:5432/deckhand"
PLATFORM_REDIS_URL = "redis://red-example:6379"


def render_env(
    svc: dict[str, Any], answers: dict[str, str], bp: dict[str, Any] | None = None
) -> dict[str, str]:
    """Every variable Render gives ``svc``: values, generated secrets, the ``sync: false`` answers
    (a variable not in ``answers`` is left empty, as when the field is skipped) and references."""
    bp = bp or blueprint()
    groups = {g["name"]: g for g in bp.get("envVarGroups", [])}

    def one(var: dict[str, Any]) -> dict[str, str]:
        key = var.get("key", "")
        if "value" in var:
            return {key: str(var["value"])}
        if var.get("generateValue"):
            return {key: secrets.token_urlsafe(32)}
        if var.get("sync") is False:
            return {key: answers.get(key, "")}
        if "fromDatabase" in var:
            return {key: PLATFORM_DATABASE_URL}
        if "fromService" in var:
            return {key: PLATFORM_REDIS_URL}
        if "fromGroup" in var:
            out: dict[str, str] = {}
            for gvar in groups[var["fromGroup"]]["envVars"]:
                out.update(one(gvar))
            return out
        raise AssertionError(f"no source: {var}")

    env: dict[str, str] = {}
    for var in svc.get("envVars", []):
        env.update(one(var))
    return env


def build_check(svc: dict[str, Any]) -> str:
    """The ``deckhand config check …`` step of a service's build command."""
    steps = [step.strip() for step in str(svc["buildCommand"]).split("&&")]
    (check,) = [step for step in steps if step.startswith("deckhand config check")]
    return check


def path_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the virtualenv's bin first on PATH, as after Render's build."""
    return {**env, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


@contextmanager
def shell_process(command: str, env: dict[str, str], **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    """Run a start command the way Render does (``bash -c``); ``exec`` makes the server the child."""
    proc = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=path_env(env), **kwargs)
    with stopped_at_exit(proc, timeout_s=40):
        yield proc


def wait_http(url: str, timeout_s: float = 60) -> int:
    """Poll ``url`` until it answers; its status code."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def argv(command: str) -> list[str]:
    """A start command's words without a leading ``exec``."""
    words = shlex.split(command)
    return words[1:] if words and words[0] == "exec" else words
