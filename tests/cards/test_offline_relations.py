"""How a thing relates to others: confused with, a word's origin, an expression's meaning, a rank."""

from __future__ import annotations

from cards.schema import CardKind
from documents.model import SourceRef

from .sample import kept_cards


def _asked(text: str, heading: tuple[str, ...] = ("Otter", "Description")) -> dict[str, str]:
    return {c.front: c.back for c in kept_cards(text, SourceRef(heading=heading)) if c.kind is CardKind.BASIC}


def test_what_a_thing_is_confused_with() -> None:
    asked = _asked("Otters are often confused with minks and beavers, which also swim in rivers.")
    assert asked["What are otters often confused with?"] == "Minks and beavers, which also swim in rivers"


def test_no_confusion_question_on_a_subject_that_names_nothing() -> None:
    # "The animals" could be any animals: the question would not say which (the title is Otter)
    asked = _asked("The animals are often confused with minks and beavers, which also swim in rivers.")
    assert not [q for q in asked if "confused" in q]


def test_what_an_expression_means() -> None:
    asked = _asked(
        'Because otters float on their backs while they eat, "an otter lunch" has come to mean "a lazy meal".'
    )
    assert asked["What does “otter lunch” mean?"] == "A lazy meal"


def test_no_meaning_question_on_a_single_quoted_word() -> None:
    # one word's meaning is a definition (drafted elsewhere, on the glossary's terms), not an expression
    asked = _asked('In some dialects, "holt" has come to mean "a den dug into a river bank".')
    assert not [q for q in asked if q.startswith("What does “")]


def test_to_which_rank_a_group_belongs() -> None:
    asked = _asked("All otters belong to the biological subfamily Lutrinae, with thirteen living species.")
    assert asked["To which biological subfamily do all otters belong?"] == "Lutrinae"


def test_no_rank_question_on_a_pronoun() -> None:
    asked = _asked("They belong to the subfamily Lutrinae, with about thirteen living species.")
    assert not [q for q in asked if "belong" in q]


def test_the_exception_to_all_but() -> None:
    asked = _asked(
        "On land, adult otters are safe from all but a few hunters such as wolves and the golden eagle, "
        "which takes the young."
    )
    q = "On land, adult otters are safe from all hunters except which?"
    assert asked[q] == "A few such as wolves and the golden eagle"


def test_no_exception_question_when_the_sentence_leans_on_another() -> None:
    asked = _asked("They are safe from all but a few hunters such as wolves and the golden eagle, on land.")
    assert not [q for q in asked if q.endswith("except which?")]


def test_what_the_aim_of_a_thing_is() -> None:
    asked = _asked("The aim of the otter reintroduction scheme is to restore otters to every river in Wales.")
    assert (
        asked["What is the aim of the otter reintroduction scheme?"]
        == "To restore otters to every river in Wales"
    )


def test_no_aim_question_when_the_thing_points_back() -> None:
    asked = _asked("The aim of this scheme is to restore otters to every river in Wales.")
    assert not [q for q in asked if q.startswith("What is the aim")]
