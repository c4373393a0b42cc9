"""The Python face of kr-extract: `extract(paths, ...)` -> `Result`.

    import kr_extract
    result = kr_extract.extract("forms/")            # a file or folder, or a list of them
    result.tables["indicators"]                      # pyarrow.Table, the Parquet schema
    result.to_pandas()["targets"]                    # one DataFrame per table
    result.documents, result.issues                  # the two tables every run fills

It runs the batch `kr-extract run` runs (the command is a thin layer over this function),
with the command's options as keyword arguments. Without `out` the tables are written to
a temporary folder, read back into memory and the folder removed; with `out` they stay
there (read on first use), and a later call into the same folder parses only new or
changed files.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from kr_extract import schemas
from kr_extract.pipeline import BatchOptions, BatchSummary, run_batch

if TYPE_CHECKING:
    import pandas as pd

PathArg = str | os.PathLike[str]


class Result:
    """The tables of one run, with its summary.

    `tables`: every output table by name (see `kr_extract.schemas.TABLES`), as the Parquet
    files hold it; when the run wrote to a folder they are read from it on first use.
    `summary`: counts by status and issue code, failures, timings. `out_dir`: where the
    files were written, or None when they were not kept.
    """

    def __init__(self, summary: BatchSummary, *, out_dir: Path | None = None,
                 tables: dict[str, pa.Table] | None = None) -> None:
        if tables is None and out_dir is None:
            raise ValueError("a Result needs its tables or the folder that holds them")
        self.summary = summary
        self.out_dir = out_dir
        if tables is not None:
            self.tables = tables

    @functools.cached_property
    def tables(self) -> dict[str, pa.Table]:
        assert self.out_dir is not None
        return _read_tables(self.out_dir)

    @property
    def documents(self) -> pa.Table:
        """One row per input file: its form type, status and counts."""
        return self.tables["documents"]

    @property
    def issues(self) -> pa.Table:
        """One row per problem found, each naming its document and source line."""
        return self.tables["issues"]

    def to_pandas(self) -> dict[str, pd.DataFrame]:
        """Every table as a pandas DataFrame, by name."""
        return {name: table.to_pandas() for name, table in self.tables.items()}

    def __repr__(self) -> str:
        counts = ", ".join(f"{status}={self.summary.status_counts[status]}"
                           for status in ("ok", "partial", "failed"))
        where = f", out_dir={str(self.out_dir)!r}" if self.out_dir else ""
        return f"Result({self.summary.n_inputs} documents: {counts}{where})"


def extract(
    paths: PathArg | Iterable[PathArg],
    *,
    out: PathArg | None = None,
    formats: str | Iterable[str] = ("parquet",),
    jobs: int | None = None,
    timeout: float = BatchOptions.timeout,
    max_bytes: int = BatchOptions.max_bytes,
    max_pages: int = BatchOptions.max_pages,
    force: bool = False,
    progress: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    chunk_size: int | None = None,
) -> Result:
    """Read every supported file under `paths` (files and folders) into the output tables.

    The keyword arguments are the options of `kr-extract run`: `out` the output folder
    (None: keep the tables in memory only), `formats` of "parquet" and "csv" (a
    list, or a text such as "parquet,csv"), `jobs`
    worker processes (None: one per core), `timeout` seconds per document (per page for
    PDFs and scans), `max_bytes` and `max_pages` limits per file, `force` to parse every
    file again, `executor` "local" or "dask" with `scheduler` and `chunk_size`.

    A file that cannot be read or parsed is a `failed` row in `documents`, with its
    reason in `issues`; it never raises. Raises `kr_extract.errors.UsageError` for
    options out of range, no input file under `paths`, or an unusable output folder.
    """
    options = BatchOptions(
        jobs=jobs, timeout=timeout, max_bytes=max_bytes, max_pages=max_pages, force=force,
        formats=_formats(formats), progress=progress, executor=executor, scheduler=scheduler,
        chunk_size=chunk_size)
    inputs = _paths(paths)
    if out is not None:
        out_dir = Path(out)
        return Result(run_batch(inputs, out_dir, options), out_dir=out_dir)
    with tempfile.TemporaryDirectory(prefix="kr-extract-") as scratch:
        out_dir = Path(scratch)
        summary = run_batch(inputs, out_dir, options)
        return Result(summary, tables=_read_tables(out_dir))


def _formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """("parquet", "csv"), from that or from "parquet,csv"."""
    if isinstance(formats, str):
        formats = formats.split(",")
    return tuple(name.strip() for name in formats if name.strip())


def _paths(paths: PathArg | Iterable[PathArg]) -> list[Path]:
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    return [Path(path) for path in paths]


def _read_tables(out_dir: Path) -> dict[str, pa.Table]:
    # Read fully into memory (no memory map), so the tables outlive the files.
    return {name: pq.read_table(out_dir / f"{name}.parquet", memory_map=False)
            for name in schemas.TABLES}
