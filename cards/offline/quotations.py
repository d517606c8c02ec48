"""Who says a story's notable lines: "In “Alice's Adventures in Wonderland”, who says “Off with her
head!”?" / "The Queen".

A student of a novel keeps its memorable lines with their speaker, when the text says plainly who
speaks: the speech tag names the speaker next to the line ('"…!" said the Queen', '"…!" the Queen
shouted', '« … ! crie Marie.', '— …, dit le docteur.'), or the sentence's subject says it, nobody
else named between ('the Queen … went stamping about and shouting, "Off with his head!"'). Which
lines are notable is told by their shape, not by a list:

* a whole utterance, not a piece cut by the tag ('"I wish," said Alice, "that …"' is half a line):
  it ends on "!" or "?" (an exclamation or a question: what a character is remembered by) and the
  text does not go on with the same line after the tag;
* three to twelve words, with at least one word that is not a function word ("Oh dear!" alone is
  no line to learn), and notable: said twice or more in the chunk, with or without a tag, a
  pronoun aside ("Off with his head!" … "Off with her head!"); a line said once is trivia to a
  strict reader, however rare its words ("Hold your tongue!", "Herald, read the accusation!": 7 of
  9 such cards dropped);
* its speaker is named: a name ("Alice", "Marie") or "the" and a capitalised name ("the Queen",
  "the Mock Turtle", "le docteur" in French, where a character's role is written in lower case),
  never a pronoun. The story's most named character (its protagonist, in nearly every scene), or
  a name the book's title gives ("Alice"), is asked only for a line said twice or more in the
  chunk: "Who says …?" / "Alice" is a guess.

Only stories (:func:`cards.offline.keyterms.narrative`: dialogue and people told in the third
person) get these cards; the question names the book when the document has a title (not a file's
name, :func:`book_title`). At most
:data:`MAX_PER_1K_WORDS` such cards per 1,000 words, the lines said twice first, then those with the
rarest words: a quotation card is a study card, not the story retold line by line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, normalize, word_count, words
from documents.model import Section

_EN_VERBS = (
    r"said|says|cried|cries|shouted|shouts|screamed|exclaimed|asked|asks|replied|roared|whispered|"
    r"remarked|added|repeated|thought|called out|sobbed|growled|muttered|yelled|sighed|interrupted"
)
_FR_VERBS = (
    r"dit|dis|disait|crie|cria|criait|s’écrie|s'écrie|s’écria|s'écria|demande|demanda|répond|répondit|"
    r"ajoute|ajouta|répète|répéta|murmure|murmura|pense|pensa|reprend|reprit|s’exclame|s'exclame"
)
# A speaker: a name, or "the" and a capitalised name ("the Mock Turtle").
_EN_SPEAKER = r"(?:the\s+(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+|[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)?)"
# French writes a character's role in lower case: "dit la maman", "dit le docteur".
_FR_SPEAKER = r"(?:(?:le|la|l’|l')\s?[\w’'-]{3,}|[A-Z][a-zà-ÿ]{2,}(?:\s+[A-Z][a-zà-ÿ]+)?)"
_EN_LINE_RE = re.compile(
    # '"…!" said the Queen', '"…!" the Queen shouted'
    rf"[\"“](?P<line>[^\"“”]{{4,160}}?[!?])[\"”]\s+(?:(?P<verb>{_EN_VERBS})\s+(?P<speaker>{_EN_SPEAKER})"
    rf"|(?P<speaker2>{_EN_SPEAKER})\s+(?P<verb2>{_EN_VERBS}))(?P<after>[^\"“]{{0,3}})"
)
# 'The Queen … went stamping about and shouting, "Off with his head!"': the sentence's subject speaks.
_EN_LEAD_RE = re.compile(
    rf"(?:^|(?<=[.!?;,]\s)|(?<=[.!?;][\"”]\s))(?P<speaker>(?:[Tt]he\s+(?:[A-Z][\w’'-]+\s+){{0,2}}[A-Z][\w’'-]+"
    rf"|[A-Z][a-z]{{2,}}))\s+(?P<between>[^.!?;:\"“”]{{0,80}}?\s)?(?:{_EN_VERBS}|shouting|crying|saying|"
    rf"screaming|calling out),?\s+[\"“](?P<line>[^\"“”]{{4,160}}?[!?])[\"”]"
)
_FR_LINE_RE = re.compile(
    # '« … ! crie Marie.', '— … ? demande le docteur.'
    rf"(?:^|[«—–]\s?|\n)(?P<line>[^«»—–\n]{{4,160}}?[!?])\s+(?P<verb>{_FR_VERBS})[- ]?"
    rf"(?:t-)?(?P<speaker>{_FR_SPEAKER})(?P<after>[^«»]{{0,3}})"
)
# A verb's participle says what someone did, not what the line is about: "visé", "guessed".
_PARTICIPLE_RE = re.compile(r"(?:é|ée|és|ées|ed)$", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?;»]|\n\s*\n|$")
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "i",
        "we",
        "you",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "je",
        "tu",
        "nous",
        "vous",
    ]
)

#: Quotation cards per 1,000 words of a story at most.
MAX_PER_1K_WORDS = 2.0
#: A line said once is not asked, however rare its words: a strict reader dropped 7 of the 9 lines
#: a rare word made notable ("Hold your tongue!", "Not like cats!", "Herald, read the accusation!")
#: as trivia. A line the story repeats ("Off with her head!") is one a reader remembers; the rarest
#: word (wordfreq's Zipf scale) only orders the lines kept.


@dataclass(frozen=True)
class Line:
    section: Section
    line: str
    speaker: str
    source: str


def quotations(d: Drafter, story: bool) -> None:
    """The "Who says …?" cards of a story's chunk (see the module docstring)."""
    if not story or CardKind.BASIC not in d.kinds or d.lang not in _QUESTION:
        return
    found = [line for section, text in d.prepared for line in _lines(d.lang, section, text)]
    said = Counter(_said(f.line) for f in found)
    whole = _said(d.all_text)
    for key in said:  # said again without a tag counts too: '"Off with his head!" or "Off with her head!"'
        said[key] = max(said[key], whole.count(key))
    hero = _protagonist(d)
    # the name in the book's title is its protagonist too ("Alice's Adventures in Wonderland")
    titled = {w.casefold() for w in re.findall(r"[A-Z][a-zà-ÿ]+", book_title(d.chunk.title))} - STOP_WORDS
    kept: dict[str, tuple[float, Line]] = {}
    for f in found:
        repeated = said[_said(f.line)] >= 2
        if f.speaker.casefold() in {hero, *titled} and not repeated:
            continue  # the protagonist speaks in every scene: "Alice" is a guess
        rarest = min(
            (zipf(w, d.lang) for w in _content_words(f.line) if not _PARTICIPLE_RE.search(w)), default=7.0
        )
        if repeated:
            kept.setdefault(_said(f.line), (rarest - 7.0 * repeated, f))  # one card for his/her lines
    budget = round(MAX_PER_1K_WORDS * word_count(d.all_text) / 1000)
    for _, f in sorted(kept.values(), key=lambda scored: scored[0])[: max(0, budget)]:
        question = _QUESTION[d.lang].format(line=f.line)
        book = book_title(d.chunk.title)
        if book:
            question = _IN_BOOK[d.lang].format(book=book, q=question[:1].lower() + question[1:])
        d.add(f.section, CardKind.BASIC, question, f.speaker[:1].upper() + f.speaker[1:], f.source, 1)


