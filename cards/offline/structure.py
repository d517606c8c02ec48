"""Cards from the document's layout: tables, lists, a noun-phrase heading over a short body.

* two-column tables (rows "a | b", or tab-separated) → a card per row, the header
  naming the question ("What is the description of ls?");
* numbered steps and short lists → one cloze c1..cN, led by the line that
  introduces them (or the section heading); likewise a sentence enumerating
  "1) A 2) B 3) C";
* a term-like heading over a body of one short defining sentence → "What is <heading>?".
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, noise, trim_answer
from cards.offline.drafter import ROW, WHAT_IS, Drafter
from cards.offline.rows import describe, row_card, row_kind
from cards.offline.terms import BAD_TERMS, GENERIC_HEADINGS, common_word
from cards.schema import CardKind
from cards.text import STOP_WORDS, collapse_spaces, split_sentences, word_count, words
from documents.model import Section

ITEM_RE = re.compile(r"^\s*(?:[-*+•‣▪◦]|\d{1,2}[.)]|[a-z][.)])\s+(?P<item>\S.*)$")


def without_list_lines(text: str) -> str:
    return "\n".join("" if ITEM_RE.match(line) else line for line in text.splitlines())


def looks_like_table(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 2 and sum(line.count("|") >= 1 for line in lines) == len(lines)


def _cells(line: str) -> list[str]:
    sep = "|" if "|" in line else "\t"
    parts = [collapse_spaces(c) for c in line.strip().strip("|").split(sep)]
    return parts if any(parts) else []


def _looks_like_header(first: list[str], rest: list[list[str]]) -> bool:
    short = all(0 < word_count(c) <= 3 for c in first)
    longer = sum(word_count(r[1]) for r in rest) / max(1, len(rest)) > word_count(first[1])
    return short and (longer or all(c[:1].isupper() for c in first))


def tables(d: Drafter, section: Section, text: str) -> None:
    """A card per row of a two-column table."""
    rows = [_cells(line) for line in text.splitlines() if "|" in line or "\t" in line]
    rows = [r for r in rows if r and not all(re.fullmatch(r":?-{2,}:?", c) for c in r)]
    if len(rows) < 2 or any(len(r) != 2 for r in rows):
        return
    header: list[str] | None = rows[0] if _looks_like_header(rows[0], rows[1:]) else None
    subject = section.source.heading[-1] if section.source.heading else ""
    kind = row_kind(d, section, header)
    for left, right in rows[1:] if header else rows:
        # "[W: Capitals. | Small letters]": a bracket a cell opens and another closes means the bars
        # are the text's own (notation, a legend), not a table's columns
        if any(
            cell.count("[") != cell.count("]") or cell.count("(") != cell.count(")") for cell in (left, right)
        ):
            continue
        if left and right and left.casefold() != right.casefold():
            _row_card(d, section, left, right, header, subject, kind)


def _row_card(
    d: Drafter, section: Section, left: str, full: str, header: list[str] | None, subject: str, kind: str
) -> None:
    """One table row: a question when basic cards are wanted, else reversed or cloze."""
    right = trim_answer(full)
    source = f"{left} | {right}"
    attribute = header[1] if header else ""
    if d.lang == "en" and row_card(d, section, left, full, source, kind=kind, attribute=attribute):
        return
    q = None
    # "What goes with" only pairs a name with a short value ("France | Paris"); a description it cannot
    # phrase as what the thing does or is makes no question.
    if subject and not header and word_count(right) <= 4 and not describe(full):
        q = d.question(ROW, left, s=subject)
    if q and CardKind.BASIC in d.kinds:
        d.add(section, CardKind.BASIC, q, right, source, 0)
    elif CardKind.REVERSED in d.kinds and word_count(left) <= 8 and word_count(right) <= 8:
        d.add(section, CardKind.REVERSED, left, right, source, 0)
    elif CardKind.CLOZE in d.kinds and header and word_count(right) <= 5:
        text = f"{header[0]} “{left}” – {header[1].casefold()}: {{{{c1::{right}}}}}"
        d.add(section, CardKind.CLOZE, text, "", source, 0)


def lists(d: Drafter, section: Section, text: str) -> None:
    """Each run of list items (2-8 short ones) becomes one cloze, c1..cN in order."""
    if CardKind.CLOZE not in d.kinds:
        return
    groups: list[tuple[str, list[str]]] = []
    lead, items = "", []
    for line in [*text.splitlines(), ""]:
        m = ITEM_RE.match(line) if not (section.kind == "list" and line.strip()) else None
        item = m.group("item") if m else (line.strip() if section.kind == "list" else None)
        if item:
            items.append(item.strip().rstrip(".;,"))
            continue
        if items:
            groups.append((lead, items))
            items = []
        if line.strip():
            lead = line.strip()
    for lead_line, group in groups:
        _list_card(d, section, lead_line, group)
    # A list whose markers the parser dropped: a paragraph ending in ":" over one of 2-6 lines,
    # each a sentence of its own.
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    for lead_par, body in itertools.pairwise(paragraphs):
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        if (
            lead_par.endswith(":")
            and 2 <= len(lines) <= 6
            and not groups
            and all(line[:1].isupper() and line.endswith((".", "!")) for line in lines)
        ):
            lead_text = " ".join(lead_par.split())
            _rules_card(d, section, split_sentences(lead_text)[0], [line.rstrip(".!") for line in lines])


def _list_card(d: Drafter, section: Section, lead: str, items: list[str]) -> None:
    if 2 <= len(items) <= 6 and all(4 <= word_count(i) <= 16 for i in items):
        _rules_card(d, section, lead, items)
        return
    if not 2 <= len(items) <= 8 or any(word_count(i) > 5 or word_count(i) == 0 for i in items):
        return
    if len({i.casefold() for i in items}) != len(items) or any(noise(i) for i in items):
        return
    heading = section.source.heading[-1] if section.source.heading else ""
    quoted = lead  # the card quotes the section's own text: its lead line only when it is the text's
    if not lead.endswith(":") or PRONOUN_START_RE.match(lead) or DANGLING_RE.search(lead):
        lead = f"{heading}:" if heading and not DANGLING_RE.search(heading) else ""
        quoted = ""  # the heading is the card's context, not text of the section
    if not lead or word_count(lead) > 25 or noise(lead):
        return
    deletions = "; ".join(f"{{{{c{n}::{item}}}}}" for n, item in enumerate(items, 1))
    source = f"{quoted} {'; '.join(items)}" if quoted else "; ".join(items)
    d.add(section, CardKind.CLOZE, f"{lead} {deletions}", "", source, 0)


def _rules_card(d: Drafter, section: Section, lead: str, items: list[str]) -> None:
    """A list of sentences under a plural heading ("Ownership Rules") → "What are the ownership rules?"."""
    heading = re.sub(
        r"^\s*(\d+(\.\d+)*\.?)\s+", "", section.source.heading[-1] if section.source.heading else ""
    )
    names = words(heading)
    if not 1 <= len(names) <= 4 or not names[-1].endswith("s") or names[-1].endswith("ss"):
        return
    leans = [PRONOUN_START_RE.match(i) and not i.startswith("There ") for i in items]
    if heading.casefold() in GENERIC_HEADINGS or any(leans) or any(noise(i) for i in items):
        return
    if CardKind.BASIC not in d.kinds or d.lang != "en":
        return
    topic = " ".join(w if w.isupper() else w.lower() for w in heading.split())
    # "The ownership rules" of what? The name the chunk keeps using mid-sentence ("Rust").
    mid = Counter(re.findall(r"(?<=[a-z,;] )([A-Z][a-z]{2,})\b", d.all_text))
    said = set(words(" ".join(items)))
    name = next(
        (w for w, n in mid.most_common() if n >= 3 and w in said and w.casefold() not in STOP_WORDS), ""
    )
    if not name or name.casefold() in topic.casefold():
        return
    d.add(section, CardKind.BASIC, f"In {name}, what are the {topic}?", "; ".join(items), "; ".join(items), 0)


_INLINE_ITEM_RE = re.compile(r"(?:^|\s)\(?(\d{1,2})[).]\s*(?=\S)")


# "A String is made up of three parts: a pointer …, a length, and a capacity."
_COLON_SERIES_RE = re.compile(
    r"^(?P<lead>[^:;]{10,200}?):\s+(?P<items>[^:;]+?(?:,\s+[^:;]+?,?)?\s+(?:and|or)\s+[^:;,]+?)\.?$"
)


_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _colon_series(d: Drafter, section: Section, sentence: str) -> None:
    """ "Subject …: A, B, and C." → one ordered cloze over the items, the subject named in the lead."""
    m = _COLON_SERIES_RE.match(sentence.strip())
    if not m:
        return
    lead = m.group("lead").strip()
    items = re.split(r",\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+", m.group("items").strip())
    items = [i.strip() for i in items if i.strip()]
    # "A channel has two halves: a transmitter and a receiver": a pair is a list when the lead counts it
    counted = re.search(r"\b(two|three|four|five|six)\b", lead, re.I)
    if counted and _COUNTS[counted.group(1).casefold()] != len(items):
        return
    fewest = 2 if counted else 3
    if not fewest <= len(items) <= 6 or any(not 1 <= word_count(i) <= 12 for i in items):
        return
    if len({i.casefold() for i in items}) != len(items) or any(PRONOUN_START_RE.match(i) for i in items):
        return
    if any(re.search(r"\b[a-z]+\s+[A-Z][a-z]", i) for i in items):
        return  # slide lines run together ("course Provides curricular guidance")
    if not 4 <= word_count(lead) <= 25 or PRONOUN_START_RE.match(lead) or DANGLING_RE.search(lead):
        return
    if noise(sentence) or not lead[:1].isupper():
        return
    d.add(section, CardKind.CLOZE, f"{lead}: {_series_deletions(items)}", "", sentence, 0)


_ARTICLE_RE = re.compile(r"^(?P<art>(?:an?|the)\s+)(?P<rest>\S.*)$", re.I)


def _series_deletions(items: list[str]) -> str:
    """ "c1..cN" over ``items``, a leading article left outside its deletion ("a {{c2::length}}")."""
    out = []
    for n, item in enumerate(items, 1):
        m = _ARTICLE_RE.match(item)
        art, rest = (m.group("art"), m.group("rest")) if m else ("", item)
        out.append(f"{art}{{{{c{n}::{rest}}}}}")
    return "; ".join(out)


def inline_lists(d: Drafter, section: Section, sentence: str) -> None:
    """A sentence enumerating "1) A 2) B 3) C" (or "(1) A, (2) B") becomes one ordered cloze.

    So does "Subject …: A, B, and C." (three to six items after a colon).
    """
    if CardKind.CLOZE not in d.kinds:
        return
    marks = list(_INLINE_ITEM_RE.finditer(sentence))
    if len(marks) < 2:
        _colon_series(d, section, sentence)
        return
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return
    lead = sentence[: marks[0].start()].strip().rstrip(":").strip()
    ends = [m.start() for m in marks[1:]] + [len(sentence)]
    items = [
        sentence[m.end() : end].strip().rstrip(".;,").strip() for m, end in zip(marks, ends, strict=True)
    ]
    items = [re.sub(r"^(?:and|or)\s+|,?\s+(?:and|or)$", "", item) for item in items]
    if not 3 <= word_count(lead) <= 25 or PRONOUN_START_RE.match(lead) or noise(lead):
        return
    if any(not 1 <= word_count(item) <= 8 for item in items) or len({i.casefold() for i in items}) != len(
        items
    ):
        return
    deletions = "; ".join(f"{{{{c{n}::{item}}}}}" for n, item in enumerate(items, 1))
    d.add(section, CardKind.CLOZE, f"{lead}: {deletions}", "", sentence, 0)


_COPULA_START_RE = re.compile(r"^(?:an?|the)?\s*(?P<t>.+?)\s+(?:is|are)\s+(?:an?|the)\s", re.I)


def heading_card(d: Drafter, section: Section, text: str) -> None:
    """ "What is <heading>?" when the heading is a term and the body defines it.

    The body must be one short sentence that either names the heading's term with a
    copula ("A scope is the range …") or is a bare noun phrase ("Fast numerical
    array expression evaluator"); a first sentence that merely continues the topic
    is no definition.
    """
    if not section.source.heading or section.kind != "body":
        return
    heading = re.sub(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", section.source.heading[-1]).strip(" :")
    body = collapse_spaces(text)
    if body.casefold().startswith(heading.casefold()):
        body = body[len(heading) :].strip(" :.-")
    tokens = words(heading)
    if not (1 <= len(tokens) <= 4 and 3 <= word_count(body) <= 30) or len(split_sentences(body)) != 1:
        return
    low = heading.casefold()
    if low in GENERIC_HEADINGS or low in BAD_TERMS or heading.endswith("?") or re.search(r"\d", heading):
        return
    if len(heading) < 3 or tokens[0].casefold() in STOP_WORDS or noise(body) or noise(heading):
        return
    if PRONOUN_START_RE.match(body) or "\n" in text.strip() or body.endswith(":"):
        return
    if re.match(r"^(?:Type:?\s*)?\{", body):
        return  # "Type {string} Either 'ipv4' or 'ipv6'": an API entry's type line (api_entries.py)
    if len(tokens) == 1 and common_word(tokens[0], d.lang) and not tokens[0][:1].isupper():
        return
    defined = _COPULA_START_RE.match(body)
    names_it = defined is not None and heading.casefold() in defined.group("t").casefold()
    bare_phrase = word_count(body) <= 8 and not re.search(
        r"\b(is|are|was|were|has|have|will|can)\b", body, re.I
    )
    if not (names_it or bare_phrase):
        return
    answer = re.split(r"\s(?:is|are)\s", body, maxsplit=1)[1] if names_it else body
    term = heading[:1].lower() + heading[1:] if heading[1:2].islower() else heading
    if q := d.question(WHAT_IS, term, section):
        d.add(section, CardKind.BASIC, q, trim_answer(answer), body, 1)
