"""A sentence's cloze targets: its most term-like phrases, scored, best first.

A plain (lower-case) target needs a sentence that defines, classifies, explains or contrasts, or
a weaker cue and a term the text keeps using; a name needs a sentence with a fact about it; a
year only dates an event; a measure with its unit is a target of its own. Korean nouns are taken
without the particle written onto them. :mod:`cards.offline.keyterms` picks the sentences.
"""

from __future__ import annotations

import re

from cards.focus import sentence_focus
from cards.offline.drafter import Drafter
from cards.offline.terms import termness, zipf
from cards.terms import KOREAN_PARTICLES
from cards.text import STOP_WORDS, code_terms, whole_word_count, word_spans, words

# The title of a work in quotation marks: 1-6 capitalised words (small words between), no clause
# punctuation inside ("Carmen", "The Pearl Fisher,", "Le roi de Lahore"); quoted speech is longer or
# lower-case.
TITLE_RE = re.compile(
    r"[\"“](?=[A-Z])(?:[A-Z][\w’'-]*|[a-z]{1,4})(?:\s(?:[A-Z][\w’'-]*|[a-z]{1,4}|\d+)){0,5},?[\"”]"
)


def targets(
    sentence: str,
    d: Drafter,
    topics: set[str],
    emphasised: set[str],
    limit: int = 3,
    *,
    strict: bool = True,
    loose: bool = False,
    story: bool = False,
    any_sentence: bool = False,
) -> list[tuple[float, str]]:
    """The sentence's most term-like phrases, best first, with their scores (at most ``limit``)."""
    if _EFFORT_ESTIMATE_RE.search(sentence):
        return []  # "revising the MEL takes an average of 90 work-hours": a cost estimate, not the rule
    original = words(sentence)
    if d.lang == "ko":
        return _korean_targets(sentence, d, topics, limit)
    tokens = [w.casefold() for w in original]
    low = sentence.casefold()
    # the words of a code name ("Rc" and "clone" of "Rc::clone"): half of it is no term, nor a cloze
    spans = code_terms(sentence)
    starts = [match[0] for match in word_spans(sentence)]
    in_code = {index for index, start in enumerate(starts) if any(a <= start < b for a, b in spans)}
    # a word glued to the one before ("--{{trace-flags}} option", "pthread_{{mutex}}"): part of a name
    glued = {index for index, start in enumerate(starts) if start > 0 and sentence[start - 1] in "-_/.:"}
    focus = None if story else sentence_focus(sentence, d.lang)
    if focus is not None and (focus.kind != "quantity" or _STATES_RE.search(sentence)):
        # The sentence says what its fact is (a limit, an exception, a name): that or no cloze.
        key = focus.phrase.casefold()
        once = whole_word_count(key, low) == 1
        defined = focus.kind == "name"  # "it's known as a {{move}}": the sentence defines even the topic
        return [(MEASURE_SCORE, focus.phrase)] if once and (defined or key not in topics) else []
    # A figure is a cue (what the sentence measures), a year alone is not (it dates a story's event too).
    measures = bool(re.search(r"\d", re.sub(r"\b(?:1\d{3}|20\d\d)\b", "", sentence)))
    cue = any_sentence or measures or bool(_CUE_RE.get(d.lang, _NO_CUE).search(sentence))
    defines = any_sentence or bool(_DEFINES_RE.get(d.lang, _NO_CUE).search(sentence))
    # "There was a most extraordinary noise …" brings a thing into a story's scene; it defines nothing
    story_defines = defines and (
        any_sentence or bool(_DEFINES_RE.get(d.lang, _NO_CUE).search(_EXISTENTIAL_RE.sub("", sentence)))
    )
    found: dict[str, float] = {}
    # A quoted title is deleted whole or not at all: "the “{{Hymn}} to the Ancestors”" gives the rest away.
    titles = [m.group(0).strip('"“”,').casefold() for m in TITLE_RE.finditer(sentence)]
    for n in (3, 2, 1):
        for i in range(1, len(tokens) - n + 1):
            phrase = " ".join(tokens[i : i + n])
            if in_code.intersection(range(i, i + n)) or i in glued:
                continue
            if phrase in topics or phrase in found or len(phrase) < 3 or "'" in phrase or "’" in phrase:
                continue
            if n == 1 and phrase in topics:
                continue
            if tokens[i] in _PRESET_WORDS:
                continue  # "the initial {{default value}} is 250": the fact is the 250, not "default"
            if n > 1 and all(w in topics for w in tokens[i : i + n]):
                continue  # the topic in other words ("open-domain {{question answering}}" in its paper)
            if any(phrase != title and whole_word_count(phrase, title) for title in titles):
                continue  # part of a title
            # Half a name ("Walt Disney's {{Donald}} Duck", "Jean {{Philippe Rameau}}") gives the rest away.
            if original[i + n - 1][:1].isupper() and i + n < len(original) and original[i + n][:1].isupper():
                continue
            if n > 1 and original[i].islower() and any(w[:1].isupper() for w in original[i + 1 : i + n]):
                continue  # a verb or a modifier before a name ("{{implement Copy}}"), not a term
            if re.fullmatch(r"1\d{3}|20\d\d", phrase) and not _EVENT_RE.search(sentence):
                continue  # a year is worth learning as the date of an event ("born in 1799")
            last = original[i + n - 1]
            if (
                last[:1].isupper()
                and (at := sentence.find(last)) >= 0
                and _NUMBER_NEXT_RE.match(sentence, at + len(last))
            ):
                continue
            if original[i][:1].isupper() and (
                original[i - 1][:1].isupper()
                or _after_particles(original, tokens, i)
                or _before_particles(original, tokens, i + n)
                or (
                    f"({original[i]} " in sentence
                    and re.search(rf"\({re.escape(original[i])} [a-z]+\)", sentence)
                )  # a genus: "(Cairina moschata)"
            ):
                continue
            after = tokens[i + n] if i + n < len(tokens) else ""
            if d.lang == "en" and tokens[i - 1] in _VERB_LEADERS and original[i].islower():
                continue  # an infinitive or a verb after a modal ("to {{retard}}", "can {{compile}}")
            modifies_next = after.isalpha() and after not in STOP_WORDS and original[i + 1 : i + 2] == [after]
            if n == 1 and original[i].islower() and modifies_next:
                continue  # a modifier of the next word ("almost {{haphazard}} successes")
            if (
                tokens[i - 1] in _ARTICLES
                and original[i + n : i + n + 1] == [after]
                and _noun_after(after)
                and d.all_low.count(f"{phrase} {after}") >= 2
            ):
                # "the {{Valgrind}} gdbserver", "the {{Memcheck monitor}} command": the modifier of a
                # compound the text keeps using, blanked, is guessed from the noun it modifies
                continue
            if (
                after in _VERB_FOLLOWERS
                and tokens[i + n - 1].endswith("s")
                and not original[i + n - 1].isupper()
            ):
                continue  # a verb ("the FAA {{proposes}} to", "accuracy {{improves}} as"), not a term
            if strict and n == 1 and any(d.all_low.count(pair) >= 2 for pair in _pairs(tokens, i)):
                continue  # half of a compound the text keeps using ("at {{compile}} time")
            recurring = d.term_counts[phrase] if n == 1 else d.all_low.count(phrase)
            named = all(w[:1].isupper() for w in original[i : i + n])
            plain = n == 1 and zipf(phrase, d.lang) >= 3.5
            # Expository text (``loose``): a rare term in a sentence with any cue, even used once.
            # A single plain word of the looser tier is a noun (after an article or a modifier: "the
            # {{mallard}}", "serrated {{pectens}}") or one the text uses again: "in a way {{commensurate}}
            # with", "the drum {{antedates}} all" are words of this sentence, not terms of the text.
            loose_ok = (
                loose
                and not plain
                and (n > 1 or not original[i].islower() or recurring >= 2 or _noun_position(tokens, i))
            )
            needs = defines or (cue and (recurring >= 3 or loose_ok))
            if not named and phrase not in emphasised and not needs:
                continue  # a plain word of a sentence that neither defines, explains nor compares
            if tokens[i] in _GENERIC_HEADS and n > 1:
                continue  # "{{kinds of fanciful}} names": a classifier, not the thing classified
            if story and not (story_defines or _EVENT_RE.search(sentence)):
                continue  # in a story only what the text defines or dates is a fact to learn
            if named and not (cue or _EVENT_RE.search(sentence)):
                continue  # a name in a sentence that says nothing about it worth learning
            if n > 1 and original[i + n - 1].islower() and re.search(r"(ed|ly)$", original[i + n - 1]):
                continue  # a clause or a description ("leaves {{trembled}}"), not a term
            if n > 1 and original[i + n - 1].islower() and _subject_and_verb(tokens[i : i + n], after):
                continue  # "{{uninitialised values originating}} from", "higher {{levels result}} in"
            if n > 1 and any(w.isupper() and len(w) > 1 for w in original[i : i + n]) and not named:
                continue  # an acronym with a common word ("high {{AOA}} event"): a guess, not a term
            if (
                n == 1
                and original[i].isupper()
                and i > 0
                and sentence[: sentence.find(original[i])].endswith("(")
            ):
                continue  # an acronym right after its expansion ("master minimum equipment list (MMEL)")
            score = termness(
                " ".join(original[i : i + n]),  # its case: a name is no glued pair nor an adjective
                d.lang,
                in_section=recurring,
                emphasised=phrase in emphasised,
                strict=strict,
            )
            if score <= 0:
                continue
            if whole_word_count(phrase, low) != 1:
                continue  # repeated: another occurrence would give the answer away (Q8)
            found[phrase] = score
    for m in _MEASURE_RE.finditer(sentence):
        # A figure with its unit, in a sentence that names what it measures ("DPR … 78.4%").
        figure = m.group(0).strip()
        # a name says what is measured; in an exposition the sentence's own subject does too
        # (the sentence was already found to stand alone); a story's "two hours" is a moment
        subject = any(w[:1].isupper() or w.isupper() for w in original[1:]) or (
            not story and bool(_FINITE_VERB_RE.search(sentence))  # not a fragment ("More than 10 …")
        )
        if _STEP_RE.search(sentence):
            break  # "The Emperor then prostrates himself nine times, after which …": a moment of a rite
        if subject and low.count(figure.casefold()) == 1 and figure.casefold() not in found:
            found[figure] = MEASURE_SCORE
    if (
        not story
        and (_COMPARES_RE.search(sentence) or _SCOPE_RE.search(sentence))
        and _FINITE_VERB_RE.search(sentence)
    ):
        # A count in a comparison is its result: "trained on only {{1,000 examples}}, DPR already
        # outperforms BM25"; in a statement of scope, what a rule reaches ("affects {{73 airplanes}}").
        for m in _COUNT_RE.finditer(sentence):
            figure = m.group(0)
            if low.count(figure.casefold()) == 1 and figure.casefold() not in found:
                found[figure] = MEASURE_SCORE
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], low.find(kv[0].casefold())))
    return [(score, phrase) for phrase, score in ranked[:limit]]


