"""The batch: every input file gives a documents row, bad input loses nothing, output
is deterministic and written atomically, and the CLI answers as documented."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from batch_faults import parse_with_faults

from kr_extract import schemas
from kr_extract.cli import main
from kr_extract.pipeline import BatchOptions, process_file, run_batch

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KR_SAMPLE = SAMPLES / "000_97a597774b640575.txt"
# The KR detail samples: parsed end to end, with expected outputs.
KR_SAMPLES = sorted(SAMPLES.glob("00[012]_*.txt"))


def read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{table}.parquet")


@pytest.fixture
def zoo(tmp_path: Path) -> Path:
    """A folder of good and bad inputs."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = KR_SAMPLE.read_text(encoding="utf-8")
    (folder / "good.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"\n \n\t\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "cp874.txt").write_bytes(text.encode("cp874"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (folder / "truncated.txt").write_bytes(text.encode("utf-8")[:-1])
    (folder / "letter.txt").write_text("เรียน ผู้อำนวยการ\nขอแจ้งให้ทราบ\n", encoding="utf-8")
    (folder / "copy.txt").write_text(text, encoding="utf-8")
    return folder


def test_every_input_file_gets_a_documents_row(zoo, tmp_path):
    out = tmp_path / "out"
    summary = run_batch([zoo], out)
    docs = read(out, "documents").set_index(read(out, "documents").source_path.map(
        lambda p: Path(p).name))
    assert summary.n_inputs == len(list(zoo.iterdir())) == len(docs)
    status = docs.status.to_dict()
    assert status["good.txt"] == "ok"
    for name in ("cp874.txt", "utf16.txt", "bom.md", "truncated.txt"):
        assert status[name] == "ok", name
        assert docs.form_type[name] == "kr_detail"
    for name in ("empty.txt", "blank.txt", "binary.txt", "letter.txt"):
        assert status[name] == "failed", name
        assert docs.error[name], name
    assert docs.encoding["cp874.txt"] == "cp874"
    assert summary.exit_status == 1
    issues = read(out, "issues")
    by_doc = dict(zip(issues.doc_id, issues.code, strict=False))
    assert by_doc[docs.doc_id["empty.txt"]] == "empty_file"
    assert by_doc[docs.doc_id["binary.txt"]] in ("binary_file", "undecodable_text")
    assert by_doc[docs.doc_id["letter.txt"]] == "unknown_form"
    assert "invalid_utf8" in set(issues.code)


def test_legacy_encodings_give_the_same_rows_as_utf8(zoo):
    good = process_file(zoo / "good.txt").tables
    for name in ("cp874.txt", "utf16.txt", "bom.md"):
        other = process_file(zoo / name).tables
        for table in ("indicators", "targets", "definitions", "selections", "contacts"):
            strip = [{k: v for k, v in r.items() if k != "doc_id"} for r in other[table]]
            assert strip == [{k: v for k, v in r.items() if k != "doc_id"}
                             for r in good[table]], (name, table)


def test_duplicate_file_is_listed_without_repeating_rows(zoo, tmp_path):
    out = tmp_path / "out"
    run_batch([zoo / "good.txt", zoo / "copy.txt"], out)
    docs = read(out, "documents")
    assert len(docs) == 2 and docs.doc_id.is_unique
    assert docs.content_sha256.nunique() == 1
    for table in ("indicators", "targets", "issues", "repairs"):
        rows = read(out, table)
        assert len(rows.merge(docs, on="doc_id")) == len(rows), table  # no row doubled
    assert len(read(out, "indicators")) == 1
    assert "duplicate_file" in set(read(out, "issues").code)


def test_doc_id_is_the_hash_of_path_and_content(tmp_path):
    path = tmp_path / "form.txt"
    shutil.copy(KR_SAMPLE, path)
    content = hashlib.sha256(KR_SAMPLE.read_bytes()).hexdigest()
    doc_id = hashlib.sha256(str(path).encode() + b"\0" + content.encode()).hexdigest()
    result = process_file(path)
    assert result.document["content_sha256"] == content
    assert len(result.tables["indicators"]) == 1  # rows of other tables too
    assert {row["doc_id"] for rows in result.tables.values() for row in rows} == {doc_id}


def test_missing_path_and_unsupported_file_are_failed_rows(tmp_path):
    (tmp_path / "form.docx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out"
    summary = run_batch([tmp_path / "nope.txt", tmp_path / "form.docx"], out)
    docs = read(out, "documents")
    assert list(docs.source_path) == [str(tmp_path / "form.docx"), str(tmp_path / "nope.txt")]
    assert list(docs.status) == ["failed", "failed"]
    assert "unsupported" in docs.error[0] and "cannot read" in docs.error[1]
    assert summary.exit_status == 1


def test_parser_bug_becomes_a_failed_row(monkeypatch):
    from kr_extract import extract

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(extract, "extract_document", broken)
    document = process_file(KR_SAMPLE).document
    assert document["status"] == "failed"
    assert "RuntimeError: boom" in document["error"]


def test_parser_bug_in_a_worker_does_not_stop_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(KR_SAMPLE, folder / "raise.txt")
    shutil.copy(KR_SAMPLE, folder / "good.txt")
    out = tmp_path / "out"
    run_batch([folder], out, BatchOptions(jobs=1), parse=parse_with_faults)
    docs = read(out, "documents").set_index("source_path")
    assert docs.status[str(folder / "good.txt")] == "ok"
    assert docs.status[str(folder / "raise.txt")] == "failed"
    assert "RuntimeError: boom" in docs.error[str(folder / "raise.txt")]


def test_rows_that_do_not_fit_the_schema_fail_their_document_alone(tmp_path, monkeypatch):
    from kr_extract import extract

    real = extract.extract_document

    def bad_column(doc):
        ex = real(doc)
        ex.tables["indicators"][0]["no_such_column"] = 1
        return ex

    monkeypatch.setattr(extract, "extract_document", bad_column)
    document = process_file(KR_SAMPLE).document
    assert document["status"] == "failed"
    assert "no_such_column" in document["error"]


def test_output_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    run_batch(KR_SAMPLES, a)
    run_batch(KR_SAMPLES, b)
    for name in schemas.TABLES:
        assert read(a, name).equals(read(b, name)), name


def test_every_table_is_written_with_its_schema(tmp_path):
    run_batch(KR_SAMPLES, tmp_path)
    import pyarrow.parquet as pq

    for name, schema in schemas.TABLES.items():
        assert pq.read_schema(tmp_path / f"{name}.parquet").equals(schema), name
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_inputs"] == len(read(tmp_path, "documents"))


def test_rows_carry_their_source_line(tmp_path):
    run_batch([KR_SAMPLE], tmp_path)
    lines = KR_SAMPLE.read_text(encoding="utf-8").split("\n")
    for target in read(tmp_path, "targets").itertuples():
        assert "(H)" in lines[target.source_line - 1]
    repairs = read(tmp_path, "repairs")
    fix = repairs[repairs.rule == "ocr_fix"].iloc[0]
    assert fix.original in lines[fix.source_line - 1]


def test_a_failed_write_leaves_the_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_batch([KR_SAMPLE], out)
    before = read(out, "indicators")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    import kr_extract.schemas._write as writer

    monkeypatch.setattr(writer, "_concat", crash)
    with pytest.raises(KeyboardInterrupt):
        run_batch(KR_SAMPLES, out, BatchOptions(force=True))
    assert read(out, "indicators").equals(before)
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]


def test_n_pages_counts_blank_pages(tmp_path):
    # A PDF of three pages, the first and last blank: the file has 3 pages, though only
    # one of them has lines.
    pdf_fixtures = pytest.importorskip("pdf_fixtures")
    pdfium = pytest.importorskip("pypdfium2")
    if not pdf_fixtures.fonts_available():
        pytest.skip("fonts-thai-tlwg is not installed (scripts/setup)")
    printed = pdf_fixtures.render_lines_pdf(["สวัสดีครับ", "บรรทัดที่สอง"], tmp_path / "one.pdf")
    pdf = pdfium.PdfDocument(str(printed))
    width, height = pdf.get_page_size(0)
    pdf.new_page(width, height, 0)
    pdf.new_page(width, height)
    pdf.save(str(tmp_path / "blank_pages.pdf"))
    pdf.close()
    document = process_file(tmp_path / "blank_pages.pdf").document
    assert document["source_format"] == "pdf_text"
    assert document["n_pages"] == 3


def test_a_text_export_has_no_pages():
    assert process_file(KR_SAMPLE).document["n_pages"] is None


def test_rows_that_do_not_fit_the_schema_are_a_programming_error():
    with pytest.raises(schemas.SchemaError):
        schemas.to_arrow("targets", [{"no_such_column": 1}])


# --- the command line --------------------------------------------------------------


def test_cli_default_processes_samples_into_output(tmp_path, monkeypatch, capsys):
    (tmp_path / "samples").mkdir()
    for sample in KR_SAMPLES:
        shutil.copy(sample, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    status = main([])
    assert (tmp_path / "output" / "indicators.parquet").exists()
    assert "document(s)" in capsys.readouterr().out
    docs = read(tmp_path / "output", "documents")
    assert status == (1 if (docs.status == "failed").any() else 0)


def test_cli_run_and_check(tmp_path, capsys):
    assert main(["run", str(KR_SAMPLE), "--out", str(tmp_path), "-q"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", str(SAMPLES)]) == 0
    assert "0 with differences" in capsys.readouterr().out


def test_cli_check_reports_field_differences(tmp_path, capsys):
    shutil.copy(KR_SAMPLE, tmp_path / KR_SAMPLE.name)
    expected = json.loads(KR_SAMPLE.with_name(KR_SAMPLE.stem + ".expected.json").read_text(
        encoding="utf-8"))
    expected["indicators"][0]["target_value"] = 2
    (tmp_path / (KR_SAMPLE.stem + ".expected.json")).write_text(
        json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert "indicators[0].target_value: expected 2, got 1.0" in capsys.readouterr().out


def test_cli_bad_usage_exits_2():
    with pytest.raises(SystemExit) as exc:
        main(["run"])
    assert exc.value.code == 2


def test_cli_help_does_not_import_heavy_libraries():
    code = ("import sys; from kr_extract import cli; "
            "cli._parser().format_help(); "
            "print(sorted(m for m in ('pyarrow','pandas','rapidfuzz','pythainlp') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
