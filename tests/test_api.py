"""The Python library: `kr_extract.extract(...)` and its `Result`, and the README's example."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import kr_extract
from kr_extract import schemas
from kr_extract.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
KR_SAMPLE = SAMPLES / "000_97a597774b640575.txt"
KPI_SAMPLE = SAMPLES / "003_82c197e5b1ac22e4.txt"
# The form type of each sample, read from its header (KR detail forms, the KPI monitor
# page, the performance agreement).
SAMPLE_FORMS = {
    "000_97a597774b640575.txt": "kr_detail",
    "001_418a55db55d94e5f.txt": "kr_detail",
    "002_b5ef5c82b4e25241.txt": "kr_detail",
    "003_82c197e5b1ac22e4.txt": "kpi_monitor_page",
    "004_a41e8c2e0c8c4b4b.txt": "performance_agreement",
}


@pytest.fixture(scope="module")
def samples_result() -> kr_extract.Result:
    return kr_extract.extract(str(SAMPLES), jobs=1)


def test_extract_a_folder_gives_every_table_with_the_parquet_schema(samples_result):
    assert set(samples_result.tables) == set(schemas.TABLES)
    for name, table in samples_result.tables.items():
        assert isinstance(table, pa.Table)
        assert table.schema.remove_metadata().equals(schemas.TABLES[name]), name
        assert table.schema.metadata[schemas.SCHEMA_VERSION_KEY.encode()] == \
            str(schemas.SCHEMA_VERSION).encode()
    assert samples_result.documents is samples_result.tables["documents"]
    assert samples_result.issues is samples_result.tables["issues"]
    forms = {Path(path).name: form for path, form in zip(
        samples_result.documents["source_path"].to_pylist(),
        samples_result.documents["form_type"].to_pylist(), strict=True)}
    assert forms == SAMPLE_FORMS
    assert samples_result.out_dir is None
    assert samples_result.summary.status_counts["ok"] == 5


def test_to_pandas_gives_a_data_frame_per_table(samples_result):
    frames = samples_result.to_pandas()
    assert set(frames) == set(schemas.TABLES)
    assert all(isinstance(frame, pd.DataFrame) for frame in frames.values())
    # The KPI monitor page lists the 50 district offices, one row each.
    assert len(frames["district_stats"]) == 50
    assert list(frames["targets"].columns) == schemas.TABLES["targets"].names


@pytest.mark.parametrize("paths", [
    KPI_SAMPLE, str(KPI_SAMPLE), [KPI_SAMPLE], (str(KPI_SAMPLE),), [KPI_SAMPLE, KPI_SAMPLE]])
def test_paths_may_be_text_path_like_or_a_list(paths):
    result = kr_extract.extract(paths, jobs=1)
    assert result.documents["form_type"].to_pylist()[0] == "kpi_monitor_page"


def test_an_output_folder_keeps_the_files_and_later_runs_reuse_them(tmp_path):
    out = tmp_path / "out"
    first = kr_extract.extract([KR_SAMPLE, KPI_SAMPLE], out=out, formats="parquet,csv",
                               jobs=1)
    assert first.out_dir == out
    assert (out / "indicators.parquet").exists() and (out / "indicators.csv").exists()
    assert first.documents.num_rows == 2  # read from the folder on first use
    again = kr_extract.extract([KR_SAMPLE, KPI_SAMPLE], out=out, jobs=1)
    assert again.summary.sources["kept"] == 2
    assert again.tables["indicators"].equals(first.tables["indicators"])
    assert not (out / "indicators.csv").exists()  # not asked for this time


def test_a_missing_file_is_a_failed_row_not_an_exception():
    result = kr_extract.extract("no/such/file.txt")
    assert result.documents["status"].to_pylist() == ["failed"]
    assert result.issues["code"].to_pylist() == ["unreadable_file"]


def test_a_bad_file_is_a_failed_row_not_an_exception(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 not really")
    result = kr_extract.extract([bad, KR_SAMPLE], jobs=1)
    statuses = dict(zip([Path(p).name for p in result.documents["source_path"].to_pylist()],
                        result.documents["status"].to_pylist(), strict=True))
    assert statuses == {"broken.pdf": "failed", KR_SAMPLE.name: "ok"}
    assert result.issues.num_rows >= 1
    assert "failed=1" in repr(result)


@pytest.mark.parametrize(("paths", "options", "message"), [
    (KR_SAMPLE, {"jobs": 0}, "jobs must be at least 1"),
    (KR_SAMPLE, {"timeout": 0}, "timeout"),
    (KR_SAMPLE, {"formats": "parquet,xls"}, "unknown output format 'xls'"),
    (KR_SAMPLE, {"executor": "spark"}, "executor must be local or dask"),
    ("EMPTY", {}, "no input files found"),
])
def test_bad_options_raise_usage_error(paths, options, message, tmp_path):
    if paths == "EMPTY":
        paths = tmp_path
    with pytest.raises(UsageError, match=re.escape(message)):
        kr_extract.extract(paths, **options)


def test_the_extract_package_is_callable_and_still_a_package():
    assert callable(kr_extract.extract)
    assert kr_extract.extract.read_document is not None
    assert kr_extract.extract.__name__ == "kr_extract.extract"


def test_the_readme_python_example_runs_as_written(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)[1]
    monkeypatch.chdir(ROOT)  # the example names the repository's samples/ folder
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    text = printed.getvalue()
    for name, form in SAMPLE_FORMS.items():
        assert re.search(rf"{re.escape(name)}\s+{form}\s+ok", text), (name, text)
    assert "10 indicators" in text  # 3 KR forms, 1 KPI page, 6 agreement indicators
