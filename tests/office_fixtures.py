"""Build test PDFs from the text samples the way Thai offices make them: in LibreOffice.

`office_pdfs` turns `samples/*.txt` exports into ODT documents (odfpy) and converts them with
LibreOffice headless, untagged, as an office's "export as PDF" does. It is a second PDF
generator, independent of the fpdf2 one in `tests/pdf_fixtures.py`: it parses the exports
itself (stdlib `html.parser` for the HTML in cells) and imports nothing from the project, so
a bug in the project's own parser cannot hide in the fixture, and LibreOffice's line
breaking, table layout and font handling differ from the fpdf2 ones.

What the documents look like (the traits of real forms):

- A4 portrait, 2 cm margins, office font sizes (16/14 pt for Laksaman, the small-glyph
  TH Sarabun clone; 12/11 pt for Garuda and Noto Sans Thai).
- The first one or two lines are one centered bold title paragraph that wraps where it likes.
- Tab rows are ruled tables (0.5 pt borders) with narrow columns: a two-column label | detail
  table has a 4 cm label column; a three-column table nested in a cell (the agency targets
  of the KR detail forms) has a 2.5 cm name and a 2 cm target column, so names wrap.
- A table the export splits at a page break (its header row printed again) is one table;
  LibreOffice paginates it anew, with or without repeated header rows (`repeat_header`).
- Checkboxes are ☑/☐ and Gantt marks are set in DejaVu Sans where the Thai font has no glyph;
  Latin text is set in the Thai font, or its Latin sibling where it has none (Noto Sans).

How the export's rows become one table (`_Rows.add`): the first row after a repeated header
that starts empty (or runs past the last column) is the rest of the row above, cut by the
page break; rows that start empty and fill more cells than the table has columns less one
are a table nested in the last cell of the row above, and a one-cell row after them is its
note; tab copies of a table the cell also holds as HTML are left out. A bold row with text
in its first cell only is a section heading across the table, a two-row header gets its
merged cells, and a row the export shifted left is put back under its header.

`benchmarks/office_pdf_accuracy.py --out DIR` keeps the PDFs it makes, to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import LineBreak, P, Span

FONTS = ("Laksaman", "Garuda", "Noto Sans Thai")
SYMBOL_FONT = "DejaVu Sans"
CHECKED, UNCHECKED = "\u2611", "\u2610"

PAGE_W, PAGE_H, MARGIN = 21.0, 29.7, 2.0  # cm
TEXT_W = PAGE_W - 2 * MARGIN
CELL_PAD = 0.1  # cm, each side
LABEL_COL = 4.0  # cm: the label column of a label | detail table
AGENCY_COLS = (2.5, 2.0)  # cm: name and target columns of a nested agency table
MIN_COL = 1.0  # cm
CHAR_CM = 0.22  # cm a Thai letter takes at the table sizes below (about half an em)
SHORT_ENTRY = 12  # characters: an entry a typist keeps on one line
SIZES = {"Laksaman": (16, 14)}  # body, table pt: TH Sarabun clones have small glyphs
OTHER_SIZES = (12, 11)
SOFFICE_TIMEOUT = 300  # s, for the whole batch


# --- the document model -------------------------------------------------------------------


@dataclass
class Run:
    text: str
    style: frozenset[str] = frozenset()  # "b", "i", "u"; "br" for a line break


Para = list[Run]


@dataclass
class Cell:
    blocks: list[Para | Grid] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1
    covered: bool = False  # under a neighbour's span


@dataclass
class Grid:
    """A table: rows of cells, the first `n_header` rows its header."""

    rows: list[list[Cell]] = field(default_factory=list)
    n_header: int = 1

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=1)


Block = Para | Grid


def _is_thai_letter(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e4e"


def _key(text: str) -> str:
    """Text compared ignoring whitespace (header rows, duplicate rows)."""
    return re.sub(r"\s+", "", text)


def _para_text(para: Para) -> str:
    return "".join(" " if "br" in r.style else r.text for r in para)


def blocks_text(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Grid):
            parts += [blocks_text(c.blocks) for row in block.rows for c in row]
        else:
            parts.append(_para_text(block))
    return " ".join(p for p in parts if p)


# --- cell text: HTML, Markdown, entities --------------------------------------------------

_MD = re.compile(r"\*\*(?P<b>.+?)\*\*|(?<![*\w])\*(?P<i>[^*\s](?:[^*]*[^*\s])?)\*(?!\*)")
_STYLE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u"}


def _md_runs(text: str, style: frozenset[str]) -> list[Run]:
    """Markdown `**bold**` and `*italic*` as styled runs."""
    runs, at = [], 0
    for m in _MD.finditer(text):
        runs.append(Run(text[at:m.start()], style))
        inner, extra = (m["b"], "b") if m["b"] is not None else (m["i"], "i")
        runs.append(Run(inner, style | {extra}))
        at = m.end()
    runs.append(Run(text[at:], style))
    return [r for r in runs if r.text]


class _CellParser(HTMLParser):
    """The blocks of one cell or line: paragraphs (`<p>`, list items) and embedded tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[list[Block]] = [[]]  # the cell, then the <td> being filled
        self.grids: list[Grid] = []
        self.styles: list[str] = []
        self.lists: list[int | None] = []  # item counter of each open list; None: unnumbered
        self.para: Para | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("p", "div", "li"):
            self._start_para()
            if tag == "li" and self.lists and self.lists[-1] is not None:
                self.lists[-1] += 1
                self._add(f"{self.lists[-1]}. ")
        elif tag in ("ol", "ul"):
            self.para = None
            # A list styled "none" carries its own numbers in the text (`๑. ...`).
            numbered = tag == "ol" and "none" not in (a.get("style") or "")
            self.lists.append(0 if numbered else None)
        elif tag == "br":
            self._add("\n", "br")
        elif tag in _STYLE_TAGS:
            self.styles.append(_STYLE_TAGS[tag])
        elif tag == "input" and a.get("type") == "checkbox":
            self._add(CHECKED if "checked" in a else UNCHECKED)
        elif tag == "table":
            self._open_table()
        elif tag == "tr" and self.grids:
            self.grids[-1].rows.append([])
        elif tag in ("td", "th") and self.grids and self.grids[-1].rows:
            cell = Cell()
            self.grids[-1].rows[-1].append(cell)
            self.targets.append(cell.blocks)
            self.para = None
            if tag == "th":
                self.grids[-1].n_header = len(self.grids[-1].rows)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "li"):
            self.para = None
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag in _STYLE_TAGS and _STYLE_TAGS[tag] in self.styles:
            del self.styles[len(self.styles) - 1 - self.styles[::-1].index(_STYLE_TAGS[tag])]
        elif tag in ("td", "th") and len(self.targets) > 1:
            self.targets.pop()
            self.para = None
        elif tag == "table" and self.grids:
            self.grids.pop()
            self.para = None

    def handle_data(self, data: str) -> None:
        if self.para is None and not data.strip():
            return  # whitespace between block tags
        self._add(data)

    def _open_table(self) -> None:
        grid = Grid(n_header=0)
        self.targets[-1].append(grid)
        self.grids.append(grid)
        self.para = None

    def _start_para(self) -> None:
        self.para = []
        self.targets[-1].append(self.para)

    def _add(self, text: str, mark: str | None = None) -> None:
        if self.para is None:
            self._start_para()
        style = frozenset(self.styles)
        if mark:
            self.para.append(Run(text, style | {mark}))
        else:
            self.para.extend(_md_runs(text, style))


