"""Digits read by their shapes, where Tesseract's Thai model is weakest.

Measured on our scans: Tesseract reads Thai digits wrong at high confidence (๘ -> ๕ and
๖ -> ๒ at 97%), and no Tesseract setting fixes it (pdf-ocr-facts.md). Digits are ten
fixed shapes printed in a handful of fonts, so each glyph of a number Tesseract found is
cut out of the page (connected ink) and compared with templates drawn from the Thai fonts
the setup script installs (fonts-thai-tlwg: Laksaman is the free clone of TH Sarabun,
the usual font of Thai government forms). A glyph that matches no digit clearly is not
guessed: the number keeps Tesseract's reading and is reported as doubtful.

Thai and Arabic digits of one value share a label: the normalizer turns both into the
same Arabic digit, so only the value matters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

TLWG_DIR = Path("/usr/share/fonts/truetype/tlwg")
# Upright faces whose digits look like those on office forms; italics vary too much.
TEMPLATE_FONTS = ("Laksaman", "Laksaman-Bold", "Garuda", "Garuda-Bold", "Loma",
                  "Loma-Bold", "Norasi", "Norasi-Bold", "Kinnari", "Kinnari-Bold",
                  "Umpush", "Umpush-Bold", "Waree", "Waree-Bold", "Sawasdee")
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
# Shapes that are not digits, so that a letter next to a number (or one Tesseract took
# for a digit) is not read as the digit it looks most like.
# Latin letters shaped like a digit (O, l, I) are left out: they would make every 0 and 1
# doubtful.
NOT_DIGITS = ("กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮฤะาเแโใไๆฯ"
              "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz%/()")
SIZE = 24  # side of the square every glyph is scaled to before comparing
_INK = 128  # grey level below which a pixel is ink (scans are dark text on white)
_MIN_SPECK = 6  # connected ink smaller than this (pixels) is scanner noise
# A glyph is read as a digit when its best template scores at least this (correlation,
# minus a penalty for a different width-to-height ratio) and beats the best template of
# any other digit by the margin.
MIN_SCORE = 0.62
MIN_MARGIN = 0.05


@dataclass(frozen=True)
class Glyph:
    x0: int
    top: int
    x1: int
    bottom: int
    bitmap: object  # numpy bool array of the glyph's box

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True)
class DigitReading:
    text: str  # the number as printed, digits in Arabic form, separators kept
    score: float  # the weakest glyph's template score (0-1)
    sure: bool  # every glyph matched one digit clearly
    x0: int  # where the number's ink starts and ends on the page
    x1: int


def _normalized(bitmap):
    """A glyph's ink scaled into a SIZE x SIZE square, zero mean, unit length."""
    import numpy as np
    from PIL import Image

    image = Image.fromarray(bitmap.astype(np.uint8) * 255).resize((SIZE, SIZE),
                                                                  Image.BILINEAR)
    vector = np.asarray(image, dtype=np.float32).ravel()
    vector = vector - vector.mean()
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


