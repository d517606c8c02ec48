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


def test_a_description_wrapped_over_two_lines_keeps_the_run_under_its_signature() -> None:
    # A PDF wraps a long description; the wrapped part used to end the run, and the entries after it
    # were asked as functions of the heading ("What does the “frame_name” function do?").
    text = (
        "int wire_dump_frames (const char * capture_file, const char * array_file, [Function]\n"
        "const char * frame_name, char * error_desc)\n"
        "capture file: the path and the name of the file that holds the captured frames.\n"
        "array file: the path and the name of the file that will receive the C array\n"
        "definition.\n"
        "frame name: the name given to the C array in the generated file.\n"
        "error desc: receives the error description, or an empty string on success."
    )
    ref = SourceRef(heading=("Wire", "Frame functions"), lines=(1, 7))
    fronts = {c.front: c.back for c in kept_cards(text, ref)}
    array_file = fronts["What is the “array file” parameter of wire_dump_frames?"]
    assert array_file.endswith("the C array definition")
    assert "What is the “frame name” parameter of wire_dump_frames?" in fronts
    assert not any("function" in front for front in fronts)


def test_what_a_parameter_may_hold_is_not_a_list_of_the_headings_functions() -> None:
    # The run lists the kinds of value one parameter may hold, after the function's signature: the
    # heading "Field functions" does not make "UTCTime" or "BOOLEAN" a function.
    text = (
        "int wire_read_field (wire_node root, const char * name, void * value, int * len)\n"
        "Reads one field of a parsed frame into value, in the form its type gives.\n"
        "INTEGER: the value in two's complement form, most significant byte first.\n"
        "BOOLEAN: the null terminated string TRUE or FALSE, five or six bytes long.\n"
        "UTCTime: the null terminated time string in the form YYMMDDhhmmssZ, always.\n"
    )
    ref = SourceRef(heading=("Wire", "Field functions"), lines=(1, 6))
    functions = [c.front for c in kept_cards(text, ref) if "function" in c.front]
    assert functions == ["What does the “wire_read_field” function do?"]  # the one function here


def test_names_no_function_has_are_not_the_headings_functions() -> None:
    # A chunk that starts inside a function's documentation: its parameters' names, "frame len" as a
    # PDF shows "frame_len", are no functions even though the heading lists functions.
    text = (
        "frame len: number of bytes of the frame, from frame[0] to frame[len-1].\n"
        "start: the position of the first byte of the element in the frame.\n"
        "end: the position of the last byte of the element in the frame."
    )
    ref = SourceRef(heading=("Wire", "Decoding functions"), lines=(1, 3))
    assert not [c.front for c in kept_cards(text, ref) if "function" in c.front]


def test_a_sentence_after_a_colon_is_not_a_definition_of_the_label() -> None:
    # "What is UTCTime?" → "VALUE must be a null terminated string …": what a value of that type must
    # be, not what the term is; a phrase after the colon still defines it.
    text = (
        "Field types\n\n"
        "Timestamp: VALUE must be a null terminated string in one of the formats below.\n"
        "Checksum: a number computed over the frame's bytes to detect transmission errors."
    )
    fronts = {c.front for c in kept_cards(text, SourceRef(heading=("Wire", "Field types"), lines=(1, 4)))}
    assert not [f for f in fronts if "Timestamp" in f]
    assert "What is Checksum?" in fronts or any("Checksum" in f for f in fronts)


def test_a_noun_that_is_also_a_verb_is_not_said_as_an_action() -> None:
    # "vector that will contain …" was answered "Vectors that will contain …", "output variable
    # containing …" as "Outputs variable containing …": what the parameter is, not what it does.
    text = (
        "int wire_get_tag (const unsigned char * frame, int frame_len, int * cls, long * tag) [Function]\n"
        "frame: vector that contains the encoded frame.\n"
        "frame len: number of bytes of the frame.\n"
        "cls: output variable containing the decoded class.\n"
        "tag: output variable containing the decoded tag number."
    )
    fronts = {
        c.front: c.back for c in kept_cards(text, SourceRef(heading=("Wire", "Decoding"), lines=(1, 5)))
    }
    frame, cls = (
        "What is the “frame” parameter of wire_get_tag?",
        "What is the “cls” parameter of wire_get_tag?",
    )
    assert fronts[frame] == "Vector that contains the encoded frame"
    assert fronts[cls] == "Output variable containing the decoded class"
