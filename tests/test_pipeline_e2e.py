"""The whole path, real parts: HTTP API → Redis → a worker → database → deck.

The first test runs a real worker process (``dramatiq workers.main``); the others run the
same actors and middleware in the test process (tests/inprocess.py), which saves a process
start per test. Runs on SQLite and on PostgreSQL (``database_url`` is parametrised).
"""

from __future__ import annotations

import io
import json
import math
import time
import uuid

import pypdfium2 as pdfium
import pytest
import redis
from sqlmodel import Session, func, select

from api import create_app
from config import Settings, load_settings
from documents.clean import clean_text
from jobs.events import END
from models import Card, Job
from models.db import make_engine
from redisconn.keys import job_events_key
from taskqueue.broker import build_broker, enqueue
from taskqueue.names import GENERATE
from tests.conftest import corpus_file, upload
from tests.database import migrate_head
from tests.inprocess import in_process_worker
from tests.stack import register, wait_for_job, worker_process

pytestmark = pytest.mark.slow

#: A short PDF with facts to make cards of (the one-page LaTeX sample is lorem ipsum: no cards).
TEXT_PDF = "pdf-korean-nars-issue-brief-4p.pdf"
MULTIPAGE_PDF = "pdf-two-column-dpr-paper-emnlp2020.pdf"


@pytest.fixture
def stack_settings(db_settings: Settings) -> Settings:
    settings = load_settings(
        **{**db_settings.model_dump(), "broker_namespace": f"t{uuid.uuid4().hex[:8]}"}, _env_file=None
    )
    migrate_head(settings)
    return settings


@pytest.fixture
def client(stack_settings):
    app = create_app(stack_settings)
    with app.test_client() as client:
        yield client


def page_texts(path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        # The page as pdfium reads it, through the same text cleaning the parser applies (pdfium's
        # in-word hyphen marks joined, NFKC), so a card's words are compared like for like.
        return [" ".join(clean_text(pdf[i].get_textpage().get_text_range()).split()) for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.mark.sql
def test_a_pdf_becomes_a_deck_whose_cards_cite_real_pages(client, stack_settings):
    headers = register(client)
    with worker_process(stack_settings):
        response = upload(client, headers, MULTIPAGE_PDF, title="DPR", max_cards="40")
        assert response.status_code == 202, response.get_data(as_text=True)
        job = response.get_json()
        assert response.headers["Location"] == f"/api/v1/jobs/{job['id']}"
        assert job["state"] == "queued" and job["document"]["kind"] == "pdf"

        final = wait_for_job(client, job["id"], headers)

    assert final["state"] == "succeeded", final
    assert final["progress"]["chunks_done"] == final["progress"]["chunks_total"] > 1
    assert final["options"]["max_cards"] == 40 and final["options"]["max_cards_basis"] == "explicit"
    deck = client.get(f"/api/v1/decks/{final['deck_id']}", headers=headers).get_json()
    assert deck["title"] == "DPR"
    assert 0 < len(deck["cards"]) <= 40
    pages = page_texts(corpus_file(MULTIPAGE_PDF))
    cited = set()
    for card in deck["cards"]:
        page = card["source"]["page"]
        assert 1 <= page <= len(pages)
        cited.add(page)
        # The card's source sentence is really on the page it cites.
        words = card["source_span"].split()[:6]
        assert " ".join(words) in pages[page - 1] or all(w in pages[page - 1] for w in words), card
    assert len(cited) > 3, "cards should come from across the paper"

    exported = client.get(f"/api/v1/decks/{final['deck_id']}/export?format=csv", headers=headers)
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"].startswith("attachment;")
    assert exported.get_data(as_text=True).count("\n") >= len(deck["cards"])
    listed = client.get("/api/v1/decks", headers=headers).get_json()["decks"]
    assert [d["id"] for d in listed] == [final["deck_id"]]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("pdf-truncated-illustrator-no-startxref.pdf", "pdf_unreadable"),
        ("pdf-encrypted-rc4-user-password-libreoffice.pdf", "pdf_encrypted"),
        ("pdf-scanned-image-only-huck-finn-p22.pdf", "no_text_layer"),
    ],
)
def test_an_unreadable_pdf_fails_its_job_with_a_code_and_the_worker_keeps_serving(
    client, stack_settings, name, code
):
    headers = register(client)
    with in_process_worker(stack_settings) as running:
        bad = upload(client, headers, name)
        assert bad.status_code == 202, bad.get_data(as_text=True)
        failed = wait_for_job(client, bad.get_json()["id"], headers)
        good = upload(client, headers, TEXT_PDF)
        succeeded = wait_for_job(client, good.get_json()["id"], headers)
        assert running.alive()

    assert failed["state"] == "failed"
    assert failed["error"]["code"] == code
    assert failed["error"]["hint"] and "Traceback" not in failed["error"]["message"]
    assert failed["deck_id"] is None
    assert succeeded["state"] == "succeeded"


