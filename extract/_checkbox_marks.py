"""Checkbox marks on scanned pages, found by their shape.

Text exports and text layers carry a checkbox as ☑ (checked) or ☐ (unchecked) before its
option text; on a scan Tesseract reads the printed box as junk ("[ๆ", "[7", "[7]", "O",
"D") or drops it (3 of the 27 boxes of the sample scans), so every `selections` row was
lost. The boxes are found in the page image instead, and a word "☑"/"☐" takes the place
of the junk.

A box is a square outline: a stroke along its top and its bottom and one down each side,
each inked nearly all along and to its ends, square corners, a thin stroke, paper around.
Round letters and digits (อ ด ๐ O D ๒) fail at the corners; ก บ ป [ ( lack a side; a
loop read from inside a thick letter stroke has ink just outside two opposite sides; the
bowl of B or P and a table's corner have a side that goes on past a corner. A tick or a
cross may run out over the box. Measured on the sample scans (DejaVu ☑/☐, 300 dpi): all
27 boxes found and nothing else on the 49 pages; boxes 34-37 px, sides 86-100% inked,
corners 78-100%, no ink inside an unchecked box, 12-13% inside a ticked one. On the Thai
alphabet, digits, Latin letters and brackets printed in all 68 TLWG faces at 9-24 pt,
sharp and blurred, nothing is found. Boxes with round corners (▢) are not found.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence

from ._blocks import CHECKED, UNCHECKED
from ._ocr_word import OcrWord

INK_LEVEL = 150  # grey below this is ink
# A box side, px: 0.05-0.24 in at 300 dpi (a 7-26 pt box), so 200-dpi image files fit too.
MIN_SIDE = 16
MAX_SIDE = 72
# Height / width: printed boxes are square; Latin capitals ("D") are taller (1.27-1.32).
MIN_ASPECT, MAX_ASPECT = 0.85, 1.2
# How far a mark's stroke may run on along a box's top stroke past its corner, px.
OVERHANG = 10
MIN_SIDE_COVER = 0.85  # share of a side's length that is inked (measured 86-100%)
# A column near a top stroke's end that ink goes down from less than this share of the
# longest there is a stub beside a side that leans, not the side (a leaning side reaches
# about half as far in the column beside it; a round letter's columns grow evenly).
SIDE_REACH = 0.6
MAX_STROKE_SHARE = 0.25  # stroke thickness / side: thicker is a blob, not a box
MIN_CORNER_INK = 0.7  # share of each corner patch inked (boxes 78-100%, round letters <68%)
MAX_RING_INK = 0.12  # ink around the box (boxes 0%): more and the outline is in clutter
# Share of the inside that is ink: unchecked boxes 0%, ticks 4-15%, crosses to 30%, a heavy
# mark in a small box to 75%; more is a filled square (a bullet).
CHECKED_INK = 0.02
MAX_INSIDE_INK = 0.75


@dataclasses.dataclass(frozen=True)
class _Box:
    x0: int
    top: int
    x1: int  # exclusive
    bottom: int  # exclusive
    inside_ink: float
    cover: float

    @property
    def checked(self) -> bool:
        return self.inside_ink >= CHECKED_INK


def find_checkboxes(image, words: Sequence[OcrWord]) -> tuple[list[OcrWord], int]:
    """The page's words with every checkbox printed on the page as a word "☑" (checked) or
    "☐" (unchecked) at the box, in its Tesseract line before the option text, and
    Tesseract's readings of the box removed (of a word glued to the box, only the part over
    it); and how many boxes were found. `image` is the grey page (deskewed, ruling lines
    erased), `words` Tesseract's words for it, in pixels, a line's words sharing its top
    and bottom; they are not changed (a new word replaces one that must)."""
    import numpy as np

    boxes = _find_boxes(np.asarray(image.convert("L")) < INK_LEVEL)
    out = list(words)
    for box in boxes:
        out = _place_box(out, box)
    return out, len(boxes)


def _top_stroke_runs(ink):
    """Runs of ink along the rows as long as a box side: (row, first column, column after
    the last). One-pixel breaks are bridged (a faint scan breaks a thin line)."""
    import numpy as np

    height, width = ink.shape
    # Paper columns on both sides keep every run inside its row of the flat array.
    padded = np.zeros((height, width + 2), dtype=bool)
    padded[:, 1:-1] = ink
    padded[:, 2:-2] |= ink[:, :-2] & ink[:, 2:]
    flat = padded.ravel()
    # Flat indices: np.nonzero on the 2-D array is several times slower.
    starts = np.flatnonzero(flat[1:] & ~flat[:-1]) + 1
    ends = np.flatnonzero(flat[:-1] & ~flat[1:]) + 1
    lengths = ends - starts
    keep = (lengths >= MIN_SIDE) & (lengths <= MAX_SIDE + 2 * OVERHANG)
    rows, columns = np.divmod(starts[keep], width + 2)
    return rows, columns - 1, columns - 1 + lengths[keep]


def _ink_down(ink, rows, columns, reach: int):
    """How far ink runs down from each (row, column) pair, `columns` one row of columns
    for each row, up to `reach` pixels; a column counts with its right neighbour (a thin
    side of a slightly slanted box wanders between the two) and one-pixel breaks are
    bridged."""
    import numpy as np

    height, width = ink.shape
    ys = rows[:, None] + np.arange(reach)[None, :]
    inside = (ys < height)[:, :, None]
    ys = np.minimum(ys, height - 1)[:, :, None]
    xs = columns[:, None, :]
    strip = (ink[ys, np.minimum(xs, width - 1)] | ink[ys, np.minimum(xs + 1, width - 1)])
    strip &= inside
    strip[:, 1:-1] |= strip[:, :-2] & strip[:, 2:]
    paper = ~strip
    paper[:, -1] = True
    return paper.argmax(axis=1)  # (runs, columns)


def _find_boxes(ink) -> list[_Box]:
    import numpy as np

    rows, x0s, x1s = _top_stroke_runs(ink)
    # A top stroke has a vertical stroke going down near each end (a tick's or a cross's
    # stroke may run on past the corner): checked on all runs at once (a page of Thai text
    # has hundreds of runs this long), the whole outline on the rest.
    reach = int(MAX_ASPECT * MAX_SIDE) + 3
    offsets = np.arange(OVERHANG + 1)
    left_down = _ink_down(ink, rows, x0s[:, None] + offsets, reach)
    right_down = _ink_down(ink, rows, x1s[:, None] - 2 - offsets, reach)
    least = MIN_SIDE_COVER * MIN_ASPECT * MIN_SIDE
    # A side is the outermost column whose ink goes down well past half as far as any
    # near that end: a side that leans (a bilevel scan's thin stroke, tilt the deskew
    # left) is partly in the column beside it, which reaches part way only.
    has_left = (left_down >= least) & (left_down >= SIDE_REACH * left_down.max(axis=1)[:, None])
    has_right = (right_down >= least) & (
        right_down >= SIDE_REACH * right_down.max(axis=1)[:, None])
    left_at, right_at = has_left.argmax(axis=1), has_right.argmax(axis=1)
    # The outermost column pair holding a side: its inner column is inked (else the pair
    # further out would hold it too); _grow widens the box to the stroke's outer edge.
    x0s, x1s = x0s + left_at + 1, x1s - 1 - right_at
    picked = np.arange(len(rows))
    need = MIN_SIDE_COVER * MIN_ASPECT * (x1s - x0s)
    # Down the middle a box is open below its top stroke; a filled block (a Gantt chart's
    # months, a bullet) is not.
    middle_down = _ink_down(ink, rows, ((x0s + x1s) // 2)[:, None], reach)[:, 0]
    keep = (has_left.any(axis=1) & has_right.any(axis=1) & (x1s - x0s >= MIN_SIDE)
            & (left_down[picked, left_at] >= need) & (right_down[picked, right_at] >= need)
            & (middle_down < 0.5 * (x1s - x0s)))
    found: list[_Box] = []
    for y, x0, x1 in zip(rows[keep].tolist(), x0s[keep].tolist(), x1s[keep].tolist(),
                         strict=True):
        box, _ = _measure_box(ink, y, x0, x1)
        if box is not None:
            found.append(box)
    return _distinct(found)


def _measure_box(ink, top: int, x0: int, x1: int) -> tuple[_Box | None, str]:
    """The box whose top stroke holds the run on row `top` at columns x0..x1 if the
    outline there is a box's, else None and why not."""
    import numpy as np

    side = x1 - x0
    lowest = min(ink.shape[0], top + int(MAX_ASPECT * side) + 2)
    area = ink[top:lowest, x0:x1]
    ends = area[:, :2].any(axis=1) & area[:, -2:].any(axis=1)
    full = np.flatnonzero((area.mean(axis=1) >= MIN_SIDE_COVER) & ends)
    # The bottom stroke: the lowest row within the allowed heights that is a side.
    bottoms = full[(full >= MIN_ASPECT * side - 1) & (full <= MAX_ASPECT * side + 1)]
    if not len(bottoms):
        return None, "no bottom stroke"
    top, bottom, x0, x1 = _grow(ink, top, top + int(bottoms[-1]) + 1, x0, x1)
    outline = ink[top:bottom, x0:x1]
    box_height, side = outline.shape
    if not (MIN_SIDE <= side <= MAX_SIDE and MIN_ASPECT <= box_height / side <= MAX_ASPECT):
        return None, "size"
    row_cover, col_cover = outline.mean(axis=1), outline.mean(axis=0)
    rows_full, cols_full = row_cover >= MIN_SIDE_COVER, col_cover >= MIN_SIDE_COVER
    strokes = (_leading_true(rows_full), _leading_true(rows_full[::-1]),
               _leading_true(cols_full), _leading_true(cols_full[::-1]))
    if min(strokes) == 0 or max(strokes) > MAX_STROKE_SHARE * min(side, box_height):
        return None, "stroke"
    if _round_corner(outline, min(strokes) + 1):
        return None, "corner"
    inner = outline[strokes[0]:box_height - strokes[1], strokes[2]:side - strokes[3]]
    # Leave the inner edge of the strokes out: anti-aliasing blurs it.
    core = inner[1:-1, 1:-1] if min(inner.shape) > 4 else inner
    if core.size == 0:
        return None, "no inside"
    inside_ink = float(core.mean())
    # A bar across the inside from side to side is a letter's ("B", "日"), never a tick's.
    crossed = max(inner.mean(axis=1).max(), inner.mean(axis=0).max()) >= 0.9
    if inside_ink > MAX_INSIDE_INK or crossed:
        return None, "inside"
    box = _Box(x0, top, x1, bottom, inside_ink,
               float(min(row_cover[0], row_cover[-1], col_cover[0], col_cover[-1])))
    if _halo_on_opposite_sides(ink, box):
        return None, "halo"
    if _sides_go_on(ink, box, max(strokes)):
        return None, "sides go on"
    if _ring_ink(ink, box) > MAX_RING_INK:
        return None, "ring"
    return box, ""