def _said(text: str) -> str:
    """``text`` compared as a line said again: normalised, a possessive or object pronoun standing for
    any other ("Off with his head!" and "Off with her head!" are the Queen's one line)."""
    return re.sub(r"\b(?:his|her|him|its|their|them)\b", "_", normalize(text))


def book_title(title: str | None) -> str:
    """The document's title as a book's name, or "" when it is none: a file's name ("chapter_1.doc",
    "Microsoft Word - draft"), or longer than a title."""
    title = (title or "").strip()
    if not title or "_" in title or _FILE_NAME_RE.search(title) or len(title.split()) > 12:
        return ""
    return title


_FILE_NAME_RE = re.compile(r"\.[A-Za-z0-9]{2,4}$|^Microsoft\s+\w+\s+-", re.I)


def _content_words(line: str) -> list[str]:
    """The line's words that are not function words, an elision or a pronoun after a hyphen cut off
    ("c’était" → "était", "avez-vous" → "avez"): wordfreq knows the parts, not the whole."""
    parts = (p for w in words(line) for p in re.split(r"[’'\-]", w))
    return [p for p in parts if p.casefold() not in STOP_WORDS and len(p) > 2]


_QUESTION = {"en": "Who says “{line}”?", "fr": "Qui dit « {line} » ?"}
_IN_BOOK = {"en": "In “{book}”, {q}", "fr": "Dans « {book} », {q}"}


