"""What a form parser returns: rows for each output table, issues and repairs.

Rows are plain dicts keyed by the column names of `schemas`; the writer checks them
against the Arrow schemas, so a misspelled column fails loudly in the tests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ._document import Document, Repair

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    severity: str
    code: str
    message: str
    source_line: int | None = None
    field: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class RequirementResult:
    """One requirement of a form type (extract/forms/data/requirements.tsv), checked."""

    requirement: str  # its name, as issues name it: 'target_value', 'reporting_channel'
    where: str  # where it is kept: 'indicators.target_value', 'selections[field=monitoring]'
    check: str  # present / number / rows
    met: bool
    line: int | None  # where it was found (or where it failed its check)
    reason: str  # how it was found, or why it was not


@dataclass
class Extraction:
    doc: Document
    form_type: str = "unknown"
    view: str | None = None  # which of the form's printed versions (a KPI page's view)
    fiscal_year_be: int | None = None
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    issues: list[Issue] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    # Totals printed in the document, for the validators: (indicator_key, column, value, line)
    printed_totals: list[tuple[str, str, float, int]] = field(default_factory=list)
    # The evidence of each form type and the decision (extract.forms.Detection)
    detection: Any = None
    # The line a value was read from, where that is not its row's source_line
    # ('indicators.target_value' -> 7)
    field_lines: dict[str, int] = field(default_factory=dict)
    # The form type's requirements, checked by the validators
    requirements: list[RequirementResult] = field(default_factory=list)

    @property
    def completeness(self) -> float | None:
        """The share of the form type's requirements met (None: nothing was required, as
        of a document of no known form)."""
        if not self.requirements:
            return None
        return round(sum(r.met for r in self.requirements) / len(self.requirements), 4)

    def add(self, table: str, **row: Any) -> dict[str, Any]:
        self.tables[table].append(row)
        return row

    def issue(self, severity: str, code: str, message: str, *, line: int | None = None,
              field: str | None = None) -> None:
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        page = None
        if line is not None and 0 < line <= len(self.doc.lines):
            page = self.doc.lines[line - 1].page
        self.issues.append(Issue(severity, code, message, line, field, page))

    def repair(self, *, line: int, field: str, rule: str, original: str,
               replacement: str) -> None:
        page = self.doc.lines[line - 1].page if 0 < line <= len(self.doc.lines) else None
        self.repairs.append(Repair(line, rule, original, replacement, page, field))
