from __future__ import annotations

import pytest

from cards.generate import MSG_UNAVAILABLE, MSG_UNTRANSLATED, generate_cards
from cards.prompts import PROMPT_VERSION, build_request
from cards.quality import REVIEW_TAG
from cards.schema import CardKind, GenerationOptions, Origin
from providers.types import AllProvidersUnavailable

from .fakes import FakeCompleter
from .sample import PROSE, SEC_GLOSSARY, SEC_PROSE, chunk

OPTIONS = GenerationOptions(max_cards=10, kinds=(CardKind.BASIC, CardKind.CLOZE))
CHUNK = chunk(SEC_PROSE, SEC_GLOSSARY)
OWNERSHIP_QUOTE = "Ownership is a set of rules that govern how a Rust program manages memory."


def card(front, back, quote=OWNERSHIP_QUOTE, kind="basic", **source):
    return {
        "kind": kind,
        "front": front,
        "back": back,
        "source_quote": quote,
        "source": source or {"block": 1},
    }


GOOD = card("What is ownership in Rust?", "A set of rules that govern how a program manages memory")


def run(*cards, options=OPTIONS, **kwargs):
    completer = FakeCompleter({"cards": list(cards)})
    return generate_cards(CHUNK, options, completer, language="en", **kwargs), completer


def fronts(result):
    return [c.front for c in result.cards]


def test_good_card_kept_with_provider_and_citation() -> None:
    result, completer = run(GOOD)
    assert fronts(result) == ["What is ownership in Rust?"]
    kept = result.cards[0]
    assert kept.origin is Origin.LLM and (kept.provider, kept.model) == ("fakeai", "fake-1")
    assert kept.source == SEC_PROSE.source and kept.source_span == OWNERSHIP_QUOTE
    assert not result.degraded and result.provider == "fakeai" and result.attempts[0].outcome == "ok"
    request = completer.requests[0]
    assert request.cache_key.startswith(PROMPT_VERSION + ":")
    assert "[S1]" in request.user and "page 1" in request.user and "Ownership" in request.user


def test_bad_cards_are_filtered() -> None:
    yes_no = card("Is ownership a set of rules in Rust?", "Yes")
    ungrounded = card("What does ownership do in Rust?", "It prevents integer overflow in closures")
    duplicate = card("What is ownership in Rust?", "A set of rules that govern how a program manages memory.")
    not_in_chunk = card(
        "What is a monad?", "A monoid in the category of endofunctors", quote="A monad is...", page=99
    )
    result, _ = run(GOOD, yes_no, ungrounded, duplicate, not_in_chunk)
    assert fronts(result) == ["What is ownership in Rust?"]
    assert result.rejected == 4


def test_broken_cloze_is_repaired() -> None:
    stack = "The stack stores values in the order it gets them and removes the values in the opposite order."
    broken = card("The {{c2::stack}} stores values in the order it gets them.", "", quote=stack, kind="cloze")
    result, _ = run(broken)
    assert fronts(result) == ["The {{c1::stack}} stores values in the order it gets them."]
    assert result.cards[0].checks["Q1"] is True


def test_wrong_page_corrected_from_the_quote() -> None:
    linker = card("What does a linker combine into an executable?", "Object files",
                  quote="Linker: a tool that combines object files into an executable.", page=1)  # fmt: skip
    result, _ = run(linker)
    assert result.cards[0].source == SEC_GLOSSARY.source


def test_unwanted_kind_dropped_then_offline_answers() -> None:
    quote = "Compiler: a program that translates source code into machine code."
    reversed_card = card(
        "Compiler", "Translates source code into machine code", quote, kind="reversed", block=2
    )
    result, _ = run(reversed_card, options=GenerationOptions(max_cards=5, kinds=(CardKind.CLOZE,)))
    assert result.degraded  # nothing usable: offline cards answer instead
    assert all(c.origin is Origin.OFFLINE for c in result.cards)


def test_borderline_card_flagged_not_dropped() -> None:
    partly = card("What is ownership in Rust?", "A set of rules that govern memory, enforced at compile time")
    result, _ = run(partly)
    assert result.cards and REVIEW_TAG in result.cards[0].tags and result.cards[0].checks["Q10"] is False


def test_invalid_items_skipped_not_fatal() -> None:
    result, _ = run(GOOD, {"kind": "weird", "front": "x"}, {"front": ""})
    assert fronts(result) == ["What is ownership in Rust?"]


