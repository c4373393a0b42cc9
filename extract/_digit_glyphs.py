"""Digits read by their shapes, where Tesseract's Thai model is weakest.

Measured on our scans: Tesseract reads Thai digits wrong at high confidence (๘ -> ๕ and
๖ -> ๒ at 97%), and no Tesseract setting fixes it (pdf-ocr-facts.md). Digits are ten
fixed shapes printed in a handful of fonts, so each glyph of a number Tesseract found is
cut out of the page (connected ink) and compared with templates drawn from every upright
regular and bold face of the Thai fonts the setup script installs (fonts-thai-tlwg:
Laksaman is the free clone of TH Sarabun, the usual font of Thai government forms;
fonts-noto-core: Noto Sans, Serif and Looped Thai). A glyph that matches no digit clearly
is not guessed: the number keeps Tesseract's reading and is reported as doubtful.
benchmarks/digit_faces.py measures the reading on faces left out of the templates.

Thai and Arabic digits of one value share a label: the normalizer turns both into the
same Arabic digit, so only the value matters.
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# Where Debian puts the faces the setup script installs (fonts-thai-tlwg as TrueType or
# OpenType, fonts-noto-core); fontconfig is asked only when none of them holds a face.
TLWG_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONT_DIRS = (TLWG_DIR, Path("/usr/share/fonts/opentype/tlwg"),
             Path("/usr/share/fonts/truetype/noto"))
TLWG_FAMILIES = ("Garuda", "Kinnari", "Laksaman", "Loma", "Norasi", "Purisa", "Sawasdee",
                 "TlwgMono", "TlwgTypewriter", "TlwgTypist", "TlwgTypo", "Umpush", "Waree")
# Regular and bold, the weights forms are printed in; a leaning (italic, oblique) digit
# would be a template of no upright one.
UPRIGHT_STYLES = ("", "Regular", "Bold")
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
# Shapes that are not digits, so that a letter next to a number (or one Tesseract took
# for a digit) is not read as the digit it looks most like.
# Latin letters shaped like a digit (O, l, I) are left out: they would make every 0 and 1
# doubtful.
NOT_DIGITS = ("กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮฤะาเแโใไๆฯ"
              "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz%/()")
SIZE = 24  # side of the square every glyph is scaled to before comparing
_TEMPLATE_EM = 96  # pixels per em the templates are drawn at
_INK = 128  # grey level below which a pixel is ink (scans are dark text on white)
_MIN_SPECK = 6  # connected ink smaller than this (pixels) is scanner noise
# A glyph is read as a digit when its best template scores at least this (correlation,
# minus a penalty for a different width-to-height ratio) and beats the best template of
# any other digit by the margin.
MIN_SCORE = 0.62
MIN_MARGIN = 0.05
# A glyph at a number's end is cut off as a letter only when it beats every digit by this
# much: Latin letters of one face look like digits of another (Sawasdee's 9 like a g,
# its 6 like a b), and a digit cut off leaves a shorter number that reads sure.
MIN_LETTER_MARGIN = 0.2
# A glyph this many times as wide as tall may be two digits touching: no digit or
# letter is (Thai digits are about as wide as tall), but bold digits may run together.
TOUCHING_RATIO = 1.6
_CUT_SLACK = 2  # columns within this many ink pixels of the thinnest are tried as cuts
_CUTS_TRIED = 6


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


class Templates(NamedTuple):
    matrix: object  # numpy array, one normalized glyph vector a row
    values: tuple[str, ...]  # each row's digit value, "" for a shape that is no digit
    ratios: object  # numpy array, each row's width-to-height ratio


def _normalized(bitmap):
    """A glyph's ink scaled into a SIZE x SIZE square, zero mean, unit length."""
    import numpy as np

    height, width = bitmap.shape
    square = _resampler(height) @ bitmap.astype(np.float32) @ _resampler(width).T
    vector = square.ravel()
    vector = vector - vector.mean()
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


@functools.cache
def _resampler(length: int):
    """The SIZE x length matrix that resamples a line of pixels to SIZE, as Pillow's
    bilinear resize does (a triangle as wide as a source pixel or a target one, whichever
    is wider); two small products cost less than a Pillow image per glyph."""
    import numpy as np

    scale = length / SIZE
    centres = (np.arange(SIZE) + 0.5) * scale
    weights = np.clip(1 - np.abs(np.arange(length) + 0.5 - centres[:, None])
                      / max(scale, 1.0), 0, None)
    return (weights / weights.sum(axis=1, keepdims=True)).astype(np.float32)


