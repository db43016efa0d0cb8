"""Warehouse I/O: DDL generated from the pandera models, validated bulk writes."""
from pipeline.warehouse.ddl import create_tables, table_ddl
from pipeline.warehouse.migrate import SchemaMismatchError
from pipeline.warehouse.validate import ValidationResult, validate_rows
from pipeline.warehouse.write import (
    NotAWarehouseError,
    WarehouseBusyError,
    connect,
    read_frame,
    rejected_rows_frame,
    transaction,
    write_validated,
)

__all__ = [
    "NotAWarehouseError",
    "SchemaMismatchError",
    "ValidationResult",
    "WarehouseBusyError",
    "connect",
    "create_tables",
    "read_frame",
    "rejected_rows_frame",
    "transaction",
    "write_validated",
    "table_ddl",
    "validate_rows",
]
