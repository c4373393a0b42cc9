"""KPI page of the BMA monitoring web system ("รายละเอียดตัวชี้วัด").

The page is a sequence of headed blocks: the indicator's name and code, target and
achievement lines, the quarterly table laid out one value per line, the quarterly report
texts, definition, calculation, data sources and strategy alignment. Over the years the
system has printed these pages in several versions: a year before the name, numbered
headings ("1.นิยาม ..."), "ลักษณะข้อมูล" for "ประเภทตัวชี้วัด", other units, pages without an
achievement or a quarterly table. Headings are matched by their words; what is absent is
left null, and a heading the parser does not know becomes an `unknown_section` issue.
"""

from __future__ import annotations

import re
from collections import Counter

import normalize

from .._blocks import Block, Paragraph, Table
from .._document import Document
from .._records import Extraction
from ._common import FULL_LINE, nospace, wrapped_from
from ._evidence import form_evidence

FORM_TYPE = "kpi_monitor_page"

_NAME_CODE = re.compile(
    r"^(?:(?:ปี(?:งบประมาณ)?\s*)?(?:พ\.\s*ศ\.\s*)?(25[0-9]{2})\s*[:\-]?\s+)?"
    r"(.+?)\s*:\s*([0-9]{2,6}(?:-[0-9]{2,6})+)\s*$")
_TARGET = re.compile(r"^ค่าเป้าหมาย\s*(.*?)\s*:\s*(.+)$")
_ACTUAL = re.compile(r"^ผลงาน(?:ที่ทำได้)?\s*(.*?)\s*:\s*(.+)$")
_TYPE_LABELS = ["ประเภทตัวชี้วัด", "ลักษณะข้อมูล"]
_TYPE = re.compile(r"^(?:" + "|".join(_TYPE_LABELS) + r")\s*:\s*(.*)$")
# How alike (letters only, 0-100) a label OCR damaged ('ประยกทตัวชีวัด') must be to its
# printed form: the page's other labels share its words ('ตรวจประเมินตัวชี้วัด' scores 69).
_LABEL_MIN = 80
_ASSESSED = re.compile(r"ตรวจประเมินตัวชี้วัด\s*:\s*ไตรมาสที่\s*([0-9])\s*:\s*([0-9.,-]+)")
_REPORT = re.compile(r"^รายงานผล\S*\s*ไตรมาสที่\s*([0-9])")
_ALIGN = re.compile(
    r"^:?\s*(ด้าน|มิติ|เป้าหมาย|เป้าประสงค์|ยุทธศาสตร์|กลยุทธ์)(?:ที่)?\s*"
    r"([0-9]+(?:\.[0-9]+)*)\s*(?:[-–:]\s*)?(.*)$")
# An alignment line whose label OCR garbled (':มิติที่ ๕.๒ -' read 'JAN 5.2 -'): a short
# word, a dotted number and a dash or colon; its level follows from the number's depth.
_UNREAD_ALIGN = re.compile(r"^:?\s*[^\s0-9]{1,8}\s*([0-9]+(?:\.[0-9]+)+)\s*[-–:]\s*(.*)$")
# The levels of the strategy alignment, one a depth of numbering (ด้านที่ 5, มิติที่ 5.2,
# เป้าหมายที่ 5.2.1, เป้าประสงค์ที่ 5.2.1.1).
_ALIGN_DEPTHS = ("ด้าน", "มิติ", "เป้าหมาย", "เป้าประสงค์")
_NUMBERED = re.compile(r"^[0-9]{1,2}\s*[.)]\s*")
_PAIR = re.compile(r"^[0-9.]+\s*/\s*[0-9.]+$")
# A pair whose slash OCR read as its one 7 ('0 / 0' read '070', 'O70': O for 0 too).
_SLASH_READ_7 = re.compile(r"^([0-689Oo.]*[0-689Oo])\s*7\s*([0-689Oo][0-689Oo.]*)$")
_NUMBER = re.compile(r"^-?[0-9][0-9,]*(?:\.[0-9]+)?$")
# Navigation and print links of the web page, not content.
_CHROME = re.compile(r"^(?:Back|Home|Back Home|[0-9]|รายละเอียดตัวชี้วัดฯ?\s*:.*พิมพ์.*)$")

