"""An API reference's "**Default:**" label is no term: "By {{default}}, the Server does not time out
sockets" asks for the word, not the fact (found on Node's http page)."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

OPTIONS = GenerationOptions(max_cards=20, kinds=[CardKind.BASIC, CardKind.CLOZE])

TEXT = (
    "* `msecs` {number} **Default:** 0 (no timeout)\n"
    "* `callback` {Function}\n"
    "* Returns: {sock.Server}\n\n"
    "Sets the timeout value for sockets, and emits a `'timeout'` event on\n"
    "the Server object, passing the socket as an argument, if a timeout\noccurs.\n\n"
    "By default, the Server does not timeout sockets. However, if a callback\n"
    "is assigned to the Server's `'timeout'` event, timeouts must be handled\nexplicitly."
)


def test_no_cloze_on_the_word_default() -> None:
    source = SourceRef(heading=("Sock", "Class: sock.Server", "server.setTimeout([msecs][, callback])"))
    chunk = Chunk(0, (Section(TEXT, source),), heading=source.heading, title="Sock")
    fronts = [c.front for c in generate_cards(chunk, OPTIONS, None, language="en", density_per_1k=100).cards]
    assert not any("::default" in f.casefold() for f in fronts), fronts
    assert (
        "In server.setTimeout(), what happens if a callback is assigned to the Server's 'timeout' event?"
        in fronts
    )
