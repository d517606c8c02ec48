"""Who a story's characters are, where the story introduces them (text written for the tests)."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import GenerationOptions
from documents.model import Chunk, Section, SourceRef

# A story's scenes: people told of in the third person who ask and exclaim.
_EN_SCENES = "She walked along the quay, and he followed her. Would the boats come back? He hoped so! " * 12
_FR_SCENES = "Elle marche sur le quai, et il la suit. Les bateaux vont-ils revenir? Il l’espère! " * 12


def _who_is(*paragraphs: str, language: str, title: str | None = None, scenes: str = "") -> dict[str, str]:
    texts = (*paragraphs, scenes) if scenes else paragraphs
    sections = tuple(Section(p, SourceRef(paragraph=n)) for n, p in enumerate(texts, 1))
    chunk = Chunk(index=0, sections=sections, heading=(), title=title)
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=40), language=language)
    return {c.front: c.back for c in cards if "who " in c.front.casefold() or "qui est" in c.front.casefold()}


def test_a_character_is_asked_where_the_story_introduces_them() -> None:
    cards = _who_is(
        "Rose, la bonne, est en train de peler des pommes. «Merci, dit Rose.»",
        "Deux enfants entrent. L’autre, c’est Henriette, une petite fille de huit ans, je pense.",
        "«Bonjour, dit aussi Henriette.»",
        language="fr",
        scenes=_FR_SCENES,
    )
    assert cards == {"Qui est Rose ?": "La bonne", "Qui est Henriette ?": "Une petite fille de huit ans"}


def test_the_book_is_named_when_the_document_has_a_title_and_one_fact_makes_one_card() -> None:
    cards = _who_is(
        "Marthe, la fille du passeur, traverse la rivière à l’aube. Puis vient Marthe.",
        language="fr",
        title="La Marée",
        scenes=_FR_SCENES,
    )
    assert cards == {"Dans « La Marée », qui est Marthe ?": "La fille du passeur"}
    english = _who_is(
        "Martha, the ferryman's daughter, rowed across the river at dawn. Then came Martha again.",
        language="en",
        title="The Tide Clock",
        scenes=_EN_SCENES,
    )
    assert list(english.values()) == ["The ferryman's daughter"]  # asked once, not by two extractors


def test_no_card_for_a_role_played_later_an_opening_word_a_list_or_an_exposition() -> None:
    story = _who_is(
        "Jean joue avec Marie. Puis Jean, le docteur, va partir, dit Marie.",  # a role in a game, later
        "Heureusement, la porte s’ouvre et Marie voit entrer Louis.",  # an adverb, not a name
        "Paul, un Lory et un Aigle, arrivent, dit Marie.",  # a list
        language="fr",
        scenes=_FR_SCENES,
    )
    assert story == {}
    exposition = _who_is(
        "Martha, the ferry company's first owner, bought three boats in 1902. The company, "
        "founded by Martha, still runs the crossing and carries 40,000 passengers a year.",
        language="en",
    )
    assert exposition == {}
