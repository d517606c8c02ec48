"""What "this system", "these names" and "It" refer to: the thing the sentences before named.

"The sistrum was used …. It was …" → "The sistrum was …"; "… called _organum_ … This system …"
resolves only when one thing is named (the people a "he" may mean are :mod:`.referents`'). A
modifier rarer than :data:`cards.terms.RARE_ZIPF` is a term ("chromatic", "bowed"), not a plain
description.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.terms import RARE_ZIPF
from cards.text import STOP_WORDS

# Words in front of the noun that do not say which one: they point, count or only describe by place.
_POINTING = frozenset(
    [
        "this",
        "these",
        "that",
        "those",
        "such",
        "same",
        "other",
        "said",
        "above",
        "former",
        "latter",
        "following",
        "previous",
        "next",
        "first",
        "second",
        "third",
        "last",
        "another",
        "certain",
    ]
)
# A name after the noun that says which one: "the tournament at the Wartburg".
# (not a numbered place in the text: "the code from Listing 9-3").
_NAMED_PLACE = (
    r"(?:\s+(?:of|at|in|from)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}(?![\w’'-]*[\s-]*\d))?"
)


def _plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


# What a copula names: "_king_", "the Kin", "The pipe" (a name, an emphasised word or one noun).
_TERM = r"(?:[Tt]he\s+)?(?:_[^_\s][^_]{0,28}_|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}|[a-z][\w-]{2,})"


def _named_by_copula(noun: str, before: str) -> str:
    """The name a sentence gives the noun: "The pipe is the one instrument …", "The principal
    instrument in this category is the _king_." → "The pipe", "The king"; else ""."""
    noun_re = rf"(?:[\w’'-]+\s+){{0,3}}?{re.escape(noun)}\b"
    m = re.match(rf"(?P<name>{_TERM})\s+(?:is|was|are|were)\s+(?:a|an|the)\s+{noun_re}", before) or re.match(
        rf"The\s+{noun_re}[^.;,]{{0,40}}?\s(?:is|was|are|were)\s+(?P<name>{_TERM})\s*(?:[,.;]|$)", before
    )
    if not m:
        return ""
    name = m.group("name").replace("_", "")
    first = name.split(" ", 1)[0]
    if first.casefold() in STOP_WORDS - {"the"} or first.casefold() in _POINTING:
        return ""  # "It is the instrument …", "This is a dance …": the sentence names nothing
    return name[:1].upper() + name[1:]


def named_thing(det: str, noun: str, before: str, lang: str) -> str:
    """What ``before`` calls the ``noun`` it names: the name a copula gives it ("The pipe is the one
    instrument …") or its one description that says which one ("The singing tournament at the
    Wartburg"); "" when there is none, or more than one."""
    if (det.casefold() == "these") != _plural(noun):
        return ""  # "These instrument", "This instruments": not the noun we can follow
    named = _named_by_copula(noun, before)  # its subject: "The principal instrument … is the _king_"
    if named:
        return named
    stem = noun[:-1] if _plural(noun) else noun
    if len(re.findall(rf"\b{re.escape(stem)}(?:s|es)?\b", before, re.I)) != 1:
        return ""  # not named, or named twice ("the trumpet … the trumpets")
    m = re.search(
        rf"\b(?:[Tt]he|[Aa]n?)\s+(?P<mods>(?:[\w’'-]+\s+){{0,3}}?){re.escape(noun)}\b(?P<place>{_NAMED_PLACE})",
        before,
    )
    if not m:
        return ""  # "the double trumpet" for "These trumpets": another number, or no article
    mods = m.group("mods").split()
    if any(
        w.casefold() in STOP_WORDS or w.casefold() in _POINTING or w.endswith(("ly", "’s", "'s"))
        for w in mods
    ):
        return ""  # "the most …", "the second instrument", "the public's …": not a name for it
    # a name or a term says which one ("the Aeolian harp", "the chromatic scale"); a common word
    # ("a large instrument", "the careless statement") does not
    telling = m.group("place") or any(w[:1].isupper() or zipf(w, lang) < RARE_ZIPF for w in mods)
    if not telling:
        return ""  # "a large instrument": which one is still open
    return "The " + m.group(0).split(None, 1)[1]