def _grow(ink, top: int, bottom: int, x0: int, x1: int) -> tuple[int, int, int, int]:
    """The box widened to the outer edge of its strokes (the run found may lie inside a
    thick stroke), without edge rows or columns that are no stroke."""
    height, width = ink.shape
    # No further than a stroke may be thick (past that it is no box: no need to know more).
    most = int(MAX_STROKE_SHARE * (x1 - x0)) + 1
    for _ in range(most):
        if top == 0 or not _is_side(ink[top - 1, x0:x1]):
            break
        top -= 1
    for _ in range(most):
        if bottom == height or not _is_side(ink[bottom, x0:x1]):
            break
        bottom += 1
    for _ in range(most):
        if x0 == 0 or not _is_side(ink[top:bottom, x0 - 1]):
            break
        x0 -= 1
    for _ in range(most):
        if x1 == width or not _is_side(ink[top:bottom, x1]):
            break
        x1 += 1
    # An edge row or column that the anti-aliasing inked only in part is no side.
    for _ in range(2):
        top += not _is_side(ink[top, x0:x1])
        bottom -= not _is_side(ink[bottom - 1, x0:x1])
        x0 += not _is_side(ink[top:bottom, x0])
        x1 -= not _is_side(ink[top:bottom, x1 - 1])
    return top, bottom, x0, x1


