"""Bad input, tried for real: each kind gives one `documents` row with a clear message,
and the batch goes on. The PDF cases hold whatever the PDF reader does: a failed row
with a clear message, never an internal error."""

import hashlib
import os
import random
import shutil
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
from bad_inputs import KR_SAMPLE, encrypted_pdf, minimal_pdf, write_bad_input_zoo

from kr_extract.pipeline import BatchOptions, run_batch

TEXT = KR_SAMPLE.read_text(encoding="utf-8")


def run_one(tmp_path: Path, name: str, content: bytes) -> pd.Series:
    """Run a batch of one good file and `name`; return the documents row of `name`."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    shutil.copy(KR_SAMPLE, folder / "aaa_good.txt")
    (folder / name).write_bytes(content)
    out = tmp_path / "out"
    run_batch([folder], out, BatchOptions(jobs=1))
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    assert len(docs) == 2  # the good file and the bad one, nothing lost
    assert docs.status[str(folder / "aaa_good.txt")] == "ok"
    row = docs.loc[str(folder / name)]
    issues = pd.read_parquet(out / "issues.parquet")
    row["codes"] = set(issues[issues.doc_id == row.doc_id].code)
    return row


def assert_failed(row: pd.Series, code: str | None = None, words: str = "") -> None:
    assert row.status == "failed"
    assert row.error and words in row.error
    assert "internal_error" not in row.codes
    if code:
        assert code in row.codes


# --- text ---------------------------------------------------------------------------------

def test_empty_file(tmp_path):
    assert_failed(run_one(tmp_path, "empty.txt", b""), "empty_file", "empty")


def test_whitespace_only_file(tmp_path):
    assert_failed(run_one(tmp_path, "blank.txt", b" \r\n\t\n"), "empty_file", "empty")


def test_binary_junk(tmp_path):
    junk = random.Random(1).randbytes(5000)
    row = run_one(tmp_path, "junk.txt", junk)
    assert_failed(row)
    assert row.codes & {"binary_file", "undecodable_text"}


def test_truncated_utf8_is_read_with_a_warning(tmp_path):
    data = TEXT.encode("utf-8")
    cut = data[: len(data) - 2]  # inside the last Thai character
    assert cut.decode("utf-8", errors="replace") != cut.decode("utf-8", errors="ignore")
    row = run_one(tmp_path, "truncated.txt", cut)
    assert row.status == "ok"
    assert "invalid_utf8" in row.codes


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path, encoding):
    row = run_one(tmp_path, f"{encoding}.txt", TEXT.encode(encoding))
    assert row.status == "ok" and row.form_type == "kr_detail"


def test_cp874(tmp_path):
    row = run_one(tmp_path, "cp874.txt", TEXT.encode("cp874"))
    assert row.status == "ok" and row.encoding == "cp874"


def test_unknown_form_type(tmp_path):
    row = run_one(tmp_path, "letter.txt", "เรียน ผู้อำนวยการ\nขอแจ้งให้ทราบ\n".encode())
    assert_failed(row, "unknown_form", "not a known form type")


def test_unsupported_file_type(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "form.docx").write_bytes(b"PK\x03\x04")
    run_batch([folder / "form.docx"], tmp_path / "out")
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs.status[0] == "failed" and "unsupported file type '.docx'" in docs.error[0]


# --- limits ---------------------------------------------------------------------------------

def test_a_200_mb_file_is_refused_without_reading_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing written to disk
    shutil.copy(KR_SAMPLE, folder / "good.txt")
    out = tmp_path / "out"
    tracemalloc.start()
    try:
        run_batch([folder], out, BatchOptions(jobs=1))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the 200 MB were never read into memory
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    huge = docs.loc[str(folder / "huge.txt")]
    assert huge.status == "failed" and huge.size_bytes == 200 * 1024 * 1024
    assert "200.0 MB, over the limit of 50.0 MB (--max-bytes)" in huge.error
    assert docs.status[str(folder / "good.txt")] == "ok"


def test_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    run_batch([fifo], tmp_path / "out")
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs.status[0] == "failed" and docs.error[0] == "not a regular file"


# --- PDF ----------------------------------------------------------------------------------

def test_corrupt_pdf(tmp_path):
    row = run_one(tmp_path, "corrupt.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    assert_failed(row)


def test_encrypted_pdf(tmp_path):
    data = encrypted_pdf(b"secret")
    pdfplumber = pytest.importorskip("pdfplumber")
    (tmp_path / "check.pdf").write_bytes(data)
    with pdfplumber.open(tmp_path / "check.pdf", password="secret") as pdf:
        assert len(pdf.pages) == 1  # a real encrypted PDF: it opens with its password...
    with pytest.raises(Exception) as caught:
        pdfplumber.open(tmp_path / "check.pdf")
    assert "PDFPasswordIncorrect" in repr(caught.value)
    assert_failed(run_one(tmp_path, "encrypted.pdf", data))


def test_pdf_without_pages(tmp_path):
    data = minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                        b"<< /Type /Pages /Kids [] /Count 0 >>"])
    assert_failed(run_one(tmp_path, "zero_pages.pdf", data))


# --- paths ----------------------------------------------------------------------------------

def test_a_path_that_does_not_exist(tmp_path):
    summary = run_batch([tmp_path / "nope.txt", KR_SAMPLE], tmp_path / "out")
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert summary.n_inputs == len(docs) == 2
    row = docs[docs.source_path == str(tmp_path / "nope.txt")].iloc[0]
    assert row.status == "failed" and "No such file or directory" in row.error


def _deny(monkeypatch, folder: Path) -> None:
    """chmod 000 the folder; as root (which ignores permissions) also make listing it
    fail the way it would for anyone else."""
    folder.chmod(0)
    if os.geteuid() == 0:
        real_scandir = os.scandir

        def scandir(path="."):
            if isinstance(path, str | os.PathLike) and Path(path) == folder:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_without_permission(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (locked / "inside.txt").write_text(TEXT, encoding="utf-8")
    shutil.copy(KR_SAMPLE, folder / "good.txt")
    _deny(monkeypatch, locked)
    try:
        summary = run_batch([folder], tmp_path / "out")
    finally:
        locked.chmod(0o755)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source_path")
    assert summary.n_inputs == len(docs) == 2
    row = docs.loc[str(locked)]
    assert row.status == "failed"
    assert row.error == "cannot list the folder: Permission denied"


def test_duplicate_files_under_two_names(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.md").write_text(TEXT, encoding="utf-8")
    run_batch([folder], tmp_path / "out")
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source_path")
    a, b = str(folder / "a.txt"), str(folder / "b.md")
    # two files, so two doc_ids; one content, so one content_sha256
    assert docs.doc_id.nunique() == 2
    content = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert docs.content_sha256.to_dict() == {a: content, b: content}
    assert list(docs.status) == ["ok", "ok"]
    # a.txt comes first: it holds the rows, and b.md is told it is a copy
    indicators = pd.read_parquet(tmp_path / "out" / "indicators.parquet")
    assert list(indicators.doc_id) == [docs.doc_id[a]]
    assert len(indicators.merge(docs, on="doc_id")) == 1  # joined on doc_id: not doubled
    issues = pd.read_parquet(tmp_path / "out" / "issues.parquet")
    duplicate = issues[issues.code == "duplicate_file"]
    assert list(duplicate.doc_id) == [docs.doc_id[b]]
    assert duplicate.message.iloc[0] == f"same content as {a}; its rows are not repeated"


def test_copies_that_failed_say_why(tmp_path):
    # A 0-byte .pdf and a 0-byte .txt: the same (empty) content, and both empty files.
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "b.pdf").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"")
    summary = run_batch([folder], out)
    assert "failed: 2 (empty_file 2)" in summary.text().splitlines()

    def errors() -> dict[str, str]:
        docs = pd.read_parquet(out / "documents.parquet")
        issues = pd.read_parquet(out / "issues.parquet")
        rows = issues[issues.severity == "error"].merge(docs, on="doc_id")
        return dict(zip(rows.source_path.map(lambda p: Path(p).name), rows.code, strict=True))

    assert errors() == {"b.pdf": "empty_file", "c.txt": "empty_file"}
    # kept as they are, and the same when a new first copy comes
    assert "failed: 2 (empty_file 2)" in run_batch([folder], out).text().splitlines()
    (folder / "a.txt").write_bytes(b"")
    summary = run_batch([folder], out)
    assert "failed: 3 (empty_file 3)" in summary.text().splitlines()
    assert errors() == {"a.txt": "empty_file", "b.pdf": "empty_file", "c.txt": "empty_file"}
    run_batch([folder], tmp_path / "full", BatchOptions(force=True))
    for name in ("documents", "issues"):
        assert (out / f"{name}.parquet").read_bytes() == \
            (tmp_path / "full" / f"{name}.parquet").read_bytes(), name


# --- all of it at once ----------------------------------------------------------------------

def test_the_whole_zoo_in_one_batch_loses_nothing(tmp_path, monkeypatch):
    paths = write_bad_input_zoo(tmp_path / "zoo")
    _deny(monkeypatch, tmp_path / "zoo" / "locked")
    try:
        summary = run_batch(paths, tmp_path / "out", BatchOptions(jobs=2))
    finally:
        (tmp_path / "zoo" / "locked").chmod(0o755)
    files = [p for p in (tmp_path / "zoo").iterdir() if p.is_file()]
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    # every file, the locked folder and the missing path
    assert summary.n_inputs == len(docs) == len(files) + 2
    failed = docs[docs.status == "failed"]
    assert failed.error.notna().all() and (failed.error.str.len() > 10).all()
    issues = pd.read_parquet(tmp_path / "out" / "issues.parquet")
    assert "internal_error" not in set(issues.code)
    assert summary.exit_status == 1
