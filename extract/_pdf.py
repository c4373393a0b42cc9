"""PDF text layers: page text in reading order, ruled tables as tab rows, unusable layers.

Which tool does what comes from measurements on Thai office PDFs
(/work/shared/design/pdf-ocr-facts.md): pypdfium2 reads every Thai character right and
fast (2-5 ms a page) but loses the cell structure of tables; pdfplumber (pdfminer.six)
garbles Thai text (it ignores ActualText, pdfminer.six #1288) but its table finder finds
ruled grids well. So characters always come from pdfium, and pdfplumber is opened only for
pages that carry ruling lines, to find the cells; each character goes to the cell whose
box holds it.

Output is what a text export looks like (see extract/_segment.py): running text as lines,
each table row as one line of cells joined by TAB, blank lines between blocks. A table
that continues on the next page without repeating its header is joined to the part above
it; one that repeats its header is left with the header, as text exports print it, so that
`segment` drops the repeated rows and marks the row that continues a broken cell.

A text layer can be unusable: glyphs without a Unicode map come out as control
characters, U+FFFD or code points of no script a Thai form uses. `text_layer_problem`
measures that per page, and such pages go to OCR (extract/_ocr.py).
"""

from __future__ import annotations

import bisect
import html
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import normalize
from kr_extract.errors import CorruptPdfError, EmptyDocumentError, EncryptedPdfError

# A page with fewer non-space characters than this has no text layer worth reading.
MIN_TEXT_CHARS = 20
# Shares of a page's non-space characters above which its text layer is unusable. A few
# control characters are normal: fonts whose shaper splits SARA AM into two glyphs map the
# second glyph to a control code (~2% of Thai text); pages of unmapped glyphs are all
# controls.
MAX_BAD_SHARE = 0.08
MAX_FOREIGN_SHARE = 0.2
MAX_ORPHAN_MARK_SHARE = 0.03


@dataclass
class Char:
    text: str
    x0: float
    top: float  # distance from the top of the page, in points (pdfplumber's convention)
    x1: float
    bottom: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass
class TextRun:
    """One printed line: its characters in reading order."""

    chars: list[Char] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    def _inked(self) -> list[Char]:
        return [c for c in self.chars if c.text.strip() and c.x1 > c.x0] or self.chars

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self._inked())

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self._inked())

    @property
    def top(self) -> float:
        return statistics.median(c.top for c in self._inked())

    @property
    def bottom(self) -> float:
        return statistics.median(c.bottom for c in self._inked())


@dataclass
class PageText:
    """One page read from its text layer: the lines it gives, or why it needs OCR."""

    number: int
    lines: list[str]
    needs_ocr: str | None = None  # the reason, when the text layer is not usable
    first_table: tuple[int, list[float]] | None = None  # (line index, column x edges)
    last_table: tuple[int, list[float], str] | None = None  # (line index, edges, header)
    notes: list[tuple[str, str]] = field(default_factory=list)


# --- opening ---------------------------------------------------------------------------

def open_pdf(data: bytes, source_path: str):  # -> pypdfium2.PdfDocument
    """Open a PDF with pdfium; corrupt, encrypted and empty files raise `DocumentError`s."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        # pdfium's error code is process-wide state and can be stale: trust the bytes.
        if b"/Encrypt" in data:
            raise EncryptedPdfError(
                "the PDF is encrypted with a password; remove the password and run again",
                source_path=source_path) from exc
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Count\s+[1-9]", data):
            # pdfium refuses a well-formed PDF with no pages (with error "Success").
            raise EmptyDocumentError("the PDF has no pages", source_path=source_path) from exc
        raise CorruptPdfError(f"the PDF cannot be opened ({message}): the file is damaged "
                              "or not a PDF", source_path=source_path) from exc
    if len(document) == 0:
        document.close()
        raise EmptyDocumentError("the PDF has no pages", source_path=source_path)
    return document


# --- characters and lines from pdfium ------------------------------------------------------

def read_chars(page) -> list[Char | None]:
    """The page's characters in pdfium's reading order; None marks a line end."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    height = page.get_height()
    out: list[Char | None] = []
    try:
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
                continue  # pdfium's own spaces and line ends: lines are rebuilt from boxes
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
            char = chr(code) if 0 < code < 0x110000 else "\ufffd"
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            out.append(Char(char, left, height - top, right, height - bottom))
    finally:
        textpage.close()
    return out


