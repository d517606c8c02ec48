"""How common a word is in general language: ``wordfreq``'s zipf frequencies, cached.

The cloze gate (:mod:`cards.terms`) and the definition checks ask it whether a word is rare enough
to be worth recalling. ``wordfreq`` (Apache-2.0) ships its data; it has none for some languages
and needs MeCab or jieba for Japanese, Korean and Chinese, so there the answer is ``None``.

The words are held in a :class:`WordTable` rather than ``wordfreq``'s own dictionary: the English
list has 321,000 words, which as a dict of str to float take 34 MB in every worker process (held
while the parse child reads a large document: the worker service's peak), and 5 MB packed. The
answer is ``wordfreq.zipf_frequency``'s to the digit (tests/cards/test_frequency.py): the same
tokenizer, number handling and rounding, read from the same file.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import math
import unicodedata
from array import array

from once import load_once

_NO_WORDFREQ = frozenset({"ja", "ko", "zh"})  # need MeCab/jieba, which we do not ship
_UNSEEN = 1e-9  # wordfreq's floor for zipf_frequency's default minimum (zipf 0)


@functools.cache
def zipf(word: str, language: str | None) -> float | None:
    """``wordfreq``'s zipf frequency of ``word`` (0 = unseen), or ``None`` when it has no data."""
    lang = (language or "en").split("-")[0].lower()
    if lang in _NO_WORDFREQ or lang not in _wordfreq_languages():
        return None  # never a "nearest match": Latin words judged by Italian frequencies mislead
    try:
        found = zipf_frequency(word, lang)
        plain = _without_accents(word)
        if plain != word:
            # "rôle", "naïve": an old or foreign spelling of a common word is as common as the word
            found = max(found, zipf_frequency(plain, lang))
        return found
    except (LookupError, ImportError, ValueError):
        return None


def zipf_frequency(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)`` for a language of :func:`_wordfreq_languages`
    tokenised by wordfreq's regex tokenizer, from the packed table."""
    from wordfreq import cB_to_freq, freq_to_zipf
    from wordfreq.numbers import digit_freq, smash_numbers
    from wordfreq.tokens import lossy_tokenize

    table = word_table(lang)
    one_over_result = 0.0
    tokens = lossy_tokenize(word, lang)
    for token in tokens:
        smashed = smash_numbers(token)
        centibels = table.get(smashed)
        if centibels is None:
            tokens = []  # a token missing: the word is unseen
            break
        freq = cB_to_freq(-centibels)
        if smashed != token:
            freq *= digit_freq(token)  # a digit sequence: its share of the smashed form's count
        one_over_result += 1.0 / freq
    # 1/f = 1/f1 + 1/f2 + ...: the rarest token dominates; wordfreq keeps 3 significant digits
    freq = max(1.0 / one_over_result, _UNSEEN) if tokens else _UNSEEN
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return float(round(freq_to_zipf(freq), 2))


class WordTable:
    """A wordlist's words sorted in one UTF-8 string of bytes, with their centibels.

    A word is found by bisection over the byte offsets (UTF-8 sorts as the code points do).
    """

    def __init__(self, buckets: list[list[str]]) -> None:
        # wordfreq's cBpack: bucket i holds the words at -i centibels, each bucket sorted (sort()
        # only checks that). Merged lazily and written into storage sized beforehand, so that
        # building leaves no garbage behind in the heap; the lists are the caller's to drop.
        for bucket in buckets:
            bucket.sort()
        count = sum(map(len, buckets))
        blob = bytearray(sum(len(word.encode()) for bucket in buckets for word in bucket))
        self._offsets = array("I", [0]) * (count + 1)
        self._centibels = array("H", [0]) * count
        merged = heapq.merge(*(zip(bucket, itertools.repeat(cb)) for cb, bucket in enumerate(buckets)))
        position = 0
        for index, (word, cb) in enumerate(merged):
            data = word.encode()
            self._offsets[index] = position
            blob[position : position + len(data)] = data
            self._centibels[index] = cb
            position += len(data)
        self._offsets[count] = position
        self._blob = bytes(blob)

    def __len__(self) -> int:
        return len(self._centibels)

    def __getitem__(self, index: int) -> bytes:
        return self._blob[self._offsets[index] : self._offsets[index + 1]]

    def get(self, word: str) -> int | None:
        """The word's centibels below 0 (its bucket), or ``None`` when the list does not have it."""
        key = word.encode()
        index = bisect.bisect_left(self, key)  # a sequence of bytes
        if index < len(self) and self[index] == key:
            return int(self._centibels[index])
        return None


@load_once
def word_table(lang: str) -> WordTable:
    """The packed 'best' wordlist of ``lang`` (large where wordfreq has one), read once."""
    from wordfreq import available_languages, read_cBpack

    return WordTable(read_cBpack(available_languages("best")[lang]))


def _without_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@functools.cache
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages
    from wordfreq.language_info import get_language_info

    # only the languages wordfreq splits with its own regex tokenizer (others need MeCab or jieba)
    return frozenset(
        lang for lang in available_languages() if get_language_info(lang)["tokenizer"] == "regex"
    )
