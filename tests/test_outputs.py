"""Outputs people open: CSV beside Parquet, version metadata in every file, the JSON
Schema `kr-extract schema` prints, `--version`, and a wheel that installs only
kr_extract."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest

from kr_extract import PARSER_VERSION, __version__, schemas
from kr_extract.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PA_SAMPLE = SAMPLES / "004_a41e8c2e0c8c4b4b.txt"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(SAMPLES), "-o", str(out), "--format", "parquet,csv",
                 "-j", "1", "-q"]) == 0
    return out


def test_every_parquet_file_and_the_manifest_carry_the_versions(out):
    for name in schemas.TABLES:
        metadata = pq.read_schema(out / f"{name}.parquet").metadata
        assert metadata[b"kr_extract.schema_version"] == str(schemas.SCHEMA_VERSION).encode()
        assert metadata[b"kr_extract.parser_version"] == PARSER_VERSION.encode()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == schemas.SCHEMA_VERSION
    assert manifest["parser_version"] == PARSER_VERSION


def test_row_groups_carry_statistics_for_numbers_and_none_for_text(out):
    # a text's min/max is kept whole in the footer, which a writer holds until it closes
    group = pq.ParquetFile(out / "indicators.parquet").metadata.row_group(0)
    with_stats = {group.column(i).path_in_schema for i in range(group.num_columns)
                  if group.column(i).is_stats_set}
    assert {"fiscal_year_be", "target_value", "source_line"} <= with_stats
    assert not with_stats & {"doc_id", "name", "definition", "host_agency"}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel would not read UTF-8"
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))


def test_each_table_is_also_csv_with_the_same_rows(out):
    for name, schema in schemas.TABLES.items():
        rows = _csv_rows(out / f"{name}.csv")
        assert len(rows) == pq.read_metadata(out / f"{name}.parquet").num_rows, name
        if rows:
            assert list(rows[0]) == schema.names


def test_csv_keeps_thai_text_and_joins_lists_with_semicolons(out):
    table = pq.read_table(out / "indicators.parquet")
    list_columns = [f.name for f in table.schema if str(f.type).startswith("list")]
    rows = _csv_rows(out / "indicators.csv")
    names = [row["name"] for row in rows]
    assert names == table["name"].to_pylist()
    assert any("\u0e00" <= ch <= "\u0e7f" for name in names for ch in name)  # Thai, intact
    for column in list_columns:
        for row, value in zip(rows, table[column].to_pylist(), strict=True):
            expected = "" if value is None else ";".join("" if v is None else str(v)
                                                         for v in value)
            assert row[column] == expected, column


def test_a_number_in_csv_reads_back_as_the_same_number(out):
    table = pq.read_table(out / "targets.parquet")
    column = next(f.name for f in table.schema if str(f.type) == "double")
    rows = _csv_rows(out / "targets.csv")
    for row, value in zip(rows, table[column].to_pylist(), strict=True):
        if value is None:
            assert row[column] == ""
        else:
            assert math.isclose(float(row[column]), value)


def test_the_printed_json_schema_is_valid_and_the_rows_fit_it(out, capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]) == set(schemas.TABLES)
    for name, table in schemas.TABLES.items():
        assert schema["$defs"][name]["required"] == table.names
    output = {name: pq.read_table(out / f"{name}.parquet").to_pylist()
              for name in schemas.TABLES}
    jsonschema.Draft202012Validator(schema).validate(output)
    # ...and the schema is strict enough to refuse a row of the wrong shape.
    output["documents"][0]["status"] = 7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(output)


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == \
        f"kr-extract {__version__} (parser {PARSER_VERSION})"


def test_help_names_every_input_kind(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "PDFs" in text and "scans" in text and "(text exports)" not in text


def test_a_wheel_installs_only_the_kr_extract_package(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
         str(ROOT)], capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("kr_extract-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"kr_extract", f"kr_extract-{__version__}.dist-info"}, tops
    for module in ("kr_extract/extract/__init__.py", "kr_extract/normalize/__init__.py",
                   "kr_extract/schemas/__init__.py", "kr_extract/templates/report.css"):
        assert module in names, module
    assert any(n.startswith("kr_extract/normalize/data/") and n.endswith(".tsv")
               for n in names)
