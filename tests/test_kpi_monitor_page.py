"""KPI monitor pages: the sample's structure in the versions the system has printed
(year prefix, numbered headings, ลักษณะข้อมูล, missing blocks, other units)."""

import pytest
from kr_extract.extract import extract_document

from tests.helpers import doc_from_text, scanned_doc

PAGE = """รายละเอียดตัวชี้วัด

Back Home

{name_line}

ค่าเป้าหมาย {unit} : 75.0000
{actual}
{type_label} : ตัวชี้วัดเชิงยุทธศาสตร์
(ตัวชี้วัดระดับผลผลิต (output))

{quarterly}
รายงานผลฯ ไตรมาสที่ 1

วันที่ ๑๑ ตุลาคม ๒๕๖๕ ประชุมหารือ

รายงานผลฯ ไตรมาสที่ 2

-

{h_def}

ชุมชน หมายถึง ชุมชนตามระเบียบ

{h_calc}

(จำนวนชุมชนที่ดำเนินการ * 100)/จำนวนชุมชนทั้งหมด

สนับสนุนยุทธศาสตร์กรุงเทพมหานครฯ

:ด้านที่ ๕ - มหานครประชาธิปไตย
:มิติที่ ๕.๒ - เมืองธรรมาภิบาล
"""

QUARTERLY = """ผลงานเทียบกับเป้าหมายรายไตรมาส

ไตรมาสที่
(1 - 4)
*ผลงาน*
(ร้อยละ)
*ผลประเมินตัวชี้วัด*
(* 2.1 / 2.2 *)
1
20.00
0.0000
0 / 0
2
35.50
1.0000
1 / 2
"""


def page_text(**overrides):
    fields = {
        "name_line": "ร้อยละของชุมชนที่มีแผน : 2100-1040",
        "unit": "ร้อยละ", "actual": "ผลงานที่ทำได้ ร้อยละ : 20.0000",
        "type_label": "ประเภทตัวชี้วัด", "quarterly": QUARTERLY,
        "h_def": "นิยาม หรือความหมายของตัวชี้วัด",
        "h_calc": "วิธีการคำนวณ หรือ เกณฑ์การประเมิน",
    }
    fields.update(overrides)
    return PAGE.format(**fields)


def page(**overrides):
    ex = extract_document(doc_from_text(page_text(**overrides)))
    return ex, ex.tables["indicators"][0]


def codes(ex):
    return {i.code for i in ex.issues}


def test_sample_structure():
    ex, ind = page()
    assert ex.form_type == "kpi_monitor_page"
    assert (ind["indicator_code"], ind["target_value"], ind["actual_value"]) == (
        "2100-1040", 75.0, 20.0)
    assert ind["indicator_type"] == "ตัวชี้วัดเชิงยุทธศาสตร์ (ตัวชี้วัดระดับผลผลิต (output))"
    assert ind["definition"] == "ชุมชน หมายถึง ชุมชนตามระเบียบ"
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["assessment"], r["score_pair"]) for r in rows] == [
        (1, 20.0, 0.0, "0 / 0"), (2, 35.5, 1.0, "1 / 2")]
    assert rows[0]["report"] == "วันที่ 11 ตุลาคม 2565 ประชุมหารือ"
    assert rows[1]["report"] is None
    assert [(a["level"], a["number"]) for a in ex.tables["alignments"]] == [
        ("ด้าน", "5"), ("มิติ", "5.2")]


def test_fiscal_year_is_inferred_from_report_dates_and_said_so():
    ex, ind = page()
    assert (ind["fiscal_year_be"], ind["fiscal_year_inferred"]) == (2566, True)
    assert "fiscal_year_inferred" in codes(ex)


@pytest.mark.parametrize("prefix", ["2564 ", "ปี 2564 : ", "ปีงบประมาณ พ.ศ. 2564 "])
def test_year_prefix_before_the_name(prefix):
    ex, ind = page(name_line=f"{prefix}ร้อยละของชุมชนที่มีแผน : 2100-1040")
    assert (ind["fiscal_year_be"], ind["fiscal_year_inferred"]) == (2564, False)
    assert ind["name"] == "ร้อยละของชุมชนที่มีแผน"
    assert "fiscal_year_inferred" not in codes(ex)


def test_numbered_headings_and_data_kind_label():
    _ex, ind = page(h_def="1.นิยาม หรือความหมายของตัวชี้วัด",
                   h_calc="2. วิธีการคำนวณ หรือ เกณฑ์การประเมิน", type_label="ลักษณะข้อมูล")
    assert ind["definition"] == "ชุมชน หมายถึง ชุมชนตามระเบียบ"
    assert ind["calculation"].startswith("(จำนวนชุมชน")
    assert ind["indicator_type"].startswith("ตัวชี้วัดเชิงยุทธศาสตร์")


