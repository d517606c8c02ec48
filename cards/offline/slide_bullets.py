"""What a slide's bullets say about the names they introduce.

A slide deck lists tools, settings and keywords as bullets of their own, each a fact about the
slide's subject, written shorter than prose would:

* "● Numba: JIT compiler": a name and a short description after a colon (two or three words,
  which the glossary's "Term: definition" line, written for prose, refuses as a form label) →
  "What is Numba?" / "JIT compiler";
* "● Theano" over "● A Python library that allows you to define, optimize, and evaluate …": a
  name alone, then the bullet that describes it → "What is Theano?" / "A Python library that …";
* "● boundscheck=True: Array accesses are bounds-checked, like in Python.": a setting with its
  value, then what it does → "In Cython, what does boundscheck=True mean?" / "Array accesses are
  bounds-checked, like in Python";
* "● cdef, when used for variables, denotes a type declaration." → "In Cython, what does cdef denote,
  when used for variables?" (a keyword rare in general language that the slides write again);
* "● int is a native integer, either 32 or 64 bits" → "In Cython, what is int?" (a keyword the
  slides' code uses, whatever its frequency in everyday language; "unsigned means …" likewise);
* "● Implementation files have the file extension .pyx" → "In Cython, which file extension do
  implementation files have?" / ".pyx".

Only lines the slide marks with a bullet glyph (``●``, ``■``, ``►`` …; the parser keeps them) count:
in prose, "Fax: 202–493–2251" or a name on a line of its own is a form label or a heading. The
name is a name (capitalised, not a word of everyday language: "Drawbacks:", "Danger: …" and
"Performance: Cython" head a slide's points, they are not terms), the description a noun phrase
(no figure, link or sentence end inside).
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, noise, prepare_text, trim_answer
from cards.offline.drafter import WHAT_IS, Drafter
from cards.offline.terms import common_word, zipf
from cards.schema import CardKind
from cards.text import collapse_spaces, word_count, words
from documents.model import Section

# The glyphs a slide puts before its points (as :mod:`cards.offline.clean` reads them).
_BULLET_RE = re.compile(r"^[ \t]*[●○■□►▶◆◇❖➢➤✓✔][ \t]*(?P<text>\S.*)$")
# "Numba: JIT compiler": a name of one or two words (CamelCase, dotted or hyphenated allowed).
_NAMED_RE = re.compile(r"^(?P<name>[A-Z][\w.+#-]*(?:\s[A-Z][\w.+#-]*)?)\s*:\s+(?P<d>[^:;.!?]+?)\.?$")
# "boundscheck=True: …": a setting and its value, then what it does.
_SETTING_RE = re.compile(r"^(?P<setting>[a-z_][\w.]*=[\w.'\"-]+)\s*:\s+(?P<d>[A-Z][^:]{8,})$")
# A description opens with an article: "A Python library that …".
_DESCRIPTION_RE = re.compile(r"^(?:A|An)\s+\S")
# "cdef, when used for variables, denotes a type declaration.", "unsigned means no sign bit is used"
_KEYWORD_MEANS_RE = re.compile(
    r"^(?P<word>[a-z_][a-z0-9_]*|\[[^\]\s]{1,12}\])(?:,\s+(?P<when>when [^,]{3,60}),)?"
    # "nogil at the end of the function signature means …": where the keyword stands
    r"(?P<where>\s+(?:at|in|after|before)\s+the\s+[a-z][a-z ]{2,50}?)?\s+(?P<verb>means|denotes)\s+"
    r"(?:that\s+)?(?P<d>[^;]{4,200}?)(?:;.*)?\.?$"
)
# "Explicit memory layout: the pythonic syntax [::1] denotes …", "Beside cdef, there is also cpdef, which
# means …": a label or another keyword before the keyword's statement.
_KEYWORD_LEAD_RE = re.compile(
    r"^(?:[A-Z][\w -]{2,40}:\s+the\s+(?:[a-z]+\s+)?(?:syntax|keyword|notation|operator)\s+"
    r"|Besides?\s+[^,]{1,30},\s+there\s+is\s+also\s+(?=[a-z_]+,\s+which\s))"
)
# "int is a native integer, either 32 or 64 bits": a keyword and what it is.
_KEYWORD_IS_RE = re.compile(r"^(?P<word>[a-z_][a-z0-9_]*)\s+is\s+(?P<d>(?:a|an)\s+[^;]{4,200}?)(?:;.*)?\.?$")
# A line of code (not a bullet): a statement keyword first, or an assignment, a call, brackets.
_CODE_LINE_RE = re.compile(r"^\s*(?:c?def|cimport|import|from|for|return|with|if|while)\b|[=()\[\]{}]")
# "Implementation files have the file extension .pyx"
_EXTENSION_RE = re.compile(
    r"^(?P<files>[A-Z][a-z]+(?:\s+[a-z]+)?\s+files)\s+have\s+the\s+(?:file\s+)?extension\s+(?P<ext>\.\w{1,8})\b"
)
_FIGURE_OR_LINK_RE = re.compile(r"\d|https?:|www\.|@")


def bullets(text: str) -> list[str]:
    """The slide's bulleted points, each with the lines it wraps onto, in order ("" for none)."""
    points: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        m = _BULLET_RE.match(line)
        if m:
            if current is not None:
                points.append(collapse_spaces(" ".join(current)))
            current = [m.group("text")]
        elif current is not None and line.strip():
            current.append(line.strip())
        elif current is not None:
            points.append(collapse_spaces(" ".join(current)))
            current = None
    if current is not None:
        points.append(collapse_spaces(" ".join(current)))
    return [prepare_text(p).strip() for p in points]


