"""Which characters a chapter of a story names, in order: "Dans le chapitre « Jean va à la cuisine »,
les personnages nommés en dehors de Jean, par ordre d’apparition, sont {{c1::Rose}} et
{{c2::Marie}}."

A reading quiz asks who is in a chapter. A character is a name the chunk makes speak (the speech
tag names it: "dit Marie", '"…," said the Dodo') or speak to ("Merci beaucoup, Rose!", "«Paul,
viens ici!»"): a place or a name only talked about never speaks nor is spoken to. Only a proper
name counts ("Rose", "the Mock Turtle"): written capitalised mid-sentence too ("Allons, …" is
none) and never in lower case ("Docteur" is "le docteur" elsewhere), never a role written in lower
case ("la maman", whom the text calls by her name too), nor a form of address ("Monsieur").

The list is of one whole chapter: the run of the chunk's sections (paragraphs) under one heading,
when it is neither the chunk's first nor its last run (the chunker packs paragraphs into chunks, so
a chapter it cuts begins or ends a chunk). The card cites the chapter, its heading, not a paragraph.

Who needs no asking is left out and said so ("en dehors de Jean", "besides Alice"): the name the
chapter's title gives, and the story's protagonist (the name the chunk mentions most, in every
chapter). Two characters or more must be left to ask, at most :data:`MAX_CAST`, and no other
name written in the chapter (one the chunk never makes speak: a doll, a place) that the list would
leave out. Only stories
(:func:`cards.offline.keyterms.narrative`) get these cards.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import groupby

from cards.offline.drafter import Drafter
from cards.offline.quotations import _EN_SPEAKER, _EN_VERBS, _FR_VERBS, _protagonist
from cards.offline.story_frame import chapter_title, framed
from cards.schema import CardKind
from cards.text import STOP_WORDS
from documents.model import Section

#: A chapter with more characters than this is a crowd scene, not a list to learn.
MAX_CAST = 6

_FR_NAME = r"[A-Z][a-zà-ÿ]{2,}"
_SPEAKER_RES = {
    "en": (
        re.compile(rf"[\"”’']\s+(?:{_EN_VERBS})\s+(?P<name>{_EN_SPEAKER})"),
        re.compile(rf"[\"”’']\s+(?P<name>{_EN_SPEAKER})\s+(?:{_EN_VERBS})\b"),
    ),
    # "dit Marie", "dit aussi Henriette", "demanda tout de suite Marie"
    "fr": (
        re.compile(rf"[!?,.;»]\s+(?:{_FR_VERBS})(?:-t)?[- ](?:[a-zà-ÿ]+\s+){{0,3}}(?P<name>{_FR_NAME})\b"),
    ),
}
# Spoken to: "…, Rose!", "«Paul, viens ici!»", "Oui, Rose, il est tombé".
_ADDRESSED_RES = {
    "en": (
        re.compile(rf",\s+(?P<name>{_EN_SPEAKER})\s*[!?]"),
        re.compile(rf"[\"“]\s*(?P<name>{_EN_SPEAKER}),"),
    ),
    "fr": (
        re.compile(rf",\s+(?P<name>{_FR_NAME})\s*(?:[!?]|,\s+(?:je|tu|il|elle|nous|vous)\b)"),
        re.compile(rf"[«—]\s*(?P<name>{_FR_NAME}),"),
    ),
}
_TEMPLATE = {
    "en": (
        "the characters named, in order of first mention, are {items}.",
        "the characters named besides {known}, in order of first mention, are {items}.",
    ),
    "fr": (
        "les personnages nommés, par ordre d’apparition, sont {items}.",
        "les personnages nommés en dehors de {known}, par ordre d’apparition, sont {items}.",
    ),
}
_AND = {"en": " and ", "fr": " et "}
# Forms of address, capitalised when spoken to ("Au revoir, Monsieur!"): no one's name.
_ADDRESS = frozenset(
    [
        "monsieur",
        "madame",
        "mademoiselle",
        "messieurs",
        "mesdames",
        "sir",
        "madam",
        "ma'am",
        "miss",
        "mister",
        "mr",
        "mrs",
        "ms",
        "doctor",
        "docteur",
        "papa",
        "maman",
        "mother",
        "father",
        "mama",
        "mamma",
        "mummy",
        "daddy",
    ]
)


def chapter_cast(d: Drafter, story: bool) -> None:
    """The "characters in order" card of every whole chapter of a story's chunk (module docstring)."""
    if not story or d.lang not in _TEMPLATE or CardKind.CLOZE not in d.kinds:
        return
    cast = _characters(d)
    hero = _protagonist(d)
    runs = [list(run) for _, run in groupby(d.prepared, key=lambda prepared: prepared[0].source.heading)]
    headings = [run[0][0].source.heading for run in runs]
    for run in runs[1:-1]:
        first = run[0][0]
        title = chapter_title(first)
        if not title or headings.count(first.source.heading) > 1:
            continue  # no chapter to name, or one the chunk leaves and comes back to
        flat = " ".join(" ".join(text for _, text in run).split())
        appear = sorted((found.start(), name) for name in cast if (found := _mention(name).search(flat)))
        named = [name for _, name in appear]
        hero_name = next((w for w in re.findall(r"\b[A-Z][\w’'-]+", flat) if w.casefold() == hero), "")
        known = [n for n in named if n == hero_name or _mention(n).search(title)]
        known = [hero_name, *known] if hero_name and hero_name not in known else known
        asked = [n for n in named if n not in known]
        if not 2 <= len(asked) <= MAX_CAST or _unknown_names(d, flat, named + known):
            continue  # too few or too many to ask, or a name the list would leave out
        items = _listed([_item(i, name) for i, name in enumerate(asked, 1)], d.lang)
        plain, other = _TEMPLATE[d.lang]
        sentence = (
            other.format(known=_listed(known, d.lang), items=items) if known else plain.format(items=items)
        )
        # the card cites the chapter (its heading), not one of its paragraphs
        chapter = Section(flat, replace(first.source, page=None, lines=None, paragraph=None), first.kind)
        d.add(chapter, CardKind.CLOZE, framed(d, chapter, sentence), "", "; ".join(named), 0)


