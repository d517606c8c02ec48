"""Where a cloze may begin and end: one whole phrase of the sentence's own statement, nothing beside
it that tells the answer.

A blank that crosses a phrase boundary tests no term ("Higher {{levels result}} in greater
compression": a subject and its verb; "applying the {{list of editing}} instructions": a container
and half a compound), a blank on a verb tests grammar ("easy to temporarily {{disable}} it"), a
blank inside an aside tests a detail the sentence only mentions ("(even in a way that changes
which {{headers}} it depends on)"), and a blank beside its own gloss or figure tests nothing
("({{cornemusa}} or bagpipe)", "there are {{10}} standards, so there are 10 anchor standards").
English patterns only, except the figure (any language) and the aside (any script with brackets).
"""

from __future__ import annotations

import re

from cards.text import STOP_WORDS, words

# "levels", "instructions": a plural noun; "analysis", "status", "class", "physics" are not plurals.
_PLURAL_RE = re.compile(r"^[a-z][a-z-]+[^suiy'’-]s$")
_INVARIANT = frozenset(["series", "species", "means", "news", "lens", "chassis", "kudos"])
# "list of", "set of", "number of": a container; the thing contained is the term.
_CONTAINERS = frozenset(
    [
        "list",
        "lists",
        "set",
        "sets",
        "number",
        "group",
        "groups",
        "series",
        "collection",
        "variety",
        "range",
        "pair",
        "sequence",
        "kind",
        "kinds",
        "type",
        "types",
        "sort",
        "sorts",
        "form",
        "forms",
        "part",
        "parts",
        "lot",
        "lots",
        "amount",
        "way",
        "ways",
    ]
)
# A bare verb: after a modal ("can {{compile}}"), or after "to" with an adverb between ("to
# temporarily {{disable}}": "refers to {{pointers}}" has no adverb, and a noun follows "to" as often).
_VERB_BEFORE_RE = re.compile(
    r"(?:\b(?:will|would|can|could|must|may|might|should|shall|cannot|does|do|did)(?:\s+not)?"
    r"(?:\s+[a-z]+ly)?|\bto\s+[a-z]+ly)\s+$"
)
_NEXT_WORD_RE = re.compile(r"\s+([a-z][a-z-]+)\b")
# ", which {{means programmers}} have to": after a comma and "which"/"who" comes the clause's verb.
_RELATIVE_BEFORE_RE = re.compile(r",\s+(?:which|who)\s+$")
_INFLECTED_RE = re.compile(r"^[a-z]+[^s'’]s$")
_SUBJECT_BEFORE_RE = re.compile(
    r"\b(?:the|these|those|all|both|many|most|some|such|its|their|our|your|several)\s+([a-z][a-z-]+)\s+$",
    re.I,
)
# In an aside, a name the sentence gives is still its point: "(also called a {{drake}})".
_NAMING_IN_ASIDE_RE = re.compile(r"\b(?:called|named|termed|known as|referred to as|also|i\.e\.|or)\b", re.I)
#: An aside of this many words or more is a remark, not a gloss ("(Cairina moschata)", "(MMEL)").
ASIDE_WORDS = 4
_ARTICLE = r"(?:an?\s+|the\s+)?"
_GLOSS_WORDS = r"[^\W\d_][\w-]*(?:\s[^\W\d_][\w-]*)?"
# "({{cornemusa}} or bagpipe)", "the {{carapace}}, or shell,": the answer in other words beside it.
_GLOSS_AFTER_RE = re.compile(rf"^\s*,?\s+or\s+{_ARTICLE}{_GLOSS_WORDS}\s*[),]")
_GLOSS_BEFORE_RE = re.compile(rf"[(,]\s*{_ARTICLE}{_GLOSS_WORDS},?\s+or\s+{_ARTICLE}$")
# … opened by a bracket, a comma, or a naming ("was called a {{paeon}} or paean,")
_GLOSS_OPEN_RE = re.compile(rf"(?:\(|,\s*|\b(?:called|named|termed|known as)\s+){_ARTICLE}$")
_GLOSS_CLOSE_RE = re.compile(r"^\s*[),]")
# "{{cornemusa}} (bagpipe)": one lower-case word in brackets is a translation or a synonym.
_PAREN_GLOSS_RE = re.compile(r"^\s*\((?:or\s+|i\.e\.,?\s+)?[a-z][\w-]*\)")
_FIGURE_RE = re.compile(r"\d+(?:[.,]\d+)*")


def _plural(token: str) -> bool:
    """ "levels" before a verb; "questions per second" is a rate (a function word follows)."""
    return bool(_PLURAL_RE.match(token)) and token not in _INVARIANT


def _gerund(token: str) -> bool:
    """ "editing", "building" (a verb's -ing form), not "string", "thing", "spring"."""
    return token.islower() and token.endswith("ing") and bool(re.search(r"[aeiouy]", token[:-3]))


