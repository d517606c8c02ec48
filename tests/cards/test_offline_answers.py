"""Answers of basic cards that read well: whole clauses, no pointers elsewhere, grammatical questions."""

from __future__ import annotations

from cards.offline import definitions, reasons, reference
from cards.offline.clean import trim_answer, without_cross_references
from cards.schema import CardKind
from documents.model import SourceRef

from .sample import drafted, kept_cards


def test_cross_references_leave_the_answer() -> None:
    assert trim_answer("To print the firing log. see Debugging Kilns section for more details.") == (
        "To print the firing log"
    )
    assert trim_answer("the cone reached by the kiln (see Section 4) at its hottest") == (
        "the cone reached by the kiln at its hottest"
    )
    assert trim_answer("a schedule of firings, as described below, kept by the controller") == (
        "a schedule of firings, kept by the controller"
    )
    assert trim_answer("the glaze colour; see the chart in Appendix B") == "the glaze colour"
    assert trim_answer("the glaze, for more details refer to the glaze chapter") == "the glaze"
    assert without_cross_references("the slowest firing (described in chapter 2)") == "the slowest firing"


def test_seeing_is_not_a_cross_reference() -> None:
    assert trim_answer("the pots you see through the spy hole") == "the pots you see through the spy hole"
    assert trim_answer("a kiln (a furnace for pottery) of brick") == "a kiln (a furnace for pottery) of brick"


LONG_NO_CLAUSE = (
    "there are essentially many different operations necessary to move the heavy pots from the cold shelf "
    "to the hot shelf of the large brick kiln without cracking any of them at all"
)


def test_a_long_answer_ends_at_a_clause_end_or_is_no_answer() -> None:
    assert trim_answer(LONG_NO_CLAUSE) == ""
    with_clause = (
        "a furnace that fires pottery at high heat; it is built of brick and lined with firebrick so that "
        "the heat stays inside the chamber for the many hours of the firing"
    )
    assert trim_answer(with_clause) == "a furnace that fires pottery at high heat"
    series = (
        "the bisque, the glaze, the stilts, the shelves, the posts, the cones, the plugs, the vents, "
        "the damper, the burners and the thermocouple of every kiln in the workshop"
    )
    assert trim_answer(series) == ""  # cut after "the bisque" the list would be incomplete


def test_an_enumeration_begun_after_a_dash_is_left_out() -> None:
    assert trim_answer("there are two different firings necessary -- the first is to harden the clay") == (
        "there are two different firings necessary"
    )
    assert trim_answer("two firings -- bisque and glaze") == "two firings -- bisque and glaze"


def test_a_cause_too_long_for_a_card_makes_no_card() -> None:
    sentence = f"Kiln shelves are coated with kiln wash because {LONG_NO_CLAUSE}."
    assert not drafted(reasons.because, sentence)
    short = "Kiln shelves are coated with kiln wash because molten glaze sticks to bare shelves."
    assert [c.back for c in drafted(reasons.because, short)] == [
        "Because molten glaze sticks to bare shelves"
    ]


def test_a_phrasal_verb_keeps_its_preposition_in_the_question() -> None:
    text = (
        "The firing module consists of the KilnConfig datatype, libkiln and the schedule parser. "
        "The firing module reads schedules from disk."
    )
    cards = drafted(reference.api_effect, text)
    fronts = {c.front: c.back for c in cards}
    assert (
        fronts["What does the firing module consist of?"]
        == "The KilnConfig datatype, libkiln and the schedule parser"
    )
    assert "What does the firing module consist?" not in fronts
    dashed = drafted(definitions.dash_definition, "Glazechart – consists of the colour charts of every glaze")
    assert [c.front for c in dashed] == ["What does Glazechart consist of?"]


def test_a_code_example_s_variable_is_no_card() -> None:
    example = "The variable s refers to a string literal that is hardcoded into the program."
    assert not drafted(definitions.definition, example)
    named = "Vitrification refers to the glassy state that clay reaches in the kiln."
    assert [c.front for c in drafted(definitions.definition, named)] == ["What does Vitrification refer to?"]


def test_kept_cards_carry_no_cross_reference() -> None:
    cards = kept_cards(
        "Kiln wash is used to protect the kiln shelves from dripping glaze. "
        "see Shelves section for more details.",
        SourceRef(page=1, heading=("Kiln manual", "Shelves")),
    )
    backs = [c.back for c in cards if c.kind is CardKind.BASIC]
    assert "To protect the kiln shelves from dripping glaze" in backs
    assert not [b for b in backs if "see" in b.casefold()]
