"""The review report: a static HTML folder beside the tables, for checking what was read
against the source.

`write_report(out_dir)` reads the tables of an output folder (the Parquet files and
`manifest.json`) and the source files they name (`documents.source_path`, relative to the
folder the run was made in), and writes `out_dir/report/`: `index.html` (every document,
sortable and filterable), one page per document (`docs/`: the source beside the rows of
every table) and the page images of PDFs and scans. The folder opens from disk, offline:
no server, no remote load, one script of its own (`report.js`).

Document text is untrusted: every value goes through Jinja2's autoescaping, links are
built here from known parts only (`safe_href` refuses any scheme but `file:`), and every
page carries a Content-Security-Policy that refuses inline scripts, event handler
attributes and remote loads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

REPORT_DIR = "report"
SEVERITIES = ("error", "warning", "info")
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}

# Content-Security-Policy of every page (a <meta> tag: the pages are files, with no server
# to send a header).
# - default-src 'none': nothing loads unless a directive below allows it (no fetch, font,
#   frame, object or media).
# - script-src 'self': the report's own report.js; no inline <script>, no event handler
#   attributes (onerror=...), no javascript: URL runs, no eval.
# - style-src 'self', img-src 'self': report.css and the page images; no inline style,
#   nothing remote.
# - base-uri 'none', form-action 'none': no <base> to redirect the relative links, no
#   form to send anything anywhere.
# Pages opened from file:// have an opaque origin, but Chromium matches 'self' against
# the file: scheme, so report.js, report.css and the PNG pages load (checked with
# Chromium 156, and by tests/test_report.py). That means any local file, not only the
# report's: the policy is a second wall behind the escaping, which lets no markup of a
# document into a page in the first place.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'")

# Issues saying a value may be wrong: a reading the scan reader doubted, or a value the
# structure filled in where the print could not be read. Their rows are marked doubtful.
DOUBTFUL_CODES = frozenset({
    "low_ocr_confidence", "unreadable_number", "unknown_mark", "role_inferred",
    "option_closest", "uncertain_count", "month_inferred", "district_in_group",
})

# Tables shown on a document's page, in this order after its issues and repairs.
_NOT_ROWS = {"documents", "issues", "repairs"}
_HIDDEN_COLUMNS = {"doc_id", "source_line", "page"}
_CARD_COLUMNS = 6  # a table with more columns holding values is shown as one card a row
_MAX_RENDERED_PAGES = 500
_MAX_IMAGE_WIDTH = 1600
_DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_PDF_SUFFIXES = frozenset({".pdf"})
_HEX_ID = re.compile(r"[0-9a-f]{16,128}")


class ReportError(Exception):
    """The folder holds no output tables, or another run is writing them."""


@dataclass
class ReportSummary:
    report_dir: Path
    n_documents: int
    n_page_images: int
    seconds: float
    source_notes: Counter[str] = field(default_factory=Counter)

    def text(self) -> str:
        line = (f"report of {self.n_documents} document(s), {self.n_page_images} page "
                f"image(s); {self.seconds:.2f} s -> {self.report_dir / 'index.html'}")
        notes = "; ".join(f"{n} {what}" for what, n in sorted(self.source_notes.items()))
        return f"{line}\nsources: {notes}" if notes else line


# --- links ---------------------------------------------------------------------------

def safe_href(href: str) -> str:
    """`href` if it is a fragment, a relative path or a file: URL of this machine;
    otherwise "#".

    Every link of the report is built in this module from known parts (page names from
    hex ids, line numbers, quoted paths), so this refuses nothing the report makes; it is
    the last check before a value reaches an href attribute. A leading "javascript:",
    however spelled (case, spaces, control characters), has a scheme and is refused.
    """
    text = str(href)
    if any(ord(ch) < 0x21 or ch in "\\\x7f" for ch in text):
        return "#"
    try:
        parts = urlsplit(text)
    except ValueError:
        return "#"
    if parts.scheme not in ("", "file") or parts.netloc:
        return "#"  # another scheme, or another host ("//host/x")
    if not parts.scheme and ":" in re.split(r"[/?#]", text, maxsplit=1)[0]:
        return "#"  # "javascript:x" with an odd spelling urlsplit does not see as a scheme
    return text


def file_url(path: Path) -> str:
    """A file: URL of `path` (made absolute), every unsafe character percent-encoded."""
    return "file://" + quote(path.absolute().as_posix(), safe="/")


# --- reading the output folder ---------------------------------------------------------

@dataclass
class Output:
    tables: dict[str, list[dict[str, Any]]]
    columns: dict[str, list[str]]
    manifest: dict[str, Any]

    def rows_of(self, name: str) -> dict[str, list[dict[str, Any]]]:
        by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.tables.get(name, []):
            by_doc[row.get("doc_id")].append(row)
        return by_doc


def read_output(out_dir: Path) -> Output:
    """The tables of `out_dir` (a missing one is empty) and its manifest."""
    import pyarrow.parquet as pq

    from kr_extract import schemas

    tables: dict[str, list[dict[str, Any]]] = {}
    columns: dict[str, list[str]] = {}
    for name in schemas.TABLES:
        path = out_dir / f"{name}.parquet"
        if path.exists():
            table = pq.read_table(path)
            tables[name], columns[name] = table.to_pylist(), list(table.column_names)
        else:
            tables[name], columns[name] = [], list(schemas.TABLES[name].names)
    manifest: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        loaded = json.loads((out_dir / schemas.MANIFEST_NAME).read_text(encoding="utf-8"))
        manifest = loaded if isinstance(loaded, dict) else {}
    return Output(tables, columns, manifest)


# --- formatting ---------------------------------------------------------------------------

def fmt(value: Any) -> str:
    """A value as the report prints it: numbers as short as they round-trip, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple):
        return ", ".join(fmt(item) for item in value)
    return str(value)


