"""Questions the text answers outright: what happens if, what for, how many, when (who made what is
in :mod:`cards.offline.makers`).

Why questions (a stated cause) are in :mod:`cards.offline.reasons`.
* conditions ("If/When X, Y" → "What happens if X?"), only when X names something specific;
* purposes and parts ("X is used for Y", "X consists of Y" → "What is X used for?");
* counts ("There are four strands in X" → "How many strands are there in X?").
"""

from __future__ import annotations

import re

from cards.offline.back_references import points_back
from cards.offline.clean import (
    DANGLING_RE,
    PRONOUN_START_RE,
    detach,
    leans_on_context,
    noise,
    trim_answer,
)
from cards.offline.drafter import Drafter
from cards.offline.terms import (
    names_something,
    zipf,
)
from cards.parameter_context import heading_member, signature, unnamed_function
from cards.schema import CardKind
from cards.text import STOP_WORDS, base_form, normalize, word_count, words
from documents.model import Section

# "When X, Y." / "If X, Y.": a condition and what follows from it, stated outright.
_CONDITION_RE = re.compile(
    r"^(?P<word>When|If|Once|Whenever)\s+(?P<cond>[^,;:()]{8,120}?),\s+(?P<result>[^;:]{12,220})$"
)
_DETERMINERS = frozenset(["the", "a", "an", "each", "every", "all", "any", "no", "both", "its", "their"])
_HAPPENS = {"en": "What happens {w} {t}?"}
# The voice of an author or a reader's own steps, and pointers back: no standalone question.
_CONDITION_VOICE_RE = re.compile(r"\b(?:we|our|us|I|my|let|try|see|this|these|those|above|below)\b", re.I)


# "Appendix C – provides student writing exemplars": a name, a dash and what it is or does.
def condition(d: Drafter, section: Section, sentence: str) -> None:
    """ "When X, Y." → "What happens when X?" / "Y": a consequence the text states outright."""
    body = detach(sentence).rstrip(".!")
    m = _CONDITION_RE.match(body)
    if not m or CardKind.BASIC not in d.kinds or noise(body) or "?" in body or points_back(m.group("cond")):
        return  # "If the CPU should later write … that value": which value?
    cond, result = m.group("cond").strip(), m.group("result").strip()
    if _CONDITION_VOICE_RE.search(cond) or _CONDITION_VOICE_RE.search(result):
        return
    if PRONOUN_START_RE.match(result) or DANGLING_RE.search(result) or word_count(result) < 4:
        return  # "…, it is valid": what "it" is stays in the question
    if re.match(r"(?:you|it|they|he|she)\b", cond, re.I) and not cond.lower().startswith("you "):
        return
    lead = cond.split()[0]
    if not (lead[:1].isupper() or lead.casefold() in _DETERMINERS | {"you", "your"} or lead.endswith("s")):
        return  # no subject ("When accompanied by a musette"): whose condition is it?
    first = result.split()[0]
    if not (first[:1].isupper() or first.casefold() in _DETERMINERS or first.endswith("s")):
        return  # an instruction ("…, invoke with …"), not a consequence with its subject
    template = _HAPPENS.get(d.lang)
    if not template:
        return
    q = template.format(w=m.group("word").lower(), t=cond)
    declared = signature(section.source.heading)
    if declared and unnamed_function(q, section.source.heading):
        # "… passed as from or to": the parameters of the function the section's heading declares
        q = f"In {declared[0]}(), {q[:1].lower()}{q[1:]}"
    elif member := heading_member(section.source.heading, cond):
        # "if the number is less than 10" under "net.setDefaultAutoSelectFamilyAttemptTimeout(value)"
        context, cond = member
        asked = template.format(w=m.group("word").lower(), t=cond)
        q = f"In {context}, {asked[:1].lower()}{asked[1:]}"
    elif not names_something(cond, d.lang):
        # "What happens if the airplane is on the ground?": which airplane, in what procedure? A
        # consequence said of the name the text is about ("…, Rust will call drop") names it.
        name = re.sub(r"[’']s$", "", first.strip(","))  # "Ninja’s speed …" is said of Ninja
        if not (name[:1].isupper() and name[1:].islower() and d.mid_sentence_count(name) >= 3):
            return
        q = f"In {name}, {q[:1].lower()}{q[1:]}"
    d.add(section, CardKind.BASIC, q, result[:1].upper() + result[1:], sentence, 1)


