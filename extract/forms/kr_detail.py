"""BMA KR detail form: "รายละเอียด KRs ตามเป้าหมายการพัฒนาของสำนักงานเขต ...".

Layout (FY 2568 forms of the Bangkok Metropolitan Administration): a header of labelled
lines (OKR code and KR name, host agency, ด้าน / ประเด็นการพัฒนา, the responsibility-type
options), a two-column table "ประเด็น | รายละเอียด" whose rows are found by the words of
their labels, a signature block, and sometimes a district table. The table may run over
several pages; `structure` has already joined its parts and marked the continued rows.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from ... import normalize
from .._blocks import Block, Cell, Paragraph, Row, Table
from .._document import Document
from .._records import Extraction
from ._common import (
    PERSON_TITLE,
    canonical_agency,
    check_options_read,
    doubts_to_row,
    emit_checkboxes,
    form_options,
    nospace,
    parse_signer,
    split_at_labels,
    split_definitions,
    split_role,
    strip_quotes,
)
from ._district_table import is_district_table, names_districts, parse_district_table
from ._evidence import find_label, form_labels, shows

FORM_TYPE = "kr_detail"

# The code's label and the name's, as printed or as a scan reads them: marks dropped or
# read as other marks (รหส, ซื่อ, ซอ), `OKRs` as any short token before the code's
# number (`0%85`) and `KRs` as any short Latin or digit token (`KR5`, `58`). The name is
# whatever follows its label.
_CODE_NAME = re.compile(
    r"รห\S?ส\s*(?:O?KRs?|\S{2,5}(?=\s))?\s*[:：]?\s*([0-9][0-9.\-]*)\s*"
    r"(?:[ชซ](?:ื[่้]?|[่้]?)อ(?=[\sA-Za-z0-9:：])\s*(?:[A-Za-z0-9]{1,4}(?![0-9A-Za-z]))?"
    r"\s*[:：]?\s*)?(.*)$", re.I)
# (ปี with its mark misread, 'ประจำป์', and the era with a stop doubled, 'พ.ศ..')
_FISCAL_YEAR = re.compile(r"(?:ประจำป|ปีงบประมาณ)\S*\s*(?:พ\.?\s*ศ\.*)?\s*([0-9]{4})")
_HOST_LABEL = "หน่วยงานผู้รับผิดชอบหลัก"
_HOST_VALUE = re.compile(r"\s*(?:\([^)]*\))?\s*(.*)$")  # after the label: its gloss, the value
_ISSUE_LABEL = "ประเด็นการพัฒนา"
_DIMENSION = re.compile(
    r"^ด้าน\s*(.+?)\s*(?:ประเด็นการพัฒนา\s*(?:ที่\s*)?([0-9]+(?:\.[0-9]+)*)?\s*(.*))?$")
_RESPONSIBILITY = "ลักษณะหน่วยงานที่รับผิดชอบ"
# Labels that start a header line, as they stand when a reader joined them to the line
# above: the host label with its gloss, the responsibility label.
_LINE_LABELS = re.compile(r"หน่วยงานผู้รับผิดชอบหลัก\s*\(|" + _RESPONSIBILITY)
_UNIT = re.compile(r"หน่วยนับ\s*[:：]\s*(.+?)\s*$")
_CALC_LABEL = re.compile(r"^วิธี(?:การ)?คำนวณ\s*[:：]\s*")
_HEADER_WORDS = ("ประเด็น", "รายละเอียด")

# Labels of the rows of the main table, by the words they contain (spaces ignored).
# Order matters: "ค่าเป้าหมายรวม" must be tried before the agency-target row.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overall_target", ("ค่าเป้าหมายรวม",)),
    ("definition", ("นิยาม",)),
    ("calculation", ("วิธีคำนวณ", "สูตรคำนวณ", "วัดผลการดำเนินงาน")),
    ("agency_targets", ("ค่าเป้าหมายของหน่วยงาน", "บทบาทภารกิจ", "หน่วยงานรับผิดชอบหลัก(H)")),
    ("reference_documents", ("เอกสารอ้างอิง",)),
    ("reporting_channel", ("ช่องทางการรายงาน",)),
    ("monitoring", ("ติดตามประเมินผล",)),
    ("coordinator", ("ผู้ประสานงาน",)),
)
CHECKBOX_SECTIONS = ("reference_documents", "reporting_channel", "monitoring")
# Each label says where it may stand: at a word's start, or (the long phone labels, whose
# words never end a position or a name, and หน่วยงาน, which ends no unit's name but
# follows one) right after a word, as where a wrapped cell lost the space before it.
_WORD_START = r"(?<!\S)"
_CONTACT_LABELS = (
    ("name", _WORD_START + r"ชื่อ(?:-สกุล|\s*-\s*นามสกุล)?"),
    ("position", _WORD_START + r"ตำแหน่ง"),
    ("phone", r"(?:(?:หมายเลข|เบอร์)โทรศัพท์|" + _WORD_START + r"(?:โทรศัพท์|โทร\.))"),
    ("unit", _WORD_START + r"ส่วนราชการ"),
    ("agency", r"หน่วยงาน"),
)
# The labels long enough to be found with a letter misread ('หมาย ลขโทรศัพท์'), where
# their pattern finds nothing: as printed.
_AFTER_LABEL = re.compile(r"\s*[:：]?\s*")
_CONTACT_SPELLINGS = {"phone": "หมายเลขโทรศัพท์", "unit": "ส่วนราชการ"}


def matches(doc: Document, blocks: list[Block]) -> bool:
    """Whether the form's labels (data/kr_detail_evidence.tsv) show in the document."""
    from ._evidence import form_evidence

    return form_evidence(FORM_TYPE, blocks).matches


