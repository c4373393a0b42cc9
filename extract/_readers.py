"""Readers: turn an input file into a `Document` of normalized lines.

PDFs are read from their text layer (extract/_pdf.py); pages without a usable one, and
image files, are read by OCR (extract/_ocr.py). The text layer gives running text as
lines and table rows as cells (`Document.cells`); OCR gives lines shaped like a text
export (tab-separated table rows). The structure step (extract/_structure.py) makes the
same blocks of all of them.

Text exports come in whatever encoding the office's software wrote: UTF-8 with or without
a BOM, UTF-16 (Windows "Unicode" text), or the Thai legacy encodings TIS-620 / cp874 that
older Thai systems still emit. cp874 is a superset of TIS-620, so one decoder covers both.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from .. import normalize
from ._document import Document, Line, Repair
from ._settings import ReadSettings
from .errors import (
    BinaryDocumentError,
    EmptyDocumentError,
    EncodingError,
    TooManyPagesError,
    UnsupportedFormatError,
)

if TYPE_CHECKING:
    from . import _pdf

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
INPUT_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES

DEFAULT_SETTINGS = ReadSettings()

# A share of U+FFFD above this after a UTF-8 decode means the file is not UTF-8 at all.
_MAX_BAD_UTF8_SHARE = 0.001


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, data: bytes | None = None, *,
                  settings: ReadSettings = DEFAULT_SETTINGS,
                  doc_id: str | None = None) -> Document:
    """Read one input file. Raises a `DocumentError` subclass for unreadable input, and
    `TooManyPagesError` for a PDF or image of more than `settings.max_pages` pages, before
    any page is read (a long scan would take minutes a page to be refused afterwards).
    `doc_id`: the document's id where the caller has one, else the SHA-256 of its bytes
    (`doc_id_of`), so that a file is hashed once."""
    suffix = path.suffix.lower()
    if suffix not in INPUT_SUFFIXES:
        raise UnsupportedFormatError(
            f"unsupported file type {suffix or '(none)'!r}: expected one of "
            f"{', '.join(sorted(INPUT_SUFFIXES))}",
            source_path=str(path),
        )
    if data is None:
        data = path.read_bytes()
    if suffix in PDF_SUFFIXES:
        return read_pdf_document(path, data, settings, doc_id=doc_id)
    if suffix in IMAGE_SUFFIXES:
        return read_image_document(path, data, settings, doc_id=doc_id)
    text, encoding, notes = decode_text(data, str(path))
    return build_document(
        text, doc_id=doc_id or doc_id_of(data), source_path=str(path),
        source_format="text", encoding=encoding, notes=notes,
    )


def read_pdf_document(path: Path, data: bytes, settings: ReadSettings = DEFAULT_SETTINGS,
                      *, doc_id: str | None = None) -> Document:
    """A PDF: each page from its text layer, or by OCR when that layer is unusable."""
    from . import _ocr, _pdf

    if not data.strip():
        raise EmptyDocumentError("the file is empty", source_path=str(path))
    document = _pdf.open_pdf(data, str(path))
    n_pages = len(document)
    try:
        _check_page_count(n_pages, settings.max_pages, path)
    except TooManyPagesError:
        document.close()
        raise
    try:
        pages = _pdf.read_pages(document)
    finally:
        document.close()
    notes: list[tuple[str, str]] = []
    stray = [n for p in pages for n in p.notes]
    if stray:
        notes.append(("stray_control_chars", "; ".join(m for _, m in stray)))
    to_ocr = [p for p in pages if p.needs_ocr]
    with_text = len([p for p in pages if p.lines or p.needs_ocr])
    flags: dict[int, list[tuple[int, str, str]]] = {}
    if to_ocr:
        images = _ocr.render_pdf_pages(data, [p.number for p in to_ocr])
        for page, read in zip(to_ocr, _ocr.read_pages_parallel(
                images, [p.number for p in to_ocr], settings.pages_at_once), strict=True):
            if page.needs_ocr != "the page has no text layer":
                notes.append(("text_layer_unusable",
                              f"page {page.number}: {page.needs_ocr}; the page was read by "
                              "OCR instead"))
            pages[page.number - 1] = read.page_text()
            flags[page.number] = read.flags
    source_format = "pdf_ocr" if to_ocr else "pdf_text"
    if to_ocr and len(to_ocr) < with_text:
        notes.append(("mixed_pdf", f"{len(to_ocr)} of {len(pages)} page(s) read by OCR "
                      f"(pages {', '.join(str(p.number) for p in to_ocr)}), the rest from "
                      "the text layer"))
    lines, page_of, starts = _pdf.join_pages(pages)
    doc = _document_with_flags(
        lines, page_of, starts, flags, doc_id=doc_id or doc_id_of(data),
        source_path=str(path), source_format=source_format, notes=notes,
        ocr_pages=frozenset(p.number for p in to_ocr))
    doc.n_pages = n_pages
    doc.page_sizes = {p.number: p.size for p in pages if p.size}
    return doc


def read_image_document(path: Path, data: bytes, settings: ReadSettings = DEFAULT_SETTINGS,
                        *, doc_id: str | None = None) -> Document:
    """An image file (PNG, JPEG, TIFF with one or more pages), read by OCR."""
    from . import _ocr, _pdf

    if not data.strip():
        raise EmptyDocumentError("the file is empty", source_path=str(path))
    images = _ocr.load_image_pages(path, str(path))
    _check_page_count(len(images), settings.max_pages, path)
    numbers = list(range(1, len(images) + 1))
    reads = _ocr.read_pages_parallel(images, numbers, settings.pages_at_once)
    pages = [r.page_text() for r in reads]
    lines, page_of, starts = _pdf.join_pages(pages)
    doc = _document_with_flags(
        lines, page_of, starts, {r.number: r.flags for r in reads},
        doc_id=doc_id or doc_id_of(data), source_path=str(path), source_format="pdf_ocr",
        notes=[], ocr_pages=frozenset(numbers))
    doc.n_pages = len(images)
    doc.page_sizes = {p.number: p.size for p in pages if p.size}
    return doc


def _check_page_count(n_pages: int, max_pages: int | None, path: Path) -> None:
    if max_pages is not None and n_pages > max_pages:
        raise TooManyPagesError(f"the document has {n_pages} pages, over the limit of "
                                f"{max_pages} (--max-pages)", source_path=str(path))


def _document_with_flags(
    lines: list, page_of: list[int], starts: dict[int, _pdf.PageStart],
    flags: dict[int, list[tuple[int, str, str]]], **fields,
) -> Document:
    """The document of a PDF's or image's lines (`_pdf.PageLine`s: running text, or
    table rows as cells), with the readers' flags on their lines."""
    if not any(str(line).strip() for line in lines):
        raise EmptyDocumentError("no text was found on any page",
                                 source_path=fields["source_path"])
    doc = _build(lines, list(page_of), encoding=None, **fields)
    for page, page_flags in flags.items():
        for index, code, message in page_flags:
            doc.line_flags.append((starts[page].line_of(index) + 1, code, message))
    return doc


