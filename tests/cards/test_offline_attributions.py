"""Whom or what a thing is credited to: "X is ascribed to Y", "X is due to Y", "X owes its Z to Y"."""

from __future__ import annotations

from cards.offline import attributions
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(attributions.attribution, text)}


def test_who_or_what_a_named_thing_is_credited_to() -> None:
    cards = _cards(
        "The use of dots for punctuation is also ascribed to Aristophanes; our dots come from it. "
        "The lyre is attributed to Hermes by Plutarch. "
        "The slowdown in the Node.js stream pipeline is due to backpressure from the slow consumer. "
        "The city of Florence owes its name to the Roman colony Florentia."
    )
    assert cards == {
        "Who is the use of dots for punctuation ascribed to?": "Aristophanes",
        "Who is the lyre attributed to?": "Hermes",
        "What is the slowdown in the Node.js stream pipeline due to?": "Backpressure from the slow consumer",
        "What does the city of Florence owe its name to?": "The Roman colony Florentia",
    }


def test_no_credit_of_a_pointer_or_of_nothing_specific_without_a_section() -> None:
    cards = _cards(
        "The invention of the latter is attributed to Sappho by Plutarch. "  # which one?
        "Much of this is due to the rhythm. "
        "The effect is due to the rhythm. "  # which effect? (no section to say)
        "This innovation has been ascribed to the Flemish singers."
    )
    assert cards == {}


def test_a_common_subject_carries_its_section_and_the_answer_stops_before_a_clause() -> None:
    kept = kept_cards(
        "The present shape of the bow is due to Tourte, a Paris maker, who experimented with Viotti.",
        SourceRef(page=1, heading=("Bowed Instruments",)),
    )
    asked = {c.front: c.back for c in kept}
    assert (
        asked["In Bowed Instruments, who is the present shape of the bow due to?"] == "Tourte, a Paris maker"
    )


def test_a_debt_stated_in_the_clause_after_for_but_not_a_belief_reported_with_that() -> None:
    cards = _cards(
        'And painting is not the only debtor, for sculpture owes its very "canon" to geometry. '
        "It was long held that architecture owes its proportions to music, but the claim is doubtful. "
        "The war was lost, for the army owed its loyalty to generals. "  # "the army": of which country?
        "Much was borrowed, for this style owes its colour to Venice."  # a pointer
    )
    assert cards == {
        'What does sculpture owe its very "canon" to?': "Geometry",
    }