@dataclass
class _Section:
    key: str
    rows: list[tuple[Row, list[Cell]]] = field(default_factory=list)  # (row, value cells)


def parse(doc: Document, blocks: list[Block]) -> Extraction:
    ex = Extraction(doc, FORM_TYPE)
    tables = [b for b in blocks if isinstance(b, Table)]
    main = next((t for t in tables if _is_main_table(t)), None)
    main_at = blocks.index(main) if main else len(blocks)
    header = split_at_labels([b for b in blocks[:main_at] if isinstance(b, Paragraph)],
                             _LINE_LABELS)

    indicator = _parse_header(ex, header)
    key = indicator["indicator_key"]
    if main is None:
        ex.issue("error", "missing_section", "the form has no 'ประเด็น | รายละเอียด' table",
                 field="indicators")
        sections: dict[str, _Section] = {}
    else:
        sections = _split_sections(ex, main)
    _parse_overall_target(ex, indicator, sections.get("overall_target"))
    indicator["definition"] = _parse_definitions(ex, key, sections.get("definition"))
    indicator["calculation"] = _parse_calculation(sections.get("calculation"))
    _parse_agency_targets(ex, indicator, sections.get("agency_targets"))
    _parse_responsibility(ex, indicator, header)
    for name in CHECKBOX_SECTIONS:
        _parse_checkbox_section(ex, key, name, sections.get(name))
    _parse_coordinator(ex, key, sections.get("coordinator"))
    ex.tables["indicators"].insert(0, indicator)

    parse_signer(ex, key, [b for b in blocks[main_at + 1:] if isinstance(b, Paragraph)])
    for table in tables:
        if table is main:
            continue
        if is_district_table(table):
            parse_district_table(ex, table, key)
        else:
            ex.issue("warning", "unknown_table",
                     f"a table that is not part of the form: {' | '.join(table.header.texts())}",
                     line=table.line)
    _check_district_rows(ex, [b for b in blocks if b is not main])
    return ex


def _check_district_rows(ex: Extraction, blocks: list[Block]) -> None:
    """A district table printed (lines or rows outside the form's main table name
    districts) but no district row read is a section lost: an error, and the document
    is `partial`."""
    if ex.tables["district_stats"]:
        return
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    texts += [" ".join(row.texts()) for b in blocks if isinstance(b, Table) for row in b.rows]
    if names_districts(texts):
        ex.issue("error", "missing_section", "the document prints a district table (its "
                 "lines name districts), but no district row could be read",
                 field="district_stats")


