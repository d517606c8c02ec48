"""When a named person lived: "Charlemagne (742-814 A.D.)" → "When did Charlemagne live?" / "742-814 A.D.".

A history dates the people it names with their years in brackets after the name. The range
must look like a life: two years in order (reversed before Christ, "Euripides (480-406 B.C.)"),
twenty to a hundred and ten years apart (a place's "Venice (1445-1459)" is a period, not a
life); the name is a name where the text writes it (not after "the": "the German Rolle (…)"
names Rolle by a nationality the question would have to repeat); the person is not named in passing,
as a source the text cites ("according to St. Jerome (…)") or a reign it dates by ("in the time of
Caligula (…), and Nero (…)").

One end of a life is asked the same way: "C.P.E. Bach (born 1714) was …" → "When was C.P.E. Bach
born?" / "1714", "from Scarlatti (d. 1757) down to …" → "When did Scarlatti die?" / "1757". The bracket
says "born", "b.", "died" or "d." (a bare "(1776)" after a name is the year of a work the text cites),
and the name is not a source whose work the text cites ("the later works of Forkel (d. 1818)") nor, past
the sentence's opening subject, one the text names only there (named once in passing). Both ends and
the birthplace may share one bracket: "Josquin des Prés (born at Conde in the north of France in 1450,
died 1521)" → when born, where born, when died.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import STOP_WORDS
from documents.model import Section

_LIFESPAN_RE = re.compile(
    r"(?<![\w’'.\-])(?P<name>[A-Z][a-zà-ÿ’'\-]+(?:\s+(?:[A-Z][a-zà-ÿ’'\-]+|von|van|de|der|des|du|da|di)){0,3})"
    r"\s+\((?P<first>\d{2,4})(?P<dash>\s*[-–]\s*)(?P<last>\d{2,4})(?:\s+(?P<era>A\.D\.|B\.C\.|AD|BC|CE|BCE))?\)"
)
_DESCRIBED_RE = re.compile(r"\b(?:the|a|an|this|that|these|those)\s+(?:[A-Z][a-z]+\s+)?$", re.I)
_BEFORE_NO_RE = re.compile(r"\b(?:the|a|an|this|that|these|those|in|at|from|until|since)\s+$", re.I)
# "according to St. Chrysostom (…)", "in the time of Caligula (…)", "under Nero (…)": a source the text
# cites or a reign it dates by, a name in passing; the text is not about that person's life.
_IN_PASSING_RE = re.compile(
    r"\b(?:according\s+to|in\s+the\s+(?:time|times|days|reign|age|era)\s+of|under)\s+"
    r"(?:(?:St|Saint|King|Queen|Emperor|Pope)\.?\s+)?$",
    re.I,
)
# "…, Caligula (12-41 A.D.), and Nero (…)": the next name of the same list, in passing as the first was.
_SAME_LIST_RE = re.compile(r"^\)?,?\s+(?:and\s+|or\s+)?(?:(?:St|Saint)\.?\s+)?$")
# "C.P.E. Bach (born 1714)", "Herodotus (born 485 B.C.)", "Veit Bach (born about 1550)", "(d. 1757)".
_ONE_END_RE = re.compile(
    r"(?<![\w’'.\-])(?P<name>(?:(?:[A-Z]\.){1,3}\s?)?[A-Z][a-zà-ÿ’'\-]+"
    r"(?:\s+(?:[A-Z][a-zà-ÿ’'\-]+|von|van|de|der|des|du|da|di)){0,3})"
    r"\s+\((?P<end>born|b\.|died|d\.)\s+(?P<date>(?:about\s+|c\.\s*)?(?P<year>\d{3,4})"
    r"(?:\s+(?P<era>A\.D\.|B\.C\.))?)\)"
)
# "the works of Forkel (d. 1818)", "the writings of …": a source the text cites by its author.
_CITED_RE = re.compile(
    r"\b(?:works?|writings?|books?|treatises?|history|histories|essays?|articles?|editions?|researches)"
    r"\s+of\s+$",
    re.I,
)
# "Josquin des Prés (born at Conde in the north of France in 1450, died 1521)": both ends of a life and
# the birthplace, in one bracket.
_BORN_DIED_RE = re.compile(
    r"(?<![\w’'.\-])(?P<name>[A-Z][a-zà-ÿ’'\-]+(?:\s+(?:[A-Z][a-zà-ÿ’'\-]+|von|van|de|der|des|du|da|di)){0,3})"
    r"\s+\((?:born|b\.)\s+(?P<place>(?:at|in)\s+[A-Z][^,;()]{1,60}?)\s+(?P<born>in\s+(?:about\s+)?\d{3,4})"
    r",?\s+(?:and\s+)?(?:died|d\.)\s+(?P<died>(?:in\s+|about\s+)?\d{3,4})\)"
)
#: The shortest and longest life a range may describe, in years.
_SHORTEST, _LONGEST = 20, 110


def lifespan(d: Drafter, section: Section, sentence: str) -> None:
    """ "Gregory (540-604 A.D.)" → "When did Gregory live?" / "540–604 A.D."."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    passing_end = -1  # where the last lifespan named in passing ends
    for m in _LIFESPAN_RE.finditer(sentence):
        name = m.group("name")
        before = sentence[: m.start()]
        if _IN_PASSING_RE.search(before) or (
            passing_end >= 0 and _SAME_LIST_RE.match(sentence[passing_end : m.start()])
        ):
            passing_end = m.end()
            continue
        if name.split(" ", 1)[0].casefold() in STOP_WORDS or _BEFORE_NO_RE.search(before):
            continue
        first, last = int(m.group("first")), int(m.group("last"))
        era = m.group("era") or ""
        before_christ = era.upper().startswith("B")
        years = first - last if before_christ else last - first
        if not _SHORTEST <= years <= _LONGEST or (not era and first < 1000):
            continue  # not a life; a bare "12-41" is as likely a page range
        # as written (the gate compares the answer's figures with the source's)
        answer = f"{m.group('first')}{m.group('dash')}{m.group('last')}" + (f" {era}" if era else "")
        d.add(section, CardKind.BASIC, f"When did {name} live?", answer, sentence, 1)
    _one_end(d, section, sentence)
    _born_and_died(d, section, sentence)


