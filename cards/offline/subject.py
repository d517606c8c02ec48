"""What a document is about, and cards that name it.

A manual's sentences leave out what they are about: "Higher levels result in greater
compression", "What is SOURCE_DATE_EPOCH used for?". In the document that is plain (it is
the zlib manual, the fontconfig guide); on a card, alone, it is not (rubric Q7). The
document's title says what it is about and its text confirms it by using the name:

* the **subject** is a word of the document's title (``Chunk.title``: a chunk's own first
  heading may be any slide's or chapter's) that the chunk's text keeps using (at least
  :data:`MIN_USES` times): "The Ninja build system" → Ninja, "Fontconfig User Documentation"
  → fontconfig (as the text writes it), "Simple Python Version Management: pyenv" → pyenv
  (of names in several parts of the title, the last part's: a page's title ends with its book's
  or site's, "Storing Text with Strings - The Rust Programming Language"; then the one used most);
* it is a **name** (:attr:`Subject.proper`) when it is rare in general language
  ("fontconfig", "zlib") or the text writes it capitalised mid-sentence, in lower case less
  than half as often (its command: "run ninja"), and it is not as common as a place's or a
  language's name ("Ninja", "Rust"; not "Ohio", "English"); a word the text writes mostly in
  lower case ("duck") is a common noun: a card that says "duck" names it, but "In duck, …"
  would not read;
* a part of a longer name is no subject ("Edward MacDowell", "President Obama": a person's
  name, which "In MacDowell, …" would misuse), nor an owner ("Alice's Adventures in
  Wonderland"), nor anything of a title that reads as a sentence (a news headline) or a long
  one (an essay's, a paper's);
* none of it → no subject, and nothing changes.

A card that does not name its subject gets it (:mod:`cards.offline.subject_lead`): a question becomes
"In fontconfig, what is SOURCE_DATE_EPOCH used for?", a cloze sentence is led by the same
frame ("In zlib, higher {{c1::levels}} result in …"), its first word lower-cased unless the
text writes it capitalised mid-sentence (a name). A card whose text names the subject, or a
name made of it ("pyenv init", "build.ninja"), or that already names a context ("In Rust
ownership, …"), is left as it is. The card still quotes its sentence as written
(``source_span``); the lead is only what the reader sees. A lead is kept only when the
quality gate judges the led card as it judges the card without it, so it never hides a
sentence's own fault (a leading pronoun, a connective, a yes/no question) from the gate.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cards.offline.example_names import example_names
from cards.offline.name_forms import NAMES_BACK, name_forms
from cards.offline.terms import zipf
from cards.text import STOP_WORDS, code_terms, words
from documents.model import Chunk, Section

# The context a question names when its term alone could mean anything ("In Rust ownership, …").
IN_CONTEXT = {"en": "In {c}, {q}", "fr": "Dans {c}, {q}", "de": "In {c}: {q}", "es": "En {c}, {q}"}

#: The title's word is the subject when the chunk's text uses it at least this often.
MIN_USES = 2
#: A word rarer than this in general language (``wordfreq`` zipf) is a name ("fontconfig", "zlib").
NAME_ZIPF = 3.0
#: A word at least this common (``wordfreq`` zipf) is a word of the language, not a coined name.
WORD_ZIPF = 2.0
#: A capitalised word more common than this (``wordfreq`` zipf) is a place, a language or a person.
KNOWN_NAME_ZIPF = 4.0
#: The stem of a heading's first word in -ing is at least this common when the word is a verb's.
GERUND_STEM_ZIPF = 4.0
#: In a document with code, a capitalised title word may be this common and still be the name of what the
#: code is written in or for ("Swift", "React": a program's manual has no place or person as its subject).
CODE_NAME_ZIPF = 5.0
#: A document with at least this many code blocks is the manual of a program, a language or a library.
MIN_CODE_BLOCKS = 2
#: Its prose names what it is about at least this many times, and this often per 1,000 words.
MIN_DOMAIN_USES = 5
DOMAIN_PER_1K = 2.0
#: A title part longer than this is a sentence or a description, not a name with a few words around it.
MAX_TITLE_WORDS = 8

# "What is Ownership? - The Rust Programming Language", "Simple Python Version Management: pyenv"
# (a question keeps its "?", so that "What is Ownership?" is read as the question it is, not a headline)
_TITLE_PARTS_RE = re.compile(r"\s+[-–—|·]\s+|:\s+|(?<=[?!])\s+")
_TITLE_WORD_RE = re.compile(r"[^\W\d_][\w\-]*(?:\.[^\W\d_]+)?")
# A title that says something (a headline: "Obama says …") rather than names something.
_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|says?|said|will|would|can|could|wins?|won|calls?|gets?|makes?)\b",
    re.I,
)
# A describing word by its ending ("cryptographic", "numerical", "generative"), rare or not, is no name
# when general language knows it (at least WORD_ZIPF; "gnumeric" is not known: a name).
_ADJECTIVE_RE = re.compile(r"[a-z]{3}(?:ic|ical|al|ous|ive|able|ible|ful|less)$")
# A name written with one capital, its first ("Rust", "Node.js", "Memcheck"): not an identifier of the
# code ("EventEmitter", "TypedArray") nor an acronym ("DNS", "IPv6", "OpenSSL"), which name a class, a
# protocol or a library the program uses as often as the program itself.
_COINED_RE = re.compile(r"[A-Z][a-z][a-z0-9\-]*(?:\.[a-z]+)?")
_MID_SENTENCE_WORD_RE = re.compile(r"(?<=[a-z,;] )([A-Z][\w\-]*(?:\.[a-z]+)?)(?![\w\-]|\.\w)")
# A namespaced module name as code imports it: "node:net", "std::fs", "std::path" of "std::path::Path"
# (not a URL's "https://", nor a type, "a::B")
_MODULE_NAME_RE = re.compile(
    r"(?<![\w:./\-])[a-z][a-z0-9_]*(?:::?[a-z][a-z0-9_]*)*::?[a-z][a-z0-9_]*(?:(?![\w:]|\.\w)|(?=::[A-Z{*]))"
)
# "Ohio’s New Learning Standards": an owner's name and, last, the plural that names the set it owns
_OWNED_SET_RE = re.compile(
    r"(?P<owner>[A-Z][\w\-]+)(?P<mark>['’])s\s+(?:[A-Z][\w\-]*\s+){0,3}(?P<head>[A-Z][a-z]+s)"
)
# A question that names its context already: "In Rust ownership, what …", "Dans X, …".
_FRAMED_RE = re.compile(r"^(?:in|dans|en)\s+[^,?]{2,80}[,:]\s+", re.I)


@dataclass(frozen=True)
class Subject:
    """The name a document is about, as its text writes it."""

    name: str
    proper: bool  # a name a card can be placed in ("In pyenv, …"), not a common noun ("duck")


def _uses(name: str, text: str) -> list[str]:
    """Every standalone use of ``name`` in ``text``, as written (any case; not inside "build.ninja")."""
    return re.findall(rf"(?<![\w.\-/]){re.escape(name)}(?![\w\-]|\.\w)", text, re.I)


def _mid_sentence(name: str, text: str) -> list[str]:
    """Uses of ``name`` after a lower-case word or a comma: written as the text writes it there."""
    return re.findall(rf"(?<=[a-z,;] ){re.escape(name)}(?![\w\-]|\.\w)", text, re.I)


def _in_longer_name(name: str, text: str) -> bool:
    """Most mid-sentence uses of ``name`` stand next to another capitalised word ("Barack Obama")."""
    found = list(re.finditer(rf"(?<=[a-z,;] ){re.escape(name)}(?![\w\-]|\.\w)", text))
    if not found:
        return False
    joined = 0
    for match in found:
        before = re.search(r"([^\W\d_][\w\-]*)\s$", text[max(0, match.start() - 30) : match.start()])
        after = re.match(r"\s([^\W\d_][\w\-]*)", text[match.end() : match.end() + 30])
        near = [m.group(1) for m in (before, after) if m]
        if any(w[:1].isupper() and w.casefold() not in STOP_WORDS for w in near):
            joined += 1
    return joined * 2 > len(found)


def document_subject(
    chunk: Chunk, lang: str, min_uses: int = MIN_USES, known_zipf: float = KNOWN_NAME_ZIPF
) -> Subject | None:
    """The chunk's subject: its document's domain (:func:`with_domain`), else by its document's title
    (see the module docstring), a word the chunk's text uses at least ``min_uses`` times; or None."""
    if chunk.domain:
        return Subject(chunk.domain, proper=True)
    title = " ".join((chunk.title or "").split())
    parts = [p for p in _TITLE_PARTS_RE.split(title) if p and not p.endswith("?")]  # "What is X? - Book"
    if not parts or any(_VERB_RE.search(p) for p in parts):
        return None  # no title, or a headline: "Obama admits US gun laws are … - BBC News"
    # each heading once: a heading path repeats the title over every section
    headings = dict.fromkeys(h for s in chunk.sections for h in s.source.heading)
    text = "\n".join([chunk.text, *headings])
    found: list[tuple[bool, int, int, int, str]] = []
    book: list[tuple[bool, int, int, int, str]] = []
    for index, part in enumerate(parts):
        tokens = _TITLE_WORD_RE.findall(part)
        if len(tokens) > MAX_TITLE_WORDS:
            continue
        content = [t for t in tokens if t.casefold() not in STOP_WORDS]
        for position, token in enumerate(content):
            if len(token) < 2 or re.search(rf"\b{re.escape(token)}['’]s\b", part):
                continue  # "Alice's Adventures …", "Ohio’s New Standards": the owner, not the subject
            subject = _candidate(token, content, text, chunk.text, lang, min_uses, known_zipf)
            if subject is not None:
                uses = len(_uses(token, text))
                found.append((subject.proper, index, uses, position, subject.name))
            elif index == len(parts) - 1 and index:
                once = _candidate(token, content, text, chunk.text, lang, min_uses=1)
                if once is not None and once.proper:
                    book.append((True, index, 1, position, once.name))
    if book and code_terms(title) and (not found or code_name_in_title(max(found)[4], title)):
        # "Rc<T>, the Reference-Counted Smart Pointer - The Rust Programming Language": the page is
        # about a type of the language the book names last; "In Rc, …" would not read, "In Rust, …" does
        found = book
    if not found:
        return None
    # a name first, then the last part's: "Storing UTF-8 Encoded Text - The Rust Programming Language" is
    # a page of the Rust book, "Simple Python Version Management: pyenv" is about pyenv
    proper, _, _, _, name = max(found)
    return Subject(name, proper)


