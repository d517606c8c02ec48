from __future__ import annotations

from rapidfuzz import fuzz, utils

from cards.dedupe import DEFAULT_THRESHOLD, count_duplicates, dedupe, duplicate_key, similarity
from cards.schema import CardDraft, CardKind
from cards.text import normalize
from documents.model import SourceRef

REF = SourceRef(page=1)


def basic(front: str, back: str) -> CardDraft:
    return CardDraft(CardKind.BASIC, front, back, REF)


def test_exact_key_ignores_case_tags_and_spacing() -> None:
    assert duplicate_key("What is <b>DNA</b>?", "Deoxyribonucleic  acid") == duplicate_key(
        "what is dna?", "DEOXYRIBONUCLEIC ACID"
    )
    assert duplicate_key("What is DNA?", "a") != duplicate_key("What is DNA?", "b")


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


BACK = "Types and borrowing rules"
BASE = basic("What does the compiler check before a program runs?", BACK)
JUST_OVER = basic("What does a compiler check before a program executes?", BACK)
JUST_UNDER = basic("What does a compiler validate before a program runs?", BACK)
FURTHER = basic("What does the compiler check prior to a program running?", BACK)


def front_score(a: CardDraft, b: CardDraft) -> float:
    return fuzz.token_set_ratio(normalize(a.front), normalize(b.front), processor=utils.default_process)


def test_default_threshold_boundary() -> None:
    assert DEFAULT_THRESHOLD <= front_score(BASE, JUST_OVER) < DEFAULT_THRESHOLD + 1
    assert DEFAULT_THRESHOLD - 1 < front_score(BASE, JUST_UNDER) < DEFAULT_THRESHOLD
    assert dedupe([BASE, JUST_OVER]) == [BASE]
    assert dedupe([BASE, JUST_UNDER]) == [BASE, JUST_UNDER]


def test_non_default_threshold() -> None:
    assert 85 <= front_score(BASE, FURTHER) < DEFAULT_THRESHOLD - 1
    assert dedupe([BASE, JUST_UNDER, FURTHER], threshold=85) == [BASE]
    assert dedupe([BASE, JUST_UNDER, FURTHER]) == [BASE, JUST_UNDER, FURTHER]
    assert dedupe([BASE, JUST_OVER], threshold=95) == [BASE, JUST_OVER]
    assert count_duplicates([BASE, JUST_OVER, JUST_UNDER], threshold=85) == 2


def test_a_qualifier_that_changes_the_fact_is_not_a_duplicate() -> None:
    starch = basic("What enzyme breaks down starch?", "Amylase")
    mouth = basic("What enzyme breaks down starch in the mouth?", "Salivary amylase")
    # each side of one card holds the other's words: a subset-only score would say 100
    assert fuzz.token_set_ratio("amylase", "salivary amylase") == 100
    assert similarity("amylase", "salivary amylase") < DEFAULT_THRESHOLD
    assert dedupe([starch, mouth]) == [starch, mouth]
    assert dedupe([starch, mouth], threshold=70) == [starch, mouth]
    # the same qualifier with the same answer is the same card
    assert dedupe([starch, basic("What enzyme breaks down starch in the mouth?", "amylase")]) == [starch]


def test_long_answers_still_compared_as_word_sets() -> None:
    a = basic("What is ownership in Rust?", "A set of rules that govern how a Rust program manages memory")
    b = basic("What is ownership?", "a set of rules that govern how a program manages memory in Rust.")
    assert dedupe([a, b]) == [a]


def test_questions_about_different_named_things_kept() -> None:
    # Two events of one class: the shorter answer is a subset of the longer, still two facts.
    cards = [
        basic(
            "In node:child_process, when is the ChildProcess 'close' event emitted?",
            "After a process has ended and the stdio streams of a child process have been closed",
        ),
        basic(
            "In node:child_process, when is the ChildProcess 'exit' event emitted?",
            "After the child process ends",
        ),
        basic("In Rust, what does the `borrow` method return?", "The smart pointer type Ref<T>"),
        basic("In Rust, what does the `borrow_mut` method return?", "The smart pointer type RefMut<T>"),
    ]
    assert len(dedupe(cards)) == 4
    # The same name asked twice is still one card.
    again = basic(
        "In node:child_process, when is the ChildProcess 'exit' event emitted?",
        "After the child process ends.",
    )
    assert len(dedupe([cards[1], again])) == 1
