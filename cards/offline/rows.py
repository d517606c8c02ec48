"""The question a row asks: a name with its kind, and what its description says it does or is.

A manual lists its tools, options, commands, fields and variables as the rows of a two-column
table ("graph | output a file in the syntax used by graphviz") or as a definition list
("--squash: Produce only a single commit …"). A row's card names the thing with its kind, when the
table's header, the section's heading or the line that leads into the list says what the rows are
("Extra tools", "Option | Description", "The current tools are:"), or when the name's shape does
("--squash" is an option, "open()" a function), and asks what the description says:

* a description that says what the thing does ("output a file …", "Dumps the inputs …") →
  "What does the “graph” tool do?" / "Outputs a file …" (an instruction turned into the third person);
* a noun phrase ("the size of the buffer") → "What is the “bufsize” option?" / "The size of the buffer";
* "is used to X" → "What is the “FC_DEBUG” environment variable used for?" / "To X".

A description that is none of these (a condition, a note, a fragment) makes no card of this kind:
"what goes with “graph”?" asks nothing a student can answer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cards.offline.clean import trim_answer, units
from cards.offline.drafter import WHAT_IS, Drafter
from cards.offline.spelled_names import spells_out
from cards.offline.terms import common_word
from cards.parameter_context import signature
from cards.schema import CardKind
from cards.text import STOP_WORDS, base_form, stem, word_count, words
from documents.model import Section

# The kinds of things a reference lists, singular; a heading or a header names them in the plural.
KIND_NOUNS = (
    "tool", "option", "command", "subcommand", "flag", "switch", "field", "variable", "function",
    "method", "key", "property", "attribute", "setting", "parameter", "argument", "constant", "signal",
    "event", "element", "directive", "macro", "keyword", "hook", "operator", "builtin", "utility",
    "program", "target",
)  # fmt: skip
_KIND_ALT = "|".join(KIND_NOUNS)
# "Environment variables", "Command-line options", "Top-level variables": a compound kind keeps its
# first word; "Extra tools", "Other options" only qualify it.
_KIND_RE = re.compile(
    rf"(?:(?P<mod>environment|[a-z]+-[a-z]+)\s+)?(?P<kind>{_KIND_ALT})(?P<plural>e?s)?\b", re.I
)
# Kinds that act ("What does the graph tool do?"); the others hold a value ("What is the x field?").
_ACTING = frozenset(
    ["tool", "option", "command", "subcommand", "flag", "switch", "function", "method", "directive",
     "macro", "hook", "operator", "builtin", "utility", "program"]
)  # fmt: skip

# Kinds a function reference's heading names ("ASN.1 field functions").
CALLABLE = frozenset(["function", "method"])

# A table header whose second column only says "here is the description": the row's description is
# asked as what the thing does or is. Another header ("Default", "Type") names what is asked.
DESCRIPTION_HEADERS = frozenset(
    ["description", "descriptions", "purpose", "explanation", "summary", "details", "comment", "comments",
     "notes", "note", "use", "usage", "effect", "function", "action", "what it does", "definition"]
)  # fmt: skip
_MEANING_HEADERS = frozenset(["meaning", "means", "signification"])
_PRESET_HEADERS = frozenset(["default", "default value"])

# Words that start a noun phrase, or an object after a verb.
_DETERMINERS = frozenset(
    ["a", "an", "the", "its", "their", "his", "her", "this", "that", "these", "those", "each", "every",
     "any", "all", "no", "some", "one", "both", "either", "your", "our", "my", "another", "other",
     "several", "many", "most", "more", "fewer", "less"]
)  # fmt: skip
_OBJECT_WORDS = _DETERMINERS | frozenset(
    ["it", "them", "whether", "how", "what", "which", "true", "false", "null", "zero", "nothing",
     "everything", "only", "up", "out", "off", "down", "back"]
)  # fmt: skip
# Verbs a reference uses to say what a tool, option or function does, in their base form. General
# English (no document's words): a first word among them is an action even without an article after
# it ("Enable verbose output", "clean built files").
ACTION_VERBS = frozenset(
    [
        "accept", "add", "adjust", "allow", "append", "apply", "assign", "attach", "browse", "build",
        "cache", "cancel", "change", "check", "clean", "clear", "close", "collect", "combine", "compare",
        "compile", "compress", "compute", "configure", "connect", "control", "convert", "copy", "count",
        "create", "decode", "define", "delete", "describe", "detect", "disable", "display", "dump", "emit",
        "enable", "encode", "ensure", "evaluate", "execute", "exit", "export", "extract", "fetch",
        "filter", "find", "force", "format", "generate", "get", "hide", "ignore", "import", "include",
        "initialize", "insert", "inspect", "install", "invoke", "keep", "kill", "limit", "link", "list",
        "load", "lock", "log", "look", "make", "mark", "merge", "modify", "monitor", "mount", "move",
        "notify", "open", "output", "override", "parse", "pass", "pause", "perform", "prefer", "prepend",
        "prevent", "print", "produce", "prompt", "pull", "push", "query", "read", "rebuild", "receive",
        "record", "redirect", "reduce", "register", "reload", "remove", "rename", "render", "replace",
        "report", "request", "require", "reset", "resolve", "restart", "restore", "restrict", "resume",
        "return", "reuse", "run", "save", "scan", "search", "select", "send", "set", "show", "skip",
        "sort", "specify", "split", "start", "stop", "store", "strip", "suppress", "switch", "sync",
        "tell", "test", "toggle", "trace", "track", "transform", "trigger", "truncate", "try", "unlock",
        "unset", "update", "use", "validate", "verify", "wait", "watch", "write", "cause", "define",
        "determine", "indicate", "contain", "hold", "name", "point", "represent", "affect", "decide",
        "treat", "let",
    ]
)  # fmt: skip
# A first word that reads as a verb but starts a note or a comparison here.
_NOT_ACTIONS = frozenset(
    ["same", "like", "unlike", "alias", "synonym", "equivalent", "similar", "just", "also", "not",
     "default", "optional", "required", "deprecated", "obsolete", "see", "note", "only", "used", "given",
     "available", "possible", "valid", "true", "false"]
)  # fmt: skip
_PREPOSITIONS = frozenset(["of", "for", "to", "in", "on", "at", "by", "with", "from", "about", "as", "per"])
_IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}
# "When generating synthetic history, add …", "If set, print …": the condition stays, the verb after it.
_LEADING_CLAUSE_RE = re.compile(
    r"^(?P<clause>(?:when|whenever|if|unless|after|before|while|once|instead of|by default|given|"
    r"for each|for every)\b[^,;:]{1,80}),\s+(?P<rest>.+)$",
    re.I,
)
# "(Available since Ninja 1.3.) defines …": a note on the entry, not its description.
_LEADING_ASIDE_RE = re.compile(r"^\([^()]{1,80}\)\s*")
_USED_RE = re.compile(
    r"^(?:is\s+|are\s+)?(?:mainly\s+|mostly\s+|also\s+|only\s+)?used\s+(?P<how>to|for)\s+(?P<rest>.+)$", re.I
)

# Verbs of what a code or a constant means: asked as such ("What does the “EISDIR” constant indicate?").
_SIGNIFYING = frozenset(["indicate", "mean", "denote", "represent", "signify", "signal", "identify"])
# Row questions; "{t}" is the name with its kind ("“graph” tool") or the quoted name alone.
DOES = {"en": "What does {t} do?"}
USED_FOR = {"en": "What is {t} used for?"}
MEANS = {"en": "What does {t} mean?"}
OF_ATTRIBUTE = {"en": "What is the {h} of {t}?"}
OF_ATTRIBUTES = {"en": "What are the {h} of {t}?"}  # a plural header: "Properties", "Flags"


@dataclass(frozen=True)
class Description:
    """What a row's description says: an action, a thing, a purpose, or a meaning, and the answer."""

    shape: str  # "does" | "is" | "used_for"
    answer: str


