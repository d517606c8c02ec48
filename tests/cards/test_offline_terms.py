"""The offline generator's parts: term-ness, noise, context, structure extractors, the gate as judge."""

from __future__ import annotations

from cards.offline import draft_offline_cards, heading_acronyms, prepare_text
from cards.offline.clean import detach, leans_on_context, noise, standalone_form, strip_heading, units
from cards.offline.drafter import Drafter
from cards.offline.keyterms import clauses, cloze_sentence_ok, keyterm_cards
from cards.offline.terms import names_something, schwartz_hearst, termness, zipf
from cards.schema import CardDraft, CardKind, GenerationOptions
from cards.text import cloze_parts
from documents.model import Section, SourceRef

from .sample import chunk

OPTIONS = GenerationOptions(max_cards=40)


def test_generic_words_are_no_terms_and_rare_ones_are() -> None:
    for generic in ("memory", "example", "issue", "difference", "language", "section"):
        assert termness(generic, "en", in_section=3) == 0.0, generic
    assert termness("pointer", "en", in_section=2) > 0
    assert termness("flightless", "en", in_section=2) > 0
    # An everyday word the author emphasised is still what the author wants learnt.
    assert termness("scope", "en", in_section=1, emphasised=True) > 0


def test_shapes_that_are_never_terms() -> None:
    assert termness("dated June", "en") == 0.0  # a date fragment
    assert termness("901", "en") == 0.0  # a bare number: an address or an identifier
    assert termness("1685", "en") > 0  # a year is a fact worth asking
    assert termness("sonorous", "en", in_section=2) == 0.0  # an adjective
    assert termness("itwas", "en", in_section=2) == 0.0  # two words glued by a lost space
    assert termness("certain contradiction", "en", in_section=1) == 0.0  # a one-off pair, not a term
    assert termness("dabbling ducks", "en", in_section=3) > 0  # a pair the text keeps using


def test_word_frequencies_follow_the_language_and_need_no_tokenizer() -> None:
    assert zipf("aussi", "fr") > 5 > zipf("aussi", "en")
    assert zipf("you’ll", "en") > 4  # typographic apostrophes are looked up as ASCII ones
    assert zipf("국회", "ko") > 0  # Korean without MeCab


def test_noise_is_recognised() -> None:
    assert noise("Le plus petit, le plus sage 46 XXVII.")
    assert noise("1.2 Ownership .......... 12")
    assert noise("Madsen, Cort S.; McHugh, Kevin P.; de Kloet, Siwo R. (July 1988).")
    assert noise("This eBook is for the use of anyone anywhere at no cost.")
    assert noise("Advances in Neural Information Processing Systems (NeurIPS), pages 1-9.")
    assert not noise("Ducks are mostly aquatic birds, and may be found in both fresh water and sea water.")


def test_sentences_that_lean_on_their_context() -> None:
    for sentence in (
        "This kind of string can be mutated.",
        "For example, (i32, i32) implements Copy.",
        "The right column shows where the same concepts are found.",
        "Born at Salzburg, in 1756, his was a short life.",
        "Therefore, it must contain the human element.",
    ):
        assert leans_on_context(sentence), sentence
    assert not leans_on_context("Some duck species are migratory.")
    assert not leans_on_context("All ducks belong to the biological order Anseriformes.")


def test_text_cleaning_for_cards() -> None:
    assert prepare_text("fine\ufffetuned and con\ufffe versely") == "finetuned and conversely"
    assert prepare_text("or in ornithology a hen.[3][4] Next") == "or in ornithology a hen. Next"
    assert prepare_text("matrix[i][j] = 1") == "matrix[i][j] = 1"
    assert prepare_text("The _Rektah_ is light.") == "The Rektah is light."
    assert detach("First, ICT pretraining is costly (Lee et al., 2019).") == "ICT pretraining is costly."
    assert strip_heading("3.2 Training The model is trained.", ("3.2 Training",)) == "The model is trained."
    assert units("a line that wraps\nonto the next.\nNew line.") == [
        "a line that wraps onto the next.",
        "New line.",
    ]


