"""Versioned prompt templates for LLM card generation.

``PROMPT_VERSION`` is part of every request's cache key: change it whenever the
wording or the schema changes, so that cached answers to the old prompt are not
reused. The examples in ``SYSTEM`` are written for this project (not taken from
any document it is tested on), short, one per kind. The chunk is sent as numbered
blocks ``[S1]``, ``[S2]``… with their page, slide and heading path; the model cites
a block number (easier to get right than a page number) plus the page/slide/heading,
and a verbatim quote, all of which ``cards.llm`` verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from cards.schema import CardKind, GenerationOptions, llm_json_schema
from documents.model import Chunk, Section
from providers.types import LLMRequest

PROMPT_VERSION = "cards-v2"
MAX_EXISTING_FRONTS = 80
MAX_OUTPUT_TOKENS = 4096

SYSTEM = """You write flashcards that a student will keep and review for years.
Rules:
- Every card tests ONE fact from the given text, and nothing that is not in it. No outside knowledge.
- Every card stands on its own, read months later without the document: it names its subject and,
  when the block's heading path gives one, its context ("In the OSI model, …", "In Git, …").
  Never "it", "this", "they", "the above", "this figure", "the text", "the author" as the subject.
- Questions are precise and have exactly one short answer (at most 25 words; usually a few words).
- Ask "What is X?" only when the text defines X, and answer with that definition. Never ask about a heading
  or a lone word that is not the subject ("What is Physical?": physical what?).
- Never ask yes/no questions. Never ask "explain", "describe" or "discuss".
- Never ask for a list of several items in a basic card;
  make one cloze card with {{c1::…}}, {{c2::…}} instead.
- Do not put the answer in the question.
- Cloze cards: "front" is ONE whole sentence of the text with deletions {{c1::answer}} numbered from c1
  without gaps; a deletion never spans two sentences; it hides a specific term (a name, a technical term,
  a number with its unit; at most 5 words), never a common word such as "system", "section", "command";
  "back" may hold extra context.
- Reversed cards: a term on the front, its short definition on the back (both at most 8 words).
- An acronym card's answer is the words the letters stand for, never code or a fragment of a sentence.
- Plain text only: no Markdown. Write math in LaTeX between \\( and \\) only when the text has math:
  shell and Make variables such as $(DESTDIR) or ${HOME} are code, not math.
- Copy text cleanly: leave out page numbers, running headers and footers, dot leaders and stray symbols.
- For every card give "source_quote": the exact sentence of the text the card is drawn from (copied verbatim),
  and "source": {"block": the number N of the block [SN] it comes from,
  "page"/"slide" of that block, "heading"}.
- Skip what is not worth learning: tables of contents, indexes, references, copyright and licence notices,
  release dates of the edition, navigation, code listings.
Examples of good cards (from other documents):
- basic: "In Git, which command records the staged changes as a new commit?" → "git commit"
- basic: "In the OSI model, what does the physical layer transmit over a medium?" → "Raw bits"
- cloze: "In photosynthesis, the {{c1::Calvin cycle}} fixes carbon dioxide into sugars using ATP and NADPH."
- cloze: "An HTTP {{c1::401}} response tells the client that it must authenticate."
- reversed: "Idempotent (HTTP method)" ↔ "Same effect however many times it is sent"
Answer with JSON matching the given schema and nothing else."""

_KIND_HELP = {
    CardKind.BASIC: "basic (question → answer)",
    CardKind.REVERSED: "reversed (term ↔ definition, studied both ways)",
    CardKind.CLOZE: "cloze (text with {{c1::deletions}})",
}
_DIFFICULTY_HELP = {
    "easy": "Prefer core definitions and key facts a beginner must know.",
    "medium": "Mix key definitions with relationships, causes and consequences.",
    "hard": "Prefer details, distinctions, mechanisms and exceptions an expert would know.",
}


def _locator(section: Section) -> str:
    ref = section.source
    parts = []
    if ref.page is not None:
        parts.append(f"page {ref.page}")
    if ref.slide is not None:
        parts.append(f"slide {ref.slide}" + (" (speaker notes)" if ref.notes else ""))
    if ref.heading:
        parts.append(" › ".join(ref.heading))
    if ref.lines:
        parts.append(f"lines {ref.lines[0]}-{ref.lines[1]}")
    return " · ".join(parts) or "no locator"


def _page_range(chunk: Chunk) -> str:
    if chunk.page_start is None:
        return ""
    if chunk.page_end is None or chunk.page_end == chunk.page_start:
        return f"Page {chunk.page_start}."
    return f"Pages {chunk.page_start}-{chunk.page_end}."


def build_user_prompt(
    chunk: Chunk, options: GenerationOptions, language: str | None, existing_fronts: Sequence[str]
) -> str:
    kinds = ", ".join(_KIND_HELP[k] for k in options.kinds)
    lines = [
        f"Section: {' › '.join(chunk.heading) or '(untitled)'}. {_page_range(chunk)}".strip(),
        "Each block below starts with its page (or slide) and heading path: use them as the cards' "
        "context, so that each card names what it is about.",
        f"Card types allowed: {kinds}.",
        f"Write between 1 and {options.max_cards} cards: one per distinct fact worth remembering, so "
        "dense text gets more cards and thin text fewer; "
        "write none if the text holds nothing worth learning.",
        f"Language of the cards: {language}." if language else "Write the cards in the language of the text.",
    ]
    if options.focus:
        lines.append(f"Focus on: {options.focus}.")
    if options.difficulty:
        lines.append(_DIFFICULTY_HELP[options.difficulty])
    fronts = [f for f in existing_fronts if f.strip()][-MAX_EXISTING_FRONTS:]
    if fronts:
        lines.append("Cards that already exist for this document (do not repeat them):")
        lines.extend(f"- {f.strip()[:200]}" for f in fronts)
    lines.append("\nText:")
    for number, section in enumerate(chunk.sections, 1):
        lines.append(f"[S{number}] ({_locator(section)})\n{section.text.strip()}\n")
    return "\n".join(lines)


def cache_key(chunk: Chunk, options: GenerationOptions, language: str | None) -> str:
    """Prompt version + hash of the chunk text, its locators and the options.

    Existing fronts are left out on purpose: chunks finish in any order, so they
    differ between runs, and a re-run of the same document should cost nothing.
    """
    payload = json.dumps(
        {
            "text": chunk.text,
            "sources": [s.source.as_dict() for s in chunk.sections],
            "kinds": [str(k) for k in options.kinds],
            "max": options.max_cards,
            "lang": language,
            "focus": options.focus,
            "difficulty": options.difficulty,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return f"{PROMPT_VERSION}:{hashlib.sha256(payload.encode('utf-8')).hexdigest()}"


def build_request(
    chunk: Chunk, options: GenerationOptions, language: str | None, existing_fronts: Sequence[str] = ()
) -> LLMRequest:
    """The request for one chunk."""
    return LLMRequest(
        system=SYSTEM,
        user=build_user_prompt(chunk, options, language, existing_fronts),
        json_schema=llm_json_schema(),
        schema_name="cards",
        cache_key=cache_key(chunk, options, language),
        max_output_tokens=MAX_OUTPUT_TOKENS,
    )