@functools.cache
def templates() -> tuple[object, tuple[str, ...], object]:
    """(matrix of normalized template vectors, their digit values, their aspect ratios)
    from every template font found; empty when none is installed."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    vectors, values, ratios = [], [], []
    for name in TEMPLATE_FONTS:
        path = TLWG_DIR / f"{name}.ttf"
        if not path.exists():
            continue
        font = ImageFont.truetype(str(path), 96)
        shapes = [(str(v), c) for v, c in enumerate(THAI_DIGITS)]
        shapes += [(str(v), c) for v, c in enumerate(ARABIC_DIGITS)]
        shapes += [("", c) for c in NOT_DIGITS]
        for value, char in shapes:
                canvas = Image.new("L", (160, 160), 255)
                ImageDraw.Draw(canvas).text((20, 10), char, font=font, fill=0)
                ink = np.asarray(canvas) < _INK
                rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
                if not len(rows):
                    continue
                box = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
                vectors.append(_normalized(box))
                values.append(value)
                ratios.append(box.shape[1] / box.shape[0])
    if not vectors:
        return np.zeros((0, SIZE * SIZE), np.float32), (), np.zeros(0)
    return np.stack(vectors), tuple(values), np.asarray(ratios)


def available() -> bool:
    return len(templates()[1]) > 0


def glyphs_in(image, band: tuple[int, int, int, int]) -> list[Glyph]:
    """The glyphs of a band (x0, top, x1, bottom) of a grey page image, left to right.
    Ink cut by the band's top or bottom edge belongs to the lines above or below (their
    marks reach into this line's band) and is left out; ink pieces in one column (the dots
    of `:`, a stroke the scan broke) make one glyph."""
    import numpy as np

    left, upper = band[0], band[1]
    crop = np.asarray(image.crop(band)) < _INK
    pieces = sorted((p for p in _components(crop) if p[4] >= _MIN_SPECK
                     and p[1] > 0 and p[3] < crop.shape[0]), key=lambda p: p[0])
    merged: list[list[int]] = []
    for piece in pieces:
        if merged:
            last = merged[-1]
            overlap = min(last[2], piece[2]) - max(last[0], piece[0])
            if overlap > 0.5 * min(last[2] - last[0], piece[2] - piece[0]):
                last[:4] = [min(last[0], piece[0]), min(last[1], piece[1]),
                            max(last[2], piece[2]), max(last[3], piece[3])]
                continue
        merged.append(list(piece[:4]))
    return [Glyph(left + gx0, upper + gy0, left + gx1, upper + gy1,
                  crop[gy0:gy1, gx0:gx1]) for gx0, gy0, gx1, gy1 in merged]


def _components(mask) -> list[tuple[int, int, int, int, int]]:
    """Connected ink (8-neighbours) of a bool array: (x0, y0, x1, y1, pixels), ends open."""
    import numpy as np
    from scipy import ndimage

    labels, count = ndimage.label(mask, structure=np.ones((3, 3), dtype=bool))
    if not count:
        return []
    sizes = np.bincount(labels.ravel())[1:]
    return [(box[1].start, box[0].start, box[1].stop, box[0].stop, int(size))
            for box, size in zip(ndimage.find_objects(labels), sizes, strict=True)]


def classify(glyph: Glyph) -> tuple[str, float, float]:
    """(digit value, score, margin over the best other shape) for one glyph; the value
    is "" when the glyph looks most like a letter or a sign."""
    import numpy as np

    matrix, values, ratios = templates()
    vector = _normalized(glyph.bitmap)
    ratio = glyph.width / max(glyph.height, 1)
    # Multiply and sum rather than `@`: BLAS threads cost more than they save on a
    # matrix this small, and pages are already read in parallel.
    scores = (matrix * vector).sum(axis=1) - 0.5 * np.abs(np.log(ratios / ratio))
    best = int(np.argmax(scores))
    value = values[best]
    others = [s for s, v in zip(scores.tolist(), values, strict=True) if v != value]
    return value, float(scores[best]), float(scores[best] - max(others))


def read_number(image, box: tuple[float, float, float, float]) -> DigitReading | None:
    """Read the number Tesseract found in `box` (x0, top, x1, bottom; its line's band)
    glyph by glyph. None when the box holds no digit-like ink or no templates are
    installed.

    Tesseract's letter boxes are a few pixels off and it drops digits, so the number is
    the glyphs that mostly overlap the box, grown over neighbours that are clearly digits
    and closer than a third of a digit's height (a word space is wider). Small glyphs
    between digits are separators: `,` reaches below the digits' foot, `.` does not, `-`
    is wide and flat."""
    if not available():
        return None
    x0, top, x1, bottom = (round(v) for v in box)
    reach = 2 * (bottom - top)
    glyphs = glyphs_in(image, (max(0, x0 - reach), max(0, top - 4),
                               min(image.width, x1 + reach), min(image.height, bottom + 4)))
    inside = [i for i, g in enumerate(glyphs)
              if min(x1, g.x1) - max(x0, g.x0) >= 0.2 * max(g.width, 1)]
    if not inside:
        return None
    digit_height = max(glyphs[i].height for i in inside)
    readings = {i: classify(g) for i, g in enumerate(glyphs)
                if g.height >= 0.45 * digit_height}

    def is_digit(i: int) -> bool:
        value, score, margin = readings.get(i, ("", 0.0, 0.0))
        return value != "" and score >= MIN_SCORE and margin >= MIN_MARGIN

    first, last = inside[0], inside[-1]
    # A letter Tesseract's shifted box reaches into is not part of the number.
    while first < last and not is_digit(first) and first in readings:
        first += 1
    while last > first and not is_digit(last) and last in readings:
        last -= 1
    gap = 0.35 * digit_height  # digits of one number stand closer than words
    while first > 0 and is_digit(first - 1) and glyphs[first].x0 - glyphs[first - 1].x1 < gap:
        first -= 1
    while (last + 1 < len(glyphs) and is_digit(last + 1)
           and glyphs[last + 1].x0 - glyphs[last].x1 < gap):
        last += 1
    while first < last and first not in readings:  # separators belong to the text around
        first += 1
    while last > first and last not in readings:
        last -= 1
    # A full stop right after the number is printed with it ("๑." numbering a row).
    if (last + 1 < len(glyphs) and last + 1 not in readings
            and glyphs[last + 1].x0 - glyphs[last].x1 < 0.5 * digit_height
            and glyphs[last + 1].width < 0.3 * digit_height):
        last += 1
    number = range(first, last + 1)
    tall = [glyphs[i] for i in number if i in readings]
    if not tall:
        return None
    foot = max(g.bottom for g in tall)
    text, weakest, sure = [], 1.0, True
    for i in number:
        glyph = glyphs[i]
        if i not in readings:
            if glyph.width > 1.6 * glyph.height:
                text.append("-")
            elif glyph.bottom > foot + 0.1 * digit_height:
                text.append(",")
            else:
                text.append(".")
            continue
        value, score, _margin = readings[i]
        text.append(value or "?")
        weakest = min(weakest, score)
        sure = sure and is_digit(i)
    return DigitReading("".join(text), weakest, sure, glyphs[first].x0, glyphs[last].x1)
