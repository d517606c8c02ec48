"""Cards led by their document's subject: "In zlib, higher {{c1::levels}} result in …".

What the subject is, and when a card names it already, is :mod:`cards.offline.subject`; this
module rewrites the drafted candidates of a chunk (it needs the :class:`Drafter`, which the
subject module must not import: the drafter asks it about every question's context).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from cards.offline.drafter import Drafter
from cards.offline.subject import IN_CONTEXT, Subject, framed, names_subject
from cards.schema import CardDraft, CardKind
from cards.text import cloze_plain, normalize

# "What is CMake?", "What is LIFO?": a name with capitals inside it, defined as a thing of its own.
_WHAT_IS_NAME_RE = re.compile(r"^What (?:is|are) [A-Z][\w\-]*[A-Z][\w\-]*\?$")
# A question about a person, or asking for one: "Who was Tony Hoare?", "Whose invention was …?".
_WHO_RE = re.compile(r"^(?:Who|Whom|Whose)\b")
# A label of a few words and a colon opening a sentence: "Positive integer: The integer value is …".
_LABEL_RE = re.compile(r"^[^\W\d_][\w\-’']*(?:\s+[\w\-’']+){0,2}:\s")
# A sentence about the world at large, opened by when it holds: "Currently, …", "Today, …".
_TIME_OPENER_RE = re.compile(r"^(?:Currently|Today|Nowadays|Historically|Traditionally|Originally),\s")
# A cloze's first deletion marker, before the first word it hides.
_CLOZE_OPEN_RE = re.compile(r"^\{\{c\d+::")


def _lowered(front: str, d: Drafter) -> str:
    """``front`` with its first word in lower case, to follow a lead; a name keeps its capital."""
    opening = _CLOZE_OPEN_RE.match(front)
    start = opening.end() if opening else 0
    word = re.match(r"[^\W\d_][\w’'\-]*", front[start:])
    if not word:
        return front
    first = word.group(0)
    if not re.fullmatch(r"[A-Z][a-z’'\-]*", first) or first == "I" or d.mid_sentence_count(first):
        return front
    return front[:start] + first[:1].lower() + front[start + 1 :]


def led(card: CardDraft, d: Drafter, subject: Subject | None = None) -> CardDraft | None:
    """``card`` placed in the document's subject ("In zlib, …"), or in ``subject`` when given (a slide's
    title, :mod:`.slide_context`); None when it needs no lead."""
    subject = subject or d.subject
    frame = IN_CONTEXT.get(d.lang)
    if subject is None or not subject.proper or frame is None:
        return None
    if card.kind is CardKind.BASIC:
        if framed(card.front) or names_subject(card.front, subject) or _WHAT_IS_NAME_RE.match(card.front):
            return None  # "What is CMake?" asks for a name of its own, which "In Ninja, …" would misplace
        if _WHO_RE.match(card.front):
            return None  # "Who was Tony Hoare?": a person is not a part of Rust ("In Rust, who was …?")
    elif card.kind is CardKind.CLOZE:
        plain = cloze_plain(card.front)
        if framed(plain) or names_subject(plain, subject) or not plain[:1].isalnum():
            return None  # named already, or a quotation or a list item, which a lead would not fit
        if _LABEL_RE.match(plain):
            return None  # "Precision: There is no …": a label opens it, "In Valgrind, precision: …" reads not
        if _TIME_OPENER_RE.match(plain):
            return None  # "Currently, two major standards are used for IP addresses": the world's, not Rust's
    else:
        return None  # a reversed card is a term and its answer, both short: no sentence to lead
    front = card.front if d.lang == "de" else _lowered(card.front, d)
    return dataclasses.replace(card, front=frame.format(c=subject.name, q=front))


def name_the_subject(d: Drafter, judge: Callable[[list[CardDraft]], list[int]]) -> None:
    """Every candidate that does not name the document's subject gets it, where the gate agrees.

    ``judge`` is the quality gate (0 clean, 1 flagged, 2 refused): the led card replaces the
    card only when the gate judges both alike and does not refuse them (a lead that changed the
    verdict would hide a fault of the card, "In zlib, does …" a yes/no question, or add one).
    """
    if d.subject is None or not d.subject.proper:
        return
    lead_where_gate_agrees(d, judge, led)


def lead_where_gate_agrees(
    d: Drafter,
    judge: Callable[[list[CardDraft]], list[int]],
    lead: Callable[[CardDraft, Drafter], CardDraft | None],
) -> None:
    """Every candidate ``lead`` rewrites is replaced by the rewrite where the gate judges both alike."""
    for index, candidate in enumerate(d.candidates):
        new = lead(candidate.card, d)
        if new is None or normalize(new.front) in d.seen_fronts:
            continue
        before, after = judge([candidate.card, new])
        if before < 2 and after == before:
            d.seen_fronts.add(normalize(new.front))
            d.candidates[index] = dataclasses.replace(candidate, card=new)
