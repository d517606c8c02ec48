"""Definitions the author wrote out: emphasised terms, glossary lines, copula sentences, acronyms.

* "**Term**: definition", "**Term** is …", "… is called **term**", else a cloze on the term;
* glossary lines ("Term: definition", "Term — definition");
* copula definitions ("X is a/an/the Y", "X refers to Y", "Y is called X");
* causes stated outright ("X is Y because Z" → "Why is X Y?");
* acronyms ("Long Form (LF)", Schwartz-Hearst matching with an initial-letter check;
  bibliographies and boilerplate skipped).
"""

from __future__ import annotations

import re

from cards.offline.clean import (
    DANGLING_RE,
    PRONOUN_START_RE,
    complete_sentence,
    detach,
    leans_on_context,
    noise,
    trim_answer,
    units,
)
from cards.offline.drafter import CALLED, MEANS, REFERS, STANDS_FOR, WHAT_ARE, WHAT_IS, Drafter
from cards.offline.terms import (
    BAD_TERMS,
    cloze_once,
    emphasis_term_ok,
    glossary_term,
    good_term,
    names_something,
    not_self_referential,
    schwartz_hearst,
    zipf,
)
from cards.schema import CardKind
from cards.text import STOP_WORDS, collapse_spaces, normalize, split_sentences, word_count, words
from documents.model import Section

_PLURAL_VERBS = {"are", "sont", "sind", "son"}
_EMPH_DEF_SEP = (
    r"\s*(?::|\s[—–-]\s|,?\s+(?P<verb>is|are|refers to|means|denotes|est|sont|ist|sind|es|son)\s)\s*"
)
_LIST_MARK_RE = re.compile(r"^\s*(?:[-*+•‣▪◦]|\d{1,2}[.)])\s+")


def emphasis(d: Drafter, section: Section, text: str) -> None:
    """Cards on the terms the author emphasised (``**term**``).

    "**Term**: definition", "**Term** — definition" and "**Term** is/refers to …" give a
    question on the term; "… is called **term**" a question on the name; any other
    sentence of 8-40 words holding the term a cloze on it.
    """
    terms = [t for t in d.emphasised.get(id(section), []) if emphasis_term_ok(t)]
    if not terms:
        return
    sentences = [s for unit in units(text) for s in split_sentences(unit)]
    for term in terms:
        for sentence in sentences:
            if _emphasis_card(d, section, term, sentence):
                break


def _emphasis_card(d: Drafter, section: Section, term: str, sentence: str) -> bool:
    body = _LIST_MARK_RE.sub("", sentence).rstrip(".!")
    lead = rf"^(?P<art>(?:an?|the|le|la|les|l’|l'|der|die|das|el|los|las)\s+)?{re.escape(term)}"
    m = re.match(lead + _EMPH_DEF_SEP + r"(?P<d>\S.{5,})$", body, flags=re.I)
    if m and not_self_referential(term, m.group("d")):
        verb = (m.group("verb") or "").casefold()
        templates = WHAT_ARE if verb in _PLURAL_VERBS else MEANS if verb == "means" else WHAT_IS
        term_text = (m.group("art") or "").lower() + term
        return d.term_card(section, term_text, trim_answer(m.group("d")), sentence, templates)
    named = rf"^(?P<d>.{{6,80}}?)\s+(?:is|are)\s+(?:called|known as|termed)\s+{re.escape(term)}$"
    called = re.search(named, body, flags=re.I)
    if called and CardKind.BASIC in d.kinds:
        q = d.question(CALLED, called.group("d")[:1].lower() + called.group("d")[1:], section)
        if q:
            return d.add(section, CardKind.BASIC, q, term, sentence, 0)
    if (
        CardKind.CLOZE in d.kinds
        and 8 <= word_count(body) <= 40
        and not leans_on_context(body)
        and not noise(body)
        and complete_sentence(sentence)
        and normalize(sentence) not in d.used_sentences
        and len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", sentence, flags=re.I)) == 1
    ):
        cloze = cloze_once(sentence, term)
        if cloze:
            return d.add(section, CardKind.CLOZE, cloze, "", sentence, 1)
    return False


