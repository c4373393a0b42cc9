"""KPI page of the BMA monitoring web system ("รายละเอียดตัวชี้วัด").

The page is a sequence of headed blocks: the indicator's name and code, target and
achievement lines, the quarterly table laid out one value per line, the quarterly report
texts, definition, calculation, data sources and strategy alignment. Over the years the
system has printed these pages in several versions: a year before the name, numbered
headings ("1.นิยาม ..."), "ลักษณะข้อมูล" for "ประเภทตัวชี้วัด", other units, pages without an
achievement or a quarterly table. Headings are matched by their words; what is absent is
left null, and a heading the parser does not know becomes an `unknown_section` issue.

Pages come in three views (`Extraction.view`, `page_view`):
- `full`: title, navigation, `name : code` (code `NNNN-NNNN`), then the blocks;
- `head_cut`: saved from the target line on: no title, name or code, and the quarterly
  reports run together without their `ไตรมาสที่ N` headings (kept as one report of no
  quarter; a page has four, so what follows them is text outside any block);
- `database`: the city-indicator database (`โครงการจัดทำฐานข้อมูลตัวชี้วัดการพัฒนาเมือง`),
  whose `name : 87` ends in a plain number id, kept as the code.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Callable

from ... import normalize
from .._blocks import Block, Paragraph, Table
from .._document import Document
from .._records import Extraction
from ._common import FULL_LINE, doubts_to_row, nospace
from ._evidence import form_evidence, shows, shows_any

FORM_TYPE = "kpi_monitor_page"

VIEWS = ("full", "head_cut", "database")
# The header of the city-indicator database's pages (the database view)
DATABASE_HEADER = "โครงการจัดทำฐานข้อมูลตัวชี้วัดการพัฒนาเมือง"

_YEAR_PREFIX = r"^(?:(?:ปี(?:งบประมาณ)?\s*)?(?:พ\.\s*ศ\.\s*)?(25[0-9]{2})\s*[:\-]?\s+)?"
_NAME_CODE = re.compile(_YEAR_PREFIX + r"(.+?)\s*:\s*([0-9]{2,6}(?:-[0-9]{2,6})+)\s*$")
_CODE_ALONE = re.compile(r"^\s*[0-9]{2,6}(?:-[0-9]{2,6})+\s*$")
_NAME_ID = re.compile(_YEAR_PREFIX + r"(.+?)\s*:\s*([0-9]{1,6})\s*$")
# 'label unit : value'; a scan may lose the colon's dots before a number that ends the
# line ('ผลงานที่ทำได้ ร้อยละ 20.0000'), or read them as '=' ('ร้อยละ = 75.0000').
_VALUE_SEPARATOR = r"(?:\s*:\s*|\s*=\s*(?=-?[0-9])|\s+(?=-?[0-9][0-9,.]*\s*$))"
_TARGET = re.compile(r"^ค่าเป้าหมาย\s*(.*?)" + _VALUE_SEPARATOR + r"(.*)$")
_ACTUAL = re.compile(r"^ผลงาน(?:ที่ทำได้)?\s*(.*?)" + _VALUE_SEPARATOR + r"(.*)$")
_NUMBER_TEXT = r"(?P<n>-?[0-9][0-9,]*(?:\.[0-9]+)?)"
_LEADING_NUMBER = re.compile(_NUMBER_TEXT + r"(?![0-9])")
_UNIT_NUMBER = re.compile(r"^([^0-9:]+?)\s*" + _NUMBER_TEXT + r"(?![0-9])")
_TRAILING_NUMBER = re.compile(r"\s*-?[0-9][0-9,]*(?:\.[0-9]+)?\s*$")
_TYPE_LABELS = ["ประเภทตัวชี้วัด", "ลักษณะข้อมูล"]
_TYPE = re.compile(r"^(?:" + "|".join(_TYPE_LABELS) + r")\s*:\s*(.*)$")
# How alike (letters only, 0-100) a label OCR damaged ('ประยกทตัวชีวัด') must be to its
# printed form: the page's other labels share its words ('ตรวจประเมินตัวชี้วัด' scores 69).
_LABEL_MIN = 80
# The assessment line; its label's second word as a scan may garble it ('ตัวธีวัด'), its
# colon maybe lost: 'ตรวจประเมิน' and 'ไตรมาสที่ N :' tell the line.
_ASSESSED = re.compile(r"ตรวจประเมิน\S{0,12}\s*:?\s*ไตรมาสที่\s*([0-9])\s*:\s*([0-9.,-]+)?")
# ...its label garbled past reading ('หรวจประมแตรชวด ไตรมาศที่ 4 0.0000'), its colons lost:
# a line of the page's head that ends in a quarter and a score with decimals.
_ASSESSED_GARBLED = re.compile(r"ไตรมา\S{1,5}\s*([1-4])\s*:?\s*([0-9]+\.[0-9]+)\s*$")
# A report's heading; its quarter number as read, which a scan may have misread ('|').
_REPORT = re.compile(r"^รายงานผล\S*\s*ไตรมาสที่\s*([0-9]|[^\s\u0e01-\u0e4e]{1,2}$)")
# The label may follow the page's ':' with specks beside it (':.'), and a scan may lose
# the mark of its ที่ ('เป้าหมายที 5.2.1').
_ALIGN = re.compile(
    r"^[:.;,\s]*(ด้าน|มิติ|เป้าหมาย|เป้าประสงค์|ยุทธศาสตร์|กลยุทธ์)(?:ที่?)?\s*"
    r"([0-9]+(?:\.[0-9]+)*)\s*(?:[-–:]\s*)?(.*)$")
# An alignment line whose label OCR garbled (':มิติที่ ๕.๒ -' read 'JAN 5.2 -'): a short
# word, a number and a dash or colon; its level follows from the number's depth. A number
# without a dot is taken only when a deeper number of the section extends it (':ด้านที่ ๕'
# read 'mun 5' above 5.2): alone, '5 -' after a word could be anything.
_UNREAD_ALIGN = re.compile(r"^:?\s*[^\s0-9]{1,8}\s*([0-9]+(?:\.[0-9]+)*)\s*[-–:]\s*(.*)$")
# The levels of the strategy alignment, one a depth of numbering (ด้านที่ 5, มิติที่ 5.2,
# เป้าหมายที่ 5.2.1, เป้าประสงค์ที่ 5.2.1.1).
_ALIGN_DEPTHS = ("ด้าน", "มิติ", "เป้าหมาย", "เป้าประสงค์")
# A level's text, after the dash that follows its number; a number as a level has it.
_AFTER_DASH = re.compile(r"\s[-–]\s*(\S.*)$")
_LEVEL_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_NUMBERED = re.compile(r"^[0-9]{1,2}\s*[.)]\s*")
_PAIR = re.compile(r"^[0-9.]+\s*/\s*[0-9.]+$")
# A pair whose slash OCR read as its one 7 ('0 / 0' read '070', 'O70': O for 0 too).
_SLASH_READ_7 = re.compile(r"^([0-689Oo.]*[0-689Oo])\s*7\s*([0-689Oo][0-689Oo.]*)$")
_NUMBER = re.compile(r"^-?[0-9][0-9,]*(?:\.[0-9]+)?$")
# A result or assessment whose decimal point a scan read as a dash or a colon ('20-00',
# '0:0000'): one value of a cell of its own, never a range.
_POINT_MISREAD = re.compile(r"^([0-9]{1,3})[-–:;]([0-9]{2,4})$")
_QUARTERS = ("1", "2", "3", "4")
# The words that define a term ("คะแนนเฉลี่ย หมายถึง ..."): a definition, no report.
_DEFINITION = re.compile(r"หมายความว่า|หมายถึง")
# Words of the quarterly table's header lines ('ไตรมาสที่', '*ผลงาน*', ...).
_TABLE_HEADER_WORDS = ("ไตรมาส", "ผลงาน", "ผลประเมิน")
# Navigation and print links of the web page, not content.
_CHROME = re.compile(r"^(?:Back|Home|Back Home|[0-9]|รายละเอียดตัวชี้วัดฯ?\s*:.*พิมพ์.*)$")

# Headings of text blocks, by their words (spaces ignored), -> the indicator column.
MAX_HEADING = 48  # characters, spaces aside: a heading line's longest
HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("definition", ("นิยามหรือความหมาย", "นิยามตัวชี้วัด", "นิยาม")),
    ("calculation", ("วิธีการคำนวณ", "วิธีคำนวณ", "สูตรการคำนวณ", "เกณฑ์การประเมิน")),
    ("data_source", ("วิธีการการเก็บข้อมูล", "วิธีการเก็บข้อมูล", "แหล่งข้อมูล")),
    ("summary", ("สรุปผลการดำเนินงาน",)),
    ("alignment", ("สนับสนุนยุทธศาสตร์", "ความสอดคล้องกับยุทธศาสตร์")),
    ("projects", ("โครงการ/กิจกรรมที่สนับสนุน", "โครงการที่สนับสนุน")),
    ("quarterly_table", ("ผลงานเทียบกับเป้าหมายรายไตรมาส", "ผลการดำเนินงานรายไตรมาส")),
)


def matches(doc: Document, blocks: list[Block]) -> bool:
    """Whether the page's labels (data/kpi_monitor_page_evidence.tsv) show in the document."""
    return form_evidence(FORM_TYPE, blocks).matches


