"""Reading the data files of `normalize/data/`: TSV with '#' comment lines (where the list
came from) and a header line naming the columns."""

from __future__ import annotations

import csv
from importlib import resources


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of `normalize/data/<name>`: '#' lines are comments, the first other line the header."""
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
