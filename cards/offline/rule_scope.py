"""What a rule covers and what it requires, with the rule or the party named.

A regulation's dates, agencies and docket numbers are boilerplate; what a student of it keeps is
whom or what it applies to and what it requires of whom:

* "AD 2018–23–51 applies to all 737 MAX airplanes." and "… supersede Airworthiness Directive (AD)
  2018–23–51, which applies to all … airplanes." → "What does AD 2018–23–51 apply to?" / "All 737
  MAX airplanes" (the rule named by its identifier: an acronym and a number; "This AD applies to
  …" names no rule a student could tell from another, so it makes no card);
* "Operators with an existing MEL would be required to incorporate more restrictive provisions …"
  → "What would operators with an existing MEL be required to do?" / "Incorporate more
  restrictive provisions …" (the party a plural noun phrase opening the sentence: who must act);
* "An AMOC is required for any deviations to RC steps." → "What is required for any deviations to
  RC steps?" / "An AMOC" (what is required named by a name or an acronym).

The answer ends before an aside that qualifies it (", certificated in any category", ", as
identified in …", ", including …"); nothing that points elsewhere ("this AD", "the following",
"certain provisions") makes a card.
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, detach, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

# A rule named by its identifier: "AD 2018–23–51", "Airworthiness Directive (AD) 2018–23–51",
# "Regulation (EU) 2016/679", "Part 39".
_ID = r"[\w–—./-]*\d[\w–—./-]*"
_RULE = rf"(?:(?:[A-Z][a-z]+\s+){{1,3}}\([A-Z]{{2,6}}\)|[A-Z]{{2,6}}|Part|Section|Article|Rule)\s+{_ID}"
_APPLIES_RE = re.compile(
    rf"(?P<rule>{_RULE})(?:,\s+which\s+|\s+)(?:also\s+)?(?:only\s+)?applies\s+(?:only\s+)?to\s+(?P<scope>[^;]{{4,200}})$"
)
# "Operators with an existing MEL would be required to …": a plural party, then what it must do.
_REQUIRED_RE = re.compile(
    r"^(?P<party>[A-Z][a-z]+(?:\s+[^\s,;]+){0,8}?)\s+(?P<modal>would|will|are|shall)\s+(?:be\s+)?"
    r"(?:also\s+)?required\s+to\s+(?P<deed>[^;]{6,200})$"
)
# "An AMOC is required for …": what is required, a name or an acronym, then its purpose.
_REQUIREMENT_RE = re.compile(
    r"^(?P<what>(?:An?|The)\s+(?:[\w-]+\s+){0,3}?[A-Z][\w-]*[A-Z][\w-]*)\s+is\s+(?:also\s+)?required\s+"
    r"for\s+(?P<purpose>[^;]{6,120})$"
)
# Where the answer ends: an aside that qualifies it.
_ASIDE_END_RE = re.compile(
    r",\s+(?:certificated|as|which|where|except|including|if|unless|when|and|but|because|so)\b"
)
# "Applicability AD 2018–23–51 applies to …": a run-in heading before the rule, not part of the sentence
_RUN_IN_HEADING_RE = re.compile(r"(?:[A-Z][\w/-]*\s+){1,3}")
_OPENER_RE = re.compile(r"^(?:[A-Z][a-z]+ly|Also|Then|Next),\s+")
_POINTING_RE = re.compile(r"\b(?:this|these|those|that|such|certain|same|it|its|they|their)\b", re.I)


def _clause(text: str) -> str:
    return _ASIDE_END_RE.split(text, maxsplit=1)[0].strip(" ,.")


def rule_scope(d: Drafter, section: Section, sentence: str) -> None:
    """The cards of "X applies to Y", "Party would be required to Z" and "An X is required for Y"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    body = detach(sentence).rstrip(".")
    if DANGLING_RE.search(body):
        return
    if m := _APPLIES_RE.search(body):
        quoted = sentence
        if _RUN_IN_HEADING_RE.fullmatch(body[: m.start()]) and m.group("rule") in sentence:
            quoted = sentence[
                sentence.index(m.group("rule")) :
            ]  # the card quotes the sentence, not its heading
        _applies(d, section, quoted, m.group("rule"), m.group("scope"))
    # "Finally, operators … would be required to …": the opener only links it to the sentence before
    unlinked = _OPENER_RE.sub("", body, count=1)
    unlinked = unlinked[:1].upper() + unlinked[1:]
    if m := _REQUIRED_RE.match(unlinked):
        _required_of(d, section, sentence, m.group("party"), m.group("modal"), m.group("deed"))
    if m := _REQUIREMENT_RE.match(body):
        _requirement(d, section, sentence, m.group("what"), m.group("purpose"))


def _applies(d: Drafter, section: Section, sentence: str, rule: str, scope: str) -> None:
    """ "AD 2018–23–51 applies to all 737 MAX airplanes" → "What does AD 2018–23–51 apply to?"."""
    # "Airworthiness Directive (AD) 2018–23–51" is asked by its short name, as the text goes on to call it
    short = re.sub(r"^(?:[A-Z][a-z]+\s+){1,3}\(([A-Z]{2,6})\)", r"\1", rule)
    answer = _clause(scope)
    if not 2 <= word_count(answer) <= 25 or _POINTING_RE.search(answer):
        return
    question = f"What does {short} apply to?"
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 0)


def _required_of(d: Drafter, section: Section, sentence: str, party: str, modal: str, deed: str) -> None:
    """ "Operators with … would be required to …" → "What would operators with … be required to do?"."""
    first = party.split(" ", 1)[0].casefold()
    if first in STOP_WORDS or PRONOUN_START_RE.match(party) or _POINTING_RE.search(party):
        return
    if not any(re.fullmatch(r"[a-z]+[^s]s", w) for w in party.casefold().split()[:3]):
        return  # a party is a group ("operators", "harbour operators"): who must act
    answer = _clause(deed)
    if not 3 <= word_count(answer) <= 25 or _POINTING_RE.search(" ".join(answer.split()[:4])):
        return  # "incorporate certain provisions": which?
    party = party[:1].lower() + party[1:] if not party.split(" ", 1)[0].isupper() else party
    question = {
        "would": f"What would {party} be required to do?",
        "will": f"What will {party} be required to do?",
        "shall": f"What shall {party} be required to do?",
        "are": f"What are {party} required to do?",
    }[modal]
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 0)


def _requirement(d: Drafter, section: Section, sentence: str, what: str, purpose: str) -> None:
    """ "An AMOC is required for any deviations to RC steps" → "What is required for any deviations …?"."""
    purpose = _clause(purpose)
    if not 3 <= word_count(purpose) <= 16 or _POINTING_RE.search(purpose):
        return
    d.add(section, CardKind.BASIC, f"What is required for {purpose}?", what, sentence, 0)
