"""District tables: one row per Bangkok district, grouped by district group, with counts.

Columns are found from the header words, not from their positions: a two-level header
("ชุมชนขนาดเล็ก" over "จำนวนชุมชน | จำนวนหลังคาเรือน") is read by carrying each upper label
right across the empty cells it spans. Data rows are read by meaning: the sequence number
first, the counts last, and the name cells in between, so a row whose group cell is
missing (a group label is printed once per group) still lands in the right columns. The
printed total row is not a district row; its numbers go to the validators.
"""

from __future__ import annotations

import re

from ... import normalize
from .._blocks import Table
from .._records import Extraction
from ._common import nospace

COUNT_COLUMNS = {
    ("ขนาดเล็ก", "ชุมชน"): "small_communities",
    ("ขนาดเล็ก", "หลังคาเรือน"): "small_households",
    ("ขนาดกลาง", "ชุมชน"): "medium_communities",
    ("ขนาดกลาง", "หลังคาเรือน"): "medium_households",
}
_SEQ = re.compile(r"^[0-9]{1,3}\.?$")
_STOP_FOR_COMMA = re.compile(r"[0-9]{1,3}\.[0-9]{3}")  # '3.265' for 3,265
_DIGIT = re.compile(r"[0-9]")
_NAME_LETTER = re.compile(r"[ก-ฮA-Za-z]")


# A table (or text) that names this many Bangkok districts, one a row or line, is a
# district table, whatever its header: a scan may garble the header's few words, not
# every district name as well.
DISTRICT_ROWS = 5


def is_district_table(table: Table) -> bool:
    header = [nospace(t) for t in table.header.texts()]
    if "เขต" in header and any("กลุ่มเขต" in h for h in header):
        return True
    return names_districts([" ".join(row.texts()) for row in table.rows])


def names_districts(lines: list[str]) -> bool:
    """Whether `DISTRICT_ROWS` of the lines each name a district of the lexicon (as
    printed or a known alias, not an office or a guess) and hold a number: the rows of a
    district table."""
    found = 0
    for line in lines:
        if _DIGIT.search(line) and any(_names_district(word) for word in line.split()):
            found += 1
            if found >= DISTRICT_ROWS:
                return True
    return False


def _names_district(word: str) -> bool:
    found = normalize.match_district(word) if len(word) >= 3 else None
    return found is not None and found.rule in ("exact", "alias")


def _column_names(table: Table) -> tuple[list[str], int]:
    """Column labels (upper + lower header words) and the number of header rows."""
    header_rows = []
    for row in table.rows:
        first = row.texts()[0] if row.cells else ""
        if _SEQ.match(first.strip()):
            break
        header_rows.append(row.texts())
    width = max((len(r) for r in header_rows), default=0)  # none: a table known by its rows
    labels = [""] * width
    for texts in header_rows:
        carried = ""
        for j in range(width):
            text = nospace(texts[j]) if j < len(texts) else ""
            if text:
                carried = text
                labels[j] += "|" + text
            elif carried and j > 0 and len(header_rows) > 1 and texts is header_rows[0]:
                labels[j] += "|" + carried  # an upper label spans the empty cells after it
    return labels, len(header_rows)


def _count_slots(ex: Extraction, labels: list[str], line: int) -> list[str | None]:
    """The count columns from the first identified to the last, a name each, None where a
    label could not be read: values are taken by their place among them, not as the last
    cells of the row. A column whose size was read and its unit not is the unit its size
    lacks; one count column unread between read ones is the one missing."""
    sizes = [_size_of(label) for label in labels]
    units = [_unit_of(label) for label in labels]
    for size in ("ขนาดเล็ก", "ขนาดกลาง"):
        unread = [j for j, s in enumerate(sizes) if s == size and units[j] is None]
        lacking = {"ชุมชน", "หลังคาเรือน"} - {u for s, u in zip(sizes, units, strict=True)
                                            if s == size}
        if len(unread) == 1 and len(lacking) == 1:
            units[unread[0]] = lacking.pop()
            _say_inferred(ex, COUNT_COLUMNS[size, units[unread[0]]], "under its size", line)
    counts = [(j, COUNT_COLUMNS[s, u]) for j, (s, u) in enumerate(zip(sizes, units, strict=True))
              if s and u]
    if not counts:
        return []
    first = counts[0][0]
    slots: list[str | None] = [None] * (counts[-1][0] - first + 1)
    for j, name in counts:
        slots[j - first] = name
    missing = [c for c in COUNT_COLUMNS.values() if c not in slots]
    if len(missing) == 1 and slots.count(None) == 1:
        slots[slots.index(None)] = missing[0]
        _say_inferred(ex, missing[0], "by its place between the others", line)
    return slots


def _say_inferred(ex: Extraction, column: str, how: str, line: int) -> None:
    ex.issue("info", "column_inferred",
             f"a district table count column's label not read; {column} {how}", line=line,
             field="district_stats")


