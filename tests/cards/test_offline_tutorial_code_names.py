"""Tutorial prose about named types and functions ("Arc<T>", "Arc::clone"), said to "you" and by "we"."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.markup import text_problem
from cards.offline.papers import paper_subject
from cards.offline.subject import document_subject
from cards.offline.targets import targets
from cards.quality import check_not_trivial, check_self_contained
from cards.schema import CardDraft, CardKind, GenerationOptions
from cards.text import code_terms, split_sentences
from documents.model import Chunk, Section, SourceRef

from .sample import drafted

BOOK = "The Rust Programming Language"
OPTIONS = GenerationOptions(max_cards=40)

# A tutorial page written for these tests (not a corpus document): "you" and "we" throughout.
ARC = (
    "Sometimes a value must be owned by several threads at once. "
    "You have to share such a value explicitly by using the Rust type Arc<T>, which is an abbreviation "
    "for atomically reference counted. "
    "The Arc<T> type keeps track of the number of owners a value has across every thread of the program. "
    "We’ll create three threads that each hold a clone of the same Arc<Vec<i32>>. "
    "The call to Arc::clone only increments an atomic counter, which is cheap. "
    "The Mutex<T> type allows you to change the data inside an Arc<T> from several threads safely. "
    "If you forget to lock the mutex, your program will not compile."
)


def _chunk(text: str, title: str, heading: str) -> Chunk:
    source = SourceRef(heading=(heading,))
    return Chunk(0, (Section(text, source),), heading=(heading,), title=title)


def _asked(text: str, title: str, heading: str) -> dict[str, str]:
    result = generate_cards(_chunk(text, title, heading), OPTIONS, None, language="en", density_per_1k=100)
    return {c.front: c.back for c in result.cards if c.kind is CardKind.BASIC}


# --- code names in prose ---------------------------------------------------------------------


def test_generic_types_and_paths_are_code_names_but_calls_and_comparisons_are_not() -> None:
    text = (
        "Use Vec<String>, std::vector<int>, List<E>, HashMap<K, V> or Arc::clone, "
        "not Arc::clone(&a) or a < b and c > d."
    )
    assert [text[a:b] for a, b in code_terms(text)] == [
        "Vec<String>",
        "std::vector<int>",
        "List<E>",
        "HashMap<K, V>",
        "Arc::clone",
    ]


def test_a_generic_type_on_a_card_is_no_unbalanced_html() -> None:
    assert text_problem("In Rust, what is Rc<T> an abbreviation for?") == ""
    assert text_problem("A std::vector<int> grows as elements are added.") == ""
    assert text_problem("An <b>unclosed tag.") == "unbalanced HTML"


def test_half_a_code_name_is_no_cloze_target() -> None:
    text = "The Rc::downgrade function is used to create a non-owning pointer to the same allocation."
    found = [t for _, t in _targets(text)]
    assert "non-owning pointer" in found and not any("downgrade" in t for t in found)  # "Rc::{{downgrade …}}"


def _targets(sentence: str) -> list[tuple[float, str]]:
    from cards.offline.drafter import Drafter

    d = Drafter(_chunk(sentence, "Threads", "Threads"), OPTIONS, "en")
    return targets(sentence, d, set(), set(), strict=False, loose=True)


# --- what the tutorial says of a named type ---------------------------------------------------


def test_an_abbreviation_said_to_the_reader_is_asked_in_the_books_field() -> None:
    asked = _asked(ARC, f"Arc<T>, the Atomic Smart Pointer - {BOOK}", "Arc<T>, the Atomic Smart Pointer")
    assert asked["In Rust, what is Arc<T> an abbreviation for?"] == "Atomically reference counted"


def test_what_a_named_type_or_call_does_is_asked_of_its_name() -> None:
    asked = _asked(ARC, f"Arc<T>, the Atomic Smart Pointer - {BOOK}", "Arc<T>, the Atomic Smart Pointer")
    assert asked["In Rust, what does the Arc<T> type keep track of?"] == (
        "The number of owners a value has across every thread of the program"
    )
    # "only" is the fact: the whole restriction is the answer
    assert asked["In Rust, what does the call to Arc::clone do?"] == (
        "Only increments an atomic counter, which is cheap"
    )
    assert asked["In Rust, what does the Mutex<T> type allow you to do?"] == (
        "Change the data inside an Arc<T> from several threads safely"
    )
    assert not any("we" in (q + a).split() for q, a in asked.items())


def test_a_long_form_that_does_not_spell_the_name_is_no_abbreviation() -> None:
    text = "The Rust type Rc<T> is simple, which is short for a while. " * 2
    assert not any("abbreviation" in q or "short for" in q for q in _asked(text, f"Rc<T> - {BOOK}", "Rc<T>"))


def test_the_second_clause_of_an_answer_is_cut() -> None:
    cards = drafted(
        __import__("cards.offline.reference", fromlist=["api_effect"]).api_effect,
        "The borrow_mut method returns a RefMut<T> smart pointer, and we use the dereference operator on it.",
    )
    assert [(c.front, c.back) for c in cards] == [
        ("What does the borrow_mut method return?", "A RefMut<T> smart pointer")
    ]


def test_a_clause_between_the_thing_and_its_use_makes_no_purpose_question() -> None:
    from cards.offline.questions import purpose

    text = "You can use Cell<T> despite its limits to mutate a value behind a shared reference."
    assert drafted(purpose, text) == []


# --- the field: the book, not the type the page is about ---------------------------------------


def test_a_type_in_the_title_gives_way_to_the_books_name() -> None:
    chunk = _chunk(ARC, f"Arc<T>, the Atomic Smart Pointer - {BOOK}", "Arc<T>, the Atomic Smart Pointer")
    subject = document_subject(chunk, "en")
    assert subject is not None and subject.name == "Rust"


def test_a_tutorials_we_is_no_research_team() -> None:
    # "Arc" opens the title and the text keeps using it, but the text speaks to "you": no paper
    assert paper_subject(_chunk(ARC, "Arc Threads", "Arc Threads")) is None


# --- sentences, voice and terms ----------------------------------------------------------------


def test_a_letter_naming_a_type_ends_its_sentence_but_an_initial_does_not() -> None:
    assert split_sentences(
        "MyBox is a tuple struct with one element of type T. The new function takes a T."
    ) == [
        "MyBox is a tuple struct with one element of type T.",
        "The new function takes a T.",
    ]
    assert split_sentences("The works of J. Bach were sung in Leipzig.") == [
        "The works of J. Bach were sung in Leipzig."
    ]


def test_a_question_in_the_authors_voice_is_not_self_contained() -> None:
    card = CardDraft(
        CardKind.BASIC,
        "What do we call the method of the Drop trait?",
        "Drop",
        SourceRef(),
        source_span="We call the method of the Drop trait drop.",
    )
    ok, detail = check_self_contained(card, "en")
    assert not ok and "voice" in detail


def test_a_capitalised_name_and_its_code_kind_is_a_term() -> None:
    sentence = (
        "The implementation of the Drop trait frees the heap data automatically "
        "when a Box<T> goes out of scope."
    )
    card = CardDraft(
        CardKind.CLOZE,
        sentence.replace("Drop trait", "{{c1::Drop trait}}"),
        "",
        SourceRef(),
        source_span=sentence,
    )
    ok, detail = check_not_trivial(card, frozenset(), language="en", section_text=sentence)
    assert ok, detail
