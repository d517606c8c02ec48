"""How far the quality gate agrees with people: the hand-labelled cards of the gold set.

Usage: ``.venv/bin/python -m scripts.eval_labels [LABELS] [--corpus DIR] [--misjudged]``

``labels.jsonl`` (``../shared/cards-gold/``) holds cards made by the offline generator,
each labelled ``keep`` (study it as is), ``fix`` (worth a card, needs editing) or
``drop`` (not worth a card), with reasons. Every labelled card is rebuilt as a
:class:`CardDraft` and sent through :func:`cards.quality.apply_gate` with the context a
job gives it: its document is parsed with the real parser and chunked as a job does,
and the gate sees the chunk that holds the card's source sentence (its sections, the
document's language, the chunk's topic terms).

Two figures, in total, per document, per reason and per half of a two-fold split by
document:

* **precision**: of the cards the gate keeps, the share labelled ``keep`` (``fix``
  cards count against it: a kept card must be worth studying as it is);
* **drop recall**: of the cards labelled ``drop``, the share the gate rejects.

Per reason, the share rejected of the fix/drop cards given that reason (for ``ok``,
the keep cards, the share kept).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cards.offline import topic_terms
from cards.offline.subject import with_domain
from cards.quality import GateContext, apply_gate
from cards.schema import CardDraft, CardKind, Origin
from cards.text import normalize
from documents.model import Chunk, ParsedDocument, SourceRef

GOLD = Path(__file__).resolve().parents[2] / "shared" / "cards-gold"
DEFAULT_LABELS = GOLD / "labels.jsonl"
DEFAULT_EXEMPLARY = GOLD / "reference-facts.md"
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

#: The split for the two-fold check: documents sorted by name, alternating.
FOLDS = ("A", "B")


@dataclass(frozen=True)
class Judged:
    """One labelled card and what the gate did with it."""

    doc: str
    label: str  # keep | fix | drop
    reasons: tuple[str, ...]
    card: CardDraft
    kept: bool
    failed: tuple[str, ...] = ()  # rule ids the card failed


@dataclass
class Agreement:
    """The gate's agreement with the labels over a set of judged cards."""

    cards: int = 0
    kept: int = 0
    kept_keep: int = 0  # kept and labelled keep
    drops: int = 0
    drops_rejected: int = 0

    @property
    def precision(self) -> float:
        """Of the cards kept, the share labelled keep (1.0 when none is kept)."""
        return self.kept_keep / self.kept if self.kept else 1.0

    @property
    def drop_recall(self) -> float:
        """Of the cards labelled drop, the share rejected (1.0 when there are none)."""
        return self.drops_rejected / self.drops if self.drops else 1.0

    def add(self, judged: Judged) -> None:
        self.cards += 1
        self.kept += judged.kept
        self.kept_keep += judged.kept and judged.label == "keep"
        self.drops += judged.label == "drop"
        self.drops_rejected += judged.label == "drop" and not judged.kept


def agreement(judged: Iterable[Judged]) -> Agreement:
    out = Agreement()
    for item in judged:
        out.add(item)
    return out


@dataclass
class Report:
    total: Agreement
    per_document: dict[str, Agreement]
    per_reason: dict[str, tuple[int, int]]  # reason -> (cards, cards the gate judged as labelled)
    folds: dict[str, Agreement] = field(default_factory=dict)
    judged: list[Judged] = field(default_factory=list)


