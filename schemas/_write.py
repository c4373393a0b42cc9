"""Writing the tables: typed against the schemas, deterministic, atomic.

All tables of a run are first written to a staging folder beside the output, then each
file is moved into place with `os.replace` (atomic on one file system), and the run
manifest last. A crash or Ctrl-C before the moves leaves the previous output untouched;
no table file is ever half-written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ._tables import TABLES


class SchemaError(ValueError):
    """Rows that do not fit a table's schema (a programming error, not bad input)."""


def to_arrow(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    schema = TABLES[name]
    rows = list(rows)
    unknown = {k for row in rows for k in row} - set(schema.names)
    if unknown:
        raise SchemaError(f"table {name}: columns not in the schema: {sorted(unknown)}")
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    try:
        return pa.Table.from_pydict(columns, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SchemaError(f"table {name}: {exc}") from exc


def write_tables(out_dir: Path, tables: Mapping[str, list[Mapping[str, Any]]],
                 manifest: Mapping[str, Any] | None = None) -> list[Path]:
    """Write every table of `TABLES` (empty ones too, so readers always find them)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    written: list[Path] = []
    try:
        for name in TABLES:
            table = to_arrow(name, tables.get(name, []))
            pq.write_table(table, staging / f"{name}.parquet", compression="zstd")
        if manifest is not None:
            (staging / "manifest.json").write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                encoding="utf-8")
        names = [f"{n}.parquet" for n in TABLES] + (["manifest.json"] if manifest else [])
        for file_name in names:
            staged = staging / file_name
            with staged.open("rb") as handle:
                os.fsync(handle.fileno())
            os.replace(staged, out_dir / file_name)
            written.append(out_dir / file_name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
