"""Who was the first to do something: "Arion was the first to bring the dithyramb into poetry" → "Who was …?".

A history remembers people by what they did first; the question names the deed, the answer
the person (and the year when the sentence gives it: "Quantz …, was the first to publish, in
1750, a method of playing the flute" → "Quantz (in 1750)"). Asked only of a subject that is a
name, of a deed that names what was done (cut before a clause that explains how: ", by teaching
the dancers …"), never of one that points elsewhere ("the first to recognize this defect").
"One of the first to …" has several answers and makes no card.

The first of a kind named with "namely" is asked too: "… then he had completed the first musical
instrument known to man, namely, the drum." → "What was the first musical instrument known to man?" /
"The drum" (earliest, oldest likewise; the kind a noun phrase without a pointer, the answer up to
its first comma).
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, detach, noise
from cards.offline.drafter import Drafter
from cards.offline.person_names import person_name
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

_NAME = person_name()
_FIRST_RE = re.compile(
    rf"^(?P<who>{_NAME})(?:\s+\([^()]{{1,80}}\))?(?:,\s+[^,]{{2,90}},)?\s+"
    r"(?P<verb>was|is|is said to have been|was said to have been|became)\s+"
    r"(?:(?:also|probably|perhaps|certainly)\s+)?the\s+first\s+(?P<kind>[a-z]+\s+)?to\s+(?P<deed>[^;]{6,160})$"
)
# Where the deed ends: a clause that explains or adds ("…, by teaching …", "…, and he …", "…, thus …",
# "…, of which only …").
_DEED_END_RE = re.compile(r",\s+(?:by|and|but|thus|so|which|who|while|whereas|as|for|(?:of|in|on)\s+which)\b")
_YEAR_ASIDE_RE = re.compile(r",\s+(?:in|about|around)\s+(?P<year>1\d{3}|20\d\d),")
_POINTING_RE = re.compile(
    r"\b(?:this|these|those|that|such|same|former|latter|he|she|it|they|his|her|its|their|him|them)\b", re.I
)
# "… the first musical instrument known to man, namely, the drum"
_FIRST_NAMELY_RE = re.compile(
    r"\b[Tt]he\s+(?P<sup>first|earliest|oldest)\s+(?P<kind>[a-z][a-z\- ]{3,60}?),\s+namely,?\s+"
    r"(?P<answer>(?:the\s+|an?\s+)?[^,;:()]{2,60}?)\s*(?:[,;:]|$)"
)
#: A one-word subject this common (``wordfreq`` zipf) is a name only if the text writes it mid-sentence.
_WORD_ZIPF = 3.0


def first_to(d: Drafter, section: Section, sentence: str) -> None:
    """ "X was the first to Y" → "Who was the first to Y?" / "X" (with the year the sentence gives)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    body = detach(sentence).rstrip(".!")
    m = _FIRST_RE.match(body)
    if not m or DANGLING_RE.search(body):
        return
    who = m.group("who")
    first = who.split(" ", 1)[0]
    if first.casefold() in STOP_WORDS or first.endswith("ly"):
        return  # "The Greeks", "Usually": no name
    common = " " not in who and zipf(who, d.lang) >= _WORD_ZIPF
    if common and not d.mid_sentence_count(who):
        return
    deed, year = m.group("deed"), ""
    if aside := _YEAR_ASIDE_RE.search(deed):
        year = aside.group("year")
        deed = deed[: aside.start()] + deed[aside.end() - 1 :].replace(",", "", 1)
    deed = _DEED_END_RE.split(deed, maxsplit=1)[0].strip(" ,")
    if not 2 <= word_count(deed) <= 20 or _POINTING_RE.search(deed):
        return
    verb = m.group("verb")
    question = f"Who {verb} the first {m.group('kind') or ''}to {deed}?"
    d.add(section, CardKind.BASIC, question, f"{who} (in {year})" if year else who, sentence, 1)


def first_of_a_kind(d: Drafter, section: Section, sentence: str) -> None:
    """ "… the first musical instrument known to man, namely, the drum" → "What was the first musical
    instrument known to man?" / "The drum"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _FIRST_NAMELY_RE.search(sentence.strip().rstrip(".!"))
    if not m or _POINTING_RE.search(m.group("kind")) or _POINTING_RE.search(m.group("answer")):
        return
    kind, answer = m.group("kind").strip(), m.group("answer").strip()
    if not 2 <= word_count(kind) <= 10 or not 1 <= word_count(answer) <= 8:
        return
    if re.search(r"\b(?:one|of)$", kind):
        return  # "the first of …", "the first one": of which series?
    rest = sentence[: m.start()] + sentence[m.end() :]  # the tense of the sentence around it
    present = re.search(r"\b(?:is|are)\b", rest) and not re.search(r"\b(?:was|were|had)\b", rest)
    aux = "is" if present else "was"
    d.add(
        section,
        CardKind.BASIC,
        f"What {aux} the {m.group('sup')} {kind}?",
        answer[:1].upper() + answer[1:],
        sentence,
        1,
    )