def _is_main_table(table: Table) -> bool:
    head = nospace(" ".join(table.header.texts()))
    return all(word in head for word in _HEADER_WORDS)


def _parse_header(ex: Extraction, lines: list[Paragraph]) -> dict:
    doc = ex.doc
    indicator: dict = {
        "doc_id": doc.doc_id, "indicator_key": None, "indicator_code": None, "name": None,
        "fiscal_year_be": None, "host_agency": None, "host_agency_raw": None,
        "target_value": None, "target_unit": None, "target_text": None,
        "actual_value": None, "component": None, "weight": None, "dimension": None,
        "development_issue_no": None, "development_issue": None,
        "responsibility_type": None, "definition": None, "calculation": None,
        "source_line": None,
    }
    for i, line in enumerate(lines):
        text = normalize.collapse_spaces(line.text)
        if indicator["fiscal_year_be"] is None and (fy := _FISCAL_YEAR.search(text)):
            indicator["fiscal_year_be"] = normalize.parse_be_year(fy.group(1))
        if (found := _CODE_NAME.search(text)) and indicator["indicator_code"] is None:
            indicator["indicator_code"] = found.group(1).strip(".-")
            indicator["source_line"] = line.line
            name = found.group(2) or ""
            prev = line.line
            for nxt in lines[i + 1:]:
                # The name runs on over the following lines, up to a blank line or a label.
                if nxt.line != prev + 1 or _is_header_label(nxt.text):
                    break
                name = normalize.join_broken_text(name, normalize.collapse_spaces(nxt.text))
                prev = nxt.line
            indicator["name"] = strip_quotes(name) or None
        elif (raw := _host(text)) is not None:
            indicator["host_agency_raw"] = raw or None
            indicator["host_agency"] = canonical_agency(ex, raw, line=line.line,
                                                        field="host_agency")
        elif dimension := _dimension(text):
            indicator["dimension"], indicator["development_issue_no"], \
                indicator["development_issue"] = dimension
    code = indicator["indicator_code"]
    if code is None:
        ex.issue("error", "missing_field", "no OKR code ('รหัส OKRs') in the form header",
                 field="indicator_code")
    if indicator["name"] is None:
        ex.issue("error", "missing_field", "no KR name ('ชื่อ KRs') in the form header",
                 field="name")
    if indicator["fiscal_year_be"] is None:
        ex.issue("warning", "missing_field", "the form states no fiscal year",
                 field="fiscal_year_be")
    indicator["indicator_key"] = code or "1"
    ex.fiscal_year_be = indicator["fiscal_year_be"]
    return indicator


def _host(text: str) -> str | None:
    """The value of a host-agency line ('' if none is printed), None for another line: its
    label opening the line, as printed or garbled ('หน่วยงานบผู้รับผิดชอบหลัก')."""
    end = _label_end(_HOST_LABEL, text)
    if end is None:
        return None
    found = _HOST_VALUE.match(text, end)
    assert found is not None  # (it matches any text)
    return found.group(1).strip()


def _dimension(text: str) -> tuple[str, str | None, str | None] | None:
    """(dimension, development issue number, development issue) of a `ด้าน` line. The
    issue's label is looked for fuzzily where it was not read as printed
    (`ประดืนการพัฒนา`): else the issue would run on in the dimension."""
    found = _DIMENSION.match(text)
    if not found:
        return None
    if found.group(3) is None and (label := find_label(_ISSUE_LABEL, text, found.start(1))):
        # (the label as printed in its place: the line then matches as a whole)
        found = _DIMENSION.match(f"{text[:label[0]]} {_ISSUE_LABEL} {text[label[1]:]}")
        assert found is not None
    return (found.group(1).strip(), found.group(2),
            (found.group(3) or "").strip() or None)


def _is_header_label(text: str) -> bool:
    text = text.strip()
    return bool(_host(text) is not None or _DIMENSION.match(text)
                or _label_end(_RESPONSIBILITY, text) is not None or _CODE_NAME.search(text))


