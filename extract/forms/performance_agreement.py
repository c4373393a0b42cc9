"""BMA performance agreement ("ตัวชี้วัดเจรจาตกลงการประเมินผลการปฏิบัติราชการ").

Layout: a summary table of components (องค์ประกอบ 1.1, 1.2, ...) and their indicators with
past results, target and weight; then one detail section per indicator: policy and
strategy alignment lines, a detail table (name, baseline by year, target, weight, and a
long cell of definition / calculation / evidence / agency roles that runs over pages), a
scoring rubric table (levels 5..1), optional conditions and notes, and optional Gantt
action plans. The component ticks of the detail pages are lost in scans, so each detail
section is linked to its summary row by its name (fuzzy, OCR spellings differ) and takes
its component from there.

Step numbers, scoring levels and month headers a scan misread reach this parser mended
from their places by the structure-repair step (extract/_sequences.py), with their
issues. The baseline years stand in one cell's text, which only this form's layout
('พ.ศ. 2563 : value') splits into years and values; the run they make is mended by the
same step's `mend_year_run`.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ... import normalize
from .._blocks import Block, Paragraph, Row, Table
from .._document import Document
from .._records import Extraction
from .._sequences import RULE as SEQUENCE_RULE
from .._sequences import mend_table, mend_year_run
from .._validate import PLAN_SPAN
from ._common import (
    canonical_agency,
    nospace,
    split_at_labels,
    split_definitions,
)
from ._evidence import shows, shows_any

FORM_TYPE = "performance_agreement"

_TITLE = re.compile(r"ตัวชี้วัด.*(?:เจรจาตกลง|การประเมินผลการปฏิบัติราชการ)")
# The title's words, found fuzzily where a scan garbled the title ('ตัวฮีวัดเจรจาตกลง').
_TITLE_WORDS = ("ตัวชี้วัดเจรจาตกลง", "การประเมินผลการปฏิบัติราชการ")
_FISCAL_YEAR = re.compile(r"ประจำปี(?:งบประมาณ)?\s*(?:พ\.\s*ศ\.)?\s*(25[0-9]{2})")
# The agency stands within this many lines under the title: a scan may read a row of
# marks cut from the title, or specks, as lines between them; an agency the lexicon knows
# is taken first, else the first line with a word.
_AGENCY_REACH = 3
_LETTER = re.compile(r"[ก-ฮA-Za-z]{2}")
# The weight's label may come garbled from a scan ('นำหัน 20 คะแนน'): before "คะแนน",
# any one word will do.
_COMPONENT = re.compile(
    r"^([0-9]+\.[0-9]+)\s+(.+?)\s*(?:จำนวน\s*([0-9]+)\s*ตัวชี้วัด)?\s*"
    r"(?:น้ำหนัก\s*([0-9.]+)\s*(?:คะแนน)?|\S{1,8}\s*([0-9.]+)\s*คะแนน)?\s*$")
# A component row's number as a scan may misread it (one short word), and the words that
# tell the row a component's: its count of indicators or its weight.
_UNREAD_COMPONENT_NO = re.compile(r"^(\S{1,4})\s+\S")
_COMPONENT_WORDS = re.compile(r"จำนวน\s*[0-9]+\s*ตัวชี้วัด|น้ำหนัก\s*[0-9.]+\s*คะแนน")
# The number of a summary row, in a column of its own. A lone sign or letter beside it
# (group 2) is no text of the form: a speck, or a letter OCR made up after the gap.
_INDICATOR_NO = re.compile(r"^([0-9]{1,2})\s*\.?(?:\s+(\S))?$")
# A year's value runs to the next year; a scan may lose the colon or the value itself.
# A year's label as OCR gives it ('พ .ศ.', 'พศ.', 'พเ.ศ.', 'พ.ศ,': a comma read for the
# stop), and its year maybe cut short, grown a digit or two or led by specks read as
# signs or letters ('"25205', '@25057', '256505', 'โ25051', 'เซ5250').
# Or, where its year has a colon after it, the era's shape: a letter, a stop, a letter, a
# stop, either letter maybe misread or with a mark ('ผ.ศ. 2565 :', 'พ.ก. 2505 :',
# 'พ.ศิ. 2565 :'); not a month's (ก.พ., เม.ย.: their second letter is ค, พ or ย).
_MARK = "[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
_YEAR_LABEL = (r"(?:พ[^0-9]{0,4}?ศ|(?<![ก-ฮ])[ก-ฮ]" + _MARK + r"?\s*[.,]\s*(?![คพย])[ก-ฮ]" + _MARK
               + r"?(?=\s*[.,]\s*[0-9]{2,6}\s*:))\s*[.,]?\s*[^\s0-9]{0,2}\s*")
_BASELINE = re.compile(_YEAR_LABEL + r"([0-9]{1,6})\s*:?\s*(.*?)(?=\s*" + _YEAR_LABEL
                       + r"[0-9]|$)")
_FULL_YEAR = re.compile(r"(?<![0-9])25[0-9]{2}(?![0-9])")
# ...and after a space or a dash it touches ('-WA. 256 :'), or opening the value when
# the value before it was lost ('พ.ศ. 2565 : “พ. 2566 :': not a dash, which is a value),
# its year maybe cut short.
_GARBLED_YEAR = re.compile(r"(?:^(?![-–])|\s+|(?<=[-–]))[^\s0-9]{1,5}\s*(25[0-9]{1,2})\s*:\s*")
# ...or read in Latin letters, its colon lost too ('wea. 2565 1 ฉบับ'): a Thai value holds
# no Latin word right before a year.
_LATIN_LABEL_YEAR = re.compile(r"\s+[A-Za-z][A-Za-z.]{0,4}\s*(25[0-9]{2})(?![0-9])\s*:?\s*")
# ...or its label read and its year not, as letters or signs ('พ.ศ. webb :').
_UNREAD_YEAR = re.compile(r"\s*พ\.\s*ศ\.\s*([^\s0-9:]{2,6})\s*:\s*")
# List items: '1. ', '- '; a dash may touch its text ('-เอกสาร', '-.สำนักงาน', '-,สำนักงาน').
_NUMBERED_ITEM = re.compile(r"(?:^|\s)([0-9]{1,2})\.\s")
_DASHED_ITEM = re.compile(r"(?:^|\s)[-–—](?:\s|[.,]|(?=[\u0e01-\u0e4e]))")  # any dash
# ...and a sign a scan read for a later item's dash ('= รายงาน'): a sign alone before text.
_SIGN_FOR_DASH = re.compile(r"(?<=\S)\s[=~]\s(?=[\u0e01-\u0e4e])")
# One or two signs that are neither Thai nor digits before '. ' ('on.', '>.'): in a
# numbered list, where OCR misread an item's number.
_UNREAD_ITEM_NUMBER = re.compile(r"(?:^|\s)[^\s\u0e00-\u0e7f0-9]{1,2}\.\s")
_LEADER = re.compile(r"\.{2,}")  # leader dots between a label and its value
_SUBHEADINGS: tuple[tuple[str, str], ...] = (
    ("definition", r"นิยาม"),
    ("calculation", r"วิธีคำนวณ\s*/\s*วัดผลการดำเนินงาน\s*/\s*สูตรคำนวณ"),
    ("evidence", r"วิธีเก็บข้อมูล\s*/\s*หลักฐาน(?:\s*\(ต่อ\))?"),
    ("roles", r"ภารกิจของหน่วยงาน\s*/\s*ส่วนราชการ\s*ฯ?\s*ที่เกี่ยวข้อง"),
)

# The sub-headings as one pattern, each named by an empty group at its end: alternatives
# that open with a letter let the search skip in C to the letters that open one (the
# detail cell is the longest text of the form).
_SUBHEADING = re.compile("|".join(f"{regex}(?P<{name}>)" for name, regex in _SUBHEADINGS))


def _marks_optional(word: str) -> str:
    """A pattern for `word` that a scan may have printed with its marks lost or misread
    ('ยุทธศาสตรท', 'ยุทธิศาสตรท' for 'ยุทธศาสตร์ที่'): its letters, any marks on each."""
    return "".join(f"{re.escape(c)}[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*" for c in word
                   if unicodedata.category(c) != "Mn")


# Alignment levels always printed with a number after their label (a key result may not).
_NUMBERED_LEVELS = ("ยุทธศาสตร์", "ยุทธศาสตร์ย่อย")
_ALIGN_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (level, re.compile(pattern)) for level, pattern in (
        ("ยุทธศาสตร์ย่อย",
         f"^{_marks_optional('ยุทธศาสตร์ย่อย')}(?:{_marks_optional('ที่')})?"),
        ("ยุทธศาสตร์", f"^{_marks_optional('ยุทธศาสตร์')}(?:{_marks_optional('ที่')})?"),
        # The English gloss in brackets, whatever OCR made of it ('(Objective)',
        # '(100บัง1)'); or, where the Thai label is garbled ('ตั้งจัดผลหลัก'), the gloss
        # read right after a word.
        ("วัตถุประสงค์หลัก",
         r"^(?:วัตถุประสงค์หลัก\s*(?:\([^)]{0,24}\))?|\S{2,24}\s*\(\s*Objective\s*\))"),
        ("ตัววัดผลหลัก",
         r"^(?:ตัววัดผลหลัก\s*(?:\([^)]{0,24}\))?|\S{2,24}\s*\(\s*Key\s*Result[^)]{0,8}\))"),
    ))
# A policy's label and code in the policy line, its marks as a scan may have lost them;
# or a label garbled past that ('นโยบาทที่'), told by the 'ที่ <code> :' after it.
_POLICY = re.compile(f"{_marks_optional('นโยบาย')}(?:{_marks_optional('ที่')})?"
                     r"\s*([A-Za-z]*[0-9]+(?![^\s:.]))?\s*:?\s*(.*)$")
_GARBLED_POLICY = re.compile(f"^\\s*[^\\s0-9]{{2,8}}?{_marks_optional('ที่')}"
                             r"\s*([A-Za-z]*[0-9]+)\s*:\s*(.*)$")
_POLICY_LINE_LABEL = "สอดคล้องกับนโยบาย"
# That label and the governor's title after it, its letters as a scan may have misread
# them: the line's first word, up to 'นโยบาย'.
_POLICY_LABEL = re.compile(r"^\s*\S*?นโยบาย(?:ผู้ว่าราชการ\S*?กรุงเทพมหานคร)?")
# The dimension in it, its marks as a scan may have lost or misread them ('มิต', 'มีติ').
_DIMENSION = re.compile(_marks_optional("มิติ") + r"\s*([^\s.]+)")
# Alignment labels as they stand inside a line a reader joined them to: each followed by
# the leader dots or colon the form prints after it, a strategy label by its number.
_LINE_LABELS = re.compile(
    r"(?:ยุทธศาสตร์(?:ย่อย)?ที่|วัตถุประสงค์หลัก|ตัววัดผลหลัก)\s*(?:\([^)]{0,24}\))?\s*(?:\.{2,}|:)"
    r"|ยุทธศาสตร์(?:ย่อย)?ที่\s*[0-9]+(?:\.[0-9]+)*\.?\s")
# A key result's number after its 'KR.' garbled ('พิ.3 :'): the colon after it tells.
_GARBLED_KR = re.compile(r"^[^\s0-9]{1,3}\.\s*([0-9]+)\s*:\s*(.*)$")
# An agency heading in the roles text: a name right before a "-" or "1." task list.
_ROLE_HEAD = re.compile(r"((?:[^\s\-]+\s){0,5}?[^\s\-]+)\s*(?=-\s|[0-9]{1,2}\.\s)")
# The same where a word starts (`_role_heads`).
_ROLE_HEAD_AT_WORD = re.compile(r"(?<![^\s\-])" + _ROLE_HEAD.pattern)
_MONTH_MARKS = ("█", "■", "←→", "↔", "⟷")
# A step's number, as printed or as mended from its place (extract/_sequences.py).
_STEP = re.compile(r"^([0-9]{1,2})\s*\.+\s*(.*)$")
# The offices doing a step, by abbreviation, in brackets at its end: BMA's start with ส;
# OCR may move that letter ('(พสส.)'), so any letters before a full stop will do there.
_RESPONSIBLE_TAIL = re.compile(
    r"\(\s*((?:ส[ก-๙]{1,4}\.?\s*\+?\s*|[ก-ฮ]{2,5}\.\s*\+?\s*)+)\)\s*$")
_RESPONSIBLE_INNER = re.compile(r"\(\s*((?:ส[ก-๙]{1,4}\.\s*\+?\s*)+)\)")
_RESPONSIBLE_HEAD = re.compile(r"^(ส[ก-๙]{1,4}\.)\s")
# A note line: 'ขั้นตอนที่ 1 - 2 จะอยู่ในระดับความสำเร็จ 1'. Its labels by what a scan
# keeps of them ('ยันตอนที่', 'ระดับความสำเร็อ'); a span whose second number is unread
# ('6 - ฒ') is group 2.
_NOTE_LEVEL = re.compile(
    r"ตอนที่\s*([0-9]+(?:\s*[-–]\s*[0-9]+)?)(\s*[-–]\s*[^0-9\s])?.*?ระดับ\S*?\s*([0-9])")
_NAME_MATCH_MIN = 70  # rapidfuzz ratio (0-100) for a detail name to link to a summary row


def matches(doc: Document, blocks: list[Block]) -> bool:
    """Whether the form's labels (data/performance_agreement_evidence.tsv) show in the
    document."""
    from ._evidence import form_evidence

    return form_evidence(FORM_TYPE, blocks).matches


@dataclass
class _Indicator:
    row: dict
    alignment: list[tuple[int, str]] = field(default_factory=list)  # pending (line, text)


def parse(doc: Document, blocks: list[Block]) -> Extraction:
    ex = Extraction(doc, FORM_TYPE)
    fiscal_year, agency, agency_raw = _parse_title(ex, blocks)
    ex.fiscal_year_be = fiscal_year
    summary = next((b for b in blocks if isinstance(b, Table) and _is_summary(b)), None)
    if summary is None:
        ex.issue("error", "missing_section", "no summary table of indicators and weights",
                 field="indicators")
        return ex
    indicators = _parse_summary(ex, summary, fiscal_year, agency, agency_raw)
    blocks = _join_plan_pages(ex, blocks, fiscal_year)
    _check_component_weights(ex)
    current: dict | None = None
    pending: list[Paragraph] = []
    mode: str | None = None  # "conditions" / "notes" while reading those blocks
    for seg in blocks[blocks.index(summary) + 1:]:
        if isinstance(seg, Table):
            kind = _table_kind(seg)
            if kind == "detail" and _continues_detail(seg):
                # The detail table's header printed again over the rest of the section
                # above, a copy the reader could not match (`ซื้อตัวชี้วัด :`): the
                # rubric and plan that follow are still that indicator's.
                if current is not None and len(seg.rows) > 1:
                    ex.issue("warning", "unplaced_text",
                             f"indicator {current['indicator_key']}: the rest of its detail "
                             "under a header printed again is not joined to it",
                             line=seg.line, field="indicators.definition")
                continue
            if kind == "detail":
                current = _parse_detail(ex, seg, indicators)
                if current is not None:
                    _parse_alignment(ex, current["indicator_key"], pending)
                pending, mode = [], None
            elif kind == "rubric":
                _parse_rubric(ex, seg, current)
                mode = None
            elif kind == "plan":
                _parse_plan(ex, seg, current, fiscal_year)
                mode = None
            elif kind == "filler":
                continue
            else:
                ex.issue("warning", "unknown_table",
                         f"a table that is not part of the form: "
                         f"{' | '.join(seg.header.texts())[:200]}", line=seg.line)
            continue
        text = seg.text
        key = nospace(text)
        title = _is_title(key)
        if title or key.startswith(("องค์ประกอบที่", "หน่วยงาน/ส่วนราชการ")):
            pending, mode, current = [], None, None if title else current
            continue
        if key == nospace(agency or "") or key.startswith(
                ("เกณฑ์การให้คะแนน", "แผน", "ตัวชี้วัด“", "ตัวชี้วัด\"")):
            continue  # agency line under a title, rubric and plan captions
        if _is_alignment_label(text) or key.startswith((
                "ยุทธศาสตร์", "วัตถุประสงค์หลัก", "ตัววัดผลหลัก")):
            pending.append(seg)
            continue
        if pending and seg.page == pending[-1].page:
            # Between the alignment lines and the detail table the form prints nothing
            # else: text without a label there is the line above, wrapped where the
            # reader could not tell (`นโยบายที่` | `๐๙๙ : พัฒนา...`). (On the next page it
            # may be the page's foot.)
            pending[-1] = _continued(pending[-1], seg)
            continue
        if key.startswith("เงื่อนไข"):
            mode = "conditions"
            continue
        if key.startswith("หมายเหตุ"):
            mode = "notes"
            continue
        if mode and current is not None:
            column = mode
            current[column] = normalize.join_broken_text(current.get(column) or "", text)
            if mode == "notes":
                _note_to_rubric(ex, current["indicator_key"], text, seg.line)
            continue
        ex.issue("info", "unplaced_text", f"text not placed in any field: {text[:200]}",
                 line=seg.line)
    for ind in indicators:
        if ind.get("definition") is None and ind.get("_linked") is None:
            ex.issue("error", "missing_section",
                     f"no detail section found for indicator {ind['indicator_key']} "
                     f"({ind['name'][:60]})", line=ind["source_line"], field="indicators")
        ind.pop("_linked", None)
    _check_rubrics(ex)
    _check_evidence(ex)
    return ex


def _parse_title(ex: Extraction, blocks: list[Block],
                 ) -> tuple[int | None, str | None, str | None]:
    lines = [b for b in blocks[:10] if isinstance(b, Paragraph)]
    fiscal_year = agency = raw = None
    for i, line in enumerate(lines):
        if _is_title(nospace(line.text)) and (found := _FISCAL_YEAR.search(line.text)):
            fiscal_year = int(found.group(1))
            # The agency after the title's year where the title runs on, else under it.
            after = normalize.collapse_spaces(line.text[found.end():])
            candidates = [(after, line), *((normalize.collapse_spaces(below.text), below)
                                           for below in lines[i + 1:i + 1 + _AGENCY_REACH])]
            named = [(text, where) for text, where in candidates if _LETTER.search(text)]
            if named:
                raw, agency_line = next(((text, where) for text, where in named
                                         if normalize.match_agency(text)), named[0])
                agency = canonical_agency(ex, raw, line=agency_line.line, field="host_agency")
            break
    if fiscal_year is None:
        ex.issue("warning", "missing_field", "no fiscal year in the title",
                 field="fiscal_year_be")
    if agency is None:
        ex.issue("error", "missing_field", "no agency under the title", field="host_agency")
    return fiscal_year, agency, raw


def _is_title(key: str) -> bool:
    """Whether a line (its text without spaces) is the form's title, or the title printed
    again over a page: its words as printed, or garbled near the line's start (a title
    states its fiscal year: only a line that does is compared letter by letter)."""
    return bool(_TITLE.search(key)) or ("ประจำป" in key and shows_any(_TITLE_WORDS, key, "in"))


def _header_key(table: Table) -> str:
    return nospace(" ".join(table.header.texts()))


def _names_indicators(key: str) -> bool:
    """Whether a header's key has the indicator-name column: by `ตัวชี้วัด`, its marks
    aside (OCR loses them, and reads ชื่อ as ซื้อ)."""
    return shows("ตัวชี้วัด", key, "in")


def _is_summary(table: Table) -> bool:
    key = _header_key(table)
    return _names_indicators(key) and "น้ำหนัก" in key and "Baseline" not in key \
        and "ข้อมูลพื้นฐาน" not in key


def _join_plan_pages(ex: Extraction, blocks: list[Block], fiscal_year: int | None
                     ) -> list[Block]:
    """A plan going on after a page break whose repeated header a scan read too garbled
    to be taken for a repeat ('256 เร' for ๒๕๖๖), so that `structure` started a new table:
    a plan table right after a plan table, without a months row of its own, goes on
    with the one before."""
    out: list[Block] = []
    joined: list[Table] = []
    for seg in blocks:
        before = out[-1] if out else None
        if (isinstance(seg, Table) and isinstance(before, Table) and len(seg.rows) > 1
                and _table_kind(seg) == _table_kind(before) == "plan"
                and _month_columns(before, fiscal_year)
                and not _month_columns(seg, fiscal_year)):
            seg.rows[1].continued = True
            before.rows.extend(seg.rows[1:])
            before.n_header_rows_repeated += 1
            ex.issue("info", "row_joined",
                     f"the plan table on line {seg.line} goes on with the one "
                     "before: its header, printed again after a page break, was read too "
                     "garbled to match", line=seg.line, field="action_plans")
            if before not in joined:
                joined.append(before)
            continue
        out.append(seg)
    # The steps of the parts, one plan again, are one run: numbers misread at the end of
    # the first part follow from those read in the second.
    for table in joined:
        for mend in mend_table(table, recognized=ex.doc.recognized):
            field = "action_plans.months" if mend.code == "month_inferred" else \
                "action_plans.step_no"
            ex.repair(line=mend.line, field=field, rule=SEQUENCE_RULE,
                      original=mend.original, replacement=mend.replacement)
            ex.issue("warning", mend.code, mend.message, line=mend.line, field=field)
    return out


def _table_kind(table: Table) -> str | None:
    key = _header_key(table)
    # The baseline column is the detail table's own; with it, the name column's label or,
    # where a scan garbled that ('ชื่อตัวฮีวัด'), the weight and definition columns'.
    if ("Baseline" in key or "ข้อมูลพื้นฐาน" in key) and (
            _names_indicators(key) or ("น้ำหนัก" in key and "นิยาม" in key)):
        return "detail"
    # 'ระดับความสำเร็จ | เกณฑ์... | วิธีวัด... | คะแนน...'; a scan may garble the first
    # label ('ระดัป 74 ความสำเร็จ'), not the others as well
    if "คะแนน" in key and (key.startswith("ระดับ") or ("เกณฑ์" in key and "วิธีวัด" in key)):
        return "rubric"
    if "ขั้นตอน" in key or "แนวทาง" in key:
        return "plan"
    if not re.sub(r"[-–—|:\s]", "", key):
        return "filler"  # a row of dashes left by a Markdown table export
    return None


def _column(header: list[str], *words: str) -> int | None:
    keys = [nospace(h) for h in header]
    return next((j for j, k in enumerate(keys) if any(w in k for w in words)), None)


def _parse_summary(ex: Extraction, table: Table, fiscal_year: int | None,
                   agency: str | None, agency_raw: str | None) -> list[dict]:
    header = table.header.texts()
    col_name = _column(header, "ชื่อตัวชี้วัด") or 1
    col_past = _column(header, "ผลการดำเนินงาน", "ย้อนหลัง")
    col_target = _column(header, "เป้าหมาย")
    col_weight = _column(header, "น้ำหนัก")
    component = component_name = None
    indicators: list[dict] = []
    for row in table.rows[1:]:
        texts = row.texts()
        first = texts[0] if texts else ""
        if len([t for t in texts if t]) == 1 and (
                found := _COMPONENT.match(first) or _unread_component(ex, first, component,
                                                                      row.line)):
            component, component_name = found.group(1), found.group(2).strip()
            weight = normalize.parse_number(found.group(4) or found.group(5) or "")
            ex.add("components", doc_id=ex.doc.doc_id, component=component,
                   name=component_name,
                   n_indicators=int(found.group(3)) if found.group(3) else None,
                   weight=weight, source_line=row.line)
            for field, value in (("n_indicators", found.group(3)), ("weight", weight)):
                if value is None:
                    ex.issue("warning", "missing_field",
                             f"component {component}: its {field} not read in "
                             f"{first[:120]!r}", line=row.line, field=f"components.{field}")
            continue
        filled = [j for j, t in enumerate(texts) if t]
        if filled and filled[0] > 0 and indicators:
            # No number: the rest of the row above, broken by a page break
            _continue_summary_row(ex, indicators[-1], texts, row.line,
                                  {col_name: "name", col_past: "past_results"})
            continue
        if len(filled) == 1:
            if _COMPONENT_WORDS.search(first):  # a component's row, its number not read
                ex.issue("error", "missing_field", "a component row whose number was not "
                         f"read: {first[:120]!r}; its indicators have no component",
                         line=row.line, field="components.component")
                component = component_name = None
            continue  # else a heading row above the components ("องค์ประกอบที่ 1 ...")
        number = _INDICATOR_NO.match(first)
        if not number:
            ex.issue("warning", "unplaced_text",
                     f"summary row without an indicator number: {' | '.join(texts)[:200]}",
                     line=row.line, field="indicators")
            continue
        if component is None:
            ex.issue("warning", "missing_field", "an indicator before any component row",
                     line=row.line, field="component")
        if number.group(2):
            ex.issue("warning", "unplaced_text",
                     f"{number.group(2)!r} beside indicator number {number.group(1)} left out",
                     line=row.line, field="indicators")

        def cell(j: int | None, texts: list[str] = texts) -> str:
            return texts[j] if j is not None and j < len(texts) else ""

        target = normalize.parse_quantity(cell(col_target))
        weight = normalize.parse_number(cell(col_weight))
        if weight is None:
            ex.issue("warning", "unreadable_number", f"weight {cell(col_weight)!r}",
                     line=row.line, field="weight")
        indicators.append(ex.add(
            "indicators", doc_id=ex.doc.doc_id,
            indicator_key=f"{component or '?'}-{int(number.group(1))}",
            indicator_code=None, name=cell(col_name), fiscal_year_be=fiscal_year,
            host_agency=agency, host_agency_raw=agency_raw, target_value=target.value,
            target_unit=target.unit,
            target_text=target.text or None, component=component,
            component_name=component_name, weight=weight,
            past_results=cell(col_past) or None, source_line=row.line))
    return indicators


def _unread_component(ex: Extraction, text: str, previous: str | None, line: int
                      ) -> re.Match[str] | None:
    """A component row whose number a scan misread ('a ประสิทธิภาพ ... จำนวน 1 ตัวชี้วัด'
    after 1.1): its words say it is one (the count of indicators or the weight), and it
    is the component after the one above, flagged and recorded."""
    lead = _UNREAD_COMPONENT_NO.match(text)
    if previous is None or lead is None or not _COMPONENT_WORDS.search(text):
        return None
    major, _, minor = previous.rpartition(".")
    number = f"{major}.{int(minor) + 1}"
    found = _COMPONENT.match(number + text[lead.end(1):])
    if found:
        ex.issue("warning", "unreadable_number",
                 f"component number read {lead.group(1)!r}; taken as {number}, the one after "
                 f"{previous}", line=line, field="components.component")
        ex.repair(line=line, field="components.component", rule="sequence_inferred",
                  original=lead.group(1), replacement=number)
    return found


def _continue_summary_row(ex: Extraction, indicator: dict, texts: list[str], line: int,
                          fields: dict[int | None, str]) -> None:
    for j, text in enumerate(texts):
        if not text:
            continue
        name = fields.get(j)
        if name is None:
            ex.issue("warning", "unplaced_text", f"summary text with no indicator: {text[:200]}",
                     line=line, field="indicators")
            continue
        indicator[name] = normalize.join_broken_text(indicator[name] or "", text)


def _check_component_weights(ex: Extraction) -> None:
    for comp in ex.tables["components"]:
        members = [i for i in ex.tables["indicators"] if i["component"] == comp["component"]]
        total = sum(i["weight"] or 0 for i in members)
        if comp["weight"] is not None and total != comp["weight"]:
            ex.issue("warning", "total_mismatch",
                     f"component {comp['component']}: indicator weights add up to {total:g}, "
                     f"the component's weight is {comp['weight']:g}",
                     line=comp["source_line"], field="components.weight")
        announced = comp["n_indicators"]
        if announced is not None and announced > len(members):
            # Fewer rows than the form counts: a row was lost (a scan misread its number),
            # or the form miscounts; either way the summary cannot be trusted whole.
            ex.issue("error", "rows_missing",
                     f"component {comp['component']} announces {announced} indicators, "
                     f"the summary gives {len(members)}: {announced - len(members)} "
                     "indicator row(s) not read", line=comp["source_line"],
                     field="indicators")
        elif announced is not None and announced < len(members):
            ex.issue("warning", "total_mismatch",
                     f"component {comp['component']} announces {announced} indicators, "
                     f"the summary lists {len(members)}",
                     line=comp["source_line"], field="components.n_indicators")


def _link(ex: Extraction, name: str, number: int | None, indicators: list[dict],
          line: int) -> dict | None:
    """The summary row a detail section belongs to, by name; OCR spells the two
    differently, so the best fuzzy match wins if it is clearly the best."""
    key = nospace(name)
    scored = sorted(((fuzz.ratio(key, nospace(i["name"])), -n, i)
                     for n, i in enumerate(indicators) if not i.get("_linked")),
                    key=lambda t: (t[0], t[1]), reverse=True)
    if not scored or scored[0][0] < _NAME_MATCH_MIN:
        ex.issue("warning", "unlinked_section",
                 f"detail section {name[:80]!r} matches no summary indicator", line=line,
                 field="indicators")
        return None
    best = scored[0][2]
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 3:
        # Two names about as close: the printed number within the component decides.
        tied = [i for s, _n, i in scored if s >= scored[0][0] - 3]
        by_number = [i for i in tied if number and i["indicator_key"].endswith(f"-{number}")]
        best = by_number[0] if len(by_number) == 1 else best
    best["_linked"] = True
    return best


def _continues_detail(table: Table) -> bool:
    """Whether a detail table opens no indicator: a header alone, or rows whose first
    has neither a number nor a name (the rest of a section, under its header again)."""
    rows = table.rows[1:]
    if not rows:
        return True
    col_name = _column(table.header.texts(), "ชื่อตัวชี้วัด") or 1
    return not rows[0].cell(0).text.strip() and not rows[0].cell(col_name).text.strip()


def _parse_detail(ex: Extraction, table: Table, indicators: list[dict]) -> dict | None:
    header = table.header.texts()
    col_name = _column(header, "ชื่อตัวชี้วัด") or 1
    col_base = _column(header, "Baseline", "ข้อมูลพื้นฐาน")
    col_def = _column(header, "นิยาม", "วิธีคำนวณ")
    rows = table.rows[1:]
    if not rows:
        return None
    first = rows[0]
    texts = first.texts()
    number = _INDICATOR_NO.match(texts[0] if texts else "")
    name = texts[col_name] if col_name < len(texts) else ""
    indicator = _link(ex, name, int(number.group(1)) if number else None, indicators,
                      first.line)
    if indicator is None:
        return None
    key = indicator["indicator_key"]
    if col_base is not None:
        # A cell a page break cut goes on in the rows below ('... พ.ศ.' / '2566 : -').
        _parse_baselines(ex, key, " ".join(row.cell(col_base).text for row in rows).strip(),
                         first.line)
    blocks: list[tuple[str, int]] = []
    for row in rows:
        if col_def is not None and col_def < len(row.cells):
            blocks.extend((p.text, row.line) for p in row.cells[col_def].paragraphs)
    parts = _split_subheadings(" ".join(b for b, _ in blocks))
    indicator["definition"] = parts.get("definition")
    indicator["calculation"] = parts.get("calculation")
    evidence = parts.get("evidence")
    indicator["evidence"] = evidence
    indicator["evidence_count"] = None
    if evidence:
        count, doubt = _count_items(evidence)
        indicator["evidence_count"] = count
        if doubt:
            ex.issue("warning", "uncertain_count",
                     f"indicator {key}: {count} evidence items counted, but {doubt}",
                     line=indicator["source_line"], field="indicators.evidence_count")
    for term, meaning in split_definitions(parts.get("definition") or ""):
        ex.add("definitions", doc_id=ex.doc.doc_id, indicator_key=key, term=term,
               meaning=meaning, source_line=first.line)
    if parts.get("roles"):
        _parse_roles(ex, indicator, parts["roles"], first.line)
    return indicator


def _parse_roles(ex: Extraction, indicator: dict, text: str, line: int) -> None:
    """'ภารกิจของหน่วยงาน...': agency names, each followed by its list of tasks, become
    targets rows (no target value; the host is H, the others R)."""
    heads = []
    for found in _role_heads(text):
        words = found.group(1).split()
        # The longest run of words that names a known agency ("สำนักวัฒนธรรม กีฬา และ...").
        for n in range(min(len(words), 6), 0, -1):
            name = " ".join(words[-n:])
            if (match := normalize.match_agency(name)) and match.rule in (
                    "exact", "spacing", "alias", "district_office"):
                heads.append((found.end(1) - len(name), found.end(1), name, match.canonical))
                break
    for i, (_start, end, raw, canonical) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        mission = text[end:stop].strip(" -") or None
        ex.add("targets", doc_id=ex.doc.doc_id, indicator_key=indicator["indicator_key"],
               agency=canonical, agency_raw=raw,
               role="H" if canonical == indicator.get("host_agency") else "R",
               target_value=None, target_unit=None, target_text=None, mission=mission,
               source_line=line)


def _role_heads(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_ROLE_HEAD.finditer(text)`, tried where words start. Tried at every
    letter, the pattern reads up to six words ahead of each; a heading it finds from
    inside a word it finds from that word's start, unless the search begins inside the
    word (where the heading before ended on a number: 'ข้อ12.'), which is tried first."""
    at = 0
    while found := _ROLE_HEAD.match(text, at) or _ROLE_HEAD_AT_WORD.search(text, at):
        yield found
        at = found.end()


