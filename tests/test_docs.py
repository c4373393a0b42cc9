"""The documentation holds: the README stays short, every relative link leads to a file of
the repository, docs/issue-codes.md lists exactly the issue codes the code emits, and
docs/output-contract.md the columns of the schemas."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ISSUE_CODES_DOC = ROOT / "docs" / "issue-codes.md"
README_MAX_BYTES = 12_000
SOURCE_DIRS = ("extract", "kr_extract", "schemas", "normalize")


def markdown_files() -> list[Path]:
    files = [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [f for f in files if f.exists()]


# --- the README ---------------------------------------------------------------------------

def test_readme_is_short():
    size = len(README.read_bytes())
    assert size <= README_MAX_BYTES, (
        f"README.md is {size} bytes, over {README_MAX_BYTES}: move detail to docs/")


# --- links --------------------------------------------------------------------------------

# [text](target "title") and ![alt](target); reference definitions: [label]: target
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"
                          r"\(\s*<?([^()\s<>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$",
                             re.MULTILINE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def links_of(text: str) -> list[str]:
    """Link targets of a Markdown text, outside code blocks and code spans."""
    text = _CODE_SPAN.sub("", _FENCE.sub("", text))
    return [m.group(1) for m in (*_INLINE_LINK.finditer(text), *_REFERENCE_LINK.finditer(text))]


def broken_links(doc: Path, root: Path = ROOT) -> list[str]:
    broken = []
    for target in links_of(doc.read_text(encoding="utf-8")):
        if _EXTERNAL.match(target):
            continue  # http:, https:, mailto:
        path = target.split("#", 1)[0]
        if not path:
            continue  # an anchor in the same page
        resolved = (doc.parent / path).resolve()
        if not resolved.is_relative_to(root.resolve()):
            broken.append(f"{target} (outside the repository)")
        elif not resolved.exists():
            broken.append(f"{target} (no such file)")
    return broken


def test_markdown_files_are_found():
    names = {f.relative_to(ROOT).as_posix() for f in markdown_files()}
    assert {"README.md", "CONTRIBUTING.md", "docs/issue-codes.md"} <= names


@pytest.mark.parametrize("doc", markdown_files(), ids=lambda f: f.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_files_of_the_repository(doc: Path):
    assert broken_links(doc) == []


@pytest.mark.parametrize("doc", markdown_files(), ids=lambda f: f.relative_to(ROOT).as_posix())
def test_no_path_outside_the_repository(doc: Path):
    text = doc.read_text(encoding="utf-8")
    for outside in ("../shared", "/work/shared"):
        assert outside not in text, f"{doc.name} mentions {outside}"


def test_the_link_check_finds_broken_links(tmp_path: Path):
    (tmp_path / "outside.md").write_text("beside the repository\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("# the repository\n", encoding="utf-8")
    (root / "docs").mkdir()
    doc = root / "docs" / "page.md"
    doc.write_text(
        "[ok](../README.md) [anchor](#top) [web](https://example.org) [here](page.md#x)\n"
        "[gone](missing.md#x) [up](../../outside.md) `[code](nowhere.md)`\n\n"
        "```\n[fenced](nowhere.md)\n```\n\n"
        "[ref]: ../README.md\n[bad ref]: nothing.md\n", encoding="utf-8")
    assert "nowhere.md" not in links_of(doc.read_text(encoding="utf-8"))
    assert broken_links(doc, root) == ["missing.md#x (no such file)",
                                       "../../outside.md (outside the repository)",
                                       "nothing.md (no such file)"]


# --- issue codes --------------------------------------------------------------------------

_SEVERITY = r"(error|warning|info)"
_CODE = r'"([a-z][a-z0-9]*(?:_[a-z0-9]+)*)"'
# How the code creates issues:
# - ex.issue("warning", "unknown_agency", ...), Issue("error", "missing_field", ...)
_ISSUE_CALL = re.compile(r"(?:\.issue|\bIssue)\(\s*" + f'"{_SEVERITY}"' + r"\s*,\s*" + _CODE)
# - error classes (code = "timeout") and codes chosen into a variable
#   (code, said = "month_inferred", ...; code = ("missing_section" if ... else ...))
_CODE_ASSIGN = re.compile(r"\bcode\s*(?:,\s*\w+\s*)?=\s*(\((?:[^()]|\([^()]*\))*\)|\"[^\"]*\")")
_CHOSEN = re.compile(_CODE + r"\s+if\b|\belse\s+" + _CODE)
# - readers' notes and line flags: notes.append(("invalid_utf8", message)),
#   flags.append((where, "low_ocr_confidence", message))
_NOTE = re.compile(r"\b(?:notes|flags|line_flags)\.append\(\(\s*"
                   r"(?:(?:[^\"()]|\([^\"()]*\))*?,\s*)?" + _CODE + r"\s*,")
# - rows written straight into the issues table: {"severity": "info", "code": "..."}
_ROW = re.compile(r'"code"\s*:\s*' + _CODE)
# - mends of a misread run, whose code becomes the issue: Mend(line, ..., "unreadable_number", ...)
_MEND = re.compile(r"\bMend\(((?:[^()]|\([^()]*\))*)\)")
# Calls that pass on a code made elsewhere (by the patterns above): the name they use.
_ISSUE_CODE_ARGUMENT = re.compile(r"\.issue\(\s*(?:\"[a-z]+\"|\w+)\s*,\s*([^,]+?)\s*,")
FORWARDED = {"code", "mend.code"}


def source_files() -> list[Path]:
    return [p for d in SOURCE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]


def codes_in(text: str) -> set[str]:
    """The issue codes one source text emits."""
    codes = {m.group(2) for m in _ISSUE_CALL.finditer(text)}
    for m in _CODE_ASSIGN.finditer(text):
        value = m.group(1)
        if value.startswith('"'):
            codes.add(value.strip('"'))
        else:
            codes |= {a or b for a, b in _CHOSEN.findall(value)}
            first = re.match(r"\(\s*" + _CODE + r"\s*(?:,|\))", value)
            if first:
                codes.add(first.group(1))
    codes |= {m.group(1) for m in _NOTE.finditer(text)}
    codes |= {m.group(1) for m in _ROW.finditer(text)}
    for m in _MEND.finditer(text):
        codes |= set(re.findall(_CODE, m.group(1)))
    return codes


def code_severities(text: str) -> dict[str, set[str]]:
    """Severities given literally with a code: ex.issue("warning", "unknown_agency", ...)."""
    found: dict[str, set[str]] = {}
    for m in _ISSUE_CALL.finditer(text):
        found.setdefault(m.group(2), set()).add(m.group(1))
    return found


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in source_files():
        codes |= codes_in(path.read_text(encoding="utf-8"))
    return codes


# A row of a code table: | `code` | warning, info | when |
_DOC_ROW = re.compile(r"^\|\s*`([a-z][a-z0-9_]*)`\s*\|\s*((?:error|warning|info)"
                      r"(?:\s*,\s*(?:error|warning|info))*)\s*\|", re.MULTILINE)


def documented_codes() -> dict[str, set[str]]:
    documented: dict[str, set[str]] = {}
    for m in _DOC_ROW.finditer(ISSUE_CODES_DOC.read_text(encoding="utf-8")):
        assert m.group(1) not in documented, f"{m.group(1)} is listed twice"
        documented[m.group(1)] = {s.strip() for s in m.group(2).split(",")}
    return documented


def test_the_code_collector_sees_every_way_of_making_an_issue():
    source = '''
class SlowError(DocumentError):
    code = "too_slow"
ex.issue("warning", "odd_value", f"value {x}", line=3)
ex.issue(
    "info",
    "guessed_thing", "message")
Issue("error", "made_directly", "message")
notes.append(("note_code", "message"))
flags.append((_line_holding(lines, 0, text), "flag_code", message))
flags.append((again.text, f"page {number}: not a code"))
code = ("first_choice" if check == "rows" else
        "second_choice" if reason.endswith("no number") else "third_choice")
code, said = "tuple_code", ("message")
{"doc_id": doc_id, "severity": "info", "code": "row_code", "message": message}
Mend(row.line, row.page, token, new, "mend_code", said)
'''
    assert codes_in(source) == {
        "too_slow", "odd_value", "guessed_thing", "made_directly", "note_code", "flag_code",
        "first_choice", "second_choice", "third_choice", "tuple_code", "row_code",
        "mend_code"}
    assert code_severities(source)["odd_value"] == {"warning"}


def test_issues_are_made_with_codes_the_collector_sees():
    """An issue whose code comes from a variable escapes the patterns above, unless the
    variable only passes on codes that they see (readers' notes, mends, requirements)."""
    unseen = []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        for m in _ISSUE_CODE_ARGUMENT.finditer(text):
            argument = m.group(1)
            if not re.fullmatch(_CODE, argument) and argument not in FORWARDED:
                line = text.count("\n", 0, m.start()) + 1
                unseen.append(f"{path.relative_to(ROOT)}:{line}: {argument}")
    assert unseen == [], "issue codes the test cannot read; extend tests/test_docs.py"


def test_the_code_emits_many_codes():
    assert len(emitted_codes()) >= 40


def test_every_emitted_code_is_documented():
    missing = sorted(emitted_codes() - set(documented_codes()))
    assert missing == [], f"add these codes to {ISSUE_CODES_DOC.relative_to(ROOT)}"


def test_every_documented_code_is_emitted():
    stale = sorted(set(documented_codes()) - emitted_codes())
    assert stale == [], f"no code emits these; remove them from {ISSUE_CODES_DOC.name}"


def test_documented_severities_match_the_code():
    documented = documented_codes()
    wrong = []
    for path in source_files():
        for code, severities in code_severities(path.read_text(encoding="utf-8")).items():
            if code in documented and not severities <= documented[code]:
                wrong.append(f"{code}: {sorted(severities)} in {path.relative_to(ROOT)}, "
                             f"documented {sorted(documented[code])}")
    assert wrong == []


# --- the output contract ------------------------------------------------------------------

_TABLE_HEADING = re.compile(r"^### (\w+)\s*$", re.MULTILINE)
_COLUMN_ROW = re.compile(r"^\|\s*`(\w+)`\s*\|\s*([^|]+?)\s*\|", re.MULTILINE)


def documented_columns() -> dict[str, list[tuple[str, str]]]:
    """Columns of each `### table` section of docs/output-contract.md, in order."""
    text = (ROOT / "docs" / "output-contract.md").read_text(encoding="utf-8")
    tables = {}
    for section in re.split(r"^(?=#{1,3} )", text, flags=re.MULTILINE):
        heading = _TABLE_HEADING.match(section)
        if heading:
            tables[heading.group(1)] = [(m.group(1), m.group(2).replace("\\", ""))
                                        for m in _COLUMN_ROW.finditer(section)]
    return tables


def test_the_output_contract_lists_the_columns_of_the_schemas():
    from kr_extract.schemas import TABLES

    def type_name(kind) -> str:
        import pyarrow as pa

        if pa.types.is_list(kind):
            return f"list<{type_name(kind.value_type)}>"
        return str(kind)

    schemas = {name: [(f.name, type_name(f.type)) for f in schema]
               for name, schema in TABLES.items()}
    assert documented_columns() == schemas
