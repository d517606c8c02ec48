"""The gate's rules on small hand-written examples: term-ness, whole sentences, context, place."""

from __future__ import annotations

import pytest

from cards.frequency import zipf
from cards.grounding import check_grounded, quantities
from cards.markup import check_well_formed, clean_text, debris_problem, text_problem
from cards.placement import placement_problem, starts_mid_sentence
from cards.quality import GateContext, apply_gate, check_self_contained, check_whole_sentence
from cards.schema import CardDraft, CardKind, Origin
from cards.standalone import context_problem, hides_speaker, sentence_problem
from cards.standalone_questions import question_problem
from cards.terms import target_problem
from documents.model import Section, SourceRef

REF = SourceRef(page=1, heading=("Ducks",))


def term(sentence: str, target: str, **kwargs: object) -> str:
    return target_problem(target, sentence, sentence.index(target), **kwargs)


# --- term-ness of cloze targets ----------------------------------------------------------


def test_rare_words_names_and_numbers_are_terms() -> None:
    assert term("Three species of steamer duck are almost flightless, however.", "flightless") == ""
    assert (
        term("The system of fingering used in playing the harpsichord did not use the thumb.", "harpsichord")
        == ""
    )
    assert term("Garcilaso tells us that unequal time was unknown in Peru in those days.", "Peru") == ""
    assert term("Rust was first released as a stable version in 2015 by Mozilla.", "2015") == ""
    assert term("The proposed AD results from the MCAI of another country.", "MCAI") == ""


def test_common_words_are_not_terms_unless_the_text_marks_them() -> None:
    sentence = "Both the stack and the heap are parts of memory available to your code."
    assert "common word" in term(sentence, "memory")
    assert "common word" in term(
        "To understand how the options affect the results, we ran more tests.", "results"
    )
    # a fairly common word the section keeps using, or one it emphasises, is a term of that text
    section = "The stack is fast. Values on the stack are popped. Pushing onto the stack is cheap."
    assert "common word" in term("The stack stores values in order.", "stack", section_text=section[:20])
    assert term("The stack stores values in the order it gets them.", "stack", section_text=section) == ""
    assert term("The stack stores values in order.", "stack", emphasised=frozenset({"stack"})) == ""
    # French words are judged by French frequencies
    assert "common word" in term("Sa maman lui a dit bonne nuit dans son petit lit.", "maman", language="fr")


def test_fragments_clauses_and_function_word_edges_are_not_terms() -> None:
    assert term("The Mouse was bristling and she felt certain it was offended.", "felt certain")
    assert term('"Is that all?" said Alice, swallowing her anger.', "said Alice")
    assert "date" in term("Bulletin 737, dated June 12, 2020, describes the steps.", "dated June")
    assert "function word" in term("Petit Paul embrasse sa mère et part à l’école en chantant.", "l’école")
    assert "topic" in term("The stack stores values in order.", "stack", topic_terms=frozenset({"stack"}))
    # numerals may open a term
    rules = "Each value has an owner; there can only be one owner at a time; then the value is dropped."
    assert term(rules, "one owner at a time", is_list=True) == ""


def test_the_topic_may_be_hidden_where_it_is_defined_and_code_names_are_terms() -> None:
    topics = frozenset({"scope", "copy"})
    defined = "In Rust, a scope is the range within a program for which an item is valid."
    assert term(defined, "scope", topic_terms=topics, section_text=defined + " The scope ends.") == ""
    assert "topic" in term("Every variable lives until the end of its scope.", "scope", topic_terms=topics)
    assert term("Rust calls the drop function at the closing curly bracket.", "drop") == ""
    assert (
        term("Types that implement the Copy trait are copied, not moved.", "Copy", topic_terms=topics) == ""
    )
    # a noun before "functions" is an ordinary compound, not a name of code
    assert term("Most similarity functions are transformations of distance.", "similarity")


def test_a_piece_of_a_longer_name_is_not_a_term() -> None:
    assert "longer name" in term(
        "Of the many ducks in fiction, many are cartoon characters, such as Walt Disney's Donald Duck.",
        "Walt Disney's Donald",
    )
    assert "longer name" in term(
        "On November 15, 2011 the Ohio State Board of Education voted for Ohio to join PARCC.", "Education"
    )