def _born_and_died(d: Drafter, section: Section, sentence: str) -> None:
    """ "Josquin des Prés (born at Conde … in 1450, died 1521)" → when born, where born, when died."""
    for m in _BORN_DIED_RE.finditer(sentence):
        name, before = m.group("name"), sentence[: m.start()]
        while " " in name and name.split(" ", 1)[0].casefold() in STOP_WORDS:
            name = name.split(" ", 1)[1]  # "Now Josquin (born …)": the sentence's first word is no name
        if name.split(" ", 1)[0].casefold() in STOP_WORDS or _DESCRIBED_RE.search(before):
            continue
        if _IN_PASSING_RE.search(before) or _CITED_RE.search(before):
            continue
        born, died = int(m.group("born").split()[-1]), int(m.group("died").split()[-1])
        if not _SHORTEST <= died - born <= _LONGEST:
            continue  # not one life's years
        for question, answer in (
            (f"When was {name} born?", m.group("born")),
            (f"Where was {name} born?", m.group("place")),
            (f"When did {name} die?", m.group("died")),
        ):
            d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def _one_end(d: Drafter, section: Section, sentence: str) -> None:
    """ "C.P.E. Bach (born 1714)" → "When was C.P.E. Bach born?" / "1714"."""
    passing_end = -1
    for m in _ONE_END_RE.finditer(sentence):
        name, before = m.group("name"), sentence[: m.start()]
        # a source cited, a reign dated by, or the same list's next name ("… (d. 1818) and Ambros (d. 1876)")
        if (
            _IN_PASSING_RE.search(before)
            or _CITED_RE.search(before)
            or (passing_end >= 0 and _SAME_LIST_RE.match(sentence[passing_end : m.start()]))
        ):
            passing_end = m.end()
            continue
        while " " in name and name.split(" ", 1)[0].casefold() in STOP_WORDS:
            name = name.split(" ", 1)[1]  # "As Aristides (died …)": the sentence's first word is no name
        if name.split(" ", 1)[0].casefold() in STOP_WORDS or _DESCRIBED_RE.search(before):
            continue  # "the German Rolle (born …)": named by a description the question would repeat
        if not m.group("era") and int(m.group("year")) < 1000:
            continue  # "(d. 680)" without its era may be a page or a number
        told = len(re.findall(rf"\b{re.escape(name.rsplit(' ', 1)[-1])}\b", d.all_text)) >= 2
        if m.start() > 0 and not told:
            continue  # named once, in passing ("every historian from Hawkins (d. 1789) down …"): not told of
        date = m.group("date")
        answer = date[:1].upper() + date[1:]
        question = f"When was {name} born?" if m.group("end").startswith("b") else f"When did {name} die?"
        d.add(section, CardKind.BASIC, question, answer, sentence, 1)
