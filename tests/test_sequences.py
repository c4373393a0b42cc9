"""The structure-repair step for runs a scan misread (extract/_sequences.py): numbered rows,
months and years across a header row; what is mended, what is left as read, and how each
mend is recorded."""

import pytest
from kr_extract.extract import extract_document
from kr_extract.extract._blocks import Table
from kr_extract.extract._sequences import RULE, fit_run, mend_sequences
from kr_extract.extract._structure import structure

from tests.helpers import doc_from_text, scanned_doc


def mended(text: str, *, scan: bool = False):
    """The document of `text` (a text export, or a scan's lines), its blocks mended."""
    doc = scanned_doc(text) if scan else doc_from_text(text)
    blocks = structure(doc)
    mend_sequences(doc, blocks)
    return doc, [b for b in blocks if isinstance(b, Table)]


def firsts(table: Table) -> list[str]:
    return [row.cell(0).text for row in table.rows]


def plan(*firsts: str) -> str:
    """A table whose first column holds `firsts` under a header, a mark beside each."""
    return "ขั้นตอน\tต.ค.\tพ.ย.\n" + "".join(f"{f}\t█\t\n" for f in firsts)


def levels(*cells: str) -> str:
    return "ระดับ\tเกณฑ์\tคะแนน\n" + "".join(f"{c}\tร้อยละ 80\t8\n" for c in cells)


# --- numbered rows ------------------------------------------------------------------------


@pytest.mark.parametrize("read", ["lo", "ฒ", "©", ">"])
def test_an_item_number_read_as_signs_or_a_letter_takes_its_place_between_two(read):
    doc, [table] = mended(plan("1. ออกแบบ", f"{read}. ทดลอง", "3. ใช้งาน"))
    assert firsts(table)[1:] == ["1. ออกแบบ", "2. ทดลอง", "3. ใช้งาน"]
    line = table.rows[2].line
    assert [(r.source_line, r.rule, r.original, r.replacement) for r in doc.repairs
            if r.rule == RULE] == [(line, RULE, f"{read}.", "2.")]
    [(flag_line, code, message)] = doc.line_flags
    assert (flag_line, code) == (line, "unreadable_number") and repr(read) in message


@pytest.mark.parametrize("read", ["ญ่.", "ณ.,", "อ,"])
def test_an_item_number_read_as_a_letter_with_a_mark_or_a_comma_takes_its_place(read):
    # kinnari-200-bilevel, sample 004, page 12-13: plan steps ๗. and ๙. read so;
    # kinnari-300-bilevel, sample 004, page 18: step ๖. read 'อ,'
    doc, [table] = mended(plan("1. ออกแบบ", f"{read} ทดลอง", "3. ใช้งาน"))
    assert firsts(table)[1:] == ["1. ออกแบบ", "2. ทดลอง", "3. ใช้งาน"]
    assert [(r.original, r.replacement) for r in doc.repairs] == [(read, "2.")]


def test_item_numbers_misread_side_by_side_take_their_places_between_two_read():
    # odt-purisa-200-grey, sample 004: plan steps ๖. and ๗. read '“9.' and 'oY,'
    doc, [table] = mended(plan("5. ออกแบบ", "“9. ทดลอง", "oY, ปรับ", "8. ใช้งาน"))
    assert firsts(table)[1:] == ["5. ออกแบบ", "6. ทดลอง", "7. ปรับ", "8. ใช้งาน"]
    assert [(r.original, r.replacement) for r in doc.repairs] == [("“9.", "6."),
                                                                  ("oY,", "7.")]


def test_a_number_read_twice_and_a_number_read_as_a_letter_in_one_run_both_take_their_places():
    # umpush-300-bilevel, sample 004: plan steps ๔. and ๗. read '๕.' and 'ฒ.'
    doc, [table] = mended(plan("1. ก", "2. ข", "3. ค", "5. ง", "5. จ", "6. ฉ", "ฒ. ช", "8. ซ"))
    assert firsts(table)[1:] == ["1. ก", "2. ข", "3. ค", "4. ง", "5. จ", "6. ฉ", "7. ช",
                                 "8. ซ"]
    assert [(r.original, r.replacement) for r in doc.repairs] == [("5.", "4."), ("ฒ.", "7.")]