def _tidy(para: Para) -> Para:
    """Whitespace collapsed as a browser shows it; ends trimmed; equal runs merged."""
    out: Para = []
    for run in para:
        if "br" in run.style and not out:
            continue  # a line break that would start the paragraph
        text = run.text if "br" in run.style else re.sub(r"\s+", " ", run.text)
        after_space = not out or "br" in out[-1].style or out[-1].text.endswith(" ")
        if after_space and "br" not in run.style:
            text = text.lstrip(" ")
        if not text:
            continue
        if out and out[-1].style == run.style and "br" not in run.style:
            out[-1] = Run(out[-1].text + text, run.style)
        else:
            out.append(Run(text, run.style))
    while out and ("br" in out[-1].style or not out[-1].text.strip()):
        out.pop()
    if out:
        out[-1] = Run(out[-1].text.rstrip(" "), out[-1].style)
    return out


def _tidy_blocks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Grid):
            for row in block.rows:
                for cell in row:
                    cell.blocks = _tidy_blocks(cell.blocks)
            block.n_header = block.n_header or (1 if block.rows else 0)
            out.append(block)
        elif para := _tidy(block):
            out.append(para)
    return out


def parse_cell(raw: str) -> list[Block]:
    """The printed content of a cell (or a plain line) of the export."""
    parser = _CellParser()
    parser.feed(raw)
    parser.close()
    return _tidy_blocks(parser.targets[0])


