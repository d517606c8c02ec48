"""``whole_word_count`` counts what the whole-word pattern it replaces would find, without a pattern."""

from __future__ import annotations

import random
import re

import pytest

from cards.text import base_form, whole_word_count


def pattern_count(phrase: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", text))


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("art", "the art of the heart", 1),  # "heart" holds it inside a word
        ("np", "np.array and np", 2),  # a dot is no word character
        ("aa", "aaa aa", 1),  # non-overlapping, as findall
        ("x_y", "x_y x_yz _x_y", 1),  # "_" is a word character
        ("café", "un café, deux cafés", 1),
        ("pointer", "", 0),
    ],
)
def test_whole_words_only(phrase: str, text: str, expected: int) -> None:
    assert whole_word_count(phrase, text) == expected == pattern_count(phrase, text)


def test_agrees_with_the_pattern_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "ab _.-éß1ǅ\u0301"  # letters, a title-case letter, a combining mark, a digit, "_"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        phrase = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        assert whole_word_count(phrase, text) == pattern_count(phrase, text), (phrase, text)


def test_a_verbs_base_form_from_its_third_person() -> None:
    # one home for what five extractors each wrote out ("What does X capture?" from "X captures …")
    assert [base_form(v) for v in ("captures", "catches", "copies", "fixes", "goes", "passes", "reads")] == [
        "capture",
        "catch",
        "copy",
        "fix",
        "go",
        "pass",
        "read",
    ]