def test_an_indicator_type_label_ocr_damaged_is_still_the_type():
    # sample 003 scanned with a fifth seed: "ประเภทตัวชี้วัด :" read "ประยกทตัวชีวัด :"
    ex, ind = page(type_label="ประยกทตัวชีวัด")
    assert ind["indicator_type"].startswith("ตัวชี้วัดเชิงยุทธศาสตร์ (ตัวชี้วัดระดับผลผลิต")
    assert any(i.code == "type_label_unread" and "ประยกทตัวชีวัด" in i.message
               for i in ex.issues)
    # another label of the page that shares its words is not taken for it
    ex, ind = page(type_label="ตรวจประเมินตัวชี้วัด")
    assert ind["indicator_type"] is None and "unplaced_text" in codes(ex)


def test_page_without_achievement_and_quarterly_table():
    ex, ind = page(actual="", quarterly="")
    assert ind["actual_value"] is None
    assert [r["quarter"] for r in ex.tables["quarterly_results"]] == [1]  # the report only
    assert ex.tables["quarterly_results"][0]["result"] is None


def test_other_units():
    _ex, ind = page(unit="จำนวน (ครั้ง)", actual="ผลงานที่ทำได้ จำนวน (ครั้ง) : 12.0000")
    assert (ind["target_unit"], ind["target_value"], ind["actual_value"]) == (
        "จำนวน (ครั้ง)", 75.0, 12.0)


def test_unknown_heading_becomes_an_issue():
    ex, ind = page(h_calc="ผู้รับผิดชอบตัวชี้วัด")
    assert "unknown_section" in codes(ex)
    assert ind["calculation"] is None


def test_broken_quarterly_line_is_flagged_not_guessed():
    ex, _ind = page(quarterly=QUARTERLY.replace("35.50", "3S.50"))
    assert [r["quarter"] for r in ex.tables["quarterly_results"] if r["result"] is not None
            ] == [1]
    assert "unplaced_text" in codes(ex)


def test_a_quarter_number_ocr_could_not_read_follows_from_the_row_above():
    # sample 003 scanned: the quarter number 3 read as "ว", its three values intact
    table = QUARTERLY + "ว\n0.00\n0.0000\n0/0\n4\n0.00\n0.0000\n0 / 0\n"
    ex, _ind = page(quarterly=table)
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["score_pair"]) for r in rows] == [
        (1, 20.0, "0 / 0"), (2, 35.5, "1 / 2"), (3, 0.0, "0 / 0"), (4, 0.0, "0 / 0")]
    flag = next(i for i in ex.issues if i.code == "unreadable_number")
    assert flag.source_line == rows[2]["source_line"] and "'ว'" in flag.message


def test_an_assessment_line_with_its_label_garbled_gives_its_quarter_and_score():
    # sawasdee-300-grey, sample 003: '*** สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 4 : 0.0000'
    # read '*** สยป. หรวจประมแตรชวด ไตรมาศที่ 4 0.0000': both values lost, no issue
    printed = "(ตัวชี้วัดระดับผลผลิต (output))\n"
    for line, flagged in (("*** สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 4 : 0.0000", False),
                          ("*** สยป. หรวจประมแตรชวด ไตรมาศที่ 4 0.0000", True)):
        ex = extract_document(scanned_doc(page_text().replace(printed,
                                                              f"{printed}\n{line}\n")))
        indicator = ex.tables["indicators"][0]
        assert (indicator["assessed_quarter"], indicator["assessed_score"]) == (4, 0.0)
        assert ("assessment_label_unread" in codes(ex)) == flagged


def test_a_speck_read_apart_after_a_quarter_number_or_value_is_not_the_cells():
    # docx-typist-200-bilevel, sample 003: quarter 2's number and result read '2 .' and
    # '35.50 .'; the row was lost and the quarters after it took its place
    ex, _ind = page(quarterly=QUARTERLY.replace("\n2\n35.50", "\n2 .\n35.50 ."))
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["score_pair"]) for r in rows] == [
        (1, 20.0, "0 / 0"), (2, 35.5, "1 / 2")]
    assert [(r.rule, r.original, r.replacement) for r in ex.repairs
            if r.rule == "speck_dropped"] == [("speck_dropped", "2 .", "2"),
                                              ("speck_dropped", "35.50 .", "35.50")]


