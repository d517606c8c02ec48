"""Cards from a list item about a name, led by that name: "In Memcheck’s block_list, if …".

A manual lists its options, commands and functions as items that open with the name and go on
to describe it over several sentences: "block_list <loss_record_nr> … shows the list of blocks …
If one or more heuristics are given, only prints the loss records …", "--leak-check=<no|full>: When
enabled, …". The sentences after the first are about the name but do not say it; a card made of one
("If one or more heuristics are given, only prints the {{loss records}} …", "What happens if set to
full?") does not say what it is about (rubric Q7), and the document's subject alone ("In Memcheck,
…") does not say it either.

:func:`name_the_items` leads every candidate card whose sentence comes from such an item, and that
does not name the item's name, with it, and its kind when its shape tells it (an option, a
function): "In Memcheck’s “--leak-check” option, …". An item's name is code-shaped, so that a plain
word opening a line ("Memory …") is never taken for one: an option ("--leak-check", "-v"), a name with
an underscore, a dot or a call's brackets ("block_list", "os.cpus()"), or a constant in capitals
("RTLD_LAZY"), followed by its arguments, a colon or a description. The led card replaces the card
only when the quality gate judges both alike (as :mod:`.subject_lead` does).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from cards.offline.drafter import Drafter
from cards.offline.rows import kind_of_name
from cards.offline.subject import framed
from cards.offline.subject_lead import lead_where_gate_agrees
from cards.schema import CardDraft, CardKind
from cards.text import STOP_WORDS, cloze_plain

# A line that opens with a code-shaped name, then its arguments, a colon, or a lower-case description.
_ITEM_RE = re.compile(
    r"^(?P<name>--?[A-Za-z][\w\-]*|[A-Za-z_]\w*(?:[._]\w+)+(?:\(\))?|[A-Za-z_]\w*\(\)|[A-Z][A-Z0-9]*_[A-Z0-9_]+)"
    r"(?=[=:]|\s+[<\[(]|\s+[a-z])"
)


# A code-shaped or CamelCase name of the sentence's own ("RampHold", "KILN_EXTRA_OPTS", "os.cpus()").
_OWN_NAME_RE = re.compile(
    r"(?<![\w\-])(?:[A-Z][a-z]+[A-Z]\w*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|\w+\.\w+\(\)|--[a-z][\w\-]*)"
)


def item_name(line: str, *, in_list: bool = True) -> str:
    """The code-shaped name a list item or definition line opens with, or "".

    Outside a list (``in_list`` False), only a definition line is an item: the name followed by its
    arguments, a value or a colon ("--leak-check=<no|full>: …"); a paragraph that opens on a name and
    a verb ("KILN_CONE_TABLE overrides …") goes on to other subjects.
    """
    m = _ITEM_RE.match(line.strip())
    if not m or (not in_list and not re.match(r"[=:]|\s+[<\[(]", line.strip()[m.end() :])):
        return ""
    return m.group("name")


def _item_of(d: Drafter, card: CardDraft) -> str:
    """The name of the item the card's source sentence belongs to, or ""."""
    # the quote's opening words: a sentence split may have run on into the next item's line
    quoted = card.source_span.rstrip("…").strip()[:60]
    if len(quoted) < 12:
        return ""
    for section, text in d.prepared:
        if section.source != card.source:
            continue
        previous = ""
        for line in text.splitlines():
            # an item starts a line of its own: not a paragraph's wrapped line that opens on an option
            starts = section.kind == "list" or not previous.strip() or previous.rstrip().endswith((".", ":"))
            if quoted in line:
                return item_name(line, in_list=section.kind == "list") if starts else ""
            previous = line
    return ""


def item_led(card: CardDraft, d: Drafter) -> CardDraft | None:
    """``card`` led by the name of the item it comes from, or None when it needs no lead."""
    if card.kind not in (CardKind.BASIC, CardKind.CLOZE) or d.lang != "en":
        return None
    plain = cloze_plain(card.front) if card.kind is CardKind.CLOZE else card.front
    name = _item_of(d, card)
    if not name or framed(plain) or name.casefold() in (card.front + " " + card.back).casefold():
        return None
    if _OWN_NAME_RE.search(plain):
        return None  # "RampHold applies to …": a sentence with a name of its own is about that name
    if card.kind is CardKind.CLOZE and not plain[:1].isalnum():
        return None
    kind = kind_of_name(name)
    owner = f"{d.subject.name}’s " if d.subject and d.subject.proper else "the " if kind else ""
    thing = f"{owner}“{name}” {kind}" if kind else f"{owner}{name}"
    return dataclasses.replace(card, front=f"In {thing}, {_lowered(card.front, d)}")


def _lowered(front: str, d: Drafter) -> str:
    """``front`` with its first word in lower case when it is a word of the language the text writes
    in lower case ("If", "The", "Memory"), not a name ("Memcheck", "GDB")."""
    opening = _CLOZE_OPEN_RE.match(front)
    start = opening.end() if opening else 0
    word = re.match(r"[A-Z][a-z’'\-]*\b", front[start:])
    if not word:
        return front
    low = word.group(0).casefold()
    if low not in STOP_WORDS and not re.search(rf"(?<![\w\-]){re.escape(low)}\b", d.all_text):
        return front
    return front[:start] + low[:1] + front[start + 1 :]


# A cloze's first deletion marker, before the first word it hides.
_CLOZE_OPEN_RE = re.compile(r"^\{\{c\d+::")


def name_the_items(d: Drafter, judge: Callable[[list[CardDraft]], list[int]]) -> None:
    """Every candidate from an item about a name that does not say the name gets it, where the gate
    agrees (see the module docstring)."""
    lead_where_gate_agrees(d, judge, item_led)
