"""Where a word comes from: "The word X comes from Y" → "Where does the word X come from?"."""

from __future__ import annotations

import itertools

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
        "Later came the authentic and side modes (from plagios, oblique). "  # of no word named before it
        "Music was noted this way (from the third to the tenth century) in every church."
    )
    assert cards == {}


def test_a_word_given_with_its_etymons_and_their_senses() -> None:
    cards = _cards(
        "When these hymns were sung, a goat was sacrificed; thus the origin of the word “tragedy” or "
        "“goat song” (tragos, goat, and odos, singer). "
        "Comedy (komos, revel, and odos, singer) arose from the spring worship of the god; comedy lasted. "
        "The word “orchestra” (orcheisthai, to dance) first named the floor where the chorus danced."
    )
    assert cards == {
        "Where does the word “tragedy” come from?": "From tragos (goat) and odos (singer)",
        "Where does the word “comedy” come from?": "From komos (revel) and odos (singer)",
        "Where does the word “orchestra” come from?": "From orcheisthai (to dance)",
    }


def test_no_etymon_in_a_bracket_that_is_the_word_itself_an_english_word_or_a_description() -> None:
    cards = _cards(
        # the word with an ending
        "The dithyramb (dithyrambos, Bacchic step) brought a new step to the dance. "
        "Kubernetes (kubectl, the command line) is used to deploy it. "  # a tool and what it is
        "The poem (poet, singer) was read aloud. "  # English words
        "Bread (pain, loaf) was baked daily."  # the etymon does not look like the word
    )
    assert cards == {}


def test_the_etymon_of_a_word_named_just_before_the_bracket() -> None:
    cards = _cards(
        "Later, Gregory added four more modes, which were called Plagal or side modes "
        "(from plagios--oblique). "
        "The second was a long box strung with strings (called fidel from fides, “string”)."
    )
    assert cards == {
        "Where does the word “Plagal” come from?": "From plagios, “oblique”",
        "Where does the word “fidel” come from?": "From fides, “string”",
    }


def test_from_this_we_get_our_word_after_the_sentence_naming_the_etymon() -> None:
    from cards.offline import origins
    from cards.offline.drafter import Drafter
    from cards.schema import GenerationOptions
    from cards.text import split_sentences
    from documents.model import Section, SourceRef

    from .sample import chunk

    def cards(text: str) -> dict[str, str]:
        d = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
        section = d.prepared[0][0]
        sentences = split_sentences(text)
        for previous, sentence in itertools.pairwise(sentences):
            origins.from_this(d, section, previous, sentence)
        return {c.card.front: c.card.back for c in d.candidates}

    assert cards(
        "To the lowest note of the scale Guido gave a special name, gamma, after the Greek letter G. "
        "From this we get our word for the scale, the gamut."
    ) == {"Where does the word “gamut” come from?": "From gamma (after the Greek letter G)"}
    assert (
        cards(
            "The Romans named the sixth month after the emperor Augustus. From this we get our word August."
        )
        == {}
    )  # no word of the sentence before looks like "August": which is its etymon is not said
    assert cards("The mark was called a tilde in Spain. From this we get our word tally.") == {}