def _sort_key(value: Any) -> str:
    """What a column sorts by in the browser: the number for numbers, else the text."""
    if isinstance(value, bool) or value is None:
        return fmt(value)
    if isinstance(value, int | float):
        return repr(float(value))
    return fmt(value)


def _worst(severities: Iterator[str] | list[str]) -> str | None:
    known = [s for s in severities if s in _RANK]
    return min(known, key=_RANK.__getitem__) if known else None


# --- the views the templates render -----------------------------------------------------

@dataclass
class Flag:
    severity: str
    code: str
    message: str
    doubtful: bool


class _Flagged:
    """A cell or row the issues on it mark: by the worst severity, and as doubtful."""

    flags: list[Flag]

    @property
    def severity(self) -> str | None:
        return _worst(f.severity for f in self.flags)

    @property
    def doubtful(self) -> bool:
        return any(f.doubtful for f in self.flags)


@dataclass
class CellView(_Flagged):
    column: str
    text: str
    sort: str
    flags: list[Flag] = field(default_factory=list)


@dataclass
class RowView(_Flagged):
    anchor: str
    where: Where
    cells: list[CellView]
    flags: list[Flag] = field(default_factory=list)
    label: str = ""


@dataclass
class TableView:
    name: str
    columns: list[str]
    rows: list[RowView]
    cards: bool


@dataclass
class Where:
    """A row's place in the source: its line and page, and the link to them."""

    line: int | None
    page: int | None
    href: str | None

    @property
    def label(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "-"


@dataclass
class Note:
    kind: str  # "issue" or "repair"
    severity: str | None
    code: str
    text: str
    doubtful: bool = False
    before: str = ""
    after: str = ""


@dataclass
class LineView:
    no: int
    text: str
    notes: list[Note] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, anchor)
    box: tuple[float, float, float, float] | None = None  # on its page, in the page's units

    @property
    def marked(self) -> bool:
        """Whether the page image outlines the line: it gave a value, or has a note."""
        return bool(self.box and (self.rows or self.notes))

    @property
    def severity(self) -> str | None:
        return _worst(n.severity or "" for n in self.notes if n.kind == "issue")

    @property
    def repaired(self) -> bool:
        return any(n.kind == "repair" for n in self.notes)

    @property
    def doubtful(self) -> bool:
        return any(n.doubtful for n in self.notes)


