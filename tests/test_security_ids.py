"""Path ids: documented as 32 hex, malformed or over-long ones answer a clean 404, and guessing blocks."""

from __future__ import annotations

import uuid

from api.owned import ID_LENGTH
from api.security_events import NOT_FOUND_ALLOWANCE
from tests.conftest import assert_problem
from tests.stack import app_with, register
from tests.test_isolation import call_for, send

#: Values no stored id can have, for string and integer arguments.
BAD_STRING_IDS = ["f" * (ID_LENGTH + 1), "a" * 1000, "A" * ID_LENGTH, "0" * 31 + "g", "deadbeef"]
BAD_INT_IDS = [2**63, 10**40]


def id_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and any(a.endswith("_id") for a in rule.arguments):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                yield rule, method


def test_the_openapi_document_caps_every_id_parameter(base_settings):
    app = app_with(base_settings)
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    seen = 0
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for param in op.get("parameters", []):
                if param["in"] != "path":
                    continue
                schema = param["schema"]
                where = f"{method.upper()} {path} {param['name']}"
                if schema["type"] == "string":
                    assert schema.get("maxLength") == ID_LENGTH, where
                    assert schema.get("pattern") == "^[0-9a-f]{32}$", where
                else:
                    assert schema["type"] == "integer" and schema["maximum"] == 2**63 - 1, where
                seen += 1
    assert seen >= 12


def test_malformed_and_over_long_ids_answer_a_short_404_on_every_route(base_settings):
    """With a valid body (the isolation matrix's), so only the id can be wrong."""
    app = app_with(base_settings, abuse_account_threshold=10_000, abuse_ip_threshold=10_000)
    failures = []
    with app.test_client() as client:
        headers = register(client)
        for rule, method in id_routes(app):
            call = call_for(rule, method)
            assert call is not None, f"{method} {rule.rule}: see tests/test_isolation.py REQUESTS"
            for bad in range(len(BAD_STRING_IDS)):
                values = {
                    name: BAD_INT_IDS[bad % 2] if f"<int:{name}>" in rule.rule else BAD_STRING_IDS[bad]
                    for name in rule.arguments
                }
                answer = send(client, app, rule, method, values, call, headers)
                if answer != (404, "not_found"):
                    failures.append(f"{method} {rule.rule} with ids of length {len(str(values))}: {answer}")
            # The 404's detail echoes at most the start of a long id.
            long_id = {
                n: BAD_INT_IDS[1] if f"<int:{n}>" in rule.rule else BAD_STRING_IDS[1] for n in rule.arguments
            }
            url = app.url_map.bind("localhost").build(rule.endpoint, long_id, method=method)
            response = client.open(url, method=method, headers=headers, json=call.json)
            detail = (response.get_json(silent=True) or {}).get("detail", "")
            if len(detail) > 120:
                failures.append(f"{method} {rule.rule}: a {len(detail)}-character detail")
            response.close()
    assert failures == [], "\n".join(failures)


def test_a_few_missing_ids_are_not_events(base_settings):
    app = app_with(base_settings)
    with app.test_client() as client:
        headers = register(client)
        for _ in range(NOT_FOUND_ALLOWANCE):
            assert_problem(client.get(f"/api/v1/decks/{uuid.uuid4().hex}", headers=headers), 404, "not_found")
    assert "not_found_probe" not in app.extensions["deckhand_security"].totals()


def test_a_burst_of_random_ids_blocks_the_account(base_settings):
    threshold = 5
    app = app_with(base_settings, abuse_account_threshold=threshold, abuse_ip_threshold=10_000)
    security = app.extensions["deckhand_security"]
    with app.test_client() as client:
        headers = register(client, "prober@example.com")
        guesses = [f"/api/v1/jobs/{uuid.uuid4().hex}" for _ in range(NOT_FOUND_ALLOWANCE + threshold - 2)]
        guesses += ["/api/v1/decks/" + "e" * 100, "/api/v1/auth/api-keys/987654321"]  # malformed, int
        for url in guesses:
            method = "DELETE" if "api-keys" in url else "GET"
            assert_problem(client.open(url, method=method, headers=headers), 404, "not_found")
        blocked = client.get(f"/api/v1/jobs/{uuid.uuid4().hex}", headers=headers)
        assert_problem(blocked, 403, "blocked")
        assert int(blocked.headers["Retry-After"]) >= 1
        # The block is the account's: its own, valid requests are refused too.
        assert_problem(client.get("/api/v1/decks", headers=headers), 403, "blocked")
    assert security.totals()["not_found_probe"] == threshold
    assert [(b.subject_kind, b.subject) for b in security.active_blocks()] == [
        ("account", "prober@example.com")
    ]
    probes = [e for e in security.recent() if e["kind"] == "not_found_probe"]
    assert probes and all(e["account"] == "prober@example.com" for e in probes)
