"""OCR helpers that need no scan: number checks, stray-script words, scan-only spelling
fixes; and one digits-only re-reading of a rendered number (Tesseract, ~1 s).

Cases come from the sample scans (benchmarks/scan_accuracy.py) unless said otherwise.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from kr_extract.extract._ocr import (
    OcrWord,
    cross_check_numbers,
    is_number_text,
    stray_latin_words,
)

from kr_extract import normalize


@pytest.mark.parametrize("text, expected", [
    ("1,023", True), ("3,265", True), ("100", True), ("๘๓๐๙", True), ("20.00", True),
    ("12 %", True), ("ร้อยละ 100", False), ("Zt", False), ("", False), ("-", False),
], ids=lambda v: repr(v))
def test_number_cells_are_told_from_text(text: str, expected: bool):
    assert is_number_text(text) is expected


def _flags(lines: list[str]) -> list[tuple[int, str]]:
    return [(index, code) for index, code, _ in cross_check_numbers(lines, 1)]


def test_a_year_far_from_the_pages_usual_year_is_flagged():
    # ๒๕๖๘ read as ๒๕๒๕ (sample 000, page 1)
    lines = ["ประจำปี พ.ศ. 2568", "ปีงบประมาณ 2568", "ปีงบประมาณ พ.ศ. 2525"]
    assert _flags(lines) == [(2, "low_ocr_confidence")]


def test_a_year_that_is_not_buddhist_era_is_flagged():
    assert _flags(["พ.ศ. 2568", "พ.ศ. 5305"]) == [(1, "low_ocr_confidence")]


def test_percentages_above_100_are_flagged():
    assert _flags(["ร้อยละ 100", "ร้อยละ 800", "45 %", "120%"]) == [
        (1, "percent_out_of_range"), (3, "percent_out_of_range")]


def _word(text: str, x0: float, confidence: float = 95.0) -> OcrWord:
    return OcrWord(text, confidence, x0, 100.0, x0 + 40.0, 130.0)


def test_a_short_latin_word_between_thai_words_is_read_again():
    # ชื่อ read as "Ya" by the English model (sample 002, page 1)
    words = [_word("รหัส", 0), _word("OKRs", 50), _word("5310", 100), _word("Ya", 150, 60.0),
             _word("KRs", 200), _word("ร้อยละ", 250)]
    assert [w.text for w in stray_latin_words(words)] == ["Ya"]


def test_a_confident_latin_word_is_left_alone():
    words = [_word("ผ่านระบบ", 0), _word("BMA", 50, 96.0), _word("Policy", 100)]
    assert stray_latin_words(words) == []


def test_stray_latin_neighbours_are_read_again_together(monkeypatch):
    # sample 003 scanned, page 3: ":มิติที่ ๕.๒ - เมืองธรรมาภิบาล" read as "JIN lo - เม..."
    import kr_extract.extract._ocr as ocr
    from PIL import Image

    words = [_word("JIN", 0, 52.0), _word("lo", 50, 29.0), _word("-", 100, 92.0),
             _word("เมือง", 150)]
    areas = []

    def fake_tesseract(image, *, psm=6, languages="tha+eng", **_):
        areas.append((image.size, psm, languages))
        return [OcrWord("มิติที่", 75.0, 10, 0, 50, 30), OcrWord("๕.๒", 72.0, 70, 0, 90, 30)]

    monkeypatch.setattr(ocr, "run_tesseract", fake_tesseract)
    out = ocr.reread_stray_latin(Image.new("L", (500, 300), 255), words)
    assert [w.text for w in out] == ["มิติที่", "๕.๒", "-", "เมือง"]
    # one read of both words' area (0-90 plus padding), as a line, Thai only
    assert areas == [((90 + ocr._CROP_PAD, 30 + 2 * ocr._CROP_PAD), 7, "tha")]


def test_stray_latin_words_out_of_order_on_a_line_are_read_apart(monkeypatch):
    # odt, Tlwg Mono, 200 dpi, sample 004: two stray words at one height, the second read
    # to the left of the first (another column); their area was turned inside out and
    # the crop raised, failing the document
    import kr_extract.extract._ocr as ocr
    from PIL import Image

    words = [_word("ก", 0), _word("JIN", 300, 52.0), _word("lo", 50, 29.0), _word("ข", 400)]
    areas = []

    def fake_tesseract(image, *, psm=6, languages="tha+eng", **_):
        areas.append(image.size)
        return []

    monkeypatch.setattr(ocr, "run_tesseract", fake_tesseract)
    out = ocr.reread_stray_latin(Image.new("L", (500, 300), 255), words)
    assert [w.text for w in out] == ["ก", "JIN", "lo", "ข"]
    assert len(areas) == 2 and all(w > 0 and h > 0 for w, h in areas)


def test_a_stray_latin_word_read_as_a_surer_thai_word_but_a_doubtful_mark_is_replaced(
        monkeypatch):
    # sample 004 scanned (seed 14), page 24: "ระยะ ๓ ปี (พ.ศ." read "ระยะ ๓ U (พ.ศ." (U at 89);
    # Thai reads ป at 93 and its ี at 53. A digit the shapes read surely stays Latin, for
    # the digit reader ('a' for a Thai digit reads 'ซา' in Thai).
    import kr_extract.extract._ocr as ocr
    from kr_extract.extract import _digit_glyphs
    from PIL import Image

    monkeypatch.setattr(ocr, "_reread_box", lambda image, box, languages: [
        OcrWord("ป", 93.0, 10, 0, 30, 30), OcrWord("ี", 53.0, 20, 0, 30, 30)])
    monkeypatch.setattr(_digit_glyphs, "available", lambda: True)
    shapes = {"sure": False}
    monkeypatch.setattr(_digit_glyphs, "read_number", lambda image, box: _digit_glyphs.DigitReading(
        "5", 0.9 if shapes["sure"] else 0.4, shapes["sure"], int(box[0]), int(box[2])))
    image = Image.new("L", (500, 300), 255)
    words = [_word("ระยะ", 0), _word("๓", 50), _word("U", 100, 89.0), _word("(พ.ศ.", 150)]
    assert [w.text for w in ocr.reread_stray_latin(image, words)] == [
        "ระยะ", "๓", "ปี", "(พ.ศ."]
    shapes["sure"] = True
    assert [w.text for w in ocr.reread_stray_latin(image, words)] == [
        "ระยะ", "๓", "U", "(พ.ศ."]
    # letters read no surer than the Latin word: it stays
    monkeypatch.setattr(ocr, "_reread_box", lambda image, box, languages: [
        OcrWord("ป", 85.0, 10, 0, 30, 30)])
    shapes["sure"] = False
    assert [w.text for w in ocr.reread_stray_latin(image, words)][2] == "U"


def test_a_latin_abbreviation_whose_thai_reading_is_a_known_office_is_replaced(monkeypatch):
    # sample 004 scanned, page 16: "สพส." read as "AWA." at confidence 96; "KR." reads as
    # no known office in Thai and stays
    import kr_extract.extract._ocr as ocr

    # Waree at 300 dpi: '(สพส.)' read '(AWA.)', and 'awa.' read again 'สพสี.' (ี at 9)
    thai = {"AWA.": "สพส.", "KR.": "ฟร.", "awa": "สพส", "(AWA.)": "(สพส.)", "awa.": "สพสี.",
            "Aw.": "พส.", "ASS.": "สสพ."}
    monkeypatch.setattr(ocr, "_reread_box", lambda image, box, languages: [
        _word(c, box.x0) for c in thai[box.text]])
    read = ["AWA.", "KR.", "awa", "(AWA.)", "awa.", "Aw.", "ASS."]
    words = [_word("จัดทำ", 0), *(_word(text, 50 * (i + 1), 96.0) for i, text in enumerate(read))]
    out = ocr.reread_latin_abbreviations(None, words)
    # a known office's letters in another order are left to the lexicon's match (it
    # records the repair); a reading of no known office ('พส.') stays Latin
    assert [w.text for w in out] == ["จัดทำ", "สพส.", "KR.", "สพส", "(สพส.)", "สพส.", "Aw.",
                                     "สสพ."]


def test_a_letter_in_brackets_taken_for_a_digit_is_read_again_in_english(monkeypatch):
    # sample 002 scanned, page 2: "ขนาดเล็ก (S) และขนาดกลาง (M)" read "(5)", and
    # "ขนาดเล็ก (S)”" read "(5)”"; a digit the shapes confirm stays a digit
    import kr_extract.extract._ocr as ocr
    from kr_extract.extract import _digit_glyphs
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(image)
    for x0, x1 in ((200, 206), (212, 228), (234, 240), (250, 262)):  # ( S ) ”
        draw.rectangle((x0, 110, x1, 150), fill=0)
    read_again = []

    def english(image, box, languages):
        read_again.append((box.x0, box.x1, languages))
        return [OcrWord("(S)", 93.0, box.x0, box.top, box.x1, box.bottom)]

    monkeypatch.setattr(ocr, "_reread_box", english)
    monkeypatch.setattr(_digit_glyphs, "available", lambda: True)
    monkeypatch.setattr(_digit_glyphs, "read_number", lambda image, box: None)
    words = [_word("ขนาดเล็ก", 0), OcrWord("(5)”", 93.0, 200, 100, 263, 160)]
    assert [w.text for w in ocr.reread_bracketed_letters(image, words)] == ["ขนาดเล็ก", "(S)”"]
    assert read_again == [(200, 241, "eng")]  # the brackets, not the quote

    sure = _digit_glyphs.DigitReading("5", 0.99, True, 212, 228)
    monkeypatch.setattr(_digit_glyphs, "read_number", lambda image, box: sure)
    words = [_word("ข้อ", 0), OcrWord("(5)", 93.0, 200, 100, 241, 160)]
    assert [w.text for w in ocr.reread_bracketed_letters(image, words)] == ["ข้อ", "(5)"]


@pytest.mark.parametrize("read, printed", [
    ("รหัส OKRs 5305 ชือ KRs", "รหัส OKRs 5305 ชื่อ KRs"),
    ("ลงชือ", "ลงชื่อ"),
    ("นำหนักคะแนน", "น้ำหนักคะแนน"),
    ("จ้านวนชุมชน", "จำนวนชุมชน"),
], ids=["shue-tone-dropped", "shue-in-a-word", "mai-tho-dropped", "sara-am"])
def test_scan_fixes_repair_tesseract_misreadings(read: str, printed: str):
    text, repairs = normalize.normalize_ocr_line(read)
    assert text == printed
    assert repairs and all(r.rule == "ocr_scan_fix" for r in repairs)


@pytest.mark.parametrize("text", ["เชือก", "ส่วนราชอื่น", "ค้าขาย"],
                         ids=["leading-vowel", "mark-follows", "real-word"])
def test_scan_fixes_leave_real_words_alone(text: str):
    assert normalize.normalize_ocr_line(text)[0] == text


def test_a_header_printed_again_is_matched_without_its_cells_paragraph_markup():
    # a Waree scan, sample 004: the detail table's header alone at a page foot, printed
    # again on the next page with its baseline label wrapped into two paragraphs and the
    # first cell misread; both copies were kept, and the table's first row was the
    # header's copy, so the first indicator lost its detail
    from kr_extract.extract._ocr import same_reading

    foot = ("ที่\tชื่อตัวชี้วัด\tข้อมูลพื้นฐาน (Baseline data)\tเป้าหมาย\tน้าหนักศะแนน\t"
            "นิยามและวิธีคำนวณ")
    again = ("n\tชื่อตัวชี้วัด\t<p>ข้อมูล</p> <p>พินราย (Baseline data)</p>\tเป้าหมาย\t"
             "น้ำหนักคะแนน.\tนิยามและวิธีคำนวณ")
    assert same_reading(foot, again)
    row = "1\tร้อยละความสำเร็จ\tพ.ศ. 2563 : -\tร้อยละ 100\t10\t<p>นิยาม</p>"
    assert not same_reading(foot, row)


def test_specks_read_as_signs_at_a_pages_foot_or_head_are_no_block():
    # a Waree scan, sample 004, page 3: '| :' under the detail table at the page foot
    # stood between the table and its rest on the next page
    from kr_extract.extract._ocr import _Block, _without_edge_specks

    grid = object()
    table = _Block(300.0, ["1\tร้อยละ"], [], table=(grid, []))  # type: ignore[arg-type]
    foot, head = _Block(3300.0, ["| :"], []), _Block(100.0, ["- ."], [])
    middle = _Block(1000.0, ["-"], [])
    text = _Block(2000.0, ["หมายเหตุ -"], [])
    kept = _without_edge_specks([head, table, middle, text, foot])
    assert kept == [table, middle, text]


def test_a_mark_read_on_a_digit_is_dropped():
    # a Waree scan, sample 004: the detail row's number "๑" read "1๊" (a speck over it),
    # so the row had no number and its indicator's detail was lost
    text, repairs = normalize.normalize_ocr_line("1๊\tร้อยละความสำเร็จ ๒๕๖๗ั")
    assert text == "1\tร้อยละความสำเร็จ 2567"
    assert [(r.rule, r.original, r.replacement) for r in repairs
            if r.rule == "mark_on_digit"] == [("mark_on_digit", "1๊", "1"),
                                              ("mark_on_digit", "7ั", "7")]
    assert normalize.normalize_ocr_line("ที่ ๑๒ ก.ค.")[0] == "ที่ 12 ก.ค."


@pytest.mark.parametrize("read, printed", [
    # sample 004 scanned: "๑. มีแผนบูรณาการ... ๒. มีแผน..." read "©. มีแผน... 2. มีแผน..."
    ("©. มีแผนบูรณาการ 2. มีแผนปฏิบัติ", "1. มีแผนบูรณาการ 2. มีแผนปฏิบัติ"),
    # and a rubric method "๑) มีผล... (๒) มีรายงาน... ๓) ..." read with "lo)" for "(๒)"
    ("5\tร้อยละ 100\t1) มีผล lo) มีรายงาน 3) ส่ง", "5\tร้อยละ 100\t1) มีผล 2) มีรายงาน 3) ส่ง"),
    # seed 14: the last item of "๑) ... ๒) ... ๓) มีรายงานผล" read "om)", after 1) and 2)
    ("1) มีผล 2) ผู้เข้ารับ om) มีรายงานผล", "1) มีผล 2) ผู้เข้ารับ 3) มีรายงานผล"),
])
def test_list_numbers_read_as_signs_are_mended_by_their_neighbours(read, printed):
    text, repairs = normalize.normalize_ocr_line(read)
    assert text == printed
    assert [r.rule for r in repairs] == ["list_number_inferred"]


@pytest.mark.parametrize("text", [
    "1) ก on) ค",  # the last item after one alone: a list of one is no order to go by
    "2) ก 3) ข on) ค",  # ...nor after a run that does not start at 1
    "(S) และ (M) ชุมชน",  # a bracketed letter is no item
    "1. ก X. ข 2. ค",  # 1 and 2 leave no place for an item between them
    "ร้อยละ 80 %) 1) ก 2) ข",
    "5\tX) ก\t2) ข",  # items of other cells are other lists
])
def test_list_numbers_are_not_mended_without_neighbours_that_agree(text):
    assert normalize.normalize_ocr_line(text) == (text, [])


def test_list_numbers_are_mended_over_the_paragraphs_of_one_cell():
    # a cell's list, one item a paragraph, its second number read as signs
    (first, none), (second, repairs), (third, _) = normalize.normalize_ocr_groups(
        [["1. มีแผนบูรณาการ", "@. มีแผนปฏิบัติ", "3. มีรายงาน"]])[0]
    assert (first, second, third) == ("1. มีแผนบูรณาการ", "2. มีแผนปฏิบัติ", "3. มีรายงาน")
    assert none == [] and [r.rule for r in repairs] == ["list_number_inferred"]


def test_scan_fixes_are_not_applied_to_text_exports():
    assert normalize.normalize_line("ชือ")[0] == "ชือ"


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_digits_only_reread_reads_an_arabic_number():
    from kr_extract.extract._ocr import reread_digits
    from PIL import Image, ImageDraw, ImageFont

    pdf_fixtures = pytest.importorskip("pdf_fixtures")
    try:
        font = ImageFont.truetype(str(pdf_fixtures.thai_font()), 50)
    except FileNotFoundError:
        pytest.skip("no Thai font")
    image = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(image).text((40, 30), "3,265", font=font, fill=0)
    cell = [OcrWord("3,205", 70.0, 40, 30, 200, 90)]
    [again] = reread_digits(image, [cell])
    assert again is not None and again.text == "3,265"


def _line(texts: list[str], top: float, bottom: float, x0: float = 0.0) -> list[OcrWord]:
    return [OcrWord(t, 90.0, x0 + 60 * i, top, x0 + 60 * i + 50, bottom)
            for i, t in enumerate(texts)]


def test_a_row_of_marks_cut_off_from_its_line_is_read_again_with_it(monkeypatch):
    # sample 002, page 1: "17 aA y 17 aA 5" above "รหส OKRs 8310 Ya KRs ..." (lines set tight)
    import kr_extract.extract._ocr as ocr
    from PIL import Image

    words = (_line(["และแผน"], 100, 190) + _line(["17", "aA", "y"], 200, 236)
             + _line(["รหส", "OKRs"], 230, 320) + _line(["ใน"], 400, 490))
    bands = []

    def fake_tesseract(image, *, psm=6, **_):
        bands.append((image.size, psm))
        return [OcrWord("รหัส", 96.0, 8, 0, 60, 90), OcrWord("OKRs", 96.0, 68, 0, 110, 90)]

    monkeypatch.setattr(ocr, "run_tesseract", fake_tesseract)
    out = ocr.rejoin_split_lines(Image.new("L", (1000, 600), 255), words)
    assert [w.text for w in out] == ["และแผน", "รหัส", "OKRs", "ใน"]
    # both lines' width (0-170, the page edge cuts the left pad) by both bands (200-320)
    assert bands == [((170 + ocr._CROP_PAD, 120 + 2 * ocr._CROP_PAD), 7)]
    # the words read again stand on the letters' line, with its other words
    assert {(w.top, w.bottom) for w in out[1:3]} == {(230, 320)}


def test_a_row_of_marks_inside_a_line_read_whole_is_dropped(monkeypatch):
    # sample 004 scanned, page 5: "๕ 1 ya a" (top 1537, 18 px) over "เด็กก่อนวัยเรียน..."
    # (top 1534, 78 px) that Tesseract had read with its marks; sorted by top, the row of
    # marks comes after the line it belongs to
    import kr_extract.extract._ocr as ocr

    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: pytest.fail("read again"))
    above = _line(["มีแผน"], 1470, 1547)
    line = _line(["เด็ก", "ก่อน"], 1534, 1612)
    marks = [OcrWord("ya", 67.0, 5, 1537, 40, 1555), OcrWord("a", 93.0, 60, 1537, 70, 1555)]
    out = ocr.rejoin_split_lines(None, above + line + marks)
    assert [w.text for w in out] == ["มีแผน", "เด็ก", "ก่อน"]


def test_a_row_of_marks_read_twice_goes_with_the_line_that_holds_it(monkeypatch):
    # sample 004 scanned (seed 14), page 25: lines set tight; the row "๐ A ๑ ๑7 a" (top 279)
    # lies within the line Tesseract read whole (267-367) and just above the next (343):
    # taken for the next line's marks, the two were read again as one, 'ee', and the next
    # line was lost
    import kr_extract.extract._ocr as ocr

    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: pytest.fail("read again"))
    first = _line(["ขั้นตอนที่", "๔"], 267, 367)
    marks = _line(["๐", "A", "๑"], 279, 315)
    second = _line(["ขั้นตอนที่", "๕"], 343, 445)
    out = ocr.rejoin_split_lines(None, first + marks + second)
    assert [w.text for w in out] == ["ขั้นตอนที่", "๔", "ขั้นตอนที่", "๕"]


def test_a_short_line_beside_a_taller_cell_is_not_a_row_of_marks(monkeypatch):
    # ": -" (a baseline cell's value) sits within the band of a line in the next column
    import kr_extract.extract._ocr as ocr

    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: pytest.fail("read again"))
    line = [OcrWord("ร้อยละ", 96.0, 500, 100, 600, 178)]
    short = [OcrWord(":", 90.0, 100, 130, 104, 160), OcrWord("-", 90.0, 110, 130, 118, 160)]
    out = ocr.rejoin_split_lines(None, _line(["ก"], 300, 378) + line + short)
    assert [w.text for w in out][-3:] == ["ร้อยละ", ":", "-"]


@pytest.mark.parametrize("low", ["19 บางนา 18 2,008", "๑. สพส."])
def test_a_low_line_of_letters_without_marks_is_not_a_row_of_marks(monkeypatch, low):
    # kinnari-200-bilevel, sample 002, page 4 ("19 บางนา 18 2,008") and kinnari-300-bilevel,
    # sample 004, page 17 ("๑. สพส.", read `©. AWA.`): letters with no mark above or below
    # them make a line as low as a row of marks; read again with the line below, both
    # lines were lost.
    import kr_extract.extract._ocr as ocr
    import numpy as np
    from pdf_fixtures import fonts_available, thai_font
    from PIL import Image, ImageDraw, ImageFont

    if not fonts_available():
        pytest.skip("no Thai fonts: install fonts-thai-tlwg")
    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: pytest.fail("read again"))
    face = ImageFont.truetype(str(thai_font("Kinnari")), 58)  # 14 pt at 300 dpi
    image = Image.new("L", (1600, 700), 255)
    draw = ImageDraw.Draw(image)
    # the usual line: a tone mark over an upper vowel, a lower vowel, as most lines have
    texts = ["ผู้ที่ดูแลชุมชน", "ครูผู้ใหญ่บ้าน", low, "ผู้ที่อยู่ในกรุงเทพฯ"]
    words = []
    for row, text in enumerate(texts):  # set tight, as tables set their rows
        draw.text((100, 60 + 95 * row), text, font=face, fill=0)
        alone = Image.new("L", image.size, 255)
        ImageDraw.Draw(alone).text((100, 60 + 95 * row), text, font=face, fill=0)
        (top, x0), (bottom, x1) = (lambda ink: (ink.min(axis=0), ink.max(axis=0)))(
            np.argwhere(np.asarray(alone) < 128))
        words.append(OcrWord(text, 95.0, float(x0), float(top), float(x1 + 1),
                             float(bottom + 1)))
    heights = [w.bottom - w.top for w in words]
    assert heights[2] < ocr.SPLIT_MARKS_HEIGHT * sorted(heights)[2]  # as low as marks
    assert ocr.rejoin_split_lines(image, words) == words


def test_lines_of_ordinary_height_are_not_read_again(monkeypatch):
    import kr_extract.extract._ocr as ocr

    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: pytest.fail("read again"))
    words = _line(["ก"], 100, 190) + _line(["ข"], 200, 290)
    assert ocr.rejoin_split_lines(None, words) == words


def test_word_boxes_are_narrowed_to_their_ink():
    # sample 004 scanned, page 4: the box of ข้ (ข้อมูล) began in the gap before it, left of
    # the cell's side at x=832, so ข went into the cell before
    from kr_extract.extract._ocr import fit_boxes_to_ink
    from PIL import Image, ImageDraw

    image = Image.new("L", (1000, 300), 255)
    ImageDraw.Draw(image).rectangle((840, 120, 869, 160), fill=0)
    word, mark = OcrWord("ข้", 90.0, 814, 100, 876, 180), OcrWord("้", 90.0, 850, 100, 870, 180)
    fit_boxes_to_ink(image, [word, mark])
    assert (word.x0, word.x1) == (840.0, 870.0)
    assert (mark.x0, mark.x1) == (850, 870)  # a lone mark keeps the box Tesseract gave


def test_a_word_boxed_wholly_in_the_gap_before_its_ink_takes_the_ink_that_follows():
    # sample 004 scanned, page 24: Tesseract boxed ด of "ดำเนินการ" at 870-914, left of the
    # cell's side at 904 and all in the gap; its ink is 921-946, under the ํ of ำ, before
    # the า at 949. The ด went to the cell before ("ร้อยละ 80 ด").
    from kr_extract.extract._ocr import fit_boxes_to_ink
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((921, 130, 946, 170), fill=0)  # ด
    draw.rectangle((950, 130, 967, 170), fill=0)  # า
    words = [OcrWord("ด", 93.0, 870, 100, 914, 190), OcrWord("ํ", 91.0, 921, 100, 941, 190),
             OcrWord("า", 93.0, 949, 100, 968, 190)]
    fit_boxes_to_ink(image, words)
    assert (words[0].x0, words[0].x1) == (921.0, 947.0)


@pytest.mark.parametrize("made_up", [["จ"], ["ร", "จ"]])
def test_letters_boxed_in_the_gap_after_a_cells_side_are_dropped(made_up):
    # Tesseract read the first letter of a cell's text again, boxed in the inkless gap
    # where the rule was erased, once or twice: "๑." then "ร" "จ" "ร้อยละ" put letters
    # in the number's cell ("1.จ")
    from kr_extract.extract._ocr import fit_boxes_to_ink
    from PIL import Image, ImageDraw

    image = Image.new("L", (1000, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 120, 130, 160), fill=0)  # ๑
    draw.rectangle((140, 150, 146, 160), fill=0)  # .
    draw.rectangle((240, 120, 262, 160), fill=0)  # ร, past the erased rule
    number = [OcrWord("๑", 93.0, 100, 100, 131, 180), OcrWord(".", 93.0, 140, 100, 147, 180)]
    gap = [OcrWord(text, 90.0, 190 + 12 * k, 100, 202 + 12 * k, 180)
           for k, text in enumerate(made_up)]
    letter = OcrWord("ร", 93.0, 226, 100, 238, 180)
    kept = fit_boxes_to_ink(image, [*number, *gap, letter])
    assert [w.text for w in kept] == ["๑", ".", "ร"]
    assert (letter.x0, letter.x1) == (240.0, 263.0)


def test_a_word_box_is_carried_on_over_its_last_letters_ink():
    # sample 004 scanned, page 11: Tesseract boxed "ให" of "...ดำเนินงานให้" as 433-465 and
    # the tone mark as a word of its own; ห's ink goes on to 487, so the line looked 22 px
    # short of the cell's side and its wrap was taken for a paragraph end
    from kr_extract.extract._ocr import fit_boxes_to_ink
    from PIL import Image, ImageDraw

    image = Image.new("L", (1000, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((433, 120, 452, 160), fill=0)  # ใ
    draw.rectangle((455, 120, 486, 160), fill=0)  # ห, 3 px on: the same word
    draw.rectangle((520, 120, 540, 160), fill=0)  # a space on: the next word's ink
    word, mark = OcrWord("ให", 90.0, 433, 100, 465, 180), OcrWord("้", 90.0, 463, 100, 488, 180)
    fit_boxes_to_ink(image, [word, mark])
    assert (word.x0, word.x1) == (433.0, 487.0)
    assert (mark.x0, mark.x1) == (463, 488)

    # ...but never into the next word Tesseract gave
    word, following = OcrWord("ให", 90.0, 433, 100, 465, 180), OcrWord("ม", 90.0, 470, 100, 486, 180)
    fit_boxes_to_ink(image, [word, following])
    assert word.x1 == 470.0


def test_a_filled_cell_is_a_mark_not_a_rule():
    # sample 004 scanned, page 11: the plan's months are filled cells (█ in the export);
    # their ink was taken for a cell side and erased
    from kr_extract.extract._ocr import FILLED, find_rules, grids_from_edges
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 400), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 200):
        draw.line((100, y, 1000, y), fill=0, width=3)
    for x in (100, 400, 700, 1000):
        draw.line((x, 100, x, 200), fill=0, width=3)
    draw.rectangle((420, 110, 680, 190), fill=0)  # the middle cell, shaded
    edges, clean, blocks = find_rules(image)
    assert [(b.text, b.x0 < 550 < b.x1) for b in blocks] == [(FILLED, True)]
    [grid] = grids_from_edges(edges)
    assert len(grid.rows) == 1 and len(grid.rows[0]) == 3
    assert clean.crop((420, 110, 680, 190)).getextrema()[0] > 200  # not left for Tesseract


def test_signs_after_digits_are_tried_as_digits_of_the_same_number():
    # sample 004 scanned (seed 14), page 2: "นโยบายที่ ๐๙๙ :" read "๐" "«๕" (๙ unknown to
    # Tesseract); the digits alone read as two numbers and the policy kept '0«5'
    from kr_extract.extract._ocr import number_runs

    words = [OcrWord("ที่", 93.0, 1900, 891, 1946, 980),
             OcrWord("๐", 96.0, 1972, 891, 1978, 980, space_before=True),
             OcrWord("«๕", 48.0, 1984, 891, 2058, 980, space_before=False),
             OcrWord(":", 92.0, 2083, 891, 2090, 980, space_before=True),
             OcrWord("«", 50.0, 2200, 891, 2220, 980, space_before=True)]
    assert [[w.text for w in run] for run in number_runs(words)] == [["๐", "«๕"]]


def test_a_sign_numbering_a_list_item_is_tried_as_a_digit():
    # sample 004 scanned, page 3: "๖. ภาพถ่าย" read as ">. ภาพถ่าย"
    from kr_extract.extract._ocr import numbered_items

    words = [_word("5", 0), _word(".", 42), _word(">", 200), _word(".", 242),
             _word("(", 400), _word(".", 442)]
    assert [[w.text for w in item] for item in numbered_items(words)] == [[">", "."]]


def test_an_unsure_word_of_a_sign_and_a_stop_opening_a_line_is_tried_as_a_digit():
    # a Word layout's plan, 200 dpi bilevel: the steps "๖." and "๗." came as one word each,
    # '>.' and 'oa.', read by Tesseract with confidence 33 and 15
    from kr_extract.extract._ocr import numbered_items

    def word(text: str, x0: float, top: float, confidence: float = 30.0) -> OcrWord:
        return OcrWord(text, confidence, x0, top, x0 + 36, top + 77)

    opening = [word(">.", 300, 100), word("oa.", 300, 500), word("ฆ,", 300, 900)]
    sure = word("ก.", 300, 1300, confidence=96.0)  # a Thai letter list, read surely
    inside = [word("ที่", 300, 1700), word("น.", 400, 1700)]  # not where a number stands
    found = numbered_items([*opening, sure, *inside])
    assert [[w.text for w in item] for item in found] == [[">."], ["oa."], ["ฆ,"]]


def test_a_space_goes_with_the_word_after_it():
    # sample 004 scanned, page 5: "...ในการปรับปรุง" ends a cell line and Tesseract's text
    # puts a space before the next word, in the next cell; had the space stayed at the end
    # of the first cell, its wrapped line would have joined "ปรับปรุง ศูนย์" with a space
    from kr_extract.extract._ocr import words_to_chars

    words = [OcrWord("ปรับปรุง", 93.0, 1000, 100, 1200, 178, space_before=None),
             OcrWord("8", 95.0, 1400, 100, 1420, 178, space_before=True)]
    chars = [c for c in words_to_chars(words) if c is not None]
    space = next(c for c in chars if c.text == " ")
    assert 1300 < space.center[0] <= 1400  # right of a border midway between the words


def test_a_word_boxed_across_a_cell_side_goes_to_the_cell_with_its_letters():
    # sample 004 scanned (seed 14), page 24: the score '๔' read 'oe', boxed from 60 px into
    # the method cell over the tail of the next line's mark; split by letters, 'o' went
    # into the method and 'e' into the score
    from kr_extract.extract._ocr import keep_words_in_cells
    from kr_extract.extract._pdf import _Grid
    from PIL import Image, ImageDraw

    image = Image.new("L", (1000, 400), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((520, 180, 560, 220), fill=0)  # the digit, in the right cell
    draw.rectangle((410, 235, 414, 250), fill=0)  # a mark of the line below, in the left
    cells = [(0.0, 100.0, 500.0, 300.0), (500.0, 100.0, 1000.0, 300.0)]
    grid = _Grid((0.0, 100.0, 1000.0, 300.0), [cells], [100.0])
    word = OcrWord("oe", 7.0, 400, 150, 600, 250)
    keep_words_in_cells(image, [grid], [word])
    assert (word.x0, word.x1) == (520, 561)
    # words of both cells run together keep their box: the letters split it later
    draw.rectangle((440, 180, 470, 220), fill=0)
    word = OcrWord("๕๒", 90.0, 400, 150, 600, 250)
    keep_words_in_cells(image, [grid], [word])
    assert (word.x0, word.x1) == (400, 600)


def test_a_cluster_boxed_over_its_whole_word_keeps_its_letters_in_order():
    # sample 004 scanned, page 16: Tesseract boxed แผ of "แผนการ" from 231 to 390, over
    # the next four letters; its ผ, put in the box's second half, sorted after them and
    # the cell read "แนกผาร"
    from kr_extract.extract._ocr import words_to_chars
    from kr_extract.extract._pdf import split_runs

    words = [OcrWord(t, 95.0, x0, 831, x1, 890, space_before=None)
             for t, x0, x1 in [("แผ", 231, 390), ("น", 285, 311), ("ก", 310, 336),
                               ("า", 335, 361), ("ร", 361, 390)]]
    [run] = split_runs(words_to_chars(words))
    assert run.text == "แผนการ"


def test_a_batch_worker_reads_only_its_share_of_pages_at_once(monkeypatch):
    # two workers on two cores each OCR'd two pages at once: four Tesseracts on two cores
    import threading
    import time

    import kr_extract.extract._ocr as ocr

    running, most = [0], [0]
    lock = threading.Lock()

    def fake_read(image, number):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return number

    monkeypatch.setattr(ocr, "tesseract_available", lambda: None)
    monkeypatch.setattr(ocr, "read_image_page", fake_read)
    assert ocr.read_pages_parallel([None] * 4, [1, 2, 3, 4], 1) == [1, 2, 3, 4]
    assert most[0] == 1


def test_a_lone_dot_read_with_little_confidence_is_dropped():
    # sample 002 scanned with another seed, page 6: "กลุ่มเขต" then "." at confidence 18
    # where nothing is printed; the group cell read "กลุ่มเขต . กรุงธนเหนือ"
    from kr_extract.extract._ocr import drop_specks
    from PIL import Image

    words = [_word("กลุ่มเขต", 0), _word(".", 50, 18.0), _word("พ.ศ.", 100),
             _word(".", 150, 93.0), _word("-", 200, 20.0)]
    assert [w.text for w in drop_specks(Image.new("L", (400, 200), 255), words)] == [
        "กลุ่มเขต", "พ.ศ.", ".", "-"]


def _line_with_signs():
    """A line of letter-like strokes 5 px wide from x 200, and before and among them
    signs of known ink: a speck 6 px high, a dash, a colon's two dots."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1000, 400), 255)
    draw = ImageDraw.Draw(image)
    for x in range(200, 900, 40):  # letters: rings of 5 px strokes
        draw.rectangle((x, 110, x + 25, 150), outline=0, width=5)
    draw.rectangle((20, 140, 22, 142), fill=0)  # speck before the line, in two blots
    draw.point((20, 145), fill=0)
    draw.rectangle((100, 128, 115, 132), fill=0)  # dash
    draw.rectangle((470, 112, 472, 114), fill=0)  # a speck inside the line
    draw.rectangle((510, 112, 512, 114), fill=0)  # two specks, one over the other
    draw.rectangle((510, 138, 512, 140), fill=0)
    draw.rectangle((160, 118, 164, 122), fill=0)  # colon
    draw.rectangle((160, 138, 164, 142), fill=0)
    return image