_GLOSSARY_RE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?P<term>[^\W\d_][^:—–\n]{0,60}?)\s*(?::|\s[—–]\s)\s*(?P<d>\S.{8,})$"
)
_ITEM_RE = re.compile(r"^\s*(?:[-*+•‣▪◦]|\d{1,2}[.)]|[a-z][.)])\s+(?P<item>\S.*)$")


def glossary(d: Drafter, section: Section, text: str) -> None:
    """ "Term: definition" and "Term — definition" lines."""
    previous = ""
    for line in text.splitlines():
        m = _GLOSSARY_RE.match(line)
        # A glossary line starts a line of its own, not a wrapped sentence ("…a stack of\nplates: When…").
        starts_line = (
            not previous.strip()
            or previous.rstrip().endswith((".", ":", "!", "?"))
            or bool(_GLOSSARY_RE.match(previous) or _ITEM_RE.match(previous))
        )
        previous = line
        if not m or "http" in line.casefold() or not starts_line or noise(line):
            continue
        term, definition = collapse_spaces(m.group("term")), m.group("d")
        if not glossary_term(term, definition, d.term_counts):
            continue
        d.term_card(section, term, trim_answer(definition), line, WHAT_IS)


_ARTICLES = r"(?:a|an|the|one|any|un|une|le|la|les|des|ein|eine|der|die|das|el|los|las|una|uno)"
_COPULA_RE = re.compile(
    rf"^(?P<art>(?:an?|the|le|la|les|l’|l'|der|die|das|el|los|las)\s+)?(?P<term>[^\s,;:()]+(?:\s+[^\s,;:()]+){{0,4}}?)"
    rf"(?P<abbr>\s+\([A-Z][A-Za-z]{{1,7}}\))?"  # "Open-domain question answering (QA) is a task …"
    rf"\s+(?P<verb>is|are|est|sont|ist|sind|es|son)\s+(?P<d>{_ARTICLES}\s+.{{8,}})$",
    re.I,
)
# "Paul is a bit naughty": a description of degree, not a definition.
_DEGREE_RE = re.compile(r"^\S+\s+(?:peu|bit|little|lot|very|so|too|tiny)\b", re.I)
_REFERS_RE = re.compile(
    r"^(?P<art>(?:an?|the)\s+)?(?P<term>[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)\s+"
    r"(?P<verb>refers to|means|denotes|stands for)\s+(?P<d>.{6,})$",
    re.I,
)
_CALLED_RE = re.compile(
    r"^(?P<d>(?:an?|the)\s+.{6,80}?)\s+(?:is|are)\s+(?:called|known as|termed)\s+(?P<term>.{2,60}?)[.]?$",
    re.I,
)
# "X, also called Y, …" / "X (also known as Y)": Y names X.
_ALSO_CALLED_RE = re.compile(
    r"^(?P<art>(?:an?|the)\s+)?(?P<term>[^\s,;:()]+(?:\s+[^\s,;:()]+){0,3}?)\s*[,(]\s*"
    r"(?:also )?(?:called|known as)\s+"
    r"(?P<alias>[^,;:()]{2,40}?)\s*[,)]",
    re.I,
)


# "a device that forwards packets": a kind and what sets it apart, the shape of a definition.
_GENUS_RE = re.compile(
    r"^(?:an?|the)\s+(?:[\w\-]+\s+){0,3}?[\w\-]+\s+(?:that|which|who|whose|in which|where|used (?:to|for))\s",
    re.I,
)
#: A word the text uses once must be rarer than this (``wordfreq`` zipf) to be defined on its own.
DEFINED_TERM_ZIPF = 4.0


