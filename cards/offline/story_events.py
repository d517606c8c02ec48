"""What a story's characters do, carry and measure, where one narrated sentence says it plainly:
"the Rabbit actually took a watch out of its waistcoat-pocket" → "In chapter “Down The Rabbit-Hole”
of “Alice's Adventures in Wonderland”, what does the Rabbit take out of its waistcoat-pocket?" / "A
watch"; "He came in with a teacup in one hand and a piece of bread and butter in the other" (after
"The first witness was the Hatter.") → "… what does the Hatter carry?" / "A teacup and a piece of
bread and butter"; "the Duchess was sitting on a three-legged stool in the middle, nursing a baby"
→ "… what is the Duchess nursing?" / "A baby"; "a little door about fifteen inches high" → "… how
high is the little door?" / "About fifteen inches"; "she very soon finished off the cake. … she was
now rather more than nine feet high" → "… how high is Alice after finishing off the cake?".

Only the narration is read (a line of dialogue is what someone says, not what happens), and only
English stories (:func:`cards.offline.keyterms.narrative`). The doer is a named character: a
capitalised name the chunk writes mid-sentence ("the White Rabbit", "the Knave of Hearts"), or a
count of people ("ten soldiers"); "he", "she" or "it" stands for one only where that is certain —
the last narrated sentence that names anyone, in the same paragraph or the one before, names exactly
one character, and the pronoun's own sentence names no other before it. Otherwise no card.

What makes the moment worth a card, from the sentence's shape alone:

* a thing carried or held — "with X in one hand and Y in the other", "Name, carrying X";
* a thing brought out — "took a watch out of its waistcoat-pocket", "put her hand into her pocket
  and pulled out a box of comfits": the thing new to the story (brought in with "a"), never "the
  hookah" it was already seen with;
* what a character is doing when the chunk first names them ("…, nursing a baby", "…, quietly
  smoking a long hookah"; the character may come in as "a large blue caterpillar" when the chunk
  names it "the Caterpillar" after); a later "doing" is a passing moment, as in :mod:`.seated`;
* who sits between two named characters ("the March Hare and the Hatter were having tea …; a
  Dormouse was sitting between them");
* a measure with what it measures ("about fifteen inches high"): a thing's, or a character's that
  the story states as lasting ("it was exactly three inches high"); a size a character has "now" is
  a moment of change, asked only with what caused it, a thing eaten or drunk in that sentence or
  the four before ("finished off the cake", "taste it" after "this bottle").

The question names the book and the chapter (:mod:`.story_frame`); the answer is never in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.offline.drafter import Drafter
from cards.offline.story_frame import chapter_title, framed
from cards.schema import CardKind
from cards.text import split_sentences, word_count
from documents.model import Section

# A capitalised name, "the" kept: "the White Rabbit", "the Knave of Hearts", "the Cheshire-Cat".
_NAME_CORE = r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]{2,})?(?: of [A-Z][a-z]{2,})?"
_NAME = rf"(?:the )?{_NAME_CORE}"
# a name's possessive with its noun is someone else ("the Duchess's cook"): it counts, never resolves
_NAME_RE = re.compile(rf"(?<![\w'’-])(?:[Tt]he )?{_NAME_CORE}(?:['’]s [a-z]{{3,}})?(?![\w'’-])")
_PRONOUN = r"[Hh]e|[Ss]he|[Ii]t"
_NUMBERS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|a dozen"
# Where a noun phrase ends: a preposition, a conjunction, a participle or a relative begins.
_STOP = (
    r"and|or|but|in|on|upon|with|from|at|to|into|out|of|as|by|for|under|over|near|which|that|who|"
    r"when|while|till|until|before|after|so|then|was|were|had|is|are|about|only|exactly|nearly|just|"
    r"rather|quite|more|less"
)
_NP_BODY = rf"(?:(?!(?:{_STOP})\b)[\w'’-]+ ){{0,3}}?(?!(?:{_STOP})\b)[\w'’-]+"
# "a piece of bread and butter", "a box of comfits", "a scroll of parchment"
_OF = rf"(?: of (?:(?:an?|the) )?(?:(?!(?:{_STOP})\b)[\w'’-]+ ){{0,2}}?[\w'’-]+(?: and [a-z]+)?)?"
_NP_OF = rf"(?:an?|the|his|her|its|their) {_NP_BODY}{_OF}"

_HANDS_RE = re.compile(
    rf"\bwith (?P<a>{_NP_OF}) in (?:one|his|her|its) hand,? and (?P<b>{_NP_OF}) in the other\b"
)
_CARRYING_RE = re.compile(
    rf"(?P<who>{_NAME}|(?:{_NUMBERS}) [a-z]+s),? carrying (?P<what>(?:{_NP_OF}|[a-z]+s)"
    rf"(?: (?:on|in|under) (?:an?|the|his|her|its|their) (?:[\w-]+ ){{0,3}}[\w-]+)?)(?=[,;.:]|$)"
)
# the doer is the clause's last name or pronoun before the verb ("the Wolf stopped, took a bell out …")
_TOOK_OUT_RE = re.compile(
    r"\b(?:took|drew|pulled) "
    r"(?P<what>an? (?:[\w'’-]+ ){0,3}?[\w'’-]+) out of (?P<place>(?:its|his|her|their|the) [\w-]+)"
)
_PULLED_OUT_RE = re.compile(
    rf"(?P<who>{_NAME}|{_PRONOUN})(?: [a-z]+){{0,6}}? put (?P<poss>his|her|its) hand into (?:his|her|its) "
    rf"(?P<place>[\w-]+) and (?:pulled|took|drew) out (?P<what>an? {_NP_BODY}{_OF})"
)
# "the Duchess was sitting on a three-legged stool in the middle, nursing a baby;"
_DOING_RE = re.compile(
    r", (?:(?:quietly|busily|slowly|calmly) )?(?P<verb>[a-z]{3,}ing) (?P<what>an? "
    r"(?:[\w'’-]+ ){0,3}?[\w'’-]+)(?=\s*[,;.]|\s+(?:and|in|on|with|while|at)\b)"
)
# "a large blue caterpillar, that was sitting …": a character brought in with "a" before its name
_INTRODUCED_RE = re.compile(r"\b(?:a|an) (?:[a-z-]+ ){0,3}(?P<noun>[a-z]{3,})(?=, (?:that|who|which) )")
# "the King … wore his crown over his great wig", "She carried the pepper-box in her hand"
_WORE_RE = re.compile(
    rf"\b(?P<verb>wore|carried) (?P<what>(?:an?|the|his|her|its|their) {_NP_BODY}{_OF}"
    rf"(?: (?:over|on|under) (?:an?|the|his|her|its|their) (?:[\w-]+ ){{0,2}}[\w-]+)?)"
    rf"(?: in (?:his|her|its|their) hands?)?(?=\s*[,;.:]|\s+and\b|$)"
)
# "the pebbles were all turning into little cakes", "the pumpkin turned into a golden coach"
_TURNED_RE = re.compile(
    rf"\b(?P<thing>[Tt]he (?:(?!(?:{_STOP})\b)[a-z-]+ ){{0,2}}[a-z-]{{3,}}) "
    r"(?:(?:were|was) (?:all |instantly |at once |suddenly )?(?:turning|turned|changed)"
    r"|(?:all )?turned|changed) "
    r"into (?P<what>(?:an? |the )?(?:[a-z-]+ ){0,3}?[a-z-]{3,})"
    r"(?=\s*[,;.:]|\s+(?:as|when|and|before|while)\b)"
)
# "next the ten courtiers; these were ornamented all over with diamonds", "It was built of bread and
# covered with cakes" (after "the children came to a little house"): what a thing is decked with
_DECKED_RE = re.compile(
    r"(?P<thing>\b[Tt]he (?:[a-z-]+ ){0,2}[a-z-]{3,}|^(?:It|They)|(?<=; )these|(?<=[a-z]),) "
    r"(?:(?:was|were) )?"
    r"(?:[a-z]+ (?:of|with) [a-z]+ and )?(?:all )?(?P<verb>covered|ornamented|decorated|studded) "
    r"(?:all over )?with (?P<what>(?:[a-z-]+ )?[a-z-]{3,})(?=\s*[,;.:])"
)
# "The judge, by the way, was the King": a role the story gives a named character
_ROLE_RE = re.compile(
    rf"^The (?P<role>[a-z]{{4,}})(?:, [a-z ]{{3,20}},)? was "
    rf"(?P<who>(?:the )?{_NAME_CORE})(?=\s*[,;.]|\s+and\b)"
)
# "Suddenly she came upon a little table, all made of solid glass. There was nothing on it but a tiny
# golden key": what lies on the one thing the sentence before brings in
_ONLY_ON_RE = re.compile(
    r"^There (?:was|were) nothing (?P<prep>on|in) it but "
    r"(?P<what>an? (?:[\w'’-]+ ){0,3}?[\w'’-]+)(?=\s*[,;.])"
)
# "The Fish-Footman began by producing from under his arm a great letter"
_FROM_UNDER_RE = re.compile(
    r"\b(?:took|drew|pulled|produced|producing) from (?P<under>under )?"
    r"(?P<place>(?:his|her|its|their) [\w-]+) "
    r"(?P<what>an? (?:[\w'’-]+ ){0,2}?[\w'’-]+)(?=\s*[,;.:]|\s+(?:and|which|that)\b)"
)
# "Soon her eye fell on a little glass box …: she opened it and found in it a very small cake"
_FOUND_IN_IT_RE = re.compile(
    r"\b(?:opened it and )?found (?P<prep>in|inside|on) it (?P<what>an? (?:[\w'’-]+ ){0,3}?[\w'’-]+)"
    r"(?=\s*[,;.:]|\s+(?:and|which|that|on|with)\b)"
)
# "In the very middle of the court was a table, with a large dish of tarts upon it."
_IN_MIDDLE_RE = re.compile(
    r"^(?P<where>(?:In|At|On) the (?:very )?(?:middle|centre|center|end|corner|top) of the [a-z-]+) "
    r"(?:was|stood|lay|sat) (?P<what>an? (?:[\w'’-]+ ){0,2}?[\w'’-]+"
    r"(?:, with an? (?:[\w'’-]+ ){0,4}?[\w'’-]+ (?:upon|on|in) it)?)(?=\s*[,;.:])"
)
# "She found herself in a long, low hall", "found herself lying on the bank, with her head in the lap
# of her sister": where a scene takes place, asked when the chapter says it of that character once
_FOUND_SELF_RE = re.compile(
    r"\bfound (?P<self>herself|himself|itself|themselves) (?:safe )?(?:(?P<when>at last|once more) )?"
    r"(?P<where>(?:(?:lying|sitting|standing) )?(?:in|on|at|upon) (?:an?|the) "
    r"(?:[\w'’-]+,? ){0,3}?[\w'’-]+(?:, with (?:his|her|its|their) [a-z]+ (?:in|on) the [a-z]+ of "
    r"(?:his|her|its|their) [a-z]+)?)(?=\s*[,;.:!]|\s+(?:and|which|where|when|among|with)\b)"
)
_BETWEEN_RE = re.compile(
    rf"(?P<a>{_NAME}) and (?P<b>{_NAME}) were [^;.]*; (?P<who>(?:an?|the) [A-Z][a-z]{{2,}}(?:-[A-Z][a-z]+)?) "
    rf"was (?:sitting|standing|lying) between them"
)
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
#: Words a sentence starts with that are no names ("The", "Then", "Suddenly" …) are read lower-case.
_NOT_NAMES = {"The", "Then", "When", "Suddenly", "Just", "First", "Next", "Last", "After", "Before", "This"}


@dataclass
class _Said:
    """A narrated sentence: the sentence as written, its narration, its section, its paragraph."""

    sentence: str
    narration: str
    section: Section
    paragraph: int
    names: list[str]


def story_events(d: Drafter, story: bool) -> None:
    """The event cards of a story's chunk (see the module docstring)."""
    if not story or d.lang != "en" or CardKind.BASIC not in d.kinds:
        return
    said = _narrated(d)
    first_seen: set[str] = set()
    places = _places(d, said)
    for i, s in enumerate(said):
        found = _events(d, said, i, first_seen) + places.get(i, [])
        for question, answer in found:
            if word_count(answer) <= 15 and answer.casefold() not in question.casefold():
                d.add(s.section, CardKind.BASIC, framed(d, s.section, question), _cap(answer), s.sentence, 1)
        first_seen.update(_bare(n) for n in s.names)


