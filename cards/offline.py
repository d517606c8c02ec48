"""The offline generator: cards drafted from a chunk's structure, without any AI.

Structure first (cards.md §3), high-precision extractors in this order:

0. emphasised terms, where the markup survives in the text (``**term**``:
   "**Term**: definition", "**Term** is …", "… is called **term**", else a cloze on it);
1. glossary lines ("Term: definition", "Term — definition");
2. copula definitions ("X is a/an/the Y", "X refers to Y", "Y is called X");
3. acronyms ("Long Form (LF)", Schwartz-Hearst matching with an initial-letter
   check; bibliographies skipped);
4. two-column tables (rows "a | b") → a card per row;
5. lists → one cloze card each (c1..cN);
6. a noun-phrase heading over a short body → "What is <heading>?".

Then, as a capped supplement, key-term cloze cards: sentences of 8-35 words
with a definitional, causal or numeric cue get their most specific phrase
(scikit-learn TF-IDF over the chunk's sentences, emphasised terms boosted, the
chunk's top-3 topic terms excluded) deleted; at most one per sentence, each
term at most twice. The total aims at ``density_per_1k`` cards per 1,000 words.

Everything is deterministic (no randomness, ties broken by position). Cards are
``origin=offline`` and tagged ``offline-draft``, and always in the document's
language (never translated: ``options.language`` is ignored); each cites the SourceRef of its
section and the sentence(s) it came from. The quality gate runs afterwards
(``cards.generate``), as on LLM cards.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cards.quality import outside_code
from cards.schema import CardDraft, CardKind, GenerationOptions, Origin
from cards.text import (
    STOP_WORDS,
    collapse_spaces,
    detect_language,
    normalize,
    split_sentences,
    word_count,
    words,
)
from documents.model import Chunk, Section

OFFLINE_TAG = "offline-draft"
MAX_SPAN = 300

_SKIP_HEADINGS_RE = re.compile(
    r"^\W*(\d+(\.\d+)*\.?\s*)?(references|bibliography|works cited|acknowledg(e)?ments?|table of contents|"
    r"contents|index|further reading|see also|external links|notes|license|licence|copyright)\W*$",
    re.I,
)
_GENERIC_HEADINGS = {
    "introduction", "summary", "conclusion", "conclusions", "overview", "abstract", "preface", "example",
    "examples", "exercises", "exercise", "discussion", "background", "results", "method", "methods",
    "appendix", "foreword", "prologue", "epilogue", "questions", "answers", "quiz", "review", "recap",
}  # fmt: skip
_BAD_TERMS = {
    "note", "notes", "example", "examples", "warning", "figure", "table", "source", "step", "tip", "answer",
    "question", "chapter", "section", "page", "date", "author", "title", "keywords", "abstract", "email",
    "phone", "url", "see", "caution", "important", "output", "input", "result", "listing", "filename",
    "http", "https", "summary", "here", "there", "this", "that", "it", "they", "which", "what", "one",
    "fax", "mail", "telephone", "tel", "web", "website", "action", "dates", "addresses", "agency",
    "hand delivery", "contact", "status", "version", "updated", "posted", "published", "by", "from", "to",
}  # fmt: skip
_PRONOUN_START_RE = re.compile(
    r"^(it|this|that|these|those|they|he|she|there|here|which|what|we|you|i|such|each|all|some|one|"
    r"another|other|its|their|our|your|his|her|when|if|so|but|and|or|also|then|however|thus)\b",
    re.I,
)
_DANGLING_RE = re.compile(
    r"\b(the above|the following|as mentioned|as shown|see section|listing|figure|fig\.|table \d|"
    r"this (figure|table|chapter|section|example|code))\b",
    re.I,
)

# Question templates per language; other languages get cloze cards instead.
_WHAT_IS = {"en": "What is {t}?", "fr": "Qu’est-ce que {t} ?", "de": "Was ist {t}?", "es": "¿Qué es {t}?"}
_WHAT_ARE = {"en": "What are {t}?", "fr": "Que sont {t} ?", "de": "Was sind {t}?", "es": "¿Qué son {t}?"}
_STANDS_FOR = {
    "en": "What does {t} stand for?",
    "fr": "Que signifie {t} ?",
    "de": "Wofür steht {t}?",
    "es": "¿Qué significa {t}?",
}
_MEANS = {"en": "What does {t} mean?", "fr": "Que signifie {t} ?", "de": "Was bedeutet {t}?"}
_CALLED = {"en": "What is {t} called?"}
_REFERS = {"en": "What does {t} refer to?"}
_OF_ROW = {"en": "What is the {h} of {t}?"}
_ROW = {"en": "In “{s}”, what goes with “{t}”?"}


@dataclass(frozen=True)
class _Candidate:
    card: CardDraft
    priority: int  # 0 structure, 1 heading, 2 key-term supplement
    position: int  # order of discovery, for deterministic ties


# --- normalisation --------------------------------------------------------------------

_SLIDE_BULLET_RE = re.compile(r"(?m)^[ \t]*[●○■□►▶◆◇❖➢➤✓✔][ \t]*")
# **strong**, __strong__ (outside words: "a_b__c" is an identifier), *em* (likewise).
_EMPH_RE = re.compile(
    r"\*\*(?=\S)(?P<a>.+?)(?<=\S)\*\*|(?<![\w\\])__(?=\S)(?P<u>.+?)(?<=\S)__(?!\w)"
    r"|(?<![\w*\\])\*(?=\S)(?P<s>[^*\n]+?)(?<=\S)\*(?![\w*])"
)
_IDENTIFIER_RE = re.compile(r"\w+")
# Links only where a link can start: "matrix[i][j]" and "f[x](y)" are code.
_LINK_RE = re.compile(r"(?<![\w\])}\\])!?\[([^\]\n]+)\]\([^)\s]*\)")


def _emphasis_text(match: re.Match[str]) -> str | None:
    """The emphasised text of a match, or ``None`` for a dunder identifier ("__init__")."""
    if match.group("u") is not None and _IDENTIFIER_RE.fullmatch(match.group("u")):
        return None
    return match.group("a") or match.group("u") or match.group("s")


def _render_inline(text: str) -> str:
    text = _EMPH_RE.sub(lambda m: _emphasis_text(m) or m.group(0), text)
    return _LINK_RE.sub(r"\1", text)


def prepare_text(text: str) -> str:
    """NFKC, PDF soft hyphens joined, inline Markdown rendered to plain text (inline code kept as is)."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n")
    text = re.sub(r"[\x02\u00ad]\s*\n?\s*", "", text)  # soft hyphen at line end: join the word
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = outside_code(text, _render_inline).replace("`", "")
    # Slide bullets ("●", "■", "►"…) start a new thought: a paragraph of its own, glyph dropped.
    text = _SLIDE_BULLET_RE.sub("\n", text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)