def _cell_key(raw: str) -> str:
    return _key(blocks_text(parse_cell(raw)))


# --- reading the export -------------------------------------------------------------------


@dataclass
class RawTable:
    """Consecutive tab rows; `parts` are the pieces the export split at page breaks."""

    parts: list[list[list[str]]]

    @property
    def header(self) -> list[list[str]]:
        return self.parts[0][:_header_count(self.parts[0])]


def _trim(cells: list[str]) -> list[str]:
    """Cells without the export's trailing empty ones."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _row_key(cells: list[str]) -> str:
    return "".join(_cell_key(c) for c in cells)


def _two_level_header(rows: list[list[str]]) -> bool:
    """A header of two rows: the second fills the gaps under the first's spanning cells
    (`ชุมชนขนาดเล็ก` over `จำนวนชุมชน | จำนวนหลังคาเรือน`, a year over its months)."""
    if len(rows) < 2:
        return False
    top, sub = _trim(rows[0]), _trim(rows[1])
    if not top or not sub or not top[0].strip() or sub[0].strip():
        return False
    width = max(len(top), len(sub))
    gaps = [j for j in range(1, width) if j >= len(top) or not top[j].strip()]
    return bool(gaps) and all(j < len(sub) and sub[j].strip() for j in gaps)


def _header_count(rows: list[list[str]]) -> int:
    return 2 if _two_level_header(rows) else 1


def _repeats_header(table: RawTable, rows: list[list[str]]) -> bool:
    header = table.header
    return len(rows) >= len(header) and all(
        _row_key(a) == _row_key(b) for a, b in zip(header, rows, strict=False))


def read_export(text: str) -> tuple[Para | None, list[Para | RawTable]]:
    """The title and the body of an export: paragraphs and tables (parts joined)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title, start = _title(lines)
    body: list[Para | RawTable] = []
    rows: list[list[str]] = []
    after_table = False  # only blank lines since the last table

    def close_rows() -> None:
        nonlocal rows, after_table
        if not rows:
            return
        last = body[-1] if body else None
        if after_table and isinstance(last, RawTable) and _repeats_header(last, rows):
            last.parts.append(rows)
        else:
            body.append(RawTable([rows]))
        rows, after_table = [], True

    for line in lines[start:]:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        close_rows()
        if line.strip():
            after_table = False
            body.extend(b for b in parse_cell(line) if not isinstance(b, Grid))
    close_rows()
    return title, body


def _title(lines: list[str]) -> tuple[Para | None, int]:
    """The first one or two lines (the exports split a title in two) as one paragraph."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    taken: list[str] = []
    for line in lines[start:start + 2]:
        if not line.strip() or "\t" in line:
            break
        taken.append(line.strip())
    if not taken:
        return None, start
    blocks = parse_cell(" ".join(taken))
    return (blocks[0] if blocks and not isinstance(blocks[0], Grid) else None), start + len(taken)


# --- building a table from the export's rows ----------------------------------------------


def _starts_block(raw: str) -> bool:
    return raw.lstrip().lower().startswith(("<p", "<ol", "<ul", "<div", "<table"))


def _append_text(cell: Cell, raw: str) -> None:
    """Add a continuation to a cell: running text joins its last paragraph (no space where
    Thai meets Thai: the page break fell inside a word or phrase), blocks follow it."""
    blocks = parse_cell(raw)
    last = cell.blocks[-1] if cell.blocks else None
    joins = blocks and isinstance(blocks[0], list) and not _starts_block(raw)
    if joins and isinstance(last, list) and last:
        first = blocks.pop(0)
        thai = _is_thai_letter(last[-1].text[-1:]) and _is_thai_letter(first[0].text[:1])
        cell.blocks[-1] = _tidy([*last, Run("" if thai else " "), *first])
    cell.blocks.extend(blocks)


def _nested(cell: Cell) -> Grid | None:
    return next((b for b in reversed(cell.blocks) if isinstance(b, Grid)), None)


def _grid_keys(grid: Grid) -> set[str]:
    return {_key(blocks_text(c.blocks)) for row in grid.rows for c in row} - {""}


def _cut_cell(grid: Grid) -> Cell:
    """The nested cell a page break cut: the last row's last filled cell."""
    for row in reversed(grid.rows[grid.n_header:]):
        if row and row[-1].blocks:
            return row[-1]
    return grid.rows[-1][-1]


