"""What a story's characters throw, give out as prizes, had forgotten or had to do, and the cause the
story names (:mod:`cards.offline.story_deeds`; text written for the tests, after Grimm's tales and
Sleeping Beauty)."""

from __future__ import annotations

from tests.cards.sample import story_cards

_CHAPTER = "In chapter “The Witch's House”, "


def _cards(*paragraphs: str) -> dict[str, str]:
    return story_cards("IV. The Witch's House", *paragraphs)


def test_what_is_thrown_by_someone_named_by_role_or_by_the_speaker_at_the_one_other() -> None:
    cards = _cards(
        "Hansel picked up his cap. The kitchen was full of smoke; Gretel stood by the door.",
        "Just then the witch took the kettle off the fire, and at once began throwing all her spoons at "
        "the Prince and the cat.",
        "“Catch!” the Queen said to Gretel, flinging the golden apple at her as she spoke.",
    )
    assert cards[f"{_CHAPTER}what does the witch throw at the Prince and the cat?"] == "All her spoons"
    assert cards[f"{_CHAPTER}what does the Queen fling at Gretel?"] == "The golden apple"


def test_no_card_when_her_may_be_either_of_two_or_a_he() -> None:
    cards = _cards(
        "Hansel picked up his cap and his stick.",
        "“Catch!” the Queen said to Gretel and Lotte, flinging the golden apple at her as she spoke.",
        "“Catch!” the Queen said to Hansel, flinging the silver pear at her as she spoke.",
        "“Comb it!” the Queen said to Gretel, flinging the poisoned comb at her feet.",  # a place
        # the Queen, named between, is the one throwing, not the Princess
        "The Princess cried, and the Queen said to the Princess, throwing the ring at her as she passed.",
    )
    assert not [q for q in cards if "fling" in q or "throw" in q]


def test_what_is_handed_round_as_prizes_is_the_one_thing_brought_out() -> None:
    cards = _cards(
        "Gretel had nothing to give, so she put her hand into her apron and took out a bag of pebbles "
        "and handed them 'round as prizes.",
        "Lotte took out a loaf of bread and a jar of cherries and gave them away as presents.",
        "The birds flew round Gretel and Lotte.",
    )
    assert cards[f"{_CHAPTER}what does Gretel hand round as prizes?"] == "Pebbles"
    girl = _cards(
        "The gardeners had to paint the roses, to please the Queen.",
        "The girl had nothing, so she took out a basket of apples and gave them away as presents.",
    )
    assert not [q for q in girl if "presents" in q]  # "she" is the girl, not the Queen named before
    assert not [q for q in cards if "presents" in q]  # "them": the cherries, or the bread too?


def test_what_a_character_had_forgotten_and_when() -> None:
    cards = _cards(
        "When he got to the castle gate, Hansel found he had forgotten the silver key.",
        "Gretel met Lotte at the well. She had forgotten the bucket.",  # which girl?
    )
    assert cards[f"{_CHAPTER}what had Hansel forgotten when he got to the castle gate?"] == "The silver key"
    assert not [q for q in cards if "bucket" in cards[q].casefold()]


def test_what_had_to_be_done_for_a_purpose() -> None:
    cards = _cards(
        "The prince had to cut his way through a hedge of thorns, to reach the sleeping princess.",
        "The guards had to wake the King, to open the gate.",  # a name in what was done: a passing step
    )
    assert (
        cards[f"{_CHAPTER}what did the prince have to do to reach the sleeping princess?"]
        == "Cut his way through a hedge of thorns"
    )
    assert not [q for q in cards if "open the gate" in q]


def test_the_cause_the_story_names_of_the_change_the_sentence_before_ends_on() -> None:
    cards = _cards(
        "After one bite Gretel was shrinking rapidly. "
        "She soon found out that the cause of this was the cake she had eaten.",
        "Hansel met Gretel by the oven, and she was growing fast. "
        "He soon found out that the cause of this was the witch's spell.",  # he is not the one growing
    )
    assert cards[f"{_CHAPTER}what was the cause of Gretel's shrinking?"] == "The cake she had eaten"
    assert not [q for q in cards if "growing" in q]


def test_what_happens_when_a_character_eats_something() -> None:
    cards = _cards(
        "Gretel broke a piece off the roof. So she ate one of the biscuits and was surprised to find that "
        "she began growing rapidly.",
        "Hansel met Gretel at the oven. He ate the apple and found that she was laughing.",  # she: not he
    )
    eats = f"{_CHAPTER}what happened when Gretel ate one of the biscuits?"
    assert cards[eats] == "She began growing rapidly"
    assert not [q for q in cards if "apple" in q]


def test_what_a_character_notices_about_a_thing() -> None:
    cards = _cards(
        "Gretel went in, and she looked at the walls of the kitchen and noticed that "
        "they were covered with bright copper pans.",
        "Hansel noticed that the door was open.",  # a passing detail
        "The witch watched Gretel and Hansel.",
    )
    assert (
        cards[f"{_CHAPTER}what does Gretel notice about the walls of the kitchen?"]
        == "They were covered with bright copper pans"
    )
    assert not [q for q in cards if "the door" in q]
