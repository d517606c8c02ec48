"""A line ending in a function word is prose wrapped onto the next line, never a glued heading."""

from __future__ import annotations

from cards.placement import glued_heading

_BODY = (
    "the existing rule for all harbour ferries. Since the rule was\n"
    "issued, the agency has determined that further action is\n"
    "necessary to address the unsafe condition on these vessels.\n"
)


def test_a_short_first_line_ending_in_to_runs_on() -> None:
    text = "The agency proposes to\nreplace " + _BODY
    span = "The agency proposes to replace the existing rule for all harbour ferries."
    assert glued_heading(span, text) == ""


def test_a_short_title_line_is_still_a_glued_heading() -> None:
    text = "Proposed Ferry Changes\nThe agency proposes to replace " + _BODY
    span = "Proposed Ferry Changes The agency proposes to replace the existing rule for all harbour ferries."
    assert glued_heading(span, text).startswith("a heading or running header glued to the text")
