"""Every hot query uses an index: EXPLAIN on PostgreSQL over 100,000 seeded rows per big table.

The queries are not retyped here: the test runs the code that issues them (the API routes
through Flask's test client, the maintenance scans, the scheduler's resend and resume looks,
the metrics scrape, the ops jobs page) with every statement captured at the driver, then asks
PostgreSQL for each statement's plan with the same parameters. A sequential scan of a big
table fails the test, naming the statement, the code path and the plan.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, text

from api import create_app
from config import Settings, load_settings
from models.db import make_engine
from models.types import utcnow
from ops import views
from ops.metrics import build_registry, exposition
from taskqueue.broker import build_broker
from tasks import cleanup, maintenance_jobs, reaper
from tests.database import migrate_head

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROWS = 100_000
USERS = 1_000
#: A table at least this large must never be read whole by a hot query.
BIG_TABLE_ROWS = 10_000

# One statement per table, all rows from generate_series: row g belongs to user (g % USERS) + 1,
# and its document, job, deck, card, chunk, schedule and review share g. Most jobs have ended;
# a few are queued, running or failed; a few uploads and tokens have expired.
SEED = [
    """INSERT INTO "user" (id, email, password_hash, role, created_at)
       SELECT g, 'seed' || g || '@example.com', 'x', 'user', now() FROM generate_series(2, :users + 1) g""",
    """SELECT setval(pg_get_serial_sequence('"user"', 'id'), :users + 1)""",
    """INSERT INTO apitoken (user_id, token_hash, kind, created_at, expires_at)
       SELECT g % :users + 1, md5('t' || g), 'session', now() - interval '1 day',
              now() + ((g % 1000) - 2) * interval '1 hour' FROM generate_series(1, :rows) g""",
    """INSERT INTO document (id, user_id, filename, kind, size_bytes, sha256, storage_path,
                             created_at, expires_at)
       SELECT md5('d' || g), g % :users + 1, 'notes.md', 'markdown', 100, md5('s' || g), 'u/' || g,
              now() - (g % 720) * interval '1 hour',
              CASE WHEN g % 100 = 50 THEN NULL ELSE now() + ((g % 1000) - 4) * interval '1 hour' END
       FROM generate_series(1, :rows) g""",
    """INSERT INTO deck (id, user_id, document_id, title, card_count, ready, summary, created_at, updated_at)
       SELECT md5('k' || g), g % :users + 1, md5('d' || g), 'Deck ' || g, 1, g % 500 <> 1, '{}',
              now() - (g % 720) * interval '1 hour', now() FROM generate_series(1, :rows) g""",
    """INSERT INTO job (id, user_id, document_id, deck_id, state, stage, chunks_total, chunks_done,
                        cards_count, degraded, options, attempts, created_at, enqueued_at, started_at,
                        heartbeat_at, finished_at)
       SELECT md5('j' || g), g % :users + 1, md5('d' || g), md5('k' || g),
              CASE WHEN g % 500 = 0 THEN 'running' WHEN g % 500 = 1 THEN 'queued'
                   WHEN g % 50 = 2 THEN 'failed' ELSE 'succeeded' END,
              'done', 1, 1, 1, false, '{}', 1,
              now() - (g % 720) * interval '1 hour', now() - (g % 720) * interval '1 hour',
              now() - (g % 720) * interval '1 hour', now() - (g % 720) * interval '1 hour',
              CASE WHEN g % 500 IN (0, 1) THEN NULL
                   ELSE now() - (g % 720) * interval '1 hour' + interval '1 minute' END
       FROM generate_series(1, :rows) g""",
    """INSERT INTO card (id, user_id, deck_id, job_id, chunk_index, position, kind, front, back, source,
                         source_span, origin, tags, checks, guid, content_changed_at, created_at)
       SELECT md5('c' || g), g % :users + 1, md5('k' || g), md5('j' || g), 0, 0, 'basic',
              'What is ' || g || '?', 'It is ' || g || '.', '{}', '', 'offline', '[]', '{}', md5('g' || g),
              now(), now() FROM generate_series(1, :rows) g""",
    """INSERT INTO chunkresult (job_id, chunk_index, status, card_budget, payload, cards_count, degraded,
                                attempts, created_at, started_at, finished_at)
       SELECT md5('j' || g), 0, 'done', 1, '{}', 1, false, '[]', now() - (g % 720) * interval '1 hour',
              now() - (g % 720) * interval '1 hour', now() - (g % 720) * interval '1 hour' + interval '20 s'
       FROM generate_series(1, :rows) g""",
    """INSERT INTO cardschedule (user_id, card_id, deck_id, state, fsrs_card, due, reps, lapses,
                                 last_review_at, updated_at)
       SELECT g % :users + 1, md5('c' || g), md5('k' || g), 'review', '{}',
              now() + ((g % 1000) - 10) * interval '1 hour', 1, 0, now(), now()
       FROM generate_series(1, :rows) g""",
    """INSERT INTO reviewlog (user_id, card_id, rating, reviewed_at, state_after, scheduled_due, fsrs_log)
       SELECT g % :users + 1, md5('c' || g), 'good', now(), 'review', now(), '{}'
       FROM generate_series(1, :rows) g""",
]


def md5(value: str) -> str:
    return hashlib.md5(value.encode()).hexdigest()


@dataclass
class Captured:
    path: str
    statement: str
    parameters: Any


class StatementLog:
    """Every statement an engine sends while ``path`` runs, as the driver receives it."""

    def __init__(self, engine: Engine) -> None:
        self.items: list[Captured] = []
        self.path = ""
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool) -> None:
        if self.path:
            self.items.append(Captured(self.path, statement, parameters[0] if many else parameters))

    @contextmanager
    def under(self, path: str) -> Iterator[None]:
        self.path = path
        try:
            yield
        finally:
            self.path = ""


def seq_scans(plan: dict[str, Any], big: set[str]) -> list[str]:
    """Big tables the plan reads whole (a Seq Scan node anywhere in it)."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in big:
        found.append(str(plan["Relation Name"]))
    for child in plan.get("Plans", []):
        found.extend(seq_scans(child, big))
    return found