def _candidate(
    token: str,
    content: list[str],
    text: str,
    body: str,
    lang: str,
    min_uses: int = MIN_USES,
    known_zipf: float = KNOWN_NAME_ZIPF,
) -> Subject | None:
    """``token`` of a title part of ``content`` words as the subject, when the text confirms it.

    ``text`` is the chunk's text and headings, ``body`` its text alone (headings are title-cased).
    """
    uses = _uses(token, text)
    if len(uses) < min_uses:
        return None
    mid = _mid_sentence(token, text)
    lower = [u for u in mid if u[:1].islower()]
    # "git-subtree" is rare for its "subtree"; "open-domain" is two common words
    rare = any(zipf(p, lang) < NAME_ZIPF for p in re.findall(r"[^\W\d_]+", token.casefold()))
    # a capitalised word everyone knows is a place, a language or a person ("Ohio", "English", "Alice"),
    # not a thing a manual is about; a tool's name is rarer ("Rust", "Ninja", "Python")
    # mostly capitalised: a tool's name in lower case is its command ("run ninja -t clean")
    upper = len(mid) - len(lower)
    capitalised = upper > 2 * len(lower) and zipf(token.casefold(), lang) < known_zipf
    if capitalised and _in_longer_name(token, text):
        return None  # "Barack Obama", "Edward MacDowell": a person's name, not a thing to be in
    # as the title spells it when it keeps it in lower case ("…: pyenv"), else as written mid-sentence
    name = token if token.islower() else Counter(mid or uses).most_common(1)[0][0]
    if (
        not capitalised
        and _ADJECTIVE_RE.search(token.casefold())
        and zipf(token.casefold(), lang) >= WORD_ZIPF
    ):
        return None  # "a low-level cryptographic library": a describing word, "In cryptographic, …" reads not
    low = token.casefold()
    if rare and not capitalised and low.endswith("s") and _uses(low[:-1], body):
        rare = False  # "structs", "enums", "addons" beside "struct", "enum": a thing the text counts, no name
    if rare or capitalised:
        # "Edward Hollis" in the title and the text: a neighbour the text writes next to it and only
        # capitalised makes one name with it, a person's
        at = content.index(token)
        for word in content[max(0, at - 1) : at] + content[at + 1 : at + 2]:
            spelled = _uses(word, body)
            pair = rf"\b{re.escape(word)}\s+{re.escape(token)}\b|\b{re.escape(token)}\s+{re.escape(word)}\b"
            if spelled and all(w[:1].isupper() for w in spelled) and re.search(pair, body):
                return None
        return Subject(name, proper=True)
    if len(content) == 1 and len(lower) > upper:
        # "Duck" over an article on ducks: a common noun, named by any card that says "duck"
        return Subject(Counter(lower).most_common(1)[0][0].casefold(), proper=False)
    return None