def _narrated(d: Drafter) -> list[_Said]:
    """The chunk's sentences with their narration (what lies outside quotation marks)."""
    out: list[_Said] = []
    for p, (section, text) in enumerate(d.prepared):
        flat = " ".join(text.split())
        spoken = _spoken(flat)
        cursor = 0
        for sentence in split_sentences(flat):
            start = flat.find(sentence, cursor)
            if start < 0:
                continue
            cursor = start + len(sentence)
            kept = "".join(" " if spoken[k] else flat[k] for k in range(start, cursor))
            narration = re.sub(r"\s+", " ", kept).strip()
            names = [n for n in _NAME_RE.findall(narration) if _is_character(d, n, narration)]
            out.append(_Said(sentence, narration, section, p, names))
    return out


def _spoken(paragraph: str) -> list[bool]:
    """For each character of ``paragraph``, whether it is a quotation mark or inside a quotation
    (a splitter may cut a quotation into sentences and drop its closing mark: the paragraph decides)."""
    first = re.search(r"[\"“”]", paragraph)
    # 'Curiouser and curiouser!" cried Alice': the paragraph's opening mark was lost
    inside = bool(
        first
        and first.group() != "“"
        and re.match(r"\s+[a-z]", paragraph[first.end() :])
        and re.search(r"[.!?,]$", paragraph[: first.start()])
    )
    out = []
    for ch in paragraph:
        if ch in '"“”':
            inside = ch == "“" or (ch == '"' and not inside)
            out.append(True)
        else:
            out.append(inside)
    return out