def test_a_number_read_with_its_digits_apart_is_written_as_printed_where_the_run_has_it():
    # docx-typist-200-bilevel, sample 004: step ๑๐. read '1 0 .', and the row was lost
    doc, [table] = mended(plan("8. ก", "9. ข", "1 0 . ค"))
    assert firsts(table)[1:] == ["8. ก", "9. ข", "10. ค"]
    assert [(r.original, r.replacement) for r in doc.repairs] == [("1 0 .", "10.")]
    # where the run has another number, it is left as read
    _doc, [table] = mended(plan("7. ก", "8. ข", "1 0 . ค"))
    assert firsts(table)[1:] == ["7. ก", "8. ข", "1 0 . ค"]


def test_a_number_off_the_run_beside_a_hole_is_left_as_read():
    # the hole beside the number off the run: a row lost and a number misread look alike
    rows = ("1. ก", "2. ข", "3. ค", "5. ง", "ฒ. จ", "6. ฉ", "7. ช")
    _doc, [table] = mended(plan(*rows))
    assert firsts(table)[1:] == list(rows)


def test_misread_numbers_between_two_that_do_not_count_them_are_left_as_read():
    # 5 and 9 around two rows: a row is missing or a number wrong; nothing is told
    _doc, [table] = mended(plan("5. ออกแบบ", "“9. ทดลอง", "oY, ปรับ", "9. ใช้งาน"))
    assert firsts(table)[1:] == ["5. ออกแบบ", "“9. ทดลอง", "oY, ปรับ", "9. ใช้งาน"]


def test_the_last_item_after_one_read_counts_up_from_it():
    _doc, [table] = mended(plan("1. ออกแบบ", "lo. ทดลอง"))
    assert firsts(table)[1:] == ["1. ออกแบบ", "2. ทดลอง"]


def test_items_before_the_first_number_read_count_back_from_it():
    _doc, [table] = mended(plan("©. ออกแบบ", "lo. ทดลอง", "3. ใช้งาน"))
    assert firsts(table)[1:] == ["1. ออกแบบ", "2. ทดลอง", "3. ใช้งาน"]
    # a short word without Thai letters where the number stands ('200' for "๑. สพส.")
    _doc, [table] = mended(plan("200 ออกแบบ", "2. ทดลอง"))
    assert firsts(table)[1:] == ["1. ออกแบบ", "2. ทดลอง"]


def test_short_words_before_the_first_number_count_only_back_to_one():
    # dashes before item 5 cannot be items 3 and 4 of the same list: they are bullets
    _doc, [table] = mended(plan("- ออกแบบ", "- ทดลอง", "5. ใช้งาน"))
    assert firsts(table)[1:] == ["- ออกแบบ", "- ทดลอง", "5. ใช้งาน"]
    # ...and signs before item 1 have no number to take
    doc, [table] = mended(plan("lo. ออกแบบ", "1. ทดลอง"))
    assert firsts(table)[1] == "lo. ออกแบบ" and doc.repairs == []


def test_levels_running_down_take_a_speck_or_a_number_read_twice_from_their_place():
    _doc, [table] = mended(levels("5", "4", "-", "2", "1"))
    assert firsts(table)[1:] == ["5", "4", "3", "2", "1"]
    doc, [table] = mended(levels("5", "5", "3", "2", "1"))
    assert firsts(table)[1:] == ["5", "4", "3", "2", "1"]
    [(_line, code, message)] = doc.line_flags
    assert code == "unreadable_number" and "read as 5" in message and "has 4" in message
    _doc, [table] = mended(levels("5", "4", "3", "2", "-"))  # the last one, after the run
    assert firsts(table)[1:] == ["5", "4", "3", "2", "1"]


