"""Term-ness: which words and phrases are worth asking about.

A good cloze target or definiendum is specific: a name, a multi-word noun
phrase, a word that is rare in general language (``wordfreq``'s Zipf scale, in
the document's language), a term the author emphasised or repeats in the
section. Generic words ("memory", "example", "issue") make a guessing game
(rubric Q9). Nothing here knows any document's words.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from cards.frequency import WordTable, word_table
from cards.offline.clean import PRONOUN_START_RE
from cards.terms import KOREAN_PARTICLES
from cards.text import STOP_WORDS, collapse_spaces, normalize, words

#: Zipf frequency at or above which a single word is common language, not a term
#: ("scope" 4.3, "memory" 4.8, "example" 5.3; "pointer" 3.6, "flightless" 2.5).
COMMON_ZIPF = 4.0
#: A multi-word phrase needs one word rarer than this, unless the section repeats it.
PHRASE_ZIPF = 4.5

#: A word the text uses only once must be rarer than this to be a term ("chordal", not "translates").
ONE_OFF_ZIPF = 3.0

BAD_TERMS = {
    "note", "notes", "example", "examples", "warning", "figure", "table", "source", "step", "tip", "answer",
    "question", "chapter", "section", "page", "date", "author", "title", "keywords", "abstract", "email",
    "phone", "url", "see", "caution", "important", "output", "input", "result", "listing", "filename",
    "http", "https", "summary", "here", "there", "this", "that", "it", "they", "which", "what", "one",
    "fax", "mail", "telephone", "tel", "web", "website", "action", "dates", "addresses", "agency",
    "hand delivery", "contact", "status", "version", "updated", "posted", "published", "by", "from", "to",
    "authority", "release date", "q", "a",
    # an API reference's field label ("**Default:** `0`"): "By {{default}}, the Server …" asks for the word
    "default", "defaults",
}  # fmt: skip
GENERIC_HEADINGS = {
    "introduction", "summary", "conclusion", "conclusions", "overview", "abstract", "preface", "example",
    "examples", "exercises", "exercise", "discussion", "background", "results", "method", "methods",
    "appendix", "foreword", "prologue", "epilogue", "questions", "answers", "quiz", "review", "recap",
}  # fmt: skip
_INNER_OK = {"of", "and", "for", "de", "la", "du", "des", "der", "von", "del"}
_MONTHS_RE = re.compile(
    r"^(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
    re.I,
)
# Participles and adverbs lead phrases that are not terms ("existing AFM", "recommended framework").
_MODIFIER_RE = re.compile(r"(ed|ing|ly)$")
_DESCRIPTIVE = {
    "en": re.compile(r"(ous|ive|ful|able|ible|ized|ised|ed|ing|ly|ish|est|ier)$"),
    "fr": re.compile(r"(ait|aient|èrent|ât|iez|(?<![iè])er|eux|euse)$"),
}
_NEVER = re.compile(r"(?!)")
# A phrase that ends on a preposition or a comparison word is cut mid-phrase ("datasets like").
_OPEN_ENDS = frozenset(["like", "such", "as", "via", "per", "than", "versus", "vs"])


@functools.cache
def _frequencies(lang: str) -> WordTable:
    from wordfreq import available_languages

    # Looked up directly: wordfreq's own tokenizer needs MeCab for Korean and Japanese. The packed
    # table, not wordfreq's dict of every word (34 MB in each worker process for English).
    return word_table(lang if lang in available_languages() else "en")


@functools.lru_cache(maxsize=8192)  # a bisection of the table costs ~10 µs; a document repeats its words
def zipf(word: str, lang: str) -> float:
    """How common ``word`` is in ``lang`` (Zipf scale: 7 = "the", 3 = rare); English for unknown languages."""
    centibels = _frequencies(lang).get(word.casefold().replace("’", "'"))
    # a bucket's frequency is 10 ** (-centibels / 100) (wordfreq's cB_to_freq): its Zipf is 9 less that
    return 9 - centibels / 100 if centibels is not None else 0.0


def _glued(word: str, lang: str) -> bool:
    """Two common words run together by a lost space ("itwas"): unknown as a whole, known in halves."""
    if len(word) < 5 or not word.isalpha() or zipf(word, lang) >= 2.0:
        return False
    if any(zipf(word[:i], lang) >= 4.5 and zipf(word[i:], lang) >= 4.5 for i in range(2, len(word) - 1)):
        return True
    # Unknown as a whole, a common word and a real one in halves of 4+ letters ("threegardeners").
    long_halves = [(zipf(word[:i], lang), zipf(word[i:], lang)) for i in range(4, len(word) - 3)]
    return zipf(word, lang) == 0 and any(max(a, b) >= 4.5 and min(a, b) >= 2.5 for a, b in long_halves)


def common_word(word: str, lang: str) -> bool:
    """A word of everyday language in ``lang``: a poor thing to hide in a cloze."""
    low = word.casefold()
    return low in STOP_WORDS or zipf(low, lang) >= COMMON_ZIPF


def termness(
    phrase: str, lang: str, *, in_section: int = 1, emphasised: bool = False, strict: bool = True
) -> float:
    """How term-like ``phrase`` is, 0 (not a term) to about 3.

    Rarity in general language counts most; multi-word noun phrases, recurrence
    in the section and the author's emphasis add to it.
    """
    tokens = words(phrase)
    if not tokens or len(tokens) > 4 or phrase.casefold() in BAD_TERMS:
        return 0.0
    low = [t.casefold() for t in tokens]
    if any(t.isdigit() for t in low) and not (len(low) == 1 and re.fullmatch(r"1\d{3}|20\d\d", low[0])):
        return 0.0  # a bare number is an address or an identifier; a year is a date worth asking
    if any(re.search(r"\d", t) and re.search(r"[^\W\d_]", t) for t in low):
        return 0.0  # letters and digits together: an identifier, a model number, debris ("9-FAA-SACO")
    if (
        low[0] in STOP_WORDS
        or low[-1] in STOP_WORDS
        or low[-1] in _OPEN_ENDS
        or any(_MONTHS_RE.match(t) for t in low)
    ):
        return 0.0
    if len(tokens) > 1 and lang == "en" and (_MODIFIER_RE.search(low[0]) and zipf(low[0], lang) >= 3.0):
        return 0.0
    if any(t in STOP_WORDS and t not in _INNER_OK for t in low[1:-1]):
        return 0.0
    rarest = min(zipf(t, lang) for t in low if t not in STOP_WORDS)
    if len(tokens) == 1 and rarest >= COMMON_ZIPF and not emphasised:
        return 0.0
    # Suffixes of adjectives and verb forms, in the languages whose suffixes say so.
    descriptive = _DESCRIPTIVE.get(lang, _NEVER).search(low[0])
    if len(tokens) == 1 and descriptive and not emphasised and not tokens[0][:1].isupper():
        return 0.0  # an adjective or a verb form ("sonorous", "occidentalized"): not the thing to learn
    if (
        len(tokens) == 1
        and tokens[0][:1].islower()
        and in_section < 2
        and strict
        and rarest >= ONE_OFF_ZIPF
        and not emphasised
    ):
        return 0.0  # a word the text uses once and that is not rare: a verb form or a plain word
    if len(tokens) == 1 and not tokens[0][:1].isupper() and _glued(low[0], lang):
        return 0.0
    if any(_glued(part, lang) for token in low if "-" in token for part in token.split("-")[1:]):
        return 0.0  # a compound glued to the next word by a lost space ("Cheshire-Catsitting")
    one_off = len(tokens) > 1 and in_section < 2 and not emphasised
    if one_off and strict and not all(t[:1].isupper() for t in tokens):
        return 0.0  # a one-off word pair is a phrase of this sentence ("certain contradiction"), not a term
    if len(tokens) > 1 and rarest >= PHRASE_ZIPF and not emphasised and in_section < 2:
        return 0.0
    score = max(0.0, (6.0 - rarest) / 2)  # zipf 2 -> 2.0, zipf 4 -> 1.0
    if len(tokens) > 1:
        score += 0.5
    if in_section >= 2:
        score += 0.3
    if emphasised:
        score += 1.0
    return score


def good_term(term: str, counts: Counter[str], *, allow_lower: bool = False) -> bool:
    """A term worth asking about: ≤ 5 words, no stop words but "of"/"and" inside, capitalised or repeated."""
    tokens = words(term)
    if not 1 <= len(tokens) <= 5 or len(term) > 60 or term.casefold() in BAD_TERMS:
        return False
    if tokens[0].casefold() in STOP_WORDS or tokens[-1].casefold() in STOP_WORDS:
        return False
    if any(t.casefold() in STOP_WORDS and t.casefold() not in _INNER_OK for t in tokens[1:-1]):
        return False
    if PRONOUN_START_RE.match(term) or any(ch.isdigit() for ch in term) or re.search(r"[.!?\"“”]", term):
        return False
    if allow_lower or (term[:1].isupper() and len(tokens) <= 3 and not _sentence_case_phrase(tokens)):
        return True
    return counts[tokens[-1].casefold()] >= 2


def _sentence_case_phrase(tokens: list[str]) -> bool:
    # "Many programs" at a sentence start is capitalised by position, not because it is a name.
    return len(tokens) > 1 and all(t[:1].islower() for t in tokens[1:])


def glossary_term(term: str, definition: str, counts: Counter[str]) -> bool:
    """A "Term: definition" line, not a form label ("DATES:", "Fax:") or a sentence cut at a colon."""
    if not term[:1].isupper() or (term.isupper() and len(term) > 3) or len(words(term)) > 3 or "," in term:
        return False  # "Oui, c'était vrai: …": a sentence cut at a colon, not a term
    if (
        len(words(definition)) < 4
        or not definition[:1].isalpha()
        or PRONOUN_START_RE.match(definition)
        or definition.lower().startswith("you")
        or _CLAUSE_RE.match(definition)
    ):
        return False
    return good_term(term, counts, allow_lower=True)


# "UTCTime: VALUE must be a null terminated string …": a sentence with a subject of its own says what
# a value of that kind must be, not what the term is (a definition is a phrase: "a program that …").
_CLAUSE_RE = re.compile(
    r"^(?!(?:a|an|the|one)\s)\S+\s+(?:must|will|shall|should|can|could|may|might|is|are|was|were)\s", re.I
)


def emphasis_term_ok(term: str) -> bool:
    """An emphasised span worth a card: a short term, not a label ("Note", "Warning") or a number."""
    tokens = words(term)
    if not 1 <= len(tokens) <= 5 or term.casefold() in BAD_TERMS or not any(ch.isalpha() for ch in term):
        return False
    return not (tokens[0].casefold() in STOP_WORDS and len(tokens) == 1)


def not_self_referential(term: str, answer: str) -> bool:
    return normalize(term) not in normalize(answer)


def schwartz_hearst(short: str, before: str) -> str | None:
    """The long form of ``short`` ending ``before`` (Schwartz & Hearst 2003), or ``None``.

    Every letter of the short form must appear, in order, in the candidate, and
    its first letter must start the long form's first word.
    """
    tokens = before.rstrip(" ,").split()
    window = tokens[-min(len(tokens), len(short) + 5, 2 * len(short)) :]
    candidate = " ".join(window)
    s_idx, l_idx = len(short) - 1, len(candidate) - 1
    while s_idx >= 0:
        ch = short[s_idx].lower()
        if not ch.isalnum():
            s_idx -= 1
            continue
        while l_idx >= 0 and (
            candidate[l_idx].lower() != ch or (s_idx == 0 and l_idx > 0 and candidate[l_idx - 1].isalnum())
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = candidate.rfind(" ", 0, l_idx + 1) + 1
    long_form = candidate[start:].strip(" ,;:(")
    first_words = words(long_form)
    if not first_words or first_words[0][0].lower() != short[0].lower():
        return None
    if len(first_words) > len(short) + 2 or (len(first_words) < 2 and len(short) > 2):
        return None
    if not all(re.fullmatch(r"[^\W\d_][\w\-’']*", w) for w in first_words):
        return None  # code or maths, not words ("$(CC) -o" is no expansion)
    letters = short.casefold().rstrip("s") if short.isupper() or short[:-1].isupper() else ""
    if letters and len(letters) >= 2:
        # An all-capitals acronym spells its long form's initials (with or without its small words).
        initials = "".join(w[0] for w in first_words).casefold()
        content = "".join(w[0] for w in first_words if w.casefold() not in STOP_WORDS).casefold()
        hyphened = "".join(p[0] for w in first_words for p in w.split("-") if p).casefold()
        if letters not in {initials, content, hyphened}:
            return None
    return long_form


def cloze_once(sentence: str, target: str) -> str | None:
    """``sentence`` with the first whole-word occurrence of ``target`` deleted as c1."""
    text = collapse_spaces(sentence)
    # Whole words only, never a piece of a dotted name ("np.{{arrays}}", "main.{{pyx}}").
    # A Korean noun is followed by its particle, written onto it ("{{재해}}로").
    particle = (
        rf"|(?=(?:{'|'.join(KOREAN_PARTICLES)})(?!\w))" if re.search(r"[\uac00-\ud7a3]$", target) else ""
    )
    m = re.search(rf"(?<![\w.]){re.escape(target)}(?:(?!\w|\.\w){particle})", text, flags=re.I)
    if not m:
        return None
    end = m.end()
    if re.fullmatch(r"[A-Za-z_]\w*", target) and _MACRO_BANG_RE.match(text, end):
        end += 1  # "works like println!, but …": the macro's name ends in its "!", not before it
    return f"{text[: m.start()]}{{{{c1::{text[m.start() : end]}}}}}{text[end:]}"


# A "!" glued to a name inside a sentence (a Rust macro's, "println!", "vec![…]"), not the sentence's end.
_MACRO_BANG_RE = re.compile(r"!(?=[\[(,;:)]|\s+[a-z])")


#: A word rarer than this (``wordfreq`` zipf) names something specific enough to carry a question.
SPECIFIC_ZIPF = 3.6


def names_something(text: str, lang: str) -> bool:
    """``text`` holds a specific word: a name or acronym inside it, code, or a word rare in general language.

    "if a type implements the Copy trait" names its subject; "if the airplane is on the ground"
    or "when the owner goes out of scope" could come from any text, so a question on it alone
    does not say what it is about.
    """
    tokens = words(text)
    for index, token in enumerate(tokens):
        token = re.split(r"['’]", token)[0]  # "value's" is "value"
        if any(ch.isdigit() or ch == "_" for ch in token):
            return True
        if index and token[:1].isupper() and token not in ("I",):
            return True
        if token.casefold() in STOP_WORDS or len(token) < 4:
            continue
        if zipf(token, lang) < SPECIFIC_ZIPF:
            return True
    return False
