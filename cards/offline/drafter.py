"""The state the extractors share while drafting one chunk: candidates, templates, language."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cards.offline.clean import (
    base_lang,
    emphasised_spans,
    prepare_text,
    skip_section,
    span,
    standalone_form,
)
from cards.offline.example_names import example_names, example_strings, names_an_example
from cards.offline.heading_parts import heading_part
from cards.offline.pointers import without_pointer_aside
from cards.offline.subject import (
    IN_CONTEXT,
    document_subject,
    gerund,
    kind_of,
    names_a_part,
    names_subject,
)
from cards.offline.terms import GENERIC_HEADINGS, cloze_once, common_word
from cards.schema import CardDraft, CardKind, GenerationOptions, Origin
from cards.text import cloze_parts, cloze_plain, detect_language, normalize, word_count, words
from documents.model import Chunk, Section

OFFLINE_TAG = "offline-draft"

# Question templates per language; other languages get cloze cards instead.
WHAT_IS = {"en": "What is {t}?", "fr": "Qu’est-ce que {t} ?", "de": "Was ist {t}?", "es": "¿Qué es {t}?"}
WHAT_ARE = {"en": "What are {t}?", "fr": "Que sont {t} ?", "de": "Was sind {t}?", "es": "¿Qué son {t}?"}
STANDS_FOR = {
    "en": "What does {t} stand for?",
    "fr": "Que signifie {t} ?",
    "de": "Wofür steht {t}?",
    "es": "¿Qué significa {t}?",
}
MEANS = {"en": "What does {t} mean?", "fr": "Que signifie {t} ?", "de": "Was bedeutet {t}?"}
CALLED = {"en": "What is {t} called?"}
REFERS = {"en": "What does {t} refer to?"}
OF_ROW = {"en": "What is the {h} of {t}?"}
ROW = {"en": "In “{s}”, what goes with “{t}”?"}


# The end of an e-book's text: what follows is its licence.
_END_OF_TEXT_RE = re.compile(
    r"\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG|^End of (?:the )?Project Gutenberg", re.I | re.M
)


def _content_sections(chunk: Chunk) -> list[Section]:
    """The chunk's sections up to an e-book's end-of-text marker."""
    out = []
    for section in chunk.sections:
        if _END_OF_TEXT_RE.search(section.text):
            break
        out.append(section)
    return out


_SENTENCE_LIKE_RE = re.compile(r"[.,;!#|]|\b(is|are|was|were|has|have)\b", re.I)


def _needs_context(term: str, lang: str) -> bool:
    """A term that means nothing without its subject: "the capacity", "the reader", a common word."""
    tokens = words(term)
    if not tokens:
        return False
    if len(tokens) == 2 and tokens[1].isupper() and len(tokens[1]) >= 2:
        return False  # "the AFM": an acronym names one thing; a running header as context would not help
    if re.search(r"\([A-Z][A-Za-z]{0,6}[A-Z]s?\)$", term):
        return False  # "the angle of attack (AOA)": named by its acronym too
    if tokens[0].casefold() in {"the", "le", "la", "les", "l", "der", "die", "das", "el", "los", "las"}:
        return True
    return len(tokens) == 1 and tokens[0].islower() and common_word(tokens[0], lang)


# "the variable s", "x", "s1": a name a code example gave its own variable means nothing outside it
# (a name quoted as a table's or a list's entry, "the “s” format", is the document's own).
_EXAMPLE_NAME_RE = re.compile(r"(?<![“\w’'.-])(?!a\b)[a-z]\d?(?![\w”’'.-])")


# A basic card's back with nothing but a connective the extractor put in front of it.
_EMPTY_ANSWER_RE = re.compile(r"\W*(?:(?:because|to|when|whenever|if|of)\b)?\W*", re.I)


@dataclass(frozen=True)
class Candidate:
    card: CardDraft
    priority: int  # 0 structure, 1 heading/emphasis, 2 key-term supplement
    position: int  # order of discovery, for deterministic ties


class Drafter:
    """Collects candidate cards for one chunk."""

    def __init__(self, chunk: Chunk, options: GenerationOptions, language: str | None) -> None:
        self.chunk = chunk
        self.options = options
        # Offline cards are drafts of the document's own sentences: always in its language,
        # whatever options.language asks (a question template in French over an English
        # answer would be neither).
        self.lang = base_lang(language)
        self.kinds = set(options.kinds) or {CardKind.BASIC}
        self.candidates: list[Candidate] = []
        self.used_sentences: set[str] = set()
        # The normalised source of each candidate, in order: a sentence whose every card the gate
        # refuses is given back to the key-term cloze (:func:`release_refused`).
        self.candidate_sources: list[str] = []
        self.seen_fronts: set[str] = set()
        self.prepared = [(s, prepare_text(s.text)) for s in _content_sections(chunk) if not skip_section(s)]
        self.expected_lang = base_lang(language) if language else None
        self.emphasised = {id(s): emphasised_spans(s.text) for s, _ in self.prepared}
        self._lang_ok: dict[str, bool] = {}
        self.all_text = "\n".join(text for _, text in self.prepared)
        self.all_low = self.all_text.casefold()
        self.term_counts = Counter(w.casefold() for w in words(self.all_text))
        # A sentence rewritten to stand alone ("However, X" → "X") → the sentence as written, which
        # its card quotes.
        self.originals: dict[str, str] = {}
        # A sentence that opens "This instrument …" → the same with the thing named, when the
        # sentence before names it (:mod:`.referents`); the key-term cloze reads it so.
        self.named_things: dict[str, str] = {}
        # The surnames of the people the text has told of ("born", "studied" …), for :mod:`.referents`.
        self.people: set[str] = set()
        # What the document is about ("fontconfig"), for the cards that do not say it.
        self.subject = document_subject(chunk, self.lang)
        # What the chunk's example program defines ("fn can_hold"): no card is about it.
        self.example_names = example_names([chunk]) | set(chunk.examples)
        self.example_strings = example_strings([chunk])

    def standalone(self, sentence: str) -> str:
        """``sentence`` in its standalone form (:func:`standalone_form`, no figure pointer), remembering
        the original."""
        form = standalone_form(without_pointer_aside(sentence))
        if form != sentence:
            self.originals.setdefault(form, sentence)
        return form

    def add(
        self,
        section: Section,
        kind: CardKind,
        front: str,
        back: str,
        source: str,
        priority: int,
        tags: Sequence[str] = (),
    ) -> bool:
        """Adds a card unless its front is taken or its source is in another language; True if added.

        A vocabulary card (``tags`` "vocabulary") cites a row in two languages by design.
        """
        source = self.originals.get(source, source)
        key = normalize(front)
        two_languages = "vocabulary" in tags
        if key in self.seen_fronts or not front.strip() or not (two_languages or self.in_language(source)):
            return False
        if kind is CardKind.BASIC and _EMPTY_ANSWER_RE.fullmatch(back):
            return False  # an answer too long for a card was cut to nothing ("Because …" alone)
        # the cloze's text as read: "the {{c1::Cons variant}}" hides "Cons" behind "::"
        if names_an_example(f"{cloze_plain(front)}\n{back}", self.example_names):
            return False  # "What does the can_hold method return?": a fact of the listing, not the language
        if kind is CardKind.CLOZE and any(
            answer.strip().casefold() in self.example_strings for _, answer in cloze_parts(front)
        ):
            return False  # "to encode “{{Здравствуйте}}”": the listing's own string, not a fact
        self.seen_fronts.add(key)
        self.used_sentences.add(normalize(source))
        tags = [
            OFFLINE_TAG,
            *(["list"] if priority == 0 and kind is CardKind.CLOZE and "c2::" in front else []),
            *tags,
        ]
        card = CardDraft(
            kind=kind,
            front=front,
            back=back,
            source=section.source,
            origin=Origin.OFFLINE,
            source_span=span(source),
            tags=tags,
        )
        self.candidates.append(Candidate(card, priority, len(self.candidates)))
        self.candidate_sources.append(normalize(source))
        return True

    def release_refused(self, verdicts: list[int]) -> None:
        """Gives back the sentences of candidates the gate refuses (verdict 2), unless another is kept.

        An extractor that takes a sentence marks it used, so the key-term cloze leaves it alone; when the
        gate then refuses the extractor's card, the sentence would make no card at all.
        """
        judged = list(zip(self.candidate_sources, verdicts, strict=False))
        kept = {source for source, verdict in judged if verdict < 2}
        self.used_sentences -= {source for source, verdict in judged if verdict == 2} - kept

    def mid_sentence_count(self, name: str) -> int:
        """How often ``name`` is written mid-sentence (after a lower-case word): a name the text is about."""
        return len(_mid_sentence_pattern(name).findall(self.all_text))

    def in_language(self, sentence: str) -> bool:
        """False for a sentence confidently in another language than the document's.

        Glosses in a language reader, licence boilerplate, quotations: a card on
        them would be in the wrong language (rubric Q13), so none is drafted.
        """
        if self.expected_lang is None:
            return True
        if sentence not in self._lang_ok:
            found = detect_language(sentence)
            self._lang_ok[sentence] = found is None or found == self.expected_lang
        return self._lang_ok[sentence]

    def question(
        self, templates: dict[str, str], term: str, section: Section | None = None, **extra: str
    ) -> str | None:
        """The question of ``templates`` on ``term``; in its section's context when the term needs one.

        "What is the capacity?" asks about the capacity of something the card does not name;
        "In Memory and Allocation, what is the capacity?" does (rubric Q7).
        """
        template = templates.get(self.lang)
        if not template or (self.lang == "en" and _EXAMPLE_NAME_RE.search(term)):
            return None
        if self.lang == "en" and templates in (WHAT_IS, WHAT_ARE):  # "What is Duck?" → "What is a duck?"
            term = self.plain_term(term, article=templates is WHAT_IS)
        q = template.format(t=term, **extra)
        needs = section is not None and _needs_context(term, self.lang)
        subject = self.subject
        if needs and templates is WHAT_IS and subject and not subject.proper and names_subject(term, subject):
            # "the call duck" in an article on ducks is a kind of duck: "What is a call duck?"
            term, needs = kind_of(term), False
            q = template.format(t=term, **extra)
        context = self.context_of(section) if section is not None and needs else ""
        # a heading that is the term ("Usage" over "What is usage?") frames nothing, nor does the subject
        part = not context or (names_a_part(context, self.lang) and context.casefold() not in term.casefold())
        if needs and subject and subject.proper and part and not names_subject(term, subject):
            context = subject.name  # not "In Extra tools, …": a part of the document, not a thing
        frame = IN_CONTEXT.get(self.lang)
        if context and frame and context.strip("“”").casefold() not in term.casefold():
            return frame.format(c=context, q=q[:1].lower() + q[1:])
        return q

    def plain_term(self, term: str, *, article: bool) -> str:
        """A single title-cased word the text writes in lower case ("Duck" → "a duck"), else ``term``.

        A heading or a sentence's first word is capitalised for its position only; asked about,
        it reads as the text writes it, with the indefinite article the text gives it when
        ``article`` (a "What is …?" question) and there is one.
        """
        if not re.fullmatch(r"[A-Z][a-z]+", term) or self.mid_sentence_count(term):
            return term
        low = term.casefold()
        if not re.search(rf"(?<![\w\-]){low}(?:e?s)?\b", self.all_text):
            return term  # never seen in lower case: a name after all
        about_it = self.subject is not None and names_subject(low, self.subject)
        if self.lang and common_word(low, self.lang) and not about_it:
            # "Command", "Returns": a label of a common word; "Duck" over an article on ducks is not
            return term
        if article:
            found = re.search(rf"\b(an?) {low}\b", self.all_text, re.I)
            if found:
                return f"{found.group(1).casefold()} {low}"
        return low

    def context_of(self, section: Section) -> str:
        """The nearest heading of ``section`` that names a subject (a short noun phrase), or ""."""
        for heading in reversed(section.source.heading or self.chunk.heading):
            name = re.sub(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", heading).strip(" :.")
            # "Class: URL" in an API reference names the URL class
            name = re.sub(
                r"^(?:class|module|function|method|interface|struct|enum|package)\s*:\s*",
                "",
                name,
                flags=re.I,
            )
            # "The Music of the Chinese (Continued)" is still the chapter on the music of the Chinese
            name = re.sub(r"\s*\((?:continued|cont(?:'d|\.)?)\)$", "", name, flags=re.I)
            if part := heading_part(name, section, self.chunk.sections):
                return (
                    part  # "The Music of the Egyptians, Assyrians, and Chinese" → "the music of the Chinese"
                )
            if not name or name.endswith("?") or not 1 <= len(words(name)) <= 6:
                continue
            if _SENTENCE_LIKE_RE.search(name) or name.casefold() in GENERIC_HEADINGS:
                continue
            if named := _name_after_gerund(name, self.lang):
                return named  # "Invoking asn1Coding": the section is about asn1Coding
            return name if len(words(name)) <= 3 else f"“{name}”"
        return ""

    def term_card(
        self, section: Section, term: str, answer: str, source: str, templates: dict[str, str]
    ) -> bool:
        """A question card on ``term`` (reversed when only reversed is wanted), else a cloze on it."""
        q = self.question(templates, term, section)
        if q and CardKind.BASIC in self.kinds:
            return self.add(section, CardKind.BASIC, q, answer, source, 0)
        if CardKind.REVERSED in self.kinds and word_count(term) <= 8 and word_count(answer) <= 8:
            return self.add(section, CardKind.REVERSED, term, answer, source, 0)
        if CardKind.CLOZE in self.kinds:
            cloze = cloze_once(source, term)
            if cloze:
                return self.add(section, CardKind.CLOZE, cloze, "", source, 0)
        return False


#: Before a name, a rarer verb still makes its -ing form a gerund ("Invoking", "Configuring").
GERUND_NAME_STEM_ZIPF = 2.5


def _name_after_gerund(heading: str, lang: str) -> str:
    """The name a heading of a verb's -ing form does something with: "Invoking asn1Coding" →
    "asn1Coding", "Running Ninja" → "Ninja"; "" for "Using the cache", "Getting started" (common
    words: a part of the document, not a thing a card can be in)."""
    first, _, rest = heading.partition(" ")
    low = first.casefold()
    if not rest or not low.endswith("ing") or not gerund(low, lang, min_zipf=GERUND_NAME_STEM_ZIPF):
        return ""
    written = words(rest)
    if not 1 <= len(written) <= 2 or any(common_word(w, lang) for w in written):
        return ""
    return rest


@functools.lru_cache(maxsize=1024)
def _mid_sentence_pattern(name: str) -> re.Pattern[str]:
    """``name`` after a lower-case word; cached, as the same names are asked of every sentence."""
    return re.compile(rf"(?<=[a-z,;] ){re.escape(name)}\b")
