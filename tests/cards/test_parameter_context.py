"""A card on a function's parameter names the function its section's heading declares
(cards.parameter_context, gate rule Q7; the offline condition question names it)."""

from __future__ import annotations

from cards.parameter_context import signature, unnamed_function
from cards.quality import check_self_contained
from cards.schema import CardDraft, CardKind
from documents.model import SourceRef

from .sample import kept_cards

HEADING = ("Kiln API", "kiln.fire(load, hours)")
TEXT = (
    "The kiln.fire() method starts a firing of the given load. "
    "If hours is not a whole number, the firing is refused with a RangeError."
)


def test_a_signature_heading_declares_its_function_and_parameters() -> None:
    assert signature(HEADING) == ("kiln.fire", frozenset({"load", "hours"}))
    assert signature(("Kiln API", "Firing a load")) is None
    assert signature(("Kiln API", "kiln.stop()")) is None  # no parameter to lose


def test_a_card_on_a_parameter_without_its_function_is_not_self_contained() -> None:
    front = "What happens if hours is not a whole number?"
    assert "hours" in unnamed_function(front, HEADING)
    card = CardDraft(
        CardKind.BASIC, front, "The firing is refused with a RangeError", SourceRef(page=1, heading=HEADING)
    )
    assert not check_self_contained(card, "en")[0]
    # naming the function, or a heading that declares none, is fine
    assert unnamed_function("In kiln.fire(), what happens if hours is not a whole number?", HEADING) == ""
    assert unnamed_function(front, ("Kiln API", "Firing a load")) == ""
    assert (
        unnamed_function("What happens if the load is too heavy for the shelf?", ("API", "kiln.fire(hours)"))
        == ""
    )


def test_the_condition_question_names_the_function_of_its_section() -> None:
    fronts = {c.front: c.back for c in kept_cards(TEXT, SourceRef(page=1, heading=HEADING))}
    assert fronts.get("In kiln.fire(), what happens if hours is not a whole number?") == (
        "The firing is refused with a RangeError"
    )
    assert not [f for f in fronts if f.startswith("What happens if hours")]