def code_name_in_title(name: str, title: str) -> bool:
    """``name`` is written in ``title`` as a code name: a generic type or a path ("Rc<T>", "std::fs")."""
    return bool(re.search(rf"(?<![\w:]){re.escape(name)}(?:<|::)|::{re.escape(name)}\b", title))


def with_domain(chunks: Sequence[Chunk], language: str | None) -> list[Chunk]:
    """``chunks`` carrying the name their whole document is about (:func:`domain_of`), if any.

    A chunk is a few hundred words: the Rust book's "The Tuple Type" may never say "Rust", yet its
    cards are about Rust ("In Rust, what is a tuple?"). Called once over all of a document's chunks,
    before they go their own ways (a job's chunks are drafted one by one).
    """
    name = domain_of(chunks, (language or "en").split("-")[0].lower())
    # and the names its example code defines, wherever the prose about them is (.example_names)
    examples = tuple(sorted(example_names(chunks)))
    # and the men the chunks before name in full, whom a chunk may call by a short name (.full_names)
    forms = [name_forms(c.text) for c in chunks]
    return [
        dataclasses.replace(
            c,
            domain=name or c.domain,
            examples=examples,
            names_before=tuple(dict.fromkeys(f for b in forms[max(0, i - NAMES_BACK) : i] for f in b)),
        )
        for i, c in enumerate(chunks)
    ]


