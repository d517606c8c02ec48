"""An essay's ideas: where a thing's strength lies, what ranks highest, how a whole is divided.

Criticism, lectures and textbooks argue as much as they report. Their claims and classifications
have shapes of their own, and a card on them says whose claim it is when it is a judgement:

* where something lies or consists, "The strength of the “Fate” motive … lies in the succession of
  the four notes" → "According to the author, what does the strength of the “Fate” motive … lie
  in?"; "The novelty in the Gregorian chant consisted in its absolute emancipation from …" → "What
  did the novelty in the Gregorian chant consist in?" (no attribution: a novelty is not a
  judgement; a strength, weakness, merit or charm is, and so is a subject the author calls "vital",
  "chief" or "real", or a sentence hedged "undoubtedly", "I think");
* what the author ranks highest, with a judging superlative (strongest, highest, noblest, most
  perfect …; the record-keeping ones, oldest, first, chief, are :mod:`.superlatives`'), "The
  second strongest emotion of the race is love." → "According to the author, what is the second
  strongest emotion of the race?"; "The music drama as represented by Wagner … is the most perfect
  union of painting, poetry, and music imaginable to …" → "According to the author, what is the
  most perfect union of painting, poetry, and music?";
* a thing's only (chief, greatest) weakness or merit, "It is just this intrusion of materialism in
  Wagner's music dramas which constitutes their only weakness." → "According to the author, what
  is the only weakness of Wagner's music dramas?" / "The intrusion of materialism";
* what a thing comes down to, "what we call Pan's pipes are simply pieces of bamboo or cane …" →
  "What are Pan's pipes?"; "The violin bow, in its earliest form, was nothing more than an ordinary
  bow …" → "What was the violin bow in its earliest form?" ("essentially", "really" make it the
  author's: "According to the author, what were the Peruvians?" / "A pipe race"; never a role in a
  scene, "The composer was merely the excuse for the opera", nor a member of a series, "The fifth
  type is merely …");
* the parts a sentence counts and then names, "what I consider the four elements of music,
  namely, music that paints, music that suggests, …" → "According to the author, what are the four
  elements of music?" (exactly that many parts, none a pointer);
* a name coined for a whole field, in quotes, "Words have been called “decayed sentences,” …" →
  "What have words been called?" (a name's, "The Tartars have been called …", is :mod:`.definitions`');
* the author's gloss on a term, "although design, that is to say, the development of the emotional
  character of a musical thought, was …" → "What does the author mean by “design”?" (the gloss a
  noun phrase led by an article or by the term's own word, never a clause, "that is to say, it was
  …");
* what the author likens a thing to and what the author considers a thing or a person to be
  (:mod:`.likenings`);
* what the author ranks first of a named owner, "… music's greatest prop, rhythm, an ally without
  which …" → "According to the author, what is music's greatest prop?" / "Rhythm";
* the parts a sentence counts and then tells as "first, …; second, …", "There are two ways of
  looking at music: first, as impassioned speech, …; second, as the dance, …" → "What are the two ways
  of looking at music?" / "As impassioned speech and as the dance" (each part up to its first comma;
  exactly that many parts, none a pointer);
* how a whole is divided, "Music may be divided into four classes, …" → "According to the
  author, into how many classes may music be divided?" / "Four" ("may be divided" is the author's
  division; "is divided" is a fact, asked without attribution), and with the parts named in the
  sentence, "The Doric temple is divided into three parts: the stylobate, the columns, and the
  entablature." → "Into which three parts is the Doric temple divided?", and with its two parts told
  as "one …, the other …", "Thus we see music dividing into two classes, one purely emotional, the
  other sensuous; …" → "According to the author, into which two classes does music divide?" / "One
  purely emotional, the other sensuous".

Never of a pronoun or a pointer ("His great reform lay in …", "these modes"), nor of a subject that
stands for something said elsewhere ("The result is simply …", "The main difference lies in …"),
nor on a subject that names nothing without its chapter (the chapter's heading then frames the
question; for the author's claim under a heading too long to frame one, the book's title: "In
“Critical & Historical Essays”, what does the author mean by “design”?").
"""

