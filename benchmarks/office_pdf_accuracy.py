"""Office-made PDF accuracy: the samples laid out as office documents, exported by
LibreOffice in several Thai fonts, read back and compared with the goldens.

Two generators make the documents: `--generator odt` (tests/office_fixtures.py, odfpy:
nested agency-target table, narrow wrapping columns, tables over page breaks) and
`--generator docx` (tests/docx_fixtures.py, python-docx with Word's defaults: margins,
paragraph spacing, "Table Grid" tables, cell margins). PDFs are untagged, as LibreOffice
exports by default, or tagged with `--tagged`, as Word's "Save as PDF" writes. Every
golden field is compared except source_line and source_format; texts are compared
without whitespace, since a printed wrap does not show whether a space stood there.

    PYTHAINLP_OFFLINE=1 .venv/bin/python benchmarks/office_pdf_accuracy.py
        [--generator odt|docx] [--font NAME ...] [--sizes BODY,TABLE] [--tagged]
        [--repeat-header yes|no (odt)] [--margins CM (docx)] [--out DIR] [--wrong] [SAMPLE ...]
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
import office_fixtures  # noqa: E402

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
    parser.add_argument("--generator", choices=("odt", "docx"), default="odt")
    parser.add_argument("--font", action="append",
                        help="a font (default: the generator's own list)")
    parser.add_argument("--wrong", action="store_true", help="print each wrong field")
    parser.add_argument("--repeat-header", choices=("yes", "no"),
                        help="print table headers again on each page (default: per sample)")
    parser.add_argument("--tagged", action="store_true", help="export with structure tags")
    parser.add_argument("--sizes", help="body and table point sizes, e.g. 14,12 (default: "
                        "the fixture's per font)")
    parser.add_argument("--margins", type=float, help="docx: page margins in cm")
    parser.add_argument("--out", type=Path, help="keep the documents and PDFs in this folder")
    args = parser.parse_args()
    if args.generator == "docx" and not docx_fixtures.docx_available():
        sys.exit("needs python-docx, soffice and the fonts " + ", ".join(docx_fixtures.FONTS))
    default_fonts = docx_fixtures.FONTS if args.generator == "docx" else office_fixtures.FONTS
    samples = sorted(p for p in (ROOT / "samples").glob("*.txt")
                     if p.with_name(p.stem + EXPECTED_SUFFIX).exists()
                     and (not args.names or any(n in p.name for n in args.names)))
    grand_right = grand_total = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        for font in args.font or default_fonts:
            started = time.perf_counter()
            sizes = tuple(int(n) for n in args.sizes.split(",")) if args.sizes else None
            folder = out / font.replace(" ", "-")
            if args.generator == "docx":
                pdfs = docx_fixtures.docx_pdfs(samples, font, folder, tagged=args.tagged,
                                               sizes=sizes, margins_cm=args.margins)
            else:
                repeat = None if args.repeat_header is None else args.repeat_header == "yes"
                pdfs = office_fixtures.office_pdfs(samples, font, folder, repeat_header=repeat,
                                                   sizes=sizes, tagged=args.tagged)
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
                        if not diff.split(":")[0].endswith("source_line"):
                            print(f"    {diff[:300]}")
            print(f"{font:16} ALL: {font_right}/{font_total} "
                  f"({100 * font_right / max(font_total, 1):.1f}%); PDFs made in {made:.0f} s")
            grand_right, grand_total = grand_right + font_right, grand_total + font_total
    print(f"ALL FONTS: {grand_right}/{grand_total} golden fields right "
          f"({100 * grand_right / max(grand_total, 1):.1f}%)")


if __name__ == "__main__":
    main()
