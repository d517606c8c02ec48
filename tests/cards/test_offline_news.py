"""A news report's facts with their subject named: a toll, a first, what was said, who holds a post."""

from __future__ import annotations

from cards.schema import CardKind
from documents.model import SourceRef

from .sample import kept_cards


def _asked(text: str) -> dict[str, str]:
    return {
        c.front: c.back
        for c in kept_cards(text, SourceRef(heading=("Storm hits the coast",)))
        if c.kind is CardKind.BASIC
    }


def test_how_many_an_event_killed() -> None:
    asked = _asked(
        "Early on Monday, a ferry capsized off the coast of Sulawesi, killing twelve passengers "
        "and injuring dozens of others."
    )
    q = "How many passengers were killed when a ferry capsized off the coast of Sulawesi?"
    assert asked[q] == "Twelve"


def test_no_toll_question_when_the_event_names_nothing() -> None:
    # "a car hit a wall": which car, where? The question would not say what it is about.
    asked = _asked("On Monday, a car hit a wall in the town, killing two people and injuring several others.")
    assert not [q for q in asked if q.startswith("How many")]


def test_how_many_people_were_counted_in_a_passive_sentence() -> None:
    asked = _asked("After fourteen fishermen were rescued off Tasmania in March, the navy ended its search.")
    assert asked["How many fishermen were rescued off Tasmania in March?"] == "Fourteen"


def test_who_was_the_first() -> None:
    asked = _asked(
        "Angela Merkel was chosen in 2005. Mrs Merkel became the first woman to lead the Christian "
        "Democratic Union when the party met in Essen."
    )
    # the answer names her in full, as the text first does
    assert asked["Who became the first woman to lead the Christian Democratic Union?"] == "Angela Merkel"


def test_no_first_question_on_a_pronoun() -> None:
    asked = _asked(
        "She became the first woman to lead the Christian Democratic Union when the party met in Essen."
    )
    assert not [q for q in asked if "the first" in q]


def test_what_someone_said_reduced_to_its_fact() -> None:
    asked = _asked(
        "Prime Minister Jacinda Ardern has said that the housing shortage is the biggest problem facing "
        "New Zealand families."
    )
    q = "According to Prime Minister Jacinda Ardern, what is the biggest problem facing New Zealand families?"
    assert asked[q] == "The housing shortage"


def test_no_reported_question_when_what_was_said_is_a_pronoun() -> None:
    asked = _asked(
        "Prime Minister Jacinda Ardern has said that it is the biggest problem facing New Zealand families."
    )
    assert not [q for q in asked if q.startswith("According to")]


def test_who_holds_a_post() -> None:
    asked = _asked(
        "The storm was the worst in decades, the Met Office's chief forecaster Frank Saunders told reporters."
    )
    assert asked["Who is the Met Office’s chief forecaster?"] == "Frank Saunders"


def test_no_post_question_without_a_name() -> None:
    asked = _asked(
        "The storm was the worst in decades, the Met Office's chief forecaster told reporters on Monday."
    )
    assert not [q for q in asked if q.startswith("Who is")]


def test_how_many_things_a_sentence_opens_with() -> None:
    asked = _asked("About 40 million sandbags are filled each winter along the Dutch coast.")
    assert asked["How many sandbags are filled each winter along the Dutch coast?"] == "About 40 million"


def test_no_count_question_when_the_counted_thing_names_nothing() -> None:
    asked = _asked("About 40 million things are done each winter by the people there.")
    assert not [q for q in asked if q.startswith("How many")]