def test_unavailable_falls_back_to_offline_degraded() -> None:
    completer = FakeCompleter(unavailable=True)
    result = generate_cards(CHUNK, OPTIONS, completer, language="en")
    assert result.degraded and result.cards and result.message == MSG_UNAVAILABLE
    assert all(c.origin is Origin.OFFLINE for c in result.cards)
    assert [a.outcome for a in result.attempts] == ["server", "timeout"]


def test_unavailable_reraised_without_fallback() -> None:
    with pytest.raises(AllProvidersUnavailable):
        generate_cards(CHUNK, OPTIONS, FakeCompleter(unavailable=True), allow_offline_fallback=False)


def test_no_completer_is_offline_by_configuration() -> None:
    result = generate_cards(CHUNK, OPTIONS, None, language="en")
    assert not result.degraded and result.cards and all(c.origin is Origin.OFFLINE for c in result.cards)


def test_prompt_cache_key_and_existing_fronts() -> None:
    fronts_in = [f"Front {i}?" for i in range(100)]
    a = build_request(CHUNK, OPTIONS, "en", fronts_in)
    b = build_request(CHUNK, OPTIONS, "en", [])
    assert a.cache_key == b.cache_key  # existing fronts do not change the cache identity
    assert "Front 99?" in a.user and "Front 19?" not in a.user  # at most 80, the latest
    other = build_request(chunk(SEC_PROSE), OPTIONS, "en")
    assert other.cache_key != a.cache_key
    assert build_request(CHUNK, GenerationOptions(max_cards=3), "en").cache_key != a.cache_key
    assert PROSE[:40] in a.user


FRENCH_OWNERSHIP = card(
    "Que régissent les règles de la propriété en Rust ?", "La façon dont un programme gère la mémoire"
)
IN_FRENCH = GenerationOptions(max_cards=10, kinds=(CardKind.BASIC, CardKind.CLOZE), language="fr")


def test_translated_cards_are_grounded_on_what_survives_translation() -> None:
    release = "Rust was first released as a stable version in 2015 by Mozilla Research."
    wrong_year = card("En quelle année Rust est-il devenu stable ?", "En 2016", quote=release)
    result, completer = run(FRENCH_OWNERSHIP, wrong_year, options=IN_FRENCH)
    assert "Language of the cards: fr." in completer.requests[0].user
    assert fronts(result) == [FRENCH_OWNERSHIP["front"]] and not result.degraded
    assert all(result.cards[0].checks.values())
    # the same card with no translation asked is compared word for word, and fails
    english_doc, _ = run(FRENCH_OWNERSHIP)
    assert english_doc.degraded and all(c.origin is Origin.OFFLINE for c in english_doc.cards)


def test_offline_fallback_stays_in_the_document_language_and_says_so() -> None:
    result = generate_cards(CHUNK, IN_FRENCH, FakeCompleter(unavailable=True), language="en")
    assert result.degraded and result.cards
    assert result.message == MSG_UNAVAILABLE + MSG_UNTRANSLATED.format(source="en", target="fr")
    basics = [c for c in result.cards if c.kind is CardKind.BASIC]
    assert basics and all(c.front.startswith(("What", "Which", "Why", "In ")) for c in basics)  # English
    assert all(c.checks["Q13"] for c in result.cards)  # checked against English, the drafts' language


def test_the_prompt_asks_for_self_contained_cards_with_context_and_examples() -> None:
    request = build_request(CHUNK, OPTIONS, "en")
    assert "names its subject" in request.system and "context" in request.system
    # a few short examples of good cards, one per kind, each naming its subject
    examples = [line for line in request.system.splitlines() if line.startswith(("- basic:", "- cloze:"))]
    assert len(examples) >= 3 and all(len(line) < 160 for line in examples)
    assert any(line.startswith("- reversed:") for line in request.system.splitlines())
    # the failure modes seen in careless cards are named as things not to do
    for rule in ("tables of contents", "running headers", "two sentences", "common word", "not math"):
        assert rule in request.system, rule
    # every block carries its page and heading path (the breadcrumb) as the cards' context
    for number, section in enumerate(CHUNK.sections, 1):
        locator = f"[S{number}] (page {section.source.page} · {' › '.join(section.source.heading)})"
        assert locator in request.user, locator
    assert request.cache_key.startswith("cards-v2:")
