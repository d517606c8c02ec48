"""Who "he" is: a biography's sentences named after the person the passage is about.

A history or a biography names a person once and goes on with "he" and "his": "Charles Gounod
was born in 1818, in Paris. He was admitted to the Conservatoire at sixteen, and studied with
Halévy and Lesueur." The second sentence holds a fact about Gounod, but read alone it says
nothing about anyone, so every extractor refuses it. Here it is read with its name: "Charles
Gounod was admitted to the Conservatoire at sixteen, …", "His first grand opera, …" → "Jules
Massenet's first grand opera, …" — for the extractors, which ask its dates, places and works
(not for the key-term cloze: the rest of a biography is anecdote). The card quotes both
sentences, the one that names the person and the one it is drafted from.

Only the leading "He"/"His" (or "She"/"Her", also after an opening year: "In 1839 he gained …") is
replaced, and only when the sentence before it
(or a chain of such sentences back to it) opens with a person's name as its subject and tells of
a life — "born", "died", "studied", "his"… — so that the name is a person's and the only one the
pronoun can mean: "The best known of the minnesingers were Walther von der Vogelweide, Heinrich
Frauenlob, … He died in Würzburg." names several people and no subject, and nothing changes. A
sentence that opens otherwise ends the chain; a story (dialogue) is never rewritten.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise, standalone_form, without_pointer_aside
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.text import STOP_WORDS

_PARTICLE = r"von|van|de|der|den|des|di|da|du|le|la|del"
_WORD = r"[A-Z][\w’'.\-]*[a-zà-ÿ][\w’'\-]*"
#: A person's name: capitalised words with their particles ("Wolfram von Eschenbach").
NAME = rf"{_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)*{_WORD}){{0,3}}"
# "Spontini, the next representative of opera in France, was an Italian, born in 1774."
_NAMED_SUBJECT_RE = re.compile(
    rf"^(?P<name>{NAME})(?:\s+\([^()]{{1,40}}\))?(?:,\s+[^,;]{{2,80}},)?\s+"
    r"(?:was|is|had|has|became|wrote|composed|studied|went|lived|died|returned|settled|left|entered)\b"
)
# What tells of a person's life (so the name is a person's, and "he" can be them).
_LIFE_RE = re.compile(
    r"\b(?:born|died|studied|pupil|son|daughter|father|mother|married|his|her|he|she|composer|wrote|"
    r"composed|educated|appointed)\b"
)
# The pronoun opening the sentence, or right after the year that opens it ("In 1839 he gained …").
_YEAR_LEAD = r"(?P<lead>(?:In|By) (?:about )?1\d{3},?\s+)"
_PRONOUN_RE = {
    "he": re.compile(rf"^(?:(?P<p>He|His)|{_YEAR_LEAD}(?P<lp>he|his))\s+(?=[a-z\"“])"),
    "she": re.compile(rf"^(?:(?P<p>She|Her)|{_YEAR_LEAD}(?P<lp>she|her))\s+(?=[a-z\"“])"),
}
_GENDER_RE = {"he": re.compile(r"\b(?:he|his|him)\b", re.I), "she": re.compile(r"\b(?:she|her|hers)\b", re.I)}


def _person(sentence: str, d: Drafter) -> str:
    """The name a sentence opens with as its subject, when the sentence tells of that person's life."""
    m = _NAMED_SUBJECT_RE.match(sentence)
    if not m or not _LIFE_RE.search(sentence[m.end("name") :]) or noise(sentence):
        return ""
    name = m.group("name")
    first, last = name.split(" ", 1)[0], name.rsplit(" ", 1)[-1]
    if first.casefold() in STOP_WORDS or first.endswith("ly") or name.isupper():
        return ""  # "The Greeks", "Usually": no name
    # a surname as common as a word must be one the text writes mid-sentence ("Bach", not "Music")
    if zipf(last, d.lang) >= 4.0 and not d.mid_sentence_count(last):
        return ""
    return name


class Referents:
    """Follows the person a passage is about, sentence by sentence (see the module docstring)."""

    def __init__(self, d: Drafter, *, story: bool = False) -> None:
        self.d = d
        self.name = ""
        self.source = ""  # the sentence that names them
        self.adjacent = False  # the sentence before is the one that names them
        self.active = d.lang == "en" and not story

    def resolved(self, written: str) -> str:
        """``written`` with its leading "He"/"His" naming the person, else ``written``; remembers who."""
        if not self.active:
            return written
        for gender, pronoun_re in _PRONOUN_RE.items():
            m = pronoun_re.match(written)
            if not (m and self.name):
                continue
            other = "she" if gender == "he" else "he"
            if _GENDER_RE[other].search(self.source):
                break  # the sentence that names them says "she": "he" is someone else
            pronoun = (m.group("p") or m.group("lp")).capitalize()
            name = f"{self.name}’s" if pronoun in {"His", "Her"} else self.name
            text = f"{m.group('lead') or ''}{name} {written[m.end() :]}"
            quote = f"{self.source} {written}" if self.adjacent else f"{self.source}; {written}"
            self.adjacent = False
            self.d.originals[text] = quote
            self.d.originals.setdefault(standalone_form(without_pointer_aside(text)), quote)
            return text
        self.name = _person(written, self.d)
        self.source = written if self.name else ""
        self.adjacent = bool(self.name)
        return written
