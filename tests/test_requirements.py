"""Status that means something: `ok` when every field and section the form type requires
(in the document's view) was found and passed its check, `partial` with an error issue
naming each gap, and `documents.completeness` the share of requirements met."""

from pathlib import Path

from kr_extract.extract import FORMS, extract_document
from kr_extract.extract._validate import requirements, requirements_of

from kr_extract import schemas
from kr_extract.pipeline import process_file
from tests.helpers import doc_from_text

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "real_pages"
KR_SAMPLE = ROOT / "samples" / "000_97a597774b640575.txt"


def page_text(page: str) -> str:
    return (PAGES / f"{page}.txt").read_text(encoding="utf-8")


def errors(ex):
    return sorted((i.code, i.field) for i in ex.issues if i.severity == "error")


def test_requirements_are_data_for_every_form_type_and_name_real_columns():
    assert {r.form_type for r in requirements()} == {f.FORM_TYPE for f in FORMS}
    for req in requirements():
        names = schemas.TABLES[req.table].names
        column = req.column.partition("=")[0]
        assert not column or column in names, req


def test_each_view_of_the_kpi_page_requires_its_own_fields():
    def names(view):
        return {r.name for r in requirements_of("kpi_monitor_page", view)}

    assert names("full") == {"indicator_code", "name", "target_value", "indicator_type"}
    assert names("head_cut") == {"target_value", "indicator_type"}
    assert names("database") == names("full") | {"alignments"}


def test_a_page_that_prints_no_year_is_not_warned_about_one():
    # real page 001: no year before its name, no dated report
    ex = extract_document(doc_from_text(page_text("001")))
    assert ex.fiscal_year_be is None
    assert [i for i in ex.issues if i.field == "fiscal_year_be"] == []
    assert ex.completeness == 1.0


def test_a_head_cut_page_without_name_and_code_is_complete():
    ex = extract_document(doc_from_text(page_text("014")))
    assert ex.view == "head_cut" and errors(ex) == []
    assert ex.completeness == 1.0


def test_a_full_page_without_its_name_line_is_partial_and_says_what_it_lacks(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(page_text("011").replace(
        "ความสามารถในการระบายน้ำจากถนนสายหลักที่มีปัญหาน้ำท่วมขังเนื่องจากฝนตก : 5030-1014\n", ""),
        encoding="utf-8")
    result = process_file(page)
    document = result.document
    assert (document["form_type"], document["status"]) == ("kpi_monitor_page", "partial")
    assert document["completeness"] == 0.5  # target and type found; name and code not
    gaps = {(i["code"], i["field"]) for i in result.tables["issues"] if i["severity"] == "error"}
    assert gaps == {("missing_field", "indicator_code"), ("missing_field", "name")}


def test_a_target_printed_without_a_number_fails_its_check():
    ex = extract_document(doc_from_text(page_text("014").replace(
        "ค่าเป้าหมาย ร้อยละ : 100", "ค่าเป้าหมาย ร้อยละ : ตามแผน")))
    assert errors(ex) == [("invalid_field", "target_value")]
    issue = next(i for i in ex.issues if i.code == "invalid_field")
    assert "'ตามแผน'" in issue.message and issue.source_line == 1
    target = next(r for r in ex.requirements if r.requirement == "target_value")
    assert not target.met and target.line == 1


def test_a_database_page_without_its_strategy_lines_lacks_a_section():
    text = page_text("041")
    kept = [line for line in text.split("\n") if not line.startswith(":")]
    ex = extract_document(doc_from_text("\n".join(kept)))
    assert ex.view == "database"
    assert errors(ex) == [("missing_section", "alignments")]
    assert ex.completeness == 0.8


def test_a_gap_the_parser_reported_is_not_said_twice(tmp_path):
    # the KR form without its reporting-channel row: the parser's missing_section stands
    lines = KR_SAMPLE.read_text(encoding="utf-8").split("\n")
    lossy = tmp_path / "kr.txt"
    lossy.write_text("\n".join(line for line in lines
                               if not line.startswith("ช่องทางการรายงาน")), encoding="utf-8")
    result = process_file(lossy)
    assert result.document["status"] == "partial"
    assert [i["field"] for i in result.tables["issues"] if i["severity"] == "error"] == [
        "reporting_channel"]
    assert result.document["completeness"] == round(8 / 9, 4)


def test_documents_carry_their_completeness():
    assert process_file(KR_SAMPLE).document["completeness"] == 1.0
    assert process_file(PAGES / "041.txt").document["completeness"] == 1.0


def test_a_document_of_no_form_has_no_completeness(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("เรียน ผู้อำนวยการ\nขอแจ้งให้ทราบ\n", encoding="utf-8")
    document = process_file(letter).document
    assert document["status"] == "failed" and document["completeness"] is None

