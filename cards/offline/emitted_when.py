"""When a named event fires or a hook is called: "The 'exit' event is emitted after the child process ends".

API references and tutorials state the moment of an event or a callback in one passive sentence:
"The 'spawn' event is emitted once the child process has spawned successfully", "The 'close' event is
emitted when the server closes", "The drop method is called when a value goes out of scope". The
moment is the fact a student learns: "When is the ChildProcess 'exit' event emitted?" / "After the
child process ends".

The subject must name one thing: a quoted event name ("The 'exit' event") or a name written as code
("The drop method", "The Drop trait's drop method" is too long: at most four words). A negated
sentence ("is not emitted") or one that points elsewhere ("this event", "it") makes no card. Under
a "Class: X" heading the class is named in the question, as the same event name is used by many
classes.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_EMITTED_RE = re.compile(
    r"^(?P<subj>The\s+(?:['‘\"“`][\w:.\-]+['’\"”`]\s+(?:event|signal|hook|callback)"
    r"|[a-z_][\w]*(?:::\w+)*(?:\(\))?\s+(?:method|function|callback|hook|event)))\s+"
    r"(?P<aux>is|are)\s+(?:(?:only|always|also)\s+)?"
    r"(?P<verb>emitted|fired|raised|triggered|called|invoked|dispatched|run)\s+"
    r"(?P<w>when|whenever|after|before|once|if)\s+(?P<cond>[^;:]{6,160}?)[.]?$"
)
_CLASS_HEADING_RE = re.compile(r"^Class:\s*(?P<name>[\w.]+)$")
_POINTING_RE = re.compile(r"\b(?:this|these|those|above|below)\b", re.I)
#: The longest moment that stays one fact.
MAX_ANSWER_WORDS = 25


def emitted_when(d: Drafter, section: Section, sentence: str) -> None:
    """ "The 'exit' event is emitted after the child process ends." → "When is the 'exit' event emitted?"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    m = _EMITTED_RE.match(sentence.strip())
    if not m or _POINTING_RE.search(m.group("cond")):
        return
    subject = m.group("subj")
    name = subject.split()[1]
    if name[:1].isalpha() and d.mid_sentence_count(name) == 0:
        return  # "The run method": a lower-case word the text never writes as a name is no code name
    owner = next(
        (
            c.group("name")
            for h in reversed(section.source.heading or d.chunk.heading)
            if (c := _CLASS_HEADING_RE.match(h.strip()))
        ),
        "",
    )
    what = subject[4:]  # without "The "
    if owner and owner.casefold() not in what.casefold():
        what = f"{owner} {what}"
    question = f"When {m.group('aux')} the {what} {m.group('verb')}?"
    condition = re.sub(r"\{([\w.]+)\}", r"\1", m.group("cond").strip())  # "the {FileHandle}": a type's markup
    answer = f"{m.group('w')[:1].upper()}{m.group('w')[1:]} {condition}"
    if word_count(answer) <= MAX_ANSWER_WORDS:
        d.add(section, CardKind.BASIC, question, answer, sentence, 1)
