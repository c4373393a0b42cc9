"""The one error hierarchy of kr-extract.

Every error a document can cause is a `DocumentError`; the batch turns it into a `failed`
row in `documents` and an `error` row in `issues`, and goes on with the next file. An
error names the document and, where known, the field and the line or page.
"""

from __future__ import annotations

__all__ = [
    "BinaryDocumentError",
    "CorruptPdfError",
    "DocumentError",
    "DocumentTimeoutError",
    "EmptyDocumentError",
    "EncodingError",
    "EncryptedPdfError",
    "FileChangedError",
    "FileTooLargeError",
    "InternalError",
    "KrExtractError",
    "OcrUnavailableError",
    "TooManyPagesError",
    "UnknownFormError",
    "UnreadableFileError",
    "UnsupportedFormatError",
    "UsageError",
    "WorkerCrashedError",
]


class KrExtractError(Exception):
    """Base of every error this project raises on purpose."""


class UsageError(KrExtractError):
    """The command line asked for something impossible (exit status 2)."""


class DocumentError(KrExtractError):
    """A document could not be read or parsed."""

    code = "document_error"

    def __init__(
        self,
        message: str,
        *,
        source_path: str | None = None,
        field: str | None = None,
        source_line: int | None = None,
        page: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source_path = source_path
        self.field = field
        self.source_line = source_line
        self.page = page


class EmptyDocumentError(DocumentError):
    code = "empty_file"


class BinaryDocumentError(DocumentError):
    code = "binary_file"


class EncodingError(DocumentError):
    code = "undecodable_text"


class UnsupportedFormatError(DocumentError):
    code = "unsupported_format"


class UnknownFormError(DocumentError):
    code = "unknown_form"


class UnreadableFileError(DocumentError):
    """The file (or a folder to search) could not be opened or listed."""

    code = "unreadable_file"


class FileTooLargeError(DocumentError):
    """The file is larger than `--max-bytes`; it is not read at all."""

    code = "file_too_large"


class TooManyPagesError(DocumentError):
    """The document has more pages than `--max-pages`. Readers that can count pages
    before extracting them (PDF) should raise this early."""

    code = "too_many_pages"


class DocumentTimeoutError(DocumentError):
    """Parsing took longer than `--timeout`; its worker process was stopped."""

    code = "timeout"


class WorkerCrashedError(DocumentError):
    """The worker process parsing the document died (a crash in native code, the
    out-of-memory killer, ...)."""

    code = "worker_crashed"


class FileChangedError(DocumentError):
    """The file changed between being read for its `doc_id` and being parsed."""

    code = "file_changed"


class InternalError(DocumentError):
    """A bug: a parser raised something other than a `DocumentError`, or returned rows
    that do not fit the table schemas."""

    code = "internal_error"


class CorruptPdfError(DocumentError):
    """A PDF (or image) that cannot be opened: damaged, truncated or not what its name says."""

    code = "corrupt_pdf"


class EncryptedPdfError(DocumentError):
    code = "encrypted_pdf"


class OcrUnavailableError(DocumentError):
    """A page needs OCR and Tesseract (with Thai) is not installed."""

    code = "ocr_unavailable"
