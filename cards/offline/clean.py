"""Text as the offline extractors read it: normalised, inline markup rendered, noise recognised.

Also the sentence-level tests every extractor shares: a sentence that leans on
something outside itself ("this", "the above"), a bibliography entry, a
table-of-contents line, boilerplate (licences, e-book release notes).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from cards.markup import outside_code
from cards.offline.change_logs import release_heading
from cards.offline.entry_context import leans_on_an_entry_or_listing
from cards.offline.licence_text import licence_text
from cards.offline.navigation import navigation_block
from cards.offline.pointers import without_pointer_aside
from cards.offline.series_members import names_an_unnamed_member
from cards.text import collapse_spaces, split_sentences
from documents.model import Section

MAX_SPAN = 300

SKIP_HEADINGS_RE = re.compile(
    r"^\W*(\d+(\.\d+)*\.?\s*)?(references|bibliography|works cited|acknowledg(e)?ments?|table of contents|"
    r"contents|index|further reading|see also|external links|notes|license|licence|copyright|"
    r"sources|citations|footnotes|table des matières|sommaire|inhaltsverzeichnis|literatur)\W*$",
    re.I,
)
PRONOUN_START_RE = re.compile(
    r"^(it|this|that|these|those|they|he|she|there|here|which|what|we|you|i|such|"
    r"its|their|our|your|his|her|so|but|and|or|also|then|however|thus|"
    r"il|elle|ils|elles|ce|cela|ça|er|sie|es)\b",
    re.I,
)
DANGLING_RE = re.compile(
    r"\b(the above|the following|as mentioned|as shown|see section|listing|figure|fig\.|table \d|"
    r"this (figure|table|chapter|section|example|code|slide|illustration)|"
    r"(previous|next|last|following) (slide|section|chapter|example|page|block|paragraph|line)s?|"
    r"the (right|left) (column|side)|(on|to|at) the (right|left)|below|as previously|as discussed|"
    r"in other words)\b",
    re.I,
)
# Openers that hand the sentence's subject to what came before ("For example, …", "Finally, …").
DISCOURSE_START_RE = re.compile(
    r"^(for (example|instance)|finally|first(ly)?|second(ly)?|third(ly)?|next|at this point|while this|"
    r"in (this|that) case|in contrast|contrast|instead|likewise|similarly|moreover|furthermore|"
    r"in addition|as a result|note|see|consider|recall|remember|again|now|still|yet|otherwise|"
    r"therefore|nevertheless|nonetheless|hence|thus|consequently|accordingly|indeed|already|nowadays|"
    r"meanwhile|afterwards|later|besides|rather|even|just|only|as a matter of fact|in fact|of course|"
    r"the (former|latter|same|rest|other|previous|next)|"
    r"à ce moment|puis|ensuite|enfin|alors|mais|donc|pourtant|cependant)\b",
    re.I,
)
BIBLIO_RE = re.compile(
    r"\bet al\b|\bIn Proceedings\b|\bProc\.|\bpp\.\s*\d|\bdoi\b|arXiv|\(\s*(19|20)\d\d[a-z]?\s*\)|"
    # initials ("Lee, K. T."), not an era ("350 B.C.", "68 A.D.") nor a country ("U.S. registry")
    # nor a person's initials written together before the surname, mid-sentence ("as J.S. Bach, who …",
    # "C.P.E. Bach (born 1714) was …"; an entry's "Lee, K.T. Chang" follows a surname and a comma)
    r"(?!(?:B\.\s*C|A\.\s*D|C\.\s*E|U\.\s*S(?!\.\s*C\.)|U\.\s*K|U\.\s*N)\.)"
    r"(?!(?<!, )(?:[A-Z]\.){2,3} [A-Z][a-zà-ÿ]{2,}\b)(\b[A-Z]\.\s*){2,}|"
    r"^\^|\bISBN\b|\bRetrieved\b|\b(Advances in|Conference|Proceedings|Journal|"
    r"Transactions|Workshop|Symposium|Association for)\b|\b[A-Z][a-z]+, [A-Z][a-z]+ ?[A-Z]?\.?;"
)
# A citation in the running text ("(Lee et al., 2019)", "[48]"): related work or a reference, not a fact.
CITATION_RE = re.compile(
    r"\((?:[^()]*\bet al\.?|[A-Z][a-z]+ and [A-Z][a-z]+),? \d{4}[a-z]?\)|\[\d+(?:[,–-]\d+)*\]"
)
# Table-of-contents and index lines: dot leaders, or a title followed by a page number or a roman numeral.
TOC_RE = re.compile(r"\.{4,}|…{2,}|\s\d{1,4}\s+[IVXLC]+\.?$|\s[IVXLC]{2,}\.?$|^[IVXLC]+\.\s.*\s\d{1,4}$")
BOILERPLATE_RE = re.compile(
    r"project gutenberg|release date|e-?book|\bebook #|all rights reserved|\bcopyright\b|"
    r"terms of use|privacy policy|cookie|subscribe|newsletter|\bshare this\b|\bdocket operations\b|"
    r"\b(?:e-?mail|phone|fax|tel|telephone)\s*:|further information contact|"
    r"\b\d{2,5} [A-Z][a-z]+ (?:[A-Z][a-z]+ )?(?:Avenue|Street|Road|Boulevard|Ave|St)\b|\bRoom [A-Z]?\d|"
    r"produced by|transcriber|\bdocket no\b|\bcomments? (to|on|must)\b|\bwww\.|https?://|@\w+\.",
    re.I,
)
# A heading glued in front of its first sentence ("4.1 Wikipedia Data Pre-processing Following …").
NUMBERED_HEADING_START_RE = re.compile(r"^(\d+(\.\d+)*|[IVX]+\.)\s+[A-Z]")

_SLIDE_BULLET_RE = re.compile(r"(?m)^[ \t]*[●○■□►▶◆◇❖➢➤✓✔][ \t]*")
# **strong**, __strong__ (outside words: "a_b__c" is an identifier), *em* (likewise).
EMPH_RE = re.compile(
    r"\*\*(?=\S)(?P<a>.+?)(?<=\S)\*\*|(?<![\w\\])__(?=\S)(?P<u>.+?)(?<=\S)__(?!\w)"
    r"|(?<![\w*\\])\*(?=\S)(?P<s>[^*\n]+?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w\\])_(?=[^\W_])(?P<e>[^_\n]+?)(?<=[^\W_])_(?!\w)"
)
# Marks that separate items inside one line of a slide ("… C language. ☆ Static compilation …").
_INLINE_MARK_RE = re.compile(r"\s[☆★•▪◦]\s")
# Reference marks of encyclopaedia pages ("…a hen.[3][4]", "[citation needed]"): debris on a card.
_REF_MARK_RE = re.compile(r"(?<=[\w.,;:!?”\"')])(?:\[(?:\d{1,3}|citation needed|note \d+)\])+(?=[\s.,;:]|$)")
# A footnote number glued to the sentence it marks ("3An airplane's nose-up attitude …").
_FOOTNOTE_LEAD_RE = re.compile(r"(?m)(?:^|(?<=[.!?] ))\d{1,2}(?=[A-Z][a-z])")
_IDENTIFIER_RE = re.compile(r"\w+")
# Links only where a link can start: "matrix[i][j]" and "f[x](y)" are code.
LINK_RE = re.compile(r"(?<![\w\])}\\])!?\[([^\]\n]+)\]\([^)\s]*\)")
# Unicode non-characters: pdfium leaves U+FFFE where it hyphenated a word across lines.
_NONCHAR_RE = re.compile(r"[\ufffe\uffff\ufdd0-\ufdef]\s*")


def emphasis_text(match: re.Match[str]) -> str | None:
    """The emphasised text of a match, or ``None`` for a dunder identifier ("__init__")."""
    if match.group("u") is not None and _IDENTIFIER_RE.fullmatch(match.group("u")):
        return None
    return match.group("a") or match.group("u") or match.group("s") or match.group("e")


def _render_inline(text: str) -> str:
    text = EMPH_RE.sub(lambda m: emphasis_text(m) or m.group(0), text)
    return LINK_RE.sub(r"\1", text)


def prepare_text(text: str) -> str:
    """NFKC, PDF soft hyphens joined, inline Markdown rendered to plain text (inline code kept as is)."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n")
    text = re.sub(r"[\x02\u00ad]\s*\n?\s*", "", text)  # soft hyphen at line end: join the word
    text = _NONCHAR_RE.sub("", text)
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = _REF_MARK_RE.sub("", text)
    text = _FOOTNOTE_LEAD_RE.sub("", text)
    text = outside_code(text, _render_inline).replace("`", "")
    # Slide bullets ("●", "■", "►"…) start a new thought: a paragraph of its own, glyph dropped.
    text = _SLIDE_BULLET_RE.sub("\n", text)
    text = _INLINE_MARK_RE.sub("\n", text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)


