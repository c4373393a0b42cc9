"""Digits read by shape (extract/_digit_glyphs.py) on numbers drawn here as a scanner
would see them: Laksaman (the TH Sarabun clone) and other TLWG faces at 14 pt, 300 dpi,
tilted a little and noisy. Expected values are the numbers drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from kr_extract.extract import _digit_glyphs
from kr_extract.extract._ocr import OcrWord, _mark_spaces, number_runs

pytestmark = pytest.mark.skipif(not _digit_glyphs.available(),
                                reason="no TLWG fonts (fonts-thai-tlwg) for the templates")

PT14_AT_300DPI = 58  # pixels per em
PT14_AT_200DPI = 39
NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
needs_noto = pytest.mark.skipif(not (NOTO_DIR / "NotoSansThai-Regular.ttf").exists(),
                                reason="no Noto Thai faces (fonts-noto-core)")


def _scan_of(text: str, font_name: str = "Laksaman", *, angle: float = 0.5, seed: int = 3,
             face: Path | None = None, px_per_em: int = PT14_AT_300DPI):
    """A grey page strip with `text` on it, and the line's band (x0, top, x1, bottom)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    face = face or _digit_glyphs.TLWG_DIR / f"{font_name}.ttf"
    font = ImageFont.truetype(str(face), px_per_em)
    image = Image.new("L", (900, 160), 255)
    ImageDraw.Draw(image).text((60, 40), text, font=font, fill=0)
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    noisy = np.asarray(image, dtype=np.float32) + np.random.default_rng(seed).normal(
        0, 12, (image.height, image.width))
    image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    ink = np.argwhere(np.asarray(image) < 128)
    (top, x0), (bottom, x1) = ink.min(axis=0), ink.max(axis=0)
    return image, (float(x0), float(top) - 12, float(x1) + 1, float(bottom) + 12)


@pytest.mark.parametrize("printed, value", [
    ("๒๕๖๘", "2568"),  # Tesseract: ๒๕๒๕
    ("๘๓๐๙", "8309"),  # Tesseract: ๕๓๐๕
    ("๔๗", "47"), ("๑๒๓", "123"), ("๐๘ ๑๓๐๖", None), ("๑.", "1."), ("๓.", "3."),
    ("3,265", "3,265"), ("1,023", "1,023"), ("20.5", "20.5"), ("7,201", "7,201"),
])
@pytest.mark.parametrize("font", ["Laksaman", "Garuda", "Norasi"])
def test_numbers_are_read_by_their_digit_shapes(printed: str, value: str | None, font: str):
    if value is None:  # two numbers: read the first alone
        printed, value = printed.split()[0], "08"
    image, band = _scan_of(printed, font)
    reading = _digit_glyphs.read_number(image, band)
    assert reading is not None and reading.sure
    assert reading.text == value


@pytest.mark.parametrize("font", ["Laksaman-Bold", "Garuda-Bold"])
def test_bold_digits_printed_touching_are_read_apart(font: str):
    # A bold ๒๕๖๗ whose ๕ and ๖ run together in one blot (a plan's header scanned at 300
    # dpi read "277", unsure): drawn here with the two digits set closer till they touch.
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    face = ImageFont.truetype(str(_digit_glyphs.TLWG_DIR / f"{font}.ttf"), PT14_AT_300DPI)
    image = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(image)
    x = 60.0
    for digit, tighter in zip("๒๕๖๗", (0, 0, 4, 0), strict=True):
        x -= tighter  # the ๖ set over the side bearing between it and the ๕
        draw.text((x, 40), digit, font=face, fill=0)
        x += face.getlength(digit)
    ink = np.argwhere(np.asarray(image) < 128)
    (top, x0), (bottom, x1) = ink.min(axis=0), ink.max(axis=0)
    glyphs = _digit_glyphs.glyphs_in(image, (0, 0, 900, 160))
    assert len(glyphs) == 3  # the ๕ and ๖ touch
    reading = _digit_glyphs.read_number(image, (x0, top - 12, x1 + 1, bottom + 12))
    assert reading is not None and reading.sure and reading.text == "2567"


def test_a_number_tesseract_boxed_short_is_grown_over_its_digits():
    # Tesseract's boxes for ๘๓๐๙ covered only ๘๓๐ (sample 000, page 1)
    image, (x0, top, x1, bottom) = _scan_of("๘๓๐๙")
    reading = _digit_glyphs.read_number(image, (x0, top, x0 + 0.7 * (x1 - x0), bottom))
    assert reading is not None and reading.text == "8309"


