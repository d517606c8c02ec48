"""Can the card be studied on its own? Sentence structure and context of a card.

A student sees only the card. People drop cards whose text is not one whole
sentence (cut at a page break or an abbreviation, two runs of text glued
together), that speak in someone's voice ("we", "you", dialogue), whose subject
is a pronoun or a pointer to something not on the card ("this NPRM", "the
previous slide"), and questions built from a heading that the answer does not
define ("What is Optional comments?"). The checks:

* :func:`sentence_problem` and :func:`context_problem`: the text of a cloze card
  (deletions filled in);
* :func:`question_problem`: the front and back of a basic card.

Each returns why the card fails, or "".
"""

from __future__ import annotations

import re

from cards.frequency import zipf
from cards.terms import RARE_ZIPF
from cards.text import STOP_WORDS, content_stems, words

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
_WHICH_CASE_RE = re.compile(
    r"\b(?:the|this|that)\s+(?:first|second|third|fourth|latter|former)\s+(?:case|kind|type|way)\b",
    re.I,
)
# Sentence openers that lean on the sentence before ("Second, ...", "Conversely, ...").
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
_VERB_START_RE = re.compile(r"^\s*[A-Z][a-z]+s\s+(?:to|the|a|an|into|from|with|on|in)\b")
_SINGLE_LETTERS = {"en": "aio", "fr": "aày", "es": "aoyeu", "it": "aeio", "pt": "aoe", "de": ""}


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
    return _glued(stripped, lang)


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
    text: str, language: str | None = None, *, focus: int | None = None, speaker: bool = False
) -> str:
    """Why the sentence does not name what it is about (a voice, a pronoun, a pointer), or "".

    ``focus``: where the tested part starts (a cloze's first deletion); a pointer after it
    ("... while moulting; ... during this period") usually points back into the sentence.
    """
    lang = _lang(language)
    tokens = [re.split(r"['’]", t.casefold())[0] for t in words(text)]
    if not tokens:
        return "no words"
    voice = _VOICE.get(lang, frozenset())
    used = [t for t in tokens if t in voice]
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
    if outside:
        return f"points at something not on the card ('{outside.group(0).strip()}')"
    if _LEANING_START_RE.match(text):
        return "leans on the sentence before"
    if _ASIDE_RE.match(text):
        return "an aside (a note or remark)"
    if _CITATION_RE.search(text):
        return "about cited work (an in-text citation)"
    if _MODAL_START_RE.match(text) or _VERB_START_RE.match(text):
        return "names no subject"
    third = _THIRD_PERSON.get(lang, frozenset())
    for match in re.finditer(r"[^\W\d_][\w’'\-]*", text):
        if match.group(0).casefold() in third:
            before = text[: match.start()]
            names = [w for i, w in enumerate(words(before)) if w[:1].isupper() and (i or _name_like(w, lang))]
            if not names:
                return f"'{match.group(0)}' refers to someone not named"
            break
    return ""


# --- questions -------------------------------------------------------------------------

_WHAT_IS_RE = re.compile(
    r"^(?:what\s+(?:is|are)|qu[’']est-ce\s+que|que\s+sont|was\s+(?:ist|sind)|¿qué\s+(?:es|son))\s+"
    r"(?P<term>.+?)(?:\s+called)?\s*[?？]$",
    re.I,
)
#: An acronym this frequent in general text (``wordfreq`` zipf) has a meaning people already know.
WIDESPREAD_ACRONYM_ZIPF = 3.0
_REFERS_RE = re.compile(r"^what\s+does\s+(?P<term>.+?)\s+(?:refer\s+to|mean)\s*\?$", re.I)
_STANDS_FOR_RE = re.compile(r"^what\s+does\s+(?P<term>\S+)\s+stand\s+for\s*\?$", re.I)
# "In Rust ownership, what is …": the context a question names, checked apart from the question.
_CONTEXT_PREFIX_RE = re.compile(
    r"^(?:in|dans|en)\s+[^,?]{2,80},\s+(?=(?:what|which|who|why|how|qu|que)\b)", re.I
)
# "the top block", "the second example": a place in a figure, table or list the card does not show.
_POSITION_RE = re.compile(
    r"^(?:the\s+)?(?:first|second|third|fourth|fifth|last|next|previous|top|bottom|middle|upper|lower|left|"
    r"right|former|latter|following|preceding)\b",
    re.I,
)
# "the entire pre-Palestrina literature", "the same thing", "the only way": a description, not a name.
_SELECTING_RE = re.compile(
    r"^(?:the|an?)\s+(?:entire|whole|same|other|only|main|very|best|worst|real)\b", re.I
)
_PURPOSE_RE = re.compile(
    r"^what\s+(?:is|are|was|were)\s+(?!it\b|this\b|that\b|these\b|those\b|they\b).+\s+"
    r"(?:used for|made up of|composed of|divided into|split into)\s*\?$",
    re.I,
)
_ARTICLE_RE = re.compile(r"^(?:(?:the|a|an|le|la|les|un|une|des|der|die|das|el|los|las)\s+|l[’'])", re.I)
_CODE_CHARS_RE = re.compile(r"[$(){}=;/\\<>\[\]#|`*_~^]|\d")


