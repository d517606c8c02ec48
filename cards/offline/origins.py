"""Where a word comes from: "The word duck comes from Old English dūce" → "Where does the word … come from?".

An etymology is one of the facts a student of a subject keeps (the name of a form, an
instrument, a term of art says what it was). Two shapes are read:

* the word named outright: "The word X comes from Y", "The French word diese (sharp) comes
  from the Greek diesis", "The name X is derived from Y" → "Where does the word X come from?"
  / "Y" (up to the first comma or semicolon: the etymon and its gloss, not the rest);
* a term glossed in brackets: "the spinet (from spina, “thorn”)" → "Where does the word
  “spinet” come from?" / "From spina, “thorn”", only when the etymon looks like the term (the
  same first letters, accents aside, a Greek k read as c); when the word before the bracket is not
  it, a word named a few words earlier is ("called Plagal or side modes (from plagios--oblique)"
  → "Where does the word “Plagal” come from?", four letters shared); "strings (called fidel from
  fides, “string”)" too;
* a word given with its etymons and their senses, without "from": "Comedy (komos, revel, and
  odos, singer) arose from …", "the origin of the word “tragedy” or “goat song” (tragos, goat,
  and odos, singer)" → "Where does the word “comedy” come from?" / "From komos, “revel”, and
  odos, “singer”", only when the first etymon looks like the word, is rare in English (wordfreq
  zipf < 3: a foreign word) and is not the word with an ending ("dithyramb (dithyrambos, …)"),
  and each sense is one to three everyday words;
* "From this we get our word for the scale, the gamut." after "… he gave a special name, gamma,
  after the Greek letter G." → "Where does the word “gamut” come from?" / "From gamma (after the
  Greek letter G)": the sentence before names the etymon ("a name, X", "called X", "named X"),
  which must look like the word.

Never of a word the sentence only points at ("Its name comes from …", "the word comes from
…": which word is in another sentence).
"""

from __future__ import annotations

import re
import unicodedata

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
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
    r"(?<![\w\-])(?P<term>[a-z][a-z\-]{3,})\s+\(from\s+(?P<etymon>[^\W\d_]\w{2,}(?:-\w+)*)"
    rf"(?P<gloss>,?\s*{_QUOTED}|\s*(?:--|—|–)\s*[a-z]+|,\s*[a-z]+)?\s*[;)]"
)
# Where the etymon's account ends: the next clause ("…, a derivative of …", "… because …").
_SOURCE_END_RE = re.compile(
    r",\s+(?!['‘\"“])|\s+because\b|\s+which\b|\s+and\s+(?:is|was)\b|(?<=[\"”])\s+and\s"
)
#: How many first letters the etymon shares with the term (accents aside): "spina" / "spinet".
_SHARED_LETTERS = 3
#: … with a word named a few words before the bracket rather than right before it ("Plagal …
#: (from plagios)"): further away, the likeness must be closer.
_SHARED_LETTERS_FAR = 4
#: How many words before the bracket the word of a far etymon may be named.
_FAR_WORDS = 5
#: An etymon given without "from" is a word of another language: rare in English.
_FOREIGN_ZIPF = 3.0

# "strings (called fidel from fides, “string”)": a name and its etymon without a bracket of their own.
_CALLED_FROM_RE = re.compile(
    r"\bcalled\s+(?P<term>[a-z][a-z\-]{3,})\s+from\s+(?P<etymon>[^\W\d_]\w{2,}(?:-\w+)*)"
    rf"(?P<gloss>,?\s*{_QUOTED}|\s*(?:--|—|–)\s*[a-z]+|,\s*[a-z]+)?\s*(?:[;),.]|$)"
)
# The etymons and their senses in a bracket: "(komos, revel, and odos, singer)", "(tragos, goat)".
_ETYMON = r"[^\W\d_][^\W\d_\-]{2,}"
# a bare word or two ("goat", "to sound"), not a description led by an article ("kubectl, the CLI")
_SENSE = r"(?!(?:the|a|an)\s)[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,2}"
_PARTS_RE = re.compile(
    rf"(?P<e1>{_ETYMON}),\s+(?P<g1>{_SENSE})(?:,?\s+and\s+(?P<e2>{_ETYMON}),\s+(?P<g2>{_SENSE}))?"
)
# A word, or "the word “X” (or “Y”)", right before such a bracket.
_GIVEN_RE = re.compile(
    r"(?:\bthe\s+(?:word|name|term)\s+[\"“](?P<named>[^\"”]{2,30})[\"”](?:\s+or\s+[\"“][^\"”]{1,30}[\"”])?|"
    r"(?<![\w\-’'])(?P<word>[A-Za-z][a-z\-]{3,})[\"”]?)\s+\((?P<body>[^()]{5,80})\)"
)
# "From this we get our word for the scale, the gamut.": the etymon is in the sentence before.
_FROM_THIS_RE = re.compile(
    r"^From\s+(?:this|these|it|that)(?:\s+(?:word|name|term))?,?\s+(?:we|English)\s+"
    r"(?:get|have|derive|take|got|derived|took)\s+(?:our|the)\s+(?:word|name|term)"
    r"(?:\s+for\s+(?P<for>[^,;]{2,40}),)?\s+(?:the\s+)?[\"“]?(?P<term>[a-z][a-z\-]{2,})[\"”]?\.?$"
)
# What the sentence before names: "he gave it a special name, gamma, after the Greek letter G".
_NAMED_RE = re.compile(
    r"\b(?:(?:a|the)\s+(?:special\s+|new\s+)?name,?|called|named|termed)\s+[\"“]?"
    r"(?P<etymon>[^\W\d_][\w\-]{2,})[\"”]?(?:,?\s+(?P<after>after\s+[^,;.]{3,40}))?"
)


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _alike(term: str, etymon: str, letters: int = _SHARED_LETTERS) -> bool:
    """The etymon starts as the word does, accents aside and a Greek k read as c ("komos" / "comedy")."""
    a, b = (_plain(w).replace("k", "c") for w in (term, etymon))
    return len(a) >= letters and a[:letters] == b[:letters] and a != b


