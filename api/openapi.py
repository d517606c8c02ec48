"""The OpenAPI 3.1 document, assembled from the app's URL map and a registry of operations.

Each route's entry is an :class:`Operation` (summary, tags, auth, request and
response models). It is found, for a URL rule, in this order:

1. on the view function, put there by the :func:`operation` decorator next to
   the route (the one small local step when adding a route)::

       @bp.post("/things")
       @operation(summary="Make a thing", tags=("things",), body=ThingIn, responses={201: ThingOut})
       def make_thing() -> ResponseReturnValue: ...

2. in ``api/openapi_table.py``, keyed by endpoint (``"blueprint.function"``,
   or ``"blueprint.function:METHOD"`` when one view serves several methods).

Paths and path parameters come from the URL rules themselves, so a route
cannot be documented at the wrong path. Schemas are pydantic models rendered
with ``model_json_schema`` machinery into ``components/schemas`` with ``$ref``s.
tests/test_openapi.py fails, naming the endpoint, for any URL rule (except
:data:`EXCLUDED_ENDPOINTS`) that has no entry. Why this is not apispec, spectree or
flask-openapi3: docs/libraries.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeAlias

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from werkzeug.routing import Rule

from api.openapi_operation import VIEW_ATTRIBUTE, Auth, Operation, Reply
from api.openapi_operation import operation as operation  # the decorator, where routes find it
from api.openapi_table import OPERATIONS
from api.owned import ID_LENGTH, ID_PATTERN
from api.schemas import Problem

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"
SPEC_PATH = "/api/v1/openapi.json"
DOCS_PATH = "/api/v1/docs"
PROBLEM_JSON = "application/problem+json"
#: Methods Flask answers by itself on every rule.
IMPLICIT_METHODS = frozenset({"HEAD", "OPTIONS"})
#: Endpoints deliberately left out of the document, with the reason.
EXCLUDED_ENDPOINTS: dict[str, str] = {
    "static": "Flask's static file route (the built web app), not part of the API.",
}
#: Blueprints left out entirely, with the reason.
EXCLUDED_BLUEPRINTS: dict[str, str] = {
    "ops": "The admin dashboard at /ops: HTML pages and forms with their own sign-in, not the JSON API.",
    "web": "The built web app at / (its files and its pages' index.html), not part of the API.",
}

_RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
    "float": {"type": "number", "minimum": 0},
    "uuid": {"type": "string", "format": "uuid"},
}
#: A string path argument that is not an id: capped like any other string input.
_DEFAULT_PATH_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": 255}
#: A string ``<..._id>`` argument: a public id is ``uuid4().hex``; any other value answers 404
#: without a lookup (api/owned.py ``ID_PATTERN``, ``ID_LENGTH``).
_ID_PATH_SCHEMA: dict[str, Any] = {
    "type": "string",
    "minLength": ID_LENGTH,
    "maxLength": ID_LENGTH,
    "pattern": ID_PATTERN.pattern.replace("\\A", "^").replace("\\Z", "$"),
}
#: pydantic's (model, mode) → ``{"$ref": ...}`` map.
Refs: TypeAlias = Mapping[tuple[Any, JsonSchemaMode], Any]


# --- finding the operations ------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    rule: Rule
    method: str
    path: str  # OpenAPI template: /api/v1/jobs/{job_id}
    operation: Operation | None


def openapi_path(rule: str) -> str:
    return _RULE_ARGUMENT.sub(lambda m: "{" + m.group("name") + "}", rule)


def _path_schema(converter: str, name: str) -> dict[str, Any]:
    if converter in _CONVERTER_SCHEMAS:
        return dict(_CONVERTER_SCHEMAS[converter])
    if converter in ("", "string") and name.endswith("_id"):
        return dict(_ID_PATH_SCHEMA)
    return dict(_DEFAULT_PATH_SCHEMA)


def path_arguments(rule: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (m.group("name"), _path_schema(m.group("converter") or "", m.group("name")))
        for m in _RULE_ARGUMENT.finditer(rule)
    ]


def routes(app: Flask) -> Iterator[Route]:
    """Every (rule, method) of the app except the excluded ones, with its operation if any."""
    table = OPERATIONS
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint in EXCLUDED_ENDPOINTS or rule.endpoint.split(".", 1)[0] in EXCLUDED_BLUEPRINTS:
            continue
        view = app.view_functions.get(rule.endpoint)
        for method in sorted((rule.methods or set()) - IMPLICIT_METHODS):
            op = getattr(view, VIEW_ATTRIBUTE, None)
            if op is None:
                op = table.get(f"{rule.endpoint}:{method}") or table.get(rule.endpoint)
            yield Route(rule=rule, method=method, path=openapi_path(rule.rule), operation=op)


def undocumented(app: Flask) -> list[str]:
    """``"METHOD /rule (endpoint)"`` for each route with no operation."""
    return [f"{r.method} {r.rule.rule} ({r.rule.endpoint})" for r in routes(app) if r.operation is None]


# --- building the document -------------------------------------------------------------


def _reply(value: type[BaseModel] | Reply) -> Reply:
    return value if isinstance(value, Reply) else Reply(model=value)


def _models(ops: list[tuple[Route, Operation]]) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    found: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {(Problem, "serialization"): None}
    for _route, op in ops:
        if op.body is not None:
            found[(op.body, "validation")] = None
        for value in op.responses.values():
            model = _reply(value).model
            if model is not None:
                found[(model, "serialization")] = None
    return list(found)


def _problem_response(status: int, refs: Refs) -> dict[str, Any]:
    description = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    response: dict[str, Any] = {
        "description": f"{description} (problem+json; see `code`).",
        "headers": {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}},
        "content": {PROBLEM_JSON: {"schema": refs[(Problem, "serialization")]}},
    }
    if status in (429, 503):
        response["headers"]["Retry-After"] = {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "string"},
        }
    return response


def _response(reply: Reply, status: int, refs: Refs) -> Any:
    headers: dict[str, Any] = {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}
    for name, text in reply.headers.items():
        headers[name] = {"description": text, "required": True, "schema": {"type": "string"}}
    body: dict[str, Any] = {"description": reply.description or HTTPStatus(status).phrase, "headers": headers}
    schema = refs[(reply.model, "serialization")] if reply.model is not None else reply.schema
    if schema is None and status >= 400:
        return {**_problem_response(status, refs), "description": body["description"]}
    content = {reply.media_type: schema} if schema is not None else {}
    content.update(reply.also)
    if content:
        body["content"] = {media: {"schema": dict(s)} for media, s in content.items()}
    return body


def _security(auth: Auth) -> list[dict[str, list[str]]]:
    schemes: dict[str, list[dict[str, list[str]]]] = {
        "bearer": [{"bearerAuth": []}],
        "admin": [{"bearerAuth": []}],
        "optional": [{}, {"bearerAuth": []}],
        "public": [],
    }
    return schemes[auth]


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        description = prop.pop("description", "")
        prop.pop("title", None)
        params.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": description,
                "schema": prop,
            }
        )
    return params


def _operation(route: Route, op: Operation, refs: Refs) -> Any:
    path_args = path_arguments(route.rule.rule)
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": op.path_params.get(name, ""),
            "schema": schema,
        }
        for name, schema in path_args
    ]
    if op.query is not None:
        parameters.extend(_query_parameters(op.query))
    parameters.extend(
        {"name": name, "in": "header", "required": False, "description": text, "schema": {"type": "string"}}
        for name, text in op.header_params.items()
    )
    responses: dict[str, Any] = {
        str(status): _response(_reply(value), status, refs) for status, value in sorted(op.responses.items())
    }
    implied: set[int] = set(op.errors)
    if op.auth in ("bearer", "admin", "optional"):
        implied.add(401)
    if op.auth == "admin":
        implied.add(403)
    if op.auth != "public":
        implied.add(503)  # the token lookup needs the database: database_unavailable while it restarts
    if path_args:
        implied.add(404)
    if op.body is not None or op.query is not None:
        implied.update({400, 422} if op.body_media_type == "application/json" else {422})
    for status in sorted(implied - set(op.responses)):
        responses[str(status)] = _problem_response(status, refs)
    responses["default"] = {
        "description": "Any other error, as problem+json.",
        "content": {PROBLEM_JSON: {"schema": refs[(Problem, "serialization")]}},
    }
    body: dict[str, Any] = {
        "operationId": _operation_id(route),
        "summary": op.summary,
        "tags": list(op.tags),
        "security": _security(op.auth),
        "responses": responses,
    }
    if op.description:
        body["description"] = op.description
    if op.auth != "bearer":
        body["x-auth"] = op.auth
    if parameters:
        body["parameters"] = parameters
    if op.body is not None:
        body["requestBody"] = {
            "required": True,
            "content": {op.body_media_type: {"schema": refs[(op.body, "validation")]}},
        }
    return body


def _operation_id(route: Route) -> str:
    single = len((route.rule.methods or set()) - IMPLICIT_METHODS) == 1
    endpoint: str = route.rule.endpoint
    return endpoint.replace(".", "_") + ("" if single else f"_{route.method.lower()}")


def build_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``app``'s documented routes."""
    documented = [(r, r.operation) for r in routes(app) if r.operation is not None]
    refs, definitions = models_json_schema(_models(documented), ref_template="#/components/schemas/{model}")
    paths: dict[str, dict[str, Any]] = {}
    for route, op in documented:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, op, refs)
    tags = sorted({tag for _r, op in documented for tag in op.tags})
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Deckhand API",
            "version": API_VERSION,
            "description": (
                "Turns documents into study flashcards. Errors are RFC 9457 application/problem+json; "
                f"every response carries X-Request-ID. Browsable reference: {DOCS_PATH}."
            ),
        },
        "tags": [{"name": tag} for tag in tags],
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from POST /api/v1/auth/token (starts with dh_).",
                }
            },
            "headers": {
                "X-Request-ID": {
                    "description": "Yours when it matches ^[A-Za-z0-9._-]{8,64}$, else a new one.",
                    "required": True,
                    "schema": {"type": "string"},
                }
            },
        },
    }


def document_for(app: Flask) -> dict[str, Any]:
    """The document, built once per app (routes do not change after start-up)."""
    cached: dict[str, Any] | None = app.extensions.get("openapi")
    if cached is None:
        cached = app.extensions["openapi"] = build_document(app)
    return cached
