"""Who a story's characters are, as its sentences say it plainly: their name, their age, their family.

A teacher's reading quiz asks what the story states about its people when it brings them in:

* the name given to someone the text first describes: "L’aîné est un petit garçon de dix ans. Il
  s’appelle Louis." → "Dans le chapitre « Une visite », comment s’appelle l’aîné, un petit garçon
  de dix ans ?" / "Louis" ("The eldest was a tall boy. His name was Hans." in English; "The
  youngest was called Tom Thumb." in one sentence);
* an age the story gives a named character, in the same sentence or right after the name is given:
  "Ninette … n’avait que huit ans." → "Quel âge a Ninette ?" / "Huit ans" (a number word or
  figure before "ans"/"years old"; an age said in an apposition is the "who is" card's);
* a family name a character gives: "— Je m’appelle Jean-Guillaume La Harpe." → "Quel est le nom
  de famille de Jean ?" / "La Harpe" (the given name one the chunk uses; "My name is …");
* a family tie: "Ninette était la fille du jardinier" → "Qui est Ninette ?" / "La fille du
  jardinier" (a kinship noun, "fille", "daughter", the relative clause after it left out),
  "Dinah was the cat." (a name and "the" with one noun, the whole sentence), and "Ils sont frère
  et sœur" → "Quel lien de parenté y a-t-il entre Louis et Henriette ?" / "Ils sont frère et sœur"
  ("Ils"/"They" stands for the two names of the two sentences before, and only when there are
  exactly two).

A name is capitalised and written mid-sentence somewhere in the chunk ("… dit Louis"), or
capitalised three times and never in lower case, so that a sentence's first word is none. The
question names the book and the chapter (:mod:`.story_frame`). Only stories
(:func:`cards.offline.keyterms.narrative`) get these cards.
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.story_frame import framed, story_sentences
from cards.schema import CardKind
from cards.text import normalize, word_count
from documents.model import Section

_NAME = r"[A-Z][a-zà-ÿ]{2,}(?:[ -][A-Z][a-zà-ÿ]{2,})?"

# "L’aîné est un petit garçon de dix ans." / "The eldest was a tall boy of twelve."
_DESCRIBED_RE = {
    "fr": re.compile(
        r"^(?P<subj>(?:L[’']|Le |La )[a-zà-ÿ’' -]{2,40}?) (?:"
        r"est|était) (?P<desc>(?:un|une) [^.;:!?«»]{3,60})\.$"
    ),
    "en": re.compile(r"^(?P<subj>The [a-z' -]{2,40}?) (?:is|was) (?P<desc>(?:a|an) [^.;:!?\"“”]{3,60})\.$"),
}
# "Il s’appelle Louis." / "His name was Hans."
_NAMED_NEXT_RE = {
    "fr": re.compile(rf"^(?:Il|Elle) s[’']appel(?:le|ait) (?P<name>{_NAME})\.$"),
    "en": re.compile(
        rf"^(?:His|Her) name (?:is|was) (?P<name>{_NAME})\.$|"
        rf"^(?:He|She) (?:is|was) called (?P<name2>{_NAME})\.$"
    ),
}
# "Le cadet, qui était tout petit, s’appelait le Petit Poucet." / "The youngest was called Tom Thumb."
_NAMED_RE = {
    "fr": re.compile(
        rf"^(?P<subj>(?:L[’']|Le |La )[a-zà-ÿ’' -]{{2,40}}?)(?P<rel>, qui [^,.;]{{3,40}},)? "
        rf"s[’']appel(?:le|ait) (?P<name>(?:le |la )?{_NAME})\.$"
    ),
    "en": re.compile(
        rf"^(?P<subj>The [a-z' -]{{2,40}}?)(?P<rel>, who [^,.;]"
        rf"{{3,40}},)? (?:is|was) (?:called|named) (?P<name>{_NAME})\.$"
    ),
}
_NAMING_QUESTION = {"fr": "Comment s’appelle {subj} ?", "en": "What is the name of {subj}?"}

_NUMBERS = {
    "fr": "un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douz"
    "e|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf|vingt",
    "en": "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|th"
    "irteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty",
}
_AGE_RE = {
    "fr": re.compile(
        rf"\b(?:(?:il|elle) )?(?:a|avait|n[’']a que|n[’']avait que) (?P<age>\d{{1,2}}|{_NUMBERS['fr']}) ans\b"
    ),
    "en": re.compile(rf"\b(?:is|was) (?:only |just )?(?P<age>\d{{1,2}}|{_NUMBERS['en']}) years old\b"),
}
# "un petit garçon de dix ans" (the description of :data:`_DESCRIBED_RE`)
_DESC_AGE_RE = {
    "fr": re.compile(rf"\bde (?P<age>\d{{1,2}}|{_NUMBERS['fr']}) ans\b"),
    "en": re.compile(rf"\bof (?P<age>\d{{1,2}}|{_NUMBERS['en']})(?: years)?\b"),
}
_AGE_QUESTION = {"fr": "Quel âge a {name} ?", "en": "How old is {name}?"}
_AGE_ANSWER = {"fr": "{age} ans", "en": "{age} years old"}

_KIN_FR = (
    r"fille|fils|frère|sœur|père|mère|cousin|cousine|oncle|tante|femme|mari|grand-père|grand[’']mère|"
    r"grand-mère|neveu|nièce|petite-fille|petit-fils|belle-mère|marraine|parrain"
)
_KIN_EN = (
    r"daughter|son|brother|sister|father|mother|cousin|uncle|aunt|wife|husband|grandfather|"
    r"grandmother|nephew|niece|stepmother|stepfather|stepsister|stepdaughter|godmother|godfather"
)
# "Ninette était la fille du jardinier qui …" / "Gretel was the sister of Hansel" / "Dinah was the cat."
_KIN_RE = {
    "fr": re.compile(
        rf"(?:^|(?<=, car )|(?<=\bcar )|(?<=\bet )|(?<=\bmais ))(?P<name>{_NAME}) (?:est|était) "
        rf"(?P<desc>(?:la|le|l[’']) ?(?:{_KIN_FR}) (?:de|du|des|d"
        rf"[’']) ?[^,.;:!?«»]{{2,40}}?)(?= qui\b| que\b|[,.;:!?]|$)"
    ),
    "en": re.compile(
        rf"(?:^|(?<=\()|(?<=\band )|(?<=, for )|(?<=\bbut ))(?P<name>(?:[Tt]he )?{_NAME}) (?:is|was) "
        rf"(?P<desc>(?:the|a|an) (?:{_KIN_EN}) of [^,.;:!?\"“”]"
        rf"{{2,40}}?|{_NAME}[’']s (?:{_KIN_EN})|the [a-z]{{3,}})"
        rf"(?= who\b| that\b|[,.;:!?)]|$)"
    ),
}
_WHO_QUESTION = {"fr": "Qui est {name} ?", "en": "Who is {name}?"}
# "Ils sont frère et sœur" / "Louis et Henriette sont cousins" / "They were brother and sister"
_TIE_RE = {
    "fr": re.compile(
        rf"(?:^|(?<=\. )|(?<=, ))(?:(?P<a>{_NAME}) et (?P<b>{_NAME})|Ils|Elles) sont "
        r"(?P<tie>frère et sœur|frères|sœurs|jumeaux|jumelles|cousins|cousines|cousin et cousine)\b"
    ),
    "en": re.compile(
        rf"(?:^|(?<=\. )|(?<=, ))(?:(?P<a>{_NAME}) and (?P<b>{_NAME})|They) (?:are|were) "
        r"(?P<tie>brother and sister|brothers|sisters|twins|cousins)\b"
    ),
}
_TIE_QUESTION = {
    "fr": "Quel lien de parenté y a-t-il entre {a} et {b} ?",
    "en": "How are {a} and {b} related?",
}
_TIE_ANSWER = {"fr": "Ils sont {tie}", "en": "They are {tie}"}
_TIE_ANSWER_F = {"fr": "Elles sont {tie}", "en": "They are {tie}"}


# "— Je m’appelle Jean-Guillaume La Harpe." / "My name is Tom Canty.": a given name the chunk uses and
# a family name after it (a particle, "La", "de", "van", may lead it)
_FULL_NAME_RE = {
    "fr": re.compile(
        r"(?:^|[«—–\s])(?:Je m[’']appelle|Je me nomme) (?P<given>[A-Z][a-zà-ÿ]{2,})(?:-[A-Z][a-zà-ÿ]{2,})? "
        r"(?P<family>(?:(?:La|Le|de|du|van|von) )?[A-Z][a-zà-ÿ]{2,})[.,!]"
    ),
    "en": re.compile(
        r"(?:^|[\"“\s])(?:My name is|I am called|I'm called) (?P<given>[A-Z][a-z]{2,}) "
        r"(?P<family>(?:(?:de|van|von|Mac|O') ?)?[A-Z][a-z]{2,})[.,!]"
    ),
}
_FAMILY_QUESTION = {"fr": "Quel est le nom de famille de {given} ?", "en": "What is {given}'s surname?"}


def identities(d: Drafter, story: bool) -> None:
    """The name, age and family cards of a story's chunk (see the module docstring)."""
    if not story or d.lang not in _KIN_RE or CardKind.BASIC not in d.kinds:
        return
    for section, text in d.prepared:
        sentences = story_sentences(text)
        for i, sentence in enumerate(sentences):
            before = sentences[max(0, i - 2) : i]
            _named(d, section, sentence, before[-1] if before else "")
            _age(d, section, sentence)
            _kin(d, section, sentence)
            _tie(d, section, sentence, before)
            _family_name(d, section, sentence)


