from __future__ import annotations

from cards.dedupe import count_duplicates
from cards.generate import generate_cards
from cards.offline import (
    OFFLINE_TAG,
    SPARE_CANDIDATES,
    draft_offline_cards,
    emphasised_spans,
    prepare_text,
    schwartz_hearst,
)
from cards.quality import passes
from cards.schema import CardKind, GenerationOptions, Origin
from documents.model import Section, SourceRef

from .sample import (
    PROSE,
    SEC_ACRONYMS,
    SEC_GLOSSARY,
    SEC_LIST,
    SEC_PROSE,
    SEC_REFS,
    SEC_TABLE,
    chunk,
    full_chunk,
)

OPTIONS = GenerationOptions(max_cards=40)


def by_front(cards):
    return {c.front: c for c in cards}


def test_offline_cards_from_structure() -> None:
    result = generate_cards(full_chunk(), OPTIONS, None, language="en")
    assert not result.degraded and result.provider == "offline" and result.cards
    cards = by_front(result.cards)
    assert cards["What is Ownership?"].back == "a set of rules that govern how a Rust program manages memory"
    assert cards["What is Compiler?"].back == "a program that translates source code into machine code"
    assert cards["What does DPR stand for?"].back == "Dense Passage Retrieval"
    assert cards["What does WHO stand for?"].back == "World Health Organization"
    assert cards["What does the “ls” command do?"].back == "Lists directory contents"
    assert cards["What does the “cd” command do?"].back == "Changes the working directory"  # as "Lists …"
    lists = [c for c in result.cards if c.kind is CardKind.CLOZE and "list" in c.tags]
    assert [c.front for c in lists] == [
        "The three primary colours are: {{c1::red}}; {{c2::green}}; {{c3::blue}}"
    ]


def test_citations_point_to_the_right_section() -> None:
    cards = by_front(generate_cards(full_chunk(), OPTIONS, None, language="en").cards)
    assert cards["What is Ownership?"].source == SEC_PROSE.source
    assert cards["What is Linker?"].source == SEC_GLOSSARY.source
    assert cards["What does DPR stand for?"].source == SEC_ACRONYMS.source  # not the bibliography
    assert cards["What does the “ls” command do?"].source == SEC_TABLE.source
    assert cards["What does the “ls” command do?"].source_span == "ls | list directory contents"
    for card in cards.values():
        assert card.source != SEC_REFS.source
        assert 0 < len(card.source_span) <= 300


def test_offline_cards_are_labelled_and_pass_the_gate() -> None:
    result = generate_cards(full_chunk(), OPTIONS, None, language="en")
    for card in result.cards:
        assert card.origin is Origin.OFFLINE and OFFLINE_TAG in card.tags
        assert card.checks and card.checks["Q1"] and card.checks["Q10"] and card.checks["Q11"]
    assert sum(passes(c) for c in result.cards) / len(result.cards) >= 0.8


def test_deterministic_and_no_duplicates() -> None:
    first = generate_cards(full_chunk(), OPTIONS, None, language="en").cards
    second = generate_cards(full_chunk(), OPTIONS, None, language="en").cards
    assert [(c.front, c.back, c.source) for c in first] == [(c.front, c.back, c.source) for c in second]
    assert count_duplicates(first) == 0


def test_keyterm_cloze_fills_prose() -> None:
    text = " ".join([PROSE] * 1)
    prose = chunk(
        Section(
            text + " The allocator finds an empty spot in the heap that is big enough.", SourceRef(page=1)
        )
    )
    cards = draft_offline_cards(prose, GenerationOptions(max_cards=10), language="en", density_per_1k=40)
    clozes = [c for c in cards if c.kind is CardKind.CLOZE]
    assert clozes and all("{{c1::" in c.front for c in clozes)


def test_budget_and_kinds_respected() -> None:
    only_cloze = GenerationOptions(max_cards=40, kinds=(CardKind.CLOZE,))
    cards = generate_cards(full_chunk(), only_cloze, None, language="en").cards
    assert cards and all(c.kind is CardKind.CLOZE for c in cards)
    small = generate_cards(full_chunk(), GenerationOptions(max_cards=3), None, language="en").cards
    assert len(small) == 3


def test_existing_fronts_not_repeated() -> None:
    cards = generate_cards(
        full_chunk(), OPTIONS, None, language="en", existing_fronts=["What does DPR stand for?"]
    ).cards
    assert "What does DPR stand for?" not in by_front(cards)


def test_schwartz_hearst() -> None:
    assert schwartz_hearst("DPR", "We use Dense Passage Retrieval") == "Dense Passage Retrieval"
    assert schwartz_hearst("LF", "in the Long Form") == "Long Form"
    assert schwartz_hearst("XYZ", "something unrelated here") is None


def test_empty_and_code_sections_give_no_cards() -> None:
    code = chunk(Section('fn main() { let s = String::from("hello"); }', SourceRef(page=1), kind="code"))
    result = generate_cards(code, OPTIONS, None, language="en")
    assert result.cards == [] and result.message
    assert generate_cards(chunk(SEC_LIST), OPTIONS, None).cards  # language detected or defaulted


SLIDE = (
    "● Cython Compiled language.\n"
    "● A compiler is a program that translates source code into machine code.\n"
    "● The linker combines several object files into one executable program for the operating system.\n"
    "● The interpreter executes bytecode instructions because Python compiles source files to bytecode first."
)


def test_slide_bullets_are_units_of_their_own() -> None:
    cards = draft_offline_cards(chunk(Section(SLIDE, SourceRef(page=3))), OPTIONS, language="en")
    assert cards
    assert all("●" not in c.front + c.back + c.source_span for c in cards)
    # Each card comes from one bullet, never from two glued together.
    assert all(c.source_span.count(". ") == 0 for c in cards), [c.source_span for c in cards]


