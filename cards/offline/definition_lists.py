"""A manual's definition lists: "name: description" lines and entry paragraphs, as row cards.

"--squash: Produce only a single commit …" under "Options", "query: dump the inputs …" under "Extra
tools", "FC_DEBUG" over "is used to output …": each entry is a row (:func:`.rows.row_card`) whose
kind the lead line, the heading or the name's own shape says. Lines under a function's signature
are its parameters (:mod:`.parameters`).
"""

from __future__ import annotations

import re

from cards.offline.clean import span
from cards.offline.drafter import Drafter
from cards.offline.parameters import is_signature, is_wrapped, signature_of
from cards.offline.rows import CALLABLE, kind_in, kind_of_name, row_card
from cards.offline.terms import BAD_TERMS, zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count, words
from documents.model import Section

# "query: dump the inputs …", "--squash: Produce only …": how the parsers write a definition list.
_ENTRY_RE = re.compile(r"^(?P<name>[^\s:][^:\n]{0,60}?):\s+(?P<d>\S.{8,})$")
# A name written as code: an option, a setting's capitals, a call, a dotted or underscored identifier.
_CODE_NAME_RE = re.compile(
    r"^(?:--?[A-Za-z][\w-]*(?:[= ]<?[\w-]+>?)?|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
    r"|[A-Za-z_][\w]*(?:[.:]{1,2}\w+)*\(\)|[a-z][a-z0-9]*(?:[._][a-z0-9]+)+)$"
)


def _entry_name(name: str) -> str:
    """One name of an entry with several ("-m <message>, --message=<message>"): the long option if any,
    without a note ("command (required)") or the placeholders of its arguments ("merge <commit>")."""
    names = [re.sub(r"\s*\([^()]*\)", "", n).strip() for n in name.split(", ")]
    if all(n.startswith("-") for n in names):
        names = [part for n in names for part in n.split() if part.startswith("-")]  # "-h --help"
    names = [n for n in names if n]
    chosen = next((n for n in names if n.startswith("--")), names[0] if names else "")
    if chosen.startswith("-"):
        chosen = re.sub(r"(?:\[?=|\s+[<\[{A-Z]).*$", "", chosen)  # "--message=<message>", "--x=no|yes"
    first, _, rest = chosen.partition(" ")
    if rest and all(re.fullmatch(r"[<\[{].*[>\]}]|[A-Z][A-Z_]*", t) for t in rest.split()):
        return first  # "merge <local-commit> [<repository>]" is the merge command
    return chosen


def definition_list(d: Drafter, section: Section, text: str) -> None:
    """Each "name: description" line of a run of two or more, when the names are options, tools,
    variables… (by the lead line, the heading or their shape): a question on what each does or is."""
    if CardKind.BASIC not in d.kinds or d.lang != "en":
        return
    heading_kind = kind_in(section.source.heading[-1], plural=True) if section.source.heading else ""
    paragraph: list[str] = []  # the last paragraph before the run: it leads into it
    run: list[tuple[str, str, str]] = []
    ended = False
    signed = False  # a function's signature came before: the section documents functions one by one
    defaults: dict[str, str] = {}  # an entry's "[default: summary]", by its name
    for line in [*text.splitlines(), ""]:
        marked = _DEFAULT_MARK_RE.search(line.strip())
        m = _ENTRY_RE.match(_DEFAULT_MARK_RE.sub("", line.strip(), count=1) if marked else line.strip())
        # "--leak-check=<no|summary|yes|full>": the values an option takes are not words of its name
        if m and word_count(re.sub(r"<[^<>\n]*>", "", m.group("name"))) <= 4:
            run.append((m.group("name"), m.group("d"), line.strip()))
            if marked:
                defaults[m.group("name")] = marked.group("value").strip()
            continue
        if run and is_wrapped(run[-1][1], line.strip()):
            # a PDF's line wrapped inside the entry's description ("… the C vector" / "definition.")
            name, description, written = run[-1]
            run[-1] = (name, f"{description} {line.strip()}", f"{written} {line.strip()}")
            continue
        if len(run) >= 2:
            lead = " ".join(paragraph)
            # "Several placeholders are available:" says what the entries are, in words of its own
            kind = kind_in(lead, plural=True) or ("" if lead.endswith(":") else heading_kind)
            function, signature = signature_of("\n".join(paragraph), [name for name, _, _ in run])
            if function:  # a function's parameters under its signature, asked with the function named
                kind, run = f"parameter of {function}", [(n, e, f"{signature}; {ln}") for n, e, ln in run]
            if function or not _not_the_headings(run, kind, heading_kind, signed=signed):
                _entries(d, section, run, kind, defaults)
        if run:
            paragraph = []
        run = []
        if line.strip():
            paragraph = [*paragraph, line.strip()] if not ended else [line.strip()]
            signed = signed or is_signature(line.strip())
        ended = not line.strip()
    entry_paragraphs(d, section, text, heading_kind)


