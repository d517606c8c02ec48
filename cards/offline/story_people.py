"""Who a story's narration tells of: its sentences with the dialogue taken out, the characters each
names, and whom "he", "she" or "it" stands for where that is certain (:mod:`.story_events`,
:mod:`.story_measures`).

A line of dialogue is what someone says, not what happens: the paragraph, not the sentence
splitter (which may cut a quotation and drop its closing mark), decides what is inside quotation
marks. A character is a capitalised name the chunk writes mid-sentence ("the White Rabbit", "the
Knave of Hearts"); a name's possessive with its noun ("the Duchess's cook") is someone else. A
pronoun stands for one only when the last narrated sentence naming anyone, in the same paragraph or
the one before, names exactly one character, no sentence since brings someone in ("The next
witness …", "His housekeeper brought in a lamp.") and that sentence has not the same pronoun before
the name; or when the pronoun's own sentence names exactly one before it with no thing between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.frequency import zipf
from cards.offline.drafter import Drafter
from cards.text import split_sentences
from documents.model import Section

# A capitalised name, "the" kept: "the White Rabbit", "the Knave of Hearts", "the Cheshire-Cat".
NAME_CORE = r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]{2,})?(?: of [A-Z][a-z]{2,})?"
NAME = rf"(?:the )?{NAME_CORE}"
# a name's possessive with its noun is someone else ("the Duchess's cook"): it counts, never resolves
NAME_RE = re.compile(rf"(?<![\w'’-])(?:[Tt]he )?{NAME_CORE}(?:['’]s [a-z]{{3,}})?(?![\w'’-])")
PRONOUN = r"[Hh]e|[Ss]he|[Ii]t"
# Where a noun phrase ends: a preposition, a conjunction, a participle or a relative begins.
NP_STOP = (
    r"and|or|but|in|on|upon|with|from|at|to|into|out|of|as|by|for|under|over|near|which|that|who|"
    r"when|while|till|until|before|after|so|then|was|were|had|is|are|about|only|exactly|nearly|just|"
    r"rather|quite|more|less"
)
NUMBERS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|a dozen"

# Languages and peoples a story's narration may name, capitalised but no character.
_LANGUAGE_RE = re.compile(
    r"English|French|German|Latin|Greek|Italian|Spanish|Dutch|Russian|Chinese|Japanese|Hebrew|Arabic|"
    r"Scottish|Irish|Welsh|Swedish|Danish|Norwegian|Portuguese|Turkish|Indian|American|British"
)
#: Words a sentence starts with that are no names ("The", "Then", "Suddenly" …) are read lower-case.
_NOT_NAMES = {"The", "Then", "When", "Suddenly", "Just", "First", "Next", "Last", "After", "Before", "This"}


@dataclass
class Said:
    """A narrated sentence: the sentence as written, its narration, its section, its paragraph."""

    sentence: str
    narration: str
    section: Section
    paragraph: int
    names: list[str]


def narrated(d: Drafter) -> list[Said]:
    """The chunk's sentences with their narration (what lies outside quotation marks)."""
    out: list[Said] = []
    # a section of a Markdown or plain-text story holds many paragraphs: each is one
    blocks = [(section, block) for section, text in d.prepared for block in re.split(r"\n\s*\n", text)]
    for p, (section, text) in enumerate(blocks):
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
            names = [n for n in NAME_RE.findall(narration) if is_character(d, n, narration)]
            out.append(Said(sentence, narration, section, p, names))
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


def is_character(d: Drafter, name: str, narration: str) -> bool:
    """A capitalised name the chunk writes mid-sentence: not a sentence's first word for its position."""
    plain = bare(name)
    if plain.split()[0] in _NOT_NAMES and narration.startswith(plain):
        return False
    if _LANGUAGE_RE.fullmatch(plain):
        return False  # "how to speak good English": a tongue, no one in the scene
    return bool(d.mid_sentence_count(plain))


def bare(name: str) -> str:
    return re.sub(r"^[Tt]he ", "", name)


def the_name(name: str) -> str:
    """A name as a question writes it mid-sentence: "The Hatter" → "the Hatter"."""
    return re.sub(r"^The ", "the ", name)