def _is_character(d: Drafter, name: str, narration: str) -> bool:
    """A capitalised name the chunk writes mid-sentence: not a sentence's first word for its position."""
    bare = _bare(name)
    if bare.split()[0] in _NOT_NAMES and narration.startswith(bare):
        return False
    return bool(d.mid_sentence_count(bare))


def _bare(name: str) -> str:
    return re.sub(r"^[Tt]he ", "", name)


def _the(name: str) -> str:
    """A name as a question writes it mid-sentence: "The Hatter" → "the Hatter"."""
    return re.sub(r"^The ", "the ", name)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_POSSESSIVE_RE = re.compile(r"['’]s [a-z]+$")


_SAME_PRONOUN = {
    "she": r"\b(?:she|her|herself)\b",
    "he": r"\b(?:he|him|his|himself)\b",
    "it": r"\b(?:it|its|itself)\b",
}


def _who(d: Drafter, said: list[_Said], i: int, doer: str, at: int) -> str:
    """The character ``doer`` names in sentence ``i`` (a pronoun resolved only where certain), or ""."""
    s = said[i]
    if not re.fullmatch(_PRONOUN, doer):
        if re.fullmatch(r"(?:the )?(?:" + _NUMBERS + r") [a-z]+s", doer):
            return "the " + re.sub(r"^the ", "", doer)  # "ten soldiers"
        return _the(doer) if _is_character(d, doer, s.narration) else ""
    before = [n for n in s.names if 0 <= s.narration.find(n) < at]
    if before:
        # "said the Caterpillar, rearing itself upright (it was …)": the one name before the pronoun,
        # with no thing named between them that "it" could be
        last = s.narration.rfind(before[-1], 0, at) + len(before[-1])
        thing_between = re.search(r"\b(?:an?|the|this|that)\s", s.narration[last:at])
        if (
            len({_bare(n) for n in before}) == 1
            and not thing_between
            and not _POSSESSIVE_RE.search(before[-1])
        ):
            return _the(before[-1])
        return ""
    for j in range(i - 1, -1, -1):
        if said[j].paragraph < s.paragraph - 1:
            return ""
        if said[j].names:
            named = {_bare(n) for n in said[j].names}
            latest = said[j].names[-1]
            if len(named) != 1 or _POSSESSIVE_RE.search(latest):
                return ""
            # "She was close behind it …, but the Rabbit was gone. She found …": the same pronoun before
            # the name stood for someone else
            same = _SAME_PRONOUN[doer.casefold()]
            if re.search(same, said[j].narration[: said[j].narration.find(latest)], re.I):
                return ""
            return _the(latest)
        # "The next witness was the cook. She …", "His housekeeper came in. She …": someone else came in
        if re.match(r"(?:The|An?|His|Her|Its|Their|One|Some) [a-z]", said[j].narration):
            return ""
    return ""