def _heading_of(text: str) -> str | None:
    """The block a heading line opens: its words as printed or, on a line as short as a
    heading, with a letter in eight misread ('วิธีการการเก็บยข้อมูล')."""
    key = nospace(_NUMBERED.sub("", text.strip("* ").strip()))
    for name, words in HEADINGS:
        if key.startswith(words):
            return name
    if len(key) <= MAX_HEADING:  # (the letters of a short line compared once each)
        for name, words in HEADINGS:
            if shows_any(words, key):
                return name
    if _REPORT.match(text.strip("* ")):
        return "report"
    return None


def _type_value(ex: Extraction, text: str, line: int) -> str | None:
    """The value of an indicator-type line, its label as printed or as OCR damaged it."""
    if found := _TYPE.match(text):
        return found.group(1).strip()
    label, colon, value = text.partition(":")
    known = normalize.closest_name(label, _TYPE_LABELS, min_ratio=_LABEL_MIN) if colon else None
    if known is None:
        return None
    ex.issue("info", "type_label_unread", f"label {label.strip()!r} taken for {known!r}",
             line=line, field="indicator_type")
    return value.strip()


def page_view(lines: list[Paragraph]) -> str:
    """Which view of the page the text is: `database` (the city-indicator database's header
    above the target line), `head_cut` (saved from the target line on: nothing but
    navigation before it) or `full`."""
    before_target = []
    for line in lines:
        if _TARGET.match(line.text):
            break
        before_target.append(line)
    if any(shows(DATABASE_HEADER, line.text) for line in before_target):
        return "database"
    if len(before_target) < len(lines) and all(_CHROME.match(line.text)
                                               for line in before_target):
        return "head_cut"
    return "full"


