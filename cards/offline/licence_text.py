"""Licence text told from prose that uses the word: "This program is distributed under the MIT License",
"Permission is granted to copy … under the terms of the license" are boilerplate no card comes from;
"the new poetic license of speech", "unbridled license" are an essay's words like any other."""

from __future__ import annotations

import re

# "License" as licence text uses it: a named licence ("the MIT License", "LICENSE"), or licence words
# beside what a licence grants or disclaims; not prose's "poetic license" or "unbridled license".
_NAMED_LICENCE_RE = re.compile(r"\b[A-Z][\w-]*\s+Licen[cs]e\b|\bLICEN[CS]E\b")
_LICENCE_RE = re.compile(r"\blicen[cs](?:e[ds]?|ing|or|ee)\b", re.I)
_UNDER_LICENCE_RE = re.compile(
    r"\b(?:under|per|by) (?:the|this|that|its|a|an)\b[^.;]{0,40}?\blicen[cs]e\b", re.I
)
_LICENCE_TERMS_RE = re.compile(
    r"\b(?:terms|grant\w*|permission|warrant(?:y|ies)|(?:re)?distribut\w*|cop(?:y|ies)|"
    r"agreement|royalt(?:y|ies)|trademark|free of charge)\b",
    re.I,
)


def licence_text(sentence: str) -> bool:
    """A sentence of licence text (see :data:`_NAMED_LICENCE_RE`)."""
    if _NAMED_LICENCE_RE.search(sentence) or _UNDER_LICENCE_RE.search(sentence):
        return True
    return bool(_LICENCE_RE.search(sentence) and _LICENCE_TERMS_RE.search(sentence))
