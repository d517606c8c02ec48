"""A function's parameters, listed under its signature in an API reference.

A C library's manual gives each function as its signature followed by one "name: description" line
per parameter::

    void asn1_length_der (unsigned long int len, unsigned char * der, int * der_len)
    len: value to convert.
    der len: number of meaningful bytes of ANS.

Those lines are the function's parameters, not functions of their own (what the section's heading,
"Function reference", would make of them), and a parameter's name means nothing without its
function: three functions of the same manual have a "der_len". :func:`signature_of` finds the
function whose signature, in the lines just before the run, holds the entries' names between its
parentheses (a PDF's text may show "der_len" as "der len"); the row card then asks about "the
“der len” parameter of asn1_length_der".
"""

from __future__ import annotations

import re

# "void asn1_length_der (unsigned long int len, …": a return type, the function's name, its "(".
SIGNATURE_RE = re.compile(r"(?P<name>[A-Za-z_][\w]*)\s*\((?P<params>[^()]*)(?:\)|$)")


def _identifier(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip())


def signature_of(lead: str, names: list[str]) -> tuple[str, str]:
    """(function name, its signature as written) when ``names`` are parameters of a signature in
    ``lead`` (most of them, at least two, between its parentheses), else ("", "")."""
    for line_start in range(len(lead)):
        if line_start and lead[line_start - 1] != "\n":
            continue
        rest = lead[line_start:]
        match = SIGNATURE_RE.search(rest)
        if not match or match.start() > 80:
            continue
        # the parameters may run on over the next lines, up to the closing parenthesis
        close = rest.find(")", match.start("params"))
        params = rest[match.start("params") : close if close != -1 else len(rest)]
        declared = set(re.findall(r"[A-Za-z_]\w*", params))
        found = [n for n in names if _identifier(n) in declared]
        if len(found) >= 2 and 2 * len(found) >= len(names):
            begin = rest.rfind("\n", 0, match.start()) + 1  # the signature's own line
            signature = " ".join(rest[begin : close + 1 if close != -1 else len(rest)].split())
            return match.group("name"), signature
    return "", ""


# A declaration, not a call in prose: the reference's "[Function]" mark, or parameters with types
# ("const char * name, int len") after a function's name.
_MARKED_RE = re.compile(r"\[(?:Function|Macro|Method)\]")
_TYPED_RE = re.compile(r"\((?:[^()]*\b(?:const|void|int|char|size_t|unsigned)\b)")


def is_signature(line: str) -> bool:
    """Whether ``line`` opens a function's declaration ("int asn1_create_element (asn1_node …"): marked
    so, or typed parameters after an identifier no word of prose is ("converted (an int)" is prose)."""
    match = SIGNATURE_RE.search(line)
    if match is None or match.start() > 80:
        return False
    identifier = re.search(r"_|[a-z][A-Z]|\d", match.group("name")) is not None
    return bool(_MARKED_RE.search(line)) or (identifier and bool(_TYPED_RE.search(line)))


def is_wrapped(description: str, line: str) -> bool:
    """Whether ``line`` goes on with an entry's ``description``: a PDF wraps a long entry over lines,
    and the wrapped part starts in lower case or with an aside ("(may be NULL)") after a description
    that has not ended its sentence."""
    goes_on = line[:1].islower() or line[:1] == "("
    return goes_on and not re.search(r"[.!?:;]\)?$", description)
