"""Cards through the real provider chain, with the fake LLM server answering at HTTP.

Bad cards from a careless model (the fake's ``bad_cards`` fault: yes/no questions,
ungrounded answers, and the failure modes of cards made from badly extracted text) are
dropped or repaired by the gate; a chunk too long for the model (``context_length``) is asked
for again in two halves before anything goes offline.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis

from cards.generate import MSG_TOO_LONG, generate_cards, split_chunk
from cards.prompts import build_request
from cards.quality import REVIEW_TAG
from cards.schema import CardKind, GenerationOptions, Origin
from documents.model import Chunk, Section, SourceRef
from providers.chain import ProviderChain
from providers.config import ChainPolicy
from providers.fakes import FakeLLMServer
from providers.fakes.server import CARELESS_MODES, cards_for_text, careless_cards
from providers.types import LLMAnswer, LLMRequest
from tests.providers.conftest import make_settings

from .sample import chunk

RULES = {"Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q11", "Q13"}

MOUTH = Section(
    "Saliva contains enzymes that begin the breakdown of starches in the mouth. "
    "The oesophagus carries swallowed food to the stomach by waves of muscle contraction. "
    "Gastric juice contains hydrochloric acid, which kills most bacteria in swallowed food.",
    SourceRef(page=1, heading=("Digestion", "Mouth and stomach")),
)
GUT = Section(
    "The pancreas releases bicarbonate into the small intestine to neutralise stomach acid. "
    "Villi increase the surface area of the intestine available for absorbing nutrients. "
    "Bile from the liver emulsifies fats so that lipase can digest them more quickly.",
    SourceRef(page=2, heading=("Digestion", "Intestines")),
)
OPTIONS = GenerationOptions(max_cards=10, kinds=(CardKind.BASIC, CardKind.CLOZE))


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as fake:
        yield fake


@pytest.fixture
def chain_for(redis_client: redis.Redis) -> Iterator[Callable[..., ProviderChain]]:
    made: list[ProviderChain] = []

    def make(fake: FakeLLMServer, **overrides: Any) -> ProviderChain:
        made.append(
            ProviderChain.from_settings(make_settings({"kiwi": (fake, ["k1"])}, **overrides), redis_client)
        )
        return made[-1]

    yield make
    for chain in made:
        chain.close()


def test_bad_cards_are_dropped_or_repaired_and_the_good_one_kept(server, chain_for) -> None:
    server.script({"fault": "bad_cards"})
    result = generate_cards(chunk(MOUTH, GUT), OPTIONS, chain_for(server), language="en")

    assert [e["fault"] for e in server.log()] == ["bad_cards"]
    assert not result.degraded and result.provider == "kiwi"
    fronts = [c.front for c in result.cards]
    good = "Saliva contains enzymes that begin the breakdown of {{c1::starches}} in the mouth."
    repaired = "The {{c1::oesophagus}} carries swallowed food to the stomach by waves of muscle contraction."
    assert fronts == [good, repaired]
    for card in result.cards:
        assert card.origin is Origin.LLM and card.source == MOUTH.source
        assert set(card.checks) <= RULES | {"Q16", "Q17"} and all(card.checks.values()), card.checks
        assert REVIEW_TAG not in card.tags
    # the yes/no question, the ungrounded answer, the duplicate, "this figure" and every careless card
    careless = careless_cards(build_request(chunk(MOUTH, GUT), OPTIONS, "en").user)
    assert len(careless) >= 4
    assert result.drafted == 6 + len(careless) and result.rejected == result.drafted - 2
    assert result.duplicates == 1


# A chunk as careless extraction leaves it: a contents page, prose, a section named by an adjective,
# Makefile text, an e-book's front matter.
CONTENTS = Section(
    "1 Digestion .......... 3\n2 Mouth and stomach .......... 5\n3 Networking basics .......... 9",
    SourceRef(page=1, heading=("Contents",)),
)
MOUTH_P5 = dataclasses.replace(MOUTH, source=SourceRef(page=5, heading=("Digestion", "Mouth and stomach")))
PHYSICAL = Section(
    "The physical layer transmits raw bits over a medium such as copper wire, optical fibre or radio. "
    "Each bit becomes a voltage level, a pulse of light or a radio symbol on that medium.",
    SourceRef(page=9, heading=("Networking", "The OSI model", "Physical")),
)
MAKEFILE = Section(
    "The install target copies the compiled programs to $(DESTDIR)$(prefix)/bin for packagers. "
    "Setting DESTDIR lets a package manager stage the files in a temporary directory first, "
    "as part of building a system image.",
    SourceRef(page=12, heading=("Building", "Installing")),
)
FRONT_MATTER = Section(
    "Release date: March 8, 1994 [EBook #11]. This eBook is for the use of anyone anywhere "
    "at no cost and with almost no restrictions whatsoever.",
    SourceRef(page=2, heading=("Front matter",)),
)
DEBRIS = chunk(CONTENTS, MOUTH_P5, PHYSICAL, MAKEFILE, FRONT_MATTER)
WIDE = GenerationOptions(max_cards=30, kinds=(CardKind.BASIC, CardKind.CLOZE))
#: Failure modes the gate does not stop yet (each a known gap, reported to the gate's owners).
NOT_YET_CAUGHT: set[str] = set()


@pytest.fixture(scope="module")
def careless_run(redis_url: str) -> Iterator[tuple[Any, dict[str, str]]]:
    """One request through the real OpenAI SDK and chain to the fake's ``bad_cards`` answer."""
    client = redis.Redis.from_url(redis_url)
    with FakeLLMServer() as fake:
        fake.script({"fault": "bad_cards"})
        chain = ProviderChain.from_settings(make_settings({"kiwi": (fake, ["k1"])}), client)
        try:
            result = generate_cards(DEBRIS, WIDE, chain, language="en")
        finally:
            chain.close()
        assert [e["fault"] for e in fake.log()] == ["bad_cards"]
    client.close()
    # What the fake wrote, mode by mode, from the very prompt it was sent
    modes = {mode: card["front"] for mode, card in careless_cards(build_request(DEBRIS, WIDE, "en").user)}
    yield result, modes


