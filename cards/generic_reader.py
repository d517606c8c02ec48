"""The tutorial's reader: a "you" that means anyone who uses the thing the sentence names.

A tutorial or a manual speaks to its reader: "Via immutable references, Rc<T> allows you to share
data between multiple parts of your program for reading only." A student knows who "you" is there:
anyone programming in that language, so the sentence is a fact about ``Rc<T>`` and may make a card
(rubric Q7 refuses a voice a card does not explain; this one needs no explaining). It may when:

* the text speaks to its reader (:func:`addresses_reader`: "you"/"your" at least
  :data:`READER_USES` times and :data:`READER_PER_1K` per 1,000 words; an essay or a paper does not);
* the sentence names a thing of the domain (:func:`names_a_thing`): a code name ("Rc<T>",
  "Rc::clone"), an identifier ("pthread_mutex_lock", "RefCell", "asyncio.gather") or a capitalised
  name rare in general language ("Helgrind"); a rare common noun ("iterators") is not enough;
* it is not about the running example nor an instruction (:data:`_WALKTHROUGH_RE`): "you'll see",
  "if you run this code", "in your terminal", "you might wonder", "now you …", "the output",
  "perhaps you intended …".

"We" stays refused: in a tutorial it is the authors walking through their example.
"""

from __future__ import annotations

import re

from cards.frequency import zipf
from cards.terms import RARE_ZIPF
from cards.text import code_terms, word_count

_YOU_RE = re.compile(r"\b(?:you|your|yours)\b(?![’'])", re.I)
#: A text that says "you" at least this often, and this often per 1,000 words, speaks to its reader
#: (measured: the Rust book's pages 4-12 per 1,000 words, Helgrind's manual 10; an essay 1, a
#: Wikipedia article 0.5).
READER_USES = 3
READER_PER_1K = 2.0

# The walkthrough: what the reader sees, runs, types or wonders now, the example's code and output,
# and the future of a lesson ("you'll", "you will") — none of it a fact about a named thing.
_WALKTHROUGH_RE = re.compile(
    r"\byou(?:[’']ll|[’']ve|[’']d| will| would| might| may)\b"
    r"|\b(?:see|saw|seen|notice|noticed|wonder|recall|remember|imagine|learned|learn|know)\b"
    # what the reader does to the example: "if you run …", "when you compile …" ("lets you run X" is a fact)
    r"|\b(?:if|when|once|after|before|as)\s+you\s+(?:\w+\s+)?(?:try|tried|run|ran|enter|compile|get|got|"
    r"follow|execute|build|type|open)\b"
    # the reader's own mind, guessed at: "perhaps you intended to …", "if you want to …"
    r"|\b(?:perhaps|maybe|probably|want|wants|wanted|intend|intended|wish|prefer|feel)\b"
    r"|\byour\s+(?:terminal|shell|editor|screen|browser|machine|computer|project|directory|folder|"
    r"file|own)\b"
    r"|\b(?:this|that|the|our)\s+(?:code|program|example|listing|output|project|chapter|section|"
    r"book|tutorial|manual)\b"
    r"|\b(?:now|here|above|below|following|earlier|later|next|again)\b",
    re.I,
)
# snake_case, CamelCase, or a dotted name ("asyncio.gather"; not "e.g.")
_IDENT_RE = re.compile(r"\b[A-Za-z]\w*(?:_\w+|[a-z][A-Z]\w*)\b|\b[A-Za-z_]\w+\.[A-Za-z_]\w+")
_WORD_RE = re.compile(r"[^\W\d_][\w\-]*")
# Other voices, refused on their own: "we", "our", "I".
_OTHER_VOICE_RE = re.compile(r"\b(?:[Ww]e|[Uu]s|[Oo]urs?|I|[Mm]e|[Mm]y)\b")


def addresses_reader(text: str) -> bool:
    """Whether ``text`` speaks to its reader ("you", "your" often enough)."""
    uses = len(_YOU_RE.findall(text))
    return uses >= READER_USES and uses * 1000 >= READER_PER_1K * max(word_count(text), 1)


def names_a_thing(sentence: str) -> bool:
    """Whether the sentence names a thing of a domain: a code name, an identifier, a name.

    A name is a capitalised word inside the sentence that general language rarely uses
    ("Helgrind", "POSIX"); a rare common noun ("iterators", "mutex") names a kind, not a thing.
    """
    if code_terms(sentence) or "`" in sentence or _IDENT_RE.search(sentence):
        return True
    for match in _WORD_RE.finditer(sentence):
        word = match.group(0)
        if match.start() == 0 or not word[:1].isupper() or len(word) < 3:
            continue
        frequency = zipf(word.casefold(), "en")
        if frequency is None or frequency < RARE_ZIPF:
            return True
    return False


def generic_reader(sentence: str) -> bool:
    """Whether every "you"/"your" of ``sentence`` is the generic reader (see the module docstring).

    The caller has decided that the text addresses its reader (:func:`addresses_reader`).
    """
    if not _YOU_RE.search(sentence) or _OTHER_VOICE_RE.search(sentence):
        return False
    if _WALKTHROUGH_RE.search(sentence):
        return False
    return names_a_thing(sentence)
