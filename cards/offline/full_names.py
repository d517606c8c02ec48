"""A short name on a question in the fullest form its text gives: "What did Gregory’s great reform
lie in?" → "What did Gregory the Great’s great reform lie in?".

A history names a man in full once ("Gregory the Great added four more modes") and by his short
name after ("the change made by Gregory", "His great reform …", which a card resolves to
"Gregory"). On a card, alone, the short name may be any of several men (there were many Gregorys).
The question takes the fuller form when the chunk's text, or the two chunks' before it
(:data:`.name_forms.NAMES_BACK`, gathered by :func:`.subject.with_domain`), write exactly one form
that holds the short name (the text never writing it in lower case: "the Church" is no man):

* the name and an epithet, "Gregory the Great", "Alfred the Great";
* the name and a regnal number, "Gregory XI", "Henry VIII";
* else (an epithet or a number tells one man from the others of his name, a title does not: there
  were several Popes Gregory), a capitalised word and the name, "Richard Wagner", when the text
  never writes that word in lower case (a first name or a title: not "Upper Egypt", whose first
  word the text also writes as a word).

Two fuller forms ("Gregory the Great" and "Gregory XI") or none leave the card as it is, and so
does a document with a subject (a manual: "Rust" in "The Rust Programming Language" is no man's
short name). Only questions: a cloze quotes its sentence as written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from cards.offline.drafter import Drafter
from cards.offline.name_forms import fuller_forms, name_forms
from cards.offline.subject_lead import lead_where_gate_agrees
from cards.schema import CardDraft, CardKind

# A short name: one capitalised word of at least three letters, not part of a longer name on the card
# ("What did Gregory’s …", not "Gregory XI" nor "Gregory the Great").
_SHORT_NAME_RE = re.compile(r"(?<![\w’'\-])([A-Z][a-z]{2,})(?![\w\-])(?!\s+(?:[A-Z]|the\s+[A-Z]))")
# A capitalised word just before a name: the name is part of a longer one on the card already.
_NAME_BEFORE_RE = re.compile(r"[A-Z][\w\-]*\.?\s$")


def full_name(card: CardDraft, d: Drafter) -> CardDraft | None:
    """``card`` with its one short name in the fullest form the chunk gives; None when there is none."""
    if card.kind is not CardKind.BASIC or d.subject is not None or d.chunk.domain:
        return None
    text = "\n".join([d.chunk.lead_in, d.chunk.text])
    forms = [*d.chunk.names_before, *name_forms(text)]
    # not the question's first word, nor a part of a longer name
    found = [
        m
        for m in _SHORT_NAME_RE.finditer(card.front)
        if m.start() > 0 and not _NAME_BEFORE_RE.search(card.front[: m.start()])
    ]
    names = {m.group(1) for m in found}
    if len(names) != 1:
        return None  # no name, or two: which of them the card is about is not the question's to say
    name = names.pop()
    if re.search(rf"(?<![\w\-]){name.casefold()}(?![\w\-])", text):
        return None  # "the Church", "the church": a word the text capitalises at times, no man's name
    fuller = fuller_forms(name, forms)
    if len(fuller) != 1:
        return None  # none, or several men of that name ("Gregory the Great", "Gregory XI")
    full = fuller.pop()
    if full in " ".join(card.source_span.split()):
        return None  # "Bach was born …; his great grandfather, Veit Bach": the sentence tells the two apart
    front = re.sub(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", full, card.front, count=1)
    return dataclasses.replace(card, front=front)


def name_in_full(d: Drafter, judge: Callable[[list[CardDraft]], list[int]]) -> None:
    """Every question naming a man by a short name the chunk gives in full gets the full name."""
    lead_where_gate_agrees(d, judge, full_name)
