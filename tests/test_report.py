"""The review report (`kr-extract report`): the samples, a text-layer PDF, a scan, a
document whose overall target holds no number, and a hostile document are run through
the pipeline, the report is written, and its pages are opened in headless Chromium.

What a page must show comes from the documents: indicator keys and names from the
samples' `.expected.json` files (written by reading the samples), and the issues and
repairs the tables hold, since the report's task is to show every row it is given.
"""

from __future__ import annotations

import html
import html.parser
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from kr_extract.cli import main
from kr_extract.pipeline import BatchOptions, run_batch
from kr_extract.report import CSP, DOUBTFUL_CODES, safe_href, write_report

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))

# Markup a hostile document holds. The raw tags are dropped from the values by the
# reader (they are HTML), so they reach the source lines only; the entity-escaped copy is
# unescaped into the values, so the same markup also reaches the extracted rows. Each
# payload would leave a mark if it ran: window.__pwned set, document.title changed.
RAW_PAYLOAD = ("<script>window.__pwned=1;document.title='pwned'</script> "
               "<img src=x onerror=\"window.__pwned=2;document.title='pwned-img'\"> "
               "<a href=\"javascript:window.__pwned=3;document.title='pwned-link'\">ลิงก์</a>")
DECODED_PAYLOAD = RAW_PAYLOAD.replace("pwned", "pwned-value").replace("__pwned-value",
                                                                     "__pwned")
ESCAPED_PAYLOAD = DECODED_PAYLOAD.replace("<", "&lt;").replace(">", "&gt;")
PWNED_TITLES = {"pwned", "pwned-img", "pwned-link", "pwned-value", "pwned-value-img",
                "pwned-value-link", "pwned-path"}
# A file name a careless link would turn into a javascript: URL.
HOSTILE_NAME = "javascript:window.__pwned=4;document.title='pwned-path'.txt"
DOUBTFUL_NAME = "no_target_number.txt"


@dataclass
class Batch:
    inputs: Path
    out: Path
    report: Path
    has_pdf: bool

    def table(self, name: str) -> pd.DataFrame:
        return pd.read_parquet(self.out / f"{name}.parquet")

    def rows(self, name: str, doc_id: str) -> pd.DataFrame:
        table = self.table(name)
        return table[table["doc_id"] == doc_id]

    def documents(self) -> list[dict]:
        return self.table("documents").to_dict("records")

    def page_of(self, source_name: str) -> Path:
        """The report page of the document read from `source_name` (found by its h1,
        not by how the report names its files)."""
        for page in (self.report / "docs").glob("*.html"):
            heading = re.search(r"<h1[^>]*>(.*?)<", page.read_text(encoding="utf-8"), re.S)
            if heading and html.unescape(heading[1]).strip() == source_name:
                return page
        raise AssertionError(f"no report page for {source_name}")


def _hostile_text() -> str:
    text = (SAMPLES / "000_97a597774b640575.txt").read_text(encoding="utf-8")
    both = f"{RAW_PAYLOAD} {ESCAPED_PAYLOAD}"
    hostile = text.replace("ชื่อ KRs ข้อบัญญัติ", f"ชื่อ KRs {both} ข้อบัญญัติ", 1)
    assert hostile != text
    return hostile


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    folder = tmp_path_factory.mktemp("report")
    inputs = folder / "in"
    inputs.mkdir()
    for sample in SAMPLE_FILES:
        shutil.copy(sample, inputs / sample.name)
    (inputs / HOSTILE_NAME).write_text(_hostile_text(), encoding="utf-8")
    text = (SAMPLES / "001_418a55db55d94e5f.txt").read_text(encoding="utf-8")
    doubtful = text.replace("ค่าเป้าหมาย : ๔๔๐ หน่วยนับ", "ค่าเป้าหมาย : ไม่ระบุ หน่วยนับ", 1)
    assert doubtful != text
    (inputs / DOUBTFUL_NAME).write_text(doubtful, encoding="utf-8")
    pdf_fixtures = pytest.importorskip("pdf_fixtures")
    has_pdf = pdf_fixtures.fonts_available()
    if has_pdf:
        pdf = pdf_fixtures.render_text_pdf(SAMPLES / "003_82c197e5b1ac22e4.txt",
                                           inputs / "kpi_page.pdf")
        first = pdf_fixtures.render_scan(pdf, folder / "scan.png", pages=[1])
        first.rename(inputs / "kpi_scan.png")
    out = folder / "out"
    run_batch([inputs], out, BatchOptions(jobs=2))
    assert main(["report", str(out)]) == 0
    return Batch(inputs, out, out / "report", has_pdf)


