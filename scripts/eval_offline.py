"""Evaluate the offline card generator on the shared corpus.

Usage: ``.venv/bin/python -m scripts.eval_offline [CORPUS_DIR] [--max-chunks N] [--max-cards N]
[--only TEXT] [--dump N [--seed S]] [--no-labels]``

For every document of ``MANIFEST.tsv`` that parses, makes a deck the way a job
without AI providers does (``tasks.pipeline``): the job's ``max_cards`` shared
among the chunks by ``card_budgets`` (a chunk with no budget is skipped), each
chunk through ``cards.generate.generate_cards`` with no completer and no
existing fronts (chunks run in any order), then the cross-chunk dedupe and the
round-robin trim of ``finalize``. ``--max-cards`` defaults to ``MAX_CARDS_LIMIT``
(the most a job may ask) so that the budget does not cap the density measured.
Documents that fail to parse are listed with the reason and skipped.

Columns, per document and in total:

* ``cards``, ``words``, ``/1k``: cards in the final deck, words of the chunks, cards per 1,000 words;
* ``pass``: the gate's own verdict, the share of drafted cards passing every check (self-graded:
  the generator's checks grading the generator, so it cannot see what they miss);
* ``dups``: duplicates found and removed (within chunks and across the deck); ``left``: duplicates
  still in the final deck (should be 0);
* ``cited``: cards whose locator points at a section of the document;
* ``verif``: citations verified against their source text: the card's ``source_span`` (its
  trailing ellipsis dropped), cut at the separators the generator puts between quoted pieces
  (`` | `` between table cells, ``; `` between list items), is found piece by piece in the text
  of a section the card cites (a card citing a whole chapter, its heading without a page, paragraph
  or lines: in the chapter's text), both sides normalised (NFKC, inline markup rendered,
  casefolded, spaces collapsed);
* ``facts``: for the documents of ``reference-facts.md``, the share of reference facts covered.
  A fact is covered when one card both **matches its locator** (a page of the fact's pages, a slide
  of its slides, a Markdown line range overlapping one of its line ranges, or the card's last
  heading equal to one of the headings the locator names; "lead" = the document's top section)
  and **shares most of its key content words**: at least half of the fact's key content words
  occur in the card's front, back or quoted source. Key content words: the fact's words that are
  not stop words and that the document itself uses (crude stems compared), since the fact's own
  paraphrase cannot be expected on a card quoting the document;
* ``prec``/``recall``: the gate's agreement with the hand labels (``scripts.eval_labels``): of
  the labelled cards the gate keeps, the share labelled ``keep``; of those labelled ``drop``, the
  share it rejects.

``--dump N`` prints N cards drawn at random (seeded, so the same N cards for the same deck)
across the documents, for reading against the rubric.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cards.dedupe import count_duplicates, dedupe
from cards.generate import generate_cards
from cards.grounding import locator_valid
from cards.offline import prepare_text
from cards.offline.subject import with_domain
from cards.schema import CardDraft
from cards.text import content_stems, normalize, word_count
from config import Settings
from documents.model import Section, SourceRef

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT_FACTS = Path(__file__).resolve().parents[2] / "shared" / "cards-gold" / "reference-facts.md"
#: Share of a fact's key content words a card must hold to cover it.
FACT_WORDS_SHARE = 0.5


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
    verified: int = 0
    facts: int = 0
    facts_covered: int = 0
    labelled: tuple[float, float] | None = None  # gate precision, drop recall
    seconds: float = 0.0
    deck: list[CardDraft] = field(default_factory=list, repr=False)
    text: str = field(default="", repr=False)

    @property
    def per_1k(self) -> float:
        return 1000 * self.cards / self.words if self.words else 0.0

    @property
    def pass_rate(self) -> float:
        return self.clean / self.drafted if self.drafted else 0.0

    def share(self, part: int) -> float:
        return part / self.cards if self.cards else 0.0

    def add(self, other: DocStats) -> None:
        for name in (
            "cards", "words", "drafted", "clean", "duplicates_found", "duplicates_left", "cited",
            "verified", "facts", "facts_covered",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds


# --- citations ---------------------------------------------------------------------------


def _comparable(text: str) -> str:
    return normalize(prepare_text(text))


def span_verified(card: CardDraft, sections: list[Section]) -> bool:
    """The card's quoted source is found, piece by piece, in a section it cites."""
    pieces = [normalize(p) for p in re.split(r" \| |; ", card.source_span.rstrip("…")) if p.strip()]
    if not pieces:
        return False
    for section in sections:
        if section.source != card.source:
            continue
        text = _comparable(section.text)
        if all(piece in text for piece in pieces):
            return True
    # a card that cites a whole chapter (its heading, no paragraph or lines) is checked against it
    ref = card.source
    if ref.heading and ref.paragraph is None and ref.lines is None and ref.page is None:
        chapter = " ".join(_comparable(s.text) for s in sections if s.source.heading == ref.heading)
        return all(piece in chapter for piece in pieces)
    return False