def _not_the_headings(run: list[tuple[str, str, str]], kind: str, heading_kind: str, *, signed: bool) -> bool:
    """Whether a run that only the heading calls functions ("ASN.1 field functions") lists something
    else: past a function's signature, a run not of its parameters says what one parameter may hold
    ("UTCTime: VALUE must be …"); a run holding a name no function has ("ider len", "OBJECT
    IDENTIFIER": a parameter as a PDF shows "ider_len") lists parameters whose function is further up."""
    if kind not in CALLABLE or kind != heading_kind:
        return False
    return signed or not all(_IDENTIFIER_RE.match(name) for name, _, _ in run)


_IDENTIFIER_RE = re.compile(r"^[A-Za-z_][\w.:$]*(?:\(\))?$")


# "--leak-check=<no|summary|yes|full> [default: summary]: When enabled, …": a valgrind-style option
# entry gives its default between its name and the colon.
_DEFAULT_MARK_RE = re.compile(r"(?<=\S)\s+\[default:\s*(?P<value>[^\]\n]{1,40})\](?=:\s)", re.I)


def _entries(
    d: Drafter, section: Section, run: list[tuple[str, str, str]], kind: str, defaults: dict[str, str]
) -> None:
    for names, description, line in run:
        if any(names.count(a) != names.count(b) for a, b in ("[]", "<>", "()")):
            continue  # "--mode=<heap|copy> [default": the name's own colon cut it
        name = _entry_name(names)
        if not name or not (kind or _CODE_NAME_RE.match(name)) or re.search(r"[.!?]$", name):
            continue
        if name.casefold() in BAD_TERMS or word_count(name) > 3:
            continue  # "Note: …" under "Options" is a note, not an option
        if kind.startswith("parameter of") and says_little(description, line, d.lang):
            continue  # "node_root: pointer to a structure", "flags: additional flags"
        row_card(d, section, name, description, line, kind=kind)
        if default := defaults.get(names):
            # "What is the default of Memcheck’s “--leak-check” option?" / "summary": the value to know
            row_card(d, section, name, default, line, kind=kind, attribute="default")


#: A word at least this common in general language says nothing of one parameter ("pointer", "value").
GENERIC_ZIPF = 3.5
#: A description of more words than this says something, however common they are.
MAX_GENERIC_WORDS = 4


def says_little(description: str, line: str, lang: str) -> bool:
    """A parameter's description that its name and type already say: every word of it is in the
    signature ("asn1 node", "src_name" → "field name in source node") or common in general
    language, and there are at most :data:`MAX_GENERIC_WORDS` words ("pointer to a structure",
    "additional flags", "value to convert"). A reader learns nothing from it; "pointer to an integer
    where the result will be stored" says where."""
    signature = line.rsplit(";", 1)[0] if ";" in line else line
    named = {p.casefold() for w in re.findall(r"[A-Za-z0-9]+", signature) for p in _split_identifier(w)}
    said = [w.casefold() for w in words(description.split(". ")[0]) if w.casefold() not in STOP_WORDS]
    said = [w for w in said if len(w) > 1]
    own = [w for w in said if w not in named]
    return len(said) <= MAX_GENERIC_WORDS and all(zipf(w, lang) >= GENERIC_ZIPF for w in own)


def _split_identifier(word: str) -> list[str]:
    """ "vectorName" → ["vector", "Name"], "asn1" → ["asn1"]: the words a code name is made of."""
    return re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", word) or [word]


# A man page's or AsciiDoc's entry: "--squash::" lines (one per alias) over the description, or a lone
# setting name over a description that goes on from it ("FC_DEBUG" / "is used to output …").
_ASCIIDOC_NAME_RE = re.compile(r"^(?P<name>\S.{0,60}?):{2,}$")
_CONTINUATION = "+"  # AsciiDoc's mark of a further paragraph of the same entry


def entry_paragraphs(d: Drafter, section: Section, text: str, kind: str) -> None:
    """Each paragraph that is a named entry ("name::" over its description): what the name does or is."""
    for paragraph in re.split(r"\n\s*\n", text):
        written = [line.strip() for line in paragraph.splitlines() if line.strip()]
        lines = list(written)
        names = []
        while lines and (m := _ASCIIDOC_NAME_RE.match(lines[0])):
            names.append(m.group("name"))
            lines.pop(0)
        if not names and len(lines) >= 2 and _CODE_NAME_RE.match(lines[0]) and lines[1][:1].islower():
            names.append(lines.pop(0))  # "FC_DEBUG" over "is used to output …"
        if not names or not lines:
            continue
        body = lines[: lines.index(_CONTINUATION)] if _CONTINUATION in lines else lines
        name = _entry_name(", ".join(names))
        if not name or name.casefold() in BAD_TERMS:
            continue
        if not (kind or kind_of_name(name) or _CODE_NAME_RE.match(name)):
            continue
        quoted = written[: len(written) - len(lines) + len(body)]  # the names and the description, as written
        row_card(d, section, name, " ".join(body), span(" ".join(quoted)), kind=kind)
