"""Scan accuracy: print the samples as PDFs, scan them, OCR them, compare with the goldens.

For each sample with an expected file: render it (tests/pdf_fixtures.py, shaped Thai,
Laksaman), rasterize it as a slightly rotated noisy scan, run the pipeline, and compare
every golden field (all columns except source_line and source_format). Prints the share of
golden fields right, how many golden rows the scan did not give, and how many numbers it
gave wrong (number fields, and text fields holding only a number such as '5.2' or
'0 / 0') without an issue on the row's source line with a low-confidence or
cross-check code, or a missing_field issue naming that field (silently wrong).

    PYTHAINLP_OFFLINE=1 .venv/bin/python benchmarks/scan_accuracy.py [--dpi 300] [--seed 1]
        [--wrong] [NAME...]

--seed picks the scanner's tilt and noise (other seeds: other scans of the same pages);
--wrong also prints every field the scan got wrong, expected value against the one given,
and marks the wrong numbers no issue flags.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pdf_fixtures  # noqa: E402

from kr_extract.check import EXPECTED_SUFFIX, load_expected, project  # noqa: E402
from kr_extract.pipeline import process_file  # noqa: E402

# Issues that put a row's numbers in doubt: a doubtful reading, a failed cross-check,
# or part of the row not understood.
FLAG_CODES = {"low_ocr_confidence", "unreadable_number", "total_mismatch",
              "percent_out_of_range", "unit_mismatch", "row_realigned",
              "rubric_score_mismatch", "rubric_levels_incomplete", "uncertain_count",
              "baseline_years", "unplaced_text"}


NUMBER_TEXT = re.compile(r"[0-9]+(?:\s*[./-]\s*[0-9]+)*")


def fields(expected: dict) -> list[tuple[str, int, str, object]]:
    out = []
    for table, rows in expected.items():
        for i, row in enumerate([rows] if isinstance(rows, dict) else rows):
            for column, value in row.items():
                if column not in ("source_line", "source_format"):
                    out.append((table, i, column, value))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1, help="the scans' tilt and noise")
    parser.add_argument("--wrong", action="store_true", help="print each wrong field")
    args = parser.parse_args()
    samples = sorted(p for p in (ROOT / "samples").glob("*.txt")
                     if p.with_name(p.stem + EXPECTED_SUFFIX).exists()
                     and (not args.names or any(n in p.name for n in args.names)))
    total = right = wrong_numbers = unflagged = missing_rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        for sample in samples:
            started = time.perf_counter()
            pdf = pdf_fixtures.render_text_pdf(sample, Path(tmp) / f"{sample.stem}.pdf",
                                               shaping=True)
            scan = pdf_fixtures.render_scan(pdf, Path(tmp) / f"{sample.stem}.scan.pdf",
                                            dpi=args.dpi, seed=args.seed)
            result = process_file(scan)
            expected = load_expected(sample)
            actual = project(expected, result)
            issues = result.tables.get("issues", [])
            flagged_lines = {i.get("source_line") for i in issues
                             if i["code"] in FLAG_CODES} - {None}
            # A value said to be missing, on its row's line and by its field.
            missing = {(i.get("source_line"), (i.get("field") or "").split(".")[-1])
                       for i in issues if i["code"] == "missing_field"}
            n = ok = 0
            for table, i, column, value in fields(expected):
                got_rows = actual[table] if isinstance(actual[table], list) else [actual[table]]
                full_rows = result.tables.get(table, [])
                n += 1
                if i >= len(got_rows):  # a row the scan did not give: not a wrong value
                    missing_rows += column == next(iter(expected_row(expected, table, i)))
                    continue
                if got_rows[i].get(column) == value:
                    ok += 1
                    continue
                silent = False
                if is_number(value):
                    wrong_numbers += 1
                    line = full_rows[i].get("source_line") if i < len(full_rows) else None
                    silent = line not in flagged_lines and (line, column) not in missing
                    unflagged += silent
                if args.wrong:
                    print(f"  {table}[{i}].{column}: expected {value!r}, "
                          f"got {got_rows[i].get(column)!r}" + (" (not flagged)" if silent
                                                                else ""))
            total, right = total + n, right + ok
            print(f"{sample.name}: {ok}/{n} fields right ({100 * ok / max(n, 1):.1f}%), "
                  f"{time.perf_counter() - started:.0f} s")
    print(f"ALL: {right}/{total} golden fields right ({100 * right / max(total, 1):.1f}%); "
          f"rows not given: {missing_rows}; wrong numbers given: {wrong_numbers}, "
          f"not flagged in issues: {unflagged}")


def is_number(value: object) -> bool:
    """A number field, or a text field holding only a number ('5.2', '0 / 0', '1-2')."""
    if isinstance(value, str):
        return bool(NUMBER_TEXT.fullmatch(value))
    return isinstance(value, int | float) and not isinstance(value, bool)


def expected_row(expected: dict, table: str, index: int) -> dict:
    rows = expected[table]
    return rows if isinstance(rows, dict) else rows[index]


if __name__ == "__main__":
    main()
