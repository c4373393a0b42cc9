"""`explain` and `kr-extract explain FILE [--json]`: the evidence of each form type with
its lines, the decision, and each required field and section of the chosen form, where it
was found or why not. Expected lines are those of the pages as printed (tests/real_pages)."""

import json
from pathlib import Path

from kr_extract.extract import explain

from kr_extract.cli import main
from tests.helpers import doc_from_text

PAGES = Path(__file__).resolve().parent / "real_pages"
LETTER = ("เรียน ผู้อำนวยการ\nขอแจ้งผลการดำเนินงานตามตัวชี้วัด\n"
          "ค่าเป้าหมาย ร้อยละ : 80\nจึงเรียนมาเพื่อโปรดทราบ\n")


def explained(page: str):
    return explain(doc_from_text((PAGES / f"{page}.txt").read_text(encoding="utf-8"),
                                 name=f"{page}.txt"))


def found_lines(form) -> dict[str, int]:
    return {label.label: label.line for label in form.found}


def requirement_lines(explanation) -> dict[str, tuple[bool, int | None]]:
    return {r.requirement: (r.met, r.line) for r in explanation.requirements}


def test_a_full_page():
    ex = explained("001")
    assert (ex.form_type, ex.view, ex.status, ex.completeness) == (
        "kpi_monitor_page", "full", "ok", 1.0)
    kpi = ex.forms[0]
    assert kpi.form_type == "kpi_monitor_page" and kpi.decision.startswith("chosen")
    lines = found_lines(kpi)
    assert lines["Back Home"] == 3 and lines["ค่าเป้าหมาย"] == 7
    assert lines["ผลงานเทียบกับเป้าหมายรายไตรมาส"] == 20
    assert all(f.decision.startswith("not chosen") for f in ex.forms[1:])
    assert requirement_lines(ex) == {
        "indicator_code": (True, 5), "name": (True, 5), "target_value": (True, 7),
        "indicator_type": (True, 11)}


def test_a_head_cut_page():
    ex = explained("014")
    assert (ex.form_type, ex.view, ex.status) == ("kpi_monitor_page", "head_cut", "ok")
    kpi = ex.forms[0]
    assert found_lines(kpi)["ผลงานที่ทำได้"] == 2
    assert "Back Home" in {label.label for label in kpi.missing}
    assert requirement_lines(ex) == {"target_value": (True, 1), "indicator_type": (True, 3)}


def test_a_database_page():
    ex = explained("041")
    assert (ex.form_type, ex.view, ex.status) == ("kpi_monitor_page", "database", "ok")
    assert found_lines(ex.forms[0])["ประเภทตัวชี้วัด | ลักษณะข้อมูล"] == 9
    assert requirement_lines(ex)["alignments"] == (True, 13)
    assert requirement_lines(ex)["indicator_code"] == (True, 5)


def test_a_required_field_not_found_says_why():
    text = (PAGES / "011.txt").read_text(encoding="utf-8").replace(
        "ค่าเป้าหมาย ร้อยละ : 100", "ค่าเป้าหมาย ร้อยละ : ตามแผน")
    ex = explain(doc_from_text(text))
    assert ex.status == "partial"
    target = next(r for r in ex.requirements if r.requirement == "target_value")
    assert (target.met, target.line) == (False, 7) and "'ตามแผน'" in target.reason


def test_a_text_of_no_form():
    ex = explain(doc_from_text(LETTER))
    assert (ex.form_type, ex.status, ex.requirements) == ("unknown", "failed", [])
    assert ex.forms[0].form_type == "kpi_monitor_page"
    assert found_lines(ex.forms[0]) == {"ค่าเป้าหมาย": 3}
    assert ex.forms[0].decision.startswith("not chosen: score 0.12 is below 0.30")
    assert any("closest is kpi_monitor_page" in e for e in ex.errors)


def test_the_command_prints_it_as_text_and_as_json(capsys, tmp_path):
    assert main(["explain", str(PAGES / "014.txt")]) == 0
    out = capsys.readouterr().out
    assert "kpi_monitor_page (head_cut view), status ok" in out
    assert "line 2" in out and "ผลงานที่ทำได้" in out
    assert "target_value (indicators.target_value, number): found; line 1" in out

    assert main(["explain", str(PAGES / "041.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["form_type"], data["view"], data["status"]) == (
        "kpi_monitor_page", "database", "ok")

    letter = tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    assert main(["explain", str(letter)]) == 1
    assert "unknown, status failed" in capsys.readouterr().out


def test_the_command_on_a_file_it_cannot_read(capsys, tmp_path):
    assert main(["explain", str(tmp_path / "missing.txt")]) == 1
    assert "kr-extract explain:" in capsys.readouterr().err