def _is_name(d: Drafter, name: str) -> bool:
    """A character's name: written capitalised mid-sentence somewhere in the chunk ("dit Louis"), or
    capitalised three times and never in lower case ("Dinah'll miss me", "(Dinah was the cat.)")."""
    bare = re.sub(r"^(?:le|la) ", "", name)
    if d.mid_sentence_count(bare):
        return True
    written = len(re.findall(rf"(?<![\w’'-]){re.escape(bare)}(?![\w-])", d.all_text))
    return written >= 3 and not re.search(rf"(?<![\w’'-]){re.escape(bare.casefold())}(?![\w-])", d.all_text)


def _card(d: Drafter, section: Section, question: str, answer: str, source: str) -> None:
    if normalize(source) in d.candidate_sources:
        return  # one card a sentence: another extractor asked it already
    d.add(section, CardKind.BASIC, framed(d, section, question), answer[:1].upper() + answer[1:], source, 1)


def _named(d: Drafter, section: Section, sentence: str, previous: str) -> None:
    """ "comment s’appelle l’aîné, un petit garçon de dix ans ?" / "Louis"."""
    named = _NAMED_NEXT_RE[d.lang].match(sentence)
    described = _DESCRIBED_RE[d.lang].match(previous) if previous else None
    if named and described:
        name = named.group("name") or named.groupdict().get("name2") or ""
        if not _is_name(d, name) or not 2 <= word_count(described.group("desc")) <= 10:
            return
        subj = described.group("subj")
        subj = f"{subj[:1].lower()}{subj[1:]}, {described.group('desc')}"
        _card(d, section, _NAMING_QUESTION[d.lang].format(subj=subj), name, f"{previous} {sentence}")
        age = _DESC_AGE_RE[d.lang].search(described.group("desc"))
        if age:  # "un petit garçon de dix ans" is now Louis: "Quel âge a Louis ?"
            answer = _AGE_ANSWER[d.lang].format(age=age.group("age"))
            d.add(section, CardKind.BASIC, framed(d, section, _AGE_QUESTION[d.lang].format(name=name)),
                  answer[:1].upper() + answer[1:], f"{previous} {sentence}", 1)  # fmt: skip
        return
    one = _NAMED_RE[d.lang].match(sentence)
    if one and _is_name(d, one.group("name")):
        subj = one.group("subj")
        subj = subj[:1].lower() + subj[1:] + (one.group("rel") or "").rstrip(",")
        question = _NAMING_QUESTION[d.lang].format(subj=subj)
        if "appelait" in sentence:  # in the story's tense: "Comment s’appelait le cadet, qui était …"
            question = question.replace("s’appelle", "s’appelait")
        _card(d, section, question, one.group("name"), sentence)


