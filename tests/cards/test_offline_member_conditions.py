"""A condition about "the <thing>" under an API member's heading is asked in that member:
"In server.headersTimeout, what happens if the timeout expires?" (alone, "the timeout" is anyone's)."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.parameter_context import heading_member
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

OPTIONS = GenerationOptions(max_cards=20, kinds=[CardKind.BASIC, CardKind.CLOZE])


def _fronts(text: str, *heading: str) -> list[str]:
    section = Section(text, SourceRef(heading=heading))
    chunk = Chunk(0, (section,), heading=heading, title="Sock")
    return [c.front for c in generate_cards(chunk, OPTIONS, None, language="en", density_per_1k=100).cards]


def test_a_bare_condition_is_asked_in_the_member_its_heading_names() -> None:
    text = (
        "Limit the amount of time the parser will wait to receive the complete request headers. "
        "If the timeout expires, the server responds with status 408 and then closes the connection."
    )
    fronts = _fronts(text, "Sock", "Class: sock.Server", "server.headersTimeout")
    assert "In server.headersTimeout, what happens if the timeout expires?" in fronts, fronts


def test_the_event_a_heading_names_is_named_in_its_class() -> None:
    text = (
        "Emitted after end() is called. When the event is emitted, all data has been processed by the stream."
    )
    fronts = _fronts(text, "Sock", "Class: sock.Writer", "Event: 'prefinish'")
    assert "In sock.Writer, what happens when the 'prefinish' event is emitted?" in fronts, fronts


def test_a_condition_that_says_whose_thing_needs_no_member() -> None:
    heading = ("Sock", "server.maxConnections")
    assert heading_member(heading, "the number of connections reaches the threshold") is None
    assert heading_member(("Sock", "Sockets on Unix"), "the timeout expires") is None
    assert heading_member(("Sock", "sock.setTimeout(value)"), "the number is less than 10") == (
        "sock.setTimeout()",
        "the number is less than 10",
    )