POSSESSIVE_RE = re.compile(r"['’]s [a-z]+$")


_SAME_PRONOUN = {
    "she": r"\b(?:she|her|herself)\b",
    "he": r"\b(?:he|him|his|himself)\b",
    "it": r"\b(?:it|its|itself)\b",
}


def who(d: Drafter, said: list[Said], i: int, doer: str, at: int) -> str:
    """The character ``doer`` names in sentence ``i`` (a pronoun resolved only where certain), or ""."""
    s = said[i]
    if not re.fullmatch(PRONOUN, doer):
        if re.fullmatch(r"(?:the )?(?:" + NUMBERS + r") [a-z]+s", doer):
            return "the " + re.sub(r"^the ", "", doer)  # "ten soldiers"
        return the_name(doer) if is_character(d, doer, s.narration) else ""
    if _other_person(s.narration[:at], doer, ""):
        return ""  # "The girl had nothing, so she …": the girl, whoever the sentence before named
    before = [n for n in s.names if 0 <= s.narration.find(n) < at]
    if before:
        # "said the Caterpillar, rearing itself upright (it was …)": the one name before the pronoun,
        # with no thing named between them that "it" could be
        last = s.narration.rfind(before[-1], 0, at) + len(before[-1])
        thing_between = re.search(r"\b(?:an?|the|this|that)\s", s.narration[last:at])
        # "Gretel met Lotte and she …": a name opening the sentence that the chunk never writes
        # mid-sentence is someone too
        other_opening = _opening_name(s.narration, said) and not s.narration.startswith(before[0])
        # "Gretel met the witch and she …": someone of that sex by role stands between too
        if _other_person(s.narration[:at], doer, before[-1]):
            return ""
        if (
            len({bare(n) for n in before}) == 1
            and not thing_between
            and not POSSESSIVE_RE.search(before[-1])
            and not other_opening
        ):
            return the_name(before[-1]) if _may_be(said, before[-1], doer) else ""
        return ""
    for j in range(i - 1, -1, -1):
        if said[j].paragraph < s.paragraph - 1:
            break
        if introduced := _introduced(said[j].narration, doer):
            return introduced
        if said[j].names:
            named = {bare(n) for n in said[j].names}
            latest = said[j].names[-1]
            if len(named) != 1 or POSSESSIVE_RE.search(latest):
                break
            if _opening_name(said[j].narration, said) and not said[j].narration.startswith(latest):
                break  # "Gretel met Lotte at the well. She …": Gretel, never named mid-sentence, is someone
            if _other_person(said[j].narration, doer, latest):
                break  # "Gretel met the witch at the oven. She …": the witch may be "she" too
            # "She was close behind it …, but the Rabbit was gone. She found …": the same pronoun before
            # the name stood for someone else
            same = _SAME_PRONOUN[doer.casefold()]
            if re.search(same, said[j].narration[: said[j].narration.find(latest)], re.I):
                break
            if not _may_be(said, latest, doer):
                break  # "The Robin flew off. She …": the text calls the Robin "it"
            return the_name(latest)
        # "The next witness was the cook. She …", "His housekeeper came in. She …": someone else came in
        # "Martha came out." names someone too, though never mid-sentence
        if re.match(r"(?:The|An?|His|Her|Its|Their|One|Some) [a-z]", said[j].narration) or _opening_name(
            said[j].narration, said
        ):
            break
    return protagonist(said, i, doer)


# "The next witness was the Duchess's cook.": someone the sentence brings in, by role in lower case
_INTRODUCED_RE = re.compile(
    rf"^The (?:next|first|second|third|last|new) [a-z]{{3,}} was "
    rf"(?P<who>(?:the )?(?:{NAME_CORE}['’]s |(?=[a-z]))(?P<role>[a-z]{{3,}}))\.$"
)


