"""Long prose read on its own: "This tournament …" named by the sentence before, a clause of a
long sentence quoted alone, a "Now" that only connects, and "he" after a second person."""

from __future__ import annotations

from cards.anaphora import points_at_figure
from cards.offline.clean import standalone_form
from cards.offline.drafter import Drafter
from cards.offline.keyterms import quoted_clauses
from cards.offline.referents import Referents
from cards.schema import GenerationOptions
from cards.text import split_sentences
from documents.model import Section, SourceRef

from .sample import chunk, kept_cards


def _resolved(text: str) -> tuple[list[str], Drafter]:
    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    referents = Referents(drafter, text=text)
    return [referents.resolved(s) for s in split_sentences(text)], drafter


def test_this_noun_is_named_by_the_one_description_of_it_just_before() -> None:
    text = (
        "In 1207 the rhyming contest at the Marienburg was held before the court. "
        "This contest, which Lessner put into his play, was won by a Saxon knight named Ortwin."
    )
    sentences, drafter = _resolved(text)
    assert sentences[1] == (
        "The rhyming contest at the Marienburg, which Lessner put into his play, "
        "was won by a Saxon knight named Ortwin."
    )
    assert drafter.originals[sentences[1]] == text  # the card quotes both sentences
    cards = kept_cards(text, SourceRef(page=1))
    assert any("rhyming contest at the Marienburg" in c.front for c in cards)
    assert not any(c.front.startswith("This contest") for c in cards)
    # "Now" that only connects is dropped with it; a rare word says which one ("the bowed rebec")
    now = "Minstrels carried the bowed rebec from town to town. Now this rebec had three strings in fifths."
    assert _resolved(now)[0][1] == "The bowed rebec had three strings in fifths."


def test_this_noun_is_the_name_a_copula_gives_it() -> None:
    text = (
        "The chief instrument of the temple band is the _vorn_, and it is struck with a mallet. "
        "This instrument has sixteen bronze plates hung on a wooden frame."
    )
    assert _resolved(text)[0][1] == "The vorn has sixteen bronze plates hung on a wooden frame."
    named = "The bagpipe is an instrument of great age. This instrument needs a bag of air."
    assert _resolved(named)[0][1] == "The bagpipe needs a bag of air."
    # "It is an instrument …" names nothing
    unnamed = "It is an instrument of great age. This instrument needs a bag of air."
    assert _resolved(unnamed)[0][1] == "This instrument needs a bag of air."


def test_no_name_for_this_noun_when_it_is_unclear_which_one() -> None:
    unclear = [
        # two candidates
        "The bowed rebec and the plucked rebec were both known. This rebec had three strings.",
        # a plural for a singular
        "The double trumpet was used in rites. These trumpets became larger in form.",
        # a bare "This" with no noun, and "This system of …", which says which one itself
        "The chromatic scale was known. This is why the scale was used.",
        "The chromatic scale was known. This system of tuning held good for a long time.",
        # a common word does not say which one ("a large instrument"), nor does a pointing one
        "A large instrument stood in the hall. This instrument had sixteen stones.",
        "The second instrument stood in the hall. This instrument had sixteen stones.",
        # a numbered place in the text is no name ("the code from Listing 9-3")
        "Run the code from Listing 9-3 again. This code will now compile.",
    ]
    for text in unclear:
        sentences, _ = _resolved(text)
        assert sentences == split_sentences(text), text
    # a new paragraph: the sentence before is not the one the reader has just read
    broken = "The bowed rebec was played in Spain.\n\nThis rebec had three strings."
    assert _resolved(broken)[0][1] == "This rebec had three strings."


def test_he_after_his_father_is_no_longer_the_person_named_first() -> None:
    text = (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist. "
        "His father was a barber and a surgeon. "
        "He opposed his son's wish to study music."
    )
    sentences, _ = _resolved(text)
    assert sentences[1] == "Ottmar Leisewitz’s father was a barber and a surgeon."
    assert sentences[2] == "He opposed his son's wish to study music."


def test_now_that_only_connects_is_dropped() -> None:
    assert standalone_form("Now the viol was played with a bow.") == "The viol was played with a bow."
    assert standalone_form("Now, the viol was played with a bow.") == "The viol was played with a bow."
    for kept in (
        "Now that music had form, phrases were divided.",
        "Now let us see the viol.",
        "Now this is all.",
    ):
        assert standalone_form(kept) == kept
    # what is left may still point elsewhere: the gate refuses it
    said = standalone_form("Now, as has already been said, the earliest pieces imitated birds.")
    assert points_at_figure(said)
    assert points_at_figure("As is the case with every lock, the holder must release it.") == ""


def test_a_clause_of_a_long_sentence_quotes_that_clause_and_never_cuts_inside_brackets_or_quotes() -> None:
    long = (
        "The crwth was a Welsh instrument with six strings (four bowed; two plucked) that survived in "
        'Wales until the early nineteenth century and was heard at "eisteddfod; gorsedd" gatherings; '
        "the pibgorn was a Welsh hornpipe made of bone and horn, played by shepherds in the hills."
    )
    assert quoted_clauses(long) == [
        (
            "The crwth was a Welsh instrument with six strings (four bowed; two plucked) that survived in "
            'Wales until the early nineteenth century and was heard at "eisteddfod; gorsedd" gatherings.',
            "The crwth was a Welsh instrument with six strings (four bowed; two plucked) that survived in "
            'Wales until the early nineteenth century and was heard at "eisteddfod; gorsedd" gatherings',
        ),
        (
            "The pibgorn was a Welsh hornpipe made of bone and horn, played by shepherds in the hills.",
            "the pibgorn was a Welsh hornpipe made of bone and horn, played by shepherds in the hills.",
        ),
    ]
    cards = kept_cards(long, SourceRef(page=1))
    clause_cards = [c for c in cards if c.source_span.startswith("the pibgorn")]
    assert clause_cards and all(c.source_span in long for c in clause_cards)


def test_he_after_an_opening_phrase_is_a_person_the_text_has_told_of() -> None:
    text = (
        "Ottmar Leisewitz was born in 1761, in Dresden. "
        "The court theatre burned down in 1790. "
        "As a theorist, Leisewitz exerted great influence upon the Saxon organists. "
        "He discovered that the triad could be derived from the overtones of a string."
    )
    sentences, _ = _resolved(text)
    assert (
        sentences[3] == "Leisewitz discovered that the triad could be derived from the overtones of a string."
    )
    unknown = (  # a name never told of as a person, or another person in the phrase: no guess
        "As a theorist, Brindle exerted great influence upon the Saxon organists. He discovered the triad.",
        "Ottmar Leisewitz was born in 1761. Hans Brindle was born in 1770. "
        "After Brindle's death, Leisewitz inherited the post. He discovered the triad.",
    )
    for other in unknown:
        assert _resolved(other)[0][-1] == "He discovered the triad."