class _Rows:
    """Lays the export's data rows out as table rows (see `add` for the rules)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[list[Cell]] = []
        self.after_sub_row = False

    def add(self, raw: list[str], continued: bool) -> None:
        """One data row. `continued`: the first row after a repeated header."""
        cells = _trim(raw)
        if not cells:
            return
        filled = sum(1 for c in cells if c.strip())
        first_empty = not cells[0].strip()
        sub_row, self.after_sub_row = self.after_sub_row, False
        if not self.rows:
            self.rows.append(self._row(cells))
        elif continued and (first_empty or len(cells) > self.width):
            self._continue(cells)  # the rest of a row that the page break cut
        elif first_empty and filled > self.width - 1:
            self._sub_row(cells[1:])  # a table nested in the last cell, printed as rows
            self.after_sub_row = True
        elif first_empty and filled == 1 and sub_row:
            _append_text(self.rows[-1][-1], next(c for c in cells if c.strip()))  # its note
        elif not self._is_copy(cells):
            self.rows.append(self._row(cells))

    def _row(self, cells: list[str]) -> list[Cell]:
        row = [Cell(parse_cell(c)) for c in cells[:self.width]]
        row += [Cell() for _ in range(self.width - len(row))]
        extra = [c for c in cells[self.width:] if c.strip()]
        grid = _nested(row[-1])
        if extra and not (grid and {_cell_key(c) for c in extra} <= _grid_keys(grid)):
            for raw in extra:  # text the export put past the last column
                row[-1].blocks.extend(parse_cell(raw))
        return row

    def _is_copy(self, cells: list[str]) -> bool:
        """A tab copy of the table embedded (as HTML) in the previous row's last cell."""
        grid = _nested(self.rows[-1][-1])
        keys = {_cell_key(c) for c in cells} - {""}
        return bool(grid and keys and keys <= _grid_keys(grid))

    def _continue(self, cells: list[str]) -> None:
        previous = self.rows[-1]
        for i, raw in enumerate(cells):
            if not raw.strip():
                continue
            target = previous[min(i, self.width - 1)]
            grid = _nested(target) if i >= self.width - 1 else None
            _append_text(_cut_cell(grid) if grid else target, raw)

    def _sub_row(self, cells: list[str]) -> None:
        holder = self.rows[-1][-1]
        grid = _nested(holder)
        if grid is None or holder.blocks[-1] is not grid:
            grid = Grid()
            holder.blocks.append(grid)
        cells = _trim(cells)
        if _row_key(cells) in _grid_row_keys(grid):
            return  # its header printed again after the page break, or a copy
        row = [Cell(parse_cell(c)) for c in cells]
        grid.rows.append(row + [Cell() for _ in range(grid.width - len(row))])


def _grid_row_keys(grid: Grid) -> set[str]:
    return {"".join(_key(blocks_text(c.blocks)) for c in row) for row in grid.rows}


def _header_rows(header: list[list[str]], width: int) -> list[list[Cell]]:
    rows = [[Cell(parse_cell(c)) for c in _trim(r)] for r in header]
    rows = [r + [Cell() for _ in range(width - len(r))] for r in rows]
    if len(rows) == 2:
        _span_header(rows)
    return rows


