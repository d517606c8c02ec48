"""Can a question card be studied on its own? Its question, and how its answer fits it.

People drop questions built from a heading that the answer does not define ("What is Optional
comments?"), about half of a term ("What is Physical?" where the text says "physical layer"),
about "the X" of something the card does not name, or about a place in a figure or list; and
acronym cards whose "expansion" does not spell the acronym. :func:`question_problem` returns
why, or "". The cloze side of the same rule (a whole sentence that names its subject) is
:mod:`cards.standalone`.
"""

from __future__ import annotations

import re

from cards.frequency import zipf
from cards.terms import RARE_ZIPF
from cards.text import STOP_WORDS, content_stems, words

_WHAT_IS_RE = re.compile(
    r"^(?:what\s+(?:is|are)|qu[’']est-ce\s+que|que\s+sont|was\s+(?:ist|sind)|¿qué\s+(?:es|son))\s+"
    r"(?P<term>.+?)(?:\s+called)?\s*[?？]$",
    re.I,
)
#: An acronym this frequent in general text (``wordfreq`` zipf) has a meaning people already know.
WIDESPREAD_ACRONYM_ZIPF = 3.0
_REFERS_RE = re.compile(r"^what\s+does\s+(?P<term>.+?)\s+(?:refer\s+to|mean)\s*\?$", re.I)
_STANDS_FOR_RE = re.compile(
    r"^what\s+(?:does\s+(?P<term>\S+)\s+stand|is\s+(?P<short>\S+)\s+(?:an\s+abbreviation|short))\s+for\s*\?$",
    re.I,
)
# "In Rust ownership, what is …": the context a question names, checked apart from the question.
_CONTEXT_PREFIX_RE = re.compile(
    r"^(?:in|dans|en)\s+[^,?]{2,80},\s+(?=(?:what|which|who|why|how|qu|que)\b)", re.I
)
# "the top block", "the second example": a place in a figure, table or list the card does not show.
_POSITION_RE = re.compile(
    r"^(?:the\s+)?(?:first|second|third|fourth|fifth|last|next|previous|top|bottom|middle|upper|lower|left|"
    r"right|former|latter|following|preceding)\b",
    re.I,
)
# "the entire pre-Palestrina literature", "the same thing", "the only way": a description, not a name.
_SELECTING_RE = re.compile(
    r"^(?:the|an?)\s+(?:entire|whole|same|other|only|main|very|best|worst|real)\b", re.I
)
# "What is an obvious example?" (libxslt: "An obvious example is a connection to a database …"): an
# example of what, the sentence before said; the answer is the example, the question names nothing.
# ("a worked example" is a term of teaching: only words that rate or count an example count here)
_EXAMPLE_TERM_RE = re.compile(
    r"^(?:(?:the|an?)\s+)?(?:(?:obvious|good|typical|simple|classic|common|famous|another|further|concrete|"
    r"notable|similar|clear|first|second|last|final|better|best|other|example)\s+){0,2}examples?$",
    re.I,
)
_PURPOSE_RE = re.compile(
    r"^what\s+(?:is|are|was|were)\s+(?!it\b|this\b|that\b|these\b|those\b|they\b).+\s+"
    r"(?:used for|made up of|composed of|divided into|split into)\s*\?$",
    re.I,
)
_ARTICLE_RE = re.compile(r"^(?:(?:the|a|an|le|la|les|un|une|des|der|die|das|el|los|las)\s+|l[’'])", re.I)
_CODE_CHARS_RE = re.compile(r"[$(){}=;/\\<>\[\]#|`*_~^]|\d")


# "readStream.isRaw": a member's name, as an API reference heads the member's entry.
_MEMBER_NAME_RE = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+")


