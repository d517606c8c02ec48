"""What a Korean rule requires under a stated condition: how it must be done, asked in Korean.

"약관의 뜻이 명백하지 아니한 경우에는 고객에게 유리하게 해석되어야 한다." → "약관의 뜻이 명백하지 아니한
경우에는 어떻게 해석되어야 하는가?" / "고객에게 유리하게".

The sentence is a requirement ("…어야 한다", "…여야 한다": what must be done) with its condition
("… 경우에는", "… 때에는") or its subject ("약관은") named before it; the answer is what
the rule prescribes, the one to three words between that and the verb, ending on an adverb
of manner ("유리하게", "공정하게", "신중히"), which the question asks with "어떻게". A
requirement the text only argues for ("…할 필요가 있다") is an appeal
(:mod:`cards.statements`) and makes no card; nor does one that points elsewhere.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.statements import reading_length, statement_problem
from documents.model import Section

# The condition or the subject, then what is prescribed, then the verb of obligation.
_REQUIREMENT_RE = re.compile(
    r"^(?P<given>.*?(?:경우에는|때에는|경우에|때에|[\uac00-\ud7a3]{2,}(?:은|는)))\s"
    r"(?P<how>[^\s,]+(?:\s[^\s,]+){0,2}?)\s"
    r"(?P<verb>[\uac00-\ud7a3]+(?:어야|아야|여야))\s?(?:한다|함)\.?$"
)
# What a rule prescribes ends on an adverb of manner: "유리하게", "신중히".
_MANNER_RE = re.compile(r"[\uac00-\ud7a3](?:게|히)$")
_POINTING_RE = re.compile(r"(?:^|\s)(?:이|그|이러한|그러한|해당|상기|위|동|이를|이는)(?=\s)")

#: The longest sentence such a card is made of, in English-word equivalents.
MAX_READING_LENGTH = 35


def korean_requirement(d: Drafter, section: Section, sentence: str) -> None:
    """The question of how ``sentence`` requires something be done (see the module docstring)."""
    if d.lang != "ko" or CardKind.BASIC not in d.kinds or noise(sentence):
        return
    text = re.sub(r"^\d{1,2}\s(?=[\uac00-\ud7a3])", "", sentence.strip())  # a clause's number: "2 약관의 …"
    if not 8 <= reading_length(text) <= MAX_READING_LENGTH or statement_problem(text, d.lang):
        return
    m = _REQUIREMENT_RE.match(text)
    if not m or _POINTING_RE.search(f" {text}") or not _MANNER_RE.search(m.group("how")):
        return
    question = f"{m.group('given')} 어떻게 {m.group('verb')} 하는가?"
    d.add(section, CardKind.BASIC, question, m.group("how"), sentence, 0)