def domain_of(chunks: Sequence[Chunk], lang: str) -> str | None:
    """The name a whole document is about, or None.

    Its title's name, as :func:`document_subject` finds it in one chunk, when the whole text uses
    it about as often as once a chunk ("Data Types - The Rust Programming Language", "4. Memcheck:
    a memory error detector"; in a document with code, also a name as common as "Swift"); else,
    in a program's or a library's manual (code blocks), the name its prose keeps writing as one
    (:func:`coined_name`): "Rust" in a chapter titled "What Is Ownership?", "Node.js" in the API
    page "Events".
    """
    if not chunks:
        return None
    sections = tuple(s for c in chunks for s in c.sections)
    whole = Chunk(index=0, sections=sections, title=chunks[0].title)
    code = sum(s.kind == "code" for s in sections) >= MIN_CODE_BLOCKS
    text = "\n".join(s.text for s in sections)
    if code and (module := module_name(chunks[0].title or "", text)):
        return module  # "Net" whose text imports `node:net`: an API page is about its module, not "Unix"
    known = CODE_NAME_ZIPF if code else KNOWN_NAME_ZIPF  # "The Swift Programming Language", with code
    found = document_subject(whole, lang, min_uses=max(MIN_USES, len(chunks)), known_zipf=known)
    if found is not None and found.proper:
        return found.name
    owned = owned_set(chunks[0].title or "", text)
    if owned or not code:
        return owned
    # A manual whose title names its language or tool ("Recoverable Errors with Result - The Rust
    # Programming Language") is about that name even where its prose says it less than once a
    # chunk: the title's word for it is better evidence than the name its prose writes most, which
    # may be one of the language's own types ("Err").
    titled = document_subject(whole, lang, known_zipf=known)
    if titled is not None and titled.proper:
        return titled.name
    return coined_name(sections, lang) or book_name(chunks[0].title or "", lang)


