"""PDF text layers: page text in reading order, ruled tables as tab rows, unusable layers.

Which tool does what comes from measurements on Thai office PDFs (A4 forms from
LibreOffice with a TH Sarabun-like face, on a 2-core machine): pypdfium2 reads every
Thai character right and fast (2-5 ms a page) but loses the cell structure of tables;
pdfplumber (pdfminer.six) garbles Thai text (it ignores ActualText, pdfminer.six #1288)
but its table finder finds ruled grids well. So characters come from pdfium, and so do the
ruling lines (the page's path objects), which go through pdfplumber's table finder steps
to make the cells (extract/_rules.py); each character goes to the cell whose box holds it.

Output is what a text export looks like (see extract/_structure.py): running text as lines,
each table row as one line of cells joined by TAB, blank lines between blocks, italics as
Markdown `*...*`. A table that continues on the next page without repeating its header is
joined to the part above it; one that repeats its header is left with the header, as text
exports print it, so that `structure` drops the repeated rows. A row broken by the page
break is put back together, and a header left alone at a page foot is dropped there.

Paragraphs: printed lines are joined where a line wraps into the next. A tagged PDF (what
Word's "Save as PDF" writes by default) says which lines make one paragraph; otherwise a
line wraps when the next line's first word (pythainlp's dictionary words, the Unicode
line-break rules for brackets, punctuation and Latin) would not have fitted after it.
Untagged, a paragraph whose last line ends within a word of the margin looks wrapped.

A text layer can be unusable: glyphs without a Unicode map come out as control
characters, U+FFFD or code points of no script a Thai form uses. `text_layer_problem`
measures that per page, and such pages go to OCR (extract/_ocr.py).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html
import itertools
import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .. import normalize
from ._blocks import Box, Cell, Paragraph, Row, Table
from ._rules import _Grid, objects_by_type, text_layer_grids
from ._structure import markdown_spans, paragraph_of, union_box
from .errors import CorruptPdfError, EmptyDocumentError, EncryptedPdfError

# The font descriptor's Italic flag (PDF 32000-1, table 123: bit 7).
_ITALIC_FLAG = 0x40
# Shear of a slanted upright face (LibreOffice slants by about 0.27, 15 degrees).
_SLANT = 0.1
# A page with fewer non-space characters than this has no text layer worth reading.
MIN_TEXT_CHARS = 20
# Shares of a page's non-space characters above which its text layer is unusable. A few
# control characters are normal: fonts whose shaper splits SARA AM into two glyphs map the
# second glyph to a control code (~2% of Thai text); pages of unmapped glyphs are all
# controls.
MAX_BAD_SHARE = 0.08
MAX_FOREIGN_SHARE = 0.2
MAX_ORPHAN_MARK_SHARE = 0.03


class _CachedMeasure:
    """A property worked out on first use and kept in the object, as
    `functools.cached_property` does without the lock it takes on each first use
    (Python 3.11), which cost more than most of the measures it kept."""

    def __init__(self, measure: Callable) -> None:
        self.measure = measure
        self.name = measure.__name__
        self.__doc__ = measure.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.measure(obj)
        return value


@dataclass
class Char:
    text: str
    x0: float
    top: float  # distance from the top of the page, in points (pdfplumber's convention)
    x1: float
    bottom: float
    mcid: int = -1  # the marked-content id of a tagged PDF's paragraph; -1 when untagged
    italic: bool = False
    baseline: float | None = None  # the pen's height, where the text layer gives it
    size: float = 0.0  # the font size in points, where the text layer gives it
    confidence: float | None = None  # OCR's confidence (0-100) in the word it is part of

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass
class TextRun:
    """One printed line: its characters in reading order.

    `split_runs` makes a run whole before anything measures it, and nothing changes its
    characters after: so each measure is worked out once, when first asked (a page's
    lines are measured again and again while paragraphs and tables are put together)."""

    chars: list[Char] = field(default_factory=list)

    @_CachedMeasure
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @_CachedMeasure
    def _inked(self) -> list[Char]:
        return [c for c in self.chars if c.text.strip() and c.x1 > c.x0] or self.chars

    @_CachedMeasure
    def x0(self) -> float:
        return min(c.x0 for c in self._inked)

    @_CachedMeasure
    def x1(self) -> float:
        return max(c.x1 for c in self._inked)

    @_CachedMeasure
    def top(self) -> float:
        return statistics.median(c.top for c in self._inked)

    @_CachedMeasure
    def bottom(self) -> float:
        return statistics.median(c.bottom for c in self._inked)

    @_CachedMeasure
    def baseline(self) -> float:
        """Where the line stands: its letters' baseline where the text layer gives it
        (glyph boxes vary with the letters, Thai marks above and below), else its bottom."""
        lines = [c.baseline for c in self.chars if c.baseline is not None]
        return statistics.median(lines) if lines else self.bottom

    @_CachedMeasure
    def size(self) -> float:
        return statistics.median(c.size for c in self._inked)

    @_CachedMeasure
    def mcid(self) -> int:
        """The tagged paragraph the line belongs to (-1: untagged)."""
        return statistics.mode(c.mcid for c in self._inked)

    @_CachedMeasure
    def box(self) -> Box:
        inked = self._inked
        return (min(c.x0 for c in inked), min(c.top for c in inked),
                max(c.x1 for c in inked), max(c.bottom for c in inked))

    @property
    def confidence(self) -> float | None:
        known = [c.confidence for c in self.chars if c.confidence is not None]
        return min(known) if known else None


class PlacedText(str):
    """A paragraph's text with where the reader found it: the box around its printed
    lines, and OCR's least confidence in its words. It is a `str`, so the code that joins
    and splits text need not carry the place along; text made from it by string
    operations is a plain `str` again, as its box may no longer hold it."""

    box: Box | None
    confidence: float | None

    def __new__(cls, text: str, runs: Sequence[TextRun] = ()) -> PlacedText:
        placed = super().__new__(cls, text)
        boxes = [run.box for run in runs if run.chars]
        placed.box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                      max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None
        known = [c for run in runs if (c := run.confidence) is not None]
        placed.confidence = min(known) if known else None
        return placed

    def replaced(self, text: str) -> PlacedText:
        """`text` (this text repaired) at this text's place."""
        placed = PlacedText(text)
        placed.box, placed.confidence = self.box, self.confidence
        return placed


def placed(text: str, like: str) -> str:
    """`text` at the place of `like`, where `like` has one."""
    return like.replaced(text) if isinstance(like, PlacedText) else text