# "It was used …", "Its scale was …": the pronoun opening the sentence, a verb or a noun after it.
IT_RE = re.compile(r"^(?P<p>It|Its)\s+(?=[a-z])")
# "It is said that …", "It was in 1896 that …", "It is to X that …", "It is this attitude which …",
# "It is hardly necessary to …": an "it" that stands for what follows, or for no thing at all.
DUMMY_IT_RE = re.compile(
    r"^It\s+(?:\w+\s+){0,2}?(?:is|was|were|be|been|seems?|seemed|appears?|appeared|remains?|remained|"
    r"happens?|happened|follows?|followed|matters?|takes?|took|makes?|made)\b(?:\s+[^\s,;]+){0,8}?\s+"
    r"(?:that|who|which|whom|to|whether|how|why|when|if|as|than)\b"
    # "It is just this love of ornament … which …": a cleft, however long its focus
    r"|^It\s+(?:is|was)\s+(?:(?:just|precisely|exactly)\s+)?(?:this|these|that|those|here|there|now|then|not|only|so|too|in|to|by|for|from|at|on|"
    r"with|because|true|clear|evident|obvious|likely|possible|probable|certain|necessary|said|thought|believed|"
    r"known|claimed|supposed|hardly|easy|difficult|impossible)\b"
    r"|^It\s+(?:\w+\s+)?(?:seems?|seemed|appears?|appeared|remains?|remained|follows?|followed)\b"
)
# "It is the natural outlet for sensation": what the thing is, said again after the sentence that names it.
SECOND_DEFINITION_RE = re.compile(r"^It\s+(?:is|was|are|were)\s+(?:a|an|the|one)\b")
# "It was supposed to have …", "It is said to be …": the thing itself, said or thought to be so.
RAISED_IT_RE = re.compile(
    r"^It\s+(?:is|was|were|has been|had been)\s+(?:said|supposed|thought|believed|known|considered|"
    r"reported|expected)\s+to\b(?!.*\bthat\b)"
)
# A sentence whose subject is one noun phrase naming one thing, right before its verb: "The sistrum
# was …", "Melody, on the other hand, is …", "The Rektah is …".
_THING_SUBJECT_RE = re.compile(
    r"^(?:(?:Now|Thus|So),?\s+)?(?P<np>[Tt]he\s+(?P<mods>(?:[\w’'-]+\s+){0,2}?)(?P<head>[\w-]{3,})|(?P<bare>[A-Z][a-z]{2,}))"
    r"(?:,\s+(?:on the other hand|however|therefore|too|also|indeed|in fact|of course|then),)?"
    r"\s+(?:(?:also|still|thus|then|often|always|never|not|usually|generally|probably|certainly)\s+)?"
    r"(?:is|was|has|had|consists|consisted|contains|contained|became|becomes|remains|remained|may|might|can|could|"
    r"must|would|will|[a-z]{3,}ed)\b"
)


def thing_subject(sentence: str, d: Drafter) -> str:
    """The one singular noun phrase ``sentence`` opens with as its subject ("The sistrum", "Melody"),
    when it names a thing: no person, no pointing or counting word ("The first", "The latter"); else ""."""
    m = _THING_SUBJECT_RE.match(sentence)
    if not m or noise(sentence):
        return ""
    bare = m.group("bare")
    if bare:
        # a common noun written capitalised only to open the sentence ("Melody"), not a name ("Rossini")
        if bare.casefold() in STOP_WORDS or not re.search(rf"(?<=[a-z,;] ){bare.lower()}\b", d.all_text):
            return ""
        return bare
    words = [*m.group("mods").split(), m.group("head")]
    if any(
        w.casefold() in STOP_WORDS
        or w.casefold() in _POINTING
        or w.endswith(("ly", "’s", "'s"))
        or w[0].isdigit()
        for w in words
    ):
        return ""  # "The first is …", "The same was …", "The public's …": not one thing named
    head = m.group("head")
    if _plural(head) or head in d.people:
        return ""  # "The Greeks were …": "it" is not them
    np = m.group("np")
    return np[:1].upper() + np[1:]
