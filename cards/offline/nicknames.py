"""Who was given a nickname, and who coined a term: names a history hands on with their giver.

* "Ptolemy Auletes (80-51 B.C.), Cleopatra's father, was nicknamed "the flute player."" → "Who was
  nicknamed “the flute player”?" / "Ptolemy Auletes"; "Nithart …, has been dubbed the second "Till
  Eulenspiegel."" → "Who has been dubbed the second “Till Eulenspiegel”?" / "Nithart" (surnamed,
  called by the nickname likewise);
* "… for which reason Wagner coined the term "music drama"" → "Who coined the term “music drama”?" /
  "Wagner" (word, name, phrase, expression likewise).

The nickname or the term must be quoted (a name written as such, not "dubbed him a fool"), and the
person a name: at the sentence's start, after a comma (an apposition, "the king of Egypt, Ptolemy
Auletes, …") or after a word that opens a clause ("that", "reason", "when"); a one-word name that is
a common word counts only when the text writes it mid-sentence ("Music was dubbed …" is no one).
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.person_names import PARTICLES, person_name
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS
from documents.model import Section

_NAME = person_name(words=4, particles=f"{PARTICLES}|d’|d'")
# Where a person's name can start inside a sentence: its start, an apposition's comma, a clause's opener.
_BEFORE = r"(?:^|,\s+|\b(?:that|reason|when|whom|and|but|later|then)\s+)"
# "The journalist Ernest Archdeacon coined …": a role in lower case before the name, not part of it.
_ROLE = r"(?:(?:The|the)\s+[a-z]{3,}\s+(?=[A-Z]))?"
# "(80-51 B.C.)", "(plate 36)", then ", Cleopatra's father," or ", by whom … (page 845),", or the comma
# that closes the name's own apposition ("the king of Egypt, Ptolemy Auletes, was …")
_ASIDES = r"(?:\s*\([^()]{1,40}\))?(?:,\s+[^,;]{2,100},|,)?"
_QUOTED = r"[\"“](?P<name>[^\"“”]{2,40}?)(?:[,.!]?[\"”]|[.!]$)"  # a split sentence may end inside the quote
_NICKNAMED_RE = re.compile(
    rf"{_BEFORE}{_ROLE}(?P<who>{_NAME}){_ASIDES}\s+(?P<aux>was|is|has\s+been|had\s+been)\s+"
    r"(?:(?:even|also|often|sometimes|later|afterwards|popularly|commonly|jokingly|aptly)\s+)?"
    rf"(?P<verb>nicknamed|dubbed|surnamed|called\s+by\s+the\s+nickname\s+(?:of\s+)?)\s*"
    rf"(?P<pre>(?:the\s+)?(?:(?:first|second|third|new|modern|English|German|French|Italian)\s+)?){_QUOTED}"
)
_COINED_RE = re.compile(
    rf"{_BEFORE}{_ROLE}(?P<who>{_NAME}){_ASIDES}\s+(?:(?:first|later|himself|herself)\s+)?coined\s+the\s+"
    rf"(?P<kind>term|word|name|phrase|expression)\s+{_QUOTED}"
)
#: A one-word name this common in English (``wordfreq`` zipf) is a word unless written mid-sentence.
_WORD_ZIPF = 3.0


def _person(d: Drafter, who: str) -> str:
    """``who`` as a person's name, or "" when it is a sentence's capitalised word ("The", "Music")."""
    who = re.sub(r"['’]s$", "", who.strip())
    first = who.split(" ", 1)[0]
    if first.casefold() in STOP_WORDS or first.endswith("ly"):
        return ""
    if " " not in who and zipf(who, d.lang) >= _WORD_ZIPF and not d.mid_sentence_count(who):
        return ""
    return who


def nicknames(d: Drafter, section: Section, sentence: str) -> None:
    """The module docstring's shapes, one sentence at a time."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    if (m := _NICKNAMED_RE.search(sentence)) and (who := _person(d, m.group("who"))):
        aux = " ".join(m.group("aux").split())
        verb = m.group("verb").strip()
        verb = "called by the nickname" if verb.startswith("called") else verb
        pre = " ".join(m.group("pre").split())
        nickname = f"{pre} “{m.group('name').strip()}”".strip()
        d.add(section, CardKind.BASIC, f"Who {aux} {verb} {nickname}?", who, sentence, 1)
    if (m := _COINED_RE.search(sentence)) and (who := _person(d, m.group("who"))):
        question = f"Who coined the {m.group('kind')} “{m.group('name').strip()}”?"
        d.add(section, CardKind.BASIC, question, who, sentence, 1)