_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def without_code_spans(text: str) -> list[str]:
    """The parts of ``text`` outside inline code (where emphasis markup means emphasis)."""
    return _CODE_SPAN_RE.sub("\n", text).split("\n")


def skip_section(section: Section) -> bool:
    """Code, references, contents, licences, change logs: sections no card should come from."""
    heading = section.source.heading[-1] if section.source.heading else ""
    # "Indices and tables" and other links of a generated site: never a card
    return (
        section.kind == "code"
        or bool(SKIP_HEADINGS_RE.match(heading))
        or release_heading(heading)
        or navigation_block(section)
    )


def span(text: str) -> str:
    """The quoted source of a card, at most :data:`MAX_SPAN` characters."""
    text = collapse_spaces(text)
    return text if len(text) <= MAX_SPAN else text[: MAX_SPAN - 1].rsplit(" ", 1)[0] + "…"


# Pointers to another part of the document ("see Debugging Applications section for more details",
# "(see Section 4)", "described below"): the student never has the document beside the card.
_SEE_PART = r"(?:see|cf\.|refer to|consult)\b"
_CROSS_REFERENCE_RES = (
    # "(see Section 4)", "(described below)", "(Section 4.2)", "(§3)", "(chapter 2)"
    re.compile(
        rf"\s*\((?:{_SEE_PART}|(?:as\s+)?(?:described|explained|discussed|detailed|defined|shown|listed)\b|"
        r"(?:section|chapter|§)\s*[\d.]+|for (?:more )?(?:details|information)\b)[^()]*\)",
        re.I,
    ),
    # "…. see Debugging Applications section …", "…; see below", "… — see …": the rest points elsewhere
    re.compile(
        rf"(?:[.;,:]|\s[—–]|\s--)\s+(?:for (?:more )?(?:details|information),?\s+)?{_SEE_PART}.*$", re.I
    ),
    re.compile(r"(?:[.;,:]|\s[—–]|\s--)\s+for (?:more )?(?:details|information)\b.*$", re.I),
    # ", as described below", "described in Section 4", "explained later"
    re.compile(
        r",?\s+(?:as\s+)?(?:described|explained|discussed|detailed|defined|shown|listed|covered)\s+"
        r"(?:below|above|later|earlier|elsewhere|in\s+(?:the\s+)?(?:next|following|previous|preceding)\s+"
        r"(?:section|chapter|part)s?|in\s+(?:section|chapter|§|part|appendix)\s*[\w.]+)(?=[\s.,;:)]|$)",
        re.I,
    ),
)
# "… necessary -- the first is to …": an enumeration begun after a dash or colon, its rest elsewhere.
_BEGUN_LIST_RE = re.compile(r"\s*(?:\s--|\s[—–]|:)\s+(?:the\s+)?first(?:ly)?\b.*$", re.I)
# Where a long answer may end: a semicolon, a dash; a comma before a subordinate clause; a conjunction.
_DASHES_RE = re.compile(r"\s(?:–|—|--)\s")
_SUBORDINATE_RE = re.compile(
    r"(?:which|who|whom|whose|where|when|whereas|while|although|though|because|since|so|but|unless|"
    r"until|as|thus|making|allowing|giving|leaving|including|except)\b"
)
_CONJUNCTION_RE = re.compile(r"\s(?:but|whereas|while|although|though|because|unless|so that)\s")
_PARENTHESIS_RE = re.compile(r"\s*\([^()]*\)")
# Words that cannot end an answer ("…, and", "… of the"): what they started was cut off.
_DANGLING_END_RE = re.compile(
    r"(?:[\s,;:]+(?:and|or|but|nor|which|that|who|whose|the|a|an|of|to|in|on|with|for|as|by|from|at|its|their))+$",
    re.I,
)