# The last part of a page's title that names the book or site it belongs to by what it is: "The Rust
# Programming Language", "Node.js v20.11.1 Documentation", "The Python Tutorial", "The Cargo Book".
_BOOK_PART_RE = re.compile(
    r"^(?:The\s+)?(?P<name>[A-Z][\w.+#-]*)(?:\s+v?\d[\w.]*)?\s+(?:Programming\s+Language|Language|"
    r"Documentation|Docs|Manual|Handbook|Guide|Tutorial|Reference|Book)$"
)


def book_name(title: str, lang: str) -> str | None:
    """The name a page's title gives its book when the page itself hardly says it; or None.

    Only for a document with code (the caller's) and a title of at least two parts, whose last says
    what the book is (:data:`_BOOK_PART_RE`): "Control Scope and Privacy with Modules - The Rust
    Programming Language" never writes "Rust" in its prose, yet every card of it is about Rust. The
    name is not a common word ("The Best Guide": zipf ≥ :data:`CODE_NAME_ZIPF`).
    """
    parts = [p for p in _TITLE_PARTS_RE.split(" ".join(title.split())) if p]
    if len(parts) < 2:
        return None
    m = _BOOK_PART_RE.match(parts[-1])
    if not m or zipf(m.group("name").casefold(), lang) >= CODE_NAME_ZIPF:
        return None
    return m.group("name")


def module_name(title: str, text: str) -> str | None:
    """The module an API page's title names, as its code imports it: "Net" → "node:net"; or None.

    A title word, in lower case, is the last part of a namespaced name the text writes at least
    :data:`MIN_USES` times ("node:net", "node:os", "std::fs"): how a program imports the module
    the page documents. Its prose may write a platform's name more often ("on Unix", "Unix domain
    sockets") and its title word alone is no name ("In Net, …"); a card in "node:net" says which
    API it belongs to. Only a lower-case last part: "boxed::Box" names a type, not a module.
    """
    found = [t.casefold() for t in _TITLE_WORD_RE.findall(title)]
    tokens = {t for t in found if len(t) >= 2}  # "OS": "os" is a name here
    # a module named by two or three title words: "Worker threads" → "worker_threads", "Child process"
    tokens |= {"_".join(found[i : i + n]) for n in (2, 3) for i in range(len(found) - n + 1)}
    names = Counter(m.group(0) for m in _MODULE_NAME_RE.finditer(text))
    if not names:
        return None
    # the module the page is about is the one it imports most: "HTTP/2" imports "node:http" too
    name, count = names.most_common(1)[0]
    last = re.split(r"::?", name)[-1]
    return name if count >= MIN_USES and last in tokens else None