def test_acronym_expansions_are_words_not_code() -> None:
    assert schwartz_hearst("ENV", "$(DESTDIR) $(prefix) -env") is None
    assert schwartz_hearst("AD", "The FAA proposes to supersede Airworthiness Directive") == (
        "Airworthiness Directive"
    )


def test_an_inline_enumeration_is_one_ordered_cloze() -> None:
    text = (
        "The writing strand has 4 topics: 1)Text Types and Purposes 2)Production and Distribution of "
        "Writing 3)Research and Presentation of Knowledge 4) Range of Writing. Each topic has standards."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(slide=10))), OPTIONS, language="en")
    lists = [c for c in cards if "list" in c.tags]
    assert len(lists) == 1
    assert [answer for _, answer in cloze_parts(lists[0].front)] == [
        "Text Types and Purposes",
        "Production and Distribution of Writing",
        "Research and Presentation of Knowledge",
        "Range of Writing",
    ]
    assert lists[0].front.startswith("The writing strand has 4 topics: {{c1::")


def test_nothing_after_an_ebooks_end_of_text() -> None:
    story = "The harpsichord was the keyboard instrument of the baroque orchestra and its continuo."
    licence = "Compliance requirements are not uniform and it takes a considerable effort to meet them."
    sections = (
        Section(story, SourceRef(lines=(1, 1))),
        Section("*** END OF THE PROJECT GUTENBERG EBOOK ***", SourceRef(lines=(3, 3))),
        Section(licence, SourceRef(lines=(5, 5))),
    )
    cards = draft_offline_cards(chunk(*sections), OPTIONS, language="en", density_per_1k=200)
    assert cards and all(c.source.lines == (1, 1) for c in cards)


def test_a_target_the_judge_refuses_gives_way_to_the_next() -> None:
    sentence = "The monochord has a movable bridge, whereas the harpsichord has a keyboard with quills."
    section = Section(sentence + " The monochord and the harpsichord are old.", SourceRef(page=1))
    drafter = Drafter(chunk(section), OPTIONS, "en")
    refused: list[str] = []

    def judge(cards: list[CardDraft]) -> list[int]:
        # The gate refuses the first target it is shown and accepts any other.
        if not refused:
            refused.append(cloze_parts(cards[0].front)[0][1])
        return [2 if cloze_parts(c.front)[0][1] == refused[0] else 0 for c in cards]

    keyterm_cards(drafter, 1, set(), set(), judge)
    [card] = [c.card for c in drafter.candidates]
    assert card.kind is CardKind.CLOZE
    assert cloze_parts(card.front)[0][1] != refused[0]
    assert card.source_span == sentence


def test_a_question_on_a_bare_term_names_its_context() -> None:
    text = (
        "The capacity is the total amount of memory, in bytes, that the String has received from the "
        "allocator. A String grows its capacity when it needs more room."
    )
    source = SourceRef(lines=(280, 290), heading=("What Is Ownership?", "Memory and Allocation"))
    cards = draft_offline_cards(chunk(Section(text, source)), OPTIONS, language="en")
    fronts = [c.front for c in cards if c.kind is CardKind.BASIC]
    assert fronts == ["In Memory and Allocation, what is the capacity?"]
    named = "A scope is the range within a program for which an item is valid. Each variable has a scope."
    cards = draft_offline_cards(chunk(Section(named, source)), OPTIONS, language="en")
    assert [c.front for c in cards if c.kind is CardKind.BASIC] == ["What is a scope?"]


def test_a_stated_cause_is_a_why_question() -> None:
    text = (
        "Accessing data in the heap is slower than accessing data on the stack because you have to follow "
        "a pointer to get there. Beware of thinking that you can check off the standards simply because "
        "they are aligned."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    why = [(c.front, c.back) for c in cards if c.front.startswith("Why")]
    assert why == [
        (
            "Why is accessing data in the heap slower than accessing data on the stack?",
            "Because you have to follow a pointer to get there",
        )
    ]


def test_a_stated_cause_of_an_action_is_a_why_does_question() -> None:
    text = (
        "Comparatively, allocating space on the heap requires more work because the allocator must first "
        "find a big enough space. Most similarity functions are transformations of distance because they "
        "are decomposable."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    why = [(c.front, c.back) for c in cards if c.front.startswith("Why")]
    assert why == [
        (
            "Why does allocating space on the heap require more work?",
            "Because the allocator must first find a big enough space",
        ),
        # "functions" is the subject's noun, not a verb ("Why does most similarity function …?")
        ("Why are most similarity functions transformations of distance?", "Because they are decomposable"),
    ]


def test_a_figure_with_its_unit_is_a_cloze_target() -> None:
    text = "On Natural Questions, DPR reaches a top-20 accuracy of 78.4% while BM25 reaches 59.1%."
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=5))), OPTIONS, language="en", density_per_1k=100
    )
    answers = [answer for c in cards for _, answer in cloze_parts(c.front)]
    assert answers == ["78.4%"]


