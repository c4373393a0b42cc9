"""The scanner simulation (tests/scan_fixtures.py) does what it says: the page size follows
the dpi, bilevel pages have two levels, the JPEG quality is the one asked for, the tilt
stays within its bounds, and a seed gives the same bytes every time. Also: the scan
benchmark's dev and test sets share no font."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest

scan_fixtures = pytest.importorskip("scan_fixtures")
pytest.importorskip("pypdfium2")
np = pytest.importorskip("numpy")
fpdf = pytest.importorskip("fpdf")

from PIL import Image  # noqa: E402

Scanner = scan_fixtures.Scanner
scan_pdf = scan_fixtures.scan_pdf

A4_INCHES = (210 / 25.4, 297 / 25.4)
RULE_Y_MM = 150.0


@pytest.fixture(scope="module")
def page_pdf(tmp_path_factory) -> Path:
    """Two A4 pages, each with a long horizontal rule (for the tilt) and a line of text."""
    pdf = fpdf.FPDF(unit="mm", format="A4")
    for _ in range(2):
        pdf.add_page()
        pdf.set_line_width(0.8)
        pdf.line(30, RULE_Y_MM, 180, RULE_Y_MM)
        pdf.set_font("helvetica", size=14)
        pdf.text(30, 60, "Scanner 0123456789")
    out = tmp_path_factory.mktemp("scan") / "page.pdf"
    pdf.output(str(out))
    return out


def test_dpi_gives_the_page_size_in_pixels(page_pdf, tmp_path):
    for dpi in (100, 200):
        (tif,) = scan_pdf(page_pdf, tmp_path / f"{dpi}.tif", Scanner(dpi=dpi, jpeg=None),
                          pages=[1])
        with Image.open(tif) as image:
            width, height = image.size
            assert image.info["dpi"] == pytest.approx((dpi, dpi))
        assert abs(width - A4_INCHES[0] * dpi) <= 1
        assert abs(height - A4_INCHES[1] * dpi) <= 1


def test_paper_and_ink_levels(page_pdf, tmp_path):
    scanner = Scanner(dpi=100, jpeg=None, paper=240, ink=30)
    (png,) = scan_pdf(page_pdf, tmp_path / "levels.png", scanner, pages=[1])
    pixels = np.asarray(Image.open(png))
    assert np.median(pixels) == 240
    assert pixels.min() >= 30


def test_bilevel_pages_have_two_levels(page_pdf, tmp_path):
    scanner = Scanner(dpi=100, mode="bilevel", noise=8, blur=0.5, speckle=1.0)
    (png,) = scan_pdf(page_pdf, tmp_path / "bilevel.png", scanner, pages=[1])
    with Image.open(png) as image:
        assert image.mode == "1"
        assert set(np.unique(np.asarray(image.convert("L"))).tolist()) == {0, 255}
    (tif,) = scan_pdf(page_pdf, tmp_path / "bilevel.tif", scanner)
    with Image.open(tif) as image:
        assert image.info["compression"] == "group4"
        assert image.n_frames == 2
    (pdf,) = scan_pdf(page_pdf, tmp_path / "bilevel.pdf", scanner)
    assert b"/CCITTFaxDecode" in pdf.read_bytes()


def _quantization(jpeg: bytes) -> dict:
    import io

    with Image.open(io.BytesIO(jpeg)) as image:
        return {k: list(v) for k, v in image.quantization.items()}


def _reference_tables(quality: int) -> dict:
    import io

    buffer = io.BytesIO()
    Image.new("L", (16, 16), 200).save(buffer, "JPEG", quality=quality)
    return _quantization(buffer.getvalue())


def _pdf_jpegs(pdf: Path) -> list[bytes]:
    """The DCTDecode image streams of a PDF (Pillow writes them unfiltered otherwise)."""
    data = pdf.read_bytes()
    out = []
    for match in re.finditer(rb"/DCTDecode.*?stream\r?\n", data, re.S):
        start = match.end()
        out.append(data[start:data.index(b"\xff\xd9", start) + 2])
    return out


@pytest.mark.parametrize("quality", [60, 85])
def test_jpeg_quality_is_applied(page_pdf, tmp_path, quality):
    scanner = Scanner(dpi=100, jpeg=quality, noise=3)
    (pdf,) = scan_pdf(page_pdf, tmp_path / "grey.pdf", scanner)
    jpegs = _pdf_jpegs(pdf)
    assert len(jpegs) == 2  # every page, the appended one too
    for jpeg in jpegs:
        assert _quantization(jpeg) == _reference_tables(quality)
    (jpg,) = scan_pdf(page_pdf, tmp_path / "grey.jpg", scanner, pages=[1])
    assert _quantization(jpg.read_bytes()) == _reference_tables(quality)


def test_jpeg_quality_in_tiff(page_pdf, tmp_path):
    low = scan_pdf(page_pdf, tmp_path / "low.tif", Scanner(dpi=100, jpeg=30), pages=[1])[0]
    high = scan_pdf(page_pdf, tmp_path / "high.tif", Scanner(dpi=100, jpeg=90), pages=[1])[0]
    with Image.open(low) as image:
        assert image.info["compression"] == "jpeg"
    assert low.stat().st_size < high.stat().st_size


def _rule_angle(image) -> float:
    """The angle of the page's rule in degrees (positive: rising to the right)."""
    pixels = np.asarray(image.convert("L"))
    height = pixels.shape[0]
    ys, xs = np.nonzero(pixels < 128)
    # The rule is the ink around its printed height (text is far above it).
    near = np.abs(ys - RULE_Y_MM / 297 * height) < 0.05 * height
    slope = np.polyfit(xs[near], ys[near], 1)[0]
    return -math.degrees(math.atan(slope))