def question_problem(front: str, back: str, span: str, language: str | None = None) -> str:
    """Why a basic card's question does not stand on its own or its answer does not fit it, or ""."""
    bare = _CONTEXT_PREFIX_RE.sub("", front.strip())
    in_context = bare != front.strip()
    front = bare[:1].upper() + bare[1:]
    acronym = _STANDS_FOR_RE.match(front)
    if acronym:
        return _expansion_problem(acronym.group("term"), back, in_context=in_context)
    if _PURPOSE_RE.match(front):  # "What is the pecten used for?": the thing is named, not defined
        return ""
    what = _WHAT_IS_RE.match(front) or _REFERS_RE.match(front)
    if what and in_context:
        # the context names what the term belongs to (and may paraphrase it): only a place in a
        # figure or list ("In “Ablation Study”, what is the top block?") stays a pointer
        term = what.group("term").strip()
        return f"'{term}' points at a place in a figure, table or list" if _POSITION_RE.match(term) else ""
    if what:
        return _definition_problem(what.group("term"), back, span, language)
    return ""


def _expansion_problem(acronym: str, back: str, *, in_context: bool = False) -> str:
    expansion = back.strip()
    tokens = words(expansion)
    if _CODE_CHARS_RE.search(expansion) or len(tokens) < 2:
        return "the expansion is not a phrase"
    if tokens[0].casefold() in {"the", "a", "an"} or tokens[0][:1].casefold() != acronym[:1].casefold():
        return "the expansion does not spell the acronym"
    if len(tokens) > len(acronym) + 3:
        return "the expansion is longer than the acronym"
    known = zipf(acronym, "en")
    widespread = known is not None and known >= WIDESPREAD_ACRONYM_ZIPF
    if widespread and not in_context and acronym.casefold() not in STOP_WORDS:
        # "FCC", "CBI": in wide use with another meaning; asked bare, the answer is ambiguous
        return f"'{acronym}' is in wide use; the question must name its field"
    return ""


def _only_in_longer_terms(word: str, span: str) -> bool:
    """Every mention of ``word`` in ``span`` runs on into a noun ("Physical" → "the physical layer")."""
    following = [
        m.group(1)
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)(?:\s+([^\W\d_][\w\-]*))?", span, re.I)
    ]
    return bool(following) and all(
        nxt and nxt.islower() and nxt.casefold() not in STOP_WORDS for nxt in following
    )


# "the “bufsize” option": an entry a table or a list names, its kind said (cards.offline.rows).
_LISTED_ENTRY_RE = re.compile(r"^the\s+“(?P<name>[^“”]+)”\s+[a-z][a-z -]*$")


