"""A short name on a question in the fullest form the text gives: "Gregory" → "Gregory the Great"."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.name_forms import fuller_forms, name_forms
from cards.offline.subject import with_domain
from cards.schema import GenerationOptions
from documents.model import Chunk, Section, SourceRef, chunk_from_payload, chunk_to_payload

OPTIONS = GenerationOptions(max_cards=50)

# A history of our own: the man is named in full in one chunk and by his short name in the next.
INTRO = (
    "The early church sang in many styles, and each city kept its own. "
    "Almost two centuries after Ambrose, Gregory the Great added four more modes to the chant. "
    "These modes were called the plagal modes, and they lay a fourth below the older ones."
)
REFORM = (
    "The singing of the church had by then become a display of skill for its own sake. "
    "This was the state of things when Gregory became Pope in 590 A.D. "
    "Gregory (540-604 A.D.) gathered the chants of the church into one book. "
    "His great reform lay in severing the connection between the music of the church and that of the "
    "pagan world."
)


def _chunks(*texts: str) -> list[Chunk]:
    return [
        Chunk(i, (Section(t, SourceRef(heading=("The Early Church",))),), heading=("The Early Church",))
        for i, t in enumerate(texts)
    ]


def _fronts(chunks: list[Chunk], index: int) -> list[str]:
    named = with_domain(chunks, "en")
    cards = generate_cards(named[index], OPTIONS, None, language="en", density_per_1k=100).cards
    return [c.front for c in cards]


def test_a_short_name_takes_the_full_name_an_earlier_chunk_gives() -> None:
    fronts = _fronts(_chunks(INTRO, REFORM), 1)
    assert "When did Gregory the Great live?" in fronts, fronts
    assert "When did Gregory live?" not in fronts, fronts


def test_two_men_of_the_name_leave_the_short_name() -> None:
    # "Gregory XI" too: which Gregory the chunk means is not the card's to guess
    later = INTRO + " Eight centuries later, Pope Gregory XI brought the papal choir back to Rome."
    fronts = _fronts(_chunks(later, REFORM), 1)
    assert "When did Gregory live?" in fronts, fronts


def test_fuller_forms() -> None:
    text = (
        "Bach was born in Eisenach, and his great grandfather, Veit Bach, was a baker. "
        "Georges Bizet was born in Paris; Bizet studied with Halévy. "
        "Upper Egypt lay to the south of the upper river."
    )
    forms = name_forms(text)
    assert "Veit Bach" not in forms  # the short name came first: another man of the family
    assert "Upper Egypt" not in forms  # a word the text writes in lower case
    assert fuller_forms("Bizet", forms) == {"Georges Bizet"}
    assert fuller_forms("Gregory", ["Pope Gregory", "Gregory the Great"]) == {"Gregory the Great"}
    assert fuller_forms("Wolf", name_forms("Later the Wolf took the bell.")) == set()  # no epithet of "Later"


def test_the_names_travel_in_the_chunks_payload() -> None:
    chunk = with_domain(_chunks(INTRO, REFORM), "en")[1]
    assert "Gregory the Great" in chunk.names_before
    assert chunk_from_payload(1, chunk_to_payload(chunk)).names_before == chunk.names_before
