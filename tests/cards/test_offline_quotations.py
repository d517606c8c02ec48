"""Who says a story's notable lines, when the text names the speaker beside them (text written for
the tests)."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import GenerationOptions
from documents.model import Chunk, Section, SourceRef

# Scenes of a story: people told of in the third person who ask and exclaim. The filler gives the
# chunk the length a quotation card needs (two per 1,000 words at most).
_FILLER = (
    "She walked along the quay with her basket, and he followed her slowly past the boats. "
    "The wind was cold, and Nell pulled her shawl closer while he looked at the grey sea. "
    "Would the boats come back before dark? He hoped so! "
) * 25


def _who_says(
    *paragraphs: str, title: str | None = None, language: str = "en", filler: str = _FILLER
) -> dict[str, str]:
    texts = (*paragraphs, filler) if filler else paragraphs
    sections = tuple(Section(p, SourceRef(paragraph=n)) for n, p in enumerate(texts, 1))
    chunk = Chunk(index=0, sections=sections, heading=(), title=title)
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=40), language=language)
    return {c.front: c.back for c in cards if "says “" in c.front or "dit «" in c.front}


def test_a_line_the_story_repeats_is_asked_with_its_speaker_and_the_book() -> None:
    cards = _who_says(
        '"Have you wound the tide lantern yet?" asked the Harbourmaster, frowning at Nell.',
        "Nell shook her head and ran down to the harbour, where the boats were rocking.",
        '"Where is my coat?" cried Nell. "Where is my coat?" cried Nell again, louder.',
        # said again without a tag: the line is the Ferryman's, and it is one the story repeats
        'The Ferryman kept shouting "Off with the lantern!" until dawn. '
        '"Off with the lantern!" the Ferryman roared.',
        title="The Tide Clock",
    )
    assert cards == {
        # her own line, said twice, however common its words
        "In “The Tide Clock”, who says “Where is my coat?”?": "Nell",
        "In “The Tide Clock”, who says “Off with the lantern!”?": "The Ferryman",
    }


def test_a_line_said_again_with_another_pronoun_is_the_same_line() -> None:
    cards = _who_says(
        'The Harbourmaster kept shouting, "Throw him overboard!" The sailors ran. '
        '"Throw her overboard!" the Harbourmaster roared at the cook.',
        title="The Tide Clock",
    )
    # one card for the two: the first found (a tag after the line) is asked
    assert cards == {"In “The Tide Clock”, who says “Throw her overboard!”?": "The Harbourmaster"}


def test_a_line_said_once_is_not_asked_however_rare_its_words() -> None:
    # a strict reader dropped 7 of the 9 such cards as trivia ("Hold your tongue!", "Not like cats!")
    cards = _who_says(
        '"Have you wound the tide lantern yet?" asked the Harbourmaster, frowning at Nell.',
        '"Hold your tongue!" said the Ferryman.',
        title="The Tide Clock",
    )
    assert cards == {}


def test_no_card_for_a_cut_line_a_pronoun_an_everyday_line_or_the_heros_single_line() -> None:
    cards = _who_says(
        '"I wish," said the Harbourmaster, "that the lighthouse had never been built!"',  # cut by the tag
        '"The barometer is falling fast!" she cried, and ran to the door.',  # who is she?
        '"Come on, then!" said the Harbourmaster.',  # an everyday line
        '"What a strange barnacle!" said Nell. Nell laughed, and Nell went home.',  # the hero, once
    )
    assert cards == {}


def test_no_quotation_card_outside_a_story() -> None:
    report = (
        "The harbour authority met on Monday to discuss the new breakwater and its cost. "
        "The committee approved a budget of 4 million euros for the first phase of the works. "
        "Construction is expected to start in the spring and to last two years. "
    ) * 8 + '"The breakwater will protect the fleet from the barometer\'s worst!" said the Harbourmaster.'
    assert _who_says(report, filler="") == {}


def test_a_french_line_is_asked_in_french() -> None:
    cards = _who_says(
        "«Bonjour, dit Louis en entrant dans la chambre.",
        "— Qui a réparé la girouette? demande le meunier.",
        "— Qui a réparé la girouette? demande encore le meunier.",
        "— Qui a si bien grimpé? demande Louis.",  # rare only by a verb's participle: no thing named
        "Il regarde le toit. Elle rit. Il rit aussi. «Oh! quel bonheur! crie Marie.",
        language="fr",
        filler="Elle marche sur le quai avec son panier, et il la suit lentement. Il pleut? Oui! " * 40,
    )
    assert cards == {"Qui dit « Qui a réparé la girouette? » ?": "Le meunier"}


def test_a_line_after_its_tag_is_given_to_the_sentences_subject_only() -> None:
    cards = _who_says(
        'At dawn, the Harbourmaster ran along the quay and shouted, "Who has stolen my barometer?"',
        'Nobody answered. "Who has stolen my barometer?"',
        # the subject, the Ferryman, is not who speaks: another name between leaves the line unasked
        'The Ferryman heard that the Harbourmaster said, "Mind the gangplank, my barnacle!"',
        'Nobody moved. "Mind the gangplank, my barnacle!"',
    )
    assert cards == {"Who says “Who has stolen my barometer?”?": "The Harbourmaster"}


def test_a_file_name_is_no_book_title() -> None:
    from cards.offline.quotations import book_title

    assert book_title("The Tide Clock") == "The Tide Clock"
    assert book_title("chapter_1") == ""
    assert book_title("tide-clock.doc") == ""
    assert book_title("Microsoft Word - The Tide Clock") == ""
    assert book_title(None) == ""
