"""Pieces several form parsers share: entity names, checkbox options, signers."""

from __future__ import annotations

import functools
import re
from importlib import resources

from ... import normalize
from .._blocks import Checkbox, Paragraph, Span
from .._records import Extraction
from .._structure import paragraph_of

_DEF_MARK = re.compile(r"หมายความว่า|หมายถึง")
_QUOTE_CHARS = re.compile("[\"“”]")
ROLE_MARK = re.compile(r"\(\s*([HR8])\s*\)\s*$")  # OCR reads (R) as (8)
_QUOTES = "\"'“”‘’«»"


# A line this long is a full line of a page's text: a shorter one after a block's text is
# a heading.
FULL_LINE = 60


def split_at_labels(lines: list[Paragraph], labels: re.Pattern[str]) -> list[Paragraph]:
    """Each paragraph cut before every label the form prints at a line's start that
    stands inside it: where a line ends within a word of the margin, a reader cannot tell
    it from a wrap, and the next line's label ran on into it. The parts keep the
    paragraph's line and page (and lose its emphasis)."""
    out: list[Paragraph] = []
    for line in lines:
        cuts = [m.start() for m in labels.finditer(line.text) if m.start() > 0]
        if not cuts:
            out.append(line)
            continue
        for start, end in zip([0, *cuts], [*cuts, len(line.text)], strict=True):
            part = paragraph_of([Span(line.text[start:end])], line.line, line.page)
            if part is not None:
                out.append(part)
    return out


