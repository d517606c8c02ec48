"""What each function of an API reference does, from the first sentence of its entry."""

from __future__ import annotations

from cards.offline.parameters import is_signature
from documents.model import SourceRef

from .sample import kept_cards

REFERENCE = (
    "wire read field\n"
    "int wire_read_field (wire_node root, const char * name, [Function]\n"
    "void * value, int * len)\n"
    "root: pointer to a parsed frame.\n"
    "name: the name of the field inside the frame that you want to read.\n"
    "value: buffer that will receive the field's content, allocated by the caller\n"
    "(may be NULL ).\n"
    "len: number of bytes of value.\n"
    "Returns the value of one field of a parsed frame. If the field is optional and absent, len is\n"
    "set to zero.\n"
    "Returns: WIRE_SUCCESS if the value was read.\n"
    "wire parser\n"
    "int wire_parser (const char * spec, char * error_desc) [Function]\n"
    "spec: the path of the file that holds the protocol's declarations.\n"
    "error desc: receives the error description, or an empty string on success.\n"
    "Function used to start the parse algorithm. Creates the frames needed to read the declarations.\n"
    "Returns: WIRE_SUCCESS if the file has a correct syntax.\n"
    "wire free\n"
    "void wire_free (wire_node * frame) [Function]\n"
    "frame: the frame to free.\n"
    "Set the frame free and its fields with it. frame is NULL after the call.\n"
)
REF = SourceRef(heading=("Wire", "Frame functions"), lines=(1, 21))


def test_each_function_is_asked_what_it_does_from_its_entrys_first_sentence() -> None:
    fronts = {c.front: c.back for c in kept_cards(REFERENCE, REF)}
    read_field = fronts["What does the “wire_read_field” function do?"]
    assert read_field == "Returns the value of one field of a parsed frame"
    assert fronts["What is the “wire_parser” function used for?"] == "To start the parse algorithm"
    # an instruction said of the function; the next sentence, on a parameter, is not part of the answer
    assert fronts["What does the “wire_free” function do?"] == "Sets the frame free and its fields with it"
    # the parameters keep their own cards, after their function's
    assert "What is the “root” parameter of wire_read_field?" in fronts


def test_the_return_line_is_not_what_the_function_does() -> None:
    text = (
        "int wire_close (wire_node frame, int flags) [Function]\n"
        "frame: the frame to close.\n"
        "flags: how to close it, WIRE_NOW or WIRE_DRAIN.\n"
        "Returns: WIRE_SUCCESS if the frame was closed, WIRE_BUSY if it is still being read.\n"
    )
    assert not [c.front for c in kept_cards(text, REF) if "function" in c.front]


def test_a_call_in_prose_is_no_signature() -> None:
    assert is_signature("int wire_close (wire_node frame, int flags) [Function]")
    assert is_signature("size_t wire_frame_len (const char * payload, size_t n)")
    assert not is_signature("The length is converted (an int before version 2) and stored.")
    assert not is_signature("See wire_close (the frame is closed) for the flags.")
