"""Sentences an API reference or a tutorial writes against what stands beside them, not on a card.

Under a parameter's entry the reference leaves out whose value it speaks of ("If set to a positive
integer less than 10, then the value 10 will be used instead", "If true, …": set what, what is
true?); before a listing the text announces it ("Following is an example of a client using the
port and onread option"), and what it shows is in the listing, which no card carries.
"""

from __future__ import annotations

import re

# A condition whose subject is left out, as an API reference writes under a parameter's entry: "If set
# to a positive integer less than 10, …", "If true, …". Set what, what is true? (A participle alone
# shares the main clause's subject: "If omitted, the port defaults to 80" stands alone.)
_ELIDED_CONDITION_RE = re.compile(
    r"^(?:if|when|whenever|unless|once)\s+(?:not\s+)?(?:set\s+(?:to|as)|true|false|null|undefined|"
    r"empty|zero|non-zero|nonzero|positive|negative)\b",
    re.I,
)

# A sentence that introduces the listing after it: "Following is an example of …", "The following code
# …", "Here is an example …", "Below is …". What it shows is in the listing, which no card carries.
_SHOWN_BELOW_RE = re.compile(
    r"^(?:(?:the\s+)?following\s+(?:is|are|example|examples|code|snippet|listing|program)\b|"
    r"(?:here|below)\s+(?:is|are)\b)",
    re.I,
)


def leans_on_an_entry_or_listing(sentence: str) -> bool:
    """``sentence`` opens on a condition whose holder is left out, or introduces the listing after it."""
    return bool(_ELIDED_CONDITION_RE.match(sentence) or _SHOWN_BELOW_RE.match(sentence))