def _events(d: Drafter, said: list[_Said], i: int, first_seen: set[str]) -> list[tuple[str, str]]:
    """The (question, answer) pairs sentence ``i`` states."""
    s = said[i]
    text = s.narration
    out: list[tuple[str, str]] = []
    if m := _HANDS_RE.search(text):
        doer = _doer_before(text, m.start())
        who = _who(d, said, i, doer.group(), doer.start()) if doer else ""
        if who:
            out.append((f"What does {who} carry?", f"{m.group('a')} and {m.group('b')}"))
    for m in _CARRYING_RE.finditer(text):
        who = _who(d, said, i, m.group("who"), m.start())
        if who:
            plural = not re.search(r"\b[A-Z]", m.group("who"))  # "ten soldiers", not "the Knave of Hearts"
            out.append((f"What {'do' if plural else 'does'} {who} carry?", m.group("what")))
    if m := _TOOK_OUT_RE.search(text):
        doer = _doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ""
        who = _who(d, said, i, doer.group(), doer.start()) if doer and not re.search(r"[;:]", clause) else ""
        if who and word_count(clause) <= 4:
            out.append((f"What does {who} take out of {m.group('place')}?", m.group("what")))
    if m := _PULLED_OUT_RE.search(text):
        who = _who(d, said, i, m.group("who"), m.start())
        if who:
            place = f"{m.group('poss')} {m.group('place')}"
            out.append((f"What does {who} pull out of {place}?", m.group("what")))
    if m := _FROM_UNDER_RE.search(text):
        doer = _doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ";"
        who = _who(d, said, i, doer.group(), doer.start()) if doer and word_count(clause) <= 3 else ""
        if who and not re.search(r"[;:,]", clause):
            place = f"{m.group('under') or ''}{m.group('place')}"
            out.append((f"What does {who} take from {place}?", m.group("what")))
    if m := _FOUND_IN_IT_RE.search(text):
        doer = _doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ";"
        who = _who(d, said, i, doer.group(), doer.start()) if doer and word_count(clause) <= 4 else ""
        # "it" is the one thing the sentence brings in with "a" before it
        holder = _new_thing(text[: doer.start()] if doer else "") if who else ""
        if holder and not re.search(r"[;:,]", clause):
            out.append((f"What does {who} find {m.group('prep')} {holder}?", m.group("what")))
    if m := _IN_MIDDLE_RE.search(text):
        where = m.group("where")
        out.append((f"What was {where[:1].lower()}{where[1:]}?", m.group("what")))
    out.extend(_doing(d, s, first_seen))
    if m := _BETWEEN_RE.search(text):
        a, b = _the(m.group("a")), _the(m.group("b"))
        if _is_character(d, a, text) and _is_character(d, b, text):
            out.append((f"Who is sitting between {a} and {b}?", m.group("who")))
    if m := _WORE_RE.search(text):
        doer = _doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ""
        who = _who(d, said, i, doer.group(), doer.start()) if doer and word_count(clause) <= 3 else ""
        if who and not re.search(r"[;:,]", clause):
            verb = "wear" if m.group("verb") == "wore" else "carry"
            out.append((f"What does {who} {verb}?", m.group("what")))
    if m := _TURNED_RE.search(text):
        out.append((f"What did {_the(m.group('thing'))} turn into?", m.group("what")))
    if (m := _DECKED_RE.search(text)) and (thing := _thing(said, i, m)):
        # "these were …", "there were ten of them, all …": the sentence says the number
        many = thing.endswith("s") or bool(re.search(r"\bwere\b", text[max(0, m.start() - 40) : m.end()]))
        verb = "were" if many else "was"
        out.append((f"What {verb} {thing} {m.group('verb')} with?", m.group("what")))
    if (m := _ROLE_RE.search(text)) and _speaks(d, _bare(m.group("who"))):
        out.append((f"Who was the {m.group('role')}?", _the(m.group("who"))))
    if (m := _ONLY_ON_RE.search(text)) and i and (holder := _new_thing(said[i - 1].narration)):
        out.append((f"What was the only thing {m.group('prep')} {holder}?", m.group("what")))
    out.extend(_measures(d, said, i))
    return out


