"""A sentence opening on a condition whose subject an API reference's entry leaves out ("If set to a
positive integer less than 10, …", "If true, …") makes no card: set what, what is true?"""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.clean import leans_on_context
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

OPTIONS = GenerationOptions(max_cards=20, kinds=[CardKind.BASIC, CardKind.CLOZE])


def test_no_card_on_a_condition_without_its_subject() -> None:
    text = (
        "* `value` {number} The new default value in milliseconds.\n\n"
        "Sets the default value of the autoSelectFamilyAttemptTimeout option of sock.connect(options). "
        "If set to a positive integer less than 10, then the value 10 will be used instead."
    )
    source = SourceRef(heading=("Sock", "sock.setDefaultAttemptTimeout(value)"))
    chunk = Chunk(0, (Section(text, source),), heading=source.heading, title="Sock")
    fronts = [c.front for c in generate_cards(chunk, OPTIONS, None, language="en", density_per_1k=100).cards]
    assert not any(f.startswith("If set to") for f in fronts), fronts


def test_a_participle_sharing_the_main_subject_stands_alone() -> None:
    assert leans_on_context("If true, the socket is kept alive after the request.")
    assert leans_on_context("When set to false, the server closes idle sockets.")
    assert not leans_on_context("If omitted, the port defaults to 80 for every new server.")
    assert not leans_on_context("If the timeout expires, the server responds with status 408.")


def test_a_sentence_introducing_the_listing_after_it_leans_on_it() -> None:
    # "Following is an example of a client using the port and onread option." (Node's net page)
    assert leans_on_context("Following is an example of a client using the port and onread option.")
    assert leans_on_context("The following code creates a server that echoes every line it reads.")
    assert leans_on_context("Here is an example of a server listening on an abstract socket path.")
    assert not leans_on_context("Heredocs are read by the shell until the line that holds the delimiter.")
