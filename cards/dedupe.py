"""Duplicate cards, within a chunk and across a deck (rubric Q12).

Exact duplicates share :func:`duplicate_key` (sha256 of the normalised front and
back, never the front alone: table rows share fronts). Near duplicates have
fronts with rapidfuzz ``token_set_ratio`` ≥ the threshold *and* backs at least
as similar, scored so that a short answer with a word more is a different
answer (:func:`similarity`); cloze cards compare their full text, answers
included, and two clozes hiding the same answer in nearly the same sentence are one fact
(:func:`same_answer_cloze`). Of a duplicate group
the card that passed more quality checks is kept, the earlier one on a tie.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, utils

from cards.schema import CardDraft, CardKind
from cards.text import cloze_masked, cloze_parts, cloze_plain, normalize

DEFAULT_THRESHOLD = 90


def duplicate_key(front: str, back: str) -> str:
    """The exact-duplicate key of a card (also usable as a stable content id)."""
    return hashlib.sha256((normalize(front) + "\0" + normalize(back)).encode("utf-8")).hexdigest()


def _comparable(front: str, back: str) -> tuple[str, str]:
    """Normalised (front, back); a cloze's front with its answers filled in."""
    return normalize(cloze_plain(front)), normalize(back)


#: Texts with fewer words than this are compared whole (``token_sort_ratio``): in a short
#: answer, the words one side adds are the fact ("amylase" vs "salivary amylase").
SHORT_WORDS = 5


def similarity(a: str, b: str) -> float:
    """0-100 similarity of two normalised texts.

    ``token_set_ratio`` (word order and repeated words ignored, a subset scores 100) for
    longer texts; for short ones ``token_sort_ratio``, which counts the words only one
    side has, so a qualifier that changes the fact lowers the score.
    """
    process = utils.default_process  # punctuation out: "for?" and "for" are one token
    short = min(len(a.split()), len(b.split())) < SHORT_WORDS
    scorer = fuzz.token_sort_ratio if short else fuzz.token_set_ratio
    return float(scorer(a, b, processor=process))


# A name a question quotes as one entry of a list ("the “--leak-check” option", "the 'exit' event",
# "`borrow_mut`"): what it asks about. A straight or curly single quote opens only after a space or
# bracket, so an apostrophe ("Rust's", "don’t") is none.
_QUOTED_NAME_RE = re.compile(r"“([^“”]+)”|(?:(?<=[\s(])|^)['‘]([^'‘’\s][^'‘’]{0,40}?)['’](?![\w])|`([^`]+)`")
# A code name written bare: "subprocess.exitCode", "borrow_mut", "fs.readFile()", "RefCell<T>".
_CODE_NAME_RE = re.compile(r"(?<![\w.])(?=[\w.:<>()]*[._<(])[A-Za-z_][\w]*(?:[.:_][\w]+|<[^<>\s]*>|\(\))+")


def named_things(front: str) -> set[str]:
    """The names a question quotes or writes as code, which tell two otherwise alike questions apart."""
    quoted = {next(g for g in m.groups() if g) for m in _QUOTED_NAME_RE.finditer(front)}
    return quoted | set(_CODE_NAME_RE.findall(front))


def near_duplicate(a: tuple[str, str], b: tuple[str, str], threshold: int = DEFAULT_THRESHOLD) -> bool:
    """Whether two normalised (front, back) pairs say the same thing.

    Fronts must score ≥ ``threshold`` with ``token_set_ratio`` (a question with an added
    qualifier still asks the same thing) *and* the backs must be similar too
    (:func:`similarity`), so "What enzyme breaks down starch?" → "Amylase" and "… in the
    mouth?" → "Salivary amylase" both stay. Cards without backs (cloze) compare their
    whole text, answers included, with ``ratio``.
    """
    process = utils.default_process
    named = named_things(a[0]), named_things(b[0])
    if named[0] - named[1] and named[1] - named[0]:
        # "the default of “--track-origins”" and "… of “--partial-loads-ok”": two options, both "no";
        # "when is the 'close' event emitted?" and "… the 'exit' event …": two events, one answer longer
        return False
    if fuzz.token_set_ratio(a[0], b[0], processor=process, score_cutoff=threshold) == 0:
        return False
    if not a[1] and not b[1]:
        return fuzz.ratio(a[0], b[0], processor=process) >= threshold
    return similarity(a[1], b[1]) >= threshold


def _quality(card: CardDraft) -> int:
    return sum(card.checks.values())


def dedupe(
    cards: Sequence[CardDraft],
    existing: Iterable[tuple[str, str]] = (),
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> list[CardDraft]:
    """``cards`` without duplicates of each other or of ``existing`` (front, back) pairs, order kept."""
    seen_keys = {duplicate_key(f, b) for f, b in existing}
    existing_forms = [_comparable(f, b) for f, b in existing]
    kept: list[CardDraft] = []
    kept_forms: list[tuple[str, str]] = []
    for card in cards:
        key = duplicate_key(card.front, card.back)
        form = _comparable(card.front, card.back)
        if key in seen_keys or any(near_duplicate(form, e, threshold) for e in existing_forms):
            continue
        match = next((i for i, f in enumerate(kept_forms) if _same_kind_family(card, kept[i])
                      and near_duplicate(form, f, threshold)), None)  # fmt: skip
        if match is None:
            match = next((i for i, other in enumerate(kept) if same_answer_cloze(card, other)), None)
        if match is None:
            seen_keys.add(key)
            kept.append(card)
            kept_forms.append(form)
        elif _quality(card) > _quality(kept[match]):
            seen_keys.add(key)
            kept[match], kept_forms[match] = card, form
    return kept


#: Two clozes that hide the same answer in sentences this similar (rapidfuzz ``ratio`` of their
#: texts with the answer masked) teach one fact twice: "the python3 package provides /usr/bin/python3
#: as a {{symlink}} …" and "the python package provides /usr/bin/python2 as a {{symlink}} …".
SAME_ANSWER_RATIO = 70


def same_answer_cloze(a: CardDraft, b: CardDraft) -> bool:
    """Two cloze cards hiding the same answers in nearly the same sentence (see :data:`SAME_ANSWER_RATIO`)."""
    if a.kind is not CardKind.CLOZE or b.kind is not CardKind.CLOZE:
        return False
    answers_a = sorted(normalize(answer) for _, answer in cloze_parts(a.front))
    if not answers_a or answers_a != sorted(normalize(answer) for _, answer in cloze_parts(b.front)):
        return False
    masked_a, masked_b = normalize(cloze_masked(a.front)), normalize(cloze_masked(b.front))
    return fuzz.ratio(masked_a, masked_b, processor=utils.default_process) >= SAME_ANSWER_RATIO


def _same_kind_family(a: CardDraft, b: CardDraft) -> bool:
    # A cloze and a question on the same fact are different exercises; basic and reversed are not.
    return (a.kind is CardKind.CLOZE) == (b.kind is CardKind.CLOZE)


def count_duplicates(cards: Sequence[CardDraft], *, threshold: int = DEFAULT_THRESHOLD) -> int:
    """How many cards :func:`dedupe` would remove."""
    return len(cards) - len(dedupe(cards, threshold=threshold))
