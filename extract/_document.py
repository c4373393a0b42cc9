"""The document every reader produces: numbered, normalized lines (and the page each
came from), the table rows a reader read as cells, and the repairs made on the way.

Nothing here is a pdfplumber or OCR object. The structure step turns a document into the
blocks form parsers read (extract/_structure.py), so a `.txt` export and a PDF go
through the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._blocks import Box, Cell


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the normalized text
    text: str  # normalized: Unicode repaired, Thai digits -> Arabic, OCR fixes applied
    page: int | None = None  # 1-based page for PDFs, None for text exports
    box: Box | None = None  # where the line's text stands on its page, where a reader knows
    confidence: float | None = None  # OCR's least confidence (0-100) in the line's words


@dataclass(frozen=True)
class Repair:
    """One change the normalizer made to the text, kept for the audit trail."""

    source_line: int
    rule: str
    original: str
    replacement: str
    page: int | None = None
    field: str | None = None


@dataclass
class Document:
    doc_id: str  # SHA-256 of the file's bytes
    source_path: str
    source_format: str  # "text", "pdf_text" or "pdf_ocr"
    encoding: str | None
    lines: list[Line]
    repairs: list[Repair] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, message) from reading
    # Doubts about single lines found while reading (e.g. a number OCR read with low
    # confidence): (line number, code, message); each becomes an issue on that line.
    line_flags: list[tuple[int, str, str]] = field(default_factory=list)
    # What the reader says of the text, so that a parser need not ask which reader it
    # was: letters recognized from page images may be misread.
    recognized: bool = False
    # Table rows a reader gave as cells, by line number (the line holds the row as a
    # text export prints it, for the record); every other line is read from its text.
    cells: dict[int, list[Cell]] = field(default_factory=dict)
    n_pages: int | None = None  # pages of a PDF or image file, blank ones too; None for text
    # Each page's width and height, in the units of the boxes read from it.
    page_sizes: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