def test_one_item_of_a_list_and_a_paired_name_are_guessed_from_the_rest() -> None:
    assert "list" in term("The Dorian, Phrygian, and Lydian were the oldest modes.", "Phrygian")
    # the first item with the words that lead into the list: still one item of three
    lute = "The link between the theorbo, the cittern, and the guitar was the lute, a court instrument."
    assert "list" in term(lute, "theorbo", section_text=lute + " The theorbo was long.")
    assert "paired" in term('Homer chanted his "Iliad" and "Odyssey" long before.', "Iliad")
    # two lower-case items are a comparison, not a list
    ducks = "Ducks are smaller and shorter-necked than swans and geese, which are related."
    assert term(ducks, "swans", section_text=ducks + " Swans are larger.") == ""


def test_a_target_shown_in_the_sentence_or_missing_its_key_term() -> None:
    assert "given away" in term(
        "Almost always, np.array is a good choice for immutable-size arrays.", "arrays"
    )
    assert "key term" in term(
        "Most decomposable similarity functions are some transformations of Euclidean distance.", "similarity"
    )


def test_languages_without_word_frequencies_need_a_marked_or_recurring_term() -> None:
    assert zipf("maison", "fr") is not None and zipf("rosa", "la") is None  # no nearest-match guess
    sentence = "코로나-19 역시 질병이지만 재해보험금 지급대상에 포함되지 않는다."
    assert term(sentence, "재해보험금", language="ko")
    assert term(sentence, "재해보험금", language="ko", emphasised=frozenset({"재해보험금"})) == ""
    assert term(sentence, "재해보험금", language="ko", section_text=sentence + " 재해보험금 지급 기준.") == ""
    assert "particle" in term("그런데 현재 코로나-19와 관련한 개정작업이 늦다.", "코로나-19와", language="ko")


# --- whole sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("test, by accomplishing the applicable actions identified as RC.", "mid-sentence"),
        ("Revising the existing AFM to include the changes may be done by", "ends mid-sentence"),
        ("Following Lee et al., we use the English Wikipedia dump from Dec.", "abbreviation"),
        ("3 Dense Passage Retriever (DPR) We focus our research on retrieval.", "heading or list number"),
        ("The Stack and the Heap Many programming languages do not require it.", "run together"),
        ("Alice's elbow was press ed h ard against the door.", "split"),
        ('"Three inches is such a wretched height to be."', "dialogue"),
        ("The writing strand has 4 topics: 1) Text Types 2) Production of Writing.", "numbered list"),
        ("ON THE LIVES OF SOME EIGHTEENTH CENTURY COMPOSERS 236 XX.", "contents"),
    ],
)
def test_sentence_problems(text: str, why: str) -> None:
    assert why in sentence_problem(text, "en")


def test_a_letter_ending_a_compound_is_no_split_word() -> None:
    assert sentence_problem("The choice of negatives does not change the top-k accuracy much.", "en") == ""
    assert "split" in sentence_problem(
        "The choice of negatives does not change the top k accuracy much.", "en"
    )


def test_a_quotation_is_the_point_when_the_card_hides_its_speaker() -> None:
    line = '"What I was going to say," said the Dodo, "is that a Caucus-race would get us dry."'
    assert hides_speaker('"What I was going to say," said the ')
    assert not hides_speaker("The question is what the archbishop ")
    assert sentence_problem(line, "en", speaker=True) == ""
    assert context_problem(line, "en", speaker=True) == ""
    assert "dialogue" in sentence_problem(line, "en")
    assert "voice" in context_problem(line, "en")
    text = 'Alice looked up.\n"\'Tis so," said the Duchess, and smiled at her.'
    assert not starts_mid_sentence("'Tis so,\" said the Duchess, and smiled at her.", text)


def test_whole_sentences_pass() -> None:
    assert (
        sentence_problem("Ducks are generally smaller and shorter-necked than swans and geese.", "en") == ""
    )
    assert sentence_problem("The three primary colours are: red; green; blue", "en", is_list=True) == ""


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The good news is that the more experienced you become, the easier it gets.", "voice"),
        ("They seek out protected habitat with good food supplies.", "pronoun"),
        ("As previously discussed, this NPRM proposes a new control law.", "points at"),
        ("Second, the data was collected from only 500 Wikipedia articles.", "leans on"),
        ("May only be used from the main thread due to OpenMP restrictions.", "no subject"),
        ("Informs Valgrind that the memory range between start and end is a unique stack.", "no subject"),
        ("In 1839 he gained the Prix de Rome and spent three years in Rome.", "not named"),
        ("Inner product search is related to cosine similarity (Mussmann and Ermon, 2016).", "cited work"),
        ("Note: the number of topics and standard statements is not exact.", "aside"),
        ("The Swiss jodel is the best illustration of this.", "points at"),
        ("Packages should avoid requesting such ids where possible.", "points at"),
        ("In the second case, moving the data takes a long time because it is copied.", "points at"),
        ("Like the bassoon, it is played with a double reed.", "pronoun after an opening phrase"),
        ("In time it degenerated into a street instrument for beggars.", "pronoun after an opening phrase"),
    ],
)
def test_context_problems(text: str, why: str) -> None:
    assert why in context_problem(text, "en")


