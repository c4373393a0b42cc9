"""The structural document: the blocks every reader's output becomes, and all a form
parser reads.

- `Paragraph`: text of one or more printed lines, as `Span`s that keep their emphasis
  (a signature is italic), with the `Checkbox`es it holds.
- `Table`: `Row`s of `Cell`s; a cell holds blocks of its own, so a table may sit inside a
  cell.

Each block says where it came from: `line` is its 1-based line in the document's
normalized text (`Document.lines`, where the repairs are recorded too), `page` its page
for PDFs and scans. A paragraph read from a page also has the `box` of its printed lines
(in the page's units, `Document.page_sizes`) and, when OCR read it, the `confidence` of
its least certain word. A form parser never needs to know which reader made the blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# x0, top, x1, bottom from the page's top left: PDF points, or pixels of a scanned image.
Box = tuple[float, float, float, float]

CHECKED = "☑"
UNCHECKED = "☐"


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Checkbox:
    checked: bool
    text: str  # the option's words: after the mark, up to the next mark or the end


@dataclass(frozen=True)
class Paragraph:
    text: str  # the spans' text, whitespace collapsed, checkbox marks as ☑ / ☐
    line: int
    page: int | None = None
    spans: tuple[Span, ...] = ()
    lead: str = ""  # the text before the first checkbox (all of it when there is none)
    checkboxes: tuple[Checkbox, ...] = ()
    box: Box | None = None  # where its printed lines stand; None for a text export
    confidence: float | None = None  # OCR's least confidence (0-100) in its words

    def text_without(self, *, italic: bool) -> str:
        """The text of the spans that are not (italic=True) italic."""
        return " ".join("".join(s.text for s in self.spans
                                if not (italic and s.italic)).split())


@dataclass
class Cell:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    # Where a reader measured it: the cell's ruled box on its page; None where the reader
    # read text alone.
    box: Box | None = None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def checkboxes(self) -> list[Checkbox]:
        return [c for p in self.paragraphs for c in p.checkboxes]

    @property
    def text(self) -> str:
        """The cell's paragraphs, one space apart; tables inside it are not part of it."""
        # Read for every cell many times over (detection, the runs, the parsers): one
        # pass over the blocks, not a list of paragraphs first, and for the cell of one
        # block (most cells) no pass at all.
        blocks = self.blocks
        if len(blocks) == 1:
            block = blocks[0]
            return block.text if isinstance(block, Paragraph) else ""
        return " ".join([b.text for b in blocks if isinstance(b, Paragraph) and b.text])


@dataclass
class Row:
    cells: list[Cell]  # trailing empty cells removed
    line: int
    page: int | None = None
    continued: bool = False  # first row after a page break that repeated the header

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else Cell()

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    rows: list[Row]
    n_header_rows_repeated: int = 0

    @property
    def header(self) -> Row:
        return self.rows[0]

    @property
    def line(self) -> int:
        return self.rows[0].line


Block = Paragraph | Table
