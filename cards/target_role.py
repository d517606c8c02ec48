"""The part a cloze target plays in its sentence: is it the thing the sentence is about?

Rarity alone (:mod:`cards.terms`) cannot tell a term from a word that is rare only in its form.
"Any package that {{installs}} Python modules …", "When a timer's function is called {{varies}}
depending on …": the hidden word is the sentence's verb, and its base ("install", "vary") is
everyday language. "The {{optional}} X-Python3-Version field …": an adjective before the noun it
describes, the noun being the point. "The {{binary package}} python2-doc …", "the {{keyword}}
all …": the kind of a thing whose name stands right beside it, guessed from the name. "instead
of /{{usr}}", "with the {{nodev}} and nosuid options": a piece of a path, one of a pair whose
other half is shown — both test spelling, not knowledge. "not allowed in {{Debian}} package names":
the first half of a compound the text keeps using, its head shown. "represented as 24 {{octets}}": the
unit a number counts in, the number being the point; "{{MIME}} types": an abbreviation in front of
the noun it describes.

:func:`role_problem` says which, from the words around the target (English only: the cues are
English function words); other languages get "".
"""

from __future__ import annotations

import re

from cards.frequency import zipf
from cards.text import STOP_WORDS

#: A base form this common (``wordfreq`` zipf) is everyday language ("install", "vary", "emit").
BASE_ZIPF = 2.5
#: An adjective this common before its noun is a description, not the term ("optional", "special").
MODIFIER_ZIPF = 3.0
#: A coordinated word this rare is a code word ("nodev", "nosuid"), spelled rather than known.
CODE_WORD_ZIPF = 2.5

_WORD_RE = re.compile(r"[^\W_][\w’'./+-]*")
# Who does something: a relative pronoun or a pronoun before a verb ("that {{installs}}").
_SUBJECT_BEFORE = frozenset(["that", "which", "who", "it", "he", "she", "also", "only", "always", "never"])
# Determiners and possessives: what follows them is a noun ("its {{variants}}").
_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "our", "your", "my", "this", "these", "those", "each",
     "every", "some", "any", "no", "all", "both", "many", "several", "other", "of"]
)  # fmt: skip
_PRONOUNS = frozenset(["it", "they", "we", "you", "he", "she", "i"])
_COORDINATORS = frozenset(["and", "or", "but", "nor"])
# What a verb takes after it: an object's determiner or a complement ("{{varies}} depending on").
_OBJECT_AFTER = frozenset(
    ["the", "a", "an", "its", "their", "all", "any", "each", "every", "some", "no", "this", "these", "those",
     "depending", "whether", "how", "what", "more", "less", "only"]
)  # fmt: skip
_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "get", "gets", "got"]
)
# Nouns that name the kind of a thing of a system: a package, a keyword, a field…
_CLASSIFIERS = frozenset(
    ["package", "packages", "keyword", "option", "field", "function", "method", "command", "directory",
     "file", "program", "module", "variable", "flag", "parameter", "attribute", "property", "tool",
     "library", "script", "macro", "trait", "setting", "element", "tag", "header", "binary", "argument",
     "daemon", "service", "user", "group", "target", "variant", "type", "class", "event", "interpreter"]
)  # fmt: skip
_ADJECTIVE_RE = re.compile(r"^[a-z]+(?:ous|ive|able|ible|ful|less|ional|ical)$")  # not "memory", "signal"
_IDENTIFIER_RE = re.compile(r"[\d._/-]|[a-z][A-Z]")


def _base_forms(word: str) -> list[str]:
    """The bases an inflected English word may come from: "installs" → install; "varies" → vary."""
    out: list[str] = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and re.search(r"(?:s|sh|ch|x|z)es$", word):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        out.append(word[:-1])
    if word.endswith("ed") and len(word) > 4:
        out.extend([word[:-2], word[:-1], word[:-3] + "y" if word.endswith("ied") else word[:-2]])
        if len(word) > 5 and word[-3] == word[-4]:
            out.append(word[:-3])  # "stopped" → stop
    return out


