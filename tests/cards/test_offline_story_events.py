"""What a story's characters carry, bring out, are doing when first seen, and how high things are,
from narrated sentences (:mod:`cards.offline.story_events`; text written for the tests, after
Grimm's tales and Peter Pan)."""

from __future__ import annotations

from tests.cards.sample import story_cards

# A story's scenes: people told of in the third person who ask and exclaim.
_CHAPTER = "In chapter “The Mill”, "


def _cards(*paragraphs: str) -> dict[str, str]:
    return story_cards("II. The Mill", *paragraphs)


def test_what_a_character_carries_with_he_resolved_by_the_sentence_before() -> None:
    cards = _cards(
        "The guests sat down, and the Miller looked at the door. The first guest was the Baker. "
        "He came in with a basket of rolls in one hand and a jug of cider in the other.",
        "Then followed the Huntsman, carrying a silver horn on a leather strap.",
    )
    assert cards[f"{_CHAPTER}what does the Baker carry?"] == "A basket of rolls and a jug of cider"
    assert cards[f"{_CHAPTER}what does the Huntsman carry?"] == "A silver horn on a leather strap"


def test_no_card_when_he_could_be_either_of_two_characters() -> None:
    cards = _cards(
        "The Baker met the Huntsman at the door of the mill. "
        "He came in with a basket of rolls in one hand and a jug of cider in the other.",
    )
    assert not [q for q in cards if "carry" in q]


def test_no_card_from_a_line_of_dialogue() -> None:
    cards = _cards(
        '"I saw the Baker," said the Miller, "and he came in with a basket in one hand and a jug in the '
        'other!"',
    )
    assert not [q for q in cards if "carry" in q]


def test_a_new_thing_taken_out_is_asked_and_the_same_thing_again_is_not() -> None:
    cards = _cards(
        "At the gate the Wolf stopped, took a silver bell out of its pocket and rang it three times.",
        "Later the Wolf took the bell out of its bag again.",
    )
    assert cards[f"{_CHAPTER}what does the Wolf take out of its pocket?"] == "A silver bell"
    assert f"{_CHAPTER}what does the Wolf take out of its bag?" not in cards


def test_what_a_character_is_doing_when_first_named_only() -> None:
    cards = _cards(
        "The kitchen was dark; the Witch was standing by the oven, stirring a black kettle; the cat slept.",
        "In the evening the Witch was sitting by the window, knitting a long stocking.",
    )
    assert cards[f"{_CHAPTER}what is the Witch stirring?"] == "A black kettle"
    assert f"{_CHAPTER}what is the Witch knitting?" not in cards


def test_how_high_a_thing_is_and_a_characters_new_size_only_with_its_cause() -> None:
    cards = _cards(
        "Behind the curtain Gretel found a little gate about ten inches high.",
        "Gretel picked up the red apple and ate it. She was now only two feet high.",
        "She remembered the time when she was six feet high.",
    )
    assert cards[f"{_CHAPTER}how high is the little gate?"] == "About ten inches"
    assert cards[f"{_CHAPTER}how high is Gretel after eating the red apple?"] == "Two feet"
    assert f"{_CHAPTER}how high is Gretel?" not in cards


def test_what_things_turn_into_and_are_decked_with() -> None:
    cards = _cards(
        "At midnight the pumpkin turned into a golden coach, and the mice were all turning into horses.",
        "She touched it with her wand, and the lizard was instantly turned into a footman.",
        "On the third morning the children came to a little cottage. It was built of bread and covered with "
        "cakes.",
        "First came the twelve pages; these were ornamented all over with pearls.",
    )
    assert cards[f"{_CHAPTER}what did the pumpkin turn into?"] == "A golden coach"
    assert cards[f"{_CHAPTER}what did the lizard turn into?"] == "A footman"
    assert cards[f"{_CHAPTER}what was the little cottage covered with?"] == "Cakes"
    assert cards[f"{_CHAPTER}what were the twelve pages ornamented with?"] == "Pearls"


def test_a_role_what_a_character_wears_and_the_only_thing_on_a_table() -> None:
    cards = _cards(
        "The Miller sat down. The judge, by the way, was the Miller and he wore a red cap over his grey "
        "hair.",
        '"Silence!" said the Miller. The day was Sunday, and the bells rang in Upton.',
        "In the hall the Miller came upon a little stool, all made of oak. There was nothing on it but a "
        "silver thimble.",
    )
    assert cards[f"{_CHAPTER}who was the judge?"] == "The Miller"
    assert f"{_CHAPTER}who was the day?" not in cards  # Sunday says nothing: no character
    assert cards[f"{_CHAPTER}what does the Miller wear?"] == "A red cap over his grey hair"
    assert cards[f"{_CHAPTER}what was the only thing on the little stool?"] == "A silver thimble"


def test_she_after_someone_unnamed_or_a_possessive_is_no_one() -> None:
    cards = _cards(
        # the maid the sentence brings in is "she" (test_she_after_a_sentence_bringing_in_someone_by_role …);
        # brought in otherwise, which of the two "she" is cannot be told
        "The Queen called the next witness. Then the Queen's maid stood up. She carried a basket.",
        "The Miller looked at the door. A little girl came in. She carried a jug of milk.",
        "The Badger sat by the fire. His housekeeper brought in a lamp. She carried a big brown teapot.",
        "She ran after it, but the Fox was gone. She carried a lantern in her hand.",
    )
    assert not [q for q in cards if "carry" in q]


