"""Structure: tab rows, embedded HTML, emphasis, checkboxes, page breaks, duplicated
tables, and the blocks they become (extract/_structure.py, extract/_blocks.py)."""

import pytest
from kr_extract.extract._blocks import Paragraph, Span, Table
from kr_extract.extract._structure import parse_cell, structure

from tests.helpers import doc_from_text, scanned_doc

# --- cells: HTML and Markdown -------------------------------------------------------


@pytest.mark.parametrize(("raw", "paragraphs"), [
    pytest.param("<p>ก ข</p> <p>ค</p>", ["ก ข", "ค"], id="paragraphs"),
    pytest.param("<b>หัวข้อ</b> ต่อ", ["หัวข้อ ต่อ"], id="bold-is-inline"),
    pytest.param("<u>ขีดเส้น</u>", ["ขีดเส้น"], id="underline"),
    pytest.param("a<br>b<br/>c", ["a", "b", "c"], id="br-splits"),
    pytest.param('<ol style="x"><li>๑. หนึ่ง</li><li>สอง</li></ol>', ["๑. หนึ่ง", "สอง"],
                 id="ordered-list"),
    pytest.param("**ตัวหนา** และ *เอียง*", ["ตัวหนา และ เอียง"], id="markdown-emphasis"),
    pytest.param("ไม่มี  แท็ก ", ["ไม่มี แท็ก"], id="plain-text-collapsed"),
    pytest.param("a &amp; b", ["a & b"], id="entities"),
    pytest.param("x < 5 และ y > 3", ["x < 5 และ y > 3"], id="angle-brackets-not-html"),
])
def test_cell_paragraphs(raw, paragraphs):
    assert [p.text for p in parse_cell(raw).paragraphs] == paragraphs


@pytest.mark.parametrize("raw", [
    pytest.param("ตำแหน่ง *ผู้* **ผู้อำนวยการ**", id="markdown"),
    pytest.param("ตำแหน่ง <i>ผู้</i> <strong>ผู้อำนวยการ</strong>", id="html"),
])
def test_emphasis_is_kept_on_spans(raw):
    paragraph = parse_cell(raw).paragraphs[0]
    assert paragraph.text == "ตำแหน่ง ผู้ ผู้อำนวยการ"
    assert [s for s in paragraph.spans if s.text.strip()] == [
        Span("ตำแหน่ง "), Span("ผู้", italic=True), Span("ผู้อำนวยการ", bold=True)]
    assert paragraph.text_without(italic=True) == "ตำแหน่ง ผู้อำนวยการ"


def test_embedded_table_is_a_table_block_in_the_cell():
    cell = parse_cell("หน่วยนับ : ร้อยละ <table><thead><tr><th>ชื่อ</th><th>ค่า</th></tr>"
                      "</thead><tbody><tr><td>สำนัก <b>ก</b></td><td>100</td></tr></tbody>"
                      "</table> ท้าย", line=7, page=2)
    assert [type(b) for b in cell.blocks] == [Paragraph, Table, Paragraph]
    assert [r.texts() for r in cell.tables[0].rows] == [["ชื่อ", "ค่า"], ["สำนัก ก", "100"]]
    assert [p.text for p in cell.paragraphs] == ["หน่วยนับ : ร้อยละ", "ท้าย"]
    assert cell.text == "หน่วยนับ : ร้อยละ ท้าย"
    nested = cell.tables[0].rows[1].cells[0].paragraphs[0]
    assert (nested.line, nested.page) == (7, 2)


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param('<input checked="" type="checkbox"/> ก <input type="checkbox"/> ข',
                 [(True, "ก"), (False, "ข")], id="html-inputs-inline"),
    pytest.param('<p><input type="checkbox" checked/> ก</p><p>อื่น</p>', [(True, "ก")],
                 id="html-input-in-paragraph"),
    pytest.param("☑ ผ่านระบบ ☐ อื่นๆ", [(True, "ผ่านระบบ"), (False, "อื่นๆ")],
                 id="unicode-ballot-boxes"),
])
def test_checkboxes(raw, expected):
    assert [(b.checked, b.text) for b in parse_cell(raw).checkboxes] == expected


_WRAPPED_OPTION = ("ช่องทาง\t<p>☑ กำกับติดตาม ☐ ผู้ตรวจราชการ</p> "
                   "<p>กรุงเทพมหานครกำกับเชิงคุณภาพ ☐ ใช้ระบบข้อมูล</p>")