FRENCH = (
    "Le petit Paul est monté sur la table de la cuisine pour prendre du sucre dans le sucrier.\n\n"
    "Everyone who works with the World Intellectual Property Organization (WIPO) knows that they will be "
    "helped with their questions about patents.\n\n"
    "La maman de Paul est très fâchée parce que le sucrier est tombé par terre dans la cuisine."
)


def test_no_card_from_a_sentence_in_another_language() -> None:
    section = Section(FRENCH, SourceRef(lines=(1, 5)))
    cards = draft_offline_cards(chunk(section), OPTIONS, language="fr")
    assert cards, "the French sentences still give cards"
    assert all("WIPO" not in c.source_span for c in cards)
    unknown = draft_offline_cards(chunk(section), OPTIONS)
    assert any("WIPO" in c.source_span for c in unknown), "without a language nothing is filtered"


def test_a_cloze_never_deletes_a_word_the_sentence_repeats() -> None:
    text = (
        "The borrow checker compares scopes to determine whether all borrows are valid in the program.\n\n"
        "A dangling pointer references a location in memory that may have been given to someone else, "
        "so the dangling pointer is invalid.\n\n"
        "Rust guarantees that references will never be dangling references "
        "because the borrow checker validates lifetimes."  # "the {{compiler checks lifetimes}}" is no term
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    clozes = [c for c in cards if c.kind is CardKind.CLOZE]
    assert clozes
    for card in clozes:
        answer = card.front.split("{{c1::", 1)[1].split("}}", 1)[0].casefold()
        rest = card.front.replace("{{c1::" + card.front.split("{{c1::", 1)[1].split("}}", 1)[0] + "}}", "")
        assert answer not in rest.casefold().split(), card.front


EMPHASIS = (
    "**Amylase** is an enzyme that breaks down starch into simple sugars.\n\n"
    "The muscular tube that carries food to the stomach is called **the oesophagus**.\n\n"
    "Gastric juice contains **pepsin**, which breaks proteins into smaller peptides in the stomach.\n\n"
    "- **Bile** — a fluid made by the liver that emulsifies fats\n\n"
    "**Note**: the `__init__` method and `matrix[i][j]` are code, not emphasis."
)


def test_emphasised_terms_give_cards() -> None:
    section = Section(EMPHASIS, SourceRef(page=7, heading=("Digestion",)))
    cards = by_front(generate_cards(chunk(section), OPTIONS, None, language="en").cards)
    assert cards["What is Amylase?"].back == "an enzyme that breaks down starch into simple sugars"
    assert (
        cards["In Digestion, what is the muscular tube that carries food to the stomach called?"].back
        == "the oesophagus"
    )
    assert cards["What is Bile?"].back == "a fluid made by the liver that emulsifies fats"
    pepsin = (
        "Gastric juice contains {{c1::pepsin}}, which breaks proteins into smaller peptides in the stomach."
    )
    assert pepsin in cards
    assert all(passes(c) and c.source == section.source for c in cards.values())
    assert not any("Note" in f or "init" in f for f in cards), list(cards)


def test_emphasis_comes_before_key_term_cloze() -> None:
    # Without the markup, "pepsin" is a one-off lower-case word the key-term supplement skips.
    plain = EMPHASIS.replace("**", "")
    fronts = [c.front for c in generate_cards(chunk(Section(plain, SourceRef(page=7))), OPTIONS, None).cards]
    assert not any("{{c1::pepsin}}" in f for f in fronts)


def test_emphasised_spans_skip_code() -> None:
    assert emphasised_spans("**Heap** and *stack*, `__init__`, a_b__c, `**not**` and __two words__") == [
        "Heap",
        "stack",
        "two words",
    ]
    assert (
        prepare_text("Call `__init__` on matrix[i][j] and **Heap**")
        == "Call __init__ on matrix[i][j] and Heap"
    )


def test_offline_cards_ignore_a_requested_translation() -> None:
    french = GenerationOptions(max_cards=40, language="fr")
    result = generate_cards(full_chunk(), french, None, language="en")
    cards = by_front(result.cards)
    assert "What is Ownership?" in cards and not any(f.startswith("Qu") for f in cards)
    assert "not translated" in result.message and "(en)" in result.message


def test_density_setting_is_used() -> None:
    long_prose = chunk(Section(" ".join([PROSE] * 3), SourceRef(page=1)))
    sparse = generate_cards(long_prose, OPTIONS, None, language="en", density_per_1k=1.0).cards
    dense = generate_cards(long_prose, OPTIONS, None, language="en", density_per_1k=60.0).cards
    assert len(sparse) < len(dense)
    assert len(generate_cards(long_prose, OPTIONS, None, language="en").cards) <= len(dense)


def test_offline_cards_stay_in_the_text_language_when_given_the_requested_one() -> None:
    # The job's language passed as the document's (as tasks.pipeline does): the drafts still
    # follow the English text, with English question templates.
    french = GenerationOptions(max_cards=40, language="fr")
    result = generate_cards(full_chunk(), french, None, language="fr")
    assert "What is Ownership?" in by_front(result.cards)
    assert "(en)" in result.message and all(c.checks["Q13"] for c in result.cards)


def test_a_budget_of_one_still_gets_a_card_when_the_best_candidate_is_refused() -> None:
    # The drafter offers a few spares over a small budget; the gate and the trim keep one.
    drafts = draft_offline_cards(full_chunk(), GenerationOptions(max_cards=1), language="en")
    assert 1 < len(drafts) <= 1 + SPARE_CANDIDATES
    assert len(generate_cards(full_chunk(), GenerationOptions(max_cards=1), None, language="en").cards) == 1
