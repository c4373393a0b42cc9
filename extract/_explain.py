"""Why a document came out as it did: the evidence of each form type, the decision, and
for the chosen form each required field and section, where it was found or why not.

`explain(doc)` runs the same extraction as a batch and returns a plain `Explanation`;
`kr-extract explain FILE [--json]` prints it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ._document import Document


@dataclass
class LabelFound:
    label: str
    weight: float
    line: int | None  # None: not found
    text: str | None = None  # the paragraph or cell it was found in
    similarity: int = 0  # 100: as printed


@dataclass
class FormReport:
    form_type: str
    score: float
    decision: str
    found: list[LabelFound] = field(default_factory=list)
    missing: list[LabelFound] = field(default_factory=list)


@dataclass
class RequirementReport:
    requirement: str
    where: str
    check: str
    met: bool
    line: int | None
    reason: str


@dataclass
class Explanation:
    source_path: str
    form_type: str  # 'unknown' when no form reached the threshold
    view: str | None
    status: str  # ok / partial / failed, as the documents table would say
    completeness: float | None
    threshold: float
    forms: list[FormReport] = field(default_factory=list)  # best score first
    requirements: list[RequirementReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the error issues' messages

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        """The explanation as lines for a terminal."""
        head = f"{self.source_path}: {self.form_type}"
        if self.view:
            head += f" ({self.view} view)"
        head += f", status {self.status}"
        if self.completeness is not None:
            head += f", completeness {self.completeness:.2f}"
        out = [head, "", f"form types (a form needs a score of {self.threshold:.2f}):"]
        for form in self.forms:
            out.append(f"  {form.form_type}: score {form.score:.2f}; {form.decision}")
            for label in form.found:
                how = "" if label.similarity == 100 else f", {label.similarity}% alike"
                out.append(f"    found   line {label.line:<5} {label.label} (weight "
                           f"{label.weight:g}{how}): {label.text}")
            if not form.found:
                out.append(f"    none of its {len(form.missing)} labels was found")
                continue
            for label in form.missing:
                out.append(f"    missing            {label.label} (weight {label.weight:g})")
        if self.form_type != "unknown":
            view = f", {self.view} view" if self.view else ""
            out += ["", f"required by {self.form_type}{view}:"]
            if not self.requirements:
                out.append("  nothing")
            for req in self.requirements:
                mark = "ok     " if req.met else "MISSING"
                where = f"line {req.line}" if req.line is not None else "no line"
                out.append(f"  {mark} {req.requirement} ({req.where}, {req.check}): "
                           f"{req.reason}; {where}")
        if self.errors:
            out += ["", "errors:"] + [f"  {message}" for message in self.errors]
        return "\n".join(out)


def explain(doc: Document) -> Explanation:
    """Extract the document and say why it came out as it did."""
    from . import extract_document  # (the package imports this module)

    ex = extract_document(doc)
    detection = ex.detection
    status = "failed" if ex.form_type == "unknown" else (
        "partial" if any(i.severity == "error" for i in ex.issues) else "ok")
    explanation = Explanation(
        source_path=doc.source_path, form_type=ex.form_type, view=ex.view, status=status,
        completeness=ex.completeness, threshold=detection.threshold,
        errors=[i.message for i in ex.issues if i.severity == "error"])
    for form in sorted(detection.forms, key=lambda f: -f.score):
        explanation.forms.append(FormReport(
            form.form_type, form.score, detection.decision(form),
            [LabelFound(e.label, e.weight, e.line, e.text, e.similarity) for e in form.found],
            [LabelFound(e.label, e.weight, None) for e in form.missing]))
    explanation.requirements = [
        RequirementReport(r.requirement, r.where, r.check, r.met, r.line, r.reason)
        for r in ex.requirements]
    return explanation
