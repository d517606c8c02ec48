"""The offline generator's second pass on prose: news is no story, named works, list citations, quotas."""

from __future__ import annotations

import pytest

from cards.offline import draft_offline_cards
from cards.offline.drafter import Drafter
from cards.offline.keyterms import cloze_sentence_ok, keyterm_cards, narrative
from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk

OPTIONS = GenerationOptions(max_cards=40)

_NEWS = (
    "Mr Lindqvist said the harbour tax had raised 4 million crowns in its first year. "
    "He added that the council would review it in March. "
    "The tax was introduced in 2019 after a long debate in the assembly. "
    "Ms Okafor, who leads the opposition, said her party would repeal it. "
    "She told reporters that shipping firms had moved 12 vessels to other ports."
)
_STORY = (
    "“Where are you going?” she asked the miller. "
    "He looked at her and laughed. "
    "“To the mill, of course!” he said. "
    "She did not believe him. "
    "“Then why are you carrying a lantern?” she cried."
)


def _drafter(text: str) -> Drafter:
    return Drafter(chunk(Section(text, SourceRef(page=1))), OPTIONS, "en")


def test_news_told_in_the_third_person_is_an_exposition() -> None:
    assert not narrative(_drafter(_NEWS))


def test_dialogue_told_in_the_third_person_is_a_story() -> None:
    assert narrative(_drafter(_STORY))


def test_a_quoted_title_is_a_named_work_not_speech() -> None:
    assert cloze_sentence_ok(
        "The failure of Bizet's \"Carmen\" is said to have hastened the composer's death."
    )
    assert cloze_sentence_ok(
        "Massenet’s opera “Le roi de Lahore,” was given at the Paris Opéra in the spring of 1877."
    )


def test_quoted_speech_still_refuses_a_cloze() -> None:
    assert not cloze_sentence_ok('The minister said it was "a disgrace and a scandal" that nothing was done.')
    assert not cloze_sentence_ok("The minister said it was “distressing” and “deeply sad” for the families.")


def test_a_list_under_a_heading_quotes_only_the_sections_text() -> None:
    text = "Milk\nBread\nApples\nButter"
    section = Section(text, SourceRef(heading=("Shopping list:",)), kind="list")
    cards = draft_offline_cards(chunk(section), GenerationOptions(max_cards=5, kinds=(CardKind.CLOZE,)))
    lists = [c for c in cards if "c2::" in c.front]
    assert lists, cards
    assert lists[0].front.startswith("Shopping list:")  # the heading gives the list its subject
    assert lists[0].source_span == "Milk; Bread; Apples; Butter"  # but is not quoted as its text


_RICH = " ".join(
    f"The {name} is a keyboard instrument whose strings are struck by {part}."
    for name, part in [
        ("clavichord", "tangents"),
        ("harpsichord", "plectra"),
        ("pianoforte", "hammers"),
        ("spinet", "quills"),
        ("virginal", "jacks"),
        ("dulcimer", "mallets"),
    ]
)


def test_good_clozes_beyond_the_density_target_are_kept() -> None:
    drafter = _drafter(_RICH)
    keyterm_cards(drafter, 2, set(), set(), strict_quota=5)
    assert len(drafter.candidates) == 5


def test_without_room_over_the_target_the_quota_holds() -> None:
    drafter = _drafter(_RICH)
    keyterm_cards(drafter, 2, set(), set())
    assert len(drafter.candidates) == 2


def test_list_items_quoted_one_after_another_are_no_glued_heading() -> None:
    from cards.placement import placement_problem

    assert placement_problem("Leaves; Berries; Grain", "Leaves\nBerries\nGrain", ("Let’s eat",)) == ""
    # a short line run on into the prose below it still is a glued heading
    prose = (
        "Harbour dues\nThe harbour dues were raised twice in the same decade by the council of the port city."
    )
    assert placement_problem("Harbour dues The harbour dues were raised twice", prose, ()) != ""


def test_dates_do_not_end_sentences() -> None:
    from cards.text import split_sentences

    assert split_sentences("The census of Jan. 12, 1901 counted the town. It grew.") == [
        "The census of Jan. 12, 1901 counted the town.",
        "It grew.",
    ]
    assert len(split_sentences("보고서 발행일 2020. 3.11. 국회는 법을 통과시켰다.")) == 2
    # a year that ends a sentence still ends it
    assert split_sentences("The war ended in 1945. 12 nations signed the treaty.") == [
        "The war ended in 1945.",
        "12 nations signed the treaty.",
    ]


_MAKERS = (
    "The bow of the violin changed little for a century. "
    "Its present shape is due to the Paris maker Tourte, who worked with Viotti. "
    "Tourte invented the tapered pernambuco bow in 1785. "
    "The opera “Carmen” was composed by Bizet in 1875. "
    "Usually founded on a rhythmic pedal note imitating a tambourine, the dance was fast. "
    "Tourte also wrote his memoirs. Bizet lived in Paris."
)


def _maker_cards(text: str) -> dict[str, str]:
    from cards.offline import makers

    drafter = _drafter(text)
    section = drafter.prepared[0][0]
    for sentence in text.split(". "):
        makers.maker(drafter, section, sentence.rstrip(".") + ".")
    return {c.card.front: c.card.back for c in drafter.candidates}


def test_who_made_a_named_work_is_asked() -> None:
    cards = _maker_cards(_MAKERS)
    assert cards["Who invented the tapered pernambuco bow?"] == "Tourte (in 1785)"
    assert cards["Who composed the opera “Carmen”?"] == "Bizet (in 1875)"