@dataclass
class PageText:
    """One page read from its text layer: the lines it gives, or why it needs OCR."""

    number: int
    lines: list[PageLine]
    needs_ocr: str | None = None  # the reason, when the text layer is not usable
    first_table: tuple[int, list[float]] | None = None  # (line index, column x edges)
    last_table: tuple[int, list[float], str] | None = None  # (line index, edges, header)
    notes: list[tuple[str, str]] = field(default_factory=list)
    first_table_rows: list[list[CellText | None]] = field(default_factory=list)
    last_table_rows: list[list[CellText | None]] = field(default_factory=list)
    breaks_keep_spaces: bool = False
    # Running text at the top and foot of the page, to join a paragraph the page breaks.
    first_text_runs: list[TextRun] = field(default_factory=list)
    last_text_run: TextRun | None = None
    text_right: float = 0.0
    size: tuple[float, float] | None = None  # width and height, in the units of its boxes
    # How a word is measured against the room a line left (`is_wrapped`): OCR measures
    # ink, in pixels, and mends a misread word first. None: a text layer's defaults.
    fit_tolerance: float | None = None
    word_repair: WordRepair | None = None
    # How two readings of one printed line are compared beside equality (a table's header
    # printed again on the next page): OCR's slips differ from page to page.
    same_reading: Callable[[str, str], bool] | None = None
    # The lines, by their index as read, that went on the document's line before them
    # (the rest of a paragraph or of a table row the page break had cut).
    joined: tuple[int, ...] = ()


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
    import ctypes

    import pypdfium2.raw as pdfium_c

    paragraphs = paragraph_of_content(page)
    textpage = page.get_textpage()
    height = page.get_height()
    out: list[Char | None] = []
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(0), ctypes.c_double(0)
    # What a character shares with its text object (one font, size and matrix), by the
    # object's address: read once per object, not once per character.
    looks: dict[int, tuple[int, bool, float]] = {}
    object_address = _text_object_address()
    try:
        raw = textpage.raw
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                continue  # pdfium's own spaces and line ends: lines are rebuilt from boxes
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if code == 2 and pdfium_c.FPDFText_IsHyphen(raw, index) == 1:
                code = ord("-")  # pdfium's mark for a hyphen that ends a line
            char = chr(code) if 0 < code < 0x110000 else "\ufffd"
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
            key = object_address(raw, index)
            look = looks.get(key) if key else None
            if look is None:
                look = _char_look(raw, index, paragraphs)
                if key:
                    looks[key] = look
            mcid, italic, size = look
            pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(x), ctypes.byref(y))
            out.append(Char(char, box.left, height - box.top, box.right, height - box.bottom,
                            mcid, italic=italic, baseline=height - y.value, size=size))
    finally:
        textpage.close()
    return out


@functools.cache
def _text_object_address():
    """pdfium's FPDFText_GetTextObject returning the text object's address as an int (0
    for none): pypdfium2's binding returns a pointer object, and making a dict key of it
    took longer than all the other calls for a character together."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    address = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)


def _char_look(textpage, index: int, paragraphs: dict[int, int]) -> tuple[int, bool, float]:
    """The tagged paragraph, italics and font size of character `index`, all of them
    properties of its text object."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
    mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(text_object) if text_object else -1
    mcid = paragraphs.get(mcid, mcid if not paragraphs else -1)
    flags = ctypes.c_int(0)
    pdfium_c.FPDFText_GetFontInfo(textpage, index, None, 0, ctypes.byref(flags))
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
    # A face with no italic of its own is slanted by the writer (Noto Sans Thai
    # in LibreOffice): the text matrix shears it, and the font says nothing.
    slanted = matrix.d > 0 and matrix.c / matrix.d > _SLANT
    return (mcid, bool(flags.value & _ITALIC_FLAG) or slanted,
            pdfium_c.FPDFText_GetFontSize(textpage, index))


# Structure elements that sit inside a paragraph (PDF 32000-1, 14.8.4.4): the paragraph is
# the nearest element above a marked content that is none of these.
_INLINE_ELEMENTS = frozenset({"Span", "Link", "Quote", "Code", "Reference", "Note",
                              "BibEntry", "Ruby", "Warichu", "Lbl", "Annot", "Form",
                              "Em", "Strong"})