def _genus_definition(m: re.Match[str], lang: str) -> bool:
    """ "A router is a device that forwards packets": a term used once, defined by kind and difference.

    The term must be a word of some rarity (not "the result", "the point") and, with its
    article, not "the X" alone in a sentence that only describes ("The result is a list that …").
    """
    term, article = m.group("term"), (m.group("art") or "").strip().casefold()
    tokens = words(term)
    if article not in {"a", "an"} or not tokens or not all(t.islower() for t in tokens):
        return False
    if tokens[-1].casefold() in STOP_WORDS or len(tokens) > 3:
        return False
    return bool(_GENUS_RE.match(m.group("d"))) and zipf(tokens[-1], lang) < DEFINED_TERM_ZIPF


def definition(d: Drafter, section: Section, sentence: str) -> None:
    """Copula and "refers to" definitions, "… is called X", "X, also called Y"."""
    body = detach(sentence).rstrip(".!")  # without citations: "X (Lee et al., 2019) is a Y"
    if PRONOUN_START_RE.match(body) or DANGLING_RE.search(body) or word_count(body) > 60 or noise(body):
        return
    if (
        (m := _COPULA_RE.match(body))
        and (good_term(m.group("term"), d.term_counts) or _genus_definition(m, d.lang))
        and not _DEGREE_RE.match(m.group("d"))
    ):
        name = m.group("term")
        if len(name.split()) > 1 and name.split()[0][1:].islower() and name.split()[1][:1].islower():
            name = name[:1].lower() + name[1:]  # capitalised only because it opens the sentence
        term = (m.group("art") or "").lower() + name + (m.group("abbr") or "")
        plural = m.group("verb").casefold() in _PLURAL_VERBS
        answer = trim_answer(m.group("d"))
        if not_self_referential(m.group("term"), answer):
            d.term_card(section, term, answer, sentence, WHAT_ARE if plural else WHAT_IS)
    elif (m := _REFERS_RE.match(body)) and good_term(m.group("term"), d.term_counts):
        term = (m.group("art") or "").lower() + m.group("term")
        templates = MEANS if m.group("verb").casefold() == "means" else REFERS
        d.term_card(section, term, trim_answer(m.group("d")), sentence, templates)
    elif (m := _CALLED_RE.match(body)) and word_count(m.group("term")) <= 6:
        q = d.question(CALLED, m.group("d")[:1].lower() + m.group("d")[1:], section)
        if q and CardKind.BASIC in d.kinds:
            d.add(section, CardKind.BASIC, q, m.group("term").strip(" .,"), sentence, 0)
    elif (m := _ALSO_CALLED_RE.match(body)) and good_term(m.group("term"), d.term_counts):
        alias = m.group("alias").strip()
        if good_term(alias, d.term_counts, allow_lower=True) and CardKind.BASIC in d.kinds:
            q = d.question(
                {"en": "What is another name for {t}?"}, (m.group("art") or "").lower() + m.group("term")
            )
            if q:
                d.add(section, CardKind.BASIC, q, alias, sentence, 0)


_BECAUSE_RE = re.compile(
    r"^(?P<subj>[A-Z][^,;:()]{2,80}?)\s+(?P<aux>is|are|was|were|can|cannot|must|will|has|have|does)\s+"
    r"(?P<pred>[^,;:()]{3,100}?),?\s+because\s+(?P<reason>[^;]{8,200})$"
)
WHY = {"en": "Why {aux} {t}?"}
_CLAUSE_WORDS = frozenset(["you", "we", "i", "they", "he", "she", "it", "that", "this", "which", "who", "if"])


# "X requires more work because Z": a verb in the third person singular or plural.
_BECAUSE_VERB_RE = re.compile(
    r"^(?P<subj>[A-Z][^,;:()]{2,80}?)\s+(?P<verb>[a-z]{3,}(?<!ss)s)\s+"
    r"(?P<pred>[^,;:()]{3,100}?),?\s+because\s+(?P<reason>[^;]{8,200})$"
)
# An opening connective that only links to the previous sentence ("Comparatively, …").
_OPENER_RE = re.compile(r"^(?:Comparatively|In comparison|By contrast|In contrast|In general|Generally),\s+")
_AUX_START_RE = re.compile(r"(?:is|are|was|were|can|cannot|must|will|has|have|do|does|did|would|could)\b")
_ES_ENDS = ("ches", "shes", "sses", "xes", "zes")
#: A sentence's first word this common in lower case is a word, not a name ("Pushing", not "Grétry").
_COMMON_WORD_ZIPF = 2.5
_NOT_VERBS = frozenset(["this", "its", "has", "was", "is", "as", "us", "thus", "always", "perhaps", "less"])


