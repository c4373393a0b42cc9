"""Form parsers, one module per form type, tried in this order; the first match wins.

Each module has the same face: `FORM_TYPE` (the `documents.form_type` value),
`matches(doc, blocks) -> bool` and `parse(doc, blocks) -> Extraction`, where `blocks`
is the document's structure (extract/_blocks.py). Adding a form type means adding one
module and one line to `FORMS`.
"""

from __future__ import annotations

from types import ModuleType

from .._blocks import Block
from .._document import Document
from . import kpi_monitor_page, kr_detail, performance_agreement

FORMS: tuple[ModuleType, ...] = (kr_detail, performance_agreement, kpi_monitor_page)


def detect_form(doc: Document, blocks: list[Block]) -> ModuleType | None:
    return next((form for form in FORMS if form.matches(doc, blocks)), None)
