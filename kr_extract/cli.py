"""The `kr-extract` command.

    kr-extract                       process samples/ into output/
    kr-extract run PATH... [--out DIR] [-q]
    kr-extract check [FOLDER]        compare samples with their expected outputs

Exit status: 0 when every document parsed, 1 when any failed (or a check differs),
2 for bad usage. Heavy libraries are imported only once a command runs, so `--help`
answers at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_INPUT = Path("samples")
DEFAULT_OUTPUT = Path("output")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kr-extract",
        description="Turn Thai indicator forms (text exports) into typed Parquet tables. "
                    "Without a command: process samples/ into output/.",
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="process files and folders into Parquet tables")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help="input files, or folders to search for .txt/.md files")
    run.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR",
                     help="output folder (default: output/)")
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    check = sub.add_parser("check", help="compare samples with their .expected.json files")
    check.add_argument("folder", nargs="?", type=Path, default=DEFAULT_INPUT,
                       help="folder of samples (default: samples/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        if not DEFAULT_INPUT.is_dir():
            parser.error(f"no {DEFAULT_INPUT}/ folder here; run from the project folder or "
                         "use 'kr-extract run PATH... --out DIR'")
        return _run([DEFAULT_INPUT], DEFAULT_OUTPUT, quiet=False)
    if args.command == "run":
        return _run(args.paths, args.out, quiet=args.quiet)
    return _check(args.folder)


def _run(paths: list[Path], out: Path, *, quiet: bool) -> int:
    from kr_extract.pipeline import run_batch

    summary = run_batch(paths, out)
    if not quiet or summary.exit_status:
        print(summary.text())
    return summary.exit_status


def _check(folder: Path) -> int:
    from kr_extract.check import check_samples

    if not folder.is_dir():
        print(f"kr-extract check: no such folder: {folder}", file=sys.stderr)
        return 2
    n, report = check_samples(folder)
    for name, diffs in report.items():
        print(f"{name}: {len(diffs)} difference(s)")
        for diff in diffs:
            print(f"  {diff}")
    print(f"{n} sample(s) checked, {len(report)} with differences")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
