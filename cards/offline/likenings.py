"""The author's images and estimates: what a thing may be likened to, whom it may be considered.

Read by :func:`cards.offline.claims.claims` on a sentence's statement body, and asked as the
author's ("According to the author, …"):

* what the author likens a thing to, "Folk music may be likened to a twig which has fallen into a
  salt mine, …" → "According to the author, what may folk music be likened to?" / "A twig which has
  fallen into a salt mine" (the image up to its first comma; "To my mind, …" is the author's too);
* what the author considers a thing or a person to be, "David may be considered the founder of Hebrew
  music, …" → "According to the author, who may be considered the founder of Hebrew music?" / "David"
  ("regarded as" likewise; "who" for a name the text writes mid-sentence or a person's role; of a
  thing, the role is the answer, "Analysis may be considered as the reducing of …" → "According to
  the author, what may analysis be considered?"; an aside between the two left out; never a role
  that points elsewhere, "of our art", "this style").
"""

from __future__ import annotations

import re

from cards.offline.casing import as_written
from cards.offline.claim_frames import POINTER_RE, according, framed, lower_article, says_what
from cards.offline.clean import trim_answer
from cards.offline.drafter import Drafter
from cards.offline.superlatives import PERSON_ROLE_RE
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_LIKENED_RE = re.compile(
    r"^(?:(?:To\s+my\s+mind|In\s+my\s+opinion|To\s+me),\s+)?(?P<subject>[A-Za-z][^,;:()]{2,80}?)\s+"
    r"(?P<modal>may|might|can|could|is\s+to|are\s+to)\s+(?:well\s+|fairly\s+|justly\s+)?be\s+likened\s+to\s+"
    r"(?P<answer>[^,;:()]{3,120})"
)
# "David may be considered the founder of Hebrew music", "Analysis may be considered as the reducing of …"
_CONSIDERED_RE = re.compile(
    r"^(?P<holder>[A-Z][^,;:()]{1,80}?)(?:,\s+[^;]{2,200}?,)?\s+(?:may|might|can|must)\s+"
    r"(?:well\s+|justly\s+|fairly\s+|safely\s+)?be\s+(?P<verb>considered|regarded)(?:\s+as)?\s+"
    r"(?P<role>the\s+[^;:,()]{3,100}?)(?=\s+as\s+well\s+as\b|\s*--|\s*[—–]|,|;|$)"
)
# A role only a person holds, beyond superlatives.py's list: "the father of modern physics".
_FOUNDER_RE = re.compile(r"\b(?:father|mother|creator|originator|pioneer|apostle|prophet|champion)$")
# What a role may say of its holder without pointing elsewhere: "… of his time", "… to its elements".
_OWN_POSSESSIVE_RE = re.compile(r"\b(?:his|her|its|their)\b", re.I)


def likened(d: Drafter, section: Section, sentence: str, body: str) -> None:
    """ "Folk music may be likened to a twig …" → "According to the author, what may folk music be
    likened to?"."""
    m = _LIKENED_RE.match(body)
    if not m:
        return
    subject = as_written(d, m.group("subject"))
    subject = subject[:1].lower() + subject[1:] if re.match(r"[A-Z][a-z]+ing\b", subject) else subject
    if POINTER_RE.search(subject) or word_count(subject) > 10 or not says_what(d, subject):
        return
    answer = trim_answer(m.group("answer"))
    if not 2 <= word_count(answer) <= 15 or POINTER_RE.match(answer):
        return
    modal = " ".join(m.group("modal").split())
    if modal.startswith(("is ", "are ")):
        question = f"{according(d)}what {modal.split()[0]} {lower_article(subject)} to be likened to?"
    else:
        question = f"{according(d)}what {modal} {lower_article(subject)} be likened to?"
    if re.match(r"(?:the|a|an)\s+(?:first|second|third|fourth|fifth|last|next|other|rest)\b", subject, re.I):
        return  # "The second movement may be likened to …": of which series?
    if re.match(r"(?:the|a|an)\s", subject, re.I):  # "the violin" needs its chapter; "folk music" is a field
        question = framed(d, section, question, subject)
    if question:
        d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)


def considered(d: Drafter, section: Section, sentence: str, body: str) -> None:
    """ "David may be considered the founder of Hebrew music" → "According to the author, who may be
    considered the founder of Hebrew music?" / "David"."""
    m = _CONSIDERED_RE.match(body)
    if not m:
        return
    holder, role = m.group("holder").strip(), m.group("role").strip()
    if POINTER_RE.search(holder) or POINTER_RE.search(_OWN_POSSESSIVE_RE.sub("", role)):
        return
    if not 1 <= word_count(holder) <= 8 or not 3 <= word_count(role) <= 15 or not says_what(d, role):
        return
    if re.match(r"the\s+(?:first|second|third|fourth|fifth|last|next|other|rest|same|one)\b", role, re.I):
        return  # "the second of these": of which series?
    head = re.split(r"\s+(?:of|in|among|to)\s+", role, maxsplit=1)[0]  # "the founder" of "… of Hebrew music"
    capitals = [w for w in holder.split() if w[:1].isupper()]
    named = bool(capitals) and all(d.mid_sentence_count(w) for w in capitals)
    role_of_a_person = bool(PERSON_ROLE_RE.search(head) or _FOUNDER_RE.search(head))
    # a name, never an article's capital ("The skyscraper may be regarded as the child of …")
    person = holder[:1].isupper() and not re.match(r"(?:The|A|An)\s", holder) and (named or role_of_a_person)
    written = holder if person else as_written(d, holder)
    first = written.split(" ", 1)[0]
    if first != holder.split(" ", 1)[0] and not re.search(rf"(?<![\w\-]){re.escape(first)}\b", d.all_text):
        return  # "Newton" never written in lower case: a name after all, of a role this cannot tell
    if not person and re.match(r"(?:the|a|an)\s", written, re.I) and not says_what(d, written):
        return  # "The result may be considered …": which result? ("Analysis", a field, says itself)
    verb = "be regarded as" if m.group("verb") == "regarded" else "be considered"
    if person:  # who holds the role: "David" founded Hebrew music
        question, answer = f"{according(d)}who may {verb} {role}?", written
    else:  # what a thing is taken to be: "analysis" is "the reducing of …"
        question, answer = f"{according(d)}what may {lower_article(written)} {verb}?", role
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