# --- without a browser -------------------------------------------------------------------

@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
    "java\tscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>",
    "vbscript:x", "http://example.org/", "//example.org/x", "javascript%3Aalert(1)x:y",
])
def test_links_refuse_every_scheme_but_file(href: str):
    assert safe_href(href) == "#"


@pytest.mark.parametrize("href", ["#L12", "#page-3", "docs/ab12.html", "../index.html",
                                  "file:///tmp/a%3Ab.txt", "report.css"])
def test_links_the_report_makes_pass(href: str):
    assert safe_href(href) == href


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data


def _pages(batch: Batch) -> list[Path]:
    return [batch.report / "index.html", *sorted((batch.report / "docs").glob("*.html"))]


def test_every_page_has_the_policy_and_no_markup_of_its_own_making(batch: Batch):
    pages = _pages(batch)
    assert len(pages) == len(batch.documents()) + 1
    for page in pages:
        parser = _Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        metas = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv")]
        assert [(m["http-equiv"], m["content"]) for m in metas] == [
            ("Content-Security-Policy", CSP)], page
        scripts = [a for t, a in parser.tags if t == "script"]
        assert len(scripts) == 1 and scripts[0]["src"].endswith("report.js"), page
        assert not parser.script_text.strip(), page
        for tag, attrs in parser.tags:
            assert not [name for name in attrs if name.startswith("on")], (page, tag, attrs)
            for name in ("href", "src"):
                if attrs.get(name) is not None:
                    assert urlsplit(attrs[name]).scheme in ("", "file"), (page, attrs)
                    assert not attrs[name].lower().lstrip().startswith("javascript"), page


def test_the_policy_forbids_inline_and_remote_code():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    assert set(directives["img-src"].split()) <= {"'self'", "data:"}


def test_the_source_file_link_is_a_file_url_of_the_file(batch: Batch):
    page = batch.page_of(HOSTILE_NAME).read_text(encoding="utf-8")
    links = re.findall(r'href="(file:[^"]*)"', page)
    assert len(links) == 1
    assert Path(unquote(urlsplit(html.unescape(links[0])).path)) == (batch.inputs / HOSTILE_NAME)


def test_a_folder_without_tables_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture):
    assert main(["report", str(tmp_path)]) == 2
    assert "no output tables" in capsys.readouterr().err
    assert not (tmp_path / "report").exists()
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_report_is_replaced_whole_and_a_later_run_ignores_it(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE_FILES[0], inputs / "a.txt")
    out = tmp_path / "out"
    run_batch([inputs], out, BatchOptions(jobs=1))
    write_report(out)
    (out / "report" / "docs" / "stale.html").write_text("old", encoding="utf-8")
    summary = write_report(out)
    assert summary.n_documents == 1
    assert not (out / "report" / "docs" / "stale.html").exists()
    assert not list(out.glob(".report-*"))
    again = run_batch([inputs], out, BatchOptions(jobs=1))
    assert again.sources["parsed"] == 0
    assert (out / "report" / "index.html").exists()


def test_pdf_and_scan_pages_are_drawn(batch: Batch):
    if not batch.has_pdf:
        pytest.skip("no Thai font to print the test PDF with (scripts/setup installs them)")
    from PIL import Image

    for doc in batch.documents():
        if Path(doc["source_path"]).suffix not in (".pdf", ".png"):
            continue
        page = batch.page_of(Path(doc["source_path"]).name)
        images = re.findall(r'<img src="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(images) == doc["n_pages"]
        for src in images:
            with Image.open(page.parent / src) as image:
                low, high = image.convert("L").getextrema()
                assert high - low > 100, src  # ink on paper, not one colour


# --- in the browser ------------------------------------------------------------------------

def _browser_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


needs_browser = pytest.mark.skipif(
    _browser_paths() is None,
    reason="Chromium and its driver are not installed (Debian packages chromium and "
           "chromium-driver, in scripts/apt-packages.txt: scripts/setup installs them)")


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = _browser_paths()
    assert paths is not None
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(paths[1]))
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser, page: Path) -> str:
    """Load `page`; return its visible text. Fails on a policy violation in the console."""
    browser.get(page.as_uri())
    assert browser.execute_script(
        "return document.readyState === 'complete' && "
        "document.documentElement.dataset.reportScript") == "ready", page
    violations = [e["message"] for e in browser.get_log("browser")
                  if "Content Security Policy" in e["message"]]
    assert not violations, violations
    return browser.execute_script("return document.body.innerText")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _colours(browser) -> int:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 24) or [])


