"""The staging Blueprint, derived from render.yaml: ``python -m deploy.staging > render.staging.yaml``.

Vercel previews call a staging API, never production (docs/deploy-vercel.md). Staging is
a second Blueprint with its own database, Key Value and keys: the same services with
``-staging`` names (Render wants each resource managed by one Blueprint only),
``DEPLOY_ENV=staging`` so every build's ``deckhand config check`` judges it as staging,
and the preview settings on the API. Generated, not hand-copied, so it cannot drift from
render.yaml: run it again after changing render.yaml.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

SUFFIX = "-staging"
API_SERVICE = "deckhand-api"
#: Added to the API: previews of one Vercel project and team (api/cors.py builds the pattern).
PREVIEW_VARS: list[dict[str, Any]] = [
    {"key": "CORS_VERCEL_PROJECT", "sync": False},
    {"key": "CORS_VERCEL_TEAM", "sync": False},
    {"key": "CORS_ALLOW_PREVIEWS", "value": "true"},
]
HEADER = """\
# Staging Blueprint, generated from render.yaml by `python -m deploy.staging > render.staging.yaml`;
# regenerate it after changing render.yaml. Render: New -> Blueprint -> this repository, Blueprint
# file path render.staging.yaml. See docs/deploy-render.md, "Staging".
"""


def _rename(name: str) -> str:
    return name if name.endswith(SUFFIX) else name + SUFFIX


def staging_blueprint(production: dict[str, Any]) -> dict[str, Any]:
    """render.yaml's Blueprint turned into its staging twin (the input is not changed)."""
    bp = copy.deepcopy(production)
    for group in bp.get("envVarGroups", []):
        group["name"] = _rename(group["name"])
        for var in group["envVars"]:
            if var.get("key") == "DEPLOY_ENV":
                var["value"] = "staging"
    for database in bp.get("databases", []):
        database["name"] = _rename(database["name"])
    for service in bp["services"]:
        is_api = service["name"] == API_SERVICE
        service["name"] = _rename(service["name"])
        env_vars = service.get("envVars", [])
        for var in env_vars:
            if "fromGroup" in var:
                var["fromGroup"] = _rename(var["fromGroup"])
            for ref in ("fromDatabase", "fromService"):
                if ref in var:
                    var[ref]["name"] = _rename(var[ref]["name"])
        if is_api:
            present = {v.get("key") for v in env_vars}
            env_vars.extend(copy.deepcopy(v) for v in PREVIEW_VARS if v["key"] not in present)
    return bp


def render_staging(render_yaml: Path) -> str:
    production: dict[str, Any] = yaml.safe_load(render_yaml.read_text())
    body: str = yaml.safe_dump(staging_blueprint(production), sort_keys=False, width=100)
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "render.yaml"
    sys.stdout.write(render_staging(source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