def _label_end(label: str, text: str) -> int | None:
    """Where `label` ends in a line it opens, as printed or garbled as evidence is found
    ('หน่วยงานบผู้รับผิดชอบหลัก', 'ลักษณะหน่วยง่านที่รับผิดชอบ'); None for another line."""
    start = len(text) - len(text.lstrip())
    if text.startswith(label, start):  # (most lines: no fuzzy search)
        return start + len(label)
    found = find_label(label, text)
    return found[1] if found is not None and not text[:found[0]].strip() else None


def _section_of(label: str) -> str | None:
    key = nospace(label)
    for name, words in SECTIONS:
        if any(word in key for word in words):
            return name
    found = normalize.match_phrase(key[:40], [w for _, words in SECTIONS for w in words])
    if found and found[1] == 0:
        return next(name for name, words in SECTIONS if found[0] in words)
    # OCR may garble a word of a label beyond matching it alone; the whole label as the
    # form prints it (its evidence label) tells a garbled reading by more letters.
    return next((name for name, printed in _printed_labels() if shows(printed, label)), None)


@functools.cache
def _printed_labels() -> tuple[tuple[str, str], ...]:
    """(section, the whole label the form prints for it): each section's evidence label
    (data/kr_detail_evidence.tsv) that holds one of its words."""
    return tuple((name, spelling) for name, words in SECTIONS
                 for label in form_labels(FORM_TYPE) for spelling in label.spellings
                 if any(word in nospace(spelling) for word in words))


def _split_sections(ex: Extraction, table: Table) -> dict[str, _Section]:
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    for row in table.rows[1:]:
        label = row.cell(0).text
        values = row.cells[1:]
        name = _section_of(label) if label else None
        if name:
            current = sections.setdefault(name, _Section(name))
            current.rows.append((row, values))
        elif not label or (row.continued and current is not None):
            # An empty label, or the rest of a label broken by a page break: more of the
            # section above.
            if current is None:
                ex.issue("warning", "unplaced_text",
                         f"text before the first section: {' '.join(row.texts())[:200]}",
                         line=row.line)
                continue
            current.rows.append((row, values))
        elif current is not None and current.key == "agency_targets" and _is_target_row(row):
            current.rows.append((row, row.cells))  # a sub-table row printed without indent
        else:
            ex.issue("warning", "unknown_section",
                     f"row label {label!r} is not a known section of the KR form; "
                     "its text was not placed", line=row.line, field=label[:60])
            current = None
    return sections


def _is_target_row(row: Row) -> bool:
    texts = row.texts()
    first = nospace(texts[0])
    if "ชื่อหน่วยงาน" in first or split_role(texts[0])[1] is not None:
        return True
    second = texts[1] if len(texts) > 1 else ""
    return normalize.match_agency(texts[0]) is not None and (
        second == "-" or normalize.parse_number(second) is not None)


def _section_text(section: _Section | None) -> tuple[str | None, int | None]:
    if section is None:
        return None, None
    text = ""
    for _row, values in section.rows:
        for cell in values:
            text = normalize.join_broken_text(text, cell.text)
    return text or None, section.rows[0][0].line


def _parse_overall_target(ex: Extraction, indicator: dict, section: _Section | None) -> None:
    text, line = _section_text(section)
    if text is None:
        ex.issue("error", "missing_section", "no overall target ('ค่าเป้าหมายรวม')",
                 field="target_value")
        return
    quantity = normalize.parse_quantity(text)
    indicator.update(target_value=quantity.value, target_unit=quantity.unit,
                     target_text=quantity.text)
    if line is not None:  # (the header's line holds the indicator's issues)
        doubts_to_row(ex, {"target_value": line}, indicator["source_line"],
                      f"indicator {indicator['indicator_key']}")
    if quantity.value is None:
        ex.issue("warning", "unreadable_number", f"overall target {text!r} holds no number",
                 line=line, field="target_value")
    if section is not None and indicator["fiscal_year_be"] is None:
        label_year = _FISCAL_YEAR.search(section.rows[0][0].cell(0).text)
        if label_year:
            indicator["fiscal_year_be"] = normalize.parse_be_year(label_year.group(1))
            ex.fiscal_year_be = indicator["fiscal_year_be"]


