"""A story card's frame: the book and the chapter it is about, so that the card stands alone.

"What is written on the very small cake?" means nothing in a deck of several books; "In chapter
“Down The Rabbit-Hole” of “Alice's Adventures in Wonderland”, what is written on the very small
cake?" does. The book is the document's title when it is one (:func:`.quotations.book_title`),
the chapter the section's last heading without its number ("II. Papa se fâche." → "Papa se
fâche").
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.quotations import book_title
from cards.text import split_sentences
from documents.model import Section

_IN_CHAPTER_OF_BOOK = {
    "en": "In chapter “{chapter}” of “{book}”, {q}",
    "fr": "Dans le chapitre « {chapter} » de « {book} », {q}",
}
_IN_BOOK = {"en": "In “{book}”, {q}", "fr": "Dans « {book} », {q}"}
_IN_CHAPTER = {"en": "In chapter “{chapter}”, {q}", "fr": "Dans le chapitre « {chapter} », {q}"}
# "II. Papa se fâche.", "CHAPTER III. A Caucus-Race", "Chapitre 4 — …": the title without its number
_NUMBER_RE = re.compile(
    r"^\s*(?:(?:chapter|chapitre)\s+)?(?:[IVXLCDM]+|\d{1,3})\s*(?:[.:—–-]+\s*|\s+(?=[A-Z]))", re.I
)
_BARE_NUMBER_RE = re.compile(r"(?:chapter|chapitre)?\s*(?:[IVXLCDM]+|\d{1,3})", re.I)  # "I": no title
#: A chapter title longer than this is a sentence or a glued paragraph, not a name to frame by.
MAX_CHAPTER_WORDS = 10


def chapter_title(section: Section) -> str:
    """The title of the chapter ``section`` is in, without its number, or "" when it has none."""
    if not section.source.heading:
        return ""
    title = _NUMBER_RE.sub("", section.source.heading[-1]).strip(" .:")
    if _BARE_NUMBER_RE.fullmatch(title) or len(title.split()) > MAX_CHAPTER_WORDS:
        return ""
    return title


def framed(d: Drafter, section: Section, question: str, *, chapter: bool = True) -> str:
    """``question`` led by the book (and, when ``chapter``, the chapter) it is about, when known."""
    book = book_title(d.chunk.title)
    title = chapter_title(section) if chapter else ""
    if title and book and title.casefold() == book.casefold():
        title = ""  # the book's title over its first pages is no chapter
    q = question[:1].lower() + question[1:]
    if title and book:
        return _IN_CHAPTER_OF_BOOK[d.lang].format(chapter=title, book=book, q=q)
    if book:
        return _IN_BOOK[d.lang].format(book=book, q=q)
    if title:
        return _IN_CHAPTER[d.lang].format(chapter=title, q=q)
    return question


# A line of dialogue closes and the narration goes on in the same paragraph ("… répondit Javotte.»
# Mais où …"), or a line opens after a sentence ("… le Prince. «Que vous êtes belle!»").
_AFTER_QUOTE_RE = re.compile(r"(?<=[.!?][»”\"])\s+(?=[A-ZÀ-Ý«“\"—–])|(?<=[.!?])\s+(?=[«“—–])")


def story_sentences(text: str) -> list[str]:
    """The sentences of a story's text, paragraph by paragraph, a line of dialogue cut from the
    narration around it, without the quotation marks or dash that open them."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        for sentence in split_sentences(" ".join(block.split())):
            out.extend(p.lstrip('«»“”"—– ') for p in _AFTER_QUOTE_RE.split(sentence) if p.strip())
    return [s for s in out if s]