def kind_in(text: str, *, plural: bool) -> str:
    """The kind of thing ``text`` names ("Extra tools" → "tool"; "Environment variables" → "environment
    variable"), or "": the first named. ``plural``: only a plural counts (a heading names its rows so)."""
    for m in _KIND_RE.finditer(text):
        if plural and not m.group("plural"):
            continue
        kind = m.group("kind").casefold()
        return f"{m.group('mod').casefold()} {kind}" if m.group("mod") else kind
    return ""


# "3.2.9. vgdb command line options", "BBV Command-line Options": the heading says whose they are.
_OWNED_KIND_RE = re.compile(
    rf"^(?:\d+(?:\.\d+)*\.?\s+)?(?P<owner>[\w.+-]+)\s+(?:command[- ]line\s+)?(?:{_KIND_ALT})s\s*$", re.I
)


def owner_in_heading(heading: str, lang: str, text: str | None = None) -> str:
    """The name a heading gives as the owner of the rows under it ("vgdb command line options" →
    "vgdb"), or "": not a word of everyday language ("Other options", "Core options"), not a section
    number ("2.4. OPTIONS"), and, given the chunk's ``text``, a name that text writes too: a word only
    the heading has ("Auxilliary functions") qualifies the rows, it owns nothing."""
    m = _OWNED_KIND_RE.match(heading.strip())
    if not m or not re.search(r"[^\W\d_]", m.group("owner")) or common_word(m.group("owner"), lang):
        return ""
    owner = m.group("owner")
    if text is not None and not re.search(rf"(?<![\w.\-]){re.escape(owner)}(?![\w\-])", text, re.I):
        return ""
    return owner


