"""Can the card be studied on its own? Sentence structure and context of a card.

A student sees only the card. People drop cards whose text is not one whole
sentence (cut at a page break or an abbreviation, two runs of text glued
together), that speak in someone's voice ("we", "you", dialogue), whose subject
is a pronoun or a pointer to something not on the card ("this NPRM", "the
previous slide"), and questions built from a heading that the answer does not
define ("What is Optional comments?"). The checks:

* :func:`sentence_problem` and :func:`context_problem`: the text of a cloze card
  (deletions filled in);
* the front and back of a basic card: :mod:`cards.standalone_questions`.

Each returns why the card fails, or "".
"""

from __future__ import annotations

import re

from cards.frequency import zipf
from cards.generic_reader import generic_reader
from cards.terms import RARE_ZIPF
from cards.text import MONTHS, STOP_WORDS, WEEKDAYS, words

_OPENERS = "\"“‘'«(¿¡[—–-"
_CLOSERS = "\"”’'»)]"
_TERMINAL_RE = re.compile(r"[.!?。！？…][\"”’'»)\]]*$")
_CUT_ABBREV = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "vs",
        "cf",
        "al",
        "no",
        "vol",
        "pp",
        "p",
        "fig",
        "eq",
        "ed",
        "eds",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "prof",
        "gen",
        "rev",
    ]
)
_NUMBERED_START_RE = re.compile(r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]?|\(?[a-z]\)|[①-⑳])\s+\S")
_INLINE_ITEM_RE = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-z])\)\s?\S")
# "No longer developed. Cython is …": a slide's bullet fragment run into the next sentence.
_LEAD_FRAGMENT_RE = re.compile(r"^([^.!?:;]{1,40}[.!?])\s+\W*[A-Z]")
_DATE_END_RE = re.compile(r"\d+\.\d+\.\d*\.?$")