# Numbers with a unit or a percent sign: "78.4%", "8.8 hours" ("21,015,324 passages" is a count and
# "32GB" a specification: neither is taken).
_MEASURE_RE = re.compile(
    r"(?<![\w.,])(?:\d+(?:[.,]\d+)*|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
    r"a hundred|a thousand|a million) (?=[a-z]))\s?"
    r"(?:%|percent\b|per cent\b|×|(?:ms|s|h|hours?|minutes?|seconds?|days?|"
    r"years?|km|m|cm|mm|kg|g|mg|°C|°F|K|times)\b|"
    # a rate: "23.7 questions per second"
    r"(?:[a-z]+\s){1,2}per\s(?:second|minute|hour|day|year|query|question|request)\b)"
)
# The labour a rule or a project is estimated to cost ("an average of 90 work-hours per operator",
# "at $85 per work-hour"): a regulation's cost of compliance, which no reader studies.
_EFFORT_ESTIMATE_RE = re.compile(r"\b(?:work|person|man|labou?r|staff)[- ]hours?\b|\blabou?r rate\b", re.I)
# One step of a sequence told in order ("X then bows …", "…, after which he …"): its count or duration
# is a moment of the rite or the story, not a measure to learn.
_STEP_RE = re.compile(r"\b(?:then|next|afterwards)\s+(?:[a-z]{3,}ly\s+)?[a-z]{3,}(?:s|ed)\b|\bafter which\b")
# A result compared ("more than 10 degrees" is a threshold, not a result: "than" is no cue here).
# A capitalised word with a number after it ("Table 2", "Python 3"): not blanked alone.
_NUMBER_NEXT_RE = re.compile(r"\s+\d")
_COMPARES_RE = re.compile(r"\b(?:outperforms?|outperformed|beats?|better|worse|faster|slower)\b")
# What a rule or a measure reaches: "this AD affects 73 airplanes", "applies to 12 counties".
_SCOPE_RE = re.compile(r"\b(?:affects?|affected|would affect|appl(?:y|ies) to)\b")
# A count of things: "1,000 examples", "500 articles" (not a year, not an ordinal, not a page).
_COUNT_RE = re.compile(r"(?<![\w.,])(?!1\d{3}\b|20\d\d\b)\d{1,3}(?:,\d{3})*\+? (?!per\b)[a-z]{3,}s\b")
# A statement, not a fragment ("More than 10 degrees difference for …"): a finite verb or a modal.
_STATES_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|can|may|might|must|should|could|would|shall|does|do|did|"
    r"[a-z]{3,}ed)\b"
)
_FINITE_VERB_RE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|can|takes?|took|lasts?|[a-z]{3,}ed)\b")
#: A figure with its unit outranks any term of its sentence: the value is the fact to learn
#: ("takes {{8.5 hours}}", not "building the {{FAISS}} index takes 8.5 hours").
MEASURE_SCORE = 4.0
# What makes a sentence worth studying: it defines, classifies, explains, compares or measures.
_CUE_RE = {
    "en": re.compile(
        r"\b(?:(?:is|are|was|were) (?:a(?! (?:little|bit|lot|few)\b)|an|called|known|defined|named|termed|"
        r"one|composed|made|"
        r"used|divided)|also called|known as|defined as|refers? to|means|consists? of|comprises?|"
        r"contains?|includes?|composed of|made up of|kinds? of|types? of|forms? of|because|since|so that|"
        r"therefore|thus|hence|due to|causes?|leads? to|results? in|allows?|enables?|prevents?|"
        r"than|unlike|whereas|instead of|rather than|compared|differs?|invented|introduced|founded|"
        r"discovered|developed|born|died|first|only|most|least|such as|including|descended from|"
        r"derived from|evolved|adapted|used (?:to|for|in|by)|found (?:in|on)|to prevent|to avoid|"
        # a rule: what happens by itself or at a stage ("must", "always" are as often an essayist's)
        r"automatically|at (?:compile|run) ?time|at runtime|only if|only when|"
        r"instead|outperforms?|faster|slower|better|worse|higher|lower|"
        # a classification or a general rule
        r"belongs? to|makes? up|members? of|part of|native to|endemic to|generally|usually|mostly|"
        r"mainly|typically)\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:(?:est|sont|était|étaient) (?:un(?! peu\b)|une|des|appelée?s?|nommée?s?|composée?s?|"
        r"formée?s?)|"
        r"s’appelle|s'appelle|signifie|veut dire|désigne|parce que|car|donc|grâce à|à cause de|"
        r"plus \w+ que|moins \w+ que|que l’on|premier|première|inventé|fondé|né|mort)\b",
        re.I,
    ),
    "de": re.compile(
        r"\b(?:ist ein|ist eine|sind|heißt|bezeichnet|bedeutet|besteht aus|weil|da|deshalb|daher|"
        r"als|erste)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(?:es un|es una|son|se llama|llamad[oa]s?|significa|consiste en|porque|por eso|"
        r"más \w+ que|menos \w+ que|primer[oa]?)\b",
        re.I,
    ),
}
# The word that says a value is preset: blanked, it asks for itself ("By ___, the Server does not …").
_PRESET_WORDS = frozenset(["default", "defaults"])
# Name particles: "Walther von der {{Vogelweide}}" is half a name.
_PARTICLES = frozenset(["von", "van", "der", "den", "de", "du", "da", "di", "del", "la", "le"])
_GENERIC_HEADS = frozenset(
    ["kind", "kinds", "type", "types", "sort", "sorts", "form", "forms", "part", "parts"]
)
# The events a year dates.
_EVENT_RE = re.compile(
    r"\b(?:born|died|founded|built|published|invented|introduced|composed|written|wrote|established|"
    r"began|ended|discovered|released|adopted|elected|appointed|né|née|mort|morte|fondée?|geboren|"
    r"gestorben|nació|murió)\b",
    re.I,
)
# The stronger cues a common-looking word needs: the sentence defines, classifies, explains or contrasts it.
_EXISTENTIAL_RE = re.compile(r"\bthere (?:is|are|was|were)\b", re.I)
_DEFINES_RE = {
    "en": re.compile(
        # "was a little startled", "est un peu méchant": a degree, not a definition
        r"\b(?:(?:is|are|was|were) (?:a(?! (?:little|bit|lot|few)\b)|an|the|called|known|defined|named|"
        r"termed|composed|made|divided)|"
        r"also called|known as|defined as|refers? to|means|consists? of|comprises?|composed of|"
        r"made up of|kinds? of|types? of|that is|i\.e\.|because|so that|therefore|due to|leads? to|"
        r"results? in|prevents?|than|unlike|whereas|instead of|rather than|compared|differs?)\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:(?:est|sont) (?:un(?! peu\b)|une|des|appelée?s?|nommée?s?|composée?s?|formée?s?)|"
        r"s’appelle|s'appelle|"
        r"signifie|veut dire|désigne|parce que|c’est-à-dire|plus \w+ que|moins \w+ que)\b",
        re.I,
    ),
    "de": re.compile(
        r"\b(?:ist ein|ist eine|heißt|bezeichnet|bedeutet|besteht aus|weil|deshalb|als)\b", re.I
    ),
    "es": re.compile(
        r"\b(?:es un|es una|se llama|llamad[oa]s?|significa|consiste en|porque|más \w+ que|menos \w+ que)\b",
        re.I,
    ),
}
# Languages without a cue list: any sentence may carry a term.
_NO_CUE = re.compile(r"")
_VERB_LEADERS = frozenset(
    [
        "to",
        "not",
        "did",
        "does",
        "do",
        "will",
        "would",
        "can",
        "could",
        "must",
        "may",
        "might",
        "should",
        "shall",
    ]
)
# (a count after it too: "each item in a cons {{list contains}} two elements")
_VERB_FOLLOWERS = frozenset(
    [
        "to",
        "that",
        "the",
        "a",
        "an",
        "as",
        "with",
        "by",
        "from",
        "into",
        "on",
        "in",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "several",
    ]
)