def owned_set(title: str, text: str) -> str | None:
    """The set of things a title names with its owner: "Ohio’s New Learning Standards: K-12 English
    Language Arts" → "Ohio’s ELA standards"; or None.

    A title part "Owner’s … Things" (a capitalised plural last, :data:`_OWNED_SET_RE`) whose owner
    the text writes only capitalised and whose plural it keeps using in lower case
    (:data:`MIN_DOMAIN_USES` times: "the revised standards"): the cards' "the writing strand"
    belongs to that set, not to any state's. A later part's initials join it when the text uses
    them ("ELA" for "English Language Arts"): the set the document is about among the owner's.
    """
    parts = [" ".join(p.split()) for p in _TITLE_PARTS_RE.split(" ".join(title.split()))]
    for index, part in enumerate(parts):
        m = _OWNED_SET_RE.fullmatch(part)
        if not m:
            continue
        owner, mark, head = m.group("owner"), m.group("mark"), m.group("head")
        written = _uses(owner, text)
        plural = [u for u in _uses(head, text) if u.islower()]
        if len(written) < MIN_USES or any(u[:1].islower() for u in written) or len(plural) < MIN_DOMAIN_USES:
            continue
        field = ""
        for later in parts[index + 1 :]:
            initials = "".join(w[0] for w in re.findall(r"\b[A-Z][a-z]+", later))
            if len(initials) >= 2 and len(re.findall(rf"\b{initials}\b", text)) >= MIN_USES:
                field = f"{initials} "
        return f"{owner}{mark}s {field}{head.casefold()}"
    return None


def coined_name(sections: Sequence[Section], lang: str) -> str | None:
    """The coined name a manual's prose is about: "Rust", "Node.js"; or None.

    Only in a document with code (:data:`MIN_CODE_BLOCKS`): a novel's or a history's most
    written name is a person's or a place's ("Alice", "Wagner"), which no card is "in". The name
    is written capitalised mid-sentence at least :data:`MIN_DOMAIN_USES` times and
    :data:`DOMAIN_PER_1K` times per 1,000 words of prose; rarely in lower case (a third as often:
    "String" and "string" are a type and a word of the text) or in the code (a quarter as often:
    "Vec" is the code's own); not a common word ("Chapter", "Listing", "Error"), nor part of a
    longer name; one capital, its first (:data:`_COINED_RE`); and written at least twice as often
    as any other such name, else the prose is about several things and none is chosen.
    """
    code = "\n".join(s.text for s in sections if s.kind == "code")
    if sum(s.kind == "code" for s in sections) < MIN_CODE_BLOCKS:
        return None
    prose = "\n".join(s.text for s in sections if s.kind != "code")
    words_of_prose = len(prose.split())
    counts = Counter(m for m in _MID_SENTENCE_WORD_RE.findall(prose) if _COINED_RE.fullmatch(m))
    names: list[tuple[int, str]] = []
    for name, count in counts.items():
        if count < MIN_DOMAIN_USES or count * 1000 < DOMAIN_PER_1K * words_of_prose:
            continue
        lower = _uses(name.casefold(), prose)
        lower = [u for u in lower if u[:1].islower()]
        in_code = re.findall(rf"(?<![\w.]){re.escape(name)}(?!\w)", code)
        if 3 * len(lower) > count or 4 * len(in_code) > count:
            continue
        if zipf(name.casefold(), lang) >= KNOWN_NAME_ZIPF or _in_longer_name(name, prose):
            continue
        if _only_after_preposition(name, prose):
            continue  # "…, in Kilobytes." after every figure of a format list: a unit, not a subject
        names.append((count, name))
    names.sort(reverse=True)
    if not names or (len(names) > 1 and names[0][0] < 2 * names[1][0]):
        return None
    return names[0][1]


# Words a unit or a medium follows ("in Kilobytes", "of Bytes").
_PREPOSITION_RE = re.compile(r"\b(?:in|of|to|for|by|with|from|on|at|into|per)\s+$", re.I)