# A sentence its writer began in lower case ("… the patterns. this takes …"): no abbreviation before it.
_LOWER_SENTENCE_RE = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bcf)\.\s+(?=(?:this|that|these|those|it|its|they|if|when|"
    r"note|see|otherwise|however|also|you|we)\b)"
)


def without_cross_references(text: str) -> str:
    """``text`` without its pointers to other parts of the document ("see …", "(see Section 4)")."""
    for pattern in _CROSS_REFERENCE_RES:
        text = pattern.sub("", text)
    return text


def _shorter_clause(text: str, limit: int) -> str:
    """``text`` (over ``limit`` words) shortened to a whole clause of at most ``limit`` words, or "".

    Never mid-clause: first without its asides in brackets; else up to its last semicolon, its first
    dash, a comma before a subordinate clause (", which …") or after a series it closed (", and
    returns a pointer,"), or a conjunction ("but", "because"); else nothing. A comma inside a series
    ("A, B, and C") is no clause end: cut there, the list would be incomplete.
    """
    bare = _PARENTHESIS_RE.sub("", text)
    if len(bare.split(" ")) <= limit:
        return bare
    head = " ".join(bare.split(" ")[:limit])
    if "; " in head:
        return head.rsplit("; ", 1)[0]
    if dash := _DASHES_RE.search(head):
        return head[: dash.start()]
    commas = [m.start() for m in re.finditer(", ", head)]
    for at in reversed(commas):
        kept, rest = head[:at], bare[at + 2 :]
        if _SUBORDINATE_RE.match(rest) or re.match(r"(?:and|or)\s", kept.rsplit(", ", 1)[-1]):
            return kept
    if found := list(_CONJUNCTION_RE.finditer(head)):
        return head[: found[-1].start()]
    return ""


def trim_answer(text: str, limit: int = 25) -> str:
    """The answer up to the first sentence end, without cross-references or final punctuation.

    At most ``limit`` words: a longer first sentence is cut at a clause end, else the answer is ""
    (no card: an answer cut mid-clause is not an answer).
    """
    text = without_cross_references(collapse_spaces(text))
    text = split_sentences(text)[0] if text else text
    text = _LOWER_SENTENCE_RE.split(text, maxsplit=1)[0]  # "… the patterns. this takes a list …"
    text = _BEGUN_LIST_RE.sub("", text)
    if len(text.split(" ")) > limit:
        text = _DANGLING_END_RE.sub("", _shorter_clause(text, limit))
    if re.search(r"[^\W_]_$", text):
        # "…, can be ASN1_PRINT_NAME , ASN1_": a name cut where the page's line ended; the clause
        # before the list is the answer
        text = text.split(",", 1)[0] if "," in text else ""
    return CITATION_RE.sub("", text).rstrip(" .;:,")


def base_lang(language: str | None) -> str:
    return (language or "en").split("-")[0].lower()


@functools.lru_cache(maxsize=4096)
def noise(sentence: str) -> bool:
    """A bibliography entry, a contents line or boilerplate: never a card.

    Cached: some forty extractors ask it of the same sentence, and its patterns cost about 0.1 ms
    a sentence (40 % of an offline deck's time when each asked again)."""
    toc = TOC_RE.search(sentence)
    if toc and _REGNAL_END_RE.search(sentence) and _VERB_RE.search(sentence):
        toc = None  # a sentence ending in a ruler's number ("… of Henry III."), not a contents line
    boilerplate = BOILERPLATE_RE.search(sentence) or licence_text(sentence)
    return bool(BIBLIO_RE.search(sentence) or toc or boilerplate)


_REGNAL_END_RE = re.compile(r"\s[A-Z][a-z]+\s+[IVXLC]{2,}\.$")
_VERB_RE = re.compile(r"\s(?:is|are|was|were|has|have|had|became|married|died)\s")


# A sentence opening with a participle or a bare adjective has no subject of its own
# ("Born at Salzburg, …", "Ideal for inherently serial algorithms …", "May only be used …");
# "During X, …" is a preposition, not a participle.
_NO_SUBJECT_RE = re.compile(
    r"^(?:(?:especially|particularly|very|often)\s+)?((?!during\b)[A-Za-z]+(ed|ing)|born|known|given|taken|written|seen|found|made|built|shown|ideal|useful|good|important|possible|necessary|may|can|must|should|disable|"
    r"enable|use|make|see|add|remove|set|run|needs|requires|available|supports|allows|returns|takes|uses|"
    r"works|provides|contains)\b",
    re.I,
)


# A gerund as the subject ("Accessing data in the heap is slower …", "Freeing memory twice can lead
# to …"): a verb follows it with no comma between, unlike a participle phrase ("Using X, we …").
_GERUND_SUBJECT_RE = re.compile(
    r"^[A-Z][a-z]+ing\b[^,;:()]{0,80}?\s(?:is|are|was|were|can|cannot|could|will|would|may|might|must|"
    r"should|requires?|takes?|makes?|leads?|causes?|means?|involves?|helps?|improves?|reduces?|"
    r"increases?|gives?|needs?)\b"
)


def leans_on_context(sentence: str) -> bool:
    """A sentence whose subject is somewhere else ("It…", "For example, …", "the previous slide")."""
    return bool(
        PRONOUN_START_RE.match(sentence)
        or DANGLING_RE.search(sentence)
        or DISCOURSE_START_RE.match(sentence)
        or (_NO_SUBJECT_RE.match(sentence) and not _GERUND_SUBJECT_RE.match(sentence))
        or names_an_unnamed_member(sentence)  # "The fourth consists of …": the fourth what?
        or leans_on_an_entry_or_listing(sentence)  # "If set to …", "Following is an example …"
    )


# Openers that only link a sentence to the one before ("However, …", "In comparison, …", "But …"):
# what follows often stands alone. With a comma (or a colon after "Note"); "but", "and", "yet",
# "also", "thus", "hence", "so" also without one.
_LINK_OPENER_RE = re.compile(
    r"^(?:(?:however|therefore|indeed|moreover|furthermore|in addition|additionally|in fact|of course|"
    r"in other words|in comparison|by contrast|in contrast|comparatively|effectively|in general|"
    r"generally|in practice|importantly|notably|overall|specifically|in particular|nevertheless|"
    r"nonetheless|consequently|accordingly|ultimately|essentially|basically|typically|usually|"
    r"traditionally|historically|in summary|to summarize|in short|as such|thus|hence|so|but|and|yet|"
    r"also|note that|it is worth noting that|note)\s*[,:]\s+"
    r"|(?:but|and|yet|also|thus|hence|so|note that)\s+"
    # "Now the X …", "Now, X …": a story's "now" that only moves on (not "Now that …", "Now let …")
    r"|now\s*,\s+|now\s+(?=(?-i:the\s|[A-Z][a-z])))",
    re.I,
)
# An author reporting a finding ("We find that X", "Our experiments show that X"): X is the finding.
_REPORTING_RE = re.compile(
    r"^(?:we|our\s+(?:\w+\s+){0,2}?(?:results|experiments|analysis|analyses|findings|studies|study|"
    r"evaluation|evaluations))\s+(?:also\s+|further\s+|empirically\s+|clearly\s+)?"
    r"(?:find|found|show|showed|shown|demonstrate|demonstrated|verify|verified|observe|observed|note|"
    r"noted|conclude|concluded|suggest|suggested|indicate|indicated|confirm|confirmed|reveal|revealed|"
    r"notice|noticed|see|saw)\s+that\s+"
    # a history's "we know that X", "it is well known that X": X is stated as known, not as a view
    r"|^we\s+(?:all\s+|already\s+|now\s+|also\s+)?(?:know|knew|remember|forget|learn|learned|are\s+aware|are\s+told|were\s+told)"
    r"\s+that\s+|^it\s+is\s+(?:well\s+known|generally\s+(?:known|admitted|conceded|accepted|agreed))\s+that\s+",
    re.I,
)
# "Our Dense Passage Retriever (DPR) …", "Our DPR …": the thing is named, the possessive adds nothing.
_OUR_NAME_RE = re.compile(r"^(?:[Oo]ur|[Mm]y)\s+(?=[A-Z])")


def standalone_form(sentence: str) -> str:
    """``sentence`` without what only ties it to its neighbours or its author, else ``sentence``.

    Strips linking openers ("However, …"), an author's reporting frame ("We find that …") and
    "Our" before a name, as long as what remains starts a sentence of its own (a lower-case
    plain word is capitalised; an identifier such as "s1" is left, so the sentence stays
    rejected). The result is always a suffix of ``sentence``: its words are the source's.
    """
    text = sentence
    for _ in range(3):
        stripped = _REPORTING_RE.sub("", text, count=1)
        stripped = _LINK_OPENER_RE.sub("", stripped, count=1)
        stripped = _OUR_NAME_RE.sub("", stripped, count=1)
        if stripped == text:
            break
        text = stripped
    if text == sentence:
        return sentence
    first = text.split(" ", 1)[0]
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)*", first):  # "in-batch" too, not an identifier ("s1")
        text = text[:1].upper() + text[1:]
    return text if text[:1].isupper() else sentence


