"""Property-based run of schemathesis over every operation of the OpenAPI document.

In-process against the WSGI app, on a real database and a real Redis, with a
real account's token. Each operation gets positive and negative generated cases
(and, where it takes ids, positive cases on the seeded account's real ids, so
success answers are exercised too). Checks: no 5xx, and status, media type,
headers and body as documented. Derandomized, so a failure reproduces.
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session, select

from api import create_app
from api.auth import issue_token
from api.openapi import SPEC_PATH
from config import load_settings
from models import User
from tests.database import migrate_head
from tests.openapi_support import PASSWORD, seed_account

THROWAWAY = "throwaway@example.com"

#: At least this many requests in the whole run (issue #6).
MIN_REQUESTS = 1000
#: Generated cases per operation and mode; cheap operations get more.
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 25}
SEEDED_EXAMPLES = 15
#: Operations that hash a password (Argon2id, ~0.4 s) or store a file get fewer positive cases.
EXPENSIVE = {"POST /api/v1/auth/register", "POST /api/v1/auth/token", "POST /api/v1/documents"}
#: Operations that revoke the token they are called with: each case gets a fresh token of a
#: throwaway account, so the seeded account's token stays valid for the other operations.
REVOKING = {"POST /api/v1/auth/sign-out", "POST /api/v1/auth/sign-out-everywhere"}
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
]


@pytest.fixture
def live(settings):
    # No rate limits (the run is one client) and no worker process (readiness checks the rest).
    # Random ids are 404 probes; without high thresholds the seeded account is blocked within
    # a minute and most requests would only meet 403 blocked.
    overrides = {
        "rate_limits_enabled": False,
        "readyz_require_worker": False,
        "abuse_account_threshold": 1_000_000,
        "abuse_ip_threshold": 1_000_000,
    }
    live_settings = load_settings(**{**settings.model_dump(), **overrides}, _env_file=None)
    migrate_head(live_settings)
    app = create_app(live_settings)
    with app.test_client() as client:
        seeded = seed_account(client, live_settings)
        throwaway = client.post("/api/v1/auth/register", json={"email": THROWAWAY, "password": PASSWORD})
        assert throwaway.status_code == 201, throwaway.get_data(as_text=True)
        # A job that has ended: its progress stream answers a snapshot and closes.
        cancelled = client.post(f"/api/v1/jobs/{seeded.job_id}/cancel", headers=seeded.headers)
        assert cancelled.status_code == 200, cancelled.get_data(as_text=True)
    return app, seeded


def _real_ids(seeded: Any, operation: Any) -> dict[str, str]:
    # Deleting uses the last card, so the first stays for editing and reviewing.
    card = seeded.card_ids[-1] if operation.method.upper() == "DELETE" else seeded.card_ids[0]
    return {"deck_id": seeded.deck_id, "job_id": seeded.job_id, "card_id": card}


def _fresh_token(app: Any, email: str) -> dict[str, str]:
    """A new session token of ``email``, issued directly (no password hashing per case)."""
    state = app.extensions["deckhand"]
    with Session(state.engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        token, _row = issue_token(session, state.settings, user)
        session.commit()
    return {"Authorization": f"Bearer {token}"}


def _run(operation: Any, count: Counter[str], headers: Any, mode: GenerationMode, **fixed: Any) -> None:
    examples = SEEDED_EXAMPLES if fixed else EXAMPLES[mode]
    if operation.label in EXPENSIVE and mode is GenerationMode.POSITIVE:
        examples = 8

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first failing case fast
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def check(case: Any) -> None:
        count[operation.label] += 1
        case.call_and_validate(headers=headers() if callable(headers) else headers, checks=CHECKS)

    check()


def test_schemathesis_finds_no_server_error_or_schema_violation(live):
    app, seeded = live
    schema = schemathesis.openapi.from_wsgi(SPEC_PATH, app)
    results = list(schema.get_all_operations())
    assert [str(r.err()) for r in results if isinstance(r, Err)] == []
    operations = [r.ok() for r in results]
    count: Counter[str] = Counter()
    failures: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for operation in operations:
        runs: list[tuple[GenerationMode, dict[str, Any]]] = [(GenerationMode.POSITIVE, {})]
        if operation.body or any(True for _ in operation.iter_parameters()):
            runs.append((GenerationMode.NEGATIVE, {}))  # nothing to break in an operation without inputs
        names = {p.name for p in operation.path_parameters}
        ids = _real_ids(seeded, operation)
        if names:
            runs.append(
                (GenerationMode.POSITIVE, {"path_parameters": {n: ids[n] for n in names if n in ids}})
            )
        for mode, fixed in runs:
            started = time.perf_counter()
            try:
                headers: Any = seeded.headers
                if operation.label in REVOKING:
                    headers = functools.partial(_fresh_token, app, THROWAWAY)
                _run(operation, count, headers, mode, **fixed)
            except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, report all
                failures[f"{operation.label} [{mode.value}{' real ids' if fixed else ''}]"] = str(exc)
            seconds[operation.label] = seconds.get(operation.label, 0.0) + time.perf_counter() - started
    report = "\n\n".join(f"== {label}\n{text}" for label, text in failures.items())
    assert not failures, f"schemathesis found problems:\n{report}"
    assert set(count) == {op.label for op in operations}, "every operation was called"
    total = sum(count.values())
    for label in sorted(count):
        print(f"schemathesis: {label}: {count[label]} requests, {seconds[label]:.1f} s")
    print(f"schemathesis: {total} requests over {len(operations)} operations")
    assert total >= MIN_REQUESTS, f"only {total} requests were generated"