# Headings of text blocks, by their words (spaces ignored), -> the indicator column.
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
    key = nospace(_NUMBERED.sub("", text.strip("* ").strip()))
    for name, words in HEADINGS:
        if any(key.startswith(word) for word in words):
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
    current: list[Paragraph] | None = None
    current_name: str | None = None
    for i, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        heading = _heading_of(text)
        if heading == "report":
            quarter = int(_REPORT.match(text.strip("* ")).group(1))  # type: ignore[union-attr]
            current, current_name = reports.setdefault(quarter, []), "report"
            continue
        if heading:
            current, current_name = blocks.setdefault(heading, []), heading
            continue
        if current_name == "quarterly_table" and current is not None:
            current.append(Paragraph(text, line.line, line.page))  # one value per line
            continue
        if indicator["name"] is None and (found := _NAME_CODE.match(text)):
            year, name, code = found.groups()
            indicator.update(name=name.strip(), indicator_code=code, indicator_key=code,
                             source_line=line.line)
            if year:
                indicator["fiscal_year_be"] = int(year)
                indicator["fiscal_year_inferred"] = False
            current = current_name = None
            continue
        if found := _TARGET.match(text):
            unit, value = found.group(1) or None, found.group(2).strip()
            indicator.update(target_unit=unit, target_text=value,
                             target_value=normalize.parse_number(value))
            value_lines["target_value"] = line.line
            current = current_name = None
            continue
        if found := _ACTUAL.match(text):
            indicator["actual_value"] = normalize.parse_number(found.group(2))
            value_lines["actual_value"] = line.line
            if found.group(1) and indicator["target_unit"] and \
                    found.group(1) != indicator["target_unit"]:
                ex.issue("warning", "unit_mismatch",
                         f"achievement in {found.group(1)!r}, target in "
                         f"{indicator['target_unit']!r}", line=line.line,
                         field="actual_value")
            current = current_name = None
            continue
        if (kind := _type_value(ex, text, line.line)) is not None:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt and nxt.line == line.line + 1 and nxt.text.strip().startswith("("):
                kind = f"{kind} {normalize.collapse_spaces(nxt.text)}".strip()
                lines[i + 1] = Paragraph("", nxt.line, nxt.page)  # consumed
            indicator["indicator_type"] = kind or None
            current = current_name = None
            continue
        if found := _ASSESSED.search(text):
            indicator["assessed_quarter"] = int(found.group(1))
            indicator["assessed_score"] = normalize.parse_number(found.group(2))
            continue
        if _CHROME.match(text) or nospace(text) == "รายละเอียดตัวชี้วัด":
            continue
        if current is None:
            ex.issue("warning", "unplaced_text", f"text outside any known block: {text[:200]}",
                     line=line.line)
            continue
        # A line shorter than a full one after a block's text is a heading, not more text.
        if (current_name != "alignment" and current
                and len(text) <= FULL_LINE and not text.startswith(("-", "(", ":"))
                # on a printed page, the last line of a wrapped paragraph is no heading
                and not wrapped_from(doc, current[-1], line)):
            ex.issue("warning", "unknown_section",
                     f"heading {text!r} is not a known block of the KPI page; its text was "
                     "not placed", line=line.line, field=text[:60])
            current = current_name = None
            continue
        current.append(Paragraph(text, line.line, line.page))

    key = indicator["indicator_key"] or "1"
    indicator["indicator_key"] = key
    _doubts_to_row(ex, value_lines, indicator["source_line"], f"indicator {key}")
    if indicator["indicator_code"] is None:
        ex.issue("error", "missing_field", "no 'name : code' line on the KPI page",
                 field="indicator_code")
    for name in ("definition", "calculation", "data_source", "summary", "projects"):
        text = _block_text(doc, blocks.get(name, []))
        indicator[name] = None if text in ("", "-") else text
    _parse_quarterly_table(ex, key, blocks.get("quarterly_table", []), reports)
    _parse_alignment(ex, key, blocks.get("alignment", []))
    if indicator["fiscal_year_be"] is None:
        _infer_fiscal_year(ex, indicator, reports)
    ex.fiscal_year_be = indicator["fiscal_year_be"]
    ex.tables["indicators"].insert(0, indicator)
    return ex