def test_tilt_is_bounded(page_pdf, tmp_path):
    angles = []
    for seed in range(1, 5):
        scanner = Scanner(dpi=100, tilt=1.5, shift_mm=2.0, seed=seed, jpeg=None)
        for number, png in enumerate(scan_pdf(page_pdf, tmp_path / f"t{seed}.png", scanner), 1):
            with Image.open(png) as image:
                angle = _rule_angle(image)
            angles.append(angle)
            # Each page between half of `tilt` and `tilt`, either way.
            assert 0.7 <= abs(angle) <= 1.55, (seed, number, angle)
    assert min(angles) < 0 < max(angles)
    (png,) = scan_pdf(page_pdf, tmp_path / "straight.png", Scanner(dpi=100, jpeg=None),
                      pages=[1])
    with Image.open(png) as image:
        assert abs(_rule_angle(image)) < 0.05
    with pytest.raises(ValueError, match="tilt"):
        Scanner(tilt=2.0)


@pytest.mark.parametrize("suffix", [".pdf", ".tif"])
def test_same_seed_same_bytes(page_pdf, tmp_path, suffix):
    scanner = Scanner(dpi=100, tilt=1.0, blur=0.5, noise=5, speckle=1.0, seed=7)
    first = scan_pdf(page_pdf, tmp_path / f"a{suffix}", scanner)[0].read_bytes()
    again = scan_pdf(page_pdf, tmp_path / f"b{suffix}", scanner)[0].read_bytes()
    other = scan_pdf(page_pdf, tmp_path / f"c{suffix}", Scanner(
        dpi=100, tilt=1.0, blur=0.5, noise=5, speckle=1.0, seed=8))[0].read_bytes()
    assert first == again
    assert first != other


def test_benchmark_sets_are_disjoint():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    scan_accuracy = pytest.importorskip("scan_accuracy")
    scan_accuracy.check_sets()
    dev = {c.font for c in scan_accuracy.DEV}
    test = {c.font for c in scan_accuracy.TEST}
    assert dev and test and not dev & test
    assert {c.generator for c in scan_accuracy.TEST} - {"fpdf2"}  # LibreOffice layouts too


def test_benchmark_counts_a_year_left_out_with_its_issue_as_flagged():
    # A fiscal year the validator left out (`implausible_year`, the reading in the issue)
    # is flagged on the indicator's line; the documents row has no line: the issue's
    # field names it.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    scan_accuracy = pytest.importorskip("scan_accuracy")
    from kr_extract.extract import ReadSettings

    from kr_extract.pipeline import parse_bytes

    sample = sorted((Path(__file__).resolve().parent.parent / "samples").glob("000_*.txt"))[0]
    tables = parse_bytes(sample, sample.read_bytes(), ReadSettings()).tables
    indicator, document = tables["indicators"][0], tables["documents"][0]
    indicator["fiscal_year_be"] = document["fiscal_year_be"] = None

    def unflagged(issues):
        score = scan_accuracy.DocScore("x", sample.name)
        scan_accuracy.compare(scan_accuracy.load_expected(sample),
                              {**tables, "issues": issues}, score, False)
        return score.unflagged

    assert unflagged([]) == 2
    assert unflagged([{"code": "implausible_year", "severity": "warning",
                       "source_line": indicator["source_line"],
                       "field": "indicators.fiscal_year_be"}]) == 0