# "The pecten is used to preen …"; in a history, "Originally the organ was used only to give …" →
# "What was the organ originally used for?" (the time and the "only" stay in the question).
_USED_FOR_RE = re.compile(
    r"^(?:(?P<lead>Originally|At first|Formerly|In early times),?\s+)?"
    r"(?P<subj>(?:(?:an?|the)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)\s+(?P<aux>is|are|was|were)\s+"
    r"(?P<adv>(?:also\s+|mainly\s+|mostly\s+|often\s+|commonly\s+|usually\s+|typically\s+|primarily\s+|"
    r"originally\s+|chiefly\s+|first\s+)?(?:only\s+)?)"
    r"used\s+(?P<only>only\s+)?(?P<how>to|for)\s+(?P<purpose>[^;:]{6,160})$",
    re.I,
)
# "A String is made up of three parts: …", "The hexameter consists of six feet": what a thing is made of.
# "The Doric steps consisted primarily of …", "The novelty in the Gregorian chant consisted in …": an
# adverb that narrows the claim stays in the question; only the first clause before a semicolon is read.
_MADE_OF_RE = re.compile(
    r"^(?P<subj>(?:(?:an?|the|each|every)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,5}?)\s+"
    r"(?:(?P<aux>is|are|was|were)\s+(?P<verb>made up of|composed of|divided into|split into)|"
    r"(?:(?P<modal>should|must|will|would|can|may|might)\s+)?(?P<plain>consists|consist|consisted)\s+(?P<adv>(?:mainly|chiefly|primarily|principally|largely|"
    r"mostly|essentially|merely|simply|originally|generally)\s+)?(?P<prep>of|in))\s+(?P<parts>[^;]{6,200})(?:;.*)?$",
    re.I,
)
# ", whereas in our European orchestras …": a contrast after the parts is another statement; ", [- ' - -]":
# an e-text's notation of what the words said
_CONTRAST_TAIL_RE = re.compile(r",?\s+(?:whereas|while|but|although|though)\s.*$|,?\s*\[.*$")
# "You can use X to Y", "We use X for Y": the reader's or author's voice around what X is used for.
_VOICE_USE_RE = re.compile(
    r"^(?:you|we|one)\s+(?:can\s+|could\s+|may\s+|might\s+|should\s+)?(?:also\s+|then\s+)?use\s+"
    r"(?P<subj>(?:(?:an?|the)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)\s+"
    r"(?P<how>to|for)\s+(?P<purpose>[^;:]{6,160})$",
    re.I,
)
_CLAUSE_WORD_RE = re.compile(r"\b(?:despite|although|though|because|when|if|even|instead|unless)\b", re.I)
VOICE_WORDS_RE = re.compile(r"\b(?:you|your|we|our|us|I|my)\b", re.I)
USED_FOR = {"en": "What {aux} {t} used for?"}
MADE_OF = {"en": "What {aux} {t} {verb}?"}


def _subject_phrase(subject: str, lang: str, text: str) -> str:
    """``subject`` as the middle of a question, or "" when it names nothing specific ("the value")."""
    first = subject.split(" ", 1)[0].casefold()
    if first in STOP_WORDS and first not in {"a", "an", "the", "each", "every"}:
        return ""  # "After the exposition the fugue": a phrase before the subject
    if PRONOUN_START_RE.match(subject) or DANGLING_RE.search(subject) or not names_something(subject, lang):
        return ""
    first = subject.split(" ", 1)[0]
    lowered = first[:1].lower() + first[1:]
    if first.casefold() in STOP_WORDS or re.search(rf"(?<!\w){re.escape(lowered)}(?!\w)", text):
        return subject[:1].lower() + subject[1:]  # "The pecten" → "the pecten"; a name keeps its capital
    return subject


