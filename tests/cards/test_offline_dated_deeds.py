"""The year of a named subject's deed: "In {{1737}} the composer gave up …"."""

from __future__ import annotations

from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk, drafted, kept_cards


def _cards(text: str) -> list[str]:
    from cards.offline import dated_deeds

    return [c.front for c in drafted(dated_deeds.dated_deed, text)]


def test_a_named_subjects_deed_is_a_cloze_on_its_year() -> None:
    cards = _cards(
        "In 1802 Marchetti gave up the stage and opened a school of singing in Turin. "
        "The glass harmonica was improved in Philadelphia about 1761. "
        "By 1790 the Vienna theatre had become the chief home of German comic opera. "
        "Orsolini returned to Naples in March, 1815, and took charge of the royal chapel. "
        "The oboe d'amore came into general use as early as 1720. "
        "Bellardi produced his last opera at Milan with great success (1838)."
    )
    assert cards == [
        "In {{c1::1802}} Marchetti gave up the stage and opened a school of singing in Turin.",
        "The glass harmonica was improved in Philadelphia about {{c1::1761}}.",
        "By {{c1::1790}} the Vienna theatre had become the chief home of German comic opera.",
        "Orsolini returned to Naples in March, {{c1::1815}}, and took charge of the royal chapel.",
        "The oboe d'amore came into general use as early as {{c1::1720}}.",
        "Bellardi produced his last opera at Milan with great success ({{c1::1838}}).",
    ]


def test_only_the_first_clause_when_a_semicolon_joins_another() -> None:
    cards = _cards(
        "The long trumpet was first used in the cathedral choir about 1590; "
        "the reasons for the change are not known to anyone now."
    )
    assert cards == ["The long trumpet was first used in the cathedral choir about {{c1::1590}}."]


def test_no_card_for_a_pronoun_a_pointer_a_range_or_the_authors_voice() -> None:
    cards = _cards(
        "In 1839 he gained the first prize and spent three years in Rome. "  # whose prize?
        "The former was born about 1650 and studied in the town of Lübeck. "  # which one?
        "The Cremona makers made their most celebrated instruments between 1600 and 1750. "  # a range
        "Marchetti was born in 1760 and died in 1822 in the city of Turin. "  # two years: which is asked?
        "We know that the art of the violin was perfected in Italy about 1600. "  # the author's voice
        "A stranger came to him and ordered a requiem, which was played in 1793. "  # him: who?
        "Was the fugue known in Spain before 1550? "  # a question
        "The school of Orsolini (about 1377) is still known to the singers of Naples. "  # an aside
        "The chapel choir has always sung the old hymns in 1700 style. "  # no year dating a deed
        "Orsolini is remembered in Naples for his church music since 1815."  # no deed in the past
    )
    assert cards == []


def test_no_second_card_on_a_sentence_another_extractor_used() -> None:
    from cards.offline import dated_deeds
    from cards.offline.drafter import Drafter

    sentence = "In 1802 Marchetti gave up the stage and opened a school of singing in Turin."
    part = chunk(Section(sentence, SourceRef(page=1)))
    d = Drafter(part, GenerationOptions(max_cards=10), "en")
    section = d.prepared[0][0]
    question = "What did Marchetti open in Turin?"
    assert d.add(section, CardKind.BASIC, question, "A school of singing", sentence, 0)
    dated_deeds.dated_deed(d, section, sentence)
    assert [c.card.front for c in d.candidates] == ["What did Marchetti open in Turin?"]


def test_a_dated_deed_passes_the_gate_in_a_full_draft() -> None:
    text = (
        "Marchetti was the most admired singing teacher of his generation in northern Italy. "
        "In 1802 Marchetti gave up the stage and opened a school of singing in Turin. "
        "His pupils sang in every opera house of the peninsula for the next thirty years."
    )
    kept = kept_cards(text, SourceRef(page=1))
    assert any(c.kind is CardKind.CLOZE and "In {{c1::1802}} Marchetti" in c.front for c in kept)


def test_no_year_cloze_where_the_sentence_states_another_fact() -> None:
    # the sentence's fact is the name it gives: a blank on the year would miss it (and take the sentence)
    assert _cards("The bassoon came into use about 1690, the invention of a maker named Scherer.") == []


def test_he_after_an_opening_year_names_the_person_the_passage_is_about() -> None:
    from cards.offline.drafter import Drafter
    from cards.offline.referents import Referents
    from cards.text import split_sentences

    text = (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist. "
        "In 1780 he gained the first prize of the Dresden court chapel. "
        "The prize was given every year at Easter."
    )
    d = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=10), "en")
    referents = Referents(d)
    resolved = [referents.resolved(s) for s in split_sentences(text)]
    assert resolved[1] == "In 1780 Ottmar Leisewitz gained the first prize of the Dresden court chapel."
    assert _cards(resolved[1]) == [
        "In {{c1::1780}} Ottmar Leisewitz gained the first prize of the Dresden court chapel."
    ]


def test_he_after_an_opening_year_with_no_person_before_stays_a_pronoun() -> None:
    from cards.offline.drafter import Drafter
    from cards.offline.referents import Referents
    from cards.text import split_sentences

    text = "The chapel had many singers. In 1780 he gained the first prize of the Dresden court chapel."
    d = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=10), "en")
    referents = Referents(d)
    resolved = [referents.resolved(s) for s in split_sentences(text)]
    assert resolved[1] == "In 1780 he gained the first prize of the Dresden court chapel."
    assert _cards(resolved[1]) == []


def test_a_state_in_a_year_is_no_deed() -> None:
    assert _cards("By 1790 Marchetti was again in prosperous circumstances in Turin.") == []
    assert _cards("In 1790 a school of singing was formed in Turin by Marchetti.") == [
        "In {{c1::1790}} a school of singing was formed in Turin by Marchetti."
    ]