def scans(plan: dict[str, Any]) -> list[str]:
    """How each table is read, e.g. ``Index Scan using ix_job_state on job``, for the printed summary."""
    found = []
    if "Relation Name" in plan:
        using = f" using {plan['Index Name']}" if "Index Name" in plan else ""
        found.append(f"{plan['Node Type']}{using} on {plan['Relation Name']}")
    for child in plan.get("Plans", []):
        found.extend(scans(child))
    return found


@pytest.fixture(scope="module")
def seeded(pg_cluster: Any, tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[Settings]:
    settings = load_settings(
        env="test",
        data_dir=Path(tmp_path_factory.mktemp("plans")) / "data",
        redis_url=redis_url,
        database_url=pg_cluster.create_database(),
        security_key_prefix=f"t{uuid.uuid4().hex[:8]}",
        broker_namespace=f"t{uuid.uuid4().hex[:8]}",
        rate_limit_user="100000/minute",
        rate_limit_ip="100000/minute",
        _env_file=None,
    )
    migrate_head(settings)
    yield settings


def _register(client: FlaskClient) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/register", json={"email": "plans@example.com", "password": "a-long-password-1"}
    )
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def hot_paths(
    settings: Settings, engine: Engine, client: FlaskClient
) -> list[tuple[str, Callable[[], object]]]:
    """The code paths whose queries run most (per request, per poll, per scheduler tick)."""
    headers = _register(client)  # user 1: owns every row whose g is a multiple of USERS
    job_id, deck_id = md5(f"j{USERS}"), md5(f"k{USERS}")
    now = utcnow()
    broker = build_broker(settings)
    redis_client = redis.Redis.from_url(settings.redis_url or "")

    def get(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.get_json())
            return response

        return call

    ctx = maintenance_jobs.MaintenanceContext(
        settings=settings, engine=engine, redis=redis_client, broker=broker, events=None
    )
    registry, _http = build_registry(settings, engine, lambda: redis_client)
    return [
        ("GET /api/v1/auth/me (token and user lookup)", get("/api/v1/auth/me")),
        ("GET /api/v1/jobs/{id} (job status)", get(f"/api/v1/jobs/{job_id}")),
        ("GET /api/v1/jobs/{id}/chunks", get(f"/api/v1/jobs/{job_id}/chunks")),
        ("GET /api/v1/decks (a user's decks)", get("/api/v1/decks")),
        ("GET /api/v1/decks/{id} (a deck's cards)", get(f"/api/v1/decks/{deck_id}")),
        ("GET /api/v1/decks/{id}/study (due reviews)", get(f"/api/v1/decks/{deck_id}/study")),
        ("cleanup: expired uploads", lambda: cleanup.cleanup_uploads(engine, settings, now)),
        ("cleanup: old jobs", lambda: cleanup.cleanup_jobs(engine, settings, now)),
        ("cleanup: expired tokens", lambda: cleanup.cleanup_tokens(engine, settings, now)),
        ("reaper: stuck jobs", lambda: reaper.reap_stuck_jobs(ctx, now)),
        ("scheduler: unsent jobs",
         lambda: reaper.resend_unsent_jobs(ctx)),
        ("scheduler: lost jobs",
         lambda: reaper.resume_lost_jobs(ctx)),
        ("/metrics scrape (jobs and chunks of the window)", lambda: exposition(registry)),
        ("ops jobs page: failed jobs, newest first",
         lambda: views.jobs_page(engine, state="failed", user_id=None, offset=0, limit=50)),
        ("ops jobs page: a user's jobs",
         lambda: views.jobs_page(engine, state=None, user_id=None, email="seed7@example.com", offset=0,
                                 limit=50)),
    ]  # fmt: skip


