from __future__ import annotations

from cards.dedupe import card_key, count_duplicates, dedupe
from cards.schema import CardDraft, CardKind
from documents.model import SourceRef

REF = SourceRef(page=1)


def basic(front: str, back: str) -> CardDraft:
    return CardDraft(CardKind.BASIC, front, back, REF)


def test_exact_key_ignores_case_tags_and_spacing() -> None:
    assert card_key("What is <b>DNA</b>?", "Deoxyribonucleic  acid") == card_key(
        "what is dna?", "DEOXYRIBONUCLEIC ACID"
    )
    assert card_key("What is DNA?", "a") != card_key("What is DNA?", "b")


def test_near_duplicates_merged() -> None:
    cards = [
        basic("What does DPR stand for?", "Dense Passage Retrieval"),
        basic("What does DPR stand for in retrieval?", "Dense Passage Retrieval"),
        basic("What does the acronym DPR stand for?", "dense passage retrieval."),
    ]
    assert [c.front for c in dedupe(cards)] == ["What does DPR stand for?"]


def test_distinct_cards_kept() -> None:
    cards = [
        basic("What is the description of ls?", "list directory contents"),
        basic("What is the description of cd?", "change the working directory"),
        basic("What is the stack?", "A last-in, first-out region of memory"),
        basic("What is the heap?", "Memory for data of unknown size at compile time"),
    ]
    assert dedupe(cards) == cards
    assert count_duplicates(cards) == 0


def test_same_front_different_back_kept() -> None:
    cards = [basic("What is the capital?", "Paris"), basic("What is the capital?", "Berlin")]
    assert len(dedupe(cards)) == 2


def test_against_existing_and_best_kept() -> None:
    cards = [basic("What does DPR stand for?", "Dense Passage Retrieval")]
    assert dedupe(cards, existing=[("what does DPR stand for?", "Dense passage retrieval")]) == []
    worse = basic("What does DPR stand for?", "Dense Passage Retrieval")
    worse.checks = {"Q1": True, "Q4": False}
    better = basic("What does DPR stand for here?", "Dense Passage Retrieval")
    better.checks = {"Q1": True, "Q4": True}
    assert dedupe([worse, better]) == [better]


def test_cloze_compared_with_answers() -> None:
    a = CardDraft(CardKind.CLOZE, "The {{c1::stack}} stores values in order.", "", REF)
    b = CardDraft(CardKind.CLOZE, "The stack stores {{c1::values}} in order.", "", REF)
    c = CardDraft(CardKind.CLOZE, "The {{c1::heap}} is less organized than other memory.", "", REF)
    assert dedupe([a, b, c]) == [a, c]