def test_two_items_one_misread_count_from_one_in_a_scan():
    # docx-typist-200-bilevel, sample 004: a component's indicators '๑' and '๒.' read '9'
    # and '2.', and the indicator's key became 1.3-9
    def summary(*numbers: str) -> str:
        return "ที่\tตัวชี้วัด\n" + "".join(f"{n}\tร้อยละ\n" for n in numbers)

    doc, [table] = mended(summary("9", "2."), scan=True)
    assert firsts(table)[1:] == ["1", "2."]
    [(_line, code, message)] = doc.line_flags
    assert code == "unreadable_number" and "read as 9" in message
    # numbers that are not their places from 1 but one, or a text export, stay as read
    for cells, scan in ((("3.", "9."), True), (("9", "2."), False)):
        _doc, [table] = mended(summary(*cells), scan=scan)
        assert firsts(table)[1:] == list(cells)


def test_a_level_read_with_a_speck_beside_it_is_the_level_alone():
    # docx-typist-200-bilevel, sample 004, page 17: level ๔ read '4 น'; the scoring row
    # was not understood and every level below it moved a place
    doc, [table] = mended(levels("5", "4 น", "3", "2", "1"), scan=True)
    assert firsts(table)[1:] == ["5", "4", "3", "2", "1"]
    [(_line, code, message)] = doc.line_flags
    assert code == "unreadable_number" and "'4 น'" in message
    # a list item's text after its number is no speck
    _doc, [table] = mended(plan("1. ออกแบบ", "2 ทดลอง", "3. ใช้งาน"), scan=True)
    assert firsts(table)[1:] == ["1. ออกแบบ", "2. ทดลอง", "3. ใช้งาน"]


@pytest.mark.parametrize("read", ["4]", "4|", "l1"])
def test_a_number_read_partly_as_a_sign_takes_its_place_between_two(read):
    # kinnari-200-bilevel, sample 002, page 6: district row 41 read '4]'
    rows = "".join(f"{n}\tเขต\t12\n" for n in ("39", "40", read, "42", "43"))
    doc, [table] = mended("ลำดับ\tเขต\tชุมชน\n" + rows, scan=True)
    assert firsts(table)[1:] == ["39", "40", "41", "42", "43"]
    [(_line, code, message)] = doc.line_flags
    assert code == "unreadable_number" and repr(read) in message


@pytest.mark.parametrize("cells", [
    ("5", "-", "-", "2", "1"),  # two side by side: no read number beside each
    ("5", "1", "5", "2", "1"),  # two numbers off the run: no single misreading
    ("1", "2", "3", "5"),  # numbers in order with a gap: a row lost, not a number misread
    ("5", "4", "3", "-", "-"),  # two specks after the run
    ("5", "-"),  # one number alone tells no direction
])
def test_runs_whose_evidence_does_not_agree_are_left_as_read(cells):
    doc, [table] = mended(levels(*cells), scan=True)
    assert firsts(table)[1:] == list(cells)
    assert doc.repairs == [] and doc.line_flags == []


def test_a_row_without_a_number_between_n_and_n_plus_2_is_n_plus_1_only_in_a_scan():
    text = plan("1. ออกแบบ", "รวบรวมข้อมูล", "3. ใช้งาน")
    doc, [table] = mended(text, scan=True)
    assert firsts(table)[2] == "2. รวบรวมข้อมูล"
    assert "not read" in doc.line_flags[0][2]
    # a text export prints its numbers: a row without one has none
    doc, [table] = mended(text)
    assert firsts(table)[2] == "รวบรวมข้อมูล" and doc.repairs == []


