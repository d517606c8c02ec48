"""The songs and poems a story recites, by title: "Dans le chapitre « Est-ce Paul qui chante? »,
quel est le titre de la chanson qui commence par « Les coqs toujours à voix pleine » ?" /
"Cocorico".

A story that has its characters sing or recite sets the piece out: a title in capitals on a line
of its own ("COCORICO.", "THE LOBSTER QUADRILLE"), then the verse — four lines or more, each short
(at most :data:`MAX_VERSE_WORDS` words), most opening on a capital —, with perhaps a "[Musique]"
marker or a stanza's number between them. A reader learns the piece by its title and its opening
line, so the card gives the line and asks the title. It is a song when the sentences before it or
a marker say so ("chanter", "chanson", "sang", "[Musique]"), a poem otherwise. The title is written
as the text writes its words elsewhere (a name the chunk capitalises mid-sentence stays so). No
card when the title is a word of the opening line; when it is the chapter's title, the card asks the
opening line's words: the chapter "Les Moineaux" asks how the song « Les moineaux » begins).
Only stories (:func:`cards.offline.keyterms.narrative`) get these cards.
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.story_frame import chapter_title, framed
from cards.schema import CardKind
from cards.text import STOP_WORDS, words

#: A verse line is short; a longer line is prose.
MAX_VERSE_WORDS = 9
MIN_VERSE_LINES = 4

_TITLE_RE = re.compile(r"[^\Wa-z\d][^a-z\d«»“”\"]{2,60}?\.?")
_MARKER_RE = re.compile(r"\[[^\]]{1,20}\]|\d{1,2}\.|\*\*[^*]{1,30}\*\*")
_SONG_RE = re.compile(
    r"\bchan(?:t|ts|son|sons|ter|te|tent|ta|tait|taient)\b|\[Musique\]|\[Music\]|\b(?:sing|sings|sang|song|songs|sung)\b",
    re.I,
)
_POEM_RE = re.compile(r"\bpo(?:ésie|ème|em|ems)\b|\br[ée]cit|\bdéclam|\brecit|\bverses\b|\brhyme", re.I)
_QUESTION = {
    ("fr", True): "Quel est le titre de la chanson qui commence par « {line} » ?",
    ("fr", False): "Quel est le titre du poème qui commence par « {line} » ?",
    ("en", True): "What is the title of the song that begins “{line}”?",
    ("en", False): "What is the title of the poem that begins “{line}”?",
}
# A title's words that name its kind ("La chanson de la pantoufle"): the question says them already
_KIND_WORDS = frozenset({"chanson", "chant", "poème", "poésie", "ronde", "song", "poem", "ballad", "rhyme"})
_OPENING = {
    ("fr", True): "Par quel vers commence la chanson « {title} » ?",
    ("fr", False): "Par quel vers commence le poème « {title} » ?",
    ("en", True): "What is the first line of the song “{title}”?",
    ("en", False): "What is the first line of the poem “{title}”?",
}


def recitations(d: Drafter, story: bool) -> None:
    """A card for each titled song or poem of a story's chunk (see the module docstring)."""
    if not story or (d.lang, True) not in _QUESTION or CardKind.BASIC not in d.kinds:
        return
    # a section may hold several paragraphs (a Markdown chapter): the title and the verse are blocks
    blocks = [(section, b.strip()) for section, text in d.prepared for b in re.split(r"\n\s*\n", text)]
    texts = [b for _, b in blocks]
    for i, (section, _) in enumerate(blocks):
        lines = [line.strip() for line in texts[i].split("\n") if line.strip()]
        if not lines or len(words(lines[0])) > 6 or not _TITLE_RE.fullmatch(lines[0]):
            continue
        if _MARKER_RE.fullmatch(lines[0]) or len(re.sub(r"\W", "", lines[0])) < 3:
            continue
        verse, markers, start = _verse(lines[1:], texts[i + 1 :])
        if len(verse) < MIN_VERSE_LINES:
            continue
        before = " ".join(texts[max(0, i - 2) : i])[-300:]
        song = _is_song(f"{before} {' '.join(markers)} {lines[0]}")  # "LA CHANSON DU LOUP" says so too
        title = _as_written(d, lines[0].rstrip(". "))
        first = re.sub(r"^[«»“”\"—–\s]+|[,;:.\s]+$", "", verse[0])
        if len(words(first)) <= 2:  # "Voici l’heure" alone is no line to know a song by
            first = f"{first} / {re.sub(r'[,;:.]+$', '', verse[1].strip())}"
        title_words = {w.casefold() for w in words(title)} - STOP_WORDS
        if not title_words or title_words <= {w.casefold() for w in words(first)} | _KIND_WORDS:
            continue  # the title is the opening line's own words: nothing to ask
        named = chapter_title(section)
        chapter = {w.casefold() for w in words(named)}
        if title_words <= chapter:
            if title.casefold() == named.casefold():
                title = named  # "La Sortie de l’Ecole", as the heading writes it
            # the chapter is named after the piece: its title would answer itself, so the card asks
            # how the piece the chapter names begins
            question = _OPENING[d.lang, song].format(title=title)
            answer = first
        else:
            question, answer = _QUESTION[d.lang, song].format(line=first), title
        question = framed(d, section, question)
        # the opening line: the title is the line before it (a title in capitals glued to a line of
        # verse would be read as a heading run into the text)
        source = verse[0] if " / " not in first else f"{verse[0]} {verse[1]}"
        d.add(blocks[i + start][0], CardKind.BASIC, question, answer, source, 1)  # the verse's section


def _verse(rest: list[str], following: list[str]) -> tuple[list[str], list[str], int]:
    """The verse lines after a title (its own block's, then the next blocks'), the markers, and how
    many blocks after the title's the verse starts in (0: in the title's own block)."""
    verse: list[str] = []
    markers: list[str] = []
    start = 0
    for n, block in enumerate([rest, *(t.split("\n") for t in following)]):
        lines = [line.strip() for line in block if line.strip()]
        if not lines:
            continue
        if all(_MARKER_RE.fullmatch(line) for line in lines):
            markers.extend(lines)
            continue
        if any(len(words(line)) > MAX_VERSE_WORDS or not re.search(r"[a-zà-ÿ]", line) for line in lines):
            break  # prose again, or another line in capitals
        start = start if verse else n
        verse.extend(line for line in lines if not _MARKER_RE.fullmatch(line))
        if len(verse) >= MIN_VERSE_LINES:
            break
    capitalised = sum(bool(re.match(r"[«»“”\"—–\s]*[^\Wa-z\d]", line)) for line in verse)
    return (verse if capitalised * 3 >= len(verse) * 2 else []), markers, start


def _is_song(context: str) -> bool:
    """Sung when the closest word that says so before the piece, or a marker, speaks of singing."""
    song = [m.end() for m in _SONG_RE.finditer(context)]
    poem = [m.end() for m in _POEM_RE.finditer(context)]
    return bool(song) and (not poem or max(song) > max(poem))


def _as_written(d: Drafter, title: str) -> str:
    """ "LE BON ÉCOLIER" → "Le bon écolier"; a word the chunk capitalises mid-sentence stays so."""
    out = []
    for n, word in enumerate(re.split(r"(\W+)", title.casefold())):
        cap = word[:1].upper() + word[1:]
        out.append(cap if word and (n == 0 or (len(word) > 2 and d.mid_sentence_count(cap))) else word)
    return "".join(out)
