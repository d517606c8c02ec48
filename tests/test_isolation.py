"""Every account sees only its own resources; admin areas refuse everyone else.

The matrix is built from ``app.url_map``, so routes added later are covered (or the
test fails saying what to add):

* every ``/api/`` rule with an ``<..._id>`` argument, for every method, on fresh
  resources of user A (a real upload whose deck is marked ready, a card, an API key):
  user B sending A's ids with a *valid* request (:data:`REQUESTS`) answers 404
  ``not_found``, exactly like an id that exists nowhere, and no row of any table
  changes; then A sends the very same request and gets a 2xx, so the 404s are about
  ownership, not about a bad body, a deck still being made or a wrong id;
* every ``GET /api/`` rule without arguments (lists, the account, the docs) shows no
  id or email of the other account, and each list in :data:`LISTS` shows its caller
  exactly its own rows;
* every rule under ``/ops`` or ``/metrics`` (bar the sign-in form, sign-out and static
  files, public by design) answers 403 to a signed-in non-admin (and 401/403 to nobody).

A route whose ids cannot be resolved, a non-GET id route without an entry in
:data:`REQUESTS`, or an argument-less GET route in neither :data:`LISTS` nor
:data:`NOT_LISTS` fails the test, naming what to add.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, SQLModel, select
from werkzeug.routing import Rule

import models  # noqa: F401 - every table on the metadata
from api import create_app
from api.commands import set_role
from config import Settings, load_settings
from models import Card, Deck, Job, JobState, Role, User, utcnow
from models.db import make_engine
from tests.conftest import corpus_file
from tests.database import migrate_head
from tests.stack import register

ADMIN_PREFIXES = ("/ops", "/metrics", "/api/v1/admin")
#: Admin-area endpoints that must answer without an admin (the way in, the way out, assets).
PUBLIC_IN_ADMIN_AREA = {"ops.login_form", "ops.login", "ops.logout", "ops.static"}
#: Values for non-id arguments of admin-area rules.
ADMIN_AREA_ARGS = {"queue": "default", "redis_id": "0-0", "action": "retry", "filename": "x.css"}
#: Columns a read may legitimately touch.
VOLATILE = {("apitoken", "last_used_at")}
PUBLIC_IP = {"REMOTE_ADDR": "203.0.113.7"}  # not a loopback or private network, for /metrics
#: An id that exists nowhere, by kind (str, int).
MISSING = {False: "0" * 32, True: 999_999_999}
NOT_FOUND = (404, "not_found")

Ids = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """A request that succeeds for the owner of the ids in its URL."""

    json: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    #: Puts A's fresh resources in the state the route acts on (e.g. a failed job to retry).
    prepare: Callable[[Settings, Ids], None] | None = None


def _failed_job(settings: Settings, ids: Ids) -> None:
    engine = make_engine(settings)
    with Session(engine) as session:
        session.execute(
            update(Job)
            .where(Job.id == ids["job_id"])
            .values(state=JobState.FAILED.value, finished_at=utcnow())
        )
        session.commit()
    engine.dispose()


#: By endpoint (or ``endpoint:METHOD``): the valid request of each id route. A GET route
#: without an entry is called bare; any other method must be listed here.
REQUESTS: dict[str, Call] = {
    "jobs.cancel": Call(),  # A's job is still queued (no worker runs here)
    "jobs.retry": Call(prepare=_failed_job),
    "decks.export": Call(query={"format": "json"}),
    "decks.remove_deck": Call(prepare=_failed_job),  # a deck still being built cannot be deleted
    "cards.update_card": Call(json={"front": "What does chlorophyll absorb?"}),
    "cards.remove_card": Call(),
    "cards.create_card": Call(json={"front": "What is ATP?", "back": "The cell's energy currency."}),
    "cards.review_card": Call(json={"rating": "good"}),
    "auth.revoke_api_key": Call(),
}
#: Argument-less GET routes that list the caller's rows: endpoint -> (list key, id of the row).
LISTS = {"decks.list_decks": ("decks", "deck_id"), "auth.list_api_keys": ("api_keys", "key_id")}
#: Argument-less GET routes that are not lists of rows (still checked for leaks).
NOT_LISTS = {
    "auth.me": "the caller's own account",
    "apidocs.openapi_json": "the API description",
    "apidocs.docs": "the API reference page",
    "provider_health.provider_health": "LLM provider health, no user data",
    "feedback.list_feedback": "admin only (403 here): every account's feedback",
}


@pytest.fixture
def iso_settings(db_settings):
    # Bursts of 404s and many uploads are the point here: no blocks, no upload limits.
    settings = load_settings(
        **{
            **db_settings.model_dump(),
            "abuse_ip_threshold": 10_000,
            "abuse_account_threshold": 10_000,
            "rate_limit_user": "10000/minute",
            "rate_limit_upload_user": "10000/minute",
            "quota_uploads_per_day": 10_000,
            "api_keys_per_user": 1000,
        },
        _env_file=None,
    )
    migrate_head(settings)
    return settings


@pytest.fixture
def app(iso_settings):
    return create_app(iso_settings)


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


def changed_tables(before, after) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def user_id_of(settings: Settings, email: str) -> int:
    engine = make_engine(settings)
    with Session(engine) as session:
        found = session.exec(select(User.id).where(User.email == email)).one()
    engine.dispose()
    assert found is not None
    return found


@dataclass
class Account:
    email: str
    headers: dict[str, str]
    user_id: int


def account(client, settings: Settings, email: str) -> Account:
    return Account(email, register(client, email), user_id_of(settings, email))


def fresh_resources(client, settings: Settings, owner: Account) -> Ids:
    """New resources of ``owner``: a real upload (document, job, ready deck), a card, an API key."""
    with open(corpus_file("pdf-tiny-one-page-minimal-latex.pdf"), "rb") as fh:
        response = client.post(
            "/api/v1/documents",
            headers=owner.headers,
            data={"file": (io.BytesIO(fh.read()), "a.pdf")},
            content_type="multipart/form-data",
        )
    assert response.status_code == 202, response.get_data(as_text=True)
    job = response.get_json()
    key = client.post("/api/v1/auth/api-keys", headers=owner.headers, json={"name": "owner's script"})
    assert key.status_code == 201, key.get_data(as_text=True)
    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        deck = session.get(Deck, job["deck_id"]) if job.get("deck_id") else None
        deck = deck or session.exec(select(Deck).where(Deck.document_id == job["document_id"])).one()
        deck.ready = True  # as the job's finalizer would: deck and card routes answer its owner
        session.add(deck)
        card = Card(
            user_id=owner.user_id,
            deck_id=deck.id,
            job_id=job["id"],
            kind="basic",
            front="What does chlorophyll absorb?",
            back="Light, mostly red and blue.",
            guid=f"iso-{job['id'][:12]}",
        )
        session.add(card)
        session.commit()
    engine.dispose()
    return {
        "job_id": job["id"],
        "deck_id": deck.id,
        "document_id": job["document_id"],
        "card_id": card.id,
        "key_id": key.get_json()["id"],
        "_owner_id": owner.user_id,
    }


def id_for(name: str, ids: Ids, settings: Settings) -> Any:
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
    pytest.fail(f"no id of user A for route argument <{name}>: add one to fresh_resources() in {__file__}")


def id_rules(app) -> list[tuple[Rule, str]]:
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and any(a.endswith("_id") for a in rule.arguments)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def listing_rules(app) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and not rule.arguments and "GET" in (rule.methods or set())
    ]


def admin_rules(app) -> list[tuple[Rule, str]]:
    return [
        (rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(ADMIN_PREFIXES) and rule.endpoint not in PUBLIC_IN_ADMIN_AREA
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def call_for(rule: Rule, method: str) -> Call | None:
    found = REQUESTS.get(f"{rule.endpoint}:{method}") or REQUESTS.get(rule.endpoint)
    return found if found is not None or method != "GET" else Call()


def send(client, app, rule: Rule, method: str, values: Ids, call: Call, headers) -> tuple[int, str | None]:
    url = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
    kwargs: dict[str, Any] = {"headers": headers, "query_string": call.query}
    if call.json is not None:
        kwargs["json"] = call.json
    response = client.open(url, method=method, **kwargs)
    try:
        return outcome(response)
    finally:
        response.close()  # a progress stream (SSE) is released without being read


@pytest.fixture
def accounts(app, iso_settings) -> Iterator[tuple[Any, Account, Account]]:
    # Unique emails: a leak check must not match the examples of the API docs.
    with app.test_client() as client:
        yield (
            client,
            account(client, iso_settings, f"owner-{uuid.uuid4().hex[:8]}@example.com"),
            account(client, iso_settings, f"other-{uuid.uuid4().hex[:8]}@example.com"),
        )


def test_every_route_is_covered(app):
    covered = {rule.endpoint for rule, _ in id_rules(app)}
    # The matrix finds routes by itself; these must be among them (a guard against a broken filter).
    assert {"jobs.get_job", "decks.get_deck", "decks.export", "auth.revoke_api_key"} <= covered
    missing = [
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule, method in id_rules(app)
        if call_for(rule, method) is None
    ]
    assert missing == [], (
        f"add a Call (a body that succeeds for the owner) to REQUESTS in {__file__} for: {missing}"
    )
    unclassified = [
        f"{rule.rule} ({rule.endpoint})"
        for rule in listing_rules(app)
        if rule.endpoint not in {*LISTS, *NOT_LISTS}
    ]
    assert unclassified == [], (
        f"add each to LISTS (list key, id of a row) or NOT_LISTS (why it lists no rows) in {__file__}: "
        f"{unclassified}"
    )
    assert {"decks.list_decks", "auth.list_api_keys"} <= {rule.endpoint for rule in listing_rules(app)}


def test_another_accounts_ids_answer_404_change_nothing_and_work_for_the_owner(app, iso_settings, accounts):
    client, owner, other = accounts
    engine = make_engine(iso_settings)
    failures: list[str] = []
    checked = 0
    for rule, method in id_rules(app):
        call = call_for(rule, method)
        if call is None:
            continue  # reported by test_every_route_is_covered
        ids = fresh_resources(client, iso_settings, owner)
        if call.prepare is not None:
            call.prepare(iso_settings, ids)
        values = {name: id_for(name, ids, iso_settings) for name in rule.arguments}
        missing = {name: MISSING[isinstance(value, int)] for name, value in values.items()}
        label = f"{method} {rule.rule}"

        before = snapshot(engine)
        as_other = send(client, app, rule, method, values, call, other.headers)
        as_nobody_owns = send(client, app, rule, method, missing, call, other.headers)
        changed = changed_tables(before, snapshot(engine))
        if as_other != NOT_FOUND or as_nobody_owns != NOT_FOUND:
            failures.append(f"{label}: B with A's ids got {as_other}, with missing ids {as_nobody_owns}")
        if changed:
            failures.append(f"{label}: B's requests changed tables {changed}")

        as_owner = send(client, app, rule, method, values, call, owner.headers)
        if not 200 <= as_owner[0] < 300:
            failures.append(f"{label}: the owner got {as_owner} for the same request (fix its Call)")
        checked += 1
    engine.dispose()
    assert checked >= 12, f"only {checked} routes checked"
    assert failures == [], "isolation matrix:\n" + "\n".join(failures)


def test_lists_show_each_account_only_its_own_rows(app, iso_settings, accounts):
    client, a, b = accounts
    rows = {
        a.email: fresh_resources(client, iso_settings, a),
        b.email: fresh_resources(client, iso_settings, b),
    }
    failures: list[str] = []
    for rule in listing_rules(app):
        for me, them in ((a, b), (b, a)):
            response = client.get(rule.rule, headers=me.headers)
            text = response.get_data(as_text=True)
            theirs = [
                str(v) for k, v in rows[them.email].items() if isinstance(v, str) and not k.startswith("_")
            ]
            leaked = [v for v in (*theirs, them.email) if v in text]
            if leaked:
                failures.append(f"GET {rule.rule} as {me.email} shows {them.email}'s {leaked}")
            if rule.endpoint not in LISTS:
                continue
            key, id_name = LISTS[rule.endpoint]
            assert response.status_code == 200, f"GET {rule.rule}: {response.status_code} {text[:300]}"
            listed = {item["id"] for item in response.get_json()[key]}
            if listed != {rows[me.email][id_name]}:
                failures.append(f"GET {rule.rule} as {me.email} lists {listed}, expected only its own")
    assert failures == [], "\n".join(failures)


def test_admin_areas_refuse_non_admins(app, iso_settings, accounts):
    rules = admin_rules(app)
    assert rules, "no /ops or /metrics routes found: admin_rules() no longer sees them"
    client, owner, other = accounts
    admin = account(client, iso_settings, f"admin-{uuid.uuid4().hex[:8]}@example.com")
    set_role(iso_settings, admin.email, Role.ADMIN)
    ids = fresh_resources(client, iso_settings, owner)
    engine = make_engine(iso_settings)
    before = snapshot(engine)
    failures = []
    for rule, method in rules:
        values = {
            name: ADMIN_AREA_ARGS.get(name) or id_for(name, ids, iso_settings) for name in rule.arguments
        }
        url = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
        as_user = client.open(url, method=method, headers=other.headers, json={}, environ_base=PUBLIC_IP)
        anonymous = client.open(url, method=method, json={}, environ_base=PUBLIC_IP)
        if as_user.status_code != 403:
            failures.append(f"non-admin {method} {url}: {as_user.status_code}")
        if anonymous.status_code not in (401, 403):
            failures.append(f"anonymous {method} {url}: {anonymous.status_code}")
    after = snapshot(engine)
    engine.dispose()
    # An admin gets past the role check on a read (so the 403s are about the role).
    reads = [r for r, m in rules if m == "GET" and not r.arguments]
    assert reads, "no admin GET route without arguments to check an admin against"
    url = reads[0].rule
    assert client.get(url, headers=admin.headers, environ_base=PUBLIC_IP).status_code == 200, url
    assert failures == [], "\n".join(failures)
    assert changed_tables(before, after) == []
