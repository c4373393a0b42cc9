"""Incremental runs: keep the rows of documents that did not change since the last run.

The state is the previous output itself: `documents` says which file (`source_path`) had
which content (`content_sha256`; `doc_id` hashes both) under which `parser_version`, and
every other table holds its rows by `doc_id`, in one contiguous block per document (the
writer adds documents one at a time). A file whose path, content and parser version are
unchanged keeps those rows: they are handed to the writer as spans of the old Parquet
files (`schemas.FileRows`), and the spans of consecutive kept documents are read as one,
a row group at a time, so keeping thousands of documents costs little time or memory.
Of files with the same content only the first holds rows; the others have a documents
row and a `duplicate_file` issue naming it, kept while that first file is the same.

Not kept, so parsed again: failures that depend on the run rather than the content
(time limit, crashed worker, file unreadable, changed or over a limit, internal
error), documents over a lowered page limit, and everything when a table's schema
changed or the previous output is incomplete.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kr_extract import PARSER_VERSION, schemas

RETRY_CODES = frozenset({
    "timeout", "worker_crashed", "unreadable_file", "file_too_large", "too_many_pages",
    "file_changed", "internal_error",
})


@dataclass(frozen=True)
class KeptDocument:
    """A document whose rows are kept: spans to copy, and what the run summary needs."""

    tables: dict[str, schemas.FileRows]
    document: dict[str, Any]  # doc_id, source_path, status, error
    issues: list[tuple[str, str]]  # (severity, code) of its issues


class PreviousOutput:
    """The last complete run in an output folder, indexed for reuse."""

    def __init__(self, out_dir: Path) -> None:
        documents = pq.read_table(out_dir / "documents.parquet", columns=[
            "doc_id", "source_path", "content_sha256", "status", "error", "parser_version",
            "n_pages"])
        columns = {name: documents.column(name).to_pylist() for name in documents.column_names}
        self._docs = columns
        self._row_of = {(p, d): i for i, (p, d) in enumerate(
            zip(columns["source_path"], columns["doc_id"], strict=True))}
        self._first: dict[str, str] = {}  # content -> the path that held its rows
        for path, content in zip(columns["source_path"], columns["content_sha256"],
                                 strict=True):
            if content is not None:
                self._first.setdefault(content, path)
        self._issues = _issues_by_doc(out_dir / "issues.parquet")
        self._documents = _TableIndex(out_dir / "documents.parquet", by_doc=False)
        self._tables = {name: _TableIndex(out_dir / f"{name}.parquet")
                        for name in schemas.TABLES if name != "documents"}

    @classmethod
    def open(cls, out_dir: Path) -> tuple[PreviousOutput | None, str]:
        """(the previous output, "") or (None, why it cannot be reused)."""
        if not (out_dir / schemas.MANIFEST_NAME).exists():
            return None, "no previous output"
        try:
            json.loads((out_dir / schemas.MANIFEST_NAME).read_text(encoding="utf-8"))
            for name, schema in schemas.TABLES.items():
                path = out_dir / f"{name}.parquet"
                if not path.exists():
                    return None, f"previous output has no {name} table"
                if not pq.read_schema(path).equals(schema, check_metadata=False):
                    return None, f"the schema of table {name} changed"
            return cls(out_dir), ""
        except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
            return None, f"previous output unreadable ({exc})"

    def find(self, path: str, doc_id: str, max_pages: int) -> int | None:
        """The documents row of this file if its rows can be kept, else None."""
        index = self._row_of.get((path, doc_id))
        if index is None or self._docs["parser_version"][index] != PARSER_VERSION:
            return None
        if self._docs["status"][index] == "failed" and \
                any(code in RETRY_CODES for _, code in self._issues.get(doc_id, [])):
            return None
        if (self._docs["n_pages"][index] or 0) > max_pages:
            return None
        return index

    def first_with(self, content: str) -> str | None:
        """The path that held the rows of this content in the previous run (the first
        file with it; later copies only got a documents row and a `duplicate_file`
        issue naming that path)."""
        return self._first.get(content)

    def document_row(self, index: int) -> dict[str, Any]:
        return self._documents.read(index, index + 1).to_pylist()[0]

    def kept(self, index: int) -> KeptDocument:
        doc_id = self._docs["doc_id"][index]
        tables = {"documents": schemas.FileRows(self._documents, index, index + 1)}
        for name, table in self._tables.items():
            span = table.span_of(doc_id)
            if span:
                tables[name] = span
        document = {key: self._docs[key][index]
                    for key in ("doc_id", "source_path", "status", "error")}
        return KeptDocument(tables, document, self._issues.get(doc_id, []))


def _issues_by_doc(path: Path) -> dict[str, list[tuple[str, str]]]:
    """(severity, code) of each document's issues, for the run summary and retries."""
    out: dict[str, list[tuple[str, str]]] = {}
    issues = pq.read_table(path, columns=["doc_id", "severity", "code"])
    for doc_id, severity, code in zip(*(issues.column(c).to_pylist()
                                        for c in ("doc_id", "severity", "code")), strict=True):
        out.setdefault(doc_id, []).append((severity, code))
    return out


