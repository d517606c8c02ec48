"""Where a named person was born or died: "Gounod was born in 1818, in Paris." → "Where was Gounod born?".

A history or a biography gives the place with the date; the date makes its own card
(:func:`cards.offline.questions.dated`), the place this one: "In Paris". Asked only of a
subject that is a name (never "He", "The boy"), of a place that is a name ("in Liége", "in
Eisenach, in Thuringia"; never a month, "died in May, 1871"), and within the clause that
says born or died (not "…, and after travels in Italy …").
"""

from __future__ import annotations

import re

from cards.offline.clean import PRONOUN_START_RE, detach, noise
from cards.offline.drafter import Drafter
from cards.offline.person_names import person_name
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS
from documents.model import Section

_NAME = person_name()
_EVENT_RE = re.compile(
    rf"^(?P<subj>{_NAME})(?:\s+\([^()]{{1,50}}\))?(?:,\s+[a-z][^,()]{{1,30}},)?\s+"
    r"(?P<event>was born|died)\b(?P<clause>[^;]*)"
)
# The place: "in"/"at" and a capitalised name, with the region it lies in ("Eisenach, in Thuringia").
_PLACE_RE = re.compile(
    r"\b(?:in|at)\s+(?P<place>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?(?:,\s+in\s+[A-Z][\w’'\-]+)?)(?![\w’'\-])"
)
# Where the born/died clause ends: the next clause of the sentence.
_CLAUSE_END_RE = re.compile(r",?\s+(?:and|but|where|who|which|while|whence|after)\b")
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)
#: A one-word subject this common (``wordfreq`` zipf) is a name only if the text writes it mid-sentence.
_WORD_ZIPF = 3.0
# A word of two letters or more without a vowel: a name with letters lost ("Pl" for "Pål").
_NO_VOWEL_RE = re.compile(r"\b[^\W\d_aeiouyAEIOUYà-ÿÀ-ß]{2,}\b")
_ASKS = {"was born": "Where was {s} born?", "died": "Where did {s} die?"}


def birth_or_death_place(d: Drafter, section: Section, sentence: str) -> None:
    """ "X was born in 1818, in Paris" → "Where was X born?" / "In Paris"; likewise "X died in Y"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    body = detach(sentence).rstrip(".!")
    m = _EVENT_RE.match(body)
    if not m or PRONOUN_START_RE.match(body):
        return
    subject = m.group("subj")
    if _NO_VOWEL_RE.search(subject):
        return  # "Pl Hagen": a name that lost letters in extraction
    first = subject.split(" ", 1)[0]
    if first.casefold() in STOP_WORDS or first.casefold() in {"the", "a", "an"}:
        return  # "The boy was born …": whose boy?
    common = " " not in subject and zipf(subject, d.lang) >= _WORD_ZIPF
    if common and not d.mid_sentence_count(subject):
        return  # a word capitalised only because it starts the sentence ("Everyone was born …")
    clause = _CLAUSE_END_RE.split(m.group("clause"), maxsplit=1)[0]
    place = _PLACE_RE.search(clause)
    if not place or place.group("place").split()[0].casefold() in _MONTHS:
        return
    question = _ASKS[m.group("event")].format(s=subject)
    d.add(section, CardKind.BASIC, question, f"In {place.group('place')}", sentence, 1)


# "Born in 1792, at Pesaro, in Italy, Rossini wrote many operas …": the birth as the sentence's opening
# participle, the name right after it as the subject of a verb (the one the participle is about).
_BORN_OPENING_RE = re.compile(
    r"^Born\s+(?P<when>(?:in|about)\s+1\d{3}),?\s+(?P<place>(?:at|in)\s+[A-Z][\w’'\-]+"
    r"(?:,\s+in\s+[A-Z][\w’'\-]+)?),\s+"
    rf"(?P<subj>{_NAME})\s+(?:[a-z]{{3,}}ed|wrote|was|had|became|went|began|made|took|gave|sang|spent)\b"
)


def born_opening(d: Drafter, section: Section, sentence: str) -> None:
    """ "Born in 1792, at Pesaro, in Italy, Rossini wrote …" → "When was Rossini born?" / "In 1792" and
    "Where was Rossini born?" / "At Pesaro, in Italy" (the sentence as written, or its "he" named by
    :mod:`.referents`)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _BORN_OPENING_RE.match(detach(sentence))
    if not m:
        return
    subject = m.group("subj")
    if subject.split(" ", 1)[0].casefold() in STOP_WORDS or _NO_VOWEL_RE.search(subject):
        return
    if " " not in subject and zipf(subject, d.lang) >= _WORD_ZIPF and not d.mid_sentence_count(subject):
        return  # a common word, no name
    place = m.group("place")
    if place.split()[1].casefold() in _MONTHS:
        return
    when = m.group("when")
    d.add(section, CardKind.BASIC, f"When was {subject} born?", when[:1].upper() + when[1:], sentence, 1)
    d.add(section, CardKind.BASIC, f"Where was {subject} born?", place[:1].upper() + place[1:], sentence, 1)
