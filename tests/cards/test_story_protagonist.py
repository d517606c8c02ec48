"""Whom "she" or "he" stands for when the story's protagonist is the only one of that sex in the
scene (:func:`cards.offline.story_people.protagonist`; passages written for the tests, after The
Secret Garden, Hansel and Gretel and Snow White)."""

from __future__ import annotations

from tests.cards.sample import story_cards

# A story's scenes: people told of in the third person who ask and exclaim.
_CHAPTER = "In chapter “The Wall”, "
# Mary is named most, and the text keeps calling her "she"; the Robin is "it".
_MARY = (
    "Mary walked down the long path, and she did not look back.",
    "The gate creaked, and Mary stopped because she heard a bird.",
    "The Robin hopped onto the wall and shook its feathers.",
    "Mary laughed at it, and her cheeks grew pink.",
    "Mary followed the wall until she came to the ivy.",
    "Mary pulled at the ivy with her hands.",
)


def _cards(*paragraphs: str) -> dict[str, str]:
    return story_cards("IX. The Wall", *paragraphs)


def test_she_is_the_protagonist_when_no_other_girl_or_woman_is_in_the_scene() -> None:
    cards = _cards(
        *_MARY,
        "The Robin flew over the wall, and the ivy swung back. She found herself in a long, low garden, "
        "where roses grew.",
    )
    assert cards[f"{_CHAPTER}where does Mary find herself?"] == "In a long, low garden"


def test_no_card_when_another_girl_or_a_woman_is_in_the_paragraph_or_the_sentence_before() -> None:
    two_girls = _cards(*_MARY, "Martha came out of the house. She found herself in a long, low garden.")
    queen = _cards(
        *_MARY,
        "The Queen was waiting by the ivy, and the Robin sang. She found herself in a long, low garden.",
    )
    sister = _cards(*_MARY, "Her sister ran ahead. She found herself in a long, low garden.")
    for cards in (two_girls, queen, sister):
        assert not [q for q in cards if "find herself" in q]


def test_a_boy_in_the_scene_leaves_she_to_the_girl_and_he_to_no_one() -> None:
    cards = _cards(
        *_MARY,
        "Dickon sat by the wall and he whistled to his fox.",
        "The fox ran off, and Dickon whistled again, and he laughed.",
        "Dickon waved. She found herself in a long, low garden.",
        "Mary ran to the wall. He found himself on a little hill.",
    )
    assert cards[f"{_CHAPTER}where does Mary find herself?"] == "In a long, low garden"
    assert not [q for q in cards if "find himself" in q]  # Mary is no "he"; Dickon is not the lead


def test_no_protagonist_when_two_characters_are_named_about_as_often() -> None:
    cards = _cards(
        *_MARY,
        *(f"The Robin sang on the wall and shook its wings, morning {n}." for n in ("one", "two", "three")),
        "The Robin flew off. She found herself in a long, low garden.",
    )
    assert not [q for q in cards if "find herself" in q]


def test_a_character_the_text_calls_it_is_no_he() -> None:
    cards = _cards(
        "The Reindeer came to the door, and it stamped its hoof. He took a little sledge out of the corner.",
    )
    assert f"{_CHAPTER}what does the Reindeer take out of the corner?" not in cards


def test_a_man_by_title_or_by_his_he_is_no_she() -> None:
    cards = _cards(
        *_MARY,
        "The Huntsman went back to the castle. She found herself in a long, low garden.",
    )
    assert cards[f"{_CHAPTER}where does Mary find herself?"] == "In a long, low garden"
    assert not [q for q in cards if "Huntsman" in q]


def test_a_two_word_name_opening_its_sentences_is_the_protagonist_not_someone_new() -> None:
    cards = _cards(
        "Rose Red walked down the long path, and she did not look back.",
        "The gate creaked, and Rose Red stopped because she heard a bird.",
        "Rose Red laughed, and her cheeks grew pink.",
        "Rose Red followed the wall until she came to the ivy.",
        "Rose Red pulled at the ivy with her hands.",
        "Rose Red ran on and on. The wind blew. She found herself in a long, low garden.",
    )
    assert cards[f"{_CHAPTER}where does Rose Red find herself?"] == "In a long, low garden"