def _definition_problem(term: str, back: str, span: str, language: str | None) -> str:
    if entry := _LISTED_ENTRY_RE.match(term.strip()):
        # one thing the document lists by name, not "the capacity" of something unnamed
        name, answer = entry.group("name"), back.strip()
        if sum(1 for t in words(answer) if t.isalpha() and len(t) > 1) < 2:
            return f"the answer does not define '{term}'"
        return "" if name.casefold() in span.casefold() else f"the source does not speak of '{term}'"
    if _POSITION_RE.match(term.strip()):
        return f"'{term}' points at a place in a figure, table or list"
    if _SELECTING_RE.match(term.strip()):
        return f"'{term}' is a description, not a term"
    # "the angle of attack (AOA)": the acronym the document gives it names one thing
    abbreviated = re.search(r"\s+\([A-Z][A-Za-z]{0,6}[A-Z]s?\)$", term)
    if abbreviated:
        term = term[: abbreviated.start()]
    qualified = re.match(r"^the\s+\w+\s+of\s+(?P<subject>.+)$", term, re.I)
    if qualified and not abbreviated:  # "the description of ls": a table row, its subject named
        term = qualified.group("subject")
        span = span + " " + term
    if len(words(term.partition(",")[2])) >= 2:
        return f"'{term}' is a clause, not a term"
    term = term.split(",")[0].strip()  # "a sitting duck, figuratively": the term before the aside
    bare = _ARTICLE_RE.sub("", term).strip()
    tokens = words(bare)
    if not tokens or re.search(r"[\[\](){};=]", bare) or any(len(t) == 1 for t in tokens):
        return f"'{term}' is not a term"
    sentence_case = len(tokens) > 1 and tokens[0][:1].isupper() and all(t.islower() for t in tokens[1:])
    if sentence_case and not _ARTICLE_RE.match(term):
        return f"'{term}' is a heading, not a term"
    if (
        term.casefold().startswith(("the ", "la ", "le ", "les ", "l’", "l'"))
        and not qualified
        and not abbreviated
        and not (
            len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) >= 2
        )  # "the AFM" names one thing
        and len(tokens) <= 3
    ):
        # "What is the capacity?", "the reader's initial state", "the Comparative Analysis": which one?
        return f"'{term}' of what? the question names no context"
    if False:
        # "What is the capacity?", "the reader's initial state": the capacity of what?
        common = [
            t
            for t in tokens
            if (z := zipf(t.split("’")[0].split("'")[0], language)) is None or z >= RARE_ZIPF
        ]
        if len(common) == len(tokens) or re.search(r"['’]s\b", bare):
            return f"'{term}' of what? the question names no context"
    answer = back.strip()
    if not answer or answer[0] in '"“«‘' or answer.endswith(("?", "!", "？")):
        return f"the answer does not define '{term}'"
    if sum(1 for t in words(answer) if t.isalpha() and len(t) > 1) < 2:
        return f"the answer does not define '{term}'"
    lead = [t.casefold() for t in words(answer)[:3]]
    if any(t in {"it", "this", "they", "he", "she", "these", "those"} for t in lead):
        return "the answer leans on something not on the card"
    if len(tokens) == 1 and _only_in_longer_terms(bare, span):
        return f"'{term}' is half a term: the source speaks of it only as part of a longer one"
    stems = content_stems(bare)
    if len(stems & content_stems(span)) < (len(stems) if len(stems) <= 2 else 0.7 * len(stems)):
        return f"the source does not speak of '{term}'"
    if _plural_label(bare, language):
        return f"'{term}' is a plural label asked as one thing"
    if _label_line(bare, span, language):
        return f"'{term}' is a field label, not a term"
    return ""


#: A label's words are this common in general text (``wordfreq`` zipf): "Returns", "Type", "Braces".
LABEL_ZIPF = 4.0


def _label_line(term: str, span: str, language: str | None) -> bool:
    """``span`` reads "Term: …" and the term is made of common words: a field or legend label.

    "Returns: the new string", "Braces: surround notes in a chord": an API reference's fields or a
    notation legend, whose label alone names nothing ("What is Returns?"). A rare word
    ("Numexpr: fast array expressions") is a glossary term.
    """
    if not re.match(rf"^\W*{re.escape(term)}\s*[:：–—-]", span.strip(), re.I):
        return False
    content = [t for t in words(term) if t.casefold() not in STOP_WORDS]
    if not content:
        return True
    return all((z := zipf(t.casefold(), language)) is not None and z >= LABEL_ZIPF for t in content)


def _plural_label(term: str, language: str | None) -> bool:
    """ "What is Braces?", "What is Options?": a capitalised plural of a common word, a label of a legend."""
    if (language or "en").split("-")[0] != "en" or " " in term or not term[:1].isupper() or term.isupper():
        return False
    if not term.endswith("s") or term.endswith("ss"):
        return False
    singular = zipf(term[:-1].casefold(), language)
    return singular is not None and singular >= LABEL_SINGULAR_ZIPF


#: The singular of a plural label is a common word ("brace", "option").
LABEL_SINGULAR_ZIPF = 3.0
