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
* where a thing opened leads ("opened the door and found that it led into a small passage"), the
  thing named as the chunk named it before ("a little door" → "the little door");
* who sits between two named characters ("the March Hare and the Hatter were having tea …; a
  Dormouse was sitting between them");
* a measure with what it measures ("about fifteen inches high"): a thing's, or a character's that
  the story states as lasting ("it was exactly three inches high"); a size a character has "now" is
  a moment of change, asked only with what caused it, a thing eaten or drunk in that sentence or
  the four before ("finished off the cake", "taste it" after "this bottle").

Who the narration names and whom a pronoun stands for is :mod:`.story_people`; the measures are
:mod:`.story_measures`. The question names the book and the chapter (:mod:`.story_frame`); the
answer is never in it.
"""

from __future__ import annotations

import re

from cards.offline import story_measures
from cards.offline import story_people as people
from cards.offline.drafter import Drafter
from cards.offline.story_frame import chapter_title, framed
from cards.schema import CardKind
from cards.text import word_count

_NAME_CORE = people.NAME_CORE
_NAME = people.NAME
_PRONOUN = people.PRONOUN
_NUMBERS = people.NUMBERS
_STOP = people.NP_STOP

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
    r"(?:[\w'’-]+ ){0,3}?[\w'’-]+)(?=\s*[,;.]|\s+(?:and|in|on|with|while|at|which|that)\b)"
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
    r"(?:his|her|its|their) [a-z]+)?)"
    # "in a long, low hall": a comma before another adjective does not end the place
    r"(?=\s*[;.:!]|,\s+(?:which|who|whom|whose|where|that|and|when|as|but|while|among|near|beside|under|so|for|"
    r"then|at|in|on)\b|,?\s*$|\s+(?:and|which|where|when|among|with)\b)"
)
# "the cook was leaning over the fire": a clause whose subject is someone named by role, in lower case
_ROLE_SUBJECT_RE = re.compile(rf"\s*[Tt]he (?P<role>{people.ROLES}) (?:was|is|sat)\b")
_ROLE_RE_ANY = re.compile(rf"\b[Tt]he (?:{people.ROLES})\b")
# "Alice opened the door and found that it led into a small passage, not much larger than a rat-hole"
_LED_INTO_RE = re.compile(
    r"\b(?:opened|unlocked|tried) the (?P<thing>[a-z]{3,}) and found (?:that )?it led (?P<prep>into|to|onto) "
    r"(?P<where>an? (?:[\w'’-]+ ){0,3}?[\w'’-]+(?:, not (?:much |very )?[a-z]+ than an? [\w'’-]+)?)"
    r"(?=\s*[,;.:]|$)"
)
_BETWEEN_RE = re.compile(
    rf"(?P<a>{_NAME}) and (?P<b>{_NAME}) were [^;.]*; (?P<who>(?:an?|the) [A-Z][a-z]{{2,}}(?:-[A-Z][a-z]+)?) "
    rf"was (?:sitting|standing|lying) between them"
)


def story_events(d: Drafter, story: bool) -> None:
    """The event cards of a story's chunk (see the module docstring)."""
    if not story or d.lang != "en" or CardKind.BASIC not in d.kinds:
        return
    said = people.narrated(d)
    first_seen: set[str] = set()
    places = _places(d, said)
    for i, s in enumerate(said):
        found = _events(d, said, i, first_seen) + places.get(i, [])
        for question, answer in found:
            if word_count(answer) <= 15 and answer.casefold() not in question.casefold():
                d.add(s.section, CardKind.BASIC, framed(d, s.section, question), _cap(answer), s.sentence, 1)
        first_seen.update(people.bare(n) for n in s.names)
        first_seen.update(m.group().casefold() for m in _ROLE_RE_ANY.finditer(s.narration))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _events(d: Drafter, said: list[people.Said], i: int, first_seen: set[str]) -> list[tuple[str, str]]:
    """The (question, answer) pairs sentence ``i`` states."""
    s = said[i]
    text = s.narration
    out: list[tuple[str, str]] = []
    if m := _HANDS_RE.search(text):
        doer = people.doer_before(text, m.start())
        who = people.who(d, said, i, doer.group(), doer.start()) if doer else ""
        if who:
            out.append((f"What does {who} carry?", f"{m.group('a')} and {m.group('b')}"))
    for m in _CARRYING_RE.finditer(text):
        who = people.who(d, said, i, m.group("who"), m.start())
        if who:
            plural = not re.search(r"\b[A-Z]", m.group("who"))  # "ten soldiers", not "the Knave of Hearts"
            out.append((f"What {'do' if plural else 'does'} {who} carry?", m.group("what")))
    if m := _TOOK_OUT_RE.search(text):
        doer = people.doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ""
        who = (
            people.who(d, said, i, doer.group(), doer.start())
            if doer and not re.search(r"[;:]", clause)
            else ""
        )
        if who and word_count(clause) <= 4:
            out.append((f"What does {who} take out of {m.group('place')}?", m.group("what")))
    if m := _PULLED_OUT_RE.search(text):
        who = people.who(d, said, i, m.group("who"), m.start())
        if who:
            place = f"{m.group('poss')} {m.group('place')}"
            out.append((f"What does {who} pull out of {place}?", m.group("what")))
    if m := _FROM_UNDER_RE.search(text):
        doer = people.doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ";"
        who = people.who(d, said, i, doer.group(), doer.start()) if doer and word_count(clause) <= 3 else ""
        if who and not re.search(r"[;:,]", clause):
            place = f"{m.group('under') or ''}{m.group('place')}"
            out.append((f"What does {who} take from {place}?", m.group("what")))
    if m := _FOUND_IN_IT_RE.search(text):
        doer = people.doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ";"
        who = people.who(d, said, i, doer.group(), doer.start()) if doer and word_count(clause) <= 4 else ""
        # "it" is the one thing the sentence brings in with "a" before it
        holder = _new_thing(text[: doer.start()] if doer else "") if who else ""
        if holder and not re.search(r"[;:,]", clause):
            out.append((f"What does {who} find {m.group('prep')} {holder}?", m.group("what")))
    if (m := _LED_INTO_RE.search(text)) and (thing := _named_before(said, i, m.group("thing"))):
        out.append((f"Where does {thing} lead?", f"{m.group('prep').capitalize()} {m.group('where')}"))
    if m := _IN_MIDDLE_RE.search(text):
        where = m.group("where")
        out.append((f"What was {where[:1].lower()}{where[1:]}?", m.group("what")))
    out.extend(_doing(d, s, first_seen))
    if m := _BETWEEN_RE.search(text):
        a, b = people.the_name(m.group("a")), people.the_name(m.group("b"))
        if people.is_character(d, a, text) and people.is_character(d, b, text):
            out.append((f"Who is sitting between {a} and {b}?", m.group("who")))
    if m := _WORE_RE.search(text):
        doer = people.doer_before(text, m.start())
        clause = text[doer.end() : m.start()] if doer else ""
        who = people.who(d, said, i, doer.group(), doer.start()) if doer and word_count(clause) <= 3 else ""
        if who and not re.search(r"[;:,]", clause):
            verb = "wear" if m.group("verb") == "wore" else "carry"
            out.append((f"What does {who} {verb}?", m.group("what")))
    if m := _TURNED_RE.search(text):
        out.append((f"What did {people.the_name(m.group('thing'))} turn into?", m.group("what")))
    if (m := _DECKED_RE.search(text)) and (thing := _thing(said, i, m)):
        # "these were …", "there were ten of them, all …": the sentence says the number
        many = thing.endswith("s") or bool(re.search(r"\bwere\b", text[max(0, m.start() - 40) : m.end()]))
        verb = "were" if many else "was"
        out.append((f"What {verb} {thing} {m.group('verb')} with?", m.group("what")))
    if (m := _ROLE_RE.search(text)) and _speaks(d, people.bare(m.group("who"))):
        out.append((f"Who was the {m.group('role')}?", people.the_name(m.group("who"))))
    if (m := _ONLY_ON_RE.search(text)) and i and (holder := _new_thing(said[i - 1].narration)):
        out.append((f"What was the only thing {m.group('prep')} {holder}?", m.group("what")))
    out.extend(story_measures.measures(d, said, i))
    return out


def _speaks(d: Drafter, name: str) -> bool:
    """A character the chunk gives lines to ("said the King"): "The morning was Sunday" names no one."""
    said = r"(?:said|cried|asked|shouted|replied|added|began|went on)"
    name = re.escape(name)
    return bool(re.search(rf"\b{said} (?:the )?{name}\b|\b{name},? {said}\b", d.all_text))


def _places(d: Drafter, said: list[people.Said]) -> dict[int, list[tuple[str, str]]]:
    """Where a character finds themself, by sentence, when their chapter says it of them only once."""
    found: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for i, s in enumerate(said):
        for m in _FOUND_SELF_RE.finditer(s.narration):
            doer = people.doer_before(s.narration, m.start())
            clause = s.narration[doer.end() : m.start()] if doer else ";"
            who = (
                people.who(d, said, i, doer.group(), doer.start())
                if doer and not re.search(r"[;:]", clause)
                else ""
            )
            key = (chapter_title(s.section), people.bare(who) if who else "?")
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


def _thing(said: list[people.Said], i: int, m: re.Match[str]) -> str:
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
    return people.the_name(thing)


def _named_before(said: list[people.Said], i: int, noun: str) -> str:
    """ "the door" as the chunk named it before, when it named one such thing ("a little door …" →
    "the little door"), or ""; a second kind ("the garden door") and which is meant cannot be told."""
    kinds = {
        m.group(1)
        for s in said[:i]
        for m in re.finditer(rf"\b(?:an?|the) ((?:(?!(?:{_STOP})\b)[a-z-]+ )?){noun}\b", s.narration)
    }
    if not kinds:
        return ""
    if len(kinds - {""}) > 1:
        return ""
    return f"the {max(kinds)}{noun}"


def _new_thing(sentence: str) -> str:
    """The one thing ``sentence`` brings in with "a" ("came upon a little table, …"), as "the …"."""
    things = re.findall(
        rf"\b(?:a|an) ((?:(?!(?:{_STOP})\b)[a-z-]+ ){{0,2}}?[a-z-]{{3,}})(?=\s*[,;.]|\s+(?:{_STOP})\b)",
        sentence,
    )
    return f"the {things[0]}" if len(things) == 1 else ""


def _doing(d: Drafter, s: people.Said, first_seen: set[str]) -> list[tuple[str, str]]:
    """What a character is doing in the sentence where the chunk first names them."""
    text = s.narration
    out = []
    for m in _DOING_RE.finditer(text):
        clause_start = max(text.rfind(";", 0, m.start()), text.rfind(":", 0, m.start())) + 1
        clause = text[clause_start : m.start()]
        names = [n for n in people.NAME_RE.findall(clause) if people.is_character(d, n, text)]
        who = ""
        if len({people.bare(n) for n in names}) == 1 and people.bare(names[0]) not in first_seen:
            who = people.the_name(names[0])
            if not re.match(rf"\s*(?:[Tt]he )?{re.escape(people.bare(names[0]))} (?:was|is|sat)\b", clause):
                who = ""  # the name must be the clause's subject: "the Duchess was sitting …"
        elif not names and (role := _ROLE_SUBJECT_RE.match(clause)):
            # "the cook was leaning over the fire, stirring a large caldron": someone named by role
            if f"the {role.group('role')}" not in first_seen:
                who = f"the {role.group('role')}"
        elif not names and (intro := _INTRODUCED_RE.search(clause)):
            noun = intro.group("noun")
            title = noun.capitalize()
            # "a large blue caterpillar, that …" is the Caterpillar when the chunk names it so
            if d.mid_sentence_count(title) and title not in first_seen:
                who = f"the {title}"
        if who:
            out.append((f"What is {who} {m.group('verb')}?", m.group("what")))
    return out
