"""How a whole is divided: "Music may be divided into four classes, …" and "one …, the other …".

An essay's or textbook's division gets a card with its count, or with its parts when the sentence
names exactly that many (see :mod:`.claims` for the shapes; :mod:`.classes` follows parts told one
by one in the sentences after). "may be divided" is the author's division, asked "According to the
author, …"; a subject that points back ("the melodies formed from these modes") only when the
sentence before names what it points at, and with its chapter said.
"""

from __future__ import annotations

import re

from cards.offline.casing import as_written
from cards.offline.claim_frames import (
    ITEM_SPLIT_RE,
    NUMBERS,
    POINTER_RE,
    according,
    framed,
    lower_article,
)
from cards.offline.drafter import Drafter
from cards.offline.story_frame import chapter_title
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import normalize, split_sentences, word_count
from documents.model import Section

DIVIDED_RE = re.compile(
    r"^(?P<whole>(?:The\s+|A\s+|An\s+)?[A-Z][^,;:()]{1,60}?)\s+(?P<aux>(?:may|can|might|must)\s+be|is|are|was|were)\s+"
    r"(?:(?:broadly|roughly|usually|generally|commonly)\s+)?divided\s+into\s+"
    rf"(?P<n>{'|'.join(NUMBERS)}|[2-9])\s+(?:(?:different|distinct|main|principal|broad|great|separate)\s+)?"
    r"(?P<kind>classes|kinds|types|groups|parts|periods|categories|families|orders|divisions|sections|"
    r"stages|seasons|branches|schools|forms|styles)(?P<rest>.*)$"
)
# "Thus we see music dividing into two classes, one purely emotional, the other sensuous; …"
ONE_OTHER_RE = re.compile(
    r"^(?:(?:Thus|So|Hence|Here),?\s+)?(?P<seen>[Ww]e\s+(?:see|find)\s+)?(?P<whole>[A-Za-z][^,;:()]{1,40}?)\s+"
    r"(?P<verb>dividing|divides|divide|falling|falls|fall|(?:may|can)\s+be\s+divided|is\s+divided|are\s+divided)"
    r"\s+into\s+two\s+(?P<kind>classes|kinds|types|groups|parts|branches|schools|forms|styles),\s+"
    r"(?:the\s+)?one\s+(?P<a>[^,;:]{2,40}),\s+the\s+other\s+(?P<b>[^,;:.]{2,40}?)\.?(?:[;:].*)?$"
)


def divided(d: Drafter, section: Section, sentence: str, body: str, thought: bool) -> None:
    m = DIVIDED_RE.match(body)
    if not m:
        return
    whole = m.group("whole")
    pointed = bool(POINTER_RE.search(whole))
    if pointed:  # "The melodies formed from these modes …" → "The melodies", when "modes" was just told
        whole = _pointed_back(d, section, sentence, whole)
    if not whole or word_count(whole) > 8:
        return
    n_word = m.group("n").lower()
    n = NUMBERS.get(n_word) or int(n_word)
    kind, aux = m.group("kind"), " ".join(m.group("aux").split())
    rest = m.group("rest").strip()
    items: list[str] = []
    if re.match(r"[:,]\s*", rest):
        listed = re.sub(r"^[:,]\s*(?:namely,?\s+|viz\.,?\s+)?", "", rest).rstrip(".")
        items = [i.strip() for i in ITEM_SPLIT_RE.split(listed) if i.strip()]
        if len(items) != n or any(word_count(i) > 5 or POINTER_RE.search(i) for i in items):
            items = []
    if pointed and not items:
        return  # a pointer's whole gets a card only for the parts the sentence names
    modal = aux.endswith(" be")
    lead, verb = (aux.split()[0], "be divided") if modal else (aux, "divided")
    whole_low = lower_article(as_written(d, whole))
    if items and not pointed and normalize(sentence) in d.used_sentences:
        return  # its parts are already a list card ("{{c1::Doric}}; {{c2::Ionic}} …")
    if items:
        question = f"Into which {n_word} {kind} {lead} {whole_low} {verb}?"
        answer = ", ".join(items[:-1]) + f" and {items[-1]}"
    elif ONE_OTHER_RE.match(" ".join(sentence.split())):
        return  # its two parts are a card of their own (:func:`one_and_other`)
    elif not rest or rest.startswith((",", ":", ";")):
        question = f"Into how many {kind} {lead} {whole_low} {verb}?"
        answer = n_word.capitalize() if n_word in NUMBERS else n_word
    else:
        return  # "… divided into two parts by a line": the sentence goes on to say more than the parts
    if modal or thought:
        question = according(d) + question[:1].lower() + question[1:]
    if pointed:  # "the melodies formed from the modes …" of the chapter: its heading says whose, or no card
        context = d.context_of(section) or _chapter(section)
        if not context or context.strip("“”").casefold() in question.casefold():
            return
        question = f"In {context}, {question[:1].lower()}{question[1:]}"
    elif re.match(r"(?:the|a|an)\s", whole_low):  # "the building" needs its chapter; "music" is a field
        question = framed(d, section, question, whole)
    if question:
        d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


