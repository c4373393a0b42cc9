"""Structure: from a document's normalized lines to blocks (extract/_blocks.py).

Readers give their text in the shape of a text export: plain lines, tab-separated table
rows, and HTML fragments inside cells (the OCR reader writes a table nested in a cell as
an embedded `<table>`, a paragraph of a cell as `<p>`). A reader that read a table's
cells from its geometry (the PDF text layer) gives those rows as cells instead
(`Document.cells`), and they are taken as they are. This module reads the rest:

- a non-empty line outside a table is a `Paragraph` (or several, where its HTML has
  block tags);
- consecutive tab-separated lines are a `Table`. A table that goes on after a page break
  repeats its header there (after blank lines): the parts are joined, the repeated header
  rows dropped, and the first row after the break is marked `continued`, so a parser can
  append it to the row it continues;
- inside a cell, HTML (`<p>`, `<ol>/<ul>/<li>`, `<br>`, `<b>`/`<strong>`, `<i>`/`<em>`,
  embedded `<table>`s, `<input type="checkbox">`) and Markdown emphasis become
  paragraphs of spans, nested tables and checkboxes (☑ checked, ☐ unchecked, marks a text
  export may also carry itself). When a row holds an embedded table and then the same
  table again as tab cells or rows (exports do both), the copy is dropped.

One repair of structure is made here for every reader alike: in a page read from its
image (`Document.recognized`), a cell's line that starts with text right after a line of
checkbox options is the rest of the last option (the boxes, not letters, end the line
above, so its width does not show the wrap).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

from .. import normalize
from ..normalize import collapse_spaces, join_broken_text
from ._blocks import (
    CHECKED,
    UNCHECKED,
    Block,
    Box,
    Cell,
    Checkbox,
    Paragraph,
    Row,
    Span,
    Table,
)
from ._document import Document, Line

_BOX_CHARS = CHECKED + UNCHECKED + "☒"
_BOX_SPLIT = re.compile(f"([{_BOX_CHARS}])")
_BOX_MARK = re.compile(f"[{_BOX_CHARS}]")

_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ol", "ul", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "blockquote", "hr",
})
_BOLD_TAGS = frozenset({"b", "strong"})
_ITALIC_TAGS = frozenset({"i", "em"})
_BOLD_MD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC_MD = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?!\*)")
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# What a cell's text needs read for more than one paragraph of plain text: HTML or a
# character reference, Markdown emphasis, checkbox marks.
_NOT_PLAIN = re.compile(f"[<&*{_BOX_CHARS}]")


def markdown_spans(text: str, *, bold: bool = False, italic: bool = False) -> list[Span]:
    """Spans of text with Markdown emphasis: **bold** first, then *italic* within."""
    if "*" not in text:  # most text: one span, no pattern run
        return [Span(text, bold, italic)] if text else []
    spans: list[Span] = []
    for index, piece in enumerate(_BOLD_MD.split(text)):
        is_bold = bold or index % 2 == 1
        for inner, part in enumerate(_ITALIC_MD.split(piece)):
            if part:
                spans.append(Span(part, is_bold, italic or inner % 2 == 1))
    return spans


def union_box(*boxes: Box | None) -> Box | None:
    """The box around the boxes known."""
    known = [b for b in boxes if b is not None]
    if not known:
        return None
    return (min(b[0] for b in known), min(b[1] for b in known),
            max(b[2] for b in known), max(b[3] for b in known))


def paragraph_of(spans: list[Span], line: int, page: int | None, *, box: Box | None = None,
                 confidence: float | None = None) -> Paragraph | None:
    """A paragraph of spans, its checkbox options read from the marks in its text."""
    text = collapse_spaces("".join(s.text for s in spans))
    if not text:
        return None
    if not _BOX_MARK.search(text):
        return Paragraph(text, line, page, tuple(spans), text, (), box, confidence)
    parts = _BOX_SPLIT.split(text)
    checkboxes = tuple(Checkbox(mark != UNCHECKED, option.strip())
                       for mark, option in zip(parts[1::2], parts[2::2], strict=True))
    return Paragraph(text, line, page, tuple(spans), parts[0].strip(), checkboxes, box,
                     confidence)


class _CellParser(HTMLParser):
    """HTML of one cell as blocks. A table embedded in it becomes a `Table` whose cells
    hold one paragraph each; a table inside that is read as text of its cell."""

    def __init__(self, line: int, page: int | None) -> None:
        super().__init__(convert_charrefs=True)
        self.line, self.page = line, page
        self.blocks: list[Block] = []
        self._spans: list[Span] = []
        self._bold = self._italic = 0
        self._table_depth = 0
        self._rows: list[Row] = []
        self._row: list[Cell] | None = None
        self._cell_spans: list[Span] | None = None

    def _flush(self) -> None:
        paragraph = paragraph_of(self._spans, self.line, self.page)
        if paragraph is not None:
            self.blocks.append(paragraph)
        self._spans = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input" and dict(attrs).get("type", "").lower() == "checkbox":
            mark = CHECKED if any(k == "checked" for k, _ in attrs) else UNCHECKED
            self.handle_data(f" {mark} ")
        elif tag in _BOLD_TAGS:
            self._bold += 1
        elif tag in _ITALIC_TAGS:
            self._italic += 1
        elif tag == "table":
            if self._table_depth == 0:
                self._flush()
                self._rows = []
            self._table_depth += 1
        elif self._table_depth == 1 and tag == "tr":
            self._row = []
        elif self._table_depth == 1 and tag in ("td", "th"):
            self._cell_spans = []
        elif tag in _BLOCK_TAGS and not self._table_depth:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BOLD_TAGS:
            self._bold = max(0, self._bold - 1)
        elif tag in _ITALIC_TAGS:
            self._italic = max(0, self._italic - 1)
        elif tag == "table" and self._table_depth:
            self._table_depth -= 1
            if self._table_depth == 0:
                rows = [r for r in self._rows if any(c.text for c in r.cells)]
                if rows:
                    self.blocks.append(Table(rows))
        elif self._table_depth == 1 and tag in ("td", "th") and self._cell_spans is not None:
            if self._row is not None:
                paragraph = paragraph_of(self._cell_spans, self.line, self.page)
                self._row.append(Cell([paragraph] if paragraph else []))
            self._cell_spans = None
        elif self._table_depth == 1 and tag == "tr" and self._row is not None:
            self._rows.append(Row(self._row, self.line, self.page))
            self._row = None
        elif tag in _BLOCK_TAGS and not self._table_depth:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "input":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        spans = markdown_spans(data, bold=self._bold > 0, italic=self._italic > 0)
        if self._table_depth:
            if self._cell_spans is not None:
                self._cell_spans.extend(spans)
        else:
            self._spans.extend(spans)

    def close(self) -> None:
        super().close()
        self._flush()


# The HTML the exports write: tags without attributes or with double-quoted values
# holding no character reference, and end tags. A cell of such tags and text without
# other `<` is read by this pattern; any other HTML by the standard library's parser,
# which gives the same calls for these (names lower-cased, a value as written, None
# for an attribute without one) at several times the cost.
_PLAIN_TAG = re.compile(
    r"<(?:(?P<start>[a-zA-Z][a-zA-Z0-9]*)"
    r"(?P<attrs>(?:\s+[a-zA-Z][-a-zA-Z0-9]*(?:=\"[^\"<>&]*\")?)*)\s*(?P<empty>/?)"
    r"|/(?P<end>[a-zA-Z][a-zA-Z0-9]*)\s*)>")
_PLAIN_ATTR = re.compile(r"([a-zA-Z][-a-zA-Z0-9]*)(=\"([^\"]*)\")?")
# Their text is read raw by the standard parser, not as HTML.
_RAW_TEXT_TAGS = frozenset({"script", "style"})


def _read_plain_html(raw: str, parser: _CellParser) -> bool:
    """Give `parser` the calls the standard parser would make for `raw`, where `raw` is
    plain HTML (`_PLAIN_TAG`); False, and no call made, where it is not."""
    calls: list[tuple] = []
    at = 0
    for tag in _PLAIN_TAG.finditer(raw):
        if not _add_text(calls, raw[at:tag.start()], parser):
            return False
        at = tag.end()
        if tag["end"]:
            calls.append((parser.handle_endtag, tag["end"].lower()))
            continue
        name = tag["start"].lower()
        if name in _RAW_TEXT_TAGS:
            return False
        attrs = [(key.lower(), value if equals else None) for key, equals, value
                 in _PLAIN_ATTR.findall(tag["attrs"])]
        handle = parser.handle_startendtag if tag["empty"] else parser.handle_starttag
        calls.append((handle, name, attrs))
    if not _add_text(calls, raw[at:], parser):
        return False
    for handle, *args in calls:
        handle(*args)
    return True


def _add_text(calls: list[tuple], text: str, parser: _CellParser) -> bool:
    if "<" in text:  # not a tag the pattern reads: the standard parser decides
        return False
    if text:
        calls.append((parser.handle_data, html.unescape(text)))
    return True


def parse_cell(raw: str, line: int = 0, page: int | None = None) -> Cell:
    """The blocks of one cell's (or one line's) text, each placed at `line` and `page`."""
    if not _NOT_PLAIN.search(raw):  # most cells
        return _plain_cell(raw, line, page)
    if "<" not in raw or not _LOOKS_LIKE_HTML.search(raw):
        text = html.unescape(raw) if "&" in raw else raw
        paragraph = paragraph_of(markdown_spans(text), line, page)
        return Cell([paragraph] if paragraph else [])
    parser = _CellParser(line, page)
    if not _read_plain_html(raw, parser):
        parser.feed(raw)
    parser.close()
    return Cell(parser.blocks)


def _plain_cell(raw: str, line: int, page: int | None) -> Cell:
    """`parse_cell` of text without HTML, entities, emphasis or checkbox marks: what
    `paragraph_of` makes of it, made directly."""
    text = collapse_spaces(raw)
    return Cell([Paragraph(text, line, page, (Span(raw),), text)] if text else [])


def _row_key(row: Row) -> tuple[str, ...]:
    # Spaces inside a header are layout ("น้ำหนักคะแนน" / "น้ำหนัก คะแนน" on the next page).
    # (Split and joined: what `\s` matches is what `str.split` splits at, at less cost.)
    return tuple(t for t in ("".join(text.split()) for text in row.texts()) if t)


def _same_header(a: Row, b: Row) -> bool:
    """Whether two header rows are the same header printed twice."""
    return normalize.same_printed_row(_row_key(a), _row_key(b))


def _row_of(line: Line, cells: list[Cell] | None) -> Row:
    if cells is not None:
        return Row(cells, line.no, line.page)
    raw = line.text.split("\t")
    while raw and not raw[-1].strip():
        raw.pop()
    # Most rows are plain text throughout: one search for the row, not one a cell.
    read = _plain_cell if not _NOT_PLAIN.search(line.text) else parse_cell
    return Row([read(c, line.no, line.page) for c in raw], line.no, line.page)


def structure(doc: Document) -> list[Block]:
    """The document's blocks, in reading order."""
    blocks: list[Block] = []
    open_table: Table | None = None  # the table a repeated header would continue
    # Its header as printed at the top and on each later page: OCR reads each copy with
    # other slips, so a new copy is compared with all of them.
    printed_headers: list[list[Row]] = []
    chunk: list[Row] = []

    def repeated_rows(header: list[Row]) -> int:
        skip = 0
        while (skip < len(chunk) and skip < len(header)
               and _same_header(chunk[skip], header[skip])):
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
            blocks.append(open_table)
        chunk = []

    lines = doc.lines
    for i, line in enumerate(lines):
        if line.no in doc.cells or "\t" in line.text:
            chunk.append(_row_of(line, doc.cells.get(line.no)))
        elif not line.text.strip():
            close_chunk()
        else:
            close_chunk()
            if not _page_furniture(lines, i):
                open_table, printed_headers = None, []
            found = parse_cell(line.text, line.no, line.page).blocks
            if line.box is not None or line.confidence is not None:  # a line read from a page
                found = [replace(b, box=line.box, confidence=line.confidence)
                         if isinstance(b, Paragraph) else b for b in found]
            blocks.extend(found)
    close_chunk()
    for block in blocks:
        if isinstance(block, Table):
            _drop_table_copies(block)
            if doc.recognized:
                _join_option_wraps(block)
    return blocks


