"""A paper's "we"/"our" rewritten to name its subject, and measured comparisons asked as questions."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.offline.comparisons import (
    contrasted_rate,
    count_comparison,
    margin_comparison,
    measured_comparison,
)
from cards.offline.drafter import Drafter
from cards.offline.methods import method_questions
from cards.offline.papers import paper_subject, third_person
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

TITLE = "Sparse Graph Tokenizer for Low-Resource Parsing"
OPTIONS = GenerationOptions(max_cards=40, kinds=[CardKind.BASIC, CardKind.CLOZE])


def _chunk(text: str, title: str | None = TITLE) -> Chunk:
    heading = (title, "3 Method") if title else ("3 Method",)
    return Chunk(
        0, (Section(text, SourceRef(page=3, heading=heading)),), heading=heading, page_start=3, page_end=3
    )


# --- the paper's subject ----------------------------------------------------------------------


def test_the_subject_is_the_title_initials_the_text_uses() -> None:
    assert paper_subject(_chunk("The SGT tokenizer splits words into graph pieces.")) == "SGT"


def test_a_name_written_in_the_title_is_the_subject() -> None:
    chunk = _chunk("Our MorphNet layer reads the lattice.", title="MorphNet: Lattice Parsing for Everyone")
    assert paper_subject(chunk) == "MorphNet"


def test_no_subject_when_the_text_does_not_use_the_initials() -> None:
    assert paper_subject(_chunk("The tokenizer splits words into graph pieces.")) is None


def test_two_initials_are_no_subject() -> None:
    # "Federal Register" → "FR": too short to be a name the text is about ("85 FR 1234")
    chunk = _chunk(
        "We propose to amend the rule. FR notices are public.", title="Proposed Rules Federal Register"
    )
    assert paper_subject(chunk) is None


# --- "we" and "our" ---------------------------------------------------------------------------


def test_the_authors_voice_names_the_subject() -> None:
    assert (
        third_person("During training, we freeze the tokenizer and tune the parser.", "SGT")
        == "During training, the SGT authors freeze the tokenizer and tune the parser."
    )
    assert (
        third_person("Our best model uses two graph layers and one lattice layer.", "SGT")
        == "The SGT authors’ best model uses two graph layers and one lattice layer."
    )
    assert (
        third_person("In this paper, we train our parser on twelve treebanks.", "SGT")
        == "The SGT authors train their parser on twelve treebanks."
    )


def test_we_can_see_that_x_is_the_finding_x() -> None:
    assert (
        third_person("We can see that larger lattices lead to higher recall on every treebank.", "SGT")
        == "Larger lattices lead to higher recall on every treebank."
    )
    assert (
        third_person("We can see that our tagger is faster.", "SGT") == "The SGT authors’ tagger is faster."
    )


def test_the_possessive_before_the_subject_goes() -> None:
    assert (
        third_person("Our SGT tokenizer needs no dictionary.", "SGT")
        == "The SGT tokenizer needs no dictionary."
    )


def test_sentences_the_rewrite_leaves_alone() -> None:
    cases = [
        ("We freeze the tokenizer during training.", None),  # no subject known
        ("I think we freeze the tokenizer during training.", "SGT"),  # one author's voice
        ("The parser is slower compared to our 100-token windows.", "SGT"),  # "our" is not the subject
        ("We add a lattice layer (the bottom block) to every graph.", "SGT"),  # reads a table
        ("We consider two kinds of pieces: (1) stems; (2) affixes.", "SGT"),  # opens a numbered list
        ("The tokenizer splits words into graph pieces.", "SGT"),  # no first person
    ]
    for sentence, subject in cases:
        assert third_person(sentence, subject) == sentence


def test_a_paper_sentence_in_the_first_person_makes_a_cloze_naming_the_subject() -> None:
    text = (
        "The SGT tokenizer splits words into graph pieces. "
        "We then store all the lattices offline in Lucene, an open-source search library written in Java."
    )
    cards = draft_offline_cards(_chunk(text), OPTIONS)
    rewritten = [c for c in cards if "the sgt authors" in c.front.casefold()]
    assert rewritten, [c.front for c in cards]
    assert rewritten[0].kind is CardKind.CLOZE
    # the card quotes the sentence as written
    assert rewritten[0].source_span.startswith("We then store all the lattices")
    untitled = draft_offline_cards(_chunk(text, title=None), OPTIONS)
    assert not [c for c in untitled if "We then store" in c.front or "authors" in c.front]


# --- measured comparisons ---------------------------------------------------------------------


def _comparisons(previous: str, sentence: str, subject: str | None = None) -> list[tuple[str, str]]:
    section = Section(f"{previous} {sentence}".strip(), SourceRef(page=5, heading=("5 Results",)))
    d = Drafter(_chunk(section.text), OPTIONS, "en")
    measured_comparison(d, section, previous, sentence, subject)
    return [(c.card.front, c.card.back) for c in d.candidates]


def test_a_pair_of_figures_after_the_claim_in_the_sentence_before() -> None:
    cards = _comparisons(
        "SGT performs consistently better than UDPipe on all treebanks.",
        "The gap is largest on small treebanks "
        "(e.g., 81.2% vs. 74.5% for labelled attachment score on Wolof).",
    )
    assert cards == [
        (
            "What labelled attachment score on Wolof did SGT reach, compared with UDPipe?",
            "SGT: 81.2%; UDPipe: 74.5%.",
        )
    ]


def test_it_in_the_claim_is_the_papers_subject() -> None:
    cards = _comparisons(
        "The SGT tokenizer is fast.",
        "It not only outperforms UDPipe by a wide margin "
        "(88.1% vs. 80.3% in tagging accuracy), but is smaller.",
        subject="SGT",
    )
    assert cards == [
        ("What tagging accuracy did SGT reach, compared with UDPipe?", "SGT: 88.1%; UDPipe: 80.3%.")
    ]


def test_an_improvement_on_a_measure_over_a_system_names_both() -> None:
    cards = _comparisons(
        "The SGT tokenizer is fast.",
        "It not only outperforms UDPipe by a wide margin (88.1% vs. 80.3% in tagging accuracy), but also "
        "results in a large improvement on the parsing accuracy compared to Stanza (71.5% vs. 65.0%).",
        subject="SGT",
    )
    assert cards == [
        ("What tagging accuracy did SGT reach, compared with UDPipe?", "SGT: 88.1%; UDPipe: 80.3%."),
        ("What parsing accuracy did SGT reach, compared with Stanza?", "SGT: 71.5%; Stanza: 65.0%."),
    ]


def test_an_improvement_without_whose_it_is_makes_no_card() -> None:
    # "This" is not the subject, and no claim names who improved
    assert not _comparisons(
        "", "This results in a large improvement in parsing accuracy over Stanza (71.5% vs. 65.0%).", "SGT"
    )
    # no subject known for the paper
    assert not _comparisons(
        "", "SGT gives a large improvement in parsing accuracy over Stanza (71.5% vs. 65.0%)."
    )


def test_figures_without_a_measure_a_claim_or_a_subject_make_no_card() -> None:
    # no measure next to the figures: what was measured would be a guess
    assert not _comparisons("", "SGT outperforms UDPipe on Wolof (41.5% vs. 33.3%).")
    # no claim of one system over another
    assert not _comparisons("", "Scores vary widely (e.g., 12% vs. 90% for recall on Wolof).")
    # "it" with no known subject
    assert not _comparisons(
        "", "It outperforms UDPipe by a wide margin (88.1% vs. 80.3% in tagging accuracy)."
    )


def test_a_margin_with_its_measure_is_asked_by_how_much() -> None:
    section = Section("x", SourceRef(page=1, heading=("Abstract",)))
    d = Drafter(_chunk("The SGT tokenizer is small."), OPTIONS, "en")
    margin_comparison(
        d,
        section,
        "On twelve treebanks, our tagger outperforms a strong UDPipe system by 4%-7% absolute in terms of "
        "labelled attachment score.",
        "SGT",
    )
    assert [(c.card.front, c.card.back) for c in d.candidates] == [
        ("By how much did SGT outperform UDPipe in labelled attachment score?", "By 4%-7% (absolute).")
    ]
    d = Drafter(_chunk("The SGT tokenizer is small."), OPTIONS, "en")
    # "our tagger" without a subject to name, and a margin without its measure: no card
    margin_comparison(d, section, "Our tagger outperforms UDPipe by 4% in labelled attachment score.", None)
    margin_comparison(d, section, "SGT outperforms UDPipe by a wide margin.", "SGT")
    assert not d.candidates


# --- what the method does ---------------------------------------------------------------------


def _methods(sentence: str, subject: str | None = "SGT", context: str = "") -> list[tuple[str, str]]:
    section = Section(sentence, SourceRef(page=3, heading=("3 Method",)))
    d = Drafter(_chunk(f"{context} {sentence}"), OPTIONS, "en")
    method_questions(d, section, sentence, subject)
    return [(c.card.front, c.card.back) for c in d.candidates]


def test_we_define_x_using_y_asks_how_x_is_defined() -> None:
    assert _methods(
        "We define the distance between two lattices using the edit cost of their paths: "
        "d(a, b) = c(a) - c(b)."
    ) == [
        ("In SGT, how is the distance between two lattices defined?", "Using the edit cost of their paths.")
    ]
    assert _methods("During decoding, we split each word into morphemes, keeping the longest stem.") == [
        ("In SGT, how is each word split during decoding?", "Into morphemes.")
    ]


def test_we_use_x_as_y_asks_what_is_used() -> None:
    assert _methods(
        "Following (Ng et al., 2018), we use the Universal Dependencies release from Nov. 15, 2019 as "
        "the training data for every language."
    ) == [
        (
            "What does SGT use as the training data for every language?",
            "The Universal Dependencies release from Nov. 15, 2019.",
        )
    ]


def test_a_second_verb_ends_the_answer() -> None:
    assert _methods(
        "We construct the lattice of each word by a finite-state transducer and use it as the input."
    ) == [("In SGT, how is the lattice of each word constructed?", "By a finite-state transducer.")]


def test_what_is_done_to_them_after_a_first_step_asks_how() -> None:
    assert _methods(
        "During decoding, we apply the tagger to all the lattices and rank them by their path score."
    ) == [("In SGT, how are all the lattices ranked during decoding?", "By their path score.")]


def test_them_standing_for_no_plural_object_makes_no_question() -> None:
    # "them" cannot be "each sentence": the question would ask about something else
    assert not _methods("During decoding, we apply the tagger to each sentence and rank them by score.")
    # no "how" after the second verb
    assert not _methods("We apply the tagger to all the lattices and rank them.")
    # an adverb after the object would end up inside the question
    assert not _methods("We apply the tagger to the lattices offline and index them using a suffix array.")


def test_our_best_model_asks_what_it_uses() -> None:
    assert _methods("Our best model uses two graph layers and one lattice layer per word.") == [
        ("What does the best SGT model use?", "Two graph layers and one lattice layer per word.")
    ]


def test_a_passive_how_needs_no_subject() -> None:
    assert _methods(
        "Tokenization in morphologically rich languages is usually performed using finite-state "
        "transducers, which encode the lexicon.",
        subject=None,
        context="Fast tokenization matters.",
    ) == [
        (
            "How is tokenization in morphologically rich languages usually performed?",
            "Using finite-state transducers.",
        )
    ]


def test_method_sentences_that_make_no_question() -> None:
    assert not _methods("We define the distance between two lattices using their paths.", subject=None)
    # a frame that is a condition, not a time or place: the question would drop what it depends on
    assert not _methods("If no stem is found, we split each word into characters.")
    # a name keeps its capital: "Python" is not written lower-case in the text
    assert _methods("Python is usually implemented using a bytecode interpreter.", subject=None) == [
        ("How is Python usually implemented?", "Using a bytecode interpreter.")
    ]
    # how long or where belongs to the verb, not to the object the question names
    assert not _methods("We fine-tune the tagger for 3 epochs with a learning rate of 0.01.")
    # an adverb after the object would end up inside the question
    assert not _methods("We index all the lattices offline using a suffix array.")
    # a quantity, not a subject; a subject that runs into a verb
    assert not _methods("Not all tasks can be easily represented by a lattice, and therefore need a parser.")
    assert not _methods("The SGT tagger uses 100 lattices and is trained using the lattice loss.")
    # an answer that runs into a sentence glued on by the extraction
    assert not _methods("Tokenization is performed by the lattice. interaction module, the recall drops.")
    # a subject that needs the sentence before
    assert not _methods("The model is trained using Adam with a learning rate of 0.001.", subject=None)
    # a phrase opening on a preposition, or holding a pronoun or a clause, is no subject
    assert not _methods("In the primary process it can be obtained using cluster.workers.", subject=None)
    assert not _methods("On amd64 FP arithmetic is done by default on SSE2 registers.", subject=None)
    assert not _methods(
        "Two memory accesses conflict if both accesses are performed by different threads.", subject=None
    )
    # the role goes on to a second thing the authors do
    assert not _methods(
        "We use the score of the empty span as the answer to no question and search the best threshold."
    )
    # a formula where the answer would be
    assert not _methods("We define the loss as L = -log p(y | x) summed over the batch.")
    # the answer would be cut after a second verb
    assert not _methods(
        "We first split each document into blocks of equal length and get M blocks in C = {b1}."
    )


# --- repairs the paper's sentences needed ---------------------------------------------------------


def test_a_year_after_a_line_break_is_no_list_item() -> None:
    from cards.text import split_sentences

    text = "Graph tokenization (Ng and Lee,\n2018) is a task that splits words into morphemes."
    assert split_sentences(text) == [
        "Graph tokenization (Ng and Lee, 2018) is a task that splits words into morphemes."
    ]
    # a numbered list still splits
    assert split_sentences("The steps are:\n1) read the word\n2) split it") == [
        "The steps are:",
        "1) read the word",
        "2) split it",
    ]


def test_during_is_a_preposition_not_a_participle() -> None:
    from cards.offline.clean import leans_on_context

    assert not leans_on_context("During decoding, the tagger reads one lattice per word.")
    assert leans_on_context("Decoding the lattice, reads one path per word.")


def test_a_count_of_datasets_won_is_asked_how_many() -> None:
    section = Section("x", SourceRef(page=6, heading=("6 Results",)))
    d = Drafter(_chunk("The SGT tokenizer is small."), OPTIONS, "en")
    count_comparison(
        d,
        section,
        "SGT-based parsers outperform the previous best systems on seven out of the nine treebanks, "
        "with 2 to 5 points higher attachment scores.",
        "SGT",
    )
    assert [(c.card.front, c.card.back) for c in d.candidates] == [
        (
            "On how many of the nine treebanks did SGT-based parsers outperform the previous best systems?",
            "Seven, with 2 to 5 points higher attachment scores.",
        )
    ]


def test_no_count_question_without_two_counts() -> None:
    section = Section("x", SourceRef(page=6, heading=("6 Results",)))
    d = Drafter(_chunk("The SGT tokenizer is small."), OPTIONS, "en")
    count_comparison(d, section, "SGT outperforms UDPipe on most of the nine treebanks.", "SGT")
    count_comparison(d, section, "It outperforms UDPipe on seven of the nine treebanks.", None)
    assert not d.candidates


def test_what_the_authors_show_is_asked_of_their_subject() -> None:
    # "In this work, we show that X": X is the paper's finding, asked in its subject's name
    assert _methods(
        "In this work, we show that tokenization can be reliably performed using graph lattices alone.",
        context="Fast tokenization matters.",
    ) == [("In SGT, how can tokenization be reliably performed?", "Using graph lattices alone.")]
    assert (
        third_person("First, we demonstrate that lattices halve the error on Wolof.", "SGT")
        == "Lattices halve the error on Wolof."
    )


def test_a_subject_led_by_the_names_itself_with_the_papers_name() -> None:
    assert _methods(
        "The SGT model used in our main experiments is trained using the lattice loss (Section 3.2) "
        "with a batch size of 64."
    ) == [
        (
            "How is the SGT model used in the main experiments trained?",
            "Using the lattice loss with a batch size of 64.",
        )
    ]
    # "The model …" names nothing
    assert not _methods("The model used in our main experiments is trained using the lattice loss.")


def _rates(previous: str, sentence: str, subject: str | None = "SGT") -> list[tuple[str, str]]:
    section = Section(f"{previous} {sentence}", SourceRef(page=7, heading=("5.4 Speed",)))
    d = Drafter(_chunk(section.text), OPTIONS, "en")
    contrasted_rate(d, section, previous, sentence, subject)
    return [(c.card.front, c.card.back) for c in d.candidates]


def test_a_rate_contrasted_with_the_subjects_is_one_question() -> None:
    assert _rates(
        "With a compiled lattice, SGT tokenizes 41,000 words per second on one core.",
        "In contrast, UDPipe (run as a server) tokenizes 9,500 words per second per CPU thread.",
    ) == [
        (
            "How many words per second does SGT tokenize, compared with UDPipe?",
            "SGT: 41,000; UDPipe: 9,500 per CPU thread.",
        )
    ]


def test_no_rate_question_without_the_subjects_own_figure() -> None:
    # the sentence before is not about the subject
    assert not _rates(
        "A compiled lattice tokenizes 41,000 words per second.",
        "In contrast, UDPipe tokenizes 9,500 words per second.",
    )
    # no figure in the same unit before
    assert not _rates("SGT is fast on one core.", "In contrast, UDPipe tokenizes 9,500 words per second.")
    # no subject known
    assert not _rates(
        "SGT tokenizes 41,000 words per second.",
        "In contrast, UDPipe tokenizes 9,500 words per second.",
        None,
    )
