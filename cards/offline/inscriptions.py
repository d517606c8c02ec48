"""What a story's labels, signs and inscriptions say: "In chapter “Down The Rabbit-Hole” of “Alice's
Adventures in Wonderland”, what is written on the very small cake?" / "EAT ME".

A reading quiz asks what the bottle's label said, because the story makes a point of it: it quotes
the words as written, in capitals, next to a word that says they are written ("labeled", "the
words", "the name … engraved", "marked", "printed"; "les mots", "l’inscription", "écrit"). A
quoted word in lower case is speech or a common phrase ("marked 'poison'"), never an inscription.
The thing written on is the noun phrase the words are on: "a very small cake, on which the words
…", "a brass plate with the name …" (not the object of a preposition: "a box under the stairs, on
which" may mean either), or, after "It was labeled …", the one thing the sentence before
brings in with "a" ("She took down a jar …"; "a cat and a jar" may be either). With no such
thing named, no card: "what is written?" on nothing is no question. Only stories
(:func:`cards.offline.keyterms.narrative`) get these cards: a manual's capitals in quotes are keys
and constants (:mod:`.reference`).
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.story_frame import chapter_title, framed
from cards.schema import CardKind
from cards.text import split_sentences

# Written words in capitals: "DRINK ME", "W. RABBIT", "ORANGE MARMALADE" (two letters at least).
_CAPITALS = r"(?P<words>[A-ZÀ-Ý][A-ZÀ-Ý0-9 .,’'&!-]*[A-ZÀ-Ý0-9!])"
_QUOTED = rf"[\"“«‘']\s?{_CAPITALS}[,.]?\s?[\"”»’']"
_CUE = {
    "en": (
        r"\b(?:label(?:l)?ed|marked|written|printed|engraved|inscribed|lettered|painted|"
        r"the\s+words?|the\s+name|the\s+inscription|the\s+sign|reading|which\s+read)"
    ),
    "fr": (
        r"\b(?:étiqueté[es]*|marqué[es]*|écrit[es]*|imprimé[es]*|gravé[es]*|"
        r"les\s+mots|le\s+mot|le\s+nom|l[’']inscription|on\s+lit)"
    ),
}
_INSCRIPTION_RE = {lang: re.compile(rf"{cue}\s*[:,]?\s*{_QUOTED}") for lang, cue in _CUE.items()}
# The thing written on, right before what joins it to the words: "a very small cake, on which",
# "a bright brass plate with", "a paper label, with".
# A noun phrase: an article and up to four words, none a function word ("a jar", not "a jar from one").
_FUNCTION = {
    "en": r"(?:a|an|the|was|were|is|are|be|been|of|on|upon|in|at|to|from|with|by|for|and|or|but|as|it|its|"
    r"that|which|who|she|he|her|his|they|them|this|these|those|one)",
    "fr": r"(?:des|à|au|aux|et|ou|qui|que|sur|dans|avec|est|était|il|elle|un|une|le|la|les|son|sa|ses)",
}
_NP = {
    lang: rf"\b(?P<article>{articles})(?:(?<=[’'])|\s+)(?P<noun>(?:(?!{_FUNCTION[lang]}\b){word}\s+){{0,3}}"
    rf"(?!{_FUNCTION[lang]}\b){word})"
    for lang, articles, word in (
        ("en", r"a|an|the", r"[a-z][a-z-]+"),
        ("fr", r"un|une|le|la|l[’']", r"[a-zà-ÿ][a-zà-ÿ-]+"),
    )
}
_JOIN = {
    "en": r",?\s+(?:(?:on|upon|in|of)\s+which|with)\s+",
    "fr": r",?\s+(?:sur\s+(?:lequel|laquelle)|où|avec|portant)\s+",
}
# ("a bottle labelled …", "the plate was engraved …": the thing right before the cue)
_HOLDER_RE = {
    lang: re.compile(rf"{np}(?:{_JOIN[lang]}|\s+(?:(?:was|were|is|est|était)\s+)?)$")
    for lang, np in _NP.items()
}
# "It was labeled …": the thing is the one named in the sentence before.
_POINTER_RE = {
    "en": re.compile(r"(?:^|[;,]\s+)(?:it|this|which)\s+(?:was|is|were)\s+(?:\w+ly\s+)?$", re.I),
    "fr": re.compile(r"(?:^|[;,]\s+)(?:il|elle|on)\s+(?:est|était|a|avait)?\s*$", re.I),
}
_FIRST_NP_RE = {lang: re.compile(np) for lang, np in _NP.items()}
_AFTER_PREPOSITION_RE = re.compile(
    r"\b(?:under|in|on|near|behind|beside|over|at|into|inside|from|above|below|"
    r"sous|dans|sur|près de|derrière|devant|chez)\s+$",
    re.I,
)
_QUESTION = {"en": "What is written on {np}?", "fr": "Qu’est-ce qui est écrit sur {np} ?"}
_NEW = frozenset(["a", "an", "un", "une"])  # an indefinite article brings a thing in
_THE = {"a": "the", "an": "the", "the": "the", "un": "le", "une": "la", "le": "le", "la": "la"}
# A thing no reader can tell apart from others of its kind ("the one", "the other"), or a body part.
_VAGUE_RE = re.compile(r"\b(?:one|other|same|thing|side|chose|autre|même)$")


def inscriptions(d: Drafter, story: bool) -> None:
    """The "What is written on …?" cards of a story's chunk (see the module docstring)."""
    pattern = _INSCRIPTION_RE.get(d.lang)
    if not story or pattern is None or CardKind.BASIC not in d.kinds:
        return
    for section, text in d.prepared:
        flat = " ".join(text.split())
        sentences = _sentence_spans(flat)
        for found in pattern.finditer(flat):
            # the sentence(s) the inscription is in: a splitter may cut 'the name "W.' | 'RABBIT"'
            at = [
                i for i, (start, end) in enumerate(sentences) if start < found.end() and found.start() < end
            ]
            if not at:
                continue
            start = sentences[at[0]][0]
            source = flat[start : sentences[at[-1]][1]]
            previous = flat[sentences[at[0] - 1][0] : start] if at[0] else ""
            holder = _holder(d.lang, flat[start : found.start()], previous.strip())
            words = found.group("words").strip(" ,.")
            if holder and sum(c.isalpha() for c in words) >= 2:
                # a chapter titled "The Rabbit Sends …" would give "W. RABBIT" away: the book alone
                shared = set(words.casefold().split()) & set(chapter_title(section).casefold().split())
                question = framed(d, section, _QUESTION[d.lang].format(np=holder), chapter=not shared)
                d.add(section, CardKind.BASIC, question, words, source, 1)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each of ``text``'s sentences starts and ends."""
    spans, cursor = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, cursor)
        if start < 0:
            continue
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans


def _holder(lang: str, before: str, previous: str) -> str:
    """The thing the words are written on, with its definite article ("the very small cake"), or ""."""
    near = _HOLDER_RE[lang].search(before)
    if near is None and _POINTER_RE[lang].search(before):
        # "She took down a jar …. It was labeled …": the one new thing the sentence before names
        things = [m for m in _FIRST_NP_RE[lang].finditer(previous) if m.group("article").casefold() in _NEW]
        near = things[0] if len(things) == 1 else None
    if near is None or _VAGUE_RE.search(near.group("noun")):
        return ""
    if near.re is _HOLDER_RE[lang] and _AFTER_PREPOSITION_RE.search(before[: near.start()]):
        return ""  # "a box under the stairs, on which …": the box or the stairs? No guess
    article = near.group("article").casefold()
    if article[-1] in "’'":
        return f"l’{near.group('noun')}"
    return f"{_THE[article]} {near.group('noun')}"
