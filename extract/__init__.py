"""Extract: read input files, find their structure, detect and parse the form, validate.

Public face: `read_document`, `structure` (document -> blocks: `Paragraph`s and `Table`s
of `Row`s of `Cell`s), `extract_document` (document -> `Extraction`), `explain` (why a
document came out as it did), and the record types. Everything else is private to
the package.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from ._blocks import Block, Box, Cell, Checkbox, Paragraph, Row, Span, Table
from ._document import Document, Line, Repair
from ._explain import Explanation, explain
from ._readers import (
    INPUT_SUFFIXES,
    TEXT_SUFFIXES,
    build_document,
    doc_id_of,
    read_document,
)
from ._records import Extraction, Issue
from ._sequences import mend_sequences
from ._settings import ReadSettings
from ._structure import structure
from ._validate import validate
from .forms import FORMS, Detection, detect, detect_form

__all__ = [
    "FORMS",
    "INPUT_SUFFIXES",
    "TEXT_SUFFIXES",
    "Block",
    "Box",
    "Cell",
    "Checkbox",
    "Detection",
    "Document",
    "Explanation",
    "Extraction",
    "Issue",
    "Line",
    "Paragraph",
    "ReadSettings",
    "Repair",
    "Row",
    "Span",
    "Table",
    "build_document",
    "detect",
    "detect_form",
    "doc_id_of",
    "explain",
    "extract_document",
    "read_document",
    "structure",
]


def extract_document(doc: Document) -> Extraction:
    """Structure, detect the form type, parse and validate one document.

    A document of no known form gives an `Extraction` of form type `unknown` with an
    error issue; parsers raise only for bugs, which the pipeline turns into failures.
    """
    blocks = structure(doc)
    mend_sequences(doc, blocks)  # numbers and headers misread in a run, from their places
    detection = detect(doc, blocks)
    form = detection.form
    if form is None:
        ex = Extraction(doc)
        ex.issue("error", "unknown_form", detection.unknown_message())
    else:
        ex = form.parse(doc, blocks)
        ex.issue("info", "form_detected", f"{form.FORM_TYPE} by the evidence of its labels "
                 f"(scores: {detection.scores()}; threshold {detection.threshold:.2f})")
    ex.detection = detection
    for code, message in doc.notes:
        ex.issue("warning", code, message)
    for line_no, code, message in doc.line_flags:
        ex.issue("warning", code, message, line=line_no)
    validate(ex)
    return ex


class _CallablePackage(types.ModuleType):
    """This package, callable as `kr_extract.extract(paths, ...)`: the library's one entry
    point shares its name with the package that does the reading, and the call is
    `kr_extract.api.extract` (imported on first call, since it needs the pipeline)."""

    def __call__(self, paths: Any, **options: Any) -> Any:
        from ..api import extract  # the package this one is installed in

        return extract(paths, **options)


sys.modules[__name__].__class__ = _CallablePackage