def test_a_number_is_not_grown_over_the_next_one_past_a_word_space():
    # sample 000 scanned, page 4: "พ.ศ. ๒๕๕๗ ๖. ระเบียบ..." came out as 25576.
    image, (x0, top, _, bottom) = _scan_of("๒๕๕๗ ๖.")
    first = _scan_of("๒๕๕๗")[1]
    reading = _digit_glyphs.read_number(image, (x0, top, first[2], bottom))
    assert reading is not None and reading.text == "2557"


@pytest.mark.parametrize("word", ["ชื่อ", "ดอน", "ฟอง", "ศาล", "(R)", "R", "H", "KRs"])
def test_letters_are_not_read_as_digits(word: str):
    image, band = _scan_of(word)
    reading = _digit_glyphs.read_number(image, band)
    assert reading is None or not reading.sure


def _w(text: str, x0: float, top: float = 100.0) -> OcrWord:
    return OcrWord(text, 95.0, x0, top, x0 + 20 * len(text), top + 40)


def test_number_runs_join_a_numbers_letters_and_leave_separators_around_it():
    # Tesseract gives Thai a letter a word: "พ.ศ. ๒๕๖๘"
    words = [_w("พ", 0), _w(".", 20), _w("ศ", 30), _w(".", 50), _w("๒", 70), _w("๕", 90),
             _w("๖", 110), _w("๘", 130), _w("เขต", 200), _w("1,023", 0, top=200)]
    assert [[w.text for w in run] for run in number_runs(words)] == [
        ["๒", "๕", "๖", "๘"], ["1,023"]]


def test_number_runs_end_where_tesseract_saw_a_space():
    # sample 004 scanned, page 15: "ร้อยละ ๑๐๐ ๒) ผู้เข้ารับ..." - the space is narrower
    # than the gap that parts numbers, and read as one number the item became "1002)"
    words = [_w("๑", 0), _w("๐", 22), _w("๐", 44), _w("๒", 80), _w(")", 100)]
    words[3].space_before = True
    assert [[w.text for w in run] for run in number_runs(words)] == [["๑", "๐", "๐"], ["๒"]]


def test_spaces_come_from_tesseracts_text_output():
    words = [_w("ข", 0), _w("อ", 20), _w("เรือง", 50), _w("KRs", 200), _w("1", 0, top=200)]
    _mark_spaces(words, "ขอ เรือง  KRs\n\n1\n")
    assert [w.space_before for w in words] == [False, False, True, True, True]


def test_spaces_are_left_unknown_where_the_two_outputs_disagree():
    words = [_w("ข", 0), _w("อ", 20), _w("x", 40)]
    _mark_spaces(words, "ข y x")
    assert [w.space_before for w in words] == [False, None, None]


def test_a_bracket_closing_after_a_number_is_kept(monkeypatch):
    # sample 004 scanned, page 5: "๑)" came as "๑" (957-1001) boxed over ")" (981-1002),
    # the digit's ink read to 1001, and the bracket went with the digit's Tesseract word:
    # "1 ผู้ใช้บริการ..." for "1) ผู้ใช้บริการ..."
    from kr_extract.extract._ocr import read_digit_shapes

    monkeypatch.setattr(_digit_glyphs, "read_number", lambda image, box: (
        _digit_glyphs.DigitReading("1", 0.9, True, 957, 1001)))
    words = [OcrWord("๑", 93.0, 957, 100, 1001, 170), OcrWord(")", 93.0, 981, 100, 1002, 170),
             OcrWord("มี", 93.0, 1020, 100, 1063, 170)]
    out, _flags = read_digit_shapes(None, [], words, 1)
    assert [w.text for w in out] == ["1", ")", "มี"]


def test_a_bracket_opening_a_number_boxed_with_its_digits_is_kept(monkeypatch):
    # sample 004 scanned, page 5: "(๒๕๖๗ - ๒๕๖๙)" came as "(๒" boxed over the whole number
    # (956-1103) then "๕" "๒" "๓"; the digits' ink starts at 985 and the bracket went with
    # the word: "ระยะ 3 ปี 2567 - 2569)"
    from kr_extract.extract._ocr import read_digit_shapes

    monkeypatch.setattr(_digit_glyphs, "available", lambda: True)
    monkeypatch.setattr(_digit_glyphs, "read_number", lambda image, box: (
        _digit_glyphs.DigitReading("2567", 0.9, True, 985, 1092)))
    words = [OcrWord("ปี", 93.0, 880, 100, 930, 170),
             OcrWord("(๒", 97.0, 956, 100, 1103, 170, space_before=True),
             OcrWord("๕", 97.0, 1009, 100, 1039, 170), OcrWord("๒", 89.0, 1038, 100, 1063, 170),
             OcrWord("๓", 92.0, 1062, 100, 1092, 170)]
    out, _flags = read_digit_shapes(None, [], words, 1)
    assert [w.text for w in out] == ["ปี", "(", "2567"]
    assert out[1].x1 < out[2].x0


