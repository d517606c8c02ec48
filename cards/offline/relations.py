"""How a thing relates to others, as a reference work states it.

* confusion: "Ducks are often confused with loons and grebes" → "What are ducks often confused with?";
* an expression's meaning: "“a sitting duck” has come to mean “an easy target”" → "What does
  “sitting duck” mean?";
* rank in a classification: "All ducks belong to the order Anseriformes" → "To which order do all
  ducks belong?";
* the exception to "all but": "ducks are safe from all but a few predators such as humans" →
  "In flight, ducks are safe from all predators except which?" / "A few such as humans …";
* a stated aim: "The focus of the revised standards is to read shorter texts …" → "What is the
  focus of the revised standards?".

The subject must name something specific, or be what the document is about (its title names it:
"ducks" in an article titled "Duck").
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, detach, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.questions import _subject_phrase
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count, words
from documents.model import Section

_SUBJECT = r"(?P<subj>(?:(?:an?|the|all|most|many|some)\s+)?[A-Za-z][\w’'\-]*(?:\s+[\w’'\-]+){0,4}?)"
_CONFUSED_RE = re.compile(
    rf"^{_SUBJECT}\s+(?P<aux>is|are|was|were)\s+(?P<adv>(?:often|sometimes|frequently|commonly|easily|"
    r"occasionally)\s+)?(?P<verb>confused|mistaken)\s+(?P<prep>with|for)\s+(?P<what>[^;:]{4,160})$"
)
# "“a sitting duck” has come to mean “an easy target”", "the phrase X means Y"
_QUOTED = r"[“\"‘'](?P<{name}>[^“”\"‘’']{{2,60}})[”\"’']"
_MEANING_RE = re.compile(
    _QUOTED.format(name="phrase")
    + r",?\s+(?:has\s+come\s+to\s+mean|came\s+to\s+mean|now\s+means|means|is\s+used\s+to\s+mean)\s+"
    + r"(?:[“\"‘'](?P<quoted>[^“”\"‘’']{2,80})[”\"’']|(?P<plain>[^,;:()]{3,80}))"
)
_RANKS = (
    "kingdom|phylum|division|class|order|superfamily|family|subfamily|tribe|genus|subgenus|species|"
    "clade|group|category"
)
_BELONGS_RE = re.compile(
    rf"^(?P<lead>(?:In|According to)\s+[^,;]{{3,60}},\s+)?{_SUBJECT}\s+(?P<verb>belongs?|belonged)\s+to\s+"
    rf"(?:the\s+)?(?P<adj>(?:biological|taxonomic|botanical|zoological)\s+)?(?P<rank>{_RANKS})\s+"
    r"(?P<name>[A-Z][\w\-]+(?:\s+[a-z][\w\-]+)?)\b"
)
# "In flight, ducks are safe from all but a few predators such as humans and the peregrine falcon, …"
_ALL_BUT_RE = re.compile(
    r"^(?P<pre>[^;:]{8,120}?\b(?:from|of|to|by|on|in|for|with)\s+)all\s+but\s+(?:a\s+few|one|two|some)\s+"
    r"(?P<noun>[a-z][\w\-]*s)\s+(?:such\s+as|like|namely)\s+(?P<x>[^,;()]{3,60}?)(?=\s*(?:,|$))"
)
# "The focus of the revised standards is to read shorter texts but with much closer attention."
_AIM_RE = re.compile(
    r"^The\s+(?P<aim>focus|aim|goal|purpose|objective|main\s+idea|main\s+function)\s+of\s+"
    r"(?P<what>[^,;:()]{3,60}?)\s+(?P<aux>is|was|are|were)\s+(?P<answer>(?:to|that)\s+[^;:]{6,140})$"
)
CONFUSED = {"en": "What {aux} {t} {adv}{verb} {prep}?"}
MEANING = {"en": "What does “{t}” mean?"}
BELONGS = {"en": "To which {adj}{rank} {aux} {t} belong?"}


def _sentence_body(sentence: str) -> str:
    return detach(sentence).strip().rstrip(".!")


def _stem(word: str) -> str:
    return word.casefold().removesuffix("s")


def _named_subject(subject: str, d: Drafter) -> str:
    """``subject`` as the middle of a question, or "" when it names nothing specific.

    A common noun the document's title names is its topic, not any thing: "ducks" in "Duck".
    """
    phrase = _subject_phrase(subject, d.lang, d.all_text)
    if phrase:
        return _sentence_case(phrase, d)
    title = d.chunk.heading[0] if d.chunk.heading else ""
    topic = {_stem(w) for w in words(title) if w.casefold() not in STOP_WORDS}
    tokens = words(subject)
    if not tokens or _stem(tokens[-1]) not in topic or PRONOUN_START_RE.match(subject):
        return ""
    return _sentence_case(subject, d)


def _sentence_case(phrase: str, d: Drafter) -> str:
    """``phrase`` as written mid-sentence: a name keeps its capital ("Rust"), a noun loses it ("Otters")."""
    first = phrase.split(" ", 1)[0]
    if not first[:1].isupper() or first.isupper() or d.mid_sentence_count(first) > 0:
        return phrase
    return phrase[:1].lower() + phrase[1:]


def confused(d: Drafter, section: Section, sentence: str) -> None:
    """ "X are often confused with Y" → "What are X often confused with?" / "Y"."""
    if CardKind.BASIC not in d.kinds or d.lang not in CONFUSED or noise(sentence):
        return
    m = _CONFUSED_RE.match(_sentence_body(sentence))
    if not m or DANGLING_RE.search(m.group("what")):
        return
    subject = _named_subject(m.group("subj"), d)
    answer = trim_answer(m.group("what"))
    if not subject or PRONOUN_START_RE.match(answer) or not 1 <= word_count(answer) <= 25:
        return
    q = CONFUSED[d.lang].format(
        aux=m.group("aux"), t=subject, adv=m.group("adv") or "", verb=m.group("verb"), prep=m.group("prep")
    )
    d.add(section, CardKind.BASIC, q, answer[:1].upper() + answer[1:], sentence, 1)


def meaning(d: Drafter, section: Section, sentence: str) -> None:
    """ "“a sitting duck” has come to mean “an easy target”" → "What does the expression … mean?"."""
    if CardKind.BASIC not in d.kinds or d.lang not in MEANING or noise(sentence):
        return
    m = _MEANING_RE.search(sentence)
    if not m or word_count(m.group("phrase")) < 2:
        return  # a single word's meaning is a definition, drafted elsewhere
    answer = (m.group("quoted") or m.group("plain") or "").strip()
    if not answer or PRONOUN_START_RE.match(answer) or word_count(answer) > 12:
        return
    # "a sitting duck" is asked as "sitting duck": an article alone is no part of a term
    q = MEANING[d.lang].format(t=re.sub(r"^(?:an?|the)\s+", "", m.group("phrase").strip(), flags=re.I))
    d.add(section, CardKind.BASIC, q, answer[:1].upper() + answer[1:], sentence, 1)


def belongs(d: Drafter, section: Section, sentence: str) -> None:
    """ "All ducks belong to the biological order Anseriformes" → "To which biological order do all
    ducks belong?" / "Anseriformes"."""
    if CardKind.BASIC not in d.kinds or d.lang not in BELONGS or noise(sentence):
        return
    m = _BELONGS_RE.match(_sentence_body(sentence))
    if not m:
        return
    subject = _named_subject(m.group("subj"), d)
    if not subject:
        return
    aux = "did" if m.group("verb") == "belonged" else "does" if m.group("verb") == "belongs" else "do"
    q = BELONGS[d.lang].format(adj=m.group("adj") or "", rank=m.group("rank"), aux=aux, t=subject)
    if m.group("lead"):
        q = f"{m.group('lead')}{q[:1].lower()}{q[1:]}"
    d.add(section, CardKind.BASIC, q, m.group("name"), sentence, 1)


