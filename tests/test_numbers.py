"""Numbers and quantities as printed (`normalize._numbers`).

Cases are grouped by origin: cells of the sample documents (file number in the id),
constructed forms, and edge cases; property tests feed junk and formatted numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kr_extract.normalize._numbers import Quantity, digits_only, parse_number, parse_quantity
from kr_extract.normalize._thai_text import thai_digits_to_arabic

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Real documents.
        pytest.param("๔๔๐", 440.0, id="001-target"),
        pytest.param("๒,๐๑๐", 2010.0, id="004-thousands-thai"),
        pytest.param("๒,๐๐๔", 2004.0, id="002-thousands-thai"),
        pytest.param("75.0000", 75.0, id="003-fixed-decimals"),
        pytest.param("20.00", 20.0, id="003-result"),
        pytest.param("0.0000", 0.0, id="003-zero"),
        pytest.param("08.๓0", 8.3, id="003-mixed-thai-arabic"),
        pytest.param("-", None, id="004-dash-for-nothing"),
        pytest.param(" ๑๐ ", 10.0, id="004-score-with-spaces"),
        # Constructed.
        pytest.param("1,201", 1201.0, id="thousands"),
        pytest.param("๑,๒๐๑", 1201.0, id="thousands-thai"),
        pytest.param("1,234,567.25", 1234567.25, id="millions-decimal"),
        pytest.param("-3", -3.0, id="minus"),
        pytest.param("-1,201.5", -1201.5, id="minus-thousands"),
        pytest.param("\u22125", -5.0, id="unicode-minus"),
        pytest.param("0", 0.0, id="zero"),
        pytest.param("007", 7.0, id="leading-zeros"),
        # Edge cases: not one number as printed.
        pytest.param("", None, id="empty"),
        pytest.param("   ", None, id="blank"),
        pytest.param("1,2,3", None, id="bad-grouping"),
        pytest.param("12,34", None, id="short-group"),
        pytest.param("1,2345", None, id="long-group"),
        pytest.param("0,123", None, id="zero-group"),
        pytest.param("1 2", None, id="two-numbers"),
        pytest.param("1.2.3", None, id="two-dots"),
        pytest.param(".5", None, id="no-integer-part"),
        pytest.param("5.", None, id="trailing-dot"),
        pytest.param("--1", None, id="double-minus"),
        pytest.param("- 1", None, id="minus-space"),
        pytest.param("+1", None, id="plus"),
        pytest.param("1e5", None, id="exponent"),
        pytest.param("inf", None, id="inf"),
        pytest.param("nan", None, id="nan"),
        pytest.param("\u0661\u0662", None, id="arabic-indic-digits"),
        pytest.param("\uff11\uff12", None, id="fullwidth-digits"),
        pytest.param("ร้อยละ ๑๐๐", None, id="with-unit"),
        pytest.param("9" * 400, None, id="overflow"),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # Real documents.
        pytest.param("ร้อยละ ๑๐๐", 100.0, "ร้อยละ", id="004-percent-before"),
        pytest.param("ระดับ ๕ (๖ ย่าน)", 5.0, "ระดับ", id="004-level-with-remark"),
        pytest.param("ร้อยละ ๑๐๐ (จำนวนไม่น้อยกว่า ๒ หลักสูตร)", 100.0, "ร้อยละ",
                     id="004-percent-with-remark"),
        pytest.param("๑ หลักสูตร (พนักงานแม่บ้านโรงแรม)", 1.0, "หลักสูตร",
                     id="004-unit-after-with-remark"),
        pytest.param("ค่าเป้าหมาย : ๑ หน่วยนับ : ฉบับ", 1.0, "ฉบับ", id="000-unit-label"),
        pytest.param("ค่าเป้าหมาย : ๔๔๐ หน่วยนับ : ครัวเรือน", 440.0, "ครัวเรือน",
                     id="001-unit-label"),
        pytest.param("ค่าเป้าหมาย : ๑๐๐ (ครบถ้วนทุกหลังคาเรือนของชุมชนขนาดกลางและขนาดเล็ก) "
                     "หน่วยนับ : ร้อยละ", 100.0, "ร้อยละ", id="002-unit-label-with-remark"),
        pytest.param("ค่าเป้าหมายรวม ปีงบประมาณ พ.ศ. ๒๕๖๘\tค่าเป้าหมาย : ๑ หน่วยนับ : ฉบับ",
                     1.0, "ฉบับ", id="000-whole-row-year-before-label"),
        pytest.param("หน่วยนับ : ฉบับ", None, "ฉบับ", id="000-unit-only"),
        pytest.param("ค่าเป้าหมาย ร้อยละ : 75.0000", 75.0, "ร้อยละ", id="003-target"),
        pytest.param("ผลงานที่ทำได้ ร้อยละ : 20.0000", 20.0, "ร้อยละ", id="003-result"),
        pytest.param("๒,๐๐๔ ชุมชน", 2004.0, "ชุมชน", id="002-thousands-with-unit"),
        pytest.param("พ.ศ. ๒๕๖๓ : - พ.ศ. ๒๕๖๔ : - พ.ศ. ๒๕๖๕ : - พ.ศ. ๒๕๖๖ : -", None, None,
                     id="004-baseline-all-dashes"),
        pytest.param("-", None, None, id="004-dash"),
        pytest.param("๑๐", 10.0, None, id="004-bare-number"),
        # Constructed.
        pytest.param("๔๔๐ ครัวเรือน", 440.0, "ครัวเรือน", id="unit-after"),
        pytest.param("๑ ฉบับ", 1.0, "ฉบับ", id="one-copy"),
        pytest.param("ค่าเป้าหมาย : ๑๐๐ (ครบถ้วนทุกหลังคาเรือน...) หน่วยนับ : ร้อยละ", 100.0,
                     "ร้อยละ", id="label-with-ellipsis-remark"),
        pytest.param("ร้อยละ : 75.0000", 75.0, "ร้อยละ", id="percent-colon"),
        # a scan's misread letter in the unit's label (Sawasdee)
        pytest.param("ค่าเป้าหมาย : 1 หน่วยบับ : ฉบับ", 1.0, "ฉบับ", id="unit-label-misread"),
        pytest.param("ค่าเป้าหมาย : 1 หน่วยนัม : ฉบับ", 1.0, "ฉบับ", id="unit-label-misread-2"),
        pytest.param("1 หน่วยงาน : สำนัก", None, None, id="agency-label-is-no-unit-label"),
        # a scan's speck, or ะ read as a stop
        pytest.param("ร้อยละ. 100", 100.0, "ร้อยละ", id="percent-stop"),
        pytest.param("1,201", 1201.0, None, id="no-unit"),
        pytest.param("100 เปอร์เซ็นต์", 100.0, "เปอร์เซ็นต์", id="percent-word-after"),
        pytest.param("75%", 75.0, "%", id="percent-sign"),
        pytest.param("ไม่น้อยกว่าร้อยละ ๘๐", 80.0, "ร้อยละ", id="at-least-percent"),
        pytest.param("ร้อยละ ๑๐๐ (๒ (สอง) หลักสูตร)", 100.0, "ร้อยละ", id="nested-remark"),
        pytest.param("ร้อยละ ๑๐๐ (ไม่น้อยกว่า", 100.0, "ร้อยละ", id="unclosed-remark"),
        # Edge cases: ambiguous or empty.
        pytest.param("1 2", None, None, id="two-numbers"),
        pytest.param("ร้อยละ 80 หรือ 90", None, None, id="two-numbers-with-unit"),
        pytest.param("ค่าเป้าหมาย : 1 2 หน่วยนับ : ฉบับ", None, "ฉบับ",
                     id="two-numbers-with-label"),
        pytest.param("ร้อยละ 80 หรือ 80", 80.0, "ร้อยละ", id="same-number-twice"),
        pytest.param("พ.ศ. 2563-2565", None, None, id="003-year-range"),
        pytest.param("เวลา 08:30 น.", None, None, id="time"),
        pytest.param("1,2,3 ฉบับ", None, None, id="bad-number"),
        pytest.param("", None, None, id="empty"),
        pytest.param("ไม่มี", None, None, id="words-only"),
    ],
)
def test_parse_quantity(text: str, value: float | None, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.unit) == (value, unit)


def test_parse_quantity_text_keeps_remark() -> None:
    assert parse_quantity("ระดับ ๕ (๖ ย่าน)") == Quantity(5.0, "ระดับ", "ระดับ 5 (6 ย่าน)")
    assert parse_quantity(" ร้อยละ\t๑๐๐\n") == Quantity(100.0, "ร้อยละ", "ร้อยละ 100")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("๐๘ ๑๓๐๖ ๓๐๖๗", "0813063067", id="000-mobile"),
        pytest.param("๐ ๒๒๔๗ ๙๔๕๑", "022479451", id="001-landline"),
        pytest.param("0 2247 9451", "022479451", id="arabic"),
        pytest.param("โทร. ๐๒-๒๔๗-๙๔๕๑", "022479451", id="dashes-and-label"),
        pytest.param("", "", id="empty"),
        pytest.param("ไม่มี", "", id="no-digits"),
        pytest.param("\u0661\u0662\u0663", "", id="arabic-indic-dropped"),
    ],
)
def test_digits_only(text: str, expected: str) -> None:
    assert digits_only(text) == expected


# --- properties -------------------------------------------------------------------------

_NUMERIC_CHAR = st.one_of(
    st.sampled_from("0123456789๐๑๒๓๔๕๖๗๘๙,.-\u2212 ()::%\t"),
    st.sampled_from(["ร้อยละ", "ระดับ", "หน่วยนับ", "ฉบับ", "ค่าเป้าหมาย", "พ.ศ."]),
    st.integers(0x0E00, 0x0E7F).map(chr),
)
NUMERIC_TEXT = st.one_of(st.lists(_NUMERIC_CHAR, max_size=20).map("".join), st.text(max_size=30))


@PROPERTY_SETTINGS
@given(NUMERIC_TEXT)
def test_parsers_never_raise_property(text: str) -> None:
    number = parse_number(text)
    assert number is None or isinstance(number, float)
    quantity = parse_quantity(text)
    assert isinstance(quantity, Quantity)
    assert not any("\u0e50" <= c <= "\u0e59" for c in quantity.text)
    assert quantity.text == quantity.text.strip()
    assert "  " not in quantity.text
    assert set(digits_only(text)) <= set("0123456789")


@PROPERTY_SETTINGS
@given(NUMERIC_TEXT)
def test_thai_digits_then_parse_agree_property(text: str) -> None:
    assert parse_number(thai_digits_to_arabic(text)) == parse_number(text)
    assert parse_quantity(thai_digits_to_arabic(text)) == parse_quantity(text)


_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@PROPERTY_SETTINGS
@given(st.integers(-10**12, 10**12), st.integers(0, 4), st.booleans(), st.booleans())
def test_printed_numbers_round_trip_property(
    number: int, decimals: int, grouped: bool, thai: bool
) -> None:
    value = number / 10**decimals
    printed = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    if thai:
        printed = printed.translate(_TO_THAI)
    assert parse_number(printed) == pytest.approx(value)
    assert parse_quantity(f"ร้อยละ {printed}") == Quantity(
        parse_number(printed), "ร้อยละ", f"ร้อยละ {thai_digits_to_arabic(printed)}"
    )
