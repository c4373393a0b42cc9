"""Arrow schemas of the output tables: the single source of truth of the contract
(docs/output-contract.md describes it; `SCHEMA_VERSION` below numbers it, and every
output file records that number). Columns may be added, never renamed.

Version 2: `doc_id` keys an input file (the SHA-256 of its path and content), no longer
its content alone, so that identical files at two paths do not share one; the content's
SHA-256 is `documents.content_sha256`.

Version 3: `documents.completeness`, the share of its form type's requirements a document
met (null when it failed); a previous output without it is parsed again in full.
"""

from __future__ import annotations

import pyarrow as pa

# The version of the contract above; every output file records it (with the parser's).
SCHEMA_VERSION = 3

S, I8, I16, I32, F64, B = pa.string(), pa.int8(), pa.int16(), pa.int32(), pa.float64(), pa.bool_()


def _schema(*columns: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in columns])


_DOC = ("doc_id", S)
_KEY = ("indicator_key", S)
_LINE = ("source_line", I32)
_PAGE = ("page", I16)

TABLES: dict[str, pa.Schema] = {
    "documents": _schema(
        _DOC, ("source_path", S), ("source_format", S), ("form_type", S),
        ("fiscal_year_be", I16), ("status", S), ("error", S), ("n_issues", I32),
        ("parser_version", S), ("encoding", S), ("size_bytes", pa.int64()),
        ("n_lines", I32), ("n_pages", I16), ("content_sha256", S), ("completeness", F64)),
    "indicators": _schema(
        _DOC, _KEY, ("indicator_code", S), ("name", S), ("fiscal_year_be", I16),
        ("host_agency", S), ("host_agency_raw", S), ("target_value", F64),
        ("target_unit", S), ("target_text", S), ("actual_value", F64), ("component", S),
        ("weight", F64), ("dimension", S), ("development_issue_no", S),
        ("development_issue", S), ("responsibility_type", S), ("definition", S),
        ("calculation", S), _LINE, _PAGE,
        # KPI monitor pages
        ("fiscal_year_inferred", B), ("indicator_type", S), ("data_source", S),
        ("assessed_quarter", I8), ("assessed_score", F64), ("summary", S), ("projects", S),
        # performance agreements
        ("component_name", S), ("past_results", S), ("evidence", S), ("evidence_count", I16),
        ("conditions", S), ("notes", S)),
    "targets": _schema(
        _DOC, _KEY, ("agency", S), ("agency_raw", S), ("role", S), ("target_value", F64),
        ("target_unit", S), ("target_text", S), ("mission", S), _LINE, _PAGE),
    "rubrics": _schema(
        _DOC, _KEY, ("level", I8), ("criterion_percent", F64), ("criterion_text", S),
        ("method", S), ("score", F64), ("plan_steps", S), _LINE, _PAGE),
    "district_stats": _schema(
        _DOC, _KEY, ("seq", I16), ("district_group", S), ("district_group_raw", S),
        ("district", S), ("district_raw", S), ("small_communities", I32),
        ("small_households", I32), ("medium_communities", I32), ("medium_households", I32),
        _LINE, _PAGE),
    "quarterly_results": _schema(
        _DOC, _KEY, ("quarter", I8), ("result", F64), ("assessment", F64),
        ("score_pair", S), ("report", S), _LINE, _PAGE),
    "action_plans": _schema(
        _DOC, _KEY, ("step_no", I16), ("step", S), ("responsible", S),
        ("months", pa.list_(S)), ("responsible_agencies", pa.list_(S)), _LINE, _PAGE),
    # Performance agreements: the components (องค์ประกอบ) that group indicators and weights.
    "components": _schema(
        _DOC, ("component", S), ("name", S), ("n_indicators", I16), ("weight", F64),
        _LINE, _PAGE),
    # Strategy / policy alignment of an indicator, one row per level as printed
    # (ด้าน, มิติ, เป้าหมาย, เป้าประสงค์, นโยบาย, ยุทธศาสตร์, ยุทธศาสตร์ย่อย, ...).
    "alignments": _schema(
        _DOC, _KEY, ("level", S), ("number", S), ("text", S), _LINE, _PAGE),
    # Baseline data of an indicator by Buddhist Era year, as printed.
    "baselines": _schema(
        _DOC, _KEY, ("year_be", I16), ("value", F64), ("unit", S), ("value_text", S),
        _LINE, _PAGE),
    "definitions": _schema(_DOC, _KEY, ("term", S), ("meaning", S), _LINE, _PAGE),
    "selections": _schema(
        _DOC, _KEY, ("field", S), ("option", S), ("option_raw", S), ("checked", B),
        _LINE, _PAGE),
    "contacts": _schema(
        _DOC, _KEY, ("role", S), ("name", S), ("position", S), ("phone", S), ("unit", S),
        ("agency", S), _LINE, _PAGE, ("agency_raw", S)),
    "issues": _schema(
        _DOC, ("severity", S), ("code", S), ("message", S), _LINE, _PAGE, ("field", S)),
    # The audit trail: every repair the normalizer or a parser made to the text.
    "repairs": _schema(
        _DOC, _LINE, _PAGE, ("field", S), ("rule", S), ("original", S), ("replacement", S)),
}
