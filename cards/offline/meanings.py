"""What a foreign word means: "moll in German still means minor" → "In German, what does “moll” mean?".

A history of an art or a science glosses the words of other languages it keeps meeting (the name of
a form, a sign, a council): "In French the verb lourer means “to hold”", "the Hindu word for a
Buddhist council means literally “a singing together”". The meaning is the fact to learn, and the
language names its domain, so the card asks it in that language's name:

* "X in German means Y", "In French the verb X means Y" → "In German, what does “X” mean?" /
  "In French, what does the verb “lourer” mean?";
* "the Hindu word for X means Y" → "What does the Hindu word for X mean?"; "literally" stays in
  the question.

* "some called sirventes--that is “songs of service,” …" → "What does “sirventes” mean?": a word
  named and glossed at once, its language left to the text; this card takes the place of the
  emphasis cloze on the same word of the sentence.

Only a word the text marks as one (emphasised or quoted) and that everyday English hardly uses
(wordfreq zipf < 3: "moll", not "means" in "This meant that …") unless the text calls it a word ("the
word atom in Greek means …"), only with its language said
beside it (a bare "dur means hard" leaves which language to another sentence), and never a gloss
that points elsewhere ("the same", "this").
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, normalize, word_count
from documents.model import Section

_LANG = r"[A-Z][a-z]{3,}"
_KIND = r"word|verb|noun|adjective|term|name|expression"
# The word opens the sentence or a clause: "(In French the verb lourer means …", "…, and moll in German …".
_MEANS_RE = re.compile(
    r"(?:^\(?|[;,(]\s*|\b(?:and|for|while|whereas)\s+)"
    rf"(?:(?:[Ii]n|[Ff]rom)\s+(?P<lang1>{_LANG}),?\s+)?"
    rf"(?:[Tt]he\s+(?:(?P<lang2>{_LANG})\s+)?(?P<kind>{_KIND})\s+)?"
    r"(?P<term>[\"“][a-zà-ÿ][^\"”]{0,28}[\"”]|[a-zà-ÿ][\w\-]*)"
    rf"(?:\s+in\s+(?P<lang3>{_LANG}))?"
    r"\s+(?:still\s+|also\s+|originally\s+)?(?P<verb>means|meant|signifies|signified)\s+(?P<lit>literally\s+)?"
    r"(?P<gloss>[^;]{2,120})"
)
_WORD_FOR_RE = re.compile(
    rf"\bthe\s+(?P<lang>{_LANG})\s+(?P<kind>word|term|name)\s+for\s+(?P<what>(?:an?\s+|the\s+)?[\w\-]+(?:\s+[\w\-]+){{0,4}}?)"
    r"\s+(?:still\s+|also\s+)?(?P<verb>means|meant|signifies|signified)\s+(?P<lit>literally\s+)?(?P<gloss>[^;]{2,120})"
)
# "The present French word for natural (when it is specially marked) is bécarré", "the German word for
# the sharp still remains kreuz": the foreign word itself is the fact.
_WORD_FOR_IS_RE = re.compile(
    rf"\b[Tt]he\s+(?:present\s+|modern\s+|old\s+)?(?P<lang>{_LANG})\s+(?P<kind>word|term|name)\s+for\s+"
    r"(?P<what>(?:an?\s+|the\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}?)(?:\s+\([^)]{1,60}\))?\s+(?:still\s+)?"
    r"(?P<verb>is|was|remains|remained)\s+(?P<word>[\"“][^\"”]{1,30}[\"”]|[\w\-]+)(?=[\s.,;:)]|$)"
)
# A word named and glossed at once, its language left to the text: "there were some called sirventes--that
# is “songs of service,” which …", "the clavicembalo, which was called gebunden, or “bound.”"
_CALLED_GLOSS_RE = re.compile(
    r"\b(?:called|named|termed)\s+(?P<term>[a-zà-ÿ][\w\-]{2,})(?:\s*(?:--|—|–)\s*|,\s+)"
    # (a sentence that ends inside the quotation is cut before its closing mark: "or “bound.")
    r"(?:that\s+is,?\s+|or\s+|i\.\s?e\.,?\s+)?[\"“](?P<gloss>[^\"”]{2,40}?)(?:[,.]?[\"”]|\.$)"
)
# The gloss is a quotation, or runs to a clause or sentence end.
_QUOTED_GLOSS_RE = re.compile(r"^[\"“](?P<q>[^\"”]{1,60}?)[,.]?[\"”]")
# (", or “soft” or “lowered”": other senses, which would make the answer a list)
_GLOSS_END_RE = re.compile(
    r"[,;]\s+(?:(?:from|in|by|of|to)\s+)?(?:which|and|but|for|while|whereas|so|as|or)\b|[.!?](?:\s|$)|\)"
)
_POINTING_RE = re.compile(r"^(?:the\s+same|this|these|those|it|them)\b|^that\b(?!\s+which)", re.I)
#: A word everyday English uses this much is no foreign word to gloss.
_FOREIGN_ZIPF = 3.0
_MAX_GLOSS_WORDS = 10


def _italic(term: str, text: str) -> bool:
    """Whether the text marks ``term`` as a word apart: plain-text italics, "_moll_" (how an e-text marks a
    foreign word), or the emphasis a parser made of them, "**moll**"."""
    word = re.escape(term)
    return bool(re.search(rf"(?<![\w_])_{word}_(?![\w_])|\*\*{word}\*\*|(?<![\w*])\*{word}\*(?![\w*])", text))


def _clozed(d: Drafter, sentence: str, term: str) -> bool:
    """Whether a cloze on this sentence already hides ``term`` ("The word {{alkali}} in Arabic means …"):
    the same fact asked twice."""
    source = normalize(d.originals.get(sentence, sentence))
    hidden = f"{{{{c1::{term.casefold()}}}}}"
    return any(
        c.card.kind is CardKind.CLOZE
        and normalize(c.card.source_span) == source
        and hidden in c.card.front.casefold()
        for c in d.candidates
    )


def drop_cloze(d: Drafter, sentence: str, term: str) -> None:
    """Removes the candidate cloze on this sentence that hides ``term`` (see :func:`_clozed`)."""
    source = normalize(d.originals.get(sentence, sentence))
    hidden = f"{{{{c1::{term.casefold()}}}}}"
    for index, c in enumerate(d.candidates):
        if (
            c.card.kind is CardKind.CLOZE
            and normalize(c.card.source_span) == source
            and hidden in c.card.front.casefold()
        ):
            del d.candidates[index], d.candidate_sources[index]
            d.seen_fronts.discard(normalize(c.card.front))
            return


def _gloss(text: str) -> str:
    """The meaning as the sentence gives it: its quotation, else up to the clause end."""
    quoted = _QUOTED_GLOSS_RE.match(text)
    if quoted:
        return quoted.group("q").strip()
    return _GLOSS_END_RE.split(text, maxsplit=1)[0].strip(' .,"“”')


def meaning(d: Drafter, section: Section, sentence: str) -> None:
    """ "X in German means Y" → "In German, what does “X” mean?" (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    for m in _WORD_FOR_RE.finditer(sentence):
        gloss = _gloss(m.group("gloss"))
        if not gloss or _POINTING_RE.match(gloss) or word_count(gloss) > _MAX_GLOSS_WORDS:
            continue
        literally = " literally" if m.group("lit") else ""
        tense = "does" if m.group("verb") in ("means", "signifies") else "did"
        q = f"What {tense} the {m.group('lang')} {m.group('kind')} for {m.group('what')} mean{literally}?"
        d.add(section, CardKind.BASIC, q, gloss[:1].upper() + gloss[1:], sentence, 1)
        return
    for m in _WORD_FOR_IS_RE.finditer(sentence):
        word = m.group("word").strip('"“”')
        marked = m.group("word")[:1] in '"“' or _italic(word, section.text)
        # a word of another language, not "the Greek word for it is obscure"
        foreign = marked or (zipf(word.casefold(), d.lang) or 0.0) < _FOREIGN_ZIPF
        if word.casefold() in STOP_WORDS or not foreign:
            continue
        if m.group("lang").casefold() in STOP_WORDS or _POINTING_RE.match(m.group("what")):
            continue
        lang, kind, what = m.group("lang"), m.group("kind"), m.group("what")
        if m.group("verb") in ("was", "remained"):
            q = f"What was the {lang} {kind} for {what}?"
        else:  # not "What is the French word for natural?", which the gate reads as asking a definition
            q = f"What {kind} does {lang} use for {what}?"
        d.add(section, CardKind.BASIC, q, word, sentence, 1)
        return
    for m in _CALLED_GLOSS_RE.finditer(sentence):
        term, gloss = m.group("term"), m.group("gloss").strip()
        # a word of another language the text marks as one ("_sirventes_"), with a plain sense
        if not _italic(term, section.text) or zipf(term, d.lang) >= _FOREIGN_ZIPF:
            continue
        if _POINTING_RE.match(gloss) or word_count(gloss) > _MAX_GLOSS_WORDS:
            continue
        # the emphasised word's cloze on the same sentence asks the same pairing, less well: this card
        # takes its place
        drop_cloze(d, sentence, term)
        d.add(
            section, CardKind.BASIC, f"What does “{term}” mean?", gloss[:1].upper() + gloss[1:], sentence, 1
        )
        return
    for m in _MEANS_RE.finditer(sentence):
        lang = m.group("lang1") or m.group("lang2") or m.group("lang3")
        term = m.group("term").strip('"“”')
        if not lang or lang.casefold() in STOP_WORDS or term.casefold() in STOP_WORDS:
            continue
        marked = m.group("term")[:1] in '"“' or _italic(term, section.text)
        # an everyday word is glossed only when the text calls it a word: "the word atom in Greek"
        if not marked or (not m.group("kind") and (zipf(term.casefold(), d.lang) or 0.0) >= _FOREIGN_ZIPF):
            continue
        gloss = _gloss(m.group("gloss"))
        if not gloss or _POINTING_RE.match(gloss) or word_count(gloss) > _MAX_GLOSS_WORDS:
            continue
        if gloss.casefold() == term.casefold() or _clozed(d, sentence, term):
            continue
        kind = f"the {m.group('kind')} " if m.group("kind") else ""
        literally = " literally" if m.group("lit") else ""
        tense = "does" if m.group("verb") in ("means", "signifies") else "did"
        q = f"In {lang}, what {tense} {kind}“{term}” mean{literally}?"
        d.add(section, CardKind.BASIC, q, gloss[:1].upper() + gloss[1:], sentence, 1)
        return