def build_document(
    text: str,
    *,
    doc_id: str,
    source_path: str,
    source_format: str,
    encoding: str | None,
    pages: list[int | None] | None = None,
    notes: list[tuple[str, str]] | None = None,
    ocr_pages: frozenset[int] = frozenset(),
) -> Document:
    """Normalize every line of `text`; the line count never changes, so line numbers
    in the normalized text are those of the source. Lines of `ocr_pages` also get the
    repairs of Tesseract's misreadings (`normalize.normalize_ocr_groups`)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    line_pages = [pages[index] if pages else None for index in range(len(raw_lines))]
    if not ocr_pages:
        return _text_document(raw_lines, line_pages, doc_id=doc_id, source_path=source_path,
                              source_format=source_format, encoding=encoding, notes=notes)
    return _build(raw_lines, line_pages, doc_id=doc_id, source_path=source_path,
                  source_format=source_format, encoding=encoding, notes=notes,
                  ocr_pages=ocr_pages)


def _text_document(lines: list[str], line_pages: list[int | None], *, doc_id: str,
                   source_path: str, source_format: str, encoding: str | None,
                   notes: list[tuple[str, str]] | None) -> Document:
    """`_build` for plain lines none of which OCR read (a text export): each normalized on
    its own, as the document is read."""
    doc = Document(doc_id, source_path, source_format, encoding, [], [], notes or [])
    for no, (line, page) in enumerate(zip(lines, line_pages, strict=True), start=1):
        text, repairs = normalize.normalize_line(line)
        if repairs:
            doc.repairs.extend(Repair(no, r.rule, r.original, r.replacement, page)
                               for r in repairs)
        doc.lines.append(Line(no, text, page))
    doc.recognized = source_format == "pdf_ocr"
    return doc


def _build(lines: list, line_pages: list[int | None], *, doc_id: str, source_path: str,
           source_format: str, encoding: str | None,
           notes: list[tuple[str, str]] | None = None,
           ocr_pages: frozenset[int] = frozenset()) -> Document:
    """A document of lines, each a text or a table row a reader read as cells
    (`_pdf.TableRow`). Every text is normalized: a line as a whole, a row paragraph by
    paragraph, the row's line then printing it as a text export would. Texts OCR read
    are normalized together, a word one holds whole helping to repair another."""
    from . import _pdf

    groups: list[list[str]] = []  # a line's text, or the paragraphs of one cell
    by_ocr: list[bool] = []

    def collect(texts: list[str], ocr: bool) -> list[str]:
        groups.append(list(texts))
        by_ocr.append(ocr)
        return texts

    for line, page in zip(lines, line_pages, strict=True):
        ocr = page is not None and page in ocr_pages
        if isinstance(line, str):
            collect([line], ocr)
        else:
            _pdf.normalized_row(line.cells, lambda texts, ocr=ocr: collect(texts, ocr))
    normalized = _normalize_groups(groups, by_ocr)
    doc = Document(doc_id, source_path, source_format, encoding, [], [], notes or [])
    for index, (line, page) in enumerate(zip(lines, line_pages, strict=True)):
        no = index + 1

        def fix(texts: list[str], no: int = no, page: int | None = page) -> list[str]:
            done = next(normalized)
            for _text, repairs in done:
                doc.repairs.extend(Repair(no, r.rule, r.original, r.replacement, page)
                                   for r in repairs)
            return [text for text, _ in done]

        if isinstance(line, str):
            doc.lines.append(Line(no, fix([line])[0], page, getattr(line, "box", None),
                                  getattr(line, "confidence", None)))
        else:
            cells = _pdf.normalized_row(line.cells, fix)
            doc.lines.append(Line(no, _pdf.row_line(cells), page, line.box))
            doc.cells[no] = _pdf.row_cells(cells, no, page)
    doc.recognized = source_format == "pdf_ocr"
    return doc


def _normalize_groups(groups: list[list[str]], by_ocr: list[bool]):  # -> Iterator
    """Each group's (text, repairs), in order; the OCR groups normalized together."""
    ocr = [i for i, flag in enumerate(by_ocr) if flag]
    # Not called without OCR text: it loads the OCR word repair and its dictionary.
    done = dict(zip(ocr, normalize.normalize_ocr_groups([groups[i] for i in ocr]),
                    strict=True)) if ocr else {}
    for index, group in enumerate(groups):
        yield done[index] if index in done else [normalize.normalize_line(t) for t in group]


