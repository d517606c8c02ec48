"""A cause stated as "The reason X is Y is that Z" is a why-question like "X is Y because Z"."""

from __future__ import annotations

from cards.schema import CardKind
from documents.model import SourceRef

from .sample import kept_cards


def _asked(text: str) -> dict[str, str]:
    return {c.front: c.back for c in kept_cards(text, SourceRef(page=1)) if c.kind is CardKind.BASIC}


def test_the_reason_is_that_is_a_why_question() -> None:
    asked = _asked(
        "The reason the glaze_cycle routine is limited to one firing is that it resets the cone table "
        "at the end of every run."
    )
    assert asked["Why is the glaze_cycle routine limited to one firing?"] == (
        "Because it resets the cone table at the end of every run"
    )


def test_no_why_question_when_the_reason_is_only_announced() -> None:
    asked = _asked(
        "The reason the glaze_cycle routine is limited to one firing is explained in the next chapter. "
        "The reason is that it resets the cone table at the end of every run."
    )
    assert not [q for q in asked if q.startswith("Why")]


def test_a_state_said_to_hold_under_a_condition_is_a_when_question() -> None:
    asked = _asked(
        "A mutex is said to be poisoned if a thread panics while it holds the lock. "
        "Every mutex guards one value. A poisoned mutex still hands out its value on request."
    )
    assert asked["When is a mutex said to be poisoned?"] == "If a thread panics while it holds the lock"


def test_no_when_question_on_a_state_of_an_unnamed_thing() -> None:
    asked = _asked("The value is said to be ready when the worker has finished writing it to the buffer.")
    assert not [q for q in asked if q.startswith("When")]


def test_a_because_after_a_relative_clause_is_that_clauses_cause() -> None:
    # the code changed is why the examples do not work, not why nothing is worse than them
    asked = _asked(
        "Nothing is worse than examples that don't work because the code has changed since the "
        "documentation was written. Glazes are fired twice because the first firing drives out the water."
    )
    assert not [q for q in asked if "worse" in q], asked
    assert [q for q in asked if q.startswith("Why") and "fired twice" in q], asked  # its own cause stays


def test_a_that_after_a_verb_of_saying_opens_what_is_said() -> None:
    asked = _asked(
        "Grétry writes that he introduced lyric comedy on the stage because the public was tired of tragedy."
    )
    assert "Why does Grétry write that he introduced lyric comedy on the stage?" in asked, asked


def test_no_why_question_when_the_reason_happens_then() -> None:
    # Valgrind's manual: "Debugging will not work because GDB will then not be able to fetch the
    # registers" follows the sentence saying when: "In Valgrind, why will debugging not work?" asks
    # what the card does not say
    asked = _asked(
        "Some kilns are started without the controller. Firing will not stop because the kiln will then "
        "not be able to read the cone table."
    )
    assert not [q for q in asked if q.startswith("Why")], asked
    asked = _asked("The kiln will not fire if the door is open because the burners will then be locked out.")
    assert [q for q in asked if q.startswith("Why")], asked


def test_an_adjective_and_a_plural_noun_are_the_subject_not_a_verb() -> None:
    # "types" was read as the verb: "Why does recursive type pose an issue?"
    asked = _asked(
        "Recursive types pose an issue because the compiler needs to know at compile time how much "
        "space a type takes up."
    )
    assert asked.get("Why do recursive types pose an issue?") == (
        "Because the compiler needs to know at compile time how much space a type takes up"
    ), asked
    asked = _asked(
        "Mutable class variables pose a problem because every instance changes the same shared object."
    )
    assert "Why do mutable class variables pose a problem?" in asked, asked
