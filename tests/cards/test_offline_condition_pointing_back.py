"""No "What happens if …?" question on a condition that points back at what the text named before
("… some part of that value", "such a case", "any other purpose"): alone, it names nothing."""

from __future__ import annotations

import pytest

from cards.offline import questions
from cards.offline.back_references import points_back

from .sample import drafted


@pytest.mark.parametrize(
    "text",
    [
        "the kiln should later write some part of that value to the log",
        "the controller detects that a thermocouple corresponds to such a case",
        "readings in the pyrometer are used for any other purpose",
        "for this reason the firing is stopped",
    ],
)
def test_a_phrase_that_points_back(text: str) -> None:
    assert points_back(text)


@pytest.mark.parametrize(
    "text",
    [
        "the controller detects that a thermocouple has failed",  # "that" as a conjunction
        "the glaze is applied in such a way that it runs",
        "tools such as kilnctl read the log",
        "no such schedule exists",
        "any other value than zero stops the fan",  # the comparison is stated
        "those who fire the kiln sign the log",
        "if a glaze contains lead, pots of that glaze are not food-safe",  # named earlier in the sentence
    ],
)
def test_a_phrase_that_names_what_it_speaks_of(text: str) -> None:
    assert not points_back(text)


def test_no_question_on_a_condition_about_that_value() -> None:
    text = (
        "When the PID controller reads a temperature, it stores the reading in the log. "
        "If the PID controller should later write some part of that value to the LCD display, the reading "
        "is rounded to the nearest degree. "
        "If the K-type thermocouple fails during a firing, the controller stops the firing and sounds an "
        "alarm."
    )
    fronts = [c.front for c in drafted(questions.condition, text)]
    assert "What happens if the K-type thermocouple fails during a firing?" in fronts
    assert not [f for f in fronts if "that value" in f]
