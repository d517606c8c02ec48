"""A tutorial's general statements inside its "we" prose: restrictions ("X can only …", "X must …"),
what a term of the domain does ("The borrow checker ensures …") and an API entry's opening verb
("Prints to stderr with newline." under "console.error(…)"). Passages written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from cards.offline.api_entries import entry_summary, property_entry
from cards.offline.drafter import Drafter
from cards.offline.restrictions import restriction
from cards.offline.term_effects import term_effect
from cards.schema import GenerationOptions, SourceRef
from documents.model import Section

from .sample import chunk, drafted, kept_cards

RULES = (
    "Queues are the broker's unit of storage, and every queue has a name. "
    "Queue names are unique, and a handler’s signature lists its messages. "
    "Signatures are checked at startup. "
    "Queues can only hold messages of the same schema. "
    "However, the ? operator can only be used in handlers whose return type is a Result. "
    "You can only use impl Handler if you’re returning a single type. "
    "Handlers must have a parameter named ctx for their first parameter, so the broker can pass the context. "
    "Handlers are registered once. "
    "Handlers must not be confounded with queues. "
    "The user must restart the broker. "
    "This queue can only hold our test messages. "
    "Queues must be declared. "
    "Queue names must start with a letter. "
    "A broker must contain at least one queue, whether that’s a durable or a transient queue. "
    "In handler signatures, you must declare the type of each message. "
    "In this case, you must declare the queue. "
    "Each must have a handler."
)


def test_a_restriction_is_asked_with_its_only_in_the_answer() -> None:
    cards = {c.front: c.back for c in drafted(restriction, RULES)}
    assert cards == {
        "What can queues hold?": "Only messages of the same schema",
        "Where can the ? operator be used?": "Only in handlers whose return type is a Result",
        "When can you use impl Handler?": "Only if you’re returning a single type",
        "What must handlers have?": "A parameter named ctx for their first parameter",
        "What must queue names start with?": "A letter",
        "What must a broker contain?": "At least one queue",
        "In handler signatures, what must you declare?": "The type of each message",
    }  # not a negation, a person ("the user"), a pointer ("This queue …, our …") nor a bare copula


def test_a_restriction_card_passes_the_gate() -> None:
    fronts = [c.front for c in kept_cards(RULES, SourceRef(heading=("Brindle", "Queues")))]
    assert any(f.endswith("what can queues hold?") or f == "What can queues hold?" for f in fronts)


EFFECTS = (
    "Every message passes through the broker before it reaches a handler. "
    "The delivery checker ensures that any message is acknowledged only once. "
    "All handlers implement a trait named Handler that is defined in the broker crate. "
    "Handlers give you more flexibility to route messages, not just queues. "
    "Handlers handle all of that logic for you. "
    "Bach represents all the pent-up feeling of his age. "
    "The user handles the retries of our example. "
    "Handlers create a queue, so the broker can start."
)


def test_what_a_term_of_the_domain_does_is_asked() -> None:
    cards = {c.front: c.back for c in drafted(term_effect, EFFECTS)}
    assert cards == {
        "What does the delivery checker ensure?": "That any message is acknowledged only once",
        "What do all handlers implement?": "A trait named Handler that is defined in the broker crate",
        "What do handlers give you?": "More flexibility to route messages",
    }  # not "that logic" (a pointer), a person's name, nor "the user"


def test_a_short_object_is_no_card() -> None:
    fronts = {c.front for c in drafted(term_effect, EFFECTS)}
    assert "What do handlers create?" not in fronts  # "a queue": under three words says too little


def _entry(heading: str, text: str, extract: Callable[..., None] = entry_summary) -> list[tuple[str, str]]:
    drafter = Drafter(
        chunk(Section(text, SourceRef(heading=("Broker", heading)))), GenerationOptions(max_cards=40), "en"
    )
    section, prepared = drafter.prepared[0]
    extract(drafter, section, prepared)
    return [(c.card.front, c.card.back) for c in drafter.candidates]


def test_a_property_entry_is_asked_what_the_property_is() -> None:
    text = (
        "A `boolean` that is `true` if the queue is currently configured to deliver messages in order.\n\n"
        "This flag is always `false` when the broker starts."
    )
    assert _entry("queue.isOrdered", text, property_entry) == [
        (
            "What is queue.isOrdered?",
            "A boolean that is true if the queue is currently configured to deliver messages in order",
        )
    ]
    # the type first, then what it is, or what sets it
    assert _entry(
        "queue.channel", "{Object} A pipe representing the channel to the broker.", property_entry
    ) == [("What is queue.channel?", "A pipe representing the channel to the broker")]
    assert _entry(
        "queue.closed", "{boolean} Set to `true` after `queue.close()` is called.", property_entry
    ) == [("What is queue.closed?", "A boolean set to true after queue.close() is called")]


def test_a_property_entry_that_speaks_of_it_or_is_legacy_is_no_card() -> None:
    text = "{integer}\n\nThe queue.depth property indicates the number of messages waiting."
    assert _entry("queue.depth", text, property_entry) == []  # a sentence about it, its name in the answer
    legacy = (
        "Stability: 3 - Legacy: Use queue.target instead.\n\nType: {Queue} The queue the message was sent to."
    )
    assert _entry("message.srcQueue", legacy, property_entry) == []
    assert (
        _entry("queue.open()", "A boolean that is true once the queue is open.", property_entry) == []
    )  # a call


def test_a_property_card_passes_the_gate_under_its_own_heading() -> None:
    text = "A `number` specifying how many messages the queue currently holds."
    kept = kept_cards(text, SourceRef(heading=("Broker", "Class: Queue", "queue.size")))
    assert ("What is queue.size?", "A number specifying how many messages the queue currently holds") in {
        (c.front.split(", ", 1)[-1][:1].upper() + c.front.split(", ", 1)[-1][1:], c.back) for c in kept
    }


def test_a_constructor_returning_its_own_type_is_no_card() -> None:
    text = "fd {number} A file descriptor.\nReturns {broker.Queue}\n\nCreates a Queue for fd on a broker."
    kept = kept_cards(text, SourceRef(heading=("Broker", "new broker.Queue(fd)")))
    assert not [c for c in kept if c.back.strip("{}") == "broker.Queue"]  # the answer is in the question


def test_an_api_entry_opening_with_a_verb_is_what_the_function_does() -> None:
    text = "data {any} ...args {any}\n\nPrints to stderr with newline. Multiple arguments can be passed."
    assert _entry("broker.warn([data][, ...args])", text) == [
        ("What does broker.warn() do?", "Prints to stderr with newline")
    ]


def test_an_alias_entry_asks_what_the_function_is_an_alias_for() -> None:
    text = "data {any}\n\nThe broker.info() function is an alias for broker.log()."
    expected = [("Which function is broker.info() an alias for?", "broker.log()")]
    assert _entry("broker.info([data])", text) == expected
    text = "name {string} fn {Function}\n\nAlias for broker.on(name, fn)."
    assert _entry("broker.addListener(name, fn)", text) == [
        ("Which function is broker.addListener() an alias for?", "broker.on()")
    ]


def test_an_entry_opening_otherwise_or_under_a_plain_heading_is_no_card() -> None:
    text = "label {string}\n\nTry to build a table from the rows. Falls back to logging the rows as they are."
    assert _entry("broker.table(rows)", text) == []  # the second sentence is no summary
    assert _entry("Delivery", "Prints to stderr with newline.") == []  # no function's heading
    assert _entry("broker.dir(obj)", "Colors are customizable in the options.") == []  # a noun and its verb


def test_a_code_name_that_needs_to_do_something_is_asked_what_it_needs_to_do() -> None:
    from cards.offline.reference import api_effect

    text = "The broker::open function needs to check the schema of every queue it opens."
    cards = {c.front: c.back for c in drafted(api_effect, text)}
    assert cards == {
        "What does the broker::open function need to do?": "Check the schema of every queue it opens"
    }  # not "What does … need to?"


def test_an_idiom_or_a_vague_object_is_no_card() -> None:
    text = (
        "Handlers are registered once, and every handler has a queue. "
        "The handler takes the place of the old consumer. "
        "Handlers contain certain elements which affect the broker."
    )
    assert drafted(term_effect, text) == []


def test_a_noun_capitalised_only_as_the_first_word_is_asked_in_lower_case() -> None:
    text = "A list can change after it is created. Lists can only be used as values, never as keys."
    cards = {c.front: c.back for c in drafted(restriction, text)}
    assert cards == {"What can lists be used as?": "Only values, never as keys"}


def test_a_property_answer_drops_the_type_markup_and_a_type_line_is_no_definition() -> None:
    text = "{number} The numeric file descriptor managed by the {Queue} object."
    assert _entry("queue.fd", text, property_entry) == [
        ("What is queue.fd?", "The numeric file descriptor managed by the Queue object")
    ]
    kept = kept_cards("Type {string} Either 'ipv4' or 'ipv6'.", SourceRef(heading=("Broker", "queue.family")))
    assert not [c for c in kept if "{" in c.back]  # the type's line, read as a definition


def test_a_property_answer_that_restates_its_name_is_no_card() -> None:
    text = "{integer} The numeric representation of the remote port."
    assert _entry("queue.remotePort", text, property_entry) == []  # "remote port": the question says it
    text = "{integer} The numeric representation of the port the broker listens on."
    assert _entry("queue.listenPort", text, property_entry) != []
