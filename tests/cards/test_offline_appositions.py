"""Who someone was, said in passing: "Name, the description, …" → "Who was Name?"."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from cards.text import split_sentences
from documents.model import Section, SourceRef

from .sample import chunk, drafted

OPTIONS = GenerationOptions(max_cards=40)


def _cards(text: str) -> dict[str, str]:
    from cards.offline import appositions

    return {c.front: c.back for c in drafted(appositions.apposition, text)}


def test_a_name_with_its_description_asks_who_it_was() -> None:
    cards = _cards(
        "Aristoxenus, a pupil of Aristotle, rejected the monochord as a gauge of intervals. "
        "The bow was shaped by Tourte, a Paris maker, who worked with Viotti, the celebrated violinist. "
        "We read in the writings of Mencius, the Chinese philosopher (350 B.C.), an odd story. "
        "He told it to his pupils, and his pupils wrote it down for him."  # a text that tells of people
    )
    assert cards["Who was Aristoxenus?"] == "A pupil of Aristotle"
    assert "Who was Tourte?" not in cards  # "a Paris maker": a maker of what? (no card)
    assert cards["Who was Viotti?"] == "The celebrated violinist"
    assert cards["Who was Mencius?"] == "The Chinese philosopher (350 B.C.)"


def test_a_place_is_what_and_an_encyclopedia_speaks_in_the_present() -> None:
    cards = _cards(
        "The army was sent against Mien, a city of 30,000 inhabitants, and took it. "
        "Most cargo is shipped through Rotterdam, the largest port of Europe, which is open all year."
    )
    assert cards["What was Mien?"] == "A city of 30,000 inhabitants"
    assert cards["What is Rotterdam?"] == "The largest port of Europe"


def test_names_with_particles_are_whole() -> None:
    cards = _cards(
        "In that century Garcilaso de la Vega, the historian of Peru, tells of the power of music. "
        "A ballet was given at the marriage of Margaret of Lorraine, the stepsister of Henry III. "
        "Wolstan, in his life of St. Swithin, the Benedictine monk, tells of the organ."
    )
    assert cards["Who was Garcilaso de la Vega?"] == "The historian of Peru"
    assert cards["Who was Margaret of Lorraine?"] == "The stepsister of Henry III"
    assert cards["Who was St. Swithin?"] == "The Benedictine monk"


def test_clauses_lists_and_pointers_are_no_appositions() -> None:
    cards = _cards(
        "In Germany, the troubadours became minnesingers and sang of love. "  # a fronted place
        "In the Hypophrygian, the semitones occur between the third and fourth. "  # a clause
        "Musically, the ballet was no advance towards expressiveness in art. "  # an adverb
        "He praised the noble lines of Aeschylus and Sophocles, the odes of Sappho and Pindar, and more. "
        "Spontini, the next representative of opera in France, was an Italian. "  # points elsewhere
        "He married a daughter of Halévy, the composer, in Paris. "  # one word says nothing
        "He played for Jommelli, a man who invented the crescendo. "  # nothing left before "who"
        "In the hands of Aristophanes, the technique of poetry continued to advance. "
        "“I don't know,” said Alice, a little timidly, and looked away. "
        "Hagen was born in Stavanger, Norway, the son of a cartoonist. "  # the son is Hagen, not Norway
        "“And even Stigand, the patriotic archbishop of Canterbury, found it advisable,” said the Mouse."
    )
    assert cards == {}


def test_appositions_reach_the_deck() -> None:
    text = (
        "Quantz, the celebrated court flute player to Frederick the Great of Prussia, was the first "
        "to publish a method of playing the transverse flute. The flute was then made of wood. "
        "He taught the king, and his pupils spoke well of him."
    )
    drafts = draft_offline_cards(chunk(Section(text, SourceRef(page=3))), OPTIONS, language="en")
    card = next(c for c in drafts if c.front == "Who was Quantz?")
    assert card.back == "The celebrated court flute player to Frederick the Great of Prussia"
    assert card.source_span.startswith("Quantz, the celebrated")


def test_initials_do_not_end_a_sentence() -> None:
    assert split_sentences("The first method was that by C.P.E. Bach, in 1753. It sold well.") == [
        "The first method was that by C.P.E. Bach, in 1753.",
        "It sold well.",
    ]


def test_a_bracketed_date_mark_does_not_end_a_sentence() -> None:
    text = "Every writer from Stamitz (d. 1757) down to Haydn wrote them. Gossec (b. 1734) did too."
    assert split_sentences(text) == [
        "Every writer from Stamitz (d. 1757) down to Haydn wrote them.",
        "Gossec (b. 1734) did too.",
    ]


def test_an_era_is_no_bibliography() -> None:
    from cards.offline.clean import noise

    assert not noise("Confucius (about 500 B.C.) said that a nation must possess good music.")
    assert not noise("When the revolt broke out (68 A.D.), a new instrument had just come to Rome.")
    assert noise("Karpukhin, V. K. and Oguz, B. R. Dense passage retrieval for open-domain QA.")


def test_a_ruler_s_number_ends_a_sentence_not_a_contents_line() -> None:
    from cards.offline.clean import noise

    assert not noise("A ballet was given at the wedding of Margaret of Lorraine, stepsister of Henry III.")
    assert noise("The Music of the Egyptians and the Chinese IV")


def test_a_compound_glued_to_the_next_word_is_no_term() -> None:
    from cards.offline.terms import termness

    assert termness("Cheshire-Catsitting", "en", in_section=1) == 0.0  # "Cheshire-Cat" + "sitting"
    assert termness("Cheshire-Cat", "en", in_section=2) > 0.0


def test_a_thing_named_by_an_agent_noun_in_a_manual_is_what() -> None:
    cards = _cards(
        "Cython is not to be confused with CPython, the standard Python interpreter. "
        "Code is compiled by Clang, the LLVM compiler, and linked by the system linker."
    )
    assert cards == {
        "What is CPython?": "The standard Python interpreter",
        "What is Clang?": "The LLVM compiler",
    }


def test_the_sentence_of_an_apposition_keeps_its_own_fact() -> None:
    from cards.offline import appositions
    from cards.text import normalize

    sentence = "Quantz, the court flute player to Frederick the Great, published a method in 1752."
    text = f"{sentence} He taught the king, and his pupils spoke well of him."
    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), OPTIONS, "en")
    appositions.apposition(drafter, drafter.prepared[0][0], sentence)
    assert [c.card.front for c in drafter.candidates] == ["Who was Quantz?"]
    # said in passing: the key-term clozes may still use the sentence for its own fact
    assert normalize(sentence) not in drafter.used_sentences