def test_this_thing_the_sentence_has_not_named_points_back() -> None:
    # after the tested part too: which combination, which node? (found in Valgrind's DHAT manual)
    realloc = "DHAT only increases the current heap size by 100 bytes for this combination."
    assert "this combination" in context_problem(realloc, "en", focus=realloc.index("current"))
    node = "The Allocated at section shows the stack trace shared by the blocks covered by this node."
    assert "this node" in context_problem(node, "en", focus=node.index("stack"))
    # the sentence names it before ("a trace … this trace"), or it is the figure the sentence gives
    trace = "Each block records a stack trace when it is allocated, and this trace is printed if it leaks."
    assert context_problem(trace, "en", focus=trace.index("stack")) == ""
    hours = "Revising the list takes an average of 90 work-hours, although this number may vary."
    assert context_problem(hours, "en", focus=hours.index("90")) == ""


def test_named_subjects_pass() -> None:
    assert (
        context_problem("The memory allocator finds an empty spot in the heap and returns a pointer.") == ""
    )
    assert context_problem("Händel took his place at the harpsichord.") == ""  # "his" has its name
    assert context_problem("James Watt that year patented the separate condenser.") == ""  # a name, no verb
    assert context_problem("Like the bassoon, the oboe is played with a double reed.") == ""
    assert context_problem("If the port is the default one, it can be left out of the address.") == ""
    moult = (
        "Many species of duck are temporarily flightless while moulting; they seek out protected habitat "
        "with good food supplies during this period."
    )
    assert context_problem(moult, focus=moult.index("flightless")) == ""  # "this period": in the sentence
    # "such as" gives examples and "the second case" of a named list is no pointer
    assert context_problem("Birds such as ducks and geese moult once a year.") == ""
    assert context_problem("The yodel is a song such that the voice breaks between registers.") == ""
    assert context_problem("A Box holds the data of a recursive type in a fixed size.") == ""
    assert context_problem("A recursive type holds another value of the same type inside itself.") == ""


# --- questions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "back", "span", "why"),
    [
        (
            "What is Explicit memory layout?",
            "the syntax [::1]",
            "Explicit memory layout: the syntax [::1]",
            "heading",
        ),
        (
            "What is the capacity?",
            "the total memory the String has",
            "The capacity is the total memory.",
            "of what",
        ),
        (
            "What is the Queen's Croquet Ground?",
            "She boxed the Queen's ears",
            "She boxed the ears.",
            "of what",
        ),
        (
            "What is Alice's Evidence?",
            '"That is the most important evidence"',
            '"That is evidence," said the King.',
            "define",
        ),
        ("What is Authority?", "49 U.S.C", "Authority: 49 U.S.C. 106(g).", "define"),
        (
            "What is Q?",
            "Will the standards keep teachers from deciding?",
            "Q: Will the standards ...?",
            "term",
        ),
        (
            "What does TACL stand for?",
            "the Association of Linguistics",
            "Transactions of the ACL (TACL).",
            "spell",
        ),
        ("What does DFLAGS stand for?", "$(CFLAGS) -g", "DFLAGS = $(CFLAGS) -g", "not a phrase"),
        ("What does FCC stand for?", "flight control computer", "flight control computer (FCC)", "wide use"),
        (
            "What does the variable s refer to?",
            "a string literal",
            "The variable s refers to a literal.",
            "term",
        ),
        ("What is Physical?", "transmits raw bits", "The physical layer transmits raw bits.", "half a term"),
        # an API reference's field and a notation legend's label name nothing on their own
        ("What is Returns?", "the number of bytes written", "Returns: the number of bytes written", "label"),
        ("What is Options?", "a dictionary of settings", "Options: a dictionary of settings", "label"),
        ("What is Braces?", "surround notes in a chord", "Braces: surround notes in a chord", "plural label"),
        # libxslt: "An obvious example is a connection to a database …": an example of what?
        (
            "In XSLT, what is an obvious example?",
            "a connection to a database which should be kept and reused along with the transformation",
            "An obvious example is a connection to a database which should be kept and reused.",
            "an example of something",
        ),
    ],
)
def test_question_problems(front: str, back: str, span: str, why: str) -> None:
    assert why in question_problem(front, back, span, "en")


