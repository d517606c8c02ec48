"""What someone called their own work: "Hucbald called his system an "organum" or "diaphony"" →
"What did Hucbald call his system?" / "An "organum" or "diaphony"".

A history names an invention by what its maker called it; the name is quoted or emphasised, and the
thing is the maker's own ("his system", "her method"), so the question has one answer. Asked only of
a subject that is a name (often one :mod:`.referents` put in place of "He") and of a name written
as such (quoted or in _emphasis_), never of a plain word ("He called his son a fool").
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.person_names import PARTICLES, person_name
from cards.schema import CardKind
from cards.text import STOP_WORDS
from documents.model import Section

_NAME = person_name(words=4, particles=f"{PARTICLES}|d’|d'")
# 'X called his system an "organum" or "diaphony"', "X named her method _tonic sol-fa_".
_OWN_NAME_RE = re.compile(
    rf"^(?P<who>{_NAME})\s+(?:also\s+|first\s+)?(?P<verb>called|named)\s+(?P<own>his|her|their)\s+"
    r"(?P<what>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]{2,})\s+(?:(?:an?|the)\s+)?"
    r"(?P<name>[\"“][^\"“”]{1,40}?,?[\"”]|_[^_]{1,40}_)"
    r"(?P<alt>\s+or\s+(?:[\"“][^\"“”]{1,40}?,?[\"”]|_[^_]{1,40}_))?"
)
_BASE = {"called": "call", "named": "name"}


def own_name(d: Drafter, section: Section, sentence: str) -> None:
    """ "X called his Y "Z"" → "What did X call his Y?" / "Z"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _OWN_NAME_RE.match(sentence)
    if not m:
        return
    who = m.group("who")
    first = who.split(" ", 1)[0]
    if first.casefold() in STOP_WORDS or first.endswith("ly"):
        return  # "The Greeks called their …", "Usually …": no one named
    what = m.group("what")
    if any(w in STOP_WORDS for w in what.split()):
        return  # "his own", "their best": not a thing named
    answer = _clean(m.group("name"))
    if m.group("alt"):
        answer += f" or {_clean(m.group('alt').split(' or ', 1)[1])}"
    question = f"What did {who} {_BASE[m.group('verb')]} {m.group('own')} {what}?"
    d.add(section, CardKind.BASIC, question, answer, sentence, 1)


def _clean(quoted: str) -> str:
    """A quoted or emphasised name as the answer writes it: "organum" (its comma left out)."""
    inner = quoted.strip().strip('_"“”').rstrip(",").strip()
    return f"“{inner}”"