def _is_template_face(path: Path) -> bool:
    """Whether a font file is an upright regular or bold face of a TLWG or Noto Thai
    family, going by the names both projects give their files (`Garuda-Bold.ttf`,
    `NotoSansThai-Regular.ttf`)."""
    family, _, style = path.stem.partition("-")
    ours = family in TLWG_FAMILIES or (family.startswith("Noto") and "Thai" in family)
    return ours and style in UPRIGHT_STYLES and path.suffix.lower() in (".ttf", ".otf")


def family_of(face: Path) -> str:
    """A face's family (`Garuda` for Garuda-Bold.ttf), whose regular and bold digits are
    drawn alike: a face is measured unseen only with its family left out."""
    return face.stem.partition("-")[0]


@functools.cache
def template_faces() -> tuple[Path, ...]:
    """The upright regular and bold faces of the TLWG and Noto Thai families installed,
    one file per face (TrueType before OpenType), sorted by name."""
    found = [path for folder in FONT_DIRS if folder.is_dir()
             for path in sorted(folder.iterdir())]
    if not any(_is_template_face(path) for path in found):
        found = _fontconfig_thai_files()
    faces: dict[str, Path] = {}
    for path in found:
        if _is_template_face(path) and path.stem not in faces:
            faces[path.stem] = path
    return tuple(sorted(faces.values(), key=lambda path: path.stem))


