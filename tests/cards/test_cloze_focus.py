"""A cloze blanks the sentence's fact: a stated limit or count, an exception, the term a sentence
names; never a span across a phrase boundary, a verb, a word in an aside, or an answer the sentence
gives beside its blank. Sentences written for these tests."""

from __future__ import annotations

from cards.focus import sentence_focus
from cards.offline.drafter import Drafter
from cards.offline.targets import targets
from cards.schema import CardKind, GenerationOptions
from cards.terms import target_problem
from documents.model import Section, SourceRef

from .sample import chunk, kept_cards


def problem(sentence: str, target: str) -> str:
    return target_problem(target, sentence, sentence.index(target), language="en")


# --- what a sentence states as its fact ---------------------------------------------------

LIMIT = "By default a Brindle queue will drop a message if more than 250 consumers are waiting for it."
EXCEPTION = "All Brindle commands except purge automatically retry a request that timed out."
NAMED = "Instead of being called a snapshot, a frozen Brindle queue is known as a tombstone."


def test_a_limit_an_exception_and_a_name_are_the_sentence_focus() -> None:
    assert (f := sentence_focus(LIMIT)) and (f.kind, f.phrase) == ("quantity", "250 consumers")
    assert (f := sentence_focus(EXCEPTION)) and (f.kind, f.phrase) == ("exception", "purge")
    # a count's noun may be a compound: "{{3 scalar types}}", not "{{3 scalar}} types"
    assert (
        f := sentence_focus("Brindle has at least 3 scalar types for keys.")
    ) and f.phrase == "3 scalar types"
    # the name the sentence gives, not the one it sets aside
    assert (f := sentence_focus(NAMED)) and (f.kind, f.phrase) == ("name", "tombstone")
    named = "The frozen queue soon acquired the name of dead letter box, and its owner was called a reaper."
    assert (f := sentence_focus(named)) and f.phrase == "dead letter box"
    assert sentence_focus("On each Brindle queue is written the name of the broker that owns it.") is None
    assert (f := sentence_focus("Messages are sent unless QUIET_MODE is set in the environment.")) and (
        f.phrase == "QUIET_MODE"
    )


def test_sentences_without_such_a_statement_have_no_focus() -> None:
    for sentence in (
        "A Brindle queue stores its messages in a journal on disk.",
        "The handler is called when the queue becomes empty.",  # a call, not a name
        "Brindle 2 was released in 2019 after a long beta.",  # a version and a year, no limit
        "All commands except purge and drain retry a request that timed out.",  # a set of exceptions
        "Ce serveur garde au plus 250 messages par file d'attente.",  # no English patterns in French
    ):
        assert sentence_focus(sentence, "fr" if sentence.startswith("Ce ") else "en") is None, sentence


def test_the_gate_refuses_another_blank_while_the_focus_is_shown() -> None:
    assert "figure '250 consumers'" in problem(LIMIT, "Brindle queue")
    assert problem(LIMIT, "250 consumers") == ""
    assert "exception 'purge'" in problem(EXCEPTION, "Brindle commands")
    assert problem(EXCEPTION, "purge") == ""
    assert "denies" in problem(NAMED, "snapshot")
    # a common word is still the fact when the sentence names it
    assert problem(NAMED, "tombstone") == ""
    moved = "Instead of being called a copy, handing a buffer to a thread is known as a move."
    assert problem(moved, "move") == ""
    assert "common word" in problem("The last step of the transfer is a quick move of the buffer.", "move")


def test_the_generator_blanks_the_focus_or_makes_no_cloze_of_the_sentence() -> None:
    text = (
        "Brindle is a message broker for small clusters of embedded devices. "
        f"{LIMIT} {EXCEPTION} {NAMED} "
        "The Brindle journal compacts its segments whenever the broker restarts."
    )
    cards = kept_cards(text, SourceRef(page=1, heading=("Brindle queues",)))
    clozes = [c.front for c in cards if c.kind is CardKind.CLOZE]
    for sentence, focus in ((LIMIT, "250 consumers"), (EXCEPTION, "purge"), (NAMED, "tombstone")):
        mine = [f for f in clozes if f.replace("{{c1::", "").replace("}}", "") == sentence]
        assert all(f"{{{{c1::{focus}}}}}" in f for f in mine), mine
    assert any("{{c1::250 consumers}}" in f for f in clozes), clozes
    assert any("{{c1::purge}}" in f for f in clozes), clozes