def purpose(d: Drafter, section: Section, sentence: str) -> None:
    """ "X is used to/for Y" → "What is X used for?"; "X consists of Y" → "What does X consist of?"."""
    if CardKind.BASIC not in d.kinds or d.lang not in USED_FOR or noise(sentence):
        return
    body = detach(sentence).rstrip(".!")
    # "For instance, the Molossian dance consisted of three long steps": an example's own fact, told
    # of a named thing (a key-term cloze still leaves such a sentence alone: examples are often anecdote)
    body = re.sub(r"^For (?:instance|example),\s+(?=(?:[Tt]he|[Aa]n?)\s)", "", body)
    body = body[:1].upper() + body[1:]
    if (
        (v := _VOICE_USE_RE.match(body))
        and not VOICE_WORDS_RE.search(v.group("purpose"))
        # "use X to do Y", "use X for doing Y"; "use X for large datasets" is a scope, not a purpose
        and (v.group("how").casefold() == "to" or re.match(r"[a-z]+ing\b", v.group("purpose")))
    ):
        # said impersonally: "You can use X to Y" → "X is used to Y" → "What is X used for?"
        subject = v.group("subj")
        if _CLAUSE_WORD_RE.search(subject):
            return  # "use RefCell<T> despite its trade-offs to …": a clause between the thing and its use
        plural = subject.endswith("s") and not subject.endswith("ss") and not subject.isupper()
        body = f"{subject[:1].upper()}{subject[1:]} {'are' if plural else 'is'} used {v.group('how')} "
        body += v.group("purpose")
    if DANGLING_RE.search(body) or leans_on_context(body):
        return  # "made up of three parts, shown on the left"
    if m := _USED_FOR_RE.match(body):
        subject = _named_subject(d, m.group("subj"))
        answer = trim_answer(m.group("purpose"))
        if subject and word_count(answer) >= 2 and not PRONOUN_START_RE.match(answer):
            lead = "To " if m.group("how").casefold() == "to" else ""
            q = USED_FOR[d.lang].format(aux=m.group("aux").casefold(), t=subject)
            when = (m.group("lead") or "").casefold()
            narrowed = (m.group("adv") + (m.group("only") or "")).replace("only ", "").strip()
            if m.group("aux") in ("was", "were") and (when or narrowed):
                # "Originally the organ was used only to …" → "What was the organ originally used for?"
                adverb = when or narrowed
                q = f"What {m.group('aux')} {subject} {adverb} used for?"
            d.add(
                section,
                CardKind.BASIC,
                q,
                lead + answer if lead else answer[:1].upper() + answer[1:],
                sentence,
                1,
            )
    elif (m := _MADE_OF_RE.match(body)) and normalize(
        d.originals.get(sentence, sentence)
    ) not in d.used_sentences:
        # (a series of parts already made a list cloze of this sentence: no set on a basic card's back)
        subject = _subject_phrase(m.group("subj"), d.lang, d.all_text)
        answer = trim_answer(_CONTRAST_TAIL_RE.sub("", m.group("parts")))
        if not subject or word_count(answer) < 2 or PRONOUN_START_RE.match(answer):
            return
        if re.search(r"\b(?:that|which|who)$", subject, re.I):
            return  # "synonyms or paraphrases that consist of …": a relative clause, not the subject's verb
        if re.search(r"\b(?:these|those)\b", subject, re.I):
            return  # "the capitals made from these orders": no orders on the card (claims.py frames it)
        if m.group("plain"):
            tense = {"consisted": "did", "consist": "do"}.get(m.group("plain").casefold(), "does")
            # "The complete DER encoding should consist of …": the modal asks, never "What do … should"
            tense = (m.group("modal") or "").casefold() or tense
            adverb = m.group("adv") or ""
            q = f"What {tense} {subject} consist {adverb.casefold()}{m.group('prep').casefold()}?"
        else:
            q = MADE_OF[d.lang].format(
                aux=m.group("aux").casefold(), t=subject, verb=m.group("verb").casefold()
            )
        d.add(section, CardKind.BASIC, q, answer[:1].upper() + answer[1:], sentence, 1)


_COUNT_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|"
    "thirty|forty|fifty|a hundred|one hundred"
)
# "There are four strands within the ELA Common Core State Standards (CCSS)."
_THERE_ARE_RE = re.compile(
    rf"^There\s+(?P<verb>are|were)\s+(?P<num>\d[\d,]*|{_COUNT_WORDS})\s+(?P<what>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){{0,4}}?)"
    r"\s+(?P<prep>in|within|of|on|at|inside)\s+(?P<where>(?:the\s+)?[A-Z][^,;:]{1,80}?)$",
)
HOW_MANY = {"en": "How many {what} {verb} there {prep} {where}?"}


