"""Detection by evidence: a document is the form type whose printed labels it shows best,
matched by their letters, so a label garbled, misread or cut away does not lose it."""

import re
from pathlib import Path

import pytest
from kr_extract.extract import detect, extract_document, structure
from kr_extract.extract.forms import THRESHOLD
from real_page_labels import PAGES, split

from tests.helpers import doc_from_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {
    "000_97a597774b640575.txt": "kr_detail",
    "001_418a55db55d94e5f.txt": "kr_detail",
    "002_b5ef5c82b4e25241.txt": "kr_detail",
    "003_82c197e5b1ac22e4.txt": "kpi_monitor_page",
    "004_a41e8c2e0c8c4b4b.txt": "performance_agreement",
}
# A development page of each view of the KPI monitor page
VIEW_PAGES = {"full": "001", "head_cut": "014", "database": "041"}
DOCUMENTS = [(ROOT / "samples" / name, form) for name, form in SAMPLES.items()] + [
    (PAGES / f"{page}.txt", "kpi_monitor_page") for page in VIEW_PAGES.values()]
IDS = [path.name for path, _form in DOCUMENTS]


def detection_of(text: str):
    doc = doc_from_text(text)
    return detect(doc, structure(doc))


def test_the_view_pages_are_development_pages_of_their_views():
    assert all(split()[page] == (view, "development") for view, page in VIEW_PAGES.items())


@pytest.mark.parametrize(("path", "form"), DOCUMENTS, ids=IDS)
def test_each_form_and_view_is_detected_and_no_other_form_comes_close(path, form):
    detection = detection_of(path.read_text(encoding="utf-8"))
    assert detection.chosen is not None and detection.chosen.form_type == form
    others = [f for f in detection.forms if f.form_type != form]
    assert all(f.score < THRESHOLD / 2 for f in others), detection.scores()


def _garbled(text: str, line_no: int, label: str) -> str | None:
    """The text with the label (as listed, spaces free) on a line struck out, letter for
    letter; None when the line does not show it as listed."""
    lines = text.split("\n")
    for spelling in label.split(" | "):
        letters = [re.escape(c) for c in spelling if not c.isspace()]
        pattern = re.compile(r"\s*".join(letters))
        found = pattern.search(lines[line_no - 1])
        if found:
            line = lines[line_no - 1]
            lines[line_no - 1] = line[:found.start()] + "#" * len(found.group()) + \
                line[found.end():]
            return "\n".join(lines)
    return None


@pytest.mark.parametrize(("path", "form"), DOCUMENTS, ids=IDS)
def test_any_one_label_struck_out_leaves_the_form_detected(path, form):
    text = path.read_text(encoding="utf-8")
    found = [e for e in detection_of(text).chosen.found if e.similarity == 100]
    assert len(found) >= 4
    tried = 0
    for evidence in found:
        garbled = _garbled(text, evidence.line, evidence.label)
        if garbled is None:  # printed in Thai digits, or otherwise than listed
            continue
        tried += 1
        detection = detection_of(garbled)
        assert detection.chosen is not None and detection.chosen.form_type == form, (
            evidence.label, detection.scores())
    assert tried >= len(found) - 1


def test_a_label_with_letters_misread_still_counts_as_evidence():
    page = (PAGES / "014.txt").read_text(encoding="utf-8")
    # 'ประเภทตัวชี้วัด' read with two letters wrong and its marks lost, as OCR reads it
    misread = page.replace("ประเภทตัวชี้วัด :", "ประเกทตัวชวัด :").replace(
        "ผลงานที่ทำได้", "ผลงานทีทำใด้")
    kpi = next(f for f in detection_of(misread).forms if f.form_type == "kpi_monitor_page")
    evidence = {e.label: e for e in kpi.found}
    assert 0 < evidence["ประเภทตัวชี้วัด | ลักษณะข้อมูล"].similarity < 100
    assert evidence["ผลงานที่ทำได้"].line == 2
    # a label that differs by a word is no evidence: 'ค่าเป้าหมายรวม' of the KR form is
    # not the page's 'ค่าเป้าหมาย ร้อยละ'
    kr = next(f for f in detection_of(misread).forms if f.form_type == "kr_detail")
    assert kr.found == []


def test_a_label_within_a_longer_label_is_not_found_in_it():
    # a head-cut page has no title; its print link holds the title's words
    kpi = next(f for f in detection_of((PAGES / "014.txt").read_text(encoding="utf-8")).forms
               if f.form_type == "kpi_monitor_page")
    title = next(e for e in kpi.evidence if e.label.startswith("รายละเอียดตัวชี้วัด |"))
    assert not title.found


def test_a_text_of_no_form_is_unknown_and_the_issue_names_the_closest_form():
    letter = ("เรียน ผู้อำนวยการ\nขอแจ้งค่าเป้าหมาย ร้อยละ 80 ของตัวชี้วัด\n"
              "ค่าเป้าหมาย ร้อยละ : 80\nจึงเรียนมาเพื่อโปรดทราบ\n")
    ex = extract_document(doc_from_text(letter))
    assert ex.form_type == "unknown"
    issue = next(i for i in ex.issues if i.code == "unknown_form")
    assert issue.severity == "error"
    assert "closest is kpi_monitor_page" in issue.message
    assert "ประเภทตัวชี้วัด | ลักษณะข้อมูล" in issue.message  # what it lacked
    assert ex.detection.closest.form_type == "kpi_monitor_page"


def test_the_scores_are_recorded_with_the_extraction():
    ex = extract_document(doc_from_text((PAGES / "041.txt").read_text(encoding="utf-8")))
    assert ex.form_type == "kpi_monitor_page"
    issue = next(i for i in ex.issues if i.code == "form_detected")
    assert issue.severity == "info" and "kpi_monitor_page" in issue.message
    assert ex.detection.chosen.form_type == "kpi_monitor_page"