from __future__ import annotations

import re

from cards.offline.casing import as_written
from cards.offline.claim_frames import (
    ITEM_SPLIT_RE,
    NUMBERS,
    POINTER_RE,
    according,
    author,
    framed,
    lower_article,
    says_what,
)
from cards.offline.clean import DANGLING_RE, noise, statement_body, trim_answer
from cards.offline.divisions import divided, one_and_other
from cards.offline.drafter import Drafter
from cards.offline.likenings import considered, likened
from cards.offline.superlatives import PERSON_ROLE_RE
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

# A frame that says the author knows or thinks what follows: the claim is the rest.
_FRAME_RE = re.compile(
    r"^(?:(?P<think>I\s+(?:think|believe|hold|maintain|am\s+convinced)|I\s+have\s+no\s+doubt|"
    r"it\s+seems\s+to\s+me)|we\s+(?:all\s+)?know|it\s+is\s+(?:clear|evident|certain|obvious|well\s+known))"
    r"\s+that\s+",
    re.I,
)
# Words that make a subject a judgement: whose strength, merit or charm is the author's call.
_JUDGING_RE = re.compile(
    r"\b(?:strength|weakness|merit|charm|value|beauty|greatness|secret|fault|virtue|genius|power|"
    r"success|failure|appeal|importance|significance|vital|chief|real|true|essential|better|best|"
    r"greatest|only|main)\b",
    re.I,
)
_HEDGE_RE = re.compile(r"^(?:undoubtedly|certainly|doubtless|surely|probably|really)$", re.I)

# "The strength of X (undoubtedly) lies in Y", "Händel's strength lay in Y", "X consisted in Y"
_LIES_IN_RE = re.compile(
    r"^(?P<subject>(?:The|A|An)\s+[^,;:()]{3,90}?|[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){0,2}['’]s\s+"
    r"[a-z][\w\- ]{2,40}?)"
    r"(?:,\s+[^,;:]{2,30},)?\s+(?:(?P<adverb>[a-z]+ly|doubtless)\s+)?"
    r"(?P<verb>lies|lay|lie|consists|consisted|consist)\s+in\s+(?P<answer>[^;]{3,220})$"
)
# Where the answer's clause ends and the sentence sets something beside it ("…, while the Florentines …").
_ANSWER_END_RE = re.compile(
    r",\s+(?:while|whereas|but|(?:just\s+)?as|although|though|and\s+(?:not|so|thus))\b|\s+[—–]\s+|\s+--\s+"
)
_LIE_FORMS = {
    "lies": ("does", "lie"),
    "lay": ("did", "lie"),
    "lie": ("do", "lie"),
    "consists": ("does", "consist"),
    "consisted": ("did", "consist"),
    "consist": ("do", "consist"),
}