# --- reference facts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    ident: str
    text: str
    locator: str


_FACT_RE = re.compile(r"^- \*\*(?P<id>\w+)\*\* (?P<text>.+?) — \*(?P<loc>.+)\*\s*$")


def load_facts(path: Path = DEFAULT_FACTS) -> dict[str, list[Fact]]:
    """Facts per document name, from the ``### Facts`` lists of ``reference-facts.md``."""
    facts: dict[str, list[Fact]] = {}
    document = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            document = line[3:].strip()
        elif m := _FACT_RE.match(line):
            facts.setdefault(document, []).append(Fact(m.group("id"), m.group("text"), m.group("loc")))
    return facts


def _numbers_after(word: str, locator: str) -> set[int]:
    """The numbers and ranges following ``word`` ("slides 16-18", "p.3-4", "slides 4, 33, 40")."""
    found: set[int] = set()
    # A comma continues the list only with another page/slide number, not a section ("p.6, 5.2").
    item = r"\d+(?:\s*-\s*\d+)?"
    for m in re.finditer(rf"{word}\s*((?:{item}(?:\s*,\s*(?={item}(?![.\d])))?)+)", locator):
        for part in m.group(1).split(","):
            ends = [int(x) for x in re.findall(r"\d+", part)]
            if ends:
                found.update(range(ends[0], ends[-1] + 1))
    return found


def _line_ranges(locator: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"lines? (\d+)(?:\s*-\s*(\d+))?", locator):
        out.append((int(m.group(1)), int(m.group(2) or m.group(1))))
    return out


def _headings(locator: str) -> set[str]:
    """The heading names a locator gives ("### Variable Scope, lines 104-114", "Behaviour > Feeding")."""
    names = set()
    for part in re.split(r"[;/]", locator):
        part = re.sub(r",?\s*lines? \d+(\s*-\s*\d+)?", "", part)
        part = re.sub(r"^[\s>#]+", "", part).strip()
        part = part.split(">")[-1].strip() if ">" in part else part
        part = part.split(",")[0].strip()
        part = re.sub(r"\s*\(.*\)$", "", part)
        if part and not re.match(r"^(p\.|slides?\b)", part):
            names.add(part.casefold())
    return names


def locator_matches(source: SourceRef, locator: str) -> bool:
    pages, slides = _numbers_after(r"p\.", locator), _numbers_after(r"slides?", locator)
    if source.page is not None and source.page in pages:
        return True
    if source.slide is not None and source.slide in slides:
        return True
    if source.lines and any(a <= source.lines[1] and source.lines[0] <= b for a, b in _line_ranges(locator)):
        return True
    names = _headings(locator)
    if "lead" in names and len(source.heading) == 1:
        return True
    return bool(source.heading) and source.heading[-1].strip(" ?").casefold() in {
        n.strip(" ?") for n in names
    }


def fact_covered(fact: Fact, deck: list[CardDraft], document_stems: set[str]) -> bool:
    # The fact's key content words: its content words the document itself uses (a paraphrase's own
    # wording cannot be expected on a card quoting the document).
    key = content_stems(fact.text) & document_stems
    if not key:
        return False
    for card in deck:
        if not locator_matches(card.source, fact.locator):
            continue
        held = content_stems(f"{card.front} {card.back} {card.source_span}")
        if len(key & held) >= FACT_WORDS_SHARE * len(key):
            return True
    return False


# --- one document ------------------------------------------------------------------------


def evaluate(path: Path, settings: Settings, max_cards: int, max_chunks: int | None) -> DocStats:
    from cards.deck import card_budgets, generation_options, trim_round_robin
    from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process

    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    chunks = with_domain(chunk_document(doc, settings.chunk_tokens), doc.language)[:max_chunks]
    stats = DocStats(path.name, words=sum(word_count(c.text) for c in chunks))
    stats.text = "\n".join(prepare_text(c.text) for c in chunks)
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
    stats.deck = final
    stats.duplicates_left = count_duplicates(final, threshold=threshold)
    stats.cited = sum(locator_valid(c.source, doc.sections) for c in final)
    sections = list(doc.sections)
    stats.verified = sum(span_verified(c, sections) for c in final)
    return stats


def _chunk_of(item: tuple[int, CardDraft]) -> int:
    return item[0]


def row(label: str, s: DocStats, facts: str, labels: str) -> str:
    return (
        f"{label[:46]:46} {s.cards:5d} {s.words:6d} {s.per_1k:5.1f} {s.pass_rate:5.0%} "
        f"{s.duplicates_found:4d} {s.duplicates_left:4d} {s.share(s.cited):6.0%} {s.share(s.verified):6.0%} "
        f"{facts:>9} {labels:>11} {s.seconds:4.1f}"
    )


