"""Validators: cross-checks over what a form parser extracted, each failure an issue.

They say what does not add up: printed totals against the column sums, a KR with no host
agency, an agency target whose unit differs from the form's, a percentage above 100, a
fiscal year no other year of the document comes near (or a baseline year or a plan's
month far from it), and, last, the form type's requirements
(`extract/forms/data/requirements.tsv`, by view): each one not met is an error issue
naming it, which makes the document `partial`.

They change a value only where it contradicts the rest of its document so plainly that
writing it would pass a misreading off as data: such a year becomes null, its
reading kept in the issue (and the requirement it met is then unmet).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .. import normalize
from ._records import Extraction, RequirementResult

CHECKS = ("present", "number", "rows")


def validate(ex: Extraction) -> None:
    check_fiscal_years(ex)
    check_baseline_years(ex)
    check_plan_months(ex)
    check_host_agency(ex)
    check_target_units(ex)
    check_percentages(ex)
    check_district_totals(ex)
    check_numbered_rows(ex)
    check_requirements(ex)


@dataclass(frozen=True)
class Requirement:
    form_type: str
    view: str  # '*': every view
    name: str
    table: str
    column: str  # a column (present, number) or a 'column=value' filter of rows (rows)
    check: str

    @property
    def where(self) -> str:
        if self.check != "rows":
            return f"{self.table}.{self.column}"
        return f"{self.table}[{self.column}]" if self.column else self.table


@functools.cache
def requirements() -> tuple[Requirement, ...]:
    """Every form type's requirements, from `extract/forms/data/requirements.tsv`."""
    text = resources.files(f"{__package__}.forms").joinpath("data", "requirements.tsv").read_text(
        encoding="utf-8")
    header, *rows = [line.split("\t") for line in text.splitlines()
                     if line and not line.startswith("#")]
    if header != ["form_type", "view", "requirement", "table", "column", "check"]:
        raise ValueError(f"requirements.tsv: unexpected header {header}")
    out = tuple(Requirement(*row) for row in rows)
    for req in out:
        filtered = "=" in req.column
        if req.check not in CHECKS or (
                req.check != "rows" and (filtered or not req.column)) or (
                req.check == "rows" and req.column and not filtered):
            raise ValueError(f"requirements.tsv: {req}")
    return out


def requirements_of(form_type: str, view: str | None) -> list[Requirement]:
    """The requirements of a form type in a view (those of every view included)."""
    return [r for r in requirements()
            if r.form_type == form_type and r.view in ("*", view)]


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _evaluate(ex: Extraction, req: Requirement) -> tuple[bool, int | None, str]:
    """(met, line, how it was found or why not) of one requirement."""
    rows = ex.tables.get(req.table, [])
    if req.check == "rows":
        if req.column:
            column, _, value = req.column.partition("=")
            rows = [r for r in rows if str(r.get(column)) == value]
        if not rows:
            return False, None, f"no {req.where} row"
        return True, rows[0].get("source_line"), f"{len(rows)} row(s)"
    if not rows:
        return False, None, f"no {req.table} row to hold it"
    line = ex.field_lines.get(req.where)
    for row in rows:
        value = row.get(req.column)
        at = line or row.get("source_line")
        if not _filled(value):
            printed = row.get(req.column.replace("_value", "_text")) \
                if req.column.endswith("_value") else None
            if req.check == "number" and _filled(printed):
                return False, at, f"printed {printed!r}, no number"
            return False, at, "not found" if len(rows) == 1 else \
                f"not found for {row.get('indicator_key')}"
        if req.check == "number" and (isinstance(value, bool)
                                      or not isinstance(value, (int, float))):
            return False, at, f"{value!r} is no number"
    return True, line or rows[0].get("source_line"), "found"


