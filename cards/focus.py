"""A sentence's point, where a cloze must blank it: its limit or count, its exception, the term it names.

A cloze tests only the words it hides. "By default {{EventEmitters}} print a warning if more than
10 listeners are added" tests a word the reader already has; the fact is the 10. Three shapes of
English sentence say plainly what their fact is:

* a **limit, default or count** ("by default", "at most", "more than", "up to", "there are",
  "consists of"): the figure with its noun ("more than {{10 listeners}}");
* an **exception** ("except", "other than", "apart from", "unless X is"): what the rule leaves
  out ("All subcommands except {{uninstall}} resolve prefixes");
* a **name** ("known as", "called", "referred to as", "termed"): the term the sentence gives,
  unless it is a name the sentence denies ("instead of being called a shallow copy, it is known
  as a {{move}}").

:func:`sentence_focus` finds it; the offline generator blanks it and nothing else in such a
sentence, and the quality gate refuses a cloze that hides another word while this one is shown.
Other languages have no patterns here: their sentences get no focus and keep the usual targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cards.text import STOP_WORDS


@dataclass(frozen=True)
class Focus:
    """The phrase a sentence states as its fact, and where it starts in the sentence."""

    kind: str  # "quantity" | "exception" | "name"
    phrase: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.phrase)


# A limit, a default or a count: the figure after the cue is the point ("by default … more than 10").
_LIMIT_RE = re.compile(
    r"\b(?:by default|defaults? (?:to|is|of)|maximum|minimum|at most|at least|up to|more than|"
    r"fewer than|less than|no more than|limit(?:s|ed)? (?:to|of|is)|exceeds?|a total of|"
    r"there (?:are|were|is|was)|consists? of|comprises?)\b",
    re.I,
)
# A count with its noun: "10 listeners", "16 bytes", "three arguments" (not "1.2.3", "$5", "v2", "#3").
_COUNT_RE = re.compile(
    r"(?<![\w.,$#/-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|twenty)(?!\w)(?![.,/-]\w)(?:\s+(?P<noun>[a-z][a-z-]{2,}(?:\s+[a-z][a-z-]{2,}s\b)?|[KMGT]i?B\b))?"
)
# A number that labels rather than counts: "version 2", "level 9", "section 3", "step 4".
_LABEL_BEFORE_RE = re.compile(
    r"\b(?:version|v|level|section|chapter|page|pages|figure|table|step|line|lines|item|rule|port|"
    r"node|python|rfc|iso|no|number|issue|appendix|part)\s+$",
    re.I,
)
_YEAR_RE = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")

# What a rule leaves out: "except uninstall", "other than the root user", "apart from X".
_EXCEPTION_RE = re.compile(
    r"\b(?:except(?:\s+for)?|other than|apart from|aside from|excluding|with the exception of)\s+"
    r"(?:the\s+|an?\s+)?(?=[^\s])",
    re.I,
)
# "unless NODE_DEBUG is set": the exception is the thing the condition names.
_UNLESS_RE = re.compile(r"\bunless\s+(?:the\s+|an?\s+)?(?=[^\s])", re.I)
_CONDITION_VERB_RE = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|does|do|did|can|gets?|returns?|exists?)\b", re.I
)

# A name the sentence gives: "is known as a move", "called the heap", "acquired the name of X".
_NAMING_RE = re.compile(
    # "the name of the note" names its owner, not the name: no article after "the name of"
    r"\b(?:(?:called|named|termed|dubbed|known as|referred to as)\s+(?:an?\s+|the\s+)?|the name of\s+)"
    r"[\"“‘']?(?=[^\s])",
    re.I,
)
# … and a name it denies, sets aside or only hedges ("instead of being called", "not called", "what may
# be termed"); "well known as a player" is fame, not a name.
_DENIED_BEFORE_RE = re.compile(
    r"\b(?:instead of(?: being)?|rather than(?: being)?|not|never|no longer|formerly|may|might|could|"
    r"well|best|better|widely|chiefly|mainly|mostly)\s+(?:be\s+|been\s+|being\s+)?$",
    re.I,
)
# A word of a phrase: "uninstall", "Node.js", "EventEmitter.emit" ("called when …" stops at "when").
_PHRASE_TOKEN_RE = re.compile(r"[\w][\w’'+.-]*\w|\w")


def _plural_end(token: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z-]+[^suiy'’-]s", token))


def _ends_phrase(token: str) -> bool:
    low = token.casefold()
    return low in STOP_WORDS or (low.endswith("ly") and len(low) > 4 and token.islower())


# What follows a participle that starts a clause ("starting from", "originating from"), not a
# compound's head ("data processing in …").
_CLAUSE_AFTER_RE = re.compile(r"\s+(?:from|to|into|with|by|at)\b")


def _phrase(text: str, at: int, limit: int = 3) -> str:
    """The noun phrase starting at ``at``: up to ``limit`` words, stopping at punctuation, a function
    word or an adverb ("uninstall automatically resolve" → "uninstall"); "" when it runs on past
    ``limit`` words or opens with a verb's -ing form (a clause: "other than tracking registered …")."""
    out: list[str] = []
    pos = at
    while True:
        match = _PHRASE_TOKEN_RE.match(text, pos)
        if not match:
            break
        token = match.group(0).rstrip(".")
        if _ends_phrase(token):
            break
        if len(out) == limit or (not out and token.islower() and token.endswith("ing")):
            return ""
        if out and token.islower() and token.endswith("ing") and _CLAUSE_AFTER_RE.match(text, match.end()):
            break  # "an element called name starting from pointer": the participle starts a clause
        out.append(token)
        if _plural_end(token):
            break  # "the so-called half-tones recur": a plural noun ends the phrase, a verb follows
        pos = match.start() + len(token)
        following = text[pos : pos + 2]
        if not following.startswith(" ") or following[1:2] in ("", "(", ",", ";", ":", "—", "–"):
            break
        pos += 1
    return " ".join(out)