def _aside(plain: str, start: int, end: int) -> str:
    """The text of the parenthesis around ``start``..``end``, or ""."""
    opened = plain.rfind("(", 0, start)
    if opened == -1 or plain.rfind(")", opened, start) != -1:
        return ""
    closed = plain.find(")", end)
    return plain[opened + 1 : closed] if closed != -1 else ""


def boundary_problem(
    target: str, plain: str, start: int, *, term_of_text: bool = False, section_text: str = ""
) -> str:
    """Why the blank ``target`` at ``start`` in ``plain`` is not one whole phrase to recall, or "".

    ``term_of_text``: the text keeps using or emphasises ``target``: a compound it names
    ("systems programming") is a term even with a plural inside. ``section_text``: where a word
    and its neighbour recur as a compound ("the passage {{encoder}}": "passage encoder").
    """
    end = start + len(target)
    tokens = words(target)
    lowered = [t.casefold() for t in tokens]
    for figure in _FIGURE_RE.findall(target):
        # a part of an identifier ("AD 2018–23–51") is not the figure said again
        if len(re.findall(rf"(?<![\w.,/–-]){re.escape(figure)}(?![\w/–-]|[.,]\d)", plain)) > 1:
            return f"deletion '{target}': its figure is said again in the sentence"
    if _GLOSS_AFTER_RE.match(plain[end:]) and _GLOSS_OPEN_RE.search(plain[:start]):
        return f"deletion '{target}' is given beside it in other words"
    if _GLOSS_BEFORE_RE.search(plain[:start]) and _GLOSS_CLOSE_RE.match(plain[end:]):
        return f"deletion '{target}' is given beside it in other words"
    if _PAREN_GLOSS_RE.match(plain[end:]) and target[:1].islower():
        return f"deletion '{target}' is given beside it in other words"
    aside = _aside(plain, start, end)
    named = _NAMING_IN_ASIDE_RE.search(plain[plain.rfind("(", 0, start) : start])
    if len(words(aside)) >= ASIDE_WORDS and not named and not _FIGURE_RE.search(target):
        return f"deletion '{target}' is in an aside, not what the sentence states"
    if len(tokens) > 1 and lowered[0] in _CONTAINERS and lowered[1] == "of":
        return f"deletion '{target}' names a container ('{tokens[0]} of'), not the thing"
    if not term_of_text and any(
        _plural(t) and tokens[k + 1].casefold() not in STOP_WORDS for k, t in enumerate(tokens[:-1])
    ):
        return f"deletion '{target}' runs from a noun into its verb"
    preceding = _SUBJECT_BEFORE_RE.search(plain[:start])
    before = preceding.group(1) if preceding else ""
    if not term_of_text and target[:1].islower() and _plural(before) and before not in STOP_WORDS:
        # "all the elements {{include glob}} and …": a word right after a plural noun led by a
        # determiner is its verb ("lasts {{one year}}", "contains {{ducks}}": a verb, then its object)
        return f"deletion '{target}' starts at the verb of '{before}'"
    if len(tokens) > 1 and _RELATIVE_BEFORE_RE.search(plain[:start]) and _INFLECTED_RE.match(tokens[0]):
        return f"deletion '{target}' starts at the verb of a relative clause"
    following = _NEXT_WORD_RE.match(plain[end:])
    after = following.group(1) if following else ""
    if after and after not in STOP_WORDS and _gerund(tokens[-1]):
        return f"deletion '{target}' is cut from the phrase '{tokens[-1]} {after}'"
    if len(tokens) == 1 and target.islower() and _VERB_BEFORE_RE.search(plain[:start]):
        return f"deletion '{target}' is a verb"
    if len(tokens) == 1 and section_text:
        compound = _recurring_compound(tokens[0], plain[:start], plain[end:], section_text)
        if compound:
            return f"deletion '{target}' is half of the compound '{compound}' the text keeps using"
    return ""


_LAST_WORD_RE = re.compile(r"(?<![\w.-])([a-z][a-z-]+)\s+$")


def _recurring_compound(word: str, before: str, after: str, section_text: str) -> str:
    """ "the passage {{encoder}}" where the text says "passage encoder" again: the pair, or ""."""
    low = re.sub(r"\s+", " ", section_text).casefold()  # a compound broken over a line is one
    pairs = []
    if preceding := _LAST_WORD_RE.search(before):
        pairs.append(f"{preceding.group(1)} {word}")
    if following := _NEXT_WORD_RE.match(after):
        pairs.append(f"{word} {following.group(1)}")
    for pair in pairs:
        first, second = pair.split(" ")
        if first.casefold() in STOP_WORDS or second.casefold() in STOP_WORDS:
            continue
        if len(re.findall(rf"(?<![\w-]){re.escape(pair.casefold())}(?![\w-])", low)) >= 2:
            return pair
    return ""