# A defining sentence in the same chunk: the chunk has a card, so no last-resort card is drafted.
_ANCHOR = "A harpsichord is a keyboard instrument whose strings are plucked by quills."


def _cloze_targets(text: str) -> list[str]:
    drafter = Drafter(chunk(Section(f"{text} {_ANCHOR}", SourceRef(page=1))), OPTIONS, "en")
    keyterm_cards(drafter, 5, set(), set())
    return [
        cloze_parts(c.card.front)[0][1]
        for c in drafter.candidates
        if c.card.kind is CardKind.CLOZE and c.card.source_span != _ANCHOR
    ]


def test_a_chunk_without_any_defining_sentence_still_gets_one_card_on_rarity() -> None:
    # A long text asked for a few cards gets them from its whole length, even from a plain stretch.
    text = "The old miller put the sugar bowl back on the sideboard near the window."
    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), OPTIONS, "en")
    keyterm_cards(drafter, 5, set(), set())
    assert len(drafter.candidates) == 1


def test_a_plain_word_is_hidden_only_where_the_sentence_defines_or_explains_it() -> None:
    # A story detail: a rare word, but the sentence says nothing about it worth learning.
    assert _cloze_targets("The old miller put the sugar bowl back on the sideboard near the window.") == []
    # The same kind of word where the sentence defines it.
    defined = "A sideboard is a long low cabinet used for storing dishes in a dining room."
    assert _cloze_targets(defined) == ["sideboard"]


def test_no_cloze_on_a_verb_after_a_negation_nor_on_a_clause() -> None:
    text = (
        "The only two creatures in the kitchen that did not sneeze were the cook and a cat, unlike the rest."
    )
    assert "sneeze" not in _cloze_targets(text)
    assert "leaves trembled" not in _cloze_targets(
        "By some means, the birds sang and the leaves trembled, unlike before."
    )


def test_a_year_is_hidden_as_the_date_of_an_event_and_a_name_with_a_fact_about_it() -> None:
    assert _cloze_targets(
        "The composer Halévy was born in 1799 in the city of Paris, unlike his brother."
    ) == ["1799"]
    # A year that only sets a scene, and a name the sentence says nothing about.
    assert _cloze_targets("In 1749 the English oculist, Taylor, happened to be staying in Leipzig.") == []


def test_no_cloze_on_a_verb_before_a_name_nor_on_a_classifier() -> None:
    text = "Tuples are copied rather than moved if they only contain types that also implement Copy."
    assert "implement copy" not in [t.casefold() for t in _cloze_targets(text)]
    fanciful = "All kinds of fanciful names are given to the tones, because strange ideas are tied to them."
    assert not any(t.startswith("kinds") for t in _cloze_targets(fanciful))


def test_a_name_is_judged_in_its_own_case() -> None:
    # Lower-cased, "freebase" reads as two common words glued together; capitalised, it is a name.
    assert termness("freebase", "en", in_section=2) == 0.0
    assert termness("Freebase", "en", in_section=1) > 0


def test_expository_text_fills_with_rare_terms_in_sentences_with_a_weaker_cue() -> None:
    text = (
        "The bill of the bird contains serrated pectens along its edge. "
        "Most domestic breeds are descended from the mallard of the northern marshes."
    )
    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), OPTIONS, "en")
    keyterm_cards(drafter, 5, set(), set(), floor=5)
    targets = [cloze_parts(c.card.front)[0][1] for c in drafter.candidates]
    assert "mallard" in targets and "pectens" in targets
    # Without the floor (a story, or a budget already met) neither sentence gives a card.
    assert [t for t in _cloze_targets(text) if t in {"mallard", "pectens"}] == []


