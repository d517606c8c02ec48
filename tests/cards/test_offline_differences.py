"""How one named thing differs from another: "Unlike X, S …" → "How does S differ from X?"."""

from __future__ import annotations

from cards.offline import differences
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(differences.difference, text)}


def test_unlike_names_both_sides_and_answers_with_the_subject() -> None:
    cards = _cards(
        "Unlike submodules, subtrees do not need any special constructions (like .gitmodules files) be "
        "present in your repository, and do not force end-users to do anything special. "
        "Tuple structs, unlike ordinary tuples, have a name that gives the whole tuple meaning. "
        "Unlike the clavichord, the harpsichord plucked its strings with quills."
    )
    assert cards == {
        "How do subtrees differ from submodules?": (
            "Subtrees do not need any special constructions (like .gitmodules files) be present in your "
            "repository"
        ),
        "How do tuple structs differ from ordinary tuples?": (
            "Tuple structs have a name that gives the whole tuple meaning"
        ),
        "How did the harpsichord differ from the clavichord?": (
            "The harpsichord plucked its strings with quills"
        ),
    }


def test_differs_in_that_says_the_subject_again_and_keeps_code_as_written() -> None:
    cards = _cards(
        "The German minnesingers differed from the French troubadours in that they themselves accompanied "
        "their songs on the viol, instead of employing jongleurs. "
        "Unlike the exec(3) POSIX system call, child_process.exec() does not replace the existing process."
    )
    assert cards == {
        "How did the German minnesingers differ from the French troubadours?": (
            "The German minnesingers themselves accompanied their songs on the viol, "
            "instead of employing jongleurs"
        ),
        "How does child_process.exec() differ from the exec(3) POSIX system call?": (
            "child_process.exec() does not replace the existing process"
        ),
    }


def test_no_difference_from_a_pointer_the_reader_or_nothing_specific() -> None:
    cards = _cards(
        "Unlike this, the second one is faster. "  # a pointer
        "Unlike the others, the mallard feeds at night. "  # which others?
        "Unlike most languages, you can write Rust without a garbage collector. "  # the reader
        "Unlike with tuples, in a struct you name each piece. "  # no subject
        "Unlike the old house, the new house has a garden. "  # nothing specific, no context
        "Unlike EventEmitter, any given listener can be registered once per event type. "  # of what?
        "The first method differs from the second in that the former is faster."  # pointers
    )
    assert cards == {}


def test_a_difference_of_common_words_carries_its_section() -> None:
    kept = kept_cards(
        "Unlike a pointer, a reference is guaranteed to point to a valid value of a particular type.",
        SourceRef(page=1, heading=("References and Borrowing",)),
    )
    asked = {c.front: c.back for c in kept}
    assert asked["In References and Borrowing, how does a reference differ from a pointer?"] == (
        "A reference is guaranteed to point to a valid value of a particular type"
    )


def test_in_contrast_to_and_contrary_to_are_differences_too() -> None:
    cards = _cards(
        "In contrast to TCP, UDP does not guarantee delivery. "
        "The faux bourdon, contrary to the old organum, consisted of using only thirds and sixths. "
        "This system, contrary to the old organum, consisted of using only thirds."  # which system?
    )
    assert cards == {
        "How does UDP differ from TCP?": "UDP does not guarantee delivery",
        "How did the faux bourdon differ from the old organum?": (
            "The faux bourdon consisted of using only thirds and sixths"
        ),
    }
