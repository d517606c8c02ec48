"""How high or long a story's things and characters are, with what the measure is of (:mod:`.story_events`):
"a little door about fifteen inches high" → "… how high is the little door?" / "About fifteen
inches"; a character's size the story states as lasting, where the paragraph tells of no growing
or shrinking ("(it was exactly three inches high)" → "… how high is the Caterpillar?"); a size a
character has "now" or "till" is a moment of change, asked only with the thing eaten or drunk that
caused it, in that sentence or the four narrated ones before (a line of dialogue is none; at the
chunk's start, the end of the chunk before: :attr:`Chunk.lead_in`) with no other character named
between ("she very soon finished it off … She was now only ten inches high" → "… how high is Alice
after finishing the bottle?" / "Ten inches"; "it" is the one thing "this"/"the" names before it).
"""

from __future__ import annotations

import re

from cards.offline import story_people as people
from cards.offline.drafter import Drafter
from cards.text import split_sentences, word_count

_NAME = people.NAME
_PRONOUN = people.PRONOUN
_NUMBERS = people.NUMBERS
_STOP = people.NP_STOP

_UNIT = r"inch(?:es)?|f(?:oo|ee)t|yards?|miles?"
_AMOUNT = rf"(?:\d+|{_NUMBERS}|one|fifteen|thirteen|fourteen|sixteen|eighteen|thirty|forty|fifty|a hundred|a)"
_MEASURE = (
    r"(?:(?:only|just|quite) )?"  # how the narrator feels about it, no part of the measure
    rf"(?P<measure>(?:(?:about|exactly|nearly|rather more than|more than|less than) )?"
    rf"{_AMOUNT} (?:{_UNIT}))(?: (?P<dim>high|tall|long|wide|deep))"
)
# "a little door about fifteen inches high", "a little house in it about four feet high"
_THING_MEASURE_RE = re.compile(
    rf"\b(?P<thing>(?:an?|the) (?:(?!(?:{_STOP})\b)[a-z-]+ ){{0,2}}(?!(?:{_STOP})\b)[a-z-]{{3,}})"
    rf"(?: in it)? {_MEASURE}"
)
# "(it was exactly three inches high)", "she was now about two feet high", "till she was about a foot high"
_WHO_MEASURE_RE = re.compile(rf"(?P<who>{_NAME}|{_PRONOUN}) (?:was|is) (?P<now>now )?{_MEASURE}")
# What was eaten or drunk: "finished off the cake", "nibbling at the mushroom", "swallowed one of the cakes"
_CONSUMED_RE = re.compile(
    r"\b(?P<verb>drank|drunk|drink|tasted?|ate|eat|eaten|swallowed|nibbled(?: at)?|nibbling(?: at)?|"
    r"finished off|finished|sipped) (?P<what>(?:(?:one|some|a piece|a bit|a little|half) of )?"
    r"(?:the|this|that|a|an) (?:[a-z-]+ )?[a-z-]{3,}|it(?: off)?)\b"
)
_GERUND = {
    "drank": "drinking",
    "drunk": "drinking",
    "drink": "drinking",
    "taste": "tasting",
    "tasted": "tasting",
    "ate": "eating",
    "eat": "eating",
    "eaten": "eating",
    "swallowed": "swallowing",
    "nibbled": "nibbling",
    "nibbled at": "nibbling at",
    "nibbling": "nibbling",
    "nibbling at": "nibbling at",
    "finished off": "finishing off",
    "finished": "finishing",
    "sipped": "sipping",
}
_THE_RE = re.compile(r"^(?:a|an|this|that)\b")