def paragraph_of_content(page) -> dict[int, int]:
    """The paragraph (a number) each marked-content id of a tagged page belongs to; empty
    for an untagged page. One paragraph may hold many ids: LibreOffice marks every line
    and every change of font as content of its own, under one P. The tree pdfium gives
    for a page may hold elements of other pages, whose ids are numbered on their own
    pages: an id claimed by two paragraphs is left out, its lines judged by geometry."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
    if not tree:
        return {}
    found: dict[int, int] = {}
    claimed_twice: set[int] = set()
    blocks = itertools.count()

    def element_type(element) -> str:
        size = pdfium_c.FPDF_StructElement_GetType(element, None, 0)
        name = ctypes.create_string_buffer(size)
        pdfium_c.FPDF_StructElement_GetType(element, name, size)
        return name.raw.decode("utf-16-le").rstrip("\x00")

    def walk(element, paragraph: int) -> None:
        if element_type(element) not in _INLINE_ELEMENTS:
            paragraph = next(blocks)
        for i in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element)):
            mcid = pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
            if mcid >= 0:
                if found.get(mcid, paragraph) != paragraph:
                    claimed_twice.add(mcid)
                found[mcid] = paragraph
        for i in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                walk(child, paragraph)

    try:
        for i in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            walk(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i), 0)
    finally:
        pdfium_c.FPDF_StructTree_Close(tree)
    return {mcid: paragraph for mcid, paragraph in found.items() if mcid not in claimed_twice}


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
    items = [c if not _is_bad(c.text) else Char("", c.x0, c.top, c.x1, c.bottom, c.mcid)
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
        # The left part of the mark's box, not its middle: italic faces slant a mark
        # drawn above a letter over the start of the next one.
        x, y = mark.x0 + (mark.x1 - mark.x0) * 0.25, mark.center[1]
        if not rows:
            break
        r = _nearest(middles, y)
        i = max(0, bisect.bisect_right(starts[r], x) - 1)
        if rows[r][i].text == "\u0e33" and i:
            i -= 1  # a tone drawn over SARA AM belongs to the letter before it (น้ำ)
        attached.setdefault(id(rows[r][i]), []).append(mark)
    runs = []
    for row in rows:
        run = TextRun()
        in_italic = False
        for index, char in enumerate(row):
            if index and char.text != " " and row[index - 1].text not in " (“[":
                gap = char.x0 - row[index - 1].x1
                if gap > (char.bottom - char.top) * space_gap:
                    run.chars.append(Char(" ", row[index - 1].x1, char.top, char.x0,
                                          char.bottom, char.mcid))
            if char.text.strip() and char.italic != in_italic:
                _mark_emphasis(run, char.x0, opening=char.italic)
                in_italic = char.italic
            run.chars.append(char)
            run.chars.extend(attached.get(id(char), []))
        if in_italic:
            _mark_emphasis(run, run.chars[-1].x1, opening=False)
        if run.text.strip():
            runs.append(run)
    return runs


def _nearest(values: list[float], x: float) -> int:
    """The index of the value nearest `x` in sorted `values`, the first of equals."""
    at = bisect.bisect_left(values, x)
    if at == len(values) or (at and x - values[at - 1] <= values[at] - x):
        at -= 1
        while at and values[at - 1] == values[at]:
            at -= 1
    return at


def _mark_emphasis(run: TextRun, x: float, *, opening: bool) -> None:
    """Open or close an italic span as a text export marks it (Markdown `*`): form
    parsers read italics as handwriting. A closing mark goes before trailing spaces."""
    spaces = []
    while not opening and run.chars and run.chars[-1].text == " ":
        spaces.append(run.chars.pop())
    near = run.chars[-1] if run.chars else None
    top, bottom = (near.top, near.bottom) if near else (0.0, 0.0)
    run.chars.append(Char("*", x, top, x, bottom, near.mcid if near else -1))
    run.chars.extend(reversed(spaces))


# Line-break rules office software follows (Unicode line breaking, UAX #14, as ICU applies
# it): no break after an opening bracket or quote, none before closing punctuation, and
# Latin words and numbers break only at spaces. Thai breaks between dictionary words.
_NO_BREAK_AFTER = "([{“‘\"'*"  # `*`: the Markdown mark of an italic span
_NO_BREAK_BEFORE = ")]}”’.,:;!?%/ฯๆ*"
# LibreOffice's Thai breaker keeps a slash with the words on both sides ('งาน/ส่วน' went
# to the next line whole in a narrow cell), so a line may not break after one either.
_NO_BREAK_AFTER += "/"
# Points more than the line step of a paragraph (`usual_steps`) that say a paragraph ends
# there (the least spacing an office writer puts after one is about 2 pt; the baselines'
# rounding is well under 1).
_PARAGRAPH_SPACING = 1.5
# Widths are advances read from the text layer; allow for rounding in the writer.
_FIT_TOLERANCE = 0.5
# Rules found on two pages are the same column within this share of the page's width.
_COLUMN_SLACK = 3 / 595
_SPLIT_AM = "\u0e4d\u0e32"
# Mends the marks of OCR'd Thai words (`normalize.repair_ocr_words`, the text only).
WordRepair = Callable[[str], str]


def _has_thai(text: str) -> bool:
    return any("\u0e01" <= c <= "\u0e5b" for c in text)


def first_word(text: str, word_repair: WordRepair | None = None) -> str:
    """The first piece of `text` a line breaker could not have split: what would have had
    to fit at the end of the line above for the break not to happen here. OCR text is
    segmented as `word_repair` mends it: a word read with a wrong mark falls apart into
    shorter ones (ชุมชูน: ชุม|ชู|น), which would have fitted."""
    head = text.lstrip()[:80]
    chunk = head.split(maxsplit=1)[0] if head.strip() else ""
    if not _has_thai(chunk):
        return chunk
    from pythainlp.tokenize import word_tokenize  # loaded only when PDFs are read

    # The dictionary spells SARA AM as one character; OCR and some text layers give
    # NIKHAHIT + SARA AA, which would cut 'การดำเนินการ' after 'การ'.
    read = chunk.replace(_SPLIT_AM, "\u0e33")
    mended = word_repair(read) if word_repair else read
    # Segmenters disagree where dictionaries do ('โครง|การบ้าน' against 'โครงการ|บ้าน'):
    # the writer's breaker may have kept either reading whole, so the longer counts.
    word = max((_first_token(word_tokenize(mended, engine=engine, keep_whitespace=False))
                for engine in ("newmm", "longest")), key=len)
    # The word in the chunk's own characters: the repair changes marks, never letters.
    letters = sum(1 for char in word if char not in _THAI_MARKS)
    end = 0
    while end < len(chunk) and (letters > 0 or chunk[end] in _THAI_MARKS):
        letters -= chunk[end] not in _THAI_MARKS  # ำ read as ํ + า: one letter, as in the word
        end += 1
    return chunk[:end]


def _first_token(tokens: list[str]) -> str:
    """The first token, with what punctuation and Latin glue to it."""
    word = ""
    for index, token in enumerate(tokens):
        word += token
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        glued = (word[-1] in _NO_BREAK_AFTER or following[:1] in tuple(_NO_BREAK_BEFORE)
                 or not (_has_thai(token) or _has_thai(following)))
        if not following or not glued:
            break
    return word


def _advance_end(chars: Sequence[Char]) -> float:
    """Where the pen stood after the last (non-mark) character, trailing spaces included."""
    ends = [c.x1 for c in chars if c.text not in _THAI_MARKS]
    return max(ends, default=0.0)


def first_word_width(run: TextRun, following: TextRun | None = None,
                     word_repair: WordRepair | None = None) -> float:
    """The printed width of the first word of `run`. A word too long for its column is
    broken between letters and runs on into `following`: then the whole line is the word."""
    text = run.text
    start = len(text) - len(text.lstrip())
    end = start + len(first_word(text + (following.text if following else ""), word_repair))
    return _printed_width(run, start, end)


def first_chunk_width(run: TextRun) -> float:
    """The printed width of the run's text up to its first space: its first word is no
    wider (`first_word` finds the word within that piece), and measuring this needs no
    dictionary."""
    text = run.text
    start = len(text) - len(text.lstrip())
    rest = text[start:].split(maxsplit=1)
    return _printed_width(run, start, start + len(rest[0]) if rest else start)


def _printed_width(run: TextRun, start: int, end: int) -> float:
    """The width of the run's characters at text offsets `start` to `end`."""
    chars, offset = [], 0
    for char in run.chars:  # by text offsets: a character may carry no text
        if start <= offset < end and char.text:
            chars.append(char)
        offset += len(char.text)
    return _advance_end(chars) - chars[0].x0 if chars else 0.0


def is_wrapped(previous: TextRun, run: TextRun, right_edge: float,
               following: TextRun | None = None, *, use_tags: bool = True,
               fit_tolerance: float = _FIT_TOLERANCE,
               word_repair: WordRepair | None = None) -> bool:
    """Whether `run` continues `previous` (`following` is the line after `run`).

    A tagged PDF says it: both lines are marked as the same paragraph. Otherwise only
    geometry can: the first word of `run` would not have fitted at the end of `previous`,
    so the writer had to break there. (A paragraph whose last line happens to end within
    a word of the edge looks wrapped; only tags tell them apart.)
    """
    if use_tags and previous.mcid >= 0 and run.mcid >= 0:
        return previous.mcid == run.mcid
    room = right_edge - _advance_end(previous.chars) - fit_tolerance
    if room >= 0 and first_chunk_width(run) <= room:
        return False  # the whole first piece would have fitted, so any word in it would
    return first_word_width(run, following, word_repair) > room


