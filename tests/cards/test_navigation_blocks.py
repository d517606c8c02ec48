"""A generated site's links ("Indices and tables", "Next topic") are never made into cards."""

from __future__ import annotations

from cards.offline.clean import skip_section
from cards.offline.navigation import navigation_block
from documents.model import Section, SourceRef

from .sample import kept_cards


def _section(text: str, *heading: str) -> Section:
    return Section(text, SourceRef(heading=heading or ("Guide",)))


def test_navigation_blocks_by_heading_or_by_their_links() -> None:
    assert navigation_block(_section("- Index\n- Module Index\n- Search Page", "Indices and tables"))
    assert navigation_block(_section("Triggers\nShow Source", "Guide", "Next topic"))
    assert navigation_block(_section("Index\nSearch Page\nNext: Installing the daemon"))
    assert skip_section(_section("- Index\n- Module Index\n- Search Page", "Indices and tables"))


def test_content_that_mentions_an_index_is_not_navigation() -> None:
    assert not navigation_block(
        _section("An index maps each key to the rows that hold it.", "Indexes in SQL")
    )
    assert not navigation_block(_section("- red\n- green\n- blue", "Primary colours"))
    assert not navigation_block(
        _section("Index\nA B-tree index keeps its keys sorted, so range queries walk its leaves in order.")
    )


def test_no_card_from_a_sphinx_footer_or_a_list_of_links() -> None:
    ref = SourceRef(heading=("Indices and tables",), lines=(1, 3))
    assert kept_cards("Indices and tables:\n- Index\n- Module Index\n- Search Page", ref) == []
    links = SourceRef(heading=("Guide",), lines=(1, 4))
    assert kept_cards("Useful pages:\n- Index\n- Module Index\n- Search Page", links) == []
    # the same shape with content is a list card
    colours = kept_cards("The three primary colours are:\n- red\n- green\n- blue", links)
    assert [c.front for c in colours] == [
        "The three primary colours are: {{c1::red}}; {{c2::green}}; {{c3::blue}}"
    ]