def _parse_definitions(ex: Extraction, key: str, section: _Section | None) -> str | None:
    if section is None:
        return None
    line = section.rows[0][0].line
    blocks = [p.text for _row, values in section.rows for cell in values
              for p in cell.paragraphs]
    for block in blocks:
        for term, meaning in split_definitions(block):
            ex.add("definitions", doc_id=ex.doc.doc_id, indicator_key=key, term=term,
                   meaning=meaning, source_line=line)
    return " ".join(blocks) or None


def _parse_calculation(section: _Section | None) -> str | None:
    text, _ = _section_text(section)
    return _CALC_LABEL.sub("", text) if text else None


def _parse_agency_targets(ex: Extraction, indicator: dict, section: _Section | None) -> None:
    key = indicator["indicator_key"]
    if section is None:
        ex.issue("error", "missing_section", "no agency target table", field="targets")
        return
    unit: str | None = None
    targets: list[dict] = []

    def add_row(texts: list[str], line: int) -> None:
        nonlocal unit
        # Empty cells before the first are no column of the sub-table: a table nested in
        # a cell whose rules met the outer table's comes out with a sliver of a column
        # before it, and an indented row with the outer label's.
        texts = list(itertools.dropwhile(lambda t: not t, texts))
        if not texts:
            return
        first = next(t for t in texts if t)
        if "ชื่อหน่วยงาน" in nospace(first) or nospace(first) in ("ค่าเป้าหมาย", "บทบาทภารกิจ"):
            return  # the sub-table's header
        if first.startswith("*"):
            return  # a printed instruction of the template ("*กรณีเป็นสำนักงานเขต ...")
        if (found := _UNIT.search(first)) and len([t for t in texts if t]) == 1:
            unit = found.group(1)
            return
        filled = [t for t in texts if t]
        lead = texts[0]
        looks_like_target = bool(lead) and (
            split_role(lead)[1] is not None or _UNREAD_ROLE.search(lead) is not None
            or (len(filled) >= 2 and (filled[1] == "-" or normalize.parse_number(filled[1])
                                       is not None)))
        if not looks_like_target:
            # Text with no agency: the rest of the mission above it (a page broke it).
            owner = next((t for t in reversed(targets) if t["mission"]), None)
            if owner is None:
                ex.issue("warning", "unplaced_text",
                         f"agency-target text with no agency: {' '.join(filled)[:200]}",
                         line=line, field="targets.mission")
                return
            for part in filled:
                owner["mission"] = normalize.join_broken_text(owner["mission"], part)
            return
        agency_raw, role, role_repaired = split_role(lead)
        unread = _UNREAD_ROLE.search(agency_raw) if role is None else None
        if unread:
            agency_raw = agency_raw[:unread.start()].strip()
        target_text = filled[1] if len(filled) > 1 else ""
        mission = " ".join(filled[2:]) or None
        if nospace(agency_raw) in ("", "หน่วยงาน") and target_text in ("", "-") and not mission:
            return  # the template's placeholder row "หน่วยงาน (R) -"
        if role_repaired:
            ex.repair(line=line, field="targets.role", rule="ocr_role_mark",
                      original=lead, replacement=f"{agency_raw} (R)")
        agency = _target_agency(ex, agency_raw, line)
        if unread:
            # '(H)' read as '(7)': the header names the host, the others support it.
            role = "H" if agency and agency == indicator.get("host_agency") else "R"
            ex.repair(line=line, field="targets.role", rule="ocr_role_mark",
                      original=lead, replacement=f"{agency_raw} ({role})")
            ex.issue("info", "role_inferred",
                     f"role mark {unread.group(0).strip()!r} of {agency_raw} unreadable; "
                     f"{role} from the host agency the form names", line=line,
                     field="targets.role")
        quantity = normalize.parse_quantity(target_text)
        if quantity.value is None and target_text not in ("", "-"):
            ex.issue("warning", "unreadable_number",
                     f"target {target_text!r} of {agency_raw} holds no number", line=line,
                     field="targets.target_value")
        targets.append(ex.add(
            "targets", doc_id=ex.doc.doc_id, indicator_key=key, agency=agency,
            agency_raw=agency_raw, role=role, target_value=quantity.value,
            target_unit=quantity.unit or unit, target_text=target_text or None,
            mission=mission, source_line=line))

    for row, values in section.rows:
        plain: list[str] = []
        for cell in values:
            if cell.tables:
                for paragraph in cell.paragraphs:
                    add_row([paragraph.text], row.line)
                for table in cell.tables:
                    for sub_row in table.rows:
                        add_row(sub_row.texts(), row.line)
            else:
                plain.append(cell.text)
        add_row(plain, row.line)
    for target in targets:
        if target["target_unit"] is None:
            target["target_unit"] = unit