#: Whole-table reads that are the point of the query, not a missing index (none of them per request).
WHOLE_TABLE_BY_DESIGN = {
    # Jobs by state over every row, for the ops filter bar and the deckhand_jobs gauge.
    "GROUP BY job.state",
}


def test_no_hot_query_reads_a_big_table_whole(seeded: Settings) -> None:
    engine = make_engine(seeded, role="web")
    app = create_app(seeded)
    client = app.test_client()
    paths = hot_paths(seeded, app.extensions["deckhand"].engine, client)
    with engine.begin() as conn:
        # The seed is consistent by construction (every reference is to a row of g's own), so the
        # foreign-key triggers are skipped for it: half of the seeding's time. Indexes still build.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in SEED:
            conn.execute(text(statement), {"rows": ROWS, "users": USERS})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
        sizes = {
            str(name): int(n)
            for name, n in conn.execute(
                text("SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE schemaname = 'public'")
            )
        }
    big = {name for name, n in sizes.items() if n >= BIG_TABLE_ROWS}
    assert {"job", "card", "deck", "document", "chunkresult", "cardschedule", "apitoken"} <= big, sizes

    log = StatementLog(app.extensions["deckhand"].engine)
    for path, call in paths:
        with log.under(path):
            call()
    explained, failures = 0, []
    with engine.connect() as conn:
        for item in log.items:
            verb = item.statement.lstrip().split(None, 1)[0].upper()
            ping = verb == "SELECT" and "FROM" not in item.statement
            if verb not in ("SELECT", "UPDATE", "DELETE") or ping:
                continue
            if any(marker in item.statement for marker in WHOLE_TABLE_BY_DESIGN):
                continue
            plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + item.statement, item.parameters)
            found = plan.scalar_one()
            root = (found if isinstance(found, list) else json.loads(found))[0]["Plan"]
            explained += 1
            statement = " ".join(item.statement.split())
            # The figures for docs/performance.md (pytest -s).
            print(f"{item.path}: {'; '.join(scans(root))} (cost {root['Total Cost']})\n    {statement[:300]}")
            scanned = seq_scans(root, big)
            if scanned:
                failures.append(
                    f"{item.path}: sequential scan of {', '.join(scanned)}\n  {statement}"
                    f"\n  plan: {json.dumps(root)[:1500]}"
                )
    engine.dispose()
    covered = {item.path for item in log.items}
    assert covered == {path for path, _ in paths}, "a hot path ran no query"
    assert explained >= len(paths), explained
    assert not failures, "\n\n".join(failures)


def test_the_seq_scan_finder_sees_nested_scans() -> None:
    plan = {
        "Node Type": "Limit",
        "Plans": [{"Node Type": "Nested Loop", "Plans": [
            {"Node Type": "Index Scan", "Relation Name": "job"},
            {"Node Type": "Seq Scan", "Relation Name": "card"},
            {"Node Type": "Seq Scan", "Relation Name": "tiny"},
        ]}],
    }  # fmt: skip
    assert seq_scans(plan, {"job", "card"}) == ["card"]
    assert seq_scans({"Node Type": "Seq Scan", "Relation Name": "job"}, set()) == []
