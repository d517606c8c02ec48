"""What kind of thing a named term is: "The samisen is a kind of small banjo" → "What is the samisen?".

"X is a kind (sort, type, form, species, variety) of Y" classifies X outright, whatever the tense
("A Mystery was a kind of drama illustrating some sacred subject" → "What was a Mystery?"). The
copula definitions (:mod:`cards.offline.definitions`) ask only of terms the text keeps using or
capitalises; a classification is a definition's clearest shape, so here a term used once is asked
too when it names something (a rare word: "samisen", "psaltery"; not "the house"). An aside
between the term and its verb is left out of the question ("A Mystery (of which our modern
oratorio is the direct descendant) was …"); the answer stops where the sentence goes on to
something else (", and probably originated …").
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_WORD = r"(?!(?:is|was|are|were|and)\b)[\w’'\-]+"
_KIND_RE = re.compile(
    rf"^(?P<art>The|A|An)\s+(?P<term>{_WORD}(?:\s+{_WORD}){{0,2}}(?:\s+or\s+{_WORD})?)"
    r"(?:\s+\([^()]{2,120}\))?,?\s+(?P<verb>is|are|was|were)\s+"
    r"(?P<answer>(?:a|an)\s+(?:[\w\-]+\s+)?(?:kind|sort|type|form|species|variety)\s+of\s+[^;]{3,160})$"
)
# Where the classification ends and the sentence goes on ("…, and probably originated in …").
_END_RE = re.compile(
    r",?\s+(?:and|but|while|whereas|which|who|where|though|although|so)\s+(?=[a-z])|;|,\s+(?=[a-z]+ed\b)"
)
_POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|former|latter|its|their|his|her|our|your)\b", re.I
)
# An answer that points elsewhere ("a kind of this", "such a form"); "that" and "its" may be its own.
_POINTING_ANSWER_RE = re.compile(r"\b(?:this|these|those|such|former|latter|our|your)\b", re.I)


def kind_of(d: Drafter, section: Section, sentence: str) -> None:
    """ "The X is a kind of Y" → "What is the X?" / "A kind of Y" (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    m = _KIND_RE.match(sentence.rstrip(".!"))
    if not m:
        return
    term = m.group("term")
    # after its article a capital is a name's ("A Mystery"), not the sentence's
    if _POINTER_RE.search(term) or not names_something(f"{m.group('art')} {term}", d.lang):
        return  # "The other is a kind of …", "The house is a kind of …"
    answer = trim_answer(_END_RE.split(m.group("answer"), maxsplit=1)[0])
    if not 4 <= word_count(answer) <= 20 or _POINTING_ANSWER_RE.search(answer):
        return
    question = f"What {m.group('verb')} {m.group('art').lower()} {term}?"
    context = d.context_of(section) if m.group("art") == "The" else ""
    if context and context.strip("“”").casefold() not in term.casefold():
        question = f"In {context}, {question[:1].lower()}{question[1:]}"  # "the samisen" of which subject?
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
