"""A lead line over "Term - definition" lines: one cloze over the terms, the definitions as cues."""

from __future__ import annotations

from cards.schema import CardKind
from documents.model import SourceRef

from .sample import kept_cards


def _clozes(text: str) -> list[str]:
    return [c.front for c in kept_cards(text, SourceRef(slide=3, notes=True)) if c.kind is CardKind.CLOZE]


def test_one_cloze_over_the_terms_under_their_lead() -> None:
    clozes = _clozes(
        "A beekeeper's hive is divided into:\n"
        "Brood box -the lowest box, where the queen lays her eggs\n"
        "Honey super - a shallower box above, where the bees store surplus honey\n"
        "Remember to wear gloves."
    )
    assert (
        "A beekeeper's hive is divided into: {{c1::Brood box}} - the lowest box, where the queen lays her "
        "eggs; {{c2::Honey super}} - a shallower box above, where the bees store surplus honey"
    ) in clozes


def test_no_term_list_without_a_lead_that_announces_it() -> None:
    clozes = _clozes(
        "A beekeeper's hive has several boxes.\n"
        "Brood box -the lowest box, where the queen lays her eggs\n"
        "Honey super - a shallower box above, where the bees store surplus honey"
    )
    assert not [c for c in clozes if "{{c2::" in c]
