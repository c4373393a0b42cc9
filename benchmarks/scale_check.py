"""Scale check: 10,000 generated documents plus the bad-input zoo in one batch.

    .venv/bin/python benchmarks/scale_check.py [DOCS] [--keep DIR]

Checks, and prints, that:
1. every input is accounted for: one `documents` row per file found, plus the folder that
   cannot be listed and the path that does not exist;
2. the tables are identical (byte for byte) with 1 job and with one job per core;
3. a second run over the unchanged inputs parses nothing that can be kept, writes the
   same rows, and takes a small fraction of the first run's time.
Exit status 0 when all hold.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyarrow.parquet as pq  # noqa: E402
from corpus import generate_corpus, write_bad_input_zoo  # noqa: E402

from kr_extract import schemas  # noqa: E402
from kr_extract.pipeline import BatchOptions, BatchSummary, available_cores, run_batch  # noqa: E402


def _deny_as_root(folder: Path) -> None:
    """As root, chmod 000 does not stop listing a folder; make it fail as for any user,
    so the zoo's locked folder gives its failed row here too."""
    if os.geteuid() != 0:
        return
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if isinstance(path, str | os.PathLike) and Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    os.scandir = scandir  # type: ignore[assignment]


def _timed(paths: list[Path], out: Path, options: BatchOptions) -> tuple[BatchSummary, float]:
    started = time.perf_counter()
    summary = run_batch(paths, out, options)
    return summary, time.perf_counter() - started


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.parquet").read_bytes() for name in schemas.TABLES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("docs", nargs="?", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kr-scale-"))
    cores = available_cores()
    ok = True
    try:
        corpus, zoo = work / "corpus", work / "zoo"
        _, n_bytes = generate_corpus(corpus, args.docs)
        zoo_paths = write_bad_input_zoo(zoo)
        _deny_as_root(zoo / "locked")
        paths = [corpus, *zoo_paths]
        n_files = sum(1 for p in corpus.rglob("*") if p.is_file()) \
            + sum(1 for p in zoo.iterdir() if p.is_file())
        expected = n_files + 2  # the locked folder and the missing path
        print(f"inputs: {args.docs} generated documents ({n_bytes / 2**20:.1f} MB) + "
              f"{expected - args.docs} bad inputs = {expected}; {cores} core(s)")

        one, t_one = _timed(paths, work / "out1", BatchOptions(jobs=1, force=True))
        print(f"1 job:  {t_one:7.1f} s  {one.n_inputs / t_one:6.1f} docs/s\n  "
              + one.text().replace("\n", "\n  "))
        many, t_many = _timed(paths, work / "outN", BatchOptions(jobs=cores, force=True))
        print(f"{cores} jobs: {t_many:7.1f} s  {many.n_inputs / t_many:6.1f} docs/s "
              f"(speed-up {t_one / t_many:.2f}x)")

        for name, summary, out in (("1 job", one, "out1"), (f"{cores} jobs", many, "outN")):
            n_rows = pq.read_metadata(work / out / "documents.parquet").num_rows
            accounted = summary.n_inputs == n_rows == expected
            ok &= accounted
            print(f"[{'ok' if accounted else 'FAIL'}] {name}: {summary.n_inputs} inputs, "
                  f"{n_rows} documents rows, {expected} expected")
        same = _tables(work / "out1") == _tables(work / "outN")
        ok &= same
        print(f"[{'ok' if same else 'FAIL'}] tables identical byte for byte with 1 and "
              f"{cores} jobs")

        before = _tables(work / "outN")
        again, t_again = _timed(paths, work / "outN", BatchOptions(jobs=cores))
        retried = again.sources["parsed"]
        print(f"second run: {t_again:.1f} s = {t_again / t_many:.1%} of the first "
              f"({cores} jobs); {again.sources['kept']} unchanged, {retried} parsed again, "
              f"{again.sources['not read']} not read")
        same_rows = _tables(work / "outN") == before
        ok &= same_rows and retried == 0 and t_again < t_many / 5
        print(f"[{'ok' if same_rows else 'FAIL'}] second run wrote the same tables")
        print(f"[{'ok' if retried == 0 else 'FAIL'}] second run parsed nothing that could be "
              "kept")
        print(f"[{'ok' if t_again < t_many / 5 else 'FAIL'}] second run under a fifth of the "
              "first run's time")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB")
    finally:
        (work / "zoo" / "locked").chmod(0o755)  # so that it can be removed
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print("all checks passed" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
