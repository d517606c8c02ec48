"""An essay's claims and classifications (cards.offline.claims), on an essay on painting written for
the test and on sentences of MacDowell's essays (a corpus file)."""

from __future__ import annotations

from dataclasses import replace

from cards.offline import claims
from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk, drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(claims.claims, text)}


def test_where_a_strength_lies_is_the_authors_claim() -> None:
    text = (
        "The strength of Venetian painting undoubtedly lies in its colour, while the Florentines placed "
        "drawing above all else. Titian's greatness lay in his mastery of glazes. "
        "I think that the secret of Rembrandt's portraits lies in his treatment of shadow."
    )
    assert _cards(text) == {
        "According to the author, what does the strength of Venetian painting lie in?": "Its colour",
        "According to the author, what did Titian's greatness lie in?": "His mastery of glazes",
        "According to the author, what does the secret of Rembrandt's portraits lie in?": (
            "His treatment of shadow"
        ),
    }


def test_what_a_thing_consists_in_is_asked_plainly_unless_judged() -> None:
    text = (
        "The novelty of the Venetian method consisted in the use of canvas instead of wooden panels. "
        "We know that the nucleus of melody lies in one note, just as the origin of language is to be "
        "sought for in the word."
    )
    assert _cards(text) == {
        "What did the novelty of the Venetian method consist in?": (
            "The use of canvas instead of wooden panels"
        ),
        "What does the nucleus of melody lie in?": "One note",
    }


def test_a_judging_superlative_is_attributed() -> None:
    text = (
        "The noblest subject of the painter is the human form. The second strongest emotion of the "
        "Venetians is love. The music drama as represented by Wagner "
        "(and he alone represents it) is the most perfect union of painting, poetry, and music imaginable "
        "to our nineteenth-century minds."
    )
    assert _cards(text) == {
        "According to the author, what is the noblest subject of the painter?": "The human form",
        "According to the author, what is the second strongest emotion of the Venetians?": "Love",
        "According to the author, what is the most perfect union of painting, poetry, and music?": (
            "The music drama as represented by Wagner"
        ),
    }


def test_a_passive_verb_or_a_pointer_is_no_holder() -> None:
    text = (
        "The highest plane of perfection in the violin was reached in Italy about 1600. "
        "His great reform lay in the use of perspective. The Swiss jodel is the finest illustration of this."
    )
    assert _cards(text) == {}


def test_a_things_only_weakness() -> None:
    text = (
        "It is just this intrusion of materialism in Wagner's music dramas which constitutes their only "
        "weakness. The love of ornament constitutes the chief weakness of the Baroque churches."
    )
    assert _cards(text) == {
        "According to the author, what is the only weakness of Wagner's music dramas?": (
            "The intrusion of materialism"
        ),
        "According to the author, what is the chief weakness of the Baroque churches?": (
            "The love of ornament"
        ),
    }


def test_a_cleft_focus_is_not_read_as_the_sentence_befores_it() -> None:
    # "It" of a long cleft ("It is just this … which …") is not "The Gothic cathedral" of the sentence before
    text = (
        "The Gothic cathedral is a marvel of structure. It is just this love of ornament in the Baroque "
        "churches which constitutes their chief weakness."
    )
    fronts = {c.front for c in kept_cards(text, SourceRef(page=1, heading=("Churches",)))}
    assert "According to the author, what is the chief weakness of the Baroque churches?" in fronts


def test_how_a_whole_is_divided() -> None:
    text = (
        "Painting may be divided into three classes, each marking a further step away from the object. "
        "The Doric temple is divided into three parts: the stylobate, the columns, and the entablature. "
        "The building is divided into two parts by a courtyard. These modes are divided into two classes."
    )
    assert _cards(text) == {
        "According to the author, into how many classes may painting be divided?": "Three",
        "Into which three parts is the Doric temple divided?": (
            "The stylobate, the columns and the entablature"
        ),
    }


def test_what_a_thing_merely_is() -> None:
    text = (
        "For after all what we call Pan's pipes are simply pieces of bamboo or cane of different lengths "
        "tied together. A flying buttress is simply an arch that carries the thrust of the vault to a pier. "
        "The Peruvians were essentially a pipe race, while the Mexicans were a drum race."
    )
    assert _cards(text) == {
        "What are Pan's pipes?": "Pieces of bamboo or cane of different lengths tied together",
        "What is a flying buttress?": "An arch that carries the thrust of the vault to a pier",
        "According to the author, what were the Peruvians?": "A pipe race",
    }