def test_a_short_latin_word_among_thai_ones_is_read_by_its_digit_shapes():
    # sample 002 scanned: "ไม่เกิน ๒๐๐ หลังคาเรือน" came out as "ไม่เกิน woo หลังคาเรือน"
    from kr_extract.extract._ocr import read_digit_shapes

    image, (x0, top, x1, bottom) = _scan_of("๒๐๐")
    words = [OcrWord("ไม่เกิน", 95.0, x0 - 60, top, x0 - 10, bottom),
             OcrWord("woo", 80.0, x0, top, x1, bottom),
             OcrWord("หลัง", 95.0, x1 + 10, top, x1 + 60, bottom)]
    out, _flags = read_digit_shapes(image, [], words, 1)
    assert [w.text for w in out] == ["ไม่เกิน", "200", "หลัง"]


@pytest.mark.parametrize("printed, read, value", [
    # odt-purisa-200-grey, sample 004: a criterion cell 'ร้อยละ ๖๐' wrapped, its number
    # alone on the second line, read 'VO'; one on a Thai line read 'Lo)' for ๔๐
    ("๖๐", "VO", "60"), ("๔๐", "Lo)", "40"),
])
def test_a_latin_word_alone_on_its_line_or_with_a_bracket_is_read_by_digit_shapes(
        printed: str, read: str, value: str):
    from kr_extract.extract._ocr import read_digit_shapes

    image, (x0, top, x1, bottom) = _scan_of(printed, "Purisa")
    out, _flags = read_digit_shapes(image, [], [OcrWord(read, 80.0, x0, top, x1, bottom)], 1)
    assert [w.text for w in out] == [value]
    thai = [OcrWord("ร้อยละ", 95.0, x0 - 90, top, x0 - 10, bottom),
            OcrWord(read, 80.0, x0, top, x1, bottom)]
    out, _flags = read_digit_shapes(image, [], thai, 1)
    assert [w.text for w in out] == ["ร้อยละ", value]


@pytest.mark.parametrize("word", ["KR", "Map", "One", "KPIs)"])
def test_a_latin_word_alone_on_its_line_stays_latin(word: str):
    from kr_extract.extract._ocr import read_digit_shapes

    image, (x0, top, x1, bottom) = _scan_of(word)
    out, _flags = read_digit_shapes(image, [], [OcrWord(word, 95.0, x0, top, x1, bottom)], 1)
    assert [w.text for w in out] == [word]


@pytest.mark.parametrize("word", ["KR", "Map", "One"])
def test_a_latin_word_among_thai_ones_stays_latin(word: str):
    from kr_extract.extract._ocr import read_digit_shapes

    image, (x0, top, x1, bottom) = _scan_of(word)
    words = [OcrWord("ระบบ", 95.0, x0 - 60, top, x0 - 10, bottom),
             OcrWord(word, 95.0, x0, top, x1, bottom)]
    out, _flags = read_digit_shapes(image, [], words, 1)
    assert [w.text for w in out] == ["ระบบ", word]


def test_a_number_tesseract_split_into_a_letter_and_a_digit_is_read_once(monkeypatch):
    # sample 002 scanned with another seed, page 5: the cell "31" came as "ว" and "1"; the
    # digit run "1" and the short cell "ว 1" both read as 31, and the row's number came
    # out "3311", so the row was lost from the district table
    from kr_extract.extract._ocr import read_digit_shapes
    from kr_extract.extract._pdf import _Grid
    from PIL import Image

    monkeypatch.setattr(_digit_glyphs, "available", lambda: True)
    monkeypatch.setattr(_digit_glyphs, "read_number", lambda image, box: (
        _digit_glyphs.DigitReading("31", 0.95, True, 230, 276)))
    grid = _Grid((200, 90, 400, 180), [[(200, 90, 400, 180)]], [90])
    words = [OcrWord("ว", 93.0, 230, 100, 252, 170), OcrWord("1", 93.0, 260, 100, 276, 170)]
    blank = Image.new("L", (500, 300), 255)  # the digits' ink is counted on the page
    out, _flags = read_digit_shapes(blank, [grid], words, 1)
    assert [w.text for w in out] == ["31"]


# --- the faces of the templates -------------------------------------------------------------

def test_the_templates_hold_every_upright_tlwg_face_regular_and_bold():
    names = {face.stem for face in _digit_glyphs.template_faces()}
    assert {"Laksaman", "Laksaman-Bold", "Garuda", "Garuda-Bold", "Norasi-Bold",
            "TlwgTypo", "Purisa"} <= names
    assert not [n for n in names if "Oblique" in n or "Italic" in n or "Light" in n]