def _at(text: str, x0: float, x1: float) -> OcrWord:
    return OcrWord(text, 80.0, x0, 100.0, x1, 160.0)


@pytest.mark.parametrize("sign, x0, x1, dropped", [
    ("|", 18, 25, True),  # a speck boxed the line's height, read as a bar
    (".", 18, 25, True),  # a dot opening a line: a speck
    ("-", 98, 118, False),  # a dash's ink is long, not round
    (":", 158, 166, False),  # two blots
])
def test_a_speck_opening_a_line_read_as_a_sign_is_dropped(sign, x0, x1, dropped):
    # Waree at 300 dpi with specks: '| สอดคล้องกับนโยบาย...' lost its label, and
    # '. สร้างสรรค์' did not join the line above it
    from kr_extract.extract._ocr import drop_specks

    words = [_at(sign, x0, x1), *(_at("ก", x, x + 26) for x in range(200, 900, 40))]
    kept = [w.text for w in drop_specks(_line_with_signs(), words)]
    assert (sign not in kept) is dropped


@pytest.mark.parametrize("text, x0, confidence, dropped", [
    ("|", 468, 80.0, True),  # read as more than a dot
    (".", 468, 80.0, False),  # a dot may be printed inside a line
    (":", 508, 80.0, False),  # two dots, one over the other: a colon may be printed
    ("า", 508, 37.0, True),  # a letter read unsurely from specks
    ("า", 508, 93.0, False),  # read surely: the box may have missed the letter's ink
    ("า", 242, 37.0, False),  # a box holding a sliver of a letter: the letter is measured
    ("|", 242, 80.0, False),
    ("่", 468, 30.0, False),  # a mark is as small, and printed
])
def test_a_speck_inside_a_line_is_dropped_when_read_as_more_than_a_dot(text, x0, confidence,
                                                                       dropped):
    # Waree at 300 dpi: specks beside a table read '5' (17) and 'า' (37) made a line of
    # text between a table and its continuation on the next page
    from kr_extract.extract._ocr import drop_specks

    letters = [_at("ก", x, x + 26) for x in range(200, 900, 40)]
    speck = dataclasses.replace(_at(text, x0, x0 + 7), confidence=confidence)
    kept = drop_specks(_line_with_signs(), [*letters[:6], speck, *letters[6:]])
    assert (speck not in kept) is dropped


