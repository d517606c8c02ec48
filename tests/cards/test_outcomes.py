"""What an empty deck says (cards.outcome) and how big a default deck is (cards.budget)."""

from __future__ import annotations

import pytest

from cards.budget import (
    DOCUMENT_SIZE,
    EXPLICIT,
    MIN_DEFAULT_CARDS,
    default_max_cards,
    requested_options,
    resolve_options,
)
from cards.outcome import SHORT_SECTION_WORDS, RunTally, no_cards_error


@pytest.mark.parametrize(
    ("texts", "drafted", "reason", "words_in_detail"),
    [
        (["", "  "], 0, "no_text", "No text"),
        (["mitochondria, ribosomes", "to do"], 0, "sections_too_short", "too short"),
        (["word " * 40], 7, "nothing_passed", "none passed the quality checks"),
        (["word " * 40], 0, "nothing_drafted", "Nothing in the document's 40 words"),
    ],
)
def test_no_cards_says_why(texts, drafted, reason, words_in_detail) -> None:
    tally = RunTally.of_texts(texts)
    tally.drafted = drafted
    error = no_cards_error(tally)
    assert error.code == "no_cards" and error.status == 422
    assert error.extra["reason"] == reason
    assert words_in_detail in error.detail and error.hint
    assert "\n" not in error.one_line()


def test_a_section_of_the_short_limit_is_not_too_short() -> None:
    tally = RunTally(section_words=[SHORT_SECTION_WORDS, 3])
    assert no_cards_error(tally).extra["reason"] == "nothing_drafted"


def test_default_deck_size_follows_the_words_within_its_bounds() -> None:
    assert default_max_cards(140_000, 10, 1000) == 1000  # a long book: at MAX_CARDS_LIMIT
    assert default_max_cards(42_000, 10, 1000) == 420
    assert default_max_cards(42_001, 10, 1000) == 421  # rounded up
    assert default_max_cards(300, 10, 1000) == MIN_DEFAULT_CARDS  # a page of notes
    assert default_max_cards(20_000, 5, 50) == 50


def test_options_record_what_was_used_and_why() -> None:
    explicit = resolve_options({"title": "t", **requested_options(25)}, 90_000, 10, 1000)
    assert explicit == {"title": "t", "max_cards": 25, "max_cards_basis": EXPLICIT, "document_words": 90_000}
    sized = resolve_options({"title": "t", **requested_options(None)}, 9_000, 10, 1000)
    assert sized == {
        "title": "t",
        "max_cards": 90,
        "max_cards_basis": DOCUMENT_SIZE,
        "document_words": 9_000,
        "cards_per_1k_words": 10,
    }
    # A job stored before the basis existed, with a number: explicit, kept as it was.
    assert resolve_options({"max_cards": 100}, 9_000, 10, 1000)["max_cards"] == 100
    # Resolving again (a retried job) changes nothing.
    assert resolve_options(sized, 9_000, 10, 1000) == sized