def test_where_a_character_finds_themself_once_in_a_chapter() -> None:
    cards = _cards(
        "The Witch called after Gretel and Hansel.",
        "Gretel ran and ran, and at last she found herself in a little clearing, where a fire burned.",
        "Hansel walked on alone. Soon he found himself in a dark cave. Later he found himself on a hill.",
    )
    assert cards[f"{_CHAPTER}where does Gretel find herself at last?"] == "In a little clearing"
    assert not [q for q in cards if "Hansel find" in q]  # twice in the chapter: which one?


def test_a_thing_taken_from_under_an_arm_and_what_stands_in_the_middle() -> None:
    cards = _cards(
        "At the gate stood the Huntsman. The Huntsman began by producing from under his arm a great horn.",
        "In the very middle of the hall was a table, with a golden goose upon it.",
        "After these came the pages; there were six of them, all ornamented with pearls.",
    )
    assert cards[f"{_CHAPTER}what does the Huntsman take from under his arm?"] == "A great horn"
    assert (
        cards[f"{_CHAPTER}what was in the very middle of the hall?"] == "A table, with a golden goose upon it"
    )
    assert cards[f"{_CHAPTER}what were the pages ornamented with?"] == "Pearls"


def test_what_a_character_finds_in_the_thing_just_brought_in() -> None:
    cards = _cards(
        "The Miller looked at the door.",
        "Then he saw a little oak chest under the bench: he opened it and found in it a silver key.",
    )
    assert cards[f"{_CHAPTER}what does the Miller find in the little oak chest?"] == "A silver key"


def test_what_someone_named_by_role_is_doing_when_first_seen() -> None:
    cards = _cards(
        "The door led into a kitchen: the Witch was sitting by the window; the cook was leaning over the "
        "fire, stirring a large kettle which seemed to be full of soup.",
        "Later the cook was standing by the door, holding a ladle.",
    )
    assert cards[f"{_CHAPTER}what is the cook stirring?"] == "A large kettle"
    assert f"{_CHAPTER}what is the cook holding?" not in cards


# Gretel is the one the narration keeps naming and calling "she".
_GRETEL = (
    "Gretel walked to the table, and she looked at the jar.",
    "The clock struck, and Gretel turned because she heard a step.",
    "Gretel laughed, and her cheeks grew pink.",
    "Gretel waited until she heard the door.",
    "Gretel sat by the fire with her hands in her lap.",
)


def test_a_new_size_finds_its_cause_past_lines_of_dialogue() -> None:
    cards = _cards(
        *_GRETEL,
        "So Gretel set to work and very soon finished off the cake.",
        '"Curiouser!" cried Gretel (she quite forgot how to speak good English). "Now I am opening out!" '
        '"Good-bye, feet!" "Oh dear, oh dear!"',
        "Just then her head struck against the roof; in fact, she was now more than nine feet high.",
    )
    assert cards[f"{_CHAPTER}how high is Gretel after finishing off the cake?"] == "More than nine feet"


def test_a_new_size_finds_its_cause_at_the_end_of_the_chunk_before() -> None:
    before = "She looked at the cake for a while. So Gretel set to work and very soon finished off the cake."
    cards = story_cards(
        "II. The Mill",
        "Just then her head struck against the roof; in fact, she was now more than nine feet high.",
        *_GRETEL,
        lead_in=before,
    )
    assert cards[f"{_CHAPTER}how high is Gretel after finishing off the cake?"] == "More than nine feet"


def test_where_a_thing_the_chunk_named_leads() -> None:
    cards = _cards(
        "Behind the hedge Gretel found a little gate. Gretel opened the gate and found that it led into a "
        "small yard, not much larger than a stable.",
    )
    assert (
        cards[f"{_CHAPTER}where does the little gate lead?"]
        == "Into a small yard, not much larger than a stable"
    )
    two = _cards(
        "Gretel saw a little gate and the garden gate. Gretel opened the gate and found that it led into a "
        "small yard.",
    )
    assert not [q for q in two if "lead?" in q]  # which gate?


def test_she_after_a_sentence_bringing_in_someone_by_role_is_that_one() -> None:
    cards = _cards(
        "The Miller called the next witness. The next witness was the Queen's cook. "
        "She carried a copper ladle in her hand and the guests began to laugh.",
        "The last witness was the Baker's page. She carried a basket of eggs on her arm.",  # a page: no she
    )
    assert cards[f"{_CHAPTER}what does the Queen's cook carry?"] == "A copper ladle"
    assert not [q for q in cards if "eggs" in cards[q] or "page" in q]


def test_she_is_no_one_after_someone_of_her_sex_by_role_or_a_two_letter_name() -> None:
    # Grimm's Hansel and Gretel and Little Women: the witch, or Jo, may be "she" as well
    cards = _cards(
        "The Baker watched Gretel and Meg and Amy.",
        "Gretel met the witch at the oven. She carried a basket of eggs.",
        "Gretel met the witch and she carried a jug of milk.",
        "Jo threw a cushion at Meg. She carried a bundle of letters.",
        "The first guest was Amy. She came in with a rose in one hand and a fan in the other.",
    )
    assert not [q for q in cards if "eggs" in cards[q] or "milk" in cards[q] or "letters" in cards[q]]
    assert cards[f"{_CHAPTER}what does Amy carry?"] == "A rose and a fan"  # the role is Amy's own
