"""Plain text keeps its headings: chapter lines, numbered titles in capitals, underlined titles."""

from __future__ import annotations

from documents import DocumentKind, ParseLimits, parse_document_in_process
from documents.parsers.text import parse_plain_text, text_sections
from documents.text_headings import TextHeading, block_heading, recase
from tests.conftest import corpus_file


def _headings(text: str) -> list[tuple[str, ...]]:
    """The heading path of each paragraph."""
    return [s.source.heading for s in text_sections(text)]


def _texts(text: str) -> list[str]:
    return [s.text for s in text_sections(text)]


def test_chapter_lines_head_their_paragraphs() -> None:
    text = (
        "BOOK ONE\n\nCHAPTER I.\n\nThe Arrival\n\nThe ship came in at dawn.\n\n"
        "CHAPTER II. THE STORM\n\nThe wind rose at noon.\n\nChapter 3\nAt Sea Again\n\nThey sailed on.\n"
    )
    assert _headings(text) == [
        ("Book One", "Chapter I. The Arrival"),
        ("Book One", "Chapter II. The Storm"),
        ("Book One", "Chapter 3. At Sea Again"),
    ]
    assert _texts(text) == ["The ship came in at dawn.", "The wind rose at noon.", "They sailed on."]


def test_a_sentence_naming_a_chapter_is_no_heading() -> None:
    text = "Chapter 3 shows how the ship was built.\n\nPart two of the crew stayed ashore, the rest sailed.\n"
    assert _headings(text) == [(), ()]
    assert len(_texts(text)) == 2


def test_chapter_line_followed_by_a_sentence_takes_no_title() -> None:
    text = "CHAPTER IV\n\nIt was a dark and stormy night.\n"
    assert _headings(text) == [("Chapter IV",)]
    assert _texts(text) == ["It was a dark and stormy night."]


def test_roman_numeral_then_title_in_capitals() -> None:
    text = (
        "I\n\nTHE ORIGIN OF MUSIC\n\nMusic began with a cry.\n\n"
        "II\n\nORIGIN OF SONG vs. ORIGIN OF INSTRUMENTAL MUSIC\n\nSong came first.\n\n"
        "XVIII\n\nOPERA (Continued)\n\nThe opera grew.\n"
    )
    assert _headings(text) == [
        ("I. The Origin of Music",),
        ("II. Origin of Song vs. Origin of Instrumental Music",),
        ("XVIII. Opera (Continued)",),
    ]


def test_roman_numeral_before_verse_or_index_entries_takes_no_title() -> None:
    # A stanza's number heads the stanza; the verse stays text, its lines no heading.
    poem = "I\n\nThe woods are lovely, dark and deep,\nBut I have promises to keep.\n"
    assert _headings(poem) == [("I",)]
    assert _texts(poem) == ["The woods are lovely, dark and deep,\nBut I have promises to keep."]
    # An index's letter ("V.") over its entries, a numeral over a short line in lower case
    assert block_heading(["V."], ["  Vaudeville, 207.", "  Vedas, 36, 39."]) == TextHeading("V", 2, 1)
    assert block_heading(["IV"], ["and then the rain came"]) == TextHeading("IV", 2, 1)
    # A word that is no numeral: not "I" alone
    assert block_heading(["Ill"], ["THE ORIGIN OF MUSIC"]) is None


def test_numeral_and_title_on_one_line() -> None:
    text = (
        "I.\n\n[Illustration]\n\nMarie est là.\n\nII. Papa se fâche.\n\nLe petit Paul est monté.\n\n"
        "VIII. Paul est guéri, mais comment?\n\nIl chante.\n"
    )
    assert _headings(text) == [
        ("I",),
        ("I",),
        ("II. Papa se fâche",),
        ("VIII. Paul est guéri, mais comment?",),
    ]


def test_numbered_line_that_is_no_title() -> None:
    # A long sentence, a list item running on, a table row
    sentence = "I. The committee met on Tuesday and agreed on every point that was raised."
    assert block_heading([sentence]) is None
    assert block_heading(["II. Papa se fâche,", "et Paul pleure."]) is None
    assert block_heading(["III. Voilà      9"]) is None


def test_setext_underlined_titles() -> None:
    text = (
        "TRIGGERS\n========\n\nIntroduction\n------------\n\nA trigger is a facility.\n\n"
        "Concepts\n--------\nEach trigger is named.\n\n=====\nUsage\n=====\n\nRun it.\n"
    )
    assert _headings(text) == [("Triggers", "Introduction"), ("Triggers", "Concepts"), ("Usage",)]
    assert _texts(text) == ["A trigger is a facility.", "Each trigger is named.", "Run it."]


def test_a_sentence_over_a_rule_or_a_table_header_is_no_setext_title() -> None:
    assert block_heading(["The rest of the text follows below.", "-----"]) is None
    assert block_heading(["Name      Size", "----      ----", "a.txt     12"]) is None
    assert block_heading(["Total, with tax:", "=========="]) is None


def test_numbered_section_titles() -> None:
    text = (
        '  0. Definitions.\n\n  "This License" refers to version 3.\n\n'
        "14. Revised Versions of this License\n\nThe Foundation may publish revised versions.\n\n"
        "3.1.  Message Types\n\nThere are two types.\n"
    )
    assert _headings(text) == [
        ("0. Definitions",),
        ("14. Revised Versions of this License",),
        ("14. Revised Versions of this License", "3.1. Message Types"),
    ]