def _facts_cell(s: DocStats) -> str:
    return f"{s.facts_covered}/{s.facts}" if s.facts else "-"


def _labels_cell(figures: tuple[float, float] | None) -> str:
    return f"{figures[0]:4.0%} {figures[1]:4.0%}" if figures else "-"


def gate_agreement(corpus: Path) -> tuple[dict[str, tuple[float, float]], tuple[float, float]] | None:
    """The gate's agreement with the hand labels per document and in total (``scripts.eval_labels``)."""
    try:
        from scripts import eval_labels
    except ImportError:  # the labels evaluation is not part of this checkout
        return None
    if not eval_labels.DEFAULT_LABELS.exists():
        return None
    report = eval_labels.evaluate(eval_labels.DEFAULT_LABELS, corpus)
    per_doc = {name: (a.precision, a.drop_recall) for name, a in report.per_document.items()}
    return per_doc, (report.total.precision, report.total.drop_recall)


def dump(stats: list[DocStats], n: int, seed: int = 12) -> str:
    """``n`` cards drawn at random across the documents' decks, numbered, for reading."""
    pool = [(s.name, card) for s in stats for card in s.deck]
    picked = random.Random(seed).sample(pool, min(n, len(pool)))  # noqa: S311 (a reproducible sample)
    out = []
    for i, (name, card) in enumerate(picked, 1):
        out.append(f"[{i}] {name[:40]} · {card.kind.value} · {card.source.as_dict()}")
        out.append(f"    Q: {card.front}")
        if card.back:
            out.append(f"    A: {card.back}")
        out.append(f"    src: {card.source_span[:200]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    import config

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--max-chunks", type=int, default=None, help="limit chunks per document (speed)")
    parser.add_argument(
        "--max-cards", type=int, default=None, help="the job's max_cards (default: MAX_CARDS_LIMIT)"
    )
    parser.add_argument("--only", default="", help="only the documents whose name contains this text")
    parser.add_argument("--dump", type=int, default=0, help="print this many random cards to read")
    parser.add_argument("--seed", type=int, default=12, help="the seed of --dump's sample")
    parser.add_argument("--no-labels", action="store_true", help="skip the gate's agreement with the labels")
    args = parser.parse_args(argv)
    settings = config.load_settings()
    max_cards = args.max_cards or settings.max_cards_limit
    with (args.corpus / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        names = [r["filename"] for r in csv.DictReader(fh, delimiter="\t") if args.only in r["filename"]]
    facts = load_facts() if DEFAULT_FACTS.exists() else {}
    agreement = None if args.no_labels else gate_agreement(args.corpus)
    print(
        f"max_cards={max_cards} per document, density={settings.cards_offline_density_per_1k_words:g}/1k, "
        f"dedupe threshold={settings.cards_dedupe_threshold}"
    )
    header = (
        f"{'document':46} {'cards':>5} {'words':>6} {'/1k':>5} {'pass':>5} {'dups':>4} {'left':>4} "
        f"{'cited':>6} {'verif':>6} {'facts':>9} {'prec recall':>11} {'s':>4}"
    )
    print(header)
    print("-" * len(header))
    total = DocStats("TOTAL")
    evaluated: list[DocStats] = []
    for name in names:
        try:
            stats = evaluate(args.corpus / name, settings, max_cards, args.max_chunks)
        except Exception as exc:  # a corpus file that fails to parse is reported and skipped
            print(f"{name[:46]:46} skipped: {type(exc).__name__}: {str(exc)[:60]}")
            continue
        document_stems = content_stems(stats.text) if name in facts else set()
        for fact in facts.get(name, []):
            stats.facts += 1
            stats.facts_covered += fact_covered(fact, stats.deck, document_stems)
        evaluated.append(stats)
        total.add(stats)
        labels = agreement[0].get(name) if agreement else None
        print(row(stats.name, stats, _facts_cell(stats), _labels_cell(labels)))
    print("-" * len(header))
    print(
        row(
            f"TOTAL ({len(evaluated)} documents)",
            total,
            _facts_cell(total),
            _labels_cell(agreement[1] if agreement else None),
        )
    )
    print(
        "pass: drafted cards passing every check of the gate (self-graded); dups: duplicates removed; "
        "left: in the final deck;\ncited: locator points at a section; verif: quoted source found in the "
        "cited section; facts: reference facts covered;\nprec recall: gate vs hand labels (of kept, "
        "labelled keep; of labelled drop, rejected)"
    )
    if args.dump:
        print()
        print(dump(evaluated, args.dump, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