def test_questions_that_name_their_subject_pass() -> None:
    span = "Duck is the common name for numerous species of waterfowl in the family Anatidae."
    assert question_problem("What is Duck?", "the common name for species of waterfowl", span) == ""
    assert (
        question_problem("What is a scope?", "the range for which an item is valid", "A scope is the range.")
        == ""
    )
    assert (
        question_problem("What does LIFO stand for?", "last in, first out", "last in, first out (LIFO)") == ""
    )
    assert question_problem("What does WHO stand for?", "World Health Organization", "(WHO)") == ""
    assert question_problem("What is the description of ls?", "list directory contents", "ls | list") == ""
    sitting = '"a sitting duck" has come to mean "an easy target".'
    # a glossary line on a rare word is a definition, not a field label
    bile = "Bile: a fluid made by the liver"
    assert question_problem("What is Bile?", "a fluid made by the liver", bile) == ""
    worked = "A worked example is a demonstration of how to solve a problem."
    assert (
        question_problem("What is a worked example?", "a demonstration of how to solve a problem", worked)
        == ""
    )
    assert question_problem("What is a sitting duck, figuratively?", "An easy target", sitting) == ""
    # an owner's name in the possessive is no sentence-case heading ("Explicit memory layout")
    gleam = "Gleam’s char type is the language’s most primitive alphabetic type."
    assert question_problem("What is Gleam’s char type?", "the most primitive alphabetic type", gleam) == ""


# --- place in the document ----------------------------------------------------------------


def test_contents_references_boilerplate_and_glued_headings() -> None:
    assert "contents" in placement_problem("Chapter 2 ........ 15", "", ())
    assert "contents" in placement_problem("Stack-Only Data Copy 48", "", ())
    assert placement_problem("The Airbus A320 competes with the Boeing 737.", "", ()) == ""
    assert "references" in placement_problem("Madsen, C. (1988).", "Madsen, C. (1988).", ("Duck", "Sources"))
    assert "reference entry" in placement_problem(
        "Pratt, H. Douglas; Bruner, Phillip L.; Berrett, D. (1987).", "", ()
    )
    assert "reference entry" in placement_problem(
        "In Advances in Neural Information Processing Systems (NeurIPS).", "", ()
    )
    assert "boilerplate" in placement_problem("Release Date: November 10, 2013 [EBook #44157]", "", ())
    licence = (
        "*** END OF THE PROJECT GUTENBERG EBOOK ***\nRedistribution is subject to the trademark licence, "
        "and a replacement copy or a refund is due if a defect in the electronic work is discovered."
    )
    assert "boilerplate" in placement_problem("a replacement copy or a refund is due", licence, ())
    law = (
        "Copyright protects the expression of an idea, not the idea itself. A licence grants the right "
        "to copy a work under conditions; a trademark protects a name used in trade."
    )
    assert placement_problem("A licence grants the right to copy a work under conditions;", law, ()) == ""
    section = (
        "이슈와 논점\n2 코로나-19 관련 보험 현황이 바뀌었고 보험금 지급 기준도 바뀌었다\n"
        "그래서 문제가 생겼다 다음 줄도 길게 이어지는 문장이다 정말로 길다.\n"
        "세 번째 줄도 길게 이어지는 문장이고 끝이 없다."
    )
    assert "glued" in placement_problem("이슈와 논점 2 코로나-19 관련 보험 현황이 바뀌었고", section, ())
    prose = "Ducks are aquatic birds that live in both fresh water and sea water."
    assert placement_problem(prose, prose, ("Duck",)) == ""


