"""A language reader's vocabulary: a two-column table whose columns are in two languages.

Each row is a word or phrase (left) and its translation (right): the pupil's flashcard. The card
asks, in the document's language and naming the chapter, what the left entry is in the right
column's language ("Chapitre XXVI : que veut dire « l’annulaire » en néerlandais ?" →
"de ringvinger"). Such a card holds two languages by design; it is tagged
:data:`VOCABULARY_TAG`, and the gate's language check (Q13) reads its question only.

Only entries worth studying make a card: a word or short phrase (at most :data:`MAX_LEFT_WORDS`)
with a short translation (at most :data:`MAX_RIGHT_WORDS`). A translator's note ("letterlijk: het
moet", an aside "(vroeger: groot; nu: meerderjarig)") is not a translation: the aside is cut,
a row that is only a note makes none.
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import collapse_spaces, detect_language, word_count
from documents.columns import column_languages
from documents.model import Section

VOCABULARY_TAG = "vocabulary"

#: The longest entry and translation a card is made of: a phrase, not a sentence or a paraphrase.
MAX_LEFT_WORDS = 6
MAX_RIGHT_WORDS = 8

# The question, in the document's language; {c} the chapter or heading, {t} the entry, {l} the
# other column's language.
_ASK = {
    "fr": "que veut dire « {t} » en {l} ?",
    "en": "what is “{t}” in {l}?",
    "de": "was heißt „{t}“ auf {l}?",
    "es": "¿qué significa «{t}» en {l}?",
}
# "Chapitre XXVI : …" after a numbered chapter; "In “At the market”, …" after a named heading.
_COLON = {"fr": " : ", "en": ": ", "de": ": ", "es": ": "}
_IN = {"fr": "Dans « {h} », ", "en": "In “{h}”, ", "de": "In „{h}“: ", "es": "En «{h}», "}
_BOOK = {"fr": "« {b} »", "en": "“{b}”", "de": "„{b}“", "es": "«{b}»"}
_CHAPTER = {"fr": "Chapitre", "en": "Chapter", "de": "Kapitel", "es": "Capítulo"}
_LANGUAGES = {
    "fr": {"nl": "néerlandais", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien",
           "fr": "français", "la": "latin"},
    "en": {"nl": "Dutch", "en": "English", "de": "German", "es": "Spanish", "it": "Italian", "fr": "French",
           "la": "Latin"},
    "de": {"nl": "Niederländisch", "en": "Englisch", "de": "Deutsch", "es": "Spanisch", "it": "Italienisch",
           "fr": "Französisch", "la": "Latein"},
    "es": {"nl": "neerlandés", "en": "inglés", "de": "alemán", "es": "español", "it": "italiano",
           "fr": "francés", "la": "latín"},
}  # fmt: skip
# A bare chapter number as a heading ("XXVI", "3.", "Chapter 3", "Lektion 3").
_NUMBER_HEADING_RE = re.compile(r"^(?:[^\W\d_]+\s+)?(?P<n>[IVXLC]+|\d{1,3})\.?$")
# An aside that is a note ("(lett.: bereidde)", "(majeur, vroeger: groot)"), not part of the translation.
_NOTE_ASIDE_RE = re.compile(r"\s*\((?:[^()]*:|[^\W\d_]{1,6}\.\s)[^()]*\)")
_SEPARATOR_RE = re.compile(r":?-{2,}:?")
# An abbreviation's full stop is part of the word ("M.", "b.v.", "Dr."): an initial (a capital; "dank u."
# ends a sentence), a word with a full stop inside, or a capitalised word without a vowel.
_ABBREVIATION_RE = re.compile(r"(?:^|\s)(?:[A-ZÀ-Þ]|[^\W\d_]+\.[^\W\d_.]+|[A-Z][b-df-hj-np-tv-z]{1,3})$")
# A bracket inside an answer, more words after it, is an alternative or a note read in place
# ("er (was) waren", "hij opent (doet open) nu de deur"): the main form is the answer.
_INNER_ASIDE_RE = re.compile(r"\s*\([^()]*\)(?=\s*[^\W\d_])")
# A phrase cut before its noun ends in an article ("s’approche du" → "gaat naar den"); a
# preposition ending a fixed phrase is what it teaches ("au lieu de", "Angst haben vor").
# Only forms that are never a pronoun there ("pour en acheter un", "ik weet het" end well).
_ARTICLES = {
    "fr": {"le", "la", "les", "l’", "l'", "du", "au", "aux", "des"},
    "en": {"the", "a", "an"},
    "de": {"dem", "des", "zum", "zur", "vom", "beim", "im", "am", "ins"},
    "es": {"el", "los", "las", "del", "al"},
    "nl": {"de", "den", "der"},
    "it": {"il", "lo", "gli", "del", "della", "al", "alla"},
}
# A relative clause without the noun it tells of ("qui remarque tristement" → "die treurig
# opmerkt"); a question ("qui est-ce ?" → "wie is dat?") is a phrase of its own.
_RELATIVES = {
    "fr": {"qui", "dont", "lequel", "laquelle", "lesquels", "lesquelles", "auquel", "duquel"},
    "en": {"who", "whom", "whose", "which"},
    "de": {"welcher", "welche", "welches", "dessen", "deren"},
    "es": {"quien", "quienes", "cuyo", "cuya", "cuyos", "cuyas"},
}


def _cells(line: str) -> list[str]:
    return [collapse_spaces(c) for c in line.strip().strip("|").split("|")]


def _rows(text: str) -> list[tuple[str, str, str]]:
    """(left, right, the row as written) of a two-column table; [] for any other table."""
    rows = []
    for line in text.splitlines():
        cells = _cells(line)
        if not line.strip() or all(_SEPARATOR_RE.fullmatch(c) for c in cells):
            continue
        if len(cells) != 2:
            return []
        rows.append((cells[0], cells[1], line.strip()))
    return rows


def _column_language(cells: list[str]) -> str | None:
    return detect_language(" ".join(cells), min_prob=0.8)


def _trim(text: str) -> str:
    """The cell without the comma or full stop a list ends its rows with; an abbreviation keeps its
    full stop ("M." for Monsieur is not "M")."""
    while True:
        text = text.strip().rstrip(",;: ")
        if not text.endswith(".") or _ABBREVIATION_RE.search(text[:-1]):
            return text
        text = text[:-1]


def _entry(cell: str, right: str, d: Drafter, *, first_row: bool) -> str:
    """A cell as a card gives it: no trailing comma or full stop; the list's first entry, capitalised
    as a list's first line is ("Méchant", when the entries after it start in lower case), as
    "méchant" — not a name, which its translation or the text writes with its capital too ("Marie")."""
    cell = _trim(cell.replace("**", ""))
    first = cell.split(" ", 1)[0]
    # a name is written with its capital after a lower-case word too ("mama kijkt naar Paul")
    as_name = first in right or re.search(rf"(?<=[^\W\d_] ){re.escape(first)}(?!\w)", d.all_text)
    if (
        first_row
        and first[:1].isupper()
        and first[1:].replace("’", "").replace("-", "").islower()
        and not as_name
    ):
        cell = cell[:1].lower() + cell[1:]
    return cell


def _translation(cell: str) -> str | None:
    """The right column without a note's aside; None when it is a note, not a translation."""
    text = _trim(_INNER_ASIDE_RE.sub("", _NOTE_ASIDE_RE.sub("", cell.replace("**", ""))))
    if not text or ":" in text or "..." in text or "…" in text:
        return None
    return text


