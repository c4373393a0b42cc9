"""Validators: cross-checks over what a form parser extracted, each failure an issue.

They never change a value; they say what does not add up: printed totals against the
column sums, a KR with no host agency, an agency target whose unit differs from the
form's, a percentage above 100.
"""

from __future__ import annotations

from collections import defaultdict

from ._records import Extraction


def validate(ex: Extraction) -> None:
    check_host_agency(ex)
    check_target_units(ex)
    check_percentages(ex)
    check_district_totals(ex)


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