def split_runs(chars: Sequence[Char | None], *, space_gap: float = 0.25) -> list[TextRun]:
    """Printed lines, rebuilt from where the characters sit, not from the stream order.

    Writers that position Thai marks with GPOS (HarfBuzz shaping) draw a tone mark after
    the next letter and jump back for it; pdfium then reports it late and inserts spaces
    and line ends of its own. So: letters are grouped into lines by their (loose, font
    wide) boxes, ordered left to right, each mark is put after the letter it sits on, and
    a space is put where letters stand apart. pdfium's generated spaces (no width) go.
    """
    # A glyph mapped to a control character (the second half of a split SARA AM) keeps
    # its place, so no gap opens where it was, but says nothing.
    items = [c if not _is_bad(c.text) else Char("", c.x0, c.top, c.x1, c.bottom)
             for c in chars if c is not None]
    letters = [c for c in items if c.text not in _THAI_MARKS and c.x1 - c.x0 > 0.05]
    marks = [c for c in items if c.text in _THAI_MARKS]
    rows: list[list[Char]] = []
    for char in sorted(letters, key=lambda c: (c.top + c.bottom) / 2):
        middle = (char.top + char.bottom) / 2
        if rows:
            last = rows[-1][0]
            if abs(middle - (last.top + last.bottom) / 2) < (last.bottom - last.top) * 0.4:
                rows[-1].append(char)
                continue
        rows.append([char])
    for row in rows:
        row.sort(key=lambda c: c.x0)
    middles = [(row[0].top + row[0].bottom) / 2 for row in rows]
    starts = [[c.x0 for c in row] for row in rows]
    attached: dict[int, list[Char]] = {}
    for mark in marks:
        x, y = mark.center
        if not rows:
            break
        r = min(range(len(rows)), key=lambda i: abs(middles[i] - y))
        i = max(0, bisect.bisect_right(starts[r], x) - 1)
        if rows[r][i].text == "\u0e33" and i:
            i -= 1  # a tone drawn over SARA AM belongs to the letter before it (น้ำ)
        attached.setdefault(id(rows[r][i]), []).append(mark)
    runs = []
    for row in rows:
        run = TextRun()
        for index, char in enumerate(row):
            if index and char.text != " " and row[index - 1].text not in " (“[":
                gap = char.x0 - row[index - 1].x1
                if gap > (char.bottom - char.top) * space_gap:
                    run.chars.append(Char(" ", row[index - 1].x1, char.top, char.x0,
                                          char.bottom))
            run.chars.append(char)
            run.chars.extend(attached.get(id(char), []))
        if run.text.strip():
            runs.append(run)
    return runs


def _first_word_width(run: TextRun) -> float:
    # Thai has no spaces between words: take at most four letters, a short Thai word.
    letters = [c for c in run.chars if c.text not in _THAI_MARKS]
    width = 0.0
    for char in letters[:4]:
        if not char.text.strip():
            break
        width = char.x1 - letters[0].x0
    return width


def join_runs(runs: Sequence[TextRun], right_edge: float, *, wrap_slack: float) -> list[str]:
    """Join printed lines that wrap into one another; returns the paragraphs.

    A line continues on the next when it runs to within `wrap_slack` of `right_edge` (or
    the next line's first word would not have fitted after it) and the next line follows
    without a paragraph gap. A line that ends with a space broke at that space; otherwise
    Thai letters join with no space (`normalize.join_broken_text`).
    """
    if not runs:
        return []
    pitches = [b.top - a.top for a, b in zip(runs, runs[1:], strict=False) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0.0
    paragraphs = [runs[0].text]
    for previous, run in zip(runs, runs[1:], strict=False):
        gap_below = run.top - previous.top
        room = right_edge - previous.x1
        # A paragraph ends where more space follows than between wrapped lines, or where
        # a line stops short by far more than a word (`wrap_slack`).
        wrapped = room <= wrap_slack and (pitch == 0 or gap_below <= pitch * 1.25)
        if not wrapped:
            paragraphs.append(run.text)
        elif previous.text.endswith((" ", "\u00a0")):
            paragraphs[-1] = paragraphs[-1].rstrip() + " " + run.text.strip()
        else:
            paragraphs[-1] = normalize.join_broken_text(paragraphs[-1], run.text)
    return [p.strip() for p in paragraphs]


# --- the unusable-layer test --------------------------------------------------------------

_THAI_MARKS = frozenset(chr(c) for c in [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)])
_ALLOWED_BLOCKS = (
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x0E00, 0x0E7F), (0x2000, 0x206F),
    (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF),
    (0x2500, 0x25FF), (0x2600, 0x26FF), (0x2700, 0x27BF), (0xF700, 0xF71A),
    (0xF884, 0xF89E), (0xFF00, 0xFFEF),
)