def test_the_careless_chunk_exercises_every_failure_mode(careless_run) -> None:
    _, modes = careless_run
    assert set(modes) == set(CARELESS_MODES)


@pytest.mark.parametrize(
    "mode",
    [
        pytest.param(m, marks=pytest.mark.xfail(strict=True, reason="the gate keeps it: known gap"))
        if m in NOT_YET_CAUGHT
        else m
        for m in CARELESS_MODES
    ],
)
def test_a_careless_models_cards_never_pass_the_gate(careless_run, mode) -> None:
    result, modes = careless_run
    assert not result.degraded and result.provider == "kiwi"

    def bare(text: str) -> str:  # what a repair may leave of the card's text
        plain = re.sub(r"\{\{c\d+::(.*?)\}\}", r"\1", text)
        return " ".join(re.sub(r"[^\w ]", "", plain.replace("\ufffe", "")).split()).casefold()

    kept = {bare(c.front) for c in result.cards}
    assert bare(modes[mode]) not in kept, f"{mode} passed the gate: {modes[mode]!r}"


def test_the_careful_cards_among_them_are_kept_clean(careless_run) -> None:
    result, _ = careless_run
    careful = {c["front"] for c in cards_for_text(build_request(DEBRIS, WIDE, "en").user, limit=2)["cards"]}
    clean = [c for c in result.cards if c.front in careful]
    assert clean and all(all(c.checks.values()) and REVIEW_TAG not in c.tags for c in clean)
    assert all(c.origin is Origin.LLM and c.provider == "kiwi" for c in result.cards)


