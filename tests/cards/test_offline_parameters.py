"""A function's parameters under its signature are asked as its parameters, with the function named."""

from __future__ import annotations

from cards.offline.parameters import signature_of
from documents.model import SourceRef

from .sample import kept_cards

REFERENCE = (
    "pack frame\n"
    "int wire_pack_frame (const char * payload, size_t payload_len, [Function]\n"
    "unsigned char * out)\n"
    "payload: the bytes to wrap into one frame of the wire protocol.\n"
    "payload len: number of meaningful bytes in the payload buffer.\n"
    "out: buffer that receives the framed bytes, at least sixteen bytes longer."
)


def test_entries_named_in_the_signature_above_are_its_parameters() -> None:
    lead = REFERENCE.split("\npayload:")[0]
    function, signature = signature_of(lead, ["payload", "payload len", "out"])
    assert function == "wire_pack_frame"
    assert signature.startswith("int wire_pack_frame (const char * payload")
    assert signature.endswith("unsigned char * out)")


def test_entries_not_in_a_signature_are_not_parameters() -> None:
    assert signature_of("The following options are available:", ["--quiet", "--debug"]) == ("", "")
    # a call in the lead whose parentheses hold other names
    assert signature_of("int wire_close (int fd)", ["payload", "out"]) == ("", "")


def test_parameter_cards_name_their_function() -> None:
    ref = SourceRef(heading=("Reference", "Function reference"), lines=(1, 6))
    fronts = {c.front: c.back for c in kept_cards(REFERENCE, ref)}
    assert fronts["What is the “payload len” parameter of wire_pack_frame?"] == (
        "Number of meaningful bytes in the payload buffer"
    )
    assert not any("function?" in front for front in fronts)
