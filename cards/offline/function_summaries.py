"""What each function of an API reference does, from the sentence its entry opens with.

A C library's manual (texinfo, gtk-doc, Doxygen) gives each function as its signature, its
parameters as "name: description" lines, then a paragraph on what it does and a "Returns:" line::

    int asn1_write_value (asn1_node node_root, const char * name, [Function]
    const void * ivalue, int len)
    node root: pointer to a structure
    name: the name of the element inside the structure that you want to set.
    Set the value of one element inside a structure.
    Returns: ASN1_SUCCESS if the value was set, …

The paragraph's first sentence is what a student of the library learns first about the function:
"What does the “asn1_write_value” function do?" → "Sets the value of one element inside a structure".
The parameters have their own cards (:func:`.definition_lists.definition_list`).
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.parameters import SIGNATURE_RE as _SIGNATURE_RE
from cards.offline.parameters import is_signature, is_wrapped
from cards.offline.rows import row_card
from cards.text import split_sentences
from documents.model import Section

# "node root: pointer to a structure": a parameter's line (a short name, a colon, its description).
_ENTRY_RE = re.compile(r"^[^\s:][^:\n]{0,40}?:\s+\S")
# "Function used to start …", "This function will return …": the entry speaking of its function.
_SELF_RE = re.compile(r"^(?:this\s+|the\s+)?function\s+(?:that\s+|which\s+)?(?:will\s+)?(?=[a-z])", re.I)
# Lines that end a function's entry: its return values, a note, the next function.
_END_RE = re.compile(r"^(?:returns?|return value|since|see also|note|deprecated)\s*:", re.I)


def function_summaries(d: Drafter, section: Section, text: str) -> None:
    """A card on what each function whose signature ``text`` gives does, from its entry's first sentence."""
    lines = [line.strip() for line in text.splitlines()]
    for at, line in enumerate(lines):
        if not is_signature(line):
            continue
        signature_lines, rest = _signature(lines, at)
        match = _SIGNATURE_RE.search(line)
        if match is None:
            continue
        function = match.group("name")
        signature = " ".join(" ".join(signature_lines).split())
        summary = _summary(rest)
        if summary:
            row_card(d, section, function, summary, f"{signature}; {summary}", kind="function")


def _signature(lines: list[str], at: int) -> tuple[list[str], list[str]]:
    """The signature's lines (up to its closing parenthesis) and the lines after them."""
    end = at
    while end < len(lines) - 1 and ")" not in lines[end] and end - at < 4:
        end += 1
    return lines[at : end + 1], lines[end + 1 :]


def _summary(rest: list[str]) -> str:
    """The first sentence of the paragraph after the parameters' lines, "" when there is none."""
    paragraph: list[str] = []
    previous = ""
    for line in rest:
        if not paragraph and _ENTRY_RE.match(line) and not _SELF_RE.match(line):
            previous = line  # a parameter's line
            continue
        if not paragraph and previous and is_wrapped(previous, line):
            previous = f"{previous} {line}"  # the parameter's description, wrapped
            continue
        if not line or _END_RE.match(line) or is_signature(line):
            break
        paragraph.append(line)
        if re.search(r"[.!?]$", line):
            break
    sentences = split_sentences(" ".join(paragraph))
    if not sentences or not re.search(r"[.!?]$", sentences[0]):
        return ""
    # "… the ASN.1 definitions. array is a vector …": a sentence that starts with a parameter's name
    first = re.split(r"(?<=[a-z]{2}[.!?])\s+(?=[a-z])", sentences[0])[0]
    return _SELF_RE.sub("", first).strip()