def test_a_speck_alone_on_its_line_is_measured_against_the_pages_strokes():
    from kr_extract.extract._ocr import drop_specks
    from PIL import ImageDraw

    image = _line_with_signs()
    speck = OcrWord("5", 17.0, 18.0, 300.0, 25.0, 360.0)  # the speck, on a line of its own
    ImageDraw.Draw(image).rectangle((20, 320, 22, 322), fill=0)
    kept = drop_specks(image, [*(_at("ก", x, x + 26) for x in range(200, 900, 40)), speck])
    assert speck not in kept and len(kept) == 18


@pytest.mark.parametrize("font, dpi", [("Kinnari", 300), ("Garuda", 200), ("Loma", 150),
                                       ("Noto Sans Thai", 300)])
def test_specks_are_erased_and_marks_and_punctuation_kept(font, dpi):
    # dust of 1-3 px in the margins and between lines: Tesseract reads it as `.`, `|`, `7`
    import numpy as np
    from kr_extract.extract._ocr import remove_specks
    from pdf_fixtures import fonts_available, thai_font
    from PIL import Image, ImageDraw, ImageFont

    if not fonts_available():
        pytest.skip("no Thai fonts: install fonts-thai-tlwg")
    scale = dpi / 300
    face = ImageFont.truetype(str(thai_font(font)), round(58 * scale))  # 14 pt
    image = Image.new("L", (round(1600 * scale), round(1200 * scale)), 255)
    draw = ImageDraw.Draw(image)
    # periods and colons a word space from their letters, tone marks
    for row, text in enumerate(["ที่ตั้ง ก.พ. ๒๕๖๘ : ๑.๕ ล้าน", "ผู้ใช้ปัญญา ฯลฯ พ.ศ. : ครั้ง. Il1|"]):
        draw.text((60 * scale, (120 + 200 * row) * scale), text, font=face, fill=0)
    printed = np.asarray(image).copy()
    rows_inked = (printed < 140).any(axis=1)
    rng = np.random.default_rng(7)
    specks: list[tuple[int, int]] = []
    while len(specks) < 30:
        y, x = int(rng.integers(0, image.height - 3)), int(rng.integers(0, image.width - 3))
        size = 1 + len(specks) % 3
        if rows_inked[max(0, y - 40):y + 40].any() or any(abs(y - o) < 5 for o, _ in specks):
            continue  # among the lines, or beside another speck: punctuation's place
        draw.rectangle((x, y, x + size - 1, y + size - 1), fill=20)
        specks.append((y, x))
    # a hairline (a scratch, a sliver of a rule) a pixel wide, a letter's height long
    draw.line((1500 * scale, 700 * scale, 1500 * scale, 760 * scale), fill=20, width=1)
    clean = np.asarray(remove_specks(image))
    assert all(clean[y, x] == 255 for y, x in specks)
    assert (clean[round(700 * scale):round(760 * scale), round(1500 * scale)] == 255).all()
    assert ((clean < 140) == (printed < 140)).all()  # every mark, dot, colon and bar kept