def test_the_next_number_with_its_stop_lost_is_that_item_only_in_a_scan():
    # Sawasdee in the ODT layout at 200 dpi bilevel, sample 004: '10. ติดตาม...' read
    # '10 ติดตาม...'; the step was lost from the plan ('rows_missing')
    text = plan("8. ประชุม", "9. ขออนุมัติ", "10 ติดตามผล")
    doc, [table] = mended(text, scan=True)
    assert firsts(table)[3] == "10. ติดตามผล"
    assert "without its stop" in doc.line_flags[0][2]
    # ...also where numbers before it were unread
    doc, [table] = mended(plan("6. ประชุม", "ฆ. ขออนุมัติ", "@. จัดหา", "9 ติดตามผล"), scan=True)
    assert firsts(table)[1:] == ["6. ประชุม", "7. ขออนุมัติ", "8. จัดหา", "9. ติดตามผล"]
    # ...not a number other than the next ('12 คน' after '9.'), nor in a text export
    doc, [table] = mended(plan("8. ประชุม", "9. ขออนุมัติ", "12 ติดตามผล"), scan=True)
    assert firsts(table)[3] == "12 ติดตามผล" and doc.repairs == []
    doc, [table] = mended(text)
    assert firsts(table)[3] == "10 ติดตามผล" and doc.repairs == []


def test_a_heading_between_parts_is_no_item_whose_number_was_lost():
    # a summary: component headings (one cell) between indicators numbered per component
    # (one cell: the tab after each makes it a row of the table); the third heading
    # stands between 1 and 3
    text = ("ที่\tชื่อ\tน้ำหนัก\n1.1 ส่วนแรก\t\n1.\tก\t10\n2.\tข\t10\n1.2 ส่วนที่สอง\t\n"
            "1.\tค\t5\nส่วนที่สาม\t\n3.\tง\t5\n")
    doc, [table] = mended(text, scan=True)
    assert firsts(table)[1:] == ["1.1 ส่วนแรก", "1.", "2.", "1.2 ส่วนที่สอง", "1.",
                                 "ส่วนที่สาม", "3."]
    assert doc.repairs == []


def test_a_mend_keeps_the_cells_emphasis_and_its_other_text():
    _doc, [table] = mended(plan("1. ออกแบบ", "<b>lo.</b> ทดลอง (สนอ.)", "3. ใช้งาน"))
    paragraph = table.rows[2].cell(0).paragraphs[0]
    assert paragraph.text == "2. ทดลอง (สนอ.)"
    assert [(s.text.strip(), s.bold) for s in paragraph.spans if s.text.strip()] == [
        ("2.", True), ("ทดลอง (สนอ.)", False)]


def test_a_header_garbled_over_two_paragraphs_becomes_one():
    # a scan gives a cell a paragraph per printed line: 'เม.ย.' read as 'w' over 'ee.'
    _doc, [table] = mended("ก.พ.\tมี.ค.\t<p>w</p><p>ee.</p>\n1\t2\t3\n", scan=True)
    cell = table.rows[0].cell(2)
    assert [p.text for p in cell.paragraphs] == ["เม.ย."]


def test_a_table_in_a_cell_is_mended_too():
    nested = ("<table><tr><td>1.</td><td>ก</td></tr><tr><td>lo.</td><td>ข</td></tr>"
              "<tr><td>3.</td><td>ค</td></tr></table>")
    _doc, [table] = mended(f"หัว\tรายการ\nแถว\t{nested}\n")
    inner = table.rows[1].cell(1).tables[0]
    assert firsts(inner) == ["1.", "2.", "3."]


# --- months and years across a header row -------------------------------------------------