def test_what_a_thing_merely_is_names_its_chapter_and_no_role() -> None:
    # "the violin bow" names nothing on its own: its chapter does; "the composer" is a role in a scene
    text = (
        "The violin bow, in its earliest form, was nothing more than an ordinary bow with a stretched "
        "string; Corelli and Tartini used a bow of the kind. The composer was merely the excuse for the "
        "opera. The fifth type is merely a phase of the oriental type."
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1, heading=("Musical Instruments",)))}
    assert fronts.get("In Musical Instruments, what was the violin bow in its earliest form?") == (
        "An ordinary bow with a stretched string"
    )
    assert not [f for f in fronts if "composer" in f or "fifth type" in f]


def test_the_parts_a_sentence_names_after_namely() -> None:
    text = (
        "Summing up, I wish to state what I consider the four elements of music, namely, music that paints, "
        "music that suggests, music that actually speaks, and music that almost defies analysis, and is "
        "composed of the other three elements. This narrows our analysis down to two things, namely, the "
        "physical effect of musical sound, and suggestion."
    )
    assert _cards(text) == {
        "According to the author, what are the four elements of music?": (
            "Music that paints, music that suggests, music that actually speaks and music that almost "
            "defies analysis"
        ),
    }


def test_a_name_coined_for_a_field() -> None:
    text = (
        "[03] Architecture has been called “frozen music” by more than one critic. Words have been "
        'called "decayed sentences," that is to say, every word was once a sentence. The Tartars have '
        'been called "the troubadours of Asia". The builders have been called "the masons of God".'
    )
    assert _cards(text) == {
        "What has architecture been called?": "Frozen music",
        "What have words been called?": "Decayed sentences",
    }


def test_the_authors_gloss_on_a_term() -> None:
    text = (
        "With Haydn, music was an art of pretty sounds, and although design, that is to say, the "
        "development of the emotional character of a musical thought, was known to him, it never grew. "
        "The harpsichord was strung with wire, that is to say, it was louder. "
        "Perspective, that is to say, when the lines meet, came later. Proportion, that is to say, the "
        "relation of the parts to the whole, was governed by simple ratios."
    )
    cards = {c.front: c.back for c in kept_cards(text, SourceRef(page=1, heading=("Haydn",)))}
    meant = {front: back for front, back in cards.items() if "mean by" in front}
    assert meant == {
        "In Haydn, what does the author mean by “design”?": (
            "The development of the emotional character of a musical thought"
        ),
        "In Haydn, what does the author mean by “proportion”?": "The relation of the parts to the whole",
    }


def test_a_claim_under_a_long_chapter_title_is_framed_by_the_book() -> None:
    # a chapter title too long to frame a question: the author's claim is framed by the book's title
    text = (
        "Although design, that is to say, the development of a musical thought, was known to him, it failed."
    )
    section = Section(text, SourceRef(page=1, heading=("On the Lives and Art Principles of Some Composers",)))
    drafter = Drafter(replace(chunk(section), title="Critical Essays"), GenerationOptions(max_cards=40), "en")
    claims.claims(drafter, drafter.prepared[0][0], text)
    assert [(c.card.front, c.card.back) for c in drafter.candidates] == [
        (
            "In “Critical Essays”, what does the author mean by “design”?",
            "The development of a musical thought",
        )
    ]


def test_a_subject_that_stands_for_something_said_elsewhere_asks_nothing() -> None:
    # a manual's "the result", "the function", "the main difference", "the problem": of what?
    text = (
        "The result is simply a list of strings that the caller must free. The function is really a thin "
        "wrapper around read(2). The main difference lies in how errors are reported. The problem consists "
        "in finding the shortest path."
    )
    fronts = {c.front for c in kept_cards(text, SourceRef(page=1, heading=("Memory",)))}
    assert not fronts & {
        "In Memory, what is the result?",
        "In Memory, according to the author, what is the function?",
        "In Memory, according to the author, what does the main difference lie in?",
        "In Memory, what does the problem consist in?",
    }


def test_what_ranks_first_of_a_named_owner() -> None:
    text = (
        "While this clashing could not be called the beginning of music, it did, nevertheless, bring into "
        "existence music's greatest prop, rhythm, an ally without which music would seem to be impossible. "
        "The city honoured Venice's greatest painter, Titian, with a state funeral. "
        "He met the king's chief minister, who was ill."
    )
    assert _cards(text) == {
        "According to the author, what is music's greatest prop?": "Rhythm",
        "According to the author, who is Venice's greatest painter?": "Titian",
    }