def _parse_baselines(ex: Extraction, key: str, text: str, line: int) -> None:
    matches = list(_BASELINE.finditer(text))
    years = _split_garbled_labels(ex, key, line,
                                  [(int(m.group(1)), m.group(2)) for m in matches])
    for i, (year, value) in enumerate(years):
        # 'พ.ศ. 256 :-': the year after the one before it (or, first, before the next)
        known = (years[i - 1][0] + 1 if i else
                 years[1][0] - 1 if len(years) > 1 and normalize.parse_be_year(str(years[1][0]))
                 else None)
        if normalize.parse_be_year(str(year)) is None and known is not None:
            ex.issue("warning", "unreadable_number",
                     f"indicator {key}: baseline year {year} unreadable; taken as {known}, "
                     "by the years beside it", line=line, field="baselines.year_be")
            years[i] = (known, value)
    # ...and again with those years known ('พ.ศ. 25051:- WA. 2566 :': 2565, then 2566)
    years = _split_garbled_labels(ex, key, line, years)
    head = text[:matches[0].start()].strip() if matches else text.strip()
    if years and (garbled := _garbled_head(head, years[0][0])):
        years[:0] = garbled  # every label before the first one read garbled, years read
    elif head and head not in ("-", "–"):
        label, colon, value = head.rpartition(":")
        if years and colon and label.strip():
            # A year whose label OCR garbled ('พตาษ563 : -', 'WA. 2563 : -'): the year
            # before the first one read, or every year after it would shift into its place.
            before = years[0][0] - 1
            if [int(y) for y in _FULL_YEAR.findall(label)] != [before]:
                ex.issue("warning", "unreadable_number",
                         f"indicator {key}: baseline year {label.strip()[:40]!r} unreadable; "
                         f"taken as {before}, the year before {years[0][0]}",
                         line=line, field="baselines.year_be")
            years.insert(0, (before, value))
        else:
            ex.issue("warning", "unplaced_text",
                     f"indicator {key}: baseline text before the first year not understood: "
                     f"{head[:80]!r}", line=line, field="baselines.year_be")
    _mend_misread_year(ex, key, years, line)
    previous = None
    for year, value_text in years:
        value_text = value_text.strip(" :")
        if previous is not None and year != previous + 1:
            ex.issue("warning", "baseline_years",
                     f"indicator {key}: baseline year {year} follows {previous}",
                     line=line, field="baselines.year_be")
        if not value_text:
            ex.issue("warning", "missing_field",
                     f"indicator {key}: no baseline value for {year}", line=line,
                     field="baselines.value_text")
        previous = year
        quantity = normalize.parse_quantity(value_text)
        ex.add("baselines", doc_id=ex.doc.doc_id, indicator_key=key,
               year_be=year, value=quantity.value, unit=quantity.unit,
               value_text=value_text or None, source_line=line)