# A role mark OCR misread ('(7)' for '(H)', its bracket lost too: '(0'; a letter read as
# two signs: '(เฯ)', '(ขู') or lost ('()'); (H), (R), (8) are split_role's. Two digits in
# brackets are a remark ('(50)'), not a mark.
_UNREAD_ROLE = re.compile(r"\(\s*(?:[^\sHR8()]|[^\s()0-9]{2})?\s*\)?\s*$")


def _target_agency(ex: Extraction, raw: str, line: int) -> str | None:
    # "สำนักงานเขต (50 สำนักงานเขต)": the remark in parentheses is not part of the name.
    name = re.sub(r"\s*\([^)]*\)\s*$", "", raw).strip() or raw
    if name == raw and raw.endswith(")"):  # OCR lost its "(": the longest known name,
        words = raw.split()                 # one spelt right before one only alike
        heads = [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
        found = [(head, m) for head in heads if (m := normalize.match_agency(head))]
        name = min(found, key=lambda f: f[1].rule == "fuzzy", default=(raw,))[0]
    canonical = canonical_agency(ex, name, line=line, field="targets.agency")
    if canonical is not None and name != raw and canonical == name:
        ex.repair(line=line, field="targets.agency", rule="agency_remark_dropped",
                  original=raw, replacement=canonical)
    return canonical


def _parse_responsibility(ex: Extraction, indicator: dict, header: list[Paragraph]) -> None:
    key = indicator["indicator_key"]
    options = form_options(FORM_TYPE)["responsibility_type"]
    start = next((i for i, line in enumerate(header)
                  if _label_end(_RESPONSIBILITY, line.text) is not None), None)
    items: list[tuple[bool | None, str, int]] = []  # (checked, text, line)
    for line in header[start:] if start is not None else []:
        lead = line.lead
        if (end := _label_end(_RESPONSIBILITY, lead)) is not None:
            lead = lead[end:].strip()
        items += [(b.checked, b.text, line.line) for b in line.checkboxes]
        items += [(None, lead, line.line)] if lead else []
    checked_option = None
    marks_lost = False
    for (checked, item, line_no), option in zip(items, _options_of(ex, items, options),
                                                strict=True):
        if option is None:
            continue
        marks_lost = marks_lost or checked is None
        if checked:
            checked_option = option
        ex.add("selections", doc_id=ex.doc.doc_id, indicator_key=key,
               field="responsibility_type", option=option, option_raw=item,
               checked=checked, source_line=line_no)
    if start is not None:
        check_options_read(ex, "responsibility_type", options, header[start].line)
    else:
        ex.issue("error", "missing_field", "no responsibility-type line "
                 f"('{_RESPONSIBILITY}') in the form header: its options are not read",
                 field="responsibility_type")
    if checked_option is None:
        has_support = any(t["role"] == "R" for t in ex.tables["targets"])
        checked_option = options[1] if has_support else options[0]
        if marks_lost:
            ex.issue("info", "checkbox_marks_lost",
                     "the responsibility-type options are printed without marks; the type "
                     "was inferred from the agency targets (R agencies present or not)",
                     line=header[start].line if start is not None else None,
                     field="responsibility_type")
    indicator["responsibility_type"] = checked_option


def _options_of(ex: Extraction, items: list[tuple[bool | None, str, int]],
                options: list[str]) -> list[str | None]:
    """The option each item is: the one it shows at its start, as printed or nearly;
    else, for an item OCR garbled further, the clearly closest of the options no other
    item shows (each is printed once); None for a text that is no option."""
    found: list[str | None] = []
    for _checked, item, _line in items:
        match = normalize.match_phrase(item, options)
        found.append(match[0] if match and match[1] <= 2 else None)
    for i, (_checked, item, line_no) in enumerate(items):
        left = [o for o in options if o not in found]
        if found[i] is None and left and (closest := normalize.closest_name(item, left)):
            found[i] = closest
            ex.issue("info", "option_closest",
                     f"option {item!r} of responsibility_type read as {closest!r}, the "
                     "clearly closest of the options not read elsewhere", line=line_no,
                     field="responsibility_type")
    return found


def _parse_checkbox_section(ex: Extraction, key: str, name: str,
                            section: _Section | None) -> None:
    if section is None:
        ex.issue("error", "missing_section", f"no {name} row in the form", field=name)
        return
    options = form_options(FORM_TYPE)[name]
    for row, values in section.rows:
        for cell in values:
            emit_checkboxes(ex, key, name, options, cell.checkboxes, row.line)
    check_options_read(ex, name, options, section.rows[0][0].line if section.rows else None)


_PHONE_DIGITS = 9  # a Thai number: 0 + 8 digits (Bangkok 0 2xxx xxxx), mobiles one more


def _parse_coordinator(ex: Extraction, key: str, section: _Section | None) -> None:
    text, line = _section_text(section)
    if text is None or line is None:
        ex.issue("error", "missing_section", "no coordinator row in the form",
                 field="contacts")
        return
    found = split_labelled(text, _CONTACT_LABELS, _CONTACT_SPELLINGS)
    if "name" not in found and (name := _unlabelled_name(text)):
        found["name"] = name
        ex.issue("info", "contact_label_unread",
                 f"the coordinator's name label was not read; the name {name!r} is the "
                 "titled name before the other labels", line=line, field="contacts")
    phone = normalize.digits_only(found.get("phone") or "") or None
    if phone and (len(phone) < _PHONE_DIGITS or re.search(r"[A-Za-z]", found["phone"])):
        ex.issue("warning", "unreadable_number",
                 f"phone {found['phone']!r} does not read as a phone number (letters, or "
                 f"fewer than {_PHONE_DIGITS} digits)", line=line, field="contacts.phone")
    agency_raw = found.get("agency")
    agency = canonical_agency(ex, agency_raw, line=line, field="coordinator.agency") \
        if agency_raw else None
    ex.add("contacts", doc_id=ex.doc.doc_id, indicator_key=key, role="coordinator",
           name=found.get("name"), position=found.get("position"), phone=phone,
           unit=found.get("unit"), agency=agency, agency_raw=agency_raw, source_line=line)


def _unlabelled_name(text: str) -> str | None:
    """The name in a contact cell whose name label OCR garbled (ชื่อ read as ซื้อ): a
    person's title and the words after it, after at most one word, up to the next label."""
    starts = [m.start() for _name, pattern in _CONTACT_LABELS[1:]
              if (m := re.search(pattern, text))]
    head = text[:min(starts, default=len(text))].strip()
    words = head.split(maxsplit=1)
    for candidate in (head, words[1] if len(words) == 2 else ""):
        if PERSON_TITLE.match(candidate) and len(candidate.split()) <= 4:
            return candidate
    return None


def split_labelled(text: str, labels: tuple[tuple[str, str], ...],
                   spellings: dict[str, str] | None = None) -> dict[str, str]:
    """Values of 'label value label value ...' text, labels taken in their printed order;
    each label's pattern says where it may start (see `_CONTACT_LABELS`), and a label with
    a spelling in `spellings` is looked for by it, fuzzily, where its pattern is not
    found."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for name, pattern in labels:
        found = re.compile(rf"{pattern}\s*[:：]?\s*").search(text, pos)
        if found:
            spans.append((found.start(), found.end(), name))
            pos = found.end()
        elif spellings and name in spellings and (
                at := find_label(spellings[name], text, pos)):
            after = _AFTER_LABEL.match(text, at[1])
            assert after is not None  # (it matches nothing too)
            spans.append((at[0], after.end(), name))
            pos = after.end()
    values = {}
    for i, (_start, end, name) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        value = text[end:stop].strip()
        if value:
            values[name] = value
    return values
