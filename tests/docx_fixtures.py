"""Build test PDFs from the text samples the way Word users make them: DOCX, then PDF.

`docx_pdfs` turns `samples/*.txt` exports into DOCX documents (python-docx) and converts them
with LibreOffice headless, optionally as a tagged PDF, as Word's "Save as PDF" makes by
default. It is a third PDF generator, beside the fpdf2 one (`tests/pdf_fixtures.py`) and the
ODT one (`tests/office_fixtures.py`): it reads the exports with the ODT generator's parser,
which imports nothing from the project, and only writes the documents anew, so a bug in the
project's own parser cannot hide in it. The documents are a test set that is measured
(`benchmarks/docx_pdf_accuracy.py`), not tuned: they look like Word documents, whatever the
project makes of them.

How they differ from the ODT documents (Word's defaults, as a Thai office keeps them):

- A4 with Word's 2.54 cm margins (or 2 cm: `margins_cm`); body paragraphs in Word's "Normal"
  spacing, 8 pt after and 1.08 lines; the title one centred bold paragraph.
- Tables in the "Table Grid" style (single 0.5 pt borders), Word's cell margins (0.19 cm
  left and right, none above and below), no spacing after their paragraphs, fixed columns:
  a 3.5 cm label column, and a 2.5 cm name and 2 cm target column in the agency table
  nested in the detail cell, so names wrap. Header rows are bold and centred.
- Header rows repeat on each page (`w:tblHeader`) in the samples whose number modulo 5 is
  0, 2 or 4 (000, 002, 004), and not in the others (001, 003): see `repeats_header`.
- Thai is a complex script in Word: every run names its font for the Latin (`w:ascii`,
  `w:hAnsi`) and the complex-script (`w:cs`) text and gives both sizes (`w:sz`, `w:szCs`),
  and bold and italic set `w:bCs` and `w:iCs` too; otherwise Thai falls back to another font.
- Checkboxes are ☑/☐ in DejaVu Sans, as are █ ← → ↔ where the Thai font lacks them.

`benchmarks/office_pdf_accuracy.py --out DIR` keeps the PDFs it makes, to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from office_fixtures import (
    SYMBOL_FONT,
    Grid,
    Para,
    RawTable,
    build_grid,
    column_widths,
    font_pieces,
    latin_font,
    read_export,
    samples_to_pdfs,
)

try:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
except ImportError:  # docx_available() says so
    Document = None

FONTS = ("Loma", "Waree", "Kinnari", "Laksaman")
SIZES = {"Laksaman": (16, 14)}  # body, table pt: the TH Sarabun clone has small glyphs
OTHER_SIZES = (12, 11)
PAGE_W, PAGE_H = 21.0, 29.7  # cm, A4
WORD_MARGIN = 2.54  # cm, Word's default on every side
CELL_MARGIN = 0.19  # cm, Word's default left and right cell margin (108 twips)
LABEL_COL = 3.5  # cm: the label column of a label | detail table
AGENCY_COLS = (2.5, 2.0)  # cm: name and target columns of a nested agency table
BODY_AFTER, BODY_LINE = 8, 1.08  # pt, lines: Word's "Normal" paragraph spacing


def repeats_header(sample: Path) -> bool:
    """Whether a sample's tables repeat their header rows on each page: Word users both tick
    "Repeat as header row" and do not. By the sample's number modulo 5: 0, 2 and 4 repeat,
    1 and 3 do not (a rule other than the ODT generator's, so both kinds vary)."""
    m = re.match(r"\d+", Path(sample).name)
    return int(m[0]) % 5 in (0, 2, 4) if m else True


def docx_column_widths(grid: Grid, total: float, nested: bool) -> list[float]:
    """Widths in cm: the forms' narrow fixed label and agency columns, Word's sizes; other
    tables share the width as the ODT generator does."""
    n = grid.width
    if n == 2 and total > 2 * LABEL_COL:
        return [LABEL_COL, total - LABEL_COL]
    if nested and n == 3 and total > 2 * sum(AGENCY_COLS):
        return [*AGENCY_COLS, total - sum(AGENCY_COLS)]
    return column_widths(grid, total, nested)


# --- WordprocessingML pieces python-docx has no API for ----------------------------------


def _element(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _set_fonts(rpr, font: str, latin: str) -> None:
    """Latin text in `latin`, East Asian and complex-script (Thai) text in `font`."""
    rfonts = rpr.get_or_add_rFonts()
    for name in list(rfonts.attrib):
        del rfonts.attrib[name]  # theme fonts would override the named ones
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", font), ("cs", font)):
        rfonts.set(qn(f"w:{attr}"), value)


def _set_size(rpr, pt: float) -> None:
    """Both sizes: `w:sz` for Latin text, `w:szCs` for complex script."""
    half = str(round(2 * pt))
    sz = rpr.get_or_add_sz()
    sz.set(qn("w:val"), half)
    sz_cs = rpr.find(qn("w:szCs"))
    if sz_cs is None:
        sz_cs = _element("w:szCs")
        sz.addnext(sz_cs)
    sz_cs.set(qn("w:val"), half)


def _set_marks(rpr, marks: frozenset[str]) -> None:
    """Bold and italic for Latin and complex script, single underline."""
    if "b" in marks:
        rpr.get_or_add_b()
        rpr.get_or_add_bCs()
    if "i" in marks:
        rpr.get_or_add_i()
        rpr.get_or_add_iCs()
    if "u" in marks:
        rpr.get_or_add_u().set(qn("w:val"), "single")


def _mark_header_row(row) -> None:
    """Word's "Repeat as header row at the top of each page"."""
    row._tr.get_or_add_trPr().append(_element("w:tblHeader"))


def _fix_table(table, widths: list[float]) -> None:
    """Fixed layout, the given column widths, Word's default cell margins stated."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(sum(widths) / 2.54 * 1440)))
    margins = _element("w:tblCellMar")
    for side, cm in (("top", 0), ("left", CELL_MARGIN), ("bottom", 0), ("right", CELL_MARGIN)):
        margins.append(_element(f"w:{side}", w=str(round(cm / 2.54 * 1440)), type="dxa"))
    look = tbl_pr.find(qn("w:tblLook"))  # the schema puts the margins before it
    if look is None:
        tbl_pr.append(margins)
    else:
        look.addprevious(margins)
    for j, width in enumerate(widths):
        table.columns[j].width = Cm(width)
        for cell in table.columns[j].cells:
            cell.width = Cm(width)


# --- the writer ---------------------------------------------------------------------------


class _DocxWriter:
    """One DOCX document: Word's defaults set for a Thai font, then paragraphs and tables."""

    def __init__(self, font: str, repeat_header: bool, sizes: tuple[int, int] | None,
                 margins_cm: float) -> None:
        self.font, self.latin = font, latin_font(font)
        self.repeat_header = repeat_header
        self.body_pt, self.table_pt = sizes or SIZES.get(font, OTHER_SIZES)
        self.doc = Document()
        self.text_w = PAGE_W - 2 * margins_cm
        self._page(margins_cm)
        self._defaults()

    def _page(self, margin: float) -> None:
        section = self.doc.sections[0]  # python-docx's template is US Letter
        section.page_width, section.page_height = Cm(PAGE_W), Cm(PAGE_H)
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", Cm(margin))

    def _defaults(self) -> None:
        """The document defaults a Thai Word installation has: the font in every script,
        Thai as the complex-script language (LibreOffice breaks Thai lines by it), and
        Word 2013's "Normal" spacing (the template has Word 2007's 10 pt and 1.15 lines)."""
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        _set_fonts(rpr, self.font, self.latin)
        _set_size(rpr, self.body_pt)
        rpr.find(qn("w:lang")).set(qn("w:bidi"), "th-TH")
        spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
        spacing.set(qn("w:after"), str(BODY_AFTER * 20))
        spacing.set(qn("w:line"), str(round(BODY_LINE * 240)))

    def _run(self, paragraph, text: str, pt: float, marks: frozenset[str], symbol: bool):
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        font = SYMBOL_FONT if symbol else self.font
        _set_fonts(rpr, font, SYMBOL_FONT if symbol else self.latin)
        _set_marks(rpr, marks)
        _set_size(rpr, pt)
        return run

    def paragraph(self, paragraph, para: Para, pt: float, bold: bool = False) -> None:
        """Fill an empty paragraph with the runs of `para`."""
        extra = frozenset({"b"}) if bold else frozenset()
        for run in para:
            if "br" in run.style:
                self._run(paragraph, "", pt, run.style | extra, False).add_break()
                continue
            for text, symbol in font_pieces(self.font, run.text):
                self._run(paragraph, text, pt, run.style | extra, symbol)

    def table(self, container, grid: Grid, total: float, nested: bool = False):
        """A ruled table added to the document or a cell (`container.add_table`)."""
        widths = docx_column_widths(grid, total, nested)
        table = container.add_table(len(grid.rows), len(widths))
        table.style = self.doc.styles["Table Grid"]
        _fix_table(table, widths)
        self._merge(table, grid)
        for i, row in enumerate(grid.rows):
            head = i < grid.n_header
            if head and self.repeat_header and not nested:
                _mark_header_row(table.rows[i])
            for j, cell in enumerate(row):
                if not cell.covered:
                    inner = sum(widths[j:j + cell.colspan]) - 2 * CELL_MARGIN
                    self._cell(table.cell(i, j), cell.blocks, head, inner)
        self._table_paragraphs(table)
        return table

    @staticmethod
    def _merge(table, grid: Grid) -> None:
        """Merged cells as Word stores them (`w:gridSpan`, `w:vMerge`), made while empty."""
        for i, row in enumerate(grid.rows):
            for j, cell in enumerate(row):
                if not cell.covered and (cell.colspan > 1 or cell.rowspan > 1):
                    table.cell(i, j).merge(
                        table.cell(i + cell.rowspan - 1, j + cell.colspan - 1))

    def _cell(self, target, blocks: list, head: bool, width: float) -> None:
        """Paragraphs and nested tables into a cell, which Word wants to end in a paragraph
        (python-docx adds an empty one after each nested table; text goes into it)."""
        spare = target.paragraphs[0]  # the empty paragraph every new cell has
        starts = True
        for block in blocks:
            if isinstance(block, Grid):
                self.table(target, block, width, nested=True)
                if starts:  # the table opens the cell: no empty line above it
                    spare._p.getparent().remove(spare._p)
                spare = target.paragraphs[-1]
            else:
                paragraph = spare if spare is not None else target.add_paragraph()
                spare = None
                if head:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self.paragraph(paragraph, block, self.table_pt, bold=head)
            starts = False

    def _table_paragraphs(self, table) -> None:
        """Every paragraph in the table as Word's "Table Grid" sets it (no spacing after,
        single lines), its mark (the height of an empty cell) at the table size."""
        for p in table._tbl.iter(qn("w:p")):
            ppr = p.get_or_add_pPr()
            spacing = ppr.get_or_add_spacing()
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")
            spacing.set(qn("w:lineRule"), "auto")
            rpr = ppr.find(qn("w:rPr"))
            if rpr is None:
                rpr = _element("w:rPr")
                ppr.append(rpr)
                _set_size(rpr, self.table_pt)


def build_docx(sample: Path, out: Path, font: str, *, repeat_header: bool | None = None,
               sizes: tuple[int, int] | None = None, margins_cm: float | None = None) -> Path:
    """Write the DOCX document of one text export (`sizes`: body and table points, other
    than the font's usual ones; `margins_cm`: other than Word's 2.54 cm)."""
    if repeat_header is None:
        repeat_header = repeats_header(sample)
    title, body = read_export(Path(sample).read_text(encoding="utf-8-sig"))
    writer = _DocxWriter(font, repeat_header, sizes, margins_cm or WORD_MARGIN)
    doc = writer.doc
    if title:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        writer.paragraph(paragraph, title, writer.body_pt, bold=True)
    after_table = False
    for item in body:
        if isinstance(item, RawTable):
            if after_table:  # Word joins two tables that touch into one
                doc.add_paragraph()
            writer.table(doc, build_grid(item), writer.text_w)
        else:
            writer.paragraph(doc.add_paragraph(), item, writer.body_pt)
        after_table = isinstance(item, RawTable)
    if after_table:
        doc.add_paragraph()  # Word ends a document with a paragraph
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


# --- converting ---------------------------------------------------------------------------


def _known_families() -> set[str]:
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                              check=False).stdout
    return {name.strip() for line in families.splitlines() for name in line.split(",")}


def docx_available() -> bool:
    """python-docx importable, LibreOffice on PATH, the fonts known to fontconfig."""
    if Document is None or not (shutil.which("soffice") and shutil.which("fc-list")):
        return False
    return {*FONTS, SYMBOL_FONT} <= _known_families()


def docx_pdfs(samples: list[Path], font: str, out_dir: Path, *, tagged: bool = False,
              sizes: tuple[int, int] | None = None,
              margins_cm: float | None = None) -> dict[str, Path]:
    """PDFs of the samples set in `font`, from DOCX by LibreOffice: {sample file name: PDF}.
    `tagged`: a tagged PDF, as Word's "Save as PDF" makes by default."""
    return samples_to_pdfs(
        samples, out_dir, tagged,
        lambda sample, folder: build_docx(sample, folder / "docx" / f"{sample.stem}.docx", font,
                                          sizes=sizes, margins_cm=margins_cm))

