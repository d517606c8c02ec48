"""Which thing holds a superlative: "The Dorian, Phrygian, and Lydian were the oldest modes."

A history or a textbook marks what stands out — the oldest, the first, the chief, the most
common — and names it:

* "X was the SUP N …" → "What was the SUP N …?" / "X": "The Dorian, Phrygian, and Lydian were
  the oldest modes." → "Which were the oldest modes?"; "Ockeghem was the chief musician of the
  land." → "Who was the chief musician of the land?" ("Who" for a person's role: musician,
  composer, player, king …);
* "The SUP N … is X" → the same question: "The oldest existing musical instrument of which we
  have any knowledge is an Egyptian lyre …" → "What is the oldest existing musical instrument of
  which we have any knowledge?" / "An Egyptian lyre …".

"The first to …" is :mod:`cards.offline.firsts`. Never of a pronoun or a pointer ("He was the
most celebrated …", "the first step in this classification", "those of Grétry"), nor in the
author's voice ("known to me", "our modern art"), and the superlative's noun must be said ("the
most perfect union of …" yes, "the most" alone no).
"""

from __future__ import annotations

import re

from cards.offline.clean import (
    ADDED_CLAUSE_RE,
    statement_body,
    trim_answer,
)
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

_SUP = (
    r"(?:oldest|earliest|first|last|largest|smallest|greatest|best[- ]known|chief|principal|main|foremost|"
    r"leading|most\s+(?:common|important|famous|popular|celebrated|widely\s+used|frequent|primitive|"
    r"ancient|powerful)|least\s+common)"
)
# What the superlative ranks: a noun phrase, not a verb ("the first to …" is firsts.py's).
_RANKED = r"(?P<ranked>(?!to\b)[a-z][\w\-]*(?:\s+[\w\-’']+){0,7}?)"
_HOLDER = r"(?P<holder>[A-Z][^;:]{1,80}?)"
# "X was the oldest mode (of …)"
_HOLDER_FIRST_RE = re.compile(
    rf"^{_HOLDER}\s+(?P<aux>is|was|are|were)\s+the\s+(?P<sup>{_SUP})\s+{_RANKED}"
    r"(?P<scope>\s+(?:of|in|among|for|at)\s+[^,;]{2,60})?$"
)
# "The oldest existing instrument (of which …) is X"
_RANKED_FIRST_RE = re.compile(
    # "The first witness was the Hatter", "The first movement is …": a sequence's place, not a record
    rf"^The\s+(?P<sup>(?!first\b|last\b){_SUP})\s+{_RANKED}(?P<scope>\s+(?:of|in|among|for|at)\s+[^,;]{{2,70}}?)?\s+"
    r"(?P<aux>is|was|are|were)\s+(?P<holder>[^;]{2,120})$"
)
_POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|former|latter|it|its|they|their|them|he|his|she|her|we|our|us|"
    r"you|your|me|my|I|above|following|previous|next|one|ones)\b",
    re.I,
)
PERSON_ROLE_RE = re.compile(
    r"\b(?:\w+(?:ist|ian)|composer|musician|player|singer|poet|writer|painter|king|queen|emperor|master|"
    r"teacher|pupil|author|inventor|maker|founder|leader|exponent|representative|man|woman|person|"
    r"virtuoso|conductor|performer|scientist|philosopher|ruler|president|guest|member|child|son|daughter|"
    r"wife|husband|brother|sister|friend|student|people)s?$"
)


def superlative(d: Drafter, section: Section, sentence: str) -> None:
    """ "X was the oldest N" / "The oldest N is X" → "Which was the oldest N?" / "X" (module docstring)."""
    body = statement_body(sentence)
    if CardKind.BASIC not in d.kinds or d.lang != "en" or body is None:
        return
    m = _HOLDER_FIRST_RE.match(body) or _RANKED_FIRST_RE.match(body)
    if not m:
        return
    ranked = f"{m.group('sup')} {m.group('ranked')}{m.group('scope') or ''}"
    holder = m.group("holder")
    if m.re is _RANKED_FIRST_RE:  # the holder closes the sentence: its description ends at a clause
        holder = ADDED_CLAUSE_RE.split(holder, maxsplit=1)[0]
    holder = trim_answer(holder)
    if _POINTER_RE.search(ranked) or _POINTER_RE.search(holder) or re.match(r"that|those", holder, re.I):
        return
    if not holder or word_count(holder) > 15:
        return
    first = holder.split(" ", 1)[0]
    if first[:1].islower() and first not in {"the", "a", "an"}:
        return  # "… was made by Guido": a passive verb, not the holder
    # "Music was the chief …" (a common word capitalised by its place), "Under Louis XI Ockeghem …"
    lowered = f"x {holder[:1].lower()}{holder[1:]}"
    if (
        m.re is _HOLDER_FIRST_RE
        and first not in {"The", "A", "An"}
        and (first.casefold() in STOP_WORDS or not names_something(lowered, d.lang))
    ):
        return
    # "the most common cause of a stall": of what subject, when nothing in it is specific?
    context = "" if names_something(f"the {ranked} {holder}", d.lang) else d.context_of(section)
    if not context and not names_something(f"the {ranked} {holder}", d.lang):
        return
    aux = m.group("aux")
    # the ranked noun phrase's head ("harpsichord player", not "… known to man") says who or what
    head = re.split(r"\s+(?:of|in|among|for|at|known|to|that|which|who|whose)\b", m.group("ranked"))[0]
    person = PERSON_ROLE_RE.search(head)
    wh = "Who" if person else "Which" if aux in {"are", "were"} else "What"
    q = f"{wh} {aux} the {' '.join(ranked.split())}?"
    if context and context.strip("“”").casefold() not in q.casefold():
        q = f"In {context}, {q[:1].lower()}{q[1:]}"
    d.add(section, CardKind.BASIC, q, holder[:1].upper() + holder[1:], sentence, 1)