@pytest.mark.parametrize("size, stated, expected", [
    ((1654, 2339), (200, 200), (2481, 3508)),  # an A4 page at 200 dpi
    ((1654, 2339), None, (2481, 3508)),  # the same, its resolution not stated
    ((1654, 2339), (72, 72), (2481, 3508)),  # 72: a placeholder, the size tells
    ((1275, 1650), None, (2550, 3300)),  # Letter at 150 dpi
    ((800, 600), (200, 200), (1200, 900)),  # a cut-out: as stated
    ((800, 600), (96, 96), (800, 600)),  # a cut-out, resolution unknown: as it is
    ((2481, 3508), (300, 300), (2481, 3508)),
])
def test_image_pages_are_read_at_300_dpi(size, stated, expected):
    from kr_extract.extract._ocr import at_reading_dpi
    from PIL import Image

    assert at_reading_dpi(Image.new("L", size, 255), stated).size == expected


def test_a_200_dpi_tiff_is_read_at_300_dpi(tmp_path):
    from kr_extract.extract._ocr import load_image_pages
    from PIL import Image

    page = Image.new("L", (1000, 700), 255)
    page.save(tmp_path / "scan.tif", dpi=(200, 200), save_all=True, append_images=[page])
    assert [p.size for p in load_image_pages(tmp_path / "scan.tif", "scan.tif")] == [
        (1500, 1050), (1500, 1050)]