@dataclass
class PageView:
    number: int
    image: str | None  # path relative to the document's page
    width: int = 0
    height: int = 0
    lines: list[LineView] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # issues on the page with no line shown
    # The page's width and height in the units of its lines' boxes (PDF points, or the
    # scanned image's pixels): the outlines drawn over the image are in them.
    box_size: tuple[float, float] | None = None

    @property
    def marked_lines(self) -> list[LineView]:
        return [line for line in self.lines if line.marked] if self.box_size else []


@dataclass
class SourceView:
    kind: str  # "text", "pages" or "none"
    lines: list[LineView] = field(default_factory=list)
    pages: list[PageView] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # why something is not shown
    url: str | None = None  # file: URL of the source file, when it exists

    @property
    def line_numbers(self) -> set[int]:
        numbers = {line.no for line in self.lines}
        for page in self.pages:
            numbers.update(line.no for line in page.lines)
        return numbers

    @property
    def page_numbers(self) -> set[int]:
        return {page.number for page in self.pages if page.image}

    def all_lines(self) -> Iterator[LineView]:
        yield from self.lines
        for page in self.pages:
            yield from page.lines


@dataclass
class DocView:
    index: int
    page_name: str  # docs/NAME.html
    row: dict[str, Any]
    columns: list[str]
    counts: Counter[str]
    n_rows: int
    source: SourceView | None = None
    issues: list[tuple[dict[str, Any], Where]] = field(default_factory=list)
    repairs: list[tuple[dict[str, Any], Where]] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)

    @property
    def path(self) -> str:
        return str(self.row.get("source_path") or "")

    @property
    def name(self) -> str:
        return PurePosixPath(self.path.replace("\\", "/")).name or self.path or "(no path)"

    @property
    def folder(self) -> str:
        parent = str(PurePosixPath(self.path.replace("\\", "/")).parent)
        return "" if parent == "." else parent


# --- the source of a document -------------------------------------------------------------

def _source_view(doc: DocView, media_dir: Path, media_prefix: str, *, scale: float,
                 max_bytes: int, ocr_text: bool) -> SourceView:
    """What the document page shows of the source: its numbered lines (text exports), or
    its pages as images with the lines read from them (PDFs with a text layer; scans
    only with `ocr_text`, as reading them again takes OCR time)."""
    from kr_extract import extract

    path = Path(doc.path)
    view = SourceView("none")
    suffix = path.suffix.lower()
    if not doc.path:
        view.messages.append("the documents row names no source file")
        return view
    if path.is_dir():
        view.messages.append(f"{doc.path} is a folder: nothing to show")
        return view
    try:
        size = path.stat().st_size
    except OSError:
        view.messages.append(
            f"the source file {doc.path} was not found (source paths are relative to the "
            "folder the run was made in: run kr-extract report from there)")
        return view
    view.url = file_url(path)
    if size > max_bytes:
        view.messages.append(f"the source file is not shown: {size:,} bytes, over the "
                             f"limit of the run ({max_bytes:,})")
        return view
    try:
        data = path.read_bytes()
    except OSError as exc:
        view.messages.append(f"the source file could not be read: {exc.strerror or exc}")
        return view
    expected = doc.row.get("content_sha256")
    if expected and hashlib.sha256(data).hexdigest() != expected:
        view.messages.append("the source file changed since the run: what is shown here "
                             "is not what was read, and line numbers may not match")
    if suffix in extract.TEXT_SUFFIXES:
        _text_lines(view, data, doc.row.get("encoding"))
    elif suffix in _PDF_SUFFIXES or suffix in extract.INPUT_SUFFIXES:
        view.kind = "pages"
        if suffix in _PDF_SUFFIXES:
            _render_pdf(view, data, media_dir, media_prefix, scale)
        else:
            _render_image(view, path, media_dir, media_prefix)
        if view.pages and (doc.row.get("source_format") == "pdf_text" or ocr_text):
            _read_page_lines(view, path, data)
        elif view.pages and doc.row.get("source_format") == "pdf_ocr":
            view.messages.append("the text lines of a scan are not shown: reading it again "
                                 "takes OCR time (kr-extract report --ocr-text shows them)")
    else:
        view.messages.append(f"a {suffix or 'suffixless'} file is not shown")
    return view


