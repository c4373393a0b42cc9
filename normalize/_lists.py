"""Numbered lists in OCR text whose item numbers Tesseract read as signs or Latin letters.

Thai digits are Tesseract's weakest point, and an item number alone before '.' or ')' is
the worst case: ๑. reads as '©.', ๒) as 'lo)', ๓. as 'on.'. Within one cell the list's
own numbering tells the number: the item between 1) and 3) is 2). Only an item whose
neighbours both agree (or the first one, before a 2, or the last after at least 1 and 2
in order) is mended; each mend is a repair
(rule `list_number_inferred`), so the value's audit trail shows it.
"""

from __future__ import annotations

import re

from ._thai_text import Repair

# An item marker after a space or a cell's start: a number, or one or two signs that are
# neither Thai, digits nor an opening bracket ('(S)' and '(H)' are no items), then its
# full stop or closing bracket and a space.
_ITEM = re.compile(r"(?:^|(?<=\s))([0-9]{1,2}|[^\s\u0e00-\u0e7f0-9(\[]{1,2})([.)])(?=\s)")


def mend_list_numbers(text: str) -> tuple[str, list[Repair]]:
    """`text` with list numbers OCR misread put back, cell by cell (tab-separated)."""
    repairs: list[Repair] = []
    cells = [_mend_cell(cell, repairs) for cell in text.split("\t")]
    return "\t".join(cells), repairs


def _mend_cell(cell: str, repairs: list[Repair]) -> str:
    items = list(_ITEM.finditer(cell))
    mends: list[tuple[re.Match[str], int]] = []
    for delimiter in {m.group(2) for m in items}:
        marks = [m for m in items if m.group(2) == delimiter]
        numbers = [int(m.group(1)) if m.group(1).isdigit() else None for m in marks]
        for i, number in enumerate(numbers):
            if number is not None:
                continue
            before = numbers[i - 1] if i else 0
            after = numbers[i + 1] if i + 1 < len(numbers) else None
            if before is not None and after is not None and after == before + 2:
                mends.append((marks[i], before + 1))
            elif after is None and i >= 2 and numbers[:i] == list(range(1, i + 1)):
                mends.append((marks[i], i + 1))  # the last, after 1, 2 ... i in order
    for found, number in sorted(mends, key=lambda m: -m[0].start()):
        original = found.group(0)
        replacement = f"{number}{found.group(2)}"
        repairs.append(Repair("list_number_inferred", original, replacement))
        cell = cell[:found.start()] + replacement + cell[found.end():]
    return cell