def _two_strokes():
    # a cell holding two digit-high strokes ('11'), 40 px tall, on a white page
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    for x in (150, 180):
        draw.rectangle((x, 80, x + 6, 120), fill=0)
    return image


def test_a_digits_only_reading_that_lost_a_digit_the_ink_shows_is_not_kept(monkeypatch):
    # sample 002 in Kinnari, district table: '11' read again digits-only as '1'
    from kr_extract.extract import _ocr
    from kr_extract.extract._pdf import _Grid

    grid = _Grid((100, 60, 300, 140), [[(100, 60, 300, 140)]], [60])
    cell = OcrWord("11", 92.0, 148, 70, 190, 130)
    monkeypatch.setattr(_ocr, "reread_digits",
                        lambda image, cells: [OcrWord("1", 90.0, 148, 70, 190, 130)])
    words, flags = _ocr.reread_number_cells(_two_strokes(), [grid], [cell], 4)
    assert [w.text for w in words] == ["11"]
    assert len(flags) == 1 and "'11' is kept" in flags[0][1]
    assert words[0].confidence < _ocr.MIN_NUMBER_CONFIDENCE  # doubtful all the same
    monkeypatch.setattr(_ocr, "reread_digits",  # a reading as long as the ink: it stands
                        lambda image, cells: [OcrWord("17", 90.0, 148, 70, 190, 130)])
    words, _ = _ocr.reread_number_cells(_two_strokes(), [grid], [cell], 4)
    assert [w.text for w in words] == ["17"]