_VOICE = {
    "en": frozenset(["i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours"]),
    "fr": frozenset(
        [
            "je",
            "me",
            "moi",
            "mon",
            "ma",
            "mes",
            "nous",
            "notre",
            "nos",
            "vous",
            "votre",
            "vos",
            "tu",
            "te",
            "toi",
            "ton",
            "ta",
            "tes",
        ]
    ),
    "de": frozenset(
        [
            "ich",
            "mich",
            "mir",
            "mein",
            "meine",
            "wir",
            "uns",
            "unser",
            "du",
            "dich",
            "dir",
            "dein",
            "ihr",
            "euch",
        ]
    ),
    "es": frozenset(
        ["yo", "me", "mi", "mis", "nosotros", "nos", "nuestro", "nuestra", "tú", "te", "tu", "tus"]
    ),
}
_READER_WORDS = frozenset(["you", "your", "yours"])
# Singular personal pronouns: "they" and "their" usually stand for a plural noun of the same sentence.
_THIRD_PERSON = {
    "en": frozenset(["he", "him", "his", "she", "her", "hers"]),
    "fr": frozenset(["elle", "elles", "lui"]),
}
_DANGLING_LEAD = {
    "en": frozenset(
        ["it", "its", "this", "that", "these", "those", "they", "he", "she", "his", "her", "their", "such"]
    ),
    "fr": frozenset(["il", "elle", "ils", "elles", "ce", "cet", "cette", "ces", "ceci", "cela", "ça"]),
    "de": frozenset(["es", "er", "sie", "dies", "diese", "dieser", "dieses", "das"]),
}
_POINTER_RE = re.compile(
    r"\b(?:this|these|those)\b|\b(?:the|a)\s+(?:previous|preceding|following|next|above|latter|former|"
    r"aforementioned|said)\b|\bas\s+(?:previously|mentioned|discussed|shown|noted|described|argued)\b|"
    r"\bsee\s+(?:the|section|chapter|figure|fig|table|chart|page|below|above)\b|\bat this point\b|"
    r"\b(?:cette|ces|cet)\b|\bci-dessus\b|\bci-dessous\b",
    re.I,
)
# "this" or "these" standing alone (a pronoun, not "this period"): what it stands for is elsewhere.
_PRONOUN_POINTER_RE = re.compile(
    r"\b(?:this|these|those)(?=\s*[.,;:!?)]|\s+(?:is|are|was|were|has|have|had|can|will|would|may|"
    r"means?|shows?|in|of|to|for|by|with|and|or|but)\b)",
    re.I,
)
# "such ids", "such a request": things the text described before ("such as", "such that" are not).
_SUCH_RE = re.compile(r"\bsuch\s+(?!as\b|that\b)(?:an?\s+)?[a-z][\w\-]*", re.I)
# "up to that time", "For that art must …", "much the same cause": a time, a thing or a cause the
# sentences before named ("the same way as …", "that" as a conjunction are not).
_THAT_THING_RE = re.compile(
    r"\bthat\s+(?:time|day|period|age|era|epoch|moment|date|art|reason|cause)\b(?!\s+(?:when|of|which|that)\b)|"
    r"\bthe\s+same\s+(?:cause|reason|effect|result|purpose|principle|fate|manner)\b(?!\s+(?:as|that|of)\b)",
    re.I,
)
# Whose "their": a plural before it in the sentence ("The troubadours … their songs"), a pair ("Peri and
# Caccini … their"), or a collective noun; with none, "their dance" is someone the sentences before named.
_PLURAL_BEFORE_RE = re.compile(
    r"\b(?:[A-Za-z][\w'’\-]*[^s\W]s|people|men|women|children|folk|clergy|church|nation|race|public|"
    r"[A-Za-z]+ese)\b|\band\b",
    re.I,
)
_MONTHS_AND_DAYS = MONTHS | WEEKDAYS  # "On the eighteenth of July, 1750, he …": no name before "he"
_WHICH_CASE_RE = re.compile(
    r"\b(?:the|this|that)\s+(?:first|second|third|fourth|latter|former)\s+(?:case|kind|type|way)\b",
    re.I,
)
# Sentence openers that lean on the sentence before ("Second, ...", "Conversely, ...").
# "Like MD5, it is constructed by …", "In time it degenerated into …": an opening phrase that compares
# or dates, then a pronoun as the subject: what "it" is, the sentence before said.
_OPENER_PRONOUN_RE = re.compile(
    r"^\s*(?:(?:(?:just\s+)?(?:like|unlike)|as\s+with|similar\s+to|compared\s+(?:to|with))\s+[^,]{1,60},|"
    r"(?:in\s+time|later|soon|at\s+first|eventually|afterwards|over\s+time),?)\s+(?:it|they|he|she)\s",
    re.I,
)
_LEANING_START_RE = re.compile(
    r"^\s*(?:second|secondly|third|thirdly|finally|lastly|conversely|similarly|likewise|moreover|"
    r"furthermore|in addition|instead|otherwise|then|thus|hence|therefore|accordingly|however|also|still|"
    r"nevertheless|meanwhile|in the meanwhile|to return|contrast|in contrast|by contrast|again|besides|"
    r"in comparison|by comparison|comparatively|effectively|in this case|in that case|in other words|"
    r"as a result|for example|for instance|in turn|on the other hand|on the contrary|"
    r"ensuite|enfin|puis|alors|donc|aussi|cependant|pourtant|außerdem|dann|daher)\b",
    re.I,
)
_ASIDE_RE = re.compile(
    r"^\s*(?:note|nb|n\.b\.|remark|hint|tip|caution|warning|danger|important|example|e\.g\.|remember|beware|"
    r"remarque|attention|exemple)\s*[:.]",
    re.I,
)
# "(Mussmann and Ermon, 2016; ...)", "Das et al. (2019)": a sentence about someone else's work
_CITATION_RE = re.compile(
    r"\b[A-Z][\w\-]+(?:\s+(?:and|&)\s+[A-Z][\w\-]+|\s+et\s+al\.?)?,?\s+\(?(?:19|20)\d\d[a-z]?[);,]"
)
_MODAL_START_RE = re.compile(r"^\s*(?:may|can|must|should|could|would|will|might|shall)\s+\w", re.I)
# "Returns the …", and a verb telling a named tool something: "Informs Valgrind that …" (a client
# request's description whose name was on the line before)
_VERB_START_RE = re.compile(
    r"^\s*(?P<verb>[A-Z][a-z]+)s\s+(?:(?:to|the|a|an|into|from|with|on|in)|(?P<name>[A-Z][\w\-]*)\s+(?:that|whether|to))\b"
)
_SINGLE_LETTERS = {"en": "aio", "fr": "aày", "es": "aoyeu", "it": "aeio", "pt": "aoe", "de": ""}


# "for this combination", "covered by this node", "to make this work": after the tested part too,
# "this" and a word the sentence has not used is what the sentences before described.
_THIS_THING_RE = re.compile(r"\b(?:this|these)\s+([a-z][a-z\-]{2,})\b")
# "while moulting; … during this period": a stretch of time points back into its own sentence.
_TIME_WORDS = frozenset(
    ["period", "time", "times", "stage", "phase", "moment", "point", "day", "year", "era", "age"]
)