def kind_of_name(name: str) -> str:
    """The kind a name's own shape says: "--squash", "-m <msg>" → option; "open()" → function."""
    if re.match(r"^--?[A-Za-z]", name):
        return "option"
    if re.match(r"^[A-Za-z_][\w.:]*\(\)$", name):
        return "function"
    return ""


def third_person(verb: str) -> str:
    """ "dump" → "dumps", "match" → "matches", "copy" → "copies", "be" → "is"."""
    low = verb.casefold()
    if low in _IRREGULAR:
        out = _IRREGULAR[low]
    elif low.endswith(("s", "x", "z", "ch", "sh", "o")):
        out = low + "es"
    elif low.endswith("y") and low[-2:-1] not in set("aeiou"):
        out = low[:-1] + "ies"
    else:
        out = low + "s"
    return out.capitalize() if verb[:1].isupper() else out


def _base_of(verb: str) -> str:
    """ "dumps" → "dump", "matches" → "match", "copies" → "copy"; "" if not a third-person form."""
    low = verb.casefold()
    if not low.endswith("s") or low.endswith(("ss", "us", "is")) or len(low) < 4:
        return ""
    return base_form(low)


def _acts(first: str, after: str) -> str:
    """ "verb" (base form), "verbs" (third person) or "" for the first two words of a description."""
    low = first.casefold()
    if not first.isalpha() or low in _NOT_ACTIONS or low in _DETERMINERS:
        return ""
    object_next = after.casefold() in _OBJECT_WORDS or after[:1] in {"<", "-", "'", "‘", "“", '"', "$", "`"}
    if base := _base_of(first):
        if after.casefold() in _PREPOSITIONS or re.search(r"(?:tion|sion|ment|ness|ity|ance|ence)$", base):
            return ""  # "Tools for …", "Indications that …": a plural noun
        return "verbs" if base in ACTION_VERBS or object_next else ""
    if after.casefold() in {"of", "for"}:
        return ""  # "List of targets", "Set of flags": a noun
    if low.endswith("ly") and low not in ACTION_VERBS:
        return ""  # "initially the size of der": an adverb ("Initiallies …"), "apply" is a verb
    return "verb" if low in ACTION_VERBS or (object_next and first[:1].islower()) else ""


_AUXILIARIES = frozenset(
    ["will", "can", "could", "may", "must", "shall", "should", "would", "is", "are", "was", "were", "has",
     "have"]
)  # fmt: skip


def _names_a_holder(tokens: list[str], kind: str) -> bool:
    """A noun phrase whose first word is also a verb: "vector that will contain …" (a relative clause
    follows), or, for a thing that holds a value such as a parameter, "output variable containing …"
    (a noun, then a participle, no object): not "Vectors …"/"Outputs variable …" said of it."""
    after = tokens[1].casefold()
    third = tokens[2].casefold() if len(tokens) > 2 else ""
    if after in {"that", "which"} and (third in _AUXILIARIES or _base_of(third) in ACTION_VERBS):
        return True
    holds_value = bool(kind) and kind.split()[-1] not in _ACTING
    return holds_value and after not in _OBJECT_WORDS and third.endswith("ing")


def _said_of_it(verb: str) -> str:
    """``verb`` in the third person when the answer stays grounded in the text as written ("dumps" is
    "dump" to a crude stemmer, "changes" is not: "Change the working directory" is kept as written)."""
    said = third_person(verb)
    # "traces" is "trace" to the gate too (:func:`cards.grounding.grounding_ratio`)
    return said if stem(said) == stem(verb) or stem(said[:-1]) == stem(verb) else verb


def _in_third_person(text: str) -> str:
    """An instruction ("dump the inputs and list the outputs") said of the thing ("dumps … and lists …")."""
    tokens = text.split(" ")
    tokens[0] = _said_of_it(tokens[0])
    for i in range(1, len(tokens)):
        after = tokens[i + 1].casefold() if i + 1 < len(tokens) else ""
        if (
            tokens[i - 1].casefold() in {"and", "or"}
            and tokens[i] in ACTION_VERBS
            and after not in {"of", "for"}
        ):
            tokens[i] = _said_of_it(tokens[i])  # "… and stop before …", not "… and list of …"
    return " ".join(tokens)


