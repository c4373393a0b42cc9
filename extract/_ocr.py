"""OCR of scanned pages: render, find the table grid, read words with Tesseract.

Facts this follows (measured on A4 Thai forms on a 2-core machine): Tesseract 5 with
Debian's `tesseract-ocr-tha`, languages `tha+eng` (`tha` alone is worse on digits), takes
7-15 s a 300-dpi page; reading straight across a ruled table mixes its columns, so the
ruling lines are found in the image first, erased (Tesseract reads them as `|`), and each
word goes to the cell whose box holds it, through the same cell assembly as text layers
(extract/_pdf.py). Thai digits are its weakest point (42-70% digit errors), so every
number keeps the confidence Tesseract gave its word: a number read with low confidence
is returned as a line flag, which becomes an `issues` row; it is never silently trusted.

Tesseract's layout needs mending: its TSV gives Thai a letter a word, so spaces are taken
from its text output of the same run; on tightly set lines it cuts a row of tone marks
off into a line of its own (`17 aA y`), which is read again together with its letters;
its letter boxes start in the gap before a word and often stop a letter short of its
ink, so they are fitted to their ink; it reads dots where nothing is printed, dropped
when unsure; and filled cells (a plan's months) are marks (`█`), not rules.

Numbers get a second look. Every number is read again glyph by glyph against digit
templates (extract/_digit_glyphs.py: Thai digits are misread at high confidence, ๘ -> ๕);
a clear reading replaces Tesseract's, an unclear one is flagged. Table cells that read as
Arabic-digit numbers are also read digits-only (English model, digit whitelist; all cells
of a page in one Tesseract run on a strip of crops), flagged when the readings differ.
Years after พ.ศ./ปี that are not 25xx or are far from the page's usual year, and
percentages above 100, are flagged too. Short Latin words between Thai words (the English
model taking a Thai word: ชื่อ -> `Ya`, ต.ค. -> `AA.`) are read again with the Thai model
alone, and a digit in brackets among Thai words with the English one ((5) for (S)).
Spelling slips Tesseract makes are repaired later, for OCR text only
(normalize/_ocr_words.py, normalize/data/ocr_scan_fixes.tsv).

Pages are read in parallel processes (one Tesseract thread each: OMP_THREAD_LIMIT=1),
as many as the machine has cores.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import normalize
from . import _checkbox_marks, _digit_glyphs
from ._ocr_word import OcrWord
from ._pdf import (
    CellText,
    Char,
    PageLine,
    PageText,
    TableRow,
    TextRun,
    _Grid,
    join_runs,
    left_margin,
    nest_grids,
    split_runs,
    table_cells,
    text_blocks,
)
from ._rules import grids_from_edges
from .errors import CorruptPdfError, OcrUnavailableError

DPI = 300
LANGUAGES = "tha+eng"
# Below this word confidence (0-100) a word holding digits is flagged. Tesseract's own
# scale; Thai digits misread as other digits typically come out under 85.
MIN_NUMBER_CONFIDENCE = 85.0
# A ruling line is at least this long (1.5 cm at 300 dpi); text strokes are shorter.
MIN_RULE_PX = 180
MIN_CELL_SIDE_PX = 40
# A rule is at most this thick (px); ink this wide or wider, as tall as a cell side, is a
# filled block (no letter's stroke is that wide).
MAX_RULE_WIDTH_PX = 12
MIN_BLOCK_WIDTH_PX = 25
RULE_GAP_PX = 3  # a gap a bilevel scan leaves in a horizontal rule
# What a text export prints for a filled cell (a month of a Gantt chart).
FILLED = "█"
INK_LEVEL = 140  # grey levels below this are ink
MIN_SCAN_DPI, MAX_SCAN_DPI = 100, 1200  # outside: a placeholder, not a scan's resolution
PAPER_INCHES = ((8.27, 11.69), (8.5, 11.0), (8.5, 14.0), (5.83, 8.27))  # A4, Letter, Legal, A5
# A speck of dust or toner is a blot of ink less than this many strokes across, with no
# letter within SPECK_REACH letter heights and no dot within SPECK_PAIR_SPAN above or
# below it: a period or a tone mark is as small but sits by its letters, a colon's dots
# are a pair. Measured on the page (the letter height is the median height of the larger
# blots, marks among them), so they hold at any dpi and face. An ellipsis a word space
# from its letters, in a face with wide spaces, is erased: dust side by side is likelier.
SPECK_STROKES = 1.5
SPECK_REACH = 0.5
SPECK_PAIR_SPAN = 2.0
# A blot thinner on average than this share of a pen stroke, whatever its length, is a
# hairline: a scratch, a fold, a sliver of a rule left by the rule eraser. No letter is
# drawn that thin (a face's thinnest strokes are half its usual one); Tesseract reads a
# hairline as `|`, `l` or `1`, beside a number ('1 |') or alone.
HAIRLINE_STROKES = 0.4
_SPECK_RIM = 2  # px around an erased blot also erased
_DIGIT = re.compile(r"[0-9๐-๙]")
_THAI_DIGIT = re.compile(r"[๐-๙]")
_ARABIC_NUMBER = re.compile(r"[0-9][0-9,.]*")
# What a number cell holds: digits, separators, a sign or percent, spaces.
_NUMBER_TEXT = re.compile(r"[0-9๐-๙][0-9๐-๙,.%\s-]*")
# What one word of a printed number holds (Tesseract cuts Thai digits one a word).
_NUMBER_WORD = re.compile(r"[0-9๐-๙,.-]+")
# ...or, after such a word, digits mixed with signs Tesseract read for digits it missed.
_SIGNS_AND_DIGITS = re.compile(r"(?:[0-9๐-๙,.-]|[^\w\s.,()\[\]\-])+")
MAX_SHORT_CELL = 5  # characters
MAX_NUMBER_CELL = 10  # characters, spaces aside
# One number as the digit shapes read a whole cell: digits, maybe in groups of three.
_CELL_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[๐-๙]+")
_STRAY_SIGN = re.compile(r"[^\w\s.,()\[\]\-]")  # not a letter, digit, bracket or separator
_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit of any script
_MARKUP = re.compile(r"<[^>]*>")  # a cell's <p> paragraphs in a line's text
_ITEM_MARK = re.compile(r"[^\s0-9๐-๙.,]{1,2}[.,]")  # `>.`, `oa.`: a misread item number
# Digits-only re-reading: Tesseract's English model with digits only reads Arabic digits
# far better than `tha+eng` does (pdf-ocr-facts.md); it cannot read Thai digits at all
# (measured: ๒๕๖๘ -> ๒๕๒๕ with or without a whitelist), so only Arabic-digit cells go.
DIGITS_LANGUAGE = "eng"
DIGITS_WHITELIST = "0123456789,.-"
_CROP_PAD = 8  # px around a cell's words
DIGIT_HEIGHT_SHARE = 0.7  # a glyph this share of the tallest one's height is a digit
# A Tesseract line lower than this share of the usual line is a row of marks cut off
# from the letters below it.
SPLIT_MARKS_HEIGHT = 0.6
# ...unless it holds a whole blot this share of the page's usual blot (a letter) high,
# looked for this share of it above and below the line's box
LETTER_SHARE = 0.8
LETTER_PAD = 0.25
# A short Latin word, or what the English model makes of a Thai abbreviation (ต.ค. -> AA.)
_LATIN_WORD = re.compile(r"[A-Za-z]{1,3}|(?:[A-Za-z]{1,2}\.){1,2}")
_LATIN_ABBREVIATION = re.compile(r"(\(?)[A-Za-z]{2,4}\.?(\)?)")  # in brackets or not
# A short Latin word among Thai ones, or alone on its line (a number wrapped in a narrow
# cell), may be Thai digits the English model read (๒๐๐ -> `woo`, ๒. -> `lo.`, ๔๐ ->
# `Lo)`): its shapes decide (Latin letters are among the digit reader's negatives, so a
# real word does not read as digits).
_LATIN_FOR_DIGITS = re.compile(r"[A-Za-z]{1,4}[.)]?")
MIN_LATIN_CONFIDENCE = 92.0
# A column is Thai when it has this many cells of Thai for each of lower-case Latin
# alone (and two or more); such a Latin cell is read again, and the Thai reading kept
# when its letters are read at least this surely.
THAI_CELLS_PER_LATIN = 2
MIN_THAI_COLUMN_CONFIDENCE = 80.0
_LOWER_LATIN = re.compile(r"[a-z]{2,6}")
# A capitalised word alone in a cell is a name (`One`), unless the column is this many
# times as much Thai: a district column reads `Sate` for บางกะปิ at 200 dpi.
THAI_CELLS_PER_TITLED_LATIN = 8
_TITLED_LATIN = re.compile(r"[A-Z][a-z]{1,5}")
_LATIN_BEFORE_NUMBER = re.compile(r"[A-Za-z][a-z]{1,5}:")
_SPECKS = frozenset(".,'`‘’·")
_TALL_SIGNS = frozenset("|!/\\()[]{}")  # signs as tall as a letter
MIN_SPECK_CONFIDENCE = 50.0
_BRACKETED_DIGIT = re.compile(r"(\([0-9]\))([”\"']?)")  # (5), (5)”
_BRACKETED_LETTER = re.compile(r"\([A-Za-z]\)")
_STRIP_GAP = 40  # px between the crops stacked for one Tesseract run
# A year printed on a page (after พ.ศ. / ปี / ปีงบประมาณ) more than this far from the
# page's usual year is doubtful (Thai digits misread: ๒๕๖๘ -> ๒๕๒๕).
MAX_YEAR_SPREAD = 5
_YEAR = re.compile(r"(?:พ\.\s?ศ\.|ปี(?:งบประมาณ)?)\s*([0-9]{4})(?![0-9])")
_PERCENT = re.compile(r"ร้อยละ\s*([0-9][0-9,]*(?:\.[0-9]+)?)|([0-9][0-9,]*(?:\.[0-9]+)?)\s*%")
# Spaces in OCR text come from Tesseract's word gaps (`words_to_chars`), not from gaps
# between the even boxes given to the letters of a word.
_NO_GAP_SPACES = 1e9
# A word crossing a cell's side belongs to the cell holding this share of its letters'
# ink (the rest a speck); words of two cells run together share it.
MIN_CELL_INK_SHARE = 0.9
# The widest gap between letters of one word, as a share of the line's height: far
# narrower than a space (0.25 and more).
_LETTER_GAP = 0.1
# How much a wrapped line's first word must clear the room at the end of the line above
# by, in line heights (`read_image_page`): the writer measured pen advances, OCR measures
# ink, and a word's advance is wider than its ink by the side bearings of its first and
# last letters (for 'การ' in Laksaman 12 pt, 77 px against 63 px at 300 dpi).
FIT_MARGIN = 0.25
# A gap wider than this many line heights is no word space (Laksaman's is 0.25).
GAP_BEFORE_CELL = 0.4
# Lines of one paragraph start within this many letter heights of its first line's start
# (a first line indented by a tab stands apart).
WRAP_INDENT = 2.0


@dataclass
class _Block:
    """A table or a paragraph group of a page, as `read_image_page` lays them out."""

    top: float
    lines: list[PageLine]
    words: list[OcrWord]
    runs: list[TextRun] = field(default_factory=list)  # a paragraph group's printed lines
    table: tuple[_Grid, list[list[CellText | None]]] | None = None  # a table's grid, cells


@dataclass
class OcrPage:
    number: int
    lines: list[PageLine]  # running text, or table rows as cells
    flags: list[tuple[int, str, str]] = field(default_factory=list)  # (line index, code, msg)
    mean_confidence: float = 0.0
    size: tuple[float, float] | None = None  # the image's width and height in pixels
    # Running text at the top and foot of the page, to join a paragraph the page breaks
    # (as `PageText` has them), and how its words are measured.
    first_text_runs: list[TextRun] = field(default_factory=list)
    last_text_run: TextRun | None = None
    text_right: float = 0.0
    fit_tolerance: float = 0.0
    # The tables that open and close the page, if a table does (its grid and its cells,
    # a line each row): a table the page break cut goes on.
    first_table: tuple[_Grid, list[list[CellText | None]]] | None = None
    last_table: tuple[_Grid, list[list[CellText | None]]] | None = None

    def page_text(self) -> PageText:
        """The page as the readers join pages (`_pdf.join_pages`)."""
        first, last = self.first_table, self.last_table
        last_at = len(self.lines) - len(last[1]) if last else 0  # the page's last rows
        return PageText(
            self.number, self.lines, size=self.size, first_text_runs=self.first_text_runs,
            last_text_run=self.last_text_run, text_right=self.text_right,
            first_table=(0, first[0].col_edges) if first else None,
            first_table_rows=first[1] if first else [],
            last_table=((last_at, last[0].col_edges, str(self.lines[last_at]))
                        if last else None),
            last_table_rows=last[1] if last else [],
            fit_tolerance=self.fit_tolerance, word_repair=_mended_words,
            same_reading=same_reading)


def tesseract_available() -> str | None:
    """None when Tesseract with Thai is installed, else what is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-tha)"
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                           check=False).stdout.split()
    missing = [lang for lang in LANGUAGES.split("+") if lang not in langs]
    if missing:
        return f"Tesseract has no {'+'.join(missing)} data (Debian: tesseract-ocr-tha)"
    return None