@needs_browser
def test_index_lists_every_document(batch: Batch, browser):
    text = _open(browser, batch.report / "index.html")
    assert _colours(browser) > 50  # text on a background, not a blank page
    documents = batch.documents()
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('#documents tbody tr'))"
        ".map(r => [r.querySelector('a').textContent, r.dataset.status, r.cells[2].innerText])")
    assert sorted(r[0] for r in rows) == sorted(Path(d["source_path"]).name for d in documents)
    for doc in documents:
        assert Path(doc["source_path"]).name in text
    assert {r[0]: r[1] for r in rows} == {Path(d["source_path"]).name: d["status"]
                                         for d in documents}


@needs_browser
def test_index_sorts_and_filters(batch: Batch, browser):
    _open(browser, batch.report / "index.html")
    from selenium.webdriver.common.by import By

    def names() -> list[str]:
        return browser.execute_script(
            "return Array.from(document.querySelectorAll('#documents tbody tr'))"
            ".filter(r => !r.hidden).map(r => r.querySelector('a').textContent)")

    header = browser.find_elements(By.CSS_SELECTOR, "#documents thead button.sort")[1]
    header.click()
    assert names() == sorted(names(), key=str)  # ascending by path (one folder)
    header.click()
    assert names() == sorted(names(), key=str, reverse=True)
    search = browser.find_element(By.ID, "filter-text")
    search.send_keys("004_a41e")
    assert names() == ["004_a41e8c2e0c8c4b4b.txt"]
    assert browser.find_element(By.ID, "shown-count").text == "1"


def _expected(sample: Path) -> dict:
    return json.loads(sample.with_suffix(".expected.json").read_text(encoding="utf-8"))


@needs_browser
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name[:3])
def test_a_sample_page_shows_its_indicators_issues_and_repairs(batch: Batch, browser,
                                                              sample: Path):
    page = batch.page_of(sample.name)
    text = _squeeze(_open(browser, page))
    assert _colours(browser) > 50
    expected = _expected(sample)
    assert expected["indicators"]
    for indicator in expected["indicators"]:
        assert _squeeze(indicator["indicator_key"]) in text
        assert _squeeze(indicator["name"]) in text
    doc_id = _doc_id(batch, sample.name)
    issues = batch.rows("issues", doc_id)
    assert len(issues)  # each sample has one at least: the test would show nothing
    for message in issues["message"]:
        assert _squeeze(message) in text
    for repair in batch.rows("repairs", doc_id).itertuples():
        assert _squeeze(f"{repair.original}→{repair.replacement}") in text
    # The source beside them: every line numbered, as many as the file has.
    n_lines = len(sample.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n"))
    assert browser.execute_script("return document.querySelectorAll('.source .line').length"
                                  ) == n_lines


def _doc_id(batch: Batch, name: str) -> str:
    documents = batch.table("documents")
    found = documents[documents["source_path"].map(lambda p: Path(p).name) == name]
    assert len(found) == 1
    return str(found["doc_id"].iloc[0])


@needs_browser
def test_issues_are_on_their_lines_and_rows_link_to_theirs(batch: Batch, browser):
    sample = SAMPLE_FILES[2]  # 002: an issue on a line rows were read from
    _open(browser, batch.page_of(sample.name))
    doc_id = _doc_id(batch, sample.name)
    issues = batch.rows("issues", doc_id)
    on_lines = issues[issues["source_line"].notna()]
    assert len(on_lines)
    for issue in on_lines.itertuples():
        line = browser.execute_script(
            "const l = document.getElementById('L' + arguments[0]);"
            "return l && [l.className, l.innerText]", int(issue.source_line))
        assert line is not None
        assert f"sev-{issue.severity}" in line[0].split()
        assert _squeeze(issue.message) in _squeeze(line[1])
    targets = batch.rows("targets", doc_id)
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('[id^=\"row-targets-\"] a.where'))"
        ".map(a => a.getAttribute('href'))")
    assert links == [f"#L{n}" for n in targets["source_line"]]


