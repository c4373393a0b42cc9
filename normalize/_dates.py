"""Thai dates: month names, Buddhist Era years and the Thai government fiscal year.

Years are Buddhist Era (BE = CE + 543). Fiscal year N runs from October of BE N-1 to
September of BE N (the Budget Procedure Act), so fiscal 2567 starts in October 2023
CE. Month names and abbreviations are data (`data/thai_months.tsv`, Royal Institute forms
plus common misspellings and short forms).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

from ._data import read_tsv
from ._thai_text import thai_digits_to_arabic

_BE_OFFSET = 543
_PLAUSIBLE_BE = range(2400, 2700)
_FISCAL_START_MONTH = 10

# Dots and spaces inside abbreviations vary ("ม.ค.", "ม.ค", "มค.", "ม. ค."); keys drop them.
_KEY_NOISE = re.compile(r"[.\s\u200b]")


def _key(name: str) -> str:
    return _KEY_NOISE.sub("", name)


@functools.cache
def _month_rows() -> tuple[tuple[str, int], ...]:
    return tuple((row["alias"], int(row["month"])) for row in read_tsv("thai_months.tsv"))


def _spellings(alias: str) -> list[str]:
    # "ม.ค." is also printed "ม.ค", "มค." and "มค".
    if "." not in alias:
        return [alias]
    bare = alias.replace(".", "")
    return [alias, alias.rstrip("."), bare + ".", bare]


@functools.cache
def _months_by_key() -> dict[str, int]:
    return {_key(alias): month for alias, month in _month_rows()}


THAI_MONTHS: Mapping[str, int] = MappingProxyType(
    {spelling: month for alias, month in _month_rows() for spelling in _spellings(alias)}
)
"""Thai month names, short forms and abbreviations (with and without dots) -> 1-12."""


def month_number(name: str) -> int | None:
    """The month (1-12) of a Thai month name or abbreviation; None if it is not one."""
    return _months_by_key().get(_key(name))


def month_in_heading(text: str) -> int | None:
    """The month a table's heading cell names: its whole text, or its first word where
    more follows (a two-digit year, 'ต.ค. ๖๖', or a stop a scan misread, 'ต.ค e')."""
    words = text.split()
    if not words:
        return None
    return month_number(text) or (month_number(words[0]) if len(words) > 1 else None)


def be_to_ce(year_be: int) -> int:
    return year_be - _BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    return year_ce + _BE_OFFSET


# Four digits standing alone: not part of a longer number or a decimal ("1.2568").
_YEAR = re.compile(r"(?<![0-9])(?<![0-9][.,])[0-9]{4}(?![0-9]|[.,][0-9])")


def parse_be_year(text: str) -> int | None:
    """The BE year in "พ.ศ. ๒๕๖๘", "พ.ศ.2568", "ปี ๒๕๖๗" or "2568"; None if absent.

    Only years 2400-2699 count (a CE year such as 2024 is not a BE year); two different
    ones ("พ.ศ. 2563-2565") are ambiguous and give None.
    """
    years = {int(y) for y in _YEAR.findall(thai_digits_to_arabic(text))}
    plausible = {y for y in years if y in _PLAUSIBLE_BE}
    return plausible.pop() if len(plausible) == 1 else None


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, not {month!r}")


def fiscal_year_of(year_be: int, month: int) -> int:
    """The BE fiscal year of a calendar month: October-December belong to the next year."""
    _check_month(month)
    return year_be + 1 if month >= _FISCAL_START_MONTH else year_be


def fiscal_month_to_calendar(fiscal_year_be: int, month: int) -> str:
    """"YYYY-MM" (CE) of a month in a BE fiscal year: (2567, 10) -> "2023-10"."""
    _check_month(month)
    year_be = fiscal_year_be - 1 if month >= _FISCAL_START_MONTH else fiscal_year_be
    return f"{be_to_ce(year_be):04d}-{month:02d}"


def _month_pattern(alias: str) -> str:
    # Abbreviations match with or without their dots, with a space after a dot.
    if "." not in alias:
        return re.escape(alias)
    parts = [re.escape(p) for p in alias.split(".") if p]
    return r"\.?\s?".join(parts) + r"\.?"


@functools.cache
def _date_regex() -> re.Pattern[str]:
    aliases = sorted({alias for alias, _ in _month_rows()}, key=len, reverse=True)
    months = "|".join(_month_pattern(a) for a in aliases)
    return re.compile(
        r"(?<![0-9])(?P<day>[0-9]{1,2})\s*"
        rf"(?P<month>{months})\s*"
        r"(?:พ\.\s?ศ\.\s*)?"
        r"(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])"
    )


def parse_thai_date(text: str) -> tuple[int, int, int] | None:
    """The first date like "11 ตุลาคม 2562" or "๘ ส.ค. ๖๗" in the text: (year_be, month, day).

    A two-digit year is BE 25xx, as Thai documents abbreviate it. None if there is no
    valid date (the day must exist in that month).
    """
    for match in _date_regex().finditer(thai_digits_to_arabic(text)):
        month = month_number(match.group("month"))
        year = int(match.group("year"))
        if len(match.group("year")) == 2:
            year += 2500
        day = int(match.group("day"))
        if month is None or year not in _PLAUSIBLE_BE:
            continue
        try:
            datetime.date(be_to_ce(year), month, day)
        except ValueError:
            continue
        return year, month, day
    return None
