"""A tutorial's "you" is its reader: a fact about a named thing said to "you" makes a card; the
running example ("if you run this code …") and "we" do not."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.generic_reader import addresses_reader, generic_reader
from cards.quality import GateContext, check_self_contained
from cards.schema import CardDraft, CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

# A tutorial page written for these tests (not a corpus document): it speaks to "you" throughout.
QUEUE = (
    "Threads often have to pass work to each other. "
    "The mpsc::channel function gives you a sender and a receiver that share one queue. "
    "If you run this code, you’ll see the messages printed in order. "
    "In your terminal, type cargo run to build the example. "
    "The JoinHandle<T> type lets your main thread wait until a spawned thread has finished. "
    "We’ll spawn two threads that each send three numbers. "
    "You might wonder why the receiver is not cloned. "
    "A Receiver<T> can only be owned by one thread, so you cannot clone it. "
    "Unlike a Mutex<T>, a channel lets you move ownership of a value to another thread. "
    "Unlike a Mutex<T>, a channel is a queue that lets you move ownership of a value to another thread. "
    "Because a Sender<T> can be cloned, you can have many producers for a single consumer. "
    "A RwLock<T> is a lock that lets you have many readers or one writer at a time. "
)
# An essay that says "you" once, in passing: it does not speak to its reader.
ESSAY = (
    "The cathedral was finished in 1248 after a century of work. "
    "Its glass windows, which you can still visit, were made by the Chartres workshop. "
    "The bishop paid for the nave with the tithes of eleven parishes. "
    "Masons from Picardy cut the stone for the western towers. "
)


def _chunk(text: str) -> Chunk:
    source = SourceRef(heading=("Message passing",))
    return Chunk(
        0, (Section(text, source),), heading=("Message passing",), title="The Rust Programming Language"
    )


def _cloze(front: str, text: str) -> tuple[bool, str]:
    chunk = _chunk(text)
    card = CardDraft(CardKind.CLOZE, front, "", chunk.sections[0].source, source_span=front)
    ctx = GateContext.from_chunk(chunk, language="en")
    return check_self_contained(card, "en", text, reader=ctx.addresses_reader)


def test_a_text_that_says_you_often_addresses_its_reader_an_essay_does_not() -> None:
    assert addresses_reader(QUEUE)
    assert not addresses_reader(ESSAY)


def test_you_about_a_named_thing_is_the_generic_reader() -> None:
    assert generic_reader(
        "The mpsc::channel function gives you a sender and a receiver that share one queue."
    )
    assert generic_reader(
        "The JoinHandle<T> type lets your main thread wait until a spawned thread has finished."
    )


def test_a_dotted_name_is_a_named_thing_and_running_it_is_no_walkthrough() -> None:
    assert generic_reader("The asyncio.run function lets you start the event loop and run one coroutine.")
    assert not generic_reader("When you run the asyncio.run function, you get a RuntimeError.")


def test_the_running_example_and_an_instruction_are_not() -> None:
    assert not generic_reader("If you run this code, you’ll see the messages printed in order.")
    assert not generic_reader("In your terminal, type cargo run to build the example.")
    assert not generic_reader("You might wonder why the Receiver<T> is not cloned.")
    assert not generic_reader("We give you a Receiver<T> here.")  # "we" stays refused
    assert not generic_reader("You can ride a bicycle to the market every morning.")  # names nothing
    # a rare common noun names a kind, not a thing of the domain
    assert not generic_reader("Iterators give you more flexibility with many different kinds of sequences.")


def test_the_gate_keeps_a_cloze_said_to_the_reader_of_a_tutorial_only() -> None:
    front = "The mpsc::channel function gives you a {{c1::sender}} and a receiver that share one queue."
    assert _cloze(front, QUEUE) == (True, "")
    ok, detail = _cloze(front, ESSAY)  # the same sentence in a text that does not address "you"
    assert not ok and "voice" in detail
    ok, detail = _cloze("If you run this code, you’ll see the {{c1::messages}} printed in order.", QUEUE)
    assert not ok


def test_a_tutorial_page_makes_a_card_of_its_fact_said_to_you() -> None:
    result = generate_cards(
        _chunk(QUEUE), GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    )
    fronts = [card.front for card in result.cards]
    assert (
        "Unlike a Mutex<T>, a channel lets you {{c1::move ownership}} of a value to another thread." in fronts
    )
    assert not any("you’ll see" in front or "your terminal" in front for front in fronts), fronts


def test_what_a_named_type_lets_you_do_by_some_means_is_asked_with_the_means() -> None:
    text = (
        "Sometimes a value must be owned by several threads at once. "
        "You have to share such a value explicitly by using the Rust type Arc<T>. "
        "Via atomic counters, Arc<T> allows you to share data between several threads for reading only. "
        "If you forget to lock the mutex, your program will not compile."
    )
    result = generate_cards(
        _chunk(text), GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    )
    asked = {card.front: card.back for card in result.cards if card.kind is CardKind.BASIC}
    question = next(front for front in asked if "allow you to do via atomic counters?" in front)
    assert asked[question] == "Share data between several threads for reading only"