_GERMAN_ARTICLES = {"der", "die", "das", "den", "dem", "des"}


def _fragment(entry: str, answer: str, lang: str, other: str) -> bool:
    """A phrase cut out of its sentence: ending in an article, or a relative clause without its noun."""

    def last(text: str) -> str:  # the last word; an elided article ("l’") is a word
        return re.split(r"\s+|(?<=[’'])", text.casefold().rstrip("!?.…"))[-1]

    if last(entry) in _ARTICLES.get(lang, ()) or last(answer) in _ARTICLES.get(other, ()):
        return True
    question = "?" in entry or "?" in answer
    first = entry.casefold().split()
    # German's relative pronoun is its article: an article before an article is one ("der die Äpfel
    # verkauft"), a noun phrase has its noun there ("der Bauer")
    relative_article = lang == "de" and len(first) > 2 and {first[0], first[1]} <= _GERMAN_ARTICLES
    return not question and (first[0] in _RELATIVES.get(lang, ()) or relative_article)


def _worth_asking(entry: str, answer: str, lang: str, other: str) -> bool:
    """A word or short phrase and its short translation; not a note ("pourquoi? ou: pourquoi pas?")
    nor a fragment."""
    if not entry or entry.casefold() == answer.casefold() or ":" in entry:
        return False
    if _fragment(entry, answer, lang, other):
        return False
    return word_count(entry) <= MAX_LEFT_WORDS and word_count(answer) <= MAX_RIGHT_WORDS


