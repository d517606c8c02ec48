"""What a sign or a term of an art stood for: "The quilisma indicated a repetition of two notes".

A history of notation, of a script or of a science's symbols says what each of its signs meant, and
what the sign meant is the fact to learn:

* "The quilisma ([Upper Mordent]) indicated a repetition of two notes, one above the other, and we
  still use …" → "What did the quilisma indicate?" / "A repetition of two notes, one above the other";
* "… the minima [illustration], which represented half the value of the semibrevis." → "What did
  the minima represent?" / "Half the value of the semibrevis".

and how two such terms measure against each other, "The longa was twice the value of the brevis, and
the semibrevis was half the length of the brevis" → "How did the value of the longa compare with
that of the brevis?" / "Twice the value of the brevis" (both terms rare, zipf < 3.5: never "the man was
twice the size of the boy").

Only of a term everyday English hardly uses (wordfreq zipf < 3: "quilisma", "minima"; not "This
line represented …", "a success meant …"), written in lower case (a name's deeds are
:mod:`.claims`' and others'), four letters or more, and never a meaning that is a clause ("meant
that the notes were …") or points elsewhere ("the same", "it").
"""

from __future__ import annotations

import re

from cards.offline.clean import noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

#: A term this rare in general English is a term of the art ("quilisma" 1.0, "minima" 2.4; "line" 5.4).
RARE_ZIPF = 3.0

_VERBS = {
    "indicated": ("did", "indicate"),
    "denoted": ("did", "denote"),
    "signified": ("did", "signify"),
    "represented": ("did", "represent"),
    "indicates": ("does", "indicate"),
    "denotes": ("does", "denote"),
    "signifies": ("does", "signify"),
    "represents": ("does", "represent"),
}
_VERB = "|".join(_VERBS)
# A figure's placeholder after the sign ("[Upper Mordent]", "[illustration]") or a gloss in brackets.
_ASIDE = r"(?:\s*\([^()]{1,60}\)|\s*\[[^\[\]]{1,40}\])*"
_TERM = r"(?P<term>[a-z][a-z\-]{3,}(?:\s+[a-z][a-z\-]{3,})?)"  # "quilisma", "punctus elevatus"
_LEAD_RE = re.compile(
    rf"^(?:(?:Thus|So|Now|Here|Then),?\s+)?(?P<article>The|A|An)\s+{_TERM}{_ASIDE}\s+"
    rf"(?:(?:always|usually|generally|originally)\s+)?(?P<verb>{_VERB})\s+(?P<answer>[^;]{{3,160}})$"
)
_WHICH_RE = re.compile(
    rf"\b(?P<article>[Tt]he|[Aa]n?)\s+{_TERM}{_ASIDE},\s+which\s+(?P<verb>{_VERB})\s+"
    r"(?P<answer>[^;]{3,160})$"
)
# Where the meaning ends and the sentence goes on ("…, and we still use …", "…, which …").
_END_RE = re.compile(
    r",\s+(?:and|but|while|whereas|which|who|so|for|as|although|though|thus)\b|\s+[—–]\s+|\s+--\s+|\s*\["
)
_NOT_A_MEANING_RE = re.compile(
    r"^(?:that|it|this|these|those|they|them|the\s+same|such|so|by|in|on|at|to|with|from|as)\b", re.I
)


#: Both terms of a measured comparison this rare are terms of an art ("longa" 2.1, "brevis" 2.2; "proton"
#: 3.4, but "electron" 3.8).
RATIO_ZIPF = 3.5
_RATIO_RE = re.compile(
    r"(?:^|,\s+(?:and\s+)?)[Tt]he\s+(?P<x>[a-z][a-z\-]{3,})\s+(?P<aux>is|was)\s+"
    r"(?P<ratio>twice|half|(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|sixty|a\s+hundred|\d+)\s+times|a\s+third\s+of|a\s+quarter\s+of)\s+the\s+"
    r"(?P<measure>value|length|size|weight|height|width|mass|duration|diameter|area|volume)\s+of\s+"
    r"the\s+(?P<y>[a-z][a-z\-]{3,})\b"
)


def measured(d: Drafter, section: Section, sentence: str) -> None:
    """ "The longa was twice the value of the brevis" → "How did the value of the longa compare with that
    of the brevis?" / "Twice the value of the brevis"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    for m in _RATIO_RE.finditer(" ".join(sentence.split())):
        x, y = m.group("x"), m.group("y")
        if x == y or any(zipf(w, d.lang) >= RATIO_ZIPF for w in (x, y)):
            continue
        aux = "did" if m.group("aux") == "was" else "does"
        measure = m.group("measure")
        question = f"How {aux} the {measure} of the {x} compare with that of the {y}?"
        ratio = " ".join(m.group("ratio").split())
        d.add(
            section, CardKind.BASIC, question, f"{ratio.capitalize()} the {measure} of the {y}", sentence, 1
        )


def sign_meaning(d: Drafter, section: Section, sentence: str) -> None:
    """The two shapes of the module docstring, one sentence at a time."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    text = " ".join(sentence.split()).rstrip(".!")
    m = _LEAD_RE.match(text) or _WHICH_RE.search(text)
    if not m:
        return
    term = m.group("term")
    if any(zipf(w, d.lang) >= RARE_ZIPF or w in STOP_WORDS for w in term.split()):
        return  # every word a term's ("punctus elevatus"), not "the red line"
    answer = _END_RE.split(m.group("answer"), maxsplit=1)[0]
    if m.re is _WHICH_RE:  # a relative clause ends at its comma ("which indicated a pause, looked like …")
        answer = answer.split(",", 1)[0]
    answer = trim_answer(answer.strip())
    if not answer or _NOT_A_MEANING_RE.match(answer) or not 2 <= word_count(answer) <= 15:
        return
    aux, base = _VERBS[m.group("verb")]
    question = f"What {aux} {m.group('article').lower()} {term} {base}?"
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
