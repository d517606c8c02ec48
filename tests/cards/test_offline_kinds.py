"""Offline card kinds that read two sentences together, and sentences repaired before drafting."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline import draft_offline_cards
from cards.offline.pointers import without_pointer_aside
from cards.schema import CardDraft, CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk

OPTIONS = GenerationOptions(max_cards=40)


def _kept(text: str) -> list[CardDraft]:
    """The cards a job keeps from ``text`` (drafted, then through the quality gate)."""
    result = generate_cards(
        chunk(Section(text, SourceRef(page=1))), OPTIONS, None, language="en", density_per_1k=100
    )
    return result.cards


def _asked(text: str) -> dict[str, str]:
    return {c.front: c.back for c in _kept(text) if c.kind is CardKind.BASIC}


def test_a_cause_given_in_the_next_sentence_is_a_why_question() -> None:
    text = "Ferns are a paraphyletic group. This is because seed ferns are not counted among them."
    kept = _kept(text)
    why = [(c.front, c.back, c.source_span) for c in kept if c.front.startswith("Why")]
    # the card quotes both sentences
    assert why == [
        ("Why are ferns a paraphyletic group?", "Because seed ferns are not counted among them", text)
    ]


def test_an_effect_given_after_its_cause_is_a_why_question() -> None:
    asked = _asked(
        "For a compiled constant, the compiler knows the value at build time, so the value is embedded "
        "directly into the binary. This is why compiled constants are fast and cheap."
    )
    assert asked["Why are compiled constants fast and cheap?"] == (
        "Because for a compiled constant, the compiler knows the value at build time, so the value is "
        "embedded directly into the binary"
    )


def test_no_why_question_when_the_other_sentence_leans_on_its_own_context() -> None:
    asked = _asked("It stores the value at build time. This is why compiled constants are fast and cheap.")
    assert not [q for q in asked if q.startswith("Why")]
    asked = _asked("I measured the loop at home on my laptop. This is why compiled constants are fast.")
    assert not [q for q in asked if q.startswith("Why")]


def test_a_count_followed_by_its_series_is_one_ordered_cloze() -> None:
    kept = _kept(
        "There are three layers in the Sambrook model. Application, Transport and Network.\n\n"
        "There are four seasons in the Kestrel calendar. Spring, Summer, and Autumn."
    )
    clozes = [c.front for c in kept if c.kind is CardKind.CLOZE and "c2::" in c.front]
    assert clozes == [
        "The three layers in the Sambrook model: {{c1::Application}}; {{c2::Transport}}; {{c3::Network}}"
    ]  # the second series has three names for a count of four: not its list


def test_a_count_followed_by_a_sentence_is_no_series() -> None:
    drafted = draft_offline_cards(
        chunk(
            Section(
                "There are three layers in the Sambrook model. Each layer has a name, a role, and a header.",
                SourceRef(page=1),
            )
        ),
        OPTIONS,
        language="en",
        density_per_1k=100,
    )
    assert not [c for c in drafted if c.front.startswith("The three layers")]


def test_a_pointer_to_a_figure_is_taken_out_of_the_sentence() -> None:
    assert without_pointer_aside(
        "A header has three parts, shown on the left: a source, a target, and a sum."
    ) == ("A header has three parts: a source, a target, and a sum.")
    assert without_pointer_aside("The results, as shown in Table 2, are stable.") == "The results are stable."
    assert (
        without_pointer_aside("The layout (see Figure 4-1) holds a pointer.") == "The layout holds a pointer."
    )
    # a sentence about the figure itself is left as it is (and refused as leaning on its context)
    assert without_pointer_aside("Figure 4-1 shows the layout.") == "Figure 4-1 shows the layout."
    kept = _kept(
        "A packet header is made up of three parts, shown on the left: a source address, "
        "a target address, and a checksum."
    )
    fronts = [c.front for c in kept if c.kind is CardKind.CLOZE]
    # the article stays outside each deletion (a deletion starting with "a" fails the gate's Q9)
    assert fronts == [
        "A packet header is made up of three parts: a {{c1::source address}}; a {{c2::target address}}; "
        "a {{c3::checksum}}"
    ]
    # the card still quotes the sentence as written
    assert kept[0].source_span.startswith("A packet header is made up of three parts, shown on the left:")


def test_an_event_and_its_year_is_a_when_question() -> None:
    asked = _asked(
        "Paddle steamers were introduced on the Rhine about 1816. Ottilie Brandauer was born in 1851, in "
        "Graz. Ottilie Brandauer died in 1923. The Vellmar Institute was founded in 1902."
    )
    when = {q: a for q, a in asked.items() if q.startswith("When")}
    assert when == {
        "When were paddle steamers introduced?": "About 1816",
        "When was Ottilie Brandauer born?": "In 1851",
        "When did Ottilie Brandauer die?": "In 1923",
        "When was the Vellmar Institute founded?": "In 1902",
    }


def test_no_when_question_on_a_pronoun_or_a_year_of_another_clause() -> None:
    asked = _asked(
        "He died in Vienna in 1833 after a long illness. Brandauer, who died in 1923, wrote the first "
        "method for the zither. The building was finished in 1820 by local masons."
    )
    assert not [q for q in asked if q.startswith("When")]


def test_a_consequence_said_of_the_texts_subject_names_it_in_the_question() -> None:
    text = (
        "Kestrel checks every borrow before the program runs, and a program that breaks a rule is "
        "refused by Kestrel at build time. Only Kestrel does this in the suite of tools. When you assign "
        "a new value to an existing variable, Kestrel will free the old value at once. When the "
        "airplane is on the ground, the pilot must check the brakes."
    )
    asked = _asked(text)
    happens = {q: a for q, a in asked.items() if "what happens" in q.casefold()}
    assert happens == {
        "In Kestrel, what happens when you assign a new value to an existing variable?": (
            "Kestrel will free the old value at once"
        )
    }  # the airplane's condition names nothing, and its consequence no subject the text is about


def test_a_consequence_said_of_the_subjects_possession_names_the_subject() -> None:
    text = (
        "Kestrel checks every borrow before the program runs, and a program that breaks a rule is "
        "refused by Kestrel at build time. Only Kestrel does this in the suite of tools. If your "
        "project is small, Kestrel’s speed impact is likely to go unnoticed by anyone."
    )
    happens = {q: a for q, a in _asked(text).items() if "what happens" in q.casefold()}
    assert happens == {
        "In Kestrel, what happens if your project is small?": (
            "Kestrel’s speed impact is likely to go unnoticed by anyone"
        )
    }


def test_a_key_to_codes_asks_what_each_stands_for_in_its_context() -> None:
    text = (
        "Grid Sheet Codes\n"
        "GR = Ground Reference\n"
        "W = Water\n"
        "ST = Survey Target\n"
        "N = Number of Points\n"
        "XY = 2 times the yield\n"
    )
    asked = _asked(text)
    assert {q: a for q, a in asked.items() if "stand for" in q} == {
        "In Grid Sheet Codes, what does GR stand for?": "Ground Reference",
        "In Grid Sheet Codes, what does ST stand for?": "Survey Target",
    }  # a one-letter code, or an expansion that does not spell the code, is no key


def test_a_term_given_with_its_acronym_is_defined_once_named_by_both() -> None:
    asked = _asked("The angle of drift (or AOD) is the angle between the heading and the track of a ship.")
    assert (
        asked["What is the angle of drift (AOD)?"] == "the angle between the heading and the track of a ship"
    )
    # an acronym that does not spell the phrase before it names nothing
    asked = _asked("The main result (XQ) is the value that the survey gives for each of the sites.")
    assert not [q for q in asked if q.startswith("What is")]


def test_an_event_defined_by_its_condition_is_a_when_question() -> None:
    text = (
        "A blowout occurs when the pressure in the well exceeds the weight of the drilling mud. "
        "A blowout can destroy the rig. Crews train for a blowout every month. "
        "A problem occurs when the valve is left open."
    )
    asked = _asked(text)
    assert {q: a for q, a in asked.items() if q.startswith("When does")} == {
        "When does a blowout occur?": "When the pressure in the well exceeds the weight of the drilling mud"
    }  # "a problem" is no term of the text


def test_what_a_named_part_does_is_a_question() -> None:
    text = (
        "The BOP provides a seal around the drill pipe during a kick. The valve stores pressure in the "
        "upper chamber and releases it slowly. The manifold provides a path for the returning mud. "
        "Cython converts “A” to a memoryview."
    )
    asked = _asked(text)
    assert {q: a for q, a in asked.items() if q.startswith("What does")} == {
        "What does the BOP provide?": "A seal around the drill pipe during a kick"
    }  # "the valve", "the manifold" could be any valve or manifold; a quoted name is code