def _is_bad(char: str) -> bool:
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Cs")


def _is_foreign(char: str) -> bool:
    code = ord(char)
    return not any(lo <= code <= hi for lo, hi in _ALLOWED_BLOCKS)


def text_layer_problem(text: str) -> str | None:
    """Why a page's text layer cannot be trusted, or None when it reads as text.

    Measured signs, as shares of the non-space characters: U+FFFD, control and unassigned
    code points (glyphs without a Unicode map); code points of no script a Thai form uses
    (glyph ids read as Unicode); Thai marks with no letter under them (glyph order lost).
    PUA glyph variants are not a problem: `normalize.repair_unicode` maps them.
    """
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_TEXT_CHARS:
        return "the page has no text layer"
    bad = sum(1 for c in chars if _is_bad(c))
    if bad / len(chars) > MAX_BAD_SHARE:
        return (f"{bad} of {len(chars)} characters of the text layer are control characters "
                "or U+FFFD (fonts without a Unicode map)")
    foreign = sum(1 for c in chars if _is_foreign(c))
    if foreign / len(chars) > MAX_FOREIGN_SHARE:
        return (f"{foreign} of {len(chars)} characters of the text layer belong to no "
                "script a Thai form uses (a font's glyph numbers read as text)")
    orphans = sum(1 for before, c in zip(" " + text, text, strict=False)
                  if c in _THAI_MARKS and not ("\u0e01" <= before <= "\u0e2e"
                                               or before in _THAI_MARKS))
    thai = sum(1 for c in chars if "\u0e00" <= c <= "\u0e7f")
    if thai and orphans / thai > MAX_ORPHAN_MARK_SHARE:
        return (f"{orphans} Thai marks in the text layer have no letter under them "
                "(the glyph order is lost)")
    return None


def drop_stray_controls(text: str) -> tuple[str, int]:
    """Remove control characters a usable layer still holds (the second glyph of a split
    SARA AM is often mapped to one); returns the text and how many went."""
    kept = "".join(c for c in text if not _is_bad(c) or c == "\t")
    return kept, len(text) - len(kept)


# --- tables ----------------------------------------------------------------------------

@dataclass
class _Grid:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    rows: list[list[tuple[float, float, float, float] | None]]  # cell boxes, None = merged
    row_tops: list[float]

    @property
    def col_edges(self) -> list[float]:
        edges = sorted({round(cell[0]) for row in self.rows for cell in row if cell})
        return [float(e) for e in edges]


def find_grids(plumber_page) -> list[_Grid]:
    grids = []
    for table in plumber_page.find_tables():
        rows = [list(row.cells) for row in table.rows]
        if not rows:
            continue
        tops = [min(c[1] for c in row if c) for row in rows]
        grids.append(_Grid(tuple(table.bbox), rows, tops))
    return sorted(grids, key=lambda g: g.bbox[1])


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x, y = point
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def cell_text(paragraphs: list[str]) -> str:
    """A cell as a text export writes it: one paragraph as plain text, several as HTML
    `<p>` blocks (form parsers read blocks, e.g. the lines of a contact cell)."""
    paragraphs = [p.replace("\t", " ") for p in paragraphs]
    if len(paragraphs) <= 1:
        return "".join(paragraphs)
    return " ".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def table_lines(grid: _Grid, chars: Sequence[Char | None], *, space_gap: float = 0.25
                ) -> list[str]:
    """The grid's rows as tab-joined lines of cell texts (merged cells give '')."""
    buckets: dict[tuple[int, int], list[Char | None]] = {}
    for char in chars:
        if char is None:
            for bucket in buckets.values():
                if bucket and bucket[-1] is not None:
                    bucket.append(None)
            continue
        point = char.center
        if not _inside(point, grid.bbox):
            continue
        r = bisect.bisect_right(grid.row_tops, point[1]) - 1
        if r < 0:
            continue
        for c, box in enumerate(grid.rows[r]):
            if box is not None and _inside(point, box):
                buckets.setdefault((r, c), []).append(char)
                break
    lines = []
    for r, row in enumerate(grid.rows):
        cells = []
        for c, box in enumerate(row):
            if box is None:
                cells.append("")
                continue
            runs = split_runs(buckets.get((r, c), []), space_gap=space_gap)
            width = box[2] - box[0]
            paragraphs = [p for p in join_runs(runs, box[2], wrap_slack=width * 0.5) if p]
            cells.append(cell_text(paragraphs))
        if any(cell.strip() for cell in cells):
            lines.append("\t".join(cells))
    return lines


