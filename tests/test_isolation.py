"""Every account sees only its own resources; admin areas refuse everyone else.

The matrix is built from ``app.url_map``, so routes added later are covered without
editing this file:

* every ``/api/`` rule with an ``<..._id>`` argument, for every method: user B using
  user A's ids answers 404 ``not_found`` (or, where a route checks the body first, the
  very answer a non-existent id gets, so nothing tells B that the id exists) and no
  row of any table changes;
* every rule under ``/ops`` or ``/metrics`` (bar the sign-in form, sign-out and static
  files, public by design) answers 403 to a signed-in non-admin (and 401/403 to nobody).

Ids come from real resources of A: an uploaded document (its document, job and deck
rows), an API key, and a card. For an argument named ``<thing>_id`` that this file does
not know, the row of A in the table ``thing`` is used; a route whose ids cannot be
resolved fails the test, naming the argument.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, select
from werkzeug.routing import Rule

import models  # noqa: F401 - every table on the metadata
from api import create_app
from api.commands import set_role
from config import load_settings
from models import Card, Deck, Document, Job, Role, User
from models.db import make_engine, migrate
from tests.conftest import corpus_file
from tests.stack import register

ADMIN_PREFIXES = ("/ops", "/metrics")
#: Admin-area endpoints that must answer without an admin (the way in, the way out, assets).
PUBLIC_IN_ADMIN_AREA = {"ops.login_form", "ops.login", "ops.logout", "ops.static"}
#: Values for non-id arguments of admin-area rules.
ADMIN_AREA_ARGS = {"queue": "default", "redis_id": "0-0", "action": "retry", "filename": "x.css"}
#: Columns a read may legitimately touch.
VOLATILE = {("apitoken", "last_used_at")}
PUBLIC_IP = {"REMOTE_ADDR": "203.0.113.7"}  # not a loopback or private network, for /metrics


@pytest.fixture
def iso_settings(db_settings):
    settings = load_settings(
        **{**db_settings.model_dump(), "abuse_ip_threshold": 10_000, "abuse_account_threshold": 10_000},
        _env_file=None,
    )
    migrate(settings)
    return settings


@pytest.fixture
def app(iso_settings):
    return create_app(iso_settings)


#: An id that exists nowhere, by kind (str, int).
MISSING = {False: "0" * 32, True: 999_999_999}
#: Answers to the empty JSON body that do not depend on the id (same for a missing id).
BODY_ERRORS = ((422, "validation_failed"), (400, "bad_request"))


def outcome(response) -> tuple[int, str | None]:
    return response.status_code, (response.get_json(silent=True) or {}).get("code")


def snapshot(engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (volatile columns left out), in a stable order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE]
            rows = conn.execute(sa_select(*columns)).all()
            found[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return found


def owned_resources(
    client, settings
) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, Any]]:
    """Users A, B and an admin (their headers) and A's resource ids by argument name."""
    owner, other, admin = register(client), register(client), register(client)
    with open(corpus_file("pdf-tiny-one-page-minimal-latex.pdf"), "rb") as fh:
        response = client.post(
            "/api/v1/documents",
            headers=owner,
            data={"file": (io.BytesIO(fh.read()), "a.pdf")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 202, response.get_data(as_text=True)
    job = response.get_json()
    key = client.post("/api/v1/auth/api-keys", headers=owner, json={"name": "owner's script"})
    assert key.status_code == 201, key.get_data(as_text=True)

    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        owner_user = session.exec(select(User).order_by(User.id)).first()
        assert owner_user is not None
        deck = session.get(Deck, job["deck_id"]) if job.get("deck_id") else None
        deck = deck or session.exec(select(Deck).where(Deck.user_id == owner_user.id)).one()
        card = Card(
            user_id=owner_user.id,
            deck_id=deck.id,
            job_id=job["id"],
            kind="basic",
            front="Q",
            back="A",
            guid="isolation-guid",
        )
        session.add(card)
        session.commit()
        admin_email = session.exec(select(User).order_by(User.id.desc())).first().email
    engine.dispose()
    set_role(settings, admin_email, Role.ADMIN)
    ids = {
        "job_id": job["id"],
        "deck_id": deck.id,
        "document_id": job["document_id"],
        "card_id": card.id,
        "key_id": key.get_json()["id"],
        "_owner_id": owner_user.id,
    }
    return owner, other, admin, ids


def id_for(name: str, ids: dict[str, Any], settings) -> Any:
    """A's id for the argument ``name``; unknown ``<thing>_id``: A's row of table ``thing``."""
    if name in ids:
        return ids[name]
    if name.endswith("_id"):
        table = SQLModel.metadata.tables.get(name[:-3])
        if table is not None and "user_id" in table.columns:
            engine = make_engine(settings)
            with engine.connect() as conn:
                row = conn.execute(
                    sa_select(table.primary_key.columns.values()[0]).where(
                        table.columns["user_id"] == ids["_owner_id"]
                    )
                ).first()
            engine.dispose()
            if row is not None:
                return row[0]
    pytest.fail(f"no id of user A for route argument <{name}>: add one to owned_resources() in {__file__}")


def id_rules(app) -> list[tuple[Rule, str]]:
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and any(a.endswith("_id") for a in rule.arguments)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def admin_rules(app) -> list[tuple[Rule, str]]:
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(ADMIN_PREFIXES) and rule.endpoint not in PUBLIC_IN_ADMIN_AREA
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def test_the_matrix_covers_the_known_routes(app):
    covered = {rule.endpoint for rule, _ in id_rules(app)}
    # The matrix finds routes by itself; these must be among them (a guard against a broken filter).
    assert {"jobs.get_job", "decks.get_deck", "decks.export", "auth.revoke_api_key"} <= covered


def test_another_accounts_ids_answer_404_and_change_nothing(app, iso_settings):
    with app.test_client() as client:
        _owner, other, _admin, ids = owned_resources(client, iso_settings)
        engine = make_engine(iso_settings)
        before = snapshot(engine)
        failures = []
        for rule, method in id_rules(app):
            values = {name: id_for(name, ids, iso_settings) for name in rule.arguments}
            url = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
            answer = outcome(client.open(url, method=method, headers=other, json={}))
            missing = {name: MISSING[isinstance(value, int)] for name, value in values.items()}
            missing_url = app.url_map.bind("localhost").build(rule.endpoint, missing, method=method)
            baseline = outcome(client.open(missing_url, method=method, headers=other, json={}))
            # 404, or a body error that a missing id gets too (the empty body is checked first):
            # either way B cannot tell A's id from one that does not exist.
            if answer != baseline or answer not in ((404, "not_found"), *BODY_ERRORS):
                failures.append(f"{method} {url}: {answer}, missing id: {baseline}")
        after = snapshot(engine)
        engine.dispose()
    assert failures == [], "B reached A's resources:\n" + "\n".join(failures)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [], f"B's requests changed tables {changed}"


def test_the_owner_still_reaches_its_resources(app, iso_settings):
    """The same ids work for A, so the 404s above are about ownership, not bad ids."""
    with app.test_client() as client:
        owner, _other, _admin, ids = owned_resources(client, iso_settings)
        assert client.get(f"/api/v1/jobs/{ids['job_id']}", headers=owner).status_code == 200
        assert (
            client.get("/api/v1/auth/api-keys", headers=owner).get_json()["api_keys"][0]["id"]
            == ids["key_id"]
        )
        engine = make_engine(iso_settings)
        with Session(engine) as session:
            assert session.get(Document, ids["document_id"]) is not None
            assert session.get(Job, ids["job_id"]).user_id == ids["_owner_id"]
        engine.dispose()


def test_admin_areas_refuse_non_admins(app, iso_settings):
    rules = admin_rules(app)
    if not rules:
        pytest.skip("no /ops or /metrics routes registered yet")
    with app.test_client() as client:
        _owner, other, admin, ids = owned_resources(client, iso_settings)
        engine = make_engine(iso_settings)
        before = snapshot(engine)
        failures = []
        for rule, method in rules:
            values = {
                name: ADMIN_AREA_ARGS.get(name) or id_for(name, ids, iso_settings) for name in rule.arguments
            }
            url = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
            as_user = client.open(url, method=method, headers=other, json={}, environ_base=PUBLIC_IP)
            anonymous = client.open(url, method=method, json={}, environ_base=PUBLIC_IP)
            if as_user.status_code != 403:
                failures.append(f"non-admin {method} {url}: {as_user.status_code}")
            if anonymous.status_code not in (401, 403):
                failures.append(f"anonymous {method} {url}: {anonymous.status_code}")
        after = snapshot(engine)
        engine.dispose()
        # An admin gets past the role check on a read (so the 403s are about the role).
        reads = [r for r, m in rules if m == "GET" and not r.arguments]
        if reads:
            url = reads[0].rule
            assert client.get(url, headers=admin, environ_base=PUBLIC_IP).status_code == 200, url
    assert failures == [], "\n".join(failures)
    assert [name for name in before if before[name] != after[name]] == []