def _introduced(narration: str, pronoun: str) -> str:
    """Whom a sentence bringing in someone by role names, when ``pronoun`` may stand for them: the
    next sentence's "she" is the cook the story has just brought in, not the Duchess whose cook she is."""
    found = _INTRODUCED_RE.match(narration)
    sex = pronoun.casefold()
    if not found or sex not in _OF_SEX or not re.fullmatch(ROLES, found.group("role")):
        return ""
    if not re.fullmatch(rf"{_OF_SEX[sex]}|{_PERSON}", found.group("role")):
        return ""  # "The next witness was the Queen's page. She …": a page is no "she"
    who = found.group("who")
    return who if who.startswith("the ") else f"the {who}"


def _other_person(narration: str, pronoun: str, name: str) -> bool:
    """Whether ``narration`` names by role someone ``pronoun`` may stand for other than ``name``:
    "the witch", "a little girl"; "The first witness was the Hatter" names the Hatter alone."""
    sex = pronoun.casefold()
    if sex not in _PERSON_NOUN:
        return False
    for m in _PERSON_NOUN[sex].finditer(narration):
        own = name and re.match(
            rf"\s+(?:was|is)\s+(?:[Tt]he\s+)?{re.escape(bare(name))}\b", narration[m.end() :]
        )
        if not own:
            return True
    return False


def doer_before(text: str, at: int) -> re.Match[str] | None:
    """The last name or subject pronoun before ``at`` in ``text``."""
    found = list(re.finditer(rf"(?<![\w'’-])(?:(?:[Tt]he )?{NAME_CORE}|{PRONOUN})(?![\w'’-])", text[:at]))
    return found[-1] if found else None


# Words that say a character's sex whatever the text's pronouns: a title ("the Queen", "Mrs Rabbit")
# or a person named by what they are ("her sister", "the old woman").
_FEMALE = (
    r"queen|duchess|princess|lady|countess|empress|mrs|miss|madam|girl|woman|women|sister|mother|"
    r"aunt|wife|daughter|grandmother|granny|niece|widow|maid|maiden|housekeeper|governess|witch|nun|"
    r"bride|stepmother|godmother|mistress|hen"
)
_MALE = (
    r"king|duke|prince|lord|count|emperor|mr|sir|boy|man|men|brother|father|uncle|husband|son|"
    r"grandfather|nephew|widower|gentleman|footman|knave|knight|monk|priest|bridegroom|stepfather|"
    r"master|squire|lad|[a-z]+(?<!wo)man"  # "the Huntsman", "the Fisherman"
)
# Someone of either sex, named by role: "the cook", "a child", "the stranger".
_PERSON = (
    r"cook|child|baby|servant|nurse|stranger|guest|witness|friend|neighbour|neighbor|visitor|"
    r"traveller|traveler|teacher|doctor|cousin|parent|someone|somebody|person|people|creature|"
    r"children|twins?"
)
_OF_SEX = {"she": _FEMALE, "he": _MALE}
#: People a story names by what they are, in lower case ("the cook", "the footman").
ROLES = (
    rf"(?:{_PERSON}|{_FEMALE}|{_MALE}|gardener|soldier|guard|executioner|baker|miller|hunter|huntsman|"
    r"shepherd|fisherman|sailor|captain|farmer|page|clerk|porter|butler|coachman|innkeeper|woodcutter|"
    r"tailor|shoemaker|soldiers|gardeners|guards)"
)
_OTHER = {"she": "he", "he": "she"}
_PERSON_NOUN = {
    sex: re.compile(
        rf"\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Mm]y|[Yy]our|[Oo]ur|old|little|young) "
        rf"(?:[a-z-]+ )?"
        rf"(?:{words}|{_PERSON})\b"
    )
    for sex, words in _OF_SEX.items()
}
_TITLE = {sex: re.compile(rf"\b(?:{words})\b", re.I) for sex, words in _OF_SEX.items()}
#: An opening word this common is no name ("However", "Soon"), whatever the chunk writes.
_EVERYDAY_ZIPF = 5.0
#: Sentences naming the one character with the pronoun after the name, before it is read as theirs.
MIN_PRONOUN_USES = 3
#: Mentions of the most frequent name before the chunk's narration has a protagonist.
MIN_PROTAGONIST_NAMINGS = 5