def _size_of(label: str) -> str | None:
    return "ขนาดเล็ก" if "ขนาดเล็ก" in label else "ขนาดกลาง" if "ขนาดกลาง" in label else None


def _unit_of(label: str) -> str | None:
    return ("หลังคาเรือน" if ("หลังคาเรือน" in label or "ครัวเรือน" in label)
            else "ชุมชน" if "จำนวนชุมชน" in label else None)


def _count(ex: Extraction, name: str, district: str, raw: str, number: float | None,
           line: int) -> int | None:
    """A count as read: a whole number. A scan's thousands comma read as a stop ('3.265')
    is the thousands, repaired and flagged; any other fraction is no count (null, said)."""
    if number is None or number == int(number):
        return None if number is None else int(number)
    if ex.doc.recognized and _STOP_FOR_COMMA.fullmatch(raw.strip()):
        value = int(raw.strip().replace(".", ""))
        ex.repair(line=line, field=f"district_stats.{name}", rule="thousands_stop",
                  original=raw, replacement=f"{value:,}")
        ex.issue("warning", "unreadable_number", f"{name} of {district}: {raw!r} read as "
                 f"{value:,}, a count's thousands comma read as a stop", line=line, field=name)
        return value
    ex.issue("warning", "unreadable_number",
             f"{name} of {district}: {raw!r} is no whole number", line=line, field=name)
    return None


def parse_district_table(ex: Extraction, table: Table, key: str) -> None:
    labels, n_header = _column_names(table)
    count_names = _count_slots(ex, labels, table.line)
    if lost := [c for c in COUNT_COLUMNS.values() if c not in count_names]:
        ex.issue("error", "unknown_table_layout",
                 f"a district table whose count columns {lost} could not be identified: "
                 f"their counts are not given (found {list(filter(None, count_names))})",
                 line=table.line, field="district_stats")
    group = group_raw = None
    unmatched: list[dict] = []
    for row in table.rows[n_header:]:
        texts = row.texts()
        line = row.line
        if not any(texts):
            continue
        if texts[0].startswith("รวม"):
            numbers = [normalize.parse_number(t) for t in texts[1:] if t]
            numbers = [n for n in numbers if n is not None]
            if count_names and len(numbers) >= len(count_names):
                for name, value in zip(count_names, numbers[-len(count_names):], strict=True):
                    if name is not None:
                        ex.printed_totals.append((key, name, value, line))
            continue
        if not _SEQ.match(texts[0]):
            ex.issue("warning", "unplaced_text",
                     f"row of a district table without a sequence number: {' | '.join(texts)}",
                     line=line, field="district_stats")
            continue
        seq = int(texts[0].rstrip("."))
        cells = texts[1:]
        while cells and not cells[-1]:
            cells.pop()
        values = cells[-len(count_names):] if count_names else []
        names = [c for c in cells[: len(cells) - len(values)] if c]
        if count_names:
            # a name cell of signs alone (a speck read as ':' in a group cell left
            # empty under its group's first row) names nothing
            names = [c for c in names if _NAME_LETTER.search(c)]
        numbers = [normalize.parse_number(v) for v in values]
        if len(names) == 2:
            group_raw = names[0]
            found = normalize.match_district_group(group_raw)
            group = found.canonical if found else group_raw
            if found and found.rule in ("fuzzy", "label_garbled") and ex.doc.recognized:
                group_raw = _spelled_as_lexicon(ex, line, "district_group_raw", group_raw,
                                                group, label=_GROUP_LABEL)
            if not found:
                ex.issue("warning", "unknown_district_group",
                         f"district group {group_raw!r} is not in the lexicon", line=line,
                         field="district_group")
            district_raw = names[1]
        elif len(names) == 1:
            district_raw = names[0]
            if len(cells) < len(labels) - 1:
                ex.issue("info", "row_realigned",
                         f"row {seq} has a missing cell; read its name as the district and "
                         "its group from the rows above", line=line, field="district_stats")
        elif not names and any(n is not None for n in numbers):
            # The name cell read empty (a scan lost a name in pale print): the row and
            # its counts are kept, the name found below from the group's others if it
            # can be.
            district_raw = None
        else:
            ex.issue("warning", "unplaced_text",
                     f"district row {seq} has {len(names)} name cells: {' | '.join(cells)}",
                     line=line, field="district_stats")
            continue
        found = normalize.match_district(district_raw) if district_raw else None
        if found is None:
            district = district_raw  # tried again once the table's other names are known
        else:
            district = found.canonical
            if found.repaired and found.rule != "spacing":
                ex.repair(line=line, field="district", rule=f"district_{found.rule}",
                          original=district_raw, replacement=district)
            if found.rule == "fuzzy" and ex.doc.recognized:
                district_raw = _spelled_as_lexicon(ex, line, "district_raw", district_raw,
                                                   district)
            expected_group = normalize.district_names()[district]
            if group and group != expected_group:
                ex.issue("warning", "district_group_mismatch",
                         f"{district} is printed under {group}, the lexicon puts it in "
                         f"{expected_group}", line=line, field="district_group")
        row_out = {name: None for name in COUNT_COLUMNS.values()}
        for name, raw, number in zip(count_names, values, numbers, strict=False):
            if name is None:
                continue
            if number is None and raw not in ("", "-"):
                ex.issue("warning", "unreadable_number",
                         f"{name} of {district}: {raw!r} is not a number", line=line,
                         field=name)
            elif not raw and ex.doc.recognized:  # a scan's cell where no number was read
                ex.issue("warning", "missing_field", f"{name} of {district}: no number read",
                         line=line, field=name)
            row_out[name] = _count(ex, name, district, raw, number, line)
        _check_households(ex, row_out, district, line)
        added = ex.add("district_stats", doc_id=ex.doc.doc_id, indicator_key=key, seq=seq,
                       district_group=group, district_group_raw=group_raw,
                       district=district, district_raw=district_raw, **row_out,
                       source_line=line)
        if found is None:
            unmatched.append(added)
    _match_within_groups(ex, unmatched, {r["district"] for r in ex.tables["district_stats"]
                                         if r["indicator_key"] == key})