# "Use this option when the Valgrind gdbserver is enabled …": advice to the reader about the entry,
# not what it does ("Uses this option when …" said of the option).
_TO_THE_READER_RE = re.compile(
    r"^(?:use|set|specify|give|pass)\s+(?:this|these|the)\s+(?:option|flag|setting)s?\b", re.I
)


def describe(description: str, kind: str = "") -> Description | None:
    """What ``description`` says of the thing it describes, with the card's answer; None if unclear.

    ``kind``: what the thing is; a description of a thing that holds a value (a variable, a field, a
    key) that is no action is taken for what the thing is ("path to an optional Makefile …").
    """
    text = trim_answer(_LEADING_ASIDE_RE.sub("", description.strip()))
    if not text or word_count(text) < 2 or _TO_THE_READER_RE.match(text):
        return None
    if m := _USED_RE.match(text):
        rest = trim_answer(m.group("rest"))
        lead = "To " if m.group("how").casefold() == "to" else ""
        return Description("used_for", lead + rest if lead else rest[:1].upper() + rest[1:]) if rest else None
    clause = ""
    if m := _LEADING_CLAUSE_RE.match(text):
        clause, text = m.group("clause"), m.group("rest")
    tokens = text.split(" ")
    if len(tokens) < 2:
        return None
    shape = "" if _names_a_holder(tokens, kind) else _acts(tokens[0], tokens[1])
    if shape:
        said = _in_third_person(text) if shape == "verb" else text
        if clause:  # the condition first, as written: "When generating …, adds …"
            said = f"{clause[:1].upper()}{clause[1:]}, {said[:1].lower()}{said[1:]}"
        return Description("does", said[:1].upper() + said[1:])
    if clause:
        return None
    first, after = tokens[0].casefold(), tokens[1].casefold()
    pointing = {"all", "no", "some", "both", "either", "this", "that", "these", "those", "its", "their"}
    if first in _DETERMINERS - pointing or after == "of" or first.isdigit():
        return Description("is", text[:1].upper() + text[1:])  # "the size of the buffer", "Number of jobs"
    holds_value = kind and kind.split()[-1] not in _ACTING
    participle = first.endswith(("ed", "en")) or first in {
        "sent",
        "set",
        "put",
        "read",
        "run",
        "built",
        "made",
    }
    if (
        holds_value
        and first.isalpha()
        and first not in _NOT_ACTIONS
        and not _base_of(first)
        and not participle
    ):
        return Description("is", text[:1].upper() + text[1:])  # a variable's "path to an optional Makefile"
    return None


def _quoted(name: str) -> str:
    return f"“{name.strip('“”')}”"


# The options every command has, whose description only repeats their name.
_BOILERPLATE_OPTION_RE = re.compile(r"(?:-h|-V|--help|--version|--usage)(?:,?\s+(?:-h|-V|--help|--version))?")


