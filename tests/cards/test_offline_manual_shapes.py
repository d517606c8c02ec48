"""Shapes of reference manuals outside the corpus (valgrind, libtasn1, bzip2): what a strict reader
dropped in their offline decks, each pinned on a short passage of a made-up tool's manual."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.grounding import grounding_ratio
from cards.offline.clean import trim_answer
from cards.offline.definition_lists import says_little
from cards.offline.drafter import Drafter
from cards.offline.keyterms import cloze_sentence_ok
from cards.offline.rows import describe
from cards.offline.targets import targets
from cards.schema import CardDraft, CardKind, GenerationOptions
from cards.text import split_sentences
from documents.model import Chunk, Section, SourceRef

from .sample import chunk, kept_cards


def test_an_abbreviation_in_brackets_does_not_end_the_sentence() -> None:
    # "oidValue: value of the OID to search (e.g. "1.2.3.4")." was answered "Value of the OID to search (e.g"
    said = 'value of the kiln to search (e.g. "kiln-3"). The next sentence.'
    assert split_sentences(said) == ['value of the kiln to search (e.g. "kiln-3").', "The next sentence."]


def test_an_answer_cut_inside_a_name_keeps_the_clause_before_its_list() -> None:
    # a PDF line ended inside "ASN1_PRINT_ALL": "…, can be ASN1_PRINT_NAME , ASN1_"
    cut = "specify how much of the load to print, can be KILN_PRINT_NAME , KILN_"
    assert trim_answer(cut) == "specify how much of the load to print"


def test_a_heading_that_invokes_a_tool_names_the_tool() -> None:
    # "In Invoking asn1Coding, what is the output file?": the section is about asn1Coding
    text = "The output file is a binary file with the glaze table of every kiln load."
    ref = SourceRef(page=8, heading=("Kilnkit", "3 Utilities", "Invoking kilnGlazing"))
    fronts = [c.front for c in kept_cards(text, ref)]
    assert "In kilnGlazing, what is the output file?" in fronts, fronts
    # and in a document about something else ("libtasn1"): a name ending in -ing is no activity
    about = Chunk(
        index=0, sections=(Section(text, ref),), heading=ref.heading, title="Kilnkit", domain="kilnkit"
    )
    cards = generate_cards(
        about, GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    ).cards
    assert [c.front for c in cards] == ["In kilnGlazing, what is the output file?"]


def test_what_a_thing_should_consist_of_is_asked_with_its_modal() -> None:
    # "What do the complete DER encoding should consist of?" was the question of
    # "The complete DER encoding should consist of the value in tl appended with the provided str."
    text = "The complete glaze record should consist of the colour code followed by the firing temperature."
    fronts = [c.front for c in kept_cards(text, SourceRef(page=3, heading=("Kiln records",)))]
    assert "What should the complete glaze record consist of?" in fronts, fronts
    assert not any("What do" in f for f in fronts)


def test_a_parameter_its_signature_already_describes_makes_no_card() -> None:
    signature = "int kiln_copy_load (kiln_node dst, const char * dst_name, kiln_node src, unsigned flags); "
    assert says_little("pointer to a structure", signature + "dst: pointer to a structure", "en")
    assert says_little("additional flags", signature + "flags: additional flags", "en")
    assert says_little("field name in source node", signature + "src name: field name in source node", "en")
    assert not says_little(
        "pointer to an integer where the firing temperature will be stored", signature + "x: …", "en"
    )
    assert not says_little("the path of the file that will receive the glaze chart", signature + "x: …", "en")


def test_a_blank_never_runs_from_a_noun_into_the_verb_after_it() -> None:
    # "Searches for an element called {{name starting}} from pointer", "for {{uninitialised values
    # originating}} from a stack allocation", "Higher {{levels result}} in greater compression"
    sentences = [
        "For uninitialised values originating from a stack allocation, Memcheck can tell you which function "
        "allocated the value, but no more than that.",
        "Searches the kiln log for an entry called shelf starting from the given pointer.",
    ]
    for sentence in sentences:
        d = Drafter(chunk(Section(sentence, SourceRef(page=1))), GenerationOptions(max_cards=5), "en")
        drafted = targets(sentence, d, set(), set(), limit=10, strict=False, loose=True)
        found = [phrase for _, phrase in drafted]
        assert not [p for p in found if p.endswith(("originating", "starting"))], found
        assert "called" in sentence or "uninitialised values" in found, found


def test_a_name_defined_as_the_name_of_a_thing_is_asked_what_it_denotes() -> None:
    # faq.html: "What is Valgrind?" / "the name of the main entrance to Valhalla (…)"
    text = (
        "Keeping with the old theme, Kilnbrand was chosen. Kilnbrand is the name of the main gate "
        "of the old city (the Hall of Potters in Ostrava)."
    )
    cards = kept_cards(text, SourceRef(page=1, heading=("Kilnbrand FAQ", "Background")))
    pairs = [(c.front, c.back) for c in cards]
    assert (
        "What does the name “Kilnbrand” denote?",
        "the main gate of the old city (the Hall of Potters in Ostrava)",
    ) in pairs, pairs
    assert not any(f == "What is Kilnbrand?" for f, _ in pairs)


def test_a_sentence_whose_list_after_a_colon_was_lost_makes_no_cloze() -> None:
    # hg-manual: "… is therefore ignored during: Also new memory allocated during {{thread creation}} …"
    lost = (
        "All kiln activity (loads, glazes, firings) is therefore ignored during: Also new shelves added "
        "during kiln creation are untracked."
    )
    assert not cloze_sentence_ok(lost)
    kept = "The kiln keeps two logs: Firing logs record every temperature reached by the kiln."
    assert cloze_sentence_ok(kept)


def test_no_blank_starts_inside_an_option_name() -> None:
    # manual-core-adv: "… has no equivalent in the --{{trace-flags option}}."
    sentence = "The additional bit flag has no equivalent in the --glaze-flags option of the kilnbrand tool."
    d = Drafter(chunk(Section(sentence, SourceRef(page=1))), GenerationOptions(max_cards=5), "en")
    found = [
        p
        for _, p in targets(sentence, d, set(), set(), limit=10, strict=False, loose=True, any_sentence=True)
    ]
    assert found and not any(p.startswith("glaze") for p in found), found


def test_a_name_modifying_a_compound_the_text_keeps_using_is_no_blank() -> None:
    # mc-manual: "… can be used in the {{Valgrind}} gdbserver to list the addresses …"
    text = (
        "The Kilnbrand server answers monitor commands. The shelf numbers can be used in the Kilnbrand "
        "server to list the addresses of the cracked pots, because each pot is a record."
    )
    sentence = split_sentences(text)[1]
    d = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=5), "en")
    found = [
        p
        for _, p in targets(sentence, d, set(), set(), limit=10, strict=False, loose=True, any_sentence=True)
    ]
    assert "kilnbrand" not in [p.casefold() for p in found], found


def test_an_option_that_traces_is_said_to_trace() -> None:
    # drd-manual: "What does DRD’s “--trace-mutex” option do?" / "Trace all mutex activity"
    described = describe("Trace all kiln activity.", "option")
    assert described is not None and described.answer == "Traces all kiln activity"
    card = CardDraft(
        kind=CardKind.BASIC,
        front="What does Kilnbrand’s “--trace-kiln” option do?",
        back="Traces all kiln activity",
        source=SourceRef(page=1),
        source_span="Trace all kiln activity.",
    )
    assert grounding_ratio(card, "--trace-kiln=<yes|no> [default: no] Trace all kiln activity.") == 1.0
