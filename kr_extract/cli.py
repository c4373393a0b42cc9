"""The `kr-extract` command.

    kr-extract                       process samples/ into output/
    kr-extract run PATH... [-o DIR] [--format parquet,csv] [-j N] [--timeout S]
                           [--max-bytes SIZE] [--max-pages N] [--force] [-q]
                           [--executor local|dask] [--scheduler ADDRESS] [--chunk-size N]
    kr-extract check [FOLDER]        compare samples with their expected outputs
    kr-extract report [OUTPUT_DIR]   write an HTML review report into OUTPUT_DIR/report/
    kr-extract explain FILE [--json] why a file came out as it did: form evidence,
                                     decision, required fields found or not
    kr-extract schema                the JSON Schema of the output tables
    kr-extract --version

Exit status: 0 when every document parsed, 1 when any failed (or a check differs),
2 for bad usage, 130 when interrupted (the previous output is left as it was), 141 when
the reader of stdout went away (`kr-extract run ... | head -1`). Heavy
libraries are imported only once a command runs, so `--help` answers at once.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
from pathlib import Path
from typing import NoReturn

DEFAULT_INPUT = Path("samples")
DEFAULT_OUTPUT = Path("output")
# Kept here rather than read from BatchOptions, which would import the pipeline.
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = "50M"
DEFAULT_MAX_PAGES = 500

_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([KMG]?)B?", re.IGNORECASE)


def _size(text: str) -> int:
    """'50M' -> 52428800; K, M and G are powers of 1024."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 50M, 800K, 1G)")
    scale = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[match[2].upper()]
    size = int(float(match[1]) * scale)
    if size < 1:
        raise argparse.ArgumentTypeError(f"the size must be at least 1 byte: {text!r}")
    return size


def _positive(kind: type) -> object:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
        return value  # type: ignore[no-any-return]

    parse.__name__ = kind.__name__
    return parse


FORMATS = ("parquet", "csv")  # as kr_extract.schemas.FORMATS, without importing it


