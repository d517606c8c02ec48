"""What stands beside a cloze target: the list it is one item of, the name it is paired with, the
longer name it was cut from.

"the Dorian, {{Phrygian}}, and Lydian", "the {{Iliad}} and the Odyssey", "Walt Disney's {{Donald}}
Duck": the rest of the sentence gives the blank away, or the blank is an arbitrary piece of a
whole. :mod:`cards.terms` asks these when it judges a target.
"""

from __future__ import annotations

import re

from cards.text import words


def capitalised(token: str) -> bool:
    """Opens with a capital: a name, or the first word of a sentence."""
    return token[:1].isupper()


def sentence_initial(before: str) -> bool:
    """``before`` (the text up to a word) ends where a sentence or a quotation starts."""
    stripped = before.rstrip(' "“‘«(—–-')
    return not stripped or stripped.endswith((".", "!", "?", ":", ";", "»", "”"))


def part_of_longer_name(target: str, plain: str, start: int, end: int) -> bool:
    """ "Walt Disney's {{Donald}} Duck", "Board of {{Education}}": a capitalised target cut from a name."""
    tokens = words(target)
    before, after = plain[:start], plain[end:]
    following = re.match(r"\s+([^\W\d_][\w’'\-]*)", after)
    if capitalised(tokens[-1]) and following and capitalised(following.group(1)):
        return True
    if not capitalised(tokens[0]):
        return False
    preceding = re.search(r"([^\W\d_][\w’'\-]*)(\s+(?:of|de|du|des|von|der|van))?\s+$", before)
    if not preceding or not capitalised(preceding.group(1)):
        return False
    return not sentence_initial(before[: preceding.start(1)])


# The comma inside a date ("November 7, 2018"): no list separator.
_DATE_COMMA_RE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}"
    r",(?=\s+\d{4}\b)"
)
# A list's last item after one comma: "X, Y and Z".
_LAST_ITEM_RE = re.compile(r",[^,;:]*?\s(?:and|or)\s")
_LIST_SPLIT_RE = re.compile(r"\s*[,、]\s*(?:(?:and|or|et|ou|und|y)\s+)?|\s+(?:and|or|et|ou|und|y)\s+")


def one_of_a_list(plain: str, start: int, end: int) -> bool:
    """The target is one short item of a list of three or more ("the Dorian, {{Phrygian}}, and Lydian")."""
    # "On May 3, 2019, X did Y" lists nothing: the date's comma is no separator (offsets kept)
    plain = _DATE_COMMA_RE.sub(lambda m: m.group(0)[:-1] + " ", plain)
    clause_start = max(plain.rfind(ch, 0, start) for ch in ';:(“"«')
    ends = [i for ch in ';:)”"».' if (i := plain.find(ch, end)) != -1]
    clause = plain[clause_start + 1 : min(ends) if ends else len(plain)]
    if clause.count(",") + clause.count("、") < 2 and not _LAST_ITEM_RE.search(clause):
        return False  # "except X, Y and Z" is a list of three without a second comma
    rel = start - (clause_start + 1)
    items: list[tuple[int, int]] = []
    last = 0
    for sep in _LIST_SPLIT_RE.finditer(clause):
        items.append((last, sep.start()))
        last = sep.end()
    items.append((last, len(clause)))
    items = [(a, b) for a, b in items if clause[a:b].strip()]
    mine = next((k for k, (a, b) in enumerate(items) if a <= rel <= b), None)
    if mine is None or len(items) < 3:
        return False

    def short(k: int) -> bool:
        return 0 <= k < len(items) and len(words(clause[items[k][0] : items[k][1]])) <= 4

    if short(mine):
        return short(mine - 1) or short(mine + 1)
    tail = rel + (end - start)
    if mine == 0 and clause[tail:].startswith(",") and mine + 2 < len(items):
        # the list's first item ends the words leading into it ("All functions except {{X}}, Y and Z")
        return len(words(clause[slice(*items[1])])) <= 2
    # the first item carries the words leading into the list ("between the {{harpsichord}}, the
    # clavichord, and the piano"): one when the two items after it open with the word before the target
    lead = words(clause[items[mine][0] : rel])
    own = words(clause[rel : items[mine][1]])
    if not lead or len(own) > 2 or mine + 2 >= len(items):
        return False
    after = [words(clause[a:b]) for a, b in items[mine + 1 : mine + 3]]
    opener = lead[-1].casefold()
    return short(mine + 1) and all(item and item[0].casefold() == opener for item in after)


def paired_name(target: str, plain: str, start: int, end: int) -> bool:
    """ "the {{Iliad}} and the Odyssey", "C and {{Python}}": a name coordinated with another name."""
    if not capitalised(target.strip()):
        return False
    quote = "[\"“”'‘’]?"
    after = re.match(rf"{quote},?\s+(?:and|or|et|ou)\s+(?:the\s+)?{quote}([^\W\d_][\w\-]*)", plain[end:])
    before = re.search(rf"([^\W\d_][\w\-]*){quote},?\s+(?:and|or|et|ou)\s+(?:the\s+)?{quote}$", plain[:start])
    partner = (after.group(1) if after else "") or (before.group(1) if before else "")
    return (
        bool(partner) and capitalised(partner) and not (before and sentence_initial(plain[: before.start()]))
    )