def _text_lines(view: SourceView, data: bytes, encoding: str | None) -> None:
    if not encoding:
        view.messages.append("the file was never read as text (see its error): not shown")
        return
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        view.messages.append(f"unknown encoding {encoding!r}: not shown")
        return
    view.kind = "text"
    # Split as the reader splits, so that the numbers are the rows' source_line.
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    view.lines = [LineView(no, line) for no, line in enumerate(raw_lines, 1)]


def _render_pdf(view: SourceView, data: bytes, media_dir: Path, prefix: str,
                scale: float) -> None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pypdfium2 raises PdfiumError, and others for odd files
        view.messages.append(f"the PDF could not be opened to show its pages: {exc}")
        return
    try:
        n_pages = len(pdf)
        for index in range(min(n_pages, _MAX_RENDERED_PAGES)):
            number = index + 1
            page = pdf[index]
            try:
                image = page.render(scale=scale).to_pil()
            except Exception as exc:
                view.pages.append(PageView(number, None))
                view.messages.append(f"page {number} could not be drawn: {exc}")
                continue
            finally:
                page.close()
            view.pages.append(_save_page(image, number, media_dir, prefix))
    finally:
        pdf.close()
    if n_pages > _MAX_RENDERED_PAGES:
        view.messages.append(f"only the first {_MAX_RENDERED_PAGES} of {n_pages} pages are "
                             "shown")


def _render_image(view: SourceView, path: Path, media_dir: Path, prefix: str) -> None:
    from PIL import Image, ImageSequence

    try:
        with Image.open(path) as image:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= _MAX_RENDERED_PAGES:
                    view.messages.append(f"only the first {_MAX_RENDERED_PAGES} pages are "
                                         "shown")
                    break
                page = frame.convert("L" if frame.mode in ("1", "L", "I;16", "I") else "RGB")
                if page.width > _MAX_IMAGE_WIDTH:
                    height = round(page.height * _MAX_IMAGE_WIDTH / page.width)
                    page = page.resize((_MAX_IMAGE_WIDTH, max(1, height)))
                view.pages.append(_save_page(page, index + 1, media_dir, prefix))
    except Exception as exc:  # PIL raises many kinds for damaged or huge images
        view.messages.append(f"the image could not be opened to show it: {exc}")


def _save_page(image: Any, number: int, media_dir: Path, prefix: str) -> PageView:
    media_dir.mkdir(parents=True, exist_ok=True)
    name = f"page-{number}.png"
    image.save(media_dir / name, format="PNG")
    return PageView(number, f"{prefix}/{name}", image.width, image.height)


def _read_page_lines(view: SourceView, path: Path, data: bytes) -> None:
    from kr_extract import extract

    try:
        document = extract.read_document(path, data)
    except Exception as exc:  # a reader error or bug: the pages are still shown
        view.messages.append(f"the text lines could not be read again: {exc}")
        return
    pages = {page.number: page for page in view.pages}
    for number, size in document.page_sizes.items():
        if number in pages and size[0] > 0 and size[1] > 0:
            pages[number].box_size = size
    for line in document.lines:
        page = pages.get(line.page) if line.page is not None else None
        if page is not None:
            page.lines.append(LineView(line.no, line.text, box=line.box))


# --- issues, repairs and rows on their lines -------------------------------------------------

def _where(row: Mapping[str, Any], lines: set[int], pages: set[int]) -> Where:
    line, page = row.get("source_line"), row.get("page")
    href = None
    if line is not None and line in lines:
        href = f"#L{line}"
    elif page is not None and page in pages:
        href = f"#page-{page}"
    return Where(line, page, href)


