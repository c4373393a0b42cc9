"""Checkbox marks on scanned pages (extract/_checkbox_marks.py), on images drawn here:
Thai text in Laksaman at 14 pt, 300 dpi, with DejaVu ☑/☐ glyphs or boxes drawn by hand,
grey noise as a scanner adds. Words are made up where Tesseract's would be (as it reads the
sample scans: junk such as "[ๆ" over a box); one test runs Tesseract on a line (~1 s).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from kr_extract.extract._blocks import Checkbox
from kr_extract.extract._checkbox_marks import find_checkboxes
from kr_extract.extract._ocr import (
    OcrWord,
    find_rules,
    run_tesseract,
    tesseract_available,
    words_to_chars,
)
from kr_extract.extract._structure import parse_cell
from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype")
THAI_FONT = FONTS / "tlwg" / "Laksaman.ttf"
SYMBOL_FONT = FONTS / "dejavu" / "DejaVuSans.ttf"

pytestmark = pytest.mark.skipif(not (THAI_FONT.exists() and SYMBOL_FONT.exists()),
                                reason="needs fonts-thai-tlwg and fonts-dejavu")


def _px(points: float, dpi: int = 300) -> int:
    return round(points * dpi / 72)


@dataclass
class Line:
    """One printed line: the image, each box's columns and each text piece's word."""
    image: Image.Image
    boxes: list[tuple[int, int]] = field(default_factory=list)
    words: list[OcrWord] = field(default_factory=list)


def _box_drawer(mark: str | None, *, overflow: bool = False, stroke: int = 3):
    """A square drawn by hand (0.65 em a side), empty or with a tick or a cross of two
    lines, inside it or running out over it."""
    def draw(canvas: ImageDraw.ImageDraw, x: int, y: int, em: int) -> int:
        side = round(0.65 * em)
        x0, y0 = x, y + round(0.3 * em)
        x1, y1 = x0 + side, y0 + side
        canvas.rectangle((x0, y0, x1, y1), outline=0, width=stroke)
        if mark == "tick":
            end = (x1 + 0.3 * side, y0 - 0.35 * side) if overflow else (x1 - 0.2 * side,
                                                                          y0 + 0.2 * side)
            canvas.line((x0 + 0.2 * side, y0 + 0.5 * side, x0 + 0.43 * side,
                         y1 - 0.15 * side, *end), fill=0, width=stroke + 1, joint="curve")
        elif mark == "cross":
            inset = -0.15 * side if overflow else 0.2 * side
            canvas.line((x0 + inset, y0 + inset, x1 - inset, y1 - inset), fill=0,
                        width=stroke + 1)
            canvas.line((x0 + inset, y1 - inset, x1 - inset, y0 + inset), fill=0,
                        width=stroke + 1)
        return x1 + 1
    return draw


def _line(pieces: list, *, points: float = 14, dpi: int = 300, thai=THAI_FONT) -> Line:
    """Draw the pieces left to right, a space apart: Thai text (str), a DejaVu glyph
    ("☑"/"☐"/"■", tagged ("glyph", char)) or a hand-drawn box (a `_box_drawer`)."""
    em = _px(points, dpi)
    text_font = ImageFont.truetype(str(thai), em)
    symbol_font = ImageFont.truetype(str(SYMBOL_FONT), em)
    image = Image.new("L", (40 * em, 3 * em), 255)
    canvas = ImageDraw.Draw(image)
    line = Line(image)
    space = round(canvas.textlength(" ", font=text_font))
    x, y = em, em
    # run_tesseract gives every word of a line the line's height.
    top, bottom = float(y - 0.3 * em), float(y + 1.2 * em)
    for piece in pieces:
        if isinstance(piece, str):
            canvas.text((x, y), piece, font=text_font, fill=0)
            right = x + round(canvas.textlength(piece, font=text_font))
            line.words.append(OcrWord(piece, 95.0, x, top, right, bottom))
        else:
            if isinstance(piece, tuple):
                canvas.text((x, y), piece[1], font=symbol_font, fill=0)
                right = x + round(canvas.textlength(piece[1], font=symbol_font))
            else:
                right = piece(canvas, x, y, em)
            ink = np.flatnonzero((np.asarray(image)[:, x:right + 1] < 128).any(axis=0))
            line.boxes.append((x + int(ink[0]), x + int(ink[-1]) + 1))
        x = right + space
    noise = np.random.default_rng(1).normal(0.0, 12.0, (image.height, image.width))
    grey = np.clip(np.asarray(image, dtype=np.float64) + noise, 0, 255).astype(np.uint8)
    line.image = Image.fromarray(grey)
    return line


def _marks(words: list[OcrWord]) -> list[str]:
    return [w.text for w in words if w.text in "☑☐"]


# --- finding boxes ---------------------------------------------------------------------------

@pytest.mark.parametrize("dpi", [300, 200])
def test_printed_boxes_are_found_with_their_state(dpi: int):
    line = _line(["ช่องทาง", ("glyph", "☑"), "ผ่านระบบ", ("glyph", "☐"), "อื่นๆ"], dpi=dpi)
    words, found = find_checkboxes(line.image, [])
    assert found == 2
    assert [w.text for w in words] == ["☑", "☐"]
    for word, (left, right) in zip(words, line.boxes, strict=True):
        assert abs(word.x0 - left) <= 3 and abs(word.x1 - right) <= 3


@pytest.mark.parametrize(("dpi", "mode"), [(150, "L"), (400, "L"), (150, "1"), (400, "1")])
def test_boxes_of_scans_at_other_resolutions_are_found_at_the_reading_resolution(dpi, mode):
    # the reader brings every page to 300 dpi first (extract/_ocr.py: at_reading_dpi)
    from kr_extract.extract._ocr import DPI, at_reading_dpi

    line = _line(["ช่องทาง", ("glyph", "☑"), "ผ่านระบบ", ("glyph", "☐"), "อื่นๆ"], dpi=dpi)
    scan = line.image if mode == "L" else line.image.point(lambda v: 0 if v < 128 else 255)
    words, found = find_checkboxes(at_reading_dpi(scan, (dpi, dpi)), [])
    assert found == 2 and [w.text for w in words] == ["☑", "☐"]
    for word, (left, right) in zip(words, line.boxes, strict=True):
        assert abs(word.x0 - left * DPI / dpi) <= 4 and abs(word.x1 - right * DPI / dpi) <= 4


@pytest.mark.parametrize(("mark", "overflow", "expected"), [
    pytest.param(None, False, "☐", id="empty"),
    pytest.param("tick", False, "☑", id="tick"),
    pytest.param("tick", True, "☑", id="tick-over-the-box"),
    pytest.param("cross", False, "☑", id="cross"),
    pytest.param("cross", True, "☑", id="cross-over-the-corners"),
])
def test_a_box_drawn_otherwise_is_found(mark: str | None, overflow: bool, expected: str):
    # Office forms print Wingdings boxes: a plain square, the tick often running out of it.
    line = _line(["หน่วยงาน", _box_drawer(mark, overflow=overflow), "ใช้ระบบ"])
    words, found = find_checkboxes(line.image, line.words)
    assert found == 1
    assert [w.text for w in words] == ["หน่วยงาน", expected, "ใช้ระบบ"]


def _leaning_box(canvas: ImageDraw.ImageDraw, x: int, y: int, em: int) -> int:
    """An empty box as a 200-dpi bilevel scan left one (Sawasdee, the ODT layout, read
    at 300 dpi): its left side a thick stroke down not quite half of it, then a one-pixel
    stroke two pixels in."""
    side = round(0.65 * em)
    x0, y0 = x, y + round(0.3 * em)
    x1, y1 = x0 + side, y0 + side
    canvas.rectangle((x0 + 2, y0, x1, y0 + 2), fill=0)  # top
    canvas.rectangle((x0 + 2, y1 - 2, x1, y1), fill=0)  # bottom
    canvas.rectangle((x1 - 2, y0, x1, y1), fill=0)  # right
    canvas.rectangle((x0, y0, x0 + 3, y0 + 9 * side // 20), fill=0)  # left, upper part
    canvas.line((x0 + 2, y0 + 9 * side // 20, x0 + 2, y1), fill=0, width=1)  # the rest
    return x1 + 1


def test_a_box_whose_side_leans_is_found():
    line = _line(["หน่วยงาน", _leaning_box, "ใช้ระบบ"])
    words, found = find_checkboxes(line.image, line.words)
    assert found == 1
    assert [w.text for w in words] == ["หน่วยงาน", "☐", "ใช้ระบบ"]


# A Thai digit ๒ as a 300-dpi grey scan of Tlwg Typo printed it (typo-300-grey, sample
# 004, page 32), its ink as the box finder sees it: its columns reach down evenly more
# the further in, and none is a stub beside a leaning side.
TYPO_TWO = [
    "........................",
    ".##.....................",
    "####....................",
    ".####...................",
    "..###...................",
    "..###...#####...####....",
    "..####.#######.######...",
    "..####.###############..",
    "..########...####.####..",
    "..########....##...###..",
    "..########.........###..",
    "..############.....###..",
    "..#############....###..",
    "..#########..###...###..",
    "..####.###....##...###..",
    "..####.###...###...###..",
    "..####..#######....###..",
    "..####...######....###..",
    "...###....###......###..",
    "...###............####..",
    "....#################...",
    ".....###############....",
    "......############......",
    "........................",
]


def test_a_scanned_digit_whose_columns_grow_evenly_is_no_box():
    ink = np.zeros((80, 80), dtype=bool)
    ink[20:44, 20:44] = [[c == "#" for c in row] for row in TYPO_TWO]
    image = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))
    assert find_checkboxes(image, [])[1] == 0


@pytest.mark.parametrize("font", ["Laksaman", "Laksaman-Bold", "Garuda", "Loma", "Waree",
                                  "Umpush", "Norasi", "TlwgTypo-Bold"])
@pytest.mark.parametrize("points", [10, 14, 20])
def test_no_box_is_found_in_plain_text(font: str, points: float):
    thai = FONTS / "tlwg" / f"{font}.ttf"
    if not thai.exists():
        pytest.skip(f"no {font}")
    # Letters Tesseract confuses with a box, round letters and digits, brackets.
    text = "อ ด ๐ O o D 0 ( ) [ ] (R) (H) [ๆ] [7] ๒ ๓ ก บ ป ม ฆ ฎ อดออม ๐๐๑ B P R ดูแล"
    line = _line([text], points=points, thai=thai)
    words, found = find_checkboxes(line.image, line.words)
    assert found == 0
    assert words == line.words


def test_boxes_in_a_ruled_table_are_found_and_its_cells_are_not():
    # Month columns of a plan are cells about as small as a box; their rules go on past
    # every corner. find_rules erases the rules; the boxes, shorter, stay.
    line = _line(["ช่องทาง", ("glyph", "☑"), "ผ่านระบบ", ("glyph", "☐"), "อื่นๆ"])
    image = line.image.copy()
    canvas = ImageDraw.Draw(image)
    cell, left, top = 64, line.words[-1].x1 + 100, 20
    columns = [left + cell * i for i in range(13)]
    for y in (top, top + cell, top + 2 * cell):
        canvas.line((left, y, columns[-1], y), fill=0, width=3)
    for x in columns:
        canvas.line((x, top, x, top + 2 * cell), fill=0, width=3)
    words, found = find_checkboxes(image, [])
    assert (found, [w.text for w in words]) == (2, ["☑", "☐"])
    clean = find_rules(image)[1]
    assert find_checkboxes(clean, [])[1] == 2


def test_a_filled_square_is_no_box():
    line = _line(["■", "รายการ", ("glyph", "■")])
    assert find_checkboxes(line.image, [])[1] == 0


# --- the words -------------------------------------------------------------------------------

def test_junk_read_over_a_box_gives_way_to_the_mark():
    line = _line(["ช่องทาง", ("glyph", "☐"), "ผ่านระบบ"])
    left, right = line.boxes[0]
    before, after = line.words
    # Tesseract on the sample scans: "[ๆ" over the box, "]" over its right side.
    junk = [OcrWord("[ๆ", 56.0, left, before.top, right - 4, before.bottom),
            OcrWord("]", 70.0, right - 6, before.top, right + 4, before.bottom)]
    words, found = find_checkboxes(line.image, [before, *junk, after])
    assert found == 1
    assert [w.text for w in words] == ["ช่องทาง", "☐", "ผ่านระบบ"]
    mark = words[1]
    assert (mark.top, mark.bottom) == (before.top, before.bottom)  # on the words' line
    # The option text stands apart from the box (the text layer's "☐ ผ่านระบบ").
    assert words[2].space_before is True
    assert after.space_before is None  # the caller's words are not changed


def test_a_thai_mark_left_of_the_junk_goes_with_it():
    # A tick running out of its box, read by Tesseract as "ซ" and "็" (a word each).
    line = _line(["หน่วยงาน", _box_drawer("tick", overflow=True), "โปรดระบุ"])
    left, right = line.boxes[0]
    before, after = line.words
    junk = [OcrWord("ซ", 60.0, left + 17, before.top, right + 3, before.bottom),
            OcrWord("็", 60.0, right + 2, before.top, right + 22, before.bottom)]
    words, _ = find_checkboxes(line.image, [before, *junk, after])
    assert [w.text for w in words] == ["หน่วยงาน", "☑", "โปรดระบุ"]


def test_a_word_glued_to_the_box_keeps_its_text():
    line = _line(["Tracking", ("glyph", "☑"), "ใช้ระบบ"])
    left, right = line.boxes[0]
    tracking, use = line.words
    glued_after = OcrWord("[7ใช้ระบบ", 80.0, left, use.top, use.x1, use.bottom)
    words, _ = find_checkboxes(line.image, [tracking, glued_after])
    assert [w.text for w in words] == ["Tracking", "☑", "ใช้ระบบ"]
    assert words[2].x0 >= right
    glued_before = OcrWord("Tracking[", 80.0, tracking.x0, use.top, right, use.bottom)
    words, _ = find_checkboxes(line.image, [glued_before, use])
    assert [w.text for w in words] == ["Tracking", "☑", "ใช้ระบบ"]
    assert words[0].x1 <= left


def test_a_box_read_as_a_thai_letter_glued_to_the_word_is_cut_off():
    line = _line([_box_drawer(None), "ใช้ระบบ"])
    left, _ = line.boxes[0]
    use = line.words[0]
    words, _ = find_checkboxes(line.image, [OcrWord("ดใช้ระบบ", 70.0, left, use.top,
                                                    use.x1, use.bottom)])
    assert [w.text for w in words] == ["☐", "ใช้ระบบ"]


def test_words_on_other_lines_are_left_alone():
    line = _line(["ช่องทาง", ("glyph", "☑"), "ผ่านระบบ"])
    above = OcrWord("หัวข้อ", 96.0, 10.0, 0.0, 200.0, line.words[0].top - 5)
    words, _ = find_checkboxes(line.image, [above, *line.words])
    assert words[0] is above
    assert [w.text for w in words] == ["หัวข้อ", "ช่องทาง", "☑", "ผ่านระบบ"]


def test_the_marks_reach_the_option_texts():
    line = _line(["ช่องทาง", ("glyph", "☑"), "ผ่านระบบ", ("glyph", "☐"), "อื่นๆ"])
    words, _ = find_checkboxes(line.image, line.words)
    text = "".join(c.text for c in words_to_chars(words) if c is not None)
    cell = parse_cell(text)
    assert cell.checkboxes == [Checkbox(True, "ผ่านระบบ"), Checkbox(False, "อื่นๆ")]
    assert [p.lead for p in cell.paragraphs] == ["ช่องทาง"]


@pytest.mark.skipif(tesseract_available() is not None, reason="needs Tesseract with Thai")
def test_with_tesseract_the_boxes_replace_its_readings():
    line = _line(["ช่องทาง", ("glyph", "☑"), "ผ่านระบบ", ("glyph", "☐"), "อื่นๆ",
                  _box_drawer("tick", overflow=True), "โปรดระบุ"])
    words, found = find_checkboxes(line.image, run_tesseract(line.image))
    assert found == 3
    assert _marks(words) == ["☑", "☐", "☑"]
    for left, right in line.boxes:  # nothing but the mark is left over a box
        over = [w for w in words if min(w.x1, right) - max(w.x0, left) > 0.5 * (w.x1 - w.x0)]
        assert [w.text for w in over] in (["☑"], ["☐"])