def _common_base(word: str) -> str:
    for base in _base_forms(word):
        found = zipf(base, "en")
        if found is not None and found >= BASE_ZIPF and found >= (zipf(word, "en") or 0.0):
            return base
    return ""


def _tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _verb_form(target: str, before: list[str], after: list[str]) -> bool:
    """ "that {{installs}} Python modules", "is called {{varies}} depending on": an inflected verb."""
    word = target
    if not re.fullmatch(r"[a-z]+", word) or not _common_base(word):
        return False
    prev = before[-1].casefold() if before else ""
    nxt = after[0].casefold() if after else ""
    if word.endswith("ed"):
        return prev in _AUXILIARIES or nxt == "by"
    if not word.endswith("s") or prev in _DETERMINERS:
        return False  # a plural noun: "its {{variants}}", "the {{symlinks}}"
    if prev in _COORDINATORS:
        # "functions and {{structs}} can" (a noun); "… than all and {{encodes}} more information" (a verb)
        return nxt in _OBJECT_AFTER
    if nxt in _PRONOUNS:
        return False  # "which {{segments}} it reads": a noun, its clause's subject after it
    return prev in _SUBJECT_BEFORE or nxt in _OBJECT_AFTER


def _modifier(target: str, after: list[str], following: str) -> bool:
    """ "The {{optional}} X-Python3-Version field": a common adjective right before what it describes."""
    if not _ADJECTIVE_RE.match(target) or not after or following[:1] != " ":
        return False
    found = zipf(target, "en")
    return found is not None and found >= MODIFIER_ZIPF and after[0].casefold() not in STOP_WORDS


def _kind_of_shown_name(target: str, before: list[str], after: list[str], following: str) -> bool:
    """ "the {{binary package}} python2-doc", "the {{keyword}} all must …", "the python {{package}}"."""
    last = target.split()[-1].casefold()
    if last not in _CLASSIFIERS or not target[:1].islower():
        return False
    nxt = after[0] if after and following[:1] == " " else ""
    name_after = bool(nxt) and (
        bool(_IDENTIFIER_RE.search(nxt))
        or (nxt.islower() and _code_word(nxt))
        # "the keyword all must be ignored": a word, then the verb the sentence says of it
        or (nxt.islower() and len(after) > 1 and after[1].casefold() in _VERBS_AFTER_NAME)
    )
    name_before = (
        len(before) >= 2
        and before[-2].casefold() == "the"
        and (bool(_IDENTIFIER_RE.search(before[-1])) or _code_word(before[-1]))
    )
    return name_after or name_before


_VERBS_AFTER_NAME = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "must",
        "should",
        "can",
        "will",
        "may",
        "has",
        "does",
        "provides",
        "contains",
    ]
)


_PAIR_AFTER_RE = re.compile(r"^\s+(?:and|or)\s+([a-z][\w-]*)")
_PAIR_BEFORE_RE = re.compile(r"([a-z][\w-]*),?\s+(?:and|or)\s+$")


def _code_word(word: str) -> bool:
    found = zipf(word, "en")
    return found is not None and found < CODE_WORD_ZIPF


def _one_of_a_pair(target: str, plain: str, start: int, end: int) -> bool:
    """ "the {{nodev}} and nosuid options": one of two code words, the other shown beside it."""
    if not re.fullmatch(r"[a-z][\w-]*", target) or not _code_word(target):
        return False
    after = _PAIR_AFTER_RE.match(plain[end:])
    before = _PAIR_BEFORE_RE.search(plain[:start])
    partner = (after.group(1) if after else "") or (before.group(1) if before else "")
    return bool(partner) and _code_word(partner)


def _path_piece(plain: str, start: int, end: int) -> bool:
    """ "instead of /{{usr}}": a one-part path with its slash shown tests spelling."""
    return plain[start - 1 : start] in ("/", "\\") and (start < 2 or not plain[start - 2].isalnum())