def _only_after_preposition(name: str, prose: str) -> bool:
    """Every mid-sentence use of ``name`` follows a preposition and ends its clause: what the prose
    measures in ("…, in Kilobytes." after each figure of a format list), not a name it says anything
    of; a manual's name also opens clauses and does things ("Lists in Gleam are immutable", "that
    Rust checks"), even when it is often "in Rust"."""
    found = list(re.finditer(rf"(?<=[a-z,;] ){re.escape(name)}(?![\w\-]|\.\w)", prose))
    return bool(found) and all(
        _PREPOSITION_RE.search(prose[max(0, m.start() - 8) : m.start()])
        and re.match(r"\s*[.,;:)]", prose[m.end() :])
        for m in found
    )


def names_subject(text: str, subject: Subject) -> bool:
    """``text`` names the subject: the word, its plural or a name made of it ("pyenv init", "zlib.h");
    of an owned set ("Ohio’s ELA standards", :func:`owned_set`), its owner or its things ("standards")."""
    names = [subject.name]
    module = re.fullmatch(r"[\w:]+::?(\w+)", subject.name)
    if module and re.search(rf"(?<![\w.]){module.group(1)}(?:\.\w|\s+module\b)", text):
        return True  # "node:net": "net.Socket()" and "the net module" name it; "a module" does not
    if owned := re.fullmatch(r"(\w[\w\-]*)['’]s (?:[A-Z]+ )?(\w+?)s", subject.name):
        names = list(owned.groups())
    return any(re.search(rf"(?<![^\W_]){re.escape(n)}(?:e?s)?(?![^\W_])", text, re.I) for n in names)


def framed(question: str) -> bool:
    """The question names a context already ("In Rust ownership, what …")."""
    return bool(_FRAMED_RE.match(question))


def names_a_part(heading: str, lang: str) -> bool:
    """A heading that names an activity or a part of the document rather than a thing.

    "Domestication", "Installation", "Debugging" (one word for doing something), "Getting
    started", "Using the cache" (a gerund first), "Extra tools", "Other options" (common words
    ending in a plural: a group of things the section lists). "Memory and Allocation",
    "Variable Scope", "EventTarget" name what their section is about.
    """
    written = words(heading.strip("“”"))
    if len(written) > 1 and written[0].casefold().endswith("ing") and gerund(written[0].casefold(), lang):
        return True  # "Getting started", "Using the cache"
    tokens = [t for t in written if t.casefold() not in STOP_WORDS]
    if not tokens:
        return False
    first, last = tokens[0].casefold(), tokens[-1].casefold()
    coined = not tokens[0].isalpha() or re.search(r"[a-z][A-Z]", tokens[0])  # "asn1Coding": a program's name
    if len(tokens) == 1 and not coined and re.search(r"(?:tion|sion|ment|ing|age|ance|ence)$", first):
        return True
    common = all(zipf(t.casefold(), lang) >= NAME_ZIPF for t in tokens)
    return common and last.endswith("s") and not last.endswith("ss") and zipf(last[:-1], lang) >= NAME_ZIPF


def kind_of(term: str) -> str:
    """A kind of the subject asked with the indefinite article: "the call duck" → "a call duck"."""
    rest = re.sub(r"^the\s+", "", term, flags=re.I)
    return f"{'an' if rest[:1].casefold() in 'aeiou' else 'a'} {rest}" if rest != term else term


def gerund(word: str, lang: str, min_zipf: float = GERUND_STEM_ZIPF) -> bool:
    """``word`` is a verb's -ing form: its stem is a word at least ``min_zipf`` common ("getting" → "get");
    "string" ("str") and "thing" ("the" is no verb) are not."""
    stem = word[:-3]
    stems = [stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""]
    return any(len(s) >= 3 and s != "the" and zipf(s, lang) >= min_zipf for s in stems)
