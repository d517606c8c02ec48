"""What a story's characters do that a reader remembers and a teacher asks, with its cause or purpose,
where one narrated sentence says it plainly:

* what someone throws at someone — "the cook … set to work throwing everything within her reach at
  the Duchess and the baby" → "… what does the cook throw at the Duchess and the baby?" /
  "Everything within her reach"; "the Duchess said to Alice, flinging the baby at her" → "… what
  does the Duchess fling at Alice?" / "The baby" (a participle's doer is its clause's subject; "her"
  the one other character the sentence names);
* what someone gives out as prizes, a present or a reward — "pulled out a box of comfits and handed
  them 'round as prizes" → "… what does Alice hand round as prizes?" / "Comfits";
* what someone had forgotten — "When she got to the door, she found she had forgotten the little
  golden key" → "… what had Alice forgotten when she got to the door?";
* what had to be done for a purpose — "the soldiers had to double themselves up and stand on their
  hands and feet, to make the arches" → "… what did the soldiers have to do to make the arches?";
* what happened when someone ate something — "So she swallowed one of the cakes and was delighted to
  find that she began shrinking directly" → "… what happened when Alice swallowed one of the
  cakes?" / "She began shrinking directly";
* what someone noticed about a thing — "she looked at the sides of the well and noticed that they
  were filled with cupboards and book-shelves" → "… what does Alice notice about the sides of the
  well?" / "They were filled with cupboards and book-shelves" (four words at least);
* the cause the story names of the change the sentence before ends on — "After one bite Gretel was
  shrinking rapidly. She soon found out that the cause of this was the cake she had eaten" → "…
  what was the cause of Gretel's shrinking?".

The doer is found as in :mod:`.story_events` (:mod:`.story_people`: a pronoun only where certain),
or someone the story names by role in lower case as the clause's subject ("the cook", "the
soldiers"). Otherwise no card.
"""

from __future__ import annotations

import re

from cards.offline import story_people as people
from cards.offline.drafter import Drafter
from cards.offline.story_frame import framed
from cards.schema import CardKind
from cards.text import word_count

_NAME_CORE = people.NAME_CORE
_PRONOUN = people.PRONOUN
_NP = r"(?:an?|the|his|her|its|their) (?:[\w'’-]+ ){0,3}?[\w'’-]+"

# a clause's subject after an opening adverbial: "Just then the cook took …"
_OPENER = r"(?:(?:[Jj]ust then|[Tt]hen|[Nn]ow|[Ss]uddenly|[Aa]t once|[Aa]t this|[Aa]t last|[Ss]o|[Aa]nd),? )?"
_SUBJECT_RE = re.compile(
    rf"^\W*{_OPENER}(?P<who>[Tt]he {people.ROLES}|(?:[Tt]he )?(?!The\b){_NAME_CORE}|{_PRONOUN})(?![\w'’-])"
)
_THROWN_RE = re.compile(
    r"\b(?P<verb>threw|flung|hurled|throwing|flinging|hurling) "
    r"(?P<what>(?:an?|the|his|her|its|their|everything|all)\b[^,;.:—–()]*?) at "
    rf"(?P<at>(?:the )?{_NAME_CORE}(?: and (?:the )?[a-z]{{3,}})?(?=[\s,;.:!—–-]|$)|(?:her|him)"
    # "at her feet": a place, not whom
    r"(?=\s*[,;.:!—–-]|\s+(?:as|and|when|while|but|till|until|before|with|in|from)\b|$))"
)
_BASE = {"threw": "throw", "throwing": "throw", "flung": "fling", "flinging": "fling"}
_BASE |= {"hurled": "hurl", "hurling": "hurl", "handed": "hand", "gave": "give", "offered": "offer"}
_BASE |= {"presented": "present"}
_GIVEN_AS_RE = re.compile(
    r"\b(?P<verb>handed|gave|offered|presented) (?P<obj>them|it|(?:an?|the|his|her|their) [\w'’ -]+?)"
    r"(?P<how> 'round| round| out| away)? as (?P<as>(?:an? )?(?:prizes?|presents?|gifts?|rewards?))\b"
)
_FORGOTTEN_RE = re.compile(rf"\b(?:had|has) forgotten (?P<what>{_NP})(?=\s*[,;.:!]|\s+(?:and|but)\b|$)")
_WHEN_RE = re.compile(
    r"^When (?P<pron>she|he|they) (?P<verb>got|came) to (?P<place>the [a-z-]+(?: [a-z-]+)?),"
)
_HAD_TO_RE = re.compile(
    rf"(?P<subj>(?:[Tt]he )?{_NAME_CORE}|[Tt]he {people.ROLES}|{_PRONOUN}) had to "
    r"(?P<vp>[a-z][^,;:.()]{3,80}?),? (?:in order |so as )?to "
    r"(?P<goal>[a-z]{3,} (?:the|an?|his|her|its|their) (?:[\w'’-]+ ){0,3}?[\w'’-]+)(?=\s*[,;.:!]|$)"
)
# "So she swallowed one of the cakes and was delighted to find that she began shrinking directly."
_EFFECT_RE = re.compile(
    r"\b(?P<verb>swallowed|ate|drank|nibbled|tasted) (?P<what>(?:one of the|some of the|an?|the) "
    r"[a-z-]{3,}(?: [a-z-]{3,})?) and "
    r"(?:was (?:[a-z]+ )?(?:delighted|surprised|glad|pleased|sorry|alarmed) to find|found) that "
    r"(?P<pron>she|he) (?P<began>began) (?P<ving>[a-z]{3,}ing)(?P<adv> [a-z]{3,}ly)?(?=\s*[,;.:!]|$)"
)
# "then she looked at the sides of the well and noticed that they were filled with cupboards and
# book-shelves", "she noticed that one of the trees had a door leading right into it"
_NOTICED_RE = re.compile(
    r"\bnoticed that (?P<np>(?:one of )?the [a-z-]{3,}(?: [a-z-]{3,})?(?: of the [a-z-]{3,})?|they|it) "
    r"(?P<verb>had|were|was) (?P<rest>[^;:.!?,()]{5,80}?)(?=\s*[;:.!?,]|$)"
)
_LOOKED_AT_RE = re.compile(r"\blooked at (?P<np>the [a-z-]{3,}(?: of the [a-z-]{3,})?) and $")
_CAUSE_RE = re.compile(
    rf"\bthe cause of this was (?P<what>{_NP}(?: (?:she|he|it|they) (?:was|were|had) [a-z]+)?)"
)
# "… and was going on shrinking rapidly.": what "this" is, the change the sentence before ends on
_CHANGE_RE = re.compile(
    r"\b(?:was|were|kept|went on|was going on) (?:(?:on|still) )?(?P<ving>[a-z]{3,}ing)"
    r"(?: [a-z]+ly)?\s*[.!]?$"
)


