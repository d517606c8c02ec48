"""Names a tutorial's own example program defines: a card about them is about the example.

A tutorial builds a program and talks about it: "the can_hold method returns a Boolean", "the
PrimaryColor and SecondaryColor types aren't listed on the front page", "the run function takes
the Config instance". True of the listing, but the student learns nothing of the language from it
(a strict reader drops "In Rust, what does the can_hold method return?"). What the example defines
its code says: ``fn can_hold``, ``pub enum PrimaryColor``, ``function parseArgs``, ``def area``.
An API page's code defines names too ("export async function resolve" in Node's hooks), but
there the name heads a section of its own ("resolve(specifier, context, nextResolve)"): a name a
heading of the chunk carries is the document's subject, not its example's.

A card names such a name when it writes it as code: with an underscore or a capital inside
("can_hold", "PrimaryColor"), or before the kind of thing it is or its call ("the run function",
"area()"). A common word alone ("run", "search") is not matched: "When you run your tests …"
speaks of running.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from documents.model import Chunk

# A definition in the code of Rust, Go, JavaScript/TypeScript, Python, Swift or Kotlin: the keyword and
# the name it defines ("fn can_hold", "pub struct Rectangle", "function parseArgs", "def area").
_DEFINITION_RE = re.compile(
    r"(?:^|[\s;{(])(?:fn|struct|enum|trait|mod|union|func|function|class|def|interface|fun)\s+"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
)
# A variable or constant the example declares: Rust's "let mut guess", "static mut COUNTER", JavaScript's
# "const total", C's "int file_indx;" or "const char *params[16 + 1];" (a type, then the name and "=",
# ";", "[" or ",").
_DECLARATION_RE = re.compile(
    r"(?:^|[\s;{(])(?:let|static|const|var)\s+(?:mut\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*[:=;]"
    r"|(?m:^)[ \t]*(?:(?:static|const|extern|unsigned|signed)\s+)*(?:int|char|long|short|float|double|size_t|"
    r"bool|FILE|[A-Za-z_]\w*(?:Ptr|_t))\s*\**\s*(?P<c_name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\[|=|;|,)"
)
# A variant of an enum the example declares, one to a line: "    ChangeColor(i32, i32, i32)," (a name with
# a capital inside only: "Some", "None", "Ok" are the language's own).
_VARIANT_RE = re.compile(r"(?m)^[ \t]+(?P<name>[A-Z][a-z0-9]+[A-Z]\w*)[ \t]*(?:[({,]|$)")
# An enum the example declares and the brace that opens its body: "enum List {", "pub enum Message<T> {".
_ENUM_RE = re.compile(r"(?:^|[\s;{(])enum\s+(?P<name>[A-Za-z_]\w*)\s*(?:<[^<>{]*>)?\s*\{")
# A variant in an enum's body, one to a line, any capitals: "    Cons(i32, Box<List>),", "    Nil,".
_BODY_VARIANT_RE = re.compile(r"(?m)^[ \t]+(?P<name>[A-Z]\w*)[ \t]*(?:[({,]|$)")
# A string literal of the example: "Здравствуйте", "Lucky penny!" (a few words, no escapes).
_STRING_RE = re.compile(r"\"(?P<text>[^\"\\\n{}]{2,40})\"")
# The program's entry point is the language's, not the example's: "the main function" is a fact of Rust.
_ENTRY_POINTS = frozenset(["main"])
# The kind of thing a name is, after it in prose ("the run function", "the art crate").
_KINDS = (
    r"(?:function|method|struct|structure|enum|trait|module|crate|type|class|macro|field|variant|variable|"
    r"constant|array|pointer|string)s?"
)


def example_names(chunks: Sequence[Chunk]) -> frozenset[str]:
    """The names the code blocks of ``chunks`` (a document's) define that none of their headings carries."""
    sections = [s for c in chunks for s in c.sections]
    code = "\n".join(s.text for s in sections if s.kind == "code")
    if not code:
        return frozenset()
    headings = " ".join(
        {h for s in sections for h in s.source.heading} | {h for c in chunks for h in c.heading}
    )
    defined = {m.group("name") for m in _DEFINITION_RE.finditer(code)}
    defined |= {m.group("name") or m.group("c_name") for m in _DECLARATION_RE.finditer(code)}
    defined |= {m.group("name") for m in _VARIANT_RE.finditer(code)}
    defined |= _enum_variants(code, headings)
    return frozenset(
        name
        for name in defined
        if len(name) > 1
        and name not in _ENTRY_POINTS
        and not re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", headings)
    )


def _enum_variants(code: str, headings: str) -> set[str]:
    """The variants of the enums ``code`` declares, one-capital names too ("Cons", "Nil").

    Only an enum of the example: one a heading names ("The Option Enum …", whose listing declares
    ``enum Option<T> { None, Some(T) }``) is the language's, and so are its variants.
    """
    found: set[str] = set()
    for m in _ENUM_RE.finditer(code):
        if re.search(rf"(?<![\w.]){re.escape(m.group('name'))}(?!\w)", headings):
            continue
        depth, end = 1, m.end()
        while end < len(code) and depth:  # the body up to its closing brace (struct variants nest)
            depth += {"{": 1, "}": -1}.get(code[end], 0)
            end += 1
        body = code[m.end() : end - 1]
        top = re.sub(r"\{[^{}]*\}", "{}", body)  # a struct variant's fields are no variants
        found |= {v.group("name") for v in _BODY_VARIANT_RE.finditer(top)}
    return found


def names_an_example(text: str, names: Iterable[str]) -> bool:
    """``text`` writes one of the example's ``names`` as code (see the module docstring)."""
    for name in names:
        # an underscore, a capital inside, or a constant's capitals ("COUNTER")
        coded = "_" in name or bool(re.search(r"[a-z0-9][A-Z]|^[A-Z][a-z0-9]+[A-Z]|^[A-Z]{3,}[0-9]*$", name))
        after = rf"(?:\s+{_KINDS}\b|\(|::)" if not coded else ""
        if re.search(rf"(?<![\w.:]){re.escape(name)}(?!\w){after}", text):
            return True
        if not coded and re.search(rf"\b(?:called|named)\s+{re.escape(name)}(?!\w)", text):
            return True  # "a value called Nil": the name given as a name, not a word of the prose
    return False


def example_strings(chunks: Sequence[Chunk]) -> frozenset[str]:
    """The string literals of the code blocks of ``chunks``, casefolded: the example's data, not facts.

    A cloze that hides one tests the listing ("the number of bytes it takes to encode “{{Здравствуйте}}”").
    """
    code = "\n".join(s.text for c in chunks for s in c.sections if s.kind == "code")
    return frozenset(m.group("text").strip().casefold() for m in _STRING_RE.finditer(code))
