"""The batch pipeline: input paths -> one `DocResult` per file -> tables on disk.

`process_file` never raises: whatever goes wrong with one file becomes a `failed` row in
`documents` and an `error` row in `issues`, and the batch goes on. `run_batch` reads each
input in the main process (its size is checked before reading, then its SHA-256 taken),
keeps the rows of files unchanged since the last run, parses the others in worker
processes under a time limit, and streams the results to the writer in sorted input
order, so the tables are the same whatever the number of jobs.

Every row carries the `doc_id` of its input file, the SHA-256 of the file's path (as in
`source_path`) and content (`file_doc_id`): unique per file, so that the tables join on
it, while `documents.content_sha256` (the content's SHA-256 alone) finds identical files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import heapq
import os
import stat
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kr_extract import PARSER_VERSION, __version__, extract, schemas
from kr_extract._dask import require_dask, run_on_dask
from kr_extract._incremental import KeptDocument, PreviousOutput
from kr_extract._progress import Progress
from kr_extract._workers import Done, TaskFailure, Todo, available_cores, run_ordered
from kr_extract.errors import (
    DocumentError,
    DocumentTimeoutError,
    FileChangedError,
    FileTooLargeError,
    InternalError,
    UnreadableFileError,
    UsageError,
    WorkerCrashedError,
)
from kr_extract.extract import Extraction

INPUT_SUFFIXES = extract.INPUT_SUFFIXES  # searched for in folders: text, PDF, images
MB = 1024 * 1024

Rows = list[dict[str, Any]]


@dataclass
class DocResult:
    """The rows one input file gives, by table (`documents` always holds one row)."""

    tables: dict[str, Any] = field(default_factory=dict)  # Rows (Columns from a worker)
    seconds: float = 0.0  # time spent parsing it (0 when its rows were kept)
    cpu_seconds: float = 0.0  # CPU time of that, which other work on the machine cannot swell

    @property
    def document(self) -> dict[str, Any]:
        return self.tables["documents"][0]


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs; invalid values raise `UsageError` (exit status 2)."""

    jobs: int | None = None  # worker processes; None: one per available core
    timeout: float = 60.0  # seconds one document (a PDF or image: one page) may take
    max_bytes: int = 50 * MB  # larger files are not read
    max_pages: int = 500  # documents with more pages are not parsed
    force: bool = False  # parse every file again, keep nothing from the last run
    # output formats, of schemas.FORMATS; Parquet is always written (incremental runs and
    # the report read it), CSV beside it on request
    formats: tuple[str, ...] = ("parquet",)
    progress: bool = False  # draw a progress bar on stderr
    executor: str = "local"  # "local": worker processes here; "dask": on a Dask cluster
    scheduler: str | None = None  # Dask scheduler address; None: a local Dask cluster
    chunk_size: int | None = None  # documents per Dask task; None: up to 8

    def __post_init__(self) -> None:
        formats = (self.formats,) if isinstance(self.formats, str) else tuple(self.formats)
        unknown = [name for name in formats if name not in schemas.FORMATS]
        if unknown:
            raise UsageError(f"unknown output format {unknown[0]!r} (formats: "
                             f"{', '.join(schemas.FORMATS)})")
        object.__setattr__(self, "formats", tuple(
            name for name in schemas.FORMATS if name in formats or name == "parquet"))
        if self.jobs is not None and self.jobs < 1:
            raise UsageError(f"jobs must be at least 1, not {self.jobs}")
        if not self.timeout > 0:
            raise UsageError(f"timeout must be more than 0 seconds, not {self.timeout}")
        if self.max_bytes < 1:
            raise UsageError(f"max_bytes must be at least 1, not {self.max_bytes}")
        if self.max_pages < 1:
            raise UsageError(f"max_pages must be at least 1, not {self.max_pages}")
        if self.executor not in ("local", "dask"):
            raise UsageError(f"executor must be local or dask, not {self.executor!r}")
        if self.executor != "dask" and (self.scheduler or self.chunk_size):
            raise UsageError("a scheduler address and a chunk size are for --executor dask")
        if self.chunk_size is not None and self.chunk_size < 1:
            raise UsageError(f"chunk_size must be at least 1, not {self.chunk_size}")
        if self.executor == "dask":
            require_dask(self.scheduler)

    @property
    def workers(self) -> int:
        return self.jobs or available_cores()

    @property
    def read_settings(self) -> extract.ReadSettings:
        # The workers already use every core: each OCRs a scan's pages on its share.
        return extract.ReadSettings(max_pages=self.max_pages,
                                    ocr_workers=max(1, available_cores() // self.workers))


# --- finding the inputs ----------------------------------------------------------------

def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """Every input file, each once, in sorted path order (see `search_inputs`)."""
    return [Path(name) for name in search_inputs(paths)[0]]


def search_inputs(paths: Iterable[Path]) -> tuple[list[str], list[str]]:
    """(every input file, the files skipped), each once, in sorted path order.

    Files named on the command line are taken as they are (a missing or unsupported one
    gives a failed row); folders are walked for files with a supported suffix, skipping
    hidden names and not following symbolic links to folders. The other files found
    there are skipped: not inputs, but the run says how many and lists them. A folder
    that cannot be listed is an input of its own, so that it gets a failed row saying why.
    Paths are kept as text: a `Path` costs about four times more, and a batch holds its
    whole list.
    """
    found: dict[str, str] = {}
    skipped: dict[str, str] = {}
    for path in paths:
        for item, supported in (_walk(path) if path.is_dir() else [(path, True)]):
            # The same file however it is spelled (symbolic links are not resolved); of
            # its spellings the first in sorted order, whatever the order of the arguments.
            key = os.path.normpath(item.absolute())
            into = found if supported else skipped
            name = str(item)
            if key not in into or _path_order(name) < _path_order(into[key]):
                into[key] = name
    return (sorted(found.values(), key=_path_order),
            sorted((name for key, name in skipped.items() if key not in found),
                   key=_path_order))


def _path_order(name: str) -> str:
    """A key that sorts paths as their `Path.parts` sort: the parts joined with NUL,
    which sorts below every character a name can hold (an absolute path's root is a
    part of its own)."""
    rooted = name.startswith(os.sep)
    parts = name[1:] if rooted else name
    return (os.sep + "\0" if rooted else "") + parts.replace(os.sep, "\0")


def _walk(folder: Path) -> Iterator[tuple[Path, bool]]:
    """(path, whether of a supported type) of each file under `folder`."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        yield folder, True
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif path.suffix.lower() in INPUT_SUFFIXES:
            yield path, True
        elif not _is_dir(entry):  # a link to a folder is not followed, nor a file
            yield path, False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


# --- one document ----------------------------------------------------------------------

def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_doc_id(path: Path, content: str) -> str:
    """The `doc_id` of an input file: the SHA-256 of its path as given (`source_path`),
    a NUL and the SHA-256 of its content (`content`, hex). Identical files at two paths
    get two; an edited file gets a new one."""
    return hashlib.sha256(os.fsencode(path) + b"\0" + content.encode()).hexdigest()


def read_input(path: Path, max_bytes: int) -> bytes:
    """The bytes of one input file, its size checked before anything is read.

    Raises `UnreadableFileError` (missing, a folder, not a regular file, no permission)
    or `FileTooLargeError`.
    """
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise UnreadableFileError(_folder_problem(path), source_path=str(path))
            if not stat.S_ISREG(info.st_mode):
                # A FIFO or a device would block or never end.
                raise UnreadableFileError("not a regular file", source_path=str(path))
            if info.st_size > max_bytes:
                raise FileTooLargeError(_too_large(info.st_size, max_bytes),
                                        source_path=str(path))
            # read(n) allocates n bytes up front: ask for the size stat gave, then for
            # the rest only if the file grew since.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(max_bytes + 1 - len(data))
    except IsADirectoryError:
        raise UnreadableFileError(_folder_problem(path), source_path=str(path)) from None
    except OSError as exc:
        raise UnreadableFileError(f"cannot read the file: {exc.strerror or exc}",
                                  source_path=str(path)) from exc
    if len(data) > max_bytes:  # it grew after the size check
        raise FileTooLargeError(_too_large(len(data), max_bytes), source_path=str(path))
    return data


def _folder_problem(path: Path) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"cannot list the folder: {exc.strerror or exc}"
    return "a folder, not a file"


def _too_large(size: int, limit: int) -> str:
    return (f"the file is {_human(size)}, over the limit of {_human(limit)} (--max-bytes); "
            "it was not read")


def _human(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


_DEFAULT_READ = extract.ReadSettings(max_pages=BatchOptions.max_pages)


def process_file(path: str | os.PathLike[str], max_bytes: int = BatchOptions.max_bytes,
                 max_pages: int = BatchOptions.max_pages) -> DocResult:
    """Read and parse one file in this process (never raises, as `parse_bytes`)."""
    path = Path(path)
    try:
        data = read_input(path, max_bytes)
    except DocumentError as exc:
        return failed_result(path, _unread_id(path), None, _size_of(path), exc.message,
                             exc.code)
    return parse_bytes(path, data, extract.ReadSettings(max_pages=max_pages))


def parse_bytes(path: Path, data: bytes,
                settings: extract.ReadSettings = _DEFAULT_READ) -> DocResult:
    """Parse the bytes of one file into its rows; never raises."""
    content = content_sha256(data)
    doc_id = file_doc_id(path, content)
    try:
        doc = extract.read_document(path, data, settings=settings, doc_id=doc_id)
        result = _result(extract.extract_document(doc), content, len(data))
        for name, rows in result.tables.items():
            # Here, so that a parser returning a bad value fails its document alone.
            schemas.check_rows(name, rows)
    except DocumentError as exc:
        return failed_result(path, doc_id, content, len(data), exc.message, exc.code)
    except schemas.SchemaError as exc:
        return failed_result(path, doc_id, content, len(data),
                             f"internal error: rows that do not fit the schema: {exc}",
                             InternalError.code)
    except Exception as exc:  # a parser bug must not stop the batch; say where it was
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return failed_result(path, doc_id, content, len(data),
                             f"internal error {type(exc).__name__}: {exc} "
                             f"(at {Path(where.filename).name}:{where.lineno})",
                             InternalError.code)
    return result


def failed_result(path: Path, doc_id: str, content: str | None, size: int | None,
                  message: str, code: str) -> DocResult:
    """`content`: the SHA-256 of the bytes, None for a file that could not be read."""
    return DocResult({
        "documents": [{
            "doc_id": doc_id, "source_path": str(path), "source_format": _format_of(path),
            "form_type": "unknown", "fiscal_year_be": None, "status": "failed",
            "error": message, "n_issues": 1, "parser_version": PARSER_VERSION,
            "size_bytes": size, "content_sha256": content,
        }],
        "issues": [{"doc_id": doc_id, "severity": "error", "code": code, "message": message}],
    })


def _unread_id(path: Path) -> str:
    # A file that was not read has no content hash; its path stands in for it.
    return hashlib.sha256(b"unreadable:" + os.fsencode(path)).hexdigest()


def _size_of(path: Path) -> int | None:
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in extract.TEXT_SUFFIXES:
        return "text"
    return "pdf" if suffix == ".pdf" else "image" if suffix in INPUT_SUFFIXES else "unknown"


def _result(ex: Extraction, content: str, size: int) -> DocResult:
    doc = ex.doc
    page_of = {line.no: line.page for line in doc.lines}
    tables: dict[str, Rows] = {}
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
    tables["documents"] = [{
        "doc_id": doc.doc_id, "source_path": doc.source_path,
        "source_format": doc.source_format, "form_type": ex.form_type,
        "fiscal_year_be": ex.fiscal_year_be, "status": status, "error": error,
        "n_issues": len(ex.issues), "parser_version": PARSER_VERSION,
        "encoding": doc.encoding, "size_bytes": size, "n_lines": len(doc.lines),
        "n_pages": doc.n_pages,  # the file's pages, blank ones too (None for text)
        "content_sha256": content,
        # the share of the form type's requirements met (None: not parsed)
        "completeness": None if unknown else ex.completeness,
    }]
    return DocResult(tables)


# --- the batch -------------------------------------------------------------------------

ParseFunction = Callable[[Path, bytes, extract.ReadSettings], DocResult]


@dataclass(frozen=True)
class _Input:
    path: Path
    doc_id: str
    content: str | None  # SHA-256 of the bytes (None: not read)
    size: int | None
    duplicate_of: str | None  # path of the first input with the same content
    source: str  # "parsed", "kept" (rows from the last run) or "not read"


def _parse_task(parse: ParseFunction,
                task: tuple[str, str, int, extract.ReadSettings]) -> DocResult:
    """What a worker runs for one document: read it (again: sending the bytes through a
    pipe costs the main process more than reading them from the page cache costs
    here), parse it, and turn its rows into `Columns`, cheap to send back and to join."""
    path, content, max_bytes, settings = Path(task[0]), task[1], task[2], task[3]
    started, started_cpu = time.perf_counter(), time.process_time()
    try:
        data = read_input(path, max_bytes)
        if content_sha256(data) != content:
            raise FileChangedError("the file changed while the batch was running; run "
                                   "again to parse it", source_path=str(path))
    except DocumentError as exc:
        result = failed_result(path, file_doc_id(path, content), content, _size_of(path),
                               exc.message, exc.code)
    else:
        result = parse(path, data, settings)
    result.tables = {name: rows if name == "documents" else schemas.Columns.of(name, rows)
                     for name, rows in result.tables.items() if len(rows)}
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - started_cpu
    return result


@dataclass
class BatchSummary:
    n_inputs: int
    status_counts: Counter[str]
    issue_counts: Counter[str]  # "severity:code" -> rows
    seconds: float
    out_dir: Path
    sources: Counter[str] = field(default_factory=Counter)  # parsed / kept / not read
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, error
    previous_output: str = ""  # why the last run's rows were not kept, if they were not
    skipped: list[str] = field(default_factory=list)  # files not of a supported type

    @property
    def exit_status(self) -> int:
        return 1 if self.status_counts["failed"] else 0

    @property
    def issues_by_code(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for key, n in self.issue_counts.items():
            out[key.split(":", 1)[1]] += n
        return out

    def text(self, max_failures: int = 5) -> str:
        counts = ", ".join(f"{self.status_counts[s]} {s}" for s in ("ok", "partial", "failed"))
        severities: Counter[str] = Counter()
        for key, n in self.issue_counts.items():
            severities[key.split(":", 1)[0]] += n
        issues = ", ".join(f"{severities[s]} {s}" for s in ("error", "warning", "info"))
        kept = self.sources["kept"]
        reuse = f"{self.sources['parsed']} parsed, {kept} unchanged"
        lines = [f"{self.n_inputs} document(s): {counts}; issues: {issues}; {reuse}; "
                 f"{self.seconds:.2f} s -> {self.out_dir}"]
        if self.skipped:
            lines.append(f"skipped: {_skipped_text(self.skipped)}; manifest.json lists them")
        if self.failures:
            codes = Counter(code for _, code, _ in self.failures)
            lines.append(f"failed: {self.status_counts['failed']} "
                         f"({', '.join(f'{c} {n}' for c, n in sorted(codes.items()))})")
            lines += [f"  {path}: {error}" for path, _, error in self.failures[:max_failures]]
            if len(self.failures) > max_failures:
                lines.append(f"  ... and {len(self.failures) - max_failures} more "
                             "(documents.parquet lists them all)")
        return "\n".join(lines)


def _skipped_text(skipped: list[str]) -> str:
    suffixes = Counter(Path(path).suffix.lower() or "no suffix" for path in skipped)
    return (f"{len(skipped)} file(s) of an unsupported type "
            f"({', '.join(f'{s} {n}' for s, n in sorted(suffixes.items()))})")


def run_batch(paths: list[Path], out_dir: Path, options: BatchOptions | None = None, *,
              parse: ParseFunction = parse_bytes) -> BatchSummary:
    """Process every input under `paths` into the tables in `out_dir`.

    `parse` turns one file's bytes into rows in a worker process; it must be a
    module-level function (workers import it by name). Tests replace it to simulate a
    parser that hangs or crashes. Raises `UsageError` for an unusable output folder, and
    when `paths` hold no input file (then nothing is written).
    """
    options = options or BatchOptions()
    started = time.perf_counter()
    started_at = datetime.now(UTC)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"the output {out_dir} is a file, not a folder")
    inputs, skipped = search_inputs(paths)
    if not inputs:
        where = ", ".join(str(path) for path in paths)
        raise UsageError(
            f"no input files found in {where} (searched for "
            f"{', '.join(sorted(INPUT_SUFFIXES))})"
            + (f"; skipped {_skipped_text(skipped)}" if skipped else "")
            + "; nothing was written")
    summary = BatchSummary(len(inputs), Counter(), Counter(), 0.0, out_dir,
                           skipped=skipped)
    times = _ParseTimes()
    held = contextlib.ExitStack()
    try:
        held.enter_context(schemas.lock_output(out_dir))
    except schemas.OutputBusyError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        raise UsageError(f"cannot write to {out_dir}: {exc.strerror or exc}") from exc
    with held, schemas.TableWriter(out_dir, formats=options.formats) as writer:
        previous, summary.previous_output = (None, "--force") if options.force \
            else PreviousOutput.open(out_dir)
        progress = Progress(len(inputs), sys.stderr if options.progress else None)
        run = run_ordered if options.executor == "local" else functools.partial(
            run_on_dask, scheduler=options.scheduler, chunk_size=options.chunk_size)
        outcomes = run(_plan(inputs, previous, options),
                       functools.partial(_parse_task, parse),
                       jobs=options.workers, timeout=options.timeout)
        for item, outcome in outcomes:
            if isinstance(outcome, KeptDocument):
                tables, document, issues = outcome.tables, outcome.document, outcome.issues
            else:
                result = _settle(item, outcome, options)
                tables, document, issues = result.tables, result.document, \
                    _issue_pairs(result)
                if result.seconds:
                    times.add(result.seconds, result.cpu_seconds, item.path)
            _tally(summary, item.source, document, issues)
            writer.add_document(tables)
            progress.advance()
        progress.close()
        summary.seconds = time.perf_counter() - started
        writer.commit(_manifest(summary, paths, options, started_at, times,
                                writer.row_counts, previous is not None))
    return summary


def _plan(inputs: list[str], previous: PreviousOutput | None, options: BatchOptions
          ) -> Iterator[tuple[_Input, Done | Todo]]:
    """For each input, in order: its failed row if it cannot be read, its rows from the
    last run if unchanged, or a task for a worker. Read lazily, as workers need tasks."""
    seen: dict[str, str] = {}  # content -> first path with that content
    for name in inputs:
        path = Path(name)
        try:
            data = read_input(path, options.max_bytes)
        except DocumentError as exc:
            doc_id, size = _unread_id(path), _size_of(path)
            yield (_Input(path, doc_id, None, size, None, "not read"),
                   Done(failed_result(path, doc_id, None, size, exc.message, exc.code)))
            continue
        content = content_sha256(data)
        doc_id = file_doc_id(path, content)
        first = seen.setdefault(content, name)
        duplicate_of = first if first != name else None
        kept = previous and _kept(previous, path, doc_id, content, first, options)
        if kept:
            yield _Input(path, doc_id, content, len(data), duplicate_of, "kept"), Done(kept)
        else:
            yield (_Input(path, doc_id, content, len(data), duplicate_of, "parsed"),
                   Todo((str(path), content, options.max_bytes, options.read_settings),
                        time_limit=options.timeout * _pages_to_read(path, data)))


def _pages_to_read(path: Path, data: bytes) -> int:
    """Pages of a PDF or image file (1 for text and for what cannot be counted): the time
    limit is per page there, as a scan takes seconds a page to OCR."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(data)
            try:
                return max(1, len(document))
            finally:
                document.close()
        if suffix in INPUT_SUFFIXES and suffix not in extract.TEXT_SUFFIXES:
            import io

            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                return max(1, getattr(image, "n_frames", 1))
    except Exception:  # a damaged file fails in its worker, with the reason
        return 1
    return 1


def _kept(previous: PreviousOutput, path: Path, doc_id: str, content: str, first: str,
          options: BatchOptions) -> KeptDocument | DocResult | None:
    """The rows the last run gave this file, if they still hold. `first` is the first
    input of this run with the same content: the one that holds the content's rows."""
    index = previous.find(str(path), doc_id, options.max_pages)
    if index is None:
        return None
    if previous.first_with(content) == first:  # the same file held them last time too
        return previous.kept(index)
    if first != str(path):  # now a copy: only its documents row is written
        document = previous.document_row(index)
        if document["status"] != "failed":  # (a failed copy also has its error issue)
            return DocResult({"documents": [document]})
    return None  # it was a copy, and now holds the rows


def _settle(item: _Input, outcome: DocResult | TaskFailure, options: BatchOptions
            ) -> DocResult:
    """The rows of a parsed document (or of one that failed in its worker), as a copy's
    when it has the content of an earlier file."""
    result = outcome if isinstance(outcome, DocResult) else _failure(item, outcome, options)
    return _as_duplicate(result, item.duplicate_of) if item.duplicate_of else result


def _failure(item: _Input, outcome: TaskFailure, options: BatchOptions) -> DocResult:
    code, message = {
        "timeout": (DocumentTimeoutError.code,
                    f"parsing took longer than the limit of {options.timeout:g} s "
                    "(--timeout; a page for PDFs and images); its worker was stopped"),
        "crashed": (WorkerCrashedError.code, f"parsing crashed: {outcome.message}"),
    }.get(outcome.kind, (InternalError.code, f"internal error {outcome.message}"))
    return failed_result(item.path, item.doc_id, item.content, item.size, message, code)


def _as_duplicate(result: DocResult, first: str) -> DocResult:
    """The same bytes under another name: one document, listed once per file. Its rows
    are not repeated, but a failed copy keeps the error issue that says why, as every
    failed documents row has one (the same content may fail as a .txt and as a .pdf)."""
    document = result.document
    errors = [issue for issue in _issue_rows(result) if issue["severity"] == "error"] \
        if document["status"] == "failed" else []
    issues = [*errors, {
        "doc_id": document["doc_id"], "severity": "info", "code": "duplicate_file",
        "message": f"same content as {first}; its rows are not repeated"}]
    return DocResult({"documents": [{**document, "n_issues": len(issues)}], "issues": issues},
                     result.seconds, result.cpu_seconds)


def _issue_rows(result: DocResult) -> Rows:
    issues = result.tables.get("issues", [])
    if isinstance(issues, schemas.Columns):  # from a worker
        names = schemas.TABLES["issues"].names
        return [dict(zip(names, values, strict=True))
                for values in zip(*(issues.column(name) for name in names), strict=True)]
    return list(issues)


def _issue_pairs(result: DocResult) -> list[tuple[str, str]]:
    """(severity, code) of each issue of a parsed document."""
    issues = result.tables.get("issues", [])
    if isinstance(issues, schemas.Columns):  # from a worker
        return list(zip(issues.column("severity"), issues.column("code"), strict=True))
    return [(issue["severity"], issue["code"]) for issue in issues]


def _tally(summary: BatchSummary, source: str, document: Mapping[str, Any],
           issues: list[tuple[str, str]]) -> None:
    summary.status_counts[document["status"]] += 1
    summary.sources[source] += 1
    summary.issue_counts.update(f"{severity}:{code}" for severity, code in issues)
    if document["status"] == "failed":
        code = next((code for severity, code in issues if severity == "error"), "")
        summary.failures.append((document["source_path"], code, document["error"] or ""))


@dataclass
class _ParseTimes:
    """The parsing time of a run: totals, and only the slowest documents (a batch's
    memory must not grow with its documents)."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    kept: int = 5
    _slowest: list[tuple[float, str]] = field(default_factory=list)  # a heap

    def add(self, seconds: float, cpu_seconds: float, path: Path) -> None:
        self.seconds += seconds
        self.cpu_seconds += cpu_seconds
        entry = (seconds, str(path))
        if len(self._slowest) < self.kept:
            heapq.heappush(self._slowest, entry)
        elif entry > self._slowest[0]:
            heapq.heapreplace(self._slowest, entry)

    def slowest(self) -> list[tuple[float, str]]:
        return sorted(self._slowest, reverse=True)


def _manifest(summary: BatchSummary, paths: list[Path], options: BatchOptions,
              started_at: datetime, times: _ParseTimes,
              row_counts: Mapping[str, int], had_previous: bool) -> dict[str, Any]:
    return {
        "kr_extract_version": __version__,
        "parser_version": PARSER_VERSION,
        "schema_version": schemas.SCHEMA_VERSION,
        "started_at": started_at.isoformat(timespec="seconds"),
        "arguments": [str(p) for p in paths],
        "n_inputs": summary.n_inputs,
        # files the folders held that are not of a supported type: not inputs
        "n_skipped": len(summary.skipped),
        "skipped_files": summary.skipped,
        "status_counts": {s: summary.status_counts[s] for s in ("ok", "partial", "failed")},
        "issues_by_code": dict(sorted(summary.issues_by_code.items())),
        "issue_counts": dict(sorted(summary.issue_counts.items())),
        "documents_parsed": summary.sources["parsed"],
        "documents_unchanged": summary.sources["kept"],
        "documents_not_read": summary.sources["not read"],
        "previous_output": "used" if had_previous else summary.previous_output,
        "options": {**asdict(options), "jobs": options.workers},
        "durations_s": {
            "total": round(summary.seconds, 3),
            "parsing": round(times.seconds, 3),  # summed over workers
            "parsing_cpu": round(times.cpu_seconds, 3),
            "slowest": [{"path": p, "seconds": round(s, 3)} for s, p in times.slowest()],
        },
        "tables": {name: row_counts.get(name, 0) for name in schemas.TABLES},
    }