def because(d: Drafter, section: Section, sentence: str) -> None:
    """ "X is Y because Z" → "Why is X Y?" / "Because Z": a cause the text states outright.

    "X requires Y because Z" → "Why does X require Y?" likewise.
    """
    body = _OPENER_RE.sub("", sentence.rstrip(".!"))
    body = body[:1].upper() + body[1:]
    head, _, _ = body.partition("; ")  # "… because the allocator never searches; that location is …"
    if " because " in head:
        body = head
    m = _BECAUSE_RE.match(body)
    if (
        not m
        and (v := _BECAUSE_VERB_RE.match(body))
        and v.group("verb") not in _NOT_VERBS
        and v.group("subj").split()[-1].casefold() not in STOP_WORDS
        and not _AUX_START_RE.match(v.group("pred"))  # "functions are …": the noun, not a verb
    ):
        verb = v.group("verb")
        base = (
            verb[:-3] + "y" if verb.endswith("ies") else verb[:-2] if verb.endswith(_ES_ENDS) else verb[:-1]
        )
        m = _BECAUSE_RE.match(f"{v.group('subj')} does {base} {v.group('pred')} because {v.group('reason')}")
    if not m or CardKind.BASIC not in d.kinds or noise(body):
        return
    if PRONOUN_START_RE.match(body) or DANGLING_RE.search(body):  # a gerund subject is a subject here
        return
    subject, first = m.group("subj"), m.group("subj").split(" ", 1)[0]
    if word_count(subject) > 10 or {w.casefold() for w in words(subject)} & _CLAUSE_WORDS:
        return  # a clause, not a subject ("Beware of thinking that you …")
    lowered = first[:1].lower() + first[1:]
    if not (first.isupper() or any(ch.isupper() for ch in first[1:])) and (
        re.search(rf"(?<!\w){re.escape(lowered)}(?!\w)", d.all_text)
        or first.casefold() in STOP_WORDS
        or zipf(lowered, d.lang) >= _COMMON_WORD_ZIPF
    ):
        # "Accessing data …" inside a question; a name ("Grétry writes …"), never used in lower case, stays
        subject = subject[:1].lower() + subject[1:]
    if re.search(r"\b(?:this|these|those)\b", m.group("pred"), re.I):
        return  # "Why is the FAA proposing this AD?": which one is in the previous sentence
    q = d.question(WHY, f"{subject} {m.group('pred')}", aux=m.group("aux").casefold())
    if q:
        d.add(section, CardKind.BASIC, q, "Because " + trim_answer(m.group("reason")), sentence, 0)


# "When X, Y." / "If X, Y.": a condition and what follows from it, stated outright.
_CONDITION_RE = re.compile(
    r"^(?P<word>When|If|Once|Whenever)\s+(?P<cond>[^,;:()]{8,120}?),\s+(?P<result>[^;:]{12,220})$"
)
_DETERMINERS = frozenset(["the", "a", "an", "each", "every", "all", "any", "no", "both", "its", "their"])
_HAPPENS = {"en": "What happens {w} {t}?"}
# The voice of an author or a reader's own steps, and pointers back: no standalone question.
_CONDITION_VOICE_RE = re.compile(r"\b(?:we|our|us|I|my|let|try|see|this|these|those|above|below)\b", re.I)


# "Appendix C – provides student writing exemplars": a name, a dash and what it is or does.
_DASH_RE = re.compile(r"^(?P<term>[A-Z][\w’'.-]*(?: [\w’'.-]+){0,3}) [–—] (?P<d>[a-z][^–—]{12,200})$")


