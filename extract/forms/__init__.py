"""Form parsers, one module per form type, and the detection of a document's form type.

Each module has the same face: `FORM_TYPE` (the `documents.form_type` value),
`matches(doc, blocks) -> bool` and `parse(doc, blocks) -> Extraction`, where `blocks`
is the document's structure (extract/_blocks.py). Adding a form type means adding one
module, its evidence (`data/<form>_evidence.tsv`: the labels that show a document is of
that form) and one line to `FORMS`.

Detection is by evidence (`_evidence.py`): each form's labels are looked for, fuzzily, in
the document's paragraphs and table cells; a form's score is the share of its evidence
weight found. The form with the best score wins if it reaches the threshold (a tie goes to
the form listed first), so one label garbled or cut away does not lose a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from .._blocks import Block
from .._document import Document
from . import kpi_monitor_page, kr_detail, performance_agreement
from ._evidence import THRESHOLD, Evidence, FormEvidence, Texts, gather

FORMS: tuple[ModuleType, ...] = (kr_detail, performance_agreement, kpi_monitor_page)

__all__ = ["FORMS", "THRESHOLD", "Detection", "Evidence", "FormEvidence", "detect",
           "detect_form", "form_module"]


@dataclass(frozen=True)
class Detection:
    """The evidence of every form type in a document, and the decision."""

    forms: tuple[FormEvidence, ...]  # in the order of FORMS
    threshold: float = THRESHOLD

    @property
    def closest(self) -> FormEvidence | None:
        """The form with the best score (the first of equals), matching or not."""
        return max(self.forms, key=lambda f: f.score, default=None)

    @property
    def chosen(self) -> FormEvidence | None:
        closest = self.closest
        return closest if closest is not None and closest.score >= self.threshold else None

    @property
    def form(self) -> ModuleType | None:
        return form_module(self.chosen.form_type) if self.chosen else None

    def decision(self, form: FormEvidence) -> str:
        """Why a form was or was not chosen, in a few words."""
        chosen = self.chosen
        if form is chosen:
            return f"chosen: score {form.score:.2f} reaches {self.threshold:.2f}"
        if form.score < self.threshold:
            return f"not chosen: score {form.score:.2f} is below {self.threshold:.2f}"
        assert chosen is not None
        return (f"not chosen: score {form.score:.2f}, below {chosen.form_type}'s "
                f"{chosen.score:.2f}")

    def scores(self) -> str:
        """'kpi_monitor_page 0.82, kr_detail 0.00, performance_agreement 0.00', best first."""
        ranked = sorted(self.forms, key=lambda f: -f.score)
        return ", ".join(f"{f.form_type} {f.score:.2f}" for f in ranked)

    def unknown_message(self) -> str:
        """The `unknown_form` message: the closest form type and what it lacked."""
        known = ", ".join(f.form_type for f in self.forms)
        closest = self.closest
        if closest is None or not closest.found:
            return (f"the document is not a known form type (known: {known}): none of "
                    "their labels was found")
        lacking = sorted(closest.missing, key=lambda e: -e.weight)
        shown = "; ".join(e.label for e in lacking[:5])
        more = f" and {len(lacking) - 5} more" if len(lacking) > 5 else ""
        return (f"the document is not a known form type (known: {known}); the closest is "
                f"{closest.form_type}, evidence score {closest.score:.2f} (needs "
                f"{self.threshold:.2f}), lacking: {shown}{more}")


def form_module(form_type: str) -> ModuleType:
    return next(form for form in FORMS if form_type == form.FORM_TYPE)


def detect(doc: Document, blocks: list[Block]) -> Detection:
    """The evidence of each form type in the document and the form it is, if any."""
    texts = Texts.of(blocks)
    return Detection(tuple(gather(form.FORM_TYPE, texts) for form in FORMS))


def detect_form(doc: Document, blocks: list[Block]) -> ModuleType | None:
    """The form module the document is, or None (see `detect` for the scores)."""
    return detect(doc, blocks).form