@needs_browser
def test_a_value_read_with_doubt_is_marked_on_its_row(batch: Batch, browser):
    _open(browser, batch.page_of(DOUBTFUL_NAME))
    # The overall target line of the document holds no number: the indicator's target.
    marked = browser.execute_script(
        "return Array.from(document.querySelectorAll('[id^=\"row-indicators-\"] dd.doubtful'))"
        ".map(dd => dd.previousElementSibling.textContent)")
    assert marked == ["target_value"]
    line = browser.execute_script(
        "return Array.from(document.querySelectorAll('.source .line.doubtful'))"
        ".map(l => l.querySelector('.lt').textContent)")
    assert len(line) == 1 and "ไม่ระบุ" in line[0]


@needs_browser
def test_rows_on_the_line_of_a_doubtful_reading_are_marked(batch: Batch, browser):
    """Wherever a scan reading was doubted (the scan's issues), the rows read from that
    line carry the mark."""
    if not batch.has_pdf:
        pytest.skip("no Thai font to print the test scan with (scripts/setup installs them)")
    issues = batch.table("issues")
    checked = 0
    for doc in batch.documents():
        doubtful = issues[(issues["doc_id"] == doc["doc_id"])
                          & issues["code"].isin(DOUBTFUL_CODES)
                          & issues["source_line"].notna()]
        if doubtful.empty:
            continue
        lines_with_rows = set()
        for name in ("indicators", "quarterly_results", "targets", "alignments"):
            table = batch.table(name)
            lines_with_rows |= set(table[table["doc_id"] == doc["doc_id"]]["source_line"])
        _open(browser, batch.page_of(Path(doc["source_path"]).name))
        marked = browser.execute_script(
            "return Array.from(document.querySelectorAll("
            "'.extracted [id^=\"row-\"].doubtful .where')).map(w => w.textContent)")
        for line in set(doubtful["source_line"].astype(int)) & lines_with_rows:
            assert any(re.search(rf"\bline {line}\b", m) for m in marked), (doc, line)
            checked += 1
    assert checked  # the scan's reading gives doubts on rows: otherwise nothing was shown


@needs_browser
def test_page_images_load(batch: Batch, browser):
    if not batch.has_pdf:
        pytest.skip("no Thai font to print the test PDF with (scripts/setup installs them)")
    for name in ("kpi_page.pdf", "kpi_scan.png"):
        _open(browser, batch.page_of(name))
        widths = browser.execute_script(
            "return Array.from(document.querySelectorAll('figure.page img'))"
            ".map(i => i.complete ? i.naturalWidth : -1)")
        assert widths and all(w > 100 for w in widths), (name, widths)
    # The text-layer PDF also shows the lines it was read as, which its rows link to.
    _open(browser, batch.page_of("kpi_page.pdf"))
    key = _expected(SAMPLE_FILES[3])["indicators"][0]["indicator_key"]
    href = browser.execute_script(
        "return document.querySelector('[id^=\"row-indicators-\"] a.where').getAttribute('href')")
    line = browser.execute_script(
        "return document.querySelector(arguments[0] + ' .lt').textContent", href)
    assert key in line