def _lead(section: Section, lang: str, title: str | None) -> str:
    """What the card names first: "Chapitre XXVI : " for a numbered heading, else "In “heading”, ",
    else the document's title."""
    heading = section.source.heading[-1] if section.source.heading else ""
    m = _NUMBER_HEADING_RE.match(heading.strip())
    if m:
        chapter = f"{_CHAPTER[lang]} {m.group('n')}"
        book = _BOOK[lang].format(b=title) if title else ""
        if title and lang != "de":  # a German noun keeps its capital ("„Kleine Geschichten“, Kapitel 1")
            chapter = chapter[:1].lower() + chapter[1:]
        return (f"{book}, {chapter}" if title else chapter) + _COLON[lang]
    name = heading or title
    return _IN[lang].format(h=name.strip(" .:")) if name else ""


def _known_pairs(d: Drafter, section: Section) -> list[tuple[str, str]]:
    """The column languages of the chunk's other two-column tables that tell them."""
    pairs = []
    for other in d.chunk.sections:
        rows = _rows(other.text) if other.kind == "table" and other is not section else []
        if not rows:
            continue
        left, right = _column_language([r[0] for r in rows]), _column_language([r[1] for r in rows])
        if left and right and left != right and (left, right) not in pairs:
            pairs.append((left, right))
    return pairs


def vocabulary(d: Drafter, section: Section, text: str) -> bool:
    """Cards for a two-language table's rows; True when the table is one (no other table card then)."""
    ask = _ASK.get(d.lang)
    rows = _rows(text)
    if not ask or len(rows) < 3:
        return False
    first, second = _column_language([r[0] for r in rows]), _column_language([r[1] for r in rows])
    if first is None or second is None:  # three rows: the languages of the chunk's other vocabularies
        pair = column_languages([r[:2] for r in rows], _known_pairs(d, section))
        first, second = pair or (first, second)
    if first is None or second is None or first == second or d.lang not in (first, second):
        return False
    # a header row naming the languages ("Deutsch | English") is no entry
    names = {n.casefold() for names in _LANGUAGES.values() for n in names.values()}
    if {c.casefold() for c in rows[0][:2]} <= names:
        rows = rows[1:]
    language = _LANGUAGES[d.lang].get(second)
    if not language:
        return True  # a glossary all the same: its rows are not another table's
    lead = _lead(section, d.lang, d.chunk.title)
    # German writes its nouns with a capital: a first entry "Bahnhof" keeps it
    lower_case = first != "de" and sum(left[:1].islower() for left, _, _ in rows[1:]) * 2 > len(rows) - 1
    for number, (left, right, row) in enumerate(rows):
        entry, answer = _entry(left, right, d, first_row=number == 0 and lower_case), _translation(right)
        if not answer or not _worth_asking(entry, answer, first, second):
            continue  # a sentence, a paraphrase or a note: more to read than to recall
        question = ask.format(t=entry, l=language)
        if not lead or d.lang == "de":  # a German sentence after a colon starts with a capital too
            question = re.sub(r"\w", lambda m: m.group().upper(), question, count=1)
        question = lead + question
        if CardKind.BASIC in d.kinds:
            d.add(section, CardKind.BASIC, question, answer, row, 0, tags=[VOCABULARY_TAG])
        elif CardKind.REVERSED in d.kinds:  # both sides short by the limits above
            d.add(section, CardKind.REVERSED, entry, answer, row, 0, tags=[VOCABULARY_TAG])
    return True