# --- images -------------------------------------------------------------------------------

def render_pdf_pages(data: bytes, numbers: Sequence[int]) -> list:
    """Pages of a PDF as grey PIL images at `DPI`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [document[n - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                for n in numbers]
    finally:
        document.close()


def load_image_pages(path: Path, source_path: str) -> list:
    """Every frame of an image file (multi-page TIFF) as a grey PIL image."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return [at_reading_dpi(frame.convert("L"), frame.info.get("dpi"))
                    for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise CorruptPdfError(f"the image cannot be read ({exc})",
                              source_path=source_path) from exc


def at_reading_dpi(image, stated: tuple[float, float] | None = None):
    """The page scaled to `DPI`, the resolution every pixel measure of this reader is in.
    A whole page of a known paper size tells its resolution by its size; else the file's
    stated resolution is taken, unless it is one that tools write when they do not know
    (72, 96: below `MIN_SCAN_DPI`); else the image is taken as it is."""
    from PIL import Image

    dpi = _paper_dpi(image.width, image.height) or _stated_dpi(stated)
    if dpi is None or abs(dpi - DPI) <= DPI * 0.05:
        return image
    scale = DPI / dpi
    return image.resize((round(image.width * scale), round(image.height * scale)),
                        Image.LANCZOS)


def _stated_dpi(stated) -> float | None:
    try:
        across = float(stated[0])
    except (TypeError, ValueError, IndexError):
        return None
    return across if MIN_SCAN_DPI <= across <= MAX_SCAN_DPI else None


def _paper_dpi(width: int, height: int) -> float | None:
    short, long = sorted((width, height))
    for paper_short, paper_long in PAPER_INCHES:
        if abs(long / short - paper_long / paper_short) <= 0.02:
            dpi = short / paper_short
            return dpi if MIN_SCAN_DPI <= dpi <= MAX_SCAN_DPI else None
    return None