def test_a_quarter_row_lost_before_a_later_one_is_an_error():
    table = QUARTERLY.replace("\n2\n35.50", "\n2 ..\n35.50") + "3\n0.00\n0.0000\n0 / 0\n"
    ex, _ind = page(quarterly=table)
    assert [r["quarter"] for r in ex.tables["quarterly_results"]] == [1, 3]
    [error] = [i for i in ex.issues if i.severity == "error"]
    assert error.code == "rows_missing" and "quarter(s) 2 " in error.message
    # on the row after the gap, as a numbered table's missing rows are
    assert error.source_line == ex.tables["quarterly_results"][1]["source_line"]


def test_a_first_quarter_number_ocr_could_not_read_goes_before_quarter_2():
    # sample 003 scanned (seed 16): the quarter number 1 read as "|"; the table began at
    # the "2" and quarter 1's row was lost, the rows after it out of step
    ex, _ind = page(quarterly=QUARTERLY.replace("\n1\n20.00", "\n|\n20.00"))
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["score_pair"]) for r in rows] == [
        (1, 20.0, "0 / 0"), (2, 35.5, "1 / 2")]
    flag = next(i for i in ex.issues if i.code == "unreadable_number")
    assert flag.source_line == rows[0]["source_line"] and "before quarter 2" in flag.message
    # a header line before the '2' is no row
    ex, _ind = page(quarterly=QUARTERLY.replace("\n1\n20.00\n0.0000\n0 / 0", ""))
    assert [(r["quarter"], r["result"]) for r in ex.tables["quarterly_results"]
            if r["result"] is not None] == [(2, 35.5)]


def test_a_result_whose_point_a_scan_read_as_a_dash_keeps_its_row_in_place():
    # Sawasdee in the ODT layout at 200 dpi bilevel, sample 003: quarter 1's number read
    # ']' and its result '20.00' read '20-00': the row did not fit, was lost, and the
    # quarters after it took its place
    ex, _ind = page(quarterly=QUARTERLY.replace("\n1\n20.00", "\n]\n20-00"))
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["score_pair"]) for r in rows] == [
        (1, 20.0, "0 / 0"), (2, 35.5, "1 / 2")]
    assert any("'20-00'" in i.message and i.source_line == rows[0]["source_line"]
               for i in ex.issues if i.code == "unreadable_number")
    assert [(r.original, r.replacement) for r in ex.repairs
            if r.rule == "decimal_point_misread"] == [("20-00", "20.00")]


def test_a_report_heading_whose_quarter_a_scan_misread_takes_its_place_in_order():
    # Kinnari at 200 dpi bilevel: 'รายงานผลฯ ไตรมาสที่ ๑' read '... ไตรมาสที่ |'; its report
    # went unplaced, and with it the dates the fiscal year is inferred from
    text = page_text().replace("รายงานผลฯ ไตรมาสที่ 1\n", "รายงานผลฯ ไตรมาสที่ |\n")
    ex = extract_document(scanned_doc(text))
    rows = {r["quarter"]: r["report"] for r in ex.tables["quarterly_results"]}
    assert rows[1] == "วันที่ 11 ตุลาคม 2565 ประชุมหารือ"
    assert ex.tables["indicators"][0]["fiscal_year_be"] == 2566
    assert any("'|'" in i.message for i in ex.issues if i.code == "unreadable_number")


def test_a_header_line_read_as_a_quarter_number_does_not_start_the_table():
    # sample 003 scanned (seed 18): the header line "(* 2.1 / 2.2 *)" read as "2"; the
    # table began there, quarter 2 with result 1.0, every row out of step
    ex, _ind = page(quarterly=QUARTERLY.replace("(* 2.1 / 2.2 *)", "2"))
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["score_pair"]) for r in rows] == [
        (1, 20.0, "0 / 0"), (2, 35.5, "1 / 2")]


def test_a_score_pair_ocr_garbled_keeps_its_rows_place_and_is_flagged():
    # sample 003 scanned (another scan of it): "0/0" read as "07.0"; the rows after it
    # went out of step and quarter 1 came out as 4
    table = QUARTERLY.replace("0 / 0", "07.0") + "3\n0.00\n0.0000\n0/0\n"
    ex, _ind = page(quarterly=table)
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["score_pair"]) for r in rows] == [
        (1, 20.0, None), (2, 35.5, "1 / 2"), (3, 0.0, "0 / 0")]
    flag = next(i for i in ex.issues if i.code == "unreadable_number")
    assert "'07.0'" in flag.message and flag.source_line == rows[0]["source_line"]