# Superlatives of judgement (the record-keeping ones are superlatives.py's).
_JUDGING_SUP = (
    r"(?:(?:second|third)\s+)?(?:strongest|highest|noblest|purest|finest|weakest|deepest|richest|truest|"
    r"most\s+(?:perfect|beautiful|subtle|potent|complete|vital|direct|natural|poetic|remarkable|"
    r"characteristic|significant|striking|vivid|valuable|original|interesting|advanced|intense|"
    r"expressive|noble|sublime|elaborate|difficult))"
)
# Where the ranked noun phrase stops ranking and starts hedging ("imaginable to our … minds").
_RANK_END_RE = re.compile(r"\s+(?:imaginable|conceivable|possible|known|ever|yet|of\s+all)\b.*$")
_RANKED_FIRST_RE = re.compile(
    rf"^The\s+(?P<sup>{_JUDGING_SUP})\s+(?P<ranked>[a-z][^,;:()]{{2,80}}?)\s+(?P<aux>is|was|are|were)\s+"
    r"(?P<holder>[^;:]{2,80})$"
)
_HOLDER_FIRST_RE = re.compile(
    rf"^(?P<holder>[A-Z][^;:]{{0,90}}?)\s+(?P<aux>is|was|are|were)\s+the\s+(?P<sup>{_JUDGING_SUP})\s+"
    r"(?P<ranked>[a-z][^;:()]{2,100})$"
)
# A passive's verb after "was" ("reached", "made", "given"), not a noun ("love", "rhythm").
_PARTICIPLE_RE = re.compile(
    r"^(?:[a-z]+ed|made|built|found|given|known|seen|done|taken|written|brought|held|thought|shown|"
    r"sung|played|heard|said|taught|kept|felt|left|lost|won|begun|become|born)$"
)
# "… music's greatest prop, rhythm, an ally without which …", "Venice's greatest painter, Titian, …"
_OWNED_SUP_RE = re.compile(
    r"\b(?P<owner>[A-Za-z][a-z]{2,})['’]s\s+(?P<sup>greatest|strongest|chief|finest|noblest|highest|best|"
    r"most\s+(?:important|perfect|beautiful|vital|potent|characteristic|valuable))\s+"
    r"(?P<noun>[a-z]{3,}(?:\s+[a-z]{3,})?),\s+(?P<holder>[A-Za-z][a-z\-]+(?:\s+[A-Za-z][a-z\-]+){0,2}),"
)
# "Fear, then, was …": a connective aside between the subject and its verb.
_ASIDE_RE = re.compile(r",\s+(?:then|therefore|thus|however|indeed|of course|in short),")
_PARENTHESIS_RE = re.compile(r"\s*\([^()]*\)")

# "It is (just) this X in Y which constitutes their only weakness", "X constitutes the only weakness of Y"
_EVAL = (
    r"(?P<eval>only|chief|greatest|main|real|principal)\s+"
    r"(?P<noun>weakness|strength|merit|fault|charm|defect|virtue|value)"
)
_CLEFT_RE = re.compile(
    r"^It\s+(?:is|was)\s+(?:just\s+|precisely\s+|exactly\s+)?(?:this|the|that)\s+(?P<x>[a-z][^,;:]{2,60})\s+"
    r"(?:in|of)\s+(?P<owner>[^,;:]{3,60}?)\s+(?:which|that)\s+(?:constitutes|constituted|is|was)\s+"
    rf"(?:its|their)\s+{_EVAL}$"
)
_CONSTITUTES_RE = re.compile(
    r"^(?P<x>(?:The|A|An)\s+[^,;:]{3,80}?)\s+(?:constitutes|constituted|is|was)\s+the\s+"
    rf"{_EVAL}\s+of\s+(?P<owner>[^,;:]{{3,60}})$"
)

