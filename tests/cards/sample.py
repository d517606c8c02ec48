"""Hand-written sections shared by the card tests, and the offline cards of a corpus document."""

from __future__ import annotations

import functools
from collections.abc import Callable

from cards.generate import generate_cards
from cards.offline import draft_offline_cards
from cards.offline.drafter import Drafter
from cards.offline.subject import with_domain
from cards.schema import CardDraft, GenerationOptions
from cards.text import split_sentences
from config import load_settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process
from documents.model import Chunk, Section, SourceRef
from tests.conftest import corpus_file

PROSE = (
    "Ownership is a set of rules that govern how a Rust program manages memory. "
    "All programs have to manage the way they use a computer's memory while running. "
    "Some languages have garbage collection that regularly looks for no-longer-used memory "
    "as the program runs. "
    "The stack stores values in the order it gets them and removes the values in the opposite order. "
    "Pushing onto the stack is faster than allocating on the heap because the allocator never has to search "
    "for a place to store new data. Rust was first released as a stable version in 2015 by Mozilla Research."
)
GLOSSARY = (
    "Compiler: a program that translates source code into machine code.\n"
    "Linker: a tool that combines object files into an executable."
)
ACRONYMS = (
    "Dense Passage Retrieval (DPR) uses a dual encoder to index passages. "
    "The World Health Organization (WHO) published the report in 2020."
)
TABLE = "Command | Description\nls | list directory contents\ncd | change the working directory"
LIST = "The three primary colours are:\n- red\n- green\n- blue"

SEC_PROSE = Section(PROSE, SourceRef(page=1, heading=("Ownership",)))
SEC_GLOSSARY = Section(GLOSSARY, SourceRef(page=2, heading=("Ownership", "Glossary")))
SEC_ACRONYMS = Section(ACRONYMS, SourceRef(page=3))
SEC_TABLE = Section(TABLE, SourceRef(page=4), kind="table")
SEC_LIST = Section(LIST, SourceRef(page=5))
SEC_REFS = Section(
    "Karpukhin, V. et al. Dense Passage Retrieval (DPR) for open-domain QA. In Proceedings of EMNLP (2020).",
    SourceRef(page=6, heading=("References",)),
)


def chunk(*sections: Section, index: int = 0) -> Chunk:
    pages = [s.source.page for s in sections if s.source.page is not None]
    return Chunk(
        index=index,
        sections=tuple(sections),
        heading=sections[0].source.heading,
        page_start=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
    )


def full_chunk() -> Chunk:
    return chunk(SEC_PROSE, SEC_GLOSSARY, SEC_ACRONYMS, SEC_TABLE, SEC_LIST, SEC_REFS)


def kept_cards(text: str, source: SourceRef) -> list[CardDraft]:
    """The cards a job keeps from one section (offline, through the gate), at a density that cuts none."""
    options = GenerationOptions(max_cards=40)
    return generate_cards(
        chunk(Section(text, source)), options, None, language="en", density_per_1k=100
    ).cards


def drafted(extract: Callable[[Drafter, Section, str], None], text: str) -> list[CardDraft]:
    """What one per-sentence extractor drafts from ``text``, before the gate."""
    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    section = drafter.prepared[0][0]
    for sentence in split_sentences(text):
        extract(drafter, section, sentence)
    return [c.card for c in drafter.candidates]


@functools.cache
def corpus_cards(name: str, language: str) -> tuple[CardDraft, ...]:
    """The offline cards of the corpus document ``name``, chunk by chunk as a job makes them (up
    to 100 a chunk); made once per test process, as several tests read the same story's deck."""
    path = corpus_file(name)
    settings = load_settings()
    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    return tuple(
        card
        for piece in with_domain(chunk_document(doc, settings.chunk_tokens), doc.language)
        for card in generate_cards(piece, GenerationOptions(max_cards=100), None, language=language).cards
    )


# Dialogue enough that a chunk reads as a story (:func:`cards.offline.keyterms.narrative`).
STORY_SCENES = (
    "She walked along the path, and he followed her. Would the night come soon? He hoped not! " * 12
)


def story_cards(chapter: str, *paragraphs: str, lead_in: str = "") -> dict[str, str]:
    """The offline question cards (before the gate) of a story's ``paragraphs`` under ``chapter``;
    ``lead_in``: the end of the chunk before."""
    heading = (chapter,)
    texts = (*paragraphs, STORY_SCENES)
    sections = tuple(Section(p, SourceRef(paragraph=n, heading=heading)) for n, p in enumerate(texts, 1))
    chunk = Chunk(index=0, sections=sections, heading=heading, title=None, lead_in=lead_in)
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=60), language="en")
    return {c.front: c.back for c in cards if c.kind.value == "basic"}
