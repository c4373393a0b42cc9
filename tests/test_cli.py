"""The command line as a user meets it: in a pipeline, and with nothing to do."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kr_extract.cli import main

ROOT = Path(__file__).resolve().parent.parent
KR_SAMPLE = ROOT / "samples" / "000_97a597774b640575.txt"


def run_cli(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kr_extract.cli", *args], env=env,
                          stderr=subprocess.PIPE, text=True, timeout=300, check=False,
                          **kwargs)


@pytest.mark.parametrize("args", [["run", str(KR_SAMPLE)], ["check", str(ROOT / "samples")]])
def test_output_into_a_closed_pipe_ends_quietly(tmp_path, args):
    # as in `kr-extract run ... | head -0`: the reader is gone before anything is written
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        if args[0] == "run":
            args = [*args, "--out", str(tmp_path / "out")]
        done = run_cli(args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141
    if args[0] == "run":  # the run itself was over: its output is there
        assert (tmp_path / "out" / "manifest.json").exists()


# --- nothing to do ------------------------------------------------------------------------

def test_run_on_a_folder_without_inputs_says_so_and_exits_2(tmp_path, capsys):
    empty, out = tmp_path / "empty", tmp_path / "out"
    empty.mkdir()
    assert main(["run", str(empty), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no input files found in {empty}" in captured.err
    assert not out.exists()  # nothing written


def test_run_on_a_folder_of_other_files_leaves_the_previous_output(tmp_path, capsys):
    out, other = tmp_path / "out", tmp_path / "other"
    assert main(["run", str(KR_SAMPLE), "--out", str(out), "-q"]) == 0
    before = (out / "manifest.json").read_bytes()
    other.mkdir()
    (other / "form.docx").write_bytes(b"PK\x03\x04")
    assert main(["run", str(other), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"no input files found in {other}" in err
    assert "skipped 1 file(s) of an unsupported type (.docx 1)" in err
    assert (out / "manifest.json").read_bytes() == before
    assert json.loads(before)["n_inputs"] == 1


def test_check_without_expected_files_says_so_and_exits_2(tmp_path, capsys):
    shutil.copy(KR_SAMPLE, tmp_path / KR_SAMPLE.name)  # a sample, but nothing to compare
    assert main(["check", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no sample in {tmp_path} has a NAME.expected.json file" in captured.err
