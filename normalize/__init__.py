"""Normalizer: pure functions that repair Thai text and read values out of it.

Order applied to every line of a document (`normalize_line`):
1. Unicode repair (`repair_unicode`): zero-width characters and odd spaces, Private Use
   Area glyph variants from PDF text layers, NFC, split or doubled SARA AM, duplicated
   and misordered marks, spaces before combining marks.
2. Thai digits -> Arabic digits (`thai_digits_to_arabic`).
3. OCR spelling fixes from `data/ocr_fixes.tsv` (exact misspellings only; each recorded).

Text read by OCR (scans) goes through `normalize_ocr_lines`, a document's lines together:
the same, then Tesseract's own misreadings from `data/ocr_scan_fixes.tsv`
(`apply_ocr_scan_fixes`, rule `ocr_scan_fix`), which are never applied to text exports or
PDF text layers, then list numbers read as signs mended by their neighbours (`_lists`,
rule `list_number_inferred`), then damaged words repaired (`_ocr_words`, rule
`ocr_word_repair`).

Values are then read with `parse_number` / `parse_quantity` / `digits_only` and the date
helpers, and entity names are made canonical with `match_agency` / `match_district` /
`match_district_group` against the lexicons in `data/`.
"""

from __future__ import annotations

from ._dates import (
    be_to_ce,
    ce_to_be,
    fiscal_month_to_calendar,
    fiscal_year_of,
    month_in_heading,
    month_number,
    parse_be_year,
    parse_thai_date,
)
from ._lexicon import (
    EntityMatch,
    apply_ocr_fixes,
    apply_ocr_scan_fixes,
    closest_name,
    district_names,
    match_abbreviation,
    match_agency,
    match_district,
    match_district_group,
    match_phrase,
    opens_with_label,
    same_printed_row,
)
from ._lists import mend_list_numbers
from ._numbers import Quantity, digits_only, parse_number, parse_quantity
from ._thai_text import (
    Repair,
    collapse_spaces,
    drop_marks_on_digits,
    join_broken_text,
    repair_unicode,
    thai_digits_to_arabic,
    unchanged_by_repairs,
)

__all__ = [
    "EntityMatch",
    "Quantity",
    "Repair",
    "apply_ocr_fixes",
    "apply_ocr_scan_fixes",
    "be_to_ce",
    "ce_to_be",
    "closest_name",
    "collapse_spaces",
    "digits_only",
    "district_names",
    "fiscal_month_to_calendar",
    "fiscal_year_of",
    "join_broken_text",
    "match_abbreviation",
    "match_agency",
    "match_district",
    "match_district_group",
    "match_phrase",
    "month_in_heading",
    "month_number",
    "normalize_line",
    "normalize_ocr_groups",
    "normalize_ocr_line",
    "normalize_ocr_lines",
    "opens_with_label",
    "parse_be_year",
    "parse_number",
    "parse_quantity",
    "parse_thai_date",
    "repair_ocr_words",
    "repair_unicode",
    "same_printed_row",
    "thai_digits_to_arabic",
]


def normalize_line(text: str) -> tuple[str, list[Repair]]:
    """Normalize one line of a document; returns the text and the repairs made."""
    if unchanged_by_repairs(text):  # nearly every line: one search, then the spellings
        return apply_ocr_fixes(text)
    text, repairs = repair_unicode(text)
    text = thai_digits_to_arabic(text)
    text, fixes = apply_ocr_fixes(text)
    return text, repairs + fixes


def normalize_ocr_lines(lines: list[str]) -> list[tuple[str, list[Repair]]]:
    """Normalize the lines one document's pages gave by OCR: `normalize_line`, then the
    scan misreadings, marks read on digits and misread list numbers, then words Tesseract
    damaged, repaired against the vocabulary and the words the document holds whole
    elsewhere (`_ocr_words`, rule `ocr_word_repair`). A line's list numbers are mended
    cell by cell (TAB-separated)."""
    return [group[0] for group in normalize_ocr_groups([[line] for line in lines])]


def normalize_ocr_groups(groups: list[list[str]]) -> list[list[tuple[str, list[Repair]]]]:
    """`normalize_ocr_lines` for texts that come in groups: the paragraphs of one table
    cell are one list whose numbers are mended together (a misread '๒.' between '1.' and
    '3.' on the next paragraphs). All texts of all groups are one document's: a word one
    text holds whole helps repair another."""
    # Imported here: the repair loads pythainlp's dictionary, which only scans need.
    from ._ocr_words import repair_ocr_words, words_seen

    read: list[list[tuple[str, list[Repair]]]] = []
    for group in groups:
        texts, repairs = [], []
        for text in group:
            text, found = normalize_line(text)
            text, fixes = apply_ocr_scan_fixes(text)
            text, specks = drop_marks_on_digits(text)
            texts.append(text)
            repairs.append(found + fixes + specks)
        mended = _mend_list_numbers_across(texts)
        read.append([(text, found + mends) for text, found, mends
                     in zip(mended[0], repairs, mended[1], strict=True)])
    # The words held whole, once repaired without them (มั้นคง is มั่นคง, and helps
    # repair บ้านมันคง on another line).
    seen = words_seen(repair_ocr_words(text)[0] for group in read for text, _ in group)
    out = []
    for group in read:
        done = []
        for text, repairs in group:
            text, word_repairs = repair_ocr_words(text, seen)
            done.append((text, repairs + word_repairs))
        out.append(done)
    return out


def _mend_list_numbers_across(texts: list[str]) -> tuple[list[str], list[list[Repair]]]:
    """`mend_list_numbers` over texts taken as one (joined by line breaks, which no list
    item spans), each repair kept with the text it was made in."""
    if len(texts) == 1:
        text, mends = mend_list_numbers(texts[0])
        return [text], [mends]
    joined, mends = mend_list_numbers("\n".join(texts))
    out = joined.split("\n")
    per_text: list[list[Repair]] = [[] for _ in texts]
    for mend in mends:
        at = next((i for i, (a, b) in enumerate(zip(texts, out, strict=True))
                   if a != b and mend.original in a), 0)
        per_text[at].append(mend)
    return out, per_text


def repair_ocr_words(text: str) -> tuple[str, list[Repair]]:
    """Thai words of one OCR'd text mended against the vocabulary alone (`_ocr_words`):
    what the line breaker saw, for measuring a wrapped line's first word."""
    from ._ocr_words import repair_ocr_words as repair

    return repair(text)


def normalize_ocr_line(text: str) -> tuple[str, list[Repair]]:
    """Normalize one line read by OCR on its own (`normalize_ocr_lines`)."""
    return normalize_ocr_lines([text])[0]
