"""The labels of the real KPI monitor pages (tests/real_pages/NNN.expected.json), compared
field by field with what the pipeline gives for the page.

A label names what a reader sees on the page; each is looked up where the pipeline keeps
it:

| label | output |
|---|---|
| indicator_code, indicator_name | indicators.indicator_code, indicators.name |
| fiscal_year_be | indicators.fiscal_year_be when the page states it (a year inferred from report dates is not stated: null) |
| target_unit, target_value, actual_value | the indicators columns of those names |
| indicator_type | indicators.indicator_type without the level line the table keeps after it in brackets |
| quarters | the quarterly_results rows read from the quarterly table (rows of a report text alone are no table rows): quarter, result, score = assessment, score_pair |
| strategy | alignments: dimension = level ด้าน, sub_dimension = มิติ, goal = เป้าหมาย (their text) |

Texts are compared with whitespace collapsed; a text differs from the label only where the
pipeline recorded a repair of those letters (the `repairs` table), which the label, written
as printed, does not make.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGES = Path(__file__).resolve().parent / "real_pages"
LABEL_SUFFIX = ".expected.json"
_LEVEL = re.compile(r"\s*\(ตัวชี้วัดระดับ.*\)\s*$")
_STRATEGY = {"dimension": "ด้าน", "sub_dimension": "มิติ", "goal": "เป้าหมาย"}


@dataclass(frozen=True)
class Field:
    page: str
    name: str  # 'target_value', 'quarters[2].score', 'strategy.goal', ...
    expected: Any
    got: Any

    @property
    def right(self) -> bool:
        return _same(self.expected, self.got)


def split() -> dict[str, tuple[str, str]]:
    """page -> (view, set) from split.tsv."""
    rows = [line.split("\t") for line in (PAGES / "split.tsv").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")][1:]
    return {page: (view, kind) for page, view, kind in rows}


def page_paths(kind: str | None = None) -> list[Path]:
    """The pages of one set ('development', 'held_out'), or all of them."""
    return [PAGES / f"{page}.txt" for page, (_view, k) in sorted(split().items())
            if kind is None or k == kind]


def labels(page: Path) -> dict[str, Any]:
    return json.loads(page.with_name(page.stem + LABEL_SUFFIX).read_text(encoding="utf-8"))


def compare(page: Path, tables: dict[str, list[dict[str, Any]]]) -> list[Field]:
    """One `Field` per labelled field of the page, with what the pipeline gave."""
    want = labels(page)
    indicator = (tables.get("indicators") or [{}])[0]
    repairs = [(r["original"], r["replacement"]) for r in tables.get("repairs", [])]
    fields: list[Field] = []

    def add(name: str, expected: Any, got: Any) -> None:
        if isinstance(expected, str) and isinstance(got, str):
            got = _undo_repairs(expected, got, repairs)
        fields.append(Field(page.stem, name, expected, got))

    for name, column in (("indicator_code", "indicator_code"), ("indicator_name", "name"),
                         ("target_unit", "target_unit"), ("target_value", "target_value"),
                         ("actual_value", "actual_value")):
        if name in want:
            add(name, want[name], indicator.get(column))
    if "fiscal_year_be" in want:
        stated = None if indicator.get("fiscal_year_inferred") else indicator.get(
            "fiscal_year_be")
        add("fiscal_year_be", want["fiscal_year_be"], stated)
    if "indicator_type" in want:
        kind = indicator.get("indicator_type")
        kind = _LEVEL.sub("", kind).strip() or None if kind else None
        add("indicator_type", want["indicator_type"], kind)
    if "quarters" in want:
        rows = [r for r in tables.get("quarterly_results", [])
                if any(r.get(c) is not None for c in ("result", "assessment", "score_pair"))]
        if not want["quarters"]:
            add("quarters", [], [r.get("quarter") for r in rows])
        by_quarter = {r.get("quarter"): r for r in rows}
        for expected in want["quarters"]:
            row = by_quarter.get(expected["quarter"], {})
            for key, column in (("result", "result"), ("score", "assessment"),
                                ("score_pair", "score_pair")):
                if key in expected:
                    add(f"quarters[{expected['quarter']}].{key}", expected[key],
                        row.get(column) if row else _ABSENT)
        extra = sorted(set(by_quarter) - {q["quarter"] for q in want["quarters"]},
                       key=str)
        if want["quarters"] and extra:
            add("quarters (rows not on the page)", [], extra)
    if "strategy" in want:
        levels = {a["level"]: a.get("text") for a in tables.get("alignments", [])}
        for key, value in want["strategy"].items():
            add(f"strategy.{key}", value, levels.get(_STRATEGY[key]))
    return fields


class _Absent:
    def __repr__(self) -> str:
        return "(no such row)"


_ABSENT = _Absent()


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return abs(expected - got) < 1e-9
    if isinstance(expected, str) and isinstance(got, str):
        return " ".join(expected.split()) == " ".join(got.split())
    return bool(expected == got)


def _undo_repairs(expected: str, got: str, repairs: list[tuple[str, str]]) -> str:
    """`got` with the recorded repairs taken back where that makes it the label's text."""
    if _same(expected, got):
        return got
    for original, replacement in repairs:
        start = got.find(replacement) if replacement else -1
        while start >= 0:
            undone = got[:start] + original + got[start + len(replacement):]
            if _same(expected, undone):
                return undone
            start = got.find(replacement, start + 1)
    return got
