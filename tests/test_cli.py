"""The command line as a user meets it: in a pipeline, and with nothing to do."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
