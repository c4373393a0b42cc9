"""The data files are well-formed, and matching names against them behaves."""

import unicodedata
from importlib import resources

import pytest
from kr_extract.extract.forms._common import form_options
from kr_extract.normalize._data import read_tsv

from kr_extract import normalize

DATA = [p.name for p in resources.files("normalize").joinpath("data").iterdir()
        if p.name.endswith(".tsv")]


@pytest.mark.parametrize("name", DATA)
def test_data_file_is_clean(name):
    text = resources.files("normalize").joinpath("data", name).read_text(encoding="utf-8")
    assert text.startswith("#"), "a header comment says where the list came from"
    assert unicodedata.normalize("NFC", text) == text
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for cell in line.split("\t"):
            assert cell == cell.strip(), f"stray whitespace in {line!r}"
            assert not any("\u0e50" <= ch <= "\u0e59" for ch in cell), "Thai digits in data"


def test_fifty_districts_in_six_groups_with_unique_codes():
    rows = read_tsv("districts.tsv")
    assert len(rows) == 50
    assert len({r["code"] for r in rows}) == 50
    assert len({r["district"] for r in rows}) == 50
    assert len({r["group"] for r in rows}) == 6


@pytest.mark.parametrize(("alias_file", "canonical_file", "alias_col", "canon_col"), [
    ("district_aliases.tsv", "districts.tsv", "alias", "district"),
    ("agency_aliases.tsv", "agencies.tsv", "alias", "agency"),
])
def test_aliases_point_at_canonical_names_and_are_not_canonical(
        alias_file, canonical_file, alias_col, canon_col):
    canonical = {r[canon_col] for r in read_tsv(canonical_file)}
    seen: dict[str, str] = {}
    for row in read_tsv(alias_file):
        alias, target = row[alias_col], row[canon_col]
        assert target in canonical, f"{alias} -> {target} which is not canonical"
        assert alias not in canonical, f"alias {alias} is itself a canonical name"
        assert seen.setdefault(alias, target) == target, f"{alias} maps to two names"


def test_abbreviations_are_unique():
    abbrs = [r["abbreviation"] for r in read_tsv("agencies.tsv") if r["abbreviation"]]
    assert len(abbrs) == len(set(abbrs))


def test_ocr_fixes_never_produce_another_misspelling():
    rows = read_tsv("ocr_fixes.tsv")
    wrong = {r["wrong"] for r in rows}
    assert not any(w in r["right"] for r in rows for w in wrong)


def test_spacing_words_say_which_side_the_space_is_on():
    rows = read_tsv("thai_spacing.tsv")
    assert rows and all(r["side"] in ("before", "after", "both") and r["note"] for r in rows)


def test_form_options_are_loaded():
    options = form_options("kr_detail")
    assert set(options) == {"responsibility_type", "reference_documents",
                            "reporting_channel", "monitoring"}


# --- matching --------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "canonical", "rule"), [
    pytest.param("สำนักพัฒนาสังคม", "สำนักพัฒนาสังคม", "exact", id="exact"),
    pytest.param("สำนักงานพัฒนาสังคม", "สำนักพัฒนาสังคม", "alias", id="known-misspelling"),
    pytest.param("สำนักงานการพัฒนาชุมชน", "สำนักงานการพัฒนาชุมชน", "exact",
                 id="real-office-not-confused"),
    pytest.param("สพส.", "สำนักพัฒนาสังคม", "abbreviation", id="abbreviation"),
    pytest.param("สพส", "สำนักพัฒนาสังคม", "abbreviation", id="abbreviation-no-dot"),
    pytest.param("สำนักพัฒนาสงคม", "สำนักพัฒนาสังคม", "fuzzy", id="ocr-dropped-vowel"),
    pytest.param("สำนักงานเขตราชบุรีบูรณะ", "สำนักงานเขตราษฎร์บูรณะ", "district_office",
                 id="district-office-with-misspelt-district"),
    pytest.param("สำนักงานเขตบางรัก", "สำนักงานเขตบางรัก", "district_office",
                 id="district-office"),
])
def test_match_agency(raw, canonical, rule):
    found = normalize.match_agency(raw)
    assert found is not None
    assert (found.canonical, found.rule) == (canonical, rule)


@pytest.mark.parametrize("raw", ["บริษัทเอกชนจำกัด", "", "สำนัก"])
def test_unknown_agency_is_not_guessed(raw):
    assert normalize.match_agency(raw) is None


@pytest.mark.parametrize(("raw", "canonical"), [
    ("ราชบุรีบูรณะ", "ราษฎร์บูรณะ"),
    ("เขตบางรัก", "บางรัก"),
    ("ป้อมปราบศัตรูพาย", "ป้อมปราบศัตรูพ่าย"),
    ("บางกอกน้อย", "บางกอกน้อย"),
    # scans of sample 002: marks misread in a short name, and a mark lost with a space
    ("ดูสิต", "ดุสิต"),
    ("ป้อมปราบศัต ฐ์พาย", "ป้อมปราบศัตรูพ่าย"),
])
def test_match_district(raw, canonical):
    assert normalize.match_district(raw).canonical == canonical