def _age(d: Drafter, section: Section, sentence: str) -> None:
    """ "Ninette aidait aussi beaucoup et pourtant elle n’avait que huit ans." → "Quel âge a Ninette ?"."""
    lead = re.match(rf"(?P<name>{_NAME})\b", sentence)
    age = _AGE_RE[d.lang].search(sentence)
    if not lead or not age or not _is_name(d, lead.group("name")):
        return
    between = sentence[lead.end() : age.start()]
    if re.search(rf"\b{_NAME}\b|[«»“”\"]", between):
        return  # another person named between, or a line spoken: the age may be someone else's
    answer = _AGE_ANSWER[d.lang].format(age=age.group("age"))
    _card(d, section, _AGE_QUESTION[d.lang].format(name=lead.group("name")), answer, sentence)


def _kin(d: Drafter, section: Section, sentence: str) -> None:
    """ "Ninette était la fille du jardinier qui …" → "Qui est Ninette ?" / "La fille du jardinier"."""
    found = _KIN_RE[d.lang].search(sentence)
    name = re.sub(r"^The ", "the ", found.group("name")) if found else ""  # "The Queen was …"
    if not found or not _is_name(d, re.sub(r"^the ", "", name)):
        return
    desc = found.group("desc").strip()
    if (
        desc.startswith("the ")
        and word_count(desc) == 2
        and not re.fullmatch(rf"\(?{re.escape(found.group(0))}\.\)?", sentence)
    ):
        return  # "Dinah was the cat." says who Dinah is; "Alice was the first to …" does not
    _card(d, section, _WHO_QUESTION[d.lang].format(name=name), desc, sentence)


