"""Where a word comes from: "The word duck comes from Old English dūce" → "Where does the word … come from?".

An etymology is one of the facts a student of a subject keeps (the name of a form, an
instrument, a term of art says what it was). Two shapes are read:

* the word named outright: "The word X comes from Y", "The French word diese (sharp) comes
  from the Greek diesis", "The name X is derived from Y" → "Where does the word X come from?"
  / "Y" (up to the first comma or semicolon: the etymon and its gloss, not the rest);
* a term glossed in brackets: "the spinet (from spina, “thorn”)" → "Where does the word
  “spinet” come from?" / "From spina, “thorn”", only when the etymon looks like the term (the
  same first letters, accents aside): "side modes (from plagios)" names the etymon of another
  word ("Plagal"), so it makes no card.

Never of a word the sentence only points at ("Its name comes from …", "the word comes from
…": which word is in another sentence).
"""

from __future__ import annotations

import re
import unicodedata

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

_QUOTED = r"[\"“‘'][^\"”’']{1,30}[\"”’']"
_WORD_COMES_RE = re.compile(
    r"(?:^(?:The|Our)\s+|\b(?:the|our)\s+)(?P<kind>(?:[A-Z][a-z]+\s+)?(?:word|name|term))\s+"
    rf"(?P<term>{_QUOTED}|[^\W\d_][\w\-]*(?:\s+(?![a-z]+ly\b)[^\W\d_][\w\-]*)?)"
    r"(?P<gloss>\s+\([^()]{1,30}\))?\s+(?:(?P<hedge>probably)\s+|(?:originally|ultimately)\s+)?"
    r"(?:comes|came|is derived|was derived|derives|originates|originated|is taken|was taken)"
    r"(?:\s+(?:originally|ultimately|directly|indirectly|probably))?\s+from\s+"
    r"(?P<source>[^;]{3,120})",
)
_BRACKET_RE = re.compile(
    r"(?<![\w\-])(?P<term>[a-z][a-z\-]{3,})\s+\(from\s+(?P<etymon>[^\W\d_][\w\-]{2,})"
    rf"(?P<gloss>,?\s*{_QUOTED}|\s*(?:--|—|–)\s*[a-z]+|,\s*[a-z]+)?\s*[;)]"
)
# Where the etymon's account ends: the next clause ("…, a derivative of …", "… because …").
_SOURCE_END_RE = re.compile(
    r",\s+(?!['‘\"“])|\s+because\b|\s+which\b|\s+and\s+(?:is|was)\b|(?<=[\"”])\s+and\s"
)
#: How many first letters the etymon shares with the term (accents aside): "spina" / "spinet".
_SHARED_LETTERS = 3


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def origin(d: Drafter, section: Section, sentence: str) -> None:
    """ "The word X comes from Y" / "the X (from Y, “gloss”)" → "Where does the word X come from?"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _WORD_COMES_RE.search(sentence)
    if m and m.group("term").casefold() not in STOP_WORDS:
        source = _SOURCE_END_RE.split(m.group("source").strip(), maxsplit=1)[0].rstrip(" .,")
        source = re.sub(
            r"[,.]([\"”])$", r"\1", source
        )  # '"to sound,"': the gloss without the sentence's comma
        term = m.group("term")
        if m.group("gloss"):
            term += m.group("gloss")  # "diese (sharp)": the word with its meaning
        kind = m.group("kind")  # "word", "French word"
        if 1 <= word_count(source) <= 12 and not re.match(r"(?:the\s+same|it|this|that)\b", source, re.I):
            hedge = "probably " if m.group("hedge") else ""  # the text's doubt stays in the question
            question = f"Where does the {kind} {term} {hedge}come from?"
            d.add(section, CardKind.BASIC, question, _capital(source), sentence, 1)
        return
    for b in _BRACKET_RE.finditer(sentence):
        term, etymon = b.group("term"), b.group("etymon")
        if term in STOP_WORDS or etymon.casefold() in STOP_WORDS:
            continue
        if _plain(term)[:_SHARED_LETTERS] != _plain(etymon)[:_SHARED_LETTERS]:
            continue  # the etymon of another word of the sentence
        gloss = (b.group("gloss") or "").strip(" ,-—–")
        answer = f"From {etymon}" + (f", {gloss}" if gloss else "")
        d.add(section, CardKind.BASIC, f"Where does the word “{term}” come from?", answer, sentence, 1)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
