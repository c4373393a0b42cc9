"""PDFs as offices make them: the samples laid out in LibreOffice, read back.

tests/office_fixtures.py builds each sample as an ODT document with the real forms'
layout (the agency-target table nested in a cell, narrow columns whose names and headers
wrap, a wrapped title, tables over page breaks with and without their header printed
again) and exports it untagged with LibreOffice, in three Thai fonts. The goldens are the
text samples' own expected files, compared on every column except `source_line` and
`source_format`; texts are compared without their whitespace, since a printed line wrap
does not show whether a space stood there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kr_extract.check import EXPECTED_SUFFIX, differences, load_expected, project
from kr_extract.pipeline import process_file

office_fixtures = pytest.importorskip("office_fixtures")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = sorted(p for p in SAMPLES.glob("*.txt") if p.with_name(p.stem + EXPECTED_SUFFIX).exists())

pytestmark = pytest.mark.skipif(
    not office_fixtures.office_available(),
    reason="LibreOffice or the Thai fonts are missing (scripts/setup installs them)")


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every sample in every font: one LibreOffice run a font."""
    out = tmp_path_factory.mktemp("office")
    pdfs = {}
    for font in office_fixtures.FONTS:
        made = office_fixtures.office_pdfs(CASES, font, out / font.replace(" ", "-"))
        pdfs.update({(font, name): path for name, path in made.items()})
    return pdfs


def _without(expected: dict, columns: tuple[str, ...]) -> dict:
    def cut(row: dict) -> dict:
        return {k: v for k, v in row.items() if k not in columns}

    return {table: cut(rows) if isinstance(rows, dict) else [cut(r) for r in rows]
            for table, rows in expected.items()}


@pytest.mark.parametrize("font", office_fixtures.FONTS)
@pytest.mark.parametrize("sample", CASES, ids=[p.stem[:3] for p in CASES])
def test_office_pdf_gives_the_golden_rows(sample: Path, font: str, office_pdfs):
    result = process_file(office_pdfs[(font, sample.name)])
    expected = _without(load_expected(sample), ("source_line", "source_format"))
    assert result.document["source_format"] == "pdf_text"
    assert differences(expected, project(expected, result), printed=True) == []
    assert result.document["status"] == "ok"