def _span_header(rows: list[list[Cell]]) -> None:
    """Merge a two-row header's cells as the form draws them: a top cell spans the gaps
    to its right that the row below fills, and spans both rows where nothing is below."""
    top, sub = rows
    j = 0
    while j < len(top):
        k = j + 1
        if top[j].blocks:
            while k < len(top) and not top[k].blocks and sub[k].blocks:
                top[k].covered = True
                k += 1
            top[j].colspan = k - j
            if k - j == 1 and not sub[j].blocks:
                top[j].rowspan = 2
                sub[j].covered = True
        j = k


def _realign_short_rows(rows: list[list[Cell]]) -> None:
    """A row the export shifted left (its group cell dropped, the last column empty) goes
    back under its header, where the printed form has it."""
    if len(rows) < 5 or len(rows[0]) < 4:
        return
    last_filled = sum(1 for r in rows if r[-1].blocks)
    group_empty = sum(1 for r in rows if not r[1].blocks)
    if last_filled < 0.9 * len(rows) or group_empty < len(rows) / 2:
        return
    for row in rows:
        if not row[-1].blocks and row[1].blocks and all(c.blocks for c in row[2:-1]):
            row.insert(1, row.pop())


def _is_bold(blocks: list[Block]) -> bool:
    runs = [r for b in blocks if isinstance(b, list) for r in b if r.text.strip()]
    return bool(runs) and all("b" in r.style for r in runs)


def _span_heading_rows(rows: list[list[Cell]]) -> None:
    """A row with bold text in its first cell only is a section heading (`องค์ประกอบที่ ๑
    ...`): the form merges its cells across the table."""
    for row in rows:
        if len(row) >= 3 and _is_bold(row[0].blocks) and not any(c.blocks for c in row[1:]):
            row[0].colspan = len(row)
            for cell in row[1:]:
                cell.covered = True


def build_grid(table: RawTable) -> Grid:
    header = table.header
    width = max(len(_trim(r)) for r in header) or 1
    rows = _Rows(width)
    for n, part in enumerate(table.parts):
        for i, raw in enumerate(part[len(header):]):
            rows.add(raw, continued=n > 0 and i == 0)
    _realign_short_rows(rows.rows)
    _span_heading_rows(rows.rows)
    return Grid(_header_rows(header, width) + rows.rows, n_header=len(header))


# --- column widths ------------------------------------------------------------------------


def _spacing_len(text: str) -> float:
    """Printed width in letters: Thai vowel and tone marks take no room, stops and commas
    little (`ต.ค.` is about three letters wide)."""
    return sum(0.0 if unicodedata.category(ch) == "Mn" else 0.5 if ch in ".,:;'| " else 1.0
               for ch in text)


def _entries(grid: Grid, j: int, header: bool) -> list[str]:
    rows = grid.rows[:grid.n_header] if header else grid.rows[grid.n_header:]
    return [blocks_text(row[j].blocks) for row in rows
            if j < len(row) and row[j].colspan == 1 and not row[j].covered]


def _column_floor(grid: Grid, j: int) -> float:
    """The least width a typist gives a column: a header word, or the usual entry when the
    entries are short (numbers, `ร้อยละ ๑๐๐`), on one line."""
    words = [_spacing_len(w) for text in _entries(grid, j, True) for w in text.split()]
    data = sorted(_spacing_len(text) for text in _entries(grid, j, False))
    usual = data[int(0.8 * (len(data) - 1))] if data else 0
    chars = max(min(max(words, default=0), 8), usual if usual <= SHORT_ENTRY else 0)
    return max(MIN_COL, chars * CHAR_CM + 2 * CELL_PAD)


def _column_weight(grid: Grid, j: int) -> float:
    """A column of running text asks for more of the spare width the more text it holds."""
    data = [_spacing_len(text) for text in _entries(grid, j, False)]
    longest = max(data, default=0)
    return 0.0 if longest <= SHORT_ENTRY else min(longest, 30) / 2 + sum(data) ** 0.5


