"""PDF reading speed, pages per second, for each path next to poppler's pdftotext.

Prints one line per path: pypdfium2 text, pdfplumber's table finder, the full text-layer
reader (extract.read_document on a PDF), OCR of one scanned page, and `pdftotext -layout`
(process start included), all measured in the same run, then the reader's time over
pdftotext's and whether it meets the goal (at most 3x). Rates swing with the load of a
shared machine; the ratio, of two paths timed one after the other, swings less.

The corpus is the samples printed three ways: by fpdf2 (tests/pdf_fixtures.py), and by
LibreOffice from ODT (tests/office_fixtures.py, untagged, in each of its fonts) and from
DOCX (tests/docx_fixtures.py, tagged as Word's "Save as PDF" writes, in each of its fonts).
Without LibreOffice or its fonts the office PDFs are left out, and a note says so.

    PYTHAINLP_OFFLINE=1 .venv/bin/python benchmarks/pdf_speed.py [--no-ocr] [--repeat N]
        [--fpdf-only]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import docx_fixtures  # noqa: E402
import office_fixtures  # noqa: E402
import pdf_fixtures  # noqa: E402

from kr_extract import extract  # noqa: E402

# The reader may take at most this many times pdftotext's time on the same pages.
GOAL_RATIO = 3.0


def best_seconds(run: Callable[[], None], repeat: int) -> float:
    """The shortest of `repeat` runs: other work on the machine only ever adds time."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def report(label: str, pages: int, seconds: float) -> None:
    print(f"{label:<34} {pages:4d} pages {seconds:7.2f} s {pages / seconds:8.1f} pages/s")


def slug(font: str) -> str:
    return font.replace(" ", "-")


def make_corpus(folder: Path, fpdf_only: bool) -> list[Path]:
    """The samples as PDFs: fpdf2's, then LibreOffice's from ODT and DOCX."""
    samples = sorted((ROOT / "samples").glob("*.txt"))
    (folder / "fpdf").mkdir()
    pdfs = [pdf_fixtures.render_text_pdf(p, folder / "fpdf" / f"{p.stem}.pdf")
            for p in samples]
    if fpdf_only:
        return pdfs
    if office_fixtures.office_available():
        for font in office_fixtures.FONTS:
            odt_folder = folder / f"odt-{slug(font)}"
            pdfs += office_fixtures.office_pdfs(samples, font, odt_folder).values()
    else:
        print("note: no LibreOffice or its fonts; the ODT-made PDFs are left out")
    if docx_fixtures.docx_available():
        for font in docx_fixtures.FONTS:
            docx_folder = folder / f"docx-{slug(font)}"
            pdfs += docx_fixtures.docx_pdfs(samples, font, docx_folder, tagged=True).values()
    else:
        print("note: no python-docx, LibreOffice or fonts; the DOCX-made PDFs are left out")
    return pdfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time each path this many times and keep the best (default 3)")
    parser.add_argument("--fpdf-only", action="store_true",
                        help="only the fpdf2-printed PDFs (no LibreOffice needed)")
    args = parser.parse_args()
    import pdfplumber
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        pdfs = make_corpus(Path(tmp), args.fpdf_only)
        n_pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)
        print(f"{len(pdfs)} PDFs, {n_pages} pages; best of {args.repeat} runs each")

        def pdfium_text() -> None:
            for path in pdfs:
                document = pdfium.PdfDocument(str(path))
                for page in document:
                    page.get_textpage().get_text_range()

        def plumber_tables() -> None:
            for path in pdfs:
                with pdfplumber.open(path) as document:
                    for page in document.pages:
                        page.find_tables()

        def full_reader() -> None:
            for path in pdfs:
                extract.read_document(path)

        def poppler() -> None:
            for path in pdfs:
                subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                               capture_output=True)

        extract.read_document(pdfs[0])  # imports and word lists load once, not per run
        report("pypdfium2 text", n_pages, best_seconds(pdfium_text, args.repeat))
        report("pdfplumber table finder", n_pages, best_seconds(plumber_tables, args.repeat))
        reader = best_seconds(full_reader, args.repeat)
        report("kr-extract pdf_text reader", n_pages, reader)
        if shutil.which("pdftotext"):
            poppler_seconds = best_seconds(poppler, args.repeat)
            report("pdftotext -layout (poppler)", n_pages, poppler_seconds)
            ratio = reader / poppler_seconds
            verdict = "met" if ratio <= GOAL_RATIO else "not met"
            print(f"reader / pdftotext: {ratio:.1f}x (goal <= {GOAL_RATIO:g}x: {verdict})")
        else:
            print("no pdftotext: the ratio to poppler is not measured")
        if not args.no_ocr and shutil.which("tesseract"):
            shaped = pdf_fixtures.render_text_pdf(ROOT / "samples" / "000_97a597774b640575.txt",
                                                  Path(tmp) / "shaped.pdf", shaping=True)
            scan = pdf_fixtures.render_scan(shaped, Path(tmp) / "scan.pdf", dpi=300)
            n_scan = len(pdfium.PdfDocument(str(scan)))
            report(f"OCR, {n_scan} pages in parallel", n_scan,
                   best_seconds(lambda: extract.read_document(scan), 1))


if __name__ == "__main__":
    main()