def question_problem(front: str, back: str, span: str, language: str | None = None, heading: str = "") -> str:
    """Why a basic card's question does not stand on its own or its answer does not fit it, or "".

    ``heading``: the heading of the cited section. An API reference's entry is headed by the member it
    describes ("readStream.isRaw" over "A boolean that is true if …"), so its text speaks of that name.
    """
    bare = _CONTEXT_PREFIX_RE.sub("", front.strip())
    in_context = bare != front.strip()
    front = bare[:1].upper() + bare[1:]
    acronym = _STANDS_FOR_RE.match(front)
    if acronym:
        short = acronym.group("term") or acronym.group("short")
        return _expansion_problem(short.split("<", 1)[0], back, in_context=in_context)  # "Rc<T>": "Rc"
    if _PURPOSE_RE.match(front):  # "What is the pecten used for?": the thing is named, not defined
        return ""
    what = _WHAT_IS_RE.match(front) or _REFERS_RE.match(front)
    if what and _EXAMPLE_TERM_RE.match(what.group("term").strip()):
        return f"'{what.group('term').strip()}' is an example of something the card does not name"
    if what and in_context:
        # the context names what the term belongs to (and may paraphrase it): only a place in a
        # figure or list ("In “Ablation Study”, what is the top block?") stays a pointer
        term = what.group("term").strip()
        if _SELECTING_RE.match(term):  # "In Suggestion in Music, what is the entire … literature?": no name
            return f"'{term}' is a description, not a term"
        return f"'{term}' points at a place in a figure, table or list" if _POSITION_RE.match(term) else ""
    if what:
        term = what.group("term").strip()
        if _MEMBER_NAME_RE.fullmatch(heading.strip("` ")) and term == heading.strip("` "):
            span = f"{term} {span}"  # the entry under the member's own heading
        return _definition_problem(what.group("term"), back, span, language)
    return ""


def _expansion_problem(acronym: str, back: str, *, in_context: bool = False) -> str:
    expansion = back.strip()
    tokens = words(expansion)
    if _CODE_CHARS_RE.search(expansion) or len(tokens) < 2:
        return "the expansion is not a phrase"
    if tokens[0].casefold() in {"the", "a", "an"} or tokens[0][:1].casefold() != acronym[:1].casefold():
        return "the expansion does not spell the acronym"
    if len(tokens) > len(acronym) + 3:
        return "the expansion is longer than the acronym"
    known = zipf(acronym, "en")
    widespread = known is not None and known >= WIDESPREAD_ACRONYM_ZIPF
    if widespread and not in_context and acronym.casefold() not in STOP_WORDS:
        # "FCC", "CBI": in wide use with another meaning; asked bare, the answer is ambiguous
        return f"'{acronym}' is in wide use; the question must name its field"
    return ""


def _only_in_longer_terms(word: str, span: str) -> bool:
    """Every mention of ``word`` in ``span`` runs on into a noun ("Physical" → "the physical layer")."""
    following = [
        m.group(1)
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)(?:\s+([^\W\d_][\w\-]*))?", span, re.I)
    ]
    return bool(following) and all(
        nxt and nxt.islower() and nxt.casefold() not in STOP_WORDS for nxt in following
    )


# "the “bufsize” option": an entry a table or a list names, its kind said (cards.offline.rows).
_LISTED_ENTRY_RE = re.compile(r"^the\s+“(?P<name>[^“”]+)”\s+[a-z][a-z -]*$")


# "the “--leak-check” option", "Memcheck’s “--leak-check” option": an entry named with its kind.
_OPTION_ENTRY_RE = re.compile(r"^(?:the|[\w.+-]+['’]s)\s+“[^“”]+”\s+[a-z][a-z -]*$")


