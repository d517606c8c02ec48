"""The quality gate against people: the hand-labelled gold set and the exemplary cards.

Reads ``../shared/cards-gold/`` in place (like the corpus): ``labels.jsonl`` (cards of
the offline generator labelled keep/fix/drop) and ``reference-facts.md`` (20 cards
written by hand to the rubric). Each card goes through the gate with the context a
job gives it (its document parsed and chunked by the real parser).
"""

from __future__ import annotations

from pathlib import Path

from scripts.eval_labels import evaluate, exemplary_cards, format_report, gate_keeps
from tests.conftest import CORPUS, shared_file

GOLD = CORPUS.parent / "cards-gold"


def gold_file(name: str) -> Path:
    return shared_file(GOLD, name)


def test_gate_agrees_with_the_labels() -> None:
    report = evaluate(gold_file("labels.jsonl"), CORPUS)
    table = format_report(report)
    assert report.total.cards >= 200, table
    # of the cards the gate keeps, at least 80 % are labelled keep ("fix" counts against it)
    assert report.total.kept >= 10 and report.total.precision >= 0.80, table
    # of the cards labelled drop, at least 85 % are rejected
    assert report.total.drop_recall >= 0.85, table


def test_gate_keeps_the_exemplary_cards() -> None:
    cards = exemplary_cards(gold_file("reference-facts.md"))
    assert len(cards) == 20
    verdicts = [(card.front, *gate_keeps(doc, card, CORPUS)) for doc, card in cards]
    rejected = [(front, rules) for front, kept, rules in verdicts if not kept]
    assert len(rejected) <= 2, rejected