def _garbled_head(head: str, first: int) -> list[tuple[int, str]]:
    """The entries of baseline text before the first year whose label was read, where it
    holds two or more entries whose labels a scan garbled and whose years it read, running
    up to the year before `first` ('weet. 2563 : - wer. 2564 : -' before 'พ.ศ. 2565');
    empty otherwise (one entry is `_parse_baselines`'s to read)."""
    found = list(_GARBLED_YEAR.finditer(head))
    years = [int(m.group(1)) for m in found]
    if (len(found) < 2 or found[0].start() != 0
            or years != list(range(first - len(years), first))):
        return []
    ends = [m.start() for m in found[1:]] + [len(head)]
    return [(year, head[m.end():end]) for year, m, end in zip(years, found, ends, strict=True)]


def _split_garbled_labels(ex: Extraction, key: str, line: int,
                          years: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A year whose label OCR garbled ('WA. 2566 :', '-WA. 256 :', 'wea. 2565' with its
    colon lost too) inside the value before it: where the year read is the next one, or
    its first digits (flagged), or the one before the next entry's, it is an entry of its
    own; so is a label read with its year unread ('พ.ศ. webb :'), the next year (flagged)."""
    out: list[tuple[int, str]] = []
    for index, (year, value) in enumerate(years):
        before_next = years[index + 1][0] - 1 if index + 1 < len(years) else None
        while found := _garbled_year(value, year, before_next):
            read = int(found.group(1)) if found.group(1).isdigit() else None
            if read is None or (read != before_next and read != year + 1):
                how = "cut short" if read else "unreadable"
                ex.issue("warning", "unreadable_number",
                         f"indicator {key}: baseline year {found.group(1)!r} {how}; taken "
                         f"as {year + 1}, after {year}", line=line, field="baselines.year_be")
            out.append((year, value[:found.start()]))
            year, value = read if read == before_next else year + 1, value[found.end():]
        out.append((year, value))
    return out


def _garbled_year(value: str, year: int, before_next: int | None) -> re.Match[str] | None:
    """The first garbled year label in `value` that reads the next year, its first
    digits, or `before_next`, or a label whose year was not read."""
    found = [m for pattern in (_GARBLED_YEAR, _LATIN_LABEL_YEAR) for m in pattern.finditer(value)
             if (str(year + 1).startswith(m.group(1)) or int(m.group(1)) == before_next)
             and not _names_a_month(value[m.start():m.start(1)])]
    found += _UNREAD_YEAR.finditer(value)
    return min(found, key=lambda m: m.start(), default=None)


def _names_a_month(label: str) -> bool:
    """Whether what stands before a year is a month ('ณ ก.ค. 2566 :'), not a garbled era."""
    words = label.strip(" -–").split()
    return bool(words) and normalize.month_number(words[-1]) is not None


def _mend_misread_year(ex: Extraction, key: str, years: list[tuple[int, str]],
                       line: int) -> None:
    """A baseline year off the run of the others is the year its place says
    (`mend_year_run`), with an issue."""
    for i, year in mend_year_run([year for year, _ in years]).items():
        ex.issue("warning", "unreadable_number",
                 f"indicator {key}: baseline year read as {years[i][0]} where the run of "
                 f"years has {year}; taken as that", line=line, field="baselines.year_be")
        years[i] = (year, years[i][1])


def _split_subheadings(text: str) -> dict[str, str]:
    """Definition / calculation / evidence / agency roles of the long detail cell, by
    their sub-headings; a part printed in two places (continued on a later page, "(ต่อ)")
    is joined."""
    marks = [(m.lastgroup, m.start(), m.end()) for m in _SUBHEADING.finditer(text)]
    # Only the first "นิยาม" is a heading; the word recurs inside definitions.
    seen_definition = False
    heads = []
    for name, start, end in marks:
        if name == "definition":
            if seen_definition or (start > 0 and heads):
                continue
            seen_definition = True
        heads.append((name, start, end))
    parts: dict[str, str] = {}
    if heads and heads[0][1] > 0:
        parts["definition"] = text[: heads[0][1]].strip()
    for i, (name, _start, end) in enumerate(heads):
        stop = heads[i + 1][1] if i + 1 < len(heads) else len(text)
        body = text[end:stop].strip()
        if body:
            parts[name] = f"{parts[name]} {body}" if name in parts else body
    if not heads and text.strip():
        parts["definition"] = text.strip()
    return parts


def _count_items(text: str) -> tuple[int, str | None]:
    """Items of a list printed as '1. ... 2. ...' or '- ... - ...', and why the count may
    be off (None when the markers are regular): numbers that do not run 1, 2, 3..., a
    number OCR could not read, a dash run into its text, a first item's dash read as a
    sign (':', '=')."""
    numbered = list(_NUMBERED_ITEM.finditer(text))
    numbers = [int(m.group(1)) for m in numbered]
    dashes = _DASHED_ITEM.findall(text)
    if numbers and len(numbers) >= len(dashes):
        unread = len(_UNREAD_ITEM_NUMBER.findall(text))
        count = len(numbers) + unread
        if numbers == sorted(numbers):
            # items before the first number read lost their stops ('1 แผน 2 รายงาน 3. ...')
            after_last = len(_UNREAD_ITEM_NUMBER.findall(text, numbered[-1].end() - 1))
            count = max(count, numbers[-1] + after_last)
        if numbers == list(range(1, len(numbers) + 1)) and not unread:
            return count, None
        return count, f"the items are numbered {', '.join(map(str, numbers))}" + (
            f" with {unread} number(s) unreadable" if unread else "")
    if not dashes:
        return 1, None
    # A dash not followed by a space ran into its text ('-เอกสาร', '-.สำนักงาน', '-,').
    odd = [text[m.start():m.end() + 3].strip() for m in _DASHED_ITEM.finditer(text)
           if not m.group(0)[-1].isspace()]
    signs = [s.strip() for s in _SIGN_FOR_DASH.findall(text)]
    count = len(dashes) + len(signs)
    doubts = [f"item dashes read as a sign ({', '.join(sorted(set(signs)))})"] if signs else []
    first = text.lstrip()[:1]
    if re.match(r"\s*[^\w\s\-–—]\s", text) and text.lstrip()[1:].lstrip()[:1] not in (
            "-", "–", "—"):
        count += 1  # the first item's dash read as a sign (':', '.', '=')
        doubts.insert(0, f"the list begins with {first!r}, taken as an item's dash")
    elif stray := re.match(r"\s*([^\s\-–—]{1,2}[-–—])\s", text):
        count += 1  # a speck read before the first item's dash ('ฬ- แผน...')
        doubts.insert(0, f"the list begins with {stray.group(1)!r}, taken as an item's dash")
    elif first.isalnum():
        count += 1  # the first item's dash lost: its text stands before the first dash
        doubts.insert(0, f"the list begins without a dash ({text.strip()[:12]!r}...)")
    if odd:
        doubts.append(f"item dashes run into their text ({', '.join(odd)})")
    return count, "; ".join(doubts) or None


def _parse_alignment(ex: Extraction, key: str, lines: list[Paragraph]) -> None:
    rows_before = len(ex.tables["alignments"])
    for seg in split_at_labels(lines, _LINE_LABELS):
        text = seg.text
        no = seg.line
        if _opens_policy_line(text):
            body = _POLICY_LABEL.sub("", text)
            body = _LEADER.sub(" ", body)
            dimension = _DIMENSION.search(body)
            if dimension:
                ex.add("alignments", doc_id=ex.doc.doc_id, indicator_key=key, level="มิติ",
                       number=None, text=dimension.group(1), source_line=no)
                body = body[dimension.end():]
            policy = _POLICY.search(body) or _GARBLED_POLICY.match(body)
            number, policy_text = (policy.group(1), policy.group(2)) if policy else (
                None, body)
            if policy and number is None:
                policy_text = _drop_unread_number(ex, policy_text, no)
            if not policy:
                # 'Po36', or 'Po 36' where the code's letters and digits come from
                # two fonts, set apart by the second one's side bearing
                code = re.match(r"\s*([A-Za-z]+) ?([0-9]+)\s+(.*)$", body)
                if code:
                    number, policy_text = code.group(1) + code.group(2), code.group(3)
                else:  # a code whose digits came out as letters ('Pomd')
                    policy_text = _drop_unread_number(ex, body.strip(), no)
            ex.add("alignments", doc_id=ex.doc.doc_id, indicator_key=key, level="นโยบาย",
                   number=number, text=_tidy(policy_text), source_line=no)
            continue
        for level, label in _ALIGN_LABELS:
            found = label.match(text)
            if not found:
                continue
            rest = text[found.end():].strip(" .")
            numbered = re.match(r"^(?:KR\s*\.?\s*)?([0-9]+(?:\.[0-9]+)*)\.?\s*(?:[:.]\s*)?(.*)$",
                                rest) or _GARBLED_KR.match(rest)
            number, body = (numbered.group(1), numbered.group(2)) if numbered else (None, rest)
            if number is None and level != "วัตถุประสงค์หลัก":  # the one printed unnumbered
                if re.match(r"KR\s*\.?\s*:", body):  # 'KR. :', the number lost between
                    ex.issue("warning", "unreadable_number", "no number read after 'KR'",
                             line=no, field="alignments.number")
                body = _drop_unread_number(ex, re.sub(r"^KR\s*\.?\s*", "", body), no)
            ex.add("alignments", doc_id=ex.doc.doc_id, indicator_key=key, level=level,
                   number=number, text=_tidy(body), source_line=no)
            break
    _check_strategy_numbers(ex, ex.tables["alignments"][rows_before:])


def _check_strategy_numbers(ex: Extraction, rows: list[dict]) -> None:
    """A sub-strategy is numbered under its strategy (ยุทธศาสตร์ที่ 3, ยุทธศาสตร์ย่อยที่ 3.3);
    where the two disagree, a scan misread or lost part of one ('๓.๓' read '3'), and both
    are flagged: which one cannot be told. A strategy number a scan lost ('ที่ ๖' read
    'ท เข') is its sub-strategy's first part; any other numbered line without its number
    is flagged."""
    strategy = None
    for row in rows:
        if row["level"] == "ยุทธศาสตร์":
            strategy = row
        elif row["level"] == "ยุทธศาสตร์ย่อย" and strategy and row["number"]:
            parent = row["number"].split(".")[0]
            if strategy["number"] is None and "." in row["number"]:
                strategy["number"] = parent
                ex.issue("warning", "unreadable_number",
                         f"strategy number unread; taken as {parent}, the first part of its "
                         f"sub-strategy {row['number']}", line=strategy["source_line"],
                         field="alignments.number")
            elif strategy["number"] and not row["number"].startswith(strategy["number"] + "."):
                for flagged in (strategy, row):
                    ex.issue("warning", "unreadable_number",
                             f"sub-strategy {row['number']} is not numbered under strategy "
                             f"{strategy['number']}", line=flagged["source_line"],
                             field="alignments.number")
    said = {i.source_line for i in ex.issues if i.code == "unreadable_number"}
    for row in rows:
        if row["number"] is None and row["level"] in _NUMBERED_LEVELS and \
                row["source_line"] not in said:
            ex.issue("warning", "unreadable_number",
                     f"no number read after the {row['level']} label", line=row["source_line"],
                     field="alignments.number")


def _drop_unread_number(ex: Extraction, text: str, line: int) -> str:
    """`text` without the number it starts with where OCR read that number as signs or
    Latin letters ('0«5 :', 'Woe', the 'n' of 'KRn :', 'Clo...'), which is flagged: a
    scan's number printed after a policy, strategy or key result label."""
    # One or two such words: the Thai word after the number may be misread too ('Woe LN').
    # The text may start on the next line (the number and the word misread end this one).
    unread = re.match(r"([^\s\u0e01-\u0e4e:]{1,6}?(?:\s+[^\s\u0e01-\u0e4e:]{1,6}?)?)"
                      r"\.*\s*:?(?:\s+(?=[\u0e01-\u0e4e])|\s*$)", text)
    if not (ex.doc.recognized and unread):
        return text
    ex.issue("warning", "unreadable_number",
             f"alignment number {unread.group(1)!r} is not a number", line=line,
             field="alignments")
    return text[unread.end():]


def _continued(line: Paragraph, rest: Paragraph) -> Paragraph:
    """`line` with the paragraph that goes on from it joined, as a wrapped line joins."""
    text = normalize.join_broken_text(line.text, rest.text)
    return dataclasses.replace(line, text=text, spans=line.spans + rest.spans, lead=text,
                               checkboxes=())


def _opens_policy_line(text: str) -> bool:
    """Whether a line opens with the policy line's label, as printed or with a letter in
    eight misread ('สอดคล้องถกับนโยบาย')."""
    return nospace(text).startswith(_POLICY_LINE_LABEL) or shows(_POLICY_LINE_LABEL, text)


def _is_alignment_label(text: str) -> bool:
    return _opens_policy_line(text) or any(
        label.match(text) for _level, label in _ALIGN_LABELS)


def _tidy(text: str) -> str | None:
    # Leader dots at the ends are the form's fill-in lines (a comma there, a speck OCR
    # read); inside, they are as printed.
    text = normalize.collapse_spaces(text).strip(" .:,|")
    return text or None


def _parse_rubric(ex: Extraction, table: Table, indicator: dict | None) -> None:
    if indicator is None:
        ex.issue("warning", "unplaced_text", "a scoring table outside any indicator section",
                 line=table.line, field="rubrics")
        return
    key = indicator["indicator_key"]
    columns = len(table.rows[0].texts())
    for row in table.rows[1:]:
        texts = row.texts()
        # A level may be printed, or read, as an item number ('๓.').
        level = normalize.parse_number(texts[0].removesuffix(".")) if texts else None
        unread = level is None and len(texts) >= 3 and 0 < len(texts[0]) <= 2 and bool(
            re.search(r"[0-9]", texts[1]))
        if unread:
            # A level a scan lost ('-' for ๔) where a criterion follows, that its place
            # in the table's order could not tell: the row keeps its place.
            ex.issue("warning", "unreadable_number",
                     f"indicator {key}: scoring level {texts[0]!r} unreadable",
                     line=row.line, field="rubrics.level")
        name = "?" if level is None else f"{level:g}"
        if (level is not None or unread) and len(texts) == columns - 1 >= 3:
            # The last cell empty (a scan lost the score): the row keeps its place.
            ex.issue("warning", "unreadable_number", f"indicator {key} level {name}: no score",
                     line=row.line, field="rubrics.score")
            texts = [*texts, ""]
        if (level is None and not unread) or len(texts) < 4:
            ex.issue("warning", "unplaced_text",
                     f"scoring row not understood: {' | '.join(texts)[:200]}",
                     line=row.line, field="rubrics")
            continue
        criterion = normalize.parse_quantity(texts[1])
        if criterion.value is None and re.search(r"ร้อยละ|%", texts[1]):
            ex.issue("warning", "unreadable_number",
                     f"indicator {key} level {name}: no number in the criterion "
                     f"{texts[1]!r}", line=row.line, field="rubrics.criterion_percent")
        score = normalize.parse_number(texts[-1].replace("คะแนน", ""))
        if score is None and texts[-1].strip():
            ex.issue("warning", "unreadable_number",
                     f"indicator {key} level {name}: score {texts[-1]!r} "
                     "unreadable", line=row.line, field="rubrics.score")
        ex.add("rubrics", doc_id=ex.doc.doc_id, indicator_key=key,
               level=None if level is None else int(level),
               criterion_percent=criterion.value, criterion_text=texts[1] or None,
               method=" ".join(texts[2:-1]) or None, score=score,
               plan_steps=None, source_line=row.line)


def _note_to_rubric(ex: Extraction, key: str, text: str, line: int) -> None:
    found = _NOTE_LEVEL.search(text)
    if not found:
        return
    steps = re.sub(r"\s*[-–]\s*", "-", found.group(1))
    level = int(found.group(3))
    if found.group(2):
        read = text[found.start(1):found.end(2)]
        ex.issue("warning", "unreadable_number",
                 f"indicator {key} level {level}: the note's steps {read!r} end in a number "
                 "not read; only the first is given", line=line, field="rubrics.plan_steps")
    for rubric in ex.tables["rubrics"]:
        if rubric["indicator_key"] == key and rubric["level"] == level:
            rubric["plan_steps"] = steps
            return
    ex.issue("warning", "unplaced_text",
             f"note maps steps {steps} to level {level}, which the scoring table lacks",
             line=line, field="rubrics.plan_steps")


def _check_rubrics(ex: Extraction) -> None:
    weights = {i["indicator_key"]: i.get("weight") for i in ex.tables["indicators"]}
    by_key: dict[str, list[dict]] = {}
    for rubric in ex.tables["rubrics"]:
        by_key.setdefault(rubric["indicator_key"], []).append(rubric)
    for key, weight in weights.items():
        rubrics = by_key.get(key, [])
        levels = sorted(r["level"] for r in rubrics if r["level"] is not None)
        message = f"indicator {key} has scoring levels {levels}, expected 1-5"
        where = rubrics[0]["source_line"] if rubrics else None
        if not rubrics and by_key:
            # Other indicators of the form have their rubric: this one's table was lost.
            ex.issue("error", "missing_section", f"no scoring rubric found for indicator "
                     f"{key}, while other indicators have theirs", field="rubrics")
        elif rubrics and not {1, 2, 3, 4, 5} <= set(levels):
            # A rubric has the five levels: one it lacks is a row lost, not a choice.
            ex.issue("error", "rubric_levels_incomplete", message, line=where, field="rubrics")
        elif levels != [1, 2, 3, 4, 5]:
            ex.issue("warning", "rubric_levels_incomplete", message, line=where,
                     field="rubrics")
        if any(r["plan_steps"] for r in rubrics):
            # A note maps plan steps to each level; a level it skips lost its note line.
            for r in rubrics:
                if not r["plan_steps"]:
                    ex.issue("warning", "missing_field",
                             f"indicator {key} level {r['level'] or '?'}: the note maps plan "
                             "steps to the other levels but none to this one",
                             line=r["source_line"], field="rubrics.plan_steps")
        _check_criteria_order(ex, key, rubrics)
        _check_plan_steps(ex, key, rubrics)
        for r in rubrics:
            if weight is None or r["score"] is None or r["level"] is None:
                continue
            expected = weight * r["level"] / 5
            if abs(r["score"] - expected) > 1e-6:
                ex.issue("warning", "rubric_score_mismatch",
                         f"indicator {key} level {r['level']}: score {r['score']:g}, but "
                         f"weight {weight:g} x {r['level']}/5 = {expected:g}",
                         line=r["source_line"], field="rubrics.score")


def _check_plan_steps(ex: Extraction, key: str, rubrics: list[dict]) -> None:
    """The note maps the plan's steps to the levels in order: each level's steps begin
    where the level below ended or right after, level 1's at step 1, and the top level's
    end at the plan's last step. A range out of that run was misread ('6-7' read '6' or
    '2-7')."""
    spans = sorted(((r["level"], r, _step_span(r["plan_steps"])) for r in rubrics
                    if r["level"] is not None and r["plan_steps"]), key=lambda t: t[0])
    last = max((p["step_no"] for p in ex.tables["action_plans"]
                if p["indicator_key"] == key and p["step_no"]), default=None)
    end = None  # the step the level below ended at, where it was in order
    for index, (level, row, span) in enumerate(spans):
        top = index == len(spans) - 1 and level == 5
        wrong = span is None or (
            (level == 1 and span[0] != 1) or (end is not None and span[0] not in (end, end + 1))
            or (top and last is not None and span[1] != last))
        if wrong:
            ex.issue("warning", "unreadable_number",
                     f"indicator {key} level {level}: plan steps {row['plan_steps']!r} do not "
                     f"follow the level below's" + (f" and end at the plan's last step {last}"
                                                     if top and last else ""),
                     line=row["source_line"], field="rubrics.plan_steps")
        end = None if wrong else span[1]  # type: ignore[index]


def _step_span(text: str) -> tuple[int, int] | None:
    found = re.fullmatch(r"\s*([0-9]{1,2})\s*(?:-\s*([0-9]{1,2}))?\s*", text)
    if not found:
        return None
    low = int(found.group(1))
    return low, int(found.group(2) or low)


def _check_evidence(ex: Extraction) -> None:
    """An indicator whose detail gave no evidence list while others of the form have one
    lost its subheading to the scan (its text went to the part above): said, since its
    count is null."""
    rows = [r for r in ex.tables["indicators"] if r.get("definition") is not None]
    if not any(r.get("evidence") for r in rows):
        return
    for row in rows:
        if not row.get("evidence"):
            ex.issue("warning", "missing_field",
                     f"indicator {row['indicator_key']}: no evidence list found, while other "
                     "indicators have theirs", line=row["source_line"],
                     field="indicators.evidence_count")


def _check_criteria_order(ex: Extraction, key: str, rubrics: list[dict]) -> None:
    """A higher level asks for more: a criterion percent not between those of the levels
    on either side, where those two are in order, was misread (a scan's ๖๐ read 20)."""
    rows = sorted((r for r in rubrics if r["level"] is not None
                   and r["criterion_percent"] is not None), key=lambda r: r["level"])
    for below, row, above in zip(rows, rows[1:], rows[2:], strict=False):
        low, value, high = (r["criterion_percent"] for r in (below, row, above))
        if low < high and not low < value < high:
            ex.issue("warning", "unreadable_number",
                     f"indicator {key} level {row['level']}: criterion {value:g}% is not "
                     f"between those of levels {below['level']} ({low:g}%) and "
                     f"{above['level']} ({high:g}%)", line=row["source_line"],
                     field="rubrics.criterion_percent")


def _month_columns(table: Table, fiscal_year: int | None) -> dict[int, str]:
    """Column index -> calendar month "YYYY-MM", from the two header rows: BE years (or
    one fiscal year) over month abbreviations."""
    rows = table.rows[:2]
    if len(rows) < 2:
        return {}
    years_row, months_row = rows[0].texts(), rows[1].texts()
    columns: dict[int, str] = {}
    fiscal = None
    year_at: dict[int, int] = {}
    for j, text in enumerate(years_row):
        year = normalize.parse_be_year(text) if text else None
        if year and not _far_from(year, fiscal_year):
            if "ปีงบประมาณ" in nospace(text):
                fiscal = year
            else:
                year_at[j] = year
    current_year = None
    for j, text in enumerate(months_row):
        if j in year_at:
            current_year = year_at[j]
        month = normalize.month_in_heading(text)
        if month is None:
            continue
        if fiscal or (current_year is None and fiscal_year):
            columns[j] = normalize.fiscal_month_to_calendar(fiscal or fiscal_year, month)
        elif current_year:
            columns[j] = f"{normalize.be_to_ce(current_year):04d}-{month:02d}"
    return columns


def _months_under_january(table: Table, fiscal_year: int | None) -> dict[int, str]:
    """Column -> month where no month header was read but the row holds twelve cells side
    by side and the years row prints the fiscal year over the fourth of them: a plan's
    months run October to September, the year changing at January. Empty otherwise."""
    if len(table.rows) < 2 or fiscal_year is None:
        return {}
    years_row, months_row = table.rows[0].texts(), table.rows[1].texts()
    cells = [j for j, text in enumerate(months_row) if text]
    first = cells[0] if cells else 0
    if cells != list(range(first, first + 12)) or len(years_row) <= first + 3:
        return {}
    if normalize.parse_be_year(years_row[first + 3]) != fiscal_year:
        return {}
    october = 10
    return {first + k: normalize.fiscal_month_to_calendar(fiscal_year, (october - 1 + k) % 12 + 1)
            for k in range(12)}


def _far_from(year: int, fiscal_year: int | None) -> bool:
    """Whether a plan header's year is too far from the fiscal year to be read right (a
    scan's ๒๕๖๗ read as 2503): the months go by the fiscal year instead."""
    return fiscal_year is not None and abs(year - fiscal_year) > PLAN_SPAN


def _misread_header_years(table: Table, fiscal_year: int | None) -> list[int]:
    """The years of a plan's header row that `_month_columns` passes over (`_far_from`)."""
    texts = table.rows[0].texts() if table.rows else []
    years = [normalize.parse_be_year(t) for t in texts if t]
    return [y for y in years if y and _far_from(y, fiscal_year)]


def _parse_plan(ex: Extraction, table: Table, indicator: dict | None,
                fiscal_year: int | None) -> None:
    if indicator is None:
        ex.issue("warning", "unplaced_text", "an action plan outside any indicator section",
                 line=table.line, field="action_plans")
        return
    key = indicator["indicator_key"]
    year = indicator.get("fiscal_year_be") or fiscal_year
    columns = _month_columns(table, year)
    for misread in _misread_header_years(table, year):
        ex.issue("warning", "implausible_year",
                 f"indicator {key}: the plan's header reads year {misread}, far from the "
                 f"fiscal year {year}; its months are placed by the fiscal year",
                 line=table.line, field="action_plans.months")
    if len(columns) < 3 and (by_year := _months_under_january(table, year)):
        # one or two headers read as months tell no run ('พค' read for ก.พ.); the year does
        columns = by_year
        ex.issue("warning", "month_inferred",
                 f"indicator {key}: the plan's month headers could not be read; its twelve "
                 "month columns are the fiscal year's, January's under the year printed "
                 "over it", line=table.line, field="action_plans.months")
    if not columns:
        ex.issue("error", "unknown_table_layout",
                 "an action plan whose month columns could not be read: its steps are not "
                 "given",
                 line=table.line, field="action_plans")
        return
    for row, texts in _join_split_steps(ex, _body_rows(table)):
        first = texts[0] if texts else ""
        found = _STEP.match(first)
        if not found:
            if any(texts[1:]):
                # Months marked: a step whose number was not read, lost from the plan
                ex.issue("error", "rows_missing",
                         f"a plan row with marked months but no step number read: "
                         f"{first[:120]!r}; its step is not in action_plans",
                         line=row.line, field="action_plans")
            elif first:
                ex.issue("info", "unplaced_text",
                         f"plan row without a step number: {first[:120]}",
                         line=row.line, field="action_plans")
            continue
        step_no, step = int(found.group(1)), found.group(2).strip()
        responsible = None
        if tail := _RESPONSIBLE_TAIL.search(step):
            responsible = nospace(tail.group(1))
            step = step[: tail.start()].strip()
        elif inner := _RESPONSIBLE_INNER.search(step):
            responsible = nospace(inner.group(1))  # "(สนข.) 7.1 ...": a list follows
            step = normalize.collapse_spaces(step[: inner.start()] + " " + step[inner.end():])
        elif head := _RESPONSIBLE_HEAD.match(step):
            responsible = head.group(1)
        if responsible:
            responsible = "+".join(_read_abbreviation(ex, a, row.line)
                                   for a in responsible.split("+") if a)
        agencies = []
        for abbr in (responsible or "").split("+"):
            if abbr:
                name = canonical_agency(ex, abbr if abbr.endswith(".") else abbr + ".",
                                        line=row.line, field="action_plans.responsible")
                if name:
                    agencies.append(name)
        months, odd = _marked_months(texts, columns)
        for month, text in odd:
            ex.issue("warning", "unknown_mark",
                     f"plan step {step_no}: month {month} holds {text!r}, not a known mark; "
                     "taken as marked", line=row.line, field="action_plans.months")
        if not months:
            ex.issue("warning", "unplaced_text", f"plan step {step_no} has no marked month",
                     line=row.line, field="action_plans.months")
        ex.add("action_plans", doc_id=ex.doc.doc_id, indicator_key=key, step_no=step_no,
               step=step, responsible=responsible, months=months,
               responsible_agencies=agencies, source_line=row.line)


def _body_rows(table: Table) -> list[Row]:
    """The plan's rows under its two header rows, without the header printed again after
    a page break that the reader kept (a scan that misread its years, 'พ.ศ. webb'): a
    row without a step number whose first cell shows the header's label, and the row of
    month names under it, or that row alone (a Word table repeats the row it was told
    to). The row after them is marked as going on after the break."""
    header = table.rows[0].cell(0).text if table.rows else ""
    rows: list[Row] = []
    again = False
    for row in table.rows[2:]:
        first = row.cell(0).text
        if header and first and not _STEP.match(first) and shows(header, first):
            again = True
            continue
        if not first and _names_months(row):
            again = True
            continue
        if again:
            row = dataclasses.replace(row, continued=True)
        again = False
        rows.append(row)
    return rows


# Month names a row must show, where a scan garbled the others, to be the header printed
# again rather than a row of marks.
_MONTHS_SHOWN = 3


def _names_months(row: Row) -> bool:
    """Whether a row is the month names: most of its cells with text name a month, or
    a few do and no cell holds a mark."""
    texts = [t for t in row.texts() if t]
    named = sum(1 for t in texts if normalize.month_in_heading(t) is not None)
    marked = any(m in t for t in texts for m in _MONTH_MARKS)
    return bool(texts) and (2 * named >= len(texts) or (named >= _MONTHS_SHOWN and not marked))


def _join_split_steps(ex: Extraction, rows: list[Row]) -> list[tuple[Row, list[str]]]:
    """Plan rows with their cell texts, a step the page break cut in two joined again: the
    first row after a repeated header, without a step number of its own, continues the
    step before it, cell by cell (its step cell may be empty: the text ended above the
    break, the months go on below it)."""
    steps: list[tuple[Row, list[str]]] = []
    for row in rows:
        texts = row.texts()
        first = texts[0] if texts else ""
        if row.continued and steps and not _STEP.match(first):
            before, joined = steps[-1]
            width = max(len(joined), len(texts))
            joined = [" ".join(filter(None, (a, b))) for a, b in itertools.zip_longest(
                joined, texts, fillvalue="")][:width]
            steps[-1] = (before, joined)
            ex.issue("info", "row_joined",
                     f"plan row continued after the page break on line {row.line}",
                     line=before.line, field="action_plans")
            continue
        steps.append((row, texts))
    return steps


def _read_abbreviation(ex: Extraction, raw: str, line: int) -> str:
    """An office abbreviation as the lexicon spells it, the repair recorded."""
    found = normalize.match_abbreviation(raw)
    if found is None or found.canonical == raw:
        return raw
    ex.repair(line=line, field="action_plans.responsible", rule=f"agency_{found.rule}",
              original=raw, replacement=found.canonical)
    return found.canonical


def _marked_months(texts: list[str], columns: dict[int, str]
                   ) -> tuple[list[str], list[tuple[str, str]]]:
    """The months a plan row marks, and (month, text) of month cells holding something
    that is no known mark (OCR reads an arrow as '>' or '01'): a month cell holds
    nothing but a mark, so those count as marked too."""
    marked: list[str] = []
    odd: list[tuple[str, str]] = []
    span_start: int | None = None
    for j in sorted(columns):
        cell = nospace(texts[j]) if j < len(texts) else ""
        if not cell:
            continue
        if any(m in cell for m in _MONTH_MARKS):
            marked.append(columns[j])
        elif "←" in cell:
            span_start = j
        elif "→" in cell and span_start is not None:
            marked.extend(columns[k] for k in sorted(columns) if span_start <= k <= j)
            span_start = None
        elif "→" in cell:
            marked.append(columns[j])
        else:
            marked.append(columns[j])
            odd.append((columns[j], cell))
    return sorted(set(marked)), odd
