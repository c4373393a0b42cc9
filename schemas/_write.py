"""Writing the tables: typed against the schemas, streamed, deterministic, atomic.

A run streams its rows into a staging folder beside the output (`.staging-*`), a few
hundred documents per Parquet row group, so memory does not grow with the number of
documents. Publishing then moves every file into place with `os.replace` (atomic on one
file system), the manifest last, with Ctrl-C and SIGTERM held back for those few
milliseconds. Before the moves start, the staging folder gets a `COMMITTED` marker: if
the process is killed outright in the middle of them, the next run that locks the folder
finishes the moves; a staging folder without the marker is an interrupted run and is
deleted. Either way no table file is ever half-written and the output is always one
complete run.

Each Parquet file's key-value metadata names the schema version and the parser version
that wrote it. With the "csv" format each table is also written as `NAME.csv`, from the
staged Parquet file and published with it; a run without it removes the CSV files an
earlier run left, so that they never disagree with the Parquet files.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import shutil
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .. import PARSER_VERSION
from ._tables import SCHEMA_VERSION, TABLES

STAGING_PREFIX = ".staging-"
LOCK_NAME = ".kr-extract.lock"
MANIFEST_NAME = "manifest.json"
_COMMITTED = "COMMITTED"
_COMPRESSION = "zstd"

FORMATS = ("parquet", "csv")  # output formats; Parquet is always written
# Key-value metadata of every Parquet file (and of the Arrow schemas read from them).
SCHEMA_VERSION_KEY = "kr_extract.schema_version"
PARSER_VERSION_KEY = "kr_extract.parser_version"
FILE_METADATA = {SCHEMA_VERSION_KEY: str(SCHEMA_VERSION), PARSER_VERSION_KEY: PARSER_VERSION}
_BOM = "\ufeff".encode()  # so that Excel reads the CSV files as UTF-8
_LIST_SEPARATOR = ";"


class SchemaError(ValueError):
    """Rows that do not fit a table's schema (a programming error, not bad input)."""


class OutputBusyError(RuntimeError):
    """Another run holds the lock on the output folder."""


