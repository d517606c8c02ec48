"""The sentence splitter: a list's "etc." before a capitalised word ends its sentence."""

from __future__ import annotations

from cards.text import split_sentences


def test_etc_before_a_capitalised_word_ends_the_sentence() -> None:
    text = (
        "He wrote operas, masses, cantatas, etc. Valdoni was a pupil of Sarto, a celebrated contrapuntist. "
        'The town kept lutes, viols, etc. "The Lament" was sung at court.'
    )
    assert split_sentences(text) == [
        "He wrote operas, masses, cantatas, etc.",
        "Valdoni was a pupil of Sarto, a celebrated contrapuntist.",
        "The town kept lutes, viols, etc.",
        '"The Lament" was sung at court.',
    ]


def test_etc_inside_a_sentence_and_other_abbreviations_do_not_end_it() -> None:
    kept_whole = [
        "Lutes, viols, etc. were played at court in the evening.",  # lower case goes on
        "Strings, e.g. Violins and violas, were tuned in fifths.",  # only "etc." closes a list
        "Figures (see Fig. 3) show the bow.",
    ]
    for sentence in kept_whole:
        assert split_sentences(sentence) == [sentence]