_QUANTITY_WORDS = frozenset(["number", "figure", "amount", "estimate", "value", "total", "cost", "rate"])


def _this_thing(text: str) -> str:
    """The first "this X" whose X the sentence has not named before it, or ""."""
    for match in _THIS_THING_RE.finditer(text):
        word = match.group(1)
        before = text[: match.start()]
        if word in _QUANTITY_WORDS and re.search(r"\d", before):
            continue  # "takes an average of 90 work-hours …, this number may vary": the figure said
        if word not in _TIME_WORDS and word[:5] not in before.casefold():
            return match.group(0)
    return ""


def _lang(language: str | None) -> str:
    return (language or "en").split("-")[0].lower()


def _first_letter(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            return ch
    return ""


def sentence_problem(
    text: str, language: str | None = None, *, is_list: bool = False, speaker: bool = False
) -> str:
    """Why the (cloze) text is not one whole sentence, or "".

    ``is_list``: the card hides the items of a list, which need not end with a full stop.
    ``speaker``: the card hides who speaks ('"...," said the {{Dodo}}'): a quotation is the point.
    """
    lang = _lang(language)
    stripped = text.strip()
    if not stripped:
        return "empty"
    if not speaker and (stripped[0] in '"“«‘—–' or stripped.startswith(("--", "- "))):
        return "dialogue or a quotation, not a statement"
    first = _first_letter(stripped)
    if first and first.islower():
        return "starts mid-sentence"
    if not is_list and not _TERMINAL_RE.search(stripped):
        return "ends mid-sentence"
    problem = _cut_end(stripped)
    if problem:
        return problem
    if _NUMBERED_START_RE.match(stripped):
        return "starts with a heading or list number"
    if re.search(r"\betc\.\s+[A-Z]", stripped):
        return "two sentences (after 'etc.')"
    lead = _LEAD_FRAGMENT_RE.match(stripped)
    last = words(lead.group(1))[-1].casefold() if lead and words(lead.group(1)) else ""
    if lead and len(words(lead.group(1))) <= 4 and len(last) > 2 and last not in _CUT_ABBREV:
        return f"a fragment glued in front ('{lead.group(1).strip()}')"
    if len(_INLINE_ITEM_RE.findall(stripped)) >= 2:
        return "holds a numbered list: a list cloze, not one sentence"
    return _glued(mask_titles(stripped), lang)


def _cut_end(text: str) -> str:
    body = text.rstrip(_CLOSERS)
    if not body.endswith("."):
        return ""
    last = re.findall(r"[\w’'\-]+", body[-24:])
    if not last:
        return ""
    word = last[-1]
    if word.casefold() in _CUT_ABBREV or (len(word) == 1 and word.isalpha()):
        return "cut at an abbreviation"
    if _DATE_END_RE.search(body) and not re.search(r"\s\d+\.\d+\.$", " " + body[-8:]):
        return "cut after a date"
    if re.search(r"\d+\s+[IVXLCDM]+\.$", body):
        return "a contents line"
    return ""


# A quoted name in title case ("« Entre Nous »", "“Pride and Prejudice”"): a book's or a chapter's
# title, whose words are neither someone's voice ("Nous") nor a second text run in ("Nous", "And").
_QUOTED_RE = re.compile(r"(?<=[«“„])\s*([^«»“”„]{1,80}?)\s*(?=[»”“])")


def _title_case(quoted: str) -> bool:
    long = [w for w in words(quoted) if len(w) >= 4]
    return len(words(quoted)) >= 2 and bool(long) and all(w[0].isupper() for w in long)


def mask_titles(text: str) -> str:
    """``text`` with each quoted title in title case read as one name ("« Entre Nous »" → "« Title »")."""
    return _QUOTED_RE.sub(lambda m: "Title" if _title_case(m.group(1)) else m.group(0), text)


def _glued(text: str, lang: str) -> str:
    """Two runs of text glued together ("... the Heap Many programming languages"); split words."""
    tokens = list(re.finditer(r"[^\W\d_][\w’'\-]*", text))
    for index, match in enumerate(tokens[1:], start=1):
        word = match.group(0)
        between = text[tokens[index - 1].end() : match.start()]
        capital_function_word = (
            word[:1].isupper() and word.casefold() in STOP_WORDS and word not in ("I", "O")
        )
        if capital_function_word and between.strip() in ",;" and (len(word) == 1 or not word.isupper()):
            return f"two texts run together at '{word}'"
    singles = _SINGLE_LETTERS.get(lang)
    if singles is not None:
        # a letter after a hyphen ends a compound ("top-k accuracy"), it is no split word
        for match in re.finditer(r"(?<![\w'’.\-])([a-zà-ÿ])\s+(?=[a-zà-ÿ]{2,})", text):
            if match.group(1) not in singles:
                return f"a word split by a space near '{match.group(0).strip()}'"
    return ""


_SPEECH_BEFORE_RE = re.compile(
    r"[,;!?]\W*\s+(?:said|asked|replied|cried|added|continued|began|exclaimed|dit|demanda|répondit)\s+"
    r"(?:the\s+|le\s+|la\s+)?$",
    re.I,
)


def hides_speaker(text_before_target: str) -> bool:
    """'"...," said the {{Dodo}}': the hidden word is who speaks a quoted line."""
    return bool(_SPEECH_BEFORE_RE.search(text_before_target))


def _name_like(word: str, language: str) -> bool:
    """A capitalised sentence-initial word that is a name ("Händel"), not a common word ("Talking")."""
    frequency = zipf(word, language)
    return frequency is not None and frequency < RARE_ZIPF


def context_problem(
    text: str,
    language: str | None = None,
    *,
    focus: int | None = None,
    speaker: bool = False,
    reader: bool = False,
) -> str:
    """Why the sentence does not name what it is about (a voice, a pronoun, a pointer), or "".

    ``focus``: where the tested part starts (a cloze's first deletion); a pointer after it
    ("... while moulting; ... during this period") usually points back into the sentence.
    ``reader``: the text speaks to its reader, whose "you" may be anyone using what the sentence
    names (:mod:`cards.generic_reader`).
    """
    lang = _lang(language)
    tokens = [re.split(r"['’]", t.casefold())[0] for t in words(text)]
    if not tokens:
        return "no words"
    voice = _VOICE.get(lang, frozenset())
    used = [t for t in (re.split(r"['’]", w.casefold())[0] for w in words(mask_titles(text))) if t in voice]
    if reader and lang == "en" and generic_reader(text):  # "Rc<T> allows you to share data …"
        used = [t for t in used if t not in _READER_WORDS]
    if used and not speaker:  # a speaker's own words may say "I" and "us"
        return f"in someone's voice ('{used[0]}')"
    if tokens[0] in _DANGLING_LEAD.get(lang, frozenset()):
        return f"subject is a pronoun ('{words(text)[0]}')"
    pointer = _POINTER_RE.search(text)
    if pointer and (focus is None or pointer.start() < max(focus, len(" ".join(words(text)[:8])))):
        return f"points at something not on the card ('{pointer.group(0)}')"
    # "the best illustration of this.", "such ids", "in the second case": wherever they stand,
    # they name what the sentences before said ("during this period" may point back into its own)
    outside = _PRONOUN_POINTER_RE.search(text) or _SUCH_RE.search(text) or _WHICH_CASE_RE.search(text)
    if lang == "en":
        outside = outside or _THAT_THING_RE.search(text)
    if outside:
        return f"points at something not on the card ('{outside.group(0).strip()}')"
    back = _this_thing(text) if lang == "en" else ""
    if back:
        return f"points at something not on the card ('{back}')"
    their = re.search(r"\b(?:their|they|them)\b", text, re.I) if lang == "en" else None
    if their and not _PLURAL_BEFORE_RE.search(text[: their.start()]):
        return f"'{their.group(0)}' refers to people not named"
    if _LEANING_START_RE.match(text):
        return "leans on the sentence before"
    if lang == "en" and _OPENER_PRONOUN_RE.match(text):
        return "subject is a pronoun after an opening phrase"
    if _ASIDE_RE.match(text):
        return "an aside (a note or remark)"
    if _CITATION_RE.search(text):
        return "about cited work (an in-text citation)"
    verb = _VERB_START_RE.match(text)
    # before a name, a verb's stem is a word ("inform"), a person's first name is not ("Charle")
    if verb and verb.group("name") and (zipf(verb.group("verb").casefold(), "en") or 0.0) < 3.0:
        verb = None
    if _MODAL_START_RE.match(text) or verb:
        return "names no subject"
    third = _THIRD_PERSON.get(lang, frozenset())
    for match in re.finditer(r"[^\W\d_][\w’'\-]*", text):
        if match.group(0).casefold() in third:
            before = text[: match.start()]
            names = [
                w
                for i, w in enumerate(words(before))
                if w[:1].isupper() and (i or _name_like(w, lang)) and w.casefold() not in _MONTHS_AND_DAYS
            ]
            if not names:
                return f"'{match.group(0)}' refers to someone not named"
            break
    return ""
