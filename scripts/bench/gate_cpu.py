"""Benchmark: the card checks' CPU per card on real chunks, and a digest of their verdicts.

The offline drafts of a few corpus documents (chunked as a job chunks them) go through the gate
and the chunk's dedupe (``cards.generate._gate``, as every generator's cards do) ``--repeat``
times; printed: the median CPU per card and per chunk over the rounds (``time.thread_time``), and
a digest of every card's verdicts (kept cards, their checks and tags; dropped cards and their
failed rules). A change meant to save CPU only must leave the digest as it was. The checks'
caches are emptied before each round, so that a round pays for what one chunk's checks pay.

Run: ``.venv/bin/python -m scripts.bench.gate_cpu``.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cards import placement, text
from cards.generate import _gate
from cards.offline import draft_offline_cards
from cards.offline.subject import with_domain
from cards.schema import CardDraft, GenerationOptions
from config import load_settings
from documents import ParseLimits, chunk_document
from documents.model import Chunk, DocumentKind
from documents.registry import parse_document_in_process
from tests.conftest import corpus_file

DOCUMENTS = [
    ("md-rust-book-ch04-01-what-is-ownership.md", DocumentKind.MARKDOWN),
    ("html-wikipedia-duck.html", DocumentKind.HTML),
    ("pdf-two-column-dpr-paper-emnlp2020.pdf", DocumentKind.PDF),
]
MAX_CARDS = 8

Work = list[tuple[Chunk, list[CardDraft], str | None]]


def drafted_chunks() -> Work:
    """Every chunk of the documents with its offline drafts and the document's language."""
    settings = load_settings(_env_file=None)
    work: Work = []
    for name, kind in DOCUMENTS:
        parsed = parse_document_in_process(Path(corpus_file(name)), kind, ParseLimits.from_settings(settings))
        for chunk in with_domain(chunk_document(parsed, settings.chunk_tokens), parsed.language):
            drafts = draft_offline_cards(
                chunk, GenerationOptions(max_cards=MAX_CARDS), language=parsed.language
            )
            work.append((chunk, drafts, parsed.language))
    return work


def verdicts_digest(work: Work) -> str:
    digest = hashlib.sha256()
    for chunk, drafts, language in work:
        gated, result = _gate(copy.deepcopy(drafts), chunk, language, MAX_CARDS, source_lang=language)
        for card in result.cards:
            digest.update(repr((card.front, card.back, sorted(card.checks.items()), card.tags)).encode())
        for card, rules in gated.dropped:
            digest.update(repr((card.front, rules, sorted(card.checks.items()))).encode())
    return digest.hexdigest()[:16]


def round_cpu_s(work: Work) -> float:
    batch = [(chunk, copy.deepcopy(drafts), language) for chunk, drafts, language in work]
    placement.locate.cache_clear()
    text.section_sentences.cache_clear()
    started = time.thread_time()
    for chunk, drafts, language in batch:
        _gate(drafts, chunk, language, MAX_CARDS, source_lang=language)
    return time.thread_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    work = drafted_chunks()
    cards = sum(len(drafts) for _, drafts, _ in work)
    digest = verdicts_digest(work)
    rounds = [round_cpu_s(work) for _ in range(args.repeat)]
    median = statistics.median(rounds)
    print(
        f"{len(work)} chunks, {cards} cards: gate CPU per card median {1000 * median / cards:.3f} ms "
        f"(fastest round {1000 * min(rounds) / cards:.3f}), per chunk {1000 * median / len(work):.2f} ms; "
        f"verdicts {digest}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
