"""Segmentation: from normalized lines to structure.

A text export mixes plain lines, tab-separated table rows and HTML fragments inside
cells. This module turns a `Document` into a sequence of segments:

- `TextLine`: a non-empty line outside any table.
- `Table`: consecutive tab-separated rows. A table that continues on the next page
  repeats its header there (after blank lines): the two parts are joined into one table,
  the repeated header rows are dropped and the first row after the break is marked
  `continued`, so a parser can append it to the cell it continues.

Inside a cell, `parse_cell` reads the HTML (`<p>`, `<ol>/<ul>/<li>`, `<br>`, `<b>`, `<u>`,
embedded `<table>`s, `<input type="checkbox">`) and Markdown emphasis into text blocks,
embedded tables and checkbox marks (☑ checked, ☐ unchecked, the characters a text export
may also carry itself). When a row holds an embedded table and then the same table again
as tab cells or rows (exports do both), the copy is dropped: one table, one set of rows.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from rapidfuzz import fuzz

from normalize import collapse_spaces, join_broken_text

from ._document import Document, Line

CHECKED = "☑"
UNCHECKED = "☐"
_BOX_CHARS = CHECKED + UNCHECKED + "☒"

_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ol", "ul", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "blockquote", "hr",
})
_BOLD_MD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC_MD = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?!\*)")
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_SPACES = re.compile(r"\s+")


def strip_markdown(text: str) -> str:
    return _ITALIC_MD.sub(r"\1", _BOLD_MD.sub(r"\1", text))


def clean_text(text: str) -> str:
    """Markup removed, checkbox marks kept, whitespace collapsed."""
    return parse_cell(text).text


@dataclass
class Cell:
    blocks: list[str] = field(default_factory=list)  # text outside embedded tables
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cell texts

    @property
    def text(self) -> str:
        return " ".join(b for b in self.blocks if b)


class _CellParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cell = Cell()
        self._buf: list[str] = []
        self._table_depth = 0
        self._rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell_buf: list[str] | None = None

    def _flush(self) -> None:
        text = collapse_spaces(strip_markdown("".join(self._buf)))
        if text:
            self.cell.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input" and dict(attrs).get("type", "").lower() == "checkbox":
            mark = CHECKED if any(k == "checked" for k, _ in attrs) else UNCHECKED
            self._text(f" {mark} ")
            return
        if tag == "table":
            if self._table_depth == 0:
                self._flush()
                self._rows = []
            self._table_depth += 1
        elif self._table_depth and tag == "tr":
            self._row = []
        elif self._table_depth and tag in ("td", "th"):
            self._cell_buf = []
        elif tag in _BLOCK_TAGS and not self._table_depth:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table_depth:
            self._table_depth -= 1
            if self._table_depth == 0:
                self.cell.tables.append([r for r in self._rows if any(r)])
        elif self._table_depth and tag in ("td", "th") and self._cell_buf is not None:
            if self._row is not None:
                self._row.append(collapse_spaces(strip_markdown("".join(self._cell_buf))))
            self._cell_buf = None
        elif self._table_depth and tag == "tr" and self._row is not None:
            self._rows.append(self._row)
            self._row = None
        elif tag in _BLOCK_TAGS and not self._table_depth:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "input":
            self.handle_endtag(tag)

    def _text(self, data: str) -> None:
        if self._table_depth:
            if self._cell_buf is not None:
                self._cell_buf.append(data)
        else:
            self._buf.append(data)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def close(self) -> None:
        super().close()
        self._flush()


@functools.lru_cache(maxsize=4096)
def parse_cell(raw: str) -> Cell:
    if "<" not in raw or not _LOOKS_LIKE_HTML.search(raw):
        text = collapse_spaces(strip_markdown(html.unescape(raw) if "&" in raw else raw))
        return Cell([text] if text else [])
    parser = _CellParser()
    parser.feed(raw)
    parser.close()
    return parser.cell


@dataclass(frozen=True)
class Checkbox:
    checked: bool
    text: str  # the words after the mark, up to the next mark or the end of the block


def checkboxes_in(cell: Cell, *, printed_lines: bool = False
                  ) -> tuple[list[Checkbox], list[str]]:
    """Checkbox marks of a cell with their option texts, and the blocks with no mark.
    With `printed_lines` (a scan: each block is a printed line), the text that starts a
    line right after a line with options is the rest of the last option's text."""
    boxes: list[Checkbox] = []
    rest: list[str] = []
    for index, block in enumerate(cell.blocks):
        parts = re.split(f"([{_BOX_CHARS}])", block)
        lead = parts[0].strip()
        after_option = index > 0 and bool(boxes) and bool(
            re.search(f"[{_BOX_CHARS}]", cell.blocks[index - 1]))
        if lead and printed_lines and after_option:
            boxes[-1] = Checkbox(boxes[-1].checked, join_broken_text(boxes[-1].text, lead))
        elif lead:
            rest.append(lead)
        for mark, text in zip(parts[1::2], parts[2::2], strict=True):
            boxes.append(Checkbox(mark != UNCHECKED, text.strip()))
    return boxes, rest


