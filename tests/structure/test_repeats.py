"""No block of six or more lines repeated in production code beyond boilerplate.

Lines are compared as written, stripped of indentation; blank lines, comments, imports and a
module's docstring are left out (every module opens with the same few imports, which is no
repetition of an idea). A repeated block found in files not listed in :data:`JUDGED` fails:
give the idea one home, or, when the repetition is a framework's shape, list it with why.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOW = 6
#: Not production code: the tests, the web app, Alembic's frozen history and hidden folders.
OUTSIDE = {"tests", "web", "migrations", "node_modules"}

#: Repetitions judged and kept (docs/architecture.md, "Repeated shapes we keep, and why").
JUDGED: dict[tuple[str, ...], str] = {
    ("workers/middleware.py",): "Dramatiq's after_process_message signature, one per middleware",
    ("documents/parsers/pdf.py",): "the pdfium text-page handles two page passes open",
    ("scripts/gen_config_docs.py", "scripts/gen_error_docs.py"): "a generated doc's main()",
}


def production_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not any(part in OUTSIDE or part.startswith(".") for part in path.relative_to(ROOT).parts)
    )


def code_lines(text: str) -> list[tuple[int, str]]:
    """(line number, stripped text) of the lines that say something of their own."""
    tree = ast.parse(text)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            skipped.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        skipped.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if number not in skipped and stripped and not stripped.startswith("#"):
            lines.append((number, stripped))
    return lines


def repeated_blocks(sources: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], list[str]]:
    """Files that share a block of :data:`WINDOW` lines -> where (``file:line`` of each copy)."""
    places: defaultdict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for name, text in sources:
        lines = code_lines(text)
        for start in range(len(lines) - WINDOW + 1):
            block = tuple(line for _, line in lines[start : start + WINDOW])
            places[block].append((name, lines[start][0]))
    groups: defaultdict[tuple[str, ...], list[str]] = defaultdict(list)
    for copies in places.values():
        if len(copies) > 1:
            groups[tuple(sorted({name for name, _ in copies}))].extend(f"{n}:{line}" for n, line in copies)
    return dict(groups)


def test_no_block_is_repeated_outside_the_judged_shapes() -> None:
    sources = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in production_files()]
    new = {files: where[:4] for files, where in repeated_blocks(sources).items() if files not in JUDGED}
    assert not new, f"blocks of {WINDOW}+ lines repeated (give the idea one home): {new}"


def test_every_judged_shape_is_still_repeated() -> None:
    # A judgement that no longer applies is removed, so that the list stays the truth.
    sources = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in production_files()]
    found = repeated_blocks(sources)
    assert [files for files in JUDGED if files not in found] == []


def test_the_scan_finds_a_copied_block_and_skips_imports_and_docstrings() -> None:
    body = "\n".join(f"    total += {n}" for n in range(6))
    copied = f'"""A module."""\nimport os\nimport sys\n\n\ndef f(total):\n{body}\n    return total\n'
    assert list(repeated_blocks([("a.py", copied), ("b.py", copied)])) == [("a.py", "b.py")]
    imports = '"""Same opening."""\n' + "".join(f"import m{n}\n" for n in range(8))
    assert repeated_blocks([("a.py", imports), ("b.py", imports)]) == {}