def test_a_score_pair_whose_slash_was_read_as_a_7_is_mended_and_flagged():
    # sample 003 scanned (seed 14): "0 / 0" read "070" and "O70"
    table = QUARTERLY.replace("0 / 0", "070") + "3\n0.00\n0.0000\nO70\n4\n0.00\n0.0000\n1770\n"
    ex, _ind = page(quarterly=table)
    rows = ex.tables["quarterly_results"]
    assert [r["score_pair"] for r in rows] == ["0 / 0", "1 / 2", "0 / 0", None]
    flags = [i for i in ex.issues if i.code == "unreadable_number"]
    assert [f.source_line for f in flags] == [rows[0]["source_line"], rows[2]["source_line"],
                                              rows[3]["source_line"]]
    assert "taken as '0 / 0'" in flags[0].message and "'1770'" in flags[2].message


def test_a_doubt_about_a_values_own_line_is_said_on_its_records_line():
    # sample 003 scanned with a fifth seed: score pair "0 / 0" read "0/70", doubted on its
    # own line, and the quarter row (whose source_line is the quarter's) carried no issue
    doc = doc_from_text(page_text())
    texts = [line.text for line in doc.lines]
    pair_line = texts.index("1 / 2") + 1
    target_line = next(i for i, t in enumerate(texts, 1) if t.startswith("ค่าเป้าหมาย"))
    doc.line_flags += [(pair_line, "low_ocr_confidence", "number '1/2' read with doubt"),
                       (target_line, "low_ocr_confidence", "number '75' read with doubt")]
    ex = extract_document(doc)
    row = ex.tables["quarterly_results"][1]
    indicator = ex.tables["indicators"][0]
    said = {(i.source_line, i.field) for i in ex.issues if i.code == "low_ocr_confidence"}
    assert (row["source_line"], "quarterly_results.score_pair") in said
    assert (indicator["source_line"], "target_value") in said
    assert (pair_line, None) in said and len(said) == 4


def test_an_alignment_label_ocr_garbled_takes_its_level_from_the_numbers_depth():
    # sample 003 scanned (another scan of it): ":มิติที่ ๕.๒ - เมืองธรรมาภิบาล" read as
    # "JAN 5.2 - เมืองธรรมาภิบาล" and joined to the line above as its wrapped rest
    text = page_text().replace(":มิติที่ ๕.๒ - เมืองธรรมาภิบาล",
              "JAN 5.2 - เมืองธรรมาภิบาล\n:เป้าหมายที่ 5.2.1 ประชาชนมีส่วนร่วม")
    ex = extract_document(scanned_doc(text))
    assert [(a["level"], a["number"], a["text"]) for a in ex.tables["alignments"]] == [
        ("ด้าน", "5", "มหานครประชาธิปไตย"), ("มิติ", "5.2", "เมืองธรรมาภิบาล"),
        ("เป้าหมาย", "5.2.1", "ประชาชนมีส่วนร่วม")]
    assert "alignment_label_unread" in codes(ex)


def test_an_alignment_line_garbled_past_its_number_is_the_level_between_its_neighbours():
    # sample 003 in a Word layout, 200 dpi bilevel: ":มิติที่ ๕.๒ - เมืองธรรมาภิบาล" read as
    # "HAN @.lo - เมืองธรรมากบาล"; the level was lost while the page stayed ok
    text = page_text().replace(":มิติที่ ๕.๒ - เมืองธรรมาภิบาล",
                               "HAN @.lo - เมืองธรรมาภิบาล\n:เป้าหมายที่ 5.2.1 ประชาชนมีส่วนร่วม")
    ex = extract_document(scanned_doc(text))
    assert [(a["level"], a["number"], a["text"]) for a in ex.tables["alignments"]] == [
        ("ด้าน", "5", "มหานครประชาธิปไตย"), ("มิติ", "5.2", "เมืองธรรมาภิบาล"),
        ("เป้าหมาย", "5.2.1", "ประชาชนมีส่วนร่วม")]
    assert "alignment_label_unread" in codes(ex) and "rows_missing" not in codes(ex)