Uses = dict[str, dict[str, int]]
_cast: dict[int, tuple[list[Said], Uses, dict[str, int], dict[str, str], Uses]] = {}


def _pronoun_uses(said: list[Said]) -> tuple[Uses, dict[str, int], dict[str, str], Uses]:
    """For each name, how many narrated sentences naming it alone say "she", "he" or "it" after it;
    how often each name is named; how a question writes it ("the Rabbit"); and which pronoun first
    follows each of its namings before another name."""
    uses: dict[str, dict[str, int]] = {}
    hints: dict[str, dict[str, int]] = {}
    namings: dict[str, int] = {}  # by chapter and name: (heading, name) as "heading\0name"
    written: dict[str, str] = {}
    for s in said:
        for n in s.names:
            if not POSSESSIVE_RE.search(n):
                key = _chapter_key(s, bare(n))
                namings[key] = namings.get(key, 0) + 1
                written.setdefault(bare(n), the_name(n))
        named = {bare(n) for n in s.names}
        if len(named) == 1 and not POSSESSIVE_RE.search(s.names[0]):
            after = s.narration[s.narration.find(s.names[0]) + len(s.names[0]) :]
            counts = uses.setdefault(bare(s.names[0]), {"she": 0, "he": 0, "it": 0})
            for pronoun, pattern in _SAME_PRONOUN.items():
                if re.search(pattern, after, re.I):
                    counts[pronoun] += 1
        # the first pronoun after a name, before the next one: "the Rabbit … took a watch out of its
        # waistcoat-pocket …, Alice started to her feet": a hint for the side characters only
        found = list(NAME_RE.finditer(s.narration))
        for k, m in enumerate(found):
            if m.group() not in s.names or POSSESSIVE_RE.search(m.group()):
                continue
            end = found[k + 1].start() if k + 1 < len(found) else len(s.narration)
            # "its waistcoat-pocket", "rearing itself upright" are the character's; "ate it", "said to
            # her", "and she …" may be a thing's or another's
            first = re.search(r"\b(?:herself|his|himself|its|itself)\b", s.narration[m.end() : end], re.I)
            if first:
                pronoun = next(
                    p for p, pattern in _SAME_PRONOUN.items() if re.fullmatch(pattern, first.group(), re.I)
                )
                near = hints.setdefault(bare(m.group()), {"she": 0, "he": 0, "it": 0})
                near[pronoun] += 1
    return uses, namings, written, hints


def sex_of(name: str, uses: dict[str, dict[str, int]]) -> str:
    """ "she" or "he" when a title says it ("the Queen") or the text keeps saying it of ``name``
    (and never the other); "it" when the text only ever says "it"; else ""."""
    plain = bare(name)
    for sex, title in _TITLE.items():
        if title.search(plain):
            return sex
    counts = uses.get(plain, {"she": 0, "he": 0, "it": 0})
    for sex in ("she", "he"):
        if counts[sex] >= 1 and not counts[_OTHER[sex]]:
            return sex
    if counts["it"] and not counts["she"] and not counts["he"]:
        return "it"
    return ""


def _chapter_key(s: Said, name: str) -> str:
    return "\0".join(s.section.source.heading) + "\0\0" + name


def _cast_of(said: list[Said]) -> tuple[list[Said], Uses, dict[str, int], dict[str, str], Uses]:
    cached = _cast.get(id(said))
    if cached is None or cached[0] is not said:
        _cast.clear()
        cached = (said, *_pronoun_uses(said))
        _cast[id(said)] = cached
    return cached


#: The pronoun a character the text calls by another can never be: a "he" or an "it" is no "she".
_NEVER = {"she": ("he", "it"), "he": ("she", "it"), "it": ("she",)}


def _may_be(said: list[Said], name: str, pronoun: str) -> bool:
    """Whether ``pronoun`` may stand for ``name``: not when the text calls them otherwise."""
    _, uses, _, _, hints = _cast_of(said)
    # what the sentences naming it alone say, else the pronoun that follows its namings
    if (_kept_sex(name, uses) or sex_of(name, hints)) in _NEVER[pronoun.casefold()]:
        return False
    # "The Huntsman let her go, and he went back …. She found herself …": a "he" once, never "she"
    counts = uses.get(bare(name), {"she": 0, "he": 0, "it": 0})
    sex = pronoun.casefold()
    return not (sex in _OTHER and counts[_OTHER[sex]] and not counts[sex])