def _name_line(view: str, text: str) -> tuple[str | None, str, str] | None:
    """(year, name, code) of a 'name : code' line; the database view's code is a plain
    number (its id)."""
    found = _NAME_CODE.match(text) or (_NAME_ID.match(text) if view == "database" else None)
    return found.groups() if found else None  # type: ignore[return-value]


def _value_and_unit(unit: str, value: str) -> tuple[float | None, str | None]:
    """The number of a 'label <unit> : <value>' line and its unit: the value's leading
    number (words after it are no part of it); where the unit slot holds value and unit
    ('ร้อยละ 2 : ร้อยละ 2'), the unit's words."""
    unit = unit.strip()
    number = _LEADING_NUMBER.match(value.strip())
    if number is None:  # 'ร้อยละ 2': a unit before the number
        number = _UNIT_NUMBER.match(value.strip())
        if number is not None and not unit:
            unit = number.group(1).strip()
    words = _TRAILING_NUMBER.sub("", unit).strip()
    return (normalize.parse_number(number.group("n")) if number else None), (words or None)


def parse(doc: Document, blocks: list[Block]) -> Extraction:
    ex = Extraction(doc, FORM_TYPE)
    lines = [b for b in blocks if isinstance(b, Paragraph)]
    for table in (b for b in blocks if isinstance(b, Table)):
        # A tabbed table on such a page is unexpected: say so, keep its lines as text.
        ex.issue("info", "unknown_table", "a tab-separated table on a KPI page was read as "
                 "lines of text", line=table.line)
        lines.extend(Paragraph(" ".join(t for t in row.texts() if t), row.line, row.page)
                     for row in table.rows)
    lines.sort(key=lambda line: line.line)
    ex.view = view = page_view(lines)
    indicator: dict = {
        "doc_id": doc.doc_id, "indicator_key": None, "indicator_code": None, "name": None,
        "fiscal_year_be": None, "fiscal_year_inferred": None, "host_agency": None,
        "target_value": None, "target_unit": None, "target_text": None,
        "actual_value": None, "component": None, "weight": None, "indicator_type": None,
        "assessed_quarter": None, "assessed_score": None, "definition": None,
        "calculation": None, "data_source": None, "summary": None, "projects": None,
        "source_line": None,
    }
    value_lines: dict[str, int] = {}  # field -> the line its value was read from
    blocks: dict[str, list[Paragraph]] = {}
    reports: dict[int, list[Paragraph]] = {}
    run_together: list[Paragraph] = []  # reports whose quarter headings the text lost
    current: list[Paragraph] | None = None
    current_name: str | None = None
    head = True  # in the labelled lines above the page's blocks
    above_name: list[Paragraph] = []  # text above the name line: its wrapped start
    for i, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        heading = _heading_of(text)
        if heading == "report":
            read = _REPORT.match(text.strip("* ")).group(1)  # type: ignore[union-attr]
            quarter = _report_quarter(ex, read, reports, line.line)
            current, current_name, head = reports.setdefault(quarter, []), "report", False
            continue
        if heading:
            current, current_name, head = blocks.setdefault(heading, []), heading, False
            continue
        if current_name == "quarterly_table" and current is not None:
            current.append(Paragraph(text, line.line, line.page))  # one value per line
            continue
        if head and indicator["target_text"] is None and indicator["name"] is None and (
                found := _name_line(view, joined := _with_wrapped_code(text, lines, i))):
            if joined != text:  # the code's line is consumed
                lines[i + 1] = Paragraph("", lines[i + 1].line, lines[i + 1].page)
            year, name, code = found
            indicator.update(name=name.strip(), indicator_code=code, indicator_key=code,
                             source_line=line.line)
            value_lines["name"] = line.line
            if year:
                indicator["fiscal_year_be"] = int(year)
                indicator["fiscal_year_inferred"] = False
            continue
        if head and indicator["target_text"] is None and (found := _TARGET.match(text)):
            value, unit = _value_and_unit(found.group(1), found.group(2))
            indicator.update(target_unit=unit, target_text=found.group(2).strip() or None,
                             target_value=value)
            value_lines["target_value"] = line.line
            continue
        if head and "actual_value" not in value_lines and (found := _ACTUAL.match(text)):
            value, unit = _value_and_unit(found.group(1), found.group(2))
            indicator["actual_value"] = value
            value_lines["actual_value"] = line.line
            if unit and indicator["target_unit"] and unit != indicator["target_unit"]:
                ex.issue("warning", "unit_mismatch",
                         f"achievement in {unit!r}, target in "
                         f"{indicator['target_unit']!r}", line=line.line,
                         field="actual_value")
            continue
        if head and "indicator_type" not in value_lines and (
                kind := _type_value(ex, text, line.line)) is not None:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt and nxt.line == line.line + 1 and nxt.text.strip().startswith("("):
                kind = f"{kind} {normalize.collapse_spaces(nxt.text)}".strip()
                lines[i + 1] = Paragraph("", nxt.line, nxt.page)  # consumed
            indicator["indicator_type"] = kind or None
            value_lines["indicator_type"] = line.line
            continue
        garbled = None if (found := _ASSESSED.search(text)) or not head else (
            _ASSESSED_GARBLED.search(text))
        if garbled:
            ex.issue("warning", "assessment_label_unread",
                     f"assessment line {text[:80]!r}: its label not read; its quarter and "
                     "score taken from the line's end", line=line.line,
                     field="assessed_quarter")
            found = garbled
        if found:
            indicator["assessed_quarter"] = int(found.group(1))
            indicator["assessed_score"] = normalize.parse_number(found.group(2)) \
                if found.group(2) else None
            # What follows before any heading: the quarterly reports, run together
            current, current_name = run_together, "run_together"
            continue
        if _CHROME.match(text) or nospace(text) == "รายละเอียดตัวชี้วัด" or (
                view == "database" and shows(DATABASE_HEADER, text)):
            continue
        if head and current is None and text.isdigit() and len(text) <= 4:
            continue  # a counter the page shows under the indicator type
        if current_name == "run_together" and run_together and (
                len(run_together) >= 4 or _DEFINITION.search(text)):
            # A page has four quarterly reports, and a definition is none: the reports
            # are over, and what follows is a block whose heading the text lost.
            current = current_name = None
        if i == len(lines) - 1 and _cut_heading(text):
            ex.issue("info", "cut_off_text", f"the text ends in the heading {text!r}, cut "
                     "off", line=line.line, field=text[:60])
            continue
        if current is None:
            if head and indicator["name"] is None and indicator["target_text"] is None:
                above_name.append(line)  # the start of a name wrapped onto the next line?
                continue
            ex.issue("warning", "unplaced_text", f"text outside any known block: {text[:200]}",
                     line=line.line)
            continue
        # A line shorter than a full one after a block's text is a heading, not more text.
        if (current_name not in ("alignment", "run_together") and current
                and len(text) <= FULL_LINE and not text.startswith(("-", "(", ":"))):
            ex.issue("warning", "unknown_section",
                     f"heading {text!r} is not a known block of the KPI page; its text was "
                     "not placed", line=line.line, field=text[:60])
            current = current_name = None
            continue
        current.append(Paragraph(text, line.line, line.page))
    for line in above_name:  # text above the name that is no part of it
        ex.issue("warning", "unplaced_text", f"text outside any known block: {line.text[:200]}",
                 line=line.line)

    key = indicator["indicator_key"] or "1"
    indicator["indicator_key"] = key
    indicator["source_line"] = indicator["source_line"] or value_lines.get("target_value")
    doubts_to_row(ex, {f: n for f, n in value_lines.items() if f != "name"},
                  indicator["source_line"], f"indicator {key}")
    ex.field_lines.update({f"indicators.{f}": n for f, n in value_lines.items()})
    if "name" in value_lines:
        ex.field_lines["indicators.indicator_code"] = value_lines["name"]
    for name in ("definition", "calculation", "data_source", "summary", "projects"):
        text = _block_text(blocks.get(name, []))
        indicator[name] = None if text in ("", "-") else text
    _parse_quarterly_table(ex, key, blocks.get("quarterly_table", []), reports)
    if run_together:
        report = _block_text(run_together)
        ex.add("quarterly_results", doc_id=doc.doc_id, indicator_key=key, quarter=None,
               result=None, assessment=None, score_pair=None, report=report,
               source_line=run_together[0].line)
        ex.issue("info", "reports_run_together",
                 f"{len(run_together)} quarterly report paragraph(s) without their quarter "
                 "headings, kept as one report of no quarter", line=run_together[0].line,
                 field="quarterly_results.report")
    _parse_alignment(ex, key, blocks.get("alignment", []))
    if indicator["fiscal_year_be"] is None:
        _infer_fiscal_year(ex, indicator, reports)
    ex.fiscal_year_be = indicator["fiscal_year_be"]
    ex.tables["indicators"].insert(0, indicator)
    return ex