def test_an_alignment_number_that_lost_the_number_above_is_restored_under_it():
    # Tlwg Typo at 300 dpi, sample 003: ':มิติที่ ๕.๒' read ':มิติที่ 2'; the level below
    # (5.2.1) then looked like one following a level lost: an error, though none was
    text = page_text().replace(":มิติที่ ๕.๒ - เมืองธรรมาภิบาล",
                               ":มิติที่ 2 - เมืองธรรมาภิบาล\n:เป้าหมายที่ 5.2.1 ประชาชนมีส่วนร่วม")
    ex = extract_document(scanned_doc(text))
    assert [(a["level"], a["number"]) for a in ex.tables["alignments"]][:3] == [
        ("ด้าน", "5"), ("มิติ", "5.2"), ("เป้าหมาย", "5.2.1")]
    assert "rows_missing" not in codes(ex)
    assert any("'2'" in i.message for i in ex.issues if i.code == "unreadable_number")
    assert [(r.original, r.replacement) for r in ex.repairs
            if r.field == "alignments.number"] == [("2", "5.2")]


def test_an_alignment_line_run_on_in_the_line_above_is_split_off_at_its_number():
    # purisa-300-grey, sample 003: the ด้าน line fills the page's width and the มิติ line,
    # its label read 'Ran', was joined to it as its wrapped rest
    text = page_text().replace(
        ":ด้านที่ ๕ - มหานครประชาธิปไตย\n:มิติที่ ๕.๒ - เมืองธรรมาภิบาล",
        ":ด้านที่ ๕ - มหานครประชาธิปไตย : Bangkok City Ran 5.2 - เมืองธรรมาภิบาล")
    ex = extract_document(scanned_doc(text))
    assert [(a["level"], a["number"], a["text"]) for a in ex.tables["alignments"]] == [
        ("ด้าน", "5", "มหานครประชาธิปไตย : Bangkok City"), ("มิติ", "5.2", "เมืองธรรมาภิบาล")]
    # a number that does not extend the line's own is the line's text
    text = page_text().replace("มหานครประชาธิปไตย", "มหานคร ข้อ 3.2 - ทดสอบ")
    ex = extract_document(scanned_doc(text))
    assert ex.tables["alignments"][0]["text"] == "มหานคร ข้อ 3.2 - ทดสอบ"


@pytest.mark.parametrize("read", [":.เป้าหมายที 5.2.1", ".เป้าหมายที่ 5.2.1"])
def test_an_alignment_label_with_a_speck_before_it_or_its_mark_lost_is_read(read):
    # umpush-300-bilevel, sample 003: ':เป้าหมายที่ ๕.๒.๑' read ':.เป้าหมายที 5.2.1'
    text = page_text().replace("เมืองธรรมาภิบาล", f"เมืองธรรมาภิบาล\n{read} ประชาชน")
    ex = extract_document(scanned_doc(text))
    assert [(a["level"], a["number"], a["text"]) for a in ex.tables["alignments"]] == [
        ("ด้าน", "5", "มหานครประชาธิปไตย"), ("มิติ", "5.2", "เมืองธรรมาภิบาล"),
        ("เป้าหมาย", "5.2.1", "ประชาชน")]
    assert "rows_missing" not in codes(ex)


def test_alignment_lines_garbled_above_the_first_level_read_are_the_levels_above_it():
    # kinnari, 200 dpi grey, heavy blur, sample 003: ':ด้านที่ ๕ -' and ':มิติที่ ๕.๒ -' read
    # 'mun @ -' and 'HAN @.lo -' above ':เป้าหมายที่ 5.2.1': both levels were lost, and
    # the page stayed ok
    text = page_text().replace(":ด้านที่ ๕ - มหานครประชาธิปไตย", "mun @ - มหานครประชาธิปไตย"
                               ).replace(":มิติที่ ๕.๒ - เมืองธรรมาภิบาล",
                                         "HAN @.lo - เมืองธรรมาภิบาล\n:เป้าหมายที่ 5.2.1 ประชาชน")
    ex = extract_document(scanned_doc(text))
    assert [(a["level"], a["number"], a["text"]) for a in ex.tables["alignments"]] == [
        ("ด้าน", "5", "มหานครประชาธิปไตย"), ("มิติ", "5.2", "เมืองธรรมาภิบาล"),
        ("เป้าหมาย", "5.2.1", "ประชาชน")]
    assert [i.code for i in ex.issues].count("alignment_label_unread") == 2
    assert "rows_missing" not in codes(ex)


def test_a_first_alignment_level_read_below_the_first_depth_is_levels_lost():
    text = page_text().replace(":ด้านที่ ๕ - มหานครประชาธิปไตย\n:มิติที่ ๕.๒ - เมืองธรรมาภิบาล",
                               ":เป้าหมายที่ 5.2.1 ประชาชน")
    ex = extract_document(scanned_doc(text))
    [lost] = [i for i in ex.issues if i.code == "rows_missing"]
    assert lost.severity == "error" and "5.2.1" in lost.message