def column_widths(grid: Grid, total: float, nested: bool) -> list[float]:
    """Widths in cm. Label | detail tables and nested agency tables have the narrow fixed
    columns of the real forms; other tables give each column its floor and share the rest
    among the columns of running text."""
    n = grid.width
    if n == 2 and total > 2 * LABEL_COL:
        return [LABEL_COL, total - LABEL_COL]
    if nested and n == 3 and total > 2 * sum(AGENCY_COLS):
        return [*AGENCY_COLS, total - sum(AGENCY_COLS)]
    floors = [_column_floor(grid, j) for j in range(n)]
    weights = [_column_weight(grid, j) for j in range(n)]
    spare = total - sum(floors)
    if spare <= 0 or not any(weights):
        return [f * total / sum(floors) for f in floors]
    return [f + spare * w / sum(weights) for f, w in zip(floors, weights, strict=True)]


# --- writing the ODT ----------------------------------------------------------------------


@cache
def _font_has(font: str, char: str) -> bool:
    """Whether fontconfig says `font` has a glyph for `char`."""
    if not shutil.which("fc-list"):
        return True
    found = subprocess.run(["fc-list", f"{font}:charset={ord(char):x}", "family"],
                           capture_output=True, text=True, check=False).stdout
    return bool(found.strip())


def _needs_symbol_font(font: str, char: str) -> bool:
    if char in (CHECKED, UNCHECKED):
        return True  # office fonts draw these from a symbol font
    if char.isascii() or "\u0e00" <= char <= "\u0e7f":
        return False
    return not _font_has(font, char) and _font_has(SYMBOL_FONT, char)


def font_pieces(font: str, text: str) -> list[tuple[str, bool]]:
    """`text` cut where it changes between `font` and the symbol font: (piece, symbol)."""
    pieces: list[tuple[str, bool]] = []
    for char in text:
        symbol = _needs_symbol_font(font, char)
        if pieces and pieces[-1][1] == symbol:
            pieces[-1] = (pieces[-1][0] + char, symbol)
        else:
            pieces.append((char, symbol))
    return pieces


def latin_font(font: str) -> str:
    """The font for Latin text: the Thai font itself, or, when it has no Latin letters
    (Noto Sans Thai), its Latin sibling, as Word's "Latin text" font setting does."""
    if _font_has(font, "A"):
        return font
    sibling = font.replace(" Thai", "")
    return sibling if sibling != font and _font_has(sibling, "A") else SYMBOL_FONT


def _text_props(font: str, pt: float | None = None, **extra: str) -> TextProperties:
    """Western, Asian and complex-script (CTL: Thai) font settings."""
    props: dict[str, str] = {"fontname": latin_font(font), "fontnameasian": font,
                             "fontnamecomplex": font}
    if pt:
        props |= {"fontsize": f"{pt}pt", "fontsizeasian": f"{pt}pt",
                  "fontsizecomplex": f"{pt}pt"}
    return TextProperties(**props, **extra)