# A line this short at a page's foot or head, alone, is a page number or a speck read
# (`7`, `ว`, `- 7 -`), not text between two tables.
_FURNITURE_CHARS = 3


def _page_furniture(lines: list[Line], i: int) -> bool:
    """Whether line `i` is short and the last text of its page or the first: a table
    going on across the page break continues past it."""
    line = lines[i]
    if line.page is None or len(line.text.replace(" ", "")) > _FURNITURE_CHARS:
        return False
    # (by index: the nearest text is a line or two away, and slices would copy the rest)
    after = next((lines[j] for j in range(i + 1, len(lines)) if lines[j].text.strip()), None)
    before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].text.strip()), None)
    return ((after is None or after.page != line.page)
            or (before is None or before.page != line.page))


def _drop_table_copies(table: Table) -> None:
    """Drop tab cells and rows that repeat a table already embedded as HTML in a cell."""
    rows = table.rows
    i = 0
    while i < len(rows):
        row = rows[i]
        embedded = [b for c in row.cells for b in c.blocks if isinstance(b, Table)]
        if not embedded:
            i += 1
            continue
        copies = {_row_key(r) for t in embedded for r in t.rows}
        flat = [text for t in embedded for r in t.rows for text in r.texts()]
        # The same table again as the row's trailing cells ...
        for start, cell in enumerate(row.cells):
            if cell.tables:
                tail = [c.text for c in row.cells[start + 1:]]
                if tail and tail == flat[: len(tail)]:
                    row.cells = row.cells[: start + 1]
                break
        # ... and as the rows that follow.
        j = i + 1
        while j < len(rows) and rows[j].cells and _row_key(rows[j]) in copies:
            j += 1
        del rows[i + 1 : j]
        i += 1