def test_no_maker_question_without_a_name_or_a_named_work() -> None:
    cards = _maker_cards(_MAKERS)
    assert not any("founded" in front for front in cards)  # "Usually" is no name
    assert not any("memoirs" in front for front in cards)  # "his memoirs": whose?
    assert len(cards) == 2


def _targets(sentence: str, context: str = "", *, loose: bool = False) -> list[str]:
    from cards.offline.targets import targets

    drafter = _drafter(f"{sentence} {context}".strip())
    return [t for _, t in targets(sentence, drafter, set(), set(), loose=loose)]


def test_a_quoted_title_is_never_cut() -> None:
    sentence = (
        "Much of the temple music, the “Hymn to the Ancestors,” for instance, seemingly covers many"
        " notes, whereas, in fact, it belongs to the one-note type."
    )
    assert not any(t in {"hymn", "ancestors"} for t in _targets(sentence, loose=True))
    # the same words outside quotation marks are targets
    assert "ancestors" in _targets(sentence.replace("“", "").replace(",”", ","), loose=True)


def test_a_plain_word_used_once_is_no_looser_target_but_a_recurring_one_is() -> None:
    sentence = (
        "Bach's works were neglected by his contemporaries, and it was only in the nineteenth century"
        " that he began to be appreciated in a way commensurate with his worth."
    )
    assert "commensurate" not in _targets(sentence, loose=True)
    again = "Praise commensurate with merit was rare. The fee was commensurate with the work."
    assert "commensurate" in _targets(sentence, again, loose=True)


def test_a_korean_blank_is_the_noun_without_its_particle() -> None:
    from cards.offline.targets import korean_noun
    from cards.offline.terms import cloze_once

    assert korean_noun("재해보험금을") == "재해보험금"
    assert korean_noun("보험회사에서") == "보험회사"
    assert (
        cloze_once("보험회사에서 재해보험금을 지급한다.", "재해보험금")
        == "보험회사에서 {{c1::재해보험금}}을 지급한다."
    )


def test_a_korean_verb_ending_is_no_particle() -> None:
    from cards.offline.targets import korean_noun
    from cards.offline.terms import cloze_once

    assert korean_noun("보장하는") == ""  # a verb: 하 + 는
    assert korean_noun("코로나") == ""  # no particle written on it
    assert cloze_once("재해보험금지급은 늦다.", "재해보험금") is None  # half of a longer word


def test_a_korean_noun_recurs_with_any_particle() -> None:
    from cards.terms import _occurrences

    assert _occurrences("보험회사", "보험회사는 약관을 바꾼다. 보험회사의 상품. 보험회사에서 판매한다.") == 3
    assert _occurrences("보험", "보험회사는 약관을 바꾼다.") == 0


def test_a_sentence_opened_by_a_private_use_bracket_is_split_off() -> None:
    from cards.text import split_sentences

    text = "보완이 필요한 시점이다. \U000f0854이슈와 논점\U000f0855은 정보 소식지입니다."
    assert split_sentences(text) == [
        "보완이 필요한 시점이다.",
        "\U000f0854이슈와 논점\U000f0855은 정보 소식지입니다.",
    ]


def test_a_count_in_a_comparison_is_its_result() -> None:
    sentence = "A harbour crane trained on only 400 lifts already outperforms the manual winch of the port."
    assert _targets(sentence)[:1] == ["400 lifts"]


def test_a_count_without_a_comparison_or_a_year_is_no_result() -> None:
    assert "400 lifts" not in _targets("A harbour crane made about 400 lifts in the winter of the strike.")
    assert "1990 ships" not in _targets("The harbour crane outperforms the winch since 1990 ships came.")
    assert "10 degrees" not in _targets("More than 10 degrees difference for more than 10 seconds.")


def test_a_count_in_a_step_of_a_rite_is_no_measure_but_a_stated_one_is() -> None:
    step = "At the temple the Pharaoh then bows his head seven times, after which the priests sing the hymn."
    assert "seven times" not in _targets(step)
    stated = "The Nile flood of that year rose seven times higher than the one before."
    assert "seven times" in _targets(stated)


def test_cards_the_gate_refused_take_no_place_among_a_small_budgets_drafts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chunk's drafts are cut to its budget plus a few spares: a refused card ahead of a good one
    would take the good one's place and be refused again, leaving the chunk with nothing."""
    import cards.offline as offline

    text = "The sheng is a mouth organ played in the orchestras of the Chinese court."

    def extractors(d: Drafter) -> None:
        section = d.prepared[0][0]
        for n in range(5):
            d.add(section, CardKind.BASIC, f"Refused question {n}?", "An answer", text, 0)
        d.add(section, CardKind.BASIC, "What is the sheng?", "A mouth organ", text, 0)

    def judge(*_: object) -> object:
        return lambda cards: [2 if c.front.startswith("Refused") else 0 for c in cards]

    monkeypatch.setattr(offline, "_run_extractors", extractors)
    monkeypatch.setattr(offline, "_gate_judge", judge)
    drafts = draft_offline_cards(
        chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=1), language="en"
    )
    assert [c.front for c in drafts] == ["What is the sheng?"]


def test_a_macros_bang_is_part_of_its_blank() -> None:
    from cards.offline.terms import cloze_once

    # "{{println}}!" left the macro's "!" outside the blank, a giveaway and half a name
    assert cloze_once("The format! macro works like println!, but returns a String.", "println") == (
        "The format! macro works like {{c1::println!}}, but returns a String."
    )
    assert (
        cloze_once("It works like magic! Then it stops.", "magic")
        == "It works like {{c1::magic}}! Then it stops."
    )