_PREPOSITIONS = frozenset(["in", "for", "to", "on", "by", "from", "at", "with", "into", "under", "about"])

# "8 or 16 {{octets}}", "twelve {{inches}}": a count right before the target; the number is the fact.
_COUNT_RE = re.compile(
    r"^(?:\d[\d.,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|dozen)$",
    re.I,
)


_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*")


def _acronym_modifier(target: str, after: list[str], following: str) -> bool:
    """ "{{MIME}} types", "translating {{AFM}} requirements": an abbreviation in front of the noun it
    describes; the blank asks to spell out a label, the noun after it being what the sentence is about."""
    if not _ACRONYM_RE.fullmatch(target) or not after or following[:1] != " ":
        return False
    noun = after[0]
    return (
        bool(re.fullmatch(r"[a-z][a-z-]+", noun))
        and noun not in STOP_WORDS
        and noun not in _VERBS_AFTER_NAME
        and not noun.endswith(("ed", "ly"))
    )


def _unit_of_a_count(target: str, before: list[str]) -> bool:
    """ "keys are represented as 24 {{octets}}": the word a number counts in (a unit, a noun the number
    measures) is read off the sentence, the number is what a student would need to know."""
    return bool(re.fullmatch(r"[a-z][a-z-]*", target)) and bool(before) and bool(_COUNT_RE.match(before[-1]))


def _half_of_a_compound(
    target: str, before: list[str], after: list[str], following: str, section_text: str
) -> bool:
    """ "not allowed in {{Debian}} package names", "their {{binary package}} name": the target opens a
    compound noun the text keeps using (twice or more), whose head is shown after it."""
    if not after or following[:1] != " " or not section_text:
        return False
    head = after[0]
    if not re.fullmatch(r"[a-z][a-z-]{2,}", head) or head in STOP_WORDS or re.search(r"(?:ed|ing|ly)$", head):
        return False
    prev = before[-1].casefold() if before else ""
    if head.endswith("s") and not (prev in _DETERMINERS or prev in _PREPOSITIONS or prev.endswith("ed")):
        return False  # "Rubygems resolves names": a subject and its verb, not "supported Debian releases"
    compound = re.escape(f"{target} {head}".casefold())
    return len(re.findall(rf"(?<![\w-]){compound}(?![\w-])", section_text.casefold())) >= 2


def role_problem(
    target: str, plain: str, start: int, language: str | None = "en", section_text: str = ""
) -> str:
    """Why ``target`` (at ``start`` in the sentence ``plain``) is not what the sentence is about, or "".

    ``section_text``: the text of the card's section, where a compound it opens may recur."""
    if (language or "en").split("-")[0].lower() != "en":
        return ""
    key = target.strip()
    end = start + len(target)
    before, after = _tokens(plain[:start]), _tokens(plain[end:])
    following = plain[end : end + 2]
    if " " not in key and _verb_form(key, before, after):
        return f"deletion '{target}' is the sentence's verb, not a term"
    if " " not in key and _modifier(key, after, following):
        return f"deletion '{target}' describes the word after it, the point is that word"
    if _kind_of_shown_name(key, before, after, following):
        return f"deletion '{target}' is the kind of a name shown beside it"
    if _one_of_a_pair(key, plain, start, end):
        return f"deletion '{target}' is one of a pair whose other half is shown"
    if _acronym_modifier(key, after, following):
        return f"deletion '{target}' is an abbreviation describing the noun after it"
    if " " not in key and _unit_of_a_count(key, before):
        return f"deletion '{target}' is what the number before it counts in, the number is the point"
    if _path_piece(plain, start, end):
        return f"deletion '{target}' is a piece of a path"
    if _half_of_a_compound(key, before, after, following, section_text):
        return f"deletion '{target}' is the first half of the compound '{key} {after[0]}'"
    return ""