def dash_definition(d: Drafter, section: Section, sentence: str) -> None:
    """ "X – provides Y" → "What does X provide?"; "X – a Y" → "What is X?" (slides, glossaries)."""
    m = _DASH_RE.match(detach(sentence).rstrip("."))
    if not m or CardKind.BASIC not in d.kinds or noise(sentence) or d.lang != "en":
        return
    term, body = m.group("term"), m.group("d").strip()
    if term.casefold() in BAD_TERMS or word_count(body) < 4 or PRONOUN_START_RE.match(body):
        return
    verb, _, rest = body.partition(" ")
    # A slide's "Appendix B" is the appendix of what its heading names.
    context = d.context_of(section)
    frame = f"In {context}, w" if context and context.strip("“”").casefold() not in term.casefold() else "W"
    if verb.endswith("s") and not verb.endswith("ss") and verb not in _NOT_VERBS and rest:
        base = (
            verb[:-3] + "y" if verb.endswith("ies") else verb[:-2] if verb.endswith(_ES_ENDS) else verb[:-1]
        )
        d.add(section, CardKind.BASIC, f"{frame}hat does {term} {base}?", trim_answer(rest), sentence, 1)
    elif body.split()[0] in {"a", "an", "the"}:
        d.add(section, CardKind.BASIC, f"{frame}hat is {term}?", trim_answer(body), sentence, 1)


def condition(d: Drafter, section: Section, sentence: str) -> None:
    """ "When X, Y." → "What happens when X?" / "Y": a consequence the text states outright."""
    body = detach(sentence).rstrip(".!")
    m = _CONDITION_RE.match(body)
    if not m or CardKind.BASIC not in d.kinds or noise(body) or "?" in body:
        return
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
    if not names_something(cond, d.lang):
        return  # "What happens if the airplane is on the ground?": which airplane, in what procedure?
    template = _HAPPENS.get(d.lang)
    if not template:
        return
    q = template.format(w=m.group("word").lower(), t=cond)
    d.add(section, CardKind.BASIC, q, result[:1].upper() + result[1:], sentence, 1)


_ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z&\-]{0,8}[A-Z]s?)\)")


def acronyms(d: Drafter, section: Section, sentence: str) -> None:
    """ "Long Form (LF)" → "What does LF stand for?" (in the document's context when it has one)."""
    if noise(sentence):
        return
    for m in _ACRONYM_RE.finditer(sentence):
        short = m.group(1)
        long_form = schwartz_hearst(
            short.rstrip("s") if short.endswith("s") else short, sentence[: m.start()]
        )
        if long_form and normalize(long_form) != normalize(short):
            d.term_card(section, short, long_form, sentence, STANDS_FOR)


