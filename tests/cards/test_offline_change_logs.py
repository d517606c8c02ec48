"""A change log's entries ("Fix memory leak in xsltDocumentElem (David King)") make no cards.

Found on libxslt's site: under "v1.1.34: Oct 30 2019" every line was read as a term and its
definition ("In XSLT, what is Documentation?" / "man page fix (Vincent Lefevre)").
"""

from __future__ import annotations

import pytest

from cards.offline.change_logs import release_heading
from documents.model import SourceRef

from .sample import kept_cards

_RELEASE = (
    "Documentation: man page fix (Vincent Lefevre).\n"
    "Bug fixes: pattern bug fix, key initialization problems (Martin).\n"
    "configure.ac: Invoke PKG_CHECK_MODULES for building shared libraries (Hugh McMaster),\n"
    "xslt-config.in: Adds a --dynamic option to --libs (Hugh McMaster)"
)


@pytest.mark.parametrize(
    "heading",
    ["v1.1.34: Oct 30 2019", "1.1.8: July 5 2004", "Version 2.1 (2020-01-03)", "[1.2.0] - 2019-02-15"],
)
def test_a_release_heading(heading: str) -> None:
    assert release_heading(heading)


@pytest.mark.parametrize("heading", ["3.1. Configuring the build", "Python 3.0", "2.7", "1.1 Introduction"])
def test_a_numbered_topic_is_no_release(heading: str) -> None:
    assert not release_heading(heading)


def test_no_card_from_a_release_in_a_change_log() -> None:
    ref = SourceRef(heading=("libfoo", "v1.1.34: Oct 30 2019"), lines=(1, 4))
    assert kept_cards(_RELEASE, ref) == []


def test_a_section_on_a_topic_still_makes_cards() -> None:
    ref = SourceRef(heading=("libfoo", "Basics"), lines=(1, 1))
    cards = kept_cards("XSLT is a transformation language for XML documents.", ref)
    assert [c.front for c in cards] == ["What is XSLT?"]