def test_an_option_wrapped_onto_the_next_printed_line_goes_on_there():
    # sample 001 scanned: "☐ ผู้ตรวจราชการ" / "กรุงเทพมหานครกำกับเชิงคุณภาพ ☐ ใช้ระบบ..."
    cell = structure(scanned_doc(_WRAPPED_OPTION))[0].rows[0].cells[1]
    assert [b.text for b in cell.checkboxes] == [
        "กำกับติดตาม", "ผู้ตรวจราชการกรุงเทพมหานครกำกับเชิงคุณภาพ", "ใช้ระบบข้อมูล"]
    assert [p.lead for p in cell.paragraphs] == ["", ""]


def test_paragraphs_a_reader_joined_are_not_joined_again():
    cell = structure(doc_from_text(_WRAPPED_OPTION))[0].rows[0].cells[1]
    assert [b.text for b in cell.checkboxes] == [
        "กำกับติดตาม", "ผู้ตรวจราชการ", "ใช้ระบบข้อมูล"]
    assert [p.lead for p in cell.paragraphs] == ["", "กรุงเทพมหานครกำกับเชิงคุณภาพ"]


def test_text_outside_checkboxes_is_kept_apart():
    cell = parse_cell('<p><input type="checkbox"/> ก</p><p>๑. กฎหมาย</p>')
    assert [b.text for b in cell.checkboxes] == ["ก"]
    assert [p.lead for p in cell.paragraphs if p.lead] == ["๑. กฎหมาย"]


# --- rows and tables -----------------------------------------------------------------


def test_text_lines_and_tables_alternate():
    segs = structure(doc_from_text("หัว\n\nก\tข\nค\tง\n\nท้าย"))
    assert [type(s) for s in segs] == [Paragraph, Table, Paragraph]
    assert [r.texts() for r in segs[1].rows] == [["ก", "ข"], ["ค", "ง"]]
    assert segs[1].rows[1].line == 4


def test_trailing_empty_cells_are_dropped_but_leading_ones_kept():
    table = structure(doc_from_text("\tก\t\t\n"))[0]
    assert table.rows[0].texts() == ["", "ก"]


def test_page_break_repeating_the_header_continues_the_table():
    text = "ประเด็น\tรายละเอียด\t\nก\tหนึ่ง\n\nประเด็น\tรายละเอียด\n\tต่อ\nข\tสอง"
    segs = structure(doc_from_text(text))
    assert len(segs) == 1
    rows = segs[0].rows
    assert [r.texts() for r in rows] == [["ประเด็น", "รายละเอียด"], ["ก", "หนึ่ง"], ["", "ต่อ"],
                                      ["ข", "สอง"]]
    assert [r.continued for r in rows] == [False, False, True, False]


def test_two_row_header_repeated_after_page_break_is_dropped_once():
    head = "ลำดับ\tเขต\tจำนวน\n\t\tชุมชน\n"
    segs = structure(doc_from_text(head + "1\tก\t5\n\n" + head + "2\tข\t6\n"))
    assert [r.texts()[0] for r in segs[0].rows] == ["ลำดับ", "", "1", "2"]


def test_a_header_repeated_with_ocr_slips_still_continues_the_table():
    # sample 002 scanned: page 4 repeats the district header as ชมุชนขาดนเลก / จ้านวน...
    head = "ลำดับ\tกลุ่มเขต\tเขต\tชุมชนขนาดเล็ก\n\t\t\tจำนวนชุมชน\n"
    again = "ลำดับ\tกลุ่มเขต\tเขต\tชมุชน ขาดนเลก\n\t\t\tจ้านวนชุมชน\n"
    segs = structure(doc_from_text(head + "1\tก\tพระนคร\t9\n\n" + again + "2\t\tดุสิต\t28\n"))
    assert len(segs) == 1
    assert [r.texts()[0] for r in segs[0].rows] == ["ลำดับ", "", "1", "2"]


def test_a_wide_header_repeated_with_one_cell_garbled_or_cut_still_continues():
    # sample 004 scanned: "(Baseline data)" lost on one page, น้ำหนัก read as `wavin`
    head = "ที่\tชื่อตัวชี้วัด\tข้อมูลพื้นฐาน (Baseline data)\tเป้าหมาย\tน้ำหนัก คะแนน\tนิยาม\n"
    again = "ที่\tชื่อตัวชี้วัด\tข้อมูล พื้นฐาน '\tเป้าหมาย\twavin คะแนน\tนิยาม\n"
    segs = structure(doc_from_text(head + "1\tก\t-\t1\t10\tข\n\n" + again + "\t\t\t\t\tต่อ\n"))
    assert len(segs) == 1 and [r.texts()[-1] for r in segs[0].rows[1:]] == ["ข", "ต่อ"]


