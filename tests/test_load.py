"""The load suite's short form (``scripts/load/run.py``; long form: ``make load``, 200 users).

10 users sign up, upload a real corpus document, follow their jobs by polling and by SSE,
open their decks and study, against gunicorn with the production settings and a real worker:
all from one loopback address (a school's NAT) on SQLite, then from distinct addresses on
PostgreSQL (a cluster of the suite's own). Each address mode and each database runs once: the
long form runs every pairing. Fails on a lost job, a duplicate card, a 5xx, a user who could
not finish or any failed request; never on a timing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from config import Settings
from models import Card, Deck, Job
from models.db import make_engine
from scripts.load import run
from tests.conftest import CI, corpus_file, register, upload_job
from tests.pg import find_bin

DOCUMENT = "md-rust-book-ch04-01-what-is-ownership.md"


def short_form(document: Path) -> list[str]:
    return ["--users", "10", "--spawn-rate", "5", "--run-time", "300", "--document", str(document)]


@pytest.mark.slow
def test_ten_users_from_one_address_all_finish_with_no_error() -> None:
    document = corpus_file(DOCUMENT)
    assert run.main([*short_form(document), "--ips", "one"]) == 0


@pytest.mark.slow
@pytest.mark.postgres
def test_ten_users_on_postgresql_all_finish_with_no_error() -> None:
    document = corpus_file(DOCUMENT)
    if find_bin("initdb") is None or find_bin("pg_ctl") is None:
        if CI:
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found; CI must run the PostgreSQL tests")
        pytest.skip("PostgreSQL binaries not found")
    assert run.main([*short_form(document), "--database", "postgres", "--ips", "distinct"]) == 0


def test_a_missing_document_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    assert run.main(["--document", str(tmp_path / "absent.md")]) == 2
    assert "no document at" in capsys.readouterr().err


@pytest.mark.sql
def test_the_check_finds_a_lost_job_a_duplicate_card_and_a_miscounted_deck(
    client: FlaskClient, base_settings: Settings
) -> None:
    headers = register(client)
    finished, lost = upload_job(client, headers), upload_job(client, headers)
    engine = make_engine(base_settings)
    with Session(engine) as session:
        job = session.get(Job, finished)
        assert job is not None
        deck = Deck(user_id=job.user_id, title="notes", ready=True)
        session.add(deck)
        session.flush()
        for index, front in enumerate(["What owns a value?", "what owns a value? ", "What is a borrow?"]):
            back = "Its variable" if "owns" in front else "A reference"
            session.add(
                Card(
                    user_id=job.user_id,
                    deck_id=deck.id,
                    kind="basic",
                    front=front,
                    back=back,
                    guid=f"g{index}",
                )
            )
        job.state, job.deck_id, job.cards_count = "succeeded", deck.id, 2
        session.commit()
    engine.dispose()

    check = run.check_jobs(base_settings.sqlalchemy_url, [finished, lost], settle_s=0)

    assert (check.uploaded, check.succeeded, check.lost) == (2, 1, 1)
    assert check.states == {"succeeded": 1, "queued": 1}
    assert (check.duplicate_cards, check.count_mismatches, check.cards) == (1, 1, 3)
    results = {
        "endpoints": [{"name": "GET /x", "type": "GET", "requests": 10, "failures": 1, "p50_ms": 1.0,
                       "p95_ms": 2.0, "p99_ms": 3.0, "max_ms": 3.0}],
        "statuses": {"200": 9, "502": 1},
        "outcomes": {"completed": 1},
        "errors": [],
        "users_started": 2,
    }  # fmt: skip
    breaches, rate = run.report("check", results, check, users=2, wall_s=1.0)
    assert rate == pytest.approx(0.1)
    assert breaches == [
        "1 lost job(s)",
        "1 duplicate card(s)",
        "1 deck(s) whose card count disagrees with the job",
        "1 5xx answer(s)",
        "1 user(s) did not finish",
    ]