def test_prose_citing_its_sources_is_no_reference_list() -> None:
    datasets = (
        "Natural Questions (Kwiatkowski et al., 2019) was designed for question answering. "
        "TriviaQA (Joshi et al., 2017) contains trivia questions scraped from the Web. "
        "WebQuestions (Berant et al., 2013) consists of questions from Google Suggest. "
        "SQuAD (Rajpurkar et al., 2016; Chen, 2017) is a benchmark for reading comprehension."
    )
    span = "TriviaQA (Joshi et al., 2017) contains trivia questions scraped from the Web."
    assert placement_problem(span, datasets, ("4.2 Datasets",)) == ""
    references = (
        "Mandar Joshi, Eunsol Choi, et al. 2017. TriviaQA: A large scale dataset. In Proceedings of ACL. "
        "Jonathan Berant, Andrew Chou, et al. 2013. Semantic parsing on Freebase. In Proceedings of EMNLP. "
        "Kenton Lee, Ming-Wei Chang, and Kristina Toutanova. 2019. Latent retrieval. In Proceedings of ACL."
    )
    assert "references" in placement_problem("In Proceedings of EMNLP.", references, ("4.2 Datasets",))


def test_licence_and_transcriber_notes_are_boilerplate() -> None:
    fdl = "Permission is granted to copy, distribute and/or modify this document under the terms of the GNU "
    fdl += "Free Documentation License, with no Invariant Sections."
    assert "boilerplate" in placement_problem(fdl, fdl, ())
    italics = "Italic text is represented by underscores around the text."
    assert "boilerplate" in placement_problem(italics, italics, ())
    notes = (
        "TRANSCRIBER'S NOTES\n\nFootnotes were renumbered.\n\n"
        "Braces: surround simultaneous notes in a chord\n\n"
        "CHAPTER I\n\n" + "The music of savages is rhythm before it is melody. " * 40
    )
    assert "transcriber" in placement_problem("Braces: surround simultaneous notes in a chord", notes, ())
    # far past the notes, the book's own text is content again
    assert placement_problem("The music of savages is rhythm before it is melody.", notes[-400:], ()) == ""


def test_a_licence_named_in_a_projects_features_leaves_the_text_near_it_content() -> None:
    # A feature list saying which licence the library is under is no licence text: the acronym
    # defined just before it ("Distinguished Encoding Rules (DER)") is the library's content.
    intro = (
        "This document describes the Wirelib library that provides Distinguished Encoding Rules (DER) "
        "encoding and decoding functions.\nThe main features of this library are:\n"
        "• It’s Free Software. Anybody can use, modify, and redistribute the library under the terms of "
        "the GNU Lesser General Public License version 2.1 or later. The command line tools are licensed "
        "under the GNU General Public License version 3.0 or later.\n"
    )
    span = "Wirelib library that provides Distinguished Encoding Rules (DER) encoding and decoding functions."
    assert placement_problem(span, intro, ()) == ""
    # the licence's own wording still is boilerplate, and so is the text near it
    notice = intro + "Permission is granted to copy, distribute and/or modify this document."
    assert "boilerplate" in placement_problem("The command line tools are licensed", notice, ())


def test_a_sentence_cut_from_the_line_before_starts_mid_sentence() -> None:
    text = (
        "the FAA proposes to require installing new software on every airplane of\n"
        "the fleet, and revising the existing manual to include the new procedures.\n"
        "Each operator must comply within the compliance time of this proposed AD."
    )
    assert starts_mid_sentence("the fleet, and revising the existing manual", text)
    assert not starts_mid_sentence("Each operator must comply within the compliance time", text)
    bullets = "● A compiler translates source code.\n● The linker combines object files into one program."
    assert not starts_mid_sentence("The linker combines object files into one program.", bullets)


def test_only_a_card_made_of_its_quote_must_start_where_a_sentence_does() -> None:
    text = (
        "The memory allocator finds an empty spot in the heap that is big enough, marks it as being\n"
        "in use, and returns a pointer, which is the address of that location in the heap memory.\n"
        "This process is called allocating on the heap and is sometimes abbreviated as just allocating.\n"
        "Because the pointer to the heap is a known, fixed size, you can store the pointer on the stack."
    )
    section = Section(text, REF)
    quote = "in use, and returns a pointer, which is the address of that location"
    drafted = CardDraft(
        CardKind.CLOZE, quote.replace("pointer", "{{c1::pointer}}") + ".", "", REF, source_span=quote
    )
    rephrased = CardDraft(
        CardKind.CLOZE,
        "On the heap, the memory allocator returns a {{c1::pointer}}: the address of the spot it marked.",
        "",
        REF,
        origin=Origin.LLM,
        source_span=quote,
    )
    assert check_whole_sentence(drafted, "en", text)[0] is False  # starts lower-case, inside a sentence
    assert check_whole_sentence(rephrased, "en", text) == (True, "")
    assert apply_gate([rephrased], GateContext(sections=(section,), language="en")).kept


# --- debris and maths -------------------------------------------------------------------------


