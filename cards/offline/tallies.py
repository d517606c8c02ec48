"""A tally: one sentence that counts the same thing in several places, as one cloze over the counts.

"There are 4 topics in Reading and Writing, 2 topics in Speaking and Listening and 3 topics in
Language." → "There are {{c1::4}} topics in Reading and Writing, {{c2::2}} topics in Speaking and
Listening and {{c3::3}} topics in Language." The counts are what is learnt; a question per count
would split one comparison into several cards, and a question on the whole would ask for a set.
The counted noun must repeat ("4 topics in …, 2 topics in …"), so that the numbers measure one
thing; two to four counts make a tally.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_COUNT_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d[\d,]*(?:\.\d+)?%?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)"
    r"\s+(?P<noun>[a-z][\w\-]*)\s+(?:in|within|for|on|at|of|per)\s+(?=\S)"
)


def tally(d: Drafter, section: Section, sentence: str) -> None:
    """ "N things in A, M things in B and K things in C" → a cloze over N, M and K."""
    leans = PRONOUN_START_RE.match(sentence) and not sentence.startswith(
        "There "
    )  # "There are" leans on nothing
    if CardKind.CLOZE not in d.kinds or noise(sentence) or leans:
        return
    if not 8 <= word_count(sentence) <= 45 or DANGLING_RE.search(sentence):
        return
    counts = list(_COUNT_RE.finditer(sentence))
    if not 2 <= len(counts) <= 4 or len({m.group("noun").casefold() for m in counts}) != 1:
        return
    pieces, last = [], 0
    for number, m in enumerate(counts, 1):
        pieces.append(sentence[last : m.start("n")])
        pieces.append(f"{{{{c{number}::{m.group('n')}}}}}")
        last = m.end("n")
    pieces.append(sentence[last:])
    d.add(section, CardKind.CLOZE, "".join(pieces), "", sentence, 1)
