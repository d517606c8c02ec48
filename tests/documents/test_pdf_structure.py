"""PDF structure: the heading cited is the one above the text where it stands on the page.

Corpus papers check real typesetting (two columns, bold headings at body size, figure
labels, table heads); small PDFs written here pin one behaviour each (bookmarks placed
where they point, running heads and page numbers, a contents page).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from documents import DocumentKind, ParsedDocument, ParseLimits, parse_document_in_process
from documents.parsers.pdf import _PAGES_PER_OPEN
from tests.conftest import corpus_file
from tests.documents.pdf_writer import Bookmark, Line, build_pdf


def _parse(path: Path) -> ParsedDocument:
    return parse_document_in_process(path, DocumentKind.PDF, ParseLimits(), detect_language=False)


def _heading_of(doc: ParsedDocument, sentence: str, page: int) -> tuple[str, ...]:
    """The heading path of the section on ``page`` whose text holds ``sentence``."""
    found = [s for s in doc.sections if s.source.page == page and sentence in " ".join(s.text.split())]
    assert len(found) == 1, f"{sentence!r} on page {page}: {len(found)} sections"
    return found[0].source.heading


def test_two_column_paper_credits_text_to_the_heading_above_it() -> None:
    doc = _parse(corpus_file("pdf-two-column-dpr-paper-emnlp2020.pdf"))
    # Page 5: 5.1 starts at the foot of the left column, 5.2 at the foot of the right one.
    assert _heading_of(doc, "Table 2 compares different passage retrieval", 5)[-1] == "5.1 Main Results"
    assert _heading_of(doc, "We conjecture that the lower performance on SQuAD", 5)[-1] == "5.1 Main Results"
    ablation = "5.2 Ablation Study on Model Training"
    assert _heading_of(doc, "To understand further how different model training", 5)[-1] == ablation
    # The top of page 6 continues 5.2: text above a page's first heading keeps the last one
    # (under the run-in heading that opens its paragraph).
    sample = "We explore how many training examples"
    assert _heading_of(doc, sample, 6)[-2:] == (ablation, "Sample efficiency")
    # Page 7 is one where pdfium's text and its character list differ (soft hyphens).
    assert (
        _heading_of(doc, "Although DPR performs better than BM25 in general", 7)[-1]
        == "5.3 Qualitative Analysis"
    )
    assert _heading_of(doc, "Passage retrieval has been an important component", 8)[-1] == "7 Related Work"
    # Numbered headings nest; figure legends and table heads are not headings.
    assert _heading_of(doc, "Table 2 compares", 5)[-2:] == (
        "5 Experiments: Passage Retrieval",
        "5.1 Main Results",
    )
    headings = {h for s in doc.sections for h in s.source.heading}
    assert not any("# Train" in h or "TriviaQA" in h or "@" in h for h in headings)
    text = " ".join(s.text for s in doc.sections)
    assert "\ufffe" not in text and "efficient passage retrieval" in text


def test_government_register_headings_running_heads_and_page_numbers() -> None:
    doc = _parse(corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf"))
    # Page 4: a heading at the top of the third column; the first two columns continue page 3's.
    assert _heading_of(doc, "potential cause for unreliable airspeed", 4) == (
        "Proposed Rules Federal Register",
        "Proposed Design Changes",
    )
    assert (
        _heading_of(doc, "To ensure that each airplane’s two AOA sensors", 4)[-1]
        == "Proposed Maintenance-Related Actions"
    )
    assert _heading_of(doc, "On March 13, 2019, the FAA issued", 4)[-1] == "Emergency Order of Prohibition"
    # A heading wrapped over two lines is one heading.
    assert _heading_of(doc, "The FAA reviewed the following service information", 4)[-1] == (
        "Related Service Information Under 1 CFR Part 51"
    )
    lines = [line.strip() for s in doc.sections for line in s.text.split("\n")]
    assert not any(line.startswith("Federal Register / Vol. 85") for line in lines)
    assert not any(line.endswith("/ Proposed Rules") for line in lines)
    assert not any(line.startswith("jbell on") for line in lines)
    assert not any(line.isdigit() for line in lines)  # page numbers


def test_bookmarks_are_placed_where_they_point(tmp_path: Path) -> None:
    pages = [
        [Line(72, 700, "Intro text line one."), Line(72, 630, "Text of chapter two.")],
        [
            Line(72, 700, "More text of chapter two."),
            Line(72, 645, "Detail text."),
            Line(72, 600, "Third"),
            Line(72, 580, "Third text."),
        ],
    ]
    outline = (
        Bookmark("Introduction", 0, 720),
        # Named differently from any line: placed by the position it points to.
        Bookmark("Second chapter", 0, 655, (Bookmark("Details", 1, 655),)),
        Bookmark("Third", 1, 610),  # its title is a line: that line is the heading, not body text
    )
    path = tmp_path / "book.pdf"
    path.write_bytes(build_pdf(pages, outline))
    doc = _parse(path)
    assert [(s.source.page, s.source.heading, s.text) for s in doc.sections] == [
        (1, ("Introduction",), "Intro text line one."),
        (1, ("Second chapter",), "Text of chapter two."),
        (2, ("Second chapter",), "More text of chapter two."),
        (2, ("Second chapter", "Details"), "Detail text."),
        (2, ("Third",), "Third text."),
    ]


BODY = "Ponds hold still water and the life"
_TREES = [
    "alder",
    "birch",
    "cedar",
    "dogwood",
    "elm",
    "fir",
    "ginkgo",
    "hazel",
    "ilex",
    "juniper",
    "kapok",
    "larch",
    "maple",
    "nutmeg",
    "oak",
    "pine",
]
_PLACES = ["north", "south", "east", "west", "upper", "lower", "inner", "outer"]


def _body(x: float, top: float, count: int, place: int) -> list[Line]:
    """Distinct lines (identical lines at the top of several pages would be a running head)."""
    return [
        Line(x, top - 14 * k, f"{BODY} under the {_TREES[k]} trees, {_PLACES[place]} side.")
        for k in range(count)
    ]


def test_type_headings_running_heads_and_contents(tmp_path: Path) -> None:
    head, foot = Line(72, 760, "Pond Journal Vol. 3"), Line(300, 30, "{page}")
    contents = [Line(72, 700, "Contents")] + [
        Line(72, 680 - 14 * k, f"{n} {t} .................. {p}")
        for k, (n, t, p) in enumerate([(1, "Water", 2), (2, "Weeds", 3), (3, "Frogs", 4)])
    ]
    page2 = [Line(72, 720, "Pond Life", size=18), Line(72, 690, "1 Water", bold=True), *_body(72, 670, 12, 0)]
    # Two columns: the heading opens halfway down the right one.
    page3 = [
        *_body(72, 700, 12, 1),
        *_body(320, 700, 4, 2),
        Line(320, 630, "2 Weeds", bold=True),
        *_body(320, 610, 6, 3),
    ]
    page4 = [*_body(72, 700, 3, 4), Line(72, 640, "3 Frogs", bold=True), *_body(72, 620, 6, 5)]
    pages = [contents, page2, page3, page4]
    pages = [[*lines, head, Line(foot.x, foot.y, str(number))] for number, lines in enumerate(pages, start=1)]
    path = tmp_path / "pond.pdf"
    path.write_bytes(build_pdf(pages))
    doc = _parse(path)
    text = "\n".join(s.text for s in doc.sections)
    assert "Pond Journal" not in text and "....." not in text
    assert not any(line.strip().isdigit() for line in text.split("\n"))
    by_page: dict[int, list[tuple[tuple[str, ...], str]]] = {}
    for s in doc.sections:
        by_page.setdefault(s.source.page or 0, []).append((s.source.heading, s.text))
    assert [h for h, _ in by_page[2]] == [("Pond Life", "1 Water")]
    # Page 3: the whole left column and the top of the right one are still "1 Water".
    assert [h for h, _ in by_page[3]] == [("Pond Life", "1 Water"), ("Pond Life", "2 Weeds")]
    assert by_page[3][0][1].count(BODY) == 16 and by_page[3][1][1].count(BODY) == 6
    assert [h for h, _ in by_page[4]] == [("Pond Life", "2 Weeds"), ("Pond Life", "3 Frogs")]


def test_korean_brief_title_sections_and_series_masthead() -> None:
    doc = _parse(corpus_file("pdf-korean-nars-issue-brief-4p.pdf"))
    title = "코로나-19 관련 보험약관상 재해보험금 지급문제 및 개선과제"
    # The title is set in a box that pdfium reads after the first section's heading: it still leads.
    assert doc.sections[0].source.heading == (title, "1 들어가며")
    assert _heading_of(doc, "시행된 「감염병의 예방 및 관리에 관", 2) == (
        title,
        "2 코로나-19 관련 보험 현황",
        "(1) 「감염병의 예방 및 관리에 관한 법률」 개정",
    )
    # The series name: large in the first page's masthead, the running head of the next ones.
    assert not any("이슈와 논점" in " ".join(s.source.heading) for s in doc.sections)
    assert not any(line.strip() == "이슈와 논점" for s in doc.sections for line in s.text.split("\n"))


def test_slide_titles_repeated_on_many_slides_stay_headings() -> None:
    # The deck's bookmarks are "Slide n" (no heading in that): titles come from the type.
    doc = _parse(corpus_file("pdf-slides-python-scicomp-lecture8-hpc.pdf"))
    headings = {s.source.page: s.source.heading for s in doc.sections}
    assert headings[2] == ("HPC in Python",)
    assert all(headings[page] == ("Cython",) for page in range(5, 19) if page != 14)
    # A bold question opening a paragraph on slide 14 heads that paragraph, under the slide's title.
    assert headings[14] == ("Cython", "Where is this needed?")
    assert headings[19][-1] == "Code examples"


def test_run_in_paragraph_headings_open_a_sub_section() -> None:
    # "Encoders Although in principle …": the bold words are the paragraph's heading, and its
    # sentence starts at "Although".
    doc = _parse(corpus_file("pdf-two-column-dpr-paper-emnlp2020.pdf"))
    assert _heading_of(doc, "Although in principle the question and passage encoders", 3)[-2:] == (
        "3.1 Overview",
        "Encoders",
    )
    assert _heading_of(doc, "During inference time, we apply the passage encoder", 3)[-2:] == (
        "3.1 Overview",
        "Inference",
    )
    in_batch = _heading_of(doc, "Assume that we have B questions", 3)
    assert in_batch[-2:] == ("3.2 Training", "In-batch negatives")
    # The next numbered heading closes the run-in one.
    assert _heading_of(doc, "Table 2 compares different passage retrieval", 5)[-1] == "5.1 Main Results"
    starts = [s.text.split()[0] for s in doc.sections if s.text.split()]
    assert "Encoders" not in starts and "Inference" not in starts
    headings = {h for s in doc.sections for h in s.source.heading}
    # A bold dataset name that is its sentence's subject ("TriviaQA (Joshi et al., 2017) contains")
    # is no heading.
    assert not any(h.startswith(("TriviaQA", "Natural Questions", "SQuAD")) for h in headings)


def test_run_in_labels_and_bold_words_that_are_not_headings(tmp_path: Path) -> None:
    page = [
        Line(72, 742, "A pond is a small body of still water, natural or dug, found in fields and gardens."),
        Line(72, 728, "It is shallow enough for light to reach its floor, so plants root all across it."),
        Line(72, 714, "Its water warms and cools quickly and holds less oxygen on warm summer nights."),
        Line(72, 700, "Ponds are small bodies of still water found in gardens."),
        Line(72, 686, "Life in them changes with the seasons and the weather."),
        Line(72, 672, "Although small, a pond holds many kinds of animals.", lead="Habitat "),
        Line(72, 658, "Frogs and newts breed in it every spring and summer."),
        Line(72, 644, "Definitions: A marginal plant grows at the water's edge.", lead="Terms: "),
        Line(72, 630, "The lily is the best known of the floating plants."),
        Line(72, 616, "(Smith, 2001) lists the plants of English ponds.", lead="Pond Flora "),
        Line(72, 602, "A pond is shown in the drawing, from above and below.", lead="Figure 2: "),
        Line(72, 588, "breed in the shallows, where the water warms first.", lead="Dragonflies "),
        Line(72, 574, "The water is clear and still today, isn't it.", lead="Example "),
        Line(72, 560, "Print(depth) shows it.", lead="Code: ", mono=True),
    ]
    path = tmp_path / "ponds.pdf"
    path.write_bytes(build_pdf([page]))
    doc = _parse(path)
    assert [s.source.heading for s in doc.sections] == [(), ("Habitat",), ("Terms",), ("Example",)]
    habitat, terms = doc.sections[1].text, doc.sections[2].text
    assert habitat.startswith("Although small, a pond holds")
    assert terms.startswith("Definitions: A marginal plant")
    # A bold name before a citation, a figure's label and a bold subject stay in their sentence.
    assert "Pond Flora (Smith, 2001) lists" in terms
    assert "Figure 2: A pond is shown" in terms
    assert "Dragonflies breed in the shallows" in terms
    # A run-in heading before text in the body's face, but not a bold label before code.
    example = doc.sections[3].text
    assert example.startswith("The water is clear") and "Code: Print(depth) shows it." in example


def _paper_pages(title: list[Line]) -> list[list[Line]]:
    return [
        [
            *title,
            Line(200, 640, "Ada Ngata and Bo Lindqvist", size=14),
            Line(72, 600, "1 Introduction", size=12, bold=True),
            *_body(72, 580, 6, 0),
        ],
        [Line(72, 720, "2 Method", size=12, bold=True), *_body(72, 700, 6, 1)],
        [Line(72, 720, "3 Results", size=12, bold=True), *_body(72, 700, 6, 2)],
    ]


_PAPER_OUTLINE = (
    Bookmark("1 Introduction", 0, 612),
    Bookmark("2 Method", 1, 732),
    Bookmark("3 Results", 2, 732),
)


def test_a_papers_title_heads_its_bookmarked_sections(tmp_path: Path) -> None:
    # Bookmarks list the sections but not the title: the title (the first page's largest type,
    # wrapped onto two lines) heads every section, so that a chunk knows what the paper is about.
    title = [
        Line(150, 700, "Sparse Graph Tokenizer", size=20, bold=True),
        Line(150, 676, "for Low-Resource Parsing", size=20, bold=True),
    ]
    path = tmp_path / "paper.pdf"
    path.write_bytes(build_pdf(_paper_pages(title), _PAPER_OUTLINE))
    doc = _parse(path)
    paper = "Sparse Graph Tokenizer for Low-Resource Parsing"
    assert _heading_of(doc, f"{BODY} under the alder trees, south side.", 2) == (paper, "2 Method")
    assert _heading_of(doc, f"{BODY} under the alder trees, north side.", 1) == (paper, "1 Introduction")
    assert _heading_of(doc, "Ada Ngata and Bo Lindqvist", 1) == (paper,)


def test_a_title_repeated_as_the_running_head_leaves_no_byline_as_title(tmp_path: Path) -> None:
    # The title is also the running head of every page (dropped as chrome): the largest type left on
    # the first page is the byline, which is no title.
    pages = _paper_pages([])
    for page in pages:
        page.insert(0, Line(150, 760, "Shared Lattice Database", size=20, bold=True))
    path = tmp_path / "spec.pdf"
    path.write_bytes(build_pdf(pages, _PAPER_OUTLINE))
    doc = _parse(path)
    assert _heading_of(doc, f"{BODY} under the alder trees, south side.", 2) == ("2 Method",)
    assert _heading_of(doc, "Ada Ngata and Bo Lindqvist", 1) == ()


def test_a_long_pdf_is_read_whole_across_reopenings(tmp_path: Path) -> None:
    """The parser reopens the document every _PAGES_PER_OPEN pages (pdfium's cache is per document):
    every page of every window is read once, in order."""
    paper = pdfium.PdfDocument(corpus_file("pdf-two-column-dpr-paper-emnlp2020.pdf"))
    out = pdfium.PdfDocument.new()
    copies = 0
    while len(out) <= 2 * _PAGES_PER_OPEN:
        out.import_pages(paper)
        copies += 1
    length = len(paper)
    path = tmp_path / "long.pdf"
    out.save(path)
    out.close()
    paper.close()
    doc = _parse(path)
    assert doc.page_count == copies * length
    sentence = "We conjecture that the lower performance on SQuAD"
    pages = sorted({s.source.page for s in doc.sections if sentence in " ".join(s.text.split())})
    # Its page 5 in every copy: in the first window, the second and the third.
    assert pages == [5 + k * length for k in range(copies)]
    assert max(s.source.page or 0 for s in doc.sections) == copies * length


def _manual_pages() -> list[list[Line]]:
    """A tool's manual as TeX sets one: its name in large type over page 1, chapters after."""
    prose = [
        "Frobtool reads a schema file and writes a compact table for the runtime.",
        "The frobtool runtime loads the table at start-up and checks every record.",
        "A record that fails a check is reported on standard error with its line.",
        "Frobtool never changes the schema file; it only writes the table beside it.",
    ]
    page1 = [
        Line(200, 700, "Frobtool", size=24, bold=True),
        Line(72, 640, "Schema compiler for the frob runtime, version 2.1"),
    ]
    page2 = [Line(72, 720, "1 Introduction", size=14, bold=True)]
    page2 += [Line(72, 690 - 14 * k, text) for k, text in enumerate(prose)]
    page3 = [Line(72, 720, "2 Invoking frobtool", size=14, bold=True)]
    page3 += [Line(72, 690 - 14 * k, text) for k, text in enumerate(reversed(prose))]
    return [page1, page2, page3]


def test_a_titleless_pdf_is_titled_by_the_heading_over_its_first_page(tmp_path: Path) -> None:
    # TeX leaves the metadata's Title empty: the name in the first page's largest type is the title,
    # so a manual's cards can name what they are about ("In frobtool, …").
    path = tmp_path / "frobtool.pdf"
    path.write_bytes(build_pdf(_manual_pages()))
    doc = _parse(path)
    assert doc.title == "Frobtool"


def test_a_pdf_whose_first_page_opens_a_chapter_takes_no_title_from_it(tmp_path: Path) -> None:
    pages = _manual_pages()[1:]  # "1 Introduction" first: a chapter's heading, not the document's name
    path = tmp_path / "chapters.pdf"
    path.write_bytes(build_pdf(pages))
    assert _parse(path).title is None
