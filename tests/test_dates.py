"""Thai months, Buddhist Era years and fiscal years (`normalize._dates`).

Cases are grouped by origin: text of the sample documents (file number in the id),
constructed forms, and edge cases; the month data file is checked for well-formedness.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kr_extract.normalize._data import read_tsv
from kr_extract.normalize._dates import (
    THAI_MONTHS,
    be_to_ce,
    ce_to_be,
    fiscal_month_to_calendar,
    fiscal_year_of,
    month_in_heading,
    month_number,
    parse_be_year,
    parse_thai_date,
)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

FULL_NAMES = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
              "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
ABBREVIATIONS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                 "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]


# --- the month table --------------------------------------------------------------------

def test_thai_months_holds_every_name_and_abbreviation() -> None:
    for month, (name, abbr) in enumerate(zip(FULL_NAMES, ABBREVIATIONS, strict=True), 1):
        assert THAI_MONTHS[name] == month
        assert THAI_MONTHS[abbr] == month
        assert THAI_MONTHS[abbr.rstrip(".")] == month  # "ม.ค"
        assert THAI_MONTHS[abbr.replace(".", "") + "."] == month  # "มค."
    assert set(THAI_MONTHS.values()) == set(range(1, 13))


def test_thai_months_data_file_is_well_formed() -> None:
    rows = read_tsv("thai_months.tsv")
    seen: dict[str, int] = {}
    for row in rows:
        alias, month = row["alias"], int(row["month"])
        assert all(v == v.strip() for v in row.values()), row
        assert unicodedata.is_normalized("NFC", alias), row
        assert 1 <= month <= 12, row
        key = alias.replace(".", "")
        assert seen.setdefault(key, month) == month, f"{alias} maps to two months"
    assert {row["alias"] for row in rows} >= {*FULL_NAMES, *ABBREVIATIONS}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("ตุลาคม", 10, id="003-full"),
        pytest.param("สิงหาคม", 8, id="004-full"),
        pytest.param("ม.ค.", 1, id="abbr"),
        pytest.param("ม.ค", 1, id="abbr-no-final-dot"),
        pytest.param("มค.", 1, id="abbr-no-inner-dot"),
        pytest.param("มค", 1, id="abbr-no-dots"),
        pytest.param("ม. ค.", 1, id="abbr-spaced"),
        pytest.param(" มี.ค. ", 3, id="abbr-padded"),
        pytest.param("เม.ย.", 4, id="april-abbr"),
        pytest.param("มิ.ย", 6, id="june-abbr"),
        pytest.param("ธ.ค.", 12, id="december-abbr"),
        pytest.param("กรกฏาคม", 7, id="misspelling-to-ta"),
        pytest.param("ตุลา", 10, id="short-form"),
        pytest.param("", None, id="empty"),
        pytest.param("...", None, id="dots-only"),
        pytest.param("October", None, id="english"),
        pytest.param("ไตรมาส", None, id="not-a-month"),
    ],
)
def test_month_number(name: str, expected: int | None) -> None:
    assert month_number(name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ต.ค.", 10), ("ม. ค.", 1),  # a name alone, spaced or not
    ("ต.ค. ๖๖", 10), ("ต.ค e", 10),  # a two-digit year or a misread stop after it
    ("ต.ค", 10), ("", None), ("e ต.ค", None), ("ไตรมาส 1", None),
])
def test_month_in_heading(text: str, expected: int | None) -> None:
    assert month_in_heading(text) == expected


# --- years ------------------------------------------------------------------------------

def test_be_ce_conversion() -> None:
    assert be_to_ce(2568) == 2025
    assert ce_to_be(2025) == 2568
    assert be_to_ce(ce_to_be(1999)) == 1999


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ค่าเป้าหมายรวม ปีงบประมาณ พ.ศ. ๒๕๖๘", 2568, id="000-fiscal-year"),
        pytest.param("พ.ศ.๒๕๒๘", 2528, id="000-no-space"),
        pytest.param("ปี ๒๕๖๗", 2567, id="004-pi"),
        pytest.param("ชุมชน พ.ศ. 2555", 2555, id="003-arabic"),
        pytest.param("พ.ศ. ๒๕๖๘", 2568, id="thai-digits"),
        pytest.param("พ.ศ.2568", 2568, id="arabic-no-space"),
        pytest.param("2568", 2568, id="bare"),
        pytest.param("ค.ศ. 2024 (พ.ศ. 2567)", 2567, id="ce-and-be"),
        pytest.param("ปีงบประมาณ พ.ศ. 2563-2565", None, id="003-range-ambiguous"),
        pytest.param("2024", None, id="ce-year"),
        pytest.param("2399", None, id="too-early"),
        pytest.param("2700", None, id="too-late"),
        pytest.param("12568", None, id="five-digits"),
        pytest.param("2568.5", None, id="decimal"),
        pytest.param("1.2568", None, id="decimal-fraction"),
        pytest.param("ปี 67", None, id="two-digits"),
        pytest.param("", None, id="empty"),
    ],
)
def test_parse_be_year(text: str, expected: int | None) -> None:
    assert parse_be_year(text) == expected


@pytest.mark.parametrize(
    ("year_be", "month", "expected"),
    [
        pytest.param(2566, 10, 2567, id="october-starts-next"),
        pytest.param(2566, 12, 2567, id="december"),
        pytest.param(2567, 1, 2567, id="january"),
        pytest.param(2567, 9, 2567, id="september-ends"),
        pytest.param(2567, 10, 2568, id="october-again"),
    ],
)
def test_fiscal_year_of(year_be: int, month: int, expected: int) -> None:
    assert fiscal_year_of(year_be, month) == expected


@pytest.mark.parametrize(
    ("fiscal_year", "month", "expected"),
    [
        pytest.param(2567, 10, "2023-10", id="first-month"),
        pytest.param(2567, 12, "2023-12", id="december"),
        pytest.param(2567, 1, "2024-01", id="january"),
        pytest.param(2567, 9, "2024-09", id="last-month"),
        pytest.param(2568, 10, "2024-10", id="fy2568-start"),
    ],
)
def test_fiscal_month_to_calendar(fiscal_year: int, month: int, expected: str) -> None:
    assert fiscal_month_to_calendar(fiscal_year, month) == expected


@pytest.mark.parametrize("month", [0, 13, -1])
def test_bad_month_raises(month: int) -> None:
    with pytest.raises(ValueError, match="month"):
        fiscal_year_of(2567, month)
    with pytest.raises(ValueError, match="month"):
        fiscal_month_to_calendar(2567, month)


# --- dates ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Real documents.
        pytest.param("11 ตุลาคม 2562", (2562, 10, 11), id="003-arabic"),
        pytest.param("วันที่ 12 พฤศจิกายน 2562 ผอ.สยป. อนุมัติโครงการ", (2562, 11, 12),
                     id="003-in-sentence"),
        pytest.param("๘ สิงหาคม ๒๕๖๗", (2567, 8, 8), id="002-thai-digits"),
        pytest.param("(ข้อมูล ณ วันที่ ๒๓ สิงหาคม ๒๕๖๖)", (2566, 8, 23), id="004-in-remark"),
        pytest.param("ณ วันที่ ๓๐ กันยายน ๒๕๖๗", (2567, 9, 30), id="004-end-of-fiscal-year"),
        # Constructed.
        pytest.param("1 ม.ค. 2568", (2568, 1, 1), id="abbr"),
        pytest.param("5 มค.2568", (2568, 1, 5), id="abbr-no-inner-dot"),
        pytest.param("12 ม. ค. 2568", (2568, 1, 12), id="abbr-spaced"),
        pytest.param("๒๓ ส.ค. ๖๖", (2566, 8, 23), id="two-digit-year"),
        pytest.param("5 มกราคม พ.ศ. 2568", (2568, 1, 5), id="with-pho-so"),
        pytest.param("1 ต.ค. พ.ศ.2566", (2566, 10, 1), id="abbr-with-pho-so"),
        pytest.param("3 กรกฏาคม 2567", (2567, 7, 3), id="misspelled-month"),
        pytest.param("29 ก.พ. 2567", (2567, 2, 29), id="leap-day"),
        pytest.param("x 31 เมษายน 2567 y 1 พฤษภาคม 2567", (2567, 5, 1),
                     id="skips-invalid-first"),
        # Edge cases.
        pytest.param("29 ก.พ. 2566", None, id="not-leap"),
        pytest.param("31 เมษายน 2567", None, id="april-31"),
        pytest.param("0 มกราคม 2567", None, id="day-zero"),
        pytest.param("11 ตุลาคม 2019", None, id="ce-year"),
        pytest.param("ไตรมาสที่ 4", None, id="no-date"),
        pytest.param("ตุลาคม 2562", None, id="no-day"),
        pytest.param("", None, id="empty"),
    ],
)
def test_parse_thai_date(text: str, expected: tuple[int, int, int] | None) -> None:
    assert parse_thai_date(text) == expected


# --- properties -------------------------------------------------------------------------

@PROPERTY_SETTINGS
@given(st.integers(2400, 2699), st.integers(1, 12))
def test_fiscal_functions_agree_property(fiscal_year: int, month: int) -> None:
    calendar = fiscal_month_to_calendar(fiscal_year, month)
    year_ce, month_ce = (int(part) for part in calendar.split("-"))
    assert month_ce == month
    assert fiscal_year_of(ce_to_be(year_ce), month) == fiscal_year


_DATE_CHAR = st.one_of(
    st.sampled_from([" ", ".", "พ.ศ.", *FULL_NAMES, *ABBREVIATIONS, "๒๕๖๘", "31", "๙"]),
    st.integers(0x0E00, 0x0E7F).map(chr),
    st.sampled_from("0123456789"),
)


@PROPERTY_SETTINGS
@given(st.one_of(st.lists(_DATE_CHAR, max_size=12).map("".join), st.text(max_size=30)))
def test_date_parsers_never_raise_property(text: str) -> None:
    year = parse_be_year(text)
    assert year is None or 2400 <= year <= 2699
    date = parse_thai_date(text)
    assert date is None or (2400 <= date[0] <= 2699 and 1 <= date[1] <= 12)
    month = month_number(text)
    assert month is None or 1 <= month <= 12
