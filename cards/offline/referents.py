"""Who "he" is: a biography's sentences named after the person the passage is about.

A history or a biography names a person once and goes on with "he" and "his": "Charles Gounod
was born in 1818, in Paris. He was admitted to the Conservatoire at sixteen, and studied with
Halévy and Lesueur." The second sentence holds a fact about Gounod, but read alone it says
nothing about anyone, so every extractor refuses it. Here it is read with its name: "Charles
Gounod was admitted to the Conservatoire at sixteen, …", "His first grand opera, …" → "Jules
Massenet's first grand opera, …" — for the extractors, which ask its dates, places and works
(not for the key-term cloze: the rest of a biography is anecdote). The card quotes both
sentences, the one that names the person and the one it is drafted from.

Only the leading "He"/"His" (or "She"/"Her", also after an opening year: "In 1839 he gained …") is
replaced, and only when the sentence before it
(or a chain of such sentences back to it) opens with a person's name as its subject and tells of
a life — "born", "died", "studied", "his"… — so that the name is a person's and the only one the
pronoun can mean: "The best known of the minnesingers were Walther von der Vogelweide, Heinrich
Frauenlob, … He died in Würzburg." names several people and no subject, and nothing changes. A
person the text has already told of may also be the subject after a short opening phrase ("As a
theoretician, Rameau exerted …"), when the phrase names no other; so may one the chunk has not told of
whose verb is of a life ("Until 1872, Bizet wrote …": a chunk may begin mid-life). A sentence that opens
otherwise, or "His father …" (a second person), ends the chain; a story (dialogue) is never rewritten.

A thing is followed the same way, one sentence back and within its paragraph: "… the singing
tournament at the Wartburg really took place in 1206-07. This tournament, which Wagner introduces
…" → "The singing tournament at the Wartburg, which Wagner introduces …". The sentence before must
name the head noun exactly once, in the same number ("This instrument" is not "the double
trumpets"), with words that say which one (a rare or capitalised modifier, or "at the Wartburg");
"This is …", "These were …", "This system of …" and two candidates stay as they are. A copula
names it too: "The principal instrument … is the _king_. This instrument has …" → "The king has …". A leading
"Now", "Thus" or "So" that only connects is dropped with it.

"It" and "Its" are the subject of the sentence before (that sentence read with its own pronoun named,
so a chain follows) when that subject is one singular noun phrase right before its verb: "The sistrum
was, properly speaking, not considered a musical instrument at all. It was used only in religious
ceremonies" → "The sistrum was used …". An "it" that stands for what follows ("It is said that …",
"It was in 1896 that …") and a subject that points or counts ("The first is …") stay as they are.
A name that opens the sentence before as the subject of any verb is also the person "he" means when
it comes with a role ("X, a dancing master, …"), is one the text has told of or writes mid-sentence
elsewhere, and no one else stands after the verb ("Schumann was different from these three. His
music …" → "Schumann’s music …"; not after "… applied by Cristofori, an instrument maker").

The pronoun may also follow an opening aside or adverbial that names no one ("As we know from our
studies in notation, he was the first to …" → "Hucbald was the first to …"; "However, in deciding
…, he was …" → "In deciding …, Hucbald was …"), unless the naming sentence has a pronoun of its own
(a second man). A sentence that names no one else and still says "he" keeps the person for the next
("We remember why he chose … He called his system …"); one that names only a person the text has told
of names them ("I must again revert to Hucbald. Before his time, …"); "[Illustration]" is skipped.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise, standalone_form
from cards.offline.drafter import Drafter
from cards.offline.pointers import without_pointer_aside
from cards.offline.terms import zipf
from cards.offline.thing_referents import (
    DUMMY_IT_RE,
    IT_RE,
    RAISED_IT_RE,
    SECOND_DEFINITION_RE,
    named_thing,
    thing_subject,
)
from cards.text import STOP_WORDS, normalize, split_sentences

_PARTICLE = r"von|van|de|der|den|des|di|da|du|le|la|del"
_WORD = r"[A-Z][\w’'.\-]*[a-zà-ÿ][\w’'\-]*"
#: A person's name: capitalised words with their particles ("Wolfram von Eschenbach").
NAME = rf"{_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)*{_WORD}){{0,3}}"
# "Spontini, the next representative of opera in France, was an Italian, born in 1774."
_NAMED_SUBJECT_RE = re.compile(
    rf"^(?P<name>(?:[A-Z]\.\s?){{0,3}}{NAME})(?:\s+\([^()]{{1,40}}\))?(?:,\s+[^,;]{{2,80}},)?\s+"
    r"(?:was|is|had|has|became|wrote|composed|studied|went|lived|died|returned|settled|left|entered)\b"
)
# "As a theoretician, Rameau exerted …": a short opening phrase, then the name as the subject.
_LED_SUBJECT_RE = re.compile(
    r"^(?P<lead>(?:As|After|On|In|At|During|When|Later|Then|Until|Till|Before|Since|By)\b[^,;:\"“()]{2,50},\s+)"
    rf"(?P<name>{NAME})\s+(?:was|is|had|has|became|wrote|composed|studied|went|lived|died|returned|settled|"
    r"left|entered|[a-z]{3,}ed)\b"
)
# The verb right after a led name that makes it a person's ("Until 1872, Bizet wrote …"), when the chunk
# has not told of them before (a chunk may begin in the middle of a life).
_LIFE_VERB_RE = re.compile(r"\s+(?:wrote|composed|studied|married|died|was\s+born|painted|taught|sang)\b")
# What tells of a person's life (so the name is a person's, and "he" can be them).
_LIFE_RE = re.compile(
    r"\b(?:born|died|studied|pupil|son|daughter|father|mother|married|his|her|he|she|composer|wrote|"
    r"composed|educated|appointed)\b"
)
# The pronoun opening the sentence, or right after the year that opens it ("In 1839 he gained …").
_YEAR_LEAD = r"(?P<lead>(?:In|By) (?:about )?1\d{3},?\s+)"
_PRONOUN_RE = {
    "he": re.compile(rf"^(?:(?P<p>He|His)|{_YEAR_LEAD}(?P<lp>he|his))\s+(?=[a-z\"“])"),
    "she": re.compile(rf"^(?:(?P<p>She|Her)|{_YEAR_LEAD}(?P<lp>she|her))\s+(?=[a-z\"“])"),
}
# "His father …", "Her teacher …": a second person, whom the next "he" or "she" may mean.
_OTHER_PERSON_RE = re.compile(
    r"(?:\w+\s+)?(?:father|mother|son|daughter|brother|sister|wife|husband|uncle|aunt|nephew|niece|cousin|"
    r"grandfather|grandmother|parents?|teacher|master|pupil|friend|patron|rival|successor|predecessor)s?\b"
)
_GENDER_RE = {"he": re.compile(r"\b(?:he|his|him)\b", re.I), "she": re.compile(r"\b(?:she|her|hers)\b", re.I)}
# "As we know from our studies in notation, he was …", "However, in deciding which sounds …, he was …": an
# opening aside or adverbial before the pronoun (checked to name no one else, see _aside_is_clear).
_ASIDE_PRONOUN_RE = {
    gender: re.compile(
        r"^(?P<aside>(?:As|However|Moreover|Furthermore|Indeed|Nevertheless|Besides|Still|Thus|Later|Afterwards|"
        r"Moreover|Again|Here|Now|Accordingly|Consequently|Therefore)\b[^;:\"“”()\[\]]{0,120}?,\s+)"
        rf"(?P<lp>{pronouns})\s+(?=[a-z\"“])"
    )
    for gender, pronouns in (("he", "he|his"), ("she", "she|her"))
}
# "After the Restoration in France, he was named …", "In this, his greatest work, he followed …": an opening
# phrase of time or circumstance and then "he" as the subject, in a paragraph whose sentences keep one man as
# their subject (see Referents._chain_aside); only "he" (a "his" after a comma may be an apposition's).
_CHAIN_ASIDE_RE = re.compile(
    r"^(?P<aside>(?:After|Before|In|At|On|During|Upon|From|Until|Till|Born|Later|Finally|Soon|Shortly|While|"
    r"Although|Though|When|Having|Once)\b[^;:\"“”()\[\]]{0,100}?,\s+)(?P<lp>he)\s+(?=[a-z])"
)
# What in the sentence before names no man the next "he" could mean: a woman by her title ("the Empress
# Josephine"), a place one goes to ("went to Paris"), and a man only as the owner of a thing ("Gluck's
# footsteps"; see _names_another_man).
_WOMAN_TITLED_RE = re.compile(
    r"\b(?:Empress|Queen|Princess|Duchess|Countess|Madame|Mme\.|Mrs\.|Miss|Lady|Mademoiselle|Mlle\.)"
    r"(?:\s+[A-Z][\w’'-]*)+"
)
# "…, the daughter of a schoolmaster", "was the son of …": the naming sentence's word for the person says
# their sex (so a later "he" is not "Anna Weiss" though no pronoun names her).
_KIN_OF_RE = {
    sex: re.compile(
        r"(?:,|\bwas)\s+(?:the\s+|an?\s+)?(?:(?:eldest|youngest|only|second|third|elder|younger)\s+)?"
        rf"(?:{words})\s+of\b"
    )
    for sex, words in (
        ("she", "daughter|wife|widow|sister|niece"),
        ("he", "son|husband|widower|brother|nephew"),
    )
}
_GONE_TO_RE = re.compile(
    r"\b(?:went|came|moved|returned|travelled|traveled|removed|emigrated|fled)\s+(?:back\s+)?to\s+"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
)
# "a French text", "the Italian style": a people's adjective before a noun, no one.
_PEOPLES_ADJECTIVE_RE = re.compile(r"\b(?:a|an|the)\s+[A-Z][a-z]+(?:an|ish|ch|ese|ic|ek)\s+(?=[a-z])")
# "After the Restoration", "during the Reformation": an event named by an abstract noun, no one.
_EVENT_RE = re.compile(r"\bthe\s+[A-Z][a-z]+(?:tion|sion|ment|ance|ence|ity|ism)\b")
_OWNER_RE = re.compile(r"\b[A-Z][\w-]*(?:’s|'s)\s+(?=[a-z])")
# An aside that only points at what the reader knows ("As we know from …", "As I have said", "As
# already explained"), or a connective alone ("However, "): dropped with the pronoun it leads.
_EMPTY_ASIDE_RE = re.compile(
    r"^(?:As\s+(?:(?:we|I)\s+(?:\w+\s+){0,2}?(?:know|knew|saw|seen|said|explained|remember|learned|learnt|"
    r"mentioned|noted|shown)|(?:already\s+)?(?:explained|said|mentioned|noted|shown|seen))\b[^,]*"
    r"|However|Moreover|Furthermore|Indeed|Nevertheless|Besides|Still|Thus|Again|Now|Accordingly|Consequently|"
    r"Therefore),\s+"
)
_LEADING_CONNECTIVE_RE = re.compile(
    r"^(?:However|Moreover|Furthermore|Indeed|Nevertheless|Besides|Still|Thus|Again|Now|Accordingly|"
    r"Consequently|Therefore),\s+"
)
# "a monk of the monastery of St. Armand in Flanders": capitalised words that name a place, not a person.
_PLACE_RE = re.compile(
    r"\b(?:in|at|near|(?:monastery|abbey|church|cathedral|city|town|court|university|convent|school|"
    r"kingdom|province|island|county|duchy)\s+of)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*"
    # "St. Bartholomew's Hospital", "the Royal Society": an institution named by its kind
    r"|\b[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*\s+(?:Hospital|College|Academy|Society|Chapel|Church|Cathedral|"
    r"Abbey|Theatre|Conservatoire|Conservatory|University|School)\b"
)
# Another person or people a pronoun could mean (or a "she"/"they" that says the passage speaks of others).
# A figure's placeholder left in the text ("[Illustration]", "[Figure 07]").
_PLACEHOLDER_RE = re.compile(r"^\[[^\]]{1,40}\]$")
# A pronoun in the sentence that names the person may be someone else ("Kepler was his assistant").
_ANY_PRONOUN_RE = re.compile(r"\b(?:he|his|him|she|her|hers)\b", re.I)
_OTHERS_RE = re.compile(r"\b(?:she|her|hers|they|them)\b", re.I)


def _only_person(sentence: str, d: Drafter, *, before_chunk: bool = False) -> str:
    """The one person ``sentence`` names anywhere ("I must again revert to Hucbald."), when the text has
    told of them before and the sentence names no one else: the only one a "he" after it can mean.
    ``before_chunk``: the sentence ends the chunk before, which told of them out of sight; the chunk must
    write the name mid-sentence itself ("… the systems of Hucbald and Guido")."""
    if noise(sentence):
        return ""
    text = _PLACE_RE.sub("", _QUOTED_RE.sub("", sentence))
    names = [m.group(0) for m in re.finditer(rf"(?<=[\w,;] )(?:{NAME})", text)]
    last = names[0].rsplit(" ", 1)[-1] if len(names) == 1 else ""
    if not last or (last not in d.people and not (before_chunk and d.mid_sentence_count(last))):
        return ""
    return names[0] if names_no_one(sentence, d, names[0]) else ""


# "… was that of Rossini.", "… devolved upon Gluck.": a name as the object of a preposition.
# Not a recipient ("dedicated to Frederick") nor a ruler whose court or reign it is ("at the court of
# Frederick"): the "His" after those is still the man before.
_PREPOSITION_NAME_RE = re.compile(
    rf"(?<!\bcourt )(?<!\breign )(?<!\btime )(?<!\bdays )(?<!\bdeath )(?<!\bservice )(?<!\bhouse )"
    rf"(?<!\bfamily )(?<!\bpalace )\b(?:of|upon|by)\s+(?P<name>{NAME})"
)


def _without_places(text: str) -> str:
    """``text`` without the places it names ("in France, and indeed in all Europe")."""
    return re.sub(r"\bin\s+all\s+[A-Z][\w’'-]*", "", _PLACE_RE.sub("", text))


def _named_once(sentence: str, d: Drafter) -> str:
    """The one name ``sentence`` writes, as the object of a preposition ("The next powerful influence in
    France, and indeed in all Europe, was that of Rossini."), when it names no one else, has no pronoun of
    a person, and the name is a rare word the text writes mid-sentence elsewhere: the man a "He"/"His"
    opening the next sentence means (a person the text has not yet told of; see Referents.pending)."""
    if noise(sentence) or _ANY_PRONOUN_RE.search(_QUOTED_RE.sub("", sentence)):
        return ""
    text = _without_places(_QUOTED_RE.sub("", sentence))
    text = re.sub(r"\bI\b", "", text)
    names = [m.group(0) for m in re.finditer(rf"(?<=[\w,;] )(?:{NAME})", text)]
    m = _PREPOSITION_NAME_RE.search(text)
    if len(names) != 1 or not m or m.group("name") != names[0]:
        return ""
    last = names[0].rsplit(" ", 1)[-1]
    if zipf(last, d.lang) >= 3.5 or d.mid_sentence_count(last) < 2 or not names_no_one(text, d, names[0]):
        return ""
    return names[0]


def names_no_one(text: str, d: Drafter, name: str) -> bool:
    """``text`` names no person but ``name`` (places aside): no other name, no one named by a noun
    ("the singers", "his father"), no "she" or "they" — so "he" in or after it is still ``name``."""
    text = _PLACE_RE.sub("", _QUOTED_RE.sub("", text))
    if name:
        own = re.escape(name.rsplit(" ", 1)[-1])
        text = re.sub(rf"\b(?:{re.escape(name)}|{own})(?:’s|'s)?\b", "", text)
    text = re.sub(r"\bI\b", "", text)  # the author's "I" is not a person the pronoun can mean
    if _CAPITALISED_RE.search(text) or _OTHERS_RE.search(text):
        return False
    return not (_SOMEONE_RE.search(text) or _OTHER_PERSON_RE.search(text))


def _person(sentence: str, d: Drafter) -> str:
    """The name a sentence opens with as its subject, when the sentence tells of that person's life."""
    m = _NAMED_SUBJECT_RE.match(sentence)
    life = bool(m and _LIFE_RE.search(sentence[m.end("name") :]))
    if not life:
        # after an opening phrase, a person the passage has already told of (and no other in the phrase)
        m = _LED_SUBJECT_RE.match(sentence)
        told = m and m.group("name").rsplit(" ", 1)[-1] in d.people
        if m and not told and not _LIFE_VERB_RE.match(sentence, m.end("name")):
            m = None  # "In 1850, Paris had …": no one; "Until 1872, Bizet wrote …": a person
        if m and any(re.search(rf"\b{re.escape(p)}\b", m.group("lead")) for p in d.people):
            return ""  # "After Gluck's death, Salieri …": two people before "he"
        life = bool(m)
    if not life:
        m = _any_verb_subject(sentence, d)
    if not m or noise(sentence):
        return ""
    name = m.group("name")
    first, last = name.split(" ", 1)[0], name.rsplit(" ", 1)[-1]
    if first.casefold() in STOP_WORDS or first.endswith("ly") or name.isupper():
        return ""  # "The Greeks", "Usually": no name
    # a surname as common as a word must be one the text writes mid-sentence ("Bach", not "Music")
    if zipf(last, d.lang) >= 4.0 and not d.mid_sentence_count(last):
        return ""
    return name


# "Herbert Spencer, in an essay on …, speaks of …", "Pantaleon Hebenstreit, a dancing master and inventor
# of Leipzig, in 1705 added …": a name as the subject of any verb, after an aside.
_ANY_VERB_SUBJECT_RE = re.compile(
    rf"^(?P<name>{NAME})(?:\s+\([^()]{{1,40}}\))?(?:,\s+(?P<aside>[^,;\"“]{{2,80}}),)?"
    r"(?:\s+(?:also|then|later|further|first|in\s+1\d{3}))?"
    r"\s+(?:was|is|had|has|may|might|would|could|[a-z]{3,}(?:ed|s))\b"
)
_CAPITALISED_RE = re.compile(r"(?<=[\w,;] )[A-Z]")
# Someone named by a noun, or by an agent noun: "the man", "a stranger", "an instrument maker" — one
# person, whom "he" or "she" could mean ("the minnesingers", "the people" are "they": see _OTHERS_RE).
_SOMEONE_RE = re.compile(
    r"\b(?:the|a|an|this|that|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|boy|girl|child|"
    r"person|stranger|king|queen|prince|princess|[a-z]{3,}(?:er|or|ist|ian))\b"
)
# The role a copula gives the subject: "(was) a physician", "(is) the chief organist".
_ROLE_RE = re.compile(r"^\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[a-z]{3,}(?:er|or|ist|ian)\b")
# "The former was a nephew of …", "The latter was sung": the pointer opening the sentence, a verb after it.
_FORMER_START_RE = re.compile(r"^The\s+(?P<which>former|latter)\s+(?=[a-z])")
# "The _schofar_ and _keren_ were horns.": two things, each a word or three, the subject of the sentence.
_PAIR_PART = r"(?:[Tt]he\s+)?(?:_[^_\s][^_]{0,28}_|[a-z][\w-]{2,}(?:\s+[a-z][\w-]{2,}){0,2})"
_TWO_THINGS_RE = re.compile(
    rf"^(?P<a>{_PAIR_PART})\s+and\s+(?P<b>{_PAIR_PART})\s+(?:were|are)\s+(?!the\s+(?:same|two|only)\b)"
)
# "Alessandro Scarlatti and his son Domenico …": two people, the second perhaps named by kin, opening it.
_PAIR_OPENING_RE = re.compile(
    rf"^(?P<a>{NAME})\s+and\s+(?:(?:his|her)\s+(?:son|daughter|brother|sister|father|pupil|wife|husband)\s+)?"
    rf"(?P<b>{NAME})(?=[\s,])"
)
# ", Prince of Venosa,": a title after a name, which names no second person.
_TITLE_OF_RE = re.compile(
    r",\s+(?:[A-Z][\w’'-]*\s+)*?(?:of|at|in)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*,"
)


def _two_people(sentence: str) -> tuple[str, str] | None:
    """The two people ``sentence`` ends on, with "and" between ("… are Don Carlo Gesualdo, Prince of Venosa,
    and Ludovico Viadana."), when it names no one else; else None."""
    text = _TITLE_OF_RE.sub(",", _QUOTED_RE.sub("", sentence))  # ", Prince of Venosa," names no one else
    text = re.sub(r"\bI\b", "", text)  # the author's "I" is no one "the former" can mean
    first = text.split(" ", 1)[0]
    if first.casefold() in STOP_WORDS:
        text = " " * len(first) + text[len(first) :]  # the sentence's capitalised first word is no name
    names = list(re.finditer(rf"(?<![\w’'.])(?:{NAME})", text))
    if len(names) == 2 and (opening := _PAIR_OPENING_RE.match(sentence)):
        # "Alessandro Scarlatti and his son Domenico, both celebrated …, are the next …": the pair opens it
        return opening.group("a"), opening.group("b")
    if len(names) != 2:
        return None
    a, b = names
    if not re.fullmatch(r",?\s+and\s+", text[a.end() : b.start()]) or re.search(r"\w", text[b.end() :]):
        return None  # "X and Y were friends": not the two the sentence ends on
    if _SOMEONE_RE.search(text[: a.start()].lower()) or _OTHER_PERSON_RE.search(text[: a.start()]):
        return None  # "The king and X and Y": someone else named by a noun
    return a.group(0), b.group(0)


_FORMER_LATTER_RE = re.compile(r"\b[Tt]he\s+(?:former|latter)\b")
_QUOTED_RE = re.compile(r"[\"“][^\"“”]*[\"”]")
# An agent noun in an apposition says the name is a person's ("a dancing master", "the inventor").
_AGENT_RE = re.compile(r"^(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[a-z]{3,}(?:er|or|ist|ian)\b")


def _any_verb_subject(sentence: str, d: Drafter) -> re.Match[str] | None:
    """A name opening ``sentence`` as the subject of any verb, when the name is a person's: one the text
    has told of, one it writes mid-sentence elsewhere, or one introduced with a role ("Hebenstreit, a
    dancing master, …"); and no one else after the verb ("… by Cristofori, an instrument maker", "…
    thought the man a messenger"), whom the next "he" may mean."""
    m = _ANY_VERB_SUBJECT_RE.match(sentence)
    if not m:
        return None
    last = m.group("name").rsplit(" ", 1)[-1]
    # a name with its lifespan ("William Harvey (1578-1657) was …") is a person's
    lifespan = re.match(r"\S[^(]*\(\s*(?:c\.\s*)?\d{3,4}\s*[-–]\s*\d{2,4}\s*\)", m.group(0))
    known = last in d.people or d.mid_sentence_count(last) >= 1 or bool(lifespan)
    if not known and not _AGENT_RE.match(m.group("aside") or ""):
        return None
    after = _PLACE_RE.sub("", _QUOTED_RE.sub("", sentence[m.end() :]))  # "a monk … of St. Armand in Flanders"
    if m.group(0).split()[-1] in {"was", "is"}:
        after = _ROLE_RE.sub("", after)  # "X was a physician …": the role is X's own, no one else
    if _CAPITALISED_RE.search(after) or _SOMEONE_RE.search(after) or _OTHER_PERSON_RE.search(after):
        return None
    if any(re.search(rf"\b{re.escape(p)}\b", sentence[m.end("name") :]) for p in d.people if p != last):
        return None  # "Luther … unlike Palestrina": another person the pronoun could mean
    return m


# "This instrument …", "Now these dances …": a demonstrative and a bare noun opening the sentence
# (not "This system of …", which says which one itself).
_THIS_RE = re.compile(
    r"^(?:(?:Now|Thus|So|And|But),?\s+)?(?P<det>[Tt]his|[Tt]hese)\s+(?P<noun>[a-z][a-z-]{2,})\b"
    r"(?!\s+(?:of|that|which|who|whom|whose|in\s+which)\b)(?![’'])"
)


def same_paragraph(text: str, before: str, sentence: str) -> bool:
    """``sentence`` follows ``before`` in ``text`` with no blank line between (a paragraph's next)."""
    tail = r"\s+".join(re.escape(w) for w in before.split()[-6:])
    head = r"\s+".join(re.escape(w) for w in sentence.split()[:6])
    return bool(re.search(rf"{tail}[\"”’)\]]*[ \t]*(?:\r?\n[ \t]*)?{head}", text))


class Referents:
    """Follows the person a passage is about, sentence by sentence (see the module docstring)."""

    def __init__(self, d: Drafter, *, story: bool = False, text: str = "") -> None:
        self.d = d
        self.text = text  # the section's text: where a paragraph ends
        self.previous = ""
        self.previous_resolved = ""  # the sentence before, its own pronoun named ("The sistrum was …")
        self.name = ""
        self.source = ""  # the sentence that names them
        self.adjacent = False  # the sentence before is the one that names them
        self.fresh = False  # the sentence before names them or is resolved to them
        self.source_here = True  # the naming sentence is in this section (a card may quote it)
        self.active = d.lang == "en" and not story
        self.before_chunk = False  # reading the end of the chunk before (:meth:`lead_in`)
        self.pending = ""  # a name a "He"/"His" opening the next sentence confirms as the man (_named_once)
        self.pending_source = ""
        self.chained = False  # "he" followed down a paragraph's chain past an opening phrase (_chain_holds)
        self.sex = ""  # "he" or "she" once a pronoun or the naming sentence says which the person is

    def lead_in(self, lead_in: str, text: str) -> None:
        """Reads the end of the chunk before (:attr:`Chunk.lead_in`, under the same heading) so that the
        chunk's first "He discovered …" names the man it ended on ("… I must again revert to Hucbald." |
        "Before his time, … He discovered that …"); no card quotes those sentences."""
        self.text, self.before_chunk = lead_in, True
        for written in split_sentences(lead_in):
            self.resolved(written)
        self.text, self.before_chunk = text, False
        self.source_here = False  # a card quotes its own sentence: the naming one is out of its chunk

    def next_section(self, text: str) -> None:
        """Goes on into the next section under the same heading ("[Illustration]" split the prose): the
        person is still followed, but their naming sentence is no longer one this section's cards quote."""
        self.text = text
        self.adjacent = self.fresh = False
        self.source_here = False

    def resolved(self, written: str) -> str:
        """``written`` with its leading "He"/"His" naming the person, else ``written``; remembers who."""
        if not self.active:
            return written
        before, self.previous_resolved = self.previous_resolved, ""
        self.previous_resolved = text = self._resolved(written, before)
        return text

    def _resolved(self, written: str, before: str) -> str:
        if _PLACEHOLDER_RE.match(written):
            return written  # "[Illustration]" between two sentences about him: he is still him
        previous, self.previous = self.previous, written
        former = self._former(written, previous)
        if former:
            return former
        thing = self._thing(written, previous) or self._it(written, previous, before)
        if thing:
            self.name, self.source, self.adjacent = "", "", False  # the passage moved on to a thing
            return thing
        pending, self.pending = self.pending, ""
        if (
            pending
            and _PRONOUN_RE["he"].match(written)
            and (not self.text or same_paragraph(self.text, previous, written))
        ):
            # "… was that of Rossini. He may be said to have built on …": the chain says he is a man
            self.name, self.source, self.chained = pending, self.pending_source, True
            self.sex = "he"
            self.adjacent = self.fresh = self.source_here = True
            self.d.people.add(pending.rsplit(" ", 1)[-1])
        for gender, pronoun_re in _PRONOUN_RE.items():
            m = pronoun_re.match(written)
            aside = ""
            if not m and self.name and (m := _ASIDE_PRONOUN_RE[gender].match(written)):
                aside = m.group("aside")
                if not names_no_one(aside, self.d, "") or _ANY_PRONOUN_RE.search(self.source):
                    m = None  # "As Franco of Cologne …, he …", or "X was his assistant. As …, he …": which?
                elif _EMPTY_ASIDE_RE.fullmatch(aside):
                    aside = ""  # "As we know from our studies, he was …" → "Hucbald was …"
                else:  # "However, in deciding …, he was …" → "In deciding …, Hucbald was …"
                    aside = _LEADING_CONNECTIVE_RE.sub("", aside)
                    aside = aside[:1].upper() + aside[1:]
            if not m and gender == "he" and self.name and (c := _CHAIN_ASIDE_RE.match(written)):
                if self._chain_holds(c.group("aside"), previous, written):
                    m, aside = c, c.group("aside")  # "In 1809, he branched out …" → "In 1809, Spontini …"
                    self.chained = True
                    # no key-term cloze of it as written ("After the Revolution, he wrote …" names no one)
                    self.d.used_sentences.add(normalize(written))
                else:  # "… met Hans Brindle. After a quarrel, he left …": which? and so every "he" after
                    self.name, self.source, self.chained = "", "", False
            elif m and self.name and self.chained and self._names_another_man(previous):
                # down a chain, "he" right after a sentence that names another man may be him: stop here
                self.name, self.source, self.chained = "", "", False
            if not (m and self.name):
                continue
            if not self._may_be(gender, written[m.end() :], previous):
                break  # "Anna Weiss was born … In 1770, he heard her sing": "he" is someone else
            self.sex = gender
            pronoun = (m.groupdict().get("p") or m.group("lp")).capitalize()
            name = f"{self.name}’s" if pronoun in {"His", "Her"} else self.name
            lead = aside or m.groupdict().get("lead") or ""
            text = f"{lead}{name} {written[m.end() :]}"
            quote = f"{self.source} {written}" if self.adjacent else f"{self.source}; {written}"
            if not self.source_here:
                quote = written  # the naming sentence is in a section before: the card cites its own
            self.adjacent, self.fresh = False, True
            if pronoun in {"His", "Her"} and _OTHER_PERSON_RE.match(written[m.end() :]):
                self.name, self.source = "", ""  # "His father was a barber. He opposed …": who is he now?
            self.d.originals[text] = quote
            self.d.originals.setdefault(standalone_form(without_pointer_aside(text)), quote)
            return text
        if (
            self.name
            and self.text
            and _GENDER_RE["he"].search(written)
            and self.sex != "she"
            and not _ANY_PRONOUN_RE.search(self.source)
            and (self.adjacent or same_paragraph(self.text, previous, written))
            and names_no_one(written, self.d, self.name)
            and not _person(written, self.d)
        ):
            # "We remember why he chose the fourth …": still about them, so a "He called …" after it is too
            self.adjacent = self.fresh = False
            return written
        if (
            self.name
            and self.fresh
            and self.text
            and same_paragraph(self.text, previous, written)
            and not _GENDER_RE["she"].search(self.source)
            and not _ANY_PRONOUN_RE.search(written)
            and self._names_no_one_else(written)
            and not _person(written, self.d)
        ):
            # "Hérold was born in 1791, … and his principal works were "Zampa" and … The first was produced
            # in 1831, the latter in 1832. He died in 1833.": one sentence between that names no one leaves
            # the paragraph's person the only one "he" can mean (a second such sentence does not)
            self.adjacent = self.fresh = False
            return written
        self.chained = False
        self.name = _person(written, self.d) or _only_person(written, self.d, before_chunk=self.before_chunk)
        if not self.name and not self.before_chunk:
            self.pending = _named_once(written, self.d)
            self.pending_source = written
        if self.name:
            self.d.people.add(self.name.rsplit(" ", 1)[-1])
        self.source = written if self.name else ""
        self.sex = self._sex_of(written) if self.name else ""
        self.source_here = True
        self.adjacent = self.fresh = bool(self.name)
        return written

    def _sex_of(self, source: str) -> str:
        """What the naming sentence says the person is: "she" by a pronoun, her title ("Madame Anna Weiss")
        or her kin ("…, the daughter of …"); "he" likewise; else ""."""
        if _GENDER_RE["she"].search(source) or any(
            self.name.rsplit(" ", 1)[-1] in t.group() for t in _WOMAN_TITLED_RE.finditer(source)
        ):
            return "she"
        for sex in ("she", "he"):
            if _KIN_OF_RE[sex].search(source):
                return sex
        return "he" if _GENDER_RE["he"].search(source) else ""

    def _may_be(self, gender: str, rest: str, previous: str) -> bool:
        """The person may be the "he" (or "she") that opens the sentence whose remainder is ``rest``: not
        when they are known as the other sex, nor (their sex unknown) when ``rest`` or the sentence before
        has a pronoun of the other sex that could be them ("In 1770, he heard her sing": her, or him?)."""
        other = "she" if gender == "he" else "he"
        if self.sex:
            return self.sex == gender
        return not (_GENDER_RE[other].search(rest) or _GENDER_RE[other].search(previous))

    def _chain_holds(self, aside: str, previous: str, written: str) -> bool:
        """``written`` goes on with the man the paragraph keeps as its subject after an opening phrase ("After
        the Restoration in France, he was named …"): same paragraph, a phrase that names no one else (his
        own "he" or "his" aside), a naming sentence with no "she", and no other man in the sentence before."""
        if not (self.adjacent or (self.text and same_paragraph(self.text, previous, written))):
            return False
        if _GENDER_RE["she"].search(self.source) or not names_no_one(
            _EVENT_RE.sub("", aside), self.d, self.name
        ):
            return False
        return not self._names_another_man(previous)

    def _names_another_man(self, previous: str) -> bool:
        """The sentence before names a man other than the one followed ("… by the King of Prussia", "…
        his father", "Salieri"), whom the next "he" could mean; a woman by her title, a place gone to, and,
        in a sentence about the man followed, an owner of a thing ("he followed Gluck's footsteps") do not."""
        text = _GONE_TO_RE.sub("", _WOMAN_TITLED_RE.sub("", _PEOPLES_ADJECTIVE_RE.sub("the ", previous)))
        text = _without_places(text)
        text = re.sub(r"[\"“][^\"“”]*$", "", text)  # a title whose closing quote the sentence split cut off
        if self.fresh:
            text = _OWNER_RE.sub("", text)
        return not names_no_one(text, self.d, self.name)

    def _former(self, written: str, previous: str) -> str:
        """``written`` with its leading "The former"/"The latter" named by the sentence before, when that
        sentence names exactly two people ("… are Don Carlo Gesualdo, Prince of Venosa, and Ludovico
        Viadana.") or opens with two things as its subject ("The _schofar_ and _keren_ were horns.");
        else ""."""
        m = _FORMER_START_RE.match(written)
        if not (m and previous) or noise(previous):
            return ""
        pair = _two_people(previous)
        person = bool(pair)
        if not pair and (t := _TWO_THINGS_RE.match(previous)):
            pair = (t.group("a").replace("_", ""), t.group("b").replace("_", ""))
        if not pair:
            return ""
        named = pair[0] if m.group("which") == "former" else pair[1]
        named = named[:1].upper() + named[1:]
        text = f"{named} {written[m.end() :]}"
        # both sentences; only its own when a paragraph ends between them (the card cites its paragraph)
        together = self.text and same_paragraph(self.text, previous, written)
        quote = f"{previous} {written}" if together else written
        self.d.originals[text] = quote
        self.d.originals.setdefault(standalone_form(without_pointer_aside(text)), quote)
        if person:  # "The former was born in 1550 … His name is important …": he is followed on
            self.name, self.source, self.adjacent, self.fresh = named, written, True, True
            self.chained, self.sex = False, ""
            self.source_here = True
            self.d.people.add(named.rsplit(" ", 1)[-1])
        else:
            self.name, self.source, self.adjacent, self.fresh = "", "", False, False
            self.d.named_things[written] = text
        return text

    def _names_no_one_else(self, written: str) -> bool:
        """``written`` names no one; its "the former"/"the latter" are things when the sentence that names
        the person names no one else ("… his principal works were "Zampa" and the "Pré aux clercs." The
        first was produced in 1831, the latter in 1832.")."""
        if written.split(" ", 1)[0].casefold() not in STOP_WORDS:
            return False  # "Mozart praised the work.": its opening word may be a name
        if _FORMER_LATTER_RE.search(written) and names_no_one(self.source, self.d, self.name):
            written = _FORMER_LATTER_RE.sub("", written)
        # its opening word lower-cased: "The minister praised …" names someone as "the minister" does
        return names_no_one(written[:1].lower() + written[1:], self.d, "")

    def _it(self, written: str, previous: str, before: str) -> str:
        """``written`` with its leading "It"/"Its" named by the subject of the sentence before, else ""."""
        m = IT_RE.match(written)
        if not (m and before and self.text and same_paragraph(self.text, previous, written)):
            return ""
        if DUMMY_IT_RE.match(written) and not RAISED_IT_RE.match(written):
            return ""  # "It is said that …", "It was in 1896 that …": no thing
        if SECOND_DEFINITION_RE.match(written):
            return ""  # "Melody is an … expression of the senses. It is the natural outlet …": "What is
            # melody?" would have two answers
        subject = thing_subject(before, self.d)
        if not subject:
            return ""
        named = f"{subject}’s" if m.group("p") == "Its" else subject
        return self._named(written, f"{named} {written[m.end() :]}", previous)

    def _named(self, written: str, text: str, previous: str) -> str:
        """Remembers ``text`` as ``written`` read with what the sentence before names."""
        quote = f"{previous} {written}"
        self.d.originals[text] = quote
        self.d.originals.setdefault(standalone_form(without_pointer_aside(text)), quote)
        self.d.named_things[written] = text
        return text

    def _thing(self, written: str, previous: str) -> str:
        """``written`` with its leading "This <noun>" named by the sentence before, else ""."""
        m = _THIS_RE.match(written)
        if not (m and previous and self.text and same_paragraph(self.text, previous, written)):
            return ""
        named = named_thing(m.group("det"), m.group("noun"), previous, self.d.lang)
        if not named:
            return ""
        return self._named(written, f"{named}{written[m.end() :]}", previous)
