"""A lead line over terms, each with its definition: one cloze over the terms.

    Common Core State Standards are organized by:
    Strands -major areas of study: reading, writing, listening/speaking and language.
    Topics -organizational grouping of the standards
    Standard Statements - essential knowledge and skills to be learned at each grade level

→ "Common Core State Standards are organized by: {{c1::Strands}} - major areas of study: …;
{{c2::Topics}} - organizational grouping of the standards; {{c3::Standard Statements}} - …".

Speaker notes and handouts write such a breakdown with a dash, often without a space after it
("Strands -major areas"), which a glossary line ("Term — definition") does not take. The lead
says what the terms are parts of, the definitions stay visible as the cues, and the terms are
recalled in order; two to five lines, each term a short name (one to four words, capitalised).
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_TERM_LINE_RE = re.compile(
    r"^(?P<term>[A-Z][A-Za-z]*(?:\s+[A-Za-z][A-Za-z]*){0,3}?)\s*[-–—]\s*(?P<definition>[a-zA-Z“\"].{3,140})$"
)


def term_list(d: Drafter, section: Section, text: str) -> None:
    """Every run of a lead line ending in ":" over 2-5 "Term - definition" lines in ``text``."""
    if CardKind.CLOZE not in d.kinds:
        return
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for index, lead in enumerate(lines):
        if not lead.endswith(":") or not 3 <= word_count(lead) <= 20:
            continue
        if PRONOUN_START_RE.match(lead) or DANGLING_RE.search(lead) or noise(lead):
            continue
        run = []
        for line in lines[index + 1 : index + 6]:
            m = _TERM_LINE_RE.match(line)
            if not m or noise(line):
                break
            run.append((m.group("term"), m.group("definition").strip().rstrip(".;")))
        if not 2 <= len(run) <= 5 or len({t.casefold() for t, _ in run}) != len(run):
            continue
        if any(word_count(definition) < 2 for _, definition in run):
            continue
        deletions = "; ".join(
            f"{{{{c{n}::{term}}}}} - {definition}" for n, (term, definition) in enumerate(run, 1)
        )
        quoted = "; ".join([lead, *lines[index + 1 : index + 1 + len(run)]])
        d.add(section, CardKind.CLOZE, f"{lead} {deletions}", "", quoted, 0)
