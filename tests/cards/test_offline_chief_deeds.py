"""A person's great contribution or discovery asked with their name."""

from __future__ import annotations

from cards.offline.chief_deeds import chief_deed

from .sample import drafted


def test_a_great_discovery_is_asked_with_its_maker_and_cut_before_an_added_clause() -> None:
    text = (
        "Hucbald’s great contribution to progress was the discovery that more than one sound could be "
        "played or sung simultaneously, thus creating a composite sound."
    )
    assert [(c.front, c.back) for c in drafted(chief_deed, text)] == [
        (
            "What was Hucbald’s great contribution to progress?",
            "The discovery that more than one sound could be played or sung simultaneously",
        )
    ]


def test_no_card_for_a_deed_that_points_elsewhere_or_no_name() -> None:
    assert not drafted(chief_deed, "Harvey’s great discovery was this one simple fact about the heart.")
    assert not drafted(chief_deed, "The composer’s great contribution was the opera that we know today.")