def test_a_shape_reading_with_fewer_digits_than_the_ink_is_not_sure(monkeypatch):
    # sample 002 in Kinnari: the templates took the '1' of '19' for no digit and read '9'
    from kr_extract.extract import _digit_glyphs, _ocr

    monkeypatch.setattr(_digit_glyphs, "available", lambda: True)
    monkeypatch.setattr(_digit_glyphs, "read_number", lambda image, box: _digit_glyphs.
                        DigitReading("9", 0.95, True, 180, 187))
    words, flags = _ocr.read_digit_shapes(_two_strokes(), [], [
        OcrWord("19", 93.0, 148, 70, 190, 130)], 4)
    assert [w.text for w in words] == ["19"]
    assert len(flags) == 1 and "does not look like digits" in flags[0][1]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
@pytest.mark.parametrize("font", ["Laksaman", "Garuda"])
def test_a_scanned_paragraph_is_joined_and_a_label_line_below_it_stays_apart(font):
    # Thai words set greedily over a 15 cm column, as a word processor sets them (a line
    # breaks between words, spaces or not): the paragraph wraps; the label line right
    # under its last line is a paragraph of its own.
    from kr_extract.extract._ocr import read_image_page
    from pdf_fixtures import fonts_available, thai_font
    from PIL import Image, ImageDraw, ImageFont
    from pythainlp.tokenize import word_tokenize

    if not fonts_available():
        pytest.skip("no Thai fonts: install fonts-thai-tlwg")
    face = ImageFont.truetype(str(thai_font(font)), 67)  # 16 pt at 300 dpi
    left, width = 300, 1772  # 2.5 cm margins, 15 cm of text
    image = Image.new("L", (left * 2 + width, 900), 255)
    draw = ImageDraw.Draw(image)
    paragraph = ("ประชาชนมีส่วนร่วมในการขับเคลื่อนและพัฒนาเมืองของกรุงเทพมหานคร "
                 "และสามารถตรวจสอบการดำเนินงานของหน่วยงานได้ทุกขั้นตอนอย่างโปร่งใส")
    printed: list[str] = []
    for word in word_tokenize(paragraph, engine="newmm"):
        if printed and face.getlength(printed[-1] + word.rstrip()) <= width:
            printed[-1] += word
        elif word.strip():
            printed.append(word)
    printed.append("ตัววัดผลหลัก (Key Result : KR) ชุมชนมีส่วนร่วม")
    assert len(printed) >= 3  # the paragraph took two lines or more
    for row, text in enumerate(printed):
        draw.text((left, 150 + 110 * row), text, font=face, fill=0)
    lines = [str(line) for line in read_image_page(image, 1).lines if str(line).strip()]
    assert len(lines) == 2, lines
    assert lines[0].startswith("ประชาชน") and lines[0].rstrip().endswith("โปร่งใส")
    assert lines[1].startswith("ตัววัดผลหลัก")