def emphasised_spans(text: str) -> list[str]:
    """Terms the author marked in bold or italics, as written, in order, when the text kept the markup.

    Parsers render Markdown, DOCX, HTML and PDF emphasis away today (see docs/cards.md), so
    this finds what survives in plain text: Markdown ``**term**``, ``__term__``, ``*term*``.
    """
    found: dict[str, str] = {}
    for chunk in _without_code_spans(unicodedata.normalize("NFKC", text)):
        for match in _EMPH_RE.finditer(chunk):
            term = _emphasis_text(match)
            if term is None:
                continue
            term = collapse_spaces(_LINK_RE.sub(r"\1", term)).strip(" .,;:")
            if 1 <= len(term.split()) <= 5:
                found.setdefault(term.casefold(), term)
    return list(found.values())


def emphasised_terms(text: str) -> set[str]:
    """:func:`emphasised_spans`, casefolded."""
    return {term.casefold() for term in emphasised_spans(text)}


_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def _without_code_spans(text: str) -> list[str]:
    """The parts of ``text`` outside inline code (where emphasis markup means emphasis)."""
    return _CODE_SPAN_RE.sub("\n", text).split("\n")


def _skip_section(section: Section) -> bool:
    heading = section.source.heading[-1] if section.source.heading else ""
    return section.kind == "code" or bool(_SKIP_HEADINGS_RE.match(heading))


def _span(text: str) -> str:
    text = collapse_spaces(text)
    return text if len(text) <= MAX_SPAN else text[: MAX_SPAN - 1].rsplit(" ", 1)[0] + "…"


def _trim_answer(text: str, limit: int = 25) -> str:
    """The answer up to the first sentence end, at most ``limit`` words, without final punctuation."""
    text = collapse_spaces(text)
    text = split_sentences(text)[0] if text else text
    tokens = text.split(" ")
    if len(tokens) > limit:
        text = " ".join(tokens[:limit])
        for sep in (", ", "; ", " – ", " — ", " ("):
            if sep in text:
                text = text.rsplit(sep, 1)[0]
                break
    return text.rstrip(" .;:,")