def _with_wrapped_code(text: str, lines: list[Paragraph], i: int) -> str:
    """A name line ending in its colon with the code alone on the next line (the line
    wrapped before the code, as a wider face or a narrower page wraps it) as one line."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None or not text.rstrip().endswith(":") or not _CODE_ALONE.match(nxt.text):
        return text
    return f"{text.rstrip()} {nxt.text.strip()}"


def _cut_heading(text: str) -> bool:
    """Whether a line is the start of a known heading, the rest of it cut away."""
    key = nospace(_NUMBERED.sub("", text.strip("* ").strip()))
    words = [w for _name, group in HEADINGS for w in group] + ["รายงานผลฯไตรมาสที่"]
    return len(key) >= 4 and any(w.startswith(key) and w != key for w in words)


def _block_text(lines: list[Paragraph]) -> str:
    """A block's paragraphs as one text (a reader has joined the lines that wrapped)."""
    return " ".join(line.text for line in lines)


def _table_cells(lines: list[Paragraph]) -> list[Paragraph]:
    """The quarterly table's cells, one a line: its lines, and in a text of no pages (a
    saved page, a line per cell) each blank line between two of them, an empty cell. On a
    printed page an empty cell prints nothing, and blank lines are spacing."""
    cells: list[Paragraph] = []
    for previous, line in zip([None, *lines], lines, strict=False):
        if previous is not None and previous.page is None and line.page is None:
            cells.extend(Paragraph("", no, line.page)
                         for no in range(previous.line + 1, line.line))
        cells.append(line)
    return cells


