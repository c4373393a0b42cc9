"""Readers: turn an input file into a `Document` of normalized lines.

Text exports come in whatever encoding the office's software wrote: UTF-8 with or without
a BOM, UTF-16 (Windows "Unicode" text), or the Thai legacy encodings TIS-620 / cp874 that
older Thai systems still emit. cp874 is a superset of TIS-620, so one decoder covers both.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import normalize
from kr_extract.errors import (
    BinaryDocumentError,
    EmptyDocumentError,
    EncodingError,
    UnsupportedFormatError,
)

from ._document import Document, Line, Repair

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})

# A share of U+FFFD above this after a UTF-8 decode means the file is not UTF-8 at all.
_MAX_BAD_UTF8_SHARE = 0.001


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, data: bytes | None = None) -> Document:
    """Read one input file. Raises a `DocumentError` subclass for unreadable input."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise UnsupportedFormatError(
            f"unsupported file type {suffix or '(none)'!r}: expected one of "
            f"{', '.join(sorted(TEXT_SUFFIXES))}",
            source_path=str(path),
        )
    if data is None:
        data = path.read_bytes()
    text, encoding, notes = decode_text(data, str(path))
    return build_document(
        text, doc_id=doc_id_of(data), source_path=str(path), source_format="text",
        encoding=encoding, notes=notes,
    )


def build_document(
    text: str,
    *,
    doc_id: str,
    source_path: str,
    source_format: str,
    encoding: str | None,
    pages: list[int | None] | None = None,
    notes: list[tuple[str, str]] | None = None,
) -> Document:
    """Normalize every line of `text`; the line count never changes, so line numbers
    in the normalized text are those of the source."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    repairs: list[Repair] = []
    for index, raw in enumerate(raw_lines):
        page = pages[index] if pages else None
        clean, line_repairs = normalize.normalize_line(raw)
        lines.append(Line(index + 1, clean, page))
        repairs.extend(
            Repair(index + 1, r.rule, r.original, r.replacement, page) for r in line_repairs
        )
    return Document(doc_id, source_path, source_format, encoding, lines, repairs, notes or [])


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
        share = sum(1 for b in high if b in (0x00, 0x0E)) / len(high)
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
