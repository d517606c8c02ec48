from __future__ import annotations

import pytest

from cards.grounding import check_grounded, locator_valid
from cards.markup import (
    check_well_formed,
    clean_text,
    convert_math,
    renumber_cloze,
    repair,
    repair_cloze,
    text_problem,
)
from cards.quality import (
    REVIEW_TAG,
    GateContext,
    apply_gate,
    check_atomic,
    check_concise,
    check_language,
    check_no_set,
    check_not_leaked,
    check_not_trivial,
    check_not_yes_no,
    check_one_answer,
    check_self_contained,
)
from cards.schema import CardDraft, CardKind, Origin
from documents.model import Section, SourceRef

from .sample import PROSE, SEC_PROSE

REF = SourceRef(page=1, heading=("Ownership",))


def basic(front: str, back: str, span: str = PROSE) -> CardDraft:
    return CardDraft(CardKind.BASIC, front, back, REF, origin=Origin.LLM, source_span=span)


def cloze(text: str, span: str = PROSE, tags: list[str] | None = None) -> CardDraft:
    return CardDraft(CardKind.CLOZE, text, "", REF, source_span=span, tags=tags or [])


GOOD = basic("What is ownership in Rust?", "A set of rules that govern how a program manages memory")


def test_q1_well_formed() -> None:
    assert check_well_formed(GOOD)[0]
    assert check_well_formed(cloze("The {{c1::stack}} stores values in order."))[0]
    assert not check_well_formed(basic("What is X?", ""))[0]
    assert not check_well_formed(cloze("The {{c2::stack}} stores values."))[0]  # not from 1
    assert not check_well_formed(cloze("The {{c1::stack}} and {{c3::heap}} hold data."))[0]  # gap
    assert not check_well_formed(cloze("No deletion at all here."))[0]
    assert not check_well_formed(basic("What is **ownership**?", "rules"))[0]
    assert not check_well_formed(basic("What is ownership?", "rules\x07"))[0]
    assert not check_well_formed(basic("What is $x^2$?", "a square"))[0]
    assert not check_well_formed(basic("What is <b>ownership?", "rules"))[0]


def test_q1_repairs() -> None:
    assert renumber_cloze("{{c2::a}} {{c5::b}} {{c2::c}}") == "{{c1::a}} {{c2::b}} {{c1::c}}"
    assert convert_math("area $x^2$ and $$y$$") == "area \\(x^2\\) and \\[y\\]"
    fixed = repair(cloze("The **{{c3::stack}}** stores values\x00."))
    assert fixed.front == "The {{c1::stack}} stores values."
    assert check_well_formed(fixed)[0]


def test_q2_atomic() -> None:
    assert check_atomic(GOOD)[0]
    long = " ".join(["word"] * 40)
    assert not check_atomic(basic("What is it?", long + " " + long))[0]
    assert not check_atomic(basic("What is X?", "A rule. A second. A third one."))[0]
    assert not check_atomic(basic("What is X?", "A rule; also a habit"))[0]
    four = "{{c1::a1}} {{c2::b2}} {{c3::c3}} {{c4::d4}} words here"
    assert not check_atomic(cloze(four))[0]
    assert check_atomic(cloze(four, tags=["list"]))[0]


def test_q3_concise() -> None:
    assert check_concise(GOOD)[0]
    assert not check_concise(basic("What " + "very " * 45 + "long?", "x"))[0]


def test_q4_one_answer() -> None:
    assert check_one_answer(GOOD)[0]
    assert check_one_answer(basic("Define ownership.", "rules"))[0]
    assert not check_one_answer(basic("Explain ownership.", "rules"))[0]
    assert not check_one_answer(basic("Ownership and memory", "rules"))[0]
    assert not check_one_answer(cloze("Rust uses {{c1::a set of rules that govern memory}} here."))[0]


def test_q5_no_yes_no() -> None:
    assert check_not_yes_no(GOOD)[0]
    assert not check_not_yes_no(basic("Is Rust memory safe?", "Yes"))[0]
    assert not check_not_yes_no(basic("Does the stack grow?", "It does"))[0]


def test_q6_no_sets() -> None:
    assert check_no_set(GOOD)[0]
    assert not check_no_set(basic("List the three types of memory.", "stack, heap, static"))[0]
    assert not check_no_set(basic("Which colours are primary?", "red, green and blue"))[0]