def test_close_districts_are_not_confused():
    # บางกอกใหญ่ / บางกอกน้อย, บางเขน / บางแค: fuzzy matching must not jump between them.
    assert normalize.match_district("บางกอกใหญ่").canonical == "บางกอกใหญ่"
    assert normalize.match_district("บางแค").canonical == "บางแค"
    assert normalize.match_district("บางกอก") is None
    # its letters fit two districts (ธนบุรี, มีนบุรี): not guessed
    assert normalize.match_district("นบุรี") is None


@pytest.mark.parametrize(("raw", "canonical"), [
    ("กลุ่มเขต กรุงเทพ ตะวันออก", "กรุงเทพตะวันออก"),
    ("กลุ่มเขตกรุงธนใต้", "กรุงธนใต้"),
    ("กลุ่มเขต ธกรุงธนเหนอ", "กรุงธนเหนือ"),  # scan of sample 002
    ("กลุ่ม เขตกรุงเทพกลาง", "กรุงเทพกลาง"),  # a scan's space inside the label
])
def test_match_district_group(raw, canonical):
    assert normalize.match_district_group(raw).canonical == canonical


def test_ocr_fixes_are_recorded():
    text, repairs = normalize.apply_ocr_fixes("ให้แกไขคำสั่ง และแกไขอีก")
    assert text == "ให้แก้ไขคำสั่ง และแก้ไขอีก"
    assert [(r.rule, r.original, r.replacement) for r in repairs] == [
        ("ocr_fix", "แกไข", "แก้ไข")] * 2


@pytest.mark.parametrize(("printed", "abbreviation", "rule"), [
    ("สพส.", "สพส.", "exact"),
    ("พสส.", "สพส.", "abbreviation_letters"),   # a letter read out of place
    ("สูพส์.", "สพส.", "abbreviation_letters"),  # marks OCR added
    ("สนอ.", "สนอ.", "exact"),                  # one letter from สนข.: its own office
])
def test_abbreviations_are_matched_by_their_letters(printed, abbreviation, rule):
    found = normalize.match_abbreviation(printed)
    assert (found.canonical, found.rule) == (abbreviation, rule)


def test_an_abbreviation_of_no_known_office_is_not_matched():
    assert normalize.match_abbreviation("ถ้ามี.") is None


def test_closest_name_needs_a_clear_winner():
    assert normalize.closest_name("ท้ายขาวาง", ["ห้วยขวาง", "วังทองหลาง", "ราชเทวี"]) == "ห้วยขวาง"
    assert normalize.closest_name("บางนก", ["บางรัก", "บางนา"]) is None  # about as close
    assert normalize.closest_name("wana", ["หลักสี่", "สายไหม"]) is None


@pytest.mark.parametrize("line, opens", [
    ("ตัววัดผลหลัก (Key Result : KR)... ๓ : ปรับปรุง", True),
    ("ตัววดผลหลก (Key Result : KR) ๓", True),  # OCR dropped two marks of a long label
    (":ด้านที่ ๕ - มหานครประชาธิปไตย", True),
    ("ยุทธศาสตร์ที.3. .การลดความเหลื่อมล้ำ", True),  # its last mark read as a dot
    ("ยุทธศาสตร์ทั้งหมดของกรุงเทพมหานคร", False),  # marks aside the label, then prose
    ("ลงชื่อ ..........", True),
    ("ลงซื่อ ..........", False),  # a short label garbled is any word
    ("ของกรุงเทพมหานคร โดยการใช้ระบบดิจิทัล", False),
    ("ยุทธศาสตร์กรุงเทพมหานคร", False),  # the word, not the numbered label
    ("ด้านที่อยู่อาศัยในกรุงเทพมหานคร", False),  # a label's words, going on in prose
    ("สรุปผลการดำเนินงานจากสำนักงานเขต", False),
    ("** สรุปผลการดำเนินงาน **", True),
    ("รายละเอียดเป้าหมายที่ชัดเจน", False),  # close to 'รายละเอียด KRs', not it
    ("องค์ประกอบไม่ครบตามหลักเกณฑ์", False),
], ids=["printed", "garbled-long", "after-colon", "mark-as-dot", "marks-then-prose", "short", "short-garbled", "text", "word",
        "prose", "prose-2", "heading", "near-label", "near-label-2"])
def test_a_line_opening_with_a_form_label_is_told_apart(line: str, opens: bool):
    assert normalize.opens_with_label(line) is opens


def test_line_labels_say_how_they_stand_and_whether_a_garbled_reading_counts():
    rows = read_tsv("line_labels.tsv")
    assert {r["apart"] for r in rows} == {r["fuzzy"] for r in rows} == {"yes", "no"}