def _tie(d: Drafter, section: Section, sentence: str, before: list[str]) -> None:
    """ "Ils sont frère et sœur" after two named children → "Quel lien de parenté … ?"."""
    found = _TIE_RE[d.lang].search(sentence)
    if not found:
        return
    a, b = found.group("a"), found.group("b")
    source = sentence
    if a is None:
        names = list(dict.fromkeys(n for s in before for n in re.findall(_NAME, s) if _is_name(d, n)))
        if len(names) != 2:
            return  # "Ils" stands for the two people just named, or nobody we can tell
        a, b = names
        source = " ".join([*before, sentence])
        if len(source) > 300:
            source = sentence
    if not (_is_name(d, a) and _is_name(d, b)):
        return
    feminine = sentence[found.start() :].startswith("Elles")
    answer = (_TIE_ANSWER_F if feminine else _TIE_ANSWER)[d.lang].format(tie=found.group("tie"))
    _card(d, section, _TIE_QUESTION[d.lang].format(a=a, b=b), answer, source)


def _family_name(d: Drafter, section: Section, sentence: str) -> None:
    """ "— Je m’appelle Jean-Guillaume La Harpe." → "Quel est le nom de famille de Jean ?" / "La Harpe"."""
    found = _FULL_NAME_RE[d.lang].search(sentence)
    if not found or not _is_name(d, given := found.group("given")):
        return
    if d.mid_sentence_count(found.group("family").split()[-1]) > 2:
        return  # a family name the story uses as a name of its own is no surname to learn
    _card(d, section, _FAMILY_QUESTION[d.lang].format(given=given), found.group("family"), sentence)
