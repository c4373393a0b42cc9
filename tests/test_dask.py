"""The Dask executor (`--executor dask`): the same tables as the local executor, byte for
byte; the same failed rows for documents that hang or crash; incremental and atomic runs;
a scheduler given by address; clear errors for a scheduler that cannot be used.

Clusters listen on the loopback interface only, with one or two workers and no
dashboard; most tests share one, started once for the module. Misbehaving parsers come
from `batch_faults.py`, and the one that kills its Dask worker from this module: workers
import them by name.
"""

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="the Dask executor needs dask and distributed "
    "(pip install kr-extract[dask])")
import dask  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from batch_faults import parse_with_faults  # noqa: E402

from kr_extract import schemas  # noqa: E402
from kr_extract.cli import main  # noqa: E402
from kr_extract.pipeline import BatchOptions, parse_bytes, run_batch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KR_SAMPLE = SAMPLES / "000_97a597774b640575.txt"
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate_corpus, write_bad_input_zoo  # noqa: E402

# What a manifest may hold differently from one run of the same batch to another; and
# from a full run to an incremental one.
RUN_FIELDS = ("started_at", "options", "durations_s")
INCREMENTAL_FIELDS = ("previous_output", "documents_parsed", "documents_unchanged")


@pytest.fixture(scope="module")
def scheduler():
    """The address of a two-worker cluster on this machine, for the tests of the module."""
    with distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1,
                                  processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR,
                                  scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}
                                  ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The corpus of test_batch.py: a dozen varied documents in two subfolders."""
    folder = tmp_path / "corpus"
    generate_corpus(folder, 12, seed=3)
    (folder / "001").mkdir()
    shutil.move(folder / "000" / "00011_001.txt", folder / "001" / "00011_001.txt")
    return folder


def on_dask(scheduler: str | None = None, **options) -> BatchOptions:
    return BatchOptions(executor="dask", scheduler=scheduler, **options)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too: staging), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def assert_same_output(local: Path, dask_out: Path, ignore: tuple[str, ...] = ()) -> None:
    """Every table file byte for byte, and the manifest but for what differs by run (and
    the fields `ignore`)."""
    left, right = files_of(local), files_of(dask_out)
    assert sorted(left) == sorted(right)
    tables = [name for name in left if name != "manifest.json"]
    assert {f"{name}.parquet" for name in schemas.TABLES} <= set(tables)
    for name in tables:
        assert left[name] == right[name], name
    one, other = manifest(local), manifest(dask_out)
    for field in (*RUN_FIELDS, *ignore):
        one.pop(field), other.pop(field)
    assert one == other


def read_documents(out: Path):
    return pq.read_table(out / "documents.parquet").to_pandas().set_index("source_path")


def read_issues(out: Path):
    return pq.read_table(out / "issues.parquet").to_pandas()


def parse_killing_its_dask_worker(path: Path, data: bytes, settings) -> object:
    """`killworker*` kills the Dask worker (its child's grandparent: the child comes from
    the worker's fork server), notes its own process ID beside the file and hangs; every
    other file is parsed as usual."""
    if path.name.startswith("killworker"):
        import psutil

        with path.with_name(path.name + ".pid").open("a", encoding="utf-8") as note:
            note.write(f"{os.getpid()}\n")
        psutil.Process(os.getppid()).parent().kill()
        time.sleep(3600)
    return parse_bytes(path, data, settings)


def parse_noting_the_process(path: Path, data: bytes, settings) -> object:
    """Parses as usual, and notes the process ID beside the file."""
    path.with_name(path.name + ".pid").write_text(str(os.getpid()), encoding="utf-8")
    return parse_bytes(path, data, settings)


def gone(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def ok_documents(folder: Path, n: int) -> None:
    for i in range(n):  # different content: every one parsed
        (folder / f"ok{i}.txt").write_text(
            KR_SAMPLE.read_text(encoding="utf-8") + "\n" * (i + 1), encoding="utf-8")


# --- the same tables as the local executor -----------------------------------------------

def test_the_same_tables_byte_for_byte_as_the_local_executor(corpus, tmp_path):
    # The corpus of test_batch.py, the samples and every kind of bad input, on a local
    # Dask cluster of its own (no scheduler given), with CSV beside the Parquet files.
    zoo = write_bad_input_zoo(tmp_path / "zoo")
    try:
        inputs = [corpus, SAMPLES, *zoo]
        local, dask_out = tmp_path / "local", tmp_path / "dask"
        formats = ("parquet", "csv")
        expected = run_batch(inputs, local, BatchOptions(jobs=2, formats=formats))
        summary = run_batch(inputs, dask_out, on_dask(jobs=2, chunk_size=3, formats=formats))
    finally:
        (tmp_path / "zoo" / "locked").chmod(0o755)
    assert_same_output(local, dask_out)
    assert summary.status_counts == expected.status_counts
    assert summary.issue_counts == expected.issue_counts
    assert summary.failures == expected.failures
    # not a trivial batch: parsed documents, failed ones, kept from nowhere
    assert summary.sources["parsed"] >= 25 and summary.status_counts["failed"] >= 5
    assert summary.status_counts["ok"] >= 15
    options = manifest(dask_out)["options"]
    assert options["executor"] == "dask" and options["chunk_size"] == 3


# --- time limits and crashes -------------------------------------------------------------

def test_a_hanging_document_times_out_as_in_a_local_run(tmp_path, scheduler):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "hang.txt")
    ok_documents(folder, 3)
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    run_batch([folder], local, BatchOptions(jobs=2, timeout=1), parse=parse_with_faults)
    started = time.monotonic()
    summary = run_batch([folder], dask_out, on_dask(scheduler, jobs=2, timeout=1),
                        parse=parse_with_faults)
    assert time.monotonic() - started < 20
    hang = read_documents(dask_out).loc[str(folder / "hang.txt")]
    assert hang.status == "failed" and "longer than the limit of 1 s" in hang.error
    assert summary.issues_by_code["timeout"] == 1
    assert summary.status_counts["ok"] == 3 and summary.exit_status == 1
    assert_same_output(local, dask_out)  # the same rows, worded alike


@pytest.mark.parametrize(("name", "words"), [
    ("crash.txt", "killed by SIGSEGV"),
    ("exit.txt", "exit code 3"),
])
def test_a_document_that_kills_its_process_is_a_failed_row(tmp_path, scheduler, name, words):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text("crash me", encoding="utf-8")
    ok_documents(folder, 4)
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    run_batch([folder], local, BatchOptions(jobs=2), parse=parse_with_faults)
    # in one chunk with the others: they are parsed all the same
    summary = run_batch([folder], dask_out, on_dask(scheduler, jobs=2, chunk_size=5),
                        parse=parse_with_faults)
    docs = read_documents(dask_out)
    assert words in docs.error[str(folder / name)]
    assert (docs.status == "ok").sum() == 4
    assert summary.issues_by_code["worker_crashed"] == 1
    assert_same_output(local, dask_out)


def test_a_document_that_kills_its_dask_worker_is_a_failed_row_alone(tmp_path):
    # Dask gives up on a task after one worker death here (allowed-failures 0), so that
    # the test is quick; the documents that shared its worker must still be parsed.
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "killworker.txt")
    ok_documents(folder, 4)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        summary = run_batch([folder], tmp_path / "out", on_dask(jobs=1),
                            parse=parse_killing_its_dask_worker)
    docs = read_documents(tmp_path / "out")
    killer = docs.loc[str(folder / "killworker.txt")]
    assert killer.status == "failed" and "its Dask worker died" in killer.error
    assert (docs.status == "ok").sum() == 4
    assert summary.issues_by_code["worker_crashed"] == 1
    # The processes that hung when their worker died did not outlive it.
    pids = [int(line) for line in (folder / "killworker.txt.pid").read_text().split()]
    assert len(pids) == 2  # in its chunk, then alone
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(gone(pid) for pid in pids)


def test_a_worker_parses_the_chunks_of_a_batch_in_one_process(tmp_path, scheduler):
    # as a local worker parses document after document: the parsers start once
    folder = tmp_path / "in"
    folder.mkdir()
    ok_documents(folder, 8)
    run_batch([folder], tmp_path / "out", on_dask(scheduler, chunk_size=1),
              parse=parse_noting_the_process)
    pids = {note.read_text(encoding="utf-8") for note in folder.glob("*.pid")}
    assert len(list(folder.glob("*.pid"))) == 8
    assert len(pids) <= 2  # one per worker thread, not one per chunk


# --- incremental and atomic runs ---------------------------------------------------------

def test_an_incremental_run_keeps_unchanged_documents(corpus, tmp_path, scheduler):
    out, full = tmp_path / "out", tmp_path / "full"
    options = on_dask(scheduler, jobs=2)
    first = run_batch([corpus], out, options)
    assert first.sources["parsed"] == 12
    files = sorted(corpus.rglob("*.txt"))
    files[3].write_bytes(files[3].read_bytes() + b"\n")  # changed
    files[5].unlink()  # gone
    shutil.copy(files[0], corpus / "001" / "zz_copy.txt")  # new, a copy of another
    shutil.copy(SAMPLES / "003_82c197e5b1ac22e4.txt", corpus / "new.txt")  # new
    summary = run_batch([corpus], out, options)
    assert summary.sources["parsed"] == 3 and summary.sources["kept"] == 10
    written = manifest(out)
    assert written["documents_parsed"] == 3 and written["documents_unchanged"] == 10
    assert written["previous_output"] == "used"
    assert not list(out.glob(".staging-*"))
    run_batch([corpus], full, BatchOptions(force=True))  # a full local run
    assert_same_output(full, out, ignore=INCREMENTAL_FIELDS)
    # Nothing changed since: nothing to parse, so no cluster is reached (not even this
    # address, where none listens) and the tables stay as they were.
    before = {name: data for name, data in files_of(out).items() if name != "manifest.json"}
    again = run_batch([corpus], out, on_dask(f"tcp://127.0.0.1:{closed_port()}"))
    assert again.sources["parsed"] == 0 and again.sources["kept"] == 13
    assert {name: data for name, data in files_of(out).items()
            if name != "manifest.json"} == before


_SLOW_RUN = """
import signal, sys
# as from a terminal: a run started in the background inherits SIGINT ignored
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, {tests!r})
from pathlib import Path
from batch_faults import parse_with_faults
from kr_extract.pipeline import BatchOptions, run_batch
run_batch([Path({folder!r})], Path({out!r}),
          BatchOptions(executor="dask", scheduler={scheduler!r}, force=True, chunk_size=2),
          parse=parse_with_faults)