_TRAILING_SPECK = re.compile(r"\s+[.,'`·]$")


def _without_trailing_speck(ex: Extraction, cell: Paragraph) -> Paragraph:
    """A quarterly cell without a speck read after its text, apart from it ('2 .',
    '0.00 .'): no part of the value. The change is recorded."""
    text = _TRAILING_SPECK.sub("", cell.text)
    if text == cell.text:
        return cell
    ex.repair(line=cell.line, field="quarterly_results", rule="speck_dropped",
              original=cell.text, replacement=text)
    return dataclasses.replace(cell, text=text)


def _is_pair(text: str) -> bool:
    return bool(_PAIR.match(text) or _SLASH_READ_7.match(text))


def _pair_place(text: str) -> bool:
    """Whether a cell may stand in the score pair's place: a pair, one OCR garbled
    ('0/0' read '07.0': a short line without letters that is no quarter number), or
    empty."""
    return not text or _is_pair(text) or (
        len(text) <= 7 and not re.search(r"[ก-๙]", text) and text not in _QUARTERS)


def _values_fit(texts: list[str]) -> bool:
    """Whether a quarter number's three cells are a row's: result and assessment numbers
    (or empty), the score pair in its place, not all empty."""
    return (len(texts) == 4 and any(texts[1:]) and _pair_place(texts[3])
            and all(not t or _NUMBER.match(t) or _POINT_MISREAD.match(t) for t in texts[1:3]))


def _parse_quarterly_table(ex: Extraction, key: str, lines: list[Paragraph],
                           reports: dict[int, list[Paragraph]]) -> None:
    """Quarter, result, assessment and score pair, one cell per line, after the header
    lines. The table starts at quarter 1's row, else at the first line that is a quarter
    number 1-4, or at the row before a first '2' whose number OCR could not read. A row
    runs from its quarter number to the next; an empty cell is null, and where the text
    left an empty cell out, the row's values are placed by their shape. Every row is
    kept; a cell that is no value of its column is an issue with its text."""
    cells = [_without_trailing_speck(ex, c) for c in _table_cells(lines)]
    texts = [c.text for c in cells]
    n = len(cells)
    # Quarter 1's row if there is one: a header line OCR read as a lone digit ('2' for
    # '(* 2.1 / 2.2 *)') would start the table a line early, out of step.
    start = next((i for i, t in enumerate(texts) if t == "1"
                  and _values_fit(texts[i:i + 4])), None)
    if start is None:
        start = next((i for i, t in enumerate(texts) if t in _QUARTERS), None)
    first = None
    if (start is not None and start >= 4 and texts[start] == "2"
            and 0 < len(texts[start - 4]) <= 2 and _values_fit(texts[start - 4:start])):
        start, first = start - 4, 1  # quarter 1's number unreadable ('|'): its row is there
    if start is None:
        for cell in cells:
            if cell.text and not _header_line(cell.text):
                ex.issue("warning", "unplaced_text", "quarterly table line not read as a "
                         f"row (no quarter number): {cell.text!r}", line=cell.line,
                         field="quarterly_results")
        start = n

    def next_quarter(at: int, quarter: int, *, unreadable: bool = False) -> bool:
        """Whether a row of a later quarter starts at `at` (or the table ends there)."""
        if at == n:
            return True
        text = texts[at]
        if text in _QUARTERS and int(text) > quarter:
            return True
        # one or two marks where the next quarter number stands (OCR read 3 as ว)
        return unreadable and quarter < 4 and 0 < len(text) <= 2 and not text.isdigit()

    rows: list[dict] = []
    i = start
    while i < n:
        expected = rows[-1]["quarter"] + 1 if rows else first
        text = texts[i]
        if text in _QUARTERS and (not rows or int(text) > rows[-1]["quarter"]):
            quarter = int(text)
        elif expected and expected <= 4 and 0 < len(text) <= 2 and not text.isdigit() \
                and i + 1 < n and _values_fit(texts[i:i + 4]):
            # One or two marks where a quarter number stands: the row's values are all
            # there, and its number follows from the row above (or the row below).
            quarter = expected
            neighbour = (f"after quarter {quarter - 1}" if quarter > 1
                         else "before quarter 2")
            ex.issue("warning", "unreadable_number",
                     f"quarter number {text!r} unreadable; taken as {quarter}, "
                     f"{neighbour}", line=cells[i].line, field="quarterly_results.quarter")
        else:
            if text:
                ex.issue("warning", "unplaced_text",
                         f"quarterly table line that is not quarter/result/assessment/"
                         f"score: {text!r}", line=cells[i].line, field="quarterly_results")
            i += 1
            continue
        width = _row_width(texts, i, quarter, next_quarter)
        rows.append(_quarter_row(ex, quarter, cells[i], cells[i + 1:i + 1 + width]))
        i += 1 + width
    seen = {row["quarter"] for row in rows}
    if lost := [q for q in range(1, max(seen, default=0)) if q not in seen]:
        after_gap = next(r["line"] for r in rows if r["quarter"] > lost[0])
        ex.issue("error", "rows_missing",
                 f"quarterly table: the row of quarter(s) {', '.join(map(str, lost))} not "
                 "read, while a later quarter's was", line=after_gap,
                 field="quarterly_results")
    for row in rows:
        report = _block_text(reports.get(row["quarter"], []))
        ex.add("quarterly_results", doc_id=ex.doc.doc_id, indicator_key=key,
               quarter=row["quarter"], result=row["result"], assessment=row["assessment"],
               score_pair=row["score_pair"], report=None if report in ("", "-") else report,
               source_line=row["line"])
    for quarter in sorted(set(reports) - seen):
        report = _block_text(reports[quarter])
        if report not in ("", "-"):
            ex.add("quarterly_results", doc_id=ex.doc.doc_id, indicator_key=key,
                   quarter=quarter, result=None, assessment=None, score_pair=None,
                   report=report, source_line=reports[quarter][0].line)