def join_runs(runs: Sequence[TextRun], right_edge: float, *,
              breaks_keep_spaces: bool = False,
              fit_tolerance: float = _FIT_TOLERANCE,
              word_repair: WordRepair | None = None,
              line_steps: LineSteps | None = None,
              opens_paragraph: Callable[[str], bool] | None = None) -> list[str]:
    """Join printed lines that wrap into one another; returns the paragraphs.

    With `line_steps` (a text layer's baselines, not OCR's ink), a line further below the
    one before than lines of its size stand in a paragraph, on this page or in this block,
    is a new paragraph: the writer put paragraph spacing there. Geometry alone cannot
    tell a paragraph whose last line ends within a word of the margin from a wrap;
    spacing can, where there is some.

    A line continues on the next when the next follows without a paragraph gap and its
    first word would not have fitted after it (`is_wrapped`). A line that ends with a space
    broke at that space. When the writer keeps those spaces (`breaks_keep_spaces`: some
    line on the page ends with one), a line without one broke inside a run of text and
    joins with nothing between; otherwise Thai letters join with no space and the rest
    with one (`normalize.join_broken_text`). A line that `opens_paragraph` (a label of
    the form) never continues the one above.
    """
    if not runs:
        return []
    pitches = [b.top - a.top for a, b in itertools.pairwise(runs) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0.0
    # The closest step from baseline to baseline, among steps of a line's height (a line
    # set a little off its neighbours, as a superscript, stands closer).
    steps = [b.baseline - a.baseline for a, b in itertools.pairwise(runs)]
    closest = min((p for p in steps if p > pitch * 0.6), default=pitch)
    paragraphs = [runs[0].text]
    members = [[runs[0]]]
    for index in range(1, len(runs)):
        previous, run = runs[index - 1], runs[index]
        following = runs[index + 1] if index + 1 < len(runs) else None
        # By tops or by bottoms, whichever is closer: OCR'd lines reach as high as their
        # marks and as low as their lower vowels ('ทราบ' has neither, its top 88 px under
        # the line before while the pitch is 65).
        close_below = pitch == 0 or min(run.top - previous.top,
                                        run.bottom - previous.bottom) <= pitch * 1.25
        if line_steps is not None:
            step = line_steps.get(round(previous.size), closest)
            if run.baseline - previous.baseline > step + _PARAGRAPH_SPACING:
                close_below = False
        if _next_list_item(runs[:index], run) or (
                opens_paragraph is not None and opens_paragraph(run.text)):
            close_below = False
        if not (close_below and is_wrapped(previous, run, right_edge, following,
                                           fit_tolerance=fit_tolerance,
                                           word_repair=word_repair)):
            paragraphs.append(run.text)
            members.append([run])
        else:
            paragraphs[-1] = join_wrapped(paragraphs[-1], previous, run.text,
                                          breaks_keep_spaces=breaks_keep_spaces)
            members[-1].append(run)
    return [PlacedText(p.strip(), lines) for p, lines in zip(paragraphs, members, strict=True)]


# The step from one baseline to the next within a paragraph, by font size (rounded).
LineSteps = dict[int, float]


def line_steps_of(runs: Sequence[TextRun]) -> dict[int, list[float]]:
    """The steps between consecutive printed lines of one size that start at the same x
    (one column, one cell), by font size; `usual_steps` makes line steps of them."""
    found: dict[int, list[float]] = {}
    # A run whose letters stand on different baselines is lines of two cells side by side.
    runs = [run for run in runs if _one_baseline(run)]
    for a, b in itertools.pairwise(sorted(runs, key=lambda r: r.baseline)):
        if abs(a.x0 - b.x0) <= 2 and abs(a.size - b.size) < 0.5 and b.baseline > a.baseline:
            found.setdefault(round(a.size), []).append(b.baseline - a.baseline)
    return found


def usual_steps(found: dict[int, list[float]]) -> LineSteps:
    """How far apart the lines of one paragraph stand, for each font size: the closest
    step that is common (steps within 0.3 pt of each other are one; common is two or more,
    and a twentieth of all). Not the closest of all: a line set in another face (Latin
    digits alone) stands closer, as a superscript does."""
    steps: LineSteps = {}
    for size, found_steps in found.items():
        clusters: list[list[float]] = []
        for step in sorted(found_steps):
            if clusters and step - clusters[-1][-1] <= 0.3:
                clusters[-1].append(step)
            else:
                clusters.append([step])
        least = max(2, len(found_steps) / 20)
        common = [c for c in clusters if len(c) >= least]
        if common:
            steps[size] = statistics.median(common[0])
    return steps


def _one_baseline(run: TextRun) -> bool:
    lines = [c.baseline for c in run.chars if c.baseline is not None and c.text.strip()]
    return bool(lines) and max(lines) - min(lines) <= 0.5


_DASH_ITEM = re.compile(r"^\s*[-–•▪●]\s")
_NUMBERED_ITEM = re.compile(r"^\s*([0-9]{1,2})\s*[.)]\s")


def _next_list_item(above: Sequence[TextRun], run: TextRun) -> bool:
    """Whether `run` opens the next item of a list the lines `above` began: a dash after
    a line that opened with one, number n + 1 after a line that opened with n. A line
    ending within a word of the margin looks wrapped; the list says it is not."""
    if _DASH_ITEM.match(run.text):
        return any(_DASH_ITEM.match(line.text) for line in above)
    numbered = _NUMBERED_ITEM.match(normalize.thai_digits_to_arabic(run.text))
    if not numbered:
        return False
    before = str(int(numbered.group(1)) - 1)
    return any((m := _NUMBERED_ITEM.match(normalize.thai_digits_to_arabic(line.text)))
               and m.group(1) == before for line in above)


def text_blocks(runs: Sequence[TextRun], *, indent: float) -> list[list[TextRun]]:
    """Printed lines in blocks that may hold wrapped paragraphs: consecutive lines one
    line step apart, starting within `indent` of the block's first, or centred under the
    line before (a wrapped title).

    A line step is measured on the page (`line_step`): a face's line height is not its
    letters' height (Laksaman sets 16 pt lines 27 pt apart for its stacked marks)."""
    step = line_step(runs)
    blocks: list[list[TextRun]] = []
    for run in runs:
        block = blocks[-1] if blocks else None
        if block and _next_line_of(block, run, step, indent):
            block.append(run)
        else:
            blocks.append([run])
    return blocks


def line_step(runs: Sequence[TextRun]) -> float:
    """The page's usual distance from one line's top to the next one's: the lower
    quartile of the steps between consecutive lines (paragraph gaps are the larger)."""
    steps = sorted(b.top - a.top for a, b in itertools.pairwise(runs) if b.top > a.top)
    return steps[len(steps) // 4] if steps else 0.0


def _next_line_of(block: list[TextRun], run: TextRun, step: float, indent: float) -> bool:
    last = block[-1]
    tight = run.top - last.bottom <= (last.bottom - last.top) * 0.5
    if not (tight or (step and run.top - last.top <= step * 1.15)):
        return False
    centred = abs((run.x0 + run.x1) - (last.x0 + last.x1)) / 2 <= 3 and run.x0 > block[0].x0
    return abs(run.x0 - block[0].x0) <= indent or centred


def join_wrapped(paragraph: str, last_line: TextRun, text: str, *,
                 breaks_keep_spaces: bool) -> str:
    """`paragraph` (ending with `last_line`) continued by `text` from the next line."""
    if last_line.text.endswith((" ", "\u00a0")):
        return paragraph.rstrip() + " " + text.strip()
    if breaks_keep_spaces:
        return paragraph.rstrip() + text.strip()
    return normalize.join_broken_text(paragraph, text)


def keeps_break_spaces(runs: Sequence[TextRun]) -> bool:
    """Whether the writer leaves the space a line broke at in the text layer (line ends are
    never spaces otherwise: `split_runs` only adds spaces between letters)."""
    return any(run.text.endswith(" ") for run in runs)


def left_margin(runs: Sequence[TextRun]) -> float:
    """Where most lines start: the text column's left edge."""
    if not runs:
        return 0.0
    common = statistics.mode(round(run.x0) for run in runs)
    return min(run.x0 for run in runs if round(run.x0) == common)


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


# A character of none of `_ALLOWED_BLOCKS`: a page's text is counted in one regex pass.
_FOREIGN = re.compile("[^" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _ALLOWED_BLOCKS)
                      + "]")


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
    foreign = len(_FOREIGN.findall("".join(chars)))
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


# --- tables ----------------------------------------------------------------------------

def nest_grids(grids: Sequence[_Grid]) -> list[_Grid]:
    """The page's outermost tables, each table that lies inside a cell of another put in
    that cell's `inner` list. Office writers inset a nested table in its cell by the cell's
    padding, so its rules do not meet the outer ones and it is found as a table apart."""
    placed: list[_Grid] = []
    for grid in sorted(grids, key=lambda g: (g.bbox[2] - g.bbox[0]) * (g.bbox[3] - g.bbox[1]),
                       reverse=True):
        host = _cell_holding(placed, grid.bbox)
        if host is None:
            placed.append(grid)
        else:
            outer, where = host
            outer.inner.setdefault(where, []).append(grid)
    return sorted(placed, key=lambda g: g.bbox[1])


def _cell_holding(grids: Sequence[_Grid], box: tuple[float, float, float, float]
                  ) -> tuple[_Grid, tuple[int, int]] | None:
    """The innermost cell, among `grids` and the tables nested in them, that holds `box`."""
    for grid in grids:
        for r, row in enumerate(grid.rows):
            for c, cell in enumerate(row):
                if cell is not None and _holds(cell, box):
                    deeper = _cell_holding(grid.inner.get((r, c), []), box)
                    return deeper or (grid, (r, c))
    return None


def _holds(outer: tuple[float, float, float, float],
           inner: tuple[float, float, float, float], slack: float = 1.0) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1]
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack
            and inner != outer)


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x, y = point
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def cell_text(cell: CellText) -> str:
    """A cell as a text export writes it: one paragraph as plain text, several as HTML
    `<p>` blocks (form parsers read blocks, e.g. the lines of a contact cell), and a
    table nested in the cell as an embedded HTML `<table>` among them."""
    parts = cell.parts if cell.parts is not None else cell.paragraphs
    if len(parts) <= 1 and all(isinstance(p, str) for p in parts):
        return "".join(p.replace("\t", " ") for p in parts)  # type: ignore[union-attr]
    return " ".join(f"<p>{_escaped(p)}</p>" if isinstance(p, str) else _html_table(p)
                    for p in parts)


