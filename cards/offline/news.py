"""The facts of a news report, with their subject named: how many, who was first, who holds a post.

A report tells of people ("Mr Obama said …"), so key-term clozes find little in it: its names are
not terms, its words are plain. What a reader keeps of it are its facts:

* a toll: "…, a gunman opened fire at a cinema in Louisiana, killing two people" → "How many people
  were killed when a gunman opened fire at a cinema in Louisiana?" / "Two";
  "Nine churchgoers were killed in South Carolina in June" → "How many churchgoers were killed in
  South Carolina in June?" / "Nine"; "Approximately 3 billion ducks are slaughtered each year for
  meat worldwide." → "How many ducks are slaughtered each year for meat worldwide?" (the counted
  thing named, or what the document's title names);
* a first: "Mr Obama will become the first US president to address the African Union" → "Who will
  become the first US president to address the African Union?";
* what someone said, reduced to its fact: "President X has admitted that his failure to pass Y is the
  greatest frustration of his presidency" → "According to President X, what is the greatest
  frustration of his presidency?";
* a post and who holds it: "the BBC's North America editor Jon Sopel" → "Who is the BBC's North
  America editor?".
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, detach, noise
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count, words
from documents.model import Section

_COUNT = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a hundred|hundreds of|"
    r"thousands of|dozens of)"
)
_ABOUT = r"(?:(?:at\s+least|more\s+than|over|about|nearly|almost|some|around)\s+)?"
# A person named with an optional title: "President Barack Obama", "Mr Obama", "Angela Merkel".
_NAME = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Sir|Dame|President|Prime\s+Minister|Chancellor|Senator|Governor|Queen|King|Pope)"
    r"\.?\s+)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3}"
)
_PARTICIPLES = {"killing": "killed", "injuring": "injured", "wounding": "wounded"}

# "…, a gunman opened fire at a cinema in Louisiana, killing two people and injuring several others"
_TOLL_RE = re.compile(
    r"^(?:[^,;]{3,60},\s+)?(?P<event>(?:an?|the)\s+[^,;]{10,120}?),\s+(?P<verb>killing|injuring|wounding)\s+"
    rf"(?P<num>{_ABOUT}{_COUNT})\s+(?P<who>(?:[a-z][\w\-]*\s+){{0,2}}?(?:people|persons|civilians|"
    r"soldiers|children|adults|passengers|workers|others|[a-z][\w\-]*s))\b"
)
# "(After) nine churchgoers were killed in South Carolina in June"
_COUNTED_RE = re.compile(
    rf"(?:^|^(?:After|When|Since|Before|Until)\s+)(?P<num>{_ABOUT}{_COUNT})\s+"
    r"(?P<who>(?:[A-Za-z][\w\-]*\s+){0,2}?[a-z][\w\-]*)\s+(?P<aux>were|have\s+been|had\s+been)\s+"
    r"(?P<verb>killed|injured|wounded|arrested|detained|evacuated|rescued|displaced|charged|hurt)\s+"
    r"(?P<where>(?:in|at|on|near|off|outside|during)\s+[^,;]{3,80}?)(?=,|$)"
)
# "Approximately 3 billion ducks are slaughtered each year for meat worldwide."
_COUNTED_ANY_RE = re.compile(
    r"^(?P<num>(?:(?:approximately|about|around|some|over|more\s+than|nearly|almost|at\s+least|up\s+to)\s+)?"
    r"\d[\d,.]*(?:\s+(?:million|billion|thousand|hundred))?)\s+"
    r"(?P<who>(?:[a-z][\w\-]*\s+){0,2}?[a-z][\w\-]*s)\s+(?P<aux>are|were|have\s+been|had\s+been)\s+"
    r"(?P<rest>(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|wn|lt)\b[^,;:()]{6,100})$",
    re.I,
)
# "Mr Obama will become the first US president to address the African Union when he travels …"
_FIRST_RE = re.compile(
    rf"^(?P<subj>{_NAME})\s+(?P<verb>will\s+become|became|has\s+become|becomes|was|is|will\s+be)\s+"
    r"the\s+first\s+(?P<what>[^,;]{3,60}?\s+to\s+[^,;]{3,80}?)"
    r"(?:\s+(?:when|after|as|since|before|while|on|in|during)\s+[^,;]*)?$"
)
_PEOPLE = frozenset(
    [
        "president",
        "woman",
        "man",
        "person",
        "player",
        "leader",
        "athlete",
        "king",
        "queen",
        "minister",
        "astronaut",
        "pilot",
        "author",
        "writer",
        "scientist",
        "artist",
        "politician",
        "mayor",
        "governor",
        "senator",
        "chancellor",
        "pope",
        "monarch",
        "emperor",
        "candidate",
        "journalist",
        "officer",
        "judge",
        "coach",
        "captain",
    ]
)
# "President X has admitted that his failure to pass Y is the greatest frustration of his presidency"
_REPORTED_RE = re.compile(
    rf"^(?P<who>{_NAME})\s+(?:has\s+|have\s+|had\s+)?(?:said|says|admitted|admits|stated|states|declared|"
    r"claimed|claims|told\s+[^,;]{2,40}?)\s+(?:that\s+)?(?P<what>[^;]{5,140}?)\s+"
    r"(?P<aux>is|was|are|were|has\s+been|had\s+been)\s+(?P<superlative>the\s+(?:single\s+)?(?:greatest|"
    r"biggest|largest|worst|best|main|only|hardest|most\s+[a-z]+)\s+[^;]{3,80})$"
)
# "the BBC's North America editor Jon Sopel"
_POST_RE = re.compile(
    r"\b[Tt]he\s+(?P<org>[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,3})['’]s\s+(?P<post>(?:[A-Z][\w\-]*\s+){0,3}"
    r"(?:[a-z]+\s+)?(?:editor|correspondent|reporter|minister|secretary|spokesman|spokeswoman|spokesperson|"
    r"chief\s+executive|director|chairman|chairwoman|ambassador|governor|leader|head|analyst|economist|"
    r"commissioner|coach|captain|founder|[a-z]{3,}(?:er|or|ist|ent)))\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z’'\-]+){1,2})\b(?!['’])"
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _body(sentence: str) -> str:
    return detach(sentence).strip().rstrip(".!")


def toll(d: Drafter, section: Section, sentence: str) -> None:
    """A count of people an event killed, injured, arrested …, asked with the event named."""
    body = _body(sentence)
    if m := _TOLL_RE.match(body):
        event = m.group("event")
        if not names_something(event, d.lang) or DANGLING_RE.search(event) or "who" in event.split():
            return
        q = f"How many {m.group('who')} were {_PARTICIPLES[m.group('verb')]} when {event}?"
        d.add(section, CardKind.BASIC, q, _capital(m.group("num")), sentence, 1)
    elif m := _COUNTED_RE.match(body):
        where = m.group("where").strip()
        if not names_something(f"{m.group('who')} {where}", d.lang) or DANGLING_RE.search(where):
            return
        aux = re.sub(r"\s+", " ", m.group("aux"))
        q = f"How many {m.group('who')} {aux} {m.group('verb')} {where}?"
        d.add(section, CardKind.BASIC, q, _capital(m.group("num")), sentence, 1)
    elif m := _COUNTED_ANY_RE.match(body):
        who, rest = m.group("who"), m.group("rest").strip()
        title = d.chunk.heading[0] if d.chunk.heading else ""
        topic = {w.casefold().removesuffix("s") for w in words(title)}
        named = (
            names_something(f"{who} {rest}", d.lang) or who.split()[-1].casefold().removesuffix("s") in topic
        )
        if not named or DANGLING_RE.search(rest) or word_count(rest) > 16:
            return
        aux = re.sub(r"\s+", " ", m.group("aux")).casefold()
        q = f"How many {who.casefold()} {aux} {rest}?"
        d.add(section, CardKind.BASIC, q, _capital(m.group("num")), sentence, 1)


def _full_name(name: str, d: Drafter) -> str:
    """ "Mr Obama" as the text first names him in full ("Barack Obama"), else as written."""
    m = re.fullmatch(r"(?:Mr|Mrs|Ms|Dr)\.?\s+(?P<surname>[A-Z][\w’'\-]+)", name)
    if not m:
        return name
    titles = r"(?!(?:Mr|Mrs|Ms|Dr|President|Prime|Minister|The|In|On|At|By)\b)"
    found = re.search(rf"\b{titles}([A-Z][a-z]+)\s+{re.escape(m.group('surname'))}\b", d.all_text)
    return f"{found.group(1)} {m.group('surname')}" if found else name


def first(d: Drafter, section: Section, sentence: str) -> None:
    """ "X became the first Y to Z" → "Who became the first Y to Z?" / "X"."""
    m = _FIRST_RE.match(_body(sentence))
    if not m or PRONOUN_START_RE.match(m.group("subj")):
        return
    what = m.group("what")
    head = what.split(" to ", 1)[0].split()[-1].casefold()
    asker = "Who" if head in _PEOPLE else "What"
    verb = re.sub(r"\s+", " ", m.group("verb"))
    answer = _full_name(m.group("subj"), d)
    d.add(section, CardKind.BASIC, f"{asker} {verb} the first {what}?", answer, sentence, 1)


def reported(d: Drafter, section: Section, sentence: str) -> None:
    """What someone said that something is "the greatest …", asked as the fact it states."""
    m = _REPORTED_RE.match(_body(sentence))
    if not m:
        return
    what = m.group("what").strip()
    possessive = re.match(r"(?:his|her|their)\s", what)  # "his failure to …": whose, the question says
    if (PRONOUN_START_RE.match(what) and not possessive) or word_count(what) > 20:
        return  # "… said it was the best …": what "it" is stays in another sentence
    who = re.sub(r"\s+", " ", m.group("who"))
    aux = re.sub(r"\s+", " ", m.group("aux"))
    q = f"According to {who}, what {aux} {m.group('superlative')}?"
    d.add(section, CardKind.BASIC, q, _capital(what), sentence, 1)


def post(d: Drafter, section: Section, sentence: str) -> None:
    """ "the BBC's North America editor Jon Sopel" → "Who is the BBC's North America editor?"."""
    m = _POST_RE.search(sentence)
    if not m:
        return
    role = re.sub(r"\s+", " ", m.group("post"))
    q = f"Who is the {m.group('org')}’s {role}?"
    d.add(section, CardKind.BASIC, q, m.group("name"), sentence, 1)


def news(d: Drafter, section: Section, sentence: str) -> None:
    """Every extractor of this module on one sentence."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    # the sentence as written: its standalone form may drop the lead clause that holds the count
    toll(d, section, d.originals.get(sentence, sentence))
    first(d, section, sentence)
    reported(d, section, sentence)
    post(d, section, sentence)