def _header_line(text: str) -> bool:
    """A line of the quarterly table's header: its words, or a gloss in brackets."""
    key = nospace(text.strip("*"))
    return key.startswith("(") or any(word in key for word in _TABLE_HEADER_WORDS)


def _row_width(texts: list[str], i: int, quarter: int,
               next_quarter: Callable[..., bool]) -> int:
    """How many cells after the quarter number at `i` are its row's: three, where the
    next quarter (or the end) follows them; fewer where it comes sooner (a cell left out,
    the values placed by their shape), one blank line more where one follows them."""
    n = len(texts)
    if i + 4 <= n and next_quarter(i + 4, quarter, unreadable=True):
        return 3
    if i + 5 <= n and not texts[i + 4] and next_quarter(i + 5, quarter):
        return 4  # the row and a blank line after it
    for width in (2, 1):
        values = texts[i + 1:i + 1 + width]
        if (i + 1 + width <= n and next_quarter(i + 1 + width, quarter)
                and all(not t or _NUMBER.match(t) or _is_pair(t) for t in values)):
            return width
    # no next quarter where a row would end: the row's three cells, as far as they go
    # and up to a later quarter's number
    width = 0
    while width < 3 and i + 1 + width < n and not next_quarter(i + 1 + width, quarter):
        width += 1
    return width


def _quarter_row(ex: Extraction, quarter: int, number: Paragraph,
                 values: list[Paragraph]) -> dict:
    """A quarter's row from its cells: three in the table's order, or (a cell left out)
    placed by their shape, numbers to result then assessment and a pair to its place."""
    row: dict = {"quarter": quarter, "result": None, "assessment": None,
                 "score_pair": None, "line": number.line}
    while len(values) > 3 and not values[-1].text:
        values = values[:-1]  # a blank line after the row
    places: list[tuple[str, Paragraph]] = []
    if len(values) == 3:
        places = list(zip(("result", "assessment", "score_pair"), values, strict=True))
    else:
        numbers = [v for v in values if v.text and not _is_pair(v.text)]
        pairs = [v for v in values if _is_pair(v.text)]
        places = list(zip(("result", "assessment"), numbers, strict=False))
        places += [("score_pair", p) for p in pairs[:1]]
        placed = {id(v) for _c, v in places}
        places += [("", v) for v in values if v.text and id(v) not in placed]
        left_out = [c for c in ("result", "assessment", "score_pair")
                    if c not in {column for column, _v in places}]
        if values and left_out:
            ex.issue("info", "row_realigned",
                     f"quarter {quarter}: {len([v for v in values if v.text])} value(s) for "
                     f"3 cells, placed by their shape; {', '.join(left_out)} left empty",
                     line=number.line, field="quarterly_results")
    doubts: dict[str, int] = {}
    for column, cell in places:
        text = cell.text
        if not text:
            continue
        if column == "score_pair":
            row["score_pair"] = _score_pair(ex, quarter, number, cell)
        elif column and _NUMBER.match(text):
            row[column] = normalize.parse_number(text)
        elif column and (misread := _POINT_MISREAD.match(text)):
            read = f"{misread.group(1)}.{misread.group(2)}"
            row[column] = float(read)
            ex.repair(line=cell.line, field=f"quarterly_results.{column}",
                      rule="decimal_point_misread", original=text, replacement=read)
            ex.issue("warning", "unreadable_number",
                     f"quarter {quarter}: {column} {text!r} (line {cell.line}) taken as "
                     f"{read}, its point read as {text[len(misread.group(1))]!r}",
                     line=number.line, field=f"quarterly_results.{column}")
        else:
            ex.issue("warning", "unplaced_text",
                     f"quarter {quarter}: {text!r} (line {cell.line}) is no value of "
                     f"{column or 'the row'}; left out", line=number.line,
                     field=f"quarterly_results.{column}" if column else "quarterly_results")
            continue
        doubts[f"quarterly_results.{column}"] = cell.line
    doubts_to_row(ex, doubts, number.line, f"quarter {quarter}")
    return row


