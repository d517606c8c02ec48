"""Cards written or changed by a person: field rules and the quality gate on one card.

A person's edit is authoritative, so only a card that cannot work at all is
refused (:class:`errors.ValidationFailed`, naming the field): an empty side, a
cloze without a valid deletion, cloze markup on a basic card, broken HTML or
Markdown left over after the gate's repairs (Q1). Every other rubric check
still runs and its result is stored in ``checks`` like for generated cards; a
card failing any of them is tagged ``needs-review`` and the tag goes away once
an edit makes it pass.

Grounding (Q10) and the locator check (Q11) only apply to a card that cites its
source: a hand-made card has none, so those rules are left out of its checks
rather than failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from cards.markup import cloze_well_formed, repair, text_problem
from cards.quality import REVIEW_TAG, Finding, GateContext, run_checks
from cards.schema import CardDraft, CardKind
from documents.model import SourceRef
from errors import ValidationFailed

FRONT_MAX_CHARS = 1000
BACK_MAX_CHARS = 2000
TAG_MAX_CHARS = 40
TAGS_MAX = 20

#: Rules that need a cited source; skipped for cards without one.
_SOURCE_RULES = frozenset({"Q10", "Q11"})


@dataclass(frozen=True)
class CheckedCard:
    """A card's text after the gate's repairs, with its check results."""

    front: str
    back: str
    tags: list[str]
    checks: dict[str, bool]
    problems: list[Finding]  # the failed checks, with why


def _field_problems(kind: CardKind, front: str, back: str) -> list[dict[str, str]]:
    problems: list[dict[str, str]] = []
    if not front.strip():
        problems.append({"name": "front", "reason": "must not be empty"})
    elif kind is CardKind.CLOZE:
        ok, detail = cloze_well_formed(front)
        if not ok:
            problems.append({"name": "front", "reason": f"{detail}; write deletions as {{{{c1::answer}}}}"})
    elif "{{c" in front:
        problems.append({"name": "front", "reason": "cloze markup on a basic card; add it as kind 'cloze'"})
    if kind is not CardKind.CLOZE and not back.strip():
        problems.append({"name": "back", "reason": f"required for {kind.value} cards"})
    if kind is not CardKind.CLOZE and "{{c" in back:
        problems.append({"name": "back", "reason": "cloze markup on a basic card"})
    for name, text in (("front", front), ("back", back)):
        problem = text_problem(text)
        if problem and not any(p["name"] == name for p in problems):
            problems.append({"name": name, "reason": problem})
    return problems


def _with_review_tag(tags: list[str], flagged: bool) -> list[str]:
    kept = [t for t in tags if t != REVIEW_TAG]
    return [*kept, REVIEW_TAG] if flagged else kept


def check_card(
    *,
    kind: CardKind,
    front: str,
    back: str,
    tags: list[str],
    source: SourceRef | None = None,
    source_span: str = "",
    language: str | None = None,
) -> CheckedCard:
    """Repair and check one card written by a person.

    :raise ValidationFailed: when the card is malformed (Q1), naming each bad field.
    """
    draft = repair(
        CardDraft(kind=kind, front=front, back=back, source=source or SourceRef(), source_span=source_span),
        close_cloze=False,  # a person is asked to fix their markup, not guessed at
    )
    problems = _field_problems(kind, draft.front, draft.back)
    if problems:
        names = ", ".join(dict.fromkeys(p["name"] for p in problems))
        raise ValidationFailed(f"Invalid fields: {names}.", invalid_params=problems)
    cited = source is not None and bool(source_span.strip())
    findings = [
        f for f in run_checks(draft, GateContext(language=language)) if cited or f.rule not in _SOURCE_RULES
    ]
    failed = [f for f in findings if not f.passed]
    return CheckedCard(
        front=draft.front,
        back=draft.back,
        tags=_with_review_tag(list(tags), bool(failed)),
        checks={f.rule: f.passed for f in findings},
        problems=failed,
    )