def test_an_alignment_level_the_numbering_skips_was_lost():
    text = page_text().replace(":มิติที่ ๕.๒ - เมืองธรรมาภิบาล",
                               ":เป้าหมายที่ 5.2.1 ประชาชนมีส่วนร่วม")
    ex = extract_document(scanned_doc(text))
    assert [a["number"] for a in ex.tables["alignments"]][:2] == ["5", "5.2.1"]
    [lost] = [i for i in ex.issues if i.code == "rows_missing"]
    assert lost.severity == "error" and "5.2.1" in lost.message


@pytest.mark.parametrize("read, kept", [
    ("mun 5 - มหานครประชาธิปไตย", True),  # 5.2 below extends it: the first level
    ("ราคา 7 - บาท", False),  # no number of the section extends 7
])
def test_a_first_level_whose_label_ocr_garbled_is_taken_when_the_levels_below_extend_it(
        read, kept):
    text = page_text().replace(":ด้านที่ ๕ - มหานครประชาธิปไตย", read)
    ex = extract_document(scanned_doc(text))
    rows = [(a["level"], a["number"]) for a in ex.tables["alignments"]]
    assert (("ด้าน", "5") in rows) == kept
    assert (("ด้าน", "7") in rows) is False
    assert ("มิติ", "5.2") in rows


# --- the views of real pages ---------------------------------------------------------

HEAD_CUT = """ค่าเป้าหมาย ร้อยละ : 95.0000
ผลงานที่ทำได้ ร้อยละ :
ประเภทตัวชี้วัด : ตัวชี้วัดเชิงยุทธศาสตร์
(ตัวชี้วัดระดับผลลัพธ์ (outcome))
รายละเอียดตัวชี้วัดฯ : พิมพ์ข้อมูล
*** สยป. ตรวจประเมินตัวชี้วัด : ไตรมาสที่ 2:
ดำเนินการตั้งแต่เดือนตุลาคม - ธันวาคม
ดำเนินการตั้งแต่เดือนมกราคม - มีนาคม
-
ดำเนินการตั้งแต่เดือนกรกฎาคม - กันยายน
ชุมชน หมายถึง ชุมชนตามระเบียบ
"""

DATABASE = """โครงการจัดทำฐานข้อมูลตัวชี้วัดการพัฒนาเมือง (2562-2563)

Back Home

๓. ร้อยละของชุมชนที่มีแผน : 45

ค่าเป้าหมาย ร้อยละ 60 : ร้อยละ 60

ลักษณะข้อมูล : ตัวชี้วัดเป้าประสงค์

สนับสนุนยุทธศาสตร์กรุงเทพมหานครฯ

:ด้านที่ ๕ - มหานครประชาธิปไตย
:มิติที่ ๕.๒ - เมืองธรรมาภิบาล
:เป้าหมายที่ ๕.๒.๑ ประชาชนมีส่วนร่วม%

1.นิยาม หรือความหมายของตัวชี้วัด

ชุมชน หมายถึง ชุมชนตามระเบียบ
"""


def test_a_page_saved_from_its_target_line_on_is_a_kpi_page_without_name_and_code():
    ex = extract_document(doc_from_text(HEAD_CUT))
    ind = ex.tables["indicators"][0]
    assert (ex.form_type, ex.view) == ("kpi_monitor_page", "head_cut")
    assert (ind["name"], ind["indicator_code"]) == (None, None)
    assert (ind["target_value"], ind["target_unit"], ind["actual_value"]) == (95.0, "ร้อยละ", None)
    assert (ind["assessed_quarter"], ind["assessed_score"]) == (2, None)
    assert ind["source_line"] == 1  # the record starts at its target line
    # the report paragraphs, their quarter headings lost, are one report of no quarter;
    # a page has four of them: the paragraph after them is no report
    rows = ex.tables["quarterly_results"]
    assert [(r["quarter"], r["result"], r["source_line"]) for r in rows] == [(None, None, 7)]
    assert rows[0]["report"] == ("ดำเนินการตั้งแต่เดือนตุลาคม - ธันวาคม ดำเนินการตั้งแต่เดือนมกราคม"
                                 " - มีนาคม - ดำเนินการตั้งแต่เดือนกรกฎาคม - กันยายน")
    unplaced = [i for i in ex.issues if i.code == "unplaced_text"]
    assert [(i.source_line, "ชุมชน หมายถึง" in i.message) for i in unplaced] == [(11, True)]


