"""A sentence whose every card the gate refuses is given back to the key-term cloze."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.schema import CardKind, GenerationOptions
from cards.text import normalize
from documents.model import Section, SourceRef

from .sample import chunk

REFUSED = "The gourd is a kind of squash in which thirteen pipes of bamboo are inserted."
KEPT = "The sheng is a mouth organ played in the orchestras of the Chinese court."


def _drafter() -> tuple[Drafter, Section]:
    d = Drafter(chunk(Section(f"{REFUSED} {KEPT}", SourceRef(page=1))), GenerationOptions(max_cards=10), "en")
    return d, d.prepared[0][0]


def test_a_sentence_whose_only_card_is_refused_is_free_again() -> None:
    d, section = _drafter()
    d.add(section, CardKind.BASIC, "What is the gourd?", "A kind of squash", REFUSED, 0)
    d.add(section, CardKind.BASIC, "What is the sheng?", "A mouth organ", KEPT, 0)
    d.release_refused([2, 0])
    assert normalize(REFUSED) not in d.used_sentences
    assert normalize(KEPT) in d.used_sentences


def test_a_sentence_with_one_kept_card_stays_used() -> None:
    d, section = _drafter()
    d.add(section, CardKind.BASIC, "What is the gourd?", "A kind of squash", REFUSED, 0)
    d.add(section, CardKind.BASIC, "What is inserted in the gourd?", "Thirteen pipes of bamboo", REFUSED, 0)
    d.release_refused([2, 1])  # the second card is kept (flagged for review): no cloze beside it
    assert normalize(REFUSED) in d.used_sentences
