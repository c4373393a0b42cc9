"""Read numbers and quantities as printed in Thai government forms.

Numbers come with Thai or Arabic digits (often mixed, e.g. `08.๓0`), thousands separators
and fixed decimals (`75.0000`). Quantities put the unit after the number (`๔๔๐ ครัวเรือน`)
except for a few words written before it (`ร้อยละ ๑๐๐`, `ระดับ ๕`), or name it with a
`หน่วยนับ :` label. The forms and units come from the BMA samples in `samples/`; no data
file is needed.

Every function here takes any `str` and never raises; what it cannot read is `None`.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from ._thai_text import collapse_spaces, thai_digits_to_arabic

# [0-9], not \d: \d and float() also accept Thai and other digits, which must have been
# converted (and checked) first.
_NUMBER = re.compile(r"[-\u2212]?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")

# A number-like token inside a longer text. A minus counts only at the start of a word,
# so "2563-2565" is two numbers, not 2563 and -2565.
_TOKEN = re.compile(r"(?:(?<![^\s(:])[-\u2212])?[0-9](?:[0-9,.]*[0-9])?")
# A label colon, not the colon of a time like 08:30.
_LABEL_COLON = re.compile(r"(?<![0-9]):|:(?![0-9])")
_PARENTHESES = re.compile(r"\([^()]*\)")
# The unit's label, one letter of นับ as a scan may misread it ('หน่วยบับ'): หน่วย
# followed by any other word is no label ('หน่วยงาน').
_UNIT_LABEL = re.compile(r"หน่วย(?:นับ\s*:?|[^\sนั:]ับ\s*:|น[^\sั:]บ\s*:|นั[^\sบ:]\s*:)")

# Units written before the number.
_UNITS_BEFORE = ("ร้อยละ", "ระดับ")


class Quantity(NamedTuple):
    """A value with its unit; `text` is the input with Arabic digits and spaces collapsed."""

    value: float | None
    unit: str | None
    text: str


def parse_number(text: str) -> float | None:
    """A single number as printed ("1,201", "๑,๒๐๑", "75.0000", "-3"); else None."""
    candidate = thai_digits_to_arabic(text).strip()
    if not _NUMBER.fullmatch(candidate):
        return None
    value = float(candidate.replace(",", "").replace("\u2212", "-"))
    # A thousand-digit string is not a printed number; inf would poison sums.
    return value if math.isfinite(value) else None


def _drop_parentheses(text: str) -> str:
    # Remarks in parentheses are not the value ("ระดับ ๕ (๖ ย่าน)"); inner ones go first.
    while True:
        stripped = _PARENTHESES.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    # An unclosed remark runs to the end of the cell.
    return text.split("(", 1)[0].replace(")", " ")


def _unit_before(prefix: str) -> str | None:
    prefix = prefix.rstrip(" :.")  # a stop: a scan's speck, or ะ read as one
    for unit in _UNITS_BEFORE:
        if prefix.endswith(unit):
            return unit
    return None


def parse_quantity(text: str) -> Quantity:
    """A value and its unit as printed in a target or result cell.

    "ร้อยละ ๑๐๐" -> (100, "ร้อยละ"); "๔๔๐ ครัวเรือน" -> (440, "ครัวเรือน");
    "ค่าเป้าหมาย : ๑ หน่วยนับ : ฉบับ" -> (1, "ฉบับ"); "-" -> (None, None).
    Remarks in parentheses are ignored. Only the part after the last label colon is read
    for the value; two different numbers there make the value None (ambiguous).
    """
    clean = collapse_spaces(thai_digits_to_arabic(text))
    body, unit = clean, None
    label = _UNIT_LABEL.search(body)
    if label:
        unit = collapse_spaces(_drop_parentheses(body[label.end():])) or None
        body = body[: label.start()]
    body = _drop_parentheses(body)

    colons = list(_LABEL_COLON.finditer(body))
    head, segment = (body[: colons[-1].start()], body[colons[-1].end():]) if colons else ("", body)
    tokens = list(_TOKEN.finditer(segment))
    values = {parse_number(t.group(0)) for t in tokens}
    value = values.pop() if len(values) == 1 else None

    if unit is None and value is not None:
        before = segment[: tokens[0].start()]
        unit = _unit_before(before if before.strip() else head)
        if unit is None:
            after = segment[tokens[-1].end():].strip()
            if after:
                unit = after
    return Quantity(value, unit, clean)


def digits_only(text: str) -> str:
    """The digits of a phone number or code: "๐๘ ๑๓๐๖ ๓๐๖๗" -> "0813063067"."""
    return "".join(re.findall("[0-9]", thai_digits_to_arabic(text)))
