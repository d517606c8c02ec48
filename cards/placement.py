"""Where a card's source sits in the document: parts of a document that are not its content.

People drop cards made from a table of contents or an index, from running
headers and footers, from a bibliography, and from boilerplate (licence text,
an e-book's release notes, a web page's furniture). :func:`placement_problem`
looks at the card's cited text and the section around it:

* contents/index lines: dot leaders, a page number after a title, a line in
  capitals, a run of page numbers;
* a bibliography: the section's heading says so, the text reads like a
  reference entry ("Surname, A.; ... (1992)."), or the text around it is dense
  with citations (years, "et al.", "In Proceedings of", page ranges);
* boilerplate: licence, copyright and e-book release wording;
* a heading or running header glued in front of a sentence: the cited text
  begins with a short line without punctuation and runs on into the next line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from cards.text import normalize, words

_DOT_LEADER_RE = re.compile(r"(?:\.\s?){4,}|…{2,}|·{3,}|_{4,}")
_PAGE_AFTER_TITLE_RE = re.compile(r"[^\W\d_]\s+\d{1,3}\s*(?:[IVXLCDM]+\.?)?\s*$")
_PAGE_RUN_RE = re.compile(r"(?:\d{1,4}\s*[,–-]\s*){3,}\d{1,4}")

_BIBLIO_HEADINGS_RE = re.compile(
    r"^(?:references?|bibliography|works cited|literature cited|sources|notes|citations|footnotes|"
    r"further reading|external links|références|bibliographie|literatur|literaturverzeichnis|"
    r"quellen|bibliografía|referencias|참고문헌|参考文献)$",
    re.I,
)
_CITATION_MARK_RE = re.compile(
    r"\bet al\.|\b(?:19|20)\d\d[a-z]?\.\s|\(\s*(?:19|20)\d\d[a-z]?\s*\)|\bpages?\s+\d+\s*[–-]\s*\d+|"
    r"\bpp\.\s*\d|\bIn (?:Proceedings|Advances|Findings)\b|\bTransactions of\b|\bJournal of\b|\barXiv\b|"
    r"\bdoi:|\bISBN\b|\bRetrieved\b|\(eds?\.\)|\bVol\.\s*\d",
)
# A citation in running text, "(Joshi et al., 2017)", "(Lee et al., 2019; Chen, 2017)": prose that
# cites, not a list of references (whose entries are not in brackets, or bracket the year alone).
_IN_TEXT_CITATION_RE = re.compile(r"\((?:[A-Z][^()]{0,80}?,\s*(?:19|20)\d\d[a-z]?;?\s*)+\)")
_REFERENCE_ENTRY_RE = re.compile(
    r"^\^|^[A-Z][\w'’\-]+,\s+(?:[A-Z]\.|[A-Z][a-z]+)[^.]{0,80}[;,]\s+[A-Z][\w'’\-]+,|"
    r"^In\s+(?:[A-Z][\w\-]*\s+|(?:in|of|on|for|and|the|&)\s+){1,14}\([A-Za-z]{2,}\)\.?$"
)
# Wording only boilerplate uses: a card citing it is boilerplate.
_BOILERPLATE_RE = re.compile(
    r"project gutenberg|\be-?book\s*#|\brelease date\s*:|\bproduced by\b|\bposting date\b|"
    r"\blast updated\s*:|\bthis e-?book is for the use of\b|\ball rights reserved\b|"
    r"\bterms of (?:use|service)\b|\bprivacy policy\b|\bcookies?\b.{0,40}\b(?:accept|consent|policy)\b|"
    r"\bjump to (?:navigation|content)\b|\blorem ipsum\b|"
    # a transcriber's or editor's notes on the e-text's typography, not the author's text
    r"\btranscriber['’]?s?\b|\b(?:is|are) represented (?:by|as|with) (?:_?\w+_? )?(?:underscores|asterisks|"
    r"brackets|braces|capitals|italics?|bold|plus signs|equals signs)\b|"
    # the GNU licences' own wording
    r"\bgnu (?:free documentation|general public|lesser general public) licen[cs]e\b|\binvariant sections?\b|"
    r"\b(?:front|back)-cover texts?\b|\bpermission is granted to copy\b|\bfree software foundation\b",
    re.I,
)
_LICENCE_NAME_RE = re.compile(
    r"\bgnu (?:free documentation|general public|lesser general public) licen[cs]e\b", re.I
)
# Words of licence text, which a chapter on copyright law uses too: boilerplate only near the above.
_LICENCE_WORDS_RE = re.compile(
    r"\belectronic works?\b|\blicen[cs]e\b|\btrademark\b|\bwarrant(?:y|ies)\b|\broyalt(?:y|ies)\b|"
    r"\bcopyright\b|\bcreative commons\b|\bdonations?\b|\brefund\b",
    re.I,
)


# Cached: the card checks locate a card's quote in its section again and again (the section it
# cites, its place, whether it starts mid-sentence, a glued heading), for every card of a chunk and
# under the one GIL a worker's threads share; the same two strings always give the same offset.
# 256 entries: a chunk's cards make a few dozen, and the texts held are at most that many sections.
@functools.lru_cache(maxsize=256)
def locate(span: str, text: str) -> int | None:
    """Offset of ``span`` in ``text``, matched word by word (spacing and line breaks ignored)."""
    tokens = words(span.rstrip("…"))[:8]
    if not tokens:
        return None
    pattern = r"\W+".join(re.escape(t) for t in tokens)
    match = re.search(pattern, text)
    return match.start() if match else None


def contents_line(span: str) -> str:
    """Why ``span`` looks like a table-of-contents or index line, or ""."""
    if _DOT_LEADER_RE.search(span):
        return "a contents line (dot leaders)"
    if _PAGE_RUN_RE.search(span) and len(words(span)) <= 20:
        return "an index line (page numbers)"
    letters = [ch for ch in span if ch.isalpha()]
    cased = [ch for ch in letters if ch.isupper() or ch.islower()]
    if len(cased) >= 12 and sum(ch.isupper() for ch in cased) / len(cased) >= 0.7:
        return "a heading or contents line in capitals"
    # "Ownership Rules 92": a title and its page; a sentence ending "... the Boeing 737." is not one
    if _PAGE_AFTER_TITLE_RE.search(span) and not re.search(r"[.!?]\s", span):
        tokens = words(span)
        capitals = sum(1 for t in tokens if t[:1].isupper())
        if tokens and capitals / len(tokens) >= 0.6:
            return "a contents line (title and page number)"
    return ""


def bibliography(span: str, heading: Sequence[str], around: str) -> str:
    """Why ``span`` belongs to a list of references, or ""."""
    if any(_BIBLIO_HEADINGS_RE.match(h.strip()) for h in heading[1:] or heading):
        return "from the references"
    if _REFERENCE_ENTRY_RE.search(span.strip()):
        return "a reference entry"
    if len(_CITATION_MARK_RE.findall(_IN_TEXT_CITATION_RE.sub("", around))) >= 4:
        return "from a list of references"
    return ""


def boilerplate(span: str, around: str) -> str:
    """Why ``span`` is licence, copyright or release-note text, or "".

    ``around``: the text near the span. Licence words alone ("copyright", "licence") do not
    make boilerplate (a chapter may be about them); near boilerplate's own wording they do.
    """
    if _BOILERPLATE_RE.search(span):
        return "boilerplate (licence or release notes)"
    if re.search(r"\blorem ipsum\b", around, re.I):
        return "boilerplate (placeholder text)"
    # A licence named ("under the terms of the GNU Lesser General Public License") is a fact about
    # the project, not licence text: only the licence's own wording makes the text near it boilerplate.
    # The licence words are counted first: most text has fewer than two, and that test costs a
    # tenth of boilerplate's long pattern run over the same text.
    if (
        len(_LICENCE_WORDS_RE.findall(around)) >= 2
        and _BOILERPLATE_RE.search(_LICENCE_NAME_RE.sub("", around)) is not None
    ):
        return "boilerplate (licence text)"
    return ""


def _typical_line(text: str) -> int:
    lines = sorted(len(ln.strip()) for ln in text.splitlines() if ln.strip())
    return lines[len(lines) // 2] if lines else 0


def starts_mid_sentence(span: str, section_text: str) -> bool:
    """The cited text starts inside a sentence of its section (a cut at a page or column break)."""
    at = locate(span, section_text)
    if not at:
        return False
    # the quote's words are located: an opening quotation mark or bracket before them is its start
    before = _LEADING_MARK_RE.sub("", section_text[:at].rstrip("\"“‘'«([ \t")).rstrip(" \t")
    if not before.strip():
        return False
    if not before.endswith("\n"):
        return not before.rstrip().endswith(_SENTENCE_END)
    previous = before.rstrip().rsplit("\n", 1)[-1].strip()
    if previous.endswith(_SENTENCE_END):
        return False
    # a short line without a full stop is a heading; a long one is prose wrapped onto the next line
    if re.match(r"[●○■□►▶◆◇❖➢➤✓✔•*\-–]\s", previous):
        return True  # a list item wrapped onto the cited line
    return len(previous) >= 0.6 * _typical_line(section_text) and len(words(previous)) > 3


# Words no heading ends with: a line ending in one is prose wrapped onto the next line.
_RUNS_ON_RE = re.compile(
    r"\b(?:a|an|the|to|of|in|on|at|by|for|with|from|and|or|but|that|which|is|are|was|were)$", re.I
)
# A bullet or list number in front of the cited text starts it, as a full stop would.
_LEADING_MARK_RE = re.compile(r"(?:^|(?<=\s))(?:[●○■□►▶◆◇❖➢➤✓✔•*\-–—]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]*$")
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', "»", ")", "]", "…", "。", "！", "？")


def glued_heading(span: str, section_text: str) -> str:
    """The cited text begins with a heading or running header line and runs on past it."""
    at = locate(span, section_text)
    if at is None:
        return ""
    line_end = section_text.find("\n", at)
    if line_end == -1:
        return ""
    line = section_text[at:line_end].strip()
    rest = normalize(span)[len(normalize(line)) :].strip()
    if not line or len(words(rest)) < 2:
        return ""
    if rest.startswith(";"):
        return ""  # list items quoted one after the other ("Leaves; Berries; Grain"), each a line of its own
    if len(words(line)) > 8 or line.endswith((".", ",", ";", ":", "!", "?", "-", "–", "—")):
        return ""
    if _RUNS_ON_RE.search(line):
        return ""  # "The FAA proposes to": a line ending in a function word runs on, no heading does
    line_start = section_text.rfind("\n", 0, at) + 1
    if section_text[line_start:at].strip():
        return ""  # the span starts inside a line: not a line of its own
    # prose wraps long lines; a heading is a short line among longer ones
    lines = [ln for ln in section_text.splitlines() if ln.strip()]
    if len(line) < 0.6 * _typical_line(section_text) or len(lines) <= 3:
        return f"a heading or running header glued to the text ('{line[:40]}')"
    return ""


def placement_problem(span: str, section_text: str, heading: Sequence[str], context: str = "") -> str:
    """Why the card's source is not content of the document, or "".

    ``section_text`` is the text of the cited section, ``context`` the text around it (the
    chunk): a reference list or a licence runs across sections.
    """
    problem = contents_line(span)
    if problem:
        return problem
    context = context or section_text
    at = locate(span, context)
    around = context if at is None else context[max(0, at - 400) : at + len(span) + 400]
    before = "" if at is None else context[max(0, at - _NOTES_REACH) : at]
    return (
        bibliography(span, heading, around)
        or boilerplate(span, around)
        or transcriber_note(before)
        or glued_heading(span, section_text)
    )


#: How far after a "Transcriber's notes" heading its notes may run.
_NOTES_REACH = 1500
_NOTES_HEADING_RE = re.compile(r"^\s*(?:transcriber|editor|typist)['’]?s?\s+notes?\b", re.I | re.M)


def transcriber_note(before: str) -> str:
    """Why text soon after a "Transcriber's notes" heading is not the book's own text, or ""."""
    if _NOTES_HEADING_RE.search(before):
        return "boilerplate (a transcriber's notes)"
    return ""