def _score_pair(ex: Extraction, quarter: int, number: Paragraph, cell: Paragraph) -> str | None:
    text = cell.text
    slash_read_7 = _SLASH_READ_7.match(text)
    if slash_read_7:
        pair = " / ".join(part.replace("O", "0").replace("o", "0")
                          for part in slash_read_7.groups())
        ex.issue("warning", "unreadable_number",
                 f"quarter {quarter}: score pair {text!r} (line {cell.line}) taken as "
                 f"{pair!r}, its one 7 for the slash", line=number.line,
                 field="quarterly_results.score_pair")
        return pair
    if _PAIR.match(text):
        return re.sub(r"\s*/\s*", " / ", text)  # printed 'a / b'; OCR drops spaces
    # on the row's line, where its other values are traced
    ex.issue("warning", "unreadable_number",
             f"quarter {quarter}: score pair {text!r} (line {cell.line}) is not 'a / b'",
             line=number.line, field="quarterly_results.score_pair")
    return None


def _parse_alignment(ex: Extraction, key: str, lines: list[Paragraph]) -> None:
    lines = [part for line in lines for part in _split_joined_levels(line)]
    numbers = [m.group(2 if m.re is _ALIGN else 1) for line in lines
               if (m := _ALIGN.match(line.text) or _UNREAD_ALIGN.match(line.text))]
    read: list[tuple[Paragraph, str, str, str] | Paragraph] = []
    for line in lines:
        found = _ALIGN.match(line.text)
        unread = None if found else _UNREAD_ALIGN.match(line.text)
        if unread and not _plausible_level(unread.group(1), numbers):
            unread = None
        if unread:
            number, text = unread.groups()
            level = _ALIGN_DEPTHS[number.count(".")]
            ex.issue("warning", "alignment_label_unread",
                     f"alignment label of {number!r} not read; {level} by the depth of its "
                     "number", line=line.line, field="alignments")
            read.append((line, level, number, text))
        elif found:
            level, number, text = found.groups()
            read.append((line, level, number, text))
        else:
            read.append(line)
    _garbled_levels(ex, read)
    _restore_lost_prefixes(ex, read)
    for entry in read:
        if isinstance(entry, Paragraph):
            ex.issue("info", "unplaced_text",
                     f"strategy alignment line not understood: {entry.text[:200]}",
                     line=entry.line, field="alignments")
            continue
        line, level, number, text = entry
        ex.add("alignments", doc_id=ex.doc.doc_id, indicator_key=key, level=level,
               number=number, text=text.strip() or None, source_line=line.line)
    _check_alignment_depths(ex, [e for e in read if not isinstance(e, Paragraph)])


def _split_joined_levels(line: Paragraph) -> list[Paragraph]:
    """A line of a level with the next level's line run on in it, as a reader joins a
    line that fills its width and the next whose label it could not read ('ด้านที่ 5 -
    ... City Ran 5.2 - เมือง...'): split where a number one level deeper than the line's
    own, extending it, stands after a short word and before a dash."""
    found = _ALIGN.match(line.text) or _UNREAD_ALIGN.match(line.text)
    if not found:
        return [line]
    number = found.group(2 if found.re is _ALIGN else 1)
    deeper = re.compile(r"\s(?=\S{1,8}\s*" + re.escape(number) + r"\.[0-9]+\s*[-–]\s)")
    parts = deeper.split(line.text, maxsplit=1)
    if len(parts) == 1:
        return [line]
    return [dataclasses.replace(line, text=text.strip(), lead=text.strip(), spans=())
            for text in parts]


def _garbled_levels(ex: Extraction, read: list) -> None:
    """Lines whose labels and numbers OCR garbled ('HAN @.lo - เมืองธรรมากบาล' for ':มิติที่
    ๕.๒ - เมืองธรรมาภิบาล', 'mun @ -' for ':ด้านที่ ๕ -') where the numbering of the levels
    read skips levels: between two levels read, or above the first. As many lines right
    above a level as the levels its number skips, each with a dash and no number read
    that is not its place's, are those levels, numbered as the level below begins, their
    text after the dash."""
    for at, entry in enumerate(read):
        if isinstance(entry, Paragraph):
            continue
        _line, level, number, _text = entry
        above = _last_level(read[:at])
        first_depth = above[2].count(".") + 1 if above else 0
        count = number.count(".") - first_depth
        if (count <= 0 or at < count or level not in _ALIGN_DEPTHS
                or (above and not number.startswith(above[2] + "."))):
            continue
        lines = read[at - count:at]
        dashes = [_AFTER_DASH.search(line.text) if isinstance(line, Paragraph) else None
                  for line in lines]
        parts = number.split(".")
        numbers = [".".join(parts[:first_depth + k + 1]) for k in range(count)]
        if not all(dashes) or any(
                (found := _LEVEL_NUMBER.findall(line.text[:dash.start()])) and found[-1] != n
                for line, dash, n in zip(lines, dashes, numbers, strict=True)):
            continue
        for k, (line, dash, n) in enumerate(zip(lines, dashes, numbers, strict=True)):
            level_k = _ALIGN_DEPTHS[first_depth + k]
            ex.issue("warning", "alignment_label_unread",
                     f"alignment line {line.text[:80]!r} not read; taken as {level_k} {n}, "
                     f"a level the numbering skips above {level} {number}", line=line.line,
                     field="alignments")
            read[at - count + k] = (line, level_k, n, dash.group(1))