# "While DPR processes up to 100 passages …, the latency remains …": a concession or a condition
# before the main clause sets the scene; its figure is not what the sentence states.
_LEADING_CLAUSE_RE = re.compile(
    r"^(?:while|although|though|whereas|since|if|when|whenever|as|because|once|unless)\b[^,;]*,", re.I
)


def _stated_quantity(sentence: str) -> Focus | None:
    leading = _LEADING_CLAUSE_RE.match(sentence)
    cue = next((c for c in _LIMIT_RE.finditer(sentence) if not leading or c.start() >= leading.end()), None)
    if not cue:
        return None
    # "by default" may open the sentence with its figure much later; any other cue sits just before it
    window = len(sentence) if cue.group(0).casefold() == "by default" else cue.end() + 20
    for match in _COUNT_RE.finditer(sentence, cue.start()):
        if match.start() > window:
            break
        number, noun = match.group("n"), match.group("noun") or ""
        if _LABEL_BEFORE_RE.search(sentence[: match.start()]) or (_YEAR_RE.match(number) and not noun):
            continue
        if not number[0].isdigit() and not noun:
            continue  # "more than three" alone: a figure in words needs its noun to be a fact
        if " " in noun and noun.split()[1] in STOP_WORDS:
            noun = noun.split()[0]  # "10 listeners was": the noun, not the verb after it
        if noun and (noun.split()[0] in STOP_WORDS or noun.split()[0].endswith("ly")):
            noun = ""
        phrase = f"{number} {noun}" if noun else number
        # said twice ("10 standards … 10 anchor standards"), the figure is still the point: the gate
        # refuses it as given away, and no other word of the sentence is blanked instead
        return Focus("quantity", phrase, match.start())
    return None