def _is_side(line) -> bool:
    """Whether a row or column of pixels is a box's side: inked nearly all along, to both
    ends (a drop shadow, offset from the corner, is not)."""
    return bool(line.mean() >= MIN_SIDE_COVER and line[:2].any() and line[-2:].any())


def _halo_on_opposite_sides(ink, box: _Box) -> bool:
    """Whether there is ink just outside the middle of two opposite sides (2-4 px out; the
    first pixel out may be a blurred edge): a letter's loop ("o", "๐") read from inner
    rows of its stroke has the rest of the stroke there. A printed box has paper there,
    or a tick's end on one side, or a shadow on two adjacent sides (❏)."""
    side_w, side_h = box.x1 - box.x0, box.bottom - box.top
    mid_x = slice(box.x0 + side_w // 5, box.x1 - side_w // 5)
    mid_y = slice(box.top + side_h // 5, box.bottom - side_h // 5)
    above = ink[max(0, box.top - 4):max(0, box.top - 1), mid_x]
    below = ink[box.bottom + 1:box.bottom + 4, mid_x]
    before = ink[mid_y, max(0, box.x0 - 4):max(0, box.x0 - 1)]
    after = ink[mid_y, box.x1 + 1:box.x1 + 4]
    inked = [band.size > 0 and band.mean() > 0.2 for band in (above, below, before, after)]
    return (inked[0] and inked[1]) or (inked[2] and inked[3])


def _round_corner(outline, size: int) -> bool:
    """Whether a corner of the outline is not square: a box's corners are inked squares
    (measured 78-100% of a stroke-wide patch), a round letter's ("D", "๒") are not
    (0-67%)."""
    corners = (outline[:size, :size], outline[:size, -size:], outline[-size:, :size],
               outline[-size:, -size:])
    return min(float(corner.mean()) for corner in corners) < MIN_CORNER_INK


def _leading_true(flags) -> int:
    import numpy as np

    false = np.flatnonzero(~flags)
    return int(false[0]) if len(false) else len(flags)


def _sides_go_on(ink, box: _Box, stroke: int) -> bool:
    """Whether a side's stroke runs on past a corner: the outline is then part of a bigger
    shape (the upper bowl of "B" with its stem going down, a table's corner)."""
    reach = max(3, (box.x1 - box.x0) // 4)
    height, width = ink.shape
    above, below = max(0, box.top - reach), min(height, box.bottom + reach)
    before, after = max(0, box.x0 - reach), min(width, box.x1 + reach)
    zones = (
        ink[above:box.top, box.x0:box.x0 + stroke], ink[box.bottom:below, box.x0:box.x0 + stroke],
        ink[above:box.top, box.x1 - stroke:box.x1], ink[box.bottom:below, box.x1 - stroke:box.x1],
        ink[box.top:box.top + stroke, before:box.x0], ink[box.top:box.top + stroke, box.x1:after],
        ink[box.bottom - stroke:box.bottom, before:box.x0],
        ink[box.bottom - stroke:box.bottom, box.x1:after],
    )
    return any(zone.size and zone.mean() > 0.5 for zone in zones)


def _ring_ink(ink, box: _Box) -> float:
    """Share of ink in a band just outside the box (past a gap of 2 px, a fifth of the
    side wide)."""
    side = min(box.x1 - box.x0, box.bottom - box.top)
    gap = 2
    band = max(2, side // 5)
    height, width = ink.shape
    outer = ink[max(0, box.top - gap - band):min(height, box.bottom + gap + band),
                max(0, box.x0 - gap - band):min(width, box.x1 + gap + band)]
    near = ink[max(0, box.top - gap):min(height, box.bottom + gap),
               max(0, box.x0 - gap):min(width, box.x1 + gap)]
    ring_area = outer.size - near.size
    return float(outer.sum() - near.sum()) / ring_area if ring_area else 1.0


def _distinct(boxes: list[_Box]) -> list[_Box]:
    """One box for each outline (every row of a thick top stroke starts the same box)."""
    kept: list[_Box] = []
    for box in sorted(boxes, key=lambda b: (-b.cover, b.top)):
        if not any(_overlap(box, k) > 0.5 for k in kept):
            kept.append(box)
    return sorted(kept, key=lambda b: (b.top, b.x0))


def _overlap(a: _Box, b: _Box) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return w * h / smaller


# --- words -------------------------------------------------------------------------------

def _place_box(words: list[OcrWord], box: _Box) -> list[OcrWord]:
    """`words` with the box's junk readings removed (the part of a word over the box, when
    Tesseract glued the box to a real word) and the box's word put in its line."""
    side = box.x1 - box.x0
    margin = side / 4
    middle_y = (box.top + box.bottom) / 2
    middle_x = (box.x0 + box.x1) / 2
    line = _line_of(words, middle_y, box)
    out: list[OcrWord] = []
    for word in words:
        on_box = (word.top <= middle_y <= word.bottom
                  and word.x0 < box.x1 + margin and word.x1 > box.x0 - margin)
        if not on_box:
            out.append(word)
            continue
        rest = _trim_box(word, box, margin)
        if rest is not None:
            out.append(rest)
    top, bottom = line if line else (float(box.top), float(box.bottom))
    # A box always stands apart from the words around it, as "☑ text" in a text layer.
    mark = OcrWord(CHECKED if box.checked else UNCHECKED, _confidence(box),
                        float(box.x0), top, float(box.x1), bottom, space_before=True)
    # Tesseract lists a line's words together, left to right: the mark goes before the
    # first word of its line right of it, or after the line's last word.
    same_line = [i for i, w in enumerate(out) if (w.top, w.bottom) == (top, bottom)]
    at = next((i for i in same_line if (out[i].x0 + out[i].x1) / 2 > middle_x), None)
    if at is None:
        at = same_line[-1] + 1 if same_line else next(
            (i for i, w in enumerate(out) if w.top > middle_y), len(out))
    # Tesseract gives a Thai mark a word of its own; one right after the box has lost its
    # letter with the junk (a tick running out of the box read as "ซ" and "็").
    def on_line(index: int) -> bool:
        return index < len(out) and (out[index].top, out[index].bottom) == (top, bottom)

    while on_line(at) and _marks_only(out[at].text) and out[at].x0 < box.x1 + side:
        del out[at]
    if on_line(at):
        out[at] = dataclasses.replace(out[at], space_before=True)
    out.insert(at, mark)
    return out


def _marks_only(text: str) -> bool:
    return all(unicodedata.category(char) == "Mn" for char in text)


def _line_of(words: Sequence[OcrWord], middle_y: float, box: _Box
             ) -> tuple[float, float] | None:
    """(top, bottom) of the Tesseract line the box sits in (run_tesseract gives a line's
    words its height): the line holding the box's middle whose middle is nearest."""
    lines = {(w.top, w.bottom) for w in words
             if w.top <= middle_y <= w.bottom and w.x1 > box.x0 - 20 * (box.x1 - box.x0)
             and w.x0 < box.x1 + 20 * (box.x1 - box.x0)}
    if not lines:
        return None
    return min(lines, key=lambda tb: abs((tb[0] + tb[1]) / 2 - middle_y))


# What Tesseract makes of a printed box, beside the share of a glued word it covers.
_BOX_JUNK = frozenset("[]{}()|!/\\ๆ□■☐☑☒✓✔07OoDQ")


def _trim_box(word: OcrWord, box: _Box, margin: float) -> OcrWord | None:
    """The word without its part over the box (widened by `margin`); None when the whole
    word is the box."""
    left, right = box.x0 - margin, box.x1 + margin
    clusters = _clusters(word.text)
    step = (word.x1 - word.x0) / len(clusters)
    over = [left <= word.x0 + (i + 0.5) * step <= right for i in range(len(clusters))]
    inside = min(word.x1, right) - max(word.x0, left)
    if all(over) or inside >= 0.6 * (word.x1 - word.x0):
        return None
    if over[0]:  # the box, then the word: "[7ใช้"
        cut = _box_part(clusters, _leading_true_list(over),
                        lambda n: word.x0 + n * step <= right)
        return dataclasses.replace(word, text="".join(clusters[cut:]),
                                   x0=max(word.x0 + cut * step, float(box.x1)))
    if over[-1]:  # the word, then the box: "Tracking["
        cut = _box_part(clusters[::-1], _leading_true_list(over[::-1]),
                        lambda n: word.x1 - n * step >= left)
        return dataclasses.replace(word, text="".join(clusters[:len(clusters) - cut]),
                                   x1=min(word.x1 - cut * step, float(box.x0)))
    return word


def _box_part(clusters: Sequence[str], estimate: int, still_over) -> int:
    """How many of the leading `clusters` are the box. `estimate` (from even widths) is
    mended: a real letter at its end is kept ("ดใช้": the box read as ด, ใ is not),
    junk after it goes while over the box ("[7ใช้" estimated as "[")."""
    cut = estimate
    while cut > 1 and clusters[cut - 1][0] not in _BOX_JUNK:
        cut -= 1
    while cut < len(clusters) - 1 and clusters[cut][0] in _BOX_JUNK and still_over(cut):
        cut += 1
    return cut


def _clusters(text: str) -> list[str]:
    """The text as letters with their marks (Thai vowels above and below, tone marks take
    no width of their own)."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.category(char) == "Mn":
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters or [text]


def _leading_true_list(flags: Sequence[bool]) -> int:
    count = 0
    for flag in flags:
        if not flag:
            break
        count += 1
    return count


def _confidence(box: _Box) -> float:
    """0-100: how fully the outline is inked, lowered when the ink inside is near the
    checked/unchecked threshold."""
    clear = min(1.0, abs(box.inside_ink - CHECKED_INK) / CHECKED_INK)
    return round(100 * box.cover * (0.5 + 0.5 * clear), 1)