def _table_pages(font: str, *, repeat_header: bool, shift: int) -> list:
    """A ruled table over two 300-dpi pages (their images), as a word processor sets it: a header row,
    row 1 whose name (set greedily over its cell) the page break cuts after its first
    lines, and row 2 (whose name fits its cell). The second page lies `shift` px to the
    right on the glass."""
    from pdf_fixtures import thai_font
    from PIL import Image, ImageDraw, ImageFont
    from pythainlp.tokenize import word_tokenize

    face = ImageFont.truetype(str(thai_font(font)), 67)  # 16 pt at 300 dpi
    columns = [300, 450, 1500, 2180]  # the cells' sides: number, name, target
    pad, line = 20, 110
    name = ("ร้อยละความสำเร็จของการนำเข้าข้อมูลในระบบนำเข้าข้อมูลแผนผังชุมชนของสำนักงานเขต"
            "ทั้งห้าสิบแห่งเพื่อการวางแผนพัฒนาชุมชนในกรุงเทพมหานคร")
    printed: list[str] = []
    for word in word_tokenize(name, engine="newmm"):
        if printed and face.getlength(printed[-1] + word) <= columns[2] - columns[1] - 2 * pad:
            printed[-1] += word
        else:
            printed.append(word)
    assert len(printed) >= 3
    header = ["ที่", "ชื่อตัวชี้วัด", "เป้าหมาย"]

    def page(rows: list[list[list[str]]], dx: int):
        image = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(image)
        top = 300
        for cells in rows:
            height = max(len(c) for c in cells) * line + 2 * pad
            for x0, x1, lines in zip(columns[:-1], columns[1:], cells, strict=True):
                draw.rectangle((x0 + dx, top, x1 + dx, top + height), outline=0, width=4)
                for k, text in enumerate(lines):
                    draw.text((x0 + dx + pad, top + pad + k * line), text, font=face, fill=0)
            top += height
        return image

    first = page([[[h] for h in header], [["1"], printed[:-1], ["ร้อยละ 100"]]], 0)
    rest = [[], printed[-1:], []]
    second = [[[h] for h in header]] if repeat_header else []
    second += [rest, [["2"], ["ระดับความสำเร็จของการปรับปรุง"], ["ระดับ 5"]]]
    return [first, page(second, shift)]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
@pytest.mark.parametrize("repeat_header", [False, True])
def test_a_scanned_table_goes_on_over_a_page_break(tmp_path, repeat_header):
    # The row the break cut is one row again, and the part on the next page joins the
    # table: directly, or after the header printed again, which is dropped.
    from kr_extract.extract._blocks import Table
    from kr_extract.extract._readers import read_image_document
    from kr_extract.extract._structure import structure
    from pdf_fixtures import fonts_available

    if not fonts_available():
        pytest.skip("no Thai fonts: install fonts-thai-tlwg")
    images = _table_pages("Laksaman", repeat_header=repeat_header, shift=9)
    scan = tmp_path / "table.tif"
    images[0].save(scan, save_all=True, append_images=images[1:], dpi=(300, 300))
    doc = read_image_document(scan, scan.read_bytes())
    tables = [b for b in structure(doc) if isinstance(b, Table)]
    assert len(tables) == 1, [line.text for line in doc.lines]
    rows = [row.texts() for row in tables[0].rows]
    assert [r[0] for r in rows] == ["ที่", "1", "2"], rows
    # (its first letter is Tesseract's to misread: ร้อยละ comes as จ้อยละ)
    squashed = "".join(rows[1][1].split())
    assert "ความสำเร็จของการนำเข้า" in squashed and squashed.endswith("กรุงเทพมหานคร")
    assert rows[1][2] == "ร้อยละ 100" and rows[2][2] == "ระดับ 5"


def _column_grid(rows: int):
    from kr_extract.extract._rules import _Grid

    boxes = [[(0.0, 100.0 * r, 200.0, 100.0 * r + 100), (200.0, 100.0 * r, 400.0, 100.0 * r + 100)]
             for r in range(rows)]
    return _Grid((0.0, 0.0, 400.0, 100.0 * rows), boxes, [100.0 * r for r in range(rows)])


def _cell_word(text: str, row: int, column: int, confidence: float = 93.0) -> OcrWord:
    return OcrWord(text, confidence, 200 * column + 20, 100 * row + 30, 200 * column + 120,
                   100 * row + 70)


