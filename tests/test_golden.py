"""Golden regression: each sample against its hand-written expected output."""

from pathlib import Path

import pytest

from kr_extract.check import EXPECTED_SUFFIX, load_expected, project
from kr_extract.pipeline import process_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = sorted(p for p in SAMPLES.iterdir()
               if not p.name.endswith(EXPECTED_SUFFIX)
               and p.with_name(p.stem + EXPECTED_SUFFIX).exists())


def test_there_are_golden_samples():
    assert len(CASES) >= 5  # every sample in samples/ has its expected file


@pytest.mark.parametrize("sample", CASES, ids=[p.name for p in CASES])
def test_sample_matches_expected(sample: Path):
    expected = load_expected(sample)
    assert project(expected, process_file(sample)) == expected