def load_labels(path: Path = DEFAULT_LABELS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def card_of(label: dict[str, Any]) -> CardDraft:
    return CardDraft(
        CardKind(label["kind"]),
        label["front"],
        label["back"],
        SourceRef.from_dict(label["source"]),
        origin=Origin.OFFLINE,
        source_span=label["source_text"],
    )


@functools.cache
def _document(path: Path) -> tuple[ParsedDocument, tuple[Chunk, ...]]:
    import config
    from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process

    settings = config.load_settings()
    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    return doc, tuple(with_domain(chunk_document(doc, settings.chunk_tokens), doc.language))


def _chunk_for(chunks: Sequence[Chunk], card: CardDraft) -> Chunk | None:
    """The chunk holding the card's source sentence (else its locator), as in the job that made it."""
    key = normalize(card.source_span.rstrip("…"))[:80]
    for chunk in chunks:
        if key and key in normalize(chunk.text):
            return chunk
    for chunk in chunks:
        if any(section.source == card.source for section in chunk.sections):
            return chunk
    return None


def context_for(path: Path, card: CardDraft) -> GateContext:
    """The gate's context for a card of the document at ``path``, as an offline job gives it."""
    doc, chunks = _document(path)
    chunk = _chunk_for(chunks, card)
    if chunk is None:
        return GateContext(sections=tuple(doc.sections), language=doc.language, source_language=doc.language)
    return GateContext.from_chunk(
        chunk,
        language=doc.language,
        topic_terms=topic_terms(chunk, doc.language),
        source_language=doc.language,
    )


def judge(label: dict[str, Any], corpus: Path = DEFAULT_CORPUS) -> Judged:
    card = card_of(label)
    result = apply_gate([card], context_for(corpus / label["doc"], card))
    failed = tuple(rule for _, rules in result.dropped for rule in rules)
    return Judged(label["doc"], label["label"], tuple(label["reasons"]), card, bool(result.kept), failed)


def gate_keeps(doc: str, card: CardDraft, corpus: Path = DEFAULT_CORPUS) -> tuple[bool, tuple[str, ...]]:
    """Whether the gate keeps ``card`` of the corpus document ``doc``, and the rules it failed."""
    result = apply_gate([card], context_for(corpus / doc, card))
    return bool(result.kept), tuple(rule for _, rules in result.dropped for rule in rules)


_DOC_HEADING_RE = re.compile(r"^## (\S+)\s*$")
_FIELD_RE = re.compile(r"^\s*(?:\d+\.\s+)?(?:-\s+)?(kind|front|back|source|source_text):\s*(.*)$")


def exemplary_cards(path: Path = DEFAULT_EXEMPLARY) -> list[tuple[str, CardDraft]]:
    """The hand-written exemplary cards of ``reference-facts.md``, with their documents."""
    out: list[tuple[str, CardDraft]] = []
    doc = ""
    fields: dict[str, str] = {}

    def flush() -> None:
        if doc and "front" in fields:
            back = fields.get("back", "")
            out.append(
                (
                    doc,
                    CardDraft(
                        CardKind(fields["kind"].strip("`")),
                        fields["front"],
                        "" if back.startswith("(cloze") else back,
                        SourceRef.from_dict(json.loads(fields["source"].strip("`"))),
                        origin=Origin.MANUAL,
                        source_span=fields.get("source_text", "").strip('"'),
                    ),
                )
            )
        fields.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _DOC_HEADING_RE.match(line)
        if heading:
            flush()
            doc = heading.group(1)
            continue
        field_match = _FIELD_RE.match(line)
        if field_match:
            if field_match.group(1) == "kind":
                flush()
            fields[field_match.group(1)] = field_match.group(2).strip()
    flush()
    return out


def fold_of(doc: str, docs: Sequence[str]) -> str:
    """Documents sorted by name, alternately in fold A and fold B."""
    return FOLDS[sorted(set(docs)).index(doc) % 2]


def evaluate(labels_path: Path = DEFAULT_LABELS, corpus: Path = DEFAULT_CORPUS) -> Report:
    """Every labelled card through the gate; the agreement figures (see the module docstring)."""
    judged = [judge(label, corpus) for label in load_labels(labels_path)]
    per_document: dict[str, Agreement] = defaultdict(Agreement)
    folds: dict[str, Agreement] = defaultdict(Agreement)
    reasons: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    docs = [j.doc for j in judged]
    for item in judged:
        per_document[item.doc].add(item)
        folds[fold_of(item.doc, docs)].add(item)
        for reason in item.reasons:
            agreed = item.kept if item.label == "keep" else not item.kept
            reasons[reason][0] += 1
            reasons[reason][1] += agreed
    return Report(
        total=agreement(judged),
        per_document=dict(per_document),
        per_reason={r: (n, ok) for r, (n, ok) in sorted(reasons.items(), key=lambda kv: -kv[1][0])},
        folds=dict(sorted(folds.items())),
        judged=judged,
    )


#: The word-frequency thresholds tried by the two-fold check (cards.terms.RARE_ZIPF, COMMON_ZIPF).
GRID = [(rare, common) for rare in (3.3, 3.5, 3.7, 3.9) for common in (4.0, 4.3, 4.5, 4.7)]


@dataclass(frozen=True)
class FoldResult:
    tuned_on: str
    thresholds: tuple[float, float]
    tuned: Agreement
    measured_on: str
    measured: Agreement


def _objective(a: Agreement) -> tuple[float, int]:
    """Precision among settings that reject 85 % of the drops; more cards kept breaks ties."""
    return (a.precision if a.drop_recall >= 0.85 else 0.0, a.kept)


def two_fold(labels_path: Path = DEFAULT_LABELS, corpus: Path = DEFAULT_CORPUS) -> list[FoldResult]:
    """The thresholds chosen on one half of the documents, measured on the other half (both ways)."""
    from cards import terms

    labels = load_labels(labels_path)
    docs = [label["doc"] for label in labels]
    saved = (terms.RARE_ZIPF, terms.COMMON_ZIPF)
    by_setting: dict[tuple[float, float], list[Judged]] = {}
    try:
        for rare, common in GRID:
            terms.RARE_ZIPF, terms.COMMON_ZIPF = rare, common
            by_setting[(rare, common)] = [judge(label, corpus) for label in labels]
    finally:
        terms.RARE_ZIPF, terms.COMMON_ZIPF = saved
    out = []
    for tune, measure in (FOLDS, FOLDS[::-1]):

        def on(fold: str, judged: list[Judged]) -> Agreement:
            return agreement(j for j in judged if fold_of(j.doc, docs) == fold)

        best = max(GRID, key=lambda s: _objective(on(tune, by_setting[s])))
        out.append(FoldResult(tune, best, on(tune, by_setting[best]), measure, on(measure, by_setting[best])))
    return out


def _row(name: str, a: Agreement) -> str:
    return (
        f"{name[:48]:48} {a.cards:5d} {a.kept:5d} {a.kept_keep:5d} {a.precision:6.0%} "
        f"{a.drops:5d} {a.drops_rejected:5d} {a.drop_recall:6.0%}"
    )


def format_report(report: Report) -> str:
    header = (
        f"{'labelled cards':48} {'cards':>5} {'kept':>5} {'keep':>5} {'prec':>6} "
        f"{'drops':>5} {'rej':>5} {'recall':>6}"
    )
    lines = [header, "-" * len(header)]
    lines += [_row(doc, a) for doc, a in sorted(report.per_document.items())]
    lines.append("-" * len(header))
    lines += [_row(f"fold {name} (documents alternately by name)", a) for name, a in report.folds.items()]
    lines.append(_row("TOTAL", report.total))
    lines.append(
        "prec: of the cards the gate keeps, the share labelled keep; "
        "recall: of the cards labelled drop, the share the gate rejects"
    )
    lines.append("")
    lines.append(f"{'reason':24} {'cards':>5} {'agreed':>6}   (ok: kept; other reasons: rejected)")
    for reason, (n, ok) in report.per_reason.items():
        lines.append(f"{reason:24} {n:5d} {ok / n:6.0%}")
    return "\n".join(lines)


def format_misjudged(report: Report) -> str:
    out = []
    for i, item in enumerate(report.judged):
        wrong_keep = item.kept and item.label != "keep"
        missed_drop = not item.kept and item.label == "keep"
        if wrong_keep or (item.label == "drop" and item.kept) or missed_drop:
            tag = "KEPT " + item.label if item.kept else "REJECTED keep " + ",".join(item.failed)
            out.append(f"[{i}] {tag} {','.join(item.reasons)} | {item.doc[:20]}")
            out.append(f"    {item.card.front[:200]}")
            if item.card.back:
                out.append(f"    -> {item.card.back[:150]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("labels", nargs="?", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misjudged", action="store_true", help="list the cards judged unlike the labels")
    parser.add_argument(
        "--two-fold",
        action="store_true",
        help="choose the word-frequency thresholds on one half, measure on the other",
    )
    args = parser.parse_args(argv)
    report = evaluate(args.labels, args.corpus)
    print(format_report(report))
    exemplary = exemplary_cards()
    verdicts = [(doc, card, *gate_keeps(doc, card, args.corpus)) for doc, card in exemplary]
    kept = sum(ok for _, _, ok, _ in verdicts)
    print(f"\nexemplary cards (reference-facts.md) kept: {kept} of {len(verdicts)}")
    for doc, card, ok, failed in verdicts:
        if not ok:
            print(f"  rejected ({','.join(failed)}) {doc[:24]}: {card.front[:100]}")
    if args.two_fold:
        print("\ntwo-fold check: thresholds (rare, common zipf) chosen on one fold, measured on the other")
        for fold in two_fold(args.labels, args.corpus):
            tuned, measured = fold.tuned, fold.measured
            print(
                f"  tuned on {fold.tuned_on} -> {fold.thresholds}: prec {tuned.precision:.0%} recall "
                f"{tuned.drop_recall:.0%} (kept {tuned.kept}); on {fold.measured_on}: prec "
                f"{measured.precision:.0%} recall {measured.drop_recall:.0%} (kept {measured.kept})"
            )
    if args.misjudged:
        print()
        print(format_misjudged(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
