"""What a function of an API reference does, from its entry's opening verb: "Prints to stderr …".

An API reference (Node's, Python's, a crate's) heads each function's entry with its signature and
opens the entry with what the function does, its subject left out: under
"console.error([data][, ...args])", "Prints to stderr with newline."; under "console.count([label])",
"Maintains an internal counter specific to label and …". That opening is the first thing a student
learns of the function: "What does console.error() do?" / "Prints to stderr with newline".
An entry that opens "An alias for console.group()." (or "The console.debug() function is an alias
for console.log().") asks what the function is an alias for.

Only the entry's first sentences (:data:`OPENING_SENTENCES`), only under a heading that is a call's
name (``name(…)``), only a verb in the third person opening the sentence (a capitalised word in
``-s`` not followed by a verb of its own: "Colors are customizable" is a noun and its verb) and not
"Returns …", "Creates …" (:mod:`.reference` asks those as "What does … return?").
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.reference import api_name
from cards.offline.structure import without_list_lines
from cards.schema import CardKind
from cards.text import split_sentences, word_count
from documents.model import Section

#: An entry's opening: a function's summary is its first sentence after its parameters' lines.
OPENING_SENTENCES = 6
_VERB_OPENING_RE = re.compile(r"^(?P<verb>[A-Z][a-z]{2,}(?<![siu])s)\s+(?P<second>[\w'’`.()-]+)")
# A parameter's line ("label {string} The display label …"), its default ("Default: 'default'") or a
# stability note: the entry's lead-in, not its summary.
_LEAD_IN_RE = re.compile(r"\{[\w.|\[\]<>]+\}|^(?:Default|Stability|Added in|Deprecated)\b")
# Verbs :mod:`.reference` asks as their own question ("What does X return?").
_REFERENCE_VERBS = frozenset(["Returns", "Creates", "Contains", "Provides"])
# A second word that makes the first a noun with its verb ("Colors are …", "Options can …").
_AUX_RE = re.compile(
    r"^(?:is|are|was|were|can|cannot|could|will|would|may|might|must|should|do|does|have|has|of|and|or)$"
)
_ALIAS_RE = re.compile(
    r"^(?:(?:An\s+)?[Aa]lias for"
    r"|(?:The\s+)?`?(?P<own>[\w.$]+\(\))`?(?:\s+(?:function|method))?\s+is an alias for)\s+"
    r"`?(?P<target>[\w.$]+)(?P<call>\([^()]*\))?`?\.?$"
)
# Where the summary ends and a comment on it begins.
_SUMMARY_END_RE = re.compile(r",\s+(?:which|so|but|because|unless|otherwise)\b|;\s")
MIN_ANSWER_WORDS = 3
MAX_ANSWER_WORDS = 25


def _call_name(section: Section) -> str:
    """ "console.error()" for a heading "console.error([data][, ...args])"; "" for any other heading."""
    heading = section.source.heading[-1] if section.source.heading else ""
    name = api_name(heading.strip())
    if not name or "(" not in name or name.startswith("new "):
        return ""
    return re.sub(r"\(.*\)$", "()", name)


def entry_summary(d: Drafter, section: Section, text: str) -> None:
    """ "Prints to stderr with newline." under "console.error(…)" → "What does console.error() do?"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en":
        return
    name = _call_name(section)
    if not name:
        return
    for sentence in split_sentences(without_list_lines(text))[:OPENING_SENTENCES]:
        if _LEAD_IN_RE.search(sentence):
            continue
        if noise(sentence) or DANGLING_RE.search(sentence):
            return
        if alias := _ALIAS_RE.match(sentence.strip()):
            own = alias.group("own")
            if own and own != name:
                continue  # another function's alias, told in this entry
            # ("What is X an alias for?" reads as "what is X", a definition's question)
            question = f"Which function is {name} an alias for?"
            target = alias.group("target") + ("()" if alias.group("call") else "")  # "emitter.on(name, fn)"
            d.add(section, CardKind.BASIC, question, target, sentence, 1)
            return
        m = _VERB_OPENING_RE.match(sentence.strip())
        if not m or m.group("verb") in _REFERENCE_VERBS or _AUX_RE.match(m.group("second").casefold()):
            return  # the entry opens otherwise ("Try to construct …"): a later sentence is no summary
        summary = _SUMMARY_END_RE.split(sentence.strip(), maxsplit=1)[0]
        summary = trim_answer(summary.rstrip(".!"))
        if not MIN_ANSWER_WORDS <= word_count(summary) <= MAX_ANSWER_WORDS:
            return
        d.add(section, CardKind.BASIC, f"What does {name} do?", summary, sentence, 1)
        return
