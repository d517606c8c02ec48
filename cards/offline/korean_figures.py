"""A Korean sentence's figures with their subject: one cloze over the counts it states.

"2020.3.30. 0시 기준 현재 … 국내 확진자는 9,661명, 사망자는 158명으로 나타났다." →
"… 국내 확진자는 {{c1::9,661명}}, 사망자는 {{c2::158명}}으로 나타났다."; "… 디프테리아”등
17종이 새롭게 포함되었다." → "… {{c1::17종}}이 새롭게 포함되었다."

A figure counts when it is written with its counter (명, 종, 건, 개, 곳, 개국, 가지, 배, 회, %, 원)
and its subject is named: the noun just before it carries a subject particle ("확진자는
9,661명") or the count itself is the subject ("17종이"). Times, article and grade numbers
(제2조, 1급) are no counts; a full date is the blank when a named actor comes before it
("세계보건기구(WHO)는 지난 {{c1::2020. 3.11.}} … 선언하였다"), not when it opens the
sentence ("2020.3.30. 0시 기준": when a figure was taken). The sentence must read as one
card (at most 45 English-word equivalents, :func:`cards.statements.reading_length`), state
a fact (no plan, no appeal) and not lean on the one before it: a leading connective that
only links it ("대신에", "한편", "따라서") is dropped from the card, which still quotes the
sentence as written; one that points back ("이들은", "이러한 …") makes no card. At most
three figures, each deleted whole.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.statements import reading_length, statement_problem
from documents.model import Section

# A count with its counter, then a particle, a comma or the end of a word.
_COUNT_RE = re.compile(
    r"(?<![\w.,~\-])(?P<count>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(?P<counter>개국|가지|만\s?명|명|종|건|개|곳|배|회|%|퍼센트|억\s?원|만\s?원|조\s?원|원)"
    r"(?P<after>이|가|은|는|을|를|으로|로|의|에|과|와|,|\s|$)"
)
# A full year-first date ("2020. 3.11."), deleted whole when the sentence names who acted before it.
_DATE_RE = re.compile(r"(?<![\d.])\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.")
# A named actor: a name with its topic particle, "세계보건기구(WHO)는".
_ACTOR_RE = re.compile(r"[\uac00-\ud7a3]{2,}(?:\([A-Za-z]{2,10}\))?(?:은|는)\s")
# The noun before a count names it when it carries a subject or topic particle: "확진자는 9,661명".
_SUBJECT_BEFORE_RE = re.compile(r"[\uac00-\ud7a3]{2,}(?:은|는|이|가)\s$")
# A connective that only links a sentence to the one before: dropped from the card.
LINK_RE = re.compile(
    r"^(?:대신에|대신|한편|따라서|그러나|하지만|그런데|또한|아울러|특히|다만|즉|결국|이와\s관련하여),?\s+"
)
# Words that point back at what the text said before: the sentence does not stand alone.
_POINTING_RE = re.compile(r"(?:^|\s)(?:이|그|이들|이들은|이는|이를|이러한|그러한|해당|상기|위|동)(?=\s)")

#: The longest sentence a figure cloze is made of, in English-word equivalents.
MAX_READING_LENGTH = 45
#: The most figures one cloze deletes.
MAX_FIGURES = 3


def korean_figures(d: Drafter, section: Section, sentence: str) -> None:
    """A cloze over the counts ``sentence`` states about a named subject (see the module docstring)."""
    if d.lang != "ko" or CardKind.CLOZE not in d.kinds or noise(sentence):
        return
    text = LINK_RE.sub("", sentence.strip(), count=1)
    if not 8 <= reading_length(text) <= MAX_READING_LENGTH or not text.endswith("다."):
        return  # a Korean statement ends on its verb: "…나타났다.", "…포함되었다."
    if statement_problem(text, d.lang) or _POINTING_RE.search(text) or "{{" in text:
        return
    figures = [(m.start(), m.end("counter")) for m in _COUNT_RE.finditer(text) if _names_subject(text, m)]
    # the date of a named actor's deed ("세계보건기구(WHO)는 지난 2020. 3.11. … 선언하였다"); a date
    # that opens the sentence only says when a figure was taken ("2020.3.30. 0시 기준 …")
    figures += [(m.start(), m.end()) for m in _DATE_RE.finditer(text) if _ACTOR_RE.search(text[: m.start()])]
    if not figures or len(figures) > MAX_FIGURES:
        return
    pieces, last = [], 0
    for n, (start, end) in enumerate(sorted(figures), 1):
        pieces.append(f"{text[last:start]}{{{{c{n}::{text[start:end].strip()}}}}}")
        last = end
    d.add(section, CardKind.CLOZE, "".join(pieces) + text[last:], "", sentence, 0)


def _names_subject(text: str, m: re.Match[str]) -> bool:
    if m.group("after") in {"이", "가", "은", "는"}:
        return True  # the count is the subject: "17종이 새롭게 포함되었다"
    return bool(_SUBJECT_BEFORE_RE.search(text[: m.start()]))