def _definition_problem(term: str, back: str, span: str, language: str | None) -> str:
    if entry := _LISTED_ENTRY_RE.match(term.strip()):
        # one thing the document lists by name, not "the capacity" of something unnamed
        name, answer = entry.group("name"), back.strip()
        if sum(1 for t in words(answer) if t.isalpha() and len(t) > 1) < 2:
            return f"the answer does not define '{term}'"
        return "" if name.casefold() in span.casefold() else f"the source does not speak of '{term}'"
    if _POSITION_RE.match(term.strip()):
        return f"'{term}' points at a place in a figure, table or list"
    if _SELECTING_RE.match(term.strip()):
        return f"'{term}' is a description, not a term"
    # "the angle of attack (AOA)": the acronym the document gives it names one thing
    abbreviated = re.search(r"\s+\([A-Z][A-Za-z]{0,6}[A-Z]s?\)$", term)
    if abbreviated:
        term = term[: abbreviated.start()]
    qualified = re.match(r"^the\s+(?P<what>\w+)\s+of\s+(?P<subject>.+)$", term, re.I)
    preset = qualified is not None and qualified["what"].casefold() == "default"
    if qualified and preset and _OPTION_ENTRY_RE.match(qualified["subject"]):
        # "the default of Memcheck’s “--leak-check” option" is a value the entry gives: "summary", "no"
        value = back.strip()
        return "" if value and value.casefold() in span.casefold() else f"the source does not give '{term}'"
    if qualified and not abbreviated:  # "the description of ls": a table row, its subject named
        term = qualified.group("subject")
        span = span + " " + term
    if len(words(term.partition(",")[2])) >= 2:
        return f"'{term}' is a clause, not a term"
    term = term.split(",")[0].strip()  # "a sitting duck, figuratively": the term before the aside
    bare = _ARTICLE_RE.sub("", term).strip()
    tokens = words(bare)
    if not tokens or re.search(r"[\[\](){};=]", bare) or any(len(t) == 1 for t in tokens):
        return f"'{term}' is not a term"
    sentence_case = len(tokens) > 1 and tokens[0][:1].isupper() and all(t.islower() for t in tokens[1:])
    owned = re.search(r"['’]s$", tokens[0]) is not None  # "Rust’s char type": an owner's name, no heading
    if sentence_case and not owned and not _ARTICLE_RE.match(term):
        return f"'{term}' is a heading, not a term"
    if (
        term.casefold().startswith(("the ", "la ", "le ", "les ", "l’", "l'"))
        and not qualified
        and not abbreviated
        and not (
            len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) >= 2
        )  # "the AFM" names one thing
        and len(tokens) <= 3
    ):
        # "What is the capacity?", "the reader's initial state", "the Comparative Analysis": which one?
        return f"'{term}' of what? the question names no context"
    if False:
        # "What is the capacity?", "the reader's initial state": the capacity of what?
        common = [
            t
            for t in tokens
            if (z := zipf(t.split("’")[0].split("'")[0], language)) is None or z >= RARE_ZIPF
        ]
        if len(common) == len(tokens) or re.search(r"['’]s\b", bare):
            return f"'{term}' of what? the question names no context"
    answer = back.strip()
    if not answer or answer[0] in '"“«‘' or answer.endswith(("?", "!", "？")):
        return f"the answer does not define '{term}'"
    if sum(1 for t in words(answer) if t.isalpha() and len(t) > 1) < 2:
        return f"the answer does not define '{term}'"
    lead = [t.casefold() for t in words(answer)[:3]]
    if any(t in {"it", "this", "they", "he", "she", "these", "those"} for t in lead):
        return "the answer leans on something not on the card"
    if len(tokens) == 1 and _only_in_longer_terms(bare, span):
        return f"'{term}' is half a term: the source speaks of it only as part of a longer one"
    stems = content_stems(bare)
    if len(stems & content_stems(span)) < (len(stems) if len(stems) <= 2 else 0.7 * len(stems)):
        return f"the source does not speak of '{term}'"
    if _plural_label(bare, language):
        return f"'{term}' is a plural label asked as one thing"
    if _label_line(bare, span, language):
        return f"'{term}' is a field label, not a term"
    return ""


#: A label's words are this common in general text (``wordfreq`` zipf): "Returns", "Type", "Braces".
LABEL_ZIPF = 4.0


def _label_line(term: str, span: str, language: str | None) -> bool:
    """``span`` reads "Term: …" and the term is made of common words: a field or legend label.

    "Returns: the new string", "Braces: surround notes in a chord": an API reference's fields or a
    notation legend, whose label alone names nothing ("What is Returns?"). A rare word
    ("Numexpr: fast array expressions") is a glossary term.
    """
    if not re.match(rf"^\W*{re.escape(term)}\s*[:：–—-]", span.strip(), re.I):
        return False
    content = [t for t in words(term) if t.casefold() not in STOP_WORDS]
    if not content:
        return True
    return all((z := zipf(t.casefold(), language)) is not None and z >= LABEL_ZIPF for t in content)


def _plural_label(term: str, language: str | None) -> bool:
    """ "What is Braces?", "What is Options?": a capitalised plural of a common word, a label of a legend."""
    if (language or "en").split("-")[0] != "en" or " " in term or not term[:1].isupper() or term.isupper():
        return False
    if not term.endswith("s") or term.endswith("ss"):
        return False
    singular = zipf(term[:-1].casefold(), language)
    return singular is not None and singular >= LABEL_SINGULAR_ZIPF


#: The singular of a plural label is a common word ("brace", "option").
LABEL_SINGULAR_ZIPF = 3.0
