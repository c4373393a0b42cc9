"""Build test PDFs from the text samples the way an office would print them.

`render_text_pdf` lays a `samples/*.txt` export out on A4 in a Thai TLWG font (Laksaman,
the free TH Sarabun look-alike; fonts-thai-tlwg): headings and paragraphs as text, each
run of tab-separated rows as a ruled table whose cells wrap, HTML cell content as plain
paragraphs, checkbox inputs as ☑/☐. Where the export repeats a table header after a page
break, a page break is made there too (the header printed again, as Word's "repeat header
rows" does); a table that runs off a page continues on the next with its header repeated.
A table embedded in a cell (HTML `<table>`) is printed as rows of the outer table under
that cell, the layout of sample 000, since the export's tab copies of it are an export
artefact no printed page shows.

Running-text paragraphs are tagged (Tagged PDF structure, as Word writes by default;
`tagged=False` for an untagged file), Markdown `*italics*` print in the italic face, text
starts exactly at its margin or cell padding, lines never break before closing punctuation
or inside a Latin word, and a table's header is never printed twice on one page.

`render_scan` rasterizes such a PDF the way a scanner would: grey, rotated by a fraction of
a degree, with light noise, saved as an image-only PDF (or PNG pages).

Text is shaped with HarfBuzz (fpdf2 `set_text_shaping`), so marks sit where Thai readers
expect and the text layer carries real Unicode. Lines are wrapped at word boundaries
(pythainlp's dictionary tokenizer, as office software does with ICU's dictionary).
"""

from __future__ import annotations

import html
import random
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kr_extract.extract._structure import parse_cell

A4_W, A4_H = 210.0, 297.0
MARGIN = 18.0
TLWG = Path("/usr/share/fonts/truetype/tlwg")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BODY_PT = 14
TABLE_PT = 12
PAD = 1.2  # mm inside a cell
LINE_FACTOR = 0.46  # line pitch in mm per point for Laksaman (tall Thai stacks)


def thai_font(name: str = "Laksaman") -> Path:
    """A TLWG font file: the known Debian path first, fc-match otherwise."""
    path = TLWG / f"{name}.ttf"
    if path.exists():
        return path
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{name}:lang=th"],
                               capture_output=True, text=True, check=False).stdout.strip()
        if found and Path(found).exists():
            return Path(found)
    raise FileNotFoundError(f"no {name} font: install fonts-thai-tlwg")


def fonts_available() -> bool:
    try:
        thai_font()
    except FileNotFoundError:
        return False
    return True


# --- reading the text export into printable blocks -------------------------------------

_MD = re.compile(r"\*\*(.+?)\*\*|(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?!\*)")


def _plain(text: str) -> str:
    return _MD.sub(lambda m: m.group(1) or m.group(2), text)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?!\*)")


def italic_spans(text: str) -> tuple[str, list[bool]]:
    """Markdown text as printed: the plain text, and which of its characters are italic
    (an export's `*...*`; bold is printed plain)."""
    text = _BOLD.sub(lambda m: m.group(1), text)
    plain: list[str] = []
    italic: list[bool] = []
    end = 0
    for match in _ITALIC.finditer(text):
        plain.append(text[end:match.start()])
        italic.extend([False] * (match.start() - end))
        plain.append(match.group(1))
        italic.extend([True] * len(match.group(1)))
        end = match.end()
    plain.append(text[end:])
    italic.extend([False] * (len(text) - end))
    return "".join(plain), italic


def _row_key(cells: list[str]) -> tuple[str, ...]:
    """A header row as compared with its copy after a page break: spaces are layout."""
    return tuple(t for t in ("".join(parse_cell(c).text.split()) for c in cells) if t)


def cell_paragraphs(raw: str) -> tuple[list[str], list[list[str]]]:
    """The paragraphs a cell prints (checkbox marks as ☑/☐) and the rows of any table
    embedded in it."""
    cell = parse_cell(raw)
    blocks = [p.text for p in cell.paragraphs]
    rows = [r.texts() for t in cell.tables for r in t.rows]
    if "<" not in raw:
        blocks = [_plain(html.unescape(raw)).strip()] if raw.strip() else []
    return blocks, rows


@dataclass
class PrintRow:
    cells: list[list[str]]  # paragraphs per cell; trailing empty cells removed


@dataclass
class PrintTable:
    rows: list[PrintRow]
    n_cols: int
    page_break_before: bool = False
    n_header_rows: int = 1