# Korean particles written onto the noun they follow, longest first: the noun is the term ("재해로" → "재해").
_KOREAN_VERB_ENDS = ("하", "되", "했", "된", "한", "였", "있", "없", "않")
# A Korean noun: Hangul, with the figures of a name or a grade inside ("제2급감염병", "U코드" is not one).
_HANGUL_RE = re.compile(r"^(?=.*[\uac00-\ud7a3]{2})[\uac00-\ud7a30-9]+$")


def korean_noun(token: str) -> str:
    """The noun of a Korean word with a particle ("재해보험금을" → "재해보험금"), or "" when it has none.

    A word that takes a particle is a noun; a verb or an adjective ends otherwise ("지급하는").
    """
    for particle in KOREAN_PARTICLES:
        stem = token[: -len(particle)]
        if token.endswith(particle) and len(stem) >= 2 and _HANGUL_RE.match(stem):
            # "보장하는", "인정된": a verb's or an adjective's ending, not a particle
            return "" if stem.endswith(_KOREAN_VERB_ENDS) else stem
    return ""


def _korean_targets(sentence: str, d: Drafter, topics: set[str], limit: int) -> list[tuple[float, str]]:
    """Nouns the text keeps using (no word frequencies for Korean), longest first, without their particles."""
    found: dict[str, float] = {}
    for token in words(sentence):
        noun = korean_noun(token)
        if not noun or noun in topics or noun in found:
            continue
        recurring = d.all_text.count(noun)
        if recurring >= 2 and sentence.count(noun) == 1:
            found[noun] = 1.0 + min(len(noun), 8) / 8 + min(recurring, 5) / 10
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], sentence.find(kv[0])))
    return [(score, noun) for noun, score in ranked[:limit]]