# "The pecten is also used to preen feathers": what a named thing is for.
_USED_FOR_RE = re.compile(
    r"^(?P<subj>(?:(?:an?|the)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)\s+(?P<aux>is|are)\s+"
    r"(?:also\s+|mainly\s+|mostly\s+|often\s+|commonly\s+|usually\s+|typically\s+|primarily\s+)?"
    r"used\s+(?P<how>to|for)\s+(?P<purpose>[^;:]{6,160})$",
    re.I,
)
# "A String is made up of three parts: …", "The hexameter consists of six feet": what a thing is made of.
_MADE_OF_RE = re.compile(
    r"^(?P<subj>(?:(?:an?|the|each|every)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)\s+"
    r"(?:(?P<aux>is|are|was|were)\s+(?P<verb>made up of|composed of|divided into|split into)|"
    r"(?P<plain>consists of|consist of|consisted of))\s+(?P<parts>[^;]{6,160})$",
    re.I,
)
# "You can use X to Y", "We use X for Y": the reader's or author's voice around what X is used for.
_VOICE_USE_RE = re.compile(
    r"^(?:you|we|one)\s+(?:can\s+|could\s+|may\s+|might\s+|should\s+)?(?:also\s+|then\s+)?use\s+"
    r"(?P<subj>(?:(?:an?|the)\s+)?[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)\s+"
    r"(?P<how>to|for)\s+(?P<purpose>[^;:]{6,160})$",
    re.I,
)
_VOICE_WORDS_RE = re.compile(r"\b(?:you|your|we|our|us|I|my)\b", re.I)
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
    if (
        (v := _VOICE_USE_RE.match(body))
        and not _VOICE_WORDS_RE.search(v.group("purpose"))
        # "use X to do Y", "use X for doing Y"; "use X for large datasets" is a scope, not a purpose
        and (v.group("how").casefold() == "to" or re.match(r"[a-z]+ing\b", v.group("purpose")))
    ):
        # said impersonally: "You can use X to Y" → "X is used to Y" → "What is X used for?"
        subject = v.group("subj")
        plural = subject.endswith("s") and not subject.endswith("ss") and not subject.isupper()
        body = f"{subject[:1].upper()}{subject[1:]} {'are' if plural else 'is'} used {v.group('how')} "
        body += v.group("purpose")
    if DANGLING_RE.search(body) or leans_on_context(body):
        return  # "made up of three parts, shown on the left"
    if m := _USED_FOR_RE.match(body):
        subject = _subject_phrase(m.group("subj"), d.lang, d.all_text)
        answer = trim_answer(m.group("purpose"))
        if subject and word_count(answer) >= 2 and not PRONOUN_START_RE.match(answer):
            lead = "To " if m.group("how").casefold() == "to" else ""
            q = USED_FOR[d.lang].format(aux=m.group("aux").casefold(), t=subject)
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
        answer = trim_answer(m.group("parts"))
        if not subject or word_count(answer) < 2 or PRONOUN_START_RE.match(answer):
            return
        if m.group("plain"):
            tense = (
                "did"
                if m.group("plain").casefold() == "consisted of"
                else "do"
                if m.group("plain").casefold() == "consist of"
                else "does"
            )
            q = f"What {tense} {subject} consist of?"
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


# "This is known as a double free error", "This process is called allocating": the sentence before
# describes what the name names.
_NAMED_AFTER_RE = re.compile(
    r"^(?:This|That|These|Such)(?:\s+[a-z]+){0,2}?\s+(?:is|are)\s+"
    r"(?:(?:also|sometimes|often|usually|commonly|simply)\s+)?"
    r"(?:called|known as|referred to as|termed|named)\s+"
    # a name with its acronym may hold a comma ("last in, first out (LIFO)")
    r"(?:(?P<abbr>[^()]{2,60}?\s\([A-Z][A-Za-z]{1,7}\))|(?P<term>.{2,80}?))\s*"
    r"(?:[,;]\s|\s(?:and|which|because|since|but|in)\s|\.?$)"
)


def named_after(d: Drafter, section: Section, previous: str, sentence: str) -> None:
    """ "<description>. This is called X." → "What is X?" / the description (two sentences quoted)."""
    m = _NAMED_AFTER_RE.match(sentence.strip())
    if not m or CardKind.BASIC not in d.kinds or noise(sentence) or noise(previous):
        return
    term = (m.group("abbr") or m.group("term")).strip(" .")
    if m.group("abbr"):  # "last in, first out (LIFO)": the acronym names it (its expansion has a card)
        term = term.rsplit("(", 1)[1].rstrip(")")
    if not 1 <= word_count(term) <= 7 or re.search(r"[\d“”\"]|\b(?:it|this|that)\b", term, re.I):
        return
    described = d.standalone(previous)
    if (
        leans_on_context(described)
        or _VOICE_WORDS_RE.search(described)  # "Rust calls a special function for us"
        or not 5 <= word_count(described) <= 35
        or described.rstrip().endswith(("?", ":"))
        or not complete_sentence(described)
    ):
        return
    q = d.question(WHAT_ARE if m.group(0).split()[0] in {"These", "Such"} else WHAT_IS, term, section)
    if q:
        source = f"{previous.strip()} {sentence.strip()}"
        d.add(section, CardKind.BASIC, q, trim_answer(described.rstrip(".!")), source, 0)
