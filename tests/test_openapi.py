"""The OpenAPI document: valid 3.1, covers every route, and real answers match it."""

from __future__ import annotations

import re
import typing
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from flask import Flask
from pydantic import BaseModel
from schemathesis.core.result import Err

from api import create_app
from api.openapi import (
    EXCLUDED_BLUEPRINTS,
    EXCLUDED_ENDPOINTS,
    SPEC_PATH,
    build_document,
    operation,
    undocumented,
)
from api.routes.documents import CARD_KINDS, UploadOptions
from api.schemas import CardKind, ExportQuery, UploadForm
from cards import export
from config import load_settings
from tests.database import migrate_head
from tests.openapi_support import PASSWORD, assert_matches, schema_errors, seed_account


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Flask:
    """An app for document-only checks (no request touches the database)."""
    data_dir = tmp_path_factory.mktemp("openapi")
    return create_app(load_settings(env="test", data_dir=data_dir, _env_file=None))


@pytest.fixture(scope="module")
def doc(app):
    return build_document(app)


@pytest.fixture
def live_client(db_settings):
    migrate_head(db_settings)
    app = create_app(db_settings)
    with app.test_client() as client:
        yield app, client


def test_every_route_in_the_url_map_is_documented(app):
    missing = undocumented(app)
    assert missing == [], (
        "These routes are not in the OpenAPI document. Give each an entry: "
        "@api.openapi.operation(summary=..., tags=(...), body=RequestModel, responses={200: ResponseModel}) "
        "next to the route, or an Operation in api/openapi_table.py keyed by endpoint; response models go "
        "in api/schemas.py (see docs/api.md, 'OpenAPI'):\n  " + "\n  ".join(missing)
    )


def test_a_new_route_without_an_entry_is_reported_and_a_decorated_one_is_documented(app):
    extra = create_app(app.extensions["deckhand"].settings)

    @extra.get("/api/v1/undocumented-thing")
    def undocumented_thing() -> str:
        return "x"

    @extra.get("/api/v1/documented-thing")
    @operation(summary="A thing", tags=("things",), auth="public", responses={200: Thing})
    def documented_thing() -> str:
        return "x"

    assert set(undocumented(extra)) - set(undocumented(app)) == {
        "GET /api/v1/undocumented-thing (undocumented_thing)"
    }
    document = build_document(extra)
    assert document["paths"]["/api/v1/documented-thing"]["get"]["summary"] == "A thing"
    assert "/api/v1/undocumented-thing" not in document["paths"]


class Thing(BaseModel):
    name: str