def test_a_latin_word_alone_in_a_column_of_thai_names_is_read_again_in_thai(monkeypatch):
    # kinnari-200-bilevel, sample 002, page 3: ดุสิต read `ada` at 93 in the district column
    import kr_extract.extract._ocr as ocr

    grid = _column_grid(4)
    words = [_cell_word("เขต", 0, 0), _cell_word("พระนคร", 1, 0), _cell_word("ada", 2, 0),
             _cell_word("2", 2, 1), _cell_word("บางรัก", 3, 0)]
    assert ocr.latin_cells_in_thai_columns([grid], words) == [[words[2]]]

    def thai(image, box, *, languages):
        assert languages == "tha"
        return [OcrWord("ดุสิ", 92.0, box.x0, box.top, box.x0 + 80, box.bottom),
                OcrWord("ต", 97.0, box.x0 + 80, box.top, box.x1, box.bottom)]

    monkeypatch.setattr(ocr, "_reread_box", thai)
    out = ocr.reread_latin_in_thai_columns(None, [grid], words)
    assert [w.text for w in out] == ["เขต", "พระนคร", "ดุสิต", "2", "บางรัก"]
    # a Thai reading less sure than that keeps the Latin one
    monkeypatch.setattr(ocr, "_reread_box", lambda image, box, *, languages: [
        OcrWord("ดุสิต", 60.0, box.x0, box.top, box.x1, box.bottom)])
    assert ocr.reread_latin_in_thai_columns(None, [grid], words) == words


def test_a_latin_word_with_a_colon_before_a_number_in_a_thai_column_is_read_again():
    # odt-waree-200-grey, sample 004: a rubric's criterion ร้อยละ ๖๐ read `Jada: 60`, the
    # ะ as a colon, in a column of "ร้อยละ NN" cells
    import kr_extract.extract._ocr as ocr

    grid = _column_grid(4)
    words = [_cell_word("เกณฑ์", 0, 0), _cell_word("ร้อยละ", 1, 0), _cell_word("100", 1, 0),
             _cell_word("Jada:", 2, 0), _cell_word("60", 2, 0), _cell_word("ร้อยละ", 3, 0),
             _cell_word("One", 3, 1), _cell_word("Map:", 3, 1)]
    assert ocr.latin_cells_in_thai_columns([grid], words) == [[words[3]]]
    # ...also where a page break leaves the column one row
    alone = [_cell_word("Fada:", 0, 0), _cell_word("๒๐", 0, 0)]
    assert ocr.latin_cells_in_thai_columns([_column_grid(1)], alone) == [alone[:1]]


def test_a_capitalised_word_alone_in_a_long_thai_column_is_read_again():
    # Noto Looped Thai in the Word layout at 200 dpi, sample 002: บางกะปิ read `Sate`
    # in the district column of fifty Thai names
    from kr_extract.extract._ocr import latin_cells_in_thai_columns

    texts = ["เขต", *["พระนคร"] * 8, "Sate", *["บางรัก"] * 8]
    words = [_cell_word(text, row, 0) for row, text in enumerate(texts)]
    assert latin_cells_in_thai_columns([_column_grid(len(texts))], words) == [[words[9]]]


@pytest.mark.parametrize("texts", [
    ["เขต", "ada", "bcd", "efg"],  # a column of Latin under a Thai header
    ["เขต", "One", "พระนคร", "บางรัก"],  # a capital: a name, not a misreading
    ["เขต", "ada", "ok", "บางรัก"],  # two Latin cells of three: not a Thai column
])
def test_latin_cells_are_left_where_the_column_is_not_thai(texts):
    from kr_extract.extract._ocr import latin_cells_in_thai_columns

    words = [_cell_word(text, row, 0) for row, text in enumerate(texts)]
    assert latin_cells_in_thai_columns([_column_grid(len(texts))], words) == []


def _number_in_cell(text: str, font: str):
    """A 14 pt number at 300 dpi in a table cell of its own, and the cell's grid."""
    from kr_extract.extract import _digit_glyphs
    from kr_extract.extract._pdf import _Grid
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (700, 200), 255)
    face = ImageFont.truetype(str(_digit_glyphs.TLWG_DIR / f"{font}.ttf"), 58)
    ImageDraw.Draw(image).text((220, 70), text, font=face, fill=0)
    return image, _Grid((100, 40, 600, 170), [[(100, 40, 600, 170)]], [40])


def _ink_box(image) -> tuple[float, float, float, float]:
    import numpy as np

    ink = np.argwhere(np.asarray(image) < 128)
    (top, x0), (bottom, x1) = ink.min(axis=0), ink.max(axis=0)
    return float(x0), float(top) - 10, float(x1) + 1, float(bottom) + 10


@pytest.mark.parametrize(("pieces", "printed"), [
    (["1", "583"], "1,583"),  # Tlwg Typo's narrow 1 in its wide advance: read as a space
    (["2,", "ALS]"], "2,793"),  # and digits taken for letters
    (["1", "1"], "11"),
])
def test_a_number_cell_read_in_pieces_is_one_number_when_its_shapes_read_as_one(
        pieces, printed):
    assert _read_in_pieces(pieces, printed, in_cell=True) == [printed]


def _read_in_pieces(pieces: list[str], printed: str, *, in_cell: bool) -> list[str]:
    """The words `read_digit_shapes` gives for `printed` (Tlwg Typo) that Tesseract read
    as two pieces, in a table cell or on a line of its own."""
    from kr_extract.extract import _digit_glyphs, _ocr

    if not _digit_glyphs.available():
        pytest.skip("no Thai fonts: install fonts-thai-tlwg")
    image, grid = _number_in_cell(printed, "TlwgTypo")
    x0, top, x1, bottom = _ink_box(image)
    middle = (x0 + x1) / 2
    words = [OcrWord(pieces[0], 60.0, x0, top, middle - 8, bottom),
             OcrWord(pieces[1], 40.0, middle + 8, top, x1, bottom, space_before=True)]
    read, _flags = _ocr.read_digit_shapes(image, [grid] if in_cell else [], words, 4)
    return [w.text for w in read]


def test_two_numbers_in_one_cell_stay_two():
    from kr_extract.extract import _digit_glyphs, _ocr

    if not _digit_glyphs.available():
        pytest.skip("no Thai fonts: install fonts-thai-tlwg")
    image, grid = _number_in_cell("12 - 30", "Garuda")
    x0, top, x1, bottom = _ink_box(image)
    width = (x1 - x0) / 7
    words = [OcrWord("12", 90.0, x0, top, x0 + 2 * width, bottom),
             OcrWord("-", 90.0, x0 + 3 * width, top, x0 + 4 * width, bottom,
                     space_before=True),
             OcrWord("30", 90.0, x1 - 2 * width, top, x1, bottom, space_before=True)]
    read, _flags = _ocr.read_digit_shapes(image, [grid], words, 4)
    assert [w.text for w in read] == ["12", "-", "30"]


@pytest.mark.parametrize(("pieces", "printed", "read"), [
    # Tlwg Typo, sample 003: a KPI page's '0.0000' on a line of its own, its stop lost
    (["0", "0000"], "0.0000", ["0.0000"]),
    # two numbers on a line: no separator in the ink, so they stay two
    (["5", "10"], "5   10", ["5", "10"]),
])
def test_a_line_read_in_pieces_is_one_number_only_where_its_ink_shows_a_separator(
        pieces, printed, read):
    assert _read_in_pieces(pieces, printed, in_cell=False) == read