def decode_text(data: bytes, source_path: str) -> tuple[str, str, list[tuple[str, str]]]:
    """Return (text, encoding name, notes). Raises for empty, binary or undecodable data."""
    notes: list[tuple[str, str]] = []
    if not data.strip(b" \t\r\n\x00"):
        raise EmptyDocumentError("the file is empty", source_path=source_path)
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name, notes
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"the file starts with a {name} byte-order mark but is not valid {name}: "
                    f"{exc.reason} at byte {exc.start}",
                    source_path=source_path,
                ) from exc
    utf16 = _guess_utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16, notes
    if b"\x00" in data:
        raise BinaryDocumentError(
            "the file holds NUL bytes and is not UTF-16 text: it looks binary",
            source_path=source_path,
        )
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError as exc:
        first_error = exc
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad / max(len(text), 1) <= _MAX_BAD_UTF8_SHARE:
        notes.append((
            "invalid_utf8",
            f"{bad} invalid UTF-8 byte sequence(s), first at byte {first_error.start} "
            "(a truncated or damaged file?); replaced by U+FFFD",
        ))
        return text, "utf-8", notes
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            "the file is neither UTF-8, UTF-16 nor Thai cp874/TIS-620 text",
            source_path=source_path,
        ) from exc
    if not _looks_like_text(text):
        raise BinaryDocumentError(
            "the file does not decode to readable text in any supported encoding",
            source_path=source_path,
        )
    return text, "cp874", notes


def _guess_utf16_without_bom(data: bytes) -> str | None:
    # Thai and ASCII in UTF-16 put a NUL (ASCII) or 0x0E (Thai) in every other byte.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for name, high in (("utf-16-le", odd), ("utf-16-be", even)):
        share = (high.count(0x00) + high.count(0x0E)) / len(high)
        if share > 0.9:
            try:
                data.decode(name)
            except UnicodeDecodeError:
                continue
            return name
    return None


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls / max(len(sample), 1) < 0.01
