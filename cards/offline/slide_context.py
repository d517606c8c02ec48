"""A slide's cards led by the slide's title when it names their subject: "In Cython, what happens if …".

A slide is a section with a slide number, or one whose lines are mostly bullets (a deck exported
to PDF without its slide numbers). A deck states a tool's facts under the tool's title and never
names it again on the slide: under "Cython", "If a name is used without a cdef, the default type
is general Python object." On a card, alone, "What happens if a name is used without a cdef?"
does not say in which language (rubric Q7). The slide's title is the card's context when it is a
name: one or two words, each a word general language does not know or with a capital inside it
("Cython", "NumPy", "Numba"); not a possessive ("Ohio’s Decision"), an activity or a part of the
deck ("Parallelism", "Summary"). A
card that names the title already, or another context ("In X, …"), is left as it is, and a lead
is kept only when the quality gate judges the led card as it judges the card without it (as
:mod:`.subject_lead` does for the document's subject, which runs after this and so leads what no
slide title named).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from cards.offline.drafter import Drafter
from cards.offline.subject import NAME_ZIPF, Subject, names_a_part
from cards.offline.subject_lead import led
from cards.offline.terms import GENERIC_HEADINGS, zipf
from cards.schema import CardDraft
from cards.text import STOP_WORDS, normalize, words


def title_subject(heading: tuple[str, ...] | list[str] | None, lang: str) -> Subject | None:
    """The slide's title as a subject its cards can be placed in, or None (module docstring)."""
    if not heading:
        return None
    title = re.sub(r"\s*\((?:continued|cont(?:'d|\.)?)\)$", "", heading[-1].strip(" :."), flags=re.I)
    tokens = words(title)
    if not 1 <= len(tokens) <= 2 or " ".join(tokens) != title or title.casefold() in GENERIC_HEADINGS:
        return None  # a phrase with punctuation or more words is a topic, not a name
    if any(t.casefold() in STOP_WORDS for t in tokens) or not title[:1].isupper():
        return None
    if names_a_part(title, lang) or re.search(r"[’']s?\b", title):
        return None  # "Ohio’s Decision": a possessive describes, it names nothing
    # a coined name: a word general language does not know ("Cython") or a capital inside ("NumPy")
    if not all(zipf(t, lang) < NAME_ZIPF or re.search(r".[A-Z]", t) for t in tokens):
        return None
    return Subject(title, proper=True)


_BULLET_LINE_RE = re.compile(r"^[ \t]*[●○■□►▶◆◇❖➢➤✓✔]")
#: Share of a section's lines led by a bullet glyph above which it is a slide (a deck read without its
#: slide numbers: a PDF export of a presentation).
BULLETED_SHARE = 0.5


def _bulleted(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    bulleted = sum(bool(_BULLET_LINE_RE.match(line)) for line in lines)
    return bool(lines) and bulleted >= BULLETED_SHARE * len(lines)


def name_the_slide(d: Drafter, judge: Callable[[list[CardDraft]], list[int]]) -> None:
    """Every slide card that does not name its slide's title (a name) gets it, where the gate agrees."""
    slides = {section.source for section, _ in d.prepared if _bulleted(section.text)}
    for index, candidate in enumerate(d.candidates):
        card = candidate.card
        if card.source.slide is None and card.source not in slides:
            continue
        subject = title_subject(card.source.heading, d.lang)
        new = led(card, d, subject) if subject else None
        if new is None or normalize(new.front) in d.seen_fronts:
            continue
        before, after = judge([card, new])
        if before < 2 and after == before:
            d.seen_fronts.add(normalize(new.front))
            d.candidates[index] = dataclasses.replace(candidate, card=new)