@dataclass
class Row:
    line: Line
    cells: list[str]  # raw cell strings, trailing empty cells removed
    continued: bool = False  # first row after a page break that repeated the header

    def cell(self, index: int) -> Cell:
        return parse_cell(self.cells[index]) if index < len(self.cells) else Cell()

    def texts(self) -> list[str]:
        return [parse_cell(c).text for c in self.cells]


@dataclass
class Table:
    rows: list[Row]
    n_header_rows_repeated: int = 0

    @property
    def header(self) -> Row:
        return self.rows[0]


@dataclass(frozen=True)
class TextLine:
    line: Line


Segment = TextLine | Table


# Least similarity (rapidfuzz ratio, 0-100) of two cells of one header printed twice.
_SAME_HEADER_CELL = 75
_SAME_HEADER_PART = 90


def _row_key(cells: list[str]) -> tuple[str, ...]:
    # Spaces inside a header are layout ("น้ำหนักคะแนน" / "น้ำหนัก คะแนน" on the next page).
    return tuple(t for t in (_SPACES.sub("", parse_cell(c).text) for c in cells) if t)


def _same_header(a: list[str], b: list[str]) -> bool:
    """Whether two header rows are the same header printed twice. A header read again by
    OCR on the next page differs by a letter or two, so cells may differ a little, and
    in a header of four cells or more, one in four may differ more."""
    key_a, key_b = _row_key(a), _row_key(b)
    if key_a == key_b:
        return True
    if len(key_a) != len(key_b) or not key_a:
        return False
    # In a wide header one cell may be garbled beyond matching (น้ำหนัก read as `wavin`).
    differing = sum(not _same_cell(x, y) for x, y in zip(key_a, key_b, strict=True))
    return differing <= len(key_a) // 4


def _same_cell(a: str, b: str) -> bool:
    if fuzz.ratio(a, b) >= _SAME_HEADER_CELL:
        return True
    # OCR can lose a part of a cell (a Latin gloss in a narrow column): the rest must match.
    return min(len(a), len(b)) >= 6 and fuzz.partial_ratio(a, b) >= _SAME_HEADER_PART


def _split_row(line: Line) -> Row:
    cells = line.text.split("\t")
    while cells and not cells[-1].strip():
        cells.pop()
    return Row(line, cells)


def segment(doc: Document) -> list[Segment]:
    segments: list[Segment] = []
    open_table: Table | None = None  # the table a repeated header would continue
    # Its header as printed at the top and on each later page: OCR reads each copy with
    # other slips, so a new copy is compared with all of them.
    printed_headers: list[list[Row]] = []
    chunk: list[Row] = []

    def repeated_rows(header: list[Row]) -> int:
        skip = 0
        while (skip < len(chunk) and skip < len(header)
               and _same_header(chunk[skip].cells, header[skip].cells)):
            skip += 1
        return skip

    def close_chunk() -> None:
        nonlocal open_table, chunk, printed_headers
        if not chunk:
            return
        skip = max((repeated_rows(h) for h in printed_headers), default=0)
        if open_table is not None and skip:
            printed_headers.append(chunk[:skip])
            rest = chunk[skip:]
            if rest:
                rest[0].continued = True
            open_table.rows.extend(rest)
            open_table.n_header_rows_repeated += skip
        else:
            open_table = Table(list(chunk))
            printed_headers = [open_table.rows]
            segments.append(open_table)
        chunk = []

    for line in doc.lines:
        if "\t" in line.text:
            chunk.append(_split_row(line))
        elif not line.text.strip():
            close_chunk()
        else:
            close_chunk()
            open_table, printed_headers = None, []
            segments.append(TextLine(line))
    close_chunk()
    for seg in segments:
        if isinstance(seg, Table):
            _drop_table_copies(seg)
    return segments


def _drop_table_copies(table: Table) -> None:
    """Drop tab cells and rows that repeat a table already embedded as HTML in a cell."""
    rows = table.rows
    i = 0
    while i < len(rows):
        row = rows[i]
        embedded = [t for c in row.cells if "<table" in c for t in parse_cell(c).tables]
        if not embedded:
            i += 1
            continue
        copies = {tuple(_SPACES.sub("", c) for c in r if c.strip()) for t in embedded for r in t}
        flat = [c for t in embedded for r in t for c in r]
        # The same table again as the row's trailing cells ...
        for start, raw in enumerate(row.cells):
            if "<table" in raw:
                tail = [parse_cell(c).text for c in row.cells[start + 1:]]
                if tail and tail == flat[: len(tail)]:
                    row.cells = row.cells[: start + 1]
                break
        # ... and as the rows that follow.
        j = i + 1
        while j < len(rows) and rows[j].cells and _row_key(rows[j].cells) in copies:
            j += 1
        del rows[i + 1 : j]
        i += 1
