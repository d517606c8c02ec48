"""Where a word comes from: "The word X comes from Y" → "Where does the word X come from?"."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import origins

    return {c.front: c.back for c in drafted(origins.origin, text)}


def test_a_word_named_outright_asks_where_it_comes_from() -> None:
    cards = _cards(
        "The word goose comes from Old English gōs 'goose', a word shared by the Germanic languages. "
        "The French word bémol (flat) comes from the Latin b molle, the soft b of the hexachord. "
        "The name lute is derived from Arabic al-ʿūd, the wood."
    )
    assert cards["Where does the word goose come from?"] == "Old English gōs 'goose'"
    assert cards["Where does the French word bémol (flat) come from?"] == "The Latin b molle"
    assert cards["Where does the name lute come from?"] == "Arabic al-ʿūd"


def test_a_term_glossed_in_brackets_with_its_etymon() -> None:
    cards = _cards("The oldest keyboard of the family is the virginal (from virga, “rod”), played in homes.")
    assert cards == {"Where does the word “virginal” come from?": "From virga, “rod”"}


def test_no_origin_of_a_word_the_sentence_only_points_at() -> None:
    cards = _cards(
        "Its name comes from its first use by hunters as a decoy. "  # whose name?
        "We call a person silly, and yet the word comes from sælig, old English for blessed. "  # which word?
        "Our word juggler comes from the same source. "  # which source?
        "Later came the Plagal or side modes (from plagios, oblique). "  # the etymon of "Plagal", not "modes"
        "Music was noted this way (from the third to the tenth century) in every church."
    )
    assert cards == {}