def measures(d: Drafter, said: list[people.Said], i: int) -> list[tuple[str, str]]:
    """How high or long a thing or a character is, with what it measures."""
    s = said[i]
    out = []
    for m in _THING_MEASURE_RE.finditer(s.narration):
        thing = _THE_RE.sub("the", m.group("thing"))
        if not re.search(r"\b(?:was|is|were|are)$", thing) and word_count(thing) >= 2:
            out.append((f"How {m.group('dim')} is {thing}?", m.group("measure")))
    for m in _WHO_MEASURE_RE.finditer(s.narration):
        who = people.who(d, said, i, m.group("who"), m.start())
        if not who:
            continue
        lead = s.narration[: m.start()]
        if not m.group("now") and not re.search(r"\b(?:till|until|when|if|as|since|once)\s+$", lead):
            # a size said as lasting, of a character the paragraph does not see grow or shrink
            if not re.search(
                r"\b(?:gr[eo]wn?|growing|shr[iau]nk|shrinking|taller|shorter|larger|smaller)\b", s.narration
            ):
                out.append((f"How {m.group('dim')} is {who}?", m.group("measure")))
            continue
        cause = _cause(d, said, i, who, m.start())
        if cause:
            out.append((f"How {m.group('dim')} is {who} after {cause}?", m.group("measure")))
    return out


#: Narrated sentences before a change of size its cause may be in ("… finished off the cake." and
#: then "… she was now only ten inches high").
_LOOK_BACK = 4
#: Words of narration that make a sentence told, not said ("cried Alice" is a speech's tag).
_NARRATED_WORDS = 4


def _cause_before(d: Drafter, said: list[people.Said], i: int, who: str, told: int) -> str:
    """The cause in the end of the chunk before (:attr:`Chunk.lead_in`), when the chunk's narration
    up to the change names no one else: "So she set to work and very soon finished off the cake." |
    "Curiouser and curiouser!" cried Alice … "she was now rather more than nine feet high"."""
    between = {people.bare(n) for k in range(i + 1) for n in said[k].names}
    if between - {people.bare(who)}:
        return ""
    left = _LOOK_BACK + 1 - told  # sentences still to look at
    sentences = [s for s in split_sentences(" ".join(d.chunk.lead_in.split())) if s.strip()]
    for sentence in reversed(sentences[-left:] if left > 0 else []):
        found = list(_CONSUMED_RE.finditer(sentence))
        if found:
            m = found[-1]
            others = {n for n in people.NAME_RE.findall(sentence) if people.bare(n) != people.bare(who)}
            if m.group("what").startswith("it") or others or re.search(r"[\"“”]", sentence):
                return ""  # what "it" was, or whose meal, the chunk before knows
            return f"{_GERUND[m.group('verb')]} {_THE_RE.sub('the', m.group('what'))}"
    return ""


def _cause(d: Drafter, said: list[people.Said], i: int, who: str, at: int) -> str:
    """What ``who`` ate or drank right before a change of size ("finishing off the cake"), or ""."""
    told = 0  # narrated sentences looked at: a line of dialogue between ("Good-by, feet!") is none
    for j in range(i, -1, -1):
        if told > _LOOK_BACK:
            return ""
        text = said[j].narration[:at] if j == i else said[j].narration
        told += word_count(text) >= _NARRATED_WORDS
        if j == 0 and not _CONSUMED_RE.search(text):
            return _cause_before(d, said, i, who, told)
        found = list(_CONSUMED_RE.finditer(text))
        if not found:
            continue
        m = found[-1]
        what = m.group("what")
        if what.startswith("it"):
            # "this bottle was not marked "poison," so Alice ventured to taste it": the one thing before
            things = re.findall(
                r"\b(?:this|the) ((?:[a-z-]+ )?[a-z-]{3,})(?= (?:and|was|were|is|so|but)\b|[,;.])",
                text[: m.start()],
            )
            if len(set(things)) != 1:
                return ""
            what = f"the {things[0]}"
        # the eater is the character or a pronoun; another name between is someone else's meal
        between = {people.bare(n) for k in range(j, i + 1) for n in said[k].names}
        if between - {people.bare(who)}:
            return ""
        what = _THE_RE.sub("the", what)
        return f"{_GERUND[m.group('verb')]} {what}"
    return ""
