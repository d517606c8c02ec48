"""A Korean text's facts asked in Korean: its definitions, its figures with their subject, what a
rule requires (text written for the tests)."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.schema import CardDraft, GenerationOptions
from cards.text import split_sentences
from documents.model import Section, SourceRef

from .sample import chunk


def _drafter(text: str, language: str = "ko") -> tuple[Drafter, Section]:
    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), language)
    return drafter, drafter.prepared[0][0]


def _definitions(text: str, language: str = "ko") -> dict[str, str]:
    from cards.offline.korean_definitions import korean_definitions

    drafter, section = _drafter(text, language)
    korean_definitions(drafter, section, text)
    return {c.card.front: c.card.back for c in drafter.candidates}


def _per_sentence(text: str, language: str = "ko") -> list[CardDraft]:
    from cards.offline.korean_figures import korean_figures
    from cards.offline.korean_requirements import korean_requirement

    drafter, section = _drafter(text, language)
    for sentence in split_sentences(text):
        korean_figures(drafter, section, sentence)
        korean_requirement(drafter, section, sentence)
    return [c.card for c in drafter.candidates]


def test_a_term_and_its_meaning_are_asked_in_korean() -> None:
    cards = _definitions(
        "「도시공원 및 녹지 등에 관한 법률」(이하 ‘공원녹지법’) 제2조에 의하면 도시공원이란 시민의 휴식과 "
        "정서생활의 향상을 위하여 설치하는 공원으로서 도시관리계획으로 결정된 공원을 말한다.\n"
        "4) 용적률이 높아진다는 것은 대지 면적에 대한 건축물 연면적의 비율이 커지는 것을 의미함\n"
        "국토교통부는 건축법 시행령에서 “주거용으로 쓰이는 건축물”을 주택이라고 정의하며 "
        "그 종류를 나누고 있다.\n"
        "건축물은 주민의 안전을 우선하여야 한다는 ‘안전 우선의 원칙’이 있다.\n"
        "녹지축이란 도시의 녹지를 하나로 잇는 띠 모양의 공간이다.\n"
        "보험료는 수입과 지출이 같아야 한다는 ‘수지상등의 원리’가 있다."
    )
    assert cards == {
        "「공원녹지법」상 도시공원이란 무엇인가?": "시민의 휴식과 정서생활의 향상을 위하여 설치하는 공원",
        "용적률이 높아진다는 것은 무엇을 의미하는가?": "대지 면적에 대한 건축물 연면적의 비율이 커지는 것",
        "국토교통부는 건축법 시행령에서 무엇을 주택이라고 정의하는가?": "주거용으로 쓰이는 건축물",
        "건축물은 주민의 안전을 우선하여야 한다는 원칙을 무엇이라 하는가?": "안전 우선의 원칙",
        "녹지축이란 무엇인가?": "도시의 녹지를 하나로 잇는 띠 모양의 공간",
        "보험료는 수입과 지출이 같아야 한다는 원리를 무엇이라 하는가?": "수지상등의 원리",
    }


def test_no_definition_card_without_its_subject_or_that_points_elsewhere() -> None:
    cards = _definitions(
        # cut before its noun: a verb ends the subject
        "녹지를 보호하는 공원으로 시민이 이용하는 시설을 말함\n"
        "이러한 공원이란 위 시설을 갖춘 공원을 말한다.\n"  # points at what the text said before
        "녹지축이란 그 도시의 녹지를 잇는 공간이다.\n"  # the meaning points back too
        "“주거용으로 쓰이는 건축물”을 주택이라고 정의함\n"  # who defines it is not named
        "이 글에서 도시공원이란 무엇인지 살펴보고자 한다.\n"  # the text's own plan
        "공원이란 공원을 말한다는 주장은 옳다.\n"  # no "… 을 말한다" at the end: not a definition
        "즉 `mount -o ro /dev/sda' 명령같은 것이 실행된다는 것을 의미한다."  # a command, "즉": no subject
    )
    assert cards == {}


def test_a_bullet_or_a_footnote_number_is_no_part_of_the_card_which_quotes_as_written() -> None:
    from cards.offline.korean_definitions import korean_definitions

    text = (
        "o      @localhost 문자열은 로칼 호스트에서 접속하는 사용자를 의미한다.\n"
        "「도시공원법」에 의하면 근린공원이란 주민의 보건휴양을 위한 공원으로서 "
        "제3호 각 목5)에 규정된 공원을 말한다."
    )
    drafter, section = _drafter(text)
    korean_definitions(drafter, section, text)
    cards = {c.card.front: (c.card.back, c.card.source_span) for c in drafter.candidates}
    assert cards["@localhost 문자열은 무엇을 의미하는가?"][0] == "로칼 호스트에서 접속하는 사용자"
    back, quoted = cards["「도시공원법」상 근린공원이란 무엇인가?"]
    assert back == "주민의 보건휴양을 위한 공원"
    assert "각 목5)에 규정된" in quoted  # the footnote's number is read past, and quoted as written


def test_no_korean_definition_card_from_an_english_text() -> None:
    assert _definitions("A park is a public garden.", language="en") == {}


def test_figures_with_their_subject_and_a_dated_deed_are_clozes() -> None:
    fronts = [
        c.front
        for c in _per_sentence(
            "2021.5.1. 기준 서울시의 등록 공원은 2,871곳, 도시숲은 1,512곳으로 나타났다. "
            "한편 세계기상기구(WMO)는 지난 2023. 7.27. 지구 평균기온이 최고치를 기록하였다고 발표하였다. "
            "개정 조례에 따라 공원 조성 사업 12건이 새롭게 승인되었다."
        )
    ]
    assert fronts == [
        "2021.5.1. 기준 서울시의 등록 공원은 {{c1::2,871곳}}, 도시숲은 {{c2::1,512곳}}으로 나타났다.",
        "세계기상기구(WMO)는 지난 {{c1::2023. 7.27.}} 지구 평균기온이 최고치를 기록하였다고 발표하였다.",
        "개정 조례에 따라 공원 조성 사업 {{c1::12건}}이 새롭게 승인되었다.",
    ]


def test_no_figure_cloze_without_a_subject_a_statement_or_a_stand_alone_sentence() -> None:
    cards = _per_sentence(
        "공원 12곳에서 행사를 열었다. "  # the count is no subject and nothing before it names one
        "이들은 모두 2,871곳으로 늘어났다. "  # points back: who are they?
        "2023.7.27. 공원 관리에 대한 규정이 바뀌었다. "  # a date that opens the sentence: no actor's deed
        "서울시는 공원 1,200곳을 더 조성할 필요가 있다. "  # an appeal, not a fact
        "제2조 제1항의 공원은 3개 이상의 시설을 갖춘 공원을 말한다는 설명이 있고 그 밖의 공원은 "
        "지방자치단체의 조례로 정하는 바에 따라 시장 또는 군수가 별도로 지정하여 관리하는 것으로 "
        # too long for one card
        "규정되어 있어 현장에서는 여러 해석이 나오고 있는 실정이며 이에 대한 정비가 논의되고 있다."
    )
    assert [c.front for c in cards] == []


def test_what_a_rule_requires_under_its_condition() -> None:
    cards = _per_sentence(
        "계약의 내용이 불분명한 경우에는 소비자에게 유리하게 해석되어야 한다. "
        "이 경우에는 소비자에게 유리하게 해석되어야 한다. "  # which case?
        "계약 내용을 공정하게 해석할 필요가 있다."  # an appeal
    )
    assert {c.front: c.back for c in cards} == {
        "계약의 내용이 불분명한 경우에는 어떻게 해석되어야 하는가?": "소비자에게 유리하게"
    }


def test_a_korean_year_first_date_does_not_end_a_sentence() -> None:
    text = "2020.3.30. 0시 기준 확진자는 10명이다. 세계보건기구는 지난 2020. 3.11. 선언하였다."
    assert split_sentences(text) == [
        "2020.3.30. 0시 기준 확진자는 10명이다.",
        "세계보건기구는 지난 2020. 3.11. 선언하였다.",
    ]
    assert split_sentences("It shipped on 2020.3.30. The next one came later.") == [
        "It shipped on 2020.3.30.",
        "The next one came later.",
    ]


def test_a_hedged_verdict_is_no_fact_to_learn() -> None:
    from cards.statements import statement_problem

    assert statement_problem("개정 작업을 소홀히 한 만큼 시청의 책임이 크다고 할 수 있다.", "ko")
    assert statement_problem("공원 조성이 시급한 과제라고 판단된다.", "ko")
    assert statement_problem("개정 조례에 따라 공원 조성 사업 12건이 새롭게 승인되었다.", "ko") == ""
    assert statement_problem("이 조항은 공원에도 적용할 수 있다.", "ko") == ""  # what may be done: a rule
