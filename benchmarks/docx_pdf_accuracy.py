"""Word-made PDF accuracy: the samples laid out as Word documents (DOCX), converted by
LibreOffice in several Thai fonts, read back and compared with the goldens.

The PDFs come from tests/docx_fixtures.py (DOCX built with python-docx: Word's margins,
paragraph spacing and "Table Grid" tables, the agency-target table nested in a cell, narrow
wrapping columns, header rows repeated in some samples; untagged, or tagged as Word's
"Save as PDF" makes them with `--tagged`). Every golden field is compared except
source_line and source_format; texts are compared without whitespace, since a printed wrap
does not show whether a space stood there.

    PYTHAINLP_OFFLINE=1 .venv/bin/python benchmarks/docx_pdf_accuracy.py
        [--font NAME ...] [--tagged] [--sizes BODY,TABLE] [--margins CM] [--wrong] [SAMPLE ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import docx_fixtures  # noqa: E402

from kr_extract.check import (  # noqa: E402
    EXPECTED_SUFFIX,
    differences,
    field_score,
    load_expected,
    project,
)
from kr_extract.pipeline import process_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--font", action="append",
                        help="a font (default: " + ", ".join(docx_fixtures.FONTS) + ")")
    parser.add_argument("--wrong", action="store_true", help="print each wrong field")
    parser.add_argument("--tagged", action="store_true",
                        help="export tagged PDFs, as Word's Save as PDF does")
    parser.add_argument("--sizes", help="body and table point sizes, e.g. 14,12 (default: "
                        "the fixture's per font)")
    parser.add_argument("--margins", type=float,
                        help="page margins in cm (default: Word's 2.54)")
    args = parser.parse_args()
    if not docx_fixtures.docx_available():
        sys.exit("needs python-docx, soffice and the fonts " + ", ".join(docx_fixtures.FONTS))
    samples = sorted(p for p in (ROOT / "samples").glob("*.txt")
                     if p.with_name(p.stem + EXPECTED_SUFFIX).exists()
                     and (not args.names or any(n in p.name for n in args.names)))
    grand_right = grand_total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for font in args.font or docx_fixtures.FONTS:
            started = time.perf_counter()
            sizes = tuple(int(n) for n in args.sizes.split(",")) if args.sizes else None
            pdfs = docx_fixtures.docx_pdfs(samples, font, Path(tmp) / font.replace(" ", "-"),
                                           tagged=args.tagged, sizes=sizes,
                                           margins_cm=args.margins)
            made = time.perf_counter() - started
            font_right = font_total = 0
            for sample in samples:
                result = process_file(pdfs[sample.name])
                expected = load_expected(sample)
                actual = project(expected, result)
                right, total = field_score(expected, actual, printed=True)
                font_right, font_total = font_right + right, font_total + total
                status = result.tables["documents"][0]["status"]
                print(f"{font:16} {sample.name}: {right}/{total} "
                      f"({100 * right / max(total, 1):.1f}%) status {status}")
                if args.wrong:
                    for diff in differences(expected, actual, printed=True):
                        # by the field's name: a missing or unexpected row's text
                        # holds the word source_line too, and must be shown
                        if not diff.split(":")[0].endswith(".source_line"):
                            print(f"    {diff[:300]}")
            print(f"{font:16} ALL: {font_right}/{font_total} "
                  f"({100 * font_right / max(font_total, 1):.1f}%); PDFs made in {made:.0f} s")
            grand_right, grand_total = grand_right + font_right, grand_total + font_total
    print(f"ALL FONTS: {grand_right}/{grand_total} golden fields right "
          f"({100 * grand_right / max(grand_total, 1):.1f}%)")


if __name__ == "__main__":
    main()
