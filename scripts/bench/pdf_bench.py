"""PDF parsing speed and memory: Deckhand's path against raw pypdfium2 on the same files.

Run: ``.venv/bin/python -m scripts.bench.pdf_bench`` (from the repository root).
Prints pages/s (wall and CPU) for raw pypdfium2 text extraction, Deckhand in-process and
through the bounded child process, the ratios (in-process against raw in CPU time: the
median of alternating passes, which load on a shared machine skews least), and the peak
memory of parsing a 500-page PDF built from corpus pages in a temporary directory.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from documents import DocumentKind, ParseLimits, parse_document, parse_document_in_process  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TEXT_PDFS = [
    "pdf-text-heavy-federal-register-2020-17221.pdf",
    "pdf-two-column-dpr-paper-emnlp2020.pdf",
    "pdf-slides-python-scicomp-lecture8-hpc.pdf",
    "pdf-korean-nars-issue-brief-4p.pdf",
    "pdf-tiny-one-page-minimal-latex.pdf",
]
ROUNDS = 5
CPU_ROUNDS = 5
# VmHWM is the peak RSS of this address space; ru_maxrss would also count the parent's,
# because Linux keeps the high-water mark across fork and exec.
_PRINT_PEAK = "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
_CHILD_SCRIPT = (
    "import sys; from pathlib import Path; import documents.preload; "
    "from documents import DocumentKind, ParseLimits, parse_document_in_process as p; "
    "p(Path(sys.argv[1]), DocumentKind.PDF, ParseLimits(max_pages=1000, max_chars=10_000_000), "
    "detect_language=False); " + _PRINT_PEAK
)
#: A child that only loads what the sandbox's children start with, for the baseline.
_BASELINE_SCRIPT = "import documents.preload; " + _PRINT_PEAK


def _child_peak_kb(script: str, *args: str) -> int:
    """Peak RSS (KiB) a fresh child reports for itself."""
    out = subprocess.run(
        [sys.executable, "-c", script, *args], check=True, cwd=ROOT, capture_output=True, text=True
    )
    return int(out.stdout.split()[-1])


LIMITS = ParseLimits(max_pages=1000, max_chars=10_000_000, timeout_s=300)


def raw_pages(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def timed(label: str, run: object, paths: list[Path]) -> tuple[float, float]:
    """(pages per wall second, pages per CPU second of this process) over ROUNDS passes.

    CPU time is the figure to compare on a shared machine: other load stretches wall time,
    not the time this process runs. A child process's CPU is not this process's: that row's
    CPU rate is not comparable.
    """
    assert callable(run)
    run(paths[0])  # warm-up: imports, pdfium init, forkserver start
    pages = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(ROUNDS):
        for path in paths:
            pages += run(path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rate, cpu_rate = pages / elapsed, pages / cpu
    print(
        f"{label:<34} {pages:5d} pages in {elapsed:6.2f} s = {rate:8.1f} pages/s ({cpu_rate:8.1f} per CPU s)"
    )
    return rate, cpu_rate


def deckhand_in_process(path: Path) -> int:
    return parse_document_in_process(path, DocumentKind.PDF, LIMITS).page_count or 0


def deckhand_child(path: Path) -> int:
    return parse_document(path, DocumentKind.PDF, LIMITS).page_count or 0


def build_big_pdf(directory: Path, pages: int = 500) -> Path:
    """A long PDF made by concatenating the text corpus PDFs' pages until ``pages``."""
    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(CORPUS / name) for name in TEXT_PDFS]
    while len(out) < pages:
        for source in sources:
            take = min(len(source), pages - len(out))
            if take <= 0:
                break
            out.import_pages(source, list(range(take)))
    path = directory / f"big-{pages}.pdf"
    out.save(path)
    out.close()
    for source in sources:
        source.close()
    return path


def main() -> None:
    paths = [CORPUS / name for name in TEXT_PDFS if (CORPUS / name).exists()]
    if not paths:
        sys.exit(f"no corpus PDFs under {CORPUS}")
    print(f"{len(paths)} corpus PDFs, {ROUNDS} rounds each\n")
    # Raw and in-process alternate for CPU_ROUNDS passes; the ratio is the median of each pass's.
    cpu_ratios = []
    for _ in range(CPU_ROUNDS):
        raw, raw_cpu = timed("raw pypdfium2 get_text_range", raw_pages, paths)
        local, local_cpu = timed("Deckhand in-process", deckhand_in_process, paths)
        cpu_ratios.append(local_cpu / raw_cpu)
    child, _child_cpu = timed("Deckhand child process", deckhand_child, paths)
    print(f"\nin-process / raw = {local / raw:.2f} wall (last pass)")
    print(
        f"in-process / raw = {statistics.median(cpu_ratios):.2f} CPU, median of {CPU_ROUNDS} passes "
        f"({', '.join(f'{r:.2f}' for r in cpu_ratios)})   (target >= 0.80)"
    )
    print(f"child      / raw = {child / raw:.2f} wall")

    with tempfile.TemporaryDirectory() as tmp:
        big = build_big_pdf(Path(tmp))
        size_mb = big.stat().st_size / 1e6
        started = time.perf_counter()
        raw_pages(big)
        raw_s = time.perf_counter() - started
        tracemalloc.start()
        started = time.perf_counter()
        doc = parse_document_in_process(big, DocumentKind.PDF, LIMITS)
        local_s = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        started = time.perf_counter()
        parse_document(big, DocumentKind.PDF, LIMITS)
        child_s = time.perf_counter() - started
        # Sandbox children belong to the forkserver, not to us: measure a direct child doing
        # the same parse, and one that only imports what sandbox children start with.
        before = _child_peak_kb(_BASELINE_SCRIPT)
        child_rss = _child_peak_kb(_CHILD_SCRIPT, str(big))
        print(f"\n500-page PDF ({size_mb:.1f} MB, {doc.char_count:,} chars, {len(doc.sections)} sections):")
        print(f"  raw pypdfium2 {raw_s:.2f} s, in-process {local_s:.2f} s, child {child_s:.2f} s")
        print(f"  in-process Python heap peak (tracemalloc): {peak / 1e6:.1f} MB")
        print(
            f"  peak RSS of a child process parsing it (VmHWM): {child_rss / 1024:.1f} MB "
            f"(of which {before / 1024:.1f} MB is the interpreter with every parser loaded; "
            f"target < 200 MB)"
        )


if __name__ == "__main__":
    main()
