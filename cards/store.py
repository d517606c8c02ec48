"""Cards in the database: a job's generated cards, hand edits, studying, and decks loaded for export.

The one module of ``cards/`` that touches tables; the rest stays independent
of the database. Functions take rows the caller already scoped to their owner
(``api.owned.get_owned``) and a session whose transaction the caller owns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from cards.deck import assign_guids
from cards.editing import CheckedCard, check_card
from cards.export import ExportCard, ExportDeck, card_guid
from cards.schema import CardDraft, CardKind, Origin
from cards.study import review
from documents.model import SourceRef
from errors import Conflict, NotFound
from models import Card, Deck, Document, Job, new_id, utcnow
from models.review import CardSchedule, ReviewLog

#: A deck's cards in reading order; hand-added cards (no chunk) last on every backend.
READING_ORDER = (
    col(Card.chunk_index).is_(None),
    col(Card.chunk_index),
    col(Card.position),
    col(Card.created_at),
)


def deck_cards(session: Session, deck_id: str) -> list[Card]:
    """A deck's cards in reading order; hand-added cards (no chunk) last on every backend."""
    return list(session.exec(select(Card).where(Card.deck_id == deck_id).order_by(*READING_ORDER)))


def export_deck_of(deck: Deck, cards: list[Card]) -> ExportDeck:
    return ExportDeck(
        title=deck.title,
        deck_key=deck.id,
        cards=[
            ExportCard(
                guid=c.guid,
                kind=c.kind,
                front=c.front,
                back=c.back,
                source=c.source,
                tags=c.tags,
                content_changed_at=c.content_changed_at,
                source_span=c.source_span,
                origin=c.origin,
                provider=c.provider,
                model=c.model,
                checks=c.checks,
            )
            for c in cards
        ],
    )


def load_export(session: Session, deck_id: str) -> ExportDeck:
    """Any user's finished deck by id (for operators' tools such as the CLI).

    :raise NotFound: when there is no such deck or its job is still running.
    """
    deck = session.get(Deck, deck_id)
    if deck is None or not deck.ready:
        raise NotFound(f"No deck with id {deck_id!r}.", hint="List decks with GET /api/v1/decks.")
    return export_deck_of(deck, deck_cards(session, deck.id))


def _language(session: Session, deck: Deck) -> str | None:
    if deck.document_id is None:
        return None
    document = session.get(Document, deck.document_id)
    return document.language if document else None


def _recount(session: Session, deck_id: str) -> None:
    count = session.exec(select(func.count()).select_from(Card).where(Card.deck_id == deck_id)).one()
    session.execute(update(Deck).where(col(Deck.id) == deck_id).values(card_count=count, updated_at=utcnow()))


def add_card(
    session: Session, deck: Deck, *, kind: CardKind, front: str, back: str, tags: list[str]
) -> tuple[Card, CheckedCard]:
    """A card written by hand, appended to ``deck``; its GUID is fixed from its id."""
    checked = check_card(kind=kind, front=front, back=back, tags=tags, language=_language(session, deck))
    position = session.exec(
        select(func.coalesce(func.max(Card.position), -1)).where(
            Card.deck_id == deck.id, col(Card.chunk_index).is_(None)
        )
    ).one()
    card = Card(
        user_id=deck.user_id,
        deck_id=deck.id,
        position=int(position) + 1,
        kind=kind.value,
        front=checked.front,
        back=checked.back,
        origin=Origin.MANUAL.value,
        tags=checked.tags,
        checks=checked.checks,
        guid="",
    )
    card.guid = card_guid(deck.id, f"manual\x00{card.id}")
    session.add(card)
    session.flush()
    _recount(session, deck.id)
    return card, checked


def _content_moment(previous: datetime, now: datetime) -> datetime:
    # Anki compares note `mod` in whole seconds: an edit must land at least one second later.
    return max(now, previous.replace(microsecond=0) + timedelta(seconds=1))


