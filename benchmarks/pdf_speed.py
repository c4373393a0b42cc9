"""PDF reading speed, pages per second, for each path next to poppler's pdftotext.

Prints one line per path: pypdfium2 text, pdfplumber's table finder, the full text-layer
reader (extract.read_document on a PDF), OCR of one scanned page, and `pdftotext -layout`
(process start included), all measured in the same run on PDFs printed from the samples.

    PYTHAINLP_OFFLINE=1 .venv/bin/python benchmarks/pdf_speed.py [--no-ocr]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pdf_fixtures  # noqa: E402

from kr_extract import extract  # noqa: E402


def timed(label: str, pages: int, run) -> None:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {pages:4d} pages {seconds:7.2f} s {pages / seconds:8.1f} pages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args()
    import pdfplumber
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        pdfs = [pdf_fixtures.render_text_pdf(p, Path(tmp) / f"{p.stem}.pdf")
                for p in sorted((ROOT / "samples").glob("*.txt"))]
        n_pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)

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

        timed("pypdfium2 text", n_pages, pdfium_text)
        timed("pdfplumber table finder", n_pages, plumber_tables)
        timed("kr-extract pdf_text reader", n_pages, full_reader)
        if shutil.which("pdftotext"):
            timed("pdftotext -layout (poppler)", n_pages, poppler)
        if not args.no_ocr and shutil.which("tesseract"):
            shaped = pdf_fixtures.render_text_pdf(ROOT / "samples" / "000_97a597774b640575.txt",
                                                  Path(tmp) / "shaped.pdf", shaping=True)
            scan = pdf_fixtures.render_scan(shaped, Path(tmp) / "scan.pdf", dpi=300)
            n_scan = len(pdfium.PdfDocument(str(scan)))
            timed(f"OCR, {n_scan} pages in parallel", n_scan,
                  lambda: extract.read_document(scan))


if __name__ == "__main__":
    main()