class _Writer:
    """One ODT document: its styles, and the elements of paragraphs and tables."""

    def __init__(self, font: str, repeat_header: bool,
                 sizes: tuple[int, int] | None = None) -> None:
        self.font = font
        self.repeat_header = repeat_header
        self.body_pt, self.table_pt = sizes or SIZES.get(font, OTHER_SIZES)
        self.doc = OpenDocumentText()
        self.count = 0
        self.span_styles: dict[frozenset[str], Style] = {}
        for name in dict.fromkeys((font, latin_font(font), SYMBOL_FONT)):
            self.doc.fontfacedecls.addElement(
                FontFace(name=name, fontfamily=f"'{name}'", fontpitch="variable"))
        self._page()
        self._paragraph_styles()
        self.cell_style = self._auto(Style(name="Cell", family="table-cell"), TableCellProperties(
            border="0.5pt solid #000000", padding=f"{CELL_PAD}cm", verticalalign="top"))

    def _page(self) -> None:
        layout = PageLayout(name="A4")
        layout.addElement(PageLayoutProperties(
            pagewidth=f"{PAGE_W}cm", pageheight=f"{PAGE_H}cm", printorientation="portrait",
            margintop=f"{MARGIN}cm", marginbottom=f"{MARGIN}cm", marginleft=f"{MARGIN}cm",
            marginright=f"{MARGIN}cm"))
        self.doc.automaticstyles.addElement(layout)
        self.doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))

    def _paragraph_styles(self) -> None:
        thai = {"language": "th", "country": "TH", "languagecomplex": "th",
                "countrycomplex": "TH"}  # Thai line breaking (dictionary word boundaries)
        bold = {"fontweight": "bold", "fontweightasian": "bold", "fontweightcomplex": "bold"}
        specs = {
            "Body": (self.body_pt, {}, {"marginbottom": "0.12cm"}),
            "Title": (self.body_pt, bold, {"textalign": "center", "marginbottom": "0.3cm"}),
            "CellText": (self.table_pt, {}, {}),
            "CellHead": (self.table_pt, bold, {"textalign": "center"}),
        }
        self.para_styles = {}
        for name, (pt, weight, para) in specs.items():
            style = Style(name=name, family="paragraph")
            style.addElement(_text_props(self.font, pt, **thai, **weight))
            style.addElement(ParagraphProperties(**{"margintop": "0cm", "marginbottom": "0cm"}
                                                 | para))
            self.doc.styles.addElement(style)
            self.para_styles[name] = style

    def _auto(self, style: Style, *props) -> Style:
        for prop in props:
            style.addElement(prop)
        self.doc.automaticstyles.addElement(style)
        return style

    def _name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def _span_style(self, marks: frozenset[str]) -> Style:
        if marks not in self.span_styles:
            extra: dict[str, str] = {}
            if "b" in marks:
                extra |= {"fontweight": "bold", "fontweightasian": "bold",
                          "fontweightcomplex": "bold"}
            if "i" in marks:
                extra |= {"fontstyle": "italic", "fontstyleasian": "italic",
                          "fontstylecomplex": "italic"}
            if "u" in marks:
                extra |= {"textunderlinestyle": "solid", "textunderlinewidth": "auto",
                          "textunderlinecolor": "font-color"}
            props = (_text_props(SYMBOL_FONT, **extra) if "sym" in marks
                     else TextProperties(**extra))
            self.span_styles[marks] = self._auto(Style(name=self._name("S"), family="text"),
                                                 props)
        return self.span_styles[marks]

    def paragraph(self, para: Para, style: str) -> P:
        p = P(stylename=self.para_styles[style])
        for run in para:
            if "br" in run.style:
                p.addElement(LineBreak())
                continue
            for text, symbol in self._font_pieces(run.text):
                marks = run.style | ({"sym"} if symbol else set())
                if marks:
                    p.addElement(Span(stylename=self._span_style(marks), text=text))
                else:
                    p.addText(text)
        return p

    def _font_pieces(self, text: str) -> list[tuple[str, bool]]:
        return font_pieces(self.font, text)

    def table(self, grid: Grid, total: float, nested: bool = False) -> Table:
        widths = column_widths(grid, total, nested)
        table = Table(name=self._name("Table"), stylename=self._auto(
            Style(name=self._name("T"), family="table"),
            TableProperties(width=f"{sum(widths):.3f}cm", align="left",
                            margintop="0.15cm" if not nested else "0cm",
                            marginbottom="0.25cm" if not nested else "0.1cm")))
        for width in widths:
            table.addElement(TableColumn(stylename=self._auto(
                Style(name=self._name("C"), family="table-column"),
                TableColumnProperties(columnwidth=f"{width:.3f}cm"))))
        header = TableHeaderRows() if self.repeat_header else table
        if header is not table:
            table.addElement(header)
        for i, row in enumerate(grid.rows):
            parent = header if i < grid.n_header else table
            parent.addElement(self._row(row, widths, head=i < grid.n_header))
        return table

    def _row(self, row: list[Cell], widths: list[float], head: bool) -> TableRow:
        element = TableRow()
        for j, cell in enumerate(row):
            if cell.covered:
                element.addElement(CoveredTableCell())
                continue
            spans = {}
            if cell.colspan > 1:
                spans["numbercolumnsspanned"] = str(cell.colspan)
            if cell.rowspan > 1:
                spans["numberrowsspanned"] = str(cell.rowspan)
            td = TableCell(stylename=self.cell_style, valuetype="string", **spans)
            inner = sum(widths[j:j + cell.colspan]) - 2 * CELL_PAD - 0.02
            self.blocks(td, cell.blocks, "CellHead" if head else "CellText", inner)
            element.addElement(td)
        return element

    def blocks(self, parent, blocks: list[Block], style: str, width: float) -> None:
        for block in blocks:
            if isinstance(block, Grid):
                parent.addElement(self.table(block, width, nested=True))
            else:
                parent.addElement(self.paragraph(block, style))
        if not blocks or isinstance(blocks[-1], Grid):
            parent.addElement(P(stylename=self.para_styles[style]))  # a cell ends in text


