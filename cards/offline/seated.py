"""Where a story's character sits when the chunk first shows them: "the Duchess was sitting on a
three-legged stool in the middle, nursing a baby" → "In chapter “Pig And Pepper” of “Alice's
Adventures in Wonderland”, what is the Duchess sitting on?" / "A three-legged stool".

The place a character is found in when the story brings them in is a setting a reader keeps (the
Caterpillar on its mushroom, the Duchess on her stool); later in the chunk the same words are a
passing moment ("Marie était assise à la fenêtre" in a scene of her own), so only the sentence
where the chunk first names the character counts. The character is named ("the Duchess", "the
Cheshire-Cat", "Marie": capitalised mid-sentence somewhere in the chunk); the thing is a noun
phrase with its article, cut where a preposition, a participle or another phrase begins ("a bough
of a tree a few yards off" → "a bough of a tree"). Only stories get these cards
(:func:`cards.offline.keyterms.narrative`); the question names the book and the chapter
(:mod:`.story_frame`).
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.story_frame import framed, story_sentences
from cards.schema import CardKind
from cards.text import normalize, word_count

_EN_NAME = r"(?:the )?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]{2,})?"
_FR_NAME = r"[A-Z][a-zà-ÿ]{2,}"
_EN_STOP = (
    r"in|with|near|at|under|beside|by|and|while|when|as|until|before|after|"
    r"nursing|smoking|looking|staring|fast|quietly|a|an"
)
_FR_STOP = r"à|au|avec|près|devant|et|qui|en|quand|lorsque|pendant"
_SEATED_RE = {
    "en": re.compile(
        rf"(?<![\w-])(?P<name>{_EN_NAME}),? (?:(?:was|were|is|sa"
        rf"t) )?(?:sitting|sat|perched|seated) (?P<prep>on|upon) "
        rf"(?P<thing>(?:a|an|the) (?:[\w-]+ ){{0,3}}?[\w-]+(?: of "
        rf"(?:a|an|the) [\w-]+)?)(?=\s*[,;.!?)]|\s+(?:{_EN_STOP})\b)"
    ),
    "fr": re.compile(
        rf"(?<![\w-])(?P<name>{_FR_NAME}),? (?:est|était) (?P<g>assise?) (?P<prep>sur) "
        rf"(?P<thing>(?:un|une|le|la|l’|sa|son) ?(?:[\w’-]+ )"
        rf"{{0,3}}?[\w’-]+)(?=\s*[,;.!?]|\s+(?:{_FR_STOP})\b)"
    ),
}
_QUESTION = {"en": "What is {name} sitting on?", "fr": "Sur quoi {name} est-{pron} {g} ?"}


def seated(d: Drafter, story: bool) -> None:
    """What a character sits on where the chunk first names them (see the module docstring)."""
    pattern = _SEATED_RE.get(d.lang)
    if not story or pattern is None or CardKind.BASIC not in d.kinds:
        return
    seen: set[str] = set()
    for section, text in d.prepared:
        for sentence in story_sentences(text):
            found = pattern.search(sentence)
            # names written in this sentence before the match count as seen before it
            before = set(
                re.findall(
                    r"[A-Z][a-zà-ÿ]{2,}(?:-[A-Z][a-z]+)?", sentence[: found.start() if found else None]
                )
            )
            if found:
                name = re.sub(r"^The ", "the ", found.group("name"))  # "The Witch was …" → "the Witch"
                bare = re.sub(r"^the ", "", name)
                first = bare not in seen and bare not in before
                if first and d.mid_sentence_count(bare) and normalize(sentence) not in d.candidate_sources:
                    thing = found.group("thing")
                    if 2 <= word_count(thing) <= 7:
                        question = _question(d, name, found)
                        answer = thing[:1].upper() + thing[1:]
                        d.add(section, CardKind.BASIC, framed(d, section, question), answer, sentence, 1)
            seen.update(re.findall(r"[A-Z][a-zà-ÿ]{2,}(?:-[A-Z][a-z]+)?", sentence))


def _question(d: Drafter, name: str, found: re.Match[str]) -> str:
    if d.lang == "fr":
        g = found.group("g")
        return _QUESTION["fr"].format(name=name, pron="elle" if g.endswith("e") else "il", g=g)
    return _QUESTION["en"].format(name=name)
