"""What someone called their own invention: "X called his system "Z"" → "What did X call his system?"."""

from __future__ import annotations

from cards.offline.firsts import first_to
from cards.offline.own_names import own_name

from .sample import drafted


def test_a_name_for_ones_own_system_is_asked_with_its_maker() -> None:
    text = 'Hucbald called his system an "organum" or "diaphony," and to sing so was called to "organize."'
    cards = drafted(own_name, text)
    assert [(c.front, c.back) for c in cards] == [
        ("What did Hucbald call his system?", "“organum” or “diaphony”")
    ]


def test_no_card_for_a_plain_word_or_no_name() -> None:
    assert not drafted(own_name, "Hucbald called his son a fool before the whole chapter.")
    assert not drafted(own_name, 'The Greeks called their scale the "great system."')


def test_a_first_deed_ends_before_a_relative_clause() -> None:
    cards = drafted(
        first_to,
        "Hucbald was the first to improve the notation by introducing a system of lines and spaces, "
        "of which, however, the spaces only were utilized for indicating the notes.",
    )
    assert [(c.front, c.back) for c in cards] == [
        ("Who was the first to improve the notation by introducing a system of lines and spaces?", "Hucbald")
    ]