def test_a_repeated_header_is_compared_with_every_copy_printed_before():
    # sample 004 scanned: page 18's copy lost "(Baseline data)", page 21's misread น้ำหนัก;
    # each matches the copy of page 19, not the first
    first = "ที่\tชื่อตัวชี้วัด\tข้อมูล พื้นฐาน eae\tเป้าหมาย\tน้ำหนัก คะแนน\tนิยาม\n"
    good = "ที่\tชื่อตัวชี้วัด\tข้อมูลพื้นฐาน (Baseline data)\tเป้าหมาย\tน้ำหนัก คะแนน\tนิยาม\n"
    bad = "ที่\tชื่อตัวชี้วัด\tข้อมูลพื้นฐาน (Baseline data)\tเป้าหมาย\twavin คะแนน\tนิยาม\n"
    text = (first + "1\tก\t-\t1\t10\tข\n\n" + good + "\t\t\t\t\tค\n\n"
            + bad + "\t\t\t\t\tง\n")
    segs = structure(doc_from_text(text))
    assert len(segs) == 1 and [r.texts()[-1] for r in segs[0].rows[1:]] == ["ข", "ค", "ง"]


def test_a_header_with_other_words_is_not_taken_for_a_repeat():
    segs = structure(doc_from_text("ลำดับ\tเขต\tจำนวนชุมชน\n1\tก\t5\n\n"
                                 "ลำดับ\tเขต\tจำนวนหลังคาเรือน\n1\tก\t50"))
    assert len(segs) == 2


def test_a_different_header_starts_a_new_table():
    segs = structure(doc_from_text("ก\tข\n1\t2\n\nค\tง\n3\t4"))
    assert len(segs) == 2


def test_text_between_tables_ends_the_continuation():
    segs = structure(doc_from_text("ก\tข\n1\t2\nข้อความ\nก\tข\n3\t4"))
    assert [type(s) for s in segs] == [Table, Paragraph, Table]


@pytest.mark.parametrize("furniture", ["7", "ว", "- 7 -"])
def test_a_page_number_or_speck_at_a_page_foot_does_not_end_the_continuation(furniture):
    # docx-typist-200-bilevel, sample 004, pages 14-17: '7' and 'ว' read at the foot of a
    # detail table that goes on over four pages; each part became a section of its own
    lines = ["ก\tข", "1\t2", furniture, "", "ก\tข", "\tต่อ"]
    segs = structure(scanned_doc("\n".join(lines), pages=[1, 1, 1, 2, 2, 2]))
    [table] = [s for s in segs if isinstance(s, Table)]
    assert [r.texts() for r in table.rows] == [["ก", "ข"], ["1", "2"], ["", "ต่อ"]]
    # ...but not a line of text, nor a short line inside its page
    lines[2] = "ข้อความ"
    segs = structure(scanned_doc("\n".join(lines), pages=[1, 1, 1, 2, 2, 2]))
    assert [type(s) for s in segs] == [Table, Paragraph, Table]
    lines[2:4] = [furniture, "ข้อความยาว", ""]
    segs = structure(scanned_doc("\n".join(lines), pages=[1, 1, 1, 1, 2, 2, 2]))
    assert [type(s) for s in segs] == [Table, Paragraph, Paragraph, Table]


def test_table_printed_as_html_then_as_tab_cells_and_rows_gives_one_set_of_rows():
    html = ("<table><tr><th>ชื่อ</th><th>ค่า</th></tr><tr><td>สำนัก (H)</td>"
            "<td>๔๔๐</td></tr></table>")
    text = (f"ประเด็น\tรายละเอียด\nเป้า\t{html}\tชื่อ\tค่า\tสำนัก (H)\t๔๔๐\n"
            "ชื่อ\tค่า\nสำนัก (H)\t๔๔๐\nถัดไป\tx")
    rows = structure(doc_from_text(text))[0].rows
    assert [r.texts()[0] for r in rows] == ["ประเด็น", "เป้า", "ถัดไป"]
    assert len(rows[1].cells) == 2  # the flattened copy after the HTML cell is gone


def test_rows_that_differ_from_the_html_table_are_kept():
    html = "<table><tr><td>ก</td><td>1</td></tr></table>"
    rows = structure(doc_from_text(f"h\tx\nเป้า\t{html}\nข\t2"))[0].rows
    assert [r.texts()[0] for r in rows] == ["h", "เป้า", "ข"]
