"""A named person's teachers and posts: "X was a pupil of Y", "X studied with Y", "X was appointed Y"."""

from __future__ import annotations

from cards.offline import careers
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(careers.career, text)}


def test_teachers_and_posts_of_a_named_person() -> None:
    cards = _cards(
        "Cherubini was a pupil of Andreas Sarti, a celebrated contrapuntist and a disciple of the last "
        "of the Italian church composers. "
        "Charles Gounod was admitted to the Conservatoire at sixteen, and studied with Halévy and Lesueur. "
        "Liszt studied under Czerny in Vienna, where he met Beethoven. "
        "Auber was appointed director of the Paris Conservatoire, in 1842, in succession to Cherubini."
    )
    assert cards == {
        "Whose pupil was Cherubini?": "Andreas Sarti, a celebrated contrapuntist",
        "With whom did Charles Gounod study?": "Halévy and Lesueur",
        "Under whom did Liszt study?": "Czerny",  # the teacher's name, not where
        "To what post was Auber appointed in 1842?": "Director of the Paris Conservatoire",
    }


def test_no_career_of_a_pronoun_a_people_or_without_a_named_teacher() -> None:
    cards = _cards(
        "He was a pupil of Gluck. "  # who? (a biography's "he" is resolved before, not here)
        "The Greeks were pupils of the Egyptians. "
        "Bach studied with great care. "  # no teacher
        "Music was appointed the queen of the arts. "
        "Haydn was appointed to this post by the prince."  # which post?
    )
    assert cards == {}


def test_a_biography_he_is_asked_by_name_through_the_gate() -> None:
    kept = kept_cards(
        "Charles Gounod was born in 1818, in Paris. He studied with Halévy and Lesueur at the Conservatoire.",
        SourceRef(page=1, heading=("Opera",)),
    )
    asked = {c.front: c.back for c in kept}
    assert asked["With whom did Charles Gounod study?"] == "Halévy and Lesueur"