def _escaped(text: str) -> str:
    return html.escape(text.replace("\t", " "), quote=False)


def _html_table(rows: list[list[CellText | None]]) -> str:
    """A nested table: each cell's paragraphs as one text (the cell reader of a text
    export keeps one text per nested cell)."""
    def cell(c: CellText | None) -> str:
        return "<td>" + (_escaped(" ".join(c.paragraphs)) if c else "") + "</td>"

    return "<table>" + "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>"
                               for row in rows) + "</table>"


@dataclass
class CellText:
    """A table cell's paragraphs, with the lines they came from (to tell whether a row
    broken by a page break goes on in the next page's first row)."""

    paragraphs: list[str]
    runs: list[TextRun]
    right_edge: float
    # The paragraphs and the rows of nested tables in printed order, where the cell holds
    # a table; None for a cell of text alone.
    parts: list[str | list[list[CellText | None]]] | None = None
    box: tuple[float, float, float, float] | None = None  # the cell's ruled box

    @property
    def has_text(self) -> bool:
        return bool(self.paragraphs) or bool(self.parts)

    @property
    def ordered(self) -> list[str | list[list[CellText | None]]]:
        """Paragraphs and nested tables in printed order."""
        return list(self.parts) if self.parts is not None else list(self.paragraphs)


def row_line(cells: Sequence[CellText | None]) -> str:
    return "\t".join(cell_text(c) if c else "" for c in cells)


@dataclass
class TableRow:
    """A line of the page that is a table row: its cells as the grid gave them, so that
    they reach the document as cells, not as text to be parsed again."""

    cells: list[CellText | None]

    def __str__(self) -> str:
        return row_line(self.cells)

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        """The box around the row's ruled cells."""
        return union_box(*(cell.box for cell in self.cells if cell is not None))


# A page's line: running text (or "" between blocks), or a table row.
PageLine = str | TableRow


def normalized_row(cells: Sequence[CellText | None],
                   fix: Callable[[list[str]], list[str]]) -> list[CellText | None]:
    """The cells with `fix` applied to the paragraphs of each cell, those of a nested
    table's cells too: one call a cell that holds text, in printed order."""
    out: list[CellText | None] = []
    for cell in cells:
        if cell is None:
            out.append(None)
            continue
        fixed = iter([placed(text, like) for text, like in zip(
            fix(cell.paragraphs), cell.paragraphs, strict=True)] if cell.paragraphs else [])
        parts = None if cell.parts is None else [
            next(fixed) if isinstance(part, str) else [normalized_row(r, fix) for r in part]
            for part in cell.parts]
        paragraphs = [p for p in parts if isinstance(p, str)] if parts is not None \
            else list(fixed)
        out.append(dataclasses.replace(cell, paragraphs=paragraphs, parts=parts))
    return out


def row_cells(cells: Sequence[CellText | None], line: int, page: int | None) -> list[Cell]:
    """A table row's cells as blocks: paragraphs (italics as the reader marked them,
    `*...*`) and nested tables, in printed order. Trailing empty cells are dropped."""
    def paragraph(text: str) -> Paragraph | None:
        return paragraph_of(markdown_spans(text.replace("\t", " ")), line, page,
                            box=getattr(text, "box", None),
                            confidence=getattr(text, "confidence", None))

    def joined(texts: list[str]) -> str:
        placed = PlacedText(" ".join(texts))
        placed.box = union_box(*(getattr(t, "box", None) for t in texts))
        placed.confidence = min((c for t in texts if (c := getattr(t, "confidence", None))
                                 is not None), default=None)
        return placed

    def nested(rows: list[list[CellText | None]]) -> Table | None:
        kept = [Row([Cell([p] if c and (p := paragraph(joined(c.paragraphs))) else [], c.box
                          if c else None)
                     for c in r], line, page) for r in rows]
        kept = [r for r in kept if any(c.text for c in r.cells)]
        return Table(kept) if kept else None

    out: list[Cell] = []
    for cell in cells:
        blocks: list[Paragraph | Table] = []
        for part in cell.ordered if cell else []:
            block = paragraph(part) if isinstance(part, str) else nested(part)
            if block is not None:
                blocks.append(block)
        out.append(Cell(blocks, cell.box if cell else None))
    while out and not out[-1].text and not out[-1].tables:
        out.pop()
    return out


