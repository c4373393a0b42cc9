"""A fiscal year that contradicts the other years of its document is not written."""

from __future__ import annotations

from pathlib import Path

from helpers import doc_from_text, scanned_doc
from kr_extract.extract._validate import check_fiscal_years, check_plan_months

from kr_extract import extract

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# A KR detail form for fiscal year 2568 (๒๕๖๘), whose baselines name 2565-2567.
KR_SAMPLE = SAMPLES / "000_97a597774b640575.txt"


def _extraction(text: str) -> extract.Extraction:
    return extract.extract_document(doc_from_text(text))


def test_a_fiscal_year_far_from_every_other_year_is_left_out_with_its_reading():
    text = KR_SAMPLE.read_text(encoding="utf-8")
    assert "๒๕๖๘" in text
    # ๖ misread as ๒, as OCR does, in the form's fiscal year line only.
    line = next(line for line in text.splitlines() if "๒๕๖๘" in line)
    misread = text.replace(line, line.replace("๒๕๖๘", "๒๕๒๘"), 1)
    ex = _extraction(misread)
    assert ex.fiscal_year_be is None
    assert all(row["fiscal_year_be"] is None for row in ex.tables["indicators"])
    (issue,) = [i for i in ex.issues if i.code == "implausible_year"]
    assert "2528" in issue.message and issue.field == "indicators.fiscal_year_be"


def test_the_years_as_printed_are_kept():
    ex = _extraction(KR_SAMPLE.read_text(encoding="utf-8"))
    assert ex.fiscal_year_be == 2568
    assert not [i for i in ex.issues if i.code == "implausible_year"]


def _checked(text: str, year: int) -> extract.Extraction:
    ex = extract.Extraction(scanned_doc(text), fiscal_year_be=year)
    ex.add("indicators", indicator_key="1", fiscal_year_be=year, source_line=1)
    check_fiscal_years(ex)
    return ex


def test_a_year_with_too_little_to_check_it_against_is_kept():
    ex = _checked("ปีงบประมาณ 2528\nข้อมูลพื้นฐาน 2565", 2528)  # one other year only
    assert ex.fiscal_year_be == 2528 and not ex.issues


def test_a_year_near_the_others_is_kept_and_one_far_is_not():
    baselines = "\nผลการดำเนินงาน 2565 2566 2567"
    near = _checked("ปีงบประมาณ 2568" + baselines, 2568)
    assert near.fiscal_year_be == 2568 and not near.issues
    far = _checked("ปีงบประมาณ 2528" + baselines, 2528)
    assert far.fiscal_year_be is None and far.tables["indicators"][0]["fiscal_year_be"] is None
    assert [i.code for i in far.issues] == ["implausible_year"]


def test_a_baseline_year_far_from_its_indicators_fiscal_year_is_left_out_with_its_reading():
    from kr_extract.extract._validate import check_baseline_years

    ex = extract.Extraction(scanned_doc("ปีงบประมาณ 2567"), fiscal_year_be=2567)
    ex.add("indicators", indicator_key="1.1-1", fiscal_year_be=2567, source_line=1)
    for line, year in enumerate((2564, 2505, 2566), start=5):  # 2565 read as 2505
        ex.add("baselines", indicator_key="1.1-1", year_be=year, value=80.0,
               source_line=line)
    check_baseline_years(ex)
    assert [b["year_be"] for b in ex.tables["baselines"]] == [2564, None, 2566]
    (issue,) = ex.issues
    assert (issue.code, issue.source_line) == ("implausible_year", 6)
    assert "2505" in issue.message


def test_a_plan_month_under_a_misread_year_goes_by_the_fiscal_year_with_its_reading():
    # A performance agreement for 2568 whose plan heads its months with ๒๕๖๗ / ๒๕๖๘;
    # a scan read the first year as ๒๕๒๒ (๖ has no place in Tesseract's Thai digits).
    from test_performance_agreement import AGREEMENT

    ex = _extraction(AGREEMENT)
    months = [["2024-10", "2024-11", "2024-12"], ["2025-01", "2025-02"]]
    assert [p["months"] for p in ex.tables["action_plans"]] == months
    assert not [i for i in ex.issues if i.code == "implausible_year"]
    misread = AGREEMENT.replace("ขั้นตอนการดำเนินการ\tพ.ศ. ๒๕๖๗", "ขั้นตอนการดำเนินการ\tพ.ศ. ๒๕๒๒")
    ex = _extraction(misread)
    assert [p["months"] for p in ex.tables["action_plans"]] == months
    [issue] = [i for i in ex.issues if i.code == "implausible_year"]
    assert issue.field == "action_plans.months" and "2522" in issue.message
    # months that still come out far from the fiscal year are left out, the reading kept
    first = ex.tables["action_plans"][0]
    first["months"] = ["1979-10"]
    check_plan_months(ex)
    assert first["months"] is None
    assert any("1979-10" in i.message and i.source_line == first["source_line"]
               for i in ex.issues)