def _block_text(doc: Document, lines: list[Paragraph]) -> str:
    """A block's lines as one text: lines wrapped on a printed page join as a line break
    within a paragraph does (Thai letters meet without a space), others with a space."""
    text = ""
    for previous, line in zip([None, *lines], lines, strict=False):
        if previous is not None and wrapped_from(doc, previous, line):
            text = normalize.join_broken_text(text, line.text)
        else:
            text = f"{text} {line.text}" if text else line.text
    return text


def _doubts_to_row(ex: Extraction, value_lines: dict[str, int], row_line: int | None,
                   what: str) -> None:
    """A doubt OCR raised about a value's own line, said again on its record's line (the
    record's `source_line`, where its issues are looked up): a KPI record's values each
    stand on a line of their own."""
    doubted = {no for no, _code, _message in ex.doc.line_flags}
    for field, no in value_lines.items():
        if no in doubted and no != row_line:
            ex.issue("warning", "low_ocr_confidence",
                     f"{what}: the {field.split('.')[-1]} on line {no} was read with doubt "
                     "(see that line's issue)", line=row_line, field=field)


def _parse_quarterly_table(ex: Extraction, key: str, lines: list[Paragraph],
                           reports: dict[int, list[Paragraph]]) -> None:
    """Quarter, result, assessment and score pair, one value per line, after the header
    lines; the table starts at quarter 1's row, else at the first line that is a quarter
    number 1-4, or at the row before a first '2' whose number OCR could not read."""
    def values_fit(texts: list[str]) -> bool:
        # A score pair OCR garbled ('0/0' read '07.0') still holds its row's place: a
        # short line without letters that is not the next quarter's number.
        pair_place = len(texts) == 4 and (_PAIR.match(texts[3]) or (
            len(texts[3]) <= 7 and not re.search(r"[ก-๙]", texts[3])
            and texts[3] not in ("1", "2", "3", "4")))
        return bool(pair_place and _NUMBER.match(texts[1]) and _NUMBER.match(texts[2]))

    # Quarter 1's row if there is one: a header line OCR read as a lone digit ('2' for
    # '(* 2.1 / 2.2 *)') would start the table a line early, out of step.
    start = next((i for i, line in enumerate(lines) if line.text == "1"
                  and values_fit([line.text for line in lines[i:i + 4]])), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line.text in ("1", "2", "3", "4")),
                     None)
    first = None
    if (start is not None and start >= 4 and lines[start].text == "2"
            and len(lines[start - 4].text) <= 2
            and values_fit([line.text for line in lines[start - 4:start]])):
        start, first = start - 4, 1  # quarter 1's number unreadable ('|'): its row is there
    rows = []
    i = start if start is not None else len(lines)
    while i < len(lines):
        quad = lines[i:i + 4]
        texts = [line.text for line in quad]
        expected = rows[-1][0] + 1 if rows else first
        if values_fit(texts) and (texts[0] in ("1", "2", "3", "4")
                                  or (expected and expected <= 4 and len(texts[0]) <= 2)):
            quarter = int(texts[0]) if texts[0].isdigit() else expected
            if not texts[0].isdigit():
                # One or two marks where a quarter number stands (OCR read 3 as ว): the
                # row's values are all there, and its number follows from the row above.
                neighbour = (f"after quarter {quarter - 1}" if quarter > 1
                             else "before quarter 2")
                ex.issue("warning", "unreadable_number",
                         f"quarter number {texts[0]!r} unreadable; taken as {quarter}, "
                         f"{neighbour}", line=quad[0].line,
                         field="quarterly_results.quarter")
            pair = re.sub(r"\s*/\s*", " / ", texts[3])  # printed 'a / b'; OCR drops spaces
            slash_read_7 = _SLASH_READ_7.match(texts[3])
            if slash_read_7:
                pair = " / ".join(part.replace("O", "0").replace("o", "0")
                                  for part in slash_read_7.groups())
                ex.issue("warning", "unreadable_number",
                         f"quarter {quarter}: score pair {texts[3]!r} (line {quad[3].line}) "
                         f"taken as {pair!r}, its one 7 for the slash", line=quad[0].line,
                         field="quarterly_results.score_pair")
            elif not _PAIR.match(texts[3]):
                pair = None
                # on the row's line, where its other values are traced
                ex.issue("warning", "unreadable_number",
                         f"quarter {quarter}: score pair {texts[3]!r} (line {quad[3].line}) "
                         "is not 'a / b'", line=quad[0].line,
                         field="quarterly_results.score_pair")
            _doubts_to_row(ex, {"quarterly_results.result": quad[1].line,
                                "quarterly_results.assessment": quad[2].line,
                                "quarterly_results.score_pair": quad[3].line},
                           quad[0].line, f"quarter {quarter}")
            rows.append((quarter, normalize.parse_number(texts[1]),
                         normalize.parse_number(texts[2]), pair, quad[0].line))
            i += 4
            continue
        ex.issue("warning", "unplaced_text",
                 f"quarterly table line that is not quarter/result/assessment/score: "
                 f"{texts[0]!r}", line=quad[0].line, field="quarterly_results")
        i += 1
    seen = {row[0] for row in rows}
    for quarter, result, assessment, pair, line in rows:
        report = _block_text(ex.doc, reports.get(quarter, []))
        ex.add("quarterly_results", doc_id=ex.doc.doc_id, indicator_key=key,
               quarter=quarter, result=result, assessment=assessment, score_pair=pair,
               report=None if report in ("", "-") else report, source_line=line)
    for quarter in sorted(set(reports) - seen):
        report = _block_text(ex.doc, reports[quarter])
        if report not in ("", "-"):
            ex.add("quarterly_results", doc_id=ex.doc.doc_id, indicator_key=key,
                   quarter=quarter, result=None, assessment=None, score_pair=None,
                   report=report, source_line=reports[quarter][0].line)