class _TableIndex:
    """Where each document's rows are in one Parquet file (one contiguous span, since the
    writer adds documents one at a time). Reads a row group at a time and keeps the last
    one, as kept documents come back in the order they were written."""

    def __init__(self, path: Path, *, by_doc: bool = True) -> None:
        self._file = pq.ParquetFile(path)
        meta = self._file.metadata
        sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
        self._group_starts = np.cumsum([0, *sizes]).tolist()
        self._spans: dict[str, tuple[int, int]] = {}
        self._cached: tuple[int, pa.Table] | None = None
        if by_doc:
            self._index_spans()

    def _index_spans(self) -> None:
        for group, offset in enumerate(self._group_starts[:-1]):
            # One row group at a time: the whole doc_id column can be large.
            ids = self._file.read_row_group(group, columns=["doc_id"]).column("doc_id")
            for doc_id, start, end in _runs(ids):
                if doc_id is None:
                    continue
                start, end = offset + start, offset + end
                known = self._spans.get(doc_id)
                if known is None:
                    self._spans[doc_id] = (start, end)
                elif known[1] == start:  # a span cut by a row-group boundary
                    self._spans[doc_id] = (known[0], end)

    def span_of(self, doc_id: str) -> schemas.FileRows | None:
        span = self._spans.get(doc_id)
        return schemas.FileRows(self, *span) if span else None

    def read(self, start: int, end: int) -> pa.Table:
        pieces = []
        group = bisect.bisect_right(self._group_starts, start) - 1
        while start < end:
            group_start = self._group_starts[group]
            table = self._group(group)
            stop = min(end, group_start + table.num_rows)
            pieces.append(table.slice(start - group_start, stop - start))
            start, group = stop, group + 1
        return pieces[0] if len(pieces) == 1 else pa.concat_tables(pieces)

    def _group(self, group: int) -> pa.Table:
        if self._cached is None or self._cached[0] != group:
            self._cached = (group, self._file.read_row_group(group))
        return self._cached[1]


def _runs(ids: pa.ChunkedArray | pa.Array) -> list[tuple[str | None, int, int]]:
    """(value, start, end) of each run of equal values (nulls equal to each other),
    without a Python loop per row."""
    n = len(ids)
    if not n:
        return []
    head, tail = ids.slice(0, n - 1), ids.slice(1)
    same = pc.or_kleene(pc.equal(head, tail),
                        pc.and_(pc.is_null(head), pc.is_null(tail)))
    changes = pc.invert(pc.fill_null(same, False))
    starts = [0, *(np.flatnonzero(changes.to_numpy(zero_copy_only=False)) + 1).tolist()]
    ends = [*starts[1:], n]
    return list(zip(ids.take(starts).to_pylist(), starts, ends, strict=True))