def _check_households(ex: Extraction, counts: dict, district: str, line: int) -> None:
    """A community holds many households: more communities than households of a size
    means the numbers were read into the wrong columns (a column a scan misplaced)."""
    for size in ("small", "medium"):
        communities, households = counts[f"{size}_communities"], counts[f"{size}_households"]
        if communities is not None and households is not None and communities > households:
            ex.issue("warning", "implausible_count",
                     f"{district}: {communities} {size} communities but {households} "
                     "households; the counts may be in the wrong columns", line=line,
                     field=f"{size}_communities")


_GROUP_LABEL = "กลุ่มเขต "


def _spelled_as_lexicon(ex: Extraction, line: int, field: str, read: str, name: str,
                        label: str | None = None) -> str:
    """A name OCR misread (pages read by OCR only), spelled as the lexicon name it was
    matched to, its label kept as read ('กลุ่มเขต กกรุงธนเหนอ' -> 'กลุ่มเขต กรุงธนเหนือ'),
    or as printed where it was garbled past reading (`label`): the scan's best reading of
    what was printed. The reading goes to the repairs."""
    label = re.match(r"(?:กลุ่มเขต|สำนักงานเขต|เขต)?\s*", read).group(0) or label or ""
    spelled = label + name
    if spelled != read:
        ex.repair(line=line, field=field, rule="ocr_lexicon_spelling", original=read,
                  replacement=spelled)
    return spelled


def _match_within_groups(ex: Extraction, rows: list[dict], listed: set[str]) -> None:
    """Names the lexicon did not know, matched among the districts of the row's group
    that the table does not list yet: OCR may garble a name past any fuzzy match
    ('ท้ายขาวาง'), but within a group of about ten, one clearly closest name is it, and
    the one name left is it when the row is its group's only one still unknown after that."""
    names = normalize.district_names()

    def candidates(row: dict) -> list[str]:
        return [d for d, g in names.items() if g == row["district_group"] and d not in listed]

    def take(row: dict, found: str, why: str) -> None:
        listed.add(found)
        row["district"] = found
        ex.repair(line=row["source_line"], field="district", rule="district_in_group",
                  original=row["district_raw"] or "", replacement=found)
        ex.issue("info", "district_in_group",
                 f"district {row['district_raw']!r} read as {found}, {why} of "
                 f"{row['district_group']} not listed elsewhere in the table",
                 line=row["source_line"], field="district")

    unknown = []
    for row in rows:
        if row["district_raw"] and (
                found := normalize.closest_name(row["district_raw"], candidates(row))):
            take(row, found, "the closest name")
            if ex.doc.recognized:
                row["district_raw"] = _spelled_as_lexicon(
                    ex, row["source_line"], "district_raw", row["district_raw"], found)
        else:
            unknown.append(row)
    # Read past recognition ('aan'), but the one name of its group the table lacks, and
    # the only row of the group still unknown.
    for row in unknown:
        left = candidates(row)
        if len(left) == 1 and sum(r["district_group"] == row["district_group"]
                                  for r in unknown) == 1:
            take(row, left[0], "the one name")
            continue
        if row["district_raw"] is None:
            ex.issue("error", "missing_field",
                     f"district row {row['seq']}: no district name read, and more than one "
                     f"of {row['district_group']} could be it", line=row["source_line"],
                     field="district")
            continue
        ex.issue("warning", "unknown_district",
                 f"district {row['district_raw']!r} is not one of the 50 Bangkok districts",
                 line=row["source_line"], field="district")