def test_extraction_debris_is_not_well_formed() -> None:
    assert "non-characters" in debris_problem("Con\ufffeversely, dense encodings complement sparse ones.")
    assert "Markdown residue" in debris_problem("The _samisen_ is a kind of small banjo.")
    assert "citation marker" in debris_problem("It weighs less than 1 kg (2.2 lb).[48]")
    assert debris_problem("snake_case, __init__ and matrix[1] are code.") == ""
    assert "accent" in debris_problem("Pål Hagen is a Nor- ̊ wegian actor.")
    assert "accent" in debris_problem("Ageˆncia Nacional de Aviação Civil evaluates the airplane.")
    assert "footnote" in debris_problem("FAISS indexes real-valued vectors10 , so DPR is efficient.")
    assert "footnote" in debris_problem("8MCAS is a function of the Speed Trim System.")
    notes = "Reports 1 from the investigation say the system 2 generated commands."
    assert "footnote" in debris_problem(notes)
    assert "broken" in debris_problem("When training with mul- tiple datasets, SQuAD is limited.")
    assert "heading" in debris_problem("SALTARELLO.--The dance is in quick triple time.")
    # numbers, versions and dashes a text really has are no debris
    for fine in (
        "The writing strand has 4 topics.",
        "SSE2 assembly runs on the x86 family.",
        "Pre- and post-conditions hold.",
        "The pipe--a reed--affects animals.",
        "Python 3 added f-strings in version 3.6.",
    ):
        assert debris_problem(fine) == "", fine
    samisen = CardDraft(CardKind.BASIC, "What is the _samisen_?", "a kind of small banjo", REF)
    assert check_well_formed(samisen) == (False, "Markdown residue (_italic_)")
    # a person's own text is flagged for it, never refused (cards.editing uses text_problem only)
    assert text_problem("The _samisen_ is a kind of small banjo [1].") == ""
    leftover = CardDraft(CardKind.CLOZE, "The {{c1::stack}} grows.", "see {{c2::heap}}", REF)
    assert check_well_formed(leftover) == (False, "cloze markup in the extra text")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("install into $(DESTDIR)$(prefix)/bin", "install into $(DESTDIR)$(prefix)/bin"),
        ("run $(shell uname -s) in ${HOME} or ${name:-x}", "run $(shell uname -s) in ${HOME} or ${name:-x}"),
        ("It costs $5 and $10 later.", "It costs $5 and $10 later."),
        ("pay $5 for the $x$ here", "pay $5 for the \\(x\\) here"),
        ("the area $x^2$ grows", "the area \\(x^2\\) grows"),
    ],
)
def test_shell_make_and_prices_are_never_maths(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert text_problem(clean) == ""


def test_numbers_inside_identifiers_are_names() -> None:
    assert quantities("An i32 and BM25 at RL.1.2 reach 78.4% in 2020 with 1,200 passages") == {
        "78.4",
        "2020",
        "1200",
    }
    section = Section("Integers such as i32 are Copy. BM25 reached 59.1% on NQ.", REF)
    card = CardDraft(
        CardKind.BASIC, "What did BM25 reach on NQ?", "59.1% with BM25", REF, source_span=section.text[31:]
    )
    assert check_grounded(card, [section])[0]


# --- the gate as a whole -----------------------------------------------------------------------


def test_well_formed_llm_cards_pass_and_generic_clozes_do_not() -> None:
    text = (
        "Dabbling ducks feed on the surface of water or by up-ending. Diving ducks and sea ducks forage "
        "deep underwater. To be able to submerge more easily, diving ducks are heavier than dabbling ducks."
    )
    section = Section(text, REF)
    ctx = GateContext(sections=(section,), language="en")
    good = [
        CardDraft(
            CardKind.BASIC,
            "Why do diving ducks have more difficulty taking off than dabbling ducks?",
            "They are heavier, to submerge more easily",
            REF,
            origin=Origin.LLM,
            source_span="To be able to submerge more easily, diving ducks are heavier than dabbling ducks.",
        ),
        CardDraft(
            CardKind.CLOZE,
            "{{c1::Dabbling}} ducks feed at the surface, while {{c2::diving}} ducks forage deep underwater.",
            "",
            REF,
            origin=Origin.LLM,
            source_span="Dabbling ducks feed on the surface of water or by up-ending.",
        ),
    ]
    generic = CardDraft(
        CardKind.CLOZE,
        "Diving ducks and sea ducks forage deep {{c1::underwater}}.",
        "",
        REF,
        source_span="Diving ducks and sea ducks forage deep underwater.",
    )
    result = apply_gate([*good, generic], ctx)
    assert [c.front for c in result.kept] == [c.front for c in good]
    assert [rules for _, rules in result.dropped] == [["Q9"]]


def test_a_fairly_rare_word_in_passing_is_a_guess_unless_the_sentence_names_it() -> None:
    raided = "Ducks' nests are raided by land-based predators, such as foxes."
    assert "common word" in term(raided, "predators")
    benchmark = "SQuAD is a popular benchmark dataset for reading comprehension."
    assert "common word" in term(benchmark, "dataset")
    # named or defined in passing, the same kind of word is the sentence's term
    assert term("The allocator returns a pointer, which is the address of that location.", "pointer") == ""
    assert term("Along the edge of the bill is a comb-like structure called a pecten.", "pecten") == ""


def test_descriptions_and_abstract_nouns_are_not_terms() -> None:
    assert "describes" in term(
        "Haydn's later symphonies have been compared with Beethoven's.", "later symphonies"
    )
    assert "describes" in term("Often the second period is left as it is.", "second period")
    mere = "Wagner and Mendelssohn recognized the definiteness of musical suggestions."
    assert "abstract" in term(mere, "definiteness")
    # an abstract noun the sentence defines is its term
    assert term("Modulation is called transposition when the whole piece moves.", "transposition") == ""


def test_a_predicate_adjective_and_a_cross_reference_are_not_cards() -> None:
    encoder = "Because the encoder is not fine-tuned, the representations could be suboptimal."
    assert "said of the subject" in term(encoder, "suboptimal")
    # a noun after the copula is still a term
    islands = "Ducks reached the Galápagos Islands, where they are often vagrants and less often residents."
    assert "said of the subject" not in term(islands, "vagrants")
    middle = CardDraft(
        CardKind.CLOZE,
        "The middle block is the {{c1::in-batch negative training}} (Section 3.2) setting.",
        "",
        REF,
    )
    assert check_self_contained(middle)[0] is False
    leaning = CardDraft(
        CardKind.CLOZE,
        "In comparison, building an inverted index using {{c1::Lucene}} is much cheaper.",
        "",
        REF,
    )
    assert check_self_contained(leaning)[0] is False
    appendix = CardDraft(
        CardKind.BASIC, "What does Appendix B provide?", "Examples of texts for each grade level.", REF
    )
    assert check_self_contained(appendix)[0] is False
    # "an appendix a day after": an article after the word, not a lettered appendix
    surgery = "Surgeons remove an inflamed appendix a day after {{c1::appendicitis}} is diagnosed."
    assert check_self_contained(CardDraft(CardKind.CLOZE, surgery, "", REF))[0] is True
    table = "In comparison, DPR is able to return Top-1 Top-5 Gold 44.9 66.8 78.1 85.0 Dist."
    assert "table" in debris_problem(table)


def test_a_question_in_context_is_checked_like_any_other() -> None:
    block = "The top block is the standard 1-of-N training setting."
    assert "place in a figure" in question_problem(
        "In “Ablation Study”, what is the top block?", "a setting", block
    )
    # the context it names answers "of what?"
    capacity = "The capacity is the total amount of memory that the String has received."
    assert question_problem("What is the capacity?", "the total amount of memory", capacity) != ""
    assert (
        question_problem("In Rust strings, what is the capacity?", "the total amount of memory", capacity)
        == ""
    )


def test_slide_fragments_symbols_and_placeholder_text_make_no_card() -> None:
    glued = "No longer developed. Cython is not to be confused with CPython, the standard interpreter."
    assert "fragment glued" in sentence_problem(glued, "en")
    assert "aside" in context_problem("Danger: releasing the GIL twice will crash the program.", "en")
    assert "symbol" in debris_problem("⚠ Cython is not to be confused with CPython.")
    assert debris_problem("Water boils at 100 °C at sea level.") == ""
    lorem = "Lorem ipsum dolor sit amet, consetetur sadipscing elitr."
    assert "boilerplate" in placement_problem(lorem, lorem, ())


def test_the_word_a_section_is_named_for_is_its_topic() -> None:
    text = "Ducks have many predators. Ducks' nests are raided by land-based predators, such as foxes."
    section = Section(text, SourceRef(page=1, heading=("Duck", "Predators")))
    card = CardDraft(
        CardKind.CLOZE,
        "Ducks' nests are raided by land-based {{c1::predators}}, such as foxes.",
        "",
        section.source,
        source_span="Ducks' nests are raided by land-based predators, such as foxes.",
    )
    kept = apply_gate([card], GateContext(sections=(section,), language="en")).kept
    assert kept == []


def test_a_cloze_running_past_etc_is_two_sentences() -> None:
    pipe = "The pipe affects animals--cobras, lizards, fish, etc. Animals' natures are purely sensuous."
    assert "two sentences" in sentence_problem(pipe, "en")
    assert sentence_problem("Ducks eat grasses, insects, worms, etc. in shallow water.", "en") == ""


def test_notation_clauses_and_placeholder_text_are_not_cards() -> None:
    assert "notation" in debris_problem("In [O] time [B = S S S] the semibrevis was as long as two minimi.")
    assert "notation" in debris_problem("To make it chromatic: [G: e' f' g-' a'] the lichanos is lowered.")
    assert debris_problem("The array a[i] holds the i-th value.") == ""
    clause = question_problem(
        "Qu’est-ce que Oui, c’était vrai ?", "Louis patinait avec Henriette", "Oui", "fr"
    )
    assert "clause" in clause
    lorem = "Lorem ipsum dolor sit amet, consetetur sadipscing elitr. At vero eos et accusam et justo duo."
    assert "placeholder" in placement_problem("At vero eos et accusam et justo duo.", lorem, ())


def test_an_abbreviation_is_no_glued_fragment() -> None:
    for text in (
        "Dr. Smith discovered the enzyme in 1950.",
        "St. Armand was a monastery in Flanders.",
        "U.S. law requires a license.",
    ):
        assert "fragment" not in sentence_problem(text, "en"), text


def test_counts_and_codes_are_no_footnote_debris() -> None:
    for text in (
        "The writing strand has 4 topics and the language strand has 3 topics.",
        "2FA adds a second factor to a password.",
        "3GPP writes the standards for mobile networks.",
    ):
        assert debris_problem(text) == "", text


def test_a_description_asked_as_a_term() -> None:
    span = "The entire pre-Palestrina literature of music is a testimony to its character."
    problem = question_problem("What is the entire pre-Palestrina literature of music?", "a testimony", span)
    assert "description" in problem


def test_an_accented_spelling_of_a_common_word_is_common() -> None:
    assert "common word" in term("To define the rôle of harmony in music is no easy matter.", "rôle")


def test_the_acronym_names_one_thing() -> None:
    span = "The AFM is an FAA-approved document that manufacturers furnish to owners."
    assert (
        question_problem("What is the AFM?", "an FAA-approved document that manufacturers furnish", span)
        == ""
    )


def test_an_answer_that_points_back_or_remarks_to_the_reader_is_no_card() -> None:
    pointing = CardDraft(
        CardKind.BASIC,
        "In Brindle, what is acknowledging a message?",
        "One of the few places with this rule",
        REF,
    )
    assert "points back" in check_self_contained(pointing, "en")[1]
    # the noun the answer points at is named in the question: "this queue" is the queue asked about
    named = CardDraft(
        CardKind.BASIC, "What does a paused queue do?", "Keeps every message this queue holds", REF
    )
    assert check_self_contained(named, "en")[0] is True
    remark = CardDraft(
        CardKind.BASIC,
        "In Brindle, what are routing keys?",
        "A way of naming queues, but you don’t need to worry about them for now",
        REF,
    )
    assert "remark" in check_self_contained(remark, "en")[1]
    # what the text says it leaves out is no answer either; "does not cover" said of the thing is one
    for left_out in (
        "An additional kind of delivery guarantee that we won’t cover in detail here",
        "A second queue type, which is beyond the scope of the tutorial",
    ):
        card = CardDraft(CardKind.BASIC, "In Brindle, what are fences?", left_out, REF)
        assert "remark" in check_self_contained(card, "en")[1]
    covers = CardDraft(
        CardKind.BASIC, "In Brindle, what does a lease cover?", "The queue it was taken on", REF
    )
    assert check_self_contained(covers, "en")[0] is True


def test_a_conjunction_the_stop_word_list_lacks_is_a_trivial_deletion() -> None:
    plain = "The exit callbacks will still be called unless the broker is run with --abort-on-error."
    assert "trivial" in target_problem("unless", plain, plain.index("unless"), language="en")
    assert "trivial" not in target_problem("callbacks", plain, plain.index("callbacks"), language="en")
