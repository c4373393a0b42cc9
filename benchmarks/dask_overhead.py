"""What the Dask executor costs over the local one, on one machine.

    .venv/bin/python benchmarks/dask_overhead.py [DOCS] [--chunk-size N] [--repeat N]

Generates DOCS documents (default 400) from the samples (benchmarks/corpus.py) and runs
the same batch (`run_batch`, --force, into an empty folder) with 2 workers three ways:

- local: the local executor, worker processes of this one;
- dask: `--executor dask` with no scheduler, so the run starts (and stops) a local Dask
  cluster of 2 workers: what `kr-extract run --executor dask` costs on one machine;
- dask, cluster running: the same against a Dask cluster of 2 workers started
  beforehand and given by address (`--scheduler`), as a cluster is used: the cost of
  sending the documents and their rows through Dask, without the cluster's start.

Each is run --repeat times (default 3), in turn, and the best wall time kept. Prints the
times and the ratios to the local run, and checks that the three write the same tables,
byte for byte. Needs dask and distributed (pip install kr-extract[dask]).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from corpus import generate_corpus  # noqa: E402

from kr_extract import schemas  # noqa: E402
from kr_extract.pipeline import BatchOptions, available_cores, run_batch  # noqa: E402

WORKERS = 2


def _timed(corpus: Path, out: Path, options: BatchOptions) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    run_batch([corpus], out, options)
    return time.perf_counter() - started


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.parquet").read_bytes() for name in schemas.TABLES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("docs", nargs="?", type=int, default=400)
    parser.add_argument("--chunk-size", type=int, default=None,
                        help="documents per Dask task (default: the executor's)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    try:
        import distributed
    except ImportError:
        print("needs dask and distributed: pip install kr-extract[dask]", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="kr-dask-overhead-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        n_files, n_bytes = generate_corpus(corpus, args.docs, seed=args.seed)
        print(f"{n_files} documents ({n_bytes / 1e6:.1f} MB), {WORKERS} workers, "
              f"{available_cores()} core(s) here, best of {args.repeat}")
        with distributed.LocalCluster(
                host="127.0.0.1", n_workers=WORKERS, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster:
            runs = {
                "local": BatchOptions(jobs=WORKERS, force=True),
                "dask": BatchOptions(jobs=WORKERS, force=True, executor="dask",
                                     chunk_size=args.chunk_size),
                "dask, cluster running": BatchOptions(
                    jobs=WORKERS, force=True, executor="dask",
                    scheduler=cluster.scheduler_address, chunk_size=args.chunk_size),
            }
            times: dict[str, list[float]] = {name: [] for name in runs}
            for _ in range(args.repeat):
                for i, (name, options) in enumerate(runs.items()):
                    times[name].append(_timed(corpus, work / f"out{i}", options))
        same = all(_tables(work / "out0") == _tables(work / f"out{i}")
                   for i in range(1, len(runs)))

    local = min(times["local"])
    for name, seconds in times.items():
        best = min(seconds)
        print(f"{name:<22} {best:7.2f} s  ({n_files / best:6.1f} docs/s)  "
              f"dask/local {best / local:5.2f}   runs: "
              + ", ".join(f"{s:.2f}" for s in seconds))
    print(f"same tables, byte for byte: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