def test_a_stated_consequence_is_a_what_happens_question() -> None:
    text = (
        "If a type implements the Copy trait, variables of that type are copied rather than moved. "
        "When the owner goes out of scope, the value will be dropped. "
        "If you know what you are doing, invoke the build script with the right flags. "
        "When we call the function, it returns the length of the string."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    happens = [(c.front, c.back) for c in cards if c.front.startswith("What happens")]
    # An instruction is no consequence, "we … it" leans on the reader's own code, and a condition
    # in words any text could use ("the owner goes out of scope": owner of what?) names no subject.
    copied = "Variables of that type are copied rather than moved"
    assert happens == [("What happens if a type implements the Copy trait?", copied)]


def test_a_story_moment_is_no_what_happens_question() -> None:
    text = (
        "When the queen came into the garden, the gardeners threw themselves flat upon their faces. "
        "She said nothing. He looked at her. She smiled at him and he went away."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    assert not any(c.front.startswith("What happens") for c in cards)


def test_a_name_a_dash_and_what_it_does_is_a_question() -> None:
    text = (
        "Appendix C – provides student writing exemplars for each grade level.\n"
        "Numexpr – a fast numerical array expression evaluator for the NumPy library.\n"
        "Caution – these titles are not to be used as a reading list."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    basics = {(c.front, c.back) for c in cards if c.kind is CardKind.BASIC}
    assert ("What does Appendix C provide?", "student writing exemplars for each grade level") in basics
    assert ("What is Numexpr?", "a fast numerical array expression evaluator for the NumPy library") in basics
    assert not any("Caution" in front for front, _ in basics)


def test_no_cloze_on_the_last_part_of_a_name_with_a_particle() -> None:
    text = "Tannhäuser was the successor of Walther von der Vogelweide, who was the first great minnesinger."
    assert "Vogelweide" not in _cloze_targets(text)


def test_a_list_of_rules_under_a_plural_heading_is_one_question() -> None:
    text = (
        "In C, memory is freed by hand; Rust checks ownership. "
        "Keep these rules in mind, as Rust checks them:\n\n"
        "Each value in Rust has an owner.\n"
        "There can only be one owner at a time.\n"
        "When the owner goes out of scope, the value will be dropped."
    )
    source = SourceRef(lines=(87, 95), heading=("What Is Ownership?", "Ownership Rules"))
    cards = draft_offline_cards(chunk(Section(text, source)), OPTIONS, language="en")
    rules = [(c.front, c.back) for c in cards if "rules" in c.front]
    assert rules == [
        (
            "In Rust, what are the ownership rules?",
            "Each value in Rust has an owner; There can only be one owner at a time; "
            "When the owner goes out of scope, the value will be dropped",
        )
    ]


def test_no_cloze_on_the_end_of_a_sentence_cut_at_an_initial() -> None:
    text = (
        "Bach, were born the same year, 1685; their great contemporary, Rameau, was born two years earlier."
    )
    assert _cloze_targets(text) == []


def test_no_cloze_on_the_first_part_of_a_name_nor_on_a_genus() -> None:
    text = "Tannhäuser was the successor of Walther von der Vogelweide, who was the first great minnesinger."
    assert "Walther" not in _cloze_targets(text)
    duck = (
        "Most domestic ducks are descended from the mallard, apart from the Muscovy duck (Cairina moschata)."
    )
    assert "Cairina" not in _cloze_targets(duck)


def test_a_condition_without_a_subject_is_no_question() -> None:
    text = "When accompanied by a musette, the gavotte is always repeated with its second part."
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    assert not any(c.front.startswith("What happens") for c in cards)


def test_the_rarity_rescue_serves_small_budgets_only() -> None:
    text = "In the evening the whole village gathered around the old harpsichord in the square."
    plain = chunk(Section(text, SourceRef(page=1)))
    full = draft_offline_cards(plain, OPTIONS, language="en", density_per_1k=200)
    assert not any(c.kind is CardKind.CLOZE for c in full)  # a full deck keeps to the stricter cards
    few = draft_offline_cards(plain, GenerationOptions(max_cards=1), language="en", density_per_1k=200)
    assert [c.front for c in few] == [
        "In the evening the whole village gathered around the old {{c1::harpsichord}} in the square."
    ]


def test_the_initials_of_a_heading_are_its_topic() -> None:
    acronyms = heading_acronyms(("Dense Passage Retrieval for Open-Domain Question Answering", "5.1 Results"))
    assert "dpr" in acronyms and "qa" in acronyms
    assert "results" not in acronyms


def test_a_condition_must_name_its_subject() -> None:
    assert names_something("a type implements the Copy trait", "en")
    assert names_something("a name is used without a cdef", "en")
    assert not names_something("the airplane is on the ground", "en")
    assert not names_something("any of the rules are violated", "en")


def test_what_a_named_thing_is_used_for_or_made_of() -> None:
    text = (
        "Along the edge of the bill is a comb-like structure. "
        "The pecten is also used to preen feathers and to hold slippery food items. "
        "The value is used to store the result of the computation. "
        "A hexameter consists of six dactyls and spondees. "
        "A String is made up of three parts, shown on the left: a pointer, a length and a capacity."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    asked = {c.front: c.back for c in cards if c.kind is CardKind.BASIC}
    assert asked["What is the pecten used for?"] == "To preen feathers and to hold slippery food items"
    assert asked["What does a hexameter consist of?"] == "Six dactyls and spondees"
    # "the value" could be any value; "shown on the left" points at a figure the card does not show
    assert not any("value" in front or "String" in front for front in asked)


def test_a_stated_count_is_a_how_many_question() -> None:
    text = (
        "There are four strands or disciplines within the ELA Common Core State Standards (CCSS). "
        "There are many reasons for this in our view. "
        "There are two topics in each strand."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    asked = {c.front: c.back for c in cards if c.kind is CardKind.BASIC}
    assert asked["How many strands are there within the ELA Common Core State Standards (CCSS)?"] == "Four"
    # no number, or no named place ("in each strand": which strand?), no question
    assert [q for q in asked if q.startswith("How many")] == [
        "How many strands are there within the ELA Common Core State Standards (CCSS)?"
    ]


def test_a_cause_ends_where_its_clause_does() -> None:
    text = (
        "Pushing to the stack is faster than allocating on the heap because the allocator never has to "
        "search for a place to store new data; that location is always at the top of the stack."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    asked = {c.front: c.back for c in cards if c.kind is CardKind.BASIC}
    assert asked["Why is pushing to the stack faster than allocating on the heap?"] == (
        "Because the allocator never has to search for a place to store new data"
    )


def test_a_term_used_once_is_defined_by_its_kind_and_difference() -> None:
    text = (
        "A router is a device that forwards packets between networks. "
        "A result is a value that the function returns. "
        "The difference is a matter that we discuss later."
    )
    cards = draft_offline_cards(chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en")
    asked = {c.front: c.back for c in cards if c.kind is CardKind.BASIC}
    assert asked == {"What is a router?": "a device that forwards packets between networks"}


def test_an_api_reference_heading_names_its_class() -> None:
    section = Section(
        "The auth property holds the user name.", SourceRef(page=1, heading=("URL API", "Class: URL"))
    )
    assert Drafter(chunk(section), OPTIONS, "en").context_of(section) == "URL"


def test_a_continued_chapter_is_named_without_its_continued_mark() -> None:
    section = Section(
        "The samisen is a kind of small banjo.",
        SourceRef(page=1, heading=("Essays", "V. The Music of the Chinese (Continued)")),
    )
    assert Drafter(chunk(section), OPTIONS, "en").context_of(section) == "“The Music of the Chinese”"


def test_a_row_whose_brackets_do_not_close_in_its_cells_is_no_table_row() -> None:
    legend = (
        "[F: g,  g     G: a  g'  | a'  g''  ]\n[W: Capitals.  : Small letters | Double or very small letters]"
    )
    table = "Gamma | The lowest note of the gamut\nAlpha | The first note of the scale"
    asked = {
        text: {
            c.front
            for c in draft_offline_cards(
                chunk(Section(text, SourceRef(page=1, heading=("Gamut",)))), OPTIONS, language="en"
            )
        }
        for text in (legend, table)
    }
    assert not [q for q in asked[legend] if "W: Capitals" in q or "Small letters" in q], asked[legend]
    assert any("Alpha" in q for q in asked[table]), asked[table]


def test_a_linking_opener_or_an_authors_frame_is_stripped_when_the_rest_stands_alone() -> None:
    assert standalone_form("In comparison, BM25 processes 23.7 questions per second.") == (
        "BM25 processes 23.7 questions per second."
    )
    assert standalone_form("However, the heap is less organized.") == "The heap is less organized."
    assert standalone_form("But the heap is less organized.") == "The heap is less organized."
    assert standalone_form("We find that adding a BM25 negative passage helps.") == (
        "Adding a BM25 negative passage helps."
    )
    assert standalone_form("Our experiments show that dense retrieval wins.") == "Dense retrieval wins."
    assert (
        standalone_form("Our Dense Passage Retriever (DPR) is strong.")
        == "Dense Passage Retriever (DPR) is strong."
    )
    # A plain possessive names nothing: the sentence is left as it was (and stays rejected).
    assert standalone_form("Our best model uses gold passages.") == "Our best model uses gold passages."
    # An identifier is not capitalised into another word: the sentence is left as it was.
    assert standalone_form("In other words, s1 was moved into s2.") == "In other words, s1 was moved into s2."
    assert standalone_form("Ducks are mostly aquatic birds.") == "Ducks are mostly aquatic birds."


def test_a_stripped_opener_gives_a_card_that_quotes_the_sentence_as_written() -> None:
    text = (
        "Build times differ a lot between the two systems. "
        "In comparison, the Lucene indexer processes 23.7 documents per second on one CPU thread."
    )
    section = Section(text, SourceRef(page=3))
    cards = draft_offline_cards(chunk(section), OPTIONS, language="en", density_per_1k=100)
    fronts = {c.front: c.source_span for c in cards}
    front = "The Lucene indexer processes {{c1::23.7 documents per second}} on one CPU thread."
    assert front in fronts
    assert fronts[front].startswith("In comparison, the Lucene indexer")  # the span is the text's own


def test_a_gerund_is_a_subject_and_a_participle_phrase_is_not() -> None:
    assert not leans_on_context("Accessing data in the heap is slower than accessing data on the stack.")
    assert not leans_on_context("Freeing memory twice can lead to memory corruption.")
    assert leans_on_context("Continuing the analogy, consider a server at a restaurant.")
    assert leans_on_context("Using a dense encoder, we index all passages.")


def test_a_value_with_its_unit_is_blanked_rather_than_a_name_beside_it() -> None:
    text = "Building the FAISS index on one server takes 8.5 hours."
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=7))), OPTIONS, language="en", density_per_1k=100
    )
    answers = [answer for c in cards for _, answer in cloze_parts(c.front)]
    assert answers == ["8.5 hours"]


def test_a_sentence_run_into_a_fragment_of_another_gives_no_cloze() -> None:
    assert not cloze_sentence_ok(
        "The FAISS retriever outperforms BM25. tiple datasets, TREC, benefit greatly from more data."
    )
    assert cloze_sentence_ok("The FAISS retriever outperforms BM25 on four of the five datasets.")


def test_a_name_given_after_its_description_gives_a_question_on_the_name() -> None:
    text = (
        "The allocator finds an empty spot in the heap, marks it as being in use, and returns a pointer. "
        "This process is called allocating on the heap and is sometimes abbreviated. "
        "The stack stores values in the order it gets them and removes the values in the opposite order. "
        "This is referred to as last in, first out (LIFO)."
    )
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    basic = {c.front: c for c in cards if c.kind is CardKind.BASIC}
    heap = basic["What is allocating on the heap?"]
    assert heap.back.startswith("The allocator finds an empty spot")
    # both sentences are quoted: the name and what it names
    assert heap.source_span.endswith(
        "This process is called allocating on the heap and is sometimes abbreviated."
    )
    assert basic["What is LIFO?"].back.startswith("The stack stores values")


def test_no_question_on_a_name_whose_description_leans_on_another_sentence() -> None:
    text = "It stores values in order. This is called a stack frame and it is fast."
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    assert not [c for c in cards if "stack frame" in c.front and c.kind is CardKind.BASIC]


def test_a_quantity_in_words_or_a_rate_is_blanked_as_a_value() -> None:
    text = (
        "Ducks generally only have one partner at a time, "
        "although the partnership usually only lasts one year."
    )
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    assert [a for c in cards for _, a in cloze_parts(c.front)] == ["one year"]
    rate = "The Lucene index serves 23.7 questions per second on one CPU thread."
    cards = draft_offline_cards(
        chunk(Section(rate, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    assert [a for c in cards for _, a in cloze_parts(c.front)] == ["23.7 questions per second"]


def test_a_classification_is_a_cue_for_a_name() -> None:
    assert _cloze_targets(
        "The diving ducks, named for their feeding method, make up the tribe Aythyini."
    ) == ["Aythyini"]


def test_what_the_reader_or_author_uses_a_thing_for_is_asked_impersonally() -> None:
    text = "We use the FAISS library to search dense vectors by similarity."
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=3))), OPTIONS, language="en", density_per_1k=100
    )
    basic = {c.front: c.back for c in cards if c.kind is CardKind.BASIC}
    assert basic == {"What is the FAISS library used for?": "To search dense vectors by similarity"}
    # "for" a scope ("for large datasets") is no purpose
    scope = "We use the batch size of 16 for large datasets and 4 for small datasets."
    cards = draft_offline_cards(
        chunk(Section(scope, SourceRef(page=3))), OPTIONS, language="en", density_per_1k=100
    )
    assert not [c for c in cards if c.kind is CardKind.BASIC]
    # a purpose in someone's voice stays unasked
    voiced = "You can use the FAISS library to index your own vectors quickly."
    cards = draft_offline_cards(
        chunk(Section(voiced, SourceRef(page=3))), OPTIONS, language="en", density_per_1k=100
    )
    assert not [c for c in cards if c.kind is CardKind.BASIC]


def test_a_series_after_a_colon_is_one_ordered_cloze_naming_its_subject() -> None:
    text = (
        "A String is made up of three parts: a pointer to the memory that holds the contents, "
        "a length, and a capacity."
    )
    cards = draft_offline_cards(
        chunk(Section(text, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    assert [c.front for c in cards] == [
        "A String is made up of three parts: a {{c1::pointer to the memory that holds the contents}}; "
        "a {{c2::length}}; a {{c3::capacity}}"
    ]  # and no basic card with the set on its back; articles outside the deletions (Q9)
    glued = "The model curriculum is a tool that: presents content, course Provides guidance, and more."
    cards = draft_offline_cards(
        chunk(Section(glued, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    assert not [c for c in cards if "c3::" in c.front]


def test_a_long_sentence_is_cut_at_its_semicolons_into_clauses_that_stand_alone() -> None:
    long = (
        "The ravanastron is an ancient bowed instrument of the monochord type that is native to India "
        "and is made to vibrate by a kind of bow; whereas the lyre and the harp were plucked with "
        "the fingers of both hands; the rebec was a later bowed instrument played across medieval Europe."
    )
    assert clauses(long) == [
        "The ravanastron is an ancient bowed instrument of the monochord type that is native to India "
        "and is made to vibrate by a kind of bow.",
        "The rebec was a later bowed instrument played across medieval Europe.",
    ]
    short = "The rebec was a bowed instrument; the lyre was plucked."
    assert clauses(short) == [short]  # a sentence short enough for a cloze stays whole


def test_no_value_blank_in_a_fragment_and_no_name_question_on_a_description_in_someones_voice() -> None:
    fragment = "More than 10 degrees difference for more than 10 seconds in the left engine sensor."
    cards = draft_offline_cards(
        chunk(Section(fragment, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    assert "10 seconds" not in [a for c in cards for _, a in cloze_parts(c.front)]
    voiced = (
        "When a variable goes out of scope, Rust calls a special function for us. "
        "This function is called drop."
    )
    cards = draft_offline_cards(
        chunk(Section(voiced, SourceRef(page=1))), OPTIONS, language="en", density_per_1k=100
    )
    assert not [c for c in cards if c.kind is CardKind.BASIC and "drop" in c.front]