def strip_heading(sentence: str, headings: tuple[str, ...]) -> str:
    """``sentence`` without a heading of its section glued in front of it (PDF and slide text)."""
    for heading in sorted(headings, key=len, reverse=True):
        bare = re.sub(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", heading).strip()
        for head in (heading.strip(), bare):
            if head and len(head) < len(sentence) and sentence.casefold().startswith(head.casefold()):
                rest = sentence[len(head) :].lstrip(" :.-–—")
                if rest[:1].isupper():
                    return rest
    return sentence


def emphasised_spans(text: str) -> list[str]:
    """Terms the author marked in bold or italics, as written, in order, when the text kept the markup.

    Markdown keeps ``**term**``, ``__term__`` and ``*term*``; the DOCX parser writes short
    bold runs as ``**term**`` (see docs/cards.md).
    """
    found: dict[str, str] = {}
    for chunk in without_code_spans(unicodedata.normalize("NFKC", text)):
        for match in EMPH_RE.finditer(chunk):
            term = emphasis_text(match)
            if term is None or match.group("e") is not None:
                continue  # plain-text _italics_ mark foreign words and titles, not terms to learn
            term = collapse_spaces(LINK_RE.sub(r"\1", term)).strip(" .,;:")
            if 1 <= len(term.split()) <= 5:
                found.setdefault(term.casefold(), term)
    return list(found.values())


def emphasised_terms(text: str) -> set[str]:
    """:func:`emphasised_spans`, casefolded."""
    return {term.casefold() for term in emphasised_spans(text)}


def units(text: str) -> list[str]:
    """The text's lines with hard-wrapped prose joined: a line continues the previous one unless
    that one ended a sentence or a label (".", "!", "?", ":") or this one starts a list item."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            out.append("")
            continue
        if out and out[-1] and not out[-1].endswith((".", "!", "?", ":")) and not _ITEM_START_RE.match(line):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
    return [u for u in out if u]


_ITEM_START_RE = re.compile(r"^\s*(?:[-*+•‣▪◦]|\d{1,2}[.)])\s+")


def complete_sentence(sentence: str) -> bool:
    """Starts like a sentence (a capital or a digit, not a lowercase fragment) and ends like one.

    A program's or identifier's own name may start it in lower case when its shape says it is one
    ("asn1Parser reads …", "pthread_create starts …"): a digit, an underscore or a capital inside."""
    first = sentence[:1]
    starts = first.isalnum() and (not first.islower() or _IDENTIFIER_START_RE.match(sentence) is not None)
    return starts and sentence.rstrip('"”’)]').endswith((".", "!"))


_IDENTIFIER_START_RE = re.compile(r"[a-z][a-z]*(?:[0-9_][A-Za-z0-9_]*|[A-Z][A-Za-z0-9_]*)\s")


# Connectives that only order a list of points ("First, …", "However, …"): the rest stands alone.
_DETACHABLE_RE = re.compile(
    r"^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly|however|moreover|furthermore|in addition|"
    r"in general|in practice|in particular|importantly|notably|interestingly|indeed|of course|in fact|"
    r"as a result|in short|in summary|overall|nevertheless|nonetheless|still|also|therefore|thus|hence)"
    r"\s*,\s+",
    re.I,
)
# Author-year and numbered citations inside a sentence: debris on a card, the fact stands without them.
_INLINE_CITATION_RE = re.compile(
    r"\s*\((?:[^()]*?\b(?:19|20)\d\d[a-z]?(?:;[^()]*)?|e\.g\.,[^()]*)\)(?=[\s.,;:])|\s*\[\d+(?:[,–-]\s*\d+)*\]"
)


#: Where a name or an answer lifted from a sentence ends: a clause that adds to it ("…, a Paris
#: maker, who experimented …", "…, which …", "…; …").
ADDED_CLAUSE_RE = re.compile(
    r",\s+(?:who|which|where|whose|and|but|while|whereas|as|for|so|though|although)\b|;"
)


def statement_body(sentence: str) -> str | None:
    """The sentence as a statement of its own, for the extractors that turn one into a question:
    without its connective, citations and final stop (:func:`detach`); ``None`` when it is noise,
    a question, opens on a pronoun or points at something the card cannot show."""
    if noise(sentence) or "?" in sentence:
        return None
    body = detach(sentence).rstrip(".!")
    if PRONOUN_START_RE.match(body) or DANGLING_RE.search(body):
        return None
    return body


# A connective set off by commas inside the sentence ("The notation for the lute, for instance, was
# invented about 1460", "Händel, as before stated, was born in 1685"): the statement reads the same without it
# ("…, however, …", "…, therefore, …", "…, too, …" lean on the sentence before, and stay).
_CONNECTIVE_ASIDE_RE = re.compile(
    r",\s+(?:for\s+instance|for\s+example|indeed|of\s+course|in\s+fact|"
    r"as\s+(?:before|already|previously)\s+(?:stated|said|mentioned)|as\s+we\s+have\s+seen),(?=\s)",
    re.I,
)

# "The Chinese scale is now, as it always has been, one of five notes …": the aside says the statement
# holds at all times, so it reads the same without it (and without the "now" it qualifies).
_ALWAYS_ASIDE_RE = re.compile(
    r"(?:\s+(?:now|still))?,\s+as\s+(?:it|they)\s+(?:always\s+)?(?:has|have|had)\s+(?:always\s+)?been,(?=\s)",
    re.I,
)


def detach(sentence: str) -> str:
    """``sentence`` without a leading list connective, a connective aside, inline citations or figure
    pointers, re-capitalised."""
    text = _INLINE_CITATION_RE.sub("", without_pointer_aside(sentence))
    text = _ALWAYS_ASIDE_RE.sub("", _CONNECTIVE_ASIDE_RE.sub("", text))
    m = _DETACHABLE_RE.match(text)
    if m:
        rest = text[m.end() :]
        text = (
            rest[:1].upper() + rest[1:]
            if rest[:1].islower() and not rest.split(" ", 1)[0][1:].isupper()
            else rest
        )
    return text
