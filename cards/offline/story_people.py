"""Who a story's narration tells of: its sentences with the dialogue taken out, the characters each
names, and whom "he", "she" or "it" stands for where that is certain (:mod:`.story_events`,
:mod:`.story_measures`).

A line of dialogue is what someone says, not what happens: the paragraph, not the sentence
splitter (which may cut a quotation and drop its closing mark), decides what is inside quotation
marks. A character is a capitalised name the chunk writes mid-sentence ("the White Rabbit", "the
Knave of Hearts"); a name's possessive with its noun ("the Duchess's cook") is someone else. A
pronoun stands for one only when the last narrated sentence naming anyone, in the same paragraph or
the one before, names exactly one character, no sentence since brings someone in ("The next
witness …", "His housekeeper brought in a lamp.") and that sentence has not the same pronoun before
the name; or when the pronoun's own sentence names exactly one before it with no thing between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.offline.drafter import Drafter
from cards.text import split_sentences
from documents.model import Section

# A capitalised name, "the" kept: "the White Rabbit", "the Knave of Hearts", "the Cheshire-Cat".
NAME_CORE = r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]{2,})?(?: of [A-Z][a-z]{2,})?"
NAME = rf"(?:the )?{NAME_CORE}"
# a name's possessive with its noun is someone else ("the Duchess's cook"): it counts, never resolves
NAME_RE = re.compile(rf"(?<![\w'’-])(?:[Tt]he )?{NAME_CORE}(?:['’]s [a-z]{{3,}})?(?![\w'’-])")
PRONOUN = r"[Hh]e|[Ss]he|[Ii]t"
# Where a noun phrase ends: a preposition, a conjunction, a participle or a relative begins.
NP_STOP = (
    r"and|or|but|in|on|upon|with|from|at|to|into|out|of|as|by|for|under|over|near|which|that|who|"
    r"when|while|till|until|before|after|so|then|was|were|had|is|are|about|only|exactly|nearly|just|"
    r"rather|quite|more|less"
)
NUMBERS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|a dozen"

#: Words a sentence starts with that are no names ("The", "Then", "Suddenly" …) are read lower-case.
_NOT_NAMES = {"The", "Then", "When", "Suddenly", "Just", "First", "Next", "Last", "After", "Before", "This"}


@dataclass
class Said:
    """A narrated sentence: the sentence as written, its narration, its section, its paragraph."""

    sentence: str
    narration: str
    section: Section
    paragraph: int
    names: list[str]


def narrated(d: Drafter) -> list[Said]:
    """The chunk's sentences with their narration (what lies outside quotation marks)."""
    out: list[Said] = []
    for p, (section, text) in enumerate(d.prepared):
        flat = " ".join(text.split())
        spoken = _spoken(flat)
        cursor = 0
        for sentence in split_sentences(flat):
            start = flat.find(sentence, cursor)
            if start < 0:
                continue
            cursor = start + len(sentence)
            kept = "".join(" " if spoken[k] else flat[k] for k in range(start, cursor))
            narration = re.sub(r"\s+", " ", kept).strip()
            names = [n for n in NAME_RE.findall(narration) if is_character(d, n, narration)]
            out.append(Said(sentence, narration, section, p, names))
    return out


def _spoken(paragraph: str) -> list[bool]:
    """For each character of ``paragraph``, whether it is a quotation mark or inside a quotation
    (a splitter may cut a quotation into sentences and drop its closing mark: the paragraph decides)."""
    first = re.search(r"[\"“”]", paragraph)
    # 'Curiouser and curiouser!" cried Alice': the paragraph's opening mark was lost
    inside = bool(
        first
        and first.group() != "“"
        and re.match(r"\s+[a-z]", paragraph[first.end() :])
        and re.search(r"[.!?,]$", paragraph[: first.start()])
    )
    out = []
    for ch in paragraph:
        if ch in '"“”':
            inside = ch == "“" or (ch == '"' and not inside)
            out.append(True)
        else:
            out.append(inside)
    return out


def is_character(d: Drafter, name: str, narration: str) -> bool:
    """A capitalised name the chunk writes mid-sentence: not a sentence's first word for its position."""
    plain = bare(name)
    if plain.split()[0] in _NOT_NAMES and narration.startswith(plain):
        return False
    return bool(d.mid_sentence_count(plain))


def bare(name: str) -> str:
    return re.sub(r"^[Tt]he ", "", name)


def the_name(name: str) -> str:
    """A name as a question writes it mid-sentence: "The Hatter" → "the Hatter"."""
    return re.sub(r"^The ", "the ", name)


POSSESSIVE_RE = re.compile(r"['’]s [a-z]+$")


_SAME_PRONOUN = {
    "she": r"\b(?:she|her|herself)\b",
    "he": r"\b(?:he|him|his|himself)\b",
    "it": r"\b(?:it|its|itself)\b",
}


def who(d: Drafter, said: list[Said], i: int, doer: str, at: int) -> str:
    """The character ``doer`` names in sentence ``i`` (a pronoun resolved only where certain), or ""."""
    s = said[i]
    if not re.fullmatch(PRONOUN, doer):
        if re.fullmatch(r"(?:the )?(?:" + NUMBERS + r") [a-z]+s", doer):
            return "the " + re.sub(r"^the ", "", doer)  # "ten soldiers"
        return the_name(doer) if is_character(d, doer, s.narration) else ""
    before = [n for n in s.names if 0 <= s.narration.find(n) < at]
    if before:
        # "said the Caterpillar, rearing itself upright (it was …)": the one name before the pronoun,
        # with no thing named between them that "it" could be
        last = s.narration.rfind(before[-1], 0, at) + len(before[-1])
        thing_between = re.search(r"\b(?:an?|the|this|that)\s", s.narration[last:at])
        if len({bare(n) for n in before}) == 1 and not thing_between and not POSSESSIVE_RE.search(before[-1]):
            return the_name(before[-1])
        return ""
    for j in range(i - 1, -1, -1):
        if said[j].paragraph < s.paragraph - 1:
            return ""
        if said[j].names:
            named = {bare(n) for n in said[j].names}
            latest = said[j].names[-1]
            if len(named) != 1 or POSSESSIVE_RE.search(latest):
                return ""
            # "She was close behind it …, but the Rabbit was gone. She found …": the same pronoun before
            # the name stood for someone else
            same = _SAME_PRONOUN[doer.casefold()]
            if re.search(same, said[j].narration[: said[j].narration.find(latest)], re.I):
                return ""
            return the_name(latest)
        # "The next witness was the cook. She …", "His housekeeper came in. She …": someone else came in
        if re.match(r"(?:The|An?|His|Her|Its|Their|One|Some) [a-z]", said[j].narration):
            return ""
    return ""


def doer_before(text: str, at: int) -> re.Match[str] | None:
    """The last name or subject pronoun before ``at`` in ``text``."""
    found = list(re.finditer(rf"(?<![\w'’-])(?:(?:[Tt]he )?{NAME_CORE}|{PRONOUN})(?![\w'’-])", text[:at]))
    return found[-1] if found else None
