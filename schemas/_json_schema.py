"""The output tables as JSON Schema (draft 2020-12), generated from their Arrow schemas.

One schema for the whole output: an object with one array of rows per table, each row
described under `$defs/<table>`. A row as the Parquet or CSV files hold it has every
column, so every column is required; a nullable column also admits `null`. Integer
columns carry the range of their Arrow type, and every column its Arrow type in
`x-arrow-type`. A field or schema whose Arrow metadata has a `description` passes it on.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .. import PARSER_VERSION
from ._tables import SCHEMA_VERSION, TABLES

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of every output table (see the module's docstring)."""
    return {
        "$schema": DRAFT,
        "$id": f"urn:kr-extract:output:{SCHEMA_VERSION}",
        "title": "kr-extract output tables",
        "description": f"Schema version {SCHEMA_VERSION}, written by {PARSER_VERSION}. One "
                       "array of rows per table; each table is also NAME.parquet (and "
                       "NAME.csv) in the output folder. Columns may be added in later "
                       "versions, never renamed.",
        "type": "object",
        "properties": {name: {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
                       for name in TABLES},
        "$defs": {name: table_schema(name, schema) for name, schema in TABLES.items()},
    }


def table_schema(name: str, schema: pa.Schema) -> dict[str, Any]:
    """The JSON Schema of one row of a table."""
    out: dict[str, Any] = {"title": name, "type": "object"}
    description = _description(schema.metadata)
    if description:
        out["description"] = description
    out["properties"] = {field.name: column_schema(field) for field in schema}
    out["required"] = list(schema.names)
    return out


def column_schema(field: pa.Field) -> dict[str, Any]:
    out = _type_schema(field.type)
    if field.nullable:
        out["type"] = [out["type"], "null"]
    out["x-arrow-type"] = str(field.type)
    description = _description(field.metadata)
    if description:
        out["description"] = description
    return out


def _type_schema(kind: pa.DataType) -> dict[str, Any]:
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return {"type": "string"}
    if pa.types.is_boolean(kind):
        return {"type": "boolean"}
    if pa.types.is_integer(kind):
        bits = kind.bit_width
        if pa.types.is_signed_integer(kind):
            return {"type": "integer", "minimum": -(1 << (bits - 1)),
                    "maximum": (1 << (bits - 1)) - 1}
        return {"type": "integer", "minimum": 0, "maximum": (1 << bits) - 1}
    if pa.types.is_floating(kind):
        return {"type": "number"}
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        item = kind.value_field
        items = _type_schema(item.type)
        if item.nullable:
            items["type"] = [items["type"], "null"]
        return {"type": "array", "items": items}
    raise TypeError(f"no JSON Schema for the Arrow type {kind}")  # no table uses one yet


def _description(metadata: dict[bytes, bytes] | None) -> str | None:
    value = (metadata or {}).get(b"description")
    return value.decode() if value else None
