"""The name a whole document is about (its domain), found once over all its chunks and named on the
cards of a chunk that never says it."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.subject import Subject, coined_name, document_subject, domain_of, with_domain
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef, chunk_from_payload, chunk_to_payload

OPTIONS = GenerationOptions(max_cards=40, kinds=[CardKind.BASIC, CardKind.CLOZE])

# A language manual's chapter, in three chunks; the last never says the language's name.
GLEAM_INTRO = (
    "Gleam has two kinds of compound values. Every value in Gleam has a type, checked when the program "
    "is compiled. The Gleam compiler reports a mismatch with the line where it happened."
)
GLEAM_LISTS = (
    "Lists in Gleam are immutable. Gleam programs build a new list instead of changing one. "
    "Adding to the front of a list is cheap in Gleam."
)
GLEAM_TUPLES = (
    "A tuple is a fixed group of values of different types. "
    "A tuple is used when a function returns more than one value."
)
CODE = 'let pair = #(1, "one")\nio.println("hi")'


def _section(text: str, heading: str, kind: str = "body") -> Section:
    return Section(text, SourceRef(heading=("Compound Types", heading)), kind=kind)


def _chunks(title: str | None, *texts: str) -> list[Chunk]:
    chunks = []
    for index, text in enumerate(texts):
        sections = (_section(text, f"Part {index}"), _section(CODE, f"Part {index}", "code"))
        chunks.append(Chunk(index, sections, heading=("Compound Types",), title=title))
    return chunks


def test_a_chunk_that_never_says_the_name_is_still_about_it() -> None:
    title = "Compound Types - The Gleam Programming Language"
    chunks = _chunks(title, GLEAM_INTRO, GLEAM_LISTS, GLEAM_TUPLES)
    assert document_subject(chunks[2], "en") is None  # alone, the chunk does not say what it is about
    named = with_domain(chunks, "en")
    assert [c.domain for c in named] == ["Gleam"] * 3
    assert document_subject(named[2], "en") == Subject("Gleam", True)
    cards = generate_cards(named[2], OPTIONS, None, language="en", density_per_1k=100).cards
    fronts = [c.front for c in cards]
    assert "In Gleam, what is a tuple?" in fronts, fronts


def test_the_domain_travels_in_the_chunks_payload() -> None:
    chunk = with_domain(_chunks("Lists - The Gleam Programming Language", GLEAM_INTRO, GLEAM_LISTS), "en")[1]
    assert chunk_from_payload(1, chunk_to_payload(chunk)).domain == "Gleam"


def test_a_title_that_asks_a_question_still_gives_its_books_name() -> None:
    # "What is …?" is a question, not a headline: the book's name after it is the subject
    chunk = _chunks("What Is a Tuple? - The Gleam Programming Language", GLEAM_INTRO)[0]
    assert document_subject(chunk, "en") == Subject("Gleam", True)


def test_a_manuals_prose_names_its_domain_when_the_title_does_not() -> None:
    # an API page titled "Lists": the name its prose keeps writing capitalised, never in the code
    chunks = _chunks("Lists", GLEAM_INTRO, GLEAM_LISTS, GLEAM_INTRO.replace("two", "three"))
    assert domain_of(chunks, "en") == "Gleam"


def test_no_domain_from_the_prose_of_a_text_without_code() -> None:
    # a story's most written name is a person's: no card is "In Alice, …"
    story = (
        "Alice was beginning to get very tired of sitting by her sister. Once or twice Alice had peeped "
        "into the book. So Alice was considering whether the pleasure would be worth the trouble. "
        "Then Alice ran across the field after it. Down went Alice after it, never once considering."
    )
    sections = [Section(story, SourceRef(heading=("Chapter I",)))] * 3
    assert coined_name(sections, "en") is None
    with_code = [*sections, *[Section(CODE, SourceRef(), kind="code")] * 2]
    assert coined_name(with_code, "en") is None  # and "Alice" is a word everyone knows (zipf 4.3)


def test_an_identifier_or_an_acronym_is_no_domain() -> None:
    # "EventEmitter" is a class of the code, "DNS" a protocol: the prose says them often, yet a card
    # is not "In EventEmitter, …"
    prose = (
        "An EventEmitter calls its listeners in order. When the EventEmitter emits, each listener of the "
        "EventEmitter runs. Any EventEmitter can have many listeners, and the EventEmitter keeps them. "
        "The lookup uses DNS servers. The answer of DNS servers is cached, and DNS entries expire."
    )
    code = Section("const e = new EventEmitter();\ne.on('x', f);", SourceRef(), kind="code")
    sections = [Section(prose, SourceRef()), code, code]
    assert coined_name(sections, "en") is None


def test_in_a_document_with_code_a_common_word_in_the_title_can_be_its_domain() -> None:
    text = GLEAM_INTRO.replace("Gleam", "Swift")
    title = "Compound Types - The Swift Programming Language"
    assert domain_of(_chunks(title, text, text), "en") == "Swift"
    # the same word over slides without code is not enough: "Swift" is as common as a place's name
    prose_only = [Chunk(i, (_section(text, "Part"),), title=title) for i in range(2)]
    assert domain_of(prose_only, "en") is None


# --- a set of things owned by a name: a state's standards ------------------------------------------

KANSAS = (
    "The standards for PE are grouped into strands. The movement strand has three topics: Locomotor "
    "Skills, Manipulative Skills and Rhythm. The fitness strand asks students to keep a log of their "
    "activity. Kansas adopted the revised standards after two years of review. Teachers read the "
    "standards for PE with the model curriculum. The standards name what a student knows at each grade, "
    "and the standards are revised every six years. Schools in Kansas teach PE from kindergarten."
)


def test_a_title_naming_an_owners_set_of_things_is_the_domain() -> None:
    title = "Kansas’s New Learning Standards: Physical Education"
    assert domain_of([Chunk(0, (_section(KANSAS, "Strands"),), title=title)], "en") == "Kansas’s PE standards"
    chunk = with_domain([Chunk(0, (_section(KANSAS, "Strands"),), heading=("Strands",), title=title)], "en")[
        0
    ]
    fronts = [c.front for c in generate_cards(chunk, OPTIONS, None, language="en", density_per_1k=100).cards]
    assert any(f.startswith("In Kansas’s PE standards, the movement strand has three topics") for f in fronts)
    assert not any(f.startswith("In Kansas’s PE standards, Kansas adopted") for f in fronts)  # names it


def test_no_owned_set_from_a_work_or_a_set_the_text_does_not_keep_naming() -> None:
    story = "Alice sat by the river. The White Rabbit ran past. Alice followed him down the hole."
    assert (
        domain_of([Chunk(0, (_section(story, "I"),), title="Alice's Adventures in Wonderland")], "en") is None
    )
    tales = "The miller had three sons. The youngest son took the cat. The cat asked for a pair of boots."
    assert domain_of([Chunk(0, (_section(tales, "I"),), title="Grimm’s Fairy Tales")], "en") is None


def test_a_definition_of_the_domains_own_thing_keeps_its_capital() -> None:
    text = (
        "Gleam’s char type is the language’s most primitive alphabetic type. Values in Gleam are "
        "immutable, and the compiler of Gleam checks them. Gleam has four scalar types."
    )
    chunk = Chunk(
        0, (_section(text, "Types"),), heading=("Types",), title="Types - The Gleam Programming Language"
    )
    fronts = [c.front for c in generate_cards(chunk, OPTIONS, None, language="en", density_per_1k=100).cards]
    assert "What is Gleam’s char type?" in fronts, fronts


def test_a_rare_plural_the_text_also_counts_in_the_singular_is_no_name() -> None:
    # "Defining Structs": a struct is a thing of the language, "In structs, …" places nothing
    text = (
        "Structs are similar to tuples. Unlike with tuples, in a struct you name each piece of data. "
        "To define a struct, we enter the keyword struct and name the entire struct. Structs hold fields, "
        "and structs can be updated with the update syntax."
    )
    chunk = Chunk(0, (_section(text, "Structs"),), title="Defining Structs")
    subject = document_subject(chunk, "en")
    assert subject is None or not subject.proper


def test_a_manuals_title_names_its_domain_over_a_type_its_prose_writes_more() -> None:
    # "Recoverable Errors with Result - The Rust Programming Language": the chapter's prose writes
    # the language's own "Err" more often than "Rust" (less than once a chunk); the title says which
    # is the domain
    failure = (
        "If the call fails, the value is an Err that holds the reason, and the caller checks for an Err "
        "before it goes on. The caller may turn an Err into a message, or wrap the Err in another one."
    )
    first = "Gleam reports a failure as a value, as most Gleam libraries do. " + failure
    chunks = _chunks(
        "Recoverable Failures - The Gleam Programming Language", first, failure, failure, failure
    )
    assert coined_name([s for c in chunks for s in c.sections], "en") == "Err"
    assert domain_of(chunks, "en") == "Gleam"


# An API page of a runtime whose title is its module's bare name; its prose writes a platform's name
# ("Unix") more often than the runtime's, and the code imports the module by its namespaced name.
SOCK_INTRO = (
    "The node:sock module provides an asynchronous API for stream-based servers. A path on Unix is "
    "a file system path name. The socket on Unix is removed when the server closes. The module uses "
    "Unix domain sockets for local connections. The abstract sockets of Unix have no path."
)
SOCK_SERVER = (
    "The server.address() method returns the bound address of the server. The server.close() method "
    "stops the server from accepting new connections. The backlog on Unix is read from sysctl settings."
)
SOCK_CODE = "import sock from 'node:sock';\nconst server = sock.createServer();"


def test_an_api_pages_domain_is_the_module_its_code_imports() -> None:
    chunks = []
    for index, text in enumerate((SOCK_INTRO, SOCK_SERVER)):
        sections = (_section(text, f"Part {index}"), _section(SOCK_CODE, f"Part {index}", "code"))
        chunks.append(Chunk(index, sections, heading=("Sock",), title="Sock"))
    assert coined_name([s for c in chunks for s in c.sections], "en") == "Unix"  # the prose's name
    named = with_domain(chunks, "en")
    assert [c.domain for c in named] == ["node:sock"] * 2
    cards = generate_cards(named[1], OPTIONS, None, language="en", density_per_1k=100).cards
    assert not any("Unix," in c.front for c in cards), [c.front for c in cards]


def test_a_module_the_page_imports_less_than_its_own_is_no_domain() -> None:
    # "HTTP/2" imports "node:http" a few times and "node:http2" most: the title's "HTTP" is not "node:http"
    code = "import http2 from 'node:http2';\nimport http2 from 'node:http2';\nimport http from 'node:http';"
    sections = (
        _section(GLEAM_INTRO, "Part 0"),
        _section(code, "Part 0", "code"),
        _section(code, "Part 1", "code"),
    )
    assert domain_of([Chunk(0, sections, heading=("HTTP/2",), title="HTTP/2")], "en") != "node:http"


def test_a_module_named_by_two_title_words_is_the_pages_domain() -> None:
    # "Socket pools" documents "node:socket_pools": its title writes the module's name in words
    code = "import { Pool } from 'node:socket_pools';\nconst pool = new Pool();"
    chunks = []
    for index, text in enumerate((SOCK_INTRO, SOCK_SERVER)):
        sections = (_section(text, f"Part {index}"), _section(code, f"Part {index}", "code"))
        chunks.append(Chunk(index, sections, heading=("Socket pools",), title="Socket pools"))
    assert [c.domain for c in with_domain(chunks, "en")] == ["node:socket_pools"] * 2


def test_a_unit_the_prose_measures_in_is_no_domain() -> None:
    # a format list ends each figure "…, in Kilobytes.": written capitalised, never doing anything;
    # the cards of GNU time's manual were led "In Kilobytes, what does the “--format” option do?"
    figures = " ".join(
        f"{letter}: {what} of the process during its lifetime, in Kilobytes."
        for letter, what in [
            ("M", "Maximum resident set size"),
            ("t", "Average resident set size"),
            ("K", "Average total memory use"),
            ("D", "Average size of the unshared data area"),
            ("p", "Average size of the unshared stack"),
            ("X", "Average size of the shared text"),
        ]
    )
    prose = "The time command runs another program and reports what it used. " + figures
    sections = [Section(prose, SourceRef()), *[Section("time -v ls", SourceRef(), kind="code")] * 2]
    assert coined_name(sections, "en") is None
    # a language's name after "in" that goes on ("Lists in Gleam are immutable") stays the domain
    gleam = [Section(t, SourceRef()) for t in (GLEAM_INTRO, GLEAM_LISTS, GLEAM_LISTS.replace("front", "end"))]
    assert coined_name([*gleam, *[Section(CODE, SourceRef(), kind="code")] * 2], "en") == "Gleam"


def test_a_page_that_never_says_its_books_name_is_about_it() -> None:
    # "Control Scope and Privacy with Modules - The Rust Programming Language" never writes "Rust"
    title = "Defining Tuples - The Gleam Programming Language"
    chunks = _chunks(title, GLEAM_TUPLES, GLEAM_TUPLES.replace("fixed", "small"))
    assert domain_of(chunks, "en") == "Gleam"
    cards = generate_cards(
        with_domain(chunks, "en")[0], OPTIONS, None, language="en", density_per_1k=100
    ).cards
    assert "In Gleam, what is a tuple?" in [c.front for c in cards]
    # a title whose last part is a site's name, or a common word's "guide", names no book
    assert domain_of(_chunks("Defining Tuples - Wikipedia", GLEAM_TUPLES), "en") is None
    assert domain_of(_chunks("Defining Tuples - The Best Guide", GLEAM_TUPLES), "en") is None
