"""OCR of scanned pages: render, find the table grid, read words with Tesseract.

Facts this follows (measured, /work/shared/design/pdf-ocr-facts.md): Tesseract 5 with
Debian's `tesseract-ocr-tha`, languages `tha+eng` (`tha` alone is worse on digits), takes
7-15 s a 300-dpi page; reading straight across a ruled table mixes its columns, so the
ruling lines are found in the image first, erased (Tesseract reads them as `|`), and each
word goes to the cell whose box holds it, through the same cell assembly as text layers
(extract/_pdf.py). Thai digits are its weakest point (42-70% digit errors), so every
number keeps the confidence Tesseract gave its word: a number read with low confidence
is returned as a line flag, which becomes an `issues` row; it is never silently trusted.

Pages are read in parallel processes (one Tesseract thread each: OMP_THREAD_LIMIT=1),
as many as the machine has cores.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kr_extract.errors import CorruptPdfError, OcrUnavailableError

from ._pdf import Char, _Grid, split_runs, table_lines

DPI = 300
LANGUAGES = "tha+eng"
# Below this word confidence (0-100) a word holding digits is flagged. Tesseract's own
# scale; Thai digits misread as other digits typically come out under 85.
MIN_NUMBER_CONFIDENCE = 85.0
# A ruling line is at least this long (1.5 cm at 300 dpi); text strokes are shorter.
MIN_RULE_PX = 180
_DIGIT = re.compile(r"[0-9๐-๙]")
# Spaces in OCR text come from Tesseract's word gaps (`words_to_chars`), not from gaps
# between the even boxes given to the letters of a word.
_NO_GAP_SPACES = 1e9


@dataclass
class OcrWord:
    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class OcrPage:
    number: int
    lines: list[str]
    flags: list[tuple[int, str, str]] = field(default_factory=list)  # (line index, code, msg)
    mean_confidence: float = 0.0


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
            return [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise CorruptPdfError(f"the image cannot be read ({exc})",
                              source_path=source_path) from exc


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
    for y in np.flatnonzero(mask.sum(axis=1) >= min_len).tolist() + [None]:
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
    """Horizontal and vertical ruling lines as pdfplumber edges, and the image with them
    erased."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image)
    ink = pixels < 140
    horizontal = _segments(ink, MIN_RULE_PX)
    vertical = _segments(ink.T, MIN_RULE_PX)
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
    return edges, Image.fromarray(clean)


def grids_from_edges(edges: list[dict]) -> list[_Grid]:
    """Tables from ruling lines, with pdfplumber's own table finder steps."""
    from pdfplumber import table as pt

    if not edges:
        return []
    merged = pt.merge_edges(edges, snap_x_tolerance=8, snap_y_tolerance=8,
                            join_x_tolerance=8, join_y_tolerance=8)
    intersections = pt.edges_to_intersections(merged, x_tolerance=8, y_tolerance=8)
    cells = pt.intersections_to_cells(intersections)
    grids = []
    for group in pt.cells_to_tables(cells):
        table = pt.Table(None, group)  # type: ignore[arg-type]
        rows = [list(row.cells) for row in table.rows]
        if len(rows) < 1:
            continue
        tops = [min(c[1] for c in row if c) for row in rows]
        grids.append(_Grid(tuple(table.bbox), rows, tops))
    return sorted(grids, key=lambda g: g.bbox[1])


# --- Tesseract ---------------------------------------------------------------------------

