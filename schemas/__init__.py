"""Output tables: their Arrow schemas (the contract) and the writer."""

from ._tables import TABLES
from ._write import SchemaError, to_arrow, write_tables

__all__ = ["TABLES", "SchemaError", "to_arrow", "write_tables"]
