"""The batch pipeline: input paths -> one `DocResult` per file -> tables on disk.

`process_file` never raises: whatever goes wrong with one file becomes a `failed` row in
`documents` and an `error` row in `issues`, and the batch goes on. Rows are gathered in
input order (sorted paths), so the same inputs always give the same tables.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import extract
import schemas
from extract import Extraction
from kr_extract import PARSER_VERSION
from kr_extract.errors import DocumentError

INPUT_SUFFIXES = extract.TEXT_SUFFIXES


@dataclass
class DocResult:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def document(self) -> dict[str, Any]:
        return self.tables["documents"][0]


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line are taken as they are (an unsupported one gives a
    failed row); folders are walked for files with a supported suffix."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    return found


def process_file(path: Path) -> DocResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        doc_id = hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()
        return _failed(path, doc_id, None, f"cannot read the file: {exc.strerror or exc}",
                       "unreadable_file")
    doc_id = extract.doc_id_of(data)
    try:
        doc = extract.read_document(path, data)
        ex = extract.extract_document(doc)
    except DocumentError as exc:
        return _failed(path, doc_id, len(data), exc.message, exc.code)
    except Exception as exc:  # a parser bug must not stop the batch; say where it was
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return _failed(path, doc_id, len(data),
                       f"internal error {type(exc).__name__}: {exc} "
                       f"(at {Path(where.filename).name}:{where.lineno})", "internal_error")
    return _result(ex, len(data))


def _failed(path: Path, doc_id: str, size: int | None, message: str, code: str) -> DocResult:
    return DocResult({
        "documents": [{
            "doc_id": doc_id, "source_path": str(path), "source_format": _format_of(path),
            "form_type": "unknown", "fiscal_year_be": None, "status": "failed",
            "error": message, "n_issues": 1, "parser_version": PARSER_VERSION,
            "size_bytes": size,
        }],
        "issues": [{"doc_id": doc_id, "severity": "error", "code": code, "message": message}],
    })


def _format_of(path: Path) -> str:
    return "text" if path.suffix.lower() in extract.TEXT_SUFFIXES else "unknown"


def _result(ex: Extraction, size: int) -> DocResult:
    doc = ex.doc
    page_of = {line.no: line.page for line in doc.lines}
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, rows in ex.tables.items():
        tables[name] = [
            {**row, "page": page_of.get(row.get("source_line"))} if "source_line" in row
            else row for row in rows]
    tables["issues"] = [
        {"doc_id": doc.doc_id, "severity": i.severity, "code": i.code, "message": i.message,
         "source_line": i.source_line, "page": i.page, "field": i.field} for i in ex.issues]
    tables["repairs"] = [
        {"doc_id": doc.doc_id, "source_line": r.source_line, "page": r.page,
         "field": r.field, "rule": r.rule, "original": r.original,
         "replacement": r.replacement} for r in [*doc.repairs, *ex.repairs]]
    unknown = ex.form_type == "unknown"
    has_error = any(i.severity == "error" for i in ex.issues)
    status = "failed" if unknown else "partial" if has_error else "ok"
    error = next((i.message for i in ex.issues if i.severity == "error"), None) \
        if unknown else None
    pages = {line.page for line in doc.lines if line.page}
    tables["documents"] = [{
        "doc_id": doc.doc_id, "source_path": doc.source_path,
        "source_format": doc.source_format, "form_type": ex.form_type,
        "fiscal_year_be": ex.fiscal_year_be, "status": status, "error": error,
        "n_issues": len(ex.issues), "parser_version": PARSER_VERSION,
        "encoding": doc.encoding, "size_bytes": size, "n_lines": len(doc.lines),
        "n_pages": len(pages) or None,
    }]
    return DocResult(tables)


@dataclass
class BatchSummary:
    n_inputs: int
    status_counts: Counter[str]
    issue_counts: Counter[str]
    seconds: float
    out_dir: Path

    @property
    def exit_status(self) -> int:
        return 1 if self.status_counts["failed"] else 0

    def text(self) -> str:
        counts = ", ".join(f"{self.status_counts[s]} {s}" for s in ("ok", "partial", "failed"))
        severities = Counter(code.split(":")[0] for code in self.issue_counts.elements())
        issues = ", ".join(f"{severities[s]} {s}" for s in ("error", "warning", "info"))
        return (f"{self.n_inputs} document(s): {counts}; issues: {issues}; "
                f"{self.seconds:.2f} s -> {self.out_dir}")


def run_batch(paths: list[Path], out_dir: Path) -> BatchSummary:
    started = time.perf_counter()
    inputs = find_inputs(paths)
    merged: dict[str, list[dict[str, Any]]] = {name: [] for name in schemas.TABLES}
    seen: dict[str, str] = {}
    for path in inputs:
        result = process_file(path)
        document = result.document
        first = seen.setdefault(document["doc_id"], document["source_path"])
        if first != document["source_path"]:
            # The same bytes under another name: one document, listed once per file.
            result = DocResult({"documents": [{**document, "n_issues": 1}], "issues": [{
                "doc_id": document["doc_id"], "severity": "info", "code": "duplicate_file",
                "message": f"same content as {first}; its rows are not repeated"}]})
        for name, rows in result.tables.items():
            merged[name].extend(rows)
    statuses = Counter(d["status"] for d in merged["documents"])
    issue_counts = Counter(f"{i['severity']}:{i['code']}" for i in merged["issues"])
    seconds = time.perf_counter() - started
    manifest = {
        "parser_version": PARSER_VERSION,
        "inputs": [str(p) for p in inputs],
        "n_inputs": len(inputs),
        "status_counts": dict(sorted(statuses.items())),
        "issue_counts": dict(sorted(issue_counts.items())),
        "seconds": round(seconds, 3),
        "tables": {name: len(rows) for name, rows in merged.items()},
    }
    schemas.write_tables(out_dir, merged, manifest)
    return BatchSummary(len(inputs), statuses, issue_counts, seconds, out_dir)