_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "that",
        "these",
        "those",
        "some",
        "many",
        "several",
        "each",
        "every",
        "no",
    ]
)


# After a participle or a verb, the words that start what it does: "originating from", "result in".
_PARTICIPLE_FOLLOWERS = frozenset(["from", "to", "into", "with", "by", "at", "as"])


def _subject_and_verb(phrase: list[str], after: str) -> bool:
    """A phrase that runs from a noun into the verb after it: "values originating from", "name
    starting from" (a participle before a preposition), "levels result in" (a plural, then a bare
    verb before its preposition); blanking it hides half a clause ("{{levels result}}"), not a term.
    "error handling in", "memory pools in" are terms."""
    last, before = phrase[-1], phrase[-2]
    if last.endswith("ing") and after in _PARTICIPLE_FOLLOWERS:
        return True
    plural = before.endswith("s") and not before.endswith(("ss", "us", "is"))
    return plural and not last.endswith("s") and after in _VERB_FOLLOWERS and after not in _DETERMINERS


_ARTICLES = frozenset(["the", "a", "an"])


def _noun_after(word: str) -> bool:
    """``word`` after a phrase that follows an article reads as the noun it modifies, not a verb or an
    adverb: "the Valgrind {{gdbserver}}" (not "the Nile flows", "the tool never", "the checker rejected")."""
    if len(word) <= 2 or word in STOP_WORDS or not word.isalpha():
        return False
    return not word.endswith(("s", "ed", "ly")) and word not in _VERB_LEADERS


