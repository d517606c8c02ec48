"""Evaluate the offline card generator on the shared corpus.

Usage: ``.venv/bin/python -m scripts.eval_offline [CORPUS_DIR] [--max-chunks N] [--max-cards N]``

For every document of ``MANIFEST.tsv`` that parses, makes a deck the way a job
without AI providers does (``tasks.pipeline``): the job's ``max_cards`` shared
among the chunks by ``card_budgets`` (a chunk with no budget is skipped), each
chunk through ``cards.generate.generate_cards`` with no completer and no
existing fronts (chunks run in any order), then the cross-chunk dedupe and the
round-robin trim of ``finalize``. Prints per document and in total: cards kept,
words, cards per 1,000 words, the gate pass rate (share of drafted cards
passing every check), duplicates found and removed (within chunks and across
the deck), duplicates left in the final deck (should be 0), and the share of
cards whose citation points at a section of the document. ``--max-cards``
defaults to ``MAX_CARDS_LIMIT`` (the most a job may ask) so that the budget does
not cap the density being measured. Documents that fail to parse are listed
with the reason and skipped.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cards.dedupe import count_duplicates, dedupe
from cards.generate import generate_cards
from cards.quality import locator_valid
from cards.schema import CardDraft
from cards.text import word_count
from config import Settings

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class DocStats:
    name: str
    cards: int = 0
    words: int = 0
    drafted: int = 0
    clean: int = 0
    duplicates_found: int = 0
    duplicates_left: int = 0
    cited: int = 0
    seconds: float = 0.0

    @property
    def per_1k(self) -> float:
        return 1000 * self.cards / self.words if self.words else 0.0

    @property
    def pass_rate(self) -> float:
        return self.clean / self.drafted if self.drafted else 0.0

    @property
    def cited_share(self) -> float:
        return self.cited / self.cards if self.cards else 0.0

    def add(self, other: DocStats) -> None:
        for name in ("cards", "words", "drafted", "clean", "duplicates_found", "duplicates_left", "cited"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds


def evaluate(path: Path, settings: Settings, max_cards: int, max_chunks: int | None) -> DocStats:
    from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process
    from tasks.pipeline import card_budgets, generation_options, trim_round_robin

    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    chunks = chunk_document(doc, settings.chunk_tokens)[:max_chunks]
    stats = DocStats(path.name, words=sum(word_count(c.text) for c in chunks))
    threshold = settings.cards_dedupe_threshold
    deck: list[tuple[int, CardDraft]] = []
    started = time.perf_counter()
    for chunk, budget in zip(chunks, card_budgets(chunks, max_cards), strict=True):
        if budget <= 0:
            continue  # as in the pipeline: the job's max_cards went to other chunks
        result = generate_cards(
            chunk,
            generation_options({"max_cards": max_cards}, budget),
            None,
            language=doc.language,
            density_per_1k=settings.cards_offline_density_per_1k_words,
            dedupe_threshold=threshold,
        )
        stats.drafted += result.drafted
        stats.clean += result.passed
        stats.duplicates_found += result.duplicates
        deck.extend((chunk.index, card) for card in result.cards)
    # finalize: dedupe across the deck, then trim to max_cards taking turns among chunks
    unique = {id(card) for card in dedupe([card for _, card in deck], threshold=threshold)}
    stats.duplicates_found += len(deck) - len(unique)
    final = [
        card for _, card in trim_round_robin([p for p in deck if id(p[1]) in unique], max_cards, _chunk_of)
    ]
    stats.seconds = time.perf_counter() - started
    stats.cards = len(final)
    stats.duplicates_left = count_duplicates(final, threshold=threshold)
    stats.cited = sum(locator_valid(c.source, doc.sections) for c in final)
    return stats


def _chunk_of(item: tuple[int, CardDraft]) -> int:
    return item[0]


def row(label: str, s: DocStats) -> str:
    return (
        f"{label[:52]:52} {s.cards:6d} {s.words:7d} {s.per_1k:6.1f} {s.pass_rate:6.0%} "
        f"{s.duplicates_found:6d} {s.duplicates_left:5d} {s.cited_share:6.0%} {s.seconds:5.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    import config

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--max-chunks", type=int, default=None, help="limit chunks per document (speed)")
    parser.add_argument(
        "--max-cards", type=int, default=None, help="the job's max_cards (default: MAX_CARDS_LIMIT)"
    )
    args = parser.parse_args(argv)
    settings = config.load_settings()
    max_cards = args.max_cards or settings.max_cards_limit
    with (args.corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        names = [r["filename"] for r in csv.DictReader(fh, delimiter="\t")]
    print(
        f"max_cards={max_cards} per document, density={settings.cards_offline_density_per_1k_words:g}/1k, "
        f"dedupe threshold={settings.cards_dedupe_threshold}"
    )
    header = (
        f"{'document':52} {'cards':>6} {'words':>7} {'/1k':>6} {'pass':>6} {'dups':>6} {'left':>5} "
        f"{'cited':>6} {'s':>5}"
    )
    print(header)
    print("-" * len(header))
    total = DocStats("TOTAL")
    documents = 0
    for name in names:
        try:
            stats = evaluate(args.corpus / name, settings, max_cards, args.max_chunks)
        except Exception as exc:  # a corpus file that fails to parse is reported and skipped
            print(f"{name[:52]:52} skipped: {type(exc).__name__}: {str(exc)[:60]}")
            continue
        documents += 1
        total.add(stats)
        print(row(stats.name, stats))
    print("-" * len(header))
    print(row(f"TOTAL ({documents} documents)", total))
    print("dups: duplicates found and removed (within chunks and across the deck); left: in the final deck")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
