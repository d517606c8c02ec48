"""What took the place of a thing found wanting, where a history says so in one sentence.

* "In time ut was found to be a difficult syllable to sing, and do was substituted." → "What was
  substituted for ut when it was found to be a difficult syllable to sing?" / "do";
* "The wooden pipes were found to be too fragile, and pipes of tin were substituted." → "What was
  substituted for the wooden pipes when they were found to be too fragile?" / "pipes of tin".

The old thing and the new are short noun phrases (at most four words), the reason a clause without a
comma: a longer subject is a clause of its own ("what he wrote was found …"), not a thing replaced.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import STOP_WORDS
from documents.model import Section

_PHRASE = r"(?:the\s+)?[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}"
_SUBSTITUTED_RE = re.compile(
    r"^(?:(?:In\s+time|Later|Afterwards|Eventually|At\s+last|Soon),?\s+)?"
    rf"(?P<old>{_PHRASE})\s+(?P<was>was|were)\s+found\s+to\s+be\s+(?P<why>[^,;:()]{{4,60}}?),?\s+"
    rf"and\s+(?P<new>{_PHRASE})\s+(?:was|were)\s+substituted(?:\s+for\s+(?:it|them))?\.?$",
    re.I,
)

_POINTER_RE = re.compile(r"it|this|that|these|those|they|another|others?|one|what|which", re.I)


def substitution(d: Drafter, section: Section, sentence: str) -> None:
    """ "In time ut was found to be a difficult syllable to sing, and do was substituted." → "What was
    substituted for ut when it was found to be a difficult syllable to sing?" / "do"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _SUBSTITUTED_RE.match(" ".join(sentence.split()))
    if not m:
        return
    old, new, why = m.group("old"), m.group("new"), m.group("why")
    if _POINTER_RE.fullmatch(old.split()[-1]) or _POINTER_RE.fullmatch(new.split()[-1]):
        return  # "this was found …, and it was substituted": no thing named
    if old.split()[0].casefold() in STOP_WORDS:
        old = old[:1].lower() + old[1:]  # "The wooden pipes": the sentence's capital
    pronoun = "they were" if m.group("was").casefold() == "were" else "it was"
    question = f"What was substituted for {old} when {pronoun} found to be {why}?"
    d.add(section, CardKind.BASIC, question, new, sentence, 1)
