"""A rule's amounts as cloze targets: its reach ("affects 240 …"), not its labour ("90 work-hours")."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import GenerationOptions
from cards.text import cloze_parts
from documents.model import Section, SourceRef

from .sample import chunk


def _answers(text: str) -> list[str]:
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=2))),
        GenerationOptions(max_cards=40),
        language="en",
        density_per_1k=100,
    )
    return [answer for c in cards for _, answer in cloze_parts(c.front)]


def test_a_labour_estimate_makes_no_cloze() -> None:
    # a regulation's cost of compliance: the blind readers dropped "… an average of {{90 work-hours}}"
    text = "Revising the existing permit manual takes an average of 90 work-hours per regional office."
    assert _answers(text) == []
    rate = "The agency estimates the average labor rate for the permit review at 85 dollars per hour."
    assert _answers(rate) == []


def test_the_count_a_rule_affects_is_blanked() -> None:
    text = "The agency estimates that the revised labelling standard affects 240 bakeries in the north."
    assert "240 bakeries" in _answers(text)


def test_a_count_outside_a_statement_of_scope_or_comparison_is_no_target() -> None:
    text = "The cooperative bakery in the northern provinces employed 240 bakers during the harvest festival."
    assert "240 bakers" not in _answers(text)
