"""Evaluate the offline card generator on the shared corpus.

Usage: ``.venv/bin/python scripts/eval_offline.py [CORPUS_DIR] [--max-chunks N]``

For every document of ``MANIFEST.tsv`` that parses, runs the offline generator
chunk by chunk (as the workers would, with the document's language and the
fronts made so far) and prints: cards kept, words, cards per 1,000 words, the
gate pass rate (share of drafted cards passing every check), the share kept
(clean or flagged), duplicates left after cross-chunk dedupe, and the share of
cards whose citation points at a section of the document. Documents that fail
to parse are listed with the reason and skipped.
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
from cards.generate import chunk_language
from cards.offline import draft_offline_cards, topic_terms
from cards.quality import GateContext, apply_gate, locator_valid, passes
from cards.schema import CardDraft, GenerationOptions
from cards.text import word_count

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PER_CHUNK_BUDGET = 40


@dataclass
class DocStats:
    name: str
    cards: int = 0
    words: int = 0
    drafted: int = 0
    clean: int = 0
    kept_before_dedupe: int = 0
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


def evaluate(path: Path, max_chunks: int | None) -> DocStats:
    import config
    from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process

    settings = config.load_settings()
    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    chunks = chunk_document(doc, settings.chunk_tokens)[:max_chunks]
    stats = DocStats(path.name, words=sum(word_count(c.text) for c in chunks))
    options = GenerationOptions(max_cards=PER_CHUNK_BUDGET)
    deck: list[CardDraft] = []
    started = time.perf_counter()
    for chunk in chunks:
        lang = chunk_language(chunk, options, doc.language)
        fronts = [c.front for c in deck]
        drafts = draft_offline_cards(chunk, options, language=lang, existing_fronts=fronts)
        gated = apply_gate(
            drafts, GateContext.from_chunk(chunk, language=lang, topic_terms=topic_terms(chunk))
        )
        stats.drafted += len(drafts)
        stats.clean += sum(passes(c) for c in gated.kept)
        kept = dedupe(gated.kept)[:PER_CHUNK_BUDGET]
        stats.kept_before_dedupe += len(kept)
        deck.extend(kept)
    final = dedupe(deck)  # the finalizer's cross-chunk pass
    stats.seconds = time.perf_counter() - started
    stats.cards = len(final)
    stats.duplicates_left = count_duplicates(final)
    stats.cited = sum(locator_valid(c.source, doc.sections) for c in final)
    return stats


def row(label: str, s: DocStats) -> str:
    return (
        f"{label[:52]:52} {s.cards:6d} {s.words:7d} {s.per_1k:6.1f} {s.pass_rate:6.0%} "
        f"{s.duplicates_left:5d} {s.cited_share:6.0%} {s.seconds:5.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--max-chunks", type=int, default=None, help="limit chunks per document (speed)")
    args = parser.parse_args(argv)
    with (args.corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        names = [row["filename"] for row in csv.DictReader(fh, delimiter="\t")]
    header = (
        f"{'document':52} {'cards':>6} {'words':>7} {'/1k':>6} {'pass':>6} {'dups':>5} {'cited':>6} {'s':>5}"
    )
    print(header)
    print("-" * len(header))
    results: list[DocStats] = []
    for name in names:
        try:
            stats = evaluate(args.corpus / name, args.max_chunks)
        except Exception as exc:  # a corpus file that fails to parse is reported and skipped
            print(f"{name[:52]:52} skipped: {type(exc).__name__}: {str(exc)[:60]}")
            continue
        results.append(stats)
        print(row(stats.name, stats))
    total = DocStats("TOTAL")
    for s in results:
        total.cards += s.cards
        total.words += s.words
        total.drafted += s.drafted
        total.clean += s.clean
        total.duplicates_left += s.duplicates_left
        total.cited += s.cited
        total.seconds += s.seconds
    print("-" * len(header))
    print(row(f"TOTAL ({len(results)} documents)", total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
