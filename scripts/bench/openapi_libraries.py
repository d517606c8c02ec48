"""Our OpenAPI document against the same document assembled with apispec: spec diff and lines.

apispec is a document builder: it holds paths, components and tags and writes the
dict. Deckhand's generator (``api/openapi.py``) already takes its schemas from
pydantic (``models_json_schema``); what it adds is policy — which routes, the path
parameter schemas from the URL rules, the implied error answers (401 for auth, 404
for ids, 422 for input…), problem+json, security. This script builds the document of
the real app both ways (apispec getting our operations and schemas, as a migration
would give them) and prints the differences and the lines of code each way.

Run: ``.venv/bin/python -m scripts.bench.openapi_libraries`` (apispec is a development
dependency, for this comparison only).
"""

from __future__ import annotations

import inspect
import tempfile
from pathlib import Path
from typing import Any

from apispec import APISpec
from flask import Flask
from pydantic.json_schema import models_json_schema

import api.openapi as ours
import api.openapi_operation as operation_model
import api.openapi_table as table
from api import create_app
from config import load_settings


def apispec_document(app: Flask) -> dict[str, Any]:
    """:func:`api.openapi.build_document` with apispec doing the assembly."""
    documented = [(r, r.operation) for r in ours.routes(app) if r.operation is not None]
    refs, definitions = models_json_schema(
        ours._models(documented), ref_template="#/components/schemas/{model}"
    )
    spec = APISpec(
        title="Deckhand API",
        version=ours.API_VERSION,
        openapi_version=ours.OPENAPI_VERSION,
        info={
            "description": "Turns documents into study flashcards. Errors are RFC 9457 "
            "application/problem+json; every response carries X-Request-ID. "
            f"Browsable reference: {ours.DOCS_PATH}."
        },
    )
    for tag in sorted({tag for _r, op in documented for tag in op.tags}):
        spec.tag({"name": tag})
    for name, schema in definitions.get("$defs", {}).items():
        spec.components.schema(name, schema)
    spec.components.security_scheme(
        "bearerAuth",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from POST /api/v1/auth/token (starts with dh_).",
        },
    )
    spec.components.header(
        "X-Request-ID",
        {
            "description": "Yours when it matches ^[A-Za-z0-9._-]{8,64}$, else a new one.",
            "required": True,
            "schema": {"type": "string"},
        },
    )
    paths: dict[str, dict[str, Any]] = {}
    for route, op in documented:
        paths.setdefault(route.path, {})[route.method.lower()] = ours._operation(route, op, refs)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def differences(a: Any, b: Any, where: str = "") -> list[str]:
    """JSON pointers at which ``a`` and ``b`` differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                found.append(f"{where}/{key} ({'only apispec' if key not in a else 'only ours'})")
            else:
                found.extend(differences(a[key], b[key], f"{where}/{key}"))
        return found
    return [] if a == b else [f"{where}: ours {str(a)[:80]!r}, apispec {str(b)[:80]!r}"]


def lines(obj: Any) -> int:
    """Lines of code of ``obj``'s source, blank lines and comments left out."""
    source = inspect.getsource(obj)
    return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#"))


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        # an unreachable Redis: building the document needs none, and none is started
        settings = load_settings(
            env="test", data_dir=Path(data_dir), redis_url="redis://127.0.0.1:9/0", _env_file=None
        )
        app = create_app(settings)
        with app.app_context():
            mine, theirs = ours.build_document(app), apispec_document(app)
    found = differences(mine, theirs)
    print(
        f"operations: {sum(len(p) for p in mine['paths'].values())} in {len(mine['paths'])} paths; "
        f"schemas: {len(mine['components']['schemas'])}"
    )
    print(f"spec differences ours vs apispec-assembled ({len(found)}):")
    print("\n".join(f"  {line}" for line in found) or "  none")
    total = lines(ours) + lines(operation_model) + lines(table)
    replaced = lines(ours.build_document)
    print(
        f"our generator: {total} lines (api/openapi.py {lines(ours)}, api/openapi_operation.py "
        f"{lines(operation_model)}, api/openapi_table.py {lines(table)})"
    )
    print(
        f"what apispec replaces: build_document, {replaced} lines, "
        f"by {lines(apispec_document)} lines of calls; "
        f"the other {total - replaced} lines (operations, route discovery, parameters, implied errors) stay"
    )


if __name__ == "__main__":
    main()