def check_requirements(ex: Extraction) -> None:
    """Each requirement of the form type (in the document's view): met when its check
    passes and no error issue of the parser names it. One not met is an error issue
    naming it, unless the parser has said so already."""
    said = {}
    for issue in ex.issues:
        if issue.severity == "error" and issue.field:
            said.setdefault(issue.field, issue)
    results = []
    for req in requirements_of(ex.form_type, ex.view):
        met, line, reason = _evaluate(ex, req)
        earlier = said.get(req.name)
        if met and earlier is not None:
            met, reason = False, f"found, but: {earlier.message}"
        elif not met and earlier is None:
            code = ("missing_section" if req.check == "rows" else
                    "invalid_field" if reason.endswith("no number") else "missing_field")
            ex.issue("error", code, f"required {req.name} ({req.where}): {reason}",
                     line=line, field=req.name)
        elif not met:
            reason = f"{reason}: {earlier.message}"  # type: ignore[union-attr]
        results.append(RequirementResult(req.name, req.where, req.check, met, line, reason))
    ex.requirements = results


# A Buddhist Era year as printed in these forms (25xx), standing alone. The check for a
# digit before it comes after the "25", so that the pattern starts with a literal, which
# `re` looks for at C speed: it is run over every line of every document.
_BE_YEAR = re.compile(r"25(?<![0-9]25)[0-9]{2}(?![0-9])")
YEAR_SPAN = 5  # a fiscal year with no other year of its document this close is doubted
MIN_OTHER_YEARS = 2  # ...when the document prints at least this many other years
BASELINE_SPAN = 10  # baselines go back a few years; a misread tens digit goes further
PLAN_SPAN = 2  # a plan runs over its fiscal year, a step rarely a year beyond it


def check_fiscal_years(ex: Extraction) -> None:
    """A fiscal year that no other year printed in the document comes within `YEAR_SPAN`
    of (baselines, plans and dates name the years around it) is a misreading, of a scan
    most often (2565 read as 2525): it is set to null and the issue keeps the reading."""
    rows = [r for r in ex.tables["indicators"] if r.get("fiscal_year_be") is not None]
    doubted: dict[int, int | None] = {}  # year -> the line it was read from
    for row in rows:
        doubted.setdefault(row["fiscal_year_be"], row.get("source_line"))
    if ex.fiscal_year_be is not None:
        doubted.setdefault(ex.fiscal_year_be, None)
    printed = _years_printed(ex) if doubted else []
    for year, line in doubted.items():
        others = [other for other in printed if other != year]
        if len(others) < MIN_OTHER_YEARS or any(abs(o - year) <= YEAR_SPAN for o in others):
            continue
        near = ", ".join(str(y) for y in sorted(set(others))[:6])
        ex.issue("warning", "implausible_year",
                 f"fiscal year {year} was read, but the document's other years ({near}) "
                 "are not near it: a misreading, left out", line=line,
                 field="indicators.fiscal_year_be")
        for row in rows:
            if row["fiscal_year_be"] == year:
                row["fiscal_year_be"] = None
        if ex.fiscal_year_be == year:
            ex.fiscal_year_be = None


def check_baseline_years(ex: Extraction) -> None:
    """A baseline is one of the years before its indicator's fiscal year: one more than
    `BASELINE_SPAN` years from it is a misreading (2564 read as 2505: a tens digit). It is
    set to null, the reading kept in the issue on its row."""
    fiscal = {r["indicator_key"]: r.get("fiscal_year_be") for r in ex.tables["indicators"]}
    for row in ex.tables["baselines"]:
        year = row.get("year_be")
        near = fiscal.get(row["indicator_key"]) or ex.fiscal_year_be
        if year is None or near is None or abs(year - near) <= BASELINE_SPAN:
            continue
        ex.issue("warning", "implausible_year",
                 f"baseline year {year} was read, but the indicator's fiscal year is {near}: "
                 "a misreading, left out", line=row.get("source_line"),
                 field="baselines.year_be")
        row["year_be"] = None


def check_plan_months(ex: Extraction) -> None:
    """A plan step is done in or about its indicator's fiscal year: a month more than
    `PLAN_SPAN` fiscal years from it comes from a misread year over the months (a scan's
    ๒๕๖๖ read as ๒๕๒๒). The step's months are set to null, the reading kept in the issue
    on its row."""
    fiscal = {r["indicator_key"]: r.get("fiscal_year_be") for r in ex.tables["indicators"]}
    for row in ex.tables["action_plans"]:
        near = fiscal.get(row["indicator_key"]) or ex.fiscal_year_be
        months = row.get("months") or []
        if near is None or all(abs(_fiscal_year(m) - near) <= PLAN_SPAN for m in months):
            continue
        ex.issue("warning", "implausible_year",
                 f"plan step {row.get('step_no')}: months {', '.join(months)} were read, but "
                 f"the indicator's fiscal year is {near}: a misread year, left out",
                 line=row.get("source_line"), field="action_plans.months")
        row["months"] = None


