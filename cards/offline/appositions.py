"""Who someone was, said in passing: "Quantz, the celebrated court flute player to Frederick the Great, …".

A history, a biography or an encyclopedia introduces a person (or a place, a god) by an
apposition, a name followed by a noun phrase set off by commas: "Aristoxenus, a pupil of
Aristotle, rejected the monochord" → "Who was Aristoxenus?" / "A pupil of Aristotle". The
description is what a student learns about the name; the rest of the sentence may say
something else entirely.

An apposition is told apart from the look-alikes by its shape alone:

* the name is a name: capitalised words (with particles, "Walther von der Vogelweide",
  "Margaret of Lorraine"), not led by a stop word ("In Germany, …"), not an adverb
  ("Musically, the ballet …"), not after an article ("in the Hypophrygian, the semitones
  occur …") nor after "in"/"at" (a place fronted before a clause: "in Italy, a sonata …");
* the description is a noun phrase: led by "the"/"a"/"an", closed by a comma, a bracket or
  the sentence end, without a finite verb ("the troubadours became …", "the difference is
  …"), cut before a relative clause ("a poetess who added …"), with at least two content
  words ("the composer" says nothing a student would learn) and a singular head ("the odes
  of Sappho and Pindar" is the next item of a list);
* nothing in it points elsewhere ("the same great truths", "the latter", "the next
  representative of opera in France", "these rules").

"Who" asks about a person (the description's head is a role, "philosopher", "goddess",
"son", or a name, "the Chinese Orpheus"); anything else is "What" ("What was Mien?" / "A
city of 30,000 inhabitants"). The tense follows the sentence: a history's "was", an
encyclopedia's "is".
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, normalize, word_count, words
from documents.model import Section

_PARTICLE = r"von|van|de|der|den|des|di|da|du|le|la|del|of"
_NAME = (
    r"(?:(?:St|Mr|Mrs|Dr|M)\.\s+)?"  # "St. Swithin", "M. Huc"
    rf"[A-Z][\w’'.\-]*[a-zà-ÿ][\w’'\-]*"
    rf"(?:\s+(?:[A-Z][\w’'.\-]+|(?:{_PARTICLE})(?=\s+(?:[A-Z]|(?:{_PARTICLE})\s)))){{0,4}}"
)
_APPOSITION_RE = re.compile(
    rf"(?<![\w’'.\-])(?P<name>{_NAME})(?:\s+\((?P<note>[^()]{{1,40}})\))?,\s+"
    # a comma inside a number ("a city of 30,000 inhabitants") does not end the description
    r"(?P<desc>(?:the|a|an)\s+(?:[^,;:()\[\]—–\"“”]|,(?=\d{3})){3,90}?)"
    r"(?P<end>\s+\((?P<after>[^()]{1,40})\)|,(?!\d)|;|\.?$)"
)
# A sentence opening with a quotation mark or a dash: a character's line.
_SPEECH_RE = re.compile(r"^\s*(?:[\"“”«‘'’—–]|--)")
# A name after "Name, ": the second part of a place ("Stavanger, Norway") or of a list of names.
_SECOND_PLACE_RE = re.compile(r"\b[A-Z][\w’'\-]*,\s+$")
# A relative clause or a participle phrase ends the noun phrase: "a poetess who added …".
_RELATIVE_RE = re.compile(r"\s+(?:who|whom|whose|which|that|where|when|whereby)\b.*$")
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|shall|should|can|could|"
    r"may|might|must)\b"
)
# Words that point at another part of the text or leave the description open.
_POINTING_RE = re.compile(
    r"\b(?:this|these|those|that|such|same|other|another|latter|former|next|previous|following|above|"
    r"below|later|earlier|before|after|ago|one|ones|he|she|it|they|his|her|its|their|him|them|we|our|"
    r"us|you|your|I|my|me)\b",
    re.I,
)
# A verb in the past tense followed by a preposition or an article: a clause, not an adjective
# ("the technique of poetry continued to advance"; "the celebrated violinist" is an adjective).
_CLAUSE_VERB_RE = re.compile(r"\s[a-z]{3,}ed\s+(?:to|by|in|on|at|the|a|an|into|with|from|its|their)\b")
# What may stand before the name: not an article (a common noun used as a name), not "in"/"at"
# (a place fronted before a clause: "In Germany, the troubadours became minnesingers").
_BEFORE_NO_RE = re.compile(
    r"(?:\b(?:the|a|an|in|at|into|throughout|across|near|this|these|those|its|their|his|her|"
    # "said Alice, a little timidly": how a line was spoken, not who spoke it
    r"said|says|asked|replied|answered|cried|whispered|shouted|thought|exclaimed)\s+)$",
    re.I,
)
_HEAD_PREPOSITIONS = frozenset(["of", "to", "at", "in", "from", "for", "with", "on", "under", "among", "and"])
# Roles that name a person without a person-forming suffix (general English: kin, rank, calling).
_PERSON_NOUNS = frozenset(
    """god goddess deity king queen prince princess emperor empress duke duchess count countess lord
    lady knight son daughter wife husband brother sister father mother uncle aunt nephew niece
    cousin child heir widow monk nun priest bishop archbishop cardinal pope abbot saint prophet
    apostle disciple pupil student poet poetess master mistress chief man woman friend patron hero
    heroine sultan caliph pharaoh tsar czar rabbi guru sage tyrant consul general admiral captain
    missionary secretary emissary dignitary adversary""".split()  # noqa: SIM905 (a word list)
)
_PERSON_SUFFIXES = ("ist", "ian", "ess", "eer", "man", "er", "or", "ar")
#: A sentence's first word this common (``wordfreq`` zipf) is a name only if the text writes it mid-sentence.
_WORD_ZIPF = 3.0
#: A word at most this common (``wordfreq`` zipf) is a stem, so "maker" → "make" makes a person noun.
_STEM_ZIPF = 3.0


def _is_person(head: str, name: str, lang: str, *, told_of_people: bool) -> bool:
    """The description's head names a person: a role, an agent noun ("player", "inventor"), a name.

    An agent noun names a thing as often ("interpreter", "compiler"): it counts only in a text that
    tells of people (he, she, his, her).
    """
    if head[:1].isupper():
        return True  # "the Chinese Orpheus": a name heads the description
    word = head.casefold()
    if word in _PERSON_NOUNS or any(word.endswith(p) for p in _PERSON_NOUNS if len(p) >= 5):
        return True  # "stepsister", "grandmother", "archduke"
    for suffix in _PERSON_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            if suffix in {"ist", "ian", "ess", "eer", "man"}:
                return True
            if not told_of_people or not re.fullmatch(r"[A-Z][a-zà-ÿ’'\-]*(?:\s+\S+)*", name):
                return False  # "CPython", "iOS": a product's name, not a person's
            stem = word[: -len(suffix)]
            # "player" → "play", "maker" → "make", "traveller" → "travel", "conqueror" → "conquer",
            # "philosopher" → "philosophy"
            doubled = stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem
            candidates = [stem, stem + "e", stem + "y", doubled]
            return any(zipf(c, lang) >= _STEM_ZIPF for c in candidates)
    return False


#: A verb this common (``wordfreq`` zipf) says nothing without its object: "maker", "player", "builder".
_BARE_VERB_ZIPF = 5.5


def _objectless_agent(description: str, head: str, lang: str) -> bool:
    """The description ends on an agent noun of an everyday verb, with no object: "a Paris maker"."""
    if not description.endswith(head) or not head.islower() or not head.endswith(("er", "or")):
        return False
    stem = head[:-2]
    doubled = stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem
    return any(zipf(c, lang) >= _BARE_VERB_ZIPF for c in (stem, stem + "e", doubled) if len(c) >= 3)


def _head(description: str) -> str:
    """The noun the description is about: its last word before a preposition ("the son of Osiris" → "son")."""
    tokens = words(description)[1:]  # without the article
    head = ""
    for token in tokens:
        if token.casefold() in _HEAD_PREPOSITIONS:
            break
        head = token
    return head


def _tense(sentence: str, text: str) -> str:
    """ "is" when the sentence speaks in the present (an encyclopedia), "was" in the past (a history);
    a sentence without either says it by the tense of the whole text."""
    present = len(_PRESENT_RE.findall(sentence))
    past = len(_PAST_RE.findall(sentence))
    if present == past:
        present, past = len(_PRESENT_RE.findall(text)), len(_PAST_RE.findall(text))
    return "is" if present > past else "was"


_PRESENT_RE = re.compile(r"\b(?:is|are|has|have)\b")
_PAST_RE = re.compile(r"\b(?:was|were|had)\b")
_PEOPLE_RE = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)
#: Personal pronouns per 1,000 words above which a text tells of people.
_PEOPLE_PER_1K = 1.0


def apposition(d: Drafter, section: Section, sentence: str) -> None:
    """ "Aristoxenus, a pupil of Aristotle, rejected …" → "Who was Aristoxenus?" / "A pupil of Aristotle"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    if _SPEECH_RE.match(sentence):
        return  # a line of dialogue: what a character says, not what the text states
    # An apposition is said in passing: the sentence's own fact may still make a card of its own.
    source = normalize(d.originals.get(sentence, sentence))
    free = source not in d.used_sentences
    for m in _APPOSITION_RE.finditer(sentence):
        name, description = m.group("name").strip(), m.group("desc").strip()
        if _BEFORE_NO_RE.search(sentence[: m.start()]) or _SECOND_PLACE_RE.search(sentence[: m.start()]):
            continue  # "born in Stavanger, Norway, the son of …": the description is of the person
        first = name.split(" ", 1)[0]
        if first.casefold() in STOP_WORDS or first.endswith("ly") or name.isupper():
            continue  # "In Germany", "Musically", "BWV": no name
        common = m.start() == 0 and " " not in name and zipf(name, d.lang) >= _WORD_ZIPF
        if common and not d.mid_sentence_count(name):
            continue  # "Meanwhile, the …": a word capitalised only where a sentence starts
        description = _RELATIVE_RE.sub("", description)
        if _FINITE_RE.search(description) or _POINTING_RE.search(description):
            continue
        if _CLAUSE_VERB_RE.search(f" {description}"):
            continue
        content = [w for w in words(description) if w.casefold() not in STOP_WORDS]
        head = _head(description)
        if len(content) < 2 or not head or not 2 <= word_count(description) <= 14:
            continue
        if head.endswith("ly"):
            continue  # an adverb: "a little timidly" says how, not who
        if re.search(rf"\b{re.escape(name)}\b", description):
            continue  # "Conrad, the son of Conrad IV": an answer naming the name asked tells two apart by it
        if _objectless_agent(description, head, d.lang):
            continue  # "Tourte, a Paris maker": a maker of what? The answer misses its point
        if head.endswith("s") and not head.endswith(("ss", "us", "is")):
            continue  # a plural: the next item of a list ("Sophocles, the odes of Sappho and Pindar")
        note = m.group("note") or m.group("after") or ""
        if note and re.search(r"\d", note) and not _POINTING_RE.search(note):
            description = f"{description} ({note})"  # "the Chinese philosopher (350 B.C.)"
        people = len(_PEOPLE_RE.findall(d.all_text)) * 1000 >= _PEOPLE_PER_1K * max(1, word_count(d.all_text))
        who = "Who" if _is_person(head, name, d.lang, told_of_people=people) else "What"
        question = f"{who} {_tense(sentence, d.all_text)} {name}?"
        d.add(section, CardKind.BASIC, question, description[:1].upper() + description[1:], sentence, 1)
    if free:
        d.used_sentences.discard(source)