def to_arrow(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    schema = TABLES[name]
    rows = list(rows)
    unknown = {k for row in rows for k in row} - set(schema.names)
    if unknown:
        raise SchemaError(f"table {name}: columns not in the schema: {sorted(unknown)}")
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    try:
        return pa.Table.from_pydict(columns, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
        raise SchemaError(f"table {name}: {exc}") from exc


class Columns:
    """One document's rows of one table, column by column: what workers send back.

    Cheaper to pickle than a list of dicts, and the writer joins many of them with
    `list.extend` before one Arrow conversion, which keeps the main process light.
    """

    __slots__ = ("data", "n_rows")

    def __init__(self, data: dict[str, list[Any]], n_rows: int) -> None:
        self.data = data
        self.n_rows = n_rows

    @classmethod
    def of(cls, name: str, rows: Sequence[Mapping[str, Any]]) -> Columns:
        """Rows already checked with `check_rows`; columns all null are left out."""
        data = {}
        for column in TABLES[name].names:
            values = [row.get(column) for row in rows]
            if any(value is not None for value in values):
                data[column] = values
        return cls(data, len(rows))

    def column(self, name: str) -> list[Any]:
        return self.data.get(name) or [None] * self.n_rows

    def __len__(self) -> int:
        return self.n_rows

    def __reduce__(self) -> tuple[Any, ...]:
        return (Columns, (self.data, self.n_rows))


class RowSource(Protocol):
    def read(self, start: int, end: int) -> pa.Table: ...


class FileRows:
    """Rows `start` to `end` of a table that is already on disk (rows kept from the last
    run), read only when written; adjacent spans are read as one."""

    __slots__ = ("end", "source", "start")

    def __init__(self, source: RowSource, start: int, end: int) -> None:
        self.source, self.start, self.end = source, start, end

    def __len__(self) -> int:
        return self.end - self.start


Piece = Sequence[Mapping[str, Any]] | Columns | FileRows | pa.Table


# --- checking rows without building Arrow tables ---------------------------------------

def check_rows(name: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Raise `SchemaError` unless every row fits table `name`.

    A pure-Python check, about 15 times cheaper than `to_arrow` on one document's rows:
    workers run it on each document so that a parser returning a bad value fails that
    document alone, and the batched conversion in the writer cannot fail. It is stricter
    than Arrow (no bool for a number, no float for an integer).
    """
    if name not in TABLES:
        raise SchemaError(f"no table named {name!r}")
    checks = _column_checks(name)
    for row in rows:
        for column, value in row.items():
            check = checks.get(column)
            if check is None:
                raise SchemaError(f"table {name}: column {column!r} is not in the schema")
            if value is None:
                if not check.nullable:
                    raise SchemaError(f"table {name}: column {column!r} may not be null")
            elif not check.accepts(value):
                raise SchemaError(f"table {name}: column {column!r} ({check.type}) cannot "
                                  f"hold {type(value).__name__} {value!r:.80}")


class _ColumnCheck:
    def __init__(self, field: pa.Field) -> None:
        self.type = field.type
        self.nullable = field.nullable
        self.accepts = _accepts(field.type)


def _accepts(kind: pa.DataType) -> Callable[[Any], bool]:
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return lambda v: type(v) is str
    if pa.types.is_integer(kind):
        info = (kind.bit_width, pa.types.is_signed_integer(kind))
        low, high = (-(1 << (info[0] - 1)), (1 << (info[0] - 1)) - 1) if info[1] \
            else (0, (1 << info[0]) - 1)
        return lambda v: type(v) is int and low <= v <= high
    if pa.types.is_floating(kind):
        return lambda v: type(v) is float or (type(v) is int and abs(v) < 2**53)
    if pa.types.is_boolean(kind):
        return lambda v: type(v) is bool
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        item = _accepts(kind.value_type)
        return lambda v: type(v) in (list, tuple) and all(x is None or item(x) for x in v)
    return lambda v: True  # a type no table uses yet: left to Arrow


@functools.cache
def _column_checks(name: str) -> dict[str, _ColumnCheck]:
    return {field.name: _ColumnCheck(field) for field in TABLES[name]}


# --- the output folder: lock, staging, publishing -------------------------------------

@contextlib.contextmanager
def lock_output(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one run; finish or clear what an earlier run left.

    Raises `OutputBusyError` when another run holds it (two runs must not interleave
    their moves).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / LOCK_NAME).open("a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise OutputBusyError(f"another kr-extract run is writing to {out_dir}") from exc
        try:
            recover_output(out_dir)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def recover_output(out_dir: Path) -> None:
    """Finish the moves of a run killed while publishing; delete unfinished staging."""
    for staging in sorted(out_dir.glob(STAGING_PREFIX + "*")):
        marker = staging / _COMMITTED
        if staging.is_dir() and marker.exists():
            names = json.loads(marker.read_text(encoding="utf-8"))
            _publish(staging, out_dir, names)
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staging: Path, out_dir: Path, names: list[str]) -> None:
    with _signals_held():
        for name in names:
            staged = staging / name
            if staged.exists():  # a file moved before a crash is not there any more
                staged.replace(out_dir / name)
        for table in TABLES:  # CSV files of an earlier run written with them
            if f"{table}.csv" not in names:
                (out_dir / f"{table}.csv").unlink(missing_ok=True)
        _fsync_dir(out_dir)
        (staging / _COMMITTED).unlink(missing_ok=True)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C or SIGTERM during the moves is delivered once they are done."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _columns_with_statistics(schema: pa.Schema) -> list[str]:
    """The columns whose row groups carry min/max statistics: numbers, flags and dates,
    which a reader can skip row groups by. Text columns carry none: the minimum and
    maximum of a long text (a definition, a report) are kept whole in the file's footer,
    and a writer holds every row group's footer in memory until it closes the file, so a
    large batch would grow with every document for statistics no reader uses."""
    return [f.name for f in schema if not (pa.types.is_string(f.type)
                                          or pa.types.is_large_string(f.type)
                                          or pa.types.is_list(f.type))]


class TableWriter:
    """Stream one run's tables into staging; `commit` publishes them all at once.

    Documents are added in output order, each as {table: rows}, where rows are dicts,
    `Columns`, or an Arrow table (rows kept from a previous run). Row groups hold
    `docs_per_group` documents, so the files do not depend on how the rows were produced.
    A Parquet writer keeps every row group's footer until it closes its file: groups of
    200 documents made the writer grow by about 0.5 KB a document, groups of 1,000 keep
    it flat to 100,000 documents for about 25 MB more rows pending. `formats`: of
    `FORMATS`; Parquet is written whether named or not.
    """

    def __init__(self, out_dir: Path, *, docs_per_group: int = 1000,
                 formats: Sequence[str] = ("parquet",)) -> None:
        unknown = set(formats) - set(FORMATS)
        if unknown:
            raise ValueError(f"unknown output formats: {sorted(unknown)}")
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self._csv = "csv" in formats
        self.row_counts: Counter[str] = Counter()
        self._docs_per_group = docs_per_group
        self._staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        self._writers = {
            name: pq.ParquetWriter(self._staging / f"{name}.parquet",
                                   schema.with_metadata(FILE_METADATA),
                                   compression=_COMPRESSION,
                                   write_statistics=_columns_with_statistics(schema))
            for name, schema in TABLES.items()}
        self._pending: dict[str, list[Piece]] = {name: [] for name in TABLES}
        self._pending_docs = 0

    def add_document(self, tables: Mapping[str, Piece]) -> None:
        for name, rows in tables.items():
            if len(rows):
                self._pending[name].append(rows)
                self.row_counts[name] += len(rows)
        self._pending_docs += 1
        if self._pending_docs >= self._docs_per_group:
            self._flush()

    def _flush(self) -> None:
        for name, pieces in self._pending.items():
            if pieces:
                table = _concat(name, pieces)
                self._writers[name].write_table(table, row_group_size=table.num_rows)
                pieces.clear()
        self._pending_docs = 0

    def commit(self, manifest: Mapping[str, Any] | None = None) -> list[Path]:
        """Publish every table (and the manifest, last); returns the published paths."""
        self._flush()
        for writer in self._writers.values():
            writer.close()
        names = [f"{name}.parquet" for name in TABLES]
        if self._csv:
            for name in TABLES:
                _write_csv(self._staging / f"{name}.parquet", self._staging / f"{name}.csv")
            names += [f"{name}.csv" for name in TABLES]
        if manifest is not None:
            (self._staging / MANIFEST_NAME).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                encoding="utf-8")
            names.append(MANIFEST_NAME)
        for name in names:
            _fsync_file(self._staging / name)
        marker = self._staging / _COMMITTED
        marker.with_suffix(".tmp").write_text(json.dumps(names), encoding="utf-8")
        _fsync_file(marker.with_suffix(".tmp"))
        marker.with_suffix(".tmp").replace(marker)
        _fsync_dir(self._staging)
        _publish(self._staging, self.out_dir, names)
        shutil.rmtree(self._staging, ignore_errors=True)
        return [self.out_dir / name for name in names]

    def abort(self) -> None:
        """Drop the staged files; the previous output stays as it was. Once publishing
        has begun the staging folder is left for the next run to finish instead."""
        for writer in self._writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        if not (self._staging / _COMMITTED).exists():
            shutil.rmtree(self._staging, ignore_errors=True)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is not None:
            self.abort()


def _write_csv(parquet: Path, path: Path) -> None:
    """A table as CSV, a row group at a time: UTF-8 with a byte-order mark, a header row,
    text quoted, nulls empty, list items joined with ';'."""
    source = pq.ParquetFile(parquet)
    schema = pa.schema([pa.field(f.name, pa.string()) if _is_list(f.type) else f
                        for f in source.schema_arrow]).remove_metadata()
    with path.open("wb") as handle:
        handle.write(_BOM)
        with pa_csv.CSVWriter(handle, schema) as writer:
            for batch in source.iter_batches():
                writer.write_batch(pa.record_batch(
                    [_joined(column) if _is_list(column.type) else column
                     for column in batch.columns], schema=schema))


def _is_list(kind: pa.DataType) -> bool:
    return pa.types.is_list(kind) or pa.types.is_large_list(kind)


def _joined(lists: pa.Array) -> pa.Array:
    """Each list as one text of its items joined with ';' (a null item as an empty one,
    a null list as null)."""
    items = pc.fill_null(pc.cast(lists.values, pa.string()), "")
    joined = pc.binary_join(type(lists).from_arrays(lists.offsets, items), _LIST_SEPARATOR)
    return pc.if_else(lists.is_null(), pa.scalar(None, pa.string()), joined)


def _concat(name: str, pieces: list[Piece]) -> pa.Table:
    """One Arrow table of the pieces, in order: dict rows and `Columns` joined as Python
    lists and converted at once, spans of kept rows read in as few reads as possible."""
    schema = TABLES[name]
    tables: list[pa.Table] = []
    columns: dict[str, list[Any]] = {column: [] for column in schema.names}
    n_pending = 0
    span: list[Any] | None = None  # [source, start, end] not read yet

    def convert() -> None:
        nonlocal n_pending, span
        if n_pending:
            try:
                tables.append(pa.Table.from_pydict(columns, schema=schema))
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
                raise SchemaError(f"table {name}: {exc}") from exc
            for values in columns.values():
                values.clear()
            n_pending = 0
        if span:
            tables.append(span[0].read(span[1], span[2]).replace_schema_metadata(None))
            span = None

    for piece in pieces:
        if isinstance(piece, FileRows):
            if span and span[0] is piece.source and span[2] == piece.start:
                span[2] = piece.end
                continue
            convert()
            span = [piece.source, piece.start, piece.end]
            continue
        if span:
            convert()
        if isinstance(piece, pa.Table):
            convert()
            tables.append(piece.replace_schema_metadata(None))
        elif isinstance(piece, Columns):
            for column, values in columns.items():
                values.extend(piece.column(column))
            n_pending += piece.n_rows
        else:
            unknown = {k for row in piece for k in row} - set(schema.names)
            if unknown:
                raise SchemaError(f"table {name}: columns not in the schema: "
                                  f"{sorted(unknown)}")
            for column, values in columns.items():
                values.extend(row.get(column) for row in piece)
            n_pending += len(piece)
    convert()
    return tables[0] if len(tables) == 1 else pa.concat_tables(tables).combine_chunks()


def write_tables(out_dir: Path, tables: Mapping[str, list[Mapping[str, Any]]],
                 manifest: Mapping[str, Any] | None = None, *,
                 formats: Sequence[str] = ("parquet",)) -> list[Path]:
    """Write every table of `TABLES` (empty ones too, so readers always find them)."""
    with lock_output(out_dir), TableWriter(out_dir, formats=formats) as writer:
        writer.add_document(tables)
        return writer.commit(manifest)
