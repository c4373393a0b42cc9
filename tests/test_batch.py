"""The batch at scale: worker processes, time limits, crashes, incremental runs, atomic
output, the manifest and the progress bar. Misbehaving parsers come from
`batch_faults.py` (workers import them by name)."""

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_faults import parse_with_faults

from kr_extract import PARSER_VERSION, pipeline, schemas
from kr_extract._progress import Progress
from kr_extract.cli import main
from kr_extract.errors import UsageError
from kr_extract.pipeline import BatchOptions, find_inputs, run_batch

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KR_SAMPLE = SAMPLES / "000_97a597774b640575.txt"
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate_corpus  # noqa: E402


def read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{table}.parquet")


def assert_same_tables(a: Path, b: Path) -> None:
    for name in schemas.TABLES:
        left, right = pq.read_table(a / f"{name}.parquet"), pq.read_table(b / f"{name}.parquet")
        assert left.equals(right), name
        # Byte for byte too: kept rows and parsed rows are written alike.
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A dozen varied documents of every sample form, in two subfolders."""
    folder = tmp_path / "corpus"
    generate_corpus(folder, 12, seed=3)
    for sub in ("000", "001"):
        (folder / sub).mkdir(exist_ok=True)
    shutil.move(folder / "000" / "00011_001.txt", folder / "001" / "00011_001.txt")
    return folder


# --- parallel and deterministic ----------------------------------------------------------

def test_same_files_whatever_the_number_of_jobs(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch([corpus], one, BatchOptions(jobs=1))
    run_batch([corpus], two, BatchOptions(jobs=2))
    for name in schemas.TABLES:  # byte for byte, not only the same rows
        assert (one / f"{name}.parquet").read_bytes() == \
            (two / f"{name}.parquet").read_bytes(), name
    assert len(read(one, "documents")) == 12


def test_rows_come_in_sorted_path_order_whatever_the_argument_order(corpus, tmp_path):
    files = sorted(corpus.rglob("*.txt"))
    shuffled = files[:]
    random.Random(5).shuffle(shuffled)
    run_batch(shuffled, tmp_path / "out", BatchOptions(jobs=2))
    assert list(read(tmp_path / "out", "documents").source_path) == [str(p) for p in files]


def test_each_file_is_one_input_however_often_it_is_named(corpus):
    file = next(corpus.rglob("*.txt"))
    assert find_inputs([file, corpus, Path(str(file).replace("/", "//", 1))]).count(file) == 1


def test_a_file_named_two_ways_is_spelled_alike_whatever_the_order(corpus, monkeypatch):
    # its source_path, and so its doc_id, must not depend on which spelling came first
    monkeypatch.chdir(corpus.parent)
    file = sorted(corpus.rglob("*.txt"))[0]
    folder = Path(corpus.name)
    assert find_inputs([folder, file]) == find_inputs([file, folder])



def test_inputs_sort_as_their_path_parts_sort(tmp_path):
    # '..' and '-' sort below '/', '/' below letters: a plain string sort of the paths
    # would put "a-b/x" before "a/x", and the root elsewhere.
    names = ["a/x.txt", "a-b/x.txt", "a/b/x.txt", "a.b.txt", "../up.txt", "-dash.txt",
             "/abs/x.txt", "/abs-b/x.txt", "/abs/b/x.txt", "z.txt", "ก/x.txt"]
    expected = sorted((Path(name) for name in names), key=lambda p: p.parts)
    assert sorted(names, key=pipeline._path_order) == [str(p) for p in expected]
    for name in names[:4]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert find_inputs([tmp_path]) == [tmp_path / name for name in
                                      ["a/b/x.txt", "a/x.txt", "a-b/x.txt", "a.b.txt"]]


# --- isolation: time limit, crashes ------------------------------------------------------

def test_a_hanging_document_times_out_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "hang.txt")
    for i in range(3):
        (folder / f"ok{i}.txt").write_text(
            KR_SAMPLE.read_text(encoding="utf-8") + "\n" * (i + 1), encoding="utf-8")
    started = time.monotonic()
    summary = run_batch([folder], tmp_path / "out", BatchOptions(jobs=2, timeout=1),
                        parse=parse_with_faults)
    assert time.monotonic() - started < 20
    docs = read(tmp_path / "out", "documents").set_index("source_path")
    hang = docs.loc[str(folder / "hang.txt")]
    assert hang.status == "failed"
    assert "longer than the limit of 1 s" in hang.error
    assert list(docs.status).count("ok") == 3
    assert summary.issues_by_code["timeout"] == 1
    assert summary.exit_status == 1


def test_the_time_limit_of_a_pdf_is_per_page(tmp_path):
    # a scan takes seconds a page to OCR: a 30-page scan is not a hanging document
    import pypdfium2 as pdfium

    folder = tmp_path / "in"
    folder.mkdir()
    blank = pdfium.PdfDocument.new()
    for _ in range(4):
        blank.new_page(595, 842)
    blank.save(str(folder / "slow.pdf"))
    shutil.copy(KR_SAMPLE, folder / "slow.txt")
    run_batch([folder], tmp_path / "out", BatchOptions(jobs=1, timeout=0.3),
              parse=parse_with_faults)
    docs = read(tmp_path / "out", "documents").set_index("source_path")
    assert "longer than the limit" in docs.loc[str(folder / "slow.txt")].error  # 0.5 s > 0.3 s
    assert "longer than the limit" not in (docs.loc[str(folder / "slow.pdf")].error or "")


@pytest.mark.parametrize(("name", "words"), [
    ("crash.txt", "killed by SIGSEGV"),
    ("exit.txt", "exit code 3"),
])
def test_a_document_that_kills_its_worker_is_a_failed_row(tmp_path, name, words):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text("crash me", encoding="utf-8")
    for i in range(4):  # different content: every one parsed after the crash
        (folder / f"ok{i}.txt").write_text(
            KR_SAMPLE.read_text(encoding="utf-8") + "\n" * i, encoding="utf-8")
    run_batch([folder], tmp_path / "out", BatchOptions(jobs=2), parse=parse_with_faults)
    docs = read(tmp_path / "out", "documents").set_index("source_path")
    assert words in docs.error[str(folder / name)]
    assert (docs.status == "ok").sum() == 4
    issues = read(tmp_path / "out", "issues")
    assert "worker_crashed" in set(issues.code)


def test_options_are_checked():
    for bad in ({"jobs": 0}, {"timeout": 0}, {"max_bytes": 0}, {"max_pages": 0}):
        with pytest.raises(UsageError):
            BatchOptions(**bad)


def test_an_output_that_is_a_file_is_bad_usage(tmp_path):
    (tmp_path / "out").write_text("", encoding="utf-8")
    with pytest.raises(UsageError):
        run_batch([KR_SAMPLE], tmp_path / "out")


def test_two_runs_cannot_write_one_output_folder_at_once(tmp_path):
    with schemas.lock_output(tmp_path / "out"), pytest.raises(UsageError, match="another"):
        run_batch([KR_SAMPLE], tmp_path / "out")


# --- incremental runs --------------------------------------------------------------------

def test_a_second_run_parses_nothing_and_writes_the_same_tables(corpus, tmp_path):
    out, again = tmp_path / "out", tmp_path / "again"
    first = run_batch([corpus], out)
    shutil.copytree(out, again)
    second = run_batch([corpus], again)
    assert first.sources["parsed"] == 12
    assert second.sources["parsed"] == 0 and second.sources["kept"] == 12
    assert_same_tables(out, again)
    manifest = json.loads((again / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents_unchanged"] == 12 and manifest["previous_output"] == "used"


@pytest.mark.parametrize("docs_per_group", [1000, 3])
def test_only_changed_and_new_files_are_parsed_and_rows_match_a_full_run(
        corpus, tmp_path, monkeypatch, docs_per_group):
    # With 3 documents per row group, kept rows are read across many groups.
    monkeypatch.setattr(schemas.TableWriter.__init__, "__kwdefaults__",
                        {"docs_per_group": docs_per_group})
    out, full = tmp_path / "out", tmp_path / "full"
    run_batch([corpus], out)
    files = sorted(corpus.rglob("*.txt"))
    files[3].write_bytes(files[3].read_bytes() + b"\n")  # changed
    files[5].unlink()  # gone
    shutil.copy(files[0], corpus / "001" / "zz_copy.txt")  # new, a copy of another
    shutil.copy(SAMPLES / "003_82c197e5b1ac22e4.txt", corpus / "new.txt")  # new
    summary = run_batch([corpus], out)
    assert summary.sources["parsed"] == 3
    assert summary.sources["kept"] == 10
    run_batch([corpus], full, BatchOptions(force=True))
    assert_same_tables(out, full)


def test_copies_keep_their_rows_when_the_first_copy_goes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "a.txt")
    shutil.copy(KR_SAMPLE, folder / "b.txt")
    shutil.copy(SAMPLES / "001_418a55db55d94e5f.txt", folder / "c.txt")
    out, full = tmp_path / "out", tmp_path / "full"
    run_batch([folder], out)
    again = run_batch([folder], out)
    assert again.sources["parsed"] == 0
    (folder / "a.txt").unlink()  # b.txt now holds the rows
    summary = run_batch([folder], out)
    assert summary.sources["parsed"] == 1
    run_batch([folder], full, BatchOptions(force=True))
    assert_same_tables(out, full)
    assert len(read(out, "indicators")) == 2


def test_copies_keep_their_rows_when_a_new_first_copy_comes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "b.txt")
    shutil.copy(KR_SAMPLE, folder / "c.txt")
    shutil.copy(SAMPLES / "001_418a55db55d94e5f.txt", folder / "d.txt")
    out, full = tmp_path / "out", tmp_path / "full"
    run_batch([folder], out)
    shutil.copy(KR_SAMPLE, folder / "a.txt")  # now the first of the three copies
    summary = run_batch([folder], out)
    # a.txt is new; b.txt and c.txt, now copies of it, keep their documents rows
    assert summary.sources["parsed"] == 1 and summary.sources["kept"] == 3
    run_batch([folder], full, BatchOptions(force=True))
    assert_same_tables(out, full)
    docs = read(out, "documents").set_index("source_path")
    assert set(read(out, "indicators").doc_id) == \
        {docs.doc_id[str(folder / "a.txt")], docs.doc_id[str(folder / "d.txt")]}


def test_force_parses_everything_again(corpus, tmp_path):
    run_batch([corpus], tmp_path / "out")
    summary = run_batch([corpus], tmp_path / "out", BatchOptions(force=True))
    assert summary.sources["parsed"] == 12


def test_rows_of_another_parser_version_are_not_kept(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([corpus], out)
    documents = pq.read_table(out / "documents.parquet")
    older = pa.array(["kr-extract/0.0.1"] * documents.num_rows)
    documents = documents.set_column(
        documents.schema.get_field_index("parser_version"), "parser_version", older)
    pq.write_table(documents, out / "documents.parquet")
    summary = run_batch([corpus], out)
    assert summary.sources["parsed"] == 12
    assert set(read(out, "documents").parser_version) == {PARSER_VERSION}


def test_a_changed_schema_means_everything_is_parsed_again(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([corpus], out)
    contacts = pq.read_table(out / "contacts.parquet")
    pq.write_table(contacts.append_column("extra", pa.nulls(contacts.num_rows)),
                   out / "contacts.parquet")
    summary = run_batch([corpus], out)
    assert summary.sources["parsed"] == 12
    assert "schema of table contacts changed" in summary.previous_output


def test_failures_of_the_run_are_tried_again(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "hang.txt")
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_batch([folder], out, BatchOptions(timeout=1), parse=parse_with_faults)
    summary = run_batch([folder], out)  # the normal parser this time
    assert summary.sources["parsed"] == 1  # hang.txt; empty.txt failed for its content
    docs = read(out, "documents").set_index("source_path")
    assert docs.status[str(folder / "hang.txt")] == "ok"


def test_a_lower_size_limit_applies_to_unchanged_files(tmp_path):
    out = tmp_path / "out"
    run_batch([KR_SAMPLE], out)
    summary = run_batch([KR_SAMPLE], out, BatchOptions(max_bytes=1000))
    assert summary.issues_by_code["file_too_large"] == 1


def test_a_lower_page_limit_applies_to_unchanged_files(tmp_path):
    out = tmp_path / "out"
    run_batch([KR_SAMPLE], out)
    documents = pq.read_table(out / "documents.parquet")
    index = documents.schema.get_field_index("n_pages")
    pq.write_table(documents.set_column(index, documents.schema.field(index),
                                        pa.array([5], pa.int16())), out / "documents.parquet")
    assert run_batch([KR_SAMPLE], out, BatchOptions(max_pages=10)).sources["kept"] == 1
    assert run_batch([KR_SAMPLE], out, BatchOptions(max_pages=3)).sources["parsed"] == 1


# --- atomic output -----------------------------------------------------------------------

_SLOW_RUN = """
import signal, sys
# as from a terminal: a run started in the background inherits SIGINT ignored
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, {tests!r})
from pathlib import Path
from batch_faults import parse_with_faults
from kr_extract.pipeline import BatchOptions, run_batch
run_batch([Path({folder!r})], Path({out!r}), BatchOptions(jobs=1, force=True),
          parse=parse_with_faults)
