"""What a named rule applies to and what it requires of whom."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import rule_scope

    return {c.front: c.back for c in drafted(rule_scope.rule_scope, text)}


def test_scope_and_requirements_of_a_named_rule() -> None:
    cards = _cards(
        "Rule 14–207 applies to all commercial fishing vessels longer than 20 metres, as listed in the "
        "annex. "
        "The agency proposes to replace Safety Directive (SD) 2019–04–12, which applies to all river ferries "
        "built before 1990. "
        "Harbour operators would be required to inspect each mooring line every six months. "
        "A CSR is required for any change to the loading plan, including temporary changes."
    )
    assert cards == {
        "What does Rule 14–207 apply to?": "All commercial fishing vessels longer than 20 metres",
        "What does SD 2019–04–12 apply to?": "All river ferries built before 1990",
        "What would harbour operators be required to do?": "Inspect each mooring line every six months",
        "What is required for any change to the loading plan?": "A CSR",
    }


def test_no_card_for_an_unnamed_rule_a_pointer_or_an_unnamed_requirement() -> None:
    cards = _cards(
        "This directive applies to all river ferries built before 1990. "  # which directive?
        "Rule 14–207 applies to these vessels only. "  # which vessels?
        "They would be required to inspect each mooring line every six months. "  # who?
        "Operators would be required to incorporate certain provisions into their plans. "  # which?
        "A permit is required for any change to the loading plan."  # no name: any permit
    )
    assert cards == {}
