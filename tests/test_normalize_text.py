"""Unicode repair and text helpers of `normalize._thai_text`.

Cases are grouped by origin: lines of the sample documents, PUA strings built by hand
from HarfBuzz's Thai shaper rules (the samples carry no PUA glyphs), and edge cases.
Property tests feed Thai-heavy junk to `repair_unicode`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kr_extract.normalize._data import read_tsv
from kr_extract.normalize._thai_text import (
    Repair,
    collapse_spaces,
    join_broken_text,
    repair_unicode,
    thai_digits_to_arabic,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# --- real documents -------------------------------------------------------------------

REAL_REPAIRS = [
    pytest.param(
        ":เป้าหมายที่ ๕.๒.๑ ประชาชนมีส่วนร่วมในการเสนอนโยบายและตรวจสอบการทำางานของกรุงเทพมหานคร",
        ":เป้าหมายที่ ๕.๒.๑ ประชาชนมีส่วนร่วมในการเสนอนโยบายและตรวจสอบการทำงานของกรุงเทพมหานคร",
        [Repair("sara_am_stray_aa", "ทำา", "ทำ")],
        id="003-stray-sara-aa-after-sara-am",
    ),
    pytest.param(
        "ค่าเป้าหมายรวม ปีงบประมาณ พ.ศ. ๒๕๖๘\tค่าเป้าหมาย : ๑ หน่วยนับ : ฉบับ\t\t",
        "ค่าเป้าหมายรวม ปีงบประมาณ พ.ศ. ๒๕๖๘\tค่าเป้าหมาย : ๑ หน่วยนับ : ฉบับ\t\t",
        [],
        id="000-tab-row-unchanged",
    ),
    pytest.param(
        "เวลา 08.๓0 \u2013 16.30 น. ณ ห้องรัตนโกสินทร์",
        "เวลา 08.๓0 \u2013 16.30 น. ณ ห้องรัตนโกสินทร์",
        [],
        id="003-mixed-digits-untouched",
    ),
    pytest.param(
        "๑.๒ จัดทำโครงการชุมชนเข้มแข็งพัฒนาตนเองฯ และขอจัดสรรงบประมาณในภาพรวม ปี ๒๕๖๗",
        "๑.๒ จัดทำโครงการชุมชนเข้มแข็งพัฒนาตนเองฯ และขอจัดสรรงบประมาณในภาพรวม ปี ๒๕๖๗",
        [],
        id="004-clean-line-unchanged",
    ),
]

# Repairs expected over whole sample files: clean text exports need none but the known one.
SAMPLE_REPAIRS = {
    "000_97a597774b640575.txt": [],
    "001_418a55db55d94e5f.txt": [],
    "002_b5ef5c82b4e25241.txt": [],
    "003_82c197e5b1ac22e4.txt": [Repair("sara_am_stray_aa", "ทำา", "ทำ")],
    "004_a41e8c2e0c8c4b4b.txt": [],
}


@pytest.mark.parametrize(("line", "expected", "repairs"), REAL_REPAIRS)
def test_repair_real_lines(line: str, expected: str, repairs: list[Repair]) -> None:
    assert repair_unicode(line) == (expected, repairs)


@pytest.mark.parametrize("name", sorted(SAMPLE_REPAIRS))
def test_repair_whole_samples(name: str) -> None:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    found: list[Repair] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        found.extend(repair_unicode(line)[1])
    assert found == SAMPLE_REPAIRS[name]


# --- constructed PUA strings (HarfBuzz hb-ot-shaper-thai.cc) ----------------------------

PUA_CASES = [
    # Tone mark on a plain consonant with nothing above: shifted down (SD).
    pytest.param("ต\uf70bอง", "ต้อง", id="win-SD-mai-tho"),
    pytest.param("ต\uf88eอง", "ต้อง", id="mac-SD-mai-tho"),
    pytest.param("ทุ\uf70aง", "ทุ่ง", id="win-SD-mai-ek-after-below-vowel"),
    # Tone mark on an ascender consonant (ป ฝ ฟ): shifted down-left (SDL).
    pytest.param("ป\uf706าย", "ป้าย", id="win-SDL-mai-tho"),
    pytest.param("ป\uf88fาย", "ป้าย", id="mac-SDL-mai-tho"),
    # Vowel and tone above an ascender consonant: both shifted left (SL).
    pytest.param("ฝ\uf710\uf713ง", "ฝั่ง", id="win-SL-mai-han-akat-mai-ek"),
    pytest.param("ฟ\uf704\uf714น", "ฟื้น", id="win-SL-sara-uee-mai-tho"),
    pytest.param("ฟ\uf888\uf88dน", "ฟื้น", id="mac-SL-sara-uee-mai-tho"),
    pytest.param("ป\uf702\uf713", "ปี่", id="win-SL-sara-ii-mai-ek"),
    pytest.param("ป\uf886\uf88a", "ปี่", id="mac-SL-sara-ii-mai-ek"),
    # YO YING and THO THAN lose their descender before a below vowel (RD).
    pytest.param("กตัญ\uf70fู", "กตัญญู", id="win-RD-yo-ying"),
    pytest.param("กตัญ\uf89aู", "กตัญญู", id="mac-RD-yo-ying"),
    pytest.param("\uf700ุ", "ฐุ", id="win-RD-tho-than"),
    pytest.param("\uf89eุ", "ฐุ", id="mac-RD-tho-than"),
    # Below vowel of a descender consonant (ฎ ฏ): shifted down (SD).
    pytest.param("ฎ\uf718", "ฎุ", id="win-SD-sara-u"),
    pytest.param("ฎ\uf89b", "ฎุ", id="mac-SD-sara-u"),
    pytest.param("สิทธิ\uf717", "สิทธิ์", id="win-SL-thanthakhat"),
]


@pytest.mark.parametrize(("text", "expected"), PUA_CASES)
def test_pua_glyphs(text: str, expected: str) -> None:
    repaired, repairs = repair_unicode(text)
    assert repaired == expected
    assert [r.rule for r in repairs] == ["pua_glyph"]
    assert repairs[0].replacement in expected


def test_pua_repair_shows_cluster() -> None:
    assert repair_unicode("ต\uf70bองการ ฟ\uf704\uf714นฟู") == (
        "ต้องการ ฟื้นฟู",
        [Repair("pua_glyph", "ต\uf70b", "ต้"), Repair("pua_glyph", "ฟ\uf704\uf714", "ฟื้")],
    )


def test_pua_nikhahit_becomes_sara_am() -> None:
    # HarfBuzz decomposes ำ into ํ + า and shifts the ํ left over an ascender consonant.
    assert repair_unicode("ป\uf711า") == (
        "ปำ",
        [Repair("pua_glyph", "ป\uf711", "ปํ"), Repair("sara_am_split", "ปํา", "ปำ")],
    )


def test_pua_table_covers_both_ranges() -> None:
    rows = read_tsv("pua_thai.tsv")
    puas = [int(r["pua"], 16) for r in rows]
    assert sorted(puas) == [*range(0xF700, 0xF71B), *range(0xF884, 0xF89F)]
    for row in rows:
        char = chr(int(row["char"], 16))
        assert unicodedata.name(char).startswith("THAI CHARACTER"), row
        assert all(v == v.strip() and v for v in row.values()), row


# --- edge cases -------------------------------------------------------------------------

EDGE_REPAIRS = [
    # SARA AM written as NIKHAHIT + SARA AA (Tesseract), around a tone mark.
    pytest.param("ทํางาน", "ทำงาน", [Repair("sara_am_split", "ทํา", "ทำ")],
                 id="nikhahit-sara-aa"),
    pytest.param("น\u0e4d\u0e49\u0e32", "น้ำ", [Repair("sara_am_split", "นํ้า", "น้ำ")],
                 id="nikhahit-tone-sara-aa"),
    pytest.param("น\u0e49\u0e4d\u0e32", "น้ำ", [Repair("sara_am_split", "น้ํา", "น้ำ")],
                 id="tone-nikhahit-sara-aa"),
    pytest.param("ทําางาน", "ทำงาน",
                 [Repair("sara_am_split", "ทํา", "ทำ"), Repair("sara_am_stray_aa", "ทำา", "ทำ")],
                 id="split-and-stray-aa"),
    pytest.param("ทำาา", "ทำ", [Repair("sara_am_stray_aa", "ทำาา", "ทำ")],
                 id="two-stray-aa"),
    # Marks.
    pytest.param("ก่่", "ก่", [Repair("duplicate_mark", "ก่่", "ก่")], id="duplicate-tone"),
    pytest.param("กิิน", "กิน", [Repair("duplicate_mark", "กิิ", "กิ")], id="duplicate-vowel"),
    pytest.param("ก่ิ", "กิ่", [Repair("mark_order", "ก่ิ", "กิ่")], id="tone-before-above-vowel"),
    pytest.param("พันธ์ุ", "พันธุ์", [Repair("mark_order", "ธ์ุ", "ธุ์")],
                 id="thanthakhat-before-below-vowel"),
    pytest.param("ที่ี่", "ที่",
                 [Repair("mark_order", "ที่ี่", "ทีี่่"), Repair("duplicate_mark", "ทีี่่", "ที่")],
                 id="doubled-vowel-and-tone"),
    # A tone before a below vowel is NFC's canonical order: fixed silently.
    pytest.param("ทุ่ง", "ทุ่ง", [], id="nfc-orders-below-vowel"),
    # Spaces before combining marks (pdftotext -layout, PDF text layers).
    pytest.param("ท ี่", "ที่", [Repair("space_before_mark", "ท ี", "ที")], id="space-before-vowel"),
    pytest.param("ผู ้ประกอบการ", "ผู้ประกอบการ", [Repair("space_before_mark", "ู ้", "ู้")],
                 id="space-between-marks"),
    pytest.param("ก  ่", "ก่", [Repair("space_before_mark", "ก  ่", "ก่")], id="two-spaces"),
    pytest.param("ก\t่", "ก\t่", [], id="tab-before-mark-kept"),
    pytest.param(" ่", " ่", [], id="space-at-start-kept"),
    pytest.param("a ่", "a ่", [], id="space-after-latin-kept"),
    # Invisible characters and odd spaces: silent.
    pytest.param("\ufeffกรุง\u200bเทพ\u00adมหานคร", "กรุงเทพมหานคร", [], id="zero-width"),
    pytest.param("ร้อยละ\u00a0๑๐๐\u3000คน\u2009x", "ร้อยละ ๑๐๐ คน x", [], id="unicode-spaces"),
    pytest.param("ก\u200bท ี่", "กที่", [Repair("space_before_mark", "ท ี", "ที")],
                 id="zero-width-then-space-before-mark"),
    pytest.param("a\tb\nc", "a\tb\nc", [], id="tab-and-newline-kept"),
    pytest.param("", "", [], id="empty"),
    pytest.param("ก\u0301", "ก\u0301", [], id="foreign-mark-kept"),
    pytest.param("e\u0301", "\u00e9", [], id="nfc-composes-latin"),
]


@pytest.mark.parametrize(("text", "expected", "repairs"), EDGE_REPAIRS)
def test_repair_edge_cases(text: str, expected: str, repairs: list[Repair]) -> None:
    assert repair_unicode(text) == (expected, repairs)


@pytest.mark.parametrize(
    "text",
    [p.values[0] for p in (*REAL_REPAIRS, *PUA_CASES, *EDGE_REPAIRS)],
)
def test_repair_is_idempotent_on_cases(text: str) -> None:
    once = repair_unicode(text)[0]
    assert repair_unicode(once) == (once, [])


def test_repair_never_uses_nfkc() -> None:
    # NFKC would split SARA AM into NIKHAHIT + SARA AA.
    assert repair_unicode("ทำ") == ("ทำ", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("๐๑๒๓๔๕๖๗๘๙", "0123456789", id="all-digits"),
        pytest.param("พ.ศ. ๒๕๖๘", "พ.ศ. 2568", id="000-year"),
        pytest.param("08.๓0", "08.30", id="003-mixed"),
        pytest.param("ร้อยละ ๑๐๐ (R)", "ร้อยละ 100 (R)", id="letters-untouched"),
        pytest.param("\u0663\uff11", "\u0663\uff11", id="other-digits-untouched"),
    ],
)
def test_thai_digits_to_arabic(text: str, expected: str) -> None:
    assert thai_digits_to_arabic(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ชื่อหน่วยงาน/ส่วนราชการ\tค่าเป้าหมาย\tบทบาทภารกิจ",
                     "ชื่อหน่วยงาน/ส่วนราชการ ค่าเป้าหมาย บทบาทภารกิจ", id="000-tab-row"),
        pytest.param("  a \t\n b  ", "a b", id="mixed-whitespace"),
        pytest.param("a\u00a0\u00a0b", "a b", id="nbsp"),
        pytest.param("", "", id="empty"),
        pytest.param(" \t\n", "", id="only-whitespace"),
    ],
)
def test_collapse_spaces(text: str, expected: str) -> None:
    assert collapse_spaces(text) == expected


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        pytest.param("ร้อยละความสำเร็จของการ", "นำเข้าข้อมูลในระบบนำเข้า",
                     "ร้อยละความสำเร็จของการนำเข้าข้อมูลในระบบนำเข้า", id="004-thai-thai"),
        pytest.param("ข้อมูลแผนผังชุมชน", "(One Map)", "ข้อมูลแผนผังชุมชน (One Map)",
                     id="004-thai-parenthesis"),
        pytest.param("ระบบ DP.bankok.go.th", "ของสำนักยุทธศาสตร์",
                     "ระบบ DP.bankok.go.th ของสำนักยุทธศาสตร์", id="004-latin-thai"),
        pytest.param("จำนวน", "๑๓ ศูนย์", "จำนวน ๑๓ ศูนย์", id="thai-digit"),
        pytest.param("พ.ศ.", "๒๕๖๘", "พ.ศ. ๒๕๖๘", id="dot-digit"),
        pytest.param("ผู", "้ประกอบการ", "ผู้ประกอบการ", id="mark-starts-right"),
        pytest.param("เป็น", "ไปตามแผน", "เป็นไปตามแผน", id="leading-vowel"),
        # 004 scanned: "จัดทำโครงการ/กิจกรรม" wrapped after the slash read "โครงการ/ กิจกรรม"
        pytest.param("จัดทำโครงการ/", "กิจกรรมตามแผน", "จัดทำโครงการ/กิจกรรมตามแผน",
                     id="slash-between-thai-words"),
        pytest.param("กลุ่มออมทรัพย์", "/สหกรณ์", "กลุ่มออมทรัพย์/สหกรณ์",
                     id="slash-starts-right"),
        pytest.param("ส่วนราชการ", "/ สูตร", "ส่วนราชการ / สูตร", id="slash-set-apart"),
        pytest.param("KPI/", "ตัวชี้วัด", "KPI/ ตัวชี้วัด", id="slash-after-latin"),
        pytest.param("ต่างๆ", "นานา", "ต่างๆ นานา", id="maiyamok-ends-left"),
        pytest.param("ต่าง", "ๆ นานา", "ต่างๆ นานา", id="maiyamok-starts-right"),
        pytest.param("กรุงเทพฯ", "ให้", "กรุงเทพฯ ให้", id="paiyannoi-ends-left"),
        pytest.param("กลุ่มเขต", "กรุงเทพกลาง", "กลุ่มเขต กรุงเทพกลาง",
                     id="002-label-set-apart"),
        pytest.param("ครัวเรือน", "หมายถึง การรวมตัว", "ครัวเรือน หมายถึง การรวมตัว",
                     id="spaced-word-starts-right"),
        pytest.param("ประชุม", "ณ ห้องนพรัตน์", "ประชุม ณ ห้องนพรัตน์", id="na-stands-apart"),
        # 004 scanned: "...วัยเรียน กรุงเทพมหานคร" wrapped before "ประจำปี ๒๕๖๗" (OCR: ประจําปี)
        pytest.param("กรุงเทพมหานคร", "ประจำปี ๒๕๖๗", "กรุงเทพมหานคร ประจำปี ๒๕๖๗",
                     id="office-before-prachampi"),
        pytest.param("กรุงเทพมหานคร", "ประจ\u0e4d\u0e32ปี ๒๕๖๗",
                     "กรุงเทพมหานคร ประจ\u0e4d\u0e32ปี ๒๕๖๗", id="ocr-split-sara-am"),
        pytest.param("แผนปฏิบัติราชการ", "ประจำปีงบประมาณ", "แผนปฏิบัติราชการประจำปีงบประมาณ",
                     id="prachampi-starting-a-longer-word"),
        pytest.param("ประจำปีงบประมาณ", "พ.ศ. ๒๕๖๗", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
                     id="abbreviation-stands-apart"),
        pytest.param("ประมาณ", "การ", "ประมาณการ", id="na-ending-a-longer-word"),
        pytest.param("ผล", "เช่นเดียวกัน", "ผลเช่นเดียวกัน", id="listed-word-starting-a-longer"),
        pytest.param(" กรุงเทพ \n", "\tมหานคร ", "กรุงเทพมหานคร", id="trimmed"),
        pytest.param("", "มหานคร", "มหานคร", id="empty-left"),
        pytest.param("กรุงเทพ", "  ", "กรุงเทพ", id="blank-right"),
        pytest.param("", "", "", id="both-empty"),
    ],
)
def test_join_broken_text(left: str, right: str, expected: str) -> None:
    assert join_broken_text(left, right) == expected


# --- properties -------------------------------------------------------------------------

_SPECIALS = [" ", " ", "\t", "\n", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u00ad",
             "\u2000", "\u2001", "\u3000", "\u202f", "a", "1", "(", ":", "\u0301"]
_THAI_CHAR = st.one_of(
    st.integers(0x0E00, 0x0E7F).map(chr),
    st.integers(0xF700, 0xF71A).map(chr),
    st.integers(0xF884, 0xF89E).map(chr),
    st.sampled_from(_SPECIALS),
)
THAI_TEXT = st.one_of(st.text(_THAI_CHAR, max_size=30), st.text(max_size=30))
_MARKS_AND_PUA = "".join(
    [chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F))]
    + [chr(c) for c in (*range(0xF700, 0xF71B), *range(0xF884, 0xF89F))]
)
# Marks only after consonants and SARA AM/AA: the damage repair_unicode exists for.
MARK_HEAVY = st.text(st.sampled_from("กนปฝฟญฐทำา " + _MARKS_AND_PUA), max_size=20)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


def _consonants(text: str) -> list[str]:
    return [c for c in text if "\u0e01" <= c <= "\u0e2e"]


@PROPERTY_SETTINGS
@given(st.one_of(THAI_TEXT, MARK_HEAVY))
def test_repair_idempotent_property(text: str) -> None:
    once, repairs = repair_unicode(text)
    assert repair_unicode(once) == (once, [])
    assert unicodedata.is_normalized("NFC", once)
    assert all(r.original != r.replacement for r in repairs)


@PROPERTY_SETTINGS
@given(st.one_of(THAI_TEXT, MARK_HEAVY))
def test_repair_keeps_layout_and_letters_property(text: str) -> None:
    repaired, _ = repair_unicode(text)
    assert repaired.count("\n") == text.count("\n")
    assert repaired.count("\t") == text.count("\t")
    assert not any(0xF700 <= ord(c) <= 0xF71A or 0xF884 <= ord(c) <= 0xF89E for c in repaired)
    assert not set(repaired) & set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u3000")
    # Consonants are never added, dropped or reordered (PUA consonants count as theirs).
    puas = {"\uf700": "ฐ", "\uf89e": "ฐ", "\uf70f": "ญ", "\uf89a": "ญ"}
    assert _consonants(repaired) == _consonants("".join(puas.get(c, c) for c in text))


@PROPERTY_SETTINGS
@given(THAI_TEXT)
def test_thai_digits_to_arabic_property(text: str) -> None:
    converted = thai_digits_to_arabic(text)
    assert len(converted) == len(text)
    assert not any("\u0e50" <= c <= "\u0e59" for c in converted)
    assert [c for c, o in zip(converted, text, strict=True) if c != o] == [
        str(ord(o) - 0x0E50) for c, o in zip(converted, text, strict=True) if c != o
    ]


@PROPERTY_SETTINGS
@given(THAI_TEXT, THAI_TEXT)
def test_join_broken_text_property(left: str, right: str) -> None:
    joined = join_broken_text(left, right)
    assert joined == joined.strip()
    assert joined.replace(" ", "") == (left.strip() + right.strip()).replace(" ", "")


# --- the fast path: a line no rule would change costs one search ---------------------------

_THAI_ALPHABET = ("กขคงจฉชซญดตถทนบปผพฟมยรลวศษสหอฮะาำเแโใไๅ"
                  "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a"
                  "\u0e4b\u0e4c\u0e4d\u0e4e ๐๑๒\t\u200b\u00a0\uf700\uf70a\u0e32")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_THAI_ALPHABET, max_size=12))
def test_the_fast_path_gives_what_every_rule_gives(text):
    from kr_extract.normalize._thai_text import _repair_unicode_fully

    assert repair_unicode(text) == _repair_unicode_fully(text)


def test_a_header_printed_again_is_told_by_its_first_label_when_the_rest_is_garbled():
    from kr_extract.normalize import same_printed_row

    header = ["ขั้นตอนการดำเนินงาน", "ปีงบประมาณพ.ศ.2567"]
    assert same_printed_row(header, ["ขั้นตอนการดำเนินงาน", "ปีงบประมาณWA.Wedel"])
    assert same_printed_row(header, ["ขั้นตอนการดําเนินงาน", "ปีงบประมาณพ.ศ.2567"])
    # body rows differ in their first cell, however alike the rest
    assert not same_printed_row(["5", "ร้อยละ100", "ทำได้", "10"],
                                ["4", "ร้อยละ80", "ทำได้บ้าง", "8"])
    assert not same_printed_row(["1.ออกแบบระบบ", "█"], ["2.ทดลองใช้ระบบ", "█"])


def test_a_header_printed_again_is_told_by_its_letters_when_short_cells_differ():
    from kr_extract.normalize import same_printed_row

    header = ["ที่", "ชื่อตัวชี้วัด", "ข้อมูลพื้นฐาน(Baselinedata)", "เป้าหมาย",
              "น้ำหนักคะแนน", "นิยามและวิธีคำนวณ"]
    # two cells of six garbled (one short, one a word read as Latin), the rest a mark off
    again = ["ทื", "ชือตัวชีวัด", "ข้อมูลพึนฐาน(Baselinedata)", "เป้าหมาย", "dainคะแนน",
             "นิยามและวิธีคำนวณ"]
    assert same_printed_row(header, again)
    # a body row under it shares none of its letters
    assert not same_printed_row(header, ["1", "ร้อยละความสำเร็จ", "พ.ศ.2563:-", "ร้อยละ100",
                                         "10", "นิยาม-ศูนย์พัฒนาเด็ก"])
    # half the cells garbled and the letters far apart: not the same row
    assert not same_printed_row(header, ["ทื", "ชือตัวชีวัด", "Baseline", "เป้าหมาย",
                                         "dainคะแนน", "นิยามและวิธีคำนวณ"])
