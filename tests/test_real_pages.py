"""Real KPI monitor pages (tests/real_pages/): every labelled field of every page, the
expected values from the label files, written by reading the pages (see
tests/real_page_labels.py for where each label is looked up in the tables)."""

from pathlib import Path

import pytest
from kr_extract.extract import extract_document, read_document
from real_page_labels import compare, labels, page_paths, split

from kr_extract.pipeline import process_file

PAGES = page_paths()  # development and held-out pages (split.tsv)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_labelled_field_of_the_page(page: Path):
    result = process_file(page)
    assert result.document["form_type"] == "kpi_monitor_page"
    fields = compare(page, result.tables)
    assert {f.name.split("[")[0].split(".")[0].split(" ")[0] for f in fields} == set(
        labels(page))  # each label is checked
    wrong = [f"{f.name}: expected {f.expected!r}, got {f.got!r}" for f in fields if not f.right]
    assert wrong == []


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_the_page_is_read_as_its_view(page: Path):
    ex = extract_document(read_document(page, page.read_bytes()))
    assert ex.view == split()[page.stem][0]
