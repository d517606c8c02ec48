"""Reference prose: what a named API returns, creates or contains, asked of its name."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.clean import complete_sentence
from cards.offline.reference import api_name
from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk

OPTIONS = GenerationOptions(max_cards=40)


def _asked(*sections: tuple[tuple[str, ...], str]) -> dict[str, str]:
    """The question cards a job keeps from ``sections`` (heading path, text), through the gate."""
    parts = [Section(text, SourceRef(heading=heading)) for heading, text in sections]
    result = generate_cards(chunk(*parts), OPTIONS, None, language="en", density_per_1k=100)
    return {c.front: c.back for c in result.cards if c.kind is CardKind.BASIC}


def test_returns_under_an_api_heading_asks_what_the_api_returns() -> None:
    asked = _asked(
        (
            ("Weather", "weather.forecastHours()"),
            "Returns an array of hourly forecasts for the configured station, "
            "so if no station is configured the array is empty.",
        ),
        (("Weather", "weather.units"), "Contains the measurement units used by every reading of the module."),
    )
    # the effect is the answer, cut before its consequence clause
    assert asked["What does weather.forecastHours() return?"] == (
        "An array of hourly forecasts for the configured station"
    )
    units = asked["What does weather.units contain?"]
    assert units == "The measurement units used by every reading of the module"


def test_a_named_function_that_returns_is_asked_by_its_name() -> None:
    asked = _asked(
        (
            ("Queues",),
            "The queue::bounded function returns a pair of handles for the producer and the consumer. "
            "The push method returns a Ticket value when the queue accepts the item. "
            "Each push method call blocks while the queue is full.",
        )
    )
    assert asked["What does the queue::bounded function return?"] == (
        "A pair of handles for the producer and the consumer"
    )
    assert asked["What does the push method return?"] == "A Ticket value"


def test_no_returns_question_without_an_api_name() -> None:
    asked = _asked(
        (("Weather", "Forecasts"), "Returns an array of hourly forecasts for the configured station."),
        (
            ("Weather",),
            "The first function returns a list of stations near the coast. "
            "The function returns an array of hourly forecasts for the station. "
            "Weather.forecastHours() returns it without any change to the stored readings.",
        ),
    )
    assert not [q for q in asked if q.startswith("What does")]


def test_an_api_name_is_written_as_code() -> None:
    assert api_name("os.cpus()") == "os.cpus()"
    assert api_name("mpsc::channel") == "mpsc::channel"
    assert api_name("`unwrap_or_else`") == "unwrap_or_else"
    assert api_name("os.getPriority([pid])") == "os.getPriority([pid])"
    assert api_name("Forecasts") == ""
    assert api_name("Message Passing") == ""
    assert api_name("Returns: {string}") == ""


def test_a_tutorial_instruction_asks_which_command_variable_or_function_reaches_the_goal() -> None:
    asked = _asked(
        (
            ("Kiln",),
            "To list every firing schedule on the controller, run kilnctl schedules --all. "
            "You can stop the fan from cooling the chamber by setting the KILN_FAN_HOLD environment "
            "variable. We open a serial connection using the serial::open_port function; its "
            "baud rate comes next.",
        )
    )
    assert asked["Which command is run to list every firing schedule on the controller?"] == (
        "kilnctl schedules --all"
    )
    assert asked["Which environment variable is set to stop the fan from cooling the chamber?"] == (
        "KILN_FAN_HOLD"
    )
    assert asked["Which function is used to open a serial connection?"] == "serial::open_port"


def test_no_instruction_question_without_a_name_or_with_the_reader_in_the_goal() -> None:
    asked = _asked(
        (
            ("Kiln",),
            "To list every firing schedule on the controller, run the report again. "
            "To enter a shell that lets you test the controller, run kilnctl shell. "
            "To refresh the schedules, run kilnctl fetch, then restart the controller. "
            "You can stop the fan from cooling the chamber by using the switch on the side. "
            "We open a serial connection using the cable that came with the kiln.",
        )
    )
    assert not [q for q in asked if q.startswith("Which")]


def test_what_a_name_written_as_code_does_is_asked_of_it() -> None:
    asked = _asked(
        (
            ("Kiln settings",),
            "KILN_CONE_TABLE overrides the default table of cone temperatures used by every schedule. "
            "RampHold applies to segments that hold the chamber at a fixed temperature. "
            "KILN_EXTRA_OPTS lets you pass additional options to the controller firmware.",
        )
    )
    assert asked["What does KILN_CONE_TABLE override?"] == (
        "The default table of cone temperatures used by every schedule"
    )
    assert asked["What does RampHold apply to?"] == "Segments that hold the chamber at a fixed temperature"
    assert (
        asked["What does KILN_EXTRA_OPTS let you do?"] == "Pass additional options to the controller firmware"
    )


def test_no_question_on_what_a_plain_word_does() -> None:
    asked = _asked(
        (
            ("Kiln settings",),
            "Glazing overrides the default table of cone temperatures used by every schedule. "
            "Cone applies to segments that hold the chamber at a fixed temperature. "
            "KILN_EXTRA_OPTS lets you down when the firmware is old. "
            "KILN_FAN_HOLD settings are kept in the controller between firings. "
            "The firmware packs each schedule into a compact record. "
            "Kiln.unpack() reverses the packing, wrapping the same record back into a new Schedule object.",
        )
    )
    assert not [q for q in asked if q.startswith("What does")]


def test_a_goal_then_the_name_that_reaches_it_is_a_question() -> None:
    asked = _asked(
        (
            ("Kiln",),
            "To open a serial connection, we call the serial::open_port function with the port name. "
            "To keep firing schedules portable, Kilnware’s schedule format provides a plain-text export.",
        )
    )
    assert asked["Which function is called to open a serial connection?"] == "serial::open_port"
    assert asked["What does Kilnware’s schedule format provide to keep firing schedules portable?"] == (
        "A plain-text export"
    )


def test_no_question_on_a_goal_reached_by_an_unnamed_thing() -> None:
    asked = _asked(
        (
            ("Kiln",),
            "To open a serial connection, we call the helper we wrote earlier. "
            "To keep firing schedules portable, the format provides a plain-text export. "
            "To make it portable, Kilnware provides a plain-text export.",
        )
    )
    assert not [q for q in asked if q.startswith(("Which", "What does"))]


def test_what_a_named_function_does_is_asked_of_it_and_its_clause_is_cut() -> None:
    asked = _asked(
        (
            ("Kiln",),
            "The drain_queue function writes every pending reading to the log file, and when the log is "
            "full the oldest readings are dropped. Call drain_queue before the kiln shuts down.",
        )
    )
    assert asked["What does the drain_queue function write?"] == "Every pending reading to the log file"


def test_no_question_on_what_an_unnamed_function_does() -> None:
    asked = _asked(
        (
            ("Kiln",),
            "The first function writes every pending reading to the log file. "
            "The helper function writes every pending reading to the log file.",
        )
    )
    assert not [q for q in asked if q.startswith("What does")]


def test_a_plural_noun_before_its_participle_is_no_verb_and_an_answer_stops_at_a_new_clause() -> None:
    asked = _asked(
        (
            ("Kiln processes",),
            "Kiln.js processes launched with a custom firmware path will talk to the controller over a pipe. "
            "Kiln.js installs signal handlers for SIGINT and SIGTERM and Kiln.js processes will not stop "
            "at once on those signals.",
        )
    )
    assert "What does Kiln.js process?" not in asked  # "processes launched with …": a noun
    assert asked["What does Kiln.js install?"] == "Signal handlers for SIGINT and SIGTERM"


def test_a_program_named_in_lower_case_says_what_it_does() -> None:
    # "asn1Parser reads …" starts in lower case with the program's own name (a digit and a capital
    # inside), not a fragment; two actions joined by "and" are asked as what it does, whole.
    asked = _asked(
        (
            ("Wirelib", "Utilities"),
            "wire2Parser reads a single file with frame declarations and generates a C file with an array "
            "of them. wireCoder generates a binary encoding from a file with frame declarations.",
        )
    )
    assert asked["What does wire2Parser do?"] == (
        "Reads a single file with frame declarations and generates a C file with an array of them"
    )
    assert asked["What does wireCoder generate?"] == "A binary encoding from a file with frame declarations"
    assert api_name("wire2Parser") == "wire2Parser"


def test_a_sentence_may_start_with_an_identifiers_own_lower_case() -> None:
    # a cloze may be made of it; a lower-case word of prose still starts a fragment
    assert complete_sentence("wire2Parser reads a single file with frame declarations.")
    assert complete_sentence("pthread_create starts a new thread in the calling process.")
    assert not complete_sentence("and generates a C file with an array of them.")


def test_the_readers_wish_and_the_command_with_its_flag_that_grants_it() -> None:
    asked = _asked(
        (
            ("Kiln", "Running Firings"),
            "If you want to fire all queued pieces whether they are glazed or not, you can run "
            "kilnctl fire -- --include-unglazed. If we want to cool the chamber, we can use a fan.",
        )
    )
    # the tool is named in the question: "the queued pieces" of which program?
    assert asked[
        "Which kilnctl command is run to fire all queued pieces whether they are glazed or not?"
    ] == ("kilnctl fire -- --include-unglazed")
    assert not any("cool the chamber" in q for q in asked)  # "a fan" is no command to learn


def test_a_flag_given_with_its_value_is_the_answer() -> None:
    asked = _asked(
        (
            ("Kiln", "Controllers"),
            "You can also fire the pieces of one particular controller from the workshop terminal "
            "by using the -c flag and specifying the name of the controller.",
        )
    )
    question = (
        "Which flag is used to fire the pieces of one particular controller from the workshop terminal?"
    )
    assert asked[question] == "-c"