def count(d: Drafter, section: Section, sentence: str) -> None:
    """ "There are four strands in the CCSS." → "How many strands are there in the CCSS?" / "Four"."""
    if CardKind.BASIC not in d.kinds or d.lang not in HOW_MANY or noise(sentence):
        return
    m = _THERE_ARE_RE.match(detach(sentence).rstrip(".!"))
    if not m or DANGLING_RE.search(sentence):
        return
    what = re.sub(r"\s+or\s+[a-z][\w\-]*$", "", m.group("what"))  # "strands or disciplines": the first name
    q = HOW_MANY[d.lang].format(what=what, verb=m.group("verb"), prep=m.group("prep"), where=m.group("where"))
    number = m.group("num")
    d.add(section, CardKind.BASIC, q, number[:1].upper() + number[1:], sentence, 1)


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "Organ pedals were invented in Germany about 1325.", "Charles Gounod was born in 1818, in Paris.",
# "Méhul died in 1817.": an event and its year, said of a named subject.
_DATED_RE = re.compile(
    r"^(?P<subj>(?:(?:An?|The)\s+)?[A-Z][\w’'.\-]*(?:\s+(?:[A-Z][\w’'.\-]*|von|van|de|des|du|da|di|del|"
    r"der|la|le|of|[a-z][\w\-]*)){0,4}?)\s+"
    r"(?:(?P<aux>was|were)\s+(?P<verb>born|founded|built|invented|published|composed|written|established|"
    r"introduced|discovered|completed|first performed)|(?P<died>died))\b"
    r"(?P<rest>[^;]{0,60}?)\b(?P<when>(?:in|about|around|circa|c\.)\s+(?:the\s+year\s+)?(?:1\d{3}|20\d\d)"
    # "died June 3, 1875", "died on 3 June 1875", "died in May, 1871": a day or a month with its year
    rf"|(?:on\s+)?(?:{_MONTH}\s+\d{{1,2}},?|\d{{1,2}}\s+{_MONTH})\s+(?:1\d{{3}}|20\d\d)"
    rf"|in\s+{_MONTH},?\s+(?:1\d{{3}}|20\d\d))\b"
    r"(?![\w-])"
)
WHEN = {"en": "When {aux} {t} {verb}?"}
# "Gesualdo was a nephew of the Archbishop of Naples, was born in 1550, and died in 1613.", "Spontini, the
# next representative of opera in France, was an Italian, born in 1774.", "The former was born about 1650
# and died about 1725": a person's birth and death as the later verbs of a list of the subject's own
# (after a comma or "and", no "who" between).
_LATER_LIFE_RE = {
    event: re.compile(
        r"^(?P<subj>[A-Z][\w’'.\-]*(?:\s+(?:[A-Z][\w’'.\-]*|von|van|de|des|du|da|di|del|der|la|le)){0,3}?)"
        r"(?:,\s+[^,;()]{2,80},)?\s+(?:was|had|became|lived|studied)\s+[^;()]{3,100}?(?:,\s+(?:and\s+)?|\s+and\s+)"
        + verb
        + rf"\s+(?P<when>(?:in|about)\s+(?:{_MONTH},?\s+)?1\d{{3}})\b(?![\w-])"
    )
    for event, verb in (("born", r"(?:was\s+)?born"), ("died", "died"))
}


def dated(d: Drafter, section: Section, sentence: str) -> None:
    """ "X was born in 1818" → "When was X born?" / "In 1818"; likewise invented, founded, died….

    The subject must name something (a name, or a phrase with a specific word: "organ pedals",
    not "the building"); a pronoun subject ("He died in 1833") says whose death in another sentence.
    """
    if CardKind.BASIC not in d.kinds or d.lang not in WHEN or noise(sentence):
        return
    body = detach(sentence).rstrip(".!")
    _later_life(d, section, sentence, body)
    m = _DATED_RE.match(body)
    if not m or PRONOUN_START_RE.match(body) or DANGLING_RE.search(body):
        return
    subject = re.sub(r"\s+\([^)]*\)$", "", m.group("subj"))
    if m.group("rest") and re.search(r"[,(]\s*(?:who|which|where|whose)\b", m.group("rest")):
        return  # the year belongs to another clause ("…, who died in 1590")
    phrase = _subject_phrase(subject, d.lang, d.all_text)
    if not phrase or word_count(phrase) > 6:
        return
    tokens = phrase.split()
    if len(tokens) > 1 and tokens[0][1:].islower() and tokens[1][:1].islower():
        phrase = phrase[:1].lower() + phrase[1:]  # "Paddle steamers": the capital only starts the sentence
    when = m.group("when")
    if span := re.match(r"\s*(?:to|-|–)\s*(1\d{3}|20\d\d)\b", body[m.end() :]):
        when += f" to {span.group(1)}"  # "about 1460 to 1500": the whole span, not its start
    answer = when[:1].upper() + when[1:]
    if m.group("died"):
        q = f"When did {phrase} die?"
    else:
        q = WHEN[d.lang].format(aux=m.group("aux"), t=phrase, verb=m.group("verb"))
    d.add(section, CardKind.BASIC, q, answer, sentence, 1)