def deskew(image):
    """Straighten a scan: the angle (within ±2°) that makes the rows of ink sharpest."""
    import numpy as np
    from PIL import Image

    small = image.resize((image.width // 4, image.height // 4))
    ink = Image.fromarray((np.asarray(small) < 160).astype(np.uint8) * 255)
    best, best_score = 0.0, -1.0
    for step in range(-20, 21):
        angle = step / 10
        profile = np.asarray(ink.rotate(angle, resample=Image.NEAREST)).sum(axis=1,
                                                                            dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = angle, score
    if best == 0.0:
        return image
    return image.rotate(best, resample=Image.BICUBIC, fillcolor=255)


def remove_specks(image):
    """The page with its specks of dust and toner, and its hairlines, erased. Tesseract
    reads them as `.`, `:`, `|`, `'`, even as letters, and a line of them between a table
    and its continuation splits the table."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    pixels = np.asarray(image)
    blots = _Blots.of(pixels < INK_LEVEL)
    if blots is None:
        return image
    labels, boxes, heights, stroke = blots.labels, blots.boxes, blots.heights, blots.stroke
    small, hairlines = blots.small, blots.hairlines
    widths = np.array([box[1].stop - box[1].start for box in boxes])
    extent = np.maximum(heights, widths)
    if (small | hairlines).all() or not (small.any() or hairlines.any()):
        return image
    letter_height = blots.letter_height
    reach = max(1, round(SPECK_REACH * letter_height))
    apart = max(1, round(SPECK_PAIR_SPAN * letter_height))
    letters = np.concatenate(([False], ~small & ~hairlines))[labels]
    # a dot's partner may be a little larger than a speck (the two dots of one colon are
    # not always cut alike), but is round: a sliver of an erased rule is no dot
    round_ = extent <= 2 * np.minimum(heights, widths)
    dots = np.concatenate(([False], (extent < 2 * SPECK_STROKES * stroke) & round_))[labels]
    specks = np.concatenate(([False], hairlines))
    for index in np.flatnonzero(small):
        rows, cols = boxes[index]
        around = letters[max(0, rows.start - reach):rows.stop + reach,
                         max(0, cols.start - reach):cols.stop + reach]
        # a colon's dots, a word space from the letters, stand one above the other: dust
        # falls alone
        stacked = dots[max(0, rows.start - apart):rows.stop + apart, cols]
        own = int(np.count_nonzero(labels[rows, cols] == index + 1))
        specks[index + 1] = not (around.any() or np.count_nonzero(stacked) > own)
    if not specks.any():
        return image
    clean = pixels.copy()
    # with the grey rim that deskewing's interpolation gave it: lighter than ink, but
    # Tesseract, binarizing by its own threshold, reads a rim alone as `|` or `'`
    clean[ndimage.binary_dilation(specks[labels], iterations=_SPECK_RIM)] = 255
    return Image.fromarray(clean)


@dataclass
class _Blots:
    """A page's blots of connected ink, measured: which are specks (less than
    `SPECK_STROKES` strokes across) and hairlines (thinner on average than
    `HAIRLINE_STROKES` of a stroke), and the usual height of the rest (letters)."""

    labels: object  # numpy int array: each pixel's blot, 0 for paper
    boxes: list  # each blot's (rows, columns) slices
    heights: object  # numpy int array of the blots' heights
    stroke: float
    small: object  # numpy bool arrays, a value a blot
    hairlines: object

    @classmethod
    def of(cls, ink) -> _Blots | None:
        import numpy as np
        from scipy import ndimage

        stroke = stroke_width(ink)
        labels, count = ndimage.label(ink, structure=np.ones((3, 3), dtype=bool))
        if not count or not stroke:
            return None
        boxes = ndimage.find_objects(labels)
        heights = np.array([box[0].stop - box[0].start for box in boxes])
        widths = np.array([box[1].stop - box[1].start for box in boxes])
        extent = np.maximum(heights, widths)
        small = extent < SPECK_STROKES * stroke
        thickness = np.bincount(labels.ravel(), minlength=count + 1)[1:] / extent
        hairlines = ~small & (thickness < HAIRLINE_STROKES * stroke)
        return cls(labels, boxes, heights, stroke, small, hairlines)

    @property
    def letter_height(self) -> float:
        """The median height of the blots that are neither specks nor hairlines."""
        import numpy as np

        letters = self.heights[~self.small & ~self.hairlines]
        return float(np.median(letters)) if len(letters) else 0.0


def stroke_width(ink) -> float:
    """The usual width of a pen stroke on the page (px): the median run of ink across."""
    import numpy as np

    edges = np.diff(np.pad(ink, ((0, 0), (1, 1))).astype(np.int8), axis=1).ravel()
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return float(np.median(runs)) if len(runs) else 0.0


def _runs(mask_row) -> list[tuple[int, int]]:
    import numpy as np

    padded = np.concatenate(([0], mask_row.astype(np.int8), [0]))
    change = np.flatnonzero(np.diff(padded))
    return list(zip(change[0::2].tolist(), change[1::2].tolist(), strict=True))


def _segments(mask, min_len: int) -> list[tuple[float, float, float, float]]:
    """Long runs of ink along the rows of `mask`, merged across neighbouring rows:
    (start, end, first row, last row)."""
    import numpy as np

    open_: list[list[float]] = []
    done: list[list[float]] = []
    for y in [*np.flatnonzero(mask.sum(axis=1) >= min_len).tolist(), None]:
        still = []
        runs = [] if y is None else [r for r in _runs(mask[y]) if r[1] - r[0] >= min_len]
        for seg in open_:
            hit = next((r for r in runs if y is not None and y - seg[3] <= 2
                        and r[0] < seg[1] and r[1] > seg[0]), None)
            if hit is None:
                done.append(seg)
            else:
                seg[0], seg[1], seg[3] = min(seg[0], hit[0]), max(seg[1], hit[1]), y
                runs.remove(hit)
                still.append(seg)
        still.extend([float(a), float(b), float(y), float(y)] for a, b in runs)
        open_ = still
    return [tuple(s) for s in done]  # type: ignore[misc]


def find_rules(image):
    """Horizontal and vertical ruling lines as pdfplumber edges, the image with them
    erased, and the filled blocks (a Gantt chart's shaded months) as `█` words."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image)
    ink = pixels < INK_LEVEL
    runs_across = _rule_segments(ink, MIN_RULE_PX, bridge=RULE_GAP_PX)
    horizontal = [h for h in runs_across if h[3] - h[2] <= MAX_RULE_WIDTH_PX]
    # A cell of a one- or two-line row has short sides: a shorter vertical run is a rule
    # when it runs from one horizontal rule to another (a letter's stroke never does).
    vertical, blocks = [], []
    for v in _rule_segments(ink.T, MIN_CELL_SIDE_PX):
        if v[3] - v[2] >= MIN_BLOCK_WIDTH_PX:
            blocks.append(OcrWord(FILLED, 100.0, v[2], v[0], v[3], v[1]))
        elif v[3] - v[2] <= MAX_RULE_WIDTH_PX and (
                v[1] - v[0] >= MIN_RULE_PX or (_meets_rule(horizontal, v[2], v[3], v[0])
                                               and _meets_rule(horizontal, v[2], v[3], v[1]))):
            vertical.append(v)
    edges = []
    clean = pixels.copy()
    for x0, x1, y0, y1 in horizontal:
        y = (y0 + y1) / 2
        edges.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                      "height": 0, "orientation": "h", "object_type": "line"})
        clean[int(y0) - 1:int(y1) + 2, int(x0):int(x1)] = 255
    for y0, y1, x0, x1 in vertical:
        x = (x0 + x1) / 2
        edges.append({"x0": x, "x1": x, "top": y0, "bottom": y1, "width": 0,
                      "height": y1 - y0, "orientation": "v", "object_type": "line"})
        clean[int(y0):int(y1), int(x0) - 1:int(x1) + 2] = 255
    for block in blocks:  # Tesseract reads a block as `|` or `ll`: it is a mark, not text
        clean[max(0, int(block.top) - 3):int(block.bottom) + 4,
              max(0, int(block.x0) - 3):int(block.x1) + 4] = 255
    return edges, Image.fromarray(clean), blocks


def _rule_segments(ink, min_len: int, *, bridge: int = 0
                   ) -> list[tuple[float, float, float, float]]:
    """Runs of ink along the rows of `ink` at least `min_len` long, as `_segments`, on
    the ink grown by a pixel up and down and with gaps of up to `bridge` px along the
    rows filled. A thin rule on a scan is straight only to a pixel or two: it steps
    between rows (a residual tilt, a wavy page), and a bilevel scan drops a pixel of it
    here and there, so no single row holds a long run of it. The band found is narrowed
    back by the pixel."""
    grown = ink.copy()
    grown[1:] |= ink[:-1]
    grown[:-1] |= ink[1:]
    if bridge:
        import numpy as np

        before = np.zeros_like(grown)  # ink within `bridge` px to the left
        after = np.zeros_like(grown)  # ... and to the right
        for shift in range(1, bridge + 1):
            before[:, shift:] |= grown[:, :-shift]
            after[:, :-shift] |= grown[:, shift:]
        grown |= before & after
    return [(a, b, y0 + 1, y1 - 1) for a, b, y0, y1 in _segments(grown, min_len)]


def _meets_rule(horizontal, x0: float, x1: float, y: float, slack: float = 8.0) -> bool:
    """Whether a horizontal rule passes through (x0..x1, y)."""
    return any(abs((h[2] + h[3]) / 2 - y) <= slack and h[0] - slack <= x1
               and x0 <= h[1] + slack for h in horizontal)


# --- Tesseract ---------------------------------------------------------------------------

def run_tesseract(image, *, psm: int = 6, extra: Sequence[str] = (),
                  languages: str = LANGUAGES) -> list[OcrWord]:
    """Tesseract's words with their boxes (TSV) and, from its plain text output of the
    same run, whether a space comes before each: Thai words come out a letter each in TSV,
    and only the text output knows where Tesseract saw the gaps between words."""
    with tempfile.TemporaryDirectory(prefix="kr-ocr-") as tmp:
        # Netpbm, uncompressed: a page's PNG took a quarter of the reader's time to deflate.
        pnm, out = Path(tmp) / "page.pnm", Path(tmp) / "page"
        image.save(pnm, format="PPM")
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        done = subprocess.run(
            ["tesseract", str(pnm), str(out), "-l", languages, "--psm", str(psm),
             "--dpi", str(DPI), "-c", "preserve_interword_spaces=1", *extra, "txt", "tsv"],
            capture_output=True, text=True, encoding="utf-8", env=env, check=False)
        if done.returncode != 0:
            raise OcrUnavailableError(f"tesseract failed: {done.stderr.strip()[:300]}")
        tsv = out.with_suffix(".tsv").read_text(encoding="utf-8")
        plain = out.with_suffix(".txt").read_text(encoding="utf-8")
    words: list[OcrWord] = []
    lines: dict[tuple[str, ...], list[OcrWord]] = {}
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        left, top, width, height = (float(v) for v in parts[6:10])
        word = OcrWord(parts[11], float(parts[10]), left, top, left + width, top + height)
        words.append(word)
        lines.setdefault(tuple(parts[2:5]), []).append(word)
    # A word takes its line's height: a period or a lone lower vowel has a box far below
    # the letters' middle and would otherwise start a line of its own.
    for line_words in lines.values():
        top, bottom = min(w.top for w in line_words), max(w.bottom for w in line_words)
        for word in line_words:
            word.top, word.bottom = top, bottom
    _mark_spaces(words, plain)
    return words


def _mark_spaces(words: Sequence[OcrWord], plain: str) -> None:
    """Set each word's `space_before` from Tesseract's text output, which holds the same
    words in the same order; stops (leaving None) where the two ever disagree."""
    at = 0
    for word in words:
        start = at
        while at < len(plain) and plain[at].isspace():
            at += 1
        if not plain.startswith(word.text, at):
            return
        word.space_before = at > start
        at += len(word.text)


def fit_boxes_to_ink(image, words: Sequence[OcrWord]) -> list[OcrWord]:
    """Fit each word's box to its ink. Tesseract's box for the first letter after a gap
    starts in the gap, so near a cell's side the letter (ข of ข้อมูล) was put in the cell
    before it; and its boxes for Thai often stop a letter short where a tone mark follows
    as a word of its own (ให + ้), so a line looked shorter than it is: a box is carried
    on through ink that follows it closely, up to the next word that is not a mark.

    Returns the words but those it made up: after a wide gap (a cell's rule erased),
    Tesseract may read the first letter twice or more, boxed in the gap (`ร` `ระดับ`,
    `จ` `ร้อยละ`, `ร` `จ` `ร้อยละ`). Such a letter has no ink in its box nor before the
    next word, and no word close before it but letters made up like it. (Boxes inside a
    word are shifted too, so a letter there with no ink of its own is the next word's ink
    read, and stays.)"""
    import numpy as np

    ink = np.asarray(image) < 128
    made_up: set[int] = set()
    previous: OcrWord | None = None
    for index, word in enumerate(words):
        before, previous = previous, word
        if _is_mark(word.text[0]):
            continue  # a lone mark sits on a letter's ink: its box says which letter
        top, bottom = max(0, int(word.top)), int(word.bottom) + 1
        following = next((w for w in words[index + 1:] if not _is_mark(w.text[0])), None)
        bound = ink.shape[1]
        if following is not None and following.top < word.bottom and following.x0 > word.x0:
            bound = min(bound, int(following.x0))
        left = max(0, int(word.x0))
        columns = np.flatnonzero(ink[top:bottom, left:int(word.x1) + 1].any(axis=0))
        if not len(columns):
            # Boxed wholly in the gap before its ink (ด of 'ดำเนินการ' 50 px early, in
            # the cell before): its ink is what follows, up to the next letter.
            left = int(word.x1)
            columns = np.flatnonzero(ink[top:bottom, left:bound].any(axis=0))
            if not len(columns):
                if _after_gap(word, before):
                    made_up.add(index)
                    previous = before  # a second made-up letter follows the same gap
                continue
        word.x0, word.x1 = float(left + columns[0]), float(left + columns[-1] + 1)
        gap = (bottom - top) * _LETTER_GAP
        end = x = int(word.x1)
        while x < bound and x - end <= gap:
            if ink[top:bottom, x].any():
                end = x + 1
            x += 1
        word.x1 = float(end)
    return [w for i, w in enumerate(words) if i not in made_up]


def _after_gap(word: OcrWord, before: OcrWord | None) -> bool:
    """Whether `word` opens its line or stands wider than a word space after the word
    before it (`before`, as Tesseract gave them: line by line)."""
    if before is None or before.top != word.top:
        return True
    return word.x0 - before.x1 > GAP_BEFORE_CELL * (word.bottom - word.top)


def keep_words_in_cells(image, grids: Sequence[_Grid], words: Sequence[OcrWord]) -> None:
    """A word whose box crosses a cell's side with (nearly) all its letters' ink on one
    side is narrowed to that side's ink. Tesseract reads a table as one block, and the box
    of a word after a gap may start in the cell before, even over a bit of the next line's
    marks that narrowing to ink (`fit_boxes_to_ink`) cannot tell from a letter: the score
    '๔' read 'oe' was boxed from the method cell and split between the two."""
    import numpy as np

    ink = np.asarray(image) < 128
    rows = [(min(b[1] for b in boxes), max(b[3] for b in boxes), boxes)
            for grid in grids for row in grid.rows
            if (boxes := [b for b in row if b is not None])]
    for word in words:
        middle = (word.top + word.bottom) / 2
        cells = [box for top, bottom, boxes in rows if top <= middle <= bottom
                 for box in boxes if box[1] <= middle <= box[3]
                 and box[0] < word.x1 and word.x0 < box[2]]
        if len(cells) < 2:
            continue
        band = ink[max(0, int(word.top)):int(word.bottom) + 1]
        # Letters' ink: the middle third of the line; marks of the lines above and below
        # reach into the outer thirds.
        third = len(band) // 3
        shares = [band[third:len(band) - third,
                       max(int(word.x0), int(box[0])):min(int(word.x1), int(box[2])) + 1]
                  .sum() for box in cells]
        if sum(shares) == 0 or max(shares) < MIN_CELL_INK_SHARE * sum(shares):
            continue  # words of two cells run together: split by letters later
        box = cells[shares.index(max(shares))]
        x0, x1 = max(word.x0, box[0]), min(word.x1, box[2])
        columns = np.flatnonzero(band[:, int(x0):int(x1) + 1].any(axis=0))
        if len(columns):
            word.x0, word.x1 = float(int(x0) + columns[0]), float(int(x0) + columns[-1] + 1)


def drop_specks(image, words: list[OcrWord]) -> list[OcrWord]:
    """The words but specks of the scan's noise read as text: a lone dot, comma or quote
    read with little confidence ('กลุ่มเขต .' at confidence 18, where nothing is printed),
    and words whose ink is a speck (`is_speck`)."""
    import numpy as np

    pixels = np.asarray(image)
    page_stroke = functools.cache(lambda: stroke_width(pixels < INK_LEVEL))
    kept = [w for w in words
            if not (w.text in _SPECKS and w.confidence < MIN_SPECK_CONFIDENCE)]
    specks = {id(w) for line in text_lines(kept) for index, w in enumerate(line)
              if is_speck(pixels, w, line, opens_line=index == 0, page_stroke=page_stroke)}
    return [w for w in kept if id(w) not in specks]


def is_speck(pixels, word: OcrWord, line: Sequence[OcrWord], *, opens_line: bool,
             page_stroke: Callable[[], float]) -> bool:
    """Whether `word` was read from specks: the blots of ink its box touches all round
    spots less than `SPECK_STROKES` strokes across (its line's, else the page's).
    `remove_specks` leaves a speck that another one stands over, as a colon's dots do,
    and Tesseract reads such specks as a tall sign (`|`, in one spot) or, unsurely, as a
    letter (`5` at 17, `า` at 37): no letter is made of dots. A dot opening a line is
    one too: a speck there sets the line off from its paragraph, as an indent would.
    Small signs (`:`, `.`, `-`) are printed as small, and so are Thai marks."""
    if _WORD_CHAR.search(word.text):
        if word.confidence >= MIN_SPECK_CONFIDENCE or any(_is_mark(c) for c in word.text):
            return False
        spots = [_size(blot) for blot in _blots_touched(pixels, word)]
    elif set(word.text) <= _TALL_SIGNS or (opens_line and word.text in _SPECKS):
        blots = _blots_touched(pixels, word)  # in one spot, all of them
        spots = [_size((slice(min(b[0].start for b in blots), max(b[0].stop for b in blots)),
                        slice(min(b[1].start for b in blots), max(b[1].stop for b in blots)))
                       )] if blots else []
    else:
        return False
    if not spots or any(max(h, w) > 2 * min(h, w) for h, w in spots):
        return False
    top, bottom = max(0, int(word.top)), int(word.bottom) + 1
    others = [w for w in line if w is not word]
    stroke = stroke_width(pixels[top:bottom, max(0, int(min(w.x0 for w in others))):
                                 int(max(w.x1 for w in others)) + 1] < INK_LEVEL
                          ) if others else page_stroke()
    return all(max(h, w) < SPECK_STROKES * stroke for h, w in spots)


def _size(blot: tuple[slice, slice]) -> tuple[int, int]:
    return blot[0].stop - blot[0].start, blot[1].stop - blot[1].start


def _blots_touched(pixels, word: OcrWord) -> list[tuple[slice, slice]]:
    """The blots of ink in `word`'s line band that its box touches, whole: Tesseract's
    box may hold a sliver of one (a colon boxed 2 px wide)."""
    import numpy as np
    from scipy import ndimage

    top, bottom = max(0, int(word.top)), int(word.bottom) + 1
    reach = bottom - top  # a line's height either side
    left = max(0, int(word.x0) - reach)
    band = pixels[top:bottom, left:int(word.x1) + reach + 1] < INK_LEVEL
    labels, _ = ndimage.label(band, structure=np.ones((3, 3), dtype=bool))
    touched = np.unique(labels[:, int(word.x0) - left:int(word.x1) - left + 1])
    boxes = ndimage.find_objects(labels)
    return [boxes[n - 1] for n in touched.tolist() if n]


def text_lines(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Tesseract's lines (its words share their line's band), top to bottom."""
    lines: dict[tuple[float, float], list[OcrWord]] = {}
    for word in words:
        lines.setdefault((word.top, word.bottom), []).append(word)
    return [lines[key] for key in sorted(lines)]


def rejoin_split_lines(image, words: list[OcrWord]) -> list[OcrWord]:
    """Where Tesseract took a line's tone marks and upper vowels for a line of their own
    (it does when lines are set tight: the marks' row reads as `17 aA y 17 aA`, and the
    letters below lose them), the two are read again together as one line (`--psm 7`),
    which reads them right. A row of marks inside a line Tesseract read whole is a second
    reading of the same ink and is dropped."""
    lines = text_lines(words)
    heights = sorted(line[0].bottom - line[0].top for line in lines)
    if not heights:
        return words
    usual = heights[len(heights) // 2]
    replaced: dict[int, list[OcrWord]] = {}
    letters: _LetterInk | None = None  # measured once, where a low line asks
    for above in lines:
        if above[0].bottom - above[0].top >= SPLIT_MARKS_HEIGHT * usual:
            continue
        below = _line_under(above, lines, usual)
        if below is None or id(below[0]) in replaced:
            continue
        letters = letters or _LetterInk.of(image)
        if letters.in_line(above):
            continue  # letters without marks ('๑. สพส.', '19 บางนา 18'): as low, not marks
        if below[0].top <= above[0].top:
            # The marks' row lies inside a line Tesseract also read with its marks, most
            # words over that line's letters: a second reading of the same ink (`1 ya a`).
            # (A short line of its own, such as `: -` beside a taller cell, is kept.)
            over = sum(any(min(w.x1, v.x1) > max(w.x0, v.x0) for v in below) for w in above)
            if 2 * over < len(above):
                continue
            for word in above:
                replaced[id(word)] = []
            continue
        band = (max(0, int(min(w.x0 for w in above + below)) - _CROP_PAD),
                max(0, int(above[0].top) - _CROP_PAD),
                min(image.width, int(max(w.x1 for w in above + below)) + _CROP_PAD),
                min(image.height, int(below[0].bottom) + _CROP_PAD))
        again = run_tesseract(image.crop(band), psm=7)
        if not again:
            continue
        for word in again:
            word.x0, word.x1 = word.x0 + band[0], word.x1 + band[0]
            word.top, word.bottom = below[0].top, below[0].bottom
        again[0].space_before = None
        replaced[id(below[0])] = again
        for word in above + below[1:]:
            replaced[id(word)] = []
    out: list[OcrWord] = []
    for word in words:
        out.extend(replaced.get(id(word), [word]))
    return out


@dataclass(frozen=True)
class _LetterInk:
    """A page's ink, and the height of its letters (`_Blots.letter_height`)."""

    ink: object  # numpy bool array; None for no image
    letter: float

    @classmethod
    def of(cls, image) -> _LetterInk:
        import numpy as np

        if image is None:
            return cls(None, 0.0)
        ink = np.asarray(image) < INK_LEVEL
        blots = _Blots.of(ink)
        return cls(ink, blots.letter_height if blots else 0.0)

    def in_line(self, line: list[OcrWord]) -> bool:
        """Whether the band of a low line holds a blot as tall as a letter, whole: a line
        of letters and digits with no mark above or below them is as low as a row of
        marks, but a row of marks holds marks alone (letters below it, cut by its band's
        foot, are the next line's)."""
        import numpy as np
        from scipy import ndimage

        if self.ink is None or not self.letter:
            return False
        pad = round(LETTER_PAD * self.letter)
        top, bottom = max(0, int(line[0].top) - pad), int(line[0].bottom) + pad
        x0, x1 = max(0, int(min(w.x0 for w in line))), int(max(w.x1 for w in line)) + 1
        crop = self.ink[top:bottom, x0:x1]
        labels, _count = ndimage.label(crop, structure=np.ones((3, 3), dtype=bool))
        return any(rows.start > 0 and rows.stop < crop.shape[0]
                   and rows.stop - rows.start >= LETTER_SHARE * self.letter
                   for rows, _cols in ndimage.find_objects(labels))


def _line_under(marks: list[OcrWord], lines: Sequence[list[OcrWord]], usual: float
                ) -> list[OcrWord] | None:
    """The full line whose letters a row of marks belongs to: of the lines that start just
    below it or whose band holds it, one that holds it, then the one with letters under
    most of its words."""
    def under(line: list[OcrWord]) -> int:
        return sum(any(min(w.x1, v.x1) > max(w.x0, v.x0) for v in line) for w in marks)

    def holds(line: list[OcrWord]) -> bool:
        return line[0].top <= marks[0].top

    candidates = [line for line in lines
                  if line is not marks
                  and line[0].bottom - line[0].top >= SPLIT_MARKS_HEIGHT * usual
                  and line[0].top - marks[0].bottom < 0.35 * usual
                  and line[0].bottom > marks[0].bottom and under(line)]
    # A line whose band holds the row comes first: on tightly set lines the row read
    # twice lies within its own line and just above the next (sample 004 scanned,
    # page 25), and the two lines read again as one came out as 'ee'.
    return max(candidates, default=None,
               key=lambda line: (holds(line), under(line),
                                 -abs(line[0].top - marks[0].bottom)))


def _is_mark(char: str) -> bool:
    """A mark over or under a letter (Thai vowels above have no combining class)."""
    return unicodedata.category(char) == "Mn"


def _is_thai(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e4e"


def words_to_chars(words: Sequence[OcrWord]) -> list[Char | None]:
    """Words as the character stream the text-layer code reads: a space where Tesseract's
    text output has one (for words it did not give, where they stand apart on the line),
    a line end where Tesseract's line changes."""
    chars: list[Char | None] = []
    previous: OcrWord | None = None
    heights = sorted(w.bottom - w.top for w in words) or [0.0]
    height = heights[len(heights) // 2]
    for index, word in enumerate(words):
        if previous is not None:
            same_line = word.top < previous.bottom and word.x0 >= previous.x0
            # Thai sets words solid and a space is wide; Tesseract cuts Thai into
            # clusters whose gaps are narrow, so between Thai clusters a space needs more.
            thai = _is_thai(previous.text[-1]) and _is_thai(word.text[0])
            if not same_line:
                chars.append(None)
            elif word.space_before if word.space_before is not None else (
                    word.x0 - previous.x1 > height * (0.45 if thai else 0.2)):
                # The space goes with the word after it: where the gap holds a cell
                # border, a space left at the end of the cell before would read as the
                # space a wrapped line broke at.
                chars.append(Char(" ", word.x0 - 1, word.top, word.x0, word.bottom))
        # Tesseract now and then boxes a Thai cluster over the whole word it starts (แผ of
        # แผนการ, its box over นการ too): its letters then sorted after the next ones
        # (แนกผาร). A box ends where the next word on its line begins (a lone mark sits
        # over a letter: its box says nothing of where the letters end).
        end = word.x1
        following = next((w for w in words[index + 1:] if not _is_mark(w.text[0])), None)
        if (following is not None and following.top < word.bottom
                and word.x0 < following.x0 < end):
            end = following.x0
        step = (end - word.x0) / max(len(word.text), 1)
        for i, ch in enumerate(word.text):
            chars.append(Char(ch, word.x0 + i * step, word.top, word.x0 + (i + 1) * step,
                              word.bottom, confidence=word.confidence
                              if word.confidence >= 0 else None))
        previous = word
    return chars


def same_reading(a: str, b: str) -> bool:
    """Whether two lines read from two pages are one row printed twice (a table's header
    repeated over a page break), allowing OCR's slips (`normalize.same_printed_row`).
    A cell's text is compared without the markup of its paragraphs (a label one copy
    wraps and the other does not)."""
    def cells(line: str) -> list[str]:
        return [t for t in ("".join(_MARKUP.sub("", c).split()) for c in line.split("\t"))
                if t]

    return normalize.same_printed_row(cells(a), cells(b))


def _mended_words(text: str) -> str:
    return normalize.repair_ocr_words(text)[0]


def _words_of_run(words: Sequence[OcrWord], run) -> list[OcrWord]:
    return [w for w in words if abs((w.top + w.bottom) / 2 - (run.top + run.bottom) / 2) < 25
            and run.x0 - 5 <= w.x0 <= run.x1 + 5]


def text_right_edge(page_width: float, grids: Sequence[_Grid], runs) -> float:
    """Where the page's text column ends: the right edge of its widest table, else the
    mirror of where its lines start (office pages have even margins)."""
    if grids:
        return max(g.bbox[2] for g in grids)
    return page_width - left_margin(runs) if runs else page_width


def read_image_page(image, number: int) -> OcrPage:
    """OCR one page image into paragraphs and table rows, with flags for doubtful
    numbers. Printed lines that wrapped are joined, by geometry and the forms' labels
    (`normalize.opens_with_label`), as the text-layer reader joins them."""

    image = deskew(image)
    edges, clean, filled = find_rules(image)
    clean = remove_specks(clean)  # with the rules gone, a speck by a rule is alone
    grids = grids_from_edges(edges)
    words = rejoin_split_lines(clean, drop_specks(clean, run_tesseract(clean)))
    words = reread_latin_abbreviations(clean, reread_stray_latin(clean, words))
    words = reread_bracketed_letters(clean, words)
    words, _ = _checkbox_marks.find_checkboxes(clean, words)
    words = fit_boxes_to_ink(clean, words)
    keep_words_in_cells(clean, grids, words)
    words = reread_latin_in_thai_columns(clean, grids, words)
    words, reread_flags = reread_number_cells(clean, grids, words, number)
    words, shape_flags = read_digit_shapes(clean, grids, words, number)
    reread_flags += shape_flags
    words += filled
    chars = words_to_chars(words)
    # Widths measured on ink, not pen advances, and the column's edge estimated: a word
    # fits on the line above only if it clears the room by a margin.
    heights = sorted(w.bottom - w.top for w in words)
    letter = heights[len(heights) // 2] if heights else 0.0
    fit = FIT_MARGIN * letter
    blocks: list[_Block] = []
    # A table inset in a cell is read in its cell (the cell-level steps above see every
    # grid, nested ones too).
    for grid in nest_grids(grids):
        cells = table_cells(grid, chars, space_gap=_NO_GAP_SPACES, fit_tolerance=fit,
                            word_repair=_mended_words)
        if cells:
            inside = [w for w in words if _in_box(w, grid.bbox)]
            blocks.append(_Block(grid.bbox[1], [TableRow(r) for r in cells], inside,
                                 table=(grid, cells)))
    loose_words = [w for w in words if not any(_in_box(w, g.bbox) for g in grids)]
    runs = split_runs(words_to_chars(loose_words), space_gap=_NO_GAP_SPACES)
    right = text_right_edge(image.width, grids, runs)
    for group in text_blocks(runs, indent=WRAP_INDENT * letter):
        group_words = [w for run in group for w in _words_of_run(loose_words, run)]
        blocks.append(_Block(group[0].top, join_runs(
            group, right, fit_tolerance=fit, word_repair=_mended_words,
            opens_paragraph=normalize.opens_with_label), group_words, runs=group))
    blocks = _without_edge_specks(sorted(blocks, key=lambda b: b.top))
    lines: list[PageLine] = []
    flags: list[tuple[int, str, str]] = []
    for block in blocks:
        start = len(lines)
        lines.extend(block.lines)
        for word in block.words:
            if _DIGIT.search(word.text) and word.confidence < MIN_NUMBER_CONFIDENCE:
                where = _line_holding(lines, start, word.text)
                flags.append((where, "low_ocr_confidence",
                              f"page {number}: number {word.text!r} read with OCR "
                              f"confidence {word.confidence:.0f}"))
            elif _THAI_DIGIT.search(word.text):
                # Thai digits the shape reader did not settle (or never saw: glued to
                # letters in one word); measured, dropping this left 3 wrong numbers
                # of the sample scans without an issue.
                where = _line_holding(lines, start, word.text)
                flags.append((where, "low_ocr_confidence",
                              f"page {number}: number {word.text!r} printed in Thai digits, "
                              "which OCR misreads about half the time (๖->๒, ๘->๕)"))
    for text, message in reread_flags:
        flags.append((_line_holding(lines, 0, text), "low_ocr_confidence", message))
    flags.extend(cross_check_numbers(lines, number))
    confidences = [w.confidence for w in words if w.confidence >= 0]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    first, last = (blocks[0], blocks[-1]) if blocks else (None, None)
    return OcrPage(number, lines, flags, mean, (float(image.width), float(image.height)),
                   first_text_runs=first.runs[:2] if first else [],
                   last_text_run=last.runs[-1] if last and last.runs else None,
                   text_right=right, fit_tolerance=fit,
                   first_table=first.table if first else None,
                   last_table=last.table if last else None)


def _without_edge_specks(blocks: list[_Block]) -> list[_Block]:
    """The page's blocks but text of signs alone (`| :`) above the first or below the
    last block with letters or digits: specks at the page's head or foot, which would
    stand between a table and its part on the next page."""
    def signs_only(block: _Block) -> bool:
        return block.table is None and not any(
            _WORD_CHAR.search(str(line)) for line in block.lines)

    while blocks and signs_only(blocks[-1]):
        blocks = blocks[:-1]
    while blocks and signs_only(blocks[0]):
        blocks = blocks[1:]
    return blocks


# --- numbers: digits-only re-reading and cross-checks --------------------------------------

def is_number_text(text: str) -> bool:
    """Whether a cell's OCR text is a number (digits, separators, %, sign)."""
    return bool(_NUMBER_TEXT.fullmatch(text.strip()))


def number_cells(grids: Sequence[_Grid], words: Sequence[OcrWord]
                 ) -> list[list[OcrWord]]:
    """The words of each table cell that reads as a number in Arabic digits."""
    cells = []
    for inside in words_by_cell(grids, words):
        text = " ".join(w.text for w in inside)
        if is_number_text(text) and not _THAI_DIGIT.search(text):
            cells.append(sorted(inside, key=lambda w: w.x0))
    return cells


def words_by_cell(grids: Sequence[_Grid], words: Sequence[OcrWord]
                  ) -> Iterator[list[OcrWord]]:
    """The words whose middle lies in each table cell, for every cell holding any."""
    for _box, inside in cells_with_words(grids, words):
        yield inside


def cells_with_words(grids: Sequence[_Grid], words: Sequence[OcrWord]
                     ) -> Iterator[tuple[tuple[float, float, float, float], list[OcrWord]]]:
    """Each table cell holding words, and the words whose middle lies in it."""
    for grid in grids:
        for row in grid.rows:
            for box in row:
                if box is not None and (inside := [w for w in words if _in_box(w, box)]):
                    yield box, inside


def _in_box(word: OcrWord, box: tuple[float, float, float, float]) -> bool:
    return (box[0] <= (word.x0 + word.x1) / 2 <= box[2]
            and box[1] <= (word.top + word.bottom) / 2 <= box[3])


def reread_words(image, groups: Sequence[Sequence[OcrWord]], *, languages: str,
                 extra: Sequence[str] = ()) -> list[OcrWord | None]:
    """Read each group of words again: the crops are stacked into one strip image so that
    one Tesseract run reads them all (a run costs ~0.3 s to start). None where nothing
    was read."""
    from PIL import Image

    if not groups:
        return []
    crops, bands = [], []
    y = _STRIP_GAP
    for group in groups:
        box = (max(0, int(min(w.x0 for w in group)) - _CROP_PAD),
               max(0, int(min(w.top for w in group)) - _CROP_PAD),
               min(image.width, int(max(w.x1 for w in group)) + _CROP_PAD),
               min(image.height, int(max(w.bottom for w in group)) + _CROP_PAD))
        crop = image.crop(box)
        crops.append((crop, y))
        bands.append((y, y + crop.height))
        y += crop.height + _STRIP_GAP
    strip = Image.new("L", (max(c.width for c, _ in crops) + 2 * _STRIP_GAP, y), 255)
    for crop, top in crops:
        strip.paste(crop, (_STRIP_GAP, top))
    read = run_tesseract(strip, psm=6, languages=languages, extra=extra)
    out: list[OcrWord | None] = []
    for group, (top, bottom) in zip(groups, bands, strict=True):
        got = sorted((w for w in read if top <= (w.top + w.bottom) / 2 <= bottom),
                     key=lambda w: w.x0)
        if not got:
            out.append(None)
            continue
        out.append(OcrWord(" ".join(w.text for w in got), min(w.confidence for w in got),
                           min(w.x0 for w in group), min(w.top for w in group),
                           max(w.x1 for w in group), max(w.bottom for w in group)))
    return out


def reread_digits(image, cells: Sequence[Sequence[OcrWord]]) -> list[OcrWord | None]:
    """Each cell read again with digits only."""
    reads = reread_words(image, cells, languages=DIGITS_LANGUAGE,
                         extra=["-c", f"tessedit_char_whitelist={DIGITS_WHITELIST}"])
    return [r if r is not None and _DIGIT.search(r.text) else None for r in reads]


def stray_latin_words(words: Sequence[OcrWord]) -> list[OcrWord]:
    """Short Latin words read with low confidence between Thai words on their line: with
    `tha+eng` Tesseract sometimes reads a Thai word with the English model (ชื่อ -> `Ya`)."""
    stray = []
    for word in words:
        if not (_LATIN_WORD.fullmatch(word.text) and word.confidence < MIN_LATIN_CONFIDENCE):
            continue
        if _on_thai_line(word, words):
            stray.append(word)
    return stray


def _reread_box(image, box: OcrWord, *, languages: str) -> list[OcrWord]:
    """The words in `box`'s area read again as a single line, placed on the page."""
    crop = (max(0, int(box.x0) - _CROP_PAD), max(0, int(box.top) - _CROP_PAD),
            min(image.width, int(box.x1) + _CROP_PAD),
            min(image.height, int(box.bottom) + _CROP_PAD))
    if crop[2] <= crop[0] or crop[3] <= crop[1]:  # an empty box (off the page): nothing
        return []
    got = run_tesseract(image.crop(crop), psm=7, languages=languages)
    for word in got:
        word.x0, word.x1 = word.x0 + crop[0], word.x1 + crop[0]
        word.top, word.bottom = box.top, box.bottom
    return got


def reread_stray_latin(image, words: list[OcrWord]) -> list[OcrWord]:
    """Stray Latin words read again with the Thai model alone (a few a page; stacked into
    one strip they read worse), neighbours together (':มิติที่ ๕.๒' came out as two,
    `JIN lo`, and each alone reads no better); the Thai reading replaces the Latin one
    when Tesseract is surer of it."""
    replaced: dict[int, list[OcrWord]] = {}
    for span in _stray_spans(words):
        # Neighbours together first; where that reads no better, each word alone.
        for part in [span] + ([[w] for w in span] if len(span) > 1 else []):
            if any(id(w) in replaced for w in part):
                continue
            again = _thai_reading(image, part)
            if again is None:
                continue
            replaced[id(part[0])] = again
            for word in part[1:]:
                replaced[id(word)] = []
    out: list[OcrWord] = []
    for word in words:
        out.extend(replaced.get(id(word), [word]))
    return out


def _thai_reading(image, span: list[OcrWord]) -> list[OcrWord] | None:
    """`span` read again with the Thai model, if that reads Thai and surer than before."""
    area = OcrWord("", 0.0, min(w.x0 for w in span), min(w.top for w in span),
                   max(w.x1 for w in span), max(w.bottom for w in span))
    again = _reread_box(image, area, languages="tha")
    if not again or not _is_thai(again[0].text[0]):
        return None
    before = max(w.confidence for w in span)
    if min(w.confidence for w in again) <= before:
        # Surer of the letters, less of a mark ('U' read 'ป' 93 'ี' 53, 'LN' 'เพิ่ม'):
        # the Thai word, unless the shapes are digits ('a' for a Thai digit reads 'ซา').
        letters = [w.confidence for w in again if not _is_mark(w.text[0])]
        if not letters or min(letters) <= before or (
                _digit_glyphs.available() and (reading := _digit_glyphs.read_number(
                    image, (area.x0, area.top, area.x1, area.bottom))) and reading.sure):
            return None
    if len(span) == 1:  # one word: Tesseract's gaps between its letters go
        again = [_one_word(area, again)]
    for word in again:
        word.space_before = None  # spaces by the gaps (`words_to_chars`)
    again[0].space_before = span[0].space_before
    return again


def reread_latin_in_thai_columns(image, grids: Sequence[_Grid], words: list[OcrWord]
                                 ) -> list[OcrWord]:
    """A cell of lower-case Latin alone in a table column of Thai cells, read again with
    the Thai model: at 200 dpi the English model reads a district's name surely (ดุสิต as
    `ada` at 93), so confidence cannot choose, but the column can: the Thai reading wins
    where it is Thai and read surely enough."""
    replaced: dict[int, list[OcrWord]] = {}
    for cell in latin_cells_in_thai_columns(grids, words):
        area = OcrWord("", 0.0, cell[0].x0, cell[0].top, cell[-1].x1, cell[0].bottom)
        again = _reread_box(image, area, languages="tha")
        letters = [w.confidence for w in again if not _is_mark(w.text[0])]
        if (not again or not all(_is_thai(w.text[0]) for w in again)
                or min(letters, default=0.0) < MIN_THAI_COLUMN_CONFIDENCE):
            continue
        replaced[id(cell[0])] = [dataclasses.replace(_one_word(area, again),
                                                     space_before=cell[0].space_before)]
        for word in cell[1:]:
            replaced[id(word)] = []
    return [new for word in words for new in replaced.get(id(word), [word])]


def latin_cells_in_thai_columns(grids: Sequence[_Grid], words: Sequence[OcrWord]
                                ) -> list[list[OcrWord]]:
    """The Latin words of table cells that are Thai misread: lower-case Latin alone in a
    cell (`ada`, `nana`) of a column with `THAI_CELLS_PER_LATIN` cells of Thai for each,
    two or more (a header and a row); and a Latin word ending in a colon that opens a
    cell of digits, however read (`Jada: 60`, `Jaga: D0`; ะ reads as a colon, so ร้อยละ
    comes as `Jada:`), in any column: a table part below a page break may show one row.
    A capitalised word alone is a name (`One`)."""
    found = []
    for grid in grids:
        columns: dict[int, list[list[OcrWord]]] = {}
        for box, inside in cells_with_words([grid], words):
            columns.setdefault(round(box[0]), []).append(
                sorted(inside, key=lambda w: (w.top, w.x0)))
        for cells in columns.values():
            alone = [c for c in cells if all(_LOWER_LATIN.fullmatch(w.text) for w in c)]
            titled = [c for c in cells if c not in alone and all(
                _TITLED_LATIN.fullmatch(w.text) or _LOWER_LATIN.fullmatch(w.text) for w in c)]
            thai = sum(1 for c in cells if any(_is_thai(ch) for w in c for ch in w.text))
            if alone and thai >= max(2, THAI_CELLS_PER_LATIN * len(alone)):
                found.extend(alone)
            if titled and thai >= THAI_CELLS_PER_TITLED_LATIN * len(titled):
                found.extend(titled)
            found.extend(c[:1] for c in cells
                         if len(c) > 1 and _LATIN_BEFORE_NUMBER.fullmatch(c[0].text)
                         and all(_DIGIT.search(w.text) for w in c[1:]))
    return found


def _one_word(area: OcrWord, read: Sequence[OcrWord]) -> OcrWord:
    """What was read again in `area`, as one word there, as sure as its least sure part."""
    return dataclasses.replace(area, text="".join(w.text for w in read),
                               confidence=min(w.confidence for w in read))


def reread_latin_abbreviations(image, words: list[OcrWord]) -> list[OcrWord]:
    """Latin abbreviations read again with the Thai model: the English model reads the
    office abbreviation สพส. as `AWA.` at confidence 96, so confidence cannot choose; the
    Thai reading wins when it is an abbreviation the agency lexicon knows (a real Latin
    one, `KR.`, reads as no known office), in brackets too (`(AWA.)`, a step's
    responsible office). A mark it made up (`สพสี.`, the mark at 9) goes; letters out of
    order stay for the lexicon's match, which records its repair. Short Latin words cost
    one more read each."""
    out = []
    for word in words:
        if latin := _LATIN_ABBREVIATION.fullmatch(word.text):  # the lexicon is gate enough
            again = _reread_box(image, word, languages="tha")
            read = "".join(w.text for w in again).strip("()")
            found = normalize.match_abbreviation(read) if again else None
            if found:
                if (bare := "".join(c for c in read if not _is_mark(c))) == found.canonical:
                    read = bare  # the office's letters in order, a mark made up
                word = dataclasses.replace(word, text=latin.group(1) + read + latin.group(2),
                                           confidence=min(w.confidence for w in again))
        out.append(word)
    return out


def reread_bracketed_letters(image, words: list[OcrWord]) -> list[OcrWord]:
    """A lone digit in brackets among Thai words read again with the English model: a
    size or role letter there ("ขนาดเล็ก (S)") is easily taken for a digit ((5) for (S)).
    Where the digit shapes do not make it a digit and English reads a letter surely, the
    letter stands."""
    out = []
    for word in words:
        found = _BRACKETED_DIGIT.fullmatch(word.text)
        if found and _on_thai_line(word, words):
            # Only the bracketed part, the first three blots of ink: a quote after it
            # spoils the English reading.
            blots = _ink_columns(image, word)
            end = blots[2][1] if len(blots) >= 3 else word.x1
            box = dataclasses.replace(word, x1=float(end))
            reading = (_digit_glyphs.read_number(image, (box.x0, box.top, box.x1, box.bottom))
                       if _digit_glyphs.available() else None)
            if reading is None or not reading.sure:
                again = _reread_box(image, box, languages="eng")
                text = "".join(w.text for w in again)
                if (again and _BRACKETED_LETTER.fullmatch(text)
                        and min(w.confidence for w in again) >= MIN_LATIN_CONFIDENCE):
                    word = dataclasses.replace(word, text=text + found.group(2))
        out.append(word)
    return out


def _ink_columns(image, word: OcrWord) -> list[tuple[int, int]]:
    """The runs of columns with ink in `word`'s box, in page coordinates."""
    import numpy as np

    left = max(0, int(word.x0))
    band = np.asarray(image)[max(0, int(word.top)):int(word.bottom) + 1, left:int(word.x1) + 1]
    return [(left + a, left + b) for a, b in _runs((band < 128).any(axis=0))]


def _line_of(word: OcrWord, words: Sequence[OcrWord]) -> Iterator[OcrWord]:
    """The other words on `word`'s line."""
    return (w for w in words if w is not word and abs(w.top - word.top) < 5)


def _on_thai_line(word: OcrWord, words: Sequence[OcrWord]) -> bool:
    return any(_is_thai(c) for w in _line_of(word, words) for c in w.text)


def _alone_on_line(word: OcrWord, words: Sequence[OcrWord]) -> bool:
    return next(_line_of(word, words), None) is None


def _stray_spans(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Stray Latin words, next ones on a line (nothing read between them) together."""
    stray = {id(w) for w in stray_latin_words(words)}
    spans: list[list[OcrWord]] = []
    previous: OcrWord | None = None
    for word in words:
        if id(word) in stray:
            if (spans and previous is spans[-1][-1] and word.top == previous.top
                    and word.x0 >= previous.x0):  # (the next word to its right)
                spans[-1].append(word)
            else:
                spans.append([word])
        previous = word
    return spans


def reread_number_cells(image, grids: Sequence[_Grid], words: list[OcrWord], number: int
                        ) -> tuple[list[OcrWord], list[tuple[str, str]]]:
    """The page's words with every Arabic-digit number cell read again digits-only (that
    reading replaces the first), and (text, message) flags where the readings differ."""
    cells = number_cells(grids, words)
    rereads = reread_digits(image, cells)
    replaced: dict[int, OcrWord | None] = {}
    flags: list[tuple[str, str]] = []
    for cell, again in zip(cells, rereads, strict=True):
        if again is None:
            continue
        first = " ".join(w.text for w in cell)
        if _digits(first) != _digits(again.text):
            printed = digits_printed(image, cell)
            if len(_digits(first)) == printed != len(_digits(again.text)):
                # the digits-only reading lost a digit ('11' as '1'): the ink shows two
                again.text = first
            flags.append((again.text, f"page {number}: number read as {first!r} and, digits "
                          f"only, as {again.text!r}; {again.text!r} is kept"))
            again.confidence = min(again.confidence, MIN_NUMBER_CONFIDENCE - 1)
        for word in cell:
            replaced[id(word)] = None
        replaced[id(cell[0])] = again
    out = []
    for word in words:
        if id(word) not in replaced:
            out.append(word)
        elif replaced[id(word)] is not None:
            out.append(replaced[id(word)])  # type: ignore[arg-type]
    return out, flags


def digits_printed(image, cell: Sequence[OcrWord]) -> int:
    """How many digits the ink of a number cell holds: its glyphs as tall as the tallest
    (separators are short)."""
    box = (max(0, int(min(w.x0 for w in cell)) - _CROP_PAD), int(cell[0].top),
           min(image.width, int(max(w.x1 for w in cell)) + _CROP_PAD), int(cell[0].bottom))
    glyphs = _digit_glyphs.glyphs_in(image, box)
    tallest = max((g.height for g in glyphs), default=0)
    return sum(g.height >= DIGIT_HEIGHT_SHARE * tallest for g in glyphs)


def number_runs(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Tesseract's words that make one printed number: neighbours on one line that hold
    digits and separators only (it cuts Thai digits into one word each), or signs after
    digits, with no space between them in its text output: a space is narrower than the
    widest gap inside a number, so "๑๐๐ ๒)" would read as 1002."""
    runs: list[list[OcrWord]] = []
    current: list[OcrWord] = []
    for word in words:
        # Signs after digits are digits Tesseract did not know (๐๙๙ read ๐ «๕).
        fits = bool(_NUMBER_WORD.fullmatch(word.text)
                    or (current and _SIGNS_AND_DIGITS.fullmatch(word.text)))
        if fits and current:
            last = current[-1]
            if (word.top != last.top or word.space_before
                    or word.x0 - last.x1 > 0.6 * (word.bottom - word.top)):
                runs.append(current)
                current = []
        if fits:
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    out = []
    for run in runs:  # separators before the first digit or after the last are not its own
        digits = [i for i, w in enumerate(run) if _DIGIT.search(w.text)]
        if digits:
            out.append(run[digits[0]:digits[-1] + 1])
    return out


def split_number_cells(grids: Sequence[_Grid], words: Sequence[OcrWord]
                       ) -> list[list[OcrWord]]:
    """Table cells, and lines outside tables, of one short line with digits that
    Tesseract did not read as one number: pieces (`1 583`, `0 0000`: a face's narrow `1`
    or stop in a wide advance leaves a gap that reads as a space) or digits taken for
    letters (`2, ALS]`). Their digit shapes decide: the cell or line is one number only
    when all its ink reads surely as one."""
    loose = [w for w in words if not any(_in_box(w, g.bbox) for g in grids)]
    out = []
    for group in itertools.chain(words_by_cell(grids, words), text_lines(loose)):
        group = sorted(group, key=lambda w: w.x0)
        runs = number_runs(group)
        text = "".join(w.text for w in group)
        if (_DIGIT.search(text) and len(text) <= MAX_NUMBER_CELL
                and len({w.top for w in group}) == 1
                and not (len(runs) == 1 and len(runs[0]) == len(group))):
            out.append(group)
    return out


def _one_number(reading: _digit_glyphs.DigitReading, pieces: Sequence[OcrWord],
                grids: Sequence[_Grid]) -> bool:
    """Whether a whole reading of `pieces` (`split_number_cells`) is one number: a cell
    holds one; a line may hold two ('5 10'), so there the ink must show the separator
    that Tesseract read as a space ('0.0000')."""
    if not _CELL_NUMBER.fullmatch(reading.text):
        return False
    in_cell = any(_in_box(pieces[0], g.bbox) for g in grids)
    return in_cell or any(c in ".," for c in reading.text)


def short_cells(grids: Sequence[_Grid], words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """The words of each table cell short enough to be a number Tesseract did not read as
    one (`{7`, `a1`, `»26`, `Zt`: digits taken for letters or signs); longer text and
    cells already read as numbers are left out."""
    cells = []
    for inside in words_by_cell(grids, words):
        text = "".join(w.text for w in inside)
        if (len(text) <= MAX_SHORT_CELL and not _NUMBER_WORD.fullmatch(text)
                and len({w.top for w in inside}) == 1):
            cells.append(sorted(inside, key=lambda w: w.x0))
    return cells


def numbered_items(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """What Tesseract read, unsure, where a list item's number stands: one symbol and a
    full stop (`>` `.` for ๖.), or a word of one or two letters or signs ending in a stop
    or comma that opens its line (`>.`, `oa.` for ๗.). Either breaks the count of a
    list's items."""
    pairs = [[sign, stop] for sign, stop in itertools.pairwise(words)
             if _STRAY_SIGN.fullmatch(sign.text) and stop.text == "."
             and stop.top == sign.top and stop.x0 - sign.x1 < 0.3 * (sign.bottom - sign.top)]
    singles = [[word] for word in words
               if _ITEM_MARK.fullmatch(word.text) and word.confidence < MIN_NUMBER_CONFIDENCE
               and not any(w.top == word.top and w.x1 <= word.x0 for w in words)]
    return pairs + singles


def read_digit_shapes(image, grids: Sequence[_Grid], words: list[OcrWord], number: int
                      ) -> tuple[list[OcrWord], list[tuple[str, str]]]:
    """Every number on the page read again glyph by glyph against digit templates
    (extract/_digit_glyphs.py), and every short table cell, sign numbering an item and
    short Latin word among Thai ones, in case it is a number Tesseract read as letters or
    signs. A clear reading replaces
    Tesseract's and the words it covers; a number whose shapes are unclear, or an
    Arabic-digit number the two read differently, is flagged (text, message)."""
    if not _digit_glyphs.available():
        return words, []
    dropped: set[int] = set()
    replaced: dict[int, OcrWord] = {}
    flags: list[tuple[str, str]] = []
    # (words, whether Tesseract read digits there, whether they are pieces of one cell)
    candidates = [(cell, True, True) for cell in split_number_cells(grids, words)]
    candidates += [(run, True, False) for run in number_runs(words)]
    candidates += [(cell, False, False) for cell in short_cells(grids, words)]
    candidates += [(item, False, False) for item in numbered_items(words)]
    candidates += [([word], False, False) for word in words
                   if _LATIN_FOR_DIGITS.fullmatch(word.text)
                   and (_on_thai_line(word, words) or _alone_on_line(word, words))]
    for run, tesseract_saw_digits, pieces in candidates:
        if any(id(w) in dropped or id(w) in replaced for w in run):
            continue  # read already, with a number beside it ('ว' '1': '31' once, not twice)
        text = "".join(w.text for w in run)
        box = (min(w.x0 for w in run), run[0].top, max(w.x1 for w in run), run[0].bottom)
        reading = _digit_glyphs.read_number(image, box)
        if reading is None:
            continue
        covers = (reading.x0 <= box[0] + _CROP_PAD and reading.x1 >= box[2] - _CROP_PAD)
        if pieces and not (reading.sure and covers and _one_number(reading, run, grids)):
            continue  # not one number: each piece is read on its own
        if (reading.sure and _ARABIC_NUMBER.fullmatch(text)
                and len(_digits(reading.text)) < digits_printed(image, run)):
            # Tesseract reads Arabic digits well; a digit-high glyph the templates did not
            # take for a digit ('19' read '9') means the shapes tell less than the ink holds
            reading = dataclasses.replace(reading, sure=False)
        if not reading.sure:
            if tesseract_saw_digits:
                flags.append((text, f"page {number}: number {text!r} does not look like "
                              f"digits of a known font (best reading {reading.text!r})"))
            continue
        if not tesseract_saw_digits and not covers:
            continue  # digits beside letters: the cell is text
        if (tesseract_saw_digits and not _THAI_DIGIT.search(text)
                and _digits(text) != _digits(reading.text)):
            flags.append((reading.text, f"page {number}: number read as {text!r} by Tesseract "
                          f"and as {reading.text!r} by digit shapes; the second is kept"))
            confidence = MIN_NUMBER_CONFIDENCE - 1
        else:
            confidence = max(100 * reading.score, MIN_NUMBER_CONFIDENCE)
        for word in words:  # the run, and words over digits Tesseract took for letters
            # (not a bracket closing after the digits: '๑)' comes as '๑' over ')')
            closing = word.text == ")" and word.x1 > reading.x1
            if (word.top == run[0].top and not closing
                    and reading.x0 <= (word.x0 + word.x1) / 2 <= reading.x1) or word in run:
                if word.text[0] in "([" and word.x0 < reading.x0 - 1 and word not in run:
                    # the bracket opening the number, boxed with its digits ('(๒' over
                    # '(๒๕๖๗'): it stays, before them
                    word.text, word.x1 = word.text[0], float(reading.x0 - 1)
                    continue
                dropped.add(id(word))
        replaced[id(run[0])] = OcrWord(reading.text, confidence, reading.x0, box[1],
                                       reading.x1, box[3], run[0].space_before)
        for word in words:  # a neighbour's box reaching over the number would mix them
            if word.top == run[0].top and id(word) not in dropped:
                if (word.x0 + word.x1) / 2 < reading.x0:
                    word.x1 = min(word.x1, reading.x0 - 1)
                elif word.x0 < reading.x1:
                    word.x0 = reading.x1 + 1
    out = []
    for word in words:
        if id(word) in replaced:
            out.append(replaced[id(word)])
        elif id(word) not in dropped:
            out.append(word)
    return out, flags


def _digits(text: str) -> str:
    return "".join(c for c in text if "0" <= c <= "9")


def cross_check_numbers(lines: Sequence[PageLine], number: int
                        ) -> list[tuple[int, str, str]]:
    """Flags for numbers that cannot be right, whatever the form: a Buddhist Era year that
    is not 25xx or far from the page's usual year, a percentage above 100."""
    flags: list[tuple[int, str, str]] = []
    years = [(i, int(m.group(1))) for i, line in enumerate(lines)
             for m in _YEAR.finditer(_arabic(str(line)))]
    plausible = [y for _, y in years if 2500 <= y <= 2599]
    usual = max(set(plausible), key=plausible.count) if plausible else None
    for index, year in years:
        if not 2500 <= year <= 2599 or (usual and abs(year - usual) > MAX_YEAR_SPREAD):
            flags.append((index, "low_ocr_confidence",
                          f"page {number}: year {year} read by OCR is not a year of this "
                          f"document (usual {usual})"))
    for index, line in enumerate(lines):
        for match in _PERCENT.finditer(_arabic(str(line))):
            value = float((match.group(1) or match.group(2)).replace(",", ""))
            if value > 100:
                flags.append((index, "percent_out_of_range",
                              f"page {number}: percentage {value:g} read by OCR is above 100"))
    return flags


def _arabic(text: str) -> str:
    return text.translate({0x0E50 + d: ord("0") + d for d in range(10)})


def _line_holding(lines: list[PageLine], start: int, text: str) -> int:
    for index in range(start, len(lines)):
        if text in str(lines[index]):
            return index
    return start


def read_pages_parallel(images: Sequence, numbers: Sequence[int], at_once: int
                        ) -> list[OcrPage]:
    """OCR pages in parallel (threads wait on Tesseract processes, one core each)."""
    missing = tesseract_available()
    if missing:
        raise OcrUnavailableError(f"a page needs OCR but {missing}")
    workers = max(1, min(len(images), at_once))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(read_image_page, images, numbers))
