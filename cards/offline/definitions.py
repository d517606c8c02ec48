"""Definitions the author wrote out: emphasised terms, glossary lines, copula sentences, acronyms
(the questions a sentence answers outright, why/what for/how many, are in ``questions.py``).

* "**Term**: definition", "**Term** is …", "… is called **term**", else a cloze on the term;
* glossary lines ("Term: definition", "Term — definition");
* copula definitions ("X is a/an/the Y", "X refers to Y", "Y is called X");
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
from cards.offline.questions import VOICE_WORDS_RE
from cards.offline.reasons import NOT_VERBS
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
from cards.text import STOP_WORDS, base_form, collapse_spaces, normalize, split_sentences, word_count, words
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
    if term.casefold() not in sentence.casefold():
        return False  # every card below needs the term in the sentence (and a pattern per term is dear)
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


# "RL = Reading for Literature": a key to the codes of a table or a slide.
_CODE_KEY_RE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?P<short>[A-Z][A-Za-z&]{0,6}[A-Z])\s*=\s*(?P<long>[A-Z][^=\n]{3,80}?)\s*$"
)


def glossary(d: Drafter, section: Section, text: str) -> None:
    """ "Term: definition" and "Term — definition" lines; "LF = Long Form" keys to acronyms."""
    previous, title = "", ""
    for line in text.splitlines():
        key = _CODE_KEY_RE.match(line)
        if (
            key
            and not noise(line)
            and schwartz_hearst(key.group("short"), key.group("long")) == key.group("long")
        ):
            # every word of the expansion is the acronym's (a code key, not an equation "N = 2 k")
            _code_key_card(d, section, key.group("short"), key.group("long"), line, title)
            previous = line
            continue
        if "=" in line:
            pass  # another key ("W = Writing"): the title still heads the keys after it
        elif not line.rstrip().endswith((".", ":", "?", "!")) and 1 <= word_count(line) <= 5:
            title = line.strip()  # "ELA Standards Coding" over its keys names what the codes are of
        elif line.strip():
            title = ""
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
        if normalize(line.strip()) in d.used_sentences:
            continue  # a row of an option or tool list already asked (:mod:`.rows`)
        term, definition = collapse_spaces(m.group("term")), m.group("d")
        if not glossary_term(term, definition, d.term_counts):
            continue
        d.term_card(section, term, trim_answer(definition), line, WHAT_IS)


def _code_key_card(d: Drafter, section: Section, short: str, long: str, line: str, title: str) -> None:
    """ "What does RL stand for?", named in its context (the heading, else the keys' title line).

    A short code is ambiguous on its own ("RL" is also reinforcement learning), so the question
    names what the keys belong to when the document says it.
    """
    context = d.context_of(section) or (title if title.casefold() not in BAD_TERMS else "")
    q = d.question(STANDS_FOR, short)
    if not q or CardKind.BASIC not in d.kinds:
        return
    if context and context.strip("“”").casefold() != short.casefold():
        context = context if word_count(context) <= 3 or context.startswith("“") else f"“{context}”"
        q = f"In {context}, {q[:1].lower()}{q[1:]}"
    d.add(section, CardKind.BASIC, q, long, line, 0)


_ARTICLES = r"(?:a|an|the|one|any|un|une|le|la|les|des|ein|eine|der|die|das|el|los|las|una|uno)"
_COPULA_RE = re.compile(
    rf"^(?P<art>(?:an?|the|le|la|les|l’|l'|der|die|das|el|los|las)\s+)?(?P<term>[^\s,;:()]+(?:\s+[^\s,;:()]+){{0,4}}?)"
    # "Open-domain question answering (QA) is a task …", "The angle of attack (or AOA) is the angle …"
    rf"(?P<abbr>\s+\((?:or\s+|also\s+)?[A-Z][A-Za-z]{{1,7}}\))?"
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
    r"^(?P<d>(?:an?|the)\s+.{6,80}?)\s+(?P<verb>is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:called|known as|termed)\s+(?P<term>.{2,60}?)"
    # a history's name and why it was given: "was called a paeon, for the singers danced …"
    r"(?:[,\"”]*(?:\s+|--|—)(?:for|because|since|when|afterward|afterwards|later|and of)\b.*)?[.]?$",
    re.I,
)
CALLED_PLURAL = {"en": "What are {t} called?"}
# "The Tartars have been called …" → "What have the Tartars been called?"
CALLED_IN_TENSE = {
    "was": {"en": "What was {t} called?"},
    "were": {"en": "What were {t} called?"},
    "has been": {"en": "What has {t} been called?"},
    "have been": {"en": "What have {t} been called?"},
}
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
# An answer that says what a word names: "the name of …", "the name given to …".
_NAME_OF_RE = re.compile(r"(?:the|a) name (?:of|given to|for)\s+(?=\S)", re.I)
NAME_REFERS = {"en": "What does the name “{t}” denote?"}
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


def _abbreviated(term: str, abbr: str | None) -> bool:
    """ "angle of attack (AOA)": a phrase the text gives an acronym of is a term, used once or not."""
    short = re.sub(r"^\s*\((?:or\s+|also\s+)?|\)\s*$", "", abbr or "")
    if not short.isupper() or PRONOUN_START_RE.match(term) or words(term)[0].casefold() in STOP_WORDS:
        return False
    return normalize(schwartz_hearst(short, term) or "") == normalize(term)


def definition(d: Drafter, section: Section, sentence: str) -> None:
    """Copula and "refers to" definitions, "… is called X", "X, also called Y"."""
    body = detach(sentence).rstrip(".!")  # without citations: "X (Lee et al., 2019) is a Y"
    if PRONOUN_START_RE.match(body) or DANGLING_RE.search(body) or word_count(body) > 60 or noise(body):
        return
    if (
        (m := _COPULA_RE.match(body))
        and (
            good_term(m.group("term"), d.term_counts)
            or _genus_definition(m, d.lang)
            or _abbreviated(m.group("term"), m.group("abbr"))
        )
        and not _DEGREE_RE.match(m.group("d"))
    ):
        name = m.group("term")
        # a name keeps its capital, possessive or not: "Rust’s char type" ("Rust" is written mid-sentence)
        owner = re.sub(r"['’]s$", "", name.split()[0])
        named = d.mid_sentence_count(owner) > 0 or (d.subject is not None and owner == d.subject.name)
        if (
            len(name.split()) > 1
            and name.split()[0][1:].islower()
            and name.split()[1][:1].islower()
            and not named
        ):
            name = name[:1].lower() + name[1:]  # capitalised only because it opens the sentence
        abbr = re.sub(r"\((?:or|also)\s+", "(", m.group("abbr") or "")
        term = (m.group("art") or "").lower() + name + abbr
        plural = m.group("verb").casefold() in _PLURAL_VERBS
        answer = trim_answer(m.group("d"))
        templates = WHAT_ARE if plural else WHAT_IS
        if (named_thing := _NAME_OF_RE.match(answer)) and d.lang == "en":
            # "Valgrind is the name of the main entrance to Valhalla": what the word names, not what the
            # thing is ("What is Valgrind?" / "the name of the main entrance …" misleads)
            if m.group("art"):
                return
            answer, templates = answer[named_thing.end() :], NAME_REFERS
        if not_self_referential(m.group("term"), answer):
            d.term_card(section, term, answer, sentence, templates)
    elif (m := _REFERS_RE.match(body)) and good_term(m.group("term"), d.term_counts):
        term = (m.group("art") or "").lower() + m.group("term")
        templates = MEANS if m.group("verb").casefold() == "means" else REFERS
        d.term_card(section, term, trim_answer(m.group("d")), sentence, templates)
    elif (
        (m := _CALLED_RE.match(body))
        and word_count(m.group("term")) <= 6
        # "was called to the English throne", "called upon": summoned, not named
        and not re.match(
            r"(?:to|upon|on|in|into|for|by|away|back|out|up|off|together)\b", m.group("term"), re.I
        )
        # "the features that run these parts": which parts is in the sentence before
        and not re.search(r"\b(?:this|these|those|such)\b", m.group("d"), re.I)
        and _named_in_the_past(m.group("verb"), m.group("d"), d.lang)
    ):
        verb = " ".join(m.group("verb").casefold().split())
        called = CALLED_PLURAL if verb == "are" else CALLED_IN_TENSE.get(verb, CALLED)
        q = d.question(called, m.group("d")[:1].lower() + m.group("d")[1:], section)
        if q and CardKind.BASIC in d.kinds:
            # "… is known as its ‘‘pitch attitude.": the name, without the possessive or a quote cut open
            name = re.sub(r"^(?:its|their)\s+", "", m.group("term").strip(" .,"), flags=re.I)
            d.add(section, CardKind.BASIC, q, name.strip(" .,‘’“”\"'"), sentence, 0)
    elif (m := _ALSO_CALLED_RE.match(body)) and good_term(m.group("term"), d.term_counts):
        alias = m.group("alias").strip()
        if good_term(alias, d.term_counts, allow_lower=True) and CardKind.BASIC in d.kinds:
            q = d.question(
                {"en": "What is another name for {t}?"}, (m.group("art") or "").lower() + m.group("term")
            )
            if q:
                d.add(section, CardKind.BASIC, q, alias, sentence, 0)


def _named_in_the_past(verb: str, described: str, lang: str) -> bool:
    """A name a history says was given ("The Tartars have been called …") is asked only of something
    specific: "the answerer", "the rest of the hall", "the other two classes" say of what elsewhere."""
    if verb.casefold() in {"is", "are"}:
        return True
    content = [w for w in words(described) if w.casefold() not in {"the", "a", "an"}]
    if len(content) == 1 and content[0].islower():
        return False  # "the answerer": of what? one common noun says too little out of its passage
    return names_something(described, lang) and not re.search(
        r"\b(?:rest|other|others|former|latter|same|first|second|third|next|last)\b", described, re.I
    )


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
    if verb.endswith("s") and not verb.endswith("ss") and verb not in NOT_VERBS and rest:
        base = base_form(verb)
        if prep := re.match(r"(?:to|for|on|upon|of|about|with|from|into)\s+", rest):  # "consists of X"
            base, rest = f"{base} {prep.group().strip()}", rest[prep.end() :]
        d.add(section, CardKind.BASIC, f"{frame}hat does {term} {base}?", trim_answer(rest), sentence, 1)
    elif body.split()[0] in {"a", "an", "the"}:
        d.add(section, CardKind.BASIC, f"{frame}hat is {term}?", trim_answer(body), sentence, 1)


_ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z&\-]{0,8}[A-Z]s?)\)")


_EXPANSION_AFTER_RE = re.compile(
    r"(?<![\w-])(?P<short>[A-Z]{2,6})\s+\((?P<long>[a-z]+(?:[\s-][a-z]+){1,5})\)"
)


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
    # "FFI (foreign function interface), to connect …": the acronym first, its words' initials after it
    for m in _EXPANSION_AFTER_RE.finditer(sentence):
        short, long_form = m.group("short"), m.group("long")
        if "".join(w[0] for w in re.split(r"[\s-]+", long_form)).upper() == short:
            d.term_card(section, short, long_form, sentence, STANDS_FOR)


# "The pecten is also used to preen feathers": what a named thing is for.
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
        or VOICE_WORDS_RE.search(described)  # "Rust calls a special function for us"
        or not 5 <= word_count(described) <= 35
        or described.rstrip().endswith(("?", ":"))
        or not complete_sentence(described)
    ):
        return
    q = d.question(WHAT_ARE if m.group(0).split()[0] in {"These", "Such"} else WHAT_IS, term, section)
    if q:
        source = f"{previous.strip()} {sentence.strip()}"
        d.add(section, CardKind.BASIC, q, trim_answer(described.rstrip(".!")), source, 0)
