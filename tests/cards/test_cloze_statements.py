"""Which sentences deserve a cloze: a statement of fact, not the text's own plan or an appeal, not too
long to read in any script; no blank on the word a chunk's sections are all about. Sentences written
for these tests."""

from __future__ import annotations

from cards.offline import topic_terms
from cards.offline.clean import leans_on_context
from cards.offline.keyterms import cloze_sentence_ok
from cards.quality import check_not_trivial
from cards.schema import CardDraft, CardKind
from cards.statements import reading_length, statement_problem
from cards.text import cloze_plain
from documents.model import Section, SourceRef

from .sample import chunk, corpus_cards

REF = SourceRef(page=1, heading=("Flood insurance",))


def test_a_text_announcing_its_own_plan_states_no_fact() -> None:
    assert statement_problem("This brief examines how flood insurers price the risk of coastal homes.", "en")
    assert statement_problem("In this chapter, we describe how the reinsurer shares a flood loss.", "en")
    assert statement_problem(
        "본 보고서는 홍수보험의 보험료 산정 방식을 살펴보고 개선 방안을 정리하고자 한다.", "ko"
    )
    assert statement_problem("지금까지 이 글에서 홍수보험 약관의 문제점을 살펴보았다.", "ko")
    # statements of fact, in both languages
    assert (
        statement_problem("A flood insurer prices the risk of a coastal home by its elevation.", "en") == ""
    )
    assert statement_problem("홍수보험의 보험료는 주택의 지반 높이에 따라 산정된다.", "ko") == ""


def test_an_appeal_states_no_fact() -> None:
    assert statement_problem("It is time for regulators to revise the standard flood policy.", "en")
    assert statement_problem("감독당국의 신속한 표준약관 개정이 필요한 시점이다.", "ko")
    assert statement_problem("보험회사는 새로운 위험에 대비한 상품을 개발할 필요가 있다.", "ko")
    assert statement_problem("The regulator revised the standard flood policy in 2019.", "en") == ""
    # a verdict is no fact; a rule with a verdict word inside is
    assert statement_problem("Filing a claim with the policy number missing is fine.", "en")
    assert statement_problem("A claim is fine only when filed within 60 days of the flood.", "en") == ""
    # a language with no patterns is never refused on this ground
    assert statement_problem("Il est temps de réviser la police.", "de") == ""


def test_the_gate_refuses_a_cloze_on_a_plan_or_an_appeal() -> None:
    plan = CardDraft(
        CardKind.CLOZE,
        "This brief examines how {{c1::reinsurers}} price the risk of coastal homes.",
        "",
        REF,
        source_span="This brief examines how reinsurers price the risk of coastal homes.",
    )
    ok, reason = check_not_trivial(plan, frozenset(), language="en")
    assert not ok and "announces" in reason
    fact = CardDraft(
        CardKind.CLOZE,
        "Coastal homes pay more because {{c1::reinsurers}} price the storm surge risk.",
        "",
        REF,
        source_span="Coastal homes pay more because reinsurers price the storm surge risk.",
    )
    assert check_not_trivial(fact, frozenset(), language="en")[0]


def test_length_counts_in_any_script() -> None:
    english = "The reinsurer shares a flood loss with the insurer above a fixed retention."
    assert 11 <= reading_length(english) <= 16  # 13 words
    # a Korean sentence of 60 syllables reads like about 30 English words, however few its spaces
    korean = (
        "홍수보험의보험료는주택의지반높이와하천과의거리에따라산정되며"
        "보험회사는매년이기준을갱신하여감독당국에보고하여야한다고규정하고있다"
    )
    assert 25 <= reading_length(korean) <= 40
    assert reading_length("洪水保険の保険料は住宅の地盤の高さによって算定される。") >= 8
    # a cloze sentence too long to read is refused in Korean as in English, a short one is not
    assert not cloze_sentence_ok(" ".join([korean] * 2) + ".")
    assert cloze_sentence_ok("홍수보험의 보험료는 주택의 지반 높이와 하천과의 거리에 따라 산정된다.")


def test_a_report_in_korean_gets_no_cloze_on_its_plan_its_appeals_or_overlong_sentences() -> None:
    # a real issue brief: its introduction announces its plan, its conclusion appeals to the regulator
    clozes = [
        cloze_plain(card.front)
        for card in corpus_cards("pdf-korean-nars-issue-brief-4p.pdf", "ko")
        if card.kind is CardKind.CLOZE
    ]
    assert all(statement_problem(text, "ko") == "" for text in clozes), clozes
    assert all(reading_length(text) <= 40 for text in clozes), clozes


def test_a_sentence_opening_on_an_adverb_and_an_adjective_has_no_subject() -> None:
    assert leans_on_context("Especially useful for parallel loops: code that needs no Python objects.")
    assert not leans_on_context("Especially large floods are insured by a state pool.")


def test_the_heading_over_most_of_a_chunk_is_its_topic() -> None:
    opening = Section(
        "Reinsurance shares risk between insurers.", SourceRef(page=1, heading=("Reinsurance",))
    )
    pools = [
        Section(
            f"A catastrophe bond pays out after flood number {i}.", SourceRef(page=i, heading=("Cat bonds",))
        )
        for i in (2, 3)
    ]
    assert "cat" in topic_terms(chunk(opening, *pools)) and "bonds" in topic_terms(chunk(opening, *pools))
    # a heading over a single section of several is no topic of the chunk
    other = Section("Parametric cover pays on a measured index.", SourceRef(page=4, heading=("Parametric",)))
    third = Section("Mutual pools share losses among members.", SourceRef(page=5, heading=("Mutuals",)))
    assert "parametric" not in topic_terms(chunk(opening, pools[0], other, third))
