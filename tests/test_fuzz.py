"""Fuzzing the whole pipeline with mutated samples: lines shuffled, cut, duplicated,
characters replaced by what OCR confuses them with, bytes cut off. Whatever comes in,
reading and parsing raise nothing but the project's own errors, and a batch gives one
`documents` row per file, none an internal error."""

import contextlib
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kr_extract import extract
from kr_extract.errors import KrExtractError
from kr_extract.pipeline import BatchOptions, parse_bytes, run_batch

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]

# What OCR and retyping confuse: look-alike letters, marks, digits and punctuation.
CONFUSIONS = [
    ("ำ", "ํา"), ("ข", "ฃ"), ("ค", "ฅ"), ("บ", "ป"), ("ด", "ต"), ("ส", "ล"), ("น", "ห"),
    ("พ", "ฟ"), ("ถ", "ภ"), ("ช", "ซ"), ("อ", "ฮ"), ("ร", "ธ"), ("ศ", "ค"), ("้", "๊"),
    ("่", "้"), ("่", ""), ("ั", ""), ("0", "O"), ("0", "o"), ("1", "l"), ("1", "I"),
    ("๐", "o"), ("๑", "๓"), ("5", "S"), (".", ","), (",", "."), ("\t", " "), (" ", ""),
    (" ", "\u200b"), (":", ";"), ("(", "["), ("%", "o/o"), ("<", "&lt;"), ("\n", "\n\n"),
]


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["shuffle", "cut", "duplicate", "drop", "confuse"]))
        n = len(lines)
        if n == 0:
            break
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(i, min(n, i + 40)))
        if op == "shuffle":
            block = lines[i:j]
            order = draw(st.permutations(range(len(block))))
            lines[i:j] = [block[k] for k in order]
        elif op == "cut":
            lines = lines[:i] if draw(st.booleans()) else lines[i:]
        elif op == "duplicate":
            lines[j:j] = lines[i:j]
        elif op == "drop":
            del lines[i:j]
        else:
            old, new = draw(st.sampled_from(CONFUSIONS))
            share = draw(st.sampled_from([1, 3, 10]))  # every k-th occurrence
            for k in range(i, j):
                parts = lines[k].split(old)
                lines[k] = "".join(
                    part + ((new if m % share == 0 else old) if m < len(parts) - 1 else "")
                    for m, part in enumerate(parts))
    return "\n".join(lines)


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    text = draw(mutated_text())
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "cp874"]))
    data = text.encode(encoding, errors="replace")
    if data and draw(st.integers(0, 4)) == 0:  # cut at any byte, mid-character too
        data = data[: draw(st.integers(0, len(data)))]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_bytes())
def test_reading_and_parsing_raise_only_the_projects_errors(data):
    path = Path("fuzz.txt")
    with contextlib.suppress(KrExtractError):
        extract.extract_document(extract.read_document(path, data))
    result = parse_bytes(path, data)  # with the schema check of every row
    assert len(result.tables["documents"]) == 1
    codes = {issue["code"] for issue in result.tables.get("issues", [])}
    assert "internal_error" not in codes, result.document["error"]


@settings(max_examples=8, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(files=st.lists(mutated_bytes(), min_size=1, max_size=6))
def test_a_batch_of_mutated_files_loses_none(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for i, data in enumerate(files):
        (folder / f"{i:02d}.txt").write_bytes(data)
    out = folder / "out"
    summary = run_batch([folder], out, BatchOptions(jobs=2))
    docs = pd.read_parquet(out / "documents.parquet")
    assert summary.n_inputs == len(docs) == len(files)
    assert list(docs.source_path) == [str(folder / f"{i:02d}.txt") for i in range(len(files))]
    issues = pd.read_parquet(out / "issues.parquet")
    assert "internal_error" not in set(issues.code)