def _fiscal_year(month: str) -> int:
    """The BE fiscal year of a 'YYYY-MM' month (CE)."""
    year, number = (int(part) for part in month.split("-"))
    return normalize.fiscal_year_of(normalize.ce_to_be(year), number)


def _years_printed(ex: Extraction) -> list[int]:
    """Every 25xx year printed in the document's lines, in order."""
    # One search of the text (its lines joined by line breaks, which no year spans).
    return [int(m[0]) for m in _BE_YEAR.finditer(ex.doc.text)]


def check_host_agency(ex: Extraction) -> None:
    if ex.form_type != "kr_detail":
        return
    for ind in ex.tables["indicators"]:
        if not ind.get("host_agency"):
            ex.issue("error", "missing_host_agency",
                     f"indicator {ind['indicator_key']} names no host agency (H)",
                     line=ind.get("source_line"), field="host_agency")


def check_target_units(ex: Extraction) -> None:
    units = {i["indicator_key"]: i.get("target_unit") for i in ex.tables["indicators"]}
    for target in ex.tables["targets"]:
        form_unit = units.get(target["indicator_key"])
        unit = target.get("target_unit")
        if form_unit and unit and unit != form_unit:
            ex.issue("warning", "unit_mismatch",
                     f"target of {target['agency']} is in {unit!r}, the indicator's target "
                     f"in {form_unit!r}", line=target.get("source_line"),
                     field="targets.target_unit")


def check_percentages(ex: Extraction) -> None:
    rows = [("indicators", r) for r in ex.tables["indicators"]]
    rows += [("targets", r) for r in ex.tables["targets"]]
    for table, row in rows:
        value = row.get("target_value")
        if row.get("target_unit") == "ร้อยละ" and value is not None and not 0 <= value <= 100:
            ex.issue("warning", "percent_out_of_range",
                     f"a percentage target of {value:g} in {table}",
                     line=row.get("source_line"), field=f"{table}.target_value")


# Tables whose rows are numbered 1, 2, 3, ... within an indicator, and their number column.
NUMBERED_ROWS = (("district_stats", "seq", "district row"), ("action_plans", "step_no",
                                                              "plan step"))


def check_numbered_rows(ex: Extraction) -> None:
    """District rows and plan steps are numbered 1, 2, 3, ...: a number the rows skip is
    a row lost (a scan read it into another, or not at all), and the document is
    `partial`."""
    for table, column, what in NUMBERED_ROWS:
        lines: dict[str, dict[int, int | None]] = defaultdict(dict)
        for row in ex.tables[table]:
            if row.get(column) is not None:
                lines[row["indicator_key"]].setdefault(row[column], row.get("source_line"))
        for key, seen in lines.items():
            lost = sorted(set(range(1, max(seen) + 1)) - set(seen))
            if not lost:
                continue
            shown = ", ".join(map(str, lost[:10])) + (" ..." if len(lost) > 10 else "")
            after = min(n for n in seen if n > lost[0])  # where the first lost row stood
            ex.issue("error", "rows_missing",
                     f"indicator {key}: {len(lost)} {what}(s) missing, the rows' numbers "
                     f"skip {shown}", line=seen[after], field=table)


def check_district_totals(ex: Extraction) -> None:
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for row in ex.tables["district_stats"]:
        for (key, column, _value, _line) in ex.printed_totals:
            if key == row["indicator_key"] and row.get(column) is not None:
                sums[(key, column)] += row[column]
    for key, column, printed, line in ex.printed_totals:
        total = sums[(key, column)]
        if total != printed:
            ex.issue("warning", "total_mismatch",
                     f"{column}: the district rows add up to {total:,}, the printed total "
                     f"is {printed:,.0f}", line=line, field=f"district_stats.{column}")