def test_q7_self_contained() -> None:
    assert check_self_contained(GOOD)[0]
    assert not check_self_contained(basic("What does this figure show?", "memory"))[0]
    assert not check_self_contained(basic("It manages what?", "memory"))[0]
    assert not check_self_contained(basic("What is described in the above paragraph?", "memory"))[0]


def test_q7_a_document_speaking_of_itself_is_no_fact() -> None:
    # the Massif manual's "the exact format is not described here" (found in the blind reading)
    card = basic("In Massif, why is the exact format not described here?", "Because it is Massif-specific")
    assert not check_self_contained(card)[0]
    assert check_self_contained(basic("Where is Massif described?", "In the Valgrind manual"))[0]


def test_q7_a_manuals_example_output_or_screenshot_is_no_fact() -> None:
    # Valgrind's DHAT manual describes its own example output and screenshot
    assert not check_self_contained(
        cloze("In DHAT, the second part of the output shows the {{c1::t-gmax}} value.")
    )[0]
    why = basic("In DHAT, why is the font very small?", "Because this screenshot shows the tree's structure")
    assert not check_self_contained(why)[0]
    described = cloze("With the described approach, all blocks go to the same {{c1::program point}}.")
    assert not check_self_contained(described)[0]
    assert check_self_contained(cloze("The output of a {{c1::compiler}} is an object file."))[0]


def test_q7_a_step_of_a_numbered_list_the_card_does_not_show() -> None:
    # libxslt's internals: "Step 1/ is implemented by calling xsltGetTemplate(), step 2/ …"
    assert not check_self_contained(cloze("Step 1/ is implemented by calling {{c1::xsltGetTemplate()}}."))[0]
    assert not check_self_contained(cloze("In step 2 the {{c1::compiler}} checks the types."))[0]
    assert check_self_contained(cloze("A two-step {{c1::handshake}} opens the connection."))[0]


def test_q8_not_leaked() -> None:
    assert check_not_leaked(GOOD)[0]
    assert not check_not_leaked(
        basic("What do the rules of memory ownership govern?", "memory ownership rules")
    )[0]
    assert not check_not_leaked(cloze("The {{c1::stack}} is fast; the stack grows down."))[0]
    assert check_not_leaked(cloze("The {{c1::stack}} stores values in order."))[0]
    # the same word in the plural or the singular gives it away too
    assert not check_not_leaked(cloze("Keys take 8 octets, and each {{c1::octet}} has a parity bit."))[0]
    assert not check_not_leaked(cloze("Each tree has a root, and all {{c1::trees}} grow from it."))[0]
    # a list's items may name each other: "topics (groupings within a strand)"
    assert check_not_leaked(
        cloze("Parts are {{c1::strands}} and {{c2::topics}} (groupings within a strand).")
    )[0]


def test_q8_a_method_name_that_spells_its_result_gives_it_away() -> None:
    # "createInterface" makes an Interface: "a new … instance" adds nothing the question did not say
    assert not check_not_leaked(
        basic("What does readline.createInterface() return?", "A new readline.Interface instance")
    )[0]
    assert not check_not_leaked(basic("What does tls.createServer() create?", "A tls.Server object"))[0]
    # a result the name does not spell is the fact to learn
    assert check_not_leaked(
        basic("What does emitter.on(eventName, listener) return?", "A reference to the EventEmitter")
    )[0]
    assert check_not_leaked(
        basic("What does path.parse() return?", "An object whose properties are the path's parts")
    )[0]


def test_q8_an_answer_that_spells_out_a_glued_setting_name_gives_it_away() -> None:
    # blind readers dropped "In Cython, what does boundscheck=True mean?" / "… are bounds-checked …"
    assert not check_not_leaked(
        basic("In Numba, what does wraparound=False mean?", "Negative indices do not wrap around")
    )[0]
    # an answer that says more than the name's two words is the fact to learn
    assert check_not_leaked(
        basic("In Numba, what does wraparound=False mean?", "Negative indices raise an IndexError")
    )[0]
    assert check_not_leaked(basic("In Cython, what does cdivision=True mean?", "C semantics for division"))[0]


def test_q8_a_type_note_does_not_hide_an_answer_the_name_spells() -> None:
    # an API reference's "{string}" before the description only says what kind of value it is
    assert not check_not_leaked(basic("In node:http, what is request.path?", "{string} The request path"))[0]
    assert check_not_leaked(
        basic("In node:http, what is request.path?", "{string} The path and query string")
    )[0]