def _exception(sentence: str) -> Focus | None:
    for pattern, needs_verb in ((_EXCEPTION_RE, False), (_UNLESS_RE, True)):
        for cue in pattern.finditer(sentence):
            phrase = _phrase(sentence, cue.end(), limit=3 if not needs_verb else 2)
            if not phrase:
                continue
            rest = sentence[cue.end() + len(phrase) :]
            if needs_verb and not _CONDITION_VERB_RE.match(rest):
                continue
            if re.match(r"\s*(?:,\s*)?(?:and|or)\s", rest):
                return None  # one of several exceptions: one blank cannot ask for the set
            return Focus("exception", phrase, cue.end())
    return None


def _named_term(sentence: str) -> Focus | None:
    for cue in _NAMING_RE.finditer(sentence):
        if _DENIED_BEFORE_RE.search(sentence[: cue.start()]):
            continue  # "instead of being called a shallow copy": the name the sentence sets aside
        if re.search(r"\b(?:the|a|an|any|all|each|every)\s+$", sentence[: cue.start()], re.I):
            continue  # "the called listeners": a participle, no name
        if sentence.rfind("(", 0, cue.start()) > sentence.rfind(")", 0, cue.start()):
            continue  # "(called fidel from fides)": a name given in passing, in an aside
        start = cue.end()
        phrase = _phrase(sentence, start).strip("\"”’'")
        if phrase and not phrase[:1].isdigit():
            return Focus("name", phrase, start)  # "a male is called a drake and …": the first name
    return None


def denied_name(sentence: str, start: int) -> bool:
    """The text at ``start`` is a name the sentence sets aside ("instead of being called a {{X}}")."""
    before = sentence[:start]
    cue = re.search(
        r"\b(?:called|named|termed|dubbed|known as|referred to as)\s+(?:an?\s+|the\s+)?[\"“‘']?$",
        before,
        re.I,
    )
    return cue is not None and bool(_DENIED_BEFORE_RE.search(before[: cue.start()]))


def sentence_focus(sentence: str, language: str | None = "en") -> Focus | None:
    """The phrase ``sentence`` states as its fact (see the module docstring), or None."""
    if (language or "en").split("-")[0].lower() != "en":
        return None
    return _named_term(sentence) or _exception(sentence) or _stated_quantity(sentence)


_LABELS = {"quantity": "figure", "exception": "exception", "name": "named term"}


def focus_problem(target: str, plain: str, start: int, language: str | None = "en") -> str:
    """Why hiding ``target`` (at ``start``) misses the sentence's point, or "" (the quality gate's side).

    A name the sentence sets aside is no answer; any other word hidden while the sentence's focus is
    shown tests the wrong thing (another figure beside a stated figure is fine: both are values).
    """
    if denied_name(plain, start):
        return f"deletion '{target}' is a name the sentence denies or only hedges"
    focus = sentence_focus(plain, language)
    end = start + len(target)
    if focus is None:
        return ""
    if focus.kind == "quantity":
        # any figure may be the blank ("the maximum is {{100}}"); a word beside the count is not
        if re.search(rf"\d|\b{re.escape(focus.phrase.split()[0])}\b", target, re.I):
            return ""
    elif start < focus.end and focus.start < end:
        return ""
    return (
        f"deletion '{target}' is hidden while the sentence's {_LABELS[focus.kind]} '{focus.phrase}' is shown"
    )


def is_focus(target: str, plain: str, start: int, language: str | None = "en", *, kind: str = "") -> bool:
    """``target`` is the sentence's focus (a name it gives or an exception it makes; of ``kind`` if
    given): a fact whatever its frequency in general language ("known as a {{move}}"), and a name the
    sentence gives is its definition even of the chunk's topic."""
    focus = sentence_focus(plain, language)
    if focus is None or focus.start != start or focus.phrase.casefold() != target.strip().casefold():
        return False
    if kind and focus.kind != kind:
        return False
    # "a variable named {{second}}": "named" labels an identifier; an everyday word is a term only
    # when the sentence gives it as the name of a concept ("known as a move", "is called a drake")
    return focus.kind != "name" or not re.search(r"\bnamed\s+(?:an?\s+|the\s+)?[\"“‘']?$", plain[:start])