def _later_life(d: Drafter, section: Section, sentence: str, body: str) -> None:
    """ "X was a nephew of …, was born in 1550, and died in 1613." → "When was X born?", "When did X die?"."""
    for event, pattern in _LATER_LIFE_RE.items():
        m = pattern.match(body)
        if not m or re.search(r"\b(?:who|which|whom|whose|where|when|while|he|she|they)\b", m.group(0), re.I):
            continue  # the year may be another clause's ("…, who was born …")
        subject = m.group("subj")
        if subject.split(" ", 1)[0].casefold() in STOP_WORDS or not _subject_phrase(
            subject, d.lang, d.all_text
        ):
            continue
        q = f"When was {subject} born?" if event == "born" else f"When did {subject} die?"
        when = m.group("when")
        d.add(section, CardKind.BASIC, q, when[:1].upper() + when[1:], sentence, 1)


# "A stall occurs when the airflow … is disrupted": the condition that defines an event.
_OCCURS_RE = re.compile(
    r"^(?P<subj>(?:(?:An?|The)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,3}?)\s+(?P<verb>occurs|happens|arises)\s+"
    r"(?:only\s+)?(?P<w>when|if|whenever)\s+(?P<cond>[^;]{8,160})$"
)
# "A channel is said to be closed if either half is dropped": the condition under which a state holds.
_SAID_TO_BE_RE = re.compile(
    r"^(?P<subj>(?:(?:An?|The)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,3}?)\s+(?P<aux>is|are)\s+"
    r"(?P<verb>said to be|considered|deemed)\s+(?P<state>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+"
    r"(?P<w>when|if|whenever)\s+(?P<cond>[^;]{8,160})$"
)
# "The STS provides automatic trim inputs …": what a named part does.
_DOES_RE = re.compile(
    r"^(?P<subj>(?:(?:An?|The)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,3}?)\s+(?:also\s+|only\s+)?"
    r"(?P<verb>provides|generates|stores|measures|controls|converts|produces|detects|transmits|regulates|"
    r"computes|encodes|decodes|monitors|calculates|records|supplies|translates|filters)\s+(?P<obj>[^;]{6,160})$"
)
# Where the object ends: a second verb of the same subject ("… and removes …"), a relative clause.
_OBJECT_END_RE = re.compile(r",?\s+(?:and|or|but)\s+(?:then\s+)?[a-z]+s\b|,\s+(?:which|while|whereas)\b")


def _named_subject(d: Drafter, subject: str) -> str:
    """``subject`` as a question's middle if it names something or a term the text keeps using, else ""."""
    phrase = _subject_phrase(subject, d.lang, d.all_text)
    if phrase:
        return phrase
    tokens = words(subject)
    last = tokens[-1].casefold() if tokens else ""
    if not tokens or tokens[0].casefold() not in {"a", "an", "the"} or len(tokens) > 3:
        return ""
    if PRONOUN_START_RE.match(subject) or last in STOP_WORDS or d.term_counts[last] < 3:
        return ""
    known = zipf(last, d.lang)
    return subject[:1].lower() + subject[1:] if known is not None and known < _TERM_ZIPF else ""


#: A word used three times or more and at most this common (``wordfreq`` zipf) is the text's term.
_TERM_ZIPF = 4.5


