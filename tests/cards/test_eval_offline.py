"""The measures of ``make eval``: citations verified against the source, reference facts covered."""

from __future__ import annotations

from pathlib import Path

from cards.schema import CardDraft, CardKind
from cards.text import content_stems
from documents.model import Section, SourceRef
from scripts.eval_offline import Fact, fact_covered, load_facts, locator_matches, span_verified

FACTS_MD = """# Reference facts

## doc-a.md

### Facts (2)

- **R1** Ownership is a set of rules that govern memory. — *## What Is Ownership?, line 3*
- **R8** A scope is the range for which an item is valid. — *### Variable Scope, lines 104-114*

## doc-b.pptx

- **O1** The four ELA strands: Reading, Writing, Language. — *slides 4, 33, 40-41 + notes*
"""


def test_facts_are_read_per_document(tmp_path: Path) -> None:
    path = tmp_path / "reference-facts.md"
    path.write_text(FACTS_MD, encoding="utf-8")
    facts = load_facts(path)
    assert [f.ident for f in facts["doc-a.md"]] == ["R1", "R8"]
    assert facts["doc-a.md"][1].locator == "### Variable Scope, lines 104-114"
    assert facts["doc-b.pptx"][0].text.startswith("The four ELA strands")


def test_locators_match_pages_slides_lines_and_headings() -> None:
    assert locator_matches(SourceRef(slide=41), "slides 4, 33, 40-41 + notes")
    assert not locator_matches(SourceRef(slide=34), "slides 4, 33, 40-41 + notes")
    assert locator_matches(SourceRef(page=4), "p.3-4, 3.2 Training; p.6, 5.2")
    assert not locator_matches(SourceRef(page=5), "p.3-4, 3.2 Training; p.6, 5.2")
    assert locator_matches(SourceRef(lines=(98, 106)), "### Variable Scope, lines 104-114")
    assert locator_matches(
        SourceRef(heading=("Duck", "Behaviour", "Feeding")), "Morphology; Behaviour > Feeding"
    )
    assert locator_matches(SourceRef(heading=("Duck",)), "lead (Duck)")
    assert not locator_matches(SourceRef(heading=("Duck", "Taxonomy")), "lead")


def test_a_fact_is_covered_by_a_card_at_its_place_holding_most_of_its_words() -> None:
    fact = Fact("R8", "A scope is the range within a program for which an item is valid.", "lines 104-114")
    document = content_stems(fact.text)
    card = CardDraft(
        CardKind.BASIC,
        "What is a scope?",
        "the range within a program for which an item is valid",
        SourceRef(lines=(100, 110)),
        source_span="A scope is the range within a program for which an item is valid.",
    )
    assert fact_covered(fact, [card], document)
    elsewhere = CardDraft(
        card.kind, card.front, card.back, SourceRef(lines=(300, 310)), source_span=card.source_span
    )
    assert not fact_covered(fact, [elsewhere], document)
    unrelated = CardDraft(
        CardKind.CLOZE, "The {{c1::heap}} is less organized.", "", SourceRef(lines=(104, 104))
    )
    assert not fact_covered(fact, [unrelated], document)


def test_citations_are_verified_against_the_cited_section() -> None:
    sections = [
        Section(
            "The **stack** stores values in order.\n\nIt removes them in the opposite order.",
            SourceRef(page=1),
        ),
        Section("ls | list directory contents", SourceRef(page=2), kind="table"),
    ]
    quoted = CardDraft(
        CardKind.CLOZE, "x", "", SourceRef(page=1), source_span="The stack stores values in order."
    )
    assert span_verified(quoted, sections)
    row = CardDraft(CardKind.BASIC, "x", "y", SourceRef(page=2), source_span="ls | list directory contents")
    assert span_verified(row, sections)
    wrong_place = CardDraft(CardKind.CLOZE, "x", "", SourceRef(page=2), source_span=quoted.source_span)
    assert not span_verified(wrong_place, sections)
    invented = CardDraft(CardKind.CLOZE, "x", "", SourceRef(page=1), source_span="The stack is fast.")
    assert not span_verified(invented, sections)
