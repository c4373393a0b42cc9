"""PDF and scan input: PDFs printed from the samples go through the same parsers.

The PDFs are built here (tests/pdf_fixtures.py): A4, a TLWG Thai font, ruled tables.
Goldens are the text samples' own expected files, compared on every column except
`source_line` (a PDF's line numbering differs from the export's) and `source_format`;
all five must match exactly.
OCR is slow (7-15 s a page), so the default run OCRs one page; the five-sample scan
accuracy is measured by benchmarks/scan_accuracy.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kr_extract import extract
from kr_extract.check import EXPECTED_SUFFIX, differences, load_expected, project
from kr_extract.errors import (
    CorruptPdfError,
    DocumentError,
    EmptyDocumentError,
    EncryptedPdfError,
)
from kr_extract.pipeline import process_file

pdf_fixtures = pytest.importorskip("pdf_fixtures")
pytest.importorskip("fpdf")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = sorted(p for p in SAMPLES.glob("*.txt") if p.with_name(p.stem + EXPECTED_SUFFIX).exists())
needs_fonts = pytest.mark.skipif(not pdf_fixtures.fonts_available(),
                                 reason="fonts-thai-tlwg is not installed (scripts/setup)")


def without_source_lines(expected: dict) -> dict:
    def cut(row: dict) -> dict:
        return {k: v for k, v in row.items() if k not in ("source_line", "source_format")}

    return {table: cut(rows) if isinstance(rows, dict) else [cut(r) for r in rows]
            for table, rows in expected.items()}


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdfs")


def sample_pdf(sample: Path, folder: Path) -> Path:
    out = folder / f"{sample.stem}.pdf"
    if not out.exists():
        pdf_fixtures.render_text_pdf(sample, out)
    return out


@needs_fonts
@pytest.mark.parametrize("sample", CASES, ids=[p.name for p in CASES])
def test_text_layer_pdf_matches_golden(sample: Path, pdf_dir: Path):
    result = process_file(sample_pdf(sample, pdf_dir))
    expected = without_source_lines(load_expected(sample))
    diffs = differences(expected, project(expected, result))
    assert result.tables["documents"][0]["source_format"] == "pdf_text"
    for table, rows in result.tables.items():
        for row in rows:
            if table not in ("issues", "repairs") and "source_line" in row:
                assert row["page"] is not None, (table, row)
    assert diffs == []


@needs_fonts
def test_untagged_pdf_matches_golden(tmp_path: Path):
    # Untagged, only geometry tells a wrap from a paragraph's end, and sample 004's lines
    # (its export's lines are the original's printed lines) nearly fill the width
    sample = SAMPLES / "004_a41e8c2e0c8c4b4b.txt"
    pdf = pdf_fixtures.render_text_pdf(sample, tmp_path / "untagged.pdf", tagged=False)
    expected = without_source_lines(load_expected(sample))
    assert differences(expected, project(expected, process_file(pdf))) == []


@needs_fonts
def test_repairs_in_table_cells_are_recorded_on_the_row(pdf_dir: Path):
    # sample 000 prints 'แกไข' (a known misspelling) in a cell of its agency-target rows;
    # the text layer's cells are normalized one by one, each repair kept on the row's line
    doc = extract.read_document(sample_pdf(SAMPLES / "000_97a597774b640575.txt", pdf_dir))
    in_cells = [r for r in doc.repairs if r.source_line in doc.cells]
    assert ("แกไข", "แก้ไข") in {(r.original, r.replacement) for r in in_cells}
    for repair in in_cells:
        cells = doc.cells[repair.source_line]
        texts = [c.text for c in cells] + [
            t for c in cells for table in c.tables for row in table.rows for t in row.texts()]
        assert any(repair.replacement in t for t in texts), repair
        assert repair.replacement in doc.lines[repair.source_line - 1].text


# --- line assembly (bugs caught on the printed samples) -----------------------------------

@pytest.mark.parametrize("text, word", [
    ("คณะกรรมการชุมชนมีองค์ประกอบ", "คณะกรรมการ"),
    ("(องค์การมหาชน) ในการ", "(องค์การมหาชน)"),
    ("1. ชุมชน", "1."),
    ("กทม. 7. สภา", "กทม."),
    ("Bangkok as", "Bangkok"),
    ("*ผลงาน*", "*ผลงาน*"),
    # SARA AM as NIKHAHIT + SARA AA (OCR, some text layers): without the dictionary's
    # spelling, newmm cut 'สำนักงาน' after 'สำ'
    ("ส\u0e4d\u0e32นักงานเขต ดุสิต", "ส\u0e4d\u0e32นักงานเขต"),
], ids=["thai-word", "brackets", "numbering", "abbreviation", "latin", "italic-marks",
        "split-sara-am"])
def test_first_word_is_what_a_line_breaker_keeps_together(text: str, word: str):
    from kr_extract.extract._pdf import first_word

    assert first_word(text) == word


def _run(text: str, x0: float, top: float, advance: float = 6.0):
    from kr_extract.extract._pdf import Char, TextRun

    return TextRun([Char(c, x0 + i * advance, top, x0 + (i + 1) * advance, top + 12)
                    for i, c in enumerate(text)])


@pytest.mark.parametrize("previous_end, expected", [
    (190.0, True),    # 10 pt left: the 60 pt word had to go to the next line
    (100.0, False),   # 100 pt left: it would have fitted, so the line ended a paragraph
], ids=["full-line-wraps", "short-line-ends-paragraph"])
def test_a_line_wraps_only_when_the_next_word_would_not_fit(previous_end: float, expected):
    from kr_extract.extract._pdf import is_wrapped

    previous = _run("ก" * int((previous_end - 10) / 6), 10.0, 0.0)
    run = _run("คณะกรรมการ", 10.0, 14.0)  # one word, 10 letters of 6 pt
    assert is_wrapped(previous, run, right_edge=200.0) is expected


def test_an_ocr_line_starting_with_a_misread_word_is_measured_by_the_word_mended():
    # sample 004 scanned, page 12: "จัดทำแผนพัฒนา" wrapped before "ชุมชน", read "ชุมชูน":
    # the dictionary cut that after "ชุม", which would have fitted, and the cell read
    # "แผนพัฒนา ชุมชน" as two paragraphs
    from kr_extract.extract._pdf import first_word, is_wrapped

    from kr_extract import normalize

    def mend(text: str) -> str:
        return normalize.repair_ocr_words(text)[0]

    assert first_word("ชุมชูน โดยมี") == "ชุม"
    assert first_word("ชุมชูน โดยมี", mend) == "ชุมชูน"
    assert first_word("ส\u0e4d\u0e32นักงานเขต", mend) == "ส\u0e4d\u0e32นักงานเขต"
    previous = _run("ก" * 28, 10.0, 0.0)  # ends at 178: 22 pt left, "ชุม" (18 pt) fits
    run = _run("ชุมชูน โดยมี", 10.0, 14.0)
    assert not is_wrapped(previous, run, right_edge=200.0)
    assert is_wrapped(previous, run, right_edge=200.0, word_repair=mend)


def test_a_last_line_without_marks_is_close_below_by_its_bottom():
    # sample 004 scanned (seed 14), page 10: "...เสนอต่อผู้บริหาร กรุงเทพมหานคร" then
    # "ทราบ", which has no upper marks: its top came 88 px under the line's (pitch 65),
    # taken for a paragraph gap, and the cell read "กรุงเทพมหานคร ทราบ"
    from kr_extract.extract._pdf import Char, TextRun, join_runs

    def line(text: str, top: float, bottom: float) -> TextRun:
        return TextRun([Char(c, 10 + 10 * i, top, 20 + 10 * i, bottom)
                        for i, c in enumerate(text)])

    runs = [line("ก" * 18, 1657, 1717), line("ข" * 18, 1721, 1793),
            line("ค" * 18, 1784, 1860), line("ทราบ", 1872, 1903)]
    assert join_runs(runs, right_edge=200.0) == ["ก" * 18 + "ข" * 18 + "ค" * 18 + "ทราบ"]
    # a paragraph gap is a gap by tops and bottoms alike
    runs[-1] = line("ทราบ", 1960, 2000)
    assert len(join_runs(runs, right_edge=200.0)) == 2


def test_tags_decide_over_geometry():
    from kr_extract.extract._pdf import is_wrapped

    previous = _run("ก" * 30, 10.0, 0.0)  # ends at 190: geometry says "wrapped"
    run = _run("คณะกรรมการ", 10.0, 14.0)
    for char in previous.chars:
        char.mcid = 1
    for char in run.chars:
        char.mcid = 2
    assert not is_wrapped(previous, run, right_edge=200.0)


def test_a_line_opening_with_a_form_label_never_continues_the_line_above():
    # sample 004 scanned: "ตัววัดผลหลัก (Key Result : KR)..." under a line that ended
    # within a word of the margin was taken for its rest, and the alignment lost its label
    from kr_extract.extract._pdf import join_runs

    from kr_extract import normalize

    full = _run("ก" * 30, 10.0, 0.0)  # ends at 190, 10 pt short of the edge
    for label in ("ตัววัดผลหลัก (Key Result : KR) ๓", "ตัววดผลหลก (Key Result : KR) ๓"):
        runs = [full, _run(label, 10.0, 14.0)]
        assert len(join_runs(runs, 200.0)) == 1  # by geometry alone, a wrap
        assert join_runs(runs, 200.0, opens_paragraph=normalize.opens_with_label) == [
            "ก" * 30, label]


def _page_of(number: int, texts: list[str]):
    from kr_extract.extract._pdf import PageText, PlacedText

    runs = [_run(text, 10.0, 14.0 * i) for i, text in enumerate(texts)]
    return PageText(number, [PlacedText(t, [r]) for t, r in zip(texts, runs, strict=True)],
                    first_text_runs=runs[:2], last_text_run=runs[-1], text_right=200.0)


def test_a_paragraph_the_page_break_cut_goes_on_at_the_top_of_the_next_page():
    # sample 004 scanned: "วัตถุประสงค์หลัก (Objective)... ประชาชนมีส่วนร่วม..." ended
    # page 5 at the margin, "และสามารถตรวจสอบการทำงาน..." began page 6
    from kr_extract.extract._pdf import join_pages

    pages = [_page_of(1, ["ข" * 10, "ก" * 30]), _page_of(2, ["คณะกรรมการ", "ค" * 5])]
    lines, page_of, starts = join_pages(pages)
    assert lines == ["ข" * 10, "ก" * 30 + "คณะกรรมการ", "ค" * 5]
    assert page_of == [1, 1, 2]
    assert lines[1].box == pages[0].lines[1].box  # where the paragraph starts
    # a reader's doubt about a line of page 2 lands on the line that holds it now
    assert [starts[2].line_of(i) for i in (0, 1)] == [1, 2]


@pytest.mark.parametrize("top", ["ตัววัดผลหลัก (Key Result : KR) ๓", "ลงชื่อ"])
def test_a_page_that_opens_with_a_form_label_starts_a_paragraph(top: str):
    from kr_extract.extract._pdf import join_pages

    lines, _page_of_line, starts = join_pages([_page_of(1, ["ก" * 30]), _page_of(2, [top])])
    assert lines == ["ก" * 30, "", top] and starts[2].line_of(0) == 2


def _table_page(number: int, rows: list[list[str]], edges: list[float]):
    """A page that is one table: `rows` of cell texts under the columns starting at
    `edges` (the last ends at 400), 20 pt a row."""
    from kr_extract.extract._pdf import CellText, PageText, TableRow

    sides = [*edges, 400.0]
    cells = []
    for i, row in enumerate(rows):
        cells.append([])
        for j, text in enumerate(row):
            box = (sides[j], 20.0 * i, sides[j + 1], 20.0 * i + 20)
            run = _run(text, box[0] + 2, box[1] + 2)
            cells[-1].append(CellText([text] if text else [], [run] if text else [],
                                      box[2] - 2, None, box))
    lines = [TableRow(row) for row in cells]
    return PageText(number, lines, first_table=(0, edges), first_table_rows=cells,
                    last_table=(0, edges, str(lines[0])), last_table_rows=cells,
                    size=(595.0, 842.0))


def test_a_table_part_that_lacks_a_column_its_rows_merge_goes_on_from_the_part_above():
    # kinnari-200-bilevel, sample 004, pages 12-13: a plan's last month is empty in every
    # row under the break, so the part there shows one column edge fewer; its first row
    # is the rest of the step the break cut
    from kr_extract.extract._pdf import join_pages

    step = "ก" * 24  # ends 12 pt short of its cell's side: the next word had to wrap
    above = _table_page(1, [["ขั้นตอน", "ต.ค.", "พ.ย.", "ธ.ค."], [step, "█", "", ""]],
                        [0.0, 160.0, 240.0, 320.0])
    below = _table_page(2, [["คณะกรรมการ", "", ""], ["8. ถัดไป", "", "█"]],
                        [0.0, 160.0, 240.0])
    lines, _page_of, starts = join_pages([above, below])
    rows = [[c.paragraphs[0] if c and c.paragraphs else "" for c in line.cells]
            for line in lines]
    assert rows == [["ขั้นตอน", "ต.ค.", "พ.ย.", "ธ.ค."], [step + "คณะกรรมการ", "█", "", ""],
                    ["8. ถัดไป", "", "█", ""]]
    assert starts[2].line_of(0) == 1  # the rest went on the row it continues


def _placed_paragraphs(blocks, cell_box=None) -> list:
    """Every paragraph of the blocks, with the box of the cell that holds it (if any)."""
    out = []
    for block in blocks:
        if isinstance(block, extract.Table):
            for row in block.rows:
                for cell in row.cells:
                    out += _placed_paragraphs(cell.blocks, cell.box or cell_box)
        else:
            out.append((block, cell_box))
    return out


def _inside_box(inner, outer, slack: float) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack
            and inner[0] < inner[2] and inner[1] < inner[3])


@needs_fonts
def test_every_paragraph_of_a_pdf_has_its_box_on_its_page(pdf_dir: Path):
    sample = SAMPLES / "000_97a597774b640575.txt"
    doc = extract.read_document(sample_pdf(sample, pdf_dir))
    placed = _placed_paragraphs(extract.structure(doc))
    assert len(placed) > 20
    for paragraph, cell_box in placed:
        width, height = doc.page_sizes[paragraph.page]
        assert paragraph.box is not None, paragraph.text
        assert _inside_box(paragraph.box, (0, 0, width, height), slack=0), paragraph.text
        if cell_box is not None:  # a cell's text lies inside its ruled box
            assert _inside_box(paragraph.box, cell_box, slack=2), paragraph.text
        assert paragraph.confidence is None  # a text layer is not a reading
    # The title stands above the indicator name, at the top of the first page.
    title = next(p for p, _ in placed if "รายละเอียด" in p.text)
    name = next(p for p, _ in placed if "ชื่อ KRs" in p.text)
    assert title.page == 1 and title.box[3] <= name.box[1]
    # A text export has lines, not places.
    text_doc = extract.read_document(sample)
    assert not text_doc.page_sizes
    assert all(p.box is None for p, _ in _placed_paragraphs(extract.structure(text_doc)))


@needs_fonts
def test_district_rows_keep_their_pages(pdf_dir: Path):
    sample = SAMPLES / "002_b5ef5c82b4e25241.txt"
    rows = process_file(sample_pdf(sample, pdf_dir)).tables["district_stats"]
    assert len(rows) == 50
    assert len({r["page"] for r in rows}) >= 2  # the table runs over a page break


@needs_fonts
def test_pua_text_layer_comes_out_as_clean_thai(tmp_path: Path):
    # Word-era fonts draw shifted marks with Private Use Area glyphs: ผู้ใหญ่ with the
    # tone marks as U+F70B/U+F70A (HarfBuzz thai_pua_shape tables).
    line = "ผู\uf70bใหญ\uf70a สำนักงานเขตป\uf70bอมปราบศัตรูพ\uf70aาย"
    pdf = pdf_fixtures.render_lines_pdf([line] * 3, tmp_path / "pua.pdf", shaping=False)
    doc = extract.read_document(pdf)
    assert doc.source_format == "pdf_text"
    text = doc.text
    assert not any("\uf700" <= c <= "\uf8ff" for c in text)
    assert "ผู้ใหญ่" in text and "ป้อมปราบศัตรูพ่าย" in text
    assert any(r.rule == "pua_glyph" for r in doc.repairs)


@needs_fonts
def test_unusable_text_layer_is_detected(tmp_path: Path):
    from kr_extract.extract._pdf import text_layer_problem

    sample = SAMPLES / "000_97a597774b640575.txt"
    good = pdf_fixtures.render_text_pdf(sample, tmp_path / "good.pdf")
    broken = pdf_fixtures.strip_unicode_maps(good, tmp_path / "broken.pdf")
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(broken))
    textpage = document[0].get_textpage()
    reason = text_layer_problem(textpage.get_text_range())
    assert reason is not None and "control" in reason
    assert text_layer_problem("สำนักพัฒนาสังคม กรุงเทพมหานคร " * 5) is None


@pytest.mark.parametrize("text, expected", [
    ("", "no text layer"),
    ("\ufffd" * 50, "U+FFFD"),
    ("\u4e00\u4e01\u4e02" * 20, "no script"),
    ("\u0e48\u0e49 " * 30, "no letter"),
], ids=["empty", "replacement-chars", "cjk-glyph-ids", "orphan-marks"])
def test_text_layer_problem_signs(text: str, expected: str):
    from kr_extract.extract._pdf import text_layer_problem

    assert expected in (text_layer_problem(text) or "")


# --- bad PDFs -------------------------------------------------------------------------

def test_corrupt_pdf_raises_document_error(tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF garbage")
    with pytest.raises(CorruptPdfError):
        extract.read_document(bad)
    row = process_file(bad).tables["documents"][0]
    assert row["status"] == "failed"


def test_truncated_pdf_is_corrupt(tmp_path: Path):
    pytest.importorskip("fpdf")
    pdf = pdf_fixtures.render_lines_pdf(["สวัสดี"], tmp_path / "ok.pdf") \
        if pdf_fixtures.fonts_available() else None
    if pdf is None:
        pytest.skip("no Thai font")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[:200])
    with pytest.raises(DocumentError):
        extract.read_document(cut)


def test_encrypted_pdf_raises(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(EncryptedPdfError) as info:
        extract.read_document(path)
    assert info.value.code == "encrypted_pdf"


def test_zero_page_pdf_is_empty(tmp_path: Path):
    import pypdfium2 as pdfium

    path = tmp_path / "empty.pdf"
    document = pdfium.PdfDocument.new()
    with path.open("wb") as out:
        document.save(out)
    with pytest.raises(EmptyDocumentError):
        extract.read_document(path)


def test_input_suffixes_cover_text_pdf_and_images():
    assert extract.TEXT_SUFFIXES < extract.INPUT_SUFFIXES
    assert {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"} <= extract.INPUT_SUFFIXES


# --- OCR (one page in the default run) ---------------------------------------------------

def _ocr_missing() -> str | None:
    if shutil.which("tesseract") is None:
        return "tesseract is not installed (scripts/setup installs tesseract-ocr-tha)"
    from kr_extract.extract._ocr import tesseract_available

    return tesseract_available()


needs_ocr = pytest.mark.skipif(_ocr_missing() is not None, reason=str(_ocr_missing()))


@needs_ocr
@needs_fonts
def test_scanned_page_is_read_by_ocr_and_doubtful_numbers_are_flagged(tmp_path: Path):
    sample = SAMPLES / "000_97a597774b640575.txt"
    shaped = pdf_fixtures.render_text_pdf(sample, tmp_path / "shaped.pdf", shaping=True)
    scan = pdf_fixtures.render_scan(shaped, tmp_path / "scan.pdf", dpi=200, pages=[1])
    doc = extract.read_document(scan)
    assert doc.source_format == "pdf_ocr"
    assert all(line.page == 1 for line in doc.lines)
    text = doc.text.replace(" ", "")
    assert "ค่าเป้าหมาย" in text
    assert "หน่วยงานผู้รับผิดชอบหลัก" in text
    assert any("\t" in line.text for line in doc.lines)  # the ruled table came out as rows
    # ...whose cells reach the structure as read, each with its ruled box
    assert doc.cells and all(c.box for cells in doc.cells.values() for c in cells)
    # Every paragraph read from the page says where it stands and how sure OCR was of it.
    placed = _placed_paragraphs(extract.structure(doc))
    width, height = doc.page_sizes[1]
    assert placed
    for paragraph, _ in placed:
        assert paragraph.box is not None, paragraph.text
        assert _inside_box(paragraph.box, (0, 0, width, height), slack=0)
        assert paragraph.confidence is not None and 0 <= paragraph.confidence <= 100
    ex = extract.extract_document(doc)
    flagged = {i.source_line for i in ex.issues if i.code == "low_ocr_confidence"}
    # Every flag points at a real line holding a digit.
    for line_no in flagged:
        assert any(ch.isdigit() for ch in doc.lines[line_no - 1].text)


@needs_ocr
@needs_fonts
def test_unusable_text_layer_page_goes_to_ocr(tmp_path: Path):
    pdf = pdf_fixtures.render_lines_pdf(
        ["หน่วยงานผู้รับผิดชอบหลัก สำนักพัฒนาสังคม", "ค่าเป้าหมาย 100 ครัวเรือน"],
        tmp_path / "lines.pdf")
    broken = pdf_fixtures.strip_unicode_maps(pdf, tmp_path / "broken.pdf")
    doc = extract.read_document(broken)
    assert doc.source_format == "pdf_ocr"
    assert any(code == "text_layer_unusable" for code, _ in doc.notes)
    assert "สำนักพัฒนาสังคม" in doc.text.replace(" ", "")


def test_a_pdf_over_the_page_limit_is_refused_before_any_page_is_read(tmp_path: Path,
                                                                       monkeypatch):
    # a long scan would be OCR'd for minutes a page before being refused
    from fpdf import FPDF
    from kr_extract.extract import _pdf

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for n in range(3):
        pdf.add_page()
        pdf.cell(text=f"page {n + 1}")
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    monkeypatch.setattr(_pdf, "read_page", lambda *a: pytest.fail("page read"))
    result = process_file(path, max_pages=2)
    assert result.tables["documents"][0]["status"] == "failed"
    assert result.tables["issues"][0]["code"] == "too_many_pages"


def test_a_page_with_one_short_line_is_read_not_taken_for_blank(tmp_path: Path):
    # an office form's last line alone on the last page ('ผู้แจ้งข้อมูล'): too little text
    # to be a text layer worth trusting for OCR's sake, but a page without images has
    # nothing else to read
    from fpdf import FPDF

    from kr_extract import extract

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(text="The form's body runs over this first page of the document.")
    pdf.add_page()
    pdf.cell(text="Signed")
    path = tmp_path / "short-last-page.pdf"
    pdf.output(str(path))
    doc = extract.read_document(path)
    assert [(line.page, line.text) for line in doc.lines if line.text] == [
        (1, "The form's body runs over this first page of the document."), (2, "Signed")]


def test_a_list_item_after_a_full_line_starts_its_own_paragraph():
    # each line fills the column, so fit alone takes every line for a wrap
    from kr_extract.extract._pdf import join_runs

    full = "ก" * 28
    dashes = [_run(f"- {full}", 10.0, 0.0), _run(f"- {full}", 10.0, 14.0)]
    assert join_runs(dashes, right_edge=190.0) == [f"- {full}", f"- {full}"]
    numbers = [_run(f"1. {full}", 10.0, 0.0), _run(f"2. {full}", 10.0, 14.0),
               _run(f"4. {full}", 10.0, 28.0)]  # 4 does not follow 2: a wrap
    assert join_runs(numbers, right_edge=190.0) == [f"1. {full}", f"2. {full} 4. {full}"]
