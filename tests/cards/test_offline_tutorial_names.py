"""A tutorial's terms named in passing ("a construct called match that …") and the moment a named
event fires ("The 'exit' event is emitted after …"). Passages written for these tests."""

from __future__ import annotations

from cards.offline.called_kinds import called_kind
from cards.offline.emitted_when import emitted_when
from cards.schema import SourceRef

from .sample import drafted, kept_cards

CALLED = (
    "Brindle has a lightweight scheduling primitive called fiber that runs a task cooperatively "
    "on one thread. "
    "By default, Brindle uses a checksum called Adler32 that can detect most accidental changes "
    "to a message. "
    "We represent each order with a struct that has a field named items that holds the order lines. "
    "For a queue named inbox that is shared, the broker keeps one lock. "
    "Every queue has a special API for this called drain that takes the queue you want to empty. "
    "All handlers implement a trait named Handler that is defined in the standard library."
)


def test_a_name_given_with_its_kind_and_what_it_does_is_asked_as_a_definition() -> None:
    cards = {c.front: c.back for c in drafted(called_kind, CALLED)}
    # "fiber" is asked only with what it belongs to (a heading or the subject: next test)
    assert cards == {"What is Adler32?": "A checksum that can detect most accidental changes to a message"}


def test_a_called_kind_card_passes_the_gate() -> None:
    fronts = [c.front for c in kept_cards(CALLED, SourceRef(page=1, heading=("Scheduling",)))]
    assert "In Scheduling, what is fiber?" in fronts


EVENTS = (
    "The 'drained' event is emitted after the last message of the queue has been acknowledged. "
    "The 'ready' event is not emitted when the broker is already connected. "
    "The 'stall' event is emitted when this happens. "
    "The queue is emitted when the broker starts."
)


def test_the_moment_a_named_event_is_emitted_is_asked() -> None:
    cards = {c.front: c.back for c in drafted(emitted_when, EVENTS)}
    assert cards == {
        "When is the 'drained' event emitted?": "After the last message of the queue has been acknowledged"
    }


def test_under_a_class_heading_the_question_names_the_class() -> None:
    heading = ("Brindle", "Class: Queue", "Event: 'drained'")
    fronts = [c.front for c in kept_cards(EVENTS, SourceRef(heading=heading))]
    assert any("When is the Queue 'drained' event emitted?" in f for f in fronts)


# --- what a named trait lets a program do -------------------------------------------------------

TRAITS = (
    "The Render trait allows a widget to draw itself on any canvas so that you can mix widgets freely. "
    "The Cleanup trait allows you to customise the code that’s run when a widget leaves the screen. "
    "The Roman trait allows a sculptor to see the stone. "
    "Every widget implements Render and Cleanup."
)


def test_a_capitalised_name_said_to_be_a_trait_is_asked_what_it_allows() -> None:
    from cards.offline.reference import api_effect

    cards = {c.front: c.back for c in drafted(api_effect, TRAITS)}
    assert cards == {
        "What does the Render trait allow?": (
            "A widget to draw itself on any canvas so that you can mix widgets freely"
        ),
        # the "when" of a relative clause stays with it: not "Customise the code that’s run"
        "What does the Cleanup trait allow you to do?": (
            "Customise the code that’s run when a widget leaves the screen"
        ),
    }  # "Roman" is never named mid-sentence: no code name


def test_an_everyday_word_named_with_its_kind_is_not_asked_without_context() -> None:
    text = (
        "The options object may contain a boolean named persistent that tells whether the watcher "
        "keeps running."
    )
    assert drafted(called_kind, text) == []


# --- what a feature lets the reader do ----------------------------------------------------------

ABILITIES = (
    "Each broker keeps a few spools. "
    "Spools let us keep messages on disk when no consumer is connected. "
    "A routing table allows you to send a message to every queue whose key matches, which saves a lookup. "
    "The replay log enables you to rebuild a queue after a crash (not to be confused with the audit log). "
    "Brindle doesn’t allow us to rename a queue. "
    "Spools also let us compress old messages. "
    "Tuples let us add a bit of structure, and we’re now passing one argument."
)


def test_what_a_feature_lets_the_reader_do_is_asked_in_the_readers_voice() -> None:
    from cards.offline.abilities import ability

    cards = {c.front: c.back for c in drafted(ability, ABILITIES)}
    assert cards == {
        "What do spools let you do?": "Keep messages on disk when no consumer is connected",
        "What does a routing table allow you to do?": "Send a message to every queue whose key matches",
        "What does the replay log enable you to do?": "Rebuild a queue after a crash",
    }  # no negation, no second ability ("also"), no step of the example ("and we’re …")


def test_when_a_feature_is_useful_is_asked() -> None:
    from cards.offline.abilities import useful_when

    text = (
        "Each broker keeps its dead-letter queues on disk. "
        "Dead-letter queues are useful when you want to keep messages that no consumer could handle, "
        "and when retrying them would only fail again. "
        "Re-queueing is useful for messages whose consumer crashed, for instance after a restart. "
        "This is useful when the broker restarts."
    )
    cards = {c.front: c.back for c in drafted(useful_when, text)}
    assert cards == {
        "When are dead-letter queues useful?": "When you want to keep messages that no consumer could handle",
        "What is re-queueing useful for?": "Messages whose consumer crashed",
    }  # "This is useful …" names nothing