def _speaks(d: Drafter, name: str) -> bool:
    """A character the chunk gives lines to ("said the King"): "The morning was Sunday" names no one."""
    said = r"(?:said|cried|asked|shouted|replied|added|began|went on)"
    name = re.escape(name)
    return bool(re.search(rf"\b{said} (?:the )?{name}\b|\b{name},? {said}\b", d.all_text))


def _places(d: Drafter, said: list[_Said]) -> dict[int, list[tuple[str, str]]]:
    """Where a character finds themself, by sentence, when their chapter says it of them only once."""
    found: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for i, s in enumerate(said):
        for m in _FOUND_SELF_RE.finditer(s.narration):
            doer = _doer_before(s.narration, m.start())
            clause = s.narration[doer.end() : m.start()] if doer else ";"
            who = (
                _who(d, said, i, doer.group(), doer.start())
                if doer and not re.search(r"[;:]", clause)
                else ""
            )
            key = (chapter_title(s.section), _bare(who) if who else "?")
            # "at last": the end of a search, "found herself at last" or "at last she found herself"
            last = re.search(r"\bat last,? (?:\w+ )?$", s.narration[: m.start()])
            when = f" {m.group('when')}" if m.group("when") else " at last" if last else ""
            question = f"Where does {who} find {m.group('self')}{when}?"
            found.setdefault(key, []).append((i, question, m.group("where")))
    out: dict[int, list[tuple[str, str]]] = {}
    for (_, who), seen in found.items():
        if who != "?" and len(seen) == 1:  # twice in a chapter ("in the long hall", "in the garden"): which?
            i, question, where = seen[0]
            out.setdefault(i, []).append((question, where))
    return out


