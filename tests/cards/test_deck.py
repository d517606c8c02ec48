"""Deck rules applied to a whole deck: dedupe across chunks, trimming in turns, the summary."""

from __future__ import annotations

from cards.deck import deck_summary, select_deck_cards
from cards.schema import CardDraft, CardKind, Origin
from documents.model import SourceRef

#: Six cards no two of which are near-duplicates.
DISTINCT = [
    ("What does the borrow checker enforce?", "Ownership rules at compile time"),
    ("Where do String contents live?", "On the heap"),
    ("Which trait makes a type copy on assignment?", "Copy"),
    ("What happens to a value when its owner goes out of scope?", "It is dropped"),
    ("How many mutable references may exist at once?", "One"),
    ("What keyword moves captured variables into a closure?", "move"),
]


def draft(front: str, back: str, origin: Origin = Origin.OFFLINE) -> CardDraft:
    return CardDraft(kind=CardKind.BASIC, front=front, back=back, source=SourceRef(page=1), origin=origin)


def test_a_card_repeated_in_a_later_chunk_is_dropped_and_counted() -> None:
    drafts = [
        draft("What does the borrow checker enforce?", "Ownership rules at compile time"),
        draft("Where do String contents live?", "On the heap"),
        draft("What does the borrow checker enforce?", "Ownership rules at compile time"),
    ]
    selection = select_deck_cards(drafts, [0, 0, 1], threshold=90, max_cards=10)
    assert selection.kept == [0, 1]
    assert selection.duplicates == 1


def test_trimming_takes_each_chunk_in_turn_and_keeps_reading_order() -> None:
    drafts = [draft(front, back) for front, back in DISTINCT]
    chunk_of = [0, 0, 0, 0, 1, 2]
    selection = select_deck_cards(drafts, chunk_of, threshold=90, max_cards=4)
    # One from each chunk first (0, 4, 5), then chunk 0's second card.
    assert selection.kept == [0, 1, 4, 5]
    assert selection.duplicates == 0


def test_hand_made_cards_without_a_chunk_form_their_own_group() -> None:
    drafts = [draft(front, back) for front, back in DISTINCT[:4]]
    selection = select_deck_cards(drafts, [0, 0, 0, None], threshold=90, max_cards=2)
    assert selection.kept == [0, 3]


def test_the_summary_counts_cards_by_origin_and_by_provider() -> None:
    summary = deck_summary(
        ["llm", "llm", "offline"], ["openai", "anthropic", None], duplicates=2, degraded=True, chunks=3
    )
    assert summary == {
        "cards": 3,
        "duplicates_removed": 2,
        "origins": {"llm": 2, "offline": 1},
        "providers": {"openai": 1, "anthropic": 1},
        "degraded": True,
        "chunks": 3,
    }