def _a_name(name: str, d: Drafter) -> bool:
    """A name a student could look up: capitalised words, none of everyday language."""
    tokens = words(name)
    if not 1 <= len(tokens) <= 2 or not all(t[:1].isupper() for t in tokens):
        return False
    return not any(common_word(t, d.lang) for t in tokens) and not noise(name)


def slide_bullets(d: Drafter, section: Section, text: str) -> None:
    """The cards of a slide's "Name: description", "Name" over "A …", and "setting=value: …" bullets."""
    if CardKind.BASIC not in d.kinds or d.lang != "en":
        return
    points = bullets(section.text)
    for n, point in enumerate(points):
        following = points[n + 1] if n + 1 < len(points) else ""
        if m := _SETTING_RE.match(point):
            _setting(d, section, point, m.group("setting"), m.group("d"))
        elif m := _NAMED_RE.match(point):
            _described(d, section, point, m.group("name"), m.group("d"))
        elif _a_name(point, d) and _DESCRIPTION_RE.match(following):
            _named_over(d, section, point, following)
        elif m := _KEYWORD_MEANS_RE.match(_keyword_statement(point)):
            where = m.group("where") or ""
            # the card quotes the clause it asks, not the figures after a semicolon
            said = point.split(";", 1)[0] if ";" in m.string[m.start("d") :] else point
            word = m.group("word") + where
            _keyword(d, section, said, word, m.group("when"), m.group("verb"), m.group("d"))
        elif m := _KEYWORD_IS_RE.match(point):
            _keyword_is(d, section, point, m.group("word"), m.group("d"))
        elif m := _EXTENSION_RE.match(point):
            _extension(d, section, point, m.group("files"), m.group("ext"))


def _keyword_statement(point: str) -> str:
    """The bullet as a keyword's statement: "the pythonic syntax [::1] denotes …" → "[::1] denotes …",
    "there is also cpdef, which means …" → "cpdef means …"."""
    lead = _KEYWORD_LEAD_RE.match(point)
    if not lead:
        return point
    return re.sub(r"^([a-z_]+),\s+which\s+(means|denotes)\b", r"\1 \2", point[lead.end() :])


def _described(d: Drafter, section: Section, point: str, name: str, description: str) -> None:
    """ "Numba: JIT compiler" → "What is Numba?" / "JIT compiler" (longer ones are the glossary's)."""
    description = description.strip()
    if not 2 <= word_count(description) <= 3 or _FIGURE_OR_LINK_RE.search(description):
        return
    if not _a_name(name, d) or PRONOUN_START_RE.match(description) or name in description:
        return
    question = d.question(WHAT_IS, name, section)
    if question:
        d.add(section, CardKind.BASIC, question, description[:1].upper() + description[1:], point, 0)