"""


def test_an_interrupted_run_leaves_the_previous_output(tmp_path, scheduler):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "a.txt")
    run_batch([folder], out, on_dask(scheduler))
    before = files_of(out)
    for i in range(12):
        (folder / f"slow{i:02d}.txt").write_text(f"{i}", encoding="utf-8")
    script = _SLOW_RUN.format(tests=str(ROOT / "tests"), folder=str(folder), out=str(out),
                              scheduler=scheduler)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", script], env=env,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not list(out.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)  # connected, chunks running on the workers
    assert process.poll() is None, process.communicate()[1].decode()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"KeyboardInterrupt" in err
    assert files_of(out) == before  # staging removed, the tables untouched


# --- a scheduler given by address --------------------------------------------------------

def test_the_command_line_runs_on_a_scheduler_given_by_address(tmp_path, scheduler, capsys):
    local, dask_out = str(tmp_path / "local"), str(tmp_path / "dask")
    assert main(["run", str(SAMPLES), "--out", local, "-q"]) == 0
    # --scheduler alone means --executor dask
    assert main(["run", str(SAMPLES), "--out", dask_out, "--scheduler", scheduler,
                 "--chunk-size", "2", "-q"]) == 0
    assert capsys.readouterr().out == ""
    assert_same_output(Path(local), Path(dask_out))
    options = manifest(Path(dask_out))["options"]
    assert options["executor"] == "dask" and options["scheduler"] == scheduler
    assert len(read_documents(Path(dask_out))) == 5


def closed_port() -> int:
    """A loopback port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("address", "status", "words"), [
    (None, 1, "cannot reach the Dask scheduler at tcp://127.0.0.1:"),
    ("http://127.0.0.1:8786", 2, "not the address of a Dask scheduler"),
    ("nonsense", 2, "not the address of a Dask scheduler"),
])
def test_a_bad_scheduler_address_is_a_clear_error(tmp_path, capfd, address, status, words):
    address = address or f"tcp://127.0.0.1:{closed_port()}"
    out = tmp_path / "out"
    assert main(["run", str(KR_SAMPLE), "--out", str(out), "-q"]) == 0
    before = files_of(out)
    extra = SAMPLES / "001_418a55db55d94e5f.txt"  # a document to parse: the cluster is needed
    started = time.monotonic()
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        assert main(["run", str(KR_SAMPLE), str(extra), "--out", str(out),
                     "--scheduler", address]) == status
    assert time.monotonic() - started < 15
    captured = capfd.readouterr()
    assert captured.out == ""
    assert words in captured.err and address in captured.err
    assert "Traceback" not in captured.err
    assert files_of(out) == before



def test_workers_that_do_not_see_the_inputs_are_a_clear_error(tmp_path, scheduler, capfd,
                                                              monkeypatch):
    # As if the run started in a folder the workers have no such path for.
    import kr_extract._dask as executor

    out = tmp_path / "out"
    assert main(["run", str(KR_SAMPLE), "--out", str(out), "-q"]) == 0
    before = files_of(out)
    elsewhere = tmp_path / "not-on-the-workers"

    class StartedElsewhere:  # what the executor asks of Path, in this process only
        @staticmethod
        def cwd() -> Path:
            return elsewhere

    monkeypatch.setattr(executor, "Path", StartedElsewhere)
    assert main(["run", str(SAMPLES), "--out", str(out), "--scheduler", scheduler]) == 1
    err = capfd.readouterr().err
    assert "a Dask worker cannot parse documents" in err
    assert f"does not see the folder {elsewhere}" in err
    assert "Traceback" not in err and "the previous output is left as it was" in err
    assert files_of(out) == before
