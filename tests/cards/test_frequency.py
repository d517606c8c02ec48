"""The packed word table answers what wordfreq answers, to the digit, for far less memory."""

from __future__ import annotations

import itertools
import math

import pytest
import wordfreq

from cards.frequency import WordTable, word_table, zipf, zipf_frequency
from cards.offline.terms import zipf as terms_zipf

# Numbers (smashed to 0s and spread by digit_freq), words of several tokens, apostrophes,
# accents, capitals, unseen and empty words: each a branch of wordfreq's lookup.
EDGE_WORDS = [
    "the", "zlib", "fontconfig", "state-of-the-art", "1999", "2024", "3.14", "42nd", "rôle",
    "naïve", "duck", "xqzvbnm", "", "  ", "don't", "U.S.", "Hello World", "NASA", "iPhone",
    "co-operate", "e-mail", "été", "Straße", "über", "a b c d", "!!!",
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr", "de", "ru"])
def test_zipf_frequency_is_wordfreqs_for_its_own_words_and_edge_cases(lang: str) -> None:
    # Every 97th word of the list, from the commonest to the rarest bucket.
    sample = list(itertools.islice(wordfreq.iter_wordlist(lang), 0, None, 97))
    assert len(sample) > 1000
    for word in [*EDGE_WORDS, *sample]:
        assert zipf_frequency(word, lang) == wordfreq.zipf_frequency(word, lang), word


def test_the_table_finds_each_word_in_its_bucket_and_nothing_else() -> None:
    table = WordTable([[], ["the"], [], ["cat", "apple"], ["zebra", "émigré"]])
    assert len(table) == 5
    assert [table.get(w) for w in ("the", "apple", "cat", "zebra", "émigré")] == [1, 3, 3, 4, 4]
    for absent in ("", "a", "applex", "th", "zebras", "émigr", "ü"):
        assert table.get(absent) is None


def test_the_english_table_holds_the_whole_list() -> None:
    assert len(word_table("en")) == sum(1 for _ in wordfreq.iter_wordlist("en"))


def test_languages_without_data_or_tokenizer_have_no_answer() -> None:
    assert zipf("東京", "ja") is None
    assert zipf("서울", "ko") is None
    assert zipf("北京", "zh") is None
    assert zipf("salve", "la") is None  # no wordlist: never Italian's
    assert zipf("the", "en-GB") == wordfreq.zipf_frequency("the", "en")
    assert zipf("rôle", "en") == max(wordfreq.zipf_frequency(w, "en") for w in ("rôle", "role"))


@pytest.mark.parametrize("lang", ["en", "de", "ko", "ja"])
def test_the_offline_terms_zipf_is_the_one_wordfreqs_dict_gives(lang: str) -> None:
    """cards.offline.terms looks words up directly (no tokenizer, so Korean and Japanese too)."""
    frequencies = wordfreq.get_frequency_dict(lang)
    sample = list(itertools.islice(wordfreq.iter_wordlist(lang), 0, None, 211))
    for word in [*sample, "xqzvbnm", "itwas", "Don’t"]:
        key = word.casefold().replace("’", "'")
        expected = math.log10(frequencies[key]) + 9 if key in frequencies else 0.0
        assert terms_zipf(word, lang) == expected, word
    assert terms_zipf("the", "la") == terms_zipf("the", "en")  # no list: English's