def test_a_stated_count_is_the_only_target_of_a_statement_not_of_a_fragment() -> None:
    def targets_of(sentence: str) -> list[str]:
        drafter = Drafter(chunk(Section(sentence, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
        return [t for _, t in targets(sentence, drafter, set(), set())]

    assert targets_of("A valid Brindle key may be made up of more than 4 segments.") == ["4 segments"]
    assert targets_of(LIMIT) == ["250 consumers"]
    # a fragment states nothing: its figure is no focus
    assert "12 segments" not in targets_of("More than 12 segments difference for each Brindle key.")


# --- where a blank may begin and end ------------------------------------------------------


def test_a_blank_never_crosses_a_phrase_boundary() -> None:
    # a plural noun and its verb
    assert "into its verb" in problem(
        "Longer prefixes result in fewer collisions, but slower lookups.", "prefixes result"
    )
    assert problem("Longer prefixes result in fewer collisions.", "fewer collisions") == ""
    # a verb after its plural subject, with or without its object
    strict = "All parsers reject trailing commas in the header of a manifest."
    assert "verb of 'parsers'" in problem(strict, "reject")
    assert "verb of 'parsers'" in problem(strict, "reject trailing")
    assert problem(strict, "trailing commas") == ""
    # a verb ending in -s is no plural subject: its object may be the blank
    assert problem("A tenancy in the national parks lasts one year at most.", "one year") == ""
    # a container and half of the compound after it
    sentence = "The scheduler reads the list of pending jobs and the queue of running tasks from the journal."
    assert "container" in problem(sentence, "list of pending")
    assert "cut from the phrase" in problem(
        "The broker keeps a log of rewriting operations in the journal.", "log of rewriting"
    )
    # a compound the text keeps using is a term even with a plural inside
    section = "Systems programming needs care. Systems programming is hard. We teach systems programming."
    assert (
        target_problem(
            "systems programming",
            "Rust was designed for systems programming on small devices.",
            35,
            language="en",
            section_text=section,
        )
        == ""
    )


def test_half_of_a_compound_the_text_keeps_using_is_no_blank() -> None:
    section = "The passage encoder maps text to vectors. We freeze the passage\nencoder after training."
    sentence = "Since the passage encoder is fixed, the index is built only once."
    start = sentence.index("encoder")
    assert "compound 'passage encoder'" in target_problem("encoder", sentence, start, section_text=section)
    # a pair the text uses once is no compound of its own
    once = "The passage encoder maps text to vectors. We freeze it after training."
    assert "compound" not in target_problem("encoder", sentence, start, section_text=once)


def test_a_verb_after_a_modal_or_to_with_an_adverb_is_no_term() -> None:
    assert "verb" in problem(
        "The installer makes it easy to temporarily deactivate the daemon.", "deactivate"
    )
    assert "verb" in problem("A paused queue cannot reroute its messages to another node.", "reroute")
    # a noun after "to" is fine: "refers to"
    assert "verb" not in problem(
        "The word journal refers to the segments a broker writes on disk.", "segments"
    )


def test_a_blank_never_ends_at_a_verb_before_its_count() -> None:
    sentence = (
        "Each frame in a Brindle spool header contains two checksums: one for the key and one for the body."
    )
    drafter = Drafter(chunk(Section(sentence, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    found = [t for _, t in targets(sentence, drafter, set(), set(), strict=False, loose=True)]
    assert not [t for t in found if t.endswith("contains")], found


def test_a_blank_from_a_relative_clauses_verb_into_its_subject_is_no_term() -> None:
    sentence = (
        "Brindle checks every header up front, which means operators have to fix bad messages before sending."
    )
    assert "relative clause" in problem(sentence, "means operators")
    # a noun phrase after "which" with no comma is a determiner's noun, not a verb
    assert "relative clause" not in problem("Brindle decides which queue holds a message.", "queue holds")


def test_a_word_in_an_aside_is_no_fact_of_the_sentence() -> None:
    sentence = "When a file changes (even in a way that alters which segments it reads) the index is rebuilt."
    assert "aside" in problem(sentence, "segments")
    # a short gloss in brackets is no aside, and a name given inside one is still the point
    assert "aside" not in problem("The broker's spool (a ring buffer) holds the newest messages.", "spool")
    assert "aside" not in problem(
        "Every broker keeps a small journal (a file also called the tombstone log) on disk.", "tombstone log"
    )


def test_an_answer_given_beside_its_blank_is_no_cloze() -> None:
    assert "beside it" in problem("The CHALUMEAU (shawm or reed pipe) was played at rustic feasts.", "shawm")
    assert "beside it" in problem("The carapace (or shell) protects the body of the tortoise.", "carapace")
    assert "beside it" in problem("The old court dances used a tabor (drum) to keep the beat.", "tabor")
    assert problem("The carapace protects the soft body of the tortoise from predators.", "carapace") == ""


def test_a_figure_said_twice_gives_itself_away() -> None:
    sentence = "Since there are 12 rules for writing, there are 12 anchor rules as well."
    assert "said again" in problem(sentence, "12")
    # the count is still the sentence's point: no other word is blanked in its place
    assert "said again" in problem(sentence, "12 rules")
    assert "figure '12 anchor rules'" in problem(sentence, "anchor rules")
    assert problem("There are 12 anchor rules for writing in the standard.", "12 anchor rules") == ""


def test_a_piece_of_a_path_is_no_blank() -> None:
    sentence = "Shared Brindle plugins are installed to /usr/local/lib/brindle/plugins by default."
    assert "part of a path" in problem(sentence, "lib")
    assert "part of a path" in problem("The TCP/IP stack of Brindle is written in C.", "TCP")
    # a word of the sentence away from the path is judged as any other, and so is the file or
    # folder a path ends in
    assert "part of a path" not in problem(sentence, "Shared Brindle plugins")
    last = target_problem("plugins", sentence, sentence.rindex("plugins"), language="en")
    assert "part of a path" not in last