# "Pan's pipes are simply pieces of bamboo …", "The violin bow, in its earliest form, was nothing more than
# …", "The Peruvians were essentially a pipe race": what a thing comes down to.
_MERELY_RE = re.compile(
    r"^(?:(?:For|And|But|Now|So)\s+)?(?:after\s+all\s+)?(?:what\s+(?:we|is|are)\s+call(?:ed)?\s+)?"
    r"(?P<subject>(?:The|A|An)\s+[^,;:()]{2,50}?|[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){0,2}"
    r"(?:['’]s\s+[a-z][\w\-]+)?)"
    r"(?:,\s+(?P<aside>in\s+its\s+[a-z]+\s+form|at\s+first|originally),)?\s+(?P<aux>is|are|was|were)\s+"
    r"(?P<adverb>simply|merely|nothing\s+(?:more|else)\s+than|nothing\s+but|essentially|really|in\s+reality)\s+"
    r"(?P<answer>[a-z][^;]{2,200})(?:;.*)?$"
)
# "Folk music may be likened to a twig …", "To my mind, listening to Wagner's operas may be likened to …"
# "There are two ways of looking at music: first, as impassioned speech, …; second, as the dance, …"
_FIRST_SECOND_RE = re.compile(
    r"^There\s+(?P<verb>are|were)\s+(?P<n>two|three|four)\s+(?P<kind>(?:[a-z]+\s+)?[a-z]+s)\s+"
    r"(?P<prep>of|in|to)\s+"
    r"(?P<whole>[^:;,()]{2,60}?)\s*:\s+first(?:ly)?,?\s+(?P<parts>.+)$"
)
_NEXT_PART_RE = re.compile(r";\s+(?:and\s+)?(?:second|third|fourth)(?:ly)?,?\s+")
# A footnote's number before its text ("[03] The Chinese theatre …").
_FOOTNOTE_RE = re.compile(r"^\s*\[\d{1,3}\]\s+")
# "Words have been called “decayed sentences,” …": a name in quotes someone coined for a whole field.
_COINED_RE = re.compile(
    r"^(?!(?:The|A|An)\s)(?P<subject>[A-Z][a-z]{2,}(?:\s+[a-z]{3,}){0,2})\s+(?P<verb>has\s+been|have\s+been)\s+"
    r"(?:called|termed|described\s+as)\s+[\"“](?P<name>[^\"“”,]{3,40}),?[\"”]"
)
# "although design, that is to say, the development of …, was …", "musical expression (that is to say,
# the increasing and diminishing of a tone …)": the author's gloss on a term of the art.
_GLOSS_RE = re.compile(
    r"(?P<before>[^,;:()]{0,200}?)(?P<x>\b(?:[a-z]|(?<=^)[A-Z])[a-z\-]+(?:\s+(?:of\s+)?[a-z][a-z\-]+){0,2})\s*"
    r"(?:,\s*that\s+is\s+to\s+say,?\s+(?P<y>[^,;:()]{5,120})(?=,|;|$)"
    r"|\(\s*that\s+is\s+to\s+say,?\s+(?P<py>[^;:()]{5,120})\))"
)
_NOT_A_GLOSS_RE = re.compile(
    r"^(?:it|they|we|he|she|you|there|this|these|that|those|when|if|first|in|on|by|from|to|with|without|"
    r"consisting|being|having|[a-z]+ing)\b",
    re.I,
)
_OUR_MODERN_RE = re.compile(r"^Our\s+modern\s+")
_CLAIMED_RE = re.compile(r"essentially|really|in\s+reality")
# "… what I consider the four elements of music, namely, A, B, C, and D"
_NAMELY_RE = re.compile(
    r"\b(?P<mine>what\s+I\s+(?:consider|call|take\s+to\s+be)\s+)?the\s+"
    rf"(?P<n>{'|'.join(NUMBERS)})\s+(?P<kind>(?:[a-z]+\s+)?[a-z]+s)\s+of\s+(?P<whole>[^,;:()]{{2,40}}?),?\s+"
    r"(?:namely|viz\.|that\s+is\s+to\s+say),?\s+(?P<list>[^;:()\[\]]{5,300})$"
)
# Where a list of parts ends and the sentence goes on about the last one ("…, and is composed of …").
_LIST_END_RE = re.compile(r",\s+(?:and\s+)?(?:is|are|was|were|which|who|has|have)\b")
_ITEM_POINTER_RE = re.compile(
    r"\b(?:this|these|those|it|its|they|their|them|he|his|she|her|former|latter)\b", re.I
)