def exception(d: Drafter, section: Section, sentence: str) -> None:
    """ "X are safe from all but a few predators such as humans and the peregrine falcon" → "X are safe
    from all predators except which?" / "Humans and the peregrine falcon": the exception is what is learnt."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _ALL_BUT_RE.match(_sentence_body(sentence))
    if not m or PRONOUN_START_RE.match(m.group("pre")) or DANGLING_RE.search(m.group("pre")):
        return
    named = m.group("x").strip()
    if not 1 <= word_count(named) <= 8 or PRONOUN_START_RE.match(named):
        return
    q = f"{m.group('pre')}all {m.group('noun')} except which?"
    # "such as" gives examples, not the whole exception: the answer says so
    d.add(section, CardKind.BASIC, q, f"A few such as {named}", sentence, 1)


def aim(d: Drafter, section: Section, sentence: str) -> None:
    """ "The focus of X is to Y" → "What is the focus of X?" / "To Y"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _AIM_RE.match(_sentence_body(sentence))
    if not m or DANGLING_RE.search(m.group("what")) or PRONOUN_START_RE.match(m.group("what")):
        return
    answer = m.group("answer").strip()
    if word_count(answer) > 25:
        return
    aim_word = re.sub(r"\s+", " ", m.group("aim"))
    q = f"What {m.group('aux')} the {aim_word} of {m.group('what')}?"
    d.add(section, CardKind.BASIC, q, answer[:1].upper() + answer[1:], sentence, 1)


def relations(d: Drafter, section: Section, sentence: str) -> None:
    """Every extractor of this module on one sentence."""
    confused(d, section, sentence)
    meaning(d, section, sentence)
    belongs(d, section, sentence)
    exception(d, section, sentence)
    aim(d, section, sentence)
