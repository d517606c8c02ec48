"""A phrase's first word as it would be written inside a sentence.

A subject taken from the start of a sentence ("Music may be divided …", "Tuple structs are …")
carries a capital that only its place gave it; a question that puts it mid-sentence must drop
that capital, and keep a name's ("Wagner", "Pan's pipes"). Every frame that moves a phrase asks
here, by the kind of phrase it moves:

* :func:`as_written`: an essay's noun phrase: lower-cased when the word is everyday English or
  the text writes it in lower case elsewhere;
* :func:`as_mid_sentence`: a tutorial's subject: an article, a gerund, or a word the text writes
  in lower case elsewhere;
* :func:`plural_as_mid_sentence`: the same, and a plural whose singular the text writes in lower
  case ("Lists" when the text says "a list can change").

A word the text itself capitalises mid-sentence is a name and never changes.
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.terms import zipf

#: ``wordfreq`` zipf from which a capitalised first word is taken for everyday English ("Music").
KNOWN_ZIPF = 2.5


def as_written(d: Drafter, phrase: str) -> str:
    """``phrase`` with its first word in lower case when only its place capitalised it ("Music may be
    divided …" → "music"; "Fear" → "fear"; "Wagner" stays)."""
    first, _, rest = phrase.partition(" ")
    if first[:1].isupper() and first[1:].islower() and not d.mid_sentence_count(first):
        low = first.lower()
        # a word of everyday English ("Music", "Mortar"), not a name's possessive ("Pan's pipes")
        known = zipf(low, d.lang) >= KNOWN_ZIPF and not re.search(r"['’]s$", first)
        if known or re.search(rf"(?<![\w\-]){low}\b", d.all_text):
            return " ".join(filter(None, [low, rest]))
    return phrase


def as_mid_sentence(d: Drafter, subject: str) -> str:
    """``subject`` as written mid-sentence: "Tuple structs" → "tuple structs", "Re-exporting" → "re-…"."""
    first = subject.split(" ", 1)[0]
    lowered = first.lower()
    if (
        first in ("A", "An", "The")
        or re.fullmatch(r"[A-Z][a-z]+ing(?:-[a-z]+)?|Re-[a-z]+ing", first)
        or (
            re.fullmatch(r"[A-Z][a-z]+(?:-[a-z]+)*", first)
            and not d.mid_sentence_count(first)
            and re.search(rf"(?<![\w-]){lowered}\b", d.all_text)
        )
    ):
        return lowered + subject[len(first) :]
    return subject


def plural_as_mid_sentence(d: Drafter, subject: str) -> str:
    """``subject`` as written mid-sentence (:func:`as_mid_sentence`), and "Lists" → "lists" when the
    text writes the word's singular in lower case ("a list can change"): a noun capitalised only
    because it opens the sentence."""
    subject = as_mid_sentence(d, subject)
    first, _, rest = subject.partition(" ")
    singular = rf"(?<![\w-]){re.escape(first[:-1].lower())}\b"
    if (
        re.fullmatch(r"[A-Z][a-z]+s", first)
        and not d.mid_sentence_count(first)
        and re.search(singular, d.all_text)
    ):
        return f"{first.lower()} {rest}".strip()
    return subject