may_be = _may_be


def _kept_sex(name: str, uses: Uses) -> str:
    """ "she" or "he" when the sentences naming ``name`` alone keep saying it (and seldom the other)."""
    counts = uses.get(bare(name), {"she": 0, "he": 0, "it": 0})
    for sex in ("she", "he"):
        if counts[sex] >= MIN_PRONOUN_USES and counts[sex] >= 3 * counts[_OTHER[sex]]:
            return sex
    return ""


def protagonist(said: list[Said], i: int, pronoun: str) -> str:
    """The story's protagonist when "she" or "he" can be no one else: the name the chapter names most
    (and clearly most; the chunk's, when the chapter's lines in it are too few), which the text keeps
    calling by that pronoun, when the paragraph and the sentence before name no one else of that sex
    nor of a sex not known ("the cook", "Dinah"), and nobody of that sex by title or role ("the
    Queen", "her sister")."""
    sex = pronoun.casefold()
    if sex not in _OF_SEX:
        return ""
    _, uses, namings, written, hints = _cast_of(said)
    # the protagonist of the pronoun's chapter: two heroes in one chunk's two chapters are two
    chapter = _chapter_key(said[i], "")
    ranked = sorted(
        ((key[len(chapter) :], count) for key, count in namings.items() if key.startswith(chapter)),
        key=lambda kv: -kv[1],
    )
    if not ranked or ranked[0][1] < MIN_PROTAGONIST_NAMINGS:
        # a chapter's first lines at the chunk's end: the chunk's protagonist, all its chapters told
        whole: dict[str, int] = {}
        for key, times in namings.items():
            name = key.rsplit("\0", 1)[1]
            whole[name] = whole.get(name, 0) + times
        ranked = sorted(whole.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < MIN_PROTAGONIST_NAMINGS:
        return ""
    hero, count = ranked[0]
    if len(ranked) > 1 and ranked[1][1] * 3 > count * 2:
        return ""  # two leads: which one "she" is cannot be told from frequency
    if _kept_sex(hero, uses) != sex:
        return ""
    para = said[i].paragraph
    window = [s for s in said if s.paragraph == para]
    if i and said[i - 1].paragraph != para:
        window.append(said[i - 1])
    for s in window:
        for n in s.names:
            if bare(n) == hero:
                continue
            if (owned := POSSESSIVE_RE.search(n)) and re.search(rf"\b(?:{_OF_SEX[sex]}|{_PERSON})$", n):
                return ""  # "the Duchess's cook": someone else, whose sex the name does not say
            n = n[: owned.start()] if owned else n  # "the Rabbit's little gloves": the Rabbit's
            if bare(n) != hero and sex_of(n, hints) not in (_OTHER[sex], "it"):
                return ""
        if _PERSON_NOUN[sex].search(s.narration) or _opening_name(s.narration, said):
            return ""
    return written[hero]


def _opening_name(narration: str, said: list[Said]) -> bool:
    """Whether the sentence opens with a name the chunk never writes mid-sentence ("Martha came out
    of the house."): a word the narration never writes in lower case, nor an everyday word."""
    # "Jo threw a cushion at Meg.": a name of two letters too ("So", "As" are everyday words)
    first = re.match(r"([A-Z][a-z]+)\b(?!['’])", narration)
    if not first or first.group(1) in _NOT_NAMES or first.group(1).endswith("ly"):
        return False
    if any(bare(n).split()[0] == first.group(1) for s in said for n in s.names):
        return False  # a character the chunk names mid-sentence too ("Snow White ran …")
    low = first.group(1).casefold()
    if any(re.search(rf"\b{low}\b", s.narration) for s in said):
        return False
    return (zipf(low, "en") or 0) < _EVERYDAY_ZIPF
