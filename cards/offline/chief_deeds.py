"""What a person's great contribution or discovery was: "Harvey’s great discovery was that the heart
drives the blood in a circle" → "What was William Harvey’s great discovery?" / "That the heart …".

A history sums up a life in one deed. Asked only of a possessive name (often one :mod:`.referents`
put in place of "His"), of a deed noun that says what kind of deed it is (contribution, discovery,
invention, achievement, innovation), and of an answer that says what it was (cut before ", thus …",
", which …"), never one that points elsewhere ("was this").
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.offline.person_names import person_name
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

_NAME = person_name(words=4)
_DEED_RE = re.compile(
    rf"^(?P<who>{_NAME})(?:’s|'s)\s+(?P<what>(?:(?:great|greatest|chief|principal|main|most important|"
    r"lasting|real)\s+)?(?:contribution|discovery|invention|achievement|innovation)(?:\s+to\s+[a-z]+)?)\s+"
    r"was\s+(?P<answer>(?:the|a|an|that)\s+[^;]{6,200})$"
)
# Where the deed ends: a clause that adds to it ("…, thus creating …", "…, which …").
_END_RE = re.compile(r",\s+(?:thus|which|who|and|but|so|while|whereas|for)\b|;")
_POINTING_RE = re.compile(r"\b(?:this|these|those|such|same|former|latter)\b", re.I)


def chief_deed(d: Drafter, section: Section, sentence: str) -> None:
    """ "X’s great discovery was that Y" → "What was X’s great discovery?" / "That Y"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _DEED_RE.match(sentence.strip().rstrip("."))
    if not m or DANGLING_RE.search(sentence):
        return
    who = m.group("who")
    if who.split(" ", 1)[0].casefold() in STOP_WORDS:
        return  # "The composer’s …": no one named
    answer = _END_RE.split(m.group("answer"), maxsplit=1)[0].strip(" ,")
    if not 4 <= word_count(answer) <= 25 or _POINTING_RE.search(answer):
        return
    question = f"What was {who}’s {m.group('what')}?"
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