def _lines(lang: str, section: Section, text: str) -> list[Line]:
    pattern = _EN_LINE_RE if lang == "en" else _FR_LINE_RE
    out = []
    for m in pattern.finditer(text):
        line = " ".join(m.group("line").split()).strip(" ,«»")
        speaker = m.group("speaker") or (m.groupdict().get("speaker2") or "")
        after = m.group("after")
        if after.startswith(","):
            rest = text[m.end() : m.end() + 40]
            if re.match(r"\s*(?:in\s+\w+\s+)?[\"“«]|[^.!?]{0,30}[\"“«]", rest):
                continue  # the line goes on after the tag: a piece of an utterance
        if speaker.casefold().split()[0] in _PRONOUNS or not 3 <= word_count(line) <= 12:
            continue
        if not _content_words(line):
            continue
        # the card quotes the line and its tag, to the end of the sentence the tag is in
        end = _SENTENCE_END_RE.search(text, m.end())
        source = " ".join(text[m.start() : end.end() if end else len(text)].split()).lstrip("—– ")
        out.append(Line(section, line, speaker, source))
    if lang == "en":
        out.extend(_lead_tagged(section, text))
    return out


def _lead_tagged(section: Section, text: str) -> list[Line]:
    """Lines after their tag, whose speaker is the sentence's subject: 'The Queen … shouting, "…!"'.

    Nobody else may be named between the subject and the verb ('Alice heard that the Queen said, "…"'
    would give the Queen's line to Alice), nor a pronoun that may be someone else."""
    out = []
    for m in _EN_LEAD_RE.finditer(text):
        line = " ".join(m.group("line").split())
        between = m.group("between") or ""
        if re.search(r"\b[A-Z][a-z]+", between) or re.search(r"\b(?:he|she|they|it|him|her)\b", between):
            continue
        speaker = m.group("speaker")
        if speaker.casefold() in _PRONOUNS or speaker.casefold() in STOP_WORDS:
            continue
        if not 3 <= word_count(line) <= 12 or not _content_words(line):
            continue
        end = _SENTENCE_END_RE.search(text, m.end())
        source = " ".join(text[m.start() : end.end() if end else len(text)].split())
        out.append(
            Line(
                section, line, speaker[:1].lower() + speaker[1:] if speaker[:3] == "The" else speaker, source
            )
        )
    return out


def _protagonist(d: Drafter) -> str:
    """The name the chunk mentions most: its story's main character ("alice"), casefolded."""
    names = Counter(
        w
        for w in re.findall(r"(?<=[a-zà-ÿ,;] )[A-Z][a-zà-ÿ]{2,}", d.all_text)
        if w.casefold() not in STOP_WORDS
    )
    return names.most_common(1)[0][0].casefold() if names else ""
