"""Who a sentence names: the patterns and tests :mod:`.referents` reads a "he" chain with.

A person's name (:data:`NAME`, particles and initials included), the one person a sentence names as
its subject, two people a sentence pairs ("the former", "the latter"), names written once, places,
peoples and events that are no one, and the pronouns, titles and kin words that tell a person's sex.
Kept apart from :class:`.referents.Referents`, which walks the sentences and rewrites them.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.text import STOP_WORDS

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
    # a second comma may follow a date or place: "After two visits to England, in 1792 and 1794, Haydn …"
    r"^(?P<lead>(?:As|After|On|In|At|During|When|Later|Then|Until|Till|Before|Since|By)\b[^,;:\"“()]{2,50},\s+"
    r"(?:(?:in|at|on|about)\s+[^,;:\"“()]{2,30},\s+)?)"
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
PRONOUN_RE = {
    "he": re.compile(rf"^(?:(?P<p>He|His)|{_YEAR_LEAD}(?P<lp>he|his))\s+(?=[a-z\"“])"),
    "she": re.compile(rf"^(?:(?P<p>She|Her)|{_YEAR_LEAD}(?P<lp>she|her))\s+(?=[a-z\"“])"),
}
# "His father …", "Her teacher …": a second person, whom the next "he" or "she" may mean.
OTHER_PERSON_RE = re.compile(
    r"(?:\w+\s+)?\b(?:father|mother|son|daughter|brother|sister|wife|husband|uncle|aunt|nephew|niece|cousin|"
    r"grandfather|grandmother|parents?|teacher|master|pupil|friend|patron|rival|successor|predecessor)s?\b"
)
GENDER_RE = {"he": re.compile(r"\b(?:he|his|him)\b", re.I), "she": re.compile(r"\b(?:she|her|hers)\b", re.I)}
# "As we know from our studies in notation, he was …", "However, in deciding which sounds …, he was …": an
# opening aside or adverbial before the pronoun (checked to name no one else, see _aside_is_clear).
ASIDE_PRONOUN_RE = {
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
CHAIN_ASIDE_RE = re.compile(
    r"^(?P<aside>(?:After|Before|In|At|On|During|Upon|From|Until|Till|Born|Later|Finally|Soon|Shortly|While|"
    r"Although|Though|When|Having|Once)\b[^;:\"“”()\[\]]{0,100}?,\s+)(?P<lp>he)\s+(?=[a-z])"
    # the same phrase of time or place written without its comma: "At twenty-one he had already written …",
    # "The next year he went to Paris", "There he wrote …", "During his stay in Italy he wrote …"; a few
    # lower-case words (a year, "his", a place after "in"/"at"/"to") and no name that could be another "he"
    r"|^(?P<bare>(?:(?:At|In|On|During|After|Before|Until|From|Soon|Shortly|Later|Much\s+later|There|"
    r"Thereafter|Afterwards|Eventually|Finally|The\s+(?:next|following|same)|A\s+(?:year|few\s+years)\s+later)"
    r"(?:\s+[a-z][\w’'-]*|\s+1\d{3}|\s+(?:in|at|to)\s+[A-Z][a-z]+){0,5}?)\s+)(?P<blp>he)\s+(?=[a-z])"
)
# What in the sentence before names no man the next "he" could mean: a woman by her title ("the Empress
# Josephine"), a place one goes to ("went to Paris"), and a man only as the owner of a thing ("Gluck's
# footsteps"; see _names_another_man).
WOMAN_TITLED_RE = re.compile(
    r"\b(?:Empress|Queen|Princess|Duchess|Countess|Madame|Mme\.|Mrs\.|Miss|Lady|Mademoiselle|Mlle\.)"
    r"(?:\s+[A-Z][\w’'-]*)+"
)
# "…, the daughter of a schoolmaster", "was the son of …": the naming sentence's word for the person says
# their sex (so a later "he" is not "Anna Weiss" though no pronoun names her).
KIN_OF_RE = {
    sex: re.compile(
        r"(?:,|\bwas)\s+(?:the\s+|an?\s+)?(?:(?:eldest|youngest|only|second|third|elder|younger)\s+)?"
        rf"(?:{words})\s+of\b"
    )
    for sex, words in (
        ("she", "daughter|wife|widow|sister|niece"),
        ("he", "son|husband|widower|brother|nephew"),
    )
}
GONE_TO_RE = re.compile(
    r"\b(?:went|came|moved|returned|travelled|traveled|removed|emigrated|fled)\s+(?:back\s+)?to\s+"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
)
# "a French text", "the Italian style": a people's adjective before a noun, no one.
PEOPLES_ADJECTIVE_RE = re.compile(
    # also after an adjective or two: "the flimsy Italian style"
    r"\b(?:a|an|the)\s+(?:[a-z]+\s+){0,2}?[A-Z][a-z]+(?:an|ish|ch|ese|ic|ek)\s+(?=[a-z])"
)
# "while still a boy", "as a young man": what the man followed was then, no one else.
OWN_AGE_RE = re.compile(
    r"\b(?:as|still|when|while|yet|even)\s+(?:still\s+)?an?\s+(?:(?:very|mere|young|little|small)\s+)?"
    r"(?:boy|child|youth|young\s+man|man|lad)\b"
)
# A woman named by her kin or her kind ("his wife", "her mother"), and "they" (a group is not "he"): no one a
# later "he" could mean (a "she" still counts: it may be the person followed).
_WOMAN_OR_GROUP_RE = re.compile(
    r"\b(?:(?:his|the|an?|their)\s+(?:\w+\s+)?)?(?:wife|widow|mother|sister|daughter|aunt|niece|grandmother|"
    r"woman|girl|lady)s?\b|\b(?:they|them|their)\b"
    # people in the plural ("carried out by his friends", "the titled people"): a group, no "he"
    r"|\b(?:(?:his|the|their)\s+(?:[a-z-]+\s+)?)(?:friends|parents|pupils|sons|brothers|teachers|masters|"
    r"people|rivals|patrons|contemporaries|followers|disciples|admirers)\b",
    re.I,
)


def without_women(text: str) -> str:
    """``text`` without the women and groups it names ("he went there with his wife, and … they earned …"),
    whom no "he" can mean; a "she" and a woman by her name stay (the name may not say she is one)."""
    return _WOMAN_OR_GROUP_RE.sub("", WOMAN_TITLED_RE.sub("", OWN_AGE_RE.sub("", text)))


# "After the Restoration", "during the Reformation": an event named by an abstract noun, no one.
EVENT_RE = re.compile(r"\bthe\s+[A-Z][a-z]+(?:tion|sion|ment|ance|ence|ity|ism)\b")
OWNER_RE = re.compile(r"\b[A-Z][\w-]*(?:’s|'s)\s+(?=[a-z])")
# An aside that only points at what the reader knows ("As we know from …", "As I have said", "As
# already explained"), or a connective alone ("However, "): dropped with the pronoun it leads.
EMPTY_ASIDE_RE = re.compile(
    r"^(?:As\s+(?:(?:we|I)\s+(?:\w+\s+){0,2}?(?:know|knew|saw|seen|said|explained|remember|learned|learnt|"
    r"mentioned|noted|shown)|(?:already\s+)?(?:explained|said|mentioned|noted|shown|seen))\b[^,]*"
    r"|However|Moreover|Furthermore|Indeed|Nevertheless|Besides|Still|Thus|Again|Now|Accordingly|Consequently|"
    r"Therefore),\s+"
)
LEADING_CONNECTIVE_RE = re.compile(
    r"^(?:However|Moreover|Furthermore|Indeed|Nevertheless|Besides|Still|Thus|Again|Now|Accordingly|"
    r"Consequently|Therefore),\s+"
)
# "a monk of the monastery of St. Armand in Flanders": capitalised words that name a place, not a person.
_PLACE_RE = re.compile(
    # "all over Europe", "throughout Italy" (not "throughout Bach's life": a man's)
    r"\b(?:all\s+over|throughout|across)\s+(?:the\s+)?[A-Z][\w.-]*(?![\w.-]*[’']s\b)(?:\s+[A-Z][\w.’'-]*)*"
    r"|\b(?:in|at|near|(?:monastery|abbey|church|cathedral|city|town|court|university|convent|school|"
    r"kingdom|province|island|county|duchy)\s+of)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*"
    # "St. Bartholomew's Hospital", "the Royal Society": an institution named by its kind
    r"|\b[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*\s+(?:Hospital|College|Academy|Society|Chapel|Church|Cathedral|"
    r"Abbey|Theatre|Conservatoire|Conservatory|University|School)\b"
)
# Another person or people a pronoun could mean (or a "she"/"they" that says the passage speaks of others).
# A figure's placeholder left in the text ("[Illustration]", "[Figure 07]").
PLACEHOLDER_RE = re.compile(r"^\[[^\]]{1,40}\]$")
# A pronoun in the sentence that names the person may be someone else ("Kepler was his assistant").
ANY_PRONOUN_RE = re.compile(r"\b(?:he|his|him|she|her|hers)\b", re.I)
_OTHERS_RE = re.compile(r"\b(?:she|her|hers|they|them)\b", re.I)


def only_person(sentence: str, d: Drafter, *, before_chunk: bool = False) -> str:
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
    rf"(?<!\bfamily )(?<!\bpalace )(?:\b(?:of|upon|by)|^Of)\s+(?P<name>{NAME})"
)


def without_places(text: str) -> str:
    """``text`` without the places it names ("in France, and indeed in all Europe")."""
    return re.sub(r"\bin\s+all\s+[A-Z][\w’'-]*", "", _PLACE_RE.sub("", text))


def named_once(sentence: str, d: Drafter) -> str:
    """The one name ``sentence`` writes, as the object of a preposition ("The next powerful influence in
    France, and indeed in all Europe, was that of Rossini."), when it names no one else, has no pronoun of
    a person, and the name is a rare word the text writes mid-sentence elsewhere: the man a "He"/"His"
    opening the next sentence means (a person the text has not yet told of; see Referents.pending)."""
    if noise(sentence) or ANY_PRONOUN_RE.search(_QUOTED_RE.sub("", sentence)):
        return ""
    text = without_places(_QUOTED_RE.sub("", sentence))
    text = re.sub(r"\bI\b", "", text)
    text = TITLE_BECOME_RE.sub(r"\g<verb>", text)  # "when Gregory became Pope": his title, no one else
    # "Of Mozart we probably all know something.": the name after an opening "Of" is no sentence's first word
    names = [m.group(0) for m in re.finditer(rf"(?:(?<=[\w,;] )|(?<=^Of ))(?:{NAME})", text)]
    m = _PREPOSITION_NAME_RE.search(text) or _CLAUSE_SUBJECT_RE.search(text)
    if len(names) != 1 or not m or m.group("name") != names[0]:
        return ""
    last = names[0].rsplit(" ", 1)[-1]
    # a name as common as a word ("Gregory") is a person's when the text gives it a lifespan
    common = zipf(last, d.lang) >= 3.5 and not _lifespan_re(last).search(d.all_text)
    if common or d.mid_sentence_count(last) < 2 or not names_no_one(text, d, names[0]):
        return ""
    return names[0]


# "… when Gregory became Pope in 590 A.D.": the name as the subject of a clause that ends the sentence.
_CLAUSE_SUBJECT_RE = re.compile(
    rf"\b(?:when|after|before|until|since)\s+(?P<name>{NAME})\s+(?:became|was|died|came|returned|went|succeeded)\b"
)
# "became Pope", "was made Bishop of Antioch": a title the subject takes, no second person.
TITLE_BECOME_RE = re.compile(
    r"\b(?P<verb>became|was\s+made|was\s+crowned|was\s+elected)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+of\s+[A-Z][a-z]+)?\b"
)


def _lifespan_re(last: str) -> re.Pattern[str]:
    """``last`` with its years in brackets: "Gregory (540-604 A.D.)", "Haydn (1732–1809)"."""
    return re.compile(rf"\b{re.escape(last)}\s*\(\s*(?:c\.\s*|b\.\s*)?\d{{2,4}}\s*[-–]\s*\d{{2,4}}")


def names_no_one(text: str, d: Drafter, name: str) -> bool:
    """``text`` names no person but ``name`` (places aside): no other name, no one named by a noun
    ("the singers", "his father"), no "she" or "they" — so "he" in or after it is still ``name``."""
    text = _PLACE_RE.sub("", _QUOTED_RE.sub("", text))
    if name:
        own = re.escape(name.rsplit(" ", 1)[-1])
        text = re.sub(rf"\b(?:{re.escape(name)}|{own})(?:’s|'s)?\b", "", text)
    text = re.sub(r"\bI\b", "", text)  # the author's "I" is not a person the pronoun can mean
    text = re.sub(r"\b(?:A\.D|B\.C)\.?", "", text)  # "in 590 A.D.": an era, no one
    if _CAPITALISED_RE.search(text) or _OTHERS_RE.search(text):
        return False
    return not (_SOMEONE_RE.search(text) or OTHER_PERSON_RE.search(text))


def sentence_person(sentence: str, d: Drafter) -> str:
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
# Everyday nouns that end like an agent noun and name no one ("a number of …", "the order of …").
_NOT_AGENTS = (
    r"(?:other(?=\s+[a-z]{3,})|number|order|manner|matter|water|paper|power|letter|chapter|character|center|centre|winter|"
    r"summer|river|floor|door|colou?r|error|factor|mirror|hono(?:u)?r|labou?r|favou?r|humou?r|terror|horror|"
    r"behaviou?r|interior|exterior|major|minor|corner|border|silver|copper|flower|tower|hour|chamber|theatre|"
    r"theater|meter|metre|register|temper|fervou?r|vigou?r|splendou?r|rigou?r)"
)
_SOMEONE_RE = re.compile(
    rf"\b(?:the|a|an|this|that|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?(?:man|woman|boy|girl|child|"
    rf"person|stranger|king|queen|prince|princess|(?!{_NOT_AGENTS}\b)[a-z]{{3,}}(?:er|or|ist|ian))\b"
)
# The role a copula gives the subject: "(was) a physician", "(is) the chief organist".
_ROLE_RE = re.compile(r"^\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[a-z]{3,}(?:er|or|ist|ian)\b")
# "The former was a nephew of …", "The latter was sung": the pointer opening the sentence, a verb after it.
FORMER_START_RE = re.compile(r"^The\s+(?P<which>former|latter)\s+(?=[a-z])")
# "The _schofar_ and _keren_ were horns.": two things, each a word or three, the subject of the sentence.
_PAIR_PART = r"(?:[Tt]he\s+)?(?:_[^_\s][^_]{0,28}_|[a-z][\w-]{2,}(?:\s+[a-z][\w-]{2,}){0,2})"
TWO_THINGS_RE = re.compile(
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


def two_people(sentence: str) -> tuple[str, str] | None:
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
    if _SOMEONE_RE.search(text[: a.start()].lower()) or OTHER_PERSON_RE.search(text[: a.start()]):
        return None  # "The king and X and Y": someone else named by a noun
    return a.group(0), b.group(0)


FORMER_LATTER_RE = re.compile(r"\b[Tt]he\s+(?:former|latter)\b")
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
    if _CAPITALISED_RE.search(after) or _SOMEONE_RE.search(after) or OTHER_PERSON_RE.search(after):
        return None
    if any(re.search(rf"\b{re.escape(p)}\b", sentence[m.end("name") :]) for p in d.people if p != last):
        return None  # "Luther … unlike Palestrina": another person the pronoun could mean
    return m


# "This instrument …", "Now these dances …": a demonstrative and a bare noun opening the sentence
# (not "This system of …", which says which one itself).
THIS_RE = re.compile(
    r"^(?:(?:Now|Thus|So|And|But),?\s+)?(?P<det>[Tt]his|[Tt]hese)\s+(?P<noun>[a-z][a-z-]{2,})\b"
    r"(?!\s+(?:of|that|which|who|whom|whose|in\s+which)\b)(?![’'])"
)


def same_paragraph(text: str, before: str, sentence: str) -> bool:
    """``sentence`` follows ``before`` in ``text`` with no blank line between (a paragraph's next)."""
    tail = r"\s+".join(re.escape(w) for w in before.split()[-6:])
    head = r"\s+".join(re.escape(w) for w in sentence.split()[:6])
    return bool(re.search(rf"{tail}[\"”’)\]]*[ \t]*(?:\r?\n[ \t]*)?{head}", text))