def test_month_headers_a_scan_garbled_follow_from_the_months_read_around_them():
    # sample 004 scanned, page 11: พ.ย., ก.พ., เม.ย. and ก.ย. read with the English model
    row = "\tAA.\tWE.\tธ.ค.\tม.ค.\tAW.\tมี.ค.\twee.\tพ.ค.\tมิ.ย.\tก.ค.\tส.ค.\tne."
    doc, [table] = mended(f"ขั้นตอน\tปีงบประมาณ พ.ศ. 2567\n{row}\n1. แผน\t█\n")
    assert table.rows[1].texts() == ["", "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.",
                                     "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
    assert [(r.original, r.replacement) for r in doc.repairs] == [
        ("AA.", "ต.ค."), ("WE.", "พ.ย."), ("AW.", "ก.พ."), ("wee.", "เม.ย."), ("ne.", "ก.ย.")]
    # one issue for the row, naming every header it could not read
    [(line, code, message)] = doc.line_flags
    assert (line, code) == (table.rows[1].line, "month_inferred") and "'wee.'" in message


def test_months_read_three_in_step_with_none_side_by_side_fill_the_row():
    # odt-laksaman-300-grey, sample 004: every other month read, a Gantt chart's header
    # in bold at 300 dpi
    row = "\tต.ค\tพ. 0\tSA\tม.ค\tก. (0\tมี.ค 0\tเม. ย\tพ. ก\tมิ.ย\tก.คโ\tส.ค\tก.ยฉ"
    _doc, [table] = mended(f"ขั้นตอน\tปีงบประมาณ พ.ศ. 2567\n{row}\n1. แผน\t█\n", scan=True)
    assert table.rows[1].texts()[1:] == ["ต.ค", "พ.ย.", "ธ.ค.", "ม.ค", "ก.พ.", "มี.ค 0",
                                         "เม. ย", "พ.ค.", "มิ.ย", "ก.ค.", "ส.ค", "ก.ย."]
    # two months apart, in step by chance as likely as not, tell nothing
    _doc, [table] = mended("ต.ค.\tWE.\tธ.ค.\n1\t2\t3\n", scan=True)
    assert table.rows[0].texts() == ["ต.ค.", "WE.", "ธ.ค."]


def test_twelve_header_cells_with_one_month_read_in_its_place_are_the_fiscal_year():
    # Sawasdee, sample 004: one month of twelve read, the others garbled into Thai
    row = "\tOn\tไพร\t6A\tแก่\tเงพ\tมี.ค.\tพร\tพร\tเตช\tเกค\tเจค\tกร"
    doc, [table] = mended(f"ขั้นตอน\tปีงบประมาณ พ.ศ. 2567\n{row}\n1. แผน\t█\n", scan=True)
    assert table.rows[1].texts() == ["", "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.",
                                     "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
    assert [code for _line, code, _message in doc.line_flags] == ["month_inferred"]
    # the month read out of its fiscal place, or eleven cells, tell nothing
    for garbled in (row.replace("มี.ค.", "เม.ย."), row.replace("\tกร", "")):
        _doc, [table] = mended(f"ขั้นตอน\tปีงบประมาณ พ.ศ. 2567\n{garbled}\n1. แผน\t█\n",
                               scan=True)
        assert table.rows[1].texts() == garbled.split("\t")
    # a text export prints its months
    _doc, [table] = mended(f"ขั้นตอน\tปีงบประมาณ พ.ศ. 2567\n{row}\n1. แผน\t█\n")
    assert table.rows[1].texts() == row.split("\t")


def test_months_read_with_a_word_after_them_still_place_the_garbled_ones():
    # odt-purisa-200-grey, sample 004: each header's last stop read 'e', three garbled
    row = ("\tต.ค e\tพ.ย e\tธ.ค e\tม.ค e\tก.ูพ e\tมี.ค e\tเมลย e\tพ.ค e\tมิ.ย e\tก.ค e"
           "\tส.ค e\t169 e")
    doc, [table] = mended(f"ขั้นตอน\tปีงบประมาณ พ.ศ. 2567\n{row}\n1. แผน\t█\n", scan=True)
    assert [(r.original, r.replacement) for r in doc.repairs] == [
        ("ก.ูพ e", "ก.พ."), ("เมลย e", "เม.ย."), ("169 e", "ก.ย.")]
    assert table.rows[1].texts()[4:8] == ["ม.ค e", "ก.พ.", "มี.ค e", "เม.ย."]


def test_a_thai_cell_beside_months_is_a_header_of_its_own_in_a_text_export():
    text = "ต.ค.\tพ.ย.\tช.ศ.\n1\t2\t3\n"
    _doc, [table] = mended(text)
    assert table.rows[0].texts() == ["ต.ค.", "พ.ย.", "ช.ศ."]
    # a scan may misread a month into Thai letters that are no month
    _doc, [table] = mended(text, scan=True)
    assert table.rows[0].texts() == ["ต.ค.", "พ.ย.", "ธ.ค."]
    # ...but a label beside the months, unlike them (longer, or without their dots), is
    # no month
    for label in ("ขั้นตอน", "งาน"):
        _doc, [table] = mended(f"{label}\tต.ค.\tพ.ย.\n1\t2\t3\n", scan=True)
        assert table.rows[0].texts() == [label, "ต.ค.", "พ.ย."]
    # while Latin letters are no Thai header, dots or not (ก.ค. read 'AA')
    _doc, [table] = mended("AA\tส.ค.\tก.ย.\n1\t2\t3\n", scan=True)
    assert table.rows[0].texts() == ["ก.ค.", "ส.ค.", "ก.ย."]


def test_months_that_do_not_run_one_a_column_are_left_as_read():
    doc, [table] = mended("ต.ค.\tธ.ค.\tWE.\n1\t2\t3\n")
    assert table.rows[0].texts() == ["ต.ค.", "ธ.ค.", "WE."] and doc.repairs == []


def test_a_year_header_a_scan_garbled_takes_its_place_in_the_run():
    text = "พ.ศ. 2563\tพ.ศ. 2564\tพ.ศ. 25b5\n1\t2\t3\n"
    doc, [table] = mended(text, scan=True)
    assert table.rows[0].texts() == ["พ.ศ. 2563", "พ.ศ. 2564", "พ.ศ. 2565"]
    assert doc.line_flags[0][1] == "unreadable_number"
    # a text export prints its years: a cell that is none is no year
    _doc, [table] = mended(text)
    assert table.rows[0].texts()[2] == "พ.ศ. 25b5"


# --- the record ---------------------------------------------------------------------------


def test_every_mend_reaches_the_issues_and_the_repairs_once():
    doc = scanned_doc(plan("1. ออกแบบ", "lo. ทดลอง", "3. ใช้งาน"))
    ex = extract_document(doc)
    line = ex.doc.lines[2].no
    assert [(i.severity, i.code, i.source_line) for i in ex.issues
            if i.code == "unreadable_number"] == [("warning", "unreadable_number", line)]
    extract_document(doc)  # the same document again: nothing recorded twice
    assert [(r.source_line, r.original, r.replacement) for r in doc.repairs
            if r.rule == RULE] == [(line, "lo.", "2.")]


@pytest.mark.parametrize(("numbers", "count_up", "fit"), [
    ([1, 2, 3], False, (1, 1)),
    ([5, 4, None, 2, 1], False, (5, -1)),
    ([5, 5, 3, 2, 1], False, (5, -1)),  # all but one in the run
    ([2563, 2565, 2565], False, (2563, 1)),
    ([5, 1, 5, 2, 1], False, None),  # two off any run
    ([1, 2, 1], False, None),  # as much up (1, 2) as down (2, 1)
    ([None, 3], True, (2, 1)),  # one number: a list counts up
    ([None, 3], False, None),
    ([None, None], True, None),
])
def test_fit_run(numbers, count_up, fit):
    assert fit_run(numbers, count_up=count_up) == fit


@pytest.mark.parametrize("years, mended", [
    ([2563, 2565, 2565], {1: 2564}),  # ๔ read as ๕: one year twice
    ([2563, 2564, 2566, 2566], {2: 2565}),
    ([2563, 2565, 2566], {}),  # in order with a gap: a year lost, not misread
    ([2563, 2564], {}),  # too few to say
    ([2563, 2571, 2565], {1: 2564}),
], ids=["twice", "twice-later", "gap", "two", "out-of-order"])
def test_a_year_off_a_run_of_years_is_the_year_of_its_place(years, mended):
    from kr_extract.extract._sequences import mend_year_run

    assert mend_year_run(years) == mended