def test_a_division_into_one_and_the_other() -> None:
    text = (
        "Thus we see painting dividing into two classes, one purely decorative, the other narrative; the "
        "one arising from the potter's craft, the other from the chronicle. Glaciers fall into two "
        "classes, one confined to valleys, the other spread over a whole land. Rocks may be divided into "
        "two kinds, one formed from fire, the other laid down in water. They fall into two groups, one "
        "large, the other small."
    )
    assert _cards(text) == {
        "According to the author, into which two classes does painting divide?": (
            "One purely decorative, the other narrative"
        ),
        "Into which two classes do glaciers fall?": (
            "One confined to valleys, the other spread over a whole land"
        ),
        "According to the author, into which two kinds may rocks be divided?": (
            "One formed from fire, the other laid down in water"
        ),
    }


def test_a_division_whose_whole_points_back_is_asked_with_its_chapter() -> None:
    """ "The columns made from these orders …" points at the orders the sentence before names: the
    parts named, the card says the chapter; an unsure pointer or unnamed parts make no card."""
    text = (
        "The Greeks built in three orders, and each order had its own proportions. "
        "The capitals made from these orders are divided into three kinds, volute, bell, and cushion. "
        "The temples stood on a raised platform. "
        "The friezes made from these marbles are divided into two kinds, plain and carved. "
        "The orders were copied by the Romans. "
        "The columns made from these orders are divided into two classes."
    )
    source = SourceRef(page=1, heading=("II. The Temples of the Greeks and the Romans",))
    fronts = {c.front: c.back for c in kept_cards(text, source)}
    question = (
        "In “The Temples of the Greeks and the Romans”, into which three kinds are the capitals made from "
        "the orders divided?"
    )
    assert fronts.get(question) == "Volute, bell and cushion"
    assert not [f for f in fronts if f.startswith("In “") and ("friezes" in f or "columns" in f)]
    assert not [f for f in fronts if "these" in f]  # "What are the capitals made from these orders …?"


def test_what_the_author_likens_a_thing_to() -> None:
    text = (
        "Folk painting may be likened to a river that gathers silt, to borrow an image from Ruskin; every "
        "generation adds to it. "
        "To my mind, visiting a modern gallery may be likened to reading a dictionary. "
        "This may be likened to a storm. "  # a pointer
        "The second panel may be likened to a prayer."  # of which series?
    )
    assert _cards(text) == {
        "According to the author, what may folk painting be likened to?": "A river that gathers silt",
        "According to the author, what may visiting a modern gallery be likened to?": (
            "Reading a dictionary"
        ),
    }


def test_what_or_whom_the_author_considers_a_thing_to_be() -> None:
    text = (
        "Giotto may be considered the founder of Italian painting, and his frescoes are still seen. "
        "Vermeer may be considered the greatest painter of light of his time as well as a poet. "
        "The Flemish triptych may be regarded as the ancestor of the altarpiece in oils. "
        "The works of Vermeer are few. "
        "Kepler may be regarded as the key to modern astronomy. "  # a name? a thing? no telling
        "The result may be considered the end of the affair. "  # which result?
        "The sonnet may be regarded as the child of the canzone. "  # a thing: "child" is no person here
        "This may be considered the best of our schools."  # a pointer
    )
    assert _cards(text) == {
        "According to the author, who may be considered the founder of Italian painting?": "Giotto",
        "According to the author, who may be considered the greatest painter of light of his time?": (
            "Vermeer"
        ),
        "According to the author, what may the Flemish triptych be regarded as?": (
            "The ancestor of the altarpiece in oils"
        ),
        "According to the author, what may the sonnet be regarded as?": "The child of the canzone",
    }


def test_parts_counted_then_told_first_and_second() -> None:
    text = (
        "There are two ways of looking at a painting: first, as a window, the view of a world beyond the "
        "frame; second, as a surface, covered with colours in a certain order. "
        "There are three kinds of fresco in Italy: first, true fresco, painted on wet plaster; second, dry "
        "fresco; and third, mixed fresco, finished when dry. "
        "There are two sides to this question: first, the cost; second, the time. "  # a pointer
        "There are three schools of painting in Siena: first, the school of Duccio; second, that of Martini."
    )  # three announced, two told
    assert _cards(text) == {
        "What are the two ways of looking at a painting?": "As a window and as a surface",
        "What are the three kinds of fresco in Italy?": "True fresco, dry fresco and mixed fresco",
    }