def default_repeat_header(sample: Path) -> bool:
    """Real forms both repeat a table's header rows on each page and do not. The samples
    take turns by their index (the number the name starts with): the first three of every
    five repeat them (000, 001, 002), the other two do not (003, 004)."""
    m = re.match(r"\d+", sample.name)
    return int(m[0]) % 5 < 3 if m else True


def build_odt(sample: Path, out: Path, font: str, *, repeat_header: bool | None = None,
              sizes: tuple[int, int] | None = None) -> Path:
    """Write the ODT document of one text export (`sizes`: body and table points, other
    than the font's usual ones)."""
    if repeat_header is None:
        repeat_header = default_repeat_header(sample)
    title, body = read_export(Path(sample).read_text(encoding="utf-8-sig"))
    writer = _Writer(font, repeat_header, sizes)
    if title:
        writer.doc.text.addElement(writer.paragraph(title, "Title"))
    for item in body:
        if isinstance(item, RawTable):
            writer.doc.text.addElement(writer.table(build_grid(item), TEXT_W))
        else:
            writer.doc.text.addElement(writer.paragraph(item, "Body"))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer.doc.save(str(out))
    return out


# --- converting ---------------------------------------------------------------------------


def office_available() -> bool:
    """LibreOffice on PATH and the three fonts known to fontconfig."""
    if not (shutil.which("soffice") and shutil.which("fc-list")):
        return False
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                              check=False).stdout
    known = {name.strip() for line in families.splitlines() for name in line.split(",")}
    return all(font in known for font in FONTS)


# LibreOffice's PDF export with structure tags, as Word's "Save as PDF" writes by default.
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def convert_to_pdf(documents: list[Path], out_dir: Path, tagged: bool = False) -> str:
    """Convert office documents (ODT, DOCX) to PDF in one LibreOffice run (its start-up
    costs seconds), untagged or `tagged`; its stderr."""
    profile = (out_dir / ".lo-profile").as_uri()  # private: parallel and root runs
    cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
           "--convert-to", TAGGED_PDF if tagged else "pdf", "--outdir", str(out_dir),
           *map(str, documents)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own group: a hang is killed whole
    try:
        _, err = proc.communicate(timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        err = f"soffice timed out after {SOFFICE_TIMEOUT} s\n{err}"
    return err


def office_pdfs(samples: list[Path], font: str, out_dir: Path, *,
                repeat_header: bool | None = None,
                sizes: tuple[int, int] | None = None, tagged: bool = False
                ) -> dict[str, Path]:
    """PDFs of the samples set in `font`, by LibreOffice: {sample file name: PDF path};
    untagged, as LibreOffice exports by default, or `tagged`."""
    return samples_to_pdfs(
        samples, out_dir, tagged,
        lambda sample, folder: build_odt(sample, folder / "odt" / f"{sample.stem}.odt", font,
                                         repeat_header=repeat_header, sizes=sizes))


def samples_to_pdfs(samples: list[Path], out_dir: Path, tagged: bool,
                    build: Callable[[Path, Path], Path]) -> dict[str, Path]:
    """Build each sample's office document (`build(sample, out_dir)`), convert them all
    in one LibreOffice run: {sample file name: PDF path}."""
    out_dir = Path(out_dir).resolve()
    stems = [Path(s).stem for s in samples]
    if len(set(stems)) != len(stems):
        raise ValueError("two samples have the same name")
    documents = [build(Path(s), out_dir) for s in samples]
    pdfs = {Path(s).name: out_dir / f"{Path(s).stem}.pdf" for s in samples}
    for pdf in pdfs.values():
        pdf.unlink(missing_ok=True)  # a stale PDF must not pass for a new one
    err = convert_to_pdf(documents, out_dir, tagged)
    missing = [name for name, pdf in pdfs.items() if not pdf.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no PDF of {', '.join(missing)}:\n{err}")
    return pdfs