@needs_noto
def test_the_noto_thai_faces_are_among_the_templates():
    names = {face.stem for face in _digit_glyphs.template_faces()}
    assert {f"Noto{kind}Thai-{style}" for kind in ("Sans", "Serif", "Looped")
            for style in ("Regular", "Bold")} <= names


@needs_noto
def test_a_face_gives_templates_only_for_the_characters_it_has():
    # Noto Sans Thai has no Arabic digits and no Latin letters: the "missing glyph" box
    # it draws for them must not become a template of 0-9 or of a letter
    shapes = _digit_glyphs.build_templates((NOTO_DIR / "NotoSansThai-Regular.ttf",))
    assert sorted(v for v in shapes.values if v) == [str(d) for d in range(10)]
    assert len(shapes.values) < len(_digit_glyphs.THAI_DIGITS) + 60


def test_faces_are_found_by_fontconfig_when_no_known_folder_holds_them(monkeypatch):
    if not _digit_glyphs._fontconfig_thai_files():
        pytest.skip("fontconfig (fc-list) lists no Thai font here")
    monkeypatch.setattr(_digit_glyphs, "FONT_DIRS", ())
    _digit_glyphs.template_faces.cache_clear()
    try:
        names = {face.stem for face in _digit_glyphs.template_faces()}
    finally:
        _digit_glyphs.template_faces.cache_clear()
    assert {"Laksaman", "Garuda-Bold"} <= names
    assert not [n for n in names if "Oblique" in n or "Italic" in n]


# --- faces the templates were not drawn from -----------------------------------------------

@pytest.fixture(scope="module")
def without_laksaman():
    """Templates from every face but Laksaman and Laksaman-Bold: the reader on a face it
    has never seen."""
    return _digit_glyphs.build_templates(tuple(
        face for face in _digit_glyphs.template_faces()
        if _digit_glyphs.family_of(face) != "Laksaman"))


# Numbers that templates without Laksaman's digits once read short and sure: a leading or
# trailing digit matched nothing clearly and was cut off as a letter (๘๔ as 4, 875.4 as
# 875.), or a full stop lost (46.87 as 6.87).
@pytest.mark.parametrize("printed, value", [
    ("๘๔", "84"), ("๙๒๕", "925"), ("๗๓๖", "736"), ("๘๗๕.๔", "875.4"), ("๙๙๘๑๐", "99810"),
    ("๕๕๘", "558"), ("๖๑๓", "613"), ("๒๗๕๖", "2756"), ("84", "84"), ("46.87", "46.87"),
    ("875.4", "875.4"), ("480622.83", "480622.83"), ("๓๔๖,๒๙๐", "346,290"),
])
@pytest.mark.parametrize("px_per_em", [PT14_AT_200DPI, PT14_AT_300DPI], ids=["200dpi", "300dpi"])
@pytest.mark.parametrize("style", ["Laksaman", "Laksaman-Bold"])
def test_a_face_held_apart_is_read_right_or_flagged_never_wrong_and_sure(
        without_laksaman, printed: str, value: str, px_per_em: int, style: str):
    image, band = _scan_of(printed, style, px_per_em=px_per_em)
    reading = _digit_glyphs.read_number(image, band, without_laksaman)
    assert reading is None or not reading.sure or reading.text == value


def test_the_templates_without_a_face_are_not_the_production_ones(without_laksaman):
    assert 0 < len(without_laksaman.values) < len(_digit_glyphs.templates().values)


# --- separators -------------------------------------------------------------------------

@pytest.mark.parametrize("printed", ["46.87", "583471.3", "26778.0"])
def test_a_full_stop_hanging_below_the_digits_is_not_read_as_a_comma(printed: str):
    # Purisa's full stop hangs below the digits' foot, as commas do: 46.87 was read 46,87
    image, band = _scan_of(printed, "Purisa", px_per_em=PT14_AT_200DPI)
    reading = _digit_glyphs.read_number(image, band)
    assert reading is None or not reading.sure or reading.text == printed


def test_a_full_stop_too_faint_to_be_a_glyph_makes_the_number_unsure():
    # Sawasdee's full stop at 200 dpi came out five pixels, under the size of a speck:
    # 480622.83 was read 48062283, sure. Here the stop is rubbed out to four pixels.
    import numpy as np
    from PIL import Image

    image, band = _scan_of("480622.83", "Sawasdee", px_per_em=PT14_AT_200DPI)
    stop = min(_digit_glyphs.glyphs_in(image, tuple(round(v) for v in band)),
               key=lambda glyph: glyph.height)
    pixels = np.asarray(image).copy()
    pixels[stop.top:stop.bottom, stop.x0:stop.x1] = 255
    pixels[stop.bottom - 2:stop.bottom, stop.x0:stop.x0 + 2] = 0
    reading = _digit_glyphs.read_number(Image.fromarray(pixels), band)
    assert reading is not None and not reading.sure