def claims(d: Drafter, section: Section, sentence: str) -> None:
    """The claim shapes of the module docstring, one sentence at a time."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    if sentence.lstrip().startswith("It "):
        _cleft_weakness(d, section, sentence.strip().rstrip(".!"))
        return
    sentence = _FOOTNOTE_RE.sub("", sentence)
    # "I think that X …": the claim is X, the author's (read before the "I" refuses the sentence)
    framed = _FRAME_RE.match(sentence.strip())
    thought = bool(framed and framed.group("think"))
    claim = _FOOTNOTE_RE.sub("", sentence.strip()[framed.end() :] if framed else sentence)
    claim = _OUR_MODERN_RE.sub("The modern ", claim)  # the reader's own "our modern sharp" is today's
    one_and_other(d, section, sentence)  # "Thus we see …": read before "we" refuses the sentence
    _first_second(d, section, sentence)  # "There are two ways …": read before "There" refuses it
    body = statement_body(claim[:1].upper() + claim[1:])
    if body is None:
        return
    _lies_in(d, section, sentence, body, thought)
    _merely(d, section, sentence, body, thought)
    _ranked(d, section, sentence, body)
    _weakness(d, section, sentence, body)
    divided(d, section, sentence, body, thought)
    _namely(d, section, sentence, body, thought)
    _coined_name(d, section, sentence, body)
    likened(d, section, sentence, body)
    considered(d, section, sentence, body)
    _meant_by(d, section, sentence)
    _named_superlative(d, section, sentence)


def _lies_in(d: Drafter, section: Section, sentence: str, body: str, thought: bool) -> None:
    m = _LIES_IN_RE.match(body)
    if not m:
        return
    subject = m.group("subject")
    adverb = m.group("adverb") or ""
    if adverb and not _HEDGE_RE.match(adverb) and adverb not in {"chiefly", "mainly", "largely", "mostly"}:
        return  # "… that really lies in …" is fine; "X slowly lay in" is not this shape
    if POINTER_RE.search(subject) or word_count(subject) > 14 or not says_what(d, subject):
        return
    answer = trim_answer(_ANSWER_END_RE.split(m.group("answer"), maxsplit=1)[0])
    if not 2 <= word_count(answer) <= 25 or re.match(r"(?:this|that|these|those|such)\b", answer, re.I):
        return
    aux, base = _LIE_FORMS[m.group("verb")]
    question = f"What {aux} {lower_article(subject)} {base} in?"
    if thought or _JUDGING_RE.search(subject) or _HEDGE_RE.match(adverb):
        question = according(d) + question[:1].lower() + question[1:]
    question = framed(d, section, question, subject)
    if question:
        d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def _ranked(d: Drafter, section: Section, sentence: str, body: str) -> None:
    body = _PARENTHESIS_RE.sub("", _ASIDE_RE.sub("", body))
    m = _RANKED_FIRST_RE.match(body) or _HOLDER_FIRST_RE.match(body)
    if not m:
        return
    ranked = _RANK_END_RE.sub("", m.group("ranked")).strip()
    holder = trim_answer(m.group("holder"))
    if m.re is _RANKED_FIRST_RE:
        holder = re.split(r",\s+(?:which|who|where|and|but|for)\b", holder, maxsplit=1)[0]
    if POINTER_RE.search(ranked) or POINTER_RE.search(holder) or not holder:
        return
    first = holder.split(" ", 1)[0]
    if _PARTICIPLE_RE.match(first):
        return  # "The highest plane … was reached in Italy": a passive verb, not what holds the rank
    if not 1 <= word_count(holder) <= 12 or not 1 <= word_count(ranked) <= 12:
        return
    ran_on = ranked.endswith((" of", " in")) or re.search(r"\b(?:is|are|was|were)\b", ranked)
    if m.re is _HOLDER_FIRST_RE and ran_on:
        return  # the ranked phrase ran on into a clause of its own
    sup = " ".join(m.group("sup").split())
    question = f"{according(d)}what {m.group('aux')} the {sup} {ranked}?"
    question = framed(d, section, question, f"the {sup} {ranked} {as_written(d, holder)}")
    if question:
        d.add(section, CardKind.BASIC, question, holder[:1].upper() + holder[1:], sentence, 1)


def _weakness_card(d: Drafter, section: Section, sentence: str, m: re.Match[str]) -> None:
    x, owner = m.group("x"), m.group("owner")
    if POINTER_RE.search(owner) or not names_something(owner, d.lang):
        return
    answer = re.sub(r"^(?:The|A|An)\s+", "", x, flags=re.I)
    if POINTER_RE.search(answer) or not 2 <= word_count(answer) <= 12:
        return
    question = f"{according(d)}what is the {m.group('eval')} {m.group('noun')} of {lower_article(owner)}?"
    d.add(section, CardKind.BASIC, question, f"The {answer}", sentence, 1)


def _cleft_weakness(d: Drafter, section: Section, body: str) -> None:
    if m := _CLEFT_RE.match(body):
        _weakness_card(d, section, body, m)


def _weakness(d: Drafter, section: Section, sentence: str, body: str) -> None:
    if m := _CONSTITUTES_RE.match(body):
        _weakness_card(d, section, sentence, m)


def _merely(d: Drafter, section: Section, sentence: str, body: str, thought: bool) -> None:
    m = _MERELY_RE.match(body)
    if not m:
        return
    subject = m.group("subject")
    role = PERSON_ROLE_RE.search(subject)
    if POINTER_RE.search(subject) or (role and role.group(0)[:1].islower()) or not says_what(d, subject):
        return  # "What was the composer?" asks who someone was in a scene the card does not set
    if re.match(r"(?:The|A|An)\s+(?:first|second|third|fourth|fifth|last|next|other|rest)\b", subject):
        return  # "The fifth type is merely …": of which series?
    answer = trim_answer(_ANSWER_END_RE.split(m.group("answer"), maxsplit=1)[0])
    answer = re.sub(r"\s*\(\[?[a-z]+\]?\)", "", answer)  # "([natural])": a music sign's placeholder
    if (
        not 2 <= word_count(answer) <= 25
        or POINTER_RE.match(answer)
        or re.search(r"\b(?:this|these)\b", answer)
    ):
        return
    aside = f" {m.group('aside')}" if m.group("aside") else ""
    question = f"What {m.group('aux')} {lower_article(as_written(d, subject))}{aside}?"
    if thought or _CLAIMED_RE.fullmatch(m.group("adverb")):
        question = according(d) + question[:1].lower() + question[1:]
    question = framed(d, section, question, subject)
    if question:
        d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def _namely(d: Drafter, section: Section, sentence: str, body: str, thought: bool) -> None:
    m = _NAMELY_RE.search(body)
    if not m:
        return
    whole, kind = m.group("whole"), m.group("kind")
    if POINTER_RE.search(whole) or POINTER_RE.search(kind):
        return
    listed = _LIST_END_RE.split(m.group("list"), maxsplit=1)[0].rstrip(". ")
    items = [i.strip() for i in ITEM_SPLIT_RE.split(listed) if i.strip()]
    n = NUMBERS[m.group("n")]
    if len(items) != n or any(word_count(i) > 6 or _ITEM_POINTER_RE.search(i) for i in items):
        return  # ("music that paints": a relative "that", not a pointer)
    question = f"What are the {m.group('n')} {kind} of {whole}?"
    if thought or m.group("mine") or re.search(r"\bI\s+(?:think|believe|consider)\b", sentence):
        question = according(d) + question[:1].lower() + question[1:]
    if re.match(r"(?:the|a|an)\s", whole, re.I):  # "the government" needs its chapter; "music" is a field
        question = framed(d, section, question, whole)
    if question:
        answer = ", ".join(items[:-1]) + f" and {items[-1]}"
        d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def _coined_name(d: Drafter, section: Section, sentence: str, body: str) -> None:
    m = _COINED_RE.match(body)
    if not m:
        return
    subject = as_written(d, m.group("subject"))
    if POINTER_RE.search(subject) or subject[:1].isupper():
        return  # a name's ("The Tartars have been called …") is :mod:`.definitions`'
    verb = " ".join(m.group("verb").split()).split()[0]
    question = f"What {verb} {subject} been called?"
    name = m.group("name").strip()
    d.add(section, CardKind.BASIC, question, name[:1].upper() + name[1:], sentence, 1)


def _first_second(d: Drafter, section: Section, sentence: str) -> None:
    """ "There are two ways of looking at music: first, as …; second, as …" → "What are the two ways of
    looking at music?" / "As impassioned speech and as the dance"."""
    m = _FIRST_SECOND_RE.match(sentence.strip().rstrip("."))
    if not m or POINTER_RE.search(m.group("whole")) or POINTER_RE.search(m.group("kind")):
        return
    parts = [p.split(",", 1)[0].strip() for p in _NEXT_PART_RE.split(m.group("parts"))]
    if len(parts) != NUMBERS[m.group("n")]:
        return
    if any(not 1 <= word_count(p) <= 8 or _ITEM_POINTER_RE.search(p) for p in parts):
        return
    question = (
        f"What {m.group('verb')} the {m.group('n')} {m.group('kind')} {m.group('prep')} {m.group('whole')}?"
    )
    if re.match(r"(?:the|a|an)\s", m.group("whole"), re.I):  # "the government" needs its chapter
        question = framed(d, section, question, m.group("whole"))
    if question:
        answer = ", ".join(parts[:-1]) + f" and {parts[-1]}"
        d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def _meant_by(d: Drafter, section: Section, sentence: str) -> None:
    """ "… design, that is to say, the development of …" → "What does the author mean by “design”?"."""
    for m in _GLOSS_RE.finditer(sentence):
        term = as_written(d, _term_tail(m.group("x")))  # "Proportion, that is to say, …" → "proportion"
        gloss = trim_answer((m.group("y") or m.group("py") or "").strip())
        if not term or not gloss or _NOT_A_GLOSS_RE.match(gloss) or _ITEM_POINTER_RE.search(gloss):
            continue
        if re.search(r"\b(?:is|are|was|were|would|could|should|must|can|will|has|have|had)\b", gloss):
            continue  # a clause that restates the sentence, not a gloss on the term
        first = gloss.split(" ", 1)[0].casefold()
        if first not in {"the", "a", "an"} and first not in term.casefold().split():
            continue  # "changes of tempo, that is to say changes from …" glosses; "x, that is, y" may not
        if not 2 <= word_count(gloss) <= 20:
            continue
        question = framed(d, section, f"What does {author(d)} mean by “{term}”?", term)
        if question:
            d.add(section, CardKind.BASIC, question, gloss[:1].upper() + gloss[1:], sentence, 1)


