"""Small builders shared by the tests."""

from extract import Document, build_document


def doc_from_text(text: str, name: str = "test.txt") -> Document:
    return build_document(text, doc_id="0" * 64, source_path=name, source_format="text",
                          encoding="utf-8")
