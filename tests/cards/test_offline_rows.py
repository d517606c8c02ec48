"""Rows of tables and definition lists asked as what the named tool, option or variable does or is."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.rows import describe, kind_in, third_person
from cards.schema import CardDraft, CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk


def _cards(*sections: Section) -> dict[str, CardDraft]:
    """The basic cards a job keeps from ``sections`` (offline, through the gate), by front."""
    options = GenerationOptions(max_cards=40)
    result = generate_cards(chunk(*sections), options, None, language="en", density_per_1k=100)
    return {c.front: c for c in result.cards if c.kind is CardKind.BASIC}


def _table(text: str, *heading: str) -> Section:
    return Section(text, SourceRef(page=1, heading=heading), kind="table")


def _body(text: str, *heading: str) -> Section:
    return Section(text, SourceRef(page=1, heading=heading))


KILN_TOOLS = (
    "schedule | print the firing schedule of a given kiln load.\n"
    "glaze | output a chart of the glaze colours used by every pot, in the format read by most printers.\n"
    "cool | the time the kiln needs to cool down after a firing"
)


def test_a_tool_table_asks_what_each_tool_does_named_by_the_heading() -> None:
    cards = _cards(_table(KILN_TOOLS, "Kiln manual", "Extra tools"))
    assert (
        cards["What does the “schedule” tool do?"].back == "Prints the firing schedule of a given kiln load"
    )
    assert cards["What does the “glaze” tool do?"].back.startswith("Outputs a chart of the glaze colours")
    assert cards["What is the “cool” tool?"].back == "The time the kiln needs to cool down after a firing"
    assert not [front for front in cards if "goes with" in front]


def test_the_line_leading_into_a_table_names_its_rows() -> None:
    lead = _body(
        "The kiln's controller accepts a few commands. The current commands are:", "Kiln manual", "Controls"
    )
    rows = _table(
        "vent | open the damper for a minute.\nhold | keep the present temperature.",
        "Kiln manual",
        "Controls",
    )
    cards = _cards(lead, rows)
    assert cards["What does the “vent” command do?"].back == "Opens the damper for a minute"
    assert cards["What does the “hold” command do?"].back == "Keeps the present temperature"


def test_a_header_names_the_kind_and_what_the_second_column_holds() -> None:
    described = _table(
        "Option | Description\n"
        "--bufsize | the size of the read buffer in kilobytes\n"
        "--fast | skip the slow glaze check",
        "Kiln manual",
        "Running the kiln",
    )
    cards = _cards(described)
    assert cards["What is the “--bufsize” option?"].back == "The size of the read buffer in kilobytes"
    assert cards["What does the “--fast” option do?"].back == "Skips the slow glaze check"
    defaults = _cards(
        _table(
            "Setting | Default\nmax_heat | twelve hundred degrees\nmin_heat | six hundred degrees",
            "Kiln manual",
            "Limits",
        )
    )
    assert (
        cards and defaults["What is the default of the “max_heat” setting?"].back == "Twelve hundred degrees"
    )


def test_a_plural_header_is_asked_in_the_plural() -> None:
    # "What is the properties of …" is no English: a header naming several things takes "are"
    cards = _cards(
        _table(
            "Setting | Properties\nmax_heat | the ceiling and the ramp rate\n"
            "min_heat | the floor and the hold time",
            "Kiln manual",
            "Limits",
        )
    )
    assert cards["What are the properties of the “max_heat” setting?"].back == "The ceiling and the ramp rate"
    assert not [front for front in cards if front.startswith("What is the properties")]


def test_a_description_that_says_neither_what_it_does_nor_is_makes_no_row_question() -> None:
    notes = _table(
        "Stoneware | Rarely before the second firing, and never when the kiln is damp\n"
        "Porcelain | Sometimes during the third hour, if the vents are closed",
        "Kiln manual",
        "Cracking",
    )
    assert not _cards(notes)


def test_a_short_value_still_pairs_with_its_name_under_the_heading() -> None:
    cards = _cards(
        _table("Stoneware | cone ten\nEarthenware | cone four", "Kiln manual", "Firing temperatures")
    )
    assert cards["In “Firing temperatures”, what goes with “Stoneware”?"].back == "cone ten"


def test_a_definition_list_of_variables_asks_what_each_is_used_for() -> None:
    listed = _body(
        "The kiln reads these environment variables when it starts:\n"
        "KILN_LOG: is used to print the detailed firing log. see Debugging Kilns section for more details.\n"
        "KILN_HOME: is used to override the default directory of firing schedules.",
        "Kiln manual",
        "Environment variables",
    )
    cards = _cards(listed)
    assert (
        cards["What is the “KILN_LOG” environment variable used for?"].back
        == "To print the detailed firing log"
    )
    assert cards["What is the “KILN_HOME” environment variable used for?"].back == (
        "To override the default directory of firing schedules"
    )


def test_option_names_say_their_kind_without_a_heading_that_does() -> None:
    listed = _body(
        "--glaze=COLOUR: Specify COLOUR as the glaze of every pot in the load.\n"
        "--dry-run: print the firing schedule and stop before the burners light.\n"
        "Note: the kiln remembers the last glaze it used.",
        "Kiln manual",
        "Firing",
    )
    cards = _cards(listed)
    assert cards["What does the “--glaze” option do?"].back == (
        "Specifies COLOUR as the glaze of every pot in the load"
    )
    assert cards["What does the “--dry-run” option do?"].back == (
        "Prints the firing schedule and stops before the burners light"
    )
    assert not [front for front in cards if "Note" in front]


def test_options_under_a_heading_that_names_their_tool_are_asked_as_that_tools() -> None:
    # "In Valgrind, what does the “--cmd-time-out” option do?" under "3.2.9. vgdb command line
    # options": a strict reader asks which tool's (found in Valgrind's advanced-topics manual)
    listed = _body(
        "--kiln-port=<number>: Gives the port on which kilnctl listens for the controller.\n"
        "--cool-down=<minutes>: Sets the number of minutes kilnctl waits before opening the door.",
        "Pottery guide",
        "4.2. kilnctl command line options",
    )
    cards = _cards(listed)
    assert "What does kilnctl’s “--kiln-port” option do?" in cards, list(cards)
    assert "What does kilnctl’s “--cool-down” option do?" in cards
    plain = _body(listed.text, "Pottery guide", "4.2. Other options")  # a word of everyday language
    assert "What does the “--kiln-port” option do?" in _cards(plain)


def test_a_section_number_or_a_word_only_the_heading_has_owns_no_options() -> None:
    # bzip2's "2.4. OPTIONS" asked "In bzip2, what does 2.4.’s “--stdout” option do?"; libtasn1's
    # "Auxilliary functions" asked "What does Auxilliary’s “asn1_check_version” function do?"
    text = (
        "--kiln-port=<number>: Gives the port on which the controller listens for the kiln.\n"
        "--cool-down=<minutes>: Sets the number of minutes to wait before opening the door."
    )
    numbered = _cards(_body(text, "Pottery guide", "2.4. OPTIONS"))
    assert "What does the “--kiln-port” option do?" in numbered, list(numbered)
    qualified = _cards(_body(text, "Pottery guide", "Auxilliary options"))
    assert "What does the “--cool-down” option do?" in qualified, list(qualified)


def test_the_options_every_command_has_make_no_card() -> None:
    # "--help: Show the help message", "--version: Show the version number" (found in the blind
    # reading of the Massif manual): the description only repeats the name
    listed = _body(
        "--glaze=COLOUR: Specify COLOUR as the glaze of every pot in the load.\n"
        "--help: Show the help message.\n"
        "--version: Show the version number.",
        "Kiln manual",
        "Firing",
    )
    cards = _cards(listed)
    assert "What does the “--glaze” option do?" in cards
    assert not [front for front in cards if "--help" in front or "--version" in front], list(cards)


def test_a_glossary_of_plain_terms_is_not_taken_for_an_option_list() -> None:
    glossary = _body(
        "Bisque: pottery fired once, without a glaze, before decoration.\n"
        "Grog: fired clay ground into a coarse powder and mixed into new clay.",
        "Kiln manual",
        "Firing",
    )
    fronts = list(_cards(glossary))
    assert "What is Bisque?" in fronts
    assert not [front for front in fronts if "“" in front]


def test_description_shapes() -> None:
    said = describe("dump the inputs and list the outputs of a target.")
    assert (
        said is not None
        and said.shape == "does"
        and said.answer == "Dumps the inputs and lists the outputs of a target"
    )
    returned = describe("Returns the size of the buffer")
    assert returned is not None and returned.answer == "Returns the size of the buffer"
    number = describe("Number of jobs to run in parallel")
    assert number is not None and number.shape == "is"
    condition = describe("When generating the history, add a note to each commit message.")
    assert (
        condition is not None
        and condition.answer == "When generating the history, adds a note to each commit message"
    )
    assert describe("Tools for building the kiln schedule") is None
    assert describe("Rarely before the second firing") is None
    # an adverb first is no instruction: libtasn1's "initially the size of der" gave "Initiallies …"
    initially = describe("initially the size of the kiln; will hold the final size")
    assert initially is None or not initially.answer.startswith("Initiallies")


def test_kinds_and_verbs() -> None:
    assert kind_in("Extra tools", plural=True) == "tool"
    assert kind_in("Environment variables", plural=True) == "environment variable"
    assert kind_in("OPTIONS FOR 'split' (ALSO: 'push')", plural=True) == "option"
    assert kind_in("The tool", plural=True) == ""
    assert kind_in("Running the kiln", plural=True) == ""
    assert [third_person(v) for v in ("dump", "match", "copy", "be", "Output", "go")] == [
        "dumps", "matches", "copies", "is", "Outputs", "goes",
    ]  # fmt: skip


def test_a_code_that_indicates_something_is_asked_what_it_indicates() -> None:
    codes = _table(
        "Constant | Description\n"
        "ECRACK | Indicates that a pot broke in the kiln.\n"
        "EDAMP | Indicates that the clay was too damp to fire.",
        "Kiln API",
        "Error constants",
    )
    cards = _cards(codes)
    assert cards["What does the “ECRACK” constant indicate?"].back == "That a pot broke in the kiln"
    assert not [front for front in cards if front.endswith("do?")]


def test_an_option_is_named_by_its_long_form_without_its_values() -> None:
    listed = _body(
        "The kiln accepts these programs:\n"
        "-f --force: Start the firing even when the kiln is still warm.\n"
        "--vents=open|shut: Enable or disable the vents during the firing.",
        "Kiln manual",
        "Starting",
    )
    cards = _cards(listed)
    assert cards["What does the “--force” option do?"].back == (
        "Starts the firing even when the kiln is still warm"
    )
    assert "What does the “--vents” option do?" in cards
    assert not [front for front in cards if "program" in front or "-f --force" in front or "=" in front]


def test_a_table_under_a_functions_signature_is_asked_with_the_function() -> None:
    # "What are the properties of 'AAAA'?": of what? the function the section's heading declares
    cards = _cards(
        _table(
            "Type | Properties\n'A' | the address and the time to live\n'NS' | the name of the server",
            "Kiln API",
            "kiln.resolveAny(host, callback)",
        )
    )
    assert cards["In kiln.resolveAny(), what are the properties of “'A'”?"].back == (
        "The address and the time to live"
    )
    assert not [front for front in cards if not front.startswith("In kiln.resolveAny(), ")]


def test_an_options_default_given_before_its_colon_is_asked() -> None:
    # valgrind's "--leak-check=<no|summary|yes|full> [default: summary]: When enabled, …": the entry
    # was cut at the default's colon and made no card; each default is a value a user keeps
    listed = _body(
        "--kiln-mode=<bisque|glaze|raku|salt> [default: bisque]: Selects the firing program kilnctl "
        "runs for the load.\n"
        "--cool-rate=<number> [default: 120]: Sets how many degrees per hour the kiln cools after firing.\n"
        "--vent=<number> [default: 120]: Sets how many minutes the damper stays open after firing.",
        "Kiln manual",
        "4.3. kilnctl command-line options",
    )
    cards = _cards(listed)
    option = "kilnctl’s “{}” command-line option"
    assert cards[f"What is the default of {option.format('--kiln-mode')}?"].back == "bisque", list(cards)
    assert f"What does {option.format('--kiln-mode')} do?" in cards
    # two options with the same default are two cards, not duplicates
    assert cards[f"What is the default of {option.format('--cool-rate')}?"].back == "120"
    assert cards[f"What is the default of {option.format('--vent')}?"].back == "120"


def test_an_option_described_only_by_its_own_words_makes_no_card() -> None:
    # DRD's "--segment-merging=<yes|no> [default: yes]: Controls segment merging." gave "What does
    # DRD’s “--segment-merging” command-line option do?" / "Controls segment merging"
    listed = _body(
        "--kiln-venting=<yes|no>: Controls kiln venting.\n"
        "--cool-rate=<number>: Sets how many degrees per hour the kiln cools after firing.",
        "Kiln manual",
        "Options",
    )
    fronts = list(_cards(listed))
    assert "What does the “--cool-rate” option do?" in fronts, fronts
    assert not [front for front in fronts if "--kiln-venting" in front], fronts


def test_advice_on_using_an_option_is_not_what_it_does_and_an_option_is_no_tool() -> None:
    # valgrind's core manual: "--vgdb-error=<number> [default: 999999999]: Use this option when the
    # Valgrind gdbserver is enabled …" gave "… do?" / "Uses this option when …"; and "--fullpath-after"
    # under a heading of tools was asked as "the “--fullpath-after” tool"
    assert describe("Use this option when the kiln controller is enabled with --remote=yes.") is None
    listed = _body(
        "--cool-rate=<number> [default: 120]: Sets how many degrees per hour the kiln cools after firing.\n"
        "--vent=<number> [default: 30]: Sets how many minutes the damper stays open after firing.",
        "Kiln manual",
        "Extra tools",
    )
    fronts = list(_cards(listed))
    assert "What is the default of the “--vent” option?" in fronts, fronts
    assert not [front for front in fronts if "tool" in front], fronts
    # a description that names its own entry ("The --fair-sched option controls …") asks nothing new
    named = _body(
        "--fire-sched=<no|yes> [default: no]: The --fire-sched option controls how loads share the kiln.\n"
        "--vent=<number> [default: 30]: Sets how many minutes the damper stays open after firing.",
        "Kiln manual",
        "Options",
    )
    assert not [f for f in _cards(named) if "--fire-sched" in f and not f.startswith("What is the default")]


def test_the_options_of_a_page_about_one_command_name_the_command() -> None:
    # GNU time's manual, titled "Time", said "What does the “--format” option do?" (of which command?)
    prose = _body(
        "The kilnfire command runs a firing and reports what it used. The kilnfire command prints its "
        "report after the program command ends.",
        "Kilnfire",
        "1 Measuring firings",
    )
    options = _table(
        "Option | Description\n--fast | skip the slow glaze check\n--quiet | print nothing after the firing",
        "Kilnfire",
        "1 Measuring firings",
        "1.1 Setting the output",
    )
    cards = _cards(prose, options)
    assert cards["What does the kilnfire command’s “--fast” option do?"].back == "Skips the slow glaze check"
    # a command the top heading does not name is no owner
    other = _cards(
        _body(prose.text, "Measuring firings", "1 Kilnfire"),
        _table(options.text, "Measuring firings", "1 Kilnfire", "1.1 Setting the output"),
    )
    assert "What does the “--fast” option do?" in other, list(other)
