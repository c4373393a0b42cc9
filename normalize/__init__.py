"""Normalizer: pure functions that repair Thai text and read values out of it.

Order applied to every line of a document (`normalize_line`):
1. Unicode repair (`repair_unicode`): zero-width characters and odd spaces, Private Use
   Area glyph variants from PDF text layers, NFC, split or doubled SARA AM, duplicated
   and misordered marks, spaces before combining marks.
2. Thai digits -> Arabic digits (`thai_digits_to_arabic`).
3. OCR spelling fixes from `data/ocr_fixes.tsv` (exact misspellings only; each recorded).

Text read by OCR (scans) goes through `normalize_ocr_line`: the same, then Tesseract's own
misreadings from `data/ocr_scan_fixes.tsv` (`apply_ocr_scan_fixes`, rule `ocr_scan_fix`),
which are never applied to text exports or PDF text layers.

Values are then read with `parse_number` / `parse_quantity` / `digits_only` and the date
helpers, and entity names are made canonical with `match_agency` / `match_district` /
`match_district_group` against the lexicons in `data/`.
"""

from __future__ import annotations

import functools
import re

from ._dates import (
    be_to_ce,
    ce_to_be,
    fiscal_month_to_calendar,
    fiscal_year_of,
    month_number,
    parse_be_year,
    parse_thai_date,
)
from ._lexicon import (
    EntityMatch,
    apply_ocr_fixes,
    district_names,
    match_agency,
    match_district,
    match_district_group,
    match_phrase,
    read_tsv,
)
from ._numbers import Quantity, digits_only, parse_number, parse_quantity
from ._thai_text import (
    Repair,
    collapse_spaces,
    join_broken_text,
    repair_unicode,
    thai_digits_to_arabic,
)

__all__ = [
    "EntityMatch",
    "Quantity",
    "Repair",
    "apply_ocr_fixes",
    "apply_ocr_scan_fixes",
    "be_to_ce",
    "ce_to_be",
    "collapse_spaces",
    "digits_only",
    "district_names",
    "fiscal_month_to_calendar",
    "fiscal_year_of",
    "join_broken_text",
    "match_agency",
    "match_district",
    "match_district_group",
    "match_phrase",
    "month_number",
    "normalize_line",
    "normalize_ocr_line",
    "parse_be_year",
    "parse_number",
    "parse_quantity",
    "parse_thai_date",
    "repair_unicode",
    "thai_digits_to_arabic",
]


def normalize_line(text: str) -> tuple[str, list[Repair]]:
    """Normalize one line of a document; returns the text and the repairs made."""
    text, repairs = repair_unicode(text)
    text = thai_digits_to_arabic(text)
    text, fixes = apply_ocr_fixes(text)
    return text, repairs + fixes


@functools.cache
def _ocr_scan_fixes() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    rows = read_tsv("ocr_scan_fixes.tsv")
    # Longest first, so a longer misreading wins over one it contains. Never after a
    # leading vowel (เ แ โ ใ ไ belong to the syllable of the letter after them: เชือก) or
    # before a Thai mark: the printed word was then another one.
    ordered = sorted(((r["wrong"], r["right"]) for r in rows), key=lambda p: -len(p[0]))
    return tuple((re.compile("(?<![\u0e40-\u0e44])" + re.escape(wrong)
                             + "(?![\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"),
                  wrong, right) for wrong, right in ordered)


def apply_ocr_scan_fixes(text: str) -> tuple[str, list[Repair]]:
    """Repair Tesseract's known misreadings of Thai (`data/ocr_scan_fixes.tsv`); OCR text
    only. Each replacement is recorded with the rule `ocr_scan_fix`."""
    repairs: list[Repair] = []
    for pattern, wrong, right in _ocr_scan_fixes():
        text, count = pattern.subn(right, text)
        repairs.extend(Repair("ocr_scan_fix", wrong, right) for _ in range(count))
    return text, repairs


def normalize_ocr_line(text: str) -> tuple[str, list[Repair]]:
    """Normalize one line read by OCR: `normalize_line`, then the scan misreadings."""
    text, repairs = normalize_line(text)
    text, fixes = apply_ocr_scan_fixes(text)
    return text, repairs + fixes
