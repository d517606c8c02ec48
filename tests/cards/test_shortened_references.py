"""A card's sentence that shortens a name the text gave just before ("the checklist", "the list"), or
points at a figure or a line of a listing, does not stand on its own (cards.anaphora, gate rule Q7)."""

from __future__ import annotations

from cards.anaphora import points_at_figure, shortened_reference
from cards.offline.pointers import without_pointer_aside
from cards.quality import check_self_contained
from cards.schema import CardDraft, CardKind
from documents.model import SourceRef

SECTION = (
    "Pilots follow the engine fire checklist when a warning light comes on. "
    "The checklist would be revised to add a step that closes the fuel valve. "
    "A trie is a tree of characters shared by common prefixes. "
    "The tree is walked from the root for every lookup in a trie. "
    "Rust lets a type refer to itself through a box. "
    "In Rust, a cons list is made of nested pairs. "
    "The last item in the list contains only a value called Nil without a next item."
)


def _card(sentence: str) -> CardDraft:
    target = sentence.split()[-1].rstrip(".")
    return CardDraft(
        CardKind.CLOZE,
        sentence.replace(target, "{{c1::" + target + "}}", 1),
        "",
        SourceRef(page=1),
        source_span=sentence,
    )


def test_a_bare_noun_that_shortens_the_name_given_just_before_is_refused() -> None:
    checklist = "The checklist would be revised to add a step that closes the fuel valve."
    assert "engine checklist" in shortened_reference(checklist, checklist, SECTION) or "fire checklist" in (
        shortened_reference(checklist, checklist, SECTION)
    )
    nil = "The last item in the list contains only a value called Nil without a next item."
    assert "cons list" in shortened_reference(nil, nil, SECTION)
    ok, why = check_self_contained(_card(nil), "en", SECTION)
    assert not ok and "shortens" in why


def test_descriptions_that_say_which_one_or_have_no_fuller_name_before_pass() -> None:
    # no "<word> tree" named before it
    tree = "The tree is walked from the root for every lookup in a trie."
    assert shortened_reference(tree, tree, SECTION) == ""
    # identified on the card: by "of", by a name after it, by its own describing word, by the card itself
    for sentence in (
        "The list of pairs ends with a value called Nil.",
        "The checklist ENG-7 would be revised to add a step.",
        "The engine checklist would be revised to add a step.",
        "A cons list ends where the list holds only a value called Nil.",
    ):
        text = SECTION.replace(
            "The last item in the list contains only a value called Nil without a next item.", sentence
        )
        assert shortened_reference(sentence, sentence, text) == "", sentence
    # a relative clause says which one: "the spot it marked"
    spot = "The allocator returns a pointer: the address of the spot it marked."
    text = "The allocator finds an empty spot in the heap and marks it as being in use. " + spot
    assert shortened_reference(spot, spot, text) == ""
    # a sentence that the section does not hold has nothing before it
    assert shortened_reference("The list is long.", "The list is long.", SECTION) == ""
    ok, _ = check_self_contained(_card("In Rust, a cons list is made of nested pairs."), "en", SECTION)
    assert ok


def test_pointers_at_a_figure_or_a_line_of_a_listing() -> None:
    assert points_at_figure("As is shown, a retriever trained on 1,000 examples beats the baseline.")
    assert points_at_figure("The query is cheaper, as can be seen in the benchmark.")
    assert points_at_figure("The second line shows a fully annotated closure definition.")
    assert points_at_figure("The first time a new daemon runs, it rebuilds every cache.") == ""
    assert points_at_figure("As is the case with every lock, the holder must release it.") == ""
    ok, _ = check_self_contained(_card("The second line shows a fully annotated closure definition."), "en")
    assert not ok


def test_a_leading_pointer_is_dropped_when_the_rest_stands_alone() -> None:
    assert (
        without_pointer_aside("As is shown, a retriever trained on 1,000 examples beats the baseline.")
        == "A retriever trained on 1,000 examples beats the baseline."
    )
    assert without_pointer_aside("As is shown in Figure 3, DPR beats BM25.") == "DPR beats BM25."
    assert (
        without_pointer_aside("As is the case with locks, X holds.") == "As is the case with locks, X holds."
    )