def _sense(gloss: str) -> str:
    """A sense as the answer shows it: quoted ("goat" → “goat”), unless already quoted."""
    gloss = gloss.strip(" ,-—–")
    return gloss if not gloss or gloss[:1] in "\"“‘'" else f"“{gloss}”"


def _asked(d: Drafter, sentence: str, term: str) -> str:
    """``term`` as the question writes it: the capital of a sentence's first word is dropped when the
    text writes the word in lower case too, or never capitalises it mid-sentence and it is an everyday
    word ("Comedy (komos, …) arose …", "Astronomy (astron, …) was …" → "comedy", "astronomy")."""
    low = term.casefold()
    if not sentence.startswith(term) or not re.fullmatch(r"[A-Z][a-z]+", term):
        return term
    if re.search(rf"\b{low}\b", d.all_text):
        return low
    if not d.mid_sentence_count(term) and zipf(low, d.lang) >= _FOREIGN_ZIPF:
        return low
    return term


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
    for b in [*_BRACKET_RE.finditer(sentence), *_CALLED_FROM_RE.finditer(sentence)]:
        term, etymon = b.group("term"), b.group("etymon")
        if term in STOP_WORDS or etymon.casefold() in STOP_WORDS:
            continue
        if not _alike(term, etymon):
            # the etymon of another word of the sentence: one named just before ("called Plagal or
            # side modes (from plagios)"), else none
            term = _far_term(sentence[: b.start()], etymon)
            if not term:
                continue
        gloss = _sense(b.group("gloss") or "")
        answer = f"From {etymon}" + (f", {gloss}" if gloss else "")
        _add_origin(d, section, sentence, term, answer)
    _given_etymons(d, section, sentence)


def _add_origin(d: Drafter, section: Section, sentence: str, term: str, answer: str) -> None:
    question = f"Where does the word “{_asked(d, sentence, term)}” come from?"
    d.add(section, CardKind.BASIC, question, answer, sentence, 1)


def _far_term(before: str, etymon: str) -> str:
    """The word of the last few words before a bracket that ``etymon`` looks like (four letters), or ""."""
    clause = re.split(r"[;:]", before)[-1]
    for word in reversed(re.findall(r"[^\W\d_][\w\-]*", clause)[-_FAR_WORDS:]):
        if word.casefold() not in STOP_WORDS and _alike(word, etymon, _SHARED_LETTERS_FAR):
            return str(word)
    return ""


def _given_etymons(d: Drafter, section: Section, sentence: str) -> None:
    """ "Comedy (komos, revel, and odos, singer) arose …" → "Where does the word “comedy” come from?"."""
    for g in _GIVEN_RE.finditer(sentence):
        parts = _PARTS_RE.fullmatch(g.group("body").strip())
        term = g.group("named") or g.group("word")
        if not parts or not term or term.casefold() in STOP_WORDS:
            continue
        etymon = parts.group("e1")
        if not _alike(term, etymon) or _plain(etymon).startswith(_plain(term)):
            continue  # not its etymon, or the word itself with an ending ("dithyrambos")
        if zipf(etymon, d.lang) >= _FOREIGN_ZIPF or any(
            zipf(w, d.lang) < _FOREIGN_ZIPF and w not in STOP_WORDS
            for sense in (parts.group("g1"), parts.group("g2") or "")
            for w in sense.split()
        ):
            continue  # an English word, or a sense that is no plain English
        # "From tragos (goat) and odos (singer)": two etymons, not a list of four things
        answer = f"From {etymon} ({parts.group('g1')})"
        if parts.group("e2"):
            answer += f" and {parts.group('e2')} ({parts.group('g2')})"
        _add_origin(d, section, sentence, term, answer)


def from_this(d: Drafter, section: Section, previous: str, sentence: str) -> None:
    """ "… he gave a special name, gamma, after the Greek letter G. From this we get our word for the
    scale, the gamut." → "Where does the word “gamut” come from?" / "From gamma (after the Greek
    letter G)"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or noise(previous):
        return
    m = _FROM_THIS_RE.match(sentence.strip())
    if not m:
        return
    named = [n for n in _NAMED_RE.finditer(previous) if _alike(m.group("term"), n.group("etymon"))]
    if len(named) != 1:
        return  # no word of the sentence before is its etymon, or which one is unclear
    etymon, after = named[0].group("etymon"), named[0].group("after")
    answer = f"From {etymon}" + (f" ({after.strip()})" if after else "")
    source = f"{previous.strip()} {sentence.strip()}"
    d.add(section, CardKind.BASIC, f"Where does the word “{m.group('term')}” come from?", answer, source, 1)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