def _term_tail(phrase: str) -> str:
    """The term a gloss follows: the noun phrase's content words at its end ("although design" → "design",
    "the changes of tempo" → "changes of tempo"), or ""."""
    tokens = phrase.split()
    while tokens and tokens[0].casefold() in STOP_WORDS:
        tokens = tokens[1:]
    return " ".join(tokens) if tokens and tokens[-1].casefold() not in STOP_WORDS else ""


def _named_superlative(d: Drafter, section: Section, sentence: str) -> None:
    """ "… music's greatest prop, rhythm, …" → "According to the author, what is music's greatest prop?"."""
    m = _OWNED_SUP_RE.search(sentence)
    if not m or m.group("owner").casefold() in STOP_WORDS:
        return
    holder, noun = m.group("holder"), m.group("noun")
    if (
        POINTER_RE.search(holder)
        or holder.casefold().split()[0] in STOP_WORDS
        or _PARTICIPLE_RE.match(holder)
    ):
        return
    owner = m.group("owner")
    wh = "who" if PERSON_ROLE_RE.search(noun) else "what"
    # the owner says what the rank is within ("music's", "Venice's"): no chapter needed
    question = f"{according(d)}{wh} is {owner}'s {' '.join(m.group('sup').split())} {noun}?"
    d.add(section, CardKind.BASIC, question, holder[:1].upper() + holder[1:], sentence, 1)