def _thing(said: list[_Said], i: int, m: re.Match[str]) -> str:
    """The thing a "decked with" sentence is about, "these" and "it" read back only where certain."""
    thing = m.group("thing")
    if thing.casefold() in ("it", "they"):
        return _new_thing(said[i - 1].narration) if i else ""
    if thing in ("these", ","):
        # "next the ten courtiers; these were …", "the royal children; there were ten of them, all
        # ornamented with hearts": the thing that ends the clause before
        before = said[i].narration[: m.start()]
        if thing == ",":
            if not re.search(r"; there (?:was|were) [a-z]+ of them$", before):
                return ""
            before = before[: before.rfind(";")]
        before = before.rstrip("; ")
        things = re.findall(r"\bthe ((?:[a-z-]+ ){0,2}[a-z-]{3,})$", before)
        return f"the {things[0]}" if things else ""
    return _the(thing)


def _new_thing(sentence: str) -> str:
    """The one thing ``sentence`` brings in with "a" ("came upon a little table, …"), as "the …"."""
    things = re.findall(
        rf"\b(?:a|an) ((?:(?!(?:{_STOP})\b)[a-z-]+ ){{0,2}}?[a-z-]{{3,}})(?=\s*[,;.]|\s+(?:{_STOP})\b)",
        sentence,
    )
    return f"the {things[0]}" if len(things) == 1 else ""


