"""Benchmark of the batch, end to end, on a generated corpus.

    .venv/bin/python benchmarks/run_benchmark.py [DOCS] [--seed N] [--keep DIR]
    .venv/bin/python benchmarks/run_benchmark.py --scale 1000,10000,100000

Generates DOCS documents (default 3000) from the samples (benchmarks/corpus.py), then
measures, each in a fresh process so that peak memory is its own:

- the floor: reading every file, decoding it, NFC and Thai-digit conversion, and one
  regex pass over every line, on one core: what any parser of these files must pay;
- the parsers alone: `process_file` on every file, in one process on one core;
- the full pipeline (`run_batch`, --force, into an empty folder) with 1 job pinned to
  one core, with 1 job unpinned, and with one job per core;
- peak memory of the main process and of the whole process tree (sum of PSS, sampled),
  for a quarter of the corpus and for all of it: it must not grow with the documents;
- a second run over the unchanged corpus (everything kept);
- `kr-extract --help`, the best and the median of 7.

Then prints the figures and whether each goal is met: pipeline within 5x of the floor
on one core, speed-up of at least 1.8 on two cores, flat peak memory, --help < 0.3 s.

With --scale, it measures the pipeline alone (one job per core) on a corpus of each size
given instead, generated and deleted in turn, and prints its throughput and peak memory
at each size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# One pass of a tokenizer-like pattern: numbers, tags, tab cells, Thai and Latin words.
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|<[^>]*>|\t|[\u0e00-\u0e7f]+|[A-Za-z]+")


# --- measurements, each run in its own process ------------------------------------------

def measure_floor(corpus: Path) -> dict:
    files = sorted(corpus.rglob("*.txt"))
    started, started_cpu = time.perf_counter(), time.process_time()
    n_bytes = n_tokens = 0
    for path in files:
        data = path.read_bytes()
        n_bytes += len(data)
        text = _decode(data)
        for line in text.split("\n"):
            line = unicodedata.normalize("NFC", line).translate(_DIGITS)
            n_tokens += len(_TOKEN.findall(line))
    return {"seconds": time.perf_counter() - started, "docs": len(files), "bytes": n_bytes,
            "tokens": n_tokens, "cpu": time.process_time() - started_cpu}


def measure_parsers(corpus: Path) -> dict:
    """`process_file` on every file in this process: the parsers without the batch."""
    from kr_extract.pipeline import process_file

    files = sorted(corpus.rglob("*.txt"))
    started, started_cpu = time.perf_counter(), time.process_time()
    for path in files:
        process_file(path)
    return {"seconds": time.perf_counter() - started, "docs": len(files),
            "bytes": sum(p.stat().st_size for p in files),
            "cpu": time.process_time() - started_cpu}


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp874", errors="replace")


def measure_pipeline(corpus: Path, out: Path, jobs: int, force: bool) -> dict:
    from kr_extract.pipeline import BatchOptions, run_batch

    sampler = _TreeMemory()
    sampler.start()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    summary = run_batch([corpus], out, BatchOptions(jobs=jobs, force=force))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    sampler.stop()
    main_cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                - sampler.cpu)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"seconds": seconds, "docs": summary.n_inputs,
            "bytes": sum(p.stat().st_size for p in corpus.rglob("*.txt")),
            "parsed": summary.sources["parsed"], "kept": summary.sources["kept"],
            "status": dict(summary.status_counts),
            "parsing_cpu": manifest["durations_s"]["parsing_cpu"], "main_cpu": main_cpu,
            "load": os.getloadavg()[0], "main_peak_mb": after.ru_maxrss / 1024,
            "tree_peak_mb": sampler.peak_mb, "worker_peak_mb": sampler.worker_peak_mb}


class _TreeMemory(threading.Thread):
    """Samples the PSS of this process and all its descendants (fork server, workers)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.worker_peak_mb = 0.0
        self.cpu = 0.0  # its own CPU time, not to be counted as the pipeline's
        self._done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._done.wait(0.5):
            tree = _descendants(me)
            sizes = {pid: _pss_mb(pid) for pid in [me, *tree]}
            self.peak_mb = max(self.peak_mb, sum(sizes.values()))
            workers = [size for pid, size in sizes.items() if pid != me]
            self.worker_peak_mb = max(self.worker_peak_mb, *workers, 0.0)
        self.cpu = time.thread_time()

    def stop(self) -> None:
        self._done.set()
        self.join()


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _pss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    match = re.search(r"^Pss:\s+([0-9]+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


# --- the orchestra -----------------------------------------------------------------------

def _run(kind: str, *args: str, pin: bool = False) -> dict:
    command = [sys.executable, str(Path(__file__)), "--measure", kind, *args]
    if pin:
        command.append("--pin")
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        sys.exit(f"measurement {kind} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _help_seconds() -> list[float]:
    exe = Path(sys.executable).with_name("kr-extract")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "kr_extract.cli"]
    times = []
    for _ in range(7):
        started = time.perf_counter()
        subprocess.run([*command, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return times


def _rate(m: dict) -> str:
    return (f"{m['docs'] / m['seconds']:8.1f} docs/s {m['bytes'] / m['seconds'] / 2**20:7.2f} "
            f"MB/s  ({m['seconds']:.2f} s)")


def _goal(ok: bool, text: str) -> str:
    return f"  [{'met ' if ok else 'MISS'}] {text}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("docs", nargs="?", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    parser.add_argument("--scale", metavar="SIZES",
                        help="throughput and peak memory of the pipeline at each of these "
                        "corpus sizes (comma-separated, e.g. 1000,10000,100000)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--pin", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep-output", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        if args.pin:  # this process, its fork server and its workers share one core
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        if args.measure == "floor":
            result = measure_floor(args.corpus)
        elif args.measure == "parsers":
            result = measure_parsers(args.corpus)
        else:
            result = measure_pipeline(args.corpus, args.out, args.jobs,
                                      force=not args.keep_output)
        print(json.dumps(result))
        return
    if args.scale:
        scale([int(size) for size in args.scale.split(",")], args.seed, args.keep)
        return
    benchmark(args.docs, args.seed, args.keep)


def scale(sizes: list[int], seed: int, keep: Path | None) -> None:
    """The pipeline with one job per core on a corpus of each size: its throughput, and
    the peak memory of the main process, of the biggest worker and of all processes."""
    from corpus import generate_corpus

    from kr_extract import PARSER_VERSION
    from kr_extract.pipeline import available_cores

    cores = available_cores()
    print(f"kr-extract scale ({PARSER_VERSION}), {cores} jobs, Python "
          f"{sys.version.split()[0]}")
    print(f"{'documents':>10} {'MB':>7} {'seconds':>8} {'docs/s':>7} {'MB/s':>6} "
          f"{'main MB':>8} {'worker MB':>10} {'all MB':>7} {'load':>5}")
    for n_docs in sizes:
        work = keep / f"scale-{n_docs}" if keep else Path(tempfile.mkdtemp(prefix="kr-scale-"))
        try:
            _, n_bytes = generate_corpus(work / "corpus", n_docs, seed=seed)
            m = _run("pipeline", "--corpus", str(work / "corpus"), "--out", str(work / "out"),
                     "--jobs", str(cores))
        finally:
            if keep is None:
                shutil.rmtree(work, ignore_errors=True)
        print(f"{m['docs']:>10,} {n_bytes / 2**20:>7.1f} {m['seconds']:>8.1f} "
              f"{m['docs'] / m['seconds']:>7.1f} {n_bytes / 2**20 / m['seconds']:>6.2f} "
              f"{m['main_peak_mb']:>8.0f} {m['worker_peak_mb']:>10.0f} "
              f"{m['tree_peak_mb']:>7.0f} {m['load']:>5.1f}", flush=True)


def benchmark(n_docs: int, seed: int, keep: Path | None) -> None:
    from corpus import generate_corpus

    from kr_extract import PARSER_VERSION
    from kr_extract.pipeline import available_cores

    work = keep or Path(tempfile.mkdtemp(prefix="kr-bench-"))
    cores = available_cores()
    try:
        started = time.perf_counter()
        corpus, quarter = work / "corpus", work / "quarter"
        _, n_bytes = generate_corpus(corpus, n_docs, seed=seed)
        generate_corpus(quarter, max(1, n_docs // 4), seed=seed + 1)
        print(f"kr-extract benchmark ({PARSER_VERSION}), {cores} core(s), Python "
              f"{sys.version.split()[0]}")
        print(f"corpus: {n_docs} documents, {n_bytes / 2**20:.1f} MB, from samples/*.txt "
              f"(generated in {time.perf_counter() - started:.1f} s)")
        floor = _run("floor", "--corpus", str(corpus), pin=True)
        parsers = _run("parsers", "--corpus", str(corpus), pin=True)
        one = _run("pipeline", "--corpus", str(corpus), "--out", str(work / "o1"),
                   "--jobs", "1", pin=True)
        one_free = _run("pipeline", "--corpus", str(corpus), "--out", str(work / "o1f"),
                        "--jobs", "1")
        full = _run("pipeline", "--corpus", str(corpus), "--out", str(work / "oN"),
                    "--jobs", str(cores))
        small = _run("pipeline", "--corpus", str(quarter), "--out", str(work / "oq"),
                     "--jobs", str(cores))
        again = _run("pipeline", "--corpus", str(corpus), "--out", str(work / "oN"),
                     "--jobs", str(cores), "--keep-output")
        helps = _help_seconds()
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)

    ratio = one["seconds"] / floor["seconds"]
    speedup = one["seconds"] / full["seconds"]
    speedup_free = one_free["seconds"] / full["seconds"]
    main_growth = full["main_peak_mb"] / small["main_peak_mb"]
    tree_growth = full["tree_peak_mb"] / small["tree_peak_mb"]
    print()
    rows = [("floor (read, NFC, digits, 1 regex pass), 1 core", floor),
            ("parsers alone (process_file), 1 core", parsers),
            ("pipeline, 1 job on 1 core", one),
            ("pipeline, 1 job (main process on another core)", one_free),
            (f"pipeline, {cores} jobs", full),
            (f"second run, nothing changed ({again['kept']} kept)", again)]
    for label, measured in rows:
        print(f"{label:<50} {_rate(measured)}")
    per_doc = 1000 / full["docs"]
    print(f"statuses: {full['status']}")
    print(f"CPU per document with {cores} jobs: {full['parsing_cpu'] * per_doc:.1f} ms parsing "
          f"in the workers, {full['main_cpu'] * per_doc:.1f} ms in the main process (reading, "
          f"hashing, collecting, writing: {full['main_cpu'] / full['seconds']:.0%} of a core)")
    print(f"load average (1 min) at the end of each pipeline run: 1 core {one['load']:.1f}, "
          f"1 job {one_free['load']:.1f}, {cores} jobs {full['load']:.1f} (other work on the "
          "machine skews the figures)")
    print(f"pipeline / floor on one core: {ratio:.1f}x (parsers alone / floor "
          f"{parsers['seconds'] / floor['seconds']:.1f}x, batch overhead "
          f"{one['seconds'] / parsers['seconds'] - 1:+.0%})")
    one_cpu = one["main_cpu"] + one["parsing_cpu"]
    print(f"the same in CPU time, which other work on the machine sways less: floor "
          f"{floor['cpu']:.2f} s, parsers alone {parsers['cpu']:.2f} s "
          f"({parsers['cpu'] / floor['cpu']:.1f}x), pipeline on 1 core {one_cpu:.2f} s = "
          f"{one['main_cpu']:.2f} main + {one['parsing_cpu']:.2f} worker "
          f"({one_cpu / floor['cpu']:.1f}x; the worker's CPU counts its documents, not its "
          "start or the pipe)")
    print(f"speed-up with {cores} jobs: {speedup:.2f}x against 1 core, {speedup_free:.2f}x "
          "against 1 job")
    print(f"peak memory, {small['docs']} -> {full['docs']} documents: main process "
          f"{small['main_peak_mb']:.0f} -> {full['main_peak_mb']:.0f} MB, "
          f"biggest worker {small['worker_peak_mb']:.0f} -> {full['worker_peak_mb']:.0f} MB, "
          f"all processes (PSS) {small['tree_peak_mb']:.0f} -> {full['tree_peak_mb']:.0f} MB")
    print(f"kr-extract --help: best {min(helps):.3f} s, median {statistics.median(helps):.3f} s")
    print("goals:")
    print(_goal(ratio <= 5, f"pipeline within 5x of the floor on one core: {ratio:.1f}x"
                + ("" if ratio <= 5 else f" ({ratio / 5:.1f}x over)")))
    print(_goal(speedup >= 1.8, f"speed-up >= 1.8 on {cores} cores: {speedup:.2f}x"))
    print(_goal(main_growth < 1.1 and tree_growth < 1.1,
                f"peak memory flat with 4x the documents: main x{main_growth:.2f}, "
                f"all processes x{tree_growth:.2f}"))
    print(_goal(statistics.median(helps) < 0.3,
                f"--help under 0.3 s: median {statistics.median(helps):.3f} s"))


if __name__ == "__main__":
    main()
