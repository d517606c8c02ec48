"""A slide's title over its bullets: one card on the whole slide.

A deck often keeps a slide's title as the first line of its text (a text box, not a title
placeholder), so the slide has no heading and its bullets no lead. Read as a title over its
bullets:

* a title that asks ("What is a rubric?") is answered by the first bullet ("Scoring guide, with
  levels per criterion, that:" → "Scoring guide, with levels per criterion");
* a title that names a set ("Three Key Shifts") heads one ordered cloze over the bullets, as a list
  does: "Three Key Shifts: {{c1::…}}; {{c2::…}}; {{c3::…}}". A bullet of more than five words is
  not recalled whole: its deletion is the phrase the deck marked in bold in it (none, no card).

Only short bullets (a phrase each, 2-16 words) make a list; the title counts them when it says a
number ("Three …" over three bullets), and a slide of more than six bullets is a page of text.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count, words
from documents.model import Section

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# "– Common Core Presentation 2010": the slide's source, not one of its points
_ATTRIBUTION_RE = re.compile(r"^\s*[–—-]\s*\S")
_QUESTION_TITLE_RE = re.compile(r"^(?:What|Who|Why|How|Which|When|Where)\b[^?]{3,80}\?$")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not _ATTRIBUTION_RE.match(line)]


def _title(line: str) -> bool:
    """A slide title: a few words, no sentence's end, no bullet of its own."""
    return 1 <= word_count(line) <= 6 and not line.endswith((".", ",", ";", ":")) and not noise(line)


def titled_slide(d: Drafter, section: Section, text: str) -> None:
    """The card of a slide whose first line is its title (see the module docstring)."""
    if section.source.slide is None or section.source.notes or d.lang != "en":
        return
    lines = _lines(text)
    if section.source.heading or len(lines) < 3 or not _title(lines[0]):
        return
    title, bullets = lines[0], lines[1:]
    if _QUESTION_TITLE_RE.match(title):
        _answered(d, section, title, bullets)
    else:
        _listed(d, section, title, bullets)


def _answered(d: Drafter, section: Section, title: str, bullets: list[str]) -> None:
    """ "What is a rubric?" over "Scoring guide, with levels per criterion, that:" and its points."""
    if CardKind.BASIC not in d.kinds:
        return
    answer = re.sub(r",?\s*(?:that|which|who)?\s*:$", "", bullets[0]).strip()
    if not 2 <= word_count(answer) <= 20 or PRONOUN_START_RE.match(answer) or DANGLING_RE.search(answer):
        return
    d.add(section, CardKind.BASIC, title, answer[:1].upper() + answer[1:], "; ".join([title, *bullets]), 0)


def _listed(d: Drafter, section: Section, title: str, bullets: list[str]) -> None:
    """ "Three Key Shifts" over three bullets → "Three Key Shifts: {{c1::…}}; {{c2::…}}; {{c3::…}}"."""
    if CardKind.CLOZE not in d.kinds or not 2 <= len(bullets) <= 6:
        return
    counted = next((_NUMBERS[w.casefold()] for w in words(title) if w.casefold() in _NUMBERS), None)
    if counted is None or counted != len(bullets):
        return  # a title that does not count its bullets may head anything: a chart's labels, a quote
    if any(not 2 <= word_count(b) <= 16 or b.endswith((":", "?")) or noise(b) for b in bullets):
        return
    if len({b.casefold() for b in bullets}) != len(bullets):
        return
    marked = d.emphasised.get(id(section), [])
    deletions = []
    for n, bullet in enumerate(bullets, 1):
        bullet = bullet.rstrip(".;,")
        if word_count(bullet) <= 5:
            deletions.append(f"{{{{c{n}::{bullet}}}}}")
            continue
        # a long bullet is not recalled whole: the words the deck marked in it are its point
        key = _marked_in(bullet, marked)
        if not key:
            return
        deletions.append(bullet.replace(key, f"{{{{c{n}::{key}}}}}", 1))
    d.add(section, CardKind.CLOZE, f"{title}: {'; '.join(deletions)}", "", "; ".join([title, *bullets]), 0)


def _marked_in(bullet: str, marked: list[str]) -> str:
    """The bullet's first emphasised phrase that does not open it ("Building knowledge through
    **content-rich nonfiction**" → "content-rich nonfiction"), else its first; "" if none."""
    found = [(bullet.find(m), m) for m in marked if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", bullet)]
    found.sort()
    inner = [m for at, m in found if at > 0]
    return inner[0] if inner else found[0][1] if found else ""