@needs_browser
def test_lines_that_gave_values_are_outlined_on_the_page_image(batch: Batch, browser):
    if not batch.has_pdf:
        pytest.skip("no Thai font to print the test PDF with (scripts/setup installs them)")
    import io

    from PIL import Image

    _open(browser, batch.page_of("kpi_page.pdf"))
    browser.execute_script("document.querySelector('#page-1').scrollIntoView()")
    boxes = browser.execute_script("""
        const img = document.querySelector('#page-1 img').getBoundingClientRect();
        return [[img.left, img.top, img.right, img.bottom],
                Array.from(document.querySelectorAll('#page-1 svg.boxes rect')).map(r => {
                    const b = r.getBoundingClientRect();
                    return [r.dataset.line, b.left, b.top, b.right, b.bottom]; })];""")
    image_box, rects = boxes
    assert rects, "no value outlined on the page"
    # The line an indicator row was read from is outlined, and links to that line.
    href = browser.execute_script(
        "return document.querySelector('[id^=\"row-indicators-\"] a.where').getAttribute('href')")
    outlined = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.boxes rect')).map(r => r.dataset.line)")
    assert href.removeprefix("#L") in outlined
    shot = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("L")
    ratio = browser.execute_script("return window.devicePixelRatio") or 1
    inked = 0
    for _, left, top, right, bottom in rects:
        assert image_box[0] - 1 <= left < right <= image_box[2] + 1
        assert image_box[1] - 1 <= top < bottom <= image_box[3] + 1
        if bottom > image_box[3] or bottom > shot.height / ratio:
            continue  # below the window: not in the screenshot
        region = shot.crop(tuple(round(v * ratio) for v in (left, top, right, bottom)))
        inked += region.getextrema()[0] < 100  # the outline holds printed text
    assert inked >= max(1, len(rects) // 2), (inked, len(rects))


@needs_browser
def test_hostile_text_runs_no_script_and_is_shown_as_text(batch: Batch, browser):
    names = batch.table("indicators").merge(batch.table("documents"), on="doc_id")
    hostile = names[names["source_path"].str.endswith(HOSTILE_NAME)]
    # The precondition: the markup did reach the extracted values.
    assert DECODED_PAYLOAD in hostile["name"].iloc[0]
    for page in (batch.report / "index.html", batch.page_of(HOSTILE_NAME)):
        text = _open(browser, page)
        assert browser.execute_script("return window.__pwned") is None
        assert browser.title not in PWNED_TITLES
        dom = browser.execute_script("""
            const all = Array.from(document.querySelectorAll('*'));
            return {
              scripts: Array.from(document.scripts).map(s => s.src),
              handlers: all.flatMap(e => Array.from(e.attributes))
                           .filter(a => a.name.startsWith('on')).map(a => a.name),
              protocols: Array.from(document.links).map(a => a.protocol),
              images: Array.from(document.images).map(i => i.getAttribute('src')),
            };""")
        assert len(dom["scripts"]) == 1 and dom["scripts"][0].endswith("/report.js")
        assert dom["handlers"] == []
        assert set(dom["protocols"]) == {"file:"}
        assert "x" not in dom["images"]
        assert HOSTILE_NAME in text
    # Shown as the text it is: the raw markup on its source line, the unescaped markup
    # in the extracted name.
    assert RAW_PAYLOAD in text
    assert DECODED_PAYLOAD in text
    # Following the links of the page runs nothing either.
    from selenium.webdriver.common.by import By

    for link in browser.find_elements(By.CSS_SELECTOR, "a[href^='#']")[:40]:
        browser.execute_script("arguments[0].click()", link)
    assert browser.execute_script("return window.__pwned") is None


@needs_browser
def test_the_policy_stops_markup_that_got_through_and_lets_the_report_script_run(
        batch: Batch, browser, tmp_path: Path):
    """The second wall, as Chromium applies it to a page opened from disk: markup let
    into a report page (as if escaping had failed) runs nothing, while report.js runs."""
    index = (batch.report / "index.html").read_text(encoding="utf-8")
    breached = batch.report / "breached.html"
    breached.write_text(index.replace("<main>", f"<main>{RAW_PAYLOAD}", 1), encoding="utf-8")
    try:
        browser.get(breached.as_uri())
        assert browser.execute_script("return document.documentElement.dataset.reportScript"
                                      ) == "ready"
        assert browser.execute_script("return window.__pwned") is None
        assert browser.title not in PWNED_TITLES
        blocked = [e["message"] for e in browser.get_log("browser")
                   if "Content Security Policy" in e["message"]]
        assert blocked  # the inline script and the handler were refused, and said so
    finally:
        breached.unlink()


def test_the_completeness_of_each_document_is_shown_as_a_percentage(tmp_path: Path):
    """The index shows each document's `completeness` (required fields found over
    required fields) as a percentage, sortable by its value."""
    import pyarrow.parquet as pq

    inputs = tmp_path / "in"
    inputs.mkdir()
    for sample in SAMPLE_FILES[:2]:
        shutil.copy(sample, inputs / sample.name)
    out = tmp_path / "out"
    run_batch([inputs], out, BatchOptions(jobs=1))
    documents = pq.read_table(out / "documents.parquet").to_pylist()
    documents[1]["completeness"] = 0.875  # a document that lost one required field of 8
    pq.write_table(pq.read_table(out / "documents.parquet").from_pylist(
        documents, schema=pq.read_schema(out / "documents.parquet")),
        out / "documents.parquet")
    write_report(out)
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td class="num" data-sort="([^"]*)">([^<]*)</td>', index)
    assert "completeness</button>" in index
    assert (repr(1.0), "100%") in cells and (repr(0.875), "88%") in cells
