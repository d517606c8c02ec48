"""When something happened or is due, by its full date: "On {{November 7, 2018}}, the FAA issued …".

A rule, a report or a history dates what was done to the day ("On March 13, 2019, the FAA issued
an Emergency Order", "The list was published on April 10, 2020", "Comments must be received by
September 21, 2020"); the date is the fact to learn, so it is the cloze. Only a date that dates the
sentence's own event is taken: one opening the sentence ("On …, X did Y"), one after a verb in the
past ("was published on …", "expired on …") or a deadline ("must … by …"). A document's own date
("Bulletin 737-31, dated June 12, 2020, describes …") names a document, not an event: no card; nor a
sentence with two full dates (which one is asked?), a pronoun subject (whose deed?), a link, or one
too long to read as one fact.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "November 7, 2018" and "7 November 2018".
_DATE = rf"(?:{_MONTHS}\s+\d{{1,2}},?\s+(?:1\d{{3}}|20\d\d)|\d{{1,2}}\s+{_MONTHS}\s+(?:1\d{{3}}|20\d\d))\b"
_DATE_RE = re.compile(_DATE)
# "On November 7, 2018, the FAA issued …": the date opens the sentence and its clause follows.
_OPENING_RE = re.compile(rf"^On\s+(?P<date>{_DATE}),\s+(?P<rest>\S.*)$")
# "… was published on April 10, 2020", "The patent expired on …": a verb in the past dated to the day
# (never "dated on": a document's name).
_PASSIVE_RE = re.compile(rf"\b(?!dated\b)[a-z]{{3,}}(?:ed|en|ung)\s+on\s+(?P<date>{_DATE})")
# "… must receive comments … by September 21, 2020": a deadline.
_DEADLINE_RE = re.compile(
    rf"\b(?:must|shall|should|will|is due|are due)\b[^.;]{{0,80}}?\bby\s+(?P<date>{_DATE})"
)
_PRONOUN_RE = re.compile(r"^(?:he|she|it|they|we|you|this|these|that|those|his|her|its|their)\b", re.I)
_LINK_RE = re.compile(r"https?://|www\.")
#: Longer than this, the sentence holds more than the one dated fact a card should ask.
_MAX_WORDS = 40
#: The event needs a subject and a verb besides the date.
_MIN_WORDS = 7


def dated_event(d: Drafter, section: Section, sentence: str) -> None:
    """A sentence dating its own event to the day → a cloze on the date."""
    if CardKind.CLOZE not in d.kinds or d.lang != "en" or noise(sentence) or _LINK_RE.search(sentence):
        return
    if len(_DATE_RE.findall(sentence)) != 1 or not _MIN_WORDS <= word_count(sentence) <= _MAX_WORDS:
        return
    opening = _OPENING_RE.match(sentence)
    if opening and _PRONOUN_RE.match(opening.group("rest")):
        return  # "On May 4, 2019, it was …": whose event is in another sentence
    m = opening or _PASSIVE_RE.search(sentence) or _DEADLINE_RE.search(sentence)
    if not m:
        return
    date = m.group("date")
    start = m.start("date")
    cloze = f"{sentence[:start]}{{{{c1::{date}}}}}{sentence[start + len(date) :]}"
    d.add(section, CardKind.CLOZE, cloze, "", sentence, 1)