def edit_card(
    session: Session,
    card: Card,
    changes: dict[str, Any],
    *,
    now: datetime | None = None,
) -> CheckedCard:
    """Apply ``changes`` (any of front, back, tags), re-run the gate, move ``content_changed_at``.

    The GUID never changes, so Anki updates the note in place on re-import; the
    content time (the note's ``mod``) moves only when the exported content did.
    """
    now = now or utcnow()
    deck = session.get(Deck, card.deck_id)
    source = SourceRef.from_dict(card.source) if card.source else None
    checked = check_card(
        kind=CardKind(card.kind),
        front=changes.get("front", card.front),
        back=changes.get("back", card.back),
        tags=changes.get("tags", card.tags),
        source=source,
        source_span=card.source_span,
        language=_language(session, deck) if deck else None,
    )
    changed = (checked.front, checked.back, checked.tags) != (card.front, card.back, list(card.tags))
    card.front, card.back, card.tags, card.checks = checked.front, checked.back, checked.tags, checked.checks
    if changed:
        card.content_changed_at = _content_moment(card.content_changed_at, now)
        session.execute(update(Deck).where(col(Deck.id) == card.deck_id).values(updated_at=now))
    session.add(card)
    return checked


def delete_card(session: Session, card: Card) -> None:
    """The card, its scheduling state and its review history."""
    session.execute(delete(ReviewLog).where(col(ReviewLog.card_id) == card.id))
    session.execute(delete(CardSchedule).where(col(CardSchedule.card_id) == card.id))
    session.delete(card)
    session.flush()
    _recount(session, card.deck_id)


# --- studying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyItem:
    card: Card
    schedule: CardSchedule | None  # None: never reviewed (new)
    due: datetime  # UTC; a new card is due now


@dataclass(frozen=True)
class StudyQueue:
    items: list[StudyItem]
    due_total: int  # reviewed cards due now
    new_total: int  # cards never reviewed


def study_queue(
    session: Session, deck: Deck, user_id: int, *, now: datetime, limit: int, new_limit: int
) -> StudyQueue:
    """Cards of ``deck`` due for ``user_id`` at ``now``, plus up to ``new_limit`` new ones, by due time."""
    due_filter = (
        Card.deck_id == deck.id,
        CardSchedule.user_id == user_id,
        col(CardSchedule.due) <= now,
    )
    due_rows = session.exec(
        select(Card, CardSchedule)
        .join(CardSchedule, col(CardSchedule.card_id) == col(Card.id))
        .where(*due_filter)
        .order_by(col(CardSchedule.due), col(Card.id))
        .limit(limit)
    ).all()
    due_total = session.exec(
        select(func.count())
        .select_from(Card)
        .join(CardSchedule, col(CardSchedule.card_id) == col(Card.id))
        .where(*due_filter)
    ).one()
    seen = select(CardSchedule.card_id).where(CardSchedule.user_id == user_id)
    new_filter = (Card.deck_id == deck.id, Card.user_id == user_id, col(Card.id).not_in(seen))
    new_total = session.exec(select(func.count()).select_from(Card).where(*new_filter)).one()
    room = max(0, min(new_limit, limit - len(due_rows)))
    new_rows = (
        session.exec(select(Card).where(*new_filter).order_by(*READING_ORDER).limit(room)).all()
        if room
        else []
    )
    items = [StudyItem(card, schedule, schedule.due) for card, schedule in due_rows]
    items += [StudyItem(card, None, now) for card in new_rows]  # overdue ones sort first: due <= now
    return StudyQueue(items=items, due_total=int(due_total), new_total=int(new_total))


