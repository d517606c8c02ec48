"""A named person's teachers and posts, as a biography or a history states them.

* "Cherubini was a pupil of Andreas Sarti, a celebrated contrapuntist …" → "Whose pupil was
  Cherubini?" / "Andreas Sarti, a celebrated contrapuntist" (student, disciple likewise);
* "Charles Gounod was admitted to the Conservatoire at sixteen, and studied with Halévy and
  Lesueur." → "With whom did Charles Gounod study?" / "Halévy and Lesueur" (studied under too; the
  "He" of a biography is read as the person it is about, :mod:`cards.offline.referents`);
* "Auber was appointed director of the Paris Conservatoire, in 1842, in succession to Cherubini."
  → "To what post was Auber appointed in 1842?" / "Director of the Paris Conservatoire".

The person must be a name written as one (capitalised words, the text's own mid-sentence name when
it is a common word); the teacher a name too ("studied with great care" is no teacher), the post a
noun phrase of a few words.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.offline.person_mentions import NAME
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

_PERSON = rf"(?P<who>{NAME})(?:\s+\([^()]{{1,40}}\))?"
_PUPIL_RE = re.compile(
    rf"^{_PERSON}\s+(?P<aux>was|is)\s+(?:also\s+)?an?\s+(?:\w+\s+)?(?P<role>pupil|student|disciple)\s+of\s+"
    r"(?P<teacher>[^;]{3,120})$"
)
# "X studied with Y", "X, …, and studied under Y" (a clause between the name and "studied" allowed)
_STUDIED_RE = re.compile(
    rf"^{_PERSON}(?:\s+[^;]{{3,80}}?,?\s+and)?\s+studied\s+(?:music\s+|composition\s+|harmony\s+|"
    r"counterpoint\s+)?(?P<prep>with|under)\s+(?P<teacher>[^;]{3,120})$"
)
# "After the Restoration in France, Spontini was named director of …": an opening phrase of time the
# question keeps ("To what post was Spontini named after the Restoration in France?").
_APPOINTED_RE = re.compile(
    r"^(?P<lead>(?:After|Before|In|On|Upon|During|At|About)\s+[^,;:\"“”()]{2,60},\s+)?"
    rf"{_PERSON}\s+(?P<aux>was|were)\s+(?P<verb>appointed|named|made)\s+(?:as\s+)?(?P<post>(?:the\s+)?[a-z][\w\-]*(?:\s+[\w\-]+){{0,6}}?)"
    r"(?:,?\s+(?:in|about)\s+(?P<year>1\d{3}|20\d\d))?(?:,|\s+in\s+succession\b|\s+by\b|$)"
)
_POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|former|latter|him|her|them|his|their)\b", re.I
)


def career(d: Drafter, section: Section, sentence: str) -> None:
    """A named person's teacher or post (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    body = sentence.rstrip(".!")
    if m := _PUPIL_RE.match(body):
        who, teacher = _person(m.group("who"), d), _teacher(m.group("teacher"))
        if who and teacher:
            q = f"Whose {m.group('role')} {m.group('aux')} {who}?"
            d.add(section, CardKind.BASIC, q, teacher, sentence, 1)
    elif m := _STUDIED_RE.match(body):
        who, teacher = _person(m.group("who"), d), _teacher(m.group("teacher"))
        if who and teacher:
            q = f"{'With' if m.group('prep') == 'with' else 'Under'} whom did {who} study?"
            d.add(section, CardKind.BASIC, q, teacher, sentence, 1)
    elif m := _APPOINTED_RE.match(body):
        who, post = _person(m.group("who"), d), m.group("post")
        if not who or _POINTER_RE.search(post) or not 1 <= word_count(post) <= 7:
            return
        lead = (m.group("lead") or "").rstrip(", ")
        if _POINTER_RE.search(lead) or _not_a_post(post):
            return  # "In that year, …": which?; "was made to wait", "was named after his uncle"
        when = f" in {m.group('year')}" if m.group("year") else ""
        when += f" {lead[:1].lower()}{lead[1:]}" if lead else ""
        q = f"To what post {m.group('aux')} {who} {m.group('verb')}{when}?"
        d.add(section, CardKind.BASIC, q, post[:1].upper() + post[1:], sentence, 1)


def _not_a_post(post: str) -> bool:
    """ "to wait", "after the saint", "known": no noun phrase of a post (its head word a function word,
    a participle or a gerund)."""
    head = re.sub(r"^(?:the|an?)\s+", "", post).split(" ", 1)[0]
    return head.casefold() in STOP_WORDS or head.endswith(("ing", "ed", "ly"))


def _person(name: str, d: Drafter) -> str:
    """``name`` when it is a person's name, else "" ("The Greeks", "Music", a common word)."""
    first, last = name.split(" ", 1)[0], name.rsplit(" ", 1)[-1]
    if first.casefold() in STOP_WORDS or first.endswith("ly"):
        return ""
    if zipf(last, d.lang) >= 4.0 and not d.mid_sentence_count(last):
        return ""
    return name


_ONE_NAME = r"[A-Z][\w’'.\-]*(?:\s+(?:[A-Z][\w’'.\-]*|von|van|de|der|da|di|du|le|la)){0,4}"
# The teacher(s): names ("Halévy and Lesueur"), and one short description after a single name
# ("Andreas Sarti, a celebrated contrapuntist"); "in Vienna", "and a disciple of …" left out.
_TEACHER_RE = re.compile(
    rf"^(?P<names>{_ONE_NAME}(?:(?:,\s+|\s+and\s+|,\s+and\s+){_ONE_NAME})*)"
    r"(?P<desc>,\s+(?:a|an|the)\s+[a-z][^,;]{2,40}?(?=\s+and\b|\s+who\b|,|$))?"
)


def _teacher(text: str) -> str:
    """The teacher: names, with a short description of a single one; "" when no name opens it."""
    m = _TEACHER_RE.match(text.strip())
    if not m or _POINTER_RE.search(m.group(0)):
        return ""  # "studied with great care": no one
    teacher = m.group("names") + (m.group("desc") or "" if " and " not in m.group("names") else "")
    return "" if word_count(teacher) > 12 else teacher
