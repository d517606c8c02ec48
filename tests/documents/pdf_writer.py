"""A tiny PDF writer for tests: text lines at given positions, standard fonts, an outline.

Real PDFs from the corpus cover real typesetting; these files pin one behaviour each
(a bookmark's position, a running head, a contents page) with nothing else in the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FONTS = {"F1": "Helvetica", "F2": "Helvetica-Bold", "F3": "Courier"}


@dataclass(frozen=True)
class Line:
    x: float
    y: float
    text: str
    size: float = 10
    bold: bool = False
    lead: str = ""  # bold words set before ``text`` on the same line (a run-in heading)
    mono: bool = False  # ``text`` in Courier (code)


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 0-based
    top: float
    children: tuple[Bookmark, ...] = ()


@dataclass
class _Objects:
    bodies: list[bytes] = field(default_factory=list)

    def reserve(self) -> int:
        self.bodies.append(b"")
        return len(self.bodies)

    def set(self, number: int, body: bytes | str) -> None:
        self.bodies[number - 1] = body.encode("latin-1") if isinstance(body, str) else body


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _show(line: Line) -> str:
    font = "F3" if line.mono else "F2" if line.bold else "F1"
    lead = f"/F2 {line.size} Tf ({_escape(line.lead)}) Tj " if line.lead else ""
    return f"BT {line.x} {line.y} Td {lead}/{font} {line.size} Tf ({_escape(line.text)}) Tj ET\n"


def build_pdf(
    pages: list[list[Line]],
    outline: tuple[Bookmark, ...] = (),
    size: tuple[int, int] = (612, 792),
    info: dict[str, str] | None = None,
) -> bytes:
    objects = _Objects()
    catalog, pages_id, fonts_id = objects.reserve(), objects.reserve(), objects.reserve()
    objects.set(
        fonts_id,
        "<< "
        + " ".join(
            f"/{name} << /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            for name, base in FONTS.items()
        )
        + " >>",
    )
    page_ids: list[int] = []
    for lines in pages:
        page_id, content_id = objects.reserve(), objects.reserve()
        stream = "".join(_show(line) for line in lines).encode("latin-1")
        objects.set(content_id, b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        objects.set(
            page_id,
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {size[0]} {size[1]}] "
            f"/Resources << /Font {fonts_id} 0 R >> /Contents {content_id} 0 R >>",
        )
        page_ids.append(page_id)
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects.set(pages_id, f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>")
    outline_ref = ""
    if outline:
        root = objects.reserve()
        first, last, count = _bookmarks(objects, outline, root, page_ids)
        objects.set(root, f"<< /Type /Outlines /First {first} 0 R /Last {last} 0 R /Count {count} >>")
        outline_ref = f" /Outlines {root} 0 R /PageMode /UseOutlines"
    objects.set(catalog, f"<< /Type /Catalog /Pages {pages_id} 0 R{outline_ref} >>")
    info_ref = b""
    if info:  # the document information dictionary: /Author, /Title, …
        info_id = objects.reserve()
        objects.set(info_id, "<< " + " ".join(f"/{k} ({_escape(v)})" for k, v in info.items()) + " >>")
        info_ref = b" /Info %d 0 R" % info_id
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects.bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        catalog,
        info_ref,
        xref,
    )
    return bytes(out)


def _bookmarks(
    objects: _Objects, items: tuple[Bookmark, ...], parent: int, page_ids: list[int]
) -> tuple[int, int, int]:
    ids = [objects.reserve() for _ in items]
    total = len(items)
    for k, (item, number) in enumerate(zip(items, ids, strict=True)):
        links = f"/Parent {parent} 0 R"
        if k > 0:
            links += f" /Prev {ids[k - 1]} 0 R"
        if k < len(ids) - 1:
            links += f" /Next {ids[k + 1]} 0 R"
        if item.children:
            first, last, count = _bookmarks(objects, item.children, number, page_ids)
            links += f" /First {first} 0 R /Last {last} 0 R /Count {count}"
            total += count
        dest = f"[{page_ids[item.page]} 0 R /XYZ 0 {item.top} 0]"
        objects.set(number, f"<< /Title ({_escape(item.title)}) {links} /Dest {dest} >>")
    return ids[0], ids[-1], total
