"""A thing a tutorial names in passing, with its kind and what it does: "a construct called match that …".

Tutorials and manuals introduce their terms inside a sentence about something else: "Rust has an
extremely powerful control flow construct called match that allows you to compare a value against a
series of patterns …", "By default, HashMap uses a hashing function called SipHash that can provide
resistance to denial-of-service (DoS) attacks", "Next, we’ll explore a particularly useful enum,
called Option, which expresses that a value can be either something or nothing". The kind and the
relative clause after the name are its definition: "What is match?" / "A control flow construct that
allows you to compare a value against a series of patterns …".

The kind is a noun phrase of content words after an article ("a special API for this called entry"
has a preposition and a pointer in it: no card); the name is one word; the clause must not point
at the example or the text ("that illustrates these rules", "which we defined"), and a sentence
about the example program ("For this example, …", "Listing 7-2 …", "Let’s …") makes no card; a
name the example program defines ("an enum called ShirtColor") is refused by :meth:`Drafter.add`.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import WHAT_IS, Drafter
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count, words
from documents.model import Section

# article, kind (up to five words), optional comma, "called"/"named", the name, optional comma,
# "that"/"which" and the clause up to the end of the sentence or a semicolon.
_CALLED_RE = re.compile(
    r"(?<![\w’'])(?P<art>an?|the)\s+(?P<kind>(?:[A-Za-z][\w\-]*\s+){0,4}?[A-Za-z][\w\-]*),?\s+"
    r"(?:called|named)\s+(?P<q>[“\"]?)(?P<term>[A-Za-z_][\w:\-]*(?:\(\))?)(?P=q)[”\"]?,?\s+"
    r"(?P<rel>that|which)\s+(?P<clause>[^;:]{8,200}?)\s*(?:[.;:!](?=\s|$)|$)"
)
# The clause points at the example or at the text, not at what the thing is: "that illustrates these
# rules", "which we defined", "that holds it".
_POINTING_RE = re.compile(
    r"\b(?:this|these|those|here|above|below|following|we|our|us|I|my|it|its|they|them|their|"
    r"earlier|later|previous|next)\b",
    re.I,
)
# A sentence about the example program or the text's own steps.
# "We represent … with a field named shirts": the example's own steps; "For a module named hosting
# that …, the compiler …": the name is a supposition leading into another statement.
_EXAMPLE_RE = re.compile(
    r"\b(?:example|Listing\s+\d|Let[’']s|let us)\b|^(?:Here|Now|We|If|When|For|With|In)\b", re.I
)
# "a trait named Iterator that is defined in the standard library": being somewhere or something says
# too little to tell the thing from another of its kind.
_WEAK_CLAUSE_RE = re.compile(r"^(?:is|are|was|were|has|have|had)\b")
# "an extremely powerful control flow construct": the praise is no part of the kind.
_PRAISE_RE = re.compile(r"^(?:[a-z]+ly\s+)?(?:useful|powerful|special|important|handy|convenient)\s+")
#: The longest answer that stays one fact.
MAX_ANSWER_WORDS = 25


def called_kind(d: Drafter, section: Section, sentence: str) -> None:
    """ "… a construct called match that allows …" → "What is match?" / "A construct that allows …"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    if _EXAMPLE_RE.search(sentence):
        return
    for m in _CALLED_RE.finditer(sentence):
        kind, term, clause = m.group("kind"), m.group("term"), m.group("clause").strip().rstrip(",")
        kind_words = [w.casefold() for w in words(kind)]
        if not kind_words or any(w in STOP_WORDS for w in kind_words):
            continue  # "a special API for this": a phrase with a preposition or a pointer, not a kind
        if len(term) < 2 or term.casefold() in STOP_WORDS or _POINTING_RE.search(clause):
            continue
        if _WEAK_CLAUSE_RE.match(clause):
            continue
        if d.subject is not None and term.casefold() == d.subject.name.casefold():
            continue
        kind = _PRAISE_RE.sub("", kind)
        answer = f"{_article(kind)} {kind} {m.group('rel')} {clause}"
        answer = re.sub(r"(?<=[a-z]{3})\d{1,2}$", "", answer)  # a footnote's mark: "hash tables1"
        if word_count(answer) > MAX_ANSWER_WORDS or re.search(rf"\b{re.escape(term)}\b", answer, re.I):
            continue  # too long for one fact, or the answer says the name it asks for
        question = d.question(WHAT_IS, term, section)
        heading = " ".join(section.source.heading or d.chunk.heading)
        if d.subject is not None and d.subject.proper and re.search(rf"\b{re.escape(term)}\b", heading):
            # "In “The match Control Flow Construct”, what is match?": the heading only repeats the name
            question = f"In {d.subject.name}, what is {term}?"
        if question == f"What is {term}?" and term.islower():
            continue  # "What is persistent?": a word asked with nothing to say whose it is
        if question:
            d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def _article(kind: str) -> str:
    return "An" if kind[:1].casefold() in "aeiou" else "A"