def _join_option_wraps(table: Table) -> None:
    """In each cell, text that starts a printed line right after a line of checkbox
    options is the rest of the last option (its words wrapped onto the next line)."""
    for row in table.rows:
        for cell in row.cells:
            out: list[Block] = []
            after_options = False
            for block in cell.blocks:
                above = out[-1] if out else None
                options = isinstance(block, Paragraph) and bool(block.checkboxes)
                if (after_options and isinstance(above, Paragraph)
                        and isinstance(block, Paragraph) and block.lead):
                    out[-1], rest = _move_lead(above, block)
                    out.extend([rest] if rest else [])
                else:
                    out.append(block)
                after_options = options
            cell.blocks = out


def _move_lead(above: Paragraph, paragraph: Paragraph) -> tuple[Paragraph, Paragraph | None]:
    """`above` with `paragraph`'s lead joined to its last option, and what is left of
    `paragraph` (its own options), if anything."""
    last = above.checkboxes[-1]
    option = Checkbox(last.checked, join_broken_text(last.text, paragraph.lead))
    joined = replace(above, text=join_broken_text(above.text, paragraph.lead),
                     spans=(*above.spans, Span(paragraph.lead)),
                     checkboxes=(*above.checkboxes[:-1], option),
                     box=union_box(above.box, paragraph.box),
                     confidence=min((c for c in (above.confidence, paragraph.confidence)
                                     if c is not None), default=None))
    rest = paragraph.text[paragraph.text.index(paragraph.lead) + len(paragraph.lead):]
    return joined, paragraph_of([Span(rest)], paragraph.line, paragraph.page,
                                box=paragraph.box, confidence=paragraph.confidence)