def test_the_reports_run_together_end_at_a_definition_whose_heading_was_lost():
    # two quarters reported, then the definition (its heading 'นิยาม ...' cut away with
    # the page's head): it is no report
    text = HEAD_CUT.replace("-\nดำเนินการตั้งแต่เดือนกรกฎาคม - กันยายน\n", "").replace(
        "ดำเนินการตั้งแต่เดือนมกราคม - มีนาคม\n", "")
    ex = extract_document(doc_from_text(text))
    assert [r["report"] for r in ex.tables["quarterly_results"]] == [
        "ดำเนินการตั้งแต่เดือนตุลาคม - ธันวาคม"]
    assert any(i.code == "unplaced_text" and "ชุมชน หมายถึง" in i.message for i in ex.issues)


def test_a_counter_under_the_type_is_page_furniture():
    ex, _ind = page(quarterly="12\n\n" + QUARTERLY)
    assert "unplaced_text" not in codes(ex)


def test_a_page_of_the_city_indicator_database_keeps_its_id_as_the_code():
    ex = extract_document(doc_from_text(DATABASE))
    ind = ex.tables["indicators"][0]
    assert (ex.form_type, ex.view) == ("kpi_monitor_page", "database")
    assert (ind["indicator_code"], ind["indicator_key"]) == ("45", "45")
    assert ind["name"] == "3. ร้อยละของชุมชนที่มีแผน"
    assert (ind["target_value"], ind["target_unit"], ind["target_text"]) == (
        60.0, "ร้อยละ", "ร้อยละ 60")
    assert ind["indicator_type"] == "ตัวชี้วัดเป้าประสงค์"
    assert ind["definition"] == "ชุมชน หมายถึง ชุมชนตามระเบียบ"
    assert [(a["level"], a["number"], a["text"]) for a in ex.tables["alignments"]] == [
        ("ด้าน", "5", "มหานครประชาธิปไตย"), ("มิติ", "5.2", "เมืองธรรมาภิบาล"),
        ("เป้าหมาย", "5.2.1", "ประชาชนมีส่วนร่วม%")]
    assert "unplaced_text" not in codes(ex)  # the database's header is the page's own


def test_a_plain_number_after_a_colon_is_a_code_in_the_database_view_only():
    # on the full page, 'name : 45' is no name line: the code is dashed there
    ex, ind = page(name_line="ร้อยละของชุมชนที่มีแผน : 45")
    assert ex.view == "full" and ind["indicator_code"] is None
    assert "unplaced_text" in codes(ex)


@pytest.mark.parametrize(("line", "value", "unit"), [
    ("ค่าเป้าหมาย ร้อยละ : 20 ของประชาชนที่ทำการสำรวจ", 20.0, "ร้อยละ"),
    ("ค่าเป้าหมาย ร้อยละ : 95.0000", 95.0, "ร้อยละ"),
    ("ค่าเป้าหมาย ร้อยละ 2 : ร้อยละ 2", 2.0, "ร้อยละ"),
    ("ค่าเป้าหมาย : ร้อยละ 2", 2.0, "ร้อยละ"),
    ("ค่าเป้าหมาย จำนวน (ครั้ง) : 1,200", 1200.0, "จำนวน (ครั้ง)"),
    ("ค่าเป้าหมาย ร้อยละ :", None, "ร้อยละ"),
])
def test_the_target_is_the_values_leading_number_and_the_unit_its_words(line, value, unit):
    ex = extract_document(doc_from_text(HEAD_CUT.replace("ค่าเป้าหมาย ร้อยละ : 95.0000", line)))
    ind = ex.tables["indicators"][0]
    assert (ind["target_value"], ind["target_unit"]) == (value, unit)


def test_a_heading_cut_off_at_the_end_of_the_text_is_said_so():
    text = page_text() + "\nรายงานผลฯ ไตรมาสท"
    ex = extract_document(doc_from_text(text))
    assert "unknown_section" not in codes(ex)
    assert "cut_off_text" in codes(ex)


# --- every printed row counts --------------------------------------------------------

def _quarters(ex):
    return [(r["quarter"], r["result"], r["assessment"], r["score_pair"])
            for r in ex.tables["quarterly_results"]]


def test_a_row_with_an_empty_cell_is_kept_with_a_null_there():
    # a text export keeps each cell a line, the empty assessment an empty line (real page
    # 062, quarter 2)
    table = QUARTERLY.replace("2\n35.50\n1.0000\n1 / 2", "2\n35.50\n\n1 / 2")
    ex, _ind = page(quarterly=table + "3\n\n100\n100 / 100\n4\n97.61\n100\n\n")
    assert _quarters(ex) == [(1, 20.0, 0.0, "0 / 0"), (2, 35.5, None, "1 / 2"),
                             (3, None, 100.0, "100 / 100"), (4, 97.61, 100.0, None)]
    assert "unplaced_text" not in codes(ex)


