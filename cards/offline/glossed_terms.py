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

A history also glosses the foreign names it gives in a bare bracket: "their _albas_ or _aubades_
(morning songs) came from the Arabic" → "What were albas or aubades?" / "Morning songs". That
shape is taken only for a word the text marks as one apart (italics) and that everyday English
hardly uses (wordfreq zipf < 3), its gloss two or three plain English words (each zipf ≥ 3, no
figure, no capital): "(chiefly used in signalling)", "(Saracen dance)", "(350 B.C.)" are remarks, and
a single word, "(complaints)", translates as often as it says what the thing is.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import WHAT_IS, Drafter
from cards.offline.meanings import drop_cloze
from cards.offline.terms import names_something, zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count, words
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


# "albas or aubades (morning songs)", "planhs (complaints)": a word (or two, "or") and a bare gloss.
_BARE_GLOSS_RE = re.compile(
    r"(?<![\w’'\-])(?P<term>[a-zà-ÿ][\w\-]{2,}(?:\s+or\s+[a-zà-ÿ][\w\-]{2,})?)\s+"
    # two or three words: one alone ("(complaints)", "(reed)") is as often a translation as what it is
    r"\((?P<gloss>[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){1,2})\)"
)
# A plural noun's ending ("albas", "songs"), not a Latin or Greek singular's ("calamus", "parabasis").
_PLURAL_RE = re.compile(r"(?<![usi])s$|(?<=[^aeiou])es$")
#: A gloss's words are everyday English; the glossed word is not.
_PLAIN_ZIPF = 3.0


def _marked(word: str, text: str) -> bool:
    """The text marks ``word`` as a word apart: "_albas_" in an e-text, or the emphasis made of it."""
    w = re.escape(word)
    return bool(re.search(rf"(?<![\w_])_{w}_(?![\w_])|\*\*{w}\*\*|(?<![\w*])\*{w}\*(?![\w*])", text))


def bare_gloss(d: Drafter, section: Section, sentence: str) -> None:
    """ "their _albas_ or _aubades_ (morning songs) came from …" → "What were albas or aubades?" (module
    docstring): each such word of the sentence."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    for m in _BARE_GLOSS_RE.finditer(sentence):
        term, gloss = m.group("term"), m.group("gloss")
        first = term.split()[0]
        if not _marked(first, section.text) or zipf(first, d.lang) >= _PLAIN_ZIPF:
            continue
        glossed = [w for w in gloss.split() if w not in STOP_WORDS]
        if (
            not glossed
            or any(zipf(w, d.lang) < _PLAIN_ZIPF for w in glossed)
            or gloss.split()[0] in STOP_WORDS
        ):
            continue  # "(or topical song)": another name, not what it is
        head = gloss.split(" of ")[0].split()[-1]  # "songs of service": the head noun, "songs"
        if not (_PLURAL_RE.search(term) and _PLURAL_RE.search(head)):
            # "the name applied is calamus (reed)": a singular bracket may translate a name rather than
            # say what the thing is; kinds named together ("planhs (complaints)") are glossed
            continue
        if any(w.casefold() in gloss.split() for w in term.split()):
            continue  # the bracket repeats the word
        past = bool(re.search(r"\b(?:was|were|had|came|did)\b|\b\w{3,}ed\b", sentence))
        question = f"What {'were' if past else 'are'} {term}?"
        drop_cloze(d, sentence, first)  # the emphasised word's cloze on this sentence asks the same
        d.add(section, CardKind.BASIC, question, gloss[:1].upper() + gloss[1:], sentence, 1)


def _article(term: str) -> str:
    return "an" if term[:1].casefold() in "aeiou" else "a"