"""


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_run_leaves_the_previous_output(tmp_path, how):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "a.txt")
    run_batch([folder], out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    for i in range(20):
        (folder / f"slow{i:02d}.txt").write_text(f"{i}", encoding="utf-8")
    script = _SLOW_RUN.format(tests=str(ROOT / "tests"), folder=str(folder), out=str(out))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", script], env=env,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not list(out.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # parsing is under way
    process.send_signal(how)
    process.communicate(timeout=30)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    if how == signal.SIGINT:  # cleaned up at once; after a kill, by the next run
        assert not list(out.glob(".staging-*"))
    run_batch([folder], out)
    assert not list(out.glob(".staging-*"))
    assert len(read(out, "documents")) == 21


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_busy_with_a_hanging_document_end_with_a_killed_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hang.txt").write_text("hang", encoding="utf-8")
    script = _SLOW_RUN.format(tests=str(ROOT / "tests"), folder=str(folder),
                              out=str(tmp_path / "out"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", script], env=env,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while not workers and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = {pid for child in _children(process.pid)
                   for pid in {child} | _children(child)}
    assert workers, "the run started no worker"
    time.sleep(1.0)  # the worker is inside the hanging document
    process.kill()
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]


def test_a_run_killed_while_publishing_is_finished_by_the_next_one(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_batch([KR_SAMPLE], out)
    import kr_extract.schemas._write as writer

    real_replace = os.replace
    moves = []

    def replace_then_die(source, target):
        if len(moves) == 3:  # the COMMITTED marker and two tables
            raise SystemExit("killed")  # as if the process died here
        moves.append(target)
        real_replace(source, target)

    monkeypatch.setattr(writer.os, "replace", replace_then_die)
    with pytest.raises(SystemExit):
        run_batch([SAMPLES / "002_b5ef5c82b4e25241.txt"], out)
    monkeypatch.undo()
    staging = list(out.glob(".staging-*"))
    assert len(staging) == 1 and (staging[0] / "COMMITTED").exists()
    with schemas.lock_output(out):  # what every run does first
        pass
    assert not list(out.glob(".staging-*"))
    assert list(read(out, "documents").source_path) == \
        [str(SAMPLES / "002_b5ef5c82b4e25241.txt")]
    assert len(read(out, "district_stats")) == 50


def test_tables_are_written_in_row_groups_and_read_back_whole(tmp_path):
    rows = [{"doc_id": f"d{i}", "term": f"t{i}"} for i in range(7)]
    with schemas.lock_output(tmp_path), schemas.TableWriter(tmp_path, docs_per_group=2) as w:
        for row in rows:
            w.add_document({"definitions": [row]})
        w.commit()
    file = pq.ParquetFile(tmp_path / "definitions.parquet")
    assert file.metadata.num_row_groups == 4
    assert file.read().column("term").to_pylist() == [f"t{i}" for i in range(7)]


# --- manifest, summary, command line -----------------------------------------------------

def test_the_manifest_sums_up_the_run(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    summary = run_batch([corpus], tmp_path / "out", BatchOptions(jobs=2, timeout=30))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_inputs"] == 13
    assert manifest["status_counts"]["failed"] == 1
    assert sum(manifest["status_counts"].values()) == 13
    assert manifest["issues_by_code"]["empty_file"] == 1
    assert manifest["parser_version"] == PARSER_VERSION
    assert manifest["options"]["jobs"] == 2 and manifest["options"]["timeout"] == 30
    assert manifest["documents_parsed"] == 13 and manifest["documents_not_read"] == 0
    assert manifest["durations_s"]["total"] > 0
    assert manifest["tables"]["documents"] == 13
    assert "empty.txt: the file is empty" in summary.text()
    assert "failed: 1 (empty_file 1)" in summary.text()


def test_cli_options_and_exit_status(tmp_path, capsys):
    out = str(tmp_path / "out")
    assert main(["run", str(KR_SAMPLE), "--out", out, "-j", "1", "--timeout", "30",
                 "--max-bytes", "1M", "--max-pages", "10", "--force", "-q"]) == 0
    assert capsys.readouterr().out == ""
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"] == {"jobs": 1, "timeout": 30.0, "max_bytes": 1 << 20,
                                   "max_pages": 10, "force": True, "progress": False,
                                   "formats": ["parquet"], "executor": "local",
                                   "scheduler": None, "chunk_size": None}
    assert main(["run", str(KR_SAMPLE), "--out", out, "--max-bytes", "1K"]) == 1
    assert "over the limit of 1.0 KB" in capsys.readouterr().out
    for bad in (["-j", "0"], ["--timeout", "-1"], ["--max-bytes", "lots"]):
        with pytest.raises(SystemExit) as exc:
            main(["run", str(KR_SAMPLE), "--out", out, *bad])
        assert exc.value.code == 2
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert main(["run", str(KR_SAMPLE), "--out", str(tmp_path / "file")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_an_empty_folder_is_nothing_to_do(tmp_path):
    (tmp_path / "in").mkdir()
    with pytest.raises(UsageError, match="no input files found"):
        run_batch([tmp_path / "in"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_files_of_an_unsupported_type_in_a_folder_are_skipped_and_listed(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(KR_SAMPLE, folder / "good.txt")
    (folder / "form.docx").write_bytes(b"PK\x03\x04")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "sub" / "notes").write_text("no suffix", encoding="utf-8")
    (folder / ".hidden.docx").write_bytes(b"")  # hidden: not searched, not told
    out = tmp_path / "out"
    summary = run_batch([folder], out)
    # good.txt alone is a document; the three others are skipped, and said so
    assert list(read(out, "documents").source_path) == [str(folder / "good.txt")]
    assert "skipped: 3 file(s) of an unsupported type (.docx 1, .xlsx 1, no suffix 1); " \
        "manifest.json lists them" in summary.text().splitlines()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_inputs"] == 1
    assert manifest["skipped_files"] == [
        str(folder / "form.docx"), str(folder / "sheet.xlsx"), str(folder / "sub" / "notes")]
    # named on the command line, a file is an input (a failed row), not a skipped file
    run_batch([folder, folder / "form.docx"], out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_inputs"] == 2
    assert manifest["skipped_files"] == [str(folder / "sheet.xlsx"), str(folder / "sub" / "notes")]


def test_cli_defaults_are_the_batch_defaults():
    from kr_extract import cli

    defaults = BatchOptions()
    assert defaults.timeout == cli.DEFAULT_TIMEOUT
    assert cli._size(cli.DEFAULT_MAX_BYTES) == defaults.max_bytes
    assert defaults.max_pages == cli.DEFAULT_MAX_PAGES


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal():
    quiet = io.StringIO()
    bar = Progress(3, quiet)
    bar.advance()
    assert quiet.getvalue() == ""
    terminal = _Terminal()
    bar = Progress(3, terminal)
    for _ in range(3):
        bar.advance()
    assert "3/3" in terminal.getvalue() and "100%" in terminal.getvalue()
    bar.close()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_help_is_fast_to_import():
    code = ("import sys, kr_extract.cli; "
            "print(sorted(m for m in ('pyarrow', 'pandas', 'numpy', 'extract', 'schemas', "
            "'kr_extract.pipeline', 'multiprocessing') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_each_worker_reads_a_scan_on_its_share_of_the_cores(monkeypatch):
    import kr_extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "available_cores", lambda: 4)
    assert BatchOptions(jobs=2).read_settings.ocr_workers == 2
    assert BatchOptions(jobs=8).read_settings.ocr_workers == 1
    assert BatchOptions(jobs=2, max_pages=7).read_settings.max_pages == 7


@pytest.mark.parametrize("bad", [{"max_pages": 0}, {"ocr_workers": 0}])
def test_read_settings_refuse_impossible_values(bad):
    from kr_extract.extract import ReadSettings

    with pytest.raises(UsageError):
        ReadSettings(**bad)


def test_a_run_keeps_its_parse_time_totals_and_only_the_slowest_documents():
    from kr_extract.pipeline import _ParseTimes

    times = _ParseTimes()
    for i, seconds in enumerate([0.3, 2.0, 0.1, 1.5, 0.7, 0.2, 3.0]):
        times.add(seconds, seconds / 2, Path(f"doc{i}.txt"))
    assert times.slowest() == [(3.0, "doc6.txt"), (2.0, "doc1.txt"), (1.5, "doc3.txt"),
                               (0.7, "doc4.txt"), (0.3, "doc0.txt")]
    assert round(times.seconds, 6) == 7.8 and round(times.cpu_seconds, 6) == 3.9
