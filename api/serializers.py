"""JSON shapes of the API's resources (documented in the OpenAPI spec)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cards.export.model import card_fields
from cards.quality import Finding
from jobs.events import estimate_eta_s, stage_label
from models import Card, ChunkResult, Deck, Document, Job, JobState, utcnow
from models.review import CardSchedule, ReviewLog

#: What an attempt shows of a provider call: never a key, only its fingerprint; no error text
#: either (a provider's message may quote part of the key).
ATTEMPT_FIELDS = (
    "provider",
    "model",
    "key_fingerprint",
    "outcome",
    "latency_ms",
    "input_tokens",
    "output_tokens",
)


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def document_json(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "filename": doc.filename,
        "kind": doc.kind,
        "size_bytes": doc.size_bytes,
        "sha256": doc.sha256,
        "page_count": doc.page_count,
        "language": doc.language,
        "created_at": iso(doc.created_at),
    }


def job_eta_s(job: Job, now: datetime | None = None) -> int | None:
    """Seconds left for a running job, at its chunk throughput since it started; else None."""
    if job.state != JobState.RUNNING.value or job.started_at is None:
        return None
    elapsed = ((now or utcnow()) - job.started_at).total_seconds()
    return estimate_eta_s(elapsed, job.chunks_done, job.chunks_total)


def job_json(job: Job, document: Document | None = None) -> dict[str, Any]:
    total = job.chunks_total
    succeeded = job.state == JobState.SUCCEEDED.value
    body: dict[str, Any] = {
        "id": job.id,
        "state": job.state,
        "stage": job.stage,
        "stage_label": stage_label(job.stage),
        "progress": {
            "chunks_done": job.chunks_done,
            "chunks_total": total,
            "percent": round(100 * job.chunks_done / total) if total else (100 if succeeded else 0),
        },
        "eta_s": job_eta_s(job),
        "cards_count": job.cards_count,
        "degraded": job.degraded,
        "degraded_reason": job.degraded_reason,
        "deck_id": job.deck_id if succeeded else None,
        "document_id": job.document_id,
        "options": job.options,
        "error": (
            {"code": job.error_code, "message": job.error_detail, "hint": job.error_hint}
            if job.error_code
            else None
        ),
        "created_at": iso(job.created_at),
        "started_at": iso(job.started_at),
        "finished_at": iso(job.finished_at),
        "links": {"self": f"/api/v1/jobs/{job.id}"},
    }
    if succeeded and job.deck_id:
        body["links"]["deck"] = f"/api/v1/decks/{job.deck_id}"
    if document is not None:
        body["document"] = document_json(document)
    return body


def attempt_json(attempt: dict[str, Any]) -> dict[str, Any]:
    return {name: attempt.get(name) for name in ATTEMPT_FIELDS}


def chunk_json(chunk: ChunkResult) -> dict[str, Any]:
    return {
        "index": chunk.chunk_index,
        "status": chunk.status,
        "card_budget": chunk.card_budget,
        "cards_count": chunk.cards_count,
        "degraded": chunk.degraded,
        "provider": chunk.provider,
        "model": chunk.model,
        "attempts": [attempt_json(a) for a in chunk.attempts],
        "started_at": iso(chunk.started_at),
        "finished_at": iso(chunk.finished_at),
    }


def card_json(card: Card) -> dict[str, Any]:
    # One card shape for the API and the JSON export (``deckhand generate`` too).
    return {"id": card.id, **card_fields(card)}


def deck_json(deck: Deck, cards: list[Card] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": deck.id,
        "title": deck.title,
        "document_id": deck.document_id,
        "card_count": deck.card_count,
        "summary": deck.summary,
        "created_at": iso(deck.created_at),
        "updated_at": iso(deck.updated_at),
        "links": {"self": f"/api/v1/decks/{deck.id}", "export": f"/api/v1/decks/{deck.id}/export"},
    }
    if cards is not None:
        body["cards"] = [card_json(c) for c in cards]
    return body


def card_detail_json(card: Card, problems: Sequence[Finding] = ()) -> dict[str, Any]:
    """A card as the card routes return it: ``card_json`` plus its deck, times and failed checks."""
    return {
        **card_json(card),
        "deck_id": card.deck_id,
        "content_changed_at": iso(card.content_changed_at),
        "created_at": iso(card.created_at),
        "problems": [{"rule": f.rule, "severity": str(f.severity), "detail": f.detail} for f in problems],
        "links": {"self": f"/api/v1/cards/{card.id}", "deck": f"/api/v1/decks/{card.deck_id}"},
    }


def study_item_json(card: Card, schedule: CardSchedule | None, due: datetime) -> dict[str, Any]:
    return {
        **card_json(card),
        "study": {
            "new": schedule is None,
            "state": schedule.state if schedule else "new",
            "due": iso(due),
            "reps": schedule.reps if schedule else 0,
            "lapses": schedule.lapses if schedule else 0,
            "last_review_at": iso(schedule.last_review_at) if schedule else None,
        },
        "links": {"review": f"/api/v1/cards/{card.id}/review"},
    }


def review_json(log: ReviewLog) -> dict[str, Any]:
    return {
        "card_id": log.card_id,
        "rating": log.rating,
        "reviewed_at": iso(log.reviewed_at),
        "state_before": log.state_before or "new",
        "state": log.state_after,
        "due": iso(log.scheduled_due),
        "interval_seconds": int((log.scheduled_due - log.reviewed_at).total_seconds()),
    }
