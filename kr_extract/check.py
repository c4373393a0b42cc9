"""Golden regression: compare the pipeline's rows with `samples/NAME.expected.json`.

An expected file lists, per table, the rows expected in document order, each with only
the columns it checks (see tests/README.md). `project` cuts the actual rows down to those
columns so the two can be compared with a plain `==`; `differences` names each field that
differs, for `kr-extract check`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kr_extract.pipeline import DocResult, process_file

EXPECTED_SUFFIX = ".expected.json"


def expected_path(sample: Path) -> Path:
    return sample.with_name(sample.stem + EXPECTED_SUFFIX)


def load_expected(sample: Path) -> dict[str, Any]:
    return json.loads(expected_path(sample).read_text(encoding="utf-8"))


def project(expected: dict[str, Any], result: DocResult) -> dict[str, Any]:
    """The actual rows, cut to the tables and columns the expected file checks."""
    actual: dict[str, Any] = {}
    for table, want in expected.items():
        rows = result.tables.get(table, [])
        if isinstance(want, dict):
            got = rows[0] if rows else {}
            actual[table] = {k: got.get(k) for k in want}
        else:
            columns = list(dict.fromkeys(k for row in want for k in row))
            actual[table] = [{k: row.get(k) for k in columns} for row in rows]
    return actual


_WHITESPACE = re.compile(r"\s+")


def same_value(want: Any, got: Any, *, printed: bool = False) -> bool:
    """Whether `got` is the expected value. With `printed` (read from a printed page) a
    text may differ from it in whitespace: where a line wrapped does not show whether a
    space stood there."""
    if want == got:
        return True
    if printed and isinstance(want, str) and isinstance(got, str):
        return _WHITESPACE.sub("", want) == _WHITESPACE.sub("", got)
    return False


def differences(expected: dict[str, Any], actual: dict[str, Any], *,
                printed: bool = False) -> list[str]:
    """Every expected field `actual` does not hold (see `same_value` for `printed`)."""
    out: list[str] = []
    for table, want in expected.items():
        got = actual[table]
        if isinstance(want, dict):
            want, got = [want], [got]
        for i in range(max(len(want), len(got))):
            if i >= len(got):
                out.append(f"{table}[{i}]: missing row {want[i]}")
            elif i >= len(want):
                out.append(f"{table}[{i}]: unexpected row {got[i]}")
            else:
                for column, value in want[i].items():
                    if not same_value(value, got[i].get(column), printed=printed):
                        out.append(f"{table}[{i}].{column}: expected {value!r}, "
                                   f"got {got[i].get(column)!r}")
    return out


def check_samples(folder: Path) -> tuple[int, dict[str, list[str]]]:
    """(number of samples checked, {sample name: differences}) for every sample with an
    expected file in `folder`."""
    report: dict[str, list[str]] = {}
    samples = sorted(p for p in folder.iterdir()
                     if p.is_file() and not p.name.endswith(EXPECTED_SUFFIX)
                     and expected_path(p).exists())
    for sample in samples:
        expected = load_expected(sample)
        diffs = differences(expected, project(expected, process_file(sample)))
        if diffs:
            report[sample.name] = diffs
    return len(samples), report


def field_score(expected: dict[str, Any], actual: dict[str, Any], *,
                printed: bool = False) -> tuple[int, int]:
    """(fields right, fields expected), `source_line` and `source_format` left out."""
    right = total = 0
    for table, want in expected.items():
        got = actual.get(table)
        want_rows = [want] if isinstance(want, dict) else want
        got_rows = [got] if isinstance(got, dict) else (got or [])
        for i, row in enumerate(want_rows):
            for column, value in row.items():
                if column in ("source_line", "source_format"):
                    continue
                total += 1
                right += i < len(got_rows) and same_value(value, got_rows[i].get(column),
                                                          printed=printed)
    return right, total