def _issue_column(issue: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(table, column) an issue's `field` names: `targets.agency` or `target_value`."""
    name = issue.get("field")
    if not name:
        return None, None
    table, _, column = str(name).rpartition(".")
    return (table or None), column


def _build_doc(doc: DocView, output: Output, by_doc: dict[str, dict[str, list]],
               source: SourceView) -> None:
    doc_id = doc.row.get("doc_id")
    lines, pages = source.line_numbers, source.page_numbers
    line_views = {line.no: line for line in source.all_lines()}
    page_views = {page.number: page for page in source.pages}

    def place(note: Note, line: int | None, page: int | None) -> None:
        if line is not None and line in line_views:
            line_views[line].notes.append(note)
        elif page is not None and page in page_views:
            page_views[page].notes.append(note)

    issues = by_doc["issues"].get(doc_id, [])
    issues = sorted(issues, key=lambda i: (_RANK.get(i.get("severity"), 9),
                                           i.get("source_line") or 0))
    for issue in issues:
        where = _where(issue, lines, pages)
        doc.issues.append((issue, where))
        severity = str(issue.get("severity") or "")
        place(Note("issue", severity, str(issue.get("code") or ""),
                   str(issue.get("message") or ""),
                   doubtful=issue.get("code") in DOUBTFUL_CODES),
              issue.get("source_line"), issue.get("page"))
    for repair in by_doc["repairs"].get(doc_id, []):
        doc.repairs.append((repair, _where(repair, lines, pages)))
        place(Note("repair", None, str(repair.get("rule") or ""), "",
                   before=fmt(repair.get("original")), after=fmt(repair.get("replacement"))),
              repair.get("source_line"), repair.get("page"))

    tables: list[TableView] = []
    for name in output.tables:
        if name in _NOT_ROWS:
            continue
        rows = by_doc[name].get(doc_id, [])
        if not rows:
            continue
        # The columns holding a value, and those an issue names (a number that could not
        # be read is null, and its empty cell is what the issue is about).
        named = {column for table, column in map(_issue_column, issues)
                 if table in (None, name)}
        columns = [c for c in output.columns[name]
                   if c not in _HIDDEN_COLUMNS
                   and (c in named or any(r.get(c) is not None for r in rows))]
        view = TableView(name, columns, [], cards=len(columns) > _CARD_COLUMNS)
        for index, row in enumerate(rows):
            anchor = f"row-{name}-{index + 1}"
            label = fmt(row.get("indicator_key")) or f"#{index + 1}"
            cells = [CellView(c, fmt(row.get(c)), _sort_key(row.get(c))) for c in columns]
            row_view = RowView(anchor, _where(row, lines, pages), cells,
                               label=label)
            view.rows.append(row_view)
            line = row.get("source_line")
            if line is not None and line in line_views:
                line_views[line].rows.append((f"{name} {label}", anchor))
        tables.append(view)
    _flag_rows(tables, issues)
    doc.tables = tables


def _flag_rows(tables: list[TableView], issues: list[dict[str, Any]]) -> None:
    """Put each issue on the rows it concerns: the rows read from its line (and the cell
    its `field` names there); when no row comes from its line, the one row of the table
    whose column its `field` names (an indicator's target read on a line of its own)."""
    by_line: dict[int, list[tuple[TableView, RowView]]] = defaultdict(list)
    for table in tables:
        for row in table.rows:
            if row.where.line is not None:
                by_line[row.where.line].append((table, row))
    for issue in issues:
        flag = Flag(str(issue.get("severity") or ""), str(issue.get("code") or ""),
                    str(issue.get("message") or ""), issue.get("code") in DOUBTFUL_CODES)
        table_name, column = _issue_column(issue)
        line = issue.get("source_line")
        targets = by_line.get(line, []) if line is not None else []
        if table_name is not None:
            targets = [(t, r) for t, r in targets if t.name == table_name] or targets
        if not targets and column:
            targets = [(t, t.rows[0]) for t in tables
                       if len(t.rows) == 1 and column in t.columns
                       and table_name in (None, t.name)]
        for table, row in targets:
            row.flags.append(flag)
            if table_name in (None, table.name):
                for cell in row.cells:
                    if cell.column == column:
                        cell.flags.append(flag)


# --- writing -------------------------------------------------------------------------

def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kr_extract", "templates"),
        autoescape=True,  # every template, whatever its name: document text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = safe_href
    env.filters["fmt"] = fmt
    env.filters["sortkey"] = _sort_key
    env.globals["csp"] = CSP
    env.globals["severities"] = SEVERITIES
    env.globals["doubtful_codes"] = DOUBTFUL_CODES
    return env


def _page_name(doc_id: Any, index: int, used: set[str]) -> str:
    text = str(doc_id or "")
    name = text[:32] if _HEX_ID.fullmatch(text) else f"document-{index + 1}"
    while name in used:
        name = f"{name}-{index + 1}"
    used.add(name)
    return name


def write_report(out_dir: Path, *, scale: float = 1.5, ocr_text: bool = False
                 ) -> ReportSummary:
    """Write `out_dir/report/` from the tables in `out_dir`; return what was written.

    Raises `ReportError` when `out_dir` holds no output tables, or a run is writing them.
    The report is written beside the old one and moved into place when complete.
    """
    from kr_extract import schemas

    started = time.perf_counter()
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ReportError(f"no such folder: {out_dir}")
    if not (out_dir / "documents.parquet").is_file():
        raise ReportError(
            f"no output tables in {out_dir} (documents.parquet is missing): make them with "
            f"'kr-extract run PATH... --out {out_dir}'")
    try:
        with schemas.lock_output(out_dir):
            return _write(out_dir, scale=scale, ocr_text=ocr_text, started=started)
    except schemas.OutputBusyError as exc:
        raise ReportError(f"{exc}; run the report when it is done") from exc


def _write(out_dir: Path, *, scale: float, ocr_text: bool, started: float) -> ReportSummary:
    import importlib.resources

    output = read_output(out_dir)
    by_doc = {name: output.rows_of(name) for name in output.tables}
    options = output.manifest.get("options")
    max_bytes = (options.get("max_bytes") if isinstance(options, dict) else None)
    max_bytes = max_bytes if isinstance(max_bytes, int) and max_bytes > 0 else _DEFAULT_MAX_BYTES

    for stale in out_dir.glob(".report-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a report that was stopped
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out_dir))
    try:
        env = _environment()
        (staging / "docs").mkdir()
        assets = importlib.resources.files("kr_extract") / "templates"
        for asset in ("report.css", "report.js"):
            (staging / asset).write_bytes((assets / asset).read_bytes())
        used: set[str] = set()
        docs: list[DocView] = []
        summary = ReportSummary(out_dir / REPORT_DIR, 0, 0, 0.0)
        document_columns = output.columns["documents"]
        for index, row in enumerate(output.tables["documents"]):
            doc_id = row.get("doc_id")
            counts = Counter(str(i.get("severity")) for i in by_doc["issues"].get(doc_id, []))
            n_rows = sum(len(by_doc[name].get(doc_id, [])) for name in output.tables
                         if name not in _NOT_ROWS)
            name = _page_name(doc_id, index, used)
            doc = DocView(index, f"docs/{name}.html", row, document_columns, counts, n_rows)
            source = _source_view(doc, staging / "docs" / name, name, scale=scale,
                                  max_bytes=max_bytes, ocr_text=ocr_text)
            for message in source.messages:
                summary.source_notes[_note_kind(message)] += 1
            _build_doc(doc, output, by_doc, source)
            doc.source = source
            summary.n_page_images += sum(1 for p in source.pages if p.image)
            (staging / doc.page_name).write_text(
                env.get_template("document.html").render(
                    doc=doc, root="../", completeness="completeness" in document_columns),
                encoding="utf-8")
            doc.source, doc.tables, doc.issues, doc.repairs = None, [], [], []  # memory
            docs.append(doc)
        forms = sorted({str(d.row.get("form_type") or "") for d in docs} - {""})
        statuses = sorted({str(d.row.get("status") or "") for d in docs} - {""})
        (staging / "index.html").write_text(
            env.get_template("index.html").render(
                docs=docs, root="", manifest=output.manifest, forms=forms,
                statuses=statuses, completeness="completeness" in document_columns,
                out_dir=str(out_dir)),
            encoding="utf-8")
        _replace(staging, out_dir / REPORT_DIR)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary.n_documents = len(docs)
    summary.seconds = time.perf_counter() - started
    return summary


def _note_kind(message: str) -> str:
    for words, kind in (("was not found", "not found"), ("changed since", "changed"),
                        ("not shown: reading it again", "scan lines not shown")):
        if words in message:
            return kind
    return "not shown"


def _replace(staging: Path, target: Path) -> None:
    """Move the finished report into place; the old one goes only once it is replaced."""
    if target.exists() and not target.is_dir():
        raise ReportError(f"{target} is a file, not a folder: move it away first")
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".report-old-", dir=target.parent))
        target.replace(old / REPORT_DIR)
    staging.replace(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