def test_numbered_list_items_are_no_section_titles() -> None:
    assert block_heading(["1. Install the package."]) is None
    assert block_heading(["2. Run make check before you send a patch"]) is None
    assert block_heading(["3. Apples      40"]) is None
    assert block_heading(["4. Open the file,", "then save it."]) is None
    assert block_heading(["       5. Centred Text"]) is None


def test_short_line_in_capitals_between_blank_lines() -> None:
    text = "FIRST STEPS\n\nThe lectures began in 1896.\n\nLIST OF NOTES.\n\nThe notes follow.\n"
    assert _headings(text) == [("First Steps",), ("List of Notes",)]


def test_capitals_that_are_no_heading() -> None:
    # A signature set to the right, a table row, a shouted sentence, a long paragraph in capitals
    assert block_heading(["                          W.J. BALTZELL."]) is None
    assert block_heading(["NAME     AGE     CITY"]) is None
    assert block_heading(["WARNING: DO NOT RUN THIS AS ROOT!"]) is None
    licence = [
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
        "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,",
        "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.",
    ]
    assert block_heading(licence) is None
    # A line of a paragraph or of a poem: mixed case
    assert block_heading(["Whose woods these are I think I know."]) is None
    assert block_heading(["His house is in the village though"]) is None


def test_contents_list_is_dropped_not_made_headings() -> None:
    text = (
        "PREFACE\n\nThese lectures were given in 1896.\n\n"
        "CONTENTS\n\n CHAP.                                      PAGE\n\n"
        "    I. THE ORIGIN OF MUSIC                      1\n"
        "   II. ORIGIN OF SONG                          16\n"
        "  III. THE MUSIC OF THE HEBREWS                32\n\n"
        "I\n\nTHE ORIGIN OF MUSIC\n\nMusic began with a cry.\n"
    )
    sections = text_sections(text)
    assert [s.text for s in sections] == ["These lectures were given in 1896.", "Music began with a cry."]
    # The preface, like every front matter heading, is closed by the first chapter
    assert [s.source.heading for s in sections] == [("Preface",), ("I. The Origin of Music",)]


def test_index_letters_go_with_the_index() -> None:
    entries = "  Iambus, 25.\n  Impassioned speech, 19, 28.\n  India, 16.\n"
    text = f"INDEX\n\nH.\n\n  Harp, 12, 33.\n  Hindus, 35.\n  Horn, 6, 7.\n\nI.\n\n{entries}"
    assert text_sections(text) == []
    # A letter over a paragraph is text
    assert _texts("Z.\n\nThe last letter.\n") == ["Z.", "The last letter."]


def test_contents_heading_over_no_list_stays() -> None:
    text = "CONTENTS\n\nThe box holds three tools and a manual.\n"
    assert _headings(text) == [("Contents",)]


def test_recase_keeps_mixed_case_and_numerals() -> None:
    assert recase("THE SYSTEMS OF HUCBALD AND GUIDO D'AREZZO") == "The Systems of Hucbald and Guido D'Arezzo"
    assert recase("PASTORELLA BY THIBAUT II") == "Pastorella by Thibaut II"
    assert recase("The Origin of Music") == "The Origin of Music"


def test_macdowell_lectures_cite_their_chapters() -> None:
    path = corpus_file("txt-latin1-macdowell-critical-historical-essays.txt")
    doc = parse_document_in_process(path, DocumentKind.TEXT, ParseLimits())
    chapters: list[str] = []
    for section in doc.sections:
        top = section.source.heading[0] if section.source.heading else ""
        if top and (not chapters or chapters[-1] != top):
            chapters.append(top)
    numbered = [c for c in chapters if c.split(".")[0] in {"I", "II", "V", "XII", "XXI"}]
    assert numbered == [
        "I. The Origin of Music",
        "II. Origin of Song vs. Origin of Instrumental Music",
        "V. The Music of the Chinese (Continued)",
        "XII. The Troubadours, Minnesingers and Mastersingers",
        "XXI. Suggestion in Music",
    ]
    # 21 lectures, each once: the contents list made none of them
    assert len([c for c in chapters if c.split(".")[0].isupper() and "." in c]) >= 21
    troubadours = [s for s in doc.sections if "Minnesingers" in " ".join(s.source.heading)]
    assert len(troubadours) > 10
    # A paragraph of the lectures has a chapter; the title lines are not paragraphs
    assert not any(s.text == "THE ORIGIN OF MUSIC" for s in doc.sections)


def test_a_story_names_its_book_by_the_title_over_its_first_chapter() -> None:
    story = (
        "THE SNOW QUEEN\n\nby Hans Christian Andersen\n\nCHAPTER I.\n\nKay and Gerda lived in a great town.\n"
    )
    assert parse_plain_text(story, ParseLimits()).title == "The Snow Queen"
    # a first line over prose, or a chapter line itself, is no title
    memo = "Minutes of the meeting\n\nThe board met at noon and voted on the budget.\n"
    assert parse_plain_text(memo, ParseLimits()).title is None
    assert parse_plain_text("CHAPTER I.\n\nCHAPTER II.\n\nThey sailed on.\n", ParseLimits()).title is None