def _characters(d: Drafter) -> set[str]:
    """The names the chunk makes speak or speak to (see the module docstring)."""
    found: set[str] = set()
    for pattern in (*_SPEAKER_RES[d.lang], *_ADDRESSED_RES[d.lang]):
        for m in pattern.finditer(" ".join(d.all_text.split())):
            name = m.group("name")
            if name.split()[0].casefold() == "the":
                found.add("the " + name.split(maxsplit=1)[1])
            elif _a_name(d, name):
                found.add(name)
    # "Captain" spoken to is "Captain Morrow" who speaks: one character, by the longer name
    return {n for n in found if not any(n != m and set(n.split()) < set(m.split()) for m in found)}


def _a_name(d: Drafter, word: str, *, maybe: bool = False) -> bool:
    """A proper name of the chunk's: written capitalised mid-sentence, never in lower case, not a form
    of address ("Oui", "Allons" are capitalised after a quote; "Docteur" is "le docteur" elsewhere).
    ``maybe``: a word that may be a name, though only written at a sentence's start ("Jean ouvre …")."""
    if word.casefold() in STOP_WORDS | _ADDRESS or not (maybe or d.mid_sentence_count(word)):
        return False
    return not re.search(rf"\b{re.escape(word.casefold())}\b", d.all_text)


def _unknown_names(d: Drafter, chapter: str, listed: list[str]) -> list[str]:
    """The names the chapter writes that are none of ``listed``: someone or somewhere the chunk never
    makes speak, so the list would not be all the chapter's characters.

    A name is written mid-sentence ("dit Rose"), or opens sentences as their subject ("Jean met la
    pomme …", twice in the chunk at least: one such opening may be an adverb, "Bientôt il …")."""
    covered = {w for name in listed for w in name.split()}
    opening = Counter(m.group("word") for m in _SUBJECT_OPENING_RE.finditer(d.all_text))
    return [
        w
        for w in dict.fromkeys(re.findall(r"\b[A-Z][a-zà-ÿ]{2,}\b", chapter))
        if w not in covered
        and (_a_name(d, w) or (opening[w] >= 2 and not _ADVERB_RE.search(w) and _a_name(d, w, maybe=True)))
    ]


# A capitalised word opening a sentence (not a line of dialogue) and followed by a lower-case word.
_SUBJECT_OPENING_RE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<word>[A-Z][a-zà-ÿ]{2,})\s+(?=[a-zà-ÿ])", re.M
)
_ADVERB_RE = re.compile(r"(?:ment|ly)$")


def _listed(items: list[str], lang: str) -> str:
    """ "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])}{_AND[lang]}{items[-1]}"


def _item(number: int, name: str) -> str:
    """The deletion of ``name``, its article outside: "the {{c3::Mock Turtle}}" (a blank is a name)."""
    article, rest = ("the ", name[4:]) if name.startswith("the ") else ("", name)
    return f"{article}{{{{c{number}::{rest}}}}}"


def _mention(name: str) -> re.Pattern[str]:
    """Where ``name`` is written, "The Queen" at a sentence's start too."""
    if name.startswith("the "):
        return re.compile(rf"\b[Tt]he {re.escape(name[4:])}\b")
    return re.compile(rf"\b{re.escape(name)}\b")
