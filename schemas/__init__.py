"""Output tables: their Arrow schemas (the contract), the row check and the writer."""

from ._json_schema import json_schema
from ._tables import SCHEMA_VERSION, TABLES
from ._write import (
    FILE_METADATA,
    FORMATS,
    MANIFEST_NAME,
    PARSER_VERSION_KEY,
    SCHEMA_VERSION_KEY,
    Columns,
    FileRows,
    OutputBusyError,
    SchemaError,
    TableWriter,
    check_rows,
    lock_output,
    to_arrow,
    write_tables,
)

__all__ = [
    "FILE_METADATA",
    "FORMATS",
    "MANIFEST_NAME",
    "PARSER_VERSION_KEY",
    "SCHEMA_VERSION",
    "SCHEMA_VERSION_KEY",
    "TABLES",
    "Columns",
    "FileRows",
    "OutputBusyError",
    "SchemaError",
    "TableWriter",
    "check_rows",
    "json_schema",
    "lock_output",
    "to_arrow",
    "write_tables",
]