def test_context_too_long_asks_again_in_two_halves(server, chain_for) -> None:
    server.script("context_length")  # the whole chunk is too long; each half fits
    result = generate_cards(chunk(MOUTH, GUT), OPTIONS, chain_for(server), language="en")

    assert [e["fault"] for e in server.log()] == ["context_length", "ok", "ok"]
    assert [a.outcome for a in result.attempts] == ["context_too_long", "ok", "ok"]
    assert not result.degraded and result.provider == "kiwi" and result.message == ""
    assert {c.source for c in result.cards} == {MOUTH.source, GUT.source}  # cards from both halves
    assert all(c.origin is Origin.LLM and all(c.checks.values()) for c in result.cards)
    assert len(result.cards) <= OPTIONS.max_cards


def test_halves_still_too_long_go_offline_without_splitting_again(server, chain_for) -> None:
    server.script(default="context_length")
    result = generate_cards(chunk(MOUTH, GUT), OPTIONS, chain_for(server), language="en")

    assert len(server.log()) == 3  # the chunk, then each half once: one level of splitting
    assert [a.outcome for a in result.attempts] == ["context_too_long"] * 3
    assert result.degraded and result.message == MSG_TOO_LONG
    assert result.cards and all(c.origin is Origin.OFFLINE for c in result.cards)


def test_a_chunk_too_long_everywhere_goes_offline_even_without_fallback(server, chain_for) -> None:
    """Waiting cannot make a chunk fit, so it is never handed back for a retry (that would bill twice)."""
    server.script(default="context_length")
    result = generate_cards(
        chunk(MOUTH, GUT), OPTIONS, chain_for(server), language="en", allow_offline_fallback=False
    )
    assert len(server.log()) == 3  # the chunk, then each half once
    assert result.degraded and result.cards and {c.origin.value for c in result.cards} == {"offline"}
    assert [a.outcome for a in result.attempts].count("context_too_long") == 3


@dataclass
class DeadlineSpent:
    """The real chain, reporting a deadline already spent by the first request (a spy, not a double)."""

    chain: ProviderChain

    @property
    def policy(self) -> ChainPolicy:
        return dataclasses.replace(self.chain.policy, deadline_s=0.0)

    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        return self.chain.complete_json(request)


def test_no_half_is_asked_once_the_chain_deadline_has_passed(server, chain_for) -> None:
    server.script(default="context_length")
    result = generate_cards(chunk(MOUTH, GUT), OPTIONS, DeadlineSpent(chain_for(server)), language="en")
    assert [e["fault"] for e in server.log()] == ["context_length"]  # no half asked
    assert result.degraded and result.cards and all(c.origin is Origin.OFFLINE for c in result.cards)


def test_split_prefers_section_then_paragraph_then_sentence() -> None:
    both = split_chunk(chunk(MOUTH, GUT))
    assert both is not None and [h.sections for h in both] == [(MOUTH,), (GUT,)]
    assert (both[0].page_start, both[1].page_start) == (1, 2)

    one = Section(
        "First paragraph sentence one. Sentence two.\n\nSecond paragraph here. And more.", MOUTH.source
    )
    halves = split_chunk(chunk(one))
    assert halves is not None
    assert [h.text for h in halves] == [
        "First paragraph sentence one. Sentence two.",
        "Second paragraph here. And more.",
    ]
    assert all(h.sections[0].source == MOUTH.source for h in halves)  # a cut section keeps its citation

    prose = Section("Alpha beta gamma. Delta epsilon zeta. Eta theta iota. Kappa lambda mu.", GUT.source)
    halves = split_chunk(chunk(prose))
    assert halves is not None and [h.text for h in halves] == [
        "Alpha beta gamma. Delta epsilon zeta.",
        "Eta theta iota. Kappa lambda mu.",
    ]
    assert split_chunk(Chunk(0, (Section("x", GUT.source),))) is None


def test_the_halves_of_a_split_chunk_keep_what_was_found_over_the_document() -> None:
    # Offline cards of a half still say "In Rust, …" and still skip the example program's names.
    whole = dataclasses.replace(chunk(MOUTH, GUT), title="Digestion", domain="Biology", examples=("fn chew",))
    halves = split_chunk(whole)
    assert halves is not None
    assert all((h.title, h.domain, h.examples) == ("Digestion", "Biology", ("fn chew",)) for h in halves)