def test_the_document_is_valid_openapi_3_1(doc):
    assert doc["openapi"].startswith("3.1")
    loaded = schemathesis.openapi.from_dict(doc)
    loaded.validate()  # the OpenAPI 3.1 meta-schema bundled with schemathesis
    problems = [str(result.err()) for result in loaded.get_all_operations() if isinstance(result, Err)]
    assert problems == []
    for name, schema in doc["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), f"components/schemas/{name} is not valid JSON Schema"


def test_every_reference_resolves_and_every_operation_is_complete(doc):
    text = repr(doc)
    for ref in set(re.findall(r"'\$ref': '#/components/(\w+)/([\w-]+)'", text)):
        assert ref[1] in doc["components"][ref[0]], f"dangling $ref {ref}"
    ids = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            ids.append(op["operationId"])
            assert op["summary"] and op["tags"], f"{method} {path} needs a summary and tags"
            assert "default" in op["responses"], f"{method} {path} must document its problem+json errors"
            if op["security"]:
                assert "401" in op["responses"], f"{method} {path} needs a token, so documents 401"
            for name in re.findall(r"{(\w+)}", path):
                assert any(p["name"] == name and p["in"] == "path" for p in op.get("parameters", []))
    assert len(ids) == len(set(ids)), "operationIds must be unique"


def test_excluded_endpoints_are_few_and_explained(app):
    assert set(EXCLUDED_ENDPOINTS) == {"static"} and set(EXCLUDED_BLUEPRINTS) == {"ops", "web"}
    assert all(reason for reason in (*EXCLUDED_ENDPOINTS.values(), *EXCLUDED_BLUEPRINTS.values()))


def test_the_served_document_and_docs_page(app, doc):
    client = app.test_client()
    served = client.get(SPEC_PATH)
    assert served.status_code == 200 and served.mimetype == "application/json"
    assert served.get_json() == doc
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    for path, item in doc["paths"].items():
        assert f"<code>{path}</code>" in html
        for op in item.values():
            assert f'id="{op["operationId"]}"' in html
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert "<script" not in html and "src=" not in html
    assert not re.search(r"(href|src)=\"https?://", html), "the page must be self-contained"
    assert "&#34;token_type&#34;" in html or '"token_type"' in html  # an example is shown
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_upload_form_mirrors_the_upload_options_it_is_parsed_with():
    assert set(UploadForm.model_fields) == set(UploadOptions.model_fields) | {"file"}
    assert set(typing.get_args(CardKind)) == set(CARD_KINDS)
    options = UploadOptions.model_json_schema()["properties"]
    form = UploadForm.model_json_schema()["properties"]
    for name in ("title", "max_cards", "language"):
        assert {k: v for k, v in form[name].items() if k != "description"} == options[name]


def test_export_formats_in_the_document_are_the_exporters():
    documented = set(typing.get_args(ExportQuery.model_fields["format"].annotation))
    assert documented == set(export.FORMATS) | set(export._ALIASES)


def test_a_response_that_breaks_its_schema_is_caught(doc):
    schema = doc["paths"]["/api/v1/auth/token"]["post"]["responses"]["200"]["content"]["application/json"]
    good: dict[str, Any] = {
        "token": "dh_x",
        "token_type": "Bearer",
        "expires_at": "2025-01-01T00:00:00Z",
        "user": {"id": 1, "email": "a@b.cd", "role": "user"},
    }
    assert schema_errors(doc, schema["schema"], good) == []
    assert schema_errors(doc, schema["schema"], {**good, "surprise": 1})
    assert schema_errors(doc, schema["schema"], {**good, "user": {**good["user"], "role": "root"}})


def test_real_answers_match_their_documented_schemas(live_client, db_settings):
    app, client = live_client
    doc = build_document(app)
    seeded = seed_account(client, db_settings)
    auth = seeded.headers
    missing_id = "0" * 32
    calls = [
        ("/healthz", "get", client.get("/healthz")),
        (SPEC_PATH, "get", client.get(SPEC_PATH)),
        ("/api/v1/docs", "get", client.get("/api/v1/docs")),
        (
            "/api/v1/auth/register",
            "post",
            client.post("/api/v1/auth/register", json={"email": "x@example.com", "password": PASSWORD}),
        ),
        (
            "/api/v1/auth/register",
            "post",
            client.post("/api/v1/auth/register", json={"email": seeded.email, "password": PASSWORD}),
        ),
        ("/api/v1/auth/register", "post", client.post("/api/v1/auth/register", json={"email": "nope"})),
        ("/api/v1/auth/register", "post", client.post("/api/v1/auth/register", data="[]")),
        (
            "/api/v1/auth/token",
            "post",
            client.post("/api/v1/auth/token", json={"email": seeded.email, "password": PASSWORD}),
        ),
        (
            "/api/v1/auth/token",
            "post",
            client.post("/api/v1/auth/token", json={"email": seeded.email, "password": "wrong"}),
        ),
        ("/api/v1/documents", "post", client.post("/api/v1/documents", headers=auth)),
        ("/api/v1/jobs/{job_id}", "get", client.get(f"/api/v1/jobs/{seeded.job_id}", headers=auth)),
        ("/api/v1/jobs/{job_id}", "get", client.get(f"/api/v1/jobs/{missing_id}", headers=auth)),
        ("/api/v1/jobs/{job_id}", "get", client.get(f"/api/v1/jobs/{seeded.job_id}")),
        ("/api/v1/decks", "get", client.get("/api/v1/decks", headers=auth)),
        ("/api/v1/decks/{deck_id}", "get", client.get(f"/api/v1/decks/{seeded.deck_id}", headers=auth)),
        ("/api/v1/decks/{deck_id}", "get", client.get(f"/api/v1/decks/{missing_id}", headers=auth)),
    ]
    for fmt in ("json", "csv", "tsv", "md", "apkg", "nope"):
        url = f"/api/v1/decks/{seeded.deck_id}/export?format={fmt}"
        calls.append(("/api/v1/decks/{deck_id}/export", "get", client.get(url, headers=auth)))
    statuses = set()
    for path, method, response in calls:
        assert response.status_code < 500, response.get_data(as_text=True)
        assert_matches(doc, path, method, response)
        statuses.add((path, response.status_code))
    # The answers above cover the success shape of every seeded resource.
    assert {
        ("/api/v1/decks/{deck_id}", 200),
        ("/api/v1/jobs/{job_id}", 200),
        ("/api/v1/auth/token", 200),
    } <= statuses
    assert ("/api/v1/decks", 200) in statuses
    assert client.get("/api/v1/decks", headers=auth).get_json()["decks"], "the seeded deck is listed"


def _fill(path: str, op: dict[str, Any]) -> str:
    """A concrete URL for a templated path (ids that exist nowhere: only the auth check matters)."""
    types = {
        p["name"]: p.get("schema", {}).get("type") for p in op.get("parameters", []) if p["in"] == "path"
    }

    def value(match: re.Match[str]) -> str:
        return "12345" if types.get(match.group(1)) == "integer" else "0123456789abcdef0123456789abcdef"

    return re.sub(r"\{([^}]+)\}", value, path)


def test_each_route_demands_what_its_security_says(live_client, doc):
    """Call every documented operation without credentials: 401 exactly where the spec needs a token."""
    _app, client = live_client
    mismatches = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            security = op.get("security", doc.get("security", []))
            needs_token = bool(security) and {} not in security
            response = client.open(
                _fill(path, op), method=method.upper(), headers={"Accept": "application/json"}
            )
            got_401 = response.status_code == 401
            if needs_token != got_401:
                mismatches.append(
                    f"{method.upper()} {path}: spec security {security}, answered {response.status_code}"
                )
    assert mismatches == []


def test_docs_api_lists_every_public_route(doc):
    """Every operation callable without a token (public or optional) has its row in docs/api.md."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text()
    missing = [
        f"{method.upper()} {path}"
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
        and (not op.get("security") or {} in op["security"])
        and f"`{method.upper()} {path}" not in text
    ]
    assert missing == []