def _noun_position(tokens: list[str], i: int) -> bool:
    """Token ``i`` follows an article, a possessive or a participle modifier: it is a noun."""
    before = tokens[i - 1] if i > 0 else ""
    return before in _DETERMINERS or (len(before) > 4 and before.endswith("ed"))


def _after_particles(original: list[str], tokens: list[str], i: int) -> bool:
    """Token ``i`` follows a name and its particles ("Walther von der Vogelweide")."""
    j = i - 1
    while j > 0 and tokens[j] in _PARTICLES:
        j -= 1
    return j < i - 1 and original[j][:1].isupper()


def _before_particles(original: list[str], tokens: list[str], end: int) -> bool:
    """The phrase ending before ``end`` is followed by particles and a name ("Walther von der Vogelweide")."""
    j = end
    while j < len(tokens) and tokens[j] in _PARTICLES:
        j += 1
    return end < j < len(original) and original[j][:1].isupper()


def _pairs(tokens: list[str], i: int) -> list[str]:
    """The two-word phrases token ``i`` forms with its neighbours (content words only)."""
    out = []
    if i > 0 and tokens[i - 1] not in STOP_WORDS:
        out.append(f"{tokens[i - 1]} {tokens[i]}")
    if i + 1 < len(tokens) and tokens[i + 1] not in STOP_WORDS:
        out.append(f"{tokens[i]} {tokens[i + 1]}")
    return out