def read_blocks(text: str) -> list[str | PrintTable | None]:
    """The export as printable blocks: a text line, a table, or None for a blank line."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[str | PrintTable | None] = []
    chunk: list[str] = []
    previous_header: tuple[str, ...] | None = None
    previous: PrintTable | None = None

    def close() -> None:
        nonlocal chunk, previous_header, previous
        if not chunk:
            return
        cells_of = [line.split("\t") for line in chunk]
        repeats = previous_header is not None and _row_key(cells_of[0]) == previous_header
        table = _print_table(cells_of)
        if repeats and previous is not None:
            table.page_break_before = True
            same = 0
            while (same < len(cells_of) and same < len(previous.rows)
                   and [p for p in (cell_paragraphs(c)[0] for c in cells_of[same]) if p]
                   == [c for c in previous.rows[same].cells if c]):
                same += 1
            previous.n_header_rows = table.n_header_rows = max(1, same)
        else:
            previous_header = _row_key(cells_of[0])
        previous = table
        blocks.append(table)
        chunk = []

    for line in lines:
        if "\t" in line:
            chunk.append(line)
            continue
        close()
        if line.strip():
            previous_header = None
            blocks.append(html.unescape(line).strip())  # Markdown italics kept
        else:
            blocks.append(None)
    close()
    return blocks


def _print_table(rows: list[list[str]]) -> PrintTable:
    out: list[PrintRow] = []
    skip: set[tuple[str, ...]] = set()
    for cells in rows:
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        texts = tuple(parse_cell(c).text for c in cells if c.strip())
        if texts in skip:
            continue  # the export's tab copy of an embedded table
        printed: list[list[str]] = []
        embedded: list[list[str]] = []
        for raw in cells:
            paragraphs, sub_rows = cell_paragraphs(raw)
            printed.append(paragraphs)
            if sub_rows:
                embedded = sub_rows
                skip.update(tuple(r) for r in sub_rows)
                break  # the cells after it repeat the embedded table
        out.append(PrintRow(printed))
        indent = len(printed) - 1
        for sub in embedded:
            out.append(PrintRow([[] for _ in range(indent)] + [[c] if c else [] for c in sub]))
    n_cols = max((len(r.cells) for r in out), default=1)
    return PrintTable(out, max(n_cols, 1))


# --- layout ------------------------------------------------------------------------------

_NO_BREAK_AFTER = "([{“‘\"'"
_NO_BREAK_BEFORE = tuple(")]}”’.,:;!?%/ฯๆ")


def _latin(char: str) -> bool:
    return bool(char) and not char.isspace() and not "\u0e00" <= char <= "\u0e7f"


class _Writer:
    def __init__(self, font: str, shaping: bool = True, tagged: bool = True) -> None:
        from fpdf import FPDF

        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.add_font("thai", "", str(thai_font(font)))
        try:
            pdf.add_font("thai", "I", str(thai_font(f"{font}-Italic")))
            self.has_italic = True
        except FileNotFoundError:
            self.has_italic = False
        if DEJAVU.exists():
            pdf.add_font("symbols", "", str(DEJAVU))
            pdf.set_fallback_fonts(["symbols"])
        pdf.set_text_shaping(shaping)
        # Text starts where it is placed, as in office software (fpdf2 otherwise insets
        # every cell by 1 mm on the left only, so text would run 1 mm past its column).
        pdf.c_margin = 0
        pdf.set_line_width(0.3)
        self.pdf = pdf
        self.tagged = tagged
        self.y = MARGIN
        pdf.add_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = MARGIN

    def wrap(self, text: str, width: float, size: int) -> list[str]:
        """Greedy word wrap; a line keeps its trailing space, as office software prints it."""
        from pythainlp.tokenize import word_tokenize

        self.pdf.set_font("thai", size=size)
        lines: list[str] = []
        current = ""
        tokens: list[str] = []
        for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
            # Office software (Unicode line breaking) breaks neither after an opening
            # bracket or quote, nor before closing punctuation, nor inside a Latin word
            # or a number.
            if tokens and tokens[-1].strip() and (
                    tokens[-1][-1] in _NO_BREAK_AFTER or token[:1] in _NO_BREAK_BEFORE
                    or (_latin(tokens[-1][-1]) and _latin(token[:1]))):
                tokens[-1] += token
            else:
                tokens.append(token)
        for token in [piece for t in tokens for piece in self._fit(t, width)]:
            trial = current + token
            if current.strip() and self.pdf.get_string_width(trial.rstrip()) > width:
                lines.append(current)
                current = token.lstrip()
            else:
                current = trial
        if current.strip():
            lines.append(current)
        return lines

    def _fit(self, token: str, width: float) -> list[str]:
        """A word wider than the line broken between letters (never before a mark)."""
        if self.pdf.get_string_width(token) <= width:
            return [token]
        pieces, current = [], ""
        for char in token:
            mark = unicodedata.category(char) == "Mn" or char == "ำ"
            if current and not mark and self.pdf.get_string_width(current + char) > width:
                pieces.append(current)
                current = ""
            current += char
        return [*pieces, current] if current else pieces

    def text_line(self, text: str) -> None:
        """One paragraph of running text (Markdown `*italics*` in the italic face),
        tagged as a /P structure element."""
        pitch = BODY_PT * LINE_FACTOR
        plain, italic = italic_spans(text)
        lines = self.wrap(plain, A4_W - 2 * MARGIN, BODY_PT)
        tagged = False
        position = 0
        for line in lines:
            while position < len(plain) and not plain.startswith(line, position):
                position += 1  # the whitespace the wrap dropped at a line start
            styles = italic[position:position + len(line)]
            position += len(line)
            if self.y + pitch > A4_H - MARGIN:
                if tagged:
                    self._end_tag()
                self.new_page()
                tagged = False
            if self.tagged and not tagged:
                self._begin_tag("/P")
                tagged = True
            self.pdf.set_xy(MARGIN, self.y)
            for piece, slanted in _style_runs(line, styles):
                self.pdf.set_font("thai", style="I" if slanted and self.has_italic else "",
                                  size=BODY_PT)
                self.pdf.cell(text=piece, h=pitch)
            self.y += pitch
        if tagged:
            self._end_tag()

    def _begin_tag(self, struct_type: str) -> None:
        # Tagged PDF (ISO 32000 14.7-14.8), what Word's "Save as PDF" writes by default:
        # each paragraph's text on a page is one marked-content sequence of a structure
        # element. fpdf2 has the structure tree but tags only images, hence its internals.
        pdf = self.pdf
        mcid = pdf.struct_builder.next_mcid_for_page(pdf.page)
        pdf._add_marked_content(struct_type=struct_type, mcid=mcid)
        pdf._out(f"{struct_type} <</MCID {mcid}>> BDC")

    def _end_tag(self) -> None:
        self.pdf._out("EMC")

    def blank(self) -> None:
        self.y += BODY_PT * LINE_FACTOR  # an empty paragraph

    def table(self, table: PrintTable) -> None:
        widths = _column_widths(table, A4_W - 2 * MARGIN)
        pitch = TABLE_PT * LINE_FACTOR
        para_gap = pitch * 0.5  # "space after" each paragraph in a cell
        if table.page_break_before and self.y > MARGIN:
            self.new_page()
        header = table.rows[: table.n_header_rows]
        laid = [self._lay_row(r, widths, table.n_cols, pitch, para_gap) for r in table.rows]
        for index, cells in enumerate(laid):
            height = _row_height(cells, pitch)
            room = A4_H - MARGIN - self.y
            if height > room:
                if index >= len(header) and room > 4 * pitch and height > (A4_H - 2 * MARGIN) / 2:
                    # A row taller than half a page breaks across the page (Word's
                    # "allow row to break across pages"): print what fits now.
                    first, rest = _split_cells(cells, room - 2 * PAD, pitch)
                    self._draw_row(first, widths, pitch)
                    cells = rest
                self.new_page()
                # The header goes again on the new page: all of it, or (when the header
                # itself did not fit) the header rows above this one.
                for head in laid[: min(index, len(header))]:
                    self._draw_row(head, widths, pitch)
                while _row_height(cells, pitch) > A4_H - MARGIN - self.y:
                    first, cells = _split_cells(cells, A4_H - MARGIN - self.y - 2 * PAD, pitch)
                    self._draw_row(first, widths, pitch)
                    self.new_page()
                    for head in laid[: len(header)]:
                        self._draw_row(head, widths, pitch)
            self._draw_row(cells, widths, pitch)
        self.y += pitch * 0.5

    def _lay_row(self, row: PrintRow, widths: list[float], n_cols: int, pitch: float,
                 para_gap: float) -> list[tuple[float, list[tuple[float, str]]]]:
        """Cells as (width, [(y offset, line)]); the last cell spans the columns left."""
        out = []
        cells = row.cells or [[]]
        for index, paragraphs in enumerate(cells):
            span = widths[index] if index < len(cells) - 1 else sum(widths[index:n_cols])
            lines: list[tuple[float, str]] = []
            offset = 0.0
            for paragraph in paragraphs:
                for line in self.wrap(paragraph, span - 2 * PAD, TABLE_PT):
                    lines.append((offset, line))
                    offset += pitch
                offset += para_gap
            out.append((span, lines))
        return out

    def _draw_row(self, cells: list[tuple[float, list[tuple[float, str]]]], widths: list[float],
                  pitch: float) -> None:
        pdf = self.pdf
        height = _row_height(cells, pitch)
        x = MARGIN
        pdf.set_font("thai", size=TABLE_PT)
        for span, lines in cells:
            pdf.rect(x, self.y, span, height)
            for offset, line in lines:
                pdf.set_xy(x + PAD, self.y + PAD + offset)
                pdf.cell(text=line, h=pitch)
            x += span
        self.y += height


def _style_runs(line: str, italic: list[bool]) -> list[tuple[str, bool]]:
    """The line cut where the style changes: (text, italic) pieces."""
    pieces: list[tuple[str, bool]] = []
    for char, slanted in zip(line, italic + [False] * (len(line) - len(italic)), strict=True):
        if pieces and pieces[-1][1] == slanted:
            pieces[-1] = (pieces[-1][0] + char, slanted)
        else:
            pieces.append((char, slanted))
    return pieces


def _row_height(cells: list[tuple[float, list[tuple[float, str]]]], pitch: float) -> float:
    bottom = max((lines[-1][0] + pitch for _, lines in cells if lines), default=pitch)
    return bottom + 2 * PAD


def _split_cells(cells, room: float, pitch: float):
    first, rest = [], []
    for span, lines in cells:
        keep = [(o, t) for o, t in lines if o + pitch <= room]
        more = [(o, t) for o, t in lines if o + pitch > room]
        base = more[0][0] if more else 0.0
        first.append((span, keep))
        rest.append((span, [(o - base, t) for o, t in more]))
    return first, rest


def _column_widths(table: PrintTable, total: float) -> list[float]:
    # Columns get room by the square root of their longest text; the last cell of a row
    # spans, so only cells that are not last count.
    need = [6.0] * table.n_cols
    for row in table.rows:
        for index, paragraphs in enumerate(row.cells[:-1] if len(row.cells) > 1 else []):
            length = max((len(p) for p in paragraphs), default=0)
            need[index] = max(need[index], min(length, 400) ** 0.5)
        if row.cells and len(row.cells) == table.n_cols:
            length = max((len(p) for p in row.cells[-1]), default=0)
            need[-1] = max(need[-1], min(length, 400) ** 0.5)
    scale = total / sum(need)
    return [n * scale for n in need]


def render_text_pdf(sample: Path, out: Path, *, font: str = "Laksaman",
                    shaping: bool = False, tagged: bool = True) -> Path:
    """Print a text export into an A4 PDF with a real text layer.

    `tagged=True` marks each running-text paragraph as a structure element, as Word does;
    `tagged=False` gives an untagged PDF (LibreOffice's default), where only geometry
    tells a wrapped line from a new paragraph.

    `shaping=True` positions marks with HarfBuzz (best for scans); its text layer then
    carries fpdf2's mapping of the glyphs HarfBuzz splits SARA AM into (arbitrary code
    points), so the text-layer tests use unshaped text: one glyph per character."""
    writer = _Writer(font, shaping, tagged)
    for block in read_blocks(sample.read_text(encoding="utf-8")):
        if block is None:
            writer.blank()
        elif isinstance(block, str):
            writer.text_line(block)
        else:
            writer.table(block)
    writer.pdf.output(str(out))
    return out


def render_lines_pdf(lines: list[str], out: Path, *, font: str = "Laksaman",
                     shaping: bool = True) -> Path:
    """A one-page PDF of the given lines as they are (e.g. PUA code points)."""
    writer = _Writer(font)
    writer.pdf.set_text_shaping(shaping)
    for line in lines:
        writer.pdf.set_font("thai", size=BODY_PT)
        writer.pdf.set_xy(MARGIN, writer.y)
        writer.pdf.cell(text=line, h=BODY_PT * LINE_FACTOR)
        writer.y += BODY_PT * LINE_FACTOR * 1.2
    writer.pdf.output(str(out))
    return out


def strip_unicode_maps(pdf: Path, out: Path) -> Path:
    """A copy whose fonts lose their /ToUnicode maps: the text layer no longer says which
    characters the glyphs draw (what old Thai fonts embedded without a map do)."""
    out.write_bytes(pdf.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    return out


def render_scan(pdf: Path, out: Path, *, dpi: int = 200, angle: float = 0.7,
                noise: float = 12.0, seed: int = 1, pages: list[int] | None = None) -> Path:
    """Rasterize `pdf` like a scanner: grey, slightly rotated, noisy; image-only output.

    `out` ending in .pdf gives one image-only PDF; .png gives NAME-1.png, NAME-2.png, ...
    (the first returned)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    jitter = random.Random(seed)
    document = pdfium.PdfDocument(str(pdf))
    images = []
    for index in range(len(document)):
        if pages is not None and index + 1 not in pages:
            continue
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        tilt = angle * (1 if jitter.random() < 0.5 else -1)
        image = image.rotate(tilt, resample=Image.BICUBIC, expand=False, fillcolor=255)
        pixels = np.asarray(image, dtype=np.float32)
        pixels = pixels + rng.normal(0.0, noise, pixels.shape)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
        images.append(image)
    document.close()
    if out.suffix.lower() == ".pdf":
        images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
        return out
    paths = []
    for number, image in enumerate(images, 1):
        path = out.with_name(f"{out.stem}-{number}{out.suffix}")
        image.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths[0]
