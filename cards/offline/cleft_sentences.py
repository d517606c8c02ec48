"""What a cleft sentence puts in focus: "It was Guido who conceived the idea of using syllables …".

A history stresses who did something, or what caused it, by a cleft: "It was X who …", "It is to X
that Y is ascribed", "It was X that caused Y …". The focus is the fact the sentence is written
for, and the rest of the sentence is the question:

* "It was Mendelssohn who first invested old forms of instrumental music with …" → "Who first
  invested old forms of instrumental music with …?" / "Mendelssohn" (the focus a name);
* "It is to the Krishna incarnation of Vishnu that the Hindu scale is ascribed." → "To whom is the
  Hindu scale ascribed?" / "The Krishna incarnation of Vishnu" (ascribed, attributed, credited,
  due, owed; "To what" when the focus names no one);
* "It was the effort to keep the music of the church pure that caused the Council of Laodicea …
  to exclude …" → "What caused the Council of Laodicea … to exclude …?" (the focus a noun phrase
  that names something, the verb one of cause: caused, led, gave rise, prompted …).

The sentence's "It" is no pronoun here, so these sentences, which every other extractor refuses
for their leading "It", carry a card. Never when the question or the answer points elsewhere
("It was such luxury as this that …", "… syllables for these notes"), nor for an extraposition
("It was in 1896 that the authorities offered to him …": a time, whose question would need the
clause turned round).
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_PARTICLE = r"von|van|de|der|den|des|di|da|du|le|la|del|of"
_NAME = (
    rf"[A-Z][\w’'.\-]*[a-zà-ÿ][\w’'\-]*(?:\s+(?:(?:{_PARTICLE})\s+)*[A-Z][\w’'.\-]*[a-zà-ÿ][\w’'\-]*){{0,3}}"
)
_WHO_RE = re.compile(rf"^It\s+(?:is|was)\s+(?P<focus>{_NAME})\s+who\s+(?P<rest>[a-z][^;:]{{8,400}})$")
_TO_RE = re.compile(
    r"^It\s+(?:is|was)\s+to\s+(?P<focus>[^,;:]{2,60}?)\s+that\s+(?P<thing>(?:the|a|an)\s+[^,;:]{2,60}?)\s+"
    r"(?P<aux>is|was|are|were)\s+(?P<verb>ascribed|attributed|credited|due|owed)$"
)
_CAUSE_RE = re.compile(
    r"^It\s+(?:is|was)\s+(?P<focus>(?:the|a|an)\s+[^,;:]{3,80}?)\s+that\s+"
    r"(?P<verb>caused|causes|led|leads|gave\s+rise|gives\s+rise|prompted|forced|brought\s+about)\s+"
    r"(?P<rest>[^;:]{5,160})$"
)
# A relative clause about the last noun of the question: not part of what the focus did.
_RELATIVE_END_RE = re.compile(r",\s+(?:which|who|whom|whose|where|when)\b")
# Words that point at another sentence: the card would not say which one.
_POINTING_RE = re.compile(
    r"\b(?:this|these|those|such|same|former|latter|above|he|she|him|his|her|it|its|they|them|their|"
    r"we|our|us|you|your|I|my|me)\b",
    re.I,
)


def cleft(d: Drafter, section: Section, sentence: str) -> None:
    """ "It was X who Y" → "Who Y?" / "X"; "It is to X that Y is ascribed" → "To whom is Y ascribed?";
    "It was X that caused Y" → "What caused Y?" (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    body = sentence.strip().rstrip(".!")
    if m := _WHO_RE.match(body):
        rest = _RELATIVE_END_RE.split(m.group("rest"), maxsplit=1)[0]  # "…, which was the spirit of …"
        if not _POINTING_RE.search(rest) and word_count(rest) <= 30:
            d.add(section, CardKind.BASIC, f"Who {rest}?", m.group("focus"), sentence, 1)
    elif m := _TO_RE.match(body):
        focus, thing = m.group("focus"), m.group("thing")
        if _POINTING_RE.search(focus) or _POINTING_RE.search(thing) or not names_something(thing, d.lang):
            return
        whom = "whom" if re.match(r"(?:the\s+)?[A-Z]", focus) else "what"
        question = f"To {whom} {m.group('aux')} {thing} {m.group('verb')}?"
        d.add(section, CardKind.BASIC, question, focus[:1].upper() + focus[1:], sentence, 1)
    elif m := _CAUSE_RE.match(body):
        focus, rest = m.group("focus"), m.group("rest")
        if _POINTING_RE.search(focus) or _POINTING_RE.search(rest) or not names_something(focus, d.lang):
            return
        answer = trim_answer(focus)
        if 2 <= word_count(answer) <= 25 and word_count(rest) <= 30:
            verb = " ".join(m.group("verb").split())
            question = f"What {verb} {rest}?"
            d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
