"""Small builders shared by the tests."""

from kr_extract.extract import Document, build_document


def doc_from_text(text: str, name: str = "test.txt") -> Document:
    return build_document(text, doc_id="0" * 64, source_path=name, source_format="text",
                          encoding="utf-8")


def scanned_doc(text: str, pages: list[int] | None = None) -> Document:
    """`text` as the lines an OCR'd scan gave, its letters recognized from page images
    (on page 1 unless `pages` says otherwise)."""
    pages = pages or [1] * len(text.split("\n"))
    return build_document(text, doc_id="0" * 64, source_path="scan.pdf",
                          source_format="pdf_ocr", encoding=None, pages=pages)


def pages_broken_before(text: str, line: str, next_page: int = 2) -> list[int]:
    """Page numbers for `scanned_doc`: page 1, then `next_page` from the blank line that
    opens the page where `line` stands."""
    lines = text.split("\n")
    at = lines.index(line)
    while at and lines[at - 1].strip():
        at -= 1
    return [1] * (at - 1) + [next_page] * (len(lines) - at + 1)
