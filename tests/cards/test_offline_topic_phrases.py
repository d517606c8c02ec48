"""A cloze target made only of the chunk's topic words hides the topic in other words."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.offline.targets import targets
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

OPTIONS = GenerationOptions(max_cards=40, kinds=[CardKind.CLOZE])
SENTENCE = (
    "Dense retrieval can outperform and potentially replace the traditional sparse retrieval component in "
    "open-domain question answering."
)
# The chunk keeps using both phrases, so that either is a term of the text.
CONTEXT = " ".join(["Question answering needs sparse retrieval components."] * 3)


def _targets(topics: set[str]) -> list[str]:
    section = Section(f"{SENTENCE} {CONTEXT}", SourceRef(page=9, heading=("8 Conclusion",)))
    chunk = Chunk(0, (section,), heading=("8 Conclusion",), page_start=9, page_end=9)
    return [
        t for _, t in targets(SENTENCE, Drafter(chunk, OPTIONS, "en"), topics, set(), limit=20, loose=True)
    ]


def test_a_phrase_of_topic_words_is_no_target() -> None:
    found = _targets({"question", "answering", "open-domain", "dense"})
    assert "question answering" not in found and "open-domain question answering" not in found
    assert found  # the sentence still has its other terms ("sparse retrieval component", …)


def test_a_phrase_with_one_word_off_the_topic_still_is() -> None:
    # "answering" is not a topic word here: "question answering" names something the chunk is not about
    assert "question answering" in _targets({"question", "open-domain", "dense"})