# --- pages -------------------------------------------------------------------------------

def page_has_rules(page) -> bool:
    """Whether the page draws paths (ruling lines, cell borders): only then is it worth
    asking pdfplumber for tables."""
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH],
                                              max_depth=1))


def page_has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE],
                                              max_depth=1))


def read_page(page, number: int, plumber_page_of) -> PageText:
    """Read one page's text layer. `plumber_page_of(number)` opens the page in pdfplumber
    (called only for pages with ruling lines)."""
    chars = read_chars(page)
    raw = "".join(c.text if c else "\n" for c in chars)
    problem = text_layer_problem(raw)
    if problem is not None:
        if problem == "the page has no text layer" and not page_has_images(page):
            return PageText(number, [])  # a blank page
        return PageText(number, [], needs_ocr=problem)
    notes = []
    stray = sum(1 for c in chars if c is not None and _is_bad(c.text))
    if stray:
        chars = [c for c in chars if c is None or not _is_bad(c.text)]
        notes.append(("stray_control_chars",
                      f"page {number}: {stray} control character(s) dropped from the text "
                      "layer (glyphs mapped to no character)"))
    grids = find_grids(plumber_page_of(number)) if page_has_rules(page) else []
    blocks: list[tuple[float, list[str], bool]] = []  # (top, lines, is_table)
    for grid in grids:
        rows = table_lines(grid, chars)
        if rows:
            blocks.append((grid.bbox[1], rows, True))
    loose = [c for c in chars
             if c is None or not any(_inside(c.center, g.bbox) for g in grids)]
    runs = split_runs(loose)
    # Office pages have even margins: a line that runs to the mirror of the left margin
    # is full, and wraps into the next.
    text_right = page.get_width() - min((r.x0 for r in runs), default=0.0)
    # Paragraphs: consecutive runs with no blank-line gap between them.
    group: list[TextRun] = []
    for run in runs + [None]:  # type: ignore[list-item]
        if group and (run is None or run.top - group[-1].bottom > (
                group[-1].bottom - group[-1].top) * 0.5
                or abs(run.x0 - group[0].x0) > 30):
            blocks.append((group[0].top,
                           join_runs(group, text_right, wrap_slack=15.0), False))
            group = []
        if run is not None:
            group.append(run)
    blocks.sort(key=lambda b: b[0])
    lines: list[str] = []
    first_table = last_table = None
    for index, (_top, block_lines, is_table) in enumerate(blocks):
        if lines:
            lines.append("")
        if is_table:
            grid = next(g for g in grids if g.bbox[1] == _top)
            if index == 0:
                first_table = (len(lines), grid.col_edges)
            if index == len(blocks) - 1:
                last_table = (len(lines), grid.col_edges, block_lines[0])
        lines.extend(block_lines)
    return PageText(number, lines, first_table=first_table, last_table=last_table,
                    notes=notes)


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


def join_pages(pages: Sequence[PageText]) -> tuple[list[str], list[int], dict[int, int]]:
    """The document's lines, the page of each, and the index of each page's first line.
    Pages are separated by a blank line,
    except where a table runs on to the next page without repeating its header: then its
    rows follow the part above directly, one table."""
    lines: list[str] = []
    page_of: list[int] = []
    starts: dict[int, int] = {}
    previous: PageText | None = None
    for page in pages:
        if not page.lines:
            previous = page
            continue
        continues = False
        if (previous is not None and previous.last_table and page.first_table
                and page.first_table[0] == 0
                and _same_columns(previous.last_table[1], page.first_table[1])):
            header = previous.last_table[2]
            continues = _squash(page.lines[0]) != _squash(header)
        if lines and not continues:
            lines.append("")
            page_of.append(page.number)
        starts[page.number] = len(lines)
        lines.extend(page.lines)
        page_of.extend([page.number] * len(page.lines))
        previous = page
    return lines, page_of, starts


def _squash(row: str) -> str:
    return "".join(row.split())