def _fontconfig_thai_files() -> list[Path]:
    """Font files fontconfig says cover Thai; empty without fontconfig."""
    import subprocess

    try:
        listed = subprocess.run(["fc-list", ":lang=th", "file"], capture_output=True,
                                text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(Path(line.strip().rstrip(":")) for line in listed.splitlines()
                  if line.strip())


@functools.cache
def templates() -> Templates:
    """The templates of every face of `template_faces()`; empty when none is installed.
    Built once per process."""
    return build_templates(template_faces())


def build_templates(faces: tuple[Path, ...]) -> Templates:
    """Templates drawn from `faces`: every digit, Thai and Arabic, and every shape of
    NOT_DIGITS that the face has (Noto's Thai faces have no Latin letters or digits)."""
    import numpy as np

    shapes = [(str(v), c) for v, c in enumerate(THAI_DIGITS)]
    shapes += [(str(v), c) for v, c in enumerate(ARABIC_DIGITS)]
    shapes += [("", c) for c in NOT_DIGITS]
    vectors, values, ratios = [], [], []
    for face in faces:
        for (value, _char), box in zip(shapes, _drawn(face, [c for _, c in shapes]),
                                       strict=True):
            if box is None:
                continue
            vectors.append(_normalized(box))
            values.append(value)
            ratios.append(box.shape[1] / box.shape[0])
    if not vectors:
        return Templates(np.zeros((0, SIZE * SIZE), np.float32), (), np.zeros(0))
    return Templates(np.stack(vectors), tuple(values), np.asarray(ratios))


def _drawn(face: Path, chars: list[str]) -> list[object]:
    """Each char's ink box (numpy bool array) drawn in `face`, None where the face has no
    glyph for it. All chars go on one canvas, side by side in cells two ems wide, so
    that the canvas is turned into an array once, not once a char."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(face), _TEMPLATE_EM, layout_engine=ImageFont.Layout.BASIC)
    # A char the face lacks is drawn as its "missing glyph" box, which must not become
    # a template: draw a code point no font has and drop what looks the same.
    missing = "\U0010fffd"
    cell = 2 * _TEMPLATE_EM
    canvas = Image.new("L", (cell * (len(chars) + 1), cell), 255)
    draw = ImageDraw.Draw(canvas)
    boxes = []
    for i, char in enumerate([*chars, missing]):
        left = i * cell + _TEMPLATE_EM // 4
        draw.text((left, _TEMPLATE_EM // 4), char, font=font, fill=0)
        x0, y0, x1, y1 = font.getbbox(char)
        boxes.append((left + x0, _TEMPLATE_EM // 4 + y0, left + x1, _TEMPLATE_EM // 4 + y1))
    ink = np.asarray(canvas) < _INK
    drawn = [_trimmed(ink[y0:y1, x0:x1]) for x0, y0, x1, y1 in boxes]
    notdef = drawn.pop()
    return [None if box is None or (notdef is not None and box.shape == notdef.shape
                                    and bool((box == notdef).all())) else box
            for box in drawn]


def _trimmed(ink):
    """The ink of a bool array cut to its bounding box; None when there is none."""
    import numpy as np

    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def available() -> bool:
    return len(templates().values) > 0


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


def classify(glyph: Glyph, shapes: Templates | None = None) -> tuple[str, float, float]:
    """(digit value, score, margin over the best other shape) for one glyph against
    `shapes` (default: `templates()`); the value is "" when the glyph looks most like a
    letter or a sign."""
    import numpy as np

    matrix, values, ratios = shapes or templates()
    vector = _normalized(glyph.bitmap)
    ratio = glyph.width / max(glyph.height, 1)
    # einsum rather than `@`: BLAS threads cost more than they save on a matrix this
    # small, and pages are already read in parallel (1 ms against 12 ms a glyph here,
    # and 3 ms for multiply-and-sum).
    scores = np.einsum("ij,j->i", matrix, vector) - 0.5 * np.abs(np.log(ratios / ratio))
    best = int(np.argmax(scores))
    value = values[best]
    others = [s for s, v in zip(scores.tolist(), values, strict=True) if v != value]
    return value, float(scores[best]), float(scores[best] - max(others))


def read_number(image, box: tuple[float, float, float, float],
                shapes: Templates | None = None) -> DigitReading | None:
    """Read the number Tesseract found in `box` (x0, top, x1, bottom; its line's band)
    glyph by glyph, against `shapes` (default: `templates()`, every face installed).
    None when the box holds no digit-like ink or no templates are installed.

    Tesseract's letter boxes are a few pixels off and it drops digits, so the number is
    the glyphs that mostly overlap the box, grown over neighbours shaped like digits and
    closer than a third of a digit's height (a word space is wider). Small glyphs between
    digits are separators (`_separator`). The reading is sure only when every glyph of it
    matched one digit clearly and every separator is clearly one."""
    shapes = shapes or templates()
    if not shapes.values:
        return None
    x0, top, x1, bottom = (round(v) for v in box)
    reach = 2 * (bottom - top)
    glyphs = _split_touching(glyphs_in(image, (max(0, x0 - reach), max(0, top - 4),
                                               min(image.width, x1 + reach),
                                               min(image.height, bottom + 4))), shapes)
    inside = [i for i, g in enumerate(glyphs)
              if min(x1, g.x1) - max(x0, g.x0) >= 0.2 * max(g.width, 1)]
    if not inside:
        return None
    digit_height = max(glyphs[i].height for i in inside)
    # Glyphs as tall as digits are read; a comma of a typewriter face is half a digit
    # tall, but its top is in the lower half of the line.
    top_line = min(glyphs[i].top for i in inside)
    readings = {i: classify(g, shapes) for i, g in enumerate(glyphs)
                if g.height >= 0.45 * digit_height and g.top < top_line + 0.5 * digit_height}

    def is_clear(i: int) -> bool:
        _value, score, margin = readings.get(i, ("", 0.0, 0.0))
        return score >= MIN_SCORE and margin >= MIN_MARGIN

    def is_digit(i: int) -> bool:
        return i in readings and readings[i][0] != "" and is_clear(i)

    def is_letter(i: int) -> bool:
        return (i in readings and readings[i][0] == "" and is_clear(i)
                and readings[i][2] >= MIN_LETTER_MARGIN)

    def looks_like_digit(i: int) -> bool:
        return i in readings and readings[i][0] != ""

    first, last = inside[0], inside[-1]
    # A letter Tesseract's shifted box reaches into is not part of the number. Only a
    # clear letter goes: a digit of an unknown face, or two digits printed touching,
    # match nothing clearly, and dropping them would leave a shorter number that reads
    # sure ("๘๔" read "4").
    while first < last and is_letter(first):
        first += 1
    while last > first and is_letter(last):
        last -= 1
    gap = 0.35 * digit_height  # digits of one number stand closer than words
    # Grown over anything shaped most like a digit, clear or not, for the same reason:
    # an unclear digit beside the number makes the reading unsure, not shorter.
    while (first > 0 and looks_like_digit(first - 1)
           and glyphs[first].x0 - glyphs[first - 1].x1 < gap):
        first -= 1
    while (last + 1 < len(glyphs) and looks_like_digit(last + 1)
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
    baseline = statistics.median(g.bottom for g in tall)
    text, weakest, sure = [], 1.0, True
    for i in number:
        glyph = glyphs[i]
        if i not in readings:
            sign = _separator(glyph, baseline, digit_height)
            text.append(sign or "?")
            sure = sure and sign is not None
            continue
        if i > first and i - 1 in readings and _ink_between(
                image, glyphs[i - 1], glyph, baseline, digit_height):
            # A separator too small to be kept as a glyph (Sawasdee's full stop at
            # 200 dpi is five pixels): "480622.83" must not read 48062283.
            sure = False
        value, score, _margin = readings[i]
        text.append(value or "?")
        weakest = min(weakest, score)
        sure = sure and is_digit(i)
    return DigitReading("".join(text), weakest, sure, glyphs[first].x0, glyphs[last].x1)


def _split_touching(glyphs: list[Glyph], shapes: Templates) -> list[Glyph]:
    """Glyphs with each blot of two digits printed touching (a bold `๕๖`) cut in two
    where its ink is thin, when both parts are clear digits and the blot is none."""
    out: list[Glyph] = []
    for glyph in glyphs:
        if glyph.width >= TOUCHING_RATIO * glyph.height and not _is_clear(
                classify(glyph, shapes)):
            parts = _best_cut(glyph, shapes)
            if parts is not None:
                out.extend(parts)
                continue
        out.append(glyph)
    return out


def _is_clear(reading: tuple[str, float, float]) -> bool:
    return reading[1] >= MIN_SCORE and reading[2] >= MIN_MARGIN


def _best_cut(glyph: Glyph, shapes: Templates) -> tuple[Glyph, Glyph] | None:
    """The cut of `glyph` into two clear digits that match best: tried at the thinnest
    columns of its middle third (where two touching digits meet, a stroke or two)."""
    import numpy as np

    third = glyph.width // 3
    counts = glyph.bitmap[:, third:glyph.width - third].sum(axis=0)
    thin = np.flatnonzero(counts <= counts.min() + _CUT_SLACK) + third
    best, best_score = None, 0.0
    for column in sorted(thin, key=lambda c: abs(c - glyph.width / 2))[:_CUTS_TRIED]:
        parts = _cut(glyph, int(column))
        if parts is None:
            continue
        readings = [classify(p, shapes) for p in parts]
        if all(_is_clear(r) and r[0] for r in readings):
            score = min(r[1] for r in readings)
            if score > best_score:
                best, best_score = parts, score
    return best


def _cut(glyph: Glyph, column: int) -> tuple[Glyph, Glyph] | None:
    """`glyph` cut at `column`, each part trimmed to its ink."""
    import numpy as np

    parts = []
    for x0, x1 in ((0, column), (column, glyph.width)):
        part = glyph.bitmap[:, x0:x1]
        rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
        if not len(rows):
            return None
        parts.append(Glyph(glyph.x0 + x0 + int(cols[0]), glyph.top + int(rows[0]),
                           glyph.x0 + x0 + int(cols[-1]) + 1, glyph.top + int(rows[-1]) + 1,
                           part[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]))
    return parts[0], parts[1]


def _separator(glyph: Glyph, baseline: float, digit_height: int) -> str | None:
    """The sign a small glyph between digits is: `-` is wide and flat; `,` is tall and
    hangs below the digits' baseline by a good part of its height, `.` sits on it. None
    when it is neither clearly (Purisa's full stop hangs below as far as some commas): a
    full stop read as a comma would make 46.87 read 4687."""
    if glyph.width > 1.6 * glyph.height:
        return "-"
    hang = glyph.bottom - baseline
    if (hang >= 0.1 * digit_height and hang >= 0.35 * glyph.height
            and glyph.height >= 1.3 * glyph.width):
        return ","
    if hang <= 0.1 * digit_height:
        return "."
    return None


def _ink_between(image, left: Glyph, right: Glyph, baseline: float, digit_height: int) -> bool:
    """Whether any ink lies between two glyphs, from the digits' middle to below their
    baseline, where a separator would be."""
    import numpy as np

    if right.x0 <= left.x1:
        return False
    box = (left.x1, max(0, round(baseline - 0.5 * digit_height)), right.x0,
           min(image.height, round(baseline + 0.3 * digit_height)))
    return bool((np.asarray(image.crop(box)) < _INK).any())