def strip_quotes(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def nospace(text: str) -> str:
    # What `\s` matches is what `str.split` splits at; splitting is the cheaper.
    return "".join(text.split())


def split_definitions(text: str) -> list[tuple[str, str]]:
    """'“A” หมายถึง x “B” หมายความว่า y' -> [('A', 'x'), ('B', 'y')].

    A quoted term ends right before its marker; an unquoted one runs from the start of the
    text. Text between a meaning and the next term belongs to that meaning.
    """
    marks = list(_DEF_MARK.finditer(text))
    if not marks:
        return []
    starts: list[int] = []
    for i, mark in enumerate(marks):
        floor = marks[i - 1].end() if i else 0
        before = text[floor:mark.start()].rstrip()
        closing = before[-1:] in "”\"'’"
        if closing:
            opening = max(before.rfind(q, 0, len(before) - 1) for q in "“\"'‘")
            starts.append(floor + opening if opening >= 0 else floor)
        elif (opening := before.rfind("“")) >= 0 and "”" in before[opening:]:
            starts.append(floor + opening)  # '“A” ตามเป้าหมาย ... หมายถึง': A and its qualifier
        elif i == 0:
            starts.append(0)
        else:
            starts.append(floor + len(before) - len(before.split()[-1]) if before.split()
                          else mark.start())
    pairs = []
    for i, mark in enumerate(marks):
        # Quote marks only delimit the term ('“A” ตาม ... หมายถึง'), never part of it.
        term = normalize.collapse_spaces(_QUOTE_CHARS.sub("", text[starts[i]:mark.start()]))
        end = starts[i + 1] if i + 1 < len(marks) else len(text)
        meaning = text[mark.end():end].strip()
        if term:
            pairs.append((term, meaning))
    return pairs


def split_role(raw: str) -> tuple[str, str | None, bool]:
    """'สำนักพัฒนาสังคม (H)' -> ('สำนักพัฒนาสังคม', 'H', repaired)."""
    found = ROLE_MARK.search(raw)
    if not found:
        return raw.strip(), None, False
    mark = found.group(1)
    return raw[: found.start()].strip(), ("R" if mark == "8" else mark), mark == "8"


def canonical_agency(ex: Extraction, raw: str, *, line: int, field: str) -> str | None:
    """Canonical agency name for a printed one; records the repair, or an issue when the
    name is not in the lexicon (the printed name is then returned unchanged)."""
    raw = raw.strip()
    if not raw:
        return None
    found = normalize.match_agency(raw)
    if found is None:
        ex.issue("warning", "unknown_agency",
                 f"agency {raw!r} is not in the agency lexicon; kept as printed",
                 line=line, field=field)
        return raw
    if found.canonical != raw:
        ex.repair(line=line, field=field, rule=f"agency_{found.rule}", original=raw,
                  replacement=found.canonical)
    return found.canonical


@functools.cache
def form_options(form: str) -> dict[str, list[str]]:
    """field -> option names, from `extract/forms/data/<form>_options.tsv`."""
    text = resources.files(__package__).joinpath("data", f"{form}_options.tsv").read_text(
        encoding="utf-8")
    options: dict[str, list[str]] = {}
    rows = [line for line in text.splitlines() if line and not line.startswith("#")][1:]
    for row in rows:
        field, option = row.split("\t")
        options.setdefault(field, []).append(option)
    return options


def emit_checkboxes(ex: Extraction, key: str, field: str, options: list[str],
                    boxes: list[Checkbox], line: int) -> None:
    for box in boxes:
        found = normalize.match_phrase(box.text, options)
        option = found[0] if found else box.text
        # A field has a few options: one clearly closest to what OCR garbled past a
        # small edit distance (รับผิดชอบหลัก read บัผิดชอหลบัก) is it.
        closest = None if found else normalize.closest_name(box.text, options)
        if closest:
            option = closest
            ex.issue("info", "option_closest",
                     f"checkbox option {box.text!r} of {field} read as {closest!r}, the "
                     "clearly closest of its options", line=line, field=field)
        elif not found:
            ex.issue("warning", "unknown_option",
                     f"checkbox option {box.text!r} of {field} is not a known option",
                     line=line, field=field)
        ex.add("selections", doc_id=ex.doc.doc_id, indicator_key=key, field=field,
               option=option, option_raw=box.text, checked=box.checked, source_line=line)


def check_options_read(ex: Extraction, field: str, options: list[str],
                       line: int | None) -> None:
    """An error where a field's section was read but not all of its printed options: the
    form prints each, so one not read is a row of `selections` lost."""
    read = {s["option"] for s in ex.tables["selections"] if s["field"] == field}
    unread = [o for o in options if o not in read]
    if unread:
        ex.issue("error", "options_unread",
                 f"{field}: option(s) the form prints were not read: "
                 f"{'; '.join(unread)}", line=line, field=field)


PERSON_TITLE = re.compile(
    r"^(?:นาย|นาง|นางสาว|น\.ส\.|ว่าที่|ดร\.|ผศ\.|รศ\.|ศ\.|พล\.|พ\.|ร\.|จ\.|ส\.)")


def _bracketed_name(text: str) -> bool:
    text = text.strip()
    return text.startswith("(") and text.endswith(")") and bool(PERSON_TITLE.match(text[1:]))


def parse_signer(ex: Extraction, key: str, paragraphs: list[Paragraph]) -> None:
    """The signature block: 'ลงชื่อ <signature>', '(printed name)', position, agency.

    Italic text (a handwritten signature, as exports and OCR print it) is never taken as
    a name.
    """
    lines = [(p.line, p.text) for p in paragraphs]
    start = next((i for i, (_, t) in enumerate(lines) if t.lstrip().startswith("ลงชื่อ")), None)
    if start is None:
        # 'ลงชื่อ' OCR garbled ('ante'): the block is still where a titled name in
        # brackets stands, from the signature line above it.
        named = next((i for i, (_, t) in enumerate(lines) if _bracketed_name(t)), None)
        if named is None:
            return
        start = named - 1 if named and not lines[named - 1][1].strip().startswith("(") \
            else named
        ex.issue("info", "signer_label_unread",
                 f"no 'ลงชื่อ' line; the signature block is taken from the titled name "
                 f"{lines[named][1].strip()!r}", line=lines[start][0], field="signer")
    first_line = lines[start][0]
    block = []
    for paragraph in paragraphs[start:]:
        no, text = paragraph.line, paragraph.text_without(italic=True)
        if text.startswith("ลงชื่อ"):
            text = text[len("ลงชื่อ"):].strip()
        block.append((no, text))
    name = position = agency = agency_raw = None
    parens = [(no, t[1:-1].strip()) for no, t in block if t.startswith("(") and t.endswith(")")]
    for _no, inner in parens:
        if name is None and (PERSON_TITLE.match(inner) or not position):
            name = inner
        elif position is None:
            position = inner
    for i, (no, text) in enumerate(block):
        if text.startswith("ตำแหน่ง"):
            position = text[len("ตำแหน่ง"):].strip() or position
        elif "ผู้แจ้งข้อมูล" in text:
            rest = text.replace("ผู้แจ้งข้อมูล", "").strip()
            if not rest and i > 0 and not block[i - 1][1].startswith("("):
                rest = block[i - 1][1]
            if rest:
                agency_raw = rest
                agency = canonical_agency(ex, rest, line=no, field="signer.agency")
    if name is None:
        ex.issue("warning", "signer_name_missing",
                 "a signature block without a printed name in parentheses",
                 line=first_line, field="signer.name")
    ex.add("contacts", doc_id=ex.doc.doc_id, indicator_key=key, role="signer", name=name,
           position=position, phone=None, unit=None, agency=agency, agency_raw=agency_raw,
           source_line=first_line)


def doubts_to_row(ex: Extraction, value_lines: dict[str, int], row_line: int | None,
                  what: str) -> None:
    """A doubt OCR raised about a value's own line, said again on its record's line (the
    record's `source_line`, where its issues are looked up), for the values a record takes
    from lines other than its own (a KPI page's stand a line each; a KR form's target
    stands in the table below its header)."""
    doubted = {no for no, _code, _message in ex.doc.line_flags}
    for field, no in value_lines.items():
        if no in doubted and no != row_line:
            ex.issue("warning", "low_ocr_confidence",
                     f"{what}: the {field.split('.')[-1]} on line {no} was read with doubt "
                     "(see that line's issue)", line=row_line, field=field)