@pytest.mark.sql
def test_a_redelivered_chunk_message_adds_no_cards(client, stack_settings):
    headers = register(client)
    engine = make_engine(stack_settings)
    with in_process_worker(stack_settings):
        job = wait_for_job(client, upload(client, headers, TEXT_PDF).get_json()["id"], headers)
        assert job["state"] == "succeeded"
        with Session(engine) as session:
            before = session.exec(
                select(func.count()).select_from(Card).where(Card.job_id == job["id"])
            ).one()
        broker = build_broker(stack_settings)
        for _ in range(2):  # the same chunk, delivered twice more
            enqueue(broker, GENERATE, job["id"], 0)
        # A message stays in the queue's hash until the worker acks it: empty means both ran.
        bodies = f"{stack_settings.broker_namespace}:cards.msgs"
        deadline = time.monotonic() + 30
        while broker.client.hlen(bodies):
            assert time.monotonic() < deadline, "the redelivered messages were not processed"
            time.sleep(0.05)
        with Session(engine) as session:
            after = session.exec(select(func.count()).select_from(Card).where(Card.job_id == job["id"])).one()
            stored = session.get(Job, job["id"])
    assert before > 0 and after == before
    assert stored is not None and stored.cards_count == before
    engine.dispose()


LONG_TXT = "txt-latin1-macdowell-critical-historical-essays.txt"


def test_a_long_document_with_few_cards_gets_them_from_its_whole_length(client, stack_settings):
    headers = register(client)
    engine = make_engine(stack_settings)
    with in_process_worker(stack_settings):
        response = upload(client, headers, LONG_TXT, max_cards="6")
        assert response.status_code == 202, response.get_data(as_text=True)
        final = wait_for_job(client, response.get_json()["id"], headers, timeout_s=240)
    assert final["state"] == "succeeded", final
    assert final["eta_s"] is None, "no estimate once the job has ended"
    total = final["progress"]["chunks_total"]
    assert total > 20, "the document should make many chunks"

    chunks = client.get(f"/api/v1/jobs/{final['id']}/chunks", headers=headers).get_json()["chunks"]
    assert [c["index"] for c in chunks] == list(range(total))
    assert sum(c["card_budget"] for c in chunks) == 6, "budgets share exactly max_cards"
    for chunk in chunks:
        assert chunk["status"] == "done" and chunk["started_at"] and chunk["finished_at"]
        assert chunk["started_at"] <= chunk["finished_at"]
        if chunk["card_budget"] == 0:  # nothing asked of anyone
            assert chunk["cards_count"] == 0 and chunk["attempts"] == [] and chunk["provider"] is None

    with Session(engine) as session:
        rows = session.exec(select(Card.chunk_index, Card.guid).where(Card.job_id == final["id"])).all()
    engine.dispose()
    assert 0 < len(rows) <= 6 and final["cards_count"] == len(rows)
    assert max(r[0] for r in rows) >= total * 2 // 3, "the last third of the document has cards"
    assert min(r[0] for r in rows) < total // 3
    assert len({r[1] for r in rows}) == len(rows), "one GUID per card"


NOTHING_TO_LEARN = b"# Week 3\n\n## Cells\n\nmitochondria, ribosomes\n\n## Tissues\n\nto do\n"


def test_a_deck_that_would_be_empty_fails_with_no_cards_its_reason_and_no_dead_letter(client, stack_settings):
    headers = register(client)
    with in_process_worker(stack_settings):
        response = client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (io.BytesIO(NOTHING_TO_LEARN), "week3.md")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 202, response.get_data(as_text=True)
        final = wait_for_job(client, response.get_json()["id"], headers)
        # Then a real document with no max_cards: its deck is sized by its words.
        sized = wait_for_job(client, upload(client, headers, MULTIPAGE_PDF).get_json()["id"], headers)

    assert final["state"] == "failed" and final["deck_id"] is None and final["cards_count"] == 0, final
    assert final["error"]["code"] == "no_cards"
    assert "too short" in final["error"]["message"] and final["error"]["hint"]
    # The job's own events end with the same error (what the SSE stream serves).
    events = redis.Redis.from_url(stack_settings.redis_url)
    entries = events.xrange(job_events_key(stack_settings.broker_namespace, final["id"]))
    last = entries[-1][1]
    assert last[b"kind"] == END.encode()
    assert json.loads(last[b"data"])["error"]["code"] == "no_cards"
    # A reason in the document, not system trouble: the message was acknowledged, not dead-lettered.
    assert not list(events.scan_iter(f"{stack_settings.broker_namespace}:*.XQ*"))

    assert sized["state"] == "succeeded", sized
    options = sized["options"]
    assert options["max_cards_basis"] == "document_size"
    words, density = options["document_words"], options["cards_per_1k_words"]
    assert words > 3000 and density == stack_settings.max_cards_per_1k_words
    assert options["max_cards"] == max(10, math.ceil(words * density / 1000))
    assert 0 < sized["cards_count"] <= options["max_cards"]
    # While the PDF was parsed, its events said which page was being read (before any chunk).
    stream = [
        (e[b"kind"].decode(), json.loads(e[b"data"]))
        for _, e in events.xrange(job_events_key(stack_settings.broker_namespace, sized["id"]))
    ]
    reading = [i for i, (_, data) in enumerate(stream) if (data.get("message") or "").startswith("reading:")]
    pages = len(page_texts(corpus_file(MULTIPAGE_PDF)))
    assert reading and all(stream[i][1]["stage"] == "parsing" for i in reading), stream[:5]
    assert f"of {pages} pages" in stream[reading[0]][1]["message"]
    assert reading[-1] < next(i for i, (kind, _) in enumerate(stream) if kind == "chunk")