def run_tesseract(image, *, psm: int = 6, extra: Sequence[str] = ()) -> list[OcrWord]:
    with tempfile.TemporaryDirectory(prefix="kr-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        done = subprocess.run(
            ["tesseract", str(png), "stdout", "-l", LANGUAGES, "--psm", str(psm),
             "--dpi", str(DPI), "-c", "preserve_interword_spaces=1", *extra, "tsv"],
            capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    if done.returncode != 0:
        raise OcrUnavailableError(f"tesseract failed: {done.stderr.strip()[:300]}")
    words: list[OcrWord] = []
    lines: dict[tuple[str, ...], list[OcrWord]] = {}
    for row in done.stdout.splitlines()[1:]:
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
    return words


def _is_thai(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e4e"


def words_to_chars(words: Sequence[OcrWord]) -> list[Char | None]:
    """Words as the character stream the text-layer code reads: a space between words
    set apart on the line (Tesseract splits Thai into clusters, which touch), a line end
    where Tesseract's line changes."""
    chars: list[Char | None] = []
    previous: OcrWord | None = None
    heights = sorted(w.bottom - w.top for w in words) or [0.0]
    height = heights[len(heights) // 2]
    for word in words:
        if previous is not None:
            same_line = word.top < previous.bottom and word.x0 >= previous.x0
            # Thai sets words solid and a space is wide; Tesseract cuts Thai into
            # clusters whose gaps are narrow, so between Thai clusters a space needs more.
            thai = _is_thai(previous.text[-1]) and _is_thai(word.text[0])
            if not same_line:
                chars.append(None)
            elif word.x0 - previous.x1 > height * (0.45 if thai else 0.2):
                chars.append(Char(" ", previous.x1, previous.top, word.x0, previous.bottom))
        step = (word.x1 - word.x0) / max(len(word.text), 1)
        for i, ch in enumerate(word.text):
            chars.append(Char(ch, word.x0 + i * step, word.top, word.x0 + (i + 1) * step,
                              word.bottom))
        previous = word
    return chars


def read_image_page(image, number: int) -> OcrPage:
    """OCR one page image into text-export lines, with flags for doubtful numbers."""
    from ._pdf import join_runs

    image = deskew(image)
    edges, clean = find_rules(image)
    grids = grids_from_edges(edges)
    words = run_tesseract(clean)
    chars = words_to_chars(words)
    blocks: list[tuple[float, list[str], list[OcrWord]]] = []
    for grid in grids:
        rows = table_lines(grid, chars, space_gap=_NO_GAP_SPACES)
        if rows:
            inside = [w for w in words if grid.bbox[0] <= (w.x0 + w.x1) / 2 <= grid.bbox[2]
                      and grid.bbox[1] <= (w.top + w.bottom) / 2 <= grid.bbox[3]]
            blocks.append((grid.bbox[1], rows, inside))
    loose_words = [w for w in words
                   if not any(g.bbox[0] <= (w.x0 + w.x1) / 2 <= g.bbox[2]
                              and g.bbox[1] <= (w.top + w.bottom) / 2 <= g.bbox[3]
                              for g in grids)]
    runs = split_runs(words_to_chars(loose_words), space_gap=_NO_GAP_SPACES)
    right = max((r.x1 for r in runs), default=0.0)
    for run in runs:
        run_words = [w for w in loose_words if abs((w.top + w.bottom) / 2
                                                   - (run.top + run.bottom) / 2) < 25
                     and run.x0 - 5 <= w.x0 <= run.x1 + 5]
        blocks.append((run.top, join_runs([run], right, wrap_slack=0.0), run_words))
    blocks.sort(key=lambda b: b[0])
    lines: list[str] = []
    flags: list[tuple[int, str, str]] = []
    for _top, block_lines, block_words in blocks:
        start = len(lines)
        lines.extend(block_lines)
        for word in block_words:
            if _DIGIT.search(word.text) and word.confidence < MIN_NUMBER_CONFIDENCE:
                where = _line_holding(lines, start, word.text)
                flags.append((where, "low_ocr_confidence",
                              f"page {number}: number {word.text!r} read with OCR "
                              f"confidence {word.confidence:.0f}"))
    confidences = [w.confidence for w in words if w.confidence >= 0]
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(number, lines, flags, mean)


def _line_holding(lines: list[str], start: int, text: str) -> int:
    for index in range(start, len(lines)):
        if text in lines[index]:
            return index
    return start


def read_pages_parallel(images: Sequence, numbers: Sequence[int]) -> list[OcrPage]:
    """OCR pages in parallel (threads wait on Tesseract processes, one core each)."""
    missing = tesseract_available()
    if missing:
        raise OcrUnavailableError(f"a page needs OCR but {missing}")
    workers = max(1, min(len(images), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(read_image_page, images, numbers))