def _last_level(read: list) -> tuple | None:
    """The last level read in `read`."""
    return next((e for e in reversed(read) if not isinstance(e, Paragraph)), None)


def _restore_lost_prefixes(ex: Extraction, read: list) -> None:
    """A level whose number lost the number of the level above ('มิติที่ 2' under 'ด้านที่
    5': a scan dropped '5.'), where its label says its depth: the number under the level
    above, flagged, and the repair recorded. Only in a document read from page images:
    a text export's number is as printed (`_check_alignment_depths` flags it)."""
    if not ex.doc.recognized:
        return
    levels = [e for e in read if not isinstance(e, Paragraph)]
    for above, entry in itertools.pairwise(levels):
        line, level, number, text = entry
        if not (level in _ALIGN_DEPTHS and above[1] in _ALIGN_DEPTHS
                and _ALIGN_DEPTHS.index(level) == _ALIGN_DEPTHS.index(above[1]) + 1
                == number.count(".") + 1 == above[2].count(".") + 1):
            continue
        restored = f"{above[2]}.{number}"
        read[read.index(entry)] = (line, level, restored, text)
        ex.repair(line=line.line, field="alignments.number", rule="sequence_inferred",
                  original=number, replacement=restored)
        ex.issue("warning", "unreadable_number",
                 f"{level} number read {number!r}, one part short of its depth; taken as "
                 f"{restored}, under {above[1]} {above[2]}", line=line.line,
                 field="alignments.number")


def _check_alignment_depths(ex: Extraction, read: list[tuple[Paragraph, str, str, str]]
                            ) -> None:
    """A level the numbering skips (ด้าน 5, then เป้าหมาย 5.2.1 without มิติ 5.2) was
    printed and lost; a level numbered outside the one above it (มิติ 2 under ด้าน 5: a
    scan lost '5.') was misread. The first level is the first depth's: one deeper is read
    after the levels above it were lost."""
    if read and read[0][1] in _ALIGN_DEPTHS and read[0][2].count(".") > 0:
        ex.issue("error", "rows_missing",
                 f"alignment {read[0][2]} is the first level read: the levels above it were "
                 "not read", line=read[0][0].line, field="alignments")
    for (_, above, upper, _), (line, level, lower, _) in itertools.pairwise(read):
        if lower.count(".") > upper.count(".") + 1:
            ex.issue("error", "rows_missing",
                     f"alignment {lower} follows {upper}: the level between was not read",
                     line=line.line, field="alignments")
        elif (above in _ALIGN_DEPTHS and level in _ALIGN_DEPTHS
              and _ALIGN_DEPTHS.index(level) == _ALIGN_DEPTHS.index(above) + 1
              and not lower.startswith(upper + ".")):
            ex.issue("warning", "unreadable_number",
                     f"{level} {lower} is not numbered under {above} {upper}",
                     line=line.line, field="alignments.number")


def _plausible_level(number: str, numbers: list[str]) -> bool:
    """Whether a number read under a garbled label numbers a level of the alignment: one
    of its depths, and with a dot, or extended by another number of the section."""
    depth = number.count(".")
    if depth >= len(_ALIGN_DEPTHS):
        return False  # deeper than any level
    return depth > 0 or any(other.startswith(number + ".") for other in numbers)


def _report_quarter(ex: Extraction, read: str, reports: dict[int, list[Paragraph]],
                    line: int) -> int:
    """The quarter of a report heading: as read, or where a scan misread it ('|' for ๑)
    the one after the report above (the first quarter first), flagged."""
    if read.isdigit():
        return int(read)
    quarter = max(reports, default=0) + 1
    ex.issue("warning", "unreadable_number", f"report quarter {read!r} unreadable; taken as "
             f"{quarter}, after the report above", line=line, field="quarterly_results.quarter")
    return quarter


def _infer_fiscal_year(ex: Extraction, indicator: dict,
                       reports: dict[int, list[Paragraph]]) -> None:
    """No year printed: take the fiscal year the report dates fall in (a quarter-1 report
    of October BE 2562 belongs to fiscal year 2563)."""
    years: Counter[int] = Counter()
    for quarter, lines in reports.items():
        for line in lines:
            for found in re.finditer(r"[0-9]{1,2}\s+\S+\s+25[0-9]{2}", line.text):
                date = normalize.parse_thai_date(found.group(0))
                if date:
                    fiscal = normalize.fiscal_year_of(date[0], date[1])
                    # A late report of quarter 4 may be dated in the next fiscal year.
                    years[fiscal if quarter != 4 or date[1] < 10 else fiscal - 1] += 1
    if not years:
        return  # a page that prints no year is no gap: none of its views requires one
    (year, _count), *rest = years.most_common()
    indicator["fiscal_year_be"] = year
    indicator["fiscal_year_inferred"] = True
    message = f"fiscal year {year} inferred from the dates of the quarterly reports"
    if rest:
        message += f" (other dates point at {sorted(y for y, _ in rest)})"
    ex.issue("info", "fiscal_year_inferred", message, line=indicator["source_line"],
             field="fiscal_year_be")