def _named_over(d: Drafter, section: Section, name: str, description: str) -> None:
    """ "Theano" over "A Python library that allows you to …" → "What is Theano?"."""
    answer = trim_answer(description)
    if not 4 <= word_count(answer) <= 25 or DANGLING_RE.search(answer) or noise(description):
        return
    if name.casefold() in answer.casefold():
        return  # the answer names the term: no question left
    question = d.question(WHAT_IS, name, section)
    if question:
        d.add(section, CardKind.BASIC, question, answer, f"{name}; {description}", 0)


def _setting(d: Drafter, section: Section, point: str, setting: str, effect: str) -> None:
    """ "boundscheck=True: Array accesses are bounds-checked." → "In Cython, what does boundscheck=True
    mean?"."""
    answer = trim_answer(effect)
    if not 3 <= word_count(answer) <= 25 or PRONOUN_START_RE.match(answer) or DANGLING_RE.search(answer):
        return
    context = d.context_of(section)
    question = f"What does {setting} mean?"
    if context and context.strip("“”").casefold() not in setting.casefold():
        question = f"In {context}, what does {setting} mean?"
    d.add(section, CardKind.BASIC, question, answer, point, 0)


def _keyword(
    d: Drafter, section: Section, point: str, word: str, when: str | None, verb: str, meaning: str
) -> None:
    """ "cdef, when used for variables, denotes a type declaration" → "In Cython, what does cdef denote,
    when used for variables?" / "A type declaration"; only a keyword the slides use as code (rare in
    general language, written again elsewhere in the chunk), never a meaning that points elsewhere."""
    keyword, _, where = word.partition(" ")
    if keyword.startswith("["):  # "[::1]": a notation, written again in the slides' code
        if d.all_text.count(keyword) < 2:
            return
    elif (zipf(keyword, d.lang) >= 3.0 and not written_as_code(keyword, d)) or d.term_counts[keyword] < 2:
        return
    answer = trim_answer(meaning).strip('“”"')
    if where:  # "nogil at the end of the signature means that this C function …": the function it ends
        answer = re.sub(r"^this\s+(?=[A-Za-z])", "the ", answer)

    if not 2 <= word_count(answer) <= 20 or PRONOUN_START_RE.match(answer) or DANGLING_RE.search(answer):
        return
    base = "denote" if verb == "denotes" else "mean"
    question = f"What does {word} {base}{f', {when}' if when else ''}?"
    context = d.context_of(section)
    if context and context.strip("“”").casefold() != word:
        question = f"In {context}, {question[:1].lower()}{question[1:]}"
    if re.match(r"(?:no|yes)\b", answer, re.I):
        answer = f"that {answer}"  # "unsigned means no sign bit is used": a statement, not a "No"
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], point, 0)


def _extension(d: Drafter, section: Section, point: str, files: str, extension: str) -> None:
    """ "Implementation files have the file extension .pyx" → "In Cython, which file extension do
    implementation files have?" / ".pyx"."""
    question = f"Which file extension do {files[:1].lower()}{files[1:]} have?"
    context = d.context_of(section)
    if context:
        question = f"In {context}, {question[:1].lower()}{question[1:]}"
    d.add(section, CardKind.BASIC, question, extension, point, 0)


def written_as_code(word: str, d: Drafter) -> bool:
    """``word`` stands in a line of code of the chunk ("cdef unsigned int k"): a keyword, whatever its
    frequency in everyday language ("int", "unsigned")."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(word)}(?![\w(])")
    return any(
        not _BULLET_RE.match(line) and _CODE_LINE_RE.search(line) and pattern.search(line)
        for section in d.chunk.sections
        for line in section.text.splitlines()
    )


def _keyword_is(d: Drafter, section: Section, point: str, word: str, description: str) -> None:
    """ "int is a native integer, either 32 or 64 bits" → "In Cython, what is int?" / "A native integer,
    …"; only a keyword the slides write in their code, and only under a heading that says whose."""
    context = d.context_of(section)
    if not context or context.strip("“”").casefold() == word or not written_as_code(word, d):
        return
    answer = trim_answer(description)
    if not 3 <= word_count(answer) <= 20 or DANGLING_RE.search(answer) or noise(point):
        return
    d.add(
        section, CardKind.BASIC, f"In {context}, what is {word}?", answer[:1].upper() + answer[1:], point, 0
    )
