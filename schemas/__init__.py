"""Output tables: their Arrow schemas (the contract), the row check and the writer."""

from ._tables import TABLES
from ._write import (
    MANIFEST_NAME,
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
    "MANIFEST_NAME",
    "TABLES",
    "Columns",
    "FileRows",
    "OutputBusyError",
    "SchemaError",
    "TableWriter",
    "check_rows",
    "lock_output",
    "to_arrow",
    "write_tables",
]
