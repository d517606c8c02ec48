"""No card about what a tutorial's own example program defines ("the can_hold method"): a fact of the
listing, not of the language. A name a heading carries is the page's subject and keeps its cards."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.example_names import example_names, names_an_example
from cards.offline.subject import with_domain
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef, chunk_from_payload, chunk_to_payload

OPTIONS = GenerationOptions(max_cards=40, kinds=[CardKind.BASIC, CardKind.CLOZE])

LISTING = (
    "struct Rectangle {\n    width: u32,\n    height: u32,\n}\n\nimpl Rectangle {\n"
    "    fn can_hold(&self, other: &Rectangle) -> bool {\n        self.width > other.width\n    }\n}"
)
PROSE = (
    "The can_hold method returns a Boolean, which means it is a perfect use case for the assert! macro. "
    "The assert! macro, provided by the standard library, is useful when you want to ensure that some "
    "condition in a test evaluates to true. The assert_eq! macro compares two values for equality."
)
OUTPUT = (
    "$ cargo test\n   Compiling rectangle v0.1.0\nrunning 1 test\ntest tests::larger_can_hold_smaller ... ok"
)


def _chunk(index: int, heading: str, *sections: tuple[str, str]) -> Chunk:
    source = SourceRef(heading=("How to Write Tests", heading))
    return Chunk(
        index,
        tuple(Section(text, source, kind=kind) for text, kind in sections),
        heading=("How to Write Tests", heading),
        title="How to Write Tests - The Gleam Book",
    )


def test_no_card_on_a_method_the_example_defines() -> None:
    # the listing in one chunk, the prose about it in the next (as the chunker often splits them)
    chunks = [
        _chunk(0, "Using Structs", (LISTING, "code"), ("A rectangle holds its width and height.", "body")),
        _chunk(1, "Checking Results with assert!", (PROSE, "body"), (OUTPUT, "code"), (OUTPUT, "code")),
    ]
    alone = generate_cards(chunks[1], OPTIONS, None, language="en", density_per_1k=100).cards
    assert "What does the can_hold method return?" in [c.front for c in alone]  # its chunk alone: no listing
    named = with_domain(chunks, "en")
    assert set(named[1].examples) == {"Rectangle", "can_hold"}
    cards = generate_cards(named[1], OPTIONS, None, language="en", density_per_1k=100).cards
    assert not any("can_hold" in c.front for c in cards), [c.front for c in cards]


def test_a_name_a_heading_carries_is_the_pages_subject() -> None:
    # an API page's example defines the hook it documents: "resolve(specifier, context)" heads a section
    hook = (
        "export async function resolve(specifier, context, nextResolve) {\n"
        "  return nextResolve(specifier);\n}"
    )
    chunk = _chunk(
        0,
        "resolve(specifier, context, nextResolve)",
        ("The resolve hook returns a URL.", "body"),
        (hook, "code"),
    )
    assert example_names([chunk]) == frozenset()
    assert "parseArgs" in example_names([_chunk(0, "Arguments", ("function parseArgs(argv) {}", "code"))])


def test_a_common_word_is_an_example_name_only_where_written_as_code() -> None:
    names = {"run", "search"}
    assert names_an_example("In Gleam, what does the run function take?", names)
    assert names_an_example("What does search() return?", names)
    assert not names_an_example("What happens when you run your tests with the test command?", names)
    assert names_an_example("What does the can_hold method return?", {"can_hold"})
    assert not names_an_example("What does the main function do?", example_names([]))


def test_the_example_names_travel_in_the_chunks_payload() -> None:
    chunk = with_domain([_chunk(0, "Using Structs", (LISTING, "code"))], "en")[0]
    assert chunk_from_payload(0, chunk_to_payload(chunk)).examples == ("Rectangle", "can_hold")


def test_the_variables_and_constants_an_example_declares_are_its_own() -> None:
    # "In Program Start, what is the file_indx?", "what is the params string array used for?": the
    # tutorial's program, not the library; "COUNTER" is the example's static, not a fact of Rust
    c_code = (
        "int main(int argc, char **argv) {\n    int arg_indx;\n    const char *params[16 + 1];\n"
        "    int file_indx = 0;\n    xmlDocPtr doc, res;\n}"
    )
    rust_code = "static mut COUNTER: u32 = 0;\n\nfn main() {\n    let mut guess = String::new();\n}"
    names = example_names([_chunk(0, "Program Start", (c_code, "code"), (rust_code, "code"))])
    assert {"arg_indx", "params", "file_indx", "doc", "COUNTER", "guess"} <= names
    assert "main" not in names and "argc" not in names
    assert names_an_example("What is the file_indx?", names)
    assert names_an_example("What is the params string array used for?", names)
    assert names_an_example("Having multiple threads access COUNTER would result in data races.", names)
    assert not names_an_example("A doc comment starts with three slashes.", names)  # prose's own word


def test_an_enum_variant_and_a_string_the_example_declares_are_the_examples() -> None:
    from cards.offline.example_names import example_strings

    listing = (
        "enum Signal {\n    Quit,\n    ChangeColor(i32, i32, i32),\n}\n\n"
        'fn main() {\n    let greeting = String::from("Zdravstvuyte");\n    let x = Some(5);\n}'
    )
    chunk = _chunk(0, "Enums", (listing, "code"))
    names = example_names([chunk])
    # "Some" is the language’s own: used, not declared
    assert {"ChangeColor", "Quit"} <= names and "Some" not in names
    assert example_strings([chunk]) == {"zdravstvuyte"}
    from cards.offline.drafter import Drafter

    d = Drafter(
        _chunk(0, "Enums", (listing, "code"), ("Strings are stored as UTF-8 bytes.", "body")), OPTIONS, "en"
    )
    section = d.prepared[0][0]
    sentence = "It takes 24 bytes to encode “Zdravstvuyte” in UTF-8."
    assert not d.add(
        section,
        CardKind.CLOZE,
        "It takes 24 bytes to encode “{{c1::Zdravstvuyte}}” in UTF-8.",
        "",
        sentence,
        2,
    )
    assert d.add(
        section,
        CardKind.CLOZE,
        "It takes 24 bytes to encode “Zdravstvuyte” in {{c1::UTF-8}}.",
        "",
        sentence,
        2,
    )


def test_one_capital_variants_of_the_examples_enum() -> None:
    # "the Nil variant stores no values …": the listing's cons list, not Rust's
    listing = "enum List {\n    Cons(i32, Box<List>),\n    Nil,\n}\n\nuse crate::List::{Cons, Nil};"
    names = example_names([_chunk(0, "Recursive Types", (listing, "code"))])
    assert {"Cons", "Nil"} <= names
    assert names_an_example("The Nil variant stores no values, so it needs less space.", names)
    assert names_an_example("The last item contains only a value called Nil without a next item.", names)
    assert not names_an_example("The list is nil when it holds no items.", names)
    assert not names_an_example("Some values are stored on the heap.", names | {"Some"})
    # an enum a heading names is the page's subject: its variants are the language's
    std = "enum Option<T> {\n    None,\n    Some(T),\n}"
    names = example_names([_chunk(0, "The Option Enum and Its Advantages", (std, "code"))])
    assert "None" not in names and "Some" not in names


def test_a_cloze_hiding_an_example_variant_is_refused() -> None:
    from cards.offline.drafter import Drafter

    listing = "enum List {\n    Cons(i32, Box<List>),\n    Nil,\n}"
    sentence = "The compiler starts by looking at the Cons variant, which holds a value of type i32."
    d = Drafter(_chunk(0, "Recursive Types", (listing, "code"), (sentence, "body")), OPTIONS, "en")
    section = d.prepared[0][0]
    front = "The compiler starts by looking at the {{c1::Cons variant}}, which holds a value of type i32."
    assert not d.add(section, CardKind.CLOZE, front, "", sentence, 2)