def _doer_before(text: str, at: int) -> re.Match[str] | None:
    """The last name or subject pronoun before ``at`` in ``text``."""
    found = list(re.finditer(rf"(?<![\w'’-])(?:(?:[Tt]he )?{_NAME_CORE}|{_PRONOUN})(?![\w'’-])", text[:at]))
    return found[-1] if found else None


def _doing(d: Drafter, s: _Said, first_seen: set[str]) -> list[tuple[str, str]]:
    """What a character is doing in the sentence where the chunk first names them."""
    text = s.narration
    out = []
    for m in _DOING_RE.finditer(text):
        clause_start = max(text.rfind(";", 0, m.start()), text.rfind(":", 0, m.start())) + 1
        clause = text[clause_start : m.start()]
        names = [n for n in _NAME_RE.findall(clause) if _is_character(d, n, text)]
        who = ""
        if len({_bare(n) for n in names}) == 1 and _bare(names[0]) not in first_seen:
            who = _the(names[0])
            if not re.match(rf"\s*(?:[Tt]he )?{re.escape(_bare(names[0]))} (?:was|is|sat)\b", clause):
                who = ""  # the name must be the clause's subject: "the Duchess was sitting …"
        elif not names and (intro := _INTRODUCED_RE.search(clause)):
            noun = intro.group("noun")
            title = noun.capitalize()
            # "a large blue caterpillar, that …" is the Caterpillar when the chunk names it so
            if d.mid_sentence_count(title) and title not in first_seen:
                who = f"the {title}"
        if who:
            out.append((f"What is {who} {m.group('verb')}?", m.group("what")))
    return out


def _measures(d: Drafter, said: list[_Said], i: int) -> list[tuple[str, str]]:
    """How high or long a thing or a character is, with what it measures."""
    s = said[i]
    out = []
    for m in _THING_MEASURE_RE.finditer(s.narration):
        thing = _THE_RE.sub("the", m.group("thing"))
        if not re.search(r"\b(?:was|is|were|are)$", thing) and word_count(thing) >= 2:
            out.append((f"How {m.group('dim')} is {thing}?", m.group("measure")))
    for m in _WHO_MEASURE_RE.finditer(s.narration):
        who = _who(d, said, i, m.group("who"), m.start())
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


def _cause(d: Drafter, said: list[_Said], i: int, who: str, at: int) -> str:
    """What ``who`` ate or drank right before a change of size ("finishing off the cake"), or ""."""
    for j in range(i, max(-1, i - 5), -1):
        text = said[j].narration[:at] if j == i else said[j].narration
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
        between = {_bare(n) for k in range(j, i + 1) for n in said[k].names}
        if between - {_bare(who)}:
            return ""
        what = _THE_RE.sub("the", what)
        return f"{_GERUND[m.group('verb')]} {what}"
    return ""