def record_review(session: Session, card: Card, user_id: int, rating: str, *, now: datetime) -> ReviewLog:
    """Schedule ``card``'s next review after ``rating`` at ``now`` and keep the log.

    :raise ValueError: for an unknown rating or a naive ``now``.
    :raise Conflict: when another review of the same card was stored meanwhile.
    """
    schedule = session.exec(
        select(CardSchedule).where(CardSchedule.user_id == user_id, CardSchedule.card_id == card.id)
    ).first()
    outcome = review(schedule.fsrs_card if schedule else None, rating, now)
    if schedule is None:
        session.add(
            CardSchedule(
                user_id=user_id,
                card_id=card.id,
                deck_id=card.deck_id,
                state=outcome.state,
                fsrs_card=outcome.state_json,
                due=outcome.due,
                reps=1,
                lapses=0,
                last_review_at=now,
                updated_at=now,
            )
        )
    else:
        lapse = int(rating.strip().lower() == "again" and schedule.state == "review")
        # Compare-and-set on reps: two reviews racing on one card must not both count.
        moved = session.execute(
            update(CardSchedule)
            .where(col(CardSchedule.id) == schedule.id, col(CardSchedule.reps) == schedule.reps)
            .values(
                state=outcome.state,
                fsrs_card=outcome.state_json,
                due=outcome.due,
                reps=schedule.reps + 1,
                lapses=schedule.lapses + lapse,
                last_review_at=now,
                updated_at=now,
            )
        )
        if getattr(moved, "rowcount", 1) != 1:
            raise _concurrent_review()
    log = ReviewLog(
        user_id=user_id,
        card_id=card.id,
        rating=rating.strip().lower(),
        reviewed_at=now,
        state_before=outcome.state_before,
        state_after=outcome.state,
        scheduled_due=outcome.due,
        fsrs_log=outcome.log_json,
    )
    session.add(log)
    try:
        session.flush()
    except IntegrityError:
        raise _concurrent_review() from None
    return log


def _concurrent_review() -> Conflict:
    return Conflict(
        "This card was reviewed at the same moment by another request.",
        hint="Fetch the study queue again and review the card there.",
    )


# --- cards generated by a job ---------------------------------------------------------


def card_values(job: Job, chunk_index: int, position: int, draft: CardDraft, guid: str) -> dict[str, Any]:
    """The column values of a generated ``draft``'s Card row, at ``position`` in its chunk.

    Values, not a ``Card`` object: a chunk's cards go in as one INSERT, without an ORM object
    and a unit-of-work flush for each (CPU the worker's other threads wait for under its one GIL).
    The defaults a ``Card`` would fill in (id, timestamps) are given here.
    """
    now = utcnow()
    return {
        "id": new_id(),
        "user_id": job.user_id,
        "deck_id": job.deck_id or "",
        "job_id": job.id,
        "chunk_index": chunk_index,
        "position": position,
        "kind": draft.kind.value,
        "front": draft.front,
        "back": draft.back,
        "source": draft.source.as_dict(),
        "source_span": draft.source_span[:1000],
        "origin": draft.origin.value,
        "provider": draft.provider,
        "model": draft.model,
        "tags": list(draft.tags),
        "checks": dict(draft.checks),
        "guid": guid,
        "content_changed_at": now,
        "created_at": now,
    }


_card_table: Table = Card.__table__  # type: ignore[attr-defined]
#: The candidate GUIDs a deck holds already. Built once (a statement's construction and cache key
#: cost more CPU than its run), the deck and the GUIDs bound at each execution; on the table, not
#: the ORM entity, whose SELECT path adds its own CPU for no object loaded.
_TAKEN_GUIDS = select(_card_table.c.guid).where(
    _card_table.c.deck_id == bindparam("deck_id"), _card_table.c.guid.in_(bindparam("guids", expanding=True))
)


def free_guids(session: Session, deck_id: str | None, document_key: str, cards: list[CardDraft]) -> list[str]:
    """GUIDs for ``cards`` that no card of the deck holds yet.

    Only the candidate GUIDs are looked up (not the whole deck, which would make a job
    quadratic in its cards); a clash, rare, is added to ``taken`` and the next counter tried.
    """
    keys = [(d.kind.value, d.front, d.back) for d in cards]
    taken: set[str] = set()
    while True:
        guids = assign_guids(document_key, keys, set(taken))
        if not guids:
            return guids
        clash = set(session.exec(_TAKEN_GUIDS, params={"deck_id": deck_id, "guids": guids}))
        if not clash:
            return guids
        taken |= clash


def draft_of(row: Card) -> CardDraft:
    """A stored card as a draft again (what dedupe compares)."""
    return CardDraft(
        kind=CardKind(row.kind),
        front=row.front,
        back=row.back,
        source=SourceRef.from_dict(row.source),
        origin=Origin(row.origin),
        source_span=row.source_span,
        provider=row.provider,
        model=row.model,
        tags=list(row.tags),
        checks=dict(row.checks),
    )