def _lang(language: str | None) -> str:
    return (language or "en").split("-")[0].lower()


# --- extractors ---------------------------------------------------------------------


class _Drafter:
    """Collects candidate cards for one chunk."""

    def __init__(self, chunk: Chunk, options: GenerationOptions, language: str | None) -> None:
        self.chunk = chunk
        self.options = options
        # Offline cards are drafts of the document's own sentences: always in its language,
        # whatever options.language asks (a question template in French over an English
        # answer would be neither).
        self.lang = _lang(language)
        self.kinds = set(options.kinds) or {CardKind.BASIC}
        self.candidates: list[_Candidate] = []
        self.used_sentences: set[str] = set()
        self.seen_fronts: set[str] = set()
        self.prepared = [(s, prepare_text(s.text)) for s in chunk.sections if not _skip_section(s)]
        self.expected_lang = _lang(language) if language else None
        self.emphasised = {id(s): emphasised_spans(s.text) for s, _ in self.prepared}
        self._lang_ok: dict[str, bool] = {}
        self.all_text = "\n".join(text for _, text in self.prepared)
        self.term_counts = Counter(w.casefold() for w in words(self.all_text))

    def add(self, section: Section, kind: CardKind, front: str, back: str, span: str, priority: int) -> None:
        key = normalize(front)
        if key in self.seen_fronts or not front.strip() or not self.in_language(span):
            return
        self.seen_fronts.add(key)
        self.used_sentences.add(normalize(span))
        tags = [
            OFFLINE_TAG,
            *(["list"] if priority == 0 and kind is CardKind.CLOZE and "c2::" in front else []),
        ]
        card = CardDraft(
            kind=kind,
            front=front,
            back=back,
            source=section.source,
            origin=Origin.OFFLINE,
            source_span=_span(span),
            tags=tags,
        )
        self.candidates.append(_Candidate(card, priority, len(self.candidates)))

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

    def question(self, templates: dict[str, str], term: str, **extra: str) -> str | None:
        template = templates.get(self.lang)
        return template.format(t=term, **extra) if template else None

    def term_card(
        self, section: Section, term: str, answer: str, span: str, templates: dict[str, str]
    ) -> None:
        """A question card on ``term`` (reversed when only reversed is wanted), else a cloze on it."""
        q = self.question(templates, term)
        if q and CardKind.BASIC in self.kinds:
            self.add(section, CardKind.BASIC, q, answer, span, 0)
        elif CardKind.REVERSED in self.kinds and word_count(term) <= 8 and word_count(answer) <= 8:
            self.add(section, CardKind.REVERSED, term, answer, span, 0)
        elif CardKind.CLOZE in self.kinds:
            cloze = _cloze_once(span, term)
            if cloze:
                self.add(section, CardKind.CLOZE, cloze, "", span, 0)

    def run(self) -> list[_Candidate]:
        for section, text in self.prepared:
            if section.kind == "table" or _looks_like_table(text):
                self.tables(section, text)
                continue
            self.lists(section, text)
            self.emphasis(section, text)
            self.glossary(section, text)
            for sentence in split_sentences(_without_list_lines(text)):
                self.definition(section, sentence)
                if not _bibliographic(sentence, section):
                    self.acronyms(section, sentence)
            self.heading_card(section, text)
        return self.candidates

    # 0. emphasised terms
    _EMPH_DEF_SEP = (
        r"\s*(?::|\s[—–-]\s|,?\s+(?P<verb>is|are|refers to|means|denotes|est|sont|ist|sind|es|son)\s)\s*"
    )

    def emphasis(self, section: Section, text: str) -> None:
        """Cards on the terms the author emphasised (``**term**``; see :func:`emphasised_spans`).

        "**Term**: definition", "**Term** — definition" and "**Term** is/refers to …" give a
        question on the term; "… is called **term**" a question on the name; any other
        sentence of 8-40 words holding the term a cloze on it.
        """
        terms = [t for t in self.emphasised.get(id(section), []) if _emphasis_term_ok(t)]
        if not terms:
            return
        units = [line.strip() for line in text.splitlines() if line.strip()]
        sentences = [s for unit in units for s in split_sentences(unit)]
        for term in terms:
            for sentence in sentences:
                if self._emphasis_card(section, term, sentence):
                    break

    def _emphasis_card(self, section: Section, term: str, sentence: str) -> bool:
        body = re.sub(r"^\s*(?:[-*+•‣▪◦]|\d{1,2}[.)])\s+", "", sentence).rstrip(".!")
        lead = rf"^(?P<art>(?:an?|the|le|la|les|l’|l'|der|die|das|el|los|las)\s+)?{re.escape(term)}"
        m = re.match(lead + self._EMPH_DEF_SEP + r"(?P<d>\S.{5,})$", body, flags=re.I)
        if m and _not_self_referential(term, m.group("d")):
            plural = (m.group("verb") or "").casefold() in {"are", "sont", "sind", "son"}
            templates = _MEANS if (m.group("verb") or "").casefold() == "means" else _WHAT_IS
            term_text = (m.group("art") or "").lower() + term
            before = len(self.candidates)
            self.term_card(section, term_text, _trim_answer(m.group("d")), sentence,
                           _WHAT_ARE if plural else templates)  # fmt: skip
            return len(self.candidates) > before
        named = rf"^(?P<d>.{{6,80}}?)\s+(?:is|are)\s+(?:called|known as|termed)\s+{re.escape(term)}$"
        called = re.search(named, body, flags=re.I)
        if called and CardKind.BASIC in self.kinds:
            q = self.question(_CALLED, called.group("d")[:1].lower() + called.group("d")[1:])
            if q:
                before = len(self.candidates)
                self.add(section, CardKind.BASIC, q, term, sentence, 0)
                return len(self.candidates) > before
        if (
            CardKind.CLOZE in self.kinds
            and 8 <= word_count(body) <= 40
            and not _PRONOUN_START_RE.match(body)
            and not _DANGLING_RE.search(body)
            and normalize(sentence) not in self.used_sentences
        ):
            cloze = _cloze_once(sentence, term)
            if cloze and len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", sentence, flags=re.I)) == 1:
                before = len(self.candidates)
                self.add(section, CardKind.CLOZE, cloze, "", sentence, 1)
                return len(self.candidates) > before
        return False

    # 1. glossary lines
    _GLOSSARY_RE = re.compile(
        r"^\s*(?:[-*•]\s+)?(?P<term>[^\W\d_][^:—–\n]{0,60}?)\s*(?::|\s[—–]\s)\s*(?P<d>\S.{8,})$"
    )

    def glossary(self, section: Section, text: str) -> None:
        previous = ""
        for line in text.splitlines():
            m = self._GLOSSARY_RE.match(line)
            # A glossary line starts a line of its own, not a wrapped sentence ("…a stack of\nplates: When…").
            starts_line = (
                not previous.strip()
                or previous.rstrip().endswith((".", ":", "!", "?"))
                or bool(self._GLOSSARY_RE.match(previous) or self._ITEM_RE.match(previous))
            )
            previous = line
            if not m or "http" in line.casefold() or not starts_line:
                continue
            term, definition = collapse_spaces(m.group("term")), m.group("d")
            if not _glossary_term(term, definition, self.term_counts):
                continue
            self.term_card(section, term, _trim_answer(definition), line, _WHAT_IS)

    # 2. copula definitions
    _ARTICLES = r"(?:a|an|the|one|any|un|une|le|la|les|des|ein|eine|der|die|das|el|los|las|una|uno)"
    _COPULA_RE = re.compile(
        rf"^(?P<art>(?:an?|the|le|la|les|l’|l'|der|die|das|el|los|las)\s+)?(?P<term>[^\s,;:()]+(?:\s+[^\s,;:()]+){{0,4}}?)"
        rf"\s+(?P<verb>is|are|est|sont|ist|sind|es|son)\s+(?P<d>{_ARTICLES}\s+.{{8,}})$",
        re.I,
    )
    _REFERS_RE = re.compile(
        r"^(?P<art>(?:an?|the)\s+)?(?P<term>[^\s,;:()]+(?:\s+[^\s,;:()]+){0,4}?)\s+"
        r"(?P<verb>refers to|means|denotes|stands for)\s+(?P<d>.{6,})$",
        re.I,
    )
    _CALLED_RE = re.compile(
        r"^(?P<d>(?:an?|the)\s+.{6,80}?)\s+(?:is|are)\s+(?:called|known as|termed)\s+(?P<term>.{2,60}?)[.]?$",
        re.I,
    )

    def definition(self, section: Section, sentence: str) -> None:
        body = sentence.rstrip(".!")
        if _PRONOUN_START_RE.match(body) or _DANGLING_RE.search(body) or word_count(body) > 60:
            return
        if (m := self._COPULA_RE.match(body)) and _good_term(m.group("term"), self.term_counts):
            term = (m.group("art") or "").lower() + m.group("term")
            plural = m.group("verb").casefold() in {"are", "sont", "sind", "son"}
            answer = _trim_answer(m.group("d"))
            if _not_self_referential(m.group("term"), answer):
                self.term_card(section, term, answer, sentence, _WHAT_ARE if plural else _WHAT_IS)
        elif (m := self._REFERS_RE.match(body)) and _good_term(m.group("term"), self.term_counts):
            term = (m.group("art") or "").lower() + m.group("term")
            templates = _MEANS if m.group("verb").casefold() == "means" else _REFERS
            self.term_card(section, term, _trim_answer(m.group("d")), sentence, templates)
        elif (m := self._CALLED_RE.match(body)) and word_count(m.group("term")) <= 6:
            q = self.question(_CALLED, m.group("d")[:1].lower() + m.group("d")[1:])
            if q and CardKind.BASIC in self.kinds:
                self.add(section, CardKind.BASIC, q, m.group("term").strip(" .,"), sentence, 0)

    # 3. acronyms
    _ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z&\-]{0,8}[A-Z]s?)\)")

    def acronyms(self, section: Section, sentence: str) -> None:
        for m in self._ACRONYM_RE.finditer(sentence):
            short = m.group(1)
            long_form = schwartz_hearst(short.rstrip("s") if short.endswith("s") else short,
                                        sentence[: m.start()])  # fmt: skip
            if long_form and normalize(long_form) != normalize(short):
                self.term_card(section, short, long_form, sentence, _STANDS_FOR)

    # 4. tables
    def tables(self, section: Section, text: str) -> None:
        rows = [_cells(line) for line in text.splitlines() if "|" in line or "\t" in line]
        rows = [r for r in rows if r and not all(re.fullmatch(r":?-{2,}:?", c) for c in r)]
        if len(rows) < 2 or any(len(r) != 2 for r in rows):
            return
        header: list[str] | None = rows[0] if _looks_like_header(rows[0], rows[1:]) else None
        subject = section.source.heading[-1] if section.source.heading else ""
        for left, right in rows[1:] if header else rows:
            if left and right and left.casefold() != right.casefold():
                self.row_card(section, left, _trim_answer(right), header, subject)

    def row_card(
        self, section: Section, left: str, right: str, header: list[str] | None, subject: str
    ) -> None:
        """One table row: a question when basic cards are wanted, else reversed or cloze."""
        span = f"{left} | {right}"
        q = None
        if header:
            q = self.question(_OF_ROW, left, h=header[1].casefold())
        elif subject:
            q = self.question(_ROW, left, s=subject)
        if q and CardKind.BASIC in self.kinds:
            self.add(section, CardKind.BASIC, q, right, span, 0)
        elif CardKind.REVERSED in self.kinds and word_count(left) <= 8 and word_count(right) <= 8:
            self.add(section, CardKind.REVERSED, left, right, span, 0)
        elif CardKind.CLOZE in self.kinds and header and word_count(right) <= 5:
            text = f"{header[0]} “{left}” – {header[1].casefold()}: {{{{c1::{right}}}}}"
            self.add(section, CardKind.CLOZE, text, "", span, 0)

    # 5. lists
    _ITEM_RE = re.compile(r"^\s*(?:[-*+•‣▪◦]|\d{1,2}[.)]|[a-z][.)])\s+(?P<item>\S.*)$")

    def lists(self, section: Section, text: str) -> None:
        if CardKind.CLOZE not in self.kinds:
            return
        lines = text.splitlines()
        groups: list[tuple[str, list[str]]] = []
        lead, items = "", []
        for line in [*lines, ""]:
            m = self._ITEM_RE.match(line) if not (section.kind == "list" and line.strip()) else None
            item = m.group("item") if m else (line.strip() if section.kind == "list" else None)
            if item:
                items.append(item.strip().rstrip(".;,"))
                continue
            if items:
                groups.append((lead, items))
                items = []
            if line.strip():
                lead = line.strip()
        for lead_line, group in groups:
            self.list_card(section, lead_line, group)

    def list_card(self, section: Section, lead: str, items: list[str]) -> None:
        if not 2 <= len(items) <= 8 or any(word_count(i) > 5 or word_count(i) == 0 for i in items):
            return
        if len({i.casefold() for i in items}) != len(items):
            return
        heading = section.source.heading[-1] if section.source.heading else ""
        if not lead.endswith(":") or _PRONOUN_START_RE.match(lead) or _DANGLING_RE.search(lead):
            lead = f"{heading}:" if heading and not _DANGLING_RE.search(heading) else ""
        if not lead or word_count(lead) > 25:
            return
        deletions = "; ".join(f"{{{{c{n}::{item}}}}}" for n, item in enumerate(items, 1))
        self.add(section, CardKind.CLOZE, f"{lead} {deletions}", "", f"{lead} {'; '.join(items)}", 0)

    # 6. heading → short body
    def heading_card(self, section: Section, text: str) -> None:
        if not section.source.heading or section.kind != "body":
            return
        heading = re.sub(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", section.source.heading[-1]).strip(" :")
        body = collapse_spaces(text)
        if body.casefold().startswith(heading.casefold()):
            body = body[len(heading) :].strip(" :.-")
        if not (1 <= word_count(heading) <= 6 and 5 <= word_count(body) <= 40):
            return
        if heading.casefold() in _GENERIC_HEADINGS or heading.endswith("?") or re.search(r"\d", heading):
            return
        if _PRONOUN_START_RE.match(body) or "\n" in text.strip() or body.endswith(":"):
            return
        main = [w for w in words(heading) if w.casefold() not in STOP_WORDS]
        if not main or not any(w.casefold() in body.casefold() for w in main):
            return
        if q := self.question(
            _WHAT_IS, heading[:1].lower() + heading[1:] if heading[1:2].islower() else heading
        ):
            self.add(section, CardKind.BASIC, q, _trim_answer(body), body, 1)


# --- helpers for the extractors --------------------------------------------------------


def _without_list_lines(text: str) -> str:
    return "\n".join("" if _Drafter._ITEM_RE.match(line) else line for line in text.splitlines())


def _looks_like_table(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 2 and sum(line.count("|") >= 1 for line in lines) == len(lines)


def _cells(line: str) -> list[str]:
    sep = "|" if "|" in line else "\t"
    parts = [collapse_spaces(c) for c in line.strip().strip("|").split(sep)]
    return parts if any(parts) else []


def _looks_like_header(first: list[str], rest: list[list[str]]) -> bool:
    short = all(0 < word_count(c) <= 3 for c in first)
    longer = sum(word_count(r[1]) for r in rest) / max(1, len(rest)) > word_count(first[1])
    return short and (longer or all(c[:1].isupper() for c in first))


def _glossary_term(term: str, definition: str, counts: Counter[str]) -> bool:
    """A "Term: definition" line, not a form label ("DATES:", "Fax:") or a sentence cut at a colon."""
    if not term[:1].isupper() or (term.isupper() and len(term) > 3) or word_count(term) > 3:
        return False
    if (
        word_count(definition) < 4
        or _PRONOUN_START_RE.match(definition)
        or definition.lower().startswith("you")
    ):
        return False
    return _good_term(term, counts, allow_lower=True)


def _emphasis_term_ok(term: str) -> bool:
    """An emphasised span worth a card: a short term, not a label ("Note", "Warning") or a number."""
    tokens = words(term)
    if not 1 <= len(tokens) <= 5 or term.casefold() in _BAD_TERMS or not any(ch.isalpha() for ch in term):
        return False
    return not (tokens[0].casefold() in STOP_WORDS and len(tokens) == 1)


_INNER_OK = {"of", "and", "for", "de", "la", "du", "des", "der", "von", "del"}


def _good_term(term: str, counts: Counter[str], *, allow_lower: bool = False) -> bool:
    """A term worth asking about: ≤ 5 words, no stop words but "of"/"and" inside, capitalised or repeated."""
    tokens = words(term)
    if not 1 <= len(tokens) <= 5 or len(term) > 60 or term.casefold() in _BAD_TERMS:
        return False
    if tokens[0].casefold() in STOP_WORDS or tokens[-1].casefold() in STOP_WORDS:
        return False
    if any(t.casefold() in STOP_WORDS and t.casefold() not in _INNER_OK for t in tokens[1:-1]):
        return False
    if _PRONOUN_START_RE.match(term) or any(ch.isdigit() for ch in term) or re.search(r"[.!?\"“”]", term):
        return False
    if allow_lower or (term[:1].isupper() and len(tokens) <= 3 and not _sentence_case_phrase(tokens)):
        return True
    return counts[tokens[-1].casefold()] >= 2


def _sentence_case_phrase(tokens: list[str]) -> bool:
    # "Many programs" at a sentence start is capitalised by position, not because it is a name.
    return len(tokens) > 1 and all(t[:1].islower() for t in tokens[1:])


def _not_self_referential(term: str, answer: str) -> bool:
    return normalize(term) not in normalize(answer)


def _bibliographic(sentence: str, section: Section) -> bool:
    return bool(_BIBLIO_RE.search(sentence))


_BIBLIO_RE = re.compile(
    r"\bet al\b|\bIn Proceedings\b|\bProc\.|\bpp\.\s*\d|\bdoi\b|arXiv|\(\s*(19|20)\d\d[a-z]?\s*\)|"
    r"(\b[A-Z]\.\s*){2,}"
)


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
    return long_form


def _cloze_once(sentence: str, target: str) -> str | None:
    """``sentence`` with the first whole-word occurrence of ``target`` deleted as c1."""
    m = re.search(rf"(?<!\w){re.escape(target)}(?!\w)", sentence, flags=re.I)
    if not m:
        return None
    text = collapse_spaces(sentence)
    m = re.search(rf"(?<!\w){re.escape(target)}(?!\w)", text, flags=re.I)
    if not m:
        return None
    return f"{text[: m.start()]}{{{{c1::{m.group(0)}}}}}{text[m.end() :]}"


# --- key-term cloze supplement ------------------------------------------------------------

_CUE_RE = re.compile(
    r"\b(is|are|was|were|means|refers|called|known as|because|causes?|caused|leads? to|results? in|due to|"
    r"therefore|consists? of|contains?|allows?|requires?|defined|est|sont|ist|sind|es|son)\b|\d",
    re.I,
)


def _sentences_with_sections(drafter: _Drafter) -> Iterator[tuple[Section, str]]:
    for section, text in drafter.prepared:
        if section.kind in {"table", "code"} or _looks_like_table(text):
            continue
        for sentence in split_sentences(_without_list_lines(text)):
            yield section, sentence


_WORD_PATTERN = r"(?u)\b[^\W\d_][\w\-’']+\b"  # words starting with a letter, 2+ chars


def _term_scores(sentences: Sequence[str], emphasised: set[str]) -> dict[str, float]:
    """Summed TF-IDF of 1-3-word phrases over the chunk's sentences, emphasised terms boosted."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [s for s in sentences if s.strip()]
    if len(docs) < 2:
        return {}
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 3),
        stop_words=sorted(STOP_WORDS),
        token_pattern=_WORD_PATTERN,
        lowercase=True,
    )
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # only stop words
        return {}
    sums = matrix.sum(axis=0).A1
    scores = {term: float(sums[i]) for term, i in vectorizer.vocabulary_.items()}
    for term in list(scores):
        if " " in term:
            scores[term] *= 1.3  # specific multi-word phrases over single words
        if term in emphasised:
            scores[term] *= 3.0
    return scores


def _keyterm_cards(drafter: _Drafter, quota: int, emphasised: set[str]) -> None:
    if quota <= 0 or CardKind.CLOZE not in drafter.kinds:
        return
    pairs = list(_sentences_with_sections(drafter))
    scores = _term_scores([s for _, s in pairs], emphasised)
    if not scores:
        return
    topics = set(topic_terms(drafter.chunk))
    used_terms: Counter[str] = Counter()
    ranked: list[tuple[float, int, Section, str, str]] = []
    for position, (section, sentence) in enumerate(pairs):
        target = _best_target(sentence, scores, topics, used_terms, drafter.term_counts)
        if target and _cloze_sentence_ok(sentence) and normalize(sentence) not in drafter.used_sentences:
            ranked.append((-scores[target.casefold()], position, section, sentence, target))
            used_terms[target.casefold()] += 1
    ranked.sort(key=lambda r: (r[0], r[1]))
    before = len(drafter.candidates)
    for _, _, section, sentence, target in ranked:
        if len(drafter.candidates) - before >= quota:
            break
        cloze = _cloze_once(sentence, target)
        if cloze:  # add() skips a sentence in another language; the next best one takes the slot
            drafter.add(section, CardKind.CLOZE, cloze, "", sentence, 2)


_CODE_RE = re.compile(
    r"[=#{}<>\[\]]|\w\(|\)\s*:|::|\w\.\w+\(|^\s*(def|cdef|import|from|return|for|if|while|class|print)\b"
)


def _cloze_sentence_ok(sentence: str) -> bool:
    n = word_count(sentence)
    if not 8 <= n <= 35 or not _CUE_RE.search(sentence) or sentence.endswith(("?", ":")):
        return False
    if _CODE_RE.search(sentence):  # source code read as prose: no sentence to learn from
        return False
    return not (_PRONOUN_START_RE.match(sentence) or _DANGLING_RE.search(sentence) or "{{" in sentence)


def _specific_word(word: str, sentence_words: Sequence[str]) -> bool:
    """Capitalised mid-sentence, or with a hyphen/digit: a name or a technical term."""
    if "-" in word or any(ch.isdigit() for ch in word):
        return True
    return len(word) > 1 and any(t[:1].isupper() and t.casefold() == word for t in sentence_words[1:])


_PLAIN_SUFFIX_RE = re.compile(r"(ly|ing|ed|est)$")


def _plain_word(word: str) -> bool:
    """A short word or an English adverb/participle: rarely the fact a sentence teaches."""
    return len(word) < 5 or (word.isascii() and bool(_PLAIN_SUFFIX_RE.search(word)))


def _best_target(
    sentence: str, scores: dict[str, float], topics: set[str], used: Counter[str], counts: Counter[str]
) -> str | None:
    low = sentence.casefold()
    original = words(sentence)
    tokens = [w.casefold() for w in original]
    best: tuple[float, str] | None = None
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            phrase = " ".join(tokens[i : i + n])
            score = scores.get(phrase)
            # Cheap tests first: this runs for every phrase of every sentence.
            if score is None or (best is not None and score <= best[0]) or i == 0:
                continue
            if phrase in topics or used[phrase] >= 2 or len(phrase) < 4:
                continue
            plain = counts[phrase] < 2 or _plain_word(phrase)
            if n == 1 and plain and not _specific_word(phrase, original):
                continue  # a one-off or plain word ("difference", "just", "using") makes a guessing game
            if len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", low)) != 1:
                continue  # repeated (or split oddly): another occurrence would give the answer away (Q8)
            best = (score, phrase)
    return best[1] if best else None


# --- entry point --------------------------------------------------------------------------


def draft_offline_cards(
    chunk: Chunk,
    options: GenerationOptions,
    *,
    language: str | None = None,
    density_per_1k: float = 10.0,
    existing_fronts: Sequence[str] = (),
) -> list[CardDraft]:
    """Candidate cards for ``chunk`` before the quality gate, best first, within ``options.max_cards``."""
    drafter = _Drafter(chunk, options, language)
    drafter.seen_fronts.update(normalize(f) for f in existing_fronts)
    drafter.run()
    total_words = word_count(drafter.all_text)
    target = max(1, round(density_per_1k * total_words / 1000))
    quota = min(options.max_cards, target) - len(drafter.candidates)
    emphasised = {t.casefold() for terms in drafter.emphasised.values() for t in terms}
    _keyterm_cards(drafter, quota, emphasised)
    ordered = sorted(drafter.candidates, key=lambda c: (c.priority, c.position))
    return [c.card for c in ordered[: max(0, options.max_cards)]]


def topic_terms(chunk: Chunk) -> list[str]:
    """The chunk's heading words and (up to) three most frequent content words seen 3+ times.

    They are what the chunk is about, so deleting them from a sentence makes a
    trivial cloze (rubric Q9).
    """
    counts = Counter(w.casefold() for s in chunk.sections for w in words(prepare_text(s.text)))
    heading = [w.casefold() for h in chunk.heading for w in words(h) if w.casefold() not in STOP_WORDS]
    ranked = sorted(
        (
            (n, w)
            for w, n in counts.items()
            if n >= 3 and w not in STOP_WORDS and len(w) > 2 and not w.isdigit()
        ),
        key=lambda nw: (-nw[0], nw[1]),
    )
    return list(dict.fromkeys([*heading, *(w for _, w in ranked[:3])]))