def test_q9_not_trivial() -> None:
    # "stack" is a fairly common word: a term here because the section keeps using it
    stack = cloze("The {{c1::stack}} stores values in order.")
    section = PROSE + " Values on the stack are popped in reverse order."
    assert check_not_trivial(stack, frozenset(), section_text=section)[0]
    assert not check_not_trivial(stack, frozenset())[0]
    assert not check_not_trivial(cloze("The stack stores values {{c1::in}} order."), frozenset())[0]
    assert not check_not_trivial(cloze("The {{c1::stack}} stores."), frozenset(), section_text=section)[0]
    assert not check_not_trivial(stack, frozenset({"stack"}), section_text=section)[0]
    assert not check_not_trivial(basic("Ownership?", "rules"), frozenset())[0]


def test_q10_grounded() -> None:
    sections = [SEC_PROSE]
    assert check_grounded(GOOD, sections)[0]
    ungrounded = basic("What is ownership in Rust?", "A kind of lifetime annotation for closures")
    ok, _, severity = check_grounded(ungrounded, sections)
    assert not ok and severity == "E"
    wrong_year = basic("When was Rust first released as stable?", "In 2016")
    ok, detail, severity = check_grounded(wrong_year, sections)
    assert not ok and severity == "E" and "2016" in detail
    assert check_grounded(basic("When was Rust first released as stable?", "In 2015"), sections)[0]
    assert not check_grounded(basic("What is ownership?", "rules", span=""), sections)[0]


def test_q11_locator() -> None:
    sections = [SEC_PROSE, Section("x", SourceRef(page=2))]
    assert locator_valid(SourceRef(page=2), sections)
    assert not locator_valid(SourceRef(page=9), sections)
    assert not locator_valid(SourceRef(), sections)
    assert locator_valid(
        SourceRef(heading=("A",), lines=(3, 4)), [Section("t", SourceRef(heading=("A",), lines=(1, 9)))]
    )
    assert not locator_valid(SourceRef(heading=("B",)), [Section("t", SourceRef(heading=("A",)))])


def test_q13_language() -> None:
    assert check_language(GOOD, "en")[0]
    french = basic(
        "Qu’est-ce que la propriété en Rust ?", "Un ensemble de règles qui régissent la mémoire du programme"
    )
    assert not check_language(french, "en")[0]
    assert check_language(french, "fr")[0]


def test_gate_policy_drops_errors_and_flags_warnings() -> None:
    ctx = GateContext(sections=(SEC_PROSE,), language="en")
    # "Some languages" only repeats the question's own word: the answer is leaked (Q8, E).
    leaky = basic("Which languages look for no-longer-used memory as the program runs?", "Some languages")
    flagged_vague = basic(
        "Explain ownership in Rust.", "A set of rules that govern how a program manages memory"
    )
    bad = basic("Is Rust memory safe?", "Yes")
    result = apply_gate([flagged_vague, GOOD, bad, leaky], ctx)
    fronts = [c.front for c in result.kept]
    assert fronts == [GOOD.front, flagged_vague.front]  # clean first, the flagged one fills up
    assert REVIEW_TAG in result.kept[1].tags and result.kept[1].checks["Q4"] is False
    assert [(c.front, rules) for c, rules in result.dropped] == [
        (bad.front, ["Q5", "Q10"]),
        (leaky.front, ["Q8"]),
    ]
    limited = apply_gate([flagged_vague, GOOD], ctx, max_cards=1)
    assert [c.front for c in limited.kept] == [GOOD.front]
    assert [(c.front, rules) for c, rules in limited.dropped] == [(flagged_vague.front, ["budget"])]
    assert all(result.kept[0].checks.values())