def happens_when(d: Drafter, section: Section, sentence: str) -> None:
    """ "X occurs when Y" → "When does X occur?" / "When Y"; "X provides Y" → "What does X provide?"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    body = detach(sentence).rstrip(".!")
    if DANGLING_RE.search(body) or PRONOUN_START_RE.match(body) or VOICE_WORDS_RE.search(body):
        return
    if m := _OCCURS_RE.match(body) or _SAID_TO_BE_RE.match(body):
        subject = _named_subject(d, m.group("subj"))
        if subject and word_count(m.group("cond")) >= 3:
            if m.re is _OCCURS_RE:
                q = f"When does {subject} {m.group('verb')[:-1]}?"
            else:
                q = f"When {m.group('aux')} {subject} {m.group('verb')} {m.group('state')}?"
            answer = f"{m.group('w')[:1].upper()}{m.group('w')[1:]} {trim_answer(m.group('cond'))}"
            d.add(section, CardKind.BASIC, q, answer, sentence, 1)
    elif m := _DOES_RE.match(body):
        # only a named part ("the STS", "a flight control law"): "the checklist", "the stack" could be
        # any checklist or stack
        subject = _subject_phrase(m.group("subj"), d.lang, d.all_text)
        named = [w for w in words(subject)[1:] if w[:1].isupper()]
        content = [w for w in words(subject) if w.casefold() not in STOP_WORDS]
        if not subject or not (named or len(content) >= 2):
            return
        obj = _OBJECT_END_RE.split(m.group("obj"), maxsplit=1)[0]
        if word_count(obj) < 2 or PRONOUN_START_RE.match(obj):
            return
        if re.search(r"[\"“”‘’'`]|\b[A-Za-z]\b(?<!\ba)", obj):
            return  # a quoted or one-letter name ("converts “A” to a memoryview"): code, not prose
        verb = m.group("verb")
        base = base_form(verb)
        answer = trim_answer(obj)
        d.add(
            section,
            CardKind.BASIC,
            f"What does {subject} {base}?",
            answer[:1].upper() + answer[1:],
            sentence,
            1,
        )


_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# A bare series: names separated by commas and a last "and"/"or", no verb ("Reading, Writing, and Language").
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|will|would|should|must|may|might)\b", re.I
)


def counted_series(d: Drafter, section: Section, previous: str, sentence: str) -> None:
    """ "There are four strands in X. Reading, Writing, Speaking and Listening, and Language" → one cloze.

    A count ("There are N things in X") followed by a bare series of exactly N names is the list
    it announced: "The four strands in X: {{c1::Reading}}; {{c2::Writing}}; …". The count must
    match, which keeps a sentence that merely follows a count from being taken for its list.
    """
    if CardKind.CLOZE not in d.kinds or d.lang != "en" or noise(sentence) or noise(previous):
        return
    m = _THERE_ARE_RE.match(detach(previous.strip()).rstrip(".!"))
    series = sentence.strip().rstrip(".")
    if not m or DANGLING_RE.search(previous) or _FINITE_RE.search(series) or ":" in series:
        return
    number = m.group("num").casefold()
    wanted = int(number) if number.isdigit() else _NUMBERS.get(number, 0)
    items = [i.strip() for i in series.split(",")]
    if items and (last := re.match(r"^(?:and|or)\s+(?P<rest>.+)$", items[-1])):
        items[-1] = last.group("rest")
    elif len(items) == wanted - 1 and " and " in items[-1]:
        items[-1:] = items[-1].split(" and ", 1)  # "A, B and C" without the serial comma
    if not 2 <= wanted <= 8 or len(items) != wanted:
        return
    if any(not 1 <= word_count(i) <= 6 or not i[:1].isupper() for i in items):
        return  # names of the things counted, each capitalised as in a list, not a clause cut at commas
    if len({i.casefold() for i in items}) != len(items):
        return
    what = re.sub(r"\s+or\s+[a-z][\w\-]*$", "", m.group("what"))  # "strands or disciplines": the first name
    lead = f"The {m.group('num')} {what} {m.group('prep')} {m.group('where')}:"
    deletions = "; ".join(f"{{{{c{n}::{item}}}}}" for n, item in enumerate(items, 1))
    d.add(section, CardKind.CLOZE, f"{lead} {deletions}", "", f"{previous.strip()} {sentence.strip()}", 0)


# "This is known as a double free error", "This process is called allocating": the sentence before
# describes what the name names.