# "The melodies formed from these modes and ragas": a head noun, a participle and the pointer after it.
_POINTED_WHOLE_RE = re.compile(
    r"^(?P<head>(?:The|the)\s+[a-z][a-z\-]+(?:\s+[a-z][a-z\-]+)?)\s+"
    r"(?:[a-z]{2,}ed|made|built|written|drawn|taken|sung|found|grown|known|given|seen|shown|kept|sold)\s+"
    r"(?:from|in|with|by|on|for|of|out\s+of)\s+(?:these|those)\s+(?P<noun>[a-z]{3,})\b[^,;:]*$"
)


def _pointed_back(d: Drafter, section: Section, sentence: str, whole: str) -> str:
    """``whole``'s head noun phrase ("The melodies") when its only pointer, "these modes", points at a
    noun the sentence before names ("If the mode … is changed …"); else "" (the pointer is unsure)."""
    m = _POINTED_WHOLE_RE.match(" ".join(whole.split()))
    if not m or POINTER_RE.search(m.group("head")):
        return ""
    before = _sentence_before(d, section, sentence)
    noun = m.group("noun").casefold()
    stem = re.sub(r"(?:ies|es|s)$", "", noun) if len(noun) > 4 else noun
    if not before or not re.search(rf"\b{re.escape(stem)}(?:e|es|s|y|ies)?\b", before.casefold()):
        return ""
    return re.sub(r"\b(?:these|those)\b", "the", " ".join(whole.split()))


def _chapter(section: Section) -> str:
    """``section``'s own heading in quotes, numbering off, when it is a title of at most eight words
    ("III. The Music of the Hebrews and the Hindus"): longer than :meth:`Drafter.context_of` takes,
    but a card whose subject points back needs its chapter said."""
    name = chapter_title(section)
    if not name or name.endswith("?") or word_count(name) > 8 or not name[:1].isupper():
        return ""
    return f"“{name}”"


def _sentence_before(d: Drafter, section: Section, sentence: str) -> str:
    """The sentence just before ``sentence`` in ``section``'s text ("" when it opens the section)."""
    target = " ".join(sentence.split())
    for s, text in d.prepared:
        if s is not section:
            continue
        previous = ""
        for other in split_sentences(text):
            other = " ".join(other.split())
            if other == target or target in other:
                return previous
            previous = other
    return ""


def one_and_other(d: Drafter, section: Section, sentence: str) -> None:
    """ "Thus we see music dividing into two classes, one A, the other B" → "… into which two classes does
    music divide?" / "One A, the other B"."""
    m = ONE_OTHER_RE.match(" ".join(sentence.split()))
    if not m:
        return
    whole = as_written(d, m.group("whole"))
    a, b = m.group("a").strip(), m.group("b").strip()
    if any(POINTER_RE.search(x) for x in (whole, a, b)) or word_count(whole) > 6:
        return
    if whole[:1].isupper() and not m.group("seen") and not names_something(whole, d.lang):
        return  # a capital that only the sentence's start gave and the text never writes so
    verb = m.group("verb")
    kind = m.group("kind")
    if verb.startswith(("may", "can")):
        question = f"Into which two {kind} {verb.split()[0]} {whole} be divided?"
    elif verb.startswith(("is", "are")):
        question = f"Into which two {kind} {verb.split()[0]} {whole} divided?"
    else:
        base = "fall" if verb.startswith("fall") else "divide"
        plural = re.search(r"[^su]s$", whole)  # "glaciers", not "music", "class" or "genus"
        question = f"Into which two {kind} {'do' if plural else 'does'} {whole} {base}?"
    if m.group("seen") or verb.startswith(("may", "can")):
        question = according(d) + question[:1].lower() + question[1:]
    if re.match(r"(?:the|a|an)\s", whole, re.I):
        question = framed(d, section, question, whole)
    if question:
        d.add(section, CardKind.BASIC, question, f"One {a}, the other {b}", sentence, 1)
