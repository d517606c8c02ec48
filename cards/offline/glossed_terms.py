"""A term glossed in brackets where the text uses it: "the sistrum (a kind of rattle)".

Expository prose explains a rare word in passing, inside a sentence about something else: "the
lyre was played with a plectrum (a small piece of metal, wood, or ivory)", "the “Singspiel” (a
kind of opéra comique) found its culminating point in …". The bracket is the definition a student
learns: "What is a plectrum?" / "A small piece of metal, wood, or ivory".

Only a bracket that opens with an indefinite article ("a …", "an …") is read as a gloss: a noun
phrase that says what the thing is, without a finite verb (a clause is a remark, "(the Levites
were …)") and without words pointing elsewhere ("(a past of …)" over "past" repeats the word).
The term is the word (or a hyphenated or quoted name) right before the bracket, after an article
or a modifier, and it must name something: a word rare in everyday language ("plectrum"), not
"factor (an essentially modern invention)".
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import WHAT_IS, Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count, words
from documents.model import Section

# "a plectrum (a small piece of …)", "the never-failing _sistrum_ (a kind of rattle)",
# "the “Singspiel” (a kind of opéra comique)": an article, up to two modifiers, the term, the gloss.
_GLOSSED_RE = re.compile(
    r"(?<![\w’'])(?P<art>the|a|an)\s+(?:[a-z][\w\-]*\s+){0,2}?"
    r"(?P<q>[_\"“]?)(?P<term>[A-Za-zÀ-ÿ][\w\-]*)(?P=q)?[”\"_]?\s+"
    r"\((?P<gloss>(?:a|an)\s+[^()]{3,100})\)",
    re.I,
)
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|may|might|must|should)\b",
    re.I,
)
_POINTING_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|other|former|latter|it|its|they|their|he|his|she|her|"
    r"we|our|you|your|I|my)\b",
    re.I,
)


def glossed_term(d: Drafter, section: Section, sentence: str) -> None:
    """ "… a plectrum (a small piece of metal, wood, or ivory)" → "What is a plectrum?" (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    for m in _GLOSSED_RE.finditer(sentence):
        term, gloss = m.group("term"), m.group("gloss").strip().rstrip(".,;")
        if not 2 <= word_count(gloss) <= 14 or _FINITE_RE.search(gloss) or _POINTING_RE.search(gloss):
            continue
        if term.casefold() in {w.casefold() for w in words(gloss)}:
            continue  # "past (a past of savage barbarism)": the bracket restates the word
        if not names_something(term, d.lang) or term.isupper():
            # "factor (an essentially modern invention)": an everyday word; an acronym's expansion is
            # asked by :func:`cards.offline.definitions.acronyms`
            continue
        named = term[:1].isupper() or bool(m.group("q"))
        shown = f"“{term}”" if m.group("q") in {'"', "“"} else term
        subject = shown if named else f"{_article(term)} {term}"
        question = d.question(WHAT_IS, subject, section)
        if question:
            d.add(section, CardKind.BASIC, question, gloss[:1].upper() + gloss[1:], sentence, 1)


def _article(term: str) -> str:
    return "an" if term[:1].casefold() in "aeiou" else "a"