@pytest.mark.parametrize(
    "rule", ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q11", "Q13", "Q16", "Q17"]
)
def test_every_rule_recorded(rule: str) -> None:
    result = apply_gate([GOOD], GateContext(sections=(SEC_PROSE,), language="en"))
    assert result.kept[0].checks[rule] is True


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("What does matrix[i][j] hold?", "What does matrix[i][j] hold?"),
        ("What does f(x)[0](y) return?", "What does f(x)[0](y) return?"),
        ("When is `__init__` called?", "When is `__init__` called?"),
        ("When is __init__ called?", "When is __init__ called?"),
        ("What does a_b__c name?", "What does a_b__c name?"),
        ("What does `m[i][j] = **x**` do?", "What does `m[i][j] = **x**` do?"),
        ("What does `$HOME` hold in $x^2$?", "What does `$HOME` hold in \\(x^2\\)?"),
        ("What does **kwargs collect?", "What does **kwargs collect?"),
        # real Markdown is still rendered away
        ("What is **ownership**?", "What is ownership?"),
        ("What is __very important__ here?", "What is very important here?"),
        ("See [the book](https://doc.rust-lang.org/book/) now", "See the book now"),
        ("See [the book][rust] and ![a diagram](img/stack.png)", "See the book and a diagram"),
    ],
)
def test_q1_repairs_leave_code_alone(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert text_problem(clean) == ""


def test_q1_code_cards_pass_and_markdown_cards_fail() -> None:
    for front in ("What does matrix[i][j] hold?", "When is `__init__` called?", "What does a_b__c name?"):
        assert check_well_formed(basic(front, "the value"))[0], front
    assert check_well_formed(basic("What does `[x](y.md)` mean?", "a Markdown link"))[0]
    for front in ("What is **ownership**?", "What is [Rust](https://rust-lang.org)?", "What is [Rust][1]?"):
        assert not check_well_formed(basic(front, "rules"))[0], front
        assert check_well_formed(repair(basic(front, "rules")))[0], front


def test_q1_half_closed_cloze_repaired() -> None:
    assert repair_cloze("The {{c1::stack} grows and the {{c3::heap}} too.") == (
        "The {{c1::stack}} grows and the {{c2::heap}} too."
    )
    assert repair_cloze("The {{c1::stack}} grows.") == "The {{c1::stack}} grows."
    fixed = repair(cloze("The {{c1::stack} stores values in order."))
    assert fixed.front == "The {{c1::stack}} stores values in order." and check_well_formed(fixed)[0]


def test_q7_dangling_reference_drops_a_pronoun_lead_flags() -> None:
    ctx = GateContext(sections=(SEC_PROSE,), language="en")
    figure = basic("What does this figure show about the stack?", "The order values are stored in")
    pronoun = basic("It stores values in which order?", "The order it gets them")
    result = apply_gate([figure, pronoun], ctx)
    assert [(c.front, rules) for c, rules in result.dropped] == [(figure.front, ["Q7"])]
    assert [c.front for c in result.kept] == [pronoun.front] and REVIEW_TAG in result.kept[0].tags


RELEASE = "Rust was first released as a stable version in 2015 by Mozilla Research."


def test_q10_translated_card_grounded_on_what_survives_translation() -> None:
    sections = [SEC_PROSE]
    span = "Ownership is a set of rules that govern how a Rust program manages memory."
    french = basic(
        "Que régissent les règles de la propriété en Rust ?",
        "La façon dont un programme gère la mémoire",
        span=span,
    )
    # compared word for word with the English source, a correct French card looks ungrounded
    assert check_grounded(french, sections)[::2] == (False, "E")
    assert check_grounded(french, sections, translated=True) == (True, "", "W")
    ctx = GateContext(sections=(SEC_PROSE,), language="fr", source_language="en")
    assert ctx.translated and not GateContext(language="en", source_language="en-GB").translated
    assert apply_gate([french], ctx).kept[0].checks["Q10"] is True

    wrong_year = basic("Qui a publié Rust en version stable ?", "Mozilla Research, en 2016", span=RELEASE)
    ok, detail, severity = check_grounded(wrong_year, sections, translated=True)
    assert not ok and severity == "E" and "2016" in detail
    invented = basic(
        "Qui a publié Rust en version stable ?", "Mozilla Research", span="Rust fut publié par Google."
    )
    assert check_grounded(invented, sections, translated=True)[:3:2] == (False, "E")  # span not the source's
    other_name = basic("Qui a publié Rust en version stable ?", "La fondation Google", span=RELEASE)
    ok, detail, severity = check_grounded(other_name, sections, translated=True)
    assert not ok and severity == "W" and "Google" in detail
    decimals = basic("Quelle est la part ?", "3,5 %", span="The share is 3.5 % of all programs.")
    assert check_grounded(decimals, [Section("The share is 3.5 % of all programs.", REF)], translated=True)[0]