def test_rows_whose_empty_cells_left_no_line_are_placed_by_their_shape():
    # every row of the table with its assessment left out: no row may be lost
    table = QUARTERLY.split("1\n20.00")[0] + (
        "1\n25.00\n100 / 100\n2\n50.00\n0 / 0\n3\n75.00\n100 / 100\n4\n100.00\n100 / 100\n")
    ex, _ind = page(quarterly=table)
    assert _quarters(ex) == [(1, 25.0, None, "100 / 100"), (2, 50.0, None, "0 / 0"),
                             (3, 75.0, None, "100 / 100"), (4, 100.0, None, "100 / 100")]
    realigned = [i for i in ex.issues if i.code == "row_realigned"]
    assert len(realigned) == 4 and "assessment left empty" in realigned[0].message


def test_a_row_with_a_cell_that_cannot_be_placed_is_kept_and_the_text_is_an_issue():
    table = QUARTERLY.replace("2\n35.50\n1.0000\n1 / 2", "2\n35.50\nรอผลประเมิน\n1 / 2")
    ex, _ind = page(quarterly=table)
    assert _quarters(ex) == [(1, 20.0, 0.0, "0 / 0"), (2, 35.5, None, "1 / 2")]
    issue = next(i for i in ex.issues if i.code == "unplaced_text")
    assert "รอผลประเมิน" in issue.message
    assert issue.source_line == ex.tables["quarterly_results"][1]["source_line"]



def test_a_code_wrapped_onto_the_line_after_the_name_is_the_code():
    # a Tlwg Typo scan, sample 003: the wider face wrapped the line before its code
    ex, ind = page(name_line="ร้อยละของชุมชนที่มีแผน :\n2100-1040")
    assert (ind["name"], ind["indicator_code"]) == ("ร้อยละของชุมชนที่มีแผน", "2100-1040")
    assert "missing_field" not in codes(ex)


def test_a_value_line_whose_colon_a_scan_lost_keeps_its_number():
    # Noto Looped Thai, sample 003: 'ผลงานที่ทำได้ ร้อยละ 20.0000', the colon's dots lost
    _ex, ind = page(actual="ผลงานที่ทำได้ ร้อยละ 20.0000")
    assert (ind["actual_value"], ind["target_value"]) == (20.0, 75.0)
    # Tlwg Typo, sample 003: the dots read as '='
    ind = extract_document(doc_from_text(page_text().replace(
        "ค่าเป้าหมาย ร้อยละ : 75.0000", "ค่าเป้าหมาย ร้อยละ = 75.0000"))).tables["indicators"][0]
    assert (ind["target_value"], ind["target_unit"]) == (75.0, "ร้อยละ")


def test_an_assessment_line_with_its_label_garbled_is_still_the_assessment():
    # Noto Looped Thai, sample 003: ตัวชี้วัด read ตัวธีวัด, its colon lost
    _ex, ind = page(quarterly="*** สุยป., ตรวจประเมินตัวธีวัด ไตรมาสที่ 4 : 0.0000\n\n"
                    + QUARTERLY)
    assert (ind["assessed_quarter"], ind["assessed_score"]) == (4, 0.0)


@pytest.mark.parametrize("heading", ["วิธีการการเก็บข้อมูล/แหล่งข้อมูล",
                                     "วิธีการการเก็บยข้อมูล/แหล่งข้อมูล"])
def test_a_heading_with_a_letter_a_scan_added_is_still_the_heading(heading):
    # Noto Looped Thai, sample 003: เก็บข้อมูล read เก็บยข้อมูล
    ex, ind = page(h_calc=f"{heading}\n\nรายงานจากสำนักงานเขต\n\nวิธีการคำนวณ")
    assert ind["data_source"] == "รายงานจากสำนักงานเขต"
    assert "unknown_section" not in codes(ex)


def test_a_level_numbered_outside_the_one_above_it_is_flagged():
    # Tlwg Typo, sample 003: ':มิติที่ ๕.๒' read with its '5.' lost
    text = page_text().replace(":มิติที่ ๕.๒ -", ":มิติที่ ๒ -")
    ex = extract_document(doc_from_text(text))
    [flag] = [i for i in ex.issues if i.field == "alignments.number"]
    assert flag.code == "unreadable_number" and flag.source_line == ex.tables[
        "alignments"][1]["source_line"]
    assert not [i for i in page()[0].issues if i.field == "alignments.number"]
