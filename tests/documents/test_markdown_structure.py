"""Markdown keeps its structure: raw HTML at the top, fenced code that looks like a heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents import DocumentKind, ParseLimits, detect_kind, parse_document_in_process

README = """<div align="center">
  <img src="logo.png" alt="">
  <h1>Widget Guide</h1>
  <p>A small tool for <b>widgets</b>.</p>
</div>

## Install

Run the installer.

```sh
# comment that is not a heading
make install
```

Then configure it.

## Use

It works.
"""


@pytest.mark.parametrize("name", ["README.md", "guide.markdown", "upload"])
def test_markdown_opening_with_an_html_block_is_markdown(tmp_path: Path, name: str) -> None:
    path = tmp_path / "upload.bin"
    path.write_text(README, encoding="utf-8")
    assert detect_kind(path, name) == DocumentKind.MARKDOWN


def test_a_whole_html_page_named_md_is_still_html(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text("<!DOCTYPE html><html><body><h1>T</h1><p>x</p></body></html>", encoding="utf-8")
    assert detect_kind(path) == DocumentKind.HTML


def test_html_block_headings_lead_and_fenced_comments_never_do(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(README, encoding="utf-8")
    doc = parse_document_in_process(path, DocumentKind.MARKDOWN, ParseLimits(), detect_language=False)
    by_text = {s.text: s for s in doc.sections}
    assert by_text["A small tool for widgets."].source.heading == ("Widget Guide",)
    code = next(s for s in doc.sections if s.kind == "code")
    assert code.text.startswith("# comment that is not a heading")
    assert code.source.heading == ("Widget Guide", "Install")
    assert by_text["Then configure it."].source.heading == ("Widget Guide", "Install")
    assert by_text["It works."].source.heading == ("Widget Guide", "Use")
    assert all("comment" not in " ".join(s.source.heading) for s in doc.sections)
    assert doc.title == "Widget Guide"


CONSTANTS = """# Kiln API

## Error constants

The following error constants are exported by kiln.constants.

<table>
  <tr><th>Constant</th><th>Description</th></tr>
  <tr><td><code>ECRACK</code></td><td>Indicates that a pot cracked in the kiln.</td></tr>
  <tr><td><code>EDAMP</code></td><td>Indicates that the clay was too damp to fire.</td></tr>
</table>

Other errors are not exported.
"""


def test_an_html_table_in_markdown_is_a_table_of_rows(tmp_path: Path) -> None:
    path = tmp_path / "kiln.md"
    path.write_text(CONSTANTS, encoding="utf-8")
    doc = parse_document_in_process(path, DocumentKind.MARKDOWN, ParseLimits(), detect_language=False)
    tables = [s for s in doc.sections if s.kind == "table"]
    assert [t.text for t in tables] == [
        "Constant | Description\n"
        "ECRACK | Indicates that a pot cracked in the kiln.\n"
        "EDAMP | Indicates that the clay was too damp to fire."
    ]
    assert tables[0].source.heading == ("Kiln API", "Error constants")
    prose = [s.text for s in doc.sections if s.kind == "body"]
    assert not [text for text in prose if "ECRACK" in text]  # the rows are not run into a paragraph
