"""What kind of thing a named term is: "The samisen is a kind of small banjo" → "What is the samisen?".

"X is a kind (sort, type, form, species, variety) of Y" classifies X outright, whatever the tense
("A Mystery was a kind of drama illustrating some sacred subject" → "What was a Mystery?"). The
copula definitions (:mod:`cards.offline.definitions`) ask only of terms the text keeps using or
capitalises; a classification is a definition's clearest shape, so here a term used once is asked
too when it names something (a rare word: "samisen", "psaltery"; not "the house"). An aside
between the term and its verb is left out of the question ("A Mystery (of which our modern
oratorio is the direct descendant) was …"); the answer stops where the sentence goes on to
something else (", and probably originated …"), and a second description is bracketed ("a kind of
dulcimer or zither (an oblong box)": not a list of three).

The same classification in apposition to a rare word, inside a sentence about something else, is
asked too: "… was probably the kinnor, a kind of lyre played by means of a plectrum, which …" →
"What was the kinnor?" (not after "as": "described as a trumpet, a kind of rattle box" lists what
others took it for).
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
    r"(?:\s+\([^()]{2,160}\))?,?\s+(?P<verb>is|are|was|were)\s+"
    r"(?P<answer>(?:a|an)\s+(?:[\w\-]+\s+)?(?:kind|sort|type|form|species|variety)\s+of\s+[^;]{3,160})$"
)
# The same classification in apposition, in a sentence about something else: "… was probably the
# kinnor, a kind of lyre played by means of a plectrum, which …" (not after "as": "described as a
# trumpet, a kind of rattle box, and …" lists what others took it for).
_APPOSED_RE = re.compile(
    r"(?<!\bas\s)\b(?P<art>the|a|an)\s+(?P<term>[a-zà-ÿ][\w’'\-]{2,}),\s+"
    r"(?P<answer>(?:a|an)\s+(?:[\w\-]+\s+)?(?:kind|sort|type|species|variety)\s+of\s+[^;]{3,160})$"
)
# Where the classification ends and the sentence goes on ("…, and probably originated in …").
_END_RE = re.compile(
    r",?\s+(?:and|but|while|whereas|which|who|where|though|although|so)\s+(?=[a-z])|;|,\s+(?=[a-z]+ed\b)"
)
_SECOND_DESCRIPTION_RE = re.compile(r",\s+((?:a|an)\s+[^,()]+)$")
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
        _apposed(d, section, sentence)
        return
    term = m.group("term")
    # after its article a capital is a name's ("A Mystery"), not the sentence's
    if _POINTER_RE.search(term) or not names_something(f"{m.group('art')} {term}", d.lang):
        return  # "The other is a kind of …", "The house is a kind of …"
    answer = trim_answer(_END_RE.split(m.group("answer"), maxsplit=1)[0])
    if not 4 <= word_count(answer) <= 20 or _POINTING_ANSWER_RE.search(answer):
        return
    # "a kind of dulcimer or zither, an oblong box with strings": the second description in brackets,
    # so the answer does not read as a list of three ("dulcimer", "zither", "an oblong box")
    answer = _SECOND_DESCRIPTION_RE.sub(r" (\1)", answer)
    question = f"What {m.group('verb')} {m.group('art').lower()} {term}?"
    context = d.context_of(section) if m.group("art") == "The" else ""
    if context and context.strip("“”").casefold() not in term.casefold():
        question = f"In {context}, {question[:1].lower()}{question[1:]}"  # "the samisen" of which subject?
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def _apposed(d: Drafter, section: Section, sentence: str) -> None:
    """ "… was probably the kinnor, a kind of lyre played by means of a plectrum, which …" → "What was
    the kinnor?" / "A kind of lyre played by means of a plectrum": only a word rare in everyday
    language, asked in its section's context, in the tense of the sentence's last verb before it."""
    for m in _APPOSED_RE.finditer(sentence.rstrip(".!")):
        term = m.group("term")
        if not names_something(term, d.lang) or _POINTER_RE.search(term):
            continue  # "the trumpet, a kind of …": an everyday word the text compares, not a term
        answer = trim_answer(_END_RE.split(m.group("answer"), maxsplit=1)[0])
        # "played by means of a plectrum, which was …": the classification's own comma ends it too
        answer = answer.split(",")[0].strip()
        if not 4 <= word_count(answer) <= 20 or _POINTING_ANSWER_RE.search(answer):
            continue
        verbs = _VERB_RE.findall(sentence[: m.start()])
        verb = "was" if verbs and verbs[-1] in ("was", "were", "had") else "is"
        article = "the" if m.group("art").casefold() == "the" else _indefinite(term)
        question = d.question(_WHAT[verb], f"{article} {term}", section)
        if question:
            d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
        return


_VERB_RE = re.compile(r"\b(is|are|was|were|has|have|had)\b")
_WHAT = {"is": {"en": "What is {t}?"}, "was": {"en": "What was {t}?"}}


def _indefinite(term: str) -> str:
    return "an" if term[:1].casefold() in "aeiou" else "a"