def cell_padding(grids: Sequence[_Grid], chars: Sequence[Char | None]) -> float | None:
    """The room a writer leaves between a cell's side and its text, the same in every
    cell of a page: the lower quartile of the cells' insets (a glyph may overhang its
    advance, and centred or right-aligned cells stand further in). None without cells."""
    first_x: dict[tuple[int, int, int], float] = {}
    boxes = [grid for top in grids for grid in _with_nested(top)]
    for char in chars:
        if char is None or not char.text.strip():
            continue
        point = char.center
        for g, grid in enumerate(boxes):
            if _inside(point, grid.bbox) and (found := _cell_at(grid, point)):
                key = (g, *found)
                first_x[key] = min(char.x0, first_x.get(key, char.x0))
    insets = sorted(x - boxes[g].rows[r][c][0]  # type: ignore[index]
                    for (g, r, c), x in first_x.items())
    return max(insets[len(insets) // 4], 0.0) if insets else None


def _with_nested(grid: _Grid) -> list[_Grid]:
    return [grid, *(n for inners in grid.inner.values() for inner in inners
                    for n in _with_nested(inner))]


def _cell_at(grid: _Grid, point: tuple[float, float]) -> tuple[int, int] | None:
    """(row, column) of the cell holding `point`. A cell that spans rows stands in the
    first of them only (the rows below hold None there), so a point below its first row
    is looked for in the rows above too."""
    x, y = point
    r = bisect.bisect_right(grid.row_tops, y) - 1
    for row in range(r, -1, -1):
        for c, box in enumerate(grid.rows[row]):
            # `_inside`, written out: this runs for every character of every table
            if box is not None and box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return row, c
    return None


def table_cells(grid: _Grid, chars: Sequence[Char | None], *, space_gap: float = 0.25,
                breaks_keep_spaces: bool = False,
                fit_tolerance: float = _FIT_TOLERANCE,
                word_repair: WordRepair | None = None,
                line_steps: LineSteps | None = None,
                padding: float | None = None) -> list[list[CellText | None]]:
    """The grid's rows that hold text, as cells (None for a merged cell). A table nested
    in a cell is read on its own and stands among the cell's paragraphs."""
    nested = [inner.bbox for inners in grid.inner.values() for inner in inners]
    buckets: dict[tuple[int, int], list[Char | None]] = {}
    for char in chars:
        if char is None:
            continue  # `split_runs` finds a cell's lines from where its letters sit
        point = char.center
        if not _inside(point, grid.bbox) or any(_inside(point, box) for box in nested):
            continue
        found = _cell_at(grid, point)
        if found is not None:
            buckets.setdefault(found, []).append(char)
    runs_of = {key: split_runs(chars_in, space_gap=space_gap)
               for key, chars_in in buckets.items()}
    rows: list[list[CellText | None]] = []
    for r, row in enumerate(grid.rows):
        cells: list[CellText | None] = []
        for c, box in enumerate(row):
            if box is None:
                cells.append(None)
                continue
            runs = runs_of.get((r, c), [])
            # Without the writer's padding (`cell_padding`), each cell is taken as padded
            # alike on both sides: the text's inset on the left is the room kept free on
            # the right.
            inset = padding if padding is not None else min(
                (run.x0 for run in runs), default=box[0]) - box[0]
            right_edge = box[2] - max(inset, 0.0)
            def paragraphs_of(lines: list[TextRun], edge: float = right_edge) -> list[str]:
                return [p for p in join_runs(lines, edge, breaks_keep_spaces=breaks_keep_spaces,
                                             fit_tolerance=fit_tolerance,
                                             word_repair=word_repair,
                                             line_steps=line_steps) if p]

            inner = sorted(grid.inner.get((r, c), []), key=lambda g: g.bbox[1])
            if not inner:
                cells.append(CellText(paragraphs_of(runs), runs, right_edge, box=box))
                continue
            parts: list[str | list[list[CellText | None]]] = []
            rest = runs
            for table in inner:
                above = [run for run in rest if run.top < table.bbox[1]]
                rest = [run for run in rest if run.top >= table.bbox[1]]
                parts.extend(paragraphs_of(above))
                parts.append(table_cells(table, chars, space_gap=space_gap,
                                         breaks_keep_spaces=breaks_keep_spaces,
                                         fit_tolerance=fit_tolerance,
                                         word_repair=word_repair, line_steps=line_steps,
                                         padding=padding))
            parts.extend(paragraphs_of(rest))
            parts = [part for part in parts if part]
            cells.append(CellText([p for p in parts if isinstance(p, str)], runs, right_edge,
                                  parts, box))
        if any(cell and cell.has_text for cell in cells):
            rows.append(cells)
    return rows


def row_continues(above: Sequence[CellText | None], below: Sequence[CellText | None],
                  page: PageText) -> bool:
    """Whether `below` (the first row on a page) is the rest of `above` (the last row on
    `page`, the page before), broken by the page break: every cell with text in `below`
    goes on from its cell in `above` (`_cell_goes_on`), and one does."""
    if len(above) != len(below):
        return False
    goes_on = [_cell_goes_on(top, bottom, page)
               for top, bottom in zip(above, below, strict=True)]
    return False not in goes_on and True in goes_on


def _cell_goes_on(top: CellText | None, bottom: CellText | None, page: PageText
                  ) -> bool | None:
    """Whether `bottom` goes on from `top` over a page break: its text from the last line
    of `top` (`is_wrapped`), or its nested table from the table `top` ends with (a table
    of as many columns). None when `bottom` is empty."""
    if bottom is None or not bottom.has_text:
        return None
    if top is None or not top.has_text or not _same_span(top, bottom, _column_slack(page)):
        return False  # a cell spanning other columns (a heading row) is no cell's rest
    first, last = bottom.ordered[0], top.ordered[-1]
    if isinstance(first, list) or isinstance(last, list):
        return (isinstance(first, list) and isinstance(last, list)
                and len(first[0]) == len(last[0]))
    text_runs = [run for run in bottom.runs if run.text.strip()]
    if not top.runs or not text_runs:
        return False
    following = text_runs[1] if len(text_runs) > 1 else None
    # Across a page break only geometry tells: tags number paragraphs page by page.
    return is_wrapped(top.runs[-1], text_runs[0], top.right_edge, following, use_tags=False,
                      fit_tolerance=_fit_tolerance(page), word_repair=page.word_repair)


def _same_span(a: CellText, b: CellText, slack: float) -> bool:
    if a.box is None or b.box is None:
        return True
    return abs(a.box[0] - b.box[0]) <= slack and abs(a.box[2] - b.box[2]) <= slack


def merge_broken_row(above: Sequence[CellText | None], below: Sequence[CellText | None],
                     page: PageText) -> list[CellText | None]:
    """One row from the two parts of a row broken by a page break (`above` on `page`)."""
    return [_merge_cells(top, bottom, page) for top, bottom in zip(above, below, strict=True)]


def _merge_cells(top: CellText | None, bottom: CellText | None, page: PageText
                 ) -> CellText | None:
    if bottom is None or not bottom.has_text:
        return top
    if top is None or not top.has_text:
        return bottom
    first, last = bottom.ordered[0], top.ordered[-1]
    if isinstance(first, list) and isinstance(last, list):
        joined: str | list[list[CellText | None]] = _join_nested_tables(last, first, page)
    else:
        joined = join_wrapped(str(last), top.runs[-1], str(first),
                              breaks_keep_spaces=page.breaks_keep_spaces)
    parts = [*top.ordered[:-1], joined, *bottom.ordered[1:]]
    return CellText([p for p in parts if isinstance(p, str)], [*top.runs, *bottom.runs],
                    top.right_edge, parts if any(isinstance(p, list) for p in parts) else None,
                    top.box)


def _join_nested_tables(above: list[list[CellText | None]], below: list[list[CellText | None]],
                        page: PageText) -> list[list[CellText | None]]:
    """A nested table broken by a page break: its header printed again goes, and a row
    the break cut is put back together."""
    header = 0
    while (header < min(len(above), len(below)) - 1
           and _same_reading(page, row_line(above[header]), row_line(below[header]))):
        header += 1
    below = below[header:]
    if below and row_continues(above[-1], below[0], page):
        merged = merge_broken_row(above[-1], below[0], page)
        return [*above[:-1], merged, *below[1:]]
    return [*above, *below]


# --- pages -------------------------------------------------------------------------------

@dataclass
class PageLayer:
    """All the reader takes from one page with pdfium, read in one visit: loading a page
    parses its whole content stream, and each page is needed twice (for the line steps
    of the whole document, then for its own text)."""

    chars: list[Char | None]
    runs: list[TextRun]  # the printed lines of all its characters (`split_runs`)
    size: tuple[float, float]  # width and height, in points
    has_images: bool
    grids: list[_Grid]  # its ruled tables, nested tables in their cells (`nest_grids`)


def read_layer(page) -> PageLayer:
    import pypdfium2.raw as pdfium_c

    chars = read_chars(page)
    objects = objects_by_type(page)
    paths = objects.get(pdfium_c.FPDF_PAGEOBJ_PATH, [])
    return PageLayer(chars, split_runs(chars), (page.get_width(), page.get_height()),
                     bool(objects.get(pdfium_c.FPDF_PAGEOBJ_IMAGE)),
                     nest_grids(text_layer_grids(paths, page.get_height())))


def read_pages(document) -> list[PageText]:
    """Read every page's text layer. Paragraph spacing is judged against the line steps
    of the whole document (`line_steps_of`): a page may hold no wrapped line of a size."""
    layers = []
    for index in range(len(document)):
        page = document[index]
        layers.append(read_layer(page))
        page.close()
    found: dict[int, list[float]] = {}
    for layer in layers:
        for size, page_steps in line_steps_of(layer.runs).items():
            found.setdefault(size, []).extend(page_steps)
    steps = usual_steps(found)
    return [read_page(layer, number, steps) for number, layer in enumerate(layers, 1)]


def read_page(layer: PageLayer, number: int, steps: LineSteps) -> PageText:
    """Read one page's text layer, with the document's line `steps`."""
    chars, size, grids = layer.chars, layer.size, layer.grids
    raw = "".join(c.text if c else "\n" for c in chars)
    problem = text_layer_problem(raw)
    if problem == "the page has no text layer" and not layer.has_images:
        if not raw.strip():
            return PageText(number, [], size=size)  # a blank page
        problem = None  # a short page: the last line of a form, alone
    if problem is not None:
        return PageText(number, [], needs_ocr=problem)
    notes = []
    stray = sum(1 for c in chars if c is not None and _is_bad(c.text))
    if stray:
        chars = [c for c in chars if c is None or not _is_bad(c.text)]
        notes.append(("stray_control_chars",
                      f"page {number}: {stray} control character(s) dropped from the text "
                      "layer (glyphs mapped to no character)"))
    padding = cell_padding(grids, chars)
    keeps_spaces = keeps_break_spaces(split_runs(chars) if stray else layer.runs)
    blocks: list[tuple[float, list[PageLine], bool]] = []  # (top, lines, is_table)
    cells_of: dict[float, list[list[CellText | None]]] = {}
    for grid in grids:
        cells = table_cells(grid, chars, breaks_keep_spaces=keeps_spaces, line_steps=steps,
                            padding=padding)
        if cells:
            cells_of[grid.bbox[1]] = cells
            blocks.append((grid.bbox[1], [TableRow(row) for row in cells], True))
    loose = [c for c in chars
             if c is None or not any(_inside(c.center, g.bbox) for g in grids)]
    runs = split_runs(loose)
    # Office pages have even margins: the text column ends at the mirror of its start.
    text_right = size[0] - left_margin(runs)
    runs_of: dict[float, list[TextRun]] = {}
    for group in text_blocks(runs, indent=30):
        blocks.append((group[0].top, join_runs(
            group, text_right, breaks_keep_spaces=keeps_spaces, line_steps=steps,
            opens_paragraph=normalize.opens_with_label), False))
        runs_of[group[0].top] = group
    blocks.sort(key=lambda b: b[0])
    lines: list[PageLine] = []
    first_table = last_table = None
    first_rows: list[list[CellText | None]] = []
    last_rows: list[list[CellText | None]] = []
    for index, (_top, block_lines, is_table) in enumerate(blocks):
        if lines:
            lines.append("")
        if is_table:
            grid = next(g for g in grids if g.bbox[1] == _top)
            if index == 0:
                first_table = (len(lines), grid.col_edges)
                first_rows = cells_of[_top]
            if index == len(blocks) - 1:
                last_table = (len(lines), grid.col_edges, str(block_lines[0]))
                last_rows = cells_of[_top]
        lines.extend(block_lines)
    first_runs = runs_of[blocks[0][0]][:2] if blocks and not blocks[0][2] else []
    last_run = runs_of[blocks[-1][0]][-1] if blocks and not blocks[-1][2] else None
    return PageText(number, lines, first_table=first_table, last_table=last_table,
                    notes=notes, first_table_rows=first_rows, last_table_rows=last_rows,
                    breaks_keep_spaces=keeps_spaces, first_text_runs=first_runs,
                    last_text_run=last_run, text_right=text_right, size=size)


def _same_columns(a: list[float], b: list[float], slack: float) -> bool:
    """Whether two parts of a table have its columns: the same cell edges; or the part
    above showing only some of them (a plan's year row over its month columns, left alone
    at a page foot; a Word table whose nested table's rules join the outer ones below);
    or the part below lacking a few edges that its rows all merge (a plan's last months,
    empty under the break), or whose rule a scan lost."""
    if len(a) == len(b):
        return all(abs(x - y) <= slack for x, y in zip(a, b, strict=True))
    if not a or not b or abs(a[0] - b[0]) > slack:
        return False
    fewer, more = (a, b) if len(a) < len(b) else (b, a)
    within = all(any(abs(x - y) <= slack for y in more) for x in fewer)
    return within and (fewer is a or len(more) - len(fewer) <= len(more) // 4)


def _column_slack(page: PageText) -> float:
    """How far apart the same rule may be found on two pages, in the page's units: 3 pt
    on an A4 page, 12 px at 300 dpi (a scan's rules are found to a few pixels, and each
    page lies a little differently on the glass)."""
    return page.size[0] * _COLUMN_SLACK if page.size else 3.0


def _fit_tolerance(page: PageText) -> float:
    return _FIT_TOLERANCE if page.fit_tolerance is None else page.fit_tolerance


def _same_reading(page: PageText, a: PageLine, b: PageLine) -> bool:
    """Whether two lines are the same printed text: equal but for spaces, or as the
    page's reader compares two readings of one text (OCR reads a header printed on two
    pages with different slips)."""
    if _squash(a) == _squash(b):
        return True
    return page.same_reading is not None and page.same_reading(str(a), str(b))


@dataclass(frozen=True)
class PageStart:
    """Where a page's lines went in the document's lines (`join_pages`)."""

    first: int  # the index of its first line kept
    joined: dict[int, int]  # a line that went on an earlier one: its index as read -> there

    def line_of(self, index: int) -> int:
        """The document's index of the page's line `index` (as read)."""
        if index in self.joined:
            return self.joined[index]
        return self.first + index - sum(1 for gone in self.joined if gone < index)


def join_pages(pages: Sequence[PageText]
               ) -> tuple[list[PageLine], list[int], dict[int, PageStart]]:
    """The document's lines, the page of each, and where each page's lines went.
    Pages are separated by a blank line,
    except where a table runs on to the next page without repeating its header: then its
    rows follow the part above directly, one table. A table's header left alone at the
    foot of a page and printed again on the next (`orphaned_header_rows`) is kept once."""
    lines: list[PageLine] = []
    page_of: list[int] = []
    starts: dict[int, PageStart] = {}
    previous: PageText | None = None
    for page in pages:
        if not page.lines:
            previous = page
            continue
        continues = False
        targets: list[int] = []  # where the lines of `page.joined` went
        if (previous is not None and previous.last_table and page.first_table
                and page.first_table[0] == 0
                and _same_columns(previous.last_table[1], page.first_table[1],
                                  max(_column_slack(previous), _column_slack(page)))):
            orphans = orphaned_header_rows(previous, page)
            if orphans:
                del lines[len(lines) - orphans:], page_of[len(page_of) - orphans:]
                while lines and isinstance(lines[-1], str) and not lines[-1].strip():
                    lines.pop()
                    page_of.pop()
            if len(previous.last_table[1]) < len(page.first_table[1]):
                _spread_over_columns(previous, page.first_table[1], lines)
            elif len(previous.last_table[1]) > len(page.first_table[1]):
                page = _page_over_columns(page, previous.last_table[1])
            header = previous.last_table[2]
            continues = not orphans and not _same_reading(page, page.lines[0], header)
            if not orphans:
                page = rejoin_broken_row(previous, page, lines)
                targets += [len(lines) - 1] * (len(page.joined) - len(targets))
        if previous is not None and paragraph_goes_on(previous, page) and lines:
            joined = join_wrapped(str(lines[-1]), previous.last_text_run, str(page.lines[0]),
                                  breaks_keep_spaces=previous.breaks_keep_spaces)
            above = lines[-1]
            lines[-1] = above.replaced(joined) if isinstance(above, PlacedText) else joined
            page = without_line(page, 0)
            targets.append(len(lines) - 1)
            continues = True
        if lines and not continues:
            lines.append("")
            page_of.append(page.number)
        starts[page.number] = PageStart(len(lines), dict(zip(page.joined, targets,
                                                             strict=True)))
        lines.extend(page.lines)
        page_of.extend([page.number] * len(page.lines))
        previous = page
    return lines, page_of, starts


def _spread_over_columns(previous: PageText, edges: list[float], lines: list[PageLine]
                         ) -> None:
    """The rows that end `previous`, a part of a table that shows only some of its
    columns (`_same_columns`), set out over all `edges`, as the rows of the part below
    are (the last lines of `lines`)."""
    rows = previous.last_table_rows
    spread = [_spread_row(row, edges) for row in rows]
    previous.last_table_rows = spread
    first = len(lines) - len(rows)
    lines[first:] = [TableRow(cells) for cells in spread]


def _page_over_columns(page: PageText, edges: list[float]) -> PageText:
    """`page` with the rows of the table that opens it, which shows only some of the
    columns of the part above (`edges`), set out over them all."""
    spread = [_spread_row(row, edges) for row in page.first_table_rows]
    lines = [*map(TableRow, spread), *page.lines[len(spread):]]
    closing = page.last_table is not None and page.last_table[0] == 0
    return dataclasses.replace(
        page, lines=lines, first_table=(0, edges), first_table_rows=spread,
        last_table=(0, edges, str(lines[0])) if closing else page.last_table,
        last_table_rows=spread if closing else page.last_table_rows)


def _spread_row(row: Sequence[CellText | None], edges: list[float]
                ) -> list[CellText | None]:
    """Each cell of `row` under the column of `edges` it starts at."""
    cells: list[CellText | None] = [None] * len(edges)
    for cell in row:
        if cell is not None and cell.box is not None:
            at = min(range(len(edges)), key=lambda i: abs(edges[i] - cell.box[0]))
            cells[at] = cell
    return cells


def paragraph_goes_on(previous: PageText, page: PageText) -> bool:
    """Whether the running text at the foot of `previous` goes on at the top of `page`.

    Only geometry is asked: tags are per page here (a marked-content id says nothing
    about the next page's), and a paragraph's lines on two pages are two sequences.
    """
    last, first = previous.last_text_run, page.first_text_runs
    if (last is None or not first or not page.lines or page.first_table
            or normalize.opens_with_label(first[0].text)):
        return False
    following = first[1] if len(first) > 1 else None
    return is_wrapped(last, first[0], previous.text_right, following, use_tags=False,
                      fit_tolerance=_fit_tolerance(previous), word_repair=previous.word_repair)


def repeated_header_rows(previous: PageText, page: PageText) -> int:
    """How many rows at the top of `page` repeat the header of `previous`'s last table."""
    if previous.last_table is None:
        return 0
    above = previous.lines[previous.last_table[0]:]
    count = 0
    while (count < len(above) - 1 and count < len(page.lines)
           and _same_reading(page, above[count], page.lines[count])):
        count += 1
    return count


def rejoin_broken_row(previous: PageText, page: PageText, lines: list[PageLine]
                      ) -> PageText:
    """A table row broken by the page break (its rest under the repeated header, or at
    the top) goes back into one row: `lines[-1]`, the row above, is replaced by the whole
    row and the page is returned without its rest."""
    skip = repeated_header_rows(previous, page)
    if (not previous.last_table_rows or len(page.first_table_rows) <= skip
            or not lines or _squash(lines[-1]) != _squash(
                row_line(previous.last_table_rows[-1]))):
        return page
    above, below = previous.last_table_rows[-1], page.first_table_rows[skip]
    if (len(previous.last_table_rows) == 1 and previous.last_table
            and previous.last_table[0] and below and below[0] and below[0].has_text):
        # A table's header alone at a page foot, and a row that starts with its first
        # cell on the next: that row's own (the rest of a broken header leaves it empty).
        return page
    if not row_continues(above, below, previous):
        return page
    merged = merge_broken_row(above, below, previous)
    lines[-1] = TableRow(merged)
    previous.last_table_rows[-1] = merged
    rows = [*page.first_table_rows[:skip], *page.first_table_rows[skip + 1:]]
    last_rows = rows if page.last_table and page.last_table[0] == 0 else page.last_table_rows
    return dataclasses.replace(without_line(page, skip), first_table_rows=rows,
                               last_table_rows=last_rows)


def without_line(page: PageText, index: int) -> PageText:
    """`page` with its line `index` gone (joined to the page before)."""
    last_table = page.last_table
    if last_table is not None and last_table[0] > index:
        last_table = (last_table[0] - 1, *last_table[1:])  # type: ignore[assignment]
    as_read = index + sum(1 for gone in page.joined if gone <= index)
    return dataclasses.replace(page, lines=[*page.lines[:index], *page.lines[index + 1:]],
                               last_table=last_table, joined=(*page.joined, as_read))


def orphaned_header_rows(previous: PageText, page: PageText) -> int:
    """How many lines end `previous` that are only its last table's header, printed again
    at the top of `page` (a table that started at the foot of a page with no room for a
    body row); 0 when the table has body rows there."""
    if previous.last_table is None:
        return 0
    rows = previous.lines[previous.last_table[0]:]
    again = page.lines[:len(rows)]
    if rows and len(again) == len(rows) and all(
            _same_reading(page, a, b) for a, b in zip(rows, again, strict=True)):
        return len(rows)
    return 0


def _squash(line: PageLine) -> str:
    return "".join(str(line).split())
