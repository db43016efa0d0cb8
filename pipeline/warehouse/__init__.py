"""Warehouse I/O: DDL generated from the pandera models, validated bulk writes."""
from pipeline.warehouse.ddl import create_tables, table_ddl
from pipeline.warehouse.validate import ValidationResult, validate_rows
from pipeline.warehouse.write import (
    WarehouseBusyError,
    connect,
    insert_rows,
    read_frame,
    rejected_rows_frame,
    replace_all,
    replace_where,
    transaction,
    write_validated,
)

__all__ = [
    "ValidationResult",
    "WarehouseBusyError",
    "connect",
    "create_tables",
    "insert_rows",
    "read_frame",
    "rejected_rows_frame",
    "replace_all",
    "replace_where",
    "transaction",
    "write_validated",
    "table_ddl",
    "validate_rows",
]