def _formats(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {(unknown or [text])[0]!r} (formats: {', '.join(FORMATS)})")
    return names


def _version() -> str:
    from kr_extract import PARSER_VERSION, __version__

    return f"kr-extract {__version__} (parser {PARSER_VERSION})"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kr-extract",
        description="Turn Thai indicator forms (text exports, saved pages, PDFs and "
                    "scans) into typed Parquet tables. Without a command: process samples/ "
                    "into output/.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser(
        "run", help="process files and folders into Parquet tables",
        description="Process files and folders into Parquet tables. Files unchanged since "
                    "the last run into the same folder keep their rows; the others are "
                    "parsed in worker processes.")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help="input files, or folders to search for files of a supported "
                          "type (.txt, .md, .pdf, .png, .jpg, .tif, ...)")
    run.add_argument("-o", "--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR",
                     help="output folder (default: output/)")
    run.add_argument("--format", type=_formats, default=("parquet",), metavar="FORMATS",
                     dest="formats",
                     help="file formats to write, comma-separated: parquet, csv (UTF-8 "
                          "with a byte-order mark, lists joined with ';'); Parquet is "
                          "always written (default: parquet)")
    run.add_argument("-j", "--jobs", type=_positive(int), default=None, metavar="N",
                     help="worker processes (default: one per core)")
    run.add_argument("--timeout", type=_positive(float), default=DEFAULT_TIMEOUT,
                     metavar="SECONDS",
                     help="time limit to parse one document, one page of a PDF or image "
                          f"(default: {DEFAULT_TIMEOUT:g})")
    run.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                     help=f"larger files are not read (default: {DEFAULT_MAX_BYTES}; "
                          "K, M, G suffixes)")
    run.add_argument("--max-pages", type=_positive(int), default=DEFAULT_MAX_PAGES,
                     metavar="N",
                     help=f"documents with more pages fail (default: {DEFAULT_MAX_PAGES})")
    run.add_argument("--force", action="store_true",
                     help="parse every file again, even if unchanged since the last run")
    run.add_argument("-q", "--quiet", action="store_true",
                     help="no progress bar; print nothing unless a document failed")
    run.add_argument("--executor", choices=["local", "dask"], default=None,
                     help="where documents are parsed: worker processes here (local, the "
                          "default) or a Dask cluster (dask; pip install kr-extract[dask])")
    run.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help="address of a running Dask scheduler (tcp://host:8786), whose "
                          "workers see the inputs at the same paths; implies --executor "
                          "dask (default: a Dask cluster of -j workers on this machine)")
    run.add_argument("--chunk-size", type=_positive(int), default=None, metavar="N",
                     help="with --executor dask: documents sent to a worker at a time "
                          "(default: up to 8)")
    check = sub.add_parser("check", help="compare samples with their .expected.json files")
    check.add_argument("folder", nargs="?", type=Path, default=DEFAULT_INPUT,
                       help="folder of samples (default: samples/)")
    report = sub.add_parser(
        "report", help="write an HTML review report of an output folder",
        description="Write OUTPUT_DIR/report/: index.html lists every document; each "
                    "document's page shows its source beside the rows read from it, with "
                    "issues, repairs and doubtful values marked. Opens from disk, offline.")
    report.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUTPUT,
                        metavar="OUTPUT_DIR", help="output folder (default: output/)")
    report.add_argument("--scale", type=_positive(float), default=1.5,
                        help="size of the page images of PDFs, 1 = 72 dpi (default: 1.5)")
    report.add_argument("--ocr-text", action="store_true",
                        help="read scans again by OCR to show their text lines (seconds a "
                             "page)")
    sub.add_parser("schema", help="print the JSON Schema of the output tables",
                   description="Print the JSON Schema (draft 2020-12) of every output "
                               "table, generated from the Arrow schemas the files are "
                               "written with.")
    explain = sub.add_parser(
        "explain", help="say why a file came out as it did",
        description="For each form type: the labels found (with their lines) and missing, "
                    "its score and the decision; for the chosen form, each required field "
                    "and section, where it was found or why not.")
    explain.add_argument("file", type=Path, metavar="FILE", help="an input file")
    explain.add_argument("--json", action="store_true", help="print it as JSON")
    explain.add_argument("--max-pages", type=_positive(int), default=DEFAULT_MAX_PAGES,
                         metavar="N", help=f"pages read at most (default: {DEFAULT_MAX_PAGES})")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            return _main(argv)
        finally:
            # Here rather than at exit, where a closed pipe could not be caught.
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader of stdout went away (`kr-extract run ... | head -1`): end quietly, as
        # Unix tools do. The status is 141 (128 + SIGPIPE), what the shell reports for a
        # tool killed by SIGPIPE (`yes | head -1`), so that `set -o pipefail` sees it as
        # such. stdout goes to /dev/null, so that the flush at exit does not fail again.
        with contextlib.suppress(AttributeError, OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        return 141


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if not DEFAULT_INPUT.is_dir():
            parser.error(f"no {DEFAULT_INPUT}/ folder here; run from the project folder or "
                         "use 'kr-extract run PATH... --out DIR'")
        args = parser.parse_args(["run", str(DEFAULT_INPUT)])
    if args.command == "run":
        return _run(args)
    if args.command == "report":
        return _report(args)
    if args.command == "explain":
        return _explain(args)
    if args.command == "schema":
        return _schema()
    return _check(args.folder)


def _run(args: argparse.Namespace) -> int:
    from kr_extract._workers import WorkerStartError
    from kr_extract.api import extract
    from kr_extract.errors import UsageError

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        summary = extract(
            args.paths, out=args.out, formats=args.formats, jobs=args.jobs,
            timeout=args.timeout, max_bytes=args.max_bytes, max_pages=args.max_pages,
            force=args.force, progress=not args.quiet and sys.stderr.isatty(),
            executor=args.executor or ("dask" if args.scheduler else "local"),
            scheduler=args.scheduler, chunk_size=args.chunk_size).summary
    except UsageError as exc:
        print(f"kr-extract: {exc}", file=sys.stderr)
        return 2
    except WorkerStartError as exc:
        print(f"kr-extract: {exc}; the previous output is left as it was", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nkr-extract: interrupted; the previous output is left as it was",
              file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not args.quiet or summary.exit_status:
        print(summary.text())
    return summary.exit_status


def _terminate(signum: int, frame: object) -> NoReturn:
    # `kill` is handled like Ctrl-C: workers stopped, staging removed, output untouched.
    raise KeyboardInterrupt


def _report(args: argparse.Namespace) -> int:
    from kr_extract.report import ReportError, write_report

    try:
        summary = write_report(args.out, scale=args.scale, ocr_text=args.ocr_text)
    except ReportError as exc:
        print(f"kr-extract report: {exc}", file=sys.stderr)
        return 2
    print(summary.text())
    return 0


def _schema() -> int:
    import json

    from kr_extract.schemas import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _explain(args: argparse.Namespace) -> int:
    import json

    from kr_extract import extract
    from kr_extract.errors import DocumentError
    from kr_extract.pipeline import read_input

    try:
        data = read_input(args.file, _size(DEFAULT_MAX_BYTES))
        doc = extract.read_document(args.file, data,
                                    settings=extract.ReadSettings(max_pages=args.max_pages))
    except DocumentError as exc:
        print(f"kr-extract explain: {args.file}: {exc.message}", file=sys.stderr)
        return 1
    explanation = extract.explain(doc)
    if args.json:
        print(json.dumps(explanation.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(explanation.text())
    return 1 if explanation.status == "failed" else 0


def _check(folder: Path) -> int:
    from kr_extract.check import check_samples

    if not folder.is_dir():
        print(f"kr-extract check: no such folder: {folder}", file=sys.stderr)
        return 2
    n, report = check_samples(folder)
    if not n:
        print(f"kr-extract check: nothing to check: no sample in {folder} has a "
              "NAME.expected.json file beside it", file=sys.stderr)
        return 2
    for name, diffs in report.items():
        print(f"{name}: {len(diffs)} difference(s)")
        for diff in diffs:
            print(f"  {diff}")
    print(f"{n} sample(s) checked, {len(report)} with differences")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