def row_card(
    d: Drafter,
    section: Section,
    name: str,
    description: str,
    source: str,
    *,
    kind: str = "",
    attribute: str = "",
    priority: int = 0,
) -> bool:
    """A basic card on a row: ``name`` (of ``kind`` when known) and its ``description``; True if added.

    ``attribute``: a table header naming what the second column holds ("Default", "Meaning"), asked
    as such; a description header ("Description") or none asks what the description says.
    """
    if CardKind.BASIC not in d.kinds or spells_out(name, description):
        return False  # "ECANCELED | … an operation was canceled": the name is its answer written short
    if _BOILERPLATE_OPTION_RE.fullmatch(name.strip()):
        return False  # "--help" shows the help, "--version" the version: every command has them

    shaped = kind_of_name(name)
    tools = ("tool", "command") if shaped != "option" else ()  # "--fullpath-after" is no tool
    if shaped and not kind.endswith((shaped, "flag", "switch", *tools)):
        kind = shaped  # "--log-file" is an option, whatever else the heading lists
    # With its kind named, the subject needs no heading in front ("In Extra tools, …"): the kind says it.
    subject, context = (f"the {_quoted(name)} {kind}", None) if kind else (_quoted(name), section)
    heading = section.source.heading
    owner = owner_in_heading(heading[-1], d.lang, d.all_text) if heading else ""
    if kind and owner and owner.casefold() not in name.casefold():
        # "What does --cmd-time-out do?" of which tool? The document's subject ("Valgrind") is not it.
        subject = f"{owner}’s {_quoted(name)} {kind}"
    elif (
        kind == "option"
        and heading
        and (command := _page_command(heading[0], d.all_text))
        and command not in name.casefold()
    ):
        # a page about one command ("Time", whose prose says "the time command"): its options
        subject = f"the {command} command’s {_quoted(name)} {kind}"
    attr = attribute.casefold().strip()
    answer = trim_answer(description)
    if attr and attr not in DESCRIPTION_HEADERS:
        if attr in _MEANING_HEADERS:
            q = d.question(MEANS, subject, context)
        else:
            plural = re.search(r"[^su]s$", attr) is not None
            q = d.question(OF_ATTRIBUTES if plural else OF_ATTRIBUTE, subject, context, h=attr)
        q = _in_declared_function(q, section)
        if not q or not answer:
            return False
        if attr not in _PRESET_HEADERS or " " in answer:
            answer = answer[:1].upper() + answer[1:]  # a default value is written as typed: "summary", "no"
        return d.add(section, CardKind.BASIC, q, answer, source, priority)
    said = describe(description, kind)
    if said is None or _only_names_it(name, said.answer) or (name.startswith("-") and name in said.answer):
        return False  # "--fair-sched: The --fair-sched option controls …": the sentence's own question
    templates = DOES if said.shape == "does" else USED_FOR if said.shape == "used_for" else WHAT_IS
    answer = said.answer
    verb, _, rest = answer.partition(" ")
    if said.shape == "does" and (base := _base_of(verb)) in _SIGNIFYING and word_count(rest) >= 2:
        # "Indicates that the path is a directory": a code says what it means, it does nothing
        templates, answer = {"en": f"What does {{t}} {base}?"}, rest[:1].upper() + rest[1:]
    q = _in_declared_function(d.question(templates, subject, context), section)
    return q is not None and d.add(section, CardKind.BASIC, q, answer, source, priority)


_THE_COMMAND_RE = re.compile(r"\bthe\s+([a-z][\w.+-]*)\s+command\b", re.I)


def _page_command(top: str, text: str) -> str:
    """The command a page is about: the X of "the X command" that its prose writes most (at least
    twice, no other as often), when X is a word of the page's top heading: "Time" and "the time
    command" three times, not "the program command" twice, whose word only a lower heading has."""
    counts = Counter(m.group(1).casefold() for m in _THE_COMMAND_RE.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return ""
    command = ranked[0][0]
    return command if command in {w.casefold() for w in words(top)} else ""


def _only_names_it(name: str, answer: str) -> bool:
    """An answer that is a verb and the option's own words: "--segment-merging" / "Controls segment
    merging", "--trace-mutex" / "Traces mutex" (the question gives it away, rubric Q8)."""
    named = {w.casefold() for w in re.findall(r"[^\W\d_]+", name)}
    rest = [w.casefold() for w in words(answer)[1:] if w.casefold() not in STOP_WORDS]
    return bool(rest) and all(w in named or w.rstrip("s") in named for w in rest)


def _in_declared_function(question: str | None, section: Section) -> str | None:
    """A row's question under a function's signature ("dns.resolveAny(hostname, callback)") names that
    function, in place of any other context: the table describes what the function takes or gives."""
    declared = signature(section.source.heading)
    if question is None or declared is None:
        return question
    function = declared[0]
    if re.search(rf"(?<![\w$]){re.escape(function.rsplit('.', 1)[-1])}(?![\w$])", question):
        return question
    question = re.sub(r"^In [^,?]{1,80}, ", "", question)
    return f"In {function}(), {question[:1].lower()}{question[1:]}"


def row_kind(d: Drafter, section: Section, header: list[str] | None) -> str:
    """What a table's rows are: its first header cell ("Option"), else the line leading into it ("The
    current tools are:"), else its heading ("Extra tools"), else ""."""
    if header and (kind := kind_in(header[0], plural=False)):
        return kind
    if (lead := lead_line(d, section)) and (kind := kind_in(lead, plural=True)):
        return kind
    heading = section.source.heading[-1] if section.source.heading else ""
    return kind_in(heading, plural=True)


def lead_line(d: Drafter, section: Section) -> str:
    """The line just before ``section`` in its chunk when it ends with ":" and shares its heading."""
    previous = ""
    for other, text in d.prepared:
        if other is section:
            break
        previous = text if other.source.heading == section.source.heading else ""
    lines = units(previous)
    return lines[-1] if lines and lines[-1].endswith(":") else ""