def _parse_alignment(ex: Extraction, key: str, lines: list[Paragraph]) -> None:
    previous: tuple[Paragraph, dict] | None = None
    for line in lines:
        found = _ALIGN.match(line.text)
        unread = None if found else _UNREAD_ALIGN.match(line.text)
        if unread and unread.group(1).count(".") >= len(_ALIGN_DEPTHS):
            unread = None  # deeper than any level
        if not (found or unread) and previous and wrapped_from(ex.doc, previous[0], line):
            row = previous[1]  # the rest of the line above, wrapped on the printed page
            row["text"] = normalize.join_broken_text(row["text"] or "", line.text)
            previous = (line, row)
            continue
        if unread:
            number, text = unread.groups()
            level = _ALIGN_DEPTHS[number.count(".")]
            ex.issue("warning", "alignment_label_unread",
                     f"alignment label of {number!r} not read; {level} by the depth of its "
                     "number", line=line.line, field="alignments")
        elif not found:
            ex.issue("info", "unplaced_text",
                     f"strategy alignment line not understood: {line.text[:200]}",
                     line=line.line, field="alignments")
            continue
        else:
            level, number, text = found.groups()
        row = ex.add("alignments", doc_id=ex.doc.doc_id, indicator_key=key, level=level,
                     number=number, text=text.strip() or None, source_line=line.line)
        previous = (line, row)


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
        ex.issue("warning", "missing_field", "the page states no fiscal year and no dated "
                 "report to infer it from", field="fiscal_year_be")
        return
    (year, _count), *rest = years.most_common()
    indicator["fiscal_year_be"] = year
    indicator["fiscal_year_inferred"] = True
    message = f"fiscal year {year} inferred from the dates of the quarterly reports"
    if rest:
        message += f" (other dates point at {sorted(y for y, _ in rest)})"
    ex.issue("info", "fiscal_year_inferred", message, line=indicator["source_line"],
             field="fiscal_year_be")