def story_deeds(d: Drafter, story: bool) -> None:
    """The deed cards of a story's chunk (see the module docstring)."""
    if not story or d.lang != "en" or CardKind.BASIC not in d.kinds:
        return
    said = people.narrated(d)
    for i, s in enumerate(said):
        for question, answer in _deeds(d, said, i):
            if word_count(answer) <= 15 and answer.casefold() not in question.casefold():
                d.add(s.section, CardKind.BASIC, framed(d, s.section, question), _cap(answer), s.sentence, 1)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain(text: str) -> str:
    """The narration with its asides blanked ("(luckily the salt-water had not got into it)"), the same
    length: a pronoun in an aside is no doer."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text)


def _subject(d: Drafter, said: list[people.Said], i: int, text: str, at: int) -> str:
    """Who the clause before ``at`` is about: its subject, a name, a pronoun resolved where certain,
    or someone named by role ("the cook"); "" when another name stands between."""
    start = max(text.rfind(";", 0, at), text.rfind(":", 0, at)) + 1
    clause = text[start:at]
    found = _SUBJECT_RE.match(clause)
    if not found:
        return ""
    doer = found.group("who")
    # "The Princess cried, and the Queen said to the Princess, throwing …": whoever is named between
    # the subject and the verb, other than one spoken to, may be the doer
    between = clause[found.end() :]
    others = re.finditer(
        rf"(?<!\bto )(?<!\bto the )\b(?:[Tt]he )?(?:{_NAME_CORE}|(?<=[Tt]he ){people.ROLES})\b", between
    )
    if any(m.group() != doer for m in others):
        return ""
    if re.fullmatch(rf"[Tt]he {people.ROLES}", doer) and not people.NAME_RE.match(doer):
        return doer[:1].lower() + doer[1:]
    return people.who(d, said, i, doer, start + found.start("who"))


def _deeds(d: Drafter, said: list[people.Said], i: int) -> list[tuple[str, str]]:
    text = _plain(said[i].narration)
    out: list[tuple[str, str]] = []
    if (m := _THROWN_RE.search(text)) and (who := _subject(d, said, i, text, m.start())):
        target = _target(d, said, i, text, who, m)
        if target:
            out.append((f"What does {who} {_BASE[m.group('verb')]} at {target}?", m.group("what")))
    if m := _GIVEN_AS_RE.search(text):
        doer = people.doer_before(text, m.start())
        who = people.who(d, said, i, doer.group(), doer.start()) if doer else ""
        obj = m.group("obj")
        if obj in ("them", "it"):
            obj = _brought_before(text[: m.start()], plural=obj == "them")
        if who and obj:
            how = (m.group("how") or "").replace("'round", "round")  # the old spelling, not the question's
            out.append((f"What does {who} {_BASE[m.group('verb')]}{how} as {m.group('as')}?", obj))
    if (m := _FORGOTTEN_RE.search(text)) and (doer := people.doer_before(text, m.start())):
        who = people.who(d, said, i, doer.group(), doer.start())
        when = _WHEN_RE.match(text)
        if who and when and doer.group().casefold() == when.group("pron"):
            place = f" when {when.group('pron')} {when.group('verb')} to {when.group('place')}"
            out.append((f"What had {who} forgotten{place}?", m.group("what")))
        elif who:
            out.append((f"What had {who} forgotten?", m.group("what")))
    if m := _HAD_TO_RE.search(text):
        subj = m.group("subj")
        if re.fullmatch(rf"[Tt]he {people.ROLES}", subj):
            who = "the" + subj[3:]
        else:
            who = people.who(d, said, i, subj, m.start("subj"))
        # "had to let her run away": whom "her" means is not the question's to say
        if (
            who
            and not people.NAME_RE.search(m.group("vp"))
            and not re.search(r"\b(?:her|him|them|it)\b(?! own)", m.group("vp"))
        ):
            out.append((f"What did {who} have to do to {m.group('goal')}?", m.group("vp")))
    if (m := _EFFECT_RE.search(text)) and (doer := people.doer_before(text, m.start())):
        who = people.who(d, said, i, doer.group(), doer.start())
        if who and doer.group().casefold() == m.group("pron"):
            pron = m.group("pron").capitalize()
            # told in the story's own tense: the answer is its words ("began shrinking directly")
            effect = f"{pron} {m.group('began')} {m.group('ving')}{m.group('adv') or ''}"
            out.append((f"What happened when {who} {m.group('verb')} {m.group('what')}?", effect))
    if (m := _NOTICED_RE.search(text)) and (doer := people.doer_before(text, m.start())):
        out.extend(_noticed(d, said, i, text, doer, m))
    if (m := _CAUSE_RE.search(text)) and i and said[i - 1].paragraph == said[i].paragraph:
        change = _CHANGE_RE.search(_plain(said[i - 1].narration))
        doer = people.doer_before(text, m.start())
        who = people.who(d, said, i, doer.group(), doer.start()) if doer else ""
        if change and who and _same_doer(d, said, i - 1, change.start(), who):
            out.append((f"What was the cause of {_possessive(who)} {change.group('ving')}?", m.group("what")))
    return out


def _noticed(
    d: Drafter, said: list[people.Said], i: int, text: str, doer: re.Match[str], m: re.Match[str]
) -> list[tuple[str, str]]:
    """What a character notices about a thing: the thing named in the clause, or the one "they"/"it"
    stands for, what the character "looked at" just before; four words at least ("was open" is a
    passing detail); a thing some other card of the story already asks is left alone."""
    who = people.who(d, said, i, doer.group(), doer.start())
    np = m.group("np")
    if np in ("they", "it"):
        looked = _LOOKED_AT_RE.search(text[: m.start()])
        np = looked.group("np") if looked else ""
    if not who or not np or word_count(m.group("rest")) < 4 or people.NAME_RE.search(m.group("rest")):
        return []
    if any(re.search(rf"\b{re.escape(np)}\b", c.card.front) for c in d.candidates):
        return []  # "the pebbles were all turning into little cakes": "what did the pebbles turn into?"
    pron = "They" if m.group("verb") == "were" else "It"
    return [(f"What does {who} notice about {np}?", f"{pron} {m.group('verb')} {m.group('rest')}")]


def _target(d: Drafter, said: list[people.Said], i: int, text: str, who: str, m: re.Match[str]) -> str:
    """Whom a thing is thrown at: a name, or "her"/"him" when the sentence names exactly one other
    character before it that the pronoun may stand for."""
    target = m.group("at")
    if target not in ("her", "him"):
        return people.the_name(target) if people.is_character(d, target.split(" and ")[0], text) else ""
    others = {people.bare(n) for n in said[i].names if people.bare(n) != people.bare(who)}
    others = {n for n in others if not people.POSSESSIVE_RE.search(n)}
    if len(others) != 1:
        return ""
    name = next(n for n in said[i].names if people.bare(n) in others)
    pronoun = "she" if target == "her" else "he"
    return people.the_name(name) if people.may_be(said, name, pronoun) else ""


def _brought_before(text: str, plural: bool) -> str:
    """What "them" stands for: the one thing the clause brings in with "a", by its "of" noun ("pulled
    out a box of comfits … and handed them" → "comfits"); "it" is left alone."""
    things = re.findall(r"\ban? (?:[\w'’-]+ ){0,2}?[\w'’-]+(?: of [a-z-]{3,}s\b)?", text)
    if not plural or len(things) != 1:
        return ""
    found = re.search(r" of ([a-z-]{3,}s)$", things[0])
    return found.group(1) if found else ""


def _same_doer(d: Drafter, said: list[people.Said], j: int, at: int, who: str) -> bool:
    """Whether the change sentence ``j`` ends on is told of ``who``."""
    text = _plain(said[j].narration)
    doer = people.doer_before(text, at)
    return doer is not None and people.who(d, said, j, doer.group(), doer.start()) == who


def _possessive(who: str) -> str:
    return f"{who}'" if who.endswith("s") else f"{who}'s"
