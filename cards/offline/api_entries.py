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

A property's entry (a heading that names a member, no call: "readStream.isRaw") opens with what the
property is, a noun phrase: "A boolean that is true if the TTY is currently configured to operate as a
raw device.", or its type then its description: "{Object} A pipe representing the IPC channel …",
"{boolean} Set to false after subprocess.disconnect() is called." That is what a student learns of it:
"What is readStream.isRaw?" / "A boolean that is true if …" (:func:`property_entry`).
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.reference import api_name
from cards.offline.structure import without_list_lines
from cards.schema import CardKind
from cards.text import content_stems, split_sentences, word_count
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


# "{boolean} ", "Type: {string} ": the type a property's entry opens with.
_TYPE_LEAD_RE = re.compile(r"^(?:Type:?\s*)?\{(?P<type>[\w.|\[\]<>]+)\}\s*")
# "A boolean that is true if …", "A pipe representing …": a noun phrase (an article and up to four
# words) with what it is or does after it; a verb of its own would make it a sentence about something.
_NOUN_PHRASE_RE = re.compile(
    r"^(?P<head>(?:An?|The)\s+[\w-]+(?:\s+[\w-]+){0,3}?)\s+"
    r"(?:that|which|whose|indicating|specifying|representing|containing|describing|identifying"
    r"|set\s+to|used\s+(?:to|for|by)|allowed|reflecting)\b"
)
# After a bare type, "Set to true after …" / "True if …" describe the value: "A boolean set to …".
_VALUE_RE = re.compile(r"^(?:Set\s+to\s+\S+|(?:True|False)\s+(?:if|when|after|once))\s")
_FINITE_RE = re.compile(r"\b(?:is|are|was|were|has|have|can|will|may|must|should|does|do)\b")


def _property_name(section: Section) -> str:
    """ "readStream.isRaw" for a heading "readStream.isRaw"; "" for a call, a constructor, a plain word."""
    heading = section.source.heading[-1] if section.source.heading else ""
    name = api_name(heading.strip())
    if not name or "(" in name or name.startswith("new ") or "." not in name or "<" in name:
        return ""
    return name


def _description(sentence: str, type_: str) -> str:
    """What the property is, from its entry's sentence (after its type, ``type_``), or ""."""
    if np := _NOUN_PHRASE_RE.match(sentence):
        # "The queue.depth value is set to …": a sentence about it, not a noun phrase
        return "" if _FINITE_RE.search(np.group("head")) else sentence
    if type_ and _VALUE_RE.match(sentence):
        kind = type_.split("|")[0]
        if not re.fullmatch(r"[a-z]+", kind):
            return ""  # "{stream.Readable|null}": a class, not a plain value
        article = "An" if kind[:1] in "aeiou" else "A"
        if sentence.startswith("Set"):
            return f"{article} {kind} set{sentence[3:]}"
        return f"{article} {kind} that is {sentence[:1].lower()}{sentence[1:]}"
    if type_ and re.match(r"^(?:An?|The)\s", sentence):
        # "{integer} The largest size allowed for …": after a type, a noun phrase with no verb of its own
        head = re.split(r"\s+(?:that|which|whose)\b", sentence, maxsplit=1)[0]
        return "" if _FINITE_RE.search(head) else sentence
    return ""


#: An answer whose content words are at least this share of the name's own words says only the name.
RESTATED_SHARE = 0.5


def _restates(name: str, answer: str) -> bool:
    """ "The numeric representation of the remote port" for socket.remotePort: the name in other words
    (the name's parts, "remote port", are half the answer's content), given away by the question."""
    parts = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", re.sub(r"[._$]", " ", name)).casefold()
    said = content_stems(answer)
    return bool(said) and len(said & content_stems(parts)) / len(said) >= RESTATED_SHARE


def property_entry(d: Drafter, section: Section, text: str) -> None:
    """ "A boolean that is true if …" under "readStream.isRaw" → "What is readStream.isRaw?" (see above)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en":
        return
    name = _property_name(section)
    if not name:
        return
    type_ = ""
    for written in split_sentences(text)[:OPENING_SENTENCES]:
        sentence = written = written.strip()
        if lead := _TYPE_LEAD_RE.match(sentence):
            type_, sentence = lead.group("type"), sentence[lead.end() :]
            if not sentence:
                continue  # "{integer}" alone: the description, if any, follows
        if re.match(r"^Stability:\s*[\d.]+\s*-\s*(?:Deprecated|Legacy)", sentence):
            return  # a property kept for old code ("Legacy: Use event.target instead"): not one to learn
        if re.match(r"^(?:Default|Stability|Added in|Deprecated|Value)\b", sentence):
            continue
        if noise(sentence) or DANGLING_RE.search(sentence):
            return
        # (a description the splitter ran on: "… of the local IP family. 'IPv4' or 'IPv6'")
        answer = trim_answer(re.split(r"\.\s", _description(sentence, type_))[0].rstrip(".!"))
        answer = re.sub(r"\{([\w.]+)\}", r"\1", answer)  # "the {FileHandle} object": the type's markup
        own = name.rsplit(".", 1)[-1]
        # "The subprocess.exitCode property indicates …": a sentence about it, not what it is
        named = name in answer or (not own.islower() and re.search(rf"\b{re.escape(own)}\b", answer))
        if not answer or named or not MIN_ANSWER_WORDS <= word_count(answer) <= MAX_ANSWER_WORDS:
            return  # "The byteOffset of the Buffer's …" under buf.byteOffset: the question's own name
        if _restates(name, answer):
            return
        d.add(section, CardKind.BASIC, f"What is {name}?", answer, written, 1)
        return
